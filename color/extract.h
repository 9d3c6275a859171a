/* SPDX-License-Identifier: GPL-3.0-or-later */
/* extract.h: estimate a product's body colour from a box in a photo.
 *
 * Methods:
 * - SH_METHOD_MEAN: the plain average of every pixel in the box, in linear light. The baseline.
 * - SH_METHOD_ROBUST: rejects transparent, clipped and near-black pixels, the backdrop (learnt from the box
 *   border, whatever its colour or texture, and connected to it), specular highlights (mixtures toward the
 *   illuminant) and other materials; splits the bullet into side body, cut or top face, shadow side and
 *   engraving; reports the lit mid-tone of the side body (not the mean of a shaded cylinder).
 * - SH_METHOD_DOMINANT: the largest colour cluster (histogram mode in Lab) of the non-rejected pixels.
 */
#pragma once

#include <stdint.h>

#include "box.h"
#include "finish.h"
#include "image.h"

#define SH_EXTRACT_ALGORITHM_VERSION 4

typedef enum {
  SH_METHOD_ROBUST,
  SH_METHOD_MEAN,
  SH_METHOD_DOMINANT,
} ShMethod;

/* One byte per box pixel in the optional class mask. Values are stable: new classes are appended. */
typedef enum {
  SH_PIXEL_USED = 0,          /* lit side body: where the colour is measured */
  SH_PIXEL_BACKGROUND = 1,    /* the backdrop and fully transparent pixels */
  SH_PIXEL_SPECULAR = 2,
  SH_PIXEL_CLIPPED = 3,       /* clipped highlights and near-black shadows */
  SH_PIXEL_OTHER = 4,         /* another material: packaging, a finger, a label */
  SH_PIXEL_CUT_FACE = 5,      /* the bullet's cut or top face, lit differently from its side */
  SH_PIXEL_SHADOW = 6,        /* the shadowed side of the body */
  SH_PIXEL_ENGRAVING = 7,     /* engraved logo, sparkles and texture standing out of the side's shading */
  SH_PIXEL_EDGE = 8,          /* partly transparent pixels: a cut-out's edge, mixed with what is behind */
  SH_N_PIXEL_CLASSES
} ShPixelClass;

/* Why a swatch's confidence is low (SH_REASON_NONE when nothing is wrong). */
typedef enum {
  SH_REASON_NONE,
  SH_REASON_FEW_PIXELS,       /* too little of the body is visible */
  SH_REASON_LIKE_BACKGROUND,  /* the product cannot be told apart from the backdrop */
  SH_REASON_UNEVEN,           /* the body's colour varies widely (mixed materials, strong colour cast) */
  SH_N_REASONS
} ShExtractReason;

typedef struct {
  ShFinishClass finish;
  double specular_fraction;   /* specular pixels / (used + specular) */
  double highlight_contrast;  /* mean highlight brightness / lit body brightness */
  double highlight_spread;    /* horizontal extent of the highlights, fraction of the box width */
  double highlight_peak;      /* 95th percentile of highlight strength, relative to the white sweep */
  double highlight_width;     /* width of the shine above half its contrast, fraction of the object's width */
  double highlight_edge;      /* width of the shine's edge (20% to 70% of its contrast), same units */
  double gloss_score;         /* support for gloss, 0-1 (class_confidence[SH_FINISH_GLOSS]) */
  double class_confidence[3]; /* matte, satin, gloss (ShFinishClass order): support for each, summing to 1 */
} ShFinishEstimate;

typedef struct {
  int present;
  double confidence;          /* 0-1: how sure the shimmer / glitter call is */
  double density;             /* sparkles per 1000 body pixels */
  double mean_size;           /* mean sparkle area in pixels */
  int count;
  double linear_rgb[3];       /* mean sparkle colour, linear sRGB */
  char hex[8];
} ShGlitterEstimate;

typedef struct {
  ShMethod method;
  ShBox box;                  /* after clipping to the image */
  double linear_rgb[3];       /* linear sRGB (D65), unclipped */
  double xyz[3];              /* XYZ D50 */
  double lab[3];              /* Lab D50 */
  char hex[8];                /* "#rrggbb", clipped to sRGB */
  int in_gamut;               /* whether the colour fits in sRGB */
  int64_t counts[SH_N_PIXEL_CLASSES];
  int64_t total;
  double spread;              /* median CIEDE2000 of used pixels from the result */
  double confidence;          /* 0-1: 1 = tight, many pixels used */
  ShExtractReason reason;     /* why the confidence is low */
  ShFinishEstimate finish;
  ShGlitterEstimate glitter;
} ShSwatch;

/* Extracts the colour from image within box (clipped to the image first); finish and glitter are left
 * empty. mask, when not NULL, receives box.w * box.h bytes of ShPixelClass (row-major, after clipping).
 * false when the box lies wholly outside the image or is empty. Thread-safe. */
bool sh_extract (const ShImage *image, ShBox box, ShMethod method, ShSwatch *out, uint8_t *mask);

/* The same, plus the finish and glitter estimates. These describe the product, so they always come from
 * the robust classification of the box (for another method, mask holds the robust classes). */
bool sh_extract_with_finish (const ShImage *image, ShBox box, ShMethod method, ShSwatch *out, uint8_t *mask);

const char *sh_method_name (ShMethod method);          /* "robust", "mean", "dominant" */
bool sh_method_from_name (const char *name, ShMethod *method);   /* false: unknown */
const char *sh_pixel_class_name (ShPixelClass pixel_class);
const char *sh_extract_reason_name (ShExtractReason reason);  /* "none", "few-pixels", ... */
