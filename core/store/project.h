/* SPDX-License-Identifier: GPL-3.0-or-later */
/* project.h: the project file, one SQLite database (*.shadelab; schema in core/store/schema.sql).
 *
 * - WAL, foreign keys on, synchronous=FULL: a committed edit survives a crash of the app and of the machine.
 * - One process writes: opening for writing takes an exclusive lock on "<project>.lock" beside the file
 *   (flock, released by the kernel if the process dies); a second writer gets SH_PROJECT_ERROR_IN_USE with a
 *   message naming the project. Read-only opens take no lock and never change the file.
 * - Every user action is one transaction: each function below that changes the project commits before it
 *   returns TRUE, or changes nothing and returns FALSE with a GError. Batches (an import, a catalogue) use
 *   sh_project_begin / sh_project_commit / sh_project_rollback around the row functions.
 * - Prepared statements only; text from files is always bound, never pasted into SQL.
 * - Schema version in PRAGMA user_version, upgraded by ordered migrations on a writable open; a file from a
 *   newer Shadelab is refused with SH_PROJECT_ERROR_VERSION.
 * - Files from elsewhere are untrusted: connections are defensive, and a file whose schema is not exactly the
 *   one this Shadelab writes for its version is refused with SH_PROJECT_ERROR_UNTRUSTED before anything is
 *   read or written (core/store/project-schema-check.h).
 */
#pragma once

#include <glib.h>

#include "color/extract.h"

#define SH_PROJECT_SCHEMA_VERSION 8
#define SH_PROJECT_EXTENSION ".shadelab"

#define SH_PROJECT_ERROR (sh_project_error_quark ())
GQuark sh_project_error_quark (void);

typedef enum {
  SH_PROJECT_ERROR_NOT_FOUND,    /* no such project file (open) */
  SH_PROJECT_ERROR_EXISTS,       /* a file is already there (create) */
  SH_PROJECT_ERROR_IN_USE,       /* another process has it open for writing */
  SH_PROJECT_ERROR_READ_ONLY,    /* file, folder or open mode does not allow writing */
  SH_PROJECT_ERROR_NOT_PROJECT,  /* not a SQLite file, or not a Shadelab project, or damaged */
  SH_PROJECT_ERROR_UNTRUSTED,    /* its schema is not the one Shadelab writes: altered, maybe crafted */
  SH_PROJECT_ERROR_VERSION,      /* made by a newer Shadelab */
  SH_PROJECT_ERROR_FULL,         /* the disk is full */
  SH_PROJECT_ERROR_LOST,         /* the project's lock or journal was lost: nothing more can be saved safely */
  SH_PROJECT_ERROR_INVALID,      /* a value the project refuses (unknown status, box outside the image...) */
  SH_PROJECT_ERROR_FAILED,       /* anything else SQLite reports */
} ShProjectError;

typedef enum {
  SH_PROJECT_OPEN_READ_WRITE,
  SH_PROJECT_OPEN_READ_ONLY,
} ShProjectOpenMode;

typedef struct _ShProject ShProject;

ShProject *sh_project_create (const char *path, GError **error);
ShProject *sh_project_open (const char *path, ShProjectOpenMode mode, GError **error);
void sh_project_close (ShProject *project);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ShProject, sh_project_close)

const char *sh_project_get_path (ShProject *project);
/* The folder image paths are relative to. */
const char *sh_project_get_folder (ShProject *project);
gboolean sh_project_is_read_only (ShProject *project);

/* Explicit transactions for batches. Nested begins are an error. */
gboolean sh_project_begin (ShProject *project, GError **error);
gboolean sh_project_commit (ShProject *project, GError **error);
void sh_project_rollback (ShProject *project);

/* Sets error from the connection's last SQLite error, mapped to ShProjectError (SQLITE_FULL -> FULL,
 * SQLITE_READONLY -> READ_ONLY, SQLITE_BUSY/LOCKED -> IN_USE, SQLITE_CORRUPT/NOTADB -> NOT_PROJECT),
 * prefixed with what was being done ("adding a box: ..."). Always returns FALSE. */
gboolean sh_project_set_error (ShProject *project, GError **error, const char *doing);

/* "2026-11-26T05:12:28.123Z" for now, newly allocated. */
char *sh_project_now (void);

