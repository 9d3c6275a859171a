/* SPDX-License-Identifier: GPL-3.0-or-later */
/* study-stats.h: the statistics of a blind realism study, plain maths with no project behind them.
 *
 * - Random numbers come from a seeded SplitMix64 generator, so that a seed gives the same shuffles and the
 *   same bootstrap intervals on every machine and GLib version.
 * - A mean comes with a 95% percentile bootstrap interval: the mean of n values drawn with replacement,
 *   resampled many times; the interval runs from the 2.5th to the 97.5th percentile of those means.
 * - A win rate against a baseline is the mean of the outcomes of paired scores (the same rater, the same
 *   trial): 1 when the method scored higher, 0.5 for a tie, 0 when lower; its interval is the bootstrap's.
 * - Krippendorff's alpha (K. Krippendorff, "Computing Krippendorff's Alpha-Reliability", 2011) over
 *   observers x units with missing values: units with fewer than two values are not pairable and are left
 *   out; alpha = 1 - D_o / D_e, the disagreement observed within units over the one expected by chance
 *   among all pairable values.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  guint64 state;
} ShStudyRng;

void sh_study_rng_init (ShStudyRng *rng, guint64 seed);
guint64 sh_study_rng_next (ShStudyRng *rng);
/* Uniform in [0, n), n > 0, without modulo bias. */
guint32 sh_study_rng_below (ShStudyRng *rng, guint32 n);
/* Uniform in [0, 1). */
double sh_study_rng_double (ShStudyRng *rng);
/* Fisher-Yates shuffle of n items. */
void sh_study_rng_shuffle (ShStudyRng *rng, guint *items, guint n);

#define SH_STUDY_BOOTSTRAP_RESAMPLES 2000

typedef struct {
  double value;        /* the mean (NAN when n is 0) */
  double low, high;    /* the 95% interval (NAN when n is 0) */
  guint n;             /* values it is made of */
} ShStudyEstimate;

/* The mean of values with its 95% percentile bootstrap interval from resamples draws of the seeded
 * generator. */
void sh_study_mean_ci (const double *values, guint n, guint resamples, guint64 seed, ShStudyEstimate *estimate);

/* 1 when score beats baseline, 0.5 for a tie, 0 otherwise. */
double sh_study_outcome (double score, double baseline);
/* The share of n paired scores where method beat baseline, ties counted half, with its bootstrap interval. */
void sh_study_win_rate_ci (const double *method, const double *baseline, guint n, guint resamples, guint64 seed,
                           ShStudyEstimate *estimate);

typedef enum {
  SH_STUDY_ALPHA_NOMINAL,    /* any difference disagrees as much as any other */
  SH_STUDY_ALPHA_INTERVAL,   /* disagreement is the squared difference */
} ShStudyAlphaMetric;

/* Krippendorff's alpha of values[observer * n_units + unit], NAN for a missing value. NAN when fewer than
 * two pairable values, or when every pairable value is the same (no expected disagreement). *n_pairable,
 * when given, is set to the number of pairable values. */
double sh_study_krippendorff_alpha (const double *values, guint n_observers, guint n_units,
                                    ShStudyAlphaMetric metric, guint *n_pairable);

G_END_DECLS
