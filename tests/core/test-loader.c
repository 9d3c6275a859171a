/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-loader.c: the image loader and the colour model it fills.
 *
 * Every test image is generated here: colour patches encoded with lcms2 from known Lab values into real
 * RGB profiles (sRGB, Adobe RGB, Display P3, ProPhoto, a profile with red and blue colorants swapped and a
 * LUT-based profile), then saved through GdkPixbuf with the profile embedded. The EXIF orientation photos
 * come from $SHADELAB_SHARED_DIR and are skipped when absent.
 */
#define G_LOG_DOMAIN "shadelab-test-loader"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <lcms2.h>

#ifdef HAVE_LIBJPEG
#include <stdio.h> /* jpeglib.h needs FILE */
#include <jpeglib.h>
#endif

#include "color/color-model.h"
#include "core/formats/image-loader.h"
#include "tests/lib/test-error.h"
#include "tests/lib/test-fs.h"

static char *tmp_dir;

#define PATCH 16

/* Lipstick-like and neutral colours, all inside sRGB (checked in test_patch_colours_in_srgb). */
static const cmsCIELab patch_colours[] = {
  { 45.0, 60.0, 35.0 },   /* red lipstick */
  { 38.0, 45.0, 5.0 },    /* berry */
  { 62.0, 18.0, 22.0 },   /* nude */
  { 28.0, 25.0, 8.0 },    /* plum */
  { 78.0, 6.0, 16.0 },    /* light beige */
  { 50.0, 0.0, 0.0 },     /* mid grey */
  { 60.0, -35.0, 40.0 },  /* green */
  { 42.0, 12.0, -48.0 },  /* blue */
  { 88.0, -4.0, 70.0 },   /* yellow */
  { 20.0, 2.0, -3.0 },    /* near black */
};
#define N_PATCHES G_N_ELEMENTS (patch_colours)

static char *
tmp_path (const char *name)
{
  return g_build_filename (tmp_dir, name, NULL);
}

/* ------------------------------------------------------------------------------------------------ */
/* Profiles */

static const cmsCIExyY d65 = { 0.3127, 0.3290, 1.0 };
static const cmsCIExyY d50 = { 0.3457, 0.3585, 1.0 };

static void
set_description (cmsHPROFILE profile, const char *description)
{
  cmsMLU *mlu = cmsMLUalloc (NULL, 1);

  cmsMLUsetASCII (mlu, "en", "US", description);
  cmsWriteTag (profile, cmsSigProfileDescriptionTag, mlu);
  cmsMLUfree (mlu);
}

static cmsToneCurve *
srgb_curve (void)
{
  static const cmsFloat64Number parameters[5] = { 2.4, 1.0 / 1.055, 0.055 / 1.055, 1.0 / 12.92, 0.04045 };
  return cmsBuildParametricToneCurve (NULL, 4, parameters);
}

static cmsHPROFILE
create_matrix_profile (const cmsCIExyY *white, const cmsCIExyYTRIPLE *primaries, cmsToneCurve *curve,
                       const char *description)
{
  cmsToneCurve *curves[3] = { curve, curve, curve };
  cmsHPROFILE profile = cmsCreateRGBProfile (white, primaries, curves);

  g_assert_nonnull (profile);
  set_description (profile, description);
  cmsFreeToneCurve (curve);
  return profile;
}

static cmsHPROFILE
create_adobe_rgb (void)
{
  const cmsCIExyYTRIPLE primaries = { { 0.64, 0.33, 1 }, { 0.21, 0.71, 1 }, { 0.15, 0.06, 1 } };
  return create_matrix_profile (&d65, &primaries, cmsBuildGamma (NULL, 563.0 / 256.0), "Adobe RGB test");
}

static cmsHPROFILE
create_display_p3 (void)
{
  const cmsCIExyYTRIPLE primaries = { { 0.680, 0.320, 1 }, { 0.265, 0.690, 1 }, { 0.150, 0.060, 1 } };
  return create_matrix_profile (&d65, &primaries, srgb_curve (), "Display P3 test");
}

static cmsHPROFILE
create_prophoto (void)
{
  const cmsCIExyYTRIPLE primaries = { { 0.7347, 0.2653, 1 }, { 0.1596, 0.8404, 1 }, { 0.0366, 0.0001, 1 } };
  return create_matrix_profile (&d50, &primaries, cmsBuildGamma (NULL, 1.8), "ProPhoto RGB test");
}

/* sRGB with the red and blue colorants exchanged: channel 0 of the pixels is the blue primary. */
static cmsHPROFILE
create_swapped_srgb (void)
{
  const cmsCIExyYTRIPLE primaries = { { 0.15, 0.06, 1 }, { 0.30, 0.60, 1 }, { 0.64, 0.33, 1 } };
  return create_matrix_profile (&d65, &primaries, srgb_curve (), "Swapped sRGB test");
}

static cmsInt32Number
sample_through_transform (const cmsUInt16Number in[], cmsUInt16Number out[], void *cargo)
{
  cmsDoTransform ((cmsHTRANSFORM) cargo, in, out, 1);
  return TRUE;
}

static cmsPipeline *
clut_pipeline (cmsHTRANSFORM transform)
{
  cmsPipeline *pipeline = cmsPipelineAlloc (NULL, 3, 3);
  cmsStage *clut = cmsStageAllocCLut16bit (NULL, 33, 3, 3, NULL);

  g_assert_true (cmsStageSampleCLut16bit (clut, sample_through_transform, transform, 0));
  /* lutAtoB / lutBtoA tags need curves around the grid; identity ones will do. */
  cmsPipelineInsertStage (pipeline, cmsAT_END, cmsStageAllocToneCurves (NULL, 3, NULL));
  cmsPipelineInsertStage (pipeline, cmsAT_END, clut);
  cmsPipelineInsertStage (pipeline, cmsAT_END, cmsStageAllocToneCurves (NULL, 3, NULL));
  return pipeline;
}

/* A v4 display profile made only of AToB0/BToA0 grids (33 points) that follow Display P3: no colorant
 * or TRC tags, so it is not a matrix-shaper and the loader must transform its pixels. */
static cmsHPROFILE
create_lut_profile (void)
{
  cmsHPROFILE base = create_display_p3 ();
  cmsHPROFILE lab = cmsCreateLab4Profile (NULL);
  cmsHTRANSFORM to_lab = cmsCreateTransform (base, TYPE_RGB_16, lab, TYPE_Lab_16, INTENT_RELATIVE_COLORIMETRIC,
                                             cmsFLAGS_NOOPTIMIZE);
  cmsHTRANSFORM from_lab = cmsCreateTransform (lab, TYPE_Lab_16, base, TYPE_RGB_16, INTENT_RELATIVE_COLORIMETRIC,
                                               cmsFLAGS_NOOPTIMIZE);
  cmsHPROFILE profile = cmsCreateProfilePlaceholder (NULL);
  cmsPipeline *a2b = clut_pipeline (to_lab);
  cmsPipeline *b2a = clut_pipeline (from_lab);

  cmsSetProfileVersion (profile, 4.3);
  cmsSetDeviceClass (profile, cmsSigDisplayClass);
  cmsSetColorSpace (profile, cmsSigRgbData);
  cmsSetPCS (profile, cmsSigLabData);
  cmsSetHeaderRenderingIntent (profile, INTENT_RELATIVE_COLORIMETRIC);
  g_assert_true (cmsWriteTag (profile, cmsSigMediaWhitePointTag, cmsD50_XYZ ()));
  g_assert_true (cmsWriteTag (profile, cmsSigAToB0Tag, a2b));
  g_assert_true (cmsWriteTag (profile, cmsSigBToA0Tag, b2a));
  set_description (profile, "LUT P3 test");

  cmsPipelineFree (a2b);
  cmsPipelineFree (b2a);
  cmsDeleteTransform (to_lab);
  cmsDeleteTransform (from_lab);
  cmsCloseProfile (lab);
  cmsCloseProfile (base);
  return profile;
}

static GBytes *
profile_bytes (cmsHPROFILE profile)
{
  cmsUInt32Number len = 0;
  guint8 *data;

  g_assert_true (cmsSaveProfileToMem (profile, NULL, &len));
  data = g_malloc (len);
  g_assert_true (cmsSaveProfileToMem (profile, data, &len));
  return g_bytes_new_take (data, len);
}

/* ------------------------------------------------------------------------------------------------ */
/* Image helpers */

