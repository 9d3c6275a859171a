/* SPDX-License-Identifier: GPL-3.0-or-later */
/* image-loader.c: decode a photo through GdkPixbuf without letting it guess, pad or grow.
 *
 * GdkPixbuf happily returns a picture for a file cut off half-way (the missing rows come back grey or
 * black) and allocates whatever size a header declares. Both would end up measured as real colour, so the
 * container of each format is walked first to prove the data is all there, and the declared size is
 * checked in "size-prepared" before any pixel buffer exists.
 */
#define G_LOG_DOMAIN "shadelab-loader"

#include "config.h"

#include "core/formats/image-loader.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <gio/gio.h>
#include <glib/gstdio.h>

#include "color/color-model.h"
#include "core/formats/jpeg-region.h"
#include "core/formats/row-bands.h"

G_DEFINE_QUARK (sh-loader-error-quark, sh_loader_error)

/* Small enough that a decode nobody wants any more stops, or one that lets a zoomed-in view go first pauses,
 * within a few milliseconds: 64 KiB of a 24-megapixel JPEG take about 5 ms, and smaller pieces cost nothing
 * measurable. */
#define WRITE_CHUNK_SIZE (64 * 1024)
#define HEADER_CHUNK_SIZE 4096

typedef enum {
  FORMAT_NONE,
  FORMAT_JPEG,
  FORMAT_PNG,
  FORMAT_TIFF,
  FORMAT_WEBP,
} Format;

/* What the container walk found besides "complete or not". */
typedef struct {
  gboolean complete;
  int jpeg_components;        /* from the frame header; 4 means CMYK / YCCK */
  const guint8 *icc;          /* WebP ICCP chunk */
  gsize icc_len;
  const guint8 *iccp;         /* PNG iCCP chunk: name, method, zlib stream */
  gsize iccp_len;
  gboolean jpeg_icc_marker;   /* an APP2 ICC_PROFILE segment exists */
  const guint8 *exif;         /* WebP EXIF chunk, PNG eXIf chunk: TIFF-structured EXIF */
  gsize exif_len;
  const guint8 *jpeg_exif;    /* JPEG APP1 Exif segment (GdkPixbuf reads it for a full decode) */
  gsize jpeg_exif_len;
} ContainerInfo;

static guint32
read_be32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

static guint32
read_le32 (const guint8 *p)
{
  return ((guint32) p[3] << 24) | ((guint32) p[2] << 16) | ((guint32) p[1] << 8) | p[0];
}

static Format
detect_format (const guint8 *data, gsize len)
{
  static const guint8 png_signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };

  if (len >= 3 && data[0] == 0xff && data[1] == 0xd8 && data[2] == 0xff)
    return FORMAT_JPEG;
  if (len >= 8 && memcmp (data, png_signature, 8) == 0)
    return FORMAT_PNG;
  if (len >= 4 && (memcmp (data, "II*\0", 4) == 0 || memcmp (data, "MM\0*", 4) == 0))
    return FORMAT_TIFF;
  if (len >= 12 && memcmp (data, "RIFF", 4) == 0 && memcmp (data + 8, "WEBP", 4) == 0)
    return FORMAT_WEBP;
  return FORMAT_NONE;
}

/* A readable name for formats we recognise but do not decode, so the message can say what the file is. */
static const char *
describe_unsupported (const char *path, const guint8 *data, gsize len)
{
  static const char *const raw_extensions[] = {
    ".dng", ".nef", ".nrw", ".cr2", ".cr3", ".crw", ".arw", ".srf", ".sr2", ".orf", ".rw2", ".raf",
    ".pef", ".srw", ".x3f", ".3fr", ".iiq", ".erf", ".mrw", ".kdc", ".dcr", NULL,
  };
  g_autofree char *lower = g_ascii_strdown (path, -1);

  for (int i = 0; raw_extensions[i] != NULL; i++)
    if (g_str_has_suffix (lower, raw_extensions[i]))
      return "a camera raw file";
  if (len >= 12 && memcmp (data + 4, "ftyp", 4) == 0)
    {
      if (memcmp (data + 8, "avif", 4) == 0 || memcmp (data + 8, "avis", 4) == 0)
        return "an AVIF image";
      if (memcmp (data + 8, "heic", 4) == 0 || memcmp (data + 8, "heix", 4) == 0
          || memcmp (data + 8, "mif1", 4) == 0 || memcmp (data + 8, "msf1", 4) == 0)
        return "a HEIF/HEIC image";
      return "a video or ISO media file";
    }
  if (len >= 4 && memcmp (data, "GIF8", 4) == 0)
    return "a GIF image (limited to 256 colours)";
  if (len >= 2 && memcmp (data, "BM", 2) == 0)
    return "a BMP image";
  if (len >= 4 && memcmp (data, "8BPS", 4) == 0)
    return "a Photoshop document";
  if (len >= 5 && memcmp (data, "%PDF-", 5) == 0)
    return "a PDF document";
  if ((len >= 2 && data[0] == 0xff && data[1] == 0x0a) || (len >= 12 && memcmp (data + 4, "JXL ", 4) == 0))
    return "a JPEG XL image";
  return NULL;
}

/* Walks JPEG markers up to EOI. Entropy-coded data is skipped by looking for the next marker (0xFF not
 * followed by a stuffed 0x00 or a restart marker). */
