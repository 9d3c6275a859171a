/* SPDX-License-Identifier: GPL-3.0-or-later */
/* project-shards.c: splitting a project into work packages and merging them back (see project-shards.h). */
#define G_LOG_DOMAIN "shadelab-project"

#include "config.h"

#include "core/store/project-shards.h"

#include <errno.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <glib/gstdio.h>

#include "core/store/store-private.h"

#define SHARD_KEY "shard"
#define MERGED_KEY_PREFIX "shard-merged:"

/* What a photo's fingerprint covers: packages split before the product link counted (no "fingerprint" in their
 * details) are compared without it, else every photo would look edited on both sides. */
#define FINGERPRINT_VERSION 2

/* A photo's state as one line of text, from the tables of schema db ("main" or "pkg"); ?1 is the image id. From
 * version 2 on it ends with the SKU of the product the photo shows. */
static char *
fingerprint_sql (const char *db, int version)
{
  g_autofree char *product = version >= 2 ? g_strdup_printf (" || '|' || ifnull((SELECT p.sku FROM %s.products p "
                                                              "WHERE p.id = product_id), '')", db)
                                          : g_strdup ("");

  return g_strdup_printf (
    "SELECT status || '|' || ifnull(status_reason, '') || '|' || ifnull((SELECT group_concat(r, ';') FROM "
    "(SELECT c.name || ' ' || printf('%%.2f,%%.2f,%%.2f,%%.2f', b.x, b.y, b.w, b.h) || ' ' || b.source || "
    "ifnull(printf(' %%.4f', b.score), '') || CASE b.accepted WHEN 1 THEN ' accepted' ELSE '' END || "
    "CASE b.occluded WHEN 1 THEN ' occluded' ELSE '' END || CASE b.truncated WHEN 1 THEN ' truncated' ELSE '' END "
    "|| CASE b.difficult WHEN 1 THEN ' difficult' ELSE '' END AS r FROM %s.boxes b JOIN %s.box_classes c "
    "ON c.id = b.class_id WHERE b.image_id = ?1 ORDER BY r)), '')%s FROM %s.images WHERE id = ?1",
    db, db, product, db);
}

/* The text stmt reads for the photo id (its fingerprint, path or newest change), newly allocated; NULL when it is
 * not there (or on an error). */
static char *
step_text (sqlite3_stmt *stmt, gint64 id)
{
  char *text = NULL;

  sqlite3_reset (stmt);
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    text = sh_store_dup_column (stmt, 0);
  sqlite3_reset (stmt);
  return text;
}

static char *
hash_text (const char *text)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);
}

/* FNV-1a: the same package for the same key on every machine. */
static guint32
stable_hash (const char *text)
{
  guint32 hash = 2166136261u;

  for (const unsigned char *p = (const unsigned char *) text; *p; p++)
    hash = (hash ^ *p) * 16777619u;
  return hash;
}

static char *
read_meta (ShProject *project, const char *key, GError **error)
{
  sqlite3_stmt *stmt = sh_store_statement (project, "SELECT value FROM meta WHERE key = ?1", error);
  gboolean found = FALSE;
  char *value = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  if (sh_store_step_row (project, stmt, &found, error, "reading the project's details") && found)
    value = sh_store_dup_column (stmt, 0);
  sqlite3_reset (stmt);
  return value;
}

static gboolean
write_meta (ShProject *project, const char *key, const char *value, GError **error)
{
  sqlite3_stmt *stmt = sh_store_statement (project, "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)",
                                           error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, value, -1, SQLITE_TRANSIENT);
  return sh_store_run (project, stmt, error, "writing the project's details");
}

/* ---- split ---- */

typedef struct {
  gint64 id;
  char *absolute;
  char *hash;                  /* of its fingerprint */
  guint part;
} SplitImage;

static void
split_image_clear (gpointer data)
{
  SplitImage *image = data;

  g_free (image->absolute);
  g_free (image->hash);
}

