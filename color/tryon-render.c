/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tryon-render.c: a product on the bare lips of a photo (see tryon-render.h).
 *
 * Per render: the lips' pixels are decoded to linear light once; the feather comes from the coverage
 * blurred by a tent (two box passes) whose support is the feather width, remapped so that it is 0 on the
 * outline and 1 a feather inside; the surface's angle to the light comes from the rank of the pixel's
 * smoothed luminance among the lip's: a lip seen as a rounded surface shows a fraction 1 - nz^2 of its area
 * facing the light within the angle acos (nz), so the pixel brighter than a fraction q of the lip gets
 * nz = sqrt (1 - q) (up to 60 degrees: see MAX_SIN_TILT). That is independent of the photo's exposure and contrast. The material's reflection is
 * tabulated over that angle, as the skin renderer does.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "colorspace.h"
#include "glitter.h"
#include "reference-light.h"
#include "select.h"
#include "tryon-render.h"

/* Average adult mouth width: the scale of glitter flakes, whose size is in millimetres. */
#define MOUTH_WIDTH_MM 50.0
/* The luminance the surface angle is read from is smoothed over this fraction of the lip height: enough to
 * ignore pores and noise, little enough to follow the furrows that break a glossy highlight into streaks. */
#define SMOOTHING 0.015
/* A bare lip's own shine: luminance above KNEE times the median is compressed toward CEILING. */
#define SHINE_KNEE 1.25
#define SHINE_CEILING 1.6
/* Pixels the highlight's streaks may brighten or darken by, relative to the smoothed lip. */
#define TEXTURE_MAX 2.0
/* The darkest part of a lip seen from the front is its crease, not a surface at grazing angle: the rank maps
 * onto angles up to 60 degrees, so creases do not catch a grazing sheen. */
#define MAX_SIN_TILT 0.866f
#define LUT_SIZE 256
#define RANK_BINS 1024

typedef struct {
  float reflection[3];   /* the film's reflection, image RGB */
  float keep;            /* the clearcoat's transmission */
  float add[3];          /* the clearcoat's reflection, image RGB */
} LutEntry;

/* Tone curves inverted: code k is chosen for linear values in [threshold[k-1], threshold[k]). */
typedef struct {
  float threshold[3][255];
} Encoder;

static void
encoder_init (Encoder *encoder, const ShColorModel *model)
{
  for (int c = 0; c < 3; c++)
    {
      float running = model->to_linear[c][0];

      for (int k = 0; k < 255; k++)
        {
          float a = fmaxf (running, model->to_linear[c][k]);
          float b = fmaxf (a, model->to_linear[c][k + 1]);

          /* Halfway in code values: for power-law curves the geometric mean of the neighbours. */
          encoder->threshold[c][k] = a > 0 ? sqrtf (a * b) : 0.5f * (a + b);
          running = a;
        }
    }
}

static inline uint8_t
encode (const float *threshold, float v)
{
  int low = 0, high = 255;

  /* The first code whose upper threshold lies above v. */
  while (low < high)
    {
      int mid = (low + high) >> 1;

      if (threshold[mid] > v)
        high = mid;
      else
        low = mid + 1;
    }
  return (uint8_t) low;
}

/* Box blur of radius r, zero outside, in place: rows, then columns with running column sums. */
static bool
box_blur (float *data, int width, int height, int r)
{
  float *row = malloc ((size_t) (width + 2 * r + 1) * sizeof *row);
  float *colsum = calloc ((size_t) width, sizeof *colsum);
  float *copy = malloc ((size_t) width * height * sizeof *copy);
  const float norm = 1.0f / (2 * r + 1);

  if (!row || !colsum || !copy)
    {
      free (row);
      free (colsum);
      free (copy);
      return false;
    }
  for (int y = 0; y < height; y++)
    {
      float *line = data + (size_t) y * width;
      float sum = 0;

      /* row[i] is the prefix sum of the padded line up to, not including, i - r. */
      memset (row, 0, (size_t) (width + 2 * r + 1) * sizeof *row);
      for (int x = 0; x < width; x++)
        {
          sum += line[x];
          row[x + r + 1] = sum;
        }
      for (int x = width + r + 1; x < width + 2 * r + 1; x++)
        row[x] = sum;
      for (int x = 0; x < width; x++)
        line[x] = (row[x + 2 * r + 1] - row[x]) * norm;
    }
  memcpy (copy, data, (size_t) width * height * sizeof *copy);
  for (int y = 0; y < r && y < height; y++)
    for (int x = 0; x < width; x++)
      colsum[x] += copy[(size_t) y * width + x];
  for (int y = 0; y < height; y++)
    {
      int add = y + r, drop = y - r - 1;

      if (add < height)
        for (int x = 0; x < width; x++)
          colsum[x] += copy[(size_t) add * width + x];
      if (drop >= 0)
        for (int x = 0; x < width; x++)
          colsum[x] -= copy[(size_t) drop * width + x];
      for (int x = 0; x < width; x++)
        data[(size_t) y * width + x] = colsum[x] * norm;
    }
  free (row);
  free (colsum);
  free (copy);
  return true;
}

