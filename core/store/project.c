/* SPDX-License-Identifier: GPL-3.0-or-later */
/* project.c: the project file, one SQLite database per project (see project.h and schema.sql). */
#define G_LOG_DOMAIN "shadelab-project"

#include "config.h"

#include "core/store/project.h"
#include "core/store/store-private.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "core/formats/material-json.h"
#include "core/store/project-guard.h"
#include "core/store/project-schema-check.h"
#include "core/formats/swatch-json.h"

/* Written into the header at creation ('SHDL'), so that another program's SQLite file is told apart from a
 * project without reading any table. */
#define SH_PROJECT_APPLICATION_ID 0x5348444c

/* A busy connection waits this long before giving up: the only other connections are readers, which in WAL
 * mode hold locks for a moment only. */
#define SH_PROJECT_BUSY_TIMEOUT_MS 2000

/* core/store/schema.sql and the later steps (core/store/schema-v2.sql, -v3.sql, -v4.sql, schema-study.sql,
 * schema-accept.sql,
 * schema-list-indexes.sql), compiled in by build-aux/embed-text.py. */
extern const char sh_project_schema_sql[];
extern const char sh_project_schema_v2_sql[];
extern const char sh_project_schema_v3_sql[];
extern const char sh_project_schema_v4_sql[];
extern const char sh_project_schema_accept_sql[];
extern const char sh_project_schema_list_indexes_sql[];
extern const char sh_project_schema_study_sql[];
extern const char sh_project_schema_stats_counts_sql[];

struct _ShProject {
  sqlite3 *db;
  char *path;          /* as opened, absolute */
  char *display_name;  /* base name, for messages */
  char *folder;        /* canonical folder of the project file */
  char *lock_path;
  int lock_fd;         /* -1 when read-only */
  gboolean read_only;
  gboolean in_batch;   /* between sh_project_begin and commit/rollback */
  GHashTable *statements;  /* SQL text (static string) -> prepared statement */
  const char *doing;       /* what the current change does, for a failing commit's message */
  ShProjectGuard *guard;   /* writable projects: notices a lost lock or journal after each commit */
  char *lost;              /* why nothing more can be saved (set once a commit's check failed) */
};

G_DEFINE_QUARK (sh-project-error-quark, sh_project_error)

/* ---- small helpers ---- */

char *
sh_project_now (void)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *seconds = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S");
  return g_strdup_printf ("%s.%03dZ", seconds, g_date_time_get_microsecond (now) / 1000);
}

static gboolean
parse_number (const char *text, double *value)
{
  char *end = NULL;
  if (text == NULL || *text == '\0' || g_ascii_isspace (*text))
    return FALSE;
  errno = 0;
  *value = g_ascii_strtod (text, &end);
  return errno == 0 && end != text && *end == '\0' && isfinite (*value);
}

/* '#rrggbb' (either case) -> lower case, as the schema stores it. */
static gboolean
normalize_hex_color (const char *text, char out[8])
{
  if (text == NULL || strlen (text) != 7 || text[0] != '#')
    return FALSE;
  out[0] = '#';
  for (int i = 1; i < 7; i++)
    {
      if (!g_ascii_isxdigit (text[i]))
        return FALSE;
      out[i] = g_ascii_tolower (text[i]);
    }
  out[7] = '\0';
  return TRUE;
}

static gboolean
is_blank (const char *text)
{
  return text == NULL || *text == '\0';
}

/* ---- errors ---- */

gboolean
sh_project_set_error (ShProject *project, GError **error, const char *doing)
{
  int code = sqlite3_extended_errcode (project->db);
  const char *message = sqlite3_errmsg (project->db);
  ShProjectError mapped;
  const char *explanation;

  switch (code & 0xff)
    {
    case SQLITE_FULL:
      mapped = SH_PROJECT_ERROR_FULL;
      explanation = "the disk is full (or the project reached its size limit); nothing was saved";
      break;
    case SQLITE_READONLY:
      mapped = SH_PROJECT_ERROR_READ_ONLY;
      explanation = "the project cannot be written";
      break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      mapped = SH_PROJECT_ERROR_IN_USE;
      explanation = "the project is busy in another process";
      break;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      mapped = SH_PROJECT_ERROR_NOT_PROJECT;
      explanation = NULL;  /* names the file: a damaged page shows up long after the open */
      break;
    case SQLITE_CONSTRAINT:
    case SQLITE_MISMATCH:
    case SQLITE_RANGE:
      mapped = SH_PROJECT_ERROR_INVALID;
      explanation = "the project refuses this value";
      break;
    default:
      mapped = SH_PROJECT_ERROR_FAILED;
      explanation = "the project store failed";
      break;
    }
  if (explanation == NULL)
    g_set_error (error, SH_PROJECT_ERROR, mapped, "%s: '%s' is damaged or not a Shadelab project (%s)", doing,
                 project->display_name, message);
  else
    g_set_error (error, SH_PROJECT_ERROR, mapped, "%s: %s (%s)", doing, explanation, message);
  return FALSE;
}

static gboolean
fail (GError **error, ShProjectError code, const char *format, ...) G_GNUC_PRINTF (3, 4);

static gboolean
fail (GError **error, ShProjectError code, const char *format, ...)
{
  va_list args;
  va_start (args, format);
  g_autofree char *message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, SH_PROJECT_ERROR, code, message);
  return FALSE;
}

/* ---- statements ---- */

/* Statements are cached by the address of their (static) SQL text and come back reset and unbound. */
sqlite3_stmt *
sh_store_statement (ShProject *project, const char *sql, GError **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (project->statements, sql);
  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }
  if (sqlite3_prepare_v3 (project->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    {
      sh_project_set_error (project, error, "preparing a query");
      return NULL;
    }
  g_hash_table_insert (project->statements, (gpointer) sql, stmt);
  return stmt;
}

/* Runs a statement that returns no rows, then resets it. */
gboolean
sh_store_run (ShProject *project, sqlite3_stmt *stmt, GError **error, const char *doing)
{
  int rc = sqlite3_step (stmt);
  while (rc == SQLITE_ROW)
    rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      sh_project_set_error (project, error, doing);
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);
  return TRUE;
}

/* Steps a one-row query: TRUE with *found set (the row stays current; reset by the caller's next use), FALSE on
 * error. */
gboolean
sh_store_step_row (ShProject *project, sqlite3_stmt *stmt, gboolean *found, GError **error, const char *doing)
{
  int rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *found = TRUE;
      return TRUE;
    }
  if (rc == SQLITE_DONE)
    {
      *found = FALSE;
      sqlite3_reset (stmt);
      return TRUE;
    }
  sh_project_set_error (project, error, doing);
  sqlite3_reset (stmt);
  return FALSE;
}

