/* SPDX-License-Identifier: GPL-3.0-or-later */
/* project-schema-check.h: a project file from someone else is untrusted input. Internal to core/store/ (and its
 * test): it works on SQLite connections.
 *
 * SQLite runs what a database file declares (triggers, views, column defaults, CHECK and index expressions), so
 * a crafted project could delete or rewrite data the moment Shadelab writes to it. Every connection to a
 * project is therefore opened defensively (sh_project_harden_connection), and before anything is read or
 * written the file's schema must be exactly the one this Shadelab writes for the file's version
 * (sh_project_check_schema): the same migrations run on an in-memory database give the expected schema, so a
 * later schema version is covered without a list to maintain.
 */
#pragma once

#include <glib.h>
#include <sqlite3.h>

/* SQLITE_DBCONFIG_DEFENSIVE on, the schema untrusted (SQLITE_DBCONFIG_TRUSTED_SCHEMA off: only innocuous
 * functions in schema expressions), triggers and views of the file off, cell_size_check on. Returns FALSE
 * when SQLite refused a setting (never expected). */
gboolean sh_project_harden_connection (sqlite3 *db);

/* Compares db's sqlite_schema (type, name, table, SQL with comments and layout normalized) with the schema
 * Shadelab writes at version, both ways. A difference is SH_PROJECT_ERROR_UNTRUSTED, naming display_name and
 * the object; a schema that cannot be read is SH_PROJECT_ERROR_NOT_PROJECT. sqlite_stat1 / sqlite_stat4
 * (ANALYZE, PRAGMA optimize) may be there or not. When this Shadelab's own schema has triggers or views, they
 * are enabled again on db once it passed. */
gboolean sh_project_check_schema (sqlite3 *db, const char *display_name, int version, GError **error);

/* A new in-memory database taken through the project migrations up to version (implemented in project.c,
 * where the migrations are). Close it with sqlite3_close. */
sqlite3 *sh_project_new_reference_db (int version, GError **error);

/* SQL text as compared: comments dropped, white space collapsed (and dropped next to parentheses, commas and
 * semicolons), ASCII letters lower-cased outside quoted strings and identifiers. Exposed for tests. */
char *sh_project_normalize_schema_sql (const char *sql);

/* The same check for another kind of Shadelab file (a study pack): db's schema must be exactly reference's,
 * both ways; a difference is SH_PROJECT_ERROR_UNTRUSTED naming display_name and the object. */
gboolean sh_store_check_schema_like (sqlite3 *db, sqlite3 *reference, const char *display_name, GError **error);
