/* SPDX-License-Identifier: GPL-3.0-or-later */
/* thumbnail-cache.c: sRGB thumbnails made on worker threads, kept in memory and on disk. */
#define G_LOG_DOMAIN "shadelab-thumbnails"

#include "config.h"

#include "core/models/thumbnail-cache.h"
#include "core/models/thread-priority.h"

#include <string.h>

#include <glib/gstdio.h>

#include "color/display.h"
#include "core/formats/image-loader.h"

/* Stored in each PNG; a thumbnail without it (or with another value) is made again. */
#define VERSION_KEY "tEXt::Shadelab-Thumbnail-Version"
#define WRITE_CHUNK_SIZE (256 * 1024)
/* How much less processor time a thumbnail's thread gets than the window's (nice steps). */
#define THUMBNAIL_NICENESS 10

typedef struct {
  GMainContext *context;
  GCancellable *cancellable;
  ShThumbnailCallback callback;
  gpointer user_data;
} Waiter;

/* One thumbnail being made, shared by every request for its hash. */
typedef struct {
  char *hash;
  char *path;
  guint64 serial;          /* newer requests run first */
  GPtrArray *waiters;      /* Waiter, under the cache's lock */
} Pending;

struct _ShThumbnailCache
{
  GObject parent_instance;

  char *dir;
  ShDisplayProfile *srgb;  /* the destination of every conversion; its transform cache is shared */
  GThreadPool *pool;

  GMutex lock;             /* everything below */
  GHashTable *pending;     /* hash -> Pending */
  GHashTable *memory;      /* hash -> GList link in memory_order, whose data is the hash */
  GHashTable *pixbufs;     /* hash -> GdkPixbuf */
  GQueue memory_order;     /* most recently used first */
  GHashTable *failed;      /* hash -> message */
  guint64 next_serial;
  ShThumbnailStats stats;
};

G_DEFINE_FINAL_TYPE (ShThumbnailCache, sh_thumbnail_cache, G_TYPE_OBJECT)

/* ---- delivering results to the requesting thread ---- */

typedef struct {
  Waiter *waiter;
  GdkPixbuf *pixbuf;
  GError *error;
} Delivery;

static void
waiter_free (Waiter *waiter)
{
  g_main_context_unref (waiter->context);
  g_clear_object (&waiter->cancellable);
  g_free (waiter);
}

static gboolean
deliver (gpointer data)
{
  Delivery *delivery = data;
  Waiter *waiter = delivery->waiter;
  g_autoptr (GError) cancelled = NULL;

  if (g_cancellable_set_error_if_cancelled (waiter->cancellable, &cancelled))
    waiter->callback (NULL, cancelled, waiter->user_data);
  else
    waiter->callback (delivery->pixbuf, delivery->error, waiter->user_data);
  return G_SOURCE_REMOVE;
}

static void
delivery_free (gpointer data)
{
  Delivery *delivery = data;

  waiter_free (delivery->waiter);
  g_clear_object (&delivery->pixbuf);
  g_clear_error (&delivery->error);
  g_free (delivery);
}

/* Takes the waiter. */
static void
schedule_delivery (Waiter *waiter, GdkPixbuf *pixbuf, const GError *error)
{
  Delivery *delivery = g_new0 (Delivery, 1);
  GSource *source = g_idle_source_new ();

  delivery->waiter = waiter;
  delivery->pixbuf = pixbuf ? g_object_ref (pixbuf) : NULL;
  delivery->error = error ? g_error_copy (error) : NULL;
  g_source_set_priority (source, G_PRIORITY_DEFAULT_IDLE);
  g_source_set_callback (source, deliver, delivery, delivery_free);
  g_source_set_static_name (source, "[shadelab] thumbnail delivery");
  g_source_attach (source, waiter->context);
  g_source_unref (source);
}

/* ---- memory ---- */

