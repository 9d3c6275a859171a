/* bench-next-image.c: next-image latency as the labeling window sees it, on 12-megapixel JPEGs.
 *
 * Latency is the time from "go to the next image" to having its decoded ShSharedImage and the display-ready
 * BGRA8 pixels of the visible area: a 1600x1000 view at fit zoom, rendered through the photo's display
 * transform (color/display.h) with the reduction step of that zoom. Two runs over the same photos:
 *   cold      no prefetch: every image is decoded when asked for;
 *   prefetch  while the labeler works on an image (--label-ms, default 300 ms) the next two and the previous
 *             one are hinted and decoded on the worker threads.
 * Prints median and worst for each, and the decode time alone.
 *
 *   bench-next-image [--dir DIR] [--count N] [--label-ms MS]
 * DIR holds the generated photos (made on first use, kept for later runs; default
 * $TMPDIR/shadelab-bench-next-image).
 */
#define G_LOG_DOMAIN "shadelab-bench-next-image"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "color/display.h"
#include "core/models/image-prefetch.h"
#include "core/store/project.h"
#include "core/formats/synth-writer.h"
#include "tests/lib/test-stats.h"
#include "tests/lib/test-store.h"

#define PHOTO_WIDTH 4000
#define PHOTO_HEIGHT 3000
#define VIEW_WIDTH 1600
#define VIEW_HEIGHT 1000

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
      sh_synth_params_for_seed ((guint32) (7000 + i), PHOTO_WIDTH, PHOTO_HEIGHT, &params);
      sh_synth_encoding_for_seed ((guint32) (7000 + i), &encoding);
      encoding.format = SH_SYNTH_JPEG;
      if (encoding.jpeg_quality < 85)
        encoding.jpeg_quality = 90;
      encoding.noise_sigma = params.noise_sigma;
      encoding.noise_seed = (guint32) i;
      linear = sh_synth_render (&params, &truth);
      if (linear == NULL || !sh_synth_write (linear, PHOTO_WIDTH, PHOTO_HEIGHT, &encoding, path, &error))
        g_error ("cannot write %s: %s", path, error != NULL ? error->message : "out of memory");
      free (linear);
      fprintf (stderr, "\rgenerated %d/%d", i + 1, count);
    }
  fprintf (stderr, "\n");
}

/* What the window does once it has the photo: the display transform of its profile and the BGRA8 pixels of
 * the whole image at fit zoom. Returns the output size for a sanity check. */
static int
render_fit (ShDisplayProfile *monitor, ShSharedImage *shared, guint8 **buffer, gsize *buffer_size)
{
  const ShLoadedImage *loaded = sh_shared_image_get_loaded (shared);
  const ShImage *image = loaded->image;
  double zoom = MIN ((double) VIEW_WIDTH / image->width, (double) VIEW_HEIGHT / image->height);
  int step = zoom >= 1 ? 1 : (int) floor (1.0 / zoom);
  int out_width = sh_display_reduced_size (image->width, step);
  int out_height = sh_display_reduced_size (image->height, step);
  gsize needed = (gsize) out_width * out_height * 4;
  char message[256];
  ShDisplayTransform *transform;

  transform = sh_display_transform_new_for_image (monitor, &image->model, loaded->icc_data, loaded->icc_len,
                                                  message, sizeof message);
  if (transform == NULL)
    g_error ("display transform: %s", message);
  if (*buffer_size < needed)
    {
      g_free (*buffer);
      *buffer = g_malloc (needed);
      *buffer_size = needed;
    }
  if (!sh_display_transform_render_image (transform, image, 0, 0, image->width, image->height, step, *buffer,
                                          out_width * 4))
    g_error ("render failed");
  sh_display_transform_unref (transform);
  return out_width * out_height;
}

static void
report (const char *name, double *values, int n)
{
  qsort (values, (size_t) n, sizeof *values, compare_double);
  double median = n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
  printf ("%-34s median %7.1f ms   worst %7.1f ms   best %7.1f ms   (n = %d)\n", name, median, values[n - 1],
          values[0], n);
}

typedef struct {
  double *latency;        /* per image */
  double *render;         /* transform + render part of the latency */
} Run;

/* Goes through the images in order as a labeler would; with prefetch, hints next 2 and previous 1 as each
 * image is shown, then spends label_ms on it. */
