/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lcms-util.h: what every lcms2 user in color/ needs, once: a per-call context that keeps the text of the
 * last lcms2 error, opening an RGB profile from bytes with a message a person understands, and reading a
 * profile's description. Private to color/. */
#pragma once

#include <lcms2.h>
#include <stddef.h>

/* lcms2 reports problems through a context-wide handler; a context per call (or per object) keeps the text
 * of the last problem next to the call that caused it, without global state shared between threads. */
typedef struct {
  char text[256];
} ShLcmsErrorSink;

cmsContext sh_lcms_context_new (ShLcmsErrorSink *sink);

/* printf into error (which may be NULL). */
void sh_lcms_set_message (char *error, size_t error_len, const char *format, ...) __attribute__ ((format (printf, 3, 4)));

/* Opens icc as an RGB profile that can describe an image or a device. what names it in messages
 * ("colour profile", "monitor profile"). NULL with a message on failure. */
cmsHPROFILE sh_lcms_open_rgb_profile (cmsContext context, const ShLcmsErrorSink *sink, const void *icc,
                                      size_t icc_len, const char *what, char *error, size_t error_len);

/* The profile's English description, or fallback when it has none. */
void sh_lcms_read_description (cmsHPROFILE profile, char *description, size_t len, const char *fallback);
