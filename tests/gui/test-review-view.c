/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-review-view.c: the Review page on a project whose audit log has changes before and after the review's
 * start: the changed products listed, before / after on the tone grid and named, send back (refused without a comment)
 * and approve through the page's actions, checked in the store; the date moved past every change; an export
 * from the page; a rendering (review-view.png in the current directory) for a look. Then a project with a
 * scored, unblinded realism study whose tuned material loses on MST 8-10 (and a blind one): the page lists
 * each product's finding with its figures, checked against the scores in the store, even with no product
 * changed (review-view-studies.png). Needs a display (exits 77 without one). */
#define G_LOG_DOMAIN "shadelab-test"

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "core/formats/color-names.h"
#include "core/store/project-reference.h"
#include "core/models/study-report.h"
#include "core/store/project-study.h"
#include "core/store/project.h"
#include "core/store/review.h"
#include "sh-review-view.h"
#include "shadelab-application.h"
#include "tests/lib/test-fs.h"
#include "tests/lib/test-gtk.h"
#include "tests/lib/test-store.h"

#define WIDTH 1280
#define HEIGHT 900

static char *work_dir;

static char *
days_ago (int days)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr (GDateTime) then = g_date_time_add_days (now, -days);
  g_autofree char *seconds = g_date_time_format (then, "%Y-%m-%dT%H:%M:%S");

  return g_strdup_printf ("%s.000Z", seconds);
}

static void
set_material_at (ShProject *project, gint64 product_id, const char *parameter, const char *value, const char *note,
                 const char *at)
{
  g_autoptr (GError) error = NULL;
  gint64 change_id = 0;

  g_assert_true (sh_project_set_material_values (project, product_id, &parameter, &value, 1, "ann", note,
                                                 &change_id, &error));
  g_assert_no_error (error);
  /* A value the product showed already (matte's starting roughness) writes no change to move. */
  if (change_id != 0)
    move_change (project, change_id, at);
}

static gint64
add_product (ShProject *project, const char *sku, const char *shade, const char *color)
{
  ShProductRow row = { .sku = sku, .brand = "Rouge", .shade = shade, .catalog_color = color };
  gint64 id = 0;

  g_assert_true (sh_project_upsert_product (project, &row, &id, NULL));
  return id;
}

/* A-1 retuned in the last week (calibrated before it), B-2 changed only before it, C-3 first calibrated in
 * it; one custom tone. */
static ShProject *
make_project (void)
{
  g_autofree char *path = g_build_filename (work_dir, "review-view.shadelab", NULL);
  g_autoptr (GError) error = NULL;
  ShProject *project = sh_project_create (path, &error);
  g_autofree char *old = days_ago (12);
  g_autofree char *recent = days_ago (2);
  g_autofree char *latest = days_ago (1);
  gint64 a, b, c;

  g_assert_no_error (error);
  a = add_product (project, "A-1", "Cherry", "#c04050");
  b = add_product (project, "B-2", "Plum", "#703050");
  c = add_product (project, "C-3", "Coral", "#e07060");
  set_material_at (project, a, "base_color", "#b0243a", NULL, old);
  set_material_at (project, a, "finish", "matte", NULL, old);
  set_material_at (project, a, "roughness", "0.75", NULL, old);
  set_material_at (project, a, "base_color", "#d03048", "brighter for the campaign", recent);
  set_material_at (project, a, "roughness", "0.3", NULL, latest);
  set_material_at (project, b, "roughness", "0.6", NULL, old);
  set_material_at (project, c, "finish", "gloss", NULL, recent);
  g_assert_true (sh_project_add_tone (project, "Olive deep", "#6b4a2f", NULL, NULL, &error));
  return project;
}

typedef struct {
  char *path;
  char *message;
  gboolean done;
} Exported;

static void
on_exported (ShReviewView *view, const char *path, const char *message, Exported *exported)
{
  exported->path = g_strdup (path);
  exported->message = g_strdup (message);
  exported->done = TRUE;
}

