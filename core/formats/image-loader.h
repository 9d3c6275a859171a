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
} ShLoadOptions;

typedef struct {
  ShImage *image;              /* owned */
  char *format_name;           /* "jpeg", "png", ... */
  char *profile_name;          /* ICC description, or "sRGB (untagged)" */
  gboolean profile_embedded;
  guint8 *icc_data;            /* embedded profile bytes, NULL when untagged */
  gsize icc_len;
  double decode_ms;
} ShLoadedImage;

/* Messages are for people: they name the file and say what is wrong, e.g.
 * "photo.jpg: declared size 90000x90000 (8100.0 megapixels) exceeds the limit of 200.0 megapixels". */
ShLoadedImage *sh_load_image (const char *path, const ShLoadOptions *options, GError **error);
void sh_loaded_image_free (ShLoadedImage *loaded);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ShLoadedImage, sh_loaded_image_free)
