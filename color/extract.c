/* SPDX-License-Identifier: GPL-3.0-or-later */
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
 * that needs order is a histogram. The loops themselves are in extract-kernels*.c, one file per
 * instruction set, chosen here at run time. tests/extract-reference.c is the plain double-precision version.
 */
#include "config.h"

#include "extract-kernels.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "colorspace.h"
#include "delta-e.h"

static const char *method_names[] = { "robust", "mean", "dominant" };
static const char *class_names[] = { "used", "background", "specular", "clipped", "other",
                                     "cut-face", "shadow", "engraving", "edge" };
static const char *reason_names[] = { "none", "few-pixels", "like-background", "uneven" };

const char *
sh_method_name (ShMethod method)
{
  return (unsigned) method < 3 ? method_names[method] : "unknown";
}

bool
sh_method_from_name (const char *name, ShMethod *method)
{
  for (int i = 0; i < 3; i++)
    if (name != NULL && strcmp (name, method_names[i]) == 0)
      {
        *method = (ShMethod) i;
        return true;
      }
  return false;
}

const char *
sh_pixel_class_name (ShPixelClass pixel_class)
{
  return (unsigned) pixel_class < SH_N_PIXEL_CLASSES ? class_names[pixel_class] : "unknown";
}

const char *
sh_extract_reason_name (ShExtractReason reason)
{
  return (unsigned) reason < SH_N_REASONS ? reason_names[reason] : "unknown";
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

/* Whether two chromaticities lie closer than radius. The squared distance decides alone unless it is
 * within a hair of the radius (it is off by a few ulps at most); only then hypot, which the answer
 * has always been, so the two agree on every pair. hypot is slow and the analysis asks this thousands
 * of times. */
static bool
chroma_within (const double a[3], const double b[3], double radius)
{
  double dx = a[0] - b[0], dy = a[1] - b[1];
  double d2 = dx * dx + dy * dy, r2 = radius * radius;

  if (d2 < r2 * (1 - 1e-9))
    return true;
  if (d2 > r2 * (1 + 1e-9))
    return false;
  return hypot (dx, dy) < radius;
}

/* ---- analysis ---- */

typedef struct {
  double linear[3];
  double sum;
  double chroma[3];
  double weight;           /* by place in the box */
  bool top;                /* a channel at its top code: its chromaticity is not the body's */
  int bx, by;              /* chromaticity histogram cell */
} Sample;

#define CHROMA_BINS 64
/* A pixel whiter than the body's less white quarter by this many noise widths is shine. */
#define SPECULAR_SIGMAS 8
/* The body's own white content is this quantile of its samples' (see sh_extract_remove_sheen) ... */
#define SHEEN_BODY_QUANTILE 0.75
/* ... and a colour with a channel above this (linear; sRGB code 243) is too near clipping to split. */
#define SHEEN_MAX_CHANNEL 0.9
/* Body samples with a channel at its top code are set aside when at least this many others (and this share
 * of all) remain. */
#define TOP_MIN_SAMPLES 20
#define TOP_MIN_SHARE 0.25
/* Chromaticity distance within which samples may correct the body toward saturation. */
#define SATURATION_RADIUS 0.1

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

/* Two channels at the top: one alone is a saturated colour at the edge of the encoding (a vivid pink's red),
 * still its colour, and a highlight on it shows in the other channels. */
static bool
is_clipped_code (const uint8_t *p)
{
  return (p[0] >= SH_CLIP_CODE) + (p[1] >= SH_CLIP_CODE) + (p[2] >= SH_CLIP_CODE) >= 2;
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

      sh_box_border_pixel (box, (int) i, &x, &y);
      p = pixel_at (image, x, y);
      if (p[3] < 255 || is_clipped_code (p))
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

/* Border colours seen at least this often (a fraction of the border) may be the backdrop's; colours that
 * fill at least this fraction of the box centre may be the product's. */
#define BACKDROP_MIN_SHARE 0.004
#define CENTRE_MIN_SHARE 0.01
/* So at most this many colours of the middle reach that share. */
#define MAX_CENTRE_COLOURS 100

/* A colour farther than this from neutral (in r, g chromaticity of linear light) is vivid; a border
 * colour within SHADING_CHROMA of a vivid colour of the box's middle is that colour lit otherwise. */
#define VIVID_MIN_CHROMA 0.1
#define SHADING_CHROMA 0.04
/* A border colour with at least this share of its pixels on one side of the box is on that side alone. */
#define ONE_SIDE_SHARE 0.9

/* The chromaticity (linear r, g, b over their sum) of a colour cell's middle codes. */
static void
cell_chromaticity (const ShImage *image, int cell, double chroma[3])
{
  const int code[3] = { (cell >> 10) << 3 | 4, ((cell >> 5) & 31) << 3 | 4, (cell & 31) << 3 | 4 };
  double sum = 0;

  for (int c = 0; c < 3; c++)
    sum += chroma[c] = image->model.to_linear[c][code[c]];
  for (int c = 0; c < 3; c++)
    chroma[c] = sum > 0 ? chroma[c] / sum : 1.0 / 3;
}

/* Whether the colours of cell and its 26 neighbours on the box border lie (nearly all) on one side of the
 * box: where the box cuts through the product. A backdrop shows on two sides or more. */
static bool
one_sided (const ShImage *image, ShBox box, int cell)
{
  const int r = cell >> 10, g = (cell >> 5) & 31, b = cell & 31;
  size_t side[4] = { 0 }, total = 0, most = 0;

  for (int i = 0; i < 2 * (box.w + box.h); i++)
    {
      int x, y, s = sh_box_border_pixel (box, i, &x, &y);
      const uint8_t *p = image->pixels + (size_t) y * image->stride + (size_t) x * 4;
      if (p[3] == 255 && abs ((p[0] >> 3) - r) <= 1 && abs ((p[1] >> 3) - g) <= 1 && abs ((p[2] >> 3) - b) <= 1)
        side[s]++, total++;
    }
  for (int s = 0; s < 4; s++)
    most = side[s] > most ? side[s] : most;
  return total > 0 && most >= ONE_SIDE_SHARE * total;
}

/* Marks cell and its 26 neighbours (one cell, 8 codes, either way in each channel) in cells. */
static void
mark_around (uint8_t *cells, int cell)
{
  int r = cell >> 10, g = (cell >> 5) & 31, b = cell & 31;
  for (int i = r > 0 ? r - 1 : 0; i <= r + 1 && i < 32; i++)
    for (int j = g > 0 ? g - 1 : 0; j <= g + 1 && j < 32; j++)
      for (int k = b > 0 ? b - 1 : 0; k <= b + 1 && k < 32; k++)
        cells[i << 10 | j << 5 | k] = 1;
}

/* The colour cells a set of pixels falls in, each once, in increasing order, with how many fell in it. A
 * box's border and middle hold a few thousand pixels in a few hundred cells: lists, where a table of all
 * 32768 cells cost more to clear and sweep than the pixels did to count (the live swatch's small boxes
 * spent a third of their time on it). */
typedef struct {
  uint16_t *cells;
  uint32_t *counts;
  size_t n;
} CellCounts;

/* Sorts n cells (two passes of a byte-wise radix sort) and counts them into out; storage for n of each. */
static void
cell_counts_build (uint16_t *cells, uint16_t *scratch, uint32_t *counts, size_t n, CellCounts *out)
{
  for (int shift = 0; shift < 16; shift += 8)
    {
      size_t start[257] = { 0 };
      for (size_t i = 0; i < n; i++)
        start[((cells[i] >> shift) & 0xff) + 1]++;
      for (int d = 0; d < 256; d++)
        start[d + 1] += start[d];
      for (size_t i = 0; i < n; i++)
        scratch[start[(cells[i] >> shift) & 0xff]++] = cells[i];
      memcpy (cells, scratch, n * sizeof *cells);
    }
  out->cells = cells, out->counts = counts, out->n = 0;
  for (size_t i = 0; i < n; i++)
    if (out->n > 0 && cells[out->n - 1] == cells[i])
      counts[out->n - 1]++;
    else
      cells[out->n] = cells[i], counts[out->n++] = 1;
}

static uint32_t
cell_count (const CellCounts *set, int cell)
{
  size_t lo = 0, hi = set->n;
  while (lo < hi)
    {
      size_t mid = (lo + hi) / 2;
      if (set->cells[mid] < cell)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo < set->n && set->cells[lo] == cell ? set->counts[lo] : 0;
}

/* Sum of counts over cell and its 26 neighbours. */
static uint32_t
around (const CellCounts *set, int cell)
{
  int r = cell >> 10, g = (cell >> 5) & 31, b = cell & 31;
  uint32_t sum = 0;
  for (int i = r > 0 ? r - 1 : 0; i <= r + 1 && i < 32; i++)
    for (int j = g > 0 ? g - 1 : 0; j <= g + 1 && j < 32; j++)
      for (int k = b > 0 ? b - 1 : 0; k <= b + 1 && k < 32; k++)
        sum += cell_count (set, i << 10 | j << 5 | k);
  return sum;
}

/* The code range of each channel over the backdrop's cells (see backdrop_code_lo), empty when it has none. */
static void
set_backdrop_codes (ShExtractModel *model)
{
  int lo[3] = { 32, 32, 32 }, hi[3] = { -1, -1, -1 };

  /* Eight cells a step: most of the table is empty. */
  for (int word = 0; word < SH_BACKDROP_CELLS; word += 8)
    {
      uint64_t any;
      memcpy (&any, model->backdrop + word, 8);
      for (int cell = word; any != 0 && cell < word + 8; cell++)
        if (model->backdrop[cell])
          {
            int at[3] = { cell >> 10, (cell >> 5) & 31, cell & 31 };
            for (int c = 0; c < 3; c++)
              {
                lo[c] = at[c] < lo[c] ? at[c] : lo[c];
                hi[c] = at[c] > hi[c] ? at[c] : hi[c];
              }
          }
    }
  if (hi[0] < 0)
    {
      /* No cell: a range no pixel falls in (alpha's cannot hold, 255 above 0). */
      memset (model->backdrop_code_lo, 255, sizeof model->backdrop_code_lo);
      memset (model->backdrop_code_hi, 0, sizeof model->backdrop_code_hi);
      return;
    }
  for (int c = 0; c < 3; c++)
    {
      model->backdrop_code_lo[c] = (uint8_t) (lo[c] << 3);
      model->backdrop_code_hi[c] = (uint8_t) (hi[c] << 3 | 7);
    }
  model->backdrop_code_lo[3] = 0;
  model->backdrop_code_hi[3] = 255;
}

/* The backdrop is what the box border shows: every colour seen along it often enough (a coloured sweep, a
 * sky's gradient, a fabric's texture, a baked-in checkerboard), widened by one cell, unless the middle of
 * the box holds it in a larger share: then it is the product's own (touching the border: a bullet's base,
 * a tight box). Fully transparent pixels are background whatever their hidden RGB, so they teach nothing. */
static void
learn_backdrop (const ShImage *image, ShBox box, ShExtractModel *model)
{
  /* The middle 40% of the box, on a grid of about 1000 points. */
  const int cx0 = box.x + (int) (0.3 * box.w), cy0 = box.y + (int) (0.3 * box.h);
  const int cw = (int) ceil (0.4 * box.w), ch_ = (int) ceil (0.4 * box.h);
  const int cstep = (int) fmax (1.0, ceil (sqrt ((double) cw * ch_ / 1000.0)));
  const size_t capacity = 2 * ((size_t) box.w + box.h);
  const size_t centre_capacity = (size_t) ((cw + cstep - 1) / cstep) * ((ch_ + cstep - 1) / cstep);
  const size_t most = capacity > centre_capacity ? capacity : centre_capacity;
  uint16_t *border_cells = malloc (capacity * sizeof *border_cells);
  uint16_t *centre_cells = malloc (centre_capacity * sizeof *centre_cells);
  uint16_t *scratch = malloc (most * sizeof *scratch);
  uint32_t *border_counts = malloc (capacity * sizeof *border_counts);
  uint32_t *centre_counts = malloc (centre_capacity * sizeof *centre_counts);
  uint8_t *product = calloc (SH_BACKDROP_CELLS, 1);
  size_t n_border = 0, n_centre = 0;
  double *ch[3] = { malloc (capacity * sizeof (double)), malloc (capacity * sizeof (double)),
                    malloc (capacity * sizeof (double)) };
  CellCounts border, centre;

  memset (model->backdrop, 0, sizeof model->backdrop);
  set_backdrop_codes (model);
  if (border_cells == NULL || centre_cells == NULL || scratch == NULL || border_counts == NULL
      || centre_counts == NULL || product == NULL || ch[0] == NULL || ch[1] == NULL || ch[2] == NULL)
    goto out;
  for (size_t i = 0; i < capacity; i++)
    {
      int x, y;
      const uint8_t *p;

      sh_box_border_pixel (box, (int) i, &x, &y);
      p = pixel_at (image, x, y);
      if (p[3] < 255)
        continue;
      border_cells[n_border] = (uint16_t) sh_backdrop_cell (p);
      for (int c = 0; c < 3; c++)
        ch[c][n_border] = image->model.to_linear[c][p[c]];
      n_border++;
    }
  for (int y = cy0; y < cy0 + ch_ && y < box.y + box.h; y += cstep)
    for (int x = cx0; x < cx0 + cw && x < box.x + box.w; x += cstep)
      {
        const uint8_t *p = pixel_at (image, x, y);
        if (p[3] == 255)
          centre_cells[n_centre++] = (uint16_t) sh_backdrop_cell (p);
      }
  if (n_border < 8)
    goto out;
  cell_counts_build (border_cells, scratch, border_counts, n_border, &border);
  cell_counts_build (centre_cells, scratch, centre_counts, n_centre, &centre);

  /* The middle's own colours, as chromaticities: light and shade scale a colour, they do not change its
   * chromaticity, so a border colour of a vivid product's chromaticity is the product in another light (the
   * lit side the box cuts through), not a backdrop. Near-neutral colours are left out: a grey or black
   * product has the chromaticity of any white sweep. */
  double vivid[MAX_CENTRE_COLOURS][3];
  size_t n_vivid = 0;
  for (size_t k = 0; k < centre.n && n_vivid < MAX_CENTRE_COLOURS; k++)
    if (centre.counts[k] >= CENTRE_MIN_SHARE * n_centre)
      {
        double chroma[3];
        cell_chromaticity (image, centre.cells[k], chroma);
        if (!chroma_within (chroma, (const double[3]) { 1.0 / 3, 1.0 / 3, 1.0 / 3 }, VIVID_MIN_CHROMA))
          memcpy (vivid[n_vivid++], chroma, sizeof chroma);
      }

  /* A colour is the backdrop's where it takes a larger share of the border than of the middle; the
   * product's own colours take the larger share of the middle, even where it touches the border. Each cell
   * seen on the border or in the middle once, in increasing order (the two lists merged). */
  uint32_t min_border = (uint32_t) fmax (2.0, BACKDROP_MIN_SHARE * n_border);
  size_t n_backdrop = 0, n_product = 0;
  for (size_t bi = 0, ci = 0; bi < border.n || ci < centre.n;)
    {
      int cell = bi < border.n && (ci >= centre.n || border.cells[bi] <= centre.cells[ci]) ? border.cells[bi]
                                                                                           : centre.cells[ci];
      uint32_t on_border_count = bi < border.n && border.cells[bi] == cell ? border.counts[bi++] : 0;
      uint32_t in_centre_count = ci < centre.n && centre.cells[ci] == cell ? centre.counts[ci++] : 0;
      bool on_border = on_border_count >= min_border;
      bool in_centre = in_centre_count > 0 && in_centre_count >= CENTRE_MIN_SHARE * n_centre;
      if (!on_border && !in_centre)
        continue;
      double border_share = around (&border, cell) / (double) n_border;
      double centre_share = n_centre > 0 ? around (&centre, cell) / (double) n_centre : 0.0;
      if (in_centre && centre_share >= border_share)
        mark_around (product, cell);
      if (on_border && border_share > centre_share && n_vivid > 0)
        {
          double chroma[3];
          bool product_chroma = false;
          cell_chromaticity (image, cell, chroma);
          for (size_t k = 0; k < n_vivid && !product_chroma; k++)
            product_chroma = chroma_within (chroma, vivid[k], SHADING_CHROMA);
          if (product_chroma && one_sided (image, box, cell))
            centre_share = border_share; /* the product's, in another light */
        }
      if (on_border && border_share > centre_share)
        {
          mark_around (model->backdrop, cell);
          n_backdrop += on_border_count;
        }
      else if (on_border)
        n_product += on_border_count;
    }
  /* Product colours won back from the backdrop's cells. */
  for (int cell = 0; cell < SH_BACKDROP_CELLS; cell++)
    model->backdrop[cell] &= !product[cell];
  set_backdrop_codes (model);

  for (int c = 0; c < 3; c++)
    model->backdrop_linear[c] = median_of (ch[c], n_border);
  model->backdrop_known = 1;
  /* Most of the border is the colour of the middle: a box inside the product, or a product on a backdrop
   * of its own colour; either way no backdrop to tell it from. */
  model->product_like_backdrop = n_product > n_backdrop && n_product >= 0.5 * n_border;

out:
  for (int c = 0; c < 3; c++)
    free (ch[c]);
  free (border_cells);
  free (centre_cells);
  free (scratch);
  free (border_counts);
  free (centre_counts);
  free (product);
}

/* The analysis grid: one sample per cell of step x step pixels, at the cell's centre (clamped to the box). */
typedef struct {
  int step, w, h;
  uint8_t *cls;            /* the colour rule's class, then background after the coarse flood fill */
  float *level;            /* the dominant channel's linear value */
} Grid;

static inline const uint8_t *
grid_pixel (const ShImage *image, ShBox box, const Grid *grid, int gx, int gy)
{
  int x = gx * grid->step + grid->step / 2, y = gy * grid->step + grid->step / 2;
  return pixel_at (image, box.x + (x < box.w ? x : box.w - 1), box.y + (y < box.h ? y : box.h - 1));
}

/* Background-like cells 4-connected to the grid's border become SH_PIXEL_BACKGROUND. */
static void
grid_flood (Grid *grid)
{
  int n = grid->w * grid->h, top = 0;
  int *stack = malloc ((size_t) n * sizeof *stack);

  if (stack == NULL)
    return;
  for (int i = 0; i < n; i++)
    {
      int x = i % grid->w, y = i / grid->w;
      if ((x == 0 || y == 0 || x == grid->w - 1 || y == grid->h - 1) && SH_PIXEL_IS_LIKE (grid->cls[i]))
        {
          grid->cls[i] = SH_PIXEL_BACKGROUND;
          stack[top++] = i;
        }
    }
  while (top > 0)
    {
      int i = stack[--top], x = i % grid->w, y = i / grid->w;
      int next[4] = { x > 0 ? i - 1 : -1, x < grid->w - 1 ? i + 1 : -1, y > 0 ? i - grid->w : -1,
                      y < grid->h - 1 ? i + grid->w : -1 };
      for (int k = 0; k < 4; k++)
        if (next[k] >= 0 && SH_PIXEL_IS_LIKE (grid->cls[next[k]]))
          {
            grid->cls[next[k]] = SH_PIXEL_BACKGROUND;
            stack[top++] = next[k];
          }
    }
  free (stack);
}

/* Deviation of a body cell from its column's side shading, in log light; 0 where there is no profile. */
static double
deviation (const Grid *grid, const double *profile, int i)
{
  double p = profile[i % grid->w];
  return p > 0 && grid->level[i] > 0 ? log (grid->level[i] / p) : 0.0;
}

/* The bullet's surfaces on the grid. A vertical cylinder's side has a shading that depends on the column
 * only; its lower part (below any cut face, above nothing but the case) gives that profile. Body cells
 * that depart from their column's profile and connect to the body's top are the cut or top face (lit
 * harder or softer than the side); columns whose side is much darker than the lit side are the shadow
 * side; single pixels departing from the profile are engraving, sparkles or texture. */
static bool
upright_surfaces (const Grid *grid, uint8_t *cut, double *profile, double *tolerance_out, double *lit_out,
                  double *spread_out)
{
  const int gw = grid->w, gh = grid->h;
  int *row_count = calloc ((size_t) gh, sizeof *row_count);
  double *values = malloc ((size_t) (gh > gw ? gh : gw) * sizeof *values);
  double *devs = malloc ((size_t) gw * gh * sizeof *devs);
  int *stack = malloc ((size_t) gw * gh * sizeof *stack);
  int r0 = -1, r1 = -1, max_count = 0, n_devs = 0, n_profile = 0;
  double tolerance = 0.5, lit = 0;
  bool found = false;

  if (row_count == NULL || values == NULL || devs == NULL || stack == NULL)
    goto out;

  /* The body's rows, and the lower 40% of them, where the side is seen without the cut face. */
  for (int i = 0; i < gw * gh; i++)
    row_count[i / gw] += grid->cls[i] == SH_PIXEL_USED;
  for (int y = 0; y < gh; y++)
    max_count = row_count[y] > max_count ? row_count[y] : max_count;
  for (int y = 0; y < gh; y++)
    if (row_count[y] > 0 && row_count[y] * 10 >= max_count)
      {
        r0 = r0 < 0 ? y : r0;
        r1 = y;
      }
  if (r0 < 0 || max_count < 2)
    goto out;
  int ref0 = r0 + (int) ceil (0.6 * (r1 - r0));

  for (int x = 0; x < gw; x++)
    {
      int n = 0;
      for (int y = ref0; y <= r1; y++)
        if (grid->cls[y * gw + x] == SH_PIXEL_USED && grid->level[y * gw + x] > 0)
          values[n++] = grid->level[y * gw + x];
      if (n >= 2 && 3 * n >= r1 - ref0 + 1)
        {
          profile[x] = sh_select_kth (values, (size_t) n, (size_t) n / 2);
          n_profile++;
        }
    }
  if (n_profile < 2)
    goto out;
  /* Columns whose lower part is hidden (a case's shoulder) take the nearest measured column's profile
   * (stored negated until all are filled): their upper part is still side or cut face. */
  for (int x = 0; x < gw; x++)
    if (profile[x] <= 0)
      for (int k = 1; k < gw; k++)
        {
          if (x - k >= 0 && profile[x - k] > 0)
            {
              profile[x] = -profile[x - k];
              break;
            }
          if (x + k < gw && profile[x + k] > 0)
            {
              profile[x] = -profile[x + k];
              break;
            }
        }
  for (int x = 0; x < gw; x++)
    profile[x] = fabs (profile[x]);

  /* How far the side's own texture strays from the profile sets the tolerance. */
  for (int y = ref0; y <= r1; y++)
    for (int x = 0; x < gw; x++)
      if (grid->cls[y * gw + x] == SH_PIXEL_USED && profile[x] > 0)
        devs[n_devs++] = fabs (deviation (grid, profile, y * gw + x));
  *spread_out = INFINITY;
  if (n_devs >= 4)
    {
      double mean = 0;
      for (int k = 0; k < n_devs; k++)
        mean += devs[k];
      *spread_out = mean / n_devs;
      tolerance = fmin (0.5, fmax (0.15, 4 * 1.4826 * sh_select_kth (devs, (size_t) n_devs, (size_t) n_devs / 2)));
    }

  /* Cut face: departing cells above the reference rows, reached from the body's top edge. */
  int top = 0;
  for (int y = 0; y < ref0; y++)
    for (int x = 0; x < gw; x++)
      {
        int i = y * gw + x;
        bool body = grid->cls[i] == SH_PIXEL_USED || grid->cls[i] == SH_PIXEL_SPECULAR;
        bool above_body = y > 0 && (grid->cls[i - gw] == SH_PIXEL_USED || grid->cls[i - gw] == SH_PIXEL_SPECULAR);
        if (body && !above_body && fabs (deviation (grid, profile, i)) > tolerance)
          {
            cut[i] = 1;
            stack[top++] = i;
          }
      }
  while (top > 0)
    {
      int i = stack[--top], x = i % gw, y = i / gw;
      int next[4] = { x > 0 ? i - 1 : -1, x < gw - 1 ? i + 1 : -1, y > 0 ? i - gw : -1, y + 1 < ref0 ? i + gw : -1 };
      for (int k = 0; k < 4; k++)
        {
          int j = next[k];
          if (j < 0 || cut[j])
            continue;
          if ((grid->cls[j] == SH_PIXEL_USED && fabs (deviation (grid, profile, j)) > tolerance)
              || grid->cls[j] == SH_PIXEL_SPECULAR)
            {
              cut[j] = 1;
              stack[top++] = j;
            }
        }
    }

  /* The lit side: the upper quartile of the profile; a column at less than half of it is in shadow. */
  n_profile = 0;
  for (int x = 0; x < gw; x++)
    if (profile[x] > 0)
      values[n_profile++] = profile[x];
  lit = sh_select_kth (values, (size_t) n_profile, (size_t) (3 * (n_profile - 1)) / 4);
  *tolerance_out = tolerance;
  *lit_out = lit;
  found = true;

out:
  free (row_count);
  free (values);
  free (devs);
  free (stack);
  return found;
}

/* An end of the bullet is its tip when it is at most this wide, relative to the other end. */
#define TAPER_RATIO 0.85

/* Which way the bullet's tip points: up (the usual product shot), or the bullet lies on its side. */
typedef enum { TIP_UP, TIP_LEFT, TIP_RIGHT } TipDirection;

/* A lying bullet is told by two cues that must agree: the body is clearly longer across than up, and its
 * shading changes more from row to row than from column to column. The change is the median step of log
 * light between neighbouring body cells: along a cylinder's axis it is nil but at the cut face's edge and
 * the engraving, across it the shading turns everywhere. Its tip is the narrower end (a slanted cut tapers
 * the silhouette); the other end runs into its case. */
static TipDirection
tip_direction (const Grid *grid, bool *tapers)
{
  const int gw = grid->w, gh = grid->h;
  double n = 0, mx = 0, my = 0, sxx = 0, syy = 0, sxy = 0;
  double *steps_x = malloc ((size_t) gw * gh * sizeof *steps_x), *steps_y = malloc ((size_t) gw * gh * sizeof *steps_y);
  int *col_n = calloc ((size_t) gw, sizeof *col_n);
  size_t n_x = 0, n_y = 0;
  TipDirection tip = TIP_UP;

  *tapers = false;
  if (steps_x == NULL || steps_y == NULL || col_n == NULL)
    goto out;
  for (int y = 0; y < gh; y++)
    for (int x = 0; x < gw; x++)
      {
        int i = y * gw + x;
        if (grid->cls[i] != SH_PIXEL_USED || grid->level[i] <= 0)
          continue;
        n++, mx += x, my += y, sxx += (double) x * x, syy += (double) y * y, sxy += (double) x * y;
        col_n[x]++;
        if (x + 1 < gw && grid->cls[i + 1] == SH_PIXEL_USED && grid->level[i + 1] > 0)
          steps_x[n_x++] = fabs (log (grid->level[i + 1] / grid->level[i]));
        if (y + 1 < gh && grid->cls[i + gw] == SH_PIXEL_USED && grid->level[i + gw] > 0)
          steps_y[n_y++] = fabs (log (grid->level[i + gw] / grid->level[i]));
      }
  if (n < 16 || n_x < 8 || n_y < 8)
    goto out;
  mx /= n, my /= n;
  sxx = sxx / n - mx * mx, syy = syy / n - my * my, sxy = sxy / n - mx * my;
  /* Longer across: the major axis within 45 degrees of the horizontal, and half as long again as wide. */
  double mid = 0.5 * (sxx + syy), d = sqrt (0.25 * (sxx - syy) * (sxx - syy) + sxy * sxy);
  if (!(sxx > syy && mid + d > 1.5 * 1.5 * (mid - d)))
    goto out;
  if (sh_select_kth (steps_y, n_y, n_y / 2) <= sh_select_kth (steps_x, n_x, n_x / 2))
    goto out;
  /* The narrower end, over a quarter of the body's length at each end. */
  int x0 = 0, x1 = gw - 1;
  while (x0 < gw && col_n[x0] == 0)
    x0++;
  while (x1 > x0 && col_n[x1] == 0)
    x1--;
  int quarter = (x1 - x0 + 1) / 4 > 1 ? (x1 - x0 + 1) / 4 : 1;
  double left = 0, right = 0;
  for (int k = 0; k < quarter; k++)
    left += col_n[x0 + k], right += col_n[x1 - k];
  tip = left < right ? TIP_LEFT : TIP_RIGHT;
  *tapers = fmin (left, right) < TAPER_RATIO * fmax (left, right);
out:
  free (steps_x);
  free (steps_y);
  free (col_n);
  return tip;
}

/* The grid seen with the tip up: cell (x, y) of the view is cell (y, x) of a bullet lying tip left, and
 * (gw - 1 - y, x) of one lying tip right. */
static int
grid_index (const Grid *grid, TipDirection tip, int x, int y)
{
  switch (tip)
    {
    case TIP_LEFT:
      return x * grid->w + y;
    case TIP_RIGHT:
      return x * grid->w + (grid->w - 1 - y);
    default:
      return y * grid->w + x;
    }
}

/* The view of the grid with the tip up, and its surfaces: cut (in the view's cells) and profile. */
typedef struct {
  Grid view;
  uint8_t *cut;
  double *profile, tolerance, lit, spread;
  bool found;
} TipView;

static void
tip_view_clear (TipView *view, bool own_cells)
{
  if (own_cells)
    {
      free (view->view.cls);
      free (view->view.level);
    }
  free (view->cut);
  free (view->profile);
}

static void
tip_view_measure (const Grid *grid, TipDirection tip, TipView *out)
{
  const bool lying = tip != TIP_UP;
  const size_t cells = (size_t) grid->w * grid->h;

  memset (out, 0, sizeof *out);
  out->view = (Grid) { grid->step, lying ? grid->h : grid->w, lying ? grid->w : grid->h, NULL, NULL };
  out->view.cls = lying ? malloc (cells) : grid->cls;
  out->view.level = lying ? malloc (cells * sizeof *out->view.level) : grid->level;
  out->cut = calloc (cells, 1);
  out->profile = calloc ((size_t) out->view.w, sizeof *out->profile);
  out->tolerance = 0.5;
  out->spread = INFINITY;
  if (out->view.cls == NULL || out->view.level == NULL || out->cut == NULL || out->profile == NULL)
    return;
  if (lying)
    for (int y = 0; y < out->view.h; y++)
      for (int x = 0; x < out->view.w; x++)
        {
          int i = grid_index (grid, tip, x, y);
          out->view.cls[y * out->view.w + x] = grid->cls[i];
          out->view.level[y * out->view.w + x] = grid->level[i];
        }
  out->found = upright_surfaces (&out->view, out->cut, out->profile, &out->tolerance, &out->lit, &out->spread);
}

static void
find_surfaces (ShBox box, const Grid *grid, ShExtractModel *model)
{
  bool tapers = false;
  TipDirection tip = model->neutral_body ? TIP_UP : tip_direction (grid, &tapers);
  const bool lying = tip != TIP_UP;
  /* The side's shading runs across the bullet: along box rows for a lying one. */
  const int lines = lying ? box.h : box.w;
  const size_t cells = (size_t) grid->w * grid->h;
  TipView view;

  model->box_w = box.w;
  model->grid_step = grid->step;
  model->grid_w = grid->w;
  model->grid_h = grid->h;
  model->lying = lying;
  model->cut = calloc (cells, 1);
  model->column_shadow = calloc ((size_t) lines, 1);
  model->column_lo = calloc ((size_t) lines, sizeof (float));
  model->column_hi = malloc ((size_t) lines * sizeof (float));
  for (int x = 0; x < lines && model->column_hi != NULL; x++)
    model->column_hi[x] = INFINITY;
  if (model->cut == NULL || model->column_shadow == NULL || model->column_lo == NULL || model->column_hi == NULL
      || model->neutral_body)
    return;
  tip_view_measure (grid, tip, &view);
  if (lying && !tapers)
    {
      /* A flat top does not taper: the other end is the tip when the side's shading, measured from the
       * end taken for the base, fits the side better there (a cut face in the reference spoils the fit). */
      TipView other;
      tip_view_measure (grid, tip == TIP_LEFT ? TIP_RIGHT : TIP_LEFT, &other);
      if (other.found && (!view.found || other.spread < view.spread))
        {
          TipView swap = view;
          view = other, other = swap;
          tip = tip == TIP_LEFT ? TIP_RIGHT : TIP_LEFT;
        }
      tip_view_clear (&other, true);
    }
  if (view.found)
    {
      for (int y = 0; y < view.view.h; y++)
        for (int x = 0; x < view.view.w; x++)
          model->cut[grid_index (grid, tip, x, y)] = view.cut[y * view.view.w + x];
      for (int t = 0; t < lines; t++)
        {
          int g = t / grid->step;
          double p = view.profile[g < view.view.w ? g : view.view.w - 1];
          if (p <= 0)
            continue;
          model->column_shadow[t] = p < 0.5 * view.lit;
          model->column_lo[t] = (float) (p * exp (-view.tolerance));
          model->column_hi[t] = (float) (p * exp (view.tolerance));
        }
    }
  tip_view_clear (&view, lying);
}

void
sh_extract_model_clear (ShExtractModel *model)
{
  free (model->cut);
  free (model->column_shadow);
  free (model->column_lo);
  free (model->column_hi);
  model->cut = model->column_shadow = NULL;
  model->column_lo = model->column_hi = NULL;
}

int
sh_extract_surface_class (const ShImage *image, const ShExtractModel *model, int x, int y, const uint8_t rgba[4])
{
  if (model->cut == NULL || model->column_hi == NULL)
    return SH_PIXEL_USED;
  int gx = x / model->grid_step, gy = y / model->grid_step;
  float sum = image->model.to_linear[0][rgba[0]] + image->model.to_linear[1][rgba[1]]
              + image->model.to_linear[2][rgba[2]];
  if (model->cut[gy * model->grid_w + gx])
    return SH_PIXEL_CUT_FACE;
  int line = model->lying ? y : x;
  if (model->column_shadow[line])
    return SH_PIXEL_SHADOW;
  if (sum < model->column_lo[line] || sum > model->column_hi[line])
    return SH_PIXEL_ENGRAVING;
  return SH_PIXEL_USED;
}

void
sh_extract_analyze (const ShImage *image, ShBox box, ShExtractModel *model)
{
  const int step = sh_extract_analysis_step (box);
  Grid grid = { step, (box.w + step - 1) / step, (box.h + step - 1) / step, NULL, NULL };
  size_t capacity = (size_t) grid.w * grid.h;
  Sample *samples = malloc (capacity * sizeof *samples);
  double *hist = calloc (CHROMA_BINS * CHROMA_BINS, sizeof *hist);
  size_t n = 0;

  memset (model, 0, sizeof *model);
  model->dark_sum = 0.01;
  model->background_white = 0.85;
  analyze_border (image, box, model);
  learn_backdrop (image, box, model);
  grid.cls = malloc (capacity);
  grid.level = malloc (capacity * sizeof (float));

  if (samples == NULL || hist == NULL || grid.cls == NULL || grid.level == NULL)
    goto neutral;

  /* Candidates for the body: lit, unclipped, opaque, clearly not white and not the backdrop. */
  for (int gy = 0; gy < grid.h; gy++)
    for (int gx = 0; gx < grid.w; gx++)
      {
        const uint8_t *p = grid_pixel (image, box, &grid, gx, gy);
        Sample *sample = &samples[n];
        double lo, hi;
        int x = box.x + gx * step + step / 2, y = box.y + gy * step + step / 2;

        if (p[3] < 255 || is_clipped_code (p) || model->backdrop[sh_backdrop_cell (p)])
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
        double dx = fabs ((fmin (x, box.x + box.w - 1) + 0.5 - box.x) / box.w - 0.5) * 2;
        double dy = fabs ((fmin (y, box.y + box.h - 1) + 0.5 - box.y) / box.h - 0.5) * 2;
        sample->weight = 1.0 - 0.8 * fmax (dx, dy);
        sample->top = p[0] >= SH_CLIP_CODE || p[1] >= SH_CLIP_CODE || p[2] >= SH_CLIP_CODE;
        sample->bx = bx, sample->by = by;
        n++;
      }

  /* A vivid shade's strongest channel reaches its top code first, on the lit side: there the channel is
   * cut short and the pixel looks less saturated than the body is. Such samples leave the choice of the
   * body's colour to the others, unless too few others remain. */
  {
    size_t whole = 0, kept = 0;
    for (size_t i = 0; i < n; i++)
      whole += !samples[i].top;
    bool drop_top = whole >= TOP_MIN_SAMPLES && whole >= TOP_MIN_SHARE * n;
    for (size_t i = 0; i < n; i++)
      if (!(drop_top && samples[i].top))
        {
          samples[kept] = samples[i];
          hist[samples[kept].by * CHROMA_BINS + samples[kept].bx] += samples[kept].weight;
          kept++;
        }
    n = kept;
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
        if (chroma_within (samples[i].chroma, mode, radii[pass]))
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

  model->neutral_body = chroma_within (model->body, model->white, 0.02);
  build_basis (model);

  /* Highlights only add white: the body is the least white end of the samples in the body/white plane
   * near the mode, not the mode itself (a glossy shade's many half-lit pixels pull that toward white). */
  if (!model->neutral_body)
    {
      double *whites = malloc (n * sizeof (double));
      size_t m = 0;

      for (size_t i = 0; i < n && whites != NULL; i++)
        {
          double a, b, g;
          sh_extract_decompose (model, samples[i].linear, &a, &b, &g);
          if (chroma_within (samples[i].chroma, model->body, SATURATION_RADIUS) && a > 0
              && fabs (g) < 0.05 * samples[i].sum)
            whites[m++] = b / samples[i].sum;
        }
      if (m >= 20)
        {
          double limit = sh_select_kth (whites, m, m / 5), acc[3] = { 0 }, total = 0;
          for (size_t i = 0; i < n; i++)
            {
              double a, b, g;
              sh_extract_decompose (model, samples[i].linear, &a, &b, &g);
              if (chroma_within (samples[i].chroma, model->body, SATURATION_RADIUS) && a > 0
                  && fabs (g) < 0.05 * samples[i].sum && b / samples[i].sum <= limit)
                {
                  for (int c = 0; c < 3; c++)
                    acc[c] += samples[i].linear[c];
                  total += samples[i].sum;
                }
            }
          if (total > 0)
            {
              for (int c = 0; c < 3; c++)
                model->body[c] = acc[c] / total;
              build_basis (model);
            }
        }
      free (whites);
    }

  /* Noise-aware thresholds from the spread of the body samples themselves. */
  {
    double *betas = malloc (n * sizeof (double));
    double *gammas = malloc (n * sizeof (double));
    double *sums = malloc (n * sizeof (double));
    size_t m = 0;

    for (size_t i = 0; i < n && betas && gammas && sums; i++)
      if (chroma_within (samples[i].chroma, model->body, 0.06))
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
        /* The body's own white content and its noise come from the less white half: on a glossy shade
         * most of the lit pixels are in the highlight's halo, which is shine as well. */
        double w05 = sh_select_kth (betas, m, m / 20), w25 = sh_select_kth (betas, m, m / 4);
        double sigma = (w25 - w05) / 0.97;
        double gamma_median = median_of (gammas, m);
        model->specular_tau = fmax (0.03, w25 + SPECULAR_SIGMAS * sigma);
        model->body_white = sh_select_kth (betas, m, (size_t) (SHEEN_BODY_QUANTILE * (m - 1)));
        model->has_body_white = 1;

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

  /* The grid through the per-pixel rule, its backdrop flood-filled, then the surfaces. */
  if (grid.cls != NULL && grid.level != NULL)
    {
      for (int gy = 0; gy < grid.h; gy++)
        for (int gx = 0; gx < grid.w; gx++)
          {
            const uint8_t *p = grid_pixel (image, box, &grid, gx, gy);
            double lin[3];
            pixel_linear (image, p, lin);
            grid.cls[gy * grid.w + gx] = (uint8_t) sh_extract_classify_pixel (model, p, lin);
            grid.level[gy * grid.w + gx] = (float) (lin[0] + lin[1] + lin[2]);
          }
      grid_flood (&grid);
      find_surfaces (box, &grid, model);
    }
  sh_extract_find_uniform_boxes (image, box, model);
  free (samples);
  free (hist);
  free (grid.cls);
  free (grid.level);
}

/* ---- the rule ---- */

int
sh_extract_classify_pixel (const ShExtractModel *model, const uint8_t rgba[4], const double linear[3])
{
  double s, alpha, beta, gamma;

  if (rgba[3] == 0)
    return SH_PIXEL_TRANSPARENT;
  if (rgba[3] < 255)
    return SH_PIXEL_EDGE;
  if (is_clipped_code (rgba))
    return SH_PIXEL_CLIPPED;
  s = linear[0] + linear[1] + linear[2];
  if (s < model->dark_sum)
    return SH_PIXEL_CLIPPED;
  sh_extract_decompose (model, linear, &alpha, &beta, &gamma);
  if (beta >= model->background_white * s && s >= model->background_sum)
    return SH_PIXEL_BACKGROUND_LIKE;
  if (model->backdrop[sh_backdrop_cell (rgba)])
    return SH_PIXEL_BACKDROP_LIKE;
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
#ifdef SH_HAVE_X86_KERNELS
      if (__builtin_cpu_supports ("avx2") && __builtin_cpu_supports ("fma"))
        detected = SH_SIMD_AVX2;
      if (__builtin_cpu_supports ("avx512f") && __builtin_cpu_supports ("avx512bw"))
        detected = SH_SIMD_AVX512;
#endif
    }
  return detected;
}

/* Classifies a row into out (the callers count the classes afterwards, on bytes: cheaper than per lane);
 * sums, when not NULL, receives each pixel's r+g+b in linear light. */
static void
classify_row (const ShExtractModel *model, const float (*lut)[256], const uint8_t *row, int w, uint8_t *out,
              float *sums)
{
  switch (simd_level ())
    {
#ifdef SH_HAVE_X86_KERNELS
    case SH_SIMD_AVX512:
      sh_classify_row_avx512 (model, lut, row, w, out, sums);
      return;
    case SH_SIMD_AVX2:
      sh_classify_row_avx2 (model, lut, row, w, out, sums);
      return;
#endif
    default:
      sh_classify_row_portable (model, lut, row, w, out, sums);
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

/* The high bit of each byte of v that is background-like (>= 250): the low seven bits plus 6 carry into
 * the high bit from 122 up, never into the next byte. */
static inline uint64_t
like_bytes (uint64_t v)
{
  return ((v & 0x7f7f7f7f7f7f7f7fULL) + 0x0606060606060606ULL) & v & 0x8080808080808080ULL;
}

/* First x in [x, end) whose byte is background-like (want) or not (!want), else end; eight bytes a step,
 * since the fills cross long runs of backdrop. */
static inline int
find_like (const uint8_t *row, int x, int end, bool want)
{
#ifdef __SSE2__
  /* Sixteen bytes a step where SSE2 is there (every x86-64): a byte is background-like when raising it to
   * SH_PIXEL_BACKGROUND_LIKE leaves it as it is. */
  const __m128i like = _mm_set1_epi8 ((char) SH_PIXEL_BACKGROUND_LIKE);
  const unsigned flip16 = want ? 0 : 0xffff;
  for (; x + 16 <= end; x += 16)
    {
      __m128i v = _mm_loadu_si128 ((const __m128i *) (row + x));
      unsigned m = (unsigned) _mm_movemask_epi8 (_mm_cmpeq_epi8 (_mm_max_epu8 (v, like), v)) ^ flip16;
      if (m != 0)
        return x + __builtin_ctz (m);
    }
#endif
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  const uint64_t flip = want ? 0 : 0x8080808080808080ULL;
  for (; x + 8 <= end; x += 8)
    {
      uint64_t v, m;
      memcpy (&v, row + x, 8);
      m = like_bytes (v) ^ flip;
      if (m != 0)
        return x + (__builtin_ctzll (m) >> 3);
    }
#endif
  while (x < end && SH_PIXEL_IS_LIKE (row[x]) != want)
    x++;
  return x;
}

/* Start of the background-like run that ends at x (row[x] is background-like). */
static inline int
like_run_start (const uint8_t *row, int x)
{
#ifdef __SSE2__
  const __m128i like = _mm_set1_epi8 ((char) SH_PIXEL_BACKGROUND_LIKE);
  for (; x >= 16; x -= 16)
    {
      __m128i v = _mm_loadu_si128 ((const __m128i *) (row + x - 16));
      unsigned m = (unsigned) _mm_movemask_epi8 (_mm_cmpeq_epi8 (_mm_max_epu8 (v, like), v)) ^ 0xffff;
      if (m != 0)
        return x - 16 + (31 - __builtin_clz (m)) + 1;
    }
#endif
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  for (; x >= 8; x -= 8)
    {
      uint64_t v, m;
      memcpy (&v, row + x - 8, 8);
      m = like_bytes (v) ^ 0x8080808080808080ULL;
      if (m != 0)
        return x - 8 + ((63 - __builtin_clzll (m)) >> 3) + 1;
    }
#endif
  while (x > 0 && SH_PIXEL_IS_LIKE (row[x - 1]))
    x--;
  return x;
}

/* Seeds one point per run of background-like pixels within [x0, x1] of row y. */
static void
seed_runs (SeedStack *stack, const uint8_t *row, int x0, int x1, int y)
{
  for (int x = find_like (row, x0, x1 + 1, true); x <= x1; x = find_like (row, x, x1 + 1, true))
    {
      seed_push (stack, x, y);
      x = find_like (row, x, x1 + 1, false);
    }
}

void
sh_extract_resolve_background (uint8_t *mask, int w, int h, int64_t counts[SH_N_PIXEL_CLASSES + 1])
{
  SeedStack stack = { 0 };
  int64_t filled = 0;

  /* Span flood fill (4-connected) from every background-like run on the border. */
  seed_runs (&stack, mask, 0, w - 1, 0);
  seed_runs (&stack, mask + (size_t) (h - 1) * w, 0, w - 1, h - 1);
  for (int y = 1; y < h - 1; y++)
    {
      if (SH_PIXEL_IS_LIKE (mask[(size_t) y * w]))
        seed_push (&stack, 0, y);
      if (SH_PIXEL_IS_LIKE (mask[(size_t) y * w + w - 1]))
        seed_push (&stack, w - 1, y);
    }
  while (stack.len > 0)
    {
      int y = (int) stack.items[--stack.len];
      int x = (int) stack.items[--stack.len];
      uint8_t *row = mask + (size_t) y * w;
      int x0 = x, x1 = x;

      if (!SH_PIXEL_IS_LIKE (row[x]))
        continue;
      x0 = like_run_start (row, x);
      x1 = find_like (row, x, w, false) - 1;
      memset (row + x0, SH_PIXEL_BACKGROUND, (size_t) (x1 - x0 + 1));
      filled += x1 - x0 + 1;
      if (y > 0)
        seed_runs (&stack, row - w, x0, x1, y - 1);
      if (y < h - 1)
        seed_runs (&stack, row + w, x0, x1, y + 1);
    }
  free (stack.items);

  /* Not reached from the border: white inside the object is shine, the backdrop's colour there another
   * material, and a transparent hole background all the same. */
  counts[SH_PIXEL_BACKGROUND] += filled;
  if (counts[SH_N_PIXEL_CLASSES] > filled)
    for (int y = 0; y < h; y++)
      {
        uint8_t *row = mask + (size_t) y * w;
        for (int x = find_like (row, 0, w, true); x < w; x = find_like (row, x + 1, w, true))
          {
            row[x] = row[x] == SH_PIXEL_BACKGROUND_LIKE ? SH_PIXEL_SPECULAR
                   : row[x] == SH_PIXEL_BACKDROP_LIKE ? SH_PIXEL_OTHER : SH_PIXEL_BACKGROUND;
            counts[row[x]]++;
          }
      }
  counts[SH_N_PIXEL_CLASSES] = 0;
}

/* Every channel at least this: a clipped pixel that is white, not a saturated colour or a shadow. */
#define WHITE_BACKDROP_CODE 240

/* A white clipped pixel in the mask, for the length of the white-backdrop fill only: the fill then reads the
 * mask alone, not the image's pixels (most of which have left the cache by then). */
#define WHITE_CLIPPED_MARK 253

/* Lists the clipped pixel x of row y (see list_clipped). */
static inline void
push_clipped (SeedStack *clipped, const uint8_t *pixels, int x, int y)
{
  const uint8_t *p = pixels + 4 * x;
  uint32_t white = p[0] >= WHITE_BACKDROP_CODE && p[1] >= WHITE_BACKDROP_CODE && p[2] >= WHITE_BACKDROP_CODE;
  seed_push (clipped, x, (int) ((uint32_t) y | white << 31));
}

/* The clipped pixels of row y of the mask (its image row pixels), each pushed as x, then y with the top bit
 * set when the pixel is white (see WHITE_BACKDROP_CODE), from left to right. */
static void
list_clipped (SeedStack *clipped, const uint8_t *mrow, const uint8_t *pixels, int w, int y)
{
  int x = 0;
#ifdef __SSE2__
  /* Sixteen bytes a step: a white sweep at full exposure is clipped over whole runs. */
  const __m128i clipped_class = _mm_set1_epi8 (SH_PIXEL_CLIPPED);
  for (; x + 16 <= w; x += 16)
    for (unsigned m = (unsigned) _mm_movemask_epi8 (
             _mm_cmpeq_epi8 (_mm_loadu_si128 ((const __m128i *) (mrow + x)), clipped_class));
         m != 0; m &= m - 1)
      push_clipped (clipped, pixels, x + __builtin_ctz (m), y);
#endif
  for (const uint8_t *at = memchr (mrow + x, SH_PIXEL_CLIPPED, (size_t) (w - x)); at != NULL;
       at = at + 1 < mrow + w ? memchr (at + 1, SH_PIXEL_CLIPPED, (size_t) (mrow + w - at - 1)) : NULL)
    push_clipped (clipped, pixels, (int) (at - mrow), y);
}

/* sh_extract_resolve_white_backdrop with the clipped pixels already listed (list_clipped). The robust
 * method lists them row by row while the image's row is still in the cache: afterwards each look-up was a
 * miss. */
static void
resolve_white_backdrop_listed (ShBox box, uint8_t *mask, int64_t counts[SH_N_PIXEL_CLASSES + 1],
                               const SeedStack *clipped)
{
  static const int dx[4] = { 1, -1, 0, 0 }, dy[4] = { 0, 0, 1, -1 };
  SeedStack stack = { 0 };
  int w = box.w, h = box.h;
  int64_t filled = 0;

  for (size_t i = 0; i + 1 < clipped->len; i += 2)
    if (clipped->items[i + 1] >> 31)
      mask[(size_t) (clipped->items[i + 1] & 0x7fffffffu) * w + clipped->items[i]] = WHITE_CLIPPED_MARK;
  /* Seeds: white clipped pixels on the box border or beside the background already found. */
  for (size_t i = 0; i + 1 < clipped->len; i += 2)
    {
      int x = (int) clipped->items[i], y = (int) (clipped->items[i + 1] & 0x7fffffffu);
      int seed;

      if (!(clipped->items[i + 1] >> 31))
        continue;
      seed = x == 0 || y == 0 || x == w - 1 || y == h - 1;
      for (int k = 0; k < 4 && !seed; k++)
        seed = mask[(size_t) (y + dy[k]) * w + x + dx[k]] == SH_PIXEL_BACKGROUND;
      if (seed)
        seed_push (&stack, x, y);
    }
  /* 4-connected span fill through white clipped pixels; a seed may have been reached from another
   * already. */
  while (stack.len > 0)
    {
      int y = (int) stack.items[--stack.len];
      int x = (int) stack.items[--stack.len];
      int x0 = x, x1 = x;

      if (mask[(size_t) y * w + x] != WHITE_CLIPPED_MARK)
        continue;
      while (x0 > 0 && mask[(size_t) y * w + x0 - 1] == WHITE_CLIPPED_MARK)
        x0--;
      while (x1 < w - 1 && mask[(size_t) y * w + x1 + 1] == WHITE_CLIPPED_MARK)
        x1++;
      memset (mask + (size_t) y * w + x0, SH_PIXEL_BACKGROUND, (size_t) (x1 - x0 + 1));
      filled += x1 - x0 + 1;
      for (int ny = y - 1; ny <= y + 1; ny += 2)
        for (int nx = x0; ny >= 0 && ny < h && nx <= x1; nx++)
          if (mask[(size_t) ny * w + nx] == WHITE_CLIPPED_MARK)
            {
              seed_push (&stack, nx, ny);
              while (nx <= x1 && mask[(size_t) ny * w + nx] == WHITE_CLIPPED_MARK)
                nx++;
            }
    }
  free (stack.items);
  /* Not reached: clipped as before. */
  for (size_t i = 0; i + 1 < clipped->len; i += 2)
    {
      uint8_t *at = &mask[(size_t) (clipped->items[i + 1] & 0x7fffffffu) * w + clipped->items[i]];
      if (*at == WHITE_CLIPPED_MARK)
        *at = SH_PIXEL_CLIPPED;
    }
  counts[SH_PIXEL_CLIPPED] -= filled;
  counts[SH_PIXEL_BACKGROUND] += filled;
}

void
sh_extract_resolve_white_backdrop (const ShImage *image, ShBox box, uint8_t *mask,
                                   int64_t counts[SH_N_PIXEL_CLASSES + 1])
{
  SeedStack clipped = { 0 };

  for (int y = 0; y < box.h; y++)
    list_clipped (&clipped, mask + (size_t) y * box.w, pixel_at (image, box.x, box.y + y), box.w, y);
  resolve_white_backdrop_listed (box, mask, counts, &clipped);
  free (clipped.items);
}

static double
bin_level (int bin)
{
  double v = (bin + 0.5) / (SH_LEVEL_BINS - 1);
  return 3 * v * v;
}

/* A brighter stretch of the shading wins over the most populated one when it holds at least this fraction
 * of its pairs and is a separate plateau: the count between them dips below DIP of its own. */
#define LIT_PLATEAU_SHARE 0.33
#define LIT_PLATEAU_DIP 0.7

int
sh_extract_lit_band (const double pair_count[SH_LEVEL_BINS], const double pair_sum[SH_LEVEL_BINS][3],
                     double linear[3])
{
  double total = 0, weight = 0, acc[3] = { 0 };
  double *window = calloc (SH_LEVEL_BINS, sizeof *window);
  int *lo = calloc (SH_LEVEL_BINS, sizeof *lo), *hi = calloc (SH_LEVEL_BINS, sizeof *hi);
  int best = -1, chosen;

  for (int v = 0; v < SH_LEVEL_BINS; v++)
    total += pair_count[v];
  if (total < 40 || window == NULL || lo == NULL || hi == NULL)
    {
      free (window);
      free (lo);
      free (hi);
      return 0;
    }
  /* Pairs within +-SH_BAND_HALF_WIDTH in log light of each bin: the shading of a lit cylinder changes
   * slowest where it is brightest outside the highlight, so a plateau there gathers many pixels. The levels
   * rise with the bin, so both ends of the window only move up: one sweep finds them. */
  const double shrink = exp (-SH_BAND_HALF_WIDTH), grow = exp (SH_BAND_HALF_WIDTH);
  for (int v = 0, a = 0, b = 0; v < SH_LEVEL_BINS; v++)
    {
      double from = bin_level (v) * shrink, to = bin_level (v) * grow;
      b = b > v ? b : v;
      while (a < v && bin_level (a) < from)
        a++;
      while (b < SH_LEVEL_BINS - 1 && bin_level (b + 1) <= to)
        b++;
      lo[v] = a, hi[v] = b;
    }
  /* Whole counts (the usual case) add up exactly in any order: then from running totals. */
  bool whole = true;
  for (int v = 0; v < SH_LEVEL_BINS && whole; v++)
    whole = pair_count[v] >= 0 && pair_count[v] <= 4294967295.0 && pair_count[v] == (double) (uint32_t) pair_count[v];
  if (whole)
    {
      int64_t below[SH_LEVEL_BINS + 1]; /* pairs in the bins below each */
      below[0] = 0;
      for (int v = 0; v < SH_LEVEL_BINS; v++)
        below[v + 1] = below[v] + (int64_t) pair_count[v];
      for (int v = 0; v < SH_LEVEL_BINS; v++)
        window[v] = (double) (below[hi[v] + 1] - below[lo[v]]);
    }
  for (int v = 0; v < SH_LEVEL_BINS; v++)
    {
      for (int u = lo[v]; !whole && u <= hi[v]; u++)
        window[v] += pair_count[u];
      if (pair_count[v] > 0 && (best < 0 || window[v] >= window[best]))
        best = v;
    }
  /* The lit mid-tone: the brightest plateau that is a real part of the body, not the darker side that
   * happens to be larger. */
  chosen = best;
  double dip = window[best];
  for (int v = best + 1; v < SH_LEVEL_BINS; v++)
    {
      dip = fmin (dip, window[v]);
      bool peak = pair_count[v] > 0 && window[v] >= window[v - 1]
                  && (v == SH_LEVEL_BINS - 1 || window[v] >= window[v + 1]);
      if (peak && window[v] >= LIT_PLATEAU_SHARE * window[best] && dip <= LIT_PLATEAU_DIP * window[v])
        chosen = v;
    }
  for (int u = lo[chosen]; u <= hi[chosen]; u++)
    {
      for (int c = 0; c < 3; c++)
        acc[c] += pair_sum[u][c];
      weight += pair_count[u];
    }
  free (window);
  free (lo);
  free (hi);
  if (weight <= 0)
    return 0;
  for (int c = 0; c < 3; c++)
    linear[c] = acc[c] / weight;
  return 1;
}

/* A sheen adds the light's own colour to the body's: on a broad satin or shimmer sheen the lit stretch of
 * the side is whiter than the body is anywhere else, and brighter for it. The white beyond the body's own
 * (its samples' upper quartile, so noise alone never triggers it) is taken off. Where a channel nears its
 * top code the pixel has left the body/white plane and the split no longer holds: left as measured. */
void
sh_extract_remove_sheen (const ShExtractModel *model, double linear[3])
{
  double alpha, beta, gamma, sum = linear[0] + linear[1] + linear[2];

  if (!model->has_body_white || model->neutral_body || sum <= 0
      || fmax (linear[0], fmax (linear[1], linear[2])) > SHEEN_MAX_CHANNEL)
    return;
  sh_extract_decompose (model, linear, &alpha, &beta, &gamma);
  double excess = beta - model->body_white * sum;
  if (excess <= 0 || alpha <= 0)
    return;
  for (int c = 0; c < 3; c++)
    linear[c] -= excess * model->white[c];
}

/* ---- methods ---- */

static void
extract_mean (const ShImage *image, ShBox box, double linear[3])
{
#ifdef SH_HAVE_X86_KERNELS
  if (simd_level () == SH_SIMD_AVX512)
    {
      sh_extract_mean_avx512 (image, box, linear);
      return;
    }
#endif
  sh_extract_mean_portable (image, box, linear);
}

/* Whether every pixel of the box is opaque (the usual case: the fast mean applies). */
static bool
box_is_opaque (const ShImage *image, ShBox box)
{
  /* Images built in memory may carry alpha without saying so in has_alpha: look at every pixel. */
  for (int y = box.y; y < box.y + box.h; y++)
    {
      const uint8_t *p = pixel_at (image, box.x, y);
      uint8_t all = 255;
      for (int x = 0; x < box.w; x++)
        all &= p[4 * x + 3];
      if (all != 255)
        return false;
    }
  return true;
}

/* The plain mean of a box with transparency: fully transparent pixels are background whatever RGB they
 * hide, partly transparent ones an edge mixed with what is behind; only opaque pixels count. A box with
 * no opaque pixel falls back to the alpha-weighted mean. */
static void
extract_mean_opaque (const ShImage *image, ShBox box, double linear[3], uint8_t *mask,
                     int64_t counts[SH_N_PIXEL_CLASSES + 1])
{
  double sum[3] = { 0 }, weighted[3] = { 0 }, weight = 0;
  int64_t n = 0;

  for (int y = 0; y < box.h; y++)
    {
      const uint8_t *row = pixel_at (image, box.x, box.y + y);
      for (int x = 0; x < box.w; x++)
        {
          const uint8_t *p = row + 4 * x;
          int cls = p[3] == 255 ? SH_PIXEL_USED : p[3] == 0 ? SH_PIXEL_BACKGROUND : SH_PIXEL_EDGE;
          for (int c = 0; c < 3; c++)
            {
              double v = image->model.to_linear[c][p[c]];
              sum[c] += cls == SH_PIXEL_USED ? v : 0;
              weighted[c] += v * p[3] / 255.0;
            }
          weight += p[3] / 255.0;
          n += cls == SH_PIXEL_USED;
          counts[cls]++;
          if (mask != NULL)
            mask[(size_t) y * box.w + x] = (uint8_t) cls;
        }
    }
  for (int c = 0; c < 3; c++)
    linear[c] = n > 0 ? sum[c] / n : weight > 0 ? weighted[c] / weight : 0;
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

static void
settle_row (const ShExtractModel *model, const float (*lut)[256], const uint8_t *row, const float *sums, int w,
            uint8_t *mrow, const ShSurfaceRow *surface, int64_t counts[SH_N_PIXEL_CLASSES + 1],
            ShPairHistogram *pairs)
{
#ifdef SH_HAVE_X86_KERNELS
  if (simd_level () != SH_SIMD_PORTABLE)
    {
      sh_settle_row_avx2 (model, lut, row, sums, w, mrow, surface, counts, pairs);
      return;
    }
#endif
  sh_settle_row_portable (model, lut, row, sums, 0, w, mrow, surface, counts, pairs);
}

/* The surface rule's row y: the cut face from the grid (a row of cells at a time); the shadow flag and the
 * shading range per column of an upright bullet, or one value for the whole row of a lying one. */
static void
surface_row (const ShExtractModel *model, int y, int w, uint8_t *cut, uint8_t *shadow, float *lo, float *hi,
             ShSurfaceRow *out)
{
  if (y % model->grid_step == 0)
    for (int gx = 0, x = 0; x < w; gx++, x += model->grid_step)
      memset (cut + x, model->cut[(y / model->grid_step) * model->grid_w + gx],
              (size_t) (w - x < model->grid_step ? w - x : model->grid_step));
  out->cut = cut;
  if (!model->lying)
    {
      out->shadow = model->column_shadow, out->lo = model->column_lo, out->hi = model->column_hi;
      return;
    }
  memset (shadow, model->column_shadow[y], (size_t) w);
  for (int x = 0; x < w; x++)
    lo[x] = model->column_lo[y], hi[x] = model->column_hi[y];
  out->shadow = shadow, out->lo = lo, out->hi = hi;
}

static int
extract_robust (const ShImage *image, ShBox box, const ShExtractModel *model, uint8_t *mask,
                int64_t counts[SH_N_PIXEL_CLASSES + 1], double linear[3])
{
  const float (*lut)[256] = (const float (*)[256]) image->model.to_linear;
  const bool surfaces = model->cut != NULL && model->column_shadow != NULL && model->column_lo != NULL
                        && model->column_hi != NULL;
  /* Cache-line aligned: a bin's four sums are one 32-byte load and store, which must not straddle lines. */
  ShPairHistogram *pairs = aligned_alloc (64, (sizeof *pairs + 63) / 64 * 64);
  /* The surface rule's row: its cut face flags, and for a lying bullet its shadow flags (after them) and
   * its range (after the row's sums). */
  uint8_t *cut_row = surfaces ? malloc ((size_t) box.w * 2) : NULL;
  float *sums = malloc ((size_t) box.w * 3 * sizeof *sums);
  SeedStack clipped = { 0 };

  if (pairs == NULL || sums == NULL || (surfaces && cut_row == NULL))
    {
      free (pairs);
      free (cut_row);
      free (sums);
      return -1;
    }
  memset (pairs, 0, sizeof *pairs);
  for (int y = 0; y < box.h; y++)
    {
      const uint8_t *row = pixel_at (image, box.x, box.y + y);
      uint8_t *mrow = mask + (size_t) y * box.w;
      ShSurfaceRow surface;

      classify_row (model, lut, row, box.w, mrow, sums);
      if (cut_row != NULL)
        surface_row (model, y, box.w, cut_row, cut_row + box.w, sums + box.w, sums + 2 * box.w, &surface);
      settle_row (model, lut, row, sums, box.w, mrow, cut_row != NULL ? &surface : NULL, counts,
                  sh_extract_pair_row (box, y) ? pairs : NULL);
      list_clipped (&clipped, mrow, row, box.w, y);
    }

  free (cut_row);
  free (sums);
  /* Neither fill changes a clipped pixel the other is to see: the list stays true. */
  sh_extract_resolve_background (mask, box.w, box.h, counts);
  resolve_white_backdrop_listed (box, mask, counts, &clipped);
  free (clipped.items);

  for (int v = 0; v < SH_LEVEL_BINS; v++)
    {
      pairs->band_count[v] = pairs->count[v];
      for (int c = 0; c < 3; c++)
        pairs->band_sum[v][c] = pairs->sum[v][c] + pairs->sum_odd[v][c];
    }
  if (!sh_extract_lit_band (pairs->band_count, (const double (*)[3]) pairs->band_sum, linear)
      && used_mean (image, box, mask, linear) == 0)
    extract_mean (image, box, linear);
  sh_extract_remove_sheen (model, linear);
  free (pairs);
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
    counts[SH_PIXEL_IS_LIKE (mask[i]) ? SH_N_PIXEL_CLASSES : mask[i]]++;
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
      classify_row (model, lut, row, box.w, mrow, NULL);
      for (int x = 0; x < box.w; x++)
        if (mrow[x] != SH_PIXEL_CLIPPED && mrow[x] != SH_PIXEL_EDGE && !SH_PIXEL_IS_LIKE (mrow[x]))
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
          if (mrow[x] == SH_PIXEL_CLIPPED || mrow[x] == SH_PIXEL_EDGE || SH_PIXEL_IS_LIKE (mrow[x]))
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
  sh_extract_resolve_white_backdrop (image, box, mask, counts);
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
  ShExtractModel model = { 0 };
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
      if (box_is_opaque (image, box))
        {
          extract_mean (image, box, linear);
          counts[SH_PIXEL_USED] = out->total;
          if (mask != NULL)
            memset (mask, SH_PIXEL_USED, (size_t) box.w * box.h);
        }
      else
        extract_mean_opaque (image, box, linear, mask, counts);
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
  if (rc == 0 && method != SH_METHOD_MEAN)
    sh_extract_check_backdrop (image, &model, out);

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
  sh_extract_model_clear (&model);
  free (own_mask);
  return rc;
}

bool
sh_extract (const ShImage *image, ShBox box, ShMethod method, ShSwatch *out, uint8_t *mask)
{
  return extract (image, box, method, false, out, mask) == 0;
}

bool
sh_extract_with_finish (const ShImage *image, ShBox box, ShMethod method, ShSwatch *out, uint8_t *mask)
{
  return extract (image, box, method, true, out, mask) == 0;
}
