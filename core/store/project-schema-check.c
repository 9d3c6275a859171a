/* SPDX-License-Identifier: GPL-3.0-or-later */
/* project-schema-check.c: defensive connections and the schema check for project files from elsewhere (see
 * project-schema-check.h). */
#define G_LOG_DOMAIN "shadelab-project"

#include "config.h"

#include "core/store/project-schema-check.h"

#include <string.h>

#include "core/store/project.h"

/* Tables SQLite itself adds to a file on ANALYZE (PRAGMA optimize, run when a project closes), with the SQL it
 * stores for them, normalized. They only steer the query planner; they may be there or not. */
static const struct {
  const char *name;
  const char *sql;
} optional_tables[] = {
  { "sqlite_stat1", "create table sqlite_stat1(tbl,idx,stat)" },
  { "sqlite_stat4", "create table sqlite_stat4(tbl,idx,neq,nlt,ndlt,sample)" },
};

enum {
  OWN_SCHEMA_KNOWN = 1 << 0,
  OWN_SCHEMA_HAS_TRIGGERS = 1 << 1,
  OWN_SCHEMA_HAS_VIEWS = 1 << 2,
};

typedef struct {
  char *type;      /* table, index, view, trigger */
  char *name;
  char *tbl_name;
  char *sql;       /* normalized; NULL for the indexes SQLite makes for UNIQUE and PRIMARY KEY */
} SchemaObject;

static void
schema_object_free (gpointer data)
{
  SchemaObject *object = data;
  g_free (object->type);
  g_free (object->name);
  g_free (object->tbl_name);
  g_free (object->sql);
  g_free (object);
}

static gboolean
is_quote (char c)
{
  return c == '\'' || c == '"' || c == '`' || c == '[';
}

/* Only white space next to these goes: they are tokens of one character that never join a neighbour into
 * another token (unlike "< =" and "<=", or "- -" and "--"). */
static gboolean
is_tight (char c)
{
  return c == '(' || c == ')' || c == ',' || c == ';';
}

char *
sh_project_normalize_schema_sql (const char *sql)
{
  GString *out = g_string_sized_new (strlen (sql));
  gboolean space = FALSE;
  const char *p = sql;

  while (*p != '\0')
    {
      if (g_ascii_isspace (*p))
        {
          space = TRUE;
          p++;
          continue;
        }
      /* Comments end as SQLite's tokenizer ends them: at the line's end, at the closing mark or at the end. */
      if (p[0] == '-' && p[1] == '-')
        {
          while (*p != '\0' && *p != '\n')
            p++;
          space = TRUE;
          continue;
        }
      if (p[0] == '/' && p[1] == '*')
        {
          const char *end = strstr (p + 2, "*/");
          p = end != NULL ? end + 2 : p + strlen (p);
          space = TRUE;
          continue;
        }
      if (space && out->len > 0 && !is_tight (out->str[out->len - 1]) && !is_tight (*p))
        g_string_append_c (out, ' ');
      space = FALSE;
      if (is_quote (*p))
        {
          /* Strings and quoted identifiers stay as written; a doubled quote is part of them. */
          char close = *p == '[' ? ']' : *p;
          g_string_append_c (out, *p++);
          while (*p != '\0')
            {
              if (*p == close && close != ']' && p[1] == close)
                {
                  g_string_append_len (out, p, 2);
                  p += 2;
                  continue;
                }
              if (*p == close)
                break;
              g_string_append_c (out, *p++);
            }
          if (*p != '\0')
            g_string_append_c (out, *p++);
          continue;
        }
      g_string_append_c (out, g_ascii_tolower (*p));
      p++;
    }
  return g_string_free (out, FALSE);
}

static char *
column_text (sqlite3_stmt *stmt, int column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);
  return text != NULL ? g_strdup (text) : NULL;
}