static void
run (ShProject *project, const gint64 *ids, int count, gboolean prefetch, int label_ms, ShDisplayProfile *monitor,
     Run *out, guint *n_decodes)
{
  g_autoptr (ShImagePrefetch) images = sh_image_prefetch_new (project, 0);
  g_autofree guint8 *buffer = NULL;
  gsize buffer_size = 0;

  for (int i = 0; i < count; i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (ShSharedImage) shared = NULL;
      gint64 start = g_get_monotonic_time (), decoded;

      shared = sh_image_prefetch_get_sync (images, ids[i], NULL, &error);
      if (shared == NULL)
        g_error ("%s", error->message);
      decoded = g_get_monotonic_time ();
      if (render_fit (monitor, shared, &buffer, &buffer_size) <= 0)
        g_error ("nothing rendered");
      out->latency[i] = (g_get_monotonic_time () - start) / 1000.0;
      out->render[i] = (g_get_monotonic_time () - decoded) / 1000.0;

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
      g_usleep ((gulong) label_ms * 1000);
    }
  *n_decodes = sh_image_prefetch_get_n_decodes (images);
}

int
main (int argc, char **argv)
{
  g_autofree char *dir = NULL;
  g_autofree char *project_dir = NULL;
  g_autofree char *project_path = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GOptionContext) options = NULL;
  g_autofree gint64 *ids = NULL;
  int count = 20, label_ms = 300;
  ShDisplayProfile *monitor;
  ShProject *project;
  Run cold, warm;
  double *decode_ms;
  guint cold_decodes = 0, warm_decodes = 0;
  GOptionEntry entries[] = {
    { "dir", 0, 0, G_OPTION_ARG_FILENAME, &dir, "Folder of the generated photos", "DIR" },
    { "count", 0, 0, G_OPTION_ARG_INT, &count, "Images to go through (default 20)", "N" },
    { "label-ms", 0, 0, G_OPTION_ARG_INT, &label_ms, "Time spent on each image (default 300)", "MS" },
    { NULL },
  };

  options = g_option_context_new ("- next-image latency on 12-megapixel JPEGs");
  g_option_context_add_main_entries (options, entries, NULL);
  if (!g_option_context_parse (options, &argc, &argv, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return 2;
    }
  if (count < 2)
    count = 2;
  if (dir == NULL)
    dir = g_build_filename (g_get_tmp_dir (), "shadelab-bench-next-image", NULL);
  ensure_photos (dir, count);

  project_dir = g_dir_make_tmp ("shadelab-bench-next-XXXXXX", &error);
  if (project_dir == NULL)
    g_error ("%s", error->message);
  project_path = g_build_filename (project_dir, "bench.shadelab", NULL);
  project = sh_project_create (project_path, &error);
  if (project == NULL)
    g_error ("%s", error->message);
  ids = g_new (gint64, count);
  for (int i = 0; i < count; i++)
    {
      g_autofree char *path = photo_path (dir, i);
      ids[i] = add_photo_file (project, path, PHOTO_WIDTH, PHOTO_HEIGHT, "");
    }

  monitor = sh_display_profile_new_srgb ();
  cold.latency = g_new (double, count);
  cold.render = g_new (double, count);
  warm.latency = g_new (double, count);
  warm.render = g_new (double, count);
  decode_ms = g_new (double, count);

  for (int i = 0; i < count; i++)
    {
      g_autofree char *path = photo_path (dir, i);
      g_autoptr (ShLoadedImage) loaded = sh_load_image (path, NULL, &error);
      if (loaded == NULL)
        g_error ("%s", error->message);
      decode_ms[i] = loaded->decode_ms;
    }

  run (project, ids, count, FALSE, label_ms, monitor, &cold, &cold_decodes);
  run (project, ids, count, TRUE, label_ms, monitor, &warm, &warm_decodes);

  printf ("%d photos of %dx%d (JPEG) in %s; view %dx%d at fit zoom; %d ms on each image; %d worker threads\n",
          count, PHOTO_WIDTH, PHOTO_HEIGHT, dir, VIEW_WIDTH, VIEW_HEIGHT, label_ms, SH_IMAGE_PREFETCH_THREADS);
  report ("decode alone (sh_load_image)", decode_ms, count);
  report ("next image, cold", cold.latency, count);
  report ("  of which display render", cold.render, count);
  /* The first image cannot have been prefetched: it is reported apart. */
  printf ("next image, prefetch: first image (never hinted) %.1f ms\n", warm.latency[0]);
  report ("next image, prefetch (2nd on)", warm.latency + 1, count - 1);
  report ("  of which display render", warm.render + 1, count - 1);
  printf ("decodes: cold %u, prefetch %u\n", cold_decodes, warm_decodes);

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
  g_free (warm.latency);
  g_free (warm.render);
  g_free (decode_ms);
  return 0;
}
