/* SPDX-License-Identifier: GPL-3.0-or-later */
/* delta-e.h: colour differences between two CIELAB colours. */
#pragma once

double sh_delta_e76 (const double lab1[3], const double lab2[3]);
/* CIE94 with graphic-arts weights (kL=1, K1=0.045, K2=0.015), lab1 as the reference. */
double sh_delta_e94 (const double lab1[3], const double lab2[3]);
/* CIEDE2000 with kL=kC=kH=1 (Sharma, Wu, Dalal 2005). */
double sh_delta_e2000 (const double lab1[3], const double lab2[3]);
