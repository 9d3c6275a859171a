/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-colorspace.c: colour conversions, colour differences and box clipping against published values
 * and lcms2. */
#define G_LOG_DOMAIN "shadelab-test"
#include "config.h"

#include <glib.h>
#include <lcms2.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "color/box.h"
#include "color/colorspace.h"
#include "color/delta-e.h"
#include "color/finish.h"
#include "color/image.h"

/* Fails with the row or colour named, so a table failure says which entry broke. */
#define assert_close(actual, expected, tolerance, ...)                                         \
  G_STMT_START                                                                                \
  {                                                                                           \
    double assert_close_a = (actual), assert_close_e = (expected);                            \
    if (!(fabs (assert_close_a - assert_close_e) <= (tolerance)))                             \
      {                                                                                       \
        g_autofree char *assert_close_where = g_strdup_printf (__VA_ARGS__);                  \
        g_error ("%s: %s = %.6f, expected %.6f (tolerance %g)", assert_close_where, #actual,  \
                 assert_close_a, assert_close_e, (double) (tolerance));                       \
      }                                                                                       \
  }                                                                                           \
  G_STMT_END

/* ---- reference tables in tests/reference ---- */

typedef struct {
  GPtrArray *rows;   /* of char ** (g_strfreev) */
} Table;

static void
table_free (Table *table)
{
  if (table->rows)
    g_ptr_array_unref (table->rows);
  g_free (table);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Table, table_free)

/* Reads a TSV: '#' lines are source comments, the first other line is the header. Returns NULL (and
 * marks the test skipped) when the source tree is not known. */
static Table *
table_load (const char *name, guint n_columns)
{
  const char *source_dir = g_getenv ("SHADELAB_SOURCE_DIR");
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_auto (GStrv) lines = NULL;
  g_autoptr (GError) error = NULL;
  gboolean seen_header = FALSE;
  Table *table;

  if (source_dir == NULL)
    {
      g_test_skip ("SHADELAB_SOURCE_DIR is not set");
      return NULL;
    }
  path = g_build_filename (source_dir, "tests", "reference", name, NULL);
  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);

  table = g_new0 (Table, 1);
  table->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char **fields;

      g_strchomp (lines[i]);
      if (lines[i][0] == '\0' || lines[i][0] == '#')
        continue;
      if (!seen_header)
        {
          seen_header = TRUE;
          continue;
        }
      fields = g_strsplit (lines[i], "\t", -1);
      g_assert_cmpuint (g_strv_length (fields), ==, n_columns);
      g_ptr_array_add (table->rows, fields);
    }
  return table;
}

static double
field_double (char **fields, guint column)
{
  char *end = NULL;
  double value = g_ascii_strtod (fields[column], &end);

  g_assert_true (end != fields[column] && *end == '\0');
  return value;
}

/* ---- sRGB matrix and transfer curve ---- */

static void
test_matrix_matches_lcms2 (void)
{
  cmsHPROFILE srgb = cmsCreate_sRGBProfile ();
  const cmsCIEXYZ *colorants[3] = {
    cmsReadTag (srgb, cmsSigRedColorantTag),
    cmsReadTag (srgb, cmsSigGreenColorantTag),
    cmsReadTag (srgb, cmsSigBlueColorantTag),
  };

  for (int channel = 0; channel < 3; channel++)
    {
      double unit[3] = { 0, 0, 0 };
      double xyz[3], back[3];

      g_assert_nonnull (colorants[channel]);
      unit[channel] = 1.0;
      sh_linear_srgb_to_xyz_d50 (unit, xyz);
      assert_close (xyz[0], colorants[channel]->X, 1e-12, "channel %d", channel);
      assert_close (xyz[1], colorants[channel]->Y, 1e-12, "channel %d", channel);
      assert_close (xyz[2], colorants[channel]->Z, 1e-12, "channel %d", channel);

      sh_xyz_d50_to_linear_srgb (xyz, back);
      for (int i = 0; i < 3; i++)
        assert_close (back[i], unit[i], 1e-12, "channel %d inverse", channel);
    }
  cmsCloseProfile (srgb);

  /* Bradford maps D65 white onto the D50 PCS white exactly. */
  double white[3] = { 1, 1, 1 }, xyz[3], lab[3];
  sh_linear_srgb_to_xyz_d50 (white, xyz);
  g_assert_cmpfloat_with_epsilon (xyz[0], SH_D50_X, 1e-12);
  g_assert_cmpfloat_with_epsilon (xyz[1], SH_D50_Y, 1e-12);
  g_assert_cmpfloat_with_epsilon (xyz[2], SH_D50_Z, 1e-12);
  sh_xyz_d50_to_lab (xyz, lab);
  g_assert_cmpfloat_with_epsilon (lab[0], 100.0, 1e-10);
  g_assert_cmpfloat_with_epsilon (lab[1], 0.0, 1e-10);
  g_assert_cmpfloat_with_epsilon (lab[2], 0.0, 1e-10);
}

