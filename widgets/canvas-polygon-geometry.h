/* SPDX-License-Identifier: GPL-3.0-or-later */
/* canvas-polygon-geometry.h: the lip polygon tool's maths in plain C (no GTK, no GLib), so it can be tested
 * without a display. Points are upright image pixels (color/lip-mask.h's ShPoint); distances the pointer is
 * allowed to miss by are given in image pixels too (the tool divides its widget-pixel reach by the zoom).
 *
 * A polygon being drawn is open (its last point does not join its first); a closed one has at least three
 * points and an edge from its last point back to the first.
 */
#pragma once

#include <stdbool.h>

#include "color/lip-mask.h"

/* The point nearest (x, y) within reach, -1 when none is. */
int sh_polygon_hit_vertex (const ShPoint *points, int n_points, double x, double y, double reach);

/* The edge nearest (x, y) within reach: its index i joins point i to point i + 1 (the last, of a closed
 * polygon, joins back to 0); -1 when none is. *along, when given, is where on the edge the nearest point
 * lies (0 at point i, 1 at the next). */
int sh_polygon_hit_edge (const ShPoint *points, int n_points, bool closed, double x, double y, double reach,
                         double *along);

/* Inserts p before index (0..n_points) in points, which has room for n_points + 1. Returns the new count. */
int sh_polygon_insert (ShPoint *points, int n_points, int index, ShPoint p);
/* Removes point index. Returns the new count (n_points when index is out of range). */
int sh_polygon_remove (ShPoint *points, int n_points, int index);

/* p kept inside the photo: 0 <= x <= width, 0 <= y <= height (what the store accepts). */
ShPoint sh_polygon_clamp_point (ShPoint p, double width, double height);

/* Whether a closed polygon is simple: no two edges that do not share a point cross, and it encloses an area
 * (sh_polygon_area, color/lip-mask.h).
 * A lip contour that crosses itself is refused rather than stored. */
bool sh_polygon_is_simple (const ShPoint *points, int n_points);
