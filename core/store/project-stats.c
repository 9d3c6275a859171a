/* SPDX-License-Identifier: GPL-3.0-or-later */
/* project-stats.c: progress, boxes, labelers and shade coverage of a project, as one JSON object. */
#define G_LOG_DOMAIN "shadelab-project"

#include "config.h"

#include "core/store/project-stats.h"
#include "core/store/store-private.h"

#include <math.h>
#include <string.h>

typedef struct {
  gint64 boxes;
  double seconds;
  gint64 visits;
  gint64 images;
} LabelerFigures;

static double
fraction (gint64 part, gint64 whole)
{
  return whole > 0 ? round ((double) part / (double) whole * 10000.0) / 10000.0 : 0.0;
}

/* Runs sql (no parameters) and calls row for each result row. */
static gboolean
for_each_row (ShProject *project, const char *sql, void (*row) (sqlite3_stmt *stmt, gpointer data), gpointer data,
              GError **error)
{
  sqlite3_stmt *stmt = sh_store_prepare (project, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    row (stmt, data);
  if (rc != SQLITE_DONE)
    sh_project_set_error (project, error, "computing the project's statistics");
  sqlite3_finalize (stmt);
  return rc == SQLITE_DONE;
}

static const char *
column_string (sqlite3_stmt *stmt, int column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);
  return text != NULL ? text : "";
}

/* ---- images ---- */

static void
status_row (sqlite3_stmt *stmt, gpointer data)
{
  cJSON *images = data;
  const char *status = column_string (stmt, 0);
  cJSON *count = cJSON_GetObjectItemCaseSensitive (images, status);
  if (count != NULL)
    cJSON_SetNumberValue (count, (double) sqlite3_column_int64 (stmt, 1));
}

/* The figures from the counts the store keeps, or, when rows were written past the store (another program
 * added photos, boxes or visits: the totals disagree), from the rows themselves. Both give the same columns. */
typedef struct {
  const char *statuses;  /* status, count */
  const char *boxes;     /* class_id, source, accepted, labeler (NULL: none), count */
  const char *times;     /* labeler, seconds, visits, distinct images */
} StatsQueries;

static const StatsQueries kept_counts = {
  "SELECT status, n FROM image_status_counts WHERE n > 0",
  "SELECT class_id, source, accepted, CASE WHEN anonymous THEN NULL ELSE labeler END, n FROM box_counts "
  "WHERE n > 0",
  "SELECT labeler, seconds, visits, images FROM labeler_time_counts WHERE visits > 0",
};

static const StatsQueries from_rows = {
  "SELECT status, count(*) FROM images GROUP BY status",
  "SELECT class_id, source, accepted, labeler, count(*) FROM boxes GROUP BY class_id, source, accepted, labeler",
  "SELECT labeler, sum (seconds), count(*), count (DISTINCT image_id) FROM labeling_time GROUP BY labeler",
};

static void
int_row (sqlite3_stmt *stmt, gpointer data)
{
  *(gint64 *) data = sqlite3_column_int64 (stmt, 0);
}

/* Whether the kept counts add up to the rows there are (count(*) of a whole table reads no row). */
static gboolean
counts_agree (ShProject *project, gboolean *agree, GError **error)
{
  gint64 kept = -1, rows = -2;

  *agree = FALSE;
  if (!for_each_row (project,
                     "SELECT (SELECT coalesce (sum (n), 0) FROM image_status_counts) "
                     "     + (SELECT coalesce (sum (n), 0) FROM box_counts) * 1000003 "
                     "     + (SELECT coalesce (sum (visits), 0) FROM labeler_time_counts) * 1000000007",
                     int_row, &kept, error)
      || !for_each_row (project,
                        "SELECT (SELECT count(*) FROM images) + (SELECT count(*) FROM boxes) * 1000003 "
                        "     + (SELECT count(*) FROM labeling_time) * 1000000007",
                        int_row, &rows, error))
    return FALSE;
  *agree = kept == rows;
  return TRUE;
}

