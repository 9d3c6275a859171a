/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sh-project-window-actions.c: the labeling window's "win." actions and their keys (files, products and
 * export add theirs from sh-project-window-files.c and sh-project-window-products.c). */
#define G_LOG_DOMAIN "shadelab-window"

#include "config.h"

#include <string.h>

#include "sh-project-window-private.h"
#include "widgets/a11y-util.h"

/* After a failed save: a fresh connection, locks and journal (the store refuses changes once it lost them). */
static void
action_reopen_project (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  ShProjectWindow *self = SH_PROJECT_WINDOW (widget);
  g_autofree char *path = g_strdup (self->path);
  ShProjectOpenMode mode = self->read_only ? SH_PROJECT_OPEN_READ_ONLY : SH_PROJECT_OPEN_READ_WRITE;

  if (path == NULL)
    return;
  /* The lock is per project and process: the old connection goes before the new one can take it. */
  _sh_project_window_close_project (self);
  if (!sh_project_window_open (self, path, mode))
    _sh_project_window_update_page (self);
}

static void
action_step_image (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  ShProjectWindow *self = SH_PROJECT_WINDOW (widget);
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->images));
  guint position = sh_image_list_model_get_position (self->images, self->current_image_id);
  gboolean forward = g_str_equal (action_name, "win.next-image");

  if (n_items == 0)
    return;
  if (position == G_MAXUINT)
    position = 0;
  else if (forward && position + 1 < n_items)
    position++;
  else if (!forward && position > 0)
    position--;
  else
    {
      gtk_widget_error_bell (widget);
      return;
    }
  _sh_project_window_go_to (self, sh_image_list_model_get_id (self->images, position));
}

static void
action_new_box (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  ShProjectWindow *self = SH_PROJECT_WINDOW (widget);

  gtk_widget_activate_action (GTK_WIDGET (self->canvas), "canvas.new-box-at-center", NULL);
}

static void
action_delete_box (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  ShProjectWindow *self = SH_PROJECT_WINDOW (widget);
  g_autoptr (GError) error = NULL;

  if (_sh_project_window_find_box (self, self->selected_box_id) == NULL)
    return;
  if (!sh_edit_history_delete_box (self->history, self->selected_box_id, &error))
    _sh_project_window_edit_failed (self, error);
  else
    _sh_project_window_select_box (self, 0);
}

static void
action_duplicate_box (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  ShProjectWindow *self = SH_PROJECT_WINDOW (widget);
  g_autoptr (GError) error = NULL;
  gint64 new_id = 0;

  if (_sh_project_window_find_box (self, self->selected_box_id) == NULL)
    return;
  if (!sh_edit_history_duplicate_box (self->history, self->selected_box_id, &new_id, &error))
    _sh_project_window_edit_failed (self, error);
  else
    _sh_project_window_select_box (self, new_id);
}

static void
sh_project_window_undo_redo (ShProjectWindow *self, gboolean undo)
{
  g_autoptr (GError) error = NULL;
  gint64 image_id = undo ? sh_edit_history_get_undo_image (self->history)
                         : sh_edit_history_get_redo_image (self->history);
  const ShBoxRow *measured = _sh_project_window_find_box (self, self->swatch_box_id);
  gboolean measuring = measured != NULL;
  ShBox measured_box = { 0 };
  gboolean ok;

  if (measuring)
    measured_box = _sh_box_from_doubles (measured->x, measured->y, measured->w, measured->h);
  ok = undo ? sh_edit_history_undo (self->history, &error) : sh_edit_history_redo (self->history, &error);
  if (!ok)
    {
      _sh_project_window_edit_failed (self, error);
      return;
    }
  /* The step may have moved the box the panel measures, or taken it away: the panel shows the box as it is
   * stored now, as the store does. */
  if (measuring)
    {
      const ShBoxRow *now = _sh_project_window_find_box (self, self->swatch_box_id);
      ShBox now_box = now != NULL ? _sh_box_from_doubles (now->x, now->y, now->w, now->h) : (ShBox) { 0 };

      if (now == NULL || now_box.x != measured_box.x || now_box.y != measured_box.y || now_box.w != measured_box.w
          || now_box.h != measured_box.h)
        _sh_project_window_show_swatch_for (self, now != NULL ? now->id : 0);
    }
  /* Undo reaches across photos: show the one that changed, so the user sees what was undone. */
  if (image_id != 0 && image_id != self->current_image_id)
    _sh_project_window_go_to (self, image_id);
  _sh_project_window_update_actions (self);
}

