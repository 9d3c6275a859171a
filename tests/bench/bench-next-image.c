/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-next-image.c: next-image latency as the labeling window sees it, on large JPEGs.
 *
 * Latency is the time from "go to the next image" to having the display-ready BGRA8 pixels of the photo at
 * fit zoom in the view (default 1600x1000): the preview the prefetcher decodes at the view's scale and
 * converts through the photo's display transform (color/display.h) on its worker, or, when the photo came
 * otherwise (its full decode was there first), that conversion done on asking, with the reduction step of
 * that zoom. As in the window, the full decode is asked for too once the photo
 * shows (the live swatch measures it), and the labeler then spends --label-ms on the photo. Runs:
 *   cold      no prefetch: every image is decoded when asked for;
 *   prefetch  the next two and the previous one are hinted as each image shows;
 *   zoom 1:1  after the dwell, from the moment of zooming, the rect the canvas asks for first (the view's
 *             area in the middle of the photo) in monitor colours at full resolution, as the window makes it
 *             (sh_detail_render): from the full decode when it is there, else decoded alone from the JPEG;
 * each as p50 / p95 / worst, the decode times alone, the prefetcher's memory and the process's peak memory
 * (VmHWM).
 *
 *   bench-next-image [--dir DIR] [--size WxH] [--count N] [--distinct N] [--label-ms MS] [--view WxH]
 * DIR holds the generated photos (made on first use, kept for later runs; default
 * $TMPDIR/shadelab-bench-next-image-WxH). --distinct N photos are generated and the project lists them over
 * and over up to --count images (each one its own image, decoded anew).
 */
#define G_LOG_DOMAIN "shadelab-bench-next-image"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "color/display.h"
#include "color/image.h"
#include "core/formats/detail-render.h"
#include "core/models/image-prefetch.h"
#include "core/store/project.h"
#include "core/formats/synth-writer.h"
#include "tests/lib/test-store.h"

static int photo_width = 4000, photo_height = 3000;
static int view_width = 1600, view_height = 1000;

static char *
photo_path (const char *dir, int index)
{
  g_autofree char *name = g_strdup_printf ("photo-%03d.jpg", index);
  return g_build_filename (dir, name, NULL);
}

/* JPEGs from the synthetic photo generator: its varied encodings (profiles, orientations, quality), always as
 * JPEG. */
static void
ensure_photos (const char *dir, int count)
{
  g_mkdir_with_parents (dir, 0755);
  for (int i = 0; i < count; i++)
    {
      g_autofree char *path = photo_path (dir, i);
      g_autoptr (GError) error = NULL;
      ShSynthParams params;
      ShSynthTruth truth;
      ShSynthEncoding encoding;
      float *linear;

      if (g_file_test (path, G_FILE_TEST_EXISTS))
        continue;
      sh_synth_params_for_seed ((guint32) (7000 + i), photo_width, photo_height, &params);
      sh_synth_encoding_for_seed ((guint32) (7000 + i), &encoding);
      encoding.format = SH_SYNTH_JPEG;
      if (encoding.jpeg_quality < 85)
        encoding.jpeg_quality = 90;
      encoding.noise_sigma = params.noise_sigma;
      encoding.noise_seed = (guint32) i;
      linear = sh_synth_render (&params, &truth);
      if (linear == NULL || !sh_synth_write (linear, photo_width, photo_height, &encoding, path, &error))
        g_error ("cannot write %s: %s", path, error != NULL ? error->message : "out of memory");
      free (linear);
      fprintf (stderr, "\rgenerated %d/%d", i + 1, count);
    }
  fprintf (stderr, "\n");
}

static void
ensure_buffer (guint8 **buffer, gsize *buffer_size, gsize needed)
{
  if (*buffer_size < needed)
    {
      g_free (*buffer);
      *buffer = g_malloc (needed);
      *buffer_size = needed;
    }
}

static ShDisplayTransform *
transform_for (ShDisplayProfile *monitor, const ShLoadedImage *loaded)
{
  char message[256];
  ShDisplayTransform *transform = sh_display_transform_new_for_image (monitor, &loaded->image->model,
                                                                      loaded->icc_data, loaded->icc_len, message,
                                                                      sizeof message);
  if (transform == NULL)
    g_error ("display transform: %s", message);
  return transform;
}

