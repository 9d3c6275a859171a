/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sh-export-dialog.c: Export… (see sh-export-dialog.h). */
#define G_LOG_DOMAIN "shadelab-window"

#include "config.h"

#include <glib/gi18n.h>

#include "sh-export-dialog.h"

struct _ShExportDialog
{
  AdwWindow parent_instance;

  /* Template widgets */
  GtkWidget *cancel_button;
  GtkWidget *export_button;
  GtkWidget *form_box;
  AdwComboRow *format_row;
  AdwActionRow *folder_row;
  GtkWidget *folder_button;
  GtkWidget *split_group;
  GtkSpinButton *train_spin;
  GtkSpinButton *val_spin;
  GtkSpinButton *test_spin;
  AdwEntryRow *seed_row;
  GtkSwitch *include_new_switch;
  GtkWidget *progress_box;
  GtkProgressBar *progress_bar;
  GtkLabel *error_label;

  char *project_path;
  char *folder;
  char *error;
  GtkFileChooserNative *chooser;
  struct _ExportJob *job;
  guint progress_source;
};

G_DEFINE_FINAL_TYPE (ShExportDialog, sh_export_dialog, ADW_TYPE_WINDOW)

enum {
  SIGNAL_EXPORTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* In the order of ShExportFormat. */
static const struct {
  const char *label;
  const char *description;
} formats[] = {
  { N_("COCO"), N_("annotations/instances_train.json and the other splits") },
  { N_("Pascal VOC"), N_("an XML file per photo, and the split lists") },
  { N_("YOLO (Ultralytics)"), N_("links to the photos, a label file per photo, data.yaml") },
  { N_("CSV"), N_("boxes.csv: one row per box, with colour, finish and split") },
  { N_("glTF materials"), N_("a .gltf per product that has a colour") },
};

static void
set_error (ShExportDialog *self, const char *message)
{
  g_free (self->error);
  self->error = g_strdup (message);
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

/* ---- options ---- */

static void
format_changed (ShExportDialog *self)
{
  guint format = adw_combo_row_get_selected (self->format_row);

  if (format < G_N_ELEMENTS (formats))
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->format_row), _(formats[format].description));
  /* glTF writes one file per product: there is nothing to split. */
  gtk_widget_set_sensitive (self->split_group, format != SH_EXPORT_GLTF);
}

void
sh_export_dialog_set_format (ShExportDialog *self, ShExportFormat format)
{
  g_return_if_fail (SH_IS_EXPORT_DIALOG (self));
  adw_combo_row_set_selected (self->format_row, format);
}

void
sh_export_dialog_set_folder (ShExportDialog *self, const char *folder)
{
  g_autofree char *display = NULL;

  g_return_if_fail (SH_IS_EXPORT_DIALOG (self));
  g_free (self->folder);
  self->folder = g_strdup (folder);
  display = folder != NULL ? g_filename_display_name (folder) : g_strdup (_("None chosen"));
  adw_action_row_set_subtitle (self->folder_row, display);
}

const char *
sh_export_dialog_get_folder (ShExportDialog *self)
{
  g_return_val_if_fail (SH_IS_EXPORT_DIALOG (self), NULL);
  return self->folder;
}

void
sh_export_dialog_set_split (ShExportDialog *self, double train, double val, double test)
{
  g_return_if_fail (SH_IS_EXPORT_DIALOG (self));
  gtk_spin_button_set_value (self->train_spin, train);
  gtk_spin_button_set_value (self->val_spin, val);
  gtk_spin_button_set_value (self->test_spin, test);
}

void
sh_export_dialog_set_seed (ShExportDialog *self, guint64 seed)
{
  g_autofree char *text = g_strdup_printf ("%" G_GUINT64_FORMAT, seed);

  g_return_if_fail (SH_IS_EXPORT_DIALOG (self));
  gtk_editable_set_text (GTK_EDITABLE (self->seed_row), text);
}

void
sh_export_dialog_set_include_new (ShExportDialog *self, gboolean include_new)
{
  g_return_if_fail (SH_IS_EXPORT_DIALOG (self));
  gtk_switch_set_active (self->include_new_switch, include_new);
}

