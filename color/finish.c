/* SPDX-License-Identifier: GPL-3.0-or-later */
/* finish.c: names of surface finish classes, as they appear in reports and JSON. */
#include "config.h"

#include "finish.h"

#include <stddef.h>

const char *
sh_finish_class_name (ShFinishClass finish)
{
  switch (finish)
    {
    case SH_FINISH_MATTE:
      return "matte";
    case SH_FINISH_SATIN:
      return "satin";
    case SH_FINISH_GLOSS:
      return "gloss";
    default:
      return "unknown";
    }
}
