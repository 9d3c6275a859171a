/* SPDX-License-Identifier: GPL-3.0-or-later */
/* checkerboard.c: the transparency checkerboard (see checkerboard.h). */
#include "config.h"

#include "checkerboard.h"

/* Two light greys: clearly not a white backdrop, and light enough that a product's colour still reads. */
#define LIGHT_GREY 0xcc
#define DARK_GREY 0x99

void
sh_checkerboard_set_source (cairo_t *cr, double square, double x, double y)
{
  cairo_surface_t *tile = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 2, 2);
  cairo_t *tile_cr = cairo_create (tile);
  cairo_pattern_t *pattern;
  cairo_matrix_t matrix;

  cairo_set_source_rgb (tile_cr, LIGHT_GREY / 255.0, LIGHT_GREY / 255.0, LIGHT_GREY / 255.0);
  cairo_paint (tile_cr);
  cairo_set_source_rgb (tile_cr, DARK_GREY / 255.0, DARK_GREY / 255.0, DARK_GREY / 255.0);
  cairo_rectangle (tile_cr, 1, 0, 1, 1);
  cairo_rectangle (tile_cr, 0, 1, 1, 1);
  cairo_fill (tile_cr);
  cairo_destroy (tile_cr);

  /* One tile pixel a square, sharp at any size. */
  pattern = cairo_pattern_create_for_surface (tile);
  cairo_pattern_set_extend (pattern, CAIRO_EXTEND_REPEAT);
  cairo_pattern_set_filter (pattern, CAIRO_FILTER_NEAREST);
  cairo_matrix_init_scale (&matrix, 1.0 / square, 1.0 / square);
  cairo_matrix_translate (&matrix, -x, -y);
  cairo_pattern_set_matrix (pattern, &matrix);
  cairo_set_source (cr, pattern);
  cairo_pattern_destroy (pattern);
  cairo_surface_destroy (tile);
}

GdkPixbuf *
sh_checkerboard_flatten (GdkPixbuf *pixbuf, int square)
{
  int width, height, in_stride, out_stride;
  const guint8 *in;
  guint8 *out;
  GdkPixbuf *flat;

  g_return_val_if_fail (GDK_IS_PIXBUF (pixbuf), NULL);

  if (!gdk_pixbuf_get_has_alpha (pixbuf))
    return g_object_ref (pixbuf);
  square = MAX (square, 1);
  width = gdk_pixbuf_get_width (pixbuf);
  height = gdk_pixbuf_get_height (pixbuf);
  flat = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  in = gdk_pixbuf_read_pixels (pixbuf);
  in_stride = gdk_pixbuf_get_rowstride (pixbuf);
  out = gdk_pixbuf_get_pixels (flat);
  out_stride = gdk_pixbuf_get_rowstride (flat);
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        const guint8 *src = in + (gsize) y * in_stride + 4 * (gsize) x;
        guint8 *dst = out + (gsize) y * out_stride + 3 * (gsize) x;
        int grey = ((x / square) + (y / square)) % 2 == 0 ? LIGHT_GREY : DARK_GREY;

        /* Straight (not premultiplied) alpha over the square's grey, in the encoded values as cairo does. */
        for (int c = 0; c < 3; c++)
          dst[c] = (guint8) ((src[c] * src[3] + grey * (255 - src[3]) + 127) / 255);
      }
  return flat;
}