/* Path as stored: relative to the project folder when inside it, else absolute (canonical). */
char *sh_project_store_path (ShProject *project, const char *path);
/* Absolute path of a stored image path. */
char *sh_project_resolve_path (ShProject *project, const char *stored);

/* ---- rows (each call is its own transaction unless inside sh_project_begin) ---- */

typedef enum {
  SH_IMAGE_NEW,
  SH_IMAGE_LABELED,
  SH_IMAGE_SKIPPED,
  SH_IMAGE_REJECTED,
} ShImageStatus;

const char *sh_image_status_name (ShImageStatus status);           /* "new", ... */
gboolean sh_image_status_from_name (const char *name, ShImageStatus *status);

typedef struct {
  const char *path;              /* as given; stored through sh_project_store_path */
  const char *content_hash;      /* sha256 hex */
  gint64 file_size;
  const char *format;
  int width, height, orientation;
  const char *profile_name;
  const char *photo_check_json;  /* may be NULL */
  int photo_check_passed;        /* -1 unknown, 0, 1 */
  int photo_check_version;
} ShImageRow;

/* Adds an image; when its content hash is already there, sets *id to that image and *added to FALSE and
 * changes nothing. */
gboolean sh_project_add_image (ShProject *project, const ShImageRow *row, gint64 *id, gboolean *added,
                               GError **error);
gboolean sh_project_set_image_status (ShProject *project, gint64 image_id, ShImageStatus status,
                                      const char *reason, GError **error);
gboolean sh_project_set_image_product (ShProject *project, gint64 image_id, gint64 product_id, GError **error);
/* An image's status and reason (newly allocated, or NULL); a missing id is SH_PROJECT_ERROR_INVALID. */
gboolean sh_project_get_image_status (ShProject *project, gint64 image_id, ShImageStatus *status, char **reason,
                                      GError **error);
/* An image's upright size in pixels and its EXIF orientation (may be NULL); a missing id is
 * SH_PROJECT_ERROR_INVALID. */
gboolean sh_project_get_image_size (ShProject *project, gint64 image_id, int *width, int *height, int *orientation,
                                    GError **error);
/* What the labeling window shows about a photo. */
typedef struct {
  char *path;                    /* absolute */
  char *file_name;
  int width, height;
  ShImageStatus status;
  char *catalog_color;           /* '#rrggbb' of the photo's product, or NULL */
} ShImageInfo;

void sh_image_info_clear (ShImageInfo *info);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ShImageInfo, sh_image_info_clear)
/* A missing id is SH_PROJECT_ERROR_NOT_FOUND. */
gboolean sh_project_get_image_info (ShProject *project, gint64 image_id, ShImageInfo *info, GError **error);
/* How many photos the project holds; -1 with error. */
gint64 sh_project_count_images (ShProject *project, GError **error);
/* Box class names in id order (product, packaging, distractor first), or NULL with error. */
GPtrArray *sh_project_list_box_classes (ShProject *project, GError **error);

/* Images whose file_name is name (several when the same name lies in different folders). */
GArray *sh_project_find_images_by_name (ShProject *project, const char *file_name, GError **error);
/* Images whose stored path (sh_project_store_path) is stored_path, in id order. */
GArray *sh_project_find_images_by_path (ShProject *project, const char *stored_path, GError **error);
/* The stored path of an image whose content hash is content_hash in *stored_path (newly allocated), or NULL
 * when the project has none. */
gboolean sh_project_find_image_by_hash (ShProject *project, const char *content_hash, char **stored_path,
                                        GError **error);

typedef struct {
  const char *sku;
  const char *brand, *shade, *category, *marketplace;  /* NULL: leave as is */
  const char *catalog_color;                            /* '#rrggbb' or NULL */
} ShProductRow;

/* Creates the product or updates the fields given; an unknown category is added to the list. */
gboolean sh_project_upsert_product (ShProject *project, const ShProductRow *row, gint64 *id, GError **error);

typedef enum {
  SH_BOX_SOURCE_HUMAN,
  SH_BOX_SOURCE_MODEL,
} ShBoxSource;

typedef struct {
  gint64 id;                     /* 0 for a new box */
  gint64 image_id;
  const char *class_name;        /* "product", "packaging", "distractor", or a new class */
  double x, y, w, h;             /* upright pixels */
  ShBoxSource source;
  double score;                  /* model boxes; < 0 for none */
  gboolean accepted;
  const char *labeler;
  gboolean occluded, truncated, difficult;
} ShBoxRow;

