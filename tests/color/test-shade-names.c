/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-shade-names.c: the ISCC-NBS centroid table and lookup (color/iscc-nbs.h) and the cosmetic words
 * (color/shade-names.h).
 *
 * The lookup is checked against a brute force written here from scratch: its own CIEDE2000 (Sharma, Wu and
 * Dalal 2005, checked on their published pairs) over all 267 centroids for thousands of random colours. */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib.h>

#include "color/colorspace.h"
#include "color/iscc-nbs.h"
#include "color/shade-names.h"

/* ---- an independent CIEDE2000 (kL = kC = kH = 1) ---- */

static double
deg (double radians)
{
  return radians * 180.0 / G_PI;
}

static double
rad (double degrees)
{
  return degrees * G_PI / 180.0;
}

static double
reference_ciede2000 (const double x[3], const double y[3])
{
  double c1 = hypot (x[1], x[2]), c2 = hypot (y[1], y[2]);
  double c_mean = (c1 + c2) / 2;
  double c7 = pow (c_mean, 7);
  double g = 0.5 * (1 - sqrt (c7 / (c7 + pow (25, 7))));
  double a1 = (1 + g) * x[1], a2 = (1 + g) * y[1];
  double cp1 = hypot (a1, x[2]), cp2 = hypot (a2, y[2]);
  double hp1 = (a1 == 0 && x[2] == 0) ? 0 : fmod (deg (atan2 (x[2], a1)) + 360, 360);
  double hp2 = (a2 == 0 && y[2] == 0) ? 0 : fmod (deg (atan2 (y[2], a2)) + 360, 360);
  double dl = y[0] - x[0], dc = cp2 - cp1, dh, dhh;
  double l_mean = (x[0] + y[0]) / 2, cp_mean = (cp1 + cp2) / 2, hp_mean;
  double t, sl, sc, sh, rt, dtheta, rc, cp7;

  if (cp1 * cp2 == 0)
    dh = 0;
  else if (fabs (hp2 - hp1) <= 180)
    dh = hp2 - hp1;
  else if (hp2 - hp1 > 180)
    dh = hp2 - hp1 - 360;
  else
    dh = hp2 - hp1 + 360;
  dhh = 2 * sqrt (cp1 * cp2) * sin (rad (dh / 2));

  if (cp1 * cp2 == 0)
    hp_mean = hp1 + hp2;
  else if (fabs (hp1 - hp2) <= 180)
    hp_mean = (hp1 + hp2) / 2;
  else if (hp1 + hp2 < 360)
    hp_mean = (hp1 + hp2 + 360) / 2;
  else
    hp_mean = (hp1 + hp2 - 360) / 2;

  t = 1 - 0.17 * cos (rad (hp_mean - 30)) + 0.24 * cos (rad (2 * hp_mean)) + 0.32 * cos (rad (3 * hp_mean + 6))
      - 0.20 * cos (rad (4 * hp_mean - 63));
  dtheta = 30 * exp (-pow ((hp_mean - 275) / 25, 2));
  cp7 = pow (cp_mean, 7);
  rc = 2 * sqrt (cp7 / (cp7 + pow (25, 7)));
  sl = 1 + 0.015 * pow (l_mean - 50, 2) / sqrt (20 + pow (l_mean - 50, 2));
  sc = 1 + 0.045 * cp_mean;
  sh = 1 + 0.015 * cp_mean * t;
  rt = -sin (rad (2 * dtheta)) * rc;
  return sqrt (pow (dl / sl, 2) + pow (dc / sc, 2) + pow (dhh / sh, 2) + rt * (dc / sc) * (dhh / sh));
}

static void
test_reference_ciede2000 (void)
{
  const char *source_dir = g_getenv ("SHADELAB_SOURCE_DIR");
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_auto (GStrv) lines = NULL;
  g_autoptr (GError) error = NULL;
  guint pairs = 0;

  if (!source_dir)
    {
      g_test_skip ("SHADELAB_SOURCE_DIR is not set");
      return;
    }
  path = g_build_filename (source_dir, "tests", "reference", "ciede2000-sharma2005.tsv", NULL);
  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  g_assert_no_error (error);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      g_auto (GStrv) f = g_strsplit (lines[i], "\t", -1);
      double x[3], y[3];

      if (lines[i][0] == '#' || g_strv_length (f) != 8 || strcmp (f[0], "pair") == 0)
        continue;
      for (int c = 0; c < 3; c++)
        {
          x[c] = g_ascii_strtod (f[1 + c], NULL);
          y[c] = g_ascii_strtod (f[4 + c], NULL);
        }
      g_assert_cmpfloat_with_epsilon (reference_ciede2000 (x, y), g_ascii_strtod (f[7], NULL), 0.5e-4 + 1e-9);
      pairs++;
    }
  g_assert_cmpuint (pairs, ==, 34);
}

