/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sh-project-window.c: the labeling window (see sh-project-window.h). Photos are decoded and converted
 * to the monitor's colours off the main thread (sh-render-job.c); the canvas shows a photo together with its
 * stored boxes, and every change the user makes on it goes to the store through the edit history first. Its
 * actions and keys are in sh-project-window-actions.c. */
#define G_LOG_DOMAIN "shadelab-window"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "color/display.h"
#include "core/models/edit-history.h"
#include "core/models/image-list-model.h"
#include "core/formats/import.h"
#include "core/formats/shared-image.h"
#include "labeling-store.h"
#include "monitor-profile.h"
#include "sh-calibration-window.h"
#include "sh-project-window-private.h"
#include "sh-render-job.h"
#include "shadelab-application.h"
#include "user-text.h"
#include "widgets/a11y-util.h"

G_DEFINE_FINAL_TYPE (ShProjectWindow, sh_project_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_PATH,
  PROP_CURRENT_IMAGE,
  PROP_SHOWN_IMAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

ShProjectWindow *
sh_project_window_new (GtkApplication *application)
{
  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);

  return g_object_new (SH_TYPE_PROJECT_WINDOW, "application", application, NULL);
}

/* ---- small helpers ---- */

void
_sh_project_window_toast (ShProjectWindow *self, const char *message)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_timeout (toast, 6);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* A failure as a toast: what failed, translated, then the store's own (technical, untranslated) reason. */
static void
sh_project_window_toast_error (ShProjectWindow *self, const char *what_failed, const GError *error)
{
  /* Translators: a failure shown in a toast: what failed, then the technical reason, which stays in English. */
  g_autofree char *message = g_strdup_printf (_("%s: %s"), what_failed, error->message);

  _sh_project_window_toast (self, message);
}

/* Every change the store refuses reaches the labeler as a banner that stays: the change was not saved, why,
 * and what to do. It goes when a later change is saved or the project is reopened. */
void
_sh_project_window_save_failed (ShProjectWindow *self, const GError *error)
{
  g_autofree char *message = NULL;
  const char *what_to_do;

  g_warning ("change not saved: %s", error->message);
  if (g_error_matches (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_LOST))
    what_to_do = _("Shadelab can no longer save to this project safely. Reopen the project to go on.");
  else if (g_error_matches (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_FULL))
    what_to_do = _("The disk is full. Free some space, then make the change again.");
  else if (g_error_matches (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_READ_ONLY))
    what_to_do = _("The project cannot be written. Check the file’s permissions, then reopen the project.");
  else
    what_to_do = _("Try the change again; if it fails again, reopen the project.");
  /* Translators: the banner shown when saving failed: what to do, then the technical reason (in English). */
  message = g_strdup_printf (_("Your last change was not saved. %s\n%s"), what_to_do, error->message);
  gtk_label_set_text (self->write_failed_label, message);
  gtk_revealer_set_reveal_child (self->write_failed_revealer, TRUE);
}

/* A refused edit: the banner, and the canvas back to what is stored. */
void
_sh_project_window_edit_failed (ShProjectWindow *self, const GError *error)
{
  _sh_project_window_save_failed (self, error);
  _sh_project_window_reload_boxes (self);
}

static int
sh_project_window_class_index (ShProjectWindow *self, const char *class_name)
{
  for (guint i = 0; self->classes != NULL && i < self->classes->len; i++)
    {
      if (g_strcmp0 (g_ptr_array_index (self->classes, i), class_name) == 0)
        return (int) i;
    }
  return 0;
}

static const char *
sh_project_window_class_name (ShProjectWindow *self, int index)
{
  if (self->classes == NULL || index < 0 || (guint) index >= self->classes->len)
    return "product";
  return g_ptr_array_index (self->classes, index);
}

ShBoxRow *
_sh_project_window_find_box (ShProjectWindow *self, gint64 id)
{
  for (guint i = 0; id != 0 && self->boxes != NULL && i < self->boxes->len; i++)
    {
      ShBoxRow *row = &g_array_index (self->boxes, ShBoxRow, i);

      if (row->id == id)
        return row;
    }
  return NULL;
}

ShBox
_sh_box_from_doubles (double x, double y, double w, double h)
{
  return (ShBox) { (int) floor (x + 0.5), (int) floor (y + 0.5), (int) floor (w + 0.5), (int) floor (h + 0.5) };
}

gboolean
_sh_project_window_can_edit (ShProjectWindow *self)
{
  return self->history != NULL && !self->read_only && !self->importing && self->shown_image_id != 0
         && self->shown_image_id == self->current_image_id;
}

/* ---- the geometry print for end-to-end tests (SHADELAB_DEBUG_GEOMETRY=1) ---- */

/* Where image pixel (0, 0) lies in the window's surface, and the zoom: with these a test driving the
 * pointer knows which image pixel is under it. */
static gboolean
sh_project_window_print_geometry (GtkWidget     *widget,
                                  GdkFrameClock *frame_clock,
                                  gpointer       user_data)
{
  ShProjectWindow *self = SH_PROJECT_WINDOW (user_data);
  GtkNative *native = gtk_widget_get_native (widget);
  double origin_x = 0, origin_y = 0, surface_x = 0, surface_y = 0, zoom;
  graphene_point_t point, native_point;
  g_autofree char *line = NULL;

  if (native == NULL || self->shown_image_id == 0 || !gtk_widget_get_mapped (widget))
    return G_SOURCE_CONTINUE;
  zoom = sh_image_canvas_get_zoom (self->canvas);
  sh_image_canvas_image_to_widget (self->canvas, 0, 0, &origin_x, &origin_y);
  graphene_point_init (&point, origin_x, origin_y);
  if (!gtk_widget_compute_point (widget, GTK_WIDGET (native), &point, &native_point))
    return G_SOURCE_CONTINUE;
  gtk_native_get_surface_transform (native, &surface_x, &surface_y);
  line = g_strdup_printf ("SHADELAB_GEOMETRY image=%" G_GINT64_FORMAT " size=%dx%d zoom=%.6f origin=%.3f,%.3f "
                          "canvas=%dx%d",
                          self->shown_image_id, sh_image_canvas_get_image_width (self->canvas),
                          sh_image_canvas_get_image_height (self->canvas), zoom, native_point.x + surface_x,
                          native_point.y + surface_y, gtk_widget_get_width (widget),
                          gtk_widget_get_height (widget));
  if (g_strcmp0 (line, self->last_geometry) != 0)
    {
      g_printerr ("%s\n", line);
      g_free (self->last_geometry);
      self->last_geometry = g_steal_pointer (&line);
    }
  return G_SOURCE_CONTINUE;
}

/* ---- the first frame's time for benchmarks (SHADELAB_DEBUG_FIRST_FRAME=1) ---- */

/* Milliseconds since the process started (the kernel's start time, in clock ticks since boot), or -1. */
static double
sh_project_window_process_age_ms (void)
{
  g_autofree char *stat = NULL;
  const char *after_name;
  struct timespec now;
  unsigned long long start_ticks = 0;
  int field = 2;

  if (!g_file_get_contents ("/proc/self/stat", &stat, NULL, NULL) || (after_name = strrchr (stat, ')')) == NULL
      || clock_gettime (CLOCK_BOOTTIME, &now) != 0)
    return -1;
  /* Field 22 is the start time; the name (field 2) may hold spaces, so count from its end. */
  for (const char *c = after_name + 1; *c != '\0'; c++)
    if (*c == ' ' && ++field == 22)
      {
        start_ticks = g_ascii_strtoull (c + 1, NULL, 10);
        break;
      }
  if (start_ticks == 0)
    return -1;
  return (now.tv_sec + now.tv_nsec / 1e9 - (double) start_ticks / sysconf (_SC_CLK_TCK)) * 1000.0;
}

