/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-thumbnail-cache.c: thumbnails hold sRGB colours (a tagged Adobe RGB photo's patch equals lcms2's
 * conversion of its numbers), stand upright (EXIF orientation), come back from the disk cache in a new cache
 * object, and a broken file ends in an error callback. No display needed. */
#define G_LOG_DOMAIN "shadelab-test"

#include "config.h"

#include <glib/gstdio.h>
#include <lcms2.h>
#include <stdlib.h>
#include <string.h>

#include "core/formats/synth-writer.h"
#include "core/models/thumbnail-cache.h"
#include "tests/lib/test-fs.h"

typedef struct {
  char *dir;
  char *cache_dir;
} Fixture;

typedef struct {
  gboolean done;
  GdkPixbuf *pixbuf;
  GError *error;
  GThread *thread;
} Result;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  f->dir = make_tmp_dir ("shadelab-thumbs");
  f->cache_dir = g_build_filename (f->dir, "cache", NULL);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_autofree char *command = g_strdup_printf ("rm -rf '%s'", f->dir);
  g_assert_cmpint (system (command), ==, 0);
  g_free (f->cache_dir);
  g_free (f->dir);
}

static void
on_result (GdkPixbuf *thumbnail, const GError *error, gpointer user_data)
{
  Result *result = user_data;

  g_assert_false (result->done);
  result->done = TRUE;
  result->pixbuf = thumbnail ? g_object_ref (thumbnail) : NULL;
  result->error = error ? g_error_copy (error) : NULL;
  result->thread = g_thread_self ();
}

static void
result_clear (Result *result)
{
  g_clear_object (&result->pixbuf);
  g_clear_error (&result->error);
  result->done = FALSE;
}

/* Requests and waits on the main context; the callback must come on this thread. */
static void
request (ShThumbnailCache *cache, const char *hash, const char *path, GCancellable *cancellable, Result *result)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  result_clear (result);
  sh_thumbnail_cache_request (cache, hash, path, cancellable, on_result, result);
  /* Never synchronous, even from memory. */
  g_assert_false (result->done);
  while (!result->done && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (result->done);
  g_assert_true (result->thread == g_thread_self ());
}

static char *
hash_of_file (const char *path)
{
  g_autofree char *data = NULL;
  gsize len;
  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, len);
}

/* A flat scene of one linear sRGB colour, left half and right half different when split. */
static void
write_scene (const char *path, int width, int height, const double left[3], const double right[3],
             ShSynthFormat format, ShSynthProfile profile, int orientation)
{
  g_autoptr (GError) error = NULL;
  float *linear = g_new (float, (gsize) width * height * 3);
  ShSynthEncoding encoding = { format, 98, profile, orientation, 0.0, 1 };

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      for (int c = 0; c < 3; c++)
        linear[((gsize) y * width + x) * 3 + c] = (float) (x < width / 2 ? left[c] : right[c]);
  g_assert_true (sh_synth_write (linear, width, height, &encoding, path, &error));
  g_assert_no_error (error);
  g_free (linear);
}

static void
pixel_at (GdkPixbuf *pixbuf, int x, int y, guint8 rgb[3])
{
  const guint8 *p = gdk_pixbuf_read_pixels (pixbuf) + (gsize) y * gdk_pixbuf_get_rowstride (pixbuf)
                    + (gsize) x * gdk_pixbuf_get_n_channels (pixbuf);
  memcpy (rgb, p, 3);
}

