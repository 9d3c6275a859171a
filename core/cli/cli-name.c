/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli-name.c: `shadelab-cli name (--color #RRGGBB | --lab L,a,b) [--json]`: the ISCC-NBS designation and the
 * cosmetic words of one colour. */
#define G_LOG_DOMAIN "shadelab-cli"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include <cjson/cJSON.h>
#include <glib.h>

#include "core/cli/cli.h"
#include "color/colorspace.h"
#include "core/formats/color-names.h"

/* "L,a,b": three finite numbers, L in [0, 100]. */
static gboolean
parse_lab (const char *text, double lab[3])
{
  g_auto (GStrv) parts = g_strsplit (text, ",", -1);

  if (g_strv_length (parts) != 3)
    return FALSE;
  for (int i = 0; i < 3; i++)
    {
      char *end = NULL;
      g_strstrip (parts[i]);
      lab[i] = g_ascii_strtod (parts[i], &end);
      if (parts[i][0] == '\0' || *end != '\0' || !isfinite (lab[i]))
        return FALSE;
    }
  return lab[0] >= 0 && lab[0] <= 100;
}

int
sh_cli_name (int argc, char **argv)
{
  g_autofree char *color_text = NULL;
  g_autofree char *lab_text = NULL;
  gboolean json = FALSE;
  g_auto (GStrv) rest = NULL;
  GOptionEntry entries[] = {
    { "color", 'c', 0, G_OPTION_ARG_STRING, &color_text, "The colour in sRGB", "#RRGGBB" },
    { "lab", 'l', 0, G_OPTION_ARG_STRING, &lab_text, "The colour in CIELAB D50", "L,a,b" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print one JSON object", NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &rest, NULL, NULL },
    { NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("(--color #RRGGBB | --lab L,a,b)");
  g_autoptr (GError) error = NULL;
  ShColorNames names;
  uint8_t rgb[3];
  double lab[3];
  char hex[8];
  gboolean in_gamut = TRUE;

  g_set_prgname ("shadelab-cli name");
  g_option_context_set_summary (context,
                                "Names a colour: its ISCC-NBS designation (the nearest of the 267 centroids of NBS "
                                "Special\nPublication 440 in CIEDE2000) and its cosmetic depth, undertone and "
                                "family (README \"Shade names\").");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return sh_cli_usage_error (context, "name", error->message);
  if (rest != NULL && rest[0] != NULL)
    return sh_cli_usage_error (context, "name", "unexpected argument");
  if ((color_text == NULL) == (lab_text == NULL))
    return sh_cli_usage_error (context, "name", "give exactly one of --color #RRGGBB and --lab L,a,b");
  if (color_text)
    {
      if (!sh_parse_hex (color_text, rgb))
        return sh_cli_usage_error (context, "name", "--color takes #RRGGBB");
      sh_srgb8_to_lab (rgb, lab);
    }
  else
    {
      if (!parse_lab (lab_text, lab))
        return sh_cli_usage_error (context, "name", "--lab takes L,a,b: three numbers, L from 0 to 100");
      in_gamut = sh_lab_to_srgb8 (lab, rgb);
    }
  sh_format_hex (rgb, hex);
  if (!sh_color_names (lab, &names))
    {
      fprintf (stderr, "shadelab-cli name: cannot name that colour\n");
      return 1;
    }

  if (json)
    {
      cJSON *root = sh_color_names_json (&names);
      cJSON *lab_array = cJSON_CreateArray ();
      char *text;

      for (int i = 0; i < 3; i++)
        cJSON_AddItemToArray (lab_array, cJSON_CreateNumber (round (lab[i] * 10000.0) / 10000.0));
      cJSON_AddStringToObject (root, "srgb", hex);
      cJSON_AddItemToObject (root, "lab_d50", lab_array);
      cJSON_AddBoolToObject (root, "in_srgb_gamut", in_gamut);
      text = cJSON_Print (root);
      puts (text);
      cJSON_free (text);
      cJSON_Delete (root);
      return 0;
    }
  printf ("Colour    %s%s  Lab D50 %.2f, %.2f, %.2f\n", hex, in_gamut ? "" : " (clipped to sRGB)", lab[0], lab[1],
          lab[2]);
  printf ("ISCC-NBS  %d %s (centroid %s, CIEDE2000 %.2f)\n", names.iscc_nbs->number, names.iscc_nbs->name,
          names.iscc_nbs->hex, names.iscc_nbs_delta_e);
  printf ("Cosmetic  %s (depth %s, undertone %s, family %s)\n", names.cosmetic.name,
          sh_shade_depth_name (names.cosmetic.depth), sh_shade_undertone_name (names.cosmetic.undertone),
          sh_shade_family_name (names.cosmetic.family));
  return 0;
}
