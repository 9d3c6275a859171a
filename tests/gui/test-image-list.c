/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-image-list.c: the image list widget over a 100,000-image project in a real window: scrolling through
 * the whole list without a stalled frame, select_id jumping far down, the filter menu with its counts,
 * activation, and real thumbnails (rendered to image-list.png in the working directory for a look). Needs a
 * display; exits 77 (skipped) without one. */
#define G_LOG_DOMAIN "shadelab-test"

#include "config.h"

#include <gtk/gtk.h>
#include <stdlib.h>
#include <string.h>

#include "a11y-util.h"
#include "core/formats/import.h"
#include "core/formats/synth-writer.h"
#include "image-list-fixture.h"
#include "sh-image-list.h"
#include "tests/lib/project-db.h"
#include "tests/lib/test-fs.h"
#include "tests/lib/test-gtk.h"

#define N_IMAGES 100000
#define N_PHOTOS 12
/* A stall this long means work over the whole list on the main thread (loading every row, every thumbnail),
 * whatever else the machine is doing; smooth-scrolling figures come from tests/bench/bench-image-list. */
#define WORST_FRAME_LIMIT_MS 750.0

typedef struct {
  char *dir;
  char *project_path;
  ImageListFixtureTruth truth;
  GtkWidget *window;
  ShImageList *list;
  ShImageListModel *model;
  ShThumbnailCache *cache;
  /* frame timing */
  guint n_paints;
  gint64 before_paint, frame_usec;
  gint64 activated_id;
  gint64 selected_id;
  guint searches_finished;
} Fixture;

static Fixture fixture;

static void
on_before_paint (GdkFrameClock *clock, Fixture *f)
{
  f->before_paint = g_get_monotonic_time ();
}

static void
on_after_paint (GdkFrameClock *clock, Fixture *f)
{
  f->frame_usec = g_get_monotonic_time () - f->before_paint;
  f->n_paints++;
}

static void
on_image_activated (ShImageList *list, gint64 id, Fixture *f)
{
  f->activated_id = id;
}

static void
on_image_selected (ShImageList *list, gint64 id, Fixture *f)
{
  f->selected_id = id;
}

static void
on_search_finished (ShImageList *list, Fixture *f)
{
  f->searches_finished++;
}

/* Runs the main loop until the next frame has been painted; returns how long the longest single main-loop
 * iteration took on the way (what would have held up input) in *worst_iteration. */
static void
wait_for_frame (Fixture *f, gint64 *worst_iteration)
{
  guint target = f->n_paints + 1;
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (f->n_paints < target && g_get_monotonic_time () < deadline)
    {
      gint64 start = g_get_monotonic_time ();
      g_main_context_iteration (NULL, TRUE);
      if (worst_iteration)
        *worst_iteration = MAX (*worst_iteration, g_get_monotonic_time () - start);
    }
  g_assert_cmpuint (f->n_paints, >=, target);
}

static int
compare_int64 (gconstpointer a, gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;
  return (x > y) - (x < y);
}

/* The text a label or an inscription (a row's file name) shows, else NULL. */
static const char *
shown_text (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget))
    return gtk_label_get_text (GTK_LABEL (widget));
  if (GTK_IS_INSCRIPTION (widget))
    return gtk_inscription_get_text (GTK_INSCRIPTION (widget));
  return NULL;
}

/* The label of a row showing file_name, if one is on screen inside the scrolled window. */
static GtkWidget *
find_visible_label (GtkWidget *widget, const char *file_name, GtkWidget *viewport)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;
      if (gtk_widget_get_mapped (child) && g_strcmp0 (shown_text (child), file_name) == 0)
        {
          graphene_rect_t bounds;
          if (gtk_widget_compute_bounds (child, viewport, &bounds) && bounds.origin.y >= 0
              && bounds.origin.y + bounds.size.height <= gtk_widget_get_height (viewport))
            return child;
        }
      if ((found = find_visible_label (child, file_name, viewport)) != NULL)
        return found;
    }
  return NULL;
}