/* With the lock held. */
static GdkPixbuf *
memory_get (ShThumbnailCache *self, const char *hash)
{
  GList *link = g_hash_table_lookup (self->memory, hash);

  if (link == NULL)
    return NULL;
  g_queue_unlink (&self->memory_order, link);
  g_queue_push_head_link (&self->memory_order, link);
  return g_object_ref (g_hash_table_lookup (self->pixbufs, hash));
}

/* With the lock held. */
static void
memory_put (ShThumbnailCache *self, const char *hash, GdkPixbuf *pixbuf)
{
  GList *link = g_hash_table_lookup (self->memory, hash);
  char *key;

  if (link != NULL)
    {
      g_hash_table_replace (self->pixbufs, g_strdup (hash), g_object_ref (pixbuf));
      g_queue_unlink (&self->memory_order, link);
      g_queue_push_head_link (&self->memory_order, link);
      return;
    }
  while (self->memory_order.length >= SH_THUMBNAIL_MEMORY_ITEMS)
    {
      char *oldest = g_queue_pop_tail (&self->memory_order);
      g_hash_table_remove (self->pixbufs, oldest);
      g_hash_table_remove (self->memory, oldest);  /* frees oldest, the key */
    }
  key = g_strdup (hash);
  g_queue_push_head (&self->memory_order, key);
  g_hash_table_insert (self->memory, key, self->memory_order.head);
  g_hash_table_insert (self->pixbufs, g_strdup (hash), g_object_ref (pixbuf));
}

/* ---- the disk ---- */

static gboolean
hash_is_valid (const char *hash)
{
  gsize len = hash ? strlen (hash) : 0;

  if (len < 3 || len > 128)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isxdigit (hash[i]))
      return FALSE;
  return TRUE;
}

char *
sh_thumbnail_cache_get_file (ShThumbnailCache *self, const char *hash)
{
  g_autofree char *lower = NULL;
  g_autofree char *name = NULL;
  char prefix[3];

  g_return_val_if_fail (SH_IS_THUMBNAIL_CACHE (self), NULL);

  if (!hash_is_valid (hash))
    return NULL;
  lower = g_ascii_strdown (hash, -1);
  prefix[0] = lower[0];
  prefix[1] = lower[1];
  prefix[2] = '\0';
  name = g_strconcat (lower, ".png", NULL);
  return g_build_filename (self->dir, prefix, name, NULL);
}

static GdkPixbuf *
disk_read (ShThumbnailCache *self, const char *hash)
{
  g_autofree char *file = sh_thumbnail_cache_get_file (self, hash);
  g_autoptr (GdkPixbuf) pixbuf = NULL;
  const char *version;

  if (file == NULL || !g_file_test (file, G_FILE_TEST_IS_REGULAR))
    return NULL;
  pixbuf = gdk_pixbuf_new_from_file (file, NULL);
  if (pixbuf == NULL)
    return NULL;
  version = gdk_pixbuf_get_option (pixbuf, VERSION_KEY);
  if (version == NULL || g_ascii_strtoll (version, NULL, 10) != SH_THUMBNAIL_VERSION)
    return NULL;
  return g_steal_pointer (&pixbuf);
}

/* Atomically (a temporary file renamed into place), so a reader never sees half a PNG. A cache that cannot
 * be written is not an error: the thumbnail is made again next time. */
static void
disk_write (ShThumbnailCache *self, const char *hash, GdkPixbuf *pixbuf)
{
  g_autofree char *file = sh_thumbnail_cache_get_file (self, hash);
  g_autofree char *folder = NULL;
  g_autofree char *data = NULL;
  g_autoptr (GError) error = NULL;
  char version[16];
  gsize len;

  if (file == NULL)
    return;
  folder = g_path_get_dirname (file);
  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      g_debug ("cannot create %s: %s", folder, g_strerror (errno));
      return;
    }
  g_snprintf (version, sizeof version, "%d", SH_THUMBNAIL_VERSION);
  if (!gdk_pixbuf_save_to_buffer (pixbuf, &data, &len, "png", &error, VERSION_KEY, version, NULL)
      || !g_file_set_contents_full (file, data, (gssize) len, G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error))
    g_debug ("cannot store the thumbnail %s: %s", file, error->message);
}

