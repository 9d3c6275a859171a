/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-error.h: what an error tells the user, checked the same way by every test. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Fails unless error's message contains each of the strings (a NULL-terminated list), naming the first one
 * missing and showing the message. */
void assert_error_mentions (const GError *error, const char *first, ...) G_GNUC_NULL_TERMINATED;

G_END_DECLS
