/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-labeling-timer.c: time per image with a fake clock: counted while input arrives, paused after a minute
 * without input, written as one row per visit when the image changes or on flush, kept and retried when the
 * write fails. */
#define G_LOG_DOMAIN "shadelab-test-labeling-timer"

#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "core/models/labeling-timer.h"
#include "core/store/project.h"
#include "tests/lib/project-db.h"
#include "tests/lib/test-fs.h"
#include "tests/lib/test-store.h"

typedef struct {
  char *dir;
  char *path;
  ShProject *project;
  ShLabelingTimer *timer;
  gint64 now;           /* the fake clock, microseconds */
  gint64 images[3];
} Fixture;

static gint64
fake_clock (gpointer user_data)
{
  Fixture *fixture = user_data;
  return fixture->now;
}

static void
advance (Fixture *fixture, double seconds)
{
  fixture->now += (gint64) (seconds * G_USEC_PER_SEC);
}

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  fixture->project = create_project_in_tmp_dir ("shadelab-timer", "timer.shadelab", &fixture->dir, &fixture->path);
  for (int i = 0; i < 3; i++)
    {
      g_autofree char *name = g_strdup_printf ("%s/photo-%d.jpg", fixture->dir, i);
      g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, name, -1);
      ShImageRow row = {
        .path = name, .content_hash = hash, .file_size = 1, .format = "jpeg", .width = 100, .height = 100,
        .orientation = 1, .profile_name = "sRGB", .photo_check_passed = -1,
      };
      g_assert_true (sh_project_add_image (fixture->project, &row, &fixture->images[i], NULL, &error));
      g_assert_no_error (error);
    }
  fixture->now = 1000 * G_USEC_PER_SEC;
  fixture->timer = sh_labeling_timer_new (fixture->project, "ana");
  sh_labeling_timer_set_clock_for_testing (fixture->timer, fake_clock, fixture);
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  g_clear_pointer (&fixture->timer, sh_labeling_timer_free);
  g_clear_pointer (&fixture->project, sh_project_close);
  remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

/* The rows written, in order: "image_id:seconds" joined by spaces. */
static char *
written_rows (Fixture *fixture)
{
  GString *text = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (test_project_db (fixture->project),
                                       "SELECT image_id, seconds, labeler FROM labeling_time ORDER BY id", -1, &stmt,
                                       NULL),
                   ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 2), ==, "ana");
      g_string_append_printf (text, "%s%" G_GINT64_FORMAT ":%g", text->len > 0 ? " " : "",
                              (gint64) sqlite3_column_int64 (stmt, 0), sqlite3_column_double (stmt, 1));
    }
  sqlite3_finalize (stmt);
  return g_string_free (text, FALSE);
}

/* Fails unless the rows written are expected: "index:seconds" pairs, index the visit's image in the fixture. */
static void
assert_rows (Fixture *fixture, const char *expected)
{
  g_auto (GStrv) visits = g_strsplit (expected, " ", -1);
  g_autoptr (GString) want = g_string_new (NULL);
  g_autofree char *rows = written_rows (fixture);

  for (int i = 0; visits[i] != NULL; i++)
    g_string_append_printf (want, "%s%" G_GINT64_FORMAT "%s", i > 0 ? " " : "", fixture->images[visits[i][0] - '0'],
                            visits[i] + 1);
  g_assert_cmpstr (rows, ==, want->str);
}

static void
set_image (Fixture *fixture, gint64 image_id)
{
  g_autoptr (GError) error = NULL;
  g_assert_true (sh_labeling_timer_set_image (fixture->timer, image_id, &error));
  g_assert_no_error (error);
}

