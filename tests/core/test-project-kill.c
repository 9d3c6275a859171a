/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-project-kill.c: kill -9 during a stream of box edits, many times at random points.
 *
 * A child process adds, moves and deletes boxes (each call its own transaction) and reports on a pipe what it
 * is about to change ("intent") and, once the call has returned, what is committed ("done"). The parent
 * SIGKILLs it after a random delay, reopens the project and requires every committed edit to be there with
 * its exact coordinates (an edit in flight may or may not have landed, but nothing else), and
 * PRAGMA integrity_check to be "ok".
 */
#define G_LOG_DOMAIN "shadelab-test-project-kill"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "core/store/project.h"
#include "tests/lib/project-db.h"

#define ROUNDS 30
#define IMAGE_W 4000
#define IMAGE_H 3000

typedef struct {
  double x, y, w, h;
} Coords;

typedef struct {
  gboolean present;        /* committed state known to the parent */
  Coords coords;
  gboolean pending;        /* an edit was announced but not confirmed */
  gboolean pending_delete;
  Coords pending_coords;
} Expected;

static void
report (int fd, const char *line)
{
  /* One write of less than PIPE_BUF bytes: a line arrives whole or not at all. */
  if (write (fd, line, strlen (line)) < 0)
    _exit (3);
}

static G_GNUC_NORETURN void
run_child (const char *path, int fd, guint32 seed)
{
  GRand *rand = g_rand_new_with_seed (seed);
  GError *error = NULL;
  ShProject *project = NULL;
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt = NULL;
  char line[256];

  alarm (30);  /* never outlive a parent that failed */
  project = sh_project_open (path, SH_PROJECT_OPEN_READ_WRITE, &error);
  if (project == NULL)
    {
      g_snprintf (line, sizeof line, "E %s\n", error->message);
      report (fd, line);
      _exit (2);
    }
  sqlite3_prepare_v2 (test_project_db (project), "SELECT id FROM boxes ORDER BY id", -1, &stmt, NULL);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  sqlite3_finalize (stmt);

  for (;;)
    {
      int op = g_rand_int_range (rand, 0, 10);
      /* Quarter-pixel coordinates, so that any rounding on the way would show. */
      ShBoxRow row = { .image_id = 1, .class_name = "product", .score = -1, .labeler = "kill-test",
                       .x = g_rand_int_range (rand, 0, 4 * 2900) / 4.0, .y = g_rand_int_range (rand, 0, 4 * 1900) / 4.0,
                       .w = g_rand_int_range (rand, 4, 4 * 1000) / 4.0, .h = g_rand_int_range (rand, 4, 4 * 1000) / 4.0 };
      gint64 id = 0;

      if (op == 0 && ids->len > 0)
        {
          guint index = g_rand_int_range (rand, 0, ids->len);
          id = g_array_index (ids, gint64, index);
          g_snprintf (line, sizeof line, "X %" G_GINT64_FORMAT "\n", id);
          report (fd, line);
          if (!sh_project_delete_box (project, id, &error))
            _exit (4);
          g_array_remove_index_fast (ids, index);
          g_snprintf (line, sizeof line, "R %" G_GINT64_FORMAT "\n", id);
          report (fd, line);
          continue;
        }
      if (op <= 3 && ids->len > 0)
        {
          row.id = g_array_index (ids, gint64, g_rand_int_range (rand, 0, ids->len));
          g_snprintf (line, sizeof line, "I %" G_GINT64_FORMAT " %.17g %.17g %.17g %.17g\n", row.id, row.x, row.y,
                      row.w, row.h);
          report (fd, line);
        }
      if (!sh_project_save_box (project, &row, &id, &error))
        _exit (5);
      if (row.id == 0)
        g_array_append_val (ids, id);
      g_snprintf (line, sizeof line, "D %" G_GINT64_FORMAT " %.17g %.17g %.17g %.17g\n", id, row.x, row.y, row.w,
                  row.h);
      report (fd, line);
    }
}

