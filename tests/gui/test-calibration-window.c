/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-calibration-window.c: the calibration window in-process, opened with Ctrl+K's action from the labeling
 * window on a project built through the store API from generated photos and their robust swatches. It
 * selects products, applies presets, moves the roughness control, undoes and redoes, and checks after each
 * step what the materials table and the audit log hold, what the tone grid shows (the matte preset shows
 * the base colour at the lip's camera-facing point) and the four-way comparison. At 1024x700 the window
 * and its Review page must fit: nothing scrolls sideways, the Why entry, Approve and Send Back are in view,
 * every parameter can be scrolled to. A change the store refuses (its write-ahead log deleted) must show the
 * banner and put the control back on the stored value. Leaves calibration-window.png, tone-grid-compare.png,
 * calibration-1024x700.png, review-1024x700.png, calibration-1366x768.png, review-1366x768.png and
 * calibration-save-failed.png in the build's tests/ directory for a look. The Try-on row renders the product
 * on the consenting participants' bare lips in MST order, beside their worn photos, with CIEDE2000 and group
 * means that follow the coverage slider, and "on this face" renders the comparison's plain average and robust
 * colour on the first participant with a worn photo (calibration-tryon.png). Needs a display (skips without
 * one). */
#include "config.h"

#include "core/store/project-reference.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "color/colorspace.h"
#include "color/delta-e.h"
#include "core/formats/synth-writer.h"
#include "core/store/project-participants.h"
#include "core/store/project.h"
#include "sh-calibration-window.h"
#include "sh-project-window.h"
#include "sh-review-view.h"
#include "tests/lib/export-fixture.h"
#include "tests/lib/project-db.h"
#include "tests/lib/test-fs.h"
#include "tests/lib/test-gtk.h"
#include "tests/lib/test-window.h"
#include "tests/lib/tryon-fixture.h"

typedef struct {
  char *dir;
  char *project_path;
  ShProjectWindow *project_window;
  ShCalibrationWindow *window;
} Fixture;

static void
wait_for_grid (Fixture *fixture)
{
  ShToneGrid *grid = sh_calibration_window_get_tone_grid (fixture->window);

  WAIT_FOR (!sh_tone_grid_is_rendering (grid) && sh_tone_grid_get_tile_texture (grid, 0) != NULL);
}

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  ShProject *project;

  fixture->dir = make_tmp_dir ("shadelab-calibration");
  project = fixture_photo_project (fixture->dir, &error);
  g_assert_no_error (error);
  /* A studio's own reference tone, beside the ten Monk tones. */
  g_assert_true (sh_project_add_tone (project, "Studio deep", "#4a3024", "test", NULL, &error));
  g_assert_no_error (error);
  fixture->project_path = g_strdup (sh_project_get_path (project));
  sh_project_close (project);

  fixture->project_window = open_project_window (fixture->project_path, 1000, 700);

  /* Ctrl+K's action. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->project_window), "win.calibrate-materials", NULL));
  fixture->window = sh_calibration_window_find (fixture->project_window);
  g_assert_nonnull (fixture->window);
  g_object_ref (fixture->window);
  /* Asking again presents the same window: one per project. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->project_window), "win.calibrate-materials", NULL));
  g_assert_true (sh_calibration_window_find (fixture->project_window) == fixture->window);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1600, 1000);
  WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (fixture->window)));
  wait_for_grid (fixture);
  {
    ShToneGrid *grid = sh_calibration_window_get_tone_grid (fixture->window);
    g_assert_cmpuint (sh_tone_grid_get_n_tones (grid), ==, 11);
    g_assert_cmpstr (sh_tone_grid_get_tone (grid, 10)->name, ==, "Studio deep");
  }
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->project_window));
  /* The calibration window goes with the labeling window. */
  spin (50);
  g_assert_null (gtk_widget_get_parent (GTK_WIDGET (fixture->window)));
  g_clear_object (&fixture->window);
  g_clear_object (&fixture->project_window);
  spin (300);
  remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->project_path);
}

static void
activate (Fixture *fixture, const char *action, GVariant *parameter)
{
  activate_action (GTK_WIDGET (fixture->window), action, parameter);
}

static sqlite3 *
db (Fixture *fixture)
{
  return test_project_db (sh_project_window_get_project (fixture->project_window));
}

/* A column of the product's material row as text ("-" for NULL or no row). */
static char *
stored (Fixture *fixture, const char *column)
{
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM materials WHERE product_id = ?1", column);
  sqlite3_stmt *stmt = NULL;
  char *value;

  g_assert_cmpint (sqlite3_prepare_v2 (db (fixture), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, sh_calibration_window_get_selected_product (fixture->window));
  value = sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL
            ? g_strdup_printf ("%g", sqlite3_column_double (stmt, 0))
            : g_strdup ("-");
  if (g_strcmp0 (column, "finish") == 0 && sqlite3_column_type (stmt, 0) == SQLITE_TEXT)
    {
      g_free (value);
      value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
    }
  sqlite3_finalize (stmt);
  return value;
}

#define ASSERT_STORED(fixture, column, expected) \
  G_STMT_START { \
    g_autofree char *value_ = stored (fixture, column); \
    g_assert_cmpstr (value_, ==, expected); \
  } G_STMT_END

/* The product's audit rows "parameter|from|to|note", oldest first. */
static GPtrArray *
audit_rows (Fixture *fixture)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db (fixture),
                                       "SELECT a.parameter, coalesce (a.old_value, '-'), coalesce (a.new_value, '-'), "
                                       "coalesce (c.note, '-'), c.who FROM material_audit a JOIN material_changes c "
                                       "ON c.id = a.change_id WHERE c.product_id = ?1 ORDER BY a.id",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, sh_calibration_window_get_selected_product (fixture->window));
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 4), !=, "");
      g_ptr_array_add (rows, g_strdup_printf ("%s|%s|%s|%s", sqlite3_column_text (stmt, 0),
                                              sqlite3_column_text (stmt, 1), sqlite3_column_text (stmt, 2),
                                              sqlite3_column_text (stmt, 3)));
    }
  sqlite3_finalize (stmt);
  return rows;
}

