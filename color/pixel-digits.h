/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pixel-digits.h: numbers drawn with a 3x5 pixel font, for contact sheets that must carry no fonts (a
 * rendered PNG should look the same on every machine). */
#pragma once

#include <stdint.h>

/* Draws number (at most max_digits of its leading digits) at 2x scale, light grey on a dark grey badge, with
 * the badge's top-left corner at (x, y) of an RGB8 buffer. The badge is 8 * digits + 4 by 14 pixels; the
 * caller keeps it inside the buffer. */
void sh_draw_number_badge (uint8_t *rgb, int rowstride, int x, int y, unsigned number, int max_digits);
