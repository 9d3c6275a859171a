/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-window.c: the labeling window as the in-process GUI tests open it (see test-window.h). */
#include "tests/lib/test-window.h"

#include "tests/lib/test-cli.h"
#include "tests/lib/test-fs.h"
#include "tests/lib/test-gtk.h"

ShProjectWindow *
open_project_window (const char *path, int width, int height)
{
  ShProjectWindow *window = g_object_ref_sink (sh_project_window_new (NULL));

  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (sh_project_window_open (window, path, SH_PROJECT_OPEN_READ_WRITE));
  WAIT_FOR (sh_project_window_get_shown_image (window) != 0
            && gtk_widget_get_width (GTK_WIDGET (sh_project_window_get_canvas (window))) > 0);
  return window;
}

void
window_fixture_open_generated (WindowFixture *fixture, const char *dir_template, const char *name,
                               const char *count, const char *size)
{
  fixture->dir = g_dir_make_tmp (dir_template, NULL);
  g_assert_nonnull (fixture->dir);
  fixture->project_path = cli_generated_project (fixture->dir, name, count, size);
  fixture->window = open_project_window (fixture->project_path, 1100, 720);
  spin (100);
}

GtkWidget *
window_fixture_show (WindowFixture *fixture, const char *action, WindowFinder find)
{
  GtkWidget *shown;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), action, NULL));
  shown = find (fixture->window);
  g_assert_nonnull (shown);
  WAIT_FOR (gtk_widget_get_mapped (shown));
  return shown;
}

void
window_fixture_tear_down (WindowFixture *fixture, gconstpointer data)
{
  window_fixture_close (fixture, 200);
}

void
window_fixture_close (WindowFixture *fixture, guint settle_ms)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->window);
  spin (settle_ms);
  remove_tree (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
  g_clear_pointer (&fixture->project_path, g_free);
}
