/* SPDX-License-Identifier: GPL-3.0-or-later */
/* project-guard.c: open-file-description locks for SQLite, and the check that they and the journal held
 * (see project-guard.h for why). */
#define G_LOG_DOMAIN "shadelab-project"
/* F_OFD_SETLK and friends are Linux extensions. */
#define _GNU_SOURCE

#include "config.h"

#include "core/store/project-guard.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

/* Byte ranges of SQLite's unix locking protocol (os_unix.c, unchanged since WAL appeared in 3.7.0): the
 * "dead man switch" byte of the -shm file, read-locked by every live connection, and the SHARED range of
 * the database file, read-locked by every connection in WAL mode for as long as it is open. */
#define SHM_DEAD_MAN_SWITCH 128
#define DB_SHARED_FIRST (0x40000000 + 2)
#define DB_SHARED_SIZE 510

/* ---- open-file-description locks ---- */

typedef int (*FcntlFunction) (int fd, int command, ...);

static FcntlFunction system_fcntl;
static gboolean locks_installed;

/* SQLite's unix VFS calls this in place of fcntl(2): lock requests become the open-file-description
 * variants (l_pid must be 0 for them), everything else passes through. */
static int
ofd_fcntl (int fd, int command, ...)
{
  va_list args;
  void *argument;
  int ofd_command;

  va_start (args, command);
  argument = va_arg (args, void *);
  va_end (args);

  switch (command)
    {
    case F_SETLK:
      ofd_command = F_OFD_SETLK;
      break;
    case F_SETLKW:
      ofd_command = F_OFD_SETLKW;
      break;
    case F_GETLK:
      ofd_command = F_OFD_GETLK;
      break;
    default:
      return system_fcntl (fd, command, argument);
    }

  struct flock *lock = argument;
  struct flock ofd_lock = *lock;
  ofd_lock.l_pid = 0;
  int rc = system_fcntl (fd, ofd_command, &ofd_lock);
  if (rc == 0 && command == F_GETLK)
    *lock = ofd_lock;
  return rc;
}

/* TRUE when this kernel and file system answer F_OFD_GETLK. */
static gboolean
kernel_has_ofd_locks (void)
{
  g_autofree char *probe_path = NULL;
  int fd = g_file_open_tmp ("shadelab-lock-probe-XXXXXX", &probe_path, NULL);
  if (fd < 0)
    return FALSE;
  struct flock probe = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 1, .l_pid = 0 };
  gboolean ok = fcntl (fd, F_OFD_GETLK, &probe) == 0;
  close (fd);
  unlink (probe_path);
  return ok;
}

static gpointer
install_locks_once (gpointer data)
{
  (void) data;
  const char *posix = g_getenv ("SHADELAB_POSIX_LOCKS");
  if (posix != NULL && g_str_equal (posix, "1"))
    return NULL;

  sqlite3_vfs *vfs = sqlite3_vfs_find ("unix");
  if (vfs == NULL || vfs->iVersion < 3 || vfs->xSetSystemCall == NULL || vfs->xGetSystemCall == NULL)
    {
      g_warning ("SQLite's unix VFS cannot take other system calls: projects keep POSIX locks");
      return NULL;
    }
  if (!kernel_has_ofd_locks ())
    {
      g_warning ("no open-file-description locks here: projects keep POSIX locks");
      return NULL;
    }
  system_fcntl = (FcntlFunction) vfs->xGetSystemCall (vfs, "fcntl");
  if (system_fcntl == NULL || vfs->xSetSystemCall (vfs, "fcntl", (sqlite3_syscall_ptr) ofd_fcntl) != SQLITE_OK)
    {
      g_warning ("SQLite refused the lock system call: projects keep POSIX locks");
      return NULL;
    }
  /* The table is shared by every unix VFS variant, so this covers all connections of the process. */
  locks_installed = TRUE;
  return NULL;
}

void
sh_project_guard_install_locks (void)
{
  static GOnce once = G_ONCE_INIT;
  g_once (&once, install_locks_once, NULL);
}

