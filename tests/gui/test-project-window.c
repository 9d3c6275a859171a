/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-project-window.c: the labeling window in-process on a generated project: its actions (next /
 * previous, new box, class keys, flags, duplicate, delete, undo / redo across photos, mark done, skip,
 * reject, accept model boxes) checked against what the store holds after each one, and the swatch panel and
 * stored swatch following a box through undo and redo. Needs a display (skips without one). */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <math.h>

#include "color/delta-e.h"
#include "core/formats/annotations.h"
#include "core/store/project.h"
#include "sh-image-list.h"
#include "sh-project-window.h"
#include "sh-swatch-panel.h"
#include "tests/lib/project-db.h"
#include "tests/lib/test-cli.h"
#include "tests/lib/test-fs.h"
#include "tests/lib/test-gtk.h"
#include "tests/lib/test-window.h"
#include "tests/lib/test-store.h"

typedef WindowFixture Fixture;

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  g_autofree char *coco_path = NULL;
  g_autofree char *coco = NULL;
  g_autofree char *fourth = NULL;

  fixture->dir = make_tmp_dir ("shadelab-project-window");
  /* data: the size of one large photo instead of the usual small ones (then without the detector's box). */
  fixture->project_path = cli_generated_project (fixture->dir, "test.shadelab", data != NULL ? "1" : "5",
                                                 data != NULL ? data : "480x360");
  coco_path = g_build_filename (fixture->dir, "coco.json", NULL);
  if (data != NULL)
    goto open;
  /* A detector's box on the fourth photo (import order follows the decoders, so its name is looked up). */
  {
    g_autoptr (ShProject) project = sh_project_open (fixture->project_path, SH_PROJECT_OPEN_READ_ONLY, NULL);

    g_assert_nonnull (project);
    fourth = query_text (project, "SELECT file_name FROM images WHERE id = 4");
  }
  coco = g_strdup_printf ("{\"images\": [{\"id\": 1, \"file_name\": \"%s\", \"width\": 480, \"height\": 360}],"
                          " \"annotations\": [{\"image_id\": 1, \"category_id\": 1, \"bbox\": [100, 50, 120, 200],"
                          " \"score\": 0.9}], \"categories\": [{\"id\": 1, \"name\": \"product\"}]}",
                          fourth);
  g_assert_true (g_file_set_contents (coco_path, coco, -1, NULL));
  run_cli ((const char *[]) { "import-annotations", fixture->project_path, coco_path, NULL });

open:
  fixture->window = open_project_window (fixture->project_path, 1200, 800);
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  /* Background reads the list started (counts) finish before their files go. */
  window_fixture_close (fixture, 500);
}

static void
activate (Fixture *fixture, const char *action, GVariant *parameter)
{
  activate_action (GTK_WIDGET (fixture->window), action, parameter);
}

