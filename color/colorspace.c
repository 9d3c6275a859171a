/* SPDX-License-Identifier: GPL-3.0-or-later */
/* colorspace.c: sRGB, linear light, XYZ D50, CIELAB D50, LCh and OKLab conversions. */
#include "config.h"

#include "colorspace.h"

#include <math.h>
#include <stddef.h>

/* Linear sRGB (D65) -> XYZ D50: the sRGB primaries and D65 white (0.3127, 0.3290) Bradford-adapted to
 * D50 (0.9642, 1, 0.8249), exactly the colorants lcms2's cmsCreate_sRGBProfile builds (it keeps them as
 * doubles in memory). Rebuilding it from the primaries agrees to 2e-16; tests/test-colorspace.c checks it
 * against lcms2. */
const double sh_srgb_to_xyz_d50_matrix[3][3] = {
  { 0.43604125161605084, 0.38511291079815568, 0.14304583758579362 },
  { 0.22248454022947742, 0.71690507860845787, 0.060610381162065304 },
  { 0.013920187471375375, 0.097067238697124067, 0.71391257383150097 },
};

/* Its inverse, to full double precision so that round trips are exact to ~1e-15. */
const double sh_xyz_d50_to_srgb_matrix[3][3] = {
  { 3.1341863642368204, -1.6172089589982754, -0.49069406400638405 },
  { -0.97874850419069392, 1.9161300967735855, 0.033433399159995519 },
  { 0.071963927802246766, -0.22899387345320313, 1.4057537328964438 },
};

/* OKLab (Björn Ottosson, 2020): linear sRGB (D65) -> LMS and LMS' -> Lab as published. OKLab is defined
 * on D65, so it is reached straight from linear sRGB, never through our D50 XYZ. */
static const double oklab_m1[3][3] = {
  { 0.4122214708, 0.5363325363, 0.0514459929 },
  { 0.2119034982, 0.6806995451, 0.1073969566 },
  { 0.0883024619, 0.2817188376, 0.6299787005 },
};

static const double oklab_m2[3][3] = {
  { 0.2104542553, 0.7936177850, -0.0040720468 },
  { 1.9779984951, -2.4285922050, 0.4505937099 },
  { 0.0259040371, 0.7827717662, -0.8086757660 },
};

/* Exact inverses of the two forward matrices (the published inverses are rounded to 1e-10; these keep
 * round trips exact). */
static const double oklab_m1_inv[3][3] = {
  { 4.0767416613479943, -3.3077115904081933, 0.23096992872942784 },
  { -1.2684380040921761, 2.6097574006633715, -0.34131939631021946 },
  { -0.0041960865418370456, -0.70341861445944942, 1.7076147009309446 },
};

static const double oklab_m2_inv[3][3] = {
  { 0.9999999984505199, 0.39633779217376786, 0.2158037580607588 },
  { 1.0000000088817607, -0.10556134232365634, -0.063854174771705893 },
  { 1.000000054672411, -0.089484182094965767, -1.2914855378640919 },
};

/* CIE 1976 constants in their exact rational form (CIE 15:2004 note), not the rounded 0.008856 / 903.3,
 * so that the two branches of f meet without a kink. */
#define LAB_EPSILON (216.0 / 24389.0)
#define LAB_KAPPA (24389.0 / 27.0)

void
sh_mat3_apply (const double m[3][3], const double in[3], double out[3])
{
  /* Read all of in first: callers may pass the same array for in and out. */
  double a = in[0], b = in[1], c = in[2];

  out[0] = m[0][0] * a + m[0][1] * b + m[0][2] * c;
  out[1] = m[1][0] * a + m[1][1] * b + m[1][2] * c;
  out[2] = m[2][0] * a + m[2][1] * b + m[2][2] * c;
}

