/* SPDX-License-Identifier: GPL-3.0-or-later */
/* color-model.c: per-channel tables plus a matrix to XYZ D50, built from sRGB or an ICC profile. */
#include "color-model.h"

#include "colorspace.h"
#include "lcms-util.h"

#include <lcms2.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


/* ROMM (ProPhoto) RGB primaries with a D50 white: wide enough for any real surface colour. */
static const cmsCIExyY working_white = { 0.3457, 0.3585, 1.0 };
static const cmsCIExyYTRIPLE working_primaries = {
  { 0.7347, 0.2653, 1.0 },
  { 0.1596, 0.8404, 1.0 },
  { 0.0366, 0.0001, 1.0 },
};




void
sh_color_model_init_srgb (ShColorModel *model)
{
  memset (model, 0, sizeof *model);
  for (int v = 0; v < 256; v++)
    {
      float linear = (float) sh_srgb_decode (v / 255.0);
      for (int c = 0; c < 3; c++)
        model->to_linear[c][v] = linear;
    }
  memcpy (model->to_xyz_d50, sh_srgb_to_xyz_d50_matrix, sizeof model->to_xyz_d50);
  sh_mat3_invert (model->to_xyz_d50, model->from_xyz_d50);
  snprintf (model->description, sizeof model->description, "sRGB");
}






/* AToB / DToB tables: lcms2 converts through them whenever they are present (falling back from the
 * relative colorimetric table to AToB0), ahead of any colorant and TRC tags. */
static bool
has_input_tables (cmsHPROFILE profile)
{
  return cmsIsTag (profile, cmsSigAToB0Tag) || cmsIsTag (profile, cmsSigAToB1Tag)
         || cmsIsTag (profile, cmsSigDToB0Tag) || cmsIsTag (profile, cmsSigDToB1Tag);
}

/* Fills the model from the colorant and TRC tags. The matrix columns come from the tags as they are, so
 * channel 0 of the pixels means whatever the rXYZ tag says, even when that is not a red. */
static ShProfileResult
model_from_matrix_shaper (ShColorModel *model, cmsHPROFILE profile, char *error, size_t error_len)
{
  static const cmsTagSignature colorant_tags[3] = {
    cmsSigRedColorantTag, cmsSigGreenColorantTag, cmsSigBlueColorantTag,
  };
  static const cmsTagSignature trc_tags[3] = {
    cmsSigRedTRCTag, cmsSigGreenTRCTag, cmsSigBlueTRCTag,
  };

  for (int c = 0; c < 3; c++)
    {
      const cmsCIEXYZ *colorant = cmsReadTag (profile, colorant_tags[c]);
      cmsToneCurve *trc = cmsReadTag (profile, trc_tags[c]);

      if (colorant == NULL || trc == NULL)
        {
          sh_lcms_set_message (error, error_len, "its %s channel tags cannot be read", c == 0 ? "red" : c == 1 ? "green" : "blue");
          return SH_PROFILE_INVALID;
        }
      model->to_xyz_d50[0][c] = colorant->X;
      model->to_xyz_d50[1][c] = colorant->Y;
      model->to_xyz_d50[2][c] = colorant->Z;

      for (int v = 0; v < 256; v++)
        {
          float linear = cmsEvalToneCurveFloat (trc, (cmsFloat32Number) (v / 255.0));
          if (!isfinite (linear))
            {
              sh_lcms_set_message (error, error_len, "its tone curves give invalid values");
              return SH_PROFILE_INVALID;
            }
          model->to_linear[c][v] = linear;
        }
    }

  if (!sh_mat3_invert (model->to_xyz_d50, model->from_xyz_d50))
    {
      sh_lcms_set_message (error, error_len, "its three primaries do not span a colour space");
      return SH_PROFILE_INVALID;
    }
  return SH_PROFILE_OK;
}


ShProfileResult
sh_color_model_init_icc (ShColorModel *model, const void *icc, size_t icc_len, char *error, size_t error_len)
{
  ShLcmsErrorSink sink;
  cmsContext context = sh_lcms_context_new (&sink);
  cmsHPROFILE profile;
  ShProfileResult result;

  if (context == NULL)
    {
      sh_lcms_set_message (error, error_len, "out of memory while reading the colour profile");
      return SH_PROFILE_INVALID;
    }

  profile = sh_lcms_open_rgb_profile (context, &sink, icc, icc_len, "colour profile", error, error_len);
  if (profile == NULL)
    {
      cmsDeleteContext (context);
      return SH_PROFILE_INVALID;
    }

  memset (model, 0, sizeof *model);
  sh_lcms_read_description (profile, model->description, sizeof model->description, "Unnamed ICC profile");

  /* A profile carrying tables as well as a matrix is converted by its tables, so that the numbers agree
   * with every other colour-managed reader of the file. */
  if (has_input_tables (profile))
    result = SH_PROFILE_NEEDS_TRANSFORM;
  else if (cmsIsMatrixShaper (profile))
    result = model_from_matrix_shaper (model, profile, error, error_len);
  else
    {
      sh_lcms_set_message (error, error_len, "the colour profile cannot convert image colours (no input tables)");
      result = SH_PROFILE_INVALID;
    }

  cmsCloseProfile (profile);
  cmsDeleteContext (context);
  return result;
}

