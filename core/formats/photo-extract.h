/* SPDX-License-Identifier: GPL-3.0-or-later */
/* photo-extract.h: a box of a decoded photo measured and written as the JSON object `shadelab-cli extract`
 * prints, so that one photo and a batch of them give the same object. */
#pragma once

#include <cjson/cJSON.h>
#include <glib.h>

#include "color/extract.h"
#include "core/formats/image-loader.h"

#define SH_PHOTO_EXTRACT_ERROR (sh_photo_extract_error_quark ())
GQuark sh_photo_extract_error_quark (void);

typedef enum {
  SH_PHOTO_EXTRACT_ERROR_OUTSIDE,  /* the box lies wholly outside the image */
  SH_PHOTO_EXTRACT_ERROR_FAILED,   /* the extraction could not run (out of memory) */
} ShPhotoExtractError;

/* Measures box with method repeat times (extract_ms is the median), then finish and glitter from the robust
 * classification, and returns the object with "image" set to shown_path; NULL with error, whose message names
 * shown_path. With repeat 0 one run measures both, the colour with its finish (the same numbers, in half the
 * time: a batch's way), and extract_ms is that run's time, as finish_ms. */
cJSON *sh_photo_extract_json (const ShLoadedImage *loaded, const char *shown_path, ShBox box, ShMethod method,
                              int repeat, GError **error);
