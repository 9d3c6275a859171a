/* SPDX-License-Identifier: GPL-3.0-or-later */
/* image-list-model.c: the images of a project as a lazily loaded GListModel. */
#define G_LOG_DOMAIN "shadelab-image-list"

#include "config.h"

#include "core/models/image-list-model.h"
#include "core/models/thread-priority.h"
#include "core/store/image-list-store.h"

#include <stdlib.h>
#include <string.h>

/* An id and where the list shows it. */
typedef struct {
  gint64 id;
  guint position;
} IdPosition;

typedef enum {
  ORDER_ASCENDING,                 /* ids ascending: positions by binary search in ids */
  ORDER_DESCENDING,
  ORDER_OTHER,                     /* positions by binary search in by_id */
} IdOrder;

/* The ids the list shows, in list order, and how to find an id's position. */
typedef struct {
  GArray *ids;                     /* gint64 */
  GArray *by_id;                   /* IdPosition sorted by id; NULL unless ORDER_OTHER */
  IdOrder order;
} IdList;

/* How much less processor time the worker reading pages gets than the window (nice steps): each page asked of it
 * woke it straight onto the processor the list was laying out its frame on. */
#define PAGE_READER_NICENESS 5

/* Pages of the list around the start point that find_unlabeled asks the store about before it reads every new
 * id instead. */
#define NEARBY_PAGES 16

struct _ShImageListModel
{
  GObject parent_instance;

  char *project_path;
  ShProject *reader;               /* read-only connection, this thread only */

  ShImageFilter filter;
  ShImageSort sort;
  gboolean descending;
  char *search;                    /* never NULL */
  IdList list;

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

  /* Read-ahead: pages read by a one-thread pool, and the pages asked of it that have not arrived yet
   * (page number -> PendingPage). */
  gboolean read_ahead;
  struct _PageReader *page_reader;
  GThreadPool *page_pool;
  GHashTable *pending;
  guint page_serial;

  guint pages_loaded;
  gint64 page_usec;
};

