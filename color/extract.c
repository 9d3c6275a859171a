/* extract.c: swatch extraction from a box of an upright RGBA8 image.
 *
 * The robust method follows the dichromatic reflection model: a wax or lacquer reflects its body colour
 * plus a highlight in the illuminant's colour. A sparse look at the box (sh_extract_analyze) finds the
 * illuminant (from background on the box border) and the body chromaticity (the mode of the chromaticity
 * histogram); then every pixel is written as alpha * body + beta * white + gamma * off-plane, and the rule
 * in sh_extract_classify_pixel sorts it into used, background-like, highlight, clipped or other. The colour
 * reported is that of the lit body: the brightest band of used pixels, ranked by one pixel of each
 * horizontal pair and measured on the other so that sensor noise does not bias the ranking upward.
 *
 * Hot loops work on whole rows in float with the image's 256-entry linearisation tables; every statistic
 * that needs order is a histogram. tests/extract-reference.c is the plain double-precision version.
 */
#include "config.h"

#include "extract-private.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "colorspace.h"
#include "delta-e.h"

static const char *method_names[] = { "robust", "mean", "dominant" };
static const char *class_names[] = { "used", "background", "specular", "clipped", "other" };

const char *
sh_method_name (ShMethod method)
{
  return (unsigned) method < 3 ? method_names[method] : "unknown";
}

int
sh_method_from_name (const char *name, ShMethod *method)
{
  for (int i = 0; i < 3; i++)
    if (name != NULL && strcmp (name, method_names[i]) == 0)
      {
        *method = (ShMethod) i;
        return 0;
      }
  return -1;
}

const char *
sh_pixel_class_name (ShPixelClass pixel_class)
{
  return (unsigned) pixel_class < SH_N_PIXEL_CLASSES ? class_names[pixel_class] : "unknown";
}

/* ---- small helpers ---- */

static inline const uint8_t *
pixel_at (const ShImage *image, int x, int y)
{
  return image->pixels + (size_t) y * image->stride + (size_t) x * 4;
}

static void
pixel_linear (const ShImage *image, const uint8_t *p, double linear[3])
{
  for (int c = 0; c < 3; c++)
    linear[c] = image->model.to_linear[c][p[c]];
}

/* The k-th smallest of values (Hoare's selection; reorders them). */
double
sh_select_kth (double *values, size_t n, size_t k)
{
  size_t lo = 0, hi = n - 1;

  while (lo < hi)
    {
      double pivot = values[lo + (hi - lo) / 2];
      size_t i = lo, j = hi;
      while (i <= j)
        {
          while (values[i] < pivot)
            i++;
          while (values[j] > pivot)
            j--;
          if (i <= j)
            {
              double t = values[i];
              values[i] = values[j];
              values[j] = t;
              i++;
              if (j == 0)
                break;
              j--;
            }
        }
      if (k <= j)
        hi = j;
      else if (k >= i)
        lo = i;
      else
        break;
    }
  return values[k];
}

/* Upper median of values (reorders them). */
static double
median_of (double *values, size_t n)
{
  return n == 0 ? 0.0 : sh_select_kth (values, n, n / 2);
}