static cmsHPROFILE
create_working_profile (cmsContext context)
{
  /* IEC 61966-2-1 curve as lcms2's parametric type 4: Y = (aX + b)^g for X >= d, else cX. */
  static const cmsFloat64Number srgb_parameters[5] = {
    2.4, 1.0 / 1.055, 0.055 / 1.055, 1.0 / 12.92, 0.04045,
  };
  cmsToneCurve *curve = cmsBuildParametricToneCurve (context, 4, srgb_parameters);
  cmsToneCurve *curves[3] = { curve, curve, curve };
  cmsHPROFILE profile;

  if (curve == NULL)
    return NULL;
  profile = cmsCreateRGBProfileTHR (context, &working_white, &working_primaries, curves);
  cmsFreeToneCurve (curve);
  return profile;
}

void *
sh_color_model_working_profile_icc (size_t *len)
{
  ShLcmsErrorSink sink = { { 0 } };
  cmsContext context = sh_lcms_context_new (&sink);
  cmsHPROFILE profile = context ? create_working_profile (context) : NULL;
  cmsUInt32Number size = 0;
  void *icc = NULL;

  *len = 0;
  if (profile && cmsSaveProfileToMem (profile, NULL, &size) && size > 0 && (icc = malloc (size)) != NULL
      && !cmsSaveProfileToMem (profile, icc, &size))
    {
      free (icc);
      icc = NULL;
    }
  if (icc)
    *len = size;
  if (profile)
    cmsCloseProfile (profile);
  if (context)
    cmsDeleteContext (context);
  return icc;
}

/* A source profile's conversion into the working space, built once and shared: building it from a LUT
 * profile evaluates the profile's tables at every node of a 49^3 grid, which takes longer than converting a
 * screenful of pixels, and a photo is converted more than once (its preview, a zoomed-in rect, the whole). */
typedef struct {
  atomic_int refcount;
  uint8_t *icc;
  size_t icc_len;
  ShLcmsErrorSink sink;
  cmsContext context;
  cmsHTRANSFORM transform;        /* TYPE_RGBA_8 -> TYPE_RGBA_8, alpha copied */
  ShColorModel model;             /* the working space, described as reached from the source */
} WorkingConversion;

/* A labeling session sees a handful of LUT profiles at most. */
#define WORKING_CACHE_SIZE 4

static pthread_mutex_t working_cache_lock = PTHREAD_MUTEX_INITIALIZER;
static WorkingConversion *working_cache[WORKING_CACHE_SIZE];   /* most recently used first */

static void
working_conversion_unref (WorkingConversion *conversion)
{
  if (conversion == NULL || atomic_fetch_sub (&conversion->refcount, 1) != 1)
    return;
  if (conversion->transform != NULL)
    cmsDeleteTransform (conversion->transform);
  if (conversion->context != NULL)
    cmsDeleteContext (conversion->context);
  free (conversion->icc);
  free (conversion);
}

static WorkingConversion *
working_conversion_build (const void *icc, size_t icc_len, char *error, size_t error_len)
{
  WorkingConversion *conversion = calloc (1, sizeof *conversion);
  cmsHPROFILE source = NULL, working = NULL;
  char source_description[128];
  bool ok = false;

  /* Bytes that cannot be a profile get their message from sh_lcms_open_rgb_profile. */
  if (conversion == NULL || (conversion->icc = malloc (icc_len > 0 ? icc_len : 1)) == NULL)
    {
      free (conversion);
      sh_lcms_set_message (error, error_len, "out of memory while converting colours");
      return NULL;
    }
  atomic_init (&conversion->refcount, 1);
  if (icc_len > 0)
    memcpy (conversion->icc, icc, icc_len);
  conversion->icc_len = icc_len;
  conversion->context = sh_lcms_context_new (&conversion->sink);
  if (conversion->context == NULL)
    {
      sh_lcms_set_message (error, error_len, "out of memory while converting colours");
      goto out;
    }

  source = sh_lcms_open_rgb_profile (conversion->context, &conversion->sink, icc, icc_len, "colour profile", error,
                                     error_len);
  if (source == NULL)
    goto out;
  sh_lcms_read_description (source, source_description, sizeof source_description, "Unnamed ICC profile");

  working = create_working_profile (conversion->context);
  if (working == NULL)
    {
      sh_lcms_set_message (error, error_len, "cannot build the working colour space%s%s",
                           conversion->sink.text[0] ? ": " : "", conversion->sink.text);
      goto out;
    }

  memset (&conversion->model, 0, sizeof conversion->model);
  if (model_from_matrix_shaper (&conversion->model, working, error, error_len) != SH_PROFILE_OK)
    goto out;

  /* The high-resolution precalculated grid keeps the extra interpolation error well below the 8-bit step of
   * the result at a fraction of the cost of an unoptimized transform; the alpha byte is carried over. */
  conversion->transform = cmsCreateTransformTHR (conversion->context, source, TYPE_RGBA_8, working, TYPE_RGBA_8,
                                                 INTENT_RELATIVE_COLORIMETRIC,
                                                 cmsFLAGS_COPY_ALPHA | cmsFLAGS_HIGHRESPRECALC);
  if (conversion->transform == NULL)
    {
      sh_lcms_set_message (error, error_len, "the colour profile cannot convert image colours%s%s",
                           conversion->sink.text[0] ? ": " : "", conversion->sink.text);
      goto out;
    }
  snprintf (conversion->model.description, sizeof conversion->model.description,
            "%.80s (via ProPhoto working space)", source_description);
  ok = true;

out:
  if (working != NULL)
    cmsCloseProfile (working);
  if (source != NULL)
    cmsCloseProfile (source);
  if (!ok)
    {
      working_conversion_unref (conversion);
      return NULL;
    }
  return conversion;
}

