/* SPDX-License-Identifier: GPL-3.0-or-later */
/* image-list-fixture.h: large synthetic projects for the image list's tests and benchmark.
 *
 * Rows are written straight into the tables in one transaction with prepared statements (an import of
 * 100,000 real photos would take minutes); every value is a plain function of the image id, so a test can
 * say what any row must hold. */
#pragma once

#include <glib.h>

#include "core/models/image-list-model.h"

typedef struct {
  guint counts[SH_IMAGE_N_FILTERS];   /* images each filter lists */
} ImageListFixtureTruth;

/* Writes a project of n_images images (ids 1..n) at path. When photos is not NULL, image i points at
 * photos[i % n_photos] (absolute paths), so thumbnails can be made; otherwise at files that do not exist. */
void image_list_fixture_create (const char *path, guint n_images, const char *const *photos, guint n_photos,
                                ImageListFixtureTruth *truth);

ShImageStatus image_list_fixture_status (gint64 id);
const char *image_list_fixture_reason (gint64 id);   /* NULL for new and labeled images */
int image_list_fixture_check (gint64 id);            /* -1, 0, 1 */
guint image_list_fixture_human_boxes (gint64 id);
guint image_list_fixture_model_boxes (gint64 id);
/* New, and no human box or a model box (never accepted here): what the "needs a person" filter lists. */
gboolean image_list_fixture_needs_person (gint64 id);
/* "img-000042.jpg"; newly allocated. */
char *image_list_fixture_file_name (gint64 id);