/* What the window does once it has the photo for the screen: the display transform of its profile and the
 * BGRA8 pixels of the whole image at fit zoom (the canvas's zoom is in the photo's own pixels; a preview
 * already carries part of the reduction). Returns the output size for a sanity check. */
static int
render_fit (ShDisplayProfile *monitor, ShSharedImage *shared, guint8 **buffer, gsize *buffer_size)
{
  const ShLoadedImage *loaded = sh_shared_image_get_loaded (shared);
  const ShImage *image = loaded->image;
  const ShDisplayRendering *ready = sh_shared_image_get_display (shared, monitor, view_width, view_height);
  int step = sh_loaded_image_fit_step (loaded, view_width, view_height);
  int out_width = sh_display_reduced_size (image->width, step);
  int out_height = sh_display_reduced_size (image->height, step);
  ShDisplayTransform *transform;

  /* Converted by the prefetcher's worker already: the window wraps those pixels as they are. */
  if (ready != NULL)
    return ready->width * ready->height;
  transform = transform_for (monitor, loaded);

  ensure_buffer (buffer, buffer_size, (gsize) out_width * out_height * 4);
  if (!sh_display_transform_render_image (transform, image, 0, 0, image->width, image->height, step, *buffer,
                                          out_width * 4))
    g_error ("render failed");
  sh_display_transform_unref (transform);
  return out_width * out_height;
}

/* The rect the canvas asks for first at 1:1 in the middle of the photo: the view's area (the margin around it
 * for panning comes after, once that is sharp). */
static void
detail_rect (int full_width, int full_height, int *x, int *y, int *width, int *height)
{
  *width = MIN (view_width, full_width);
  *height = MIN (view_height, full_height);
  *x = (full_width - *width) / 2;
  *y = (full_height - *height) / 2;
}

/* The detail at 1:1 as the window makes it (sh_detail_render): that rect of the full photo, or when it is not
 * decoded yet that rect decoded alone from the file. */
static void
render_detail (ShDisplayProfile *monitor, ShSharedImage *full, ShSharedImage *shown, const char *path,
               guint8 **buffer, gsize *buffer_size)
{
  const ShLoadedImage *loaded = sh_shared_image_get_loaded (full != NULL ? full : shown);
  g_autoptr (GError) error = NULL;
  ShDisplayTransform *transform = transform_for (monitor, loaded);
  int x, y, width, height;

  detail_rect (loaded->full_width > 0 ? loaded->full_width : loaded->image->width,
               loaded->full_height > 0 ? loaded->full_height : loaded->image->height, &x, &y, &width, &height);
  ensure_buffer (buffer, buffer_size, (gsize) width * height * 4);
  if (!sh_detail_render (transform, full, path, x, y, width, height, 1, *buffer, width * 4, &error))
    g_error ("render failed: %s", error->message);
  sh_display_transform_unref (transform);
}

static double
thread_cpu_ms (void)
{
  struct timespec now;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &now);
  return (double) now.tv_sec * 1000.0 + (double) now.tv_nsec / 1e6;
}

static int
compare_doubles (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static double
percentile (const double *sorted, int n, double p)
{
  int index = (int) ceil (p * n) - 1;
  return sorted[CLAMP (index, 0, n - 1)];
}

static void
report (const char *name, const double *values, int n)
{
  g_autofree double *sorted = g_memdup2 (values, sizeof *values * (gsize) n);

  qsort (sorted, (size_t) n, sizeof *sorted, compare_doubles);
  printf ("%-36s p50 %7.1f ms   p95 %7.1f ms   worst %7.1f ms   (n = %d)\n", name, percentile (sorted, n, 0.5),
          percentile (sorted, n, 0.95), sorted[n - 1], n);
}

typedef struct {
  double *latency;        /* per image */
  double *render;         /* transform + render part of the latency */
  double *decode;         /* the decode of what was shown, wherever and whenever it ran */
  double *zoom;           /* zoom to 1:1 after the dwell */
  double *zoom_cpu;       /* of which processor time on the zooming thread (what the machine's load cannot add to) */
  int n_zoom_regions;     /* zooms answered by a decode of the rect alone */
  guint n_decodes;
  gsize peak_prefetch;    /* bytes of pixels the prefetcher held at most */
} Run;

static void
full_ready_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  ShSharedImage **slot = user_data;
  g_autoptr (GError) error = NULL;
  ShSharedImage *image = sh_image_prefetch_get_finish (SH_IMAGE_PREFETCH (source), result, &error);

  if (image == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_error ("%s", error->message);
  if (image != NULL)
    {
      g_clear_pointer (slot, sh_shared_image_unref);
      *slot = image;
    }
}

/* The labeler's time on a photo, with the main loop running so the full decode arrives as in the window. */
static void
dwell (int label_ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) label_ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (1000);
    }
}