/* Activates and lets idle work (photo loading) run a little. */
static void
activate_and_settle (Fixture *fixture, const char *action, GVariant *parameter)
{
  activate (fixture, action, parameter);
  for (int i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
}

static GArray *
stored_boxes (Fixture *fixture, gint64 image_id)
{
  g_autoptr (GError) error = NULL;
  GArray *boxes = sh_project_list_boxes (sh_project_window_get_project (fixture->window), image_id, &error);

  g_assert_no_error (error);
  return boxes;
}

/* The photo holds one box, accepted (a label) or not (a prediction). */
static void
assert_one_box (Fixture *fixture, gint64 image_id, gboolean accepted)
{
  g_autoptr (GArray) boxes = stored_boxes (fixture, image_id);

  g_assert_cmpuint (boxes->len, ==, 1);
  if (accepted)
    g_assert_true (g_array_index (boxes, ShBoxRow, 0).accepted);
  else
    g_assert_false (g_array_index (boxes, ShBoxRow, 0).accepted);
}

static ShImageStatus
stored_status (Fixture *fixture, gint64 image_id, char **reason)
{
  sqlite3 *db = test_project_db (sh_project_window_get_project (fixture->window));
  sqlite3_stmt *statement = NULL;
  ShImageStatus status = SH_IMAGE_NEW;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT status, status_reason FROM images WHERE id = ?", -1, &statement,
                                       NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (statement, 1, image_id);
  g_assert_cmpint (sqlite3_step (statement), ==, SQLITE_ROW);
  g_assert_true (sh_image_status_from_name ((const char *) sqlite3_column_text (statement, 0), &status));
  if (reason != NULL)
    *reason = g_strdup ((const char *) sqlite3_column_text (statement, 1));
  sqlite3_finalize (statement);
  return status;
}

static void
go_to_shown (Fixture *fixture, const char *action, gint64 expected)
{
  activate (fixture, action, NULL);
  g_assert_cmpint (sh_project_window_get_current_image (fixture->window), ==, expected);
  WAIT_FOR (sh_project_window_get_shown_image (fixture->window) == expected);
}

/* The message dialog the window shows (done with predictions left), once it is there. */
static AdwMessageDialog *
find_message_dialog (Fixture *fixture)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_window_get_transient_for (window) == GTK_WINDOW (fixture->window)
          && gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

/* Answers the done dialog as a click on one of its buttons does. */
static void
answer_done_dialog (Fixture *fixture, const char *response)
{
  AdwMessageDialog *dialog = NULL;

  WAIT_FOR ((dialog = find_message_dialog (fixture)) != NULL);
  g_assert_true (adw_message_dialog_has_response (dialog, "accept"));
  g_assert_true (adw_message_dialog_has_response (dialog, "discard"));
  g_assert_cmpstr (adw_message_dialog_get_close_response (dialog), ==, "cancel");
  adw_message_dialog_response (dialog, response);
  if ((dialog = find_message_dialog (fixture)) != NULL)
    gtk_window_destroy (GTK_WINDOW (dialog));
}

static ShImageList *
image_list (Fixture *fixture)
{
  GtkWidget *list = find_descendant (GTK_WIDGET (fixture->window), SH_TYPE_IMAGE_LIST);

  g_assert_nonnull (list);
  return SH_IMAGE_LIST (list);
}

/* A click on the row at position, as GtkListView handles one: it selects the row. */
static void
click_row (Fixture *fixture, guint position)
{
  GtkWidget *list_view = GTK_WIDGET (sh_image_list_get_list_view (image_list (fixture)));

  g_assert_true (gtk_widget_activate_action (list_view, "list.select-item", "(ubb)", position, FALSE, FALSE));
}

static void
wait_for_list (Fixture *fixture)
{
  ShImageListModel *model = sh_image_list_get_model (image_list (fixture));

  WAIT_FOR (!sh_image_list_model_get_loading (model));
  for (int i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
}

static void
test_navigation (Fixture *fixture, gconstpointer data)
{
  ShImageCanvas *canvas = sh_project_window_get_canvas (fixture->window);

  /* The first photo still to label, fitted: the whole photo in view. */
  g_assert_cmpint (sh_project_window_get_shown_image (fixture->window), ==, 1);
  g_assert_cmpint (sh_image_canvas_get_image_width (canvas), ==, 480);
  g_assert_cmpint (sh_image_canvas_get_image_height (canvas), ==, 360);
  g_assert_cmpfloat (sh_image_canvas_get_zoom (canvas) * 480, <=, gtk_widget_get_width (GTK_WIDGET (canvas)));

  go_to_shown (fixture, "win.next-image", 2);
  go_to_shown (fixture, "win.next-image", 3);
  go_to_shown (fixture, "win.previous-image", 2);
  go_to_shown (fixture, "win.previous-image", 1);
  /* Before the first photo there is nothing: the window stays. */
  activate_and_settle (fixture, "win.previous-image", NULL);
  g_assert_cmpint (sh_project_window_get_current_image (fixture->window), ==, 1);
}

static void
test_box_editing (Fixture *fixture, gconstpointer data)
{
  ShImageCanvas *canvas = sh_project_window_get_canvas (fixture->window);
  g_autoptr (GArray) boxes = NULL;
  gint64 first_id, duplicate_id;

  /* W: a box in the middle of the visible photo, of the current class (product). */
  activate (fixture, "win.new-box", NULL);
  boxes = stored_boxes (fixture, 1);
  g_assert_cmpuint (boxes->len, ==, 1);
  {
    ShBoxRow *row = &g_array_index (boxes, ShBoxRow, 0);

    first_id = row->id;
    g_assert_cmpstr (row->class_name, ==, "product");
    g_assert_cmpint (row->source, ==, SH_BOX_SOURCE_HUMAN);
    g_assert_nonnull (row->labeler);
    g_assert_cmpstr (row->labeler, !=, "");
    /* A quarter of the short side, centred on the photo's middle. */
    g_assert_cmpfloat_with_epsilon (row->w, 90, 1.0);
    g_assert_cmpfloat_with_epsilon (row->x + row->w / 2, 240, 1.0);
    g_assert_cmpfloat_with_epsilon (row->y + row->h / 2, 180, 1.0);
  }
  g_assert_cmpint (sh_image_canvas_get_selected_box (canvas), ==, first_id);
  g_clear_pointer (&boxes, g_array_unref);

  /* 2: the class of new boxes becomes packaging, and the selected box with it. */
  activate (fixture, "win.set-class", g_variant_new_int32 (1));
  g_assert_cmpint (sh_project_window_get_current_class (fixture->window), ==, 1);
  boxes = stored_boxes (fixture, 1);
  g_assert_cmpstr (g_array_index (boxes, ShBoxRow, 0).class_name, ==, "packaging");
  g_clear_pointer (&boxes, g_array_unref);

  /* O: occluded, and back. */
  activate (fixture, "win.toggle-occluded", NULL);
  boxes = stored_boxes (fixture, 1);
  g_assert_true (g_array_index (boxes, ShBoxRow, 0).occluded);
  g_clear_pointer (&boxes, g_array_unref);

  /* Ctrl+D: a second box, selected. */
  activate (fixture, "win.duplicate-box", NULL);
  boxes = stored_boxes (fixture, 1);
  g_assert_cmpuint (boxes->len, ==, 2);
  duplicate_id = g_array_index (boxes, ShBoxRow, 1).id;
  g_assert_cmpstr (g_array_index (boxes, ShBoxRow, 1).class_name, ==, "packaging");
  g_assert_true (g_array_index (boxes, ShBoxRow, 1).occluded);
  g_assert_cmpint (sh_image_canvas_get_selected_box (canvas), ==, duplicate_id);
  g_clear_pointer (&boxes, g_array_unref);

  /* Delete: the duplicate goes. */
  activate (fixture, "win.delete-box", NULL);
  boxes = stored_boxes (fixture, 1);
  g_assert_cmpuint (boxes->len, ==, 1);
  g_assert_cmpint (g_array_index (boxes, ShBoxRow, 0).id, ==, first_id);
  g_clear_pointer (&boxes, g_array_unref);

  /* Undo brings it back under its id; redo deletes it again. */
  activate (fixture, "win.undo", NULL);
  boxes = stored_boxes (fixture, 1);
  g_assert_cmpuint (boxes->len, ==, 2);
  g_assert_cmpint (g_array_index (boxes, ShBoxRow, 1).id, ==, duplicate_id);
  g_clear_pointer (&boxes, g_array_unref);
  activate (fixture, "win.redo", NULL);
  boxes = stored_boxes (fixture, 1);
  g_assert_cmpuint (boxes->len, ==, 1);
  g_clear_pointer (&boxes, g_array_unref);

  /* Undo the duplicate, the occluded flag and the class change, then the box itself. */
  activate (fixture, "win.undo", NULL);  /* delete */
  activate (fixture, "win.undo", NULL);  /* duplicate */
  activate (fixture, "win.undo", NULL);  /* occluded */
  activate (fixture, "win.undo", NULL);  /* class */
  boxes = stored_boxes (fixture, 1);
  g_assert_cmpuint (boxes->len, ==, 1);
  g_assert_cmpstr (g_array_index (boxes, ShBoxRow, 0).class_name, ==, "product");
  g_assert_false (g_array_index (boxes, ShBoxRow, 0).occluded);
  g_clear_pointer (&boxes, g_array_unref);
  activate (fixture, "win.undo", NULL);  /* add */
  boxes = stored_boxes (fixture, 1);
  g_assert_cmpuint (boxes->len, ==, 0);
  g_clear_pointer (&boxes, g_array_unref);

  /* A class past the project's classes is refused: nothing changes. */
  activate (fixture, "win.set-class", g_variant_new_int32 (8));
  g_assert_cmpint (sh_project_window_get_current_class (fixture->window), ==, 1);
}

static void
test_image_status (Fixture *fixture, gconstpointer data)
{
  g_autofree char *reason = NULL;
  g_autoptr (GArray) boxes = NULL;

  /* Space: done, on to the next photo to label. */
  activate (fixture, "win.mark-done", NULL);
  g_assert_cmpint (stored_status (fixture, 1, NULL), ==, SH_IMAGE_LABELED);
  g_assert_cmpint (sh_project_window_get_current_image (fixture->window), ==, 2);
  WAIT_FOR (sh_project_window_get_shown_image (fixture->window) == 2);

  /* S: skipped. */
  activate (fixture, "win.skip-image", NULL);
  g_assert_cmpint (stored_status (fixture, 2, NULL), ==, SH_IMAGE_SKIPPED);
  WAIT_FOR (sh_project_window_get_shown_image (fixture->window) == 3);

  /* R: rejected with the reason chosen in the dialog. */
  activate (fixture, "win.reject-with-reason", g_variant_new_string ("Blurred or out of focus"));
  g_assert_cmpint (stored_status (fixture, 3, &reason), ==, SH_IMAGE_REJECTED);
  g_assert_cmpstr (reason, ==, "Blurred or out of focus");
  WAIT_FOR (sh_project_window_get_shown_image (fixture->window) == 4);

  /* Return with no box selected accepts the photo's model boxes. */
  boxes = stored_boxes (fixture, 4);
  g_assert_cmpuint (boxes->len, ==, 1);
  g_assert_cmpint (g_array_index (boxes, ShBoxRow, 0).source, ==, SH_BOX_SOURCE_MODEL);
  g_assert_false (g_array_index (boxes, ShBoxRow, 0).accepted);
  g_clear_pointer (&boxes, g_array_unref);
  activate (fixture, "win.accept-model", NULL);
  boxes = stored_boxes (fixture, 4);
  g_assert_true (g_array_index (boxes, ShBoxRow, 0).accepted);
  g_clear_pointer (&boxes, g_array_unref);

  /* Undo reaches back across photos: undoing the reject shows photo 3 again. */
  activate (fixture, "win.undo", NULL);  /* accept */
  boxes = stored_boxes (fixture, 4);
  g_assert_false (g_array_index (boxes, ShBoxRow, 0).accepted);
  g_clear_pointer (&boxes, g_array_unref);
  activate (fixture, "win.undo", NULL);  /* reject */
  g_assert_cmpint (stored_status (fixture, 3, NULL), ==, SH_IMAGE_NEW);
  g_assert_cmpint (sh_project_window_get_current_image (fixture->window), ==, 3);
  WAIT_FOR (sh_project_window_get_shown_image (fixture->window) == 3);

  /* Every photo done: the window stays on the last one it could go to. */
  activate (fixture, "win.mark-done", NULL);  /* 3 */
  WAIT_FOR (sh_project_window_get_shown_image (fixture->window) == 4);
  activate (fixture, "win.mark-done", NULL);  /* 4: its model box is still unaccepted, so it asks */
  answer_done_dialog (fixture, "accept");
  WAIT_FOR (sh_project_window_get_shown_image (fixture->window) == 5);
  activate (fixture, "win.mark-done", NULL);  /* 5: none left */
  g_assert_cmpint (stored_status (fixture, 5, NULL), ==, SH_IMAGE_LABELED);
  g_assert_cmpint (sh_project_window_get_current_image (fixture->window), ==, 5);
}

static ShSwatchPanel *
find_swatch_panel (GtkWidget *widget)
{
  return SH_SWATCH_PANEL (find_descendant (widget, SH_TYPE_SWATCH_PANEL));
}

/* The panel's complete (final) result is for box, as the window rounds a stored box. */
static gboolean
panel_shows (ShSwatchPanel *panel, ShBox box)
{
  gboolean has_finish = FALSE;
  const ShSwatch *swatch = sh_swatch_panel_get_swatch (panel, &has_finish);

  return swatch != NULL && has_finish && swatch->box.x == box.x && swatch->box.y == box.y
         && swatch->box.w == box.w && swatch->box.h == box.h;
}

/* The only box of photo 1, as stored, and in whole pixels. */
static ShBox
stored_box (Fixture *fixture, gint64 *id)
{
  g_autoptr (GArray) boxes = stored_boxes (fixture, 1);
  const ShBoxRow *row;

  g_assert_cmpuint (boxes->len, ==, 1);
  row = &g_array_index (boxes, ShBoxRow, 0);
  *id = row->id;
  return (ShBox) { (int) floor (row->x + 0.5), (int) floor (row->y + 0.5), (int) floor (row->w + 0.5),
                   (int) floor (row->h + 0.5) };
}

/* The colour the store holds for the box is the one the panel shows. */
static void
assert_stored_swatch_shown (Fixture *fixture, gint64 box_id, ShSwatchPanel *panel)
{
  const ShSwatch *shown = sh_swatch_panel_get_swatch (panel, NULL);
  g_autoptr (GError) error = NULL;
  ShSwatchRow stored;
  gboolean found = FALSE;

  g_assert_true (sh_project_get_swatch (sh_project_window_get_project (fixture->window), box_id, SH_METHOD_ROBUST,
                                        &stored, &found, &error));
  g_assert_no_error (error);
  g_assert_true (found);
  g_assert_nonnull (shown);
  g_assert_cmpfloat (sh_delta_e2000 (stored.lab, shown->lab), <, 0.5);
  g_assert_cmpstr (stored.hex, ==, shown->hex);
}

/* Move a box with the arrow keys' action, undo, redo: the swatch panel measures the box where it is now and
 * the store holds that colour, each time. */
static void
test_undo_swatch (Fixture *fixture, gconstpointer data)
{
  ShImageCanvas *canvas = sh_project_window_get_canvas (fixture->window);
  ShSwatchPanel *panel = find_swatch_panel (GTK_WIDGET (fixture->window));
  ShBox original, moved;
  gint64 id = 0, same_id = 0;

  g_assert_nonnull (panel);
  activate (fixture, "win.new-box", NULL);
  original = stored_box (fixture, &id);
  WAIT_FOR (panel_shows (panel, original));
  assert_stored_swatch_shown (fixture, id, panel);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (canvas), "canvas.nudge", "(ii)", -60, -40));
  moved = stored_box (fixture, &same_id);
  g_assert_cmpint (same_id, ==, id);
  g_assert_cmpint (moved.x, ==, original.x - 60);
  g_assert_cmpint (moved.y, ==, original.y - 40);
  WAIT_FOR (panel_shows (panel, moved));
  assert_stored_swatch_shown (fixture, id, panel);

  activate (fixture, "win.undo", NULL);
  g_assert_cmpint (stored_box (fixture, &same_id).x, ==, original.x);
  WAIT_FOR (panel_shows (panel, original));
  assert_stored_swatch_shown (fixture, id, panel);

  activate (fixture, "win.redo", NULL);
  g_assert_cmpint (stored_box (fixture, &same_id).x, ==, moved.x);
  WAIT_FOR (panel_shows (panel, moved));
  assert_stored_swatch_shown (fixture, id, panel);
}

