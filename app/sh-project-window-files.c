/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sh-project-window-files.c: what the labeling window does with files: new and open project, importing
 * photos (chooser or drop) on a worker thread with a progress bar and a summary, and the reject dialog. */
#define G_LOG_DOMAIN "shadelab-window"

#include "config.h"

#include <glib/gi18n.h>

#include "core/formats/import.h"
#include "labeling-store.h"
#include "widgets/a11y-util.h"
#include "sh-calibration-window.h"
#include "sh-project-window-private.h"
#include "shadelab-application.h"

/* ---- projects ---- */

static GtkFileFilter *
project_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Shadelab projects"));
  gtk_file_filter_add_pattern (filter, "*" SH_PROJECT_EXTENSION);
  return filter;
}

/* Opens path through the application, which keeps one window per project; without one (tests), here. */
static void
sh_project_window_open_path (ShProjectWindow *self, const char *path)
{
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));

  if (application != NULL && SH_IS_APPLICATION (application))
    sh_application_open_project (SH_APPLICATION (application), path, self);
  else
    sh_project_window_open (self, path, SH_PROJECT_OPEN_READ_WRITE);
}

static void
new_project_response (GtkNativeDialog *chooser,
                      int              response,
                      ShProjectWindow *self)
{
  g_autoptr (GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;
  ShProject *project;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->chooser);
  if (file == NULL || (path = g_file_get_path (file)) == NULL)
    return;
  if (!g_str_has_suffix (path, SH_PROJECT_EXTENSION))
    {
      char *with_extension = g_strconcat (path, SH_PROJECT_EXTENSION, NULL);

      g_free (path);
      path = with_extension;
    }
  project = sh_project_create (path, &error);
  if (project == NULL)
    {
      /* Translators: the reason after the colon is technical and stays in English. */
      g_autofree char *message = g_strdup_printf (_("The project could not be created: %s"), error->message);

      _sh_project_window_toast (self, message);
      return;
    }
  sh_project_close (project);
  sh_project_window_open_path (self, path);
}

