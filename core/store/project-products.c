/* SPDX-License-Identifier: GPL-3.0-or-later */
/* project-products.c: listing and editing products (see project-products.h). */
#define G_LOG_DOMAIN "shadelab-project"

#include "config.h"

#include "core/store/project-products.h"
#include "core/store/store-private.h"

#include <string.h>

void
sh_product_free (ShProduct *product)
{
  if (product == NULL)
    return;
  g_free (product->sku);
  g_free (product->brand);
  g_free (product->shade);
  g_free (product->category);
  g_free (product->marketplace);
  g_free (product->catalog_color);
  g_free (product);
}

/* Trimmed text, or NULL when there is none. */
static char *
given (const char *text)
{
  char *copy;

  if (text == NULL)
    return NULL;
  copy = g_strstrip (g_strdup (text));
  if (*copy == '\0')
    g_clear_pointer (&copy, g_free);
  return copy;
}

gboolean
sh_product_parse_color (const char *text, char hex[8])
{
  g_autofree char *copy = NULL;
  const char *digits;

  if (text == NULL)
    return FALSE;
  copy = g_strstrip (g_strdup (text));
  digits = copy[0] == '#' ? copy + 1 : copy;
  if (strlen (digits) != 6)
    return FALSE;
  hex[0] = '#';
  for (int i = 0; i < 6; i++)
    {
      if (!g_ascii_isxdigit (digits[i]))
        return FALSE;
      hex[i + 1] = g_ascii_tolower (digits[i]);
    }
  hex[7] = '\0';
  return TRUE;
}

/* ---- reads ---- */

#define PRODUCT_COLUMNS \
  "p.id, p.sku, p.brand, p.shade, c.name, p.marketplace, p.catalog_color, " \
  "(SELECT count(*) FROM images i WHERE i.product_id = p.id) "
#define PRODUCT_FROM "FROM products p LEFT JOIN categories c ON c.id = p.category_id "

static ShProduct *
product_from_row (sqlite3_stmt *stmt)
{
  ShProduct *product = g_new0 (ShProduct, 1);

  product->id = sqlite3_column_int64 (stmt, 0);
  product->sku = sh_store_dup_column (stmt, 1);
  product->brand = sh_store_dup_column (stmt, 2);
  product->shade = sh_store_dup_column (stmt, 3);
  product->category = sh_store_dup_column (stmt, 4);
  product->marketplace = sh_store_dup_column (stmt, 5);
  product->catalog_color = sh_store_dup_column (stmt, 6);
  product->n_images = (guint) sqlite3_column_int64 (stmt, 7);
  return product;
}

GPtrArray *
sh_project_list_products (ShProject *project, GError **error)
{
  sqlite3_stmt *stmt = sh_store_prepare (project, "SELECT " PRODUCT_COLUMNS PRODUCT_FROM "ORDER BY p.sku", error);
  GPtrArray *products;
  int rc;

  if (stmt == NULL)
    return NULL;
  products = g_ptr_array_new_with_free_func ((GDestroyNotify) sh_product_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (products, product_from_row (stmt));
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      g_ptr_array_unref (products);
      sh_project_set_error (project, error, "reading the products");
      return NULL;
    }
  return products;
}

ShProduct *
sh_project_get_product (ShProject *project, gint64 product_id, GError **error)
{
  sqlite3_stmt *stmt = sh_store_prepare (project, "SELECT " PRODUCT_COLUMNS PRODUCT_FROM "WHERE p.id = ?1", error);
  ShProduct *product = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, product_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    product = product_from_row (stmt);
  sqlite3_finalize (stmt);
  if (rc == SQLITE_DONE)
    sh_store_invalid (error, "there is no product with id %" G_GINT64_FORMAT " in the project", product_id);
  else if (rc != SQLITE_ROW)
    sh_project_set_error (project, error, "reading a product");
  return product;
}

GPtrArray *
sh_project_list_categories (ShProject *project, GError **error)
{
  sqlite3_stmt *stmt = sh_store_prepare (project, "SELECT name FROM categories ORDER BY id", error);
  GPtrArray *names;
  int rc;

  if (stmt == NULL)
    return NULL;
  names = g_ptr_array_new_with_free_func (g_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (names, sh_store_dup_column (stmt, 0));
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      g_ptr_array_unref (names);
      sh_project_set_error (project, error, "reading the categories");
      return NULL;
    }
  return names;
}

gboolean
sh_project_get_image_product (ShProject *project, gint64 image_id, gint64 *product_id, GError **error)
{
  sqlite3_stmt *stmt = sh_store_prepare (project, "SELECT product_id FROM images WHERE id = ?1", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, image_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *product_id = sqlite3_column_int64 (stmt, 0);  /* NULL reads as 0 */
  sqlite3_finalize (stmt);
  if (rc == SQLITE_ROW)
    return TRUE;
  if (rc == SQLITE_DONE)
    return sh_store_invalid (error, "there is no image with id %" G_GINT64_FORMAT " in the project", image_id);
  return sh_project_set_error (project, error, "reading an image's product");
}

char *
sh_project_get_image_product_sku (ShProject *project, gint64 image_id)
{
  sqlite3_stmt *stmt = sh_store_statement (project,
                                           "SELECT products.sku FROM images JOIN products "
                                           "ON products.id = images.product_id WHERE images.id = ?1",
                                           NULL);
  gboolean found = FALSE;
  char *sku = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, image_id);
  if (sh_store_step_row (project, stmt, &found, NULL, "reading an image's product") && found)
    sku = sh_store_dup_column (stmt, 0);
  sqlite3_reset (stmt);
  return sku;
}