/* The number of the product's audit entries: one per change, whatever the number of parameters it moved. */
static guint
audit_changes (Fixture *fixture)
{
  sqlite3_stmt *stmt = NULL;
  guint count;

  g_assert_cmpint (sqlite3_prepare_v2 (db (fixture), "SELECT count(*) FROM material_changes WHERE product_id = ?1",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, sh_calibration_window_get_selected_product (fixture->window));
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  count = (guint) sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return count;
}

static double
lip_delta_e (ShToneGrid *grid, guint tile, guint half, const double base_linear[3])
{
  guint8 rgb[3];
  double lab[3], base_lab[3];

  g_assert_true (sh_tone_grid_get_lip_srgb (grid, tile, half, rgb));
  sh_srgb8_to_lab (rgb, lab);
  sh_linear_srgb_to_lab (base_linear, base_lab);
  return sh_delta_e2000 (lab, base_lab);
}

/* Pixels that differ by more than 2 in a channel. */
static guint
changed_pixels (GdkTexture *a, GdkTexture *b)
{
  int w = gdk_texture_get_width (a), h = gdk_texture_get_height (a);
  g_autofree guchar *pa = g_malloc ((gsize) w * h * 4), *pb = g_malloc ((gsize) w * h * 4);
  guint changed = 0;

  g_assert_cmpint (gdk_texture_get_width (b), ==, w);
  gdk_texture_download (a, pa, (gsize) w * 4);
  gdk_texture_download (b, pb, (gsize) w * 4);
  for (gsize i = 0; i < (gsize) w * h; i++)
    for (int c = 0; c < 3; c++)
      if (ABS ((int) pa[4 * i + c] - (int) pb[4 * i + c]) > 2)
        {
          changed++;
          break;
        }
  return changed;
}

static void
test_products_and_comparison (Fixture *fixture, gconstpointer data)
{
  ShToneGrid *grid = sh_calibration_window_get_tone_grid (fixture->window);
  guint8 surround[3];

  /* The fixture's five products: four have a colour (calibrated, two from swatches, one catalogue). */
  g_assert_cmpuint (sh_calibration_window_get_n_products (fixture->window), ==, 4);
  g_assert_false (sh_calibration_window_select_product (fixture->window, FIXTURE_SKU_NONE));
  /* The ten Monk tones and the project's own. */
  g_assert_cmpuint (sh_tone_grid_get_n_tones (grid), ==, 11);
  sh_tone_grid_get_surround_rgb (grid, surround);
  /* L* 50 grey on an sRGB monitor. */
  g_assert_cmpint (surround[0], ==, 0x77);
  g_assert_cmpint (surround[1], ==, 0x77);
  g_assert_cmpint (surround[2], ==, 0x77);

  activate (fixture, "win.select-product", g_variant_new_string (FIXTURE_SKU_SWATCH));
  g_assert_cmpstr (sh_calibration_window_get_selected_sku (fixture->window), ==, FIXTURE_SKU_SWATCH);
  WAIT_FOR (sh_calibration_window_is_comparison_ready (fixture->window));
  /* Its colour comes from the robust swatch: the tuned colour is the robust extraction. */
  g_assert_cmpfloat (sh_calibration_window_get_delta_e (fixture->window, "tuned", "robust"), <, 0.5);
  g_assert_cmpfloat (sh_calibration_window_get_delta_e (fixture->window, "tuned", "robust"), >=, 0);
  /* The plain average of the box takes in background and highlights: it is not the product's colour. */
  g_assert_cmpfloat (sh_calibration_window_get_delta_e (fixture->window, "mean", "robust"), >, 1.0);
  /* No reference photo in this project. */
  g_assert_cmpfloat (sh_calibration_window_get_delta_e (fixture->window, "reference", "robust"), <, 0);
  /* The base colour is named in words, shown, as everywhere a colour is shown. */
  {
    GtkLabel *names = GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (fixture->window), SH_TYPE_CALIBRATION_WINDOW,
                                                                "base_color_names_label"));

    g_assert_true (gtk_widget_is_visible (GTK_WIDGET (names)));
    g_assert_nonnull (strstr (gtk_label_get_text (names), "(ISCC-NBS "));
    g_assert_nonnull (strstr (gtk_label_get_text (names), " · "));
  }

  /* The catalogue-only product has no photo: only the tuned colour. */
  g_assert_true (sh_calibration_window_select_product (fixture->window, FIXTURE_SKU_CATALOG));
  WAIT_FOR (sh_calibration_window_is_comparison_ready (fixture->window));
  g_assert_cmpfloat (sh_calibration_window_get_delta_e (fixture->window, "tuned", "robust"), <, 0);
  wait_for_grid (fixture);
  for (guint i = 0; i < 10; i++)
    g_assert_nonnull (sh_tone_grid_get_tile_description (grid, i));
  g_assert_true (g_str_has_prefix (sh_tone_grid_get_tile_description (grid, 0), "MST 1: lips #"));
}