static void
render_png (GtkWidget *widget, const char *png_name)
{
  g_autoptr (GskRenderNode) node = widget_own_node (widget);
  g_autoptr (GdkTexture) texture = render_node (node, gtk_widget_get_width (widget), gtk_widget_get_height (widget));

  g_assert_true (gdk_texture_save_to_png (texture, png_name));
}

static guint
visible_thumbnails_made (Fixture *f)
{
  ShThumbnailStats stats;
  sh_thumbnail_cache_get_stats (f->cache, &stats);
  return stats.made + stats.disk_hits;
}

static gboolean
first_rows_have_thumbnails (Fixture *f)
{
  for (guint p = 0; p < 8; p++)
    {
      g_autoptr (ShImageItem) item = g_list_model_get_item (G_LIST_MODEL (f->model), p);
      g_autoptr (GdkPixbuf) thumbnail = sh_thumbnail_cache_peek (f->cache, sh_image_item_get_content_hash (item));
      if (thumbnail == NULL)
        return FALSE;
    }
  return TRUE;
}

static void
test_thumbnails_and_screenshot (void)
{
  Fixture *f = &fixture;
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  g_autofree char *cwd = g_get_current_dir ();
  g_autofree char *png = g_build_filename (cwd, "image-list.png", NULL);

  /* The first rows' thumbnails are made in the background and replace the placeholders. */
  while (!(first_rows_have_thumbnails (f)) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (first_rows_have_thumbnails (f));
  /* Only the rows on screen (and a page beyond) were asked for, not every row the list view keeps bound. */
  g_test_message ("thumbnails made for the first screen: %u", visible_thumbnails_made (f));
  g_assert_cmpuint (visible_thumbnails_made (f), <=, 40);
  flush_events ();
  wait_for_frame (f, NULL);

  render_png (GTK_WIDGET (f->list), png);
  g_test_message ("rendered %s", png);

  /* The first row's thumbnail is in memory, sRGB, at most SH_THUMBNAIL_SIZE on its long side. */
  {
    g_autoptr (ShImageItem) item = g_list_model_get_item (G_LIST_MODEL (f->model), 0);
    g_autoptr (GdkPixbuf) thumbnail = sh_thumbnail_cache_peek (f->cache, sh_image_item_get_content_hash (item));
    g_assert_nonnull (thumbnail);
    g_assert_cmpint (MAX (gdk_pixbuf_get_width (thumbnail), gdk_pixbuf_get_height (thumbnail)), ==,
                     SH_THUMBNAIL_SIZE);
  }
}

static void
test_scroll_whole_list (void)
{
  Fixture *f = &fixture;
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (sh_image_list_get_scrolled_window (f->list));
  g_autoptr (GArray) frames = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 worst_iteration = 0, start = g_get_monotonic_time ();
  const int jumps = 40, small_steps = 20;
  double upper, page;
  gint64 median, p99, worst;
  guint pages;
  double page_seconds;

  wait_for_frame (f, NULL);
  upper = gtk_adjustment_get_upper (adjustment);
  page = gtk_adjustment_get_page_size (adjustment);
  g_test_message ("adjustment: upper %.0f px, page %.0f px", upper, page);
  g_assert_cmpfloat (upper, >, 50.0 * N_IMAGES);

  /* Jumps spread over the whole list (every visible row new each time), then a stretch of small steps like
   * a wheel or a dragged scrollbar. */
  for (int i = 0; i <= jumps + small_steps; i++)
    {
      double value;
      gint64 step_start = g_get_monotonic_time ();

      upper = gtk_adjustment_get_upper (adjustment);
      if (i <= jumps)
        value = (upper - page) * i / jumps;
      else
        value = (upper - page) * 0.5 + (i - jumps) * page / 4;
      gtk_adjustment_set_value (adjustment, value);
      wait_for_frame (f, &worst_iteration);
      /* The frame's own work: layout (binding the rows that came into view), snapshot and drawing. */
      g_array_append_val (frames, f->frame_usec);
      (void) step_start;
    }
  /* The end of the list is reachable and shows the last image. */
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), >=, gtk_adjustment_get_upper (adjustment) * 0.5);

  g_array_sort (frames, compare_int64);
  median = g_array_index (frames, gint64, frames->len / 2);
  p99 = g_array_index (frames, gint64, frames->len * 99 / 100);
  worst = g_array_index (frames, gint64, frames->len - 1);
  sh_image_list_model_get_page_stats (f->model, &pages, &page_seconds);
  g_test_message ("scrolled %u steps over %d rows in %.1f s: frame median %.2f ms, 99th %.2f ms, worst %.2f ms; "
                  "longest main-loop iteration %.2f ms; %u pages read (%.2f ms a page)",
                  frames->len, N_IMAGES, (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC,
                  median / 1000.0, p99 / 1000.0, worst / 1000.0, worst_iteration / 1000.0, pages,
                  page_seconds * 1000 / MAX (pages, 1));
  g_print ("image-list scroll: frame median %.2f ms, 99th %.2f ms, worst %.2f ms, worst iteration %.2f ms\n",
           median / 1000.0, p99 / 1000.0, worst / 1000.0, worst_iteration / 1000.0);
  g_assert_cmpfloat (worst / 1000.0, <, WORST_FRAME_LIMIT_MS);
  g_assert_cmpfloat (worst_iteration / 1000.0, <, WORST_FRAME_LIMIT_MS);
}