static void
action_new_project (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  ShProjectWindow *self = SH_PROJECT_WINDOW (widget);
  g_autoptr (GtkFileFilter) filter = project_filter ();

  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (_("New Project"), GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SAVE,
                                               _("_Create"), _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), _("Lipsticks.shadelab"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (new_project_response), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
open_project_response (GtkNativeDialog *chooser,
                       int              response,
                       ShProjectWindow *self)
{
  g_autoptr (GFile) file = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->chooser);
  if (file != NULL && (path = g_file_get_path (file)) != NULL)
    sh_project_window_open_path (self, path);
}

static void
action_open_project (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  ShProjectWindow *self = SH_PROJECT_WINDOW (widget);
  g_autoptr (GtkFileFilter) filter = project_filter ();

  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (_("Open Project"), GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_OPEN,
                                               _("_Open"), _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (open_project_response), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* ---- import ---- */

struct _ShImportJob {
  ShProjectWindow *self;   /* weak; read on the main thread only */
  ShProject *project;
  gboolean owns_project;   /* the window closed while the import ran: the job closes the project */
  GStrv paths;
  ShImportOptions options;
  ShImportReport report;
  /* Progress, written by the importing thread and read by a main-thread timeout. */
  guint done, total;
};
typedef struct _ShImportJob ImportJob;

static void
import_job_free (gpointer data)
{
  ImportJob *job = data;

  g_clear_weak_pointer (&job->self);
  if (job->owns_project)
    sh_project_close (job->project);
  g_strfreev (job->paths);
  sh_import_report_clear (&job->report);
  g_free (job);
}

static void
import_progress (guint done, guint total, const char *current, gpointer user_data)
{
  ImportJob *job = user_data;

  g_atomic_int_set (&job->total, total);
  g_atomic_int_set (&job->done, done);
}

static void
import_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ImportJob *job = task_data;
  GError *error = NULL;

  if (!sh_import_paths_full (job->project, (const char *const *) job->paths, &job->options, import_progress, job,
                             &job->report, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static gboolean
import_show_progress (gpointer user_data)
{
  ImportJob *job = user_data;
  guint total = g_atomic_int_get (&job->total);
  guint done = g_atomic_int_get (&job->done);

  if (job->self == NULL)
    return G_SOURCE_REMOVE;
  if (total > 0)
    gtk_progress_bar_set_fraction (job->self->import_progress, (double) done / total);
  else
    gtk_progress_bar_pulse (job->self->import_progress);
  return G_SOURCE_CONTINUE;
}

static void
skipped_details_response (AdwMessageDialog *dialog, const char *response, gpointer user_data)
{
}

/* Lists the files an import left out and why, one a line. */
static void
sh_project_window_show_skipped (ShProjectWindow *self, GPtrArray *lines)
{
  GtkWidget *dialog;
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *label;
  g_autoptr (GString) text = g_string_new (NULL);

  for (guint i = 0; i < lines->len; i++)
    {
      if (i > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, g_ptr_array_index (lines, i));
    }
  label = gtk_label_new (text->str);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), label);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 320);

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Files Not Imported"), NULL);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), scrolled);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  g_signal_connect (dialog, "response", G_CALLBACK (skipped_details_response), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
import_details_clicked (AdwToast *toast, gpointer user_data)
{
  GPtrArray *lines = user_data;
  GtkWidget *overlay = g_object_get_data (G_OBJECT (toast), "window");

  if (overlay != NULL)
    sh_project_window_show_skipped (SH_PROJECT_WINDOW (overlay), lines);
}

static const char *
skip_kind_text (ShImportSkipKind kind)
{
  switch (kind)
    {
    case SH_IMPORT_SKIP_NOT_FOUND:
      return _("not found");
    case SH_IMPORT_SKIP_NOT_IMAGE:
      return _("not a photo");
    case SH_IMPORT_SKIP_UNREADABLE:
    default:
      return _("unreadable");
    }
}

static void
import_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GTask *task = G_TASK (result);
  ImportJob *job = g_task_get_task_data (task);
  ShProjectWindow *self = job->self;
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) summary = g_string_new (NULL);
  AdwToast *toast;
  guint n_duplicates = job->report.duplicates->len;
  guint n_skipped = job->report.skipped->len;

  if (self == NULL || self->import_job != job)
    return;
  self->import_job = NULL;
  g_clear_handle_id (&self->import_progress_source, g_source_remove);
  gtk_widget_set_visible (GTK_WIDGET (self->import_progress), FALSE);
  self->importing = FALSE;

  if (!g_task_propagate_boolean (task, &error))
    {
      /* Translators: the reason after the colon is technical and stays in English. */
      g_autofree char *message = g_strdup_printf (_("The import stopped: %s"), error->message);

      _sh_project_window_toast (self, message);
    }

  /* Imported rows may carry boxes an undo step does not know about; the history is kept, the list and the
   * counts are read again. */
  self->n_project_images = sh_labeling_store_count_images (self->reader, NULL);
  sh_image_list_model_reload (self->images);
  _sh_project_window_update_page (self);
  _sh_project_window_update_actions (self);

  /* Translators: the first part of the import summary, "Imported 23 photos · 2 duplicates · 1 skipped" */
  g_string_append_printf (summary, g_dngettext (GETTEXT_PACKAGE, "Imported %u photo", "Imported %u photos",
                                                job->report.imported), job->report.imported);
  if (n_duplicates > 0)
    {
      g_string_append (summary, " · ");
      g_string_append_printf (summary, g_dngettext (GETTEXT_PACKAGE, "%u duplicate", "%u duplicates", n_duplicates),
                              n_duplicates);
    }
  if (n_skipped > 0)
    {
      g_string_append (summary, " · ");
      g_string_append_printf (summary, g_dngettext (GETTEXT_PACKAGE, "%u skipped", "%u skipped", n_skipped),
                              n_skipped);
    }
  g_message ("%s", summary->str);
  toast = adw_toast_new (summary->str);
  adw_toast_set_timeout (toast, n_skipped + n_duplicates > 0 ? 0 : 5);
  if (n_skipped + n_duplicates > 0)
    {
      GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);

      for (guint i = 0; i < n_skipped; i++)
        {
          const ShImportSkip *skip = g_ptr_array_index (job->report.skipped, i);
          g_autofree char *name = g_filename_display_name (skip->path);

          g_ptr_array_add (lines, g_strdup_printf ("%s: %s (%s)", name, skip_kind_text (skip->kind),
                                                   skip->reason != NULL ? skip->reason : ""));
        }
      for (guint i = 0; i < n_duplicates; i++)
        {
          const ShImportDuplicate *duplicate = g_ptr_array_index (job->report.duplicates, i);
          g_autofree char *name = g_filename_display_name (duplicate->path);
          g_autofree char *other = g_filename_display_name (duplicate->duplicate_of);

          /* Translators: a file left out of an import because the same photo is already there */
          g_ptr_array_add (lines, g_strdup_printf (_("%s: the same photo as %s"), name, other));
        }
      adw_toast_set_button_label (toast, _("_Details"));
      g_object_set_data (G_OBJECT (toast), "window", self);
      g_signal_connect_data (toast, "button-clicked", G_CALLBACK (import_details_clicked), lines,
                             (GClosureNotify) (void (*) (void)) g_ptr_array_unref, 0);
    }
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

void
sh_project_window_import (ShProjectWindow *self, const char *const *paths)
{
  g_autoptr (GTask) task = NULL;
  ImportJob *job;

  g_return_if_fail (SH_IS_PROJECT_WINDOW (self));

  if (self->project == NULL)
    {
      _sh_project_window_toast (self, _("Open or create a project first, then add photos to it"));
      return;
    }
  if (self->read_only)
    {
      _sh_project_window_toast (self, _("This project is open read-only: photos cannot be added"));
      return;
    }
  if (self->importing)
    {
      _sh_project_window_toast (self, _("An import is already running"));
      return;
    }

  job = g_new0 (ImportJob, 1);
  g_set_weak_pointer (&job->self, self);
  job->project = self->project;
  job->paths = g_strdupv ((char **) paths);
  /* The preferences' pixel limit, as the prefetcher uses it, so what is imported can also be shown. */
  job->options.load.pixel_limit = g_settings_get_uint64 (self->settings, "pixel-limit");
  job->options.check.min_short_side = (int) g_settings_get_uint (self->settings, "min-resolution");
  sh_import_report_init (&job->report);

  /* While the worker writes on the project's connection, the window edits nothing (its reads use their
   * own connection): edits wait for the import, which commits in batches. */
  self->importing = TRUE;
  self->import_job = job;
  _sh_project_window_update_actions (self);
  gtk_progress_bar_set_fraction (self->import_progress, 0);
  gtk_widget_set_visible (GTK_WIDGET (self->import_progress), TRUE);
  self->import_progress_source = g_timeout_add (100, import_show_progress, job);

  g_clear_object (&self->import_cancellable);
  self->import_cancellable = g_cancellable_new ();
  task = g_task_new (NULL, self->import_cancellable, import_done, NULL);
  g_task_set_source_tag (task, sh_project_window_import);
  g_task_set_task_data (task, job, import_job_free);
  g_task_run_in_thread (task, import_thread);
}

/* Called before the window closes its project: an import still writing keeps the project open until it is
 * done and then closes it. Returns whether the project was handed over. */
gboolean
_sh_project_window_detach_import (ShProjectWindow *self)
{
  ImportJob *job = self->import_job;

  g_clear_handle_id (&self->import_progress_source, g_source_remove);
  gtk_widget_set_visible (GTK_WIDGET (self->import_progress), FALSE);
  self->importing = FALSE;
  if (job == NULL)
    return FALSE;
  self->import_job = NULL;
  job->owns_project = TRUE;
  g_clear_weak_pointer (&job->self);
  return TRUE;
}

static void
import_response (GtkNativeDialog *chooser,
                 int              response,
                 ShProjectWindow *self)
{
  g_autoptr (GListModel) files = NULL;
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_auto (GStrv) paths = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->chooser);
  if (files == NULL)
    return;
  for (guint i = 0; i < g_list_model_get_n_items (files); i++)
    {
      g_autoptr (GFile) file = g_list_model_get_item (files, i);
      g_autofree char *path = g_file_get_path (file);

      if (path != NULL)
        g_strv_builder_add (builder, path);
    }
  paths = g_strv_builder_end (builder);
  if (paths[0] != NULL)
    sh_project_window_import (self, (const char *const *) paths);
}

