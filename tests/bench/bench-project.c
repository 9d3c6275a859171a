/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-project.c: speed of the project store on a large generated project.
 *
 * Builds a project of 1,000,000 images and 3,000,000 boxes (synthetic rows written in one transaction with
 * prepared statements), kept next to this program and reused by later runs of the same size and schema, then
 * times what a user waits for, each from a fresh connection as a new process would make it:
 *   open    sh_project_open, read-write and read-only                              target < 0.3 s
 *   stats   sh_project_stats_json (what `shadelab-cli stats --json` runs)          target < 1 s
 *   list    what the image list asks the store when a window opens and when a filter, sort or search changes:
 *           the ids in list order and the counts per filter (core/store/image-list-store.h)
 *   export  COCO of every image and box (a labeled copy of the project, kept too)  target < 30 s
 * Each figure is printed as p50 / p95 / worst of --repeat runs; the target is held against the worst.
 *
 * Usage: bench-project [--images N] [--boxes N] [--repeat N] [--keep FILE] [--fresh]
 */
#define G_LOG_DOMAIN "shadelab-bench-project"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include <cjson/cJSON.h>
#include <glib.h>
#include <glib/gstdio.h>

#include "core/formats/export.h"
#include "core/store/image-list-store.h"
#include "core/store/project-stats.h"
#include "core/store/project.h"
#include "tests/lib/project-db.h"

#define OPEN_TARGET_S 0.3
#define STATS_TARGET_S 1.0
#define EXPORT_TARGET_S 30.0

static double
seconds_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
}

static int
compare_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

static void
check_sqlite (sqlite3 *db, int rc, const char *what)
{
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      fprintf (stderr, "bench-project: %s: %s\n", what, sqlite3_errmsg (db));
      exit (1);
    }
}

static void
step_and_reset (sqlite3 *db, sqlite3_stmt *stmt, const char *what)
{
  check_sqlite (db, sqlite3_step (stmt), what);
  sqlite3_reset (stmt);
}