static void
test_adobe_rgb_colours (Fixture *f, gconstpointer data)
{
  /* A lipstick red inside sRGB, so the conversion is not clipped and every channel is checked. */
  static const double red[3] = { 0.42, 0.05, 0.07 };
  g_autofree char *path = g_build_filename (f->dir, "adobe.png", NULL);
  g_autoptr (ShThumbnailCache) cache = sh_thumbnail_cache_new_for_dir (f->cache_dir);
  g_autoptr (GdkPixbuf) raw = NULL;
  g_autofree char *hash = NULL;
  g_autofree guint8 *icc = NULL;
  Result result = { 0 };
  guint8 file_rgb[3], expected[3], got[3];
  gsize icc_len;
  cmsHPROFILE adobe, srgb;
  cmsHTRANSFORM transform;
  int max_raw_difference = 0;

  write_scene (path, 600, 400, red, red, SH_SYNTH_PNG, SH_SYNTH_PROFILE_ADOBE_RGB, 1);
  hash = hash_of_file (path);

  /* The numbers in the file, and what lcms2 makes of them in sRGB. */
  raw = gdk_pixbuf_new_from_file (path, NULL);
  g_assert_nonnull (raw);
  pixel_at (raw, 300, 200, file_rgb);
  icc = sh_synth_profile_icc (SH_SYNTH_PROFILE_ADOBE_RGB, &icc_len);
  adobe = cmsOpenProfileFromMem (icc, (cmsUInt32Number) icc_len);
  srgb = cmsCreate_sRGBProfile ();
  transform = cmsCreateTransform (adobe, TYPE_RGB_8, srgb, TYPE_RGB_8, INTENT_RELATIVE_COLORIMETRIC,
                                  cmsFLAGS_BLACKPOINTCOMPENSATION);
  cmsDoTransform (transform, file_rgb, expected, 1);
  cmsDeleteTransform (transform);
  cmsCloseProfile (adobe);
  cmsCloseProfile (srgb);

  request (cache, hash, path, NULL, &result);
  g_assert_no_error (result.error);
  g_assert_nonnull (result.pixbuf);
  g_assert_cmpint (gdk_pixbuf_get_width (result.pixbuf), ==, SH_THUMBNAIL_SIZE);
  g_assert_cmpint (gdk_pixbuf_get_height (result.pixbuf), ==, SH_THUMBNAIL_SIZE * 400 / 600);

  pixel_at (result.pixbuf, gdk_pixbuf_get_width (result.pixbuf) / 2, gdk_pixbuf_get_height (result.pixbuf) / 2, got);
  g_test_message ("file (Adobe RGB) %d %d %d -> sRGB by lcms2 %d %d %d, thumbnail %d %d %d", file_rgb[0],
                  file_rgb[1], file_rgb[2], expected[0], expected[1], expected[2], got[0], got[1], got[2]);
  for (int c = 0; c < 3; c++)
    {
      g_assert_cmpint (abs (got[c] - expected[c]), <=, 1);
      max_raw_difference = MAX (max_raw_difference, abs (file_rgb[c] - expected[c]));
    }
  /* The test would notice raw numbers passed through as sRGB. */
  g_assert_cmpint (max_raw_difference, >=, 10);
  result_clear (&result);
}

static gboolean
is_reddish (const guint8 rgb[3])
{
  return rgb[0] > 120 && rgb[1] < 80 && rgb[2] < 80;
}

static gboolean
is_bluish (const guint8 rgb[3])
{
  return rgb[2] > 120 && rgb[0] < 80 && rgb[1] < 110;
}

static void
test_orientation (Fixture *f, gconstpointer data)
{
  static const double red[3] = { 0.6, 0.02, 0.02 };
  static const double blue[3] = { 0.02, 0.05, 0.6 };
  g_autoptr (ShThumbnailCache) cache = sh_thumbnail_cache_new_for_dir (f->cache_dir);

  /* Every orientation, stored turned or mirrored: the thumbnail is the upright scene, red left, blue right. */
  for (int orientation = 1; orientation <= 8; orientation++)
    {
      g_autofree char *name = g_strdup_printf ("turned-%d.jpg", orientation);
      g_autofree char *path = g_build_filename (f->dir, name, NULL);
      g_autofree char *hash = NULL;
      Result result = { 0 };
      guint8 left[3], right[3];
      int width, height;

      write_scene (path, 480, 240, red, blue, SH_SYNTH_JPEG, SH_SYNTH_PROFILE_UNTAGGED, orientation);
      hash = hash_of_file (path);
      request (cache, hash, path, NULL, &result);
      g_assert_no_error (result.error);
      width = gdk_pixbuf_get_width (result.pixbuf);
      height = gdk_pixbuf_get_height (result.pixbuf);
      g_assert_cmpint (width, ==, SH_THUMBNAIL_SIZE);
      g_assert_cmpint (height, ==, SH_THUMBNAIL_SIZE / 2);
      pixel_at (result.pixbuf, width / 8, height / 2, left);
      pixel_at (result.pixbuf, width * 7 / 8, height / 2, right);
      g_test_message ("orientation %d: left %d %d %d, right %d %d %d", orientation, left[0], left[1], left[2],
                      right[0], right[1], right[2]);
      g_assert_true (is_reddish (left));
      g_assert_true (is_bluish (right));
      result_clear (&result);
    }
}

