/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-participants-window.c: the Participants window in-process, checked against the store: opened by the labeling
 * window's action, a participant added, refused whole with the reason shown (no code, a code already taken),
 * edited (MST, marketplace, consent) in place, and the selected participant's face photos listed with their
 * lips. A face photo added from the window (a worn one refused for an unknown SKU), shown on the lips canvas with
 * its stored lips (and described for screen readers), an edit of the lips stored at once, undone and redone with the window's actions, a crossing
 * contour refused, and the participant removed. The Monk Skin Tone picked in the row of swatches with the keys
 * and saved, its swatches drawn through the monitor's profile; measured from a cheek patch of a generated face
 * photo painted in MST 7, proposed and taken.
 * Leaves participants-window.png and participants-tone.png in the build's tests/ directory for a look.
 * Needs a display (skips without one). */
#include "config.h"

#include <adwaita.h>
#include <stdlib.h>
#include <string.h>

#include "color/color-model.h"
#include "color/display.h"
#include "color/skin-render.h"
#include "core/formats/synth-writer.h"
#include "core/store/project-participants.h"
#include "sh-participants-window.h"
#include "sh-project-window.h"
#include "tests/lib/test-cli.h"
#include "tests/lib/test-gtk.h"
#include "tests/lib/test-window.h"
#include "tests/lib/tryon-fixture.h"

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

/* The lips of face photo id as another connection reads them: the outer contour's point count and its first
 * point's y (-1 when there are none), and the opening's point count. */
static void
stored_lips (Fixture *fixture, gint64 id, int *n_outer, double *first_y, int *n_opening)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ShProject) reader = sh_project_open (fixture->project_path, SH_PROJECT_OPEN_READ_ONLY, &error);
  g_autoptr (GArray) outer = NULL;
  g_autoptr (GArray) opening = NULL;

  g_assert_no_error (error);
  g_assert_true (sh_project_get_lip_polygons (reader, id, &outer, &opening, &error));
  *n_outer = outer != NULL ? (int) outer->len : 0;
  *first_y = outer != NULL ? g_array_index (outer, ShPoint, 0).y : -1;
  *n_opening = opening != NULL ? (int) opening->len : 0;
}

/* A photo dropped on the window from a file manager, through the window's own drop target. */
static void
drop_photo (ShParticipantsWindow *participants, const char *dir, const char *name)
{
  g_autoptr (GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (participants));
  g_autofree char *path = g_build_filename (dir, "photos", name, NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  GSList *list = g_slist_prepend (NULL, file);
  g_auto (GValue) value = G_VALUE_INIT;
  gboolean accepted = FALSE, found = FALSE;

  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, gdk_file_list_new_from_list (list));
  g_slist_free (list);
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr (GtkEventController) controller = g_list_model_get_item (controllers, i);
      if (GTK_IS_DROP_TARGET (controller))
        {
          g_signal_emit_by_name (controller, "drop", &value, 10.0, 10.0, &accepted);
          found = TRUE;
        }
    }
  g_assert_true (found);
  g_assert_true (accepted);
}

