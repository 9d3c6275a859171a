/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lip-mask.h: the lips a person outlines on a photo, as anti-aliased pixel coverage.
 *
 * The lips are a polygon (the outer contour) minus an optional second polygon (the mouth opening, teeth and
 * tongue), in upright pixel coordinates where pixel (x, y) covers [x, x+1) x [y, y+1). Each pixel's coverage
 * is the exact area of it inside the lips (not a sampled estimate), so edges are anti-aliased and a pixel the
 * outline does not reach has coverage 0.
 */
#pragma once

#include <stdbool.h>

typedef struct {
  double x, y;
} ShPoint;

typedef struct {
  int x, y, width, height;   /* the raster's rectangle, image pixels: the outer contour's bounding pixels */
  double lip_width;          /* the outer contour's extent, pixels */
  double lip_height;
  float *coverage;           /* width * height, row-major: lips minus the opening, 0-1 */
} ShLipMask;

/* Adds to coverage (width * height floats, row-major, for the pixels of the rectangle at x0, y0) the area of
 * each pixel inside the closed polygon, with the sign of the polygon's winding; the caller takes the
 * absolute value (a simple polygon then gives exact coverage 0-1). Edges outside the rectangle's rows are
 * clipped; points must lie within its columns (x0 <= x <= x0 + width). Returns false when they do not. */
bool sh_polygon_accumulate (const ShPoint *points, int n_points, int x0, int y0, int width, int height,
                            float *coverage);

/* The area a closed polygon encloses (shoelace formula, always >= 0): 0 for fewer than three points. */
double sh_polygon_area (const ShPoint *points, int n_points);

/* The lips' coverage: lips (at least 3 points) minus opening (NULL, or at least 3 points). NULL for fewer
 * points, non-finite or absurd coordinates (beyond +-1e6), a contour without area, or no memory. The
 * rectangle may reach outside the image; callers clip. */
ShLipMask *sh_lip_mask_new (const ShPoint *lips, int n_lips, const ShPoint *opening, int n_opening);
void sh_lip_mask_free (ShLipMask *mask);
/* Coverage at image pixel (x, y), 0 outside the rectangle. */
float sh_lip_mask_get (const ShLipMask *mask, int x, int y);
