/* SPDX-License-Identifier: GPL-3.0-or-later */
/* image-list-store.c: the SQL behind the image list (see image-list-store.h). */
#define G_LOG_DOMAIN "shadelab-image-list"

#include "config.h"

#include "core/store/image-list-store.h"
#include "core/store/store-private.h"

#include <stdlib.h>
#include <string.h>

/* What each filter adds to the WHERE clause; NULL for none. */
static const char *const filter_conditions[SH_IMAGE_N_FILTERS] = {
  [SH_IMAGE_FILTER_ALL] = NULL,
  [SH_IMAGE_FILTER_NEW] = "status = 'new'",
  [SH_IMAGE_FILTER_LABELED] = "status = 'labeled'",
  [SH_IMAGE_FILTER_SKIPPED] = "status = 'skipped'",
  [SH_IMAGE_FILTER_REJECTED] = "status = 'rejected'",
  /* Predictions still to review: an accepted (or corrected) model box is a label like any other. */
  [SH_IMAGE_FILTER_MODEL] = "id IN (SELECT image_id FROM boxes WHERE source = 'model' AND accepted = 0)",
  [SH_IMAGE_FILTER_CHECK_FAILED] = "photo_check_passed = 0",
  [SH_IMAGE_FILTER_NEEDS_PERSON] = sh_store_needs_person_sql,
};

/* The status sort's groups, in the filter menu's order. */
static const ShImageStatus status_order[] = { SH_IMAGE_NEW, SH_IMAGE_LABELED, SH_IMAGE_SKIPPED, SH_IMAGE_REJECTED };

/* "%text%" with LIKE's wildcards in text escaped by '\'; NULL when there is nothing to search for. */
static char *
like_pattern (const char *search)
{
  GString *pattern;

  if (search == NULL || *search == '\0')
    return NULL;
  pattern = g_string_new ("%");
  for (const char *c = search; *c != '\0'; c++)
    {
      if (*c == '%' || *c == '_' || *c == '\\')
        g_string_append_c (pattern, '\\');
      g_string_append_c (pattern, *c);
    }
  g_string_append_c (pattern, '%');
  return g_string_free (pattern, FALSE);
}

static gboolean
filter_is_status (ShImageFilter filter)
{
  return filter >= SH_IMAGE_FILTER_NEW && filter <= SH_IMAGE_FILTER_REJECTED;
}

static int
compare_id (const void *a, const void *b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;
  return (x > y) - (x < y);
}

/* Sorts ids that are made of a few ascending runs (one per group of the index they were read from) by merging
 * neighbouring runs: a few passes over the array instead of a sort of a million ids. */
static void
merge_runs (GArray *ids)
{
  g_autoptr (GArray) starts = g_array_new (FALSE, FALSE, sizeof (guint));
  gint64 *from = (gint64 *) ids->data;
  g_autofree gint64 *buffer = NULL;
  gint64 *to;
  guint zero = 0, n = ids->len;

  g_array_append_val (starts, zero);
  for (guint i = 1; i < n; i++)
    if (from[i] < from[i - 1])
      g_array_append_val (starts, i);
  if (starts->len == 1)
    return;
  g_array_append_val (starts, n);
  buffer = g_new (gint64, n);
  to = buffer;
  while (starts->len > 2)
    {
      guint runs = starts->len - 1, kept = 0;
      guint *start = (guint *) starts->data;

      for (guint r = 0; r < runs; r += 2)
        {
          guint a = start[r], a_end = start[r + 1], b = a_end, b_end = r + 2 <= runs ? start[r + 2] : a_end;
          guint out = a;

          while (a < a_end && b < b_end)
            to[out++] = from[a] <= from[b] ? from[a++] : from[b++];
          memcpy (to + out, from + a, (a_end - a) * sizeof (gint64));
          out += a_end - a;
          memcpy (to + out, from + b, (b_end - b) * sizeof (gint64));
          start[kept++] = start[r];
        }
      start[kept++] = n;
      g_array_set_size (starts, kept);
      {
        gint64 *swap = from;
        from = to;
        to = swap;
      }
    }
  if (from != (gint64 *) ids->data)
    memcpy (ids->data, from, n * sizeof (gint64));
}

/* Runs sql (?1 the search pattern, ?2 a status name, each when given) and appends the ids it returns. *sorted
 * becomes FALSE when they did not come in ascending order. */