/* A large photo shows from a preview at the scale of the view, but the swatch panel and the store measure a
 * new box in the full photo: the same box, every pixel of it, the same colour. */
static void
test_measures_full_photo (Fixture *fixture, gconstpointer data)
{
  ShImageCanvas *canvas = sh_project_window_get_canvas (fixture->window);
  ShSwatchPanel *panel = find_swatch_panel (GTK_WIDGET (fixture->window));
  const ShSwatch *shown;
  ShBox box;
  gint64 id = 0;

  g_assert_nonnull (panel);
  g_assert_cmpint (sh_image_canvas_get_image_width (canvas), ==, 3200);
  g_assert_cmpint (sh_image_canvas_get_image_height (canvas), ==, 2400);
  g_assert_cmpfloat (sh_image_canvas_get_image_scale (canvas), <=, 0.5);

  activate (fixture, "win.new-box", NULL);
  box = stored_box (fixture, &id);
  /* A box measured in the preview would be clipped to the preview's size. */
  g_assert_cmpint (box.x + box.w, >, 3200 / 2);
  WAIT_FOR (panel_shows (panel, box));
  shown = sh_swatch_panel_get_swatch (panel, NULL);
  g_assert_cmpint (shown->total, ==, (gint64) box.w * box.h);
  assert_stored_swatch_shown (fixture, id, panel);
}

