/* SPDX-License-Identifier: GPL-3.0-or-later */
/* canvas-geometry.h: the image canvas's maths in plain C (no GTK, no GLib), so it can be tested without a
 * display. Two coordinate systems: image pixels (upright, double; pixel (i, j) covers [i, i+1) x [j, j+1))
 * and widget pixels. The view maps one to the other:
 *
 *   widget = image * zoom + offset
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#define SH_CANVAS_ZOOM_MIN (1.0 / 64.0)
#define SH_CANVAS_ZOOM_MAX 64.0

typedef struct {
  double zoom;
  double offset_x, offset_y;
} ShCanvasView;

/* A box in image pixels; w and h are never negative once normalised. */
typedef struct {
  double x, y, w, h;
} ShCanvasRect;

/* The 8 resize handles, and the inside of a box, as hit-testing reports them. */
typedef enum {
  SH_CANVAS_HIT_NONE,
  SH_CANVAS_HIT_INSIDE,
  SH_CANVAS_HANDLE_NW,
  SH_CANVAS_HANDLE_N,
  SH_CANVAS_HANDLE_NE,
  SH_CANVAS_HANDLE_E,
  SH_CANVAS_HANDLE_SE,
  SH_CANVAS_HANDLE_S,
  SH_CANVAS_HANDLE_SW,
  SH_CANVAS_HANDLE_W,
} ShCanvasHit;

/* ---- the view ---- */

double sh_canvas_clamp_zoom (double zoom);
void sh_canvas_view_image_to_widget (const ShCanvasView *view, double image_x, double image_y,
                                     double *widget_x, double *widget_y);
void sh_canvas_view_widget_to_image (const ShCanvasView *view, double widget_x, double widget_y,
                                     double *image_x, double *image_y);

/* The whole image centred in the widget with margin widget pixels on its tighter sides. Small images are
 * enlarged (up to SH_CANVAS_ZOOM_MAX) so they fill the window too. */
void sh_canvas_view_fit (ShCanvasView *view, double image_width, double image_height,
                         double widget_width, double widget_height, double margin);

/* Sets the zoom (clamped to the limits) so that the image point under (widget_x, widget_y) stays there. */
void sh_canvas_view_zoom_to (ShCanvasView *view, double zoom, double widget_x, double widget_y);
/* The same with the zoom multiplied by factor. */
void sh_canvas_view_zoom_by (ShCanvasView *view, double factor, double widget_x, double widget_y);

/* The next zoom step in or out (direction > 0 or < 0) on the ladder of powers of sqrt(2), which holds 1:1,
 * 2:1, 4:1, 8:1... exactly; from a zoom between two steps it goes to the nearer one in that direction. */
double sh_canvas_zoom_step (double zoom, int direction);

/* Keeps at least keep widget pixels of the image visible along each axis (all of it when it is smaller
 * than that), so the image can never be panned out of sight. */
void sh_canvas_view_clamp_pan (ShCanvasView *view, double image_width, double image_height,
                               double widget_width, double widget_height, double keep);

/* ---- boxes, in image pixels ---- */

/* The box spanned by a drag from (x0, y0) to (x1, y1) in any direction. */
ShCanvasRect sh_canvas_rect_from_points (double x0, double y0, double x1, double y1);

/* Intersects rect with the image. Returns false (and a zero-sized rect) when nothing of it is inside. */
bool sh_canvas_rect_clamp (ShCanvasRect *rect, double image_width, double image_height);

/* Moves rect by (dx, dy) but no further than the image edges; its size does not change (a rect larger than
 * the image is pinned to the top-left corner). Used for dragging and keyboard nudges. */
ShCanvasRect sh_canvas_rect_move (ShCanvasRect rect, double dx, double dy,
                                  double image_width, double image_height);

/* A w x h rect centred on (cx, cy), moved inside the image (and shrunk to it if larger). */
ShCanvasRect sh_canvas_rect_centered (double cx, double cy, double w, double h,
                                      double image_width, double image_height);

/* rect with the edges that handle moves displaced by (dx, dy): a corner moves two edges, a side handle one
 * (the other component is ignored). An edge stops min_size short of the opposite edge (the box is never
 * inverted) and at the image border. start is the geometry when the drag began; (dx, dy) the total drag. */
ShCanvasRect sh_canvas_rect_resize (ShCanvasRect start, ShCanvasHit handle, double dx, double dy,
                                    double min_size, double image_width, double image_height);

/* Keyboard resize: moves the right edge by dw and the bottom edge by dh, keeping min_size and the image. */
ShCanvasRect sh_canvas_rect_grow (ShCanvasRect rect, double dw, double dh, double min_size,
                                  double image_width, double image_height);

/* What is under the widget point (widget_x, widget_y): the handles of the selected rect (selected < 0:
 * none) within handle_radius widget pixels, then the inside of the rects from the topmost down. The
 * selected rect is drawn on top of the others, so it is tested first; the others are topmost last in the
 * array. Returns the hit and sets *index to the rect's index (-1 for SH_CANVAS_HIT_NONE). */
ShCanvasHit sh_canvas_hit_test (const ShCanvasView *view, const ShCanvasRect *rects, size_t n_rects,
                                ptrdiff_t selected, double widget_x, double widget_y,
                                double handle_radius, ptrdiff_t *index);

/* The position of a handle on rect, in image pixels (for drawing the handles). */
void sh_canvas_handle_position (ShCanvasRect rect, ShCanvasHit handle, double *x, double *y);
