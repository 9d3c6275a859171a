/* sh-image-list.h: the project's images as a virtualised list with a filter menu.
 *
 * A GtkListView over an ShImageListModel: each row shows the thumbnail (a placeholder until the thumbnail
 * cache has made it), the file name, the status (new / labeled / skipped / rejected, the reason in the
 * tooltip), the box count, a "model" badge for pre-annotated images and a warning for a failed photo check.
 * Only the rows on screen exist, so 100,000 images scroll like 100.
 *
 * Thumbnails are sRGB; with a monitor profile set they are converted to it before they are shown.
 *
 * Activating a row (click, Enter) emits image-activated; the window shows that image and calls
 * sh_image_list_select_id when it moves to an image by itself (next, previous), which selects and scrolls
 * without emitting anything.
 */
#pragma once

#include <gtk/gtk.h>

#include "color/display.h"
#include "core/image-list-model.h"
#include "core/thumbnail-cache.h"

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

/* The parts, for tests and for the window's keyboard handling. */
GtkListView *sh_image_list_get_list_view (ShImageList *self);
GtkScrolledWindow *sh_image_list_get_scrolled_window (ShImageList *self);
GtkDropDown *sh_image_list_get_filter_drop_down (ShImageList *self);

G_END_DECLS
