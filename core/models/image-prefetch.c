/* SPDX-License-Identifier: GPL-3.0-or-later */
/* image-prefetch.c: photos decoded on worker threads, shared through small LRU caches (see image-prefetch.h).
 *
 * Each photo may have two entries: its preview (decoded at the scale of the view) and its full decode, each
 * in its own table and LRU. One mutex guards the tables, the LRUs and every entry's fields. Only the caller's
 * thread creates entries (it alone may read the project); workers decode, then cache or drop what they made. */
#define G_LOG_DOMAIN "shadelab-prefetch"

#include "config.h"

#include "core/models/image-prefetch.h"

#include "core/formats/detail-render.h"
#include "core/models/thread-priority.h"

/* How much less CPU a full decode's thread gets than the screen's threads (nice steps): on a busy machine
 * the next photo's preview and the window come first; on an idle one it makes no difference. */
#define FULL_DECODE_NICENESS 5

/* The longest a decode ahead pauses for a zoomed-in view's rect, a few times what one takes: the view cannot
 * hold it back for long. */
#define DETAIL_YIELD_MAX_MS 250

typedef enum {
  ENTRY_QUEUED,
  ENTRY_DECODING,
  ENTRY_READY,
  ENTRY_FAILED,
} EntryState;

typedef struct {
  int ref_count;            /* under the lock */
  gint64 id;
  char *path;
  gboolean preview;         /* decoded at the view's scale, in the previews table */
  EntryState state;
  gboolean in_table;        /* listed in entries (and, when ready, in the LRU) */
  gboolean hinted;          /* named by the latest hint */
  gboolean cached;          /* lru_link is in the LRU */
  GPtrArray *waiters;       /* GTask*, waiting for the decode */
  guint sync_waiters;       /* threads blocked in get_sync */
  ShSharedImage *image;     /* ENTRY_READY */
  GError *error;            /* ENTRY_FAILED */
  GList lru_link;           /* data = the entry; linked while cached */
} Entry;

typedef struct {
  Entry *entry;             /* a reference */
  int priority;             /* 0 for a request, 1 + position for a hint */
  guint64 sequence;         /* first come, first served within a priority */
} Job;

struct _ShImagePrefetch {
  GObject parent_instance;

  ShProject *project;
  guint capacity;
  gsize memory_limit;       /* bytes of pixels cached, full decodes and previews together */
  GMutex lock;
  GCond decoded;            /* broadcast whenever an entry leaves QUEUED/DECODING */
  GHashTable *entries;      /* &id -> Entry (holds a reference): full decodes */
  GHashTable *previews;     /* &id -> Entry: previews */
  GQueue lru;               /* cached full decodes, most recently used first */
  GQueue preview_lru;       /* cached previews, the same way */
  gsize memory;             /* bytes of pixels in both LRUs */
  gsize peak_memory;
  int view_width, view_height;  /* of previews; 0: previews are full decodes */
  ShDisplayProfile *monitor;    /* previews are also converted for it, ready to show */
  GThreadPool *pool;        /* full decodes */
  GThreadPool *preview_pool;  /* previews: never queued behind a full decode */
  guint64 next_sequence;
  gboolean shutting_down;
  guint n_decodes;          /* atomic */
  ShLoadOptions load_options;   /* under the lock */
};

G_DEFINE_FINAL_TYPE (ShImagePrefetch, sh_image_prefetch, G_TYPE_OBJECT)

/* ---- entries (all under the lock) ---- */

static Entry *
entry_new (gint64 id, char *path, gboolean preview)
{
  Entry *entry = g_new0 (Entry, 1);
  entry->ref_count = 1;
  entry->id = id;
  entry->path = path;
  entry->preview = preview;
  entry->state = ENTRY_QUEUED;
  entry->waiters = g_ptr_array_new ();
  entry->lru_link.data = entry;
  return entry;
}

static Entry *
entry_ref (Entry *entry)
{
  entry->ref_count++;
  return entry;
}

