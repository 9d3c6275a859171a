/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-canvas-geometry.c: the image canvas's view and box maths, without a display. */
#include <glib.h>
#include <math.h>

#include "canvas-geometry.h"

#define assert_near(a, b, eps) g_assert_cmpfloat_with_epsilon ((a), (b), (eps))

static void
assert_rect (ShCanvasRect rect, double x, double y, double w, double h)
{
  assert_near (rect.x, x, 1e-12);
  assert_near (rect.y, y, 1e-12);
  assert_near (rect.w, w, 1e-12);
  assert_near (rect.h, h, 1e-12);
}

static void
test_transform (void)
{
  ShCanvasView view = { 2.0, 10.0, 20.0 };
  double x, y;

  sh_canvas_view_image_to_widget (&view, 3, 4, &x, &y);
  assert_near (x, 16, 1e-12);
  assert_near (y, 28, 1e-12);
  sh_canvas_view_widget_to_image (&view, 16, 28, &x, &y);
  assert_near (x, 3, 1e-12);
  assert_near (y, 4, 1e-12);
  sh_canvas_view_widget_to_image (&view, 0, 0, &x, &y);
  assert_near (x, -5, 1e-12);
  assert_near (y, -10, 1e-12);
}

static void
test_zoom_limits (void)
{
  g_assert_cmpfloat (sh_canvas_clamp_zoom (1000), ==, 64);
  g_assert_cmpfloat (sh_canvas_clamp_zoom (0), ==, 1.0 / 64);
  g_assert_cmpfloat (sh_canvas_clamp_zoom (-3), ==, 1.0 / 64);
  g_assert_cmpfloat (sh_canvas_clamp_zoom (NAN), ==, 1.0 / 64);
  g_assert_cmpfloat (sh_canvas_clamp_zoom (0.37), ==, 0.37);
}

/* Whatever the zoom, the image point under the anchor stays under it. */
static void
test_zoom_anchor (void)
{
  static const struct { double zoom, offset_x, offset_y, new_zoom, anchor_x, anchor_y; } cases[] = {
    { 0.1893333, 21.3333, 16.0, 0.5, 412.7, 233.1 },
    { 1.0, 0.0, 0.0, 8.0, 0.0, 0.0 },
    { 3.7, -1234.5, 87.25, 0.02, 799.0, 599.0 },
    { 8.0, -5000.0, -3000.0, 1000.0, 123.456, 654.321 },  /* clamped to 64 */
    { 1.0 / 64, 300.0, 200.0, 1e-6, 17.0, 590.0 },        /* clamped to 1/64 */
    { 2.0, 13.0, -7.0, 2.0 * M_SQRT2, -40.0, 900.0 },     /* anchor outside the widget */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      ShCanvasView view = { cases[i].zoom, cases[i].offset_x, cases[i].offset_y };
      double before_x, before_y, after_x, after_y;

      sh_canvas_view_widget_to_image (&view, cases[i].anchor_x, cases[i].anchor_y, &before_x, &before_y);
      sh_canvas_view_zoom_to (&view, cases[i].new_zoom, cases[i].anchor_x, cases[i].anchor_y);
      g_assert_cmpfloat (view.zoom, ==, sh_canvas_clamp_zoom (cases[i].new_zoom));
      sh_canvas_view_widget_to_image (&view, cases[i].anchor_x, cases[i].anchor_y, &after_x, &after_y);
      assert_near (after_x, before_x, 1e-9);
      assert_near (after_y, before_y, 1e-9);
    }

  /* zoom_by multiplies, repeatedly, and the anchor never drifts. */
  ShCanvasView view = { 0.25, 100.0, 50.0 };
  double start_x, start_y, x, y;
  sh_canvas_view_widget_to_image (&view, 321.5, 123.25, &start_x, &start_y);
  for (int i = 0; i < 20; i++)
    sh_canvas_view_zoom_by (&view, i % 3 == 2 ? 0.8 : 1.25, 321.5, 123.25);
  assert_near (view.zoom, 0.25 * pow (1.25, 14) * pow (0.8, 6), 1e-9);
  sh_canvas_view_widget_to_image (&view, 321.5, 123.25, &x, &y);
  assert_near (x, start_x, 1e-9);
  assert_near (y, start_y, 1e-9);
}

