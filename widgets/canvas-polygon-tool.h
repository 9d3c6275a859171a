/* SPDX-License-Identifier: GPL-3.0-or-later */
/* canvas-polygon-tool.h: the lip polygon tool, an image canvas (its only child) with the lips drawn over it.
 *
 * Two polygons in upright image pixels: the outer lip contour and the mouth opening (teeth, the dark gap),
 * which is subtracted from it. One of them is the active one, the one new points go to (L: lips, O:
 * opening). On the photo, with the primary button:
 *   a click adds a point to the active polygon while it is open; a click on its first point (from three
 *   points on) or Return closes it;
 *   a press on a point selects it and a drag moves it;
 *   Alt+click on an edge of a closed polygon inserts a point there (and drags it while the button is held).
 * Keys (while the canvas has the focus): Delete or BackSpace removes the selected point (the last one of an
 * open polygon; a closed polygon left with fewer than three points goes); Tab / Shift+Tab select the next /
 * previous point of the active polygon; arrows move the selected point (Shift: 10 px); N adds a point at the
 * pointer (or the middle of the view) to the open polygon; Escape drops the open polygon, then the selection.
 * Without a selected point the arrows and every other key go on to the canvas (pan, zoom), as do the middle
 * button and scrolling.
 *
 * Measuring (M toggles it, Escape, L or O leave it): the primary button draws the canvas's own box instead
 * (a patch of skin, reported by the canvas's box-drawn), Return or N puts a default box at the pointer, and
 * the polygons stay as they are.
 *
 * The tool stores nothing: when a closed polygon has been edited (closed, a point moved, inserted or removed)
 * it emits polygon-edited with the polygon's kind and a label for the undo menu; the caller stores both
 * polygons (sh_canvas_polygon_tool_get_polygon) and may hand back the stored ones with
 * sh_canvas_polygon_tool_set_polygons. Points stay inside the image.
 */
#pragma once

#include <gtk/gtk.h>

#include "color/lip-mask.h"
#include "sh-image-canvas.h"

G_BEGIN_DECLS

typedef enum {
  SH_LIP_POLYGON_OUTER,
  SH_LIP_POLYGON_OPENING,
} ShLipPolygonKind;

#define SH_TYPE_CANVAS_POLYGON_TOOL (sh_canvas_polygon_tool_get_type ())
G_DECLARE_FINAL_TYPE (ShCanvasPolygonTool, sh_canvas_polygon_tool, SH, CANVAS_POLYGON_TOOL, GtkWidget)

GtkWidget *sh_canvas_polygon_tool_new (void);
ShImageCanvas *sh_canvas_polygon_tool_get_canvas (ShCanvasPolygonTool *self);

/* The stored polygons, closed (n >= 3) or absent (NULL or n < 3); drops an open polygon. The selected point
 * stays selected while the active polygon still has it. */
void sh_canvas_polygon_tool_set_polygons (ShCanvasPolygonTool *self, const ShPoint *outer, int n_outer,
                                          const ShPoint *opening, int n_opening);
/* A polygon's points (owned by the tool, NULL when it has none) and whether it is closed. */
const ShPoint *sh_canvas_polygon_tool_get_polygon (ShCanvasPolygonTool *self, ShLipPolygonKind kind,
                                                   int *n_points, gboolean *closed);

/* The polygon that new points go to ("active-kind" property). */
void sh_canvas_polygon_tool_set_active_kind (ShCanvasPolygonTool *self, ShLipPolygonKind kind);
ShLipPolygonKind sh_canvas_polygon_tool_get_active_kind (ShCanvasPolygonTool *self);

/* Measuring mode ("measuring" property): see above. */
void sh_canvas_polygon_tool_set_measuring (ShCanvasPolygonTool *self, gboolean measuring);
gboolean sh_canvas_polygon_tool_get_measuring (ShCanvasPolygonTool *self);

/* The selected point of the active polygon, -1 for none. */
int sh_canvas_polygon_tool_get_selected (ShCanvasPolygonTool *self);

G_END_DECLS
