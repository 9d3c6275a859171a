/* SPDX-License-Identifier: GPL-3.0-or-later */
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
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "colorspace.h"
#include "delta-e.h"

/* Finish from the highlight's shape (see measure_highlight_shape). A highlight weaker than this fraction of
 * the white sweep is no shine at all; a gloss reflects the light source in a narrow, strong band; a broad
 * band of shine (the matte sheen of a velvet bullet's curve) is still matte; satin lies between. */
#define SHINE_MIN_CONTRAST 0.10
#define GLOSS_MIN_CONTRAST 0.20
#define GLOSS_VIVID_CONTRAST 0.7
#define GLOSS_MAX_WIDTH 0.09
#define MATTE_MIN_WIDTH 0.2
/* Soft steps around those thresholds, for the per-class confidence: in log contrast, and in width. */
#define CONTRAST_SCALE 0.35
#define GLOSS_WIDTH_SCALE 0.015
#define MATTE_WIDTH_SCALE 0.025
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
#define GLITTER_MIN_DENSITY 1.0
#define GLITTER_MIN_COUNT 5
/* Width, in log density, of the soft step of the glitter confidence. */
#define CONFIDENCE_SCALE 0.35

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

/* One bit per pixel of the box: the highlight search's marks. Byte maps of a megapixel box were two
 * megabytes to clear and hand back on every estimate, a quarter of its time in page faults. */
static inline bool
bit_test (const uint64_t *bits, size_t i)
{
  return (bits[i >> 6] >> (i & 63)) & 1;
}

static inline void
bit_set (uint64_t *bits, size_t i)
{
  bits[i >> 6] |= (uint64_t) 1 << (i & 63);
}

static inline void
bit_clear (uint64_t *bits, size_t i)
{
  bits[i >> 6] &= ~((uint64_t) 1 << (i & 63));
}

static uint64_t *
bitmap_new (size_t n)
{
  return calloc ((n + 63) / 64, sizeof (uint64_t));
}

/* Fraction of the pixels around a blob (8-neighbours not in it) that are used body pixels: a sparkle
 * sits in the body, a fragment of a case's metal streak or of the background's edge does not. */
static double
body_around (const uint8_t *mask, const uint64_t *candidate, int w, int h, const uint32_t *blob, size_t area)
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
            if (bit_test (candidate, j))
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
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  /* Inside the box, eight classes a row at once: a byte equal to SH_PIXEL_BACKGROUND among the five of the
   * window is a zero byte of v ^ ones, which the borrow test finds (a borrow runs only upward, so the
   * five low bytes answer for themselves). */
  if (x >= EDGE_DISTANCE && y >= EDGE_DISTANCE && x - EDGE_DISTANCE + 8 <= w && y + EDGE_DISTANCE < h)
    {
      const uint64_t ones = 0x0101010101010101ULL * SH_PIXEL_BACKGROUND, window = 0xffffffffffULL;
      for (int dy = -EDGE_DISTANCE; dy <= EDGE_DISTANCE; dy++)
        {
          uint64_t v;
          memcpy (&v, mask + (size_t) (y + dy) * w + x - EDGE_DISTANCE, 8);
          v ^= ones;
          if (((v - 0x0101010101010101ULL) & ~v & 0x8080808080808080ULL & window) != 0)
            return true;
        }
      return false;
    }
#endif
  for (int dy = -EDGE_DISTANCE; dy <= EDGE_DISTANCE; dy++)
    for (int dx = -EDGE_DISTANCE; dx <= EDGE_DISTANCE; dx++)
      {
        int nx = x + dx, ny = y + dy;
        if (nx >= 0 && ny >= 0 && nx < w && ny < h && mask[(size_t) ny * w + nx] == SH_PIXEL_BACKGROUND)
          return true;
      }
  return false;
}

/* Whether a pixel of this class may hold shine or a sparkle: not the lit body, the background, a cut-out's
 * edge or a class the fills have not resolved. */
static inline bool
may_shine (uint8_t cls)
{
  return cls != SH_PIXEL_USED && cls != SH_PIXEL_BACKGROUND && cls != SH_PIXEL_EDGE
         && cls < SH_N_PIXEL_CLASSES;
}