gboolean
sh_export_dialog_get_options (ShExportDialog *self, ShExportOptions *options)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *seed = NULL;
  char train[G_ASCII_DTOSTR_BUF_SIZE], val[G_ASCII_DTOSTR_BUF_SIZE], test[G_ASCII_DTOSTR_BUF_SIZE];
  g_autofree char *split = NULL;
  guint format = adw_combo_row_get_selected (self->format_row);

  g_return_val_if_fail (SH_IS_EXPORT_DIALOG (self), FALSE);

  sh_export_options_init (options);
  if (format >= G_N_ELEMENTS (formats))
    {
      set_error (self, _("Choose a format."));
      return FALSE;
    }
  options->format = (ShExportFormat) format;
  /* The CLI's --split, written out: the same check and the same normalisation. */
  split = g_strdup_printf ("%s,%s,%s",
                           g_ascii_formatd (train, sizeof train, "%.4f", gtk_spin_button_get_value (self->train_spin)),
                           g_ascii_formatd (val, sizeof val, "%.4f", gtk_spin_button_get_value (self->val_spin)),
                           g_ascii_formatd (test, sizeof test, "%.4f", gtk_spin_button_get_value (self->test_spin)));
  if (!sh_export_parse_split (split, options->fractions, &error))
    {
      set_error (self, _("Give at least one split a share above zero."));
      return FALSE;
    }
  seed = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->seed_row))));
  if (*seed != '\0' && !g_ascii_string_to_unsigned (seed, 10, 0, G_MAXUINT64, &options->seed, NULL))
    {
      set_error (self, _("The seed must be a whole number from 0 to 18446744073709551615."));
      return FALSE;
    }
  options->include_new = gtk_switch_get_active (self->include_new_switch);
  if (self->folder == NULL)
    {
      set_error (self, _("Choose the folder to write into."));
      return FALSE;
    }
  return TRUE;
}

/* ---- the folder ---- */

static void
folder_chosen (GtkNativeDialog *chooser, int response, ShExportDialog *self)
{
  g_autoptr (GFile) file = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->chooser);
  if (file != NULL && (path = g_file_get_path (file)) != NULL)
    sh_export_dialog_set_folder (self, path);
}

static void
choose_folder_clicked (ShExportDialog *self)
{
  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (_("Export Into"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, _("_Select"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  /* Start where the proposed folder is, or would be. */
  if (self->folder != NULL)
    {
      g_autoptr (GFile) folder = g_file_new_for_path (self->folder);
      g_autoptr (GFile) parent = g_file_get_parent (folder);
      GFile *start = g_file_query_exists (folder, NULL) ? folder : parent;

      if (start != NULL)
        gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (self->chooser), start, NULL);
    }
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (folder_chosen), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* ---- the export ---- */

typedef struct _ExportJob {
  ShExportDialog *self;   /* weak; main thread only */
  char *project_path;
  char *folder;
  ShExportOptions options;
  ShExportSummary summary;
  int progress;           /* thousandths; negative while the export cannot tell */
} ExportJob;

static void
export_job_free (gpointer data)
{
  ExportJob *job = data;

  g_clear_weak_pointer (&job->self);
  g_free (job->project_path);
  g_free (job->folder);
  g_free (job);
}

static void
export_progress (double fraction, gpointer user_data)
{
  ExportJob *job = user_data;

  g_atomic_int_set (&job->progress, fraction < 0 ? -1 : (int) (fraction * 1000));
}

static void
export_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  ExportJob *job = task_data;
  GError *error = NULL;
  g_autoptr (ShProject) project = NULL;

  /* Its own read-only connection: the labeling window goes on writing on its own. */
  project = sh_project_open (job->project_path, SH_PROJECT_OPEN_READ_ONLY, &error);
  if (project == NULL || !sh_export_full (project, job->folder, &job->options, export_progress, job, &job->summary,
                                          &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static gboolean
show_progress (gpointer user_data)
{
  ShExportDialog *self = user_data;
  int progress;

  if (self->job == NULL)
    {
      self->progress_source = 0;
      return G_SOURCE_REMOVE;
    }
  progress = g_atomic_int_get (&self->job->progress);
  if (progress < 0)
    gtk_progress_bar_pulse (self->progress_bar);
  else
    gtk_progress_bar_set_fraction (self->progress_bar, progress / 1000.0);
  return G_SOURCE_CONTINUE;
}

static void
set_running (ShExportDialog *self, gboolean running)
{
  gtk_widget_set_sensitive (self->export_button, !running);
  gtk_widget_set_sensitive (self->cancel_button, !running);
  gtk_widget_set_sensitive (self->form_box, TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->format_row), !running);
  gtk_widget_set_sensitive (self->folder_button, !running);
  gtk_widget_set_sensitive (self->split_group,
                            !running && adw_combo_row_get_selected (self->format_row) != SH_EXPORT_GLTF);
  gtk_widget_set_visible (self->progress_box, running);
  gtk_window_set_deletable (GTK_WINDOW (self), !running);
}

static char *
summary_text (const ExportJob *job)
{
  const ShExportSummary *s = &job->summary;
  guint images = s->images[0] + s->images[1] + s->images[2];
  guint boxes = s->boxes[0] + s->boxes[1] + s->boxes[2];
  g_autofree char *photos = NULL;

  if (job->options.format == SH_EXPORT_GLTF)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Exported %u material", "Exported %u materials",
                                         s->products),
                            s->products);
  photos = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Exported %u photo", "Exported %u photos", images),
                            images);
  /* Translators: "Exported 12 photos" · "30 boxes" · train / val / test photo counts */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %u box · train %u, val %u, test %u",
                                       "%s · %u boxes · train %u, val %u, test %u", boxes),
                          photos, boxes, s->images[0], s->images[1], s->images[2]);
}

