/* SPDX-License-Identifier: GPL-3.0-or-later */
/* skin-tone-match.c: the Monk Skin Tone nearest to a cheek patch (see skin-tone-match.h). */
#include "skin-tone-match.h"

#include <stdint.h>
#include <stdlib.h>

#include "colorspace.h"
#include "delta-e.h"
#include "select.h"

bool
sh_skin_patch_measure (const ShImage *image, ShBox box, ShSkinPatch *out)
{
  double *channel[3] = { NULL, NULL, NULL };
  double linear[3], xyz[3];
  size_t n = 0;
  bool ok = false;
  uint8_t rgb[3];

  if (image == NULL || out == NULL || !sh_box_clip (&box, image->width, image->height))
    return false;
  for (int c = 0; c < 3; c++)
    if ((channel[c] = malloc (sizeof (double) * (size_t) box.w * (size_t) box.h)) == NULL)
      goto out;
  for (int y = box.y; y < box.y + box.h; y++)
    {
      const uint8_t *p = image->pixels + (size_t) y * image->stride + (size_t) box.x * 4;

      for (int x = 0; x < box.w; x++, p += 4)
        {
          /* A cut-out's transparent or edge pixels are not skin. */
          if (p[3] < 255)
            continue;
          for (int c = 0; c < 3; c++)
            channel[c][n] = image->model.to_linear[c][p[c]];
          n++;
        }
    }
  if (n == 0)
    goto out;
  for (int c = 0; c < 3; c++)
    {
      /* The middle of an even count is the mean of the two middle values, as a median is. */
      double upper = sh_select_kth (channel[c], n, n / 2);

      linear[c] = n % 2 == 1 ? upper : 0.5 * (upper + sh_select_kth (channel[c], n / 2, n / 2 - 1));
    }
  sh_color_model_linear_to_xyz (&image->model, linear, xyz);
  out->box = box;
  out->n_pixels = (long) n;
  sh_xyz_d50_to_linear_srgb (xyz, out->linear_rgb);
  sh_xyz_d50_to_lab (xyz, out->lab);
  sh_linear_srgb_to_srgb8 (out->linear_rgb, rgb);
  sh_format_hex (rgb, out->hex);
  ok = true;
out:
  for (int c = 0; c < 3; c++)
    free (channel[c]);
  return ok;
}

void
sh_monk_skin_tone_lab (int tone, double lab[3])
{
  const ShSkinTone *swatch = sh_monk_skin_tone (tone - 1);

  if (swatch == NULL)
    {
      lab[0] = lab[1] = lab[2] = 0;
      return;
    }
  sh_srgb8_to_lab (swatch->srgb, lab);
}

int
sh_monk_skin_tone_nearest (const double lab[3], double distances[SH_MONK_SKIN_TONE_COUNT])
{
  double best = 0;
  int nearest = 0;

  for (int tone = 1; tone <= SH_MONK_SKIN_TONE_COUNT; tone++)
    {
      double swatch[3], d;

      sh_monk_skin_tone_lab (tone, swatch);
      d = sh_delta_e2000 (lab, swatch);
      if (distances != NULL)
        distances[tone - 1] = d;
      if (nearest == 0 || d < best)
        {
          best = d;
          nearest = tone;
        }
    }
  return nearest;
}
