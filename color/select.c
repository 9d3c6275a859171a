/* SPDX-License-Identifier: GPL-3.0-or-later */
/* select.c: order statistics (see select.h). */
#include "config.h"

#include "select.h"

static inline void
swap_values (double *a, double *b)
{
  double t = *a;
  *a = *b;
  *b = t;
}

/* The k-th smallest of values (quickselect; reorders them). Each round splits the range three ways around
 * a median-of-three pivot, smaller, equal, larger, with moves that do not depend on the comparisons: the
 * samples come in no order, so branching on them mispredicted about every other element. The equal part
 * keeps runs of one value (quantised codes) from making a round useless. */
double
sh_select_kth (double *values, size_t n, size_t k)
{
  size_t lo = 0, hi = n; /* k lies in [lo, hi) */

  while (hi - lo > 16)
    {
      size_t mid = lo + (hi - lo) / 2;
      double a = values[lo], b = values[mid], c = values[hi - 1];
      double pivot = a < b ? (b < c ? b : a < c ? c : a) : (a < c ? a : b < c ? c : b);
      size_t less = lo, equal;

      for (size_t i = lo; i < hi; i++)
        {
          double v = values[i];
          values[i] = values[less];
          values[less] = v;
          less += v < pivot;
        }
      if (k < less)
        {
          hi = less;
          continue;
        }
      /* [less, hi) holds the rest, none below the pivot: the pivot's copies to its front. */
      equal = less;
      for (size_t i = less; i < hi; i++)
        {
          double v = values[i];
          values[i] = values[equal];
          values[equal] = v;
          equal += v <= pivot;
        }
      if (k < equal)
        return pivot;
      else
        lo = equal;
    }
  /* A few left: insertion sort. */
  for (size_t i = lo + 1; i < hi; i++)
    for (size_t j = i; j > lo && values[j] < values[j - 1]; j--)
      swap_values (&values[j], &values[j - 1]);
  return values[k];
}
