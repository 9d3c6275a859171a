/* SPDX-License-Identifier: GPL-3.0-or-later */
/* user-text.c: names and times for people (see user-text.h). */
#define G_LOG_DOMAIN "shadelab"

#include "config.h"

#include "user-text.h"

const char *
sh_account_name (void)
{
  const char *real_name = g_get_real_name ();

  /* GLib answers "Unknown" when the account has no full name. */
  if (real_name != NULL && *real_name != '\0' && g_strcmp0 (real_name, "Unknown") != 0)
    return real_name;
  return g_get_user_name ();
}

char *
sh_labeler_name (GSettings *settings)
{
  g_autofree char *chosen = g_settings_get_string (settings, "labeler-name");

  if (*g_strstrip (chosen) != '\0')
    return g_steal_pointer (&chosen);
  return g_strdup (sh_account_name ());
}

char *
sh_local_time_text (const char *at, const char *format)
{
  g_autoptr (GDateTime) utc = at != NULL ? g_date_time_new_from_iso8601 (at, NULL) : NULL;
  g_autoptr (GDateTime) local = utc != NULL ? g_date_time_to_local (utc) : NULL;

  if (local == NULL)
    return g_strdup (at != NULL ? at : "");
  return g_date_time_format (local, format);
}
