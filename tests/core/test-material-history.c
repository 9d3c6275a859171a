/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-material-history.c: material changes with undo and redo against a real project file: every step
 * and every undo and redo is one audited change with the right from and to (the values as exported, also
 * when the product has no material row yet); a group (a slider drag, a preset) is one step and one audit
 * entry listing the parameters it moved; what changes nothing the export writes writes nothing; a write the
 * store refuses leaves the material, the audit log and the history as they were. No display needed. */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "color/colorspace.h"
#include "core/models/material-history.h"
#include "core/store/project.h"
#include "tests/lib/project-db.h"
#include "tests/lib/test-fs.h"
#include "tests/lib/test-store.h"

typedef struct {
  char *dir;
  char *path;
  ShProject *project;
  ShMaterialHistory *history;
  gint64 product;
  int changed;
  gint64 changed_product;
} Fixture;

static void
on_changed (ShMaterialHistory *history, gint64 product_id, Fixture *fixture)
{
  fixture->changed++;
  fixture->changed_product = product_id;
}

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  ShProductRow row = { "LIP-01", "Brand", "Red", "lipstick", NULL, "#b0243a" };

  fixture->project = create_project_in_tmp_dir ("shadelab-material-history", "history.shadelab", &fixture->dir,
                                                &fixture->path);
  g_assert_true (sh_project_upsert_product (fixture->project, &row, &fixture->product, &error));
  g_assert_no_error (error);
  fixture->history = sh_material_history_new (fixture->project, "Ada Artist");
  g_signal_connect (fixture->history, "changed", G_CALLBACK (on_changed), fixture);
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  g_clear_object (&fixture->history);
  sh_project_close (fixture->project);
  remove_tree (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

/* "parameter|from|to|who|note" for each audit row, oldest first; NULL shows as "-". */
static GPtrArray *
audit_rows (Fixture *fixture)
{
  return query_rows (fixture->project,
                     "SELECT a.parameter, coalesce (a.old_value, '-'), coalesce (a.new_value, '-'), "
                     "c.who, coalesce (c.note, '-') FROM material_audit a "
                     "JOIN material_changes c ON c.id = a.change_id ORDER BY a.id");
}

/* The number of audit entries (changes). */
static gint64
count_changes (Fixture *fixture)
{
  return query_int (fixture->project, "SELECT count(*) FROM material_changes");
}

static void
assert_audit_row (GPtrArray *rows, guint index, const char *expected)
{
  g_assert_cmpuint (index, <, rows->len);
  g_assert_cmpstr (g_ptr_array_index (rows, index), ==, expected);
}

/* The stored value, "-" for NULL. */
static char *
stored (Fixture *fixture, const char *parameter)
{
  g_autoptr (GError) error = NULL;
  gboolean has_row;
  char *value = sh_material_history_get_stored (fixture->history, fixture->product, parameter, &has_row, &error);

  g_assert_no_error (error);
  return value != NULL ? value : g_strdup ("-");
}

/* The stored value of another product's parameter, "-" for NULL or no material row. */
static char *
stored_of (Fixture *fixture, gint64 product, const char *parameter)
{
  g_autoptr (GError) error = NULL;
  char *value = sh_material_history_get_stored (fixture->history, product, parameter, NULL, &error);

  g_assert_no_error (error);
  return value != NULL ? value : g_strdup ("-");
}

#define ASSERT_STORED_OF(fixture, product, parameter, expected) \
  G_STMT_START { \
    g_autofree char *value_ = stored_of (fixture, product, parameter); \
    g_assert_cmpstr (value_, ==, expected); \
  } G_STMT_END

#define ASSERT_STORED(fixture, parameter, expected) \
  G_STMT_START { \
    g_autofree char *value_ = stored (fixture, parameter); \
    g_assert_cmpstr (value_, ==, expected); \
  } G_STMT_END

static void
test_single_changes (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) rows = NULL;

  g_assert_false (sh_material_history_can_undo (fixture->history));
  g_assert_true (sh_material_history_set (fixture->history, fixture->product, "roughness", "0.3",
                                          "too glossy under the booth light", &error));
  g_assert_no_error (error);
  g_assert_cmpint (fixture->changed, ==, 1);
  g_assert_cmpint (fixture->changed_product, ==, fixture->product);
  /* The same value again is no step and no audit row. */
  g_assert_true (sh_material_history_set (fixture->history, fixture->product, "roughness", "0.30", NULL, &error));
  g_assert_true (sh_material_history_set (fixture->history, fixture->product, "metallic", "0.5", NULL, &error));
  g_assert_true (sh_material_history_set (fixture->history, fixture->product, "base_color", "#C0304A", NULL,
                                          &error));
  g_assert_no_error (error);
  g_assert_cmpint (fixture->changed, ==, 3);
  ASSERT_STORED (fixture, "roughness", "0.3");
  ASSERT_STORED (fixture, "metallic", "0.5");
  ASSERT_STORED (fixture, "base_color", "#c0304a");

  rows = audit_rows (fixture);
  g_assert_cmpuint (rows->len, ==, 3);
  g_assert_cmpint (count_changes (fixture), ==, 3);
  /* The first change created the material row; it comes from what the export used before: the starting
   * roughness of a product without a finish, the catalogue colour. */
  assert_audit_row (rows, 0, "roughness|0.5|0.3|Ada Artist|too glossy under the booth light");
  assert_audit_row (rows, 1, "metallic|0|0.5|Ada Artist|-");
  assert_audit_row (rows, 2, "base_color|#b0243a|#c0304a|Ada Artist|-");
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* Undo, undo, undo: each is audited with the note "undo" and the exact from and to. */
  g_assert_true (sh_material_history_can_undo (fixture->history));
  g_assert_true (sh_material_history_undo (fixture->history, &error));
  g_assert_no_error (error);
  ASSERT_STORED (fixture, "base_color", "-");
  g_assert_true (sh_material_history_undo (fixture->history, &error));
  ASSERT_STORED (fixture, "metallic", "0");
  g_assert_true (sh_material_history_undo (fixture->history, &error));
  g_assert_no_error (error);
  ASSERT_STORED (fixture, "roughness", "-");
  g_assert_false (sh_material_history_can_undo (fixture->history));
  g_assert_true (sh_material_history_can_redo (fixture->history));
  g_assert_cmpint (sh_material_history_get_redo_product (fixture->history), ==, fixture->product);
  rows = audit_rows (fixture);
  g_assert_cmpuint (rows->len, ==, 6);
  assert_audit_row (rows, 3, "base_color|#c0304a|#b0243a|Ada Artist|undo");
  assert_audit_row (rows, 4, "metallic|0.5|0|Ada Artist|undo");
  assert_audit_row (rows, 5, "roughness|0.3|0.5|Ada Artist|undo");
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* Redo brings the first change back, audited as "redo". */
  g_assert_true (sh_material_history_redo (fixture->history, &error));
  g_assert_no_error (error);
  ASSERT_STORED (fixture, "roughness", "0.3");
  rows = audit_rows (fixture);
  assert_audit_row (rows, 6, "roughness|0.5|0.3|Ada Artist|redo");
  g_clear_pointer (&rows, g_ptr_array_unref);
  g_assert_cmpint (fixture->changed, ==, 7);

  /* A new change drops what could still be redone. */
  g_assert_true (sh_material_history_can_redo (fixture->history));
  g_assert_true (sh_material_history_set (fixture->history, fixture->product, "ior", "1.45", NULL, &error));
  g_assert_false (sh_material_history_can_redo (fixture->history));
  g_assert_true (sh_material_history_undo (fixture->history, &error));
  ASSERT_STORED (fixture, "ior", "1.5");
  g_assert_true (sh_material_history_undo (fixture->history, &error));
  ASSERT_STORED (fixture, "roughness", "-");
  g_assert_false (sh_material_history_can_undo (fixture->history));

  /* Refused before anything is written: unknown parameter, value out of range. */
  g_assert_false (sh_material_history_set (fixture->history, fixture->product, "shininess", "1", NULL, &error));
  g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (sh_material_history_set (fixture->history, fixture->product, "roughness", "1.2", NULL, &error));
  g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_INVALID);
  g_clear_error (&error);
  rows = audit_rows (fixture);
  g_assert_cmpuint (rows->len, ==, 10);
}