/* Printed once, after the first frame that shows a project: what a user waits for when opening one. */
static void
sh_project_window_first_frame_cb (GdkFrameClock *clock,
                                  gpointer       user_data)
{
  ShProjectWindow *self = SH_PROJECT_WINDOW (user_data);

  if (self->images == NULL)
    return;
  g_signal_handlers_disconnect_by_func (clock, sh_project_window_first_frame_cb, self);
  g_printerr ("SHADELAB_FIRST_FRAME ms=%.0f images=%u\n", sh_project_window_process_age_ms (),
              g_list_model_get_n_items (G_LIST_MODEL (self->images)));
}

static void
sh_project_window_realized_cb (GtkWidget *widget,
                               gpointer   user_data)
{
  g_signal_connect_object (gtk_widget_get_frame_clock (widget), "after-paint",
                           G_CALLBACK (sh_project_window_first_frame_cb), widget, 0);
}

/* ---- title, actions, empty states ---- */

static void
sh_project_window_update_title (ShProjectWindow *self)
{
  g_autofree char *subtitle = NULL;
  g_autofree char *window_title = NULL;
  guint n_items = self->images != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->images)) : 0;
  guint position = G_MAXUINT;

  if (self->project == NULL)
    {
      gtk_window_set_title (GTK_WINDOW (self), _("Shadelab"));
      adw_window_title_set_title (self->window_title, _("Shadelab"));
      adw_window_title_set_subtitle (self->window_title, "");
      return;
    }

  if (self->current_image_id != 0)
    position = sh_image_list_model_get_position (self->images, self->current_image_id);
  if (position != G_MAXUINT)
    /* Translators: the photo's position in the list and the list's length, "12 / 240" */
    subtitle = g_strdup_printf (_("%u / %u"), position + 1, n_items);
  else if (n_items > 0)
    subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u photo", "%u photos", n_items), n_items);

  /* Translators: the window title, "project name – Shadelab" */
  window_title = g_strdup_printf (_("%s – Shadelab"), self->name);
  gtk_window_set_title (GTK_WINDOW (self), window_title);
  adw_window_title_set_title (self->window_title, self->name);
  adw_window_title_set_subtitle (self->window_title, subtitle != NULL ? subtitle : "");
}

void
_sh_project_window_update_actions (ShProjectWindow *self)
{
  static const char *const edit_actions[] = {
    "new-box", "set-class", "mark-done", "skip-image", "reject-image", "reject-with-reason",
  };
  static const char *const box_actions[] = { "delete-box", "duplicate-box", "toggle-occluded" };
  gboolean has_project = self->project != NULL;
  gboolean can_edit = _sh_project_window_can_edit (self);
  gboolean has_selection = can_edit && _sh_project_window_find_box (self, self->selected_box_id) != NULL;
  gboolean has_model_box = FALSE;
  gboolean busy = self->importing;
  guint n_items = self->images != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->images)) : 0;

  for (guint i = 0; self->boxes != NULL && i < self->boxes->len; i++)
    {
      const ShBoxRow *row = &g_array_index (self->boxes, ShBoxRow, i);

      if (row->source == SH_BOX_SOURCE_MODEL && !row->accepted
          && (self->selected_box_id == 0 || self->selected_box_id == row->id))
        has_model_box = TRUE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (edit_actions); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), edit_actions[i], can_edit);
  for (guint i = 0; i < G_N_ELEMENTS (box_actions); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), box_actions[i], has_selection);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "accept-model", can_edit && has_model_box);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "undo",
                                 self->history != NULL && !busy && !self->read_only
                                 && sh_edit_history_can_undo (self->history));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "redo",
                                 self->history != NULL && !busy && !self->read_only
                                 && sh_edit_history_can_redo (self->history));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "next-image", n_items > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "previous-image", n_items > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "filter", has_project);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import-photos", has_project && !self->read_only && !busy);
  _sh_project_window_update_product_actions (self);

  if (self->history != NULL)
    {
      const char *undo_label = sh_edit_history_get_undo_label (self->history);
      const char *redo_label = sh_edit_history_get_redo_label (self->history);
      g_autofree char *undo_tip = g_strdup_printf ("%s (%s)", undo_label != NULL ? undo_label : _("Undo"),
                                                   _("Ctrl+Z"));
      g_autofree char *redo_tip = g_strdup_printf ("%s (%s)", redo_label != NULL ? redo_label : _("Redo"),
                                                   _("Ctrl+Shift+Z"));

      gtk_widget_set_tooltip_text (self->undo_button, undo_tip);
      gtk_widget_set_tooltip_text (self->redo_button, redo_tip);
    }
}

/* Which page the window shows: no project, a project without photos, or the labeling view (whose canvas
 * area says so when the filter matches nothing). */
void
_sh_project_window_update_page (ShProjectWindow *self)
{
  guint n_items = self->images != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->images)) : 0;
  gboolean labeling = self->project != NULL && (self->n_project_images > 0 || n_items > 0);

  /* The labeling controls only where there is something to label. */
  gtk_widget_set_visible (gtk_widget_get_parent (self->undo_button), labeling);
  gtk_widget_set_visible (GTK_WIDGET (self->class_button), labeling);
  gtk_widget_set_visible (GTK_WIDGET (self->overlay_button), labeling);
  if (self->project == NULL)
    {
      gtk_stack_set_visible_child_name (self->main_stack, "no-project");
      return;
    }
  if (!labeling)
    {
      gtk_stack_set_visible_child_name (self->main_stack, "empty");
      return;
    }
  gtk_stack_set_visible_child_name (self->main_stack, "labeling");
  if (n_items == 0)
    gtk_stack_set_visible_child_name (self->canvas_stack, "no-match");
  else if (!self->unreadable)
    gtk_stack_set_visible_child_name (self->canvas_stack, "canvas");
}

/* ---- classes ---- */

void
_sh_project_window_update_class_button (ShProjectWindow *self)
{
  g_autofree char *key = g_strdup_printf ("%d", self->current_class + 1);
  g_autofree char *css = NULL;
  GdkRGBA color;

  gtk_label_set_label (self->class_key_label, self->current_class < 9 ? key : "");
  gtk_label_set_label (self->class_name_label, sh_project_window_class_name (self, self->current_class));
  {
    /* The button shows a coloured key badge and a name: say both. */
    g_autofree char *accessible =
        self->current_class < 9
          /* Translators: the class button's accessible name: class name and its number key */
          ? g_strdup_printf (_("Class of new boxes: %s, key %s"),
                             sh_project_window_class_name (self, self->current_class), key)
          : g_strdup_printf (_("Class of new boxes: %s"), sh_project_window_class_name (self, self->current_class));

    sh_accessible_set_label (self->class_button, accessible);
  }

  /* The key badge takes the colour the canvas draws this class in, so the button is also a legend. */
  sh_image_canvas_get_class_color (self->current_class, &color);
  css = g_strdup_printf (".class-key { background-color: rgba(%d,%d,%d,1); }",
                         (int) (color.red * 255), (int) (color.green * 255), (int) (color.blue * 255));
  gtk_css_provider_load_from_data (self->class_css, css, -1);
}

