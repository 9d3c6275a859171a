/* SPDX-License-Identifier: GPL-3.0-or-later */
/* project-reference.h: the project's reference data for the calibration workspace (schema v2 tables
 * skin_tones and reference_photos, core/store/schema-v2.sql).
 *
 * - Custom skin tones join the 10 built-in Monk Skin Tone swatches on the tone grid; names are unique and
 *   may not take a Monk tone's name ("MST 1" ... "MST 10").
 * - Reference photos show a person wearing the real product; the lip box is in upright pixels (EXIF
 *   orientation applied) and must lie inside the photo, which is checked by decoding it with the loader.
 *
 * Each change is one statement, so it is its own transaction (or part of an open sh_project_begin batch).
 */
#pragma once

#include <glib.h>

#include "color/skin-render.h"
#include "core/store/project.h"

typedef struct {
  gint64 id;
  char *name;
  char hex[8];                   /* '#rrggbb', lower case */
  double lab[3];                 /* Lab D50 */
  char *added_at;
  char *added_by;                /* may be NULL */
} ShToneRow;

void sh_tone_row_free (ShToneRow *row);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ShToneRow, sh_tone_row_free)

/* Adds a custom tone; hex is '#rrggbb' in either case. Refuses an empty or taken name (a Monk name too) and a
 * bad colour with SH_PROJECT_ERROR_INVALID. */
gboolean sh_project_add_tone (ShProject *project, const char *name, const char *hex, const char *added_by,
                              gint64 *id, GError **error);
/* The custom tones in the order they were added: a GPtrArray of ShToneRow (frees them). */
GPtrArray *sh_project_list_tones (ShProject *project, GError **error);
/* Removes the tone called name; SH_PROJECT_ERROR_INVALID when there is none. */
gboolean sh_project_remove_tone (ShProject *project, const char *name, GError **error);

/* The tones to render on, as ShSkinTone: the 10 Monk tones first when with_monk, then the custom tones. */
GArray *sh_project_get_skin_tones (ShProject *project, gboolean with_monk, GError **error);

typedef struct {
  gint64 id;
  gint64 product_id;
  char *sku;
  char *path;                    /* as stored (sh_project_resolve_path gives the file) */
  char *content_hash;
  double lip_x, lip_y, lip_w, lip_h;
  char *note;
  char *added_at;
  char *added_by;
} ShReferencePhotoRow;

void sh_reference_photo_row_free (ShReferencePhotoRow *row);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ShReferencePhotoRow, sh_reference_photo_row_free)

/* Adds a reference photo of a product. The file is decoded (sh_load_image) for its upright size: a missing
 * or undecodable file fails with the loader's error (SH_LOADER_ERROR), a lip box with w or h <= 0 or not
 * wholly inside the photo with SH_PROJECT_ERROR_INVALID. note may be NULL. */
gboolean sh_project_add_reference_photo (ShProject *project, gint64 product_id, const char *file,
                                         double lip_x, double lip_y, double lip_w, double lip_h,
                                         const char *note, const char *added_by, gint64 *id, GError **error);
/* The reference photos of one product (product_id > 0) or of all (0), by SKU then id: a GPtrArray of
 * ShReferencePhotoRow (frees them). */
GPtrArray *sh_project_list_reference_photos (ShProject *project, gint64 product_id, GError **error);
gboolean sh_project_remove_reference_photo (ShProject *project, gint64 id, GError **error);

/* A product's id by SKU; SH_PROJECT_ERROR_INVALID when there is none. */
gboolean sh_project_find_product (ShProject *project, const char *sku, gint64 *product_id, GError **error);