static void
test_select_id_far_down (void)
{
  Fixture *f = &fixture;
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (sh_image_list_get_scrolled_window (f->list));
  g_autofree char *name = image_list_fixture_file_name (98765);
  GtkWidget *viewport = GTK_WIDGET (sh_image_list_get_scrolled_window (f->list));

  gtk_adjustment_set_value (adjustment, 0);
  wait_for_frame (f, NULL);
  g_assert_null (find_visible_label (GTK_WIDGET (f->list), name, viewport));

  g_assert_true (sh_image_list_select_id (f->list, 98765));
  for (int i = 0; i < 5; i++)
    wait_for_frame (f, NULL);
  g_assert_cmpint (sh_image_list_get_selected_id (f->list), ==, 98765);
  g_assert_nonnull (find_visible_label (GTK_WIDGET (f->list), name, viewport));
  /* Selecting from code is not an activation. */
  g_assert_cmpint (f->activated_id, ==, 0);

  /* Enter on a row (list.activate-item) is. */
  gtk_widget_activate_action (GTK_WIDGET (sh_image_list_get_list_view (f->list)), "list.activate-item", "u",
                              98765 - 1 + 2);
  g_assert_cmpint (f->activated_id, ==, 98765 + 2);

  /* An id the project does not have selects nothing. */
  g_assert_false (sh_image_list_select_id (f->list, N_IMAGES + 5));
  g_assert_cmpint (sh_image_list_get_selected_id (f->list), ==, 0);
}

