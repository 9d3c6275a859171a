/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-edit-history.c: undo and redo of labeling edits on a real project file: every kind of edit, across
 * images, redo cleared by a new edit, nothing to undo after reopening but exactly the committed state, store
 * errors that leave the history as it was, and swatches that follow every box write (undo and redo included)
 * in the same transaction, checked against a generated photo and the CSV export. */
#define G_LOG_DOMAIN "shadelab-test-edit-history"

#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "color/delta-e.h"
#include "color/synth.h"
#include "core/models/edit-history.h"
#include "core/formats/export.h"
#include "core/formats/image-loader.h"
#include "core/store/project.h"
#include "core/formats/synth-writer.h"
#include "tests/lib/project-db.h"
#include "tests/lib/test-fs.h"
#include "tests/lib/test-store.h"

typedef struct {
  char *dir;
  char *path;
  ShProject *project;
  ShEditHistory *history;
  gint64 image_a, image_b;
  gint64 last_changed_image;
  guint n_changed;
  guint n_can_undo_notifies;
} Fixture;

static void
on_changed (ShEditHistory *history, gint64 image_id, gpointer user_data)
{
  Fixture *fixture = user_data;
  fixture->last_changed_image = image_id;
  fixture->n_changed++;
}

static void
on_can_undo (GObject *object, GParamSpec *pspec, gpointer user_data)
{
  Fixture *fixture = user_data;
  fixture->n_can_undo_notifies++;
}

static gint64
add_image (ShProject *project, const char *dir, const char *name, const char *hash)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  gboolean added = FALSE;
  gint64 id = add_image_row (project, path, hash, 1000, 800, &added);

  g_assert_true (added);
  return id;
}

static void
attach_history (Fixture *fixture)
{
  fixture->history = sh_edit_history_new (fixture->project, "ana");
  g_signal_connect (fixture->history, "changed", G_CALLBACK (on_changed), fixture);
  g_signal_connect (fixture->history, "notify::can-undo", G_CALLBACK (on_can_undo), fixture);
}

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  fixture->project = create_project_in_tmp_dir ("shadelab-history", "history.shadelab", &fixture->dir,
                                                &fixture->path);
  fixture->image_a = add_image (fixture->project, fixture->dir, "a.jpg",
                                "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
  fixture->image_b = add_image (fixture->project, fixture->dir, "b.jpg",
                                "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb");
  attach_history (fixture);
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  g_clear_object (&fixture->history);
  g_clear_pointer (&fixture->project, sh_project_close);
  remove_tree (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

/* ---- helpers ---- */

static ShBoxRow
human_box (gint64 image_id, double x, double y, double w, double h)
{
  ShBoxRow row = {
    .image_id = image_id, .class_name = "product", .x = x, .y = y, .w = w, .h = h,
    .source = SH_BOX_SOURCE_HUMAN, .score = -1, .labeler = "ana",
  };
  return row;
}

static void
assert_box_equal (const ShBoxRow *a, const ShBoxRow *b)
{
  g_assert_cmpint (a->id, ==, b->id);
  g_assert_cmpint (a->image_id, ==, b->image_id);
  g_assert_cmpstr (a->class_name, ==, b->class_name);
  g_assert_cmpfloat (a->x, ==, b->x);
  g_assert_cmpfloat (a->y, ==, b->y);
  g_assert_cmpfloat (a->w, ==, b->w);
  g_assert_cmpfloat (a->h, ==, b->h);
  g_assert_cmpint (a->source, ==, b->source);
  g_assert_cmpfloat (a->score, ==, b->score);
  g_assert_cmpint (!a->accepted, ==, !b->accepted);
  g_assert_cmpstr (a->labeler, ==, b->labeler);
  g_assert_cmpint (!a->occluded, ==, !b->occluded);
  g_assert_cmpint (!a->truncated, ==, !b->truncated);
  g_assert_cmpint (!a->difficult, ==, !b->difficult);
}

static void
get_box (Fixture *fixture, gint64 id, ShBoxRow *row)
{
  g_autoptr (GError) error = NULL;
  g_assert_true (sh_project_get_box (fixture->project, id, row, &error));
  g_assert_no_error (error);
}

static guint
count_boxes (Fixture *fixture, gint64 image_id)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) rows = sh_project_list_boxes (fixture->project, image_id, &error);
  g_assert_no_error (error);
  return rows->len;
}

static gboolean
box_exists (Fixture *fixture, gint64 id)
{
  g_auto (ShBoxRow) row = { 0 };
  g_autoptr (GError) error = NULL;
  gboolean found = sh_project_get_box (fixture->project, id, &row, &error);
  if (!found)
    g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_INVALID);
  return found;
}

static void
undo (Fixture *fixture)
{
  g_autoptr (GError) error = NULL;
  g_assert_true (sh_edit_history_undo (fixture->history, &error));
  g_assert_no_error (error);
}

static void
redo (Fixture *fixture)
{
  g_autoptr (GError) error = NULL;
  g_assert_true (sh_edit_history_redo (fixture->history, &error));
  g_assert_no_error (error);
}

