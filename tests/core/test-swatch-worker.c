/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-swatch-worker.c: the live extraction worker on a generated product photo, without a display: its
 * results equal sh_extract's, a burst of requests coalesces to the newest (serials only ever increase),
 * final requests carry the finish and glitter, and dropping the worker while it works is clean. */
#define G_LOG_DOMAIN "shadelab-test"
#include "config.h"

#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#include "color/synth.h"
#include "core/formats/image-loader.h"
#include "core/models/swatch-worker.h"
#include "core/formats/synth-writer.h"
#include "tests/lib/photo-fixture.h"

/* Everything the worker delivered, in order. */
typedef struct {
  GPtrArray *results;      /* ShSwatchResult * (masks referenced) */
  int destroyed;
} Collector;

static void
result_free (gpointer data)
{
  ShSwatchResult *result = data;

  g_clear_pointer (&result->mask, g_bytes_unref);
  g_free (result);
}

static void
collect (ShSwatchWorker *worker, const ShSwatchResult *result, gpointer user_data)
{
  Collector *collector = user_data;
  ShSwatchResult *copy = g_memdup2 (result, sizeof *result);

  if (copy->mask != NULL)
    g_bytes_ref (copy->mask);
  g_ptr_array_add (collector->results, copy);
}

static void
collector_destroyed (gpointer user_data)
{
  Collector *collector = user_data;
  collector->destroyed++;
}

static void
collector_init (Collector *collector)
{
  collector->results = g_ptr_array_new_with_free_func (result_free);
  collector->destroyed = 0;
}

static void
collector_clear (Collector *collector)
{
  g_clear_pointer (&collector->results, g_ptr_array_unref);
}

static const ShSwatchResult *
find_result (Collector *collector, guint64 serial, ShSwatchStage stage)
{
  for (guint i = 0; i < collector->results->len; i++)
    {
      const ShSwatchResult *result = collector->results->pdata[i];
      if (result->serial == serial && result->stage == stage)
        return result;
    }
  return NULL;
}

static gboolean
timeout_reached (gpointer user_data)
{
  g_error ("the worker did not deliver within 20 s");
  return G_SOURCE_REMOVE;
}

/* Iterates context until serial's stage arrives. */
static const ShSwatchResult *
wait_for (GMainContext *context, Collector *collector, guint64 serial, ShSwatchStage stage)
{
  GSource *timeout = g_timeout_source_new_seconds (20);
  const ShSwatchResult *result;

  g_source_set_callback (timeout, timeout_reached, NULL, NULL);
  g_source_attach (timeout, context);
  while ((result = find_result (collector, serial, stage)) == NULL)
    g_main_context_iteration (context, TRUE);
  g_source_destroy (timeout);
  g_source_unref (timeout);
  return result;
}

static void
assert_same_swatch (const ShSwatch *a, const ShSwatch *b)
{
  g_assert_cmpint (a->method, ==, b->method);
  g_assert_cmpmem (&a->box, sizeof a->box, &b->box, sizeof b->box);
  g_assert_cmpstr (a->hex, ==, b->hex);
  for (int c = 0; c < 3; c++)
    {
      g_assert_cmpfloat (a->lab[c], ==, b->lab[c]);
      g_assert_cmpfloat (a->linear_rgb[c], ==, b->linear_rgb[c]);
    }
  for (int k = 0; k < SH_N_PIXEL_CLASSES; k++)
    g_assert_cmpint (a->counts[k], ==, b->counts[k]);
  g_assert_cmpint (a->total, ==, b->total);
  g_assert_cmpfloat (a->confidence, ==, b->confidence);
  g_assert_cmpfloat (a->spread, ==, b->spread);
}