static void
entry_unref (Entry *entry)
{
  if (--entry->ref_count > 0)
    return;
  g_assert (entry->waiters->len == 0);
  g_ptr_array_unref (entry->waiters);
  g_clear_pointer (&entry->image, sh_shared_image_unref);
  g_clear_error (&entry->error);
  g_free (entry->path);
  g_free (entry);
}

static GHashTable *
table_of (ShImagePrefetch *self, gboolean preview)
{
  return preview ? self->previews : self->entries;
}

static GQueue *
lru_of (ShImagePrefetch *self, Entry *entry)
{
  return entry->preview ? &self->preview_lru : &self->lru;
}

static gsize
image_bytes (ShSharedImage *image)
{
  return sh_shared_image_get_bytes (image);
}

/* Takes the entry out of the table and the LRU; its decode, if any, is then not kept. */
static void
entry_remove (ShImagePrefetch *self, Entry *entry)
{
  if (!entry->in_table)
    return;
  entry->in_table = FALSE;
  if (entry->cached)
    {
      g_queue_unlink (lru_of (self, entry), &entry->lru_link);
      self->memory -= image_bytes (entry->image);
    }
  entry->cached = FALSE;
  g_hash_table_remove (table_of (self, entry->preview), &entry->id);  /* drops the table's reference */
}

static void
lru_touch (ShImagePrefetch *self, Entry *entry)
{
  if (!entry->cached)
    return;
  g_queue_unlink (lru_of (self, entry), &entry->lru_link);
  g_queue_push_head_link (lru_of (self, entry), &entry->lru_link);
}

/* Within the counts and the memory limit; the newest full decode always stays (it is being asked for). Old
 * previews go first: they are cheap to make again. */
static void
lru_trim (ShImagePrefetch *self)
{
  while (self->lru.length > self->capacity)
    entry_remove (self, self->lru.tail->data);
  while (self->preview_lru.length > 2 * self->capacity)
    entry_remove (self, self->preview_lru.tail->data);
  while (self->memory > self->memory_limit && self->preview_lru.length > 1)
    entry_remove (self, self->preview_lru.tail->data);
  while (self->memory > self->memory_limit && self->lru.length > 1)
    entry_remove (self, self->lru.tail->data);
}

static void
lru_add (ShImagePrefetch *self, Entry *entry)
{
  g_queue_push_head_link (lru_of (self, entry), &entry->lru_link);
  entry->cached = TRUE;
  self->memory += image_bytes (entry->image);
  lru_trim (self);
  self->peak_memory = MAX (self->peak_memory, self->memory);
}

/* Someone still wants the photo: a hint names it, or a request that has not been cancelled waits for it. */
static gboolean
entry_wanted (Entry *entry)
{
  if (entry->hinted || entry->sync_waiters > 0)
    return TRUE;
  for (guint i = 0; i < entry->waiters->len; i++)
    if (!g_cancellable_is_cancelled (g_task_get_cancellable (entry->waiters->pdata[i])))
      return TRUE;
  return FALSE;
}

static void
push_job (ShImagePrefetch *self, Entry *entry, int priority)
{
  Job *job = g_new (Job, 1);
  job->entry = entry_ref (entry);
  job->priority = priority;
  job->sequence = self->next_sequence++;
  g_thread_pool_push (entry->preview ? self->preview_pool : self->pool, job, NULL);
}

static gint
job_compare (gconstpointer a, gconstpointer b, gpointer user_data)
{
  const Job *job_a = a, *job_b = b;
  if (job_a->priority != job_b->priority)
    return job_a->priority < job_b->priority ? -1 : 1;
  return job_a->sequence < job_b->sequence ? -1 : job_a->sequence > job_b->sequence;
}

/* The absolute path of an image's file; called on the project's thread. */
static char *
image_path (ShImagePrefetch *self, gint64 image_id, GError **error)
{
  return sh_project_get_image_file (self->project, image_id, error);
}

