/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sh-calibration-window-actions.c: the calibration window's "win." actions and their keys (see
 * sh-calibration-window.h for the list). */
#define G_LOG_DOMAIN "shadelab-calibration"

#include "config.h"

#include "sh-calibration-window-private.h"

static void
step_history (ShCalibrationWindow *self, gboolean undo)
{
  g_autoptr (GError) error = NULL;
  gint64 product_id;
  gboolean ok;

  if (!sh_calibration_window_commit (self))
    return;
  product_id = undo ? sh_material_history_get_undo_product (self->history)
                    : sh_material_history_get_redo_product (self->history);
  /* Show the product first, so the change is seen where it happens. */
  if (product_id != 0 && sh_calibration_window_get_selected_product (self) != product_id)
    _sh_calibration_window_select_id (self, product_id);
  ok = undo ? sh_material_history_undo (self->history, &error) : sh_material_history_redo (self->history, &error);
  if (!ok)
    _sh_calibration_window_save_failed (self, error);
  _sh_calibration_window_update_actions (self);
}

static void
action_undo (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  step_history (SH_CALIBRATION_WINDOW (widget), TRUE);
}

static void
action_redo (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  step_history (SH_CALIBRATION_WINDOW (widget), FALSE);
}

static void
action_select_product (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  sh_calibration_window_select_product (SH_CALIBRATION_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
action_apply_preset (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  sh_calibration_window_apply_preset (SH_CALIBRATION_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
action_show_audit_log (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  ShCalibrationWindow *self = SH_CALIBRATION_WINDOW (widget);

  _sh_calibration_window_update_audit_log (self);
  gtk_menu_button_popup (self->audit_button);
}

static void
action_show_labeling_window (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  ShCalibrationWindow *self = SH_CALIBRATION_WINDOW (widget);

  if (self->project_window != NULL)
    gtk_window_present (GTK_WINDOW (self->project_window));
}

static void
action_dismiss_save_failure (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  _sh_calibration_window_hide_save_failure (SH_CALIBRATION_WINDOW (widget));
}

void
_sh_calibration_window_class_actions_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.undo", NULL, action_undo);
  gtk_widget_class_install_action (widget_class, "win.redo", NULL, action_redo);
  gtk_widget_class_install_action (widget_class, "win.select-product", "s", action_select_product);
  gtk_widget_class_install_action (widget_class, "win.apply-preset", "s", action_apply_preset);
  gtk_widget_class_install_action (widget_class, "win.show-audit-log", NULL, action_show_audit_log);
  gtk_widget_class_install_action (widget_class, "win.show-labeling-window", NULL, action_show_labeling_window);
  gtk_widget_class_install_action (widget_class, "win.dismiss-save-failure", NULL, action_dismiss_save_failure);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "win.undo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Z, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_y, GDK_CONTROL_MASK, "win.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}
