/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tryon-fixture-tool.c: writes a generated bare-lip photo (tryon-fixture.h) for the command-line tests and
 * prints its polygons, the lips on the first line and the opening (or an empty line) on the second.
 *
 * Usage: tryon-fixture OUT png|jpeg PROFILE ORIENTATION MST [open] [WIDTHxHEIGHT]
 * PROFILE is a synthetic photo's profile name (untagged, srgb, adobe-rgb, display-p3, prophoto, bgr, lut);
 * the photo is stored so that applying ORIENTATION (1-8, JPEG only) shows it upright. It is 640x400 unless
 * WIDTHxHEIGHT says otherwise (4000x3000 for a 12 MP camera's). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "core/formats/synth-writer.h"
#include "tryon-fixture.h"

int
main (int argc, char **argv)
{
  ShSynthEncoding encoding = { 0 };
  g_autoptr (GError) error = NULL;
  TryonFixture *fixture;
  int tone, width = 640, height = 400;
  gboolean open_mouth = FALSE;
  char *text;

  if (argc < 6)
    {
      fprintf (stderr, "usage: %s OUT png|jpeg PROFILE ORIENTATION MST [open] [WIDTHxHEIGHT]\n", argv[0]);
      return 2;
    }
  encoding.format = strcmp (argv[2], "jpeg") == 0 ? SH_SYNTH_JPEG : SH_SYNTH_PNG;
  encoding.jpeg_quality = 95;
  encoding.profile = SH_SYNTH_N_PROFILES;
  for (int p = 0; p < SH_SYNTH_N_PROFILES; p++)
    if (strcmp (argv[3], sh_synth_profile_name (p)) == 0)
      encoding.profile = p;
  encoding.orientation = atoi (argv[4]);
  tone = atoi (argv[5]);
  if (encoding.profile == SH_SYNTH_N_PROFILES || encoding.orientation < 1 || encoding.orientation > 8
      || tone < 1 || tone > SH_MONK_SKIN_TONE_COUNT)
    {
      fprintf (stderr, "%s: bad profile, orientation or tone\n", argv[0]);
      return 2;
    }
  for (int i = 6; i < argc; i++)
    if (strcmp (argv[i], "open") == 0)
      open_mouth = TRUE;
    else if (sscanf (argv[i], "%dx%d", &width, &height) != 2 || width < 64 || height < 64)
      {
        fprintf (stderr, "%s: '%s' is neither 'open' nor a size WIDTHxHEIGHT (at least 64x64)\n", argv[0], argv[i]);
        return 2;
      }
  fixture = tryon_fixture_new (width, height, 0.6, sh_monk_skin_tone (tone - 1), open_mouth, (guint32) tone);
  if (!sh_synth_write (fixture->linear, fixture->width, fixture->height, &encoding, argv[1], &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }
  text = tryon_fixture_points_text (fixture->lips, fixture->n_lips);
  printf ("%s\n", text);
  free (text);
  text = tryon_fixture_points_text (fixture->opening, fixture->n_opening);
  printf ("%s\n", text);
  free (text);
  tryon_fixture_free (fixture);
  return 0;
}