/* ---- the centroid table ---- */

static void
test_table (void)
{
  g_autoptr (GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  static const struct {
    int number;
    const char *name, *hex;
  } known[] = {
    { 1, "Vivid Pink", "#ffb5ba" },   { 13, "Deep Red", "#841b2d" },  { 27, "Deep Yellowish Pink", "#e66721" },
    { 58, "Moderate Brown", "#6f4e37" }, { 81, "Dark Grayish Yellowish Brown", "#483c32" },
    { 263, "White", "#f2f3f4" },      { 267, "Black", "#222222" },
  };

  g_assert_null (sh_iscc_nbs_get (0));
  g_assert_null (sh_iscc_nbs_get (SH_ISCC_NBS_COUNT + 1));
  for (int n = 1; n <= SH_ISCC_NBS_COUNT; n++)
    {
      const ShIsccNbsColor *color = sh_iscc_nbs_get (n);
      uint8_t rgb[3];
      double lab[3];

      g_assert_nonnull (color);
      g_assert_cmpint (color->number, ==, n);
      g_assert_true (g_hash_table_add (names, (gpointer) color->name));   /* unique */
      g_assert_true (sh_parse_hex (color->hex, rgb));
      g_assert_cmpuint (strlen (color->hex), ==, 7);
      g_assert_null (strpbrk (color->hex, "ABCDEF"));
      g_assert_true (sh_iscc_nbs_centroid_lab (n, lab));
      g_assert_true (isfinite (lab[0]) && isfinite (lab[1]) && isfinite (lab[2]));
    }
  for (size_t i = 0; i < G_N_ELEMENTS (known); i++)
    {
      g_assert_cmpstr (sh_iscc_nbs_get (known[i].number)->name, ==, known[i].name);
      g_assert_cmpstr (sh_iscc_nbs_get (known[i].number)->hex, ==, known[i].hex);
    }
}

/* Every centroid is named by itself, at distance 0, from its sRGB and from its Lab. */
static void
test_centroids_name_themselves (void)
{
  for (int n = 1; n <= SH_ISCC_NBS_COUNT; n++)
    {
      const ShIsccNbsColor *found = NULL;
      uint8_t rgb[3];
      double lab[3], de = -1;

      g_assert_true (sh_parse_hex (sh_iscc_nbs_get (n)->hex, rgb));
      sh_srgb8_to_lab (rgb, lab);
      g_assert_true (sh_iscc_nbs_nearest (lab, &found, &de));
      if (found->number != n)
        g_error ("centroid %d %s is named %d %s", n, sh_iscc_nbs_get (n)->name, found->number, found->name);
      g_assert_cmpfloat (de, ==, 0);
    }
}

/* Centroid Lab computed here, from the table's sRGB. */
static void
centroid_labs (double labs[SH_ISCC_NBS_COUNT][3])
{
  for (int n = 1; n <= SH_ISCC_NBS_COUNT; n++)
    {
      uint8_t rgb[3];

      g_assert_true (sh_parse_hex (sh_iscc_nbs_get (n)->hex, rgb));
      sh_srgb8_to_lab (rgb, labs[n - 1]);
    }
}

static void
assert_brute_force (const double lab[3], double labs[SH_ISCC_NBS_COUNT][3])
{
  const ShIsccNbsColor *found = NULL;
  double de = -1, best_de = INFINITY;
  int best = 0;

  for (int i = 0; i < SH_ISCC_NBS_COUNT; i++)
    {
      double d = reference_ciede2000 (lab, labs[i]);
      if (d < best_de)
        {
          best_de = d;
          best = i + 1;
        }
    }
  g_assert_true (sh_iscc_nbs_nearest (lab, &found, &de));
  g_assert_cmpfloat_with_epsilon (de, best_de, 1e-9);
  /* A different centroid only on an exact tie. */
  if (found->number != best
      && fabs (reference_ciede2000 (lab, labs[found->number - 1]) - best_de) > 1e-9)
    g_error ("Lab %.4f %.4f %.4f: lookup says %d %s (%.6f), brute force %d %s (%.6f)", lab[0], lab[1], lab[2],
             found->number, found->name, de, best, sh_iscc_nbs_get (best)->name, best_de);
}

static void
test_random_colors_match_brute_force (void)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (20240601);
  static double labs[SH_ISCC_NBS_COUNT][3];

  centroid_labs (labs);
  /* Random sRGB colours, random Lab (also outside sRGB) and colours right next to centroids. */
  for (int i = 0; i < 3000; i++)
    {
      uint8_t rgb[3] = { g_rand_int_range (rand, 0, 256), g_rand_int_range (rand, 0, 256),
                         g_rand_int_range (rand, 0, 256) };
      double lab[3];

      sh_srgb8_to_lab (rgb, lab);
      assert_brute_force (lab, labs);
    }
  for (int i = 0; i < 1500; i++)
    {
      double lab[3] = { g_rand_double_range (rand, 0, 100), g_rand_double_range (rand, -110, 110),
                        g_rand_double_range (rand, -110, 110) };
      assert_brute_force (lab, labs);
    }
  for (int i = 0; i < 1500; i++)
    {
      const double *c = labs[g_rand_int_range (rand, 0, SH_ISCC_NBS_COUNT)];
      double lab[3] = { CLAMP (c[0] + g_rand_double_range (rand, -3, 3), 0, 100),
                        c[1] + g_rand_double_range (rand, -3, 3), c[2] + g_rand_double_range (rand, -3, 3) };
      assert_brute_force (lab, labs);
    }
}

