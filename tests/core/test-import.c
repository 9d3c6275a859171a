/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-import.c: photos, catalogues and predictions into a project, through the library and shadelab-cli.
 *
 * Real generated photos (EXIF-rotated, tagged with several profiles), real broken files, a real project
 * file; malformed inputs must leave every table exactly as it was.
 */
#include "config.h"

#include <locale.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "color/synth.h"
#include "core/formats/annotations.h"
#include "core/formats/catalog.h"
#include "core/formats/import.h"
#include "core/store/project.h"
#include "core/formats/synth-writer.h"
#include "tests/lib/project-db.h"
#include "tests/lib/test-fs.h"
#include "tests/lib/test-store.h"

#define PHOTO_WIDTH 1200
#define PHOTO_HEIGHT 1000
#define PHOTO_COUNT 12

static char *
cli_path (void)
{
  const char *build = g_getenv ("SHADELAB_BUILD_DIR");

  g_assert_nonnull (build);
  return g_build_filename (build, "app", "shadelab-cli", NULL);
}

/* Runs shadelab-cli with the arguments; returns its exit status. */
static int
run_cli (char **out, char **err, ...)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) error = NULL;
  g_autofree char *out_text = NULL, *err_text = NULL;
  const char *arg;
  int status = 0;
  va_list args;

  g_ptr_array_add (argv, cli_path ());
  va_start (args, err);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, g_strdup (arg));
  va_end (args);
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out_text, &err_text,
                               &status, &error));
  g_assert_no_error (error);
  g_test_message ("stdout: %s\nstderr: %s", out_text, err_text);
  if (out != NULL)
    *out = g_steal_pointer (&out_text);
  if (err != NULL)
    *err = g_steal_pointer (&err_text);
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}

/* Every table's rows in order, and the schema version: equal dumps mean an unchanged project. */
static char *
dump_project (const char *path)
{
  GString *dump = g_string_new (NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *tables = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name", -1,
                                       &tables, NULL), ==, SQLITE_OK);
  while (sqlite3_step (tables) == SQLITE_ROW)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM \"%s\" ORDER BY rowid",
                                              (const char *) sqlite3_column_text (tables, 0));
      sqlite3_stmt *rows = NULL;

      g_string_append_printf (dump, "== %s\n", (const char *) sqlite3_column_text (tables, 0));
      g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &rows, NULL), ==, SQLITE_OK);
      while (sqlite3_step (rows) == SQLITE_ROW)
        {
          for (int c = 0; c < sqlite3_column_count (rows); c++)
            g_string_append_printf (dump, "%s|", sqlite3_column_type (rows, c) == SQLITE_NULL
                                                   ? "NULL" : (const char *) sqlite3_column_text (rows, c));
          g_string_append_c (dump, '\n');
        }
      sqlite3_finalize (rows);
    }
  sqlite3_finalize (tables);
  sqlite3_close (db);
  return g_string_free (dump, FALSE);
}

static char *
read_text (const char *path, const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *statement = NULL;
  char *value = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &statement, NULL), ==, SQLITE_OK);
  if (sqlite3_step (statement) == SQLITE_ROW && sqlite3_column_type (statement, 0) != SQLITE_NULL)
    value = g_strdup ((const char *) sqlite3_column_text (statement, 0));
  sqlite3_finalize (statement);
  sqlite3_close (db);
  return value;
}

static char *
make_project (const char *folder)
{
  g_autoptr (GError) error = NULL;
  char *path = g_build_filename (folder, "test.shadelab", NULL);
  ShProject *project = sh_project_create (path, &error);

  g_assert_no_error (error);
  sh_project_close (project);
  return path;
}

/* A synthetic scene for seed, changed by edit, written as an untagged PNG. */
static void
write_scene (const char *path, int width, int height, guint32 seed, void (*edit) (ShSynthParams *params))
{
  g_autoptr (GError) error = NULL;
  ShSynthParams params;
  ShSynthTruth truth;
  ShSynthEncoding encoding = { SH_SYNTH_PNG, 90, SH_SYNTH_PROFILE_UNTAGGED, 1, 1.0, seed };
  float *linear;

  sh_synth_params_for_seed (seed, width, height, &params);
  if (edit != NULL)
    edit (&params);
  linear = sh_synth_render (&params, &truth);
  g_assert_nonnull (linear);
  g_assert_true (sh_synth_write (linear, width, height, &encoding, path, &error));
  g_assert_no_error (error);
  free (linear);
}

static void
edit_grey_backdrop (ShSynthParams *params)
{
  params->sweep_level = 0.45;
}

static void
edit_white_backdrop (ShSynthParams *params)
{
  params->sweep_level = 0.88;
}

static void
edit_off_centre (ShSynthParams *params)
{
  params->sweep_level = 0.88;
  params->bullet_scale = 0.1;
  params->center_x = 0.1;
  params->center_y = 0.2;
}

static guint32
crc32_of (const guint8 *data, gsize len)
{
  guint32 crc = 0xffffffffu;

  for (gsize i = 0; i < len; i++)
    {
      crc ^= data[i];
      for (int k = 0; k < 8; k++)
        crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
    }
  return crc ^ 0xffffffffu;
}

static void
put_be32 (guint8 *p, guint32 value)
{
  p[0] = value >> 24;
  p[1] = value >> 16;
  p[2] = value >> 8;
  p[3] = value;
}

static void
append_chunk (GByteArray *png, const char *type, const guint8 *data, guint32 len)
{
  g_autofree guint8 *chunk = g_malloc (12 + len);

  put_be32 (chunk, len);
  memcpy (chunk + 4, type, 4);
  if (len > 0)
    memcpy (chunk + 8, data, len);
  put_be32 (chunk + 8 + len, crc32_of (chunk + 4, 4 + len));
  g_byte_array_append (png, chunk, 12 + len);
}

