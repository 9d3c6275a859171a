/* SPDX-License-Identifier: GPL-3.0-or-later */
/* catalog.c: parse a product catalogue (CSV or JSON) into rows, check every row, then apply them in one
 * transaction. Nothing is written until the whole file has been read and found valid. */
#define G_LOG_DOMAIN "shadelab-catalog"

#include "config.h"

#include "core/formats/catalog.h"
#include "core/formats/csv-reader.h"
#include "core/store/project-products.h"

#include <string.h>

#include <cjson/cJSON.h>

G_DEFINE_QUARK (sh-catalog-error-quark, sh_catalog_error)

typedef enum {
  COLUMN_FILE,
  COLUMN_SKU,
  COLUMN_BRAND,
  COLUMN_SHADE,
  COLUMN_CATEGORY,
  COLUMN_MARKETPLACE,
  COLUMN_COLOR,
  N_COLUMNS
} Column;

static const char *const column_names[N_COLUMNS] = {
  "file", "sku", "brand", "shade", "category", "marketplace", "color",
};

static const char known_columns[] = "file, sku, brand, shade, category, marketplace, color";

static int
column_from_name (const char *name)
{
  for (int c = 0; c < N_COLUMNS; c++)
    if (g_ascii_strcasecmp (name, column_names[c]) == 0)
      return c;
  return -1;
}

static char **
row_field (ShCatalogRow *row, Column column)
{
  switch (column)
    {
    case COLUMN_FILE: return &row->file;
    case COLUMN_SKU: return &row->sku;
    case COLUMN_BRAND: return &row->brand;
    case COLUMN_SHADE: return &row->shade;
    case COLUMN_CATEGORY: return &row->category;
    case COLUMN_MARKETPLACE: return &row->marketplace;
    case COLUMN_COLOR: return &row->color;
    case N_COLUMNS: break;
    }
  g_assert_not_reached ();
}

static void
row_free (gpointer data)
{
  ShCatalogRow *row = data;

  g_free (row->where);
  for (int c = 0; c < N_COLUMNS; c++)
    g_free (*row_field (row, c));
  g_free (row);
}

void
sh_catalog_free (ShCatalog *catalog)
{
  if (catalog == NULL)
    return;
  g_ptr_array_unref (catalog->rows);
  g_free (catalog);
}

static ShCatalog *
catalog_new (gboolean is_json)
{
  ShCatalog *catalog = g_new0 (ShCatalog, 1);

  catalog->is_json = is_json;
  catalog->rows = g_ptr_array_new_with_free_func (row_free);
  return catalog;
}

/* Stores value (trimmed; empty means not given) into the row, checking it. where names the place. */
static gboolean
set_value (ShCatalogRow *row, Column column, const char *value, gsize len, const char *where, GError **error)
{
  g_autofree char *text = g_strndup (value, len);
  char **field = row_field (row, column);

  g_strstrip (text);
  /* Names may run over lines (a quoted CSV field can); keys and file names may not. */
  gboolean free_text = column == COLUMN_BRAND || column == COLUMN_SHADE || column == COLUMN_MARKETPLACE;

  for (const char *p = text; *p != '\0'; p++)
    if (((guchar) *p < 0x20 || *p == 0x7f) && !(free_text && (*p == '\n' || *p == '\r' || *p == '\t')))
      {
        g_set_error (error, SH_CATALOG_ERROR, SH_CATALOG_ERROR_INVALID, "%s: %s contains a control character",
                     where, column_names[column]);
        return FALSE;
      }
  if (text[0] == '\0')
    return TRUE;
  if (column == COLUMN_COLOR)
    {
      gboolean ok = strlen (text) == 7 && text[0] == '#';

      for (int i = 1; ok && i < 7; i++)
        ok = g_ascii_isxdigit (text[i]);
      if (!ok)
        {
          g_autofree char *shown = g_strescape (text, NULL);

          g_set_error (error, SH_CATALOG_ERROR, SH_CATALOG_ERROR_INVALID,
                       "%s: color \"%.40s\" is not a colour written #rrggbb", where, shown);
          return FALSE;
        }
      for (int i = 1; i < 7; i++)
        text[i] = g_ascii_tolower (text[i]);
    }
  if (column == COLUMN_CATEGORY)
    {
      char *lower = g_utf8_strdown (text, -1);

      g_free (text);
      text = lower;
    }
  g_free (*field);
  *field = g_steal_pointer (&text);
  return TRUE;
}

static gboolean
finish_row (ShCatalog *catalog, ShCatalogRow *row, GError **error)
{
  if (row->file == NULL && row->sku == NULL)
    {
      g_set_error (error, SH_CATALOG_ERROR, SH_CATALOG_ERROR_INVALID, "%s: neither file nor sku is given",
                   row->where);
      row_free (row);
      return FALSE;
    }
  g_ptr_array_add (catalog->rows, row);
  return TRUE;
}

