/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sh-project-window-parts.c: the pieces the labeling window puts together: the image list, the photo
 * prefetcher, the live swatch panel and the labeling timer. */
#define G_LOG_DOMAIN "shadelab-window"

#include "config.h"

#include <glib/gi18n.h>

#include "core/models/image-prefetch.h"
#include "core/models/labeling-timer.h"
#include "sh-product-bar.h"
#include "sh-project-window-private.h"
#include "sh-swatch-panel.h"
#include "widgets/sh-image-list.h"

/* How many photos ahead (and behind) are decoded before they are asked for. */
#define PREFETCH_AHEAD 2
#define PREFETCH_BEHIND 1

/* ---- image list ---- */

static void
sh_project_window_image_activated (ShProjectWindow *self,
                                   gint64           image_id,
                                   ShImageList     *list)
{
  _sh_project_window_go_to (self, image_id);
  gtk_widget_grab_focus (GTK_WIDGET (self->canvas));
}

/* One click on a row opens its photo and hands the keys to it (Space, the arrows, W); the arrow keys in the list
 * open photos too, and the focus stays in the list so they go on moving through it. */
static void
sh_project_window_image_selected (ShProjectWindow *self,
                                  gint64           image_id,
                                  ShImageList     *list)
{
  _sh_project_window_go_to (self, image_id);
  if (!gtk_window_get_focus_visible (GTK_WINDOW (self)))
    gtk_widget_grab_focus (GTK_WIDGET (self->canvas));
}

/* Escape in the search: back to the photo. */
static void
sh_project_window_search_finished (ShProjectWindow *self,
                                   ShImageList     *list)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->canvas));
}

void
_sh_project_window_list_select (ShProjectWindow *self, gint64 image_id)
{
  if (self->image_list != NULL)
    sh_image_list_select_id (SH_IMAGE_LIST (self->image_list), image_id);
}

/* Ctrl+F: the search entry above the list. */
void
_sh_project_window_list_focus_search (ShProjectWindow *self)
{
  if (self->image_list != NULL)
    sh_image_list_focus_search (SH_IMAGE_LIST (self->image_list));
}

/* ---- swatch panel ---- */

static void
sh_project_window_panel_swatch_ready (ShProjectWindow *self,
                                      gpointer         robust,
                                      gboolean         final,
                                      ShSwatchPanel   *panel)
{
  _sh_project_window_swatch_ready (self, robust, final);
}

static void
sh_project_window_panel_overlay_ready (ShProjectWindow *self,
                                       int x, int y, int width, int height,
                                       GBytes          *mask,
                                       ShSwatchPanel   *panel)
{
  _sh_project_window_overlay_ready (self, x, y, width, height, mask);
}

void
_sh_project_window_swatch_set_image (ShProjectWindow *self, ShSharedImage *image, ShDisplayTransform *transform,
                                     const char *catalog_hex)
{
  if (self->swatch_panel == NULL)
    return;
  sh_swatch_panel_set_display_transform (SH_SWATCH_PANEL (self->swatch_panel), transform);
  sh_swatch_panel_set_image (SH_SWATCH_PANEL (self->swatch_panel), image, catalog_hex);
}

void
_sh_project_window_swatch_show_box (ShProjectWindow *self, const ShBox *box, gboolean final)
{
  if (self->swatch_panel == NULL)
    return;
  if (box == NULL)
    sh_image_canvas_clear_overlay (self->canvas);
  sh_swatch_panel_show_box (SH_SWATCH_PANEL (self->swatch_panel), box, final);
}

void
_sh_project_window_swatch_set_show_overlay (ShProjectWindow *self, gboolean show)
{
  if (self->swatch_panel != NULL && sh_swatch_panel_get_show_overlay (SH_SWATCH_PANEL (self->swatch_panel)) != show)
    sh_swatch_panel_set_show_overlay (SH_SWATCH_PANEL (self->swatch_panel), show);
}