static void
test_review_view (void)
{
  ShProject *project = make_project ();
  GtkWidget *window = gtk_window_new ();
  ShReviewView *view = SH_REVIEW_VIEW (sh_review_view_new (project, NULL));
  ShToneGrid *grid = sh_review_view_get_tone_grid (view);
  g_autoptr (GSettings) settings = sh_application_new_settings ();
  guint8 before[3], after[3];
  Exported exported = { 0 };

  g_settings_set_string (settings, "labeler-name", "Dee Reviewer");
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (view));
  gtk_window_set_default_size (GTK_WINDOW (window), WIDTH, HEIGHT);
  gtk_window_set_decorated (GTK_WINDOW (window), FALSE);
  gtk_window_present (GTK_WINDOW (window));

  /* Seven days back by default: A-1 and C-3 changed since. */
  {
    g_autofree char *week = days_ago (7);
    g_assert_cmpint (strncmp (sh_review_view_get_since (view), week, 8), ==, 0);
  }
  WAIT_FOR (!sh_review_view_is_busy (view) && sh_review_view_get_n_products (view) > 0);
  g_assert_cmpuint (sh_review_view_get_n_products (view), ==, 2);
  g_assert_cmpstr (sh_review_view_get_selected_sku (view), ==, "A-1");
  g_assert_cmpuint (sh_review_view_get_n_changes (view), ==, 2);

  /* Before (left half) and after (right half) on every tone: the Monk tones and the custom one. */
  g_assert_true (sh_tone_grid_get_compare (grid));
  g_assert_cmpuint (sh_tone_grid_get_n_tones (grid), ==, SH_MONK_SKIN_TONE_COUNT + 1);
  g_assert_cmpstr (sh_tone_grid_get_tone (grid, SH_MONK_SKIN_TONE_COUNT)->name, ==, "Olive deep");
  WAIT_FOR (sh_tone_grid_get_frame_count (grid) > 0 && !sh_tone_grid_is_rendering (grid));
  g_assert_true (sh_tone_grid_get_lip_srgb (grid, 3, 0, before));
  g_assert_true (sh_tone_grid_get_lip_srgb (grid, 3, 1, after));
  /* #b0243a matte before, #d03048 glossier after: the after half is lighter and still red. */
  g_assert_cmpint (after[0], >, before[0]);
  g_assert_cmpint (before[0], >, before[1] + 60);
  g_assert_cmpint (after[0], >, after[1] + 60);

  /* Before and after are named, to copy into a reply. */
  {
    GtkLabel *summary = GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (view), SH_TYPE_REVIEW_VIEW,
                                                                  "summary_label"));
    g_autofree char *after_names = sh_color_names_describe_hex ("#d03048");
    g_autofree char *after_text = g_strdup_printf ("After: #d03048 (%s), ", after_names);

    g_assert_nonnull (strstr (gtk_label_get_text (summary),
                              "Before: #b0243a (Vivid Red (ISCC-NBS 11) · tan cool red), "));
    g_assert_nonnull (strstr (gtk_label_get_text (summary), after_text));
    g_assert_true (gtk_label_get_selectable (summary));
  }

  /* Send back needs a comment: the action is off and a direct call is refused, with nothing stored. */
  g_assert_false (gtk_widget_get_sensitive (
    GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (view), SH_TYPE_REVIEW_VIEW, "send_back_button"))));
  gtk_widget_activate_action (GTK_WIDGET (view), "review.send-back", NULL);
  g_assert_cmpint (query_int (project, "SELECT count(*) FROM reviews"), ==, 0);
  g_assert_false (sh_review_view_decide (view, FALSE));
  g_assert_cmpint (query_int (project, "SELECT count(*) FROM reviews"), ==, 0);

  sh_review_view_set_comment (view, "Too cool on MST 8-10; warm it up");
  g_assert_true (gtk_widget_get_sensitive (
    GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (view), SH_TYPE_REVIEW_VIEW, "send_back_button"))));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "review.send-back", NULL));
  g_assert_cmpint (query_int (project, "SELECT count(*) FROM reviews"), ==, 1);
  {
    g_autofree char *stored = query_text (project, "SELECT decision || '|' || reviewer || '|' || comment || '|' || "
                                                   "(SELECT sku FROM products WHERE id = product_id) FROM reviews");
    g_assert_cmpstr (stored, ==, "reject|Dee Reviewer|Too cool on MST 8-10; warm it up|A-1");
  }
  g_assert_cmpstr (sh_review_view_get_decision (view), ==, "reject");
  WAIT_FOR (!sh_review_view_is_busy (view));
  g_assert_cmpstr (sh_review_view_get_selected_sku (view), ==, "A-1");
  g_assert_cmpstr (sh_review_view_get_decision (view), ==, "reject");

  /* Approve C-3 without a comment. */
  g_assert_true (sh_review_view_select_product (view, "C-3"));
  g_assert_cmpuint (sh_review_view_get_n_changes (view), ==, 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "review.approve", NULL));
  WAIT_FOR (!sh_review_view_is_busy (view));
  g_assert_cmpint (query_int (project, "SELECT count(*) FROM reviews r JOIN products p ON p.id = r.product_id "
                                       "WHERE p.sku = 'C-3' AND r.decision = 'accept' AND r.comment IS NULL"), ==, 1);
  g_assert_cmpstr (sh_review_view_get_decision (view), ==, "accept");
  g_assert_false (sh_review_view_select_product (view, "B-2"));

  /* Export from the page (off the main thread). */
  {
    g_autofree char *png = g_build_filename (work_dir, "exported.png", NULL);
    g_autoptr (GdkPixbuf) sheet = NULL;
    int width, height;

    g_signal_connect (view, "exported", G_CALLBACK (on_exported), &exported);
    sh_review_view_export_to (view, png, TRUE);
    WAIT_FOR (exported.done);
    g_assert_null (exported.message);
    g_assert_cmpstr (exported.path, ==, png);
    sheet = gdk_pixbuf_new_from_file (png, NULL);
    g_assert_nonnull (sheet);
    sh_review_sheet_size (2, SH_MONK_SKIN_TONE_COUNT + 1, &width, &height);
    g_assert_cmpint (gdk_pixbuf_get_width (sheet), ==, width);
    g_assert_cmpint (gdk_pixbuf_get_height (sheet), ==, height);
  }

  /* Back on A-1 for the picture. */
  g_assert_true (sh_review_view_select_product (view, "A-1"));
  WAIT_FOR (!sh_tone_grid_is_rendering (grid));
  {
    g_autoptr (GskRenderer) renderer = gsk_cairo_renderer_new ();
    g_autoptr (GdkPaintable) paintable = gtk_widget_paintable_new (GTK_WIDGET (view));
    GtkSnapshot *snapshot = gtk_snapshot_new ();
    int width = gtk_widget_get_width (GTK_WIDGET (view)), height = gtk_widget_get_height (GTK_WIDGET (view));
    GskRenderNode *node;
    GdkTexture *texture;
    g_autofree guint8 *pixels = NULL;
    gsize stride;
    int distinct = 0;
    guint8 first[4];

    /* Let the page lay out with its final content. */
    for (int i = 0; i < 50; i++)
      {
        g_main_context_iteration (NULL, FALSE);
        g_usleep (2000);
      }
    width = gtk_widget_get_width (GTK_WIDGET (view));
    height = gtk_widget_get_height (GTK_WIDGET (view));
    g_assert_cmpint (width, >, 600);
    gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
    node = gtk_snapshot_free_to_node (snapshot);
    g_assert_nonnull (node);
    g_assert_true (gsk_renderer_realize (renderer, NULL, NULL));
    texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
    g_assert_true (gdk_texture_save_to_png (texture, "review-view.png"));
    stride = (gsize) width * 4;
    pixels = g_malloc (stride * height);
    gdk_texture_download (texture, pixels, stride);
    memcpy (first, pixels, 4);
    /* Not a blank page: sample a grid of pixels for different colours. */
    for (int y = 0; y < height; y += 17)
      for (int x = 0; x < width; x += 13)
        if (memcmp (pixels + (gsize) y * stride + (gsize) x * 4, first, 4) != 0)
          distinct++;
    g_assert_cmpint (distinct, >, 100);
    gsk_renderer_unrealize (renderer);
    g_object_unref (texture);
    gsk_render_node_unref (node);
  }

  /* Past every change: nothing to review. */
  {
    g_autoptr (GDateTime) now = g_date_time_new_now_local ();
    g_autoptr (GDateTime) tomorrow = g_date_time_add_days (now, 1);
    sh_review_view_set_since_day (view, tomorrow);
  }
  WAIT_FOR (!sh_review_view_is_busy (view));
  g_assert_cmpuint (sh_review_view_get_n_products (view), ==, 0);
  g_assert_null (sh_review_view_get_selected_sku (view));
  g_assert_false (sh_review_view_decide (view, TRUE));

  g_signal_handlers_disconnect_by_func (view, on_exported, &exported);
  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_free (exported.path);
  g_free (exported.message);
  sh_project_close (project);
}

