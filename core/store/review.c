/* SPDX-License-Identifier: GPL-3.0-or-later */
/* review.c: products changed since a date, their material then and now, and the reviewer's decisions
 * (see review.h). */
#define G_LOG_DOMAIN "shadelab-review"

#include "config.h"

#include "core/store/review.h"
#include "core/store/store-private.h"

#include <stdio.h>
#include <string.h>

/* The materials columns (sh_material_parameters) start here in sh_store_product_material_sql's row. */
#define FIRST_MATERIAL_COLUMN 7
#define FIRST_SWATCH_COLUMN 21
#define N_ROW_COLUMNS 27
#define N_SWATCH_COLUMNS (N_ROW_COLUMNS - FIRST_SWATCH_COLUMN)
#define N_MATERIAL_COLUMNS SH_MATERIAL_N_PARAMETERS
#define BASE_COLOR 0  /* sh_material_parameters[0] */
G_STATIC_ASSERT (FIRST_MATERIAL_COLUMN + N_MATERIAL_COLUMNS - 1 == SH_STORE_PRODUCT_MATERIAL_COL_GLITTER_COLOR);

/* The same row layout, every column bound, so that a reconstructed row goes through the export's rule. */
static const char bound_row_sql[] =
  "SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, "
  "?23, ?24, ?25, ?26, ?27";

/* sh_store_product_material_sql's swatch choice, among the boxes that existed at ?2. */
static const char swatch_at_sql[] =
  "SELECT s.linear_r, s.linear_g, s.linear_b, s.srgb, s.finish, s.box_id "
  "FROM boxes b JOIN images i ON i.id = b.image_id JOIN box_classes k ON k.id = b.class_id "
  "JOIN swatches s ON s.box_id = b.id AND s.method = 'robust' "
  "WHERE i.product_id = ?1 AND k.name = 'product' AND i.status <> 'rejected' "
  "  AND (b.source = 'human' OR b.accepted = 1) AND b.created_at <= ?2 "
  "ORDER BY s.confidence DESC, b.id LIMIT 1";

#define PRODUCT_SWATCHES                                                                                     \
  "FROM swatches s JOIN boxes b ON b.id = s.box_id JOIN images i ON i.id = b.image_id "                     \
  "JOIN box_classes k ON k.id = b.class_id "

static const char changed_products_sql[] =
  "SELECT p.id, p.sku, p.brand, p.shade FROM products p WHERE p.id IN ("
  "  SELECT product_id FROM material_changes WHERE at > ?1 "
  "  UNION SELECT i.product_id " PRODUCT_SWATCHES
  "  WHERE s.computed_at > ?1 AND k.name = 'product' AND i.product_id IS NOT NULL) "
  "ORDER BY p.sku";

/* Audit entries (kind 0, their values read by change_values_sql) and swatches (kind 1, one value each). */
static const char changes_sql[] =
  "SELECT NULL, NULL, NULL, who, at, note, 0 AS kind, id FROM material_changes "
  "WHERE product_id = ?1 AND at > ?2 "
  "UNION ALL SELECT 'swatch (' || s.method || ')', NULL, s.srgb, b.labeler, s.computed_at, i.file_name, 1, "
  "  s.box_id " PRODUCT_SWATCHES
  "WHERE i.product_id = ?1 AND k.name = 'product' AND s.computed_at > ?2 "
  "ORDER BY 5, 7, 8";

static const char change_values_sql[] =
  "SELECT parameter, old_value, new_value FROM material_audit WHERE change_id = ?1 ORDER BY id";

/* ---- frees ---- */

static void
review_value_free (ShReviewValue *value)
{
  g_free (value->parameter);
  g_free (value->before);
  g_free (value->after);
  g_free (value);
}

void
sh_review_change_free (ShReviewChange *change)
{
  if (change == NULL)
    return;
  g_free (change->parameter);
  g_free (change->before);
  g_free (change->after);
  g_free (change->who);
  g_free (change->at);
  g_free (change->note);
  if (change->values != NULL)
    g_ptr_array_unref (change->values);
  g_free (change);
}

