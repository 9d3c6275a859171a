/* SPDX-License-Identifier: GPL-3.0-or-later */
/* synth-writer.c: synthetic scenes encoded as real photo files, with ICC profiles, noise and EXIF
 * orientation, and whole test sets with their truth.json. */
#define G_LOG_DOMAIN "shadelab-synth"

#include "config.h"

#include "core/formats/synth-writer.h"

#include <errno.h>
#include <math.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <lcms2.h>

#include "color/colorspace.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (cJSON, cJSON_Delete)

/* lcms2 keeps XYZ in pipelines normalised so that 1.0 is the largest u1Fixed15 number, 1 + 32767/32768. */
#define MAX_ENCODEABLE_XYZ (1.0 + 32767.0 / 32768.0)

static const cmsCIExyY d65_white = { 0.3127, 0.3290, 1.0 };
static const cmsCIExyYTRIPLE srgb_primaries = {
  { 0.6400, 0.3300, 1.0 }, { 0.3000, 0.6000, 1.0 }, { 0.1500, 0.0600, 1.0 },
};

const char *
sh_synth_profile_name (ShSynthProfile profile)
{
  switch (profile)
    {
    case SH_SYNTH_PROFILE_UNTAGGED:
      return "untagged";
    case SH_SYNTH_PROFILE_SRGB:
      return "srgb";
    case SH_SYNTH_PROFILE_ADOBE_RGB:
      return "adobe-rgb";
    case SH_SYNTH_PROFILE_DISPLAY_P3:
      return "display-p3";
    case SH_SYNTH_PROFILE_PROPHOTO:
      return "prophoto";
    case SH_SYNTH_PROFILE_BGR:
      return "bgr";
    case SH_SYNTH_PROFILE_LUT:
      return "lut";
    case SH_SYNTH_N_PROFILES:
    default:
      return "unknown";
    }
}

static void
set_description (cmsHPROFILE profile, const char *description)
{
  cmsMLU *mlu = cmsMLUalloc (NULL, 1);

  cmsMLUsetASCII (mlu, "en", "US", description);
  cmsWriteTag (profile, cmsSigProfileDescriptionTag, mlu);
  cmsMLUfree (mlu);
  mlu = cmsMLUalloc (NULL, 1);
  cmsMLUsetASCII (mlu, "en", "US", "No copyright, use freely");
  cmsWriteTag (profile, cmsSigCopyrightTag, mlu);
  cmsMLUfree (mlu);
}

static cmsToneCurve *
srgb_curve (void)
{
  const cmsFloat64Number params[5] = { 2.4, 1.0 / 1.055, 0.055 / 1.055, 1.0 / 12.92, 0.04045 };

  return cmsBuildParametricToneCurve (NULL, 4, params);
}

static cmsHPROFILE
create_rgb (const cmsCIExyY *white, const cmsCIExyYTRIPLE *primaries, cmsToneCurve *curve)
{
  cmsToneCurve *curves[3] = { curve, curve, curve };
  cmsHPROFILE profile = cmsCreateRGBProfile (white, primaries, curves);

  cmsFreeToneCurve (curve);
  return profile;
}

/* Linear light with sRGB primaries: the space the renderer works in. */
static cmsHPROFILE
create_linear_srgb (void)
{
  return create_rgb (&d65_white, &srgb_primaries, cmsBuildGamma (NULL, 1.0));
}

/* sRGB whose first channel holds blue: the red and blue colorant and curve tags swap places. */
static cmsHPROFILE
create_bgr (void)
{
  cmsHPROFILE profile = cmsCreate_sRGBProfile ();
  cmsCIEXYZ red = *(cmsCIEXYZ *) cmsReadTag (profile, cmsSigRedColorantTag);
  cmsCIEXYZ blue = *(cmsCIEXYZ *) cmsReadTag (profile, cmsSigBlueColorantTag);
  cmsToneCurve *red_trc = cmsDupToneCurve (cmsReadTag (profile, cmsSigRedTRCTag));
  cmsToneCurve *green_trc = cmsDupToneCurve (cmsReadTag (profile, cmsSigGreenTRCTag));
  cmsToneCurve *blue_trc = cmsDupToneCurve (cmsReadTag (profile, cmsSigBlueTRCTag));

  cmsWriteTag (profile, cmsSigRedColorantTag, &blue);
  cmsWriteTag (profile, cmsSigBlueColorantTag, &red);
  /* lcms2 stores the three equal sRGB curves as links to rTRC: rewrite the linked ones first so that
   * each channel ends up with its own tag. */
  cmsWriteTag (profile, cmsSigBlueTRCTag, red_trc);
  cmsWriteTag (profile, cmsSigGreenTRCTag, green_trc);
  cmsWriteTag (profile, cmsSigRedTRCTag, blue_trc);
  cmsFreeToneCurve (red_trc);
  cmsFreeToneCurve (green_trc);
  cmsFreeToneCurve (blue_trc);
  return profile;
}

/* Inverse by the adjugate; the colorant matrix of an RGB profile is always well conditioned. */

/* sRGB expressed only as AToB0/BToA0 pipelines (curves, matrix, curves) with an XYZ PCS, so that
 * software which only understands matrix-shaper tags cannot read it. */