static void
test_results_match_extract (void)
{
  g_autoptr (Photo) photo = photo_new (900, 1100, 11);
  const ShImage *image = sh_shared_image_get_image (photo->image);
  g_autoptr (GMainContext) context = g_main_context_new ();
  ShSwatchWorker *worker = sh_swatch_worker_new (context);
  ShBox box = photo->truth.label_box;
  const ShSwatchResult *robust, *methods;
  ShSwatch expected;
  g_autofree guint8 *mask = NULL;
  Collector collector;
  gsize mask_len;

  collector_init (&collector);
  sh_swatch_worker_set_result_func (worker, collect, &collector, collector_destroyed);
  sh_swatch_worker_set_image (worker, photo->image);
  sh_swatch_worker_request (worker, box, FALSE, 7);

  robust = wait_for (context, &collector, 7, SH_SWATCH_STAGE_ROBUST);
  g_assert_true (robust->valid);
  g_assert_false (robust->has_methods);
  g_assert_false (robust->has_finish);
  g_assert_false (robust->final);
  g_assert_cmpmem (&robust->box, sizeof box, &box, sizeof box);
  g_assert_cmpint (robust->ready_time, >=, robust->request_time);
  g_assert_cmpfloat (robust->robust_ms, >, 0);

  mask = g_malloc ((gsize) box.w * box.h);
  g_assert_true (sh_extract (image, box, SH_METHOD_ROBUST, &expected, mask));
  assert_same_swatch (&robust->robust, &expected);
  g_assert_cmpmem (g_bytes_get_data (robust->mask, &mask_len), g_bytes_get_size (robust->mask),
                   mask, (gsize) expected.box.w * expected.box.h);
  g_assert_cmpuint (mask_len, ==, (gsize) expected.box.w * expected.box.h);
  /* The photo's body really was measured: most pixels counted, some background rejected. */
  g_assert_cmpint (expected.counts[SH_PIXEL_USED], >, expected.total / 3);
  g_assert_cmpint (expected.counts[SH_PIXEL_BACKGROUND], >, 0);

  methods = wait_for (context, &collector, 7, SH_SWATCH_STAGE_METHODS);
  g_assert_true (methods->has_methods);
  assert_same_swatch (&methods->robust, &expected);
  g_assert_true (sh_extract (image, box, SH_METHOD_MEAN, &expected, NULL));
  assert_same_swatch (&methods->mean, &expected);
  g_assert_true (sh_extract (image, box, SH_METHOD_DOMINANT, &expected, NULL));
  assert_same_swatch (&methods->dominant, &expected);

  /* Nothing newer came, so the worker used the idle time for the finish too. */
  g_assert_true (wait_for (context, &collector, 7, SH_SWATCH_STAGE_FINISH)->has_finish);
  g_assert_cmpuint (collector.results->len, ==, 3);

  sh_swatch_worker_unref (worker);
  g_assert_cmpint (collector.destroyed, ==, 1);
  collector_clear (&collector);
}

static void
test_final_carries_finish (void)
{
  g_autoptr (Photo) photo = photo_new (800, 1000, 23);
  const ShImage *image = sh_shared_image_get_image (photo->image);
  g_autoptr (GMainContext) context = g_main_context_new ();
  ShSwatchWorker *worker = sh_swatch_worker_new (context);
  ShBox box = photo->truth.label_box;
  const ShSwatchResult *robust, *finished;
  ShSwatch expected;
  Collector collector;

  collector_init (&collector);
  sh_swatch_worker_set_result_func (worker, collect, &collector, collector_destroyed);
  sh_swatch_worker_set_image (worker, photo->image);
  sh_swatch_worker_request (worker, box, TRUE, 1);
  robust = wait_for (context, &collector, 1, SH_SWATCH_STAGE_ROBUST);
  /* The labeler starts the next drag while the final box is still being measured: the final box still
   * gets its finish, and only then is the newest of the others measured. */
  sh_swatch_worker_request (worker, (ShBox) { 10, 10, 200, 200 }, FALSE, 2);
  sh_swatch_worker_request (worker, (ShBox) { 20, 20, 200, 200 }, FALSE, 3);
  wait_for (context, &collector, 3, SH_SWATCH_STAGE_ROBUST);
  robust = find_result (&collector, 1, SH_SWATCH_STAGE_ROBUST);
  finished = find_result (&collector, 1, SH_SWATCH_STAGE_FINISH);
  g_assert_nonnull (finished);
  {
    guint finish_index, next_index;

    g_assert_true (g_ptr_array_find (collector.results, finished, &finish_index));
    g_assert_true (g_ptr_array_find (collector.results, find_result (&collector, 3, SH_SWATCH_STAGE_ROBUST),
                                     &next_index));
    g_assert_cmpuint (finish_index, <, next_index);
  }
  g_assert_null (find_result (&collector, 2, SH_SWATCH_STAGE_ROBUST));
  g_assert_true (finished->final);
  g_assert_true (finished->has_finish);

  g_assert_true (sh_extract_with_finish (image, box, SH_METHOD_ROBUST, &expected, NULL));
  assert_same_swatch (&finished->robust, &expected);
  assert_same_swatch (&robust->robust, &expected);
  g_assert_cmpint (finished->robust.finish.finish, ==, expected.finish.finish);
  g_assert_cmpfloat (finished->robust.finish.gloss_score, ==, expected.finish.gloss_score);
  g_assert_cmpint (finished->robust.glitter.present, ==, expected.glitter.present);
  g_assert_cmpint (finished->robust.glitter.count, ==, expected.glitter.count);
  g_assert_cmpstr (finished->robust.glitter.hex, ==, expected.glitter.hex);
  /* The generated product is glossy and has glitter. */
  g_assert_cmpint (expected.finish.finish, ==, SH_FINISH_GLOSS);
  g_assert_true (expected.glitter.present);
  g_assert_cmpint (expected.glitter.count, >, 0);
  g_assert_cmpfloat (finished->finish_ms, >, 0);

  /* A final request on its own always carries the finish. */
  sh_swatch_worker_request (worker, box, TRUE, 4);
  finished = wait_for (context, &collector, 4, SH_SWATCH_STAGE_FINISH);
  g_assert_true (finished->final);
  g_assert_true (finished->has_finish);
  g_assert_true (finished->has_methods);
  g_assert_true (sh_extract_with_finish (image, box, SH_METHOD_ROBUST, &expected, NULL));
  assert_same_swatch (&finished->robust, &expected);
  g_assert_cmpint (finished->robust.finish.finish, ==, SH_FINISH_GLOSS);
  g_assert_cmpfloat (finished->robust.finish.specular_fraction, ==, expected.finish.specular_fraction);
  g_assert_true (finished->robust.glitter.present);

  sh_swatch_worker_unref (worker);
  collector_clear (&collector);
}

