/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sh-calibration-comparison.h: the calibration window's four-way comparison of a product's colour: the photo
 * it is measured in, the plain average of its box, the robust extraction and the tuned base colour, with
 * CIEDE2000 between each pair.
 *
 * The photos are decoded and measured on a worker thread; a new product's measurement cancels the one
 * before. The widget shows the five places (a flow box that wraps them when narrow); the difference matrix
 * and the note go into a grid and a label of the window's own layout (the delta-grid and note properties),
 * so that they can sit below the places. */
#pragma once

#include <gtk/gtk.h>

#include "color/display.h"
#include "color/extract.h"

G_BEGIN_DECLS

#define SH_TYPE_CALIBRATION_COMPARISON (sh_calibration_comparison_get_type ())
G_DECLARE_FINAL_TYPE (ShCalibrationComparison, sh_calibration_comparison, SH, CALIBRATION_COMPARISON, GtkWidget)

GtkWidget *sh_calibration_comparison_new (void);

/* The monitor the photo is rendered for and the transform the colour swatches use (sRGB -> monitor). */
void sh_calibration_comparison_set_display (ShCalibrationComparison *self, ShDisplayProfile *monitor,
                                            ShDisplayTransform *transform);

/* Forgets every colour and the photo, and stops the measurements still running (a new product). */
void sh_calibration_comparison_clear (ShCalibrationComparison *self);
/* Measures a photo within box on the worker thread. A reference photo (someone wearing the product, box
 * on the lips) gives the "reference" colour and is the photo shown; the product's own photo gives "mean"
 * and "robust", and is shown when there is no reference. */
void sh_calibration_comparison_measure (ShCalibrationComparison *self, const char *path, ShBox box,
                                        gboolean is_reference);
/* Nothing to measure: the product's colour comes from its catalogue. The comparison is ready. */
void sh_calibration_comparison_set_no_photo (ShCalibrationComparison *self);
/* The tuned base colour in linear sRGB, or NULL for none. */
void sh_calibration_comparison_set_tuned (ShCalibrationComparison *self, const double linear[3]);

/* Whether every measurement started since the last clear has come back. */
gboolean sh_calibration_comparison_is_ready (ShCalibrationComparison *self);
/* A colour ("reference", "mean", "robust", "tuned") in Lab D50; FALSE when it is missing. "measured" is
 * emitted when a photo's colours come back and when they are cleared. */
gboolean sh_calibration_comparison_get_lab (ShCalibrationComparison *self, const char *which, double lab[3]);
/* CIEDE2000 between two colours ("reference", "mean", "robust", "tuned"); negative when either is missing. */
double sh_calibration_comparison_get_delta_e (ShCalibrationComparison *self, const char *a, const char *b);

G_END_DECLS
