/* SPDX-License-Identifier: GPL-3.0-or-later */
/* project-db.h: the project's own SQLite connection, for tests that check what the store wrote, or settings and
 * errors that belong to that connection (max_page_count, foreign keys, its defensive flags, its last error).
 *
 * The application never sees it: the store keeps its connection to core/store/ (store-private.h), and
 * tests/core/test-store-sealed.sh keeps it that way everywhere but here. */
#pragma once

#include <sqlite3.h>

#include "core/store/project.h"

/* Defined in core/store/project.c. */
sqlite3 *sh_store_db (ShProject *project);

static inline sqlite3 *
test_project_db (ShProject *project)
{
  return sh_store_db (project);
}
