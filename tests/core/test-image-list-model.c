/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-image-list-model.c: the image list model over a 100,000-image project (speed, random access,
 * filters, counts, refresh after an edit, next unlabeled) and over a small project of real imported photos
 * (every item field). No display needed. */
#define G_LOG_DOMAIN "shadelab-test"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "core/models/image-list-model.h"
#include "core/formats/import.h"
#include "core/formats/synth-writer.h"
#include "image-list-fixture.h"
#include "tests/lib/project-db.h"

#define BIG_PROJECT_IMAGES 100000
/* Generous bounds for a loaded CI machine; the benchmark reports the real figures. */
#define CREATE_LIMIT_S 0.5
#define RANDOM_ACCESS_MEDIAN_LIMIT_MS 5.0
/* Any single access: a stall, not the scheduler of a busy machine taking a time slice. */
#define RANDOM_ACCESS_WORST_LIMIT_MS 250.0

typedef struct {
  char *dir;
  char *path;
  ImageListFixtureTruth truth;
} BigProject;

static BigProject big;

typedef struct {
  guint position, removed, added;
} Change;

typedef struct {
  GArray *changes;
  guint counts_changed;
  ShImageListModel *model;       /* not owned: the handlers below are taken off it when the test ends */
  gulong items_handler, counts_handler;
} Recorder;

static void
on_items_changed (GListModel *model, guint position, guint removed, guint added, Recorder *recorder)
{
  Change change = { position, removed, added };
  g_array_append_val (recorder->changes, change);
}

static void
on_counts_changed (ShImageListModel *model, Recorder *recorder)
{
  recorder->counts_changed++;
}

static void
recorder_connect (Recorder *recorder, ShImageListModel *model)
{
  recorder->changes = g_array_new (FALSE, FALSE, sizeof (Change));
  recorder->model = model;
  recorder->items_handler = g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed), recorder);
  recorder->counts_handler = g_signal_connect (model, "counts-changed", G_CALLBACK (on_counts_changed), recorder);
}

/* Before the recorder's stack frame goes: a count still running holds the model, and its result would
 * otherwise reach a recorder that no longer exists. */
static void
recorder_clear (Recorder *recorder)
{
  if (recorder->model != NULL)
    {
      g_clear_signal_handler (&recorder->items_handler, recorder->model);
      g_clear_signal_handler (&recorder->counts_handler, recorder->model);
      recorder->model = NULL;
    }
  g_clear_pointer (&recorder->changes, g_array_unref);
}

static void
wait_for_counts (ShImageListModel *model, Recorder *recorder, guint at_least)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (recorder->counts_changed < at_least && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (recorder->counts_changed, >=, at_least);
}

static void
wait_for_load (ShImageListModel *model)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (sh_image_list_model_get_loading (model) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (sh_image_list_model_get_loading (model));
}

static gboolean
filter_matches (ShImageFilter filter, gint64 id)
{
  switch (filter)
    {
    case SH_IMAGE_FILTER_ALL: return TRUE;
    case SH_IMAGE_FILTER_NEW:
    case SH_IMAGE_FILTER_LABELED:
    case SH_IMAGE_FILTER_SKIPPED:
    case SH_IMAGE_FILTER_REJECTED:
      return image_list_fixture_status (id) == (ShImageStatus) (filter - SH_IMAGE_FILTER_NEW);
    case SH_IMAGE_FILTER_MODEL: return image_list_fixture_model_boxes (id) > 0;
    case SH_IMAGE_FILTER_CHECK_FAILED: return image_list_fixture_check (id) == 0;
    case SH_IMAGE_FILTER_NEEDS_PERSON: return image_list_fixture_needs_person (id);
    case SH_IMAGE_N_FILTERS:
    default: g_assert_not_reached ();
    }
}

static void
check_item (ShImageItem *item, gint64 id)
{
  g_autofree char *name = image_list_fixture_file_name (id);

  g_assert_cmpint (sh_image_item_get_id (item), ==, id);
  g_assert_cmpstr (sh_image_item_get_file_name (item), ==, name);
  g_assert_true (g_str_has_suffix (sh_image_item_get_path (item), name));
  g_assert_true (g_path_is_absolute (sh_image_item_get_path (item)));
  g_assert_cmpint (sh_image_item_get_status (item), ==, image_list_fixture_status (id));
  g_assert_cmpstr (sh_image_item_get_status_reason (item), ==, image_list_fixture_reason (id));
  g_assert_cmpint (sh_image_item_get_photo_check_passed (item), ==, image_list_fixture_check (id));
  g_assert_cmpuint (sh_image_item_get_n_model_boxes (item), ==, image_list_fixture_model_boxes (id));
  g_assert_cmpuint (sh_image_item_get_n_boxes (item), ==,
                    image_list_fixture_human_boxes (id) + image_list_fixture_model_boxes (id));
  g_assert_cmpint (sh_image_item_get_width (item), ==, 1500);
  g_assert_cmpint (sh_image_item_get_height (item), ==, 2000);
  g_assert_cmpuint (strlen (sh_image_item_get_content_hash (item)), ==, 64);
  if (id % 10 == 0)
    g_assert_null (sh_image_item_get_product_sku (item));
  else
    g_assert_true (g_str_has_prefix (sh_image_item_get_product_sku (item), "SKU-"));
}

static int
compare_int64 (gconstpointer a, gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;
  return (x > y) - (x < y);
}

static ShImageListModel *
open_big (double *seconds)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ShProject) project = sh_project_open (big.path, SH_PROJECT_OPEN_READ_ONLY, &error);
  gint64 start;
  ShImageListModel *model;

  g_assert_no_error (error);
  start = g_get_monotonic_time ();
  model = sh_image_list_model_new (project, &error);
  *seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  g_assert_no_error (error);
  g_assert_nonnull (model);
  return model;
}