static gboolean
add_images (ShProject *project, const StatsQueries *queries, cJSON *json, GError **error)
{
  cJSON *images = cJSON_AddObjectToObject (json, "images");
  static const char *const statuses[] = { "new", "labeled", "skipped", "rejected" };
  gint64 total = 0, done = 0;

  for (size_t i = 0; i < G_N_ELEMENTS (statuses); i++)
    cJSON_AddNumberToObject (images, statuses[i], 0);
  /* Counts the store keeps as photos come, go and change status (core/store/schema-stats-counts.sql). */
  if (!for_each_row (project, queries->statuses, status_row, images, error))
    return FALSE;
  for (size_t i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      gint64 n = (gint64) cJSON_GetObjectItemCaseSensitive (images, statuses[i])->valuedouble;
      total += n;
      if (i > 0)
        done += n;
    }
  cJSON_AddNumberToObject (images, "total", (double) total);
  cJSON_AddNumberToObject (images, "done", (double) done);
  cJSON_AddNumberToObject (images, "done_fraction", fraction (done, total));
  return TRUE;
}

/* ---- boxes ---- */

typedef struct {
  cJSON *by_class;
  GHashTable *class_names;  /* id -> name */
  gint64 total, human, model, model_accepted;
  GHashTable *labelers;     /* name -> LabelerFigures */
} BoxTally;

static void
class_row (sqlite3_stmt *stmt, gpointer data)
{
  BoxTally *tally = data;
  const char *name = column_string (stmt, 1);
  g_hash_table_insert (tally->class_names, GINT_TO_POINTER (sqlite3_column_int (stmt, 0)), g_strdup (name));
  cJSON_AddNumberToObject (tally->by_class, name, 0);
}

static LabelerFigures *
labeler_figures (GHashTable *labelers, const char *name)
{
  LabelerFigures *figures = g_hash_table_lookup (labelers, name);
  if (figures == NULL)
    {
      figures = g_new0 (LabelerFigures, 1);
      g_hash_table_insert (labelers, g_strdup (name), figures);
    }
  return figures;
}

/* One row per (class, source, accepted, labeler) group the store counts: every box figure without a pass over
 * the boxes. */
static void
box_group_row (sqlite3_stmt *stmt, gpointer data)
{
  BoxTally *tally = data;
  const char *class_name = g_hash_table_lookup (tally->class_names, GINT_TO_POINTER (sqlite3_column_int (stmt, 0)));
  gboolean model = strcmp (column_string (stmt, 1), "model") == 0;
  gboolean accepted = sqlite3_column_int (stmt, 2) != 0;
  gint64 count = sqlite3_column_int64 (stmt, 4);

  tally->total += count;
  if (model)
    {
      tally->model += count;
      if (accepted)
        tally->model_accepted += count;
    }
  else
    tally->human += count;
  if (class_name != NULL)
    {
      cJSON *item = cJSON_GetObjectItemCaseSensitive (tally->by_class, class_name);
      cJSON_SetNumberValue (item, item->valuedouble + (double) count);
    }
  if (sqlite3_column_type (stmt, 3) != SQLITE_NULL)
    labeler_figures (tally->labelers, column_string (stmt, 3))->boxes += count;
}

/* One row per labeler of the labeling time the store keeps (seconds, visits, distinct photos). */
static void
time_row (sqlite3_stmt *stmt, gpointer data)
{
  BoxTally *tally = data;
  LabelerFigures *figures = labeler_figures (tally->labelers, column_string (stmt, 0));

  figures->seconds += sqlite3_column_double (stmt, 1);
  figures->visits += sqlite3_column_int64 (stmt, 2);
  figures->images += sqlite3_column_int64 (stmt, 3);
}

