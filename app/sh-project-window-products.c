/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sh-project-window-products.c: what the labeling window does with products, catalogues and exports: the
 * photo's product under the swatch panel, Set Product… (P) and unlink as undoable edits, the Products window
 * (and the Participants window, Ctrl+Shift+M), Import Catalogue… on a worker thread (core/formats/catalog.c, as
 * `shadelab-cli import-catalog`), Export… (the export dialog, core/formats/export.c) and Ctrl+K on the photo's
 * product. */
#define G_LOG_DOMAIN "shadelab-window"

#include "config.h"

#include <glib/gi18n.h>

#include "core/formats/catalog.h"
#include "core/store/project-products.h"
#include "sh-calibration-window.h"
#include "sh-export-dialog.h"
#include "sh-product-bar.h"
#include "sh-product-chooser.h"
#include "sh-product-item.h"
#include "sh-participants-window.h"
#include "sh-studies-window.h"
#include "sh-products-window.h"
#include "sh-project-window-private.h"

static gboolean
debug_output (void)
{
  return g_strcmp0 (g_getenv ("SHADELAB_DEBUG_GEOMETRY"), "1") == 0;
}

/* sRGB to the monitor, for the catalogue colour chips; made again when the monitor profile changes. */
static ShDisplayTransform *
chip_transform (ShProjectWindow *self)
{
  ShDisplayProfile *monitor = _sh_project_window_get_monitor (self);
  ShDisplayTransform *transform = g_object_get_data (G_OBJECT (self), "sh-chip-transform");

  if (transform == NULL || g_object_get_data (G_OBJECT (self), "sh-chip-monitor") != monitor)
    {
      transform = sh_display_transform_new_for_icc (monitor, NULL, 0, NULL, 0);
      g_object_set_data_full (G_OBJECT (self), "sh-chip-transform", transform,
                              (GDestroyNotify) sh_display_transform_unref);
      g_object_set_data (G_OBJECT (self), "sh-chip-monitor", monitor);
    }
  return transform;
}

/* The product of the photo the window is on, 0 for none. */
static gint64
current_product (ShProjectWindow *self)
{
  g_autoptr (GError) error = NULL;
  gint64 product_id = 0;

  if (self->reader == NULL || self->current_image_id == 0)
    return 0;
  if (!sh_project_get_image_product (self->reader, self->current_image_id, &product_id, &error))
    g_warning ("reading the photo's product: %s", error->message);
  return product_id;
}

/* ---- the photo's product ---- */

void
_sh_project_window_update_product (ShProjectWindow *self)
{
  g_autoptr (ShProduct) product = NULL;
  gint64 product_id = current_product (self);

  self->current_product_id = product_id;
  if (product_id != 0)
    {
      g_autoptr (GError) error = NULL;

      product = sh_project_get_product (self->reader, product_id, &error);
      if (product == NULL)
        g_warning ("reading the photo's product: %s", error->message);
    }
  if (self->product_bar != NULL)
    {
      sh_product_bar_set_display_transform (SH_PRODUCT_BAR (self->product_bar), chip_transform (self));
      sh_product_bar_set_product (SH_PRODUCT_BAR (self->product_bar), product);
    }
  if (debug_output () && self->current_image_id != 0)
    g_printerr ("SHADELAB_PRODUCT image=%" G_GINT64_FORMAT " sku=%s\n", self->current_image_id,
                product != NULL ? product->sku : "");
  _sh_project_window_update_product_actions (self);
}

void
_sh_project_window_update_product_actions (ShProjectWindow *self)
{
  gboolean has_project = self->project != NULL;
  gboolean writable = has_project && !self->read_only && !self->importing;
  gboolean on_photo = self->history != NULL && writable && self->current_image_id != 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.set-product", on_photo);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.unlink-product", on_photo && self->current_product_id != 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-products", has_project);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-participants", has_project);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-studies", has_project);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import-catalog", writable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import-catalog-file", writable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export", has_project);
}

