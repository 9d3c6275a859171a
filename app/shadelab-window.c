/* shadelab-window.c: the main window. Shows an empty state until a folder of photos is opened (from the
 * command line, the folder chooser, a drop, or the generated demo photos), then summarises that folder. */
#define G_LOG_DOMAIN "shadelab-window"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "core/synth-writer.h"
#include "shadelab-window.h"

/* The demo set made on request: the same photos as `shadelab-cli generate DIR --count 24`
 * (seed 1, 1600x1200). */
#define DEMO_PHOTO_COUNT  24
#define DEMO_PHOTO_SEED   1
#define DEMO_PHOTO_WIDTH  1600
#define DEMO_PHOTO_HEIGHT 1200

struct _ShWindow
{
  AdwApplicationWindow parent_instance;

  /* Template widgets */
  AdwWindowTitle *window_title;
  AdwToastOverlay *toast_overlay;
  GtkStack *stack;
  AdwStatusPage *busy_page;
  GtkSpinner *busy_spinner;
  AdwStatusPage *folder_page;

  GFile *folder;
  guint n_images;

  /* Cancels the folder read or demo generation in progress: a newer request replaces it. */
  GCancellable *cancellable;
  /* Shows the busy page only when reading a folder is slow, so a quick one does not flash it. */
  guint busy_source_id;
  GtkFileChooserNative *chooser;
};

G_DEFINE_FINAL_TYPE (ShWindow, sh_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_FOLDER,
  PROP_N_IMAGES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

ShWindow *
sh_window_new (GtkApplication *application)
{
  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);

  return g_object_new (SH_TYPE_WINDOW, "application", application, NULL);
}

GFile *
sh_window_get_folder (ShWindow *self)
{
  g_return_val_if_fail (SH_IS_WINDOW (self), NULL);

  return self->folder;
}

guint
sh_window_get_n_images (ShWindow *self)
{
  g_return_val_if_fail (SH_IS_WINDOW (self), 0);

  return self->n_images;
}

/* Photos are recognised by name, as the loader's formats: reading every file's header would make opening a
 * large folder slow, and anything misnamed is reported when it is loaded. */
static gboolean
sh_is_photo_name (const char *name)
{
  static const char *const suffixes[] = { ".jpg", ".jpeg", ".png", ".tif", ".tiff", ".webp" };
  g_autofree char *folded = NULL;

  if (name[0] == '.')
    return FALSE;

  folded = g_ascii_strdown (name, -1);
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      if (g_str_has_suffix (folded, suffixes[i]))
        return TRUE;
    }

  return FALSE;
}

static void
sh_window_show_busy (ShWindow   *self,
                     const char *title,
                     const char *description)
{
  adw_status_page_set_title (self->busy_page, title);
  adw_status_page_set_description (self->busy_page, description);
  gtk_spinner_start (self->busy_spinner);
  gtk_stack_set_visible_child_name (self->stack, "busy");
}

static gboolean
sh_window_show_reading (gpointer user_data)
{
  ShWindow *self = SH_WINDOW (user_data);

  self->busy_source_id = 0;
  sh_window_show_busy (self, _("Reading Folder…"), NULL);

  return G_SOURCE_REMOVE;
}

static void
sh_window_show_current (ShWindow *self)
{
  g_clear_handle_id (&self->busy_source_id, g_source_remove);
  gtk_spinner_stop (self->busy_spinner);
  gtk_stack_set_visible_child_name (self->stack, self->folder != NULL ? "folder" : "empty");
}

static void
sh_window_show_error (ShWindow   *self,
                      const char *message)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_timeout (toast, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
  sh_window_show_current (self);
}

/* Replaces whatever background work the window was doing; returns the cancellable for the new work. */
static GCancellable *
sh_window_restart_work (ShWindow *self)
{
  g_clear_handle_id (&self->busy_source_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  return self->cancellable;
}

static void
sh_window_set_folder (ShWindow *self,
                      GFile    *folder,
                      guint     n_images)
{
  g_autofree char *name = g_file_get_basename (folder);
  g_autofree char *display_name = g_filename_display_name (name);
  g_autoptr (GFile) parent = g_file_get_parent (folder);
  g_autofree char *parent_label = NULL;
  g_autofree char *window_title = NULL;
  g_autofree char *description = NULL;

  g_set_object (&self->folder, folder);
  self->n_images = n_images;

  if (parent != NULL)
    {
      g_autoptr (GFile) home = g_file_new_for_path (g_get_home_dir ());
      g_autofree char *relative = g_file_get_relative_path (home, parent);

      if (g_file_equal (home, parent))
        parent_label = g_strdup ("~");
      else if (relative != NULL)
        parent_label = g_build_filename ("~", relative, NULL);
      else
        parent_label = g_file_get_parse_name (parent);
    }

  /* Translators: the window title, "folder name – Shadelab" */
  window_title = g_strdup_printf (_("%s – Shadelab"), display_name);
  gtk_window_set_title (GTK_WINDOW (self), window_title);
  adw_window_title_set_title (self->window_title, display_name);
  adw_window_title_set_subtitle (self->window_title, parent_label != NULL ? parent_label : "");

  if (n_images == 0)
    description = g_strdup (_("No photos in this folder. Shadelab opens JPEG, PNG, TIFF and WebP files."));
  else
    description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u photo", "%u photos", n_images),
                                   n_images);
  adw_status_page_set_title (self->folder_page, display_name);
  adw_status_page_set_description (self->folder_page, description);

  sh_window_show_current (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLDER]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_IMAGES]);
}