static cmsHPROFILE
create_lut (void)
{
  cmsHPROFILE srgb = cmsCreate_sRGBProfile ();
  const cmsCIEXYZ *colorants[3] = {
    cmsReadTag (srgb, cmsSigRedColorantTag),
    cmsReadTag (srgb, cmsSigGreenColorantTag),
    cmsReadTag (srgb, cmsSigBlueColorantTag),
  };
  double forward[3][3], inverse[3][3];
  cmsFloat64Number to_xyz[9], from_xyz[9];
  cmsToneCurve *decode = srgb_curve ();
  cmsToneCurve *encode = cmsReverseToneCurve (decode);
  cmsToneCurve *decode_set[3] = { decode, decode, decode };
  cmsToneCurve *encode_set[3] = { encode, encode, encode };
  cmsPipeline *a2b = cmsPipelineAlloc (NULL, 3, 3);
  cmsPipeline *b2a = cmsPipelineAlloc (NULL, 3, 3);
  cmsHPROFILE profile = cmsCreateProfilePlaceholder (NULL);

  for (int col = 0; col < 3; col++)
    {
      forward[0][col] = colorants[col]->X;
      forward[1][col] = colorants[col]->Y;
      forward[2][col] = colorants[col]->Z;
    }
  sh_mat3_invert (forward, inverse);
  for (int row = 0; row < 3; row++)
    for (int col = 0; col < 3; col++)
      {
        to_xyz[row * 3 + col] = forward[row][col] / MAX_ENCODEABLE_XYZ;
        from_xyz[row * 3 + col] = inverse[row][col] * MAX_ENCODEABLE_XYZ;
      }

  cmsPipelineInsertStage (a2b, cmsAT_END, cmsStageAllocToneCurves (NULL, 3, decode_set));
  cmsPipelineInsertStage (a2b, cmsAT_END, cmsStageAllocMatrix (NULL, 3, 3, to_xyz, NULL));
  cmsPipelineInsertStage (a2b, cmsAT_END, cmsStageAllocToneCurves (NULL, 3, NULL));
  cmsPipelineInsertStage (b2a, cmsAT_END, cmsStageAllocToneCurves (NULL, 3, NULL));
  cmsPipelineInsertStage (b2a, cmsAT_END, cmsStageAllocMatrix (NULL, 3, 3, from_xyz, NULL));
  cmsPipelineInsertStage (b2a, cmsAT_END, cmsStageAllocToneCurves (NULL, 3, encode_set));

  cmsSetProfileVersion (profile, 4.3);
  cmsSetDeviceClass (profile, cmsSigDisplayClass);
  cmsSetColorSpace (profile, cmsSigRgbData);
  cmsSetPCS (profile, cmsSigXYZData);
  cmsSetHeaderRenderingIntent (profile, INTENT_RELATIVE_COLORIMETRIC);
  cmsWriteTag (profile, cmsSigMediaWhitePointTag, (void *) cmsD50_XYZ ());
  cmsWriteTag (profile, cmsSigAToB0Tag, a2b);
  cmsWriteTag (profile, cmsSigBToA0Tag, b2a);

  cmsPipelineFree (a2b);
  cmsPipelineFree (b2a);
  cmsFreeToneCurve (decode);
  cmsFreeToneCurve (encode);
  cmsCloseProfile (srgb);
  return profile;
}

/* A new lcms2 profile for profile (the untagged file's numbers are sRGB). */
static cmsHPROFILE
create_profile (ShSynthProfile profile)
{
  static const cmsCIExyYTRIPLE adobe_primaries = {
    { 0.6400, 0.3300, 1.0 }, { 0.2100, 0.7100, 1.0 }, { 0.1500, 0.0600, 1.0 },
  };
  static const cmsCIExyYTRIPLE p3_primaries = {
    { 0.6800, 0.3200, 1.0 }, { 0.2650, 0.6900, 1.0 }, { 0.1500, 0.0600, 1.0 },
  };
  static const cmsCIExyYTRIPLE romm_primaries = {
    { 0.7347, 0.2653, 1.0 }, { 0.1596, 0.8404, 1.0 }, { 0.0366, 0.0001, 1.0 },
  };
  cmsHPROFILE result = NULL;

  switch (profile)
    {
    case SH_SYNTH_PROFILE_UNTAGGED:
    case SH_SYNTH_PROFILE_SRGB:
      result = cmsCreate_sRGBProfile ();
      set_description (result, "sRGB IEC61966-2.1 (Shadelab synthetic)");
      break;
    case SH_SYNTH_PROFILE_ADOBE_RGB:
      result = create_rgb (&d65_white, &adobe_primaries, cmsBuildGamma (NULL, 563.0 / 256.0));
      set_description (result, "Adobe RGB (1998) compatible (Shadelab synthetic)");
      break;
    case SH_SYNTH_PROFILE_DISPLAY_P3:
      result = create_rgb (&d65_white, &p3_primaries, srgb_curve ());
      set_description (result, "Display P3 (Shadelab synthetic)");
      break;
    case SH_SYNTH_PROFILE_PROPHOTO:
      result = create_rgb (cmsD50_xyY (), &romm_primaries, cmsBuildGamma (NULL, 1.8));
      set_description (result, "ProPhoto RGB / ROMM (Shadelab synthetic)");
      break;
    case SH_SYNTH_PROFILE_BGR:
      result = create_bgr ();
      set_description (result, "sRGB, channels stored blue-green-red (Shadelab synthetic)");
      break;
    case SH_SYNTH_PROFILE_LUT:
      result = create_lut ();
      set_description (result, "sRGB as AToB0/BToA0 LUT profile (Shadelab synthetic)");
      break;
    case SH_SYNTH_N_PROFILES:
    default:
      break;
    }
  return result;
}