/* The reference photos: each shows the same upright picture once its orientation tag is applied. */
static void
test_orientation_reference (Fixture *f, gconstpointer data)
{
  const char *shared = g_getenv ("SHADELAB_SHARED_DIR");
  g_autofree char *dir = shared ? g_build_filename (shared, "reference", "exif-orientation", NULL) : NULL;
  g_autoptr (GdkPixbuf) upright = NULL;
  g_autofree char *first = dir ? g_build_filename (dir, "Landscape_1.jpg", NULL) : NULL;
  g_autoptr (GError) error = NULL;

  if (first == NULL || !g_file_test (first, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("the reference photos (SHADELAB_SHARED_DIR/reference/exif-orientation) are not here");
      return;
    }
  upright = sh_thumbnail_make (first, SH_THUMBNAIL_SIZE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_pixbuf_get_width (upright), ==, SH_THUMBNAIL_SIZE);
  g_assert_cmpint (gdk_pixbuf_get_height (upright), <, SH_THUMBNAIL_SIZE);

  for (int orientation = 2; orientation <= 8; orientation++)
    {
      g_autofree char *name = g_strdup_printf ("Landscape_%d.jpg", orientation);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autoptr (GdkPixbuf) thumbnail = sh_thumbnail_make (path, SH_THUMBNAIL_SIZE, &error);
      double difference = 0;
      int width, height;

      g_assert_no_error (error);
      width = gdk_pixbuf_get_width (thumbnail);
      height = gdk_pixbuf_get_height (thumbnail);
      g_assert_cmpint (width, ==, gdk_pixbuf_get_width (upright));
      g_assert_cmpint (height, ==, gdk_pixbuf_get_height (upright));
      for (int y = 0; y < height; y++)
        for (int x = 0; x < width; x++)
          {
            guint8 a[3], b[3];
            pixel_at (thumbnail, x, y, a);
            pixel_at (upright, x, y, b);
            for (int c = 0; c < 3; c++)
              difference += abs (a[c] - b[c]);
          }
      difference /= (double) width * height * 3;
      g_test_message ("%s: mean difference from Landscape_1 %.2f", name, difference);
      /* A wrong turn moves the picture's large shapes: tens of code values on average. */
      g_assert_cmpfloat (difference, <, 6.0);
    }
}

static void
test_disk_cache (Fixture *f, gconstpointer data)
{
  static const double grey[3] = { 0.2, 0.2, 0.2 };
  g_autofree char *path = g_build_filename (f->dir, "grey.jpg", NULL);
  g_autofree char *hash = NULL;
  g_autofree char *file = NULL;
  g_autofree char *expected_tail = NULL;
  ShThumbnailStats stats;
  Result result = { 0 };

  write_scene (path, 400, 300, grey, grey, SH_SYNTH_JPEG, SH_SYNTH_PROFILE_SRGB, 1);
  hash = hash_of_file (path);

  {
    g_autoptr (ShThumbnailCache) cache = sh_thumbnail_cache_new_for_dir (f->cache_dir);
    g_assert_null (sh_thumbnail_cache_peek (cache, hash));
    g_assert_null (sh_thumbnail_cache_lookup (cache, hash));
    request (cache, hash, path, NULL, &result);
    g_assert_no_error (result.error);
    sh_thumbnail_cache_get_stats (cache, &stats);
    g_assert_cmpuint (stats.made, ==, 1);
    g_assert_cmpuint (stats.disk_hits, ==, 0);

    /* Now from memory, still through the main context. */
    request (cache, hash, path, NULL, &result);
    g_assert_nonnull (result.pixbuf);
    sh_thumbnail_cache_get_stats (cache, &stats);
    g_assert_cmpuint (stats.made, ==, 1);
    g_assert_cmpuint (stats.memory_hits, ==, 1);
    {
      g_autoptr (GdkPixbuf) peeked = sh_thumbnail_cache_peek (cache, hash);
      g_assert_true (peeked == result.pixbuf);
    }
  }

  /* Stored as <dir>/ab/abcdef....png */
  file = g_build_filename (f->cache_dir, "xx", NULL);
  expected_tail = g_strdup_printf ("%c%c" G_DIR_SEPARATOR_S "%s.png", hash[0], hash[1], hash);
  g_free (file);
  file = g_build_filename (f->cache_dir, expected_tail, NULL);
  g_assert_true (g_file_test (file, G_FILE_TEST_IS_REGULAR));
  {
    g_autoptr (ShThumbnailCache) cache = sh_thumbnail_cache_new_for_dir (f->cache_dir);
    g_autofree char *reported = sh_thumbnail_cache_get_file (cache, hash);
    g_assert_cmpstr (reported, ==, file);
    g_assert_null (sh_thumbnail_cache_get_file (cache, "../../etc/passwd"));
  }

  /* A new cache object (a new session) reads it from disk instead of decoding the photo: even with the photo
   * gone. */
  g_assert_cmpint (g_unlink (path), ==, 0);
  {
    g_autoptr (ShThumbnailCache) cache = sh_thumbnail_cache_new_for_dir (f->cache_dir);
    request (cache, hash, path, NULL, &result);
    g_assert_no_error (result.error);
    g_assert_cmpint (gdk_pixbuf_get_width (result.pixbuf), ==, SH_THUMBNAIL_SIZE);
    sh_thumbnail_cache_get_stats (cache, &stats);
    g_assert_cmpuint (stats.made, ==, 0);
    g_assert_cmpuint (stats.disk_hits, ==, 1);
  }
  {
    g_autoptr (ShThumbnailCache) cache = sh_thumbnail_cache_new_for_dir (f->cache_dir);
    g_autoptr (GdkPixbuf) looked_up = sh_thumbnail_cache_lookup (cache, hash);
    g_assert_nonnull (looked_up);
    g_assert_cmpint (gdk_pixbuf_get_height (looked_up), ==, SH_THUMBNAIL_SIZE * 3 / 4);
  }

  /* A thumbnail from other code (no version mark) is not trusted. */
  {
    g_autoptr (GdkPixbuf) foreign = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 10, 10);
    g_autoptr (ShThumbnailCache) cache = sh_thumbnail_cache_new_for_dir (f->cache_dir);
    gdk_pixbuf_fill (foreign, 0xff0000ff);
    g_assert_true (gdk_pixbuf_save (foreign, file, "png", NULL, NULL));
    g_assert_null (sh_thumbnail_cache_lookup (cache, hash));
  }
  result_clear (&result);
}

