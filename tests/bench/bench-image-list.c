/* bench-image-list.c: the image list over a generated 100,000-image project (rows written straight into the
 * tables; every row points at one of a few real photos, so thumbnails are really made):
 *   create   sh_image_list_model_new (read-only connection + the ids of all images)
 *   page     reading one page of SH_IMAGE_LIST_PAGE_SIZE rows (random pages, cold)
 *   filter   each filter's ids, read in the background
 *   scroll   the widget in a window, scrolled through the whole list in steps; per step the frame's own
 *            time (layout with row binding, snapshot, drawing) and the longest main-loop iteration (what
 *            would hold up input), as median / 99th percentile / max.   target: no frame over 16 ms
 * Needs a display: xvfb-run -a build/tests/bench/bench-image-list
 *
 * Usage: bench-image-list [--images N] [--steps N]
 */
#define G_LOG_DOMAIN "shadelab-bench-image-list"

#include "config.h"

#include <gtk/gtk.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/formats/synth-writer.h"
#include "image-list-fixture.h"
#include "sh-image-list.h"

#define N_PHOTOS 12
#define FRAME_TARGET_MS 16.0

static guint n_paints;
static gint64 before_paint, frame_usec;

static void
on_before_paint (GdkFrameClock *clock, gpointer data)
{
  before_paint = g_get_monotonic_time ();
}

static void
on_after_paint (GdkFrameClock *clock, gpointer data)
{
  frame_usec = g_get_monotonic_time () - before_paint;
  n_paints++;
}

static void
wait_for_frame (gint64 *worst_iteration)
{
  guint target = n_paints + 1;
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (n_paints < target && g_get_monotonic_time () < deadline)
    {
      gint64 start = g_get_monotonic_time ();
      g_main_context_iteration (NULL, TRUE);
      if (worst_iteration)
        *worst_iteration = MAX (*worst_iteration, g_get_monotonic_time () - start);
    }
}

static int
compare_int64 (gconstpointer a, gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;
  return (x > y) - (x < y);
}

