/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-products.c: a technical artist's work from the GUI, in-process: the product store functions, linking a
 * photo as an undoable step, the one finish vocabulary, the Products window (create, refuse, edit), the Set
 * Product chooser's search, the colour names in the lists and the form, the Catalogue Check (the same problems
 * as `shadelab-cli lint`, a clean catalogue's empty state, a problem selecting its product), Import
 * Catalogue… (a malformed file changes nothing and names its first error;
 * a good one links photos), Ctrl+K on the photo's product or the empty state, and Export… (options checked as
 * the CLI checks them, a COCO export that tests/lib/check-export.py accepts). Leaves products-window.png,
 * products-lint.png, products-export-progress.png and products-catalog-error.png in the build's tests/
 * directory for a look.
 * Needs a display (skips without one). */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "color/material.h"
#include "core/formats/catalog.h"
#include "core/formats/color-names.h"
#include "core/models/catalog-lint.h"
#include "core/models/edit-history.h"
#include "core/store/project-products.h"
#include "core/store/project-reference.h"
#include "sh-calibration-window.h"
#include "sh-catalog-lint-view.h"
#include "sh-export-dialog.h"
#include "sh-product-bar.h"
#include "sh-product-chooser.h"
#include "sh-product-item.h"
#include "sh-products-window.h"
#include "sh-project-window.h"
#include "tests/lib/export-fixture.h"
#include "tests/lib/test-cli.h"
#include "tests/lib/test-fs.h"
#include "tests/lib/test-gtk.h"
#include "tests/lib/test-window.h"

/* ---- a project of three generated photos, open in a labeling window ---- */

typedef WindowFixture Fixture;

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  window_fixture_open_generated (fixture, "shadelab-products-XXXXXX", "artist.shadelab", "3", "480x360");
}

/* A second connection, as another reader (or the checker after the app) sees the file. */
static ShProject *
open_reader (Fixture *fixture)
{
  g_autoptr (GError) error = NULL;
  ShProject *reader = sh_project_open (fixture->project_path, SH_PROJECT_OPEN_READ_ONLY, &error);

  g_assert_no_error (error);
  return reader;
}

static guint
count_products (Fixture *fixture)
{
  g_autoptr (ShProject) reader = open_reader (fixture);
  g_autoptr (GPtrArray) products = sh_project_list_products (reader, NULL);

  g_assert_nonnull (products);
  return products->len;
}

/* The id of the photo with that file name (import order follows the decoders, so ids are looked up). */
static gint64
image_named (Fixture *fixture, const char *file_name)
{
  g_autoptr (ShProject) reader = open_reader (fixture);
  g_autoptr (GArray) ids = sh_project_find_images_by_name (reader, file_name, NULL);

  g_assert_nonnull (ids);
  g_assert_cmpuint (ids->len, ==, 1);
  return g_array_index (ids, gint64, 0);
}

static gint64
image_product (Fixture *fixture, gint64 image_id)
{
  g_autoptr (ShProject) reader = open_reader (fixture);
  gint64 product_id = -1;

  g_assert_true (sh_project_get_image_product (reader, image_id, &product_id, NULL));
  return product_id;
}

static const char *
product_bar_text (Fixture *fixture)
{
  GtkWidget *bar = find_descendant (GTK_WIDGET (fixture->window), SH_TYPE_PRODUCT_BAR);

  g_assert_nonnull (bar);
  return sh_product_bar_get_text (SH_PRODUCT_BAR (bar));
}

/* ---- the store ---- */

