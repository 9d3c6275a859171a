/* SPDX-License-Identifier: GPL-3.0-or-later */
/* display.c: lcms2 transforms from image sources and swatch colours to the monitor's profile. */
#include "display.h"

#include "lcms-util.h"

#include "colorspace.h"
#include "delta-e.h"

#include <lcms2.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Transforms kept per monitor profile: a labeling session sees a handful of source profiles (untagged,
 * camera sRGB, Adobe RGB, Display P3 from phones), so a small most-recently-used list is plenty. */
#define CACHE_SIZE 8

/* The largest block render_image averages; keeps its sums well inside 64 bits and rejects nonsense. */
#define MAX_STEP 4096

/* Encoded sRGB value of L* 50: the neutral grey that translucent pixels are blended over. */
#define BLEND_GREY 119

#define DISPLAY_INTENT INTENT_RELATIVE_COLORIMETRIC
#define DISPLAY_FLAGS cmsFLAGS_BLACKPOINTCOMPENSATION

/* Clipping that moves a colour by more than this (CIEDE2000) makes it "outside" a gamut. */
#define GAMUT_TOLERANCE 1.0


/* Lab <-> monitor RGB in double precision, for swatches. Shared by a monitor profile and every transform
 * made from it, so a transform never needs its profile (the profile's cache holds the transforms). */
typedef struct {
  atomic_int refcount;
  ShLcmsErrorSink sink;
  cmsContext context;
  cmsHTRANSFORM lab_to_monitor;   /* TYPE_Lab_DBL -> TYPE_RGB_DBL */
  cmsHTRANSFORM monitor_to_lab;   /* TYPE_RGB_DBL -> TYPE_Lab_DBL */
} MonitorColours;

typedef struct {
  uint8_t *key;                   /* kind byte, then the source's bytes */
  size_t key_len;
  uint64_t hash;
  ShDisplayTransform *transform;  /* a reference */
} CacheEntry;

struct _ShDisplayProfile {
  atomic_int refcount;
  bool srgb_default;
  uint8_t *icc;
  size_t icc_len;
  char description[128];
  MonitorColours *colours;

  pthread_mutex_t cache_lock;
  CacheEntry cache[CACHE_SIZE];   /* most recently used first; key == NULL marks an empty slot */
};

struct _ShDisplayTransform {
  atomic_int refcount;
  ShLcmsErrorSink sink;
  cmsContext context;
  cmsHTRANSFORM transform;        /* TYPE_RGBA_8 -> TYPE_BGRA_8, alpha left alone */
  MonitorColours *colours;
  char source_description[128];
  char monitor_description[128];
};

static cmsHPROFILE
open_monitor (cmsContext context, const ShLcmsErrorSink *sink, const ShDisplayProfile *monitor, char *error,
              size_t error_len)
{
  if (monitor->srgb_default)
    return cmsCreate_sRGBProfileTHR (context);
  return sh_lcms_open_rgb_profile (context, sink, monitor->icc, monitor->icc_len, "monitor profile", error, error_len);
}

/* ---- monitor colours ---- */

static void
monitor_colours_unref (MonitorColours *colours)
{
  if (colours == NULL || atomic_fetch_sub (&colours->refcount, 1) != 1)
    return;
  if (colours->lab_to_monitor != NULL)
    cmsDeleteTransform (colours->lab_to_monitor);
  if (colours->monitor_to_lab != NULL)
    cmsDeleteTransform (colours->monitor_to_lab);
  cmsDeleteContext (colours->context);
  free (colours);
}

static MonitorColours *
monitor_colours_ref (MonitorColours *colours)
{
  atomic_fetch_add (&colours->refcount, 1);
  return colours;
}