bool
sh_mat3_invert (const double m[3][3], double inverse[3][3])
{
  double det = m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
             - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
             + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);

  if (!isfinite (det) || fabs (det) < 1e-12)
    return false;
  inverse[0][0] = (m[1][1] * m[2][2] - m[1][2] * m[2][1]) / det;
  inverse[0][1] = (m[0][2] * m[2][1] - m[0][1] * m[2][2]) / det;
  inverse[0][2] = (m[0][1] * m[1][2] - m[0][2] * m[1][1]) / det;
  inverse[1][0] = (m[1][2] * m[2][0] - m[1][0] * m[2][2]) / det;
  inverse[1][1] = (m[0][0] * m[2][2] - m[0][2] * m[2][0]) / det;
  inverse[1][2] = (m[0][2] * m[1][0] - m[0][0] * m[1][2]) / det;
  inverse[2][0] = (m[1][0] * m[2][1] - m[1][1] * m[2][0]) / det;
  inverse[2][1] = (m[0][1] * m[2][0] - m[0][0] * m[2][1]) / det;
  inverse[2][2] = (m[0][0] * m[1][1] - m[0][1] * m[1][0]) / det;
  return true;
}

/* The transfer curve is extended to negative values by odd symmetry, so unclipped out-of-gamut linear
 * values survive an encode/decode round trip. */
double
sh_srgb_decode (double encoded)
{
  double magnitude = fabs (encoded);
  double linear;

  if (magnitude <= 0.04045)
    linear = magnitude / 12.92;
  else
    linear = pow ((magnitude + 0.055) / 1.055, 2.4);
  return encoded < 0 ? -linear : linear;
}

double
sh_srgb_encode (double linear)
{
  double magnitude = fabs (linear);
  double encoded;

  /* 0.04045 / 12.92: the breakpoint of the decoding curve, so encode inverts decode exactly. */
  if (magnitude <= 0.04045 / 12.92)
    encoded = magnitude * 12.92;
  else
    encoded = 1.055 * pow (magnitude, 1.0 / 2.4) - 0.055;
  return linear < 0 ? -encoded : encoded;
}

void
sh_linear_srgb_to_xyz_d50 (const double rgb[3], double xyz[3])
{
  sh_mat3_apply (sh_srgb_to_xyz_d50_matrix, rgb, xyz);
}

void
sh_xyz_d50_to_linear_srgb (const double xyz[3], double rgb[3])
{
  sh_mat3_apply (sh_xyz_d50_to_srgb_matrix, xyz, rgb);
}

static double
lab_f (double t)
{
  if (t > LAB_EPSILON)
    return cbrt (t);
  return (LAB_KAPPA * t + 16.0) / 116.0;
}

static double
lab_f_inv (double f)
{
  double cube = f * f * f;

  if (cube > LAB_EPSILON)
    return cube;
  return (116.0 * f - 16.0) / LAB_KAPPA;
}

void
sh_xyz_d50_to_lab (const double xyz[3], double lab[3])
{
  double fx = lab_f (xyz[0] / SH_D50_X);
  double fy = lab_f (xyz[1] / SH_D50_Y);
  double fz = lab_f (xyz[2] / SH_D50_Z);

  lab[0] = 116.0 * fy - 16.0;
  lab[1] = 500.0 * (fx - fy);
  lab[2] = 200.0 * (fy - fz);
}

void
sh_lab_to_xyz_d50 (const double lab[3], double xyz[3])
{
  double fy = (lab[0] + 16.0) / 116.0;
  double fx = fy + lab[1] / 500.0;
  double fz = fy - lab[2] / 200.0;
  double y;

  /* L* decides the Y branch directly: L > kappa * epsilon (= 8) is the cube-root side. */
  if (lab[0] > LAB_KAPPA * LAB_EPSILON)
    y = fy * fy * fy;
  else
    y = lab[0] / LAB_KAPPA;

  xyz[0] = lab_f_inv (fx) * SH_D50_X;
  xyz[1] = y * SH_D50_Y;
  xyz[2] = lab_f_inv (fz) * SH_D50_Z;
}

void
sh_lab_to_lch (const double lab[3], double lch[3])
{
  double l = lab[0], a = lab[1], b = lab[2];
  double h = atan2 (b, a) * (180.0 / M_PI);

  if (h < 0)
    h += 360.0;
  /* -tiny + 360 rounds to exactly 360, which is outside [0,360). */
  if (h >= 360.0)
    h = 0.0;

  lch[0] = l;
  lch[1] = hypot (a, b);
  lch[2] = h;
}

