/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sh-image-list.h: the project's images as a virtualised list with a file-name search, a filter menu and a
 * sort menu.
 *
 * A GtkListView over an ShImageListModel: each row shows the thumbnail (a placeholder until the thumbnail
 * cache has made it; transparent parts over a checkerboard), the file name, the status (new / labeled /
 * skipped / rejected, the reason in the tooltip), the box count, a "model" badge while the image has model
 * boxes nobody accepted yet and a warning for a failed photo check whose tooltip says which standards it
 * misses. Only the rows on screen exist, so 100,000 images scroll like 100.
 *
 * Above the list: the search entry (the model's search, as the user types; Escape clears it and emits
 * search-finished, Return activates the first photo found), the filter menu with its counts, and the sort
 * menu (action "imagelist.sort": "date", "name", "status", each also with "-descending").
 *
 * Thumbnails are sRGB; with a monitor profile set they are converted to it before they are shown.
 *
 * Selecting a row (a click, the arrow keys) emits image-selected; activating it (double click, Enter) emits
 * image-activated. The window shows that image and calls sh_image_list_select_id when it moves to an image by
 * itself (next, previous), which selects and scrolls without emitting anything.
 */
#pragma once

#include <gtk/gtk.h>

#include "color/display.h"
#include "core/models/image-list-model.h"
#include "core/models/thumbnail-cache.h"

G_BEGIN_DECLS

#define SH_TYPE_IMAGE_LIST (sh_image_list_get_type ())
G_DECLARE_FINAL_TYPE (ShImageList, sh_image_list, SH, IMAGE_LIST, GtkWidget)

GtkWidget *sh_image_list_new (void);

void sh_image_list_set_model (ShImageList *self, ShImageListModel *model);
ShImageListModel *sh_image_list_get_model (ShImageList *self);
/* The cache thumbnails come from; without one the list makes the user's cache on first use. */
void sh_image_list_set_thumbnail_cache (ShImageList *self, ShThumbnailCache *cache);
/* The monitor the list is shown on; NULL means sRGB. */
void sh_image_list_set_monitor_profile (ShImageList *self, ShDisplayProfile *monitor);

/* Selects the image and scrolls it into view; FALSE when the current filter does not list it. */
gboolean sh_image_list_select_id (ShImageList *self, gint64 id);
/* The selected image, or 0. */
gint64 sh_image_list_get_selected_id (ShImageList *self);

/* Ctrl+F: the keyboard focus to the search entry, its text selected. */
void sh_image_list_focus_search (ShImageList *self);

/* The parts, for tests and for the window's keyboard handling. */
GtkListView *sh_image_list_get_list_view (ShImageList *self);
GtkScrolledWindow *sh_image_list_get_scrolled_window (ShImageList *self);
GtkDropDown *sh_image_list_get_filter_drop_down (ShImageList *self);
GtkSearchEntry *sh_image_list_get_search_entry (ShImageList *self);
GtkMenuButton *sh_image_list_get_sort_button (ShImageList *self);

G_END_DECLS