/* Whether the canvas draws a sharp part at full resolution over the whole visible area of the photo. */
static gboolean
visible_area_sharp (ShImageCanvas *canvas, gboolean with_margin)
{
  int x, y, width, height, step;
  double left, top, right, bottom;

  if (!sh_image_canvas_get_detail (canvas, &x, &y, &width, &height, &step) || step != 1)
    return FALSE;
  sh_image_canvas_widget_to_image (canvas, 0, 0, &left, &top);
  sh_image_canvas_widget_to_image (canvas, gtk_widget_get_width (GTK_WIDGET (canvas)),
                                   gtk_widget_get_height (GTK_WIDGET (canvas)), &right, &bottom);
  left = MAX (left, 0);
  top = MAX (top, 0);
  right = MIN (right, 3200);
  bottom = MIN (bottom, 2400);
  if (with_margin)
    return x < left && y < top && x + width > right && y + height > bottom;
  return x <= floor (left) && y <= floor (top) && x + width >= ceil (right) && y + height >= ceil (bottom);
}

/* Zoomed to 1:1 on a large photo shown from its preview, the visible area becomes sharp (decoded from the file
 * alone when the full decode is not there yet), then a margin around it for panning. */
static void
test_zoom_sharp (Fixture *fixture, gconstpointer data)
{
  ShImageCanvas *canvas = sh_project_window_get_canvas (fixture->window);

  g_assert_cmpfloat (sh_image_canvas_get_image_scale (canvas), <=, 0.5);
  g_assert_false (visible_area_sharp (canvas, FALSE));
  activate (fixture, "win.zoom-1", NULL);
  g_assert_cmpfloat_with_epsilon (sh_image_canvas_get_zoom (canvas), 1.0, 1e-9);
  WAIT_FOR (visible_area_sharp (canvas, FALSE));
  WAIT_FOR (visible_area_sharp (canvas, TRUE));
  /* Back to fit: the preview is enough, nothing more is asked for and the view stays as it was. */
  activate (fixture, "win.zoom-fit", NULL);
  g_assert_cmpfloat (sh_image_canvas_get_zoom (canvas), <, 0.5);
}