static void
action_undo (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  sh_project_window_undo_redo (SH_PROJECT_WINDOW (widget), TRUE);
}

static void
action_redo (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  sh_project_window_undo_redo (SH_PROJECT_WINDOW (widget), FALSE);
}

static void
action_set_class (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  ShProjectWindow *self = SH_PROJECT_WINDOW (widget);
  int index = g_variant_get_int32 (parameter);
  ShBoxRow *selected;

  if (self->classes == NULL || index < 0 || (guint) index >= self->classes->len)
    {
      gtk_widget_error_bell (widget);
      return;
    }
  self->current_class = index;
  sh_image_canvas_set_current_class (self->canvas, index);
  _sh_project_window_update_class_button (self);

  /* With a box selected, the key also changes that box's class. */
  selected = _sh_project_window_find_box (self, self->selected_box_id);
  if (selected != NULL && g_strcmp0 (selected->class_name, g_ptr_array_index (self->classes, index)) != 0)
    {
      g_autoptr (GError) error = NULL;
      ShBoxRow row = *selected;

      row.class_name = g_ptr_array_index (self->classes, index);
      if (row.source == SH_BOX_SOURCE_MODEL)
        row.accepted = TRUE;
      if (!sh_edit_history_update_box (self->history, &row, &error))
        _sh_project_window_edit_failed (self, error);
    }
}

static void
action_toggle_occluded (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  ShProjectWindow *self = SH_PROJECT_WINDOW (widget);
  g_autoptr (GError) error = NULL;
  ShBoxRow *selected = _sh_project_window_find_box (self, self->selected_box_id);
  ShBoxRow row;

  if (selected == NULL)
    return;
  row = *selected;
  row.occluded = !row.occluded;
  if (!sh_edit_history_update_box (self->history, &row, &error))
    _sh_project_window_edit_failed (self, error);
}

static void
action_accept_model (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  ShProjectWindow *self = SH_PROJECT_WINDOW (widget);
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; self->boxes != NULL && i < self->boxes->len; i++)
    {
      const ShBoxRow *row = &g_array_index (self->boxes, ShBoxRow, i);

      if (row->source == SH_BOX_SOURCE_MODEL && !row->accepted
          && (self->selected_box_id == 0 || row->id == self->selected_box_id))
        g_array_append_val (ids, row->id);
    }
  /* One step per box: each is its own transaction, and undo takes them back one by one. */
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr (GError) error = NULL;

      if (!sh_edit_history_accept_model_box (self->history, g_array_index (ids, gint64, i), &error))
        {
          _sh_project_window_edit_failed (self, error);
          return;
        }
    }
}

static void
action_mark_done (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  ShProjectWindow *self = SH_PROJECT_WINDOW (widget);
  guint n_unaccepted = 0;

  for (guint i = 0; self->boxes != NULL && i < self->boxes->len; i++)
    {
      const ShBoxRow *row = &g_array_index (self->boxes, ShBoxRow, i);

      n_unaccepted += row->source == SH_BOX_SOURCE_MODEL && !row->accepted;
    }
  /* Predictions nobody looked at are not labels: done asks what to do with them first. */
  if (n_unaccepted > 0 && _sh_project_window_can_edit (self))
    _sh_project_window_ask_done (self, n_unaccepted);
  else
    _sh_project_window_finish_image (self, SH_IMAGE_LABELED, NULL);
}