/* Links (or unlinks, 0) the photo on screen: one step of the labeling history, so Ctrl+Z takes it back. */
static void
set_product (ShProjectWindow *self, gint64 product_id)
{
  g_autoptr (GError) error = NULL;

  if (self->history == NULL || self->current_image_id == 0 || self->read_only || self->importing)
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }
  if (!sh_edit_history_set_image_product (self->history, self->current_image_id, product_id, &error))
    {
      _sh_project_window_save_failed (self, error);
      return;
    }
  _sh_project_window_update_product (self);
  /* Its count of linked photos changed. */
  if (sh_products_window_find (self) != NULL)
    sh_products_window_reload (sh_products_window_find (self));
}

static void
chooser_chosen (ShProjectWindow *self, gint64 product_id, ShProductChooser *chooser)
{
  set_product (self, product_id);
}

static void
chooser_new_product (ShProjectWindow *self, ShProductChooser *chooser)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-products", NULL);
}

static void
chooser_import_catalog (ShProjectWindow *self, ShProductChooser *chooser)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.import-catalog", NULL);
}

static void
action_set_product (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  ShProjectWindow *self = SH_PROJECT_WINDOW (widget);
  g_autoptr (GError) error = NULL;
  g_autoptr (GListStore) products = sh_product_item_list_project (self->reader, &error);
  ShProductChooser *chooser;

  if (products == NULL)
    {
      _sh_project_window_toast (self, error->message);
      return;
    }
  chooser = sh_product_chooser_new (GTK_WINDOW (self), G_LIST_MODEL (products), current_product (self),
                                    chip_transform (self));
  g_signal_connect_object (chooser, "chosen", G_CALLBACK (chooser_chosen), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (chooser, "new-product", G_CALLBACK (chooser_new_product), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (chooser, "import-catalog", G_CALLBACK (chooser_import_catalog), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (chooser));
}

static void
action_unlink_product (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  set_product (SH_PROJECT_WINDOW (widget), 0);
}

/* win.link-product (x): links the photo to a product by id, as the chooser does. */
static void
action_link_product (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  set_product (SH_PROJECT_WINDOW (widget), g_variant_get_int64 (parameter));
}

/* ---- the Products window ---- */

static void
product_saved (ShProjectWindow *self, gint64 product_id, ShProductsWindow *window)
{
  _sh_project_window_update_product (self);
}

static void
action_show_products (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  ShProjectWindow *self = SH_PROJECT_WINDOW (widget);
  gboolean opened = sh_products_window_find (self) == NULL;
  ShProductsWindow *window = sh_products_window_present_for (self, chip_transform (self));

  if (window == NULL)
    {
      _sh_project_window_toast (self, _("Open a project to edit its products"));
      return;
    }
  if (opened)
    g_signal_connect_object (window, "product-saved", G_CALLBACK (product_saved), self, G_CONNECT_SWAPPED);
}

static void
action_show_participants (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  ShProjectWindow *self = SH_PROJECT_WINDOW (widget);

  if (sh_participants_window_present_for (self, chip_transform (self)) == NULL)
    _sh_project_window_toast (self, _("Open a project to edit its participants"));
}

static void
action_show_studies (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  ShProjectWindow *self = SH_PROJECT_WINDOW (widget);

  if (sh_studies_window_present_for (self) == NULL)
    _sh_project_window_toast (self, _("Open a project to see its realism studies"));
}

/* ---- Ctrl+K ---- */

void
_sh_project_window_calibrate (ShProjectWindow *self)
{
  ShCalibrationWindow *window = sh_calibration_window_present_for (self);
  gint64 product_id;

  if (window == NULL)
    return;
  product_id = current_product (self);
  sh_calibration_window_show_product (window, product_id);
  if (debug_output ())
    {
      const char *sku = sh_calibration_window_get_selected_sku (window);

      g_printerr ("SHADELAB_CALIBRATION product=%" G_GINT64_FORMAT " sku=%s\n", product_id,
                  sku != NULL ? sku : "");
    }
}

/* ---- Import Catalogue… ---- */

struct _ShCatalogJob {
  ShProjectWindow *self;   /* weak; read on the main thread only */
  ShProject *project;
  gboolean owns_project;   /* the window closed while the import ran: the job closes the project */
  char *path;
  ShCatalogReport report;
  guint progress_source;
  /* Written by the worker, read by a main-thread timeout: -1 while reading the file. */
  int done, total;
};
typedef struct _ShCatalogJob CatalogJob;

static void
catalog_job_free (gpointer data)
{
  CatalogJob *job = data;

  g_clear_handle_id (&job->progress_source, g_source_remove);
  g_clear_weak_pointer (&job->self);
  if (job->owns_project)
    sh_project_close (job->project);
  g_free (job->path);
  sh_catalog_report_clear (&job->report);
  g_free (job);
}

static void
catalog_progress (guint done, guint total, gpointer user_data)
{
  CatalogJob *job = user_data;

  g_atomic_int_set (&job->total, (int) total);
  g_atomic_int_set (&job->done, (int) done);
}

/* The worker: the same two steps as `shadelab-cli import-catalog`. The whole file is read and checked
 * before the project is touched, then applied in one transaction: a bad file changes nothing. */
static void
catalog_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  CatalogJob *job = task_data;
  g_autoptr (ShCatalog) catalog = NULL;
  GError *error = NULL;

  catalog = sh_catalog_parse_file (job->path, &error);
  if (catalog == NULL || !sh_catalog_apply_full (job->project, catalog, catalog_progress, job, &job->report,
                                                 &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static gboolean
catalog_show_progress (gpointer user_data)
{
  CatalogJob *job = user_data;
  int total = g_atomic_int_get (&job->total);
  int done = g_atomic_int_get (&job->done);

  if (job->self == NULL)
    {
      job->progress_source = 0;
      return G_SOURCE_REMOVE;
    }
  if (total > 0 && done >= 0)
    gtk_progress_bar_set_fraction (job->self->import_progress, (double) done / total);
  else
    gtk_progress_bar_pulse (job->self->import_progress);
  return G_SOURCE_CONTINUE;
}

static void
catalog_error_response (AdwMessageDialog *dialog, const char *response, gpointer user_data)
{
}

static void
catalog_warnings_clicked (AdwToast *toast, gpointer user_data)
{
  GPtrArray *lines = user_data;
  GtkWindow *window = g_object_get_data (G_OBJECT (toast), "window");
  GtkWidget *dialog, *scrolled, *label;
  g_autofree char *text = NULL;

  if (window == NULL)
    return;
  g_ptr_array_add (lines, NULL);
  text = g_strjoinv ("\n", (char **) lines->pdata);
  g_ptr_array_remove_index (lines, lines->len - 1);
  label = gtk_label_new (text);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), label);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 320);
  dialog = adw_message_dialog_new (window, _("Rows Not Linked"),
                                   _("These rows were imported, but their photo could not be linked."));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), scrolled);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  g_signal_connect (dialog, "response", G_CALLBACK (catalog_error_response), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
catalog_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GTask *task = G_TASK (result);
  CatalogJob *job = g_task_get_task_data (task);
  ShProjectWindow *self = job->self;
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) summary = g_string_new (NULL);
  guint n_warnings = job->report.warnings->len;
  AdwToast *toast;

  if (self == NULL || self->catalog_job != job)
    return;
  self->catalog_job = NULL;
  g_clear_handle_id (&job->progress_source, g_source_remove);
  gtk_widget_set_visible (GTK_WIDGET (self->import_progress), FALSE);
  self->importing = FALSE;
  _sh_project_window_update_actions (self);

  if (!g_task_propagate_boolean (task, &error))
    {
      /* Translators: then the first error with its file, line or byte offset, in English. */
      g_autofree char *body = g_strdup_printf (_("Nothing was changed. The first problem in the file:\n%s"),
                                               error->message);
      GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Catalogue Not Imported"), body);

      g_message ("catalogue not imported: %s", error->message);
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      g_signal_connect (dialog, "response", G_CALLBACK (catalog_error_response), NULL);
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }

  /* Translators: the catalogue import's summary, "12 products · 30 photos linked · 2 rows not linked" */
  g_string_append_printf (summary, g_dngettext (GETTEXT_PACKAGE, "%u product", "%u products",
                                                job->report.products), job->report.products);
  g_string_append (summary, " · ");
  g_string_append_printf (summary, g_dngettext (GETTEXT_PACKAGE, "%u photo linked", "%u photos linked",
                                                job->report.images_linked), job->report.images_linked);
  if (n_warnings > 0)
    {
      g_string_append (summary, " · ");
      g_string_append_printf (summary, g_dngettext (GETTEXT_PACKAGE, "%u row not linked", "%u rows not linked",
                                                    n_warnings), n_warnings);
    }
  g_message ("catalogue imported: %s", summary->str);
  toast = adw_toast_new (summary->str);
  adw_toast_set_timeout (toast, n_warnings > 0 ? 0 : 5);
  if (n_warnings > 0)
    {
      GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);

      for (guint i = 0; i < n_warnings; i++)
        g_ptr_array_add (lines, g_strdup (g_ptr_array_index (job->report.warnings, i)));
      adw_toast_set_button_label (toast, _("_Details"));
      g_object_set_data (G_OBJECT (toast), "window", self);
      g_signal_connect_data (toast, "button-clicked", G_CALLBACK (catalog_warnings_clicked), lines,
                             (GClosureNotify) (void (*) (void)) g_ptr_array_unref, 0);
    }
  adw_toast_overlay_add_toast (self->toast_overlay, toast);

  _sh_project_window_update_product (self);
  if (sh_products_window_find (self) != NULL)
    sh_products_window_reload (sh_products_window_find (self));
}