/* ---- making a thumbnail ---- */

typedef struct {
  int size;
  gboolean too_large;
} SizeRequest;

static void
on_size_prepared (GdkPixbufLoader *loader, int width, int height, gpointer user_data)
{
  SizeRequest *request = user_data;
  int long_side = MAX (width, height);

  if (width <= 0 || height <= 0)
    return;
  if ((guint64) width * (guint64) height > SH_DEFAULT_PIXEL_LIMIT)
    {
      request->too_large = TRUE;
      gdk_pixbuf_loader_set_size (loader, 0, 0);
      return;
    }
  if (long_side > request->size)
    gdk_pixbuf_loader_set_size (loader, MAX (1, (int) ((gint64) width * request->size / long_side)),
                                MAX (1, (int) ((gint64) height * request->size / long_side)));
}

/* The ICCP chunk of a WebP file: the WebP decoder does not hand the profile on. */
static GBytes *
webp_icc (const guint8 *data, gsize len)
{
  gsize i = 12, end;

  if (len < 12 || memcmp (data, "RIFF", 4) != 0 || memcmp (data + 8, "WEBP", 4) != 0)
    return NULL;
  end = MIN (len, 8 + (gsize) GUINT32_FROM_LE (*(const guint32 *) (const void *) (data + 4)));
  while (i + 8 <= end)
    {
      guint32 chunk_len;
      memcpy (&chunk_len, data + i + 4, 4);
      chunk_len = GUINT32_FROM_LE (chunk_len);
      if (chunk_len > end - i - 8)
        return NULL;
      if (memcmp (data + i, "ICCP", 4) == 0)
        return g_bytes_new (data + i + 8, chunk_len);
      i += 8 + chunk_len + (chunk_len & 1);
    }
  return NULL;
}

/* The pixels of pixbuf (any layout GdkPixbuf decodes to) through the profile into sRGB, as a new RGB(A)
 * pixbuf. */
