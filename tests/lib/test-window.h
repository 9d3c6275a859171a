/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-window.h: the labeling window as the in-process GUI tests open it on a project. */
#pragma once

#include "sh-project-window.h"

G_BEGIN_DECLS

/* A project in a scratch folder, open in a labeling window: what the window tests set up. */
typedef struct {
  char *dir;                    /* removed, with all it holds, on closing */
  char *project_path;
  ShProjectWindow *window;
} WindowFixture;

/* Opens fixture on a project of count generated photos of size ("WxH") that shadelab-cli makes in a new
 * scratch folder (template: "shadelab-NAME-XXXXXX"), in a 1100x720 labeling window. */
void window_fixture_open_generated (WindowFixture *fixture, const char *dir_template, const char *name,
                                    const char *count, const char *size);

/* How a window the labeling window opens is found: sh_products_window_find, sh_participants_window_find... */
typedef gpointer (*WindowFinder) (ShProjectWindow *window);

/* Activates the labeling window's action that opens another window, and returns that window (found by find)
 * once it is on screen. */
GtkWidget *window_fixture_show (WindowFixture *fixture, const char *action, WindowFinder find);

/* A teardown for g_test_add: window_fixture_close after 200 ms. */
void window_fixture_tear_down (WindowFixture *fixture, gconstpointer data);

/* Closes the window, lets the main loop run for settle_ms (so that work the window started ends before its
 * files go), removes the folder and frees the fields. */
void window_fixture_close (WindowFixture *fixture, guint settle_ms);

/* A new labeling window (a reference the caller owns) of width x height, shown and open for writing on the
 * project at path, once it shows a photo on a canvas that has been laid out. */
ShProjectWindow *open_project_window (const char *path, int width, int height);

G_END_DECLS
