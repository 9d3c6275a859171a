/* extract-finish.c: what a swatch reports beyond its colour: the colour in every space, the spread of
 * the pixels behind it, a confidence, and the finish and glitter read from the highlights.
 *
 * Finish: highlights are measured against the white sweep (the studio light's own level), not against the
 * body, so a dark matte shade does not look glossy because any light on it is "much brighter" than it.
 * Glitter: small bright blobs inside the object (a few pixels across) are sparkles; larger ones are
 * highlights.
 */
#include "config.h"

#include "extract-private.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "colorspace.h"
#include "delta-e.h"

/* Highlight strength, relative to the sweep, above which a finish is glossy or satin. */
#define GLOSS_PEAK 0.40
#define SATIN_PEAK 0.06
#define SATIN_MIN_FRACTION 0.02
/* A sparkle is a bright blob no larger than this (pixels, and pixels across). */
#define SPARKLE_MAX_AREA 24
#define SPARKLE_MAX_EXTENT 7
#define SPARKLE_BRIGHTNESS 1.25
/* ... and at least this fraction of the pixels around it are body. */
#define SPARKLE_MIN_BODY 0.75
/* ... and its brightest pixel rises above the body by this fraction of the white sweep's brightness:
 * sensor noise on a dark shade is "much brighter than the body" too, but never this much. */
#define SPARKLE_MIN_EXCESS 0.05
/* A highlight pixel keeps at least this much of the lit body's colour under its shine. */
#define HIGHLIGHT_MIN_BODY 0.25
/* Glitter is present from this many sparkles per 1000 body pixels (and at least a few sparkles). */
#define GLITTER_MIN_DENSITY 0.3
#define GLITTER_MIN_COUNT 5

static void
linear_to_outputs (const ShImage *image, const double linear[3], double xyz[3], double lab[3],
                   double linear_srgb[3])
{
  sh_color_model_linear_to_xyz (&image->model, linear, xyz);
  sh_xyz_d50_to_lab (xyz, lab);
  sh_xyz_d50_to_linear_srgb (xyz, linear_srgb);
}

/* Median CIEDE2000 between the used pixels of a sparse grid and the result brought to each pixel's
 * luminance: how consistent the body's colour is, whatever the shading. */
static double
chromatic_spread (const ShImage *image, ShBox box, const uint8_t *mask, const double xyz[3])
{
  enum { BINS = 1000 };
  static const double bin_width = 0.05;
  uint32_t hist[BINS] = { 0 };
  uint32_t n = 0, half, cum = 0;

  /* A sparse grid of about 400 points: the median needs no more, and CIEDE2000 is not cheap. */
  int step = (int) ceil (sqrt ((double) box.w * box.h / 400.0));

  if (xyz[1] <= 0)
    return 0;
  for (int y = step / 2; y < box.h; y += step)
    for (int x = step / 2; x < box.w; x += step)
      {
        const uint8_t *p = image->pixels + (size_t) (box.y + y) * image->stride + (size_t) (box.x + x) * 4;
        double lin[3], pxyz[3], plab[3], rxyz[3], rlab[3], k;

        if (mask != NULL && mask[(size_t) y * box.w + x] != SH_PIXEL_USED)
          continue;
        sh_color_model_pixel_linear (&image->model, p, lin);
        sh_color_model_linear_to_xyz (&image->model, lin, pxyz);
        if (pxyz[1] <= 0)
          continue;
        k = pxyz[1] / xyz[1];
        for (int c = 0; c < 3; c++)
          rxyz[c] = xyz[c] * k;
        sh_xyz_d50_to_lab (pxyz, plab);
        sh_xyz_d50_to_lab (rxyz, rlab);
        int bin = (int) (sh_delta_e2000 (plab, rlab) / bin_width);
        hist[bin < BINS ? bin : BINS - 1]++;
        n++;
      }
  if (n == 0)
    return 0;
  half = (n + 1) / 2;
  for (int i = 0; i < BINS; i++)
    {
      cum += hist[i];
      if (cum >= half)
        return (i + 0.5) * bin_width;
    }
  return BINS * bin_width;
}