static GdkPixbuf *
convert_to_srgb (ShDisplayProfile *srgb, GdkPixbuf *pixbuf, GBytes *icc, const char *name, GError **error)
{
  int width = gdk_pixbuf_get_width (pixbuf);
  int height = gdk_pixbuf_get_height (pixbuf);
  int channels = gdk_pixbuf_get_n_channels (pixbuf);
  int rowstride = gdk_pixbuf_get_rowstride (pixbuf);
  gboolean alpha = gdk_pixbuf_get_has_alpha (pixbuf);
  const guint8 *pixels = gdk_pixbuf_read_pixels (pixbuf);
  g_autofree guint8 *rgba = NULL;
  g_autofree guint8 *bgra = NULL;
  ShDisplayTransform *transform;
  GdkPixbuf *out;
  guint8 *out_pixels;
  int out_stride;
  char message[256] = "";

  if (gdk_pixbuf_get_colorspace (pixbuf) != GDK_COLORSPACE_RGB || gdk_pixbuf_get_bits_per_sample (pixbuf) != 8
      || (channels != 3 && channels != 4))
    {
      g_set_error (error, SH_LOADER_ERROR, SH_LOADER_ERROR_UNKNOWN,
                   "%s: the decoder returned an unsupported pixel layout", name);
      return NULL;
    }
  if (icc == NULL)
    return gdk_pixbuf_copy (pixbuf);  /* untagged: sRGB already */

  transform = sh_display_transform_new_for_icc (srgb, g_bytes_get_data (icc, NULL), g_bytes_get_size (icc),
                                                message, sizeof message);
  if (transform == NULL)
    {
      g_set_error (error, SH_LOADER_ERROR, SH_LOADER_ERROR_PROFILE,
                   "%s: the embedded colour profile cannot be used: %s", name, message);
      return NULL;
    }

  rgba = g_malloc ((gsize) width * height * 4);
  bgra = g_malloc ((gsize) width * height * 4);
  for (int y = 0; y < height; y++)
    {
      const guint8 *src = pixels + (gsize) y * rowstride;
      guint8 *dst = rgba + (gsize) y * width * 4;
      for (int x = 0; x < width; x++)
        {
          dst[4 * x + 0] = src[channels * x + 0];
          dst[4 * x + 1] = src[channels * x + 1];
          dst[4 * x + 2] = src[channels * x + 2];
          dst[4 * x + 3] = channels == 4 ? src[channels * x + 3] : 255;
        }
    }
  sh_display_transform_apply (transform, rgba, width * 4, bgra, width * 4, width, height);
  sh_display_transform_unref (transform);

  out = gdk_pixbuf_new (GDK_COLORSPACE_RGB, alpha, 8, width, height);
  if (out == NULL)
    {
      g_set_error (error, SH_LOADER_ERROR, SH_LOADER_ERROR_TOO_LARGE, "%s: not enough memory for a thumbnail",
                   name);
      return NULL;
    }
  out_pixels = gdk_pixbuf_get_pixels (out);
  out_stride = gdk_pixbuf_get_rowstride (out);
  for (int y = 0; y < height; y++)
    {
      const guint8 *src = bgra + (gsize) y * width * 4;
      const guint8 *src_alpha = rgba + (gsize) y * width * 4;
      guint8 *dst = out_pixels + (gsize) y * out_stride;
      int n = alpha ? 4 : 3;
      for (int x = 0; x < width; x++)
        {
          dst[n * x + 0] = src[4 * x + 2];
          dst[n * x + 1] = src[4 * x + 1];
          dst[n * x + 2] = src[4 * x + 0];
          if (alpha)
            dst[n * x + 3] = src_alpha[4 * x + 3];
        }
    }
  return out;
}

static GdkPixbuf *
make_thumbnail (ShDisplayProfile *srgb, const char *path, int size, GError **error)
{
  g_autofree char *name = g_filename_display_name (path);
  g_autoptr (GMappedFile) mapped = NULL;
  g_autoptr (GdkPixbufLoader) loader = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autoptr (GdkPixbuf) upright = NULL;
  g_autoptr (GBytes) icc = NULL;
  SizeRequest request = { .size = size };
  const guint8 *data;
  const char *base64;
  GdkPixbuf *decoded;
  gboolean ok = TRUE;
  gsize len;

  mapped = g_mapped_file_new (path, FALSE, &local_error);
  if (mapped == NULL)
    {
      g_set_error (error, SH_LOADER_ERROR, SH_LOADER_ERROR_IO, "%s: cannot read the file (%s)", name,
                   local_error->message);
      return NULL;
    }
  data = (const guint8 *) g_mapped_file_get_contents (mapped);
  len = g_mapped_file_get_length (mapped);
  if (data == NULL || len == 0)
    {
      g_set_error (error, SH_LOADER_ERROR, SH_LOADER_ERROR_EMPTY, "%s: the file is empty (0 bytes)", name);
      return NULL;
    }

  /* size-prepared picks the reduced size before any pixel exists; the JPEG decoder then scales inside
   * libjpeg (1/2 .. 1/8) instead of decoding every pixel. */
  loader = gdk_pixbuf_loader_new ();
  g_signal_connect (loader, "size-prepared", G_CALLBACK (on_size_prepared), &request);
  for (gsize offset = 0, chunk; offset < len && ok && !request.too_large; offset += chunk)
    {
      chunk = MIN (WRITE_CHUNK_SIZE, len - offset);
      ok = gdk_pixbuf_loader_write (loader, data + offset, chunk, &local_error);
    }
  if (ok && !request.too_large)
    ok = gdk_pixbuf_loader_close (loader, &local_error);
  else
    gdk_pixbuf_loader_close (loader, NULL);
  decoded = gdk_pixbuf_loader_get_pixbuf (loader);
  if (request.too_large)
    {
      g_set_error (error, SH_LOADER_ERROR, SH_LOADER_ERROR_TOO_LARGE, "%s: the image is too large to read",
                   name);
      return NULL;
    }
  if (!ok || decoded == NULL)
    {
      g_set_error (error, SH_LOADER_ERROR, SH_LOADER_ERROR_CORRUPT, "%s: cannot decode the image (%s)", name,
                   local_error ? local_error->message : "no picture in the file");
      return NULL;
    }

  /* JPEG, PNG and TIFF hand the profile on as an option; WebP keeps it in its own chunk. */
  base64 = gdk_pixbuf_get_option (decoded, "icc-profile");
  if (base64 != NULL)
    {
      gsize icc_len = 0;
      guint8 *icc_data = g_base64_decode (base64, &icc_len);
      icc = g_bytes_new_take (icc_data, icc_len);
    }
  else
    icc = webp_icc (data, len);
  if (icc != NULL && g_bytes_get_size (icc) == 0)
    g_clear_pointer (&icc, g_bytes_unref);

  upright = gdk_pixbuf_apply_embedded_orientation (decoded);
  if (upright == NULL)
    {
      g_set_error (error, SH_LOADER_ERROR, SH_LOADER_ERROR_TOO_LARGE, "%s: not enough memory for a thumbnail",
                   name);
      return NULL;
    }
  return convert_to_srgb (srgb, upright, icc, name, error);
}