guint8 *
sh_synth_profile_icc (ShSynthProfile profile, gsize *len)
{
  cmsHPROFILE handle;
  cmsUInt32Number size = 0;
  guint8 *bytes = NULL;

  *len = 0;
  if (profile == SH_SYNTH_PROFILE_UNTAGGED)
    return NULL;
  handle = create_profile (profile);
  if (handle == NULL)
    return NULL;
  if (cmsSaveProfileToMem (handle, NULL, &size) && size >= 128)
    {
      bytes = g_malloc (size);
      if (cmsSaveProfileToMem (handle, bytes, &size))
        {
          /* lcms2 stamps the header with the time of creation; a fixed date (2024-01-01 00:00:00, six
           * big-endian 16-bit fields at offset 24) keeps files identical from run to run. The profile
           * ID stays zero, so no checksum needs updating. */
          static const guint8 fixed_date[12] = { 0x07, 0xe8, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0 };

          memcpy (bytes + 24, fixed_date, sizeof fixed_date);
          *len = size;
        }
      else
        g_clear_pointer (&bytes, g_free);
    }
  cmsCloseProfile (handle);
  return bytes;
}

/* Where stored pixel (sx, sy) of a stored_w x stored_h image lands once a viewer applies orientation, in
 * the order gdk_pixbuf_apply_embedded_orientation applies flips and rotations. */
static void
stored_to_upright (int orientation, int sx, int sy, int stored_w, int stored_h, int *ux, int *uy)
{
  switch (orientation)
    {
    case 2:      /* mirrored left-right */
      *ux = stored_w - 1 - sx, *uy = sy;
      break;
    case 3:      /* rotated 180 */
      *ux = stored_w - 1 - sx, *uy = stored_h - 1 - sy;
      break;
    case 4:      /* mirrored top-bottom */
      *ux = sx, *uy = stored_h - 1 - sy;
      break;
    case 5:      /* transposed */
      *ux = sy, *uy = sx;
      break;
    case 6:      /* shown rotated 90 clockwise */
      *ux = stored_h - 1 - sy, *uy = sx;
      break;
    case 7:      /* transversed */
      *ux = stored_h - 1 - sy, *uy = stored_w - 1 - sx;
      break;
    case 8:      /* shown rotated 90 counter-clockwise */
      *ux = sy, *uy = stored_w - 1 - sx;
      break;
    case 1:
    default:
      *ux = sx, *uy = sy;
      break;
    }
}

/* An APP1 Exif segment holding a big-endian TIFF header and IFD0 with the single Orientation tag. */
static GBytes *
insert_exif_orientation (const guint8 *jpeg, gsize len, int orientation)
{
  static const guint8 head[] = {
    0xff, 0xe1, 0x00, 0x22,                      /* APP1, length 34 */
    'E', 'x', 'i', 'f', 0, 0,
    'M', 'M', 0x00, 0x2a, 0x00, 0x00, 0x00, 0x08, /* TIFF header, IFD0 at 8 */
    0x00, 0x01,                                  /* one entry */
    0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, /* Orientation, SHORT, count 1 */
  };
  GByteArray *out;
  guint8 tail[8] = { 0x00, (guint8) orientation, 0x00, 0x00, /* value, padded */
                     0x00, 0x00, 0x00, 0x00 };           /* no next IFD */

  if (len < 2 || jpeg[0] != 0xff || jpeg[1] != 0xd8)
    return NULL;
  out = g_byte_array_sized_new (len + sizeof head + sizeof tail);
  g_byte_array_append (out, jpeg, 2);
  g_byte_array_append (out, head, sizeof head);
  g_byte_array_append (out, tail, sizeof tail);
  g_byte_array_append (out, jpeg + 2, len - 2);
  return g_byte_array_free_to_bytes (out);
}

/* The PNG chunk CRC (ISO 3309, as zlib's crc32). */
static guint32
png_crc (const guint8 *data, gsize len, guint32 crc)
{
  static guint32 table[256];
  static gsize table_ready = 0;

  if (g_once_init_enter (&table_ready))
    {
      for (guint32 n = 0; n < 256; n++)
        {
          guint32 c = n;

          for (int k = 0; k < 8; k++)
            c = c & 1 ? 0xedb88320U ^ (c >> 1) : c >> 1;
          table[n] = c;
        }
      g_once_init_leave (&table_ready, 1);
    }
  crc ^= 0xffffffffU;
  for (gsize i = 0; i < len; i++)
    crc = table[(crc ^ data[i]) & 0xff] ^ (crc >> 8);
  return crc ^ 0xffffffffU;
}

