/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-fs.h: files for tests: scratch folders, removing what a test made under them, telling whether a
 * file changed. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Removes path and, for a folder, everything below it; a symbolic link is removed, never followed. Missing
 * files are no error: tear-downs call it whatever the test got to. */
void remove_tree (const char *path);

/* A new folder under the system's temporary one, named prefix-XXXXXX; the test fails when it cannot be made. */
char *make_tmp_dir (const char *prefix);

/* Runs the tests added so far with *dir a new folder named prefix-XXXXXX for them to write in, then removes it
 * with everything below it and frees it: what the test programs that share one scratch folder do in main(). */
int run_tests_in_tmp_dir (const char *prefix, char **dir);

/* The SHA-256 of the file's contents, in hex; the file must be readable. */
char *file_sha256 (const char *path);

G_END_DECLS
