/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tryon-fixture-tool.c: writes a generated bare-lip photo (tryon-fixture.h) for the command-line tests and
 * prints its polygons, the lips on the first line and the opening (or an empty line) on the second.
 *
 * Usage: tryon-fixture OUT png|jpeg PROFILE ORIENTATION MST [open]
 * PROFILE is a synthetic photo's profile name (untagged, srgb, adobe-rgb, display-p3, prophoto, bgr, lut);
 * the photo is stored so that applying ORIENTATION (1-8, JPEG only) shows it upright. */
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
  int tone;
  char *text;

  if (argc < 6)
    {
      fprintf (stderr, "usage: %s OUT png|jpeg PROFILE ORIENTATION MST [open]\n", argv[0]);
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
  fixture = tryon_fixture_new (640, 400, 0.6, sh_monk_skin_tone (tone - 1), argc > 6 && strcmp (argv[6], "open") == 0,
                               (guint32) tone);
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