static void
append_be32 (GByteArray *array, guint32 v)
{
  guint8 b[4] = { v >> 24, (v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff };

  g_byte_array_append (array, b, 4);
}

/* GdkPixbuf 2.42's PNG saver hands libpng the profile before the image header, and libpng then rejects
 * any RGB profile as unfit for a greyscale image. So the iCCP chunk is added here, right after IHDR. */
GBytes *
sh_png_insert_icc_profile (const guint8 *png, gsize len, const guint8 *icc, gsize icc_len, GError **error)
{
  static const char name[] = "ICC profile";
  const gsize ihdr_end = 8 + 4 + 4 + 13 + 4;
  g_autoptr (GZlibCompressor) compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_ZLIB, 9);
  g_autoptr (GByteArray) chunk = g_byte_array_new ();
  g_autofree guint8 *deflated = NULL;
  gsize deflated_cap = icc_len + icc_len / 10 + 64, read = 0, written = 0;
  GByteArray *out;
  GConverterResult result;

  if (len < ihdr_end || memcmp (png + 12, "IHDR", 4) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "the PNG encoder gave no IHDR chunk");
      return NULL;
    }
  deflated = g_malloc (deflated_cap);
  result = g_converter_convert (G_CONVERTER (compressor), icc, icc_len, deflated, deflated_cap,
                                G_CONVERTER_INPUT_AT_END | G_CONVERTER_FLUSH, &read, &written, error);
  if (result != G_CONVERTER_FINISHED)
    {
      if (result != G_CONVERTER_ERROR)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot compress the ICC profile");
      return NULL;
    }

  /* Type, keyword, NUL, compression method 0, zlib data; the CRC covers type and data. */
  g_byte_array_append (chunk, (const guint8 *) "iCCP", 4);
  g_byte_array_append (chunk, (const guint8 *) name, sizeof name);
  g_byte_array_append (chunk, (const guint8 *) "", 1);
  g_byte_array_append (chunk, deflated, written);

  out = g_byte_array_sized_new (len + chunk->len + 8);
  g_byte_array_append (out, png, ihdr_end);
  append_be32 (out, chunk->len - 4);
  g_byte_array_append (out, chunk->data, chunk->len);
  append_be32 (out, png_crc (chunk->data, chunk->len, 0));
  g_byte_array_append (out, png + ihdr_end, len - ihdr_end);
  return g_byte_array_free_to_bytes (out);
}

static guint32
tiff_read (const guint8 *p, int size, gboolean big_endian)
{
  guint32 v = 0;

  for (int i = 0; i < size; i++)
    v |= (guint32) p[big_endian ? i : size - 1 - i] << (8 * (size - 1 - i));
  return v;
}

/* libtiff aligns what it writes to even offsets by seeking, and GdkPixbuf's in-memory TIFF writer leaves
 * the skipped bytes uninitialised, so two saves of one image may differ. Zeroes every byte that no
 * part of the file structure (header, IFDs, their values, strips or tiles) points at. */
static void
tiff_zero_gaps (guint8 *data, gsize len)
{
  static const int type_size[] = { 0, 1, 1, 2, 4, 8, 1, 1, 2, 4, 8, 4, 8, 0, 0, 0, 8, 8, 8 };
  g_autofree guint8 *used = NULL;
  gboolean big_endian;
  guint32 ifd;
  int guard = 0;

  if (len < 8 || !((data[0] == 'I' && data[1] == 'I') || (data[0] == 'M' && data[1] == 'M')))
    return;
  big_endian = data[0] == 'M';
  used = g_malloc0 (len);
  memset (used, 1, 8);
  ifd = tiff_read (data + 4, 4, big_endian);

  while (ifd != 0 && guard++ < 16)
    {
      guint32 n_entries, offsets_at = 0, counts_at = 0, n_offsets = 0;
      int offsets_size = 0, counts_size = 0;

      if ((gsize) ifd + 2 > len)
        return;
      n_entries = tiff_read (data + ifd, 2, big_endian);
      if ((gsize) ifd + 2 + 12 * (gsize) n_entries + 4 > len)
        return;
      memset (used + ifd, 1, 2 + 12 * (gsize) n_entries + 4);
      for (guint32 e = 0; e < n_entries; e++)
        {
          const guint8 *entry = data + ifd + 2 + 12 * e;
          guint32 tag = tiff_read (entry, 2, big_endian), type = tiff_read (entry + 2, 2, big_endian);
          guint32 count = tiff_read (entry + 4, 4, big_endian);
          int size = type < G_N_ELEMENTS (type_size) ? type_size[type] : 0;
          guint64 bytes = (guint64) count * size;
          guint32 value_at = bytes > 4 ? tiff_read (entry + 8, 4, big_endian) : (guint32) (ifd + 2 + 12 * e + 8);

          if (size == 0 || value_at + bytes > len)
            return;
          if (bytes > 4)
            memset (used + value_at, 1, (gsize) bytes);
          if (tag == 273 || tag == 324)          /* StripOffsets, TileOffsets */
            offsets_at = value_at, offsets_size = size, n_offsets = count;
          else if (tag == 279 || tag == 325)     /* StripByteCounts, TileByteCounts */
            counts_at = value_at, counts_size = size;
        }
      if (n_offsets == 0 || counts_size == 0)
        return;
      for (guint32 i = 0; i < n_offsets; i++)
        {
          guint32 start = tiff_read (data + offsets_at + (gsize) i * offsets_size, offsets_size, big_endian);
          guint32 size = tiff_read (data + counts_at + (gsize) i * counts_size, counts_size, big_endian);

          if ((guint64) start + size > len)
            return;
          memset (used + start, 1, size);
        }
      ifd = tiff_read (data + ifd + 2 + 12 * n_entries, 4, big_endian);
    }
  for (gsize i = 0; i < len; i++)
    if (!used[i])
      data[i] = 0;
}

