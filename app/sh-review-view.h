/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sh-review-view.h: the weekly review page of the calibration window.
 *
 * A date (a calendar in a popover; seven days ago at first), the products whose swatch or material changed
 * since that day, and for the selected one its material before (left half of the lips) and after (right
 * half) on every reference tone (the 10 Monk tones and the project's custom tones), the audited changes,
 * and its latest review. Approve, or send back with a comment (required); the reviewer is the labeler-name
 * setting, else the account's name. Export PNG / Export CSV save the review as core/store/review.h writes it.
 * Above, whatever the date, the unblinded realism studies' findings on tuned materials (sh_study_feedback):
 * each product that loses to a study's baseline on an MST group or scores low, with its figures.
 *
 * The review is read on a worker thread over its own read-only connection, and so are the exports; a
 * decision is committed to the store (sh_review_decide) before the page shows it.
 *
 * Approve, Send Back and the comment stay in view under the scrolling details, whatever the window's height.
 *
 * Actions (group "review"): approve, send-back (enabled only with a comment), export-png, export-csv,
 * reload.
 */
#pragma once

#include <gtk/gtk.h>

#include "color/display.h"
#include "core/store/project.h"
#include "widgets/sh-tone-grid.h"

G_BEGIN_DECLS

#define SH_TYPE_REVIEW_VIEW (sh_review_view_get_type ())
G_DECLARE_FINAL_TYPE (ShReviewView, sh_review_view, SH, REVIEW_VIEW, GtkWidget)

/* project must outlive the view; transform (may be NULL: sRGB monitor) is referenced. */
GtkWidget *sh_review_view_new (ShProject *project, ShDisplayTransform *transform);

void sh_review_view_set_display_transform (ShReviewView *self, ShDisplayTransform *transform);

/* The first day of the review (local time); reloads. */
void sh_review_view_set_since_day (ShReviewView *self, GDateTime *day);
/* The start of the review in the store's text (UTC). */
const char *sh_review_view_get_since (ShReviewView *self);
/* Reads the review again (after changes elsewhere). */
void sh_review_view_reload (ShReviewView *self);
/* Whether a read or an export is in flight. The "loaded" signal follows each read that is shown. */
gboolean sh_review_view_is_busy (ShReviewView *self);

guint sh_review_view_get_n_products (ShReviewView *self);
/* Selects a product of the list by SKU; FALSE when it is not in the review. */
gboolean sh_review_view_select_product (ShReviewView *self, const char *sku);
const char *sh_review_view_get_selected_sku (ShReviewView *self);
/* Rows in the selected product's change list. */
guint sh_review_view_get_n_changes (ShReviewView *self);
ShToneGrid *sh_review_view_get_tone_grid (ShReviewView *self);
/* The realism studies' findings shown (one row per product of a study), and the row of one: an
 * AdwExpanderRow whose subtitle says the findings and whose rows give the product's figures per group. */
guint sh_review_view_get_n_study_findings (ShReviewView *self);
GtkWidget *sh_review_view_find_study_finding (ShReviewView *self, const char *study, const char *sku);

void sh_review_view_set_comment (ShReviewView *self, const char *comment);
/* Records the decision on the selected product: "decided" (sku, approved) follows. FALSE when the store
 * refused it: "save-failed" (the store's GError) is emitted for the window's banner, or, with no handler, a
 * toast says it; FALSE with a toast, for send back, when the comment is empty. */
gboolean sh_review_view_decide (ShReviewView *self, gboolean approve);
/* The selected product's latest decision as shown: "accept", "reject", or NULL when none. */
const char *sh_review_view_get_decision (ShReviewView *self);

/* Writes the review (PNG contact sheet when png, else CSV) to path on a worker thread; the "exported"
 * signal (path, error message or NULL) follows. */
void sh_review_view_export_to (ShReviewView *self, const char *path, gboolean png);

G_END_DECLS