/* ---- CSV ---- */

static ShCatalog *
parse_csv (const char *data, gsize len, GError **error)
{
  g_autoptr (ShCatalog) catalog = catalog_new (FALSE);
  ShCsvReader csv;
  ShCsvRecord record = { g_ptr_array_new_with_free_func (g_free), 0, FALSE };
  int columns[N_COLUMNS * 2];
  guint n_columns = 0;
  gboolean seen[N_COLUMNS] = { FALSE };
  gboolean ok = FALSE;

  sh_csv_reader_init (&csv, data, len, SH_CATALOG_ERROR, SH_CATALOG_ERROR_PARSE);
  /* The header: the first line that is not empty. */
  do
    {
      g_autoptr (GError) local = NULL;

      if (!sh_csv_reader_next (&csv, &record, &local))
        {
          if (local != NULL)
            g_propagate_error (error, g_steal_pointer (&local));
          else
            g_set_error (error, SH_CATALOG_ERROR, SH_CATALOG_ERROR_PARSE,
                         "line %u: empty file: a header row naming the columns is needed", csv.line);
          goto out;
        }
    }
  while (record.blank);

  {
    g_autoptr (GString) unknown = g_string_new (NULL);

    n_columns = record.fields->len;
    if (n_columns > G_N_ELEMENTS (columns))
      {
        g_set_error (error, SH_CATALOG_ERROR, SH_CATALOG_ERROR_INVALID,
                     "line %u: %u columns in the header; the known ones are %s", record.line, n_columns,
                     known_columns);
        goto out;
      }
    for (guint i = 0; i < n_columns; i++)
      {
        g_autofree char *name = g_strstrip (g_strdup (g_ptr_array_index (record.fields, i)));
        int column = column_from_name (name);

        columns[i] = column;
        if (column < 0)
          {
            g_autofree char *shown = g_strescape (name, NULL);

            g_string_append_printf (unknown, "%s\"%.40s\"", unknown->len > 0 ? ", " : "", shown);
            continue;
          }
        if (seen[column])
          {
            g_set_error (error, SH_CATALOG_ERROR, SH_CATALOG_ERROR_INVALID, "line %u: column %s appears twice",
                         record.line, column_names[column]);
            goto out;
          }
        seen[column] = TRUE;
      }
    if (unknown->len > 0)
      {
        g_set_error (error, SH_CATALOG_ERROR, SH_CATALOG_ERROR_INVALID,
                     "line %u: unknown column%s %s; the known ones are %s", record.line,
                     strchr (unknown->str, ',') != NULL ? "s" : "", unknown->str, known_columns);
        goto out;
      }
    if (!seen[COLUMN_FILE] && !seen[COLUMN_SKU])
      {
        g_set_error (error, SH_CATALOG_ERROR, SH_CATALOG_ERROR_INVALID,
                     "line %u: the header needs a file or a sku column", record.line);
        goto out;
      }
  }

  for (;;)
    {
      g_autoptr (GError) local = NULL;
      ShCatalogRow *row;

      if (!sh_csv_reader_next (&csv, &record, &local))
        {
          if (local != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local));
              goto out;
            }
          break;
        }
      if (record.blank)
        continue;
      if (record.fields->len != n_columns)
        {
          g_set_error (error, SH_CATALOG_ERROR, SH_CATALOG_ERROR_PARSE,
                       "line %u: %u field%s, but the header has %u columns", record.line, record.fields->len,
                       record.fields->len == 1 ? "" : "s", n_columns);
          goto out;
        }
      row = g_new0 (ShCatalogRow, 1);
      row->where = g_strdup_printf ("line %u", record.line);
      for (guint i = 0; i < n_columns; i++)
        {
          const char *value = g_ptr_array_index (record.fields, i);

          if (!set_value (row, columns[i], value, strlen (value), row->where, error))
            {
              row_free (row);
              goto out;
            }
        }
      if (!finish_row (catalog, row, error))
        goto out;
    }
  ok = TRUE;

out:
  g_ptr_array_unref (record.fields);
  return ok ? g_steal_pointer (&catalog) : NULL;
}

/* ---- JSON ---- */

