/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-canvas-polygon-geometry.c: the lip polygon tool's hit-testing and editing maths, without a display. */
#include <glib.h>

#include "canvas-polygon-geometry.h"

/* A 100 x 50 rectangle at (10, 10), clockwise on screen. */
static const ShPoint square[] = { { 10, 10 }, { 110, 10 }, { 110, 60 }, { 10, 60 } };

static void
test_hit_vertex (void)
{
  g_assert_cmpint (sh_polygon_hit_vertex (square, 4, 12, 9, 3), ==, 0);
  g_assert_cmpint (sh_polygon_hit_vertex (square, 4, 108, 62, 3), ==, 2);
  /* Just out of reach, and nothing at all. */
  g_assert_cmpint (sh_polygon_hit_vertex (square, 4, 14, 10, 3), ==, -1);
  g_assert_cmpint (sh_polygon_hit_vertex (square, 0, 10, 10, 3), ==, -1);
  /* The nearer of two points in reach wins, not the first. */
  {
    const ShPoint close[] = { { 0, 0 }, { 2, 0 } };

    g_assert_cmpint (sh_polygon_hit_vertex (close, 2, 1.5, 0, 3), ==, 1);
  }
}

static void
test_hit_edge (void)
{
  double along = -1;

  g_assert_cmpint (sh_polygon_hit_edge (square, 4, TRUE, 60, 12, 3, &along), ==, 0);
  g_assert_cmpfloat_with_epsilon (along, 0.5, 1e-12);
  g_assert_cmpint (sh_polygon_hit_edge (square, 4, TRUE, 111, 35, 3, NULL), ==, 1);
  /* The closing edge, from the last point back to the first, only when closed. */
  g_assert_cmpint (sh_polygon_hit_edge (square, 4, TRUE, 9, 35, 3, &along), ==, 3);
  g_assert_cmpfloat_with_epsilon (along, 0.5, 1e-12);
  g_assert_cmpint (sh_polygon_hit_edge (square, 4, FALSE, 9, 35, 3, NULL), ==, -1);
  /* The middle of the polygon is no edge. */
  g_assert_cmpint (sh_polygon_hit_edge (square, 4, TRUE, 60, 35, 3, NULL), ==, -1);
  /* Beyond an edge's end the distance is to its end point. */
  g_assert_cmpint (sh_polygon_hit_edge (square, 2, FALSE, 115, 10, 3, NULL), ==, -1);
}

static void
test_insert_remove (void)
{
  ShPoint points[6] = { { 0, 0 }, { 10, 0 }, { 10, 10 } };
  ShPoint p = { 5, -1 };
  int n = 3;

  n = sh_polygon_insert (points, n, 1, p);
  g_assert_cmpint (n, ==, 4);
  g_assert_cmpfloat (points[1].x, ==, 5);
  g_assert_cmpfloat (points[2].x, ==, 10);
  g_assert_cmpfloat (points[2].y, ==, 0);
  n = sh_polygon_insert (points, n, 4, p);   /* at the end */
  g_assert_cmpint (n, ==, 5);
  g_assert_cmpint (sh_polygon_insert (points, n, 7, p), ==, 5);
  n = sh_polygon_remove (points, n, 0);
  g_assert_cmpint (n, ==, 4);
  g_assert_cmpfloat (points[0].x, ==, 5);
  g_assert_cmpfloat (points[3].y, ==, -1);
  g_assert_cmpint (sh_polygon_remove (points, n, 4), ==, 4);
  g_assert_cmpint (sh_polygon_remove (points, n, -1), ==, 4);
}

static void
test_clamp (void)
{
  ShPoint p = sh_polygon_clamp_point ((ShPoint) { -3, 700 }, 640, 400);

  g_assert_cmpfloat (p.x, ==, 0);
  g_assert_cmpfloat (p.y, ==, 400);
  p = sh_polygon_clamp_point ((ShPoint) { 12.5, 30.25 }, 640, 400);
  g_assert_cmpfloat (p.x, ==, 12.5);
  g_assert_cmpfloat (p.y, ==, 30.25);
  p = sh_polygon_clamp_point ((ShPoint) { 0.0 / 0.0, 5 }, 640, 400);
  g_assert_cmpfloat (p.x, ==, 0);
}

static void
test_simple (void)
{
  /* A bow tie crosses itself; a rectangle, a triangle and a concave lip shape do not. */
  const ShPoint bow_tie[] = { { 0, 0 }, { 10, 10 }, { 10, 0 }, { 0, 10 } };
  const ShPoint lips[] = { { 0, 5 }, { 4, 0 }, { 6, 3 }, { 8, 0 }, { 12, 5 }, { 6, 9 } };
  const ShPoint line[] = { { 0, 0 }, { 5, 5 }, { 10, 10 } };
  const ShPoint spike[] = { { 0, 0 }, { 10, 0 }, { 10, 10 }, { 5, -2 }, { 0, 10 } };

  g_assert_true (sh_polygon_is_simple (square, 4));
  g_assert_true (sh_polygon_is_simple (square, 3));
  g_assert_true (sh_polygon_is_simple (lips, 6));
  g_assert_false (sh_polygon_is_simple (bow_tie, 4));
  g_assert_false (sh_polygon_is_simple (line, 3));       /* no area */
  g_assert_false (sh_polygon_is_simple (square, 2));
  g_assert_false (sh_polygon_is_simple (spike, 5));
  g_assert_cmpfloat_with_epsilon (sh_polygon_area (square, 4), 5000, 1e-9);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/canvas-polygon/hit-vertex", test_hit_vertex);
  g_test_add_func ("/canvas-polygon/hit-edge", test_hit_edge);
  g_test_add_func ("/canvas-polygon/insert-remove", test_insert_remove);
  g_test_add_func ("/canvas-polygon/clamp", test_clamp);
  g_test_add_func ("/canvas-polygon/simple", test_simple);
  return g_test_run ();
}
