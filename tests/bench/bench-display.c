/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-display: megapixels per second of the display transform (color/display.h) on a 12-megapixel
 * image, single-threaded, for the sources and monitors a labeler meets, and the time to build a transform.
 *
 *   build/tests/bench/bench-display [--runs N] [--width N] [--height N]
 */
#include "config.h"

#include <lcms2.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "color/color-model.h"
#include "color/display.h"
#include "color/image.h"
#include "tests/lib/test-stats.h"
#include "tests/lib/test-icc.h"

typedef struct {
  void *data;
  cmsUInt32Number len;
} Icc;

static Icc
save (cmsHPROFILE profile)
{
  Icc icc = { NULL, 0 };

  cmsSaveProfileToMem (profile, NULL, &icc.len);
  icc.data = malloc (icc.len);
  cmsSaveProfileToMem (profile, icc.data, &icc.len);
  cmsCloseProfile (profile);
  return icc;
}

static const cmsCIExyY d65 = { 0.3127, 0.3290, 1.0 };

static Icc
adobe_rgb (void)
{
  static const cmsCIExyYTRIPLE primaries = { { 0.64, 0.33, 1.0 }, { 0.21, 0.71, 1.0 }, { 0.15, 0.06, 1.0 } };
  cmsToneCurve *gamma = cmsBuildGamma (NULL, 563.0 / 256.0);
  cmsToneCurve *curves[3] = { gamma, gamma, gamma };
  Icc icc = save (cmsCreateRGBProfile (&d65, &primaries, curves));

  cmsFreeToneCurve (gamma);
  return icc;
}

static Icc
display_p3 (void)
{
  static const cmsCIExyYTRIPLE primaries = { { 0.680, 0.320, 1.0 }, { 0.265, 0.690, 1.0 }, { 0.150, 0.060, 1.0 } };
  static const cmsFloat64Number srgb[5] = { 2.4, 1.0 / 1.055, 0.055 / 1.055, 1.0 / 12.92, 0.04045 };
  cmsToneCurve *curve = cmsBuildParametricToneCurve (NULL, 4, srgb);
  cmsToneCurve *curves[3] = { curve, curve, curve };
  Icc icc = save (cmsCreateRGBProfile (&d65, &primaries, curves));

  cmsFreeToneCurve (curve);
  return icc;
}

/* A LUT-based RGB profile (33-point table), the slow kind for lcms2. */
static Icc
lut_rgb (const Icc *shape)
{
  cmsHPROFILE source = cmsOpenProfileFromMem (shape->data, shape->len);
  cmsHPROFILE profile = icc_lut_profile (source);

  cmsCloseProfile (source);
  return save (profile);
}

/* Smooth gradients plus hashed noise, so neighbouring pixels differ (lcms2 caches the last pixel). */
static ShImage *
photo_like (int width, int height)
{
  ShImage *image = sh_image_new (width, height);

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        uint8_t *p = image->pixels + (size_t) y * image->stride + 4 * (size_t) x;
        uint32_t h = (uint32_t) x * 2654435761u ^ (uint32_t) y * 2246822519u;
        h ^= h >> 15;
        p[0] = (uint8_t) (255.0 * x / width * 0.8 + (h & 31));
        p[1] = (uint8_t) (255.0 * y / height * 0.8 + ((h >> 5) & 31));
        p[2] = (uint8_t) (128 + 100 * sin (x * 0.01 + y * 0.013) + ((h >> 10) & 15));
      }
  return image;
}

static void
bench_render (const char *name, ShDisplayTransform *transform, const ShImage *image, int step, int runs,
              uint8_t *out)
{
  double *times = calloc ((size_t) runs, sizeof *times);
  int out_width = sh_display_reduced_size (image->width, step);
  double ms, mpx = (double) image->width * image->height / 1e6;

  for (int r = 0; r < runs; r++)
    {
      double start = now_ms ();
      if (!sh_display_transform_render_image (transform, image, 0, 0, image->width, image->height, step, out,
                                              out_width * 4))
        {
          fprintf (stderr, "bench-display: render failed\n");
          exit (1);
        }
      times[r] = now_ms () - start;
    }
  ms = median (times, runs);
  printf ("| %-44s | %4d | %8.1f ms | %7.1f Mpx/s |\n", name, step, ms, mpx / (ms / 1e3));
  free (times);
}

static ShDisplayTransform *
must (ShDisplayTransform *transform, const char *what)
{
  if (transform == NULL)
    {
      fprintf (stderr, "bench-display: cannot build %s\n", what);
      exit (1);
    }
  return transform;
}

/* Milliseconds to build the transform from the profile to the monitor. */
static double
time_icc_transform (ShDisplayProfile *monitor, const Icc *icc, const char *what)
{
  double start = now_ms ();
  ShDisplayTransform *t = must (sh_display_transform_new_for_icc (monitor, icc->data, icc->len, NULL, 0), what);
  double ms = now_ms () - start;

  sh_display_transform_unref (t);
  return ms;
}

