/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-icc.c: ICC profiles that tests build with lcms2 (see test-icc.h). */
#include "tests/lib/test-icc.h"

static cmsInt32Number
sample_through (const cmsUInt16Number in[], cmsUInt16Number out[], void *transform)
{
  cmsDoTransform (transform, in, out, 1);
  return TRUE;
}

cmsHPROFILE
icc_lut_profile (cmsHPROFILE source)
{
  cmsHPROFILE lab = cmsCreateLab4Profile (NULL);
  cmsHTRANSFORM to_lab = cmsCreateTransform (source, TYPE_RGB_16, lab, TYPE_Lab_16, INTENT_RELATIVE_COLORIMETRIC,
                                             cmsFLAGS_NOOPTIMIZE);
  cmsHPROFILE profile = cmsCreateProfilePlaceholder (NULL);
  cmsPipeline *pipeline = cmsPipelineAlloc (NULL, 3, 3);
  cmsStage *clut = cmsStageAllocCLut16bit (NULL, 33, 3, 3, NULL);

  g_assert_nonnull (to_lab);
  g_assert_true (cmsStageSampleCLut16bit (clut, sample_through, to_lab, 0));
  /* mAB needs its A and B curve sets around the table; identity curves change nothing. */
  cmsPipelineInsertStage (pipeline, cmsAT_END, cmsStageAllocToneCurves (NULL, 3, NULL));
  cmsPipelineInsertStage (pipeline, cmsAT_END, clut);
  cmsPipelineInsertStage (pipeline, cmsAT_END, cmsStageAllocToneCurves (NULL, 3, NULL));
  cmsSetProfileVersion (profile, 4.3);
  cmsSetDeviceClass (profile, cmsSigDisplayClass);
  cmsSetColorSpace (profile, cmsSigRgbData);
  cmsSetPCS (profile, cmsSigLabData);
  cmsWriteTag (profile, cmsSigMediaWhitePointTag, cmsD50_XYZ ());
  cmsWriteTag (profile, cmsSigAToB0Tag, pipeline);
  cmsPipelineFree (pipeline);
  cmsDeleteTransform (to_lab);
  cmsCloseProfile (lab);
  return profile;
}

GBytes *
icc_take_bytes (cmsHPROFILE profile, const char *description)
{
  cmsUInt32Number len = 0;
  guint8 *data;

  if (description != NULL)
    {
      cmsMLU *mlu = cmsMLUalloc (NULL, 1);

      cmsMLUsetASCII (mlu, "en", "US", description);
      cmsWriteTag (profile, cmsSigProfileDescriptionTag, mlu);
      cmsMLUfree (mlu);
    }
  g_assert_true (cmsSaveProfileToMem (profile, NULL, &len));
  data = g_malloc (len);
  g_assert_true (cmsSaveProfileToMem (profile, data, &len));
  cmsCloseProfile (profile);
  return g_bytes_new_take (data, len);
}
