/* SPDX-License-Identifier: GPL-3.0-or-later */
/* image-list-store.h: the queries behind the image list (core/models/image-list-model.h): which images a filter, a
 * file-name search and a sort order list, and in what order; how many each filter lists; the rows of a page;
 * which images are still to label. Nothing here writes. Each function runs on the connection it is given, so
 * the model can call the whole-project ones from a worker thread with a connection of its own.
 *
 * Orders, each ending in the image id so that equal keys keep import order:
 * - date: import order. Ids grow with every import (imported_at only ever grows with them), so this is the
 *   primary key's order and needs no sort: "all" reads the small status index, one ascending run of ids per
 *   status, and merges the runs; each other filter has an index that gives its ids in order.
 * - name: the file name, ignoring ASCII case, read in that order from the names index (images_name).
 * - status: new, labeled, skipped, rejected (the filter menu's order); the status index gives each group in
 *   id order, so nothing is sorted.
 * Descending is the same list reversed.
 *
 * The search matches file names containing the text, ignoring ASCII case; '%' and '_' in it are plain
 * characters. It scans the names index only (which holds each name's status and photo check too, for the
 * filters and counts) and sorts only what matched.
 *
 * At a million images every query here reads indexes alone (core/store/schema-list-indexes.sql), never the
 * rows, and the counts take one pass over small indexes; tests/bench/bench-project times them.
 */
#pragma once

#include "core/models/image-item.h"
#include "core/models/image-list-model.h"
#include "core/store/project.h"

G_BEGIN_DECLS

typedef struct {
  ShImageFilter filter;
  ShImageSort sort;
  gboolean descending;
  const char *search;              /* part of the file name; NULL or "" matches every image */
} ShImageListQuery;

/* The ids the query lists, in list order (gint64). */
GArray *sh_image_list_store_read_ids (ShProject *project, const ShImageListQuery *query, GError **error);

/* Images per filter among those whose name matches search (NULL: all), read in one transaction so the numbers
 * agree with each other. */
gboolean sh_image_list_store_count (ShProject *project, const char *search, guint counts[SH_IMAGE_N_FILTERS],
                                    GError **error);

/* Reads the rows of up to SH_IMAGE_LIST_PAGE_SIZE images into items[i] for ids[i] (a new reference); an id the
 * project does not have leaves items[i] as it was. */
gboolean sh_image_list_store_read_items (ShProject *project, const gint64 *ids, guint n, ShImageItem **items,
                                         GError **error);

/* Calls found with each image still to label (stored status new) after from_id in id order (before it when
 * ascending is FALSE), nearest first, until found returns TRUE. */
typedef gboolean (*ShImageListFoundFunc) (gint64 id, gpointer user_data);
void sh_image_list_store_walk_new (ShProject *project, gint64 from_id, gboolean ascending, ShImageListFoundFunc found,
                                   gpointer user_data);

/* The ids of every image still to label (stored status new), ascending. */
GArray *sh_image_list_store_read_new_ids (ShProject *project, GError **error);

/* Sets is_new[i] for ids[i] (n <= SH_IMAGE_LIST_PAGE_SIZE): whether its stored status is new (FALSE for all,
 * with a warning, when the project cannot be read). */
void sh_image_list_store_which_new (ShProject *project, const gint64 *ids, guint n, gboolean *is_new);

G_END_DECLS