gboolean
sh_store_exec (ShProject *project, const char *sql, GError **error, const char *doing)
{
  if (sqlite3_exec (project->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return sh_project_set_error (project, error, doing);
  return TRUE;
}

void
sh_store_bind_text_or_null (sqlite3_stmt *stmt, int index, const char *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, index);
}

/* A statement for SQL built at run time or used once; the caller finalizes it. */
sqlite3_stmt *
sh_store_prepare (ShProject *project, const char *sql, GError **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (project->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      sh_project_set_error (project, error, "preparing a query");
      sqlite3_finalize (stmt);
      return NULL;
    }
  return stmt;
}

gboolean
sh_store_run_once (ShProject *project, sqlite3_stmt *stmt, GError **error, const char *doing)
{
  int rc = sqlite3_step (stmt);

  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return sh_project_set_error (project, error, doing);
  return TRUE;
}

char *
sh_store_dup_column (sqlite3_stmt *stmt, int column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

gboolean
sh_store_invalid (GError **error, const char *format, ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_INVALID, message);
  return FALSE;
}

gboolean
sh_store_step_unique (ShProject *project, sqlite3_stmt *stmt, const char *what, const char *name,
                      const char *doing, GError **error)
{
  gboolean taken;

  if (sqlite3_step (stmt) == SQLITE_DONE)
    {
      sqlite3_finalize (stmt);
      return TRUE;
    }
  taken = sqlite3_extended_errcode (project->db) == SQLITE_CONSTRAINT_UNIQUE;
  sqlite3_finalize (stmt);
  if (taken)
    return sh_store_invalid (error, "the project already has %s '%s'", what, name);
  return sh_project_set_error (project, error, doing);
}

/* ---- transactions ---- */

static gboolean
fail_lost (ShProject *project, GError **error)
{
  return fail (error, SH_PROJECT_ERROR_LOST,
               "'%s' cannot be written any more: %s. Close the project and open it again; changes made "
               "since then may be missing", project->display_name, project->lost);
}

/* Undoes what the open transaction (or savepoint) did. When even that fails, the transaction stays open and
 * nothing said about the file holds any more: the project refuses every later change, as after a lost lock. */
static void
roll_back (ShProject *project, const char *sql)
{
  if (sqlite3_get_autocommit (project->db))
    return;  /* SQLite rolled it back already */
  if (sqlite3_exec (project->db, sql, NULL, NULL, NULL) == SQLITE_OK || project->lost != NULL)
    return;
  project->lost = g_strdup_printf ("undoing a failed change failed (%s)", sqlite3_errmsg (project->db));
}

/* After a commit: a commit that went into a deleted write-ahead log, or that other processes can no longer
 * see, is not saved, whatever SQLite said. From then on the project refuses every change. */
static gboolean
check_guard (ShProject *project, GError **error)
{
  g_autofree char *reason = NULL;

  if (project->guard == NULL || sh_project_guard_check (project->guard, &reason))
    return TRUE;
  g_warning ("%s: %s", project->display_name, reason);
  project->lost = g_steal_pointer (&reason);
  return fail_lost (project, error);
}

gboolean
sh_project_begin (ShProject *project, GError **error)
{
  if (project->read_only)
    return fail (error, SH_PROJECT_ERROR_READ_ONLY, "'%s' is open read-only", project->display_name);
  if (project->in_batch)
    return fail (error, SH_PROJECT_ERROR_FAILED, "a batch of changes is already open on '%s'",
                 project->display_name);
  if (project->lost != NULL)
    return fail_lost (project, error);
  if (!sh_store_exec (project, "BEGIN IMMEDIATE", error, "starting a batch of changes"))
    return FALSE;
  project->in_batch = TRUE;
  return TRUE;
}

gboolean
sh_project_commit (ShProject *project, GError **error)
{
  if (!project->in_batch)
    return fail (error, SH_PROJECT_ERROR_FAILED, "no batch of changes is open on '%s'", project->display_name);
  project->in_batch = FALSE;
  if (sqlite3_get_autocommit (project->db))
    return fail (error, SH_PROJECT_ERROR_FAILED,
                 "the batch of changes to '%s' was cancelled by an earlier error; nothing of it was saved",
                 project->display_name);
  if (!check_guard (project, error))
    {
      roll_back (project, "ROLLBACK");
      return FALSE;
    }
  if (sqlite3_exec (project->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
    {
      sh_project_set_error (project, error, "saving a batch of changes");
      roll_back (project, "ROLLBACK");
      return FALSE;
    }
  return check_guard (project, error);
}

void
sh_project_rollback (ShProject *project)
{
  if (!project->in_batch)
    return;
  project->in_batch = FALSE;
  roll_back (project, "ROLLBACK");
}

gboolean
sh_store_read_begin (ShProject *project, gboolean *own, GError **error)
{
  *own = sqlite3_get_autocommit (project->db) != 0;
  return !*own || sh_store_exec (project, "BEGIN", error, "starting to read");
}

gboolean
sh_store_read_end (ShProject *project, gboolean own, GError **error)
{
  if (!own || sqlite3_get_autocommit (project->db))
    return TRUE;
  if (sqlite3_exec (project->db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK)
    return TRUE;
  sh_project_set_error (project, error, "finishing a read");
  roll_back (project, "ROLLBACK");
  return FALSE;
}

/* Every row function runs between change_begin and change_end: its own transaction, or a savepoint inside a
 * batch, so that a failing call leaves nothing behind either way. */
gboolean
sh_store_change_begin (ShProject *project, const char *doing, GError **error)
{
  project->doing = doing;
  if (project->read_only)
    return fail (error, SH_PROJECT_ERROR_READ_ONLY,
                 "'%s' is open read-only: open it for writing to change it", project->display_name);
  if (project->lost != NULL)
    return fail_lost (project, error);
  if (project->in_batch)
    {
      /* SQLite rolls a transaction back by itself after some errors (a full disk); a savepoint then would
       * silently start a new transaction outside the batch. */
      if (sqlite3_get_autocommit (project->db))
        return fail (error, SH_PROJECT_ERROR_FAILED,
                     "the batch of changes to '%s' was cancelled by an earlier error", project->display_name);
      return sh_store_exec (project, "SAVEPOINT sh_change", error, "starting a change");
    }
  return sh_store_exec (project, "BEGIN IMMEDIATE", error, "starting a change");
}

gboolean
sh_store_change_end (ShProject *project, gboolean ok, GError **error)
{
  sqlite3 *db = project->db;

  if (ok)
    {
      /* Checked before the commit as well as after: a loss noticed now rolls the change back, so that
       * nothing is in the file that the caller was told is not saved. */
      if (project->in_batch || check_guard (project, error))
        {
          if (sqlite3_exec (db, project->in_batch ? "RELEASE sh_change" : "COMMIT", NULL, NULL, NULL) == SQLITE_OK)
            return project->in_batch || check_guard (project, error);
          sh_project_set_error (project, error, project->doing);
        }
    }
  roll_back (project, project->in_batch ? "ROLLBACK TO sh_change; RELEASE sh_change" : "ROLLBACK");
  return FALSE;
}

/* ---- lock file ---- */

static gboolean
errno_means_read_only (int err)
{
  return err == EROFS || err == EACCES || err == EPERM;
}

static char *
read_lock_owner (int fd)
{
  char buffer[32] = { 0 };
  ssize_t n = pread (fd, buffer, sizeof buffer - 1, 0);
  if (n <= 0)
    return NULL;
  g_strstrip (buffer);
  for (const char *p = buffer; *p; p++)
    if (!g_ascii_isdigit (*p))
      return NULL;
  return buffer[0] ? g_strdup (buffer) : NULL;
}

/* Takes the exclusive lock on "<project>.lock" (the kernel drops it when the process dies) and writes our pid
 * into it for the message another Shadelab shows. */
static int
acquire_lock (const char *lock_path, const char *display_name, GError **error)
{
  for (int attempt = 0; attempt < 5; attempt++)
    {
      struct stat fd_stat, path_stat;
      int fd = open (lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
      if (fd < 0)
        {
          int err = errno;
          if (errno_means_read_only (err))
            fail (error, SH_PROJECT_ERROR_READ_ONLY,
                  "'%s' lies in a folder Shadelab cannot write to (%s): open it read-only, or copy it to a "
                  "folder you can write to", display_name, g_strerror (err));
          else
            fail (error, SH_PROJECT_ERROR_FAILED, "cannot create the lock file '%s': %s", lock_path,
                  g_strerror (err));
          return -1;
        }
      if (flock (fd, LOCK_EX | LOCK_NB) != 0)
        {
          int err = errno;
          if (err == EWOULDBLOCK)
            {
              g_autofree char *owner = read_lock_owner (fd);
              if (owner != NULL)
                fail (error, SH_PROJECT_ERROR_IN_USE,
                      "'%s' is open for writing in another Shadelab (process %s); close it there, or open it "
                      "read-only", display_name, owner);
              else
                fail (error, SH_PROJECT_ERROR_IN_USE,
                      "'%s' is open for writing in another Shadelab; close it there, or open it read-only",
                      display_name);
            }
          else
            fail (error, SH_PROJECT_ERROR_FAILED, "cannot lock '%s': %s", lock_path, g_strerror (err));
          close (fd);
          return -1;
        }
      /* The previous owner unlinks the lock file while holding it: when we locked a file that is no longer
       * the one at lock_path, try again with the new one. */
      if (fstat (fd, &fd_stat) != 0 || stat (lock_path, &path_stat) != 0 || fd_stat.st_ino != path_stat.st_ino
          || fd_stat.st_dev != path_stat.st_dev)
        {
          close (fd);
          continue;
        }
      char pid[32];
      int length = g_snprintf (pid, sizeof pid, "%ld\n", (long) getpid ());
      if (ftruncate (fd, 0) != 0 || pwrite (fd, pid, length, 0) != length)
        {
          int err = errno;
          /* A full disk still lets the lock work; only the pid in the message is lost. */
          if (err != ENOSPC && err != EDQUOT)
            g_debug ("cannot write the pid into %s: %s", lock_path, g_strerror (err));
        }
      return fd;
    }
  fail (error, SH_PROJECT_ERROR_IN_USE, "'%s' is being opened by another Shadelab; try again", display_name);
  return -1;
}

static void
release_lock (ShProject *project)
{
  if (project->lock_fd < 0)
    return;
  /* Unlink while still holding the lock; acquire_lock checks the inode for the race this leaves. */
  unlink (project->lock_path);
  close (project->lock_fd);
  project->lock_fd = -1;
}

/* ---- migrations ---- */

static gboolean
migrate_0_to_1 (ShProject *project, GError **error)
{
  static const char *const categories[] = { "lipstick", "foundation", "eyeliner", "eyeshadow", "nail polish" };
  static const char *const box_classes[] = { "product", "packaging", "distractor" };
  g_autofree char *now = sh_project_now ();
  sqlite3_stmt *stmt;

  if (!sh_store_exec (project, sh_project_schema_sql, error, "creating the project's tables"))
    return FALSE;

  stmt = sh_store_statement (project, "INSERT INTO categories (name) VALUES (?1)", error);
  if (stmt == NULL)
    return FALSE;
  for (size_t i = 0; i < G_N_ELEMENTS (categories); i++)
    {
      sqlite3_bind_text (stmt, 1, categories[i], -1, SQLITE_STATIC);
      if (!sh_store_run (project, stmt, error, "adding the categories"))
        return FALSE;
    }
  stmt = sh_store_statement (project, "INSERT INTO box_classes (name) VALUES (?1)", error);
  if (stmt == NULL)
    return FALSE;
  for (size_t i = 0; i < G_N_ELEMENTS (box_classes); i++)
    {
      sqlite3_bind_text (stmt, 1, box_classes[i], -1, SQLITE_STATIC);
      if (!sh_store_run (project, stmt, error, "adding the box classes"))
        return FALSE;
    }
  stmt = sh_store_statement (project, "INSERT INTO meta (key, value) VALUES (?1, ?2)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, "created_at", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, now, -1, SQLITE_TRANSIENT);
  if (!sh_store_run (project, stmt, error, "writing the project's details"))
    return FALSE;
  sqlite3_bind_text (stmt, 1, "shadelab_version", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, PACKAGE_VERSION, -1, SQLITE_STATIC);
  if (!sh_store_run (project, stmt, error, "writing the project's details"))
    return FALSE;

  g_autofree char *application_id = g_strdup_printf ("PRAGMA application_id = %d", SH_PROJECT_APPLICATION_ID);
  return sh_store_exec (project, application_id, error, "marking the file as a Shadelab project");
}

static gboolean
migrate_1_to_2 (ShProject *project, GError **error)
{
  return sh_store_exec (project, sh_project_schema_v2_sql, error, "adding reference tones and photos to the project");
}

static gboolean
migrate_2_to_3 (ShProject *project, GError **error)
{
  return sh_store_exec (project, sh_project_schema_v3_sql, error, "grouping the material audit log into changes");
}

static gboolean
migrate_3_to_4 (ShProject *project, GError **error)
{
  return sh_store_exec (project, sh_project_schema_v4_sql, error, "adding participants and face photos to the project");
}

/* Indexes only, no data changes: the image list and its counts at a million photos. */
static gboolean
migrate_4_to_5 (ShProject *project, GError **error)
{
  return sh_store_exec (project, sh_project_schema_list_indexes_sql, error,
                        "indexing the project's photos for large image lists");
}

/* Blind realism studies: their trials, candidate renders, the key kept apart, raters and scores. */
static gboolean
migrate_5_to_6 (ShProject *project, GError **error)
{
  return sh_store_exec (project, sh_project_schema_study_sql, error, "adding realism studies to the project");
}

/* Predictions accepted by score: who accepted which boxes, when, at what threshold. */
static gboolean
migrate_6_to_7 (ShProject *project, GError **error)
{
  return sh_store_exec (project, sh_project_schema_accept_sql, error, "adding the audit trail of accepted predictions");
}

/* Counts the store keeps with every write, made once from the rows: stats at a million photos without counting
 * them. */
static gboolean
migrate_7_to_8 (ShProject *project, GError **error)
{
  return sh_store_exec (project, sh_project_schema_stats_counts_sql, error,
                        "keeping the project's counts for its statistics")
         && sh_store_recount (project, error);
}

typedef gboolean (*ShMigration) (ShProject *project, GError **error);

/* migrations[v] takes a file from version v to v + 1. */
static const ShMigration migrations[] = {
  migrate_0_to_1,
  migrate_1_to_2,
  migrate_2_to_3,
  migrate_3_to_4,
  migrate_4_to_5,
  migrate_5_to_6,
  migrate_6_to_7,
  migrate_7_to_8,
};
G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == SH_PROJECT_SCHEMA_VERSION);

static gboolean
migrate (ShProject *project, int from_version, GError **error)
{
  for (int version = from_version; version < SH_PROJECT_SCHEMA_VERSION; version++)
    {
      g_autofree char *set_version = g_strdup_printf ("PRAGMA user_version = %d", version + 1);
      if (!sh_store_exec (project, "BEGIN IMMEDIATE", error, "upgrading the project"))
        return FALSE;
      if (!migrations[version] (project, error)
          || !sh_store_exec (project, set_version, error, "upgrading the project")
          || !sh_store_exec (project, "COMMIT", error, "upgrading the project"))
        {
          roll_back (project, "ROLLBACK");
          return FALSE;
        }
    }
  return TRUE;
}

/* ---- open / close ---- */

static int
pragma_int (ShProject *project, const char *sql, int *value)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (project->db, sql, -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          *value = sqlite3_column_int (stmt, 0);
          rc = SQLITE_OK;
        }
    }
  sqlite3_finalize (stmt);
  return rc;
}

static void
project_free (ShProject *project)
{
  if (project->statements != NULL)
    g_hash_table_destroy (project->statements);
  if (project->db != NULL)
    sqlite3_close (project->db);
  /* Only after the connection: with POSIX locks, closing the guard's descriptors earlier would drop them. */
  sh_project_guard_free (project->guard);
  g_free (project->lost);
  release_lock (project);
  g_free (project->path);
  g_free (project->display_name);
  g_free (project->folder);
  g_free (project->lock_path);
  g_free (project);
}

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static ShProject *
project_new (const char *path, gboolean read_only)
{
  ShProject *project = g_new0 (ShProject, 1);
  g_autofree char *cwd = g_get_current_dir ();
  g_autofree char *dir = NULL;

  project->path = g_canonicalize_filename (path, cwd);
  project->display_name = g_path_get_basename (project->path);
  dir = g_path_get_dirname (project->path);
  project->folder = realpath (dir, NULL);
  if (project->folder == NULL)
    project->folder = g_strdup (dir);
  else
    {
      /* realpath's memory comes from malloc; keep everything in GLib's. */
      char *folder = g_strdup (project->folder);
      free (project->folder);
      project->folder = folder;
    }
  project->lock_path = g_strconcat (project->path, ".lock", NULL);
  project->lock_fd = -1;
  project->read_only = read_only;
  project->statements = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                               finalize_statement);
  return project;
}

/* The expected schema for project-schema-check.c: the same migrations, on an empty in-memory database. */
sqlite3 *
sh_project_new_reference_db (int version, GError **error)
{
  ShProject *project;
  sqlite3 *db = NULL;
  gboolean ok;

  g_return_val_if_fail (version >= 0 && version <= SH_PROJECT_SCHEMA_VERSION, NULL);
  project = project_new ("expected" SH_PROJECT_EXTENSION, FALSE);
  if (sqlite3_open_v2 (":memory:", &project->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
    ok = fail (error, SH_PROJECT_ERROR_FAILED, "building the expected project schema: out of memory");
  else
    ok = sh_store_exec (project, "BEGIN", error, "building the expected project schema");
  for (int v = 0; ok && v < version; v++)
    ok = migrations[v] (project, error);
  ok = ok && sh_store_exec (project, "COMMIT", error, "building the expected project schema");
  g_hash_table_remove_all (project->statements);
  if (ok)
    db = g_steal_pointer (&project->db);
  project_free (project);
  return db;
}

static gboolean
open_connection (ShProject *project, int flags, gboolean immutable, GError **error)
{
  g_autofree char *escaped = NULL;
  g_autofree char *uri = NULL;
  int rc;

  if (project->db != NULL)
    {
      sqlite3_close (project->db);
      project->db = NULL;
    }
  sh_project_guard_install_locks ();
  escaped = g_uri_escape_string (project->path, "/", TRUE);
  /* immutable: a read-only folder holds no -wal/-shm and cannot get them, and nobody can write there. */
  uri = g_strdup_printf ("file:%s%s", escaped, immutable ? "?immutable=1" : "");
  rc = sqlite3_open_v2 (uri, &project->db, flags | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      if (project->db == NULL)
        return fail (error, SH_PROJECT_ERROR_FAILED, "opening '%s': out of memory", project->display_name);
      return sh_project_set_error (project, error, "opening the project");
    }
  sqlite3_extended_result_codes (project->db, 1);
  sqlite3_busy_timeout (project->db, SH_PROJECT_BUSY_TIMEOUT_MS);
  /* Project files travel: what they declare is untrusted (project-schema-check.h). */
  if (!sh_project_harden_connection (project->db))
    return fail (error, SH_PROJECT_ERROR_FAILED, "opening '%s': SQLite refused its defensive settings",
                 project->display_name);
  return TRUE;
}

/* Reads the header fields that tell a Shadelab project, and its version. */
static gboolean
check_identity (ShProject *project, int *version, GError **error)
{
  int application_id = 0;
  int rc = pragma_int (project, "PRAGMA application_id", &application_id);

  if (rc != SQLITE_OK)
    {
      if ((rc & 0xff) == SQLITE_NOTADB || (rc & 0xff) == SQLITE_CORRUPT)
        return fail (error, SH_PROJECT_ERROR_NOT_PROJECT, "'%s' is not a Shadelab project (not a database)",
                     project->display_name);
      return sh_project_set_error (project, error, "reading the project");
    }
  if (application_id != SH_PROJECT_APPLICATION_ID)
    return fail (error, SH_PROJECT_ERROR_NOT_PROJECT,
                 "'%s' is not a Shadelab project (a database of another program)", project->display_name);
  rc = pragma_int (project, "PRAGMA user_version", version);
  if (rc != SQLITE_OK)
    return sh_project_set_error (project, error, "reading the project's version");
  if (*version > SH_PROJECT_SCHEMA_VERSION)
    return fail (error, SH_PROJECT_ERROR_VERSION,
                 "'%s' was made by a newer Shadelab (project version %d; this Shadelab reads up to %d): "
                 "update Shadelab to open it", project->display_name, *version, SH_PROJECT_SCHEMA_VERSION);
  /* Before anything is read or written (migrations included): only the schema this Shadelab writes. */
  return sh_project_check_schema (project->db, project->display_name, *version, error);
}

static gboolean
set_write_pragmas (ShProject *project, GError **error)
{
  sqlite3_stmt *stmt = NULL;
  gboolean wal = FALSE;

  if (sqlite3_prepare_v2 (project->db, "PRAGMA journal_mode = WAL", -1, &stmt, NULL) == SQLITE_OK
      && sqlite3_step (stmt) == SQLITE_ROW)
    wal = g_ascii_strcasecmp ((const char *) sqlite3_column_text (stmt, 0), "wal") == 0;
  if (!wal)
    {
      sh_project_set_error (project, error, "switching the project to write-ahead logging");
      sqlite3_finalize (stmt);
      return FALSE;
    }
  sqlite3_finalize (stmt);
  return sh_store_exec (project, "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON", error,
                        "setting up the project");
}

static gboolean
check_writable (ShProject *project, GError **error)
{
  if (access (project->path, W_OK) != 0 && errno_means_read_only (errno))
    return fail (error, SH_PROJECT_ERROR_READ_ONLY,
                 "'%s' is read-only (%s): open it read-only, or copy it to a folder you can write to",
                 project->display_name, g_strerror (errno));
  /* SQLite writes its -wal and -shm files beside the project. */
  if (access (project->folder, W_OK) != 0 && errno_means_read_only (errno))
    return fail (error, SH_PROJECT_ERROR_READ_ONLY,
                 "'%s' lies in a folder Shadelab cannot write to (%s): open it read-only, or copy it to a "
                 "folder you can write to", project->display_name, g_strerror (errno));
  return TRUE;
}

ShProject *
sh_project_open (const char *path, ShProjectOpenMode mode, GError **error)
{
  gboolean read_only = mode == SH_PROJECT_OPEN_READ_ONLY;
  ShProject *project;
  struct stat st;
  int version = 0;

  g_return_val_if_fail (path != NULL, NULL);

  project = project_new (path, read_only);
  if (stat (project->path, &st) != 0)
    {
      int err = errno;
      fail (error, err == ENOENT ? SH_PROJECT_ERROR_NOT_FOUND : SH_PROJECT_ERROR_FAILED, "cannot open '%s': %s",
            path, g_strerror (err));
      goto failed;
    }
  if (!S_ISREG (st.st_mode))
    {
      fail (error, SH_PROJECT_ERROR_NOT_PROJECT, "'%s' is not a Shadelab project (not a file)", path);
      goto failed;
    }

  if (read_only)
    {
      gboolean folder_writable = access (project->folder, W_OK) == 0;
      if (!open_connection (project, SQLITE_OPEN_READONLY, !folder_writable, error))
        goto failed;
      /* Reads must never change the file, not even by accident. */
      sqlite3_exec (project->db, "PRAGMA query_only = ON", NULL, NULL, NULL);
      if (!check_identity (project, &version, error))
        goto failed;
      if (version < SH_PROJECT_SCHEMA_VERSION)
        {
          fail (error, SH_PROJECT_ERROR_READ_ONLY,
                "'%s' was made by an older Shadelab and needs an upgrade: open it for writing once",
                project->display_name);
          goto failed;
        }
      return project;
    }

  if (!check_writable (project, error))
    goto failed;
  project->lock_fd = acquire_lock (project->lock_path, project->display_name, error);
  if (project->lock_fd < 0)
    goto failed;
  if (!open_connection (project, SQLITE_OPEN_READWRITE, FALSE, error) || !check_identity (project, &version, error)
      || !set_write_pragmas (project, error) || !migrate (project, version, error))
    goto failed;
  project->guard = sh_project_guard_new (project->path);
  return project;

failed:
  project_free (project);
  return NULL;
}

static void
remove_database_files (const char *path)
{
  static const char *const suffixes[] = { "", "-wal", "-shm", "-journal" };
  for (size_t i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);
      unlink (file);
    }
}

ShProject *
sh_project_create (const char *path, GError **error)
{
  ShProject *project;
  struct stat st;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);

  project = project_new (path, FALSE);
  if (lstat (project->path, &st) == 0)
    {
      fail (error, SH_PROJECT_ERROR_EXISTS, "'%s' already exists; Shadelab does not overwrite files", path);
      goto failed;
    }
  if (access (project->folder, F_OK) != 0)
    {
      fail (error, SH_PROJECT_ERROR_NOT_FOUND, "cannot create '%s': the folder '%s' does not exist", path,
            project->folder);
      goto failed;
    }
  if (access (project->folder, W_OK) != 0 && errno_means_read_only (errno))
    {
      fail (error, SH_PROJECT_ERROR_READ_ONLY, "cannot create '%s': the folder is read-only (%s)", path,
            g_strerror (errno));
      goto failed;
    }
  /* Lock first, so that nobody opens the half-made file. */
  project->lock_fd = acquire_lock (project->lock_path, project->display_name, error);
  if (project->lock_fd < 0)
    goto failed;

  fd = open (project->path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0)
    {
      int err = errno;
      fail (error,
            err == EEXIST ? SH_PROJECT_ERROR_EXISTS
            : errno_means_read_only (err) ? SH_PROJECT_ERROR_READ_ONLY
            : err == ENOSPC ? SH_PROJECT_ERROR_FULL
            : SH_PROJECT_ERROR_FAILED,
            "cannot create '%s': %s", path, g_strerror (err));
      goto failed;
    }
  close (fd);
  /* A -wal left behind by a deleted project of the same name would be replayed into the new file. */
  {
    g_autofree char *wal = g_strconcat (project->path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (project->path, "-shm", NULL);
    unlink (wal);
    unlink (shm);
  }
  if (!open_connection (project, SQLITE_OPEN_READWRITE, FALSE, error) || !set_write_pragmas (project, error)
      || !migrate (project, 0, error))
    {
      if (project->db != NULL)
        {
          g_hash_table_remove_all (project->statements);
          sqlite3_close (project->db);
          project->db = NULL;
        }
      remove_database_files (project->path);
      goto failed;
    }
  project->guard = sh_project_guard_new (project->path);
  return project;

failed:
  project_free (project);
  return NULL;
}

void
sh_project_close (ShProject *project)
{
  if (project == NULL)
    return;
  if (project->in_batch)
    sh_project_rollback (project);
  g_hash_table_remove_all (project->statements);
  if (!project->read_only && project->db != NULL)
    sqlite3_exec (project->db, "PRAGMA optimize", NULL, NULL, NULL);
  project_free (project);
}

const char *
sh_project_get_path (ShProject *project)
{
  return project->path;
}

const char *
sh_project_get_folder (ShProject *project)
{
  return project->folder;
}

gboolean
sh_project_is_read_only (ShProject *project)
{
  return project->read_only;
}

sqlite3 *
sh_store_db (ShProject *project)
{
  return project->db;
}

/* ---- paths ---- */

char *
sh_project_store_path (ShProject *project, const char *path)
{
  g_autofree char *cwd = g_get_current_dir ();
  g_autofree char *absolute = g_canonicalize_filename (path, cwd);
  char *real = realpath (absolute, NULL);
  g_autofree char *canonical = NULL;
  size_t folder_length = strlen (project->folder);

  if (real != NULL)
    {
      canonical = g_strdup (real);
      free (real);
    }
  else
    canonical = g_steal_pointer (&absolute);

  if (strncmp (canonical, project->folder, folder_length) == 0
      && (canonical[folder_length] == '/' || strcmp (project->folder, "/") == 0)
      && canonical[folder_length + (strcmp (project->folder, "/") == 0 ? 0 : 1)] != '\0')
    return g_strdup (canonical + folder_length + (strcmp (project->folder, "/") == 0 ? 0 : 1));
  return g_steal_pointer (&canonical);
}

char *
sh_project_resolve_path (ShProject *project, const char *stored)
{
  if (g_path_is_absolute (stored))
    return g_strdup (stored);
  return g_build_filename (project->folder, stored, NULL);
}

/* ---- images ---- */

static const char *const image_status_names[] = { "new", "labeled", "skipped", "rejected" };

const char *
sh_image_status_name (ShImageStatus status)
{
  if ((unsigned) status < G_N_ELEMENTS (image_status_names))
    return image_status_names[status];
  return NULL;
}

gboolean
sh_image_status_from_name (const char *name, ShImageStatus *status)
{
  for (size_t i = 0; name != NULL && i < G_N_ELEMENTS (image_status_names); i++)
    if (strcmp (name, image_status_names[i]) == 0)
      {
        *status = (ShImageStatus) i;
        return TRUE;
      }
  return FALSE;
}

/* Whether a row with this id exists in table (one of the fixed queries below). */
static gboolean
row_exists (ShProject *project, const char *sql, gint64 id, gboolean *exists, GError **error)
{
  sqlite3_stmt *stmt = sh_store_statement (project, sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!sh_store_step_row (project, stmt, exists, error, "looking up a row"))
    return FALSE;
  sqlite3_reset (stmt);
  return TRUE;
}

#define IMAGE_EXISTS_SQL "SELECT 1 FROM images WHERE id = ?1"
#define PRODUCT_EXISTS_SQL "SELECT 1 FROM products WHERE id = ?1"
#define BOX_EXISTS_SQL "SELECT 1 FROM boxes WHERE id = ?1"

static gboolean
require_row (ShProject *project, const char *sql, gint64 id, const char *what, GError **error)
{
  gboolean exists = FALSE;
  if (!row_exists (project, sql, id, &exists, error))
    return FALSE;
  if (!exists)
    return fail (error, SH_PROJECT_ERROR_INVALID, "there is no %s with id %" G_GINT64_FORMAT " in the project",
                 what, id);
  return TRUE;
}

static gboolean
add_image_in_transaction (ShProject *project, const ShImageRow *row, gint64 *id, gboolean *added, GError **error)
{
  g_autofree char *stored = NULL;
  g_autofree char *file_name = NULL;
  g_autofree char *now = NULL;
  sqlite3_stmt *stmt;
  gboolean found = FALSE;

  stmt = sh_store_statement (project, "SELECT id FROM images WHERE content_hash = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, row->content_hash, -1, SQLITE_TRANSIENT);
  if (!sh_store_step_row (project, stmt, &found, error, "looking for the image"))
    return FALSE;
  if (found)
    {
      *id = sqlite3_column_int64 (stmt, 0);
      *added = FALSE;
      sqlite3_reset (stmt);
      return TRUE;
    }

  stored = sh_project_store_path (project, row->path);
  file_name = g_path_get_basename (stored);
  now = sh_project_now ();
  stmt = sh_store_statement (project,
                             "INSERT INTO images (path, file_name, content_hash, file_size, format, width, height, "
                             "orientation, profile_name, photo_check, photo_check_passed, photo_check_version, "
                             "imported_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13)",
                             error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, stored, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, file_name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, row->content_hash, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, row->file_size);
  sqlite3_bind_text (stmt, 5, row->format, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 6, row->width);
  sqlite3_bind_int (stmt, 7, row->height);
  sqlite3_bind_int (stmt, 8, row->orientation == 0 ? 1 : row->orientation);
  sqlite3_bind_text (stmt, 9, row->profile_name != NULL ? row->profile_name : "", -1, SQLITE_TRANSIENT);
  sh_store_bind_text_or_null (stmt, 10, row->photo_check_json);
  if (row->photo_check_passed >= 0)
    sqlite3_bind_int (stmt, 11, row->photo_check_passed ? 1 : 0);
  if (row->photo_check_json != NULL || row->photo_check_passed >= 0)
    sqlite3_bind_int (stmt, 12, row->photo_check_version);
  sqlite3_bind_text (stmt, 13, now, -1, SQLITE_TRANSIENT);
  if (!sh_store_run (project, stmt, error, "adding an image"))
    return FALSE;
  *id = sqlite3_last_insert_rowid (project->db);
  *added = TRUE;
  if (!sh_store_count_image (project, *id, 1, error))
    return FALSE;
  return TRUE;
}

gboolean
sh_project_add_image (ShProject *project, const ShImageRow *row, gint64 *id, gboolean *added, GError **error)
{
  gint64 image_id = 0;
  gboolean image_added = FALSE;

  if (is_blank (row->path) || is_blank (row->content_hash) || is_blank (row->format))
    return fail (error, SH_PROJECT_ERROR_INVALID, "adding an image: its path, content hash and format are required");
  if (row->width <= 0 || row->height <= 0)
    return fail (error, SH_PROJECT_ERROR_INVALID, "adding '%s': its size %dx%d is not a picture's", row->path,
                 row->width, row->height);
  if (row->orientation < 0 || row->orientation > 8)
    return fail (error, SH_PROJECT_ERROR_INVALID, "adding '%s': EXIF orientation %d does not exist", row->path,
                 row->orientation);
  if (row->photo_check_json != NULL)
    {
      cJSON *check = cJSON_Parse (row->photo_check_json);
      gboolean valid = cJSON_IsObject (check);
      cJSON_Delete (check);
      if (!valid)
        return fail (error, SH_PROJECT_ERROR_INVALID, "adding '%s': its photo check is not a JSON object",
                     row->path);
    }
  if (!sh_store_change_begin (project, "adding an image", error))
    return FALSE;
  if (!sh_store_change_end (project, add_image_in_transaction (project, row, &image_id, &image_added, error), error))
    return FALSE;
  if (id != NULL)
    *id = image_id;
  if (added != NULL)
    *added = image_added;
  return TRUE;
}

gboolean
sh_project_set_image_status (ShProject *project, gint64 image_id, ShImageStatus status, const char *reason,
                             GError **error)
{
  const char *name = sh_image_status_name (status);
  g_autofree char *now = NULL;
  sqlite3_stmt *stmt;
  gboolean ok;

  if (name == NULL)
    return fail (error, SH_PROJECT_ERROR_INVALID, "%d is not an image status", (int) status);
  if (!sh_store_change_begin (project, "setting an image's status", error))
    return FALSE;
  now = sh_project_now ();
  ok = require_row (project, IMAGE_EXISTS_SQL, image_id, "image", error)
       && (stmt = sh_store_statement (project,
                                      "UPDATE images SET status = ?1, status_reason = ?2, updated_at = ?3 WHERE id = ?4",
                                      error)) != NULL;
  if (ok)
    {
      sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
      sh_store_bind_text_or_null (stmt, 2, reason);
      sqlite3_bind_text (stmt, 3, now, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 4, image_id);
      ok = sh_store_count_image (project, image_id, -1, error)
           && sh_store_run (project, stmt, error, "setting an image's status")
           && sh_store_count_image (project, image_id, 1, error);
    }
  return sh_store_change_end (project, ok, error);
}

gboolean
sh_project_set_image_product (ShProject *project, gint64 image_id, gint64 product_id, GError **error)
{
  g_autofree char *now = NULL;
  sqlite3_stmt *stmt;
  gboolean ok;

  if (!sh_store_change_begin (project, "linking an image to a product", error))
    return FALSE;
  now = sh_project_now ();
  ok = require_row (project, IMAGE_EXISTS_SQL, image_id, "image", error)
       && (product_id <= 0 || require_row (project, PRODUCT_EXISTS_SQL, product_id, "product", error))
       && (stmt = sh_store_statement (project, "UPDATE images SET product_id = ?1, updated_at = ?2 WHERE id = ?3",
                                      error)) != NULL;
  if (ok)
    {
      if (product_id > 0)
        sqlite3_bind_int64 (stmt, 1, product_id);
      sqlite3_bind_text (stmt, 2, now, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 3, image_id);
      ok = sh_store_run (project, stmt, error, "linking an image to a product");
    }
  return sh_store_change_end (project, ok, error);
}

/* The ids a one-column query returns for one bound text, in its order. */
static GArray *
read_ids_for_text (ShProject *project, const char *sql, const char *text, GError **error, const char *doing)
{
  sqlite3_stmt *stmt = sh_store_statement (project, sql, error);
  GArray *ids;
  int rc;

  if (stmt == NULL)
    return NULL;
  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_bind_text (stmt, 1, text, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      sh_project_set_error (project, error, doing);
      g_array_unref (ids);
      return NULL;
    }
  return ids;
}

GArray *
sh_project_find_images_by_name (ShProject *project, const char *file_name, GError **error)
{
  return read_ids_for_text (project, "SELECT id FROM images WHERE file_name = ?1 ORDER BY id", file_name, error,
                            "looking for images by name");
}

GArray *
sh_project_find_images_by_path (ShProject *project, const char *stored_path, GError **error)
{
  return read_ids_for_text (project, "SELECT id FROM images WHERE path = ?1 ORDER BY id", stored_path, error,
                            "finding an image by path");
}

gboolean
sh_project_find_image_by_hash (ShProject *project, const char *content_hash, char **stored_path, GError **error)
{
  sqlite3_stmt *stmt = sh_store_statement (project, "SELECT path FROM images WHERE content_hash = ?1", error);
  gboolean found = FALSE;

  *stored_path = NULL;
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, content_hash, -1, SQLITE_TRANSIENT);
  if (!sh_store_step_row (project, stmt, &found, error, "looking up images"))
    return FALSE;
  if (found)
    *stored_path = sh_store_dup_column (stmt, 0);
  sqlite3_reset (stmt);
  return TRUE;
}

/* ---- products ---- */

/* The id of the named row in categories or box_classes, added when new. */
static gboolean
name_id (ShProject *project, const char *select_sql, const char *insert_sql, const char *name, gint64 *id,
         GError **error)
{
  sqlite3_stmt *stmt = sh_store_statement (project, select_sql, error);
  gboolean found = FALSE;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  if (!sh_store_step_row (project, stmt, &found, error, "looking up a name"))
    return FALSE;
  if (found)
    {
      *id = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
      return TRUE;
    }
  stmt = sh_store_statement (project, insert_sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  if (!sh_store_run (project, stmt, error, "adding a name to a list"))
    return FALSE;
  *id = sqlite3_last_insert_rowid (project->db);
  return TRUE;
}

static gboolean
upsert_product_in_transaction (ShProject *project, const ShProductRow *row, const char *color, gint64 *id,
                               GError **error)
{
  g_autofree char *now = sh_project_now ();
  gint64 category_id = 0;
  sqlite3_stmt *stmt;
  gboolean found = FALSE;

  if (row->category != NULL
      && !name_id (project, "SELECT id FROM categories WHERE name = ?1", "INSERT INTO categories (name) VALUES (?1)",
                   row->category, &category_id, error))
    return FALSE;

  stmt = sh_store_statement (project,
                             "INSERT INTO products (sku, brand, shade, category_id, marketplace, catalog_color, "
                             "created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7) ON CONFLICT (sku) DO "
                             "UPDATE SET brand = coalesce (excluded.brand, brand), shade = coalesce (excluded.shade, "
                             "shade), category_id = coalesce (excluded.category_id, category_id), marketplace = "
                             "coalesce (excluded.marketplace, marketplace), catalog_color = coalesce "
                             "(excluded.catalog_color, catalog_color), updated_at = excluded.updated_at RETURNING id",
                             error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, row->sku, -1, SQLITE_TRANSIENT);
  sh_store_bind_text_or_null (stmt, 2, row->brand);
  sh_store_bind_text_or_null (stmt, 3, row->shade);
  if (row->category != NULL)
    sqlite3_bind_int64 (stmt, 4, category_id);
  sh_store_bind_text_or_null (stmt, 5, row->marketplace);
  sh_store_bind_text_or_null (stmt, 6, color);
  sqlite3_bind_text (stmt, 7, now, -1, SQLITE_TRANSIENT);
  if (!sh_store_step_row (project, stmt, &found, error, "saving a product"))
    return FALSE;
  if (found)
    *id = sqlite3_column_int64 (stmt, 0);
  /* RETURNING statements write when they run to completion. */
  return sh_store_run (project, stmt, error, "saving a product") && found;
}

gboolean
sh_project_upsert_product (ShProject *project, const ShProductRow *row, gint64 *id, GError **error)
{
  char color[8];
  gint64 product_id = 0;

  if (is_blank (row->sku))
    return fail (error, SH_PROJECT_ERROR_INVALID, "a product needs a SKU");
  if (row->catalog_color != NULL && !normalize_hex_color (row->catalog_color, color))
    return fail (error, SH_PROJECT_ERROR_INVALID, "product '%s': catalogue colour '%s' is not #rrggbb", row->sku,
                 row->catalog_color);
  if (row->category != NULL && is_blank (row->category))
    return fail (error, SH_PROJECT_ERROR_INVALID, "product '%s': the category is empty", row->sku);
  if (!sh_store_change_begin (project, "saving a product", error))
    return FALSE;
  if (!sh_store_change_end (project,
                   upsert_product_in_transaction (project, row, row->catalog_color != NULL ? color : NULL,
                                                  &product_id, error),
                   error))
    return FALSE;
  if (id != NULL)
    *id = product_id;
  return TRUE;
}

/* ---- boxes ---- */

static gboolean
save_box_in_transaction (ShProject *project, const ShBoxRow *row, gint64 *id, GError **error)
{
  g_autofree char *now = sh_project_now ();
  sqlite3_stmt *stmt;
  gboolean found = FALSE;
  gint64 class_id = 0;
  double width, height, x0, y0, x1, y1;

  stmt = sh_store_statement (project, "SELECT width, height FROM images WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, row->image_id);
  if (!sh_store_step_row (project, stmt, &found, error, "looking up the box's image"))
    return FALSE;
  if (!found)
    return fail (error, SH_PROJECT_ERROR_INVALID, "there is no image with id %" G_GINT64_FORMAT " in the project",
                 row->image_id);
  width = sqlite3_column_double (stmt, 0);
  height = sqlite3_column_double (stmt, 1);
  sqlite3_reset (stmt);

  x0 = MAX (row->x, 0.0);
  y0 = MAX (row->y, 0.0);
  x1 = MIN (row->x + row->w, width);
  y1 = MIN (row->y + row->h, height);
  if (x1 <= x0 || y1 <= y0)
    return fail (error, SH_PROJECT_ERROR_INVALID, "box %g,%g,%g,%g lies wholly outside the %gx%g image", row->x,
                 row->y, row->w, row->h, width, height);

  if (!name_id (project, "SELECT id FROM box_classes WHERE name = ?1", "INSERT INTO box_classes (name) VALUES (?1)",
                row->class_name, &class_id, error))
    return FALSE;

  if (row->id == 0)
    stmt = sh_store_statement (project,
                               "INSERT INTO boxes (image_id, class_id, x, y, w, h, source, score, accepted, labeler, "
                               "occluded, truncated, difficult, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, "
                               "?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?14)",
                               error);
  else
    {
      if (!require_row (project, BOX_EXISTS_SQL, row->id, "box", error))
        return FALSE;
      stmt = sh_store_statement (project,
                                 "UPDATE boxes SET image_id = ?1, class_id = ?2, x = ?3, y = ?4, w = ?5, h = ?6, "
                                 "source = ?7, score = ?8, accepted = ?9, labeler = ?10, occluded = ?11, truncated = "
                                 "?12, difficult = ?13, updated_at = ?14 WHERE id = ?15",
                                 error);
    }
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, row->image_id);
  sqlite3_bind_int64 (stmt, 2, class_id);
  sqlite3_bind_double (stmt, 3, x0);
  sqlite3_bind_double (stmt, 4, y0);
  sqlite3_bind_double (stmt, 5, x1 - x0);
  sqlite3_bind_double (stmt, 6, y1 - y0);
  sqlite3_bind_text (stmt, 7, row->source == SH_BOX_SOURCE_MODEL ? "model" : "human", -1, SQLITE_STATIC);
  if (row->score >= 0)
    sqlite3_bind_double (stmt, 8, row->score);
  sqlite3_bind_int (stmt, 9, row->accepted ? 1 : 0);
  sh_store_bind_text_or_null (stmt, 10, row->labeler);
  sqlite3_bind_int (stmt, 11, row->occluded ? 1 : 0);
  sqlite3_bind_int (stmt, 12, row->truncated ? 1 : 0);
  sqlite3_bind_int (stmt, 13, row->difficult ? 1 : 0);
  sqlite3_bind_text (stmt, 14, now, -1, SQLITE_TRANSIENT);
  if (row->id != 0)
    sqlite3_bind_int64 (stmt, 15, row->id);
  if ((row->id != 0 && !sh_store_count_box (project, row->id, -1, error))
      || !sh_store_run (project, stmt, error, row->id == 0 ? "adding a box" : "changing a box"))
    {
      sqlite3_reset (stmt);
      return FALSE;
    }
  *id = row->id != 0 ? row->id : sqlite3_last_insert_rowid (project->db);
  return sh_store_count_box (project, *id, 1, error);
}

gboolean
sh_project_save_box (ShProject *project, const ShBoxRow *row, gint64 *id, GError **error)
{
  gint64 box_id = 0;

  if (!isfinite (row->x) || !isfinite (row->y) || !isfinite (row->w) || !isfinite (row->h) || row->w <= 0
      || row->h <= 0)
    return fail (error, SH_PROJECT_ERROR_INVALID, "box %g,%g,%g,%g: width and height must be above zero", row->x,
                 row->y, row->w, row->h);
  if (is_blank (row->class_name))
    return fail (error, SH_PROJECT_ERROR_INVALID, "a box needs a class");
  if (row->source != SH_BOX_SOURCE_HUMAN && row->source != SH_BOX_SOURCE_MODEL)
    return fail (error, SH_PROJECT_ERROR_INVALID, "%d is not a box source", (int) row->source);
  if (row->source == SH_BOX_SOURCE_MODEL && row->score > 1)
    return fail (error, SH_PROJECT_ERROR_INVALID, "a model score of %g is above 1", row->score);
  if (row->id < 0)
    return fail (error, SH_PROJECT_ERROR_INVALID, "%" G_GINT64_FORMAT " is not a box id", row->id);
  if (!sh_store_change_begin (project, row->id == 0 ? "adding a box" : "changing a box", error))
    return FALSE;
  if (!sh_store_change_end (project, save_box_in_transaction (project, row, &box_id, error), error))
    return FALSE;
  if (id != NULL)
    *id = box_id;
  return TRUE;
}

gboolean
sh_project_delete_box (ShProject *project, gint64 box_id, GError **error)
{
  sqlite3_stmt *stmt;
  gboolean ok;

  if (!sh_store_change_begin (project, "deleting a box", error))
    return FALSE;
  ok = require_row (project, BOX_EXISTS_SQL, box_id, "box", error)
       && (stmt = sh_store_statement (project, "DELETE FROM boxes WHERE id = ?1", error)) != NULL;
  if (ok)
    {
      sqlite3_bind_int64 (stmt, 1, box_id);
      ok = sh_store_count_box (project, box_id, -1, error) && sh_store_run (project, stmt, error, "deleting a box");
    }
  return sh_store_change_end (project, ok, error);
}

static gboolean
restore_box_in_transaction (ShProject *project, const ShBoxRow *row, GError **error)
{
  g_autofree char *now = sh_project_now ();
  sqlite3_stmt *stmt;
  gboolean exists = FALSE;
  gint64 class_id = 0;

  if (!require_row (project, IMAGE_EXISTS_SQL, row->image_id, "image", error)
      || !row_exists (project, BOX_EXISTS_SQL, row->id, &exists, error))
    return FALSE;
  if (exists)
    return fail (error, SH_PROJECT_ERROR_INVALID,
                 "cannot put box %" G_GINT64_FORMAT " back: another box has its id", row->id);
  if (!name_id (project, "SELECT id FROM box_classes WHERE name = ?1", "INSERT INTO box_classes (name) VALUES (?1)",
                row->class_name, &class_id, error))
    return FALSE;
  stmt = sh_store_statement (project,
                             "INSERT INTO boxes (id, image_id, class_id, x, y, w, h, source, score, accepted, labeler, "
                             "occluded, truncated, difficult, created_at, updated_at) "
                             "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?15)",
                             error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, row->id);
  sqlite3_bind_int64 (stmt, 2, row->image_id);
  sqlite3_bind_int64 (stmt, 3, class_id);
  sqlite3_bind_double (stmt, 4, row->x);
  sqlite3_bind_double (stmt, 5, row->y);
  sqlite3_bind_double (stmt, 6, row->w);
  sqlite3_bind_double (stmt, 7, row->h);
  sqlite3_bind_text (stmt, 8, row->source == SH_BOX_SOURCE_MODEL ? "model" : "human", -1, SQLITE_STATIC);
  if (row->score >= 0)
    sqlite3_bind_double (stmt, 9, row->score);
  sqlite3_bind_int (stmt, 10, row->accepted ? 1 : 0);
  sh_store_bind_text_or_null (stmt, 11, row->labeler);
  sqlite3_bind_int (stmt, 12, row->occluded ? 1 : 0);
  sqlite3_bind_int (stmt, 13, row->truncated ? 1 : 0);
  sqlite3_bind_int (stmt, 14, row->difficult ? 1 : 0);
  sqlite3_bind_text (stmt, 15, now, -1, SQLITE_TRANSIENT);
  return sh_store_run (project, stmt, error, "putting a box back") && sh_store_count_box (project, row->id, 1, error);
}

gboolean
sh_project_restore_box (ShProject *project, const ShBoxRow *row, GError **error)
{
  if (row->id <= 0)
    return fail (error, SH_PROJECT_ERROR_INVALID, "putting a box back needs its id");
  if (!isfinite (row->x) || !isfinite (row->y) || !isfinite (row->w) || !isfinite (row->h) || row->w <= 0
      || row->h <= 0)
    return fail (error, SH_PROJECT_ERROR_INVALID, "box %g,%g,%g,%g: width and height must be above zero", row->x,
                 row->y, row->w, row->h);
  if (is_blank (row->class_name))
    return fail (error, SH_PROJECT_ERROR_INVALID, "a box needs a class");
  if (row->source != SH_BOX_SOURCE_HUMAN && row->source != SH_BOX_SOURCE_MODEL)
    return fail (error, SH_PROJECT_ERROR_INVALID, "%d is not a box source", (int) row->source);
  if (!sh_store_change_begin (project, "putting a box back", error))
    return FALSE;
  return sh_store_change_end (project, restore_box_in_transaction (project, row, error), error);
}

void
sh_box_row_clear (ShBoxRow *row)
{
  /* Rows read from the project own their strings (see project.h). */
  g_free ((char *) row->class_name);
  g_free ((char *) row->labeler);
  row->class_name = NULL;
  row->labeler = NULL;
}

#define BOX_COLUMNS_SQL \
  "SELECT b.id, b.image_id, c.name, b.x, b.y, b.w, b.h, b.source, b.score, b.accepted, b.labeler, b.occluded, " \
  "b.truncated, b.difficult FROM boxes b JOIN box_classes c ON c.id = b.class_id "

static void
box_row_from_statement (sqlite3_stmt *stmt, ShBoxRow *row)
{
  const char *labeler = (const char *) sqlite3_column_text (stmt, 10);

  memset (row, 0, sizeof *row);
  row->id = sqlite3_column_int64 (stmt, 0);
  row->image_id = sqlite3_column_int64 (stmt, 1);
  row->class_name = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  row->x = sqlite3_column_double (stmt, 3);
  row->y = sqlite3_column_double (stmt, 4);
  row->w = sqlite3_column_double (stmt, 5);
  row->h = sqlite3_column_double (stmt, 6);
  row->source = strcmp ((const char *) sqlite3_column_text (stmt, 7), "model") == 0 ? SH_BOX_SOURCE_MODEL
                                                                                     : SH_BOX_SOURCE_HUMAN;
  row->score = sqlite3_column_type (stmt, 8) == SQLITE_NULL ? -1.0 : sqlite3_column_double (stmt, 8);
  row->accepted = sqlite3_column_int (stmt, 9) != 0;
  row->labeler = labeler != NULL ? g_strdup (labeler) : NULL;
  row->occluded = sqlite3_column_int (stmt, 11) != 0;
  row->truncated = sqlite3_column_int (stmt, 12) != 0;
  row->difficult = sqlite3_column_int (stmt, 13) != 0;
}

gboolean
sh_project_get_box (ShProject *project, gint64 box_id, ShBoxRow *row, GError **error)
{
  sqlite3_stmt *stmt = sh_store_statement (project, BOX_COLUMNS_SQL "WHERE b.id = ?1", error);
  gboolean found = FALSE;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, box_id);
  if (!sh_store_step_row (project, stmt, &found, error, "reading a box"))
    return FALSE;
  if (!found)
    return fail (error, SH_PROJECT_ERROR_INVALID, "there is no box with id %" G_GINT64_FORMAT " in the project",
                 box_id);
  box_row_from_statement (stmt, row);
  sqlite3_reset (stmt);
  return TRUE;
}

GArray *
sh_project_list_boxes (ShProject *project, gint64 image_id, GError **error)
{
  sqlite3_stmt *stmt = sh_store_statement (project, BOX_COLUMNS_SQL "WHERE b.image_id = ?1 ORDER BY b.id", error);
  GArray *rows;
  int rc;

  if (stmt == NULL)
    return NULL;
  rows = g_array_new (FALSE, FALSE, sizeof (ShBoxRow));
  g_array_set_clear_func (rows, (GDestroyNotify) sh_box_row_clear);
  sqlite3_bind_int64 (stmt, 1, image_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      ShBoxRow row;
      box_row_from_statement (stmt, &row);
      g_array_append_val (rows, row);
    }
  if (rc != SQLITE_DONE)
    {
      sh_project_set_error (project, error, "reading an image's boxes");
      sqlite3_reset (stmt);
      g_array_unref (rows);
      return NULL;
    }
  sqlite3_reset (stmt);
  return rows;
}

/* ---- swatches ---- */

char *
sh_store_json_member_text (cJSON *object, const char *name)
{
  cJSON *member = cJSON_GetObjectItemCaseSensitive (object, name);
  char *printed = member != NULL ? cJSON_PrintUnformatted (member) : NULL;
  char *text = g_strdup (printed);
  cJSON_free (printed);
  return text;
}

gboolean
sh_project_save_swatch (ShProject *project, gint64 box_id, const ShSwatch *swatch, GError **error)
{
  const char *method = sh_method_name (swatch->method);
  const char *finish = sh_finish_class_name (swatch->finish.finish);
  g_autofree char *now = sh_project_now ();
  g_autofree char *pixels = NULL, *finish_json = NULL, *glitter_json = NULL;
  cJSON *json;
  sqlite3_stmt *stmt;
  gboolean ok;

  if (method == NULL)
    return fail (error, SH_PROJECT_ERROR_INVALID, "%d is not an extraction method", (int) swatch->method);
  for (int i = 0; i < 3; i++)
    if (!isfinite (swatch->lab[i]) || !isfinite (swatch->linear_rgb[i]))
      return fail (error, SH_PROJECT_ERROR_INVALID, "the swatch of box %" G_GINT64_FORMAT " has no colour", box_id);

  /* The same JSON as `shadelab-cli extract` prints, so that exports read one form. */
  json = cJSON_CreateObject ();
  sh_swatch_add_to_json (json, swatch);
  pixels = sh_store_json_member_text (json, "pixels");
  finish_json = sh_store_json_member_text (json, "finish");
  glitter_json = sh_store_json_member_text (json, "glitter");
  cJSON_Delete (json);

  if (!sh_store_change_begin (project, "saving a swatch", error))
    return FALSE;
  ok = require_row (project, BOX_EXISTS_SQL, box_id, "box", error)
       && (stmt = sh_store_statement (project,
                                      "INSERT OR REPLACE INTO swatches (box_id, method, algorithm_version, srgb, "
                                      "lab_l, lab_a, lab_b, linear_r, linear_g, linear_b, confidence, spread, pixels, "
                                      "finish, finish_json, glitter_json, computed_at) VALUES (?1, ?2, ?3, ?4, ?5, "
                                      "?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
                                      error)) != NULL;
  if (ok)
    {
      sqlite3_bind_int64 (stmt, 1, box_id);
      sqlite3_bind_text (stmt, 2, method, -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 3, SH_EXTRACT_ALGORITHM_VERSION);
      sqlite3_bind_text (stmt, 4, swatch->hex, -1, SQLITE_TRANSIENT);
      for (int i = 0; i < 3; i++)
        {
          sqlite3_bind_double (stmt, 5 + i, swatch->lab[i]);
          sqlite3_bind_double (stmt, 8 + i, swatch->linear_rgb[i]);
        }
      sqlite3_bind_double (stmt, 11, isfinite (swatch->confidence) ? swatch->confidence : 0);
      sqlite3_bind_double (stmt, 12, isfinite (swatch->spread) ? swatch->spread : 0);
      sqlite3_bind_text (stmt, 13, pixels, -1, SQLITE_TRANSIENT);
      sh_store_bind_text_or_null (stmt, 14, finish);
      sh_store_bind_text_or_null (stmt, 15, finish_json);
      sh_store_bind_text_or_null (stmt, 16, glitter_json);
      sqlite3_bind_text (stmt, 17, now, -1, SQLITE_TRANSIENT);
      ok = sh_store_run (project, stmt, error, "saving a swatch");
    }
  return sh_store_change_end (project, ok, error);
}

gboolean
sh_project_delete_swatches (ShProject *project, gint64 box_id, GError **error)
{
  sqlite3_stmt *stmt;
  gboolean ok;

  if (!sh_store_change_begin (project, "removing a box's swatches", error))
    return FALSE;
  ok = (stmt = sh_store_statement (project, "DELETE FROM swatches WHERE box_id = ?1", error)) != NULL;
  if (ok)
    {
      sqlite3_bind_int64 (stmt, 1, box_id);
      ok = sh_store_run (project, stmt, error, "removing a box's swatches");
    }
  return sh_store_change_end (project, ok, error);
}

gboolean
sh_project_get_swatch (ShProject *project, gint64 box_id, ShMethod method, ShSwatchRow *row, gboolean *found,
                       GError **error)
{
  const char *method_name = sh_method_name (method);
  sqlite3_stmt *stmt;
  const char *hex;

  *found = FALSE;
  if (method_name == NULL)
    return fail (error, SH_PROJECT_ERROR_INVALID, "%d is not an extraction method", (int) method);
  stmt = sh_store_statement (project,
                             "SELECT algorithm_version, srgb, lab_l, lab_a, lab_b, linear_r, linear_g, linear_b, "
                             "confidence, spread FROM swatches WHERE box_id = ?1 AND method = ?2",
                             error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, box_id);
  sqlite3_bind_text (stmt, 2, method_name, -1, SQLITE_STATIC);
  if (!sh_store_step_row (project, stmt, found, error, "reading a swatch"))
    return FALSE;
  if (!*found)
    return TRUE;
  memset (row, 0, sizeof *row);
  row->method = method;
  row->algorithm_version = sqlite3_column_int (stmt, 0);
  hex = (const char *) sqlite3_column_text (stmt, 1);
  g_strlcpy (row->hex, hex != NULL ? hex : "", sizeof row->hex);
  for (int i = 0; i < 3; i++)
    {
      row->lab[i] = sqlite3_column_double (stmt, 2 + i);
      row->linear_rgb[i] = sqlite3_column_double (stmt, 5 + i);
    }
  row->confidence = sqlite3_column_double (stmt, 8);
  row->spread = sqlite3_column_double (stmt, 9);
  sqlite3_reset (stmt);
  return TRUE;
}

char *
sh_project_get_image_file (ShProject *project, gint64 image_id, GError **error)
{
  sqlite3_stmt *stmt = sh_store_statement (project, "SELECT path FROM images WHERE id = ?1", error);
  gboolean found = FALSE;
  char *path;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, image_id);
  if (!sh_store_step_row (project, stmt, &found, error, "looking up an image's file"))
    return NULL;
  if (!found)
    {
      fail (error, SH_PROJECT_ERROR_INVALID, "there is no image with id %" G_GINT64_FORMAT " in the project",
            image_id);
      return NULL;
    }
  path = sh_project_resolve_path (project, (const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return path;
}

/* ---- materials ---- */

typedef enum {
  PARAM_UNIT,        /* a number in [0, 1] */
  PARAM_NON_NEGATIVE,
  PARAM_IOR,         /* 0, or >= 1 (KHR_materials_ior) */
  PARAM_HEX,         /* '#rrggbb' */
  PARAM_FINISH,
  PARAM_TRIPLE,      /* JSON [r, g, b], linear, each >= 0 */
  PARAM_UNIT_TRIPLE, /* the same, each in [0, 1] */
} ParamKind;

typedef struct {
  const char *name;
  ParamKind kind;
  gboolean nullable;
  const char *update_sql;
  const char *select_sql;
} MaterialParam;

/* The column names come from this table only, never from the caller. */
#define MATERIAL_PARAM(column, kind, nullable)                                                                \
  { #column, kind, nullable,                                                                                  \
    "UPDATE materials SET " #column " = ?1, updated_at = ?2, updated_by = ?3 WHERE product_id = ?4",         \
    "SELECT " #column " FROM materials WHERE product_id = ?1" }

static const MaterialParam material_params[] = {
  MATERIAL_PARAM (base_color, PARAM_HEX, TRUE),
  MATERIAL_PARAM (finish, PARAM_FINISH, TRUE),
  MATERIAL_PARAM (roughness, PARAM_UNIT, TRUE),
  MATERIAL_PARAM (metallic, PARAM_UNIT, FALSE),
  MATERIAL_PARAM (clearcoat, PARAM_UNIT, FALSE),
  MATERIAL_PARAM (clearcoat_roughness, PARAM_UNIT, FALSE),
  MATERIAL_PARAM (specular, PARAM_UNIT, FALSE),
  MATERIAL_PARAM (specular_color, PARAM_TRIPLE, FALSE),
  MATERIAL_PARAM (sheen_color, PARAM_UNIT_TRIPLE, FALSE),
  MATERIAL_PARAM (sheen_roughness, PARAM_UNIT, FALSE),
  MATERIAL_PARAM (ior, PARAM_IOR, FALSE),
  MATERIAL_PARAM (glitter_density, PARAM_NON_NEGATIVE, FALSE),
  MATERIAL_PARAM (glitter_size, PARAM_NON_NEGATIVE, FALSE),
  MATERIAL_PARAM (glitter_color, PARAM_HEX, TRUE),
};

static const char *const material_finishes[] = { "matte", "satin", "shiny", "gloss", "glitter" };

/* Checks value for param; on success *text is the form stored (and audited) and *number is set for the
 * numeric kinds. */
static gboolean
validate_material_value (const MaterialParam *param, const char *value, char **text, double *number,
                         GError **error)
{
  if (value == NULL)
    {
      if (!param->nullable)
        return fail (error, SH_PROJECT_ERROR_INVALID, "material parameter '%s' cannot be empty", param->name);
      *text = NULL;
      return TRUE;
    }
  switch (param->kind)
    {
    case PARAM_UNIT:
    case PARAM_NON_NEGATIVE:
    case PARAM_IOR:
      if (!parse_number (value, number))
        return fail (error, SH_PROJECT_ERROR_INVALID, "material parameter '%s': '%s' is not a number", param->name,
                     value);
      if (param->kind == PARAM_UNIT && (*number < 0 || *number > 1))
        return fail (error, SH_PROJECT_ERROR_INVALID, "material parameter '%s' must lie between 0 and 1, not %s",
                     param->name, value);
      if (param->kind == PARAM_NON_NEGATIVE && *number < 0)
        return fail (error, SH_PROJECT_ERROR_INVALID, "material parameter '%s' cannot be negative (%s)",
                     param->name, value);
      if (param->kind == PARAM_IOR && *number != 0 && (*number < 1 || *number > 10))
        return fail (error, SH_PROJECT_ERROR_INVALID, "material parameter 'ior' must be 0 or between 1 and 10, not %s",
                     value);
      *text = sh_material_number_text (*number);
      return TRUE;
    case PARAM_HEX:
      {
        char hex[8];
        if (!normalize_hex_color (value, hex))
          return fail (error, SH_PROJECT_ERROR_INVALID, "material parameter '%s': '%s' is not a colour #rrggbb",
                       param->name, value);
        *text = g_strdup (hex);
        return TRUE;
      }
    case PARAM_FINISH:
      for (size_t i = 0; i < G_N_ELEMENTS (material_finishes); i++)
        if (strcmp (value, material_finishes[i]) == 0)
          {
            *text = g_strdup (value);
            return TRUE;
          }
      return fail (error, SH_PROJECT_ERROR_INVALID,
                   "material parameter 'finish': '%s' is not one of matte, satin, shiny, gloss, glitter", value);
    case PARAM_TRIPLE:
    case PARAM_UNIT_TRIPLE:
      {
        cJSON *array = cJSON_Parse (value);
        double v[3];
        gboolean valid = cJSON_IsArray (array) && cJSON_GetArraySize (array) == 3;
        for (int i = 0; valid && i < 3; i++)
          {
            cJSON *item = cJSON_GetArrayItem (array, i);
            valid = cJSON_IsNumber (item) && isfinite (item->valuedouble) && item->valuedouble >= 0
                    && (param->kind == PARAM_TRIPLE || item->valuedouble <= 1);
            v[i] = valid ? item->valuedouble : 0;
          }
        cJSON_Delete (array);
        if (!valid)
          return fail (error, SH_PROJECT_ERROR_INVALID,
                       "material parameter '%s': '%s' is not a JSON triple [r,g,b] of numbers %s", param->name, value,
                       param->kind == PARAM_TRIPLE ? "of at least 0" : "between 0 and 1");
        g_autofree char *r = sh_material_number_text (v[0]), *g = sh_material_number_text (v[1]),
                        *b = sh_material_number_text (v[2]);
        *text = g_strdup_printf ("[%s,%s,%s]", r, g, b);
        return TRUE;
      }
    }
  g_assert_not_reached ();
}

/* Writes one change: the parameters' new values, and one audit entry with a row for each parameter whose
 * value as exported changed. Nothing at all when none did. */
static gboolean
set_material_values_in_transaction (ShProject *project, gint64 product_id, const MaterialParam *const *params,
                                    char *const *texts, const double *numbers, guint n, const char *who,
                                    const char *note, gint64 *change_id, GError **error)
{
  g_autofree char *now = sh_project_now ();
  g_autofree const char **names = g_new0 (const char *, n);
  char *before[SH_MATERIAL_N_PARAMETERS] = { NULL }, *after[SH_MATERIAL_N_PARAMETERS] = { NULL };
  gboolean changed = FALSE, ok = FALSE;
  sqlite3_stmt *stmt;
  gint64 id;

  *change_id = 0;
  for (guint i = 0; i < n; i++)
    names[i] = params[i]->name;
  /* Compared as exported, not as stored: a product without a material row already shows its swatch's
   * colour and its finish's starting point, so those are what a change starts from. */
  if (!require_row (project, PRODUCT_EXISTS_SQL, product_id, "product", error)
      || !sh_project_resolve_material_values (project, product_id, names, (const char *const *) texts, n, before,
                                              after, error))
    goto out;
  for (guint k = 0; k < SH_MATERIAL_N_PARAMETERS; k++)
    changed = changed || g_strcmp0 (before[k], after[k]) != 0;
  if (!changed)
    {
      ok = TRUE;
      goto out;
    }

  stmt = sh_store_statement (project,
                             "INSERT INTO materials (product_id, updated_at, updated_by) VALUES (?1, ?2, ?3) "
                             "ON CONFLICT (product_id) DO NOTHING",
                             error);
  if (stmt == NULL)
    goto out;
  sqlite3_bind_int64 (stmt, 1, product_id);
  sqlite3_bind_text (stmt, 2, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, who, -1, SQLITE_TRANSIENT);
  if (!sh_store_run (project, stmt, error, "creating a material"))
    goto out;
  /* Every value given is written, also one that keeps its exported value: it pins a derived value that the
   * others' new values would otherwise change (a calibrated roughness drops the starting clearcoat). */
  for (guint i = 0; i < n; i++)
    {
      const MaterialParam *param = params[i];

      stmt = sh_store_statement (project, param->update_sql, error);
      if (stmt == NULL)
        goto out;
      if (texts[i] == NULL)
        sqlite3_bind_null (stmt, 1);
      else if (param->kind == PARAM_UNIT || param->kind == PARAM_NON_NEGATIVE || param->kind == PARAM_IOR)
        sqlite3_bind_double (stmt, 1, numbers[i]);
      else
        sqlite3_bind_text (stmt, 1, texts[i], -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, now, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, who, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 4, product_id);
      if (!sh_store_run (project, stmt, error, "changing a material"))
        goto out;
    }

  stmt = sh_store_statement (project,
                             "INSERT INTO material_changes (product_id, who, at, note) VALUES (?1, ?2, ?3, ?4)", error);
  if (stmt == NULL)
    goto out;
  sqlite3_bind_int64 (stmt, 1, product_id);
  sqlite3_bind_text (stmt, 2, who, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, now, -1, SQLITE_TRANSIENT);
  sh_store_bind_text_or_null (stmt, 4, note);
  if (!sh_store_run (project, stmt, error, "recording a material change"))
    goto out;
  id = sqlite3_last_insert_rowid (project->db);
  for (guint k = 0; k < SH_MATERIAL_N_PARAMETERS; k++)
    {
      if (g_strcmp0 (before[k], after[k]) == 0)
        continue;
      stmt = sh_store_statement (project,
                                 "INSERT INTO material_audit (change_id, parameter, old_value, new_value) "
                                 "VALUES (?1, ?2, ?3, ?4)",
                                 error);
      if (stmt == NULL)
        goto out;
      sqlite3_bind_int64 (stmt, 1, id);
      sqlite3_bind_text (stmt, 2, sh_material_parameters[k], -1, SQLITE_STATIC);
      sh_store_bind_text_or_null (stmt, 3, before[k]);
      sh_store_bind_text_or_null (stmt, 4, after[k]);
      if (!sh_store_run (project, stmt, error, "recording a material change"))
        goto out;
    }
  *change_id = id;
  ok = TRUE;

out:
  for (guint k = 0; k < SH_MATERIAL_N_PARAMETERS; k++)
    {
      g_free (before[k]);
      g_free (after[k]);
    }
  return ok;
}

gboolean
sh_project_set_material_values (ShProject *project, gint64 product_id, const char *const *parameters,
                                const char *const *values, guint n, const char *who, const char *note,
                                gint64 *change_id, GError **error)
{
  g_autofree const MaterialParam **params = g_new0 (const MaterialParam *, MAX (n, 1));
  g_autofree double *numbers = g_new0 (double, MAX (n, 1));
  /* Not a GStrv: an emptied parameter leaves a NULL among the texts. */
  g_autofree char **texts = g_new0 (char *, MAX (n, 1));
  gint64 id = 0;
  gboolean ok = TRUE;

  if (change_id != NULL)
    *change_id = 0;
  if (is_blank (who))
    return fail (error, SH_PROJECT_ERROR_INVALID, "a material change needs the name of who made it");
  /* Every value is checked before anything is written. */
  for (guint i = 0; ok && i < n; i++)
    {
      for (size_t p = 0; parameters[i] != NULL && p < G_N_ELEMENTS (material_params); p++)
        if (strcmp (parameters[i], material_params[p].name) == 0)
          params[i] = &material_params[p];
      if (params[i] == NULL)
        ok = fail (error, SH_PROJECT_ERROR_INVALID, "'%s' is not a material parameter",
                   parameters[i] != NULL ? parameters[i] : "(null)");
      for (guint j = 0; ok && j < i; j++)
        if (params[j] == params[i])
          ok = fail (error, SH_PROJECT_ERROR_INVALID, "material parameter '%s' is given twice", params[i]->name);
      ok = ok && validate_material_value (params[i], values[i], &texts[i], &numbers[i], error);
    }
  if (ok && n > 0)
    ok = sh_store_change_begin (project, "changing a material", error)
         && sh_store_change_end (project,
                        set_material_values_in_transaction (project, product_id, params, texts, numbers, n, who,
                                                            note, &id, error),
                        error);
  for (guint i = 0; i < n; i++)
    g_free (texts[i]);
  if (ok && change_id != NULL)
    *change_id = id;
  return ok;
}

gboolean
sh_project_set_material (ShProject *project, gint64 product_id, const char *parameter, const char *value,
                         const char *who, const char *note, GError **error)
{
  return sh_project_set_material_values (project, product_id, &parameter, &value, 1, who, note, NULL, error);
}

/* ---- reviews and labeling time ---- */

gboolean
sh_project_add_review (ShProject *project, gint64 product_id, gboolean accept, const char *comment,
                       const char *reviewer, GError **error)
{
  g_autofree char *now = NULL;
  sqlite3_stmt *stmt;
  gboolean ok;

  if (is_blank (reviewer))
    return fail (error, SH_PROJECT_ERROR_INVALID, "a review needs the reviewer's name");
  if (!sh_store_change_begin (project, "adding a review", error))
    return FALSE;
  now = sh_project_now ();
  ok = require_row (project, PRODUCT_EXISTS_SQL, product_id, "product", error)
       && (stmt = sh_store_statement (project,
                                      "INSERT INTO reviews (product_id, decision, comment, reviewer, at) "
                                      "VALUES (?1, ?2, ?3, ?4, ?5)",
                                      error)) != NULL;
  if (ok)
    {
      sqlite3_bind_int64 (stmt, 1, product_id);
      sqlite3_bind_text (stmt, 2, accept ? "accept" : "reject", -1, SQLITE_STATIC);
      sh_store_bind_text_or_null (stmt, 3, comment);
      sqlite3_bind_text (stmt, 4, reviewer, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 5, now, -1, SQLITE_TRANSIENT);
      ok = sh_store_run (project, stmt, error, "adding a review");
    }
  return sh_store_change_end (project, ok, error);
}

gboolean
sh_project_add_labeling_time (ShProject *project, gint64 image_id, const char *labeler, double seconds,
                              GError **error)
{
  g_autofree char *now = NULL;
  sqlite3_stmt *stmt;
  gboolean ok;

  if (is_blank (labeler))
    return fail (error, SH_PROJECT_ERROR_INVALID, "labeling time needs the labeler's name");
  if (!isfinite (seconds) || seconds < 0)
    return fail (error, SH_PROJECT_ERROR_INVALID, "labeling time of %g seconds is not a duration", seconds);
  if (!sh_store_change_begin (project, "adding labeling time", error))
    return FALSE;
  now = sh_project_now ();
  ok = require_row (project, IMAGE_EXISTS_SQL, image_id, "image", error)
       && (stmt = sh_store_statement (project,
                                      "INSERT INTO labeling_time (image_id, labeler, seconds, at) VALUES (?1, ?2, ?3, ?4)",
                                      error)) != NULL;
  if (ok)
    {
      sqlite3_bind_int64 (stmt, 1, image_id);
      sqlite3_bind_text (stmt, 2, labeler, -1, SQLITE_TRANSIENT);
      sqlite3_bind_double (stmt, 3, seconds);
      sqlite3_bind_text (stmt, 4, now, -1, SQLITE_TRANSIENT);
      ok = sh_store_run (project, stmt, error, "adding labeling time")
           && sh_store_count_labeling_time (project, sqlite3_last_insert_rowid (project->db), error);
    }
  return sh_store_change_end (project, ok, error);
}

gboolean
sh_project_get_stored_material (ShProject *project, gint64 product_id, const char *parameter, char **value,
                                gboolean *has_row, GError **error)
{
  const MaterialParam *param = NULL;
  sqlite3_stmt *stmt;
  gboolean found = FALSE;

  *value = NULL;
  if (has_row != NULL)
    *has_row = FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (material_params); i++)
    if (g_strcmp0 (parameter, material_params[i].name) == 0)
      param = &material_params[i];
  if (param == NULL)
    return fail (error, SH_PROJECT_ERROR_INVALID, "unknown material parameter '%s'", parameter);
  stmt = sh_store_statement (project, param->select_sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, product_id);
  if (!sh_store_step_row (project, stmt, &found, error, "reading a material"))
    return FALSE;
  if (!found)
    return TRUE;
  if (has_row != NULL)
    *has_row = TRUE;
  if (sqlite3_column_type (stmt, 0) == SQLITE_FLOAT || sqlite3_column_type (stmt, 0) == SQLITE_INTEGER)
    *value = sh_material_number_text (sqlite3_column_double (stmt, 0));
  else if (sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    *value = sh_store_dup_column (stmt, 0);
  sqlite3_reset (stmt);
  return TRUE;
}

gboolean
sh_project_get_image_status (ShProject *project, gint64 image_id, ShImageStatus *status, char **reason,
                             GError **error)
{
  sqlite3_stmt *stmt = sh_store_statement (project, "SELECT status, status_reason FROM images WHERE id = ?1", error);
  gboolean found = FALSE, ok;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, image_id);
  if (!sh_store_step_row (project, stmt, &found, error, "reading an image's status"))
    return FALSE;
  if (!found)
    return fail (error, SH_PROJECT_ERROR_INVALID, "there is no image with id %" G_GINT64_FORMAT " in the project",
                 image_id);
  ok = sh_image_status_from_name ((const char *) sqlite3_column_text (stmt, 0), status);
  if (!ok)
    fail (error, SH_PROJECT_ERROR_NOT_PROJECT, "image %" G_GINT64_FORMAT " has an unknown status", image_id);
  else
    *reason = sh_store_dup_column (stmt, 1);
  sqlite3_reset (stmt);
  return ok;
}

gboolean
sh_project_get_image_size (ShProject *project, gint64 image_id, int *width, int *height, int *orientation,
                           GError **error)
{
  sqlite3_stmt *stmt = sh_store_statement (project, "SELECT width, height, orientation FROM images WHERE id = ?1",
                                           error);
  gboolean found = FALSE;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, image_id);
  if (!sh_store_step_row (project, stmt, &found, error, "reading an image's size"))
    return FALSE;
  if (!found)
    return fail (error, SH_PROJECT_ERROR_INVALID, "there is no image with id %" G_GINT64_FORMAT " in the project",
                 image_id);
  *width = sqlite3_column_int (stmt, 0);
  *height = sqlite3_column_int (stmt, 1);
  if (orientation != NULL)
    *orientation = sqlite3_column_int (stmt, 2);
  sqlite3_reset (stmt);
  return TRUE;
}

GPtrArray *
sh_project_list_box_classes (ShProject *project, GError **error)
{
  sqlite3_stmt *stmt = sh_store_statement (project, "SELECT name FROM box_classes ORDER BY id", error);
  GPtrArray *names;
  int rc;

  if (stmt == NULL)
    return NULL;
  names = g_ptr_array_new_with_free_func (g_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (names, sh_store_dup_column (stmt, 0));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      sh_project_set_error (project, error, "reading the box classes");
      g_ptr_array_unref (names);
      return NULL;
    }
  return names;
}

void
sh_image_info_clear (ShImageInfo *info)
{
  g_clear_pointer (&info->path, g_free);
  g_clear_pointer (&info->file_name, g_free);
  g_clear_pointer (&info->catalog_color, g_free);
}

gboolean
sh_project_get_image_info (ShProject *project, gint64 image_id, ShImageInfo *info, GError **error)
{
  sqlite3_stmt *stmt = sh_store_statement (project,
                                           "SELECT i.path, i.file_name, i.width, i.height, i.status, "
                                           "p.catalog_color FROM images i "
                                           "LEFT JOIN products p ON p.id = i.product_id WHERE i.id = ?1",
                                           error);
  gboolean found = FALSE;

  memset (info, 0, sizeof *info);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, image_id);
  if (!sh_store_step_row (project, stmt, &found, error, "reading a photo"))
    return FALSE;
  if (!found)
    return fail (error, SH_PROJECT_ERROR_NOT_FOUND, "no photo %" G_GINT64_FORMAT, image_id);
  info->path = sh_project_resolve_path (project, (const char *) sqlite3_column_text (stmt, 0));
  info->file_name = sh_store_dup_column (stmt, 1);
  info->width = sqlite3_column_int (stmt, 2);
  info->height = sqlite3_column_int (stmt, 3);
  if (!sh_image_status_from_name ((const char *) sqlite3_column_text (stmt, 4), &info->status))
    info->status = SH_IMAGE_NEW;
  info->catalog_color = sh_store_dup_column (stmt, 5);
  sqlite3_reset (stmt);
  return TRUE;
}

gint64
sh_project_count_images (ShProject *project, GError **error)
{
  sqlite3_stmt *stmt = sh_store_statement (project, "SELECT count(*) FROM images", error);
  gboolean found = FALSE;
  gint64 count;

  if (stmt == NULL || !sh_store_step_row (project, stmt, &found, error, "counting the photos"))
    return -1;
  count = found ? sqlite3_column_int64 (stmt, 0) : -1;
  sqlite3_reset (stmt);
  return count;
}