static void
test_store (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  ShProject *project = sh_project_window_get_project (fixture->window);
  ShProductRow row = { .sku = "  RED-01 ", .brand = "Shadelab", .shade = "Booth Red", .category = "lipstick",
                       .catalog_color = "#B0243A" };
  g_autoptr (ShProduct) product = NULL;
  g_autoptr (GPtrArray) categories = NULL;
  gint64 red = 0, nude = 0, linked = -1;
  char hex[8];

  g_assert_true (sh_product_parse_color ("B0243A", hex));
  g_assert_cmpstr (hex, ==, "#b0243a");
  g_assert_false (sh_product_parse_color ("#b0243", hex));
  g_assert_false (sh_product_parse_color ("#b0243g", hex));

  g_assert_true (sh_project_create_product (project, &row, &red, &error));
  g_assert_no_error (error);
  product = sh_project_get_product (project, red, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (product->sku, ==, "RED-01");
  g_assert_cmpstr (product->catalog_color, ==, "#b0243a");
  g_assert_cmpstr (product->category, ==, "lipstick");
  g_clear_pointer (&product, sh_product_free);

  /* The same SKU again is refused, not merged. */
  row.sku = "RED-01";
  row.brand = "Other";
  g_assert_false (sh_project_create_product (project, &row, NULL, &error));
  g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "already exists"));
  g_clear_error (&error);

  row = (ShProductRow) { .sku = "NUDE-02" };
  g_assert_true (sh_project_create_product (project, &row, &nude, &error));
  g_assert_no_error (error);

  /* An edit replaces every field: a new SKU, no brand, a new category, no colour. */
  row = (ShProductRow) { .sku = "RED-01B", .brand = "", .shade = "Booth Red", .category = "lip oil" };
  g_assert_true (sh_project_update_product (project, red, &row, &error));
  g_assert_no_error (error);
  product = sh_project_get_product (project, red, &error);
  g_assert_cmpstr (product->sku, ==, "RED-01B");
  g_assert_null (product->brand);
  g_assert_null (product->catalog_color);
  g_assert_cmpstr (product->category, ==, "lip oil");
  categories = sh_project_list_categories (project, &error);
  g_assert_cmpstr (g_ptr_array_index (categories, categories->len - 1), ==, "lip oil");

  /* Refused whole: another product's SKU, a colour that is not #rrggbb, no SKU. */
  row = (ShProductRow) { .sku = "NUDE-02" };
  g_assert_false (sh_project_update_product (project, red, &row, &error));
  g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_INVALID);
  g_clear_error (&error);
  row = (ShProductRow) { .sku = "RED-01C", .catalog_color = "#12345" };
  g_assert_false (sh_project_update_product (project, red, &row, &error));
  g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_INVALID);
  g_clear_error (&error);
  row = (ShProductRow) { .sku = " " };
  g_assert_false (sh_project_update_product (project, red, &row, &error));
  g_clear_error (&error);
  g_clear_pointer (&product, sh_product_free);
  product = sh_project_get_product (project, red, &error);
  g_assert_cmpstr (product->sku, ==, "RED-01B");

  /* Photos: none linked, then one. */
  g_assert_true (sh_project_get_image_product (project, 1, &linked, &error));
  g_assert_cmpint (linked, ==, 0);
  g_assert_true (sh_project_set_image_product (project, 1, nude, &error));
  g_assert_true (sh_project_get_image_product (project, 1, &linked, &error));
  g_assert_cmpint (linked, ==, nude);
  g_assert_false (sh_project_get_image_product (project, 999, &linked, &error));
  g_clear_error (&error);
}

/* ---- linking a photo: one step of the labeling history ---- */

static void
test_link_undo (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  ShProject *project = sh_project_window_get_project (fixture->window);
  ShProductRow row = { .sku = "RED-01", .brand = "Shadelab", .shade = "Booth Red", .catalog_color = "#b0243a" };
  gint64 image = sh_project_window_get_current_image (fixture->window);
  gint64 red = 0;
  g_autoptr (ShEditHistory) history = sh_edit_history_new (project, "tester");

  g_assert_true (sh_project_create_product (project, &row, &red, &error));
  g_assert_cmpstr (product_bar_text (fixture), ==, "No product");

  /* The window's actions: link, undo, redo, unlink. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.link-product", "x", red));
  g_assert_cmpint (image_product (fixture, image), ==, red);
  g_assert_cmpstr (product_bar_text (fixture), ==, "RED-01 · Shadelab · Booth Red");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.undo", NULL));
  g_assert_cmpint (image_product (fixture, image), ==, 0);
  g_assert_cmpstr (product_bar_text (fixture), ==, "No product");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.redo", NULL));
  g_assert_cmpint (image_product (fixture, image), ==, red);
  g_assert_cmpstr (product_bar_text (fixture), ==, "RED-01 · Shadelab · Booth Red");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.unlink-product", NULL));
  g_assert_cmpint (image_product (fixture, image), ==, 0);

  /* The history itself: labels, and linking to the product it has is no step. */
  g_assert_true (sh_edit_history_set_image_product (history, image, red, &error));
  g_assert_cmpstr (sh_edit_history_get_undo_label (history), ==, "Undo Set Product");
  g_assert_true (sh_edit_history_set_image_product (history, image, red, &error));
  g_assert_true (sh_edit_history_set_image_product (history, image, 0, &error));
  g_assert_cmpstr (sh_edit_history_get_undo_label (history), ==, "Undo Unlink Product");
  g_assert_true (sh_edit_history_undo (history, &error));
  g_assert_cmpint (image_product (fixture, image), ==, red);
  g_assert_true (sh_edit_history_undo (history, &error));
  g_assert_cmpint (image_product (fixture, image), ==, 0);
  g_assert_false (sh_edit_history_can_undo (history));
  g_assert_true (sh_edit_history_redo (history, &error));
  g_assert_cmpint (image_product (fixture, image), ==, red);
  /* A product that is not there is refused, and nothing changes. */
  g_assert_false (sh_edit_history_set_image_product (history, image, 4242, &error));
  g_assert_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_INVALID);
  g_assert_cmpint (image_product (fixture, image), ==, red);
}

/* ---- one finish vocabulary ---- */

