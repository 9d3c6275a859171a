/* SPDX-License-Identifier: GPL-3.0-or-later */
/* export-private.h: what the export formats share: the exported rows and the atomic file writer. */
#pragma once

#include <stdio.h>

#include <glib.h>

#include "core/formats/export.h"

/* ---- atomic files: written under temporary names, renamed into place by sh_export_files_commit ---- */

typedef struct _ShExportFiles ShExportFiles;

typedef struct {
  FILE *fp;
  guint index;
} ShExportFile;

ShExportFiles *sh_export_files_new (const char *root, GError **error);
/* Absolute, canonical path of the export folder. */
const char *sh_export_files_get_root (ShExportFiles *files);
/* relative: a path below root, folders created as needed. */
ShExportFile *sh_export_files_create (ShExportFiles *files, const char *relative, GError **error);
/* Flushes and closes; the file joins the commit. Frees file. */
gboolean sh_export_files_close (ShExportFiles *files, ShExportFile *file, GError **error);
gboolean sh_export_files_symlink (ShExportFiles *files, const char *target, const char *relative,
                                  GError **error);
/* After the commit, entries of folder (relative) that this export did not write are removed when they end
 * with suffix (or, suffix NULL, when they are symbolic links): files of images no longer exported. */
void sh_export_files_own_folder (ShExportFiles *files, const char *relative, const char *suffix);
/* Flushes every temporary file to disk, then renames them all into place. */
gboolean sh_export_files_commit (ShExportFiles *files, GError **error);
guint sh_export_files_count (ShExportFiles *files);
/* Removes the temporary files (and the folders this export created, when empty) unless committed. */
void sh_export_files_free (ShExportFiles *files);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ShExportFiles, sh_export_files_free)

/* The error for a failed write of path (errno value err), FULL for ENOSPC/EDQUOT. */
gboolean sh_export_set_io_error (GError **error, int err, const char *doing, const char *path);

/* ---- rows ---- */

typedef struct {
  gint64 id;
  const char *file_name;
  const char *content_hash;
  const char *absolute_path;
  const char *relative_path;   /* from the export folder */
  const char *name;            /* unique stem among the exported images (VOC, YOLO file names) */
  const char *extension;       /* ".jpg", or "" */
  int width, height;           /* upright */
  const char *sku, *brand, *shade, *category;   /* NULL without a product */
  const char *catalog_color;   /* the product's "#rrggbb", NULL without one */
  int split;
  guint first_box, n_boxes;
} ShExportImage;

typedef struct {
  gint64 id;
  guint class_index;           /* into ShExportData.classes, 0-based */
  double x, y, w, h;
  gboolean model;
  double score;                /* < 0: none */
  gboolean occluded, truncated, difficult;
  gboolean has_color;          /* a robust swatch is stored */
  char srgb[8];
  double lab[3];
  const char *finish;          /* swatch finish or NULL */
} ShExportBox;

typedef struct {
  GArray *images;              /* ShExportImage, ordered by id */
  GArray *boxes;               /* ShExportBox, grouped by image in image order */
  GPtrArray *classes;          /* class names in id order */
  GStringChunk *strings;
  char *project_name;
  ShExportOptions options;
} ShExportData;

ShExportData *sh_export_data_load (ShProject *project, const char *root, const ShExportOptions *options,
                                   GError **error);
void sh_export_data_free (ShExportData *data);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ShExportData, sh_export_data_free)

/* ---- text ---- */

void sh_export_write_json_string (FILE *fp, const char *text);
void sh_export_write_xml_text (FILE *fp, const char *text);
/* One RFC 4180 field: quoted when it holds a comma, a quote or a line end; nothing for NULL. */
void sh_export_write_csv_field (FILE *fp, const char *text);
/* to (absolute, canonical) relative to the folder from (absolute, canonical). */
char *sh_export_relative_path (const char *from, const char *to);
/* Up to six decimals, trailing zeros dropped ("620", "12.5", "0.333333"); returns the length. */
int sh_export_format_number (char buf[32], double value);
void sh_export_write_number (FILE *fp, double value);
/* A file-name-safe rendering of text ([A-Za-z0-9._-], others as '_'; never empty, never starting with '.'). */
char *sh_export_safe_name (const char *text);

/* Whether a split gets its own file or folder: it was asked for, or it holds images. */
gboolean sh_export_split_wanted (const ShExportData *data, int split);

/* ---- formats ---- */

gboolean sh_export_coco (ShExportData *data, ShExportFiles *files, ShExportSummary *summary, GError **error);
gboolean sh_export_voc (ShExportData *data, ShExportFiles *files, ShExportSummary *summary, GError **error);
gboolean sh_export_yolo (ShExportData *data, ShExportFiles *files, ShExportSummary *summary, GError **error);
gboolean sh_export_csv (ShExportData *data, ShExportFiles *files, ShExportSummary *summary, GError **error);
gboolean sh_export_gltf (ShProject *project, ShExportFiles *files, ShExportSummary *summary, GError **error);