/* One row of PATCH x PATCH patches holding patch_colours, encoded into profile (relative colorimetric). */
static GdkPixbuf *
encode_patches (cmsHPROFILE profile)
{
  cmsHPROFILE lab = cmsCreateLab4Profile (NULL);
  cmsHTRANSFORM transform = cmsCreateTransform (lab, TYPE_Lab_DBL, profile, TYPE_RGB_8,
                                                INTENT_RELATIVE_COLORIMETRIC, cmsFLAGS_NOOPTIMIZE);
  GdkPixbuf *pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, PATCH * (int) N_PATCHES, PATCH);
  guint8 *pixels = gdk_pixbuf_get_pixels (pixbuf);
  int rowstride = gdk_pixbuf_get_rowstride (pixbuf);

  g_assert_nonnull (transform);
  for (guint i = 0; i < N_PATCHES; i++)
    {
      guint8 rgb[3];
      cmsDoTransform (transform, &patch_colours[i], rgb, 1);
      for (int y = 0; y < PATCH; y++)
        for (int x = 0; x < PATCH; x++)
          memcpy (pixels + y * rowstride + 3 * ((int) i * PATCH + x), rgb, 3);
    }
  cmsDeleteTransform (transform);
  cmsCloseProfile (lab);
  return pixbuf;
}

static void
write_file (const char *path, const void *data, gsize len)
{
  g_autoptr (GError) error = NULL;

  g_file_set_contents (path, data, (gssize) len, &error);
  g_assert_no_error (error);
}

static guint32
crc32_png (const guint8 *data, gsize len, guint32 crc)
{
  crc = ~crc;
  for (gsize i = 0; i < len; i++)
    {
      crc ^= data[i];
      for (int k = 0; k < 8; k++)
        crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
    }
  return ~crc;
}

static void
append_be32 (GByteArray *array, guint32 value)
{
  guint8 bytes[4] = { value >> 24, value >> 16, value >> 8, value };
  g_byte_array_append (array, bytes, 4);
}

static void
append_png_chunk (GByteArray *array, const char *type, const guint8 *data, guint32 len)
{
  guint32 crc;

  append_be32 (array, len);
  g_byte_array_append (array, (const guint8 *) type, 4);
  if (len > 0)
    g_byte_array_append (array, data, len);
  crc = crc32_png ((const guint8 *) type, 4, 0);
  crc = crc32_png (data, len, crc);
  append_be32 (array, crc);
}

/* Adds an iCCP chunk (zlib-compressed profile) right after IHDR. */
static void
insert_iccp (const char *path, GBytes *icc)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GZlibCompressor) compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_ZLIB, 9);
  g_autoptr (GByteArray) chunk = g_byte_array_new ();
  g_autoptr (GByteArray) png = g_byte_array_new ();
  g_autofree char *data = NULL;
  gsize in_size = g_bytes_get_size (icc), out_size = in_size + 1024, read = 0, written = 0;
  g_autofree guint8 *compressed = g_malloc (out_size);
  gsize len;

  g_assert_cmpint (g_converter_convert (G_CONVERTER (compressor), g_bytes_get_data (icc, NULL), in_size, compressed,
                                        out_size, G_CONVERTER_INPUT_AT_END, &read, &written, &error),
                   ==, G_CONVERTER_FINISHED);
  g_assert_no_error (error);
  g_byte_array_append (chunk, (const guint8 *) "ICC profile\0\0", 13);
  g_byte_array_append (chunk, compressed, (guint) written);

  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  g_assert_cmpmem (data + 12, 4, "IHDR", 4);
  g_byte_array_append (png, (const guint8 *) data, 33);
  append_png_chunk (png, "iCCP", chunk->data, chunk->len);
  g_byte_array_append (png, (const guint8 *) data + 33, (guint) (len - 33));
  write_file (path, png->data, png->len);
}

static char *
save_with_profile (GdkPixbuf *pixbuf, const char *name, const char *type, GBytes *icc, const char *quality)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *base64 = NULL;
  char *path = tmp_path (name);
  gboolean ok;

  if (icc != NULL)
    base64 = g_base64_encode (g_bytes_get_data (icc, NULL), g_bytes_get_size (icc));

  /* GdkPixbuf 2.42's PNG writer hands libpng the profile before the header, and libpng then refuses an
   * RGB profile "on a greyscale PNG": the iCCP chunk is added by hand instead. */
  if (base64 != NULL && strcmp (type, "png") == 0)
    {
      ok = gdk_pixbuf_save (pixbuf, path, type, &error, NULL);
      g_assert_no_error (error);
      insert_iccp (path, icc);
      return path;
    }

  if (quality != NULL && base64 != NULL)
    ok = gdk_pixbuf_save (pixbuf, path, type, &error, "icc-profile", base64, "quality", quality, NULL);
  else if (quality != NULL)
    ok = gdk_pixbuf_save (pixbuf, path, type, &error, "quality", quality, NULL);
  else if (base64 != NULL)
    ok = gdk_pixbuf_save (pixbuf, path, type, &error, "icc-profile", base64, NULL);
  else
    ok = gdk_pixbuf_save (pixbuf, path, type, &error, NULL);
  g_assert_no_error (error);
  g_assert_true (ok);
  return path;
}

static void
image_lab (const ShColorModel *model, const ShImage *image, int x, int y, cmsCIELab *lab)
{
  const guint8 *p = image->pixels + (gsize) y * (gsize) image->stride + 4 * (gsize) x;
  double linear[3], xyz[3];
  cmsCIEXYZ XYZ;

  sh_color_model_pixel_linear (model, p, linear);
  sh_color_model_linear_to_xyz (model, linear, xyz);
  XYZ.X = xyz[0];
  XYZ.Y = xyz[1];
  XYZ.Z = xyz[2];
  cmsXYZ2Lab (cmsD50_XYZ (), lab, &XYZ);
}

static void
patch_lab (const ShImage *image, guint patch, cmsCIELab *lab)
{
  image_lab (&image->model, image, (int) patch * PATCH + PATCH / 2, PATCH / 2, lab);
}

static ShLoadedImage *
load_ok (const char *path, guint64 limit)
{
  g_autoptr (GError) error = NULL;
  ShLoadOptions options = { .pixel_limit = limit };
  ShLoadedImage *loaded = sh_load_image (path, &options, &error);

  g_assert_no_error (error);
  g_assert_nonnull (loaded);
  g_assert_nonnull (loaded->image);
  g_assert_cmpint (loaded->image->stride, ==, 4 * loaded->image->width);
  g_assert_cmpfloat (loaded->decode_ms, >=, 0.0);
  return loaded;
}

static void
assert_refused (const char *path, guint64 limit, ShLoaderError code)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *base = g_path_get_basename (path);
  ShLoadOptions options = { .pixel_limit = limit };
  ShLoadedImage *loaded = sh_load_image (path, &options, &error);

  g_assert_null (loaded);
  g_assert_error (error, SH_LOADER_ERROR, (int) code);
  g_test_message ("%s", error->message);
  if (strstr (error->message, base) == NULL)
    g_error ("message does not name the file %s: %s", base, error->message);
}

/* A small PNG whose header claims width x height RGB pixels. */
static char *
write_declared_png (const char *name, guint32 width, guint32 height)
{
  static const guint8 signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  static const guint8 idat[] = { 0x78, 0x9c, 0x63, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01 };
  g_autoptr (GByteArray) png = g_byte_array_new ();
  guint8 ihdr[13] = { width >> 24, width >> 16, width >> 8, width, height >> 24, height >> 16, height >> 8, height,
                      8, 2, 0, 0, 0 };
  char *path = tmp_path (name);

  g_byte_array_append (png, signature, 8);
  append_png_chunk (png, "IHDR", ihdr, sizeof ihdr);
  append_png_chunk (png, "IDAT", idat, sizeof idat);
  append_png_chunk (png, "IEND", NULL, 0);
  write_file (path, png->data, png->len);
  return path;
}

static GdkPixbuf *
noise_pixbuf (int width, int height, gboolean alpha)
{
  GdkPixbuf *pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, alpha, 8, width, height);
  guint8 *pixels = gdk_pixbuf_get_pixels (pixbuf);
  int rowstride = gdk_pixbuf_get_rowstride (pixbuf);
  int channels = gdk_pixbuf_get_n_channels (pixbuf);
  GRand *rand = g_rand_new_with_seed (1234);

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guint8 *p = pixels + y * rowstride + x * channels;
        p[0] = (guint8) (x * 255 / MAX (width - 1, 1));
        p[1] = (guint8) (y * 255 / MAX (height - 1, 1));
        p[2] = (guint8) g_rand_int_range (rand, 0, 256);
        if (alpha)
          p[3] = (guint8) ((x + y * 7) % 256);
      }
  g_rand_free (rand);
  return pixbuf;
}

static guint64
max_rss_kb (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return (guint64) usage.ru_maxrss;
}

/* ------------------------------------------------------------------------------------------------ */
/* Colour model */