/* Synthetic rows with the proportions of a labeling project part-way through. */
static void
fill_project (ShProject *project, int n_images, int n_boxes)
{
  static const char *const statuses[] = { "new", "labeled", "labeled", "labeled", "skipped", "rejected" };
  static const char *const labelers[] = { "ann", "bob", "carol", "dave", "erin", "frank", "grace", "heidi" };
  static const char *const photo_check =
    "{\"version\":1,\"passed\":true,\"white_background\":{\"passed\":true,\"fraction\":0.97},"
    "\"resolution\":{\"passed\":true,\"short_side\":1500},\"clipped\":{\"passed\":true,\"fraction\":0.001},"
    "\"centered\":{\"passed\":true,\"offset\":0.04}}";
  sqlite3 *db = test_project_db (project);
  int n_products = MAX (1, n_images / 10);
  g_autofree char *now = sh_project_now ();
  sqlite3_stmt *product, *image, *box, *time;
  GRand *rand = g_rand_new_with_seed (42);
  char text[128];

  /* A generated file that a crash spoils is simply made again. */
  check_sqlite (db, sqlite3_exec (db, "PRAGMA synchronous = OFF; PRAGMA cache_size = -262144", NULL, NULL, NULL),
                "pragmas");
  check_sqlite (db, sqlite3_exec (db, "BEGIN", NULL, NULL, NULL), "begin");
  check_sqlite (db, sqlite3_prepare_v2 (db,
                                        "INSERT INTO products (sku, brand, shade, category_id, catalog_color, "
                                        "created_at, updated_at) VALUES (?1, 'Brand', ?2, ?3, '#b0243a', ?4, ?4)",
                                        -1, &product, NULL), "prepare products");
  for (int i = 1; i <= n_products; i++)
    {
      g_snprintf (text, sizeof text, "SKU-%06d", i);
      sqlite3_bind_text (product, 1, text, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (product, 2, text + 4, -1, SQLITE_TRANSIENT);
      if (i % 20 == 0)
        sqlite3_bind_null (product, 3);
      else
        sqlite3_bind_int (product, 3, 1 + i % 5);
      sqlite3_bind_text (product, 4, now, -1, SQLITE_STATIC);
      step_and_reset (db, product, "insert product");
    }

  check_sqlite (db, sqlite3_prepare_v2 (db,
                                        "INSERT INTO images (path, file_name, content_hash, file_size, format, width, "
                                        "height, profile_name, product_id, status, photo_check, photo_check_passed, "
                                        "photo_check_version, imported_at, updated_at) VALUES (?1, ?2, ?3, ?4, "
                                        "'jpeg', 1500, 2000, 'sRGB IEC61966-2.1', ?5, ?6, ?7, ?8, 1, ?9, ?9)",
                                        -1, &image, NULL), "prepare images");
  for (int i = 1; i <= n_images; i++)
    {
      char path[64], hash[65];
      g_snprintf (path, sizeof path, "photos/batch-%03d/img-%06d.jpg", i / 1000, i);
      /* A hash-like, unique 64-character hex string. */
      g_snprintf (hash, sizeof hash, "%016x%016x%016x%016x", (unsigned) i * 2654435761u, (unsigned) i,
                  g_rand_int (rand), g_rand_int (rand));
      sqlite3_bind_text (image, 1, path, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (image, 2, strrchr (path, '/') + 1, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (image, 3, hash, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int (image, 4, 400000 + i % 100000);
      if (i % 10 == 0)
        sqlite3_bind_null (image, 5);
      else
        sqlite3_bind_int (image, 5, 1 + i % n_products);
      sqlite3_bind_text (image, 6, statuses[g_rand_int_range (rand, 0, G_N_ELEMENTS (statuses))], -1, SQLITE_STATIC);
      sqlite3_bind_text (image, 7, photo_check, -1, SQLITE_STATIC);
      sqlite3_bind_int (image, 8, i % 17 != 0);
      sqlite3_bind_text (image, 9, now, -1, SQLITE_STATIC);
      step_and_reset (db, image, "insert image");
    }

  check_sqlite (db, sqlite3_prepare_v2 (db,
                                        "INSERT INTO boxes (image_id, class_id, x, y, w, h, source, score, accepted, "
                                        "labeler, occluded, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
                                        "?8, ?9, ?10, ?11, ?12, ?12)",
                                        -1, &box, NULL), "prepare boxes");
  for (int i = 0; i < n_boxes; i++)
    {
      gboolean model = g_rand_int_range (rand, 0, 10) < 3;
      sqlite3_bind_int (box, 1, 1 + (int) ((gint64) i * n_images / n_boxes));
      sqlite3_bind_int (box, 2, 1 + g_rand_int_range (rand, 0, 3));
      sqlite3_bind_double (box, 3, g_rand_double_range (rand, 0, 1000));
      sqlite3_bind_double (box, 4, g_rand_double_range (rand, 0, 1000));
      sqlite3_bind_double (box, 5, g_rand_double_range (rand, 10, 500));
      sqlite3_bind_double (box, 6, g_rand_double_range (rand, 10, 1000));
      sqlite3_bind_text (box, 7, model ? "model" : "human", -1, SQLITE_STATIC);
      if (model)
        sqlite3_bind_double (box, 8, g_rand_double (rand));
      else
        sqlite3_bind_null (box, 8);
      sqlite3_bind_int (box, 9, model && g_rand_boolean (rand));
      if (model && g_rand_boolean (rand))
        sqlite3_bind_null (box, 10);
      else
        sqlite3_bind_text (box, 10, labelers[g_rand_int_range (rand, 0, G_N_ELEMENTS (labelers))], -1, SQLITE_STATIC);
      sqlite3_bind_int (box, 11, g_rand_int_range (rand, 0, 20) == 0);
      sqlite3_bind_text (box, 12, now, -1, SQLITE_STATIC);
      step_and_reset (db, box, "insert box");
    }

  check_sqlite (db, sqlite3_prepare_v2 (db,
                                        "INSERT INTO labeling_time (image_id, labeler, seconds, at) "
                                        "VALUES (?1, ?2, ?3, ?4)", -1, &time, NULL), "prepare labeling time");
  for (int i = 1; i <= n_images; i += 2)
    {
      sqlite3_bind_int (time, 1, i);
      sqlite3_bind_text (time, 2, labelers[g_rand_int_range (rand, 0, G_N_ELEMENTS (labelers))], -1, SQLITE_STATIC);
      sqlite3_bind_double (time, 3, g_rand_double_range (rand, 3, 120));
      sqlite3_bind_text (time, 4, now, -1, SQLITE_STATIC);
      step_and_reset (db, time, "insert labeling time");
    }
  sqlite3_finalize (product);
  sqlite3_finalize (image);
  sqlite3_finalize (box);
  sqlite3_finalize (time);
  check_sqlite (db, sqlite3_exec (db, "COMMIT", NULL, NULL, NULL), "commit");
  g_rand_free (rand);
}

static void
report (const char *name, double *values, int n, double target)
{
  qsort (values, n, sizeof *values, compare_double);
  double p50 = values[(n - 1) / 2], p95 = values[MIN (n - 1, (int) (n * 0.95))], worst = values[n - 1];
  printf ("%-34s p50 %8.4f s   p95 %8.4f s   worst %8.4f s", name, p50, p95, worst);
  if (target > 0)
    printf ("   target < %.1f s   %s", target, worst < target ? "ok" : "OVER");
  printf ("\n");
}

static void
remove_project (const char *path)
{
  static const char *const suffixes[] = { "", "-wal", "-shm", ".lock" };
  for (size_t i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);
      g_unlink (file);
    }
}

static double
file_mb (const char *path)
{
  GStatBuf st;
  return g_stat (path, &st) == 0 ? st.st_size / 1e6 : 0;
}

static ShProject *
open_or_die (const char *path, ShProjectOpenMode mode)
{
  g_autoptr (GError) error = NULL;
  ShProject *project = sh_project_open (path, mode, &error);
  if (project == NULL)
    {
      fprintf (stderr, "bench-project: %s\n", error->message);
      exit (1);
    }
  return project;
}

/* The generated project at path, made unless an earlier run left it (written under another name first, so
 * that an interrupted run leaves nothing half made). */
static void
ensure_project (const char *path, int n_images, int n_boxes, gboolean fresh)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *partial = g_strconcat (path, ".partial", NULL);
  ShProject *project;
  gint64 start;

  if (fresh)
    remove_project (path);
  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      printf ("reusing %s (%.1f MB; --fresh makes it again)\n", path, file_mb (path));
      return;
    }
  remove_project (partial);
  start = g_get_monotonic_time ();
  project = sh_project_create (partial, &error);
  if (project == NULL)
    {
      fprintf (stderr, "bench-project: %s\n", error->message);
      exit (1);
    }
  fill_project (project, n_images, n_boxes);
  /* Rows written past the store: its kept counts are made from them, as the schema step does for a project. */
  if (!sh_project_recount_stats (project, &error))
    {
      fprintf (stderr, "bench-project: %s\n", error->message);
      exit (1);
    }
  sh_project_close (project);
  remove_project (path);
  if (g_rename (partial, path) != 0)
    {
      fprintf (stderr, "bench-project: cannot rename %s\n", partial);
      exit (1);
    }
  remove_project (partial);
  printf ("generated %d images, %d boxes in %.1f s (%.1f MB): %s\n", n_images, n_boxes, seconds_since (start),
          file_mb (path), path);
}

/* The same project with every image labeled and every prediction accepted, so that an export writes all of
 * it: the worst case. */
static void
ensure_labeled_copy (const char *path, const char *copy, gboolean fresh)
{
  g_autoptr (GFile) from = g_file_new_for_path (path);
  g_autoptr (GFile) to = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *partial = g_strconcat (copy, ".partial", NULL);
  ShProject *project;
  gint64 start;

  if (fresh)
    remove_project (copy);
  if (g_file_test (copy, G_FILE_TEST_EXISTS))
    return;
  start = g_get_monotonic_time ();
  remove_project (partial);
  to = g_file_new_for_path (partial);
  if (!g_file_copy (from, to, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error))
    {
      fprintf (stderr, "bench-project: %s\n", error->message);
      exit (1);
    }
  project = open_or_die (partial, SH_PROJECT_OPEN_READ_WRITE);
  check_sqlite (test_project_db (project),
                sqlite3_exec (test_project_db (project),
                              "UPDATE images SET status = 'labeled'; UPDATE boxes SET accepted = 1", NULL, NULL,
                              NULL), "labeling the copy");
  if (!sh_project_recount_stats (project, &error))
    {
      fprintf (stderr, "bench-project: %s\n", error->message);
      exit (1);
    }
  sh_project_close (project);
  remove_project (copy);
  if (g_rename (partial, copy) != 0)
    exit (1);
  remove_project (partial);
  printf ("labeled copy made in %.1f s: %s\n", seconds_since (start), copy);
}

typedef struct {
  const char *name;
  ShImageFilter filter;
  ShImageSort sort;
  gboolean descending;
  const char *search;
} ListCase;

static void
bench_list (const char *path, int repeat)
{
  static const ListCase cases[] = {
    { "list: all, by date (window opens)", SH_IMAGE_FILTER_ALL, SH_IMAGE_SORT_DATE, FALSE, NULL },
    { "list: all, by date descending", SH_IMAGE_FILTER_ALL, SH_IMAGE_SORT_DATE, TRUE, NULL },
    { "list: all, by name", SH_IMAGE_FILTER_ALL, SH_IMAGE_SORT_NAME, FALSE, NULL },
    { "list: all, by name descending", SH_IMAGE_FILTER_ALL, SH_IMAGE_SORT_NAME, TRUE, NULL },
    { "list: all, by status", SH_IMAGE_FILTER_ALL, SH_IMAGE_SORT_STATUS, FALSE, NULL },
    { "list: new, by date", SH_IMAGE_FILTER_NEW, SH_IMAGE_SORT_DATE, FALSE, NULL },
    { "list: labeled, by date", SH_IMAGE_FILTER_LABELED, SH_IMAGE_SORT_DATE, FALSE, NULL },
    { "list: skipped, by name", SH_IMAGE_FILTER_SKIPPED, SH_IMAGE_SORT_NAME, FALSE, NULL },
    { "list: rejected, by status", SH_IMAGE_FILTER_REJECTED, SH_IMAGE_SORT_STATUS, FALSE, NULL },
    { "list: model, by date", SH_IMAGE_FILTER_MODEL, SH_IMAGE_SORT_DATE, FALSE, NULL },
    { "list: check failed, by date", SH_IMAGE_FILTER_CHECK_FAILED, SH_IMAGE_SORT_DATE, FALSE, NULL },
    { "list: needs a person, by date", SH_IMAGE_FILTER_NEEDS_PERSON, SH_IMAGE_SORT_DATE, FALSE, NULL },
    { "list: search \"IMG-0042\"", SH_IMAGE_FILTER_ALL, SH_IMAGE_SORT_DATE, FALSE, "IMG-0042" },
    { "list: search \"7\", by name", SH_IMAGE_FILTER_ALL, SH_IMAGE_SORT_NAME, FALSE, "7" },
    { "list: search \"0042\", new", SH_IMAGE_FILTER_NEW, SH_IMAGE_SORT_DATE, FALSE, "0042" },
  };
  static const char *const searches[] = { NULL, "IMG-0042", "7" };
  ShProject *project = open_or_die (path, SH_PROJECT_OPEN_READ_ONLY);
  double *times = g_new (double, repeat);
  g_autoptr (GError) error = NULL;

  for (size_t c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      const ListCase *list = &cases[c];
      ShImageListQuery query = { list->filter, list->sort, list->descending, list->search };
      char name[80];
      guint n = 0;

      for (int r = 0; r < repeat; r++)
        {
          gint64 start = g_get_monotonic_time ();
          GArray *ids = sh_image_list_store_read_ids (project, &query, &error);
          times[r] = seconds_since (start);
          g_assert_no_error (error);
          n = ids->len;
          g_array_unref (ids);
        }
      g_snprintf (name, sizeof name, "%s (%u)", list->name, n);
      report (name, times, repeat, 0);
    }
  for (size_t s = 0; s < G_N_ELEMENTS (searches); s++)
    {
      guint counts[SH_IMAGE_N_FILTERS];
      char name[80];

      for (int r = 0; r < repeat; r++)
        {
          gint64 start = g_get_monotonic_time ();
          gboolean ok = sh_image_list_store_count (project, searches[s], counts, &error);
          times[r] = seconds_since (start);
          g_assert_no_error (error);
          g_assert (ok);
        }
      g_snprintf (name, sizeof name, "counts, search \"%s\"", searches[s] != NULL ? searches[s] : "");
      report (name, times, repeat, 0);
      printf ("  ");
      for (int f = 0; f < SH_IMAGE_N_FILTERS; f++)
        printf (" %s %u", sh_image_filter_get_name (f), counts[f]);
      printf ("\n");
    }
  g_free (times);
  sh_project_close (project);
}

int
main (int argc, char **argv)
{
  int n_images = 1000000, n_boxes = -1, repeat = 5;
  gboolean fresh = FALSE;
  g_autofree char *keep = NULL;
  GOptionEntry entries[] = {
    { "images", 0, 0, G_OPTION_ARG_INT, &n_images, "Images in the generated project (1000000)", "N" },
    { "boxes", 0, 0, G_OPTION_ARG_INT, &n_boxes, "Boxes in the generated project (3 an image)", "N" },
    { "repeat", 0, 0, G_OPTION_ARG_INT, &repeat, "Timed runs of each step (5)", "N" },
    { "keep", 0, 0, G_OPTION_ARG_FILENAME, &keep,
      "The generated project (default: next to this program, named after its size and schema)", "FILE" },
    { "fresh", 0, 0, G_OPTION_ARG_NONE, &fresh, "Generate the project again even when it is there", NULL },
    { NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("- time the project store");
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *labeled = NULL;
  ShProject *project;
  gint64 start;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || n_images < 1 || repeat < 1)
    {
      fprintf (stderr, "bench-project: %s\n", error != NULL ? error->message : "bad counts");
      return 2;
    }
  if (n_boxes < 0)
    n_boxes = 3 * n_images;
  if (keep != NULL)
    path = g_strdup (keep);
  else
    {
      g_autofree char *here = g_path_get_dirname (argv[0]);
      g_autofree char *name = g_strdup_printf ("bench-project-%d-%d-v%d" SH_PROJECT_EXTENSION, n_images, n_boxes,
                                               SH_PROJECT_SCHEMA_VERSION);
      path = g_build_filename (here, name, NULL);
    }
  labeled = g_strconcat (path, "-labeled", NULL);
  ensure_project (path, n_images, n_boxes, fresh);
  printf ("project file %.1f MB\n\n", file_mb (path));

  double *open_rw = g_new (double, repeat), *open_ro = g_new (double, repeat), *stats = g_new (double, repeat);
  for (int r = 0; r < repeat; r++)
    {
      start = g_get_monotonic_time ();
      project = open_or_die (path, SH_PROJECT_OPEN_READ_WRITE);
      open_rw[r] = seconds_since (start);
      sh_project_close (project);

      /* As `shadelab-cli stats --json`: open read-only, compute, print. */
      start = g_get_monotonic_time ();
      project = open_or_die (path, SH_PROJECT_OPEN_READ_ONLY);
      open_ro[r] = seconds_since (start);
      start = g_get_monotonic_time ();
      cJSON *json = sh_project_stats_json (project, &error);
      g_assert_no_error (error);
      char *text = cJSON_Print (json);
      stats[r] = seconds_since (start);
      if (r == 0)
        printf ("stats: %.0f images (%.0f labeled), %.0f boxes, %d labelers, coverage %.4f\n\n",
                cJSON_GetObjectItem (cJSON_GetObjectItem (json, "images"), "total")->valuedouble,
                cJSON_GetObjectItem (cJSON_GetObjectItem (json, "images"), "labeled")->valuedouble,
                cJSON_GetObjectItem (cJSON_GetObjectItem (json, "boxes"), "total")->valuedouble,
                cJSON_GetArraySize (cJSON_GetObjectItem (json, "labelers")),
                cJSON_GetObjectItem (cJSON_GetObjectItem (json, "coverage"), "fraction")->valuedouble);
      cJSON_free (text);
      cJSON_Delete (json);
      sh_project_close (project);
    }
  report ("open (read-write)", open_rw, repeat, OPEN_TARGET_S);
  report ("open (read-only)", open_ro, repeat, OPEN_TARGET_S);
  report ("stats --json", stats, repeat, STATS_TARGET_S);
  g_free (open_rw);
  g_free (open_ro);
  g_free (stats);
  printf ("\n");

  bench_list (path, repeat);
  printf ("\n");

  ensure_labeled_copy (path, labeled, fresh);
  {
    g_autofree char *out_dir = g_dir_make_tmp ("shadelab-bench-export-XXXXXX", NULL);
    double *coco = g_new (double, repeat);
    ShExportSummary summary;
    ShExportOptions options;

    sh_export_options_init (&options);
    for (int r = 0; r < repeat; r++)
      {
        /* As `shadelab-cli export PROJECT --format coco --out DIR`: open read-only, export, flushed to disk. */
        start = g_get_monotonic_time ();
        project = open_or_die (labeled, SH_PROJECT_OPEN_READ_ONLY);
        if (!sh_export (project, out_dir, &options, &summary, &error))
          g_error ("export: %s", error->message);
        sh_project_close (project);
        coco[r] = seconds_since (start);
      }
    printf ("export coco: %u images, %u boxes (train/val/test %u/%u/%u images) into %s\n",
            summary.images[0] + summary.images[1] + summary.images[2],
            summary.boxes[0] + summary.boxes[1] + summary.boxes[2], summary.images[0], summary.images[1],
            summary.images[2], out_dir);
    report ("export coco", coco, repeat, EXPORT_TARGET_S);
    g_free (coco);
    for (int split = 0; split < SH_EXPORT_N_SPLITS; split++)
      {
        g_autofree char *name = g_strdup_printf ("instances_%s.json", sh_export_split_name (split));
        g_autofree char *file = g_build_filename (out_dir, "annotations", name, NULL);
        g_unlink (file);
      }
    {
      g_autofree char *annotations = g_build_filename (out_dir, "annotations", NULL);
      g_rmdir (annotations);
    }
    g_rmdir (out_dir);
  }
  return 0;
}
