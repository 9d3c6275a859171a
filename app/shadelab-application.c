/* SPDX-License-Identifier: GPL-3.0-or-later */
/* shadelab-application.c: the application object: one window per project (a map from project path to
 * window), the project to open at start, the settings, and the app-wide actions (preferences, quit, about)
 * and their shortcuts. */
#define G_LOG_DOMAIN "shadelab-application"

#include "config.h"

#include <glib/gi18n.h>
#include <errno.h>
#include <glib/gstdio.h>

#include "core/store/project.h"
#include "core/store/study-pack.h"
#include "sh-preferences-window.h"
#include "sh-project-window.h"
#include "sh-study-window.h"
#include "shadelab-application.h"
#include "style-preference.h"

struct _ShApplication
{
  AdwApplication parent_instance;

  GHashTable *windows;   /* canonical project path -> ShProjectWindow (not owned) */
  GSettings *settings;
  GtkWindow *preferences;   /* weak: the preferences window while it is open */
  char *style;           /* --style: "light", "dark" or NULL (follow the desktop) */
  gboolean demo;         /* --demo: open the demo project whatever was open last */
};

G_DEFINE_FINAL_TYPE (ShApplication, sh_application, ADW_TYPE_APPLICATION)

ShApplication *
sh_application_new (void)
{
  return g_object_new (SH_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/org/shadelab/Shadelab",
                       NULL);
}

/* ---- settings ---- */

static GSettingsSchema *
sh_application_lookup_schema (void)
{
  GSettingsSchemaSource *installed = g_settings_schema_source_get_default ();
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *build_dir = g_build_filename (SHADELAB_BUILD_ROOT, "data", NULL);
  g_autofree char *build_compiled = g_build_filename (build_dir, "gschemas.compiled", NULL);
  gboolean from_build_tree = exe != NULL && g_str_has_prefix (exe, SHADELAB_BUILD_ROOT "/");
  GSettingsSchema *schema = NULL;

  /* Run from the build tree, its own schema may have keys an installed one lacks. */
  if (from_build_tree && g_getenv ("GSETTINGS_SCHEMA_DIR") == NULL
      && g_file_test (build_compiled, G_FILE_TEST_IS_REGULAR))
    {
      g_autoptr (GSettingsSchemaSource) build = g_settings_schema_source_new_from_directory (build_dir, installed,
                                                                                            FALSE, NULL);

      if (build != NULL)
        schema = g_settings_schema_source_lookup (build, APP_ID, FALSE);
    }
  if (schema == NULL && installed != NULL)
    schema = g_settings_schema_source_lookup (installed, APP_ID, TRUE);
  if (schema == NULL && g_file_test (build_compiled, G_FILE_TEST_IS_REGULAR))
    {
      g_autoptr (GSettingsSchemaSource) build = g_settings_schema_source_new_from_directory (build_dir, installed,
                                                                                            FALSE, NULL);

      if (build != NULL)
        schema = g_settings_schema_source_lookup (build, APP_ID, FALSE);
    }
  return schema;
}

GSettings *
sh_application_new_settings (void)
{
  static GSettingsSchema *schema;

  if (g_once_init_enter (&schema))
    {
      GSettingsSchema *found = sh_application_lookup_schema ();

      if (found == NULL)
        g_error ("the settings schema %s is not installed (glib-compile-schemas was not run on %s?)", APP_ID,
                 SHADELAB_DATADIR "/glib-2.0/schemas");
      g_once_init_leave (&schema, found);
    }
  return g_settings_new_full (schema, NULL, NULL);
}

/* ---- translations ---- */

const char *
sh_application_get_locale_dir (void)
{
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);

  /* msgfmt writes the build's catalogues as po/LL/LC_MESSAGES/shadelab.mo, the same layout as LOCALEDIR. */
  if (exe != NULL && g_str_has_prefix (exe, SHADELAB_BUILD_ROOT "/")
      && g_file_test (SHADELAB_BUILD_ROOT "/po", G_FILE_TEST_IS_DIR))
    return SHADELAB_BUILD_ROOT "/po";
  return LOCALEDIR;
}

/* ---- the last project ---- */

static char *
sh_application_get_last_project (ShApplication *self)
{
  g_autofree char *path = g_settings_get_string (self->settings, "last-project");

  return *path != '\0' ? g_steal_pointer (&path) : NULL;
}

static void
sh_application_remember_project (ShApplication *self, const char *project_path)
{
  g_settings_set_string (self->settings, "last-project", project_path);
  /* Written now, not when the backend gets round to it: after a crash the next start reopens this project. */
  g_settings_sync ();
}

/* ---- windows ---- */

static void
sh_application_forget_window (ShApplication *self, ShProjectWindow *window)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->windows);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      if (value == window)
        g_hash_table_iter_remove (&iter);
    }
}

