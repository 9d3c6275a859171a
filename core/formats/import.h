/* SPDX-License-Identifier: GPL-3.0-or-later */
/* import.h: bring photos into a project.
 *
 * Files and folders (recursive; hidden files and folders are left out, symbolic links are followed but a
 * folder is never walked twice, so link loops end). Only files that start with a JPEG, PNG, TIFF or WebP
 * signature are decoded; the extension is never trusted. Files are hashed (SHA-256 of the bytes) and
 * decoded in parallel; duplicates, within the batch or of an image already in the project, are reported
 * and not added again. Every image gets a photo-standards check measured on its decoded pixels.
 *
 * Rows are written by the calling thread only, in transactions of up to SH_IMPORT_BATCH_SIZE images (or
 * a quarter of a second of work), so a crash mid-import leaves whole images: a row always has its check.
 */
#pragma once

#include <glib.h>

#include "color/image.h"
#include "core/formats/image-loader.h"
#include "core/store/project.h"

#define SH_IMPORT_BATCH_SIZE 200

/* Photo standards. Bump SH_PHOTO_CHECK_VERSION whenever a measurement or a threshold changes (2: transparent
 * pixels are told apart from the backdrop and the product). */
#define SH_PHOTO_CHECK_VERSION 2
#define SH_PHOTO_CHECK_DEFAULT_MIN_SHORT_SIDE 1000

typedef struct {
  int min_short_side;              /* pixels; 0 means SH_PHOTO_CHECK_DEFAULT_MIN_SHORT_SIDE */
} ShPhotoCheckOptions;

/* What most of the photo's border is. */
typedef enum {
  SH_PHOTO_BACKGROUND_WHITE,
  SH_PHOTO_BACKGROUND_TRANSPARENT, /* a cut-out: transparent pixels (alpha < 128), not a white backdrop */
  SH_PHOTO_BACKGROUND_OTHER,       /* grey, coloured, a scene */
} ShPhotoBackground;

typedef struct {
  double white_fraction;           /* border samples that are near-white (L* >= 82, C* <= 10) */
  double transparent_fraction;     /* border samples that are transparent */
  double white_min_fraction;       /* the threshold: 0.75 (a product may run off an edge) */
  gboolean white_passed;           /* white_fraction >= white_min_fraction */
  ShPhotoBackground background;    /* white when white_passed, transparent when that fraction reaches the
                                    * threshold instead, else other */
  int short_side;
  int min_short_side;
  gboolean resolution_passed;
  double clipped_fraction;         /* channels at 255 among the product's samples: a pure-white backdrop is
                                    * meant to be at 255, the product is not (whole frame if none found) */
  double clipped_max_fraction;     /* the threshold: 0.02 */
  gboolean clipped_passed;         /* clipped_fraction <= clipped_max_fraction */
  gboolean product_found;          /* enough opaque samples differ from the backdrop to locate the product */
  double centroid_x, centroid_y;   /* of the opaque samples more than 15 dE76 from the backdrop (the border's
                                    * median colour, white or not), as fractions of the width/height */
  double center_offset;            /* distance of the centroid from the middle, in fractions */
  double center_max_offset;        /* the threshold: 0.2 */
  gboolean centered_passed;        /* product_found and center_offset <= center_max_offset */
  gboolean passed;                 /* all four */
} ShPhotoCheck;

void sh_photo_check_measure (const ShImage *image, const ShPhotoCheckOptions *options, ShPhotoCheck *check);
/* The stored form: {"version": 2, "white_background": {...}, "resolution": {...}, ...}. */
char *sh_photo_check_to_json (const ShPhotoCheck *check);
/* Reads a stored check back (any version: a version 1 check has no transparency, its background is white or
 * other). FALSE when json is not a photo check. */
gboolean sh_photo_check_from_json (const char *json, ShPhotoCheck *check);

/* ---- import ---- */

typedef enum {
  SH_IMPORT_SKIP_NOT_FOUND,        /* the path does not exist or cannot be listed */
  SH_IMPORT_SKIP_NOT_IMAGE,        /* no image signature (text, zero bytes, other formats) */
  SH_IMPORT_SKIP_UNREADABLE,       /* an image signature, but the loader refused it (its message) */
} ShImportSkipKind;

typedef struct {
  char *path;
  ShImportSkipKind kind;
  char *reason;
} ShImportSkip;

typedef struct {
  char *path;
  char *duplicate_of;              /* the earlier file of this import with the same bytes, or the stored
                                    * path of the image already in the project */
  gboolean in_project;
} ShImportDuplicate;

typedef struct {
  guint found;                     /* files looked at */
  guint imported;
  guint checks_failed;             /* imported images that miss a photo standard */
  GArray *image_ids;               /* gint64, the images added */
  GPtrArray *duplicates;           /* ShImportDuplicate */
  GPtrArray *skipped;              /* ShImportSkip, in path order */
  double seconds;                  /* wall time of the whole import */
} ShImportReport;

void sh_import_report_init (ShImportReport *report);
void sh_import_report_clear (ShImportReport *report);

/* Called on the importing thread after each file's fate is known; current is the file's path. */
typedef void (*ShImportProgress) (guint done, guint total, const char *current, gpointer user_data);

typedef struct {
  ShPhotoCheckOptions check;
  guint threads;                   /* 0: g_get_num_processors () */
  guint batch_size;                /* 0: SH_IMPORT_BATCH_SIZE */
  ShLoadOptions load;              /* the decoder's pixel limit (0: SH_DEFAULT_PIXEL_LIMIT) */
} ShImportOptions;

/* Imports with default options. Returns FALSE only for a fatal error (the project cannot be written);
 * files that cannot be read are listed in report->skipped and do not make it fail. Batches committed
 * before a fatal error stay. report must have been initialised. */
gboolean sh_import_paths (ShProject *project, const char *const *paths, ShImportProgress progress,
                          gpointer user_data, ShImportReport *report, GError **error);
gboolean sh_import_paths_full (ShProject *project, const char *const *paths, const ShImportOptions *options,
                               ShImportProgress progress, gpointer user_data, ShImportReport *report,
                               GError **error);
