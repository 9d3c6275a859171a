/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sh-tone-grid.h: a shade on every reference skin tone, side by side, as a technical artist judges it.
 *
 * One tile per tone (the 10 Monk Skin Tones unless other tones are set), each the lips of
 * color/skin-render.h wearing the material, with the tone's name under it, on a neutral mid-grey surround
 * (L* 50, as ISO 3664 / ISO 12646 viewing practice asks for colour judgement). Tiles and surround go
 * through the monitor's profile (an ShDisplayTransform from sRGB; sRGB when none is set).
 *
 * Rendering runs on a thread pool, one job per tile, never on the main thread; the latest parameters win:
 * setting a material while a render is in flight makes the tiles not yet started skip, and a frame whose
 * parameters were superseded is never shown. All tiles of a frame appear together (no half-updated grid
 * while a slider moves), and "rendered" is emitted each time one does.
 *
 * Compare mode shows two materials in every tile: the left half of the lips wears the first, the right
 * half the second, split by a thin line (before / after, or photo-derived / tuned).
 *
 * For assistive technologies each tile is an image labelled with its tone and the rendered lip colour,
 * e.g. "MST 3: lips #a8243a on skin #f7ead0". The grid is one stop in the Tab order: Tab reaches one tile
 * (the last one visited), the arrows, Home and End move between tiles (action tone-grid.move-focus "i":
 * -1 / 1 along a row, -2 / 2 a row up / down, G_MININT / G_MAXINT the first / last), and the focused tile
 * gets a ring around it.
 */
#pragma once

#include <gtk/gtk.h>

#include "color/display.h"
#include "color/skin-render.h"

G_BEGIN_DECLS

#define SH_TYPE_TONE_GRID (sh_tone_grid_get_type ())
G_DECLARE_FINAL_TYPE (ShToneGrid, sh_tone_grid, SH, TONE_GRID, GtkWidget)

/* Tiles are 240x180 unless set otherwise: the size of `shadelab-cli render` tiles. */
#define SH_TONE_GRID_DEFAULT_TILE_WIDTH 240
#define SH_TONE_GRID_DEFAULT_TILE_HEIGHT 180

GtkWidget *sh_tone_grid_new (void);

/* The tones, in order (copied); NULL or n_tones 0 restores the 10 Monk Skin Tones. */
void sh_tone_grid_set_tones (ShToneGrid *self, const ShSkinTone *tones, guint n_tones);
guint sh_tone_grid_get_n_tones (ShToneGrid *self);
const ShSkinTone *sh_tone_grid_get_tone (ShToneGrid *self, guint index);

/* The material to show (copied); NULL shows the bare lips. Starts a render. */
void sh_tone_grid_set_material (ShToneGrid *self, const ShMaterial *material);
/* Compare mode: a second material for the right half of each tile (copied); NULL leaves compare mode. */
void sh_tone_grid_set_compare_material (ShToneGrid *self, const ShMaterial *material);
gboolean sh_tone_grid_get_compare (ShToneGrid *self);
/* Captions for the two halves in compare mode ("Before", "After"); NULL hides them. */
void sh_tone_grid_set_compare_labels (ShToneGrid *self, const char *left, const char *right);

/* The transform to the monitor (only its monitor side is used); NULL means an sRGB monitor. */
void sh_tone_grid_set_display_transform (ShToneGrid *self, ShDisplayTransform *transform);
/* Tile size in pixels (32-2048) and tiles per row (1-20). */
void sh_tone_grid_set_tile_size (ShToneGrid *self, int width, int height);
void sh_tone_grid_set_columns (ShToneGrid *self, guint columns);
/* Columns and tile size for a view width (up to 5 columns; 160x120 tiles, 120x90 when fewer than three of
 * those fit), so that the grid needs no horizontal scrolling on a small screen. A new column count moves
 * the tiles (keeping their pictures and the focus); only a new tile size renders again. */
void sh_tone_grid_fit_width (ShToneGrid *self, int width);
guint sh_tone_grid_get_columns (ShToneGrid *self);
/* The glitter pattern's seed (as `shadelab-cli render --seed`, 0 by default). */
void sh_tone_grid_set_seed (ShToneGrid *self, guint32 seed);

/* ---- what is shown (tests, benchmarks, panels that show the same numbers) ---- */

/* Whether a render is in flight (its tiles not yet shown). */
gboolean sh_tone_grid_is_rendering (ShToneGrid *self);
/* How many frames have been shown. */
guint sh_tone_grid_get_frame_count (ShToneGrid *self);
/* Milliseconds from the parameters being set to the last frame being ready on the main thread. */
double sh_tone_grid_get_last_render_ms (ShToneGrid *self);
/* The shown tile (monitor RGB), NULL before the first frame. */
GdkTexture *sh_tone_grid_get_tile_texture (ShToneGrid *self, guint index);
/* The rendered lip colour at the lower lip's camera-facing point of tile index, sRGB 8-bit (before the
 * monitor transform); half 0 is the material (left half in compare mode), 1 the compare material. FALSE
 * when no frame is shown or there is no such half. */
gboolean sh_tone_grid_get_lip_srgb (ShToneGrid *self, guint index, guint half, guint8 rgb[3]);
/* The accessible label of tile index (NULL when there is none). */
const char *sh_tone_grid_get_tile_description (ShToneGrid *self, guint index);
/* The surround's monitor RGB. */
void sh_tone_grid_get_surround_rgb (ShToneGrid *self, guint8 rgb[3]);

G_END_DECLS