static void
test_fit (void)
{
  ShCanvasView view;

  /* Landscape: the height is the tighter side. */
  sh_canvas_view_fit (&view, 4000, 3000, 800, 600, 16);
  assert_near (view.zoom, 568.0 / 3000, 1e-12);
  assert_near (view.offset_x, (800 - 4000 * 568.0 / 3000) / 2, 1e-9);
  assert_near (view.offset_y, 16, 1e-9);

  /* Wider than the window: the width is. */
  sh_canvas_view_fit (&view, 4000, 1000, 800, 600, 16);
  assert_near (view.zoom, 768.0 / 4000, 1e-12);
  assert_near (view.offset_x, 16, 1e-9);
  assert_near (view.offset_y, (600 - 1000 * 0.192) / 2, 1e-9);

  /* Portrait. */
  sh_canvas_view_fit (&view, 1200, 1600, 800, 600, 16);
  assert_near (view.zoom, 0.355, 1e-12);
  assert_near (view.offset_x, 187, 1e-9);
  assert_near (view.offset_y, 16, 1e-9);

  /* Tiny: enlarged, but not past 64:1. */
  sh_canvas_view_fit (&view, 4, 3, 800, 600, 16);
  g_assert_cmpfloat (view.zoom, ==, 64);
  assert_near (view.offset_x, 272, 1e-9);
  assert_near (view.offset_y, 204, 1e-9);
  sh_canvas_view_fit (&view, 40, 30, 800, 600, 16);
  assert_near (view.zoom, 568.0 / 30, 1e-12);

  /* Huge: the zoom stops at 1/64 and the image, still centred, overflows. */
  sh_canvas_view_fit (&view, 100000, 100000, 800, 600, 16);
  g_assert_cmpfloat (view.zoom, ==, 1.0 / 64);
  assert_near (view.offset_x, (800 - 1562.5) / 2, 1e-9);
  assert_near (view.offset_y, (600 - 1562.5) / 2, 1e-9);

  /* A window smaller than the margins: no margin. */
  sh_canvas_view_fit (&view, 100, 100, 20, 30, 16);
  assert_near (view.zoom, 0.2, 1e-12);
  assert_near (view.offset_x, 10 - 10, 1e-9);
  assert_near (view.offset_y, 5, 1e-9);
}

static void
test_zoom_step (void)
{
  double zoom = 1.0;

  assert_near (sh_canvas_zoom_step (1.0, 1), M_SQRT2, 1e-12);
  assert_near (sh_canvas_zoom_step (1.0, -1), M_SQRT1_2, 1e-12);
  for (int i = 0; i < 6; i++)
    zoom = sh_canvas_zoom_step (zoom, 1);
  g_assert_cmpfloat (zoom, ==, 8.0);  /* exactly, so pixels are exact 8 x 8 squares */
  for (int i = 0; i < 6; i++)
    zoom = sh_canvas_zoom_step (zoom, -1);
  g_assert_cmpfloat (zoom, ==, 1.0);

  /* From between two steps, to the nearer one in that direction. */
  assert_near (sh_canvas_zoom_step (0.3, 1), pow (2, -1.5), 1e-12);
  assert_near (sh_canvas_zoom_step (0.3, -1), 0.25, 1e-12);
  assert_near (sh_canvas_zoom_step (1.2, 1), M_SQRT2, 1e-12);
  assert_near (sh_canvas_zoom_step (1.2, -1), 1.0, 1e-12);

  /* Limits. */
  g_assert_cmpfloat (sh_canvas_zoom_step (64, 1), ==, 64);
  g_assert_cmpfloat (sh_canvas_zoom_step (1.0 / 64, -1), ==, 1.0 / 64);
  g_assert_cmpfloat (sh_canvas_zoom_step (50, 1), ==, 64);
}