static void
test_srgb_model_matches_lcms (void)
{
  cmsHPROFILE srgb = cmsCreate_sRGBProfile ();
  const cmsTagSignature tags[3] = { cmsSigRedColorantTag, cmsSigGreenColorantTag, cmsSigBlueColorantTag };
  cmsToneCurve *trc = cmsReadTag (srgb, cmsSigRedTRCTag);
  ShColorModel model;

  sh_color_model_init_srgb (&model);
  g_assert_cmpstr (model.description, ==, "sRGB");
  for (int c = 0; c < 3; c++)
    {
      const cmsCIEXYZ *colorant = cmsReadTag (srgb, tags[c]);
      g_assert_cmpfloat_with_epsilon (model.to_xyz_d50[0][c], colorant->X, 1e-12);
      g_assert_cmpfloat_with_epsilon (model.to_xyz_d50[1][c], colorant->Y, 1e-12);
      g_assert_cmpfloat_with_epsilon (model.to_xyz_d50[2][c], colorant->Z, 1e-12);
    }
  /* The white of sRGB lands on lcms2's D50. */
  for (int i = 0; i < 3; i++)
    {
      double white = model.to_xyz_d50[i][0] + model.to_xyz_d50[i][1] + model.to_xyz_d50[i][2];
      double expected = i == 0 ? cmsD50_XYZ ()->X : i == 1 ? cmsD50_XYZ ()->Y : cmsD50_XYZ ()->Z;
      g_assert_cmpfloat_with_epsilon (white, expected, 1e-6);
    }
  for (int v = 0; v < 256; v++)
    for (int c = 0; c < 3; c++)
      g_assert_cmpfloat_with_epsilon (model.to_linear[c][v], cmsEvalToneCurveFloat (trc, v / 255.0f), 2e-6);
  g_assert_cmpfloat (model.to_linear[0][0], ==, 0.0f);
  g_assert_cmpfloat_with_epsilon (model.to_linear[0][255], 1.0f, 1e-6);
  g_assert_cmpfloat_with_epsilon (model.to_linear[1][10], 10 / 255.0 / 12.92, 1e-7);
  g_assert_cmpfloat_with_epsilon (model.to_linear[2][128], 0.2158605, 1e-6);

  /* Inverse really is the inverse, and the helpers round-trip. */
  for (int i = 0; i < 3; i++)
    for (int j = 0; j < 3; j++)
      {
        double sum = 0;
        for (int k = 0; k < 3; k++)
          sum += model.from_xyz_d50[i][k] * model.to_xyz_d50[k][j];
        g_assert_cmpfloat_with_epsilon (sum, i == j ? 1.0 : 0.0, 1e-12);
      }
  {
    const guint8 rgb[3] = { 200, 30, 90 };
    double linear[3], xyz[3], back[3];
    sh_color_model_pixel_linear (&model, rgb, linear);
    sh_color_model_linear_to_xyz (&model, linear, xyz);
    sh_color_model_xyz_to_linear (&model, xyz, back);
    for (int c = 0; c < 3; c++)
      g_assert_cmpfloat_with_epsilon (back[c], linear[c], 1e-12);
  }
  cmsCloseProfile (srgb);
}

static void
test_icc_models (void)
{
  cmsHPROFILE srgb = cmsCreate_sRGBProfile ();
  cmsHPROFILE swapped = create_swapped_srgb ();
  cmsHPROFILE lut = create_lut_profile ();
  cmsToneCurve *gamma = cmsBuildGamma (NULL, 2.2);
  cmsHPROFILE gray = cmsCreateGrayProfile (cmsD50_xyY (), gamma);
  g_autoptr (GBytes) srgb_icc = profile_bytes (srgb);
  g_autoptr (GBytes) swapped_icc = profile_bytes (swapped);
  g_autoptr (GBytes) lut_icc = profile_bytes (lut);
  g_autoptr (GBytes) gray_icc = profile_bytes (gray);
  ShColorModel model, reference;
  char message[256];
  guint8 garbage[600];

  sh_color_model_init_srgb (&reference);

  /* lcms2's own sRGB, saved and re-read: the same model up to the 16.16 fixed point of the file. */
  g_assert_cmpint (sh_color_model_init_icc (&model, g_bytes_get_data (srgb_icc, NULL), g_bytes_get_size (srgb_icc),
                                            message, sizeof message), ==, SH_PROFILE_OK);
  g_assert_cmpstr (model.description, ==, "sRGB built-in");
  for (int i = 0; i < 3; i++)
    for (int j = 0; j < 3; j++)
      g_assert_cmpfloat_with_epsilon (model.to_xyz_d50[i][j], reference.to_xyz_d50[i][j], 1e-4);
  for (int v = 0; v < 256; v++)
    g_assert_cmpfloat_with_epsilon (model.to_linear[1][v], reference.to_linear[1][v], 1e-4);

  /* Swapped colorants: column 0 of the matrix is the blue primary, column 2 the red. */
  g_assert_cmpint (sh_color_model_init_icc (&model, g_bytes_get_data (swapped_icc, NULL),
                                            g_bytes_get_size (swapped_icc), message, sizeof message),
                   ==, SH_PROFILE_OK);
  for (int i = 0; i < 3; i++)
    {
      g_assert_cmpfloat_with_epsilon (model.to_xyz_d50[i][0], reference.to_xyz_d50[i][2], 2e-3);
      g_assert_cmpfloat_with_epsilon (model.to_xyz_d50[i][2], reference.to_xyz_d50[i][0], 2e-3);
    }

  g_assert_cmpint (sh_color_model_init_icc (&model, g_bytes_get_data (lut_icc, NULL), g_bytes_get_size (lut_icc),
                                            message, sizeof message), ==, SH_PROFILE_NEEDS_TRANSFORM);
  g_assert_cmpstr (model.description, ==, "LUT P3 test");

  /* Colorants and curves plus an AToB0 table: lcms2 converts through the table, so the model must too. */
  {
    cmsHPROFILE lab = cmsCreateLab4Profile (NULL);
    cmsHTRANSFORM to_lab = cmsCreateTransform (swapped, TYPE_RGB_16, lab, TYPE_Lab_16, INTENT_RELATIVE_COLORIMETRIC,
                                               cmsFLAGS_NOOPTIMIZE);
    cmsPipeline *a2b = clut_pipeline (to_lab);
    g_autoptr (GBytes) both_icc = NULL;

    g_assert_true (cmsWriteTag (swapped, cmsSigAToB0Tag, a2b));
    both_icc = profile_bytes (swapped);
    g_assert_cmpint (sh_color_model_init_icc (&model, g_bytes_get_data (both_icc, NULL), g_bytes_get_size (both_icc),
                                              message, sizeof message), ==, SH_PROFILE_NEEDS_TRANSFORM);
    cmsPipelineFree (a2b);
    cmsDeleteTransform (to_lab);
    cmsCloseProfile (lab);
  }

  message[0] = '\0';
  g_assert_cmpint (sh_color_model_init_icc (&model, g_bytes_get_data (gray_icc, NULL), g_bytes_get_size (gray_icc),
                                            message, sizeof message), ==, SH_PROFILE_INVALID);
  g_assert_nonnull (strstr (message, "greyscale"));

  memset (garbage, 0x5a, sizeof garbage);
  message[0] = '\0';
  g_assert_cmpint (sh_color_model_init_icc (&model, garbage, sizeof garbage, message, sizeof message),
                   ==, SH_PROFILE_INVALID);
  g_assert_cmpuint (strlen (message), >, 10);
  g_assert_cmpint (sh_color_model_init_icc (&model, garbage, 10, NULL, 0), ==, SH_PROFILE_INVALID);

  cmsCloseProfile (srgb);
  cmsCloseProfile (swapped);
  cmsCloseProfile (lut);
  cmsCloseProfile (gray);
  cmsFreeToneCurve (gamma);
}

static void
test_patch_colours_in_srgb (void)
{
  cmsHPROFILE lab = cmsCreateLab4Profile (NULL);
  cmsHPROFILE srgb = cmsCreate_sRGBProfile ();
  cmsHTRANSFORM transform = cmsCreateTransform (lab, TYPE_Lab_DBL, srgb, TYPE_RGB_DBL,
                                                INTENT_RELATIVE_COLORIMETRIC, cmsFLAGS_NOOPTIMIZE);

  for (guint i = 0; i < N_PATCHES; i++)
    {
      double rgb[3];
      cmsDoTransform (transform, &patch_colours[i], rgb, 1);
      for (int c = 0; c < 3; c++)
        {
          g_assert_cmpfloat (rgb[c], >=, 0.0);
          g_assert_cmpfloat (rgb[c], <=, 1.0);
        }
    }
  cmsDeleteTransform (transform);
  cmsCloseProfile (srgb);
  cmsCloseProfile (lab);
}

/* ------------------------------------------------------------------------------------------------ */
/* Embedded profiles through the loader */