static void
export_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GTask *task = G_TASK (result);
  ExportJob *job = g_task_get_task_data (task);
  ShExportDialog *self = job->self;
  g_autoptr (GError) error = NULL;
  g_autofree char *summary = NULL;

  if (self == NULL)
    return;
  self->job = NULL;
  g_clear_handle_id (&self->progress_source, g_source_remove);
  set_running (self, FALSE);
  if (!g_task_propagate_boolean (task, &error))
    {
      /* Translators: the reason after the colon is technical and stays in English. */
      g_autofree char *message = g_strdup_printf (_("Nothing was exported: %s"), error->message);

      g_message ("export failed: %s", error->message);
      set_error (self, message);
      return;
    }
  summary = summary_text (job);
  g_message ("export %s into %s: %s", sh_export_format_name (job->options.format), job->folder, summary);
  g_signal_emit (self, signals[SIGNAL_EXPORTED], 0, job->folder, summary);
  gtk_window_destroy (GTK_WINDOW (self));
}

gboolean
sh_export_dialog_start (ShExportDialog *self)
{
  g_autoptr (GTask) task = NULL;
  ShExportOptions options;
  ExportJob *job;

  g_return_val_if_fail (SH_IS_EXPORT_DIALOG (self), FALSE);

  if (self->job != NULL || !sh_export_dialog_get_options (self, &options))
    return FALSE;
  set_error (self, NULL);
  job = g_new0 (ExportJob, 1);
  g_set_weak_pointer (&job->self, self);
  job->project_path = g_strdup (self->project_path);
  job->folder = g_strdup (self->folder);
  job->options = options;
  job->progress = -1;
  self->job = job;
  set_running (self, TRUE);
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  self->progress_source = g_timeout_add (100, show_progress, self);

  task = g_task_new (NULL, NULL, export_done, NULL);
  g_task_set_source_tag (task, sh_export_dialog_start);
  g_task_set_task_data (task, job, export_job_free);
  g_task_run_in_thread (task, export_thread);
  return TRUE;
}

static void
export_clicked (ShExportDialog *self)
{
  sh_export_dialog_start (self);
}

gboolean
sh_export_dialog_is_running (ShExportDialog *self)
{
  g_return_val_if_fail (SH_IS_EXPORT_DIALOG (self), FALSE);
  return self->job != NULL;
}

