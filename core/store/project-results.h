/* SPDX-License-Identifier: GPL-3.0-or-later */
/* project-results.h: storing swatches measured elsewhere (`shadelab-cli merge-results`), so that storing the
 * same results again changes nothing. */
#pragma once

#include <glib.h>

#include "color/extract.h"
#include "core/store/project.h"

/* Stores swatch for box_id as sh_project_save_swatch does, unless the box already has a swatch of that method
 * with exactly these values; then nothing is written (its computed_at stays). *changed says which. */
gboolean sh_project_merge_swatch (ShProject *project, gint64 box_id, const ShSwatch *swatch, gboolean *changed,
                                  GError **error);