static void
walk_jpeg (const guint8 *data, gsize len, ContainerInfo *info)
{
  gsize i = 2;

  while (i < len)
    {
      guint marker;
      gsize segment_len;

      /* Stray bytes between segments are tolerated the way libjpeg tolerates them. */
      if (data[i] != 0xff)
        {
          const guint8 *next = memchr (data + i, 0xff, len - i);
          if (next == NULL)
            return;
          i = (gsize) (next - data);
        }
      while (i < len && data[i] == 0xff)
        i++;
      if (i >= len)
        return;
      marker = data[i++];

      if (marker == 0xd9)
        {
          info->complete = TRUE;
          return;
        }
      if (marker == 0x01 || marker == 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker == 0x00)
        continue;
      if (i + 2 > len)
        return;
      segment_len = ((gsize) data[i] << 8) | data[i + 1];
      if (segment_len < 2 || i + segment_len > len)
        return;

      if (marker == 0xe2 && segment_len >= 2 + 12 && memcmp (data + i + 2, "ICC_PROFILE\0", 12) == 0)
        info->jpeg_icc_marker = TRUE;
      if (marker == 0xe1 && segment_len >= 2 + 6 && memcmp (data + i + 2, "Exif\0\0", 6) == 0
          && info->jpeg_exif == NULL)
        {
          info->jpeg_exif = data + i + 2;
          info->jpeg_exif_len = segment_len - 2;
        }
      /* SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the component count. */
      if (marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc
          && segment_len >= 8 && info->jpeg_components == 0)
        info->jpeg_components = data[i + 7];
      i += segment_len;

      if (marker == 0xda)
        for (;;)
          {
            const guint8 *ff = memchr (data + i, 0xff, len - i);
            guint8 next;

            if (ff == NULL)
              return;
            i = (gsize) (ff - data);
            if (i + 1 >= len)
              return;
            next = data[i + 1];
            if (next == 0x00 || (next >= 0xd0 && next <= 0xd7))
              i += 2;
            else if (next == 0xff)
              i += 1;
            else
              break;
          }
    }
}

static void
walk_png (const guint8 *data, gsize len, ContainerInfo *info)
{
  gsize i = 8;

  while (i + 12 <= len)
    {
      guint32 chunk_len = read_be32 (data + i);
      const guint8 *type = data + i + 4;

      if (chunk_len > 0x7fffffffu || (gsize) chunk_len > len - i - 12)
        return;
      if (memcmp (type, "eXIf", 4) == 0)
        {
          info->exif = data + i + 8;
          info->exif_len = chunk_len;
        }
      else if (memcmp (type, "iCCP", 4) == 0 && info->iccp == NULL)
        {
          info->iccp = data + i + 8;
          info->iccp_len = chunk_len;
        }
      i += 12 + (gsize) chunk_len;
      if (memcmp (type, "IEND", 4) == 0)
        {
          info->complete = TRUE;
          return;
        }
    }
}

static void
walk_webp (const guint8 *data, gsize len, ContainerInfo *info)
{
  gsize end = 8 + (gsize) read_le32 (data + 4);
  gsize i = 12;
  gboolean has_image = FALSE;

  if (end > len)
    return;

  while (i + 8 <= end)
    {
      const guint8 *fourcc = data + i;
      gsize chunk_len = read_le32 (data + i + 4);

      if (chunk_len > end - i - 8)
        return;
      if (memcmp (fourcc, "ICCP", 4) == 0)
        {
          info->icc = data + i + 8;
          info->icc_len = chunk_len;
        }
      else if (memcmp (fourcc, "EXIF", 4) == 0)
        {
          info->exif = data + i + 8;
          info->exif_len = chunk_len;
        }
      else if (memcmp (fourcc, "VP8 ", 4) == 0 || memcmp (fourcc, "VP8L", 4) == 0
               || memcmp (fourcc, "ANMF", 4) == 0)
        has_image = TRUE;
      i += 8 + chunk_len + (chunk_len & 1);
    }
  info->complete = has_image;
}

/* A SHORT value from IFD0 of TIFF-structured data (a TIFF file or an EXIF block); -1 when absent. */
static int
tiff_ifd0_short (const guint8 *tiff, gsize len, guint tag)
{
  gboolean little;
  guint32 ifd;
  guint entries;

  if (len >= 6 && memcmp (tiff, "Exif\0\0", 6) == 0)
    {
      tiff += 6;
      len -= 6;
    }
  if (len < 8)
    return -1;
  if (memcmp (tiff, "II*\0", 4) == 0)
    little = TRUE;
  else if (memcmp (tiff, "MM\0*", 4) == 0)
    little = FALSE;
  else
    return -1;

#define U16(p) (little ? (guint) ((p)[0] | ((p)[1] << 8)) : (guint) (((p)[0] << 8) | (p)[1]))
  ifd = little ? read_le32 (tiff + 4) : read_be32 (tiff + 4);
  if (ifd > len - 2)
    return -1;
  entries = U16 (tiff + ifd);
  for (guint e = 0; e < entries; e++)
    {
      gsize entry = ifd + 2 + (gsize) e * 12;
      if (entry + 12 > len)
        return -1;
      if (U16 (tiff + entry) == tag && U16 (tiff + entry + 2) == 3)
        return (int) U16 (tiff + entry + 8);
    }
#undef U16
  return -1;
}

#define TIFF_TAG_PHOTOMETRIC 0x0106
#define TIFF_TAG_ORIENTATION 0x0112
#define TIFF_TAG_EXTRA_SAMPLES 0x0152
#define TIFF_PHOTOMETRIC_SEPARATED 5

typedef struct {
  guint64 limit;
  gboolean too_large;
  int declared_width, declared_height;
  int view_width, view_height;  /* a preview is wanted (JPEG only) */
  int scale;
} SizeCheck;