static MonitorColours *
monitor_colours_new (const ShDisplayProfile *monitor, char *error, size_t error_len)
{
  MonitorColours *colours = calloc (1, sizeof *colours);
  cmsHPROFILE lab = NULL, device = NULL;

  if (colours == NULL)
    {
      sh_lcms_set_message (error, error_len, "out of memory");
      return NULL;
    }
  atomic_init (&colours->refcount, 1);
  colours->context = sh_lcms_context_new (&colours->sink);
  if (colours->context == NULL)
    {
      free (colours);
      sh_lcms_set_message (error, error_len, "out of memory");
      return NULL;
    }

  lab = cmsCreateLab4ProfileTHR (colours->context, NULL);
  device = open_monitor (colours->context, &colours->sink, monitor, error, error_len);
  if (lab == NULL || device == NULL)
    goto fail;

  if (!monitor->srgb_default && !cmsIsMatrixShaper (device)
      && !cmsIsIntentSupported (device, DISPLAY_INTENT, LCMS_USED_AS_OUTPUT))
    {
      sh_lcms_set_message (error, error_len, "the monitor profile cannot be used for output (no output tables)");
      goto fail;
    }

  colours->lab_to_monitor = cmsCreateTransformTHR (colours->context, lab, TYPE_Lab_DBL, device, TYPE_RGB_DBL,
                                                   DISPLAY_INTENT, DISPLAY_FLAGS);
  colours->monitor_to_lab = cmsCreateTransformTHR (colours->context, device, TYPE_RGB_DBL, lab, TYPE_Lab_DBL,
                                                   DISPLAY_INTENT, DISPLAY_FLAGS);
  if (colours->lab_to_monitor == NULL || colours->monitor_to_lab == NULL)
    {
      sh_lcms_set_message (error, error_len, "the monitor profile cannot convert colours%s%s",
                   colours->sink.text[0] ? ": " : "", colours->sink.text);
      goto fail;
    }
  cmsCloseProfile (lab);
  cmsCloseProfile (device);
  return colours;

fail:
  if (lab != NULL)
    cmsCloseProfile (lab);
  if (device != NULL)
    cmsCloseProfile (device);
  monitor_colours_unref (colours);
  return NULL;
}

static ShDisplayGamut
monitor_colours_lab_to_rgb8 (const MonitorColours *colours, const double lab_in[3], uint8_t rgb[3])
{
  ShDisplayGamut gamut = SH_DISPLAY_IN_GAMUT;
  double lab[3], linear[3], clipped_lab[3], device[3], device_lab[3];
  bool clipped = false;

  for (int i = 0; i < 3; i++)
    {
      if (!isfinite (lab_in[i]))
        {
          rgb[0] = rgb[1] = rgb[2] = 0;
          return SH_DISPLAY_OUTSIDE_SRGB | SH_DISPLAY_OUTSIDE_MONITOR;
        }
      lab[i] = lab_in[i];
    }

  /* sRGB: clip in linear light, then see how far the clipped colour is from the one asked for. */
  sh_lab_to_linear_srgb (lab, linear);
  for (int i = 0; i < 3; i++)
    {
      if (linear[i] < 0.0 || linear[i] > 1.0)
        clipped = true;
      linear[i] = fmin (fmax (linear[i], 0.0), 1.0);
    }
  if (clipped)
    {
      sh_linear_srgb_to_lab (linear, clipped_lab);
      if (sh_delta_e2000 (lab, clipped_lab) > GAMUT_TOLERANCE)
        gamut |= SH_DISPLAY_OUTSIDE_SRGB;
    }

  /* The monitor: float transforms of matrix-shaper profiles are unbounded in lcms2 and LUT profiles clip
   * by themselves, so clamp, convert back and measure the same way. */
  cmsDoTransform (colours->lab_to_monitor, lab, device, 1);
  for (int i = 0; i < 3; i++)
    {
      double v = isfinite (device[i]) ? device[i] : 0.0;
      device[i] = fmin (fmax (v, 0.0), 1.0);
      rgb[i] = (uint8_t) lrint (device[i] * 255.0);
    }
  cmsDoTransform (colours->monitor_to_lab, device, device_lab, 1);
  if (sh_delta_e2000 (lab, device_lab) > GAMUT_TOLERANCE)
    gamut |= SH_DISPLAY_OUTSIDE_MONITOR;
  return gamut;
}

/* ---- the monitor profile ---- */

