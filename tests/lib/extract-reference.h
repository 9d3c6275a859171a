/* SPDX-License-Identifier: GPL-3.0-or-later */
/* extract-reference.h: a plain, double-precision implementation of the extraction methods: one pixel at a
 * time, no tables beyond the image's own, no histograms for the sums. Tests and benchmarks compare the
 * fast path in color/extract.c against it. */
#pragma once

#include "color/extract.h"

int sh_extract_reference (const ShImage *image, ShBox box, ShMethod method, ShSwatch *out, uint8_t *mask);