GdkPixbuf *
sh_thumbnail_make (const char *path, int size, GError **error)
{
  ShDisplayProfile *srgb = sh_display_profile_new_srgb ();
  GdkPixbuf *pixbuf;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (size > 0, NULL);

  pixbuf = make_thumbnail (srgb, path, size, error);
  sh_display_profile_unref (srgb);
  return pixbuf;
}

/* ---- the workers ---- */

static void
pending_free (Pending *pending)
{
  g_free (pending->hash);
  g_free (pending->path);
  g_ptr_array_unref (pending->waiters);
  g_free (pending);
}

static gboolean
all_cancelled (GPtrArray *waiters)
{
  for (guint i = 0; i < waiters->len; i++)
    if (!g_cancellable_is_cancelled (((Waiter *) g_ptr_array_index (waiters, i))->cancellable))
      return FALSE;
  return TRUE;
}

/* Hands every waiter of pending its result; takes pending out of the table. With the lock held. */
static void
finish_pending (ShThumbnailCache *self, Pending *pending, GdkPixbuf *pixbuf, const GError *error)
{
  g_hash_table_steal (self->pending, pending->hash);
  for (guint i = 0; i < pending->waiters->len; i++)
    schedule_delivery (g_ptr_array_index (pending->waiters, i), pixbuf, error);
  g_ptr_array_set_free_func (pending->waiters, NULL);
  pending_free (pending);
}

