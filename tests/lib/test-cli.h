/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-cli.h: the built shadelab-cli, run from a C test (to set up a project the way a user would). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* $SHADELAB_BUILD_DIR/app/shadelab-cli (meson test sets SHADELAB_BUILD_DIR); owned by the library. */
const char *test_cli_path (void);

/* Runs shadelab-cli with the NULL-terminated argv (without the program itself); the test fails, with the
 * command's output, unless it exits 0. */
void run_cli (const char *const *argv);

/* A project at dir/name made as a user would with the CLI: count generated photos of size ("480x360") in
 * dir/photos (without the generator's truth.json), init, then import --quiet --min-resolution 100. Returns
 * the project's path. */
char *cli_generated_project (const char *dir, const char *name, const char *count, const char *size);

G_END_DECLS