static ShLoadedImage *
load_srgb_reference (void)
{
  cmsHPROFILE srgb = cmsCreate_sRGBProfile ();
  g_autoptr (GdkPixbuf) pixbuf = encode_patches (srgb);
  g_autofree char *path = save_with_profile (pixbuf, "reference-srgb.png", "png", NULL, NULL);
  ShLoadedImage *loaded = load_ok (path, 0);

  g_assert_cmpstr (loaded->profile_name, ==, "sRGB (untagged)");
  g_assert_false (loaded->profile_embedded);
  g_assert_null (loaded->icc_data);
  g_assert_cmpstr (loaded->format_name, ==, "png");
  /* The untagged decode itself lands on the known Lab (8-bit sRGB steps are below 0.5 CIEDE2000). */
  for (guint i = 0; i < N_PATCHES; i++)
    {
      cmsCIELab lab;
      patch_lab (loaded->image, i, &lab);
      g_test_message ("sRGB patch %u: %.3f from the Lab it encodes", i, cmsCIE2000DeltaE (&lab, &patch_colours[i], 1, 1, 1));
      g_assert_cmpfloat (cmsCIE2000DeltaE (&lab, &patch_colours[i], 1, 1, 1), <, 1.0);
    }
  cmsCloseProfile (srgb);
  return loaded;
}

/* Largest CIEDE2000 between the decoded patches and the Lab they were encoded from, which is what the sRGB
 * original decodes to (each within its own 8-bit rounding). Below L* 25 one 8-bit step is already worth
 * about 0.6 (the sRGB original alone is 0.63 off there), so the near-black patch is held to
 * dark_tolerance. The two decodes, each rounded once, must also agree within twice the tolerance. */
static double
max_difference_from (const ShLoadedImage *loaded, const ShLoadedImage *reference, double tolerance,
                     double dark_tolerance)
{
  double worst = 0;

  for (guint i = 0; i < N_PATCHES; i++)
    {
      cmsCIELab lab, original;
      double from_truth, from_original;

      patch_lab (loaded->image, i, &lab);
      patch_lab (reference->image, i, &original);
      from_truth = cmsCIE2000DeltaE (&lab, &patch_colours[i], 1, 1, 1);
      from_original = cmsCIE2000DeltaE (&lab, &original, 1, 1, 1);
      g_test_message ("  patch %u: %.3f from its Lab, %.3f from the sRGB original", i, from_truth, from_original);
      g_assert_cmpfloat (from_original, <=, 2 * MAX (tolerance, dark_tolerance));
      if (patch_colours[i].L < 25)
        g_assert_cmpfloat (from_truth, <=, dark_tolerance);
      else
        worst = MAX (worst, from_truth);
    }
  return worst;
}

/* Largest CIEDE2000 between the model's reading of the loaded pixels and lcms2's own transform of the
 * same bytes through the embedded profile: isolates the model from quantization and compression. */
static double
max_difference_from_lcms (const ShLoadedImage *loaded, cmsHPROFILE profile)
{
  cmsHPROFILE lab_profile = cmsCreateLab4Profile (NULL);
  cmsHTRANSFORM transform = cmsCreateTransform (profile, TYPE_RGBA_8, lab_profile, TYPE_Lab_DBL,
                                                INTENT_RELATIVE_COLORIMETRIC, cmsFLAGS_NOOPTIMIZE);
  double worst = 0;

  for (guint i = 0; i < N_PATCHES; i++)
    for (int y = 0; y < PATCH; y += 5)
      for (int x = 0; x < PATCH; x += 5)
        {
          int px = (int) i * PATCH + x;
          cmsCIELab lab, expected;

          image_lab (&loaded->image->model, loaded->image, px, y, &lab);
          cmsDoTransform (transform, loaded->image->pixels + y * loaded->image->stride + 4 * px, &expected, 1);
          worst = MAX (worst, cmsCIE2000DeltaE (&lab, &expected, 1, 1, 1));
        }
  cmsDeleteTransform (transform);
  cmsCloseProfile (lab_profile);
  return worst;
}

/* Largest CIEDE2000 when the same pixels are wrongly read as sRGB: proves the comparison can fail. */
static double
max_difference_as_srgb (const ShLoadedImage *loaded, const ShLoadedImage *reference)
{
  ShColorModel srgb;
  double worst = 0;

  sh_color_model_init_srgb (&srgb);
  for (guint i = 0; i < N_PATCHES; i++)
    {
      cmsCIELab lab, expected;
      int x = (int) i * PATCH + PATCH / 2;

      image_lab (&srgb, loaded->image, x, PATCH / 2, &lab);
      patch_lab (reference->image, i, &expected);
      worst = MAX (worst, cmsCIE2000DeltaE (&lab, &expected, 1, 1, 1));
    }
  return worst;
}

static void
check_profile_file (cmsHPROFILE profile, const char *description, const char *file, const char *type,
                    const char *quality, double tolerance, double min_error_as_srgb)
{
  g_autoptr (ShLoadedImage) reference = load_srgb_reference ();
  g_autoptr (GBytes) icc = profile_bytes (profile);
  g_autoptr (GdkPixbuf) pixbuf = encode_patches (profile);
  g_autofree char *path = save_with_profile (pixbuf, file, type, icc, quality);
  g_autoptr (ShLoadedImage) loaded = load_ok (path, 0);
  double worst, as_srgb;

  g_assert_true (loaded->profile_embedded);
  g_assert_cmpstr (loaded->profile_name, ==, description);
  g_assert_cmpstr (loaded->format_name, ==, type);
  g_assert_cmpuint (loaded->icc_len, ==, g_bytes_get_size (icc));
  g_assert_cmpmem (loaded->icc_data, loaded->icc_len, g_bytes_get_data (icc, NULL), g_bytes_get_size (icc));
  g_assert_false (loaded->image->has_alpha);

  worst = max_difference_from (loaded, reference, tolerance, MAX (tolerance, 1.0));
  as_srgb = max_difference_as_srgb (loaded, reference);
  g_test_message ("%s: max CIEDE2000 %.3f from the encoded Lab (%.2f if read as sRGB)", file, worst, as_srgb);
  g_assert_cmpfloat (worst, <=, tolerance);
  g_assert_cmpfloat (as_srgb, >, min_error_as_srgb);

  if (!cmsIsTag (profile, cmsSigAToB0Tag))
    {
      double from_lcms = max_difference_from_lcms (loaded, profile);
      g_test_message ("%s: max CIEDE2000 %.5f from lcms2 on the same pixels", file, from_lcms);
      g_assert_cmpfloat (from_lcms, <, 0.01);
    }
}

static void
test_profile_adobe_rgb (void)
{
  cmsHPROFILE profile = create_adobe_rgb ();
  check_profile_file (profile, "Adobe RGB test", "adobe.png", "png", NULL, 0.5, 5.0);
  /* The same profile through JPEG APP2 and TIFF; JPEG at quality 100 still rounds
   * through YCbCr, which costs up to about 1.5 on saturated patches. */
  check_profile_file (profile, "Adobe RGB test", "adobe.jpg", "jpeg", "100", 2.0, 5.0);
  check_profile_file (profile, "Adobe RGB test", "adobe.tiff", "tiff", NULL, 0.5, 5.0);
  cmsCloseProfile (profile);
}

/* A profile embedded in a PNG: the arguments of check_profile_file. */
typedef struct {
  cmsHPROFILE (*create) (void);
  const char *description;
  const char *file;
  double tolerance;
  double min_error_as_srgb;
} PngProfileCase;

static const PngProfileCase display_p3_case = { create_display_p3, "Display P3 test", "p3.png", 0.5, 2.0 };
/* ProPhoto's gamut is so wide that one 8-bit step spans more colour: up to about 0.6 here. */
static const PngProfileCase prophoto_case = { create_prophoto, "ProPhoto RGB test", "prophoto.png", 0.75, 10.0 };
static const PngProfileCase swapped_case = { create_swapped_srgb, "Swapped sRGB test", "swapped.png", 0.5, 30.0 };

static void
test_png_profile (gconstpointer data)
{
  const PngProfileCase *test = data;
  cmsHPROFILE profile = test->create ();

  check_profile_file (profile, test->description, test->file, "png", NULL, test->tolerance, test->min_error_as_srgb);
  cmsCloseProfile (profile);
}