static void
sh_project_window_load_classes (ShProjectWindow *self)
{
  g_autoptr (GError) error = NULL;
  GPtrArray *classes = sh_labeling_store_list_classes (self->reader, &error);
  g_autoptr (GMenu) menu = g_menu_new ();

  if (classes == NULL)
    {
      g_warning ("%s", error->message);
      return;
    }
  g_clear_pointer (&self->classes, g_ptr_array_unref);
  self->classes = classes;
  for (guint i = 0; i < classes->len; i++)
    {
      g_autoptr (GMenuItem) item = g_menu_item_new (g_ptr_array_index (classes, i), NULL);

      g_menu_item_set_action_and_target_value (item, "win.set-class", g_variant_new_int32 ((gint32) i));
      if (i < 9)
        {
          g_autofree char *accel = g_strdup_printf ("%u", i + 1);

          g_menu_item_set_attribute (item, "accel", "s", accel);
        }
      g_menu_append_item (menu, item);
    }
  gtk_menu_button_set_menu_model (self->class_button, G_MENU_MODEL (menu));
  {
    g_autoptr (GStrvBuilder) names = g_strv_builder_new ();
    g_auto (GStrv) name_list = NULL;

    for (guint i = 0; i < classes->len; i++)
      g_strv_builder_add (names, g_ptr_array_index (classes, i));
    name_list = g_strv_builder_end (names);
    sh_image_canvas_set_class_names (self->canvas, (const char *const *) name_list);
  }
  if ((guint) self->current_class >= classes->len)
    self->current_class = 0;
  _sh_project_window_update_class_button (self);
}

/* ---- boxes ---- */

static void
sh_project_window_push_boxes (ShProjectWindow *self)
{
  g_autoptr (GArray) canvas_boxes = g_array_new (FALSE, TRUE, sizeof (ShCanvasBox));
  gboolean selection_kept = FALSE;

  for (guint i = 0; self->boxes != NULL && i < self->boxes->len; i++)
    {
      const ShBoxRow *row = &g_array_index (self->boxes, ShBoxRow, i);
      ShCanvasBox box = {
        .id = row->id,
        .class_index = sh_project_window_class_index (self, row->class_name),
        .x = row->x, .y = row->y, .w = row->w, .h = row->h,
        .from_model = row->source == SH_BOX_SOURCE_MODEL && !row->accepted,
        .score = row->source == SH_BOX_SOURCE_MODEL ? row->score : -1.0,
        .occluded = row->occluded,
      };

      g_array_append_val (canvas_boxes, box);
      if (row->id == self->selected_box_id)
        selection_kept = TRUE;
    }
  if (!selection_kept)
    self->selected_box_id = 0;
  sh_image_canvas_set_boxes (self->canvas, (const ShCanvasBox *) canvas_boxes->data, canvas_boxes->len);
  sh_image_canvas_set_selected_box (self->canvas, self->selected_box_id);
  _sh_project_window_update_actions (self);
}

/* Reads the shown photo's boxes back from the store (the store clips and rounds what it is given, so the
 * canvas always shows exactly what is stored). */
void
_sh_project_window_reload_boxes (ShProjectWindow *self)
{
  g_autoptr (GError) error = NULL;
  GArray *boxes;
  gboolean new_class = FALSE;

  if (self->reader == NULL || self->shown_image_id == 0)
    {
      g_clear_pointer (&self->boxes, g_array_unref);
      sh_image_canvas_set_boxes (self->canvas, NULL, 0);
      _sh_project_window_update_actions (self);
      return;
    }
  boxes = sh_project_list_boxes (self->reader, self->shown_image_id, &error);
  if (boxes == NULL)
    {
      sh_project_window_toast_error (self, _("The photo’s boxes could not be read"), error);
      return;
    }
  g_clear_pointer (&self->boxes, g_array_unref);
  self->boxes = boxes;

  /* Pre-annotations can bring classes of their own. */
  for (guint i = 0; i < boxes->len; i++)
    {
      const char *name = g_array_index (boxes, ShBoxRow, i).class_name;
      gboolean known = FALSE;

      for (guint j = 0; self->classes != NULL && j < self->classes->len && !known; j++)
        known = g_strcmp0 (g_ptr_array_index (self->classes, j), name) == 0;
      new_class |= !known;
    }
  if (new_class)
    sh_project_window_load_classes (self);
  sh_project_window_push_boxes (self);
}

void
_sh_project_window_show_swatch_for (ShProjectWindow *self, gint64 box_id)
{
  const ShBoxRow *row = _sh_project_window_find_box (self, box_id);

  self->swatch_box_id = row != NULL ? row->id : 0;
  if (row != NULL)
    {
      ShBox box = _sh_box_from_doubles (row->x, row->y, row->w, row->h);

      _sh_project_window_swatch_show_box (self, &box, TRUE);
    }
  else
    _sh_project_window_swatch_show_box (self, NULL, TRUE);
}

void
_sh_project_window_select_box (ShProjectWindow *self, gint64 box_id)
{
  self->selected_box_id = box_id;
  sh_image_canvas_set_selected_box (self->canvas, box_id);
  _sh_project_window_show_swatch_for (self, box_id);
  _sh_project_window_update_actions (self);
}

/* After any edit: the list row shows the new counts and status. */
static void
sh_project_window_history_changed (ShProjectWindow *self,
                                   gint64           image_id,
                                   ShEditHistory   *history)
{
  self->last_changed_image = image_id;
  /* A change was saved: an earlier failure is no longer the last word. */
  gtk_revealer_set_reveal_child (self->write_failed_revealer, FALSE);
  if (self->images != NULL)
    sh_image_list_model_refresh_item (self->images, image_id);
  if (image_id == self->shown_image_id)
    _sh_project_window_reload_boxes (self);
  /* Linking the photo to a product is a step too (its undo among them). */
  if (image_id == self->current_image_id)
    _sh_project_window_update_product (self);
  _sh_project_window_update_actions (self);
}

/* ---- canvas signals ---- */

static void
sh_project_window_box_drawn (ShProjectWindow *self,
                             double x, double y, double w, double h,
                             ShImageCanvas   *canvas)
{
  g_autoptr (GError) error = NULL;
  gint64 id = 0;
  ShBoxRow row = {
    .image_id = self->shown_image_id,
    .class_name = sh_project_window_class_name (self, self->current_class),
    .x = x, .y = y, .w = w, .h = h,
    .source = SH_BOX_SOURCE_HUMAN,
    .score = -1.0,
    .labeler = self->labeler,
  };

  if (!_sh_project_window_can_edit (self))
    {
      _sh_project_window_reload_boxes (self);
      return;
    }
  if (!sh_edit_history_add_box (self->history, &row, &id, &error))
    {
      _sh_project_window_edit_failed (self, error);
      return;
    }
  /* The history's "changed" reloaded the boxes; the new box is the one to work on. */
  _sh_project_window_select_box (self, id);
}

static void
sh_project_window_box_dragging (ShProjectWindow *self,
                                gint64 id, double x, double y, double w, double h,
                                ShImageCanvas   *canvas)
{
  ShBox box = _sh_box_from_doubles (x, y, w, h);

  if (box.w <= 0 || box.h <= 0)
    return;
  self->swatch_box_id = 0;
  _sh_project_window_swatch_show_box (self, &box, FALSE);
}

static void
sh_project_window_box_changed (ShProjectWindow *self,
                               gint64 id, double x, double y, double w, double h,
                               ShImageCanvas   *canvas)
{
  g_autoptr (GError) error = NULL;
  ShBoxRow *stored = _sh_project_window_find_box (self, id);
  ShBoxRow row;

  if (stored == NULL || !_sh_project_window_can_edit (self))
    {
      _sh_project_window_reload_boxes (self);
      return;
    }
  row = *stored;
  row.x = x;
  row.y = y;
  row.w = w;
  row.h = h;
  /* Moving a model box is correcting it: it counts as accepted by whoever corrected it. */
  if (row.source == SH_BOX_SOURCE_MODEL)
    row.accepted = TRUE;
  if (!sh_edit_history_update_box (self->history, &row, &error))
    {
      _sh_project_window_edit_failed (self, error);
      return;
    }
  _sh_project_window_select_box (self, id);
}