static void
report (const char *what, GArray *usec, double target_ms)
{
  gint64 median, p99, worst;

  g_array_sort (usec, compare_int64);
  median = g_array_index (usec, gint64, usec->len / 2);
  p99 = g_array_index (usec, gint64, usec->len * 99 / 100);
  worst = g_array_index (usec, gint64, usec->len - 1);
  printf ("%-22s median %7.2f ms   99th %7.2f ms   max %7.2f ms", what, median / 1000.0, p99 / 1000.0,
          worst / 1000.0);
  if (target_ms > 0)
    printf ("   target < %.0f ms (99th)   %s", target_ms, p99 / 1000.0 < target_ms ? "ok" : "MISSED");
  printf ("\n");
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GOptionContext) context = g_option_context_new ("- time the image list");
  int n_images = 100000, steps = 2000;
  GOptionEntry entries[] = {
    { "images", 0, 0, G_OPTION_ARG_INT, &n_images, "Images in the generated project (100000)", "N" },
    { "steps", 0, 0, G_OPTION_ARG_INT, &steps, "Scroll steps over the whole list (2000)", "N" },
    { NULL },
  };
  g_autofree char *dir = NULL;
  g_autofree char *photos_dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *cache_dir = NULL;
  g_autofree char *command = NULL;
  char *photos[N_PHOTOS];
  ImageListFixtureTruth truth;
  g_autoptr (ShProject) project = NULL;
  g_autoptr (ShImageListModel) model = NULL;
  g_autoptr (ShThumbnailCache) cache = NULL;
  g_autoptr (GArray) times = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GArray) iterations = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GRand) rand = g_rand_new_with_seed (3);
  GtkWidget *window, *list;
  GtkAdjustment *adjustment;
  gint64 start;
  guint pages;
  double page_seconds;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "bench-image-list: %s\n", error->message);
      return 2;
    }
  if (!gtk_init_check ())
    {
      fprintf (stderr, "bench-image-list: no display (run it under xvfb-run -a)\n");
      return 1;
    }

  dir = g_dir_make_tmp ("shadelab-bench-list-XXXXXX", &error);
  g_assert_no_error (error);
  photos_dir = g_build_filename (dir, "photos", NULL);
  /* Camera-sized JPEGs would only slow the fixture; thumbnails are made from whatever is there. */
  if (!sh_synth_write_set (photos_dir, N_PHOTOS, 5, 1200, 900, &error))
    {
      fprintf (stderr, "bench-image-list: %s\n", error->message);
      return 1;
    }
  for (int i = 0; i < N_PHOTOS; i++)
    {
      static const char *const extensions[] = { "jpg", "png", "tif" };
      photos[i] = NULL;
      for (guint e = 0; e < G_N_ELEMENTS (extensions) && photos[i] == NULL; e++)
        {
          g_autofree char *name = g_strdup_printf ("synth-%04d.%s", i + 1, extensions[e]);
          char *candidate = g_build_filename (photos_dir, name, NULL);
          if (g_file_test (candidate, G_FILE_TEST_EXISTS))
            photos[i] = candidate;
          else
            g_free (candidate);
        }
      g_assert_nonnull (photos[i]);
    }
  path = g_build_filename (dir, "bench" SH_PROJECT_EXTENSION, NULL);
  start = g_get_monotonic_time ();
  image_list_fixture_create (path, (guint) n_images, (const char *const *) photos, N_PHOTOS, &truth);
  printf ("project: %d images written in %.1f s (%s)\n", n_images,
          (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC, path);
  for (int i = 0; i < N_PHOTOS; i++)
    g_free (photos[i]);

  project = sh_project_open (path, SH_PROJECT_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);

  /* create */
  for (int i = 0; i < 5; i++)
    {
      g_autoptr (ShImageListModel) again = NULL;
      gint64 took;
      start = g_get_monotonic_time ();
      again = sh_image_list_model_new (project, &error);
      took = g_get_monotonic_time () - start;
      g_assert_no_error (error);
      g_array_append_val (times, took);
    }
  report ("model create", times, 0);

  /* page: random, so each read is a page not yet cached */
  model = sh_image_list_model_new (project, &error);
  g_assert_no_error (error);
  g_array_set_size (times, 0);
  for (int i = 0; i < 300; i++)
    {
      guint before, after;
      guint position = (guint) g_rand_int_range (rand, 0, n_images);
      gint64 took;
      sh_image_list_model_get_page_stats (model, &before, NULL);
      start = g_get_monotonic_time ();
      g_object_unref (g_list_model_get_item (G_LIST_MODEL (model), position));
      took = g_get_monotonic_time () - start;
      sh_image_list_model_get_page_stats (model, &after, NULL);
      if (after > before)
        g_array_append_val (times, took);
    }
  report ("page load (256 rows)", times, 0);

  /* filters, in the background */
  for (int f = SH_IMAGE_N_FILTERS - 1; f >= 0; f--)
    {
      char what[64];
      g_array_set_size (times, 0);
      start = g_get_monotonic_time ();
      sh_image_list_model_set_filter (model, f);
      while (sh_image_list_model_get_loading (model))
        g_main_context_iteration (NULL, TRUE);
      {
        gint64 took = g_get_monotonic_time () - start;
        g_array_append_val (times, took);
      }
      g_snprintf (what, sizeof what, "filter %s (%u)", sh_image_filter_get_name (f),
                  g_list_model_get_n_items (G_LIST_MODEL (model)));
      report (what, times, 0);
    }

  /* scroll */
  cache_dir = g_build_filename (dir, "thumbnails", NULL);
  cache = sh_thumbnail_cache_new_for_dir (cache_dir);
  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 800);
  list = sh_image_list_new ();
  sh_image_list_set_thumbnail_cache (SH_IMAGE_LIST (list), cache);
  sh_image_list_set_model (SH_IMAGE_LIST (list), model);
  gtk_window_set_child (GTK_WINDOW (window), list);
  gtk_window_present (GTK_WINDOW (window));
  while (!gtk_widget_get_mapped (list))
    g_main_context_iteration (NULL, TRUE);
  g_signal_connect (gtk_widget_get_frame_clock (window), "before-paint", G_CALLBACK (on_before_paint), NULL);
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint", G_CALLBACK (on_after_paint), NULL);
  gtk_widget_queue_draw (window);
  wait_for_frame (NULL);
  adjustment = gtk_scrolled_window_get_vadjustment (sh_image_list_get_scrolled_window (SH_IMAGE_LIST (list)));

  g_array_set_size (times, 0);
  start = g_get_monotonic_time ();
  for (int i = 0; i <= steps; i++)
    {
      double page = gtk_adjustment_get_page_size (adjustment);
      gint64 worst_iteration = 0;
      gtk_adjustment_set_value (adjustment, (gtk_adjustment_get_upper (adjustment) - page) * i / steps);
      wait_for_frame (&worst_iteration);
      g_array_append_val (times, frame_usec);
      g_array_append_val (iterations, worst_iteration);
    }
  printf ("scroll: %d jumps over %d rows in %.1f s\n", steps, n_images,
          (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);
  report ("scroll jump frame", times, FRAME_TARGET_MS);
  report ("scroll jump iteration", iterations, 0);

  /* a wheel-like stretch: a quarter page a step */
  g_array_set_size (times, 0);
  g_array_set_size (iterations, 0);
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment) / 3);
  wait_for_frame (NULL);
  for (int i = 0; i < steps / 4; i++)
    {
      gint64 worst_iteration = 0;
      gtk_adjustment_set_value (adjustment,
                                gtk_adjustment_get_value (adjustment) + gtk_adjustment_get_page_size (adjustment) / 4);
      wait_for_frame (&worst_iteration);
      g_array_append_val (times, frame_usec);
      g_array_append_val (iterations, worst_iteration);
    }
  report ("scroll wheel frame", times, FRAME_TARGET_MS);
  report ("scroll wheel iteration", iterations, 0);
  sh_image_list_model_get_page_stats (model, &pages, &page_seconds);
  {
    ShThumbnailStats stats;
    sh_thumbnail_cache_get_stats (cache, &stats);
    printf ("pages read %u (%.2f ms a page); thumbnails made %u, from disk %u, failed %u\n", pages,
            page_seconds * 1000 / MAX (pages, 1), stats.made, stats.disk_hits, stats.failed);
  }

  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_object (&model);
  g_clear_object (&cache);
  g_clear_pointer (&project, sh_project_close);
  command = g_strdup_printf ("rm -rf '%s'", dir);
  return system (command) == 0 ? 0 : 1;
}