/* The entry for image_id, made and queued at priority when there is none. Under the lock. */
static Entry *
lookup_or_queue (ShImagePrefetch *self, gint64 image_id, gboolean preview, int priority, GError **error)
{
  Entry *entry = g_hash_table_lookup (table_of (self, preview), &image_id);
  Entry *other = g_hash_table_lookup (table_of (self, !preview), &image_id);
  char *path;

  if (entry != NULL)
    {
      /* A request overtakes the hints queued before it; the older job then finds the work done. */
      if (entry->state == ENTRY_QUEUED && priority == 0)
        push_job (self, entry, 0);
      return entry;
    }
  path = other != NULL ? g_strdup (other->path) : image_path (self, image_id, error);
  if (path == NULL)
    return NULL;
  entry = entry_new (image_id, path, preview);
  entry->in_table = TRUE;
  g_hash_table_insert (table_of (self, preview), &entry->id, entry);
  push_job (self, entry, priority);
  return entry;
}

/* ---- the worker ---- */

static void
return_to_waiters (GPtrArray *waiters, ShSharedImage *image, const GError *error)
{
  for (guint i = 0; i < waiters->len; i++)
    {
      GTask *task = waiters->pdata[i];
      if (image != NULL)
        g_task_return_pointer (task, sh_shared_image_ref (image), (GDestroyNotify) sh_shared_image_unref);
      else
        g_task_return_error (task, g_error_copy (error));
      g_object_unref (task);
    }
}

typedef struct {
  ShImagePrefetch *self;
  Entry *entry;
} Decode;

/* Asked by the loader between pieces: a decode nobody wants any more (a burst of D presses went past it)
 * gives its worker back at once. */
static gboolean
decode_keep_going (gpointer data)
{
  Decode *decode = data;
  gboolean keep;

  /* A zoomed-in view's rect being made comes first: it is what someone is looking at. */
  sh_detail_render_yield (DETAIL_YIELD_MAX_MS);
  g_mutex_lock (&decode->self->lock);
  keep = !decode->self->shutting_down && entry_wanted (decode->entry);
  g_mutex_unlock (&decode->self->lock);
  return keep;
}

/* A preview that came out at full size (not a JPEG, or a photo no larger than the view) is the full decode
 * too: it answers a full request still waiting in the queue. Under the lock; returns that entry's waiters. */
static GPtrArray *
preview_is_full (ShImagePrefetch *self, Entry *preview)
{
  Entry *full = g_hash_table_lookup (self->entries, &preview->id);
  GPtrArray *waiters;

  if (full == NULL || full->state != ENTRY_QUEUED || sh_shared_image_get_loaded (preview->image)->scale != 1)
    return NULL;
  full->state = ENTRY_READY;
  full->image = sh_shared_image_ref (preview->image);
  waiters = g_steal_pointer (&full->waiters);
  full->waiters = g_ptr_array_new ();
  if (entry_wanted (full) || waiters->len > 0)
    lru_add (self, full);
  else
    entry_remove (self, full);
  return waiters;
}

