/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-tryon-faces: what the calibration window's Try-on row costs, on one thread: a project of N consenting
 * participants (Monk Skin Tones 1-10 in turn), each with a generated 2-megapixel bare-lip photo and one worn
 * photo of the product, their lips drawn. Times reading the faces once (sh_tryon_faces_load: the store, decoding
 * both photos, cutting them to the lips, the worn median) and then the frame the row renders for each change of
 * the material (every face: the render on the bare lips, its median and CIEDE2000 to the worn lips, the
 * picture through the display transform), and prints the p50, p95 and worst over the runs.
 *
 *   bench-tryon-faces [--faces N] [--runs N] [--size WxH]
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "color/delta-e.h"
#include "color/display.h"
#include "core/formats/synth-writer.h"
#include "core/models/tryon-faces.h"
#include "core/store/project-participants.h"
#include "core/store/project-reference.h"
#include "tests/lib/test-fs.h"
#include "tests/lib/test-stats.h"
#include "tests/lib/tryon-fixture.h"

static void
add_photo (ShProject *project, const char *dir, gint64 participant, int mst, ShFacePhotoKind kind,
           gint64 product, int width, int height)
{
  g_autofree char *name = g_strdup_printf ("face-%" G_GINT64_FORMAT "-%d.jpg", participant, kind);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  TryonFixture *fixture = tryon_fixture_new (width, height, 0.35, sh_monk_skin_tone (mst - 1), TRUE,
                                             (guint32) participant);
  ShSynthEncoding encoding = { .format = SH_SYNTH_JPEG, .jpeg_quality = 92, .profile = SH_SYNTH_PROFILE_SRGB,
                               .orientation = 1 };
  g_autoptr (GError) error = NULL;
  gint64 id = 0;

  if (!sh_synth_write (fixture->linear, fixture->width, fixture->height, &encoding, path, &error)
      || !sh_project_add_face_photo (project, participant, kind, product, path, "bench", &id, &error)
      || !sh_project_set_lip_polygons (project, id, fixture->lips, fixture->n_lips, fixture->opening,
                                       fixture->n_opening, &error))
    g_error ("%s", error->message);
  tryon_fixture_free (fixture);
}

static void
report (const char *what, double *times, int n)
{
  qsort (times, (size_t) n, sizeof *times, compare_double);
  printf ("%s: p50 %.1f ms, p95 %.1f ms, worst %.1f ms (%d runs)\n", what, times[n / 2], times[(n * 95) / 100],
          times[n - 1], n);
}

int
main (int argc, char **argv)
{
  int n_faces = 10, runs = 21, width = 1632, height = 1224;
  g_autofree char *dir = make_tmp_dir ("shadelab-bench-tryon-faces");
  g_autofree char *path = g_build_filename (dir, "bench.shadelab", NULL);
  g_autoptr (GError) error = NULL;
  ShProductRow product = { .sku = "LIP-01", .brand = "Bench", .shade = "Red", .catalog_color = "#a8243a" };
  ShDisplayProfile *monitor = sh_display_profile_new_srgb ();
  ShProject *project;
  gint64 product_id = 0;
  ShMaterial material;
  double *load_times, *frame_times;

  for (int i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--faces") == 0 && i + 1 < argc)
        n_faces = atoi (argv[++i]);
      else if (strcmp (argv[i], "--runs") == 0 && i + 1 < argc)
        runs = atoi (argv[++i]);
      else if (strcmp (argv[i], "--size") == 0 && i + 1 < argc && sscanf (argv[i + 1], "%dx%d", &width, &height) == 2)
        i++;
      else
        {
          fprintf (stderr, "usage: %s [--faces N] [--runs N] [--size WxH]\n", argv[0]);
          return 2;
        }
    }
  project = sh_project_create (path, &error);
  if (project == NULL || !sh_project_upsert_product (project, &product, &product_id, &error))
    g_error ("%s", error->message);
  for (int i = 0; i < n_faces; i++)
    {
      g_autofree char *code = g_strdup_printf ("P-%03d", i + 1);
      gint64 participant = 0;

      if (!sh_project_add_participant (project, code, i % 10 + 1, NULL, NULL, TRUE, "bench", &participant, &error))
        g_error ("%s", error->message);
      add_photo (project, dir, participant, i % 10 + 1, SH_FACE_PHOTO_BARE, 0, width, height);
      add_photo (project, dir, participant, i % 10 + 1, SH_FACE_PHOTO_WORN, product_id, width, height);
    }

  sh_material_init (&material);
  material.base_color[0] = 0.38;
  material.base_color[1] = 0.02;
  material.base_color[2] = 0.05;
  sh_material_set_finish (&material, SH_MATERIAL_FINISH_SATIN);
  load_times = g_new (double, runs);
  frame_times = g_new (double, runs);
  for (int run = 0; run < runs; run++)
    {
      double start = now_ms ();
      g_autoptr (GPtrArray) faces = sh_tryon_faces_load (project, product_id, &error);

      if (faces == NULL || (int) faces->len != n_faces)
        g_error ("loading the faces: %s", error != NULL ? error->message : "some are missing");
      load_times[run] = now_ms () - start;
      start = now_ms ();
      for (guint i = 0; i < faces->len; i++)
        {
          const ShTryonFace *face = g_ptr_array_index (faces, i);
          char message[256];
          double lab[3];
          ShImage *rendered = sh_tryon_face_render (face, &material, 0, lab);
          ShDisplayTransform *transform = sh_display_transform_new_for_image (monitor, &rendered->model, NULL, 0,
                                                                              message, sizeof message);
          int step = MAX (1, (rendered->width + 179) / 180);
          int w = sh_display_reduced_size (rendered->width, step), h = sh_display_reduced_size (rendered->height, step);
          guint8 *pixels = g_malloc ((gsize) w * h * 4);
          volatile double delta_e = sh_delta_e2000 (lab, face->worn_lab);

          (void) delta_e;
          sh_display_transform_render_image (transform, rendered, 0, 0, rendered->width, rendered->height, step,
                                             pixels, w * 4);
          g_free (pixels);
          sh_display_transform_unref (transform);
          sh_image_free (rendered);
        }
      frame_times[run] = now_ms () - start;
    }
  printf ("%d faces, bare and worn photos %dx%d (%.1f megapixels each)\n", n_faces, width, height,
          width * (double) height / 1e6);
  report ("reading the faces (on a product change)", load_times, runs);
  report ("one frame, every face (on a material change)", frame_times, runs);
  sh_project_close (project);
  sh_display_profile_unref (monitor);
  remove_tree (dir);
  g_free (load_times);
  g_free (frame_times);
  return 0;
}