static void
sh_project_window_box_selected (ShProjectWindow *self,
                                gint64           id,
                                ShImageCanvas   *canvas)
{
  self->selected_box_id = id;
  _sh_project_window_show_swatch_for (self, id);
  _sh_project_window_update_actions (self);
}

static void
sh_project_window_space_tapped (ShProjectWindow *self,
                                ShImageCanvas   *canvas)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.mark-done", NULL);
}

/* ---- swatches ---- */

/* The history stores a box's swatch with every edit of it. A final swatch for the selected, stored box fills
 * in a box stored without one (a model's box not yet accepted, a box from an older project), or with another
 * colour; a box that already has this one is left alone rather than written again. */
void
_sh_project_window_swatch_ready (ShProjectWindow *self, const ShSwatch *robust, gboolean final)
{
  g_autoptr (GError) error = NULL;
  const ShBoxRow *row = _sh_project_window_find_box (self, self->swatch_box_id);
  ShSwatchRow stored = { 0 };
  gboolean found = FALSE;
  ShBox stored_box;

  if (!final || row == NULL || self->read_only || self->importing || robust == NULL)
    return;
  stored_box = _sh_box_from_doubles (row->x, row->y, row->w, row->h);
  if (robust->box.x != stored_box.x || robust->box.y != stored_box.y || robust->box.w != stored_box.w
      || robust->box.h != stored_box.h)
    return;
  if (sh_project_get_swatch (self->reader, row->id, SH_METHOD_ROBUST, &stored, &found, NULL) && found
      && stored.algorithm_version == SH_EXTRACT_ALGORITHM_VERSION && g_str_equal (stored.hex, robust->hex)
      && fabs (stored.lab[0] - robust->lab[0]) < 1e-9 && fabs (stored.lab[1] - robust->lab[1]) < 1e-9
      && fabs (stored.lab[2] - robust->lab[2]) < 1e-9)
    return;
  if (!sh_project_save_swatch (self->project, row->id, robust, &error))
    _sh_project_window_save_failed (self, error);
}

void
_sh_project_window_overlay_ready (ShProjectWindow *self, int x, int y, int w, int h, GBytes *mask)
{
  gsize size = 0;
  const guint8 *data = mask != NULL ? g_bytes_get_data (mask, &size) : NULL;

  if (data == NULL || w <= 0 || h <= 0 || size < (gsize) w * (gsize) h)
    {
      sh_image_canvas_clear_overlay (self->canvas);
      return;
    }
  sh_image_canvas_set_overlay (self->canvas, x, y, w, h, data, NULL, 0);
}

/* ---- photos: loading and showing ---- */

/* The monitor profile: the ICC file chosen in the preferences, else the display's own (or sRGB). */
ShDisplayProfile *
_sh_project_window_get_monitor (ShProjectWindow *self)
{
  if (self->monitor == NULL)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *chosen = g_settings_get_string (self->settings, "display-profile");

      self->monitor = sh_monitor_profile_load_for_widget (GTK_WIDGET (self), *chosen != '\0' ? chosen : NULL, NULL,
                                                          &error);
      if (self->monitor == NULL && *chosen != '\0')
        {
          /* The file was readable when it was chosen; it has gone or changed since. */
          g_autofree char *message =
              g_strdup_printf (_("The display profile chosen in the preferences cannot be used, so the automatic one "
                                 "is: %s"), error->message);

          g_warning ("%s", message);
          _sh_project_window_toast (self, message);
          g_clear_error (&error);
          self->monitor = sh_monitor_profile_load_for_widget (GTK_WIDGET (self), NULL, NULL, &error);
        }
      if (self->monitor == NULL)
        {
          g_warning ("monitor profile: %s", error != NULL ? error->message : "unknown error");
          self->monitor = sh_display_profile_new_srgb ();
        }
    }
  return self->monitor;
}

static void
sh_project_window_show_unreadable (ShProjectWindow *self, gint64 image_id, const char *message)
{
  self->unreadable = TRUE;
  self->shown_image_id = image_id;
  g_clear_pointer (&self->shown_photo, sh_shared_image_unref);
  adw_status_page_set_description (self->unreadable_page, message);
  gtk_stack_set_visible_child_name (self->canvas_stack, "unreadable");
  sh_image_canvas_set_image_surface (self->canvas, NULL);
  g_clear_pointer (&self->boxes, g_array_unref);
  sh_image_canvas_set_boxes (self->canvas, NULL, 0);
  _sh_project_window_update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOWN_IMAGE]);
}

static void sh_project_window_render (ShProjectWindow *self, gint64 image_id, ShSharedImage *image,
                                      gboolean refresh);

static void
sh_project_window_rendered (GObject      *source,
                            GAsyncResult *result,
                            gpointer      user_data)
{
  ShProjectWindow *self = SH_PROJECT_WINDOW (source);
  ShRenderJob *job = sh_render_job_get (result);
  g_autoptr (GError) error = NULL;
  GtkWidget *focus;

  if (!sh_render_job_finish (result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && job->image_id == self->current_image_id
          && job->width == 0)
        sh_project_window_show_unreadable (self, job->image_id, error->message);
      return;
    }
  if (job->image_id != self->current_image_id)
    return;
  if (job->width > 0)
    {
      /* Sharper pixels for the zoomed-in view, if it is still on the same photo. A rect decoded from the
       * file alone answers what the canvas asked before the full decode came. */
      if (job->image_id != self->shown_image_id || self->unreadable
          || (job->path == NULL && job->image != self->shown_photo))
        return;
      if (job->path != NULL && self->detail_wanted[0] == job->x && self->detail_wanted[1] == job->y
          && self->detail_wanted[2] == job->width && self->detail_wanted[3] == job->height
          && self->detail_wanted[4] == job->step)
        self->detail_wanted[4] = 0;
      sh_image_canvas_set_detail (self->canvas, job->surface, job->x, job->y, job->width, job->height);
      return;
    }
  /* The display profile changed while this was rendered: again, for the new one. */
  if (job->monitor != _sh_project_window_get_monitor (self))
    {
      sh_project_window_render (self, job->image_id, job->image, job->refresh);
      return;
    }
  if (job->refresh)
    {
      /* New colours for the photo on screen; its boxes, selection and measurements stay. */
      if (job->image_id == self->shown_image_id && !self->unreadable)
        {
          g_clear_pointer (&self->shown_transform, sh_display_transform_unref);
          self->shown_transform = sh_display_transform_ref (job->transform);
          sh_image_canvas_set_image_preview (self->canvas, job->surface, job->photo_width, job->photo_height);
          _sh_project_window_parts_set_monitor (self, job->transform);
        }
      return;
    }

  /* Photo, boxes and swatch panel switch together, so no box is ever drawn over the wrong photo. What shows
   * may be a preview: measurements wait for the full decode (current_full), which the swatch panel gets as
   * soon as it is there. */
  self->unreadable = FALSE;
  self->shown_image_id = job->image_id;
  g_clear_pointer (&self->shown_photo, sh_shared_image_unref);
  if (self->current_full != NULL)
    self->shown_photo = sh_shared_image_ref (self->current_full);
  g_clear_pointer (&self->shown_transform, sh_display_transform_unref);
  self->shown_transform = sh_display_transform_ref (job->transform);
  self->detail_wanted[4] = 0;
  self->selected_box_id = 0;
  self->swatch_box_id = 0;
  sh_image_canvas_clear_overlay (self->canvas);
  sh_image_canvas_set_photo_name (self->canvas, self->current_photo_name);
  sh_image_canvas_set_image_preview (self->canvas, job->surface, job->photo_width, job->photo_height);
  _sh_project_window_reload_boxes (self);
  _sh_project_window_swatch_set_image (self, self->shown_photo, job->transform, self->current_catalog_color);
  _sh_project_window_timer_enter (self, job->image_id);
  _sh_project_window_update_page (self);
  /* The keys work on the canvas (Space, Tab, arrows): it takes the focus unless the user is in the list. */
  focus = gtk_window_get_focus (GTK_WINDOW (self));
  if (focus == NULL || !gtk_widget_is_ancestor (focus, GTK_WIDGET (self->list_bin)))
    gtk_widget_grab_focus (GTK_WIDGET (self->canvas));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOWN_IMAGE]);
}

