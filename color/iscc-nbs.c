/* SPDX-License-Identifier: GPL-3.0-or-later */
/* iscc-nbs.c: the 267 ISCC-NBS centroid colours and the nearest-centroid lookup.
 *
 * Source: the centroid colours of Kelly and Judd, "Color: Universal Language and Dictionary of Names", NBS
 * Special Publication 440 (1976), as converted to sRGB by Aubrey Jaffer's "NBS/ISCC Centroids" colour-name
 * dictionary (http://people.csail.mit.edu/jaffer/Color/Dictionaries#NBS-ISCC, shipped for example in Perl's
 * Color::Library as Dictionary::NBS_ISCC). Numbers follow the publication's order (1 Vivid Pink ... 267 Black),
 * the order the Unicolour library's ISCC-NBS dataset uses too. Two independent transcriptions of the list
 * were compared before it was put here.
 */
#include "config.h"

#include "iscc-nbs.h"

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <threads.h>

#include "colorspace.h"
#include "delta-e.h"

static const ShIsccNbsColor centroids[SH_ISCC_NBS_COUNT] = {
  { 1, "Vivid Pink", "#ffb5ba" },
  { 2, "Strong Pink", "#ea9399" },
  { 3, "Deep Pink", "#e4717a" },
  { 4, "Light Pink", "#f9ccca" },
  { 5, "Moderate Pink", "#dea5a4" },
  { 6, "Dark Pink", "#c08081" },
  { 7, "Pale Pink", "#ead8d7" },
  { 8, "Grayish Pink", "#c4aead" },
  { 9, "Pinkish White", "#eae3e1" },
  { 10, "Pinkish Gray", "#c1b6b3" },
  { 11, "Vivid Red", "#be0032" },
  { 12, "Strong Red", "#bc3f4a" },
  { 13, "Deep Red", "#841b2d" },
  { 14, "Very Deep Red", "#5c0923" },
  { 15, "Moderate Red", "#ab4e52" },
  { 16, "Dark Red", "#722f37" },
  { 17, "Very Dark Red", "#3f1728" },
  { 18, "Light Grayish Red", "#ad8884" },
  { 19, "Grayish Red", "#905d5d" },
  { 20, "Dark Grayish Red", "#543d3f" },
  { 21, "Blackish Red", "#2e1d21" },
  { 22, "Reddish Gray", "#8f817f" },
  { 23, "Dark Reddish Gray", "#5c504f" },
  { 24, "Reddish Black", "#282022" },
  { 25, "Vivid Yellowish Pink", "#ffb7a5" },
  { 26, "Strong Yellowish Pink", "#f99379" },
  { 27, "Deep Yellowish Pink", "#e66721" },
  { 28, "Light Yellowish Pink", "#f4c2c2" },
  { 29, "Moderate Yellowish Pink", "#d9a6a9" },
  { 30, "Dark Yellowish Pink", "#c48379" },
  { 31, "Pale Yellowish Pink", "#ecd5c5" },
  { 32, "Grayish Yellowish Pink", "#c7ada3" },
  { 33, "Brownish Pink", "#c2ac99" },
  { 34, "Vivid Reddish Orange", "#e25822" },
  { 35, "Strong Reddish Orange", "#d9603b" },
  { 36, "Deep Reddish Orange", "#aa381e" },
  { 37, "Moderate Reddish Orange", "#cb6d51" },
  { 38, "Dark Reddish Orange", "#9e4732" },
  { 39, "Grayish Reddish Orange", "#b4745e" },
  { 40, "Strong Reddish Brown", "#882d17" },
  { 41, "Deep Reddish Brown", "#56070c" },
  { 42, "Light Reddish Brown", "#a87c6d" },
  { 43, "Moderate Reddish Brown", "#79443b" },
  { 44, "Dark Reddish Brown", "#3e1d1e" },
  { 45, "Light Grayish Reddish Brown", "#977f73" },
  { 46, "Grayish Reddish Brown", "#674c47" },
  { 47, "Dark Grayish Reddish Brown", "#43302e" },
  { 48, "Vivid Orange", "#f38400" },
  { 49, "Brilliant Orange", "#fd943f" },
  { 50, "Strong Orange", "#ed872d" },
  { 51, "Deep Orange", "#be6516" },
  { 52, "Light Orange", "#fab57f" },
  { 53, "Moderate Orange", "#d99058" },
  { 54, "Brownish Orange", "#ae6938" },
  { 55, "Strong Brown", "#80461b" },
  { 56, "Deep Brown", "#593319" },
  { 57, "Light Brown", "#a67b5b" },
  { 58, "Moderate Brown", "#6f4e37" },
  { 59, "Dark Brown", "#422518" },
  { 60, "Light Grayish Brown", "#958070" },
  { 61, "Grayish Brown", "#635147" },
  { 62, "Dark Grayish Brown", "#3e322c" },
  { 63, "Light Brownish Gray", "#8e8279" },
  { 64, "Brownish Gray", "#5b504f" },
  { 65, "Brownish Black", "#28201c" },
  { 66, "Vivid Orange Yellow", "#f6a600" },
  { 67, "Brilliant Orange Yellow", "#ffc14f" },
  { 68, "Strong Orange Yellow", "#eaa221" },
  { 69, "Deep Orange Yellow", "#c98500" },
  { 70, "Light Orange Yellow", "#fbc97f" },
  { 71, "Moderate Orange Yellow", "#e3a857" },
  { 72, "Dark Orange Yellow", "#be8a3d" },
  { 73, "Pale Orange Yellow", "#fad6a5" },
  { 74, "Strong Yellowish Brown", "#996515" },
  { 75, "Deep Yellowish Brown", "#654522" },
  { 76, "Light Yellowish Brown", "#c19a6b" },
  { 77, "Moderate Yellowish Brown", "#826644" },
  { 78, "Dark Yellowish Brown", "#4b3621" },
  { 79, "Light Grayish Yellowish Brown", "#ae9b82" },
  { 80, "Grayish Yellowish Brown", "#7e6d5a" },
  { 81, "Dark Grayish Yellowish Brown", "#483c32" },
  { 82, "Vivid Yellow", "#f3c300" },
  { 83, "Brilliant Yellow", "#fada5e" },
  { 84, "Strong Yellow", "#d4af37" },
  { 85, "Deep Yellow", "#af8d13" },
  { 86, "Light Yellow", "#f8de7e" },
  { 87, "Moderate Yellow", "#c9ae5d" },
  { 88, "Dark Yellow", "#ab9144" },
  { 89, "Pale Yellow", "#f3e5ab" },
  { 90, "Grayish Yellow", "#c2b280" },
  { 91, "Dark Grayish Yellow", "#a18f60" },
  { 92, "Yellowish White", "#f0ead6" },
  { 93, "Yellowish Gray", "#bfb8a5" },
  { 94, "Light Olive Brown", "#967117" },
  { 95, "Moderate Olive Brown", "#6c541e" },
  { 96, "Dark Olive Brown", "#3b3121" },
  { 97, "Vivid Greenish Yellow", "#dcd300" },
  { 98, "Brilliant Greenish Yellow", "#e9e450" },
  { 99, "Strong Greenish Yellow", "#beb72e" },
  { 100, "Deep Greenish Yellow", "#9b9400" },
  { 101, "Light Greenish Yellow", "#eae679" },
  { 102, "Moderate Greenish Yellow", "#b9b459" },
  { 103, "Dark Greenish Yellow", "#98943e" },
  { 104, "Pale Greenish Yellow", "#ebe8a4" },
  { 105, "Grayish Greenish Yellow", "#b9b57d" },
  { 106, "Light Olive", "#867e36" },
  { 107, "Moderate Olive", "#665d1e" },
  { 108, "Dark Olive", "#403d21" },
  { 109, "Light Grayish Olive", "#8c8767" },
  { 110, "Grayish Olive", "#5b5842" },
  { 111, "Dark Grayish Olive", "#363527" },
  { 112, "Light Olive Gray", "#8a8776" },
  { 113, "Olive Gray", "#57554c" },
  { 114, "Olive Black", "#25241d" },
  { 115, "Vivid Yellow Green", "#8db600" },
  { 116, "Brilliant Yellow Green", "#bdda57" },
  { 117, "Strong Yellow Green", "#7e9f2e" },
  { 118, "Deep Yellow Green", "#467129" },
  { 119, "Light Yellow Green", "#c9dc89" },
  { 120, "Moderate Yellow Green", "#8a9a5b" },
  { 121, "Pale Yellow Green", "#dadfb7" },
  { 122, "Grayish Yellow Green", "#8f9779" },
  { 123, "Strong Olive Green", "#404f00" },
  { 124, "Deep Olive Green", "#232f00" },
  { 125, "Moderate Olive Green", "#4a5d23" },
  { 126, "Dark Olive Green", "#2b3d26" },
  { 127, "Grayish Olive Green", "#515744" },
  { 128, "Dark Grayish Olive Green", "#31362b" },
  { 129, "Vivid Yellowish Green", "#27a64c" },
  { 130, "Brilliant Yellowish Green", "#83d37d" },
  { 131, "Strong Yellowish Green", "#44944a" },
  { 132, "Deep Yellowish Green", "#00622d" },
  { 133, "Very Deep Yellowish Green", "#003118" },
  { 134, "Very Light Yellowish Green", "#b6e5af" },
  { 135, "Light Yellowish Green", "#93c592" },
  { 136, "Moderate Yellowish Green", "#679267" },
  { 137, "Dark Yellowish Green", "#355e3b" },
  { 138, "Very Dark Yellowish Green", "#173620" },
  { 139, "Vivid Green", "#008856" },
  { 140, "Brilliant Green", "#3eb489" },
  { 141, "Strong Green", "#007959" },
  { 142, "Deep Green", "#00543d" },
  { 143, "Very Light Green", "#8ed1b2" },
  { 144, "Light Green", "#6aab8e" },
  { 145, "Moderate Green", "#3b7861" },
  { 146, "Dark Green", "#1b4d3e" },
  { 147, "Very Dark Green", "#1c352d" },
  { 148, "Very Pale Green", "#c7e6d7" },
  { 149, "Pale Green", "#8da399" },
  { 150, "Grayish Green", "#5e716a" },
  { 151, "Dark Grayish Green", "#3a4b47" },
  { 152, "Blackish Green", "#1a2421" },
  { 153, "Greenish White", "#dfede8" },
  { 154, "Light Greenish Gray", "#b2beb5" },
  { 155, "Greenish Gray", "#7d8984" },
  { 156, "Dark Greenish Gray", "#4e5755" },
  { 157, "Greenish Black", "#1e2321" },
  { 158, "Vivid Bluish Green", "#008882" },
  { 159, "Brilliant Bluish Green", "#00a693" },
  { 160, "Strong Bluish Green", "#007a74" },
  { 161, "Deep Bluish Green", "#00443f" },
  { 162, "Very Light Bluish Green", "#96ded1" },
  { 163, "Light Bluish Green", "#66ada4" },
  { 164, "Moderate Bluish Green", "#317873" },
  { 165, "Dark Bluish Green", "#004b49" },
  { 166, "Very Dark Bluish Green", "#002a29" },
  { 167, "Vivid Greenish Blue", "#0085a1" },
  { 168, "Brilliant Greenish Blue", "#239eba" },
  { 169, "Strong Greenish Blue", "#007791" },
  { 170, "Deep Greenish Blue", "#2e8495" },
  { 171, "Very Light Greenish Blue", "#9cd1dc" },
  { 172, "Light Greenish Blue", "#66aabc" },
  { 173, "Moderate Greenish Blue", "#367588" },
  { 174, "Dark Greenish Blue", "#004958" },
  { 175, "Very Dark Greenish Blue", "#002e3b" },
  { 176, "Vivid Blue", "#00a1c2" },
  { 177, "Brilliant Blue", "#4997d0" },
  { 178, "Strong Blue", "#0067a5" },
  { 179, "Deep Blue", "#00416a" },
  { 180, "Very Light Blue", "#a1caf1" },
  { 181, "Light Blue", "#70a3cc" },
  { 182, "Moderate Blue", "#436b95" },
  { 183, "Dark Blue", "#00304e" },
  { 184, "Very Pale Blue", "#bcd4e6" },
  { 185, "Pale Blue", "#91a3b0" },
  { 186, "Grayish Blue", "#536878" },
  { 187, "Dark Grayish Blue", "#36454f" },
  { 188, "Blackish Blue", "#202830" },
  { 189, "Bluish White", "#e9e9ed" },
  { 190, "Light Bluish Gray", "#b4bcc0" },
  { 191, "Bluish Gray", "#81878b" },
  { 192, "Dark Bluish Gray", "#51585e" },
  { 193, "Bluish Black", "#202428" },
  { 194, "Vivid Purplish Blue", "#30267a" },
  { 195, "Brilliant Purplish Blue", "#6c79b8" },
  { 196, "Strong Purplish Blue", "#545aa7" },
  { 197, "Deep Purplish Blue", "#272458" },
  { 198, "Very Light Purplish Blue", "#b3bce2" },
  { 199, "Light Purplish Blue", "#8791bf" },
  { 200, "Moderate Purplish Blue", "#4e5180" },
  { 201, "Dark Purplish Blue", "#252440" },
  { 202, "Very Pale Purplish Blue", "#c0c8e1" },
  { 203, "Pale Purplish Blue", "#8c92ac" },
  { 204, "Grayish Purplish Blue", "#4c516d" },
  { 205, "Vivid Violet", "#9065ca" },
  { 206, "Brilliant Violet", "#7e73b8" },
  { 207, "Strong Violet", "#604e97" },
  { 208, "Deep Violet", "#32174d" },
  { 209, "Very Light Violet", "#dcd0ff" },
  { 210, "Light Violet", "#8c82b6" },
  { 211, "Moderate Violet", "#604e81" },
  { 212, "Dark Violet", "#2f2140" },
  { 213, "Very Pale Violet", "#c4c3dd" },
  { 214, "Pale Violet", "#9690ab" },
  { 215, "Grayish Violet", "#554c69" },
  { 216, "Vivid Purple", "#9a4eae" },
  { 217, "Brilliant Purple", "#d399e6" },
  { 218, "Strong Purple", "#875692" },
  { 219, "Deep Purple", "#602f6b" },
  { 220, "Very Deep Purple", "#401a4c" },
  { 221, "Very Light Purple", "#d5badb" },
  { 222, "Light Purple", "#b695c0" },
  { 223, "Moderate Purple", "#86608e" },
  { 224, "Dark Purple", "#563c5c" },
  { 225, "Very Dark Purple", "#301934" },
  { 226, "Very Pale Purple", "#d6cadd" },
  { 227, "Pale Purple", "#aa98a9" },
  { 228, "Grayish Purple", "#796878" },
  { 229, "Dark Grayish Purple", "#50404d" },
  { 230, "Blackish Purple", "#291e29" },
  { 231, "Purplish White", "#e8e3e5" },
  { 232, "Light Purplish Gray", "#bfb9bd" },
  { 233, "Purplish Gray", "#8b8589" },
  { 234, "Dark Purplish Gray", "#5d555b" },
  { 235, "Purplish Black", "#242124" },
  { 236, "Vivid Reddish Purple", "#870074" },
  { 237, "Strong Reddish Purple", "#9e4f88" },
  { 238, "Deep Reddish Purple", "#702963" },
  { 239, "Very Deep Reddish Purple", "#54194e" },
  { 240, "Light Reddish Purple", "#b784a7" },
  { 241, "Moderate Reddish Purple", "#915c83" },
  { 242, "Dark Reddish Purple", "#5d3954" },
  { 243, "Very Dark Reddish Purple", "#341731" },
  { 244, "Pale Reddish Purple", "#aa8a9e" },
  { 245, "Grayish Reddish Purple", "#836479" },
  { 246, "Brilliant Purplish Pink", "#ffc8d6" },
  { 247, "Strong Purplish Pink", "#e68fac" },
  { 248, "Deep Purplish Pink", "#de6fa1" },
  { 249, "Light Purplish Pink", "#efbbcc" },
  { 250, "Moderate Purplish Pink", "#d597ae" },
  { 251, "Dark Purplish Pink", "#c17e91" },
  { 252, "Pale Purplish Pink", "#e8ccd7" },
  { 253, "Grayish Purplish Pink", "#c3a6b1" },
  { 254, "Vivid Purplish Red", "#ce4676" },
  { 255, "Strong Purplish Red", "#b3446c" },
  { 256, "Deep Purplish Red", "#78184a" },
  { 257, "Very Deep Purplish Red", "#54133b" },
  { 258, "Moderate Purplish Red", "#a8516e" },
  { 259, "Dark Purplish Red", "#673147" },
  { 260, "Very Dark Purplish Red", "#38152c" },
  { 261, "Light Grayish Purplish Red", "#af868e" },
  { 262, "Grayish Purplish Red", "#915f6d" },
  { 263, "White", "#f2f3f4" },
  { 264, "Light Gray", "#b9b8b5" },
  { 265, "Medium Gray", "#848482" },
  { 266, "Dark Gray", "#555555" },
  { 267, "Black", "#222222" },
};