/* The texts of the AdwActionRows inside widget, "title|subtitle" each, in order (but the expander row's own
 * header, titled skip). */
static void
collect_rows (GtkWidget *widget, const char *skip, GPtrArray *texts)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (ADW_IS_ACTION_ROW (child)
          && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (child)), skip) != 0)
        g_ptr_array_add (texts, g_strdup_printf ("%s|%s", adw_preferences_row_get_title (ADW_PREFERENCES_ROW (child)),
                                                 adw_action_row_get_subtitle (ADW_ACTION_ROW (child))));
      collect_rows (child, skip, texts);
    }
}

/* A method's mean score on one product's trials of an MST range, from the store's own rows. */
static double
stored_mean (ShProject *project, const char *sku, int mst_low, int mst_high, const char *method)
{
  g_autofree char *sql = g_strdup_printf ("SELECT round(avg(x.score) * 100) FROM study_scores x "
                                          "JOIN study_key k ON k.candidate_id = x.candidate_id "
                                          "JOIN study_candidates c ON c.id = x.candidate_id "
                                          "JOIN study_trials t ON t.id = c.trial_id "
                                          "WHERE t.sku = ?1 AND t.mst BETWEEN %d AND %d AND k.method = '%s'",
                                          mst_low, mst_high, method);

  return query_int_for (project, sql, sku) / 100.0;
}