/* Converts the photo to the monitor's colours on a worker thread. */
static void
sh_project_window_render (ShProjectWindow *self, gint64 image_id, ShSharedImage *image, gboolean refresh)
{
  GtkWidget *canvas = GTK_WIDGET (self->canvas);
  ShRenderJob *job = sh_render_job_new (image_id, image);

  job->monitor = sh_display_profile_ref (_sh_project_window_get_monitor (self));
  job->refresh = refresh;
  job->view_width = gtk_widget_get_width (canvas) * gtk_widget_get_scale_factor (canvas);
  job->view_height = gtk_widget_get_height (canvas) * gtk_widget_get_scale_factor (canvas);
  sh_render_job_start (job, self, self->load_cancellable, _sh_project_window_image_loaded, sh_project_window_rendered,
                       NULL);
}

/* Starts job on the wanted rect (x, y, width, height, step) of the shown photo through its display transform. */
static void
sh_project_window_start_render (ShProjectWindow *self, ShRenderJob *job, const int wanted[5])
{
  job->transform = sh_display_transform_ref (self->shown_transform);
  job->x = wanted[0];
  job->y = wanted[1];
  job->width = wanted[2];
  job->height = wanted[3];
  job->step = wanted[4];
  sh_render_job_start (job, self, self->load_cancellable, _sh_project_window_image_loaded, sh_project_window_rendered,
                       NULL);
}

/* The full photo's rect (x, y, width, height) at step, for the canvas zoomed in past the preview. */
static void
sh_project_window_render_detail (ShProjectWindow *self, const int wanted[5])
{
  ShRenderJob *job;

  if (self->shown_photo == NULL || self->shown_transform == NULL
      || sh_shared_image_get_image (self->shown_photo)->has_alpha)
    return;
  job = sh_render_job_new (self->shown_image_id, self->shown_photo);
  sh_project_window_start_render (self, job, wanted);
}

/* The same rect decoded from the shown photo's file alone, while its full decode is still on the way. */
static void
sh_project_window_render_region (ShProjectWindow *self, const int wanted[5])
{
  ShRenderJob *job;

  if (self->current_path == NULL || self->shown_transform == NULL || self->unreadable
      || self->shown_image_id != self->current_image_id)
    return;
  job = sh_render_job_new (self->shown_image_id, NULL);
  job->path = g_strdup (self->current_path);
  sh_project_window_start_render (self, job, wanted);
}

/* The canvas is zoomed in past the preview: the full photo gives it sharp pixels, now or when it is decoded. */
static void
sh_project_window_canvas_detail_wanted (ShProjectWindow *self,
                                        int x, int y, int width, int height, int step,
                                        ShImageCanvas   *canvas)
{
  const int wanted[5] = { x, y, width, height, step };
  const ShImage *image = self->shown_photo != NULL ? sh_shared_image_get_image (self->shown_photo) : NULL;

  if (image == NULL)
    {
      /* The full decode is on its way: the rect is decoded from the file alone meanwhile (a JPEG's; for
       * other formats the full decode answers when it comes). */
      memcpy (self->detail_wanted, wanted, sizeof wanted);
      sh_project_window_render_region (self, wanted);
      return;
    }
  if (x < 0 || y < 0 || step < 1 || width <= 0 || height <= 0 || x + width > image->width
      || y + height > image->height)
    return;
  sh_project_window_render_detail (self, wanted);
}

/* The photo the window is on, decoded in full: the measurements can start (and a sharper view if wanted). */
void
_sh_project_window_full_image_loaded (ShProjectWindow *self, gint64 image_id, ShSharedImage *image,
                                      const GError *error)
{
  if (image_id != self->current_image_id)
    return;
  if (image == NULL)
    {
      sh_project_window_show_unreadable (self, image_id, error != NULL ? error->message : _("Unknown error"));
      return;
    }
  g_clear_pointer (&self->current_full, sh_shared_image_unref);
  self->current_full = sh_shared_image_ref (image);
  if (self->shown_image_id != image_id || self->unreadable || self->shown_photo != NULL)
    return;
  self->shown_photo = sh_shared_image_ref (image);
  _sh_project_window_swatch_set_image (self, image, self->shown_transform, self->current_catalog_color);
  if (self->swatch_box_id != 0)
    _sh_project_window_show_swatch_for (self, self->swatch_box_id);
  if (self->detail_wanted[4] > 0)
    {
      int wanted[5];

      memcpy (wanted, self->detail_wanted, sizeof wanted);
      self->detail_wanted[4] = 0;
      sh_project_window_canvas_detail_wanted (self, wanted[0], wanted[1], wanted[2], wanted[3], wanted[4],
                                              self->canvas);
    }
}

/* Called with the photo for the screen (or an error) for the photo the window is on. */
void
_sh_project_window_image_loaded (ShProjectWindow *self, gint64 image_id, ShSharedImage *image,
                                 const GError *error)
{
  if (image_id != self->current_image_id)
    return;
  if (image == NULL)
    {
      sh_project_window_show_unreadable (self, image_id, error != NULL ? error->message : _("Unknown error"));
      return;
    }
  sh_project_window_render (self, image_id, image, FALSE);
}

/* The display-profile setting changed: the photo on screen, the swatches and the thumbnails are converted
 * to the new profile in place (nothing is reloaded from disk, the boxes and selection stay). */
static void
sh_project_window_display_profile_changed (ShProjectWindow *self,
                                           const char      *key,
                                           GSettings       *settings)
{
  g_autoptr (ShSharedImage) image = NULL;

  g_clear_pointer (&self->monitor, sh_display_profile_unref);
  _sh_project_window_parts_set_monitor (self, NULL);
  if (self->prefetch == NULL || self->shown_image_id == 0 || self->unreadable
      || self->shown_image_id != self->current_image_id)
    return;   /* a photo being loaded is rendered for the new profile when it arrives */
  image = sh_image_prefetch_peek (self->prefetch, self->shown_image_id);
  if (image != NULL)
    sh_project_window_render (self, self->shown_image_id, image, TRUE);
  else
    _sh_project_window_request_image (self, self->current_image_id, NULL);
}

static void
sh_project_window_parts_setting_changed (ShProjectWindow *self,
                                         const char      *key,
                                         GSettings       *settings)
{
  _sh_project_window_apply_settings_to_parts (self);
}

