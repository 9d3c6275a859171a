/* test-cli.h: the built shadelab-cli, run from a C test (to set up a project the way a user would). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* $SHADELAB_BUILD_DIR/app/shadelab-cli (meson test sets SHADELAB_BUILD_DIR); owned by the library. */
const char *test_cli_path (void);

/* Runs shadelab-cli with the NULL-terminated argv (without the program itself); the test fails, with the
 * command's output, unless it exits 0. */
void run_cli (const char *const *argv);

G_END_DECLS
