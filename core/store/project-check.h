/* SPDX-License-Identifier: GPL-3.0-or-later */
/* project-check.h: what `shadelab-cli check` reads from a project: SQLite's own integrity and link checks,
 * and every image's stored file facts, to compare with the files on disk.
 */
#pragma once

#include <glib.h>

#include "core/store/project.h"

G_BEGIN_DECLS

typedef struct {
  char *table;                   /* the row's table */
  gint64 rowid;
  char *parent;                  /* the table its missing parent should be in */
} ShProjectLinkProblem;

void sh_project_link_problem_free (ShProjectLinkProblem *problem);

/* Appends what PRAGMA integrity_check finds (up to 100 messages, newly allocated strings; nothing when the
 * file is sound) to integrity and each row without its parent (ShProjectLinkProblem, freed by the array's
 * free function when it has one) to links. A file too damaged to check is a finding (its one message), not an
 * error. */
gboolean sh_project_check_database (ShProject *project, GPtrArray *integrity, GPtrArray *links, GError **error);

/* An image's file as the project recorded it; strings valid during the call only. */
typedef struct {
  gint64 id;
  const char *path;              /* as stored (sh_project_resolve_path) */
  gint64 file_size;
  const char *content_hash;
  const char *photo_check_json;  /* may be NULL */
  int photo_check_passed;        /* -1 unknown, 0, 1 */
} ShImageFileRow;

typedef void (*ShImageFileFunc) (const ShImageFileRow *row, gpointer user_data);

/* Calls func for every image, in id order. */
gboolean sh_project_foreach_image_file (ShProject *project, ShImageFileFunc func, gpointer user_data,
                                        GError **error);

G_END_DECLS
