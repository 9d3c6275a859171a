/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-image-prefetch.c: the prefetcher on generated photos in a real project: a prefetched photo comes back
 * without another decode, concurrent requests share one decode, the LRU evicts the least recently used, a
 * broken file hands its loader error to the callback, hints that fall out of the window are not decoded or
 * kept, callbacks run on the caller's thread, previews are decoded at the view's scale (the full decode
 * stays full), hints decode previews first, a burst of hints leaves only the last one's work, and the
 * memory held stays within its limit. */
#define G_LOG_DOMAIN "shadelab-test-image-prefetch"

#include "config.h"

#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "core/models/image-prefetch.h"
#include "core/store/project.h"
#include "core/formats/synth-writer.h"
#include "tests/lib/test-fs.h"
#include "tests/lib/test-store.h"

#define N_PHOTOS 6
#define PHOTO_WIDTH 1200
#define PHOTO_HEIGHT 900

static char *photo_dir;                  /* generated once for all tests */
static char *photo_paths[N_PHOTOS];

typedef struct {
  char *dir;
  ShProject *project;
  gint64 ids[N_PHOTOS];
  gint64 broken_id;
  char *broken_path;
} Fixture;

static gint64
add_image (ShProject *project, const char *path)
{
  return add_photo_file (project, path, PHOTO_WIDTH, PHOTO_HEIGHT, "sRGB");
}

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  fixture->project = create_project_in_tmp_dir ("shadelab-prefetch", "prefetch.shadelab", &fixture->dir, NULL);
  for (int i = 0; i < N_PHOTOS; i++)
    fixture->ids[i] = add_image (fixture->project, photo_paths[i]);

  /* The first third of a real photo: a truncated file the loader must refuse. */
  g_assert_true (g_file_get_contents (photo_paths[0], &contents, &length, &error));
  fixture->broken_path = g_build_filename (fixture->dir, "broken.jpg", NULL);
  g_assert_true (g_file_set_contents (fixture->broken_path, contents, (gssize) (length / 3), &error));
  fixture->broken_id = add_image (fixture->project, fixture->broken_path);
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  g_clear_pointer (&fixture->project, sh_project_close);
  remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->broken_path);
}

/* ---- async helpers ---- */

typedef struct {
  gboolean done;
  ShSharedImage *image;
  GError *error;
  GThread *thread;
} Result;

static void
got_image (GObject *source, GAsyncResult *async_result, gpointer user_data)
{
  Result *result = user_data;
  result->image = sh_image_prefetch_get_finish (SH_IMAGE_PREFETCH (source), async_result, &result->error);
  result->thread = g_thread_self ();
  result->done = TRUE;
}

static void
wait_for (Result *result)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (!result->done)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

static void
result_clear (Result *result)
{
  g_clear_pointer (&result->image, sh_shared_image_unref);
  g_clear_error (&result->error);
  result->done = FALSE;
}

/* Waits until the photo is in the cache (a hint's decode finished). */
static ShSharedImage *
wait_cached (ShImagePrefetch *prefetch, gint64 id)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  ShSharedImage *image;

  while ((image = sh_image_prefetch_peek (prefetch, id)) == NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (2000);
    }
  return image;
}

/* What get_sync () waits for: the full photo, or a preview for the screen. */
typedef enum { FULL, PREVIEW } Kind;