static void
test_profile_lut (void)
{
  cmsHPROFILE profile = create_lut_profile ();
  g_autoptr (GBytes) icc = profile_bytes (profile);
  g_autoptr (GdkPixbuf) pixbuf = encode_patches (profile);
  g_autofree char *path = save_with_profile (pixbuf, "lut.png", "png", icc, NULL);
  g_autoptr (ShLoadedImage) loaded = load_ok (path, 0);
  g_autoptr (ShLoadedImage) reference = load_srgb_reference ();
  double worst;

  check_profile_file (profile, "LUT P3 test", "lut-checked.png", "png", NULL, 1.0, 2.0);

  /* The pixels were converted into the working space (ProPhoto primaries, sRGB curve). */
  g_assert_nonnull (strstr (loaded->image->model.description, "LUT P3 test"));
  g_assert_cmpfloat_with_epsilon (loaded->image->model.to_linear[0][128], 0.2158605, 1e-5);
  {
    const double (*m)[3] = loaded->image->model.to_xyz_d50;
    double red_x = m[0][0] / (m[0][0] + m[1][0] + m[2][0]);
    double green_y = m[1][1] / (m[0][1] + m[1][1] + m[2][1]);
    g_assert_cmpfloat_with_epsilon (red_x, 0.7347, 1e-3);
    g_assert_cmpfloat_with_epsilon (green_y, 0.8404, 1e-3);
  }
  worst = max_difference_from (loaded, reference, 1.0, 1.0);
  g_assert_cmpfloat (worst, <=, 1.0);
  cmsCloseProfile (profile);
}

/* Bytes in memory decode as the file does (pixels and profile); broken bytes are refused under the given name. */
static void
test_load_from_bytes (void)
{
  cmsHPROFILE profile = create_lut_profile ();
  g_autoptr (GBytes) icc = profile_bytes (profile);
  g_autoptr (GdkPixbuf) pixbuf = encode_patches (profile);
  g_autofree char *path = save_with_profile (pixbuf, "bytes.png", "png", icc, NULL);
  g_autoptr (ShLoadedImage) from_file = load_ok (path, 0);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GBytes) truncated = NULL;
  g_autoptr (ShLoadedImage) from_bytes = NULL;
  g_autoptr (ShLoadedImage) broken = NULL;
  gchar *contents = NULL;
  gsize len = 0;

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  bytes = g_bytes_new_take (contents, len);
  from_bytes = sh_load_image_bytes (bytes, "trial 3 reference", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (from_bytes->image->width, ==, from_file->image->width);
  g_assert_cmpint (from_bytes->image->height, ==, from_file->image->height);
  for (int y = 0; y < from_file->image->height; y++)
    g_assert_cmpmem (from_bytes->image->pixels + (gsize) y * from_bytes->image->stride, from_file->image->width * 4,
                     from_file->image->pixels + (gsize) y * from_file->image->stride, from_file->image->width * 4);
  g_assert_true (from_bytes->profile_embedded);
  g_assert_nonnull (strstr (from_bytes->image->model.description, "LUT P3 test"));

  truncated = g_bytes_new_from_bytes (bytes, 0, len / 2);
  broken = sh_load_image_bytes (truncated, "trial 3 reference", NULL, &error);
  g_assert_null (broken);
  g_assert_error (error, SH_LOADER_ERROR, SH_LOADER_ERROR_CORRUPT);
  g_assert_true (g_str_has_prefix (error->message, "trial 3 reference: "));
  cmsCloseProfile (profile);
}

/* Answers yes until its budget of questions runs out. */
static gboolean
keep_going_while_budget (gpointer data)
{
  int *budget = data;

  return (*budget)-- > 0;
}

/* A whole photo's conversion from a LUT profile comes in pieces, asked between like the decode: the same
 * pixels as in one go, and it stops when the photo is no longer wanted. */
static void
test_profile_lut_pieces (void)
{
  cmsHPROFILE profile = create_lut_profile ();
  g_autoptr (GBytes) icc = profile_bytes (profile);
  g_autoptr (GdkPixbuf) pixbuf = noise_pixbuf (64, 600, FALSE);
  g_autofree char *path = save_with_profile (pixbuf, "lut-pieces.png", "png", icc, NULL);
  g_autoptr (ShLoadedImage) whole = load_ok (path, 0);
  g_autoptr (ShLoadedImage) pieces = NULL;
  g_autoptr (GError) error = NULL;
  int budget = G_MAXINT;
  ShLoadOptions options = { .keep_going = keep_going_while_budget, .keep_going_data = &budget };
  int questions;

  /* One piece: the same decode questions (the pixels are read in one go once the size is known). */
  g_autoptr (GdkPixbuf) short_pixbuf = gdk_pixbuf_new_subpixbuf (pixbuf, 0, 0, 64, 8);
  g_autofree char *short_path = save_with_profile (short_pixbuf, "lut-one-piece.png", "png", icc, NULL);
  g_autoptr (ShLoadedImage) one_piece = sh_load_image (short_path, &options, &error);
  int decode_questions;

  g_assert_no_error (error);
  decode_questions = G_MAXINT - budget;
  budget = G_MAXINT;
  pieces = sh_load_image (path, &options, &error);
  g_assert_no_error (error);
  questions = G_MAXINT - budget;
  /* 600 rows: questions between its pieces, after those of the decode. */
  g_assert_cmpint (questions, >, decode_questions);
  for (int y = 0; y < whole->image->height; y++)
    g_assert_cmpmem (whole->image->pixels + (gsize) y * whole->image->stride, whole->image->width * 4,
                     pieces->image->pixels + (gsize) y * pieces->image->stride, pieces->image->width * 4);

  /* No to the last question, which is the conversion's. */
  budget = questions - 1;
  g_assert_null (sh_load_image (path, &options, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  cmsCloseProfile (profile);
}

static void
test_profile_webp (void)
{
  /* The WebP decoder hides the ICCP chunk; the loader reads it from the RIFF container. WebP at quality
   * 100 is still lossy (4:2:0 chroma), hence the wider tolerance; read as sRGB it is far off. */
  cmsHPROFILE profile = create_adobe_rgb ();
  check_profile_file (profile, "Adobe RGB test", "adobe.webp", "webp", "100", 2.0, 5.0);
  cmsCloseProfile (profile);
}

static void
test_profile_unusable (void)
{
  cmsToneCurve *gamma = cmsBuildGamma (NULL, 2.2);
  cmsHPROFILE gray = cmsCreateGrayProfile (cmsD50_xyY (), gamma);
  g_autoptr (GBytes) gray_icc = profile_bytes (gray);
  g_autoptr (GdkPixbuf) pixbuf = noise_pixbuf (8, 8, FALSE);
  g_autofree char *gray_path = save_with_profile (pixbuf, "grey-profile.png", "png", gray_icc, NULL);
  guint8 junk[400];
  g_autoptr (GBytes) junk_icc = NULL;
  g_autofree char *junk_path = NULL;

  assert_refused (gray_path, 0, SH_LOADER_ERROR_PROFILE);

  for (gsize i = 0; i < sizeof junk; i++)
    junk[i] = (guint8) (i * 37 + 11);
  junk_icc = g_bytes_new (junk, sizeof junk);
  junk_path = save_with_profile (pixbuf, "junk-profile.jpg", "jpeg", junk_icc, NULL);
  assert_refused (junk_path, 0, SH_LOADER_ERROR_PROFILE);
  cmsCloseProfile (gray);
  cmsFreeToneCurve (gamma);
}

/* ------------------------------------------------------------------------------------------------ */
/* Refusals */

static void
test_refuse_empty_and_missing (void)
{
  g_autofree char *empty = tmp_path ("empty.jpg");
  g_autofree char *missing = tmp_path ("no-such-photo.jpg");

  write_file (empty, "", 0);
  assert_refused (empty, 0, SH_LOADER_ERROR_EMPTY);
  assert_refused (missing, 0, SH_LOADER_ERROR_IO);
  assert_refused (tmp_dir, 0, SH_LOADER_ERROR_IO);
}

static void
check_truncated (const char *type, const char *name)
{
  g_autoptr (GdkPixbuf) pixbuf = noise_pixbuf (256, 256, FALSE);
  g_autofree char *full_path = save_with_profile (pixbuf, "full-for-truncation", type, NULL, NULL);
  g_autofree char *path = tmp_path (name);
  g_autofree char *data = NULL;
  g_autoptr (GdkPixbuf) lenient = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (full_path, &data, &len, NULL));
  /* The intact file loads; cut in half it must not. */
  sh_loaded_image_free (load_ok (full_path, 0));
  write_file (path, data, len / 2);
  assert_refused (path, 0, SH_LOADER_ERROR_CORRUPT);
  /* Cut just before the end marker too. */
  write_file (path, data, len - 4);
  assert_refused (path, 0, SH_LOADER_ERROR_CORRUPT);

  lenient = gdk_pixbuf_new_from_file (path, NULL);
  g_test_message ("GdkPixbuf alone %s the truncated %s", lenient ? "accepts" : "refuses", type);
}

static void
test_refuse_truncated_jpeg (void)
{
  check_truncated ("jpeg", "truncated.jpg");
}

static void
test_refuse_truncated_png (void)
{
  check_truncated ("png", "truncated.png");
}

static void
test_refuse_truncated_webp (void)
{
  check_truncated ("webp", "truncated.webp");
}

static void
test_refuse_not_images (void)
{
  g_autofree char *random_path = tmp_path ("random.jpg");
  g_autofree char *text_path = tmp_path ("notes.png");
  g_autofree char *gif_path = tmp_path ("anim.gif");
  GRand *rand = g_rand_new_with_seed (42);
  guint8 noise[4096];
  const char *text = "Shade list\nRuby Woo, Velvet Teddy, Mehr\n";

  for (gsize i = 0; i < sizeof noise; i++)
    noise[i] = (guint8) g_rand_int_range (rand, 0, 256);
  g_rand_free (rand);
  write_file (random_path, noise, sizeof noise);
  write_file (text_path, text, strlen (text));
  write_file (gif_path, "GIF89a\x01\x00\x01\x00\x00\x00\x00;", 14);

  assert_refused (random_path, 0, SH_LOADER_ERROR_UNKNOWN);
  assert_refused (text_path, 0, SH_LOADER_ERROR_UNKNOWN);
  assert_refused (gif_path, 0, SH_LOADER_ERROR_UNKNOWN);
}

/* A complete, valid PNG of width x height black pixels, compressed row by row so that writing it never
 * holds the raw pixels in memory. */
static char *
write_black_png (const char *name, guint32 width, guint32 height)
{
  static const guint8 signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  g_autoptr (GZlibCompressor) compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_ZLIB, 6);
  g_autoptr (GByteArray) png = g_byte_array_new ();
  g_autoptr (GByteArray) idat = g_byte_array_new ();
  guint8 ihdr[13] = { width >> 24, width >> 16, width >> 8, width, height >> 24, height >> 16, height >> 8, height,
                      8, 2, 0, 0, 0 };
  gsize row_len = 1 + 3 * (gsize) width;
  g_autofree guint8 *row = g_malloc0 (row_len);
  guint8 out[65536];
  char *path = tmp_path (name);

  for (guint32 y = 0; y <= height; y++)
    {
      gboolean last = y == height;
      const guint8 *in = row;
      gsize in_len = last ? 0 : row_len;

      for (;;)
        {
          gsize bytes_read = 0, bytes_written = 0;
          GConverterResult result = g_converter_convert (G_CONVERTER (compressor), in, in_len, out, sizeof out,
                                                         last ? G_CONVERTER_INPUT_AT_END : G_CONVERTER_NO_FLAGS,
                                                         &bytes_read, &bytes_written, NULL);
          g_assert_cmpint (result, !=, G_CONVERTER_ERROR);
          g_byte_array_append (idat, out, (guint) bytes_written);
          in += bytes_read;
          in_len -= bytes_read;
          if (result == G_CONVERTER_FINISHED || (!last && in_len == 0))
            break;
        }
    }

  g_byte_array_append (png, signature, 8);
  append_png_chunk (png, "IHDR", ihdr, sizeof ihdr);
  append_png_chunk (png, "IDAT", idat->data, idat->len);
  append_png_chunk (png, "IEND", NULL, 0);
  write_file (path, png->data, png->len);
  return path;
}