static void
test_filter_menu (void)
{
  Fixture *f = &fixture;
  GtkDropDown *drop_down = sh_image_list_get_filter_drop_down (f->list);
  GListModel *labels = gtk_drop_down_get_model (drop_down);
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  guint counts[SH_IMAGE_N_FILTERS];

  while (!sh_image_list_model_get_counts (f->model, counts) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  flush_events ();
  g_assert_cmpuint (g_list_model_get_n_items (labels), ==, SH_IMAGE_N_FILTERS);
  for (guint i = 0; i < SH_IMAGE_N_FILTERS; i++)
    {
      const char *label = gtk_string_list_get_string (GTK_STRING_LIST (labels), i);
      g_autofree char *count = g_strdup_printf ("%u)", f->truth.counts[i]);
      g_test_message ("filter menu: %s", label);
      /* The C locale groups no digits. */
      g_assert_true (g_str_has_suffix (label, count));
    }

  /* A choice in the menu filters the list and keeps the selected image when it is still there. */
  g_assert_true (sh_image_list_select_id (f->list, 5 * 6 + 5));   /* rejected */
  gtk_drop_down_set_selected (drop_down, SH_IMAGE_FILTER_REJECTED);
  g_assert_cmpint (sh_image_list_model_get_filter (f->model), ==, SH_IMAGE_FILTER_REJECTED);
  while (sh_image_list_model_get_loading (f->model) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  flush_events ();
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->model)), ==, f->truth.counts[SH_IMAGE_FILTER_REJECTED]);
  g_assert_cmpint (sh_image_list_get_selected_id (f->list), ==, 35);
  g_assert_cmpuint (gtk_drop_down_get_selected (drop_down), ==, SH_IMAGE_FILTER_REJECTED);
  wait_for_frame (f, NULL);
  {
    g_autofree char *cwd = g_get_current_dir ();
    g_autofree char *png = g_build_filename (cwd, "image-list-rejected.png", NULL);
    render_png (GTK_WIDGET (f->list), png);
  }

  /* "Needs a person": new photos with nothing a person drew or accepted, or a prediction left to review. */
  gtk_drop_down_set_selected (drop_down, SH_IMAGE_FILTER_NEEDS_PERSON);
  while (sh_image_list_model_get_loading (f->model) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (f->truth.counts[SH_IMAGE_FILTER_NEEDS_PERSON], <, f->truth.counts[SH_IMAGE_FILTER_NEW]);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->model)), ==,
                    f->truth.counts[SH_IMAGE_FILTER_NEEDS_PERSON]);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (f->model)); i++)
    {
      g_autoptr (ShImageItem) item = g_list_model_get_item (G_LIST_MODEL (f->model), i);

      g_assert_true (image_list_fixture_needs_person (sh_image_item_get_id (item)));
    }

  sh_image_list_model_set_filter (f->model, SH_IMAGE_FILTER_ALL);
  while (sh_image_list_model_get_loading (f->model) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (gtk_drop_down_get_selected (drop_down), ==, SH_IMAGE_FILTER_ALL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->model)), ==, N_IMAGES);
}

/* A click selects a row (list.select-item), which asks for its photo; selecting from code does not. */
static void
test_click_selects (void)
{
  Fixture *f = &fixture;
  GtkWidget *list_view = GTK_WIDGET (sh_image_list_get_list_view (f->list));

  f->selected_id = 0;
  g_assert_true (gtk_widget_activate_action (list_view, "list.select-item", "(ubb)", 41, FALSE, FALSE));
  g_assert_cmpint (f->selected_id, ==, 42);
  g_assert_cmpint (sh_image_list_get_selected_id (f->list), ==, 42);
  /* The same row again is no new choice. */
  f->selected_id = 0;
  g_assert_true (gtk_widget_activate_action (list_view, "list.select-item", "(ubb)", 41, FALSE, FALSE));
  g_assert_cmpint (f->selected_id, ==, 0);
  g_assert_true (sh_image_list_select_id (f->list, 50));
  g_assert_cmpint (f->selected_id, ==, 0);
}

static void
wait_for_search (Fixture *f, const char *text)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while ((g_strcmp0 (sh_image_list_model_get_search (f->model), text) != 0
          || sh_image_list_model_get_loading (f->model))
         && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (sh_image_list_model_get_search (f->model), ==, text);
  g_assert_false (sh_image_list_model_get_loading (f->model));
  flush_events ();
}