static void
test_big_create_and_access (void)
{
  double seconds, page_seconds;
  g_autoptr (ShImageListModel) model = open_big (&seconds);
  g_autoptr (GRand) rand = g_rand_new_with_seed (7);
  g_autoptr (GArray) times = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 start, worst = 0, median;
  guint pages;

  g_test_message ("model over %d images created in %.1f ms", BIG_PROJECT_IMAGES, seconds * 1000);
  g_assert_cmpfloat (seconds, <, CREATE_LIMIT_S);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, BIG_PROJECT_IMAGES);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (model)) == SH_TYPE_IMAGE_ITEM);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (model), BIG_PROJECT_IMAGES));
  /* Nothing is read until asked for. */
  sh_image_list_model_get_page_stats (model, &pages, NULL);
  g_assert_cmpuint (pages, ==, 0);

  /* Random access: each call at worst reads one page. */
  for (int i = 0; i < 2000; i++)
    {
      guint position = (guint) g_rand_int_range (rand, 0, BIG_PROJECT_IMAGES);
      g_autoptr (ShImageItem) item = NULL;
      gint64 took;

      start = g_get_monotonic_time ();
      item = g_list_model_get_item (G_LIST_MODEL (model), position);
      took = g_get_monotonic_time () - start;
      worst = MAX (worst, took);
      g_array_append_val (times, took);
      check_item (item, position + 1);
      g_assert_cmpuint (sh_image_list_model_get_position (model, position + 1), ==, position);
      g_assert_cmpint (sh_image_list_model_get_id (model, position), ==, position + 1);
    }
  g_array_sort (times, compare_int64);
  median = g_array_index (times, gint64, times->len / 2);
  sh_image_list_model_get_page_stats (model, &pages, &page_seconds);
  g_test_message ("random access: median get_item %.3f ms, worst %.2f ms, %u pages of %d read in %.1f ms (%.2f ms a page)",
                  median / 1000.0, worst / 1000.0, pages, SH_IMAGE_LIST_PAGE_SIZE, page_seconds * 1000,
                  page_seconds * 1000 / MAX (pages, 1));
  g_assert_cmpfloat (median / 1000.0, <, RANDOM_ACCESS_MEDIAN_LIMIT_MS);
  g_assert_cmpfloat (worst / 1000.0, <, RANDOM_ACCESS_WORST_LIMIT_MS);
  g_assert_cmpuint (pages, <=, 2000);

  /* A page is read once while it stays cached: a sweep over it reads nothing more. */
  {
    guint before, after;
    sh_image_list_model_get_page_stats (model, &before, NULL);
    for (guint p = 5000; p < 5000 + SH_IMAGE_LIST_PAGE_SIZE; p++)
      g_object_unref (g_list_model_get_item (G_LIST_MODEL (model), p));
    sh_image_list_model_get_page_stats (model, &after, NULL);
    g_assert_cmpuint (after - before, <=, 2);
    for (guint p = 5000; p < 5000 + SH_IMAGE_LIST_PAGE_SIZE; p++)
      g_object_unref (g_list_model_get_item (G_LIST_MODEL (model), p));
    sh_image_list_model_get_page_stats (model, &before, NULL);
    g_assert_cmpuint (before, ==, after);
  }

  g_assert_cmpuint (sh_image_list_model_get_position (model, 0), ==, G_MAXUINT);
  g_assert_cmpuint (sh_image_list_model_get_position (model, BIG_PROJECT_IMAGES + 1), ==, G_MAXUINT);
  g_assert_cmpint (sh_image_list_model_get_id (model, BIG_PROJECT_IMAGES), ==, 0);
}

static void
test_big_filters_and_counts (void)
{
  double seconds;
  g_autoptr (ShImageListModel) model = open_big (&seconds);
  Recorder recorder = { 0 };
  guint counts[SH_IMAGE_N_FILTERS];

  recorder_connect (&recorder, model);
  wait_for_counts (model, &recorder, 1);
  g_assert_true (sh_image_list_model_get_counts (model, counts));
  for (int f = 0; f < SH_IMAGE_N_FILTERS; f++)
    {
      g_test_message ("%-13s %u", sh_image_filter_get_name (f), counts[f]);
      g_assert_cmpuint (counts[f], ==, big.truth.counts[f]);
    }

  for (int f = SH_IMAGE_N_FILTERS - 1; f >= 0; f--)
    {
      guint before = g_list_model_get_n_items (G_LIST_MODEL (model));
      guint n;
      gint64 start = g_get_monotonic_time ();
      Change change;

      g_array_set_size (recorder.changes, 0);
      sh_image_list_model_set_filter (model, f);
      if (f == SH_IMAGE_FILTER_CHECK_FAILED)
        g_assert_true (sh_image_list_model_get_loading (model));
      /* Until the new ids are there, the list shows what it showed. */
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, before);
      wait_for_load (model);
      g_test_message ("filter %s: %.1f ms", sh_image_filter_get_name (f),
                      (g_get_monotonic_time () - start) / 1000.0);

      n = g_list_model_get_n_items (G_LIST_MODEL (model));
      g_assert_cmpuint (n, ==, big.truth.counts[f]);
      g_assert_cmpint (sh_image_list_model_get_filter (model), ==, f);
      g_assert_cmpuint (recorder.changes->len, ==, 1);
      change = g_array_index (recorder.changes, Change, 0);
      g_assert_cmpuint (change.position, ==, 0);
      g_assert_cmpuint (change.removed, ==, before);
      g_assert_cmpuint (change.added, ==, n);

      /* Ascending ids, each one matching the filter; items at the start, middle and end are right. */
      for (guint p = 1; p < n; p++)
        g_assert_cmpint (sh_image_list_model_get_id (model, p - 1), <, sh_image_list_model_get_id (model, p));
      for (guint p = 0; p < n; p += MAX (1, n / 50))
        {
          gint64 id = sh_image_list_model_get_id (model, p);
          g_autoptr (ShImageItem) item = g_list_model_get_item (G_LIST_MODEL (model), p);
          g_assert_true (filter_matches (f, id));
          check_item (item, id);
        }
      {
        g_autoptr (ShImageItem) last = g_list_model_get_item (G_LIST_MODEL (model), n - 1);
        check_item (last, sh_image_list_model_get_id (model, n - 1));
      }
    }
  recorder_clear (&recorder);
}