static void
decode_job (gpointer data, gpointer user_data)
{
  ShImagePrefetch *self = user_data;
  Job *job = data;
  Entry *entry = job->entry;
  g_autoptr (GPtrArray) waiters = NULL;
  g_autoptr (GPtrArray) full_waiters = NULL;
  g_autoptr (ShSharedImage) full_image = NULL;
  g_autoptr (GError) error = NULL;
  ShLoadedImage *loaded;
  ShSharedImage *image = NULL;

  /* A full decode yields to the rest of the process. */
  if (!entry->preview)
    sh_thread_lower_priority (FULL_DECODE_NICENESS);
  g_mutex_lock (&self->lock);
  if (entry->state != ENTRY_QUEUED)
    goto out;  /* another job of this entry got there first */
  if (self->shutting_down || !entry_wanted (entry))
    {
      /* Fell out of the hints before its turn, or every request was cancelled. */
      entry->state = ENTRY_FAILED;
      entry->error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "the photo is no longer needed");
      entry_remove (self, entry);
    }
  else
    {
      ShLoadOptions load_options = self->load_options;
      Decode decode = { self, entry };
      ShDisplayProfile *monitor = self->monitor != NULL ? sh_display_profile_ref (self->monitor) : NULL;
      int view_width = self->view_width, view_height = self->view_height;

      if (entry->preview)
        {
          load_options.view_width = view_width;
          load_options.view_height = view_height;
        }
      load_options.keep_going = decode_keep_going;
      load_options.keep_going_data = &decode;
      entry->state = ENTRY_DECODING;
      g_atomic_int_inc (&self->n_decodes);
      g_mutex_unlock (&self->lock);

      loaded = sh_load_image (entry->path, &load_options, &error);
      image = loaded != NULL ? sh_shared_image_new (loaded) : NULL;
      /* Display-ready, full decodes too (for going back): the window shows it without converting a pixel. */
      if (image != NULL && monitor != NULL && view_width > 0 && view_height > 0)
        sh_shared_image_render_display (image, monitor, view_width, view_height);
      g_clear_pointer (&monitor, sh_display_profile_unref);

      g_mutex_lock (&self->lock);
      if (image != NULL)
        {
          entry->state = ENTRY_READY;
          entry->image = image;
          if (entry->preview && (full_waiters = preview_is_full (self, entry)) != NULL)
            full_image = sh_shared_image_ref (image);
          if (entry->in_table && entry_wanted (entry))
            lru_add (self, entry);
          else
            entry_remove (self, entry);
        }
      else
        {
          entry->state = ENTRY_FAILED;
          entry->error = g_steal_pointer (&error);
          entry_remove (self, entry);  /* the file may be fixed: the next request reads it again */
        }
    }
  waiters = g_steal_pointer (&entry->waiters);
  entry->waiters = g_ptr_array_new ();
  g_cond_broadcast (&self->decoded);
  /* Keep the entry alive past the lock for the results handed out below. */
  entry_ref (entry);
  g_mutex_unlock (&self->lock);

  return_to_waiters (waiters, entry->image, entry->error);
  if (full_waiters != NULL)
    return_to_waiters (full_waiters, full_image, NULL);

  g_mutex_lock (&self->lock);
  entry_unref (entry);
out:
  entry_unref (job->entry);
  g_mutex_unlock (&self->lock);
  g_free (job);
}

/* ---- API ---- */

ShImagePrefetch *
sh_image_prefetch_new (ShProject *project, guint capacity)
{
  ShImagePrefetch *self;

  g_return_val_if_fail (project != NULL, NULL);
  self = g_object_new (SH_TYPE_IMAGE_PREFETCH, NULL);
  self->project = project;
  self->capacity = capacity > 0 ? capacity : SH_IMAGE_PREFETCH_DEFAULT_CAPACITY;
  return self;
}

/* The preview of image_id when one is decoded, else its full decode when that is (it renders as well).
 * Under the lock. */
static Entry *
ready_preview (ShImagePrefetch *self, gint64 image_id)
{
  Entry *entry = g_hash_table_lookup (self->previews, &image_id);

  if (entry != NULL && entry->state == ENTRY_READY)
    return entry;
  entry = g_hash_table_lookup (self->entries, &image_id);
  if (entry != NULL && entry->state == ENTRY_READY)
    return entry;
  return NULL;
}

