/* SPDX-License-Identifier: GPL-3.0-or-later */
/* project-participants.h: the people a shade is tried on, their face photos and the lips drawn on them
 * (schema v4 tables participants, face_photos and lip_polygons, core/store/schema-v4.sql).
 *
 * - A participant is known by a code (unique, never a name), a Monk Skin Tone (1-10), optionally the
 *   marketplace they were recruited for and notes, and whether they consented to their photos being used;
 *   only those who did are listed for an export or a rendering.
 * - A face photo is bare (bare lips, to render on) or worn (wearing a product, to compare with). The file is
 *   decoded by the loader for its upright size: a file the loader refuses is refused.
 * - A face photo has an outer lip contour and optionally the mouth's opening, in upright pixels, each at
 *   least three points inside the photo.
 *
 * Each call is its own transaction (or part of an open sh_project_begin batch): a refused call changes
 * nothing. Removing a participant removes their face photos and polygons from the project (the files stay).
 */
#pragma once

#include <glib.h>

#include "color/lip-mask.h"
#include "core/store/project.h"

typedef struct {
  gint64 id;
  char *code;
  int mst;                       /* 1-10 */
  char *marketplace;             /* may be NULL */
  char *notes;                   /* may be NULL */
  gboolean consent;
  int n_bare, n_worn;            /* face photos */
  char *added_at;
  char *added_by;                /* may be NULL */
} ShParticipantRow;

void sh_participant_row_free (ShParticipantRow *row);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ShParticipantRow, sh_participant_row_free)

/* Adds a participant. Refuses an empty or taken code, an mst outside 1-10 with SH_PROJECT_ERROR_INVALID.
 * marketplace and notes may be NULL. */
gboolean sh_project_add_participant (ShProject *project, const char *code, int mst, const char *marketplace,
                                     const char *notes, gboolean consent, const char *added_by, gint64 *id,
                                     GError **error);
/* Changes participant id: code, mst, marketplace, notes and consent, checked as sh_project_add_participant does;
 * SH_PROJECT_ERROR_INVALID for a taken code or an unknown id. */
gboolean sh_project_update_participant (ShProject *project, gint64 id, const char *code, int mst,
                                        const char *marketplace, const char *notes, gboolean consent,
                                        GError **error);
/* Sets only the Monk Skin Tone (1-10) of the participant called code, in one transaction (what a measured
 * tone's --set stores); SH_PROJECT_ERROR_INVALID for an unknown code or a tone outside 1-10. */
gboolean sh_project_set_participant_mst (ShProject *project, const char *code, int mst, GError **error);
/* The participants by code: a GPtrArray of ShParticipantRow (frees them); with consented_only, only those
 * who consented (what an export or a rendering may use). */
GPtrArray *sh_project_list_participants (ShProject *project, gboolean consented_only, GError **error);
/* A participant's id by code; SH_PROJECT_ERROR_INVALID when there is none. */
gboolean sh_project_find_participant (ShProject *project, const char *code, gint64 *participant_id,
                                      GError **error);
/* Removes the participant called code with their face photos and polygons; SH_PROJECT_ERROR_INVALID when
 * there is none. */
gboolean sh_project_remove_participant (ShProject *project, const char *code, GError **error);

typedef enum {
  SH_FACE_PHOTO_BARE,
  SH_FACE_PHOTO_WORN,
} ShFacePhotoKind;

typedef struct {
  gint64 id;
  gint64 participant_id;
  char *participant_code;
  char *path;                    /* as stored (sh_project_resolve_path gives the file) */
  char *content_hash;
  int width, height;             /* upright */
  ShFacePhotoKind kind;
  gint64 product_id;             /* worn: the product; bare: 0 */
  char *sku;                     /* worn: the product's SKU; bare: NULL */
  gboolean has_outer, has_opening;
  char *added_at;
  char *added_by;
} ShFacePhotoRow;

void sh_face_photo_row_free (ShFacePhotoRow *row);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ShFacePhotoRow, sh_face_photo_row_free)

/* Adds a face photo of a participant; product_id is the worn product (0 for a bare photo, required for a
 * worn one). The file is decoded (sh_load_image): a missing or undecodable file fails with the loader's
 * error (SH_LOADER_ERROR). */
gboolean sh_project_add_face_photo (ShProject *project, gint64 participant_id, ShFacePhotoKind kind,
                                    gint64 product_id, const char *file, const char *added_by, gint64 *id,
                                    GError **error);
/* The face photos of one participant (participant_id > 0) or of all (0), by participant code then id: a
 * GPtrArray of ShFacePhotoRow (frees them). */
GPtrArray *sh_project_list_face_photos (ShProject *project, gint64 participant_id, GError **error);
/* One face photo by id; NULL with SH_PROJECT_ERROR_INVALID when there is none. */
ShFacePhotoRow *sh_project_get_face_photo (ShProject *project, gint64 id, GError **error);

/* Sets the lips of a face photo: the outer contour, and the opening (NULL or n_opening 0 removes it), in
 * one transaction. Each polygon needs at least three finite points inside the photo (0 to width, 0 to
 * height): otherwise SH_PROJECT_ERROR_INVALID and nothing changes. */
gboolean sh_project_set_lip_polygons (ShProject *project, gint64 face_photo_id, const ShPoint *outer,
                                      int n_outer, const ShPoint *opening, int n_opening, GError **error);
/* Removes the lips of a face photo (outer contour and opening) in one transaction; SH_PROJECT_ERROR_INVALID
 * for an unknown face photo. */
gboolean sh_project_clear_lip_polygons (ShProject *project, gint64 face_photo_id, GError **error);
/* The lips of a face photo: *outer and *opening as GArrays of ShPoint, NULL when not drawn. */
gboolean sh_project_get_lip_polygons (ShProject *project, gint64 face_photo_id, GArray **outer,
                                      GArray **opening, GError **error);