static void
sh_application_window_path_changed (ShApplication   *self,
                                    GParamSpec      *pspec,
                                    ShProjectWindow *window)
{
  const char *path = sh_project_window_get_path (window);

  sh_application_forget_window (self, window);
  if (path != NULL)
    {
      g_hash_table_insert (self->windows, g_canonicalize_filename (path, NULL), window);
      sh_application_remember_project (self, path);
    }
}

static void
sh_application_window_destroyed (ShApplication *self,
                                 GtkWidget     *window)
{
  sh_application_forget_window (self, SH_PROJECT_WINDOW (window));
}

static ShProjectWindow *
sh_application_new_window (ShApplication *self)
{
  ShProjectWindow *window = sh_project_window_new (GTK_APPLICATION (self));

  g_signal_connect_object (window, "notify::path", G_CALLBACK (sh_application_window_path_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (window, "destroy", G_CALLBACK (sh_application_window_destroyed), self,
                           G_CONNECT_SWAPPED);
  return window;
}

/* A window without a project is used before a new one is made, so that opening from the "no project"
 * page never leaves an empty window behind. */
static ShProjectWindow *
sh_application_window_without_project (ShApplication *self)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    {
      if (SH_IS_PROJECT_WINDOW (l->data) && sh_project_window_get_path (l->data) == NULL)
        return l->data;
    }
  return NULL;
}

void
sh_application_open_project (ShApplication *self, const char *path, ShProjectWindow *from)
{
  g_autofree char *canonical = NULL;
  ShProjectWindow *window;

  g_return_if_fail (SH_IS_APPLICATION (self));
  g_return_if_fail (path != NULL);

  canonical = g_canonicalize_filename (path, NULL);
  window = g_hash_table_lookup (self->windows, canonical);
  if (window == NULL)
    {
      if (from != NULL && sh_project_window_get_path (from) == NULL)
        window = from;
      else
        window = sh_application_window_without_project (self);
      if (window == NULL)
        window = sh_application_new_window (self);
      sh_project_window_open (window, canonical, SH_PROJECT_OPEN_READ_WRITE);
    }
  gtk_window_present (GTK_WINDOW (window));
}

/* ---- the demo project ---- */

char *
sh_application_find_demo_dir (void)
{
  const char *env = g_getenv ("SHADELAB_DEMO_DIR");
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *installed = g_build_filename (SHADELAB_DATADIR, "shadelab", "demo", NULL);

  if (env != NULL && *env != '\0')
    return g_file_test (env, G_FILE_TEST_IS_DIR) ? g_strdup (env) : NULL;
  /* Run from the build tree: its own demo, which may be newer than an installed one. */
  if (exe != NULL && g_str_has_prefix (exe, SHADELAB_BUILD_ROOT "/")
      && g_file_test (SHADELAB_BUILD_DEMO_DIR, G_FILE_TEST_IS_DIR))
    return g_strdup (SHADELAB_BUILD_DEMO_DIR);
  if (g_file_test (installed, G_FILE_TEST_IS_DIR))
    return g_steal_pointer (&installed);
  if (g_file_test (SHADELAB_BUILD_DEMO_DIR, G_FILE_TEST_IS_DIR))
    return g_strdup (SHADELAB_BUILD_DEMO_DIR);
  return NULL;
}

/* The project file in a folder (the first *.shadelab), or NULL. */
static char *
find_project_in (const char *folder)
{
  g_autoptr (GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      if (g_str_has_suffix (name, SH_PROJECT_EXTENSION))
        return g_build_filename (folder, name, NULL);
    }
  return NULL;
}

static gboolean
copy_tree (GFile *source, GFile *destination, GCancellable *cancellable, GError **error)
{
  g_autoptr (GFileEnumerator) children = NULL;
  GFileInfo *info;

  if (!g_file_make_directory_with_parents (destination, cancellable, error))
    return FALSE;
  children = g_file_enumerate_children (source, G_FILE_ATTRIBUTE_STANDARD_NAME "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                        G_FILE_QUERY_INFO_NONE, cancellable, error);
  if (children == NULL)
    return FALSE;
  while (g_file_enumerator_iterate (children, &info, NULL, cancellable, error) && info != NULL)
    {
      g_autoptr (GFile) from = g_file_get_child (source, g_file_info_get_name (info));
      g_autoptr (GFile) to = g_file_get_child (destination, g_file_info_get_name (info));
      const char *name = g_file_info_get_name (info);

      /* A lock or WAL left beside the source is not part of the project. */
      if (g_str_has_suffix (name, ".lock") || g_str_has_suffix (name, "-wal") || g_str_has_suffix (name, "-shm"))
        continue;
      if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
        {
          if (!copy_tree (from, to, cancellable, error))
            return FALSE;
        }
      else if (!g_file_copy (from, to, G_FILE_COPY_NONE, cancellable, NULL, NULL, error))
        return FALSE;
    }
  return error == NULL || *error == NULL;
}

static void
delete_tree (GFile *file)
{
  g_autoptr (GFileEnumerator) children = g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                                                    G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS,
                                                                    NULL, NULL);
  GFileInfo *info;

  while (children != NULL && g_file_enumerator_iterate (children, &info, NULL, NULL, NULL) && info != NULL)
    {
      g_autoptr (GFile) child = g_file_get_child (file, g_file_info_get_name (info));

      delete_tree (child);
    }
  g_file_delete (file, NULL, NULL);
}

/* Worker thread: copies the demo into the user's data folder once, through a temporary name so that an
 * interrupted copy is never taken for a complete one. Returns the project path. */
static void
copy_demo_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  const char *source_dir = task_data;
  g_autofree char *target_dir = g_build_filename (g_get_user_data_dir (), "shadelab", "demo", NULL);
  g_autofree char *partial_dir = g_strconcat (target_dir, ".partial", NULL);
  g_autoptr (GFile) source = g_file_new_for_path (source_dir);
  g_autoptr (GFile) partial = g_file_new_for_path (partial_dir);
  g_autofree char *project = find_project_in (target_dir);
  GError *error = NULL;

  if (project != NULL)
    {
      g_task_return_pointer (task, g_steal_pointer (&project), g_free);
      return;
    }
  /* Left by an interrupted copy: only ever our own files. */
  delete_tree (partial);
  if (!copy_tree (source, partial, cancellable, &error) || g_rename (partial_dir, target_dir) != 0)
    {
      if (error == NULL)
        g_set_error (&error, G_IO_ERROR, g_io_error_from_errno (errno), _("Could not copy the demo project to %s: %s"),
                     target_dir, g_strerror (errno));
      g_task_return_error (task, error);
      return;
    }
  project = find_project_in (target_dir);
  if (project == NULL)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("The demo folder %s holds no project"),
                             source_dir);
  else
    g_task_return_pointer (task, g_steal_pointer (&project), g_free);
}

