/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-tryon: a shade rendered onto the lips of a generated 2-megapixel photo (tryon-fixture.h), on one
 * thread, as `shadelab-cli tryon` does it (decoding and writing excluded). Prints the p50, p95 and worst
 * time of the runs. Target: 30 ms on one core for a face photo.
 *
 *   bench-tryon [--runs N] [--finish matte|satin|shiny|gloss|glitter] [--mouth FRACTION] [--size WxH]
 *
 * --mouth is the mouth's width as a fraction of the photo's (default 0.35, a face filling the frame; 0.6 is
 * a close-up of the mouth).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "color/colorspace.h"
#include "color/tryon-render.h"
#include "tests/lib/tryon-fixture.h"

static int
compare_doubles (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

int
main (int argc, char **argv)
{
  int runs = 101, width = 1632, height = 1224;
  double mouth = 0.35;
  const char *finish_name = "gloss";
  ShMaterialFinish finish;
  TryonFixture *fixture;
  ShImage *bare, *image;
  ShLipMask *mask;
  ShMaterial material;
  double *times;
  size_t lip_pixels = 0, bytes;

  for (int i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--runs") == 0 && i + 1 < argc)
        runs = atoi (argv[++i]);
      else if (strcmp (argv[i], "--finish") == 0 && i + 1 < argc)
        finish_name = argv[++i];
      else if (strcmp (argv[i], "--mouth") == 0 && i + 1 < argc)
        mouth = g_ascii_strtod (argv[++i], NULL);
      else if (strcmp (argv[i], "--size") == 0 && i + 1 < argc && sscanf (argv[i + 1], "%dx%d", &width, &height) == 2)
        i++;
      else
        {
          fprintf (stderr, "usage: %s [--runs N] [--finish F] [--mouth FRACTION] [--size WxH]\n", argv[0]);
          return 2;
        }
    }
  if (runs < 1 || !sh_material_finish_from_name (finish_name, &finish) || !(mouth > 0 && mouth <= 1))
    {
      fprintf (stderr, "%s: bad --runs, --finish or --mouth\n", argv[0]);
      return 2;
    }
  fixture = tryon_fixture_new (width, height, mouth, sh_monk_skin_tone (5), true, 1);
  if (!fixture)
    return 2;
  bare = tryon_fixture_image (fixture);
  image = tryon_fixture_image (fixture);
  mask = tryon_fixture_mask (fixture);
  for (int i = 0; i < mask->width * mask->height; i++)
    lip_pixels += mask->coverage[i] > 0;
  sh_material_init (&material);
  material.base_color[0] = sh_srgb_decode (0xb0 / 255.0);
  material.base_color[1] = sh_srgb_decode (0x24 / 255.0);
  material.base_color[2] = sh_srgb_decode (0x3a / 255.0);
  sh_material_set_finish (&material, finish);
  bytes = (size_t) bare->stride * bare->height;
  times = g_new (double, runs);
  for (int r = 0; r < runs; r++)
    {
      gint64 start;

      memcpy (image->pixels, bare->pixels, bytes);
      start = g_get_monotonic_time ();
      if (!sh_tryon_render (image, mask, &material, 1, -1))
        return 1;
      times[r] = (g_get_monotonic_time () - start) / 1000.0;
    }
  qsort (times, runs, sizeof *times, compare_doubles);
  printf ("%dx%d (%.1f megapixels), mouth %.2f of the width, lips %zu pixels (%dx%d box), %s, %d runs:\n",
          width, height, width * (double) height / 1e6, mouth, lip_pixels, mask->width, mask->height, finish_name,
          runs);
  printf ("p50 %.2f ms, p95 %.2f ms, worst %.2f ms\n", times[runs / 2], times[(int) (0.95 * (runs - 1))],
          times[runs - 1]);
  g_free (times);
  sh_lip_mask_free (mask);
  sh_image_free (bare);
  sh_image_free (image);
  tryon_fixture_free (fixture);
  return 0;
}