static void
test_big_refresh_item (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ShProject) writer = sh_project_open (big.path, SH_PROJECT_OPEN_READ_WRITE, &error);
  double seconds;
  g_autoptr (ShImageListModel) model = open_big (&seconds);
  Recorder recorder = { 0 };
  g_autoptr (ShImageItem) before = NULL;
  g_autoptr (ShImageItem) after = NULL;
  g_autoptr (ShImageItem) neighbour = NULL;
  guint counts[SH_IMAGE_N_FILTERS];
  gint64 id = 61206;            /* a new image (61206 % 6 == 0) */
  guint position = (guint) id - 1;
  guint pages_before, pages_after;
  guint n_counts;
  ShBoxRow box = { .image_id = id, .class_name = "product", .x = 5, .y = 5, .w = 50, .h = 60,
                   .source = SH_BOX_SOURCE_HUMAN, .score = -1, .labeler = "test" };

  g_assert_no_error (error);
  g_assert_cmpint (image_list_fixture_status (id), ==, SH_IMAGE_NEW);
  recorder_connect (&recorder, model);
  wait_for_counts (model, &recorder, 1);
  n_counts = recorder.counts_changed;

  before = g_list_model_get_item (G_LIST_MODEL (model), position);
  neighbour = g_list_model_get_item (G_LIST_MODEL (model), position + 1);
  g_assert_cmpint (sh_image_item_get_status (before), ==, SH_IMAGE_NEW);

  /* The edit, through the store's own connection, then the refresh. */
  g_assert_true (sh_project_save_box (writer, &box, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (sh_project_set_image_status (writer, id, SH_IMAGE_LABELED, NULL, &error));
  g_assert_no_error (error);
  sh_image_list_model_get_page_stats (model, &pages_before, NULL);
  sh_image_list_model_refresh_item (model, id);
  sh_image_list_model_get_page_stats (model, &pages_after, NULL);

  g_assert_cmpuint (recorder.changes->len, ==, 1);
  g_assert_cmpuint (g_array_index (recorder.changes, Change, 0).position, ==, position);
  g_assert_cmpuint (g_array_index (recorder.changes, Change, 0).removed, ==, 1);
  g_assert_cmpuint (g_array_index (recorder.changes, Change, 0).added, ==, 1);
  /* Only that row was read again, not its page. */
  g_assert_cmpuint (pages_after - pages_before, ==, 1);

  after = g_list_model_get_item (G_LIST_MODEL (model), position);
  g_assert_true (after != before);
  g_assert_cmpint (sh_image_item_get_status (after), ==, SH_IMAGE_LABELED);
  g_assert_cmpuint (sh_image_item_get_n_boxes (after), ==, sh_image_item_get_n_boxes (before) + 1);
  /* The old snapshot is untouched, the neighbour is the same object. */
  g_assert_cmpint (sh_image_item_get_status (before), ==, SH_IMAGE_NEW);
  {
    g_autoptr (ShImageItem) again = g_list_model_get_item (G_LIST_MODEL (model), position + 1);
    g_assert_true (again == neighbour);
  }

  wait_for_counts (model, &recorder, n_counts + 1);
  g_assert_true (sh_image_list_model_get_counts (model, counts));
  g_assert_cmpuint (counts[SH_IMAGE_FILTER_NEW], ==, big.truth.counts[SH_IMAGE_FILTER_NEW] - 1);
  g_assert_cmpuint (counts[SH_IMAGE_FILTER_LABELED], ==, big.truth.counts[SH_IMAGE_FILTER_LABELED] + 1);

  /* Under "new" the labeled image keeps its row until the filter is applied again. */
  sh_image_list_model_set_filter (model, SH_IMAGE_FILTER_NEW);
  wait_for_load (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, big.truth.counts[SH_IMAGE_FILTER_NEW] - 1);
  g_assert_cmpuint (sh_image_list_model_get_position (model, id), ==, G_MAXUINT);

  /* Put it back, for the other tests. */
  g_assert_true (sh_project_set_image_status (writer, id, SH_IMAGE_NEW, NULL, &error));
  {
    sqlite3 *db = test_project_db (writer);
    g_assert_cmpint (sqlite3_exec (db, "DELETE FROM boxes WHERE labeler = 'test'", NULL, NULL, NULL), ==, SQLITE_OK);
  }
  g_array_set_size (recorder.changes, 0);
  sh_image_list_model_reload (model);
  wait_for_load (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, big.truth.counts[SH_IMAGE_FILTER_NEW]);
  /* One image joined in the middle: the whole list was announced. */
  g_assert_cmpuint (recorder.changes->len, ==, 1);
  g_assert_cmpuint (g_array_index (recorder.changes, Change, 0).position, ==, 0);

  /* An image the list does not hold is not announced. */
  g_array_set_size (recorder.changes, 0);
  sh_image_list_model_refresh_item (model, 2);  /* labeled: not under "new" */
  g_assert_cmpuint (recorder.changes->len, ==, 0);
  recorder_clear (&recorder);
}

static void
test_big_find_unlabeled (void)
{
  double seconds;
  g_autoptr (ShImageListModel) model = open_big (&seconds);
  gint64 start;

  /* New images are the ids divisible by 6. */
  g_assert_cmpuint (sh_image_list_model_find_unlabeled (model, G_MAXUINT, TRUE), ==, 5);
  g_assert_cmpuint (sh_image_list_model_find_unlabeled (model, 5, TRUE), ==, 11);
  g_assert_cmpuint (sh_image_list_model_find_unlabeled (model, 6, TRUE), ==, 11);
  g_assert_cmpuint (sh_image_list_model_find_unlabeled (model, 11, FALSE), ==, 5);
  g_assert_cmpuint (sh_image_list_model_find_unlabeled (model, 5, FALSE), ==, G_MAXUINT);
  g_assert_cmpuint (sh_image_list_model_find_unlabeled (model, G_MAXUINT, FALSE), ==, 99995);
  g_assert_cmpuint (sh_image_list_model_find_unlabeled (model, 99995, TRUE), ==, G_MAXUINT);

  /* Under a filter without new images the answer is "none", found without a stall. */
  sh_image_list_model_set_filter (model, SH_IMAGE_FILTER_SKIPPED);
  wait_for_load (model);
  start = g_get_monotonic_time ();
  g_assert_cmpuint (sh_image_list_model_find_unlabeled (model, G_MAXUINT, TRUE), ==, G_MAXUINT);
  g_test_message ("find_unlabeled with none in the list: %.1f ms", (g_get_monotonic_time () - start) / 1000.0);

  /* Under "model", the first new image that has model boxes: id 66 (divisible by 6 and 11). */
  sh_image_list_model_set_filter (model, SH_IMAGE_FILTER_MODEL);
  wait_for_load (model);
  g_assert_cmpint (sh_image_list_model_get_id (model, sh_image_list_model_find_unlabeled (model, G_MAXUINT, TRUE)),
                   ==, 66);
}

/* ---- sorts and the name search, on a copy of the big project with shuffled, mixed-case names ---- */

typedef struct {
  char *path;
  char **names;                    /* by id, 1..BIG_PROJECT_IMAGES */
} Shuffled;

/* Names in no id order, a third of them lower case, so that a sort by name that used the ids or the case would
 * show. */
static char *
shuffled_name (gint64 id)
{
  return g_strdup_printf ("%s-%06" G_GINT64_FORMAT ".jpg", id % 3 == 0 ? "shade" : "Shade", (id * 7919) % 100003);
}

static void
shuffled_create (Shuffled *shuffled)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GFile) from = g_file_new_for_path (big.path);
  g_autoptr (GFile) to = NULL;
  g_autoptr (ShProject) writer = NULL;
  sqlite3_stmt *stmt = NULL;
  sqlite3 *db;

  shuffled->path = g_build_filename (big.dir, "shuffled" SH_PROJECT_EXTENSION, NULL);
  to = g_file_new_for_path (shuffled->path);
  g_assert_true (g_file_copy (from, to, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  writer = sh_project_open (shuffled->path, SH_PROJECT_OPEN_READ_WRITE, &error);
  g_assert_no_error (error);
  db = test_project_db (writer);
  shuffled->names = g_new0 (char *, BIG_PROJECT_IMAGES + 2);
  g_assert_cmpint (sqlite3_exec (db, "BEGIN", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "UPDATE images SET file_name = ?2 WHERE id = ?1", -1, &stmt, NULL), ==,
                   SQLITE_OK);
  for (gint64 id = 1; id <= BIG_PROJECT_IMAGES; id++)
    {
      shuffled->names[id] = shuffled_name (id);
      sqlite3_bind_int64 (stmt, 1, id);
      sqlite3_bind_text (stmt, 2, shuffled->names[id], -1, SQLITE_STATIC);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
      sqlite3_reset (stmt);
    }
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_exec (db, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
}

static void
shuffled_free (Shuffled *shuffled)
{
  g_unlink (shuffled->path);
  g_free (shuffled->path);
  for (gint64 id = 0; id <= BIG_PROJECT_IMAGES; id++)
    g_free (shuffled->names[id]);
  g_free (shuffled->names);
}

static int
status_rank (gint64 id)
{
  static const int ranks[] = { [SH_IMAGE_NEW] = 0, [SH_IMAGE_LABELED] = 1, [SH_IMAGE_SKIPPED] = 2,
                               [SH_IMAGE_REJECTED] = 3 };
  return ranks[image_list_fixture_status (id)];
}

/* Whether a comes before b in sort (ascending), ties by id. */
static int
compare_in_sort (const Shuffled *shuffled, ShImageSort sort, gint64 a, gint64 b)
{
  int order = 0;

  if (sort == SH_IMAGE_SORT_NAME)
    order = g_ascii_strcasecmp (shuffled->names[a], shuffled->names[b]);
  else if (sort == SH_IMAGE_SORT_STATUS)
    order = status_rank (a) - status_rank (b);
  return order != 0 ? order : (a > b) - (a < b);
}

static gboolean
name_contains (const char *name, const char *text)
{
  g_autofree char *lower_name = g_ascii_strdown (name, -1);
  g_autofree char *lower_text = g_ascii_strdown (text, -1);

  return strstr (lower_name, lower_text) != NULL;
}

/* Sets sort and search, waits for the list and checks it against the truth: every image that matches, each
 * once, in order, with its position found again. */
static void
check_sorted (ShImageListModel *model, const Shuffled *shuffled, ShImageFilter filter, ShImageSort sort,
              gboolean descending, const char *search)
{
  gint64 start = g_get_monotonic_time ();
  guint n, expected = 0;

  sh_image_list_model_set_filter (model, filter);
  sh_image_list_model_set_sort (model, sort, descending);
  sh_image_list_model_set_search (model, search);
  g_assert_cmpint (sh_image_list_model_get_sort (model), ==, sort);
  g_assert_cmpint (sh_image_list_model_get_sort_descending (model), ==, descending);
  g_assert_cmpstr (sh_image_list_model_get_search (model), ==, search != NULL ? search : "");
  wait_for_load (model);
  n = g_list_model_get_n_items (G_LIST_MODEL (model));
  g_test_message ("%s %s%s, search '%s': %u images in %.1f ms", sh_image_filter_get_name (filter),
                  sh_image_sort_get_name (sort), descending ? " descending" : "", search ? search : "", n,
                  (g_get_monotonic_time () - start) / 1000.0);

  for (gint64 id = 1; id <= BIG_PROJECT_IMAGES; id++)
    expected += filter_matches (filter, id) && (search == NULL || name_contains (shuffled->names[id], search));
  g_assert_cmpuint (n, ==, expected);
  for (guint p = 0; p < n; p++)
    {
      gint64 id = sh_image_list_model_get_id (model, p);

      g_assert_true (filter_matches (filter, id));
      g_assert_true (search == NULL || name_contains (shuffled->names[id], search));
      g_assert_cmpuint (sh_image_list_model_get_position (model, id), ==, p);
      if (p > 0)
        {
          int order = compare_in_sort (shuffled, sort, sh_image_list_model_get_id (model, p - 1), id);

          g_assert_cmpint (descending ? -order : order, <, 0);
        }
    }
  /* Items are the rows of their ids. */
  for (guint p = 0; p < n; p += MAX (1, n / 20))
    {
      g_autoptr (ShImageItem) item = g_list_model_get_item (G_LIST_MODEL (model), p);

      g_assert_cmpint (sh_image_item_get_id (item), ==, sh_image_list_model_get_id (model, p));
      g_assert_cmpstr (sh_image_item_get_file_name (item), ==, shuffled->names[sh_image_item_get_id (item)]);
    }
}

/* The next image to label from position, by walking the list: what find_unlabeled must answer. */
static guint
walk_to_unlabeled (ShImageListModel *model, guint position, gboolean forward)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (model));

  if (forward)
    {
      for (guint p = position == G_MAXUINT ? 0 : position + 1; p < n; p++)
        if (image_list_fixture_status (sh_image_list_model_get_id (model, p)) == SH_IMAGE_NEW)
          return p;
    }
  else
    {
      for (guint p = position == G_MAXUINT ? n : position; p-- > 0;)
        if (image_list_fixture_status (sh_image_list_model_get_id (model, p)) == SH_IMAGE_NEW)
          return p;
    }
  return G_MAXUINT;
}

