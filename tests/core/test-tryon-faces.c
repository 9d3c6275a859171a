/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-tryon-faces.c: the faces the calibration window's Try-on row renders a product on, on a real project
 * file with generated bare-lip photos: only participants who consented and have a bare photo with lips drawn,
 * sorted by Monk Skin Tone; a worn photo of the product found (and not one of another product); the rendered
 * lips' median against the worn lips' (a photo of bare lips "wearing" a product of coverage 0 renders to
 * within 0.5 of it, a full red more than 5 from it); nothing outside the lips changed; the MST group means. */
#define G_LOG_DOMAIN "shadelab-test-tryon-faces"

#include "config.h"

#include <string.h>

#include <glib.h>

#include "color/delta-e.h"
#include "core/formats/synth-writer.h"
#include "core/models/tryon-faces.h"
#include "core/store/project-participants.h"
#include "core/store/project-reference.h"
#include "tests/lib/test-fs.h"
#include "tests/lib/tryon-fixture.h"

static char *tmp_dir;

/* A generated bare-lip photo of tone mst with its lips stored; returns the face photo's id. */
static gint64
add_face (ShProject *project, gint64 participant, int mst, ShFacePhotoKind kind, gint64 product, guint32 seed)
{
  g_autofree char *name = g_strdup_printf ("face-%d-%u.png", mst, seed);
  g_autofree char *path = g_build_filename (tmp_dir, name, NULL);
  TryonFixture *fixture = tryon_fixture_new (400, 260, 0.6, sh_monk_skin_tone (mst - 1), TRUE, seed);
  ShSynthEncoding encoding = { .format = SH_SYNTH_PNG, .profile = SH_SYNTH_PROFILE_SRGB, .orientation = 1 };
  g_autoptr (GError) error = NULL;
  gint64 id = 0;

  g_assert_true (sh_synth_write (fixture->linear, fixture->width, fixture->height, &encoding, path, &error));
  g_assert_true (sh_project_add_face_photo (project, participant, kind, product, path, "test", &id, &error));
  g_assert_true (sh_project_set_lip_polygons (project, id, fixture->lips, fixture->n_lips, fixture->opening,
                                              fixture->n_opening, &error));
  g_assert_no_error (error);
  tryon_fixture_free (fixture);
  return id;
}

