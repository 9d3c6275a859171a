/* SPDX-License-Identifier: GPL-3.0-or-later */
/* face-tone.c: a Monk Skin Tone from a cheek patch (see face-tone.h). */
#include "config.h"

#include "core/formats/face-tone.h"

G_DEFINE_QUARK (sh-face-tone-error-quark, sh_face_tone_error)

gboolean
sh_face_tone_measure_loaded (const ShLoadedImage *loaded, ShBox box, ShFaceTone *out, GError **error)
{
  g_return_val_if_fail (loaded != NULL && loaded->scale == 1, FALSE);

  if (box.w <= 0 || box.h <= 0 || !sh_skin_patch_measure (loaded->image, box, &out->patch))
    {
      g_set_error (error, SH_FACE_TONE_ERROR, SH_FACE_TONE_ERROR_OUTSIDE,
                   "the patch %d,%d %dx%d holds no skin of the %dx%d photo", box.x, box.y, box.w, box.h,
                   loaded->image->width, loaded->image->height);
      return FALSE;
    }
  out->nearest = sh_monk_skin_tone_nearest (out->patch.lab, out->distances);
  return TRUE;
}

gboolean
sh_face_tone_measure (const char *file, ShBox box, ShFaceTone *out, GError **error)
{
  g_autoptr (ShLoadedImage) loaded = sh_load_image (file, NULL, error);

  return loaded != NULL && sh_face_tone_measure_loaded (loaded, box, out, error);
}

static cJSON *
triple (const double v[3])
{
  return cJSON_CreateDoubleArray (v, 3);
}

cJSON *
sh_face_tone_to_json (const ShFaceTone *tone)
{
  cJSON *root = cJSON_CreateObject ();
  cJSON *patch = cJSON_AddObjectToObject (root, "patch");
  cJSON *distances = cJSON_AddArrayToObject (root, "distances");

  cJSON_AddNumberToObject (patch, "x", tone->patch.box.x);
  cJSON_AddNumberToObject (patch, "y", tone->patch.box.y);
  cJSON_AddNumberToObject (patch, "w", tone->patch.box.w);
  cJSON_AddNumberToObject (patch, "h", tone->patch.box.h);
  cJSON_AddNumberToObject (patch, "pixels", (double) tone->patch.n_pixels);
  cJSON_AddStringToObject (root, "hex", tone->patch.hex);
  cJSON_AddItemToObject (root, "lab_d50", triple (tone->patch.lab));
  cJSON_AddItemToObject (root, "linear_srgb", triple (tone->patch.linear_rgb));
  cJSON_AddNumberToObject (root, "mst", tone->nearest);
  cJSON_AddNumberToObject (root, "delta_e2000", tone->distances[tone->nearest - 1]);
  for (int i = 0; i < SH_MONK_SKIN_TONE_COUNT; i++)
    {
      cJSON *item = cJSON_CreateObject ();

      cJSON_AddNumberToObject (item, "mst", i + 1);
      cJSON_AddNumberToObject (item, "delta_e2000", tone->distances[i]);
      cJSON_AddItemToArray (distances, item);
    }
  return root;
}
