/* SPDX-License-Identifier: GPL-3.0-or-later */
/* select.c: order statistics (see select.h). */
#include "config.h"

#include "select.h"

/* The k-th smallest of values (Hoare's selection; reorders them). */
double
sh_select_kth (double *values, size_t n, size_t k)
{
  size_t lo = 0, hi = n - 1;

  while (lo < hi)
    {
      double pivot = values[lo + (hi - lo) / 2];
      size_t i = lo, j = hi;
      while (i <= j)
        {
          while (values[i] < pivot)
            i++;
          while (values[j] > pivot)
            j--;
          if (i <= j)
            {
              double t = values[i];
              values[i] = values[j];
              values[j] = t;
              i++;
              if (j == 0)
                break;
              j--;
            }
        }
      if (k <= j)
        hi = j;
      else if (k >= i)
        lo = i;
      else
        break;
    }
  return values[k];
}
