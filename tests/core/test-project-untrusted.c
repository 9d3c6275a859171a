/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-project-untrusted.c: project files from other people are untrusted input. Crafted files (a trigger that
 * deletes photos when a box is added, a view in place of a table, an extra column, a changed constraint, an
 * extra or a missing index, an old version with a trigger) are refused before anything is read or written,
 * with a message naming the file and the object, and stay byte for byte as they were; a file whose schema only
 * differs in comments, layout or letter case still opens; every connection is defensive (triggers of the file
 * off even when one is added behind the check); a corrupted page gives a clear error, not a crash. */
#define G_LOG_DOMAIN "shadelab-test-project-untrusted"

#include "config.h"

#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "core/store/project-schema-check.h"
#include "core/store/project.h"
#include "tests/lib/project-db.h"
#include "tests/lib/test-fs.h"
#include "tests/lib/test-store.h"

extern const char sh_project_schema_sql[];

static char *tmp_dir;

/* ---- helpers ---- */

static char *
tmp_path (const char *name)
{
  return g_build_filename (tmp_dir, name, NULL);
}

/* Runs SQL on the file through a plain connection, as anyone's sqlite3 would. */
static void
raw_exec (const char *path, const char *sql)
{
  sqlite3 *db = NULL;
  char *message = NULL;
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  sqlite3_close (db);
}

static gint64
add_image (ShProject *project, int i)
{
  g_autofree char *path = g_strdup_printf ("photos/p%05d.jpg", i);
  g_autofree char *hash = g_strdup_printf ("%064x", i + 1);

  return add_image_row (project, path, hash, 800, 600, NULL);
}

static gint64
add_box (ShProject *project, gint64 image_id, GError **error)
{
  ShBoxRow box = {
    .image_id = image_id, .class_name = "product", .x = 10, .y = 10, .w = 100, .h = 200,
    .source = SH_BOX_SOURCE_HUMAN, .score = -1, .labeler = "ann",
  };
  gint64 id = 0;
  sh_project_save_box (project, &box, &id, error);
  return id;
}

/* A real project: n photos, a box on the first. */
static char *
make_project (const char *name, int n)
{
  char *path = tmp_path (name);
  g_autoptr (GError) error = NULL;
  ShProject *project;
  gint64 first = 0;

  g_unlink (path);
  project = sh_project_create (path, &error);
  g_assert_no_error (error);
  g_assert_true (sh_project_begin (project, NULL));
  for (int i = 0; i < n; i++)
    {
      gint64 id = add_image (project, i);
      if (i == 0)
        first = id;
    }
  g_assert_true (sh_project_commit (project, NULL));
  g_assert_cmpint (add_box (project, first, &error), >, 0);
  g_assert_no_error (error);
  sh_project_close (project);
  return path;
}

/* The file is refused in both open modes with SH_PROJECT_ERROR_UNTRUSTED and a message that names it and says
 * message; nothing in it changes. */
static void
assert_refused (const char *path, const char *message)
{
  g_autofree char *before = file_sha256 (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);

  for (int mode = SH_PROJECT_OPEN_READ_WRITE; mode <= SH_PROJECT_OPEN_READ_ONLY; mode++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *expected = g_strdup_printf ("'%s' %s: the file was altered; it is not opened", base, message);

      g_assert_null (sh_project_open (path, mode, &error));
      g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_UNTRUSTED);
      g_assert_cmpstr (error->message, ==, expected);
      g_test_message ("%s", error->message);
    }
  g_autofree char *after = file_sha256 (path);
  g_assert_cmpstr (before, ==, after);
  /* A read-only connection may leave an empty write-ahead log behind (it cannot delete it); never a change. */
  if (g_file_test (wal, G_FILE_TEST_EXISTS))
    {
      GStatBuf st;
      g_assert_cmpint (g_stat (wal, &st), ==, 0);
      g_assert_cmpint (st.st_size, ==, 0);
    }
}

