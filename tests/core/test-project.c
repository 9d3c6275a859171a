/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-project.c: the project store on real SQLite files in a temporary folder: creation and identity,
 * refusals (newer version, not a project, in use by this or another process, read-only file, folder and file
 * system, full disk), every row function, and that a failing call leaves the file intact and changes nothing.
 */
#define G_LOG_DOMAIN "shadelab-test-project"

#include "config.h"

#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <glib.h>
#include <glib/gstdio.h>

#include "core/store/project-stats.h"
#include "core/store/project.h"
#include "tests/lib/project-db.h"
#include "tests/lib/test-error.h"
#include "tests/lib/test-fs.h"
#include "tests/lib/test-store.h"

static char *tmp_dir;

/* ---- helpers ---- */

static char *
tmp_path (const char *name)
{
  return g_build_filename (tmp_dir, name, NULL);
}

static void
assert_integrity (ShProject *project)
{
  g_autofree char *integrity = query_text (project, "PRAGMA integrity_check");
  g_assert_cmpstr (integrity, ==, "ok");
  g_assert_cmpint (query_int (project, "SELECT count(*) FROM pragma_foreign_key_check"), ==, 0);
}

/* The number of rows in every table, to show that a refused call changed nothing. */
static char *
row_counts (ShProject *project)
{
  static const char *const tables[] = { "meta", "categories", "products", "images", "box_classes", "boxes",
                                        "swatches", "materials", "material_changes", "material_audit", "reviews",
                                        "labeling_time" };
  GString *counts = g_string_new (NULL);
  for (size_t i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", tables[i]);
      g_string_append_printf (counts, "%s=%" G_GINT64_FORMAT " ", tables[i], query_int (project, sql));
    }
  return g_string_free (counts, FALSE);
}

static ShProject *
new_project (const char *name)
{
  g_autofree char *path = tmp_path (name);
  return create_project (path);
}

static gint64
add_test_image (ShProject *project, const char *path, const char *hash, int width, int height)
{
  gboolean added = FALSE;
  gint64 id = add_image_row (project, path, hash, width, height, &added);
  g_assert_true (added);
  g_assert_cmpint (id, >, 0);
  return id;
}

static gint64
add_test_box (ShProject *project, gint64 image_id, double x, double y, double w, double h, const char *labeler)
{
  ShBoxRow row = { .image_id = image_id, .class_name = "product", .x = x, .y = y, .w = w, .h = h,
                   .score = -1, .labeler = labeler };
  g_autoptr (GError) error = NULL;
  gint64 id = 0;
  g_assert_true (sh_project_save_box (project, &row, &id, &error));
  g_assert_no_error (error);
  return id;
}

/* ---- creation and identity ---- */

static void
test_create_open_close (void)
{
  g_autofree char *path = tmp_path ("basic.shadelab");
  g_autofree char *lock_path = tmp_path ("basic.shadelab.lock");
  g_autoptr (GError) error = NULL;
  ShProject *project;

  project = sh_project_create (path, &error);
  g_assert_no_error (error);
  g_assert_false (sh_project_is_read_only (project));
  g_assert_cmpstr (sh_project_get_path (project), ==, path);
  g_assert_true (g_file_test (lock_path, G_FILE_TEST_EXISTS));
  g_assert_cmpint (query_int (project, "PRAGMA user_version"), ==, SH_PROJECT_SCHEMA_VERSION);
  g_assert_cmpint (query_int (project, "PRAGMA application_id"), ==, 0x5348444c);
  g_assert_cmpint (query_int (project, "PRAGMA foreign_keys"), ==, 1);
  g_assert_cmpint (query_int (project, "PRAGMA synchronous"), ==, 2);  /* FULL */
  g_autofree char *journal = query_text (project, "PRAGMA journal_mode");
  g_assert_cmpstr (journal, ==, "wal");
  g_autofree char *categories = query_text (project, "SELECT group_concat (name, ',') FROM "
                                                     "(SELECT name FROM categories ORDER BY id)");
  g_assert_cmpstr (categories, ==, "lipstick,foundation,eyeliner,eyeshadow,nail polish");
  g_autofree char *classes = query_text (project, "SELECT group_concat (name, ',') FROM "
                                                  "(SELECT name FROM box_classes ORDER BY id)");
  g_assert_cmpstr (classes, ==, "product,packaging,distractor");
  g_autofree char *version = query_text (project, "SELECT value FROM meta WHERE key = 'shadelab_version'");
  g_assert_cmpstr (version, ==, PACKAGE_VERSION);
  g_autofree char *created = query_text (project, "SELECT value FROM meta WHERE key = 'created_at'");
  g_assert_true (g_regex_match_simple ("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z$", created, 0, 0));
  assert_integrity (project);
  sh_project_close (project);
  g_assert_false (g_file_test (lock_path, G_FILE_TEST_EXISTS));

  /* Never overwritten. */
  g_autofree char *hash = file_sha256 (path);
  g_assert_null (sh_project_create (path, &error));
  g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_EXISTS);
  g_clear_error (&error);
  g_autofree char *hash_after = file_sha256 (path);
  g_assert_cmpstr (hash, ==, hash_after);

  project = sh_project_open (path, SH_PROJECT_OPEN_READ_WRITE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (query_int (project, "SELECT count(*) FROM categories"), ==, 5);
  sh_project_close (project);

  project = sh_project_open (path, SH_PROJECT_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_true (sh_project_is_read_only (project));
  sh_project_close (project);

  g_autofree char *missing = tmp_path ("missing.shadelab");
  g_assert_null (sh_project_open (missing, SH_PROJECT_OPEN_READ_WRITE, &error));
  g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));

  g_autofree char *no_folder = tmp_path ("no-such-folder/x.shadelab");
  g_assert_null (sh_project_create (no_folder, &error));
  g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_NOT_FOUND);
  g_clear_error (&error);

  char *now = sh_project_now ();
  g_assert_cmpint (strlen (now), ==, 24);
  g_free (now);
}

static void
test_newer_version (void)
{
  g_autofree char *path = tmp_path ("newer.shadelab");
  g_autoptr (GError) error = NULL;
  ShProject *project = new_project ("newer.shadelab");

  g_assert_cmpint (sqlite3_exec (test_project_db (project), "PRAGMA user_version = 99", NULL, NULL, NULL), ==,
                   SQLITE_OK);
  sh_project_close (project);
  g_autofree char *hash = file_sha256 (path);

  g_assert_null (sh_project_open (path, SH_PROJECT_OPEN_READ_WRITE, &error));
  g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_VERSION);
  assert_error_mentions (error, "newer", "99", NULL);
  g_clear_error (&error);
  g_assert_null (sh_project_open (path, SH_PROJECT_OPEN_READ_ONLY, &error));
  g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_VERSION);
  g_autofree char *hash_after = file_sha256 (path);
  g_assert_cmpstr (hash, ==, hash_after);
}

static void
test_not_a_project (void)
{
  g_autofree char *text = tmp_path ("notes.shadelab");
  g_autofree char *other = tmp_path ("other.sqlite");
  g_autofree char *empty = tmp_path ("empty.shadelab");
  g_autoptr (GError) error = NULL;
  sqlite3 *db = NULL;

  g_assert_true (g_file_set_contents (text, "These are my notes, not a database.\n" "Second line\n", -1, NULL));
  g_autofree char *hash = file_sha256 (text);
  for (int mode = 0; mode < 2; mode++)
    {
      g_assert_null (sh_project_open (text, mode, &error));
      g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_NOT_PROJECT);
      g_assert_nonnull (strstr (error->message, "notes.shadelab"));
      g_clear_error (&error);
    }
  g_autofree char *hash_after = file_sha256 (text);
  g_assert_cmpstr (hash, ==, hash_after);

  /* Another program's SQLite database. */
  g_assert_cmpint (sqlite3_open (other, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE t (x); INSERT INTO t VALUES (1)", NULL, NULL, NULL), ==,
                   SQLITE_OK);
  sqlite3_close (db);
  g_autofree char *other_hash = file_sha256 (other);
  g_assert_null (sh_project_open (other, SH_PROJECT_OPEN_READ_WRITE, &error));
  g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_NOT_PROJECT);
  g_clear_error (&error);
  g_autofree char *other_hash_after = file_sha256 (other);
  g_assert_cmpstr (other_hash, ==, other_hash_after);

  /* An empty file is not a project either (only sh_project_create makes one). */
  g_assert_true (g_file_set_contents (empty, "", 0, NULL));
  g_assert_null (sh_project_open (empty, SH_PROJECT_OPEN_READ_WRITE, &error));
  g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_NOT_PROJECT);
  g_clear_error (&error);
  g_assert_null (sh_project_open (tmp_dir, SH_PROJECT_OPEN_READ_ONLY, &error));
  g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_NOT_PROJECT);
}