static double
median_of (double *values, size_t n)
{
  return sh_select_kth (values, n, n / 2);
}

/* Linear sRGB -> the image's linear RGB. */
static void
srgb_to_image_matrix (const ShColorModel *model, double m[3][3])
{
  for (int i = 0; i < 3; i++)
    for (int j = 0; j < 3; j++)
      {
        m[i][j] = 0;
        for (int k = 0; k < 3; k++)
          m[i][j] += model->from_xyz_d50[i][k] * sh_srgb_to_xyz_d50_matrix[k][j];
      }
}

/* The base colour's a*, b* at lightness L (of luminance y), in the image's linear RGB; its chroma is reduced
 * until the colour fits the image's gamut, so that no channel clips into another hue. */
static void
target_color (const ShColorModel *model, const double base_srgb[3], double y, double rgb[3])
{
  double base_lab[3], white[3] = { SH_D50_X * y, y, SH_D50_Z * y }, lab[3], xyz[3];
  double low = 0, high = 1;

  sh_linear_srgb_to_lab (base_srgb, base_lab);
  sh_xyz_d50_to_lab (white, lab);
  for (int iteration = 0; iteration < 24; iteration++)
    {
      double f = iteration == 0 ? 1 : 0.5 * (low + high);
      bool inside = true;

      lab[1] = f * base_lab[1];
      lab[2] = f * base_lab[2];
      sh_lab_to_xyz_d50 (lab, xyz);
      sh_color_model_xyz_to_linear (model, xyz, rgb);
      for (int c = 0; c < 3; c++)
        inside = inside && rgb[c] >= 0 && rgb[c] <= 1;
      if (iteration == 0 && inside)
        return;
      if (inside)
        low = f;
      else
        high = f;
    }
  lab[1] = low * base_lab[1];
  lab[2] = low * base_lab[2];
  sh_lab_to_xyz_d50 (lab, xyz);
  sh_color_model_xyz_to_linear (model, xyz, rgb);
}

static void
build_lut (const ShMaterial *m, const double to_image[3][3], LutEntry *lut)
{
  for (int i = 0; i < LUT_SIZE; i++)
    {
      double s = (double) i / (LUT_SIZE - 1);
      double nz = fmax (1 - s * s, 1e-4);
      double diffuse[3], reflection[3], image_reflection[3], white[3], keep, add;

      sh_reference_light_shade (m, nz, diffuse, reflection);
      sh_reference_light_clearcoat (m, nz, &keep, &add);
      sh_mat3_apply (to_image, reflection, image_reflection);
      white[0] = white[1] = white[2] = add;
      sh_mat3_apply (to_image, white, white);
      for (int c = 0; c < 3; c++)
        {
          lut[i].reflection[c] = (float) image_reflection[c];
          lut[i].add[c] = (float) white[c];
        }
      lut[i].keep = (float) keep;
    }
}

/* A bare lip's shine compressed: unchanged up to the knee, then easing toward the ceiling. */
static inline float
damp_shine (float s)
{
  float over = s - SHINE_KNEE;

  if (over <= 0)
    return s;
  return SHINE_KNEE + over / (1 + over / (SHINE_CEILING - SHINE_KNEE));
}