/* The rows of db's sqlite_schema in storage order, or NULL with *rc set to SQLite's error. */
static GPtrArray *
read_schema (sqlite3 *db, int *rc)
{
  g_autoptr (GPtrArray) objects = g_ptr_array_new_with_free_func (schema_object_free);
  sqlite3_stmt *stmt = NULL;

  *rc = sqlite3_prepare_v2 (db, "SELECT type, name, tbl_name, sql FROM main.sqlite_schema ORDER BY rowid", -1,
                            &stmt, NULL);
  while (*rc == SQLITE_OK && (*rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SchemaObject *object = g_new0 (SchemaObject, 1);
      const char *sql = (const char *) sqlite3_column_text (stmt, 3);

      object->type = column_text (stmt, 0);
      object->name = column_text (stmt, 1);
      object->tbl_name = column_text (stmt, 2);
      object->sql = sql != NULL ? sh_project_normalize_schema_sql (sql) : NULL;
      if (object->type == NULL || object->name == NULL || object->tbl_name == NULL)
        {
          schema_object_free (object);
          *rc = SQLITE_CORRUPT;
          break;
        }
      g_ptr_array_add (objects, object);
      *rc = SQLITE_OK;
    }
  sqlite3_finalize (stmt);
  if (*rc != SQLITE_DONE)
    return NULL;
  *rc = SQLITE_OK;
  return g_steal_pointer (&objects);
}

/* Triggers have their own name space in SQLite; tables, indexes and views share one. */
static char *
object_key (const SchemaObject *object)
{
  return g_strconcat (g_strcmp0 (object->type, "trigger") == 0 ? "trigger:" : "object:", object->name, NULL);
}

/* "a trigger 'wipe' on 'boxes'", "a table 'images'". */
static char *
describe (const SchemaObject *object, const char *article)
{
  gboolean on_table = g_strcmp0 (object->type, "index") == 0 || g_strcmp0 (object->type, "trigger") == 0;
  if (article[0] == '\0')
    return on_table ? g_strdup_printf ("%s '%s' on '%s'", object->type, object->name, object->tbl_name)
                    : g_strdup_printf ("%s '%s'", object->type, object->name);
  if (g_strcmp0 (article, "a") == 0 && g_strcmp0 (object->type, "index") == 0)
    article = "an";
  return on_table ? g_strdup_printf ("%s %s '%s' on '%s'", article, object->type, object->name, object->tbl_name)
                  : g_strdup_printf ("%s %s '%s'", article, object->type, object->name);
}

static gboolean
is_optional (const SchemaObject *object)
{
  for (size_t i = 0; i < G_N_ELEMENTS (optional_tables); i++)
    if (strcmp (object->name, optional_tables[i].name) == 0)
      return g_strcmp0 (object->type, "table") == 0 && g_strcmp0 (object->sql, optional_tables[i].sql) == 0;
  return FALSE;
}

static gboolean
untrusted (GError **error, const char *display_name, const char *what)
{
  g_set_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_UNTRUSTED,
               "'%s' %s: the file was altered; it is not opened", display_name, what);
  return FALSE;
}

static gboolean
compare_schemas (GPtrArray *found, GPtrArray *expected, const char *display_name, GError **error)
{
  g_autoptr (GHashTable) by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GHashTable) seen = g_hash_table_new (NULL, NULL);

  for (guint i = 0; i < expected->len; i++)
    {
      SchemaObject *object = g_ptr_array_index (expected, i);
      g_hash_table_insert (by_key, object_key (object), object);
    }

  for (guint i = 0; i < found->len; i++)
    {
      SchemaObject *object = g_ptr_array_index (found, i);
      g_autofree char *key = object_key (object);
      g_autofree char *it = describe (object, "a");
      SchemaObject *ours = g_hash_table_lookup (by_key, key);

      if (ours == NULL || g_hash_table_contains (seen, ours))
        {
          if (is_optional (object))
            continue;
          g_autofree char *what = g_strdup_printf ("contains %s that Shadelab does not create", it);
          return untrusted (error, display_name, what);
        }
      g_hash_table_add (seen, ours);
      if (strcmp (object->type, ours->type) != 0)
        {
          g_autofree char *what = g_strdup_printf ("contains %s in place of the %s Shadelab creates", it,
                                                   ours->type);
          return untrusted (error, display_name, what);
        }
      if (strcmp (object->tbl_name, ours->tbl_name) != 0 || g_strcmp0 (object->sql, ours->sql) != 0)
        {
          g_autofree char *what = g_strdup_printf ("contains %s that differs from the one Shadelab creates", it);
          return untrusted (error, display_name, what);
        }
    }

  for (guint i = 0; i < expected->len; i++)
    {
      SchemaObject *ours = g_ptr_array_index (expected, i);
      if (!g_hash_table_contains (seen, ours))
        {
          g_autofree char *it = describe (ours, "the");
          g_autofree char *what = g_strdup_printf ("lacks %s that Shadelab creates", it);
          return untrusted (error, display_name, what);
        }
    }
  return TRUE;
}

