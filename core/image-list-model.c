/* image-list-model.c: the images of a project as a lazily loaded GListModel. */
#define G_LOG_DOMAIN "shadelab-image-list"

#include "config.h"

#include "image-list-model.h"

#include <stdlib.h>
#include <string.h>

struct _ShImageListModel
{
  GObject parent_instance;

  char *project_path;
  ShProject *reader;               /* read-only connection, this thread only */
  sqlite3_stmt *page_statement;    /* rows by id IN (?1 ... ?PAGE_SIZE) */

  ShImageFilter filter;
  GArray *ids;                     /* gint64, ascending */

  /* Page number -> GPtrArray of ShImageItem (NULL slots past the end); the queue holds page numbers, most
   * recently used first. */
  GHashTable *pages;
  GQueue page_order;

  /* Background loads: only the newest one's result is used. */
  guint load_serial;
  GCancellable *load_cancellable;
  gboolean loading;

  guint counts[SH_IMAGE_N_FILTERS];
  gboolean have_counts;
  gboolean counting;
  gboolean count_again;

  guint pages_loaded;
  gint64 page_usec;
};

enum {
  PROP_0,
  PROP_FILTER,
  PROP_LOADING,
  N_PROPS
};

enum {
  COUNTS_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void sh_image_list_model_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ShImageListModel, sh_image_list_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, sh_image_list_model_list_model_init))

/* ---- filters ---- */

static const char *const filter_names[SH_IMAGE_N_FILTERS] = {
  "all", "new", "labeled", "skipped", "rejected", "model", "check-failed",
};

const char *
sh_image_filter_get_name (ShImageFilter filter)
{
  if ((unsigned) filter < SH_IMAGE_N_FILTERS)
    return filter_names[filter];
  return NULL;
}

GType
sh_image_filter_get_type (void)
{
  static gsize type_id = 0;

  if (g_once_init_enter (&type_id))
    {
      static const GEnumValue values[] = {
        { SH_IMAGE_FILTER_ALL, "SH_IMAGE_FILTER_ALL", "all" },
        { SH_IMAGE_FILTER_NEW, "SH_IMAGE_FILTER_NEW", "new" },
        { SH_IMAGE_FILTER_LABELED, "SH_IMAGE_FILTER_LABELED", "labeled" },
        { SH_IMAGE_FILTER_SKIPPED, "SH_IMAGE_FILTER_SKIPPED", "skipped" },
        { SH_IMAGE_FILTER_REJECTED, "SH_IMAGE_FILTER_REJECTED", "rejected" },
        { SH_IMAGE_FILTER_MODEL, "SH_IMAGE_FILTER_MODEL", "model" },
        { SH_IMAGE_FILTER_CHECK_FAILED, "SH_IMAGE_FILTER_CHECK_FAILED", "check-failed" },
        { 0, NULL, NULL },
      };
      GType type = g_enum_register_static (g_intern_static_string ("ShImageFilter"), values);
      g_once_init_leave (&type_id, type);
    }
  return type_id;
}

/* ---- reading ids (any thread, its own connection) ---- */

static int
compare_id (const void *a, const void *b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;
  return (x > y) - (x < y);
}

static GArray *
read_ids (ShProject *project, ShImageFilter filter, GError **error)
{
  /* "all" walks the small status index instead of the table, whose rows carry the photo-check JSON: the ids
   * come back grouped by status and are sorted here. The model filter reads each image's boxes once. */
  static const char *const queries[SH_IMAGE_N_FILTERS] = {
    [SH_IMAGE_FILTER_ALL] = "SELECT id FROM images INDEXED BY images_status",
    [SH_IMAGE_FILTER_NEW] = "SELECT id FROM images WHERE status = 'new'",
    [SH_IMAGE_FILTER_LABELED] = "SELECT id FROM images WHERE status = 'labeled'",
    [SH_IMAGE_FILTER_SKIPPED] = "SELECT id FROM images WHERE status = 'skipped'",
    [SH_IMAGE_FILTER_REJECTED] = "SELECT id FROM images WHERE status = 'rejected'",
    [SH_IMAGE_FILTER_MODEL] = "SELECT DISTINCT image_id FROM boxes WHERE source = 'model'",
    [SH_IMAGE_FILTER_CHECK_FAILED] = "SELECT id FROM images WHERE photo_check_passed = 0",
  };
  sqlite3 *db = sh_project_get_db (project);
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt = NULL;
  gboolean sorted = TRUE;
  int rc;

  g_return_val_if_fail ((unsigned) filter < SH_IMAGE_N_FILTERS, NULL);

  if (sqlite3_prepare_v2 (db, queries[filter], -1, &stmt, NULL) != SQLITE_OK)
    {
      sh_project_set_error (project, error, "listing the images");
      return NULL;
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      if (ids->len > 0 && id < g_array_index (ids, gint64, ids->len - 1))
        sorted = FALSE;
      g_array_append_val (ids, id);
    }
  if (rc != SQLITE_DONE)
    {
      sh_project_set_error (project, error, "listing the images");
      sqlite3_finalize (stmt);
      return NULL;
    }
  sqlite3_finalize (stmt);
  if (!sorted)
    qsort (ids->data, ids->len, sizeof (gint64), compare_id);
  return g_steal_pointer (&ids);
}

