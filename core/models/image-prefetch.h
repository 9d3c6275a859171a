/* SPDX-License-Identifier: GPL-3.0-or-later */
/* image-prefetch.h: decodes a project's photos ahead of need, off the main thread.
 *
 * Photos are decoded with sh_load_image on a pool of worker threads into ShSharedImage and kept in small
 * least-recently-used caches, bounded both in count and in bytes. Each photo has two forms: its preview,
 * decoded at the scale of the view (sh_image_prefetch_set_view_size; a 24-megapixel JPEG at a quarter of its
 * size, in a fraction of the time) for the screen, and its full decode, for every measurement. A request for
 * a photo that is already being decoded waits for that decode instead of starting another.
 * sh_image_prefetch_hint names the images likely to come next, in order: their previews are decoded first,
 * then the full decode of the first ones. Hinted decodes that fall out of a later hint and that nobody asked
 * for are dropped before they start, stopped while running, or not kept if already done, so a burst of
 * "next" never leaves stale work in the queue.
 *
 * Call every function from the thread that uses the project (image paths are read from it there);
 * completion callbacks run in the thread-default main context of the caller of sh_image_prefetch_get.
 * Failures are not cached: asking again reads the file again.
 */
#pragma once

#include <gio/gio.h>

#include "core/formats/image-loader.h"
#include "core/store/project.h"
#include "core/formats/shared-image.h"

G_BEGIN_DECLS

#define SH_IMAGE_PREFETCH_DEFAULT_CAPACITY 4
/* Threads for full decodes, and apart from them for previews, so that the next photo's preview never waits
 * behind a 24-megapixel decode. */
#define SH_IMAGE_PREFETCH_THREADS 2
#define SH_IMAGE_PREFETCH_PREVIEW_THREADS 1
/* Hinted photos decoded in full, not just previewed. */
#define SH_IMAGE_PREFETCH_FULL_AHEAD 1
/* Pixels kept, in bytes: four 24-megapixel photos and their previews. */
#define SH_IMAGE_PREFETCH_DEFAULT_MEMORY ((gsize) 480 * 1024 * 1024)

#define SH_TYPE_IMAGE_PREFETCH (sh_image_prefetch_get_type ())
G_DECLARE_FINAL_TYPE (ShImagePrefetch, sh_image_prefetch, SH, IMAGE_PREFETCH, GObject)

/* capacity: decoded photos kept; 0 means SH_IMAGE_PREFETCH_DEFAULT_CAPACITY. The project must outlive the
 * prefetcher. */
ShImagePrefetch *sh_image_prefetch_new (ShProject *project, guint capacity);

/* Decodes the photo of image_id (or takes it from the cache, or joins its decode in progress). The callback
 * gets the result from sh_image_prefetch_get_finish. A cancelled request reports G_IO_ERROR_CANCELLED; its
 * decode is skipped when nothing else wants it. */
void sh_image_prefetch_get (ShImagePrefetch *prefetch, gint64 image_id, GCancellable *cancellable,
                            GAsyncReadyCallback callback, gpointer user_data);
/* A new reference, or NULL with the loader's error (SH_LOADER_ERROR), a store error (unknown image) or
 * G_IO_ERROR_CANCELLED. */
ShSharedImage *sh_image_prefetch_get_finish (ShImagePrefetch *prefetch, GAsyncResult *result, GError **error);
/* The same, blocking the calling thread until the photo is ready. */
ShSharedImage *sh_image_prefetch_get_sync (ShImagePrefetch *prefetch, gint64 image_id, GCancellable *cancellable,
                                           GError **error);
/* The photo for the screen: its preview, or its full decode when that is already there (check
 * ShLoadedImage.scale; a preview is never measured). Without a view size this is the full decode. */
void sh_image_prefetch_get_preview (ShImagePrefetch *prefetch, gint64 image_id, GCancellable *cancellable,
                                    GAsyncReadyCallback callback, gpointer user_data);
ShSharedImage *sh_image_prefetch_get_preview_finish (ShImagePrefetch *prefetch, GAsyncResult *result,
                                                     GError **error);
ShSharedImage *sh_image_prefetch_get_preview_sync (ShImagePrefetch *prefetch, gint64 image_id,
                                                   GCancellable *cancellable, GError **error);
/* The size of the view previews are made for, in device pixels (0 x 0, the default: no previews). Previews
 * already made stay. */
void sh_image_prefetch_set_view_size (ShImagePrefetch *prefetch, int width, int height);
/* The monitor photos are converted for (at fit zoom in the view) as soon as they are decoded, so that they
 * are display-ready (sh_shared_image_get_display) before anyone asks; NULL: not converted. */
void sh_image_prefetch_set_display_profile (ShImagePrefetch *prefetch, ShDisplayProfile *monitor);

/* The cached full photo (a new reference) without waiting, or NULL when it is not decoded yet. */
ShSharedImage *sh_image_prefetch_peek (ShImagePrefetch *prefetch, gint64 image_id);

/* The images likely to be wanted next, most likely first; replaces the previous hint. */
void sh_image_prefetch_hint (ShImagePrefetch *prefetch, const gint64 *image_ids, gsize n_ids);

/* The loader options (pixel limit) for decodes that start from now on; NULL means the defaults. Photos
 * already decoded stay cached. */
void sh_image_prefetch_set_load_options (ShImagePrefetch *prefetch, const ShLoadOptions *options);

/* Drops a photo from the cache (its file changed). A decode in progress is not kept. */
void sh_image_prefetch_forget (ShImagePrefetch *prefetch, gint64 image_id);

guint sh_image_prefetch_get_capacity (ShImagePrefetch *prefetch);
/* The most pixel bytes kept in the caches (0: SH_IMAGE_PREFETCH_DEFAULT_MEMORY). The most recent full decode
 * is kept whatever its size. */
void sh_image_prefetch_set_memory_limit (ShImagePrefetch *prefetch, gsize bytes);
/* Bytes of pixels held in the caches now, and the most ever held. */
void sh_image_prefetch_get_memory (ShImagePrefetch *prefetch, gsize *held, gsize *peak);
/* Decodes started since creation (for benchmarks and tests). */
guint sh_image_prefetch_get_n_decodes (ShImagePrefetch *prefetch);

G_END_DECLS