static ShDisplayProfile *
display_profile_new (bool srgb_default, const void *icc, size_t icc_len, char *error, size_t error_len)
{
  ShDisplayProfile *profile = calloc (1, sizeof *profile);

  if (profile == NULL)
    {
      sh_lcms_set_message (error, error_len, "out of memory");
      return NULL;
    }
  atomic_init (&profile->refcount, 1);
  pthread_mutex_init (&profile->cache_lock, NULL);
  profile->srgb_default = srgb_default;

  if (srgb_default)
    snprintf (profile->description, sizeof profile->description, "sRGB");
  else
    {
      ShLcmsErrorSink sink;
      cmsContext context = sh_lcms_context_new (&sink);
      cmsHPROFILE opened;

      profile->icc = malloc (icc_len > 0 ? icc_len : 1);
      if (context == NULL || profile->icc == NULL)
        {
          if (context != NULL)
            cmsDeleteContext (context);
          sh_lcms_set_message (error, error_len, "out of memory");
          sh_display_profile_unref (profile);
          return NULL;
        }
      memcpy (profile->icc, icc, icc_len);
      profile->icc_len = icc_len;

      opened = sh_lcms_open_rgb_profile (context, &sink, icc, icc_len, "monitor profile", error, error_len);
      if (opened == NULL)
        {
          cmsDeleteContext (context);
          sh_display_profile_unref (profile);
          return NULL;
        }
      sh_lcms_read_description (opened, profile->description, sizeof profile->description, "Unnamed monitor profile");
      cmsCloseProfile (opened);
      cmsDeleteContext (context);
    }

  profile->colours = monitor_colours_new (profile, error, error_len);
  if (profile->colours == NULL)
    {
      sh_display_profile_unref (profile);
      return NULL;
    }
  return profile;
}

ShDisplayProfile *
sh_display_profile_new_srgb (void)
{
  return display_profile_new (true, NULL, 0, NULL, 0);
}

ShDisplayProfile *
sh_display_profile_new_from_icc (const void *icc, size_t icc_len, char *error, size_t error_len)
{
  if (icc == NULL)
    {
      sh_lcms_set_message (error, error_len, "no monitor profile given");
      return NULL;
    }
  return display_profile_new (false, icc, icc_len, error, error_len);
}

ShDisplayProfile *
sh_display_profile_ref (ShDisplayProfile *profile)
{
  atomic_fetch_add (&profile->refcount, 1);
  return profile;
}

void
sh_display_profile_unref (ShDisplayProfile *profile)
{
  if (profile == NULL || atomic_fetch_sub (&profile->refcount, 1) != 1)
    return;
  for (int i = 0; i < CACHE_SIZE; i++)
    {
      free (profile->cache[i].key);
      if (profile->cache[i].transform != NULL)
        sh_display_transform_unref (profile->cache[i].transform);
    }
  pthread_mutex_destroy (&profile->cache_lock);
  monitor_colours_unref (profile->colours);
  free (profile->icc);
  free (profile);
}

const char *
sh_display_profile_get_description (const ShDisplayProfile *profile)
{
  return profile->description;
}

bool
sh_display_profile_is_srgb_default (const ShDisplayProfile *profile)
{
  return profile->srgb_default;
}

ShDisplayGamut
sh_display_profile_lab_to_rgb8 (const ShDisplayProfile *monitor, const double lab[3], uint8_t rgb[3])
{
  return monitor_colours_lab_to_rgb8 (monitor->colours, lab, rgb);
}

ShDisplayGamut
sh_display_profile_linear_srgb_to_rgb8 (const ShDisplayProfile *monitor, const double linear[3], uint8_t rgb[3])
{
  double lab[3];

  sh_linear_srgb_to_lab (linear, lab);
  return monitor_colours_lab_to_rgb8 (monitor->colours, lab, rgb);
}

/* ---- sources ---- */

typedef enum {
  SOURCE_SRGB = 'S',
  SOURCE_ICC = 'I',
  SOURCE_MODEL = 'M',
} SourceKind;

/* The model's numbers without its description: two models with the same tables are the same source. */
typedef struct {
  float to_linear[3][256];
  double to_xyz_d50[3][3];
} ModelKey;

/* A matrix-shaper profile that maps pixels exactly as the model does: colorants from its (already D50)
 * matrix, tone curves from its tables, D50 media white so the relative intent adds no adaptation. */