static void
test_tune_undo_redo (Fixture *fixture, gconstpointer data)
{
  ShToneGrid *grid = sh_calibration_window_get_tone_grid (fixture->window);
  g_autoptr (GPtrArray) rows = NULL;
  const ShMaterial *material;
  guint frames;
  GdkTexture *before_texture;

  activate (fixture, "win.select-product", g_variant_new_string (FIXTURE_SKU_SWATCH));
  wait_for_grid (fixture);

  /* Matte preset: one step; the grid shows the base colour where the lip faces the camera, on every tone. */
  activate (fixture, "win.apply-preset", g_variant_new_string ("matte"));
  ASSERT_STORED (fixture, "roughness", "0.75");
  ASSERT_STORED (fixture, "specular", "0.05");
  ASSERT_STORED (fixture, "clearcoat", "0");
  material = sh_calibration_window_get_material (fixture->window);
  g_assert_cmpfloat_with_epsilon (material->roughness, 0.75, 1e-9);
  g_assert_cmpfloat_with_epsilon (material->coverage, 1, 1e-9);
  wait_for_grid (fixture);
  for (guint i = 0; i < 10; i++)
    g_assert_cmpfloat (lip_delta_e (grid, i, 0, material->base_color), <, 1.5);
  rows = audit_rows (fixture);
  /* The fixture set its finish (which moved the starting roughness too); the preset is one change listing
   * what it moved as exported: the matte starting roughness was shown already, so only specular. */
  g_assert_cmpuint (rows->len, ==, 3);
  g_assert_cmpuint (audit_changes (fixture), ==, 2);
  g_assert_cmpstr (g_ptr_array_index (rows, 1), ==, "roughness|0.5|0.75|fixture");
  g_assert_cmpstr (g_ptr_array_index (rows, 2), ==, "specular|1|0.05|-");
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* Gloss preset. */
  activate (fixture, "win.apply-preset", g_variant_new_string ("gloss"));
  ASSERT_STORED (fixture, "finish", "gloss");
  ASSERT_STORED (fixture, "roughness", "0.4");
  ASSERT_STORED (fixture, "clearcoat", "1");
  ASSERT_STORED (fixture, "clearcoat_roughness", "0.04");
  ASSERT_STORED (fixture, "specular", "1");
  /* One change, each parameter from what the matte preset left. */
  rows = audit_rows (fixture);
  g_assert_cmpuint (audit_changes (fixture), ==, 3);
  g_assert_cmpuint (rows->len, ==, 8);
  g_assert_cmpstr (g_ptr_array_index (rows, 3), ==, "finish|matte|gloss|-");
  g_assert_cmpstr (g_ptr_array_index (rows, 4), ==, "roughness|0.75|0.4|-");
  g_assert_cmpstr (g_ptr_array_index (rows, 7), ==, "specular|0.05|1|-");
  g_clear_pointer (&rows, g_ptr_array_unref);
  wait_for_grid (fixture);
  before_texture = g_object_ref (sh_tone_grid_get_tile_texture (grid, 4));

  /* Roughness moved as a person would (twice, quickly): previewed at once, stored once it is still. */
  sh_calibration_window_set_note (fixture->window, "booth check");
  frames = sh_tone_grid_get_frame_count (grid);
  g_assert_true (sh_calibration_window_set_parameter (fixture->window, "roughness", 0.62));
  g_assert_true (sh_calibration_window_set_parameter (fixture->window, "roughness", 0.85));
  ASSERT_STORED (fixture, "roughness", "0.4");
  WAIT_FOR (sh_tone_grid_get_frame_count (grid) > frames && !sh_tone_grid_is_rendering (grid));
  /* The live preview shows the rougher film before anything is stored. */
  g_assert_cmpuint (changed_pixels (before_texture, sh_tone_grid_get_tile_texture (grid, 4)), >, 500);
  g_clear_object (&before_texture);
  spin (700);
  ASSERT_STORED (fixture, "roughness", "0.85");
  rows = audit_rows (fixture);
  g_assert_cmpstr (g_ptr_array_index (rows, rows->len - 1), ==, "roughness|0.4|0.85|booth check");
  g_assert_cmpuint (sh_calibration_window_get_audit_row_count (fixture->window), ==, audit_changes (fixture));
  g_clear_pointer (&rows, g_ptr_array_unref);
  sh_calibration_window_set_note (fixture->window, NULL);

  /* Coverage is the renderer's own: previewed, never stored. */
  g_assert_true (sh_calibration_window_set_parameter (fixture->window, "coverage", 0.5));
  g_assert_true (sh_calibration_window_commit (fixture->window));
  rows = audit_rows (fixture);
  g_assert_cmpstr (g_ptr_array_index (rows, rows->len - 1), ==, "roughness|0.4|0.85|booth check");
  g_clear_pointer (&rows, g_ptr_array_unref);
  g_assert_true (sh_calibration_window_set_parameter (fixture->window, "coverage", 1));

  /* Undo: roughness back, audited as "undo"; again: the whole gloss preset. */
  activate (fixture, "win.undo", NULL);
  ASSERT_STORED (fixture, "roughness", "0.4");
  g_assert_cmpfloat_with_epsilon (sh_calibration_window_get_material (fixture->window)->roughness, 0.4, 1e-9);
  rows = audit_rows (fixture);
  g_assert_cmpstr (g_ptr_array_index (rows, rows->len - 1), ==, "roughness|0.85|0.4|undo");
  g_clear_pointer (&rows, g_ptr_array_unref);
  activate (fixture, "win.undo", NULL);
  ASSERT_STORED (fixture, "finish", "matte");
  ASSERT_STORED (fixture, "roughness", "0.75");
  ASSERT_STORED (fixture, "clearcoat", "0");
  ASSERT_STORED (fixture, "specular", "0.05");
  /* Redo brings the preset back. */
  activate (fixture, "win.redo", NULL);
  ASSERT_STORED (fixture, "finish", "gloss");
  ASSERT_STORED (fixture, "clearcoat", "1");
  rows = audit_rows (fixture);
  g_assert_cmpstr (g_ptr_array_index (rows, rows->len - 1), ==, "specular|0.05|1|redo");
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* Undo from another product goes back to the product it changes. */
  g_assert_true (sh_calibration_window_select_product (fixture->window, FIXTURE_SKU_CATALOG));
  activate (fixture, "win.undo", NULL);
  g_assert_cmpstr (sh_calibration_window_get_selected_sku (fixture->window), ==, FIXTURE_SKU_SWATCH);
  ASSERT_STORED (fixture, "finish", "matte");

  /* The audit log list shows the product's changes, one row each. */
  activate (fixture, "win.show-audit-log", NULL);
  g_assert_cmpuint (sh_calibration_window_get_audit_row_count (fixture->window), ==, audit_changes (fixture));
  spin (200);

  wait_for_grid (fixture);
  save_png (GTK_WIDGET (fixture->window), "calibration-window.png");
}