void
sh_review_decision_free (ShReviewDecision *decision)
{
  if (decision == NULL)
    return;
  g_free (decision->comment);
  g_free (decision->reviewer);
  g_free (decision->at);
  g_free (decision);
}

static void
review_item_free (ShReviewItem *item)
{
  g_free (item->sku);
  g_free (item->brand);
  g_free (item->shade);
  if (item->changes != NULL)
    g_ptr_array_unref (item->changes);
  sh_review_decision_free (item->decision);
  g_free (item);
}

void
sh_review_free (ShReview *review)
{
  if (review == NULL)
    return;
  g_free (review->since);
  if (review->items != NULL)
    g_ptr_array_unref (review->items);
  g_free (review);
}

/* ---- dates ---- */

static char *
store_time (GDateTime *time)
{
  g_autoptr (GDateTime) utc = g_date_time_to_utc (time);
  g_autofree char *seconds = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S");

  return g_strdup_printf ("%s.%03dZ", seconds, g_date_time_get_microsecond (utc) / 1000);
}

char *
sh_review_parse_date (const char *text, GError **error)
{
  g_autoptr (GDateTime) time = NULL;
  int year, month, day;
  char end;

  if (text != NULL && sscanf (text, "%4d-%2d-%2d%c", &year, &month, &day, &end) == 3 && strlen (text) == 10
      && g_date_valid_dmy (day, month, year))
    {
      g_autoptr (GTimeZone) local = g_time_zone_new_local ();
      time = g_date_time_new (local, year, month, day, 0, 0, 0);
    }
  else if (text != NULL)
    {
      g_autoptr (GTimeZone) local = g_time_zone_new_local ();
      time = g_date_time_new_from_iso8601 (text, local);
    }
  if (time == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "'%s' is not a date (YYYY-MM-DD) or an ISO 8601 date and time", text != NULL ? text : "");
      return NULL;
    }
  return store_time (time);
}

/* ---- the material at a time ---- */

/* Binds an audited text value the way the materials table stores it: numbers as REAL, the rest as TEXT. */
static void
bind_audited (sqlite3_stmt *stmt, int index, const char *value)
{
  char *end = NULL;
  double number;

  if (value == NULL)
    {
      sqlite3_bind_null (stmt, index);
      return;
    }
  number = g_ascii_strtod (value, &end);
  if (end != value && *end == '\0')
    sqlite3_bind_double (stmt, index, number);
  else
    sqlite3_bind_text (stmt, index, value, -1, SQLITE_TRANSIENT);
}

/* Reads the product's current row (sh_store_product_material_sql) into *values (N_ROW_COLUMNS, duplicated) and
 * resolves the current material. */
static gboolean
current_row (ShProject *project, const char *sku, sqlite3_value **values, ShProductMaterial *now,
             gboolean *has_color, GError **error)
{
  sqlite3_stmt *stmt = sh_store_prepare (project, sh_store_product_material_sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, sku, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      g_assert (sqlite3_column_count (stmt) == N_ROW_COLUMNS);
      for (int i = 0; i < N_ROW_COLUMNS; i++)
        values[i] = sqlite3_value_dup (sqlite3_column_value (stmt, i));
      *has_color = sh_store_product_material_from_row (stmt, now);
    }
  sqlite3_finalize (stmt);
  if (rc == SQLITE_ROW)
    return TRUE;
  if (rc == SQLITE_DONE)
    g_set_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_INVALID, "no product with SKU '%s'", sku);
  else
    sh_project_set_error (project, error, "reading a product's material");
  return FALSE;
}

