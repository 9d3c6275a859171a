/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lcms-util.c: shared lcms2 helpers for color/. */
#include "config.h"

#include "lcms-util.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>

static void
error_to_sink (cmsContext context, cmsUInt32Number code, const char *text)
{
  ShLcmsErrorSink *sink = cmsGetContextUserData (context);

  if (sink != NULL && text != NULL)
    snprintf (sink->text, sizeof sink->text, "%s", text);
}

cmsContext
sh_lcms_context_new (ShLcmsErrorSink *sink)
{
  cmsContext context;

  sink->text[0] = '\0';
  context = cmsCreateContext (NULL, sink);
  if (context != NULL)
    cmsSetLogErrorHandlerTHR (context, error_to_sink);
  return context;
}

void
sh_lcms_set_message (char *error, size_t error_len, const char *format, ...)
{
  va_list args;

  if (error == NULL || error_len == 0)
    return;
  va_start (args, format);
  vsnprintf (error, error_len, format, args);
  va_end (args);
}

static const char *
color_space_name (cmsColorSpaceSignature space)
{
  switch (space)
    {
    case cmsSigGrayData: return "greyscale";
    case cmsSigCmykData: return "CMYK";
    case cmsSigCmyData: return "CMY";
    case cmsSigLabData: return "Lab";
    case cmsSigXYZData: return "XYZ";
    case cmsSigYCbCrData: return "YCbCr";
    case cmsSigHsvData: return "HSV";
    case cmsSigHlsData: return "HLS";
    default: return "non-RGB";
    }
}

cmsHPROFILE
sh_lcms_open_rgb_profile (cmsContext context, const ShLcmsErrorSink *sink, const void *icc, size_t icc_len,
                          const char *what, char *error, size_t error_len)
{
  cmsHPROFILE profile;
  cmsColorSpaceSignature space;
  cmsProfileClassSignature profile_class;

  if (icc == NULL || icc_len < 128 || icc_len > UINT32_MAX)
    {
      sh_lcms_set_message (error, error_len, "the %s is too short to be an ICC profile (%zu bytes)", what, icc_len);
      return NULL;
    }
  profile = cmsOpenProfileFromMemTHR (context, icc, (cmsUInt32Number) icc_len);
  if (profile == NULL)
    {
      sh_lcms_set_message (error, error_len, "the %s is damaged or not an ICC profile%s%s", what,
                           sink->text[0] ? ": " : "", sink->text);
      return NULL;
    }
  space = cmsGetColorSpace (profile);
  if (space != cmsSigRgbData)
    {
      sh_lcms_set_message (error, error_len, "the %s describes %s colours, not RGB", what, color_space_name (space));
      cmsCloseProfile (profile);
      return NULL;
    }
  profile_class = cmsGetDeviceClass (profile);
  if (profile_class == cmsSigLinkClass || profile_class == cmsSigAbstractClass
      || profile_class == cmsSigNamedColorClass)
    {
      sh_lcms_set_message (error, error_len,
                           "the %s is a device link, abstract or named-colour profile, which cannot describe "
                           "an image or a screen", what);
      cmsCloseProfile (profile);
      return NULL;
    }
  return profile;
}

void
sh_lcms_read_description (cmsHPROFILE profile, char *description, size_t len, const char *fallback)
{
  cmsUInt32Number n = cmsGetProfileInfoASCII (profile, cmsInfoDescription, "en", "US", description,
                                              (cmsUInt32Number) len);

  if (n == 0 || description[0] == '\0')
    snprintf (description, len, "%s", fallback);
}
