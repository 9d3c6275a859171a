/* SPDX-License-Identifier: GPL-3.0-or-later */
/* csv-reader.h: RFC 4180 records (quoted fields, doubled quotes, LF or CRLF line ends) read one at a time
 * from a buffer, for the catalogue and the batch manifest. Errors say "line N: ..." in the caller's domain. */
#pragma once

#include <glib.h>

typedef struct {
  const char *data;
  gsize len, pos;
  guint line;                  /* of data[pos], from 1 */
  GQuark error_domain;
  int error_code;
} ShCsvReader;

typedef struct {
  GPtrArray *fields;           /* char *, owned by the caller (free function g_free) */
  guint line;                  /* where the record starts */
  gboolean blank;              /* one empty unquoted field: an empty line */
} ShCsvRecord;

void sh_csv_reader_init (ShCsvReader *csv, const char *data, gsize len, GQuark error_domain, int error_code);

/* Reads one record. Returns FALSE at the end of the data (nothing read) or on error (error set). */
gboolean sh_csv_reader_next (ShCsvReader *csv, ShCsvRecord *record, GError **error);
