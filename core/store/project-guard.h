/* SPDX-License-Identifier: GPL-3.0-or-later */
/* project-guard.h: keeps SQLite's locks on a project held, and notices when they or its journal are lost.
 *
 * SQLite locks a database with POSIX advisory locks (fcntl F_SETLK). Those belong to the process and the
 * inode, and closing ANY descriptor of the file drops all of them: when a file chooser, a thumbnailer or a
 * GIO content-type sniff in the same process opens and closes "x.shadelab" or "x.shadelab-shm", SQLite's
 * locks are silently gone. A reader in another process then believes it is the last connection, checkpoints
 * and deletes the -wal and -shm, and the application goes on committing into an unlinked write-ahead log:
 * every later edit is lost (SQLite's "How To Corrupt An SQLite Database File", 2.1 and 2.2).
 *
 * Two defences:
 * - sh_project_guard_install_locks turns SQLite's fcntl locks into open-file-description locks (Linux
 *   F_OFD_SETLK): they belong to SQLite's own descriptor and survive any other open/close in the process,
 *   while still conflicting with the classic locks of other processes (the sqlite3 shell, older Shadelabs).
 * - A guard, held by a writable project, checks after every commit that the database, -wal and -shm files
 *   are still the ones SQLite has open (same inode, still linked) and that the shared-memory lock that marks
 *   a live connection is still held. When not, the commit is reported as failed, never as done.
 */
#pragma once

#include <glib.h>

/* Installs the open-file-description locks for every SQLite connection of the process; call before the
 * first connection is opened (sh_project_open does). Does nothing where the kernel lacks them, or when the
 * environment sets SHADELAB_POSIX_LOCKS=1 (tests use it to show what the guard catches without them). */
void sh_project_guard_install_locks (void);
/* TRUE when SQLite's locks are open-file-description locks in this process. */
gboolean sh_project_guard_locks_installed (void);

typedef struct _ShProjectGuard ShProjectGuard;

/* Opens its own descriptors on path and its -wal and -shm (which SQLite must have open by now). They are
 * only read: they stay open until the guard is freed, after the connection is closed, so that closing them
 * can drop nothing. */
ShProjectGuard *sh_project_guard_new (const char *path);
void sh_project_guard_free (ShProjectGuard *guard);

/* TRUE when the files and the lock are as SQLite left them; else FALSE with *reason set to what was lost
 * ("its write-ahead log was deleted", ...), newly allocated. */
gboolean sh_project_guard_check (ShProjectGuard *guard, char **reason);