/* A change the store cannot save (its journal was deleted behind its back) is not shown as done: the banner
 * says so and what to do, and Reopen Project gives a connection that saves again. */
static void
test_save_failed (Fixture *fixture, gconstpointer data)
{
  g_autofree char *wal = g_strconcat (fixture->project_path, "-wal", NULL);
  g_autoptr (GArray) boxes = NULL;
  g_autoptr (GArray) after = NULL;

  g_assert_null (sh_project_window_get_save_failure (fixture->window));
  g_assert_cmpint (g_unlink (wal), ==, 0);
  g_test_expect_message ("shadelab-project", G_LOG_LEVEL_WARNING, "*write-ahead log*deleted*");
  g_test_expect_message ("shadelab-window", G_LOG_LEVEL_WARNING, "change not saved*");
  activate_and_settle (fixture, "win.new-box", NULL);
  g_test_assert_expected_messages ();
  g_assert_nonnull (sh_project_window_get_save_failure (fixture->window));
  g_assert_nonnull (strstr (sh_project_window_get_save_failure (fixture->window), "Reopen"));

  /* Closing records the time spent on the photo: refused the same way. */
  g_test_expect_message ("shadelab-window", G_LOG_LEVEL_WARNING, "labeling time*cannot be written*");
  activate (fixture, "win.reopen-project", NULL);
  g_test_assert_expected_messages ();
  g_assert_null (sh_project_window_get_save_failure (fixture->window));
  WAIT_FOR (sh_project_window_get_shown_image (fixture->window) != 0);
  boxes = stored_boxes (fixture, sh_project_window_get_shown_image (fixture->window));
  activate_and_settle (fixture, "win.new-box", NULL);
  g_assert_null (sh_project_window_get_save_failure (fixture->window));
  after = stored_boxes (fixture, sh_project_window_get_shown_image (fixture->window));
  g_assert_cmpuint (after->len, ==, boxes->len + 1);
}

/* A second window on the same project gets it read-only: its edit actions change nothing. */
static void
test_read_only (Fixture *fixture, gconstpointer data)
{
  g_autoptr (ShProjectWindow) viewer = g_object_ref_sink (sh_project_window_new (NULL));
  g_autoptr (GArray) boxes = NULL;

  gtk_window_present (GTK_WINDOW (viewer));
  g_assert_false (sh_project_window_open (viewer, fixture->project_path, SH_PROJECT_OPEN_READ_WRITE));
  g_assert_true (sh_project_window_open (viewer, fixture->project_path, SH_PROJECT_OPEN_READ_ONLY));
  g_assert_true (sh_project_window_is_read_only (viewer));
  WAIT_FOR (sh_project_window_get_shown_image (viewer) == 1);

  gtk_widget_activate_action (GTK_WIDGET (viewer), "win.new-box", NULL);
  gtk_widget_activate_action (GTK_WIDGET (viewer), "win.mark-done", NULL);
  boxes = stored_boxes (fixture, 1);
  g_assert_cmpuint (boxes->len, ==, 0);
  g_assert_cmpint (stored_status (fixture, 1, NULL), ==, SH_IMAGE_NEW);
  gtk_window_destroy (GTK_WINDOW (viewer));
}

/* One click on a row opens its photo, and the next box drawn goes on that photo, not the one shown before. */
static void
test_click_opens_photo (Fixture *fixture, gconstpointer data)
{
  ShImageCanvas *canvas = sh_project_window_get_canvas (fixture->window);
  g_autoptr (GArray) boxes = NULL;

  g_assert_cmpint (sh_project_window_get_shown_image (fixture->window), ==, 1);
  click_row (fixture, 2);
  g_assert_cmpint (sh_project_window_get_current_image (fixture->window), ==, 3);
  WAIT_FOR (sh_project_window_get_shown_image (fixture->window) == 3);
  g_assert_cmpint (sh_image_list_get_selected_id (image_list (fixture)), ==, 3);

  g_signal_emit_by_name (canvas, "box-drawn", 20.0, 30.0, 100.0, 120.0);
  boxes = stored_boxes (fixture, 3);
  g_assert_cmpuint (boxes->len, ==, 1);
  g_clear_pointer (&boxes, g_array_unref);
  boxes = stored_boxes (fixture, 1);
  g_assert_cmpuint (boxes->len, ==, 0);

  /* Selecting the photo's own row again changes nothing; D goes on from the clicked photo. */
  click_row (fixture, 2);
  g_assert_cmpint (sh_project_window_get_current_image (fixture->window), ==, 3);
  go_to_shown (fixture, "win.next-image", 4);
}

/* The ids of the project's photos by file name, Z to A (as the store sorts: ignoring ASCII case, then id). */
static GArray *
ids_by_name_descending (Fixture *fixture)
{
  sqlite3 *db = test_project_db (sh_project_window_get_project (fixture->window));
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *statement = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT id FROM images ORDER BY lower (file_name) DESC, id DESC", -1,
                                       &statement, NULL), ==, SQLITE_OK);
  while (sqlite3_step (statement) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (statement, 0);

      g_array_append_val (ids, id);
    }
  sqlite3_finalize (statement);
  return ids;
}

/* The sort menu orders the list, D / A follow that order, Ctrl+F searches file names and Escape leaves the
 * search. */
