/* SPDX-License-Identifier: GPL-3.0-or-later */
/* polygon-history.h: edits of the lips drawn on face photos, with undo and redo, written through to the
 * project (sh_project_set_lip_polygons).
 *
 * A step sets both polygons of one face photo, the outer contour and the mouth opening, as they are after the
 * edit (closing a polygon, moving, inserting or removing a point): one store transaction that has committed
 * before the call returns TRUE. Undo and redo write the polygons from before (after) the step back in one
 * transaction each; undoing the first contour drawn on a photo removes its lips. When the store refuses
 * (read-only project, a point outside the photo), the call returns FALSE with its error and the history is
 * exactly as it was.
 *
 * The history lives as long as the window: unlimited, across face photos, never saved. A new step clears the
 * redo steps. "changed" (gint64 face_photo_id) is emitted after each committed step, undo and redo, so that a
 * window can show that photo and reload its polygons. The project must outlive the history; use both from
 * one thread.
 */
#pragma once

#include <glib-object.h>

#include "color/lip-mask.h"
#include "core/store/project.h"

G_BEGIN_DECLS

#define SH_TYPE_POLYGON_HISTORY (sh_polygon_history_get_type ())
G_DECLARE_FINAL_TYPE (ShPolygonHistory, sh_polygon_history, SH, POLYGON_HISTORY, GObject)

ShPolygonHistory *sh_polygon_history_new (ShProject *project);
ShProject *sh_polygon_history_get_project (ShPolygonHistory *history);

/* Stores the lips of face photo face_photo_id: outer (at least three points) and opening (NULL or
 * n_opening 0: none). label names the step for the undo menu ("Add Lips", "Move Point"). Polygons equal to
 * the stored ones make no step. */
gboolean sh_polygon_history_set (ShPolygonHistory *history, gint64 face_photo_id, const ShPoint *outer,
                                 int n_outer, const ShPoint *opening, int n_opening, const char *label,
                                 GError **error);

gboolean sh_polygon_history_undo (ShPolygonHistory *history, GError **error);
gboolean sh_polygon_history_redo (ShPolygonHistory *history, GError **error);
gboolean sh_polygon_history_can_undo (ShPolygonHistory *history);
gboolean sh_polygon_history_can_redo (ShPolygonHistory *history);
/* The label of the step the next undo (redo) takes back (brings back), NULL when there is none. */
const char *sh_polygon_history_get_undo_label (ShPolygonHistory *history);
const char *sh_polygon_history_get_redo_label (ShPolygonHistory *history);

G_END_DECLS