static gboolean
append_ids (ShProject *project, const char *sql, const char *pattern, const char *status, GArray *ids,
            gboolean *sorted, GError **error)
{
  sqlite3_stmt *stmt = sh_store_prepare (project, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  if (pattern != NULL)
    sqlite3_bind_text (stmt, 1, pattern, -1, SQLITE_STATIC);
  if (status != NULL)
    sqlite3_bind_text (stmt, 2, status, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      if (sorted != NULL && ids->len > 0 && id < g_array_index (ids, gint64, ids->len - 1))
        *sorted = FALSE;
      g_array_append_val (ids, id);
    }
  if (rc != SQLITE_DONE)
    {
      sh_project_set_error (project, error, "listing the images");
      sqlite3_finalize (stmt);
      return FALSE;
    }
  sqlite3_finalize (stmt);
  return TRUE;
}

/* SELECT id FROM images [index hint] WHERE <filter> AND <search> AND <extra> [ORDER BY order]. */
static char *
ids_query (const char *from, ShImageFilter filter, gboolean search, const char *extra, const char *order)
{
  GString *sql = g_string_new ("SELECT id FROM ");
  const char *conditions[3] = { filter_conditions[filter], search ? "file_name LIKE ?1 ESCAPE '\\'" : NULL, extra };
  gboolean first = TRUE;

  g_string_append (sql, from);
  for (guint i = 0; i < G_N_ELEMENTS (conditions); i++)
    {
      if (conditions[i] == NULL)
        continue;
      g_string_append (sql, first ? " WHERE " : " AND ");
      g_string_append (sql, conditions[i]);
      first = FALSE;
    }
  if (order != NULL)
    g_string_append_printf (sql, " ORDER BY %s", order);
  return g_string_free (sql, FALSE);
}

static void
reverse_ids (GArray *ids)
{
  gint64 *data = (gint64 *) ids->data;

  for (guint i = 0, j = ids->len; i + 1 < j; i++, j--)
    {
      gint64 swap = data[i];
      data[i] = data[j - 1];
      data[j - 1] = swap;
    }
}

/* Images are never deleted and ids are given in turn, so the ids of a project are usually first..last without
 * a gap: then the list of all of them is known from three numbers, read from the ends of the primary key and
 * one count of the smallest index, in milliseconds where reading a million ids takes a fifth of a second.
 * FALSE when there is a gap (a file written elsewhere) or on an error, to read them one by one. */
static gboolean
read_contiguous_ids (ShProject *project, GArray *ids)
{
  g_autoptr (GError) error = NULL;
  sqlite3_stmt *stmt = sh_store_prepare (project,
                                         "SELECT (SELECT min(id) FROM images), (SELECT max(id) FROM images), "
                                         "(SELECT count(*) FROM images)",
                                         &error);
  gint64 first, last, count;
  gboolean contiguous = FALSE;

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      first = sqlite3_column_int64 (stmt, 0);
      last = sqlite3_column_int64 (stmt, 1);
      count = sqlite3_column_int64 (stmt, 2);
      contiguous = count == 0 || (count <= G_MAXUINT && last - first + 1 == count);
    }
  sqlite3_finalize (stmt);
  if (!contiguous)
    return FALSE;
  g_array_set_size (ids, (guint) count);
  for (gint64 i = 0; i < count; i++)
    g_array_index (ids, gint64, i) = first + i;
  return TRUE;
}