static void
test_refuse_declared_huge (void)
{
  g_autofree char *huge = write_declared_png ("huge.png", 80000, 80000);
  g_autofree char *over_default = write_declared_png ("over-default.png", 15000, 15000);
  g_autofree char *real = write_black_png ("black-4000.png", 4000, 4000);
  g_autoptr (GError) error = NULL;
  guint64 rss_before = max_rss_kb ();
  gint64 start = g_get_monotonic_time ();
  ShLoadedImage *loaded;

  loaded = sh_load_image (huge, NULL, &error);
  g_assert_null (loaded);
  g_assert_error (error, SH_LOADER_ERROR, SH_LOADER_ERROR_TOO_LARGE);
  assert_error_mentions (error, "huge.png", "80000x80000", "6400.0 megapixels", NULL);
  g_test_message ("%s", error->message);

  /* 225 megapixels is over the default limit of 200. */
  assert_refused (over_default, 0, SH_LOADER_ERROR_TOO_LARGE);

  /* A real 16-megapixel image (48 MB of pixels) over a 10-megapixel limit: refused from its header, so
   * neither the time nor the peak memory of decoding it is spent. */
  assert_refused (real, 10 * 1000 * 1000, SH_LOADER_ERROR_TOO_LARGE);

  g_test_message ("refusals took %.1f ms, peak memory grew by %" G_GUINT64_FORMAT " kB",
                  (double) (g_get_monotonic_time () - start) / 1000.0, max_rss_kb () - rss_before);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 500 * 1000);
  g_assert_cmpuint (max_rss_kb () - rss_before, <, 16 * 1024);

  /* The same file under the default limit does decode, and that costs the memory the refusal saved. */
  loaded = load_ok (real, 0);
  g_assert_cmpint (loaded->image->width, ==, 4000);
  g_assert_cmpuint (loaded->image->pixels[4 * 3999 + 3], ==, 255);
  sh_loaded_image_free (loaded);
  g_test_message ("after a real decode peak memory grew by %" G_GUINT64_FORMAT " kB", max_rss_kb () - rss_before);
  g_assert_cmpuint (max_rss_kb () - rss_before, >, 48 * 1024);
}

static void
test_pixel_limit_option (void)
{
  g_autoptr (GdkPixbuf) pixbuf = noise_pixbuf (20, 20, FALSE);
  g_autofree char *png = save_with_profile (pixbuf, "small.png", "png", NULL, NULL);
  g_autofree char *jpeg = save_with_profile (pixbuf, "small.jpg", "jpeg", NULL, NULL);
  g_autofree char *tiff = save_with_profile (pixbuf, "small.tiff", "tiff", NULL, NULL);
  g_autofree char *webp = save_with_profile (pixbuf, "small.webp", "webp", NULL, NULL);
  const char *paths[] = { png, jpeg, tiff, webp };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      assert_refused (paths[i], 100, SH_LOADER_ERROR_TOO_LARGE);
      assert_refused (paths[i], 399, SH_LOADER_ERROR_TOO_LARGE);
      sh_loaded_image_free (load_ok (paths[i], 400));
    }
}

#ifdef HAVE_LIBJPEG
static void
test_refuse_cmyk_jpeg (void)
{
  struct jpeg_compress_struct cinfo;
  struct jpeg_error_mgr jerr;
  unsigned char *buffer = NULL;
  unsigned long size = 0;
  guint8 row[16 * 4];
  g_autofree char *path = tmp_path ("print.jpg");
  g_autoptr (GdkPixbuf) lenient = NULL;

  cinfo.err = jpeg_std_error (&jerr);
  jpeg_create_compress (&cinfo);
  jpeg_mem_dest (&cinfo, &buffer, &size);
  cinfo.image_width = 16;
  cinfo.image_height = 16;
  cinfo.input_components = 4;
  cinfo.in_color_space = JCS_CMYK;
  jpeg_set_defaults (&cinfo);
  jpeg_start_compress (&cinfo, TRUE);
  for (int x = 0; x < 16; x++)
    {
      row[4 * x + 0] = 20;
      row[4 * x + 1] = 200;
      row[4 * x + 2] = 120;
      row[4 * x + 3] = 10;
    }
  while (cinfo.next_scanline < cinfo.image_height)
    {
      JSAMPROW rows[1] = { row };
      jpeg_write_scanlines (&cinfo, rows, 1);
    }
  jpeg_finish_compress (&cinfo);
  jpeg_destroy_compress (&cinfo);
  write_file (path, buffer, size);
  free (buffer);

  /* GdkPixbuf decodes it to RGB numbers with no meaning; the loader must not pass them on. */
  lenient = gdk_pixbuf_new_from_file (path, NULL);
  g_assert_nonnull (lenient);
  assert_refused (path, 0, SH_LOADER_ERROR_UNKNOWN);
}
#endif

/* ------------------------------------------------------------------------------------------------ */
/* Pixels, alpha and orientation */

static void
test_png_alpha_kept (void)
{
  g_autoptr (GdkPixbuf) pixbuf = noise_pixbuf (31, 17, TRUE);
  g_autofree char *path = save_with_profile (pixbuf, "alpha.png", "png", NULL, NULL);
  g_autoptr (ShLoadedImage) loaded = load_ok (path, 0);
  const guint8 *src = gdk_pixbuf_read_pixels (pixbuf);
  int rowstride = gdk_pixbuf_get_rowstride (pixbuf);
  ShImage *image = loaded->image;

  g_assert_cmpint (image->width, ==, 31);
  g_assert_cmpint (image->height, ==, 17);
  g_assert_true (image->has_alpha);
  g_assert_cmpint (image->source_orientation, ==, 1);
  /* Straight (not premultiplied) values come through byte for byte, alpha included. */
  for (int y = 0; y < 17; y++)
    g_assert_cmpmem (image->pixels + y * image->stride, 31 * 4, src + y * rowstride, 31 * 4);
}

