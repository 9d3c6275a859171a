/* SPDX-License-Identifier: GPL-3.0-or-later */
/* swatch-worker.h: live colour extraction off the main thread, for a box that is being drawn or dragged.
 *
 * One worker thread serves one photo at a time. Requests coalesce: only the newest pending request is kept
 * ("latest box wins"), so a drag that produces boxes faster than they can be measured never builds a queue,
 * and a newer request also cuts short the slower stages of the one being worked on. For each request the
 * worker delivers, in order, as soon as each is ready:
 *   1. SH_SWATCH_STAGE_ROBUST: the robust colour and its class mask (what the canvas overlay shows);
 *   2. SH_SWATCH_STAGE_METHODS: the same plus the mean and dominant colours, unless a newer request is
 *      already waiting;
 *   3. SH_SWATCH_STAGE_FINISH: the same plus the finish and glitter estimates (sh_extract_with_finish),
 *      always for final requests (the box as it will be stored; a newer request waits for it), otherwise
 *      only when no newer request came for 60 ms (the pointer has stopped: during a drag it would only
 *      hold up the next robust result).
 * Results reach the result function on the GMainContext given at creation, carrying the request's serial so
 * a caller can ignore results for boxes it has moved on from. Each result repeats everything known so far.
 *
 * Threads: create, request, set_image and unref from the thread that runs the context (any one thread).
 * After the last unref no result function is called; unref waits for at most the one extraction step
 * under way (the thread checks between steps).
 */
#pragma once

#include <glib.h>

#include "color/extract.h"
#include "core/formats/shared-image.h"

G_BEGIN_DECLS

typedef struct _ShSwatchWorker ShSwatchWorker;

typedef enum {
  SH_SWATCH_STAGE_ROBUST,
  SH_SWATCH_STAGE_METHODS,
  SH_SWATCH_STAGE_FINISH,
} ShSwatchStage;

typedef struct {
  guint64 serial;              /* as given to sh_swatch_worker_request */
  ShBox box;                   /* as requested (robust.box is the box clipped to the image) */
  gboolean final;
  ShSwatchStage stage;
  gboolean valid;              /* FALSE when the box lies outside the image: nothing else is set */
  ShSwatch robust;             /* finish and glitter set when has_finish */
  gboolean has_methods;        /* mean and dominant are set */
  ShSwatch mean;
  ShSwatch dominant;
  gboolean has_finish;         /* robust.finish and robust.glitter are set */
  GBytes *mask;                /* ShPixelClass per pixel of robust.box (robust.box.w * robust.box.h bytes) */
  gint64 request_time;         /* g_get_monotonic_time () when requested */
  gint64 start_time;           /* when the worker took the request up (after the step under way) */
  gint64 ready_time;           /* g_get_monotonic_time () when this stage was computed */
  double robust_ms, methods_ms, finish_ms;   /* time spent in each stage (0 until reached) */
} ShSwatchResult;

/* Called on the worker's context for each result; result and its mask belong to the worker (take a
 * reference to the mask to keep it). */
typedef void (*ShSwatchResultFunc) (ShSwatchWorker *worker, const ShSwatchResult *result, gpointer user_data);

/* context NULL means the global default context. */
ShSwatchWorker *sh_swatch_worker_new (GMainContext *context);
ShSwatchWorker *sh_swatch_worker_ref (ShSwatchWorker *worker);
void sh_swatch_worker_unref (ShSwatchWorker *worker);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ShSwatchWorker, sh_swatch_worker_unref)

void sh_swatch_worker_set_result_func (ShSwatchWorker *worker, ShSwatchResultFunc func, gpointer user_data,
                                       GDestroyNotify destroy);

/* The photo later requests measure (a reference is taken; NULL for none). A pending request for the
 * previous photo is dropped; results already under way still arrive with their serials. */
void sh_swatch_worker_set_image (ShSwatchWorker *worker, ShSharedImage *image);

/* Measures box in the current photo, replacing any request not yet started. Serials should increase.
 * Does nothing without a photo. */
void sh_swatch_worker_request (ShSwatchWorker *worker, ShBox box, gboolean final, guint64 serial);

/* Counters, for benchmarks and tests: requests made, requests replaced before they started, and requests
 * whose mean and dominant were skipped for a newer one. */
void sh_swatch_worker_get_stats (ShSwatchWorker *worker, guint64 *n_requests, guint64 *n_coalesced,
                                 guint64 *n_abandoned);

G_END_DECLS