static void
test_finish_names (void)
{
  ShMaterialFinish finish;

  /* A photo's "gloss" (CLI JSON, swatches) is the "shiny" preset everywhere the windows name it. */
  g_assert_cmpint (sh_material_finish_for_class (SH_FINISH_MATTE), ==, SH_MATERIAL_FINISH_MATTE);
  g_assert_cmpint (sh_material_finish_for_class (SH_FINISH_SATIN), ==, SH_MATERIAL_FINISH_SATIN);
  g_assert_cmpint (sh_material_finish_for_class (SH_FINISH_GLOSS), ==, SH_MATERIAL_FINISH_SHINY);
  g_assert_true (sh_material_finish_for_class_name ("gloss", &finish));
  g_assert_cmpstr (sh_material_finish_name (finish), ==, "shiny");
  g_assert_false (sh_material_finish_for_class_name ("shiny", &finish));
  g_assert_false (sh_material_finish_for_class_name (NULL, &finish));
  g_assert_cmpstr (sh_finish_class_name (SH_FINISH_GLOSS), ==, "gloss");
  g_assert_cmpstr (sh_material_finish_label (SH_MATERIAL_FINISH_SHINY), ==, "Shiny");
  for (int i = 0; i < SH_MATERIAL_N_FINISHES; i++)
    {
      g_assert_true (sh_material_finish_from_name (sh_material_finish_name (i), &finish));
      g_assert_cmpint (finish, ==, i);
      g_assert_cmpstr (sh_material_finish_label (i), !=, "?");
    }
}

/* ---- the Products window ---- */

/* The Products window, as the labeling window's action opens it, once it is on screen. */
static ShProductsWindow *
show_products (Fixture *fixture)
{
  return SH_PRODUCTS_WINDOW (window_fixture_show (fixture, "win.show-products",
                                                  (WindowFinder) sh_products_window_find));
}

static void
test_products_window (Fixture *fixture, gconstpointer data)
{
  ShProductsWindow *products;
  gint64 id = 0, renamed = 0;
  g_autoptr (ShProject) reader = NULL;
  g_autoptr (ShProduct) product = NULL;

  products = show_products (fixture);
  g_assert_cmpuint (sh_products_window_get_n_products (products), ==, 0);

  /* Refused with a reason, nothing stored: no SKU, a colour that is not #rrggbb. */
  sh_products_window_fill (products, "", "Shadelab", NULL, NULL, NULL, NULL);
  g_assert_false (sh_products_window_save (products, NULL));
  g_assert_nonnull (sh_products_window_get_error (products));
  sh_products_window_fill (products, "RED-01", "Shadelab", "Booth Red", NULL, NULL, "#b0243");
  g_assert_false (sh_products_window_save (products, NULL));
  g_assert_nonnull (strstr (sh_products_window_get_error (products), "#rrggbb"));
  g_assert_cmpuint (count_products (fixture), ==, 0);

  /* Created, with a category that joins the list (in lower case, as a catalogue stores them). */
  sh_products_window_fill (products, "RED-01", "Shadelab", "Booth Red", "Lip Oil", "EU", "#B0243A");
  g_assert_true (sh_products_window_save (products, &id));
  g_assert_null (sh_products_window_get_error (products));
  g_assert_cmpint (sh_products_window_get_selected (products), ==, id);
  g_assert_cmpuint (sh_products_window_get_n_products (products), ==, 1);
  reader = open_reader (fixture);
  product = sh_project_get_product (reader, id, NULL);
  g_assert_cmpstr (product->sku, ==, "RED-01");
  g_assert_cmpstr (product->category, ==, "lip oil");
  g_assert_cmpstr (product->marketplace, ==, "EU");
  g_assert_cmpstr (product->catalog_color, ==, "#b0243a");
  g_clear_pointer (&product, sh_product_free);
  /* The form names the catalogue colour, to copy. */
  {
    GtkWidget *names = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (products), SH_TYPE_PRODUCTS_WINDOW,
                                                                  "color_names_label"));
    g_autofree char *expected = sh_color_names_describe_hex ("#b0243a");

    g_assert_cmpstr (expected, ==, "Vivid Red (ISCC-NBS 11) · tan cool red");
    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (names)), ==, expected);
    g_assert_true (gtk_label_get_selectable (GTK_LABEL (names)));
  }

  /* A second with the same SKU is refused. */
  g_assert_true (sh_products_window_select (products, 0));
  sh_products_window_fill (products, "RED-01", NULL, NULL, NULL, NULL, NULL);
  g_assert_false (sh_products_window_save (products, NULL));
  g_assert_nonnull (strstr (sh_products_window_get_error (products), "already exists"));
  g_assert_cmpuint (count_products (fixture), ==, 1);

  /* Edited: the SKU and the shade change, the colour goes. */
  g_assert_true (sh_products_window_select (products, id));
  sh_products_window_fill (products, "RED-01-V2", "Shadelab", "Booth Red 2", "lip oil", "EU", "");
  g_assert_true (sh_products_window_save (products, &renamed));
  g_assert_cmpint (renamed, ==, id);
  product = sh_project_get_product (reader, id, NULL);
  g_assert_cmpstr (product->sku, ==, "RED-01-V2");
  g_assert_cmpstr (product->shade, ==, "Booth Red 2");
  g_assert_null (product->catalog_color);
  g_assert_cmpuint (count_products (fixture), ==, 1);
  /* Without a colour the form says there is none yet, rather than leaving a blank. */
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (gtk_widget_get_template_child (
                                GTK_WIDGET (products), SH_TYPE_PRODUCTS_WINDOW, "color_names_label"))),
                            "No catalogue colour"));

  /* The labeling view follows a change to the photo's product. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.link-product", "x", id));
  g_assert_cmpstr (product_bar_text (fixture), ==, "RED-01-V2 · Shadelab · Booth Red 2");
  sh_products_window_fill (products, "RED-01-V2", "Shadelab", "Booth Red 3", "lip oil", "EU", "#b0243a");
  g_assert_true (sh_products_window_save (products, NULL));
  g_assert_cmpstr (product_bar_text (fixture), ==, "RED-01-V2 · Shadelab · Booth Red 3");
  /* Its chip names the catalogue colour (tooltip and screen readers). */
  {
    GtkWidget *bar = find_descendant (GTK_WIDGET (fixture->window), SH_TYPE_PRODUCT_BAR);
    GtkWidget *chip = find_descendant (bar, GTK_TYPE_DRAWING_AREA);

    g_assert_cmpstr (gtk_widget_get_tooltip_text (chip), ==,
                     "Catalogue colour #b0243a, Vivid Red (ISCC-NBS 11) · tan cool red");
  }

  gtk_window_set_default_size (GTK_WINDOW (products), 880, 600);
  spin (300);
  save_png (GTK_WIDGET (products), "products-window.png");
  gtk_window_destroy (GTK_WINDOW (products));
  spin (50);
}