static ShCatalog *
parse_json (const char *data, gsize len, gsize offset_base, GError **error)
{
  g_autoptr (ShCatalog) catalog = catalog_new (TRUE);
  g_autofree char *copy = g_strndup (data, len);
  const char *end = NULL;
  cJSON *root = cJSON_ParseWithLengthOpts (copy, len, &end, FALSE);
  cJSON *element;
  guint index = 0;
  gboolean ok = FALSE;

  if (root == NULL)
    {
      gsize offset = end != NULL && end >= copy && end <= copy + len ? (gsize) (end - copy) : 0;

      g_set_error (error, SH_CATALOG_ERROR, SH_CATALOG_ERROR_PARSE, "byte offset %" G_GSIZE_FORMAT ": not valid JSON",
                   offset + offset_base);
      return NULL;
    }
  for (const char *p = end; p < copy + len; p++)
    if (!g_ascii_isspace (*p))
      {
        g_set_error (error, SH_CATALOG_ERROR, SH_CATALOG_ERROR_PARSE,
                     "byte offset %" G_GSIZE_FORMAT ": unexpected text after the JSON array",
                     (gsize) (p - copy) + offset_base);
        goto out;
      }
  if (!cJSON_IsArray (root))
    {
      g_set_error (error, SH_CATALOG_ERROR, SH_CATALOG_ERROR_INVALID,
                   "byte offset %" G_GSIZE_FORMAT ": a JSON catalogue must be an array of objects", offset_base);
      goto out;
    }
  cJSON_ArrayForEach (element, root)
    {
      g_autofree char *where = g_strdup_printf ("[%u]", index++);
      gboolean seen[N_COLUMNS] = { FALSE };
      ShCatalogRow *row;
      cJSON *item;

      if (!cJSON_IsObject (element))
        {
          g_set_error (error, SH_CATALOG_ERROR, SH_CATALOG_ERROR_INVALID, "%s: each element must be an object",
                       where);
          goto out;
        }
      row = g_new0 (ShCatalogRow, 1);
      row->where = g_strdup (where);
      cJSON_ArrayForEach (item, element)
        {
          const char *key = item->string != NULL ? item->string : "";
          int column = column_from_name (key);
          g_autofree char *shown = g_strescape (key, NULL);

          if (column < 0)
            {
              g_set_error (error, SH_CATALOG_ERROR, SH_CATALOG_ERROR_INVALID,
                           "%s: unknown key \"%.40s\"; the known ones are %s", where, shown, known_columns);
              row_free (row);
              goto out;
            }
          if (seen[column])
            {
              g_set_error (error, SH_CATALOG_ERROR, SH_CATALOG_ERROR_INVALID, "%s: key %s appears twice", where,
                           column_names[column]);
              row_free (row);
              goto out;
            }
          seen[column] = TRUE;
          if (cJSON_IsNull (item))
            continue;
          if (!cJSON_IsString (item) || item->valuestring == NULL)
            {
              g_set_error (error, SH_CATALOG_ERROR, SH_CATALOG_ERROR_INVALID, "%s.%s: must be a string or null",
                           where, column_names[column]);
              row_free (row);
              goto out;
            }
          {
            g_autofree char *place = g_strdup_printf ("%s.%s", where, column_names[column]);

            if (!set_value (row, column, item->valuestring, strlen (item->valuestring), place, error))
              {
                row_free (row);
                goto out;
              }
          }
        }
      if (!finish_row (catalog, row, error))
        goto out;
    }
  ok = TRUE;

out:
  cJSON_Delete (root);
  return ok ? g_steal_pointer (&catalog) : NULL;
}

