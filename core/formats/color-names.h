/* SPDX-License-Identifier: GPL-3.0-or-later */
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

/* Both names in one line, as every window shows a colour: "Deep Red (ISCC-NBS 13) · deep cool red". NULL when
 * lab is not finite. Free with g_free. */
char *sh_color_names_describe (const double lab[3]);
/* The same for an sRGB "#rrggbb" (or "rrggbb"); NULL when hex is NULL or not one. */
char *sh_color_names_describe_hex (const char *hex);