/* ---- Set Product… ---- */

static void
chosen (ShProductChooser *chooser, gint64 product_id, gint64 *out)
{
  *out = product_id;
}

static void
test_chooser (Fixture *fixture, gconstpointer data)
{
  ShProject *project = sh_project_window_get_project (fixture->window);
  ShProductRow rows[] = {
    { .sku = "RED-01", .brand = "Shadelab", .shade = "Rouge 12", .category = "lipstick", .catalog_color = "#b0243a" },
    { .sku = "NUDE-02", .brand = "Shadelab", .shade = "Nude 3", .category = "lipstick" },
    { .sku = "GLOSS-9", .brand = "Other Brand", .shade = "Rouge Vif", .category = "lip gloss" },
  };
  g_autoptr (GListStore) products = NULL;
  ShProductChooser *chooser;
  gint64 ids[G_N_ELEMENTS (rows)];
  gint64 picked = -1;

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    g_assert_true (sh_project_create_product (project, &rows[i], &ids[i], NULL));
  g_assert_true (sh_product_chooser_matches ("red-01 shadelab · rouge 12 lipstick", "ROUGE 12"));
  g_assert_true (sh_product_chooser_matches ("red-01 shadelab · rouge 12 lipstick", "  "));
  g_assert_false (sh_product_chooser_matches ("red-01 shadelab · rouge 12 lipstick", "rouge 13"));

  products = sh_product_item_list_project (project, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (products)), ==, 3);
  /* Each row names its catalogue colour, and says so to a screen reader when there is none. */
  {
    g_autoptr (ShProductItem) red = g_list_model_get_item (G_LIST_MODEL (products),
                                                           sh_product_item_find (G_LIST_MODEL (products), ids[0]));
    g_autoptr (ShProductItem) nude = g_list_model_get_item (G_LIST_MODEL (products),
                                                            sh_product_item_find (G_LIST_MODEL (products), ids[1]));

    g_assert_cmpstr (sh_product_item_get_color_names (red), ==, "Vivid Red (ISCC-NBS 11) · tan cool red");
    g_assert_cmpstr (sh_product_item_get_accessible_label (red), ==,
                     "RED-01, Shadelab · Rouge 12, Vivid Red (ISCC-NBS 11) · tan cool red");
    g_assert_null (sh_product_item_get_color_names (nude));
    g_assert_cmpstr (sh_product_item_get_accessible_label (nude), ==, "NUDE-02, Shadelab · Nude 3, no catalogue colour");
  }
  /* The photo is linked to NUDE-02: it is selected first. */
  chooser = sh_product_chooser_new (GTK_WINDOW (fixture->window), G_LIST_MODEL (products), ids[1], NULL);
  g_signal_connect (chooser, "chosen", G_CALLBACK (chosen), &picked);
  gtk_window_present (GTK_WINDOW (chooser));
  WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (chooser)));
  g_assert_cmpint (sh_product_chooser_get_selected (chooser), ==, ids[1]);
  sh_product_chooser_set_search (chooser, "rouge");
  g_assert_cmpuint (sh_product_chooser_get_n_matches (chooser), ==, 2);
  sh_product_chooser_set_search (chooser, "rouge shadelab");
  g_assert_cmpuint (sh_product_chooser_get_n_matches (chooser), ==, 1);
  g_assert_cmpint (sh_product_chooser_get_selected (chooser), ==, ids[0]);
  sh_product_chooser_set_search (chooser, "gloss");
  g_assert_cmpint (sh_product_chooser_get_selected (chooser), ==, ids[2]);
  sh_product_chooser_set_search (chooser, "nothing like it");
  g_assert_cmpuint (sh_product_chooser_get_n_matches (chooser), ==, 0);
  g_assert_false (sh_product_chooser_choose (chooser));
  /* The colour's names are searched too. */
  sh_product_chooser_set_search (chooser, "vivid red");
  g_assert_cmpuint (sh_product_chooser_get_n_matches (chooser), ==, 1);
  g_assert_cmpint (sh_product_chooser_get_selected (chooser), ==, ids[0]);
  sh_product_chooser_set_search (chooser, "vif");
  g_assert_true (sh_product_chooser_choose (chooser));
  g_assert_cmpint (picked, ==, ids[2]);
  spin (50);
}