int
main (int argc, char **argv)
{
  int runs = 7, width = 4000, height = 3000;
  Icc adobe, p3, lut;
  ShDisplayProfile *srgb_monitor, *p3_monitor;
  ShColorModel working;
  ShImage *image, *converted;
  uint8_t *out;
  char message[256];

  for (int i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--runs") == 0 && i + 1 < argc)
        runs = atoi (argv[++i]);
      else if (strcmp (argv[i], "--width") == 0 && i + 1 < argc)
        width = atoi (argv[++i]);
      else if (strcmp (argv[i], "--height") == 0 && i + 1 < argc)
        height = atoi (argv[++i]);
      else
        {
          fprintf (stderr, "usage: %s [--runs N] [--width N] [--height N]\n", argv[0]);
          return 2;
        }
    }
  if (runs < 1 || width < 1 || height < 1)
    return 2;

  adobe = adobe_rgb ();
  p3 = display_p3 ();
  lut = lut_rgb (&adobe);
  srgb_monitor = sh_display_profile_new_srgb ();
  p3_monitor = sh_display_profile_new_from_icc (p3.data, p3.len, message, sizeof message);
  image = photo_like (width, height);
  out = malloc ((size_t) width * height * 4);

  /* The pixels of a LUT-profiled image as the loader leaves them: in the working space. */
  converted = photo_like (width, height);
  if (!sh_color_model_convert_to_working (&converted->model, lut.data, lut.len, converted->pixels, width, height,
                                          converted->stride, message, sizeof message))
    {
      fprintf (stderr, "bench-display: %s\n", message);
      return 1;
    }
  working = converted->model;

  printf ("%dx%d image (%.1f megapixels), one thread, median of %d runs\n\n", width, height,
          width * (double) height / 1e6, runs);
  printf ("| %-44s | step | time        | speed         |\n", "source -> monitor");
  printf ("| --- | --- | --- | --- |\n");
  {
    ShDisplayTransform *t;

    t = must (sh_display_transform_new_for_icc (srgb_monitor, NULL, 0, NULL, 0), "sRGB");
    bench_render ("untagged -> sRGB", t, image, 1, runs, out);
    sh_display_transform_unref (t);

    t = must (sh_display_transform_new_for_icc (p3_monitor, NULL, 0, NULL, 0), "sRGB on P3");
    bench_render ("untagged -> Display P3", t, image, 1, runs, out);
    sh_display_transform_unref (t);

    t = must (sh_display_transform_new_for_icc (srgb_monitor, adobe.data, adobe.len, NULL, 0), "Adobe RGB");
    bench_render ("Adobe RGB -> sRGB", t, image, 1, runs, out);
    bench_render ("Adobe RGB -> sRGB, zoomed out (4x4 blocks)", t, image, 4, runs, out);
    sh_display_transform_unref (t);

    t = must (sh_display_transform_new_for_icc (p3_monitor, adobe.data, adobe.len, NULL, 0), "Adobe RGB on P3");
    bench_render ("Adobe RGB -> Display P3", t, image, 1, runs, out);
    sh_display_transform_unref (t);

    t = must (sh_display_transform_new_for_model (p3_monitor, &working, NULL, 0), "working space");
    bench_render ("working space (converted LUT image) -> P3", t, converted, 1, runs, out);
    sh_display_transform_unref (t);

    t = must (sh_display_transform_new_for_icc (srgb_monitor, lut.data, lut.len, NULL, 0), "LUT profile");
    bench_render ("LUT RGB profile -> sRGB", t, image, 1, runs, out);
    sh_display_transform_unref (t);
  }

  /* Building: a fresh monitor profile each time, so nothing comes from a cache. */
  {
    int n = runs * 5;
    double *profile_ms = calloc ((size_t) n, sizeof (double));
    double *icc_ms = calloc ((size_t) n, sizeof (double));
    double *model_ms = calloc ((size_t) n, sizeof (double));
    double *lut_ms = calloc ((size_t) n, sizeof (double));
    double *cached_ms = calloc ((size_t) n, sizeof (double));

    for (int r = 0; r < n; r++)
      {
        double start = now_ms ();
        ShDisplayProfile *monitor = sh_display_profile_new_from_icc (p3.data, p3.len, NULL, 0);
        ShDisplayTransform *t;

        profile_ms[r] = now_ms () - start;
        icc_ms[r] = time_icc_transform (monitor, &adobe, "Adobe RGB");
        cached_ms[r] = time_icc_transform (monitor, &adobe, "Adobe RGB");
        start = now_ms ();
        t = must (sh_display_transform_new_for_model (monitor, &working, NULL, 0), "working space");
        model_ms[r] = now_ms () - start;
        sh_display_transform_unref (t);
        lut_ms[r] = time_icc_transform (monitor, &lut, "LUT profile");
        sh_display_profile_unref (monitor);
      }
    printf ("\nbuilding (median of %d):\n", n);
    printf ("  monitor profile (Display P3, with its swatch transforms): %.3f ms\n", median (profile_ms, n));
    printf ("  transform Adobe RGB -> P3:                               %.3f ms\n", median (icc_ms, n));
    printf ("  transform working-space model -> P3:                     %.3f ms\n", median (model_ms, n));
    printf ("  transform LUT RGB profile -> P3:                         %.3f ms\n", median (lut_ms, n));
    printf ("  the same source again (from the cache):                  %.4f ms\n", median (cached_ms, n));
    free (profile_ms);
    free (icc_ms);
    free (model_ms);
    free (lut_ms);
    free (cached_ms);
  }

  sh_image_free (image);
  sh_image_free (converted);
  free (out);
  free (adobe.data);
  free (p3.data);
  free (lut.data);
  sh_display_profile_unref (srgb_monitor);
  sh_display_profile_unref (p3_monitor);
  return 0;
}