static gboolean
material_at (ShProject *project, gint64 product_id, const char *sku, const char *at, ShProductMaterial *before,
             gboolean *before_has_color, ShProductMaterial *now, gboolean *now_has_color, GError **error)
{
  sqlite3_value *values[N_ROW_COLUMNS] = { NULL };
  /* Per material column: whether the audit log decides its value at `at`, and that value. */
  gboolean decided[N_MATERIAL_COLUMNS] = { FALSE };
  char *audited[N_MATERIAL_COLUMNS] = { NULL };
  sqlite3_stmt *stmt = NULL;
  gboolean ok = FALSE, dummy_color;
  ShProductMaterial dummy;
  int rc;

  if (!current_row (project, sku, values, now != NULL ? now : &dummy,
                    now_has_color != NULL ? now_has_color : &dummy_color, error))
    goto out;

  stmt = sh_store_prepare (project,
                           "SELECT a.parameter, a.old_value, a.new_value, c.at <= ?2 "
                           "FROM material_audit a JOIN material_changes c ON c.id = a.change_id "
                           "WHERE c.product_id = ?1 ORDER BY c.at, c.id, a.id",
                           error);
  if (stmt == NULL)
    goto out;
  sqlite3_bind_int64 (stmt, 1, product_id);
  sqlite3_bind_text (stmt, 2, at, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *parameter = (const char *) sqlite3_column_text (stmt, 0);
      gboolean by_then = sqlite3_column_int (stmt, 3);

      for (guint i = 0; i < N_MATERIAL_COLUMNS; i++)
        if (g_strcmp0 (parameter, sh_material_parameters[i]) == 0)
          {
            if (by_then)
              {
                /* Oldest first: the last one at or before `at` wins. */
                g_free (audited[i]);
                audited[i] = sh_store_dup_column (stmt, 2);
                decided[i] = TRUE;
              }
            else if (!decided[i])
              {
                /* Changed only later: it held what its first later change replaced. */
                audited[i] = sh_store_dup_column (stmt, 1);
                decided[i] = TRUE;
              }
          }
    }
  sqlite3_finalize (stmt);
  stmt = NULL;
  if (rc != SQLITE_DONE)
    {
      sh_project_set_error (project, error, "reading the audit log");
      goto out;
    }

  stmt = sh_store_prepare (project, bound_row_sql, error);
  if (stmt == NULL)
    goto out;
  for (int i = 0; i < N_ROW_COLUMNS; i++)
    sqlite3_bind_value (stmt, i + 1, values[i]);
  for (guint i = 0; i < N_MATERIAL_COLUMNS; i++)
    if (decided[i])
      bind_audited (stmt, FIRST_MATERIAL_COLUMN + (int) i + 1, i == BASE_COLOR ? NULL : audited[i]);

  {
    sqlite3_stmt *swatch = sh_store_prepare (project, swatch_at_sql, error);
    if (swatch == NULL)
      goto out;
    sqlite3_bind_int64 (swatch, 1, product_id);
    sqlite3_bind_text (swatch, 2, at, -1, SQLITE_TRANSIENT);
    rc = sqlite3_step (swatch);
    for (int i = 0; i < N_SWATCH_COLUMNS; i++)
      {
        if (rc == SQLITE_ROW)
          sqlite3_bind_value (stmt, FIRST_SWATCH_COLUMN + i + 1, sqlite3_column_value (swatch, i));
        else
          sqlite3_bind_null (stmt, FIRST_SWATCH_COLUMN + i + 1);
      }
    sqlite3_finalize (swatch);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
      {
        sh_project_set_error (project, error, "reading a swatch");
        goto out;
      }
  }

  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sh_project_set_error (project, error, "reconstructing a material");
      goto out;
    }
  *before_has_color = sh_store_product_material_from_row (stmt, before);
  /* The audit log holds colours as exported, so a base colour that only came from the swatch or the
   * catalogue then reads as any calibrated one: when it is the colour they give, say they gave it. */
  if (decided[BASE_COLOR] && audited[BASE_COLOR] != NULL)
    {
      g_autofree char *fallback = sh_product_material_value_text (before, *before_has_color, "base_color");

      if (g_strcmp0 (fallback, audited[BASE_COLOR]) != 0)
        {
          sqlite3_reset (stmt);
          bind_audited (stmt, FIRST_MATERIAL_COLUMN + BASE_COLOR + 1, audited[BASE_COLOR]);
          if (sqlite3_step (stmt) != SQLITE_ROW)
            {
              sh_project_set_error (project, error, "reconstructing a material");
              goto out;
            }
          *before_has_color = sh_store_product_material_from_row (stmt, before);
        }
    }
  ok = TRUE;