ShCatalog *
sh_catalog_parse (const char *data, gsize len, GError **error)
{
  const char *invalid = NULL;
  gsize start = 0;

  if (len >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    start = 3;
  if (!g_utf8_validate_len (data, len, &invalid))
    {
      gsize offset = (gsize) (invalid - data);
      guint line = 1;

      for (gsize i = 0; i < offset; i++)
        line += data[i] == '\n';
      g_set_error (error, SH_CATALOG_ERROR, SH_CATALOG_ERROR_PARSE,
                   "line %u (byte offset %" G_GSIZE_FORMAT "): not UTF-8 text (or a NUL byte)", line, offset);
      return NULL;
    }
  for (gsize i = start; i < len; i++)
    {
      if (g_ascii_isspace (data[i]))
        continue;
      if (data[i] == '[' || data[i] == '{')
        return parse_json (data + start, len - start, start, error);
      break;
    }
  return parse_csv (data + start, len - start, error);
}

ShCatalog *
sh_catalog_parse_file (const char *path, GError **error)
{
  g_autofree char *data = NULL;
  g_autofree char *name = g_filename_display_basename (path);
  gsize len = 0;
  ShCatalog *catalog;
  GError *local = NULL;

  if (!g_file_get_contents (path, &data, &len, error))
    return NULL;
  catalog = sh_catalog_parse (data, len, &local);
  if (catalog == NULL)
    {
      g_prefix_error (&local, "%s: ", name);
      g_propagate_error (error, local);
    }
  return catalog;
}

/* ---- applying ---- */

void
sh_catalog_report_init (ShCatalogReport *report)
{
  memset (report, 0, sizeof *report);
  report->warnings = g_ptr_array_new_with_free_func (g_free);
}

void
sh_catalog_report_clear (ShCatalogReport *report)
{
  g_clear_pointer (&report->warnings, g_ptr_array_unref);
}

/* The images a catalogue's file names: by stored path when it holds a folder, else by file name. */
static GArray *
find_images (ShProject *project, const char *file, GError **error)
{
  GArray *ids;

  if (strchr (file, '/') == NULL)
    {
      ids = sh_project_find_images_by_name (project, file, error);
      return ids;
    }
  {
    g_autofree char *absolute = g_path_is_absolute (file)
                                  ? g_strdup (file)
                                  : g_build_filename (sh_project_get_folder (project), file, NULL);
    g_autofree char *stored = sh_project_store_path (project, absolute);
    const char *candidates[2] = { stored != NULL ? stored : file, file };

    ids = NULL;
    for (int k = 0; k < 2 && (ids == NULL || ids->len == 0); k++)
      {
        g_clear_pointer (&ids, g_array_unref);
        ids = sh_project_find_images_by_path (project, candidates[k], error);
        if (ids == NULL)
          return NULL;
      }
  }
  return ids;
}

gboolean
sh_catalog_apply (ShProject *project, const ShCatalog *catalog, ShCatalogReport *report, GError **error)
{
  return sh_catalog_apply_full (project, catalog, NULL, NULL, report, error);
}

gboolean
sh_catalog_apply_full (ShProject *project, const ShCatalog *catalog, ShCatalogProgressFunc progress,
                       gpointer user_data, ShCatalogReport *report, GError **error)
{
  g_autoptr (GHashTable) skus = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint linked = 0;

  if (!sh_project_begin (project, error))
    return FALSE;

  for (guint i = 0; i < catalog->rows->len; i++)
    {
      const ShCatalogRow *row = g_ptr_array_index (catalog->rows, i);
      g_autoptr (GArray) images = NULL;
      g_autofree char *linked_sku = NULL;
      const char *sku = row->sku;
      gint64 product_id = 0;
      gint64 image_id = 0;

      /* Every 256 rows: often enough for a progress bar, rarely enough to cost nothing. */
      if (progress != NULL && i % 256 == 0)
        progress (i, catalog->rows->len, user_data);
      if (row->file != NULL)
        {
          images = find_images (project, row->file, error);
          if (images == NULL)
            goto out_rollback;
          if (images->len == 0)
            g_ptr_array_add (report->warnings,
                             g_strdup_printf ("%s: no image %s \"%s\" in the project; not linked", row->where,
                                              strchr (row->file, '/') != NULL ? "at" : "named", row->file));
          else if (images->len > 1)
            g_ptr_array_add (report->warnings,
                             g_strdup_printf ("%s: %u images are named \"%s\"; give the path relative to the "
                                              "project to choose one; not linked",
                                              row->where, images->len, row->file));
          else
            image_id = g_array_index (images, gint64, 0);
        }
      if (sku == NULL && image_id != 0)
        {
          /* A row without a sku describes the product its image already shows. */
          linked_sku = sh_project_get_image_product_sku (project, image_id);
          if (linked_sku == NULL)
            {
              g_ptr_array_add (report->warnings,
                               g_strdup_printf ("%s: no sku, and \"%s\" is linked to no product; nothing to do",
                                                row->where, row->file));
              continue;
            }
          sku = linked_sku;
        }
      if (sku != NULL)
        {
          ShProductRow product = {
            .sku = sku,
            .brand = row->brand,
            .shade = row->shade,
            .category = row->category,
            .marketplace = row->marketplace,
            .catalog_color = row->color,
          };

          if (!sh_project_upsert_product (project, &product, &product_id, error))
            {
              g_prefix_error (error, "%s: ", row->where);
              goto out_rollback;
            }
          g_hash_table_add (skus, g_strdup (sku));
        }
      if (image_id != 0 && product_id != 0 && row->sku != NULL)
        {
          if (!sh_project_set_image_product (project, image_id, product_id, error))
            {
              g_prefix_error (error, "%s: ", row->where);
              goto out_rollback;
            }
          linked++;
        }
    }
  if (!sh_project_commit (project, error))
    goto out_rollback;
  if (progress != NULL)
    progress (catalog->rows->len, catalog->rows->len, user_data);
  report->rows = catalog->rows->len;
  report->products = g_hash_table_size (skus);
  report->images_linked = linked;
  return TRUE;

out_rollback:
  sh_project_rollback (project);
  g_ptr_array_set_size (report->warnings, 0);
  return FALSE;
}
