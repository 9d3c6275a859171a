/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sh-preferences-window.c: the preferences window (see sh-preferences-window.h). Each control is bound to
 * its key in org.shadelab.Shadelab; the display profile is checked before it is stored, so the setting only
 * ever names a file that could be used when it was chosen. */
#define G_LOG_DOMAIN "shadelab-preferences"

#include "config.h"

#include <glib/gi18n.h>

#include "monitor-profile.h"
#include "widgets/a11y-util.h"
#include "sh-preferences-window.h"
#include "shadelab-application.h"
#include "user-text.h"

struct _ShPreferencesWindow
{
  AdwPreferencesWindow parent_instance;

  /* Template widgets */
  AdwActionRow *profile_row;
  GtkWidget *automatic_button;
  GtkWidget *choose_button;
  AdwPreferencesGroup *labeling_group;
  AdwEntryRow *labeler_row;
  AdwComboRow *method_row;
  AdwActionRow *pixel_limit_row;
  GtkSpinButton *pixel_limit_spin;
  AdwActionRow *min_resolution_row;
  GtkSpinButton *min_resolution_spin;
  AdwComboRow *style_row;

  GSettings *settings;
  GtkFileChooserNative *chooser;
  char *profile_summary;
};

G_DEFINE_FINAL_TYPE (ShPreferencesWindow, sh_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

ShPreferencesWindow *
sh_preferences_window_new (GtkWindow *parent)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  return g_object_new (SH_TYPE_PREFERENCES_WINDOW, "transient-for", parent, NULL);
}

static void
sh_preferences_window_toast (ShPreferencesWindow *self, const char *message)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_timeout (toast, 10);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), toast);
}

/* ---- display profile ---- */

/* The profile the windows use now, described: the chosen file's, or what automatic finds. */
static void
sh_preferences_window_update_profile (ShPreferencesWindow *self)
{
  g_autofree char *chosen = g_settings_get_string (self->settings, "display-profile");
  g_autoptr (GError) error = NULL;
  ShMonitorProfileSource source = SH_MONITOR_PROFILE_SOURCE_DEFAULT;
  GtkWidget *parent = GTK_WIDGET (gtk_window_get_transient_for (GTK_WINDOW (self)));
  ShDisplayProfile *profile;
  char *summary;

  /* The monitor of the window the preferences belong to is the one whose profile matters. */
  profile = sh_monitor_profile_load_for_widget (parent != NULL ? parent : GTK_WIDGET (self),
                                                *chosen != '\0' ? chosen : NULL, &source, &error);
  if (*chosen != '\0')
    {
      g_autofree char *base_name = g_filename_display_basename (chosen);
      g_autofree char *full_name = g_filename_display_name (chosen);

      gtk_widget_set_tooltip_text (GTK_WIDGET (self->profile_row), full_name);
      if (profile != NULL)
        /* Translators: a display profile's description and the name of the file it comes from */
        summary = g_strdup_printf (_("%s (%s)"), sh_display_profile_get_description (profile), base_name);
      else
        /* Translators: the chosen file went away or changed; the error says which file and why */
        summary = g_strdup_printf (_("Unusable, the automatic profile is shown instead: %s"), error->message);
    }
  else
    {
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->profile_row), NULL);
      if (source == SH_MONITOR_PROFILE_SOURCE_X11)
        /* Translators: the description of the profile the display publishes */
        summary = g_strdup_printf (_("From the display: %s"), sh_display_profile_get_description (profile));
      else
        summary = g_strdup (_("sRGB (no display profile found)"));
    }

  g_clear_pointer (&profile, sh_display_profile_unref);
  g_free (self->profile_summary);
  self->profile_summary = summary;
  adw_action_row_set_subtitle (self->profile_row, summary);
  gtk_widget_set_sensitive (self->automatic_button, *chosen != '\0');
}

gboolean
sh_preferences_window_use_display_profile (ShPreferencesWindow *self, const char *path, GError **error)
{
  g_autoptr (GError) local_error = NULL;
  ShDisplayProfile *profile;

  g_return_val_if_fail (SH_IS_PREFERENCES_WINDOW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  /* Checked as the windows will load it, so an unusable file never reaches the setting. */
  profile = sh_monitor_profile_load (gtk_widget_get_display (GTK_WIDGET (self)), 0, path, NULL, &local_error);
  if (profile == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("This profile cannot be used: %s"), local_error->message);

      sh_preferences_window_toast (self, message);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  sh_display_profile_unref (profile);
  g_settings_set_string (self->settings, "display-profile", path);
  return TRUE;
}

void
sh_preferences_window_use_automatic_profile (ShPreferencesWindow *self)
{
  g_return_if_fail (SH_IS_PREFERENCES_WINDOW (self));
  g_settings_set_string (self->settings, "display-profile", "");
}

const char *
sh_preferences_window_get_display_profile_summary (ShPreferencesWindow *self)
{
  g_return_val_if_fail (SH_IS_PREFERENCES_WINDOW (self), NULL);
  return self->profile_summary;
}

static void
automatic_clicked (ShPreferencesWindow *self)
{
  sh_preferences_window_use_automatic_profile (self);
}

static void
profile_chosen (ShPreferencesWindow  *self,
                int                   response,
                GtkFileChooserNative *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path != NULL)
        sh_preferences_window_use_display_profile (self, path, NULL);
    }
  g_clear_object (&self->chooser);
}