static void
test_burst_coalesces (void)
{
  g_autoptr (Photo) photo = photo_new (1000, 1000, 5);
  g_autoptr (GMainContext) context = g_main_context_new ();
  ShSwatchWorker *worker = sh_swatch_worker_new (context);
  const int n = 100;
  ShBox boxes[101];
  guint64 n_requests, n_coalesced, n_abandoned, previous = 0;
  guint n_robust = 0;
  Collector collector;

  collector_init (&collector);
  sh_swatch_worker_set_result_func (worker, collect, &collector, collector_destroyed);
  sh_swatch_worker_set_image (worker, photo->image);
  /* A drag far faster than extraction: every box grows. */
  for (int i = 1; i <= n; i++)
    {
      boxes[i] = (ShBox) { 100, 100, 200 + 7 * i, 150 + 7 * i };
      sh_swatch_worker_request (worker, boxes[i], FALSE, i);
    }
  wait_for (context, &collector, n, SH_SWATCH_STAGE_FINISH);

  for (guint i = 0; i < collector.results->len; i++)
    {
      const ShSwatchResult *result = collector.results->pdata[i];

      /* Never an older box after a newer one, and each result is for the box of its serial. */
      g_assert_cmpuint (result->serial, >=, previous);
      g_assert_cmpuint (result->serial, >=, 1);
      g_assert_cmpuint (result->serial, <=, n);
      g_assert_cmpmem (&result->box, sizeof (ShBox), &boxes[result->serial], sizeof (ShBox));
      g_assert_true (result->valid);
      if (result->stage == SH_SWATCH_STAGE_ROBUST)
        {
          g_assert_cmpuint (result->serial, >, previous);
          n_robust++;
        }
      previous = result->serial;
    }
  sh_swatch_worker_get_stats (worker, &n_requests, &n_coalesced, &n_abandoned);
  g_test_message ("%u of %d requests measured, %" G_GUINT64_FORMAT " coalesced, %" G_GUINT64_FORMAT
                  " cut short", n_robust, n, n_coalesced, n_abandoned);
  g_assert_cmpuint (n_requests, ==, n);
  /* Every request was either measured or dropped, none twice. */
  g_assert_cmpuint (n_robust + n_coalesced, ==, n);
  /* The loop of requests takes microseconds, one extraction milliseconds: only a handful can be measured
   * (normally the first and the last). */
  g_assert_cmpuint (n_robust, <=, 5);
  g_assert_cmpuint (((ShSwatchResult *) collector.results->pdata[collector.results->len - 1])->serial, ==, n);

  sh_swatch_worker_unref (worker);
  collector_clear (&collector);
}

