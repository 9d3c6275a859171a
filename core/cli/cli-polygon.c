/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli-polygon.c: `shadelab-cli polygon set PROJECT FACE-PHOTO --outer X1,Y1,... [--opening X1,Y1,...]` and
 * `polygon show PROJECT FACE-PHOTO`: the lips drawn on a participant's face photo. */
#define G_LOG_DOMAIN "shadelab-cli"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "core/cli/cli.h"
#include "core/store/project-participants.h"
#include "core/store/project.h"

static const char description[] =
  "Actions:\n"
  "  set PROJECT FACE-PHOTO --outer X1,Y1,... [--opening X1,Y1,...]\n"
  "                          draw the lips: the outer contour and the mouth's opening inside it (without\n"
  "                          --opening, a stored opening is removed)\n"
  "  show PROJECT FACE-PHOTO   print the outer contour and the opening, one line each (empty when none)\n"
  "\n"
  "FACE-PHOTO is the id 'shadelab-cli face list' prints. Points are in upright pixels of the photo (after\n"
  "its EXIF orientation), at least three for each polygon, inside the photo.\n"
  "\n"
  "Exit status: 0 done, 1 error (message on stderr), 2 usage error.";

static void
print_points (GArray *points)
{
  for (guint i = 0; points != NULL && i < points->len; i++)
    {
      const ShPoint *p = &g_array_index (points, ShPoint, i);
      char x[G_ASCII_DTOSTR_BUF_SIZE], y[G_ASCII_DTOSTR_BUF_SIZE];

      printf ("%s%s,%s", i > 0 ? "," : "", g_ascii_dtostr (x, sizeof x, p->x), g_ascii_dtostr (y, sizeof y, p->y));
    }
  printf ("\n");
}

int
sh_cli_polygon (int argc, char **argv)
{
  g_autofree char *outer_text = NULL;
  g_autofree char *opening_text = NULL;
  g_auto (GStrv) rest = NULL;
  GOptionEntry entries[] = {
    { "outer", 0, 0, G_OPTION_ARG_STRING, &outer_text, "set: the lips' outer contour (required)", "X1,Y1,..." },
    { "opening", 0, 0, G_OPTION_ARG_STRING, &opening_text, "set: the mouth's opening inside it", "X1,Y1,..." },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &rest, NULL, NULL },
    { NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("set|show PROJECT FACE-PHOTO [options]");
  g_autoptr (GError) error = NULL;
  g_autoptr (ShProject) project = NULL;
  g_autoptr (GArray) outer = NULL;
  g_autoptr (GArray) opening = NULL;
  guint64 id = 0;
  const char *action;

  g_set_prgname ("shadelab-cli polygon");
  g_option_context_set_summary (context, "Sets or shows the lips drawn on a face photo.");
  g_option_context_set_description (context, description);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return sh_cli_usage_error (context, "polygon", error->message);
  if (rest == NULL || g_strv_length (rest) != 3)
    return sh_cli_usage_error (context, "polygon", "give an action (set, show), PROJECT and FACE-PHOTO");
  action = rest[0];
  if (!g_ascii_string_to_unsigned (rest[2], 10, 1, G_MAXINT64, &id, NULL))
    return sh_cli_usage_error (context, "polygon", "FACE-PHOTO must be a face photo's id (see 'face list')");

  if (strcmp (action, "show") == 0)
    {
      g_autoptr (ShFacePhotoRow) photo = NULL;

      project = sh_project_open (rest[1], SH_PROJECT_OPEN_READ_ONLY, &error);
      if (project == NULL || !(photo = sh_project_get_face_photo (project, (gint64) id, &error))
          || !sh_project_get_lip_polygons (project, (gint64) id, &outer, &opening, &error))
        return sh_cli_failed ("polygon", error);
      print_points (outer);
      print_points (opening);
      return 0;
    }

  if (strcmp (action, "set") == 0)
    {
      if (outer_text == NULL)
        return sh_cli_usage_error (context, "polygon", "set needs --outer X1,Y1,X2,Y2,...");
      if (!(outer = sh_cli_parse_points (outer_text)))
        return sh_cli_usage_error (context, "polygon",
                                   "--outer wants at least three X,Y points, numbers separated by commas");
      if (opening_text != NULL && !(opening = sh_cli_parse_points (opening_text)))
        return sh_cli_usage_error (context, "polygon",
                                   "--opening wants at least three X,Y points, numbers separated by commas");
      project = sh_project_open (rest[1], SH_PROJECT_OPEN_READ_WRITE, &error);
      if (project == NULL
          || !sh_project_set_lip_polygons (project, (gint64) id, (const ShPoint *) outer->data, (int) outer->len,
                                           opening != NULL ? (const ShPoint *) opening->data : NULL,
                                           opening != NULL ? (int) opening->len : 0, &error))
        return sh_cli_failed ("polygon", error);
      printf ("polygon: face photo %" G_GUINT64_FORMAT ": outer %u points%s\n", id, outer->len,
              opening != NULL ? ", opening" : "");
      return 0;
    }

  return sh_cli_usage_error (context, "polygon", "the action must be set or show");
}
