/* SPDX-License-Identifier: GPL-3.0-or-later */
/* project-lint.c: products with their catalogue colour and measured colour, for the catalogue lint. */
#define G_LOG_DOMAIN "shadelab-project"

#include "config.h"

#include "core/store/project-lint.h"
#include "core/store/store-private.h"

#include <stdlib.h>

static void
product_color_clear (gpointer data)
{
  ShProductColor *product = data;

  g_free (product->sku);
  g_free (product->brand);
  g_free (product->shade);
  g_free (product->catalog_color);
}

static const char products_sql[] =
  "SELECT p.id, p.sku, p.brand, p.shade, p.catalog_color, "
  "  (SELECT count(*) FROM images i WHERE i.product_id = p.id AND i.status <> 'rejected') "
  "FROM products p ORDER BY p.sku";

/* One row per (photo, product box with a robust swatch), a photo's most confident box first. */
static const char swatches_sql[] =
  "SELECT i.product_id, i.id, s.lab_l, s.lab_a, s.lab_b "
  "FROM images i JOIN boxes b ON b.image_id = i.id JOIN box_classes c ON c.id = b.class_id "
  "  JOIN swatches s ON s.box_id = b.id AND s.method = 'robust' "
  "WHERE i.product_id IS NOT NULL AND i.status <> 'rejected' AND c.name = 'product' "
  "  AND (b.source = 'human' OR b.accepted = 1) "
  "ORDER BY i.product_id, i.id, s.confidence DESC, b.id";

static int
compare_doubles (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

static double
median (double *values, guint n)
{
  qsort (values, n, sizeof *values, compare_doubles);
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

/* Sets the measured colour of the product with id product_id from the n photo colours in labs. */
static void
set_measured (GArray *products, GHashTable *index, gint64 product_id, GArray *labs)
{
  gpointer position;
  ShProductColor *product;
  guint n = labs->len / 3;
  g_autofree double *channel = g_new (double, MAX (n, 1));

  if (n == 0 || !g_hash_table_lookup_extended (index, &product_id, NULL, &position))
    return;
  product = &g_array_index (products, ShProductColor, GPOINTER_TO_UINT (position));
  product->n_measured = n;
  for (int c = 0; c < 3; c++)
    {
      for (guint i = 0; i < n; i++)
        channel[i] = g_array_index (labs, double, 3 * i + c);
      product->lab[c] = median (channel, n);
    }
}

GArray *
sh_project_product_colors (ShProject *project, GError **error)
{
  sqlite3_stmt *stmt = NULL;
  g_autoptr (GArray) products = g_array_new (FALSE, TRUE, sizeof (ShProductColor));
  g_autoptr (GHashTable) index = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr (GArray) labs = g_array_new (FALSE, FALSE, sizeof (double));
  gint64 current_product = 0, last_image = 0;
  int rc;

  g_array_set_clear_func (products, product_color_clear);
  stmt = sh_store_prepare (project, products_sql, error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      ShProductColor product = { 0 };

      product.id = sqlite3_column_int64 (stmt, 0);
      product.sku = sh_store_dup_column (stmt, 1);
      product.brand = sh_store_dup_column (stmt, 2);
      product.shade = sh_store_dup_column (stmt, 3);
      product.catalog_color = sh_store_dup_column (stmt, 4);
      product.n_photos = (guint) sqlite3_column_int64 (stmt, 5);
      g_array_append_val (products, product);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      sh_project_set_error (project, error, "reading the products");
      return NULL;
    }
  /* The index points into the array, which no longer grows. */
  for (guint i = 0; i < products->len; i++)
    g_hash_table_insert (index, &g_array_index (products, ShProductColor, i).id, GUINT_TO_POINTER (i));

  stmt = sh_store_prepare (project, swatches_sql, error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 product_id = sqlite3_column_int64 (stmt, 0);
      gint64 image_id = sqlite3_column_int64 (stmt, 1);

      if (product_id != current_product)
        {
          set_measured (products, index, current_product, labs);
          g_array_set_size (labs, 0);
          current_product = product_id;
          last_image = 0;
        }
      /* Only the first (most confident) box of each photo. */
      if (image_id == last_image)
        continue;
      last_image = image_id;
      for (int c = 0; c < 3; c++)
        {
          double v = sqlite3_column_double (stmt, 2 + c);
          g_array_append_val (labs, v);
        }
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      sh_project_set_error (project, error, "reading the measured colours");
      return NULL;
    }
  set_measured (products, index, current_product, labs);
  return g_steal_pointer (&products);
}
