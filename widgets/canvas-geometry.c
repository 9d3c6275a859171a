/* SPDX-License-Identifier: GPL-3.0-or-later */
/* canvas-geometry.c: view transform and box maths of the image canvas. */
#include "canvas-geometry.h"

#include <math.h>

double
sh_canvas_clamp_zoom (double zoom)
{
  if (!(zoom >= SH_CANVAS_ZOOM_MIN))  /* also catches NaN */
    return SH_CANVAS_ZOOM_MIN;
  if (zoom > SH_CANVAS_ZOOM_MAX)
    return SH_CANVAS_ZOOM_MAX;
  return zoom;
}

void
sh_canvas_view_image_to_widget (const ShCanvasView *view, double image_x, double image_y,
                                double *widget_x, double *widget_y)
{
  *widget_x = image_x * view->zoom + view->offset_x;
  *widget_y = image_y * view->zoom + view->offset_y;
}

void
sh_canvas_view_widget_to_image (const ShCanvasView *view, double widget_x, double widget_y,
                                double *image_x, double *image_y)
{
  *image_x = (widget_x - view->offset_x) / view->zoom;
  *image_y = (widget_y - view->offset_y) / view->zoom;
}

void
sh_canvas_view_fit (ShCanvasView *view, double image_width, double image_height,
                    double widget_width, double widget_height, double margin)
{
  if (image_width <= 0 || image_height <= 0 || widget_width <= 0 || widget_height <= 0)
    {
      view->zoom = 1.0;
      view->offset_x = view->offset_y = 0.0;
      return;
    }

  /* A window too small for the margin still shows the image, just without it. */
  if (widget_width <= 2 * margin + 1 || widget_height <= 2 * margin + 1)
    margin = 0;

  double zoom = fmin ((widget_width - 2 * margin) / image_width,
                      (widget_height - 2 * margin) / image_height);
  view->zoom = sh_canvas_clamp_zoom (zoom);
  view->offset_x = (widget_width - image_width * view->zoom) / 2;
  view->offset_y = (widget_height - image_height * view->zoom) / 2;
}

void
sh_canvas_view_zoom_to (ShCanvasView *view, double zoom, double widget_x, double widget_y)
{
  double image_x, image_y;

  sh_canvas_view_widget_to_image (view, widget_x, widget_y, &image_x, &image_y);
  view->zoom = sh_canvas_clamp_zoom (zoom);
  /* Solve widget = image * zoom + offset for the offset, with the same image point. */
  view->offset_x = widget_x - image_x * view->zoom;
  view->offset_y = widget_y - image_y * view->zoom;
}

void
sh_canvas_view_zoom_by (ShCanvasView *view, double factor, double widget_x, double widget_y)
{
  sh_canvas_view_zoom_to (view, view->zoom * factor, widget_x, widget_y);
}

static double
zoom_ladder (int step)
{
  int half = (int) floor (step / 2.0);
  return ldexp ((step - 2 * half) ? M_SQRT2 : 1.0, half);
}

double
sh_canvas_zoom_step (double zoom, int direction)
{
  zoom = sh_canvas_clamp_zoom (zoom);
  double position = 2 * log2 (zoom);
  int step;

  if (direction > 0)
    {
      step = (int) floor (position);
      while (zoom_ladder (step) <= zoom * (1 + 1e-9))
        step++;
    }
  else
    {
      step = (int) ceil (position);
      while (zoom_ladder (step) >= zoom * (1 - 1e-9))
        step--;
    }
  return sh_canvas_clamp_zoom (zoom_ladder (step));
}

static double
clamp_offset (double offset, double shown, double widget, double keep)
{
  keep = fmin (fmin (keep, shown), widget);
  double lowest = keep - shown;      /* the image's far edge keep pixels into the widget */
  double highest = widget - keep;    /* its near edge keep pixels before the widget's far edge */
  return fmin (fmax (offset, lowest), highest);
}

void
sh_canvas_view_clamp_pan (ShCanvasView *view, double image_width, double image_height,
                          double widget_width, double widget_height, double keep)
{
  view->offset_x = clamp_offset (view->offset_x, image_width * view->zoom, widget_width, keep);
  view->offset_y = clamp_offset (view->offset_y, image_height * view->zoom, widget_height, keep);
}

