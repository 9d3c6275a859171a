/* color-names.h: the standard (ISCC-NBS) and cosmetic names of a colour together, as the command line and the
 * exports show them. */
#pragma once

#include <stdbool.h>

#include <cjson/cJSON.h>

#include "color/iscc-nbs.h"
#include "color/shade-names.h"

typedef struct {
  const ShIsccNbsColor *iscc_nbs;   /* nearest centroid */
  double iscc_nbs_delta_e;          /* CIEDE2000 to it */
  ShShadeWords cosmetic;
} ShColorNames;

/* false when lab is not finite. */
bool sh_color_names (const double lab[3], ShColorNames *names);

/* {"iscc_nbs": {"name", "number", "centroid", "delta_e"},
 *  "cosmetic": {"depth", "undertone", "family", "name"}}, delta_e to 4 decimals. */
cJSON *sh_color_names_json (const ShColorNames *names);
