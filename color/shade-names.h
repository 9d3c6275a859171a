/* SPDX-License-Identifier: GPL-3.0-or-later */
/* shade-names.h: plain cosmetic words for a colour (depth, undertone, family) and the family a shade's own
 * name claims ("Ruby" claims red), for naming measured shades and catching catalogue names that contradict
 * them. Everything works on Lab D50 through LCh (C* = chroma, h = hue angle in degrees).
 *
 * The words are fixed bands of L*, C* and h, so that shades a person calls the same land in the same band
 * (the bands were set on reference lipstick, blush and skin colours: a blue-red such as #b0243a is cool, a
 * vermilion warm, a rosy beige nude). A colour close to a boundary can of course fall either side.
 *
 * depth, from L*:
 *   fair L* >= 75, light 62-75, medium 48-62, tan 36-48, deep < 36
 *
 * family, with hr the hue turned so that purples through oranges are one run (hr = h - 360 when h >= 270,
 * else h; so hr lies in [-90, 270)), the first rule that matches:
 *   other   C* < 5 (greys, white, black), or hr < -70 or hr >= 85 (violet-blue, blue, green, yellow)
 *   brown   L* < 48 and (hr >= 50, or hr >= 30 with C* < 35, or hr >= 12 with C* < 22)
 *   orange  hr >= 50 and C* >= 55
 *   nude    hr >= 50 (lighter or less chroma than orange)
 *   nude    hr >= 28 with L* >= 48 and C* < 30
 *   coral   hr >= 28 and L* >= 58
 *   red     hr >= 28 (L* < 58)
 *   nude    hr >= 12 with L* >= 48 and C* < 12 (greyish pinks)
 *   pink    hr >= 12 and L* >= 58
 *   mauve   hr >= 12 with C* < 30 and L* >= 40 (dusty rose)
 *   red     hr >= 12 (the rest)
 *   mauve   C* < 30 and 40 <= L* < 68 (hr is now in [-70, 12): dusty rose, lilac)
 *   pink    hr >= -20 and L* >= 52
 *   berry   hr >= -20 (L* < 52)
 *   pink    hr >= -35 and L* >= 60
 *   mauve   L* >= 60                    (light purples)
 *   plum    the rest (dark purples)
 *
 * undertone, neutral when C* < 5, else from h:
 *   nude and brown shades (skin-like hues): cool h < 50, neutral 50-62, warm >= 62
 *   every other family: cool h < 28 or h >= 200, neutral 28-35, warm 35-200
 *
 * name: "<depth> <undertone> <family>", e.g. "deep cool red", "light warm nude", "medium neutral other".
 */
#pragma once

#include <stdbool.h>

typedef enum {
  SH_DEPTH_FAIR,
  SH_DEPTH_LIGHT,
  SH_DEPTH_MEDIUM,
  SH_DEPTH_TAN,
  SH_DEPTH_DEEP,
} ShShadeDepth;

typedef enum {
  SH_UNDERTONE_COOL,
  SH_UNDERTONE_NEUTRAL,
  SH_UNDERTONE_WARM,
} ShShadeUndertone;

typedef enum {
  SH_FAMILY_NUDE,
  SH_FAMILY_PINK,
  SH_FAMILY_CORAL,
  SH_FAMILY_RED,
  SH_FAMILY_BERRY,
  SH_FAMILY_PLUM,
  SH_FAMILY_MAUVE,
  SH_FAMILY_BROWN,
  SH_FAMILY_ORANGE,
  SH_FAMILY_OTHER,
  SH_FAMILY_COUNT,
} ShShadeFamily;

typedef struct {
  ShShadeDepth depth;
  ShShadeUndertone undertone;
  ShShadeFamily family;
  char name[40];                 /* "deep cool red" */
} ShShadeWords;

/* The words for a Lab D50 colour; false (words untouched) when lab is not finite. */
bool sh_shade_words (const double lab[3], ShShadeWords *words);

const char *sh_shade_depth_name (ShShadeDepth depth);            /* "fair", ... */
const char *sh_shade_undertone_name (ShShadeUndertone undertone); /* "cool", ... */
const char *sh_shade_family_name (ShShadeFamily family);         /* "nude", ..., "other" */

/* Whether a shade named as family a may measure as family b: the same family or a neighbour on the
 * cosmetic colour wheel (red-berry, red-coral, pink-mauve, nude-brown, ...). */
bool sh_shade_families_compatible (ShShadeFamily a, ShShadeFamily b);

/* Whether a shade's own name ("Ruby Kiss", "Nude Beige 02") contradicts the family it measures as: it holds
 * at least one colour word (whole words, any case: ruby, cherry, rose, coral, plum, mocha, ...) and none of
 * its colour words is compatible with measured. On true, *keyword (may be NULL) points to the first colour
 * word's entry (lower case) and *claimed to its family. */
bool sh_shade_name_contradicts (const char *shade_name, ShShadeFamily measured, const char **keyword,
                                ShShadeFamily *claimed);
