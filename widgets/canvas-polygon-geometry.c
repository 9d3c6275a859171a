/* SPDX-License-Identifier: GPL-3.0-or-later */
/* canvas-polygon-geometry.c: hit-testing and editing of lip polygons (see canvas-polygon-geometry.h). */
#include "canvas-polygon-geometry.h"

#include <math.h>
#include <string.h>

int
sh_polygon_hit_vertex (const ShPoint *points, int n_points, double x, double y, double reach)
{
  int best = -1;
  double best_d2 = reach * reach;

  for (int i = 0; i < n_points; i++)
    {
      double dx = points[i].x - x, dy = points[i].y - y;
      double d2 = dx * dx + dy * dy;

      if (d2 <= best_d2)
        {
          best = i;
          best_d2 = d2;
        }
    }
  return best;
}

/* Squared distance from (x, y) to the segment a-b, and where on it the nearest point lies. */
static double
segment_distance2 (ShPoint a, ShPoint b, double x, double y, double *t_out)
{
  double ex = b.x - a.x, ey = b.y - a.y;
  double len2 = ex * ex + ey * ey;
  double t = len2 > 0 ? ((x - a.x) * ex + (y - a.y) * ey) / len2 : 0;
  double dx, dy;

  t = t < 0 ? 0 : t > 1 ? 1 : t;
  dx = a.x + t * ex - x;
  dy = a.y + t * ey - y;
  *t_out = t;
  return dx * dx + dy * dy;
}

int
sh_polygon_hit_edge (const ShPoint *points, int n_points, bool closed, double x, double y, double reach,
                     double *along)
{
  int n_edges = closed ? n_points : n_points - 1;
  int best = -1;
  double best_d2 = reach * reach, best_t = 0;

  if (n_points < 2 || (closed && n_points < 3))
    return -1;
  for (int i = 0; i < n_edges; i++)
    {
      double t;
      double d2 = segment_distance2 (points[i], points[(i + 1) % n_points], x, y, &t);

      if (d2 <= best_d2)
        {
          best = i;
          best_d2 = d2;
          best_t = t;
        }
    }
  if (along != NULL)
    *along = best_t;
  return best;
}

int
sh_polygon_insert (ShPoint *points, int n_points, int index, ShPoint p)
{
  if (index < 0 || index > n_points)
    return n_points;
  memmove (points + index + 1, points + index, (size_t) (n_points - index) * sizeof *points);
  points[index] = p;
  return n_points + 1;
}

int
sh_polygon_remove (ShPoint *points, int n_points, int index)
{
  if (index < 0 || index >= n_points)
    return n_points;
  memmove (points + index, points + index + 1, (size_t) (n_points - index - 1) * sizeof *points);
  return n_points - 1;
}

ShPoint
sh_polygon_clamp_point (ShPoint p, double width, double height)
{
  p.x = isfinite (p.x) ? fmin (fmax (p.x, 0), width) : 0;
  p.y = isfinite (p.y) ? fmin (fmax (p.y, 0), height) : 0;
  return p;
}

/* The sign of the turn a -> b -> c: 1 left, -1 right, 0 collinear. */
static int
orientation (ShPoint a, ShPoint b, ShPoint c)
{
  double cross = (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x);

  return cross > 1e-12 ? 1 : cross < -1e-12 ? -1 : 0;
}

static bool
on_segment (ShPoint a, ShPoint b, ShPoint p)
{
  return fmin (a.x, b.x) <= p.x && p.x <= fmax (a.x, b.x) && fmin (a.y, b.y) <= p.y && p.y <= fmax (a.y, b.y);
}

static bool
segments_cross (ShPoint a, ShPoint b, ShPoint c, ShPoint d)
{
  int o1 = orientation (a, b, c), o2 = orientation (a, b, d);
  int o3 = orientation (c, d, a), o4 = orientation (c, d, b);

  if (o1 != o2 && o3 != o4)
    return true;
  return (o1 == 0 && on_segment (a, b, c)) || (o2 == 0 && on_segment (a, b, d))
         || (o3 == 0 && on_segment (c, d, a)) || (o4 == 0 && on_segment (c, d, b));
}

bool
sh_polygon_is_simple (const ShPoint *points, int n_points)
{
  if (n_points < 3 || sh_polygon_area (points, n_points) <= 0)
    return false;
  for (int i = 0; i < n_points; i++)
    for (int j = i + 2; j < n_points; j++)
      {
        /* Neighbouring edges share a point; the last edge neighbours the first. */
        if (i == 0 && j == n_points - 1)
          continue;
        if (segments_cross (points[i], points[i + 1], points[j], points[(j + 1) % n_points]))
          return false;
      }
  return true;
}
