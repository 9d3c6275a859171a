/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-store.h: a project's store as tests set it up and look into it: projects, photo rows and measured
 * swatches made through the store API, the matte preset as the calibration window writes it, single values
 * read back with plain SQL. Every helper fails the test when the store refuses. */
#pragma once

#include <glib.h>

#include "core/store/project.h"

G_BEGIN_DECLS

/* A new, empty project at path. */
ShProject *create_project (const char *path);

/* A new, empty project file called name in a new folder named prefix-XXXXXX, which *dir gets; *path gets the
 * file's path, when path is not NULL. */
ShProject *create_project_in_tmp_dir (const char *prefix, const char *name, char **dir, char **path);

/* Adds an image row for a photo that need not exist (a 1234-byte sRGB JPEG of width x height, unchecked);
 * returns its id. *added (when not NULL) says whether the row is new rather than a duplicate's. */
gint64 add_image_row (ShProject *project, const char *path, const char *hash, int width, int height,
                      gboolean *added);

/* Adds the image row of a JPEG photo on disk, with its size and SHA-256 read from the file (width x height
 * and the profile's name as given, unchecked); returns its id. */
gint64 add_photo_file (ShProject *project, const char *path, int width, int height, const char *profile_name);

/* The same, listed again as another image when copy > 0 (its hash made unique with the copy's number). */
gint64 add_photo_file_copy (ShProject *project, const char *path, int width, int height, const char *profile_name,
                            int copy);

/* A photo of the product (a row only, 400x300) with a product box whose robust swatch has the linear colour
 * `linear` and the finish; returns the box. hex (when not NULL) gets the swatch's colour as exports write
 * it. */
gint64 add_measured_photo (ShProject *project, gint64 product_id, const char *hash, const double linear[3],
                           ShFinishClass finish, char hex[8]);

/* The matte preset as the calibration window applies it: every parameter, in the window's text forms. */
#define MATTE_PRESET_N 13
extern const char *const matte_names[MATTE_PRESET_N];
extern const char *const matte_values[MATTE_PRESET_N];

/* Dates an audited material change (material_changes.at, ISO 8601), so that a test chooses the timeline. */
void move_change (ShProject *project, gint64 change_id, const char *at);

/* The first column of the first row of sql, on the project's own connection; there must be a row. */
gint64 query_int (ShProject *project, const char *sql);
char *query_text (ShProject *project, const char *sql);

/* query_int with the parameter ?1 of sql bound to text. */
gint64 query_int_for (ShProject *project, const char *sql, const char *text);

/* Every row of sql in order, on the project's own connection: its columns' text joined by '|'. */
GPtrArray *query_rows (ShProject *project, const char *sql);

/* The same on the file at path, through a plain read-only connection, as anyone's sqlite3 would read it. */
gint64 read_int (const char *path, const char *sql);

/* A realism study called name: a trial for each product of skus (NULL-terminated) on each of three
 * participants, P2, P6 and P9 (MST 2, 6 and 9), a candidate per method of methods ("mean,tuned,external"),
 * their images stand-in bytes; blind. Returns its id. */
gint64 add_study (ShProject *project, const char *name, const char *const *skus, const char *methods);
/* The study's rater code with seed; returns the rater's id. */
gint64 add_study_rater (ShProject *project, gint64 study_id, const char *code, guint32 seed);
/* Unblinds the study (the simulated raters need the key) and merges the scores of raters R1-R3 that
 * tests/lib/study_sim.py describes: per rater and trial a base score s from 3 to 7, mean and external s,
 * robust s + 1, tuned s + 2 except on MST 8-10, where it scores s - 1 and loses to the others. */
void score_study_simulated (ShProject *project, gint64 study_id);

G_END_DECLS
