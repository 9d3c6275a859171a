/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-synth.h: the synthetic photo the benchmarks measure: a glossy lipstick bullet in the middle of the
 * frame, at 0.3 of its size, with the sweep and packaging the seed chooses. */
#pragma once

#include <stdint.h>

#include "color/synth.h"

/* Its linear RGB pixels (width x height x 3 floats, to free ()), and its truth; NULL when out of memory. */
float *render_centred_gloss (uint32_t seed, int width, int height, ShSynthTruth *truth);
