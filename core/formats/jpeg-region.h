/* SPDX-License-Identifier: GPL-3.0-or-later */
/* jpeg-region.h: one rect of a JPEG decoded without the rest, for a view zoomed in before the full decode is
 * there. libjpeg-turbo skips the rows above the rect (entropy decoding only) and crops the columns of the
 * rows it decodes, so a screen's worth of a 24-megapixel photo costs a fraction of the whole. Coordinates are
 * those of the photo as stored (before its EXIF orientation), at the decode's DCT scale. Decoded with the same
 * settings as GdkPixbuf's JPEG loader, so the pixels are those of the full decode. */
#pragma once

#include <glib.h>

typedef struct _ShJpegRegion ShJpegRegion;

/* Reads the headers of data (which must outlive the region) for a decode at 1/scale (1, 2, 4 or 8). NULL with
 * a message for people when data is not a baseline or progressive RGB / greyscale JPEG. */
ShJpegRegion *sh_jpeg_region_open (const guint8 *data, gsize len, int scale, GError **error);
/* The stored photo's size at the decode's scale. */
void sh_jpeg_region_get_size (ShJpegRegion *region, int *width, int *height);
/* The embedded ICC profile (owned by the region), NULL when there is none. */
const guint8 *sh_jpeg_region_get_icc (ShJpegRegion *region, gsize *len);
/* Decodes rect (x, y, width, height), inside the scaled size, into RGBA rows (A 255). Once per region. */
gboolean sh_jpeg_region_read (ShJpegRegion *region, int x, int y, int width, int height, guint8 *rgba, int stride,
                              GError **error);
void sh_jpeg_region_free (ShJpegRegion *region);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ShJpegRegion, sh_jpeg_region_free)