static void
test_first_change_pins_starting_point (Fixture *fixture, gconstpointer data)
{
  /* SKU-A has no material row: roughness and clearcoat come from its photo's finish. Changing the metallic
   * value writes the starting point down too, so the grid does not jump. */
  const ShMaterial *material;
  double roughness;

  g_assert_true (sh_calibration_window_select_product (fixture->window, FIXTURE_SKU_SWATCH_CASE));
  ASSERT_STORED (fixture, "roughness", "-");
  material = sh_calibration_window_get_material (fixture->window);
  roughness = material->roughness;
  g_assert_true (sh_calibration_window_set_parameter (fixture->window, "metallic", 0.2));
  g_assert_true (sh_calibration_window_commit (fixture->window));
  ASSERT_STORED (fixture, "metallic", "0.2");
  {
    g_autofree char *expected = g_strdup_printf ("%g", roughness);
    ASSERT_STORED (fixture, "roughness", expected);
  }
  /* The pinned values are what the grid showed already: the change audits the slider's parameter alone. */
  {
    g_autoptr (GPtrArray) rows = audit_rows (fixture);
    g_assert_cmpuint (audit_changes (fixture), ==, 1);
    g_assert_cmpuint (rows->len, ==, 1);
    g_assert_cmpstr (g_ptr_array_index (rows, 0), ==, "metallic|0|0.2|-");
  }
  g_assert_cmpfloat_with_epsilon (sh_calibration_window_get_material (fixture->window)->roughness, roughness, 1e-4);
  /* One step: undo takes it all back. */
  activate (fixture, "win.undo", NULL);
  ASSERT_STORED (fixture, "roughness", "-");
  ASSERT_STORED (fixture, "metallic", "0");
}

static void
test_compare_mode (void)
{
  GtkWidget *window = gtk_window_new ();
  ShToneGrid *grid = SH_TONE_GRID (sh_tone_grid_new ());
  ShMaterial red, blue;
  guint8 left[3], right[3];

  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (grid));
  gtk_window_present (GTK_WINDOW (window));
  sh_material_init (&red);
  sh_material_set_finish (&red, SH_MATERIAL_FINISH_MATTE);
  blue = red;
  red.base_color[0] = 0.43, red.base_color[1] = 0.018, red.base_color[2] = 0.042;
  blue.base_color[0] = 0.03, blue.base_color[1] = 0.05, blue.base_color[2] = 0.40;
  sh_tone_grid_set_material (grid, &red);
  sh_tone_grid_set_compare_material (grid, &blue);
  sh_tone_grid_set_compare_labels (grid, "Before", "After");
  WAIT_FOR (sh_tone_grid_get_frame_count (grid) > 0 && !sh_tone_grid_is_rendering (grid));
  g_assert_true (sh_tone_grid_get_compare (grid));
  g_assert_true (sh_tone_grid_get_lip_srgb (grid, 0, 0, left));
  g_assert_true (sh_tone_grid_get_lip_srgb (grid, 0, 1, right));
  g_assert_cmpint (left[0], >, left[2]);
  g_assert_cmpint (right[2], >, right[0]);
  g_assert_nonnull (strstr (sh_tone_grid_get_tile_description (grid, 0), "(right)"));

  /* Custom tones replace the Monk set; latest parameters win. */
  {
    ShSkinTone tones[2];
    g_assert_true (sh_skin_tone_from_hex ("Studio A", "#c68642", &tones[0]));
    g_assert_true (sh_skin_tone_from_hex ("Studio B", "#8d5524", &tones[1]));
    sh_tone_grid_set_tones (grid, tones, 2);
  }
  for (int i = 0; i < 20; i++)
    {
      red.roughness = i / 20.0;
      sh_tone_grid_set_material (grid, &red);
      g_main_context_iteration (NULL, FALSE);
    }
  sh_tone_grid_set_compare_material (grid, NULL);
  WAIT_FOR (!sh_tone_grid_is_rendering (grid) && sh_tone_grid_get_tile_description (grid, 1) != NULL);
  g_assert_cmpuint (sh_tone_grid_get_n_tones (grid), ==, 2);
  g_assert_true (g_str_has_prefix (sh_tone_grid_get_tile_description (grid, 1), "Studio B: lips #"));
  g_assert_false (sh_tone_grid_get_lip_srgb (grid, 1, 1, right));
  sh_tone_grid_set_material (grid, &red);
  sh_tone_grid_set_compare_material (grid, &blue);
  WAIT_FOR (!sh_tone_grid_is_rendering (grid));
  spin (100);
  save_png (GTK_WIDGET (grid), "tone-grid-compare.png");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* ---- fitting a 1024x700 screen ---- */

#define SMALL_WIDTH 1024
#define SMALL_HEIGHT 700