/* The size of the last closed window is the next one's (closed by the user or by quitting: both unrealize). */
static void
sh_project_window_unrealize (GtkWidget *widget)
{
  ShProjectWindow *self = SH_PROJECT_WINDOW (widget);
  GtkWindow *window = GTK_WINDOW (widget);
  int width = 0, height = 0;

  if (self->settings == NULL)
    {
      GTK_WIDGET_CLASS (sh_project_window_parent_class)->unrealize (widget);
      return;
    }
  gtk_window_get_default_size (window, &width, &height);
  g_settings_delay (self->settings);
  if (!gtk_window_is_maximized (window) && width > 0 && height > 0)
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
  g_settings_apply (self->settings);
  GTK_WIDGET_CLASS (sh_project_window_parent_class)->unrealize (widget);
}

/* Goes to a photo: the header and list follow at once, the canvas when the photo is ready. */
void
_sh_project_window_go_to (ShProjectWindow *self, gint64 image_id)
{
  g_auto (ShStoredImage) stored = { 0 };
  g_autoptr (GError) error = NULL;

  if (image_id == 0 || self->reader == NULL)
    return;
  if (image_id == self->current_image_id && self->shown_image_id == image_id)
    {
      _sh_project_window_list_select (self, image_id);
      return;
    }
  if (!sh_labeling_store_get_image (self->reader, image_id, &stored, &error))
    {
      sh_project_window_toast_error (self, _("The photo could not be read"), error);
      return;
    }

  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->load_cancellable = g_cancellable_new ();
  self->current_image_id = image_id;
  g_clear_pointer (&self->current_full, sh_shared_image_unref);
  self->detail_wanted[4] = 0;
  g_free (self->current_catalog_color);
  self->current_catalog_color = g_steal_pointer (&stored.catalog_color);
  g_free (self->current_photo_name);
  self->current_photo_name = stored.path != NULL ? g_filename_display_basename (stored.path) : NULL;
  g_free (self->current_path);
  self->current_path = g_strdup (stored.path);
  _sh_project_window_timer_leave (self);

  sh_project_window_update_title (self);
  _sh_project_window_list_select (self, image_id);
  _sh_project_window_update_product (self);
  _sh_project_window_update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT_IMAGE]);

  _sh_project_window_request_image (self, image_id, stored.path);
}

/* The first photo still to label from position (wrapping round); FALSE when every photo is done. */
static gboolean
sh_project_window_go_to_unlabeled (ShProjectWindow *self, guint from)
{
  guint position = sh_image_list_model_find_unlabeled (self->images, from, TRUE);

  if (position == G_MAXUINT && from != G_MAXUINT)
    position = sh_image_list_model_find_unlabeled (self->images, G_MAXUINT, TRUE);
  if (position == G_MAXUINT)
    return FALSE;
  _sh_project_window_go_to (self, sh_image_list_model_get_id (self->images, position));
  return TRUE;
}

static void
sh_project_window_go_to_first (ShProjectWindow *self)
{
  if (g_list_model_get_n_items (G_LIST_MODEL (self->images)) == 0)
    return;
  if (!sh_project_window_go_to_unlabeled (self, G_MAXUINT))
    _sh_project_window_go_to (self, sh_image_list_model_get_id (self->images, 0));
}

static gboolean
sh_project_window_show_first_idle (gpointer user_data)
{
  ShProjectWindow *self = SH_PROJECT_WINDOW (user_data);

  self->show_first_source = 0;
  if (self->images != NULL
      && (self->current_image_id == 0
          || sh_image_list_model_get_position (self->images, self->current_image_id) == G_MAXUINT))
    sh_project_window_go_to_first (self);
  return G_SOURCE_REMOVE;
}

static void
sh_project_window_images_changed (ShProjectWindow *self,
                                  guint            position,
                                  guint            removed,
                                  guint            added,
                                  GListModel      *model)
{
  sh_project_window_update_title (self);
  _sh_project_window_update_page (self);
  _sh_project_window_update_actions (self);
  /* A filter that now lists photos, or the first import into an empty project: show one, once the list's
   * other listeners (its selection and view) have caught up with the change. */
  if (g_list_model_get_n_items (model) > 0 && self->show_first_source == 0
      && (self->current_image_id == 0
          || sh_image_list_model_get_position (self->images, self->current_image_id) == G_MAXUINT))
    self->show_first_source = g_idle_add (sh_project_window_show_first_idle, self);
}

/* ---- opening ---- */

/* The history measures the boxes it writes: in the photo on screen when it is theirs, else in the
 * prefetcher's copy (decoded now if need be; an undo on another photo then finds it decoded when the window
 * goes there). */
static ShSharedImage *
sh_project_window_photo_for_history (gint64    image_id,
                                     gpointer  user_data,
                                     GError  **error)
{
  ShProjectWindow *self = user_data;

  if (self->shown_photo != NULL && image_id == self->shown_image_id)
    return sh_shared_image_ref (self->shown_photo);
  if (self->prefetch == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CLOSED, "the project is closing");
      return NULL;
    }
  return sh_image_prefetch_get_sync (self->prefetch, image_id, NULL, error);
}

void
_sh_project_window_close_project (ShProjectWindow *self)
{
  gboolean shared_reader = self->reader == self->project;
  ShCalibrationWindow *calibration = sh_calibration_window_find (self);

  /* The calibration window writes through this project: it commits and closes before the project does. */
  if (calibration != NULL)
    gtk_window_close (GTK_WINDOW (calibration));
  g_clear_handle_id (&self->show_first_source, g_source_remove);

  _sh_project_window_timer_leave (self);
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  _sh_project_window_teardown_parts (self);
  g_clear_object (&self->history);
  if (self->images != NULL)
    g_signal_handlers_disconnect_by_data (self->images, self);
  g_clear_object (&self->images);
  if (!shared_reader)
    g_clear_pointer (&self->reader, sh_project_close);
  self->reader = NULL;
  /* An import still writing closes the project itself when it is done. */
  if (_sh_project_window_detach_import (self) || _sh_project_window_detach_catalog_import (self))
    self->project = NULL;
  g_clear_pointer (&self->project, sh_project_close);
  g_clear_pointer (&self->boxes, g_array_unref);
  g_clear_pointer (&self->classes, g_ptr_array_unref);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->current_catalog_color, g_free);
  g_clear_pointer (&self->current_photo_name, g_free);
  g_clear_pointer (&self->current_path, g_free);
  g_clear_pointer (&self->shown_photo, sh_shared_image_unref);
  g_clear_pointer (&self->current_full, sh_shared_image_unref);
  g_clear_pointer (&self->shown_transform, sh_display_transform_unref);
  self->detail_wanted[4] = 0;
  self->current_image_id = self->shown_image_id = self->selected_box_id = self->swatch_box_id = 0;
  self->current_product_id = 0;
  self->read_only = FALSE;
}

static void
sh_project_window_open_read_only_response (AdwMessageDialog *dialog,
                                           const char       *response,
                                           gpointer          user_data)
{
  ShProjectWindow *self = SH_PROJECT_WINDOW (user_data);
  const char *path = g_object_get_data (G_OBJECT (dialog), "path");

  if (g_strcmp0 (response, "read-only") == 0)
    sh_project_window_open (self, path, SH_PROJECT_OPEN_READ_ONLY);
}