static ShSharedImage *
get_sync (ShImagePrefetch *prefetch, gint64 id, Kind kind)
{
  g_autoptr (GError) error = NULL;
  ShSharedImage *image = kind == PREVIEW ? sh_image_prefetch_get_preview_sync (prefetch, id, NULL, &error)
                                         : sh_image_prefetch_get_sync (prefetch, id, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (image);
  return image;
}

/* ---- tests ---- */

static void
test_prefetch_then_get (Fixture *fixture, gconstpointer data)
{
  g_autoptr (ShImagePrefetch) prefetch = sh_image_prefetch_new (fixture->project, 0);
  g_autoptr (ShSharedImage) cached = NULL;
  g_autoptr (ShSharedImage) again = NULL;
  Result result = { 0 };
  const ShImage *image;
  gint64 start;
  double elapsed_ms;

  g_assert_cmpuint (sh_image_prefetch_get_capacity (prefetch), ==, SH_IMAGE_PREFETCH_DEFAULT_CAPACITY);
  g_assert_null (sh_image_prefetch_peek (prefetch, fixture->ids[1]));  /* NULL: nothing to release */
  sh_image_prefetch_hint (prefetch, &fixture->ids[1], 1);
  cached = wait_cached (prefetch, fixture->ids[1]);
  g_assert_cmpuint (sh_image_prefetch_get_n_decodes (prefetch), ==, 1);
  image = sh_shared_image_get_image (cached);
  g_assert_cmpint (image->width * image->height, ==, PHOTO_WIDTH * PHOTO_HEIGHT);

  /* The request is answered from the cache, in the next main-loop iteration, with no decode. */
  start = g_get_monotonic_time ();
  sh_image_prefetch_get (prefetch, fixture->ids[1], NULL, got_image, &result);
  wait_for (&result);
  elapsed_ms = (g_get_monotonic_time () - start) / 1000.0;
  g_assert_no_error (result.error);
  g_assert_true (result.image == cached);
  g_assert_true (result.thread == g_thread_self ());
  g_assert_cmpuint (sh_image_prefetch_get_n_decodes (prefetch), ==, 1);
  g_test_message ("cached get: %.2f ms (decode took %.1f ms)", elapsed_ms,
                  sh_shared_image_get_loaded (cached)->decode_ms);
  g_assert_cmpfloat (elapsed_ms, <, 50);

  again = get_sync (prefetch, fixture->ids[1], FULL);
  g_assert_true (again == cached);
  g_assert_cmpuint (sh_image_prefetch_get_n_decodes (prefetch), ==, 1);
  result_clear (&result);
}

/* Requests for a photo being decoded join that decode. */
static void
test_in_flight (Fixture *fixture, gconstpointer data)
{
  g_autoptr (ShImagePrefetch) prefetch = sh_image_prefetch_new (fixture->project, 0);
  g_autoptr (ShSharedImage) sync_image = NULL;
  Result first = { 0 }, second = { 0 }, third = { 0 };
  gint64 id = fixture->ids[2];

  sh_image_prefetch_hint (prefetch, &id, 1);
  sh_image_prefetch_get (prefetch, id, NULL, got_image, &first);
  sh_image_prefetch_get (prefetch, id, NULL, got_image, &second);
  sync_image = get_sync (prefetch, id, FULL);
  sh_image_prefetch_get (prefetch, id, NULL, got_image, &third);
  wait_for (&first);
  wait_for (&second);
  wait_for (&third);
  g_assert_no_error (first.error);
  g_assert_no_error (second.error);
  g_assert_true (first.image == sync_image);
  g_assert_true (second.image == sync_image);
  g_assert_true (third.image == sync_image);
  g_assert_true (first.thread == g_thread_self ());
  g_assert_cmpuint (sh_image_prefetch_get_n_decodes (prefetch), ==, 1);
  result_clear (&first);
  result_clear (&second);
  result_clear (&third);
}

static void
test_lru (Fixture *fixture, gconstpointer data)
{
  g_autoptr (ShImagePrefetch) prefetch = sh_image_prefetch_new (fixture->project, 2);
  ShSharedImage *a, *b, *c, *a_again;
  gint64 *ids = fixture->ids;

  g_assert_cmpuint (sh_image_prefetch_get_capacity (prefetch), ==, 2);
  a = get_sync (prefetch, ids[0], FULL);
  b = get_sync (prefetch, ids[1], FULL);
  c = get_sync (prefetch, ids[2], FULL);  /* evicts a, the least recently used */
  g_assert_cmpuint (sh_image_prefetch_get_n_decodes (prefetch), ==, 3);

  sh_shared_image_unref (get_sync (prefetch, ids[1], FULL));  /* b is now the most recent, c the least */
  g_assert_cmpuint (sh_image_prefetch_get_n_decodes (prefetch), ==, 3);

  a_again = get_sync (prefetch, ids[0], FULL);  /* decoded again; evicts c */
  g_assert_cmpuint (sh_image_prefetch_get_n_decodes (prefetch), ==, 4);
  g_assert_true (a_again != a);
  /* The evicted photo stays valid for whoever still holds it. */
  g_assert_cmpint (sh_shared_image_get_image (a)->width, ==, sh_shared_image_get_image (a_again)->width);
  g_assert_cmpint (memcmp (sh_shared_image_get_image (a)->pixels, sh_shared_image_get_image (a_again)->pixels,
                           (size_t) sh_shared_image_get_image (a)->stride * sh_shared_image_get_image (a)->height),
                   ==, 0);

  sh_shared_image_unref (get_sync (prefetch, ids[1], FULL));
  g_assert_cmpuint (sh_image_prefetch_get_n_decodes (prefetch), ==, 4);
  sh_shared_image_unref (get_sync (prefetch, ids[2], FULL));
  g_assert_cmpuint (sh_image_prefetch_get_n_decodes (prefetch), ==, 5);

  /* forget drops a cached photo. */
  sh_image_prefetch_forget (prefetch, ids[2]);
  g_assert_null (sh_image_prefetch_peek (prefetch, ids[2]));

  sh_shared_image_unref (a);
  sh_shared_image_unref (b);
  sh_shared_image_unref (c);
  sh_shared_image_unref (a_again);
}

static void
test_broken_file (Fixture *fixture, gconstpointer data)
{
  g_autoptr (ShImagePrefetch) prefetch = sh_image_prefetch_new (fixture->project, 0);
  g_autoptr (GError) expected = NULL;
  g_autoptr (GError) sync_error = NULL;
  g_autoptr (ShLoadedImage) loaded = sh_load_image (fixture->broken_path, NULL, &expected);
  Result result = { 0 };

  g_assert_null (loaded);
  g_assert_nonnull (expected);
  g_assert_true (expected->domain == SH_LOADER_ERROR);

  sh_image_prefetch_get (prefetch, fixture->broken_id, NULL, got_image, &result);
  wait_for (&result);
  g_assert_null (result.image);
  g_assert_error (result.error, SH_LOADER_ERROR, expected->code);
  g_assert_cmpstr (result.error->message, ==, expected->message);
  g_assert_true (strstr (result.error->message, "broken.jpg") != NULL);
  g_assert_true (result.thread == g_thread_self ());

  /* Failures are not cached: the file is read again. */
  g_assert_null (sh_image_prefetch_get_sync (prefetch, fixture->broken_id, NULL, &sync_error));
  g_assert_error (sync_error, SH_LOADER_ERROR, expected->code);
  g_assert_cmpuint (sh_image_prefetch_get_n_decodes (prefetch), ==, 2);
  result_clear (&result);

  /* An id the project does not have. */
  sh_image_prefetch_get (prefetch, 987654, NULL, got_image, &result);
  wait_for (&result);
  g_assert_error (result.error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_INVALID);
  result_clear (&result);
}

/* Which photos are decoded in full at this moment. */
static void
note_ready (ShImagePrefetch *prefetch, const gint64 *ids, int n, gboolean *ready)
{
  for (int i = 0; i < n; i++)
    {
      g_autoptr (ShSharedImage) image = sh_image_prefetch_peek (prefetch, ids[i]);

      ready[i] = image != NULL;
    }
}

/* None of the first n photos is kept unless it was already decoded when its hint went away. */
static void
assert_dropped (ShImagePrefetch *prefetch, const gint64 *ids, int n, const gboolean *ready_before)
{
  for (int i = 0; i < n; i++)
    {
      g_autoptr (ShSharedImage) kept = sh_image_prefetch_peek (prefetch, ids[i]);

      if (!ready_before[i])
        g_assert_null (kept);
    }
}

/* Hints replaced before their decode starts are never decoded, and decodes that were running when their hint
 * went away are not kept. */
static void
test_hint_window (Fixture *fixture, gconstpointer data)
{
  g_autoptr (ShImagePrefetch) prefetch = sh_image_prefetch_new (fixture->project, N_PHOTOS);
  g_autoptr (ShSharedImage) last = NULL;
  gboolean ready_before[N_PHOTOS];
  guint started_before;

  sh_image_prefetch_hint (prefetch, fixture->ids, N_PHOTOS);
  sh_image_prefetch_hint (prefetch, &fixture->ids[N_PHOTOS - 1], 1);
  /* A decode that started or ended before the second hint (a busy machine can pause this thread between the
   * two) is the first hint's; only those still queued then must be skipped, and running ones not kept. */
  started_before = sh_image_prefetch_get_n_decodes (prefetch);
  note_ready (prefetch, fixture->ids, N_PHOTOS, ready_before);
  last = wait_cached (prefetch, fixture->ids[N_PHOTOS - 1]);
  /* Let any decode still running end. */
  g_usleep (G_USEC_PER_SEC);

  /* After the second hint only its photo was decoded; every other queued decode was skipped. */
  g_assert_cmpuint (sh_image_prefetch_get_n_decodes (prefetch), <=, started_before + 1);
  assert_dropped (prefetch, fixture->ids, N_PHOTOS - 1, ready_before);
}

static void
test_cancel (Fixture *fixture, gconstpointer data)
{
  g_autoptr (ShImagePrefetch) prefetch = sh_image_prefetch_new (fixture->project, 0);
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GError) error = NULL;
  Result result = { 0 };

  sh_image_prefetch_get (prefetch, fixture->ids[3], cancellable, got_image, &result);
  g_cancellable_cancel (cancellable);
  wait_for (&result);
  g_assert_null (result.image);
  g_assert_error (result.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  result_clear (&result);

  g_assert_null (sh_image_prefetch_get_sync (prefetch, fixture->ids[3], cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* A preview for a view a quarter of the photo's size is decoded at a quarter; measurements get the full photo;
 * once the full photo is there it serves the screen too. */
static void
test_preview (Fixture *fixture, gconstpointer data)
{
  g_autoptr (ShImagePrefetch) prefetch = sh_image_prefetch_new (fixture->project, 0);
  g_autoptr (ShSharedImage) preview = NULL;
  g_autoptr (ShSharedImage) full = NULL;
  g_autoptr (ShSharedImage) other_full = NULL;
  g_autoptr (ShSharedImage) other_preview = NULL;
  const ShLoadedImage *loaded;

  /* Without a view size a preview is the full decode. */
  other_preview = get_sync (prefetch, fixture->ids[1], PREVIEW);
  g_assert_cmpint (sh_shared_image_get_loaded (other_preview)->scale, ==, 1);
  g_clear_pointer (&other_preview, sh_shared_image_unref);

  sh_image_prefetch_set_view_size (prefetch, PHOTO_WIDTH / 4, PHOTO_HEIGHT / 4);
  preview = get_sync (prefetch, fixture->ids[0], PREVIEW);
  loaded = sh_shared_image_get_loaded (preview);
  g_assert_cmpint (loaded->scale, ==, 4);
  g_assert_cmpint (loaded->image->width, ==, PHOTO_WIDTH / 4);
  g_assert_cmpint (loaded->full_width, ==, PHOTO_WIDTH);
  g_assert_cmpint (loaded->full_height, ==, PHOTO_HEIGHT);
  full = get_sync (prefetch, fixture->ids[0], FULL);
  g_assert_cmpint (sh_shared_image_get_loaded (full)->scale, ==, 1);
  g_assert_cmpint (sh_shared_image_get_image (full)->width, ==, PHOTO_WIDTH);
  g_clear_pointer (&preview, sh_shared_image_unref);
  preview = sh_image_prefetch_peek (prefetch, fixture->ids[0]);
  g_assert_true (preview == full);
  g_assert_cmpuint (sh_image_prefetch_get_n_decodes (prefetch), ==, 3);

  /* Photo 1 is decoded in full already: its preview costs no decode. */
  other_full = get_sync (prefetch, fixture->ids[1], FULL);
  other_preview = get_sync (prefetch, fixture->ids[1], PREVIEW);
  g_assert_true (other_preview == other_full);
  g_assert_cmpuint (sh_image_prefetch_get_n_decodes (prefetch), ==, 3);
}

/* With a monitor, a hinted photo arrives converted for it at fit zoom: display-ready before it is asked for. */
static void
test_display_ready (Fixture *fixture, gconstpointer data)
{
  g_autoptr (ShImagePrefetch) prefetch = sh_image_prefetch_new (fixture->project, 0);
  g_autoptr (ShSharedImage) preview = NULL;
  ShDisplayProfile *monitor = sh_display_profile_new_srgb ();
  ShDisplayProfile *other = sh_display_profile_new_srgb ();
  const ShDisplayRendering *display;
  gsize held = 0;

  sh_image_prefetch_set_view_size (prefetch, PHOTO_WIDTH / 4, PHOTO_HEIGHT / 4);
  sh_image_prefetch_set_display_profile (prefetch, monitor);
  preview = get_sync (prefetch, fixture->ids[0], PREVIEW);
  display = sh_shared_image_get_display (preview, monitor, PHOTO_WIDTH / 4, PHOTO_HEIGHT / 4);
  g_assert_nonnull (display);
  g_assert_cmpint (display->step, ==, 1);
  g_assert_cmpint (display->width, ==, PHOTO_WIDTH / 4);
  g_assert_cmpint (display->height, ==, PHOTO_HEIGHT / 4);
  /* The same pixels the window would convert itself. */
  {
    g_autofree guint8 *expected = g_malloc ((gsize) display->stride * display->height);
    g_assert_true (sh_display_transform_render_image (display->transform, sh_shared_image_get_image (preview), 0, 0,
                                                      display->width, display->height, 1, expected,
                                                      display->stride));
    g_assert_cmpmem (expected, (gsize) display->stride * display->height, display->pixels,
                     (gsize) display->stride * display->height);
  }
  /* Another monitor or view: not this rendering. */
  g_assert_null (sh_shared_image_get_display (preview, other, PHOTO_WIDTH / 4, PHOTO_HEIGHT / 4));
  g_assert_null (sh_shared_image_get_display (preview, monitor, PHOTO_WIDTH / 2, PHOTO_HEIGHT / 2));
  /* Counted in the memory held. */
  sh_image_prefetch_get_memory (prefetch, &held, NULL);
  g_assert_cmpuint (held, ==, 2 * (gsize) display->stride * display->height);
  sh_display_profile_unref (monitor);
  sh_display_profile_unref (other);
}

/* A hint decodes the previews of every photo it names and the full photo of the first. */
static void
test_hint_previews (Fixture *fixture, gconstpointer data)
{
  g_autoptr (ShImagePrefetch) prefetch = sh_image_prefetch_new (fixture->project, 0);
  g_autoptr (ShSharedImage) full = NULL;
  g_autoptr (ShSharedImage) preview = NULL;

  sh_image_prefetch_set_view_size (prefetch, PHOTO_WIDTH / 2, PHOTO_HEIGHT / 2);
  sh_image_prefetch_hint (prefetch, fixture->ids, 2);
  full = wait_cached (prefetch, fixture->ids[0]);
  preview = get_sync (prefetch, fixture->ids[1], PREVIEW);
  g_assert_cmpint (sh_shared_image_get_loaded (preview)->scale, ==, 2);
  /* Preview of 0 (or its full decode standing in), preview of 1, full decode of 0; nothing else. */
  g_usleep (G_USEC_PER_SEC / 5);
  g_assert_cmpuint (sh_image_prefetch_get_n_decodes (prefetch), <=, 3);
  g_assert_null (sh_image_prefetch_peek (prefetch, fixture->ids[1]));
}

/* D held down: the hint moves on before the decodes end. Only the last hint's photos stay, and decodes that
 * fell behind are skipped or stopped rather than finished. */
static void
test_hint_burst (Fixture *fixture, gconstpointer data)
{
  g_autoptr (ShImagePrefetch) prefetch = sh_image_prefetch_new (fixture->project, 0);
  g_autoptr (ShSharedImage) last = NULL;

  gboolean ready_before[N_PHOTOS];

  sh_image_prefetch_set_view_size (prefetch, PHOTO_WIDTH / 4, PHOTO_HEIGHT / 4);
  for (int i = 0; i + 2 < N_PHOTOS; i++)
    sh_image_prefetch_hint (prefetch, &fixture->ids[i], 3);
  note_ready (prefetch, fixture->ids, N_PHOTOS, ready_before);
  last = wait_cached (prefetch, fixture->ids[N_PHOTOS - 3]);
  g_usleep (G_USEC_PER_SEC / 2);
  assert_dropped (prefetch, fixture->ids, N_PHOTOS - 3, ready_before);
  /* 4 hints of 3 previews and 1 full: at most what the two workers had started, plus the last hint's 4. */
  g_test_message ("%u decodes for 4 hints", sh_image_prefetch_get_n_decodes (prefetch));
  g_assert_cmpuint (sh_image_prefetch_get_n_decodes (prefetch), <=, 4 + 2 * SH_IMAGE_PREFETCH_THREADS);
}

/* The pixels held stay within the memory limit and are reported, the newest full photo always kept. */
static void
test_memory_limit (Fixture *fixture, gconstpointer data)
{
  g_autoptr (ShImagePrefetch) prefetch = sh_image_prefetch_new (fixture->project, 0);
  g_autoptr (ShSharedImage) last = NULL;
  gsize one = (gsize) PHOTO_WIDTH * PHOTO_HEIGHT * 4, held = 0, peak = 0;

  sh_image_prefetch_set_memory_limit (prefetch, one * 2 + one / 2);
  for (int i = 0; i < N_PHOTOS; i++)
    sh_shared_image_unref (get_sync (prefetch, fixture->ids[i], FULL));
  sh_image_prefetch_get_memory (prefetch, &held, &peak);
  g_test_message ("held %zu bytes, at most %zu", held, peak);
  g_assert_cmpuint (held, ==, 2 * one);
  g_assert_cmpuint (peak, ==, 2 * one);
  sh_image_prefetch_set_memory_limit (prefetch, 1);
  sh_image_prefetch_get_memory (prefetch, &held, NULL);
  g_assert_cmpuint (held, ==, one);
  last = sh_image_prefetch_peek (prefetch, fixture->ids[N_PHOTOS - 1]);
  g_assert_nonnull (last);
}

/* A request made while another main context is the thread default is answered in that context only. */
static void
test_caller_context (Fixture *fixture, gconstpointer data)
{
  g_autoptr (ShImagePrefetch) prefetch = sh_image_prefetch_new (fixture->project, 0);
  GMainContext *context = g_main_context_new ();
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  Result result = { 0 };

  g_main_context_push_thread_default (context);
  sh_image_prefetch_get (prefetch, fixture->ids[4], NULL, got_image, &result);
  g_main_context_pop_thread_default (context);

  /* The default context never runs the callback... */
  for (;;)
    {
      g_autoptr (ShSharedImage) cached = sh_image_prefetch_peek (prefetch, fixture->ids[4]);
      if (cached != NULL)
        break;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_false (result.done);
  /* ...the caller's does. */
  while (!result.done)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (context, TRUE);
    }
  g_assert_no_error (result.error);
  g_assert_nonnull (result.image);
  result_clear (&result);
  g_main_context_unref (context);
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  photo_dir = make_tmp_dir ("shadelab-prefetch-photos");
  for (int i = 0; i < N_PHOTOS; i++)
    {
      ShSynthParams params;
      ShSynthTruth truth;
      ShSynthEncoding encoding = { SH_SYNTH_JPEG, 90, SH_SYNTH_PROFILE_SRGB, 1, 1.0, (guint32) i };
      g_autofree char *name = g_strdup_printf ("photo-%d.jpg", i);
      float *linear;

      sh_synth_params_for_seed ((guint32) (100 + i), PHOTO_WIDTH, PHOTO_HEIGHT, &params);
      linear = sh_synth_render (&params, &truth);
      photo_paths[i] = g_build_filename (photo_dir, name, NULL);
      g_assert_true (sh_synth_write (linear, PHOTO_WIDTH, PHOTO_HEIGHT, &encoding, photo_paths[i], &error));
      g_assert_no_error (error);
      free (linear);
    }

#define ADD(name, func) g_test_add ("/image-prefetch/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("prefetch-then-get", test_prefetch_then_get);
  ADD ("in-flight", test_in_flight);
  ADD ("lru", test_lru);
  ADD ("broken-file", test_broken_file);
  ADD ("hint-window", test_hint_window);
  ADD ("cancel", test_cancel);
  ADD ("caller-context", test_caller_context);
  ADD ("preview", test_preview);
  ADD ("display-ready", test_display_ready);
  ADD ("hint-previews", test_hint_previews);
  ADD ("hint-burst", test_hint_burst);
  ADD ("memory-limit", test_memory_limit);
#undef ADD
  status = g_test_run ();

  remove_tree (photo_dir);
  for (int i = 0; i < N_PHOTOS; i++)
    g_free (photo_paths[i]);
  g_free (photo_dir);
  return status;
}
