/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli-extract.c: `shadelab-cli extract IMAGE --box X,Y,W,H [--method M] [--repeat N]`, one JSON object. */
#define G_LOG_DOMAIN "shadelab-cli"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include <cjson/cJSON.h>
#include <glib.h>

#include "core/cli/cli.h"
#include "color/extract.h"
#include "core/formats/image-loader.h"
#include "core/formats/photo-extract.h"

int
sh_cli_extract (int argc, char **argv)
{
  g_autofree char *box_text = NULL;
  g_autofree char *method_text = NULL;
  int repeat = 1;
  gint64 pixel_limit = 0;
  g_auto (GStrv) rest = NULL;
  GOptionEntry entries[] = {
    { "box", 'b', 0, G_OPTION_ARG_STRING, &box_text, "Box in upright pixels (required)", "X,Y,W,H" },
    { "method", 'm', 0, G_OPTION_ARG_STRING, &method_text, "robust (default), mean or dominant", "METHOD" },
    { "repeat", 'r', 0, G_OPTION_ARG_INT, &repeat, "Run the extraction N times; extract_ms is the median",
      "N" },
    { "pixel-limit", 0, 0, G_OPTION_ARG_INT64, &pixel_limit,
      "Refuse images larger than this many pixels (default 200000000)", "N" },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &rest, NULL, "IMAGE" },
    { NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("--box X,Y,W,H");
  g_autoptr (GError) error = NULL;
  g_autoptr (ShLoadedImage) loaded = NULL;
  ShLoadOptions load_options = { 0 };
  ShMethod method = SH_METHOD_ROBUST;
  ShBox box;

  g_set_prgname ("shadelab-cli extract");
  g_option_context_set_summary (context,
                                "Estimates a product's body colour from a box drawn around it and prints one JSON "
                                "object.\nErrors go to stderr with exit status 1; usage errors exit 2.");
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_help_enabled (context, TRUE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return sh_cli_usage_error (context, "extract", error->message);
  if (rest == NULL || rest[0] == NULL)
    return sh_cli_usage_error (context, "extract", "no IMAGE given");
  if (rest[1] != NULL)
    return sh_cli_usage_error (context, "extract", "give exactly one IMAGE");
  if (box_text == NULL)
    return sh_cli_usage_error (context, "extract", "--box X,Y,W,H is required");
  if (!sh_cli_parse_box (box_text, &box))
    return sh_cli_usage_error (context, "extract", "--box wants four integers X,Y,W,H with W and H above zero");
  if (method_text != NULL && !sh_method_from_name (method_text, &method))
    return sh_cli_usage_error (context, "extract", "--method must be robust, mean or dominant");
  if (repeat < 1 || repeat > 100000)
    return sh_cli_usage_error (context, "extract", "--repeat must be between 1 and 100000");
  if (pixel_limit < 0)
    return sh_cli_usage_error (context, "extract", "--pixel-limit must be positive");

  load_options.pixel_limit = (guint64) pixel_limit;
  loaded = sh_load_image (rest[0], &load_options, &error);
  if (loaded == NULL)
    return sh_cli_failed ("extract", error);

  cJSON *json = sh_photo_extract_json (loaded, rest[0], box, method, repeat, &error);
  if (json == NULL)
    return sh_cli_failed ("extract", error);

  char *text = cJSON_Print (json);
  puts (text);
  cJSON_free (text);
  cJSON_Delete (json);
  return 0;
}