/* ---- changes ---- */

/* The id of another product that has sku, 0 when there is none. */
static gboolean
sku_owner (ShProject *project, const char *sku, gint64 *owner, GError **error)
{
  sqlite3_stmt *stmt = sh_store_prepare (project, "SELECT id FROM products WHERE sku = ?1", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, sku, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  *owner = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return sh_project_set_error (project, error, "looking up a SKU");
  return TRUE;
}

gboolean
sh_project_create_product (ShProject *project, const ShProductRow *row, gint64 *id, GError **error)
{
  g_autofree char *sku = given (row->sku);
  g_autofree char *brand = given (row->brand);
  g_autofree char *shade = given (row->shade);
  g_autofree char *category = given (row->category);
  g_autofree char *marketplace = given (row->marketplace);
  g_autofree char *color_text = given (row->catalog_color);
  char color[8];
  ShProductRow trimmed = {
    .sku = sku, .brand = brand, .shade = shade, .category = category, .marketplace = marketplace,
  };
  gint64 owner = 0;

  if (sku == NULL)
    return sh_store_invalid (error, "a product needs a SKU");
  if (color_text != NULL && !sh_product_parse_color (color_text, color))
    return sh_store_invalid (error, "product '%s': catalogue colour '%s' is not #rrggbb", sku, color_text);
  trimmed.catalog_color = color_text != NULL ? color : NULL;
  if (!sh_project_begin (project, error))
    return FALSE;
  if (!sku_owner (project, sku, &owner, error))
    goto fail;
  if (owner != 0)
    {
      sh_store_invalid (error, "a product with SKU '%s' already exists", sku);
      goto fail;
    }
  if (!sh_project_upsert_product (project, &trimmed, id, error))
    goto fail;
  return sh_project_commit (project, error);

fail:
  sh_project_rollback (project);
  return FALSE;
}

gboolean
sh_project_update_product (ShProject *project, gint64 product_id, const ShProductRow *row, GError **error)
{
  g_autofree char *sku = given (row->sku);
  g_autofree char *brand = given (row->brand);
  g_autofree char *shade = given (row->shade);
  g_autofree char *category = given (row->category);
  g_autofree char *marketplace = given (row->marketplace);
  g_autofree char *color_text = given (row->catalog_color);
  g_autofree char *now = NULL;
  char color[8];
  sqlite3_stmt *stmt = NULL;
  gint64 owner = 0;

  if (sku == NULL)
    return sh_store_invalid (error, "a product needs a SKU");
  if (color_text != NULL && !sh_product_parse_color (color_text, color))
    return sh_store_invalid (error, "product '%s': catalogue colour '%s' is not #rrggbb", sku, color_text);
  if (!sh_project_begin (project, error))
    return FALSE;
  if (!sku_owner (project, sku, &owner, error))
    goto fail;
  if (owner != 0 && owner != product_id)
    {
      sh_store_invalid (error, "another product already has SKU '%s'", sku);
      goto fail;
    }
  if (category != NULL)
    {
      stmt = sh_store_prepare (project, "INSERT INTO categories (name) VALUES (?1) ON CONFLICT (name) DO NOTHING",
                               error);
      if (stmt == NULL)
        goto fail;
      sqlite3_bind_text (stmt, 1, category, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        {
          sh_project_set_error (project, error, "adding a category");
          goto fail;
        }
      sqlite3_finalize (stmt);
      stmt = NULL;
    }
  stmt = sh_store_prepare (project,
                           "UPDATE products SET sku = ?1, brand = ?2, shade = ?3, "
                           "category_id = (SELECT id FROM categories WHERE name = ?4), marketplace = ?5, "
                           "catalog_color = ?6, updated_at = ?7 WHERE id = ?8",
                           error);
  if (stmt == NULL)
    goto fail;
  now = sh_project_now ();
  sqlite3_bind_text (stmt, 1, sku, -1, SQLITE_TRANSIENT);
  sh_store_bind_text_or_null (stmt, 2, brand);
  sh_store_bind_text_or_null (stmt, 3, shade);
  sh_store_bind_text_or_null (stmt, 4, category);
  sh_store_bind_text_or_null (stmt, 5, marketplace);
  sh_store_bind_text_or_null (stmt, 6, color_text != NULL ? color : NULL);
  sqlite3_bind_text (stmt, 7, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 8, product_id);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      sh_project_set_error (project, error, "saving a product");
      goto fail;
    }
  sqlite3_finalize (stmt);
  stmt = NULL;
  if (sqlite3_changes (sh_store_db (project)) == 0)
    {
      sh_store_invalid (error, "there is no product with id %" G_GINT64_FORMAT " in the project", product_id);
      goto fail;
    }
  return sh_project_commit (project, error);

fail:
  sqlite3_finalize (stmt);
  sh_project_rollback (project);
  return FALSE;
}
