/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sh-project-window.h: the labeling window, one per project: the image list, the canvas and the live
 * swatch panel, with the keyboard-first labeling actions (all "win." actions; see ui/help-overlay.ui).
 *
 * Every edit goes through an ShEditHistory and is committed to the project before the window shows it as
 * done; a refused edit is shown as a toast and the canvas goes back to the stored boxes.
 */
#pragma once

#include <adwaita.h>

#include "core/store/project.h"
#include "widgets/sh-image-canvas.h"

G_BEGIN_DECLS

#define SH_TYPE_PROJECT_WINDOW (sh_project_window_get_type ())

G_DECLARE_FINAL_TYPE (ShProjectWindow, sh_project_window, SH, PROJECT_WINDOW, AdwApplicationWindow)

/* application may be NULL (tests). */
ShProjectWindow *sh_project_window_new (GtkApplication *application);

/* Opens the project at path and shows its first unlabeled photo. A missing file shows a page that says so
 * and offers New / Open; a project another process is editing asks whether to open it read-only. Returns
 * whether the project is open (FALSE leaves the window without a project). */
gboolean sh_project_window_open (ShProjectWindow *self, const char *path, ShProjectOpenMode mode);

/* The open project's path, or NULL. The "path" property changes when a project is opened. */
const char *sh_project_window_get_path (ShProjectWindow *self);
/* The open project, or NULL. */
ShProject *sh_project_window_get_project (ShProjectWindow *self);
/* The window's read-only connection to the open project (lists and views read through it), or NULL. */
ShProject *sh_project_window_get_reader (ShProjectWindow *self);
gboolean sh_project_window_is_read_only (ShProjectWindow *self);
/* The banner's text while it says that the last change was not saved, else NULL. */
const char *sh_project_window_get_save_failure (ShProjectWindow *self);
/* Shows the banner for a change another window made on this project and the store refused (for a lost
 * project it offers Reopen Project). */
void sh_project_window_show_save_failure (ShProjectWindow *self, const GError *error);
/* The open project's display name, or NULL. */
const char *sh_project_window_get_name (ShProjectWindow *self);
/* The labeler name the project was opened with: who the changes made through it are by. */
const char *sh_project_window_get_labeler (ShProjectWindow *self);

/* The photo the window is on (0: none), and the one the canvas shows: they differ while a photo loads.
 * "shown-image" is notified when the canvas shows a new photo with its boxes. */
gint64 sh_project_window_get_current_image (ShProjectWindow *self);
gint64 sh_project_window_get_shown_image (ShProjectWindow *self);
ShImageCanvas *sh_project_window_get_canvas (ShProjectWindow *self);
/* The class (index into the project's box classes) new boxes get. */
int sh_project_window_get_current_class (ShProjectWindow *self);
/* Whether an import runs (edits wait for it). */
gboolean sh_project_window_is_importing (ShProjectWindow *self);

/* Imports files and folders in the background, as a drop does. */
void sh_project_window_import (ShProjectWindow *self, const char *const *paths);

G_END_DECLS
