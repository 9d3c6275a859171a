/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sh-study-window.h: the rater view of a blind realism study, opened on a rater's pack (*.shadelab-study).
 *
 * The worn photo (the reference, the real product) large on the left, the candidates A-D beside it at the
 * same scale, all colour-managed to the monitor; Z zooms every image to the lips (the region where the
 * candidates differ) and back. Number keys score the focused candidate 1-10 (0 = 10), Tab / Shift+Tab move
 * between candidates, Return goes to the next trial once all are scored; the header says "12 of 40". Every
 * score is written to the pack at once, in its own transaction; the time spent on a trial is added when the
 * rater leaves it. Opening the pack again resumes at the first trial not fully scored. Nothing on screen
 * names a method (the pack knows none).
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SH_TYPE_STUDY_WINDOW (sh_study_window_get_type ())
G_DECLARE_FINAL_TYPE (ShStudyWindow, sh_study_window, SH, STUDY_WINDOW, AdwWindow)

/* A window on the pack at path, at its first trial not fully scored; NULL with an error when the file is not
 * a pack this Shadelab can open. */
ShStudyWindow *sh_study_window_new (GtkApplication *application, const char *path, GError **error);

/* The trial shown (1-based; n_trials + 1 once all are scored) and the focused candidate (0 for A). */
guint sh_study_window_get_position (ShStudyWindow *self);
guint sh_study_window_get_focused (ShStudyWindow *self);

G_END_DECLS