/* A small PNG whose header declares 90000 x 90000 RGB pixels (valid CRCs, a token of pixel data). */
static void
write_huge_png (const char *path)
{
  static const guint8 signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  static const guint8 idat[] = { 0x78, 0x9c, 0x63, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01 };
  guint8 ihdr[13] = { 0 };
  g_autoptr (GByteArray) png = g_byte_array_new ();
  g_autoptr (GError) error = NULL;

  put_be32 (ihdr, 90000);
  put_be32 (ihdr + 4, 90000);
  ihdr[8] = 8;
  ihdr[9] = 2;
  g_byte_array_append (png, signature, sizeof signature);
  append_chunk (png, "IHDR", ihdr, sizeof ihdr);
  append_chunk (png, "IDAT", idat, sizeof idat);
  append_chunk (png, "IEND", NULL, 0);
  g_assert_true (g_file_set_contents (path, (const char *) png->data, png->len, &error));
}

static void
copy_file (const char *from, const char *to, gssize keep)
{
  g_autofree char *data = NULL;
  g_autoptr (GError) error = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (from, &data, &len, &error));
  g_assert_true (g_file_set_contents (to, data, keep >= 0 ? (gssize) MIN ((gsize) keep, len) : (gssize) len, &error));
  g_assert_no_error (error);
}

static cJSON *
read_json (const char *path)
{
  g_autofree char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  return cJSON_Parse (text);
}

typedef struct {
  char *folder;                /* temporary; the project lives here */
  char *project;
  char *photos;                /* folder/photos */
} Fixture;

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  fixture->folder = make_tmp_dir ("shadelab-import");
  fixture->project = make_project (fixture->folder);
  fixture->photos = g_build_filename (fixture->folder, "photos", NULL);
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  remove_tree (fixture->folder);
  g_free (fixture->folder);
  g_free (fixture->project);
  g_free (fixture->photos);
}

static const ShImportSkip *
find_skip (const ShImportReport *report, const char *name)
{
  for (guint i = 0; i < report->skipped->len; i++)
    {
      const ShImportSkip *skip = g_ptr_array_index (report->skipped, i);

      if (g_str_has_suffix (skip->path, name))
        return skip;
    }
  return NULL;
}

static cJSON *
photo_check_of (const char *project, const char *file_name)
{
  g_autofree char *sql = g_strdup_printf ("SELECT photo_check FROM images WHERE file_name = '%s'", file_name);
  g_autofree char *text = read_text (project, sql);

  g_assert_nonnull (text);
  return cJSON_Parse (text);
}

static gboolean
check_passed (cJSON *check, const char *name)
{
  cJSON *item = cJSON_GetObjectItem (cJSON_GetObjectItem (check, name), "passed");

  g_assert_true (cJSON_IsBool (item));
  return cJSON_IsTrue (item);
}

/* ---- import ---- */

static void
count_progress (guint done, guint total, const char *current, gpointer user_data)
{
  guint *calls = user_data;

  g_assert_cmpuint (done, <=, total);
  g_assert_nonnull (current);
  (*calls)++;
}