/* Box-Muller on GRand, both outputs used: deterministic for a seed on every platform. */
typedef struct {
  GRand *rand;
  double spare;
  gboolean has_spare;
} Gaussian;

static double
gaussian_next (Gaussian *g)
{
  double u1, u2, radius;

  if (g->has_spare)
    {
      g->has_spare = FALSE;
      return g->spare;
    }
  u1 = g_rand_double (g->rand);
  u2 = g_rand_double (g->rand);
  if (u1 < 1e-300)
    u1 = 1e-300;
  radius = sqrt (-2.0 * log (u1));
  g->spare = radius * sin (2.0 * G_PI * u2);
  g->has_spare = TRUE;
  return radius * cos (2.0 * G_PI * u2);
}

typedef struct {
  cmsHTRANSFORM transform;
  const float *linear;
  guint8 *encoded;
  int width, row_begin, row_end;
} EncodeSlice;

static gpointer
encode_slice (gpointer data)
{
  EncodeSlice *slice = data;

  for (int y = slice->row_begin; y < slice->row_end; y++)
    cmsDoTransform (slice->transform, slice->linear + (gsize) y * slice->width * 3,
                    slice->encoded + (gsize) y * slice->width * 3, (cmsUInt32Number) slice->width);
  return NULL;
}

/* The float transform evaluates the curves per pixel; rows are independent and cmsDoTransform is
 * re-entrant, so the work is shared between threads (the result does not depend on their number). */
static void
encode_rows (cmsHTRANSFORM transform, const float *linear, guint8 *encoded, int width, int height)
{
  int n_threads = CLAMP ((int) g_get_num_processors (), 1, 8);
  EncodeSlice slices[8];
  GThread *threads[8] = { NULL };

  if ((gint64) width * height < 200000)
    n_threads = 1;
  for (int i = 0; i < n_threads; i++)
    {
      slices[i] = (EncodeSlice) { transform, linear, encoded, width, (int) ((gint64) height * i / n_threads),
                                  (int) ((gint64) height * (i + 1) / n_threads) };
      if (i > 0)
        threads[i] = g_thread_try_new ("synth-encode", encode_slice, &slices[i], NULL);
      if (i > 0 && threads[i] == NULL)
        encode_slice (&slices[i]);
    }
  encode_slice (&slices[0]);
  for (int i = 1; i < n_threads; i++)
    if (threads[i] != NULL)
      g_thread_join (threads[i]);
}

gboolean
sh_synth_write (const float *linear, int width, int height, const ShSynthEncoding *encoding,
                const char *path, GError **error)
{
  return sh_synth_write_rgba (linear, NULL, 0, width, height, encoding, path, error);
}