/* The search entry and the sort menu over 100,000 rows; Escape clears the search. */
static void
test_search_and_sort (void)
{
  Fixture *f = &fixture;
  GtkEditable *entry = GTK_EDITABLE (sh_image_list_get_search_entry (f->list));
  GtkMenuButton *sort_button = sh_image_list_get_sort_button (f->list);
  GListModel *labels = gtk_drop_down_get_model (sh_image_list_get_filter_drop_down (f->list));
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  gint64 start = g_get_monotonic_time ();

  /* Any case finds img-099900.jpg ... img-099999.jpg. */
  gtk_editable_set_text (entry, "IMG-0999");
  wait_for_search (f, "IMG-0999");
  g_test_message ("search over %d names: %.1f ms", N_IMAGES, (g_get_monotonic_time () - start) / 1000.0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->model)), ==, 100);
  g_assert_cmpint (sh_image_list_model_get_id (f->model, 0), ==, 99900);
  /* The filter menu counts within the search. */
  while (!g_str_has_prefix (gtk_string_list_get_string (GTK_STRING_LIST (labels), 0), "All images (100)")
         && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (labels), 0), ==, "All images (100)");

  /* The sort menu's action: Z to A. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->list), "imagelist.sort", "s", "name-descending"));
  while (sh_image_list_model_get_loading (f->model) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (sh_image_list_model_get_sort (f->model), ==, SH_IMAGE_SORT_NAME);
  g_assert_cmpint (sh_image_list_model_get_id (f->model, 0), ==, 99999);
  g_assert_cmpint (sh_image_list_model_get_id (f->model, 99), ==, 99900);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (sort_button)), ==, "Sort: Name, Z to A");
  g_assert_cmpstr (gtk_menu_button_get_icon_name (sort_button), ==, "view-sort-descending-symbolic");
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (sh_image_list_get_scrolled_window (f->list)), 0);
  wait_for_frame (f, NULL);
  wait_for_frame (f, NULL);
  {
    g_autofree char *cwd = g_get_current_dir ();
    g_autofree char *png = g_build_filename (cwd, "image-list-search.png", NULL);
    render_png (GTK_WIDGET (f->list), png);
    g_test_message ("rendered %s", png);
  }

  /* No match: the list says so. */
  gtk_editable_set_text (entry, "no-such-photo");
  wait_for_search (f, "no-such-photo");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->model)), ==, 0);

  /* Escape clears the search and says the user is done with it. */
  f->searches_finished = 0;
  g_signal_emit_by_name (entry, "stop-search");
  g_assert_cmpstr (gtk_editable_get_text (entry), ==, "");
  g_assert_cmpuint (f->searches_finished, ==, 1);
  wait_for_search (f, "");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->model)), ==, N_IMAGES);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->list), "imagelist.sort", "s", "date"));
  while (sh_image_list_model_get_loading (f->model) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (sh_image_list_model_get_id (f->model, 0), ==, 1);
  g_assert_cmpstr (gtk_menu_button_get_icon_name (sort_button), ==, "view-sort-ascending-symbolic");
}

/* The label showing file_name anywhere in the list's rows. */
static GtkWidget *
find_label (GtkWidget *widget, const char *file_name)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (gtk_widget_get_mapped (child) && g_strcmp0 (shown_text (child), file_name) == 0)
        return child;
      if ((found = find_label (child, file_name)) != NULL)
        return found;
    }
  return NULL;
}