static void
test_not_finite (void)
{
  const ShIsccNbsColor *found = NULL;
  ShShadeWords words;
  double lab[3] = { NAN, 0, 0 };

  g_assert_false (sh_iscc_nbs_nearest (lab, &found, NULL));
  g_assert_null (found);
  g_assert_false (sh_shade_words (lab, &words));
}

/* ---- cosmetic words ---- */

static void
assert_words (const char *hex, const char *name)
{
  uint8_t rgb[3];
  double lab[3];
  ShShadeWords words;

  g_assert_true (sh_parse_hex (hex, rgb));
  sh_srgb8_to_lab (rgb, lab);
  g_assert_true (sh_shade_words (lab, &words));
  if (strcmp (words.name, name) != 0)
    g_error ("%s is \"%s\", expected \"%s\"", hex, words.name, name);
}

static void
test_cosmetic_words (void)
{
  assert_words ("#841b2d", "deep cool red");         /* ISCC-NBS 13 Deep Red: a blue-red */
  assert_words ("#b0243a", "tan cool red");
  assert_words ("#e34234", "medium warm red");       /* vermilion */
  assert_words ("#ff7f50", "light warm coral");
  assert_words ("#f88379", "light neutral coral");
  assert_words ("#c71585", "tan cool berry");
  assert_words ("#e75480", "medium cool pink");
  assert_words ("#8e4585", "tan cool plum");
  assert_words ("#9e6b6b", "medium cool mauve");     /* dusty rose */
  assert_words ("#c8a2c8", "light cool mauve");      /* lilac */
  assert_words ("#6f4e37", "tan neutral brown");
  assert_words ("#5d3a1a", "deep warm brown");
  assert_words ("#cc5500", "medium warm orange");
  assert_words ("#e8beac", "fair cool nude");        /* pink-leaning nude */
  assert_words ("#c4a484", "light warm nude");       /* golden nude */
  assert_words ("#808080", "medium neutral other");
  assert_words ("#1e90ff", "medium cool other");
}

/* The depth bands, on a neutral axis. */
static void
test_depth_bands (void)
{
  static const struct {
    double l;
    ShShadeDepth depth;
  } cases[] = {
    { 100, SH_DEPTH_FAIR }, { 75, SH_DEPTH_FAIR },   { 74.9, SH_DEPTH_LIGHT }, { 62, SH_DEPTH_LIGHT },
    { 61.9, SH_DEPTH_MEDIUM }, { 48, SH_DEPTH_MEDIUM }, { 47.9, SH_DEPTH_TAN }, { 36, SH_DEPTH_TAN },
    { 35.9, SH_DEPTH_DEEP }, { 0, SH_DEPTH_DEEP },
  };

  for (size_t i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      double lab[3] = { cases[i].l, 0, 0 };
      ShShadeWords words;

      g_assert_true (sh_shade_words (lab, &words));
      g_assert_cmpint (words.depth, ==, cases[i].depth);
      g_assert_cmpint (words.family, ==, SH_FAMILY_OTHER);
      g_assert_cmpint (words.undertone, ==, SH_UNDERTONE_NEUTRAL);
    }
}