typedef struct {
  int64_t highlight;          /* highlight pixels outside sparkles */
  double *betas;              /* their white coefficients */
  int64_t x_min, x_max;
  double highlight_sum;       /* summed r+g+b of highlight pixels */
  int sparkles;
  int64_t sparkle_area;
  double sparkle_linear[3];
} HighlightStats;

/* Fraction of the pixels around a blob (8-neighbours not in it) that are used body pixels: a sparkle
 * sits in the body, a fragment of a case's metal streak or of the background's edge does not. */
static double
body_around (const uint8_t *mask, const uint8_t *candidate, int w, int h, const uint32_t *blob, size_t area)
{
  size_t ring = 0, body = 0;
  for (size_t k = 0; k < area; k++)
    {
      int x = (int) (blob[k] % w), y = (int) (blob[k] / w);
      for (int dy = -1; dy <= 1; dy++)
        for (int dx = -1; dx <= 1; dx++)
          {
            int nx = x + dx, ny = y + dy;
            if (nx < 0 || ny < 0 || nx >= w || ny >= h)
              {
                ring++; /* outside the box: not body */
                continue;
              }
            size_t j = (size_t) ny * w + nx;
            if (candidate[j] != 0)
              continue;
            ring++;
            body += mask[j] == SH_PIXEL_USED;
          }
    }
  return ring > 0 ? (double) body / ring : 0.0;
}

/* Silhouette pixels mix body and sweep and look exactly like shine; anything this close to the
 * background is an edge, not a highlight. */
#define EDGE_DISTANCE 2

static bool
near_background (const uint8_t *mask, int w, int h, int x, int y)
{
  for (int dy = -EDGE_DISTANCE; dy <= EDGE_DISTANCE; dy++)
    for (int dx = -EDGE_DISTANCE; dx <= EDGE_DISTANCE; dx++)
      {
        int nx = x + dx, ny = y + dy;
        if (nx >= 0 && ny >= 0 && nx < w && ny < h && mask[(size_t) ny * w + nx] == SH_PIXEL_BACKGROUND)
          return true;
      }
  return false;
}

/* Brightest r+g+b in a blob. */
static double
blob_peak (const ShImage *image, ShBox box, const uint32_t *blob, size_t area)
{
  double peak = 0;
  for (size_t k = 0; k < area; k++)
    {
      int x = (int) (blob[k] % box.w), y = (int) (blob[k] / box.w);
      const uint8_t *p = image->pixels + (size_t) (box.y + y) * image->stride + (size_t) (box.x + x) * 4;
      double lin[3];
      sh_color_model_pixel_linear (&image->model, p, lin);
      peak = fmax (peak, lin[0] + lin[1] + lin[2]);
    }
  return peak;
}

/* Labels bright blobs inside the object (8-connected) and sorts them into sparkles and highlights. A
 * highlight pixel must still show the body under the shine (alpha): white with no body in it is a metal
 * case, a label or the sweep, not this product's gloss. */
