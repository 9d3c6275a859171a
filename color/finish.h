/* SPDX-License-Identifier: GPL-3.0-or-later */
/* finish.h: surface finish classes and the glitter statistics the extraction reports. */
#pragma once

typedef enum {
  SH_FINISH_MATTE,
  SH_FINISH_SATIN,
  SH_FINISH_GLOSS,
} ShFinishClass;

const char *sh_finish_class_name (ShFinishClass finish);   /* "matte", "satin", "gloss" */
