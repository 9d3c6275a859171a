/* SPDX-License-Identifier: GPL-3.0-or-later */
/* export.h: a project as training data (COCO, Pascal VOC, YOLO, CSV) and as try-on materials (glTF 2.0).
 *
 * Which images: those with status "labeled" (plus, with include_new, "new" images that have at least one
 * exported box); "skipped" and "rejected" images never. Which boxes: human boxes and model boxes a person
 * accepted; unreviewed model predictions are not ground truth and are left out.
 *
 * Splits (train, val, test) are grouped: every image of a product lands in the same split, an image without
 * a product is a group of its own. Groups are ordered by a hash of (seed, group key), where the key is the
 * product's SKU or the image's content hash, and the ordered list is cut at the requested fractions of the
 * image count. So a split is deterministic for a seed, the proportions are exact to within one group at each
 * cut, and adding products moves only the few groups that sit at a cut.
 *
 * Images are never copied or re-encoded: files refer to the originals by a path relative to the export
 * folder (YOLO uses symbolic links). Every file is written under a temporary name in its own folder and
 * renamed into place only once the whole export has been written and flushed to disk: a failed or
 * interrupted export leaves each file either as it was or complete, never half-written.
 */
#pragma once

#include <glib.h>

#include "core/store/project.h"

#define SH_EXPORT_ERROR (sh_export_error_quark ())
GQuark sh_export_error_quark (void);

typedef enum {
  SH_EXPORT_ERROR_INVALID,   /* bad options */
  SH_EXPORT_ERROR_WRITE,     /* a file or folder could not be written */
  SH_EXPORT_ERROR_FULL,      /* the disk is full */
} ShExportError;

typedef enum {
  SH_EXPORT_COCO,
  SH_EXPORT_VOC,
  SH_EXPORT_YOLO,
  SH_EXPORT_CSV,
  SH_EXPORT_GLTF,
} ShExportFormat;

const char *sh_export_format_name (ShExportFormat format);      /* "coco", "voc", ... */
gboolean sh_export_format_from_name (const char *name, ShExportFormat *format);

#define SH_EXPORT_N_SPLITS 3
const char *sh_export_split_name (int split);                   /* "train", "val", "test" */

typedef struct {
  ShExportFormat format;
  double fractions[SH_EXPORT_N_SPLITS];   /* train, val, test; any scale, normalised */
  guint64 seed;
  gboolean include_new;
} ShExportOptions;

/* COCO, 0.8 / 0.1 / 0.1, seed 0, labeled images only. */
void sh_export_options_init (ShExportOptions *options);

/* "0.8,0.1,0.1", "80,20" (val), "1" (train only): one to three non-negative numbers, not all zero. */
gboolean sh_export_parse_split (const char *text, double fractions[SH_EXPORT_N_SPLITS], GError **error);

typedef struct {
  guint images[SH_EXPORT_N_SPLITS];
  guint boxes[SH_EXPORT_N_SPLITS];
  guint products;            /* glTF: materials written */
  guint products_skipped;    /* glTF: products without any colour */
  guint files;               /* files and links written */
} ShExportSummary;

/* Writes the export into out_dir (created when missing). Reads the project only. */
gboolean sh_export (ShProject *project, const char *out_dir, const ShExportOptions *options,
                    ShExportSummary *summary, GError **error);

/* How far an export is, from 0 to 1, called on the exporting thread; a negative fraction while it cannot tell
 * (reading the project; glTF, whose product count is only known at the end). */
typedef void (*ShExportProgressFunc) (double fraction, gpointer user_data);

/* sh_export with progress (progress may be NULL). */
gboolean sh_export_full (ShProject *project, const char *out_dir, const ShExportOptions *options,
                         ShExportProgressFunc progress, gpointer user_data, ShExportSummary *summary,
                         GError **error);

/* The grouped split: splits[i] (0 train, 1 val, 2 test) for n groups with keys and weights (image counts,
 * at least 1). Exposed for tests. */
void sh_export_assign_splits (guint n, const char *const *keys, const guint *weights,
                              const double fractions[SH_EXPORT_N_SPLITS], guint64 seed, guint8 *splits);