static ShProject *
open_ok (const char *path, ShProjectOpenMode mode)
{
  g_autoptr (GError) error = NULL;
  ShProject *project = sh_project_open (path, mode, &error);
  g_assert_no_error (error);
  g_assert_nonnull (project);
  return project;
}

/* ---- the comparison ---- */

static void
test_normalize (void)
{
  static const struct {
    const char *a, *b;
    gboolean same;
  } cases[] = {
    { "CREATE TABLE t (\n  a INTEGER, -- note\n  b TEXT /* x */\n) STRICT", "create table t(a integer,b text)strict",
      TRUE },
    { "CREATE TABLE t (a TEXT DEFAULT 'New')", "create table t (a text default 'new')", FALSE },
    { "CREATE TABLE t (a TEXT DEFAULT 'a  b')", "CREATE TABLE t (a TEXT DEFAULT 'a b')", FALSE },
    { "CREATE TABLE t (a TEXT DEFAULT 'it''s -- not a comment')", "CREATE TABLE t (a TEXT DEFAULT 'it''s')", FALSE },
    { "CREATE TABLE t (a CHECK (a <= 1))", "CREATE TABLE t (a CHECK (a < = 1))", FALSE },
    { "CREATE TABLE t (a CHECK (a - -1))", "CREATE TABLE t (a CHECK (a --1\n))", FALSE },
    { "CREATE TABLE t (a CHECK (a > 0))", "CREATE TABLE t (a CHECK (a   >\n0))", TRUE },
    { "CREATE TABLE \"T\" (a)", "CREATE TABLE \"t\" (a)", FALSE },
    { "CREATE TABLE [x y] (a)", "CREATE TABLE [x  y] (a)", FALSE },
    { "CREATE TABLE t (ab)", "CREATE TABLE t (a b)", FALSE },
  };

  for (size_t i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *a = sh_project_normalize_schema_sql (cases[i].a);
      g_autofree char *b = sh_project_normalize_schema_sql (cases[i].b);
      if ((strcmp (a, b) == 0) != cases[i].same)
        g_error ("case %zu: '%s' and '%s' should %s", i, a, b, cases[i].same ? "match" : "differ");
    }
}

/* The expected schema comes from the migrations themselves: the latest one is what a new project holds. */
static void
test_reference (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = make_project ("reference.shadelab", 1);
  sqlite3 *reference = sh_project_new_reference_db (SH_PROJECT_SCHEMA_VERSION, &error);
  sqlite3 *empty = sh_project_new_reference_db (0, &error);

  g_assert_no_error (error);
  g_assert_nonnull (reference);
  g_assert_true (sh_project_check_schema (reference, "reference", SH_PROJECT_SCHEMA_VERSION, &error));
  g_assert_no_error (error);
  g_assert_false (sh_project_check_schema (empty, "empty", SH_PROJECT_SCHEMA_VERSION, &error));
  g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_UNTRUSTED);
  g_assert_nonnull (strstr (error->message, "'empty' lacks the table"));
  g_clear_error (&error);
  g_assert_false (sh_project_check_schema (reference, "newest", 0, &error));
  g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_UNTRUSTED);
  g_clear_error (&error);
  sqlite3_close (reference);
  sqlite3_close (empty);
}

/* ---- crafted files ---- */

static void
test_trigger (void)
{
  g_autofree char *path = make_project ("trigger.shadelab", 3);

  raw_exec (path, "CREATE TRIGGER wipe AFTER INSERT ON boxes BEGIN DELETE FROM images; END");
  assert_refused (path, "contains a trigger 'wipe' on 'boxes' that Shadelab does not create");
  g_assert_cmpint (read_int (path, "SELECT count(*) FROM images"), ==, 3);

  /* A trigger may share a table's name (its own name space): still refused. */
  raw_exec (path, "DROP TRIGGER wipe; CREATE TRIGGER images BEFORE DELETE ON images BEGIN SELECT 1; END");
  assert_refused (path, "contains a trigger 'images' on 'images' that Shadelab does not create");
}

