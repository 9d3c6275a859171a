/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-swatch: the live swatch while a box is dragged over a 1-megapixel area.
 *
 * Simulates drags as the canvas reports them, one new box every 8 ms (120 boxes, the last one final), each
 * sent to an ShSwatchWorker, over a 1000x1000 area of a generated product photo: "draw", a box drawn from
 * a corner that grows to the whole area, and "move", the whole 1000x1000 box moved about by its middle. Measures, on the main context, the latency from each request to the delivery of its robust
 * result (the number the panel shows, target: under 16 ms), to its mean and dominant, and to the final box's
 * finish; counts the requests that were coalesced (replaced before they started) or cut short.
 *
 *   build/tests/bench/bench-swatch [--drags N] [--interval-ms N] [--steps N] [--area N] [--seed N]
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "color/colorspace.h"
#include "color/synth.h"
#include "core/formats/image-loader.h"
#include "core/models/swatch-worker.h"
#include "tests/lib/test-stats.h"
#include "tests/lib/test-synth.h"

typedef struct {
  GMainLoop *loop;
  ShSwatchWorker *worker;
  ShBox origin;
  int steps, area;
  gboolean move;
  gint64 interval_us;
  gint64 start;
  int sent;
  guint64 serial_base;
  GArray *robust_ms;       /* request -> robust delivered on the main context */
  GArray *robust_large_ms; /* the same for boxes of half a megapixel or more */
  GArray *robust_worker_ms;/* request -> robust ready on the worker thread */
  GArray *wait_ms;         /* request -> taken up by the worker (the step under way finishing) */
  GArray *delivery_ms;     /* robust ready on the worker -> delivered on the main context */
  GArray *methods_ms;      /* request -> mean and dominant delivered */
  GArray *finish_ms;       /* final request -> finish delivered */
  GArray *compute_robust_ms, *compute_methods_ms, *compute_finish_ms;
  guint64 delivered_robust;
} Drag;

static void
report (const char *what, GArray *values)
{
  double *v = (double *) values->data;

  if (values->len == 0)
    {
      printf ("  %-44s %6s\n", what, "-");
      return;
    }
  qsort (v, values->len, sizeof (double), compare_double);
  printf ("  %-44s %6u %9.2f %9.2f %9.2f\n", what, values->len, v[values->len / 2],
          v[MIN (values->len - 1, (guint) (0.95 * values->len))], v[values->len - 1]);
}

/* The box of step i: its corner follows the pointer from a small box to the whole area, drifting a little
 * sideways as a hand does. */
static ShBox
drag_box (const Drag *drag, int i)
{
  double t = drag->steps > 1 ? (double) i / (drag->steps - 1) : 1;

  if (drag->move)
    {
      /* Back and forth, 100 px either way, a little up and down. */
      int dx = (int) (100 * sin (t * 2 * G_PI)), dy = (int) (40 * sin (t * 4 * G_PI));
      return (ShBox) { drag->origin.x + dx, drag->origin.y + dy, drag->area, drag->area };
    }

  int size_w = 40 + (int) ((drag->area - 40) * t);
  int size_h = 40 + (int) ((drag->area - 40) * (t * t * 0.3 + t * 0.7));
  int wobble = (int) (12 * (1 - t) * ((i % 7) - 3) / 3.0);

  return (ShBox) { drag->origin.x + wobble + (drag->area - size_w) / 8, drag->origin.y, size_w - wobble, size_h };
}