static void
work (gpointer data, gpointer user_data)
{
  ShThumbnailCache *self = user_data;
  Pending *pending = data;
  g_autoptr (GdkPixbuf) pixbuf = NULL;
  g_autoptr (GError) error = NULL;
  gboolean from_disk = FALSE;

  /* Decoding a photo takes tens of milliseconds: the thread drawing the list comes first, or on a two-core
   * machine a thumbnail holds up the frames of a scroll. */
  sh_thread_lower_priority (THUMBNAIL_NICENESS);

  g_mutex_lock (&self->lock);
  if (all_cancelled (pending->waiters))
    {
      /* Every row that wanted it scrolled away; the next request starts over. */
      g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "cancelled");
      finish_pending (self, pending, NULL, error);
      g_mutex_unlock (&self->lock);
      return;
    }
  g_mutex_unlock (&self->lock);

  pixbuf = disk_read (self, pending->hash);
  if (pixbuf != NULL)
    from_disk = TRUE;
  else
    {
      pixbuf = make_thumbnail (self->srgb, pending->path, SH_THUMBNAIL_SIZE, &error);
      if (pixbuf != NULL)
        disk_write (self, pending->hash, pixbuf);
    }

  g_mutex_lock (&self->lock);
  if (pixbuf != NULL)
    {
      memory_put (self, pending->hash, pixbuf);
      if (from_disk)
        self->stats.disk_hits++;
      else
        self->stats.made++;
    }
  else
    {
      g_hash_table_replace (self->failed, g_strdup (pending->hash), g_strdup (error->message));
      self->stats.failed++;
    }
  finish_pending (self, pending, pixbuf, error);
  g_mutex_unlock (&self->lock);
}

static int
compare_newest_first (gconstpointer a, gconstpointer b, gpointer user_data)
{
  const Pending *x = a, *y = b;
  return (x->serial < y->serial) - (x->serial > y->serial);
}

/* ---- object ---- */

static void
sh_thumbnail_cache_finalize (GObject *object)
{
  ShThumbnailCache *self = SH_THUMBNAIL_CACHE (object);
  GHashTableIter iter;
  gpointer value;

  /* Queued work is dropped; its requests still get their one callback, as cancelled. */
  g_thread_pool_free (self->pool, TRUE, TRUE);
  g_hash_table_iter_init (&iter, self->pending);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Pending *pending = value;
      g_autoptr (GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "cancelled");
      for (guint i = 0; i < pending->waiters->len; i++)
        schedule_delivery (g_ptr_array_index (pending->waiters, i), NULL, error);
      g_ptr_array_set_free_func (pending->waiters, NULL);
      g_hash_table_iter_remove (&iter);
    }
  g_hash_table_unref (self->pending);
  g_hash_table_unref (self->pixbufs);
  g_hash_table_unref (self->memory);
  g_queue_clear (&self->memory_order);
  g_hash_table_unref (self->failed);
  sh_display_profile_unref (self->srgb);
  g_mutex_clear (&self->lock);
  g_free (self->dir);
  G_OBJECT_CLASS (sh_thumbnail_cache_parent_class)->finalize (object);
}

static void
sh_thumbnail_cache_class_init (ShThumbnailCacheClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sh_thumbnail_cache_finalize;
}

static void
sh_thumbnail_cache_init (ShThumbnailCache *self)
{
  /* Half the cores: the list stays fed while the prefetcher and extraction keep theirs. */
  int threads = CLAMP ((int) g_get_num_processors () / 2, 1, 4);

  g_mutex_init (&self->lock);
  self->pending = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) pending_free);
  self->memory = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->pixbufs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  g_queue_init (&self->memory_order);
  self->failed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->srgb = sh_display_profile_new_srgb ();
  /* Exclusive: its threads are niced, and must not run other work. */
  self->pool = g_thread_pool_new (work, self, threads, TRUE, NULL);
  g_thread_pool_set_sort_function (self->pool, compare_newest_first, NULL);
}

ShThumbnailCache *
sh_thumbnail_cache_new_for_dir (const char *dir)
{
  ShThumbnailCache *self;

  g_return_val_if_fail (dir != NULL, NULL);

  self = g_object_new (SH_TYPE_THUMBNAIL_CACHE, NULL);
  self->dir = g_strdup (dir);
  return self;
}

ShThumbnailCache *
sh_thumbnail_cache_new (void)
{
  g_autofree char *dir = g_build_filename (g_get_user_cache_dir (), "shadelab", "thumbnails", NULL);
  return sh_thumbnail_cache_new_for_dir (dir);
}

