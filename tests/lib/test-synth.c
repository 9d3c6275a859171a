/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-synth.c: the synthetic photo the benchmarks measure (see test-synth.h). */
#include "tests/lib/test-synth.h"

float *
render_centred_gloss (uint32_t seed, int width, int height, ShSynthTruth *truth)
{
  ShSynthParams params;

  sh_synth_params_for_seed (seed, width, height, &params);
  params.bullet_scale = 0.3;
  params.center_x = 0.5;
  params.center_y = 0.5;
  params.finish = SH_FINISH_GLOSS;
  return sh_synth_render (&params, truth);
}