static void
test_big_sort_and_search (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ShProject) project = NULL;
  g_autoptr (ShImageListModel) model = NULL;
  Shuffled shuffled = { 0 };
  Recorder recorder = { 0 };
  guint counts[SH_IMAGE_N_FILTERS];
  guint n_counts;

  shuffled_create (&shuffled);
  project = sh_project_open (shuffled.path, SH_PROJECT_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  model = sh_image_list_model_new (project, &error);
  g_assert_no_error (error);
  recorder_connect (&recorder, model);
  wait_for_counts (model, &recorder, 1);

  /* Every order, each way, over the whole project. */
  for (ShImageSort sort = 0; sort < SH_IMAGE_N_SORTS; sort++)
    {
      check_sorted (model, &shuffled, SH_IMAGE_FILTER_ALL, sort, FALSE, NULL);
      check_sorted (model, &shuffled, SH_IMAGE_FILTER_ALL, sort, TRUE, NULL);
    }
  /* With a filter and a search; any case; LIKE's wildcards are plain characters. */
  check_sorted (model, &shuffled, SH_IMAGE_FILTER_NEW, SH_IMAGE_SORT_NAME, FALSE, "SHADE-01");
  check_sorted (model, &shuffled, SH_IMAGE_FILTER_MODEL, SH_IMAGE_SORT_STATUS, TRUE, "7.jpg");
  check_sorted (model, &shuffled, SH_IMAGE_FILTER_ALL, SH_IMAGE_SORT_DATE, TRUE, "ade-0999");
  check_sorted (model, &shuffled, SH_IMAGE_FILTER_ALL, SH_IMAGE_SORT_NAME, FALSE, "e_0");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
  check_sorted (model, &shuffled, SH_IMAGE_FILTER_ALL, SH_IMAGE_SORT_NAME, FALSE, "%");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);

  /* The counts per filter are of the images the search matches. */
  n_counts = recorder.counts_changed;
  check_sorted (model, &shuffled, SH_IMAGE_FILTER_ALL, SH_IMAGE_SORT_NAME, FALSE, "shade-00");
  wait_for_counts (model, &recorder, n_counts + 1);
  g_assert_true (sh_image_list_model_get_counts (model, counts));
  for (int f = 0; f < SH_IMAGE_N_FILTERS; f++)
    {
      guint expected = 0;

      for (gint64 id = 1; id <= BIG_PROJECT_IMAGES; id++)
        expected += filter_matches (f, id) && name_contains (shuffled.names[id], "shade-00");
      g_assert_cmpuint (counts[f], ==, expected);
    }

  /* The next photo to label (Space) and D / A follow the list's order, whatever it is. */
  for (ShImageSort sort = 0; sort < SH_IMAGE_N_SORTS; sort++)
    for (int descending = 0; descending < 2; descending++)
      {
        guint n;
        gint64 start;

        check_sorted (model, &shuffled, SH_IMAGE_FILTER_ALL, sort, descending, NULL);
        n = g_list_model_get_n_items (G_LIST_MODEL (model));
        start = g_get_monotonic_time ();
        for (guint position = 0; position < n; position += 997)
          {
            g_assert_cmpuint (sh_image_list_model_find_unlabeled (model, position, TRUE), ==,
                              walk_to_unlabeled (model, position, TRUE));
            g_assert_cmpuint (sh_image_list_model_find_unlabeled (model, position, FALSE), ==,
                              walk_to_unlabeled (model, position, FALSE));
          }
        g_assert_cmpuint (sh_image_list_model_find_unlabeled (model, G_MAXUINT, TRUE), ==,
                          walk_to_unlabeled (model, G_MAXUINT, TRUE));
        g_assert_cmpuint (sh_image_list_model_find_unlabeled (model, G_MAXUINT, FALSE), ==,
                          walk_to_unlabeled (model, G_MAXUINT, FALSE));
        g_test_message ("find_unlabeled, %s%s: %.3f ms a call", sh_image_sort_get_name (sort),
                        descending ? " descending" : "", (g_get_monotonic_time () - start) / 1000.0 / (2 * n / 997));
      }
  /* Under a filter without new images: none, from anywhere. */
  check_sorted (model, &shuffled, SH_IMAGE_FILTER_LABELED, SH_IMAGE_SORT_NAME, FALSE, NULL);
  g_assert_cmpuint (sh_image_list_model_find_unlabeled (model, G_MAXUINT, TRUE), ==, G_MAXUINT);
  g_assert_cmpuint (sh_image_list_model_find_unlabeled (model, 100, FALSE), ==, G_MAXUINT);

  recorder_clear (&recorder);
  g_clear_object (&model);
  g_clear_pointer (&project, sh_project_close);
  shuffled_free (&shuffled);
}