/* ---- locking ---- */

/* Tries a read-write open in a child process; returns the error code it got (-1 for none) and its message. */
static int
open_in_child (const char *path, char **message)
{
  int fds[2];
  pid_t pid;
  int status = 0;
  char buffer[1024] = { 0 };
  ssize_t n, total = 0;

  g_assert_cmpint (pipe (fds), ==, 0);
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      GError *error = NULL;
      ShProject *project;
      close (fds[0]);
      project = sh_project_open (path, SH_PROJECT_OPEN_READ_WRITE, &error);
      if (project != NULL)
        {
          sh_project_close (project);
          _exit (100);
        }
      if (write (fds[1], error->message, strlen (error->message)) < 0)
        _exit (101);
      _exit (error->code);
    }
  close (fds[1]);
  while ((n = read (fds[0], buffer + total, sizeof buffer - 1 - total)) > 0)
    total += n;
  close (fds[0]);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFEXITED (status));
  *message = g_strdup (buffer);
  return WEXITSTATUS (status) == 100 ? -1 : WEXITSTATUS (status);
}

static void
test_in_use (void)
{
  g_autofree char *path = tmp_path ("locked.shadelab");
  g_autoptr (GError) error = NULL;
  g_autofree char *message = NULL;
  g_autofree char *own_pid = g_strdup_printf ("process %ld", (long) getpid ());
  ShProject *writer = new_project ("locked.shadelab");
  ShProject *reader;
  gint64 image_id = add_test_image (writer, "a.jpg", "hash-a", 800, 600);

  /* The same process. */
  g_assert_null (sh_project_open (path, SH_PROJECT_OPEN_READ_WRITE, &error));
  g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_IN_USE);
  assert_error_mentions (error, "'locked.shadelab' is open for writing in another Shadelab", own_pid, NULL);
  g_clear_error (&error);
  g_assert_null (sh_project_create (path, &error));
  g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_EXISTS);
  g_clear_error (&error);

  /* Another process. */
  g_assert_cmpint (open_in_child (path, &message), ==, SH_PROJECT_ERROR_IN_USE);
  g_assert_nonnull (strstr (message, "'locked.shadelab' is open for writing in another Shadelab"));
  g_assert_nonnull (strstr (message, own_pid));

  /* A reader works meanwhile and sees what the writer committed, also later commits. */
  reader = sh_project_open (path, SH_PROJECT_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_cmpint (query_int (reader, "SELECT count(*) FROM images"), ==, 1);
  add_test_box (writer, image_id, 10, 10, 100, 100, "ann");
  g_assert_cmpint (query_int (reader, "SELECT count(*) FROM boxes"), ==, 1);
  cJSON *stats = sh_project_stats_json (reader, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cJSON_GetObjectItem (cJSON_GetObjectItem (stats, "boxes"), "total")->valueint, ==, 1);
  cJSON_Delete (stats);
  /* ... and it cannot write. */
  g_assert_false (sh_project_add_labeling_time (reader, image_id, "ann", 3, &error));
  g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_READ_ONLY);
  g_clear_error (&error);
  g_assert_cmpint (sqlite3_exec (test_project_db (reader), "DELETE FROM boxes", NULL, NULL, NULL), !=, SQLITE_OK);

  sh_project_close (writer);
  g_assert_cmpint (query_int (reader, "SELECT count(*) FROM boxes"), ==, 1);
  sh_project_close (reader);

  /* Once closed, another process may write. */
  g_clear_pointer (&message, g_free);
  g_assert_cmpint (open_in_child (path, &message), ==, -1);
  writer = sh_project_open (path, SH_PROJECT_OPEN_READ_WRITE, &error);
  g_assert_no_error (error);
  sh_project_close (writer);
}

static void
test_lock_released_when_killed (void)
{
  g_autofree char *path = tmp_path ("killed.shadelab");
  g_autoptr (GError) error = NULL;
  int fds[2];
  char ready;
  pid_t pid;

  sh_project_close (new_project ("killed.shadelab"));
  g_assert_cmpint (pipe (fds), ==, 0);
  pid = fork ();
  if (pid == 0)
    {
      ShProject *project = sh_project_open (path, SH_PROJECT_OPEN_READ_WRITE, NULL);
      if (project == NULL || write (fds[1], "r", 1) != 1)
        _exit (1);
      pause ();
      _exit (0);
    }
  close (fds[1]);
  g_assert_cmpint (read (fds[0], &ready, 1), ==, 1);
  close (fds[0]);
  g_assert_null (sh_project_open (path, SH_PROJECT_OPEN_READ_WRITE, &error));
  g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_IN_USE);
  g_clear_error (&error);

  kill (pid, SIGKILL);
  waitpid (pid, NULL, 0);
  /* The kernel dropped the lock; the stale lock file does not matter. */
  ShProject *project = sh_project_open (path, SH_PROJECT_OPEN_READ_WRITE, &error);
  g_assert_no_error (error);
  assert_integrity (project);
  sh_project_close (project);
}

/* ---- read-only ---- */

static void
test_read_only_open (void)
{
  g_autofree char *path = tmp_path ("readonly.shadelab");
  g_autoptr (GError) error = NULL;
  ShProject *project = new_project ("readonly.shadelab");
  gint64 image_id = add_test_image (project, "a.jpg", "hash-ro", 800, 600);
  ShProductRow product = { .sku = "SKU-RO" };
  gint64 product_id = 0;
  g_assert_true (sh_project_upsert_product (project, &product, &product_id, NULL));
  sh_project_close (project);
  g_autofree char *hash = file_sha256 (path);

  project = sh_project_open (path, SH_PROJECT_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_false (sh_project_begin (project, &error));
  g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_READ_ONLY);
  g_clear_error (&error);
  g_assert_false (sh_project_set_image_status (project, image_id, SH_IMAGE_LABELED, NULL, &error));
  g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_READ_ONLY);
  g_assert_nonnull (strstr (error->message, "read-only"));
  g_clear_error (&error);
  g_assert_false (sh_project_set_material (project, product_id, "roughness", "0.4", "ann", NULL, &error));
  g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_READ_ONLY);
  g_clear_error (&error);
  /* Even SQL through the handle is refused. */
  g_assert_cmpint (sqlite3_exec (test_project_db (project), "UPDATE images SET status = 'labeled'", NULL, NULL,
                                 NULL), !=, SQLITE_OK);
  sh_project_close (project);
  g_autofree char *hash_after = file_sha256 (path);
  g_assert_cmpstr (hash, ==, hash_after);
}

static gboolean
shell (const char *format, ...) G_GNUC_PRINTF (1, 2);

static gboolean
shell (const char *format, ...)
{
  va_list args;
  va_start (args, format);
  g_autofree char *command = g_strdup_vprintf (format, args);
  va_end (args);
  g_autofree char *quiet = g_strconcat (command, " >/dev/null 2>&1", NULL);
  const char *argv[] = { "/bin/sh", "-c", quiet, NULL };
  int status = -1;
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL, &status, NULL))
    return FALSE;
  return g_spawn_check_wait_status (status, NULL);
}