static void
action_import_photos (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  ShProjectWindow *self = SH_PROJECT_WINDOW (widget);
  g_autoptr (GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Photos"));
  gtk_file_filter_add_mime_type (filter, "image/jpeg");
  gtk_file_filter_add_mime_type (filter, "image/png");
  gtk_file_filter_add_mime_type (filter, "image/tiff");
  gtk_file_filter_add_mime_type (filter, "image/webp");
  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (_("Import Photos"), GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_OPEN,
                                               _("_Import"), _("_Cancel"));
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (self->chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (import_response), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* Photos or folders dropped from a file manager are imported. */
static gboolean
sh_project_window_drop (ShProjectWindow *self,
                        const GValue    *value,
                        double           x,
                        double           y,
                        GtkDropTarget   *target)
{
  GSList *files;
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_auto (GStrv) paths = NULL;

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;
  files = g_value_get_boxed (value);
  for (GSList *l = files; l != NULL; l = l->next)
    {
      g_autofree char *path = g_file_get_path (l->data);

      if (path != NULL)
        g_strv_builder_add (builder, path);
    }
  paths = g_strv_builder_end (builder);
  if (paths[0] == NULL)
    return FALSE;
  sh_project_window_import (self, (const char *const *) paths);
  return TRUE;
}

/* ---- reject ---- */

static const char *const reject_reasons[] = {
  N_("Not a product photo"),
  N_("Blurred or out of focus"),
  N_("Product hidden or cut off"),
  N_("Colours changed by a filter or coloured light"),
  N_("Same product photo as another"),
};

static void
reject_response (AdwMessageDialog *dialog,
                 const char       *response,
                 ShProjectWindow  *self)
{
  GtkWidget *other = g_object_get_data (G_OBJECT (dialog), "other");
  GPtrArray *checks = g_object_get_data (G_OBJECT (dialog), "checks");
  g_autofree char *reason = NULL;

  if (g_strcmp0 (response, "reject") != 0)
    return;
  /* The last check is "Other", whose reason is the text typed beside it. */
  for (guint i = 0; i + 1 < checks->len && reason == NULL; i++)
    {
      if (gtk_check_button_get_active (g_ptr_array_index (checks, i)))
        reason = g_strdup (_(reject_reasons[i]));
    }
  if (reason == NULL)
    reason = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (other))));
  gtk_widget_activate_action (GTK_WIDGET (self), "win.reject-with-reason", "s", reason != NULL ? reason : "");
}