static cmsHPROFILE
profile_from_model (cmsContext context, const ShColorModel *model)
{
  static const cmsTagSignature colorant_tags[3] = {
    cmsSigRedColorantTag, cmsSigGreenColorantTag, cmsSigBlueColorantTag,
  };
  static const cmsTagSignature trc_tags[3] = {
    cmsSigRedTRCTag, cmsSigGreenTRCTag, cmsSigBlueTRCTag,
  };
  cmsHPROFILE profile = cmsCreateProfilePlaceholder (context);
  cmsMLU *description = NULL;
  bool ok = profile != NULL;

  if (!ok)
    return NULL;
  cmsSetProfileVersion (profile, 4.3);
  cmsSetDeviceClass (profile, cmsSigDisplayClass);
  cmsSetColorSpace (profile, cmsSigRgbData);
  cmsSetPCS (profile, cmsSigXYZData);
  cmsSetHeaderRenderingIntent (profile, INTENT_PERCEPTUAL);
  ok = cmsWriteTag (profile, cmsSigMediaWhitePointTag, cmsD50_XYZ ());

  for (int c = 0; ok && c < 3; c++)
    {
      cmsCIEXYZ colorant = { model->to_xyz_d50[0][c], model->to_xyz_d50[1][c], model->to_xyz_d50[2][c] };
      cmsToneCurve *curve = cmsBuildTabulatedToneCurveFloat (context, 256, model->to_linear[c]);

      ok = curve != NULL && cmsWriteTag (profile, colorant_tags[c], &colorant)
           && cmsWriteTag (profile, trc_tags[c], curve);
      if (curve != NULL)
        cmsFreeToneCurve (curve);
    }

  description = cmsMLUalloc (context, 1);
  ok = ok && description != NULL
       && cmsMLUsetASCII (description, "en", "US", model->description[0] ? model->description : "Image colour model")
       && cmsWriteTag (profile, cmsSigProfileDescriptionTag, description);
  if (description != NULL)
    cmsMLUfree (description);

  if (!ok)
    {
      cmsCloseProfile (profile);
      return NULL;
    }
  return profile;
}

static void
display_transform_free (ShDisplayTransform *transform)
{
  if (transform->transform != NULL)
    cmsDeleteTransform (transform->transform);
  if (transform->context != NULL)
    cmsDeleteContext (transform->context);
  if (transform->colours != NULL)
    monitor_colours_unref (transform->colours);
  free (transform);
}

/* Builds a transform from the source to the monitor; the source is the bytes after the kind byte of key. */
static ShDisplayTransform *
display_transform_build (ShDisplayProfile *monitor, SourceKind kind, const void *source, size_t source_len,
                         const ShColorModel *model, char *error, size_t error_len)
{
  ShDisplayTransform *transform = calloc (1, sizeof *transform);
  cmsHPROFILE input = NULL, output = NULL;

  if (transform == NULL)
    {
      sh_lcms_set_message (error, error_len, "out of memory");
      return NULL;
    }
  atomic_init (&transform->refcount, 1);
  transform->context = sh_lcms_context_new (&transform->sink);
  if (transform->context == NULL)
    {
      sh_lcms_set_message (error, error_len, "out of memory");
      display_transform_free (transform);
      return NULL;
    }
  snprintf (transform->monitor_description, sizeof transform->monitor_description, "%s", monitor->description);

  switch (kind)
    {
    case SOURCE_SRGB:
      input = cmsCreate_sRGBProfileTHR (transform->context);
      snprintf (transform->source_description, sizeof transform->source_description, "sRGB (untagged)");
      break;
    case SOURCE_ICC:
      input = sh_lcms_open_rgb_profile (transform->context, &transform->sink, source, source_len, "image's colour profile",
                                error, error_len);
      if (input != NULL)
        sh_lcms_read_description (input, transform->source_description, sizeof transform->source_description,
                          "Unnamed ICC profile");
      break;
    case SOURCE_MODEL:
      input = profile_from_model (transform->context, model);
      if (input == NULL)
        sh_lcms_set_message (error, error_len, "the image's colour model cannot be turned into a profile%s%s",
                     transform->sink.text[0] ? ": " : "", transform->sink.text);
      else
        snprintf (transform->source_description, sizeof transform->source_description, "%s",
                  model->description[0] ? model->description : "Image colour model");
      break;
    }
  if (input == NULL)
    goto fail;

  output = open_monitor (transform->context, &transform->sink, monitor, error, error_len);
  if (output == NULL)
    goto fail;

  /* Alpha is not copied (the output alpha bytes are set to 255 by the caller before the transform runs):
   * opaque output is what keeps the optimised 8-bit path correct. */
  transform->transform = cmsCreateTransformTHR (transform->context, input, TYPE_RGBA_8, output, TYPE_BGRA_8,
                                                DISPLAY_INTENT, DISPLAY_FLAGS);
  if (transform->transform == NULL)
    {
      sh_lcms_set_message (error, error_len, "the image's colours cannot be converted for the monitor%s%s",
                   transform->sink.text[0] ? ": " : "", transform->sink.text);
      goto fail;
    }
  cmsCloseProfile (input);
  cmsCloseProfile (output);
  transform->colours = monitor_colours_ref (monitor->colours);
  return transform;

fail:
  if (input != NULL)
    cmsCloseProfile (input);
  if (output != NULL)
    cmsCloseProfile (output);
  display_transform_free (transform);
  return NULL;
}