/* Root ignores permission bits, so a read-only file and folder are made immutable (chattr +i). */
static void
test_read_only_immutable (void)
{
  g_autofree char *folder = tmp_path ("immutable");
  g_autofree char *path = g_build_filename (folder, "frozen.shadelab", NULL);
  g_autoptr (GError) error = NULL;
  ShProject *project;

  g_assert_cmpint (g_mkdir (folder, 0755), ==, 0);
  project = sh_project_create (path, &error);
  g_assert_no_error (error);
  add_test_image (project, "a.jpg", "hash-frozen", 800, 600);
  sh_project_close (project);
  g_autofree char *hash = file_sha256 (path);

  if (!shell ("chattr +i '%s' && chattr +i '%s'", path, folder))
    {
      shell ("chattr -i '%s'; chattr -i '%s'", path, folder);
      g_test_skip ("chattr +i is not supported here");
      return;
    }
  if (geteuid () != 0)
    g_test_message ("not root: the immutable flag is not needed, but it was set");

  project = sh_project_open (path, SH_PROJECT_OPEN_READ_WRITE, &error);
  g_assert_null (project);
  g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_READ_ONLY);
  assert_error_mentions (error, "frozen.shadelab", "open it read-only", "copy it", NULL);
  g_clear_error (&error);

  /* Read-only still works, in a folder where SQLite cannot create its -shm file. */
  project = sh_project_open (path, SH_PROJECT_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_cmpint (query_int (project, "SELECT count(*) FROM images"), ==, 1);
  cJSON *stats = sh_project_stats_json (project, &error);
  g_assert_no_error (error);
  cJSON_Delete (stats);
  sh_project_close (project);

  /* Only the file immutable: the folder allows the lock file, the file still refuses. */
  g_assert_true (shell ("chattr -i '%s'", folder));
  g_assert_null (sh_project_open (path, SH_PROJECT_OPEN_READ_WRITE, &error));
  g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_READ_ONLY);
  g_assert_nonnull (strstr (error->message, "read-only"));
  g_clear_error (&error);

  g_assert_true (shell ("chattr -i '%s'", path));
  g_autofree char *hash_after = file_sha256 (path);
  g_assert_cmpstr (hash, ==, hash_after);
}

/* A read-only file system: a small tmpfs remounted read-only, when this sandbox lets us mount. */
static void
test_read_only_file_system (void)
{
  g_autofree char *mount_point = tmp_path ("rofs");
  g_autofree char *path = g_build_filename (mount_point, "disk.shadelab", NULL);
  g_autoptr (GError) error = NULL;
  ShProject *project;

  g_assert_cmpint (g_mkdir (mount_point, 0755), ==, 0);
  if (mount ("tmpfs", mount_point, "tmpfs", 0, "size=2m") != 0)
    {
      g_test_skip ("cannot mount a tmpfs here");
      return;
    }
  project = sh_project_create (path, &error);
  g_assert_no_error (error);
  add_test_image (project, "a.jpg", "hash-rofs", 800, 600);
  sh_project_close (project);
  g_autofree char *hash = file_sha256 (path);
  if (mount ("tmpfs", mount_point, "tmpfs", MS_REMOUNT | MS_RDONLY, "size=2m") != 0)
    {
      umount (mount_point);
      g_test_skip ("cannot remount the tmpfs read-only");
      return;
    }

  g_assert_null (sh_project_open (path, SH_PROJECT_OPEN_READ_WRITE, &error));
  g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_READ_ONLY);
  g_assert_nonnull (strstr (error->message, "open it read-only"));
  g_clear_error (&error);
  project = sh_project_open (path, SH_PROJECT_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_cmpint (query_int (project, "SELECT count(*) FROM images"), ==, 1);
  sh_project_close (project);

  g_autofree char *created = g_build_filename (mount_point, "new.shadelab", NULL);
  g_assert_null (sh_project_create (created, &error));
  g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_READ_ONLY);
  g_clear_error (&error);

  g_autofree char *hash_after = file_sha256 (path);
  g_assert_cmpstr (hash, ==, hash_after);
  g_assert_cmpint (umount (mount_point), ==, 0);
}

/* ---- full disk ---- */

/* Adds boxes with long labeler names until the store reports FULL; checks that the failing call left nothing. */
static void
fill_until_full (ShProject *project, gint64 image_id)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *labeler = g_strnfill (3000, 'x');
  gboolean full = FALSE;

  for (int i = 0; i < 100000 && !full; i++)
    {
      g_autofree char *before = row_counts (project);
      ShBoxRow row = { .image_id = image_id, .class_name = "product", .x = i % 700, .y = 1, .w = 10, .h = 10,
                       .score = -1, .labeler = labeler };
      gint64 id = 0;
      if (!sh_project_save_box (project, &row, &id, &error))
        {
          g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_FULL);
          g_assert_nonnull (strstr (error->message, "full"));
          g_test_message ("%s", error->message);
          g_assert_nonnull (strstr (error->message, "adding a box"));
          g_autofree char *after = row_counts (project);
          g_assert_cmpstr (before, ==, after);
          full = TRUE;
        }
    }
  g_assert_true (full);
  assert_integrity (project);

  /* A batch that runs into the full disk is cancelled whole. */
  g_autofree char *before_batch = row_counts (project);
  g_clear_error (&error);
  if (sh_project_begin (project, &error))
    {
      gboolean failed = FALSE;
      for (int i = 0; i < 1000 && !failed; i++)
        {
          ShBoxRow row = { .image_id = image_id, .class_name = "product", .x = 1, .y = 1, .w = 10, .h = 10,
                           .score = -1, .labeler = labeler };
          failed = !sh_project_save_box (project, &row, NULL, &error);
        }
      g_assert_true (failed);
      g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_FULL);
      g_clear_error (&error);
      sh_project_rollback (project);
    }
  else
    {
      g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_FULL);
    }
  g_autofree char *after_batch = row_counts (project);
  g_assert_cmpstr (before_batch, ==, after_batch);
  assert_integrity (project);
}

