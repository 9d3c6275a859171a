/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli-extract-batch.c: `shadelab-cli extract-batch MANIFEST --out RESULTS.jsonl [--shard K/N] [--threads T]
 * [--resume]`: the extraction of a manifest's photos, one JSON line each, restartable and split into shards. */
#define G_LOG_DOMAIN "shadelab-cli"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <glib.h>
#include <glib/gstdio.h>

#include "core/cli/cli.h"
#include "core/formats/batch-manifest.h"
#include "core/formats/image-loader.h"
#include "core/formats/photo-extract.h"

/* Photos waiting for a worker, per worker: enough to keep them busy, few enough to bound memory (a waiting
 * photo is only its manifest row; a worker decodes one photo at a time). */
#define JOBS_PER_THREAD 4

typedef struct {
  GMutex lock;
  GCond changed;
  GQueue jobs;                 /* ShManifestEntry *, owned */
  guint capacity;
  gboolean no_more_jobs;
  int fd;                      /* RESULTS, opened for appending */
  const char *out_path;        /* borrowed: for messages */
  GError *write_error;         /* owned: the first failure to write RESULTS, which stops the batch */
  guint64 measured, failed;
} Batch;

static void
entry_free (ShManifestEntry *entry)
{
  sh_manifest_entry_clear (entry);
  g_free (entry);
}

static const char *
error_reason (const GError *error)
{
  if (error->domain == SH_LOADER_ERROR)
    switch ((ShLoaderError) error->code)
      {
      case SH_LOADER_ERROR_IO: return "unreadable";
      case SH_LOADER_ERROR_EMPTY: return "empty";
      case SH_LOADER_ERROR_UNKNOWN: return "not-an-image";
      case SH_LOADER_ERROR_CORRUPT: return "corrupt";
      case SH_LOADER_ERROR_TOO_LARGE: return "too-large";
      case SH_LOADER_ERROR_PROFILE: return "profile";
      }
  if (error->domain == SH_PHOTO_EXTRACT_ERROR && error->code == SH_PHOTO_EXTRACT_ERROR_OUTSIDE)
    return "box-outside";
  return "failed";
}

/* The result line of one photo: the object `shadelab-cli extract` prints, or an error object, after its id. */
static char *
measure (const ShManifestEntry *entry, gboolean *ok)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ShLoadedImage) loaded = NULL;
  ShLoadOptions load_options = { 0 };
  cJSON *line = cJSON_CreateObject ();
  cJSON *json = NULL;
  char *text;

  cJSON_AddStringToObject (line, "id", entry->id);
  loaded = sh_load_image (entry->image, &load_options, &error);
  if (loaded != NULL)
    json = sh_photo_extract_json (loaded, entry->image, entry->box, SH_METHOD_ROBUST, 0, &error);
  if (json != NULL)
    {
      /* Its members after the id, names and order kept. */
      while (json->child != NULL)
        cJSON_AddItemToArray (line, cJSON_DetachItemViaPointer (json, json->child));
      cJSON_Delete (json);
    }
  else
    {
      const int box[4] = { entry->box.x, entry->box.y, entry->box.w, entry->box.h };
      cJSON *object;

      cJSON_AddStringToObject (line, "image", entry->image);
      cJSON_AddItemToObject (line, "box", cJSON_CreateIntArray (box, 4));
      object = cJSON_AddObjectToObject (line, "error");
      cJSON_AddStringToObject (object, "reason", error_reason (error));
      cJSON_AddStringToObject (object, "message", error->message);
    }
  *ok = json != NULL;
  text = cJSON_PrintUnformatted (line);
  cJSON_Delete (line);
  return text;
}

/* Appends one whole line in one write, so that a killed process leaves at most one torn last line. */
static gboolean
write_line (int fd, const char *text, GError **error)
{
  gsize len = strlen (text);
  g_autofree char *line = g_malloc (len + 1);
  gsize done = 0;

  memcpy (line, text, len);
  line[len] = '\n';
  while (done < len + 1)
    {
      ssize_t n = write (fd, line + done, len + 1 - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;

          g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), "%s", g_strerror (saved));
          return FALSE;
        }
      done += (gsize) n;
    }
  return TRUE;
}

static gpointer
worker_cb (gpointer data)
{
  Batch *batch = data;

  for (;;)
    {
      ShManifestEntry *entry;
      gboolean ok;
      char *text;

      g_mutex_lock (&batch->lock);
      while (g_queue_is_empty (&batch->jobs) && !batch->no_more_jobs && batch->write_error == NULL)
        g_cond_wait (&batch->changed, &batch->lock);
      entry = batch->write_error == NULL ? g_queue_pop_head (&batch->jobs) : NULL;
      g_cond_broadcast (&batch->changed);
      g_mutex_unlock (&batch->lock);
      if (entry == NULL)
        return NULL;

      text = measure (entry, &ok);
      g_mutex_lock (&batch->lock);
      if (batch->write_error == NULL)
        {
          if (write_line (batch->fd, text, &batch->write_error))
            {
              if (ok)
                batch->measured++;
              else
                batch->failed++;
            }
          else
            g_prefix_error (&batch->write_error, "%s: ", batch->out_path);
        }
      g_cond_broadcast (&batch->changed);
      g_mutex_unlock (&batch->lock);
      cJSON_free (text);
      entry_free (entry);
    }
}