static GtkWidget *
template_child (Fixture *fixture, const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (fixture->window), SH_TYPE_CALIBRATION_WINDOW, name);

  g_assert_nonnull (child);
  return GTK_WIDGET (child);
}

/* The window at a size, as a window manager would set it: its surface, CSD frame included. */
static void
resize_window (GtkWindow *window, int width, int height)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));

  gtk_window_set_default_size (window, width, height);
  WAIT_FOR (gdk_surface_get_width (surface) == width && gdk_surface_get_height (surface) == height);
  spin (300);
}

/* The window asks for no more than the small screen: its minimum and natural width, and its height at that
 * width. */
static void
assert_window_fits (GtkWidget *window, int width, int height)
{
  int minimum = 0, natural = 0;

  gtk_widget_measure (window, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, &natural, NULL, NULL);
  g_test_message ("window width: minimum %d, natural %d", minimum, natural);
  g_assert_cmpint (minimum, <=, width);
  g_assert_cmpint (natural, <=, width);
  gtk_widget_measure (window, GTK_ORIENTATION_VERTICAL, width, &minimum, &natural, NULL, NULL);
  g_test_message ("window height at %d: minimum %d, natural %d", width, minimum, natural);
  g_assert_cmpint (minimum, <=, height);
  g_assert_cmpint (natural, <=, height);
}

/* The widget is shown whole: mapped, not empty, and inside every one of its ancestors up to the window (a
 * widget scrolled out of its viewport, or pushed past the window's edge, fails). */
static void
assert_shown_whole (GtkWidget *widget, const char *what)
{
  GtkWidget *window = GTK_WIDGET (gtk_widget_get_root (widget));
  graphene_rect_t bounds;

  g_test_message ("%s", what);
  g_assert_true (gtk_widget_get_mapped (widget));
  g_assert_true (gtk_widget_get_child_visible (widget));
  for (GtkWidget *ancestor = gtk_widget_get_parent (widget); ancestor != NULL;
       ancestor = gtk_widget_get_parent (ancestor))
    {
      g_assert_true (gtk_widget_compute_bounds (widget, ancestor, &bounds));
      g_assert_cmpfloat (bounds.size.width, >, 0);
      g_assert_cmpfloat (bounds.size.height, >, 0);
      if (bounds.origin.x < -0.5 || bounds.origin.y < -0.5
          || bounds.origin.x + bounds.size.width > gtk_widget_get_width (ancestor) + 0.5
          || bounds.origin.y + bounds.size.height > gtk_widget_get_height (ancestor) + 0.5)
        g_error ("%s (%s) at %.0f,%.0f %.0fx%.0f is cut off by its %s ancestor (%dx%d)", what,
                 G_OBJECT_TYPE_NAME (widget), bounds.origin.x, bounds.origin.y, bounds.size.width,
                 bounds.size.height, G_OBJECT_TYPE_NAME (ancestor), gtk_widget_get_width (ancestor),
                 gtk_widget_get_height (ancestor));
      if (ancestor == window)
        break;
    }
}

/* Nothing is cut off at the sides: the scrolled window has no horizontal scrolling to do. */
static void
assert_no_side_scrolling (GtkWidget *scrolled, const char *what)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_hadjustment (GTK_SCROLLED_WINDOW (scrolled));

  g_test_message ("%s: %.0f wide in %.0f", what, gtk_adjustment_get_upper (adjustment),
                  gtk_adjustment_get_page_size (adjustment));
  g_assert_cmpfloat (gtk_adjustment_get_upper (adjustment), <=, gtk_adjustment_get_page_size (adjustment) + 0.5);
}

/* Scrolls the widget's nearest scrolled window until the widget is inside it, as a person would. */
static void
scroll_to (GtkWidget *widget)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adjustment;
  graphene_rect_t bounds;
  double value;

  g_assert_nonnull (scrolled);
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  g_assert_true (gtk_widget_compute_bounds (widget, scrolled, &bounds));
  value = gtk_adjustment_get_value (adjustment);
  if (bounds.origin.y < 0)
    value += bounds.origin.y;
  else if (bounds.origin.y + bounds.size.height > gtk_widget_get_height (scrolled))
    value += bounds.origin.y + bounds.size.height - gtk_widget_get_height (scrolled);
  gtk_adjustment_set_value (adjustment, value);
  spin (100);
}