static void
get_async (ShImagePrefetch *self, gint64 image_id, gboolean preview, GCancellable *cancellable,
           GAsyncReadyCallback callback, gpointer user_data, gpointer source_tag)
{
  g_autoptr (GTask) task = NULL;
  g_autoptr (GError) error = NULL;
  Entry *entry;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  if (g_task_return_error_if_cancelled (task))
    return;

  g_mutex_lock (&self->lock);
  preview = preview && self->view_width > 0;  /* without a view size, a preview is the full decode */
  entry = preview ? ready_preview (self, image_id) : NULL;
  if (entry == NULL)
    entry = lookup_or_queue (self, image_id, preview, 0, &error);
  if (entry == NULL)
    {
      g_mutex_unlock (&self->lock);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (entry->state == ENTRY_READY)
    {
      ShSharedImage *image = sh_shared_image_ref (entry->image);
      lru_touch (self, entry);
      g_mutex_unlock (&self->lock);
      g_task_return_pointer (task, image, (GDestroyNotify) sh_shared_image_unref);
      return;
    }
  g_ptr_array_add (entry->waiters, g_steal_pointer (&task));
  g_mutex_unlock (&self->lock);
}

void
sh_image_prefetch_get (ShImagePrefetch *self, gint64 image_id, GCancellable *cancellable,
                       GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (SH_IS_IMAGE_PREFETCH (self));
  get_async (self, image_id, FALSE, cancellable, callback, user_data, sh_image_prefetch_get);
}

ShSharedImage *
sh_image_prefetch_get_finish (ShImagePrefetch *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sh_image_prefetch_get, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
sh_image_prefetch_get_preview (ShImagePrefetch *self, gint64 image_id, GCancellable *cancellable,
                               GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (SH_IS_IMAGE_PREFETCH (self));
  get_async (self, image_id, TRUE, cancellable, callback, user_data, sh_image_prefetch_get_preview);
}

ShSharedImage *
sh_image_prefetch_get_preview_finish (ShImagePrefetch *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sh_image_prefetch_get_preview, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static ShSharedImage *
get_sync (ShImagePrefetch *self, gint64 image_id, gboolean preview, GCancellable *cancellable, GError **error)
{
  ShSharedImage *image = NULL;
  Entry *entry;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  g_mutex_lock (&self->lock);
  preview = preview && self->view_width > 0;  /* without a view size, a preview is the full decode */
  entry = preview ? ready_preview (self, image_id) : NULL;
  if (entry == NULL)
    entry = lookup_or_queue (self, image_id, preview, 0, error);
  if (entry == NULL)
    {
      g_mutex_unlock (&self->lock);
      return NULL;
    }
  entry_ref (entry);
  entry->sync_waiters++;
  while (entry->state == ENTRY_QUEUED || entry->state == ENTRY_DECODING)
    {
      /* Wakes now and then to notice a cancellation, which has no way to signal the condition. */
      gint64 deadline = g_get_monotonic_time () + 50 * G_TIME_SPAN_MILLISECOND;
      if (g_cancellable_is_cancelled (cancellable))
        break;
      g_cond_wait_until (&self->decoded, &self->lock, deadline);
    }
  entry->sync_waiters--;
  if (entry->state == ENTRY_READY)
    {
      image = sh_shared_image_ref (entry->image);
      lru_touch (self, entry);
    }
  else if (entry->state == ENTRY_FAILED)
    g_set_error_literal (error, entry->error->domain, entry->error->code, entry->error->message);
  else
    g_cancellable_set_error_if_cancelled (cancellable, error);
  entry_unref (entry);
  g_mutex_unlock (&self->lock);
  return image;
}

ShSharedImage *
sh_image_prefetch_get_sync (ShImagePrefetch *self, gint64 image_id, GCancellable *cancellable, GError **error)
{
  g_return_val_if_fail (SH_IS_IMAGE_PREFETCH (self), NULL);
  return get_sync (self, image_id, FALSE, cancellable, error);
}

ShSharedImage *
sh_image_prefetch_get_preview_sync (ShImagePrefetch *self, gint64 image_id, GCancellable *cancellable,
                                    GError **error)
{
  g_return_val_if_fail (SH_IS_IMAGE_PREFETCH (self), NULL);
  return get_sync (self, image_id, TRUE, cancellable, error);
}

ShSharedImage *
sh_image_prefetch_peek (ShImagePrefetch *self, gint64 image_id)
{
  ShSharedImage *image = NULL;
  Entry *entry;

  g_return_val_if_fail (SH_IS_IMAGE_PREFETCH (self), NULL);

  g_mutex_lock (&self->lock);
  entry = g_hash_table_lookup (self->entries, &image_id);
  if (entry != NULL && entry->state == ENTRY_READY)
    {
      image = sh_shared_image_ref (entry->image);
      lru_touch (self, entry);
    }
  g_mutex_unlock (&self->lock);
  return image;
}

static void
clear_hints (GHashTable *table)
{
  GHashTableIter iter;
  Entry *entry;

  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &entry))
    entry->hinted = FALSE;
}

static void
hint_one (ShImagePrefetch *self, gint64 image_id, gboolean preview, int priority)
{
  g_autoptr (GError) error = NULL;
  Entry *entry;

  /* A photo decoded in full needs no preview. */
  if (preview && (entry = g_hash_table_lookup (self->entries, &image_id)) != NULL && entry->state == ENTRY_READY)
    {
      entry->hinted = TRUE;
      return;
    }
  entry = lookup_or_queue (self, image_id, preview, priority, &error);
  if (entry != NULL)
    entry->hinted = TRUE;
  else
    g_debug ("not prefetching image %" G_GINT64_FORMAT ": %s", image_id, error->message);
}

void
sh_image_prefetch_hint (ShImagePrefetch *self, const gint64 *image_ids, gsize n_ids)
{
  gsize n_full;

  g_return_if_fail (SH_IS_IMAGE_PREFETCH (self));
  g_return_if_fail (n_ids == 0 || image_ids != NULL);

  g_mutex_lock (&self->lock);
  /* Entries no longer hinted are dropped by their worker before decoding, stopped while decoding, or not
   * cached after, unless a request wants them. */
  clear_hints (self->entries);
  clear_hints (self->previews);
  /* Every preview first, then the full decodes of the most likely ones. */
  n_full = MIN (n_ids, (gsize) SH_IMAGE_PREFETCH_FULL_AHEAD);
  for (gsize i = 0; i < n_ids; i++)
    hint_one (self, image_ids[i], self->view_width > 0, 1 + (int) MIN (i, 1000));
  for (gsize i = 0; i < n_full; i++)
    hint_one (self, image_ids[i], FALSE, 1002 + (int) i);
  g_mutex_unlock (&self->lock);
}

void
sh_image_prefetch_set_view_size (ShImagePrefetch *self, int width, int height)
{
  g_return_if_fail (SH_IS_IMAGE_PREFETCH (self));

  g_mutex_lock (&self->lock);
  self->view_width = MAX (width, 0);
  self->view_height = MAX (height, 0);
  g_mutex_unlock (&self->lock);
}

void
sh_image_prefetch_set_display_profile (ShImagePrefetch *self, ShDisplayProfile *monitor)
{
  g_return_if_fail (SH_IS_IMAGE_PREFETCH (self));

  g_mutex_lock (&self->lock);
  if (monitor != NULL)
    sh_display_profile_ref (monitor);
  g_clear_pointer (&self->monitor, sh_display_profile_unref);
  self->monitor = monitor;
  g_mutex_unlock (&self->lock);
}

void
sh_image_prefetch_set_memory_limit (ShImagePrefetch *self, gsize bytes)
{
  g_return_if_fail (SH_IS_IMAGE_PREFETCH (self));

  g_mutex_lock (&self->lock);
  self->memory_limit = bytes > 0 ? bytes : SH_IMAGE_PREFETCH_DEFAULT_MEMORY;
  lru_trim (self);
  g_mutex_unlock (&self->lock);
}

void
sh_image_prefetch_get_memory (ShImagePrefetch *self, gsize *held, gsize *peak)
{
  g_return_if_fail (SH_IS_IMAGE_PREFETCH (self));

  g_mutex_lock (&self->lock);
  if (held != NULL)
    *held = self->memory;
  if (peak != NULL)
    *peak = self->peak_memory;
  g_mutex_unlock (&self->lock);
}

void
sh_image_prefetch_set_load_options (ShImagePrefetch *self, const ShLoadOptions *options)
{
  g_return_if_fail (SH_IS_IMAGE_PREFETCH (self));

  g_mutex_lock (&self->lock);
  if (options != NULL)
    self->load_options = *options;
  else
    self->load_options = (ShLoadOptions) { 0 };
  g_mutex_unlock (&self->lock);
}

void
sh_image_prefetch_forget (ShImagePrefetch *self, gint64 image_id)
{
  Entry *entry;

  g_return_if_fail (SH_IS_IMAGE_PREFETCH (self));

  g_mutex_lock (&self->lock);
  entry = g_hash_table_lookup (self->entries, &image_id);
  if (entry != NULL)
    entry_remove (self, entry);
  entry = g_hash_table_lookup (self->previews, &image_id);
  if (entry != NULL)
    entry_remove (self, entry);
  g_mutex_unlock (&self->lock);
}

guint
sh_image_prefetch_get_capacity (ShImagePrefetch *self)
{
  g_return_val_if_fail (SH_IS_IMAGE_PREFETCH (self), 0);
  return self->capacity;
}

guint
sh_image_prefetch_get_n_decodes (ShImagePrefetch *self)
{
  g_return_val_if_fail (SH_IS_IMAGE_PREFETCH (self), 0);
  return (guint) g_atomic_int_get (&self->n_decodes);
}

/* ---- GObject ---- */

static void
entry_release (gpointer data)
{
  entry_unref (data);
}

static void
sh_image_prefetch_finalize (GObject *object)
{
  ShImagePrefetch *self = SH_IMAGE_PREFETCH (object);

  /* Pending requests hold a reference to the prefetcher, so only unrequested decodes can be left: queued ones
   * are skipped, running ones stop and are dropped. */
  g_mutex_lock (&self->lock);
  self->shutting_down = TRUE;
  g_mutex_unlock (&self->lock);
  g_thread_pool_free (self->preview_pool, FALSE, TRUE);
  g_thread_pool_free (self->pool, FALSE, TRUE);
  /* The links live inside the entries: forget them rather than free them. */
  g_queue_init (&self->lru);
  g_queue_init (&self->preview_lru);
  g_hash_table_destroy (self->entries);
  g_hash_table_destroy (self->previews);
  g_clear_pointer (&self->monitor, sh_display_profile_unref);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->decoded);
  G_OBJECT_CLASS (sh_image_prefetch_parent_class)->finalize (object);
}

static void
sh_image_prefetch_class_init (ShImagePrefetchClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sh_image_prefetch_finalize;
}

static void
sh_image_prefetch_init (ShImagePrefetch *self)
{
  g_mutex_init (&self->lock);
  g_cond_init (&self->decoded);
  self->entries = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, entry_release);
  self->previews = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, entry_release);
  g_queue_init (&self->lru);
  g_queue_init (&self->preview_lru);
  self->capacity = SH_IMAGE_PREFETCH_DEFAULT_CAPACITY;
  self->memory_limit = SH_IMAGE_PREFETCH_DEFAULT_MEMORY;
  /* Exclusive threads: a decode never waits for another pool's work. Creating them cannot fail with a NULL
   * error other than by aborting. */
  self->pool = g_thread_pool_new (decode_job, self, SH_IMAGE_PREFETCH_THREADS, TRUE, NULL);
  g_thread_pool_set_sort_function (self->pool, job_compare, NULL);
  self->preview_pool = g_thread_pool_new (decode_job, self, SH_IMAGE_PREFETCH_PREVIEW_THREADS, TRUE, NULL);
  g_thread_pool_set_sort_function (self->preview_pool, job_compare, NULL);
}