static void
sh_count_photos_thread (GTask        *task,
                        gpointer      source_object,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  GFile *folder = task_data;
  g_autoptr (GFileEnumerator) enumerator = NULL;
  g_autoptr (GError) error = NULL;
  guint count = 0;

  enumerator = g_file_enumerate_children (folder,
                                          G_FILE_ATTRIBUTE_STANDARD_NAME "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                          G_FILE_QUERY_INFO_NONE, cancellable, &error);
  if (enumerator == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  for (;;)
    {
      GFileInfo *info = NULL;

      if (!g_file_enumerator_iterate (enumerator, &info, NULL, cancellable, &error))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      if (info == NULL)
        break;
      if (g_file_info_get_file_type (info) == G_FILE_TYPE_REGULAR
          && sh_is_photo_name (g_file_info_get_name (info)))
        count++;
    }

  g_task_return_int (task, count);
}

static void
sh_window_count_photos_done (GObject      *source_object,
                             GAsyncResult *result,
                             gpointer      user_data)
{
  ShWindow *self = SH_WINDOW (source_object);
  GFile *folder = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;
  gssize count;

  count = g_task_propagate_int (G_TASK (result), &error);
  if (error != NULL)
    {
      g_autofree char *name = NULL;
      g_autofree char *message = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      name = g_file_get_parse_name (folder);
      g_debug ("Cannot open %s: %s", name, error->message);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY))
        message = g_strdup_printf (_("“%s” is not a folder"), name);
      else
        message = g_strdup_printf (_("Cannot open “%s”: %s"), name, error->message);
      sh_window_show_error (self, message);
      return;
    }

  {
    g_autofree char *path = g_file_get_parse_name (folder);
    g_debug ("Opened %s: %u photos", path, (guint) count);
  }
  sh_window_set_folder (self, folder, (guint) count);
}

void
sh_window_open_folder (ShWindow *self,
                       GFile    *folder)
{
  g_autoptr (GTask) task = NULL;
  GCancellable *cancellable;

  g_return_if_fail (SH_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (folder));

  cancellable = sh_window_restart_work (self);
  self->busy_source_id = g_timeout_add (300, sh_window_show_reading, self);

  task = g_task_new (self, cancellable, sh_window_count_photos_done, NULL);
  g_task_set_source_tag (task, sh_window_open_folder);
  g_task_set_task_data (task, g_object_ref (folder), g_object_unref);
  g_task_run_in_thread (task, sh_count_photos_thread);
}

/* The demo photos live in the user's cache: they can always be made again. */
static char *
sh_demo_photos_dir (void)
{
  return g_build_filename (g_get_user_cache_dir (), "shadelab", "demo-photos", NULL);
}

static void
sh_generate_demo_thread (GTask        *task,
                         gpointer      source_object,
                         gpointer      task_data,
                         GCancellable *cancellable)
{
  const char *dir = task_data;
  g_autofree char *partial = g_strconcat (dir, ".partial", NULL);
  g_autoptr (GError) error = NULL;

  /* Written beside the final folder and renamed into place, so an interrupted run never leaves a
   * half-written set that would later be taken for a complete one. */
  if (!sh_synth_write_set (partial, DEMO_PHOTO_COUNT, DEMO_PHOTO_SEED, DEMO_PHOTO_WIDTH, DEMO_PHOTO_HEIGHT,
                           &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (g_rename (partial, dir) != 0)
    {
      int saved_errno = errno;

      /* Another window may have finished the same set first. */
      if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
        {
          g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved_errno), "%s: %s", dir,
                                   g_strerror (saved_errno));
          return;
        }
    }

  g_task_return_boolean (task, TRUE);
}