static void
test_full_page_limit (void)
{
  g_autofree char *path = tmp_path ("pagelimit.shadelab");
  g_autoptr (GError) error = NULL;
  ShProject *project = new_project ("pagelimit.shadelab");
  gint64 image_id = add_test_image (project, "a.jpg", "hash-full", 800, 600);
  gint64 pages = query_int (project, "PRAGMA page_count");
  g_autofree char *limit = g_strdup_printf ("PRAGMA max_page_count = %" G_GINT64_FORMAT, pages + 8);

  g_assert_cmpint (sqlite3_exec (test_project_db (project), limit, NULL, NULL, NULL), ==, SQLITE_OK);
  fill_until_full (project, image_id);
  gint64 boxes = query_int (project, "SELECT count(*) FROM boxes");
  g_assert_cmpint (boxes, >, 0);
  sh_project_close (project);

  project = sh_project_open (path, SH_PROJECT_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_cmpint (query_int (project, "SELECT count(*) FROM boxes"), ==, boxes);
  assert_integrity (project);
  sh_project_close (project);
}

static void
test_full_disk (void)
{
  g_autofree char *mount_point = tmp_path ("smalldisk");
  g_autofree char *path = g_build_filename (mount_point, "full.shadelab", NULL);
  g_autofree char *filler = g_build_filename (mount_point, "filler", NULL);
  g_autoptr (GError) error = NULL;
  ShProject *project;
  gint64 image_id, boxes;

  g_assert_cmpint (g_mkdir (mount_point, 0755), ==, 0);
  if (mount ("tmpfs", mount_point, "tmpfs", 0, "size=600k") != 0)
    {
      g_test_skip ("cannot mount a tmpfs here");
      return;
    }
  project = sh_project_create (path, &error);
  g_assert_no_error (error);
  image_id = add_test_image (project, "a.jpg", "hash-disk", 800, 600);
  add_test_box (project, image_id, 1, 1, 10, 10, "ann");

  /* Leave about 64 KiB free. */
  {
    FILE *file = fopen (filler, "wb");
    static char block[4096];
    g_assert_nonnull (file);
    for (int i = 0; i < 1000; i++)
      if (fwrite (block, 1, sizeof block, file) != sizeof block || fflush (file) != 0)
        break;
    fclose (file);
    /* The disk is now full; give back a little so that the project can grow a bit first. */
    struct stat st;
    g_assert_cmpint (stat (filler, &st), ==, 0);
    g_assert_cmpint (truncate (filler, MAX (0, st.st_size - 64 * 1024)), ==, 0);
  }

  fill_until_full (project, image_id);
  boxes = query_int (project, "SELECT count(*) FROM boxes");
  sh_project_close (project);

  /* After space is freed, the project opens with every committed box and takes new ones. */
  g_assert_cmpint (g_unlink (filler), ==, 0);
  project = sh_project_open (path, SH_PROJECT_OPEN_READ_WRITE, &error);
  g_assert_no_error (error);
  assert_integrity (project);
  g_assert_cmpint (query_int (project, "SELECT count(*) FROM boxes"), ==, boxes);
  add_test_box (project, image_id, 1, 1, 10, 10, "ann");
  g_assert_cmpint (query_int (project, "SELECT count(*) FROM boxes"), ==, boxes + 1);
  sh_project_close (project);
  g_assert_cmpint (umount (mount_point), ==, 0);
}

/* ---- rows ---- */

static void
test_images (void)
{
  g_autoptr (GError) error = NULL;
  ShProject *project = new_project ("images.shadelab");
  g_autofree char *inside = g_build_filename (tmp_dir, "photos", "lip 1.jpg", NULL);
  ShImageRow row = {
    .path = inside, .content_hash = "aaaa", .file_size = 5000, .format = "jpeg", .width = 1200, .height = 900,
    .orientation = 6, .profile_name = "Display P3", .photo_check_json = "{\"passed\": false, \"resolution\": "
    "{\"passed\": false}}", .photo_check_passed = 0, .photo_check_version = 1,
  };
  gint64 id = 0, again = 0, outside_id;
  gboolean added = FALSE;

  g_assert_true (sh_project_add_image (project, &row, &id, &added, &error));
  g_assert_no_error (error);
  g_assert_true (added);
  g_autofree char *stored = query_text (project, "SELECT path FROM images");
  g_assert_cmpstr (stored, ==, "photos/lip 1.jpg");
  g_autofree char *file_name = query_text (project, "SELECT file_name FROM images");
  g_assert_cmpstr (file_name, ==, "lip 1.jpg");
  g_autofree char *resolved = sh_project_resolve_path (project, stored);
  g_assert_cmpstr (resolved, ==, inside);
  g_assert_cmpint (query_int (project, "SELECT orientation * 10000 + width FROM images"), ==, 61200);
  g_assert_cmpint (query_int (project, "SELECT photo_check_passed FROM images"), ==, 0);
  g_autofree char *status = query_text (project, "SELECT status FROM images");
  g_assert_cmpstr (status, ==, "new");

  /* The same bytes under another name: the existing image, nothing added. */
  row.path = "/elsewhere/copy.jpg";
  g_assert_true (sh_project_add_image (project, &row, &again, &added, &error));
  g_assert_false (added);
  g_assert_cmpint (again, ==, id);
  g_assert_cmpint (query_int (project, "SELECT count(*) FROM images"), ==, 1);

  /* Outside the project folder: absolute. */
  outside_id = add_test_image (project, "/srv/catalogue/lip 1.jpg", "bbbb", 640, 480);
  g_autofree char *outside = query_text (project, "SELECT path FROM images WHERE content_hash = 'bbbb'");
  g_assert_cmpstr (outside, ==, "/srv/catalogue/lip 1.jpg");
  g_autofree char *outside_resolved = sh_project_resolve_path (project, outside);
  g_assert_cmpstr (outside_resolved, ==, "/srv/catalogue/lip 1.jpg");
  g_autofree char *relative_in = sh_project_store_path (project, tmp_dir);
  g_assert_cmpstr (relative_in, ==, tmp_dir);  /* the folder itself is not "below" it */

  GArray *found = sh_project_find_images_by_name (project, "lip 1.jpg", &error);
  g_assert_no_error (error);
  g_assert_cmpint (found->len, ==, 2);
  g_assert_cmpint (g_array_index (found, gint64, 0), ==, id);
  g_assert_cmpint (g_array_index (found, gint64, 1), ==, outside_id);
  g_array_unref (found);
  found = sh_project_find_images_by_name (project, "none.jpg", &error);
  g_assert_cmpint (found->len, ==, 0);
  g_array_unref (found);

  /* Refusals change nothing. */
  g_autofree char *before = row_counts (project);
  ShImageRow bad = row;
  bad.content_hash = "cccc";
  bad.width = 0;
  g_assert_false (sh_project_add_image (project, &bad, NULL, NULL, &error));
  g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_INVALID);
  g_clear_error (&error);
  bad.width = 10;
  bad.orientation = 9;
  g_assert_false (sh_project_add_image (project, &bad, NULL, NULL, &error));
  g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_INVALID);
  g_clear_error (&error);
  bad.orientation = 1;
  bad.photo_check_json = "{not json";
  g_assert_false (sh_project_add_image (project, &bad, NULL, NULL, &error));
  g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_INVALID);
  g_clear_error (&error);
  bad.photo_check_json = NULL;
  bad.format = NULL;
  g_assert_false (sh_project_add_image (project, &bad, NULL, NULL, &error));
  g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_INVALID);
  g_clear_error (&error);

  /* Statuses. */
  for (int s = SH_IMAGE_NEW; s <= SH_IMAGE_REJECTED; s++)
    {
      ShImageStatus back;
      g_assert_true (sh_image_status_from_name (sh_image_status_name (s), &back));
      g_assert_cmpint (back, ==, s);
    }
  ShImageStatus unused;
  g_assert_false (sh_image_status_from_name ("done", &unused));
  g_assert_true (sh_project_set_image_status (project, id, SH_IMAGE_REJECTED, "blurred", &error));
  g_assert_no_error (error);
  g_autofree char *rejected = query_text (project, "SELECT status || ':' || status_reason FROM images WHERE id = 1");
  g_assert_cmpstr (rejected, ==, "rejected:blurred");
  g_autofree char *before_status = row_counts (project);
  g_assert_false (sh_project_set_image_status (project, 999, SH_IMAGE_LABELED, NULL, &error));
  g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (sh_project_set_image_status (project, id, (ShImageStatus) 17, NULL, &error));
  g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_INVALID);
  g_clear_error (&error);
  g_autofree char *after = row_counts (project);
  g_assert_cmpstr (before_status, ==, after);
  g_autofree char *still = query_text (project, "SELECT status FROM images WHERE id = 1");
  g_assert_cmpstr (still, ==, "rejected");
  g_assert_cmpstr (before, ==, after);
  assert_integrity (project);
  sh_project_close (project);
}