static void
on_result (ShSwatchWorker *worker, const ShSwatchResult *result, gpointer user_data)
{
  Drag *drag = user_data;
  double latency = (g_get_monotonic_time () - result->request_time) / 1000.0;

  if (result->serial <= drag->serial_base)
    return;   /* an earlier drag */
  switch (result->stage)
    {
    case SH_SWATCH_STAGE_ROBUST:
      {
        double worker_latency = (result->ready_time - result->request_time) / 1000.0;
        g_array_append_val (drag->robust_ms, latency);
        if ((gint64) result->robust.box.w * result->robust.box.h >= 500000)
          g_array_append_val (drag->robust_large_ms, latency);
        double wait = (result->start_time - result->request_time) / 1000.0;
        double delivery = latency - worker_latency;
        g_array_append_val (drag->robust_worker_ms, worker_latency);
        g_array_append_val (drag->wait_ms, wait);
        g_array_append_val (drag->delivery_ms, delivery);
        g_array_append_val (drag->compute_robust_ms, result->robust_ms);
        drag->delivered_robust++;
      }
      break;
    case SH_SWATCH_STAGE_METHODS:
      g_array_append_val (drag->methods_ms, latency);
      g_array_append_val (drag->compute_methods_ms, result->methods_ms);
      break;
    case SH_SWATCH_STAGE_FINISH:
      g_array_append_val (drag->compute_finish_ms, result->finish_ms);
      if (result->final)
        {
          g_array_append_val (drag->finish_ms, latency);
          g_main_loop_quit (drag->loop);
        }
      break;
    }
}

/* Sends the boxes at exact times (a timeout source only has millisecond resolution). */
static gboolean
pointer_moved (gpointer user_data)
{
  Drag *drag = user_data;
  GSource *source = g_main_current_source ();
  int i = drag->sent++;

  sh_swatch_worker_request (drag->worker, drag_box (drag, i), i == drag->steps - 1,
                            drag->serial_base + 1 + (guint64) i);
  if (drag->sent == drag->steps)
    return G_SOURCE_REMOVE;
  g_source_set_ready_time (source, drag->start + drag->sent * drag->interval_us);
  return G_SOURCE_CONTINUE;
}

static gboolean
source_dispatch (GSource *source, GSourceFunc callback, gpointer user_data)
{
  return callback (user_data);
}

static GSourceFuncs pointer_source_funcs = { .dispatch = source_dispatch };

