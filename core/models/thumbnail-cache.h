/* SPDX-License-Identifier: GPL-3.0-or-later */
/* thumbnail-cache.h: small sRGB previews of photos, keyed by the content hash of the file.
 *
 * A thumbnail is at most SH_THUMBNAIL_SIZE pixels on its long side, upright (EXIF orientation applied) and
 * in sRGB: the photo's embedded ICC profile is converted to sRGB with lcms2 (relative colorimetric with
 * black-point compensation, as color/display.h does for the screen), so a thumbnail holds no raw file
 * numbers, and showing it on a monitor is one more sRGB -> monitor transform.
 *
 * Thumbnails live in memory (the most recently used SH_THUMBNAIL_MEMORY_ITEMS) and on disk as
 * <dir>/ab/abcdef....png (dir defaults to g_get_user_cache_dir ()/shadelab/thumbnails), written atomically
 * with the version of the code that made them, so a thumbnail made by other code is made again. The same
 * bytes give the same thumbnail, whatever project or path they were found under.
 *
 * Decoding happens on worker threads only, at reduced size (JPEGs decode scaled down in libjpeg), newest
 * request first: the rows a user just scrolled to come before the ones already gone.
 */
#pragma once

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <gio/gio.h>

G_BEGIN_DECLS

#define SH_THUMBNAIL_SIZE 128
#define SH_THUMBNAIL_VERSION 1
#define SH_THUMBNAIL_MEMORY_ITEMS 512

#define SH_TYPE_THUMBNAIL_CACHE (sh_thumbnail_cache_get_type ())
G_DECLARE_FINAL_TYPE (ShThumbnailCache, sh_thumbnail_cache, SH, THUMBNAIL_CACHE, GObject)

/* Called on the thread-default main context of the thread that made the request, exactly once: with the
 * thumbnail, or with an error (G_IO_ERROR_CANCELLED after the cancellable was cancelled, else why the
 * photo gave no thumbnail). */
typedef void (*ShThumbnailCallback) (GdkPixbuf *thumbnail, const GError *error, gpointer user_data);

/* The cache in the user's cache folder. */
ShThumbnailCache *sh_thumbnail_cache_new (void);
/* A cache in dir (created when needed). */
ShThumbnailCache *sh_thumbnail_cache_new_for_dir (const char *dir);

const char *sh_thumbnail_cache_get_dir (ShThumbnailCache *self);
/* Where the thumbnail of hash is (or would be) stored; NULL for a hash that is not hex. */
char *sh_thumbnail_cache_get_file (ShThumbnailCache *self, const char *hash);

/* From memory only: never touches the disk, so safe for a list row being bound. New reference or NULL. */
GdkPixbuf *sh_thumbnail_cache_peek (ShThumbnailCache *self, const char *hash);
/* From memory, else from the disk cache (a small PNG read on the calling thread). New reference or NULL. */
GdkPixbuf *sh_thumbnail_cache_lookup (ShThumbnailCache *self, const char *hash);
/* The thumbnail of the photo at path, whose content hash is hash: from memory or disk, else made from the
 * photo, on a worker thread. Requests for the same hash share the work. A photo that failed is not tried again
 * by this cache object. */
void sh_thumbnail_cache_request (ShThumbnailCache *self, const char *hash, const char *path,
                                 GCancellable *cancellable, ShThumbnailCallback callback, gpointer user_data);

/* Makes the thumbnail of a photo file now, on the calling thread, without any cache. */
GdkPixbuf *sh_thumbnail_make (const char *path, int size, GError **error);

/* What the cache did, for tests and benchmarks. */
typedef struct {
  guint memory_hits;
  guint disk_hits;
  guint made;
  guint failed;
} ShThumbnailStats;

void sh_thumbnail_cache_get_stats (ShThumbnailCache *self, ShThumbnailStats *stats);

G_END_DECLS
