/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sh-studies-window.h: Realism Studies… (Ctrl+Shift+Y), the project's blind realism studies and, for an
 * unblinded one, the figures of `shadelab-cli study report` (core/models/study-report.h): per method the mean
 * score and the win rate against the baseline with their 95% intervals, overall, per MST group and per product,
 * Krippendorff's alpha, the report's two charts (core/formats/study-charts.h), who unblinded it and the method
 * under each letter as each rater saw it. A blind study offers Unblind…; nothing of its key is read before.
 *
 * One window per labeling window; it goes when that window closes its project. */
#pragma once

#include <adwaita.h>

#include "sh-project-window.h"

G_BEGIN_DECLS

#define SH_TYPE_STUDIES_WINDOW (sh_studies_window_get_type ())
G_DECLARE_FINAL_TYPE (ShStudiesWindow, sh_studies_window, SH, STUDIES_WINDOW, AdwWindow)

/* The studies window of project_window: presents the open one (read again), else opens one. NULL without a
 * project. */
ShStudiesWindow *sh_studies_window_present_for (ShProjectWindow *project_window);

/* The studies window open for project_window, or NULL. */
ShStudiesWindow *sh_studies_window_find (ShProjectWindow *project_window);

/* Shows the study called name (FALSE when the project has none). */
gboolean sh_studies_window_select (ShStudiesWindow *self, const char *name);

/* Unblinds the study shown as `shadelab-cli study unblind` does (sh_project_unblind_study: logged with the
 * labeling window's labeler name, the time and reason), then shows its figures and key. FALSE, with a toast,
 * when the store refuses. Unblind… (action studies.unblind, for a blind study) asks first in a dialog with a
 * field for the reason: sh_studies_window_get_unblind_dialog while it is open. */
gboolean sh_studies_window_unblind (ShStudiesWindow *self, const char *reason);
AdwMessageDialog *sh_studies_window_get_unblind_dialog (ShStudiesWindow *self);

G_END_DECLS
