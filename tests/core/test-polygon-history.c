/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-polygon-history.c: the lips drawn on face photos with undo and redo, on a real project file: each step
 * is stored when the call returns (read back through a second connection), undo and redo write the earlier
 * and later polygons back (the first contour's undo removes the lips), an edit that changes nothing is no
 * step, a new edit clears the redo steps, and a refused edit (a point outside the photo) changes neither the
 * file nor the history. */
#define G_LOG_DOMAIN "shadelab-test-polygon-history"

#include "config.h"

#include <glib.h>

#include "core/formats/synth-writer.h"
#include "core/models/polygon-history.h"
#include "core/store/project-participants.h"
#include "tests/lib/test-fs.h"
#include "tests/lib/tryon-fixture.h"

static char *tmp_dir;

/* The lips of face photo id as another connection to the file reads them: "outer|opening" with the points
 * as "x,y" joined by spaces ("-" for none). */
static char *
stored_lips (const char *path, gint64 id)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ShProject) reader = sh_project_open (path, SH_PROJECT_OPEN_READ_ONLY, &error);
  g_autoptr (GArray) outer = NULL;
  g_autoptr (GArray) opening = NULL;
  GString *text = g_string_new (NULL);

  g_assert_no_error (error);
  g_assert_true (sh_project_get_lip_polygons (reader, id, &outer, &opening, &error));
  g_assert_no_error (error);
  for (int k = 0; k < 2; k++)
    {
      GArray *points = k == 0 ? outer : opening;

      if (k == 1)
        g_string_append_c (text, '|');
      if (points == NULL)
        g_string_append_c (text, '-');
      for (guint i = 0; points != NULL && i < points->len; i++)
        g_string_append_printf (text, "%s%g,%g", i > 0 ? " " : "", g_array_index (points, ShPoint, i).x,
                                g_array_index (points, ShPoint, i).y);
    }
  return g_string_free (text, FALSE);
}

static int changes;
static gint64 changed_photo;

static void
changed_cb (ShPolygonHistory *history, gint64 face_photo_id)
{
  changes++;
  changed_photo = face_photo_id;
}

#define assert_lips(path, id, expected)                                                                       \
  G_STMT_START {                                                                                              \
    g_autofree char *_lips = stored_lips ((path), (id));                                                      \
    g_assert_cmpstr (_lips, ==, (expected));                                                                  \
  } G_STMT_END

static void
test_history (void)
{
  g_autofree char *path = g_build_filename (tmp_dir, "lips.shadelab", NULL);
  g_autofree char *photo = g_build_filename (tmp_dir, "bare.png", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (ShProject) project = sh_project_create (path, &error);
  g_autoptr (ShPolygonHistory) history = NULL;
  TryonFixture *fixture = tryon_fixture_new (320, 200, 0.6, sh_monk_skin_tone (6), TRUE, 2);
  ShSynthEncoding encoding = { .format = SH_SYNTH_PNG, .profile = SH_SYNTH_PROFILE_SRGB, .orientation = 1 };
  const ShPoint outer[] = { { 40, 100 }, { 160, 60 }, { 280, 100 }, { 160, 150 } };
  const ShPoint moved[] = { { 40, 100 }, { 160, 50.5 }, { 280, 100 }, { 160, 150 } };
  const ShPoint opening[] = { { 100, 100 }, { 160, 90 }, { 220, 100 } };
  const ShPoint outside[] = { { 40, 100 }, { 160, 60 }, { 330, 100 } };
  gint64 participant = 0, face = 0;

  g_assert_no_error (error);
  g_assert_true (sh_synth_write (fixture->linear, fixture->width, fixture->height, &encoding, photo, &error));
  g_assert_no_error (error);
  tryon_fixture_free (fixture);
  g_assert_true (sh_project_add_participant (project, "P-7", 7, NULL, NULL, TRUE, "test", &participant, &error));
  g_assert_true (sh_project_add_face_photo (project, participant, SH_FACE_PHOTO_BARE, 0, photo, "test", &face,
                                            &error));
  g_assert_no_error (error);

  history = sh_polygon_history_new (project);
  g_signal_connect (history, "changed", G_CALLBACK (changed_cb), NULL);
  g_assert_false (sh_polygon_history_can_undo (history));
  g_assert_null (sh_polygon_history_get_undo_label (history));

  /* The contour, then the opening with it, then a point moved: three steps, each on disk at once. */
  g_assert_true (sh_polygon_history_set (history, face, outer, 4, NULL, 0, "Draw Lips", &error));
  g_assert_no_error (error);
  assert_lips (path, face, "40,100 160,60 280,100 160,150|-");
  g_assert_cmpint (changes, ==, 1);
  g_assert_cmpint (changed_photo, ==, face);
  g_assert_true (sh_polygon_history_set (history, face, outer, 4, opening, 3, "Draw Mouth Opening", &error));
  g_assert_true (sh_polygon_history_set (history, face, moved, 4, opening, 3, "Move Point", &error));
  g_assert_no_error (error);
  assert_lips (path, face, "40,100 160,50.5 280,100 160,150|100,100 160,90 220,100");
  g_assert_cmpstr (sh_polygon_history_get_undo_label (history), ==, "Move Point");

  /* The same polygons again make no step. */
  g_assert_true (sh_polygon_history_set (history, face, moved, 4, opening, 3, "Move Point", &error));
  g_assert_cmpint (changes, ==, 3);

  /* A point outside the photo: refused, nothing changes, the history neither. */
  g_assert_false (sh_polygon_history_set (history, face, outside, 3, opening, 3, "Move Point", &error));
  g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_INVALID);
  g_clear_error (&error);
  assert_lips (path, face, "40,100 160,50.5 280,100 160,150|100,100 160,90 220,100");
  g_assert_cmpint (changes, ==, 3);
  g_assert_false (sh_polygon_history_can_redo (history));

  /* Undo all the way: the move, the opening, then the lips themselves. */
  g_assert_true (sh_polygon_history_undo (history, &error));
  assert_lips (path, face, "40,100 160,60 280,100 160,150|100,100 160,90 220,100");
  g_assert_cmpstr (sh_polygon_history_get_redo_label (history), ==, "Move Point");
  g_assert_true (sh_polygon_history_undo (history, &error));
  assert_lips (path, face, "40,100 160,60 280,100 160,150|-");
  g_assert_true (sh_polygon_history_undo (history, &error));
  g_assert_no_error (error);
  assert_lips (path, face, "-|-");
  g_assert_false (sh_polygon_history_can_undo (history));
  g_assert_cmpint (changes, ==, 6);

  /* Redo twice, then a new edit drops the last redo step. */
  g_assert_true (sh_polygon_history_redo (history, &error));
  g_assert_true (sh_polygon_history_redo (history, &error));
  g_assert_no_error (error);
  assert_lips (path, face, "40,100 160,60 280,100 160,150|100,100 160,90 220,100");
  g_assert_true (sh_polygon_history_can_redo (history));
  g_assert_true (sh_polygon_history_set (history, face, outer, 4, NULL, 0, "Remove Point", &error));
  g_assert_false (sh_polygon_history_can_redo (history));
  assert_lips (path, face, "40,100 160,60 280,100 160,150|-");

  /* An unknown face photo is refused. */
  g_assert_false (sh_polygon_history_set (history, face + 40, outer, 4, NULL, 0, "Draw Lips", &error));
  g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_INVALID);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/polygon-history/steps", test_history);
  return run_tests_in_tmp_dir ("shadelab-polygon-history", &tmp_dir);
}
