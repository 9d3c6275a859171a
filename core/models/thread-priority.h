/* SPDX-License-Identifier: GPL-3.0-or-later */
/* thread-priority.h: background threads that give way to the rest of the process. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Makes the calling thread `niceness` steps nicer than the process, once per thread (later calls do nothing).
 * Only for threads of an exclusive pool: a shared pool would hand the lowered thread to other work. Linux
 * schedules threads one by one; elsewhere this does nothing. */
void sh_thread_lower_priority (int niceness);

G_END_DECLS
