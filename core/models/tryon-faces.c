/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tryon-faces.c: participants' faces with their lips, and the product rendered on them (see tryon-faces.h). */
#define G_LOG_DOMAIN "shadelab-tryon"

#include "config.h"

#include <math.h>
#include <string.h>

#include "color/colorspace.h"
#include "color/tryon-render.h"
#include "core/formats/image-loader.h"
#include "core/models/tryon-faces.h"
#include "core/store/project-participants.h"

/* The margin around the lips kept with them, as a fraction of the lips' width: enough to see them on the
 * face. */
#define MARGIN 0.25

void
sh_tryon_face_free (ShTryonFace *face)
{
  if (face == NULL)
    return;
  g_free (face->code);
  sh_image_free (face->bare);
  sh_image_free (face->worn);
  sh_lip_mask_free (face->mask);
  g_free (face->bare_icc);
  g_free (face->worn_icc);
  g_free (face);
}

/* The rect of image around points (with the margin), clipped to the image. */
static void
lips_rect (const ShImage *image, const GArray *points, int rect[4])
{
  double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY, margin;

  for (guint i = 0; i < points->len; i++)
    {
      ShPoint p = g_array_index (points, ShPoint, i);

      x0 = fmin (x0, p.x);
      y0 = fmin (y0, p.y);
      x1 = fmax (x1, p.x);
      y1 = fmax (y1, p.y);
    }
  margin = (x1 - x0) * MARGIN;
  rect[0] = CLAMP ((int) floor (x0 - margin), 0, image->width - 1);
  rect[1] = CLAMP ((int) floor (y0 - margin), 0, image->height - 1);
  rect[2] = CLAMP ((int) ceil (x1 + margin), rect[0] + 1, image->width) - rect[0];
  rect[3] = CLAMP ((int) ceil (y1 + margin), rect[1] + 1, image->height) - rect[1];
}

static ShImage *
crop (const ShImage *image, const int rect[4])
{
  ShImage *out = sh_image_new (rect[2], rect[3]);

  if (out == NULL)
    return NULL;
  out->model = image->model;
  out->has_alpha = image->has_alpha;
  out->source_orientation = 1;
  for (int y = 0; y < rect[3]; y++)
    memcpy (out->pixels + (size_t) y * out->stride,
            image->pixels + (size_t) (rect[1] + y) * image->stride + (size_t) rect[0] * 4, (size_t) rect[2] * 4);
  return out;
}

/* points moved by (-dx, -dy), as a GArray. */
static GArray *
shifted (const GArray *points, double dx, double dy)
{
  GArray *out = g_array_sized_new (FALSE, FALSE, sizeof (ShPoint), points != NULL ? points->len : 0);

  for (guint i = 0; points != NULL && i < points->len; i++)
    {
      ShPoint p = g_array_index (points, ShPoint, i);

      p.x -= dx;
      p.y -= dy;
      g_array_append_val (out, p);
    }
  return out;
}

/* Loads face photo id cut to its lips: the cut image, its profile, the lips' mask in it and their median. */
static gboolean
load_face_photo (ShProject *project, const ShFacePhotoRow *photo, ShImage **image, guint8 **icc, gsize *icc_len,
                 ShLipMask **mask_out, double lab[3])
{
  g_autoptr (GError) error = NULL;
  g_autofree char *file = sh_project_resolve_path (project, photo->path);
  g_autoptr (ShLoadedImage) loaded = NULL;
  g_autoptr (GArray) outer = NULL;
  g_autoptr (GArray) opening = NULL;
  g_autoptr (GArray) outer_cut = NULL;
  g_autoptr (GArray) opening_cut = NULL;
  ShLipMask *mask;
  double linear[3];
  int rect[4];

  if (!sh_project_get_lip_polygons (project, photo->id, &outer, &opening, &error) || outer == NULL)
    return FALSE;
  loaded = sh_load_image (file, NULL, &error);
  if (loaded == NULL)
    {
      g_warning ("face photo %" G_GINT64_FORMAT " left out of the try-on: %s", photo->id, error->message);
      return FALSE;
    }
  lips_rect (loaded->image, outer, rect);
  outer_cut = shifted (outer, rect[0], rect[1]);
  opening_cut = shifted (opening, rect[0], rect[1]);
  mask = sh_lip_mask_new ((const ShPoint *) outer_cut->data, (int) outer_cut->len,
                          opening_cut->len >= 3 ? (const ShPoint *) opening_cut->data : NULL,
                          (int) opening_cut->len);
  if (mask == NULL)
    return FALSE;
  *image = crop (loaded->image, rect);
  if (*image == NULL || !sh_tryon_median (*image, mask, linear))
    {
      sh_image_free (*image);
      *image = NULL;
      sh_lip_mask_free (mask);
      return FALSE;
    }
  sh_linear_srgb_to_lab (linear, lab);
  *icc = loaded->icc_data != NULL ? g_memdup2 (loaded->icc_data, loaded->icc_len) : NULL;
  *icc_len = loaded->icc_data != NULL ? loaded->icc_len : 0;
  if (mask_out != NULL)
    *mask_out = mask;
  else
    sh_lip_mask_free (mask);
  return TRUE;
}