/* Images per filter in one read transaction, so the numbers agree with each other. */
static gboolean
read_counts (ShProject *project, guint counts[SH_IMAGE_N_FILTERS], GError **error)
{
  sqlite3 *db = sh_project_get_db (project);
  sqlite3_stmt *stmt = NULL;
  gboolean ok = FALSE;
  int rc;

  memset (counts, 0, sizeof (guint) * SH_IMAGE_N_FILTERS);
  if (sqlite3_exec (db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
    return sh_project_set_error (project, error, "counting the images");

  if (sqlite3_prepare_v2 (db,
                          "SELECT status, count(*), sum(photo_check_passed = 0) FROM images GROUP BY status",
                          -1, &stmt, NULL) != SQLITE_OK)
    goto out;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      ShImageStatus status;
      guint n = (guint) sqlite3_column_int64 (stmt, 1);

      counts[SH_IMAGE_FILTER_ALL] += n;
      counts[SH_IMAGE_FILTER_CHECK_FAILED] += (guint) sqlite3_column_int64 (stmt, 2);
      if (sh_image_status_from_name ((const char *) sqlite3_column_text (stmt, 0), &status))
        counts[SH_IMAGE_FILTER_NEW + status] += n;
    }
  if (rc != SQLITE_DONE)
    goto out;
  sqlite3_finalize (stmt);

  if (sqlite3_prepare_v2 (db, "SELECT count(DISTINCT image_id) FROM boxes WHERE source = 'model'", -1, &stmt,
                          NULL) != SQLITE_OK
      || sqlite3_step (stmt) != SQLITE_ROW)
    goto out;
  counts[SH_IMAGE_FILTER_MODEL] = (guint) sqlite3_column_int64 (stmt, 0);
  ok = TRUE;

out:
  if (!ok)
    sh_project_set_error (project, error, "counting the images");
  sqlite3_finalize (stmt);
  sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
  return ok;
}

/* ---- background work ---- */

typedef struct {
  char *project_path;
  ShImageFilter filter;
  guint serial;
  gboolean counts_only;
  GArray *ids;
  guint counts[SH_IMAGE_N_FILTERS];
} Job;

static void
job_free (gpointer data)
{
  Job *job = data;

  g_free (job->project_path);
  g_clear_pointer (&job->ids, g_array_unref);
  g_free (job);
}

static void
run_job (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr (ShProject) project = NULL;
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;
  project = sh_project_open (job->project_path, SH_PROJECT_OPEN_READ_ONLY, &error);
  if (project == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (job->counts_only)
    {
      if (!read_counts (project, job->counts, &error))
        {
          g_task_return_error (task, error);
          return;
        }
    }
  else if ((job->ids = read_ids (project, job->filter, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void start_count (ShImageListModel *self);

static void
on_count_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  ShImageListModel *self = SH_IMAGE_LIST_MODEL (source);
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;

  self->counting = FALSE;
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    g_warning ("%s", error->message);
  else
    {
      memcpy (self->counts, job->counts, sizeof self->counts);
      self->have_counts = TRUE;
      g_signal_emit (self, signals[COUNTS_CHANGED], 0);
    }
  if (self->count_again)
    start_count (self);
}

/* One count at a time; edits during a count ask for one more afterwards. */
static void
start_count (ShImageListModel *self)
{
  g_autoptr (GTask) task = NULL;
  Job *job;

  if (self->counting)
    {
      self->count_again = TRUE;
      return;
    }
  self->counting = TRUE;
  self->count_again = FALSE;
  job = g_new0 (Job, 1);
  job->project_path = g_strdup (self->project_path);
  job->counts_only = TRUE;
  task = g_task_new (self, NULL, on_count_done, NULL);
  g_task_set_source_tag (task, start_count);
  g_task_set_task_data (task, job, job_free);
  g_task_run_in_thread (task, run_job);
}

/* ---- pages ---- */

static void
clear_pages (ShImageListModel *self)
{
  g_hash_table_remove_all (self->pages);
  g_queue_clear (&self->page_order);
}

static void
forget_page (ShImageListModel *self, guint page)
{
  if (g_hash_table_remove (self->pages, GUINT_TO_POINTER (page)))
    g_queue_remove (&self->page_order, GUINT_TO_POINTER (page));
}

static ShImageItem *
item_from_row (ShImageListModel *self, sqlite3_stmt *stmt)
{
  g_autofree char *path = sh_project_resolve_path (self->reader, (const char *) sqlite3_column_text (stmt, 2));
  ShImageItemFields fields = {
    .id = sqlite3_column_int64 (stmt, 0),
    .file_name = (const char *) sqlite3_column_text (stmt, 1),
    .path = path,
    .status = SH_IMAGE_NEW,
    .status_reason = (const char *) sqlite3_column_text (stmt, 4),
    .photo_check_passed = sqlite3_column_type (stmt, 5) == SQLITE_NULL ? -1 : sqlite3_column_int (stmt, 5),
    .content_hash = (const char *) sqlite3_column_text (stmt, 6),
    .width = sqlite3_column_int (stmt, 7),
    .height = sqlite3_column_int (stmt, 8),
    .product_sku = (const char *) sqlite3_column_text (stmt, 9),
    .n_boxes = (guint) sqlite3_column_int (stmt, 10),
    .n_model_boxes = (guint) sqlite3_column_int (stmt, 11),
  };

  sh_image_status_from_name ((const char *) sqlite3_column_text (stmt, 3), &fields.status);
  return sh_image_item_new (&fields);
}

/* Reads the rows of up to SH_IMAGE_LIST_PAGE_SIZE ids into items[i] for ids[i]. An id the project no longer
 * has gets an empty item, so the list never holds a hole. */
static void
read_items (ShImageListModel *self, const gint64 *ids, guint n, ShImageItem **items)
{
  sqlite3_stmt *stmt = self->page_statement;
  g_autoptr (GHashTable) by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  gint64 start = g_get_monotonic_time ();
  int rc;

  g_assert (n <= SH_IMAGE_LIST_PAGE_SIZE);
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  for (guint i = 0; i < n; i++)
    {
      sqlite3_bind_int64 (stmt, (int) i + 1, ids[i]);
      g_hash_table_insert (by_id, (gpointer) &ids[i], GUINT_TO_POINTER (i));
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      gpointer index;
      if (g_hash_table_lookup_extended (by_id, &id, NULL, &index))
        items[GPOINTER_TO_UINT (index)] = item_from_row (self, stmt);
    }
  if (rc != SQLITE_DONE)
    g_warning ("reading the image list: %s", sqlite3_errmsg (sh_project_get_db (self->reader)));
  /* Reset now: a statement left mid-read would hold a read transaction open and keep the WAL from being
   * checkpointed. */
  sqlite3_reset (stmt);

  for (guint i = 0; i < n; i++)
    if (items[i] == NULL)
      {
        ShImageItemFields fields = { .id = ids[i], .file_name = "", .path = "", .photo_check_passed = -1,
                                     .content_hash = "" };
        items[i] = sh_image_item_new (&fields);
      }

  self->pages_loaded++;
  self->page_usec += g_get_monotonic_time () - start;
}

static GPtrArray *
get_page (ShImageListModel *self, guint page)
{
  GPtrArray *items = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (page));
  guint first = page * SH_IMAGE_LIST_PAGE_SIZE;
  guint n;

  if (items != NULL)
    {
      if (self->page_order.head->data != GUINT_TO_POINTER (page))
        {
          g_queue_remove (&self->page_order, GUINT_TO_POINTER (page));
          g_queue_push_head (&self->page_order, GUINT_TO_POINTER (page));
        }
      return items;
    }

  n = MIN (SH_IMAGE_LIST_PAGE_SIZE, self->ids->len - first);
  items = g_ptr_array_new_full (SH_IMAGE_LIST_PAGE_SIZE, g_object_unref);
  g_ptr_array_set_size (items, (int) n);
  read_items (self, &g_array_index (self->ids, gint64, first), n, (ShImageItem **) items->pdata);

  while (g_queue_get_length (&self->page_order) >= SH_IMAGE_LIST_CACHED_PAGES)
    g_hash_table_remove (self->pages, g_queue_pop_tail (&self->page_order));
  g_hash_table_insert (self->pages, GUINT_TO_POINTER (page), items);
  g_queue_push_head (&self->page_order, GUINT_TO_POINTER (page));
  return items;
}

/* ---- swapping the list ---- */

static void
set_loading (ShImageListModel *self, gboolean loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
replace_ids (ShImageListModel *self, GArray *ids)
{
  GArray *old = self->ids;
  guint old_len = old->len;
  gboolean appended = ids->len >= old_len
                      && (old_len == 0 || memcmp (ids->data, old->data, (gsize) old_len * sizeof (gint64)) == 0);

  self->ids = ids;
  if (appended)
    {
      /* Positions stay: only the last, partly filled page is out of date. */
      if (old_len % SH_IMAGE_LIST_PAGE_SIZE != 0)
        forget_page (self, old_len / SH_IMAGE_LIST_PAGE_SIZE);
    }
  else
    clear_pages (self);
  g_array_unref (old);

  if (appended && ids->len > old_len)
    g_list_model_items_changed (G_LIST_MODEL (self), old_len, 0, ids->len - old_len);
  else if (!appended)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old_len, ids->len);
}

static void
on_load_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  ShImageListModel *self = SH_IMAGE_LIST_MODEL (source);
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("%s", error->message);
      if (job->serial == self->load_serial)
        set_loading (self, FALSE);
      return;
    }
  if (job->serial != self->load_serial)
    return;

  replace_ids (self, g_steal_pointer (&job->ids));
  set_loading (self, FALSE);
}

static void
start_load (ShImageListModel *self)
{
  g_autoptr (GTask) task = NULL;
  Job *job;

  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->load_cancellable = g_cancellable_new ();

  job = g_new0 (Job, 1);
  job->project_path = g_strdup (self->project_path);
  job->filter = self->filter;
  job->serial = ++self->load_serial;
  task = g_task_new (self, self->load_cancellable, on_load_done, NULL);
  g_task_set_source_tag (task, start_load);
  g_task_set_task_data (task, job, job_free);
  /* The result is dropped, not an error, when a newer load replaced it. */
  g_task_set_check_cancellable (task, FALSE);
  set_loading (self, TRUE);
  g_task_run_in_thread (task, run_job);
}

/* ---- GListModel ---- */

static GType
sh_image_list_model_get_item_type (GListModel *list)
{
  return SH_TYPE_IMAGE_ITEM;
}

static guint
sh_image_list_model_get_n_items (GListModel *list)
{
  return SH_IMAGE_LIST_MODEL (list)->ids->len;
}

static gpointer
sh_image_list_model_get_item (GListModel *list, guint position)
{
  ShImageListModel *self = SH_IMAGE_LIST_MODEL (list);
  GPtrArray *items;

  if (position >= self->ids->len)
    return NULL;
  items = get_page (self, position / SH_IMAGE_LIST_PAGE_SIZE);
  return g_object_ref (g_ptr_array_index (items, position % SH_IMAGE_LIST_PAGE_SIZE));
}

static void
sh_image_list_model_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = sh_image_list_model_get_item_type;
  iface->get_n_items = sh_image_list_model_get_n_items;
  iface->get_item = sh_image_list_model_get_item;
}

/* ---- object ---- */

static void
sh_image_list_model_dispose (GObject *object)
{
  ShImageListModel *self = SH_IMAGE_LIST_MODEL (object);

  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  if (self->pages != NULL)
    clear_pages (self);
  G_OBJECT_CLASS (sh_image_list_model_parent_class)->dispose (object);
}

static void
sh_image_list_model_finalize (GObject *object)
{
  ShImageListModel *self = SH_IMAGE_LIST_MODEL (object);

  g_clear_pointer (&self->page_statement, sqlite3_finalize);
  g_clear_pointer (&self->reader, sh_project_close);
  g_clear_pointer (&self->pages, g_hash_table_unref);
  g_clear_pointer (&self->ids, g_array_unref);
  g_free (self->project_path);
  G_OBJECT_CLASS (sh_image_list_model_parent_class)->finalize (object);
}

static void
sh_image_list_model_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  ShImageListModel *self = SH_IMAGE_LIST_MODEL (object);

  switch (prop_id)
    {
    case PROP_FILTER: g_value_set_enum (value, self->filter); break;
    case PROP_LOADING: g_value_set_boolean (value, self->loading); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sh_image_list_model_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  ShImageListModel *self = SH_IMAGE_LIST_MODEL (object);

  switch (prop_id)
    {
    case PROP_FILTER: sh_image_list_model_set_filter (self, g_value_get_enum (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sh_image_list_model_class_init (ShImageListModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sh_image_list_model_dispose;
  object_class->finalize = sh_image_list_model_finalize;
  object_class->get_property = sh_image_list_model_get_property;
  object_class->set_property = sh_image_list_model_set_property;

  properties[PROP_FILTER] =
    g_param_spec_enum ("filter", NULL, NULL, SH_TYPE_IMAGE_FILTER, SH_IMAGE_FILTER_ALL,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The counts per filter changed (after the first count, and after edits). */
  signals[COUNTS_CHANGED] = g_signal_new ("counts-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                          NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
sh_image_list_model_init (ShImageListModel *self)
{
  self->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->pages = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, (GDestroyNotify) g_ptr_array_unref);
  g_queue_init (&self->page_order);
}

static char *
page_query (void)
{
  GString *sql = g_string_new ("SELECT i.id, i.file_name, i.path, i.status, i.status_reason, i.photo_check_passed, "
                               "i.content_hash, i.width, i.height, p.sku, "
                               "(SELECT count(*) FROM boxes b WHERE b.image_id = i.id), "
                               "(SELECT count(*) FROM boxes b WHERE b.image_id = i.id AND b.source = 'model') "
                               "FROM images i LEFT JOIN products p ON p.id = i.product_id WHERE i.id IN (");

  for (int i = 1; i <= SH_IMAGE_LIST_PAGE_SIZE; i++)
    g_string_append_printf (sql, i > 1 ? ", ?%d" : "?%d", i);
  g_string_append (sql, ")");
  return g_string_free (sql, FALSE);
}

ShImageListModel *
sh_image_list_model_new (ShProject *project, GError **error)
{
  g_autoptr (ShImageListModel) self = NULL;
  g_autofree char *sql = NULL;
  GArray *ids;

  g_return_val_if_fail (project != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (SH_TYPE_IMAGE_LIST_MODEL, NULL);
  self->project_path = g_strdup (sh_project_get_path (project));
  self->reader = sh_project_open (self->project_path, SH_PROJECT_OPEN_READ_ONLY, error);
  if (self->reader == NULL)
    return NULL;

  sql = page_query ();
  if (sqlite3_prepare_v3 (sh_project_get_db (self->reader), sql, -1, SQLITE_PREPARE_PERSISTENT,
                          &self->page_statement, NULL) != SQLITE_OK)
    {
      sh_project_set_error (self->reader, error, "preparing the image list");
      return NULL;
    }

  ids = read_ids (self->reader, SH_IMAGE_FILTER_ALL, error);
  if (ids == NULL)
    return NULL;
  g_array_unref (self->ids);
  self->ids = ids;
  start_count (self);
  return g_steal_pointer (&self);
}

ShImageFilter
sh_image_list_model_get_filter (ShImageListModel *self)
{
  g_return_val_if_fail (SH_IS_IMAGE_LIST_MODEL (self), SH_IMAGE_FILTER_ALL);
  return self->filter;
}

void
sh_image_list_model_set_filter (ShImageListModel *self, ShImageFilter filter)
{
  g_return_if_fail (SH_IS_IMAGE_LIST_MODEL (self));
  g_return_if_fail ((unsigned) filter < SH_IMAGE_N_FILTERS);

  if (self->filter == filter)
    return;
  self->filter = filter;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILTER]);
  start_load (self);
}

void
sh_image_list_model_reload (ShImageListModel *self)
{
  g_return_if_fail (SH_IS_IMAGE_LIST_MODEL (self));

  start_load (self);
  start_count (self);
}

gboolean
sh_image_list_model_get_loading (ShImageListModel *self)
{
  g_return_val_if_fail (SH_IS_IMAGE_LIST_MODEL (self), FALSE);
  return self->loading;
}

guint
sh_image_list_model_get_position (ShImageListModel *self, gint64 id)
{
  guint low = 0, high;

  g_return_val_if_fail (SH_IS_IMAGE_LIST_MODEL (self), G_MAXUINT);

  high = self->ids->len;
  while (low < high)
    {
      guint middle = low + (high - low) / 2;
      gint64 at = g_array_index (self->ids, gint64, middle);
      if (at == id)
        return middle;
      if (at < id)
        low = middle + 1;
      else
        high = middle;
    }
  return G_MAXUINT;
}

gint64
sh_image_list_model_get_id (ShImageListModel *self, guint position)
{
  g_return_val_if_fail (SH_IS_IMAGE_LIST_MODEL (self), 0);

  if (position >= self->ids->len)
    return 0;
  return g_array_index (self->ids, gint64, position);
}

void
sh_image_list_model_refresh_item (ShImageListModel *self, gint64 id)
{
  guint position;
  GPtrArray *items;
  ShImageItem *item = NULL;

  g_return_if_fail (SH_IS_IMAGE_LIST_MODEL (self));

  position = sh_image_list_model_get_position (self, id);
  if (position != G_MAXUINT)
    {
      /* A page that is not in memory is read fresh when the list asks for it. */
      items = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (position / SH_IMAGE_LIST_PAGE_SIZE));
      if (items != NULL)
        {
          /* The page owns the new item; the old one lives on in whoever still holds it. */
          ShImageItem **slot = (ShImageItem **) &items->pdata[position % SH_IMAGE_LIST_PAGE_SIZE];
          read_items (self, &id, 1, &item);
          g_object_unref (*slot);
          *slot = g_steal_pointer (&item);
        }
      g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 1);
    }
  start_count (self);
}

guint
sh_image_list_model_find_unlabeled (ShImageListModel *self, guint position, gboolean forward)
{
  sqlite3 *db;
  sqlite3_stmt *stmt = NULL;
  guint found = G_MAXUINT;
  gint64 from;

  g_return_val_if_fail (SH_IS_IMAGE_LIST_MODEL (self), G_MAXUINT);

  if (self->ids->len == 0)
    return G_MAXUINT;
  if (position == G_MAXUINT)
    from = forward ? G_MININT64 : G_MAXINT64;
  else if (position >= self->ids->len)
    return forward ? G_MAXUINT : sh_image_list_model_find_unlabeled (self, G_MAXUINT, FALSE);
  else
    from = g_array_index (self->ids, gint64, position);

  /* The status index walks new images in id order from the start point; the first one the list holds
   * wins. The stored status is the truth, whatever the loaded items still say. */
  db = sh_project_get_db (self->reader);
  if (sqlite3_prepare_v2 (db,
                          forward ? "SELECT id FROM images WHERE status = 'new' AND id > ?1 ORDER BY id"
                                  : "SELECT id FROM images WHERE status = 'new' AND id < ?1 ORDER BY id DESC",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      g_warning ("finding the next unlabeled image: %s", sqlite3_errmsg (db));
      return G_MAXUINT;
    }
  sqlite3_bind_int64 (stmt, 1, from);
  while (found == G_MAXUINT && sqlite3_step (stmt) == SQLITE_ROW)
    found = sh_image_list_model_get_position (self, sqlite3_column_int64 (stmt, 0));
  sqlite3_finalize (stmt);
  return found;
}

gboolean
sh_image_list_model_get_counts (ShImageListModel *self, guint counts[SH_IMAGE_N_FILTERS])
{
  g_return_val_if_fail (SH_IS_IMAGE_LIST_MODEL (self), FALSE);

  memcpy (counts, self->counts, sizeof self->counts);
  return self->have_counts;
}

void
sh_image_list_model_get_page_stats (ShImageListModel *self, guint *pages_loaded, double *seconds)
{
  g_return_if_fail (SH_IS_IMAGE_LIST_MODEL (self));

  if (pages_loaded)
    *pages_loaded = self->pages_loaded;
  if (seconds)
    *seconds = (double) self->page_usec / G_USEC_PER_SEC;
}
