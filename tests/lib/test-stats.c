/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-stats.c: timing and order statistics for tests and benchmarks (see test-stats.h). */
#include "tests/lib/test-stats.h"

#include <stdlib.h>
#include <time.h>

double
now_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int
compare_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

double
median (double *values, int n)
{
  qsort (values, (size_t) n, sizeof *values, compare_double);
  return values[n / 2];
}