static int
compare_faces (gconstpointer a, gconstpointer b)
{
  const ShTryonFace *fa = *(ShTryonFace *const *) a, *fb = *(ShTryonFace *const *) b;

  return fa->mst != fb->mst ? fa->mst - fb->mst : strcmp (fa->code, fb->code);
}

GPtrArray *
sh_tryon_faces_load (ShProject *project, gint64 product_id, GError **error)
{
  g_autoptr (GPtrArray) participants = sh_project_list_participants (project, TRUE, error);
  GPtrArray *faces;

  if (participants == NULL)
    return NULL;
  faces = g_ptr_array_new_with_free_func ((GDestroyNotify) sh_tryon_face_free);
  for (guint i = 0; i < participants->len; i++)
    {
      const ShParticipantRow *participant = g_ptr_array_index (participants, i);
      g_autoptr (GPtrArray) photos = sh_project_list_face_photos (project, participant->id, error);
      ShTryonFace *face = NULL;

      if (photos == NULL)
        {
          g_ptr_array_unref (faces);
          return NULL;
        }
      /* The first bare photo with lips to render on, then the first worn photo of the product. */
      for (guint j = 0; j < photos->len && face == NULL; j++)
        {
          const ShFacePhotoRow *photo = g_ptr_array_index (photos, j);

          if (photo->kind != SH_FACE_PHOTO_BARE || !photo->has_outer)
            continue;
          face = g_new0 (ShTryonFace, 1);
          if (!load_face_photo (project, photo, &face->bare, &face->bare_icc, &face->bare_icc_len, &face->mask,
                                face->bare_lab))
            g_clear_pointer (&face, sh_tryon_face_free);
          else
            face->bare_photo_id = photo->id;
        }
      if (face == NULL)
        continue;
      face->code = g_strdup (participant->code);
      face->mst = participant->mst;
      for (guint j = 0; product_id != 0 && j < photos->len && face->worn == NULL; j++)
        {
          const ShFacePhotoRow *photo = g_ptr_array_index (photos, j);

          if (photo->kind == SH_FACE_PHOTO_WORN && photo->product_id == product_id && photo->has_outer
              && load_face_photo (project, photo, &face->worn, &face->worn_icc, &face->worn_icc_len, NULL,
                                  face->worn_lab))
            face->worn_photo_id = photo->id;
        }
      g_ptr_array_add (faces, face);
    }
  g_ptr_array_sort (faces, compare_faces);
  return faces;
}

ShImage *
sh_tryon_face_render (const ShTryonFace *face, const ShMaterial *material, guint32 seed, double rendered_lab[3])
{
  ShImage *image = sh_image_new (face->bare->width, face->bare->height);
  double linear[3];

  if (image == NULL)
    return NULL;
  image->model = face->bare->model;
  image->has_alpha = face->bare->has_alpha;
  memcpy (image->pixels, face->bare->pixels, (size_t) image->stride * image->height);
  if (!sh_tryon_render (image, face->mask, material, seed, -1) || !sh_tryon_median (image, face->mask, linear))
    {
      sh_image_free (image);
      return NULL;
    }
  sh_linear_srgb_to_lab (linear, rendered_lab);
  return image;
}

int
sh_tryon_mst_group (int mst)
{
  return mst <= 3 ? 0 : mst <= 7 ? 1 : 2;
}

void
sh_tryon_group_means (const double *delta_e, const int *mst, guint n, double means[3], int counts[3])
{
  for (int g = 0; g < 3; g++)
    means[g] = counts[g] = 0;
  for (guint i = 0; i < n; i++)
    if (delta_e[i] >= 0)
      {
        int g = sh_tryon_mst_group (mst[i]);

        means[g] += delta_e[i];
        counts[g]++;
      }
  for (int g = 0; g < 3; g++)
    means[g] = counts[g] > 0 ? means[g] / counts[g] : 0;
}