static void
test_group (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) rows = NULL;
  g_autofree char *staged = NULL;

  /* The starting roughness the product shows already: nothing to write, no step. */
  g_assert_true (sh_material_history_set (fixture->history, fixture->product, "roughness", "0.5", NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_changes (fixture), ==, 0);
  g_assert_false (sh_material_history_can_undo (fixture->history));

  /* A drag: a hundred values, one audit row from the value shown before to the last one. */
  g_assert_true (sh_material_history_begin_group (fixture->history, fixture->product, "Roughness"));
  g_assert_false (sh_material_history_begin_group (fixture->history, fixture->product, "Nested"));
  g_assert_cmpint (sh_material_history_get_group_product (fixture->history), ==, fixture->product);
  for (int i = 0; i <= 100; i++)
    {
      g_autofree char *value = g_strdup_printf ("%.2f", 0.5 + 0.4 * i / 100.0);
      g_assert_true (sh_material_history_set (fixture->history, fixture->product, "roughness", value,
                                              i == 50 ? "matching the swatch" : NULL, &error));
      g_assert_no_error (error);
    }
  /* Staged, not stored: the store still has what it had before the drag (no material row). */
  ASSERT_STORED (fixture, "roughness", "-");
  g_assert_true (sh_material_history_get_staged (fixture->history, "roughness", &staged));
  g_assert_cmpstr (staged, ==, "0.90");
  g_assert_cmpstr (sh_material_history_get_undo_label (fixture->history), ==, "Roughness");
  /* A value out of range is refused while staging; the group goes on. */
  g_assert_false (sh_material_history_set (fixture->history, fixture->product, "roughness", "-1", NULL, &error));
  g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_INVALID);
  g_clear_error (&error);
  rows = audit_rows (fixture);
  g_assert_cmpuint (rows->len, ==, 0);
  g_clear_pointer (&rows, g_ptr_array_unref);
  g_assert_true (sh_material_history_end_group (fixture->history, &error));
  g_assert_no_error (error);
  g_assert_false (sh_material_history_in_group (fixture->history));
  ASSERT_STORED (fixture, "roughness", "0.9");
  rows = audit_rows (fixture);
  g_assert_cmpuint (rows->len, ==, 1);
  assert_audit_row (rows, 0, "roughness|0.5|0.9|Ada Artist|matching the swatch");
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* A drag that ends where it began is no step. */
  g_assert_true (sh_material_history_begin_group (fixture->history, fixture->product, "Roughness"));
  g_assert_true (sh_material_history_set (fixture->history, fixture->product, "roughness", "0.2", NULL, &error));
  g_assert_true (sh_material_history_set (fixture->history, fixture->product, "roughness", "0.9", NULL, &error));
  g_assert_true (sh_material_history_end_group (fixture->history, &error));
  rows = audit_rows (fixture);
  g_assert_cmpuint (rows->len, ==, 1);
  g_clear_pointer (&rows, g_ptr_array_unref);
  g_assert_cmpstr (sh_material_history_get_undo_label (fixture->history), ==, "Roughness");

  /* A preset: several parameters, one step, one audit entry with a row each. */
  g_assert_true (sh_material_history_begin_group (fixture->history, fixture->product, "Gloss Preset"));
  g_assert_true (sh_material_history_set (fixture->history, fixture->product, "finish", "gloss", NULL, &error));
  g_assert_true (sh_material_history_set (fixture->history, fixture->product, "roughness", "0.4", NULL, &error));
  g_assert_true (sh_material_history_set (fixture->history, fixture->product, "clearcoat", "1", NULL, &error));
  g_assert_true (sh_material_history_set (fixture->history, fixture->product, "clearcoat_roughness", "0.04", NULL,
                                          &error));
  g_assert_true (sh_material_history_end_group (fixture->history, &error));
  g_assert_no_error (error);
  rows = audit_rows (fixture);
  g_assert_cmpuint (rows->len, ==, 5);
  g_assert_cmpint (count_changes (fixture), ==, 2);
  assert_audit_row (rows, 1, "finish|-|gloss|Ada Artist|-");
  assert_audit_row (rows, 2, "roughness|0.9|0.4|Ada Artist|-");
  assert_audit_row (rows, 3, "clearcoat|0|1|Ada Artist|-");
  assert_audit_row (rows, 4, "clearcoat_roughness|0|0.04|Ada Artist|-");
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* One undo takes the whole preset back, as one entry. */
  g_assert_cmpstr (sh_material_history_get_undo_label (fixture->history), ==, "Gloss Preset");
  g_assert_true (sh_material_history_undo (fixture->history, &error));
  g_assert_no_error (error);
  ASSERT_STORED (fixture, "finish", "-");
  ASSERT_STORED (fixture, "roughness", "0.9");
  ASSERT_STORED (fixture, "clearcoat", "0");
  ASSERT_STORED (fixture, "clearcoat_roughness", "0");
  rows = audit_rows (fixture);
  g_assert_cmpuint (rows->len, ==, 9);
  g_assert_cmpint (count_changes (fixture), ==, 3);
  assert_audit_row (rows, 5, "finish|gloss|-|Ada Artist|undo");
  assert_audit_row (rows, 8, "clearcoat_roughness|0.04|0|Ada Artist|undo");
  g_clear_pointer (&rows, g_ptr_array_unref);
  g_assert_cmpstr (sh_material_history_get_redo_label (fixture->history), ==, "Gloss Preset");
  g_assert_true (sh_material_history_redo (fixture->history, &error));
  ASSERT_STORED (fixture, "clearcoat", "1");
  ASSERT_STORED (fixture, "finish", "gloss");

  /* Undo with a group open commits the group first, then takes it back. */
  g_assert_true (sh_material_history_begin_group (fixture->history, fixture->product, "Sheen"));
  g_assert_true (sh_material_history_set (fixture->history, fixture->product, "sheen_color", "[0.2,0.1,0.1]", NULL,
                                          &error));
  g_assert_true (sh_material_history_undo (fixture->history, &error));
  g_assert_no_error (error);
  ASSERT_STORED (fixture, "sheen_color", "[0,0,0]");
  rows = audit_rows (fixture);
  assert_audit_row (rows, rows->len - 2, "sheen_color|[0,0,0]|[0.2,0.1,0.1]|Ada Artist|-");
  assert_audit_row (rows, rows->len - 1, "sheen_color|[0.2,0.1,0.1]|[0,0,0]|Ada Artist|undo");
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* A group covers one product; cancelling drops it. */
  g_assert_true (sh_material_history_begin_group (fixture->history, fixture->product, "Metallic"));
  g_assert_false (sh_material_history_set (fixture->history, fixture->product + 1, "metallic", "1", NULL, &error));
  g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (sh_material_history_set (fixture->history, fixture->product, "metallic", "1", NULL, &error));
  sh_material_history_cancel_group (fixture->history);
  g_assert_false (sh_material_history_in_group (fixture->history));
  ASSERT_STORED (fixture, "metallic", "0");
}