static void
test_products (void)
{
  g_autoptr (GError) error = NULL;
  ShProject *project = new_project ("products.shadelab");
  gint64 image_id = add_test_image (project, "a.jpg", "h1", 800, 600);
  ShProductRow row = { .sku = "LIP-001", .brand = "Acme", .shade = "Ruby", .category = "lipstick",
                       .marketplace = "EU", .catalog_color = "#B0243A" };
  gint64 id = 0, again = 0, other = 0;

  g_assert_true (sh_project_upsert_product (project, &row, &id, &error));
  g_assert_no_error (error);
  g_autofree char *stored = query_text (project, "SELECT brand || '|' || shade || '|' || c.name || '|' || "
                                                 "marketplace || '|' || catalog_color FROM products p "
                                                 "JOIN categories c ON c.id = p.category_id");
  g_assert_cmpstr (stored, ==, "Acme|Ruby|lipstick|EU|#b0243a");

  /* Only the fields given change. */
  ShProductRow update = { .sku = "LIP-001", .shade = "Ruby Red" };
  g_assert_true (sh_project_upsert_product (project, &update, &again, &error));
  g_assert_no_error (error);
  g_assert_cmpint (again, ==, id);
  g_autofree char *updated = query_text (project, "SELECT brand || '|' || shade || '|' || catalog_color FROM products");
  g_assert_cmpstr (updated, ==, "Acme|Ruby Red|#b0243a");
  g_assert_cmpint (query_int (project, "SELECT count(*) FROM products"), ==, 1);

  /* A new category joins the list. */
  ShProductRow gloss = { .sku = "GLS-7", .category = "lip gloss" };
  g_assert_true (sh_project_upsert_product (project, &gloss, &other, &error));
  g_assert_cmpint (other, !=, id);
  g_assert_cmpint (query_int (project, "SELECT count(*) FROM categories"), ==, 6);
  g_assert_true (sh_project_upsert_product (project, &gloss, &other, &error));
  g_assert_cmpint (query_int (project, "SELECT count(*) FROM categories"), ==, 6);

  g_autofree char *before = row_counts (project);
  ShProductRow bad = { .sku = "LIP-002", .catalog_color = "#12345", .category = "brand new category" };
  g_assert_false (sh_project_upsert_product (project, &bad, NULL, &error));
  g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_INVALID);
  g_clear_error (&error);
  bad.catalog_color = "red";
  g_assert_false (sh_project_upsert_product (project, &bad, NULL, &error));
  g_clear_error (&error);
  ShProductRow no_sku = { .sku = "" };
  g_assert_false (sh_project_upsert_product (project, &no_sku, NULL, &error));
  g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (sh_project_set_image_product (project, image_id, 999, &error));
  g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (sh_project_set_image_product (project, 999, id, &error));
  g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_INVALID);
  g_clear_error (&error);
  g_autofree char *after = row_counts (project);
  g_assert_cmpstr (before, ==, after);

  g_assert_true (sh_project_set_image_product (project, image_id, id, &error));
  g_assert_cmpint (query_int (project, "SELECT product_id FROM images"), ==, id);
  g_assert_true (sh_project_set_image_product (project, image_id, 0, &error));
  g_assert_cmpint (query_int (project, "SELECT product_id IS NULL FROM images"), ==, 1);
  assert_integrity (project);
  sh_project_close (project);
}

static void
test_boxes (void)
{
  g_autoptr (GError) error = NULL;
  ShProject *project = new_project ("boxes.shadelab");
  gint64 image_id = add_test_image (project, "a.jpg", "h1", 800, 600);
  gint64 id, clipped_id, model_id;
  sqlite3_stmt *stmt = NULL;

  id = add_test_box (project, image_id, 100.5, 50, 200, 300, "ann");
  g_autofree char *coords = query_text (project, "SELECT x || ',' || y || ',' || w || ',' || h FROM boxes");
  g_assert_cmpstr (coords, ==, "100.5,50.0,200.0,300.0");

  /* Partly outside: clipped to the 800x600 image. */
  clipped_id = add_test_box (project, image_id, -20, 500, 100, 200, "ann");
  g_assert_cmpint (sqlite3_prepare_v2 (test_project_db (project), "SELECT x, y, w, h FROM boxes WHERE id = ?1",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, clipped_id);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpfloat (sqlite3_column_double (stmt, 0), ==, 0);
  g_assert_cmpfloat (sqlite3_column_double (stmt, 1), ==, 500);
  g_assert_cmpfloat (sqlite3_column_double (stmt, 2), ==, 80);
  g_assert_cmpfloat (sqlite3_column_double (stmt, 3), ==, 100);
  sqlite3_finalize (stmt);

  /* Refusals: wholly outside, empty, unknown image or box; nothing changes. */
  g_autofree char *before = row_counts (project);
  const double refused[][4] = { { 800, 0, 10, 10 }, { -50, 10, 50, 10 }, { 10, 600, 5, 5 }, { 10, 10, 0, 5 },
                                { 10, 10, 5, -1 }, { NAN, 10, 5, 5 } };
  for (size_t i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      ShBoxRow row = { .image_id = image_id, .class_name = "brand new class", .x = refused[i][0],
                       .y = refused[i][1], .w = refused[i][2], .h = refused[i][3], .score = -1 };
      g_assert_false (sh_project_save_box (project, &row, NULL, &error));
      g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_INVALID);
      g_clear_error (&error);
    }
  ShBoxRow unknown_image = { .image_id = 99, .class_name = "product", .x = 1, .y = 1, .w = 5, .h = 5, .score = -1 };
  g_assert_false (sh_project_save_box (project, &unknown_image, NULL, &error));
  g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_INVALID);
  g_clear_error (&error);
  ShBoxRow unknown_box = { .id = 99, .image_id = image_id, .class_name = "product", .x = 1, .y = 1, .w = 5, .h = 5,
                           .score = -1 };
  g_assert_false (sh_project_save_box (project, &unknown_box, NULL, &error));
  g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (sh_project_delete_box (project, 99, &error));
  g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_INVALID);
  g_clear_error (&error);
  g_autofree char *after = row_counts (project);
  g_assert_cmpstr (before, ==, after);

  /* A model box with its score and a new class; then a person accepts and corrects it. */
  ShBoxRow model = { .image_id = image_id, .class_name = "tester", .x = 10, .y = 20, .w = 30, .h = 40,
                     .source = SH_BOX_SOURCE_MODEL, .score = 0.875, .occluded = TRUE };
  g_assert_true (sh_project_save_box (project, &model, &model_id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (project, "SELECT count(*) FROM box_classes"), ==, 4);
  g_autofree char *model_text = query_text (project, "SELECT source || ',' || score || ',' || occluded || ',' || "
                                                     "accepted || ',' || (labeler IS NULL) FROM boxes WHERE id = 3");
  g_assert_cmpstr (model_text, ==, "model,0.875,1,0,1");
  model.id = model_id;
  model.accepted = TRUE;
  model.labeler = "bob";
  model.w = 35;
  g_assert_true (sh_project_save_box (project, &model, &model_id, &error));
  g_assert_cmpint (model_id, ==, 3);
  g_autofree char *edited = query_text (project, "SELECT w || ',' || accepted || ',' || labeler FROM boxes WHERE id = 3");
  g_assert_cmpstr (edited, ==, "35.0,1,bob");
  g_assert_cmpint (query_int (project, "SELECT count(*) FROM boxes"), ==, 3);

  g_assert_true (sh_project_delete_box (project, id, &error));
  g_assert_cmpint (query_int (project, "SELECT count(*) FROM boxes"), ==, 2);
  assert_integrity (project);
  sh_project_close (project);
}

static void
fill_swatch (ShSwatch *swatch, ShMethod method)
{
  memset (swatch, 0, sizeof *swatch);
  swatch->method = method;
  swatch->box = (ShBox) { 10, 20, 30, 40 };
  swatch->linear_rgb[0] = 0.4342;
  swatch->linear_rgb[1] = 0.0176;
  swatch->linear_rgb[2] = 0.0423;
  swatch->lab[0] = 39.5;
  swatch->lab[1] = 57.25;
  swatch->lab[2] = 25.0;
  strcpy (swatch->hex, "#b0243a");
  swatch->in_gamut = 1;
  swatch->counts[SH_PIXEL_USED] = 900;
  swatch->counts[SH_PIXEL_BACKGROUND] = 300;
  swatch->total = 1200;
  swatch->spread = 1.5;
  swatch->confidence = 0.8;
  swatch->finish.finish = SH_FINISH_GLOSS;
  swatch->finish.gloss_score = 0.7;
  swatch->glitter.present = 1;
  swatch->glitter.density = 2.5;
  strcpy (swatch->glitter.hex, "#ffd700");
}