static void
test_import_folder (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ShProject) project = NULL;
  /* Walked after the generated photos: paths are taken in order, so the first of equal files is theirs. */
  g_autofree char *sub = g_build_filename (fixture->photos, "z-more", NULL);
  g_autofree char *truth_path = g_build_filename (fixture->photos, "truth.json", NULL);
  g_autofree char *first = g_build_filename (fixture->photos, "synth-0001.jpg", NULL);
  g_autofree char *loop = g_build_filename (sub, "loop", NULL);
  cJSON *truth, *entry;
  ShImportReport report;
  const char *paths[] = { fixture->photos, NULL };
  const ShImportSkip *skip;
  guint progress_calls = 0;

  g_assert_true (sh_synth_write_set (fixture->photos, PHOTO_COUNT, 1, PHOTO_WIDTH, PHOTO_HEIGHT, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_mkdir_with_parents (sub, 0755), ==, 0);
  /* Scenes of our own, and every kind of file that is not a readable photo. */
  {
    g_autofree char *grey = g_build_filename (sub, "grey-backdrop.png", NULL);
    g_autofree char *tiny = g_build_filename (sub, "tiny.png", NULL);
    g_autofree char *off = g_build_filename (sub, "off-centre.png", NULL);
    g_autofree char *copy = g_build_filename (sub, "copy-of-0001.jpg", NULL);
    g_autofree char *hidden = g_build_filename (sub, ".hidden.jpg", NULL);
    g_autofree char *truncated = g_build_filename (sub, "truncated.jpg", NULL);
    g_autofree char *empty = g_build_filename (sub, "empty.jpg", NULL);
    g_autofree char *text = g_build_filename (sub, "notes.jpg", NULL);
    g_autofree char *huge = g_build_filename (sub, "huge.png", NULL);

    write_scene (grey, PHOTO_WIDTH, PHOTO_HEIGHT, 101, edit_grey_backdrop);
    write_scene (tiny, 320, 240, 102, edit_white_backdrop);
    write_scene (off, PHOTO_WIDTH, PHOTO_HEIGHT, 103, edit_off_centre);
    copy_file (first, copy, -1);
    write_scene (hidden, 64, 64, 104, NULL);
    copy_file (first, truncated, 5000);
    g_assert_true (g_file_set_contents (empty, "", 0, NULL));
    g_assert_true (g_file_set_contents (text, "not a photo, whatever the name says\n", -1, NULL));
    write_huge_png (huge);
    /* A link back up the tree must not make the walk loop. */
    g_assert_cmpint (symlink ("..", loop), ==, 0);
  }

  project = sh_project_open (fixture->project, SH_PROJECT_OPEN_READ_WRITE, &error);
  g_assert_no_error (error);
  sh_import_report_init (&report);
  g_assert_true (sh_import_paths (project, paths, count_progress, &progress_calls, &report, &error));
  g_assert_no_error (error);

  /* 12 generated + grey + tiny + off-centre; the copy is a duplicate; 5 refused; the hidden file unseen. */
  g_assert_cmpuint (report.imported, ==, PHOTO_COUNT + 3);
  g_assert_cmpuint (report.image_ids->len, ==, PHOTO_COUNT + 3);
  g_assert_cmpuint (report.duplicates->len, ==, 1);
  g_assert_true (g_str_has_suffix (((ShImportDuplicate *) g_ptr_array_index (report.duplicates, 0))->path,
                                   "copy-of-0001.jpg"));
  g_assert_true (g_str_has_suffix (((ShImportDuplicate *) g_ptr_array_index (report.duplicates, 0))->duplicate_of,
                                   "synth-0001.jpg"));
  g_assert_cmpuint (report.skipped->len, ==, 5);
  g_assert_cmpuint (progress_calls, ==, report.found);
  g_assert_cmpuint (report.found, ==, PHOTO_COUNT + 3 + 1 + 5);
  g_assert_null (find_skip (&report, ".hidden.jpg"));
  skip = find_skip (&report, "truth.json");
  g_assert_nonnull (skip);
  g_assert_cmpint (skip->kind, ==, SH_IMPORT_SKIP_NOT_IMAGE);
  skip = find_skip (&report, "notes.jpg");
  g_assert_cmpint (skip->kind, ==, SH_IMPORT_SKIP_NOT_IMAGE);
  g_assert_nonnull (strstr (skip->reason, "not a JPEG, PNG, TIFF or WebP"));
  skip = find_skip (&report, "empty.jpg");
  g_assert_nonnull (strstr (skip->reason, "empty"));
  skip = find_skip (&report, "truncated.jpg");
  g_assert_cmpint (skip->kind, ==, SH_IMPORT_SKIP_UNREADABLE);
  g_assert_nonnull (strstr (skip->reason, "truncated"));
  skip = find_skip (&report, "huge.png");
  g_assert_cmpint (skip->kind, ==, SH_IMPORT_SKIP_UNREADABLE);
  g_assert_nonnull (strstr (skip->reason, "90000x90000"));
  sh_import_report_clear (&report);
  g_clear_pointer (&project, sh_project_close);

  g_assert_cmpint (read_int (fixture->project, "SELECT count(*) FROM images"), ==, PHOTO_COUNT + 3);
  /* Decoded on several threads, written in the folder's order: ids follow the paths. */
  g_assert_cmpint (read_int (fixture->project, "SELECT count(*) FROM images a JOIN images b ON a.id < b.id "
                                                "WHERE a.path > b.path"), ==, 0);
  g_assert_cmpint (read_int (fixture->project, "SELECT count(*) FROM images WHERE path LIKE 'photos/%'"), ==,
                   PHOTO_COUNT + 3);
  g_assert_cmpint (read_int (fixture->project, "SELECT count(*) FROM images WHERE photo_check IS NULL "
                                                "OR photo_check_version != 2 OR photo_check_passed IS NULL"), ==, 0);

  /* Upright sizes, orientations, profiles and the white-background check, photo by photo. */
  truth = read_json (truth_path);
  g_assert_nonnull (truth);
  cJSON_ArrayForEach (entry, truth)
    {
      const char *file = cJSON_GetObjectItem (entry, "file")->valuestring;
      const char *profile = cJSON_GetObjectItem (entry, "profile")->valuestring;
      int orientation = cJSON_GetObjectItem (entry, "orientation")->valueint;
      guint32 seed = (guint32) cJSON_GetObjectItem (entry, "seed")->valuedouble;
      g_autofree char *sql_size = g_strdup_printf ("SELECT width * 100000 + height FROM images WHERE file_name = '%s'",
                                                   file);
      g_autofree char *sql_orientation = g_strdup_printf ("SELECT orientation FROM images WHERE file_name = '%s'",
                                                          file);
      g_autofree char *sql_profile = g_strdup_printf ("SELECT profile_name FROM images WHERE file_name = '%s'", file);
      g_autofree char *profile_name = read_text (fixture->project, sql_profile);
      cJSON *check = photo_check_of (fixture->project, file);
      ShSynthParams params;

      g_assert_cmpint (read_int (fixture->project, sql_size), ==, PHOTO_WIDTH * 100000 + PHOTO_HEIGHT);
      g_assert_cmpint (read_int (fixture->project, sql_orientation), ==, orientation);
      g_assert_nonnull (profile_name);
      if (strcmp (profile, "untagged") == 0)
        g_assert_cmpstr (profile_name, ==, "sRGB (untagged)");
      else if (strcmp (profile, "adobe-rgb") == 0)
        g_assert_nonnull (strstr (profile_name, "Adobe RGB"));
      else if (strcmp (profile, "display-p3") == 0)
        g_assert_nonnull (strstr (profile_name, "P3"));
      else if (strcmp (profile, "prophoto") == 0)
        g_assert_nonnull (strstr (profile_name, "ProPhoto"));
      else
        g_assert_nonnull (strstr (profile_name, "sRGB"));

      g_assert_cmpint (cJSON_GetObjectItem (check, "version")->valueint, ==, SH_PHOTO_CHECK_VERSION);
      sh_synth_params_for_seed (seed, PHOTO_WIDTH, PHOTO_HEIGHT, &params);
      /* The generator shoots one photo in six on a light-grey backdrop instead of the white sweep. */
      g_assert_cmpint (check_passed (check, "white_background"), ==, params.sweep_level >= 0.7);
      g_assert_true (check_passed (check, "resolution"));
      g_assert_true (check_passed (check, "centered"));
      g_assert_true (check_passed (check, "clipped_highlights"));
      cJSON_Delete (check);
    }
  cJSON_Delete (truth);
  g_assert_cmpint (read_int (fixture->project,
                              "SELECT count(*) FROM images WHERE orientation >= 5"), >, 0);

  {
    cJSON *grey = photo_check_of (fixture->project, "grey-backdrop.png");
    cJSON *tiny = photo_check_of (fixture->project, "tiny.png");
    cJSON *off = photo_check_of (fixture->project, "off-centre.png");

    g_assert_false (check_passed (grey, "white_background"));
    g_assert_cmpfloat (cJSON_GetObjectItem (cJSON_GetObjectItem (grey, "white_background"), "fraction")->valuedouble,
                       <, 0.1);
    g_assert_true (check_passed (grey, "resolution"));
    g_assert_true (check_passed (grey, "centered"));
    g_assert_false (cJSON_IsTrue (cJSON_GetObjectItem (grey, "passed")));

    g_assert_false (check_passed (tiny, "resolution"));
    g_assert_cmpint (cJSON_GetObjectItem (cJSON_GetObjectItem (tiny, "resolution"), "short_side")->valueint, ==, 240);
    g_assert_true (check_passed (tiny, "white_background"));

    g_assert_false (check_passed (off, "centered"));
    g_assert_cmpfloat (cJSON_GetObjectItem (cJSON_GetObjectItem (off, "centered"), "offset")->valuedouble, >, 0.3);
    g_assert_true (check_passed (off, "white_background"));
    cJSON_Delete (grey);
    cJSON_Delete (tiny);
    cJSON_Delete (off);
  }
  g_assert_cmpint (read_int (fixture->project, "SELECT photo_check_passed FROM images WHERE file_name = 'tiny.png'"),
                   ==, 0);

  /* Again, through the command line: nothing new, everything a duplicate, the same refusals listed. */
  {
    g_autofree char *out = NULL;
    g_autofree char *before = dump_project (fixture->project);
    g_autofree char *after = NULL;

    g_assert_cmpint (run_cli (&out, NULL, "import", fixture->project, fixture->photos, NULL), ==, 0);
    g_assert_nonnull (strstr (out, "Imported 0 images"));
    g_assert_nonnull (strstr (out, "Duplicates 16\n"));
    g_assert_nonnull (strstr (out, "Skipped 5\n"));
    g_assert_nonnull (strstr (out, "huge.png: "));
    g_assert_nonnull (strstr (out, "exceeds the limit"));
    after = dump_project (fixture->project);
    g_assert_cmpstr (before, ==, after);
  }
}

