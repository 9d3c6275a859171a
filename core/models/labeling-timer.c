/* SPDX-License-Identifier: GPL-3.0-or-later */
/* labeling-timer.c: active time per image with an idle cut-off (see labeling-timer.h). */
#define G_LOG_DOMAIN "shadelab-timer"

#include "config.h"

#include "core/models/labeling-timer.h"

typedef struct {
  gint64 image_id;
  double seconds;
} Visit;

struct _ShLabelingTimer {
  ShProject *project;
  char *labeler;
  gint64 image_id;          /* 0: nothing counts */
  double seconds;           /* counted up to accounted_until and not written yet */
  gint64 last_activity;     /* clock time of the latest input, or of the image's start */
  gint64 accounted_until;   /* clock time up to which seconds is complete, >= last_activity */
  GArray *unwritten;        /* Visit: finished visits whose write failed, oldest first */
  ShLabelingTimerClock clock;
  gpointer clock_data;
};

static gint64
default_clock (gpointer user_data)
{
  return g_get_monotonic_time ();
}

/* Seconds not yet added to timer->seconds: the timer runs from the latest input until the idle cut-off, then
 * stands still. */
static double
pending_seconds (ShLabelingTimer *timer, gint64 now)
{
  gint64 running_until = MIN (now, timer->last_activity + (gint64) SH_LABELING_TIMER_IDLE_SECONDS * G_USEC_PER_SEC);
  return running_until > timer->accounted_until
           ? (double) (running_until - timer->accounted_until) / G_USEC_PER_SEC
           : 0.0;
}

static void
restart (ShLabelingTimer *timer, gint64 now)
{
  timer->seconds = 0;
  timer->last_activity = now;
  timer->accounted_until = now;
}

ShLabelingTimer *
sh_labeling_timer_new (ShProject *project, const char *labeler)
{
  ShLabelingTimer *timer;

  g_return_val_if_fail (project != NULL, NULL);
  g_return_val_if_fail (labeler != NULL, NULL);
  timer = g_new0 (ShLabelingTimer, 1);
  timer->project = project;
  timer->labeler = g_strdup (labeler);
  timer->unwritten = g_array_new (FALSE, FALSE, sizeof (Visit));
  timer->clock = default_clock;
  return timer;
}

void
sh_labeling_timer_free (ShLabelingTimer *timer)
{
  if (timer == NULL)
    return;
  g_array_unref (timer->unwritten);
  g_free (timer->labeler);
  g_free (timer);
}

void
sh_labeling_timer_set_clock_for_testing (ShLabelingTimer *timer, ShLabelingTimerClock clock, gpointer user_data)
{
  timer->clock = clock != NULL ? clock : default_clock;
  timer->clock_data = user_data;
  restart (timer, timer->clock (timer->clock_data));
}

void
sh_labeling_timer_activity (ShLabelingTimer *timer)
{
  gint64 now = timer->clock (timer->clock_data);

  if (timer->image_id != 0)
    timer->seconds += pending_seconds (timer, now);
  timer->last_activity = now;
  timer->accounted_until = now;
}

double
sh_labeling_timer_get_seconds (ShLabelingTimer *timer)
{
  if (timer->image_id == 0)
    return 0;
  return timer->seconds + pending_seconds (timer, timer->clock (timer->clock_data));
}

gint64
sh_labeling_timer_get_image (ShLabelingTimer *timer)
{
  return timer->image_id;
}

/* Writes the finished visits in order, each its own transaction; stops at the first failure and keeps the rest
 * for the next try. A visit the project refuses outright (its image was deleted) is dropped, so that it cannot
 * block the ones after it. */
static gboolean
write_unwritten (ShLabelingTimer *timer, GError **error)
{
  while (timer->unwritten->len > 0)
    {
      Visit *visit = &g_array_index (timer->unwritten, Visit, 0);
      g_autoptr (GError) local_error = NULL;

      if (!sh_project_add_labeling_time (timer->project, visit->image_id, timer->labeler, visit->seconds,
                                         &local_error))
        {
          gboolean refused = g_error_matches (local_error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_INVALID);
          if (refused)
            g_array_remove_index (timer->unwritten, 0);
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      g_array_remove_index (timer->unwritten, 0);
    }
  return TRUE;
}

gboolean
sh_labeling_timer_flush (ShLabelingTimer *timer, GError **error)
{
  gint64 now = timer->clock (timer->clock_data);

  if (timer->image_id != 0)
    {
      Visit visit = { timer->image_id, timer->seconds + pending_seconds (timer, now) };
      if (visit.seconds > 0)
        g_array_append_val (timer->unwritten, visit);
      /* Keeps last_activity: a timer paused by idleness stays paused until the next input. */
      timer->seconds = 0;
      timer->accounted_until = MAX (timer->accounted_until, now);
    }
  return write_unwritten (timer, error);
}

gboolean
sh_labeling_timer_set_image (ShLabelingTimer *timer, gint64 image_id, GError **error)
{
  gboolean written;

  if (image_id == timer->image_id)
    return TRUE;
  written = sh_labeling_timer_flush (timer, error);
  timer->image_id = image_id;
  /* Showing an image is the labeler's own doing: it counts as input. */
  restart (timer, timer->clock (timer->clock_data));
  return written;
}
