/* SPDX-License-Identifier: GPL-3.0-or-later */
/* study-charts.h: the charts of a realism study's report, drawn with cairo (no GTK), for `shadelab-cli study
 * report` and the application's study page alike.
 *
 * - Mean score: per MST group (and all), a bar per method at its mean score (1-10) with its 95% interval.
 * - Win rate: per MST group (and all), a bar per method but the baseline at its win rate against the baseline
 *   (0-100%) with its interval, over a dashed line at 50% (as good as the baseline).
 */
#pragma once

#include <glib.h>

#include "core/models/study-report.h"

G_BEGIN_DECLS

#define SH_STUDY_CHART_WIDTH 900
#define SH_STUDY_CHART_HEIGHT 480

typedef enum {
  SH_STUDY_CHART_MEAN,
  SH_STUDY_CHART_WIN_RATE,
} ShStudyChart;

/* Draws chart onto a cairo context (cairo_t *, kept out of this header) in a width x height area. */
void sh_study_chart_draw (const ShStudyReport *report, ShStudyChart chart, void *cairo, int width, int height);
/* Writes chart as a PNG of SH_STUDY_CHART_WIDTH x SH_STUDY_CHART_HEIGHT. */
gboolean sh_study_chart_write_png (const ShStudyReport *report, ShStudyChart chart, const char *path, GError **error);

G_END_DECLS