static uint64_t
hash_bytes (const uint8_t *bytes, size_t len)
{
  uint64_t hash = 0xcbf29ce484222325ULL;   /* FNV-1a */

  for (size_t i = 0; i < len; i++)
    hash = (hash ^ bytes[i]) * 0x100000001b3ULL;
  return hash;
}

/* Called with the lock held. Returns the slot holding key, or -1. */
static int
cache_find (const ShDisplayProfile *monitor, const uint8_t *key, size_t key_len, uint64_t hash)
{
  for (int i = 0; i < CACHE_SIZE && monitor->cache[i].key != NULL; i++)
    if (monitor->cache[i].hash == hash && monitor->cache[i].key_len == key_len
        && memcmp (monitor->cache[i].key, key, key_len) == 0)
      return i;
  return -1;
}

/* Called with the lock held: moves slot to the front and returns a new reference to its transform. */
static ShDisplayTransform *
cache_take (ShDisplayProfile *monitor, int slot)
{
  CacheEntry entry = monitor->cache[slot];

  memmove (&monitor->cache[1], &monitor->cache[0], (size_t) slot * sizeof (CacheEntry));
  monitor->cache[0] = entry;
  return sh_display_transform_ref (entry.transform);
}

static ShDisplayTransform *
cached_transform (ShDisplayProfile *monitor, SourceKind kind, const void *source, size_t source_len,
                  const ShColorModel *model, char *error, size_t error_len)
{
  ShDisplayTransform *built, *result;
  uint8_t *key;
  size_t key_len = 1 + source_len;
  uint64_t hash;
  int slot;

  key = malloc (key_len);
  if (key == NULL)
    {
      sh_lcms_set_message (error, error_len, "out of memory");
      return NULL;
    }
  key[0] = (uint8_t) kind;
  if (source_len > 0)
    memcpy (key + 1, source, source_len);
  hash = hash_bytes (key, key_len);

  pthread_mutex_lock (&monitor->cache_lock);
  slot = cache_find (monitor, key, key_len, hash);
  if (slot >= 0)
    {
      result = cache_take (monitor, slot);
      pthread_mutex_unlock (&monitor->cache_lock);
      free (key);
      return result;
    }
  pthread_mutex_unlock (&monitor->cache_lock);

  /* Built outside the lock: other threads keep rendering and looking up meanwhile. */
  built = display_transform_build (monitor, kind, source, source_len, model, error, error_len);
  if (built == NULL)
    {
      free (key);
      return NULL;
    }

  pthread_mutex_lock (&monitor->cache_lock);
  slot = cache_find (monitor, key, key_len, hash);
  if (slot >= 0)
    {
      /* Another thread built the same one first; share that. */
      result = cache_take (monitor, slot);
      pthread_mutex_unlock (&monitor->cache_lock);
      free (key);
      sh_display_transform_unref (built);
      return result;
    }
  if (monitor->cache[CACHE_SIZE - 1].key != NULL)
    {
      free (monitor->cache[CACHE_SIZE - 1].key);
      sh_display_transform_unref (monitor->cache[CACHE_SIZE - 1].transform);
    }
  memmove (&monitor->cache[1], &monitor->cache[0], (CACHE_SIZE - 1) * sizeof (CacheEntry));
  monitor->cache[0] = (CacheEntry) { key, key_len, hash, built };
  result = sh_display_transform_ref (built);
  pthread_mutex_unlock (&monitor->cache_lock);
  return result;
}

