/* SPDX-License-Identifier: GPL-3.0-or-later */
/* project-stats.h: the figures of `shadelab-cli stats` (progress, boxes, labelers, shade coverage), computed
 * with a handful of aggregate queries so that they stay fast on a project of 100,000 images. */
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