static void
test_lips (Fixture *fixture, gconstpointer data)
{
  ShParticipantsWindow *participants = show_participants (fixture);
  ShCanvasPolygonTool *tool = sh_participants_window_get_polygon_tool (participants);
  ShProject *project = sh_project_window_get_project (fixture->window);
  g_autofree char *photo = g_build_filename (fixture->dir, "photos", "synth-0001.jpg", NULL);
  g_autoptr (GPtrArray) photos = NULL;
  g_autoptr (GError) error = NULL;
  const ShPoint lips[] = { { 100, 150 }, { 240, 120 }, { 380, 150 }, { 240, 220 } };
  const ShPoint moved[] = { { 100, 140 }, { 240, 120 }, { 380, 150 }, { 240, 220 } };
  const ShPoint opening[] = { { 180, 160 }, { 300, 160 }, { 240, 180 } };
  const ShPoint crossed[] = { { 100, 150 }, { 380, 220 }, { 380, 150 }, { 100, 220 } };
  int n_outer, n_opening;
  double first_y;
  gint64 id = 0, face_id;

  sh_participants_window_fill (participants, "P-002", 9, NULL, NULL, TRUE);
  g_assert_true (sh_participants_window_save (participants, &id));

  /* Worn with an unknown SKU: refused with the reason, nothing added. Bare: added and listed. */
  g_assert_false (sh_participants_window_add_face_photo (participants, photo, TRUE, "NO-SUCH-SKU"));
  g_assert_nonnull (sh_participants_window_get_error (participants));
  g_assert_cmpuint (sh_participants_window_get_n_photos (participants), ==, 0);
  g_assert_true (sh_participants_window_add_face_photo (participants, photo, FALSE, NULL));
  g_assert_cmpuint (sh_participants_window_get_n_photos (participants), ==, 1);
  drop_photo (participants, fixture->dir, "synth-0001.jpg");
  g_assert_null (sh_participants_window_get_error (participants));
  g_assert_cmpuint (sh_participants_window_get_n_photos (participants), ==, 2);
  photos = sh_project_list_face_photos (project, id, &error);
  g_assert_cmpuint (photos->len, ==, 2);
  face_id = ((ShFacePhotoRow *) g_ptr_array_index (photos, 0))->id;
  g_assert_true (sh_project_set_lip_polygons (project, face_id, lips, G_N_ELEMENTS (lips), NULL, 0, &error));

  /* Shown with its stored lips once the photo has been converted for the screen. */
  sh_participants_window_show_face_photo (participants, face_id);
  g_assert_cmpint (sh_participants_window_get_shown_photo (participants), ==, face_id);
  WAIT_FOR (sh_image_canvas_get_image_width (sh_canvas_polygon_tool_get_canvas (tool)) == 480);
  g_assert_nonnull (sh_canvas_polygon_tool_get_polygon (tool, SH_LIP_POLYGON_OUTER, &n_outer, NULL));
  g_assert_cmpint (n_outer, ==, 4);
  /* A screen reader hears the lips' state. */
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (tool), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                       "Lips: 4 points, closed (active). Mouth opening: 0 points, not drawn. ");

  /* An edit, as the tool reports one: stored before the call returns. */
  sh_canvas_polygon_tool_set_polygons (tool, moved, G_N_ELEMENTS (moved), opening, G_N_ELEMENTS (opening));
  g_signal_emit_by_name (tool, "polygon-edited", SH_LIP_POLYGON_OPENING, "Draw Mouth Opening");
  stored_lips (fixture, face_id, &n_outer, &first_y, &n_opening);
  g_assert_cmpint (n_outer, ==, 4);
  g_assert_cmpfloat (first_y, ==, 140);
  g_assert_cmpint (n_opening, ==, 3);

  /* Undone and redone through the window's actions (Ctrl+Z, Ctrl+Shift+Z). */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (participants), "participants.undo", NULL));
  stored_lips (fixture, face_id, &n_outer, &first_y, &n_opening);
  g_assert_cmpfloat (first_y, ==, 150);
  g_assert_cmpint (n_opening, ==, 0);
  sh_canvas_polygon_tool_get_polygon (tool, SH_LIP_POLYGON_OPENING, &n_opening, NULL);
  g_assert_cmpint (n_opening, ==, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (participants), "participants.redo", NULL));
  stored_lips (fixture, face_id, &n_outer, &first_y, &n_opening);
  g_assert_cmpfloat (first_y, ==, 140);
  g_assert_cmpint (n_opening, ==, 3);

  /* A contour that crosses itself is not stored, and the canvas goes back to the stored lips. */
  sh_canvas_polygon_tool_set_polygons (tool, crossed, G_N_ELEMENTS (crossed), opening, G_N_ELEMENTS (opening));
  g_signal_emit_by_name (tool, "polygon-edited", SH_LIP_POLYGON_OUTER, "Move Point");
  stored_lips (fixture, face_id, &n_outer, &first_y, &n_opening);
  g_assert_cmpfloat (first_y, ==, 140);
  g_assert_cmpfloat (sh_canvas_polygon_tool_get_polygon (tool, SH_LIP_POLYGON_OUTER, NULL, NULL)[1].x, ==, 240);

  spin (100);
  save_png (GTK_WIDGET (participants), "participants-lips.png");

  /* Removed with the photo and its lips. */
  g_assert_true (sh_participants_window_remove (participants));
  g_assert_cmpuint (sh_participants_window_get_n_participants (participants), ==, 0);
  g_assert_cmpint (sh_participants_window_get_shown_photo (participants), ==, 0);
  stored_lips (fixture, face_id, &n_outer, &first_y, &n_opening);
  g_assert_cmpint (n_outer, ==, 0);
}

