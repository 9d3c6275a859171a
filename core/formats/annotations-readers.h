/* SPDX-License-Identifier: GPL-3.0-or-later */
/* annotations-readers.h: the annotation formats besides COCO, each read whole and strictly into an ShCocoSet
 * (annotations.h), and the reader that tells them apart by content.
 *
 * Errors name the file (as given, or relative to the folder given) and the line (XML, YOLO) or the element
 * (JSON: "shapes[2].points", or the byte offset of a syntax error). Nothing is read half: any error refuses
 * the whole import.
 */
#pragma once

#include <cjson/cJSON.h>
#include <glib.h>

#include "core/formats/annotations.h"

typedef enum {
  SH_ANNOTATIONS_AS_DETECTED,      /* what the file says: a score (COCO, YOLO's sixth column) means predictions */
  SH_ANNOTATIONS_AS_GROUND_TRUTH,
  SH_ANNOTATIONS_AS_PREDICTIONS,
} ShAnnotationsAs;

/* A file or a folder: a COCO JSON file, a Pascal VOC XML file, a labelme JSON file, a CVAT for images 1.1 XML
 * file, a YOLO dataset (its folder holding data.yaml, or data.yaml itself), or a folder of VOC / labelme / COCO
 * / CVAT files (every *.xml and *.json under it). */
ShCocoSet *sh_annotations_read (const char *path, ShAnnotationsAs as, GError **error);

/* One file's text; folder is the file's own (relative image paths start there). Errors are not prefixed with
 * the file's name. */
ShCocoSet *sh_voc_parse (const char *data, gsize len, const char *folder, GError **error);
ShCocoSet *sh_cvat_parse (const char *data, gsize len, const char *folder, GError **error);
ShCocoSet *sh_labelme_parse (const char *data, gsize len, const char *folder, GError **error);
/* A YOLO dataset: root holds data.yaml, labels/ mirrors images/. Errors name the file relative to root. */
ShCocoSet *sh_yolo_read (const char *root, GError **error);

/* Which files a folder walk keeps: relative is the file's path under the root, name its last part. */
typedef gboolean (*ShAnnotationsKeep) (const char *relative, const char *name);

/* Adds to found the paths, relative to root, of the files under root (16 folders deep at most) that keep
 * accepts, in name order so that an import is the same on every file system. */
void sh_annotations_find_files (const char *root, ShAnnotationsKeep keep, GPtrArray *found);

/* JSON text (a UTF-8 byte order mark skipped) parsed with cJSON; a syntax error is SH_COCO_ERROR_PARSE at its
 * byte offset, and so, when whole, is any text but white space after the value. */
cJSON *sh_annotations_parse_json (const char *data, gsize len, gboolean whole, GError **error);

/* A finite number written in text (surrounding spaces allowed); FALSE otherwise. */
gboolean sh_annotations_parse_number (const char *text, double *value);
