/* SPDX-License-Identifier: GPL-3.0-or-later */
/* store-private.h: the plumbing the files of core/store/ share, and nothing outside core/store/ includes.
 *
 * The store is the only code that speaks SQL: everything else calls the typed functions of the public store
 * headers. Here are the connection, statements and transactions those functions are built from, once.
 */
#pragma once

#include <cjson/cJSON.h>
#include <sqlite3.h>

#include "core/formats/material-json.h"
#include "core/store/project.h"

G_BEGIN_DECLS

/* The project's connection. */
sqlite3 *sh_store_db (ShProject *project);

/* A statement for static SQL text, cached by the text's address: it comes back reset and unbound, and stays
 * owned by the project (never finalize it). */
sqlite3_stmt *sh_store_statement (ShProject *project, const char *sql, GError **error);
/* A statement for SQL built at run time, or used once: the caller finalizes it. */
sqlite3_stmt *sh_store_prepare (ShProject *project, const char *sql, GError **error);

/* Runs a statement that returns no rows, then resets it. */
gboolean sh_store_run (ShProject *project, sqlite3_stmt *stmt, GError **error, const char *doing);
/* Steps a one-row query: TRUE with *found set (the row stays current until the statement is reset or
 * finalized), FALSE on error. */
gboolean sh_store_step_row (ShProject *project, sqlite3_stmt *stmt, gboolean *found, GError **error,
                            const char *doing);
/* Runs SQL text without results (transaction control, pragmas). */
gboolean sh_store_exec (ShProject *project, const char *sql, GError **error, const char *doing);

void sh_store_bind_text_or_null (sqlite3_stmt *stmt, int index, const char *text);
/* A text column, newly allocated (NULL for NULL). */
char *sh_store_dup_column (sqlite3_stmt *stmt, int column);

/* A JSON object's member as compact JSON text for a TEXT column, newly allocated; NULL when it has none. */
char *sh_store_json_member_text (cJSON *object, const char *name);

/* SH_PROJECT_ERROR_INVALID with a message; always returns FALSE. */
gboolean sh_store_invalid (GError **error, const char *format, ...) G_GNUC_PRINTF (2, 3);

/* Steps and finalizes a statement that writes a row whose name must be unique. FALSE when it fails: "the
 * project already has <what> '<name>'" (SH_PROJECT_ERROR_INVALID) when the name is taken, else the store's
 * error for doing. */
gboolean sh_store_step_unique (ShProject *project, sqlite3_stmt *stmt, const char *what, const char *name,
                               const char *doing, GError **error);

/* Every change runs between these: its own transaction (commit checked by the guard), or a savepoint inside
 * a batch (sh_project_begin), so that a failing call leaves nothing behind either way. change_end returns
 * ok when the change is saved. */
gboolean sh_store_change_begin (ShProject *project, const char *doing, GError **error);
gboolean sh_store_change_end (ShProject *project, gboolean ok, GError **error);

/* Reads that must agree with each other (counts, stats, an export) run in one read transaction: read_begin
 * opens one unless a transaction is already open (*own tells which); read_end closes its own, checked. */
gboolean sh_store_read_begin (ShProject *project, gboolean *own, GError **error);
gboolean sh_store_read_end (ShProject *project, gboolean own, GError **error);

/* The condition on images (a WHERE term naming the table images) of a photo that needs a person: new, and with
 * no human or accepted box or with a model box nobody accepted (a prediction below what `accept` took). */
extern const char sh_store_needs_person_sql[];

/* ---- a product's material (core/store/project-materials.h) ---- */

/* One row per product (ordered by sku), or only the product whose sku is bound to ?1, or whose id is bound to
 * ?2 (unbound: all). Columns 0-4 are products.id, sku, brand, shade and category name; the rest are read by
 * sh_store_product_material_from_row. */
extern const char sh_store_product_material_sql[];

enum {
  SH_STORE_PRODUCT_MATERIAL_COL_ID,
  SH_STORE_PRODUCT_MATERIAL_COL_SKU,
  SH_STORE_PRODUCT_MATERIAL_COL_BRAND,
  SH_STORE_PRODUCT_MATERIAL_COL_SHADE,
  SH_STORE_PRODUCT_MATERIAL_COL_CATEGORY,
  SH_STORE_PRODUCT_MATERIAL_COL_GLITTER_COLOR = 20,   /* materials.glitter_color as stored ('#rrggbb' or NULL) */
};

/* The material of the product on stmt's current row (a step of sh_store_product_material_sql), by the rule of
 * core/store/project-materials.h; FALSE when it has no colour. */
gboolean sh_store_product_material_from_row (sqlite3_stmt *stmt, ShProductMaterial *product);

/* The SHA-256 of a file's bytes, lower-case hex (what content_hash columns hold); NULL with a GFileError. */
char *sh_store_file_sha256 (const char *path, GError **error);

/* Runs a statement that returns no rows and finalizes it. */
gboolean sh_store_run_once (ShProject *project, sqlite3_stmt *stmt, GError **error, const char *doing);

/* The counts stats reads (core/store/schema-stats-counts.sql), kept in the transaction of each write that
 * changes them: delta -1 before a row changes or goes (its old values), +1 after it is added or changed. */
gboolean sh_store_count_image (ShProject *project, gint64 image_id, int delta, GError **error);
gboolean sh_store_count_box (ShProject *project, gint64 box_id, int delta, GError **error);
/* After a labeling-time row is added (it is never changed). */
gboolean sh_store_count_labeling_time (ShProject *project, gint64 time_id, GError **error);
/* The counts made again from every row (the schema step that adds them, and sh_project_recount_stats). */
gboolean sh_store_recount (ShProject *project, GError **error);

G_END_DECLS
