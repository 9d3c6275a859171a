/* SPDX-License-Identifier: GPL-3.0-or-later */
/* shadelab-cli: the headless command line. Never links GTK; the subcommands live in core/cli/. */
#define G_LOG_DOMAIN "shadelab-cli"

#include "config.h"

#include <locale.h>

#include "color/image.h"
#include "core/cli/cli.h"

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  /* JSON and numbers on the command line always use '.' as the decimal point. */
  setlocale (LC_NUMERIC, "C");
  sh_image_release_memory_promptly ();
  return sh_cli_main (argc, argv);
}