bool
sh_tryon_render (ShImage *image, const ShLipMask *mask, const ShMaterial *material, uint32_t seed,
                 double feather)
{
  const ShColorModel *model = &image->model;
  int x0 = mask->x > 0 ? mask->x : 0, y0 = mask->y > 0 ? mask->y : 0;
  int x1 = mask->x + mask->width < image->width ? mask->x + mask->width : image->width;
  int y1 = mask->y + mask->height < image->height ? mask->y + mask->height : image->height;
  int mw = mask->width, mh = mask->height, w, h, radius;
  size_t n_mask = (size_t) mw * mh, n, n_inside = 0;
  float *weight = NULL, *linear = NULL, *luma = NULL, *smooth = NULL, *norm = NULL;
  double *scratch = NULL;
  float rank_of[RANK_BINS + 1], coverage, y_median, y_max = 0;
  double to_image[3][3], target[3];
  size_t histogram[RANK_BINS] = { 0 };
  LutEntry *lut = NULL;
  ShMaterial m = *material;
  ShGlitter glitter;
  Encoder *encoder = NULL;
  bool ok = false;

  if (x0 >= x1 || y0 >= y1)
    return true;
  w = x1 - x0;
  h = y1 - y0;
  n = (size_t) w * h;
  sh_material_clamp (&m);
  coverage = (float) m.coverage;
  if (feather < 0)
    feather = SH_TRYON_FEATHER;
  feather = fmin (feather, 0.5);

  weight = malloc (n_mask * sizeof *weight);
  linear = malloc (3 * n * sizeof *linear);
  luma = malloc (n * sizeof *luma);
  smooth = malloc (n * sizeof *smooth);
  norm = malloc (n * sizeof *norm);
  scratch = malloc (n * sizeof *scratch);
  lut = malloc (LUT_SIZE * sizeof *lut);
  encoder = malloc (sizeof *encoder);
  if (!weight || !linear || !luma || !smooth || !norm || !scratch || !lut || !encoder)
    goto out;

  /* The feather: 0 on the outline, 1 a feather width inside (two box passes make a tent of that support). */
  memcpy (weight, mask->coverage, n_mask * sizeof *weight);
  radius = (int) lround (0.5 * feather * mask->lip_height);
  if (radius >= 1)
    {
      if (!box_blur (weight, mw, mh, radius) || !box_blur (weight, mw, mh, radius))
        goto out;
      for (size_t i = 0; i < n_mask; i++)
        weight[i] = mask->coverage[i] * fminf (fmaxf (2 * weight[i] - 1, 0), 1);
    }

  /* The lips' pixels in linear light, their luminance, and the luminance weighted by coverage for a
   * smoothing that ignores what lies outside the lips. */
  for (int y = 0; y < h; y++)
    {
      const uint8_t *src = image->pixels + (size_t) (y0 + y) * image->stride + (size_t) x0 * 4;
      const float *cov = mask->coverage + (size_t) (y0 + y - mask->y) * mw + (x0 - mask->x);

      for (int x = 0; x < w; x++)
        {
          size_t i = (size_t) y * w + x;
          float *l = linear + 3 * i;

          l[0] = model->to_linear[0][src[4 * x]];
          l[1] = model->to_linear[1][src[4 * x + 1]];
          l[2] = model->to_linear[2][src[4 * x + 2]];
          luma[i] = (float) (model->to_xyz_d50[1][0] * l[0] + model->to_xyz_d50[1][1] * l[1]
                             + model->to_xyz_d50[1][2] * l[2]);
          smooth[i] = luma[i] * cov[x];
          norm[i] = cov[x];
          if (cov[x] >= 0.5f)
            scratch[n_inside++] = luma[i];
        }
    }
  if (n_inside == 0)
    {
      ok = true;
      goto out;
    }
  y_median = fmaxf ((float) median_of (scratch, n_inside), 1e-5f);

  radius = (int) lround (SMOOTHING * mask->lip_height);
  if (radius >= 1 && (!box_blur (smooth, w, h, radius) || !box_blur (norm, w, h, radius)))
    goto out;
  for (size_t i = 0; i < n; i++)
    {
      smooth[i] = norm[i] > 1e-6f ? smooth[i] / norm[i] : luma[i];
      if (mask->coverage[(i / w + y0 - mask->y) * mw + (i % w) + x0 - mask->x] >= 0.5f)
        y_max = fmaxf (y_max, smooth[i]);
    }
  /* The rank of each smoothed luminance among the lip's, from a histogram. */
  y_max = fmaxf (y_max, 1e-6f);
  for (size_t i = 0; i < n; i++)
    if (mask->coverage[(i / w + y0 - mask->y) * mw + (i % w) + x0 - mask->x] >= 0.5f)
      {
        int bin = (int) (smooth[i] / y_max * (RANK_BINS - 1));

        histogram[bin < 0 ? 0 : bin > RANK_BINS - 1 ? RANK_BINS - 1 : bin]++;
      }
  {
    size_t above = n_inside;

    /* rank_of[b]: the fraction of the lip brighter than the middle of bin b. */
    for (int b = 0; b < RANK_BINS; b++)
      {
        above -= histogram[b];
        rank_of[b] = (float) ((above + 0.5 * histogram[b]) / n_inside);
      }
    rank_of[RANK_BINS] = 0;
  }

  srgb_to_image_matrix (model, to_image);
  target_color (model, m.base_color, y_median, target);
  build_lut (&m, to_image, lut);
  sh_glitter_init (&glitter, &m, mask->lip_width / MOUTH_WIDTH_MM, seed);
  encoder_init (encoder, model);
  {
    const float diffuse_share = (float) (1 - m.metallic);
    const float t[3] = { (float) target[0] * diffuse_share / y_median, (float) target[1] * diffuse_share / y_median,
                         (float) target[2] * diffuse_share / y_median };
    const float glitter_tint[3][3] = {
      { (float) to_image[0][0], (float) to_image[0][1], (float) to_image[0][2] },
      { (float) to_image[1][0], (float) to_image[1][1], (float) to_image[1][2] },
      { (float) to_image[2][0], (float) to_image[2][1], (float) to_image[2][2] },
    };

    for (int y = 0; y < h; y++)
      {
        uint8_t *dst = image->pixels + (size_t) (y0 + y) * image->stride + (size_t) x0 * 4;
        const float *wrow = weight + (size_t) (y0 + y - mask->y) * mw + (x0 - mask->x);

        for (int x = 0; x < w; x++)
          {
            size_t i = (size_t) y * w + x;
            const float *bare = linear + 3 * i;
            float mix = wrow[x] * coverage, q, nz, f, lw, keep, texture, shade, layer[3], flake[3];
            float flake_cover = 0;
            const LutEntry *e0, *e1;
            int bin, li;

            if (!(wrow[x] > 0))
              continue;
            bin = (int) (smooth[i] / y_max * (RANK_BINS - 1));
            q = rank_of[bin < 0 ? 0 : bin > RANK_BINS - 1 ? RANK_BINS - 1 : bin];
            nz = sqrtf (1 - MAX_SIN_TILT * MAX_SIN_TILT * q);
            f = sqrtf (fmaxf (0, 1 - nz)) * (LUT_SIZE - 1);
            li = (int) f;
            if (li >= LUT_SIZE - 1)
              li = LUT_SIZE - 2;
            lw = f - li;
            e0 = &lut[li];
            e1 = &lut[li + 1];
            keep = e0->keep + lw * (e1->keep - e0->keep);
            texture = smooth[i] > 0 ? fminf (luma[i] / smooth[i], TEXTURE_MAX) : 1;
            shade = damp_shine (luma[i] / y_median) * y_median;
            if (glitter.on)
              {
                float radiance[3];

                flake_cover = sh_glitter_at (&glitter, x0 + x, y0 + y, sqrtf (fmaxf (0, 1 - nz * nz)), 0, nz,
                                             radiance);
                for (int c = 0; c < 3; c++)
                  flake[c] = glitter_tint[c][0] * radiance[0] + glitter_tint[c][1] * radiance[1]
                             + glitter_tint[c][2] * radiance[2];
              }
            for (int c = 0; c < 3; c++)
              {
                float reflection = e0->reflection[c] + lw * (e1->reflection[c] - e0->reflection[c]);
                float add = e0->add[c] + lw * (e1->add[c] - e0->add[c]);
                float product, out;

                layer[c] = t[c] * shade + reflection * texture;
                if (flake_cover > 0)
                  layer[c] += flake_cover * (flake[c] - layer[c]);
                product = layer[c] * keep + add * texture;
                out = bare[c] + mix * (product - bare[c]);
                dst[4 * x + c] = encode (encoder->threshold[c], out);
              }
          }
      }
  }
  ok = true;

out:
  free (weight);
  free (linear);
  free (luma);
  free (smooth);
  free (norm);
  free (scratch);
  free (lut);
  free (encoder);
  return ok;
}

