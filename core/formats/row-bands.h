/* SPDX-License-Identifier: GPL-3.0-or-later */
/* row-bands.h: work on an image's rows (or any numbered items: the faces of a try-on frame) shared out to as
 * many threads as there are processors, for results someone is waiting to see (a zoomed-in view's rect). The
 * rows go in short bands to whichever thread is free, so that on a busy machine a thread started late leaves
 * its share to the others instead of holding them up. */
#pragma once

#include <glib.h>

/* Beyond four the threads of a screenful of rows are too short-lived to pay for themselves. */
#define SH_ROW_BANDS_MAX 4

/* Does rows [first, first + n_rows) of the work on thread number `thread` (from 0), which may be called again
 * for other rows. */
typedef void (*ShRowBandFunc) (int first, int n_rows, int thread, gpointer data);

/* How many threads sh_row_bands_run shares n_rows out to: one per processor, at most max_threads (itself at
 * most SH_ROW_BANDS_MAX) and n_rows. */
int sh_row_bands_count (int n_rows, int max_threads);
/* Runs func over every row in bands, on the calling thread and the others (any that cannot start leaves its
 * share to them), and returns once all are done. */
void sh_row_bands_run (int n_rows, int max_threads, ShRowBandFunc func, gpointer data);
