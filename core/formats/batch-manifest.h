/* SPDX-License-Identifier: GPL-3.0-or-later */
/* batch-manifest.h: the list of photos and boxes a batch extraction measures.
 *
 * Two forms, told apart by the first character after an optional UTF-8 BOM and white space ('{' is JSONL):
 * - CSV (RFC 4180) whose header row names the columns, in any order and any letter case: id (optional),
 *   image, x, y, w, h; other columns are ignored (a `boxes.csv` export can be a manifest).
 * - JSONL: one object a line with the same keys; id a string or an integer.
 * image is an absolute path, a path relative to the manifest's folder or a file:// URI; x, y, w, h the box in
 * upright pixels (numbers, rounded to whole pixels). Without an id a row is known by its line number. Ids are
 * unique. Errors name the manifest and the line: "m.csv: line 7: w \"ten\" is not a number".
 *
 * The file is mapped, not read: a manifest of millions of lines costs no memory beyond its ids.
 */
#pragma once

#include <glib.h>

#include "color/box.h"

#define SH_MANIFEST_ERROR (sh_manifest_error_quark ())
GQuark sh_manifest_error_quark (void);

typedef enum {
  SH_MANIFEST_ERROR_IO,        /* cannot read the file */
  SH_MANIFEST_ERROR_PARSE,     /* a malformed line, header or value */
} ShManifestError;

typedef struct {
  char *id;                    /* the manifest's id, or the line number */
  char *image;                 /* absolute path */
  ShBox box;
  guint line;                  /* where the row starts, from 1 */
} ShManifestEntry;

void sh_manifest_entry_clear (ShManifestEntry *entry);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ShManifestEntry, sh_manifest_entry_clear)

typedef struct _ShManifest ShManifest;

/* Opens the manifest and reads its header (CSV). */
ShManifest *sh_manifest_open (const char *path, GError **error);
void sh_manifest_free (ShManifest *manifest);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ShManifest, sh_manifest_free)

/* Reads the next row into entry (cleared first). FALSE at the end (error unset) or on a malformed row. */
gboolean sh_manifest_next (ShManifest *manifest, ShManifestEntry *entry, GError **error);
/* Back to the first row. */
void sh_manifest_rewind (ShManifest *manifest);

/* The shard (0 to n_shards - 1) an id belongs to: FNV-1a 64 of its bytes modulo n_shards, the same on every
 * machine, so that n shards cover a manifest exactly once. */
guint sh_manifest_shard_of (const char *id, guint n_shards);
