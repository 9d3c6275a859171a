/* SPDX-License-Identifier: GPL-3.0-or-later */
/* main.c: the shadelab executable: opens the project named on the command line, else the last one, else the
 * demo project. */
#define G_LOG_DOMAIN "shadelab"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "color/image.h"
#include "shadelab-application.h"

int
main (int argc, char *argv[])
{
  g_autoptr (ShApplication) app = NULL;

  /* Before the options are parsed, so that --help is translated too (GTK sets the locale only later). */
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, sh_application_get_locale_dir ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  sh_image_release_memory_promptly ();
  app = sh_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
