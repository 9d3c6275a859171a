/* SPDX-License-Identifier: GPL-3.0-or-later */
/* swatch-json.h: the JSON form of an extracted swatch, shared by the CLI and (later) the exports. */
#pragma once

#include <cjson/cJSON.h>
#include <glib.h>

#include "color/extract.h"

/* Adds box, method, srgb, lab, linear_rgb, in_gamut, pixels, spread, confidence, finish, glitter and
 * algorithm_version to object. Numbers are rounded to 4 decimals. */
void sh_swatch_add_to_json (cJSON *object, const ShSwatch *swatch);

/* Reads back what sh_swatch_add_to_json wrote (a line of `shadelab-cli extract-batch`, say) into swatch (xyz
 * left zero). FALSE with error naming the first missing or wrong member, or an algorithm_version other than
 * this Shadelab's (such a swatch must be measured again, not stored as if it were current). */
gboolean sh_swatch_from_json (const cJSON *object, ShSwatch *swatch, GError **error);