static void
sh_project_window_ask_read_only (ShProjectWindow *self, const char *path, const GError *error)
{
  AdwMessageDialog *dialog;
  g_autofree char *base_name = g_path_get_basename (path);
  g_autofree char *display_name = g_filename_display_name (base_name);
  g_autofree char *body = NULL;

  /* The store's message names the process holding the project; the dialog says the same in the user's language. */
  g_debug ("%s", error->message);
  body = g_strdup_printf (_("“%s” is open for writing in another Shadelab. Close it there, or open it read-only "
                            "here."), display_name);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Project In Use"), body));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "read-only", _("Open _Read-Only"), NULL);
  adw_message_dialog_set_default_response (dialog, "read-only");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "path", g_strdup (path), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (sh_project_window_open_read_only_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
sh_project_window_show_missing (ShProjectWindow *self, const char *path, const GError *error)
{
  g_autofree char *display = g_filename_display_name (path);
  g_autofree char *description = NULL;

  if (g_error_matches (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_NOT_FOUND))
    {
      description = g_strdup_printf (_("There is no project at %s. Create a new project or open another one."),
                                     display);
      adw_status_page_set_title (self->no_project_page, _("Project Not Found"));
    }
  else
    {
      description = g_strdup (error->message);
      adw_status_page_set_title (self->no_project_page, _("Project Cannot Be Opened"));
    }
  adw_status_page_set_description (self->no_project_page, description);
  _sh_project_window_update_page (self);
}

gboolean
sh_project_window_open (ShProjectWindow *self, const char *path, ShProjectOpenMode mode)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ShProject) project = NULL;
  g_autofree char *base = NULL;

  g_return_val_if_fail (SH_IS_PROJECT_WINDOW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  project = sh_project_open (path, mode, &error);
  if (project == NULL)
    {
      if (g_error_matches (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_IN_USE))
        sh_project_window_ask_read_only (self, path, error);
      else if (self->project == NULL)
        sh_project_window_show_missing (self, path, error);
      else
        sh_project_window_toast_error (self, _("The project could not be opened"), error);
      return FALSE;
    }

  _sh_project_window_close_project (self);
  self->project = g_steal_pointer (&project);
  self->path = g_strdup (sh_project_get_path (self->project));
  base = g_path_get_basename (self->path);
  if (g_str_has_suffix (base, SH_PROJECT_EXTENSION))
    base[strlen (base) - strlen (SH_PROJECT_EXTENSION)] = '\0';
  self->name = g_filename_display_name (base);
  self->read_only = sh_project_is_read_only (self->project);

  /* The window reads through a connection of its own, so that an import writing on the main one from a
   * worker thread never shares a connection with the main thread. */
  self->reader = self->read_only ? self->project : sh_project_open (self->path, SH_PROJECT_OPEN_READ_ONLY, &error);
  if (self->reader == NULL)
    {
      g_warning ("second connection: %s", error->message);
      g_clear_error (&error);
      self->reader = self->project;
    }

  self->images = sh_image_list_model_new (self->project, &error);
  if (self->images == NULL)
    {
      sh_project_window_toast_error (self, _("The project could not be opened"), error);
      _sh_project_window_close_project (self);
      _sh_project_window_update_page (self);
      return FALSE;
    }
  g_signal_connect_object (self->images, "items-changed", G_CALLBACK (sh_project_window_images_changed), self,
                           G_CONNECT_SWAPPED);
  /* A new model lists every image: its length is the count, without a second pass over a million rows. */
  self->n_project_images = g_list_model_get_n_items (G_LIST_MODEL (self->images));

  /* The labeler-name setting as it is when the project opens: boxes and time are recorded under it. */
  g_free (self->labeler);
  self->labeler = sh_labeler_name (self->settings);
  if (!self->read_only)
    {
      self->history = sh_edit_history_new (self->project, self->labeler);
      sh_edit_history_set_photo_func (self->history, sh_project_window_photo_for_history, self, NULL);
      g_signal_connect_object (self->history, "changed", G_CALLBACK (sh_project_window_history_changed), self,
                               G_CONNECT_SWAPPED);
    }
  gtk_revealer_set_reveal_child (self->read_only_revealer, self->read_only);
  gtk_revealer_set_reveal_child (self->write_failed_revealer, FALSE);

  sh_project_window_load_classes (self);
  _sh_project_window_setup_parts (self);
  sh_project_window_update_title (self);
  _sh_project_window_update_page (self);
  _sh_project_window_update_actions (self);
  sh_project_window_go_to_first (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PATH]);
  return TRUE;
}

const char *
sh_project_window_get_save_failure (ShProjectWindow *self)
{
  g_return_val_if_fail (SH_IS_PROJECT_WINDOW (self), NULL);
  if (!gtk_revealer_get_reveal_child (self->write_failed_revealer))
    return NULL;
  return gtk_label_get_text (self->write_failed_label);
}

void
sh_project_window_show_save_failure (ShProjectWindow *self, const GError *error)
{
  g_return_if_fail (SH_IS_PROJECT_WINDOW (self));
  _sh_project_window_save_failed (self, error);
}

const char *
sh_project_window_get_name (ShProjectWindow *self)
{
  g_return_val_if_fail (SH_IS_PROJECT_WINDOW (self), NULL);
  return self->name;
}

const char *
sh_project_window_get_labeler (ShProjectWindow *self)
{
  g_return_val_if_fail (SH_IS_PROJECT_WINDOW (self), NULL);
  return self->labeler;
}

const char *
sh_project_window_get_path (ShProjectWindow *self)
{
  g_return_val_if_fail (SH_IS_PROJECT_WINDOW (self), NULL);
  return self->path;
}

ShProject *
sh_project_window_get_project (ShProjectWindow *self)
{
  g_return_val_if_fail (SH_IS_PROJECT_WINDOW (self), NULL);
  return self->project;
}

ShProject *
sh_project_window_get_reader (ShProjectWindow *self)
{
  g_return_val_if_fail (SH_IS_PROJECT_WINDOW (self), NULL);
  return self->reader;
}

gboolean
sh_project_window_is_read_only (ShProjectWindow *self)
{
  g_return_val_if_fail (SH_IS_PROJECT_WINDOW (self), FALSE);
  return self->read_only;
}

gint64
sh_project_window_get_current_image (ShProjectWindow *self)
{
  g_return_val_if_fail (SH_IS_PROJECT_WINDOW (self), 0);
  return self->current_image_id;
}

gint64
sh_project_window_get_shown_image (ShProjectWindow *self)
{
  g_return_val_if_fail (SH_IS_PROJECT_WINDOW (self), 0);
  return self->shown_image_id;
}

ShImageCanvas *
sh_project_window_get_canvas (ShProjectWindow *self)
{
  g_return_val_if_fail (SH_IS_PROJECT_WINDOW (self), NULL);
  return self->canvas;
}

int
sh_project_window_get_current_class (ShProjectWindow *self)
{
  g_return_val_if_fail (SH_IS_PROJECT_WINDOW (self), 0);
  return self->current_class;
}

gboolean
sh_project_window_is_importing (ShProjectWindow *self)
{
  g_return_val_if_fail (SH_IS_PROJECT_WINDOW (self), FALSE);
  return self->importing;
}

/* ---- actions ---- */

/* Sets the shown photo's status and moves on to the next photo still to label. */
void
_sh_project_window_finish_image (ShProjectWindow *self, ShImageStatus status, const char *reason)
{
  g_autoptr (GError) error = NULL;
  gint64 image_id = self->shown_image_id;
  guint position;

  if (!_sh_project_window_can_edit (self))
    return;
  if (!sh_edit_history_set_image_status (self->history, image_id, status, reason, &error))
    {
      _sh_project_window_edit_failed (self, error);
      return;
    }
  position = sh_image_list_model_get_position (self->images, image_id);
  if (!sh_project_window_go_to_unlabeled (self, position))
    _sh_project_window_toast (self, _("Every photo in this list is done"));
}

static void
sh_project_window_overlay_changed (ShProjectWindow *self)
{
  gboolean show = gtk_toggle_button_get_active (self->overlay_button);

  sh_image_canvas_set_show_overlay (self->canvas, show);
  _sh_project_window_swatch_set_show_overlay (self, show);
}