static gboolean
read_split_images (ShProject *project, guint n, ShShardBy by, GArray *images, GError **error)
{
  g_autofree char *sql = fingerprint_sql ("main", FINGERPRINT_VERSION);
  sqlite3_stmt *print = sh_store_prepare (project, sql, error);
  sqlite3_stmt *stmt;
  gboolean ok;
  int rc;

  if (print == NULL)
    return FALSE;
  stmt = sh_store_prepare (project, "SELECT i.id, i.path, i.content_hash, p.sku FROM images i LEFT JOIN products p "
                                    "ON p.id = i.product_id ORDER BY i.id", error);
  if (stmt == NULL)
    {
      sqlite3_finalize (print);
      return FALSE;
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *stored = (const char *) sqlite3_column_text (stmt, 1);
      const char *content_hash = (const char *) sqlite3_column_text (stmt, 2);
      const char *sku = (const char *) sqlite3_column_text (stmt, 3);
      g_autofree char *text = NULL;
      SplitImage image = { 0 };

      image.id = sqlite3_column_int64 (stmt, 0);
      image.absolute = sh_project_resolve_path (project, stored);
      image.part = stable_hash (by == SH_SHARD_BY_PRODUCT && sku != NULL ? sku : content_hash) % n;
      text = step_text (print, image.id);
      image.hash = hash_text (text != NULL ? text : "");
      g_array_append_val (images, image);
    }
  ok = rc == SQLITE_DONE;
  if (!ok)
    sh_project_set_error (project, error, "reading the photos to split");
  sqlite3_finalize (stmt);
  sqlite3_finalize (print);
  return ok;
}

/* Keeps the package's own photos (their paths made right for its folder) and writes its "shard" details.
 *
 * The other photos go in a few set-wise deletes, children first, with the foreign keys off: with them on, each
 * deleted photo would scan the tables whose image column has no index of its own (labeling_time) once more, which
 * at a few hundred thousand photos takes hours. The foreign key check at the end makes sure nothing was left
 * pointing at a photo that is gone. */
static const char *const trim_sql[] = {
  "DELETE FROM swatches WHERE box_id IN (SELECT id FROM boxes WHERE image_id NOT IN (SELECT id FROM temp.shard_keep))",
  "DELETE FROM score_accepted_boxes WHERE box_id IN (SELECT id FROM boxes WHERE image_id NOT IN "
  "(SELECT id FROM temp.shard_keep))",
  "DELETE FROM boxes WHERE image_id NOT IN (SELECT id FROM temp.shard_keep)",
  "DELETE FROM labeling_time WHERE image_id NOT IN (SELECT id FROM temp.shard_keep)",
  "DELETE FROM images WHERE id NOT IN (SELECT id FROM temp.shard_keep)",
};

static gboolean
trim_package (ShProject *package, GArray *images, guint part, const char *shard_json, GError **error)
{
  sqlite3_stmt *keep, *move, *check;
  gboolean ok = FALSE, found = TRUE;

  if (!sh_store_exec (package, "PRAGMA foreign_keys = OFF", error, "preparing the package")
      || !sh_store_exec (package, "CREATE TEMP TABLE shard_keep (id INTEGER PRIMARY KEY)", error,
                         "preparing the package"))
    return FALSE;
  if (!sh_project_begin (package, error))
    goto out_pragma;
  keep = sh_store_statement (package, "INSERT INTO temp.shard_keep (id) VALUES (?1)", error);
  move = keep != NULL ? sh_store_statement (package, "UPDATE images SET path = ?2 WHERE id = ?1", error) : NULL;
  if (move == NULL)
    goto out;
  for (guint i = 0; i < images->len; i++)
    {
      const SplitImage *image = &g_array_index (images, SplitImage, i);
      g_autofree char *stored = NULL;

      if (image->part != part)
        continue;
      stored = sh_project_store_path (package, image->absolute);
      sqlite3_bind_int64 (keep, 1, image->id);
      sqlite3_bind_int64 (move, 1, image->id);
      sqlite3_bind_text (move, 2, stored, -1, SQLITE_TRANSIENT);
      if (!sh_store_run (package, keep, error, "choosing the package's photos")
          || !sh_store_run (package, move, error, "pointing the package at the photos"))
        goto out;
    }
  for (guint i = 0; i < G_N_ELEMENTS (trim_sql); i++)
    if (!sh_store_exec (package, trim_sql[i], error, "leaving out the other packages' photos"))
      goto out;
  check = sh_store_prepare (package, "PRAGMA foreign_key_check", error);
  if (check == NULL || !sh_store_step_row (package, check, &found, error, "checking the package"))
    {
      sqlite3_finalize (check);
      goto out;
    }
  sqlite3_finalize (check);
  if (found)
    {
      sh_store_invalid (error, "the package would keep rows of photos it does not hold");
      goto out;
    }
  /* The package's statistics count only its own photos. */
  if (!write_meta (package, SHARD_KEY, shard_json, error) || !sh_store_recount (package, error))
    goto out;
  ok = sh_project_commit (package, error);

out:
  if (!ok)
    sh_project_rollback (package);
out_pragma:
  sh_store_exec (package, "DROP TABLE temp.shard_keep", NULL, "preparing the package");
  if (!sh_store_exec (package, "PRAGMA foreign_keys = ON", ok ? error : NULL, "preparing the package"))
    ok = FALSE;
  /* The copy held every photo: give the space of the others back. */
  if (ok && !sh_store_exec (package, "VACUUM", error, "compacting the package"))
    ok = FALSE;
  return ok;
}