static void
action_skip_image (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  _sh_project_window_finish_image (SH_PROJECT_WINDOW (widget), SH_IMAGE_SKIPPED, NULL);
}

static void
action_reject_with_reason (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  const char *reason = g_variant_get_string (parameter, NULL);

  _sh_project_window_finish_image (SH_PROJECT_WINDOW (widget), SH_IMAGE_REJECTED, *reason != '\0' ? reason : NULL);
}

static void
action_reject_image (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  _sh_project_window_show_reject_dialog (SH_PROJECT_WINDOW (widget));
}

static void
action_filter (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  _sh_project_window_list_focus_search (SH_PROJECT_WINDOW (widget));
}

/* The view keys (zoom, fit, 1:1) work wherever the focus is in the window: the canvas's own bindings answer
 * when it has the focus, these otherwise. */
static void
action_zoom (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  ShProjectWindow *self = SH_PROJECT_WINDOW (widget);
  g_autofree char *canvas_action = g_strconcat ("canvas.", action_name + strlen ("win."), NULL);

  gtk_widget_activate_action (GTK_WIDGET (self->canvas), canvas_action, NULL);
}

static void
action_toggle_overlay (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  ShProjectWindow *self = SH_PROJECT_WINDOW (widget);

  gtk_toggle_button_set_active (self->overlay_button, !gtk_toggle_button_get_active (self->overlay_button));
}

/* F6 / Shift+F6: the focus goes round the window's parts (header bar, photo list, canvas, swatch panel). */
static void
action_focus_pane (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  ShProjectWindow *self = SH_PROJECT_WINDOW (widget);
  GtkWidget *header_bar = gtk_widget_get_ancestor (self->undo_button, ADW_TYPE_HEADER_BAR);
  gboolean forward = g_str_equal (action_name, "win.focus-next-pane");

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "labeling") == 0)
    {
      GtkWidget *panes[] = { header_bar, GTK_WIDGET (self->list_bin), GTK_WIDGET (self->canvas_stack),
                             GTK_WIDGET (self->swatch_bin) };

      if (!sh_accessible_focus_next_pane (GTK_WINDOW (self), panes, G_N_ELEMENTS (panes), forward))
        gtk_widget_error_bell (widget);
    }
  else
    {
      GtkWidget *panes[] = { header_bar, GTK_WIDGET (self->main_stack) };

      if (!sh_accessible_focus_next_pane (GTK_WINDOW (self), panes, G_N_ELEMENTS (panes), forward))
        gtk_widget_error_bell (widget);
    }
}

static void
bind_key (GtkWidgetClass *widget_class, guint keyval, GdkModifierType modifiers, const char *action)
{
  gtk_widget_class_add_binding_action (widget_class, keyval, modifiers, action, NULL);
}