static gint64
add_box (Fixture *fixture, const ShBoxRow *row)
{
  g_autoptr (GError) error = NULL;
  gint64 id = 0;
  g_assert_true (sh_edit_history_add_box (fixture->history, row, &id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static void
update_box (Fixture *fixture, const ShBoxRow *row)
{
  g_autoptr (GError) error = NULL;
  g_assert_true (sh_edit_history_update_box (fixture->history, row, &error));
  g_assert_no_error (error);
}

static char *
image_status (Fixture *fixture, gint64 image_id, char **reason)
{
  sqlite3_stmt *stmt = NULL;
  char *status;

  g_assert_cmpint (sqlite3_prepare_v2 (test_project_db (fixture->project),
                                       "SELECT status, status_reason FROM images WHERE id = ?1", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, image_id);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  status = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  *reason = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  sqlite3_finalize (stmt);
  return status;
}

/* ---- tests ---- */

static void
test_add (Fixture *fixture, gconstpointer data)
{
  ShBoxRow row = human_box (fixture->image_a, 100, 120, 200, 300);
  g_auto (ShBoxRow) stored = { 0 };
  g_auto (ShBoxRow) again = { 0 };
  gint64 id;

  g_assert_false (sh_edit_history_can_undo (fixture->history));
  g_assert_null (sh_edit_history_get_undo_label (fixture->history));

  /* Partly outside the image: the store clips it, and the history remembers the clipped box. */
  row.x = 900;
  id = add_box (fixture, &row);
  g_assert_true (sh_edit_history_can_undo (fixture->history));
  g_assert_false (sh_edit_history_can_redo (fixture->history));
  g_assert_cmpstr (sh_edit_history_get_undo_label (fixture->history), ==, "Undo Add Box");
  g_assert_cmpint (fixture->last_changed_image, ==, fixture->image_a);
  g_assert_cmpuint (fixture->n_changed, ==, 1);
  g_assert_cmpuint (fixture->n_can_undo_notifies, ==, 1);
  get_box (fixture, id, &stored);
  g_assert_cmpfloat (stored.x, ==, 900);
  g_assert_cmpfloat (stored.w, ==, 100);

  undo (fixture);
  g_assert_false (box_exists (fixture, id));
  g_assert_false (sh_edit_history_can_undo (fixture->history));
  g_assert_true (sh_edit_history_can_redo (fixture->history));
  g_assert_cmpstr (sh_edit_history_get_redo_label (fixture->history), ==, "Redo Add Box");
  g_assert_cmpuint (fixture->n_changed, ==, 2);
  g_assert_cmpuint (fixture->n_can_undo_notifies, ==, 2);

  redo (fixture);
  get_box (fixture, id, &again);
  assert_box_equal (&again, &stored);
  g_assert_cmpuint (count_boxes (fixture, fixture->image_a), ==, 1);
  g_assert_false (sh_edit_history_can_redo (fixture->history));

  /* Nothing left to redo: an error, and nothing changes. */
  {
    g_autoptr (GError) error = NULL;
    g_assert_false (sh_edit_history_redo (fixture->history, &error));
    g_assert_nonnull (error);
    g_assert_cmpuint (count_boxes (fixture, fixture->image_a), ==, 1);
  }
}

/* Each kind of box change: the label names it, undo gives back exactly the row before, redo the row after. */
static void
test_box_changes (Fixture *fixture, gconstpointer data)
{
  ShBoxRow row = human_box (fixture->image_a, 100, 100, 200, 300);
  g_auto (ShBoxRow) original = { 0 };
  const struct {
    const char *label;
    double x, y, w, h;
    const char *class_name;
    gboolean occluded, difficult;
  } changes[] = {
    { "Undo Move Box", 110, 95, 200, 300, "product", FALSE, FALSE },
    { "Undo Resize Box", 110, 95, 250, 280, "product", FALSE, FALSE },
    { "Undo Change Box Class", 110, 95, 250, 280, "packaging", FALSE, FALSE },
    { "Undo Change Box Flags", 110, 95, 250, 280, "packaging", TRUE, FALSE },
    { "Undo Edit Box", 0, 0, 50, 50, "distractor", TRUE, TRUE },
  };
  ShBoxRow states[G_N_ELEMENTS (changes) + 1];
  gint64 id = add_box (fixture, &row);

  get_box (fixture, id, &original);
  for (size_t i = 0; i < G_N_ELEMENTS (changes); i++)
    {
      ShBoxRow change = original;
      change.x = changes[i].x;
      change.y = changes[i].y;
      change.w = changes[i].w;
      change.h = changes[i].h;
      change.class_name = changes[i].class_name;
      change.occluded = changes[i].occluded;
      change.difficult = changes[i].difficult;
      update_box (fixture, &change);
      g_assert_cmpstr (sh_edit_history_get_undo_label (fixture->history), ==, changes[i].label);
    }
  g_assert_cmpuint (fixture->n_changed, ==, 1 + G_N_ELEMENTS (changes));

  /* An update that changes nothing is no step. */
  {
    g_auto (ShBoxRow) current = { 0 };
    get_box (fixture, id, &current);
    update_box (fixture, &current);
    g_assert_cmpuint (fixture->n_changed, ==, 1 + G_N_ELEMENTS (changes));
    g_assert_cmpstr (sh_edit_history_get_undo_label (fixture->history), ==, "Undo Edit Box");
  }

  /* Undo walks back through every state. */
  get_box (fixture, id, &states[G_N_ELEMENTS (changes)]);
  for (size_t i = G_N_ELEMENTS (changes); i-- > 0;)
    {
      g_autofree char *redo_label = g_strconcat ("Redo", changes[i].label + strlen ("Undo"), NULL);
      undo (fixture);
      get_box (fixture, id, &states[i]);
      if (i == 0)
        assert_box_equal (&states[i], &original);
      else
        {
          g_assert_cmpfloat (states[i].x, ==, changes[i - 1].x);
          g_assert_cmpfloat (states[i].w, ==, changes[i - 1].w);
          g_assert_cmpstr (states[i].class_name, ==, changes[i - 1].class_name);
          g_assert_cmpint (!states[i].occluded, ==, !changes[i - 1].occluded);
        }
      g_assert_cmpstr (sh_edit_history_get_redo_label (fixture->history), ==, redo_label);
    }
  /* And redo forwards again, to the same rows. */
  for (size_t i = 1; i <= G_N_ELEMENTS (changes); i++)
    {
      g_auto (ShBoxRow) current = { 0 };
      redo (fixture);
      get_box (fixture, id, &current);
      assert_box_equal (&current, &states[i]);
    }
  for (size_t i = 0; i <= G_N_ELEMENTS (changes); i++)
    sh_box_row_clear (&states[i]);
}

static void
test_delete (Fixture *fixture, gconstpointer data)
{
  ShBoxRow row = human_box (fixture->image_a, 10, 20, 30, 40);
  ShBoxRow other = human_box (fixture->image_a, 500, 500, 60, 60);
  g_auto (ShBoxRow) before = { 0 };
  g_auto (ShBoxRow) restored = { 0 };
  g_autoptr (GError) error = NULL;
  gint64 id, other_id;

  row.class_name = "packaging";
  row.occluded = TRUE;
  row.truncated = TRUE;
  id = add_box (fixture, &row);
  other_id = add_box (fixture, &other);
  get_box (fixture, id, &before);

  g_assert_true (sh_edit_history_delete_box (fixture->history, id, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (sh_edit_history_get_undo_label (fixture->history), ==, "Undo Delete Box");
  g_assert_false (box_exists (fixture, id));
  g_assert_true (box_exists (fixture, other_id));

  undo (fixture);
  get_box (fixture, id, &restored);
  assert_box_equal (&restored, &before);
  g_assert_cmpuint (count_boxes (fixture, fixture->image_a), ==, 2);

  redo (fixture);
  g_assert_false (box_exists (fixture, id));
  undo (fixture);
  g_assert_true (box_exists (fixture, id));

  /* Deleting a box that is not there is refused and records nothing. */
  g_assert_false (sh_edit_history_delete_box (fixture->history, 9999, &error));
  g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_INVALID);
  g_assert_cmpstr (sh_edit_history_get_redo_label (fixture->history), ==, "Redo Delete Box");
}

static void
test_duplicate (Fixture *fixture, gconstpointer data)
{
  ShBoxRow model = human_box (fixture->image_a, 895, 30, 100, 50);
  g_auto (ShBoxRow) copy = { 0 };
  g_auto (ShBoxRow) again = { 0 };
  g_autoptr (GError) error = NULL;
  gint64 id = 0, copy_id = 0;

  /* A model box near the right edge: the copy is the labeler's, moved left (no room on the right), down. */
  model.source = SH_BOX_SOURCE_MODEL;
  model.score = 0.8;
  model.labeler = "detector-v2";
  model.occluded = TRUE;
  g_assert_true (sh_project_save_box (fixture->project, &model, &id, &error));
  g_assert_no_error (error);

  g_assert_true (sh_edit_history_duplicate_box (fixture->history, id, &copy_id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (copy_id, !=, id);
  g_assert_cmpstr (sh_edit_history_get_undo_label (fixture->history), ==, "Undo Duplicate Box");
  get_box (fixture, copy_id, &copy);
  g_assert_cmpfloat (copy.x, ==, 885);
  g_assert_cmpfloat (copy.y, ==, 40);
  g_assert_cmpfloat (copy.w, ==, 100);
  g_assert_cmpfloat (copy.h, ==, 50);
  g_assert_cmpstr (copy.class_name, ==, "product");
  g_assert_cmpint (copy.source, ==, SH_BOX_SOURCE_HUMAN);
  g_assert_cmpfloat (copy.score, <, 0);
  g_assert_cmpstr (copy.labeler, ==, "ana");
  g_assert_true (copy.occluded);

  undo (fixture);
  g_assert_false (box_exists (fixture, copy_id));
  g_assert_true (box_exists (fixture, id));
  redo (fixture);
  get_box (fixture, copy_id, &again);
  assert_box_equal (&again, &copy);
}

static void
test_status (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *status = NULL;
  g_autofree char *reason = NULL;

  g_assert_true (sh_edit_history_set_image_status (fixture->history, fixture->image_a, SH_IMAGE_LABELED, NULL,
                                                   &error));
  g_assert_cmpstr (sh_edit_history_get_undo_label (fixture->history), ==, "Undo Mark Image Labeled");
  g_assert_true (sh_edit_history_set_image_status (fixture->history, fixture->image_a, SH_IMAGE_REJECTED,
                                                   "blurry", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (sh_edit_history_get_undo_label (fixture->history), ==, "Undo Reject Image");
  /* The same status again is no step. */
  g_assert_true (sh_edit_history_set_image_status (fixture->history, fixture->image_a, SH_IMAGE_REJECTED,
                                                   "blurry", &error));
  g_assert_cmpuint (fixture->n_changed, ==, 2);

  status = image_status (fixture, fixture->image_a, &reason);
  g_assert_cmpstr (status, ==, "rejected");
  g_assert_cmpstr (reason, ==, "blurry");
  g_clear_pointer (&status, g_free);
  g_clear_pointer (&reason, g_free);

  undo (fixture);
  status = image_status (fixture, fixture->image_a, &reason);
  g_assert_cmpstr (status, ==, "labeled");
  g_assert_null (reason);
  g_clear_pointer (&status, g_free);

  undo (fixture);
  status = image_status (fixture, fixture->image_a, &reason);
  g_assert_cmpstr (status, ==, "new");
  g_clear_pointer (&status, g_free);

  redo (fixture);
  redo (fixture);
  status = image_status (fixture, fixture->image_a, &reason);
  g_assert_cmpstr (status, ==, "rejected");
  g_assert_cmpstr (reason, ==, "blurry");
  g_clear_pointer (&status, g_free);
  g_clear_pointer (&reason, g_free);

  g_assert_true (sh_edit_history_set_image_status (fixture->history, fixture->image_b, SH_IMAGE_SKIPPED,
                                                   "not a lipstick", &error));
  g_assert_cmpstr (sh_edit_history_get_undo_label (fixture->history), ==, "Undo Skip Image");
  g_assert_false (sh_edit_history_set_image_status (fixture->history, 4242, SH_IMAGE_SKIPPED, NULL, &error));
  g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_INVALID);
  g_assert_cmpstr (sh_edit_history_get_undo_label (fixture->history), ==, "Undo Skip Image");
}

static void
test_accept_model (Fixture *fixture, gconstpointer data)
{
  ShBoxRow model = human_box (fixture->image_a, 100, 100, 100, 100);
  ShBoxRow human = human_box (fixture->image_a, 300, 300, 100, 100);
  g_auto (ShBoxRow) before = { 0 };
  g_auto (ShBoxRow) accepted = { 0 };
  g_auto (ShBoxRow) undone = { 0 };
  g_autoptr (GError) error = NULL;
  gint64 model_id = 0, human_id;

  model.source = SH_BOX_SOURCE_MODEL;
  model.score = 0.91;
  model.labeler = NULL;
  g_assert_true (sh_project_save_box (fixture->project, &model, &model_id, &error));
  g_assert_no_error (error);
  get_box (fixture, model_id, &before);
  human_id = add_box (fixture, &human);

  g_assert_false (sh_edit_history_accept_model_box (fixture->history, human_id, &error));
  g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpstr (sh_edit_history_get_undo_label (fixture->history), ==, "Undo Add Box");

  g_assert_true (sh_edit_history_accept_model_box (fixture->history, model_id, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (sh_edit_history_get_undo_label (fixture->history), ==, "Undo Accept Model Box");
  get_box (fixture, model_id, &accepted);
  g_assert_true (accepted.accepted);
  g_assert_cmpstr (accepted.labeler, ==, "ana");
  g_assert_cmpint (accepted.source, ==, SH_BOX_SOURCE_MODEL);
  g_assert_cmpfloat_with_epsilon (accepted.score, 0.91, 1e-12);

  undo (fixture);
  get_box (fixture, model_id, &undone);
  assert_box_equal (&undone, &before);
  g_assert_false (undone.accepted);
  g_assert_null (undone.labeler);
}

static void
test_across_images (Fixture *fixture, gconstpointer data)
{
  ShBoxRow on_a = human_box (fixture->image_a, 10, 10, 50, 50);
  ShBoxRow on_b = human_box (fixture->image_b, 20, 20, 50, 50);
  g_autoptr (GError) error = NULL;

  add_box (fixture, &on_a);
  g_assert_true (sh_edit_history_set_image_status (fixture->history, fixture->image_a, SH_IMAGE_LABELED, NULL,
                                                   &error));
  add_box (fixture, &on_b);
  add_box (fixture, &on_b);
  g_assert_cmpint (fixture->last_changed_image, ==, fixture->image_b);

  g_assert_cmpint (sh_edit_history_get_undo_image (fixture->history), ==, fixture->image_b);
  undo (fixture);
  g_assert_cmpint (fixture->last_changed_image, ==, fixture->image_b);
  undo (fixture);
  g_assert_cmpuint (count_boxes (fixture, fixture->image_b), ==, 0);
  g_assert_cmpint (sh_edit_history_get_undo_image (fixture->history), ==, fixture->image_a);
  undo (fixture);
  g_assert_cmpint (fixture->last_changed_image, ==, fixture->image_a);
  undo (fixture);
  g_assert_cmpint (fixture->last_changed_image, ==, fixture->image_a);
  g_assert_cmpuint (count_boxes (fixture, fixture->image_a), ==, 0);
  g_assert_false (sh_edit_history_can_undo (fixture->history));
  g_assert_cmpint (sh_edit_history_get_redo_image (fixture->history), ==, fixture->image_a);

  redo (fixture);
  redo (fixture);
  redo (fixture);
  g_assert_cmpint (fixture->last_changed_image, ==, fixture->image_b);
  g_assert_cmpuint (count_boxes (fixture, fixture->image_a), ==, 1);
  g_assert_cmpuint (count_boxes (fixture, fixture->image_b), ==, 1);
}

static void
test_redo_cleared (Fixture *fixture, gconstpointer data)
{
  ShBoxRow row = human_box (fixture->image_a, 10, 10, 50, 50);
  gint64 first, second;

  first = add_box (fixture, &row);
  second = add_box (fixture, &row);
  undo (fixture);
  g_assert_true (sh_edit_history_can_redo (fixture->history));
  g_assert_false (box_exists (fixture, second));

  row.x = 200;
  add_box (fixture, &row);
  g_assert_false (sh_edit_history_can_redo (fixture->history));
  g_assert_null (sh_edit_history_get_redo_label (fixture->history));
  g_assert_cmpuint (count_boxes (fixture, fixture->image_a), ==, 2);
  undo (fixture);
  undo (fixture);
  g_assert_false (box_exists (fixture, first));
  g_assert_false (sh_edit_history_can_undo (fixture->history));
}

/* The history is the session's: a reopened project offers nothing to undo, and holds exactly what was
 * committed, including the effect of undos. */
static void
test_reopen (Fixture *fixture, gconstpointer data)
{
  ShBoxRow row = human_box (fixture->image_a, 10, 10, 50, 50);
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) before_close = NULL;
  g_autoptr (GArray) after_open = NULL;
  gint64 kept, moved, undone;

  kept = add_box (fixture, &row);
  moved = add_box (fixture, &row);
  {
    g_auto (ShBoxRow) current = { 0 };
    get_box (fixture, moved, &current);
    current.x = 333;
    update_box (fixture, &current);
  }
  row.y = 400;
  undone = add_box (fixture, &row);
  g_assert_true (sh_edit_history_delete_box (fixture->history, kept, &error));
  g_assert_no_error (error);
  undo (fixture);  /* kept is back */
  undo (fixture);  /* undone is gone */
  before_close = sh_project_list_boxes (fixture->project, fixture->image_a, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (before_close->len, ==, 2);

  g_clear_object (&fixture->history);
  g_clear_pointer (&fixture->project, sh_project_close);
  fixture->project = sh_project_open (fixture->path, SH_PROJECT_OPEN_READ_WRITE, &error);
  g_assert_no_error (error);
  attach_history (fixture);
  g_assert_false (sh_edit_history_can_undo (fixture->history));
  g_assert_false (sh_edit_history_can_redo (fixture->history));

  after_open = sh_project_list_boxes (fixture->project, fixture->image_a, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (after_open->len, ==, before_close->len);
  for (guint i = 0; i < after_open->len; i++)
    assert_box_equal (&g_array_index (after_open, ShBoxRow, i), &g_array_index (before_close, ShBoxRow, i));
  g_assert_cmpint (g_array_index (after_open, ShBoxRow, 0).id, ==, kept);
  g_assert_cmpfloat (g_array_index (after_open, ShBoxRow, 1).x, ==, 333);
  g_assert_false (box_exists (fixture, undone));
}

/* A read-only project refuses every edit: the history stays empty. */
static void
test_read_only (Fixture *fixture, gconstpointer data)
{
  ShBoxRow row = human_box (fixture->image_a, 10, 10, 50, 50);
  g_autoptr (GError) error = NULL;
  gint64 id = 0;

  g_clear_object (&fixture->history);
  g_clear_pointer (&fixture->project, sh_project_close);
  fixture->project = sh_project_open (fixture->path, SH_PROJECT_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  attach_history (fixture);

  g_assert_false (sh_edit_history_add_box (fixture->history, &row, &id, &error));
  g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_READ_ONLY);
  g_clear_error (&error);
  g_assert_false (sh_edit_history_set_image_status (fixture->history, fixture->image_a, SH_IMAGE_LABELED, NULL,
                                                    &error));
  g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_READ_ONLY);
  g_assert_false (sh_edit_history_can_undo (fixture->history));
  g_assert_cmpuint (fixture->n_changed, ==, 0);
  g_assert_cmpuint (fixture->n_can_undo_notifies, ==, 0);
  g_assert_cmpuint (count_boxes (fixture, fixture->image_a), ==, 0);
}

/* Another connection holds the write lock: undo, redo and a new edit fail with the store's error and leave
 * the history (and its redo steps) exactly as they were; once the lock is gone, they work. */
static void
test_store_busy (Fixture *fixture, gconstpointer data)
{
  ShBoxRow row = human_box (fixture->image_a, 10, 10, 50, 50);
  g_autoptr (GError) error = NULL;
  sqlite3 *other = NULL;
  gint64 first, second;
  guint changed;

  first = add_box (fixture, &row);
  second = add_box (fixture, &row);
  undo (fixture);
  changed = fixture->n_changed;

  g_assert_cmpint (sqlite3_open (fixture->path, &other), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (other, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);

  g_assert_false (sh_edit_history_undo (fixture->history, &error));
  g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_IN_USE);
  g_clear_error (&error);
  g_assert_false (sh_edit_history_redo (fixture->history, &error));
  g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_IN_USE);
  g_clear_error (&error);
  g_assert_false (sh_edit_history_add_box (fixture->history, &row, NULL, &error));
  g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_IN_USE);
  g_clear_error (&error);

  g_assert_cmpuint (fixture->n_changed, ==, changed);
  g_assert_true (sh_edit_history_can_undo (fixture->history));
  g_assert_true (sh_edit_history_can_redo (fixture->history));
  g_assert_cmpstr (sh_edit_history_get_undo_label (fixture->history), ==, "Undo Add Box");
  g_assert_cmpstr (sh_edit_history_get_redo_label (fixture->history), ==, "Redo Add Box");
  g_assert_true (box_exists (fixture, first));
  g_assert_false (box_exists (fixture, second));

  g_assert_cmpint (sqlite3_exec (other, "ROLLBACK", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (other);

  redo (fixture);
  g_assert_true (box_exists (fixture, second));
  undo (fixture);
  undo (fixture);
  g_assert_cmpuint (count_boxes (fixture, fixture->image_a), ==, 0);
  g_assert_false (sh_edit_history_can_undo (fixture->history));
}

/* Boxes changed behind the history's back: a step that no longer fits the project fails with the store's
 * error and stays for a later try, until the history is cleared. */
static void
test_changed_elsewhere (Fixture *fixture, gconstpointer data)
{
  ShBoxRow row = human_box (fixture->image_a, 10, 10, 50, 50);
  g_auto (ShBoxRow) stored = { 0 };
  g_autoptr (GError) error = NULL;
  gint64 id, other_id = 0;

  /* Deleted elsewhere: undoing its addition finds no box. */
  id = add_box (fixture, &row);
  g_assert_true (sh_project_delete_box (fixture->project, id, &error));
  g_assert_false (sh_edit_history_undo (fixture->history, &error));
  g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (sh_edit_history_can_undo (fixture->history));
  g_assert_cmpstr (sh_edit_history_get_undo_label (fixture->history), ==, "Undo Add Box");

  /* Put back elsewhere: undoing its deletion finds its id taken. */
  g_assert_true (sh_project_save_box (fixture->project, &row, &other_id, &error));
  g_assert_cmpint (other_id, !=, id);  /* ids of deleted boxes are never given out again */
  get_box (fixture, other_id, &stored);
  g_assert_true (sh_edit_history_delete_box (fixture->history, other_id, &error));
  g_assert_true (sh_project_restore_box (fixture->project, &stored, &error));
  g_assert_false (sh_edit_history_undo (fixture->history, &error));
  g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_INVALID);
  g_assert_true (strstr (error->message, "another box has its id") != NULL);
  g_clear_error (&error);
  g_assert_cmpstr (sh_edit_history_get_undo_label (fixture->history), ==, "Undo Delete Box");
  g_assert_false (sh_edit_history_can_redo (fixture->history));

  sh_edit_history_clear (fixture->history);
  g_assert_false (sh_edit_history_can_undo (fixture->history));
  g_assert_false (sh_edit_history_can_redo (fixture->history));
}

/* ---- swatches follow the boxes ---- */

/* A real photo with two lipsticks of clearly different colours side by side, each in its own half, and the
 * label box of each. */
typedef struct {
  char *path;
  gint64 image_id;
  ShBox left, right;
} TwoShades;

static void
two_shades_clear (TwoShades *photo)
{
  g_free (photo->path);
}

static void
add_two_shade_photo (Fixture *fixture, TwoShades *photo)
{
  const int width = 800, height = 400;
  const double red[3] = { 0.45, 0.035, 0.05 }, plum[3] = { 0.09, 0.015, 0.11 };
  ShSynthEncoding encoding = { .format = SH_SYNTH_PNG, .profile = SH_SYNTH_PROFILE_SRGB, .orientation = 1,
                               .noise_sigma = 1.0, .noise_seed = 5 };
  ShSynthParams params;
  ShSynthTruth truth_left, truth_right;
  g_autofree float *left = NULL, *right = NULL;
  g_autoptr (GError) error = NULL;
  gboolean added = FALSE;
  ShImageRow row = {
    .content_hash = "cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc", .file_size = 1, .format = "png",
    .width = width, .height = height, .orientation = 1, .profile_name = "sRGB", .photo_check_passed = -1,
  };

  sh_synth_params_for_seed (11, width, height, &params);
  params.finish = SH_FINISH_SATIN;
  params.glitter_density = 0;
  params.packaging = SH_PACKAGING_NONE;
  params.bullet_scale = 0.15;
  params.center_y = 0.5;
  params.center_x = 0.25;
  memcpy (params.body_linear, red, sizeof red);
  left = sh_synth_render (&params, &truth_left);
  params.center_x = 0.75;
  memcpy (params.body_linear, plum, sizeof plum);
  right = sh_synth_render (&params, &truth_right);
  g_assert_nonnull (left);
  g_assert_nonnull (right);
  /* The left half of one scene beside the right half of the other. */
  for (int y = 0; y < height; y++)
    memcpy (left + ((gsize) y * width + width / 2) * 3, right + ((gsize) y * width + width / 2) * 3,
            sizeof (float) * 3 * (width / 2));

  photo->path = g_build_filename (fixture->dir, "two-shades.png", NULL);
  g_assert_true (sh_synth_write (left, width, height, &encoding, photo->path, &error));
  g_assert_no_error (error);
  row.path = photo->path;
  g_assert_true (sh_project_add_image (fixture->project, &row, &photo->image_id, &added, &error));
  g_assert_no_error (error);
  photo->left = truth_left.label_box;
  photo->right = truth_right.label_box;
  g_assert_cmpint (photo->left.x + photo->left.w, <=, width / 2);
  g_assert_cmpint (photo->right.x, >=, width / 2);
}

/* The robust colour measured afresh from the file, as the swatch panel would. */
static void
fresh_swatch (const char *path, ShBox box, ShSwatch *swatch)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ShLoadedImage) loaded = sh_load_image (path, NULL, &error);

  g_assert_no_error (error);
  g_assert_true (sh_extract_with_finish (loaded->image, box, SH_METHOD_ROBUST, swatch, NULL));
}

static gboolean
stored_swatch (Fixture *fixture, gint64 box_id, ShMethod method, ShSwatchRow *row)
{
  g_autoptr (GError) error = NULL;
  gboolean found = FALSE;

  g_assert_true (sh_project_get_swatch (fixture->project, box_id, method, row, &found, &error));
  g_assert_no_error (error);
  return found;
}

/* The box's stored robust swatch is the colour measured where the box is. */
static void
assert_swatch_is (Fixture *fixture, gint64 box_id, const ShSwatch *expected)
{
  ShSwatchRow row;

  g_assert_true (stored_swatch (fixture, box_id, SH_METHOD_ROBUST, &row));
  g_assert_cmpfloat (sh_delta_e2000 (row.lab, expected->lab), <, 0.5);
  g_assert_cmpstr (row.hex, ==, expected->hex);
  g_assert_cmpint (row.algorithm_version, ==, SH_EXTRACT_ALGORITHM_VERSION);
}

/* The CSV export's one row shows the colour measured where the box is. */
static void
assert_csv_color_is (Fixture *fixture, const ShSwatch *expected)
{
  g_autofree char *out = g_build_filename (fixture->dir, "export", NULL);
  g_autofree char *csv_path = g_build_filename (out, "boxes.csv", NULL);
  g_autofree char *csv = NULL;
  g_auto (GStrv) lines = NULL;
  g_auto (GStrv) header = NULL;
  g_auto (GStrv) fields = NULL;
  g_autoptr (GError) error = NULL;
  ShExportOptions options;
  ShExportSummary summary;
  int hex_column = -1;
  double lab[3];

  sh_export_options_init (&options);
  options.format = SH_EXPORT_CSV;
  options.include_new = TRUE;
  g_assert_true (sh_export (fixture->project, out, &options, &summary, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (csv_path, &csv, NULL, &error));
  g_assert_no_error (error);
  lines = g_strsplit (csv, "\r\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 3);  /* header, one box, and the empty end */
  header = g_strsplit (lines[0], ",", -1);
  fields = g_strsplit (lines[1], ",", -1);
  g_assert_cmpuint (g_strv_length (fields), ==, g_strv_length (header));
  for (int i = 0; header[i] != NULL; i++)
    if (g_str_equal (header[i], "color_hex"))
      hex_column = i;
  g_assert_cmpint (hex_column, >=, 0);
  g_assert_cmpstr (header[hex_column + 1], ==, "lab_l");
  g_assert_cmpstr (fields[hex_column], ==, expected->hex);
  for (int i = 0; i < 3; i++)
    lab[i] = g_ascii_strtod (fields[hex_column + 1 + i], NULL);
  g_assert_cmpfloat (sh_delta_e2000 (lab, expected->lab), <, 0.5);
}

static ShBoxRow
box_row_at (gint64 image_id, ShBox box)
{
  return human_box (image_id, box.x, box.y, box.w, box.h);
}

/* Move a measured box onto the other lipstick, undo, redo: the swatches row and the CSV export follow the
 * box each time. */
static void
test_swatch_follows_undo (Fixture *fixture, gconstpointer data)
{
  TwoShades photo = { 0 };
  ShSwatch at_left, at_right;
  ShBoxRow row;
  ShBox moved_box;
  g_autoptr (GError) error = NULL;
  gint64 id;

  add_two_shade_photo (fixture, &photo);
  moved_box = (ShBox) { photo.right.x, photo.right.y, photo.left.w, photo.left.h };
  fresh_swatch (photo.path, photo.left, &at_left);
  fresh_swatch (photo.path, moved_box, &at_right);
  /* Two clearly different colours, so that a stale swatch cannot pass for the right one. */
  g_assert_cmpfloat (sh_delta_e2000 (at_left.lab, at_right.lab), >, 10);

  row = box_row_at (photo.image_id, photo.left);
  id = add_box (fixture, &row);
  assert_swatch_is (fixture, id, &at_left);

  row.id = id;
  row.x = moved_box.x;
  row.y = moved_box.y;
  update_box (fixture, &row);
  g_assert_cmpstr (sh_edit_history_get_undo_label (fixture->history), ==, "Undo Move Box");
  assert_swatch_is (fixture, id, &at_right);
  assert_csv_color_is (fixture, &at_right);

  undo (fixture);
  {
    g_auto (ShBoxRow) back = { 0 };
    get_box (fixture, id, &back);
    g_assert_cmpfloat (back.x, ==, photo.left.x);
    g_assert_cmpfloat (back.y, ==, photo.left.y);
  }
  assert_swatch_is (fixture, id, &at_left);
  assert_csv_color_is (fixture, &at_left);

  redo (fixture);
  assert_swatch_is (fixture, id, &at_right);
  assert_csv_color_is (fixture, &at_right);

  /* Deleting a box takes its swatches; undoing the delete measures it again. */
  g_assert_true (sh_edit_history_delete_box (fixture->history, id, &error));
  g_assert_no_error (error);
  {
    ShSwatchRow gone;
    g_assert_false (stored_swatch (fixture, id, SH_METHOD_ROBUST, &gone));
  }
  undo (fixture);
  assert_swatch_is (fixture, id, &at_right);
  undo (fixture);  /* the move */
  assert_swatch_is (fixture, id, &at_left);
  undo (fixture);  /* the add */
  redo (fixture);
  assert_swatch_is (fixture, id, &at_left);

  /* A duplicate is measured where it lands. */
  {
    gint64 copy_id = 0;
    g_auto (ShBoxRow) copy = { 0 };
    ShSwatch at_copy;

    g_assert_true (sh_edit_history_duplicate_box (fixture->history, id, &copy_id, &error));
    g_assert_no_error (error);
    get_box (fixture, copy_id, &copy);
    fresh_swatch (photo.path, (ShBox) { (int) copy.x, (int) copy.y, (int) copy.w, (int) copy.h }, &at_copy);
    assert_swatch_is (fixture, copy_id, &at_copy);
  }
  two_shades_clear (&photo);
}

typedef struct {
  char *path;
  gboolean fail;
  guint n_calls;
  gint64 last_image;
} PhotoSource;

/* A window's photo function: the decoded photo, or a failure on demand (the photo went missing). */
static ShSharedImage *
photo_source (gint64 image_id, gpointer user_data, GError **error)
{
  PhotoSource *source = user_data;
  ShLoadedImage *loaded;

  source->n_calls++;
  source->last_image = image_id;
  if (source->fail)
    {
      g_set_error (error, SH_LOADER_ERROR, SH_LOADER_ERROR_IO, "%s: No such file or directory", source->path);
      return NULL;
    }
  loaded = sh_load_image (source->path, NULL, error);
  return loaded != NULL ? sh_shared_image_new (loaded) : NULL;
}

/* With the photo unreadable, a box that moves keeps no swatch (rather than a wrong one); one that only
 * changes class keeps the swatch that still describes it. Stale rows of other methods go too. */
static void
test_swatch_unmeasurable (Fixture *fixture, gconstpointer data)
{
  TwoShades photo = { 0 };
  PhotoSource source = { 0 };
  ShSwatch at_left, at_right;
  ShSwatchRow stale;
  ShBoxRow row;
  g_autoptr (GError) error = NULL;
  gint64 id;

  add_two_shade_photo (fixture, &photo);
  source.path = photo.path;
  sh_edit_history_set_photo_func (fixture->history, photo_source, &source, NULL);
  fresh_swatch (photo.path, photo.left, &at_left);
  fresh_swatch (photo.path, (ShBox) { photo.right.x, photo.right.y, photo.left.w, photo.left.h }, &at_right);

  row = box_row_at (photo.image_id, photo.left);
  id = add_box (fixture, &row);
  g_assert_cmpuint (source.n_calls, ==, 1);
  g_assert_cmpint (source.last_image, ==, photo.image_id);
  assert_swatch_is (fixture, id, &at_left);
  /* A mean swatch stored by someone else: no longer true once the box moves. */
  at_right.method = SH_METHOD_MEAN;
  g_assert_true (sh_project_save_swatch (fixture->project, id, &at_right, &error));
  g_assert_no_error (error);
  at_right.method = SH_METHOD_ROBUST;

  row.id = id;
  row.x = photo.right.x;
  row.y = photo.right.y;
  update_box (fixture, &row);
  assert_swatch_is (fixture, id, &at_right);
  g_assert_false (stored_swatch (fixture, id, SH_METHOD_MEAN, &stale));

  /* The photo goes missing: undoing the move leaves the box without a swatch, not with the moved one. */
  source.fail = TRUE;
  undo (fixture);
  g_assert_false (stored_swatch (fixture, id, SH_METHOD_ROBUST, &stale));
  redo (fixture);
  g_assert_false (stored_swatch (fixture, id, SH_METHOD_ROBUST, &stale));

  /* Back again: measured. A class change with the photo missing keeps that swatch, still true. */
  source.fail = FALSE;
  undo (fixture);
  redo (fixture);
  assert_swatch_is (fixture, id, &at_right);
  source.fail = TRUE;
  {
    g_auto (ShBoxRow) current = { 0 };
    ShBoxRow change;
    get_box (fixture, id, &current);
    change = current;
    change.class_name = "packaging";
    update_box (fixture, &change);
  }
  g_assert_cmpstr (sh_edit_history_get_undo_label (fixture->history), ==, "Undo Change Box Class");
  assert_swatch_is (fixture, id, &at_right);

  /* Without a photo function, the history reads the photo's file itself. */
  sh_edit_history_set_photo_func (fixture->history, NULL, NULL, NULL);
  undo (fixture);  /* class */
  undo (fixture);  /* move */
  assert_swatch_is (fixture, id, &at_left);
  two_shades_clear (&photo);
}

/* The box and its swatch are one transaction: when the swatch cannot be written, the box is not changed
 * either, and the history stays as it was. */
static void
test_swatch_same_transaction (Fixture *fixture, gconstpointer data)
{
  TwoShades photo = { 0 };
  ShSwatch at_left;
  ShBoxRow row;
  g_autoptr (GError) error = NULL;
  sqlite3 *db = test_project_db (fixture->project);
  guint changed;
  gint64 id;

  add_two_shade_photo (fixture, &photo);
  fresh_swatch (photo.path, photo.left, &at_left);
  row = box_row_at (photo.image_id, photo.left);
  id = add_box (fixture, &row);
  changed = fixture->n_changed;

  g_assert_cmpint (sqlite3_exec (db,
                                 "CREATE TEMP TRIGGER refuse_swatches BEFORE INSERT ON swatches "
                                 "BEGIN SELECT RAISE (ABORT, 'swatches refused'); END",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  row.id = id;
  row.x = photo.right.x;
  row.y = photo.right.y;
  g_assert_false (sh_edit_history_update_box (fixture->history, &row, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  {
    g_auto (ShBoxRow) current = { 0 };
    get_box (fixture, id, &current);
    g_assert_cmpfloat (current.x, ==, photo.left.x);
  }
  assert_swatch_is (fixture, id, &at_left);
  g_assert_cmpuint (fixture->n_changed, ==, changed);
  g_assert_cmpstr (sh_edit_history_get_undo_label (fixture->history), ==, "Undo Add Box");
  g_assert_false (sh_edit_history_can_redo (fixture->history));

  g_assert_cmpint (sqlite3_exec (db, "DROP TRIGGER refuse_swatches", NULL, NULL, NULL), ==, SQLITE_OK);
  update_box (fixture, &row);
  g_assert_cmpstr (sh_edit_history_get_undo_label (fixture->history), ==, "Undo Move Box");
  two_shades_clear (&photo);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(name, func) g_test_add ("/edit-history/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("add", test_add);
  ADD ("box-changes", test_box_changes);
  ADD ("delete", test_delete);
  ADD ("duplicate", test_duplicate);
  ADD ("status", test_status);
  ADD ("accept-model", test_accept_model);
  ADD ("across-images", test_across_images);
  ADD ("redo-cleared", test_redo_cleared);
  ADD ("reopen", test_reopen);
  ADD ("read-only", test_read_only);
  ADD ("store-busy", test_store_busy);
  ADD ("changed-elsewhere", test_changed_elsewhere);
  ADD ("swatch-follows-undo", test_swatch_follows_undo);
  ADD ("swatch-unmeasurable", test_swatch_unmeasurable);
  ADD ("swatch-same-transaction", test_swatch_same_transaction);
#undef ADD
  return g_test_run ();
}
