/* SPDX-License-Identifier: GPL-3.0-or-later */
/* catalog.h: a brand's product catalogue, linking photos to products.
 *
 * Two forms, told apart by the first character after an optional UTF-8 BOM and white space ('[' is JSON):
 * - CSV (RFC 4180: quoted fields, doubled quotes, CRLF or LF line ends, UTF-8) whose header row names the
 *   columns file, sku, brand, shade, category, marketplace, color, in any order and any letter case.
 * - JSON: an array of objects with the same keys, each value a string or null.
 * Every row needs a file or a sku; color is #rrggbb (stored lower-case); category is stored lower-case.
 * Values are trimmed; an empty value means "not given" and leaves the stored one as it is.
 *
 * Parsing needs no project (the fuzzers call it on raw bytes). A file with any error is refused whole, with
 * the place of its first error: "line N: ..." for CSV, "byte offset N: ..." for JSON syntax and
 * "[i].key: ..." (i counted from 0) for a JSON element.
 *
 * Applying, in one transaction: each row with a sku creates or updates that product (one per SKU); a row
 * with a file links the image to the row's product. The file is matched by file name, or, when it holds a
 * '/', by its path relative to the project's folder. A file that matches no image, or a name that matches
 * several images (in different folders), is a warning: the rest of the row still applies and nothing is
 * linked for it. A row with a file but no sku updates the product the image is already linked to.
 */
#pragma once

#include <glib.h>

#include "core/store/project.h"

#define SH_CATALOG_ERROR (sh_catalog_error_quark ())
GQuark sh_catalog_error_quark (void);

typedef enum {
  SH_CATALOG_ERROR_PARSE,      /* not well-formed CSV or JSON */
  SH_CATALOG_ERROR_INVALID,    /* well-formed, but a column, key or value is refused */
} ShCatalogError;

typedef struct {
  char *where;                 /* "line 4" or "[3]", for warnings */
  char *file, *sku, *brand, *shade, *category, *marketplace, *color;  /* NULL when not given */
} ShCatalogRow;

typedef struct {
  gboolean is_json;
  GPtrArray *rows;             /* ShCatalogRow */
} ShCatalog;

ShCatalog *sh_catalog_parse (const char *data, gsize len, GError **error);
ShCatalog *sh_catalog_parse_file (const char *path, GError **error);
void sh_catalog_free (ShCatalog *catalog);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ShCatalog, sh_catalog_free)

typedef struct {
  guint rows;
  guint products;              /* distinct SKUs created or updated */
  guint images_linked;
  GPtrArray *warnings;         /* char *, one per row that could not link its file */
} ShCatalogReport;

void sh_catalog_report_init (ShCatalogReport *report);
void sh_catalog_report_clear (ShCatalogReport *report);

/* All rows in one transaction, or nothing changed. */
gboolean sh_catalog_apply (ShProject *project, const ShCatalog *catalog, ShCatalogReport *report,
                           GError **error);

/* How far sh_catalog_apply_full is: rows applied of total, reported every few rows on the applying thread. */
typedef void (*ShCatalogProgressFunc) (guint done, guint total, gpointer user_data);

/* sh_catalog_apply with progress (progress may be NULL). */
gboolean sh_catalog_apply_full (ShProject *project, const ShCatalog *catalog, ShCatalogProgressFunc progress,
                                gpointer user_data, ShCatalogReport *report, GError **error);
