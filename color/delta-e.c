/* SPDX-License-Identifier: GPL-3.0-or-later */
/* delta-e.c: CIE76, CIE94 (graphic arts) and CIEDE2000 colour differences. */
#include "config.h"

#include "delta-e.h"

#include <math.h>

#define DEG_TO_RAD (M_PI / 180.0)
#define RAD_TO_DEG (180.0 / M_PI)

/* Hue differences that are 180 degrees in exact arithmetic (Sharma pairs 10 and 14) come out a few ulps
 * either side of it in floating point; treating a hair past 180 as 180 picks the branch the published
 * values use, as lcms2 does. */
#define HUE_EDGE_TOLERANCE 1e-6

double
sh_delta_e76 (const double lab1[3], const double lab2[3])
{
  double dl = lab1[0] - lab2[0];
  double da = lab1[1] - lab2[1];
  double db = lab1[2] - lab2[2];

  return sqrt (dl * dl + da * da + db * db);
}

double
sh_delta_e94 (const double lab1[3], const double lab2[3])
{
  const double k1 = 0.045, k2 = 0.015;   /* graphic arts; kL = kC = kH = 1, SL = 1 */
  double c1 = hypot (lab1[1], lab1[2]);
  double c2 = hypot (lab2[1], lab2[2]);
  double dl = lab1[0] - lab2[0];
  double dc = c1 - c2;
  double da = lab1[1] - lab2[1];
  double db = lab1[2] - lab2[2];
  /* dH^2 from the identity dE76^2 = dL^2 + dC^2 + dH^2; rounding can make it a hair negative. */
  double dh2 = da * da + db * db - dc * dc;
  double sc = 1.0 + k1 * c1;
  double sh = 1.0 + k2 * c1;

  if (dh2 < 0)
    dh2 = 0;
  return sqrt (dl * dl + (dc / sc) * (dc / sc) + dh2 / (sh * sh));
}

/* Hue angle in degrees [0,360) of (a, b); 0 for the achromatic point as CIEDE2000 specifies. */
static double
hue_degrees (double b, double a)
{
  double h;

  if (a == 0 && b == 0)
    return 0.0;
  h = atan2 (b, a) * RAD_TO_DEG;
  if (h < 0)
    h += 360.0;
  return h;
}

double
sh_delta_e2000 (const double lab1[3], const double lab2[3])
{
  double l1 = lab1[0], a1 = lab1[1], b1 = lab1[2];
  double l2 = lab2[0], a2 = lab2[1], b2 = lab2[2];

  /* Chroma-dependent stretch of a* (G), which makes the hue angle come from a', not a. */
  double c_mean = (hypot (a1, b1) + hypot (a2, b2)) / 2.0;
  double c_mean7 = pow (c_mean, 7.0);
  double g = 0.5 * (1.0 - sqrt (c_mean7 / (c_mean7 + pow (25.0, 7.0))));
  double a1p = (1.0 + g) * a1;
  double a2p = (1.0 + g) * a2;
  double c1p = hypot (a1p, b1);
  double c2p = hypot (a2p, b2);
  double h1p = hue_degrees (b1, a1p);
  double h2p = hue_degrees (b2, a2p);

  double dlp = l2 - l1;
  double dcp = c2p - c1p;
  double dhp;     /* hue angle difference, degrees, wrapped into [-180, 180] */
  double h_mean;  /* mean hue, degrees, taken the short way round the circle */
  double c_product = c1p * c2p;

  if (c_product == 0)
    {
      /* Either colour is achromatic: its hue means nothing. */
      dhp = 0.0;
      h_mean = h1p + h2p;
    }
  else
    {
      double diff = h2p - h1p;
      double sum = h1p + h2p;

      if (fabs (diff) <= 180.0 + HUE_EDGE_TOLERANCE)
        dhp = diff;
      else if (diff > 180.0)
        dhp = diff - 360.0;
      else
        dhp = diff + 360.0;

      if (fabs (diff) <= 180.0 + HUE_EDGE_TOLERANCE)
        h_mean = sum / 2.0;
      else if (sum < 360.0)
        h_mean = (sum + 360.0) / 2.0;
      else
        h_mean = (sum - 360.0) / 2.0;
    }

  double dHp = 2.0 * sqrt (c_product) * sin (dhp / 2.0 * DEG_TO_RAD);

  double l_mean = (l1 + l2) / 2.0;
  double cp_mean = (c1p + c2p) / 2.0;
  double t = 1.0
             - 0.17 * cos ((h_mean - 30.0) * DEG_TO_RAD)
             + 0.24 * cos ((2.0 * h_mean) * DEG_TO_RAD)
             + 0.32 * cos ((3.0 * h_mean + 6.0) * DEG_TO_RAD)
             - 0.20 * cos ((4.0 * h_mean - 63.0) * DEG_TO_RAD);
  double d_theta = 30.0 * exp (-((h_mean - 275.0) / 25.0) * ((h_mean - 275.0) / 25.0));
  double cp_mean7 = pow (cp_mean, 7.0);
  double rc = 2.0 * sqrt (cp_mean7 / (cp_mean7 + pow (25.0, 7.0)));
  double l50 = (l_mean - 50.0) * (l_mean - 50.0);
  double sl = 1.0 + 0.015 * l50 / sqrt (20.0 + l50);
  double sc = 1.0 + 0.045 * cp_mean;
  double sh = 1.0 + 0.015 * cp_mean * t;
  double rt = -sin (2.0 * d_theta * DEG_TO_RAD) * rc;

  double tl = dlp / sl;
  double tc = dcp / sc;
  double th = dHp / sh;

  return sqrt (tl * tl + tc * tc + th * th + rt * tc * th);
}