/* Goes through the images in order as a labeler would; with prefetch, hints next 2 and previous 1 as each
 * image is shown, then spends label_ms on it. With zoom, zooms to 1:1 at the end of each dwell. */
static void
run (ShProject *project, const gint64 *ids, char **paths, int count, gboolean prefetch, gboolean zoom, int label_ms,
     ShDisplayProfile *monitor, Run *out)
{
  g_autoptr (ShImagePrefetch) images = sh_image_prefetch_new (project, 0);
  g_autofree guint8 *buffer = NULL;
  gsize buffer_size = 0;

  sh_image_prefetch_set_view_size (images, view_width, view_height);
  sh_image_prefetch_set_display_profile (images, monitor);
  for (int i = 0; i < count; i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (ShSharedImage) shared = NULL;
      g_autoptr (GCancellable) cancellable = g_cancellable_new ();
      ShSharedImage *full = NULL;
      gint64 start = g_get_monotonic_time (), decoded;

      shared = sh_image_prefetch_get_preview_sync (images, ids[i], NULL, &error);
      if (shared == NULL)
        g_error ("%s", error->message);
      decoded = g_get_monotonic_time ();
      out->decode[i] = sh_shared_image_get_loaded (shared)->decode_ms;
      if (render_fit (monitor, shared, &buffer, &buffer_size) <= 0)
        g_error ("nothing rendered");
      out->latency[i] = (g_get_monotonic_time () - start) / 1000.0;
      if (g_getenv ("BENCH_TRACE"))
        fprintf (stderr, "%s %d: %.1f ms, decode %.1f ms, scale %d\n", prefetch ? "prefetch" : "cold", i,
                 out->latency[i], sh_shared_image_get_loaded (shared)->decode_ms,
                 sh_shared_image_get_loaded (shared)->scale);
      out->render[i] = (g_get_monotonic_time () - decoded) / 1000.0;

      /* The window asks for the full photo for the swatch, then hints the neighbours. */
      sh_image_prefetch_get (images, ids[i], cancellable, full_ready_cb, &full);
      if (prefetch)
        {
          gint64 hints[3];
          gsize n = 0;
          if (i + 1 < count)
            hints[n++] = ids[i + 1];
          if (i + 2 < count)
            hints[n++] = ids[i + 2];
          if (i > 0)
            hints[n++] = ids[i - 1];
          sh_image_prefetch_hint (images, hints, n);
        }
      dwell (label_ms);
      if (zoom)
        {
          double cpu_start;

          start = g_get_monotonic_time ();
          /* The decode the window asked for may have come in this very moment. */
          while (g_main_context_iteration (NULL, FALSE))
            ;
          cpu_start = thread_cpu_ms ();
          out->n_zoom_regions += full == NULL;
          render_detail (monitor, full, shared, paths[i], &buffer, &buffer_size);
          out->zoom[i] = (g_get_monotonic_time () - start) / 1000.0;
          out->zoom_cpu[i] = thread_cpu_ms () - cpu_start;
          if (g_getenv ("BENCH_TRACE"))
            fprintf (stderr, "zoom %d: %.1f ms (processor %.1f ms) from the %s\n", i, out->zoom[i], out->zoom_cpu[i],
                     full != NULL ? "full decode" : "rect");
        }
      /* Moving on: the window drops its request for this photo. */
      g_cancellable_cancel (cancellable);
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_clear_pointer (&full, sh_shared_image_unref);
    }
  out->n_decodes = sh_image_prefetch_get_n_decodes (images);
  sh_image_prefetch_get_memory (images, NULL, &out->peak_prefetch);
}

