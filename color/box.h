/* SPDX-License-Identifier: GPL-3.0-or-later */
/* box.h: an axis-aligned box in upright image pixels. */
#pragma once

#include <stdbool.h>

typedef struct {
  int x, y, w, h;
} ShBox;

/* Clips box to a width x height image. Returns false when nothing of it is inside. */
bool sh_box_clip (ShBox *box, int width, int height);