gboolean
sh_project_shard_split (ShProject *project, guint n, ShShardBy by, const char *dir, GPtrArray **packages,
                        GArray **sizes, GError **error)
{
  g_autoptr (GArray) images = g_array_new (FALSE, TRUE, sizeof (SplitImage));
  g_autoptr (GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GArray) counts = g_array_new (FALSE, TRUE, sizeof (guint));
  g_autofree char *created = NULL;
  g_autofree char *base = g_path_get_basename (sh_project_get_path (project));
  g_autofree char *now = sh_project_now ();
  g_autofree char *labeling_after = NULL;
  sqlite3_stmt *stmt;
  gboolean found = FALSE;

  g_array_set_clear_func (images, split_image_clear);
  if (n < 1 || n > 10000)
    return sh_store_invalid (error, "a project splits into 1 to 10000 packages (got %u)", n);
  if (g_str_has_suffix (base, SH_PROJECT_EXTENSION))
    base[strlen (base) - strlen (SH_PROJECT_EXTENSION)] = '\0';
  if (g_mkdir_with_parents (dir, 0777) != 0)
    return sh_store_invalid (error, "cannot create the folder '%s': %s", dir, g_strerror (errno));
  if ((created = read_meta (project, "created_at", error)) == NULL)
    return error == NULL || *error == NULL ? sh_store_invalid (error, "the project has no creation time") : FALSE;
  if (!read_split_images (project, n, by, images, error))
    return FALSE;
  stmt = sh_store_statement (project, "SELECT ifnull(max(id), 0) FROM labeling_time", error);
  if (stmt == NULL || !sh_store_step_row (project, stmt, &found, error, "reading the labeling time"))
    return FALSE;
  labeling_after = g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) sqlite3_column_int64 (stmt, 0));
  sqlite3_reset (stmt);

  g_array_set_size (counts, n);
  for (guint k = 0; k < n; k++)
    {
      g_autofree char *name = g_strdup_printf ("%s-%u-of-%u%s", base, k + 1, n, SH_PROJECT_EXTENSION);
      char *path = g_build_filename (dir, name, NULL);

      g_ptr_array_add (paths, path);
      if (g_file_test (path, G_FILE_TEST_EXISTS))
        {
          g_set_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_EXISTS, "'%s' already exists: merge it or move it "
                       "away before splitting again", path);
          return FALSE;
        }
    }
  for (guint i = 0; i < images->len; i++)
    g_array_index (counts, guint, g_array_index (images, SplitImage, i).part)++;

  for (guint k = 0; k < n; k++)
    {
      const char *path = g_ptr_array_index (paths, k);
      g_autoptr (ShProject) package = NULL;
      g_autofree char *uuid = g_uuid_string_random ();
      cJSON *shard = cJSON_CreateObject ();
      cJSON *baseline = NULL;
      char *json;
      gboolean ok;

      cJSON_AddStringToObject (shard, "id", uuid);
      cJSON_AddStringToObject (shard, "project", sh_project_get_path (project));
      cJSON_AddStringToObject (shard, "project_created_at", created);
      cJSON_AddNumberToObject (shard, "part", k + 1);
      cJSON_AddNumberToObject (shard, "parts", n);
      cJSON_AddStringToObject (shard, "by", by == SH_SHARD_BY_PRODUCT ? "product" : "image");
      cJSON_AddStringToObject (shard, "split_at", now);
      cJSON_AddStringToObject (shard, "labeling_after", labeling_after);
      cJSON_AddNumberToObject (shard, "fingerprint", FINGERPRINT_VERSION);
      baseline = cJSON_AddObjectToObject (shard, "photos");
      for (guint i = 0; i < images->len; i++)
        {
          const SplitImage *image = &g_array_index (images, SplitImage, i);
          char key[24];

          if (image->part != k)
            continue;
          g_snprintf (key, sizeof key, "%" G_GINT64_FORMAT, image->id);
          cJSON_AddStringToObject (baseline, key, image->hash);
        }
      json = cJSON_PrintUnformatted (shard);
      cJSON_Delete (shard);

      /* A copy of the whole file keeps the schema, the catalogue and the ids; then the other photos go. */
      stmt = sh_store_prepare (project, "VACUUM INTO ?1", error);
      if (stmt != NULL)
        sqlite3_bind_text (stmt, 1, path, -1, SQLITE_TRANSIENT);
      ok = stmt != NULL && sh_store_run_once (project, stmt, error, "writing a package");
      if (ok)
        ok = (package = sh_project_open (path, SH_PROJECT_OPEN_READ_WRITE, error)) != NULL
             && trim_package (package, images, k, json, error);
      cJSON_free (json);
      if (!ok)
        {
          g_clear_pointer (&package, sh_project_close);
          for (guint j = 0; j <= k; j++)
            g_unlink (g_ptr_array_index (paths, j));
          return FALSE;
        }
    }
  if (packages != NULL)
    *packages = g_steal_pointer (&paths);
  if (sizes != NULL)
    *sizes = g_steal_pointer (&counts);
  return TRUE;
}

