/* SPDX-License-Identifier: GPL-3.0-or-later */
/* labeling-timer.h: the time a labeler spends on each image, as the project's per-labeler figures need it.
 *
 * Time counts from the moment an image is shown and keeps counting while input arrives; after
 * SH_LABELING_TIMER_IDLE_SECONDS without input it pauses (a labeler who walked away is not labeling) and the
 * next input resumes it. When the image changes, or on sh_labeling_timer_flush (closing the window), the time
 * counted is written as one labeling_time row. A write that fails is kept and written with the next one.
 *
 * Use it from the thread that uses the project; the project must outlive the timer.
 */
#pragma once

#include <glib.h>

#include "core/store/project.h"

G_BEGIN_DECLS

#define SH_LABELING_TIMER_IDLE_SECONDS 60

typedef struct _ShLabelingTimer ShLabelingTimer;

/* Microseconds from any fixed point, never going backwards (g_get_monotonic_time by default). */
typedef gint64 (*ShLabelingTimerClock) (gpointer user_data);

ShLabelingTimer *sh_labeling_timer_new (ShProject *project, const char *labeler);
void sh_labeling_timer_free (ShLabelingTimer *timer);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ShLabelingTimer, sh_labeling_timer_free)

/* Writes the time of the image being left, then starts counting on image_id (0: no image, nothing counts).
 * Returns FALSE with the store's error when the write failed; the new image is counted either way. */
gboolean sh_labeling_timer_set_image (ShLabelingTimer *timer, gint64 image_id, GError **error);
gint64 sh_labeling_timer_get_image (ShLabelingTimer *timer);
/* Any input from the labeler (pointer, keys): keeps the timer running, or resumes it after an idle pause. */
void sh_labeling_timer_activity (ShLabelingTimer *timer);
/* Writes the time counted on the current image so far and keeps counting it from zero. */
gboolean sh_labeling_timer_flush (ShLabelingTimer *timer, GError **error);
/* Seconds counted on the current image and not written yet. */
double sh_labeling_timer_get_seconds (ShLabelingTimer *timer);

void sh_labeling_timer_set_clock_for_testing (ShLabelingTimer *timer, ShLabelingTimerClock clock,
                                              gpointer user_data);

G_END_DECLS