static void
test_opaque_alpha_255 (void)
{
  g_autoptr (GdkPixbuf) pixbuf = noise_pixbuf (13, 9, FALSE);
  g_autofree char *path = save_with_profile (pixbuf, "opaque.png", "png", NULL, NULL);
  g_autoptr (ShLoadedImage) loaded = load_ok (path, 0);
  const guint8 *src = gdk_pixbuf_read_pixels (pixbuf);
  int rowstride = gdk_pixbuf_get_rowstride (pixbuf);
  ShImage *image = loaded->image;

  g_assert_false (image->has_alpha);
  for (int y = 0; y < 9; y++)
    for (int x = 0; x < 13; x++)
      {
        const guint8 *p = image->pixels + y * image->stride + 4 * x;
        g_assert_cmpmem (p, 3, src + y * rowstride + 3 * x, 3);
        g_assert_cmpuint (p[3], ==, 255);
      }
}

/* A PNG with an eXIf chunk saying "rotate 90 clockwise" (orientation 6). */
static void
test_png_exif_orientation (void)
{
  static const guint8 exif[] = {
    'M', 'M', 0, 42, 0, 0, 0, 8,            /* big-endian TIFF header, IFD0 at 8 */
    0, 1,                                   /* one entry */
    0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, /* Orientation, SHORT, 1, value 6 */
    0, 0, 0, 0,                             /* no next IFD */
  };
  g_autoptr (GdkPixbuf) pixbuf = noise_pixbuf (6, 4, FALSE);
  g_autofree char *plain = save_with_profile (pixbuf, "plain-for-exif.png", "png", NULL, NULL);
  g_autofree char *path = tmp_path ("rotated.png");
  g_autofree char *data = NULL;
  g_autoptr (GByteArray) png = g_byte_array_new ();
  g_autoptr (ShLoadedImage) loaded = NULL;
  const guint8 *src = gdk_pixbuf_read_pixels (pixbuf);
  int rowstride = gdk_pixbuf_get_rowstride (pixbuf);
  gsize len;

  /* Insert eXIf before IEND (the last 12 bytes). */
  g_assert_true (g_file_get_contents (plain, &data, &len, NULL));
  g_byte_array_append (png, (const guint8 *) data, (guint) (len - 12));
  append_png_chunk (png, "eXIf", exif, sizeof exif);
  g_byte_array_append (png, (const guint8 *) data + len - 12, 12);
  write_file (path, png->data, png->len);

  loaded = load_ok (path, 0);
  g_assert_cmpint (loaded->image->source_orientation, ==, 6);
  g_assert_cmpint (loaded->image->width, ==, 4);
  g_assert_cmpint (loaded->image->height, ==, 6);
  /* Rotating 90 degrees clockwise: upright (x, y) shows source (y, H - 1 - x), H = 4. */
  for (int y = 0; y < 6; y++)
    for (int x = 0; x < 4; x++)
      g_assert_cmpmem (loaded->image->pixels + y * loaded->image->stride + 4 * x, 3,
                       src + (3 - x) * rowstride + 3 * y, 3);
}

#define GRID_W 36
#define GRID_H 24

/* Mean of each block of a GRID_W x GRID_H grid, channel by channel. */
static void
downscale (const guint8 *pixels, int width, int height, int stride, int channels, double grid[GRID_H][GRID_W][3])
{
  for (int gy = 0; gy < GRID_H; gy++)
    for (int gx = 0; gx < GRID_W; gx++)
      {
        int x0 = gx * width / GRID_W, x1 = (gx + 1) * width / GRID_W;
        int y0 = gy * height / GRID_H, y1 = (gy + 1) * height / GRID_H;
        double sum[3] = { 0, 0, 0 };
        for (int y = y0; y < y1; y++)
          for (int x = x0; x < x1; x++)
            for (int c = 0; c < 3; c++)
              sum[c] += pixels[(gsize) y * (gsize) stride + (gsize) x * (gsize) channels + (gsize) c];
        for (int c = 0; c < 3; c++)
          grid[gy][gx][c] = sum[c] / ((x1 - x0) * (y1 - y0));
      }
}

static double
grid_difference (double a[GRID_H][GRID_W][3], double b[GRID_H][GRID_W][3])
{
  double sum = 0;

  for (int gy = 0; gy < GRID_H; gy++)
    for (int gx = 0; gx < GRID_W; gx++)
      for (int c = 0; c < 3; c++)
        sum += fabs (a[gy][gx][c] - b[gy][gx][c]);
  return sum / (GRID_W * GRID_H * 3);
}

/* Landscape_1.jpg, the upright one of the orientation photos in dir, with its grid: what every turned photo
 * must match. */
static ShLoadedImage *
orientation_reference (const char *dir, double grid[GRID_H][GRID_W][3])
{
  g_autofree char *path = g_build_filename (dir, "Landscape_1.jpg", NULL);
  ShLoadedImage *reference = load_ok (path, 0);

  downscale (reference->image->pixels, reference->image->width, reference->image->height,
             reference->image->stride, 4, grid);
  return reference;
}

/* How far a decoded photo's grid is from the reference's. */
static double
loaded_difference (const ShLoadedImage *loaded, double reference_grid[GRID_H][GRID_W][3])
{
  static double grid[GRID_H][GRID_W][3];

  downscale (loaded->image->pixels, loaded->image->width, loaded->image->height, loaded->image->stride, 4, grid);
  return grid_difference (grid, reference_grid);
}