ShCanvasRect
sh_canvas_rect_from_points (double x0, double y0, double x1, double y1)
{
  ShCanvasRect rect = { fmin (x0, x1), fmin (y0, y1), fabs (x1 - x0), fabs (y1 - y0) };
  return rect;
}

bool
sh_canvas_rect_clamp (ShCanvasRect *rect, double image_width, double image_height)
{
  double left = fmax (rect->x, 0), top = fmax (rect->y, 0);
  double right = fmin (rect->x + rect->w, image_width);
  double bottom = fmin (rect->y + rect->h, image_height);

  if (right <= left || bottom <= top)
    {
      *rect = (ShCanvasRect) { fmin (fmax (rect->x, 0), image_width), fmin (fmax (rect->y, 0), image_height),
                               0, 0 };
      return false;
    }
  *rect = (ShCanvasRect) { left, top, right - left, bottom - top };
  return true;
}

/* The position of a segment of length size starting at start + delta, kept within [0, limit]. */
static double
slide_within (double start, double delta, double size, double limit)
{
  double position = start + delta;
  if (position + size > limit)
    position = limit - size;
  if (position < 0)
    position = 0;
  return position;
}

ShCanvasRect
sh_canvas_rect_move (ShCanvasRect rect, double dx, double dy, double image_width, double image_height)
{
  rect.x = slide_within (rect.x, dx, rect.w, image_width);
  rect.y = slide_within (rect.y, dy, rect.h, image_height);
  return rect;
}

ShCanvasRect
sh_canvas_rect_centered (double cx, double cy, double w, double h, double image_width, double image_height)
{
  ShCanvasRect rect = { 0, 0, fmin (w, image_width), fmin (h, image_height) };
  return sh_canvas_rect_move (rect, cx - rect.w / 2, cy - rect.h / 2, image_width, image_height);
}

static bool
handle_moves_left (ShCanvasHit handle)
{
  return handle == SH_CANVAS_HANDLE_NW || handle == SH_CANVAS_HANDLE_W || handle == SH_CANVAS_HANDLE_SW;
}

static bool
handle_moves_right (ShCanvasHit handle)
{
  return handle == SH_CANVAS_HANDLE_NE || handle == SH_CANVAS_HANDLE_E || handle == SH_CANVAS_HANDLE_SE;
}

static bool
handle_moves_top (ShCanvasHit handle)
{
  return handle == SH_CANVAS_HANDLE_NW || handle == SH_CANVAS_HANDLE_N || handle == SH_CANVAS_HANDLE_NE;
}

static bool
handle_moves_bottom (ShCanvasHit handle)
{
  return handle == SH_CANVAS_HANDLE_SW || handle == SH_CANVAS_HANDLE_S || handle == SH_CANVAS_HANDLE_SE;
}

/* Moves the low edge of a [low, high] span, stopping min_size short of high and at 0. */
static double
move_low_edge (double low, double high, double delta, double min_size)
{
  return fmax (0, fmin (low + delta, high - min_size));
}

static double
move_high_edge (double low, double high, double delta, double min_size, double limit)
{
  return fmin (limit, fmax (high + delta, low + min_size));
}

ShCanvasRect
sh_canvas_rect_resize (ShCanvasRect start, ShCanvasHit handle, double dx, double dy,
                       double min_size, double image_width, double image_height)
{
  double left = start.x, right = start.x + start.w;
  double top = start.y, bottom = start.y + start.h;

  if (handle_moves_left (handle))
    left = move_low_edge (left, right, dx, min_size);
  else if (handle_moves_right (handle))
    right = move_high_edge (left, right, dx, min_size, image_width);
  if (handle_moves_top (handle))
    top = move_low_edge (top, bottom, dy, min_size);
  else if (handle_moves_bottom (handle))
    bottom = move_high_edge (top, bottom, dy, min_size, image_height);

  ShCanvasRect rect = { left, top, right - left, bottom - top };
  return rect;
}

