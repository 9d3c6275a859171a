/* test-fs.h: files for tests: removing what a test made under its temporary folder, telling whether a
 * file changed. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Removes path and, for a folder, everything below it; a symbolic link is removed, never followed. Missing
 * files are no error: tear-downs call it whatever the test got to. */
void remove_tree (const char *path);

/* The SHA-256 of the file's contents, in hex; the file must be readable. */
char *file_sha256 (const char *path);

G_END_DECLS