static void
test_clamp_pan (void)
{
  ShCanvasView view = { 1.0, 5000, -5000 };

  /* A 1000 x 1000 image in an 800 x 600 widget: 64 pixels of it stay in view. */
  sh_canvas_view_clamp_pan (&view, 1000, 1000, 800, 600, 64);
  g_assert_cmpfloat (view.offset_x, ==, 800 - 64);
  g_assert_cmpfloat (view.offset_y, ==, 64 - 1000);
  view.offset_x = -5000;
  view.offset_y = 5000;
  sh_canvas_view_clamp_pan (&view, 1000, 1000, 800, 600, 64);
  g_assert_cmpfloat (view.offset_x, ==, 64 - 1000);
  g_assert_cmpfloat (view.offset_y, ==, 600 - 64);

  /* Within the limits nothing changes. */
  view.offset_x = -100;
  view.offset_y = 30;
  sh_canvas_view_clamp_pan (&view, 1000, 1000, 800, 600, 64);
  g_assert_cmpfloat (view.offset_x, ==, -100);
  g_assert_cmpfloat (view.offset_y, ==, 30);

  /* An image shown smaller than keep stays wholly inside. */
  view = (ShCanvasView) { 2.0, -50, 900 };
  sh_canvas_view_clamp_pan (&view, 10, 10, 800, 600, 64);
  g_assert_cmpfloat (view.offset_x, ==, 0);
  g_assert_cmpfloat (view.offset_y, ==, 580);
}

static void
test_drag_normalise (void)
{
  assert_rect (sh_canvas_rect_from_points (10, 20, 30, 50), 10, 20, 20, 30);  /* down-right */
  assert_rect (sh_canvas_rect_from_points (30, 50, 10, 20), 10, 20, 20, 30);  /* up-left */
  assert_rect (sh_canvas_rect_from_points (30, 20, 10, 50), 10, 20, 20, 30);  /* down-left */
  assert_rect (sh_canvas_rect_from_points (10, 50, 30, 20), 10, 20, 20, 30);  /* up-right */
  assert_rect (sh_canvas_rect_from_points (7, 7, 7, 7), 7, 7, 0, 0);
}

static void
test_clamp (void)
{
  ShCanvasRect rect;

  rect = (ShCanvasRect) { -5, 10, 20, 20 };
  g_assert_true (sh_canvas_rect_clamp (&rect, 100, 80));
  assert_rect (rect, 0, 10, 15, 20);
  rect = (ShCanvasRect) { 90, 10, 20, 20 };
  g_assert_true (sh_canvas_rect_clamp (&rect, 100, 80));
  assert_rect (rect, 90, 10, 10, 20);
  rect = (ShCanvasRect) { 10, -5, 20, 20 };
  g_assert_true (sh_canvas_rect_clamp (&rect, 100, 80));
  assert_rect (rect, 10, 0, 20, 15);
  rect = (ShCanvasRect) { 10, 70, 20, 20 };
  g_assert_true (sh_canvas_rect_clamp (&rect, 100, 80));
  assert_rect (rect, 10, 70, 20, 10);
  rect = (ShCanvasRect) { -10, -10, 200, 200 };
  g_assert_true (sh_canvas_rect_clamp (&rect, 100, 80));
  assert_rect (rect, 0, 0, 100, 80);
  rect = (ShCanvasRect) { 120, 10, 20, 20 };
  g_assert_false (sh_canvas_rect_clamp (&rect, 100, 80));
  g_assert_cmpfloat (rect.w, ==, 0);
  rect = (ShCanvasRect) { 10, 10, 20, 0 };
  g_assert_false (sh_canvas_rect_clamp (&rect, 100, 80));
}