ShCanvasRect
sh_canvas_rect_grow (ShCanvasRect rect, double dw, double dh, double min_size,
                     double image_width, double image_height)
{
  double right = move_high_edge (rect.x, rect.x + rect.w, dw, min_size, image_width);
  double bottom = move_high_edge (rect.y, rect.y + rect.h, dh, min_size, image_height);
  rect.w = right - rect.x;
  rect.h = bottom - rect.y;
  return rect;
}

void
sh_canvas_handle_position (ShCanvasRect rect, ShCanvasHit handle, double *x, double *y)
{
  *x = handle_moves_left (handle) ? rect.x
       : handle_moves_right (handle) ? rect.x + rect.w
       : rect.x + rect.w / 2;
  *y = handle_moves_top (handle) ? rect.y
       : handle_moves_bottom (handle) ? rect.y + rect.h
       : rect.y + rect.h / 2;
}

/* Which handle of rect (already in widget pixels) is within radius of the point: corners first, then the
 * whole length of each side, so a side can be grabbed anywhere along it. */
static ShCanvasHit
hit_handle (double left, double top, double right, double bottom, double x, double y, double radius)
{
  /* On a box small on screen the handles would cover all of it; shrink them so it can still be moved. */
  radius = fmin (radius, fmin (right - left, bottom - top) / 4);

  bool near_left = fabs (x - left) <= radius, near_right = fabs (x - right) <= radius;
  bool near_top = fabs (y - top) <= radius, near_bottom = fabs (y - bottom) <= radius;
  bool within_x = x >= left - radius && x <= right + radius;
  bool within_y = y >= top - radius && y <= bottom + radius;

  if (near_top && near_left)
    return SH_CANVAS_HANDLE_NW;
  if (near_top && near_right)
    return SH_CANVAS_HANDLE_NE;
  if (near_bottom && near_right)
    return SH_CANVAS_HANDLE_SE;
  if (near_bottom && near_left)
    return SH_CANVAS_HANDLE_SW;
  if (near_top && within_x)
    return SH_CANVAS_HANDLE_N;
  if (near_bottom && within_x)
    return SH_CANVAS_HANDLE_S;
  if (near_left && within_y)
    return SH_CANVAS_HANDLE_W;
  if (near_right && within_y)
    return SH_CANVAS_HANDLE_E;
  return SH_CANVAS_HIT_NONE;
}

static void
rect_to_widget (const ShCanvasView *view, ShCanvasRect rect, double *left, double *top,
                double *right, double *bottom)
{
  sh_canvas_view_image_to_widget (view, rect.x, rect.y, left, top);
  sh_canvas_view_image_to_widget (view, rect.x + rect.w, rect.y + rect.h, right, bottom);
}

static bool
inside (const ShCanvasView *view, ShCanvasRect rect, double x, double y)
{
  double left, top, right, bottom;
  rect_to_widget (view, rect, &left, &top, &right, &bottom);
  return x >= left && x < right && y >= top && y < bottom;
}

ShCanvasHit
sh_canvas_hit_test (const ShCanvasView *view, const ShCanvasRect *rects, size_t n_rects,
                    ptrdiff_t selected, double widget_x, double widget_y,
                    double handle_radius, ptrdiff_t *index)
{
  *index = -1;
  if (selected >= 0 && (size_t) selected < n_rects)
    {
      double left, top, right, bottom;
      rect_to_widget (view, rects[selected], &left, &top, &right, &bottom);
      ShCanvasHit hit = hit_handle (left, top, right, bottom, widget_x, widget_y, handle_radius);
      if (hit == SH_CANVAS_HIT_NONE && inside (view, rects[selected], widget_x, widget_y))
        hit = SH_CANVAS_HIT_INSIDE;
      if (hit != SH_CANVAS_HIT_NONE)
        {
          *index = selected;
          return hit;
        }
    }

  for (size_t i = n_rects; i-- > 0;)
    if ((ptrdiff_t) i != selected && inside (view, rects[i], widget_x, widget_y))
      {
        *index = (ptrdiff_t) i;
        return SH_CANVAS_HIT_INSIDE;
      }
  return SH_CANVAS_HIT_NONE;
}