enum {
  PROP_0,
  PROP_FILTER,
  PROP_SORT,
  PROP_DESCENDING,
  PROP_SEARCH,
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

/* The one list of each enum's names, in the order of its values: the GType's nicks and the names given out. */
static const GEnumValue filter_values[SH_IMAGE_N_FILTERS + 1] = {
  { SH_IMAGE_FILTER_ALL, "SH_IMAGE_FILTER_ALL", "all" },
  { SH_IMAGE_FILTER_NEW, "SH_IMAGE_FILTER_NEW", "new" },
  { SH_IMAGE_FILTER_LABELED, "SH_IMAGE_FILTER_LABELED", "labeled" },
  { SH_IMAGE_FILTER_SKIPPED, "SH_IMAGE_FILTER_SKIPPED", "skipped" },
  { SH_IMAGE_FILTER_REJECTED, "SH_IMAGE_FILTER_REJECTED", "rejected" },
  { SH_IMAGE_FILTER_MODEL, "SH_IMAGE_FILTER_MODEL", "model" },
  { SH_IMAGE_FILTER_CHECK_FAILED, "SH_IMAGE_FILTER_CHECK_FAILED", "check-failed" },
  { SH_IMAGE_FILTER_NEEDS_PERSON, "SH_IMAGE_FILTER_NEEDS_PERSON", "needs-person" },
  { 0, NULL, NULL },
};

static const GEnumValue sort_values[SH_IMAGE_N_SORTS + 1] = {
  { SH_IMAGE_SORT_DATE, "SH_IMAGE_SORT_DATE", "date" },
  { SH_IMAGE_SORT_NAME, "SH_IMAGE_SORT_NAME", "name" },
  { SH_IMAGE_SORT_STATUS, "SH_IMAGE_SORT_STATUS", "status" },
  { 0, NULL, NULL },
};

const char *
sh_image_filter_get_name (ShImageFilter filter)
{
  if ((unsigned) filter < SH_IMAGE_N_FILTERS)
    return filter_values[filter].value_nick;
  return NULL;
}

GType
sh_image_filter_get_type (void)
{
  static gsize type_id = 0;

  if (g_once_init_enter (&type_id))
    g_once_init_leave (&type_id, g_enum_register_static (g_intern_static_string ("ShImageFilter"), filter_values));
  return type_id;
}

const char *
sh_image_sort_get_name (ShImageSort sort)
{
  if ((unsigned) sort < SH_IMAGE_N_SORTS)
    return sort_values[sort].value_nick;
  return NULL;
}

gboolean
sh_image_sort_from_name (const char *name, ShImageSort *sort)
{
  for (guint i = 0; i < SH_IMAGE_N_SORTS; i++)
    if (g_strcmp0 (name, sort_values[i].value_nick) == 0)
      {
        *sort = (ShImageSort) i;
        return TRUE;
      }
  return FALSE;
}

GType
sh_image_sort_get_type (void)
{
  static gsize type_id = 0;

  if (g_once_init_enter (&type_id))
    g_once_init_leave (&type_id, g_enum_register_static (g_intern_static_string ("ShImageSort"), sort_values));
  return type_id;
}

/* ---- id lists (any thread) ---- */

static int
compare_id (const void *a, const void *b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;
  return (x > y) - (x < y);
}

static void
id_list_clear (IdList *list)
{
  g_clear_pointer (&list->ids, g_array_unref);
  g_clear_pointer (&list->by_id, g_array_unref);
}

static int
compare_id_position (const void *a, const void *b)
{
  gint64 x = ((const IdPosition *) a)->id, y = ((const IdPosition *) b)->id;
  return (x > y) - (x < y);
}

/* Takes ids and works out how positions are found in them: a list in neither id order gets its index. */
static void
id_list_init (IdList *list, GArray *ids)
{
  const gint64 *data = (const gint64 *) ids->data;
  gboolean ascending = TRUE, descending = TRUE;

  list->ids = ids;
  list->by_id = NULL;
  for (guint i = 1; i < ids->len && (ascending || descending); i++)
    {
      ascending &= data[i - 1] < data[i];
      descending &= data[i - 1] > data[i];
    }
  if (ascending)
    list->order = ORDER_ASCENDING;
  else if (descending)
    list->order = ORDER_DESCENDING;
  else
    {
      list->order = ORDER_OTHER;
      list->by_id = g_array_sized_new (FALSE, FALSE, sizeof (IdPosition), ids->len);
      g_array_set_size (list->by_id, ids->len);
      for (guint i = 0; i < ids->len; i++)
        g_array_index (list->by_id, IdPosition, i) = (IdPosition) { data[i], i };
      qsort (list->by_id->data, list->by_id->len, sizeof (IdPosition), compare_id_position);
    }
}

static guint
id_list_find (const IdList *list, gint64 id)
{
  guint low = 0, high = list->ids->len;

  while (low < high)
    {
      guint middle = low + (high - low) / 2;
      gint64 at;

      if (list->order == ORDER_OTHER)
        at = g_array_index (list->by_id, IdPosition, middle).id;
      else
        at = g_array_index (list->ids, gint64, middle);
      if (at == id)
        return list->order == ORDER_OTHER ? g_array_index (list->by_id, IdPosition, middle).position : middle;
      if ((at < id) == (list->order != ORDER_DESCENDING))
        low = middle + 1;
      else
        high = middle;
    }
  return G_MAXUINT;
}

/* ---- reading ids (any thread, its own connection) ---- */

/* ---- background work ---- */

typedef struct {
  char *project_path;
  ShImageFilter filter;
  ShImageSort sort;
  gboolean descending;
  char *search;
  guint serial;
  gboolean counts_only;
  IdList list;
  guint counts[SH_IMAGE_N_FILTERS];
} Job;

static void
job_free (gpointer data)
{
  Job *job = data;

  g_free (job->project_path);
  g_free (job->search);
  id_list_clear (&job->list);
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
      if (!sh_image_list_store_count (project, job->search, job->counts, &error))
        {
          g_task_return_error (task, error);
          return;
        }
    }
  else
    {
      ShImageListQuery query = { job->filter, job->sort, job->descending, job->search };
      GArray *ids = sh_image_list_store_read_ids (project, &query, &error);

      if (ids == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
      /* The position index is built here too, off the main thread. */
      id_list_init (&job->list, ids);
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
  else if (!self->count_again)
    {
      /* Counts an edit or a new search already made stale are dropped: the next count follows. */
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
  job->search = g_strdup (self->search);
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
  /* Pages on their way hold the old ids: what arrives for them is dropped. */
  g_hash_table_remove_all (self->pending);
}

static void
forget_page (ShImageListModel *self, guint page)
{
  if (g_hash_table_remove (self->pages, GUINT_TO_POINTER (page)))
    g_queue_remove (&self->page_order, GUINT_TO_POINTER (page));
  g_hash_table_remove (self->pending, GUINT_TO_POINTER (page));
}

/* Fills the slots the store left empty (ids the project no longer has), so the list never holds a hole. */
static void
fill_missing_items (const gint64 *ids, guint n, ShImageItem **items)
{
  for (guint i = 0; i < n; i++)
    if (items[i] == NULL)
      {
        ShImageItemFields fields = { .id = ids[i], .file_name = "", .path = "", .photo_check_passed = -1,
                                     .content_hash = "" };
        items[i] = sh_image_item_new (&fields);
      }
}

/* Reads the rows of up to SH_IMAGE_LIST_PAGE_SIZE ids into items[i] for ids[i]. An id the project no longer
 * has gets an empty item, so the list never holds a hole. */
static void
read_items (ShImageListModel *self, const gint64 *ids, guint n, ShImageItem **items)
{
  g_autoptr (GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  g_assert (n <= SH_IMAGE_LIST_PAGE_SIZE);
  if (!sh_image_list_store_read_items (self->reader, ids, n, items, &error))
    g_warning ("%s", error->message);
  fill_missing_items (ids, n, items);

  self->pages_loaded++;
  self->page_usec += g_get_monotonic_time () - start;
}

static guint
page_length (ShImageListModel *self, guint page)
{
  return MIN (SH_IMAGE_LIST_PAGE_SIZE, self->list.ids->len - page * SH_IMAGE_LIST_PAGE_SIZE);
}

static void
cache_page (ShImageListModel *self, guint page, GPtrArray *items)
{
  while (g_queue_get_length (&self->page_order) >= SH_IMAGE_LIST_CACHED_PAGES)
    g_hash_table_remove (self->pages, g_queue_pop_tail (&self->page_order));
  g_hash_table_insert (self->pages, GUINT_TO_POINTER (page), items);
  g_queue_push_head (&self->page_order, GUINT_TO_POINTER (page));
}

/* The page if it is in memory (now the most recently used), else NULL. */
static GPtrArray *
lookup_page (ShImageListModel *self, guint page)
{
  GPtrArray *items = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (page));

  if (items != NULL && self->page_order.head->data != GUINT_TO_POINTER (page))
    {
      g_queue_remove (&self->page_order, GUINT_TO_POINTER (page));
      g_queue_push_head (&self->page_order, GUINT_TO_POINTER (page));
    }
  return items;
}

static GPtrArray *
get_page (ShImageListModel *self, guint page)
{
  GPtrArray *items = lookup_page (self, page);
  guint n;

  if (items != NULL)
    return items;

  n = page_length (self, page);
  items = g_ptr_array_new_full (SH_IMAGE_LIST_PAGE_SIZE, g_object_unref);
  g_ptr_array_set_size (items, (int) n);
  read_items (self, &g_array_index (self->list.ids, gint64, page * SH_IMAGE_LIST_PAGE_SIZE), n,
              (ShImageItem **) items->pdata);
  /* Read here now: whatever the worker still brings for it is older. */
  g_hash_table_remove (self->pending, GUINT_TO_POINTER (page));
  cache_page (self, page, items);
  return items;
}

/* ---- reading ahead (a worker with a connection of its own) ---- */

/* What the worker shares with the model; each page job holds a reference, so it outlives a disposed model. */
typedef struct _PageReader {
  gatomicrefcount ref;
  char *project_path;
  ShProject *connection;           /* the worker's, opened by its first read */
  GMainContext *context;           /* the model's, where pages are delivered */
  ShImageListModel *model;         /* NULL once disposed; used on the model's thread only */
  int focus_page;                  /* atomic: the page the list last asked for */
} PageReader;

typedef struct {
  PageReader *reader;
  guint page;
  guint serial;
  gboolean needed;                 /* the list shows placeholders for it */
  gboolean read;                   /* FALSE: skipped, the list had moved far away */
  guint n;
  gint64 usec;
  gint64 ids[SH_IMAGE_LIST_PAGE_SIZE];
  ShImageItem *items[SH_IMAGE_LIST_PAGE_SIZE];
} PageJob;

/* A page asked of the worker. Jobs from valid_from on read the current ids; older ones are dropped. */
typedef struct {
  guint valid_from;
  gboolean needed_asked;
  GPtrArray *placeholders;         /* NULL until the list asks for a row of it; then NULL slots until each is */
} PendingPage;

static PageReader *
page_reader_ref (PageReader *reader)
{
  g_atomic_ref_count_inc (&reader->ref);
  return reader;
}

static void
page_reader_unref (PageReader *reader)
{
  if (!g_atomic_ref_count_dec (&reader->ref))
    return;
  g_clear_pointer (&reader->connection, sh_project_close);
  g_main_context_unref (reader->context);
  g_free (reader->project_path);
  g_free (reader);
}

static void
page_job_free (gpointer data)
{
  PageJob *job = data;

  for (guint i = 0; i < job->n; i++)
    g_clear_object (&job->items[i]);
  page_reader_unref (job->reader);
  g_free (job);
}

/* Slots the list never asked for stay NULL. */
static void
unref_placeholder (gpointer item)
{
  if (item != NULL)
    g_object_unref (item);
}

static void
pending_page_free (gpointer data)
{
  PendingPage *pending = data;

  g_clear_pointer (&pending->placeholders, g_ptr_array_unref);
  g_free (pending);
}

/* Pages on screen first, then the newest: after a jump the rows the user looks at come before older asks. */
static gint
compare_page_jobs (gconstpointer a, gconstpointer b, gpointer user_data)
{
  const PageJob *x = a, *y = b;

  if (x->needed != y->needed)
    return x->needed ? -1 : 1;
  return (x->serial < y->serial) - (x->serial > y->serial);
}

static void page_arrived (ShImageListModel *self, PageJob *job);

static gboolean
deliver_page (gpointer data)
{
  PageJob *job = data;

  if (job->reader->model != NULL)
    page_arrived (job->reader->model, job);
  return G_SOURCE_REMOVE;
}

static void
read_page_in_thread (gpointer data, gpointer user_data)
{
  PageJob *job = data;
  PageReader *reader = job->reader;
  g_autoptr (GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  int distance = (int) job->page - g_atomic_int_get (&reader->focus_page);
  GSource *source;

  sh_thread_lower_priority (PAGE_READER_NICENESS);
  /* A page read ahead of a place the list has left since is not worth the disk. */
  if (job->needed || ABS (distance) <= 2 * SH_IMAGE_LIST_READ_AHEAD_PAGES + 1)
    {
      if (reader->connection == NULL)
        reader->connection = sh_project_open (reader->project_path, SH_PROJECT_OPEN_READ_ONLY, &error);
      if (reader->connection != NULL)
        sh_image_list_store_read_items (reader->connection, job->ids, job->n, job->items, &error);
      if (error != NULL)
        g_warning ("%s", error->message);
      job->read = TRUE;
    }
  job->usec = g_get_monotonic_time () - start;
  /* Ahead of the next frame (GDK redraws at a lower priority), so placeholders last one frame at most; always
   * as a source, never run here, even when the model's context happens to be free to take. */
  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, deliver_page, job, page_job_free);
  g_source_attach (source, reader->context);
  g_source_unref (source);
}

static void
push_page_job (ShImageListModel *self, guint page, guint serial, gboolean needed)
{
  PageJob *job = g_new0 (PageJob, 1);

  job->reader = page_reader_ref (self->page_reader);
  job->page = page;
  job->serial = serial;
  job->needed = needed;
  job->n = page_length (self, page);
  memcpy (job->ids, &g_array_index (self->list.ids, gint64, page * SH_IMAGE_LIST_PAGE_SIZE),
          job->n * sizeof (gint64));
  g_thread_pool_push (self->page_pool, job, NULL);
}

/* Asks the worker for the page (again: a job already on its way may read what an edit has just changed). */
static PendingPage *
request_page (ShImageListModel *self, guint page, gboolean needed)
{
  PendingPage *pending = g_hash_table_lookup (self->pending, GUINT_TO_POINTER (page));

  if (pending == NULL)
    {
      pending = g_new0 (PendingPage, 1);
      g_hash_table_insert (self->pending, GUINT_TO_POINTER (page), pending);
    }
  pending->valid_from = ++self->page_serial;
  pending->needed_asked = needed;
  push_page_job (self, page, pending->valid_from, needed);
  return pending;
}

static void
read_ahead_around (ShImageListModel *self, guint page)
{
  guint n_pages = (self->list.ids->len + SH_IMAGE_LIST_PAGE_SIZE - 1) / SH_IMAGE_LIST_PAGE_SIZE;

  for (guint d = 1; d <= SH_IMAGE_LIST_READ_AHEAD_PAGES; d++)
    for (int side = 0; side < 2; side++)
      {
        guint near = side == 0 ? page + d : page - d;

        /* page - d wraps past G_MAXUINT / 2 and fails the test as well. */
        if (near >= n_pages || g_hash_table_contains (self->pages, GUINT_TO_POINTER (near))
            || g_hash_table_contains (self->pending, GUINT_TO_POINTER (near)))
          continue;
        request_page (self, near, FALSE);
      }
}

static ShImageItem *
get_item_read_ahead (ShImageListModel *self, guint position)
{
  guint page = position / SH_IMAGE_LIST_PAGE_SIZE, index = position % SH_IMAGE_LIST_PAGE_SIZE;
  GPtrArray *items = lookup_page (self, page);
  PendingPage *pending;
  ShImageItem *item;

  g_atomic_int_set (&self->page_reader->focus_page, (int) page);
  if (items != NULL)
    {
      item = g_object_ref (g_ptr_array_index (items, index));
      read_ahead_around (self, page);
      return item;
    }

  pending = g_hash_table_lookup (self->pending, GUINT_TO_POINTER (page));
  if (pending == NULL)
    pending = request_page (self, page, TRUE);
  else if (!pending->needed_asked)
    {
      /* Read ahead, and now on screen: ask again ahead of the rest; the first of the two to arrive is used. */
      pending->needed_asked = TRUE;
      push_page_job (self, page, ++self->page_serial, TRUE);
    }
  if (pending->placeholders == NULL)
    {
      pending->placeholders = g_ptr_array_new_full (SH_IMAGE_LIST_PAGE_SIZE, unref_placeholder);
      g_ptr_array_set_size (pending->placeholders, (int) page_length (self, page));
    }
  item = g_ptr_array_index (pending->placeholders, index);
  if (item == NULL)
    {
      ShImageItemFields fields = { .id = g_array_index (self->list.ids, gint64, position), .file_name = "",
                                   .path = "", .photo_check_passed = -1, .content_hash = "",
                                   .placeholder = TRUE };
      item = sh_image_item_new (&fields);
      pending->placeholders->pdata[index] = item;
    }
  read_ahead_around (self, page);
  return g_object_ref (item);
}

static void
page_arrived (ShImageListModel *self, PageJob *job)
{
  PendingPage *pending = g_hash_table_lookup (self->pending, GUINT_TO_POINTER (job->page));
  GPtrArray *items;
  gboolean shown;
  guint first = job->page * SH_IMAGE_LIST_PAGE_SIZE;

  /* The list changed since, an edit asked for the page again, or the other copy of it was first. */
  if (pending == NULL || job->serial < pending->valid_from)
    return;
  if (!job->read)
    {
      /* Skipped: a copy the list needs is on its way, or nobody needs the page any more. */
      if (!pending->needed_asked)
        g_hash_table_remove (self->pending, GUINT_TO_POINTER (job->page));
      return;
    }

  shown = pending->placeholders != NULL;
  fill_missing_items (job->ids, job->n, job->items);
  items = g_ptr_array_new_full (SH_IMAGE_LIST_PAGE_SIZE, g_object_unref);
  for (guint i = 0; i < job->n; i++)
    g_ptr_array_add (items, g_steal_pointer (&job->items[i]));
  g_hash_table_remove (self->pending, GUINT_TO_POINTER (job->page));
  cache_page (self, job->page, items);
  self->pages_loaded++;
  self->page_usec += job->usec;
  if (shown)
    g_list_model_items_changed (G_LIST_MODEL (self), first, job->n, job->n);
}

static void
start_page_reader (ShImageListModel *self)
{
  if (self->page_pool == NULL)
    {
      PageReader *reader = g_new0 (PageReader, 1);

      g_atomic_ref_count_init (&reader->ref);
      reader->project_path = g_strdup (self->project_path);
      reader->context = g_main_context_ref_thread_default ();
      reader->model = self;
      self->page_reader = reader;
      /* One thread: the connection is never used by two at once, and pages arrive in the order asked. Its
       * own (exclusive), as its priority is lowered. */
      self->page_pool = g_thread_pool_new_full (read_page_in_thread, NULL, page_job_free, 1, TRUE, NULL);
      g_thread_pool_set_sort_function (self->page_pool, compare_page_jobs, NULL);
    }
}

void
sh_image_list_model_set_read_ahead (ShImageListModel *self, gboolean read_ahead)
{
  g_return_if_fail (SH_IS_IMAGE_LIST_MODEL (self));

  self->read_ahead = !!read_ahead;
  if (self->read_ahead)
    start_page_reader (self);
}

void
sh_image_list_model_set_prefetch (ShImageListModel *self)
{
  g_return_if_fail (SH_IS_IMAGE_LIST_MODEL (self));
  start_page_reader (self);
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

/* Takes list's arrays. */
static void
replace_ids (ShImageListModel *self, IdList *list)
{
  IdList old = self->list;
  GArray *ids = list->ids;
  guint old_len = old.ids->len;
  gboolean appended = ids->len >= old_len
                      && (old_len == 0
                          || memcmp (ids->data, old.ids->data, (gsize) old_len * sizeof (gint64)) == 0);

  self->list = *list;
  *list = (IdList) { 0 };
  if (appended)
    {
      /* Positions stay: only the last, partly filled page is out of date. */
      if (old_len % SH_IMAGE_LIST_PAGE_SIZE != 0)
        forget_page (self, old_len / SH_IMAGE_LIST_PAGE_SIZE);
    }
  else
    clear_pages (self);
  id_list_clear (&old);

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

  replace_ids (self, &job->list);
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
  job->sort = self->sort;
  job->descending = self->descending;
  job->search = g_strdup (self->search);
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
  return SH_IMAGE_LIST_MODEL (list)->list.ids->len;
}

static gpointer
sh_image_list_model_get_item (GListModel *list, guint position)
{
  ShImageListModel *self = SH_IMAGE_LIST_MODEL (list);
  GPtrArray *items;

  if (position >= self->list.ids->len)
    return NULL;
  if (self->read_ahead)
    return get_item_read_ahead (self, position);
  items = get_page (self, position / SH_IMAGE_LIST_PAGE_SIZE);
  if (self->page_pool != NULL)
    {
      g_atomic_int_set (&self->page_reader->focus_page, (int) (position / SH_IMAGE_LIST_PAGE_SIZE));
      read_ahead_around (self, position / SH_IMAGE_LIST_PAGE_SIZE);
    }
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
  if (self->page_pool != NULL)
    {
      /* Drops the pages not started, waits for the one being read; what is already delivered finds no model. */
      self->page_reader->model = NULL;
      g_thread_pool_free (g_steal_pointer (&self->page_pool), TRUE, TRUE);
      g_clear_pointer (&self->page_reader, page_reader_unref);
    }
  if (self->pages != NULL)
    clear_pages (self);
  G_OBJECT_CLASS (sh_image_list_model_parent_class)->dispose (object);
}

static void
sh_image_list_model_finalize (GObject *object)
{
  ShImageListModel *self = SH_IMAGE_LIST_MODEL (object);

  g_clear_pointer (&self->reader, sh_project_close);
  g_clear_pointer (&self->pages, g_hash_table_unref);
  g_clear_pointer (&self->pending, g_hash_table_unref);
  id_list_clear (&self->list);
  g_free (self->search);
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
    case PROP_SORT: g_value_set_enum (value, self->sort); break;
    case PROP_DESCENDING: g_value_set_boolean (value, self->descending); break;
    case PROP_SEARCH: g_value_set_string (value, self->search); break;
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
    case PROP_SORT: sh_image_list_model_set_sort (self, g_value_get_enum (value), self->descending); break;
    case PROP_DESCENDING: sh_image_list_model_set_sort (self, self->sort, g_value_get_boolean (value)); break;
    case PROP_SEARCH: sh_image_list_model_set_search (self, g_value_get_string (value)); break;
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
  properties[PROP_SORT] =
    g_param_spec_enum ("sort", NULL, NULL, SH_TYPE_IMAGE_SORT, SH_IMAGE_SORT_DATE,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DESCENDING] =
    g_param_spec_boolean ("descending", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SEARCH] =
    g_param_spec_string ("search", NULL, NULL, "",
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
  self->list.ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->search = g_strdup ("");
  self->pages = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, (GDestroyNotify) g_ptr_array_unref);
  self->pending = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, pending_page_free);
  g_queue_init (&self->page_order);
}

ShImageListModel *
sh_image_list_model_new (ShProject *project, GError **error)
{
  g_autoptr (ShImageListModel) self = NULL;
  ShImageListQuery query = { SH_IMAGE_FILTER_ALL, SH_IMAGE_SORT_DATE, FALSE, NULL };
  GArray *ids;

  g_return_val_if_fail (project != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (SH_TYPE_IMAGE_LIST_MODEL, NULL);
  self->project_path = g_strdup (sh_project_get_path (project));
  self->reader = sh_project_open (self->project_path, SH_PROJECT_OPEN_READ_ONLY, error);
  if (self->reader == NULL)
    return NULL;

  ids = sh_image_list_store_read_ids (self->reader, &query, error);
  if (ids == NULL)
    return NULL;
  id_list_clear (&self->list);
  id_list_init (&self->list, ids);
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

ShImageSort
sh_image_list_model_get_sort (ShImageListModel *self)
{
  g_return_val_if_fail (SH_IS_IMAGE_LIST_MODEL (self), SH_IMAGE_SORT_DATE);
  return self->sort;
}

gboolean
sh_image_list_model_get_sort_descending (ShImageListModel *self)
{
  g_return_val_if_fail (SH_IS_IMAGE_LIST_MODEL (self), FALSE);
  return self->descending;
}

void
sh_image_list_model_set_sort (ShImageListModel *self, ShImageSort sort, gboolean descending)
{
  g_return_if_fail (SH_IS_IMAGE_LIST_MODEL (self));
  g_return_if_fail ((unsigned) sort < SH_IMAGE_N_SORTS);

  descending = !!descending;
  if (self->sort == sort && self->descending == descending)
    return;
  g_object_freeze_notify (G_OBJECT (self));
  if (self->sort != sort)
    {
      self->sort = sort;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SORT]);
    }
  if (self->descending != descending)
    {
      self->descending = descending;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DESCENDING]);
    }
  start_load (self);
  g_object_thaw_notify (G_OBJECT (self));
}

const char *
sh_image_list_model_get_search (ShImageListModel *self)
{
  g_return_val_if_fail (SH_IS_IMAGE_LIST_MODEL (self), "");
  return self->search;
}

void
sh_image_list_model_set_search (ShImageListModel *self, const char *text)
{
  g_return_if_fail (SH_IS_IMAGE_LIST_MODEL (self));

  if (text == NULL)
    text = "";
  if (g_strcmp0 (self->search, text) == 0)
    return;
  g_free (self->search);
  self->search = g_strdup (text);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCH]);
  start_load (self);
  start_count (self);
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
  g_return_val_if_fail (SH_IS_IMAGE_LIST_MODEL (self), G_MAXUINT);
  return id_list_find (&self->list, id);
}

