/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-participants.c: the store's participants, face photos and lip polygons on a real project file:
 * adding, listing (consent), refusals that change nothing (taken code, bad MST, unknown product, a file the
 * loader refuses, polygons outside the photo), an edit in place, polygons round trip, and removal taking the photos
 * along. */
#define G_LOG_DOMAIN "shadelab-test-participants"

#include "config.h"

#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "core/formats/synth-writer.h"
#include "core/store/project-participants.h"
#include "core/store/project.h"
#include "tests/lib/project-db.h"
#include "tests/lib/test-fs.h"
#include "tests/lib/tryon-fixture.h"

static char *tmp_dir;

static int
count_rows (ShProject *project, const char *table)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", table);
  sqlite3_stmt *stmt = NULL;
  int n;

  g_assert_cmpint (sqlite3_prepare_v2 (test_project_db (project), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

/* A generated bare-lip photo, width x height upright, stored rotated (EXIF orientation 6) as a JPEG. */
static char *
write_photo (const char *name, TryonFixture **fixture_out)
{
  char *path = g_build_filename (tmp_dir, name, NULL);
  ShSynthEncoding encoding = { 0 };
  g_autoptr (GError) error = NULL;
  TryonFixture *fixture = tryon_fixture_new (320, 200, 0.6, sh_monk_skin_tone (4), TRUE, 4);

  encoding.format = SH_SYNTH_JPEG;
  encoding.jpeg_quality = 92;
  encoding.profile = SH_SYNTH_PROFILE_SRGB;
  encoding.orientation = 6;
  g_assert_true (sh_synth_write (fixture->linear, fixture->width, fixture->height, &encoding, path, &error));
  g_assert_no_error (error);
  if (fixture_out)
    *fixture_out = fixture;
  else
    tryon_fixture_free (fixture);
  return path;
}

static ShProject *
new_project (const char *name, gint64 *product_id)
{
  g_autofree char *path = g_build_filename (tmp_dir, name, NULL);
  g_autoptr (GError) error = NULL;
  ShProject *project = sh_project_create (path, &error);
  ShProductRow product = { .sku = "LIP-01", .brand = "Acme", .shade = "Ruby", .catalog_color = "#b0243a" };

  g_assert_no_error (error);
  g_assert_true (sh_project_upsert_product (project, &product, product_id, &error));
  g_assert_no_error (error);
  return project;
}

static void
test_participants (void)
{
  g_autoptr (GError) error = NULL;
  gint64 product_id = 0, a = 0, b = 0, found = 0;
  ShProject *project = new_project ("participants.shadelab", &product_id);
  g_autoptr (GPtrArray) all = NULL;
  g_autoptr (GPtrArray) consented = NULL;
  const ShParticipantRow *row;

  g_assert_true (sh_project_add_participant (project, " P-001 ", 7, "BR", "glasses", TRUE, "ana", &a, &error));
  g_assert_no_error (error);
  g_assert_true (sh_project_add_participant (project, "P-002", 2, NULL, "", FALSE, NULL, &b, &error));
  g_assert_no_error (error);
  g_assert_cmpint (a, >, 0);
  g_assert_cmpint (b, !=, a);

  /* Refusals change nothing. */
  g_assert_false (sh_project_add_participant (project, "P-001", 3, NULL, NULL, TRUE, NULL, NULL, &error));
  g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "P-001"));
  g_clear_error (&error);
  g_assert_false (sh_project_add_participant (project, "P-003", 11, NULL, NULL, TRUE, NULL, NULL, &error));
  g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (sh_project_add_participant (project, "P-003", 0, NULL, NULL, TRUE, NULL, NULL, &error));
  g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (sh_project_add_participant (project, "  ", 3, NULL, NULL, TRUE, NULL, NULL, &error));
  g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (count_rows (project, "participants"), ==, 2);

  all = sh_project_list_participants (project, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 2);
  row = g_ptr_array_index (all, 0);
  g_assert_cmpstr (row->code, ==, "P-001");
  g_assert_cmpint (row->mst, ==, 7);
  g_assert_cmpstr (row->marketplace, ==, "BR");
  g_assert_cmpstr (row->notes, ==, "glasses");
  g_assert_true (row->consent);
  g_assert_cmpstr (row->added_by, ==, "ana");
  row = g_ptr_array_index (all, 1);
  g_assert_cmpstr (row->code, ==, "P-002");
  g_assert_null (row->notes);
  g_assert_false (row->consent);

  /* Without consent, not listed for an export. */
  consented = sh_project_list_participants (project, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (consented->len, ==, 1);
  g_assert_cmpstr (((ShParticipantRow *) g_ptr_array_index (consented, 0))->code, ==, "P-001");

  g_assert_true (sh_project_find_participant (project, "P-002", &found, &error));
  g_assert_cmpint (found, ==, b);
  g_assert_false (sh_project_find_participant (project, "P-404", &found, &error));
  g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_false (sh_project_remove_participant (project, "P-404", &error));
  g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (sh_project_remove_participant (project, "P-002", &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (project, "participants"), ==, 1);
  sh_project_close (project);
}

/* The Participants window's edit: one participant changed in place; a taken code, a bad MST or an unknown id
 * change nothing. */
static void
test_update (void)
{
  g_autoptr (GError) error = NULL;
  gint64 product_id = 0, a = 0, b = 0;
  ShProject *project = new_project ("update.shadelab", &product_id);
  g_autoptr (GPtrArray) before = NULL;
  g_autoptr (GPtrArray) after = NULL;
  const ShParticipantRow *row;

  g_assert_true (sh_project_add_participant (project, "P-001", 7, "BR", "glasses", TRUE, "ana", &a, &error));
  g_assert_true (sh_project_add_participant (project, "P-002", 2, NULL, NULL, FALSE, NULL, &b, &error));
  g_assert_no_error (error);

  g_assert_true (sh_project_update_participant (project, a, " P-001b ", 4, "", "no glasses", FALSE, &error));
  g_assert_no_error (error);
  before = sh_project_list_participants (project, FALSE, &error);
  g_assert_cmpuint (before->len, ==, 2);
  row = g_ptr_array_index (before, 0);
  g_assert_cmpint (row->id, ==, a);
  g_assert_cmpstr (row->code, ==, "P-001b");
  g_assert_cmpint (row->mst, ==, 4);
  g_assert_null (row->marketplace);
  g_assert_cmpstr (row->notes, ==, "no glasses");
  g_assert_false (row->consent);
  g_assert_cmpstr (row->added_by, ==, "ana");

  g_assert_false (sh_project_update_participant (project, b, "P-001b", 2, NULL, NULL, TRUE, &error));
  g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "already has a participant 'P-001b'"));
  g_clear_error (&error);
  g_assert_false (sh_project_update_participant (project, b, "P-002", 11, NULL, NULL, TRUE, &error));
  g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (sh_project_update_participant (project, b, " ", 2, NULL, NULL, TRUE, &error));
  g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (sh_project_update_participant (project, 999, "P-999", 2, NULL, NULL, TRUE, &error));
  g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_INVALID);
  g_clear_error (&error);

  after = sh_project_list_participants (project, FALSE, &error);
  g_assert_cmpuint (after->len, ==, 2);
  row = g_ptr_array_index (after, 1);
  g_assert_cmpstr (row->code, ==, "P-002");
  g_assert_cmpint (row->mst, ==, 2);
  g_assert_false (row->consent);
  sh_project_close (project);
}