/* The folder of the shared EXIF orientation photos, or NULL (the test skipped) without them. */
static char *
orientation_photos (void)
{
  const char *shared = g_getenv ("SHADELAB_SHARED_DIR");
  g_autofree char *dir = shared ? g_build_filename (shared, "reference", "exif-orientation", NULL) : NULL;
  g_autofree char *reference_path = dir ? g_build_filename (dir, "Landscape_1.jpg", NULL) : NULL;

  if (reference_path == NULL || !g_file_test (reference_path, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("EXIF orientation photos not found (set SHADELAB_SHARED_DIR)");
      return NULL;
    }
  return g_steal_pointer (&dir);
}

static void
test_exif_orientation_photos (void)
{
  g_autofree char *dir = orientation_photos ();
  g_autoptr (ShLoadedImage) reference = NULL;
  static double reference_grid[GRID_H][GRID_W][3], grid[GRID_H][GRID_W][3];

  if (dir == NULL)
    return;
  reference = orientation_reference (dir, reference_grid);
  g_assert_cmpint (reference->image->source_orientation, ==, 1);

  for (int n = 0; n <= 8; n++)
    {
      g_autofree char *name = g_strdup_printf ("Landscape_%d.jpg", n);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autoptr (ShLoadedImage) loaded = load_ok (path, 0);
      g_autoptr (GdkPixbuf) raw = NULL;
      double difference;

      g_assert_cmpint (loaded->image->source_orientation, ==, n == 0 ? 1 : n);
      g_assert_cmpint (loaded->image->width, ==, reference->image->width);
      g_assert_cmpint (loaded->image->height, ==, reference->image->height);
      difference = loaded_difference (loaded, reference_grid);
      g_test_message ("%s: mean difference %.2f after orientation", name, difference);
      g_assert_cmpfloat (difference, <, 4.0);

      /* Without the orientation applied, 2-8 must not pass the same comparison. */
      if (n < 2)
        continue;
      raw = gdk_pixbuf_new_from_file (path, NULL);
      g_assert_nonnull (raw);
      if (gdk_pixbuf_get_width (raw) != reference->image->width)
        {
          /* 5-8 are stored sideways. Turning them the wrong way (or without the mirror 5 and 7 need)
           * gives the right size but must still fail the comparison. */
          const GdkPixbufRotation wrong[2] = { n == 8 ? GDK_PIXBUF_ROTATE_CLOCKWISE : GDK_PIXBUF_ROTATE_COUNTERCLOCKWISE,
                                               GDK_PIXBUF_ROTATE_CLOCKWISE };
          int n_wrong = n == 6 || n == 8 ? 1 : 2;
          g_assert_cmpint (n, >=, 5);
          for (int k = 0; k < n_wrong; k++)
            {
              g_autoptr (GdkPixbuf) turned = gdk_pixbuf_rotate_simple (raw, wrong[k]);
              g_assert_cmpint (gdk_pixbuf_get_width (turned), ==, reference->image->width);
              downscale (gdk_pixbuf_read_pixels (turned), gdk_pixbuf_get_width (turned),
                         gdk_pixbuf_get_height (turned), gdk_pixbuf_get_rowstride (turned),
                         gdk_pixbuf_get_n_channels (turned), grid);
              difference = grid_difference (grid, reference_grid);
              g_test_message ("%s: mean difference %.2f turned the wrong way", name, difference);
              g_assert_cmpfloat (difference, >, 12.0);
            }
          continue;
        }
      downscale (gdk_pixbuf_read_pixels (raw), gdk_pixbuf_get_width (raw), gdk_pixbuf_get_height (raw),
                 gdk_pixbuf_get_rowstride (raw), gdk_pixbuf_get_n_channels (raw), grid);
      difference = grid_difference (grid, reference_grid);
      g_test_message ("%s: mean difference %.2f without orientation", name, difference);
      g_assert_cmpfloat (difference, >, 12.0);
    }
}

/* A preview for a view a quarter of the photo's size: decoded at 1/4 in the DCT, with the photo's own size,
 * profile and colours (each patch within 1.0 CIEDE2000 of the full decode). */
static void
test_preview_keeps_colour (void)
{
  cmsHPROFILE profile = create_adobe_rgb ();
  g_autoptr (GBytes) icc = profile_bytes (profile);
  g_autoptr (GdkPixbuf) patches = encode_patches (profile);
  g_autoptr (GdkPixbuf) large = gdk_pixbuf_scale_simple (patches, 8 * PATCH * (int) N_PATCHES, 8 * PATCH,
                                                         GDK_INTERP_NEAREST);
  g_autofree char *path = save_with_profile (large, "preview-adobe.jpg", "jpeg", icc, "100");
  g_autoptr (GError) error = NULL;
  g_autoptr (ShLoadedImage) full = load_ok (path, 0);
  ShLoadOptions options = { .view_width = 2 * PATCH * (int) N_PATCHES, .view_height = 2 * PATCH };
  g_autoptr (ShLoadedImage) preview = sh_load_image (path, &options, &error);

  g_assert_no_error (error);
  g_assert_cmpint (full->scale, ==, 1);
  g_assert_cmpint (full->full_width, ==, full->image->width);
  g_assert_cmpint (preview->scale, ==, 4);
  g_assert_cmpint (preview->image->width, ==, full->image->width / 4);
  g_assert_cmpint (preview->image->height, ==, full->image->height / 4);
  g_assert_cmpint (preview->full_width, ==, full->image->width);
  g_assert_cmpint (preview->full_height, ==, full->image->height);
  g_assert_cmpstr (preview->profile_name, ==, full->profile_name);
  g_assert_cmpmem (preview->icc_data, preview->icc_len, full->icc_data, full->icc_len);
  for (guint i = 0; i < N_PATCHES; i++)
    {
      cmsCIELab a, b;
      int x = (int) i * 8 * PATCH + 4 * PATCH, y = 4 * PATCH;

      image_lab (&full->image->model, full->image, x, y, &a);
      image_lab (&preview->image->model, preview->image, x / 4, y / 4, &b);
      g_test_message ("patch %u: preview %.3f from the full decode", i, cmsCIE2000DeltaE (&a, &b, 1, 1, 1));
      g_assert_cmpfloat (cmsCIE2000DeltaE (&a, &b, 1, 1, 1), <, 1.0);
    }

  /* No smaller than the view at fit zoom, whichever way the photo turns; never below 1/8. */
  g_assert_cmpint (sh_load_preview_scale (6000, 4000, 1600, 1000), ==, 4);
  g_assert_cmpint (sh_load_preview_scale (4000, 6000, 1600, 1000), ==, 4);
  g_assert_cmpint (sh_load_preview_scale (6000, 4000, 3200, 2000), ==, 2);
  g_assert_cmpint (sh_load_preview_scale (6000, 4000, 4000, 3000), ==, 1);
  g_assert_cmpint (sh_load_preview_scale (40000, 30000, 800, 600), ==, 8);
  g_assert_cmpint (sh_load_preview_scale (6000, 4000, 0, 0), ==, 1);
  cmsCloseProfile (profile);
}

static gboolean
stop_now (gpointer data)
{
  (*(int *) data)++;
  return FALSE;
}

/* A preview still answers to the pixel limit of the photo itself, and a decode can be abandoned. */
static void
test_preview_limits (void)
{
  g_autoptr (GdkPixbuf) pixbuf = noise_pixbuf (400, 300, FALSE);
  g_autofree char *path = save_with_profile (pixbuf, "preview-limit.jpg", "jpeg", NULL, NULL);
  g_autoptr (GError) error = NULL;
  ShLoadOptions options = { .pixel_limit = 100000, .view_width = 100, .view_height = 75 };
  int asked = 0;
  ShLoadedImage *loaded;

  loaded = sh_load_image (path, &options, &error);
  g_assert_null (loaded);
  g_assert_error (error, SH_LOADER_ERROR, SH_LOADER_ERROR_TOO_LARGE);
  g_clear_error (&error);

  options.pixel_limit = 0;
  options.keep_going = stop_now;
  options.keep_going_data = &asked;
  loaded = sh_load_image (path, &options, &error);
  g_assert_null (loaded);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (asked, ==, 1);
}

/* The orientation photos as previews: turned like the full decode, the photo's own size turned with them. */
static void
test_preview_orientation (void)
{
  g_autofree char *dir = orientation_photos ();
  g_autoptr (ShLoadedImage) reference = NULL;
  static double reference_grid[GRID_H][GRID_W][3];

  if (dir == NULL)
    return;
  reference = orientation_reference (dir, reference_grid);

  for (int n = 1; n <= 8; n++)
    {
      g_autofree char *name = g_strdup_printf ("Landscape_%d.jpg", n);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autoptr (GError) error = NULL;
      ShLoadOptions options = { .view_width = reference->image->width / 4,
                                .view_height = reference->image->width / 4 };
      g_autoptr (ShLoadedImage) loaded = sh_load_image (path, &options, &error);
      double difference;

      g_assert_no_error (error);
      g_assert_cmpint (loaded->image->source_orientation, ==, n);
      g_assert_cmpint (loaded->scale, >, 1);
      g_assert_cmpint (loaded->full_width, ==, reference->image->width);
      g_assert_cmpint (loaded->full_height, ==, reference->image->height);
      g_assert_cmpint (loaded->image->width, ==, (reference->image->width + loaded->scale - 1) / loaded->scale);
      g_assert_cmpint (loaded->image->height, ==, (reference->image->height + loaded->scale - 1) / loaded->scale);
      difference = loaded_difference (loaded, reference_grid);
      g_test_message ("%s: preview at 1/%d, mean difference %.2f", name, loaded->scale, difference);
      g_assert_cmpfloat (difference, <, 4.0);
    }
}

/* ------------------------------------------------------------------------------------------------ */

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/color-model/srgb-matches-lcms2", test_srgb_model_matches_lcms);
  g_test_add_func ("/color-model/icc", test_icc_models);
  g_test_add_func ("/color-model/patches-in-srgb", test_patch_colours_in_srgb);
  g_test_add_func ("/loader/profile/adobe-rgb", test_profile_adobe_rgb);
  g_test_add_data_func ("/loader/profile/display-p3", &display_p3_case, test_png_profile);
  g_test_add_data_func ("/loader/profile/prophoto", &prophoto_case, test_png_profile);
  g_test_add_data_func ("/loader/profile/swapped-colorants", &swapped_case, test_png_profile);
  g_test_add_func ("/loader/profile/lut", test_profile_lut);
  g_test_add_func ("/loader/profile/lut-pieces", test_profile_lut_pieces);
  g_test_add_func ("/loader/profile/webp", test_profile_webp);
  g_test_add_func ("/loader/bytes", test_load_from_bytes);
  g_test_add_func ("/loader/profile/unusable", test_profile_unusable);
  g_test_add_func ("/loader/refuse/empty-and-missing", test_refuse_empty_and_missing);
  g_test_add_func ("/loader/refuse/truncated-jpeg", test_refuse_truncated_jpeg);
  g_test_add_func ("/loader/refuse/truncated-png", test_refuse_truncated_png);
  g_test_add_func ("/loader/refuse/truncated-webp", test_refuse_truncated_webp);
  g_test_add_func ("/loader/refuse/not-images", test_refuse_not_images);
  g_test_add_func ("/loader/refuse/declared-huge", test_refuse_declared_huge);
  g_test_add_func ("/loader/refuse/pixel-limit", test_pixel_limit_option);
  g_test_add_func ("/loader/preview/colour", test_preview_keeps_colour);
  g_test_add_func ("/loader/preview/limits", test_preview_limits);
  g_test_add_func ("/loader/preview/orientation", test_preview_orientation);
#ifdef HAVE_LIBJPEG
  g_test_add_func ("/loader/refuse/cmyk-jpeg", test_refuse_cmyk_jpeg);
#endif
  g_test_add_func ("/loader/pixels/png-alpha", test_png_alpha_kept);
  g_test_add_func ("/loader/pixels/opaque-alpha", test_opaque_alpha_255);
  g_test_add_func ("/loader/orientation/png-exif", test_png_exif_orientation);
  g_test_add_func ("/loader/orientation/photos", test_exif_orientation_photos);

  return run_tests_in_tmp_dir ("shadelab-loader", &tmp_dir);
}
