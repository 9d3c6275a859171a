/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli-generate.c: `shadelab-cli generate`, synthetic product photos with a truth.json. */
#define G_LOG_DOMAIN "shadelab-cli"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "core/cli/cli.h"
#include "core/formats/synth-writer.h"

#define DEFAULT_COUNT 60
#define DEFAULT_SEED 1
#define DEFAULT_WIDTH 1600
#define DEFAULT_HEIGHT 1200
#define MAX_COUNT 100000
#define MAX_SIDE 16384
#define MIN_SIDE 16

static const char usage_text[] =
  "Usage: shadelab-cli generate OUTDIR [--count N] [--seed S] [--size WxH] [--mix classic|hard]\n"
  "\n"
  "Writes N synthetic lipstick product photos (synth-0001.jpg, ...) and truth.json, which gives each\n"
  "photo's label box and true colour, into OUTDIR. The same options always give the same files.\n"
  "\n"
  "Options:\n"
  "  --count N     number of photos (default 60)\n"
  "  --seed S      set seed, 0 to 4294967295 (default 1)\n"
  "  --size WxH    upright photo size in pixels (default 1600x1200)\n"
  "  --mix M       classic (white or grey sweep, upright, opaque; the default) or hard (also coloured,\n"
  "                textured and checkerboard backdrops, lit cut faces, engravings, matte sheen, shimmer,\n"
  "                transparent PNG cut-outs and products at an angle)\n"
  "  -h, --help    show this help\n";

static int
usage_error (const char *format, const char *value)
{
  fprintf (stderr, "shadelab-cli generate: ");
  fprintf (stderr, format, value);
  fprintf (stderr, "\n\n%s", usage_text);
  return 2;
}

static gboolean
parse_size (const char *text, int *width, int *height)
{
  g_auto (GStrv) parts = g_strsplit_set (text, "xX", -1);
  guint64 w, h;

  if (g_strv_length (parts) != 2)
    return FALSE;
  if (!g_ascii_string_to_unsigned (parts[0], 10, MIN_SIDE, MAX_SIDE, &w, NULL)
      || !g_ascii_string_to_unsigned (parts[1], 10, MIN_SIDE, MAX_SIDE, &h, NULL))
    return FALSE;
  *width = (int) w;
  *height = (int) h;
  return TRUE;
}

/* The value of an option given as "--name VALUE" or "--name=VALUE"; NULL when argv[*i] is not it. */
static const char *
option_value (int argc, char **argv, int *i, const char *name, gboolean *missing)
{
  size_t len = strlen (name);
  const char *arg = argv[*i];

  *missing = FALSE;
  if (strncmp (arg, name, len) != 0)
    return NULL;
  if (arg[len] == '=')
    return arg + len + 1;
  if (arg[len] != '\0')
    return NULL;
  if (*i + 1 >= argc)
    {
      *missing = TRUE;
      return NULL;
    }
  *i += 1;
  return argv[*i];
}

int
sh_cli_generate (int argc, char **argv)
{
  const char *outdir = NULL;
  int count = DEFAULT_COUNT, width = DEFAULT_WIDTH, height = DEFAULT_HEIGHT;
  guint32 seed = DEFAULT_SEED;
  ShSynthMix mix = SH_SYNTH_MIX_CLASSIC;
  g_autoptr (GError) error = NULL;

  for (int i = 1; i < argc; i++)
    {
      const char *arg = argv[i];
      const char *value;
      gboolean missing;
      guint64 number;

      if (strcmp (arg, "--help") == 0 || strcmp (arg, "-h") == 0)
        {
          fputs (usage_text, stdout);
          return 0;
        }
      if ((value = option_value (argc, argv, &i, "--count", &missing)) != NULL || missing)
        {
          if (missing)
            return usage_error ("%s needs a value", arg);
          if (!g_ascii_string_to_unsigned (value, 10, 1, MAX_COUNT, &number, NULL))
            return usage_error ("--count must be a whole number from 1 to 100000, not '%s'", value);
          count = (int) number;
        }
      else if ((value = option_value (argc, argv, &i, "--seed", &missing)) != NULL || missing)
        {
          if (missing)
            return usage_error ("%s needs a value", arg);
          if (!g_ascii_string_to_unsigned (value, 10, 0, G_MAXUINT32, &number, NULL))
            return usage_error ("--seed must be a whole number from 0 to 4294967295, not '%s'", value);
          seed = (guint32) number;
        }
      else if ((value = option_value (argc, argv, &i, "--size", &missing)) != NULL || missing)
        {
          if (missing)
            return usage_error ("%s needs a value", arg);
          if (!parse_size (value, &width, &height))
            return usage_error ("--size must be WxH with each side from 16 to 16384, not '%s'", value);
        }
      else if ((value = option_value (argc, argv, &i, "--mix", &missing)) != NULL || missing)
        {
          if (missing)
            return usage_error ("%s needs a value", arg);
          if (strcmp (value, "classic") == 0)
            mix = SH_SYNTH_MIX_CLASSIC;
          else if (strcmp (value, "hard") == 0)
            mix = SH_SYNTH_MIX_HARD;
          else
            return usage_error ("--mix must be classic or hard, not '%s'", value);
        }
      else if (arg[0] == '-' && arg[1] != '\0')
        return usage_error ("unknown option '%s'", arg);
      else if (outdir == NULL)
        outdir = arg;
      else
        return usage_error ("unexpected argument '%s'", arg);
    }
  if (outdir == NULL)
    return usage_error ("%s", "missing OUTDIR");

  if (!sh_synth_write_set_mix (outdir, count, seed, width, height, mix, &error))
    return sh_cli_failed ("generate", error);
  printf ("Wrote %d photos and truth.json to %s\n", count, outdir);
  return 0;
}