void
_sh_project_window_class_actions_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.next-image", NULL, action_step_image);
  gtk_widget_class_install_action (widget_class, "win.previous-image", NULL, action_step_image);
  gtk_widget_class_install_action (widget_class, "win.new-box", NULL, action_new_box);
  gtk_widget_class_install_action (widget_class, "win.delete-box", NULL, action_delete_box);
  gtk_widget_class_install_action (widget_class, "win.duplicate-box", NULL, action_duplicate_box);
  gtk_widget_class_install_action (widget_class, "win.reopen-project", NULL, action_reopen_project);
  gtk_widget_class_install_action (widget_class, "win.undo", NULL, action_undo);
  gtk_widget_class_install_action (widget_class, "win.redo", NULL, action_redo);
  gtk_widget_class_install_action (widget_class, "win.set-class", "i", action_set_class);
  gtk_widget_class_install_action (widget_class, "win.toggle-occluded", NULL, action_toggle_occluded);
  gtk_widget_class_install_action (widget_class, "win.accept-model", NULL, action_accept_model);
  gtk_widget_class_install_action (widget_class, "win.mark-done", NULL, action_mark_done);
  gtk_widget_class_install_action (widget_class, "win.skip-image", NULL, action_skip_image);
  gtk_widget_class_install_action (widget_class, "win.reject-image", NULL, action_reject_image);
  gtk_widget_class_install_action (widget_class, "win.reject-with-reason", "s", action_reject_with_reason);
  gtk_widget_class_install_action (widget_class, "win.filter", NULL, action_filter);
  gtk_widget_class_install_action (widget_class, "win.toggle-overlay", NULL, action_toggle_overlay);
  gtk_widget_class_install_action (widget_class, "win.zoom-in", NULL, action_zoom);
  gtk_widget_class_install_action (widget_class, "win.zoom-out", NULL, action_zoom);
  gtk_widget_class_install_action (widget_class, "win.zoom-fit", NULL, action_zoom);
  gtk_widget_class_install_action (widget_class, "win.zoom-1", NULL, action_zoom);
  gtk_widget_class_install_action (widget_class, "win.focus-next-pane", NULL, action_focus_pane);
  gtk_widget_class_install_action (widget_class, "win.focus-previous-pane", NULL, action_focus_pane);

  /* Single keys live on the window in the bubble phase: a text field that has the focus gets its letters
   * first, and the canvas its arrows and Space. */
  bind_key (widget_class, GDK_KEY_d, 0, "win.next-image");
  bind_key (widget_class, GDK_KEY_a, 0, "win.previous-image");
  bind_key (widget_class, GDK_KEY_w, 0, "win.new-box");
  bind_key (widget_class, GDK_KEY_Delete, 0, "win.delete-box");
  bind_key (widget_class, GDK_KEY_KP_Delete, 0, "win.delete-box");
  bind_key (widget_class, GDK_KEY_BackSpace, 0, "win.delete-box");
  bind_key (widget_class, GDK_KEY_d, GDK_CONTROL_MASK, "win.duplicate-box");
  bind_key (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "win.undo");
  bind_key (widget_class, GDK_KEY_z, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.redo");
  bind_key (widget_class, GDK_KEY_Z, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.redo");
  bind_key (widget_class, GDK_KEY_y, GDK_CONTROL_MASK, "win.redo");
  bind_key (widget_class, GDK_KEY_o, 0, "win.toggle-occluded");
  bind_key (widget_class, GDK_KEY_Return, 0, "win.accept-model");
  bind_key (widget_class, GDK_KEY_KP_Enter, 0, "win.accept-model");
  bind_key (widget_class, GDK_KEY_s, 0, "win.skip-image");
  bind_key (widget_class, GDK_KEY_r, 0, "win.reject-image");
  bind_key (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.filter");
  bind_key (widget_class, GDK_KEY_v, 0, "win.toggle-overlay");
  bind_key (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "win.zoom-in");
  bind_key (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "win.zoom-in");
  bind_key (widget_class, GDK_KEY_KP_Add, GDK_CONTROL_MASK, "win.zoom-in");
  bind_key (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "win.zoom-out");
  bind_key (widget_class, GDK_KEY_KP_Subtract, GDK_CONTROL_MASK, "win.zoom-out");
  bind_key (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "win.zoom-fit");
  bind_key (widget_class, GDK_KEY_KP_0, GDK_CONTROL_MASK, "win.zoom-fit");
  bind_key (widget_class, GDK_KEY_1, GDK_CONTROL_MASK, "win.zoom-1");
  bind_key (widget_class, GDK_KEY_KP_1, GDK_CONTROL_MASK, "win.zoom-1");
  bind_key (widget_class, GDK_KEY_F6, 0, "win.focus-next-pane");
  bind_key (widget_class, GDK_KEY_F6, GDK_SHIFT_MASK, "win.focus-previous-pane");
  for (guint i = 0; i < 9; i++)
    {
      gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + i, 0, "win.set-class", "i", (gint32) i);
      gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_1 + i, 0, "win.set-class", "i", (gint32) i);
    }
}