/* Called with the lock held: the cached conversion of these bytes, moved to the front, or NULL. */
static WorkingConversion *
working_cache_take (const void *icc, size_t icc_len)
{
  for (int i = 0; i < WORKING_CACHE_SIZE && working_cache[i] != NULL; i++)
    if (working_cache[i]->icc_len == icc_len && memcmp (working_cache[i]->icc, icc, icc_len) == 0)
      {
        WorkingConversion *found = working_cache[i];

        memmove (&working_cache[1], &working_cache[0], (size_t) i * sizeof working_cache[0]);
        working_cache[0] = found;
        atomic_fetch_add (&found->refcount, 1);
        return found;
      }
  return NULL;
}

/* A reference to the conversion of icc, from the cache or built. One build at a time, so that the bands of one
 * photo converted side by side wait for the first one's instead of each building their own; lookups of
 * conversions already built do not wait for it. */
static WorkingConversion *
working_conversion_get (const void *icc, size_t icc_len, char *error, size_t error_len)
{
  static pthread_mutex_t build_lock = PTHREAD_MUTEX_INITIALIZER;
  WorkingConversion *conversion;

  pthread_mutex_lock (&working_cache_lock);
  conversion = working_cache_take (icc, icc_len);
  pthread_mutex_unlock (&working_cache_lock);
  if (conversion != NULL)
    return conversion;

  pthread_mutex_lock (&build_lock);
  pthread_mutex_lock (&working_cache_lock);
  conversion = working_cache_take (icc, icc_len);
  pthread_mutex_unlock (&working_cache_lock);
  if (conversion == NULL && (conversion = working_conversion_build (icc, icc_len, error, error_len)) != NULL)
    {
      pthread_mutex_lock (&working_cache_lock);
      working_conversion_unref (working_cache[WORKING_CACHE_SIZE - 1]);
      memmove (&working_cache[1], &working_cache[0], (WORKING_CACHE_SIZE - 1) * sizeof working_cache[0]);
      working_cache[0] = conversion;
      atomic_fetch_add (&conversion->refcount, 1);
      pthread_mutex_unlock (&working_cache_lock);
    }
  pthread_mutex_unlock (&build_lock);
  return conversion;
}

bool
sh_color_model_convert_to_working (ShColorModel *model, const void *icc, size_t icc_len,
                                   uint8_t *rgba, int width, int height, int stride,
                                   char *error, size_t error_len)
{
  WorkingConversion *conversion;

  if (width <= 0 || height <= 0 || stride < 4 * width || rgba == NULL)
    {
      sh_lcms_set_message (error, error_len, "invalid image size for colour conversion");
      return false;
    }
  conversion = working_conversion_get (icc, icc_len, error, error_len);
  if (conversion == NULL)
    return false;
  cmsDoTransformLineStride (conversion->transform, rgba, rgba, (cmsUInt32Number) width, (cmsUInt32Number) height,
                            (cmsUInt32Number) stride, (cmsUInt32Number) stride, 0, 0);
  *model = conversion->model;
  working_conversion_unref (conversion);
  return true;
}

void
sh_color_model_pixel_linear (const ShColorModel *model, const uint8_t rgb[3], double linear[3])
{
  for (int c = 0; c < 3; c++)
    linear[c] = model->to_linear[c][rgb[c]];
}

void
sh_color_model_linear_to_xyz (const ShColorModel *model, const double linear[3], double xyz[3])
{
  for (int i = 0; i < 3; i++)
    xyz[i] = model->to_xyz_d50[i][0] * linear[0] + model->to_xyz_d50[i][1] * linear[1]
             + model->to_xyz_d50[i][2] * linear[2];
}

void
sh_color_model_xyz_to_linear (const ShColorModel *model, const double xyz[3], double linear[3])
{
  for (int i = 0; i < 3; i++)
    linear[i] = model->from_xyz_d50[i][0] * xyz[0] + model->from_xyz_d50[i][1] * xyz[1]
                + model->from_xyz_d50[i][2] * xyz[2];
}
