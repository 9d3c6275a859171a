/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-project-lock.c: a project keeps its SQLite locks and write-ahead log while other code in the same
 * process opens and closes its files (as GTK's file chooser and GIO's content sniffing do), and a lost lock
 * or journal is reported instead of a commit that is not there.
 *
 * Run twice by meson: normally (SQLite's locks are open-file-description locks) and with
 * SHADELAB_POSIX_LOCKS=1 (SQLite's own POSIX locks), where a foreign close does drop the locks: there the
 * store must notice it at the next commit and refuse, and the test shows what a reader in another process
 * then does to the journal.
 */
#define G_LOG_DOMAIN "shadelab-test-project-lock"

#include "config.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "core/store/project-guard.h"
#include "core/store/project.h"
#include "tests/lib/project-db.h"
#include "tests/lib/test-error.h"
#include "tests/lib/test-fs.h"
#include "tests/lib/test-store.h"

static char *tmp_dir;

static gint64
add_image (ShProject *project, const char *name)
{
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, name, -1);

  return add_image_row (project, name, hash, 800, 600, NULL);
}

static gboolean
add_box (ShProject *project, gint64 image_id, double x, GError **error)
{
  ShBoxRow row = { .image_id = image_id, .class_name = "product", .x = x, .y = 10, .w = 50, .h = 80,
                   .score = -1, .labeler = "lock-test" };
  gint64 id = 0;
  return sh_project_save_box (project, &row, &id, error);
}

/* A new project at path holding one image with one box, as the tests below start. */
static ShProject *
project_with_a_box (const char *path, gint64 *image)
{
  g_autoptr (GError) error = NULL;
  ShProject *project = sh_project_create (path, &error);

  g_assert_no_error (error);
  *image = add_image (project, "a.jpg");
  g_assert_true (add_box (project, *image, 10, &error));
  g_assert_no_error (error);
  return project;
}

/* What GIO does when a file chooser lists the project's folder: open each file, read a little, close. */
static void
touch_like_a_file_chooser (const char *project_path)
{
  static const char *const suffixes[] = { "", "-shm", "-wal", ".lock" };
  for (size_t i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *path = g_strconcat (project_path, suffixes[i], NULL);
      int fd = open (path, O_RDONLY | O_CLOEXEC);
      if (fd < 0)
        continue;
      char buffer[64];
      g_assert_cmpint (read (fd, buffer, sizeof buffer), >=, 0);
      close (fd);
    }
}

/* Runs sql on the project in another process with the sqlite3 shell (the one SQLite program every user
 * has); returns its first output line. */
static char *
read_in_another_process (const char *project_path, const char *sql)
{
  const char *argv[] = { "sqlite3", project_path, sql, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr (GError) error = NULL;
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status,
                               &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("sqlite3 failed: %s", err);
  return g_strstrip (g_strdup (out));
}

static gboolean
have_sqlite3_shell (void)
{
  g_autofree char *found = g_find_program_in_path ("sqlite3");
  if (found == NULL)
    g_test_skip ("the sqlite3 shell is not installed");
  return found != NULL;
}

static char *
new_project_path (const char *name)
{
  g_autofree char *folder = g_build_filename (tmp_dir, name, NULL);
  g_assert_cmpint (g_mkdir_with_parents (folder, 0755), ==, 0);
  return g_build_filename (folder, "lock.shadelab", NULL);
}

/* The lost edit: with open-file-description locks, another descriptor's close drops nothing, a reader in
 * another process leaves the journal alone, and every edit stays visible to other processes. */
static void
test_foreign_close_keeps_the_journal (void)
{
  g_autofree char *path = new_project_path ("foreign-close");
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autoptr (GError) error = NULL;
  gint64 image;

  if (!have_sqlite3_shell ())
    return;
  g_autoptr (ShProject) project = project_with_a_box (path, &image);
  g_assert_true (sh_project_guard_locks_installed ());

  for (int round = 0; round < 5; round++)
    {
      touch_like_a_file_chooser (path);
      g_autofree char *images = read_in_another_process (path, "SELECT count(*) FROM images");
      g_assert_cmpstr (images, ==, "1");
      g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));

      g_assert_true (add_box (project, image, 100 + 10 * round, &error));
      g_assert_no_error (error);
      /* The other process sees the new box: it went into the live journal, not an unlinked one. */
      g_autofree char *boxes = read_in_another_process (path, "SELECT count(*) FROM boxes");
      g_autofree char *expected = g_strdup_printf ("%d", round + 2);
      g_assert_cmpstr (boxes, ==, expected);
    }
}

