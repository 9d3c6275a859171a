/* SPDX-License-Identifier: GPL-3.0-or-later */
/* export-fixture.h: projects to export, built through the store API. */
#pragma once

#include <glib.h>

#include "core/store/project.h"

/* Products of the photo fixture, in the order they are created. */
#define FIXTURE_SKU_MATERIAL "LIP/RED 01"   /* calibrated material: base colour, clearcoat, sheen, glitter */
#define FIXTURE_SKU_SWATCH "sku-a"          /* colour from the robust swatch of its best product box */
#define FIXTURE_SKU_SWATCH_CASE "SKU-A"     /* same file name but for case: must get its own file */
#define FIXTURE_SKU_CATALOG "CAT-7"         /* no photos: the catalogue colour */
#define FIXTURE_SKU_NONE "NO-COLOR"         /* nothing: left out of the glTF export */
#define FIXTURE_MATERIAL_HEX "#b0243a"
#define FIXTURE_CATALOG_HEX "#c71585"
#define FIXTURE_BRAND "Rouge & \"Co\", <Paris>"

/* Builds dir/fixture.shadelab from photos generated in dir/photos (8) and dir/more (3, the same file names
 * as the first three of dir/photos). Every photo gets its upright size from the loader, a product box
 * from the generator's truth with its robust swatch, and a packaging box; the project also holds an
 * unaccepted model box (not ground truth), an accepted one, a rejected, a skipped and a new image.
 * Returns the project open for writing. */
ShProject *fixture_photo_project (const char *dir, GError **error);

/* Rows only (no photo files): n_products products with 1-4 images each until n_images images, boxes_per_image
 * boxes on each, every image labeled, ten in a hundred without a product. */
ShProject *fixture_synthetic_project (const char *path, guint n_images, guint n_products, guint boxes_per_image,
                                      GError **error);
