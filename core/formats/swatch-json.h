/* swatch-json.h: the JSON form of an extracted swatch, shared by the CLI and (later) the exports. */
#pragma once

#include <cjson/cJSON.h>

#include "color/extract.h"

/* Adds box, method, srgb, lab, linear_rgb, in_gamut, pixels, spread, confidence, finish, glitter and
 * algorithm_version to object. Numbers are rounded to 4 decimals. */
void sh_swatch_add_to_json (cJSON *object, const ShSwatch *swatch);
