/* SPDX-License-Identifier: GPL-3.0-or-later */
/* face-import.h: lips from a landmark model, COCO "segmentation" polygons, onto the project's face photos.
 *
 * The file: {"images": [{"id", "file_name", "width"?, "height"?}...], "annotations": [{"image_id",
 * "category_id", "segmentation": [[x1, y1, x2, y2, ...]]}...], "categories": [{"id", "name"}...]}, other keys
 * ignored (what `shadelab-cli face export --format coco` writes reads back). Categories are taken by name:
 * "lips", "lip" or "outer" is the lips' outer contour, "mouth-opening", "mouth" or "opening" the opening (any
 * case); annotations of other categories are left out and counted. A segmentation is one polygon of at
 * least three points in the photo's upright pixels; RLE masks are refused.
 *
 * An image is matched to a face photo by its path: file_name relative to the JSON file's folder (or to the
 * folder above, for a file in an annotations/ folder as COCO lays them out) or as the project stores it;
 * else by file name alone. Two face photos of that name, or two images of the file on one face photo, are
 * an error naming both; an image matching none is a warning and its polygons are left out. A width and
 * height, when given, must be the face photo's upright size.
 *
 * Applying is one transaction: the polygons a matched photo gets replace its lips as `polygon set` does (an
 * outer contour without an opening removes the stored opening; an opening alone keeps the stored contour).
 * Any error changes nothing and names the element ("annotations[3].segmentation: ...", indices from 0) or,
 * for JSON syntax, the byte offset.
 */
#pragma once

#include <glib.h>

#include "core/store/project.h"

typedef struct {
  guint photos;                /* face photos whose lips were set */
  guint polygons;              /* outer contours and openings set */
  guint ignored;               /* annotations of other categories */
  GPtrArray *warnings;         /* owned: char * */
} ShFaceImportReport;

void sh_face_import_report_init (ShFaceImportReport *report);
void sh_face_import_report_clear (ShFaceImportReport *report);

/* Errors are SH_COCO_ERROR (core/formats/annotations.h) for the file, the store's for the project. */
gboolean sh_face_import_polygons (ShProject *project, const char *path, ShFaceImportReport *report,
                                  GError **error);