static gboolean
add_boxes_and_labelers (ShProject *project, const StatsQueries *queries, cJSON *json, GError **error)
{
  cJSON *boxes = cJSON_AddObjectToObject (json, "boxes");
  cJSON *by_source, *labelers;
  g_autoptr (GHashTable) class_names = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
  g_autoptr (GHashTable) labeler_table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  BoxTally tally = { 0 };
  GList *names;
  gboolean ok;

  tally.by_class = cJSON_CreateObject ();
  tally.class_names = class_names;
  tally.labelers = labeler_table;
  ok = for_each_row (project, "SELECT id, name FROM box_classes ORDER BY id", class_row, &tally, error)
       && for_each_row (project, queries->boxes, box_group_row, &tally, error)
       && for_each_row (project, queries->times,
                        time_row, &tally, error);
  if (!ok)
    {
      cJSON_Delete (tally.by_class);
      return FALSE;
    }

  cJSON_AddNumberToObject (boxes, "total", (double) tally.total);
  cJSON_AddItemToObject (boxes, "by_class", tally.by_class);
  by_source = cJSON_AddObjectToObject (boxes, "by_source");
  cJSON_AddNumberToObject (by_source, "human", (double) tally.human);
  cJSON_AddNumberToObject (by_source, "model", (double) tally.model);
  cJSON_AddNumberToObject (boxes, "model_accepted", (double) tally.model_accepted);

  labelers = cJSON_AddArrayToObject (json, "labelers");
  names = g_list_sort (g_hash_table_get_keys (labeler_table), (GCompareFunc) g_strcmp0);
  for (GList *l = names; l != NULL; l = l->next)
    {
      const LabelerFigures *figures = g_hash_table_lookup (labeler_table, l->data);
      cJSON *item = cJSON_CreateObject ();
      cJSON_AddStringToObject (item, "name", l->data);
      cJSON_AddNumberToObject (item, "boxes", (double) figures->boxes);
      cJSON_AddNumberToObject (item, "seconds", round (figures->seconds * 1000.0) / 1000.0);
      cJSON_AddNumberToObject (item, "visits", (double) figures->visits);
      cJSON_AddNumberToObject (item, "images", (double) figures->images);
      cJSON_AddItemToArray (labelers, item);
    }
  g_list_free (names);
  return TRUE;
}

/* ---- coverage ---- */

typedef struct {
  cJSON *by_category;
  gint64 products, covered;
} CoverageTally;

static void
category_row (sqlite3_stmt *stmt, gpointer data)
{
  CoverageTally *tally = data;
  gint64 products = sqlite3_column_int64 (stmt, 1);
  gint64 covered = sqlite3_column_int64 (stmt, 2);
  cJSON *item = cJSON_CreateObject ();

  if (sqlite3_column_type (stmt, 0) == SQLITE_NULL)
    cJSON_AddNullToObject (item, "category");
  else
    cJSON_AddStringToObject (item, "category", column_string (stmt, 0));
  cJSON_AddNumberToObject (item, "products", (double) products);
  cJSON_AddNumberToObject (item, "covered", (double) covered);
  cJSON_AddNumberToObject (item, "fraction", fraction (covered, products));
  cJSON_AddItemToArray (tally->by_category, item);
  tally->products += products;
  tally->covered += covered;
}

static gboolean
add_coverage (ShProject *project, cJSON *json, GError **error)
{
  cJSON *coverage = cJSON_AddObjectToObject (json, "coverage");
  CoverageTally tally = { 0 };

  tally.by_category = cJSON_CreateArray ();
  /* Every category of the list (also those without products yet), then the products without a category. */
  if (!for_each_row (project,
                     "SELECT c.name, count(p.id), "
                     "  coalesce (sum (EXISTS (SELECT 1 FROM images i WHERE i.product_id = p.id "
                     "                         AND i.status = 'labeled')), 0) "
                     "FROM categories c LEFT JOIN products p ON p.category_id = c.id "
                     "GROUP BY c.id ORDER BY c.id",
                     category_row, &tally, error)
      || !for_each_row (project,
                        "SELECT NULL, count(*), "
                        "  coalesce (sum (EXISTS (SELECT 1 FROM images i WHERE i.product_id = p.id "
                        "                         AND i.status = 'labeled')), 0) "
                        "FROM products p WHERE p.category_id IS NULL HAVING count(*) > 0",
                        category_row, &tally, error))
    {
      cJSON_Delete (tally.by_category);
      return FALSE;
    }
  cJSON_AddNumberToObject (coverage, "products", (double) tally.products);
  cJSON_AddNumberToObject (coverage, "covered", (double) tally.covered);
  cJSON_AddNumberToObject (coverage, "fraction", fraction (tally.covered, tally.products));
  cJSON_AddItemToObject (coverage, "by_category", tally.by_category);
  return TRUE;
}

cJSON *
sh_project_stats_json (ShProject *project, GError **error)
{
  cJSON *json = cJSON_CreateObject ();
  gboolean own = FALSE, agree = FALSE, ok;

  /* One read transaction, so that the figures agree with each other while another process writes (inside a
   * caller's batch, that batch is the transaction). */
  if (!sh_store_read_begin (project, &own, error))
    {
      cJSON_Delete (json);
      return NULL;
    }
  cJSON_AddStringToObject (json, "project", sh_project_get_path (project));
  ok = counts_agree (project, &agree, error)
       && add_images (project, agree ? &kept_counts : &from_rows, json, error)
       && add_boxes_and_labelers (project, agree ? &kept_counts : &from_rows, json, error)
       && add_coverage (project, json, error);
  ok = sh_store_read_end (project, own, ok ? error : NULL) && ok;
  if (!ok)
    {
      cJSON_Delete (json);
      return NULL;
    }
  return json;
}