/* ---- merge ---- */

void
sh_shard_merge_report_init (ShShardMergeReport *report)
{
  memset (report, 0, sizeof *report);
  report->messages = g_ptr_array_new_with_free_func (g_free);
}

void
sh_shard_merge_report_clear (ShShardMergeReport *report)
{
  g_clear_pointer (&report->messages, g_ptr_array_unref);
}

typedef struct {
  sqlite3_stmt *print_main, *print_package, *newest_main, *newest_package;
  sqlite3_stmt *clear_boxes, *set_status, *add_categories, *add_products, *link_product;
  sqlite3_stmt *add_classes, *package_boxes, *copy_box, *copy_swatches, *path;
} MergeStatements;

static void
merge_statements_free (MergeStatements *s)
{
  sqlite3_stmt **all = (sqlite3_stmt **) s;

  for (guint i = 0; i < sizeof *s / sizeof (sqlite3_stmt *); i++)
    sqlite3_finalize (all[i]);
}

static gboolean
prepare_merge (ShProject *project, MergeStatements *s, int fingerprint, GError **error)
{
  g_autofree char *print_main = fingerprint_sql ("main", fingerprint);
  g_autofree char *print_package = fingerprint_sql ("pkg", fingerprint);
  static const char newest[] =
    "SELECT max(i.updated_at, ifnull((SELECT max(b.updated_at) FROM %s.boxes b WHERE b.image_id = i.id), '')) "
    "FROM %s.images i WHERE i.id = ?1";
  g_autofree char *newest_main = g_strdup_printf (newest, "main", "main");
  g_autofree char *newest_package = g_strdup_printf (newest, "pkg", "pkg");

  return (s->print_main = sh_store_prepare (project, print_main, error)) != NULL
    && (s->print_package = sh_store_prepare (project, print_package, error)) != NULL
    && (s->newest_main = sh_store_prepare (project, newest_main, error)) != NULL
    && (s->newest_package = sh_store_prepare (project, newest_package, error)) != NULL
    && (s->clear_boxes = sh_store_prepare (project, "DELETE FROM main.boxes WHERE image_id = ?1", error)) != NULL
    && (s->set_status = sh_store_prepare (project,
          "UPDATE main.images SET (status, status_reason, updated_at) = (SELECT status, status_reason, updated_at "
          "FROM pkg.images WHERE id = ?1) WHERE id = ?1", error)) != NULL
    /* The product the package links the photo to, added to the project (with its category) when the package
     * made it; products are matched by SKU, their ids differ between files made apart. */
    && (s->add_categories = sh_store_prepare (project,
          "INSERT OR IGNORE INTO main.categories (name) SELECT c.name FROM pkg.images i JOIN pkg.products p "
          "ON p.id = i.product_id JOIN pkg.categories c ON c.id = p.category_id WHERE i.id = ?1", error)) != NULL
    && (s->add_products = sh_store_prepare (project,
          "INSERT OR IGNORE INTO main.products (sku, brand, shade, category_id, marketplace, catalog_color, "
          "created_at, updated_at) SELECT p.sku, p.brand, p.shade, (SELECT m.id FROM main.categories m "
          "JOIN pkg.categories c ON c.name = m.name WHERE c.id = p.category_id), p.marketplace, p.catalog_color, "
          "p.created_at, p.updated_at FROM pkg.images i JOIN pkg.products p ON p.id = i.product_id "
          "WHERE i.id = ?1", error)) != NULL
    && (s->link_product = sh_store_prepare (project,
          "UPDATE main.images SET product_id = (SELECT m.id FROM pkg.images i JOIN pkg.products p "
          "ON p.id = i.product_id JOIN main.products m ON m.sku = p.sku WHERE i.id = ?1) WHERE id = ?1",
          error)) != NULL
    && (s->add_classes = sh_store_prepare (project,
          "INSERT OR IGNORE INTO main.box_classes (name) SELECT DISTINCT c.name FROM pkg.boxes b "
          "JOIN pkg.box_classes c ON c.id = b.class_id WHERE b.image_id = ?1", error)) != NULL
    && (s->package_boxes = sh_store_prepare (project, "SELECT id FROM pkg.boxes WHERE image_id = ?1 ORDER BY id",
                                             error)) != NULL
    && (s->copy_box = sh_store_prepare (project,
          "INSERT INTO main.boxes (image_id, class_id, x, y, w, h, source, score, accepted, labeler, occluded, "
          "truncated, difficult, created_at, updated_at) SELECT b.image_id, (SELECT id FROM main.box_classes "
          "WHERE name = c.name), b.x, b.y, b.w, b.h, b.source, b.score, b.accepted, b.labeler, b.occluded, "
          "b.truncated, b.difficult, b.created_at, b.updated_at FROM pkg.boxes b JOIN pkg.box_classes c "
          "ON c.id = b.class_id WHERE b.id = ?1", error)) != NULL
    && (s->copy_swatches = sh_store_prepare (project,
          "INSERT INTO main.swatches (box_id, method, algorithm_version, srgb, lab_l, lab_a, lab_b, linear_r, "
          "linear_g, linear_b, confidence, spread, pixels, finish, finish_json, glitter_json, computed_at) "
          "SELECT ?2, method, algorithm_version, srgb, lab_l, lab_a, lab_b, linear_r, linear_g, linear_b, "
          "confidence, spread, pixels, finish, finish_json, glitter_json, computed_at FROM pkg.swatches "
          "WHERE box_id = ?1", error)) != NULL
    && (s->path = sh_store_prepare (project, "SELECT path FROM main.images WHERE id = ?1", error)) != NULL;
}

