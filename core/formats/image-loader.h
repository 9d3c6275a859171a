/* SPDX-License-Identifier: GPL-3.0-or-later */
/* image-loader.h: decode a photo truthfully.
 *
 * Decodes through GdkPixbuf (JPEG, PNG, TIFF, WebP where a loader exists), refuses anything whose declared
 * size exceeds the pixel limit before allocating it, applies the EXIF orientation, and reads the embedded
 * ICC profile into the image's colour model (untagged means sRGB). Pixels are never re-encoded.
 */
#pragma once

#include <glib.h>

#include "color/image.h"

#define SH_DEFAULT_PIXEL_LIMIT (200 * 1000 * 1000)

#define SH_LOADER_ERROR (sh_loader_error_quark ())
GQuark sh_loader_error_quark (void);

typedef enum {
  SH_LOADER_ERROR_IO,          /* cannot read the file */
  SH_LOADER_ERROR_EMPTY,       /* zero bytes */
  SH_LOADER_ERROR_UNKNOWN,     /* not an image format we can decode */
  SH_LOADER_ERROR_CORRUPT,     /* truncated or corrupt image data */
  SH_LOADER_ERROR_TOO_LARGE,   /* declared size exceeds the pixel limit */
  SH_LOADER_ERROR_PROFILE,     /* embedded ICC profile unusable */
} ShLoaderError;

typedef struct {
  guint64 pixel_limit;         /* 0 means SH_DEFAULT_PIXEL_LIMIT */
  /* > 0: a preview for a view of this size. A JPEG is decoded at the smallest DCT scale (1/2, 1/4 or 1/8)
   * that still fills the view at fit zoom in either orientation; other formats come at full size. A preview
   * is for the screen only, never measured (see ShLoadedImage.scale). */
  int view_width, view_height;
  /* When set, asked between pieces of the decode (and of the conversion from a LUT profile); FALSE abandons
   * it with G_IO_ERROR_CANCELLED. */
  gboolean (*keep_going) (gpointer data);
  gpointer keep_going_data;
} ShLoadOptions;

typedef struct {
  ShImage *image;              /* owned */
  char *format_name;           /* "jpeg", "png", ... */
  char *profile_name;          /* ICC description, or "sRGB (untagged)" */
  gboolean profile_embedded;
  guint8 *icc_data;            /* embedded profile bytes, NULL when untagged */
  gsize icc_len;
  double decode_ms;
  int scale;                   /* 1: every pixel of the photo; 2, 4, 8: a preview of 1/scale its size */
  int full_width, full_height; /* the upright size of the photo itself, whatever the scale */
} ShLoadedImage;

/* Messages are for people: they name the file and say what is wrong, e.g.
 * "photo.jpg: declared size 90000x90000 (8100.0 megapixels) exceeds the limit of 200.0 megapixels". */
ShLoadedImage *sh_load_image (const char *path, const ShLoadOptions *options, GError **error);
/* The same from bytes in memory (a PNG kept in a project or a study pack); name stands for the file in
 * messages. */
ShLoadedImage *sh_load_image_bytes (GBytes *bytes, const char *name, const ShLoadOptions *options, GError **error);
/* One upright rect (x, y, width, height) of a JPEG photo's own pixels at 1/scale (1, 2, 4 or 8), decoded without
 * the rest (core/formats/jpeg-region.h), for a zoomed-in view while the full decode is still on its way: an
 * image of the pixels from (x / scale, y / scale) to ((x + width) / scale, (y + height) / scale) rounded out,
 * in the colour model sh_load_image gives the photo; scale, full_width and full_height as for a preview.
 * SH_LOADER_ERROR_UNKNOWN for any other format (decode it whole instead). Someone is waiting for it: a conversion
 * from a LUT profile runs on every processor. */
ShLoadedImage *sh_load_image_region (const char *path, const ShLoadOptions *options, int x, int y, int width,
                                     int height, int scale, GError **error);
/* The DCT scale (1, 2, 4 or 8) a preview of a width x height photo (as stored, before orientation) gets for
 * a view_width x view_height view; 1 when either view size is 0. */
int sh_load_preview_scale (int width, int height, int view_width, int view_height);
void sh_loaded_image_free (ShLoadedImage *loaded);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ShLoadedImage, sh_loaded_image_free)