static void
test_faces (void)
{
  g_autofree char *path = g_build_filename (tmp_dir, "tryon.shadelab", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (ShProject) project = sh_project_create (path, &error);
  g_autoptr (GPtrArray) faces = NULL;
  ShProductRow red = { .sku = "LIP-RED", .brand = "Acme", .shade = "Ruby", .catalog_color = "#b0243a" };
  ShProductRow other = { .sku = "LIP-NUDE", .brand = "Acme", .shade = "Bare", .catalog_color = "#c08e83" };
  gint64 red_id = 0, other_id = 0, p9 = 0, p2 = 0, p5 = 0, p6 = 0, p3 = 0, worn = 0, bare9 = 0;
  const ShTryonFace *face;
  ShMaterial material;
  double lab[3], delta_e[3], means[3];
  int mst[3], counts[3];

  g_assert_no_error (error);
  g_assert_true (sh_project_upsert_product (project, &red, &red_id, &error));
  g_assert_true (sh_project_upsert_product (project, &other, &other_id, &error));
  /* Codes against MST order, so that the sort shows. */
  g_assert_true (sh_project_add_participant (project, "A-9", 9, NULL, NULL, TRUE, "test", &p9, &error));
  g_assert_true (sh_project_add_participant (project, "B-2", 2, NULL, NULL, TRUE, "test", &p2, &error));
  g_assert_true (sh_project_add_participant (project, "C-5", 5, NULL, NULL, FALSE, "test", &p5, &error));
  g_assert_true (sh_project_add_participant (project, "D-6", 6, NULL, NULL, TRUE, "test", &p6, &error));
  g_assert_true (sh_project_add_participant (project, "E-3", 3, NULL, NULL, TRUE, "test", &p3, &error));
  g_assert_no_error (error);
  bare9 = add_face (project, p9, 9, SH_FACE_PHOTO_BARE, 0, 1);
  /* The same bare lips, filed as wearing the red product: what a coverage-0 render must match. */
  worn = add_face (project, p9, 9, SH_FACE_PHOTO_WORN, red_id, 1);
  add_face (project, p2, 2, SH_FACE_PHOTO_BARE, 0, 2);
  add_face (project, p2, 2, SH_FACE_PHOTO_WORN, other_id, 2);
  add_face (project, p5, 5, SH_FACE_PHOTO_BARE, 0, 3);   /* no consent: never shown */
  add_face (project, p6, 6, SH_FACE_PHOTO_WORN, red_id, 4);   /* no bare photo: nothing to render on */
  add_face (project, p3, 3, SH_FACE_PHOTO_BARE, 0, 5);

  faces = sh_tryon_faces_load (project, red_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (faces->len, ==, 3);
  g_assert_cmpstr (((ShTryonFace *) g_ptr_array_index (faces, 0))->code, ==, "B-2");
  g_assert_cmpstr (((ShTryonFace *) g_ptr_array_index (faces, 1))->code, ==, "E-3");
  face = g_ptr_array_index (faces, 2);
  g_assert_cmpstr (face->code, ==, "A-9");
  g_assert_cmpint (face->bare_photo_id, ==, bare9);
  g_assert_cmpint (face->worn_photo_id, ==, worn);
  g_assert_nonnull (face->worn);
  /* B-2 wears another product: no pair for this one. */
  g_assert_cmpint (((ShTryonFace *) g_ptr_array_index (faces, 0))->worn_photo_id, ==, 0);
  g_assert_null (((ShTryonFace *) g_ptr_array_index (faces, 0))->worn);
  /* Cut around the lips, smaller than the photo. */
  g_assert_cmpint (face->bare->width, <, 400);
  g_assert_cmpint (face->bare->width, >, 240);

  /* Coverage 0: the lips stay bare, as the "worn" photo shows them. */
  sh_material_init (&material);
  material.base_color[0] = 0.45;
  material.base_color[1] = 0.02;
  material.base_color[2] = 0.04;
  material.coverage = 0;
  {
    ShImage *rendered = sh_tryon_face_render (face, &material, 0, lab);

    g_assert_nonnull (rendered);
    g_assert_cmpfloat (sh_delta_e2000 (lab, face->worn_lab), <, 0.5);
    sh_image_free (rendered);
  }
  /* Full red coverage: far from the bare lips; the corners, outside the lips, keep their bytes. */
  material.coverage = 1;
  {
    ShImage *rendered = sh_tryon_face_render (face, &material, 0, lab);
    const ShImage *bare = face->bare;

    g_assert_cmpfloat (sh_delta_e2000 (lab, face->worn_lab), >, 5);
    g_assert_cmpint (memcmp (rendered->pixels, bare->pixels, 16), ==, 0);
    g_assert_cmpint (memcmp (rendered->pixels + (size_t) (bare->height - 1) * bare->stride,
                             bare->pixels + (size_t) (bare->height - 1) * bare->stride, (size_t) bare->stride), ==, 0);
    g_assert_cmpint (memcmp (rendered->pixels, bare->pixels, (size_t) bare->stride * bare->height), !=, 0);
    sh_image_free (rendered);
  }

  /* Group means skip faces without a worn photo (negative). */
  delta_e[0] = 2;
  delta_e[1] = -1;
  delta_e[2] = 4;
  mst[0] = 1;
  mst[1] = 5;
  mst[2] = 10;
  sh_tryon_group_means (delta_e, mst, 3, means, counts);
  g_assert_cmpint (counts[0], ==, 1);
  g_assert_cmpint (counts[1], ==, 0);
  g_assert_cmpint (counts[2], ==, 1);
  g_assert_cmpfloat (means[0], ==, 2);
  g_assert_cmpfloat (means[2], ==, 4);
  g_assert_cmpint (sh_tryon_mst_group (3), ==, 0);
  g_assert_cmpint (sh_tryon_mst_group (4), ==, 1);
  g_assert_cmpint (sh_tryon_mst_group (7), ==, 1);
  g_assert_cmpint (sh_tryon_mst_group (8), ==, 2);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/tryon-faces/load-render", test_faces);
  return run_tests_in_tmp_dir ("shadelab-tryon-faces", &tmp_dir);
}