double
sh_export_dialog_get_fraction (ShExportDialog *self)
{
  g_return_val_if_fail (SH_IS_EXPORT_DIALOG (self), 0);
  if (self->job == NULL)
    return 0;
  return g_atomic_int_get (&self->job->progress) / 1000.0;
}

const char *
sh_export_dialog_get_error (ShExportDialog *self)
{
  g_return_val_if_fail (SH_IS_EXPORT_DIALOG (self), NULL);
  return self->error;
}

/* ---- GObject ---- */

/* A running export finishes whatever happens; the dialog waits for it. */
static gboolean
sh_export_dialog_close_request (GtkWindow *window)
{
  if (SH_EXPORT_DIALOG (window)->job != NULL)
    return TRUE;
  return GTK_WINDOW_CLASS (sh_export_dialog_parent_class)->close_request (window);
}

static void
sh_export_dialog_dispose (GObject *object)
{
  ShExportDialog *self = SH_EXPORT_DIALOG (object);

  g_clear_handle_id (&self->progress_source, g_source_remove);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), SH_TYPE_EXPORT_DIALOG);
  G_OBJECT_CLASS (sh_export_dialog_parent_class)->dispose (object);
}

static void
sh_export_dialog_finalize (GObject *object)
{
  ShExportDialog *self = SH_EXPORT_DIALOG (object);

  g_free (self->project_path);
  g_free (self->folder);
  g_free (self->error);
  G_OBJECT_CLASS (sh_export_dialog_parent_class)->finalize (object);
}

static void
sh_export_dialog_class_init (ShExportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = sh_export_dialog_dispose;
  object_class->finalize = sh_export_dialog_finalize;
  window_class->close_request = sh_export_dialog_close_request;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/shadelab/Shadelab/ui/sh-export-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, ShExportDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, ShExportDialog, export_button);
  gtk_widget_class_bind_template_child (widget_class, ShExportDialog, form_box);
  gtk_widget_class_bind_template_child (widget_class, ShExportDialog, format_row);
  gtk_widget_class_bind_template_child (widget_class, ShExportDialog, folder_row);
  gtk_widget_class_bind_template_child (widget_class, ShExportDialog, folder_button);
  gtk_widget_class_bind_template_child (widget_class, ShExportDialog, split_group);
  gtk_widget_class_bind_template_child (widget_class, ShExportDialog, train_spin);
  gtk_widget_class_bind_template_child (widget_class, ShExportDialog, val_spin);
  gtk_widget_class_bind_template_child (widget_class, ShExportDialog, test_spin);
  gtk_widget_class_bind_template_child (widget_class, ShExportDialog, seed_row);
  gtk_widget_class_bind_template_child (widget_class, ShExportDialog, include_new_switch);
  gtk_widget_class_bind_template_child (widget_class, ShExportDialog, progress_box);
  gtk_widget_class_bind_template_child (widget_class, ShExportDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, ShExportDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, export_clicked);
  gtk_widget_class_bind_template_callback (widget_class, choose_folder_clicked);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);

  /* (folder, summary) */
  signals[SIGNAL_EXPORTED] =
    g_signal_new ("exported", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                  G_TYPE_STRING, G_TYPE_STRING);
}

static void
sh_export_dialog_init (ShExportDialog *self)
{
  g_autoptr (GtkStringList) names = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    gtk_string_list_append (names, _(formats[i].label));
  adw_combo_row_set_model (self->format_row, G_LIST_MODEL (names));
  g_signal_connect_object (self->format_row, "notify::selected", G_CALLBACK (format_changed), self,
                           G_CONNECT_SWAPPED);
  format_changed (self);
}

ShExportDialog *
sh_export_dialog_new (GtkWindow *parent, const char *project_path, const char *folder)
{
  ShExportDialog *self;

  g_return_val_if_fail (project_path != NULL, NULL);

  self = g_object_new (SH_TYPE_EXPORT_DIALOG, "transient-for", parent, NULL);
  self->project_path = g_strdup (project_path);
  sh_export_dialog_set_folder (self, folder);
  /* Return exports with what is proposed. */
  gtk_window_set_default_widget (GTK_WINDOW (self), self->export_button);
  gtk_widget_grab_focus (self->export_button);
  return self;
}