ShDisplayTransform *
sh_display_transform_new_for_icc (ShDisplayProfile *monitor, const void *icc, size_t icc_len, char *error,
                                  size_t error_len)
{
  if (icc == NULL || icc_len == 0)
    return cached_transform (monitor, SOURCE_SRGB, NULL, 0, NULL, error, error_len);
  return cached_transform (monitor, SOURCE_ICC, icc, icc_len, NULL, error, error_len);
}

ShDisplayTransform *
sh_display_transform_new_for_model (ShDisplayProfile *monitor, const ShColorModel *model, char *error,
                                    size_t error_len)
{
  ModelKey key;

  memset (&key, 0, sizeof key);
  memcpy (key.to_linear, model->to_linear, sizeof key.to_linear);
  memcpy (key.to_xyz_d50, model->to_xyz_d50, sizeof key.to_xyz_d50);
  return cached_transform (monitor, SOURCE_MODEL, &key, sizeof key, model, error, error_len);
}

ShDisplayTransform *
sh_display_transform_new_for_image (ShDisplayProfile *monitor, const ShColorModel *model, const void *icc,
                                    size_t icc_len, char *error, size_t error_len)
{
  ShColorModel probe;

  if (icc == NULL || icc_len == 0)
    return sh_display_transform_new_for_icc (monitor, NULL, 0, error, error_len);
  /* The same test the loader makes: these pixels are no longer in the embedded profile's space. */
  if (sh_color_model_init_icc (&probe, icc, icc_len, NULL, 0) == SH_PROFILE_NEEDS_TRANSFORM)
    return sh_display_transform_new_for_model (monitor, model, error, error_len);
  return sh_display_transform_new_for_icc (monitor, icc, icc_len, error, error_len);
}

ShDisplayTransform *
sh_display_transform_ref (ShDisplayTransform *transform)
{
  atomic_fetch_add (&transform->refcount, 1);
  return transform;
}

void
sh_display_transform_unref (ShDisplayTransform *transform)
{
  if (transform == NULL || atomic_fetch_sub (&transform->refcount, 1) != 1)
    return;
  display_transform_free (transform);
}

const char *
sh_display_transform_get_source_description (const ShDisplayTransform *transform)
{
  return transform->source_description;
}

const char *
sh_display_transform_get_monitor_description (const ShDisplayTransform *transform)
{
  return transform->monitor_description;
}

ShDisplayGamut
sh_display_transform_lab_to_rgb8 (const ShDisplayTransform *transform, const double lab[3], uint8_t rgb[3])
{
  return monitor_colours_lab_to_rgb8 (transform->colours, lab, rgb);
}

ShDisplayGamut
sh_display_transform_linear_srgb_to_rgb8 (const ShDisplayTransform *transform, const double linear[3],
                                          uint8_t rgb[3])
{
  double lab[3];

  sh_linear_srgb_to_lab (linear, lab);
  return monitor_colours_lab_to_rgb8 (transform->colours, lab, rgb);
}

/* ---- pixels ---- */

static void
fill_opaque (uint8_t *row, int width)
{
  /* Every byte 255: the transform overwrites B, G and R and leaves A. */
  memset (row, 0xff, (size_t) width * 4);
}

void
sh_display_transform_apply (const ShDisplayTransform *transform, const uint8_t *src, int src_stride, uint8_t *dst,
                            int dst_stride, int width, int height)
{
  if (width <= 0 || height <= 0)
    return;
  for (int y = 0; y < height; y++)
    fill_opaque (dst + (size_t) y * dst_stride, width);
  cmsDoTransformLineStride (transform->transform, src, dst, (cmsUInt32Number) width, (cmsUInt32Number) height,
                            (cmsUInt32Number) src_stride, (cmsUInt32Number) dst_stride, 0, 0);
}