out:
  sqlite3_finalize (stmt);
  for (int i = 0; i < N_ROW_COLUMNS; i++)
    sqlite3_value_free (values[i]);
  for (guint i = 0; i < N_MATERIAL_COLUMNS; i++)
    g_free (audited[i]);
  return ok;
}

static char *
product_sku (ShProject *project, gint64 product_id, GError **error)
{
  sqlite3_stmt *stmt = sh_store_prepare (project, "SELECT sku FROM products WHERE id = ?1", error);
  char *sku = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, product_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    sku = sh_store_dup_column (stmt, 0);
  sqlite3_finalize (stmt);
  if (rc == SQLITE_DONE)
    g_set_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_INVALID, "no product with id %" G_GINT64_FORMAT,
                 product_id);
  else if (rc != SQLITE_ROW)
    sh_project_set_error (project, error, "reading a product");
  return sku;
}

gboolean
sh_review_material_at (ShProject *project, gint64 product_id, const char *at, ShProductMaterial *material,
                       gboolean *has_color, GError **error)
{
  g_autofree char *sku = product_sku (project, product_id, error);
  gboolean color = FALSE;

  if (sku == NULL)
    return FALSE;
  if (!material_at (project, product_id, sku, at, material, &color, NULL, NULL, error))
    return FALSE;
  if (has_color != NULL)
    *has_color = color;
  return TRUE;
}

/* ---- decisions ---- */

gboolean
sh_review_decide (ShProject *project, gint64 product_id, gboolean approve, const char *comment,
                  const char *reviewer, GError **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (comment != NULL ? comment : ""));

  if (!approve && *trimmed == '\0')
    {
      g_set_error_literal (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_INVALID,
                           "sending a product back needs a comment that says what to change");
      return FALSE;
    }
  return sh_project_add_review (project, product_id, approve, *trimmed != '\0' ? trimmed : NULL, reviewer, error);
}

ShReviewDecision *
sh_review_get_decision (ShProject *project, gint64 product_id, GError **error)
{
  sqlite3_stmt *stmt = sh_store_prepare (project,
                                         "SELECT decision, comment, reviewer, at FROM reviews WHERE product_id = ?1 "
                                         "ORDER BY at DESC, id DESC LIMIT 1",
                                         error);
  ShReviewDecision *decision = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, product_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      decision = g_new0 (ShReviewDecision, 1);
      decision->accepted = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "accept") == 0;
      decision->comment = sh_store_dup_column (stmt, 1);
      decision->reviewer = sh_store_dup_column (stmt, 2);
      decision->at = sh_store_dup_column (stmt, 3);
    }
  else if (rc != SQLITE_DONE)
    sh_project_set_error (project, error, "reading a review");
  sqlite3_finalize (stmt);
  return decision;
}

/* ---- the review ---- */

/* Joins the values' field with "; "; NULL when every value's is NULL. */
static char *
join_values (GPtrArray *values, size_t offset)
{
  GString *joined = g_string_new (NULL);
  gboolean any = FALSE;

  for (guint i = 0; i < values->len; i++)
    {
      const char *text = G_STRUCT_MEMBER (char *, g_ptr_array_index (values, i), offset);

      if (i > 0)
        g_string_append (joined, "; ");
      if (text != NULL)
        {
          g_string_append (joined, text);
          any = TRUE;
        }
    }
  return g_string_free (joined, !any);
}

static ShReviewValue *
value_new (sqlite3_stmt *stmt)
{
  ShReviewValue *value = g_new0 (ShReviewValue, 1);

  value->parameter = sh_store_dup_column (stmt, 0);
  value->before = sh_store_dup_column (stmt, 1);
  value->after = sh_store_dup_column (stmt, 2);
  return value;
}

