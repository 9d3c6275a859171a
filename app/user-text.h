/* SPDX-License-Identifier: GPL-3.0-or-later */
/* user-text.h: who is at the keyboard and when things happened, as the windows write them for people. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The account's real name, else its user name (GLib's "Unknown" counts as no real name). */
const char *sh_account_name (void);

/* settings' "labeler-name" (spaces trimmed), else sh_account_name (). */
char *sh_labeler_name (GSettings *settings);

/* A store time ("2026-11-20T14:30:00.000Z") in local time through format (g_date_time_format, translated by the
 * caller); at itself when it is not such a time, "" for NULL. */
char *sh_local_time_text (const char *at, const char *format);

G_END_DECLS
