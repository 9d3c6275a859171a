/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sh-calibration-window.h: the calibration workspace of a project, where technical artists tune each
 * product's physical material on the tone grid and review the week's changes.
 *
 * "Tune": the products that have a colour (left), the shade on every reference tone (centre) with the
 * four-way comparison under it (the photo, the plain average of its box, the robust extraction, the
 * tuned base colour, with CIEDE2000 between them), and the controls (right): finish preset, every material
 * parameter, and under them, always in view, a note that goes into the audit log. "Review": the weekly
 * review. Down to 1024x700 nothing is cut off: the tone grid and the comparison take as many columns as
 * fit, the parameters and the centre scroll.
 *
 * Every change goes through an ShMaterialHistory on the labeling window's project, so it is committed with
 * its audit row before the window shows it as stored. A slider drag previews live on the grid and is one
 * audited change when the button is released; a value typed or nudged with the keyboard is committed
 * once it has been still for 400 ms. Actions (all "win."): undo, redo (Ctrl+Z, Ctrl+Shift+Z),
 * select-product (s: SKU), apply-preset (s: finish), show-audit-log.
 *
 * One window per project: it belongs to the labeling window that has the project open and closes with it.
 */
#pragma once

#include <adwaita.h>

#include "color/material.h"
#include "sh-project-window.h"
#include "sh-tryon-row.h"
#include "widgets/sh-tone-grid.h"

G_BEGIN_DECLS

#define SH_TYPE_CALIBRATION_WINDOW (sh_calibration_window_get_type ())
G_DECLARE_FINAL_TYPE (ShCalibrationWindow, sh_calibration_window, SH, CALIBRATION_WINDOW, AdwApplicationWindow)

/* The calibration window of project_window's project: presents the one already open, else opens one.
 * NULL when project_window has no project. */
ShCalibrationWindow *sh_calibration_window_present_for (ShProjectWindow *project_window);
/* The open one, or NULL. */
ShCalibrationWindow *sh_calibration_window_find (ShProjectWindow *project_window);

/* Selects the product (commits pending changes first). FALSE for an unknown SKU or one without a colour. */
gboolean sh_calibration_window_select_product (ShCalibrationWindow *self, const char *sku);
const char *sh_calibration_window_get_selected_sku (ShCalibrationWindow *self);
/* Shows a product, as Ctrl+K in the labeling window does for its photo's product: selects it (reading the
 * products again when it is new or was just given a colour) and returns TRUE. For 0, or a product without any
 * colour, it shows the empty state instead and returns FALSE: no product is selected, the header says how to
 * get one (link the photo to a product, import a catalogue, give the product a catalogue colour) and the
 * controls, which would change nothing, are insensitive. */
gboolean sh_calibration_window_show_product (ShCalibrationWindow *self, gint64 product_id);
gint64 sh_calibration_window_get_selected_product (ShCalibrationWindow *self);
guint sh_calibration_window_get_n_products (ShCalibrationWindow *self);

/* Applies a finish preset ("matte", ...) to the selected product: one audited step. */
gboolean sh_calibration_window_apply_preset (ShCalibrationWindow *self, const char *finish);
/* Moves a parameter's control to value as a person would (the same path as the slider: previewed at once,
 * committed when still). parameter is a materials column or "coverage" (preview only, never stored). */
gboolean sh_calibration_window_set_parameter (ShCalibrationWindow *self, const char *parameter, double value);
/* Commits what is pending now instead of after the pause. FALSE when the store refused: the banner says so
 * and the controls return to what is stored. */
gboolean sh_calibration_window_commit (ShCalibrationWindow *self);
/* The note that goes into the audit rows of the next changes. */
void sh_calibration_window_set_note (ShCalibrationWindow *self, const char *note);

/* The banner's text while it tells that the store refused the last change (a material change, an undo, a
 * review decision), else NULL. It says what to do for the store's error and gives its reason; it goes when
 * a later change is saved or it is dismissed. For SH_PROJECT_ERROR_LOST the labeling window shows its own
 * banner too: the project is reopened there. */
const char *sh_calibration_window_get_save_failure (ShCalibrationWindow *self);

/* The material shown (with the changes not yet committed). */
const ShMaterial *sh_calibration_window_get_material (ShCalibrationWindow *self);
ShToneGrid *sh_calibration_window_get_tone_grid (ShCalibrationWindow *self);
/* The Try-on row: the product on the participants' own lips beside their worn photos. */
ShTryonRow *sh_calibration_window_get_tryon_row (ShCalibrationWindow *self);
/* Rows in the audit log list of the selected product. */
guint sh_calibration_window_get_audit_row_count (ShCalibrationWindow *self);
/* The four-way comparison: whether it is ready for the selected product, and CIEDE2000 between two of its
 * colours ("reference", "mean", "robust", "tuned"); a negative value when either is missing. */
gboolean sh_calibration_window_is_comparison_ready (ShCalibrationWindow *self);
double sh_calibration_window_get_delta_e (ShCalibrationWindow *self, const char *a, const char *b);

G_END_DECLS
