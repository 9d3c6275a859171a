/* SPDX-License-Identifier: GPL-3.0-or-later */
/* swatch-worker.c: live colour extraction on one thread, newest box first. */
#define G_LOG_DOMAIN "shadelab-core"

#include "config.h"

#include "core/models/swatch-worker.h"

typedef struct {
  ShSharedImage *image;
  ShBox box;
  gboolean final;
  guint64 serial;
  gint64 request_time;
} SwatchRequest;

typedef struct {
  GSource source;
  ShSwatchWorker *worker;
} ResultSource;

struct _ShSwatchWorker {
  gatomicrefcount ref_count;
  GThread *thread;
  GSource *source;            /* a ResultSource on the caller's context */

  ShSwatchResultFunc func;
  gpointer func_data;
  GDestroyNotify func_data_destroy;

  /* Everything below is guarded by lock. */
  GMutex lock;
  GCond wake;
  gboolean quit;
  ShSharedImage *image;
  gboolean has_pending;
  SwatchRequest pending;
  GQueue results;             /* ShSwatchResult *, oldest first, waiting for the context */
  guint64 n_requests, n_coalesced, n_abandoned;
};

static ShSwatchResult *
result_copy (const ShSwatchResult *result)
{
  ShSwatchResult *copy = g_memdup2 (result, sizeof *result);

  if (copy->mask != NULL)
    g_bytes_ref (copy->mask);
  return copy;
}

static void
result_free (ShSwatchResult *result)
{
  g_clear_pointer (&result->mask, g_bytes_unref);
  g_free (result);
}

static double
ms_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

/* Called on the worker thread: hands a snapshot of result to the context. */
static void
worker_deliver (ShSwatchWorker *worker, ShSwatchResult *result, ShSwatchStage stage)
{
  ShSwatchResult *copy;

  result->stage = stage;
  result->ready_time = g_get_monotonic_time ();
  copy = result_copy (result);

  g_mutex_lock (&worker->lock);
  g_queue_push_tail (&worker->results, copy);
  g_mutex_unlock (&worker->lock);
  /* Thread-safe: wakes the context. */
  g_source_set_ready_time (worker->source, 0);
}

/* Whether a newer request (or shutdown) is waiting, so the rest of this one is not worth computing. */
static gboolean
worker_superseded (ShSwatchWorker *worker)
{
  gboolean superseded;

  g_mutex_lock (&worker->lock);
  superseded = worker->quit || worker->has_pending;
  g_mutex_unlock (&worker->lock);
  return superseded;
}

/* A drag sends a box every frame or so; a pointer still for this long has stopped, and only then is the
 * finish of a box still being dragged worth its time (it would hold up the next robust result). */
#define IDLE_DELAY_US (60 * 1000)

/* Waits up to IDLE_DELAY_US for a newer request; TRUE when none came (and no shutdown). */
static gboolean
worker_wait_idle (ShSwatchWorker *worker)
{
  gint64 until = g_get_monotonic_time () + IDLE_DELAY_US;
  gboolean idle;

  g_mutex_lock (&worker->lock);
  while (!worker->quit && !worker->has_pending)
    if (!g_cond_wait_until (&worker->wake, &worker->lock, until))
      break;
  idle = !worker->quit && !worker->has_pending;
  g_mutex_unlock (&worker->lock);
  return idle;
}

static gboolean
worker_quitting (ShSwatchWorker *worker)
{
  gboolean quit;

  g_mutex_lock (&worker->lock);
  quit = worker->quit;
  g_mutex_unlock (&worker->lock);
  return quit;
}

