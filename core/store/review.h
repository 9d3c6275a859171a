/* SPDX-License-Identifier: GPL-3.0-or-later */
/* review.h: the weekly calibration review. Which products changed since a date, what their material was at
 * that date and what it is now, the reviewer's decision, and the review's export (PNG contact sheet, CSV).
 *
 * Times are the store's UTC text ('2026-11-26T05:12:28.123Z', sh_project_now), compared as text. A product
 * changed after `since` when a change to its material was audited after it, or when a robust, mean or
 * dominant swatch of one of its product boxes was computed after it.
 *
 * One change is one entry of the audit log (material_changes, schema v3): a preset or a slider drag is one
 * ShReviewChange whatever the number of parameters it moved, with each parameter's value before and after
 * as exported (sh_project_set_material_values).
 *
 * The material at a time is reconstructed from the audit log: each parameter takes the latest audited value
 * at or before the time; a parameter audited only later takes the value its first later change replaced;
 * one never audited keeps its current value. Then the rule of core/store/project-materials.h resolves it
 * exactly as the glTF export does (an unset base colour falls back to the swatch, then the catalogue colour;
 * an unset roughness to the finish's starting point; a base colour audited as the one the swatch or catalogue
 * gave then counts as coming from there). Swatches are replaced when recomputed, not versioned: the swatch at a time is the
 * best one among boxes drawn by then, with the values it has now.
 */
#pragma once

#include <cjson/cJSON.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib.h>

#include "color/skin-render.h"
#include "core/formats/material-json.h"
#include "core/store/project.h"

typedef struct {
  char *parameter;               /* a materials column ("roughness"), or "swatch (robust)" and the like */
  char *before;                  /* text form as exported; NULL: none (no colour, no finish), or not set in an
                                  * entry written before schema v3 */
  char *after;
} ShReviewValue;

typedef struct {
  /* The values joined with "; " in the same order ("finish; roughness", "shiny; 0.28"), as the CSV has
   * them; before (after) is NULL when every value's is. One value: its own fields. */
  char *parameter;
  char *before;
  char *after;
  char *who;                     /* may be NULL (a swatch of a box without a labeler) */
  char *at;
  char *note;                    /* may be NULL */
  GPtrArray *values;             /* ShReviewValue, one or more, in the materials table's column order */
} ShReviewChange;

void sh_review_change_free (ShReviewChange *change);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ShReviewChange, sh_review_change_free)

typedef struct {
  gboolean accepted;             /* FALSE: sent back ("reject" in the store) */
  char *comment;                 /* may be NULL for an approval */
  char *reviewer;
  char *at;
} ShReviewDecision;

void sh_review_decision_free (ShReviewDecision *decision);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ShReviewDecision, sh_review_decision_free)

typedef struct {
  gint64 product_id;
  char *sku, *brand, *shade;     /* brand and shade may be NULL */
  ShProductMaterial before;      /* as it was at `since` */
  ShProductMaterial after;       /* as it is now */
  gboolean before_has_color;     /* FALSE: no colour then (before.material.base_color is white) */
  gboolean after_has_color;
  GPtrArray *changes;            /* ShReviewChange, oldest first */
  ShReviewDecision *decision;    /* the latest review of the product (any time), or NULL */
} ShReviewItem;

typedef struct {
  char *since;
  GPtrArray *items;              /* ShReviewItem, by SKU */
} ShReview;

void sh_review_free (ShReview *review);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ShReview, sh_review_free)

/* "2026-11-19" (local midnight) or an ISO 8601 date and time ("2026-11-19T09:00:00Z"; no zone: local) ->
 * the store's UTC text. G_IO_ERROR_INVALID_ARGUMENT otherwise. */
char *sh_review_parse_date (const char *text, GError **error);

/* The products changed after since (store text), each with its material then and now, its changes and its
 * latest review. */
ShReview *sh_review_new (ShProject *project, const char *since, GError **error);

/* The entries of a product's audit log, newest first, at most limit of them (0: all): a GPtrArray of
 * ShReviewChange that frees them. */
GPtrArray *sh_review_list_material_changes (ShProject *project, gint64 product_id, guint limit, GError **error);

/* One product's material as it was at `at` (store text). FALSE with SH_PROJECT_ERROR_INVALID for an unknown
 * product; *has_color tells whether a colour was known then. */
gboolean sh_review_material_at (ShProject *project, gint64 product_id, const char *at, ShProductMaterial *material,
                                gboolean *has_color, GError **error);

/* Approves a product, or sends it back ("reject" in the store). Sending back needs a comment; both need the
 * reviewer's name. One transaction (sh_project_add_review). */
gboolean sh_review_decide (ShProject *project, gint64 product_id, gboolean approve, const char *comment,
                           const char *reviewer, GError **error);
/* The latest review of a product, NULL (without an error) when it has none. */
ShReviewDecision *sh_review_get_decision (ShProject *project, gint64 product_id, GError **error);

/* {"since", "products":[{"sku","brand","shade","before":{material},"after":{material},
 *  "before_color_source","after_color_source",
 *  "changes":[{parameter,before,after,who,at,note,"parameters":[{parameter,before,after}]}],
 *  "review":{decision,reviewer,comment,at}|null}]} */
cJSON *sh_review_to_json (const ShReview *review);

/* ---- export (review-export.c) ---- */

/* The contact sheet: one band per product in the review's order; a band is two rows of tiles, before (top)
 * and after, one tile per tone, on the neutral L* 50 grey. The band's left margin carries the product's
 * number (1-based, the CSV's sheet_row) in pixel digits; the before row's margin has a hollow square, the
 * after row's a filled one. No other text: the CSV names the rows. */
#define SH_REVIEW_TILE_WIDTH 120
#define SH_REVIEW_TILE_HEIGHT 90
#define SH_REVIEW_GAP 6
#define SH_REVIEW_MARGIN 40
#define SH_REVIEW_BAND_GAP 18

/* Pixel size of a sheet of n_products bands on n_tones tones. */
void sh_review_sheet_size (guint n_products, guint n_tones, int *width, int *height);
/* Top-left corner of a tile: product index, row 0 before / 1 after, tone index. */
void sh_review_tile_origin (guint product, int row, guint tone, int *x, int *y);
/* The sheet, sRGB 8-bit RGB (tones: ShSkinTone, e.g. sh_project_get_skin_tones). A review without products
 * gives a sheet of the margin alone. NULL only when out of memory. */
GdkPixbuf *sh_review_render_sheet (const ShReview *review, const GArray *tones);

/* Both writes are atomic (a temporary file renamed into place). */
gboolean sh_review_write_png (const ShReview *review, const GArray *tones, const char *path, GError **error);
/* Columns: sku, brand, shade, parameter, before, after, who, when, note, decision, reviewer, comment,
 * sheet_row; one row per change (a change of several parameters lists them in one row, joined with "; "
 * as ShReviewChange has them), RFC 4180 quoting, UTF-8, header first. decision is the store's "accept" or
 * "reject" (sent back), empty when not reviewed; sheet_row is the product's band in the PNG. */
char *sh_review_csv_text (const ShReview *review);
gboolean sh_review_write_csv (const ShReview *review, const char *path, GError **error);