/* The warning on a row says which photo standards the photo misses, in its tooltip and its accessible name. */
static void
test_warning_says_why (void)
{
  Fixture *f = &fixture;
  g_autoptr (GError) error = NULL;
  g_autoptr (ShProject) writer = sh_project_open (f->project_path, SH_PROJECT_OPEN_READ_WRITE, &error);
  g_autofree char *name = image_list_fixture_file_name (17);
  g_autofree char *json = NULL;
  sqlite3_stmt *stmt = NULL;
  ShPhotoCheck check = { 0 };
  GtkWidget *label, *warning;
  const char *tooltip, *accessible;

  g_assert_no_error (error);
  g_assert_cmpint (image_list_fixture_check (17), ==, 0);
  /* A cut-out of 800 x 600: transparent around the product, too small. */
  check.transparent_fraction = 1.0;
  check.white_min_fraction = 0.75;
  check.background = SH_PHOTO_BACKGROUND_TRANSPARENT;
  check.short_side = 600;
  check.min_short_side = 1000;
  check.clipped_max_fraction = 0.02;
  check.clipped_passed = TRUE;
  check.product_found = TRUE;
  check.center_max_offset = 0.2;
  check.centered_passed = TRUE;
  json = sh_photo_check_to_json (&check);
  g_assert_cmpint (sqlite3_prepare_v2 (test_project_db (writer), "UPDATE images SET photo_check = ?1 WHERE id = 17",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, json, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  sh_image_list_model_refresh_item (f->model, 17);

  g_assert_true (sh_image_list_select_id (f->list, 17));
  for (int i = 0; i < 5; i++)
    wait_for_frame (f, NULL);
  label = find_label (GTK_WIDGET (f->list), name);
  g_assert_nonnull (label);
  /* The row: the name, then the details line whose last part is the warning. */
  warning = gtk_widget_get_last_child (gtk_widget_get_next_sibling (label));
  g_assert_true (GTK_IS_IMAGE (warning));
  g_assert_true (gtk_widget_get_visible (warning));
  tooltip = gtk_widget_get_tooltip_text (warning);
  g_test_message ("warning tooltip: %s", tooltip);
  g_assert_cmpstr (tooltip, ==,
                   "Misses the photo standards:\n"
                   "• Background is transparent (a cut-out), not white\n"
                   "• Resolution too low: the shorter side is 600 px, 1000 px needed");
  accessible = sh_accessible_get_label (warning);
  g_assert_cmpstr (accessible, ==, "Failed photo check: Background is transparent (a cut-out), not white; "
                                   "Resolution too low: the shorter side is 600 px, 1000 px needed");

  /* A check without its JSON (an older project) still warns, in general words. */
  g_assert_true (sh_image_list_select_id (f->list, 34));
  for (int i = 0; i < 3; i++)
    wait_for_frame (f, NULL);
  {
    g_autofree char *other = image_list_fixture_file_name (34);

    label = find_label (GTK_WIDGET (f->list), other);
    g_assert_nonnull (label);
    warning = gtk_widget_get_last_child (gtk_widget_get_next_sibling (label));
    g_assert_true (g_str_has_prefix (gtk_widget_get_tooltip_text (warning), "The photo misses a photo standard"));
  }
}

static void
test_accessibility (void)
{
  Fixture *f = &fixture;
  GtkWidget *list_view = GTK_WIDGET (sh_image_list_get_list_view (f->list));

  g_assert_true (gtk_widget_get_focusable (list_view) || gtk_widget_get_focus_on_click (list_view));
  g_assert_cmpint (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (list_view)), ==, GTK_ACCESSIBLE_ROLE_LIST);
  /* Keyboard: the list takes focus and moves with its own bindings. */
  g_assert_true (gtk_widget_grab_focus (list_view));
  g_assert_true (gtk_widget_has_focus (list_view) || gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (f->window)),
                                                                                list_view));
}

