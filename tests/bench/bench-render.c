/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-render: a full re-render of the 10-tone grid as the workspace does it on a parameter change (10 tiles
 * of 240x180, each rendered in linear light and encoded to 8 bits), on one thread and with a GThreadPool
 * over the tiles. Target: under 33 ms per full re-render.
 *
 *   bench-render [ITERATIONS] [TILE_WIDTH TILE_HEIGHT]
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include <glib.h>

#include "color/colorspace.h"
#include "color/skin-render.h"
#include "tests/lib/test-stats.h"

typedef struct {
  const ShLipScene *scene;
  const ShMaterial *material;
  float *linear[SH_MONK_SKIN_TONE_COUNT];
  guint8 *pixels[SH_MONK_SKIN_TONE_COUNT];
  int width, height;
  gint pending;
  GMutex lock;
  GCond done;
} Grid;

static void
render_tile (Grid *grid, int t)
{
  sh_skin_render (grid->scene, sh_monk_skin_tone (t), grid->material, 1, grid->linear[t], (size_t) grid->width * 3);
  sh_skin_render_encode_srgb8 (grid->linear[t], (size_t) grid->width * 3, grid->width, grid->height,
                               grid->pixels[t], (size_t) grid->width * 4, 4);
}

static void
tile_job (gpointer data, gpointer user_data)
{
  Grid *grid = user_data;

  render_tile (grid, GPOINTER_TO_INT (data) - 1);
  if (g_atomic_int_dec_and_test (&grid->pending))
    {
      g_mutex_lock (&grid->lock);
      g_cond_signal (&grid->done);
      g_mutex_unlock (&grid->lock);
    }
}

int
main (int argc, char **argv)
{
  int iterations = argc > 1 ? atoi (argv[1]) : 50;
  int width = argc > 3 ? atoi (argv[2]) : 240, height = argc > 3 ? atoi (argv[3]) : 180;
  static const struct {
    const char *hex;
    ShMaterialFinish finish;
  } looks[] = {
    { "#b0243a", SH_MATERIAL_FINISH_MATTE },
    { "#d81e5b", SH_MATERIAL_FINISH_GLOSS },
    { "#8a3b5c", SH_MATERIAL_FINISH_GLITTER },
  };
  ShLipScene *scene = sh_lip_scene_new (width, height);
  int threads = (int) MIN (g_get_num_processors (), SH_MONK_SKIN_TONE_COUNT);
  double *times = g_new (double, MAX (iterations, 1));
  gint64 start;
  Grid grid = { 0 };
  GThreadPool *pool;

  if (!scene || iterations < 1)
    {
      fprintf (stderr, "usage: bench-render [ITERATIONS] [TILE_WIDTH TILE_HEIGHT] (tiles 32-8192)\n");
      return 2;
    }
  start = g_get_monotonic_time ();
  sh_lip_scene_free (sh_lip_scene_new (width, height));
  printf ("scene (geometry, once per tile size): %.2f ms\n", (g_get_monotonic_time () - start) / 1000.0);

  grid.scene = scene;
  grid.width = width;
  grid.height = height;
  g_mutex_init (&grid.lock);
  g_cond_init (&grid.done);
  for (int t = 0; t < SH_MONK_SKIN_TONE_COUNT; t++)
    {
      grid.linear[t] = g_new (float, (gsize) width * height * 3);
      grid.pixels[t] = g_new (guint8, (gsize) width * height * 4);
    }
  pool = g_thread_pool_new (tile_job, &grid, threads, TRUE, NULL);
  printf ("10 tiles of %dx%d, %d iterations, median ms per full re-render (render + 8-bit encode):\n", width,
          height, iterations);
  for (guint l = 0; l < G_N_ELEMENTS (looks); l++)
    {
      ShMaterial material;
      uint8_t rgb[3];
      double single, pooled;

      sh_parse_hex (looks[l].hex, rgb);
      sh_material_init (&material);
      for (int i = 0; i < 3; i++)
        material.base_color[i] = sh_srgb_decode (rgb[i] / 255.0);
      sh_material_set_finish (&material, looks[l].finish);
      grid.material = &material;

      for (int it = 0; it < iterations; it++)
        {
          start = g_get_monotonic_time ();
          for (int t = 0; t < SH_MONK_SKIN_TONE_COUNT; t++)
            render_tile (&grid, t);
          times[it] = (g_get_monotonic_time () - start) / 1000.0;
        }
      single = median (times, iterations);

      for (int it = 0; it < iterations; it++)
        {
          start = g_get_monotonic_time ();
          g_atomic_int_set (&grid.pending, SH_MONK_SKIN_TONE_COUNT);
          for (int t = 0; t < SH_MONK_SKIN_TONE_COUNT; t++)
            g_thread_pool_push (pool, GINT_TO_POINTER (t + 1), NULL);
          g_mutex_lock (&grid.lock);
          while (g_atomic_int_get (&grid.pending) > 0)
            g_cond_wait (&grid.done, &grid.lock);
          g_mutex_unlock (&grid.lock);
          times[it] = (g_get_monotonic_time () - start) / 1000.0;
        }
      pooled = median (times, iterations);
      printf ("  %-8s single thread %6.2f   pool of %d threads %6.2f   %s\n",
              sh_material_finish_name (looks[l].finish), single, threads, pooled,
              MIN (single, pooled) < 33 ? "(under 33 ms)" : "(OVER 33 ms)");
    }
  g_thread_pool_free (pool, FALSE, TRUE);
  for (int t = 0; t < SH_MONK_SKIN_TONE_COUNT; t++)
    {
      g_free (grid.linear[t]);
      g_free (grid.pixels[t]);
    }
  g_free (times);
  sh_lip_scene_free (scene);
  return 0;
}