/* A measured tone stored alone: the other fields stay, a bad tone or code changes nothing. */
static void
test_set_mst (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) rows = NULL;
  gint64 product_id = 0;
  ShProject *project = new_project ("set-mst.shadelab", &product_id);
  const ShParticipantRow *row;
  gint64 a = 0;

  g_assert_true (sh_project_add_participant (project, "P-001", 2, "BR", "glasses", TRUE, "ana", &a, &error));
  g_assert_true (sh_project_set_participant_mst (project, "P-001", 7, &error));
  g_assert_no_error (error);
  g_assert_false (sh_project_set_participant_mst (project, "P-001", 0, &error));
  g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (sh_project_set_participant_mst (project, "P-404", 3, &error));
  g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "no participant 'P-404'"));
  g_clear_error (&error);
  rows = sh_project_list_participants (project, FALSE, &error);
  g_assert_cmpuint (rows->len, ==, 1);
  row = g_ptr_array_index (rows, 0);
  g_assert_cmpint (row->id, ==, a);
  g_assert_cmpint (row->mst, ==, 7);
  g_assert_cmpstr (row->marketplace, ==, "BR");
  g_assert_cmpstr (row->notes, ==, "glasses");
  g_assert_true (row->consent);
  sh_project_close (project);
}

static void
test_face_photos_and_polygons (void)
{
  g_autoptr (GError) error = NULL;
  gint64 product_id = 0, participant = 0, bare = 0, worn = 0;
  ShProject *project = new_project ("faces.shadelab", &product_id);
  TryonFixture *fixture = NULL;
  g_autofree char *photo = write_photo ("bare.jpg", &fixture);
  g_autofree char *corrupt = g_build_filename (tmp_dir, "corrupt.jpg", NULL);
  g_autoptr (GPtrArray) photos = NULL;
  g_autoptr (GArray) outer = NULL;
  g_autoptr (GArray) opening = NULL;
  g_autoptr (ShFacePhotoRow) row = NULL;
  const ShPoint outside[] = { { 10, 10 }, { 330, 10 }, { 10, 100 } };

  g_assert_true (sh_project_add_participant (project, "P-001", 5, NULL, NULL, TRUE, NULL, &participant, &error));
  g_assert_true (sh_project_add_face_photo (project, participant, SH_FACE_PHOTO_BARE, 0, photo, "ana", &bare,
                                            &error));
  g_assert_no_error (error);
  g_assert_true (sh_project_add_face_photo (project, participant, SH_FACE_PHOTO_WORN, product_id, photo, NULL,
                                            &worn, &error));
  g_assert_no_error (error);

  /* Refused: a worn photo without its product, an unknown product or participant, a corrupt file. */
  g_assert_false (sh_project_add_face_photo (project, participant, SH_FACE_PHOTO_WORN, 0, photo, NULL, NULL,
                                             &error));
  g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (sh_project_add_face_photo (project, participant, SH_FACE_PHOTO_WORN, product_id + 100, photo,
                                             NULL, NULL, &error));
  g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (sh_project_add_face_photo (project, participant + 100, SH_FACE_PHOTO_BARE, 0, photo, NULL, NULL,
                                             &error));
  g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (g_file_set_contents (corrupt, "\xff\xd8\xff\xe0 not a JPEG", -1, NULL));
  g_assert_false (sh_project_add_face_photo (project, participant, SH_FACE_PHOTO_BARE, 0, corrupt, NULL, NULL,
                                             &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_cmpint (count_rows (project, "face_photos"), ==, 2);

  /* The upright size (EXIF orientation 6 applied), the product of the worn photo. */
  photos = sh_project_list_face_photos (project, participant, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (photos->len, ==, 2);
  row = sh_project_get_face_photo (project, bare, &error);
  g_assert_no_error (error);
  g_assert_cmpint (row->width, ==, 320);
  g_assert_cmpint (row->height, ==, 200);
  g_assert_cmpint (row->kind, ==, SH_FACE_PHOTO_BARE);
  g_assert_null (row->sku);
  g_assert_false (row->has_outer);
  g_assert_cmpint (strlen (row->content_hash), ==, 64);
  g_clear_pointer (&row, sh_face_photo_row_free);
  row = sh_project_get_face_photo (project, worn, &error);
  g_assert_cmpint (row->kind, ==, SH_FACE_PHOTO_WORN);
  g_assert_cmpstr (row->sku, ==, "LIP-01");
  g_clear_pointer (&row, sh_face_photo_row_free);
  g_assert_null (sh_project_get_face_photo (project, worn + 100, &error));
  g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_INVALID);
  g_clear_error (&error);

  /* Polygons: refused outside the photo or with too few points, then stored and read back exactly. */
  g_assert_false (sh_project_set_lip_polygons (project, bare, outside, 3, NULL, 0, &error));
  g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (sh_project_set_lip_polygons (project, bare, fixture->lips, 2, NULL, 0, &error));
  g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (sh_project_set_lip_polygons (project, bare, fixture->lips, fixture->n_lips, outside, 3, &error));
  g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (count_rows (project, "lip_polygons"), ==, 0);
  g_assert_true (sh_project_set_lip_polygons (project, bare, fixture->lips, fixture->n_lips, fixture->opening,
                                              fixture->n_opening, &error));
  g_assert_no_error (error);
  g_assert_true (sh_project_get_lip_polygons (project, bare, &outer, &opening, &error));
  g_assert_nonnull (outer);
  g_assert_nonnull (opening);
  g_assert_cmpuint (outer->len, ==, fixture->n_lips);
  g_assert_cmpuint (opening->len, ==, fixture->n_opening);
  for (int i = 0; i < fixture->n_lips; i++)
    {
      g_assert_cmpfloat (g_array_index (outer, ShPoint, i).x, ==, fixture->lips[i].x);
      g_assert_cmpfloat (g_array_index (outer, ShPoint, i).y, ==, fixture->lips[i].y);
    }
  g_clear_pointer (&outer, g_array_unref);
  g_clear_pointer (&opening, g_array_unref);
  row = sh_project_get_face_photo (project, bare, &error);
  g_assert_true (row->has_outer && row->has_opening);
  g_clear_pointer (&row, sh_face_photo_row_free);
  /* Set again without an opening: the opening goes. */
  g_assert_true (sh_project_set_lip_polygons (project, bare, fixture->lips, fixture->n_lips, NULL, 0, &error));
  g_assert_true (sh_project_get_lip_polygons (project, bare, &outer, &opening, &error));
  g_assert_nonnull (outer);
  g_assert_null (opening);
  g_clear_pointer (&outer, g_array_unref);
  g_assert_true (sh_project_get_lip_polygons (project, worn, &outer, &opening, &error));
  g_assert_null (outer);
  g_assert_null (opening);

  /* Removing the participant takes their photos and lips along. */
  g_assert_true (sh_project_remove_participant (project, "P-001", &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (project, "face_photos"), ==, 0);
  g_assert_cmpint (count_rows (project, "lip_polygons"), ==, 0);
  tryon_fixture_free (fixture);
  sh_project_close (project);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/participants/add-list-remove", test_participants);
  g_test_add_func ("/participants/update", test_update);
  g_test_add_func ("/participants/set-mst", test_set_mst);
  g_test_add_func ("/participants/face-photos-polygons", test_face_photos_and_polygons);
  return run_tests_in_tmp_dir ("shadelab-participants", &tmp_dir);
}
