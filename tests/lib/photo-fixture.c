/* SPDX-License-Identifier: GPL-3.0-or-later */
/* photo-fixture.c: one generated lipstick photo, loaded as the app loads photos (see photo-fixture.h). */
#include "tests/lib/photo-fixture.h"

#include <glib/gstdio.h>
#include <stdlib.h>

#include "core/formats/image-loader.h"
#include "core/formats/synth-writer.h"

Photo *
photo_new (int width, int height, guint32 seed)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("shadelab-photo-XXXXXX", &error);
  g_autofree char *path = NULL;
  ShSynthEncoding encoding = { .format = SH_SYNTH_PNG, .profile = SH_SYNTH_PROFILE_SRGB, .orientation = 1,
                               .noise_sigma = 1.5, .noise_seed = seed };
  ShSynthParams params;
  ShLoadedImage *loaded;
  Photo *photo = g_new0 (Photo, 1);
  float *linear;

  g_assert_no_error (error);
  path = g_build_filename (dir, "photo.png", NULL);
  sh_synth_params_for_seed (seed, width, height, &params);
  params.bullet_scale = 0.3;
  params.center_x = 0.5;
  params.center_y = 0.5;
  params.finish = SH_FINISH_GLOSS;
  params.glitter_density = 6.0;
  params.glitter_size = 2.5;
  params.glitter_linear[0] = params.glitter_linear[1] = params.glitter_linear[2] = 0.9;
  linear = sh_synth_render (&params, &photo->truth);
  g_assert_nonnull (linear);
  g_assert_true (sh_synth_write (linear, width, height, &encoding, path, &error));
  g_assert_no_error (error);
  free (linear);

  loaded = sh_load_image (path, NULL, &error);
  g_assert_no_error (error);
  photo->image = sh_shared_image_new (loaded);
  g_unlink (path);
  g_rmdir (dir);
  return photo;
}

void
photo_free (Photo *photo)
{
  sh_shared_image_unref (photo->image);
  g_free (photo);
}