static void
test_swatches (void)
{
  g_autoptr (GError) error = NULL;
  ShProject *project = new_project ("swatches.shadelab");
  gint64 image_id = add_test_image (project, "a.jpg", "h1", 800, 600);
  gint64 box_id = add_test_box (project, image_id, 10, 20, 30, 40, "ann");
  ShSwatch swatch;

  fill_swatch (&swatch, SH_METHOD_ROBUST);
  g_assert_true (sh_project_save_swatch (project, box_id, &swatch, &error));
  g_assert_no_error (error);
  fill_swatch (&swatch, SH_METHOD_MEAN);
  g_assert_true (sh_project_save_swatch (project, box_id, &swatch, &error));
  g_assert_cmpint (query_int (project, "SELECT count(*) FROM swatches"), ==, 2);

  g_autofree char *robust = query_text (project, "SELECT srgb || ',' || lab_l || ',' || linear_r || ',' || finish || "
                                                 "',' || algorithm_version FROM swatches WHERE method = 'robust'");
  g_autofree char *expected = g_strdup_printf ("#b0243a,39.5,0.4342,gloss,%d", SH_EXTRACT_ALGORITHM_VERSION);
  g_assert_cmpstr (robust, ==, expected);
  g_assert_cmpint (query_int (project, "SELECT pixels ->> '$.used' FROM swatches WHERE method = 'robust'"), ==, 900);
  g_assert_cmpint (query_int (project, "SELECT pixels ->> '$.total' FROM swatches WHERE method = 'robust'"), ==, 1200);
  g_autofree char *glitter = query_text (project, "SELECT glitter_json ->> '$.color' FROM swatches LIMIT 1");
  g_assert_cmpstr (glitter, ==, "#ffd700");
  g_autofree char *finish_class = query_text (project, "SELECT finish_json ->> '$.class' FROM swatches LIMIT 1");
  g_assert_cmpstr (finish_class, ==, "gloss");

  /* The same method again replaces the old swatch. */
  fill_swatch (&swatch, SH_METHOD_ROBUST);
  strcpy (swatch.hex, "#a01010");
  g_assert_true (sh_project_save_swatch (project, box_id, &swatch, &error));
  g_assert_cmpint (query_int (project, "SELECT count(*) FROM swatches"), ==, 2);
  g_autofree char *replaced = query_text (project, "SELECT srgb FROM swatches WHERE method = 'robust'");
  g_assert_cmpstr (replaced, ==, "#a01010");

  g_autofree char *before = row_counts (project);
  g_assert_false (sh_project_save_swatch (project, 999, &swatch, &error));
  g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_INVALID);
  g_clear_error (&error);
  swatch.lab[0] = NAN;
  g_assert_false (sh_project_save_swatch (project, box_id, &swatch, &error));
  g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_INVALID);
  g_clear_error (&error);
  g_autofree char *after = row_counts (project);
  g_assert_cmpstr (before, ==, after);

  /* Deleting the box takes its swatches along. */
  g_assert_true (sh_project_delete_box (project, box_id, &error));
  g_assert_cmpint (query_int (project, "SELECT count(*) FROM swatches"), ==, 0);
  assert_integrity (project);
  sh_project_close (project);
}

static void
test_materials (void)
{
  g_autoptr (GError) error = NULL;
  ShProject *project = new_project ("materials.shadelab");
  ShProductRow product = { .sku = "LIP-9" };
  gint64 product_id = 0;
  sqlite3_stmt *stmt = NULL;

  g_assert_true (sh_project_upsert_product (project, &product, &product_id, NULL));
  g_assert_true (sh_project_set_material (project, product_id, "roughness", "0.35", "ann", "first look", &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (project, "SELECT count(*) FROM materials"), ==, 1);
  g_assert_cmpint (query_int (project, "SELECT round (roughness * 100) FROM materials"), ==, 35);
  /* Defaults of a new row. */
  g_assert_cmpint (query_int (project, "SELECT specular = 1 AND ior = 1.5 AND metallic = 0 FROM materials"), ==, 1);
  g_assert_true (sh_project_set_material (project, product_id, "roughness", "0.5", "bob", NULL, &error));
  g_assert_true (sh_project_set_material (project, product_id, "base_color", "#B0243A", "bob", NULL, &error));
  g_assert_true (sh_project_set_material (project, product_id, "specular_color", "[1, 0.5, 1.2]", "bob", NULL,
                                          &error));
  g_assert_true (sh_project_set_material (project, product_id, "finish", "glitter", "bob", NULL, &error));
  g_assert_true (sh_project_set_material (project, product_id, "ior", "0", "bob", NULL, &error));
  g_assert_true (sh_project_set_material (project, product_id, "base_color", NULL, "bob", "back to the swatch",
                                          &error));
  g_assert_no_error (error);

  /* "from" is the value as exported before: LIP-9 has no finish, so its roughness was the starting 0.5, and
   * no colour at all. Each call is one entry of one parameter. */
  const char *expected[][5] = {
    { "roughness", "0.5", "0.35", "ann", "first look" },
    { "roughness", "0.35", "0.5", "bob", NULL },
    { "base_color", NULL, "#b0243a", "bob", NULL },
    { "specular_color", "[1,1,1]", "[1,0.5,1.2]", "bob", NULL },
    { "finish", NULL, "glitter", "bob", NULL },
    { "ior", "1.5", "0", "bob", NULL },
    { "base_color", "#b0243a", NULL, "bob", "back to the swatch" },
  };
  g_assert_cmpint (sqlite3_prepare_v2 (test_project_db (project),
                                       "SELECT a.parameter, a.old_value, a.new_value, c.who, c.note, c.at, "
                                       "c.product_id FROM material_audit a JOIN material_changes c "
                                       "ON c.id = a.change_id ORDER BY a.id", -1, &stmt, NULL), ==, SQLITE_OK);
  for (size_t i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
      for (int c = 0; c < 5; c++)
        g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, c), ==, expected[i][c]);
      g_assert_nonnull (sqlite3_column_text (stmt, 5));
      g_assert_cmpint (sqlite3_column_int64 (stmt, 6), ==, product_id);
    }
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  g_autofree char *color = query_text (project, "SELECT specular_color || ' ' || updated_by FROM materials");
  g_assert_cmpstr (color, ==, "[1,0.5,1.2] bob");

  /* Refusals write neither the material nor the audit. */
  g_autofree char *before = row_counts (project);
  g_autofree char *material_before = query_text (project, "SELECT json_array (roughness, specular_color, finish, ior, "
                                                          "sheen_color) FROM materials");
  const char *refused[][2] = {
    { "roughness", "1.5" }, { "roughness", "-0.1" }, { "roughness", "abc" }, { "roughness", "0.5x" },
    { "roughness", "nan" }, { "metallic", NULL }, { "base_color", "#12345g" }, { "finish", "sparkle" },
    { "specular_color", "[1,1]" }, { "specular_color", "[1,-1,1]" }, { "sheen_color", "[2,0,0]" },
    { "sheen_color", "{\"r\":1}" }, { "ior", "0.5" }, { "glitter_density", "-1" }, { "colour", "#ffffff" },
    { "product_id", "3" }, { "roughness; DROP TABLE materials", "0.1" },
  };
  for (size_t i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_assert_false (sh_project_set_material (project, product_id, refused[i][0], refused[i][1], "ann", NULL,
                                               &error));
      g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_INVALID);
      g_clear_error (&error);
    }
  g_assert_false (sh_project_set_material (project, 999, "roughness", "0.2", "ann", NULL, &error));
  g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (sh_project_set_material (project, product_id, "roughness", "0.2", "", NULL, &error));
  g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_INVALID);
  g_clear_error (&error);
  g_autofree char *after = row_counts (project);
  g_autofree char *material_after = query_text (project, "SELECT json_array (roughness, specular_color, finish, ior, "
                                                         "sheen_color) FROM materials");
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpstr (material_before, ==, material_after);
  assert_integrity (project);
  sh_project_close (project);
}