static void
collect_highlights (const ShImage *image, ShBox box, const ShExtractModel *model, const uint8_t *mask,
                    const double lit[3], double white_sum, HighlightStats *stats)
{
  double lit_sum = lit[0] + lit[1] + lit[2], lit_alpha, unused_beta, unused_gamma;

  sh_extract_decompose (model, lit, &lit_alpha, &unused_beta, &unused_gamma);
  size_t n = (size_t) box.w * box.h;
  uint8_t *candidate = calloc (n, 1);
  uint32_t *stack = NULL, *blob = NULL;

  memset (stats, 0, sizeof *stats);
  stats->x_min = box.w;
  stats->x_max = -1;
  if (candidate == NULL)
    return;

  const float (*lut)[256] = (const float (*)[256]) image->model.to_linear;
  const float sparkle_sum = (float) (SPARKLE_BRIGHTNESS * lit_sum), shine_sum = (float) lit_sum;
  size_t n_candidates = 0;

  _Static_assert (SH_PIXEL_SPECULAR > SH_PIXEL_BACKGROUND && SH_PIXEL_CLIPPED > SH_PIXEL_BACKGROUND
                  && SH_PIXEL_OTHER > SH_PIXEL_BACKGROUND, "classes that may hold shine sort last");
  for (int y = 0; y < box.h; y++)
    {
      const uint8_t *mrow = mask + (size_t) y * box.w;
      const uint8_t *row = image->pixels + (size_t) (box.y + y) * image->stride + (size_t) box.x * 4;
      for (int x = 0; x < box.w; x++)
        {
          uint8_t cls = mrow[x];
          const uint8_t *p = row + 4 * x;
          float s;

          if (cls <= SH_PIXEL_BACKGROUND || cls >= SH_N_PIXEL_CLASSES)
            continue;
          s = lut[0][p[0]] + lut[1][p[1]] + lut[2][p[2]];
          /* Highlights are SPECULAR or bright CLIPPED pixels; any class may hold a sparkle. */
          if (!(s > sparkle_sum || (cls == SH_PIXEL_SPECULAR && s > shine_sum)))
            continue;
          if (near_background (mask, box.w, box.h, x, y))
            continue;
          candidate[(size_t) y * box.w + x] = 1;
          n_candidates++;
        }
    }
  stack = malloc ((n_candidates + 1) * sizeof *stack);
  blob = malloc ((n_candidates + 1) * sizeof *blob);
  stats->betas = malloc ((n_candidates + 1) * sizeof (double));
  if (stack == NULL || blob == NULL || stats->betas == NULL)
    goto out;

  for (size_t start = 0; start < n; start++)
    {
      size_t top = 0, area = 0;
      int x0 = box.w, x1 = -1, y0 = box.h, y1 = -1;

      if (candidate[start] != 1)
        continue;
      candidate[start] = 2;
      stack[top++] = (uint32_t) start;
      while (top > 0)
        {
          size_t i = stack[--top];
          int x = (int) (i % box.w), y = (int) (i / box.w);
          blob[area++] = (uint32_t) i;
          x0 = x < x0 ? x : x0, x1 = x > x1 ? x : x1, y0 = y < y0 ? y : y0, y1 = y > y1 ? y : y1;
          for (int dy = -1; dy <= 1; dy++)
            for (int dx = -1; dx <= 1; dx++)
              {
                int nx = x + dx, ny = y + dy;
                if (nx < 0 || ny < 0 || nx >= box.w || ny >= box.h)
                  continue;
                size_t j = (size_t) ny * box.w + nx;
                if (candidate[j] == 1)
                  {
                    candidate[j] = 2;
                    stack[top++] = (uint32_t) j;
                  }
              }
        }

      bool small = area <= SPARKLE_MAX_AREA && x1 - x0 < SPARKLE_MAX_EXTENT && y1 - y0 < SPARKLE_MAX_EXTENT;
      bool sparkle = small && body_around (mask, candidate, box.w, box.h, blob, area) >= SPARKLE_MIN_BODY
                     && blob_peak (image, box, blob, area) > lit_sum + SPARKLE_MIN_EXCESS * white_sum;
      if (small && !sparkle)
        continue;
      for (size_t k = 0; k < area; k++)
        {
          size_t i = blob[k];
          int x = (int) (i % box.w), y = (int) (i / box.w);
          const uint8_t *p = image->pixels + (size_t) (box.y + y) * image->stride + (size_t) (box.x + x) * 4;
          double lin[3], a, b, g;

          sh_color_model_pixel_linear (&image->model, p, lin);
          if (sparkle)
            {
              for (int c = 0; c < 3; c++)
                stats->sparkle_linear[c] += lin[c];
              continue;
            }
          if (mask[i] != SH_PIXEL_SPECULAR)
            continue;
          sh_extract_decompose (model, lin, &a, &b, &g);
          if (a < HIGHLIGHT_MIN_BODY * lit_alpha)
            continue;
          stats->betas[stats->highlight++] = b;
          stats->highlight_sum += lin[0] + lin[1] + lin[2];
          stats->x_min = x < stats->x_min ? x : stats->x_min;
          stats->x_max = x > stats->x_max ? x : stats->x_max;
        }
      if (sparkle)
        {
          stats->sparkles++;
          stats->sparkle_area += area;
        }
    }
out:
  free (candidate);
  free (stack);
  free (blob);
}