static void
test_move (void)
{
  ShCanvasRect rect = { 10, 10, 20, 20 };

  assert_rect (sh_canvas_rect_move (rect, 3, -4, 100, 80), 13, 6, 20, 20);
  assert_rect (sh_canvas_rect_move (rect, -50, 0, 100, 80), 0, 10, 20, 20);   /* left edge */
  assert_rect (sh_canvas_rect_move (rect, 100, 0, 100, 80), 80, 10, 20, 20);  /* right edge */
  assert_rect (sh_canvas_rect_move (rect, 0, -50, 100, 80), 10, 0, 20, 20);   /* top edge */
  assert_rect (sh_canvas_rect_move (rect, 0, 100, 100, 80), 10, 60, 20, 20);  /* bottom edge */
  /* Nudges at an edge stop there. */
  ShCanvasRect at_edge = { 80, 60, 20, 20 };
  assert_rect (sh_canvas_rect_move (at_edge, 1, 1, 100, 80), 80, 60, 20, 20);
  assert_rect (sh_canvas_rect_move (at_edge, -10, 0, 100, 80), 70, 60, 20, 20);
  /* Larger than the image: pinned to the top-left corner. */
  assert_rect (sh_canvas_rect_move ((ShCanvasRect) { 5, 5, 150, 20 }, 10, 0, 100, 80), 0, 15 - 10, 150, 20);

  assert_rect (sh_canvas_rect_centered (50, 40, 20, 10, 100, 80), 40, 35, 20, 10);
  assert_rect (sh_canvas_rect_centered (5, 78, 20, 10, 100, 80), 0, 70, 20, 10);
  assert_rect (sh_canvas_rect_centered (50, 40, 500, 500, 100, 80), 0, 0, 100, 80);
}

static void
test_resize (void)
{
  ShCanvasRect start = { 20, 20, 40, 30 };  /* right 60, bottom 50, in a 100 x 80 image */

  /* Each handle moves its own edges only. */
  assert_rect (sh_canvas_rect_resize (start, SH_CANVAS_HANDLE_NW, -5, -6, 1, 100, 80), 15, 14, 45, 36);
  assert_rect (sh_canvas_rect_resize (start, SH_CANVAS_HANDLE_N, 7, -6, 1, 100, 80), 20, 14, 40, 36);
  assert_rect (sh_canvas_rect_resize (start, SH_CANVAS_HANDLE_NE, 5, -6, 1, 100, 80), 20, 14, 45, 36);
  assert_rect (sh_canvas_rect_resize (start, SH_CANVAS_HANDLE_E, 5, 99, 1, 100, 80), 20, 20, 45, 30);
  assert_rect (sh_canvas_rect_resize (start, SH_CANVAS_HANDLE_SE, 5, 6, 1, 100, 80), 20, 20, 45, 36);
  assert_rect (sh_canvas_rect_resize (start, SH_CANVAS_HANDLE_S, -7, 6, 1, 100, 80), 20, 20, 40, 36);
  assert_rect (sh_canvas_rect_resize (start, SH_CANVAS_HANDLE_SW, -5, 6, 1, 100, 80), 15, 20, 45, 36);
  assert_rect (sh_canvas_rect_resize (start, SH_CANVAS_HANDLE_W, -5, 99, 1, 100, 80), 15, 20, 45, 30);
  /* Shrinking works too. */
  assert_rect (sh_canvas_rect_resize (start, SH_CANVAS_HANDLE_SE, -10, -10, 1, 100, 80), 20, 20, 30, 20);

  /* Dragged past the opposite edge: stops at the minimum size, never inverted. */
  assert_rect (sh_canvas_rect_resize (start, SH_CANVAS_HANDLE_E, -100, 0, 1, 100, 80), 20, 20, 1, 30);
  assert_rect (sh_canvas_rect_resize (start, SH_CANVAS_HANDLE_W, 100, 0, 1, 100, 80), 59, 20, 1, 30);
  assert_rect (sh_canvas_rect_resize (start, SH_CANVAS_HANDLE_N, 0, 100, 1, 100, 80), 20, 49, 40, 1);
  assert_rect (sh_canvas_rect_resize (start, SH_CANVAS_HANDLE_S, 0, -100, 1, 100, 80), 20, 20, 40, 1);
  assert_rect (sh_canvas_rect_resize (start, SH_CANVAS_HANDLE_NW, 100, 100, 4, 100, 80), 56, 46, 4, 4);

  /* Dragged past the image: stops at its border. */
  assert_rect (sh_canvas_rect_resize (start, SH_CANVAS_HANDLE_W, -100, 0, 1, 100, 80), 0, 20, 60, 30);
  assert_rect (sh_canvas_rect_resize (start, SH_CANVAS_HANDLE_E, 100, 0, 1, 100, 80), 20, 20, 80, 30);
  assert_rect (sh_canvas_rect_resize (start, SH_CANVAS_HANDLE_N, 0, -100, 1, 100, 80), 20, 0, 40, 50);
  assert_rect (sh_canvas_rect_resize (start, SH_CANVAS_HANDLE_S, 0, 100, 1, 100, 80), 20, 20, 40, 60);
  assert_rect (sh_canvas_rect_resize (start, SH_CANVAS_HANDLE_SE, 500, 500, 1, 100, 80), 20, 20, 80, 60);

  /* Not a handle: unchanged. */
  assert_rect (sh_canvas_rect_resize (start, SH_CANVAS_HIT_INSIDE, 5, 5, 1, 100, 80), 20, 20, 40, 30);
}