/* Another program deletes the journal (by hand, a sync tool): the next commit is not reported as saved,
 * and nothing more is accepted. */
static void
test_deleted_journal_is_noticed (void)
{
  g_autofree char *path = new_project_path ("deleted-journal");
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autoptr (GError) error = NULL;
  gint64 image;
  g_autoptr (ShProject) project = project_with_a_box (path, &image);

  g_assert_cmpint (g_unlink (wal), ==, 0);
  g_test_expect_message ("shadelab-project", G_LOG_LEVEL_WARNING, "*write-ahead log*deleted*");
  g_assert_false (add_box (project, image, 100, &error));
  g_test_assert_expected_messages ();
  g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_LOST);
  assert_error_mentions (error, "write-ahead log", "open it again", NULL);
  g_clear_error (&error);

  /* Every later change is refused with the same reason, batches included. */
  g_assert_false (sh_project_set_image_status (project, image, SH_IMAGE_SKIPPED, NULL, &error));
  g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_LOST);
  g_clear_error (&error);
  g_assert_false (sh_project_begin (project, &error));
  g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_LOST);
}

/* The project file itself replaced under the open project (a copy dragged over it): refused too. */
static void
test_replaced_project_is_noticed (void)
{
  g_autofree char *path = new_project_path ("replaced");
  g_autofree char *other = g_strconcat (path, ".other", NULL);
  g_autoptr (GError) error = NULL;

  g_autoptr (ShProject) project = sh_project_create (path, &error);
  g_assert_no_error (error);
  gint64 image = add_image (project, "a.jpg");
  g_assert_true (g_file_set_contents (other, "not the project", -1, &error));
  g_assert_cmpint (g_rename (other, path), ==, 0);

  g_test_expect_message ("shadelab-project", G_LOG_LEVEL_WARNING, "*project file*replaced*");
  g_assert_false (add_box (project, image, 10, &error));
  g_test_assert_expected_messages ();
  g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_LOST);
}

/* With SQLite's own POSIX locks, the same foreign close drops them: the store notices at the next commit
 * and refuses it; and a reader in another process then deletes the journal, which is how edits were lost. */
static void
test_posix_locks_lost_are_noticed (void)
{
  g_autofree char *path = new_project_path ("posix");
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autoptr (GError) error = NULL;
  gint64 image;

  if (!have_sqlite3_shell ())
    return;
  g_autoptr (ShProject) project = project_with_a_box (path, &image);
  g_assert_false (sh_project_guard_locks_installed ());

  /* Untouched, a reader in another process does no harm. */
  g_autofree char *before = read_in_another_process (path, "SELECT count(*) FROM boxes");
  g_assert_cmpstr (before, ==, "1");
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));

  touch_like_a_file_chooser (path);
  g_test_expect_message ("shadelab-project", G_LOG_LEVEL_WARNING, "*lost its lock*");
  g_assert_false (add_box (project, image, 100, &error));
  g_test_assert_expected_messages ();
  g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_LOST);
  g_clear_error (&error);

  g_autofree char *after = read_in_another_process (path, "SELECT count(*) FROM images");
  g_assert_cmpstr (after, ==, "1");
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  const char *posix = g_getenv ("SHADELAB_POSIX_LOCKS");
  if (posix != NULL && g_str_equal (posix, "1"))
    {
      g_test_add_func ("/project-lock/posix/lost-locks-are-noticed", test_posix_locks_lost_are_noticed);
      g_test_add_func ("/project-lock/posix/deleted-journal-is-noticed", test_deleted_journal_is_noticed);
    }
  else
    {
      g_test_add_func ("/project-lock/foreign-close-keeps-the-journal", test_foreign_close_keeps_the_journal);
      g_test_add_func ("/project-lock/deleted-journal-is-noticed", test_deleted_journal_is_noticed);
      g_test_add_func ("/project-lock/replaced-project-is-noticed", test_replaced_project_is_noticed);
    }

  return run_tests_in_tmp_dir ("shadelab-test-lock", &tmp_dir);
}