/* ---- the Catalogue Check ---- */

static void
test_lint (Fixture *fixture, gconstpointer data)
{
  ShProject *project = sh_project_window_get_project (fixture->window);
  ShProductRow rows[] = {
    { .sku = "LINT-A", .brand = "Shadelab", .shade = "Rouge 12", .catalog_color = "#b0243a" },
    { .sku = "LINT-B", .brand = " shadelab", .shade = "Rouge 12 bis", .catalog_color = "#b0243a" },
    { .sku = "LINT-C", .brand = "Shadelab", .shade = "Nude 3" },
  };
  gint64 ids[G_N_ELEMENTS (rows)];
  ShProductsWindow *products;
  ShCatalogLintView *view;
  GtkWidget *status;
  GtkStack *side_stack;
  g_auto (GStrv) texts = NULL;
  g_autoptr (ShCatalogLint) lint = NULL;

  products = show_products (fixture);
  view = SH_CATALOG_LINT_VIEW (find_descendant (GTK_WIDGET (products), SH_TYPE_CATALOG_LINT_VIEW));
  side_stack = GTK_STACK (gtk_widget_get_template_child (GTK_WIDGET (products), SH_TYPE_PRODUCTS_WINDOW,
                                                         "side_stack"));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (side_stack), ==, "product");

  /* A clean catalogue: the empty state. */
  sh_products_window_show_lint (products);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (side_stack), ==, "lint");
  texts = sh_catalog_lint_view_dup_texts (view);
  g_assert_cmpuint (g_strv_length (texts), ==, 0);
  status = find_descendant (GTK_WIDGET (view), ADW_TYPE_STATUS_PAGE);
  g_assert_nonnull (status);
  WAIT_FOR (gtk_widget_get_mapped (status));
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (status)), ==, "No Catalogue Problems");
  g_clear_pointer (&texts, g_strfreev);

  /* One shade sold twice, two colours without photos, photos without a colour. */
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    g_assert_true (sh_project_create_product (project, &rows[i], &ids[i], NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.link-product", "x", ids[2]));
  sh_products_window_reload (products);

  /* The same list as shadelab-cli lint, each with its SKU and numbers. */
  lint = sh_catalog_lint_run (project, SH_CATALOG_LINT_DEFAULT_THRESHOLD, NULL);
  g_assert_nonnull (lint);
  g_assert_cmpuint (lint->problems->len, ==, 4);
  texts = sh_catalog_lint_view_dup_texts (view);
  g_assert_cmpuint (g_strv_length (texts), ==, lint->problems->len);
  for (guint i = 0; i < lint->problems->len; i++)
    g_assert_nonnull (strstr (texts[i], g_array_index (lint->problems, ShLintProblem, i).sku));
  g_assert_cmpint (g_array_index (lint->problems, ShLintProblem, 0).kind, ==, SH_LINT_SAME_SHADE);
  g_assert_nonnull (strstr (texts[0], "LINT-A and LINT-B"));
  g_assert_nonnull (strstr (texts[0], "#b0243a: ΔE00 0.00 below 1"));
  g_assert_nonnull (strstr (texts[1], "LINT-A: a catalogue colour but no photos"));
  g_assert_nonnull (strstr (texts[1], "#b0243a Vivid Red (ISCC-NBS 11) · tan cool red"));
  g_assert_nonnull (strstr (texts[3], "LINT-C: photos but no catalogue colour\n1 photo"));
  g_assert_false (gtk_widget_get_mapped (status));

  gtk_window_set_default_size (GTK_WINDOW (products), 980, 600);
  spin (300);
  /* After a resize the window may take a moment to draw again on a busy machine. */
  WAIT_FOR (try_save_png (GTK_WIDGET (products), "products-lint.png"));

  /* Activating a problem selects its product and shows its form. */
  sh_catalog_lint_view_activate (view, 3);
  g_assert_cmpint (sh_products_window_get_selected (products), ==, ids[2]);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (side_stack), ==, "product");

  /* A long list stops at 200 rows and says how many more the command line lists. */
  for (guint i = 0; i < 200; i++)
    {
      g_autofree char *sku = g_strdup_printf ("BULK-%03u", i);
      g_autofree char *color = g_strdup_printf ("#%02x%02x40", 40 + i, 255 - i);
      ShProductRow row = { .sku = sku, .catalog_color = color };

      g_assert_true (sh_project_create_product (project, &row, NULL, NULL));
    }
  sh_products_window_reload (products);
  g_clear_pointer (&texts, g_strfreev);
  texts = sh_catalog_lint_view_dup_texts (view);
  g_assert_cmpuint (g_strv_length (texts), ==, 201);
  g_assert_cmpstr (texts[200], ==, "4 more problems: shadelab-cli lint lists them all.");
  gtk_window_destroy (GTK_WINDOW (products));
  spin (50);
}