/* A change from a row of changes_sql or of sh_review_list_material_changes' query (parameter, before, after,
 * who, at, note, kind, id): an audit entry's values come from material_audit, a swatch's from the row. */
static ShReviewChange *
change_new (ShProject *project, sqlite3_stmt *row, sqlite3_stmt *values, GError **error)
{
  g_autoptr (ShReviewChange) change = g_new0 (ShReviewChange, 1);
  int rc;

  change->who = sh_store_dup_column (row, 3);
  change->at = sh_store_dup_column (row, 4);
  change->note = sh_store_dup_column (row, 5);
  change->values = g_ptr_array_new_with_free_func ((GDestroyNotify) review_value_free);
  if (sqlite3_column_int (row, 6) != 0)
    g_ptr_array_add (change->values, value_new (row));
  else
    {
      sqlite3_reset (values);
      sqlite3_bind_int64 (values, 1, sqlite3_column_int64 (row, 7));
      while ((rc = sqlite3_step (values)) == SQLITE_ROW)
        g_ptr_array_add (change->values, value_new (values));
      if (rc != SQLITE_DONE)
        {
          sh_project_set_error (project, error, "reading the audit log");
          return NULL;
        }
    }
  change->parameter = join_values (change->values, G_STRUCT_OFFSET (ShReviewValue, parameter));
  change->before = join_values (change->values, G_STRUCT_OFFSET (ShReviewValue, before));
  change->after = join_values (change->values, G_STRUCT_OFFSET (ShReviewValue, after));
  return g_steal_pointer (&change);
}

/* The changes the rows of stmt (bound) list, in its order. */
static GPtrArray *
read_changes (ShProject *project, sqlite3_stmt *stmt, GError **error)
{
  g_autoptr (GPtrArray) changes = g_ptr_array_new_with_free_func ((GDestroyNotify) sh_review_change_free);
  sqlite3_stmt *values = sh_store_prepare (project, change_values_sql, error);
  int rc;

  if (values == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      ShReviewChange *change = change_new (project, stmt, values, error);

      if (change == NULL)
        {
          sqlite3_finalize (values);
          return NULL;
        }
      g_ptr_array_add (changes, change);
    }
  sqlite3_finalize (values);
  if (rc != SQLITE_DONE)
    {
      sh_project_set_error (project, error, "reading the changes");
      return NULL;
    }
  return g_steal_pointer (&changes);
}

static GPtrArray *
item_changes (ShProject *project, gint64 product_id, const char *since, GError **error)
{
  sqlite3_stmt *stmt = sh_store_prepare (project, changes_sql, error);
  GPtrArray *changes;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, product_id);
  sqlite3_bind_text (stmt, 2, since, -1, SQLITE_TRANSIENT);
  changes = read_changes (project, stmt, error);
  sqlite3_finalize (stmt);
  return changes;
}

GPtrArray *
sh_review_list_material_changes (ShProject *project, gint64 product_id, guint limit, GError **error)
{
  sqlite3_stmt *stmt = sh_store_prepare (project,
                                         "SELECT NULL, NULL, NULL, who, at, note, 0, id FROM material_changes "
                                         "WHERE product_id = ?1 ORDER BY at DESC, id DESC LIMIT ?2",
                                         error);
  GPtrArray *changes;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, product_id);
  sqlite3_bind_int64 (stmt, 2, limit > 0 ? (gint64) limit : -1);
  changes = read_changes (project, stmt, error);
  sqlite3_finalize (stmt);
  return changes;
}

