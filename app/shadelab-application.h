/* SPDX-License-Identifier: GPL-3.0-or-later */
/* shadelab-application.h: the Shadelab application: one window per project, the app-wide actions and
 * shortcuts, and which project opens at start (the one named, the last one, or the demo project). */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SH_TYPE_APPLICATION (sh_application_get_type ())

G_DECLARE_FINAL_TYPE (ShApplication, sh_application, SH, APPLICATION, AdwApplication)

/* Forward declaration, to avoid a header cycle with the window. */
typedef struct _ShProjectWindow ShProjectWindow;

ShApplication *sh_application_new (void);

/* Shows the project at path: presents its window when one has it open, else opens it in from (when from
 * has no project) or in a new window. Remembers it as the project to open next time. */
void sh_application_open_project (ShApplication *self, const char *path, ShProjectWindow *from);

/* A new GSettings for org.shadelab.Shadelab (see data/org.shadelab.Shadelab.gschema.xml). Run from the build
 * tree it uses the build's compiled schema (unless GSETTINGS_SCHEMA_DIR says otherwise), else the installed
 * one. Every window has its own; they all see each other's changes. */
GSettings *sh_application_new_settings (void);

/* Where the message catalogues are (for bindtextdomain): the build tree's po/ when running from the build
 * tree, so translations show without installing, else the installed LOCALEDIR. */
const char *sh_application_get_locale_dir (void);

/* The bundled demo project's folder: $SHADELAB_DEMO_DIR, the build tree's when running from it, or the
 * installed one; NULL when there is none. */
char *sh_application_find_demo_dir (void);

G_END_DECLS