/* First x in [x, w) of a class row whose class may shine, else w: sixteen classes a step where SSE2 is
 * there, since the lit body and the backdrop fill most of a box. */
static inline int
next_may_shine (const uint8_t *mrow, int x, int w)
{
#ifdef __SSE2__
  const __m128i used = _mm_set1_epi8 (SH_PIXEL_USED), background = _mm_set1_epi8 (SH_PIXEL_BACKGROUND);
  const __m128i edge = _mm_set1_epi8 (SH_PIXEL_EDGE), unresolved = _mm_set1_epi8 ((char) SH_N_PIXEL_CLASSES);
  for (; x + 16 <= w; x += 16)
    {
      __m128i v = _mm_loadu_si128 ((const __m128i *) (mrow + x));
      __m128i skip = _mm_or_si128 (_mm_or_si128 (_mm_cmpeq_epi8 (v, used), _mm_cmpeq_epi8 (v, background)),
                                   _mm_or_si128 (_mm_cmpeq_epi8 (v, edge),
                                                 _mm_cmpeq_epi8 (_mm_max_epu8 (v, unresolved), v)));
      unsigned m = (unsigned) _mm_movemask_epi8 (skip) ^ 0xffff;
      if (m != 0)
        return x + __builtin_ctz (m);
    }
#endif
  while (x < w && !may_shine (mrow[x]))
    x++;
  return x;
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
                    const double lit[3], double white_sum, uint64_t *sparkle_map, HighlightStats *stats)
{
  double lit_sum = lit[0] + lit[1] + lit[2], lit_alpha, unused_beta, unused_gamma;

  sh_extract_decompose (model, lit, &lit_alpha, &unused_beta, &unused_gamma);
  size_t n = (size_t) box.w * box.h;
  /* Candidates for a blob, and those not yet taken into one. */
  uint64_t *candidate = bitmap_new (n), *open = bitmap_new (n);
  uint32_t *stack = NULL, *blob = NULL;

  memset (stats, 0, sizeof *stats);
  stats->x_min = box.w;
  stats->x_max = -1;
  if (candidate == NULL || open == NULL)
    goto out;

  const float (*lut)[256] = (const float (*)[256]) image->model.to_linear;
  const float sparkle_sum = (float) (SPARKLE_BRIGHTNESS * lit_sum), shine_sum = (float) lit_sum;
  size_t n_candidates = 0;

  for (int y = 0; y < box.h; y++)
    {
      const uint8_t *mrow = mask + (size_t) y * box.w;
      const uint8_t *row = image->pixels + (size_t) (box.y + y) * image->stride + (size_t) box.x * 4;
      for (int x = next_may_shine (mrow, 0, box.w); x < box.w; x = next_may_shine (mrow, x + 1, box.w))
        {
          uint8_t cls = mrow[x];
          const uint8_t *p = row + 4 * x;
          float s;

          s = lut[0][p[0]] + lut[1][p[1]] + lut[2][p[2]];
          /* Highlights are SPECULAR or bright CLIPPED pixels; any class may hold a sparkle. */
          if (!(s > sparkle_sum || (cls == SH_PIXEL_SPECULAR && s > shine_sum)))
            continue;
          if (near_background (mask, box.w, box.h, x, y))
            continue;
          bit_set (candidate, (size_t) y * box.w + x);
          n_candidates++;
        }
    }
  memcpy (open, candidate, (n + 63) / 64 * sizeof *open);
  stack = malloc ((n_candidates + 1) * sizeof *stack);
  blob = malloc ((n_candidates + 1) * sizeof *blob);
  stats->betas = malloc ((n_candidates + 1) * sizeof (double));
  if (stack == NULL || blob == NULL || stats->betas == NULL)
    goto out;

  /* Blobs in the order of their first pixel, row by row. */
  for (size_t word = 0; word < (n + 63) / 64; word++)
    while (open[word] != 0)
      {
        size_t top = 0, area = 0, start = word * 64 + (size_t) __builtin_ctzll (open[word]);
        int x0 = box.w, x1 = -1, y0 = box.h, y1 = -1;

        bit_clear (open, start);
        stack[top++] = (uint32_t) start;
        while (top > 0)
          {
            size_t i = stack[--top];
            int x = (int) (i % box.w), y = (int) (i / box.w);
            blob[area++] = (uint32_t) i;
            x0 = x < x0 ? x : x0, x1 = x > x1 ? x : x1, y0 = y < y0 ? y : y0, y1 = y > y1 ? y : y1;
            /* Away from the box's edge no neighbour needs its bounds checked. */
            bool inside = x > 0 && y > 0 && x < box.w - 1 && y < box.h - 1;
            for (int dy = -1; dy <= 1; dy++)
              for (int dx = -1; dx <= 1; dx++)
                {
                  int nx = x + dx, ny = y + dy;
                  if (!inside && (nx < 0 || ny < 0 || nx >= box.w || ny >= box.h))
                    continue;
                  size_t j = (size_t) ny * box.w + nx;
                  if (bit_test (open, j))
                    {
                      bit_clear (open, j);
                      stack[top++] = (uint32_t) j;
                    }
                }
          }

        bool small = area <= SPARKLE_MAX_AREA && x1 - x0 < SPARKLE_MAX_EXTENT && y1 - y0 < SPARKLE_MAX_EXTENT;
        bool sparkle = small && body_around (mask, candidate, box.w, box.h, blob, area) >= SPARKLE_MIN_BODY
                       && blob_peak (image, box, blob, area) > lit_sum + SPARKLE_MIN_EXCESS * white_sum;
        /* Small bright blobs, sparkles or not, are no part of the highlight's shape. */
        if (small && sparkle_map != NULL)
          for (size_t k = 0; k < area; k++)
            bit_set (sparkle_map, blob[k]);
        if (small && !sparkle)
          continue;
        for (size_t k = 0; k < area; k++)
          {
            size_t i = blob[k];
            int x = (int) (i % box.w), y = (int) (i / box.w);
            const uint8_t *p = image->pixels + (size_t) (box.y + y) * image->stride
                               + (size_t) (box.x + x) * 4;
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
  free (open);
  free (stack);
  free (blob);
}

/* The highlight's shape, from the white (specular) coefficient of the body's pixels on a grid of cells a
 * fortieth of the object across. Each cell keeps the median of its pixels, so sparkles and flakes (smaller
 * than half a cell) vanish and sensor noise shrinks; what is left is the broad pattern of shine, whatever
 * the body's own shading (the dichromatic split puts that in alpha). */
typedef struct {
  double contrast;            /* highlight peak minus the body's base, in r+g+b */
  double width;               /* width of the part above half the contrast, fraction of the object's width */
  double edge;                /* width of one edge (from 20% to 70% of the contrast), fraction of the width */
  int cells;                  /* cells measured */
} HighlightShape;

static int
compare_doubles (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

/* Extent across and along a set of points: sqrt(12) standard deviations of the minor and major principal
 * axes (a uniform band's width and length). */
static void
principal_extents (const double *xs, const double *ys, size_t n, double *minor, double *major)
{
  double mx = 0, my = 0, sxx = 0, syy = 0, sxy = 0;

  *minor = *major = 0;
  if (n < 2)
    return;
  for (size_t i = 0; i < n; i++)
    mx += xs[i], my += ys[i];
  mx /= n, my /= n;
  for (size_t i = 0; i < n; i++)
    {
      double dx = xs[i] - mx, dy = ys[i] - my;
      sxx += dx * dx, syy += dy * dy, sxy += dx * dy;
    }
  sxx /= n, syy /= n, sxy /= n;
  double mid = 0.5 * (sxx + syy), d = sqrt (0.25 * (sxx - syy) * (sxx - syy) + sxy * sxy);
  *major = sqrt (12.0 * (mid + d));
  *minor = sqrt (12.0 * fmax (0.0, mid - d));
}

/* On a vivid shade the channel the body has most of reaches the top code first: light added to it raises
 * only the other two, so the pixel leaves the body/white plane and the colour rule calls it another
 * material. When that channel alone is at the top, the white coefficient still follows from the other two
 * (their share of body and of white), which is how much shine the pixel carries. */
static bool
clipped_shine (const ShExtractModel *model, const uint8_t *p, const double lin[3], double *beta)
{
  int top = model->dominant_channel, i = (top + 1) % 3, j = (top + 2) % 3;
  double det = model->body[i] * model->white[j] - model->body[j] * model->white[i];

  if (model->neutral_body || p[top] < SH_CLIP_CODE || p[i] >= SH_CLIP_CODE || p[j] >= SH_CLIP_CODE
      || fabs (det) < 1e-6)
    return false;
  *beta = (model->body[i] * lin[j] - model->body[j] * lin[i]) / det;
  return true;
}

static void
measure_highlight_shape (const ShImage *image, ShBox box, const ShExtractModel *model, const uint8_t *mask,
                         const uint64_t *sparkle, double lit_sum, HighlightShape *shape)
{
  int cell, gw, gh;
  double *cells = NULL, *values = NULL, *xs = NULL, *ys = NULL, *sorted = NULL;
  size_t n_cells = 0;

  memset (shape, 0, sizeof *shape);
  /* Cells a fortieth of the box's smaller side (the object's width, near enough), at least 2 pixels. */
  cell = (int) fmax (2.0, floor (fmin (box.w, box.h) / 40.0));
  gw = box.w / cell, gh = box.h / cell;
  if (gw < 4 || gh < 4)
    return;
  cells = malloc ((size_t) gw * gh * sizeof *cells);
  values = malloc ((size_t) cell * cell * sizeof *values);
  xs = malloc ((size_t) gw * gh * sizeof *xs);
  ys = malloc ((size_t) gw * gh * sizeof *ys);
  sorted = malloc ((size_t) gw * gh * sizeof *sorted);
  if (cells == NULL || values == NULL || xs == NULL || ys == NULL || sorted == NULL)
    goto out;

  /* A cell's median needs no more than about 8 x 8 of its pixels: on a large box every step-th pixel of
   * every step-th row (the shape is a fortieth of the object across; noise shrinks as fast either way). */
  const int step = cell >= 16 ? cell / 8 : 1, offset = step / 2;
  const size_t samples = (size_t) ((cell - offset + step - 1) / step) * ((cell - offset + step - 1) / step);
  const double *beta_row = model->basis_inverse[1];
  const float (*lut)[256] = (const float (*)[256]) image->model.to_linear;

  for (int gy = 0; gy < gh; gy++)
    for (int gx = 0; gx < gw; gx++)
      {
        size_t n = 0;
        for (int y = gy * cell + offset; y < (gy + 1) * cell; y += step)
          for (int x = gx * cell + offset; x < (gx + 1) * cell; x += step)
            {
              size_t i = (size_t) y * box.w + x;
              uint8_t cls = mask[i];
              const uint8_t *p = image->pixels + (size_t) (box.y + y) * image->stride + (size_t) (box.x + x) * 4;
              double lin[3], b;

              if (bit_test (sparkle, i))
                continue;
              if (cls != SH_PIXEL_USED && cls != SH_PIXEL_SPECULAR && cls != SH_PIXEL_SHADOW
                  && cls != SH_PIXEL_CLIPPED && cls != SH_PIXEL_OTHER)
                continue;
              lin[0] = lut[0][p[0]], lin[1] = lut[1][p[1]], lin[2] = lut[2][p[2]];
              if (cls == SH_PIXEL_CLIPPED && lin[0] + lin[1] + lin[2] < lit_sum)
                continue; /* near-black, not shine */
              if (cls == SH_PIXEL_OTHER)
                {
                  if (clipped_shine (model, p, lin, &b))
                    values[n++] = b;
                  continue;
                }
              values[n++] = beta_row[0] * lin[0] + beta_row[1] * lin[1] + beta_row[2] * lin[2];
            }
        /* Mostly the object's side: else an edge, the cut face or packaging would speak for it. */
        if (n * 4 < samples * 3)
          {
            cells[(size_t) gy * gw + gx] = NAN;
            continue;
          }
        double v = sh_select_kth (values, n, n / 2);
        cells[(size_t) gy * gw + gx] = v;
        sorted[n_cells++] = v;
      }
  /* Drop the cells on the object's outline (silhouette, cut face, packaging): mixed pixels there look like
   * a thin rim of shine. */
  n_cells = 0;
  for (int gy = 0; gy < gh; gy++)
    for (int gx = 0; gx < gw; gx++)
      {
        size_t i = (size_t) gy * gw + gx;
        bool inner = gx > 0 && gy > 0 && gx < gw - 1 && gy < gh - 1 && !isnan (cells[i])
                     && !isnan (cells[i - 1]) && !isnan (cells[i + 1]) && !isnan (cells[i - gw])
                     && !isnan (cells[i + gw]);
        sorted[i] = inner ? cells[i] : NAN;
      }
  memcpy (cells, sorted, (size_t) gw * gh * sizeof *cells);
  for (size_t i = 0; i < (size_t) gw * gh; i++)
    if (!isnan (cells[i]))
      sorted[n_cells++] = cells[i];
  shape->cells = (int) n_cells;
  if (n_cells < 16)
    goto out;
  qsort (sorted, n_cells, sizeof *sorted, compare_doubles);
  {
    double base = sorted[(size_t) (0.2 * (n_cells - 1))];
    double peak = sorted[(size_t) (0.98 * (n_cells - 1))];
    double contrast = peak - base, object_minor, object_major, half_minor, half_major;
    size_t n_obj = 0, n_half = 0, n_edge = 0;

    shape->contrast = contrast;
    for (int gy = 0; gy < gh; gy++)
      for (int gx = 0; gx < gw; gx++)
        if (!isnan (cells[(size_t) gy * gw + gx]))
          xs[n_obj] = gx, ys[n_obj++] = gy;
    principal_extents (xs, ys, n_obj, &object_minor, &object_major);
    if (contrast <= 0 || object_minor <= 0)
      goto out;
    for (int gy = 0; gy < gh; gy++)
      for (int gx = 0; gx < gw; gx++)
        {
          double v = cells[(size_t) gy * gw + gx];
          if (isnan (v))
            continue;
          v = (v - base) / contrast;
          if (v >= 0.5)
            xs[n_half] = gx, ys[n_half++] = gy;
          else if (v >= 0.2 && v < 0.7)
            n_edge++;
          if (v >= 0.5 && v < 0.7)
            n_edge++;
        }
    principal_extents (xs, ys, n_half, &half_minor, &half_major);
    half_major = fmax (half_major, 1.0);
    shape->width = n_half / half_major / object_minor;
    shape->edge = n_edge / (2.0 * half_major) / object_minor;
  }
out:
  free (cells);
  free (values);
  free (xs);
  free (ys);
  free (sorted);
}

static double
logistic (double x)
{
  return 1.0 / (1.0 + exp (-x));
}

/* Support for each class from soft steps around the thresholds; the class is the best supported. Contrast
 * is measured against the white sweep (the light's own level), not the body, so that any light on a dark
 * matte shade is not "much brighter" than it. */
static void
classify_finish (const HighlightShape *shape, double lit_sum, double white, ShFinishEstimate *finish)
{
  double contrast = log (shape->contrast / white + 1e-4);
  double shine = logistic ((contrast - log (SHINE_MIN_CONTRAST)) / CONTRAST_SCALE);
  double broad = logistic ((shape->width - MATTE_MIN_WIDTH) / MATTE_WIDTH_SCALE);
  double narrow = logistic ((GLOSS_MAX_WIDTH - shape->width) / GLOSS_WIDTH_SCALE)
                  * logistic ((contrast - log (GLOSS_MIN_CONTRAST)) / CONTRAST_SCALE);
  /* A reflection of the light nearly as bright as the sweep is gloss however wide the band looks. */
  double vivid = logistic ((contrast - log (GLOSS_VIVID_CONTRAST)) / CONTRAST_SCALE);
  double *c = finish->class_confidence;

  if (shape->cells < 16 || lit_sum <= 0)
    shine = 0;
  c[SH_FINISH_MATTE] = 1.0 - shine + shine * broad;
  narrow = 1.0 - (1.0 - narrow) * (1.0 - vivid);
  c[SH_FINISH_GLOSS] = shine * (1.0 - broad) * narrow;
  c[SH_FINISH_SATIN] = shine * (1.0 - broad) * (1.0 - narrow);
  finish->finish = SH_FINISH_MATTE;
  if (c[SH_FINISH_SATIN] > c[finish->finish])
    finish->finish = SH_FINISH_SATIN;
  if (c[SH_FINISH_GLOSS] > c[finish->finish])
    finish->finish = SH_FINISH_GLOSS;
  finish->gloss_score = c[SH_FINISH_GLOSS];
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
  HighlightShape shape = { 0 };
  uint64_t *sparkle_map;

  finish->finish = SH_FINISH_MATTE;
  finish->class_confidence[SH_FINISH_MATTE] = 1.0;
  glitter->confidence = 1.0;
  if (lit_sum <= 0)
    return;
  sparkle_map = bitmap_new ((size_t) out->box.w * out->box.h);
  collect_highlights (image, out->box, model, mask, linear, white, sparkle_map, &stats);
  if (sparkle_map != NULL)
    measure_highlight_shape (image, out->box, model, mask, sparkle_map, lit_sum, &shape);
  free (sparkle_map);

  if (stats.highlight > 0)
    {
      double peak = sh_select_kth (stats.betas, stats.highlight, (size_t) (0.95 * (stats.highlight - 1)));
      finish->specular_fraction = (double) stats.highlight / (double) (body + stats.highlight);
      finish->highlight_contrast = stats.highlight_sum / stats.highlight / lit_sum;
      finish->highlight_spread = (double) (stats.x_max - stats.x_min + 1) / out->box.w;
      finish->highlight_peak = peak / white;
    }
  finish->highlight_width = shape.width;
  finish->highlight_edge = shape.edge;
  classify_finish (&shape, lit_sum, white, finish);

  glitter->count = stats.sparkles;
  glitter->density = body > 0 ? 1000.0 * stats.sparkles / (double) (body + stats.highlight) : 0;
  glitter->mean_size = stats.sparkles > 0 ? (double) stats.sparkle_area / stats.sparkles : 0;
  glitter->present = stats.sparkles >= GLITTER_MIN_COUNT && glitter->density >= GLITTER_MIN_DENSITY;
  {
    double support = 1.0 / (1.0 + exp (-log ((glitter->density + 1e-4) / GLITTER_MIN_DENSITY) / CONFIDENCE_SCALE))
                     * fmin (1.0, (double) stats.sparkles / GLITTER_MIN_COUNT);
    glitter->confidence = glitter->present ? support : 1.0 - support;
  }
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

/* A colour this close to the backdrop's (CIEDE2000) is not told apart from it. */
#define LIKE_BACKDROP_DE 5.0

void
sh_extract_check_backdrop (const ShImage *image, const ShExtractModel *model, ShSwatch *out)
{
  double xyz[3], lab[3], srgb[3];

  out->reason = SH_REASON_NONE;
  if (model->backdrop_known)
    {
      linear_to_outputs (image, model->backdrop_linear, xyz, lab, srgb);
      if (model->product_like_backdrop || sh_delta_e2000 (lab, out->lab) < LIKE_BACKDROP_DE)
        {
          out->reason = SH_REASON_LIKE_BACKGROUND;
          out->confidence = fmin (out->confidence, 0.2);
          return;
        }
    }
  if (out->counts[SH_PIXEL_USED] < 300 || out->counts[SH_PIXEL_USED] < 0.02 * (double) out->total)
    out->reason = SH_REASON_FEW_PIXELS;
  else if (out->spread > 5.0)
    out->reason = SH_REASON_UNEVEN;
}

void
sh_extract_estimate_finish (const ShImage *image, const ShExtractModel *model, const double linear[3],
                            const uint8_t *mask, ShSwatch *out)
{
  estimate_finish_and_glitter (image, model, mask, linear, out);
}