static void
worker_run (ShSwatchWorker *worker, const SwatchRequest *request)
{
  const ShImage *image = sh_shared_image_get_image (request->image);
  ShSwatchResult result = { 0 };
  ShBox clipped = request->box;
  gboolean abandoned = FALSE;
  guint8 *mask;
  gint64 start;

  result.serial = request->serial;
  result.box = request->box;
  result.final = request->final;
  result.request_time = request->request_time;
  result.start_time = g_get_monotonic_time ();

  if (!sh_box_clip (&clipped, image->width, image->height))
    {
      worker_deliver (worker, &result, SH_SWATCH_STAGE_ROBUST);
      return;
    }

  /* Robust first: it is what the labeler looks at, and its mask is what the overlay shows. */
  start = g_get_monotonic_time ();
  mask = g_malloc ((gsize) clipped.w * (gsize) clipped.h);
  if (!sh_extract (image, request->box, SH_METHOD_ROBUST, &result.robust, mask))
    {
      g_free (mask);
      worker_deliver (worker, &result, SH_SWATCH_STAGE_ROBUST);
      return;
    }
  result.valid = TRUE;
  result.mask = g_bytes_new_take (mask, (gsize) clipped.w * (gsize) clipped.h);
  result.robust_ms = ms_since (start);
  worker_deliver (worker, &result, SH_SWATCH_STAGE_ROBUST);

  /* A final request is the box as it will be stored, so its finish is always computed; the other
   * colours only matter while the box is still the one on screen. */
  if (!worker_superseded (worker))
    {
      start = g_get_monotonic_time ();
      sh_extract (image, request->box, SH_METHOD_MEAN, &result.mean, NULL);
      if (worker_superseded (worker))
        abandoned = TRUE;
      else
        {
          sh_extract (image, request->box, SH_METHOD_DOMINANT, &result.dominant, NULL);
          result.methods_ms = ms_since (start);
          result.has_methods = TRUE;
          worker_deliver (worker, &result, SH_SWATCH_STAGE_METHODS);
        }
    }
  else
    abandoned = TRUE;

  /* A box still being dragged goes without its finish by design: not counted as cut short. */
  if (request->final ? !worker_quitting (worker) : worker_wait_idle (worker))
    {
      ShSwatch with_finish;

      start = g_get_monotonic_time ();
      if (sh_extract_with_finish (image, request->box, SH_METHOD_ROBUST, &with_finish, NULL))
        {
          /* Same classification, so the colour is unchanged; only the product's finish is new. */
          result.robust.finish = with_finish.finish;
          result.robust.glitter = with_finish.glitter;
          result.finish_ms = ms_since (start);
          result.has_finish = TRUE;
          worker_deliver (worker, &result, SH_SWATCH_STAGE_FINISH);
        }
    }

  if (abandoned)
    {
      g_mutex_lock (&worker->lock);
      worker->n_abandoned++;
      g_mutex_unlock (&worker->lock);
    }
  g_clear_pointer (&result.mask, g_bytes_unref);
}

static gpointer
worker_thread (gpointer data)
{
  ShSwatchWorker *worker = data;

  g_mutex_lock (&worker->lock);
  for (;;)
    {
      SwatchRequest request;

      while (!worker->quit && !worker->has_pending)
        g_cond_wait (&worker->wake, &worker->lock);
      if (worker->quit)
        break;

      request = worker->pending;   /* takes the image reference */
      worker->has_pending = FALSE;
      g_mutex_unlock (&worker->lock);

      worker_run (worker, &request);
      sh_shared_image_unref (request.image);

      g_mutex_lock (&worker->lock);
    }
  g_mutex_unlock (&worker->lock);
  return NULL;
}

static gboolean
result_source_dispatch (GSource *source, GSourceFunc callback, gpointer user_data)
{
  ShSwatchWorker *worker = ((ResultSource *) source)->worker;

  g_source_set_ready_time (source, -1);
  /* The result function may drop the last outside reference; stay alive until the loop ends. */
  sh_swatch_worker_ref (worker);
  for (;;)
    {
      ShSwatchResult *result;

      if (g_atomic_ref_count_compare (&worker->ref_count, 1))
        break;
      g_mutex_lock (&worker->lock);
      result = g_queue_pop_head (&worker->results);
      g_mutex_unlock (&worker->lock);
      if (result == NULL)
        break;
      if (worker->func != NULL)
        worker->func (worker, result, worker->func_data);
      result_free (result);
    }
  sh_swatch_worker_unref (worker);
  return G_SOURCE_CONTINUE;
}

static GSourceFuncs result_source_funcs = {
  .dispatch = result_source_dispatch,
};

ShSwatchWorker *
sh_swatch_worker_new (GMainContext *context)
{
  ShSwatchWorker *worker = g_new0 (ShSwatchWorker, 1);
  GSource *source;

  g_atomic_ref_count_init (&worker->ref_count);
  g_mutex_init (&worker->lock);
  g_cond_init (&worker->wake);
  g_queue_init (&worker->results);

  source = g_source_new (&result_source_funcs, sizeof (ResultSource));
  ((ResultSource *) source)->worker = worker;
  g_source_set_name (source, "ShSwatchWorker results");
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_ready_time (source, -1);
  g_source_attach (source, context);
  worker->source = source;

  worker->thread = g_thread_new ("swatch-worker", worker_thread, worker);
  return worker;
}

