/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli.h: the subcommands of shadelab-cli. Each takes the arguments after its name (argv[0] is the
 * subcommand) and returns the process exit status: 0 success, 1 error (message on stderr), 2 usage. */
#pragma once

#include <cjson/cJSON.h>
#include <glib.h>

#include "color/box.h"

/* Runs the command line: argv[1] names the subcommand (usage on stdout for --help, on stderr when unknown). */
int sh_cli_main (int argc, char **argv);

int sh_cli_extract (int argc, char **argv);
int sh_cli_extract_batch (int argc, char **argv);
int sh_cli_merge_results (int argc, char **argv);
int sh_cli_evaluate (int argc, char **argv);
int sh_cli_generate (int argc, char **argv);
int sh_cli_import (int argc, char **argv);
int sh_cli_import_catalog (int argc, char **argv);
int sh_cli_import_annotations (int argc, char **argv);
int sh_cli_accept (int argc, char **argv);
int sh_cli_shard (int argc, char **argv);
int sh_cli_init (int argc, char **argv);
int sh_cli_stats (int argc, char **argv);
int sh_cli_check (int argc, char **argv);
int sh_cli_export (int argc, char **argv);
int sh_cli_render (int argc, char **argv);
int sh_cli_tryon (int argc, char **argv);
int sh_cli_participant (int argc, char **argv);
int sh_cli_face (int argc, char **argv);
int sh_cli_polygon (int argc, char **argv);
int sh_cli_review (int argc, char **argv);
int sh_cli_tone (int argc, char **argv);
int sh_cli_reference_photo (int argc, char **argv);
int sh_cli_name (int argc, char **argv);
int sh_cli_lint (int argc, char **argv);
int sh_cli_study (int argc, char **argv);

/* The two ways a subcommand fails, worded alike everywhere: a usage error prints "shadelab-cli COMMAND: MESSAGE"
 * and the command's --help on stderr and returns 2; a failure prints "shadelab-cli COMMAND: ERROR" and returns 1. */
int sh_cli_usage_error (GOptionContext *context, const char *command, const char *message);
int sh_cli_failed (const char *command, const GError *error);

/* "X,Y,W,H" in whole pixels: FALSE unless all four are integers and W, H are positive. */
gboolean sh_cli_parse_box (const char *text, ShBox *box);

/* "X1,Y1,X2,Y2,...": a GArray of ShPoint (color/lip-mask.h), at least three points of finite numbers; NULL
 * when the text is not that. */
GArray *sh_cli_parse_points (const char *text);

/* A SKU or code as part of a file name: letters, digits, '-', '_' and '.' kept, anything else '_'. */
char *sh_cli_file_name_part (const char *text);

/* Prints root on one line (what --json gives) and frees it. */
void sh_cli_print_json (cJSON *root);