const char *
sh_thumbnail_cache_get_dir (ShThumbnailCache *self)
{
  g_return_val_if_fail (SH_IS_THUMBNAIL_CACHE (self), NULL);
  return self->dir;
}

GdkPixbuf *
sh_thumbnail_cache_peek (ShThumbnailCache *self, const char *hash)
{
  GdkPixbuf *pixbuf;

  g_return_val_if_fail (SH_IS_THUMBNAIL_CACHE (self), NULL);

  if (hash == NULL)
    return NULL;
  g_mutex_lock (&self->lock);
  pixbuf = memory_get (self, hash);
  if (pixbuf != NULL)
    self->stats.memory_hits++;
  g_mutex_unlock (&self->lock);
  return pixbuf;
}

GdkPixbuf *
sh_thumbnail_cache_lookup (ShThumbnailCache *self, const char *hash)
{
  GdkPixbuf *pixbuf;

  g_return_val_if_fail (SH_IS_THUMBNAIL_CACHE (self), NULL);

  pixbuf = sh_thumbnail_cache_peek (self, hash);
  if (pixbuf != NULL || !hash_is_valid (hash))
    return pixbuf;
  pixbuf = disk_read (self, hash);
  if (pixbuf != NULL)
    {
      g_mutex_lock (&self->lock);
      memory_put (self, hash, pixbuf);
      self->stats.disk_hits++;
      g_mutex_unlock (&self->lock);
    }
  return pixbuf;
}

void
sh_thumbnail_cache_request (ShThumbnailCache *self, const char *hash, const char *path,
                            GCancellable *cancellable, ShThumbnailCallback callback, gpointer user_data)
{
  g_autoptr (GdkPixbuf) pixbuf = NULL;
  g_autoptr (GError) error = NULL;
  Waiter *waiter;
  Pending *pending;
  const char *message;

  g_return_if_fail (SH_IS_THUMBNAIL_CACHE (self));
  g_return_if_fail (callback != NULL);

  waiter = g_new0 (Waiter, 1);
  waiter->context = g_main_context_ref_thread_default ();
  waiter->cancellable = cancellable ? g_object_ref (cancellable) : NULL;
  waiter->callback = callback;
  waiter->user_data = user_data;

  if (!hash_is_valid (hash) || path == NULL)
    {
      g_set_error (&error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "no content hash or path for a thumbnail");
      schedule_delivery (waiter, NULL, error);
      return;
    }

  g_mutex_lock (&self->lock);
  if ((pixbuf = memory_get (self, hash)) != NULL)
    {
      self->stats.memory_hits++;
      schedule_delivery (waiter, pixbuf, NULL);
    }
  else if ((message = g_hash_table_lookup (self->failed, hash)) != NULL)
    {
      g_set_error_literal (&error, SH_LOADER_ERROR, SH_LOADER_ERROR_CORRUPT, message);
      schedule_delivery (waiter, NULL, error);
    }
  else if ((pending = g_hash_table_lookup (self->pending, hash)) != NULL)
    g_ptr_array_add (pending->waiters, waiter);
  else
    {
      pending = g_new0 (Pending, 1);
      pending->hash = g_strdup (hash);
      pending->path = g_strdup (path);
      pending->serial = ++self->next_serial;
      pending->waiters = g_ptr_array_new_with_free_func ((GDestroyNotify) waiter_free);
      g_ptr_array_add (pending->waiters, waiter);
      g_hash_table_insert (self->pending, pending->hash, pending);
      g_thread_pool_push (self->pool, pending, NULL);
    }
  g_mutex_unlock (&self->lock);
}

void
sh_thumbnail_cache_get_stats (ShThumbnailCache *self, ShThumbnailStats *stats)
{
  g_return_if_fail (SH_IS_THUMBNAIL_CACHE (self));

  g_mutex_lock (&self->lock);
  *stats = self->stats;
  g_mutex_unlock (&self->lock);
}