GArray *
sh_image_list_store_read_ids (ShProject *project, const ShImageListQuery *query, GError **error)
{
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *pattern = NULL;

  g_return_val_if_fail (project != NULL && query != NULL, NULL);
  g_return_val_if_fail ((unsigned) query->filter < SH_IMAGE_N_FILTERS, NULL);
  g_return_val_if_fail ((unsigned) query->sort < SH_IMAGE_N_SORTS, NULL);

  pattern = like_pattern (query->search);
  if (pattern != NULL)
    {
      /* A search scans the names index alone (it holds the status and check too) and sorts what matched. */
      static const char *const orders[SH_IMAGE_N_SORTS] = {
        [SH_IMAGE_SORT_DATE] = "id",
        [SH_IMAGE_SORT_NAME] = "file_name COLLATE NOCASE, id",
        [SH_IMAGE_SORT_STATUS] = "CASE status WHEN 'new' THEN 0 WHEN 'labeled' THEN 1 WHEN 'skipped' THEN 2 "
                                 "ELSE 3 END, id",
      };
      g_autofree char *sql = ids_query ("images INDEXED BY images_name", query->filter, TRUE, NULL,
                                        orders[query->sort]);

      if (!append_ids (project, sql, pattern, NULL, ids, NULL, error))
        return NULL;
    }
  else if (query->sort == SH_IMAGE_SORT_STATUS && !filter_is_status (query->filter))
    {
      /* One query per status, in group order: each walks the status index in id order. */
      g_autofree char *sql = ids_query ("images", query->filter, FALSE, "status = ?2", "id");

      for (guint i = 0; i < G_N_ELEMENTS (status_order); i++)
        if (!append_ids (project, sql, NULL, sh_image_status_name (status_order[i]), ids, NULL, error))
          return NULL;
    }
  else if (query->sort == SH_IMAGE_SORT_NAME)
    {
      /* The names index is in this order: nothing is sorted. */
      g_autofree char *sql = ids_query ("images INDEXED BY images_name", query->filter, FALSE, NULL,
                                        "file_name COLLATE NOCASE, id");

      if (!append_ids (project, sql, NULL, NULL, ids, NULL, error))
        return NULL;
    }
  else
    {
      /* Import order. "All" walks the small status index instead of the table, whose rows carry the photo-check
       * JSON: the ids come back as one ascending run per status, merged here. The other filters each have an
       * index that gives their ids in order. */
      gboolean all = query->filter == SH_IMAGE_FILTER_ALL;
      /* "Needs a person" looks at new photos only: the status index gives just those, in id order. */
      gboolean by_status = all || query->filter == SH_IMAGE_FILTER_NEEDS_PERSON;
      g_autofree char *sql = ids_query (by_status ? "images INDEXED BY images_status" : "images", query->filter,
                                        FALSE, NULL, NULL);
      gboolean sorted = TRUE;

      if (all && read_contiguous_ids (project, ids))
        goto done;
      /* The model boxes to review name their images in id order, as the model count counts them. */
      if (query->filter == SH_IMAGE_FILTER_MODEL)
        {
          g_free (sql);
          sql = g_strdup ("SELECT DISTINCT image_id FROM boxes WHERE source = 'model' AND accepted = 0");
        }

      if (!append_ids (project, sql, NULL, NULL, ids, &sorted, error))
        return NULL;
      if (!sorted)
        merge_runs (ids);
    }
done:
  if (query->descending)
    reverse_ids (ids);
  return g_steal_pointer (&ids);
}