static void
test_fits_small_screen (Fixture *fixture, gconstpointer data)
{
  GtkWidget *window = GTK_WIDGET (fixture->window);
  GtkWidget *parameters = template_child (fixture, "parameter_box");
  GtkWidget *review_bin = template_child (fixture, "review_bin");
  ShReviewView *review;
  GtkWidget *approve, *send_back, *comment;

  g_assert_true (sh_calibration_window_select_product (fixture->window, FIXTURE_SKU_SWATCH));
  resize_window (GTK_WINDOW (window), SMALL_WIDTH, SMALL_HEIGHT);
  wait_for_grid (fixture);
  save_png (window, "calibration-1024x700.png");
  assert_window_fits (window, SMALL_WIDTH, SMALL_HEIGHT);

  /* Tune: the note is in view as the window opens; every parameter can be scrolled to; the tone grid and
   * the comparison take as many columns as fit, so nothing needs scrolling sideways. */
  assert_no_side_scrolling (template_child (fixture, "centre_scroller"), "the tone grid and the comparison");
  assert_no_side_scrolling (gtk_widget_get_ancestor (parameters, GTK_TYPE_SCROLLED_WINDOW), "the parameters");
  g_assert_cmpuint (sh_tone_grid_get_columns (sh_calibration_window_get_tone_grid (fixture->window)), >=, 3);
  assert_shown_whole (template_child (fixture, "note_entry"), "the Why entry");
  assert_shown_whole (template_child (fixture, "finish_dropdown"), "the finish preset");
  scroll_to (gtk_widget_get_last_child (gtk_widget_get_parent (parameters)));
  assert_shown_whole (gtk_widget_get_last_child (gtk_widget_get_parent (parameters)), "the glitter colour");
  scroll_to (gtk_widget_get_last_child (parameters));
  assert_shown_whole (gtk_widget_get_last_child (parameters), "the last parameter row");
  scroll_to (gtk_widget_get_first_child (parameters));
  assert_shown_whole (gtk_widget_get_first_child (parameters), "the first parameter row");
  assert_shown_whole (template_child (fixture, "note_entry"), "the Why entry after scrolling");
  scroll_to (template_child (fixture, "comparison_row"));
  assert_shown_whole (template_child (fixture, "comparison_row"), "the four-way comparison");

  /* Review: approve and send back in view with the comment, on the first product. */
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (template_child (fixture, "view_stack")), "review");
  review = SH_REVIEW_VIEW (adw_bin_get_child (ADW_BIN (review_bin)));
  WAIT_FOR (!sh_review_view_is_busy (review) && sh_review_view_get_selected_sku (review) != NULL);
  WAIT_FOR (!sh_tone_grid_is_rendering (sh_review_view_get_tone_grid (review)));
  spin (200);
  assert_window_fits (window, SMALL_WIDTH, SMALL_HEIGHT);
  approve = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (review), SH_TYPE_REVIEW_VIEW, "approve_button"));
  send_back = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (review), SH_TYPE_REVIEW_VIEW,
                                                         "send_back_button"));
  comment = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (review), SH_TYPE_REVIEW_VIEW, "comment_entry"));
  save_png (window, "review-1024x700.png");
  assert_no_side_scrolling (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (review), SH_TYPE_REVIEW_VIEW,
                                                                      "detail_scroller")),
                            "the review's details");
  assert_shown_whole (approve, "Approve");
  assert_shown_whole (send_back, "Send Back");
  assert_shown_whole (comment, "the review comment");

  /* A common laptop screen, for a look, where the screen is that large (the window never outgrows it). */
  {
    GdkDisplay *display = gtk_widget_get_display (window);
    GdkMonitor *monitor = gdk_display_get_monitor_at_surface (display, gtk_native_get_surface (GTK_NATIVE (window)));
    GdkRectangle screen = { 0 };

    if (monitor != NULL)
      gdk_monitor_get_geometry (monitor, &screen);
    if (screen.width < 1366 || screen.height < 768)
      {
        g_test_message ("the screen is %dx%d: no 1366x768 screenshots", screen.width, screen.height);
        return;
      }
  }
  resize_window (GTK_WINDOW (window), 1366, 768);
  save_png (window, "review-1366x768.png");
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (template_child (fixture, "view_stack")), "tune");
  wait_for_grid (fixture);
  scroll_to (GTK_WIDGET (sh_calibration_window_get_tone_grid (fixture->window)));
  scroll_to (template_child (fixture, "product_title"));
  spin (200);
  save_png (window, "calibration-1366x768.png");
}

/* ---- refused changes ---- */

/* The store refuses every change once its write-ahead log is deleted behind its back: the banner says the
 * change was not saved, to reopen the project from the labeling window (which shows its own banner) and the
 * store's reason; the control returns to the stored value. A preset and a review decision are refused into
 * the same banner. Reopening the project (in the labeling window) closes this window. */