static void
test_outside_and_new_image (void)
{
  g_autoptr (Photo) photo = photo_new (400, 500, 3);
  g_autoptr (Photo) other = photo_new (640, 480, 4);
  g_autoptr (GMainContext) context = g_main_context_new ();
  ShSwatchWorker *worker = sh_swatch_worker_new (context);
  const ShSwatchResult *result;
  Collector collector;

  collector_init (&collector);
  sh_swatch_worker_set_result_func (worker, collect, &collector, collector_destroyed);

  /* Without a photo, requests are ignored. */
  sh_swatch_worker_request (worker, (ShBox) { 0, 0, 10, 10 }, TRUE, 1);
  sh_swatch_worker_set_image (worker, photo->image);
  sh_swatch_worker_request (worker, (ShBox) { 500, 600, 40, 40 }, TRUE, 2);
  result = wait_for (context, &collector, 2, SH_SWATCH_STAGE_ROBUST);
  g_assert_false (result->valid);
  g_assert_null (result->mask);
  g_assert_null (find_result (&collector, 1, SH_SWATCH_STAGE_ROBUST));

  /* A box partly outside is clipped, and its mask covers the clipped box. */
  sh_swatch_worker_request (worker, (ShBox) { 350, 450, 100, 100 }, FALSE, 3);
  result = wait_for (context, &collector, 3, SH_SWATCH_STAGE_ROBUST);
  g_assert_true (result->valid);
  g_assert_cmpint (result->robust.box.w, ==, 50);
  g_assert_cmpint (result->robust.box.h, ==, 50);
  g_assert_cmpuint (g_bytes_get_size (result->mask), ==, 2500);

  /* The next photo is measured from the next request on. */
  sh_swatch_worker_set_image (worker, other->image);
  sh_swatch_worker_request (worker, (ShBox) { 500, 400, 200, 200 }, FALSE, 4);
  result = wait_for (context, &collector, 4, SH_SWATCH_STAGE_ROBUST);
  g_assert_cmpint (result->robust.box.w, ==, 140);
  g_assert_cmpint (result->robust.box.h, ==, 80);

  sh_swatch_worker_unref (worker);
  g_assert_cmpint (collector.destroyed, ==, 1);
  collector_clear (&collector);
}

static void
unref_in_callback (ShSwatchWorker *worker, const ShSwatchResult *result, gpointer user_data)
{
  int *calls = user_data;

  (*calls)++;
  sh_swatch_worker_unref (worker);
}

static void
test_unref_while_working (void)
{
  g_autoptr (Photo) photo = photo_new (1600, 1600, 9);
  g_autoptr (GMainContext) context = g_main_context_new ();
  ShBox whole = { 0, 0, 1600, 1600 };
  Collector collector;
  int calls = 0;

  collector_init (&collector);

  /* Dropped at once, with the request pending or just started. */
  for (int i = 0; i < 20; i++)
    {
      ShSwatchWorker *worker = sh_swatch_worker_new (context);

      sh_swatch_worker_set_result_func (worker, collect, &collector, collector_destroyed);
      sh_swatch_worker_set_image (worker, photo->image);
      sh_swatch_worker_request (worker, whole, TRUE, 1);
      if (i % 2 == 1)
        g_usleep (500 * i);
      sh_swatch_worker_unref (worker);
    }
  g_assert_cmpint (collector.destroyed, ==, 20);

  /* Dropped with results waiting on the context: none is delivered afterwards. */
  {
    ShSwatchWorker *worker = sh_swatch_worker_new (context);

    sh_swatch_worker_set_result_func (worker, collect, &collector, collector_destroyed);
    sh_swatch_worker_set_image (worker, photo->image);
    sh_swatch_worker_request (worker, whole, TRUE, 1);
    g_usleep (60 * 1000);
    sh_swatch_worker_unref (worker);
  }
  while (g_main_context_iteration (context, FALSE))
    ;
  g_assert_cmpuint (collector.results->len, ==, 0);
  g_assert_cmpint (collector.destroyed, ==, 21);

  /* The last reference dropped by the result function itself, while the thread works on. */
  {
    ShSwatchWorker *worker = sh_swatch_worker_new (context);

    sh_swatch_worker_set_result_func (worker, unref_in_callback, &calls, NULL);
    sh_swatch_worker_set_image (worker, photo->image);
    sh_swatch_worker_request (worker, whole, TRUE, 1);
    while (calls == 0)
      g_main_context_iteration (context, TRUE);
    g_usleep (50 * 1000);
    while (g_main_context_iteration (context, FALSE))
      ;
    g_assert_cmpint (calls, ==, 1);
  }

  /* The photo outlives the worker only through the test's own reference. */
  collector_clear (&collector);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/swatch-worker/results-match-extract", test_results_match_extract);
  g_test_add_func ("/swatch-worker/final-carries-finish", test_final_carries_finish);
  g_test_add_func ("/swatch-worker/burst-coalesces", test_burst_coalesces);
  g_test_add_func ("/swatch-worker/outside-and-new-image", test_outside_and_new_image);
  g_test_add_func ("/swatch-worker/unref-while-working", test_unref_while_working);
  return g_test_run ();
}