static void
test_import_cli_errors (Fixture *fixture, gconstpointer data)
{
  g_autofree char *err = NULL;
  g_autofree char *text = g_build_filename (fixture->folder, "only-text.txt", NULL);
  g_autofree char *missing = g_build_filename (fixture->folder, "missing.shadelab", NULL);

  g_assert_true (g_file_set_contents (text, "hello\n", -1, NULL));
  g_assert_cmpint (run_cli (NULL, NULL, "import", fixture->project, NULL), ==, 2);
  g_assert_cmpint (run_cli (NULL, NULL, "import", "--threads", "x", fixture->project, text, NULL), ==, 2);
  /* Nothing readable: an error, but the refused file is still listed. */
  g_assert_cmpint (run_cli (NULL, &err, "import", fixture->project, text, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "no readable image"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (NULL, &err, "import", missing, text, NULL), ==, 1);
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));

  /* A project another process holds for writing. */
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (ShProject) holder = sh_project_open (fixture->project, SH_PROJECT_OPEN_READ_WRITE, &error);
    g_autofree char *photo = g_build_filename (fixture->folder, "p.png", NULL);

    g_assert_no_error (error);
    write_scene (photo, 64, 48, 5, NULL);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (run_cli (NULL, &err, "import", fixture->project, photo, NULL), ==, 1);
    g_assert_nonnull (strstr (err, "open for writing in another"));
  }
  g_assert_cmpint (read_int (fixture->project, "SELECT count(*) FROM images"), ==, 0);
}

/* Plain, fast, distinct JPEGs for the crash test. */
static void
write_plain_photos (const char *dir, int count)
{
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  for (int i = 0; i < count; i++)
    {
      g_autoptr (GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 1600, 1200);
      g_autofree char *path = g_strdup_printf ("%s/plain-%03d.jpg", dir, i);
      g_autoptr (GError) error = NULL;
      guint8 *pixels = gdk_pixbuf_get_pixels (pixbuf);
      int stride = gdk_pixbuf_get_rowstride (pixbuf);

      for (int y = 0; y < 1200; y++)
        for (int x = 0; x < 1600; x++)
          {
            guint8 *p = pixels + y * stride + 3 * x;
            gboolean inside = abs (x - 800) < 100 + 3 * i && abs (y - 600) < 300;

            p[0] = inside ? (guint8) (40 + 3 * i) : 245;
            p[1] = inside ? (guint8) (x ^ y ^ i) : 244;
            p[2] = inside ? 60 : 246;
          }
      g_assert_true (gdk_pixbuf_save (pixbuf, path, "jpeg", &error, "quality", "90", NULL));
    }
}

static void
check_whole_images (const char *project)
{
  g_autofree char *integrity = read_text (project, "PRAGMA integrity_check");

  g_assert_cmpstr (integrity, ==, "ok");
  g_assert_cmpint (read_int (project, "SELECT count(*) FROM images WHERE photo_check IS NULL OR width <= 0 "
                                       "OR height <= 0 OR photo_check_passed IS NULL OR photo_check_version IS NULL "
                                       "OR length(content_hash) != 64"), ==, 0);
  g_assert_cmpint (read_int (project, "SELECT count(*) - count(DISTINCT content_hash) FROM images"), ==, 0);
}

static void
test_import_kill (Fixture *fixture, gconstpointer data)
{
  g_autofree char *cli = cli_path ();
  g_autoptr (GRand) rand = g_rand_new_with_seed (20261126);
  int kills = 0;

  write_plain_photos (fixture->photos, 60);
  for (int round = 0; round < 8; round++)
    {
      char *argv[] = { cli, (char *) "import", (char *) "-q", fixture->project, fixture->photos, NULL };
      g_autoptr (GError) error = NULL;
      GPid pid;
      int status = 0;
      gint64 before = read_int (fixture->project, "SELECT count(*) FROM images");

      g_assert_true (g_spawn_async (NULL, argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL
                                    | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &pid, &error));
      g_assert_no_error (error);
      g_usleep (g_rand_int_range (rand, 30, 700) * 1000);
      if (kill (pid, SIGKILL) == 0)
        kills++;
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      g_spawn_close_pid (pid);
      check_whole_images (fixture->project);
      g_test_message ("round %d: %" G_GINT64_FORMAT " -> %" G_GINT64_FORMAT " images", round, before,
                      read_int (fixture->project, "SELECT count(*) FROM images"));
      g_assert_cmpint (read_int (fixture->project, "SELECT count(*) FROM images"), >=, before);
    }
  g_assert_cmpint (kills, >, 0);

  /* A last import completes the set, adding only what is missing. */
  {
    g_autofree char *out = NULL;
    gint64 before = read_int (fixture->project, "SELECT count(*) FROM images");
    g_autofree char *expected = g_strdup_printf ("Imported %d image", (int) (60 - before));

    g_assert_cmpint (run_cli (&out, NULL, "import", "-q", fixture->project, fixture->photos, NULL), ==, 0);
    g_assert_nonnull (strstr (out, expected));
  }
  check_whole_images (fixture->project);
  g_assert_cmpint (read_int (fixture->project, "SELECT count(*) FROM images"), ==, 60);
}

