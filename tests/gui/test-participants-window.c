/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-participants-window.c: the Participants window in-process, checked against the store: opened by the labeling
 * window's action, a participant added, refused whole with the reason shown (no code, a code already taken),
 * edited (MST, marketplace, consent) in place, and the selected participant's face photos listed with their
 * lips. Leaves participants-window.png in the build's tests/ directory for a look.
 * Needs a display (skips without one). */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "core/store/project-participants.h"
#include "sh-participants-window.h"
#include "sh-project-window.h"
#include "tests/lib/test-cli.h"
#include "tests/lib/test-gtk.h"
#include "tests/lib/test-window.h"

typedef WindowFixture Fixture;

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  window_fixture_open_generated (fixture, "shadelab-participants-XXXXXX", "faces.shadelab", "2", "480x360");
}

/* The participants as another connection sees the file. */
static GPtrArray *
stored_participants (Fixture *fixture)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ShProject) reader = sh_project_open (fixture->project_path, SH_PROJECT_OPEN_READ_ONLY, &error);
  GPtrArray *rows;

  g_assert_no_error (error);
  rows = sh_project_list_participants (reader, FALSE, &error);
  g_assert_no_error (error);
  return rows;
}

static ShParticipantsWindow *
show_participants (Fixture *fixture)
{
  return SH_PARTICIPANTS_WINDOW (window_fixture_show (fixture, "win.show-participants",
                                                      (WindowFinder) sh_participants_window_find));
}

static void
test_participants_window (Fixture *fixture, gconstpointer data)
{
  ShParticipantsWindow *participants = show_participants (fixture);
  ShProject *project = sh_project_window_get_project (fixture->window);
  g_autoptr (GPtrArray) rows = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *photo = g_build_filename (fixture->dir, "photos", "synth-0001.jpg", NULL);
  const ShPoint lips[] = { { 100, 150 }, { 240, 120 }, { 380, 150 }, { 240, 220 } };
  const ShParticipantRow *row;
  gint64 id = 0, again = 0, face_id = 0;

  g_assert_cmpuint (sh_participants_window_get_n_participants (participants), ==, 0);

  /* Refused with the reason, nothing stored: no code. */
  sh_participants_window_fill (participants, "  ", 7, NULL, NULL, TRUE);
  g_assert_false (sh_participants_window_save (participants, NULL));
  g_assert_nonnull (strstr (sh_participants_window_get_error (participants), "code"));
  rows = stored_participants (fixture);
  g_assert_cmpuint (rows->len, ==, 0);
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* Added, selected, listed. */
  sh_participants_window_fill (participants, "P-001", 7, "BR", "left-handed", TRUE);
  g_assert_true (sh_participants_window_save (participants, &id));
  g_assert_null (sh_participants_window_get_error (participants));
  g_assert_cmpint (sh_participants_window_get_selected (participants), ==, id);
  g_assert_cmpuint (sh_participants_window_get_n_participants (participants), ==, 1);
  rows = stored_participants (fixture);
  g_assert_cmpuint (rows->len, ==, 1);
  row = g_ptr_array_index (rows, 0);
  g_assert_cmpstr (row->code, ==, "P-001");
  g_assert_cmpint (row->mst, ==, 7);
  g_assert_cmpstr (row->marketplace, ==, "BR");
  g_assert_cmpstr (row->notes, ==, "left-handed");
  g_assert_true (row->consent);
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* A second one with the same code: refused whole, the reason under the form. */
  g_assert_true (sh_participants_window_select (participants, 0));
  sh_participants_window_fill (participants, "P-001", 2, NULL, NULL, FALSE);
  g_assert_false (sh_participants_window_save (participants, NULL));
  g_assert_nonnull (strstr (sh_participants_window_get_error (participants), "already has a participant"));
  g_assert_cmpuint (sh_participants_window_get_n_participants (participants), ==, 1);

  /* Edited in place: same id, new MST, no marketplace, consent withdrawn. */
  g_assert_true (sh_participants_window_select (participants, id));
  g_assert_null (sh_participants_window_get_error (participants));
  sh_participants_window_fill (participants, "P-001", 3, "", "left-handed", FALSE);
  g_assert_true (sh_participants_window_save (participants, &again));
  g_assert_cmpint (again, ==, id);
  rows = stored_participants (fixture);
  g_assert_cmpuint (rows->len, ==, 1);
  row = g_ptr_array_index (rows, 0);
  g_assert_cmpint (row->mst, ==, 3);
  g_assert_null (row->marketplace);
  g_assert_false (row->consent);
  g_clear_pointer (&rows, g_ptr_array_unref);
  g_assert_false (sh_participants_window_select (participants, 999));

  /* Face photos added elsewhere show under the form once the window is brought up again. */
  g_assert_cmpuint (sh_participants_window_get_n_photos (participants), ==, 0);
  g_assert_true (sh_project_add_face_photo (project, id, SH_FACE_PHOTO_BARE, 0, photo, "test", &face_id, &error));
  g_assert_no_error (error);
  g_assert_true (sh_project_set_lip_polygons (project, face_id, lips, G_N_ELEMENTS (lips), NULL, 0, &error));
  g_assert_no_error (error);
  g_assert_true (show_participants (fixture) == participants);
  g_assert_cmpint (sh_participants_window_get_selected (participants), ==, id);
  g_assert_cmpuint (sh_participants_window_get_n_photos (participants), ==, 1);

  spin (100);
  save_png (GTK_WIDGET (participants), "participants-window.png");
}

int
main (int argc, char **argv)
{
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("LANGUAGE", "C", TRUE);
  if (!test_gtk_init (&argc, &argv))
    return 77;

  g_test_add ("/participants-window/window", Fixture, NULL, fixture_set_up, test_participants_window,
              window_fixture_tear_down);
  return g_test_run ();
}