void
sh_lch_to_lab (const double lch[3], double lab[3])
{
  double l = lch[0], c = lch[1];
  double h = lch[2] * (M_PI / 180.0);

  lab[0] = l;
  lab[1] = c * cos (h);
  lab[2] = c * sin (h);
}

void
sh_linear_srgb_to_oklab (const double rgb[3], double oklab[3])
{
  double lms[3];

  sh_mat3_apply (oklab_m1, rgb, lms);
  for (int i = 0; i < 3; i++)
    lms[i] = cbrt (lms[i]);
  sh_mat3_apply (oklab_m2, lms, oklab);
}

void
sh_oklab_to_linear_srgb (const double oklab[3], double rgb[3])
{
  double lms[3];

  sh_mat3_apply (oklab_m2_inv, oklab, lms);
  for (int i = 0; i < 3; i++)
    lms[i] = lms[i] * lms[i] * lms[i];
  sh_mat3_apply (oklab_m1_inv, lms, rgb);
}

void
sh_linear_srgb_to_lab (const double rgb[3], double lab[3])
{
  double xyz[3];

  sh_linear_srgb_to_xyz_d50 (rgb, xyz);
  sh_xyz_d50_to_lab (xyz, lab);
}

void
sh_lab_to_linear_srgb (const double lab[3], double rgb[3])
{
  double xyz[3];

  sh_lab_to_xyz_d50 (lab, xyz);
  sh_xyz_d50_to_linear_srgb (xyz, rgb);
}

void
sh_srgb8_to_lab (const uint8_t rgb[3], double lab[3])
{
  double linear[3];

  for (int i = 0; i < 3; i++)
    linear[i] = sh_srgb_decode (rgb[i] / 255.0);
  sh_linear_srgb_to_lab (linear, lab);
}

bool
sh_linear_srgb_to_srgb8 (const double linear[3], uint8_t rgb[3])
{
  /* A hair of tolerance so that colours which came from 8-bit sRGB and went through Lab still count as
   * inside despite rounding. */
  const double tolerance = 1e-6;
  bool in_gamut = true;

  for (int i = 0; i < 3; i++)
    {
      double v = linear[i];

      /* NaN fails both comparisons below, so test it explicitly. */
      if (isnan (v))
        {
          in_gamut = false;
          v = 0.0;
        }
      else if (v < -tolerance || v > 1.0 + tolerance)
        in_gamut = false;

      if (v < 0.0)
        v = 0.0;
      else if (v > 1.0)
        v = 1.0;
      rgb[i] = (uint8_t) lrint (sh_srgb_encode (v) * 255.0);
    }
  return in_gamut;
}

bool
sh_lab_to_srgb8 (const double lab[3], uint8_t rgb[3])
{
  double linear[3];

  sh_lab_to_linear_srgb (lab, linear);
  return sh_linear_srgb_to_srgb8 (linear, rgb);
}

void
sh_format_hex (const uint8_t rgb[3], char buf[8])
{
  static const char digits[] = "0123456789abcdef";

  buf[0] = '#';
  for (int i = 0; i < 3; i++)
    {
      buf[1 + 2 * i] = digits[rgb[i] >> 4];
      buf[2 + 2 * i] = digits[rgb[i] & 0xf];
    }
  buf[7] = '\0';
}

static int
hex_digit_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

bool
sh_parse_hex (const char *text, uint8_t rgb[3])
{
  uint8_t parsed[3];

  if (text == NULL)
    return false;
  if (text[0] == '#')
    text++;

  /* Parsed by hand: strtol would accept signs, spaces and "0x". */
  for (int i = 0; i < 3; i++)
    {
      int high, low;

      if (text[2 * i] == '\0' || text[2 * i + 1] == '\0')
        return false;
      high = hex_digit_value (text[2 * i]);
      low = hex_digit_value (text[2 * i + 1]);
      if (high < 0 || low < 0)
        return false;
      parsed[i] = (uint8_t) (high << 4 | low);
    }
  if (text[6] != '\0')
    return false;

  /* rgb is left untouched on failure. */
  for (int i = 0; i < 3; i++)
    rgb[i] = parsed[i];
  return true;
}