/* Adds (row->id == 0) or updates a box. Refuses w or h <= 0 and boxes wholly outside the image; a box
 * partly outside is clipped to it. */
gboolean sh_project_save_box (ShProject *project, const ShBoxRow *row, gint64 *id, GError **error);
gboolean sh_project_delete_box (ShProject *project, gint64 box_id, GError **error);
/* Puts a deleted box back as it was: row->id is kept (so that other references to it stay valid), every field
 * is stored as given (no clipping: the row came from the store). Refuses an id already in use. Swatches are not
 * restored: they are derived and recomputed. */
gboolean sh_project_restore_box (ShProject *project, const ShBoxRow *row, GError **error);

/* Rows read back from the project own their class_name and labeler: release them with sh_box_row_clear. */
void sh_box_row_clear (ShBoxRow *row);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ShBoxRow, sh_box_row_clear)
/* Reads one box; a missing id is SH_PROJECT_ERROR_INVALID. */
gboolean sh_project_get_box (ShProject *project, gint64 box_id, ShBoxRow *row, GError **error);
/* The boxes of an image in id order (drawing order), an array of ShBoxRow that clears its rows when freed. */
GArray *sh_project_list_boxes (ShProject *project, gint64 image_id, GError **error);

/* Stores the swatch of a box for swatch->method (with SH_EXTRACT_ALGORITHM_VERSION), replacing the old one. */
gboolean sh_project_save_swatch (ShProject *project, gint64 box_id, const ShSwatch *swatch, GError **error);
/* Removes every stored swatch of a box, whatever its method (nothing to remove is no error). */
gboolean sh_project_delete_swatches (ShProject *project, gint64 box_id, GError **error);

/* A stored swatch as read back: the colour and how sure it is. */
typedef struct {
  ShMethod method;
  int algorithm_version;
  char hex[8];                   /* "#rrggbb" */
  double lab[3];                 /* Lab D50 */
  double linear_rgb[3];
  double confidence, spread;
} ShSwatchRow;

/* Reads the swatch of a box for method; *found is FALSE (and row untouched) when none is stored. */
gboolean sh_project_get_swatch (ShProject *project, gint64 box_id, ShMethod method, ShSwatchRow *row,
                                gboolean *found, GError **error);

/* The absolute path of an image's file, newly allocated; a missing id is SH_PROJECT_ERROR_INVALID. */
char *sh_project_get_image_file (ShProject *project, gint64 image_id, GError **error);

/* Sets n material parameters of a product at once (creating its material row with defaults when needed)
 * and adds one entry to the audit log (material_changes) in the same transaction. values[i] is the text form
 * of parameters[i] ("0.35", "#b0243a", "[1,1,1]"; NULL empties a nullable one); unknown or repeated
 * parameters and values out of range are refused before anything is written.
 *
 * The entry has a row (material_audit) for each parameter whose value as the glTF export resolves it
 * changed, from the value before to the value after: a product without a material row starts from its
 * swatch's colour and its finish's starting point, not from nothing, and a parameter the change moves
 * without naming it (the starting clearcoat a calibrated roughness drops) is listed too. When no exported
 * value changes, nothing is written and *change_id (may be NULL) is 0; else it is the entry's id. */
gboolean sh_project_set_material_values (ShProject *project, gint64 product_id, const char *const *parameters,
                                         const char *const *values, guint n, const char *who, const char *note,
                                         gint64 *change_id, GError **error);
/* The same for one parameter. */
gboolean sh_project_set_material (ShProject *project, gint64 product_id, const char *parameter,
                                  const char *value, const char *who, const char *note, GError **error);

/* A material parameter (a materials column) as stored, in the store's text form ("0.35", "#b0243a",
 * "[1,1,1]"), newly allocated; NULL when it is empty or the product has no material row (*has_row, may be
 * NULL, says which). An unknown parameter is SH_PROJECT_ERROR_INVALID. */
gboolean sh_project_get_stored_material (ShProject *project, gint64 product_id, const char *parameter, char **value,
                                         gboolean *has_row, GError **error);

gboolean sh_project_add_review (ShProject *project, gint64 product_id, gboolean accept, const char *comment,
                                const char *reviewer, GError **error);
gboolean sh_project_add_labeling_time (ShProject *project, gint64 image_id, const char *labeler,
                                       double seconds, GError **error);
