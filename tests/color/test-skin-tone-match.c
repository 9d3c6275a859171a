/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-skin-tone-match.c: the Monk Skin Tone nearest to a colour, on the published swatches
 * (tests/reference/monk-skin-tone.tsv), and the median colour of a cheek patch. */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "color/colorspace.h"
#include "color/delta-e.h"
#include "color/image.h"
#include "color/skin-tone-match.h"

/* The reference table's Lab D50 values, row per tone (index 0 for MST 1); FALSE (test skipped) without the
 * source tree. */
static gboolean
reference_lab (double lab[SH_MONK_SKIN_TONE_COUNT][3], char hex[SH_MONK_SKIN_TONE_COUNT][8])
{
  const char *source_dir = g_getenv ("SHADELAB_SOURCE_DIR");
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_auto (GStrv) lines = NULL;
  g_autoptr (GError) error = NULL;
  int n = 0;

  if (source_dir == NULL)
    {
      g_test_skip ("SHADELAB_SOURCE_DIR is not set");
      return FALSE;
    }
  path = g_build_filename (source_dir, "tests", "reference", "monk-skin-tone.tsv", NULL);
  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto (GStrv) fields = NULL;

      if (lines[i][0] == '\0' || lines[i][0] == '#' || g_str_has_prefix (lines[i], "mst\t"))
        continue;
      fields = g_strsplit (lines[i], "\t", -1);
      g_assert_cmpuint (g_strv_length (fields), ==, 5);
      g_assert_cmpint (atoi (fields[0]), ==, n + 1);
      g_strlcpy (hex[n], fields[1], 8);
      for (int c = 0; c < 3; c++)
        lab[n][c] = g_ascii_strtod (fields[2 + c], NULL);
      n++;
    }
  g_assert_cmpint (n, ==, SH_MONK_SKIN_TONE_COUNT);
  return TRUE;
}

static void
test_swatch_maps_to_itself (void)
{
  double lab[SH_MONK_SKIN_TONE_COUNT][3];
  char hex[SH_MONK_SKIN_TONE_COUNT][8];

  if (!reference_lab (lab, hex))
    return;
  for (int i = 0; i < SH_MONK_SKIN_TONE_COUNT; i++)
    {
      double distances[SH_MONK_SKIN_TONE_COUNT], own[3];
      char own_hex[8];

      sh_format_hex (sh_monk_skin_tone (i)->srgb, own_hex);
      g_assert_cmpstr (own_hex, ==, hex[i]);
      sh_monk_skin_tone_lab (i + 1, own);
      g_assert_cmpfloat (sh_delta_e2000 (own, lab[i]), <, 0.01);
      g_assert_cmpint (sh_monk_skin_tone_nearest (lab[i], distances), ==, i + 1);
      /* The table is rounded to two decimals. */
      g_assert_cmpfloat (distances[i], <, 0.01);
      for (int j = 0; j < SH_MONK_SKIN_TONE_COUNT; j++)
        {
          g_assert_cmpfloat (fabs (distances[j] - sh_delta_e2000 (lab[i], lab[j])), <, 0.01);
          if (j != i)
            g_assert_cmpfloat (distances[j], >, 0.5);
        }
    }
}

/* A colour a quarter of the way from one swatch to its neighbour (in Lab) is the first; three quarters, the
 * neighbour. */
static void
test_between_two_maps_to_nearer (void)
{
  double lab[SH_MONK_SKIN_TONE_COUNT][3];
  char hex[SH_MONK_SKIN_TONE_COUNT][8];

  if (!reference_lab (lab, hex))
    return;
  for (int i = 0; i + 1 < SH_MONK_SKIN_TONE_COUNT; i++)
    {
      double near_first[3], near_second[3], d[SH_MONK_SKIN_TONE_COUNT];

      for (int c = 0; c < 3; c++)
        {
          near_first[c] = 0.75 * lab[i][c] + 0.25 * lab[i + 1][c];
          near_second[c] = 0.25 * lab[i][c] + 0.75 * lab[i + 1][c];
        }
      g_assert_cmpint (sh_monk_skin_tone_nearest (near_first, d), ==, i + 1);
      g_assert_cmpfloat (d[i], <, d[i + 1]);
      g_assert_cmpint (sh_monk_skin_tone_nearest (near_second, d), ==, i + 2);
      g_assert_cmpfloat (d[i + 1], <, d[i]);
    }
}