static void
test_view_in_place_of_table (void)
{
  g_autofree char *path = make_project ("view.shadelab", 2);

  /* Whatever reads labeling_time would read the photos' paths instead. */
  raw_exec (path, "DROP TABLE labeling_time; "
                  "CREATE VIEW labeling_time (id, image_id, labeler, seconds, at) AS "
                  "SELECT id, id, path, 0, imported_at FROM images");
  assert_refused (path, "contains a view 'labeling_time' in place of the table Shadelab creates");
}

static void
test_extra_view (void)
{
  g_autofree char *path = make_project ("extra-view.shadelab", 1);

  raw_exec (path, "CREATE VIEW everything AS SELECT * FROM images");
  assert_refused (path, "contains a view 'everything' that Shadelab does not create");
}

static void
test_extra_column (void)
{
  g_autofree char *path = make_project ("column.shadelab", 2);

  raw_exec (path, "ALTER TABLE images ADD COLUMN note TEXT DEFAULT 'x'");
  assert_refused (path, "contains a table 'images' that differs from the one Shadelab creates");
}

/* A table edited in place (as PRAGMA writable_schema allows): a constraint gone, the rows unchanged. */
static void
test_altered_table (void)
{
  g_autofree char *path = make_project ("altered.shadelab", 2);

  raw_exec (path, "PRAGMA writable_schema = ON; "
                  "UPDATE sqlite_schema SET sql = replace (sql, 'CHECK (w > 0)', '') WHERE name = 'boxes'");
  g_assert_cmpint (read_int (path, "SELECT instr (sql, 'CHECK (w > 0)') FROM sqlite_schema WHERE name = 'boxes'"),
                   ==, 0);
  assert_refused (path, "contains a table 'boxes' that differs from the one Shadelab creates");
}

/* An extra index is refused too: a UNIQUE or partial index changes which writes succeed, an index on an
 * expression runs code on every write, and telling harmless ones apart would mean trusting the file's SQL. */
static void
test_extra_index (void)
{
  g_autofree char *path = make_project ("index.shadelab", 2);

  raw_exec (path, "CREATE INDEX images_path ON images (path)");
  assert_refused (path, "contains an index 'images_path' on 'images' that Shadelab does not create");
  raw_exec (path, "DROP INDEX images_path; CREATE UNIQUE INDEX images_one ON images (status) "
                  "WHERE status = 'labeled'");
  assert_refused (path, "contains an index 'images_one' on 'images' that Shadelab does not create");
}

static void
test_missing_index (void)
{
  g_autofree char *path = make_project ("missing.shadelab", 2);

  raw_exec (path, "DROP INDEX images_status");
  assert_refused (path, "lacks the index 'images_status' on 'images' that Shadelab creates");
}

/* An older file is checked against the schema of its own version, before the upgrade writes anything. */
static void
test_old_version (void)
{
  g_autofree char *clean = tmp_path ("v1.shadelab");
  g_autofree char *crafted = tmp_path ("v1-trigger.shadelab");
  g_autoptr (GError) error = NULL;
  g_autofree char *v1 = g_strdup_printf ("%s; PRAGMA application_id = 1397245004; PRAGMA user_version = 1",
                                         sh_project_schema_sql);
  ShProject *project;

  if (SH_PROJECT_SCHEMA_VERSION < 2)
    {
      g_test_skip ("no older version");
      return;
    }
  raw_exec (clean, v1);
  raw_exec (crafted, v1);
  raw_exec (crafted, "CREATE TRIGGER stamp AFTER INSERT ON images BEGIN DELETE FROM products; END");
  assert_refused (crafted, "contains a trigger 'stamp' on 'images' that Shadelab does not create");
  g_assert_cmpint (read_int (crafted, "PRAGMA user_version"), ==, 1);

  /* A clean one is upgraded. */
  project = sh_project_open (clean, SH_PROJECT_OPEN_READ_WRITE, &error);
  g_assert_no_error (error);
  sh_project_close (project);
  g_assert_cmpint (read_int (clean, "PRAGMA user_version"), ==, SH_PROJECT_SCHEMA_VERSION);
  project = open_ok (clean, SH_PROJECT_OPEN_READ_ONLY);
  sh_project_close (project);
}