/* Imports a catalogue file in the background, as `shadelab-cli import-catalog` does. */
static void
sh_project_window_import_catalog (ShProjectWindow *self, const char *path)
{
  g_autoptr (GTask) task = NULL;
  CatalogJob *job;

  if (self->project == NULL || self->read_only || self->importing)
    {
      _sh_project_window_toast (self, self->importing ? _("An import is already running")
                                                      : _("This project is open read-only: nothing can be imported"));
      return;
    }
  job = g_new0 (CatalogJob, 1);
  g_set_weak_pointer (&job->self, self);
  job->project = self->project;
  job->path = g_strdup (path);
  job->done = job->total = -1;
  sh_catalog_report_init (&job->report);

  /* The worker writes on the project's connection: edits wait for it, as for a photo import. */
  self->importing = TRUE;
  self->catalog_job = job;
  _sh_project_window_update_actions (self);
  gtk_progress_bar_set_fraction (self->import_progress, 0);
  gtk_widget_set_visible (GTK_WIDGET (self->import_progress), TRUE);
  job->progress_source = g_timeout_add (100, catalog_show_progress, job);

  task = g_task_new (NULL, NULL, catalog_done, NULL);
  g_task_set_source_tag (task, sh_project_window_import_catalog);
  g_task_set_task_data (task, job, catalog_job_free);
  g_task_run_in_thread (task, catalog_thread);
}

