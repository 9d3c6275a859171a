/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sh-calibration-window-private.h: the calibration window's state, shared by sh-calibration-window.c (the
 * products, the controls, the audit log and the review page) and sh-calibration-window-actions.c (its
 * actions and keys). */
#pragma once

#include "color/display.h"
#include "core/models/material-history.h"
#include "sh-calibration-comparison.h"
#include "sh-calibration-window.h"
#include "sh-tryon-row.h"

G_BEGIN_DECLS

/* The material parameters that have a slider (the table in sh-calibration-window.c). */
#define SH_CALIBRATION_N_SLIDERS 10

/* A product that has a colour, as the list shows it (defined in sh-calibration-window.c). */
typedef struct _ShCalibrationProduct ShCalibrationProduct;

struct _ShCalibrationWindow
{
  AdwApplicationWindow parent_instance;

  /* Template widgets (owned by the template) */
  AdwViewSwitcherTitle *switcher_title;
  GtkWidget *undo_button;
  GtkWidget *redo_button;
  GtkMenuButton *audit_button;
  GtkPopover *audit_popover;
  GtkLabel *audit_title;
  GtkListBox *audit_list;
  GtkRevealer *save_failed_revealer;
  GtkLabel *save_failed_label;
  GtkWidget *labeling_window_button;
  AdwToastOverlay *toast_overlay;
  AdwViewStack *view_stack;
  GtkListBox *product_list;
  GtkScrolledWindow *centre_scroller;
  ShToneGrid *tone_grid;
  ShCalibrationComparison *comparison_row;   /* the four-way comparison (its id in the template) */
  ShTryonRow *tryon_row;
  GtkLabel *product_title;
  GtkLabel *product_source;
  GtkDropDown *finish_dropdown;
  GtkColorButton *base_color_button;
  GtkLabel *base_color_names_label;
  GtkWidget *parameter_box;
  GtkColorButton *specular_color_button;
  GtkColorButton *sheen_color_button;
  GtkCheckButton *glitter_color_check;
  GtkColorButton *glitter_color_button;
  GtkWidget *note_box;
  GtkEntry *note_entry;
  AdwBin *review_bin;
  GtkAdjustment *adjustments[SH_CALIBRATION_N_SLIDERS];  /* the material parameters, in slider order */
  GtkLabel *slider_labels[SH_CALIBRATION_N_SLIDERS];
  GtkWidget *scales[SH_CALIBRATION_N_SLIDERS];
  GtkWidget *spin_buttons[SH_CALIBRATION_N_SLIDERS];

  /* Borrowed */
  ShProjectWindow *project_window;   /* weak: the labeling window, whose project this is */
  ShProject *project;                /* the labeling window's, for writes */

  /* Owned */
  ShProject *reader;                 /* our own read-only connection */
  char *path;
  ShMaterialHistory *history;
  GPtrArray *products;               /* ShCalibrationProduct */
  ShDisplayProfile *monitor;
  ShDisplayTransform *transform;     /* sRGB -> monitor */
  GtkWidget *review_view;            /* borrowed: inside review_bin */
  char *last_geometry;

  /* State */
  ShCalibrationProduct *selected;    /* in products, or NULL */
  ShMaterial material;               /* shown, with what is not yet committed */
  gboolean updating;                 /* controls being set from the material: not a change */
  guint commit_source;
  gboolean pointer_down;
  guint audit_rows;
  guint fit_source;                  /* the tone grid follows the centre's width */
};

/* sh-calibration-window.c */
void _sh_calibration_window_save_failed (ShCalibrationWindow *self, const GError *error);
void _sh_calibration_window_hide_save_failure (ShCalibrationWindow *self);
/* Shows the product (NULL when it is not in the list), committing what is pending first. */
void _sh_calibration_window_select_id (ShCalibrationWindow *self, gint64 product_id);
void _sh_calibration_window_update_actions (ShCalibrationWindow *self);
void _sh_calibration_window_update_audit_log (ShCalibrationWindow *self);

/* sh-calibration-window-actions.c: installs the "win." actions and their keys. */
void _sh_calibration_window_class_actions_init (GtkWidgetClass *widget_class);

G_END_DECLS