static void
estimate_finish_and_glitter (const ShImage *image, const ShExtractModel *model, const uint8_t *mask,
                             const double linear[3], ShSwatch *out)
{
  ShFinishEstimate *finish = &out->finish;
  ShGlitterEstimate *glitter = &out->glitter;
  double lit_sum = linear[0] + linear[1] + linear[2];
  double white = model->white_sum > 0 ? model->white_sum : 2.4;
  int64_t body = out->counts[SH_PIXEL_USED];
  HighlightStats stats;

  finish->finish = SH_FINISH_MATTE;
  if (lit_sum <= 0)
    return;
  collect_highlights (image, out->box, model, mask, linear, white, &stats);

  if (stats.highlight > 0)
    {
      double peak = sh_select_kth (stats.betas, stats.highlight, (size_t) (0.95 * (stats.highlight - 1)));
      finish->specular_fraction = (double) stats.highlight / (double) (body + stats.highlight);
      finish->highlight_contrast = stats.highlight_sum / stats.highlight / lit_sum;
      finish->highlight_spread = (double) (stats.x_max - stats.x_min + 1) / out->box.w;
      finish->highlight_peak = peak / white;
    }
  finish->gloss_score = fmin (1.0, finish->highlight_peak / (2 * GLOSS_PEAK));
  if (finish->highlight_peak >= GLOSS_PEAK)
    finish->finish = SH_FINISH_GLOSS;
  else if (finish->highlight_peak >= SATIN_PEAK && finish->specular_fraction >= SATIN_MIN_FRACTION)
    finish->finish = SH_FINISH_SATIN;

  glitter->count = stats.sparkles;
  glitter->density = body > 0 ? 1000.0 * stats.sparkles / (double) (body + stats.highlight) : 0;
  glitter->mean_size = stats.sparkles > 0 ? (double) stats.sparkle_area / stats.sparkles : 0;
  glitter->present = stats.sparkles >= GLITTER_MIN_COUNT && glitter->density >= GLITTER_MIN_DENSITY;
  if (stats.sparkle_area > 0)
    {
      double lin[3], xyz[3], lab[3];
      uint8_t rgb[3];
      for (int c = 0; c < 3; c++)
        lin[c] = stats.sparkle_linear[c] / stats.sparkle_area;
      linear_to_outputs (image, lin, xyz, lab, glitter->linear_rgb);
      sh_linear_srgb_to_srgb8 (glitter->linear_rgb, rgb);
      sh_format_hex (rgb, glitter->hex);
    }
  else
    strcpy (glitter->hex, "#000000");
  free (stats.betas);
}

void
sh_extract_finish_swatch (const ShImage *image, const double linear[3], const uint8_t *mask, ShSwatch *out)
{
  uint8_t rgb[3];
  int64_t used;

  linear_to_outputs (image, linear, out->xyz, out->lab, out->linear_rgb);
  out->in_gamut = sh_linear_srgb_to_srgb8 (out->linear_rgb, rgb);
  sh_format_hex (rgb, out->hex);
  strcpy (out->glitter.hex, "#000000");

  out->spread = chromatic_spread (image, out->box, mask, out->xyz);
  used = out->counts[SH_PIXEL_USED];
  /* Tight colour and enough pixels behind it: a few hundred pixels and a twentieth of the box. */
  double tightness = fmax (0.0, 1.0 - out->spread / 10.0);
  double support = fmin (1.0, used / 300.0) * fmin (1.0, used / (0.05 * (double) out->total));
  out->confidence = tightness * support;

}

void
sh_extract_estimate_finish (const ShImage *image, const ShExtractModel *model, const double linear[3],
                            const uint8_t *mask, ShSwatch *out)
{
  estimate_finish_and_glitter (image, model, mask, linear, out);
}