int
sh_load_preview_scale (int width, int height, int view_width, int view_height)
{
  double zoom, turned;
  int scale = 1;

  if (width <= 0 || height <= 0 || view_width <= 0 || view_height <= 0)
    return 1;
  /* The orientation is not known yet when the size is: the larger of the two fit zooms. */
  zoom = MIN ((double) view_width / width, (double) view_height / height);
  turned = MIN ((double) view_width / height, (double) view_height / width);
  zoom = MAX (zoom, turned);
  while (scale < 8 && 1.0 / (scale * 2) >= zoom)
    scale *= 2;
  return scale;
}

static void
on_size_prepared (GdkPixbufLoader *loader, int width, int height, gpointer user_data)
{
  SizeCheck *check = user_data;

  check->declared_width = width;
  check->declared_height = height;
  if (width > 0 && height > 0 && (guint64) width * (guint64) height > check->limit)
    {
      check->too_large = TRUE;
      /* A zero size tells the module to stop before allocating (the GdkPixbufModuleSizeFunc convention). */
      gdk_pixbuf_loader_set_size (loader, 0, 0);
      return;
    }
  check->scale = sh_load_preview_scale (width, height, check->view_width, check->view_height);
  /* libjpeg's own output size at that scale, so the decoder scales in the DCT and nothing is resampled. */
  if (check->scale > 1)
    gdk_pixbuf_loader_set_size (loader, (width + check->scale - 1) / check->scale,
                                (height + check->scale - 1) / check->scale);
}

/* "12.5 megapixels", or plain pixels for the small limits tests and tools use. */
static char *
format_pixels (guint64 pixels)
{
  if (pixels >= 100000)
    return g_strdup_printf ("%.1f megapixels", (double) pixels / 1e6);
  return g_strdup_printf ("%" G_GUINT64_FORMAT " pixels", pixels);
}

static void
set_too_large (GError **error, const char *name, guint64 width, guint64 height, guint64 limit)
{
  g_autofree char *size = format_pixels (width * height);
  g_autofree char *maximum = format_pixels (limit);

  g_set_error (error, SH_LOADER_ERROR, SH_LOADER_ERROR_TOO_LARGE,
               "%s: declared size %" G_GUINT64_FORMAT "x%" G_GUINT64_FORMAT " (%s) exceeds the limit of %s",
               name, width, height, size, maximum);
}

/* Decodes the whole buffer; returns a new reference or NULL with the error set. */
static GdkPixbuf *
decode_pixbuf (const char *name, const guint8 *data, gsize len, const char *module, guint64 limit,
               const ShLoadOptions *options, int *scale, int *full_width, int *full_height, char **format_name,
               GError **error)
{
  g_autoptr (GError) local_error = NULL;
  GdkPixbufLoader *loader;
  SizeCheck check = { .limit = limit, .scale = 1 };
  GdkPixbuf *pixbuf = NULL;
  gboolean ok = TRUE;
  gboolean stopped = FALSE;

  if (options != NULL && g_str_equal (module, "jpeg"))
    {
      check.view_width = options->view_width;
      check.view_height = options->view_height;
    }

  loader = gdk_pixbuf_loader_new_with_type (module, &local_error);
  if (loader == NULL)
    {
      g_set_error (error, SH_LOADER_ERROR, SH_LOADER_ERROR_UNKNOWN,
                   "%s: this system has no %s decoder installed (%s)", name, module, local_error->message);
      return NULL;
    }
  g_signal_connect (loader, "size-prepared", G_CALLBACK (on_size_prepared), &check);

  /* Small pieces until the header has announced the size: a decoder handed everything at once keeps
   * inflating pixel data within the same call even after it has been told to stop. */
  for (gsize offset = 0, chunk; offset < len && ok && !check.too_large && !stopped; offset += chunk)
    {
      chunk = MIN (check.declared_width > 0 ? WRITE_CHUNK_SIZE : HEADER_CHUNK_SIZE, len - offset);
      ok = gdk_pixbuf_loader_write (loader, data + offset, chunk, &local_error);
      stopped = options != NULL && options->keep_going != NULL && !options->keep_going (options->keep_going_data);
    }
  /* close is mandatory even after a failure; its own complaint adds nothing then. */
  if (ok && !check.too_large && !stopped)
    ok = gdk_pixbuf_loader_close (loader, &local_error);
  else
    gdk_pixbuf_loader_close (loader, NULL);

  if (stopped)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s: no longer needed", name);
  else if (check.too_large)
    set_too_large (error, name, (guint64) check.declared_width, (guint64) check.declared_height, limit);
  else if (!ok || gdk_pixbuf_loader_get_pixbuf (loader) == NULL)
    {
      const char *detail = local_error ? local_error->message : "no picture in the file";

      if (local_error && local_error->domain == GDK_PIXBUF_ERROR
          && local_error->code == GDK_PIXBUF_ERROR_INSUFFICIENT_MEMORY)
        g_set_error (error, SH_LOADER_ERROR, SH_LOADER_ERROR_TOO_LARGE,
                     "%s: not enough memory to decode the image (%s)", name, detail);
      else if (local_error && local_error->domain == GDK_PIXBUF_ERROR
               && (local_error->code == GDK_PIXBUF_ERROR_UNKNOWN_TYPE
                   || local_error->code == GDK_PIXBUF_ERROR_UNSUPPORTED_OPERATION))
        g_set_error (error, SH_LOADER_ERROR, SH_LOADER_ERROR_UNKNOWN,
                     "%s: this kind of %s file is not supported (%s)", name, module, detail);
      else
        g_set_error (error, SH_LOADER_ERROR, SH_LOADER_ERROR_CORRUPT, "%s: the image data is damaged (%s)", name,
                     detail);
    }
  else
    {
      GdkPixbufFormat *format = gdk_pixbuf_loader_get_format (loader);
      pixbuf = g_object_ref (gdk_pixbuf_loader_get_pixbuf (loader));
      *scale = check.scale;
      *full_width = check.scale > 1 ? check.declared_width : gdk_pixbuf_get_width (pixbuf);
      *full_height = check.scale > 1 ? check.declared_height : gdk_pixbuf_get_height (pixbuf);
      /* The decoder makes a preview exactly the size asked for, else something went wrong in between. */
      if (check.scale > 1 && (gdk_pixbuf_get_width (pixbuf) != (check.declared_width + check.scale - 1) / check.scale
                              || gdk_pixbuf_get_height (pixbuf)
                                     != (check.declared_height + check.scale - 1) / check.scale))
        {
          g_set_error (error, SH_LOADER_ERROR, SH_LOADER_ERROR_UNKNOWN,
                       "%s: the decoder returned a preview of an unexpected size", name);
          g_clear_object (&pixbuf);
        }
      *format_name = format ? gdk_pixbuf_format_get_name (format) : g_strdup (module);
    }

  g_object_unref (loader);
  return pixbuf;
}

