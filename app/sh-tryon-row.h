/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sh-tryon-row.h: the calibration window's Try-on row: the material rendered on each consenting participant's
 * bare face photo (sorted by Monk Skin Tone; core/models/tryon-faces.h), beside that participant's photo
 * wearing the same product when there is one, the CIEDE2000 between the rendered and the worn lips' medians
 * under each pair, and their mean per MST group (1-3, 4-7, 8-10). Above them, "on this face": the four-way
 * comparison's colours on one participant's lips beside their worn photo.
 *
 * Like the tone grid, nothing is decoded or rendered on the main thread: the faces are read (through a
 * read-only connection of its own) and decoded on a worker when the product changes, and each material is
 * rendered on workers (a frame's faces shared out among the processors); the latest material wins (a render asked for while one runs waits for it, and only
 * the newest material then renders), so the row follows a slider as it moves. Pictures go through the
 * monitor's profile from each photo's own. */
#pragma once

#include <gtk/gtk.h>

#include "color/display.h"
#include "color/material.h"

G_BEGIN_DECLS

#define SH_TYPE_TRYON_ROW (sh_tryon_row_get_type ())
G_DECLARE_FINAL_TYPE (ShTryonRow, sh_tryon_row, SH, TRYON_ROW, GtkWidget)

GtkWidget *sh_tryon_row_new (void);

/* The project file (read through a connection of the row's own) and the monitor's profile (NULL: sRGB). */
void sh_tryon_row_set_project (ShTryonRow *self, const char *path, ShDisplayProfile *monitor);
/* The product whose worn photos the renders are compared with; 0 shows nothing. Reads the faces again. */
void sh_tryon_row_set_product (ShTryonRow *self, gint64 product_id);
/* The material to render (copied); starts a render. */
void sh_tryon_row_set_material (ShTryonRow *self, const ShMaterial *material);
/* "On this face": the first face (in MST order) with a worn photo, shown worn beside the product rendered in
 * the plain average's colour, the robust extraction's and as tuned (the first two are the material with that
 * base colour), each with its CIEDE2000 to the worn lips. The colours are the four-way comparison's, Lab D50
 * (NULL: not measured). */
void sh_tryon_row_set_method_colors (ShTryonRow *self, const double mean_lab[3], const double robust_lab[3]);

/* ---- what is shown (tests) ---- */

/* Whether faces are being read or a render is in flight. */
gboolean sh_tryon_row_is_busy (ShTryonRow *self);
/* How many renders have been shown. */
guint sh_tryon_row_get_frame_count (ShTryonRow *self);
guint sh_tryon_row_get_n_faces (ShTryonRow *self);
/* Face index's participant code and tone, and the CIEDE2000 shown under it (-1 without a worn photo or a
 * render). */
const char *sh_tryon_row_get_code (ShTryonRow *self, guint index, int *mst);
double sh_tryon_row_get_delta_e (ShTryonRow *self, guint index);
/* On this face: the CIEDE2000 shown under "mean", "robust" or "tuned" (-1 when not shown). */
double sh_tryon_row_get_face_delta_e (ShTryonRow *self, const char *which);
/* The mean shown for MST group 0 (1-3), 1 (4-7) or 2 (8-10), and how many pairs it averages (0: none). */
double sh_tryon_row_get_group_mean (ShTryonRow *self, int group, int *count);

G_END_DECLS