/* A key pressed on widget, through its own key controller (as GTK hands it one); TRUE when handled. */
static gboolean
press_key (GtkWidget *widget, guint keyval)
{
  g_autoptr (GListModel) controllers = gtk_widget_observe_controllers (widget);
  gboolean handled = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr (GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_KEY (controller))
        {
          g_signal_emit_by_name (controller, "key-pressed", keyval, 0, (GdkModifierType) 0, &handled);
          return handled;
        }
    }
  g_assert_not_reached ();
}

static int
stored_mst (Fixture *fixture, const char *code)
{
  g_autoptr (GPtrArray) rows = stored_participants (fixture);

  for (guint i = 0; i < rows->len; i++)
    {
      const ShParticipantRow *row = g_ptr_array_index (rows, i);

      if (g_strcmp0 (row->code, code) == 0)
        return row->mst;
    }
  g_assert_not_reached ();
}

static void
test_skin_tone (Fixture *fixture, gconstpointer data)
{
  ShParticipantsWindow *participants = show_participants (fixture);
  ShMstPicker *picker = sh_participants_window_get_mst_picker (participants);
  ShCanvasPolygonTool *tool = sh_participants_window_get_polygon_tool (participants);
  ShImageCanvas *canvas = sh_canvas_polygon_tool_get_canvas (tool);
  ShProject *project = sh_project_window_get_project (fixture->window);
  g_autofree char *photo = g_build_filename (fixture->dir, "face-mst7.png", NULL);
  ShSynthEncoding encoding = { .format = SH_SYNTH_PNG, .profile = SH_SYNTH_PROFILE_DISPLAY_P3, .orientation = 1 };
  g_autoptr (GPtrArray) photos = NULL;
  g_autoptr (GError) error = NULL;
  TryonFixture *face;
  gint64 id = 0;
  double delta_e = -1;
  guint8 rgb[3];

  sh_participants_window_fill (participants, "P-007", 2, NULL, NULL, TRUE);
  g_assert_true (sh_participants_window_save (participants, &id));
  g_assert_cmpint (stored_mst (fixture, "P-007"), ==, 2);

  /* The swatches are the scale's, each named for screen readers. */
  sh_mst_picker_get_display_rgb (picker, 7, rgb);
  g_assert_cmpmem (rgb, 3, sh_monk_skin_tone (6)->srgb, 3);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (sh_mst_picker_get_swatch (picker, 4)),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Monk Skin Tone 4");
  /* On a wide-gamut monitor (ProPhoto primaries) the same swatch takes other numbers: the monitor's. */
  {
    size_t icc_len = 0;
    void *icc = sh_color_model_working_profile_icc (&icc_len);
    ShDisplayProfile *wide = sh_display_profile_new_from_icc (icc, icc_len, NULL, 0);
    ShDisplayTransform *transform = sh_display_transform_new_for_icc (wide, NULL, 0, NULL, 0);
    double linear[3];
    guint8 expected[3];

    g_assert_nonnull (transform);
    sh_skin_tone_linear (sh_monk_skin_tone (6), linear);
    sh_display_transform_linear_srgb_to_rgb8 (transform, linear, expected);
    sh_mst_picker_set_display_transform (picker, transform);
    sh_mst_picker_get_display_rgb (picker, 7, rgb);
    g_assert_cmpmem (rgb, 3, expected, 3);
    g_assert_false (memcmp (rgb, sh_monk_skin_tone (6)->srgb, 3) == 0);
    sh_mst_picker_set_display_transform (picker, NULL);
    sh_display_transform_unref (transform);
    sh_display_profile_unref (wide);
    free (icc);
  }

  /* Picked with the keys in the row: the focus follows the pick, and Save stores it. */
  gtk_widget_grab_focus (sh_mst_picker_get_swatch (picker, 2));
  g_assert_true (press_key (GTK_WIDGET (picker), GDK_KEY_Right));
  g_assert_cmpint (sh_mst_picker_get_value (picker), ==, 3);
  g_assert_true (press_key (GTK_WIDGET (picker), GDK_KEY_End));
  g_assert_cmpint (sh_mst_picker_get_value (picker), ==, 10);
  g_assert_true (press_key (GTK_WIDGET (picker), GDK_KEY_Left));
  g_assert_cmpint (sh_mst_picker_get_value (picker), ==, 9);
  g_assert_true (press_key (GTK_WIDGET (picker), GDK_KEY_0));
  g_assert_cmpint (sh_mst_picker_get_value (picker), ==, 10);
  g_assert_true (press_key (GTK_WIDGET (picker), GDK_KEY_4));
  g_assert_cmpint (sh_mst_picker_get_value (picker), ==, 4);
  g_assert_true (gtk_widget_has_focus (sh_mst_picker_get_swatch (picker, 4)));
  g_assert_false (gtk_widget_get_focusable (sh_mst_picker_get_swatch (picker, 2)));
  gtk_test_accessible_assert_state (GTK_ACCESSIBLE (sh_mst_picker_get_swatch (picker, 4)),
                                    GTK_ACCESSIBLE_STATE_PRESSED, GTK_ACCESSIBLE_TRISTATE_TRUE);
  g_assert_cmpint (stored_mst (fixture, "P-007"), ==, 2);
  activate_action (GTK_WIDGET (participants), "participants.save", NULL);
  g_assert_cmpint (stored_mst (fixture, "P-007"), ==, 4);
  g_assert_cmpint (sh_mst_picker_get_value (picker), ==, 4);

  /* A generated face (no real one) whose skin is MST 7, in Display P3. */
  face = tryon_fixture_new (480, 300, 0.6, sh_monk_skin_tone (6), FALSE, 7);
  g_assert_true (sh_synth_write (face->linear, face->width, face->height, &encoding, photo, &error));
  g_assert_no_error (error);
  tryon_fixture_free (face);
  g_assert_true (sh_participants_window_add_face_photo (participants, photo, FALSE, NULL));
  photos = sh_project_list_face_photos (project, id, &error);
  g_assert_cmpuint (photos->len, ==, 1);
  sh_participants_window_show_face_photo (participants, ((ShFacePhotoRow *) g_ptr_array_index (photos, 0))->id);
  WAIT_FOR (sh_image_canvas_get_image_width (canvas) == 480);

  /* M on the canvas starts measuring, Escape cancels it. */
  g_assert_true (press_key (GTK_WIDGET (tool), GDK_KEY_m));
  g_assert_true (sh_canvas_polygon_tool_get_measuring (tool));
  g_assert_true (press_key (GTK_WIDGET (tool), GDK_KEY_Escape));
  g_assert_false (sh_canvas_polygon_tool_get_measuring (tool));
  /* Outside measuring, a box the canvas reports measures nothing. */
  g_signal_emit_by_name (canvas, "box-drawn", 30.0, 30.0, 80.0, 60.0);
  g_assert_cmpint (sh_participants_window_get_proposed_tone (participants, NULL), ==, 0);

  /* A box dragged on the cheek, as the canvas reports it on release: MST 7 is proposed, and taken. */
  g_assert_true (press_key (GTK_WIDGET (tool), GDK_KEY_M));
  g_signal_emit_by_name (canvas, "box-drawn", 30.0, 30.0, 80.0, 60.0);
  g_assert_false (sh_canvas_polygon_tool_get_measuring (tool));
  g_assert_cmpint (sh_participants_window_get_proposed_tone (participants, &delta_e), ==, 7);
  g_test_message ("cheek patch of MST 7: dE00 %.2f from the MST 7 swatch", delta_e);
  g_assert_cmpfloat (delta_e, <, 5);
  g_assert_cmpint (stored_mst (fixture, "P-007"), ==, 4);
  spin (100);
  save_png (GTK_WIDGET (participants), "participants-tone.png");
  g_assert_true (sh_participants_window_accept_tone (participants));
  g_assert_cmpint (stored_mst (fixture, "P-007"), ==, 7);
  g_assert_cmpint (sh_mst_picker_get_value (picker), ==, 7);
  g_assert_cmpint (sh_participants_window_get_proposed_tone (participants, NULL), ==, 0);
  g_assert_false (sh_participants_window_accept_tone (participants));
}

int
main (int argc, char **argv)
{
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("LANGUAGE", "C", TRUE);
  /* The accessible descriptions are read back. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  if (!test_gtk_init (&argc, &argv))
    return 77;

  g_test_add ("/participants-window/window", Fixture, NULL, fixture_set_up, test_participants_window,
              window_fixture_tear_down);
  g_test_add ("/participants-window/lips", Fixture, NULL, fixture_set_up, test_lips, window_fixture_tear_down);
  g_test_add ("/participants-window/skin-tone", Fixture, NULL, fixture_set_up, test_skin_tone,
              window_fixture_tear_down);
  return g_test_run ();
}