bool
sh_display_transform_render_image_premultiplied (const ShDisplayTransform *transform, const ShImage *image,
                                                  uint8_t *dst, int dst_stride)
{
  if (transform == NULL || image == NULL || image->pixels == NULL || dst == NULL || image->width <= 0
      || image->height <= 0 || dst_stride < 4 * image->width)
    return false;
  sh_display_transform_apply (transform, image->pixels, image->stride, dst, dst_stride, image->width, image->height);
  for (int y = 0; y < image->height; y++)
    {
      const uint8_t *src = image->pixels + (size_t) y * image->stride;
      uint8_t *out = dst + (size_t) y * dst_stride;

      for (int x = 0; x < image->width; x++, src += 4, out += 4)
        {
          unsigned alpha = src[3];

          if (alpha == 255)
            continue;
          for (int c = 0; c < 3; c++)
            out[c] = (uint8_t) ((out[c] * alpha + 127) / 255);
          out[3] = (uint8_t) alpha;
        }
    }
  return true;
}

/* One output row of render_image when it cannot read the image directly: the mean of step x step blocks
 * (encoded values, as every image viewer's box filter), blended over grey by alpha when the image has one.
 * Translucent pixels weigh by their alpha, so a transparent pixel's colour never bleeds into the block. */
static void
reduce_row (const ShImage *image, int x0, int y0, int width, int rows, int step, int out_width, uint8_t *out)
{
  for (int ox = 0; ox < out_width; ox++)
    {
      int bx = x0 + ox * step;
      int columns = (x0 + width - bx) < step ? (x0 + width - bx) : step;
      uint64_t sums[3] = { 0, 0, 0 }, alpha_sum = 0;
      uint64_t count = (uint64_t) columns * (uint64_t) rows;
      uint8_t *o = out + 4 * ox;

      for (int y = 0; y < rows; y++)
        {
          const uint8_t *p = image->pixels + (size_t) (y0 + y) * image->stride + 4 * (size_t) bx;

          if (image->has_alpha)
            for (int x = 0; x < columns; x++, p += 4)
              {
                sums[0] += (uint64_t) p[0] * p[3];
                sums[1] += (uint64_t) p[1] * p[3];
                sums[2] += (uint64_t) p[2] * p[3];
                alpha_sum += p[3];
              }
          else
            for (int x = 0; x < columns; x++, p += 4)
              {
                sums[0] += p[0];
                sums[1] += p[1];
                sums[2] += p[2];
              }
        }

      if (image->has_alpha)
        {
          uint64_t full = count * 255;
          for (int c = 0; c < 3; c++)
            o[c] = (uint8_t) ((sums[c] + BLEND_GREY * (full - alpha_sum) + full / 2) / full);
        }
      else
        for (int c = 0; c < 3; c++)
          o[c] = (uint8_t) ((sums[c] + count / 2) / count);
      o[3] = 255;
    }
}

bool
sh_display_transform_render_image (const ShDisplayTransform *transform, const ShImage *image, int src_x,
                                   int src_y, int src_width, int src_height, int step, uint8_t *dst,
                                   int dst_stride)
{
  int out_width, out_height;
  uint8_t *row;

  if (transform == NULL || image == NULL || image->pixels == NULL || dst == NULL)
    return false;
  if (step < 1 || step > MAX_STEP || src_x < 0 || src_y < 0 || src_width <= 0 || src_height <= 0
      || src_width > image->width - src_x || src_height > image->height - src_y)
    return false;
  out_width = sh_display_reduced_size (src_width, step);
  out_height = sh_display_reduced_size (src_height, step);
  if (dst_stride < 4 * out_width)
    return false;

  if (step == 1 && !image->has_alpha)
    {
      sh_display_transform_apply (transform, image->pixels + (size_t) src_y * image->stride + 4 * (size_t) src_x,
                                  image->stride, dst, dst_stride, out_width, out_height);
      return true;
    }

  row = malloc ((size_t) out_width * 4);
  if (row == NULL)
    return false;
  for (int oy = 0; oy < out_height; oy++)
    {
      int y0 = src_y + oy * step;
      int rows = (src_y + src_height - y0) < step ? (src_y + src_height - y0) : step;
      uint8_t *out = dst + (size_t) oy * dst_stride;

      reduce_row (image, src_x, y0, src_width, rows, step, out_width, row);
      fill_opaque (out, out_width);
      cmsDoTransform (transform->transform, row, out, (cmsUInt32Number) out_width);
    }
  free (row);
  return true;
}