/* ---- counts kept with every write ---- */

gboolean
sh_store_count_image (ShProject *project, gint64 image_id, int delta, GError **error)
{
  sqlite3_stmt *stmt = sh_store_statement (project,
                                           delta > 0
                                               ? "INSERT INTO image_status_counts (status, n) "
                                                 "SELECT status, 1 FROM images WHERE id = ?1 "
                                                 "ON CONFLICT (status) DO UPDATE SET n = n + 1"
                                               : "UPDATE image_status_counts SET n = n - 1 "
                                                 "WHERE status = (SELECT status FROM images WHERE id = ?1)",
                                           error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, image_id);
  return sh_store_run (project, stmt, error, "counting the photos");
}

gboolean
sh_store_count_box (ShProject *project, gint64 box_id, int delta, GError **error)
{
  sqlite3_stmt *stmt = sh_store_statement (project,
                                           delta > 0
                                               ? "INSERT INTO box_counts (class_id, source, accepted, anonymous, "
                                                 "labeler, n) SELECT class_id, source, accepted, labeler IS NULL, "
                                                 "coalesce (labeler, ''), 1 FROM boxes WHERE id = ?1 "
                                                 "ON CONFLICT (class_id, source, accepted, anonymous, labeler) "
                                                 "DO UPDATE SET n = n + 1"
                                               : "UPDATE box_counts SET n = n - 1 "
                                                 "WHERE (class_id, source, accepted, anonymous, labeler) = "
                                                 "(SELECT class_id, source, accepted, labeler IS NULL, "
                                                 "coalesce (labeler, '') FROM boxes WHERE id = ?1)",
                                           error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, box_id);
  return sh_store_run (project, stmt, error, "counting the boxes");
}

gboolean
sh_store_count_labeling_time (ShProject *project, gint64 time_id, GError **error)
{
  /* A photo counts for its labeler on the first visit: no other row of theirs for it. */
  sqlite3_stmt *stmt = sh_store_statement (project,
                                           "INSERT INTO labeler_time_counts (labeler, seconds, visits, images) "
                                           "SELECT t.labeler, t.seconds, 1, NOT EXISTS (SELECT 1 FROM labeling_time o "
                                           "  WHERE o.labeler = t.labeler AND o.image_id = t.image_id "
                                           "  AND o.id <> t.id) "
                                           "FROM labeling_time t WHERE t.id = ?1 "
                                           "ON CONFLICT (labeler) DO UPDATE SET seconds = seconds + excluded.seconds, "
                                           "visits = visits + 1, images = images + excluded.images",
                                           error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, time_id);
  return sh_store_run (project, stmt, error, "counting labeling time");
}

gboolean
sh_store_recount (ShProject *project, GError **error)
{
  return sh_store_exec (project,
                        "DELETE FROM image_status_counts; DELETE FROM box_counts; DELETE FROM labeler_time_counts;"
                        "INSERT INTO image_status_counts (status, n) SELECT status, count(*) FROM images "
                        "  GROUP BY status;"
                        "INSERT INTO box_counts (class_id, source, accepted, anonymous, labeler, n) "
                        "  SELECT class_id, source, accepted, labeler IS NULL, coalesce (labeler, ''), count(*) "
                        "  FROM boxes GROUP BY class_id, source, accepted, labeler IS NULL, coalesce (labeler, '');"
                        "INSERT INTO labeler_time_counts (labeler, seconds, visits, images) "
                        "  SELECT labeler, sum (seconds), count(*), count (DISTINCT image_id) FROM labeling_time "
                        "  GROUP BY labeler;",
                        error, "counting the project's photos and boxes");
}

gboolean
sh_project_recount_stats (ShProject *project, GError **error)
{
  if (!sh_store_change_begin (project, "counting the project's photos and boxes", error))
    return FALSE;
  return sh_store_change_end (project, sh_store_recount (project, error), error);
}