/* A model box a person accepted is a label: the item's model count, the "model" filter and its count only
 * hold predictions still to review. */
static void
test_big_model_boxes_accepted (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = g_build_filename (big.dir, "accepted" SH_PROJECT_EXTENSION, NULL);
  g_autoptr (GFile) from = g_file_new_for_path (big.path);
  g_autoptr (GFile) to = g_file_new_for_path (path);
  g_autoptr (ShProject) writer = NULL;
  g_autoptr (ShProject) project = NULL;
  g_autoptr (ShImageListModel) model = NULL;
  g_autoptr (ShImageItem) before = NULL;
  g_autoptr (ShImageItem) after = NULL;
  Recorder recorder = { 0 };
  guint counts[SH_IMAGE_N_FILTERS];
  guint n_counts;
  gint64 id = 22;               /* two model boxes (22 % 11 == 0) */
  GArray *boxes;

  g_assert_true (g_file_copy (from, to, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error));
  writer = sh_project_open (path, SH_PROJECT_OPEN_READ_WRITE, &error);
  g_assert_no_error (error);
  project = sh_project_open (path, SH_PROJECT_OPEN_READ_ONLY, &error);
  model = sh_image_list_model_new (project, &error);
  g_assert_no_error (error);
  recorder_connect (&recorder, model);
  wait_for_counts (model, &recorder, 1);
  before = g_list_model_get_item (G_LIST_MODEL (model), (guint) id - 1);
  g_assert_cmpuint (sh_image_item_get_n_model_boxes (before), ==, 2);

  /* One of the two accepted: still a prediction to review. */
  boxes = sh_project_list_boxes (writer, id, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < boxes->len; i++)
    {
      ShBoxRow row = g_array_index (boxes, ShBoxRow, i);

      if (row.source != SH_BOX_SOURCE_MODEL)
        continue;
      row.accepted = TRUE;
      g_assert_true (sh_project_save_box (writer, &row, NULL, &error));
      g_assert_no_error (error);
      n_counts = recorder.counts_changed;
      sh_image_list_model_refresh_item (model, id);
      g_clear_object (&after);
      after = g_list_model_get_item (G_LIST_MODEL (model), (guint) id - 1);
      wait_for_counts (model, &recorder, n_counts + 1);
      g_assert_true (sh_image_list_model_get_counts (model, counts));
      if (sh_image_item_get_n_model_boxes (after) == 1)
        g_assert_cmpuint (counts[SH_IMAGE_FILTER_MODEL], ==, big.truth.counts[SH_IMAGE_FILTER_MODEL]);
    }
  g_array_unref (boxes);
  /* Both accepted: no longer "model", though its boxes still came from one. */
  g_assert_cmpuint (sh_image_item_get_n_model_boxes (after), ==, 0);
  g_assert_cmpuint (sh_image_item_get_n_boxes (after), ==, sh_image_item_get_n_boxes (before));
  g_assert_cmpuint (counts[SH_IMAGE_FILTER_MODEL], ==, big.truth.counts[SH_IMAGE_FILTER_MODEL] - 1);
  sh_image_list_model_set_filter (model, SH_IMAGE_FILTER_MODEL);
  wait_for_load (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==,
                    big.truth.counts[SH_IMAGE_FILTER_MODEL] - 1);
  g_assert_cmpuint (sh_image_list_model_get_position (model, id), ==, G_MAXUINT);

  recorder_clear (&recorder);
  g_clear_object (&model);
  g_clear_pointer (&project, sh_project_close);
  g_clear_pointer (&writer, sh_project_close);
  g_unlink (path);
}

