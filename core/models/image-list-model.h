/* SPDX-License-Identifier: GPL-3.0-or-later */
/* image-list-model.h: the images of a project as a GListModel of ShImageItem, fast at a million images.
 *
 * Order: import order (image id) unless a sort says otherwise (by file name, by status, or reversed; see
 * core/store/image-list-store.h). In import order the position of an id is a binary search, a page of rows is one
 * indexed query, and an import appends at the end without moving what the user looks at. In another order
 * the model also keeps the ids sorted with their positions (16 more bytes an image) for the same lookup.
 *
 * A file-name search narrows the list as the filter does, and the counts per filter are of the images it
 * matches. Filter, search and sort are applied in the store's SQL, never by reading every row.
 *
 * Memory holds only the ordered ids of the current filter (8 bytes an image). Items are loaded on demand
 * in pages of SH_IMAGE_LIST_PAGE_SIZE rows through the model's own read-only connection to the project
 * file (a WAL reader never blocks the writer), and the most recently used pages are kept.
 *
 * Queries that walk the whole project (the ids of a filter other than "all", the counts) run on a worker
 * thread with a connection of its own; the model keeps showing the previous list until the new one is
 * there, then announces the swap with one items-changed. Everything else is called on the thread that
 * made the model.
 *
 * After an edit, sh_image_list_model_refresh_item re-reads that one image and emits items-changed
 * (position, 1, 1). The row stays where it is even when it no longer matches the filter (labeling the
 * images of "new" one after the other must not make the list jump); the filter is applied again by
 * sh_image_list_model_set_filter or sh_image_list_model_reload.
 */
#pragma once

#include <gio/gio.h>

#include "core/models/image-item.h"
#include "core/store/project.h"

G_BEGIN_DECLS

/* A page is what a jump of the scrollbar reads before its frame: a screenful and a little more, so that the
 * frame is not held up by rows nobody sees (at a million images each row costs a few index lookups). */
#define SH_IMAGE_LIST_PAGE_SIZE 64
/* Pages kept in memory (items the list view still holds stay alive through their own references). */
#define SH_IMAGE_LIST_CACHED_PAGES 256
/* With read-ahead, the pages on each side of a page the list asks for that the worker reads too. */
#define SH_IMAGE_LIST_READ_AHEAD_PAGES 3

typedef enum {
  SH_IMAGE_FILTER_ALL,
  SH_IMAGE_FILTER_NEW,
  SH_IMAGE_FILTER_LABELED,
  SH_IMAGE_FILTER_SKIPPED,
  SH_IMAGE_FILTER_REJECTED,
  SH_IMAGE_FILTER_MODEL,           /* has boxes from a model (pre-annotations) */
  SH_IMAGE_FILTER_CHECK_FAILED,    /* failed the photo-standards check */
  SH_IMAGE_FILTER_NEEDS_PERSON,    /* new, with no human or accepted box or a model box nobody accepted */
  SH_IMAGE_N_FILTERS
} ShImageFilter;

typedef enum {
  SH_IMAGE_SORT_DATE,              /* import order: ids grow with the import time */
  SH_IMAGE_SORT_NAME,              /* file name, ignoring ASCII case */
  SH_IMAGE_SORT_STATUS,            /* new, labeled, skipped, rejected; import order within each */
  SH_IMAGE_N_SORTS
} ShImageSort;

#define SH_TYPE_IMAGE_FILTER (sh_image_filter_get_type ())
GType sh_image_filter_get_type (void) G_GNUC_CONST;
/* "all", "new", "labeled", "skipped", "rejected", "model", "check-failed", "needs-person". */
const char *sh_image_filter_get_name (ShImageFilter filter);

#define SH_TYPE_IMAGE_SORT (sh_image_sort_get_type ())
GType sh_image_sort_get_type (void) G_GNUC_CONST;
/* "date", "name", "status". */
const char *sh_image_sort_get_name (ShImageSort sort);
gboolean sh_image_sort_from_name (const char *name, ShImageSort *sort);

