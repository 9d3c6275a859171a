/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-image-list.c: the image list over a generated 1,000,000-image project (rows written straight into the
 * tables; every row points at one of a few real photos, so thumbnails are really made). The project and its
 * photos are kept next to this program and reused by later runs of the same size and schema (--fresh makes
 * them again); the thumbnails are made anew each run.
 *   create   sh_image_list_model_new (read-only connection + the ids of all images)
 *   page     reading one page of SH_IMAGE_LIST_PAGE_SIZE rows (random pages, cold)
 *   filter   each filter's ids, read in the background, with its count
 *   sort     each order's ids (name, status, date descending), read in the background
 *   search   a file-name search, its ids and its counts per filter, in the background
 *   scroll   the widget in a window, scrolled through the whole list in steps; per step the frame's own
 *            time (layout, snapshot, drawing), the input and the frame (setting the scroll position binds the
 *            rows it brings in, before the frame, as a dragged scrollbar or the wheel does while the frame
 *            waits), the main thread's processor time in those two (what the step costs when other programs
 *            share the processors), and the longest main-loop iteration, its wait for events left out
 *            (what would hold up input), as median / 95th / 99th percentile / max.   target: no frame over 16 ms, input included
 * Needs a display: xvfb-run -a build/tests/bench/bench-image-list
 *
 * Usage: bench-image-list [--images N] [--steps N] [--fresh]
 */
#define G_LOG_DOMAIN "shadelab-bench-image-list"

#include "config.h"

#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "core/formats/synth-writer.h"
#include "image-list-fixture.h"
#include "sh-image-list.h"

#define N_PHOTOS 12
#define FRAME_TARGET_MS 16.0

static guint n_paints;
static gint64 before_paint, frame_usec;
static gint64 before_paint_cpu, frame_cpu_usec;

static gint64
thread_cpu_usec (void)
{
  struct timespec now;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &now);
  return (gint64) now.tv_sec * G_USEC_PER_SEC + now.tv_nsec / 1000;
}

static void
on_before_paint (GdkFrameClock *clock, gpointer data)
{
  before_paint = g_get_monotonic_time ();
  before_paint_cpu = thread_cpu_usec ();
}

static void
on_after_paint (GdkFrameClock *clock, gpointer data)
{
  frame_usec = g_get_monotonic_time () - before_paint;
  frame_cpu_usec = thread_cpu_usec () - before_paint_cpu;
  n_paints++;
}

/* The main loop's wait for something to do, which an iteration's time leaves out: it holds nothing up. */
static GPollFunc default_poll;
static gint64 poll_usec;

static gint
timed_poll (GPollFD *fds, guint n_fds, gint timeout)
{
  gint64 start = g_get_monotonic_time ();
  gint result = default_poll (fds, n_fds, timeout);

  poll_usec += g_get_monotonic_time () - start;
  return result;
}

static void
wait_for_frame (gint64 *worst_iteration)
{
  guint target = n_paints + 1;
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (n_paints < target && g_get_monotonic_time () < deadline)
    {
      gint64 start = g_get_monotonic_time ();
      poll_usec = 0;
      g_main_context_iteration (NULL, TRUE);
      if (worst_iteration)
        *worst_iteration = MAX (*worst_iteration, g_get_monotonic_time () - start - poll_usec);
    }
}

typedef struct {
  GArray *frame, *step, *step_cpu, *iteration;
} ScrollTimes;

static void
scroll_times_init (ScrollTimes *times)
{
  times->frame = g_array_new (FALSE, FALSE, sizeof (gint64));
  times->step = g_array_new (FALSE, FALSE, sizeof (gint64));
  times->step_cpu = g_array_new (FALSE, FALSE, sizeof (gint64));
  times->iteration = g_array_new (FALSE, FALSE, sizeof (gint64));
}

static void
scroll_times_clear (ScrollTimes *times)
{
  g_array_unref (times->frame);
  g_array_unref (times->step);
  g_array_unref (times->step_cpu);
  g_array_unref (times->iteration);
}

/* Moves the list as a scrollbar or the wheel does and waits for the frame that shows it. */
static void
scroll_step (GtkAdjustment *adjustment, double value, ScrollTimes *times)
{
  gint64 start = g_get_monotonic_time (), start_cpu = thread_cpu_usec ();
  gint64 input, input_cpu, step, step_cpu, worst_iteration = 0;

  gtk_adjustment_set_value (adjustment, value);
  input = g_get_monotonic_time () - start;
  input_cpu = thread_cpu_usec () - start_cpu;
  wait_for_frame (&worst_iteration);
  step = input + frame_usec;
  step_cpu = input_cpu + frame_cpu_usec;
  g_array_append_val (times->frame, frame_usec);
  g_array_append_val (times->step, step);
  g_array_append_val (times->step_cpu, step_cpu);
  g_array_append_val (times->iteration, worst_iteration);
}

static void report (const char *what, GArray *usec, double target_ms);