/* ---- a small project of real photos ---- */

static void
on_import_appended (GListModel *model, guint position, guint removed, guint added, Change *change)
{
  *change = (Change) { position, removed, added };
}

/* Ids with gaps (rows removed by another program) are read one by one, in order, whatever their status. */
static void
test_ids_with_gaps (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("shadelab-list-gaps-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "gaps" SH_PROJECT_EXTENSION, NULL);
  g_autofree char *command = g_strdup_printf ("rm -rf '%s'", dir);
  ImageListFixtureTruth truth;
  guint n = 700, removed = 0;

  g_assert_no_error (error);
  image_list_fixture_create (path, n, NULL, 0, &truth);
  {
    g_autoptr (ShProject) writer = sh_project_open (path, SH_PROJECT_OPEN_READ_WRITE, &error);
    g_assert_no_error (error);
    g_assert_cmpint (sqlite3_exec (test_project_db (writer), "DELETE FROM images WHERE id % 7 = 3 OR id = 1",
                                   NULL, NULL, NULL), ==, SQLITE_OK);
  }
  for (guint id = 1; id <= n; id++)
    removed += id % 7 == 3 || id == 1;

  for (int descending = 0; descending <= 1; descending++)
    {
      g_autoptr (ShProject) project = sh_project_open (path, SH_PROJECT_OPEN_READ_ONLY, &error);
      g_autoptr (ShImageListModel) model = NULL;
      gint64 previous = descending ? G_MAXINT64 : 0;

      g_assert_no_error (error);
      model = sh_image_list_model_new (project, &error);
      g_assert_no_error (error);
      if (descending)
        {
          sh_image_list_model_set_sort (model, SH_IMAGE_SORT_DATE, TRUE);
          wait_for_load (model);
        }
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, n - removed);
      for (guint position = 0; position < n - removed; position++)
        {
          gint64 id = sh_image_list_model_get_id (model, position);

          g_assert_true (descending ? id < previous : id > previous);
          g_assert_true (id % 7 != 3 && id != 1);
          g_assert_cmpuint (sh_image_list_model_get_position (model, id), ==, position);
          previous = id;
        }
    }
  g_assert_cmpint (system (command), ==, 0);
}

