/* SPDX-License-Identifier: GPL-3.0-or-later */
/* project-stats.h: the figures of `shadelab-cli stats` (progress, boxes, labelers, shade coverage): counts the
 * store keeps with every write (photos per status, boxes per class, source and labeler, labeling time per
 * labeler) and the shade coverage from its indexes, so that they stay fast on a project of a million photos. */
#pragma once

#include <cjson/cJSON.h>
#include <glib.h>

#include "core/store/project.h"

/* One JSON object:
 *   images    {total, new, labeled, skipped, rejected, done, done_fraction}   done = labeled + skipped + rejected
 *   boxes     {total, by_class {name: n}, by_source {human, model}, model_accepted}
 *   labelers  [{name, boxes, seconds, visits, images}]                        sorted by name
 *   coverage  {products, covered, fraction, by_category [{category, products, covered, fraction}]}
 * where a product is covered when at least one of its images is labeled; category is null for products
 * without one. Works on read-only projects. NULL with error set when a query fails. */
cJSON *sh_project_stats_json (ShProject *project, GError **error);

/* Counts every photo, box and labeling-time row again into the kept counts, in one transaction: for a project
 * whose rows were written by something other than the store (a generated benchmark project). */
gboolean sh_project_recount_stats (ShProject *project, GError **error);
