/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pixel-digits.c: a 3x5 pixel font for numbers on contact sheets. */
#include "config.h"

#include "pixel-digits.h"

#include <stdio.h>
#include <string.h>

#define BADGE 0x30
#define DIGIT 0xe0

/* One row a byte; bit 2 is the left column. */
static const uint8_t digit_rows[10][5] = {
  { 7, 5, 5, 5, 7 }, { 2, 6, 2, 2, 7 }, { 7, 1, 7, 4, 7 }, { 7, 1, 7, 1, 7 }, { 5, 5, 7, 1, 1 },
  { 7, 4, 7, 1, 7 }, { 7, 4, 7, 5, 7 }, { 7, 1, 1, 1, 1 }, { 7, 5, 7, 5, 7 }, { 7, 5, 7, 1, 7 },
};

static void
fill (uint8_t *rgb, int rowstride, int x, int y, int w, int h, uint8_t value)
{
  for (int j = 0; j < h; j++)
    memset (rgb + (size_t) (y + j) * rowstride + (size_t) x * 3, value, (size_t) w * 3);
}

void
sh_draw_number_badge (uint8_t *rgb, int rowstride, int x, int y, unsigned number, int max_digits)
{
  char text[16];
  int len = snprintf (text, sizeof text, "%u", number);

  if (len > max_digits)
    len = max_digits;
  fill (rgb, rowstride, x, y, len * 8 + 4, 14, BADGE);
  for (int d = 0; d < len; d++)
    for (int r = 0; r < 5; r++)
      for (int c = 0; c < 3; c++)
        if (digit_rows[text[d] - '0'][r] & (4 >> c))
          fill (rgb, rowstride, x + 3 + d * 8 + 2 * c, y + 2 + 2 * r, 2, 2, DIGIT);
}