static void
test_save_failed (Fixture *fixture, gconstpointer data)
{
  g_autofree char *wal = g_strconcat (fixture->project_path, "-wal", NULL);
  GtkSpinButton *roughness_spin;
  GtkRevealer *revealer;
  g_autofree char *stored_roughness = NULL;
  g_autofree char *stored_finish = NULL;
  const char *failure;
  double roughness;
  ShReviewView *review;

  g_assert_true (sh_calibration_window_select_product (fixture->window, FIXTURE_SKU_SWATCH));
  roughness_spin = GTK_SPIN_BUTTON (find_named (template_child (fixture, "parameter_box"), "roughness"));
  revealer = GTK_REVEALER (template_child (fixture, "save_failed_revealer"));
  g_assert_nonnull (roughness_spin);
  g_assert_null (sh_calibration_window_get_save_failure (fixture->window));
  g_assert_false (gtk_revealer_get_reveal_child (revealer));
  roughness = sh_calibration_window_get_material (fixture->window)->roughness;
  stored_roughness = stored (fixture, "roughness");
  stored_finish = stored (fixture, "finish");
  g_assert_cmpfloat (fabs (roughness - 0.9), >, 0.1);

  g_assert_cmpint (g_unlink (wal), ==, 0);
  g_assert_true (sh_calibration_window_set_parameter (fixture->window, "roughness", 0.9));
  g_assert_cmpfloat_with_epsilon (gtk_spin_button_get_value (roughness_spin), 0.9, 1e-9);
  g_test_expect_message ("shadelab-project", G_LOG_LEVEL_WARNING, "*write-ahead log*deleted*");
  g_test_expect_message ("shadelab-calibration", G_LOG_LEVEL_WARNING, "change not saved*");
  g_test_expect_message ("shadelab-window", G_LOG_LEVEL_WARNING, "change not saved*");
  g_assert_false (sh_calibration_window_commit (fixture->window));
  g_test_assert_expected_messages ();

  failure = sh_calibration_window_get_save_failure (fixture->window);
  g_assert_nonnull (failure);
  g_assert_true (g_str_has_prefix (failure, "Your last change was not saved."));
  g_assert_nonnull (strstr (failure, "Reopen the project from the labeling window"));
  /* The store's own reason, under it. */
  g_assert_nonnull (strstr (failure, "cannot be written any more"));
  g_assert_true (gtk_widget_get_visible (template_child (fixture, "labeling_window_button")));
  WAIT_FOR (gtk_revealer_get_child_revealed (revealer));
  assert_shown_whole (template_child (fixture, "save_failed_label"), "the banner");
  assert_shown_whole (template_child (fixture, "labeling_window_button"), "the banner's button");
  /* The project is reopened in the labeling window: it says so too. */
  g_assert_nonnull (sh_project_window_get_save_failure (fixture->project_window));
  /* Not saved, and not shown as saved: the control is back on the stored value. */
  ASSERT_STORED (fixture, "roughness", stored_roughness);
  g_assert_cmpfloat_with_epsilon (sh_calibration_window_get_material (fixture->window)->roughness, roughness, 1e-9);
  g_assert_cmpfloat_with_epsilon (gtk_spin_button_get_value (roughness_spin), roughness, 1e-9);

  /* A preset: the finish dropdown returns to the stored finish. Dismissed first, the banner comes back. */
  activate (fixture, "win.dismiss-save-failure", NULL);
  g_assert_null (sh_calibration_window_get_save_failure (fixture->window));
  g_test_expect_message ("shadelab-calibration", G_LOG_LEVEL_WARNING, "change not saved*");
  g_test_expect_message ("shadelab-window", G_LOG_LEVEL_WARNING, "change not saved*");
  activate (fixture, "win.apply-preset", g_variant_new_string ("gloss"));
  g_test_assert_expected_messages ();
  g_assert_nonnull (sh_calibration_window_get_save_failure (fixture->window));
  ASSERT_STORED (fixture, "finish", stored_finish);
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (template_child (fixture, "finish_dropdown"))), ==,
                    SH_MATERIAL_FINISH_MATTE);
  g_assert_cmpstr (stored_finish, ==, "matte");
  g_assert_cmpfloat_with_epsilon (gtk_spin_button_get_value (roughness_spin), roughness, 1e-9);

  /* Review: approving is refused into the same banner; the decision shown stays the stored one (none). */
  activate (fixture, "win.dismiss-save-failure", NULL);
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (template_child (fixture, "view_stack")), "review");
  review = SH_REVIEW_VIEW (adw_bin_get_child (ADW_BIN (template_child (fixture, "review_bin"))));
  WAIT_FOR (!sh_review_view_is_busy (review) && sh_review_view_get_selected_sku (review) != NULL);
  g_assert_null (sh_review_view_get_decision (review));
  g_test_expect_message ("shadelab-calibration", G_LOG_LEVEL_WARNING, "change not saved*");
  g_test_expect_message ("shadelab-window", G_LOG_LEVEL_WARNING, "change not saved*");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (review), "review.approve", NULL));
  g_test_assert_expected_messages ();
  failure = sh_calibration_window_get_save_failure (fixture->window);
  g_assert_nonnull (failure);
  g_assert_nonnull (strstr (failure, "cannot be written any more"));
  g_assert_null (sh_review_view_get_decision (review));
  spin (200);
  save_png (GTK_WIDGET (fixture->window), "calibration-save-failed.png");

  /* Reopening the project, in the labeling window, closes this window (recording the labeling time is
   * refused on the way, as the old connection goes). */
  g_test_expect_message ("shadelab-window", G_LOG_LEVEL_WARNING, "labeling time*cannot be written*");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->project_window), "win.reopen-project", NULL));
  g_test_assert_expected_messages ();
  spin (50);
  g_assert_null (sh_calibration_window_find (fixture->project_window));
  g_assert_null (sh_project_window_get_save_failure (fixture->project_window));
}

/* A generated bare-lip photo of tone mst with its lips, as a face photo of participant (kind, product). */
static void
add_face (ShProject *project, const char *dir, gint64 participant, int mst, ShFacePhotoKind kind, gint64 product)
{
  g_autofree char *name = g_strdup_printf ("face-%d.png", mst);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  ShSynthEncoding encoding = { .format = SH_SYNTH_PNG, .profile = SH_SYNTH_PROFILE_SRGB, .orientation = 1 };
  g_autoptr (GError) error = NULL;
  gint64 id = 0;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      TryonFixture *fixture = tryon_fixture_new (480, 300, 0.6, sh_monk_skin_tone (mst - 1), TRUE, (guint32) mst);

      g_assert_true (sh_synth_write (fixture->linear, fixture->width, fixture->height, &encoding, path, &error));
      tryon_fixture_free (fixture);
    }
  g_assert_true (sh_project_add_face_photo (project, participant, kind, product, path, "test", &id, &error));
  g_assert_no_error (error);
  {
    TryonFixture *fixture = tryon_fixture_new (480, 300, 0.6, sh_monk_skin_tone (mst - 1), TRUE, (guint32) mst);

    g_assert_true (sh_project_set_lip_polygons (project, id, fixture->lips, fixture->n_lips, fixture->opening,
                                                fixture->n_opening, &error));
    tryon_fixture_free (fixture);
  }
  g_assert_no_error (error);
}

static void
wait_for_tryon (ShTryonRow *row, guint frames)
{
  WAIT_FOR (!sh_tryon_row_is_busy (row) && sh_tryon_row_get_frame_count (row) > frames);
}