static gboolean
parse_shard (const char *text, guint *k, guint *n)
{
  char *end = NULL;
  guint64 a, b;

  if (!g_ascii_isdigit (text[0]))
    return FALSE;
  a = g_ascii_strtoull (text, &end, 10);
  if (*end != '/' || !g_ascii_isdigit (end[1]))
    return FALSE;
  b = g_ascii_strtoull (end + 1, &end, 10);
  if (*end != '\0' || b < 1 || b > 1000000 || a >= b)
    return FALSE;
  *k = (guint) a;
  *n = (guint) b;
  return TRUE;
}

/* The ids RESULTS already holds, into done; a torn last line (no line end, as a killed writer leaves it) is cut
 * off so that appending goes on from a whole line. */
static gboolean
read_done (const char *path, GHashTable *done, GError **error)
{
  FILE *file = fopen (path, "r+b");
  char *line = NULL;
  size_t size = 0;
  ssize_t len;
  off_t whole = 0;
  guint number = 0;
  gboolean ok = TRUE;

  if (file == NULL)
    {
      int saved = errno;

      if (saved == ENOENT)
        return TRUE;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), "%s: %s", path, g_strerror (saved));
      return FALSE;
    }
  while ((len = getline (&line, &size, file)) > 0)
    {
      cJSON *json, *id;

      number++;
      if (line[len - 1] != '\n')
        break;
      json = cJSON_ParseWithLength (line, (size_t) len);
      id = cJSON_GetObjectItemCaseSensitive (json, "id");
      if (!cJSON_IsString (id))
        {
          g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                       "%s: line %u is not a result line; it cannot be resumed (remove the line or the file)",
                       path, number);
          cJSON_Delete (json);
          ok = FALSE;
          break;
        }
      g_hash_table_add (done, g_strdup (id->valuestring));
      cJSON_Delete (json);
      whole += len;
    }
  free (line);
  if (ok && ftruncate (fileno (file), whole) != 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), "%s: %s", path, g_strerror (saved));
      ok = FALSE;
    }
  fclose (file);
  return ok;
}

