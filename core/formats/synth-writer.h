/* SPDX-License-Identifier: GPL-3.0-or-later */
/* synth-writer.h: encodes a rendered synthetic scene as a real photo file (JPEG, PNG or TIFF), in a chosen
 * ICC profile (embedded), with sensor noise and an EXIF orientation, and writes whole test sets. */
#pragma once

#include <glib.h>

#include "color/synth.h"

typedef enum {
  SH_SYNTH_PROFILE_UNTAGGED,      /* sRGB numbers, no profile embedded */
  SH_SYNTH_PROFILE_SRGB,          /* lcms2's sRGB, embedded */
  SH_SYNTH_PROFILE_ADOBE_RGB,     /* Adobe RGB (1998) primaries, gamma 563/256 */
  SH_SYNTH_PROFILE_DISPLAY_P3,    /* P3 primaries, D65, sRGB curve */
  SH_SYNTH_PROFILE_PROPHOTO,      /* ROMM primaries, D50, gamma 1.8 */
  SH_SYNTH_PROFILE_BGR,           /* sRGB whose colorants are swapped: the first channel holds blue */
  SH_SYNTH_PROFILE_LUT,           /* a LUT-based (AToB0/BToA0) RGB profile, not a matrix-shaper */
  SH_SYNTH_N_PROFILES
} ShSynthProfile;

typedef enum {
  SH_SYNTH_JPEG,
  SH_SYNTH_PNG,
  SH_SYNTH_TIFF,
} ShSynthFormat;

typedef struct {
  ShSynthFormat format;
  int jpeg_quality;               /* 1-100 */
  ShSynthProfile profile;
  int orientation;                /* EXIF orientation 1-8 to record (JPEG only; others use 1) */
  double noise_sigma;             /* in 8-bit code values of the encoded file */
  guint32 noise_seed;
} ShSynthEncoding;

const char *sh_synth_profile_name (ShSynthProfile profile);   /* "srgb", "adobe-rgb", ... */
/* The ICC bytes of a profile (NULL for UNTAGGED); free with g_free. */
guint8 *sh_synth_profile_icc (ShSynthProfile profile, gsize *len);

/* Writes the linear sRGB scene (upright, width x height) to path: encodes through the profile with lcms2,
 * adds noise, stores the pixels so that applying the recorded orientation shows them upright. */
gboolean sh_synth_write (const float *linear, int width, int height, const ShSynthEncoding *encoding,
                         const char *path, GError **error);
/* The same with an alpha plane (width*height coverage 0-1; PNG only, RGBA): fully transparent pixels carry
 * hidden_rgb as a grey (0-255) or, when it is -1, random bytes, as real cut-outs do. alpha NULL is
 * sh_synth_write. */
gboolean sh_synth_write_rgba (const float *linear, const float *alpha, int hidden_rgb, int width, int height,
                              const ShSynthEncoding *encoding, const char *path, GError **error);

/* png (as GdkPixbuf's saver writes it) with icc embedded as its iCCP chunk, right after IHDR. */
GBytes *sh_png_insert_icc_profile (const guint8 *png, gsize len, const guint8 *icc, gsize icc_len,
                                   GError **error);

/* A varied deterministic encoding for seed (mostly JPEG q 85-95, some PNG/TIFF, every profile and
 * orientation represented). */
void sh_synth_encoding_for_seed (guint32 seed, ShSynthEncoding *encoding);

/* Writes count photos "synth-0001.jpg"... into dir (created if needed) and a "truth.json" array describing
 * each: file, box (the label box), bullet, truth {srgb, lab, linear_rgb}, finish, glitter {density, flakes},
 * packaging, profile, orientation, format, and the hard mix's backdrop, cut_face, engraving (box or null),
 * angle, transparent, hidden_rgb, matte_sheen, shimmer {density, sparkles}, truth_patch (box or null) and
 * variants (names: "backdrop:red", "cut-face", "engraving", "angle", "transparent", "matte-sheen",
 * "shimmer", "glitter"). Deterministic for (count, seed, width, height, mix). sh_synth_write_set is the
 * classic mix. */
gboolean sh_synth_write_set (const char *dir, int count, guint32 seed, int width, int height,
                             GError **error);
gboolean sh_synth_write_set_mix (const char *dir, int count, guint32 seed, int width, int height,
                                 ShSynthMix mix, GError **error);
