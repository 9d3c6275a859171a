/* SPDX-License-Identifier: GPL-3.0-or-later */
/* select.h: order statistics for medians and percentiles over pixel samples, without sorting them all. */
#pragma once

#include <stddef.h>

/* The k-th smallest of values[0..n) (quickselect; reorders them). n > 0, k < n. */
double sh_select_kth (double *values, size_t n, size_t k);