/* Shades a person calls the same get the same words: small steps away from mid-band colours change nothing. */
static void
test_words_are_stable (void)
{
  static const char *const shades[] = { "#b0243a", "#e75480", "#6b4226", "#c71585", "#ff7f50", "#c4a484" };
  g_autoptr (GRand) rand = g_rand_new_with_seed (7);

  for (size_t i = 0; i < G_N_ELEMENTS (shades); i++)
    {
      uint8_t rgb[3];
      double lab[3];
      ShShadeWords words;

      g_assert_true (sh_parse_hex (shades[i], rgb));
      sh_srgb8_to_lab (rgb, lab);
      g_assert_true (sh_shade_words (lab, &words));
      for (int k = 0; k < 200; k++)
        {
          double near[3] = { lab[0] + g_rand_double_range (rand, -0.5, 0.5), lab[1] + g_rand_double_range (rand, -0.5, 0.5),
                             lab[2] + g_rand_double_range (rand, -0.5, 0.5) };
          ShShadeWords near_words;

          g_assert_true (sh_shade_words (near, &near_words));
          g_assert_cmpstr (near_words.name, ==, words.name);
        }
    }
}

static void
test_name_contradicts (void)
{
  const char *keyword = NULL;
  ShShadeFamily claimed = SH_FAMILY_COUNT;

  g_assert_true (sh_shade_name_contradicts ("Ruby", SH_FAMILY_BROWN, &keyword, &claimed));
  g_assert_cmpstr (keyword, ==, "ruby");
  g_assert_cmpint (claimed, ==, SH_FAMILY_RED);
  g_assert_true (sh_shade_name_contradicts ("CHERRY-bomb 02", SH_FAMILY_NUDE, NULL, NULL));
  g_assert_true (sh_shade_name_contradicts ("Red Carpet", SH_FAMILY_BROWN, NULL, NULL));
  /* Neighbours are no contradiction: a red may measure berry or coral. */
  g_assert_false (sh_shade_name_contradicts ("Red Carpet", SH_FAMILY_BERRY, NULL, NULL));
  g_assert_false (sh_shade_name_contradicts ("Red Carpet", SH_FAMILY_CORAL, NULL, NULL));
  /* One fitting colour word is enough. */
  g_assert_false (sh_shade_name_contradicts ("Rose Brown", SH_FAMILY_BROWN, NULL, NULL));
  /* Whole words only, and names without colour words claim nothing. */
  g_assert_false (sh_shade_name_contradicts ("Rosewood", SH_FAMILY_BROWN, NULL, NULL));
  g_assert_false (sh_shade_name_contradicts ("Velvet Kiss 01", SH_FAMILY_OTHER, NULL, NULL));
  g_assert_false (sh_shade_name_contradicts ("", SH_FAMILY_RED, NULL, NULL));
  g_assert_false (sh_shade_name_contradicts (NULL, SH_FAMILY_RED, NULL, NULL));

  for (int a = 0; a < SH_FAMILY_COUNT; a++)
    for (int b = 0; b < SH_FAMILY_COUNT; b++)
      g_assert_cmpint (sh_shade_families_compatible (a, b), ==, sh_shade_families_compatible (b, a));
  g_assert_false (sh_shade_families_compatible (SH_FAMILY_RED, SH_FAMILY_BROWN));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/iscc-nbs/reference-ciede2000", test_reference_ciede2000);
  g_test_add_func ("/iscc-nbs/table", test_table);
  g_test_add_func ("/iscc-nbs/centroids-name-themselves", test_centroids_name_themselves);
  g_test_add_func ("/iscc-nbs/random-colors-match-brute-force", test_random_colors_match_brute_force);
  g_test_add_func ("/iscc-nbs/not-finite", test_not_finite);
  g_test_add_func ("/shade-names/cosmetic-words", test_cosmetic_words);
  g_test_add_func ("/shade-names/depth-bands", test_depth_bands);
  g_test_add_func ("/shade-names/stable", test_words_are_stable);
  g_test_add_func ("/shade-names/name-contradicts", test_name_contradicts);
  return g_test_run ();
}