static void
sh_window_generate_demo_done (GObject      *source_object,
                              GAsyncResult *result,
                              gpointer      user_data)
{
  ShWindow *self = SH_WINDOW (source_object);
  const char *dir = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;
  g_autoptr (GFile) folder = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_autofree char *message = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      message = g_strdup_printf (_("Cannot make the demo photos: %s"), error->message);
      sh_window_show_error (self, message);
      return;
    }

  folder = g_file_new_for_path (dir);
  sh_window_open_folder (self, folder);
}

static void
sh_window_open_demo_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  ShWindow *self = SH_WINDOW (widget);
  g_autofree char *dir = sh_demo_photos_dir ();
  g_autoptr (GTask) task = NULL;
  GCancellable *cancellable;

  if (g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_autoptr (GFile) folder = g_file_new_for_path (dir);

      sh_window_open_folder (self, folder);
      return;
    }

  cancellable = sh_window_restart_work (self);
  sh_window_show_busy (self, _("Making Demo Photos…"),
                       _("Rendering lipstick photos whose true colours are known. This takes a few seconds, "
                         "once."));

  task = g_task_new (self, cancellable, sh_window_generate_demo_done, NULL);
  g_task_set_source_tag (task, sh_window_open_demo_action);
  g_task_set_task_data (task, g_steal_pointer (&dir), g_free);
  g_task_run_in_thread (task, sh_generate_demo_thread);
}

static void
sh_window_chooser_response (ShWindow             *self,
                            int                   response,
                            GtkFileChooserNative *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (folder != NULL)
        sh_window_open_folder (self, folder);
    }

  g_clear_object (&self->chooser);
}

static void
sh_window_open_folder_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  ShWindow *self = SH_WINDOW (widget);

  if (self->chooser == NULL)
    {
      self->chooser = gtk_file_chooser_native_new (_("Open Folder"), GTK_WINDOW (self),
                                                   GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                                   _("_Open"), _("_Cancel"));
      gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
      if (self->folder != NULL)
        {
          g_autoptr (GFile) parent = g_file_get_parent (self->folder);

          if (parent != NULL)
            gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (self->chooser), parent, NULL);
        }
      g_signal_connect_object (self->chooser, "response", G_CALLBACK (sh_window_chooser_response), self,
                               G_CONNECT_SWAPPED);
    }

  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static gboolean
sh_window_drop (ShWindow      *self,
                const GValue  *value,
                double         x,
                double         y,
                GtkDropTarget *target)
{
  GFile *folder = g_value_get_object (value);

  if (folder == NULL)
    return FALSE;

  sh_window_open_folder (self, folder);
  return TRUE;
}

static void
sh_window_dispose (GObject *object)
{
  ShWindow *self = SH_WINDOW (object);

  g_clear_handle_id (&self->busy_source_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  g_clear_object (&self->folder);

  gtk_widget_dispose_template (GTK_WIDGET (self), SH_TYPE_WINDOW);

  G_OBJECT_CLASS (sh_window_parent_class)->dispose (object);
}

static void
sh_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  ShWindow *self = SH_WINDOW (object);

  switch (prop_id)
    {
    case PROP_FOLDER:
      g_value_set_object (value, self->folder);
      break;

    case PROP_N_IMAGES:
      g_value_set_uint (value, self->n_images);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sh_window_class_init (ShWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sh_window_dispose;
  object_class->get_property = sh_window_get_property;

  properties[PROP_FOLDER] =
    g_param_spec_object ("folder", NULL, "The open folder of photos",
                         G_TYPE_FILE,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_N_IMAGES] =
    g_param_spec_uint ("n-images", NULL, "How many photos the open folder holds",
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/shadelab/Shadelab/ui/shadelab-window.ui");
  gtk_widget_class_bind_template_child (widget_class, ShWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, ShWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, ShWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, ShWindow, busy_page);
  gtk_widget_class_bind_template_child (widget_class, ShWindow, busy_spinner);
  gtk_widget_class_bind_template_child (widget_class, ShWindow, folder_page);

  gtk_widget_class_install_action (widget_class, "win.open-folder", NULL, sh_window_open_folder_action);
  gtk_widget_class_install_action (widget_class, "win.open-demo", NULL, sh_window_open_demo_action);
}

static void
sh_window_init (ShWindow *self)
{
  GtkDropTarget *drop_target;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* Dropping a folder from the file manager opens it. */
  drop_target = gtk_drop_target_new (G_TYPE_FILE, GDK_ACTION_COPY);
  g_signal_connect_object (drop_target, "drop", G_CALLBACK (sh_window_drop), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop_target));
}