static void
test_sort_and_search (Fixture *fixture, gconstpointer data)
{
  ShImageList *list = image_list (fixture);
  ShImageListModel *model = sh_image_list_get_model (list);
  GtkWidget *entry = GTK_WIDGET (sh_image_list_get_search_entry (list));
  g_autoptr (GArray) by_name = ids_by_name_descending (fixture);
  GtkWidget *focus;
  gint64 found;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (list), "imagelist.sort", "s", "name-descending"));
  g_assert_cmpint (sh_image_list_model_get_sort (model), ==, SH_IMAGE_SORT_NAME);
  g_assert_true (sh_image_list_model_get_sort_descending (model));
  wait_for_list (fixture);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, by_name->len);
  for (guint p = 0; p < by_name->len; p++)
    g_assert_cmpint (sh_image_list_model_get_id (model, p), ==, g_array_index (by_name, gint64, p));
  g_assert_cmpstr (gtk_menu_button_get_icon_name (sh_image_list_get_sort_button (list)), ==,
                   "view-sort-descending-symbolic");

  /* D and A walk the sorted list. */
  click_row (fixture, 0);
  WAIT_FOR (sh_project_window_get_shown_image (fixture->window) == g_array_index (by_name, gint64, 0));
  go_to_shown (fixture, "win.next-image", g_array_index (by_name, gint64, 1));
  go_to_shown (fixture, "win.next-image", g_array_index (by_name, gint64, 2));
  go_to_shown (fixture, "win.previous-image", g_array_index (by_name, gint64, 1));

  /* Ctrl+F: the search entry has the focus. */
  activate (fixture, "win.filter", NULL);
  focus = gtk_root_get_focus (GTK_ROOT (fixture->window));
  g_assert_true (focus == entry || gtk_widget_is_ancestor (focus, entry));

  /* Typing narrows the list to the names containing the text (any case); the window shows one of them. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "SYNTH-0003");
  WAIT_FOR (g_strcmp0 (sh_image_list_model_get_search (model), "SYNTH-0003") == 0);
  wait_for_list (fixture);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
  found = sh_image_list_model_get_id (model, 0);
  WAIT_FOR (sh_project_window_get_shown_image (fixture->window) == found);
  /* The search keeps the keyboard: the photo shown did not take it. */
  focus = gtk_root_get_focus (GTK_ROOT (fixture->window));
  g_assert_true (focus == entry || gtk_widget_is_ancestor (focus, entry));
  /* A one-photo list has nothing after it. */
  activate_and_settle (fixture, "win.next-image", NULL);
  g_assert_cmpint (sh_project_window_get_current_image (fixture->window), ==, found);

  /* Escape: the search is cleared and the focus goes back to the photo. */
  g_signal_emit_by_name (entry, "stop-search");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");
  g_assert_cmpstr (sh_image_list_model_get_search (model), ==, "");
  wait_for_list (fixture);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 5);
  g_assert_true (gtk_root_get_focus (GTK_ROOT (fixture->window))
                 == GTK_WIDGET (sh_project_window_get_canvas (fixture->window)));
  g_assert_cmpint (sh_project_window_get_current_image (fixture->window), ==, found);
}

static ShImageItem *
list_item_of (Fixture *fixture, gint64 image_id)
{
  ShImageListModel *model = sh_image_list_get_model (image_list (fixture));
  guint position = sh_image_list_model_get_position (model, image_id);

  g_assert_cmpuint (position, !=, G_MAXUINT);
  return g_list_model_get_item (G_LIST_MODEL (model), position);
}

/* The list row says "model" only while the photo has predictions nobody accepted. */
static void
test_model_flag (Fixture *fixture, gconstpointer data)
{
  g_autoptr (ShImageItem) before = list_item_of (fixture, 4);
  g_autoptr (ShImageItem) after = NULL;

  g_assert_cmpuint (sh_image_item_get_n_model_boxes (before), ==, 1);
  click_row (fixture, 3);
  WAIT_FOR (sh_project_window_get_shown_image (fixture->window) == 4);
  activate (fixture, "win.accept-model", NULL);
  after = list_item_of (fixture, 4);
  g_assert_cmpuint (sh_image_item_get_n_model_boxes (after), ==, 0);
  g_assert_cmpuint (sh_image_item_get_n_boxes (after), ==, 1);
  g_clear_object (&after);

  /* Undone, it is a prediction again. */
  activate (fixture, "win.undo", NULL);
  after = list_item_of (fixture, 4);
  g_assert_cmpuint (sh_image_item_get_n_model_boxes (after), ==, 1);
}

/* Space on a photo with predictions nobody accepted asks first: cancel, finish without them, accept them. */
static void
test_done_asks (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GArray) boxes = NULL;

  click_row (fixture, 3);
  WAIT_FOR (sh_project_window_get_shown_image (fixture->window) == 4);

  /* Cancel: nothing changes. */
  activate (fixture, "win.mark-done", NULL);
  answer_done_dialog (fixture, "cancel");
  g_assert_cmpint (stored_status (fixture, 4, NULL), ==, SH_IMAGE_NEW);
  g_assert_cmpint (sh_project_window_get_current_image (fixture->window), ==, 4);
  assert_one_box (fixture, 4, FALSE);

  /* Finish without them: the predictions go, the photo is done, the window moves on. */
  activate (fixture, "win.mark-done", NULL);
  answer_done_dialog (fixture, "discard");
  g_assert_cmpint (stored_status (fixture, 4, NULL), ==, SH_IMAGE_LABELED);
  boxes = stored_boxes (fixture, 4);
  g_assert_cmpuint (boxes->len, ==, 0);
  g_clear_pointer (&boxes, g_array_unref);
  g_assert_cmpint (sh_project_window_get_current_image (fixture->window), !=, 4);

  /* Undo takes both steps back. */
  activate (fixture, "win.undo", NULL);
  g_assert_cmpint (stored_status (fixture, 4, NULL), ==, SH_IMAGE_NEW);
  WAIT_FOR (sh_project_window_get_shown_image (fixture->window) == 4);
  activate (fixture, "win.undo", NULL);
  assert_one_box (fixture, 4, FALSE);

  /* Accept and finish: the prediction becomes a label. */
  activate (fixture, "win.mark-done", NULL);
  answer_done_dialog (fixture, "accept");
  g_assert_cmpint (stored_status (fixture, 4, NULL), ==, SH_IMAGE_LABELED);
  assert_one_box (fixture, 4, TRUE);
  g_assert_null (find_message_dialog (fixture));
}

