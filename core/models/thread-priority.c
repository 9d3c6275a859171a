/* SPDX-License-Identifier: GPL-3.0-or-later */
/* thread-priority.c: background threads that give way to the rest of the process (see thread-priority.h). */
#include "config.h"

#include "core/models/thread-priority.h"

#ifdef __linux__
#include <errno.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

void
sh_thread_lower_priority (int niceness)
{
#ifdef __linux__
  static GPrivate lowered;

  if (g_private_get (&lowered) != NULL)
    return;
  g_private_set (&lowered, GINT_TO_POINTER (1));
  errno = 0;
  if (setpriority (PRIO_PROCESS, (id_t) syscall (SYS_gettid), getpriority (PRIO_PROCESS, 0) + niceness) != 0)
    g_debug ("a background thread keeps its priority: %s", g_strerror (errno));
#else
  (void) niceness;
#endif
}
