/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-extract: megapixels per second of each extraction method on a 1000x1000 box of a synthetic
 * product photo, single-threaded, and the CIEDE2000 between each fast result and the plain
 * double-precision reference (tests/lib/extract-reference.c).
 *
 *   build/tests/bench/bench-extract [--box N] [--runs N] [--seed N] [--method robust|mean|dominant|finish]
 *                                   [--simd portable|avx2|avx512]   (default: the best the processor has)
 *                                   [--dump FILE.ppm]
 *
 * --dump writes the encoded photo as a binary PPM and prints its box ("box X Y W H"), so that another
 * program (tests/bench/bench-opencv.py) can time its own pipeline on exactly the same pixels.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "color/colorspace.h"
#include "color/delta-e.h"
#include "color/extract-private.h"
#include "color/extract.h"
#include "color/synth.h"
#include "tests/lib/extract-reference.h"
#include "tests/lib/test-stats.h"
#include "tests/lib/test-synth.h"

/* The photo's RGB bytes as a binary PPM (P6), which every image library reads. */
static int
dump_ppm (const ShImage *image, const char *path)
{
  FILE *out = fopen (path, "wb");
  int ok;

  if (out == NULL)
    return -1;
  fprintf (out, "P6\n%d %d\n255\n", image->width, image->height);
  for (int y = 0; y < image->height; y++)
    for (int x = 0; x < image->width; x++)
      fwrite (image->pixels + (size_t) y * image->stride + 4 * x, 1, 3, out);
  ok = ferror (out) == 0;
  return fclose (out) == 0 && ok ? 0 : -1;
}

/* sRGB-encodes the linear scene with deterministic noise of sigma code values. */
static ShImage *
encode (const float *linear, int w, int h, double sigma, uint64_t seed)
{
  ShImage *image = sh_image_new (w, h);
  uint64_t state = seed * 0x9e3779b97f4a7c15ULL + 1;

  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        uint8_t *p = image->pixels + (size_t) y * image->stride + 4 * x;
        for (int c = 0; c < 3; c++)
          {
            /* Sum of four uniforms: close enough to Gaussian for sensor noise. */
            double u = 0;
            for (int k = 0; k < 4; k++)
              {
                state ^= state << 13, state ^= state >> 7, state ^= state << 17;
                u += (double) (state >> 11) / 9007199254740992.0 - 0.5;
              }
            double v = 255.0 * sh_srgb_encode (linear[((size_t) y * w + x) * 3 + c]) + sigma * u * 1.732;
            p[c] = (uint8_t) (v < 0 ? 0 : v > 255 ? 255 : v + 0.5);
          }
      }
  return image;
}

int
main (int argc, char **argv)
{
  int box_size = 1000, runs = 31;
  unsigned seed = 7;
  const char *only = NULL, *dump = NULL;

  for (int i = 1; i + 1 < argc; i += 2)
    {
      if (strcmp (argv[i], "--box") == 0)
        box_size = atoi (argv[i + 1]);
      else if (strcmp (argv[i], "--runs") == 0)
        runs = atoi (argv[i + 1]);
      else if (strcmp (argv[i], "--seed") == 0)
        seed = (unsigned) atoi (argv[i + 1]);
      else if (strcmp (argv[i], "--method") == 0)
        only = argv[i + 1];
      else if (strcmp (argv[i], "--dump") == 0)
        dump = argv[i + 1];
      else if (strcmp (argv[i], "--simd") == 0)
        sh_extract_set_simd_level (strcmp (argv[i + 1], "portable") == 0 ? SH_SIMD_PORTABLE
                                   : strcmp (argv[i + 1], "avx2") == 0   ? SH_SIMD_AVX2
                                   : strcmp (argv[i + 1], "avx512") == 0 ? SH_SIMD_AVX512
                                                                         : SH_SIMD_AUTO);
    }
  if (box_size < 16 || runs < 1)
    {
      fprintf (stderr, "usage: bench-extract [--box N] [--runs N] [--seed N] [--method M] [--simd portable|avx2|avx512] "
                       "[--dump FILE.ppm]\n");
      return 2;
    }

  /* A photo in which a box_size square centred on the bullet holds bullet, sweep and a little case. */
  ShSynthTruth truth;
  int w = box_size * 2, h = box_size * 3 / 2 + 200;
  float *linear = render_centred_gloss (seed, w, h, &truth);
  if (linear == NULL)
    return 1;
  ShImage *image = encode (linear, w, h, 1.5, seed);
  free (linear);
  ShBox box = { truth.bullet.x + truth.bullet.w / 2 - box_size / 2, truth.bullet.y + truth.bullet.h / 2 - box_size / 2,
                box_size, box_size };
  sh_box_clip (&box, w, h);
  if (dump != NULL)
    {
      if (dump_ppm (image, dump) != 0)
        {
          fprintf (stderr, "bench-extract: cannot write %s\n", dump);
          return 1;
        }
      printf ("box %d %d %d %d\n", box.x, box.y, box.w, box.h);
    }

  printf ("bench-extract: %dx%d box of a %dx%d synthetic photo, %d runs, single thread\n", box.w, box.h, w, h,
          runs);
  printf ("%-9s %10s %10s %12s %14s\n", "method", "median ms", "best ms", "Mpx/s", "dE00 vs ref");
  double *times = malloc (runs * sizeof (double));
  for (int m = 0; m < 3; m++)
    {
      ShSwatch fast, ref;
      if (only != NULL && strcmp (only, sh_method_name ((ShMethod) m)) != 0)
        continue;
      sh_extract (image, box, (ShMethod) m, &fast, NULL); /* warm caches */
      for (int r = 0; r < runs; r++)
        {
          double t0 = now_ms ();
          sh_extract (image, box, (ShMethod) m, &fast, NULL);
          times[r] = now_ms () - t0;
        }
      qsort (times, runs, sizeof (double), compare_double);
      sh_extract_reference (image, box, (ShMethod) m, &ref, NULL);
      double mpx = (double) box.w * box.h / 1e6;
      printf ("%-9s %10.3f %10.3f %12.0f %14.4f\n", sh_method_name ((ShMethod) m), times[runs / 2], times[0],
              mpx / (times[runs / 2] / 1e3), sh_delta_e2000 (fast.lab, ref.lab));
    }
  /* Finish and glitter are estimated once per box, not per colour method: timed on their own. */
  if (only == NULL || strcmp (only, "finish") == 0)
    {
      ShSwatch described;
      for (int r = 0; r < runs; r++)
        {
          double t0 = now_ms ();
          sh_extract_with_finish (image, box, SH_METHOD_ROBUST, &described, NULL);
          times[r] = now_ms () - t0;
        }
      qsort (times, runs, sizeof (double), compare_double);
      printf ("%-9s %10.3f %10.3f %12.0f %14s  (robust colour + finish + glitter)\n", "finish", times[runs / 2],
              times[0], (double) box.w * box.h / 1e6 / (times[runs / 2] / 1e3), "-");
    }
  free (times);
  sh_image_free (image);
  return 0;
}