/* What only looks different opens: comments, layout, letter case; the statistics ANALYZE keeps. */
static void
test_harmless_differences (void)
{
  g_autofree char *path = make_project ("harmless.shadelab", 2);
  g_autoptr (GError) error = NULL;
  ShProject *project;

  raw_exec (path, "PRAGMA writable_schema = ON; "
                  "UPDATE sqlite_schema SET sql = lower (replace (sql, char (10), ' /* moved */' || char (10) || '  '))"
                  " WHERE name = 'images'; "
                  "UPDATE sqlite_schema SET sql = replace (sql, '(', ' -- a comment' || char (10) || '(')"
                  " WHERE name = 'products_category'");
  raw_exec (path, "ANALYZE");
  g_assert_cmpint (read_int (path, "SELECT count(*) FROM sqlite_schema WHERE name = 'sqlite_stat1'"), ==, 1);
  g_assert_cmpint (read_int (path, "SELECT instr (sql, 'moved') > 0 FROM sqlite_schema WHERE name = 'images'"), ==, 1);

  project = open_ok (path, SH_PROJECT_OPEN_READ_ONLY);
  sh_project_close (project);
  project = open_ok (path, SH_PROJECT_OPEN_READ_WRITE);
  g_assert_cmpint (add_box (project, add_image (project, 100), &error), >, 0);
  g_assert_no_error (error);
  sh_project_close (project);

  /* A statistics table of another shape is not SQLite's. */
  raw_exec (path, "PRAGMA writable_schema = ON; "
                  "UPDATE sqlite_schema SET sql = 'CREATE TABLE sqlite_stat1(tbl,idx,stat,extra)' "
                  "WHERE name = 'sqlite_stat1'");
  assert_refused (path, "contains a table 'sqlite_stat1' that Shadelab does not create");
}

/* ---- defensive connections ---- */

static int
db_config (sqlite3 *db, int option)
{
  int value = -1;
  g_assert_cmpint (sqlite3_db_config (db, option, -1, &value), ==, SQLITE_OK);
  return value;
}

static void
test_defensive (void)
{
  g_autofree char *path = make_project ("defensive.shadelab", 1);

  for (int mode = SH_PROJECT_OPEN_READ_WRITE; mode <= SH_PROJECT_OPEN_READ_ONLY; mode++)
    {
      ShProject *project = open_ok (path, mode);
      sqlite3 *db = test_project_db (project);

      g_assert_cmpint (db_config (db, SQLITE_DBCONFIG_DEFENSIVE), ==, 1);
      g_assert_cmpint (db_config (db, SQLITE_DBCONFIG_TRUSTED_SCHEMA), ==, 0);
      g_assert_cmpint (query_int (project, "PRAGMA cell_size_check"), ==, 1);
      /* This Shadelab's schema has no triggers or views of its own, so the file's stay off. */
      g_assert_cmpint (query_int (project, "SELECT count(*) FROM sqlite_schema WHERE type IN ('trigger', 'view')"),
                       ==, 0);
      g_assert_cmpint (db_config (db, SQLITE_DBCONFIG_ENABLE_TRIGGER), ==, 0);
      g_assert_cmpint (db_config (db, SQLITE_DBCONFIG_ENABLE_VIEW), ==, 0);
      /* Defensive: the schema cannot be edited through this connection. */
      g_assert_cmpint (sqlite3_exec (db, "PRAGMA writable_schema = ON", NULL, NULL, NULL), ==, SQLITE_OK);
      g_assert_cmpint (sqlite3_exec (db, "UPDATE sqlite_schema SET sql = sql", NULL, NULL, NULL), !=, SQLITE_OK);
      sh_project_close (project);
    }
}