/* Before the window closes its project: a catalogue still being applied keeps the project open until it is
 * done (committed or rolled back) and then closes it. Returns whether the project was handed over. */
gboolean
_sh_project_window_detach_catalog_import (ShProjectWindow *self)
{
  CatalogJob *job = self->catalog_job;

  if (job == NULL)
    return FALSE;
  g_clear_handle_id (&job->progress_source, g_source_remove);
  gtk_widget_set_visible (GTK_WIDGET (self->import_progress), FALSE);
  self->importing = FALSE;
  self->catalog_job = NULL;
  job->owns_project = TRUE;
  g_clear_weak_pointer (&job->self);
  return TRUE;
}

static void
catalog_file_chosen (GtkNativeDialog *chooser,
                     int              response,
                     ShProjectWindow *self)
{
  g_autoptr (GFile) file = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->chooser);
  if (file != NULL && (path = g_file_get_path (file)) != NULL)
    sh_project_window_import_catalog (self, path);
}

/* win.import-catalog: with a path (s, not empty) imports that file; else asks for one. */
static void
action_import_catalog (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  ShProjectWindow *self = SH_PROJECT_WINDOW (widget);
  g_autoptr (GtkFileFilter) catalogues = gtk_file_filter_new ();
  g_autoptr (GtkFileFilter) all = gtk_file_filter_new ();

  gtk_file_filter_set_name (catalogues, _("Catalogues (CSV, JSON)"));
  gtk_file_filter_add_pattern (catalogues, "*.csv");
  gtk_file_filter_add_pattern (catalogues, "*.CSV");
  gtk_file_filter_add_pattern (catalogues, "*.json");
  gtk_file_filter_add_pattern (catalogues, "*.JSON");
  gtk_file_filter_add_mime_type (catalogues, "text/csv");
  gtk_file_filter_add_mime_type (catalogues, "application/json");
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (_("Import Catalogue"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"), _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), catalogues);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), all);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (catalog_file_chosen), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* win.import-catalog-file (s): the same without the chooser (tests, scripts). */
static void
action_import_catalog_file (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  sh_project_window_import_catalog (SH_PROJECT_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

/* ---- Export… ---- */

static void
open_folder_done (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr (GError) error = NULL;

  if (!gtk_show_uri_full_finish (GTK_WINDOW (source), result, &error))
    {
      /* Translators: the reason after the colon is technical and stays in English. */
      g_autofree char *message = g_strdup_printf (_("The folder could not be opened: %s"), error->message);

      g_warning ("%s", message);
      _sh_project_window_toast (SH_PROJECT_WINDOW (source), message);
    }
}

static void
open_folder_clicked (AdwToast *toast, gpointer user_data)
{
  const char *folder = user_data;
  GtkWidget *window = g_object_get_data (G_OBJECT (toast), "window");
  g_autoptr (GFile) file = g_file_new_for_path (folder);
  g_autofree char *uri = g_file_get_uri (file);

  if (window != NULL)
    gtk_show_uri_full (GTK_WINDOW (window), uri, GDK_CURRENT_TIME, NULL, open_folder_done, NULL);
}

static void
export_finished (ShProjectWindow *self, const char *folder, const char *summary, ShExportDialog *dialog)
{
  AdwToast *toast = adw_toast_new (summary);

  g_object_set_data_full (G_OBJECT (self), "sh-export-folder", g_strdup (folder), g_free);
  adw_toast_set_timeout (toast, 10);
  adw_toast_set_button_label (toast, _("_Open Folder"));
  g_object_set_data (G_OBJECT (toast), "window", self);
  g_signal_connect_data (toast, "button-clicked", G_CALLBACK (open_folder_clicked), g_strdup (folder),
                         (GClosureNotify) (void (*) (void)) g_free, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
action_export (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ShProjectWindow *self = SH_PROJECT_WINDOW (widget);
  const char *last = g_object_get_data (G_OBJECT (self), "sh-export-folder");
  g_autofree char *folder = NULL;
  ShExportDialog *dialog;

  if (self->path == NULL)
    return;
  if (last != NULL)
    folder = g_strdup (last);
  else
    {
      /* Beside the project: "Lipsticks.shadelab" exports into "Lipsticks export". */
      g_autofree char *parent = g_path_get_dirname (self->path);
      /* Translators: the export folder proposed beside the project: project name. */
      g_autofree char *name = g_strdup_printf (_("%s export"), self->name);

      folder = g_build_filename (parent, name, NULL);
    }
  dialog = sh_export_dialog_new (GTK_WINDOW (self), self->path, folder);
  g_signal_connect_object (dialog, "exported", G_CALLBACK (export_finished), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- set-up ---- */

void
_sh_project_window_install_product_actions (GtkWidgetClass *widget_class)
{
  g_type_ensure (SH_TYPE_PRODUCT_BAR);
  gtk_widget_class_install_action (widget_class, "win.set-product", NULL, action_set_product);
  gtk_widget_class_install_action (widget_class, "win.unlink-product", NULL, action_unlink_product);
  gtk_widget_class_install_action (widget_class, "win.link-product", "x", action_link_product);
  gtk_widget_class_install_action (widget_class, "win.show-products", NULL, action_show_products);
  gtk_widget_class_install_action (widget_class, "win.show-participants", NULL, action_show_participants);
  gtk_widget_class_install_action (widget_class, "win.show-studies", NULL, action_show_studies);
  gtk_widget_class_install_action (widget_class, "win.import-catalog", NULL, action_import_catalog);
  gtk_widget_class_install_action (widget_class, "win.import-catalog-file", "s", action_import_catalog_file);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, action_export);
}

void
_sh_project_window_bind_product_keys (GtkWidgetClass *widget_class)
{
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, 0, "win.set-product", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.show-products", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_P, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.show-products", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_m, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.show-participants", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_M, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.show-participants", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_y, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.show-studies", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Y, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.show-studies", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "win.export", NULL);
}