/* Whether widget's own (class) key bindings map accelerator to action. */
static gboolean
has_binding (GtkWidget *widget, const char *accelerator, const char *action)
{
  g_autoptr (GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr (GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr (GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          g_autofree char *trigger = gtk_shortcut_trigger_to_string (gtk_shortcut_get_trigger (shortcut));
          GtkShortcutAction *shortcut_action = gtk_shortcut_get_action (shortcut);

          if (g_str_equal (trigger, accelerator) && GTK_IS_NAMED_ACTION (shortcut_action)
              && g_str_equal (gtk_named_action_get_action_name (GTK_NAMED_ACTION (shortcut_action)), action))
            return TRUE;
        }
    }
  return FALSE;
}

/* The view keys are the window's, so they work with the focus anywhere in it (here in the search entry). */
static void
test_zoom_keys_anywhere (Fixture *fixture, gconstpointer data)
{
  ShImageCanvas *canvas = sh_project_window_get_canvas (fixture->window);
  GtkWidget *entry = GTK_WIDGET (sh_image_list_get_search_entry (image_list (fixture)));
  double fitted = sh_image_canvas_get_zoom (canvas);
  GtkWidget *focus;

  g_assert_true (has_binding (GTK_WIDGET (fixture->window), "<Control>plus", "win.zoom-in"));
  g_assert_true (has_binding (GTK_WIDGET (fixture->window), "<Control>minus", "win.zoom-out"));
  g_assert_true (has_binding (GTK_WIDGET (fixture->window), "<Control>0", "win.zoom-fit"));
  g_assert_true (has_binding (GTK_WIDGET (fixture->window), "<Control>1", "win.zoom-1"));

  activate (fixture, "win.filter", NULL);
  activate (fixture, "win.zoom-in", NULL);
  g_assert_cmpfloat (sh_image_canvas_get_zoom (canvas), >, fitted * 1.1);
  activate (fixture, "win.zoom-fit", NULL);
  g_assert_cmpfloat_with_epsilon (sh_image_canvas_get_zoom (canvas), fitted, 1e-9);
  activate (fixture, "win.zoom-1", NULL);
  g_assert_cmpfloat_with_epsilon (sh_image_canvas_get_zoom (canvas), 1.0, 1e-9);
  activate (fixture, "win.zoom-out", NULL);
  g_assert_cmpfloat (sh_image_canvas_get_zoom (canvas), <, 1.0);
  /* The keys did not pull the focus out of the search. */
  focus = gtk_root_get_focus (GTK_ROOT (fixture->window));
  g_assert_true (focus == entry || gtk_widget_is_ancestor (focus, entry));
}

/* Import into an empty project, as a drop does: on a worker, edits off meanwhile, then the first photo. */
static void
test_import (void)
{
  g_autofree char *dir = make_tmp_dir ("shadelab-project-window");
  g_autofree char *photos = g_build_filename (dir, "photos", NULL);
  g_autofree char *notes = g_build_filename (photos, "notes.txt", NULL);
  g_autofree char *project_path = g_build_filename (dir, "import.shadelab", NULL);
  g_autoptr (ShProjectWindow) window = g_object_ref_sink (sh_project_window_new (NULL));
  const char *paths[] = { photos, NULL };

  run_cli ((const char *[]) { "generate", photos, "--count", "3", "--size", "320x240", NULL });
  g_assert_true (g_file_set_contents (notes, "not a photo", -1, NULL));
  run_cli ((const char *[]) { "init", project_path, NULL });
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (sh_project_window_open (window, project_path, SH_PROJECT_OPEN_READ_WRITE));
  g_assert_cmpint (sh_project_window_get_current_image (window), ==, 0);

  sh_project_window_import (window, paths);
  g_assert_true (sh_project_window_is_importing (window));
  WAIT_FOR (!sh_project_window_is_importing (window));
  WAIT_FOR (sh_project_window_get_shown_image (window) != 0);

  g_assert_cmpint (query_int (sh_project_window_get_project (window), "SELECT count(*) FROM images"), ==, 3);

  /* Edits work again once the import is done. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.new-box", NULL);
  {
    g_autoptr (GArray) boxes = sh_project_list_boxes (sh_project_window_get_project (window),
                                                      sh_project_window_get_shown_image (window), NULL);

    g_assert_cmpuint (boxes->len, ==, 1);
  }

  /* The window closes its project (recording the labeling time) before the folder goes. */
  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_object (&window);
  spin (500);
  remove_tree (dir);
}

/* A team member's work package opens like a project: its photos show, a box drawn in it is saved there, and
 * merging the package brings the box back to the project. */
static void
test_shard_package (void)
{
  g_autofree char *dir = make_tmp_dir ("shadelab-project-window");
  g_autofree char *photos = g_build_filename (dir, "photos", NULL);
  g_autofree char *project_path = g_build_filename (dir, "team.shadelab", NULL);
  g_autofree char *packages = g_build_filename (dir, "packages", NULL);
  g_autofree char *package = g_build_filename (packages, "team-1-of-2.shadelab", NULL);
  g_autoptr (ShProjectWindow) window = g_object_ref_sink (sh_project_window_new (NULL));
  gint64 shown;
  int in_package;

  run_cli ((const char *[]) { "generate", photos, "--count", "4", "--size", "320x240", NULL });
  run_cli ((const char *[]) { "init", project_path, NULL });
  run_cli ((const char *[]) { "import", "-q", project_path, photos, NULL });
  run_cli ((const char *[]) { "shard", "split", project_path, "--into", "2", "--out", packages, NULL });

  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (sh_project_window_open (window, package, SH_PROJECT_OPEN_READ_WRITE));
  in_package = query_int (sh_project_window_get_project (window), "SELECT count(*) FROM images");
  g_assert_cmpint (in_package, >, 0);
  g_assert_cmpint (in_package, <, 4);
  WAIT_FOR (sh_project_window_get_shown_image (window) != 0);
  shown = sh_project_window_get_shown_image (window);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.new-box", NULL);
  {
    g_autoptr (GArray) boxes = sh_project_list_boxes (sh_project_window_get_project (window), shown, NULL);

    g_assert_cmpuint (boxes->len, ==, 1);
  }
  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_object (&window);
  spin (500);

  run_cli ((const char *[]) { "shard", "merge", project_path, package, NULL });
  {
    g_autoptr (ShProject) project = sh_project_open (project_path, SH_PROJECT_OPEN_READ_ONLY, NULL);
    g_autoptr (GArray) boxes = NULL;

    g_assert_nonnull (project);
    boxes = sh_project_list_boxes (project, shown, NULL);
    g_assert_cmpuint (boxes->len, ==, 1);
  }
  remove_tree (dir);
}

/* A project path that does not exist: the window says so and has no project. */
static void
test_missing_project (void)
{
  g_autoptr (ShProjectWindow) window = g_object_ref_sink (sh_project_window_new (NULL));

  g_assert_false (sh_project_window_open (window, "/nonexistent/nothing.shadelab", SH_PROJECT_OPEN_READ_WRITE));
  g_assert_null (sh_project_window_get_path (window));
  g_assert_null (sh_project_window_get_project (window));
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
is_status_page_saying (GtkWidget *widget, gconstpointer text)
{
  return ADW_IS_STATUS_PAGE (widget) && adw_status_page_get_description (ADW_STATUS_PAGE (widget)) != NULL
         && strstr (adw_status_page_get_description (ADW_STATUS_PAGE (widget)), text) != NULL;
}

/* The status page whose description contains text, anywhere under widget. */
static AdwStatusPage *
find_status_page (GtkWidget *widget, const char *text)
{
  return ADW_STATUS_PAGE (find_widget (widget, is_status_page_saying, text));
}

/* A crafted project (a trigger that deletes the photos when a box is added): not opened, and the window says
 * why, naming the file and the trigger. */
static void
test_untrusted_project (void)
{
  g_autofree char *dir = make_tmp_dir ("shadelab-project-window");
  g_autofree char *path = g_build_filename (dir, "crafted.shadelab", NULL);
  g_autoptr (ShProjectWindow) window = g_object_ref_sink (sh_project_window_new (NULL));
  sqlite3 *db = NULL;

  run_cli ((const char *[]) { "init", path, NULL });
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TRIGGER wipe AFTER INSERT ON boxes BEGIN DELETE FROM images; END",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  g_assert_false (sh_project_window_open (window, path, SH_PROJECT_OPEN_READ_WRITE));
  g_assert_null (sh_project_window_get_project (window));
  g_assert_nonnull (find_status_page (GTK_WIDGET (window),
                                      "'crafted.shadelab' contains a trigger 'wipe' on 'boxes' that Shadelab does "
                                      "not create: the file was altered; it is not opened"));
  gtk_window_destroy (GTK_WINDOW (window));
  remove_tree (dir);
}

int
main (int argc, char *argv[])
{
  if (!test_gtk_init (&argc, &argv))
    return 77;
  if (g_getenv ("SHADELAB_BUILD_DIR") == NULL)
    {
      g_printerr ("SHADELAB_BUILD_DIR is not set\n");
      return 77;
    }

  g_test_add ("/project-window/navigation", Fixture, NULL, fixture_set_up, test_navigation, fixture_tear_down);
  g_test_add ("/project-window/box-editing", Fixture, NULL, fixture_set_up, test_box_editing, fixture_tear_down);
  g_test_add ("/project-window/image-status", Fixture, NULL, fixture_set_up, test_image_status, fixture_tear_down);
  g_test_add ("/project-window/undo-swatch", Fixture, NULL, fixture_set_up, test_undo_swatch, fixture_tear_down);
  g_test_add ("/project-window/read-only", Fixture, NULL, fixture_set_up, test_read_only, fixture_tear_down);
  g_test_add ("/project-window/save-failed", Fixture, NULL, fixture_set_up, test_save_failed, fixture_tear_down);
  g_test_add ("/project-window/click-opens-photo", Fixture, NULL, fixture_set_up, test_click_opens_photo,
              fixture_tear_down);
  g_test_add ("/project-window/sort-and-search", Fixture, NULL, fixture_set_up, test_sort_and_search,
              fixture_tear_down);
  g_test_add ("/project-window/model-flag", Fixture, NULL, fixture_set_up, test_model_flag, fixture_tear_down);
  g_test_add ("/project-window/done-asks", Fixture, NULL, fixture_set_up, test_done_asks, fixture_tear_down);
  g_test_add ("/project-window/zoom-sharp", Fixture, "3200x2400", fixture_set_up, test_zoom_sharp, fixture_tear_down);
  g_test_add ("/project-window/measures-full-photo", Fixture, "3200x2400", fixture_set_up, test_measures_full_photo,
              fixture_tear_down);
  g_test_add ("/project-window/zoom-keys-anywhere", Fixture, NULL, fixture_set_up, test_zoom_keys_anywhere,
              fixture_tear_down);
  g_test_add_func ("/project-window/missing-project", test_missing_project);
  g_test_add_func ("/project-window/untrusted-project", test_untrusted_project);
  g_test_add_func ("/project-window/import", test_import);
  g_test_add_func ("/project-window/shard-package", test_shard_package);
  return g_test_run ();
}