gint64
sh_image_list_model_get_id (ShImageListModel *self, guint position)
{
  g_return_val_if_fail (SH_IS_IMAGE_LIST_MODEL (self), 0);

  if (position >= self->list.ids->len)
    return 0;
  return g_array_index (self->list.ids, gint64, position);
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
      guint page = position / SH_IMAGE_LIST_PAGE_SIZE;
      PendingPage *pending = g_hash_table_lookup (self->pending, GUINT_TO_POINTER (page));

      items = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (page));
      if (pending != NULL)
        /* The copy on its way may have been read before the edit. */
        request_page (self, page, pending->placeholders != NULL);
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

typedef struct {
  ShImageListModel *self;
  guint found;
} FindNew;

/* The first new image the list holds wins. */
static gboolean
find_new_in_list (gint64 id, gpointer user_data)
{
  FindNew *find = user_data;

  find->found = sh_image_list_model_get_position (find->self, id);
  return find->found != G_MAXUINT;
}

guint
sh_image_list_model_find_unlabeled (ShImageListModel *self, guint position, gboolean forward)
{
  GArray *ids;
  guint n;

  g_return_val_if_fail (SH_IS_IMAGE_LIST_MODEL (self), G_MAXUINT);

  ids = self->list.ids;
  n = ids->len;
  if (n == 0)
    return G_MAXUINT;
  if (position != G_MAXUINT && position >= n)
    return forward ? G_MAXUINT : sh_image_list_model_find_unlabeled (self, G_MAXUINT, FALSE);

  /* The stored status is the truth, whatever the loaded items still say. */
  if (self->list.order != ORDER_OTHER)
    {
      /* In id order (either way) the status index walks new images from the start point in list order. */
      gboolean ascending = forward == (self->list.order == ORDER_ASCENDING);
      FindNew find = { self, G_MAXUINT };
      gint64 from;

      if (position == G_MAXUINT)
        from = ascending ? G_MININT64 : G_MAXINT64;
      else
        from = g_array_index (ids, gint64, position);
      sh_image_list_store_walk_new (self->reader, from, ascending, find_new_in_list, &find);
      return find.found;
    }

  /* Sorted otherwise: ask the store about the ids near the start point a page at a time, in list order (the
   * next photo to label is usually close); past those, read every new id once and walk the rest in memory. */
  {
    gboolean is_new[SH_IMAGE_LIST_PAGE_SIZE];
    gint64 chunk[SH_IMAGE_LIST_PAGE_SIZE];
    guint next = position == G_MAXUINT ? (forward ? 0 : n - 1) : (forward ? position + 1 : position - 1);
    g_autoptr (GArray) new_ids = NULL;
    g_autoptr (GError) error = NULL;

    if (position != G_MAXUINT && ((forward && position + 1 >= n) || (!forward && position == 0)))
      return G_MAXUINT;
    for (guint pages = 0; pages < NEARBY_PAGES; pages++)
      {
        guint count = 0;

        for (guint at = next; count < SH_IMAGE_LIST_PAGE_SIZE; at = forward ? at + 1 : at - 1)
          {
            chunk[count++] = g_array_index (ids, gint64, at);
            if ((forward && at + 1 >= n) || (!forward && at == 0))
              break;
          }
        sh_image_list_store_which_new (self->reader, chunk, count, is_new);
        for (guint i = 0; i < count; i++)
          if (is_new[i])
            return forward ? next + i : next - i;
        if ((forward && next + count >= n) || (!forward && next < count))
          return G_MAXUINT;
        next = forward ? next + count : next - count;
      }

    new_ids = sh_image_list_store_read_new_ids (self->reader, &error);
    if (new_ids == NULL)
      {
        g_warning ("finding the next unlabeled image: %s", error->message);
        return G_MAXUINT;
      }
    for (guint at = next;; at = forward ? at + 1 : at - 1)
      {
        gint64 id = g_array_index (ids, gint64, at);

        if (bsearch (&id, new_ids->data, new_ids->len, sizeof (gint64), compare_id) != NULL)
          return at;
        if ((forward && at + 1 >= n) || (!forward && at == 0))
          return G_MAXUINT;
      }
  }
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