static void
normalize3 (double v[3])
{
  double n = sqrt (v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
  if (n > 0)
    for (int c = 0; c < 3; c++)
      v[c] /= n;
}

static void
cross3 (const double a[3], const double b[3], double out[3])
{
  out[0] = a[1] * b[2] - a[2] * b[1];
  out[1] = a[2] * b[0] - a[0] * b[2];
  out[2] = a[0] * b[1] - a[1] * b[0];
}

static double
chroma_distance (const double a[3], const double b[3])
{
  return hypot (a[0] - b[0], a[1] - b[1]);
}

/* ---- analysis ---- */

typedef struct {
  double linear[3];
  double sum;
  double chroma[3];
} Sample;

#define CHROMA_BINS 64

/* Builds the basis [body | white | normal] and its inverse. For a near-neutral body the plane is
 * degenerate, so the basis becomes [n2 | white | n1] with two directions off the neutral axis. */
static void
build_basis (ShExtractModel *model)
{
  double m[3][3];
  double first[3];

  if (!model->neutral_body)
    {
      cross3 (model->body, model->white, model->normal);
      normalize3 (model->normal);
      for (int c = 0; c < 3; c++)
        first[c] = model->body[c];
    }
  else
    {
      double axis[3] = { 1, 0, 0 };
      cross3 (model->white, axis, model->normal);
      normalize3 (model->normal);
      cross3 (model->white, model->normal, first);
      normalize3 (first);
    }
  for (int r = 0; r < 3; r++)
    {
      m[r][0] = first[r];
      m[r][1] = model->white[r];
      m[r][2] = model->normal[r];
    }
  if (!sh_mat3_invert (m, model->basis_inverse))
    memset (model->basis_inverse, 0, sizeof model->basis_inverse);
}

void
sh_extract_decompose (const ShExtractModel *model, const double linear[3], double *alpha, double *beta, double *gamma)
{
  const double (*k)[3] = model->basis_inverse;
  *alpha = k[0][0] * linear[0] + k[0][1] * linear[1] + k[0][2] * linear[2];
  *beta = k[1][0] * linear[0] + k[1][1] * linear[1] + k[1][2] * linear[2];
  *gamma = k[2][0] * linear[0] + k[2][1] * linear[1] + k[2][2] * linear[2];
}

static bool
is_clipped_code (const uint8_t *p)
{
  return p[0] >= SH_CLIP_CODE || p[1] >= SH_CLIP_CODE || p[2] >= SH_CLIP_CODE;
}

/* Illuminant and exposure from the box border: light, near-neutral pixels there are the sweep. */
static void
analyze_border (const ShImage *image, ShBox box, ShExtractModel *model)
{
  size_t capacity = 2 * ((size_t) box.w + box.h), n = 0;
  double *ch[3], *sums;
  bool found = false;

  for (int c = 0; c < 3; c++)
    ch[c] = malloc (capacity * sizeof (double));
  sums = malloc (capacity * sizeof (double));

  for (size_t i = 0; i < capacity && ch[0] && ch[1] && ch[2] && sums; i++)
    {
      int x, y;
      double lin[3], s, lo, hi;
      const uint8_t *p;

      if (i < (size_t) box.w)
        x = box.x + (int) i, y = box.y;
      else if (i < 2 * (size_t) box.w)
        x = box.x + (int) (i - box.w), y = box.y + box.h - 1;
      else if (i < 2 * (size_t) box.w + box.h)
        x = box.x, y = box.y + (int) (i - 2 * box.w);
      else
        x = box.x + box.w - 1, y = box.y + (int) (i - 2 * box.w - box.h);
      p = pixel_at (image, x, y);
      if (p[3] < 128 || is_clipped_code (p))
        continue;
      pixel_linear (image, p, lin);
      s = lin[0] + lin[1] + lin[2];
      lo = fmin (lin[0], fmin (lin[1], lin[2]));
      hi = fmax (lin[0], fmax (lin[1], lin[2]));
      if (s < 0.6 || lo < 0.8 * hi)
        continue;
      for (int c = 0; c < 3; c++)
        ch[c][n] = lin[c] / s;
      sums[n++] = s;
    }

  /* A tenth of the border is enough to trust it as a white reference. */
  if (n >= 8 && n * 10 >= capacity)
    {
      double total = 0;
      for (int c = 0; c < 3; c++)
        total += model->white[c] = median_of (ch[c], n);
      for (int c = 0; c < 3; c++)
        model->white[c] /= total;
      model->white_sum = median_of (sums, n);
      model->background_sum = 0.6 * model->white_sum;
      found = true;
    }
  if (!found)
    {
      for (int c = 0; c < 3; c++)
        model->white[c] = 1.0 / 3.0;
      model->background_sum = 1.5;
    }
  for (int c = 0; c < 3; c++)
    free (ch[c]);
  free (sums);
}

int
sh_extract_analysis_step (ShBox box)
{
  int step = (int) ceil (sqrt ((double) box.w * box.h / SH_ANALYSIS_SAMPLES));
  return step < 1 ? 1 : step;
}

void
sh_extract_analyze (const ShImage *image, ShBox box, ShExtractModel *model)
{
  const int step = sh_extract_analysis_step (box);
  size_t capacity = ((size_t) box.w / step + 1) * ((size_t) box.h / step + 1);
  Sample *samples = malloc (capacity * sizeof *samples);
  double *hist = calloc (CHROMA_BINS * CHROMA_BINS, sizeof *hist);
  size_t n = 0;

  memset (model, 0, sizeof *model);
  model->dark_sum = 0.01;
  model->background_white = 0.85;
  analyze_border (image, box, model);

  if (samples == NULL || hist == NULL)
    goto neutral;

  /* Candidates for the body: lit, unclipped, opaque and clearly not white. */
  for (int y = box.y + step / 2; y < box.y + box.h; y += step)
    for (int x = box.x + step / 2; x < box.x + box.w; x += step)
      {
        const uint8_t *p = pixel_at (image, x, y);
        Sample *sample = &samples[n];
        double lo, hi;

        if (p[3] < 128 || is_clipped_code (p))
          continue;
        pixel_linear (image, p, sample->linear);
        sample->sum = sample->linear[0] + sample->linear[1] + sample->linear[2];
        if (sample->sum < 2 * model->dark_sum)
          continue;
        lo = fmin (sample->linear[0], fmin (sample->linear[1], sample->linear[2]));
        hi = fmax (sample->linear[0], fmax (sample->linear[1], sample->linear[2]));
        if (lo > 0.8 * hi)
          continue;
        for (int c = 0; c < 3; c++)
          sample->chroma[c] = sample->linear[c] / sample->sum;
        int bx = (int) fmin (CHROMA_BINS - 1, fmax (0, sample->chroma[0] * CHROMA_BINS));
        int by = (int) fmin (CHROMA_BINS - 1, fmax (0, sample->chroma[1] * CHROMA_BINS));
        /* Weighted by place, not by light: the box is drawn around the product, so its middle is the body,
         * while a case, a label or a hand comes in from an edge; and a dark shade must not lose to a bright
         * gold case for being dark. Centre 1, edges 0.2. */
        double dx = fabs ((x + 0.5 - box.x) / box.w - 0.5) * 2, dy = fabs ((y + 0.5 - box.y) / box.h - 0.5) * 2;
        hist[by * CHROMA_BINS + bx] += 1.0 - 0.8 * fmax (dx, dy);
        n++;
      }
  if (n < 4)
    goto neutral;

  /* Mode of the 3x3-smoothed chromaticity histogram. */
  double best = -1;
  double mode[3] = { 0 };
  for (int by = 0; by < CHROMA_BINS; by++)
    for (int bx = 0; bx < CHROMA_BINS; bx++)
      {
        double v = 0;
        for (int dy = -1; dy <= 1; dy++)
          for (int dx = -1; dx <= 1; dx++)
            if (bx + dx >= 0 && bx + dx < CHROMA_BINS && by + dy >= 0 && by + dy < CHROMA_BINS)
              v += hist[(by + dy) * CHROMA_BINS + bx + dx];
        if (v > best)
          {
            best = v;
            mode[0] = (bx + 0.5) / CHROMA_BINS;
            mode[1] = (by + 0.5) / CHROMA_BINS;
          }
      }

  /* Refine: the light-weighted mean chromaticity of samples near the mode, twice, narrowing. */
  static const double radii[] = { 0.04, 0.025 };
  for (int pass = 0; pass < 2; pass++)
    {
      double acc[3] = { 0 }, total = 0;
      for (size_t i = 0; i < n; i++)
        if (chroma_distance (samples[i].chroma, mode) < radii[pass])
          {
            for (int c = 0; c < 3; c++)
              acc[c] += samples[i].linear[c];
            total += samples[i].sum;
          }
      if (total <= 0)
        break;
      for (int c = 0; c < 3; c++)
        mode[c] = acc[c] / total;
    }
  for (int c = 0; c < 3; c++)
    model->body[c] = mode[c];
  if (model->body[0] + model->body[1] + model->body[2] < 0.5)
    goto neutral;

  model->neutral_body = chroma_distance (model->body, model->white) < 0.02;
  build_basis (model);

  /* Noise-aware thresholds from the spread of the body samples themselves. */
  {
    double *betas = malloc (n * sizeof (double));
    double *gammas = malloc (n * sizeof (double));
    double *sums = malloc (n * sizeof (double));
    size_t m = 0;

    for (size_t i = 0; i < n && betas && gammas && sums; i++)
      if (chroma_distance (samples[i].chroma, model->body) < 0.06)
        {
          double a, b, g;
          sh_extract_decompose (model, samples[i].linear, &a, &b, &g);
          betas[m] = b / samples[i].sum;
          gammas[m] = fabs (g) / samples[i].sum;
          sums[m] = samples[i].sum;
          m++;
        }
    if (m >= 4)
      {
        double beta_median = median_of (betas, m);
        for (size_t i = 0; i < m; i++)
          betas[i] = fabs (betas[i] - beta_median);
        double beta_mad = median_of (betas, m);
        double gamma_median = median_of (gammas, m);
        model->specular_tau = fmax (0.03, beta_median + 5 * 1.4826 * beta_mad);
        model->other_tau = fmax (0.05, 4 * gamma_median);
        model->neutral_max_sum = 1.5 * sh_select_kth (sums, m, (size_t) (0.9 * (m - 1)));
      }
    else
      {
        model->specular_tau = 0.03;
        model->other_tau = 0.05;
        model->neutral_max_sum = 3.0;
      }
    model->specular_floor = 0.004;
    model->other_floor = 0.004;
    free (betas);
    free (gammas);
    free (sums);
  }
  goto done;

neutral:
  for (int c = 0; c < 3; c++)
    model->body[c] = model->white[c];
  model->neutral_body = 1;
  build_basis (model);
  model->specular_tau = 0.03;
  model->specular_floor = 0.004;
  model->other_tau = 0.05;
  model->other_floor = 0.004;
  model->neutral_max_sum = 3.0;

done:
  model->dominant_channel = 0;
  for (int c = 1; c < 3; c++)
    if (model->body[c] > model->body[model->dominant_channel])
      model->dominant_channel = c;
  free (samples);
  free (hist);
}

/* ---- the rule ---- */

int
sh_extract_classify_pixel (const ShExtractModel *model, const uint8_t rgba[4], const double linear[3])
{
  double s, alpha, beta, gamma;

  if (rgba[3] < 128)
    return SH_PIXEL_BACKGROUND_LIKE;
  if (is_clipped_code (rgba))
    return SH_PIXEL_CLIPPED;
  s = linear[0] + linear[1] + linear[2];
  if (s < model->dark_sum)
    return SH_PIXEL_CLIPPED;
  sh_extract_decompose (model, linear, &alpha, &beta, &gamma);
  if (beta >= model->background_white * s && s >= model->background_sum)
    return SH_PIXEL_BACKGROUND_LIKE;
  if (model->neutral_body)
    {
      if (s > model->neutral_max_sum)
        return SH_PIXEL_SPECULAR;
      if (fabs (gamma) + fabs (alpha) > model->other_tau * s + model->other_floor)
        return SH_PIXEL_OTHER;
      return SH_PIXEL_USED;
    }
  if (fabs (gamma) > model->other_tau * s + model->other_floor)
    return SH_PIXEL_OTHER;
  double beta_limit = model->specular_tau * s + model->specular_floor;
  if (beta > beta_limit)
    return SH_PIXEL_SPECULAR;
  if (beta < -beta_limit)
    return SH_PIXEL_OTHER;
  return SH_PIXEL_USED;
}

/* The same rule in float over a row, written without branches. */
static void
classify_row_portable (const ShExtractModel *model, const float (*lut)[256], const uint8_t *row, int w,
                       uint8_t *out, int64_t counts[SH_N_PIXEL_CLASSES + 1])
{
  const float k00 = model->basis_inverse[0][0], k01 = model->basis_inverse[0][1],
              k02 = model->basis_inverse[0][2];
  const float k10 = model->basis_inverse[1][0], k11 = model->basis_inverse[1][1],
              k12 = model->basis_inverse[1][2];
  const float k20 = model->basis_inverse[2][0], k21 = model->basis_inverse[2][1],
              k22 = model->basis_inverse[2][2];
  const float dark = model->dark_sum, bg_sum = model->background_sum, bg_white = model->background_white;
  const float ot = model->other_tau, of = model->other_floor;
  const float st = model->specular_tau, sf = model->specular_floor;
  const float nmax = model->neutral_max_sum;
  const int neutral = model->neutral_body;

  for (int x = 0; x < w; x++)
    {
      const uint8_t *p = row + 4 * x;
      float r = lut[0][p[0]], g = lut[1][p[1]], b = lut[2][p[2]];
      float s = r + g + b;
      float alpha = k00 * r + k01 * g + k02 * b;
      float beta = k10 * r + k11 * g + k12 * b;
      float gamma = fabsf (k20 * r + k21 * g + k22 * b);
      float limit = st * s + sf;
      /* Every test is evaluated and the class selected, lowest priority first. */
      int is_other = gamma > ot * s + of;
      int is_specular = beta > limit;
      int is_darker_other = beta < -limit;
      int axis_specular = s > nmax;
      int axis_other = gamma + fabsf (alpha) > ot * s + of;
      int background_like = (beta >= bg_white * s) & (s >= bg_sum);
      int clipped = (p[0] >= SH_CLIP_CODE) | (p[1] >= SH_CLIP_CODE) | (p[2] >= SH_CLIP_CODE) | (s < dark);
      int transparent = p[3] < 128;
      int plane = is_other ? SH_PIXEL_OTHER
                : is_specular ? SH_PIXEL_SPECULAR
                : is_darker_other ? SH_PIXEL_OTHER : SH_PIXEL_USED;
      int axis = axis_specular ? SH_PIXEL_SPECULAR : axis_other ? SH_PIXEL_OTHER : SH_PIXEL_USED;
      int cls = neutral ? axis : plane;
      cls = background_like ? SH_PIXEL_BACKGROUND_LIKE : cls;
      cls = clipped ? SH_PIXEL_CLIPPED : cls;
      cls = transparent ? SH_PIXEL_BACKGROUND_LIKE : cls;
      out[x] = (uint8_t) cls;
      counts[cls == SH_PIXEL_BACKGROUND_LIKE ? SH_N_PIXEL_CLASSES : cls]++;
    }
}

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>

/* Eight pixels at a time: gathers from the linearisation tables, the three coefficients by FMA, and the
 * class chosen with blends in the same priority as classify_row_portable. */
__attribute__ ((target ("avx2,fma"))) static void
classify_row_avx2 (const ShExtractModel *model, const float (*lut)[256], const uint8_t *row, int w,
                   uint8_t *out, int64_t counts[SH_N_PIXEL_CLASSES + 1])
{
  __m256i tally[SH_N_PIXEL_CLASSES + 1];
  const __m256 k00 = _mm256_set1_ps ((float) model->basis_inverse[0][0]);
  const __m256 k01 = _mm256_set1_ps ((float) model->basis_inverse[0][1]);
  const __m256 k02 = _mm256_set1_ps ((float) model->basis_inverse[0][2]);
  const __m256 k10 = _mm256_set1_ps ((float) model->basis_inverse[1][0]);
  const __m256 k11 = _mm256_set1_ps ((float) model->basis_inverse[1][1]);
  const __m256 k12 = _mm256_set1_ps ((float) model->basis_inverse[1][2]);
  const __m256 k20 = _mm256_set1_ps ((float) model->basis_inverse[2][0]);
  const __m256 k21 = _mm256_set1_ps ((float) model->basis_inverse[2][1]);
  const __m256 k22 = _mm256_set1_ps ((float) model->basis_inverse[2][2]);
  const __m256 dark = _mm256_set1_ps ((float) model->dark_sum);
  const __m256 bg_sum = _mm256_set1_ps ((float) model->background_sum);
  const __m256 bg_white = _mm256_set1_ps ((float) model->background_white);
  const __m256 ot = _mm256_set1_ps ((float) model->other_tau), of = _mm256_set1_ps ((float) model->other_floor);
  const __m256 st = _mm256_set1_ps ((float) model->specular_tau);
  const __m256 sf = _mm256_set1_ps ((float) model->specular_floor);
  const __m256 nmax = _mm256_set1_ps ((float) model->neutral_max_sum);
  const __m256 sign = _mm256_set1_ps (-0.0f);
  const __m256i byte = _mm256_set1_epi32 (0xff), clip = _mm256_set1_epi32 (SH_CLIP_CODE - 1);
  const __m256i opaque = _mm256_set1_epi32 (127);
  const __m256i used = _mm256_set1_epi32 (SH_PIXEL_USED), other = _mm256_set1_epi32 (SH_PIXEL_OTHER);
  const __m256i specular = _mm256_set1_epi32 (SH_PIXEL_SPECULAR);
  const __m256i clipped_class = _mm256_set1_epi32 (SH_PIXEL_CLIPPED);
  const __m256i like = _mm256_set1_epi32 (SH_PIXEL_BACKGROUND_LIKE);
  const int neutral = model->neutral_body;
  int x = 0;

  for (int c = 0; c <= SH_N_PIXEL_CLASSES; c++)
    tally[c] = _mm256_setzero_si256 ();
  for (; x + 8 <= w; x += 8)
    {
      __m256i px = _mm256_loadu_si256 ((const __m256i *) (row + 4 * x));
      __m256i ir = _mm256_and_si256 (px, byte);
      __m256i ig = _mm256_and_si256 (_mm256_srli_epi32 (px, 8), byte);
      __m256i ib = _mm256_and_si256 (_mm256_srli_epi32 (px, 16), byte);
      __m256i ia = _mm256_srli_epi32 (px, 24);
      __m256 r = _mm256_i32gather_ps (lut[0], ir, 4);
      __m256 g = _mm256_i32gather_ps (lut[1], ig, 4);
      __m256 b = _mm256_i32gather_ps (lut[2], ib, 4);
      __m256 s = _mm256_add_ps (_mm256_add_ps (r, g), b);
      __m256 alpha = _mm256_fmadd_ps (k02, b, _mm256_fmadd_ps (k01, g, _mm256_mul_ps (k00, r)));
      __m256 beta = _mm256_fmadd_ps (k12, b, _mm256_fmadd_ps (k11, g, _mm256_mul_ps (k10, r)));
      __m256 gamma = _mm256_andnot_ps (sign, _mm256_fmadd_ps (k22, b, _mm256_fmadd_ps (k21, g,
                                                                                       _mm256_mul_ps (k20, r))));
      __m256 limit = _mm256_fmadd_ps (st, s, sf);
      __m256 other_limit = _mm256_fmadd_ps (ot, s, of);
      __m256i cls;

      if (!neutral)
        {
          __m256 darker = _mm256_cmp_ps (beta, _mm256_sub_ps (_mm256_setzero_ps (), limit), _CMP_LT_OQ);
          __m256 shine = _mm256_cmp_ps (beta, limit, _CMP_GT_OQ);
          __m256 off = _mm256_cmp_ps (gamma, other_limit, _CMP_GT_OQ);
          cls = _mm256_blendv_epi8 (used, other, _mm256_castps_si256 (darker));
          cls = _mm256_blendv_epi8 (cls, specular, _mm256_castps_si256 (shine));
          cls = _mm256_blendv_epi8 (cls, other, _mm256_castps_si256 (off));
        }
      else
        {
          __m256 off = _mm256_cmp_ps (_mm256_add_ps (gamma, _mm256_andnot_ps (sign, alpha)), other_limit,
                                      _CMP_GT_OQ);
          __m256 bright = _mm256_cmp_ps (s, nmax, _CMP_GT_OQ);
          cls = _mm256_blendv_epi8 (used, other, _mm256_castps_si256 (off));
          cls = _mm256_blendv_epi8 (cls, specular, _mm256_castps_si256 (bright));
        }
      __m256 background = _mm256_and_ps (_mm256_cmp_ps (beta, _mm256_mul_ps (bg_white, s), _CMP_GE_OQ),
                                         _mm256_cmp_ps (s, bg_sum, _CMP_GE_OQ));
      cls = _mm256_blendv_epi8 (cls, like, _mm256_castps_si256 (background));
      __m256i clipped = _mm256_or_si256 (_mm256_or_si256 (_mm256_cmpgt_epi32 (ir, clip), _mm256_cmpgt_epi32 (ig, clip)),
                                         _mm256_cmpgt_epi32 (ib, clip));
      clipped = _mm256_or_si256 (clipped, _mm256_castps_si256 (_mm256_cmp_ps (s, dark, _CMP_LT_OQ)));
      cls = _mm256_blendv_epi8 (cls, clipped_class, clipped);
      cls = _mm256_blendv_epi8 (cls, like, _mm256_cmpgt_epi32 (opaque, ia));

      /* Eight 32-bit classes (each < 256) down to eight bytes. */
      __m256i packed = _mm256_packus_epi16 (_mm256_packus_epi32 (cls, cls), _mm256_setzero_si256 ());
      uint32_t lo = (uint32_t) _mm_cvtsi128_si32 (_mm256_castsi256_si128 (packed));
      uint32_t hi = (uint32_t) _mm_cvtsi128_si32 (_mm256_extracti128_si256 (packed, 1));
      memcpy (out + x, &lo, 4);
      memcpy (out + x + 4, &hi, 4);

      /* Per-lane class counts: a true comparison is -1, so subtracting counts it. */
      for (int c = 0; c < SH_N_PIXEL_CLASSES; c++)
        tally[c] = _mm256_sub_epi32 (tally[c], _mm256_cmpeq_epi32 (cls, _mm256_set1_epi32 (c)));
      tally[SH_N_PIXEL_CLASSES] = _mm256_sub_epi32 (tally[SH_N_PIXEL_CLASSES], _mm256_cmpeq_epi32 (cls, like));
    }
  for (int c = 0; c <= SH_N_PIXEL_CLASSES; c++)
    {
      int32_t lanes[8];
      _mm256_storeu_si256 ((__m256i *) lanes, tally[c]);
      for (int k = 0; k < 8; k++)
        counts[c] += lanes[k];
    }
  if (x < w)
    classify_row_portable (model, lut, row + 4 * x, w - x, out + x, counts);
}
#endif

/* Sixteen pixels at a time with mask registers; the same rule again. */
__attribute__ ((target ("avx512f,avx512bw"))) static void
classify_row_avx512 (const ShExtractModel *model, const float (*lut)[256], const uint8_t *row, int w,
                     uint8_t *out, int64_t counts[SH_N_PIXEL_CLASSES + 1])
{
  const __m512 k00 = _mm512_set1_ps ((float) model->basis_inverse[0][0]);
  const __m512 k01 = _mm512_set1_ps ((float) model->basis_inverse[0][1]);
  const __m512 k02 = _mm512_set1_ps ((float) model->basis_inverse[0][2]);
  const __m512 k10 = _mm512_set1_ps ((float) model->basis_inverse[1][0]);
  const __m512 k11 = _mm512_set1_ps ((float) model->basis_inverse[1][1]);
  const __m512 k12 = _mm512_set1_ps ((float) model->basis_inverse[1][2]);
  const __m512 k20 = _mm512_set1_ps ((float) model->basis_inverse[2][0]);
  const __m512 k21 = _mm512_set1_ps ((float) model->basis_inverse[2][1]);
  const __m512 k22 = _mm512_set1_ps ((float) model->basis_inverse[2][2]);
  const __m512 dark = _mm512_set1_ps ((float) model->dark_sum);
  const __m512 bg_sum = _mm512_set1_ps ((float) model->background_sum);
  const __m512 bg_white = _mm512_set1_ps ((float) model->background_white);
  const __m512 ot = _mm512_set1_ps ((float) model->other_tau), of = _mm512_set1_ps ((float) model->other_floor);
  const __m512 st = _mm512_set1_ps ((float) model->specular_tau);
  const __m512 sf = _mm512_set1_ps ((float) model->specular_floor);
  const __m512 nmax = _mm512_set1_ps ((float) model->neutral_max_sum);
  const __m512i byte = _mm512_set1_epi32 (0xff), clip = _mm512_set1_epi32 (SH_CLIP_CODE - 1);
  const __m512i opaque = _mm512_set1_epi32 (128);
  const __m512i used = _mm512_set1_epi32 (SH_PIXEL_USED), other = _mm512_set1_epi32 (SH_PIXEL_OTHER);
  const __m512i specular = _mm512_set1_epi32 (SH_PIXEL_SPECULAR);
  const __m512i clipped_class = _mm512_set1_epi32 (SH_PIXEL_CLIPPED);
  const __m512i like = _mm512_set1_epi32 (SH_PIXEL_BACKGROUND_LIKE);
  const int neutral = model->neutral_body;
  int64_t n_clipped = 0, n_like = 0, n_other = 0, n_specular = 0, n_total = 0;
  int x = 0;

  for (; x + 16 <= w; x += 16)
    {
      __m512i px = _mm512_loadu_si512 ((const void *) (row + 4 * x));
      __m512i ir = _mm512_and_si512 (px, byte);
      __m512i ig = _mm512_and_si512 (_mm512_srli_epi32 (px, 8), byte);
      __m512i ib = _mm512_and_si512 (_mm512_srli_epi32 (px, 16), byte);
      __m512i ia = _mm512_srli_epi32 (px, 24);
      __m512 r = _mm512_i32gather_ps (ir, lut[0], 4);
      __m512 g = _mm512_i32gather_ps (ig, lut[1], 4);
      __m512 b = _mm512_i32gather_ps (ib, lut[2], 4);
      __m512 s = _mm512_add_ps (_mm512_add_ps (r, g), b);
      __m512 alpha = _mm512_fmadd_ps (k02, b, _mm512_fmadd_ps (k01, g, _mm512_mul_ps (k00, r)));
      __m512 beta = _mm512_fmadd_ps (k12, b, _mm512_fmadd_ps (k11, g, _mm512_mul_ps (k10, r)));
      __m512 gamma = _mm512_abs_ps (_mm512_fmadd_ps (k22, b, _mm512_fmadd_ps (k21, g, _mm512_mul_ps (k20, r))));
      __m512 limit = _mm512_fmadd_ps (st, s, sf);
      __m512 other_limit = _mm512_fmadd_ps (ot, s, of);
      __m512i cls;

      if (!neutral)
        {
          __mmask16 darker = _mm512_cmp_ps_mask (beta, _mm512_sub_ps (_mm512_setzero_ps (), limit), _CMP_LT_OQ);
          __mmask16 shine = _mm512_cmp_ps_mask (beta, limit, _CMP_GT_OQ);
          __mmask16 off = _mm512_cmp_ps_mask (gamma, other_limit, _CMP_GT_OQ);
          cls = _mm512_mask_mov_epi32 (used, darker, other);
          cls = _mm512_mask_mov_epi32 (cls, shine, specular);
          cls = _mm512_mask_mov_epi32 (cls, off, other);
        }
      else
        {
          __mmask16 off = _mm512_cmp_ps_mask (_mm512_add_ps (gamma, _mm512_abs_ps (alpha)), other_limit, _CMP_GT_OQ);
          __mmask16 bright = _mm512_cmp_ps_mask (s, nmax, _CMP_GT_OQ);
          cls = _mm512_mask_mov_epi32 (used, off, other);
          cls = _mm512_mask_mov_epi32 (cls, bright, specular);
        }
      __mmask16 background = _mm512_cmp_ps_mask (beta, _mm512_mul_ps (bg_white, s), _CMP_GE_OQ)
                             & _mm512_cmp_ps_mask (s, bg_sum, _CMP_GE_OQ);
      cls = _mm512_mask_mov_epi32 (cls, background, like);
      __mmask16 clipped = _mm512_cmpgt_epi32_mask (ir, clip) | _mm512_cmpgt_epi32_mask (ig, clip)
                          | _mm512_cmpgt_epi32_mask (ib, clip) | _mm512_cmp_ps_mask (s, dark, _CMP_LT_OQ);
      cls = _mm512_mask_mov_epi32 (cls, clipped, clipped_class);
      cls = _mm512_mask_mov_epi32 (cls, _mm512_cmplt_epi32_mask (ia, opaque), like);
      _mm_storeu_si128 ((__m128i *) (out + x), _mm512_cvtepi32_epi8 (cls));

      n_specular += __builtin_popcount (_mm512_cmpeq_epi32_mask (cls, specular));
      n_other += __builtin_popcount (_mm512_cmpeq_epi32_mask (cls, other));
      n_clipped += __builtin_popcount (_mm512_cmpeq_epi32_mask (cls, clipped_class));
      n_like += __builtin_popcount (_mm512_cmpeq_epi32_mask (cls, like));
      n_total += 16;
    }
  counts[SH_PIXEL_SPECULAR] += n_specular;
  counts[SH_PIXEL_OTHER] += n_other;
  counts[SH_PIXEL_CLIPPED] += n_clipped;
  counts[SH_N_PIXEL_CLASSES] += n_like;
  counts[SH_PIXEL_USED] += n_total - n_specular - n_other - n_clipped - n_like;
  if (x < w)
    classify_row_portable (model, lut, row + 4 * x, w - x, out + x, counts);
}

static ShSimdLevel simd_override = SH_SIMD_AUTO;

void
sh_extract_set_simd_level (ShSimdLevel level)
{
  simd_override = level;
}

static ShSimdLevel
simd_level (void)
{
  static ShSimdLevel detected = SH_SIMD_AUTO;

  if (simd_override != SH_SIMD_AUTO)
    return simd_override;
  if (detected == SH_SIMD_AUTO)
    {
      detected = SH_SIMD_PORTABLE;
#if defined(__x86_64__) && defined(__GNUC__)
      if (__builtin_cpu_supports ("avx2") && __builtin_cpu_supports ("fma"))
        detected = SH_SIMD_AVX2;
      if (__builtin_cpu_supports ("avx512f") && __builtin_cpu_supports ("avx512bw"))
        detected = SH_SIMD_AVX512;
#endif
    }
  return detected;
}

/* Classifies a row into out and adds its classes to counts (background-like last). */
static void
classify_row (const ShExtractModel *model, const float (*lut)[256], const uint8_t *row, int w, uint8_t *out,
              int64_t counts[SH_N_PIXEL_CLASSES + 1])
{
  switch (simd_level ())
    {
#if defined(__x86_64__) && defined(__GNUC__)
    case SH_SIMD_AVX512:
      classify_row_avx512 (model, lut, row, w, out, counts);
      return;
    case SH_SIMD_AVX2:
      classify_row_avx2 (model, lut, row, w, out, counts);
      return;
#endif
    default:
      classify_row_portable (model, lut, row, w, out, counts);
    }
}

typedef struct {
  uint32_t *items;
  size_t len, cap;
} SeedStack;

static void
seed_push (SeedStack *stack, int x, int y)
{
  if (stack->len + 2 > stack->cap)
    {
      size_t cap = stack->cap ? stack->cap * 2 : 1024;
      uint32_t *items = realloc (stack->items, cap * sizeof *items);
      if (items == NULL)
        return; /* out of memory: this seed is dropped, its pixels stay "like" and become shine */
      stack->items = items;
      stack->cap = cap;
    }
  stack->items[stack->len++] = (uint32_t) x;
  stack->items[stack->len++] = (uint32_t) y;
}

/* Seeds one point per run of background-like pixels within [x0, x1] of row y. */
static void
seed_runs (SeedStack *stack, const uint8_t *row, int x0, int x1, int y)
{
  for (int x = x0; x <= x1; x++)
    if (row[x] == SH_PIXEL_BACKGROUND_LIKE)
      {
        seed_push (stack, x, y);
        while (x <= x1 && row[x] == SH_PIXEL_BACKGROUND_LIKE)
          x++;
      }
}

void
sh_extract_resolve_background (uint8_t *mask, int w, int h, int64_t counts[SH_N_PIXEL_CLASSES + 1])
{
  SeedStack stack = { 0 };
  size_t n = (size_t) w * h;
  int64_t filled = 0;

  /* Span flood fill (4-connected) from every background-like run on the border. */
  seed_runs (&stack, mask, 0, w - 1, 0);
  seed_runs (&stack, mask + (size_t) (h - 1) * w, 0, w - 1, h - 1);
  for (int y = 1; y < h - 1; y++)
    {
      if (mask[(size_t) y * w] == SH_PIXEL_BACKGROUND_LIKE)
        seed_push (&stack, 0, y);
      if (mask[(size_t) y * w + w - 1] == SH_PIXEL_BACKGROUND_LIKE)
        seed_push (&stack, w - 1, y);
    }
  while (stack.len > 0)
    {
      int y = (int) stack.items[--stack.len];
      int x = (int) stack.items[--stack.len];
      uint8_t *row = mask + (size_t) y * w;
      int x0 = x, x1 = x;

      if (row[x] != SH_PIXEL_BACKGROUND_LIKE)
        continue;
      while (x0 > 0 && row[x0 - 1] == SH_PIXEL_BACKGROUND_LIKE)
        x0--;
      while (x1 < w - 1 && row[x1 + 1] == SH_PIXEL_BACKGROUND_LIKE)
        x1++;
      memset (row + x0, SH_PIXEL_BACKGROUND, (size_t) (x1 - x0 + 1));
      filled += x1 - x0 + 1;
      if (y > 0)
        seed_runs (&stack, row - w, x0, x1, y - 1);
      if (y < h - 1)
        seed_runs (&stack, row + w, x0, x1, y + 1);
    }
  free (stack.items);

  /* White inside the object, not reached from the border, is shine. */
  if (counts[SH_N_PIXEL_CLASSES] > filled)
    for (size_t i = 0; i < n; i++)
      mask[i] = mask[i] == SH_PIXEL_BACKGROUND_LIKE ? SH_PIXEL_SPECULAR : mask[i];
  counts[SH_PIXEL_BACKGROUND] += filled;
  counts[SH_PIXEL_SPECULAR] += counts[SH_N_PIXEL_CLASSES] - filled;
  counts[SH_N_PIXEL_CLASSES] = 0;
}

int
sh_extract_lit_band (const double pair_count[256], const double pair_sum[256][3], double linear[3])
{
  double total = 0, from, to, cum = 0, weight = 0, acc[3] = { 0 };

  for (int v = 0; v < 256; v++)
    total += pair_count[v];
  if (total < 40)
    return 0;
  from = SH_LIT_BAND_TOP * total;
  to = SH_LIT_BAND_BOTTOM * total;
  for (int v = 255; v >= 0 && cum < to; v--)
    {
      double lo = cum, hi = cum + pair_count[v];
      double overlap = fmin (hi, to) - fmax (lo, from);
      if (overlap > 0 && pair_count[v] > 0)
        {
          double f = overlap / pair_count[v];
          for (int c = 0; c < 3; c++)
            acc[c] += f * pair_sum[v][c];
          weight += overlap;
        }
      cum = hi;
    }
  if (weight <= 0)
    return 0;
  for (int c = 0; c < 3; c++)
    linear[c] = acc[c] / weight;
  return 1;
}

/* ---- methods ---- */

/* Plain mean in linear light. Summing table values per pixel is a chain of dependent float adds; counting
 * codes instead takes two increments a pixel: a joint red-green histogram (64K counters, mostly cache
 * resident because neighbouring pixels share colours) and a blue one, in two copies for even and odd
 * pixels so that runs of one colour do not wait on one counter. The sums come from the tables once per
 * code at the end. */
static void
extract_mean_portable (const ShImage *image, ShBox box, double linear[3])
{
  uint32_t *rg = calloc (2 * 65536, sizeof *rg);
  uint32_t blue[2][256];
  double sums[3] = { 0 };
  const int64_t flush_rows = INT32_MAX / (box.w > 0 ? box.w : 1);

  if (rg == NULL)
    {
      linear[0] = linear[1] = linear[2] = 0;
      return;
    }
  memset (blue, 0, sizeof blue);
  for (int y = box.y; y < box.y + box.h; y++)
    {
      const uint8_t *p = pixel_at (image, box.x, y);
      int x = 0;
      for (; x + 2 <= box.w; x += 2, p += 8)
        {
          uint32_t a, b;
          memcpy (&a, p, 4);
          memcpy (&b, p + 4, 4);
          rg[a & 0xffff]++;
          rg[65536 + (b & 0xffff)]++;
          blue[0][(a >> 16) & 0xff]++;
          blue[1][(b >> 16) & 0xff]++;
        }
      for (; x < box.w; x++, p += 4)
        {
          rg[p[0] | p[1] << 8]++;
          blue[0][p[2]]++;
        }
      /* Flush before a counter could overflow. */
      if ((y - box.y + 1) % flush_rows == 0 || y == box.y + box.h - 1)
        {
          for (int i = 0; i < 65536; i++)
            {
              uint32_t n = rg[i] + rg[65536 + i];
              if (n != 0)
                {
                  sums[0] += (double) n * image->model.to_linear[0][i & 0xff];
                  sums[1] += (double) n * image->model.to_linear[1][i >> 8];
                }
            }
          for (int v = 0; v < 256; v++)
            sums[2] += (double) (blue[0][v] + blue[1][v]) * image->model.to_linear[2][v];
          memset (rg, 0, 2 * 65536 * sizeof *rg);
          memset (blue, 0, sizeof blue);
        }
    }
  free (rg);
  for (int c = 0; c < 3; c++)
    linear[c] = sums[c] / ((double) box.w * box.h);
}

#if defined(__x86_64__) && defined(__GNUC__)
/* With AVX-512 the table look-ups are gathers of sixteen at once: cheaper than counting. Each row is
 * summed in float (at most a few hundred values a lane) and added to double sums. */
__attribute__ ((target ("avx512f"))) static void
extract_mean_avx512 (const ShImage *image, ShBox box, double linear[3])
{
  const __m512i byte = _mm512_set1_epi32 (0xff);
  const float (*lut)[256] = (const float (*)[256]) image->model.to_linear;
  double sums[3] = { 0 };

  for (int y = box.y; y < box.y + box.h; y++)
    {
      const uint8_t *p = pixel_at (image, box.x, y);
      __m512 r0 = _mm512_setzero_ps (), g0 = r0, b0 = r0, r1 = r0, g1 = r0, b1 = r0;
      int x = 0;
      for (; x + 32 <= box.w; x += 32, p += 128)
        {
          __m512i a = _mm512_loadu_si512 ((const void *) p);
          __m512i c = _mm512_loadu_si512 ((const void *) (p + 64));
          r0 = _mm512_add_ps (r0, _mm512_i32gather_ps (_mm512_and_si512 (a, byte), lut[0], 4));
          g0 = _mm512_add_ps (g0, _mm512_i32gather_ps (_mm512_and_si512 (_mm512_srli_epi32 (a, 8), byte), lut[1], 4));
          b0 = _mm512_add_ps (b0, _mm512_i32gather_ps (_mm512_and_si512 (_mm512_srli_epi32 (a, 16), byte), lut[2], 4));
          r1 = _mm512_add_ps (r1, _mm512_i32gather_ps (_mm512_and_si512 (c, byte), lut[0], 4));
          g1 = _mm512_add_ps (g1, _mm512_i32gather_ps (_mm512_and_si512 (_mm512_srli_epi32 (c, 8), byte), lut[1], 4));
          b1 = _mm512_add_ps (b1, _mm512_i32gather_ps (_mm512_and_si512 (_mm512_srli_epi32 (c, 16), byte), lut[2], 4));
        }
      sums[0] += _mm512_reduce_add_ps (_mm512_add_ps (r0, r1));
      sums[1] += _mm512_reduce_add_ps (_mm512_add_ps (g0, g1));
      sums[2] += _mm512_reduce_add_ps (_mm512_add_ps (b0, b1));
      for (; x < box.w; x++, p += 4)
        for (int k = 0; k < 3; k++)
          sums[k] += lut[k][p[k]];
    }
  for (int c = 0; c < 3; c++)
    linear[c] = sums[c] / ((double) box.w * box.h);
}
#endif

static void
extract_mean (const ShImage *image, ShBox box, double linear[3])
{
#if defined(__x86_64__) && defined(__GNUC__)
  if (simd_level () == SH_SIMD_AVX512)
    {
      extract_mean_avx512 (image, box, linear);
      return;
    }
#endif
  extract_mean_portable (image, box, linear);
}

/* Mean of the used pixels: only needed when too few pairs make a lit band. */
static int64_t
used_mean (const ShImage *image, ShBox box, const uint8_t *mask, double linear[3])
{
  double sum[3] = { 0 };
  int64_t used = 0;

  for (int y = 0; y < box.h; y++)
    {
      const uint8_t *row = pixel_at (image, box.x, box.y + y);
      for (int x = 0; x < box.w; x++)
        if (mask[(size_t) y * box.w + x] == SH_PIXEL_USED)
          {
            for (int c = 0; c < 3; c++)
              sum[c] += image->model.to_linear[c][row[4 * x + c]];
            used++;
          }
    }
  for (int c = 0; c < 3 && used > 0; c++)
    linear[c] = sum[c] / used;
  return used;
}

static int
extract_robust (const ShImage *image, ShBox box, const ShExtractModel *model, uint8_t *mask,
                int64_t counts[SH_N_PIXEL_CLASSES + 1], double linear[3])
{
  const float (*lut)[256] = (const float (*)[256]) image->model.to_linear;
  const int d = model->dominant_channel;
  double pair_sum[256][3];
  double pair_count[256];

  memset (pair_sum, 0, sizeof pair_sum);
  memset (pair_count, 0, sizeof pair_count);
  for (int y = 0; y < box.h; y++)
    {
      const uint8_t *row = pixel_at (image, box.x, box.y + y);
      uint8_t *mrow = mask + (size_t) y * box.w;

      classify_row (model, lut, row, box.w, mrow, counts);
      for (int x = 0; x + 1 < box.w; x += 2)
        if ((mrow[x] | mrow[x + 1]) == SH_PIXEL_USED)
          {
            const uint8_t *left = row + 4 * x, *right = left + 4;
            int code = left[d];
            pair_count[code] += 1;
            pair_sum[code][0] += lut[0][right[0]];
            pair_sum[code][1] += lut[1][right[1]];
            pair_sum[code][2] += lut[2][right[2]];
          }
    }

  sh_extract_resolve_background (mask, box.w, box.h, counts);

  if (!sh_extract_lit_band (pair_count, (const double (*)[3]) pair_sum, linear)
      && used_mean (image, box, mask, linear) == 0)
    extract_mean (image, box, linear);
  return 0;
}

/* Dominant: the mode of a coarse colour histogram (5 bits a channel of the codes) among pixels the robust
 * rule did not reject as background or clipped, grown to the neighbouring cells. */
/* Counts of each class in mask, background-like last. */
static void
count_classes (const uint8_t *mask, size_t n, int64_t counts[SH_N_PIXEL_CLASSES + 1])
{
  memset (counts, 0, sizeof (int64_t) * (SH_N_PIXEL_CLASSES + 1));
  for (size_t i = 0; i < n; i++)
    counts[mask[i] == SH_PIXEL_BACKGROUND_LIKE ? SH_N_PIXEL_CLASSES : mask[i]]++;
}

static int
extract_dominant (const ShImage *image, ShBox box, const ShExtractModel *model, uint8_t *mask,
                  int64_t counts[SH_N_PIXEL_CLASSES + 1], double linear[3])
{
  const float (*lut)[256] = (const float (*)[256]) image->model.to_linear;
  uint32_t *hist = calloc (32 * 32 * 32, sizeof *hist);
  uint32_t best = 0;
  int best_cell = -1;
  double acc[3] = { 0 };
  int64_t n = 0;

  if (hist == NULL)
    return -1;
  for (int y = 0; y < box.h; y++)
    {
      const uint8_t *row = pixel_at (image, box.x, box.y + y);
      uint8_t *mrow = mask + (size_t) y * box.w;
      classify_row (model, lut, row, box.w, mrow, counts);
      for (int x = 0; x < box.w; x++)
        if (mrow[x] != SH_PIXEL_CLIPPED && mrow[x] != SH_PIXEL_BACKGROUND_LIKE)
          {
            const uint8_t *p = row + 4 * x;
            hist[(p[0] >> 3) << 10 | (p[1] >> 3) << 5 | (p[2] >> 3)]++;
          }
    }
  for (int cell = 0; cell < 32 * 32 * 32; cell++)
    {
      if (hist[cell] == 0)
        continue;
      int r = cell >> 10, g = (cell >> 5) & 31, b = cell & 31;
      uint32_t v = 0;
      for (int dr = -1; dr <= 1; dr++)
        for (int dg = -1; dg <= 1; dg++)
          for (int db = -1; db <= 1; db++)
            if (r + dr >= 0 && r + dr < 32 && g + dg >= 0 && g + dg < 32 && b + db >= 0 && b + db < 32)
              v += hist[(r + dr) << 10 | (g + dg) << 5 | (b + db)];
      if (v > best)
        best = v, best_cell = cell;
    }
  free (hist);

  int br = best_cell >> 10, bg = (best_cell >> 5) & 31, bb = best_cell & 31;
  for (int y = 0; y < box.h; y++)
    {
      const uint8_t *row = pixel_at (image, box.x, box.y + y);
      uint8_t *mrow = mask + (size_t) y * box.w;
      for (int x = 0; x < box.w; x++)
        {
          const uint8_t *p = row + 4 * x;
          if (mrow[x] == SH_PIXEL_CLIPPED || mrow[x] == SH_PIXEL_BACKGROUND_LIKE)
            continue;
          if (best_cell >= 0 && abs ((p[0] >> 3) - br) <= 1 && abs ((p[1] >> 3) - bg) <= 1
              && abs ((p[2] >> 3) - bb) <= 1)
            {
              mrow[x] = SH_PIXEL_USED;
              acc[0] += lut[0][p[0]];
              acc[1] += lut[1][p[1]];
              acc[2] += lut[2][p[2]];
              n++;
            }
          else
            mrow[x] = mrow[x] == SH_PIXEL_SPECULAR ? SH_PIXEL_SPECULAR : SH_PIXEL_OTHER;
        }
    }
  count_classes (mask, (size_t) box.w * box.h, counts);
  sh_extract_resolve_background (mask, box.w, box.h, counts);
  if (n > 0)
    for (int c = 0; c < 3; c++)
      linear[c] = acc[c] / n;
  else
    extract_mean (image, box, linear);
  return 0;
}

static int
extract (const ShImage *image, ShBox box, ShMethod method, bool with_finish, ShSwatch *out, uint8_t *mask)
{
  ShExtractModel model;
  double linear[3];
  int64_t counts[SH_N_PIXEL_CLASSES + 1] = { 0 };
  uint8_t *own_mask = NULL;
  int rc = 0;

  memset (out, 0, sizeof *out);
  if (image == NULL || !sh_box_clip (&box, image->width, image->height))
    return -1;
  out->method = method;
  out->box = box;
  out->total = (int64_t) box.w * box.h;

  if (mask == NULL && (method != SH_METHOD_MEAN || with_finish))
    {
      own_mask = malloc ((size_t) box.w * box.h);
      if (own_mask == NULL)
        return -1;
      mask = own_mask;
    }

  switch (method)
    {
    case SH_METHOD_MEAN:
      extract_mean (image, box, linear);
      counts[SH_PIXEL_USED] = out->total;
      if (mask != NULL)
        memset (mask, SH_PIXEL_USED, (size_t) box.w * box.h);
      break;
    case SH_METHOD_ROBUST:
      sh_extract_analyze (image, box, &model);
      rc = extract_robust (image, box, &model, mask, counts, linear);
      break;
    case SH_METHOD_DOMINANT:
      sh_extract_analyze (image, box, &model);
      rc = extract_dominant (image, box, &model, mask, counts, linear);
      break;
    default:
      rc = -1;
    }
  memcpy (out->counts, counts, sizeof out->counts);
  if (rc == 0)
    sh_extract_finish_swatch (image, linear, method == SH_METHOD_MEAN ? NULL : mask, out);

  /* Finish and glitter describe the product, whatever measured its colour: they always read the robust
   * classification of the box. */
  if (rc == 0 && with_finish)
    {
      if (method != SH_METHOD_ROBUST)
        {
          ShSwatch robust;
          rc = extract (image, box, SH_METHOD_ROBUST, true, &robust, mask);
          out->finish = robust.finish;
          out->glitter = robust.glitter;
        }
      else
        sh_extract_estimate_finish (image, &model, linear, mask, out);
    }
  free (own_mask);
  return rc;
}

int
sh_extract (const ShImage *image, ShBox box, ShMethod method, ShSwatch *out, uint8_t *mask)
{
  return extract (image, box, method, false, out, mask);
}

int
sh_extract_with_finish (const ShImage *image, ShBox box, ShMethod method, ShSwatch *out, uint8_t *mask)
{
  return extract (image, box, method, true, out, mask);
}