static gboolean
run_bound (ShProject *project, sqlite3_stmt *stmt, gint64 a, gint64 b, GError **error, const char *doing)
{
  sqlite3_reset (stmt);
  sqlite3_bind_int64 (stmt, 1, a);
  if (sqlite3_bind_parameter_count (stmt) >= 2)
    sqlite3_bind_int64 (stmt, 2, b);
  return sh_store_run (project, stmt, error, doing);
}

/* The package's version of a photo replaces the project's: status, product link, boxes and their swatches. */
static gboolean
apply_photo (ShProject *project, MergeStatements *s, gint64 id, GError **error)
{
  g_autoptr (GArray) boxes = g_array_new (FALSE, FALSE, sizeof (gint64));
  int rc;

  if (!run_bound (project, s->clear_boxes, id, 0, error, "replacing a photo's boxes")
      || !run_bound (project, s->set_status, id, 0, error, "setting a photo's status")
      || !run_bound (project, s->add_categories, id, 0, error, "adding the photo's product category")
      || !run_bound (project, s->add_products, id, 0, error, "adding the photo's product")
      || !run_bound (project, s->link_product, id, 0, error, "linking the photo to its product")
      || !run_bound (project, s->add_classes, id, 0, error, "adding box classes"))
    return FALSE;
  sqlite3_reset (s->package_boxes);
  sqlite3_bind_int64 (s->package_boxes, 1, id);
  while ((rc = sqlite3_step (s->package_boxes)) == SQLITE_ROW)
    {
      gint64 box = sqlite3_column_int64 (s->package_boxes, 0);

      g_array_append_val (boxes, box);
    }
  sqlite3_reset (s->package_boxes);
  if (rc != SQLITE_DONE)
    return sh_project_set_error (project, error, "reading the package's boxes");
  for (guint i = 0; i < boxes->len; i++)
    {
      gint64 box = g_array_index (boxes, gint64, i), copy;

      if (!run_bound (project, s->copy_box, box, 0, error, "copying a box"))
        return FALSE;
      copy = sqlite3_last_insert_rowid (sh_store_db (project));
      if (!run_bound (project, s->copy_swatches, box, copy, error, "copying a box's swatches"))
        return FALSE;
    }
  return TRUE;
}

