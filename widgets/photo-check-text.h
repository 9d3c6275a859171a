/* SPDX-License-Identifier: GPL-3.0-or-later */
/* photo-check-text.h: which photo standards a photo misses, in words, for the photo list's warning (its
 * tooltip and what a screen reader says). */
#pragma once

#include <glib.h>

#include "core/formats/import.h"

G_BEGIN_DECLS

/* One translated sentence per failed check, in the check's order ("Background is transparent (a cut-out)",
 * "Resolution too low: the shorter side is 240 px, 1000 px needed", ...); NULL-terminated, empty when every
 * check passed. */
char **sh_photo_check_describe_failures (const ShPhotoCheck *check);

/* The warning's tooltip for a photo whose stored check is json: a heading and the failures, one a line. A
 * check that cannot be read gives the general warning. */
char *sh_photo_check_warning_tooltip (const char *json);
/* The same as one line, for the accessible name: "Failed photo check: ...; ...". */
char *sh_photo_check_warning_accessible (const char *json);

G_END_DECLS
