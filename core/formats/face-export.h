/* SPDX-License-Identifier: GPL-3.0-or-later */
/* face-export.h: participants' face photos and the lips drawn on them, as COCO or CSV, for a landmark model
 * to train or be checked on.
 *
 * Only participants who consented are exported, whatever is asked: the others' photos never leave the
 * project. Every face photo of those who did is written, drawn or not (a model can fill in the rest).
 *
 * - COCO: DIR/annotations/faces.json. images are the face photos (file_name relative to DIR, width and height
 *   upright, ids from 1, with a "shadelab_face" object: participant code, mst, kind bare / worn, sku or null);
 *   categories 1 "lips" (the outer contour) and 2 "mouth-opening"; one annotation per polygon with its
 *   points as "segmentation" [[x1, y1, ...]], "bbox" [x, y, w, h] around them and "area" by the shoelace
 *   formula, each polygon its own (the lips' area is the whole outer contour's, opening included).
 * - CSV: DIR/faces.csv (RFC 4180, CRLF), one row per polygon: image,width,height,participant,mst,kind,sku,
 *   role,points with role "outer" or "opening" and points as "x y;x y;...".
 *
 * Written like the project exports (core/formats/export.h): temporary files renamed into place at the end,
 * so an interrupted export leaves the old file or the new one. The project is only read.
 */
#pragma once

#include <glib.h>

#include "color/lip-mask.h"
#include "core/store/project.h"

typedef enum {
  SH_FACE_EXPORT_COCO,
  SH_FACE_EXPORT_CSV,
} ShFaceExportFormat;

gboolean sh_face_export_format_from_name (const char *name, ShFaceExportFormat *format);

typedef struct {
  guint photos;              /* face photos written */
  guint polygons;            /* outer contours and openings */
  guint participants;        /* who consented */
  guint left_out;            /* participants without consent, not exported */
} ShFaceExportSummary;

gboolean sh_face_export (ShProject *project, const char *out_dir, ShFaceExportFormat format,
                         ShFaceExportSummary *summary, GError **error);

/* The box around a polygon (x, y, w, h); its area is color/lip-mask.h's sh_polygon_area. */
void sh_polygon_bounds (const ShPoint *points, guint n, double box[4]);