ShSwatchWorker *
sh_swatch_worker_ref (ShSwatchWorker *worker)
{
  g_return_val_if_fail (worker != NULL, NULL);
  g_atomic_ref_count_inc (&worker->ref_count);
  return worker;
}

void
sh_swatch_worker_unref (ShSwatchWorker *worker)
{
  g_return_if_fail (worker != NULL);
  if (!g_atomic_ref_count_dec (&worker->ref_count))
    return;

  g_mutex_lock (&worker->lock);
  worker->quit = TRUE;
  if (worker->has_pending)
    {
      g_clear_pointer (&worker->pending.image, sh_shared_image_unref);
      worker->has_pending = FALSE;
    }
  g_cond_signal (&worker->wake);
  g_mutex_unlock (&worker->lock);
  /* The thread stops between two extraction steps. */
  g_thread_join (worker->thread);

  g_source_destroy (worker->source);
  g_source_unref (worker->source);
  g_queue_clear_full (&worker->results, (GDestroyNotify) result_free);
  g_clear_pointer (&worker->image, sh_shared_image_unref);
  if (worker->func_data_destroy != NULL)
    worker->func_data_destroy (worker->func_data);
  g_mutex_clear (&worker->lock);
  g_cond_clear (&worker->wake);
  g_free (worker);
}

void
sh_swatch_worker_set_result_func (ShSwatchWorker *worker, ShSwatchResultFunc func, gpointer user_data,
                                  GDestroyNotify destroy)
{
  g_return_if_fail (worker != NULL);
  if (worker->func_data_destroy != NULL)
    worker->func_data_destroy (worker->func_data);
  worker->func = func;
  worker->func_data = user_data;
  worker->func_data_destroy = destroy;
}

void
sh_swatch_worker_set_image (ShSwatchWorker *worker, ShSharedImage *image)
{
  ShSharedImage *old_image, *dropped = NULL;

  g_return_if_fail (worker != NULL);
  if (image != NULL)
    sh_shared_image_ref (image);

  g_mutex_lock (&worker->lock);
  old_image = worker->image;
  worker->image = image;
  if (worker->has_pending)
    {
      dropped = worker->pending.image;
      worker->has_pending = FALSE;
      worker->n_coalesced++;
    }
  g_mutex_unlock (&worker->lock);

  /* Freeing a photo can take a while: never under the lock. */
  if (old_image != NULL)
    sh_shared_image_unref (old_image);
  if (dropped != NULL)
    sh_shared_image_unref (dropped);
}

void
sh_swatch_worker_request (ShSwatchWorker *worker, ShBox box, gboolean final, guint64 serial)
{
  ShSharedImage *dropped = NULL;

  g_return_if_fail (worker != NULL);

  g_mutex_lock (&worker->lock);
  if (worker->image == NULL)
    {
      g_mutex_unlock (&worker->lock);
      return;
    }
  worker->n_requests++;
  if (worker->has_pending)
    {
      dropped = worker->pending.image;
      worker->n_coalesced++;
    }
  worker->pending = (SwatchRequest) {
    .image = sh_shared_image_ref (worker->image),
    .box = box,
    .final = final,
    .serial = serial,
    .request_time = g_get_monotonic_time (),
  };
  worker->has_pending = TRUE;
  g_cond_signal (&worker->wake);
  g_mutex_unlock (&worker->lock);

  if (dropped != NULL)
    sh_shared_image_unref (dropped);
}

void
sh_swatch_worker_get_stats (ShSwatchWorker *worker, guint64 *n_requests, guint64 *n_coalesced,
                            guint64 *n_abandoned)
{
  g_return_if_fail (worker != NULL);
  g_mutex_lock (&worker->lock);
  if (n_requests != NULL)
    *n_requests = worker->n_requests;
  if (n_coalesced != NULL)
    *n_coalesced = worker->n_coalesced;
  if (n_abandoned != NULL)
    *n_abandoned = worker->n_abandoned;
  g_mutex_unlock (&worker->lock);
}