static void
report_scroll (const char *what, ScrollTimes *times, double target_ms)
{
  g_autofree char *frame = g_strdup_printf ("scroll %s frame", what);
  g_autofree char *step = g_strdup_printf ("scroll %s input+frame", what);
  g_autofree char *cpu = g_strdup ("  its processor time");
  g_autofree char *iteration = g_strdup_printf ("scroll %s iteration", what);

  report (frame, times->frame, target_ms);
  report (step, times->step, target_ms);
  report (cpu, times->step_cpu, 0);
  report (iteration, times->iteration, 0);
}

static void
counts_changed_cb (ShImageListModel *model, gboolean *waiting)
{
  *waiting = FALSE;
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
  gint64 median, p95, p99, worst;

  g_array_sort (usec, compare_int64);
  median = g_array_index (usec, gint64, usec->len / 2);
  p95 = g_array_index (usec, gint64, usec->len * 95 / 100);
  p99 = g_array_index (usec, gint64, usec->len * 99 / 100);
  worst = g_array_index (usec, gint64, usec->len - 1);
  printf ("%-26s median %7.2f ms   95th %7.2f ms   99th %7.2f ms   max %7.2f ms", what, median / 1000.0,
          p95 / 1000.0, p99 / 1000.0, worst / 1000.0);
  if (target_ms > 0)
    printf ("   target < %.0f ms (99th)   %s", target_ms, p99 / 1000.0 < target_ms ? "ok" : "MISSED");
  printf ("\n");
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GOptionContext) context = g_option_context_new ("- time the image list");
  int n_images = 1000000, steps = 2000;
  gboolean fresh = FALSE;
  GOptionEntry entries[] = {
    { "images", 0, 0, G_OPTION_ARG_INT, &n_images, "Images in the generated project (1000000)", "N" },
    { "steps", 0, 0, G_OPTION_ARG_INT, &steps, "Scroll steps over the whole list (2000)", "N" },
    { "fresh", 0, 0, G_OPTION_ARG_NONE, &fresh, "Generate the project again even when it is there", NULL },
    { NULL },
  };
  g_autofree char *dir = NULL;
  g_autofree char *cached_dir = NULL;
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
  ScrollTimes jumps, wheel;
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
  default_poll = g_main_context_get_poll_func (NULL);
  g_main_context_set_poll_func (NULL, timed_poll);

  {
    g_autofree char *here = g_path_get_dirname (argv[0]);
    g_autofree char *name = g_strdup_printf ("bench-image-list-%d-v%d", n_images, SH_PROJECT_SCHEMA_VERSION);
    g_autofree char *relative = g_build_filename (here, name, NULL);
    /* The project stores the photos' absolute paths. */
    cached_dir = g_canonicalize_filename (relative, NULL);
  }
  dir = g_dir_make_tmp ("shadelab-bench-list-XXXXXX", &error);
  g_assert_no_error (error);
  photos_dir = g_build_filename (cached_dir, "photos", NULL);
  path = g_build_filename (cached_dir, "bench" SH_PROJECT_EXTENSION, NULL);
  if (fresh || !g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_autofree char *partial = g_strconcat (path, ".partial", NULL);
      g_autofree char *remove = g_strdup_printf ("rm -rf '%s'", cached_dir);

      if (system (remove) != 0 || g_mkdir_with_parents (cached_dir, 0755) != 0)
        return 1;
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
              g_autofree char *file = g_strdup_printf ("synth-%04d.%s", i + 1, extensions[e]);
              char *candidate = g_build_filename (photos_dir, file, NULL);
              if (g_file_test (candidate, G_FILE_TEST_EXISTS))
                photos[i] = candidate;
              else
                g_free (candidate);
            }
          g_assert_nonnull (photos[i]);
        }
      start = g_get_monotonic_time ();
      image_list_fixture_create (partial, (guint) n_images, (const char *const *) photos, N_PHOTOS, &truth);
      if (g_rename (partial, path) != 0)
        return 1;
      {
        g_autofree char *lock = g_strconcat (partial, ".lock", NULL);
        g_unlink (lock);
      }
      printf ("project: %d images written in %.1f s (%s)\n", n_images,
              (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC, path);
      for (int i = 0; i < N_PHOTOS; i++)
        g_free (photos[i]);
    }
  else
    printf ("project: reusing %s (--fresh makes it again)\n", path);

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
  {
    char what[64];
    g_snprintf (what, sizeof what, "page load (%d rows)", SH_IMAGE_LIST_PAGE_SIZE);
    report (what, times, 0);
  }

  /* filters, sorts and searches, in the background, as the window's menus and search entry switch them */
  {
    static const struct {
      const char *what;
      ShImageFilter filter;
      ShImageSort sort;
      gboolean descending;
      const char *search;
    } switches[] = {
      { "filter model", SH_IMAGE_FILTER_MODEL, SH_IMAGE_SORT_DATE, FALSE, "" },
      { "filter check-failed", SH_IMAGE_FILTER_CHECK_FAILED, SH_IMAGE_SORT_DATE, FALSE, "" },
      { "filter rejected", SH_IMAGE_FILTER_REJECTED, SH_IMAGE_SORT_DATE, FALSE, "" },
      { "filter skipped", SH_IMAGE_FILTER_SKIPPED, SH_IMAGE_SORT_DATE, FALSE, "" },
      { "filter labeled", SH_IMAGE_FILTER_LABELED, SH_IMAGE_SORT_DATE, FALSE, "" },
      { "filter new", SH_IMAGE_FILTER_NEW, SH_IMAGE_SORT_DATE, FALSE, "" },
      { "filter all", SH_IMAGE_FILTER_ALL, SH_IMAGE_SORT_DATE, FALSE, "" },
      { "sort name", SH_IMAGE_FILTER_ALL, SH_IMAGE_SORT_NAME, FALSE, "" },
      { "sort name descending", SH_IMAGE_FILTER_ALL, SH_IMAGE_SORT_NAME, TRUE, "" },
      { "sort status", SH_IMAGE_FILTER_ALL, SH_IMAGE_SORT_STATUS, FALSE, "" },
      { "sort date descending", SH_IMAGE_FILTER_ALL, SH_IMAGE_SORT_DATE, TRUE, "" },
      { "search \"img-00042\"", SH_IMAGE_FILTER_ALL, SH_IMAGE_SORT_DATE, FALSE, "img-00042" },
      { "search \"7\"", SH_IMAGE_FILTER_ALL, SH_IMAGE_SORT_DATE, FALSE, "7" },
      { "search \"7\", filter new", SH_IMAGE_FILTER_NEW, SH_IMAGE_SORT_DATE, FALSE, "7" },
      { "search cleared", SH_IMAGE_FILTER_ALL, SH_IMAGE_SORT_DATE, FALSE, "" },
    };
    guint counts[SH_IMAGE_N_FILTERS];

    /* The first count, started by the model. */
    while (!sh_image_list_model_get_counts (model, counts))
      g_main_context_iteration (NULL, TRUE);
    for (guint i = 0; i < G_N_ELEMENTS (switches); i++)
      {
        char what[64];
        gint64 list_took = 0, count_took = 0;
        gulong handler;
        gboolean counted = FALSE;  /* TRUE while a count is on its way */

        g_array_set_size (times, 0);
        start = g_get_monotonic_time ();
        handler = g_signal_connect (model, "counts-changed", G_CALLBACK (counts_changed_cb), &counted);
        counted = TRUE;
        sh_image_list_model_set_filter (model, switches[i].filter);
        sh_image_list_model_set_sort (model, switches[i].sort, switches[i].descending);
        {
          gboolean search_changed = g_strcmp0 (sh_image_list_model_get_search (model), switches[i].search) != 0;
          sh_image_list_model_set_search (model, switches[i].search);
          if (!search_changed)
            counted = FALSE;
        }
        while (sh_image_list_model_get_loading (model) || counted)
          {
            g_main_context_iteration (NULL, TRUE);
            if (!sh_image_list_model_get_loading (model) && list_took == 0)
              list_took = g_get_monotonic_time () - start;
          }
        count_took = g_get_monotonic_time () - start;
        g_signal_handler_disconnect (model, handler);
        if (list_took == 0)
          list_took = count_took;
        g_array_append_val (times, list_took);
        g_snprintf (what, sizeof what, "%s (%u)", switches[i].what, g_list_model_get_n_items (G_LIST_MODEL (model)));
        report (what, times, 0);
        if (*switches[i].search != '\0' || i == G_N_ELEMENTS (switches) - 1)
          {
            sh_image_list_model_get_counts (model, counts);
            printf ("  counts in %.3f s:", count_took / (double) G_USEC_PER_SEC);
            for (int f = 0; f < SH_IMAGE_N_FILTERS; f++)
              printf (" %s %u", sh_image_filter_get_name (f), counts[f]);
            printf ("\n");
          }
      }
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

  scroll_times_init (&jumps);
  start = g_get_monotonic_time ();
  for (int i = 0; i <= steps; i++)
    {
      double page = gtk_adjustment_get_page_size (adjustment);
      scroll_step (adjustment, (gtk_adjustment_get_upper (adjustment) - page) * i / steps, &jumps);
    }
  printf ("scroll: %d jumps over %d rows in %.1f s\n", steps, n_images,
          (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);
  report_scroll ("jump", &jumps, FRAME_TARGET_MS);
  scroll_times_clear (&jumps);

  /* a wheel-like stretch: a quarter page a step */
  scroll_times_init (&wheel);
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment) / 3);
  wait_for_frame (NULL);
  for (int i = 0; i < steps / 4; i++)
    scroll_step (adjustment,
                 gtk_adjustment_get_value (adjustment) + gtk_adjustment_get_page_size (adjustment) / 4, &wheel);
  report_scroll ("wheel", &wheel, FRAME_TARGET_MS);
  scroll_times_clear (&wheel);
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
