/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-stats.h: timing and order statistics for tests and benchmarks (plain C, no GLib). */
#pragma once

/* A monotonic clock in milliseconds, for durations. */
double now_ms (void);

/* Orders doubles for qsort, ascending. */
int compare_double (const void *a, const void *b);

/* Sorts the n values in place and returns the middle one (the upper of the two for an even n). */
double median (double *values, int n);