static void
test_transfer_curve (void)
{
  /* IEC 61966-2-1 values. */
  g_assert_cmpfloat_with_epsilon (sh_srgb_decode (0.0), 0.0, 1e-15);
  g_assert_cmpfloat_with_epsilon (sh_srgb_decode (1.0), 1.0, 1e-15);
  g_assert_cmpfloat_with_epsilon (sh_srgb_decode (0.5), 0.214041140, 1e-9);
  g_assert_cmpfloat_with_epsilon (sh_srgb_decode (0.04045), 0.04045 / 12.92, 1e-15);
  g_assert_cmpfloat_with_epsilon (sh_srgb_encode (0.18), 0.461356129, 1e-9);
  g_assert_cmpfloat_with_epsilon (sh_srgb_encode (0.001), 0.01292, 1e-12);

  /* glTF hand-off: #B0243A is baseColorFactor [0.4342, 0.0176, 0.0423]. */
  uint8_t lipstick[3];
  g_assert_true (sh_parse_hex ("#B0243A", lipstick));
  g_assert_cmpfloat_with_epsilon (sh_srgb_decode (lipstick[0] / 255.0), 0.4342, 1e-4);
  g_assert_cmpfloat_with_epsilon (sh_srgb_decode (lipstick[1] / 255.0), 0.0176, 1e-4);
  g_assert_cmpfloat_with_epsilon (sh_srgb_decode (lipstick[2] / 255.0), 0.0423, 1e-4);

  /* Both directions invert each other everywhere, including beyond [0,1] (odd extension). */
  for (int i = -300; i <= 1300; i++)
    {
      double v = i / 1000.0;

      assert_close (sh_srgb_decode (sh_srgb_encode (v)), v, 1e-12, "v = %g", v);
      assert_close (sh_srgb_encode (-v), -sh_srgb_encode (v), 1e-15, "v = %g", v);
    }
  /* Continuous at the breakpoint. */
  g_assert_cmpfloat_with_epsilon (sh_srgb_decode (0.04045 - 1e-12), sh_srgb_decode (0.04045 + 1e-12), 1e-7);

  /* Every 8-bit code survives decode -> encode -> round. */
  for (int code = 0; code < 256; code++)
    {
      double linear[3] = { sh_srgb_decode (code / 255.0), 0, 0 };
      uint8_t rgb[3];

      g_assert_true (sh_linear_srgb_to_srgb8 (linear, rgb));
      g_assert_cmpint (rgb[0], ==, code);
    }
}

/* ---- Lab, LCh ---- */