static void
test_real_photos (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("shadelab-list-XXXXXX", &error);
  g_autofree char *photos = g_build_filename (dir, "photos", NULL);
  g_autofree char *more = g_build_filename (dir, "more", NULL);
  g_autofree char *path = g_build_filename (dir, "real" SH_PROJECT_EXTENSION, NULL);
  g_autoptr (ShProject) project = NULL;
  g_autoptr (ShImageListModel) model = NULL;
  const char *paths[] = { photos, NULL };
  ShImportReport report;
  Change change = { G_MAXUINT, 0, 0 };

  g_assert_no_error (error);
  g_assert_true (sh_synth_write_set (photos, 5, 11, 320, 240, &error));
  g_assert_no_error (error);
  project = sh_project_create (path, &error);
  g_assert_no_error (error);
  sh_import_report_init (&report);
  g_assert_true (sh_import_paths (project, paths, NULL, NULL, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.imported, ==, 5);

  model = sh_image_list_model_new (project, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 5);
  for (guint p = 0; p < 5; p++)
    {
      g_autoptr (ShImageItem) item = g_list_model_get_item (G_LIST_MODEL (model), p);
      g_autofree char *expected_name = NULL;
      sqlite3_stmt *stmt;
      GStatBuf st;

      g_assert_cmpint (sh_image_item_get_id (item), ==, g_array_index (report.image_ids, gint64, p));
      /* The item says what the store says. */
      g_assert_cmpint (sqlite3_prepare_v2 (test_project_db (project),
                                           "SELECT file_name, content_hash, width, height, photo_check_passed, "
                                           "status FROM images WHERE id = ?1", -1, &stmt, NULL), ==, SQLITE_OK);
      sqlite3_bind_int64 (stmt, 1, sh_image_item_get_id (item));
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
      g_assert_cmpstr (sh_image_item_get_file_name (item), ==, (const char *) sqlite3_column_text (stmt, 0));
      g_assert_cmpstr (sh_image_item_get_content_hash (item), ==, (const char *) sqlite3_column_text (stmt, 1));
      g_assert_cmpint (sh_image_item_get_width (item), ==, sqlite3_column_int (stmt, 2));
      g_assert_cmpint (sh_image_item_get_height (item), ==, sqlite3_column_int (stmt, 3));
      g_assert_cmpint (sh_image_item_get_photo_check_passed (item), ==, sqlite3_column_int (stmt, 4));
      g_assert_cmpstr (sh_image_status_name (sh_image_item_get_status (item)), ==,
                       (const char *) sqlite3_column_text (stmt, 5));
      sqlite3_finalize (stmt);

      g_assert_cmpuint (sh_image_item_get_n_boxes (item), ==, 0);
      g_assert_null (sh_image_item_get_product_sku (item));
      g_assert_true (g_str_has_prefix (sh_image_item_get_file_name (item), "synth-"));
      g_assert_true (g_path_is_absolute (sh_image_item_get_path (item)));
      g_assert_cmpint (g_stat (sh_image_item_get_path (item), &st), ==, 0);
      /* 320x240 photos, some stored rotated: upright sizes either way round. */
      g_assert_cmpint (sh_image_item_get_width (item) * sh_image_item_get_height (item), ==, 320 * 240);
    }

  /* A product set on an image shows after a refresh. */
  {
    ShProductRow product = { .sku = "LIP-042", .brand = "Acme", .shade = "Ruby" };
    gint64 product_id, first = sh_image_list_model_get_id (model, 0);
    g_autoptr (ShImageItem) item = NULL;
    g_assert_true (sh_project_upsert_product (project, &product, &product_id, &error));
    g_assert_true (sh_project_set_image_product (project, first, product_id, &error));
    g_assert_true (sh_project_set_image_status (project, first, SH_IMAGE_REJECTED, "out of focus", &error));
    g_assert_no_error (error);
    sh_image_list_model_refresh_item (model, first);
    item = g_list_model_get_item (G_LIST_MODEL (model), 0);
    g_assert_cmpstr (sh_image_item_get_product_sku (item), ==, "LIP-042");
    g_assert_cmpint (sh_image_item_get_status (item), ==, SH_IMAGE_REJECTED);
    g_assert_cmpstr (sh_image_item_get_status_reason (item), ==, "out of focus");
  }

  /* An import appends: only the new rows are announced. */
  g_assert_true (sh_synth_write_set (more, 3, 99, 200, 150, &error));
  {
    const char *more_paths[] = { more, NULL };
    sh_import_report_clear (&report);
    sh_import_report_init (&report);
    g_assert_true (sh_import_paths (project, more_paths, NULL, NULL, &report, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (report.imported, ==, 3);
  }
  g_signal_connect (model, "items-changed", G_CALLBACK (on_import_appended), &change);
  sh_image_list_model_reload (model);
  wait_for_load (model);
  g_assert_cmpuint (change.position, ==, 5);
  g_assert_cmpuint (change.removed, ==, 0);
  g_assert_cmpuint (change.added, ==, 3);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 8);
  {
    g_autoptr (ShImageItem) last = g_list_model_get_item (G_LIST_MODEL (model), 7);
    g_assert_cmpint (sh_image_item_get_width (last) * sh_image_item_get_height (last), ==, 200 * 150);
  }
  sh_import_report_clear (&report);

  g_clear_object (&model);
  g_clear_pointer (&project, sh_project_close);
  {
    g_autofree char *command = g_strdup_printf ("rm -rf '%s'", dir);
    g_assert_cmpint (system (command), ==, 0);
  }
}

static void
wait_for_pages (ShImageListModel *model, guint at_least)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  guint pages;

  sh_image_list_model_get_page_stats (model, &pages, NULL);
  while (pages < at_least && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, TRUE);
      sh_image_list_model_get_page_stats (model, &pages, NULL);
    }
  g_assert_cmpuint (pages, >=, at_least);
}

static void
wait_for_changes (Recorder *recorder, guint at_least)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (recorder->changes->len < at_least && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (recorder->changes->len, >=, at_least);
}

/* What the list view sees: get_item never reads on its thread; a page not in memory comes as placeholders with
 * the right ids, then the worker's rows replace them in one items-changed, and the pages around it are read
 * ahead without any. */