/* ---- catalogue ---- */

/* Imports four small photos into fixture->photos (and a second synth-0001.jpg name elsewhere). */
static void
import_small_set (Fixture *fixture)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ShProject) project = NULL;
  ShImportReport report;
  const char *paths[] = { fixture->photos, NULL };

  g_assert_true (sh_synth_write_set (fixture->photos, 4, 3, 160, 120, &error));
  g_assert_no_error (error);
  project = sh_project_open (fixture->project, SH_PROJECT_OPEN_READ_WRITE, &error);
  g_assert_no_error (error);
  sh_import_report_init (&report);
  g_assert_true (sh_import_paths (project, paths, NULL, NULL, &report, &error));
  g_assert_cmpuint (report.imported, ==, 4);
  sh_import_report_clear (&report);
}

static char *
write_text (Fixture *fixture, const char *name, const char *text)
{
  char *path = g_build_filename (fixture->folder, name, NULL);

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  return path;
}

static void
test_catalog_csv (Fixture *fixture, gconstpointer data)
{
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *csv = NULL;

  import_small_set (fixture);
  csv = write_text (fixture, "catalog.csv",
                    "\xef\xbb\xbf" "SKU,File,brand,Shade,COLOR,category,marketplace\r\n"
                    "LIP-001,synth-0001.jpg,\"Acme, Inc.\",\"Ruby \"\"Red\"\"\",#B0243A,Lipstick,amazon.de\r\n"
                    "LIP-001,synth-0002.jpg,,,,,\r\n"
                    "LIP-002,photos/synth-0003.jpg,Acme,\"Two\nlines\",#112233,eyeliner,\r\n"
                    "\r\n"
                    "LIP-003,,Other,,,new category,\r\n"
                    "LIP-004,no-such-photo.jpg,,,,,\r\n");
  g_assert_cmpint (run_cli (&out, &err, "import-catalog", fixture->project, csv, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Read 5 rows: 4 products created or updated, 3 images linked, 1 warning"));
  g_assert_nonnull (strstr (err, "line 8: no image named \"no-such-photo.jpg\""));

  g_assert_cmpint (read_int (fixture->project, "SELECT count(*) FROM products"), ==, 4);
  {
    g_autofree char *brand = read_text (fixture->project, "SELECT brand FROM products WHERE sku = 'LIP-001'");
    g_autofree char *shade = read_text (fixture->project, "SELECT shade FROM products WHERE sku = 'LIP-001'");
    g_autofree char *color = read_text (fixture->project, "SELECT catalog_color FROM products WHERE sku = 'LIP-001'");
    g_autofree char *market = read_text (fixture->project, "SELECT marketplace FROM products WHERE sku = 'LIP-001'");
    g_autofree char *category = read_text (fixture->project,
                                            "SELECT categories.name FROM products JOIN categories ON "
                                            "categories.id = products.category_id WHERE sku = 'LIP-001'");
    g_autofree char *shade2 = read_text (fixture->project, "SELECT shade FROM products WHERE sku = 'LIP-002'");
    g_autofree char *new_category = read_text (fixture->project,
                                                "SELECT categories.name FROM products JOIN categories ON "
                                                "categories.id = products.category_id WHERE sku = 'LIP-003'");

    g_assert_cmpstr (brand, ==, "Acme, Inc.");
    g_assert_cmpstr (shade, ==, "Ruby \"Red\"");
    g_assert_cmpstr (color, ==, "#b0243a");
    g_assert_cmpstr (market, ==, "amazon.de");
    g_assert_cmpstr (category, ==, "lipstick");
    g_assert_cmpstr (shade2, ==, "Two\nlines");
    g_assert_cmpstr (new_category, ==, "new category");
  }
  g_assert_cmpint (read_int (fixture->project,
                              "SELECT count(*) FROM images JOIN products ON products.id = images.product_id "
                              "WHERE sku = 'LIP-001' AND file_name IN ('synth-0001.jpg', 'synth-0002.jpg')"), ==, 2);
  g_assert_cmpint (read_int (fixture->project,
                              "SELECT count(*) FROM images JOIN products ON products.id = images.product_id "
                              "WHERE sku = 'LIP-002' AND path = 'photos/synth-0003.jpg'"), ==, 1);
  g_assert_cmpint (read_int (fixture->project, "SELECT count(*) FROM images WHERE product_id IS NULL"), ==, 1);
}

static void
test_catalog_json (Fixture *fixture, gconstpointer data)
{
  g_autofree char *out = NULL;
  g_autofree char *json = NULL, *update = NULL;

  import_small_set (fixture);
  json = write_text (fixture, "catalog.json",
                     "[{\"file\": \"synth-0004.tif\", \"SKU\": \"N-1\", \"brand\": \"Acme\", \"shade\": \"Nude\", "
                     "\"category\": \"foundation\", \"marketplace\": null, \"color\": \"#c8a27f\"},\n"
                     " {\"sku\": \"N-2\"}]\n");
  g_assert_cmpint (run_cli (&out, NULL, "import-catalog", fixture->project, json, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Read 2 rows: 2 products created or updated, 1 image linked, 0 warnings"));
  g_assert_cmpint (read_int (fixture->project,
                              "SELECT count(*) FROM images JOIN products ON products.id = images.product_id "
                              "WHERE sku = 'N-1' AND file_name = 'synth-0004.tif' AND catalog_color = '#c8a27f'"), ==, 1);

  /* A row with a file and no sku updates the product the photo already shows. */
  update = write_text (fixture, "update.json", "[{\"file\": \"synth-0004.tif\", \"shade\": \"Nude Beige\"}]");
  g_assert_cmpint (run_cli (NULL, NULL, "import-catalog", fixture->project, update, NULL), ==, 0);
  {
    g_autofree char *shade = read_text (fixture->project, "SELECT shade FROM products WHERE sku = 'N-1'");
    g_autofree char *brand = read_text (fixture->project, "SELECT brand FROM products WHERE sku = 'N-1'");

    g_assert_cmpstr (shade, ==, "Nude Beige");
    g_assert_cmpstr (brand, ==, "Acme");
  }
}

typedef struct {
  const char *name;
  const char *text;
  const char *message;         /* the error starts with the file name, then this */
} Malformed;

static gboolean
catalog_parses (const char *path, GError **error)
{
  g_autoptr (ShCatalog) catalog = sh_catalog_parse_file (path, error);

  return catalog != NULL;
}

static gboolean
coco_parses (const char *path, GError **error)
{
  g_autoptr (ShCocoSet) set = sh_coco_parse_file (path, error);

  return set != NULL;
}

/* Each case's file is refused by the parser (with an error of domain, unless that is 0) and by the CLI's
 * subcommand, both naming the file and what is wrong, and the project stays as it was. */
static void
check_malformed (Fixture *fixture, const Malformed *cases, guint n_cases, const char *subcommand,
                 gboolean (*parses) (const char *path, GError **error), GQuark domain)
{
  g_autofree char *before = dump_project (fixture->project);

  for (guint i = 0; i < n_cases; i++)
    {
      g_autofree char *path = write_text (fixture, cases[i].name, cases[i].text);
      g_autofree char *expected = g_strdup_printf ("%s: %s", cases[i].name, cases[i].message);
      g_autofree char *err = NULL;
      g_autofree char *after = NULL;
      g_autoptr (GError) error = NULL;

      g_test_message ("%s", cases[i].name);
      g_assert_false (parses (path, &error));
      g_assert_nonnull (error);
      if (domain != 0)
        g_assert_true (error->domain == domain);
      if (!g_str_has_prefix (error->message, expected))
        g_error ("expected \"%s...\", got \"%s\"", expected, error->message);
      g_assert_cmpint (run_cli (NULL, &err, subcommand, fixture->project, path, NULL), ==, 1);
      g_assert_nonnull (strstr (err, expected));
      after = dump_project (fixture->project);
      g_assert_cmpstr (before, ==, after);
    }
}

static void
test_catalog_malformed (Fixture *fixture, gconstpointer data)
{
  static const Malformed cases[] = {
    { "unterminated.csv", "file,sku\nsynth-0001.jpg,A\n\"synth-0002.jpg,B\nsynth-0003.jpg,C\n",
      "line 3: quoted field is not closed" },
    { "columns.csv", "file,sku,brand\r\nsynth-0001.jpg,A,x\r\nsynth-0002.jpg,B\r\n",
      "line 3: 2 fields, but the header has 3 columns" },
    { "unknown.csv", "file,sku,colour,weight\nsynth-0001.jpg,A,#000000,3\n",
      "line 1: unknown columns \"colour\", \"weight\"" },
    { "colour.csv", "sku,shade,color\r\nA,\"two\r\nlines\",#112233\r\nB,x,#12345g\r\n",
      "line 4: color \"#12345g\" is not a colour written #rrggbb" },
    { "neither.csv", "file,sku,brand\nsynth-0001.jpg,A,x\n,,Acme\n", "line 3: neither file nor sku is given" },
    { "no-key-column.csv", "brand,shade\nAcme,Red\n", "line 1: the header needs a file or a sku column" },
    { "stray-quote.csv", "file,sku\nsyn\"th.jpg,A\n", "line 2: quote inside an unquoted field" },
    { "after-quote.csv", "file,sku\n\"a.jpg\"x,A\n", "line 2: unexpected character after a closing quote" },
    { "twice.csv", "sku,SKU\nA,B\n", "line 1: column sku appears twice" },
    { "latin1.csv", "sku,shade\nA,Ros\xe9\n", "line 2 (byte offset 15): not UTF-8" },
    { "empty.csv", "", "line 1: empty file" },
    { "syntax.json", "[{\"sku\": \"A\"},\n {\"sku\": }]", "byte offset 24: not valid JSON" },
    { "cut.json", "[{\"sku\": \"A\"", "byte offset 11: not valid JSON" },
    { "trailing.json", "[{\"sku\": \"A\"}] x", "byte offset 15: unexpected text after the JSON array" },
    { "object.json", "{\"sku\": \"A\"}", "byte offset 0: a JSON catalogue must be an array of objects" },
    { "number.json", "[{\"sku\": \"A\"}, {\"sku\": 12}]", "[1].sku: must be a string or null" },
    { "element.json", "[{\"sku\": \"A\"}, 3]", "[1]: each element must be an object" },
    { "key.json", "[{\"sku\": \"A\", \"weight\": \"3 g\"}]", "[0]: unknown key \"weight\"" },
    { "colour.json", "[{\"sku\": \"A\"}, {\"sku\": \"B\", \"color\": \"red\"}]",
      "[1].color: color \"red\" is not a colour written #rrggbb" },
    { "neither.json", "[{\"brand\": \"Acme\"}]", "[0]: neither file nor sku is given" },
    { "bool.json", "[{\"sku\": \"A\", \"brand\": true}]", "[0].brand: must be a string or null" },
  };

  import_small_set (fixture);
  {
    g_autofree char *good = write_text (fixture, "good.csv", "sku,file\nKEEP-1,synth-0001.jpg\n");

    g_assert_cmpint (run_cli (NULL, NULL, "import-catalog", fixture->project, good, NULL), ==, 0);
  }
  check_malformed (fixture, cases, G_N_ELEMENTS (cases), "import-catalog", catalog_parses, SH_CATALOG_ERROR);
}

/* ---- predictions ---- */

static void
test_annotations (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *coco = NULL;
  g_autofree char *rotated = NULL;
  g_autofree char *upright = NULL;
  g_autofree char *other = NULL;              /* predicted at a size that fits neither way */
  int rotated_orientation;

  import_small_set (fixture);
  /* One photo stored turned a quarter (orientation 5-8) and one stored upright. */
  rotated = read_text (fixture->project, "SELECT file_name FROM images WHERE orientation >= 5 ORDER BY id LIMIT 1");
  upright = read_text (fixture->project, "SELECT file_name FROM images WHERE orientation = 1 ORDER BY id LIMIT 1");
  g_assert_nonnull (rotated);
  g_assert_nonnull (upright);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT file_name FROM images WHERE file_name NOT IN ('%s', '%s') "
                                            "ORDER BY id LIMIT 1", upright, rotated);

    other = read_text (fixture->project, sql);
    g_assert_nonnull (other);
  }
  rotated_orientation = (int) read_int (fixture->project, "SELECT orientation FROM images WHERE orientation >= 5 "
                                                           "ORDER BY id LIMIT 1");
  {
    g_autofree char *text = g_strdup_printf (
      "{\"info\": {}, \"images\": [\n"
      "  {\"id\": 1, \"file_name\": \"%s\", \"width\": 160, \"height\": 120},\n"
      "  {\"id\": 2, \"file_name\": \"batch/%s\", \"width\": 120, \"height\": 160},\n"
      "  {\"id\": 3, \"file_name\": \"unknown.jpg\", \"width\": 160, \"height\": 120},\n"
      "  {\"id\": 4, \"file_name\": \"%s\", \"width\": 320, \"height\": 240}],\n"
      " \"categories\": [{\"id\": 7, \"name\": \"product\"}, {\"id\": 9, \"name\": \"lid\"}],\n"
      " \"annotations\": [\n"
      "  {\"id\": 1, \"image_id\": 1, \"category_id\": 7, \"bbox\": [10, 20, 30, 40], \"score\": 0.9},\n"
      "  {\"id\": 2, \"image_id\": 1, \"category_id\": 9, \"bbox\": [150, 100, 30, 40]},\n"
      "  {\"id\": 3, \"image_id\": 2, \"category_id\": 7, \"bbox\": [10, 20, 30, 40], \"score\": 0.5},\n"
      "  {\"id\": 4, \"image_id\": 3, \"category_id\": 7, \"bbox\": [1, 1, 5, 5], \"score\": 0.5},\n"
      "  {\"id\": 5, \"image_id\": 4, \"category_id\": 7, \"bbox\": [1, 1, 5, 5], \"score\": 0.5},\n"
      "  {\"id\": 6, \"image_id\": 1, \"category_id\": 7, \"bbox\": [500, 20, 30, 40], \"score\": 0.2}]}\n",
      upright, rotated, other);

    coco = write_text (fixture, "predictions.json", text);
  }
  g_assert_cmpint (run_cli (&out, &err, "import-annotations", fixture->project, coco, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Added 3 model boxes to 2 images (0 earlier unaccepted model boxes replaced), "
                                 "3 warnings"));
  g_assert_nonnull (strstr (err, "\"unknown.jpg\": no image of that name"));
  {
    g_autofree char *expected = g_strdup_printf ("\"%s\": the predictions are for a 320x240 image", other);

    g_assert_nonnull (strstr (err, expected));
  }
  g_assert_nonnull (strstr (err, "lies outside"));

  g_assert_cmpint (read_int (fixture->project, "SELECT count(*) FROM boxes WHERE source = 'model'"), ==, 3);
  g_assert_cmpint (read_int (fixture->project, "SELECT count(*) FROM box_classes WHERE name = 'lid'"), ==, 1);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT x || ',' || y || ',' || w || ',' || h || ',' || score FROM boxes "
                                            "JOIN images ON images.id = boxes.image_id JOIN box_classes ON "
                                            "box_classes.id = boxes.class_id WHERE file_name = '%s' AND "
                                            "box_classes.name = 'product'", upright);
    g_autofree char *box = read_text (fixture->project, sql);
    g_autofree char *sql_lid = g_strdup_printf ("SELECT x || ',' || y || ',' || w || ',' || h || ',' || "
                                                "ifnull(score, 'none') FROM boxes JOIN images ON images.id = "
                                                "boxes.image_id WHERE file_name = '%s' AND class_id = (SELECT id "
                                                "FROM box_classes WHERE name = 'lid')", upright);
    g_autofree char *lid = read_text (fixture->project, sql_lid);

    g_assert_cmpstr (box, ==, "10.0,20.0,30.0,40.0,0.9");
    /* Partly outside: clipped to the 160 x 120 image. */
    g_assert_cmpstr (lid, ==, "150.0,100.0,10.0,20.0,none");
  }
  {
    /* Predicted on the stored 120 x 160 pixels; upright the photo is 160 x 120. */
    double x = 10, y = 20, w = 30, h = 40;
    g_autofree char *sql = g_strdup_printf ("SELECT x || ',' || y || ',' || w || ',' || h FROM boxes JOIN images ON "
                                            "images.id = boxes.image_id WHERE file_name = '%s'", rotated);
    g_autofree char *box = read_text (fixture->project, sql);
    g_autofree char *expected = NULL;

    sh_coco_box_to_upright (rotated_orientation, 120, 160, &x, &y, &w, &h);
    expected = g_strdup_printf ("%.1f,%.1f,%.1f,%.1f", x, y, w, h);
    g_assert_cmpfloat (w, ==, 40);
    g_assert_cmpfloat (h, ==, 30);
    g_assert_cmpstr (box, ==, expected);
  }

  /* Orientation 6 (turned clockwise): the top-left of the stored pixels lands at the top-right. */
  {
    double x = 0, y = 0, w = 10, h = 20;

    sh_coco_box_to_upright (6, 120, 160, &x, &y, &w, &h);
    g_assert_cmpfloat (x, ==, 140);
    g_assert_cmpfloat (y, ==, 0);
    g_assert_cmpfloat (w, ==, 20);
    g_assert_cmpfloat (h, ==, 10);
    x = 0, y = 0, w = 10, h = 20;
    sh_coco_box_to_upright (8, 120, 160, &x, &y, &w, &h);
    g_assert_cmpfloat (x, ==, 0);
    g_assert_cmpfloat (y, ==, 110);
  }

  /* Running it again replaces the unaccepted model boxes instead of doubling them. */
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_cli (&out, NULL, "import-annotations", fixture->project, coco, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Added 3 model boxes to 2 images (3 earlier unaccepted model boxes replaced)"));
  g_assert_cmpint (read_int (fixture->project, "SELECT count(*) FROM boxes"), ==, 3);
}

static void
test_annotations_malformed (Fixture *fixture, gconstpointer data)
{
  static const Malformed cases[] = {
    { "syntax.json", "{\"images\": [}", "byte offset 12: not valid JSON" },
    { "bom-syntax.json", "\xef\xbb\xbf{\"images\": [}", "byte offset 15: not valid JSON" },
    { "trailing.json", "{\"images\": []} x", "byte offset 15: unexpected text after the JSON object" },
    { "array.json", "[]", "the file: must be a JSON object" },
    { "no-categories.json", "{\"images\": [], \"annotations\": []}", "the file: \"categories\" is missing" },
    { "images-type.json", "{\"images\": {}, \"annotations\": [], \"categories\": []}", "images: must be an array" },
    { "file-name.json",
      "{\"images\": [{\"id\": 1, \"width\": 160, \"height\": 120}], \"annotations\": [], \"categories\": []}",
      "images[0]: \"file_name\" is missing" },
    { "width.json",
      "{\"images\": [{\"id\": 1, \"file_name\": \"a.jpg\", \"width\": 0, \"height\": 120}], \"annotations\": [], "
      "\"categories\": []}",
      "images[0]: \"width\" must be a whole number from 1 to 1000000" },
    { "image-id.json",
      "{\"images\": [{\"id\": 1, \"file_name\": \"a.jpg\", \"width\": 160, \"height\": 120}], \"categories\": "
      "[{\"id\": 1, \"name\": \"product\"}], \"annotations\": [{\"image_id\": \"1\", \"category_id\": 1, \"bbox\": "
      "[1, 1, 2, 2]}]}",
      "annotations[0]: \"image_id\" must be a number" },
    { "bbox-size.json",
      "{\"images\": [{\"id\": 1, \"file_name\": \"a.jpg\", \"width\": 160, \"height\": 120}], \"categories\": "
      "[{\"id\": 1, \"name\": \"product\"}], \"annotations\": [{\"image_id\": 1, \"category_id\": 1, \"bbox\": "
      "[1, 1, 2, 2]}, {\"image_id\": 1, \"category_id\": 1, \"bbox\": [1, 1, 0, 2]}]}",
      "annotations[1]: \"bbox\" width and height must be above zero" },
    { "bbox-three.json",
      "{\"images\": [{\"id\": 1, \"file_name\": \"a.jpg\", \"width\": 160, \"height\": 120}], \"categories\": "
      "[{\"id\": 1, \"name\": \"product\"}], \"annotations\": [{\"image_id\": 1, \"category_id\": 1, \"bbox\": "
      "[1, 1, 2]}]}",
      "annotations[0]: \"bbox\" must be four numbers" },
    { "category.json",
      "{\"images\": [{\"id\": 1, \"file_name\": \"a.jpg\", \"width\": 160, \"height\": 120}], \"categories\": "
      "[{\"id\": 1, \"name\": \"product\"}], \"annotations\": [{\"image_id\": 1, \"category_id\": 2, \"bbox\": "
      "[1, 1, 2, 2]}]}",
      "annotations[0]: category_id 2 is not in \"categories\"" },
    { "score.json",
      "{\"images\": [{\"id\": 1, \"file_name\": \"a.jpg\", \"width\": 160, \"height\": 120}], \"categories\": "
      "[{\"id\": 1, \"name\": \"product\"}], \"annotations\": [{\"image_id\": 1, \"category_id\": 1, \"bbox\": "
      "[1, 1, 2, 2], \"score\": 1.5}]}",
      "annotations[0]: \"score\" must be a number from 0 to 1" },
    { "duplicate-id.json",
      "{\"images\": [{\"id\": 1, \"file_name\": \"a.jpg\", \"width\": 160, \"height\": 120}, {\"id\": 1, "
      "\"file_name\": \"b.jpg\", \"width\": 160, \"height\": 120}], \"categories\": [], \"annotations\": []}",
      "images[1]: id 1 is used by an earlier image" },
  };

  import_small_set (fixture);
  check_malformed (fixture, cases, G_N_ELEMENTS (cases), "import-annotations", coco_parses, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  setlocale (LC_NUMERIC, "C");

  g_test_add ("/import/folder", Fixture, NULL, fixture_set_up, test_import_folder, fixture_tear_down);
  g_test_add ("/import/cli-errors", Fixture, NULL, fixture_set_up, test_import_cli_errors, fixture_tear_down);
  g_test_add ("/import/kill", Fixture, NULL, fixture_set_up, test_import_kill, fixture_tear_down);
  g_test_add ("/catalog/csv", Fixture, NULL, fixture_set_up, test_catalog_csv, fixture_tear_down);
  g_test_add ("/catalog/json", Fixture, NULL, fixture_set_up, test_catalog_json, fixture_tear_down);
  g_test_add ("/catalog/malformed", Fixture, NULL, fixture_set_up, test_catalog_malformed, fixture_tear_down);
  g_test_add ("/annotations/coco", Fixture, NULL, fixture_set_up, test_annotations, fixture_tear_down);
  g_test_add ("/annotations/malformed", Fixture, NULL, fixture_set_up, test_annotations_malformed,
              fixture_tear_down);
  return g_test_run ();
}