/* ---- Import Catalogue… ---- */

static void
write_file (const char *path, const char *text)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (g_file_set_contents (path, text, -1, &error));
  g_assert_no_error (error);
}

static void
count_progress (guint done, guint total, gpointer user_data)
{
  guint *calls = user_data;

  g_assert_cmpuint (done, <=, total);
  (*calls)++;
}

static void
test_catalog_import (Fixture *fixture, gconstpointer data)
{
  g_autofree char *bad = g_build_filename (fixture->dir, "bad.csv", NULL);
  g_autofree char *good = g_build_filename (fixture->dir, "good.csv", NULL);
  g_autofree char *big = g_build_filename (fixture->dir, "big.csv", NULL);
  gint64 image = sh_project_window_get_current_image (fixture->window);
  gint64 first = image_named (fixture, "synth-0001.jpg");
  AdwMessageDialog *dialog;
  const char *body;

  /* Row 3's colour is not #rrggbb: the whole file is refused, its first error named, nothing changed. */
  write_file (bad, "sku,brand,shade,color,file\n"
                   "RED-01,Shadelab,Booth Red,#b0243a,synth-0001.jpg\n"
                   "NUDE-02,Shadelab,Nude,#zz0000,\n");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.import-catalog-file", "s", bad));
  g_assert_true (sh_project_window_is_importing (fixture->window));
  WAIT_FOR (!sh_project_window_is_importing (fixture->window));
  WAIT_FOR ((dialog = (AdwMessageDialog *) find_toplevel (ADW_TYPE_MESSAGE_DIALOG)) != NULL);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Catalogue Not Imported");
  body = adw_message_dialog_get_body (dialog);
  g_test_message ("%s", body);
  g_assert_nonnull (strstr (body, "Nothing was changed"));
  g_assert_nonnull (strstr (body, "line 3"));
  g_assert_cmpuint (count_products (fixture), ==, 0);
  g_assert_cmpint (image_product (fixture, first), ==, 0);
  gtk_window_set_default_size (GTK_WINDOW (dialog), 480, -1);
  spin (300);
  save_png (GTK_WIDGET (dialog), "products-catalog-error.png");
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* A JSON syntax error is placed by byte offset. */
  write_file (bad, "[{\"sku\": \"A\"}, {\"sku\": }]");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.import-catalog-file", "s", bad));
  WAIT_FOR (!sh_project_window_is_importing (fixture->window));
  WAIT_FOR ((dialog = (AdwMessageDialog *) find_toplevel (ADW_TYPE_MESSAGE_DIALOG)) != NULL);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "byte offset"));
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_cmpuint (count_products (fixture), ==, 0);

  /* A good one: products created, the photos linked by name, the labeling view shows it at once. */
  write_file (good, "sku,brand,shade,color,file\n"
                    "RED-01,Shadelab,Booth Red,#b0243a,synth-0001.jpg\n"
                    "NUDE-02,Shadelab,Nude,#a8705a,no-such-photo.jpg\n");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.import-catalog-file", "s", good));
  WAIT_FOR (!sh_project_window_is_importing (fixture->window));
  g_assert_null (find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_cmpuint (count_products (fixture), ==, 2);
  g_assert_cmpint (image_product (fixture, first), !=, 0);
  if (image == first)
    g_assert_cmpstr (product_bar_text (fixture), ==, "RED-01 · Shadelab · Booth Red");

  /* The core reports progress through a big catalogue, ending with every row done. */
  {
    g_autoptr (GString) text = g_string_new ("sku,shade\n");
    g_autoptr (GError) error = NULL;
    g_autoptr (ShCatalog) catalog = NULL;
    g_autoptr (ShProject) project = NULL;
    ShCatalogReport report;
    guint calls = 0;

    for (guint i = 0; i < 3000; i++)
      g_string_append_printf (text, "BULK-%04u,Shade %u\n", i, i);
    write_file (big, text->str);
    catalog = sh_catalog_parse_file (big, &error);
    g_assert_no_error (error);
    /* The window's project is the writer of this process; the core runs on a copy. */
    {
      g_autofree char *copy = g_build_filename (fixture->dir, "copy.shadelab", NULL);
      run_cli ((const char *[]) { "init", copy, NULL });
      project = sh_project_open (copy, SH_PROJECT_OPEN_READ_WRITE, &error);
      g_assert_no_error (error);
    }
    sh_catalog_report_init (&report);
    g_assert_true (sh_catalog_apply_full (project, catalog, count_progress, &calls, &report, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (report.products, ==, 3000);
    g_assert_cmpuint (calls, >=, 3000 / 256);
    sh_catalog_report_clear (&report);
  }
}

/* ---- Ctrl+K ---- */

static void
test_calibrate (Fixture *fixture, gconstpointer data)
{
  ShProject *project = sh_project_window_get_project (fixture->window);
  ShProductRow row = { .sku = "RED-01", .brand = "Shadelab", .shade = "Booth Red", .catalog_color = "#b0243a" };
  ShProductRow colourless = { .sku = "PLAIN-00" };
  ShCalibrationWindow *window;
  GtkWidget *roughness;
  gint64 red = 0, plain = 0;

  /* No product for the photo: the empty state, no product selected, the controls insensitive. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.calibrate-materials", NULL));
  window = sh_calibration_window_find (fixture->window);
  g_assert_nonnull (window);
  WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (window)));
  g_assert_null (sh_calibration_window_get_selected_sku (window));
  roughness = find_named (GTK_WIDGET (window), "roughness");
  g_assert_nonnull (roughness);
  g_assert_false (gtk_widget_is_sensitive (roughness));
  g_assert_false (sh_calibration_window_set_parameter (window, "roughness", 0.3));

  /* A product made and linked while the window is open: Ctrl+K shows it, its controls work. */
  g_assert_true (sh_project_create_product (project, &row, &red, NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.link-product", "x", red));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.calibrate-materials", NULL));
  g_assert_true (sh_calibration_window_find (fixture->window) == window);
  g_assert_cmpstr (sh_calibration_window_get_selected_sku (window), ==, "RED-01");
  g_assert_cmpint (sh_calibration_window_get_selected_product (window), ==, red);
  g_assert_true (gtk_widget_is_sensitive (roughness));

  /* A product without any colour has nothing to calibrate: the empty state says how to give it one. */
  g_assert_true (sh_project_create_product (project, &colourless, &plain, NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.link-product", "x", plain));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.calibrate-materials", NULL));
  g_assert_null (sh_calibration_window_get_selected_sku (window));
  g_assert_false (gtk_widget_is_sensitive (roughness));
  g_assert_false (sh_calibration_window_show_product (window, plain));
  g_assert_true (sh_calibration_window_show_product (window, red));
  g_assert_true (gtk_widget_is_sensitive (roughness));
  gtk_window_destroy (GTK_WINDOW (window));
  spin (50);
}

/* ---- Export… ---- */

static void
test_export (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *folder = g_build_filename (fixture->dir, "export out", NULL);
  g_autofree char *train = NULL;
  g_autofree char *checker = g_build_filename (g_getenv ("SHADELAB_SOURCE_DIR"), "tests", "lib", "check-export.py",
                                               NULL);
  ShProject *project = sh_project_window_get_project (fixture->window);
  ShProductRow row = { .sku = "RED-01", .brand = "Shadelab", .shade = "Booth Red", .catalog_color = "#b0243a" };
  ShExportDialog *dialog;
  ShExportOptions options;
  gint64 red = 0;
  int status = 0;

  /* A box on the photo, the photo linked and done. */
  g_assert_true (sh_project_create_product (project, &row, &red, NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.link-product", "x", red));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.new-box", NULL));
  spin (100);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.mark-done", NULL));
  spin (100);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.export", NULL));
  dialog = SH_EXPORT_DIALOG (find_toplevel (SH_TYPE_EXPORT_DIALOG));
  g_assert_nonnull (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  /* The folder proposed beside the project. */
  g_assert_true (g_str_has_suffix (sh_export_dialog_get_folder (dialog), "artist export"));

  /* The options are checked as the CLI checks them. */
  sh_export_dialog_set_split (dialog, 0, 0, 0);
  g_assert_false (sh_export_dialog_start (dialog));
  g_assert_nonnull (sh_export_dialog_get_error (dialog));
  sh_export_dialog_set_split (dialog, 0.7, 0.2, 0.1);
  sh_export_dialog_set_seed (dialog, 7);
  g_assert_true (sh_export_dialog_get_options (dialog, &options));
  g_assert_cmpint (options.format, ==, SH_EXPORT_COCO);
  g_assert_cmpfloat_with_epsilon (options.fractions[0], 0.7, 1e-9);
  g_assert_cmpuint (options.seed, ==, 7);
  g_assert_false (options.include_new);

  sh_export_dialog_set_split (dialog, 1, 0, 0);
  sh_export_dialog_set_folder (dialog, folder);
  g_assert_true (sh_export_dialog_start (dialog));
  g_assert_true (sh_export_dialog_is_running (dialog));
  g_assert_false (sh_export_dialog_start (dialog));
  WAIT_FOR (dialog == NULL);

  train = g_build_filename (folder, "annotations", "instances_train.json", NULL);
  g_assert_true (g_file_test (train, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_spawn_sync (NULL, (char *[]) { "python3", checker, "coco", fixture->project_path, folder, NULL },
                               NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  {
    g_autofree char *json = NULL;

    g_assert_true (g_file_get_contents (train, &json, NULL, NULL));
    g_assert_nonnull (strstr (json, "\"sku\":\"RED-01\""));
  }

  /* Again, into a folder that cannot be made: the dialog stays and says why. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.export", NULL));
  dialog = SH_EXPORT_DIALOG (find_toplevel (SH_TYPE_EXPORT_DIALOG));
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_assert_cmpstr (sh_export_dialog_get_folder (dialog), ==, folder);
  sh_export_dialog_set_folder (dialog, "/proc/no-such-folder/export");
  g_assert_true (sh_export_dialog_start (dialog));
  WAIT_FOR (!sh_export_dialog_is_running (dialog));
  g_assert_nonnull (dialog);
  g_assert_nonnull (strstr (sh_export_dialog_get_error (dialog), "Nothing was exported"));
  gtk_window_destroy (GTK_WINDOW (dialog));
  spin (50);
}

/* A big export, for a look at the dialog while it works. */
static void
test_export_progress (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("shadelab-export-progress-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "big.shadelab", NULL);
  g_autofree char *folder = g_build_filename (dir, "yolo", NULL);
  ShProject *project = fixture_synthetic_project (path, 6000, 1500, 2, &error);
  ShExportDialog *dialog;
  double seen = 0;

  g_assert_no_error (error);
  sh_project_close (project);
  dialog = sh_export_dialog_new (NULL, path, folder);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  sh_export_dialog_set_format (dialog, SH_EXPORT_YOLO);
  gtk_window_present (GTK_WINDOW (dialog));
  WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (dialog)));
  spin (200);
  g_assert_true (sh_export_dialog_start (dialog));
  /* Midway: the bar shows a fraction, the form is locked. */
  WAIT_FOR (dialog == NULL || (seen = sh_export_dialog_get_fraction (dialog)) >= 0.3);
  if (dialog != NULL)
    spin (120);
  /* The export may have ended (and closed the dialog) meanwhile: the picture is only a look. */
  if (dialog != NULL && gtk_widget_get_mapped (GTK_WIDGET (dialog))
      && try_save_png (GTK_WIDGET (dialog), "products-export-progress.png"))
    g_test_message ("progress %.2f when shot", seen);
  else
    g_test_message ("the export ended before a look at its progress");
  WAIT_FOR (dialog == NULL);
  {
    g_autofree char *yaml = g_build_filename (folder, "data.yaml", NULL);

    g_assert_true (g_file_test (yaml, G_FILE_TEST_IS_REGULAR));
  }
  remove_tree (dir);
}

int
main (int argc, char **argv)
{
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("LANGUAGE", "C", TRUE);
  if (!test_gtk_init (&argc, &argv))
    return 77;

  g_test_add_func ("/products/finish-names", test_finish_names);
  g_test_add ("/products/store", Fixture, NULL, fixture_set_up, test_store, window_fixture_tear_down);
  g_test_add ("/products/link-undo", Fixture, NULL, fixture_set_up, test_link_undo, window_fixture_tear_down);
  g_test_add ("/products/products-window", Fixture, NULL, fixture_set_up, test_products_window,
              window_fixture_tear_down);
  g_test_add ("/products/chooser", Fixture, NULL, fixture_set_up, test_chooser, window_fixture_tear_down);
  g_test_add ("/products/lint", Fixture, NULL, fixture_set_up, test_lint, window_fixture_tear_down);
  g_test_add ("/products/catalog-import", Fixture, NULL, fixture_set_up, test_catalog_import, window_fixture_tear_down);
  g_test_add ("/products/calibrate", Fixture, NULL, fixture_set_up, test_calibrate, window_fixture_tear_down);
  g_test_add ("/products/export", Fixture, NULL, fixture_set_up, test_export, window_fixture_tear_down);
  g_test_add_func ("/products/export-progress", test_export_progress);
  return g_test_run ();
}
