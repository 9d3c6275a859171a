/* SPDX-License-Identifier: GPL-3.0-or-later */
/* project-accept.h: accepting a detector's boxes by score, with its audit trail (schema v6 tables
 * score_acceptances and score_accepted_boxes, core/store/schema-v6.sql), and the photos still left for people.
 */
#pragma once

#include <glib.h>

#include "core/store/project.h"

typedef struct {
  gint64 acceptance_id;        /* the audit row */
  guint boxes;                 /* model boxes accepted */
  guint images_labeled;        /* new photos left with nothing to review, marked labeled */
} ShAcceptResult;

/* In one transaction: accepts every model box nobody accepted yet whose score is min_score or more (only of
 * class_name when it is not NULL; an unknown class is SH_PROJECT_ERROR_INVALID), marks labeled the new photos
 * whose every model box is then accepted, and writes who, when, the threshold, the class and the counts to the
 * audit trail. min_score is from 0 to 1. */
gboolean sh_project_accept_by_score (ShProject *project, double min_score, const char *class_name, const char *who,
                                     ShAcceptResult *result, GError **error);

typedef struct {
  gint64 id;
  char *path;                  /* absolute */
  guint model_boxes;           /* predictions nobody accepted */
} ShPersonImage;

/* The new photos that need a person, in id order: no human or accepted box, or a model box nobody accepted
 * (after `accept`, a prediction below its threshold). An array of ShPersonImage that frees its paths. */
GArray *sh_project_list_needing_person (ShProject *project, GError **error);