static void
test_reviews_and_time (void)
{
  g_autoptr (GError) error = NULL;
  ShProject *project = new_project ("reviews.shadelab");
  gint64 image_id = add_test_image (project, "a.jpg", "h1", 800, 600);
  ShProductRow product = { .sku = "LIP-1" };
  gint64 product_id = 0;

  g_assert_true (sh_project_upsert_product (project, &product, &product_id, NULL));
  g_assert_true (sh_project_add_review (project, product_id, TRUE, NULL, "carol", &error));
  g_assert_true (sh_project_add_review (project, product_id, FALSE, "too orange", "dave", &error));
  g_assert_no_error (error);
  g_autofree char *reviews = query_text (project, "SELECT group_concat (decision || ':' || coalesce (comment, '-') "
                                                  "|| ':' || reviewer, ';') FROM reviews");
  g_assert_cmpstr (reviews, ==, "accept:-:carol;reject:too orange:dave");
  g_assert_true (sh_project_add_labeling_time (project, image_id, "ann", 12.5, &error));
  g_assert_true (sh_project_add_labeling_time (project, image_id, "ann", 7.5, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (project, "SELECT sum (seconds) FROM labeling_time"), ==, 20);

  g_autofree char *before = row_counts (project);
  g_assert_false (sh_project_add_review (project, 999, TRUE, NULL, "carol", &error));
  g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (sh_project_add_review (project, product_id, TRUE, NULL, NULL, &error));
  g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (sh_project_add_labeling_time (project, image_id, "ann", -1, &error));
  g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (sh_project_add_labeling_time (project, image_id, "ann", INFINITY, &error));
  g_clear_error (&error);
  g_assert_false (sh_project_add_labeling_time (project, 999, "ann", 1, &error));
  g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_INVALID);
  g_clear_error (&error);
  g_autofree char *after = row_counts (project);
  g_assert_cmpstr (before, ==, after);
  assert_integrity (project);
  sh_project_close (project);
}

static void
test_batches (void)
{
  g_autofree char *path = tmp_path ("batches.shadelab");
  g_autoptr (GError) error = NULL;
  ShProject *project = new_project ("batches.shadelab");
  gint64 image_id;

  /* Rolled back: nothing. */
  g_assert_true (sh_project_begin (project, &error));
  g_assert_false (sh_project_begin (project, &error));
  g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_FAILED);
  g_clear_error (&error);
  add_test_image (project, "a.jpg", "h1", 800, 600);
  add_test_image (project, "b.jpg", "h2", 800, 600);
  sh_project_rollback (project);
  g_assert_cmpint (query_int (project, "SELECT count(*) FROM images"), ==, 0);

  /* A refused row inside a batch leaves nothing of itself; the rest of the batch commits. */
  g_assert_true (sh_project_begin (project, &error));
  image_id = add_test_image (project, "a.jpg", "h1", 800, 600);
  ShProductRow product = { .sku = "S1", .category = "new category" };
  g_assert_true (sh_project_upsert_product (project, &product, NULL, &error));
  ShBoxRow outside = { .image_id = image_id, .class_name = "another new class", .x = 900, .y = 0, .w = 10, .h = 10,
                       .score = -1 };
  g_assert_false (sh_project_save_box (project, &outside, NULL, &error));
  g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_INVALID);
  g_clear_error (&error);
  add_test_box (project, image_id, 1, 1, 10, 10, "ann");
  g_assert_true (sh_project_commit (project, &error));
  g_assert_no_error (error);
  g_assert_false (sh_project_commit (project, &error));
  g_clear_error (&error);
  sh_project_close (project);

  project = sh_project_open (path, SH_PROJECT_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_cmpint (query_int (project, "SELECT count(*) FROM images"), ==, 1);
  g_assert_cmpint (query_int (project, "SELECT count(*) FROM boxes"), ==, 1);
  g_assert_cmpint (query_int (project, "SELECT count(*) FROM box_classes"), ==, 3);
  g_assert_cmpint (query_int (project, "SELECT count(*) FROM categories"), ==, 6);
  assert_integrity (project);
  sh_project_close (project);

  /* Closing with an open batch drops it. */
  project = sh_project_open (path, SH_PROJECT_OPEN_READ_WRITE, &error);
  g_assert_true (sh_project_begin (project, &error));
  add_test_image (project, "c.jpg", "h3", 800, 600);
  sh_project_close (project);
  project = sh_project_open (path, SH_PROJECT_OPEN_READ_ONLY, &error);
  g_assert_cmpint (query_int (project, "SELECT count(*) FROM images"), ==, 1);
  sh_project_close (project);
}

static void
test_set_error_mapping (void)
{
  g_autoptr (GError) error = NULL;
  ShProject *project = new_project ("errors.shadelab");
  sqlite3 *db = test_project_db (project);

  g_assert_cmpint (sqlite3_exec (db, "INSERT INTO images (id) VALUES (1)", NULL, NULL, NULL) & 0xff, ==,
                   SQLITE_CONSTRAINT);
  g_assert_false (sh_project_set_error (project, &error, "testing"));
  g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "testing: "));
  g_clear_error (&error);
  g_assert_cmpint (sqlite3_exec (db, "SELECT * FROM no_such_table", NULL, NULL, NULL), ==, SQLITE_ERROR);
  sh_project_set_error (project, &error, "testing");
  g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "no_such_table"));
  sh_project_close (project);
}

static double
json_number (cJSON *json, const char *path)
{
  g_auto (GStrv) parts = g_strsplit (path, ".", -1);
  for (int i = 0; parts[i] != NULL && json != NULL; i++)
    json = cJSON_GetObjectItemCaseSensitive (json, parts[i]);
  g_assert_true (cJSON_IsNumber (json));
  return json->valuedouble;
}