static void
fail_audit_writes (Fixture *fixture, gboolean fail)
{
  sqlite3 *db = test_project_db (fixture->project);

  /* The material row is updated first and the audit row written after it: refusing the audit row shows
   * that the whole change is rolled back. */
  g_assert_cmpint (sqlite3_exec (db,
                                 fail ? "CREATE TEMP TRIGGER refuse BEFORE INSERT ON material_audit "
                                        "BEGIN SELECT RAISE (ABORT, 'the disk refused'); END"
                                      : "DROP TRIGGER refuse",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
}

static void
test_failed_write (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) rows = NULL;
  int changed;

  g_assert_true (sh_material_history_set (fixture->history, fixture->product, "roughness", "0.4", NULL, &error));
  g_assert_true (sh_material_history_set (fixture->history, fixture->product, "clearcoat", "0.5", NULL, &error));
  g_assert_no_error (error);
  changed = fixture->changed;

  fail_audit_writes (fixture, TRUE);
  /* A single change. */
  g_assert_false (sh_material_history_set (fixture->history, fixture->product, "roughness", "0.7", NULL, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  ASSERT_STORED (fixture, "roughness", "0.4");
  g_assert_cmpstr (sh_material_history_get_undo_label (fixture->history), !=, NULL);
  g_assert_false (sh_material_history_can_redo (fixture->history));
  /* A group: dropped, nothing half-written. */
  g_assert_true (sh_material_history_begin_group (fixture->history, fixture->product, "Satin Preset"));
  g_assert_true (sh_material_history_set (fixture->history, fixture->product, "finish", "satin", NULL, &error));
  g_assert_true (sh_material_history_set (fixture->history, fixture->product, "roughness", "0.45", NULL, &error));
  g_assert_false (sh_material_history_end_group (fixture->history, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_false (sh_material_history_in_group (fixture->history));
  ASSERT_STORED (fixture, "finish", "-");
  ASSERT_STORED (fixture, "roughness", "0.4");
  /* Undo and redo: the step stays where it was, ready to be tried again. */
  g_assert_false (sh_material_history_undo (fixture->history, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  ASSERT_STORED (fixture, "clearcoat", "0.5");
  g_assert_true (sh_material_history_can_undo (fixture->history));
  g_assert_false (sh_material_history_can_redo (fixture->history));
  g_assert_cmpint (fixture->changed, ==, changed);
  rows = audit_rows (fixture);
  g_assert_cmpuint (rows->len, ==, 2);
  g_clear_pointer (&rows, g_ptr_array_unref);

  fail_audit_writes (fixture, FALSE);
  g_assert_true (sh_material_history_undo (fixture->history, &error));
  g_assert_no_error (error);
  ASSERT_STORED (fixture, "clearcoat", "0");
  g_assert_true (sh_material_history_redo (fixture->history, &error));
  ASSERT_STORED (fixture, "clearcoat", "0.5");

  fail_audit_writes (fixture, TRUE);
  g_assert_false (sh_material_history_undo (fixture->history, &error));
  g_clear_error (&error);
  g_assert_true (sh_material_history_can_undo (fixture->history));
  g_assert_false (sh_material_history_can_redo (fixture->history));
  fail_audit_writes (fixture, FALSE);
  g_assert_true (sh_material_history_undo (fixture->history, &error));
  fail_audit_writes (fixture, TRUE);
  g_assert_false (sh_material_history_redo (fixture->history, &error));
  g_clear_error (&error);
  g_assert_true (sh_material_history_can_redo (fixture->history));
  ASSERT_STORED (fixture, "clearcoat", "0");
  fail_audit_writes (fixture, FALSE);
  rows = audit_rows (fixture);
  g_assert_cmpuint (rows->len, ==, 5);
  assert_audit_row (rows, 2, "clearcoat|0.5|0|Ada Artist|undo");
  assert_audit_row (rows, 3, "clearcoat|0|0.5|Ada Artist|redo");
  assert_audit_row (rows, 4, "clearcoat|0.5|0|Ada Artist|undo");
}

/* A product with a photo whose product box has a robust swatch of linear colour `linear`, measured as gloss:
 * without a material row it shows that colour and the shiny starting point (roughness 0.28, clearcoat 0.5,
 * clearcoat roughness 0.1). The swatch's colour as the export writes it goes into hex. */
static gint64
add_measured_product (Fixture *fixture, const char *sku, const double linear[3], char hex[8])
{
  g_autoptr (GError) error = NULL;
  ShProductRow row = { sku, "Brand", "Measured", "lipstick", NULL, "#e08080" };
  gint64 product = 0;

  g_assert_true (sh_project_upsert_product (fixture->project, &row, &product, &error));
  g_assert_no_error (error);
  add_measured_photo (fixture->project, product, sku, linear, SH_FINISH_GLOSS, hex);
  return product;
}

/* A preset (as the calibration window applies it: every parameter) on a product without a material row is
 * one entry listing only what it moved, each from the value the window showed; what changes nothing writes
 * nothing; undo is one entry back. */
static void
test_preset_from_shown_values (Fixture *fixture, gconstpointer data)
{
  const double linear[3] = { 0.36, 0.066, 0.066 };
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) rows = NULL;
  g_autofree char *expected = NULL;
  char hex[8];
  gint64 product = add_measured_product (fixture, "LIP-SWATCH", linear, hex), change_id = -1;

  /* Writing what the product shows already (its measured colour, its finish's starting point) is no change:
   * no entry, not even a material row. */
  g_assert_true (sh_project_set_material_values (fixture->project, product,
                                                 (const char *[]) { "base_color", "finish", "roughness", "clearcoat",
                                                                    "clearcoat_roughness", "ior" },
                                                 (const char *[]) { hex, "shiny", "0.28", "0.5", "0.1", "1.5" }, 6,
                                                 "Ada Artist", NULL, &change_id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (change_id, ==, 0);
  g_assert_cmpint (count_changes (fixture), ==, 0);
  {
    gboolean has_row = TRUE;

    g_free (sh_material_history_get_stored (fixture->history, product, "finish", &has_row, &error));
    g_assert_no_error (error);
    g_assert_false (has_row);
  }

  /* The matte preset through the history, as one group. */
  g_assert_true (sh_material_history_begin_group (fixture->history, product, "Matte Preset"));
  for (guint i = 0; i < G_N_ELEMENTS (matte_names); i++)
    g_assert_true (sh_material_history_set (fixture->history, product, matte_names[i], matte_values[i], "booth",
                                            &error));
  g_assert_true (sh_material_history_end_group (fixture->history, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_changes (fixture), ==, 1);
  rows = audit_rows (fixture);
  /* Not 13 rows: no "ior 1.5 -> 1.5", nothing from "unset". */
  g_assert_cmpuint (rows->len, ==, 5);
  assert_audit_row (rows, 0, "finish|shiny|matte|Ada Artist|booth");
  assert_audit_row (rows, 1, "roughness|0.28|0.75|Ada Artist|booth");
  assert_audit_row (rows, 2, "clearcoat|0.5|0|Ada Artist|booth");
  assert_audit_row (rows, 3, "clearcoat_roughness|0.1|0|Ada Artist|booth");
  assert_audit_row (rows, 4, "specular|1|0.05|Ada Artist|booth");
  g_clear_pointer (&rows, g_ptr_array_unref);
  ASSERT_STORED_OF (fixture, product, "roughness", "0.75");
  ASSERT_STORED_OF (fixture, product, "ior", "1.5");

  /* The same preset again: no entry, no step. */
  g_assert_true (sh_material_history_begin_group (fixture->history, product, "Matte Preset"));
  for (guint i = 0; i < G_N_ELEMENTS (matte_names); i++)
    g_assert_true (sh_material_history_set (fixture->history, product, matte_names[i], matte_values[i], NULL,
                                            &error));
  g_assert_true (sh_material_history_end_group (fixture->history, &error));
  g_assert_cmpint (count_changes (fixture), ==, 1);
  g_assert_true (sh_material_history_set (fixture->history, product, "specular", "0.05", NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_changes (fixture), ==, 1);

  /* A single value: one entry of one parameter; the base colour comes from the measured swatch's. */
  g_assert_true (sh_material_history_set (fixture->history, product, "base_color", "#B0243A", NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_changes (fixture), ==, 2);
  rows = audit_rows (fixture);
  g_assert_cmpuint (rows->len, ==, 6);
  expected = g_strdup_printf ("base_color|%s|#b0243a|Ada Artist|-", hex);
  assert_audit_row (rows, 5, expected);
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* Undo, undo: the colour and the preset back as they were stored (nothing), each one entry that says so. */
  g_assert_true (sh_material_history_undo (fixture->history, &error));
  g_assert_true (sh_material_history_undo (fixture->history, &error));
  g_assert_no_error (error);
  ASSERT_STORED_OF (fixture, product, "base_color", "-");
  ASSERT_STORED_OF (fixture, product, "finish", "-");
  ASSERT_STORED_OF (fixture, product, "roughness", "-");
  g_assert_cmpint (count_changes (fixture), ==, 4);
  rows = audit_rows (fixture);
  g_assert_cmpuint (rows->len, ==, 12);
  g_clear_pointer (&expected, g_free);
  expected = g_strdup_printf ("base_color|#b0243a|%s|Ada Artist|undo", hex);
  assert_audit_row (rows, 6, expected);
  assert_audit_row (rows, 7, "finish|matte|shiny|Ada Artist|undo");
  assert_audit_row (rows, 8, "roughness|0.75|0.28|Ada Artist|undo");
  assert_audit_row (rows, 11, "specular|0.05|1|Ada Artist|undo");
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* A roughness equal to the one shown is a change on its own though: a calibrated roughness ends the
   * starting point's clearcoat, and the entry says so. */
  product = add_measured_product (fixture, "LIP-SWATCH-2", linear, hex);
  g_assert_true (sh_project_set_material_values (fixture->project, product, (const char *[]) { "roughness" },
                                                 (const char *[]) { "0.28" }, 1, "Ada Artist", NULL, &change_id,
                                                 &error));
  g_assert_no_error (error);
  g_assert_cmpint (change_id, >, 0);
  rows = audit_rows (fixture);
  g_assert_cmpuint (rows->len, ==, 14);
  assert_audit_row (rows, 12, "clearcoat|0.5|0|Ada Artist|-");
  assert_audit_row (rows, 13, "clearcoat_roughness|0.1|0|Ada Artist|-");
}

static void
test_read_only (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("shadelab-material-history-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "ro.shadelab", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL), *shm = g_strconcat (path, "-shm", NULL);
  g_autofree char *lock = g_strconcat (path, ".lock", NULL);
  ShProductRow row = { "RO-1", NULL, NULL, NULL, NULL, NULL };
  ShProject *project = sh_project_create (path, &error);
  g_autoptr (ShMaterialHistory) history = NULL;
  gint64 product;

  g_assert_no_error (error);
  g_assert_true (sh_project_upsert_product (project, &row, &product, &error));
  sh_project_close (project);
  project = sh_project_open (path, SH_PROJECT_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  history = sh_material_history_new (project, "Ada Artist");
  g_assert_false (sh_material_history_set (history, product, "roughness", "0.2", NULL, &error));
  g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_READ_ONLY);
  g_assert_false (sh_material_history_can_undo (history));
  g_clear_object (&history);
  sh_project_close (project);
  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);
  g_unlink (lock);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(name, func) g_test_add ("/material-history/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("single-changes", test_single_changes);
  ADD ("group", test_group);
  ADD ("failed-write", test_failed_write);
  ADD ("preset-from-shown-values", test_preset_from_shown_values);
  g_test_add_func ("/material-history/read-only", test_read_only);
  return g_test_run ();
}
