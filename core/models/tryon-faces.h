/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tryon-faces.h: a product tried on the project's participants, for the calibration window's Try-on row and
 * its tests, without GTK.
 *
 * The faces are the participants who consented (never the others) with a bare face photo whose lips are drawn,
 * sorted by Monk Skin Tone, then code. Each keeps its bare photo cut to the lips and a margin (rendering the
 * shade there is what changes while a material is tuned; outside the lips a render leaves every pixel as it
 * is, so nothing beyond the cut is lost), and, when the participant also has a face photo wearing the product
 * with its lips drawn, that photo cut the same way and its lips' median colour.
 *
 * The comparison is the CIEDE2000 between the rendered lips' median and the worn lips' median (both Lab D50 of
 * the per-channel median in linear light, sh_tryon_median), and its mean over the MST groups 1-3, 4-7 and
 * 8-10.
 */
#pragma once

#include <glib.h>

#include "color/image.h"
#include "color/lip-mask.h"
#include "color/material.h"
#include "core/store/project.h"

typedef struct {
  char *code;
  int mst;
  gint64 bare_photo_id;
  ShImage *bare;             /* the bare photo around its lips */
  guint8 *bare_icc;          /* its embedded profile (NULL: untagged), for the display transform */
  gsize bare_icc_len;
  ShLipMask *mask;           /* the lips in bare's coordinates */
  double bare_lab[3];        /* the bare lips' median, Lab D50 */
  gint64 worn_photo_id;      /* 0 when there is no worn photo of the product */
  ShImage *worn;             /* the worn photo around its lips, NULL without one */
  guint8 *worn_icc;
  gsize worn_icc_len;
  double worn_lab[3];        /* the worn lips' median, Lab D50 */
} ShTryonFace;

void sh_tryon_face_free (ShTryonFace *face);

/* The faces for product_id (0: no worn photos are looked for), as above: a GPtrArray of ShTryonFace (frees
 * them), empty when no consenting participant has a bare photo with lips. A photo the loader refuses is
 * left out with a warning. NULL with error only when the project cannot be read. */
GPtrArray *sh_tryon_faces_load (ShProject *project, gint64 product_id, GError **error);

/* The face's bare photo (cut) wearing material: a new image, and the rendered lips' median in Lab D50. NULL
 * when memory runs out. */
ShImage *sh_tryon_face_render (const ShTryonFace *face, const ShMaterial *material, guint32 seed,
                               double rendered_lab[3]);

/* The MST group of a tone: 0 for 1-3, 1 for 4-7, 2 for 8-10. */
int sh_tryon_mst_group (int mst);

/* Means of delta_e per MST group (n values, mst[i] the tone of delta_e[i]; negative values, for faces without
 * a worn photo, are skipped): means[g] and counts[g] for groups 0-2, means[g] 0 when counts[g] is 0. */
void sh_tryon_group_means (const double *delta_e, const int *mst, guint n, double means[3], int counts[3]);