static void
set_up (void)
{
  Fixture *f = &fixture;
  g_autoptr (GError) error = NULL;
  g_autoptr (ShProject) project = NULL;
  g_autofree char *photos_dir = NULL;
  g_autofree char *cache_dir = NULL;
  char *photos[N_PHOTOS];
  GdkFrameClock *clock;
  gint64 deadline;

  f->dir = make_tmp_dir ("shadelab-image-list");
  photos_dir = g_build_filename (f->dir, "photos", NULL);
  g_assert_true (sh_synth_write_set (photos_dir, N_PHOTOS, 5, 480, 360, &error));
  g_assert_no_error (error);
  for (int i = 0; i < N_PHOTOS; i++)
    {
      g_autofree char *name = g_strdup_printf ("synth-%04d.%s", i + 1, "jpg");
      photos[i] = g_build_filename (photos_dir, name, NULL);
      if (!g_file_test (photos[i], G_FILE_TEST_EXISTS))
        {
          /* Some of the set are PNG or TIFF. */
          const char *extensions[] = { "png", "tif" };
          for (guint e = 0; e < G_N_ELEMENTS (extensions); e++)
            {
              g_autofree char *other = g_strdup_printf ("synth-%04d.%s", i + 1, extensions[e]);
              g_free (photos[i]);
              photos[i] = g_build_filename (photos_dir, other, NULL);
              if (g_file_test (photos[i], G_FILE_TEST_EXISTS))
                break;
            }
        }
      g_assert_true (g_file_test (photos[i], G_FILE_TEST_EXISTS));
    }
  f->project_path = g_build_filename (f->dir, "list" SH_PROJECT_EXTENSION, NULL);
  image_list_fixture_create (f->project_path, N_IMAGES, (const char *const *) photos, N_PHOTOS, &f->truth);
  for (int i = 0; i < N_PHOTOS; i++)
    g_free (photos[i]);

  project = sh_project_open (f->project_path, SH_PROJECT_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  f->model = sh_image_list_model_new (project, &error);
  g_assert_no_error (error);
  cache_dir = g_build_filename (f->dir, "thumbnails", NULL);
  f->cache = sh_thumbnail_cache_new_for_dir (cache_dir);

  f->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (f->window), 360, 640);
  f->list = SH_IMAGE_LIST (sh_image_list_new ());
  sh_image_list_set_thumbnail_cache (f->list, f->cache);
  sh_image_list_set_model (f->list, f->model);
  g_signal_connect (f->list, "image-activated", G_CALLBACK (on_image_activated), f);
  g_signal_connect (f->list, "image-selected", G_CALLBACK (on_image_selected), f);
  g_signal_connect (f->list, "search-finished", G_CALLBACK (on_search_finished), f);
  gtk_window_set_child (GTK_WINDOW (f->window), GTK_WIDGET (f->list));
  gtk_window_present (GTK_WINDOW (f->window));

  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (!gtk_widget_get_mapped (GTK_WIDGET (f->list)) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (f->list)));
  clock = gtk_widget_get_frame_clock (f->window);
  g_signal_connect (clock, "before-paint", G_CALLBACK (on_before_paint), f);
  g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), f);
  gtk_widget_queue_draw (f->window);
  wait_for_frame (f, NULL);
}

static void
tear_down (void)
{
  Fixture *f = &fixture;
  g_autofree char *command = g_strdup_printf ("rm -rf '%s'", f->dir);

  gtk_window_destroy (GTK_WINDOW (f->window));
  flush_events ();
  g_clear_object (&f->model);
  g_clear_object (&f->cache);
  g_assert_cmpint (system (command), ==, 0);
  g_free (f->project_path);
  g_free (f->dir);
}

int
main (int argc, char **argv)
{
  int status;

  if (!gtk_init_check ())
    {
      g_printerr ("no display: skipped\n");
      return 77;
    }
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/image-list/thumbnails-and-screenshot", test_thumbnails_and_screenshot);
  g_test_add_func ("/image-list/accessibility", test_accessibility);
  g_test_add_func ("/image-list/scroll-whole-list", test_scroll_whole_list);
  g_test_add_func ("/image-list/select-id-far-down", test_select_id_far_down);
  g_test_add_func ("/image-list/filter-menu", test_filter_menu);
  g_test_add_func ("/image-list/click-selects", test_click_selects);
  g_test_add_func ("/image-list/search-and-sort", test_search_and_sort);
  g_test_add_func ("/image-list/warning-says-why", test_warning_says_why);

  set_up ();
  status = g_test_run ();
  tear_down ();
  return status;
}