static void
demo_copied (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  ShApplication *self = SH_APPLICATION (source);
  g_autoptr (ShProjectWindow) window = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *project = g_task_propagate_pointer (G_TASK (result), &error);

  g_application_release (G_APPLICATION (self));
  if (project == NULL)
    {
      g_warning ("%s", error->message);
      return;
    }
  sh_application_open_project (self, project, window);
}

/* First start: the demo project, copied to the user's data folder so it is never changed in place. */
static void
sh_application_open_demo (ShApplication *self, ShProjectWindow *window)
{
  g_autofree char *demo_dir = sh_application_find_demo_dir ();
  g_autoptr (GTask) task = NULL;

  if (demo_dir == NULL)
    return;
  g_application_hold (G_APPLICATION (self));
  task = g_task_new (self, NULL, demo_copied, g_object_ref (window));
  g_task_set_task_data (task, g_steal_pointer (&demo_dir), g_free);
  g_task_run_in_thread (task, copy_demo_thread);
}

/* ---- GApplication ---- */

static void
sh_application_activate (GApplication *application)
{
  ShApplication *self = SH_APPLICATION (application);
  GtkWindow *active = gtk_application_get_active_window (GTK_APPLICATION (application));
  g_autofree char *last = NULL;
  ShProjectWindow *window;

  if (active != NULL)
    {
      gtk_window_present (active);
      return;
    }

  last = self->demo ? NULL : sh_application_get_last_project (self);
  if (last != NULL && g_file_test (last, G_FILE_TEST_IS_REGULAR))
    {
      sh_application_open_project (self, last, NULL);
      return;
    }
  window = sh_application_new_window (self);
  gtk_window_present (GTK_WINDOW (window));
  sh_application_open_demo (self, window);
}

static void
sh_application_open (GApplication *application,
                     GFile       **files,
                     int           n_files,
                     const char   *hint)
{
  ShApplication *self = SH_APPLICATION (application);

  for (int i = 0; i < n_files; i++)
    {
      g_autofree char *path = g_file_get_path (files[i]);

      if (path == NULL)
        continue;
      /* A rater's pack of a realism study opens in the rater view. */
      if (g_str_has_suffix (path, SH_STUDY_PACK_EXTENSION))
        {
          g_autoptr (GError) error = NULL;
          ShStudyWindow *window = sh_study_window_new (GTK_APPLICATION (self), path, &error);

          if (window == NULL)
            g_printerr ("shadelab: %s\n", error->message);
          else
            gtk_window_present (GTK_WINDOW (window));
          continue;
        }
      sh_application_open_project (self, path, NULL);
    }
}