/* A trigger added by another program after the project was opened (behind the check) does not fire on
 * Shadelab's writes; foreign-key actions, which are not triggers, still work. */
static void
test_trigger_added_while_open (void)
{
  g_autofree char *path = make_project ("behind.shadelab", 3);
  g_autoptr (GError) error = NULL;
  ShProject *project = open_ok (path, SH_PROJECT_OPEN_READ_WRITE);
  gint64 image_id = query_int (project, "SELECT min(id) FROM images");
  sqlite3 *other = NULL;

  raw_exec (path, "CREATE TRIGGER wipe AFTER INSERT ON boxes BEGIN DELETE FROM images; END");
  g_assert_cmpint (add_box (project, image_id, &error), >, 0);
  g_assert_no_error (error);
  g_assert_cmpint (query_int (project, "SELECT count(*) FROM images"), ==, 3);
  g_assert_cmpint (query_int (project, "SELECT count(*) FROM boxes"), ==, 2);

  /* ON DELETE CASCADE. */
  g_assert_cmpint (sqlite3_exec (test_project_db (project), "DELETE FROM images WHERE id IN (SELECT image_id "
                                 "FROM boxes)", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (query_int (project, "SELECT count(*) FROM boxes"), ==, 0);

  /* The trigger is real: an ordinary connection fires it. */
  g_assert_cmpint (sqlite3_open (path, &other), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (other, "INSERT INTO boxes (image_id, class_id, x, y, w, h, created_at, updated_at) "
                                 "SELECT max(id), 1, 0, 0, 1, 1, 'x', 'x' FROM images", NULL, NULL, NULL), ==,
                   SQLITE_OK);
  sqlite3_close (other);
  g_assert_cmpint (query_int (project, "SELECT count(*) FROM images"), ==, 0);
  sh_project_close (project);

  /* And the file is now refused. */
  assert_refused (path, "contains a trigger 'wipe' on 'boxes' that Shadelab does not create");
}

/* ---- corrupted pages ---- */

/* Pages of a b-tree's leaves, through SQLite's dbstat table (Debian's SQLite has it). */
static GArray *
leaf_pages (const char *path, const char *name, int *page_size)
{
  GArray *pages = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  if (sqlite3_prepare_v2 (db, "SELECT pageno FROM dbstat WHERE name = ?1 AND pagetype = 'leaf'", -1, &stmt, NULL)
      == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          gint64 page = sqlite3_column_int64 (stmt, 0);
          g_array_append_val (pages, page);
        }
    }
  sqlite3_finalize (stmt);
  *page_size = 0;
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA page_size", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  *page_size = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return pages;
}

static void
overwrite (const char *path, gint64 offset, const void *bytes, gsize length)
{
  FILE *file = fopen (path, "r+b");
  g_assert_nonnull (file);
  g_assert_cmpint (fseek (file, offset, SEEK_SET), ==, 0);
  g_assert_cmpuint (fwrite (bytes, 1, length, file), ==, length);
  g_assert_cmpint (fclose (file), ==, 0);
}

static guint
read_u16 (const char *path, gint64 offset)
{
  guint8 bytes[2] = { 0 };
  FILE *file = fopen (path, "rb");
  g_assert_nonnull (file);
  g_assert_cmpint (fseek (file, offset, SEEK_SET), ==, 0);
  g_assert_cmpuint (fread (bytes, 1, 2, file), ==, 2);
  fclose (file);
  return bytes[0] << 8 | bytes[1];
}

/* Lists the boxes of every photo, as the labeling window does: the first damaged page stops it with an error. */
static gboolean
read_all_boxes (ShProject *project, GError **error)
{
  gint64 last = query_int (project, "SELECT max(id) FROM images");

  for (gint64 id = 1; id <= last; id++)
    {
      g_autoptr (GArray) boxes = sh_project_list_boxes (project, id, error);
      if (boxes == NULL)
        return FALSE;
    }
  return TRUE;
}

static void
test_corrupted_page (void)
{
  g_autofree char *path = make_project ("corrupt.shadelab", 300);
  g_autofree char *schema_page = tmp_path ("corrupt-schema.shadelab");
  g_autofree char *contents = NULL;
  g_autoptr (GArray) pages = NULL;
  g_autoptr (GError) error = NULL;
  gsize length;
  int page_size;
  ShProject *project;
  static const guint8 garbage[] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

  /* Ten boxes on each photo: the boxes fill many pages. */
  project = open_ok (path, SH_PROJECT_OPEN_READ_WRITE);
  g_assert_true (sh_project_begin (project, NULL));
  for (gint64 id = 1; id <= 300; id++)
    for (int i = 0; i < 10; i++)
      g_assert_cmpint (add_box (project, id, NULL), >, 0);
  g_assert_true (sh_project_commit (project, NULL));
  g_assert_true (read_all_boxes (project, &error));
  g_assert_no_error (error);
  sh_project_close (project);

  pages = leaf_pages (path, "boxes", &page_size);
  if (pages->len < 10)
    {
      g_test_skip ("SQLite without the dbstat table");
      return;
    }
  /* The schema page itself: no open at all. */
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (schema_page, contents, length, NULL));
  overwrite (schema_page, 100 + 8 + 2, garbage, 4);  /* cell pointers or right child of page 1 */
  for (int mode = SH_PROJECT_OPEN_READ_WRITE; mode <= SH_PROJECT_OPEN_READ_ONLY; mode++)
    {
      g_assert_null (sh_project_open (schema_page, mode, &error));
      g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_NOT_PROJECT);
      g_assert_nonnull (strstr (error->message, "'corrupt-schema.shadelab' is damaged"));
      g_test_message ("%s", error->message);
      g_clear_error (&error);
    }

  /* Every leaf page of the boxes: the first cell's size runs past the page. */
  for (guint i = 0; i < pages->len; i++)
    {
      gint64 start = (g_array_index (pages, gint64, i) - 1) * page_size;
      guint cell = read_u16 (path, start + 8);
      g_assert_cmpuint (cell, >, 8);
      g_assert_cmpuint (cell, <, (guint) page_size);
      overwrite (path, start + cell, garbage, 4);
    }
  for (int mode = SH_PROJECT_OPEN_READ_WRITE; mode <= SH_PROJECT_OPEN_READ_ONLY; mode++)
    {
      project = open_ok (path, mode);
      g_assert_false (read_all_boxes (project, &error));
      g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_NOT_PROJECT);
      g_assert_nonnull (strstr (error->message, "'corrupt.shadelab' is damaged"));
      g_test_message ("%s", error->message);
      g_clear_error (&error);
      sh_project_close (project);
    }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/project-untrusted/normalize", test_normalize);
  g_test_add_func ("/project-untrusted/reference", test_reference);
  g_test_add_func ("/project-untrusted/trigger", test_trigger);
  g_test_add_func ("/project-untrusted/view-in-place-of-table", test_view_in_place_of_table);
  g_test_add_func ("/project-untrusted/extra-view", test_extra_view);
  g_test_add_func ("/project-untrusted/extra-column", test_extra_column);
  g_test_add_func ("/project-untrusted/altered-table", test_altered_table);
  g_test_add_func ("/project-untrusted/extra-index", test_extra_index);
  g_test_add_func ("/project-untrusted/missing-index", test_missing_index);
  g_test_add_func ("/project-untrusted/old-version", test_old_version);
  g_test_add_func ("/project-untrusted/harmless-differences", test_harmless_differences);
  g_test_add_func ("/project-untrusted/defensive", test_defensive);
  g_test_add_func ("/project-untrusted/trigger-added-while-open", test_trigger_added_while_open);
  g_test_add_func ("/project-untrusted/corrupted-page", test_corrupted_page);
  return run_tests_in_tmp_dir ("shadelab-untrusted", &tmp_dir);
}
