/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-material.h: try-on materials as the render tests write them down: a shade's hex and a finish. */
#pragma once

#include <glib.h>

#include "color/material.h"

G_BEGIN_DECLS

/* m becomes the finish's preset with the base colour hex (#rrggbb, sRGB), decoded to linear light; the test
 * fails on a malformed hex. */
void material_with_hex (ShMaterial *m, const char *hex, ShMaterialFinish finish);

G_END_DECLS
