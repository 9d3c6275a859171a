/* SPDX-License-Identifier: GPL-3.0-or-later */
/* checkerboard.h: the grey squares drawn behind a photo's transparent pixels, the same way on the canvas and
 * in the photo list's thumbnails, so a cut-out on a transparent background never passes for one shot on white.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The squares' side on screen, in widget pixels. */
#define SH_CHECKERBOARD_SQUARE 8

/* Makes the checkerboard cr's source: squares of side square, one of them with its corner at (x, y). */
void sh_checkerboard_set_source (cairo_t *cr, double square, double x, double y);

/* pixbuf over the checkerboard (squares of side square, in pixbuf pixels), as a new opaque pixbuf; a pixbuf
 * without alpha comes back as a new reference to itself. */
GdkPixbuf *sh_checkerboard_flatten (GdkPixbuf *pixbuf, int square);

G_END_DECLS