#define MAX_PROFILE_SIZE (64 * 1024 * 1024)

/* The profile inside a PNG iCCP chunk. libpng silently drops profiles it dislikes (an RGB image with a
 * greyscale profile, for one), which would leave the image looking untagged; reading the chunk here
 * means such a file is refused with a reason instead of being measured as sRGB. */
static guint8 *
inflate_iccp (const guint8 *chunk, gsize chunk_len, gsize *out_len)
{
  g_autoptr (GZlibDecompressor) decompressor = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_ZLIB);
  g_autoptr (GByteArray) out = g_byte_array_new ();
  const guint8 *name_end = memchr (chunk, '\0', MIN (chunk_len, 80));
  const guint8 *in;
  gsize in_len;
  guint8 buffer[16384];

  *out_len = 0;
  if (name_end == NULL || (gsize) (name_end - chunk) + 2 > chunk_len || name_end[1] != 0)
    return NULL;
  in = name_end + 2;
  in_len = chunk_len - (gsize) (in - chunk);

  for (;;)
    {
      gsize bytes_read = 0, bytes_written = 0;
      GConverterResult result = g_converter_convert (G_CONVERTER (decompressor), in, in_len, buffer, sizeof buffer,
                                                     G_CONVERTER_INPUT_AT_END, &bytes_read, &bytes_written, NULL);
      if (result == G_CONVERTER_ERROR)
        return NULL;
      g_byte_array_append (out, buffer, (guint) bytes_written);
      in += bytes_read;
      in_len -= bytes_read;
      if (out->len > MAX_PROFILE_SIZE)
        return NULL;
      if (result == G_CONVERTER_FINISHED)
        break;
      if (bytes_read == 0 && bytes_written == 0)
        return NULL;
    }
  *out_len = out->len;
  return g_byte_array_free (g_steal_pointer (&out), FALSE);
}

static GMappedFile *
map_file (const char *path, const char *name, GError **error)
{
  g_autoptr (GError) local_error = NULL;
  GMappedFile *mapped;
  GStatBuf st;
  int fd;

  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      int saved_errno = errno;
      g_set_error (error, SH_LOADER_ERROR, SH_LOADER_ERROR_IO, "%s: cannot open the file (%s)", name,
                   g_strerror (saved_errno));
      return NULL;
    }
  if (fstat (fd, &st) == 0 && S_ISDIR (st.st_mode))
    {
      close (fd);
      g_set_error (error, SH_LOADER_ERROR, SH_LOADER_ERROR_IO, "%s: is a folder, not an image file", name);
      return NULL;
    }
  mapped = g_mapped_file_new_from_fd (fd, FALSE, &local_error);
  close (fd);
  if (mapped == NULL)
    g_set_error (error, SH_LOADER_ERROR, SH_LOADER_ERROR_IO, "%s: cannot read the file (%s)", name,
                 local_error->message);
  return mapped;
}

static void
copy_pixels (const GdkPixbuf *pixbuf, ShImage *image)
{
  int width = gdk_pixbuf_get_width (pixbuf);
  int height = gdk_pixbuf_get_height (pixbuf);
  int channels = gdk_pixbuf_get_n_channels (pixbuf);
  int rowstride = gdk_pixbuf_get_rowstride (pixbuf);
  const guint8 *pixels = gdk_pixbuf_read_pixels (pixbuf);

  for (int y = 0; y < height; y++)
    {
      const guint8 *src = pixels + (gsize) y * (gsize) rowstride;
      guint8 *dst = image->pixels + (gsize) y * (gsize) image->stride;

      if (channels == 4)
        memcpy (dst, src, (gsize) width * 4);
      else
        for (int x = 0; x < width; x++)
          {
            dst[4 * x + 0] = src[3 * x + 0];
            dst[4 * x + 1] = src[3 * x + 1];
            dst[4 * x + 2] = src[3 * x + 2];
            dst[4 * x + 3] = 255;
          }
    }
}

/* Rows of a whole photo converted from a LUT profile between two questions whether it is still wanted or
 * should let a zoomed-in view go first (options->keep_going): 24 megapixels take half a second, 64 rows of
 * them about 10 ms. */
