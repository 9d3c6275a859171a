/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-error.c: what an error tells the user (see test-error.h). */
#include "test-error.h"

#include <stdarg.h>
#include <string.h>

void
assert_error_mentions (const GError *error, const char *first, ...)
{
  va_list args;

  g_assert_nonnull (error);
  va_start (args, first);
  for (const char *text = first; text != NULL; text = va_arg (args, const char *))
    if (strstr (error->message, text) == NULL)
      {
        g_autofree char *message = g_strdup_printf ("the error does not mention \"%s\": %s", text, error->message);

        g_assertion_message (G_LOG_DOMAIN, __FILE__, __LINE__, G_STRFUNC, message);
      }
  va_end (args);
}
