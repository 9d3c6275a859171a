/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sh-project-window-private.h: the window's state, shared by sh-project-window.c (labeling),
 * sh-project-window-actions.c (its actions and keys), sh-project-window-parts.c (the image list, photo
 * loading, swatch panel and timer) and sh-project-window-files.c (projects, imports, drops and the reject
 * dialog). */
#pragma once

#include "color/display.h"
#include "core/models/edit-history.h"
#include "core/models/image-list-model.h"
#include "core/models/image-prefetch.h"
#include "core/formats/shared-image.h"
#include "sh-project-window.h"

G_BEGIN_DECLS

struct _ShProjectWindow
{
  AdwApplicationWindow parent_instance;

  /* Template widgets (owned by the template) */
  AdwWindowTitle *window_title;
  GtkProgressBar *import_progress;
  GtkWidget *undo_button;
  GtkWidget *redo_button;
  GtkMenuButton *class_button;
  GtkLabel *class_key_label;
  GtkLabel *class_name_label;
  GtkToggleButton *overlay_button;
  GtkRevealer *read_only_revealer;
  GtkRevealer *write_failed_revealer;
  GtkLabel *write_failed_label;
  AdwToastOverlay *toast_overlay;
  GtkStack *main_stack;
  AdwStatusPage *no_project_page;
  AdwBin *list_bin;
  GtkStack *canvas_stack;
  ShImageCanvas *canvas;
  AdwStatusPage *unreadable_page;
  AdwBin *swatch_bin;

  /* The project: edits go through history on project; the window's own reads (boxes, classes, photo
   * paths) use reader, a second read-only connection, so they never share a connection with an import
   * running on a worker thread. Everything below is owned unless marked borrowed. */
  ShProject *project;
  ShProject *reader;
  char *path;
  char *name;
  gboolean read_only;
  gint64 n_project_images;
  ShEditHistory *history;
  ShImageListModel *images;
  char *labeler;           /* the labeler-name setting when the project was opened */
  GSettings *settings;     /* org.shadelab.Shadelab: display profile, pixel limit, method, labeler, size */

  /* Parts (sh-project-window-parts.c) */
  GtkWidget *image_list;     /* borrowed: list_bin's child */
  GtkWidget *swatch_panel;   /* borrowed: in swatch_bin */
  ShImagePrefetch *prefetch;
  struct _ShLabelingTimer *timer;

  /* The photo the window is on, and the one the canvas shows (they differ while it loads). */
  gint64 current_image_id;
  gint64 shown_image_id;
  ShSharedImage *shown_photo;  /* the decoded photo the canvas shows: the history measures its boxes in it */
  ShSharedImage *current_full; /* current_image_id decoded in full, once it is (the canvas may show a preview) */
  ShDisplayTransform *shown_transform;  /* the shown photo's colours to the monitor's */
  int detail_wanted[5];        /* x, y, width, height, step the canvas asked for before the full decode came */
  char *current_photo_name;  /* the file name of current_image_id, for the canvas's accessible label */
  char *current_path;        /* its file, for the part of it a zoomed-in view needs before the full decode */
  char *current_catalog_color;
  gboolean unreadable;
  guint show_first_source;
  GCancellable *load_cancellable;
  ShDisplayProfile *monitor;

  GPtrArray *classes;      /* box class names, in id order: number key n picks class n - 1 */
  int current_class;
  GtkCssProvider *class_css;
  GArray *boxes;           /* ShBoxRow of the shown photo, as stored */
  gint64 selected_box_id;
  gint64 swatch_box_id;    /* the stored box the swatch panel measures, 0 while a drag is in progress */
  gint64 last_changed_image;

  /* Import (sh-project-window-files.c) */
  gboolean importing;
  struct _ShImportJob *import_job;   /* borrowed: its task's data */
  GCancellable *import_cancellable;
  guint import_progress_source;
  GtkFileChooserNative *chooser;

  /* Products, catalogue, export (sh-project-window-products.c) */
  GtkWidget *product_bar;      /* borrowed: in swatch_bin, under the swatch panel */
  gint64 current_product_id;   /* the product of current_image_id, 0 for none */
  struct _ShCatalogJob *catalog_job;   /* borrowed: its task's data */

  char *last_geometry;
};