#define WORKING_PIECE_ROWS 64

typedef struct {
  ShLoadedImage *loaded;
  int first;                      /* the piece's first row */
  /* Per thread: */
  ShColorModel models[SH_ROW_BANDS_MAX];
  gboolean converted[SH_ROW_BANDS_MAX];
  gboolean failed[SH_ROW_BANDS_MAX];
  char messages[SH_ROW_BANDS_MAX][256];
} WorkingRows;

static void
convert_rows_to_working (int first, int n_rows, int thread, gpointer data)
{
  WorkingRows *rows = data;
  ShLoadedImage *loaded = rows->loaded;
  ShImage *image = loaded->image;

  if (rows->failed[thread])
    return;
  if (sh_color_model_convert_to_working (&rows->models[thread], loaded->icc_data, loaded->icc_len,
                                         image->pixels + (gsize) (rows->first + first) * (gsize) image->stride,
                                         image->width, n_rows, image->stride, rows->messages[thread],
                                         sizeof rows->messages[thread]))
    rows->converted[thread] = TRUE;
  else
    rows->failed[thread] = TRUE;
}

/* The pixels converted from their LUT profile into the working space, on up to max_threads threads; in pieces
 * with options->keep_going asked between them when there is one. FALSE with a message, or with *stopped set
 * when the photo is no longer wanted. */
static gboolean
convert_to_working (ShLoadedImage *loaded, const ShLoadOptions *options, int max_threads, gboolean *stopped,
                    char *message, gsize message_len)
{
  g_autofree WorkingRows *rows = g_new0 (WorkingRows, 1);
  int height = loaded->image->height;
  gboolean asked = options != NULL && options->keep_going != NULL;
  int piece = asked ? WORKING_PIECE_ROWS : height;

  rows->loaded = loaded;
  for (int first = 0; first < height; first += piece)
    {
      if (first > 0 && asked && !options->keep_going (options->keep_going_data))
        {
          *stopped = TRUE;
          return FALSE;
        }
      rows->first = first;
      sh_row_bands_run (MIN (piece, height - first), max_threads, convert_rows_to_working, rows);
      for (int i = 0; i < SH_ROW_BANDS_MAX; i++)
        if (rows->failed[i])
          {
            g_strlcpy (message, rows->messages[i], message_len);
            return FALSE;
          }
    }
  /* Every thread that converted rows got the same model. */
  for (int i = 0; i < SH_ROW_BANDS_MAX; i++)
    if (rows->converted[i])
      {
        loaded->image->model = rows->models[i];
        break;
      }
  return TRUE;
}

/* Gives the image the colour model of its embedded profile (converting the pixels, on up to max_threads
 * threads, when the profile is not a matrix-shaper); fills profile_name. */
static gboolean
apply_profile (ShLoadedImage *loaded, const char *name, const ShLoadOptions *options, int max_threads,
               GError **error)
{
  ShImage *image = loaded->image;
  char message[256] = "";
  gboolean stopped = FALSE;
  ShColorModel model;

  if (loaded->icc_data == NULL)
    {
      sh_color_model_init_srgb (&image->model);
      loaded->profile_name = g_strdup ("sRGB (untagged)");
      return TRUE;
    }

  switch (sh_color_model_init_icc (&model, loaded->icc_data, loaded->icc_len, message, sizeof message))
    {
    case SH_PROFILE_OK:
      image->model = model;
      loaded->profile_name = g_strdup (model.description);
      return TRUE;

    case SH_PROFILE_NEEDS_TRANSFORM:
      loaded->profile_name = g_strdup (model.description);
      if (convert_to_working (loaded, options, max_threads, &stopped, message, sizeof message))
        return TRUE;
      if (stopped)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s: no longer needed", name);
          return FALSE;
        }
      g_set_error (error, SH_LOADER_ERROR, SH_LOADER_ERROR_PROFILE,
                   "%s: the colours cannot be converted with the embedded colour profile “%s”: %s", name,
                   loaded->profile_name, message);
      return FALSE;

    case SH_PROFILE_INVALID:
    default:
      g_set_error (error, SH_LOADER_ERROR, SH_LOADER_ERROR_PROFILE,
                   "%s: the embedded colour profile cannot be used, so its colours cannot be measured: %s",
                   name, message);
      return FALSE;
    }
}

/* The decode itself, on the bytes of a file or of memory; name stands for the file in messages, and its
 * extension tells camera raw files from TIFF. */