static int
sh_application_handle_local_options (GApplication *application,
                                     GVariantDict *options)
{
  ShApplication *self = SH_APPLICATION (application);
  const char *style = NULL;

  if (g_variant_dict_contains (options, "demo"))
    self->demo = TRUE;
  if (g_variant_dict_lookup (options, "style", "&s", &style))
    {
      if (g_strcmp0 (style, "light") != 0 && g_strcmp0 (style, "dark") != 0)
        {
          g_printerr (_("--style takes light or dark, not “%s”\n"), style);
          return 2;
        }
      g_free (self->style);
      self->style = g_strdup (style);
    }
  return -1;
}

static void
sh_application_quit_action (GSimpleAction *action,
                            GVariant      *parameter,
                            gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static void
sh_application_about_action (GSimpleAction *action,
                             GVariant      *parameter,
                             gpointer       user_data)
{
  ShApplication *self = SH_APPLICATION (user_data);
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkWidget *about;

  /* The icon also ships in the GResource (icons/scalable/apps), so it is found when run from the build tree. */
  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", parent,
                        "modal", TRUE,
                        "application-name", _("Shadelab"),
                        "application-icon", APP_ID,
                        "version", PACKAGE_VERSION,
                        "comments", _("Turn product photos into accurate colours and materials"),
                        "developer-name", _("The Shadelab developers"),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
sh_application_preferences_action (GSimpleAction *action,
                                   GVariant      *parameter,
                                   gpointer       user_data)
{
  ShApplication *self = SH_APPLICATION (user_data);
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));

  /* One preferences window: asking again brings it forward. */
  if (self->preferences == NULL)
    g_set_weak_pointer (&self->preferences, GTK_WINDOW (sh_preferences_window_new (parent)));
  else if (parent != self->preferences)
    gtk_window_set_transient_for (self->preferences, parent);
  gtk_window_present (self->preferences);
}

static const GActionEntry app_actions[] = {
  { "preferences", sh_application_preferences_action },
  { "quit", sh_application_quit_action },
  { "about", sh_application_about_action },
};

static void
sh_application_startup (GApplication *application)
{
  ShApplication *self = SH_APPLICATION (application);
  GtkApplication *gtk_app = GTK_APPLICATION (application);

  G_APPLICATION_CLASS (sh_application_parent_class)->startup (application);

  /* Every window (X11 _NET_WM_ICON, the window switcher without a desktop file) shows the app icon. */
  gtk_window_set_default_icon_name (APP_ID);

  /* The style setting, unless --style chose one for this run (until the setting is changed). */
  sh_style_preference_follow (self->settings, self->style);

  g_action_map_add_action_entries (G_ACTION_MAP (application), app_actions, G_N_ELEMENTS (app_actions),
                                   application);

  gtk_application_set_accels_for_action (gtk_app, "app.quit", (const char *[]) { "<Primary>q", NULL });
  gtk_application_set_accels_for_action (gtk_app, "app.preferences", (const char *[]) { "<Primary>comma", NULL });
  gtk_application_set_accels_for_action (gtk_app, "window.close", (const char *[]) { "<Primary>w", NULL });
}

/* Windows still open when the application quits are closed properly, so they remember their size and
 * record the time spent on the photo shown. */
static void
sh_application_shutdown (GApplication *application)
{
  GList *windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (application)));

  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_destroy (l->data);
  g_list_free (windows);
  g_settings_sync ();  /* the window sizes the windows just saved */
  G_APPLICATION_CLASS (sh_application_parent_class)->shutdown (application);
}

static void
sh_application_finalize (GObject *object)
{
  ShApplication *self = SH_APPLICATION (object);

  g_hash_table_unref (self->windows);
  g_clear_weak_pointer (&self->preferences);
  g_clear_object (&self->settings);
  g_free (self->style);
  G_OBJECT_CLASS (sh_application_parent_class)->finalize (object);
}

static void
sh_application_class_init (ShApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = sh_application_finalize;
  app_class->activate = sh_application_activate;
  app_class->open = sh_application_open;
  app_class->startup = sh_application_startup;
  app_class->shutdown = sh_application_shutdown;
  app_class->handle_local_options = sh_application_handle_local_options;
}

static void
sh_application_init (ShApplication *self)
{
  static const GOptionEntry options[] = {
    { "style", 0, 0, G_OPTION_ARG_STRING, NULL,
      N_("Colour scheme for this run: light or dark (default: the Style preference)"), N_("STYLE") },
    { "demo", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Open the demo project"), NULL },
    { NULL },
  };

  self->windows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->settings = sh_application_new_settings ();
  g_application_add_main_option_entries (G_APPLICATION (self), options);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), _("[PROJECT…]"));
}
