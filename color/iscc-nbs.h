/* SPDX-License-Identifier: GPL-3.0-or-later */
/* iscc-nbs.h: the ISCC-NBS System of Color Designation (Kelly and Judd, "Color: Universal Language and
 * Dictionary of Names", NBS Special Publication 440, 1976): a colour is named after the nearest of the 267
 * centroid colours, nearest in CIEDE2000 between Lab D50 values (README "Colour conventions").
 *
 * The centroids are carried as sRGB (see iscc-nbs.c for where they come from); their Lab D50 is computed
 * with sh_srgb8_to_lab on first use, so naming a centroid's own sRGB gives that centroid at distance 0.
 */
#pragma once

#include <stdbool.h>

#define SH_ISCC_NBS_COUNT 267

typedef struct {
  int number;           /* 1 (Vivid Pink) ... 267 (Black), as numbered in the publication */
  const char *name;     /* capitalised as the publication's centroid list: "Deep Red" */
  const char *hex;      /* the centroid in sRGB, "#rrggbb" lower case */
} ShIsccNbsColor;

/* The centroid with that number, or NULL outside 1...267. */
const ShIsccNbsColor *sh_iscc_nbs_get (int number);
/* Lab D50 of a centroid; false outside 1...267. */
bool sh_iscc_nbs_centroid_lab (int number, double lab[3]);
/* The centroid nearest to lab in CIEDE2000 (the lower number on a tie) and its distance; false when lab is
 * not finite. delta_e may be NULL. Thread-safe. */
bool sh_iscc_nbs_nearest (const double lab[3], const ShIsccNbsColor **color, double *delta_e);
