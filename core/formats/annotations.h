/* SPDX-License-Identifier: GPL-3.0-or-later */
/* annotations.h: pre-annotations, a detector's predictions in COCO detection JSON, loaded as model boxes.
 *
 * The file: {"images": [{"id", "file_name", "width", "height"}...], "annotations": [{"image_id",
 * "category_id", "bbox": [x, y, w, h], "score"?}...], "categories": [{"id", "name"}...]}; other keys are
 * ignored. Ids are integers, sizes positive integers, bbox four finite numbers with w and h above zero,
 * score a number from 0 to 1. Any error refuses the whole file, naming the element ("annotations[12].bbox:
 * ...", indices from 0) or, for JSON syntax, the byte offset. Parsing needs no project.
 *
 * Applying, in one transaction: a COCO image is matched to a project image by its stored path when the
 * file_name holds a folder and that path exists, else by the file name alone. Unmatched or ambiguous
 * names are warnings. Boxes are taken as upright pixels when the COCO size equals the project image's
 * upright size. When it is exactly the swapped size and the photo's EXIF orientation turns it a quarter
 * (5-8), the predictions were made on the stored pixels: they are mapped through the orientation. Any
 * other size refuses that image's boxes with a warning. A box wholly outside the image is a warning; one
 * partly outside is clipped. Category names become box classes (new names, new classes). Re-importing
 * replaces the model boxes of the matched images that nobody has accepted yet, so running it twice does
 * not double the boxes.
 */
#pragma once

#include <glib.h>

#include "core/store/project.h"

#define SH_COCO_ERROR (sh_coco_error_quark ())
GQuark sh_coco_error_quark (void);

typedef enum {
  SH_COCO_ERROR_PARSE,         /* not well-formed JSON */
  SH_COCO_ERROR_INVALID,       /* a key missing, a wrong type, a value out of range */
} ShCocoError;

typedef struct {
  gint64 id;
  char *file_name;
  int width, height;
} ShCocoImage;

typedef struct {
  guint image;                 /* index into images */
  guint category;              /* index into category_names */
  double x, y, w, h;
  double score;                /* < 0 when the file gives none */
} ShCocoBox;

typedef struct {
  GPtrArray *images;           /* ShCocoImage */
  GPtrArray *category_names;   /* char * */
  GArray *boxes;               /* ShCocoBox */
} ShCocoSet;

ShCocoSet *sh_coco_parse (const char *data, gsize len, GError **error);
ShCocoSet *sh_coco_parse_file (const char *path, GError **error);
void sh_coco_set_free (ShCocoSet *set);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ShCocoSet, sh_coco_set_free)

typedef struct {
  guint images_matched;
  guint boxes_added;
  guint boxes_replaced;        /* earlier unaccepted model boxes removed */
  GPtrArray *warnings;         /* char * */
} ShCocoReport;

void sh_coco_report_init (ShCocoReport *report);
void sh_coco_report_clear (ShCocoReport *report);

gboolean sh_coco_apply (ShProject *project, const ShCocoSet *set, ShCocoReport *report, GError **error);

/* Maps a box on the stored (not yet turned) pixels of a photo of EXIF orientation 1-8 into upright pixels;
 * stored_width x stored_height is the size of the stored pixels. */
void sh_coco_box_to_upright (int orientation, int stored_width, int stored_height, double *x, double *y, double *w,
                             double *h);