static void
test_stats (void)
{
  g_autoptr (GError) error = NULL;
  ShProject *project = new_project ("stats.shadelab");
  gint64 images[6], lipstick = 0, lipstick2 = 0, eyeliner = 0, loose = 0;
  cJSON *stats, *labelers, *by_category;

  for (int i = 0; i < 6; i++)
    {
      g_autofree char *name = g_strdup_printf ("p%d.jpg", i);
      g_autofree char *hash = g_strdup_printf ("hash%d", i);
      images[i] = add_test_image (project, name, hash, 800, 600);
    }
  g_assert_true (sh_project_upsert_product (project, &(ShProductRow) { .sku = "L1", .category = "lipstick" },
                                            &lipstick, NULL));
  g_assert_true (sh_project_upsert_product (project, &(ShProductRow) { .sku = "L2", .category = "lipstick" },
                                            &lipstick2, NULL));
  g_assert_true (sh_project_upsert_product (project, &(ShProductRow) { .sku = "E1", .category = "eyeliner" },
                                            &eyeliner, NULL));
  g_assert_true (sh_project_upsert_product (project, &(ShProductRow) { .sku = "X1" }, &loose, NULL));
  sh_project_set_image_product (project, images[0], lipstick, NULL);
  sh_project_set_image_product (project, images[1], lipstick, NULL);
  sh_project_set_image_product (project, images[2], lipstick2, NULL);
  sh_project_set_image_product (project, images[3], eyeliner, NULL);
  sh_project_set_image_product (project, images[4], loose, NULL);
  sh_project_set_image_status (project, images[0], SH_IMAGE_LABELED, NULL, NULL);
  sh_project_set_image_status (project, images[3], SH_IMAGE_LABELED, NULL, NULL);
  sh_project_set_image_status (project, images[4], SH_IMAGE_SKIPPED, NULL, NULL);
  sh_project_set_image_status (project, images[2], SH_IMAGE_REJECTED, "blur", NULL);
  add_test_box (project, images[0], 1, 1, 10, 10, "ann");
  add_test_box (project, images[0], 1, 1, 10, 10, "ann");
  add_test_box (project, images[3], 1, 1, 10, 10, "bob");
  ShBoxRow model = { .image_id = images[1], .class_name = "packaging", .x = 1, .y = 1, .w = 5, .h = 5,
                     .source = SH_BOX_SOURCE_MODEL, .score = 0.9, .accepted = TRUE };
  g_assert_true (sh_project_save_box (project, &model, NULL, NULL));
  model.accepted = FALSE;
  g_assert_true (sh_project_save_box (project, &model, NULL, NULL));
  sh_project_add_labeling_time (project, images[0], "ann", 30, NULL);
  sh_project_add_labeling_time (project, images[0], "ann", 15.5, NULL);
  sh_project_add_labeling_time (project, images[1], "ann", 4.5, NULL);
  sh_project_add_labeling_time (project, images[3], "carol", 60, NULL);

  stats = sh_project_stats_json (project, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (json_number (stats, "images.total"), ==, 6);
  g_assert_cmpfloat (json_number (stats, "images.new"), ==, 2);
  g_assert_cmpfloat (json_number (stats, "images.labeled"), ==, 2);
  g_assert_cmpfloat (json_number (stats, "images.skipped"), ==, 1);
  g_assert_cmpfloat (json_number (stats, "images.rejected"), ==, 1);
  g_assert_cmpfloat (json_number (stats, "images.done"), ==, 4);
  g_assert_cmpfloat (json_number (stats, "images.done_fraction"), ==, 0.6667);
  g_assert_cmpfloat (json_number (stats, "boxes.total"), ==, 5);
  g_assert_cmpfloat (json_number (stats, "boxes.by_class.product"), ==, 3);
  g_assert_cmpfloat (json_number (stats, "boxes.by_class.packaging"), ==, 2);
  g_assert_cmpfloat (json_number (stats, "boxes.by_class.distractor"), ==, 0);
  g_assert_cmpfloat (json_number (stats, "boxes.by_source.human"), ==, 3);
  g_assert_cmpfloat (json_number (stats, "boxes.by_source.model"), ==, 2);
  g_assert_cmpfloat (json_number (stats, "boxes.model_accepted"), ==, 1);

  labelers = cJSON_GetObjectItem (stats, "labelers");
  g_assert_cmpint (cJSON_GetArraySize (labelers), ==, 3);
  cJSON *ann = cJSON_GetArrayItem (labelers, 0), *bob = cJSON_GetArrayItem (labelers, 1),
        *carol = cJSON_GetArrayItem (labelers, 2);
  g_assert_cmpstr (cJSON_GetObjectItem (ann, "name")->valuestring, ==, "ann");
  g_assert_cmpfloat (json_number (ann, "boxes"), ==, 2);
  g_assert_cmpfloat (json_number (ann, "seconds"), ==, 50);
  g_assert_cmpfloat (json_number (ann, "visits"), ==, 3);
  g_assert_cmpfloat (json_number (ann, "images"), ==, 2);
  g_assert_cmpstr (cJSON_GetObjectItem (bob, "name")->valuestring, ==, "bob");
  g_assert_cmpfloat (json_number (bob, "boxes"), ==, 1);
  g_assert_cmpfloat (json_number (bob, "seconds"), ==, 0);
  g_assert_cmpstr (cJSON_GetObjectItem (carol, "name")->valuestring, ==, "carol");
  g_assert_cmpfloat (json_number (carol, "boxes"), ==, 0);
  g_assert_cmpfloat (json_number (carol, "seconds"), ==, 60);

  /* Covered: L1 (image 0 labeled) and E1 (image 3 labeled); L2's image is rejected, X1's skipped. */
  g_assert_cmpfloat (json_number (stats, "coverage.products"), ==, 4);
  g_assert_cmpfloat (json_number (stats, "coverage.covered"), ==, 2);
  g_assert_cmpfloat (json_number (stats, "coverage.fraction"), ==, 0.5);
  by_category = cJSON_GetObjectItem (cJSON_GetObjectItem (stats, "coverage"), "by_category");
  g_assert_cmpint (cJSON_GetArraySize (by_category), ==, 6);  /* five seeded + the products without one */
  cJSON *first = cJSON_GetArrayItem (by_category, 0), *third = cJSON_GetArrayItem (by_category, 2),
        *last = cJSON_GetArrayItem (by_category, 5);
  g_assert_cmpstr (cJSON_GetObjectItem (first, "category")->valuestring, ==, "lipstick");
  g_assert_cmpfloat (json_number (first, "products"), ==, 2);
  g_assert_cmpfloat (json_number (first, "covered"), ==, 1);
  g_assert_cmpfloat (json_number (first, "fraction"), ==, 0.5);
  g_assert_cmpstr (cJSON_GetObjectItem (third, "category")->valuestring, ==, "eyeliner");
  g_assert_cmpfloat (json_number (third, "covered"), ==, 1);
  g_assert_true (cJSON_IsNull (cJSON_GetObjectItem (last, "category")));
  g_assert_cmpfloat (json_number (last, "products"), ==, 1);
  g_assert_cmpfloat (json_number (last, "covered"), ==, 0);
  cJSON_Delete (stats);

  /* The store keeps these counts as rows change: a box deleted, a model box taken over by a labeler as another
   * class, a photo back to new, and everything said again from a fresh connection. */
  {
    g_autofree char *path = g_strdup (sh_project_get_path (project));
    gint64 ann_box = add_test_box (project, images[5], 1, 1, 10, 10, "ann");

    g_assert_true (sh_project_delete_box (project, ann_box, &error));
    model.accepted = TRUE;
    model.class_name = "product";
    model.labeler = "bob";
    model.id = 0;
    g_assert_true (sh_project_save_box (project, &model, &model.id, &error));
    model.accepted = FALSE;
    model.class_name = "distractor";
    model.labeler = NULL;
    g_assert_true (sh_project_save_box (project, &model, NULL, &error));
    g_assert_true (sh_project_delete_box (project, model.id, &error));
    add_test_box (project, images[5], 1, 1, 10, 10, NULL);
    sh_project_set_image_status (project, images[3], SH_IMAGE_NEW, NULL, NULL);
    sh_project_set_image_status (project, images[5], SH_IMAGE_LABELED, NULL, NULL);
    sh_project_add_labeling_time (project, images[5], "bob", 2.25, NULL);
    sh_project_close (project);
    project = sh_project_open (path, SH_PROJECT_OPEN_READ_ONLY, &error);
    g_assert_no_error (error);
  }
  stats = sh_project_stats_json (project, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (json_number (stats, "images.new"), ==, 2);
  g_assert_cmpfloat (json_number (stats, "images.labeled"), ==, 2);
  g_assert_cmpfloat (json_number (stats, "boxes.total"), ==, 6);
  g_assert_cmpfloat (json_number (stats, "boxes.by_class.product"), ==, 4);
  g_assert_cmpfloat (json_number (stats, "boxes.by_class.packaging"), ==, 2);
  g_assert_cmpfloat (json_number (stats, "boxes.by_class.distractor"), ==, 0);
  g_assert_cmpfloat (json_number (stats, "boxes.by_source.human"), ==, 4);
  g_assert_cmpfloat (json_number (stats, "boxes.model_accepted"), ==, 1);
  labelers = cJSON_GetObjectItem (stats, "labelers");
  g_assert_cmpint (cJSON_GetArraySize (labelers), ==, 3);
  bob = cJSON_GetArrayItem (labelers, 1);
  g_assert_cmpstr (cJSON_GetObjectItem (bob, "name")->valuestring, ==, "bob");
  g_assert_cmpfloat (json_number (bob, "boxes"), ==, 1);
  g_assert_cmpfloat (json_number (bob, "seconds"), ==, 2.25);
  g_assert_cmpfloat (json_number (bob, "visits"), ==, 1);
  g_assert_cmpfloat (json_number (bob, "images"), ==, 1);
  cJSON_Delete (stats);
  sh_project_close (project);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/project/create-open-close", test_create_open_close);
  g_test_add_func ("/project/newer-version", test_newer_version);
  g_test_add_func ("/project/not-a-project", test_not_a_project);
  g_test_add_func ("/project/in-use", test_in_use);
  g_test_add_func ("/project/lock-released-when-killed", test_lock_released_when_killed);
  g_test_add_func ("/project/read-only/open-mode", test_read_only_open);
  g_test_add_func ("/project/read-only/immutable", test_read_only_immutable);
  g_test_add_func ("/project/read-only/file-system", test_read_only_file_system);
  g_test_add_func ("/project/full/page-limit", test_full_page_limit);
  g_test_add_func ("/project/full/disk", test_full_disk);
  g_test_add_func ("/project/images", test_images);
  g_test_add_func ("/project/products", test_products);
  g_test_add_func ("/project/boxes", test_boxes);
  g_test_add_func ("/project/swatches", test_swatches);
  g_test_add_func ("/project/materials", test_materials);
  g_test_add_func ("/project/reviews-and-time", test_reviews_and_time);
  g_test_add_func ("/project/batches", test_batches);
  g_test_add_func ("/project/set-error", test_set_error_mapping);
  g_test_add_func ("/project/stats", test_stats);

  return run_tests_in_tmp_dir ("shadelab-project", &tmp_dir);
}