static ShLoadedImage *
load_image_data (const guint8 *data, gsize len, const char *name, const ShLoadOptions *options, GError **error)
{
  static const char *const modules[] = {
    [FORMAT_JPEG] = "jpeg", [FORMAT_PNG] = "png", [FORMAT_TIFF] = "tiff", [FORMAT_WEBP] = "webp",
  };
  g_autoptr (ShLoadedImage) loaded = NULL;
  g_autoptr (GdkPixbuf) pixbuf = NULL;
  g_autoptr (GdkPixbuf) upright = NULL;
  gint64 start = g_get_monotonic_time ();
  guint64 limit = options && options->pixel_limit ? options->pixel_limit : SH_DEFAULT_PIXEL_LIMIT;
  ContainerInfo info = { 0 };
  const char *option;
  Format format;
  int width, height;
  int source_orientation = 1;

  if (len == 0 || data == NULL)
    {
      g_set_error (error, SH_LOADER_ERROR, SH_LOADER_ERROR_EMPTY, "%s: the file is empty (0 bytes)", name);
      return NULL;
    }

  format = detect_format (data, len);
  if (format == FORMAT_TIFF && describe_unsupported (name, data, len) != NULL)
    format = FORMAT_NONE; /* camera raw files are TIFF inside; libtiff would return their small preview */
  if (format == FORMAT_NONE)
    {
      const char *what = describe_unsupported (name, data, len);
      g_set_error (error, SH_LOADER_ERROR, SH_LOADER_ERROR_UNKNOWN,
                   "%s: %s%s; Shadelab reads JPEG, PNG, TIFF and WebP photos", name,
                   what ? "is " : "is not an image Shadelab can read", what ? what : "");
      return NULL;
    }

  switch (format)
    {
    case FORMAT_JPEG: walk_jpeg (data, len, &info); break;
    case FORMAT_PNG: walk_png (data, len, &info); break;
    case FORMAT_WEBP: walk_webp (data, len, &info); break;
    case FORMAT_TIFF: info.complete = TRUE; break; /* libtiff itself refuses missing strips */
    case FORMAT_NONE: default: g_assert_not_reached ();
    }
  if (!info.complete)
    {
      g_set_error (error, SH_LOADER_ERROR, SH_LOADER_ERROR_CORRUPT,
                   "%s: the file ends before the image is complete (truncated or damaged %s)", name,
                   modules[format]);
      return NULL;
    }
  /* GdkPixbuf turns CMYK into RGB with no profile: those numbers are not the printed colours. */
  if ((format == FORMAT_JPEG && info.jpeg_components == 4)
      || (format == FORMAT_TIFF && tiff_ifd0_short (data, len, TIFF_TAG_PHOTOMETRIC) == TIFF_PHOTOMETRIC_SEPARATED))
    {
      g_set_error (error, SH_LOADER_ERROR, SH_LOADER_ERROR_UNKNOWN,
                   "%s: is a CMYK %s (made for printing); convert it to an RGB photo to measure its colours",
                   name, format == FORMAT_JPEG ? "JPEG" : "TIFF");
      return NULL;
    }

  loaded = g_new0 (ShLoadedImage, 1);
  pixbuf = decode_pixbuf (name, data, len, modules[format], limit, options, &loaded->scale, &loaded->full_width,
                          &loaded->full_height, &loaded->format_name, error);
  if (pixbuf == NULL)
    return NULL;

  width = gdk_pixbuf_get_width (pixbuf);
  height = gdk_pixbuf_get_height (pixbuf);
  /* Some loaders never announce their size; the decoded one is checked too. */
  if ((guint64) width * (guint64) height > limit)
    {
      set_too_large (error, name, (guint64) width, (guint64) height, limit);
      return NULL;
    }
  if (gdk_pixbuf_get_colorspace (pixbuf) != GDK_COLORSPACE_RGB || gdk_pixbuf_get_bits_per_sample (pixbuf) != 8
      || (gdk_pixbuf_get_n_channels (pixbuf) != 3 && gdk_pixbuf_get_n_channels (pixbuf) != 4))
    {
      g_set_error (error, SH_LOADER_ERROR, SH_LOADER_ERROR_UNKNOWN,
                   "%s: the decoder returned an unsupported pixel layout", name);
      return NULL;
    }

  /* EXIF orientation. JPEG reports it as an option; for WebP and PNG it comes from the EXIF chunk. The TIFF
   * decoder flips 2-4 itself and leaves a compensating transform (not the tag) for 5-8, so the tag it
   * found is read from the file. */
  if (format == FORMAT_TIFF)
    source_orientation = tiff_ifd0_short (data, len, TIFF_TAG_ORIENTATION);
  else if (info.exif != NULL && gdk_pixbuf_get_option (pixbuf, "orientation") == NULL)
    {
      source_orientation = tiff_ifd0_short (info.exif, info.exif_len, TIFF_TAG_ORIENTATION);
      if (source_orientation >= 2 && source_orientation <= 8)
        {
          char value[2] = { (char) ('0' + source_orientation), '\0' };
          gdk_pixbuf_set_option (pixbuf, "orientation", value);
        }
    }
  else if ((option = gdk_pixbuf_get_option (pixbuf, "orientation")) != NULL)
    source_orientation = atoi (option);
  if (source_orientation < 1 || source_orientation > 8)
    source_orientation = 1;

  upright = gdk_pixbuf_apply_embedded_orientation (pixbuf);
  if (upright == NULL)
    {
      g_set_error (error, SH_LOADER_ERROR, SH_LOADER_ERROR_TOO_LARGE,
                   "%s: not enough memory to turn the image upright", name);
      return NULL;
    }

  /* The embedded profile: WebP's lives in its ICCP chunk, which the WebP decoder does not expose; PNG's is
   * read from iCCP directly (see inflate_iccp); JPEG and TIFF come through the decoder. */
  if (info.icc != NULL)
    {
      loaded->icc_data = g_memdup2 (info.icc, info.icc_len);
      loaded->icc_len = info.icc_len;
    }
  else if (info.iccp != NULL)
    {
      loaded->icc_data = inflate_iccp (info.iccp, info.iccp_len, &loaded->icc_len);
      if (loaded->icc_data == NULL)
        {
          g_set_error (error, SH_LOADER_ERROR, SH_LOADER_ERROR_PROFILE,
                       "%s: the embedded colour profile is damaged (its compressed data cannot be unpacked), "
                       "so its colours cannot be measured", name);
          return NULL;
        }
    }
  else
    {
      const char *base64 = gdk_pixbuf_get_option (pixbuf, "icc-profile");
      if (base64 != NULL)
        loaded->icc_data = g_base64_decode (base64, &loaded->icc_len);
      if (loaded->icc_data != NULL && loaded->icc_len == 0)
        g_clear_pointer (&loaded->icc_data, g_free);
      if (loaded->icc_data == NULL && info.jpeg_icc_marker)
        {
          /* libjpeg drops a profile whose APP2 pieces do not fit together. */
          g_set_error (error, SH_LOADER_ERROR, SH_LOADER_ERROR_PROFILE,
                       "%s: the embedded colour profile is damaged (its pieces are missing or out of order), "
                       "so its colours cannot be measured", name);
          return NULL;
        }
    }
  loaded->profile_embedded = loaded->icc_data != NULL;

  /* Turned a quarter: the photo's own size turns with it. */
  if (gdk_pixbuf_get_width (upright) != width)
    {
      int turned = loaded->full_width;
      loaded->full_width = loaded->full_height;
      loaded->full_height = turned;
    }
  loaded->image = sh_image_new (gdk_pixbuf_get_width (upright), gdk_pixbuf_get_height (upright));
  if (loaded->image == NULL)
    {
      g_set_error (error, SH_LOADER_ERROR, SH_LOADER_ERROR_TOO_LARGE,
                   "%s: not enough memory for a %dx%d image", name, width, height);
      return NULL;
    }
  copy_pixels (upright, loaded->image);
  /* The TIFF decoder always hands back RGBA; only an ExtraSamples tag means the file has alpha. */
  loaded->image->has_alpha = gdk_pixbuf_get_has_alpha (upright)
                             && (format != FORMAT_TIFF || tiff_ifd0_short (data, len, TIFF_TAG_EXTRA_SAMPLES) >= 0);
  loaded->image->source_orientation = source_orientation;

  /* One thread: whole photos are decoded on workers that already run side by side. */
  if (!apply_profile (loaded, name, options, 1, error))
    return NULL;

  loaded->decode_ms = (double) (g_get_monotonic_time () - start) / 1000.0;
  return g_steal_pointer (&loaded);
}

