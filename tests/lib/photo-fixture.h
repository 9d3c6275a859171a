/* SPDX-License-Identifier: GPL-3.0-or-later */
/* photo-fixture.h: one generated lipstick photo, loaded as the app loads photos, with the generator's truth:
 * for tests that measure a swatch on it (the live swatch worker and panel). */
#pragma once

#include <glib.h>

#include "color/synth.h"
#include "core/formats/shared-image.h"

typedef struct {
  ShSharedImage *image;
  ShSynthTruth truth;
} Photo;

/* A lossless generated photo (glossy, with glitter) written to disk and loaded as the app would. */
Photo *photo_new (int width, int height, guint32 seed);
void photo_free (Photo *photo);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Photo, photo_free)