/* The panel has an overlay toggle of its own: the header button and the canvas follow it. */
static void
sh_project_window_panel_overlay_toggled (ShProjectWindow *self,
                                         GParamSpec      *pspec,
                                         ShSwatchPanel   *panel)
{
  gboolean show = sh_swatch_panel_get_show_overlay (panel);

  if (gtk_toggle_button_get_active (self->overlay_button) != show)
    gtk_toggle_button_set_active (self->overlay_button, show);
}

/* ---- labeling timer ---- */

void
_sh_project_window_timer_enter (ShProjectWindow *self, gint64 image_id)
{
  g_autoptr (GError) error = NULL;

  if (self->timer != NULL && !sh_labeling_timer_set_image (self->timer, image_id, &error))
    g_warning ("labeling time: %s", error->message);
}

/* Leaving the photo (another one is loading, or the project closes): its time is written now. */
void
_sh_project_window_timer_leave (ShProjectWindow *self)
{
  _sh_project_window_timer_enter (self, 0);
}

void
_sh_project_window_timer_activity (ShProjectWindow *self)
{
  if (self->timer != NULL)
    sh_labeling_timer_activity (self->timer);
}

/* ---- photos ---- */

typedef struct {
  ShProjectWindow *self;  /* weak */
  gint64 image_id;
  gboolean full;          /* the full decode, else the photo for the screen */
} LoadRequest;

static void
sh_project_window_prefetched (GObject      *source,
                              GAsyncResult *result,
                              gpointer      user_data)
{
  LoadRequest *request = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (ShSharedImage) image = NULL;

  if (request->full)
    image = sh_image_prefetch_get_finish (SH_IMAGE_PREFETCH (source), result, &error);
  else
    image = sh_image_prefetch_get_preview_finish (SH_IMAGE_PREFETCH (source), result, &error);
  if (request->self != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      if (request->full)
        _sh_project_window_full_image_loaded (request->self, request->image_id, image, error);
      else
        _sh_project_window_image_loaded (request->self, request->image_id, image, error);
    }
  g_clear_weak_pointer (&request->self);
  g_free (request);
}

static void
sh_project_window_request (ShProjectWindow *self, gint64 image_id, gboolean full)
{
  LoadRequest *request = g_new0 (LoadRequest, 1);

  g_set_weak_pointer (&request->self, self);
  request->image_id = image_id;
  request->full = full;
  if (full)
    sh_image_prefetch_get (self->prefetch, image_id, self->load_cancellable, sh_project_window_prefetched, request);
  else
    sh_image_prefetch_get_preview (self->prefetch, image_id, self->load_cancellable, sh_project_window_prefetched,
                                   request);
}

/* Previews are made for the canvas as it is now, in device pixels (before it has a size, for the window's),
 * and converted for the monitor, ready to show. */
static void
sh_project_window_update_view_size (ShProjectWindow *self)
{
  GtkWidget *canvas = GTK_WIDGET (self->canvas);
  int scale = gtk_widget_get_scale_factor (canvas);
  int width = gtk_widget_get_width (canvas), height = gtk_widget_get_height (canvas);

  if (width <= 0 || height <= 0)
    gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  if (width <= 0 || height <= 0)
    {
      width = 1600;
      height = 1000;
    }
  sh_image_prefetch_set_view_size (self->prefetch, width * scale, height * scale);
  sh_image_prefetch_set_display_profile (self->prefetch, _sh_project_window_get_monitor (self));
}

/* The photos on either side of image_id in the list, nearest first, so D and A find them decoded. */
static void
sh_project_window_hint_neighbours (ShProjectWindow *self, gint64 image_id)
{
  guint position = sh_image_list_model_get_position (self->images, image_id);
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->images));
  gint64 ids[PREFETCH_AHEAD + PREFETCH_BEHIND];
  gsize n_ids = 0;

  if (position == G_MAXUINT)
    return;
  for (guint i = 1; i <= PREFETCH_AHEAD && position + i < n_items; i++)
    ids[n_ids++] = sh_image_list_model_get_id (self->images, position + i);
  for (guint i = 1; i <= PREFETCH_BEHIND && position >= i; i++)
    ids[n_ids++] = sh_image_list_model_get_id (self->images, position - i);
  sh_image_prefetch_hint (self->prefetch, ids, n_ids);
}