static GPtrArray *
reference_schema (int version, GError **error)
{
  sqlite3 *reference = sh_project_new_reference_db (version, error);
  GPtrArray *objects;
  int rc;

  if (reference == NULL)
    return NULL;
  objects = read_schema (reference, &rc);
  if (objects == NULL)
    g_set_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_FAILED, "reading the expected project schema: %s",
                 sqlite3_errstr (rc));
  sqlite3_close (reference);
  return objects;
}

/* The expected schema of a version, built once per process (a few milliseconds: opens stay quick) and never
 * changed afterwards. */
static GPtrArray *
expected_schema (int version, GError **error)
{
  static GMutex lock;
  static GPtrArray *cache[SH_PROJECT_SCHEMA_VERSION + 1];
  g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&lock);

  if (cache[version] == NULL)
    cache[version] = reference_schema (version, error);
  return cache[version] != NULL ? g_ptr_array_ref (cache[version]) : NULL;
}

/* Whether this Shadelab's own schema (its latest version) uses triggers or views, worked out once. */
static guint
own_schema_features (void)
{
  static gsize features = 0;

  if (g_once_init_enter (&features))
    {
      g_autoptr (GPtrArray) objects = expected_schema (SH_PROJECT_SCHEMA_VERSION, NULL);
      gsize value = OWN_SCHEMA_KNOWN;

      for (guint i = 0; objects != NULL && i < objects->len; i++)
        {
          SchemaObject *object = g_ptr_array_index (objects, i);
          if (strcmp (object->type, "trigger") == 0)
            value |= OWN_SCHEMA_HAS_TRIGGERS;
          else if (strcmp (object->type, "view") == 0)
            value |= OWN_SCHEMA_HAS_VIEWS;
        }
      g_once_init_leave (&features, value);
    }
  return features;
}

gboolean
sh_project_harden_connection (sqlite3 *db)
{
  guint own = own_schema_features ();

  /* Triggers and views of the file stay off unless Shadelab makes its own: the schema check refuses any
   * other, and this still holds if the file is changed behind the check. TEMP ones (tests) are unaffected. */
  return sqlite3_db_config (db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL) == SQLITE_OK
         && sqlite3_db_config (db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL) == SQLITE_OK
         && sqlite3_db_config (db, SQLITE_DBCONFIG_ENABLE_TRIGGER, (own & OWN_SCHEMA_HAS_TRIGGERS) != 0, NULL)
              == SQLITE_OK
         && sqlite3_db_config (db, SQLITE_DBCONFIG_ENABLE_VIEW, (own & OWN_SCHEMA_HAS_VIEWS) != 0, NULL) == SQLITE_OK
         && sqlite3_exec (db, "PRAGMA cell_size_check = ON", NULL, NULL, NULL) == SQLITE_OK;
}

gboolean
sh_project_check_schema (sqlite3 *db, const char *display_name, int version, GError **error)
{
  g_autoptr (GPtrArray) found = NULL;
  g_autoptr (GPtrArray) expected = NULL;
  int rc;

  g_return_val_if_fail (version >= 0 && version <= SH_PROJECT_SCHEMA_VERSION, FALSE);

  found = read_schema (db, &rc);
  if (found == NULL)
    {
      if ((rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB || (rc & 0xff) == SQLITE_ERROR)
        g_set_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_NOT_PROJECT,
                     "'%s' is damaged or not a Shadelab project: its list of tables cannot be read (%s)",
                     display_name, sqlite3_errcode (db) != SQLITE_OK ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
      else
        g_set_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_FAILED, "reading the tables of '%s': %s",
                     display_name, sqlite3_errmsg (db));
      return FALSE;
    }
  expected = expected_schema (version, error);
  if (expected == NULL)
    return FALSE;
  return compare_schemas (found, expected, display_name, error);
}

gboolean
sh_store_check_schema_like (sqlite3 *db, sqlite3 *reference, const char *display_name, GError **error)
{
  g_autoptr (GPtrArray) found = NULL;
  g_autoptr (GPtrArray) expected = NULL;
  int rc;

  expected = read_schema (reference, &rc);
  if (expected == NULL)
    {
      g_set_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_FAILED, "reading the expected schema: %s",
                   sqlite3_errstr (rc));
      return FALSE;
    }
  found = read_schema (db, &rc);
  if (found == NULL)
    {
      g_set_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_NOT_PROJECT,
                   "'%s' is damaged: its list of tables cannot be read (%s)", display_name,
                   sqlite3_errcode (db) != SQLITE_OK ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
      return FALSE;
    }
  return compare_schemas (found, expected, display_name, error);
}