static void
test_tryon_row (Fixture *fixture, gconstpointer data)
{
  ShTryonRow *row = sh_calibration_window_get_tryon_row (fixture->window);
  g_autoptr (GError) error = NULL;
  /* The labeling window's connection: the project is open for writing there. */
  ShProject *project = sh_project_window_get_project (fixture->project_window);
  gint64 product = 0, p8 = 0, p2 = 0, p5 = 0, p4 = 0;
  double full[2], mean;
  int mst = 0, count = 0;
  guint frames;

  g_assert_true (sh_project_find_product (project, FIXTURE_SKU_MATERIAL, &product, &error));
  g_assert_true (sh_project_add_participant (project, "P-8", 8, NULL, NULL, TRUE, "test", &p8, &error));
  g_assert_true (sh_project_add_participant (project, "P-2", 2, NULL, NULL, TRUE, "test", &p2, &error));
  g_assert_true (sh_project_add_participant (project, "P-5", 5, NULL, NULL, TRUE, "test", &p5, &error));
  g_assert_true (sh_project_add_participant (project, "P-4", 4, NULL, NULL, FALSE, "test", &p4, &error));
  g_assert_no_error (error);
  /* Worn photos that are the bare lips themselves: a coverage-0 render matches them. P-5 wears nothing. */
  add_face (project, fixture->dir, p8, 8, SH_FACE_PHOTO_BARE, 0);
  add_face (project, fixture->dir, p8, 8, SH_FACE_PHOTO_WORN, product);
  add_face (project, fixture->dir, p2, 2, SH_FACE_PHOTO_BARE, 0);
  add_face (project, fixture->dir, p2, 2, SH_FACE_PHOTO_WORN, product);
  add_face (project, fixture->dir, p5, 5, SH_FACE_PHOTO_BARE, 0);
  add_face (project, fixture->dir, p4, 4, SH_FACE_PHOTO_BARE, 0);   /* no consent: never shown */

  g_assert_true (sh_calibration_window_select_product (fixture->window, FIXTURE_SKU_MATERIAL));
  wait_for_tryon (row, 0);
  g_assert_cmpuint (sh_tryon_row_get_n_faces (row), ==, 3);
  g_assert_cmpstr (sh_tryon_row_get_code (row, 0, &mst), ==, "P-2");
  g_assert_cmpint (mst, ==, 2);
  g_assert_cmpstr (sh_tryon_row_get_code (row, 1, NULL), ==, "P-5");
  g_assert_cmpstr (sh_tryon_row_get_code (row, 2, NULL), ==, "P-8");
  g_assert_cmpfloat (sh_tryon_row_get_delta_e (row, 1), <, 0);
  full[0] = sh_tryon_row_get_delta_e (row, 0);
  full[1] = sh_tryon_row_get_delta_e (row, 2);
  g_assert_cmpfloat (full[0], >, 3);
  g_assert_cmpfloat (full[1], >, 3);
  mean = sh_tryon_row_get_group_mean (row, 0, &count);
  g_assert_cmpint (count, ==, 1);
  g_assert_cmpfloat_with_epsilon (mean, full[0], 1e-9);
  sh_tryon_row_get_group_mean (row, 1, &count);
  g_assert_cmpint (count, ==, 0);
  sh_tryon_row_get_group_mean (row, 2, &count);
  g_assert_cmpint (count, ==, 1);
  {
    GtkScrolledWindow *centre = GTK_SCROLLED_WINDOW (gtk_widget_get_template_child (
      GTK_WIDGET (fixture->window), SH_TYPE_CALIBRATION_WINDOW, "centre_scroller"));
    GtkAdjustment *v = gtk_scrolled_window_get_vadjustment (centre);

    spin (100);
    gtk_adjustment_set_value (v, gtk_adjustment_get_upper (v));
    spin (200);
  }
  save_png (GTK_WIDGET (fixture->window), "calibration-tryon.png");

  /* On this face: P-2, the first with a worn photo; the tuned render is its pair's, the plain average and the
   * robust colour (the comparison's, of the product's photo) rendered too, each compared with the worn lips. */
  WAIT_FOR (sh_calibration_window_is_comparison_ready (fixture->window));
  g_assert_cmpfloat (sh_calibration_window_get_delta_e (fixture->window, "mean", "robust"), >, 1);
  WAIT_FOR (!sh_tryon_row_is_busy (row) && sh_tryon_row_get_face_delta_e (row, "robust") >= 0);
  g_assert_cmpfloat_with_epsilon (sh_tryon_row_get_face_delta_e (row, "tuned"), sh_tryon_row_get_delta_e (row, 0),
                                  1e-9);
  g_assert_cmpfloat (sh_tryon_row_get_face_delta_e (row, "mean"), >=, 0);
  g_assert_cmpfloat (fabs (sh_tryon_row_get_face_delta_e (row, "mean") - sh_tryon_row_get_face_delta_e (row, "robust")),
                     >, 0.5);

  /* The coverage slider taken to 0: the row follows, and the bare lips match their "worn" selves. */
  frames = sh_tryon_row_get_frame_count (row);
  g_assert_true (sh_calibration_window_set_parameter (fixture->window, "coverage", 0));
  wait_for_tryon (row, frames);
  g_assert_cmpfloat (sh_tryon_row_get_delta_e (row, 0), <, 0.5);
  g_assert_cmpfloat (sh_tryon_row_get_delta_e (row, 2), <, 0.5);
  g_assert_cmpfloat (sh_tryon_row_get_group_mean (row, 2, NULL), <, 0.5);
}

int
main (int argc, char **argv)
{
  g_setenv ("GSK_RENDERER", "cairo", TRUE);
  if (!test_gtk_init (&argc, &argv))
    return 77;
#define ADD(name, func) \
  g_test_add ("/calibration-window/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("products-and-comparison", test_products_and_comparison);
  ADD ("tune-undo-redo", test_tune_undo_redo);
  ADD ("first-change-pins-starting-point", test_first_change_pins_starting_point);
  ADD ("fits-small-screen", test_fits_small_screen);
  ADD ("save-failed", test_save_failed);
  ADD ("tryon-row", test_tryon_row);
  g_test_add_func ("/calibration-window/tone-grid-compare", test_compare_mode);
  return g_test_run ();
}