static double centroid_lab[SH_ISCC_NBS_COUNT][3];
static once_flag centroid_lab_once = ONCE_FLAG_INIT;

static void
compute_centroid_lab (void)
{
  for (int i = 0; i < SH_ISCC_NBS_COUNT; i++)
    {
      uint8_t rgb[3];

      /* The table is checked by the tests; a bad entry would name nothing rather than crash. */
      if (sh_parse_hex (centroids[i].hex, rgb))
        sh_srgb8_to_lab (rgb, centroid_lab[i]);
      else
        centroid_lab[i][0] = centroid_lab[i][1] = centroid_lab[i][2] = NAN;
    }
}

const ShIsccNbsColor *
sh_iscc_nbs_get (int number)
{
  if (number < 1 || number > SH_ISCC_NBS_COUNT)
    return NULL;
  return &centroids[number - 1];
}

bool
sh_iscc_nbs_centroid_lab (int number, double lab[3])
{
  if (number < 1 || number > SH_ISCC_NBS_COUNT)
    return false;
  call_once (&centroid_lab_once, compute_centroid_lab);
  for (int c = 0; c < 3; c++)
    lab[c] = centroid_lab[number - 1][c];
  return true;
}

bool
sh_iscc_nbs_nearest (const double lab[3], const ShIsccNbsColor **color, double *delta_e)
{
  int best = -1;
  double best_de = INFINITY;

  if (!isfinite (lab[0]) || !isfinite (lab[1]) || !isfinite (lab[2]))
    return false;
  call_once (&centroid_lab_once, compute_centroid_lab);
  for (int i = 0; i < SH_ISCC_NBS_COUNT; i++)
    {
      double de = sh_delta_e2000 (lab, centroid_lab[i]);

      /* Strictly less: on a tie the lower number wins. */
      if (de < best_de)
        {
          best_de = de;
          best = i;
        }
    }
  if (best < 0)
    return false;
  if (color)
    *color = &centroids[best];
  if (delta_e)
    *delta_e = best_de;
  return true;
}