/* Return on the canvas accepts the model's boxes. The window's own Return binding is reached only from
 * elsewhere: GtkWindow binds Return to its default widget before a subclass's bindings are looked at. */
static gboolean
sh_project_window_canvas_key (ShProjectWindow       *self,
                              guint                  keyval,
                              guint                  keycode,
                              GdkModifierType        state,
                              GtkEventControllerKey *controller)
{
  if ((keyval != GDK_KEY_Return && keyval != GDK_KEY_KP_Enter && keyval != GDK_KEY_ISO_Enter)
      || (state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SHIFT_MASK)) != 0)
    return FALSE;
  if (!gtk_widget_activate_action (GTK_WIDGET (self), "win.accept-model", NULL))
    gtk_widget_error_bell (GTK_WIDGET (self));
  return TRUE;
}

/* ---- input for the labeling timer ---- */

static void
sh_project_window_input_activity (ShProjectWindow *self)
{
  _sh_project_window_timer_activity (self);
}

static gboolean
sh_project_window_key_activity (ShProjectWindow       *self,
                                guint                  keyval,
                                guint                  keycode,
                                GdkModifierType        state,
                                GtkEventControllerKey *controller)
{
  sh_project_window_input_activity (self);
  return FALSE;
}

/* ---- GObject ---- */

static void
sh_project_window_dispose (GObject *object)
{
  ShProjectWindow *self = SH_PROJECT_WINDOW (object);

  _sh_project_window_close_project (self);
  g_clear_object (&self->import_cancellable);
  g_clear_pointer (&self->monitor, sh_display_profile_unref);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);
  g_clear_object (&self->class_css);
  gtk_widget_dispose_template (GTK_WIDGET (self), SH_TYPE_PROJECT_WINDOW);
  G_OBJECT_CLASS (sh_project_window_parent_class)->dispose (object);
}

static void
sh_project_window_finalize (GObject *object)
{
  ShProjectWindow *self = SH_PROJECT_WINDOW (object);

  g_free (self->labeler);
  g_free (self->last_geometry);
  G_OBJECT_CLASS (sh_project_window_parent_class)->finalize (object);
}

static void
sh_project_window_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  ShProjectWindow *self = SH_PROJECT_WINDOW (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    case PROP_CURRENT_IMAGE:
      g_value_set_int64 (value, self->current_image_id);
      break;
    case PROP_SHOWN_IMAGE:
      g_value_set_int64 (value, self->shown_image_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sh_project_window_class_init (ShProjectWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sh_project_window_dispose;
  object_class->finalize = sh_project_window_finalize;
  object_class->get_property = sh_project_window_get_property;
  widget_class->unrealize = sh_project_window_unrealize;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CURRENT_IMAGE] =
    g_param_spec_int64 ("current-image", NULL, NULL, 0, G_MAXINT64, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHOWN_IMAGE] =
    g_param_spec_int64 ("shown-image", NULL, NULL, 0, G_MAXINT64, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (SH_TYPE_IMAGE_CANVAS);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/shadelab/Shadelab/ui/sh-project-window.ui");
  gtk_widget_class_bind_template_child (widget_class, ShProjectWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, ShProjectWindow, import_progress);
  gtk_widget_class_bind_template_child (widget_class, ShProjectWindow, undo_button);
  gtk_widget_class_bind_template_child (widget_class, ShProjectWindow, redo_button);
  gtk_widget_class_bind_template_child (widget_class, ShProjectWindow, class_button);
  gtk_widget_class_bind_template_child (widget_class, ShProjectWindow, class_key_label);
  gtk_widget_class_bind_template_child (widget_class, ShProjectWindow, class_name_label);
  gtk_widget_class_bind_template_child (widget_class, ShProjectWindow, overlay_button);
  gtk_widget_class_bind_template_child (widget_class, ShProjectWindow, read_only_revealer);
  gtk_widget_class_bind_template_child (widget_class, ShProjectWindow, write_failed_revealer);
  gtk_widget_class_bind_template_child (widget_class, ShProjectWindow, write_failed_label);
  gtk_widget_class_bind_template_child (widget_class, ShProjectWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, ShProjectWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, ShProjectWindow, no_project_page);
  gtk_widget_class_bind_template_child (widget_class, ShProjectWindow, list_bin);
  gtk_widget_class_bind_template_child (widget_class, ShProjectWindow, canvas_stack);
  gtk_widget_class_bind_template_child (widget_class, ShProjectWindow, canvas);
  gtk_widget_class_bind_template_child (widget_class, ShProjectWindow, unreadable_page);
  gtk_widget_class_bind_template_child (widget_class, ShProjectWindow, swatch_bin);
  gtk_widget_class_bind_template_callback (widget_class, sh_project_window_overlay_changed);

  _sh_project_window_class_actions_init (widget_class);
  _sh_project_window_install_file_actions (widget_class);
  _sh_project_window_install_product_actions (widget_class);

  _sh_project_window_bind_file_keys (widget_class);
  _sh_project_window_bind_product_keys (widget_class);
}

static void
sh_project_window_init (ShProjectWindow *self)
{
  GtkEventController *keys;
  GtkEventController *motion;
  GtkStyleContext *style;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->settings = sh_application_new_settings ();
  self->labeler = sh_labeler_name (self->settings);
  gtk_window_set_default_size (GTK_WINDOW (self), g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
  g_signal_connect_object (self->settings, "changed::display-profile",
                           G_CALLBACK (sh_project_window_display_profile_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::pixel-limit",
                           G_CALLBACK (sh_project_window_parts_setting_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::default-method",
                           G_CALLBACK (sh_project_window_parts_setting_changed), self, G_CONNECT_SWAPPED);

  self->class_css = gtk_css_provider_new ();
  style = gtk_widget_get_style_context (GTK_WIDGET (self->class_key_label));
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_add_provider (style, GTK_STYLE_PROVIDER (self->class_css),
                                  GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  G_GNUC_END_IGNORE_DEPRECATIONS

  g_signal_connect_object (self->canvas, "box-drawn", G_CALLBACK (sh_project_window_box_drawn), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->canvas, "box-dragging", G_CALLBACK (sh_project_window_box_dragging), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->canvas, "box-changed", G_CALLBACK (sh_project_window_box_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->canvas, "box-selected", G_CALLBACK (sh_project_window_box_selected), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->canvas, "detail-wanted", G_CALLBACK (sh_project_window_canvas_detail_wanted),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->canvas, "space-tapped", G_CALLBACK (sh_project_window_space_tapped), self,
                           G_CONNECT_SWAPPED);

  keys = gtk_event_controller_key_new ();
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (sh_project_window_canvas_key), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->canvas), keys);

  /* Any key or pointer movement counts as time spent on the photo. */
  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (sh_project_window_key_activity), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
  motion = gtk_event_controller_motion_new ();
  gtk_event_controller_set_propagation_phase (motion, GTK_PHASE_CAPTURE);
  g_signal_connect_object (motion, "motion", G_CALLBACK (sh_project_window_input_activity), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);

  _sh_project_window_init_file_handling (self);

  if (g_strcmp0 (g_getenv ("SHADELAB_DEBUG_FIRST_FRAME"), "1") == 0)
    g_signal_connect (self, "realize", G_CALLBACK (sh_project_window_realized_cb), NULL);
  if (g_strcmp0 (g_getenv ("SHADELAB_DEBUG_GEOMETRY"), "1") == 0)
    gtk_widget_add_tick_callback (GTK_WIDGET (self->canvas), sh_project_window_print_geometry, self, NULL);

  sh_project_window_update_title (self);
  _sh_project_window_update_page (self);
  _sh_project_window_update_actions (self);
}