static gboolean
parse_size (const char *text, int *width, int *height)
{
  return text == NULL || (sscanf (text, "%dx%d", width, height) == 2 && *width > 0 && *height > 0);
}

/* The process's peak resident memory, in MiB. */
static double
peak_rss_mib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) || (line = strstr (status, "VmHWM:")) == NULL)
    return 0;
  return g_ascii_strtod (line + 6, NULL) / 1024.0;
}

int
main (int argc, char **argv)
{
  g_autofree char *dir = NULL;
  g_autofree char *size = NULL;
  g_autofree char *view = NULL;
  g_autofree char *project_dir = NULL;
  g_autofree char *project_path = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GOptionContext) options = NULL;
  g_autofree gint64 *ids = NULL;
  g_auto (GStrv) paths = NULL;
  int count = 20, distinct = 0, label_ms = 300, zoom_count = 10;
  double load[3] = { 0 };
  ShDisplayProfile *monitor;
  ShProject *project;
  Run cold = { 0 }, warm = { 0 }, zoomed = { 0 };
  double *decode_ms, *preview_ms;
  GOptionEntry entries[] = {
    { "dir", 0, 0, G_OPTION_ARG_FILENAME, &dir, "Folder of the generated photos", "DIR" },
    { "size", 0, 0, G_OPTION_ARG_STRING, &size, "Size of the generated photos (default 4000x3000)", "WxH" },
    { "view", 0, 0, G_OPTION_ARG_STRING, &view, "Size of the view (default 1600x1000)", "WxH" },
    { "count", 0, 0, G_OPTION_ARG_INT, &count, "Images to go through (default 20)", "N" },
    { "distinct", 0, 0, G_OPTION_ARG_INT, &distinct, "Photos generated, listed again up to N (default N)", "N" },
    { "label-ms", 0, 0, G_OPTION_ARG_INT, &label_ms, "Time spent on each image (default 300)", "MS" },
    { "zoom-count", 0, 0, G_OPTION_ARG_INT, &zoom_count, "Images zoomed to 1:1 (default 10, 0: none)", "N" },
    { NULL },
  };

  sh_image_release_memory_promptly ();  /* as the app does */
  options = g_option_context_new ("- next-image latency on large JPEGs");
  g_option_context_add_main_entries (options, entries, NULL);
  if (!g_option_context_parse (options, &argc, &argv, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return 2;
    }
  if (!parse_size (size, &photo_width, &photo_height) || !parse_size (view, &view_width, &view_height))
    {
      fprintf (stderr, "sizes are WIDTHxHEIGHT, e.g. 6000x4000\n");
      return 2;
    }
  if (count < 2)
    count = 2;
  if (distinct <= 0 || distinct > count)
    distinct = count;
  zoom_count = CLAMP (zoom_count, 0, count);
  if (dir == NULL)
    {
      g_autofree char *name = g_strdup_printf ("shadelab-bench-next-image-%dx%d", photo_width, photo_height);
      dir = g_build_filename (g_get_tmp_dir (), name, NULL);
    }
  ensure_photos (dir, distinct);

  project_dir = g_dir_make_tmp ("shadelab-bench-next-XXXXXX", &error);
  if (project_dir == NULL)
    g_error ("%s", error->message);
  project_path = g_build_filename (project_dir, "bench.shadelab", NULL);
  project = sh_project_create (project_path, &error);
  if (project == NULL)
    g_error ("%s", error->message);
  ids = g_new (gint64, count);
  paths = g_new0 (char *, count + 1);
  for (int i = 0; i < count; i++)
    {
      paths[i] = photo_path (dir, i % distinct);
      /* The same file listed again is another image to the project (and to the prefetcher). */
      ids[i] = add_photo_file_copy (project, paths[i], photo_width, photo_height, "", i / distinct);
    }

  monitor = sh_display_profile_new_srgb ();
  cold.latency = g_new0 (double, count);
  cold.render = g_new0 (double, count);
  cold.decode = g_new0 (double, count);
  warm.decode = g_new0 (double, count);
  zoomed.decode = g_new0 (double, count);
  warm.latency = g_new0 (double, count);
  warm.render = g_new0 (double, count);
  zoomed.latency = g_new0 (double, count);
  zoomed.render = g_new0 (double, count);
  zoomed.zoom = g_new0 (double, count);
  zoomed.zoom_cpu = g_new0 (double, count);
  decode_ms = g_new0 (double, distinct);
  preview_ms = g_new0 (double, distinct);

  for (int i = 0; i < distinct; i++)
    {
      g_autofree char *path = photo_path (dir, i);
      ShLoadOptions preview = { .view_width = view_width, .view_height = view_height };
      g_autoptr (ShLoadedImage) loaded = sh_load_image (path, NULL, &error);
      g_autoptr (ShLoadedImage) small = NULL;

      if (loaded == NULL)
        g_error ("%s", error->message);
      decode_ms[i] = loaded->decode_ms;
      g_clear_pointer (&loaded, sh_loaded_image_free);
      small = sh_load_image (path, &preview, &error);
      if (small == NULL)
        g_error ("%s", error->message);
      preview_ms[i] = small->decode_ms;
    }

  run (project, ids, paths, count, FALSE, FALSE, label_ms, monitor, &cold);
  run (project, ids, paths, count, TRUE, FALSE, label_ms, monitor, &warm);
  if (zoom_count > 0)
    run (project, ids, paths, zoom_count, TRUE, TRUE, label_ms, monitor, &zoomed);

  if (getloadavg (load, 3) < 0)
    load[0] = load[1] = load[2] = 0;
  printf ("%d images (%d photos) of %dx%d (JPEG) in %s; view %dx%d at fit zoom; %d ms on each image; "
          "%d + %d worker threads; load average %.2f %.2f %.2f\n",
          count, distinct, photo_width, photo_height, dir, view_width, view_height, label_ms,
          SH_IMAGE_PREFETCH_THREADS, SH_IMAGE_PREFETCH_PREVIEW_THREADS, load[0], load[1], load[2]);
  report ("decode alone, full (sh_load_image)", decode_ms, distinct);
  report ("decode alone, preview for the view", preview_ms, distinct);
  report ("next image, cold", cold.latency, count);
  report ("  of which display render", cold.render, count);
  report ("  its decode (preview)", cold.decode, count);
  /* The first image cannot have been prefetched: it is reported apart. */
  printf ("next image, prefetch: first image (never hinted) %.1f ms\n", warm.latency[0]);
  report ("next image, prefetch (2nd on)", warm.latency + 1, count - 1);
  report ("  of which display render", warm.render + 1, count - 1);
  report ("  its decode, ahead of time", warm.decode + 1, count - 1);
  if (zoom_count > 0)
    {
      report ("zoom to 1:1, visible area sharp", zoomed.zoom, zoom_count);
      report ("  its processor time on that thread", zoomed.zoom_cpu, zoom_count);
      printf ("  %d of %d from the rect decoded alone, the others from the full decode\n", zoomed.n_zoom_regions,
              zoom_count);
    }
  printf ("decodes: cold %u, prefetch %u\n", cold.n_decodes, warm.n_decodes);
  printf ("memory: prefetched pixels at most %.0f MiB; process peak (VmHWM) %.0f MiB\n",
          (double) MAX (cold.peak_prefetch, warm.peak_prefetch) / (1024.0 * 1024.0), peak_rss_mib ());

  sh_display_profile_unref (monitor);
  sh_project_close (project);
  {
    g_autofree char *wal = g_strconcat (project_path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (project_path, "-shm", NULL);
    g_unlink (project_path);
    g_unlink (wal);
    g_unlink (shm);
    g_rmdir (project_dir);
  }
  g_free (cold.latency);
  g_free (cold.render);
  g_free (cold.decode);
  g_free (warm.decode);
  g_free (zoomed.decode);
  g_free (warm.latency);
  g_free (warm.render);
  g_free (zoomed.latency);
  g_free (zoomed.render);
  g_free (zoomed.zoom);
  g_free (zoomed.zoom_cpu);
  g_free (decode_ms);
  g_free (preview_ms);
  return 0;
}
