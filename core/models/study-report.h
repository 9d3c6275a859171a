/* SPDX-License-Identifier: GPL-3.0-or-later */
/* study-report.h: the figures of an unblinded realism study, the same for `shadelab-cli study report` and the
 * application's study page.
 *
 * Per method, overall, per Monk Skin Tone group (1-3, 4-7, 8-10) and per product: the mean score with its 95%
 * bootstrap interval, and the win rate against the baseline method (over the pairs of one rater's scores of
 * the method and of the baseline in one trial: 1 for a higher score, 0.5 for a tie) with its interval; over
 * the whole study, Krippendorff's alpha (interval metric) of the raters' scores of each candidate, and the
 * numbers of raters, trials and scores. Intervals follow the seed (study-stats.h).
 */
#pragma once

#include <cjson/cJSON.h>
#include <glib.h>

#include "core/models/study-stats.h"
#include "core/store/project.h"

G_BEGIN_DECLS

#define SH_STUDY_MAX_METHODS 4

typedef struct {
  char *kind;                         /* "all", "mst" or "product" */
  char *name;                         /* "all", "1-3", "4-7", "8-10" or the SKU */
  int mst_group;                      /* 0-2 (sh_study_mst_group) for "mst" and "product-mst", else -1 */
  guint n_trials;
  ShStudyEstimate mean[SH_STUDY_MAX_METHODS];
  ShStudyEstimate win[SH_STUDY_MAX_METHODS];   /* n 0 for the baseline itself */
} ShStudyReportGroup;

typedef struct {
  char *study;
  char *baseline;
  guint n_methods;
  char *methods[SH_STUDY_MAX_METHODS];   /* in the order mean, robust, tuned, external */
  guint n_raters, n_trials, n_scores;
  double alpha;                          /* NAN with fewer than two raters on a candidate */
  guint alpha_values;                    /* pairable values */
  GPtrArray *groups;                     /* ShStudyReportGroup: all, the three MST groups, then products by SKU */
  GPtrArray *cells;                      /* ShStudyReportGroup "product-mst": each product on each MST group */
} ShStudyReport;

void sh_study_report_free (ShStudyReport *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ShStudyReport, sh_study_report_free)

/* The study's report against baseline (a method of the study). SH_PROJECT_ERROR_INVALID while the study is
 * blind, or for a baseline the study does not have. */
ShStudyReport *sh_study_report_new (ShProject *project, const char *study_name, const char *baseline,
                                    guint64 seed, GError **error);

/* The MST group of a tone: 0 for 1-3, 1 for 4-7, 2 for 8-10. */
guint sh_study_mst_group (int mst);
extern const char *const sh_study_mst_group_names[3];

cJSON *sh_study_report_to_json (const ShStudyReport *report);

/* Below this mean score a product's tuned material is listed in the weekly review. */
#define SH_STUDY_FEEDBACK_THRESHOLD 5.0

/* The weekly review's feedback from the unblinded studies that have a tuned method: each product whose tuned
 * material loses to the study's baseline (external when the study has it, else mean: a win rate under 50%)
 * on one of its MST groups, or whose tuned mean score is under threshold. A cJSON array of {study, sku,
 * baseline, reason ("loses" or "low score"), mst (the group, or null), tuned_mean, win_rate, pairs, scores,
 * methods (the study's, in order), groups: the product's figures, [{group: "all", "1-3", "4-7" or "8-10",
 * trials, methods: {METHOD: {scores, mean, pairs, win_rate}}}] (no pairs or win_rate for the baseline)}. */
cJSON *sh_study_feedback (ShProject *project, double threshold, GError **error);
/* One row per group and method: kind,group,method,trials,scores,mean,mean_low,mean_high,pairs,win_rate,win_low,
 * win_high (empty cells where there is nothing). */
char *sh_study_report_to_csv (const ShStudyReport *report);

/* The key as one rater saw it: at each position of their pack, the trial and the method under each letter. */
typedef struct {
  guint position;                            /* from 1 */
  char *participant;
  int mst;
  char *sku;
  guint n_letters;
  char *methods[SH_STUDY_MAX_METHODS];       /* under the letters A, B, ... */
} ShStudyKeyPosition;

typedef struct {
  char *rater;
  guint32 seed;
  GPtrArray *positions;                      /* ShStudyKeyPosition, in the pack's order */
} ShStudyRaterKey;

void sh_study_rater_key_free (ShStudyRaterKey *key);
/* Each rater's key (a GPtrArray of ShStudyRaterKey, by rater code), from the seed recorded for them, as
 * `study unblind --json` prints it and the studies page shows it. SH_PROJECT_ERROR_INVALID while the study
 * is blind. */
GPtrArray *sh_study_rater_keys (ShProject *project, gint64 study_id, GError **error);

G_END_DECLS