static void
test_big_read_ahead (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ShProject) writer = sh_project_open (big.path, SH_PROJECT_OPEN_READ_WRITE, &error);
  double seconds;
  g_autoptr (ShImageListModel) model = open_big (&seconds);
  Recorder recorder = { 0 };
  guint page = 781, first = page * SH_IMAGE_LIST_PAGE_SIZE, pages;
  g_autoptr (ShImageItem) placeholder = NULL;
  g_autoptr (ShImageItem) item = NULL;
  Change change;

  g_assert_no_error (error);
  recorder_connect (&recorder, model);
  sh_image_list_model_set_read_ahead (model, TRUE);

  placeholder = g_list_model_get_item (G_LIST_MODEL (model), first + 5);
  g_assert_true (sh_image_item_is_placeholder (placeholder));
  g_assert_cmpint (sh_image_item_get_id (placeholder), ==, first + 6);
  g_assert_cmpstr (sh_image_item_get_file_name (placeholder), ==, "");
  {
    /* Asked again before it arrived: the same placeholder, nothing read on this thread. */
    g_autoptr (ShImageItem) again = g_list_model_get_item (G_LIST_MODEL (model), first + 5);
    g_assert_true (again == placeholder);
    sh_image_list_model_get_page_stats (model, &pages, NULL);
    g_assert_cmpuint (pages, ==, 0);
  }

  wait_for_changes (&recorder, 1);
  change = g_array_index (recorder.changes, Change, 0);
  g_assert_cmpuint (change.position, ==, first);
  g_assert_cmpuint (change.removed, ==, SH_IMAGE_LIST_PAGE_SIZE);
  g_assert_cmpuint (change.added, ==, SH_IMAGE_LIST_PAGE_SIZE);
  item = g_list_model_get_item (G_LIST_MODEL (model), first + 5);
  g_assert_false (sh_image_item_is_placeholder (item));
  check_item (item, first + 6);

  /* The pages on both sides arrive too, silently: nobody was shown a placeholder of them. */
  wait_for_pages (model, 1 + 2 * SH_IMAGE_LIST_READ_AHEAD_PAGES);
  for (int d = -SH_IMAGE_LIST_READ_AHEAD_PAGES; d <= SH_IMAGE_LIST_READ_AHEAD_PAGES; d++)
    {
      guint position = (guint) ((int) first + d * SH_IMAGE_LIST_PAGE_SIZE + SH_IMAGE_LIST_PAGE_SIZE - 1);
      g_autoptr (ShImageItem) near = g_list_model_get_item (G_LIST_MODEL (model), position);

      g_assert_false (sh_image_item_is_placeholder (near));
      check_item (near, position + 1);
    }
  g_assert_cmpuint (recorder.changes->len, ==, 1);

  /* An edit to a row whose page is on its way: the row that arrives is the edited one. */
  {
    guint far = 1400 * SH_IMAGE_LIST_PAGE_SIZE + 10;
    gint64 id = far + 1;
    ShImageStatus status = image_list_fixture_status (id) == SH_IMAGE_NEW ? SH_IMAGE_LABELED : SH_IMAGE_NEW;
    g_autoptr (ShImageItem) waiting = g_list_model_get_item (G_LIST_MODEL (model), far);
    g_autoptr (ShImageItem) edited = NULL;
    guint n_changes = recorder.changes->len;

    g_assert_true (sh_image_item_is_placeholder (waiting));
    g_assert_true (sh_project_set_image_status (writer, id, status, NULL, &error));
    g_assert_no_error (error);
    sh_image_list_model_refresh_item (model, id);
    wait_for_changes (&recorder, n_changes + 2);
    edited = g_list_model_get_item (G_LIST_MODEL (model), far);
    g_assert_false (sh_image_item_is_placeholder (edited));
    g_assert_cmpint (sh_image_item_get_status (edited), ==, status);
    g_assert_true (sh_project_set_image_status (writer, id, image_list_fixture_status (id),
                                                image_list_fixture_reason (id), &error));
    g_assert_no_error (error);
  }

  /* Another filter while pages are on their way: what arrives is the new list's rows. */
  g_clear_object (&item);
  g_object_unref (g_list_model_get_item (G_LIST_MODEL (model), 200 * SH_IMAGE_LIST_PAGE_SIZE));
  sh_image_list_model_set_filter (model, SH_IMAGE_FILTER_NEW);
  wait_for_load (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), >, 200 * SH_IMAGE_LIST_PAGE_SIZE);
  g_array_set_size (recorder.changes, 0);
  item = g_list_model_get_item (G_LIST_MODEL (model), 200 * SH_IMAGE_LIST_PAGE_SIZE);
  g_assert_true (sh_image_item_is_placeholder (item));
  wait_for_changes (&recorder, 1);
  g_clear_object (&item);
  item = g_list_model_get_item (G_LIST_MODEL (model), 200 * SH_IMAGE_LIST_PAGE_SIZE);
  g_assert_false (sh_image_item_is_placeholder (item));
  g_assert_cmpint (sh_image_item_get_id (item), ==,
                   sh_image_list_model_get_id (model, 200 * SH_IMAGE_LIST_PAGE_SIZE));
  g_assert_cmpint (sh_image_item_get_status (item), ==, SH_IMAGE_NEW);
  check_item (item, sh_image_item_get_id (item));

  recorder_clear (&recorder);
}

int
main (int argc, char **argv)
{
  gint64 start;
  int status;

  g_test_init (&argc, &argv, NULL);

  big.dir = g_dir_make_tmp ("shadelab-list-big-XXXXXX", NULL);
  big.path = g_build_filename (big.dir, "big" SH_PROJECT_EXTENSION, NULL);
  start = g_get_monotonic_time ();
  image_list_fixture_create (big.path, BIG_PROJECT_IMAGES, NULL, 0, &big.truth);
  g_test_message ("fixture of %d images written in %.1f s", BIG_PROJECT_IMAGES,
                  (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);

  g_test_add_func ("/image-list-model/big/create-and-access", test_big_create_and_access);
  g_test_add_func ("/image-list-model/big/filters-and-counts", test_big_filters_and_counts);
  g_test_add_func ("/image-list-model/big/refresh-item", test_big_refresh_item);
  g_test_add_func ("/image-list-model/big/find-unlabeled", test_big_find_unlabeled);
  g_test_add_func ("/image-list-model/big/sort-and-search", test_big_sort_and_search);
  g_test_add_func ("/image-list-model/big/model-boxes-accepted", test_big_model_boxes_accepted);
  g_test_add_func ("/image-list-model/big/read-ahead", test_big_read_ahead);
  g_test_add_func ("/image-list-model/ids-with-gaps", test_ids_with_gaps);
  g_test_add_func ("/image-list-model/real-photos", test_real_photos);
  status = g_test_run ();

  {
    g_autofree char *command = g_strdup_printf ("rm -rf '%s'", big.dir);
    if (system (command) != 0)
      g_printerr ("could not remove %s\n", big.dir);
  }
  g_free (big.path);
  g_free (big.dir);
  return status;
}