int
main (int argc, char **argv)
{
  int drags = 5, steps = 120, area = 1000, interval_ms = 8;
  unsigned seed = 7;
  g_autoptr (GError) error = NULL;

  for (int i = 1; i + 1 < argc; i += 2)
    {
      if (strcmp (argv[i], "--drags") == 0)
        drags = atoi (argv[i + 1]);
      else if (strcmp (argv[i], "--steps") == 0)
        steps = atoi (argv[i + 1]);
      else if (strcmp (argv[i], "--area") == 0)
        area = atoi (argv[i + 1]);
      else if (strcmp (argv[i], "--interval-ms") == 0)
        interval_ms = atoi (argv[i + 1]);
      else if (strcmp (argv[i], "--seed") == 0)
        seed = (unsigned) atoi (argv[i + 1]);
    }
  if (drags < 1 || steps < 2 || area < 64 || interval_ms < 1)
    {
      fprintf (stderr, "usage: bench-swatch [--drags N] [--steps N] [--area N] [--interval-ms N] [--seed N]\n");
      return 2;
    }

  /* A photo whose area x area square around the bullet holds bullet, sweep and some packaging. */
  int width = area + 300, height = area + 200;
  ShSynthTruth truth;
  float *linear = render_centred_gloss (seed, width, height, &truth);
  if (linear == NULL)
    return 1;
  ShImage *image = sh_image_new (width, height);
  guint32 state = seed * 2654435761u + 1;
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      for (int c = 0; c < 3; c++)
        {
          state ^= state << 13, state ^= state >> 17, state ^= state << 5;
          double noise = ((state >> 8) / 16777216.0 - 0.5) * 3.0;
          double v = 255.0 * sh_srgb_encode (linear[((size_t) y * width + x) * 3 + c]) + noise;
          image->pixels[(size_t) y * image->stride + 4 * x + c] = (guint8) CLAMP (v + 0.5, 0, 255);
        }
  free (linear);
  ShLoadedImage *loaded = g_new0 (ShLoadedImage, 1);
  loaded->image = image;
  loaded->format_name = g_strdup ("synthetic");
  loaded->profile_name = g_strdup ("sRGB (untagged)");
  ShSharedImage *shared = sh_shared_image_new (loaded);

  printf ("bench-swatch: %d drags of %d boxes each, one box every %d ms, over a %dx%d area (%.2f Mpx) of a "
          "%dx%d photo\n", drags, steps, interval_ms, area, area, area * area / 1e6, width, height);
  for (int scenario = 0; scenario < 2; scenario++)
    {
      Drag drag = {
        .loop = g_main_loop_new (NULL, FALSE),
        .worker = sh_swatch_worker_new (NULL),
        .origin = { (width - area) / 2, (height - area) / 2, area, area },
        .steps = steps,
        .area = area,
        .move = scenario == 1,
        .interval_us = interval_ms * 1000,
      };
      GArray **arrays[] = { &drag.robust_ms, &drag.robust_large_ms, &drag.robust_worker_ms, &drag.wait_ms, &drag.delivery_ms, &drag.methods_ms,
                            &drag.finish_ms, &drag.compute_robust_ms, &drag.compute_methods_ms,
                            &drag.compute_finish_ms };
      guint64 n_requests, n_coalesced, n_abandoned;

      for (guint a = 0; a < G_N_ELEMENTS (arrays); a++)
        *arrays[a] = g_array_new (FALSE, FALSE, sizeof (double));
      sh_swatch_worker_set_result_func (drag.worker, on_result, &drag, NULL);
      sh_swatch_worker_set_image (drag.worker, shared);

      for (int d = 0; d < drags; d++)
        {
          GSource *pointer = g_source_new (&pointer_source_funcs, sizeof (GSource));

          drag.sent = 0;
          drag.serial_base = (guint64) d * 1000000;
          drag.start = g_get_monotonic_time ();
          g_source_set_callback (pointer, pointer_moved, &drag, NULL);
          g_source_set_priority (pointer, G_PRIORITY_HIGH);
          g_source_set_ready_time (pointer, drag.start);
          g_source_attach (pointer, NULL);
          g_source_unref (pointer);
          g_main_loop_run (drag.loop);
        }

      sh_swatch_worker_get_stats (drag.worker, &n_requests, &n_coalesced, &n_abandoned);
      printf ("\n%s: %s\n", drag.move ? "move" : "draw",
              drag.move ? "the whole box moved about" : "a box drawn from a corner, growing to the whole area");
      printf ("  requests %" G_GUINT64_FORMAT ", robust results %" G_GUINT64_FORMAT ", coalesced %"
              G_GUINT64_FORMAT " (%.0f %%), mean/dominant skipped for a newer box %" G_GUINT64_FORMAT "\n",
              n_requests, drag.delivered_robust, n_coalesced, 100.0 * n_coalesced / MAX (n_requests, 1),
              n_abandoned);
      printf ("  %-44s %6s %9s %9s %9s\n", "ms", "n", "median", "p95", "max");
      report ("request -> robust on main context", drag.robust_ms);
      if (!drag.move)
        report ("  the same, boxes >= 0.5 Mpx", drag.robust_large_ms);
      report ("request -> robust ready (worker)", drag.robust_worker_ms);
      report ("  of which waiting for the step under way", drag.wait_ms);
      report ("robust ready -> delivered on main", drag.delivery_ms);
      report ("request -> mean+dominant on main", drag.methods_ms);
      report ("final request -> finish on main", drag.finish_ms);
      report ("compute robust", drag.compute_robust_ms);
      report ("compute mean+dominant", drag.compute_methods_ms);
      report ("compute finish+glitter (final boxes)", drag.compute_finish_ms);

      sh_swatch_worker_unref (drag.worker);
      g_main_loop_unref (drag.loop);
      for (guint a = 0; a < G_N_ELEMENTS (arrays); a++)
        g_array_unref (*arrays[a]);
    }

  sh_shared_image_unref (shared);
  return 0;
}