gboolean
sh_image_list_store_count (ShProject *project, const char *search, guint counts[SH_IMAGE_N_FILTERS], GError **error)
{
  g_autofree char *pattern = like_pattern (search);
  sqlite3_stmt *stmt = NULL;
  gboolean ok = FALSE, own = FALSE;
  int rc;

  memset (counts, 0, sizeof (guint) * SH_IMAGE_N_FILTERS);
  if (!sh_store_read_begin (project, &own, error))
    return FALSE;

  /* Each count from an index alone: the status index, the failed checks' own index, the model boxes to review;
   * with a search, the names index, which holds each name's status and check. */
  stmt = sh_store_prepare (project,
                           pattern == NULL
                             ? "SELECT status, count(*), 0 FROM images INDEXED BY images_status GROUP BY status"
                             : "SELECT status, count(*), sum(photo_check_passed = 0) FROM images "
                               "INDEXED BY images_name WHERE file_name LIKE ?1 ESCAPE '\\' GROUP BY status",
                           error);
  if (stmt == NULL)
    goto out_prepared;
  if (pattern != NULL)
    sqlite3_bind_text (stmt, 1, pattern, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      ShImageStatus status;
      guint n = (guint) sqlite3_column_int64 (stmt, 1);

      counts[SH_IMAGE_FILTER_ALL] += n;
      counts[SH_IMAGE_FILTER_CHECK_FAILED] += (guint) sqlite3_column_int64 (stmt, 2);
      if (sh_image_status_from_name ((const char *) sqlite3_column_text (stmt, 0), &status))
        counts[SH_IMAGE_FILTER_NEW + status] += n;
    }
  if (rc != SQLITE_DONE)
    goto out;
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (pattern == NULL)
    {
      stmt = sh_store_prepare (project, "SELECT count(*) FROM images WHERE photo_check_passed = 0", error);
      if (stmt == NULL)
        goto out_prepared;
      if (sqlite3_step (stmt) != SQLITE_ROW)
        goto out;
      counts[SH_IMAGE_FILTER_CHECK_FAILED] = (guint) sqlite3_column_int64 (stmt, 0);
      g_clear_pointer (&stmt, sqlite3_finalize);
    }

  stmt = sh_store_prepare (project,
                           pattern == NULL
                             ? "SELECT count(DISTINCT image_id) FROM boxes WHERE source = 'model' AND accepted = 0"
                             : "SELECT count(*) FROM images INDEXED BY images_name "
                               "WHERE file_name LIKE ?1 ESCAPE '\\' AND id IN (SELECT image_id FROM boxes "
                               "WHERE source = 'model' AND accepted = 0)",
                           error);
  if (stmt == NULL)
    goto out_prepared;
  if (pattern != NULL)
    sqlite3_bind_text (stmt, 1, pattern, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    goto out;
  counts[SH_IMAGE_FILTER_MODEL] = (guint) sqlite3_column_int64 (stmt, 0);
  g_clear_pointer (&stmt, sqlite3_finalize);

  /* The new photos (the status index), each looked up in the boxes' image index. */
  {
    g_autofree char *sql = pattern == NULL
      ? g_strdup_printf ("SELECT count(*) FROM images INDEXED BY images_status WHERE %s", sh_store_needs_person_sql)
      : g_strdup_printf ("SELECT count(*) FROM images INDEXED BY images_name WHERE file_name LIKE ?1 ESCAPE '\\' "
                         "AND %s", sh_store_needs_person_sql);

    stmt = sh_store_prepare (project, sql, error);
  }
  if (stmt == NULL)
    goto out_prepared;
  if (pattern != NULL)
    sqlite3_bind_text (stmt, 1, pattern, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    goto out;
  counts[SH_IMAGE_FILTER_NEEDS_PERSON] = (guint) sqlite3_column_int64 (stmt, 0);
  ok = TRUE;

out:
  if (!ok)
    sh_project_set_error (project, error, "counting the images");
  sqlite3_finalize (stmt);
out_prepared:
  return sh_store_read_end (project, own, ok ? error : NULL) && ok;
}

/* ---- pages ---- */

/* "?1, ?2, ... ?PAGE_SIZE" */
static void
append_parameters (GString *sql)
{
  for (int i = 1; i <= SH_IMAGE_LIST_PAGE_SIZE; i++)
    g_string_append_printf (sql, i > 1 ? ", ?%d" : "?%d", i);
}

/* SQL with SH_IMAGE_LIST_PAGE_SIZE parameters, built once: the text's address keeps its statement cached. */
static const char *
page_sql (const char *head)
{
  g_autoptr (GString) sql = g_string_new (head);

  append_parameters (sql);
  g_string_append (sql, ")");
  return g_intern_string (sql->str);
}

/* The photo check's JSON only for photos that failed it: the list says why, and the others need none. */
static const char *
items_sql (void)
{
  static gsize sql;

  if (g_once_init_enter (&sql))
    g_once_init_leave (&sql, (gsize) page_sql ("SELECT i.id, i.file_name, i.path, i.status, i.status_reason, "
                                               "i.photo_check_passed, i.content_hash, i.width, i.height, p.sku, "
                                               "(SELECT count(*) FROM boxes b WHERE b.image_id = i.id), "
                                               "(SELECT count(*) FROM boxes b WHERE b.image_id = i.id "
                                               "AND b.source = 'model' AND b.accepted = 0), "
                                               "CASE WHEN i.photo_check_passed = 0 THEN i.photo_check END "
                                               "FROM images i LEFT JOIN products p ON p.id = i.product_id "
                                               "WHERE i.id IN ("));
  return (const char *) sql;
}

static ShImageItem *
item_from_row (ShProject *project, sqlite3_stmt *page)
{
  g_autofree char *path = sh_project_resolve_path (project, (const char *) sqlite3_column_text (page, 2));
  ShImageItemFields fields = {
    .id = sqlite3_column_int64 (page, 0),
    .file_name = (const char *) sqlite3_column_text (page, 1),
    .path = path,
    .status = SH_IMAGE_NEW,
    .status_reason = (const char *) sqlite3_column_text (page, 4),
    .photo_check_passed = sqlite3_column_type (page, 5) == SQLITE_NULL ? -1 : sqlite3_column_int (page, 5),
    .content_hash = (const char *) sqlite3_column_text (page, 6),
    .width = sqlite3_column_int (page, 7),
    .height = sqlite3_column_int (page, 8),
    .product_sku = (const char *) sqlite3_column_text (page, 9),
    .n_boxes = (guint) sqlite3_column_int (page, 10),
    .n_model_boxes = (guint) sqlite3_column_int (page, 11),
    .photo_check_json = (const char *) sqlite3_column_text (page, 12),
  };

  sh_image_status_from_name ((const char *) sqlite3_column_text (page, 3), &fields.status);
  return sh_image_item_new (&fields);
}

gboolean
sh_image_list_store_read_items (ShProject *project, const gint64 *ids, guint n, ShImageItem **items,
                                GError **error)
{
  g_autoptr (GHashTable) by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (n <= SH_IMAGE_LIST_PAGE_SIZE, FALSE);

  stmt = sh_store_statement (project, items_sql (), error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      sqlite3_bind_int64 (stmt, (int) i + 1, ids[i]);
      g_hash_table_insert (by_id, (gpointer) &ids[i], GUINT_TO_POINTER (i));
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      gpointer index;

      if (g_hash_table_lookup_extended (by_id, &id, NULL, &index))
        items[GPOINTER_TO_UINT (index)] = item_from_row (project, stmt);
    }
  if (rc != SQLITE_DONE)
    sh_project_set_error (project, error, "reading the image list");
  /* Reset now: a statement left mid-read would hold a read transaction open and keep the WAL from being
   * checkpointed. */
  sqlite3_reset (stmt);
  return rc == SQLITE_DONE;
}

/* ---- images still to label ---- */

void
sh_image_list_store_walk_new (ShProject *project, gint64 from_id, gboolean ascending, ShImageListFoundFunc found,
                              gpointer user_data)
{
  g_autoptr (GError) error = NULL;
  sqlite3_stmt *stmt;

  /* The status index walks new images in id order from the start point. */
  stmt = sh_store_prepare (project,
                           ascending ? "SELECT id FROM images WHERE status = 'new' AND id > ?1 ORDER BY id"
                                     : "SELECT id FROM images WHERE status = 'new' AND id < ?1 ORDER BY id DESC",
                           &error);
  if (stmt == NULL)
    {
      g_warning ("finding the next unlabeled image: %s", error->message);
      return;
    }
  sqlite3_bind_int64 (stmt, 1, from_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    if (found (sqlite3_column_int64 (stmt, 0), user_data))
      break;
  sqlite3_finalize (stmt);
}

GArray *
sh_image_list_store_read_new_ids (ShProject *project, GError **error)
{
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  gboolean sorted = TRUE;

  /* The status index gives them in id order. */
  if (!append_ids (project, "SELECT id FROM images WHERE status = 'new' ORDER BY id", NULL, NULL, ids, &sorted,
                   error))
    return NULL;
  if (!sorted)
    qsort (ids->data, ids->len, sizeof (gint64), compare_id);
  return g_steal_pointer (&ids);
}

void
sh_image_list_store_which_new (ShProject *project, const gint64 *ids, guint n, gboolean *is_new)
{
  static gsize sql;
  g_autoptr (GHashTable) index = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr (GError) error = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_if_fail (n <= SH_IMAGE_LIST_PAGE_SIZE);

  for (guint i = 0; i < n; i++)
    is_new[i] = FALSE;
  if (g_once_init_enter (&sql))
    g_once_init_leave (&sql, (gsize) page_sql ("SELECT id FROM images WHERE status = 'new' AND id IN ("));
  stmt = sh_store_statement (project, (const char *) sql, &error);
  if (stmt == NULL)
    {
      g_warning ("finding the next unlabeled image: %s", error->message);
      return;
    }
  for (guint i = 0; i < n; i++)
    {
      sqlite3_bind_int64 (stmt, (int) i + 1, ids[i]);
      g_hash_table_insert (index, (gpointer) &ids[i], GUINT_TO_POINTER (i));
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      gpointer at;

      if (g_hash_table_lookup_extended (index, &id, NULL, &at))
        is_new[GPOINTER_TO_UINT (at)] = TRUE;
    }
  if (rc != SQLITE_DONE)
    {
      sh_project_set_error (project, &error, "finding the next unlabeled image");
      g_warning ("%s", error->message);
    }
  /* A statement left mid-read would hold a read transaction open. */
  sqlite3_reset (stmt);
}
