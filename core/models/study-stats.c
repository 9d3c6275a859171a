/* SPDX-License-Identifier: GPL-3.0-or-later */
/* study-stats.c: means, bootstrap intervals, win rates and Krippendorff's alpha (see study-stats.h). */
#define G_LOG_DOMAIN "shadelab-study"

#include "config.h"

#include "core/models/study-stats.h"

#include <math.h>
#include <stdlib.h>

void
sh_study_rng_init (ShStudyRng *rng, guint64 seed)
{
  rng->state = seed;
}

/* SplitMix64 (Steele, Lea and Flood 2014): one addition and a mix, every 64-bit state visited once. */
guint64
sh_study_rng_next (ShStudyRng *rng)
{
  guint64 z = (rng->state += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return z ^ (z >> 31);
}

guint32
sh_study_rng_below (ShStudyRng *rng, guint32 n)
{
  /* Rejects the top of the range that would favour small values. */
  guint64 limit = G_MAXUINT64 - G_MAXUINT64 % n;
  guint64 x;

  g_return_val_if_fail (n > 0, 0);
  do
    x = sh_study_rng_next (rng);
  while (x >= limit);
  return (guint32) (x % n);
}

double
sh_study_rng_double (ShStudyRng *rng)
{
  return (sh_study_rng_next (rng) >> 11) * 0x1.0p-53;
}

void
sh_study_rng_shuffle (ShStudyRng *rng, guint *items, guint n)
{
  for (guint i = n; i > 1; i--)
    {
      guint j = sh_study_rng_below (rng, i);
      guint swap = items[i - 1];

      items[i - 1] = items[j];
      items[j] = swap;
    }
}

static int
compare_doubles (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* The p-quantile of sorted values, interpolated between neighbours (type 7, R's default). */
static double
quantile (const double *sorted, guint n, double p)
{
  double h = (n - 1) * p;
  guint below = (guint) floor (h);

  if (below + 1 >= n)
    return sorted[n - 1];
  return sorted[below] + (h - below) * (sorted[below + 1] - sorted[below]);
}

void
sh_study_mean_ci (const double *values, guint n, guint resamples, guint64 seed, ShStudyEstimate *estimate)
{
  g_autofree double *means = NULL;
  ShStudyRng rng;
  double sum = 0;

  estimate->n = n;
  if (n == 0)
    {
      estimate->value = estimate->low = estimate->high = NAN;
      return;
    }
  for (guint i = 0; i < n; i++)
    sum += values[i];
  estimate->value = sum / n;
  if (resamples == 0)
    resamples = SH_STUDY_BOOTSTRAP_RESAMPLES;
  means = g_new (double, resamples);
  sh_study_rng_init (&rng, seed);
  for (guint r = 0; r < resamples; r++)
    {
      double s = 0;

      for (guint i = 0; i < n; i++)
        s += values[sh_study_rng_below (&rng, n)];
      means[r] = s / n;
    }
  qsort (means, resamples, sizeof *means, compare_doubles);
  estimate->low = quantile (means, resamples, 0.025);
  estimate->high = quantile (means, resamples, 0.975);
}

double
sh_study_outcome (double score, double baseline)
{
  return score > baseline ? 1.0 : score < baseline ? 0.0 : 0.5;
}

void
sh_study_win_rate_ci (const double *method, const double *baseline, guint n, guint resamples, guint64 seed,
                      ShStudyEstimate *estimate)
{
  g_autofree double *outcomes = g_new (double, MAX (n, 1));

  for (guint i = 0; i < n; i++)
    outcomes[i] = sh_study_outcome (method[i], baseline[i]);
  sh_study_mean_ci (outcomes, n, resamples, seed, estimate);
}

static double
disagreement (double a, double b, ShStudyAlphaMetric metric)
{
  if (metric == SH_STUDY_ALPHA_NOMINAL)
    return a == b ? 0 : 1;
  return (a - b) * (a - b);
}

double
sh_study_krippendorff_alpha (const double *values, guint n_observers, guint n_units, ShStudyAlphaMetric metric,
                             guint *n_pairable)
{
  g_autofree double *pairable = g_new (double, MAX ((gsize) n_observers * n_units, 1));
  g_autofree double *unit = g_new (double, MAX (n_observers, 1));
  double observed = 0, expected = 0;
  guint n = 0;

  /* Observed: within each unit, every ordered pair of its m values, weighted 1 / (m - 1). */
  for (guint u = 0; u < n_units; u++)
    {
      guint m = 0;
      double within = 0;

      for (guint o = 0; o < n_observers; o++)
        if (!isnan (values[(gsize) o * n_units + u]))
          unit[m++] = values[(gsize) o * n_units + u];
      if (m < 2)
        continue;
      for (guint i = 0; i < m; i++)
        for (guint j = 0; j < m; j++)
          if (i != j)
            within += disagreement (unit[i], unit[j], metric);
      observed += within / (m - 1);
      for (guint i = 0; i < m; i++)
        pairable[n++] = unit[i];
    }
  if (n_pairable)
    *n_pairable = n;
  if (n < 2)
    return NAN;
  /* Expected: every ordered pair of pairable values, whatever their unit. */
  if (metric == SH_STUDY_ALPHA_INTERVAL)
    {
      /* sum over i != j of (v_i - v_j)^2 = 2 (n sum v^2 - (sum v)^2), with the values centred for accuracy. */
      double mean = 0, squares = 0;

      for (guint i = 0; i < n; i++)
        mean += pairable[i];
      mean /= n;
      for (guint i = 0; i < n; i++)
        squares += (pairable[i] - mean) * (pairable[i] - mean);
      expected = 2.0 * n * squares;
    }
  else
    for (guint i = 0; i < n; i++)
      for (guint j = 0; j < n; j++)
        if (i != j)
          expected += disagreement (pairable[i], pairable[j], metric);
  if (expected == 0)
    return NAN;
  /* D_o = observed / n, D_e = expected / (n (n - 1)). */
  return 1.0 - (observed / n) / (expected / ((double) n * (n - 1)));
}