static Expected *
expected_for (GHashTable *expected, gint64 id)
{
  Expected *e = g_hash_table_lookup (expected, &id);
  if (e == NULL)
    {
      gint64 *key = g_new (gint64, 1);
      *key = id;
      e = g_new0 (Expected, 1);
      g_hash_table_insert (expected, key, e);
    }
  return e;
}

static guint
apply_lines (GHashTable *expected, char *text)
{
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  guint committed = 0;

  /* The last element is what follows the last newline: empty, since lines are written whole. */
  for (int i = 0; lines[i] != NULL && lines[i + 1] != NULL; i++)
    {
      char kind;
      gint64 id;
      Coords c;
      if (lines[i][0] == 'E')
        g_error ("the child could not open the project: %s", lines[i] + 2);
      if (sscanf (lines[i], "%c %" G_GINT64_FORMAT " %lf %lf %lf %lf", &kind, &id, &c.x, &c.y, &c.w, &c.h) < 2)
        g_error ("unreadable report line '%s'", lines[i]);
      Expected *e = expected_for (expected, id);
      switch (kind)
        {
        case 'I':
          e->pending = TRUE;
          e->pending_delete = FALSE;
          e->pending_coords = c;
          break;
        case 'X':
          e->pending = TRUE;
          e->pending_delete = TRUE;
          break;
        case 'D':
          e->present = TRUE;
          e->coords = c;
          e->pending = FALSE;
          committed++;
          break;
        case 'R':
          e->present = FALSE;
          e->pending = FALSE;
          committed++;
          break;
        default:
          g_error ("unknown report line '%s'", lines[i]);
        }
    }
  return committed;
}

static gboolean
same_coords (const Coords *a, double x, double y, double w, double h)
{
  return a->x == x && a->y == y && a->w == w && a->h == h;
}

