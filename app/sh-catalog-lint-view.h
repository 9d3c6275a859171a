/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sh-catalog-lint-view.h: the catalogue lint in the Products window: the problems `shadelab-cli lint` lists
 * (core/models/catalog-lint.h), one activatable row each with the SKU and the numbers (the first 200, then a
 * line saying how many more), or an empty state when the catalogue is clean.
 *
 * Signal:
 *   product-activated (gint64 product_id): a problem's row was activated (its first SKU's product).
 */
#pragma once

#include <gtk/gtk.h>

#include "core/models/catalog-lint.h"

G_BEGIN_DECLS

#define SH_TYPE_CATALOG_LINT_VIEW (sh_catalog_lint_view_get_type ())
G_DECLARE_FINAL_TYPE (ShCatalogLintView, sh_catalog_lint_view, SH, CATALOG_LINT_VIEW, GtkWidget)

GtkWidget *sh_catalog_lint_view_new (void);
/* Shows lint (not taken; NULL shows nothing checked yet). */
void sh_catalog_lint_view_set_lint (ShCatalogLintView *self, const ShCatalogLint *lint);
/* The rows' texts, "title\nsubtitle" each (the last line's text after 200), in order: what a person reads
 * (for the tests). */
GStrv sh_catalog_lint_view_dup_texts (ShCatalogLintView *self);
/* Activates the row at index as a click would. */
void sh_catalog_lint_view_activate (ShCatalogLintView *self, guint index);

G_END_DECLS