/* The "shard" details of a package, after checking it is a project file this Shadelab reads. */
static cJSON *
read_package (ShProject *project, const char *package, GError **error)
{
  g_autoptr (ShProject) opened = sh_project_open (package, SH_PROJECT_OPEN_READ_ONLY, error);
  g_autofree char *text = NULL;
  g_autofree char *created = NULL;
  const cJSON *made_from;
  cJSON *shard;

  if (opened == NULL)
    return NULL;
  if ((text = read_meta (opened, SHARD_KEY, error)) == NULL)
    {
      if (error == NULL || *error == NULL)
        sh_store_invalid (error, "'%s' is a project, not a work package made by `shard split`", package);
      return NULL;
    }
  shard = cJSON_Parse (text);
  made_from = cJSON_GetObjectItemCaseSensitive (shard, "project_created_at");
  created = read_meta (project, "created_at", NULL);
  if (!cJSON_IsObject (shard) || !cJSON_IsString (cJSON_GetObjectItemCaseSensitive (shard, "id"))
      || !cJSON_IsObject (cJSON_GetObjectItemCaseSensitive (shard, "photos")) || !cJSON_IsString (made_from))
    {
      cJSON_Delete (shard);
      sh_store_invalid (error, "'%s': its package details are damaged", package);
      return NULL;
    }
  if (g_strcmp0 (made_from->valuestring, created) != 0)
    {
      cJSON_Delete (shard);
      sh_store_invalid (error, "'%s' was split from another project", package);
      return NULL;
    }
  return shard;
}

static gboolean
merge_photos (ShProject *project, MergeStatements *s, const cJSON *photos, gboolean prefer_newest,
              ShShardMergeReport *report, GError **error)
{
  const cJSON *photo;

  cJSON_ArrayForEach (photo, photos)
    {
      gint64 id = g_ascii_strtoll (photo->string, NULL, 10);
      g_autofree char *in_package = step_text (s->print_package, id);
      g_autofree char *in_project = step_text (s->print_main, id);
      g_autofree char *package_hash = NULL;
      g_autofree char *project_hash = NULL;
      const char *split_hash = cJSON_IsString (photo) ? photo->valuestring : "";

      if (in_package == NULL || in_project == NULL)
        continue;                       /* a photo no longer there on one side: nothing to bring back */
      package_hash = hash_text (in_package);
      project_hash = hash_text (in_project);
      if (strcmp (package_hash, split_hash) == 0)
        report->unchanged++;
      else if (strcmp (in_package, in_project) == 0)
        report->already++;
      else if (strcmp (project_hash, split_hash) == 0)
        {
          if (!apply_photo (project, s, id, error))
            return FALSE;
          report->applied++;
        }
      else
        {
          g_autofree char *stored = step_text (s->path, id);
          g_autofree char *newest_package = step_text (s->newest_package, id);
          g_autofree char *newest_project = step_text (s->newest_main, id);
          gboolean take = prefer_newest && g_strcmp0 (newest_package, newest_project) > 0;

          if (take && !apply_photo (project, s, id, error))
            return FALSE;
          report->conflicts++;
          if (prefer_newest)
            report->resolved++;
          g_ptr_array_add (report->messages,
                           g_strdup_printf ("%s: edited in the package and in the project since the split%s\n"
                                            "  project (%s): %s\n  package (%s): %s", stored,
                                            !prefer_newest ? "; left as the project has it"
                                            : take ? "; the package's, the newest, taken"
                                                   : "; the project's, the newest, kept",
                                            newest_project, in_project, newest_package, in_package));
        }
    }
  return TRUE;
}

