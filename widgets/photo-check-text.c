/* SPDX-License-Identifier: GPL-3.0-or-later */
/* photo-check-text.c: the photo standards a photo misses, in words (see photo-check-text.h). */
#include "config.h"

#include "photo-check-text.h"

#include <glib/gi18n.h>
#include <math.h>

static int
percent (double fraction)
{
  return (int) lround (fraction * 100.0);
}

char **
sh_photo_check_describe_failures (const ShPhotoCheck *check)
{
  g_autoptr (GStrvBuilder) failures = g_strv_builder_new ();

  g_return_val_if_fail (check != NULL, NULL);

  if (!check->white_passed)
    {
      if (check->background == SH_PHOTO_BACKGROUND_TRANSPARENT)
        g_strv_builder_add (failures, _("Background is transparent (a cut-out), not white"));
      else
        {
          /* Translators: %d%% are percentages of the photo's border, e.g. "Background is not white: 12% of the
           * border is white, 75% needed". */
          g_autofree char *text = g_strdup_printf (_("Background is not white: %d%% of the border is white, "
                                                     "%d%% needed"),
                                                   percent (check->white_fraction),
                                                   percent (check->white_min_fraction));
          g_strv_builder_add (failures, text);
        }
    }
  if (!check->resolution_passed)
    {
      /* Translators: pixel counts, e.g. "Resolution too low: the shorter side is 240 px, 1000 px needed". */
      g_autofree char *text = g_strdup_printf (_("Resolution too low: the shorter side is %d px, %d px needed"),
                                               check->short_side, check->min_short_side);
      g_strv_builder_add (failures, text);
    }
  if (!check->clipped_passed)
    {
      /* Translators: percentages of the product's pixels, e.g. "Clipped highlights on the product: 5.2%, at most
       * 2%". */
      g_autofree char *text = g_strdup_printf (_("Clipped highlights on the product: %.1f%%, at most %.0f%%"),
                                               check->clipped_fraction * 100.0, check->clipped_max_fraction * 100.0);
      g_strv_builder_add (failures, text);
    }
  if (!check->centered_passed)
    {
      if (!check->product_found)
        g_strv_builder_add (failures, _("No product found: nothing stands out from the background"));
      else
        {
          /* Translators: distances from the middle as percentages of the photo's size, e.g. "Product not
           * centred: 31% off the middle, at most 20%". */
          g_autofree char *text = g_strdup_printf (_("Product not centred: %d%% off the middle, at most %d%%"),
                                                   percent (check->center_offset),
                                                   percent (check->center_max_offset));
          g_strv_builder_add (failures, text);
        }
    }
  return g_strv_builder_end (failures);
}

/* The failures of json, or NULL when it cannot be read or names none. */
static char **
failures_of (const char *json)
{
  ShPhotoCheck check;
  char **failures;

  if (json == NULL || !sh_photo_check_from_json (json, &check))
    return NULL;
  failures = sh_photo_check_describe_failures (&check);
  if (failures[0] == NULL)
    g_clear_pointer (&failures, g_strfreev);
  return failures;
}

char *
sh_photo_check_warning_tooltip (const char *json)
{
  g_auto (GStrv) failures = failures_of (json);
  GString *text;

  if (failures == NULL)
    return g_strdup (_("The photo misses a photo standard (white background, resolution, clipping or centring)"));
  text = g_string_new (_("Misses the photo standards:"));
  for (guint i = 0; failures[i] != NULL; i++)
    {
      /* Translators: one line of a list, a bullet and the text. */
      g_autofree char *line = g_strdup_printf (_("• %s"), failures[i]);

      g_string_append_printf (text, "\n%s", line);
    }
  return g_string_free (text, FALSE);
}

char *
sh_photo_check_warning_accessible (const char *json)
{
  g_auto (GStrv) failures = failures_of (json);
  g_autofree char *joined = NULL;

  if (failures == NULL)
    return g_strdup (_("Failed photo check"));
  /* Translators: the separator between failed photo checks read out in one sentence. */
  joined = g_strjoinv (_("; "), failures);
  /* Translators: the accessible name of the photo list's warning icon, then the failed checks. */
  return g_strdup_printf (_("Failed photo check: %s"), joined);
}
