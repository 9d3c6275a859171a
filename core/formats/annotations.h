/* SPDX-License-Identifier: GPL-3.0-or-later */
/* annotations.h: annotations from other tools, as a detector's predictions (model boxes) or as ground truth
 * (human boxes). ShCocoSet is the common form every reader fills (COCO here; Pascal VOC, YOLO, labelme and CVAT
 * in annotations-readers.h, chosen by content in sh_annotations_read).
 *
 * The file: {"images": [{"id", "file_name", "width", "height"}...], "annotations": [{"image_id",
 * "category_id", "bbox": [x, y, w, h], "score"?}...], "categories": [{"id", "name"}...]}; other keys are
 * ignored. Ids are integers, sizes positive integers, bbox four finite numbers with w and h above zero,
 * score a number from 0 to 1. Any error refuses the whole file, naming the element ("annotations[12].bbox:
 * ...", indices from 0) or, for JSON syntax, the byte offset. Parsing needs no project.
 *
 * Applying, in one transaction (sh_coco_apply, below, says how images are matched): an unmatched name is a
 * warning, an ambiguous one an error. Boxes are taken as upright pixels when the file's size equals the
 * project image's upright size. When it is exactly the swapped size and the photo's EXIF orientation turns it
 * a quarter (5-8), the boxes were drawn on the stored pixels: they are mapped through the orientation. Any
 * other size refuses that image's boxes with a warning. A box wholly outside the image is a warning; one
 * partly outside is clipped. Category names become box classes (new names, new classes, listed in the
 * report). Re-importing predictions replaces the model boxes of the matched images that nobody has accepted
 * yet, so running it twice does not double the boxes.
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

/* Sets SH_COCO_ERROR_INVALID "WHERE: MESSAGE" (where: the element or key at fault); returns FALSE. */
gboolean sh_coco_invalid (GError **error, const char *where, const char *format, ...) G_GNUC_PRINTF (3, 4);

typedef struct {
  gint64 id;
  char *file_name;             /* as the file writes it: a bare name or a relative path */
  char *folder;                /* absolute folder relative paths start from (the annotation file's), or NULL */
  char *path;                  /* absolute path of the photo the file points at (VOC <path>, YOLO image), or NULL */
  int width, height;           /* 0 x 0: boxes normalised to the photo's upright size (YOLO); -1 x -1: pixels of
                                * a size the file does not give */
} ShCocoImage;

typedef struct {
  guint image;                 /* index into images */
  guint category;              /* index into category_names */
  double x, y, w, h;           /* pixels; normalised centre and size when the image's size is 0 x 0 */
  double score;                /* < 0 when the file gives none */
  gboolean occluded, truncated, difficult;
} ShCocoBox;

typedef struct {
  GPtrArray *images;           /* ShCocoImage */
  GPtrArray *category_names;   /* char * */
  GArray *boxes;               /* ShCocoBox */
  const char *format;          /* "COCO", "Pascal VOC", "YOLO", "labelme", "CVAT" (several: "mixed") */
  gboolean ground_truth;       /* human boxes; else model boxes */
  GPtrArray *warnings;         /* char *: what a reader skipped (a labelme point, a CVAT polyline) */
} ShCocoSet;

/* A COCO file with no "score" anywhere is ground truth; one score makes the whole file predictions. */
ShCocoSet *sh_coco_parse (const char *data, gsize len, GError **error);
ShCocoSet *sh_coco_parse_file (const char *path, GError **error);
void sh_coco_set_free (ShCocoSet *set);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ShCocoSet, sh_coco_set_free)

/* Building a set (the readers). */
ShCocoSet *sh_coco_set_new (const char *format);
/* Adds an image (copies the strings; folder and path may be NULL); returns its index. */
guint sh_coco_set_add_image (ShCocoSet *set, const char *file_name, const char *folder, const char *path, int width,
                             int height);
/* The index of a category name, added when new. */
guint sh_coco_set_category (ShCocoSet *set, const char *name);
/* Moves everything of src into dest (categories joined by name). */
void sh_coco_set_merge (ShCocoSet *dest, ShCocoSet *src);

typedef struct {
  guint images_matched;
  guint boxes_added;
  guint boxes_replaced;        /* earlier unaccepted model boxes removed */
  guint boxes_present;         /* ground truth already in the project (same class, within 0.5 px): not added */
  guint images_labeled;        /* ground truth: new photos marked labeled */
  GPtrArray *new_classes;      /* char *: class names the import created */
  GPtrArray *warnings;         /* char * */
} ShCocoReport;

void sh_coco_report_init (ShCocoReport *report);
void sh_coco_report_clear (ShCocoReport *report);

/* Applies the set in one transaction. Ground truth: the boxes are human boxes (no score); a box equal to one
 * the photo already has (same class, every side within 0.5 px) is not added again, so importing twice changes
 * nothing; the matched photos still new become labeled. Predictions: as described above.
 *
 * Matching a file's image to a project photo: the photo the file points at (its path, resolved through
 * symbolic links), then file_name resolved from the file's folder, then file_name as a path stored in the
 * project, then the file name alone. No match is a warning; two photos of that name is an error naming both. */
gboolean sh_coco_apply (ShProject *project, const ShCocoSet *set, ShCocoReport *report, GError **error);

/* Maps a box on the stored (not yet turned) pixels of a photo of EXIF orientation 1-8 into upright pixels;
 * stored_width x stored_height is the size of the stored pixels. */
void sh_coco_box_to_upright (int orientation, int stored_width, int stored_height, double *x, double *y, double *w,
                             double *h);