static void
reject_other_changed (GtkEditable *entry, GtkCheckButton *other_check)
{
  gtk_check_button_set_active (other_check, TRUE);
}

void
_sh_project_window_show_reject_dialog (ShProjectWindow *self)
{
  GtkWidget *dialog;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *entry = gtk_entry_new ();
  GtkCheckButton *group = NULL;
  GtkWidget *other_check;
  GPtrArray *checks = g_ptr_array_new ();

  if (!_sh_project_window_can_edit (self))
    return;
  for (guint i = 0; i < G_N_ELEMENTS (reject_reasons); i++)
    {
      GtkWidget *check = gtk_check_button_new_with_label (_(reject_reasons[i]));

      gtk_check_button_set_group (GTK_CHECK_BUTTON (check), group);
      if (group == NULL)
        {
          group = GTK_CHECK_BUTTON (check);
          gtk_check_button_set_active (group, TRUE);
        }
      g_ptr_array_add (checks, check);
      gtk_box_append (GTK_BOX (box), check);
    }
  other_check = gtk_check_button_new_with_label (_("Other:"));
  gtk_check_button_set_group (GTK_CHECK_BUTTON (other_check), group);
  g_ptr_array_add (checks, other_check);
  gtk_box_append (GTK_BOX (box), other_check);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Describe the problem"));
  sh_accessible_set_label (entry, _("Other reason"));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  g_signal_connect (entry, "changed", G_CALLBACK (reject_other_changed), other_check);
  gtk_box_append (GTK_BOX (box), entry);

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Reject Photo?"),
                                   _("A rejected photo is left out of exports. Why is it unusable?"));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "reject", _("_Reject"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "reject",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "reject");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "other", entry);
  g_object_set_data_full (G_OBJECT (dialog), "checks", checks, (GDestroyNotify) g_ptr_array_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (reject_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- calibration ---- */

static void
action_calibrate_materials (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  ShProjectWindow *self = SH_PROJECT_WINDOW (widget);

  if (self->project == NULL)
    _sh_project_window_toast (self, _("Open a project to calibrate its materials"));
  else
    _sh_project_window_calibrate (self);
}

/* ---- set-up ---- */

void
_sh_project_window_install_file_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.new-project", NULL, action_new_project);
  gtk_widget_class_install_action (widget_class, "win.open-project", NULL, action_open_project);
  gtk_widget_class_install_action (widget_class, "win.import-photos", NULL, action_import_photos);
  gtk_widget_class_install_action (widget_class, "win.calibrate-materials", NULL, action_calibrate_materials);
}

void
_sh_project_window_bind_file_keys (GtkWidgetClass *widget_class)
{
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "win.new-project", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.open-project", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_i, GDK_CONTROL_MASK, "win.import-photos", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_k, GDK_CONTROL_MASK, "win.calibrate-materials", NULL);
}

void
_sh_project_window_init_file_handling (ShProjectWindow *self)
{
  GtkDropTarget *target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);

  g_signal_connect_object (target, "drop", G_CALLBACK (sh_project_window_drop), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));
}
