/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-tone-grid: a full re-render of the tone grid widget as the calibration window sees it while a
 * slider moves: from sh_tone_grid_set_material to the frame shown on the main thread (10 tiles rendered on
 * the pool, encoded, converted to the monitor through the display transform, turned into textures).
 * Target: under 33 ms. Needs a display (run under xvfb-run).
 *
 *   bench-tone-grid [ITERATIONS]
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include <gtk/gtk.h>

#include "color/colorspace.h"
#include "sh-tone-grid.h"
#include "tests/lib/test-stats.h"

static double
measure (ShToneGrid *grid, ShMaterial *material, gboolean compare, int iterations, double *worst)
{
  double *times = g_new (double, iterations), median;

  for (int it = 0; it < iterations; it++)
    {
      guint frames = sh_tone_grid_get_frame_count (grid);

      /* A slider step: a new roughness each time. */
      material->roughness = 0.2 + 0.6 * (it % 20) / 20.0;
      sh_tone_grid_set_material (grid, material);
      if (compare)
        sh_tone_grid_set_compare_material (grid, material);
      while (sh_tone_grid_get_frame_count (grid) == frames)
        g_main_context_iteration (NULL, TRUE);
      times[it] = sh_tone_grid_get_last_render_ms (grid);
    }
  qsort (times, iterations, sizeof *times, compare_double);
  median = times[iterations / 2];
  *worst = times[iterations - 1];
  g_free (times);
  return median;
}

int
main (int argc, char **argv)
{
  int iterations = argc > 1 ? atoi (argv[1]) : 60;
  static const struct {
    int width, height;
  } sizes[] = { { 160, 120 }, { 240, 180 } };
  static const ShMaterialFinish looks[] = { SH_MATERIAL_FINISH_MATTE, SH_MATERIAL_FINISH_GLOSS,
                                            SH_MATERIAL_FINISH_GLITTER };
  GtkWidget *window;
  ShToneGrid *grid;

  if (!gtk_init_check () || iterations < 2)
    {
      fprintf (stderr, "bench-tone-grid needs a display (xvfb-run) and ITERATIONS >= 2\n");
      return 2;
    }
  window = gtk_window_new ();
  grid = SH_TONE_GRID (sh_tone_grid_new ());
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (grid));
  gtk_window_present (GTK_WINDOW (window));

  printf ("tone grid, 10 Monk tones, %u processors, %d re-renders each: median / worst ms from new parameters to "
          "the frame on the main thread\n", g_get_num_processors (), iterations);
  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      sh_tone_grid_set_tile_size (grid, sizes[s].width, sizes[s].height);
      for (guint l = 0; l < G_N_ELEMENTS (looks); l++)
        for (int compare = 0; compare < 2; compare++)
          {
            ShMaterial material;
            double worst, median;

            sh_material_init (&material);
            material.base_color[0] = 0.4342, material.base_color[1] = 0.0176, material.base_color[2] = 0.0423;
            sh_material_set_finish (&material, looks[l]);
            sh_tone_grid_set_compare_material (grid, NULL);
            measure (grid, &material, FALSE, 3, &worst);   /* warm up: scene, pool threads */
            median = measure (grid, &material, compare, iterations, &worst);
            printf ("  %dx%d %-8s %-8s median %6.2f  worst %6.2f  %s\n", sizes[s].width, sizes[s].height,
                    sh_material_finish_name (looks[l]), compare ? "compare" : "single", median, worst,
                    median < 33 ? "(under 33 ms)" : "(OVER 33 ms)");
          }
    }
  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}