ShLoadedImage *
sh_load_image (const char *path, const ShLoadOptions *options, GError **error)
{
  g_autoptr (GMappedFile) mapped = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  name = g_filename_display_name (path);
  mapped = map_file (path, name, error);
  if (mapped == NULL)
    return NULL;
  return load_image_data ((const guint8 *) g_mapped_file_get_contents (mapped), g_mapped_file_get_length (mapped),
                          name, options, error);
}

ShLoadedImage *
sh_load_image_bytes (GBytes *bytes, const char *name, const ShLoadOptions *options, GError **error)
{
  gsize len = 0;
  const guint8 *data;

  g_return_val_if_fail (bytes != NULL && name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  data = g_bytes_get_data (bytes, &len);
  return load_image_data (data, len, name, options, error);
}

/* Where upright pixel (u, v) of a photo stored as stored_width x stored_height lies in the file, for each
 * EXIF orientation (the inverse of what gdk_pixbuf_apply_embedded_orientation does). */
static void
stored_point (int orientation, int stored_width, int stored_height, int u, int v, int *x, int *y)
{
  switch (orientation)
    {
    case 2: *x = stored_width - 1 - u; *y = v; break;
    case 3: *x = stored_width - 1 - u; *y = stored_height - 1 - v; break;
    case 4: *x = u; *y = stored_height - 1 - v; break;
    case 5: *x = v; *y = u; break;
    case 6: *x = v; *y = stored_height - 1 - u; break;
    case 7: *x = stored_width - 1 - v; *y = stored_height - 1 - u; break;
    case 8: *x = stored_width - 1 - v; *y = u; break;
    default: *x = u; *y = v; break;
    }
}

ShLoadedImage *
sh_load_image_region (const char *path, const ShLoadOptions *options, int x, int y, int width, int height,
                      int scale, GError **error)
{
  g_autoptr (ShLoadedImage) loaded = NULL;
  g_autoptr (GMappedFile) mapped = NULL;
  g_autoptr (ShJpegRegion) region = NULL;
  g_autofree char *name = NULL;
  g_autofree guint8 *stored = NULL;
  gint64 start = g_get_monotonic_time ();
  guint64 limit = options && options->pixel_limit ? options->pixel_limit : SH_DEFAULT_PIXEL_LIMIT;
  ContainerInfo info = { 0 };
  const guint8 *data, *icc;
  gsize len, icc_len;
  int orientation = 1, stored_width, stored_height, upright_width, upright_height;
  int left, top, right, bottom, x0, y0, x1, y1, sx, sy, sw, sh;
  gboolean turned;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (scale == 1 || scale == 2 || scale == 4 || scale == 8, NULL);
  g_return_val_if_fail (x >= 0 && y >= 0 && width > 0 && height > 0, NULL);

  name = g_filename_display_name (path);
  mapped = map_file (path, name, error);
  if (mapped == NULL)
    return NULL;
  data = (const guint8 *) g_mapped_file_get_contents (mapped);
  len = g_mapped_file_get_length (mapped);
  if (len == 0 || data == NULL || detect_format (data, len) != FORMAT_JPEG)
    {
      g_set_error (error, SH_LOADER_ERROR, SH_LOADER_ERROR_UNKNOWN, "%s: only a JPEG is decoded in parts", name);
      return NULL;
    }
  walk_jpeg (data, len, &info);
  if (!info.complete || info.jpeg_components == 4)
    {
      g_set_error (error, SH_LOADER_ERROR, info.complete ? SH_LOADER_ERROR_UNKNOWN : SH_LOADER_ERROR_CORRUPT, "%s: %s",
                   name, info.complete ? "a CMYK JPEG is not shown" : "the file ends before the image is complete");
      return NULL;
    }
  region = sh_jpeg_region_open (data, len, 1, error);
  if (region == NULL)
    {
      g_prefix_error (error, "%s: ", name);
      return NULL;
    }
  /* The photo's own size, checked against the limit as a full decode would be. */
  sh_jpeg_region_get_size (region, &stored_width, &stored_height);
  if ((guint64) stored_width * (guint64) stored_height > limit)
    {
      set_too_large (error, name, (guint64) stored_width, (guint64) stored_height, limit);
      return NULL;
    }
  if (info.jpeg_exif != NULL)
    orientation = tiff_ifd0_short (info.jpeg_exif, info.jpeg_exif_len, TIFF_TAG_ORIENTATION);
  if (orientation < 1 || orientation > 8)
    orientation = 1;
  turned = orientation >= 5;
  loaded = g_new0 (ShLoadedImage, 1);
  loaded->scale = scale;
  loaded->full_width = turned ? stored_height : stored_width;
  loaded->full_height = turned ? stored_width : stored_height;
  if (x + width > loaded->full_width || y + height > loaded->full_height)
    {
      g_set_error (error, SH_LOADER_ERROR, SH_LOADER_ERROR_UNKNOWN, "%s: the part asked for lies outside the photo",
                   name);
      return NULL;
    }
  if (scale > 1)
    {
      g_clear_pointer (&region, sh_jpeg_region_free);
      region = sh_jpeg_region_open (data, len, scale, error);
      if (region == NULL)
        {
          g_prefix_error (error, "%s: ", name);
          return NULL;
        }
      sh_jpeg_region_get_size (region, &stored_width, &stored_height);
    }
  upright_width = turned ? stored_height : stored_width;
  upright_height = turned ? stored_width : stored_height;
  left = x / scale;
  top = y / scale;
  right = MIN ((x + width + scale - 1) / scale, upright_width);
  bottom = MIN ((y + height + scale - 1) / scale, upright_height);

  /* The stored rect under the upright one: the bounds of its two opposite corners. */
  stored_point (orientation, stored_width, stored_height, left, top, &x0, &y0);
  stored_point (orientation, stored_width, stored_height, right - 1, bottom - 1, &x1, &y1);
  sx = MIN (x0, x1);
  sy = MIN (y0, y1);
  sw = ABS (x1 - x0) + 1;
  sh = ABS (y1 - y0) + 1;

  loaded->image = sh_image_new (right - left, bottom - top);
  if (loaded->image == NULL)
    {
      g_set_error (error, SH_LOADER_ERROR, SH_LOADER_ERROR_TOO_LARGE, "%s: not enough memory for a %dx%d part",
                   name, right - left, bottom - top);
      return NULL;
    }
  if (orientation == 1)
    {
      if (!sh_jpeg_region_read (region, sx, sy, sw, sh, loaded->image->pixels, loaded->image->stride, error))
        {
          g_prefix_error (error, "%s: ", name);
          return NULL;
        }
    }
  else
    {
      stored = g_try_malloc ((gsize) sw * (gsize) sh * 4);
      if (stored == NULL)
        {
          g_set_error (error, SH_LOADER_ERROR, SH_LOADER_ERROR_TOO_LARGE, "%s: not enough memory for a %dx%d part",
                       name, sw, sh);
          return NULL;
        }
      if (!sh_jpeg_region_read (region, sx, sy, sw, sh, stored, sw * 4, error))
        {
          g_prefix_error (error, "%s: ", name);
          return NULL;
        }
      for (int v = top; v < bottom; v++)
        {
          guint32 *out = (guint32 *) (loaded->image->pixels + (gsize) (v - top) * (gsize) loaded->image->stride);

          for (int u = left; u < right; u++)
            {
              int px, py;

              stored_point (orientation, stored_width, stored_height, u, v, &px, &py);
              memcpy (&out[u - left], stored + ((gsize) (py - sy) * (gsize) sw + (gsize) (px - sx)) * 4, 4);
            }
        }
    }
  loaded->image->source_orientation = orientation;
  loaded->format_name = g_strdup ("jpeg");
  icc = sh_jpeg_region_get_icc (region, &icc_len);
  if (icc != NULL && icc_len > 0)
    {
      loaded->icc_data = g_memdup2 (icc, icc_len);
      loaded->icc_len = icc_len;
    }
  else if (info.jpeg_icc_marker)
    {
      g_set_error (error, SH_LOADER_ERROR, SH_LOADER_ERROR_PROFILE,
                   "%s: the embedded colour profile is damaged (its pieces are missing or out of order), "
                   "so its colours cannot be measured", name);
      return NULL;
    }
  loaded->profile_embedded = loaded->icc_data != NULL;
  /* Someone is waiting for this rect: its colours convert on every processor. */
  if (!apply_profile (loaded, name, NULL, SH_ROW_BANDS_MAX, error))
    return NULL;
  loaded->decode_ms = (double) (g_get_monotonic_time () - start) / 1000.0;
  return g_steal_pointer (&loaded);
}

void
sh_loaded_image_free (ShLoadedImage *loaded)
{
  if (loaded == NULL)
    return;
  if (loaded->image != NULL)
    sh_image_free (loaded->image);
  g_free (loaded->format_name);
  g_free (loaded->profile_name);
  g_free (loaded->icc_data);
  g_free (loaded);
}
