/* SPDX-License-Identifier: GPL-3.0-or-later */
/* catalog-lint.h: catalogue problems that a project's photos show, as `shadelab-cli lint` prints them and
 * the Products window lists them: a catalogue colour far from the measured one, two SKUs of one brand that
 * are the same shade, a catalogue colour without photos or photos without one, and a shade name whose colour
 * word contradicts the family the photos measure. Works on read-only projects. */
#pragma once

#include <glib.h>

#include <cjson/cJSON.h>

#include "color/shade-names.h"
#include "core/store/project.h"

/* Above this CIEDE2000 a catalogue colour is listed as far from the measured one, unless told otherwise. */
#define SH_CATALOG_LINT_DEFAULT_THRESHOLD 10.0
/* Two SKUs of one brand closer than this (CIEDE2000) are one shade sold twice: well under what a person
 * tells apart side by side. */
#define SH_CATALOG_LINT_SAME_SHADE_DELTA_E 1.0

typedef enum {
  SH_LINT_FAR_FROM_CATALOG,
  SH_LINT_SAME_SHADE,
  SH_LINT_COLOR_WITHOUT_PHOTOS,
  SH_LINT_PHOTOS_WITHOUT_COLOR,
  SH_LINT_NAME_CONTRADICTS,
} ShLintKind;

/* One problem; the fields its kind does not use are zero or NULL. */
typedef struct {
  ShLintKind kind;
  gint64 product_id;
  char *sku;
  char *brand;
  char *shade;
  char catalog_hex[8];           /* far_from_catalog, color_without_photos, same_shade on catalogue colours */
  double catalog_lab[3];
  char measured_hex[8];          /* far_from_catalog, name_contradicts, same_shade on measured colours */
  double measured_lab[3];
  double delta_e;                /* far_from_catalog, same_shade */
  guint photos;                  /* far_from_catalog: measured photos; photos_without_color: photos */
  /* same_shade: the other SKU, and whether the two measured colours (else the catalogue ones) were compared */
  gint64 other_id;
  char *other_sku;
  gboolean measured_basis;
  /* name_contradicts: the shade name's colour word and its family, against the measured family */
  const char *keyword;
  ShShadeFamily named_family;
  ShShadeFamily measured_family;
} ShLintProblem;

typedef struct {
  guint n_products;
  double threshold;
  GArray *problems;              /* ShLintProblem, frees its strings with it */
} ShCatalogLint;

/* Problems by kind in the order above (far from catalogue, same shade, colour without photos, photos without
 * colour, name contradicts), each kind by SKU; a same-shade pair once, by its first SKU. NULL with error. */
ShCatalogLint *sh_catalog_lint_run (ShProject *project, double threshold, GError **error);
void sh_catalog_lint_free (ShCatalogLint *lint);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ShCatalogLint, sh_catalog_lint_free)

/* "far_from_catalog", "same_shade", ... as the JSON says the kind. */
const char *sh_lint_kind_id (ShLintKind kind);
/* The problem as `shadelab-cli lint --json` lists it. */
cJSON *sh_lint_problem_json (const ShLintProblem *problem);