void _sh_project_window_toast (ShProjectWindow *self, const char *message);
/* A change the store refused: the banner says that it was not saved and what to do. */
void _sh_project_window_save_failed (ShProjectWindow *self, const GError *error);
gboolean _sh_project_window_can_edit (ShProjectWindow *self);
void _sh_project_window_update_actions (ShProjectWindow *self);
void _sh_project_window_update_page (ShProjectWindow *self);
void _sh_project_window_reload_boxes (ShProjectWindow *self);
ShDisplayProfile *_sh_project_window_get_monitor (ShProjectWindow *self);
void _sh_project_window_go_to (ShProjectWindow *self, gint64 image_id);
/* Sets the shown photo's status and moves on to the next photo still to label. */
void _sh_project_window_finish_image (ShProjectWindow *self, ShImageStatus status, const char *reason);
void _sh_project_window_image_loaded (ShProjectWindow *self, gint64 image_id, ShSharedImage *image,
                                      const GError *error);
void _sh_project_window_full_image_loaded (ShProjectWindow *self, gint64 image_id, ShSharedImage *image,
                                           const GError *error);
void _sh_project_window_swatch_ready (ShProjectWindow *self, const ShSwatch *robust, gboolean final);
void _sh_project_window_overlay_ready (ShProjectWindow *self, int x, int y, int w, int h, GBytes *mask);

/* Helpers of sh-project-window.c that the actions use. */
void _sh_project_window_edit_failed (ShProjectWindow *self, const GError *error);
ShBoxRow *_sh_project_window_find_box (ShProjectWindow *self, gint64 id);
ShBox _sh_box_from_doubles (double x, double y, double w, double h);
void _sh_project_window_update_class_button (ShProjectWindow *self);
void _sh_project_window_show_swatch_for (ShProjectWindow *self, gint64 box_id);
void _sh_project_window_select_box (ShProjectWindow *self, gint64 box_id);
void _sh_project_window_close_project (ShProjectWindow *self);

/* sh-project-window-actions.c: installs the window's own "win." actions and their keys. */
void _sh_project_window_class_actions_init (GtkWidgetClass *widget_class);

/* sh-project-window-parts.c */
void _sh_project_window_setup_parts (ShProjectWindow *self);
void _sh_project_window_teardown_parts (ShProjectWindow *self);
void _sh_project_window_request_image (ShProjectWindow *self, gint64 image_id, const char *path);
void _sh_project_window_list_select (ShProjectWindow *self, gint64 image_id);
void _sh_project_window_list_focus_search (ShProjectWindow *self);
void _sh_project_window_swatch_set_image (ShProjectWindow *self, ShSharedImage *image,
                                          ShDisplayTransform *transform, const char *catalog_hex);
void _sh_project_window_swatch_show_box (ShProjectWindow *self, const ShBox *box, gboolean final);
void _sh_project_window_swatch_set_show_overlay (ShProjectWindow *self, gboolean show);
void _sh_project_window_apply_settings_to_parts (ShProjectWindow *self);
void _sh_project_window_parts_set_monitor (ShProjectWindow *self, ShDisplayTransform *transform);
void _sh_project_window_timer_enter (ShProjectWindow *self, gint64 image_id);
void _sh_project_window_timer_leave (ShProjectWindow *self);
void _sh_project_window_timer_activity (ShProjectWindow *self);

/* sh-project-window-done.c: done (Space) on a photo with n model boxes nobody accepted asks first. */
void _sh_project_window_ask_done (ShProjectWindow *self, guint n_unaccepted);

/* sh-project-window-files.c */
void _sh_project_window_install_file_actions (GtkWidgetClass *widget_class);
void _sh_project_window_bind_file_keys (GtkWidgetClass *widget_class);
void _sh_project_window_init_file_handling (ShProjectWindow *self);
gboolean _sh_project_window_detach_import (ShProjectWindow *self);
void _sh_project_window_show_reject_dialog (ShProjectWindow *self);

/* sh-project-window-products.c */
void _sh_project_window_install_product_actions (GtkWidgetClass *widget_class);
void _sh_project_window_bind_product_keys (GtkWidgetClass *widget_class);
void _sh_project_window_update_product (ShProjectWindow *self);
void _sh_project_window_update_product_actions (ShProjectWindow *self);
/* Ctrl+K: the calibration window on the photo's product (or its empty state). */
void _sh_project_window_calibrate (ShProjectWindow *self);
gboolean _sh_project_window_detach_catalog_import (ShProjectWindow *self);

G_END_DECLS