static void
choose_clicked (ShPreferencesWindow *self)
{
  g_autoptr (GtkFileFilter) icc = gtk_file_filter_new ();
  g_autoptr (GtkFileFilter) all = gtk_file_filter_new ();
  g_autofree char *chosen = g_settings_get_string (self->settings, "display-profile");
  g_autoptr (GFile) folder = NULL;

  if (self->chooser != NULL)
    {
      gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
      return;
    }
  gtk_file_filter_set_name (icc, _("ICC profiles"));
  gtk_file_filter_add_suffix (icc, "icc");
  gtk_file_filter_add_suffix (icc, "icm");
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");

  self->chooser = gtk_file_chooser_native_new (_("Choose a Display Colour Profile"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Choose"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), icc);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), all);
  gtk_file_chooser_set_filter (GTK_FILE_CHOOSER (self->chooser), icc);
  /* Start where profiles usually are: beside the current one, else the user's colour folder. */
  if (*chosen != '\0')
    {
      g_autoptr (GFile) current = g_file_new_for_path (chosen);

      folder = g_file_get_parent (current);
    }
  else
    {
      g_autofree char *icc_dir = g_build_filename (g_get_user_data_dir (), "icc", NULL);

      if (g_file_test (icc_dir, G_FILE_TEST_IS_DIR))
        folder = g_file_new_for_path (icc_dir);
    }
  if (folder != NULL)
    gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (self->chooser), folder, NULL);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (profile_chosen), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* ---- labeler name ---- */

static void
sh_preferences_window_update_labeler (ShPreferencesWindow *self)
{
  g_autofree char *name = g_settings_get_string (self->settings, "labeler-name");
  const char *account = sh_account_name ();
  g_autofree char *description = NULL;

  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->labeler_row)), name) != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->labeler_row), name);
  /* Translators: %s is the account's name, used when the labeler name is left empty */
  description = g_strdup_printf (_("The name is stored with every box and with the time spent per photo, for "
                                   "projects opened from now on. Left empty, it is “%s”."), account);
  adw_preferences_group_set_description (self->labeling_group, description);
}

static void
labeler_applied (ShPreferencesWindow *self)
{
  g_autofree char *name = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->labeler_row)));

  g_settings_set_string (self->settings, "labeler-name", g_strstrip (name));
}

/* ---- settings <-> controls ---- */

static gboolean
method_from_setting (GValue   *value,
                     GVariant *variant,
                     gpointer  user_data)
{
  static const char *const nicks[] = { "robust", "mean", "dominant" };
  const char *nick = g_variant_get_string (variant, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (nicks); i++)
    {
      if (g_str_equal (nick, nicks[i]))
        {
          g_value_set_uint (value, i);
          return TRUE;
        }
    }
  return FALSE;
}

static GVariant *
method_to_setting (const GValue       *value,
                   const GVariantType *expected_type,
                   gpointer            user_data)
{
  static const char *const nicks[] = { "robust", "mean", "dominant" };
  guint selected = g_value_get_uint (value);

  if (selected >= G_N_ELEMENTS (nicks))
    return NULL;
  return g_variant_new_string (nicks[selected]);
}

/* The style row lists the setting's values in its enum's order. */
static const char *const style_nicks[] = { "system", "light", "dark" };

static gboolean
style_from_setting (GValue   *value,
                    GVariant *variant,
                    gpointer  user_data)
{
  const char *nick = g_variant_get_string (variant, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (style_nicks); i++)
    {
      if (g_str_equal (nick, style_nicks[i]))
        {
          g_value_set_uint (value, i);
          return TRUE;
        }
    }
  return FALSE;
}

static GVariant *
style_to_setting (const GValue       *value,
                  const GVariantType *expected_type,
                  gpointer            user_data)
{
  guint selected = g_value_get_uint (value);

  if (selected >= G_N_ELEMENTS (style_nicks))
    return NULL;
  return g_variant_new_string (style_nicks[selected]);
}

