/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-icc.h: ICC profiles that tests build with lcms2, turned into the bytes a photo or a monitor carries. */
#pragma once

#include <glib.h>
#include <lcms2.h>

G_BEGIN_DECLS

/* The profile serialised, after setting its description (what the app shows as its name) unless that is
 * NULL; the profile is closed. */
GBytes *icc_take_bytes (cmsHPROFILE profile, const char *description);

/* A LUT-based RGB display profile (AToB0: source -> Lab sampled on a 33-point grid), the kind the loader
 * converts to the working space instead of modelling, and the slow kind for lcms2; source stays open. */
cmsHPROFILE icc_lut_profile (cmsHPROFILE source);

G_END_DECLS