static void
test_grow (void)
{
  ShCanvasRect rect = { 20, 20, 40, 30 };

  assert_rect (sh_canvas_rect_grow (rect, 1, 0, 1, 100, 80), 20, 20, 41, 30);
  assert_rect (sh_canvas_rect_grow (rect, 0, -10, 1, 100, 80), 20, 20, 40, 20);
  assert_rect (sh_canvas_rect_grow (rect, -100, -100, 1, 100, 80), 20, 20, 1, 1);
  assert_rect (sh_canvas_rect_grow (rect, 100, 100, 1, 100, 80), 20, 20, 80, 60);
}

static void
test_handle_position (void)
{
  static const struct { ShCanvasHit handle; double x, y; } expected[] = {
    { SH_CANVAS_HANDLE_NW, 10, 20 }, { SH_CANVAS_HANDLE_E, 50, 35 }, { SH_CANVAS_HANDLE_S, 30, 50 },
    { SH_CANVAS_HANDLE_SW, 10, 50 },
  };
  ShCanvasRect rect = { 10, 20, 40, 30 };

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      double x, y;

      sh_canvas_handle_position (rect, expected[i].handle, &x, &y);
      g_assert_cmpfloat (x, ==, expected[i].x);
      g_assert_cmpfloat (y, ==, expected[i].y);
    }
}