int
sh_cli_extract_batch (int argc, char **argv)
{
  g_autofree char *shard_text = NULL;
  g_autofree char *out_path = NULL;
  int threads = -1;
  gboolean resume = FALSE;
  g_auto (GStrv) rest = NULL;
  GOptionEntry entries[] = {
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out_path, "Append the results to this JSONL file (required)",
      "RESULTS.jsonl" },
    { "shard", 's', 0, G_OPTION_ARG_STRING, &shard_text,
      "Measure only shard K of N (K from 0 to N-1), chosen by a hash of the id", "K/N" },
    { "threads", 't', 0, G_OPTION_ARG_INT, &threads, "Photos measured at once (default: the processors available)",
      "T" },
    { "resume", 'r', 0, G_OPTION_ARG_NONE, &resume, "Skip the ids RESULTS already holds", NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &rest, NULL, "MANIFEST" },
    { NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("MANIFEST --out RESULTS.jsonl");
  g_autoptr (GError) error = NULL;
  g_autoptr (ShManifest) manifest = NULL;
  g_autoptr (GHashTable) done = NULL;
  g_autoptr (GHashTable) ids = NULL;
  g_autoptr (GPtrArray) workers = NULL;
  g_auto (ShManifestEntry) entry = { 0 };
  guint shard = 0, n_shards = 1;
  guint64 in_shard = 0, skipped = 0;
  Batch batch = { 0 };
  struct stat st;
  gint64 start;
  int status = 0;

  g_set_prgname ("shadelab-cli extract-batch");
  g_option_context_set_summary (context,
                                "Measures every photo of a manifest (CSV or JSONL: id, image, x, y, w, h) and appends "
                                "one JSON line per photo to RESULTS:\nthe object `shadelab-cli extract` prints, or an "
                                "error object; a bad photo never stops the batch.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return sh_cli_usage_error (context, "extract-batch", error->message);
  if (rest == NULL || rest[0] == NULL)
    return sh_cli_usage_error (context, "extract-batch", "no MANIFEST given");
  if (rest[1] != NULL)
    return sh_cli_usage_error (context, "extract-batch", "give exactly one MANIFEST");
  if (out_path == NULL)
    return sh_cli_usage_error (context, "extract-batch", "--out RESULTS.jsonl is required");
  if (shard_text != NULL && !parse_shard (shard_text, &shard, &n_shards))
    return sh_cli_usage_error (context, "extract-batch", "--shard wants K/N with 0 <= K < N, e.g. 0/4");
  if (threads == -1)
    threads = (int) g_get_num_processors ();
  if (threads < 1 || threads > 256)
    return sh_cli_usage_error (context, "extract-batch", "--threads must be between 1 and 256");

  /* A decoded photo is a few buffers of megabytes, which glibc maps and unmaps afresh for every photo: the
   * kernel then zeroes and faults in every page again, a quarter of the time a 2-megapixel photo takes. Kept
   * in the heap they are reused; memory stays a few photos per thread. */
  mallopt (M_MMAP_THRESHOLD, 32 * 1024 * 1024);
  mallopt (M_TRIM_THRESHOLD, 128 * 1024 * 1024);

  manifest = sh_manifest_open (rest[0], &error);
  if (manifest == NULL)
    return sh_cli_failed ("extract-batch", error);

  /* The whole manifest is checked before any photo is measured, so a malformed line stops nothing half-way.
   * Only this shard's ids are kept: memory follows the shard, not the manifest. */
  ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  while (sh_manifest_next (manifest, &entry, &error))
    {
      if (sh_manifest_shard_of (entry.id, n_shards) != shard)
        continue;
      gpointer first_line;
      if (g_hash_table_lookup_extended (ids, entry.id, NULL, &first_line))
        {
          fprintf (stderr, "shadelab-cli extract-batch: %s: line %u: id \"%s\" is already on line %u\n", rest[0],
                   entry.line, entry.id, GPOINTER_TO_UINT (first_line));
          return 1;
        }
      g_hash_table_insert (ids, g_steal_pointer (&entry.id), GUINT_TO_POINTER (entry.line));
      in_shard++;
    }
  if (error != NULL)
    return sh_cli_failed ("extract-batch", error);
  g_clear_pointer (&ids, g_hash_table_unref);

  done = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (resume)
    {
      if (!read_done (out_path, done, &error))
        return sh_cli_failed ("extract-batch", error);
    }
  else if (g_stat (out_path, &st) == 0 && st.st_size > 0)
    {
      fprintf (stderr, "shadelab-cli extract-batch: %s already holds results: give --resume to go on with it, or "
               "remove it\n", out_path);
      return 1;
    }
  batch.fd = g_open (out_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (batch.fd < 0)
    {
      int saved = errno;

      fprintf (stderr, "shadelab-cli extract-batch: %s: %s\n", out_path, g_strerror (saved));
      return 1;
    }
  batch.out_path = out_path;
  batch.capacity = (guint) threads * JOBS_PER_THREAD;
  g_mutex_init (&batch.lock);
  g_cond_init (&batch.changed);
  start = g_get_monotonic_time ();
  workers = g_ptr_array_new ();
  for (int i = 0; i < threads; i++)
    g_ptr_array_add (workers, g_thread_new ("extract-batch", worker_cb, &batch));

  sh_manifest_rewind (manifest);
  while (sh_manifest_next (manifest, &entry, NULL))
    {
      if (sh_manifest_shard_of (entry.id, n_shards) != shard)
        continue;
      if (g_hash_table_contains (done, entry.id))
        {
          skipped++;
          continue;
        }
      ShManifestEntry *job = g_new0 (ShManifestEntry, 1);
      *job = entry;
      memset (&entry, 0, sizeof entry);
      g_mutex_lock (&batch.lock);
      while (g_queue_get_length (&batch.jobs) >= batch.capacity && batch.write_error == NULL)
        g_cond_wait (&batch.changed, &batch.lock);
      if (batch.write_error != NULL)
        {
          g_mutex_unlock (&batch.lock);
          entry_free (job);
          break;
        }
      g_queue_push_tail (&batch.jobs, job);
      g_cond_broadcast (&batch.changed);
      g_mutex_unlock (&batch.lock);
    }
  g_mutex_lock (&batch.lock);
  batch.no_more_jobs = TRUE;
  g_cond_broadcast (&batch.changed);
  g_mutex_unlock (&batch.lock);
  for (guint i = 0; i < workers->len; i++)
    g_thread_join (g_ptr_array_index (workers, i));
  g_queue_clear_full (&batch.jobs, (GDestroyNotify) entry_free);

  if (batch.write_error == NULL && fdatasync (batch.fd) != 0)
    {
      int saved = errno;

      g_set_error (&batch.write_error, G_FILE_ERROR, g_file_error_from_errno (saved), "%s: %s", out_path,
                   g_strerror (saved));
    }
  close (batch.fd);
  double seconds = (g_get_monotonic_time () - start) / 1e6;
  fprintf (stderr,
           "shadelab-cli extract-batch: shard %u/%u: %" G_GUINT64_FORMAT " photos measured, %" G_GUINT64_FORMAT
           " errors, %" G_GUINT64_FORMAT " already in %s (of %" G_GUINT64_FORMAT " in the shard); %.2f s, %.1f "
           "photos/s on %d threads\n",
           shard, n_shards, batch.measured, batch.failed, skipped, out_path, in_shard, seconds,
           seconds > 0 ? (batch.measured + batch.failed) / seconds : 0.0, threads);
  if (batch.write_error != NULL)
    {
      status = sh_cli_failed ("extract-batch", batch.write_error);
      g_error_free (batch.write_error);
    }
  g_mutex_clear (&batch.lock);
  g_cond_clear (&batch.changed);
  return status;
}