bool
sh_tryon_median (const ShImage *image, const ShLipMask *mask, double linear_srgb[3])
{
  const ShColorModel *model = &image->model;
  double to_srgb[3][3];
  double *values;
  size_t n = 0, capacity = (size_t) mask->width * mask->height;

  for (int i = 0; i < 3; i++)
    for (int j = 0; j < 3; j++)
      {
        to_srgb[i][j] = 0;
        for (int k = 0; k < 3; k++)
          to_srgb[i][j] += sh_xyz_d50_to_srgb_matrix[i][k] * model->to_xyz_d50[k][j];
      }
  values = malloc (3 * capacity * sizeof *values);
  if (!values)
    return false;
  for (int y = mask->y > 0 ? mask->y : 0; y < mask->y + mask->height && y < image->height; y++)
    for (int x = mask->x > 0 ? mask->x : 0; x < mask->x + mask->width && x < image->width; x++)
      if (sh_lip_mask_get (mask, x, y) >= 0.5f)
        {
          const uint8_t *p = image->pixels + (size_t) y * image->stride + (size_t) x * 4;
          double l[3], s[3];

          for (int c = 0; c < 3; c++)
            l[c] = model->to_linear[c][p[c]];
          sh_mat3_apply (to_srgb, l, s);
          for (int c = 0; c < 3; c++)
            values[c * capacity + n] = s[c];
          n++;
        }
  if (n == 0)
    {
      free (values);
      return false;
    }
  for (int c = 0; c < 3; c++)
    linear_srgb[c] = median_of (values + c * capacity, n);
  free (values);
  return true;
}