static void
test_active_time (Fixture *fixture, gconstpointer data)
{

  /* No image: nothing counts, nothing is written. */
  advance (fixture, 30);
  g_assert_cmpfloat (sh_labeling_timer_get_seconds (fixture->timer), ==, 0);
  set_image (fixture, fixture->images[0]);
  g_assert_cmpint (sh_labeling_timer_get_image (fixture->timer), ==, fixture->images[0]);

  advance (fixture, 10);
  sh_labeling_timer_activity (fixture->timer);
  advance (fixture, 12.5);
  g_assert_cmpfloat (sh_labeling_timer_get_seconds (fixture->timer), ==, 22.5);
  sh_labeling_timer_activity (fixture->timer);
  advance (fixture, 2);
  set_image (fixture, fixture->images[1]);   /* 24.5 s on the first image */

  /* Input, then a long pause: the timer stops a minute after the last input and resumes with the next. */
  advance (fixture, 5);
  sh_labeling_timer_activity (fixture->timer);
  advance (fixture, 300);
  g_assert_cmpfloat (sh_labeling_timer_get_seconds (fixture->timer), ==, 65);
  sh_labeling_timer_activity (fixture->timer);
  advance (fixture, 4);
  set_image (fixture, fixture->images[2]);   /* 5 + 60 + 4 = 69 s */

  /* Setting the same image again changes nothing. */
  advance (fixture, 1);
  set_image (fixture, fixture->images[2]);
  advance (fixture, 1);
  g_assert_cmpfloat (sh_labeling_timer_get_seconds (fixture->timer), ==, 2);

  set_image (fixture, 0);                    /* 2 s; no image from now on */
  advance (fixture, 100);
  sh_labeling_timer_activity (fixture->timer);
  g_assert_cmpfloat (sh_labeling_timer_get_seconds (fixture->timer), ==, 0);

  assert_rows (fixture, "0:24.5 1:69 2:2");
}

static void
test_flush (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  set_image (fixture, fixture->images[0]);
  advance (fixture, 8);
  g_assert_true (sh_labeling_timer_flush (fixture->timer, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (sh_labeling_timer_get_seconds (fixture->timer), ==, 0);
  /* Counting goes on after a flush. */
  advance (fixture, 3);
  g_assert_cmpfloat (sh_labeling_timer_get_seconds (fixture->timer), ==, 3);
  /* The last input was at the start: 60 s count in all (8 written already), then the timer stands still, and
   * a flush does not wake it. */
  advance (fixture, 100);
  g_assert_true (sh_labeling_timer_flush (fixture->timer, &error));
  advance (fixture, 100);
  g_assert_cmpfloat (sh_labeling_timer_get_seconds (fixture->timer), ==, 0);
  g_assert_true (sh_labeling_timer_flush (fixture->timer, &error));  /* nothing counted: no row */

  assert_rows (fixture, "0:8 0:52");
}

/* Another connection holds the write lock: the visit is kept, the new image counted, and the next write
 * brings both rows in, in order. */
static void
test_failed_write_kept (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  sqlite3 *other = NULL;

  set_image (fixture, fixture->images[0]);
  advance (fixture, 7);
  g_assert_cmpint (sqlite3_open (fixture->path, &other), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (other, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_false (sh_labeling_timer_set_image (fixture->timer, fixture->images[1], &error));
  g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_IN_USE);
  g_clear_error (&error);
  g_assert_cmpint (sh_labeling_timer_get_image (fixture->timer), ==, fixture->images[1]);
  g_assert_cmpint (sqlite3_exec (other, "ROLLBACK", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (other);

  advance (fixture, 3);
  set_image (fixture, fixture->images[2]);
  assert_rows (fixture, "0:7 1:3");
}

/* A visit the project refuses (its image was deleted meanwhile) is dropped rather than blocking the others. */
static void
test_refused_visit_dropped (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *sql = NULL;

  set_image (fixture, fixture->images[0]);
  advance (fixture, 5);
  sql = g_strdup_printf ("DELETE FROM images WHERE id = %" G_GINT64_FORMAT, fixture->images[0]);
  g_assert_cmpint (sqlite3_exec (test_project_db (fixture->project), sql, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_false (sh_labeling_timer_set_image (fixture->timer, fixture->images[1], &error));
  g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_INVALID);
  advance (fixture, 6);
  set_image (fixture, fixture->images[2]);
  assert_rows (fixture, "1:6");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(name, func) g_test_add ("/labeling-timer/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("active-time", test_active_time);
  ADD ("flush", test_flush);
  ADD ("failed-write-kept", test_failed_write_kept);
  ADD ("refused-visit-dropped", test_refused_visit_dropped);
#undef ADD
  return g_test_run ();
}
