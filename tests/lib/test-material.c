/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-material.c: try-on materials as the render tests write them down (see test-material.h). */
#include "test-material.h"

#include <stdint.h>

#include "color/colorspace.h"

void
material_with_hex (ShMaterial *m, const char *hex, ShMaterialFinish finish)
{
  uint8_t rgb[3];

  g_assert_true (sh_parse_hex (hex, rgb));
  sh_material_init (m);
  for (int i = 0; i < 3; i++)
    m->base_color[i] = sh_srgb_decode (rgb[i] / 255.0);
  sh_material_set_finish (m, finish);
}
