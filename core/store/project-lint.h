/* SPDX-License-Identifier: GPL-3.0-or-later */
/* project-lint.h: what `shadelab-cli lint` reads from a project: every product with its catalogue colour, its
 * photos and the colour measured on them. */
#pragma once

#include <glib.h>

#include "core/store/project.h"

typedef struct {
  gint64 id;
  char *sku;
  char *brand;                   /* NULL when unset */
  char *shade;                   /* NULL when unset */
  char *catalog_color;           /* "#rrggbb" or NULL */
  guint n_photos;                /* linked photos that are not rejected */
  guint n_measured;              /* of those, photos with a measured product box */
  double lab[3];                 /* measured colour (Lab D50) when n_measured > 0 */
} ShProductColor;

/* Every product, by SKU. A photo's colour is the robust swatch of its most confident "product" box among the
 * ground-truth boxes (human, or model boxes a person accepted); a product's measured colour is the per-channel
 * median, in Lab D50, of its photos' colours (rejected photos left out). An array of ShProductColor that frees
 * its strings with it. Works on read-only projects. */
GArray *sh_project_product_colors (ShProject *project, GError **error);