ShReview *
sh_review_new (ShProject *project, const char *since, GError **error)
{
  g_autoptr (ShReview) review = g_new0 (ShReview, 1);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (since != NULL, NULL);

  review->since = g_strdup (since);
  review->items = g_ptr_array_new_with_free_func ((GDestroyNotify) review_item_free);
  stmt = sh_store_prepare (project, changed_products_sql, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, since, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      ShReviewItem *item = g_new0 (ShReviewItem, 1);
      item->product_id = sqlite3_column_int64 (stmt, 0);
      item->sku = sh_store_dup_column (stmt, 1);
      item->brand = sh_store_dup_column (stmt, 2);
      item->shade = sh_store_dup_column (stmt, 3);
      g_ptr_array_add (review->items, item);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      sh_project_set_error (project, error, "finding the changed products");
      return NULL;
    }

  for (guint i = 0; i < review->items->len; i++)
    {
      ShReviewItem *item = g_ptr_array_index (review->items, i);
      g_autoptr (GError) local = NULL;

      if (!material_at (project, item->product_id, item->sku, since, &item->before, &item->before_has_color,
                        &item->after, &item->after_has_color, error))
        return NULL;
      item->changes = item_changes (project, item->product_id, since, error);
      if (item->changes == NULL)
        return NULL;
      item->decision = sh_review_get_decision (project, item->product_id, &local);
      if (local != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return NULL;
        }
    }
  return g_steal_pointer (&review);
}

/* ---- JSON ---- */

static void
add_text_or_null (cJSON *object, const char *key, const char *text)
{
  if (text != NULL)
    cJSON_AddStringToObject (object, key, text);
  else
    cJSON_AddNullToObject (object, key);
}

cJSON *
sh_review_to_json (const ShReview *review)
{
  cJSON *root = cJSON_CreateObject ();
  cJSON *products = NULL;

  cJSON_AddStringToObject (root, "since", review->since);
  products = cJSON_AddArrayToObject (root, "products");
  for (guint i = 0; i < review->items->len; i++)
    {
      const ShReviewItem *item = g_ptr_array_index (review->items, i);
      cJSON *product = cJSON_CreateObject ();
      cJSON *changes;

      cJSON_AddStringToObject (product, "sku", item->sku);
      add_text_or_null (product, "brand", item->brand);
      add_text_or_null (product, "shade", item->shade);
      cJSON_AddItemToObject (product, "before", sh_material_to_json (&item->before.material, item->before.finish));
      cJSON_AddItemToObject (product, "after", sh_material_to_json (&item->after.material, item->after.finish));
      add_text_or_null (product, "before_color_source", item->before_has_color ? item->before.color_source : NULL);
      add_text_or_null (product, "after_color_source", item->after_has_color ? item->after.color_source : NULL);
      changes = cJSON_AddArrayToObject (product, "changes");
      for (guint c = 0; c < item->changes->len; c++)
        {
          const ShReviewChange *change = g_ptr_array_index (item->changes, c);
          cJSON *entry = cJSON_CreateObject ();
          cJSON *values;
          cJSON_AddStringToObject (entry, "parameter", change->parameter);
          add_text_or_null (entry, "before", change->before);
          add_text_or_null (entry, "after", change->after);
          add_text_or_null (entry, "who", change->who);
          add_text_or_null (entry, "at", change->at);
          add_text_or_null (entry, "note", change->note);
          values = cJSON_AddArrayToObject (entry, "parameters");
          for (guint v = 0; v < change->values->len; v++)
            {
              const ShReviewValue *value = g_ptr_array_index (change->values, v);
              cJSON *object = cJSON_CreateObject ();
              cJSON_AddStringToObject (object, "parameter", value->parameter);
              add_text_or_null (object, "before", value->before);
              add_text_or_null (object, "after", value->after);
              cJSON_AddItemToArray (values, object);
            }
          cJSON_AddItemToArray (changes, entry);
        }
      if (item->decision != NULL)
        {
          cJSON *decision = cJSON_AddObjectToObject (product, "review");
          cJSON_AddStringToObject (decision, "decision", item->decision->accepted ? "accept" : "reject");
          cJSON_AddStringToObject (decision, "reviewer", item->decision->reviewer);
          add_text_or_null (decision, "comment", item->decision->comment);
          cJSON_AddStringToObject (decision, "at", item->decision->at);
        }
      else
        cJSON_AddNullToObject (product, "review");
      cJSON_AddItemToArray (products, product);
    }
  return root;
}