static void
test_lab_xyz (void)
{
  double black[3] = { 0, 0, 0 }, lab[3], xyz[3];

  sh_xyz_d50_to_lab (black, lab);
  g_assert_cmpfloat_with_epsilon (lab[0], 0.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (lab[1], 0.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (lab[2], 0.0, 1e-12);

  /* Y = 0.18 -> L* 49.496 (CIE 1976 with the exact constants). */
  double grey[3] = { 0.18 * SH_D50_X, 0.18, 0.18 * SH_D50_Z };
  sh_xyz_d50_to_lab (grey, lab);
  g_assert_cmpfloat_with_epsilon (lab[0], 49.4961, 1e-4);

  /* The linear segment: Y = epsilon / 2 lies below the L* = 8 breakpoint. */
  double dark[3] = { 0, 108.0 / 24389.0, 0 };
  sh_xyz_d50_to_lab (dark, lab);
  g_assert_cmpfloat_with_epsilon (lab[0], 108.0 / 24389.0 * 24389.0 / 27.0, 1e-12);

  /* Round trips over both branches of f, including imaginary colours. */
  for (double l = 0; l <= 100; l += 2.5)
    for (double a = -120; a <= 120; a += 15)
      for (double b = -120; b <= 120; b += 15)
        {
          double in[3] = { l, a, b }, out[3];

          sh_lab_to_xyz_d50 (in, xyz);
          sh_xyz_d50_to_lab (xyz, out);
          for (int i = 0; i < 3; i++)
            assert_close (out[i], in[i], 1e-9, "Lab %g %g %g", l, a, b);
        }
}

static void
test_lch (void)
{
  static const struct {
    double lab[3];
    double hue;
  } cases[] = {
    { { 50, 10, 0 }, 0 },
    { { 50, 0, 10 }, 90 },
    { { 50, -10, 0 }, 180 },
    { { 50, 0, -10 }, 270 },
    { { 50, 10, -10 }, 315 },
    { { 50, 0, 0 }, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      double lch[3], back[3];

      sh_lab_to_lch (cases[i].lab, lch);
      g_assert_cmpfloat_with_epsilon (lch[0], cases[i].lab[0], 1e-12);
      g_assert_cmpfloat_with_epsilon (lch[1], hypot (cases[i].lab[1], cases[i].lab[2]), 1e-12);
      g_assert_cmpfloat_with_epsilon (lch[2], cases[i].hue, 1e-12);
      sh_lch_to_lab (lch, back);
      for (int c = 0; c < 3; c++)
        g_assert_cmpfloat_with_epsilon (back[c], cases[i].lab[c], 1e-12);
    }

  /* A hue a hair below 360 must not come out as 360. */
  double almost[3] = { 50, 10, -1e-16 }, lch[3];
  sh_lab_to_lch (almost, lch);
  g_assert_cmpfloat (lch[2], >=, 0.0);
  g_assert_cmpfloat (lch[2], <, 360.0);
}

/* ---- OKLab ---- */

/* XYZ D65 -> linear sRGB, rebuilt here from the sRGB primaries and D65 so that Ottosson's XYZ table can
 * be fed through our linear-sRGB entry point. */
static void
xyz_d65_to_linear_srgb (const double xyz[3], double rgb[3])
{
  const double xy[3][2] = { { 0.64, 0.33 }, { 0.30, 0.60 }, { 0.15, 0.06 } };
  const double white[3] = { 0.3127 / 0.3290, 1.0, (1 - 0.3127 - 0.3290) / 0.3290 };
  double primaries[3][3], scale[3], m[3][3], inverse[3][3], det;

  for (int j = 0; j < 3; j++)
    {
      primaries[0][j] = xy[j][0] / xy[j][1];
      primaries[1][j] = 1.0;
      primaries[2][j] = (1 - xy[j][0] - xy[j][1]) / xy[j][1];
    }
#define INVERT3(src, dst)                                                                          \
  det = src[0][0] * (src[1][1] * src[2][2] - src[1][2] * src[2][1])                                \
        - src[0][1] * (src[1][0] * src[2][2] - src[1][2] * src[2][0])                              \
        + src[0][2] * (src[1][0] * src[2][1] - src[1][1] * src[2][0]);                             \
  for (int r = 0; r < 3; r++)                                                                      \
    for (int c = 0; c < 3; c++)                                                                    \
      dst[c][r] = (src[(r + 1) % 3][(c + 1) % 3] * src[(r + 2) % 3][(c + 2) % 3]                   \
                   - src[(r + 1) % 3][(c + 2) % 3] * src[(r + 2) % 3][(c + 1) % 3]) / det;
  INVERT3 (primaries, inverse);
  for (int i = 0; i < 3; i++)
    scale[i] = inverse[i][0] * white[0] + inverse[i][1] * white[1] + inverse[i][2] * white[2];
  for (int i = 0; i < 3; i++)
    for (int j = 0; j < 3; j++)
      m[i][j] = primaries[i][j] * scale[j];
  INVERT3 (m, inverse);
#undef INVERT3
  for (int i = 0; i < 3; i++)
    rgb[i] = inverse[i][0] * xyz[0] + inverse[i][1] * xyz[1] + inverse[i][2] * xyz[2];
}

static void
test_oklab (void)
{
  /* Ottosson, "A perceptual color space for image processing" (2020): XYZ D65 -> OKLab, 3 decimals. */
  static const struct {
    double xyz[3];
    double oklab[3];
  } table[] = {
    { { 0.950, 1.000, 1.089 }, { 1.000, 0.000, 0.000 } },
    { { 1.000, 0.000, 0.000 }, { 0.450, 1.236, -0.019 } },
    { { 0.000, 1.000, 0.000 }, { 0.922, -0.671, 0.263 } },
    { { 0.000, 0.000, 1.000 }, { 0.153, -1.415, -0.449 } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    {
      double rgb[3], oklab[3], back[3];

      xyz_d65_to_linear_srgb (table[i].xyz, rgb);
      sh_linear_srgb_to_oklab (rgb, oklab);
      /* Half a unit of the published rounding plus the difference between Ottosson's own XYZ matrix
       * and the sRGB one. */
      for (int c = 0; c < 3; c++)
        assert_close (oklab[c], table[i].oklab[c], 2e-3, "Ottosson row %u channel %d", i, c);

      sh_oklab_to_linear_srgb (oklab, back);
      for (int c = 0; c < 3; c++)
        assert_close (back[c], rgb[c], 1e-12, "Ottosson row %u round trip", i);
    }

  /* sRGB red, as CSS Color 4 prints it: oklab(62.796% 0.22486 0.12585). */
  double red[3] = { 1, 0, 0 }, oklab[3], back[3];
  sh_linear_srgb_to_oklab (red, oklab);
  g_assert_cmpfloat_with_epsilon (oklab[0], 0.62796, 1e-5);
  g_assert_cmpfloat_with_epsilon (oklab[1], 0.22486, 1e-5);
  g_assert_cmpfloat_with_epsilon (oklab[2], 0.12585, 1e-5);
  sh_oklab_to_linear_srgb (oklab, back);
  for (int c = 0; c < 3; c++)
    g_assert_cmpfloat_with_epsilon (back[c], red[c], 1e-12);

  double white[3] = { 1, 1, 1 };
  sh_linear_srgb_to_oklab (white, oklab);
  g_assert_cmpfloat_with_epsilon (oklab[0], 1.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (oklab[1], 0.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (oklab[2], 0.0, 1e-6);

  for (int r = 0; r <= 4; r++)
    for (int g = 0; g <= 4; g++)
      for (int b = 0; b <= 4; b++)
        {
          double rgb[3] = { r / 4.0, g / 4.0, b / 4.0 };

          sh_linear_srgb_to_oklab (rgb, oklab);
          sh_oklab_to_linear_srgb (oklab, back);
          for (int c = 0; c < 3; c++)
            assert_close (back[c], rgb[c], 1e-12, "rgb %d %d %d", r, g, b);
        }
}

/* ---- hex and 8-bit sRGB ---- */

static void
test_hex (void)
{
  uint8_t rgb[3] = { 0 };
  char buf[8];

  g_assert_true (sh_parse_hex ("#b0243a", rgb));
  g_assert_cmpint (rgb[0], ==, 0xb0);
  g_assert_cmpint (rgb[1], ==, 0x24);
  g_assert_cmpint (rgb[2], ==, 0x3a);
  sh_format_hex (rgb, buf);
  g_assert_cmpstr (buf, ==, "#b0243a");

  g_assert_true (sh_parse_hex ("FFaa09", rgb));
  g_assert_cmpint (rgb[0], ==, 0xff);
  g_assert_cmpint (rgb[1], ==, 0xaa);
  g_assert_cmpint (rgb[2], ==, 0x09);
  sh_format_hex (rgb, buf);
  g_assert_cmpstr (buf, ==, "#ffaa09");

  uint8_t black[3] = { 0, 0, 0 };
  sh_format_hex (black, buf);
  g_assert_cmpstr (buf, ==, "#000000");

  static const char *const bad[] = {
    "", "#", "#12345", "12345", "#1234567", "1234567", "#12345g", "g12345", "##123456",
    " 123456", "123456 ", "+12345", "-12345", "0x1234", "#12 456", "#abc", "#ab\xc3\xa9" "12",
  };
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      uint8_t untouched[3] = { 1, 2, 3 };

      if (sh_parse_hex (bad[i], untouched))
        g_error ("accepted \"%s\"", bad[i]);
      g_assert_cmpint (untouched[0], ==, 1);
      g_assert_cmpint (untouched[1], ==, 2);
      g_assert_cmpint (untouched[2], ==, 3);
    }
  g_assert_false (sh_parse_hex (NULL, rgb));

  /* Every value survives format -> parse. */
  for (int v = 0; v < 256; v++)
    {
      uint8_t in[3] = { v, 255 - v, (v * 7) & 0xff }, out[3];

      sh_format_hex (in, buf);
      g_assert_cmpuint (strlen (buf), ==, 7);
      g_assert_true (sh_parse_hex (buf, out));
      g_assert_cmpmem (in, 3, out, 3);
    }
}

static void
test_gamut_flag (void)
{
  uint8_t rgb[3];

  double white[3] = { 1, 1, 1 };
  g_assert_true (sh_linear_srgb_to_srgb8 (white, rgb));
  g_assert_cmpint (rgb[0], ==, 255);

  /* Within the 1e-6 tolerance: in gamut. */
  double nearly[3] = { 1 + 5e-7, -5e-7, 0.5 };
  g_assert_true (sh_linear_srgb_to_srgb8 (nearly, rgb));
  g_assert_cmpint (rgb[0], ==, 255);
  g_assert_cmpint (rgb[1], ==, 0);
  g_assert_cmpint (rgb[2], ==, 188);

  /* Beyond it: out of gamut, clipped. */
  double over[3] = { 1 + 2e-6, 0.5, 0.5 };
  g_assert_false (sh_linear_srgb_to_srgb8 (over, rgb));
  g_assert_cmpint (rgb[0], ==, 255);
  double under[3] = { 0.5, -2e-6, 0.5 };
  g_assert_false (sh_linear_srgb_to_srgb8 (under, rgb));
  g_assert_cmpint (rgb[1], ==, 0);
  double wild[3] = { 3.0, -2.0, NAN };
  g_assert_false (sh_linear_srgb_to_srgb8 (wild, rgb));
  g_assert_cmpint (rgb[0], ==, 255);
  g_assert_cmpint (rgb[1], ==, 0);
  g_assert_cmpint (rgb[2], ==, 0);

  /* A saturated cyan far outside sRGB. */
  double cyan[3] = { 60, -80, -60 };
  g_assert_false (sh_lab_to_srgb8 (cyan, rgb));
  double mid_grey[3] = { 50, 0, 0 };
  g_assert_true (sh_lab_to_srgb8 (mid_grey, rgb));
  g_assert_cmpint (rgb[0], ==, rgb[1]);
  g_assert_cmpint (rgb[1], ==, rgb[2]);
  g_assert_cmpint (rgb[0], ==, 119);   /* L* 50 is #777777 in sRGB */
}

static void
test_srgb8_matches_lcms2 (void)
{
  cmsHPROFILE srgb = cmsCreate_sRGBProfile ();
  cmsHPROFILE lab_profile = cmsCreateLab4Profile (NULL);
  cmsHTRANSFORM transform = cmsCreateTransform (srgb, TYPE_RGB_8, lab_profile, TYPE_Lab_DBL,
                                                INTENT_RELATIVE_COLORIMETRIC, 0);
  double worst = 0;

  g_assert_nonnull (transform);
  for (int r = 0; r < 256; r += 15)
    for (int g = 0; g < 256; g += 15)
      for (int b = 0; b < 256; b += 15)
        {
          uint8_t rgb[3] = { r, g, b };
          cmsCIELab expected;
          double lab[3];

          cmsDoTransform (transform, rgb, &expected, 1);
          sh_srgb8_to_lab (rgb, lab);
          assert_close (lab[0], expected.L, 1e-3, "rgb %d %d %d", r, g, b);
          assert_close (lab[1], expected.a, 1e-3, "rgb %d %d %d", r, g, b);
          assert_close (lab[2], expected.b, 1e-3, "rgb %d %d %d", r, g, b);
          worst = MAX (worst, sh_delta_e76 (lab, (double[3]) { expected.L, expected.a, expected.b }));
        }
  g_test_message ("largest difference from lcms2 on the grid: %.2e", worst);

  cmsDeleteTransform (transform);
  cmsCloseProfile (lab_profile);
  cmsCloseProfile (srgb);
}

/* ---- published tables ---- */

static void
test_colorchecker_round_trip (void)
{
  g_autoptr (Table) table = table_load ("colorchecker24-lab-d50.tsv", 5);
  guint in_gamut = 0;

  if (table == NULL)
    return;
  g_assert_cmpuint (table->rows->len, ==, 24);

  for (guint i = 0; i < table->rows->len; i++)
    {
      char **row = g_ptr_array_index (table->rows, i);
      double lab[3] = { field_double (row, 2), field_double (row, 3), field_double (row, 4) };
      double linear[3], back[3], quantized[3];
      uint8_t rgb[3];
      gboolean inside = TRUE;

      sh_lab_to_linear_srgb (lab, linear);
      for (int c = 0; c < 3; c++)
        if (linear[c] < 0 || linear[c] > 1)
          inside = FALSE;
      /* The 8-bit gamut flag must agree with the unrounded check. */
      g_assert_cmpint (sh_lab_to_srgb8 (lab, rgb), ==, inside);
      if (!inside)
        {
          g_test_message ("patch %s (%s) is outside sRGB", row[0], row[1]);
          continue;
        }
      in_gamut++;

      sh_linear_srgb_to_lab (linear, back);
      for (int c = 0; c < 3; c++)
        assert_close (back[c], lab[c], 0.01, "patch %s (%s)", row[0], row[1]);

      /* Through 8 bits, half a code value of error stays well under one CIEDE2000 unit. */
      sh_srgb8_to_lab (rgb, quantized);
      g_assert_cmpfloat (sh_delta_e2000 (lab, quantized), <, 0.5);
    }

  /* Only patch 18 (cyan) lies outside sRGB. */
  g_assert_cmpuint (in_gamut, >, table->rows->len / 2);
  g_assert_cmpuint (in_gamut, ==, 23);
}

static void
test_monk_skin_tones (void)
{
  g_autoptr (Table) table = table_load ("monk-skin-tone.tsv", 5);

  if (table == NULL)
    return;
  g_assert_cmpuint (table->rows->len, ==, 10);

  for (guint i = 0; i < table->rows->len; i++)
    {
      char **row = g_ptr_array_index (table->rows, i);
      uint8_t rgb[3];
      double lab[3];
      char hex[8];

      g_assert_true (sh_parse_hex (row[1], rgb));
      sh_format_hex (rgb, hex);
      g_assert_cmpstr (hex, ==, row[1]);
      sh_srgb8_to_lab (rgb, lab);
      /* The table is rounded to 2 decimals: 0.005 plus floating-point slack. */
      for (int c = 0; c < 3; c++)
        assert_close (lab[c], field_double (row, 2 + c), 0.0051, "MST %s %s", row[0], row[1]);
    }
}

/* ---- colour differences ---- */

static void
test_ciede2000_sharma (void)
{
  g_autoptr (Table) table = table_load ("ciede2000-sharma2005.tsv", 8);

  if (table == NULL)
    return;
  g_assert_cmpuint (table->rows->len, ==, 34);

  for (guint i = 0; i < table->rows->len; i++)
    {
      char **row = g_ptr_array_index (table->rows, i);
      double lab1[3] = { field_double (row, 1), field_double (row, 2), field_double (row, 3) };
      double lab2[3] = { field_double (row, 4), field_double (row, 5), field_double (row, 6) };
      double expected = field_double (row, 7);
      double forward = sh_delta_e2000 (lab1, lab2);
      double backward = sh_delta_e2000 (lab2, lab1);
      cmsCIELab l1 = { lab1[0], lab1[1], lab1[2] }, l2 = { lab2[0], lab2[1], lab2[2] };

      g_assert_cmpint (atoi (row[0]), ==, (int) i + 1);
      /* The table rounds to 4 decimals. */
      assert_close (forward, expected, 0.5e-4 + 1e-9, "Sharma pair %s", row[0]);
      assert_close (backward, forward, 1e-12, "Sharma pair %s symmetry", row[0]);
      assert_close (forward, cmsCIE2000DeltaE (&l1, &l2, 1, 1, 1), 1e-4, "Sharma pair %s vs lcms2", row[0]);
    }

  double same[3] = { 42, 13, -7 };
  g_assert_cmpfloat (sh_delta_e2000 (same, same), ==, 0.0);
}

static void
test_ciede2000_symmetry (void)
{
  /* Pairs straddling the hue wrap, achromatic colours and opposite hues. */
  for (int i = 0; i < 2000; i++)
    {
      double h1 = fmod (i * 37.0, 360.0) * G_PI / 180.0;
      double h2 = fmod (i * 61.0 + 179.0, 360.0) * G_PI / 180.0;
      double c1 = (i % 7) * 9.0, c2 = (i % 5) * 13.0;
      double lab1[3] = { 20 + i % 60, c1 * cos (h1), c1 * sin (h1) };
      double lab2[3] = { 30 + i % 50, c2 * cos (h2), c2 * sin (h2) };
      double forward = sh_delta_e2000 (lab1, lab2);

      g_assert_true (isfinite (forward));
      g_assert_cmpfloat (forward, >=, 0.0);
      assert_close (sh_delta_e2000 (lab2, lab1), forward, 1e-10, "pair %d", i);
    }
}

static void
test_cie76_cie94 (void)
{
  /* python-colormath's accuracy cases: (0.9, 16.3, -2.22) vs (0.7, 14.2, -1.80): CIE76 2.151,
   * CIE94 graphic arts 1.249, CIEDE2000 1.523. */
  double a[3] = { 0.9, 16.3, -2.22 }, b[3] = { 0.7, 14.2, -1.80 };
  g_assert_cmpfloat_with_epsilon (sh_delta_e76 (a, b), 2.151, 0.5e-3);
  g_assert_cmpfloat_with_epsilon (sh_delta_e94 (a, b), 1.249, 0.5e-3);
  g_assert_cmpfloat_with_epsilon (sh_delta_e2000 (a, b), 1.523, 0.5e-3);

  /* CIE76 is the Euclidean distance: a 3-4-12 box has diagonal 13. */
  double p[3] = { 50, 10, 20 }, q[3] = { 53, 14, 32 };
  g_assert_cmpfloat_with_epsilon (sh_delta_e76 (p, q), 13.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (sh_delta_e76 (q, p), 13.0, 1e-12);

  /* CIE94 of a pure lightness step is the step itself; of a pure chroma step at reference chroma C it is
   * the step over 1 + 0.045 C; of a pure hue rotation it is the hue arc over 1 + 0.015 C. */
  double l1[3] = { 50, 30, 40 }, l2[3] = { 55, 30, 40 };
  g_assert_cmpfloat_with_epsilon (sh_delta_e94 (l1, l2), 5.0, 1e-12);
  double c2[3] = { 50, 36, 48 };   /* chroma 50 -> 60, same hue */
  g_assert_cmpfloat_with_epsilon (sh_delta_e94 (l1, c2), 10.0 / (1 + 0.045 * 50), 1e-12);
  double rotated[3] = { 50, -30, 40 };   /* chroma 50, hue moved: dE76 = 60 = dH */
  g_assert_cmpfloat_with_epsilon (sh_delta_e94 (l1, rotated), 60.0 / (1 + 0.015 * 50), 1e-12);

  /* The first colour is the reference: CIE94 is not symmetric. */
  g_assert_cmpfloat (fabs (sh_delta_e94 (l1, c2) - sh_delta_e94 (c2, l1)), >, 0.1);
  g_assert_cmpfloat_with_epsilon (sh_delta_e94 (c2, l1), 10.0 / (1 + 0.045 * 60), 1e-12);

  /* Cross-check CIE76 with lcms2 on a spread of colours. */
  for (int i = 0; i < 200; i++)
    {
      double x[3] = { i % 100, (i * 7) % 200 - 100.0, (i * 13) % 200 - 100.0 };
      double y[3] = { (i * 3) % 100, (i * 11) % 200 - 100.0, (i * 5) % 200 - 100.0 };
      cmsCIELab lx = { x[0], x[1], x[2] }, ly = { y[0], y[1], y[2] };

      assert_close (sh_delta_e76 (x, y), cmsDeltaE (&lx, &ly), 1e-9, "colour %d", i);
    }
}

/* ---- boxes and finish names ---- */

static void
test_box_clip (void)
{
  ShBox box;

  box = (ShBox) { 10, 20, 30, 40 };   /* inside */
  g_assert_true (sh_box_clip (&box, 100, 100));
  g_assert_cmpint (box.x, ==, 10);
  g_assert_cmpint (box.y, ==, 20);
  g_assert_cmpint (box.w, ==, 30);
  g_assert_cmpint (box.h, ==, 40);

  box = (ShBox) { -5, -10, 20, 30 };   /* over the top-left corner */
  g_assert_true (sh_box_clip (&box, 100, 80));
  g_assert_cmpint (box.x, ==, 0);
  g_assert_cmpint (box.y, ==, 0);
  g_assert_cmpint (box.w, ==, 15);
  g_assert_cmpint (box.h, ==, 20);

  box = (ShBox) { 90, 70, 50, 50 };   /* over the bottom-right corner */
  g_assert_true (sh_box_clip (&box, 100, 80));
  g_assert_cmpint (box.x, ==, 90);
  g_assert_cmpint (box.y, ==, 70);
  g_assert_cmpint (box.w, ==, 10);
  g_assert_cmpint (box.h, ==, 10);

  box = (ShBox) { -10, -10, 200, 200 };   /* larger than the image */
  g_assert_true (sh_box_clip (&box, 100, 80));
  g_assert_cmpint (box.x, ==, 0);
  g_assert_cmpint (box.y, ==, 0);
  g_assert_cmpint (box.w, ==, 100);
  g_assert_cmpint (box.h, ==, 80);

  box = (ShBox) { 100, 0, 10, 10 };   /* touching the right edge from outside */
  g_assert_false (sh_box_clip (&box, 100, 80));
  box = (ShBox) { -10, 5, 10, 10 };   /* ends exactly at x = 0 */
  g_assert_false (sh_box_clip (&box, 100, 80));
  box = (ShBox) { 500, 500, 10, 10 };   /* wholly outside */
  g_assert_false (sh_box_clip (&box, 100, 80));
  box = (ShBox) { 10, 10, -5, 10 };   /* negative size */
  g_assert_false (sh_box_clip (&box, 100, 80));
  box = (ShBox) { 10, 10, 10, 0 };   /* empty */
  g_assert_false (sh_box_clip (&box, 100, 80));
  box = (ShBox) { 0, 0, 10, 10 };   /* empty image */
  g_assert_false (sh_box_clip (&box, 0, 80));
  box = (ShBox) { G_MAXINT - 5, 0, G_MAXINT, 10 };   /* x + w overflows int */
  g_assert_false (sh_box_clip (&box, 100, 80));
  box = (ShBox) { G_MININT, 0, G_MAXINT, 10 };   /* ends at -1 */
  g_assert_false (sh_box_clip (&box, 100, 80));
}

static void
test_finish_names (void)
{
  g_assert_cmpstr (sh_finish_class_name (SH_FINISH_MATTE), ==, "matte");
  g_assert_cmpstr (sh_finish_class_name (SH_FINISH_SATIN), ==, "satin");
  g_assert_cmpstr (sh_finish_class_name (SH_FINISH_GLOSS), ==, "gloss");
  g_assert_nonnull (sh_finish_class_name ((ShFinishClass) 42));
}

static void
test_image_new (void)
{
  ShImage *image = sh_image_new (3, 2);

  g_assert_nonnull (image);
  g_assert_cmpint (image->width, ==, 3);
  g_assert_cmpint (image->height, ==, 2);
  g_assert_cmpint (image->stride, ==, 12);
  g_assert_cmpint (image->source_orientation, ==, 1);
  g_assert_false (image->has_alpha);
  for (int i = 0; i < image->stride * image->height; i++)
    g_assert_cmpint (image->pixels[i], ==, 255);   /* opaque white */
  /* The sRGB model: white code values reach the D50 white. */
  const double d50[3] = { SH_D50_X, SH_D50_Y, SH_D50_Z };
  for (int row = 0; row < 3; row++)
    {
      double sum = 0;

      for (int column = 0; column < 3; column++)
        sum += image->model.to_xyz_d50[row][column];
      g_assert_cmpfloat_with_epsilon (sum, d50[row], 1e-6);
      g_assert_cmpfloat_with_epsilon (image->model.to_linear[row][255], 1.0, 1e-6);
    }
  sh_image_free (image);
  sh_image_free (NULL);

  g_assert_null (sh_image_new (0, 10));
  g_assert_null (sh_image_new (10, 0));
  g_assert_null (sh_image_new (-1, 10));
  g_assert_null (sh_image_new (10, -1));
  g_assert_null (sh_image_new (G_MAXINT / 4 + 1, 1));   /* stride would overflow int */
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/colorspace/matrix-matches-lcms2", test_matrix_matches_lcms2);
  g_test_add_func ("/colorspace/transfer-curve", test_transfer_curve);
  g_test_add_func ("/colorspace/lab-xyz", test_lab_xyz);
  g_test_add_func ("/colorspace/lch", test_lch);
  g_test_add_func ("/colorspace/oklab", test_oklab);
  g_test_add_func ("/colorspace/hex", test_hex);
  g_test_add_func ("/colorspace/gamut-flag", test_gamut_flag);
  g_test_add_func ("/colorspace/srgb8-matches-lcms2", test_srgb8_matches_lcms2);
  g_test_add_func ("/colorspace/colorchecker-round-trip", test_colorchecker_round_trip);
  g_test_add_func ("/colorspace/monk-skin-tones", test_monk_skin_tones);
  g_test_add_func ("/delta-e/ciede2000-sharma", test_ciede2000_sharma);
  g_test_add_func ("/delta-e/ciede2000-symmetry", test_ciede2000_symmetry);
  g_test_add_func ("/delta-e/cie76-cie94", test_cie76_cie94);
  g_test_add_func ("/box/clip", test_box_clip);
  g_test_add_func ("/finish/names", test_finish_names);
  g_test_add_func ("/image/new", test_image_new);

  return g_test_run ();
}