/* Labeling time the package added since the split (or since its last merge), copied once. */
static gboolean
merge_labeling_time (ShProject *project, const cJSON *shard, ShShardMergeReport *report, GError **error)
{
  const cJSON *id = cJSON_GetObjectItemCaseSensitive (shard, "id");
  const cJSON *after = cJSON_GetObjectItemCaseSensitive (shard, "labeling_after");
  g_autofree char *key = g_strconcat (MERGED_KEY_PREFIX, id->valuestring, NULL);
  g_autofree char *merged = read_meta (project, key, NULL);
  gint64 from = MAX (cJSON_IsString (after) ? g_ascii_strtoll (after->valuestring, NULL, 10) : 0,
                     merged != NULL ? g_ascii_strtoll (merged, NULL, 10) : 0);
  g_autofree char *last = NULL;
  sqlite3_stmt *stmt = sh_store_prepare (project,
                                         "INSERT INTO main.labeling_time (image_id, labeler, seconds, at) "
                                         "SELECT image_id, labeler, seconds, at FROM pkg.labeling_time "
                                         "WHERE id > ?1 AND image_id IN (SELECT id FROM main.images) ORDER BY id",
                                         error);
  gboolean found = FALSE;
  gint64 last_id;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, from);
  if (!sh_store_run_once (project, stmt, error, "copying the labeling time"))
    return FALSE;
  report->labeling_rows = (guint) sqlite3_changes (sh_store_db (project));
  stmt = sh_store_prepare (project, "SELECT max(?1, ifnull(max(id), 0)) FROM pkg.labeling_time", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, from);
  if (!sh_store_step_row (project, stmt, &found, error, "reading the labeling time"))
    {
      sqlite3_finalize (stmt);
      return FALSE;
    }
  last_id = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  /* Nothing new to remember: the project stays as it is. */
  if (last_id <= from)
    return TRUE;
  last = g_strdup_printf ("%" G_GINT64_FORMAT, last_id);
  return write_meta (project, key, last, error);
}

gboolean
sh_project_shard_merge (ShProject *project, const char *package, gboolean prefer_newest,
                        ShShardMergeReport *report, GError **error)
{
  g_autofree char *absolute = g_canonicalize_filename (package, NULL);
  g_autofree char *escaped = g_uri_escape_string (absolute, "/", TRUE);
  g_autofree char *uri = g_strdup_printf ("file:%s?mode=ro", escaped);
  MergeStatements statements = { 0 };
  const cJSON *fingerprint;
  cJSON *shard;
  sqlite3_stmt *attach;
  gboolean ok = FALSE;

  if ((shard = read_package (project, package, error)) == NULL)
    return FALSE;
  attach = sh_store_prepare (project, "ATTACH ?1 AS pkg", error);
  if (attach != NULL)
    sqlite3_bind_text (attach, 1, uri, -1, SQLITE_TRANSIENT);
  if (attach == NULL || !sh_store_run_once (project, attach, error, "opening the package"))
    {
      cJSON_Delete (shard);
      return FALSE;
    }
  fingerprint = cJSON_GetObjectItemCaseSensitive (shard, "fingerprint");
  if (prepare_merge (project, &statements, cJSON_IsNumber (fingerprint) ? fingerprint->valueint : 1, error)
      && sh_store_change_begin (project, "merging a package", error))
    {
      ok = merge_photos (project, &statements, cJSON_GetObjectItemCaseSensitive (shard, "photos"), prefer_newest,
                         report, error)
           && merge_labeling_time (project, shard, report, error) && sh_store_recount (project, error);
      ok = sh_store_change_end (project, ok, ok ? error : NULL) && ok;
    }
  merge_statements_free (&statements);
  sh_store_exec (project, "DETACH pkg", NULL, "closing the package");
  cJSON_Delete (shard);
  if (!ok)
    {
      report->applied = report->already = report->unchanged = report->conflicts = report->resolved = 0;
      report->labeling_rows = 0;
      g_ptr_array_set_size (report->messages, 0);
    }
  return ok;
}