static void
test_study_feedback (void)
{
  g_autofree char *path = g_build_filename (work_dir, "review-studies.shadelab", NULL);
  g_autoptr (GError) error = NULL;
  ShProject *project = sh_project_create (path, &error);
  const char *const skus[] = { "LIP-RED-01", "LIP-NUDE-02", NULL };
  const char *const blind_skus[] = { "LIP-RED-01", NULL };
  GtkWidget *window = gtk_window_new ();
  ShReviewView *view;
  GtkStack *stack;
  gint64 study;

  g_assert_no_error (error);
  study = add_study (project, "spring", skus, "mean,tuned,external");
  score_study_simulated (project, study);
  /* A blind study says nothing yet, whatever its scores would say. */
  add_study_rater (project, add_study (project, "autumn", blind_skus, "mean,tuned"), "R1", 7);

  view = SH_REVIEW_VIEW (sh_review_view_new (project, NULL));
  stack = GTK_STACK (gtk_widget_get_template_child (GTK_WIDGET (view), SH_TYPE_REVIEW_VIEW, "stack"));
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (view));
  gtk_window_set_default_size (GTK_WINDOW (window), WIDTH, HEIGHT);
  gtk_window_set_decorated (GTK_WINDOW (window), FALSE);
  gtk_window_present (GTK_WINDOW (window));
  WAIT_FOR (!sh_review_view_is_busy (view) && sh_review_view_get_n_study_findings (view) > 0);

  /* No material changed this week, and still the findings show. */
  g_assert_cmpuint (sh_review_view_get_n_products (view), ==, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "empty");
  g_assert_true (gtk_widget_get_visible (
    GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (view), SH_TYPE_REVIEW_VIEW, "study_box"))));
  g_assert_cmpuint (sh_review_view_get_n_study_findings (view), ==, 2);
  g_assert_null (sh_review_view_find_study_finding (view, "autumn", "LIP-RED-01"));

  for (guint i = 0; skus[i] != NULL; i++)
    {
      GtkWidget *row = sh_review_view_find_study_finding (view, "spring", skus[i]);
      g_autofree char *title = g_strdup_printf ("%s · study “spring”", skus[i]);
      g_autoptr (GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
      g_autofree char *all = NULL;
      g_autofree char *deep = NULL;
      double tuned_all = stored_mean (project, skus[i], 1, 10, "tuned");

      g_assert_nonnull (row);
      g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, title);
      /* Tuned scores one under the incumbent on P9, for each of the three raters: it wins none of 3 pairs. */
      g_assert_cmpstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (row)), ==,
                       "Loses to external on MST 8-10: wins 0% of 3 pairs");
      g_assert_cmpfloat (tuned_all, >=, SH_STUDY_FEEDBACK_THRESHOLD);

      /* The product's figures: overall and per MST group, each method's mean, the win rates against external. */
      collect_rows (row, title, texts);
      g_assert_cmpuint (texts->len, ==, 4);
      all = g_strdup_printf ("All trials (3)|mean %.2f (wins 50%%) · tuned %.2f (wins 67%%) · external %.2f",
                             stored_mean (project, skus[i], 1, 10, "mean"), tuned_all,
                             stored_mean (project, skus[i], 1, 10, "external"));
      g_assert_cmpstr (g_ptr_array_index (texts, 0), ==, all);
      deep = g_strdup_printf ("MST 8-10 (1)|mean %.2f (wins 50%%) · tuned %.2f (wins 0%%) · external %.2f",
                              stored_mean (project, skus[i], 8, 10, "mean"), stored_mean (project, skus[i], 8, 10, "tuned"),
                              stored_mean (project, skus[i], 8, 10, "external"));
      g_assert_cmpstr (g_ptr_array_index (texts, 3), ==, deep);
      g_assert_nonnull (strstr (g_ptr_array_index (texts, 1), "MST 1-3 (1)|"));
      g_assert_nonnull (strstr (g_ptr_array_index (texts, 1), "(wins 100%)"));
      g_assert_nonnull (strstr (g_ptr_array_index (texts, 2), "MST 4-7 (1)|"));
    }

  /* Opened, for a look. */
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (sh_review_view_find_study_finding (view, "spring", "LIP-RED-01")),
                                 TRUE);
  for (int i = 0; i < 50; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
  save_png (GTK_WIDGET (view), "review-view-studies.png");

  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  sh_project_close (project);
}

int
main (int argc, char **argv)
{
  if (!test_gtk_init (&argc, &argv))
    return 77;
  g_test_add_func ("/review-view/review", test_review_view);
  g_test_add_func ("/review-view/study-feedback", test_study_feedback);
  return run_tests_in_tmp_dir ("shadelab-review-view", &work_dir);
}