void
_sh_project_window_request_image (ShProjectWindow *self, gint64 image_id, const char *path)
{
  /* The screen first; the full decode for the swatch and the history follows, then the neighbours. */
  sh_project_window_update_view_size (self);
  sh_project_window_request (self, image_id, FALSE);
  sh_project_window_request (self, image_id, TRUE);
  sh_project_window_hint_neighbours (self, image_id);
}

/* ---- settings ---- */

/* The preferences the parts use: the pixel limit for decoding and the method shown large. Called at set-up
 * and whenever one of them changes. */
void
_sh_project_window_apply_settings_to_parts (ShProjectWindow *self)
{
  ShLoadOptions load = { .pixel_limit = g_settings_get_uint64 (self->settings, "pixel-limit") };

  if (self->prefetch != NULL)
    sh_image_prefetch_set_load_options (self->prefetch, &load);
  if (self->swatch_panel != NULL)
    sh_swatch_panel_set_large_method (SH_SWATCH_PANEL (self->swatch_panel),
                                      (ShMethod) g_settings_get_enum (self->settings, "default-method"));
}

/* The monitor profile changed: thumbnails and swatches are converted to the new one. */
void
_sh_project_window_parts_set_monitor (ShProjectWindow *self, ShDisplayTransform *transform)
{
  if (self->image_list != NULL)
    sh_image_list_set_monitor_profile (SH_IMAGE_LIST (self->image_list), _sh_project_window_get_monitor (self));
  if (self->swatch_panel != NULL && transform != NULL)
    sh_swatch_panel_set_display_transform (SH_SWATCH_PANEL (self->swatch_panel), transform);
}

/* ---- set-up ---- */

void
_sh_project_window_setup_parts (ShProjectWindow *self)
{
  GtkWidget *list = sh_image_list_new ();
  GtkWidget *panel = sh_swatch_panel_new ();

  self->prefetch = sh_image_prefetch_new (self->reader, 0);
  /* Time is written with the edits, so a read-only project records none. */
  if (!self->read_only)
    self->timer = sh_labeling_timer_new (self->project, self->labeler);

  sh_image_list_set_model (SH_IMAGE_LIST (list), self->images);
  g_signal_connect_object (list, "image-activated", G_CALLBACK (sh_project_window_image_activated), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (list, "image-selected", G_CALLBACK (sh_project_window_image_selected), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (list, "search-finished", G_CALLBACK (sh_project_window_search_finished), self,
                           G_CONNECT_SWAPPED);
  self->image_list = list;
  adw_bin_set_child (self->list_bin, list);

  g_signal_connect_object (panel, "swatch-ready", G_CALLBACK (sh_project_window_panel_swatch_ready), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (panel, "overlay-ready", G_CALLBACK (sh_project_window_panel_overlay_ready), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (panel, "notify::show-overlay", G_CALLBACK (sh_project_window_panel_overlay_toggled),
                           self, G_CONNECT_SWAPPED);
  sh_swatch_panel_set_show_overlay (SH_SWATCH_PANEL (panel), gtk_toggle_button_get_active (self->overlay_button));
  self->swatch_panel = panel;
  /* The photo's product under the panel (after it: F6 and Tab reach the panel first). */
  {
    GtkWidget *side = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

    gtk_widget_set_vexpand (panel, TRUE);
    self->product_bar = sh_product_bar_new ();
    gtk_box_append (GTK_BOX (side), panel);
    gtk_box_append (GTK_BOX (side), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));
    gtk_box_append (GTK_BOX (side), self->product_bar);
    adw_bin_set_child (self->swatch_bin, side);
  }
  _sh_project_window_apply_settings_to_parts (self);
  _sh_project_window_parts_set_monitor (self, NULL);
}

/* Called with the photo's time already written (timer_leave). */
void
_sh_project_window_teardown_parts (ShProjectWindow *self)
{
  adw_bin_set_child (self->list_bin, NULL);
  adw_bin_set_child (self->swatch_bin, NULL);
  self->image_list = NULL;
  self->swatch_panel = NULL;
  self->product_bar = NULL;
  g_clear_pointer (&self->timer, sh_labeling_timer_free);
  g_clear_object (&self->prefetch);
}
