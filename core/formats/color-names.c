/* SPDX-License-Identifier: GPL-3.0-or-later */
/* color-names.c: ISCC-NBS and cosmetic names of a colour, together and as JSON. */
#include "config.h"

#include "core/formats/color-names.h"

#include <math.h>

#include <glib.h>

#include "color/colorspace.h"

bool
sh_color_names (const double lab[3], ShColorNames *names)
{
  return sh_iscc_nbs_nearest (lab, &names->iscc_nbs, &names->iscc_nbs_delta_e)
         && sh_shade_words (lab, &names->cosmetic);
}

cJSON *
sh_color_names_json (const ShColorNames *names)
{
  cJSON *root = cJSON_CreateObject ();
  cJSON *iscc = cJSON_AddObjectToObject (root, "iscc_nbs");
  cJSON *cosmetic = cJSON_AddObjectToObject (root, "cosmetic");

  cJSON_AddStringToObject (iscc, "name", names->iscc_nbs->name);
  cJSON_AddNumberToObject (iscc, "number", names->iscc_nbs->number);
  cJSON_AddStringToObject (iscc, "centroid", names->iscc_nbs->hex);
  cJSON_AddNumberToObject (iscc, "delta_e", round (names->iscc_nbs_delta_e * 10000.0) / 10000.0);
  cJSON_AddStringToObject (cosmetic, "depth", sh_shade_depth_name (names->cosmetic.depth));
  cJSON_AddStringToObject (cosmetic, "undertone", sh_shade_undertone_name (names->cosmetic.undertone));
  cJSON_AddStringToObject (cosmetic, "family", sh_shade_family_name (names->cosmetic.family));
  cJSON_AddStringToObject (cosmetic, "name", names->cosmetic.name);
  return root;
}

char *
sh_color_names_describe (const double lab[3])
{
  ShColorNames names;

  if (!sh_color_names (lab, &names))
    return NULL;
  /* The ISCC-NBS name is a standard designation, the cosmetic words a plain description: both stay English,
   * as the exports write them. */
  return g_strdup_printf ("%s (ISCC-NBS %d) · %s", names.iscc_nbs->name, names.iscc_nbs->number,
                          names.cosmetic.name);
}

char *
sh_color_names_describe_hex (const char *hex)
{
  uint8_t rgb[3];
  double lab[3];

  if (hex == NULL || !sh_parse_hex (hex, rgb))
    return NULL;
  sh_srgb8_to_lab (rgb, lab);
  return sh_color_names_describe (lab);
}
