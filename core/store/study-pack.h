/* SPDX-License-Identifier: GPL-3.0-or-later */
/* study-pack.h: a rater's pack of a blind realism study (*.shadelab-study): one SQLite file of its own small
 * schema holding the rater's trials in the rater's order, each with the reference photo and the candidates
 * under their letters, and the scores the rater gives.
 *
 * - Blind by construction: the pack is written into a fresh file (secure_delete on) from the trials and
 *   candidate images alone; the code that writes it is never handed a method name or the key, so neither can
 *   reach the file, its free pages or its journal. Trials and candidates are named by opaque tokens
 *   (HMAC-SHA256 of the study's secret, the rater and the row), never by the project's row ids.
 * - Order: trials and letters are shuffled for each rater by a seeded generator; the seed is recorded with the
 *   rater in the project, so the same pack can be made again.
 * - Integrity: the pack carries a tag, HMAC-SHA256 under the study's secret of everything but the scores
 *   (study, rater, tokens, letters and the SHA-256 of every image). Merging recomputes it: a pack from a study
 *   the project does not have, or one whose images, letters or tokens were changed, is refused.
 * - Rating: every score is its own transaction in the pack (synchronous, rollback journal), so killing the
 *   rating application loses nothing already scored.
 */
#pragma once

#include <glib.h>

#include "core/store/project.h"

G_BEGIN_DECLS

#define SH_STUDY_PACK_EXTENSION ".shadelab-study"

/* Writes rater's pack of study_name to out_path (replaced atomically). A new rater is added with seed; a rater
 * already in the study keeps the seed recorded for them. *n_trials and *used_seed say what was written. */
gboolean sh_study_write_pack (ShProject *project, const char *study_name, const char *rater, guint32 seed,
                              const char *out_path, guint *n_trials, guint32 *used_seed, GError **error);

/* A rater's layout of n_trials trials (n_candidates[t] candidates each, at most SH_STUDY_PACK_MAX_CANDIDATES)
 * from their seed: position p (from 0) shows trial order[p], and its letter k (0 for A) that trial's candidate
 * letters[p * SH_STUDY_PACK_MAX_CANDIDATES + k]. What a pack is written in, and what unblinding reads back. */
void sh_study_rater_layout (guint n_trials, const guint *n_candidates, guint32 seed, guint *order, guint *letters);

typedef struct {
  char *study_name;
  char *rater;
  guint n_scores;    /* scores in the pack */
  guint added;       /* new to the project */
  guint changed;     /* replaced a different score */
} ShStudyMergeResult;

void sh_study_merge_result_clear (ShStudyMergeResult *result);

/* Brings the scores of a pack into the project, in one transaction. Merging the same pack again changes
 * nothing. A file that is not a pack is SH_PROJECT_ERROR_NOT_PROJECT; a pack of a study the project does not
 * have, or one altered since it was made, SH_PROJECT_ERROR_UNTRUSTED; nothing is merged then. */
gboolean sh_study_merge_pack (ShProject *project, const char *pack_path, ShStudyMergeResult *result, GError **error);

/* ---- rating ---- */

typedef struct _ShStudyPack ShStudyPack;

/* Opens a pack to rate (writable) or read. The file's schema must be exactly the pack's. */
ShStudyPack *sh_study_pack_open (const char *path, gboolean writable, GError **error);
void sh_study_pack_close (ShStudyPack *pack);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ShStudyPack, sh_study_pack_close)

const char *sh_study_pack_get_study_name (ShStudyPack *pack);
const char *sh_study_pack_get_rater (ShStudyPack *pack);
guint sh_study_pack_get_n_trials (ShStudyPack *pack);

#define SH_STUDY_PACK_MAX_CANDIDATES 4

typedef struct {
  guint position;                                     /* 1 to n_trials, the rater's order */
  GBytes *reference;                                  /* the worn photo, PNG */
  guint n_candidates;
  char letters[SH_STUDY_PACK_MAX_CANDIDATES];         /* 'A', 'B', ... in order */
  GBytes *candidates[SH_STUDY_PACK_MAX_CANDIDATES];   /* PNG */
  int scores[SH_STUDY_PACK_MAX_CANDIDATES];           /* 1-10, 0 when not scored yet */
  gint64 elapsed_ms;                                  /* time spent on the trial so far */
} ShStudyPackTrial;

void sh_study_pack_trial_free (ShStudyPackTrial *trial);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ShStudyPackTrial, sh_study_pack_trial_free)

/* Trial position (1-based); SH_PROJECT_ERROR_INVALID when there is none. */
ShStudyPackTrial *sh_study_pack_get_trial (ShStudyPack *pack, guint position, GError **error);
/* Scores the candidate under letter in trial position, 1-10, in its own transaction. */
gboolean sh_study_pack_set_score (ShStudyPack *pack, guint position, char letter, int score, GError **error);
/* Adds ms to the time spent on trial position, in its own transaction. */
gboolean sh_study_pack_add_time (ShStudyPack *pack, guint position, gint64 ms, GError **error);
/* Trials whose every candidate is scored; the first position that is not (n_trials + 1 when all are). */
gboolean sh_study_pack_progress (ShStudyPack *pack, guint *n_finished, guint *first_unfinished, GError **error);

G_END_DECLS