gboolean
sh_synth_write_rgba (const float *linear, const float *alpha, int hidden_rgb, int width, int height,
                     const ShSynthEncoding *encoding, const char *path, GError **error)
{
  ShSynthProfile profile_id = encoding->profile;
  int orientation = encoding->format == SH_SYNTH_JPEG ? encoding->orientation : 1;
  cmsHPROFILE source, target;
  cmsHTRANSFORM transform;
  g_autofree guint8 *encoded = NULL;
  g_autofree guint8 *icc = NULL;
  g_autofree char *icc_base64 = NULL;
  g_autofree char *quality = NULL;
  g_autofree gchar *buffer = NULL;
  g_autoptr (GdkPixbuf) pixbuf = NULL;
  g_autoptr (GBytes) file_bytes = NULL;
  gsize buffer_len = 0, icc_len = 0;
  int stored_w, stored_h, rowstride, channels = alpha != NULL ? 4 : 3;
  guint8 *stored;
  gboolean saved;

  if (width <= 0 || height <= 0 || (gsize) width > G_MAXSIZE / 3 / (gsize) height)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "%s: invalid image size %dx%d", path,
                   width, height);
      return FALSE;
    }
  if (profile_id < 0 || profile_id >= SH_SYNTH_N_PROFILES)
    profile_id = SH_SYNTH_PROFILE_UNTAGGED;
  if (orientation < 1 || orientation > 8)
    orientation = 1;
  if (alpha != NULL && encoding->format != SH_SYNTH_PNG)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "%s: only PNG photos carry transparency",
                   path);
      return FALSE;
    }

  /* Linear sRGB float -> the file's RGB numbers, relative colorimetric (ProPhoto's D50 white receives
   * the D65 white). Values above 1 clip in the encoding, as a camera's would. */
  source = create_linear_srgb ();
  target = create_profile (profile_id);
  transform = cmsCreateTransform (source, TYPE_RGB_FLT, target, TYPE_RGB_8, INTENT_RELATIVE_COLORIMETRIC, 0);
  cmsCloseProfile (source);
  cmsCloseProfile (target);
  if (transform == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: cannot build the %s colour transform", path,
                   sh_synth_profile_name (profile_id));
      return FALSE;
    }
  encoded = g_try_malloc ((gsize) width * height * 3);
  if (encoded == NULL)
    {
      cmsDeleteTransform (transform);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, "%s: out of memory", path);
      return FALSE;
    }
  encode_rows (transform, linear, encoded, width, height);
  cmsDeleteTransform (transform);

  /* Sensor noise in code values of the file, as a camera adds it after its own encoding. */
  if (encoding->noise_sigma > 0.0)
    {
      Gaussian noise = { g_rand_new_with_seed (encoding->noise_seed), 0.0, FALSE };

      for (gsize i = 0; i < (gsize) width * height * 3; i++)
        {
          double v = encoded[i] + encoding->noise_sigma * gaussian_next (&noise);

          encoded[i] = v <= 0.0 ? 0 : v >= 255.0 ? 255 : (guint8) (v + 0.5);
        }
      g_rand_free (noise.rand);
    }

  /* Store the pixels so that applying the orientation shows the scene upright. */
  stored_w = orientation >= 5 ? height : width;
  stored_h = orientation >= 5 ? width : height;
  pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, alpha != NULL, 8, stored_w, stored_h);
  if (pixbuf == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, "%s: out of memory", path);
      return FALSE;
    }
  stored = gdk_pixbuf_get_pixels (pixbuf);
  rowstride = gdk_pixbuf_get_rowstride (pixbuf);
  for (int sy = 0; sy < stored_h; sy++)
    for (int sx = 0; sx < stored_w; sx++)
      {
        int ux, uy;

        stored_to_upright (orientation, sx, sy, stored_w, stored_h, &ux, &uy);
        memcpy (stored + (gsize) sy * rowstride + (gsize) sx * channels, encoded + ((gsize) uy * width + ux) * 3,
                3);
      }

  /* A cut-out's alpha; a fully transparent pixel keeps whatever the editor left in it: here a grey, or
   * random bytes (its colour must never count). */
  if (alpha != NULL)
    {
      GRand *hidden = g_rand_new_with_seed (encoding->noise_seed ^ 0x48494445U);

      for (int y = 0; y < height; y++)
        for (int x = 0; x < width; x++)
          {
            guint8 *p = stored + (gsize) y * rowstride + (gsize) x * 4;
            double a = alpha[(gsize) y * width + x];

            p[3] = a <= 0.0 ? 0 : a >= 1.0 ? 255 : (guint8) (a * 255.0 + 0.5);
            if (p[3] == 0)
              for (int c = 0; c < 3; c++)
                p[c] = hidden_rgb >= 0 ? (guint8) hidden_rgb : (guint8) g_rand_int_range (hidden, 0, 256);
          }
      g_rand_free (hidden);
    }

  if (profile_id != SH_SYNTH_PROFILE_UNTAGGED)
    {
      icc = sh_synth_profile_icc (profile_id, &icc_len);
      if (icc == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: cannot serialise the %s profile", path,
                       sh_synth_profile_name (profile_id));
          return FALSE;
        }
      icc_base64 = g_base64_encode (icc, icc_len);
    }

  switch (encoding->format)
    {
    case SH_SYNTH_JPEG:
      quality = g_strdup_printf ("%d", CLAMP (encoding->jpeg_quality, 1, 100));
      saved = gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &buffer_len, "jpeg", error, "quality", quality,
                                         icc_base64 ? "icc-profile" : NULL, icc_base64, NULL);
      break;
    case SH_SYNTH_PNG:
      saved = gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &buffer_len, "png", error, NULL);
      break;
    case SH_SYNTH_TIFF:
      saved = gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &buffer_len, "tiff", error,
                                         icc_base64 ? "icc-profile" : NULL, icc_base64, NULL);
      break;
    default:
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "%s: unknown format %d", path,
                   (int) encoding->format);
      return FALSE;
    }
  if (!saved)
    {
      g_prefix_error (error, "%s: ", path);
      return FALSE;
    }

  if (encoding->format == SH_SYNTH_JPEG)
    {
      file_bytes = insert_exif_orientation ((const guint8 *) buffer, buffer_len, orientation);
      if (file_bytes == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: the JPEG encoder gave no SOI marker", path);
          return FALSE;
        }
    }
  else if (encoding->format == SH_SYNTH_PNG && icc != NULL)
    {
      file_bytes = sh_png_insert_icc_profile ((const guint8 *) buffer, buffer_len, icc, icc_len, error);
      if (file_bytes == NULL)
        {
          g_prefix_error (error, "%s: ", path);
          return FALSE;
        }
    }
  else
    {
      if (encoding->format == SH_SYNTH_TIFF)
        tiff_zero_gaps ((guint8 *) buffer, buffer_len);
      file_bytes = g_bytes_new_take (g_steal_pointer (&buffer), buffer_len);
    }

  {
    gsize size = 0;
    const char *data = g_bytes_get_data (file_bytes, &size);

    return g_file_set_contents (path, data, (gssize) size, error);
  }
}