static void
test_hit (void)
{
  /* 2:1, image origin at widget (10, 10). */
  ShCanvasView view = { 2.0, 10.0, 10.0 };
  const ShCanvasRect rects[] = {
    { 0, 0, 100, 100 },   /* 0: large, bottom: widget 10..210 */
    { 20, 20, 10, 10 },   /* 1: widget 50..70 */
    { 25, 25, 10, 10 },   /* 2: overlaps 1, on top: widget 60..80 */
  };
  ptrdiff_t index;

  /* Nothing selected: the topmost box containing the point. */
  g_assert_cmpint (sh_canvas_hit_test (&view, rects, 3, -1, 64, 64, 8, &index), ==, SH_CANVAS_HIT_INSIDE);
  g_assert_cmpint (index, ==, 2);
  g_assert_cmpint (sh_canvas_hit_test (&view, rects, 3, -1, 55, 55, 8, &index), ==, SH_CANVAS_HIT_INSIDE);
  g_assert_cmpint (index, ==, 1);
  g_assert_cmpint (sh_canvas_hit_test (&view, rects, 3, -1, 170, 170, 8, &index), ==, SH_CANVAS_HIT_INSIDE);
  g_assert_cmpint (index, ==, 0);
  g_assert_cmpint (sh_canvas_hit_test (&view, rects, 3, -1, 400, 400, 8, &index), ==, SH_CANVAS_HIT_NONE);
  g_assert_cmpint (index, ==, -1);
  /* Unselected boxes have no handles: near box 2's edge from outside it is just inside box 0. */
  g_assert_cmpint (sh_canvas_hit_test (&view, rects, 3, -1, 82, 70, 8, &index), ==, SH_CANVAS_HIT_INSIDE);
  g_assert_cmpint (index, ==, 0);

  /* The selected box comes first, even under another. */
  g_assert_cmpint (sh_canvas_hit_test (&view, rects, 3, 1, 64, 64, 8, &index), ==, SH_CANVAS_HIT_INSIDE);
  g_assert_cmpint (index, ==, 1);
  /* A 20-pixel box on screen gets 5-pixel handles (a quarter of it), so its middle stays movable. */
  g_assert_cmpint (sh_canvas_hit_test (&view, rects, 3, 1, 69, 64, 8, &index), ==, SH_CANVAS_HANDLE_E);
  g_assert_cmpint (index, ==, 1);
  g_assert_cmpint (sh_canvas_hit_test (&view, rects, 3, 1, 71, 71, 8, &index), ==, SH_CANVAS_HANDLE_SE);
  g_assert_cmpint (sh_canvas_hit_test (&view, rects, 3, 1, 74, 60, 8, &index), ==, SH_CANVAS_HANDLE_E);
  /* 6 px from the edge is past the shrunken radius: inside box 2, which lies over there. */
  g_assert_cmpint (sh_canvas_hit_test (&view, rects, 3, 1, 76, 64, 8, &index), ==, SH_CANVAS_HIT_INSIDE);
  g_assert_cmpint (index, ==, 2);

  /* Every handle of a large selected box, at its own position and just outside the box. */
  static const ShCanvasHit handles[] = {
    SH_CANVAS_HANDLE_NW, SH_CANVAS_HANDLE_N, SH_CANVAS_HANDLE_NE, SH_CANVAS_HANDLE_E,
    SH_CANVAS_HANDLE_SE, SH_CANVAS_HANDLE_S, SH_CANVAS_HANDLE_SW, SH_CANVAS_HANDLE_W,
  };
  for (guint i = 0; i < G_N_ELEMENTS (handles); i++)
    {
      double hx, hy, wx, wy;
      sh_canvas_handle_position (rects[0], handles[i], &hx, &hy);
      sh_canvas_view_image_to_widget (&view, hx, hy, &wx, &wy);
      g_assert_cmpint (sh_canvas_hit_test (&view, rects, 3, 0, wx, wy, 8, &index), ==, handles[i]);
      g_assert_cmpint (index, ==, 0);
      /* 7 px outward along the direction of the handle: still it. */
      double out_x = wx + (wx < 100 ? -7 : wx > 120 ? 7 : 0);
      double out_y = wy + (wy < 100 ? -7 : wy > 120 ? 7 : 0);
      g_assert_cmpint (sh_canvas_hit_test (&view, rects, 3, 0, out_x, out_y, 8, &index), ==, handles[i]);
    }
  /* Along a side, away from its middle handle, the side is still grabbed. */
  g_assert_cmpint (sh_canvas_hit_test (&view, rects, 3, 0, 40, 13, 8, &index), ==, SH_CANVAS_HANDLE_N);
  g_assert_cmpint (sh_canvas_hit_test (&view, rects, 3, 0, 3, 150, 8, &index), ==, SH_CANVAS_HANDLE_W);
  /* Past the radius outside the box: nothing. */
  g_assert_cmpint (sh_canvas_hit_test (&view, rects, 3, 0, 1, 150, 8, &index), ==, SH_CANVAS_HIT_NONE);
  /* Inside, away from the edges: inside the selected box, even though box 2 is drawn there too. */
  g_assert_cmpint (sh_canvas_hit_test (&view, rects, 3, 0, 64, 64, 8, &index), ==, SH_CANVAS_HIT_INSIDE);
  g_assert_cmpint (index, ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/canvas-geometry/transform", test_transform);
  g_test_add_func ("/canvas-geometry/zoom-limits", test_zoom_limits);
  g_test_add_func ("/canvas-geometry/zoom-anchor", test_zoom_anchor);
  g_test_add_func ("/canvas-geometry/fit", test_fit);
  g_test_add_func ("/canvas-geometry/zoom-step", test_zoom_step);
  g_test_add_func ("/canvas-geometry/clamp-pan", test_clamp_pan);
  g_test_add_func ("/canvas-geometry/drag-normalise", test_drag_normalise);
  g_test_add_func ("/canvas-geometry/clamp", test_clamp);
  g_test_add_func ("/canvas-geometry/move-and-nudge", test_move);
  g_test_add_func ("/canvas-geometry/resize", test_resize);
  g_test_add_func ("/canvas-geometry/keyboard-resize", test_grow);
  g_test_add_func ("/canvas-geometry/handle-position", test_handle_position);
  g_test_add_func ("/canvas-geometry/hit-test", test_hit);
  return g_test_run ();
}