static void
fill (ShImage *image, int x0, int y0, int w, int h, const uint8_t rgb[3], uint8_t alpha)
{
  for (int y = y0; y < y0 + h; y++)
    for (int x = x0; x < x0 + w; x++)
      {
        uint8_t *p = image->pixels + (gsize) y * image->stride + (gsize) x * 4;

        memcpy (p, rgb, 3);
        p[3] = alpha;
      }
}

/* A cheek of MST 7 with a shine, a dark freckle and transparent pixels: the median is the skin. */
static void
test_patch_median (void)
{
  const ShSkinTone *tone = sh_monk_skin_tone (6);
  ShImage *image = sh_image_new (64, 48);
  const uint8_t shine[3] = { 255, 250, 245 }, freckle[3] = { 40, 25, 20 }, red[3] = { 255, 0, 0 };
  ShSkinPatch patch;
  double lab[3], distances[SH_MONK_SKIN_TONE_COUNT];

  g_assert_nonnull (image);
  fill (image, 0, 0, 64, 48, tone->srgb, 255);
  fill (image, 10, 10, 6, 20, shine, 255);       /* 120 of the box's 20x20 = 400 pixels */
  fill (image, 20, 10, 4, 5, freckle, 255);      /* 20 more */
  fill (image, 26, 10, 4, 20, red, 0);           /* transparent: not counted */
  g_assert_true (sh_skin_patch_measure (image, (ShBox) { 10, 10, 20, 20 }, &patch));
  g_assert_cmpint (patch.n_pixels, ==, 400 - 80);
  g_assert_cmpstr (patch.hex, ==, "#825c43");
  sh_monk_skin_tone_lab (7, lab);
  g_assert_cmpfloat (sh_delta_e2000 (patch.lab, lab), <, 0.01);
  g_assert_cmpint (sh_monk_skin_tone_nearest (patch.lab, distances), ==, 7);

  /* An even count of two colours gives the middle of them in linear light. */
  fill (image, 40, 0, 1, 1, (const uint8_t[3]) { 0, 0, 0 }, 255);
  fill (image, 41, 0, 1, 1, (const uint8_t[3]) { 255, 255, 255 }, 255);
  g_assert_true (sh_skin_patch_measure (image, (ShBox) { 40, 0, 2, 1 }, &patch));
  g_assert_cmpint (patch.n_pixels, ==, 2);
  for (int c = 0; c < 3; c++)
    g_assert_cmpfloat (fabs (patch.linear_rgb[c] - 0.5), <, 1e-4);

  /* Clipped to the image; nothing of it inside, or nothing opaque, measures nothing. */
  g_assert_true (sh_skin_patch_measure (image, (ShBox) { 60, 40, 20, 20 }, &patch));
  g_assert_cmpint (patch.box.w, ==, 4);
  g_assert_cmpint (patch.box.h, ==, 8);
  g_assert_false (sh_skin_patch_measure (image, (ShBox) { 70, 10, 5, 5 }, &patch));
  g_assert_false (sh_skin_patch_measure (image, (ShBox) { 26, 10, 4, 20 }, &patch));
  sh_image_free (image);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/skin-tone-match/swatch-maps-to-itself", test_swatch_maps_to_itself);
  g_test_add_func ("/skin-tone-match/between-two-maps-to-nearer", test_between_two_maps_to_nearer);
  g_test_add_func ("/skin-tone-match/patch-median", test_patch_median);
  return g_test_run ();
}