/* splitmix64 finaliser: turns neighbouring integers into unrelated ones. */
static guint64
mix64 (guint64 x)
{
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

void
sh_synth_encoding_for_seed (guint32 seed, ShSynthEncoding *encoding)
{
  guint64 h = mix64 (seed);

  memset (encoding, 0, sizeof *encoding);
  /* Profile and orientation cycle with the seed, so any run of 56 consecutive seeds holds every pair's
   * profile and every orientation several times over; format comes from a different residue so the two
   * stay independent. */
  encoding->profile = (ShSynthProfile) (seed % SH_SYNTH_N_PROFILES);
  switch (seed % 10)
    {
    case 3:
      encoding->format = SH_SYNTH_PNG;
      break;
    case 7:
      encoding->format = SH_SYNTH_TIFF;
      break;
    default:
      encoding->format = SH_SYNTH_JPEG;
      break;
    }
  encoding->orientation = encoding->format == SH_SYNTH_JPEG ? 1 + (int) ((seed / SH_SYNTH_N_PROFILES) % 8) : 1;
  encoding->jpeg_quality = 85 + (int) (h % 11);
  encoding->noise_sigma = 0.5 + (double) ((h >> 8) % 2001) / 1000.0;
  encoding->noise_seed = (guint32) (h >> 32);
}

static const char *
format_name (ShSynthFormat format)
{
  switch (format)
    {
    case SH_SYNTH_PNG:
      return "png";
    case SH_SYNTH_TIFF:
      return "tiff";
    case SH_SYNTH_JPEG:
    default:
      return "jpeg";
    }
}

static const char *
format_extension (ShSynthFormat format)
{
  switch (format)
    {
    case SH_SYNTH_PNG:
      return "png";
    case SH_SYNTH_TIFF:
      return "tif";
    case SH_SYNTH_JPEG:
    default:
      return "jpg";
    }
}

static const char *
packaging_name (ShPackaging packaging)
{
  switch (packaging)
    {
    case SH_PACKAGING_GOLD:
      return "gold";
    case SH_PACKAGING_BLACK:
      return "black";
    case SH_PACKAGING_SILVER:
      return "silver";
    case SH_PACKAGING_NONE:
    default:
      return "none";
    }
}

static cJSON *
box_to_json (const ShBox *box)
{
  cJSON *object = cJSON_CreateObject ();

  cJSON_AddNumberToObject (object, "x", box->x);
  cJSON_AddNumberToObject (object, "y", box->y);
  cJSON_AddNumberToObject (object, "w", box->w);
  cJSON_AddNumberToObject (object, "h", box->h);
  return object;
}

static cJSON *
triple_to_json (const double v[3])
{
  return cJSON_CreateDoubleArray (v, 3);
}

static cJSON *
photo_to_json (const char *file, guint32 scene_seed, const ShSynthParams *params, const ShSynthTruth *truth,
               const ShSynthEncoding *encoding)
{
  cJSON *entry = cJSON_CreateObject ();
  cJSON *truth_json = cJSON_CreateObject ();
  cJSON *glitter = cJSON_CreateObject ();
  guint8 srgb8[3];
  char hex[8];

  sh_linear_srgb_to_srgb8 (truth->body_linear, srgb8);
  sh_format_hex (srgb8, hex);

  cJSON_AddStringToObject (entry, "file", file);
  cJSON_AddItemToObject (entry, "box", box_to_json (&truth->label_box));
  cJSON_AddItemToObject (entry, "bullet", box_to_json (&truth->bullet));
  if (params->packaging != SH_PACKAGING_NONE)
    cJSON_AddItemToObject (entry, "case", box_to_json (&truth->case_box));
  else
    cJSON_AddNullToObject (entry, "case");

  cJSON_AddStringToObject (truth_json, "srgb", hex);
  cJSON_AddItemToObject (truth_json, "lab", triple_to_json (truth->body_lab));
  cJSON_AddItemToObject (truth_json, "linear_rgb", triple_to_json (truth->body_linear));
  cJSON_AddItemToObject (entry, "truth", truth_json);

  cJSON_AddStringToObject (entry, "finish", sh_finish_class_name (truth->finish));
  cJSON_AddNumberToObject (glitter, "density", truth->glitter_density);
  cJSON_AddNumberToObject (glitter, "flakes", truth->glitter_flakes);
  cJSON_AddItemToObject (entry, "glitter", glitter);
  cJSON_AddStringToObject (entry, "packaging", packaging_name (params->packaging));
  cJSON_AddStringToObject (entry, "profile", sh_synth_profile_name (encoding->profile));
  cJSON_AddNumberToObject (entry, "orientation", encoding->format == SH_SYNTH_JPEG ? encoding->orientation : 1);
  cJSON_AddStringToObject (entry, "format", format_name (encoding->format));
  if (encoding->format == SH_SYNTH_JPEG)
    cJSON_AddNumberToObject (entry, "jpeg_quality", encoding->jpeg_quality);
  cJSON_AddNumberToObject (entry, "noise_sigma", encoding->noise_sigma);
  cJSON_AddNumberToObject (entry, "width", params->width);
  cJSON_AddNumberToObject (entry, "height", params->height);
  cJSON_AddNumberToObject (entry, "seed", scene_seed);

  /* The hard mix's variants (classic scenes say sweep, upright, opaque). */
  {
    cJSON *variants = cJSON_CreateArray ();
    cJSON *shimmer = cJSON_CreateObject ();
    const char *backdrop = params->transparent ? "transparent" : sh_synth_backdrop_name (params->backdrop);

    cJSON_AddStringToObject (entry, "backdrop", backdrop);
    cJSON_AddBoolToObject (entry, "cut_face", params->cut_face != 0);
    if (truth->engraving_box.w > 0)
      cJSON_AddItemToObject (entry, "engraving", box_to_json (&truth->engraving_box));
    else
      cJSON_AddNullToObject (entry, "engraving");
    cJSON_AddNumberToObject (entry, "angle", params->angle);
    cJSON_AddBoolToObject (entry, "transparent", params->transparent != 0);
    if (params->transparent)
      cJSON_AddStringToObject (entry, "hidden_rgb", params->hidden_rgb < 0 ? "random" : "grey");
    else
      cJSON_AddNullToObject (entry, "hidden_rgb");
    cJSON_AddNumberToObject (entry, "matte_sheen", params->matte_sheen);
    cJSON_AddNumberToObject (shimmer, "density", truth->shimmer_density);
    cJSON_AddNumberToObject (shimmer, "sparkles", truth->shimmer_sparkles);
    cJSON_AddItemToObject (entry, "shimmer", shimmer);
    if (truth->truth_patch.w > 0)
      cJSON_AddItemToObject (entry, "truth_patch", box_to_json (&truth->truth_patch));
    else
      cJSON_AddNullToObject (entry, "truth_patch");

    if (params->backdrop != SH_BACKDROP_SWEEP || params->transparent)
      {
        g_autofree char *name = g_strdup_printf ("backdrop:%s", backdrop);

        cJSON_AddItemToArray (variants, cJSON_CreateString (name));
      }
    if (params->transparent)
      cJSON_AddItemToArray (variants, cJSON_CreateString ("transparent"));
    if (params->cut_face)
      cJSON_AddItemToArray (variants, cJSON_CreateString ("cut-face"));
    if (truth->engraving_box.w > 0)
      cJSON_AddItemToArray (variants, cJSON_CreateString ("engraving"));
    if (params->angle != 0.0)
      cJSON_AddItemToArray (variants, cJSON_CreateString ("angle"));
    if (params->matte_sheen > 0.0)
      cJSON_AddItemToArray (variants, cJSON_CreateString ("matte-sheen"));
    if (truth->shimmer_sparkles > 0)
      cJSON_AddItemToArray (variants, cJSON_CreateString ("shimmer"));
    if (truth->glitter_flakes > 0)
      cJSON_AddItemToArray (variants, cJSON_CreateString ("glitter"));
    cJSON_AddItemToObject (entry, "variants", variants);
  }
  return entry;
}

gboolean
sh_synth_write_set (const char *dir, int count, guint32 seed, int width, int height, GError **error)
{
  return sh_synth_write_set_mix (dir, count, seed, width, height, SH_SYNTH_MIX_CLASSIC, error);
}

gboolean
sh_synth_write_set_mix (const char *dir, int count, guint32 seed, int width, int height, ShSynthMix mix,
                        GError **error)
{
  g_autoptr (cJSON) set = NULL;
  g_autofree char *truth_path = NULL;
  g_autofree char *text = NULL;
  guint32 encoding_base = (guint32) mix64 ((guint64) seed ^ 0x454e434fULL);

  if (count < 0 || width <= 0 || height <= 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "invalid set: %d photos of %dx%d", count,
                   width, height);
      return FALSE;
    }
  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno), "%s: cannot create directory: %s",
                   dir, g_strerror (saved_errno));
      return FALSE;
    }

  set = cJSON_CreateArray ();
  for (int i = 1; i <= count; i++)
    {
      guint32 scene_seed = (guint32) mix64 (((guint64) seed << 32) | (guint32) i);
      ShSynthParams params;
      ShSynthTruth truth;
      ShSynthEncoding encoding;
      g_autofree char *file = NULL;
      g_autofree char *path = NULL;
      float *linear, *alpha = NULL;
      gboolean ok;

      sh_synth_params_for_seed_mix (scene_seed, width, height, mix, &params);
      linear = sh_synth_render_rgba (&params, &truth, &alpha);
      if (linear == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, "out of memory rendering a %dx%d photo", width,
                       height);
          return FALSE;
        }
      /* Consecutive encoding seeds walk through every profile and orientation. */
      sh_synth_encoding_for_seed (encoding_base + (guint32) i, &encoding);
      encoding.noise_sigma = params.noise_sigma;
      encoding.noise_seed = (guint32) mix64 (scene_seed ^ 0x4e4f4953ULL);
      /* Cut-outs are PNG, as they are on the web. */
      if (params.transparent)
        {
          encoding.format = SH_SYNTH_PNG;
          encoding.orientation = 1;
        }

      file = g_strdup_printf ("synth-%04d.%s", i, format_extension (encoding.format));
      path = g_build_filename (dir, file, NULL);
      ok = sh_synth_write_rgba (linear, alpha, params.hidden_rgb, width, height, &encoding, path, error);
      free (linear);
      free (alpha);
      if (!ok)
        return FALSE;
      cJSON_AddItemToArray (set, photo_to_json (file, scene_seed, &params, &truth, &encoding));
    }

  text = cJSON_Print (set);
  if (text == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, "out of memory writing truth.json");
      return FALSE;
    }
  truth_path = g_build_filename (dir, "truth.json", NULL);
  {
    g_autofree char *with_newline = g_strconcat (text, "\n", NULL);

    cJSON_free (g_steal_pointer (&text));
    return g_file_set_contents (truth_path, with_newline, -1, error);
  }
}