static void
test_broken_file (Fixture *f, gconstpointer data)
{
  static const guint8 not_really_jpeg[] = { 0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 'J', 'F', 'I', 'F', 0, 1, 2, 3 };
  g_autofree char *path = g_build_filename (f->dir, "broken.jpg", NULL);
  g_autofree char *missing = g_build_filename (f->dir, "missing.jpg", NULL);
  g_autoptr (ShThumbnailCache) cache = sh_thumbnail_cache_new_for_dir (f->cache_dir);
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  ShThumbnailStats stats;
  Result result = { 0 };

  g_assert_true (g_file_set_contents (path, (const char *) not_really_jpeg, sizeof not_really_jpeg, NULL));
  request (cache, "0badf00d", path, NULL, &result);
  g_assert_null (result.pixbuf);
  g_assert_nonnull (result.error);
  g_test_message ("broken: %s", result.error->message);
  g_assert_nonnull (strstr (result.error->message, "broken.jpg"));

  /* Not tried again: the same answer at once. */
  request (cache, "0badf00d", path, NULL, &result);
  g_assert_nonnull (result.error);
  sh_thumbnail_cache_get_stats (cache, &stats);
  g_assert_cmpuint (stats.failed, ==, 1);

  request (cache, "00aa11bb", missing, NULL, &result);
  g_assert_null (result.pixbuf);
  g_assert_nonnull (result.error);

  request (cache, "not a hash", path, NULL, &result);
  g_assert_error (result.error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);

  /* A request cancelled before it ran ends cancelled, exactly once. */
  g_cancellable_cancel (cancellable);
  request (cache, "00cc11dd", missing, cancellable, &result);
  g_assert_error (result.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  result_clear (&result);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/thumbnail-cache/adobe-rgb-colours", Fixture, NULL, fixture_set_up, test_adobe_rgb_colours,
              fixture_tear_down);
  g_test_add ("/thumbnail-cache/orientation", Fixture, NULL, fixture_set_up, test_orientation, fixture_tear_down);
  g_test_add ("/thumbnail-cache/orientation-reference", Fixture, NULL, fixture_set_up, test_orientation_reference,
              fixture_tear_down);
  g_test_add ("/thumbnail-cache/disk-cache", Fixture, NULL, fixture_set_up, test_disk_cache, fixture_tear_down);
  g_test_add ("/thumbnail-cache/broken-file", Fixture, NULL, fixture_set_up, test_broken_file, fixture_tear_down);
  return g_test_run ();
}