#define SH_TYPE_IMAGE_LIST_MODEL (sh_image_list_model_get_type ())
G_DECLARE_FINAL_TYPE (ShImageListModel, sh_image_list_model, SH, IMAGE_LIST_MODEL, GObject)

/* Opens a read-only connection to project's file and loads the ids of all images (milliseconds at a million
 * images when their ids have no gaps, as the store gives them; a fifth of a second when it must read them). The counts follow from a worker ("counts-changed"). project must be a file on disk; the
 * model does not keep it. */
ShImageListModel *sh_image_list_model_new (ShProject *project, GError **error);

ShImageFilter sh_image_list_model_get_filter (ShImageListModel *self);
/* Starts loading the filter's ids in the background; "loading" is TRUE until the list shows them. */
void sh_image_list_model_set_filter (ShImageListModel *self, ShImageFilter filter);
ShImageSort sh_image_list_model_get_sort (ShImageListModel *self);
gboolean sh_image_list_model_get_sort_descending (ShImageListModel *self);
/* Starts loading the list in the new order in the background, like a filter. */
void sh_image_list_model_set_sort (ShImageListModel *self, ShImageSort sort, gboolean descending);
/* The part of the file name searched for ("" for none). */
const char *sh_image_list_model_get_search (ShImageListModel *self);
/* Lists only images whose file name contains text (ignoring ASCII case; NULL or "" lists all), in the
 * background like a filter, and counts the filters again for it. */
void sh_image_list_model_set_search (ShImageListModel *self, const char *text);

/* Reads the ids of the current filter again (after an import). When the old list is the start of the new one
 * (an import appended images) only the added rows are announced. */
void sh_image_list_model_reload (ShImageListModel *self);
gboolean sh_image_list_model_get_loading (ShImageListModel *self);

/* Re-reads one image after an edit (status, boxes, product) and announces it; recounts in the background.
 * Does nothing for an image that is not in the list. */
void sh_image_list_model_refresh_item (ShImageListModel *self, gint64 id);

/* Position of an image in the list, or G_MAXUINT. */
guint sh_image_list_model_get_position (ShImageListModel *self, gint64 id);
/* Id at a position without loading the item, or 0 past the end. */
gint64 sh_image_list_model_get_id (ShImageListModel *self, guint position);
/* The nearest image after (forward) or before position in list order whose stored status is new, or G_MAXUINT
 * when there is none. position G_MAXUINT searches from the start (forward) or the end (backward), to wrap
 * around. */
guint sh_image_list_model_find_unlabeled (ShImageListModel *self, guint position, gboolean forward);

/* Images per filter (among those the search matches) as of the last count; FALSE (counts zeroed) until the
 * first count has finished. */
gboolean sh_image_list_model_get_counts (ShImageListModel *self, guint counts[SH_IMAGE_N_FILTERS]);

/* With read_ahead, the model never reads rows on the calling thread: a page not in memory is read by a worker
 * with a read-only connection of its own, and until it is there g_list_model_get_item gives placeholders
 * (sh_image_item_is_placeholder) with the right ids; when it arrives the page's rows are announced with one
 * items-changed (first, n, n). Each page asked for makes the worker read the pages around it too, so that
 * scrolling finds them in memory. Without it (the default) every item is read before get_item returns. */
void sh_image_list_model_set_read_ahead (ShImageListModel *self, gboolean read_ahead);

/* Keeps get_item reading its page on the calling thread, but has the worker read the pages around each page
 * asked for, so that scrolling a little at a time finds them in memory (no placeholders, no extra changes).
 * Set by the list view: with placeholders a scrollbar jump costs a second frame of rebinding rows, more than the
 * page it saves. */
void sh_image_list_model_set_prefetch (ShImageListModel *self);

/* What the model did, for benchmarks and tests: pages read and the time spent reading them. */
void sh_image_list_model_get_page_stats (ShImageListModel *self, guint *pages_loaded, double *seconds);

G_END_DECLS