/* Compares the project with what the child reported; settles in-flight edits to what landed. */
static void
verify (const char *path, GHashTable *expected)
{
  g_autoptr (GError) error = NULL;
  ShProject *project = sh_project_open (path, SH_PROJECT_OPEN_READ_WRITE, &error);
  sqlite3_stmt *stmt = NULL;
  GHashTableIter iter;
  gpointer key, value;

  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_prepare_v2 (test_project_db (project), "PRAGMA integrity_check", -1, &stmt, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "ok");
  sqlite3_finalize (stmt);

  g_assert_cmpint (sqlite3_prepare_v2 (test_project_db (project), "SELECT x, y, w, h FROM boxes WHERE id = ?1",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  g_hash_table_iter_init (&iter, expected);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      gint64 id = *(gint64 *) key;
      Expected *e = value;
      gboolean found;
      double x = 0, y = 0, w = 0, h = 0;

      sqlite3_reset (stmt);
      sqlite3_bind_int64 (stmt, 1, id);
      found = sqlite3_step (stmt) == SQLITE_ROW;
      if (found)
        {
          x = sqlite3_column_double (stmt, 0);
          y = sqlite3_column_double (stmt, 1);
          w = sqlite3_column_double (stmt, 2);
          h = sqlite3_column_double (stmt, 3);
        }
      /* An edit in flight when the child died may or may not have landed; either way the box must then be
       * in one of the two states, and what is there becomes the committed state. A box the parent first
       * hears of through an edit in flight (its creation was never reported) has no known state before. */
      if (e->pending && e->pending_delete && !found)
        e->present = FALSE;  /* the delete landed */
      else if (e->pending && !e->pending_delete && found && same_coords (&e->pending_coords, x, y, w, h))
        {
          e->present = TRUE;  /* the move landed */
          e->coords = e->pending_coords;
        }
      else if (e->present)
        {
          if (!found)
            g_error ("box %" G_GINT64_FORMAT " was committed but is gone", id);
          if (!same_coords (&e->coords, x, y, w, h))
            g_error ("box %" G_GINT64_FORMAT " is at %g,%g,%g,%g, committed at %g,%g,%g,%g", id, x, y, w, h,
                     e->coords.x, e->coords.y, e->coords.w, e->coords.h);
        }
      else if (found && !e->pending)
        g_error ("box %" G_GINT64_FORMAT " was deleted but is back", id);
      else if (found)
        {
          /* Unknown before its in-flight edit, which did not land: what is there is its state. */
          e->present = TRUE;
          e->coords = (Coords) { x, y, w, h };
        }
      e->pending = FALSE;
    }
  sqlite3_finalize (stmt);
  sh_project_close (project);
}

static void
test_kill_during_box_edits (void)
{
  g_autofree char *dir = g_dir_make_tmp ("shadelab-kill-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "kill.shadelab", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GHashTable) expected = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  guint32 seed = g_test_rand_int ();
  GRand *rand = g_rand_new_with_seed (seed);
  guint committed = 0;
  gint64 start = g_get_monotonic_time ();
  ShProject *project;

  g_test_message ("seed %u", seed);
  project = sh_project_create (path, &error);
  g_assert_no_error (error);
  ShImageRow image = { .path = "photo.jpg", .content_hash = "kill-test", .file_size = 1, .format = "jpeg",
                       .width = IMAGE_W, .height = IMAGE_H, .orientation = 1, .profile_name = "sRGB",
                       .photo_check_passed = -1 };
  g_assert_true (sh_project_add_image (project, &image, NULL, NULL, &error));
  sh_project_close (project);

  for (int round = 0; round < ROUNDS; round++)
    {
      GString *received = g_string_new (NULL);
      int fds[2];
      pid_t pid;
      gint64 deadline;
      char buffer[4096];
      ssize_t n;

      g_assert_cmpint (pipe (fds), ==, 0);
      pid = fork ();
      g_assert_cmpint (pid, >=, 0);
      if (pid == 0)
        {
          close (fds[0]);
          run_child (path, fds[1], seed + round);
        }
      close (fds[1]);

      /* Read what the child reports until a random moment, then kill it mid-stream. */
      deadline = g_get_monotonic_time () + g_rand_int_range (rand, 2000, 120000);
      for (;;)
        {
          gint64 left = (deadline - g_get_monotonic_time ()) / 1000;
          struct pollfd pfd = { .fd = fds[0], .events = POLLIN };
          if (left <= 0 || poll (&pfd, 1, (int) left) <= 0)
            break;
          n = read (fds[0], buffer, sizeof buffer);
          if (n <= 0)
            break;
          g_string_append_len (received, buffer, n);
        }
      kill (pid, SIGKILL);
      int status = 0;
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      if (!(WIFSIGNALED (status) && WTERMSIG (status) == SIGKILL))
        g_error ("round %d: the child ended by itself (status %d) before it was killed", round, status);
      while ((n = read (fds[0], buffer, sizeof buffer)) > 0)
        g_string_append_len (received, buffer, n);
      close (fds[0]);

      committed += apply_lines (expected, received->str);
      g_string_free (received, TRUE);
      verify (path, expected);
      if ((g_get_monotonic_time () - start) / G_USEC_PER_SEC > 200)
        {
          g_test_message ("stopping after %d rounds to stay within the time limit", round + 1);
          break;
        }
    }
  g_test_message ("%u committed edits checked across the rounds", committed);
  /* Enough edits happened for the kills to land at many different points. */
  g_assert_cmpuint (committed, >=, ROUNDS);

  g_rand_free (rand);
  {
    static const char *const suffixes[] = { "", "-wal", "-shm", ".lock" };
    for (size_t i = 0; i < G_N_ELEMENTS (suffixes); i++)
      {
        g_autofree char *file = g_strconcat (path, suffixes[i], NULL);
        g_unlink (file);
      }
    g_rmdir (dir);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/project/kill/box-edits", test_kill_during_box_edits);
  return g_test_run ();
}
