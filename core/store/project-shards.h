/* SPDX-License-Identifier: GPL-3.0-or-later */
/* project-shards.h: team shards. A project is split into work packages, each a project file of its own holding
 * some of its photos' rows (the same photo files, the same ids), which labelers open like any project; their
 * edits are merged back later.
 *
 * A package remembers (meta key "shard", JSON) the project it came from, a random id, and a fingerprint of
 * each of its photos as the split left it: status and reason, and every box (class, position to 0.01 px,
 * source, score, accepted, flags). Merging a package compares three fingerprints per photo: the split's, the
 * package's and the project's. A photo the package did not change is left alone; one whose project version
 * is still the split's takes the package's version (status, boxes and their swatches); one already equal to
 * the package's (merged before) is left alone; one changed on both sides since the split is a conflict, left
 * as the project has it and reported with both versions, unless the newest edit is preferred. Labeling time
 * the package added is copied once (the project remembers how far each package was merged). Merging a package
 * twice therefore changes nothing.
 */
#pragma once

#include <glib.h>

#include "core/store/project.h"

typedef enum {
  SH_SHARD_BY_IMAGE,           /* each photo by its content hash */
  SH_SHARD_BY_PRODUCT,         /* each photo by its product's SKU, so that a product's photos go together */
} ShShardBy;

/* Writes n packages DIR/<project>-<k>-of-<n>.shadelab (k from 1); photos go to a package by a hash of their
 * key, so the same project splits the same way. An existing package file is an error (nothing written).
 * *packages (may be NULL) gets the paths, *sizes (may be NULL) the photos in each (guint). */
gboolean sh_project_shard_split (ShProject *project, guint n, ShShardBy by, const char *dir, GPtrArray **packages,
                                 GArray **sizes, GError **error);

typedef struct {
  guint applied;               /* photos that took the package's version */
  guint already;               /* photos already as the package has them */
  guint unchanged;             /* photos the package did not change */
  guint conflicts;             /* changed on both sides, left as the project has them */
  guint resolved;              /* conflicts settled by --prefer newest */
  guint labeling_rows;         /* labeling time rows copied */
  GPtrArray *messages;         /* char *: each conflict, both versions */
} ShShardMergeReport;

void sh_shard_merge_report_init (ShShardMergeReport *report);
void sh_shard_merge_report_clear (ShShardMergeReport *report);

/* Merges one package in one transaction (see above). A file that is not a package of this project is
 * SH_PROJECT_ERROR_INVALID. */
gboolean sh_project_shard_merge (ShProject *project, const char *package, gboolean prefer_newest,
                                 ShShardMergeReport *report, GError **error);
