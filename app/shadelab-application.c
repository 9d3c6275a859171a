/* shadelab-application.c: the application object: creates windows, opens folders given on the command line
 * and owns the app-wide actions (quit, about) and their shortcuts. */
#define G_LOG_DOMAIN "shadelab-application"

#include "config.h"

#include <glib/gi18n.h>

#include "shadelab-application.h"
#include "shadelab-window.h"

struct _ShApplication
{
  AdwApplication parent_instance;
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

/* A window that shows no folder yet is reused before a new one is made, so `shadelab FOLDER` and
 * "Open Folder…" in an empty window never leave an empty window behind. */
static ShWindow *
sh_application_get_window_for_folder (ShApplication *self)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    {
      if (SH_IS_WINDOW (l->data) && sh_window_get_folder (SH_WINDOW (l->data)) == NULL)
        return SH_WINDOW (l->data);
    }

  return sh_window_new (GTK_APPLICATION (self));
}

static void
sh_application_activate (GApplication *application)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (application));

  if (window == NULL)
    window = GTK_WINDOW (sh_window_new (GTK_APPLICATION (application)));

  gtk_window_present (window);
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
      ShWindow *window = sh_application_get_window_for_folder (self);

      sh_window_open_folder (window, files[i]);
      gtk_window_present (GTK_WINDOW (window));
    }
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
  GtkIconTheme *icon_theme = gtk_icon_theme_get_for_display (gdk_display_get_default ());
  GtkWidget *about;

  /* The application icon exists once installed; a build run from its tree shows a generic one instead of
   * a "missing image" placeholder. */
  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", parent,
                        "modal", TRUE,
                        "application-name", _("Shadelab"),
                        "application-icon", gtk_icon_theme_has_icon (icon_theme, APP_ID)
                                            ? APP_ID : "applications-graphics-symbolic",
                        "version", PACKAGE_VERSION,
                        "comments", _("Turn product photos into accurate colours and materials"),
                        "developer-name", _("The Shadelab developers"),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static const GActionEntry app_actions[] = {
  { "quit", sh_application_quit_action },
  { "about", sh_application_about_action },
};

static void
sh_application_startup (GApplication *application)
{
  GtkApplication *gtk_app = GTK_APPLICATION (application);

  G_APPLICATION_CLASS (sh_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (application), app_actions, G_N_ELEMENTS (app_actions),
                                   application);

  gtk_application_set_accels_for_action (gtk_app, "app.quit", (const char *[]) { "<Primary>q", NULL });
  gtk_application_set_accels_for_action (gtk_app, "win.open-folder", (const char *[]) { "<Primary>o", NULL });
  gtk_application_set_accels_for_action (gtk_app, "window.close", (const char *[]) { "<Primary>w", NULL });
}

static void
sh_application_class_init (ShApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->activate = sh_application_activate;
  app_class->open = sh_application_open;
  app_class->startup = sh_application_startup;
}

static void
sh_application_init (ShApplication *self)
{
}
