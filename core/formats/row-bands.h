/* SPDX-License-Identifier: GPL-3.0-or-later */
/* row-bands.h: work on an image's rows cut into horizontal bands done side by side, one per processor, for
 * conversions someone is waiting to see (a zoomed-in view's rect). */
#pragma once

#include <glib.h>

/* Beyond four the bands of a screenful are too short for a thread to pay for itself. */
#define SH_ROW_BANDS_MAX 4

/* Does rows [first, first + n_rows) of the work; band counts from 0. */
typedef void (*ShRowBandFunc) (int first, int n_rows, int band, gpointer data);

/* How many bands sh_row_bands_run cuts n_rows into: one per processor, at most max_bands (itself at most
 * SH_ROW_BANDS_MAX) and n_rows. */
int sh_row_bands_count (int n_rows, int max_bands);
/* Runs func on each band of whole rows, the first on the calling thread (and any whose thread cannot start),
 * and returns once all are done. */
void sh_row_bands_run (int n_rows, int max_bands, ShRowBandFunc func, gpointer data);