static gboolean
megapixels_from_setting (GValue   *value,
                         GVariant *variant,
                         gpointer  user_data)
{
  g_value_set_double (value, (double) g_variant_get_uint64 (variant) / 1e6);
  return TRUE;
}

static GVariant *
megapixels_to_setting (const GValue       *value,
                       const GVariantType *expected_type,
                       gpointer            user_data)
{
  return g_variant_new_uint64 ((guint64) (g_value_get_double (value) * 1e6 + 0.5));
}

static void
sh_preferences_window_setting_changed (ShPreferencesWindow *self,
                                       const char          *key,
                                       GSettings           *settings)
{
  if (g_strcmp0 (key, "display-profile") == 0)
    sh_preferences_window_update_profile (self);
  else if (g_strcmp0 (key, "labeler-name") == 0)
    sh_preferences_window_update_labeler (self);
}

/* ---- GObject ---- */

static void
sh_preferences_window_dispose (GObject *object)
{
  ShPreferencesWindow *self = SH_PREFERENCES_WINDOW (object);

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), SH_TYPE_PREFERENCES_WINDOW);
  G_OBJECT_CLASS (sh_preferences_window_parent_class)->dispose (object);
}

static void
sh_preferences_window_finalize (GObject *object)
{
  ShPreferencesWindow *self = SH_PREFERENCES_WINDOW (object);

  g_free (self->profile_summary);
  G_OBJECT_CLASS (sh_preferences_window_parent_class)->finalize (object);
}

static void
sh_preferences_window_class_init (ShPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sh_preferences_window_dispose;
  object_class->finalize = sh_preferences_window_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/shadelab/Shadelab/ui/sh-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, ShPreferencesWindow, profile_row);
  gtk_widget_class_bind_template_child (widget_class, ShPreferencesWindow, automatic_button);
  gtk_widget_class_bind_template_child (widget_class, ShPreferencesWindow, choose_button);
  gtk_widget_class_bind_template_child (widget_class, ShPreferencesWindow, labeling_group);
  gtk_widget_class_bind_template_child (widget_class, ShPreferencesWindow, labeler_row);
  gtk_widget_class_bind_template_child (widget_class, ShPreferencesWindow, method_row);
  gtk_widget_class_bind_template_child (widget_class, ShPreferencesWindow, pixel_limit_row);
  gtk_widget_class_bind_template_child (widget_class, ShPreferencesWindow, pixel_limit_spin);
  gtk_widget_class_bind_template_child (widget_class, ShPreferencesWindow, min_resolution_row);
  gtk_widget_class_bind_template_child (widget_class, ShPreferencesWindow, min_resolution_spin);
  gtk_widget_class_bind_template_child (widget_class, ShPreferencesWindow, style_row);
  gtk_widget_class_bind_template_callback (widget_class, automatic_clicked);
  gtk_widget_class_bind_template_callback (widget_class, choose_clicked);
  gtk_widget_class_bind_template_callback (widget_class, labeler_applied);
}

static void
sh_preferences_window_init (ShPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->settings = sh_application_new_settings ();

  g_settings_bind_with_mapping (self->settings, "default-method", self->method_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, method_from_setting, method_to_setting, NULL, NULL);
  g_settings_bind_with_mapping (self->settings, "pixel-limit", gtk_spin_button_get_adjustment (self->pixel_limit_spin),
                                "value", G_SETTINGS_BIND_DEFAULT, megapixels_from_setting, megapixels_to_setting,
                                NULL, NULL);
  adw_action_row_set_activatable_widget (self->pixel_limit_row, GTK_WIDGET (self->pixel_limit_spin));
  sh_accessible_set_label (self->pixel_limit_spin, _("Largest photo, in megapixels"));
  g_settings_bind (self->settings, "min-resolution", gtk_spin_button_get_adjustment (self->min_resolution_spin),
                   "value", G_SETTINGS_BIND_DEFAULT);
  adw_action_row_set_activatable_widget (self->min_resolution_row, GTK_WIDGET (self->min_resolution_spin));
  sh_accessible_set_label (self->min_resolution_spin, _("Minimum resolution: pixels on the shorter side"));
  g_settings_bind_with_mapping (self->settings, "style", self->style_row, "selected", G_SETTINGS_BIND_DEFAULT,
                                style_from_setting, style_to_setting, NULL, NULL);

  g_signal_connect_object (self->settings, "changed", G_CALLBACK (sh_preferences_window_setting_changed), self,
                           G_CONNECT_SWAPPED);
  sh_preferences_window_update_labeler (self);
  sh_preferences_window_update_profile (self);
}