gboolean
sh_project_guard_locks_installed (void)
{
  return locks_installed;
}

/* ---- the guard ---- */

typedef struct {
  const char *what;  /* "the project file", for reasons */
  char *path;
  int fd;            /* -1 until the file exists */
  struct stat opened;
} GuardedFile;

struct _ShProjectGuard {
  GuardedFile files[3];  /* database, -wal, -shm */
};

enum { GUARD_DB, GUARD_WAL, GUARD_SHM };

static void
guarded_file_open (GuardedFile *file)
{
  if (file->fd >= 0)
    return;
  file->fd = open (file->path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
  if (file->fd >= 0 && fstat (file->fd, &file->opened) != 0)
    {
      close (file->fd);
      file->fd = -1;
    }
}

ShProjectGuard *
sh_project_guard_new (const char *path)
{
  static const char *const suffixes[] = { "", "-wal", "-shm" };
  static const char *const names[] = { "the project file", "its write-ahead log", "its shared-memory index" };
  ShProjectGuard *guard = g_new0 (ShProjectGuard, 1);

  for (int i = 0; i < 3; i++)
    {
      guard->files[i].what = names[i];
      guard->files[i].path = g_strconcat (path, suffixes[i], NULL);
      guard->files[i].fd = -1;
      guarded_file_open (&guard->files[i]);
    }
  return guard;
}

void
sh_project_guard_free (ShProjectGuard *guard)
{
  if (guard == NULL)
    return;
  for (int i = 0; i < 3; i++)
    {
      if (guard->files[i].fd >= 0)
        close (guard->files[i].fd);
      g_free (guard->files[i].path);
    }
  g_free (guard);
}

/* TRUE when somebody (normally our own connection) holds a lock on the range that a write lock would meet.
 * An open-file-description query from our own descriptor sees the locks of every other descriptor, ours
 * included, whichever kind they are. */
static gboolean
range_is_locked (int fd, off_t start, off_t length)
{
  struct flock query = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = start, .l_len = length, .l_pid = 0 };
  if (fcntl (fd, F_OFD_GETLK, &query) != 0)
    return TRUE;  /* cannot tell: do not cry wolf */
  return query.l_type != F_UNLCK;
}

gboolean
sh_project_guard_check (ShProjectGuard *guard, char **reason)
{
  for (int i = 0; i < 3; i++)
    {
      GuardedFile *file = &guard->files[i];
      struct stat now, on_disk;

      guarded_file_open (file);
      if (file->fd < 0)
        {
          /* SQLite keeps all three open while a writer is connected; a WAL it never opened is not lost. */
          if (i == GUARD_WAL)
            continue;
          *reason = g_strdup_printf ("%s '%s' cannot be opened (%s)", file->what, file->path, g_strerror (errno));
          return FALSE;
        }
      if (fstat (file->fd, &now) != 0 || now.st_nlink == 0)
        {
          *reason = g_strdup_printf ("%s '%s' was deleted while Shadelab had it open", file->what, file->path);
          return FALSE;
        }
      if (stat (file->path, &on_disk) != 0 || on_disk.st_ino != file->opened.st_ino
          || on_disk.st_dev != file->opened.st_dev)
        {
          *reason = g_strdup_printf ("%s '%s' was replaced by another file while Shadelab had it open",
                                     file->what, file->path);
          return FALSE;
        }
    }

  if (guard->files[GUARD_SHM].fd >= 0 && !range_is_locked (guard->files[GUARD_SHM].fd, SHM_DEAD_MAN_SWITCH, 1))
    {
      *reason = g_strdup ("Shadelab lost its lock on the project's shared-memory index, so other programs could "
                          "delete the project's write-ahead log");
      return FALSE;
    }
  if (!range_is_locked (guard->files[GUARD_DB].fd, DB_SHARED_FIRST, DB_SHARED_SIZE))
    {
      *reason = g_strdup ("Shadelab lost its lock on the project file, so other programs could delete the "
                          "project's write-ahead log");
      return FALSE;
    }
  return TRUE;
}
