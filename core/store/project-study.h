/* SPDX-License-Identifier: GPL-3.0-or-later */
/* project-study.h: blind realism studies in the project (schema step core/store/schema-study.sql).
 *
 * - A study has trials (a participant wearing a product: the worn photo as the reference) and, for each, the
 *   candidate renders to score, stored as PNG bytes when the study is made, so later changes to materials or
 *   photos do not alter a running study.
 * - What made each candidate is in the key, kept apart: it is read only through sh_project_get_study_key,
 *   which refuses until the study has been unblinded (sh_project_unblind_study, logged each time).
 * - Raters are added with the seed that orders their trials and letters; their scores come back from their
 *   packs (core/store/study-pack.h), one row per rater and candidate.
 *
 * Each call that changes the project is its own transaction.
 */
#pragma once

#include <glib.h>

#include "core/store/project.h"

G_BEGIN_DECLS

#define SH_STUDY_SECRET_LEN 32
/* The long side, in pixels, of the study's images (renders and worn photos): larger photos are scaled down when
 * the study is made, so that a 12 MP photo does not make a rater's pack hundreds of megabytes, while the lips
 * of a face photo keep hundreds of pixels to judge. */
#define SH_STUDY_IMAGE_MAX_SIDE 2048
/* A study's candidates per trial: the letters A to D. */
#define SH_STUDY_MAX_CANDIDATES 4

typedef struct {
  char *method;          /* "mean", "robust", "tuned", "external" */
  GBytes *png;
} ShStudyNewCandidate;

typedef struct {
  char *participant_code;
  int mst;
  char *sku;
  GBytes *reference_png;
  GPtrArray *candidates; /* of ShStudyNewCandidate */
} ShStudyNewTrial;

ShStudyNewTrial *sh_study_new_trial_new (const char *participant_code, int mst, const char *sku,
                                         GBytes *reference_png);
void sh_study_new_trial_add (ShStudyNewTrial *trial, const char *method, GBytes *png);
void sh_study_new_trial_free (ShStudyNewTrial *trial);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ShStudyNewTrial, sh_study_new_trial_free)

/* Makes study name with trials (ShStudyNewTrial), its candidates written in a random order so that their
 * row ids say nothing of their method. SH_PROJECT_ERROR_INVALID for an empty or taken name, no trials, or a
 * trial with fewer than two or more than SH_STUDY_MAX_CANDIDATES candidates. */
gboolean sh_project_create_study (ShProject *project, const char *name, const char *methods, const char *created_by,
                                  GPtrArray *trials, gint64 *id, GError **error);

typedef struct {
  gint64 id;
  char *name;
  char *uid;
  GBytes *secret;        /* SH_STUDY_SECRET_LEN bytes */
  char *methods;
  char *created_at;
  char *unblinded_at;    /* NULL while blind */
  guint n_trials, n_raters, n_scores;
} ShStudyInfo;

void sh_study_info_free (ShStudyInfo *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ShStudyInfo, sh_study_info_free)

/* A study by name, or by uid (name NULL); NULL with SH_PROJECT_ERROR_INVALID when there is none. */
ShStudyInfo *sh_project_get_study (ShProject *project, const char *name, const char *uid, GError **error);
/* Every study by name: a GPtrArray of ShStudyInfo. */
GPtrArray *sh_project_list_studies (ShProject *project, GError **error);

typedef struct {
  gint64 id;
  char *participant_code;
  int mst;
  char *sku;
  GBytes *reference_png;  /* NULL unless asked for */
  GArray *candidate_ids;  /* gint64, in id order */
  GPtrArray *candidate_pngs; /* GBytes, the same order; empty unless asked for */
} ShStudyTrialRow;

void sh_study_trial_row_free (ShStudyTrialRow *row);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ShStudyTrialRow, sh_study_trial_row_free)

/* The trials of a study in id order, with their images when with_images. */
GPtrArray *sh_project_list_study_trials (ShProject *project, gint64 study_id, gboolean with_images, GError **error);

/* The rater called code in the study: added with seed when new (*added TRUE), else the seed recorded for them
 * is returned in *seed and seed is ignored. */
gboolean sh_project_add_study_rater (ShProject *project, gint64 study_id, const char *code, guint32 seed,
                                     gint64 *rater_id, guint32 *recorded_seed, gboolean *added, GError **error);
/* The rater's id and seed; SH_PROJECT_ERROR_INVALID when the study has no such rater. */
gboolean sh_project_find_study_rater (ShProject *project, gint64 study_id, const char *code, gint64 *rater_id,
                                      guint32 *seed, GError **error);

typedef struct {
  gint64 id;
  char *code;
  guint32 seed;
} ShStudyRaterRow;

void sh_study_rater_row_free (ShStudyRaterRow *row);
/* The study's raters by code. */
GPtrArray *sh_project_list_study_raters (ShProject *project, gint64 study_id, GError **error);

typedef struct {
  gint64 candidate_id;
  int score;             /* 1-10 */
  const char *scored_at;
  gint64 trial_ms;       /* < 0: not recorded */
} ShStudyScoreIn;

/* Writes a rater's scores in one transaction: a new candidate's score is added, a different score replaces the
 * stored one, the same score changes nothing. *added and *changed count them. A score outside 1-10 or a
 * candidate of another study is SH_PROJECT_ERROR_INVALID and nothing is written. */
gboolean sh_project_merge_study_scores (ShProject *project, gint64 study_id, gint64 rater_id,
                                        const ShStudyScoreIn *scores, guint n, guint *added, guint *changed,
                                        GError **error);

typedef struct {
  gint64 rater_id;
  char *rater;
  gint64 trial_id;
  gint64 candidate_id;
  int score;
  gint64 trial_ms;       /* -1 when not recorded */
} ShStudyScoreRow;

void sh_study_score_row_free (ShStudyScoreRow *row);
/* Every score of a study, by rater, trial and candidate. */
GPtrArray *sh_project_list_study_scores (ShProject *project, gint64 study_id, GError **error);

/* Unblinds the study: logs who, when and why (every time), and sets unblinded_at the first time. */
gboolean sh_project_unblind_study (ShProject *project, gint64 study_id, const char *by, const char *reason,
                                   GError **error);
/* The unblind log: a GPtrArray of strings "AT\tBY\tREASON". */
GPtrArray *sh_project_list_study_unblindings (ShProject *project, gint64 study_id, GError **error);

/* The key, candidate id (gint64 *) -> method (char *); SH_PROJECT_ERROR_INVALID while the study is blind. */
GHashTable *sh_project_get_study_key (ShProject *project, gint64 study_id, GError **error);

G_END_DECLS
