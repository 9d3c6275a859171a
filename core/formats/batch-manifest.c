/* SPDX-License-Identifier: GPL-3.0-or-later */
/* batch-manifest.c: read a batch extraction's manifest (CSV or JSONL) one row at a time from a mapped file. */
#define G_LOG_DOMAIN "shadelab-core"

#include "config.h"

#include "core/formats/batch-manifest.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "core/formats/csv-reader.h"

G_DEFINE_QUARK (sh-manifest-error-quark, sh_manifest_error)

typedef enum {
  KEY_ID,
  KEY_IMAGE,
  KEY_X,
  KEY_Y,
  KEY_W,
  KEY_H,
  N_KEYS
} Key;

static const char *const key_names[N_KEYS] = { "id", "image", "x", "y", "w", "h" };

struct _ShManifest {
  char *path;                  /* as given, for messages */
  char *folder;                /* relative images are below it */
  GMappedFile *file;           /* owned */
  const char *data;            /* borrowed: the mapping, after a BOM */
  gsize len;
  gboolean is_json;
  /* CSV */
  ShCsvReader csv;
  ShCsvRecord record;          /* fields owned */
  int columns[64];             /* Key of each header column, -1 to ignore */
  guint n_columns;
  gsize first_row;             /* offset and line after the header */
  guint first_row_line;
  /* JSONL */
  gsize pos;
  guint line;
};

static gboolean
fail (ShManifest *manifest, GError **error, guint line, const char *format, ...) G_GNUC_PRINTF (4, 5);

static gboolean
fail (ShManifest *manifest, GError **error, guint line, const char *format, ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, SH_MANIFEST_ERROR, SH_MANIFEST_ERROR_PARSE, "%s: line %u: %s", manifest->path, line, message);
  return FALSE;
}

static int
key_from_name (const char *name)
{
  for (int k = 0; k < N_KEYS; k++)
    if (g_ascii_strcasecmp (name, key_names[k]) == 0)
      return k;
  return -1;
}

void
sh_manifest_entry_clear (ShManifestEntry *entry)
{
  g_clear_pointer (&entry->id, g_free);
  g_clear_pointer (&entry->image, g_free);
}

void
sh_manifest_free (ShManifest *manifest)
{
  if (manifest == NULL)
    return;
  g_free (manifest->path);
  g_free (manifest->folder);
  if (manifest->record.fields != NULL)
    g_ptr_array_unref (manifest->record.fields);
  if (manifest->file != NULL)
    g_mapped_file_unref (manifest->file);
  g_free (manifest);
}

static gboolean
read_header (ShManifest *manifest, GError **error)
{
  gboolean seen[N_KEYS] = { FALSE };
  g_autoptr (GString) missing = g_string_new (NULL);

  do
    {
      g_autoptr (GError) local = NULL;

      if (!sh_csv_reader_next (&manifest->csv, &manifest->record, &local))
        {
          if (local != NULL)
            {
              g_set_error (error, SH_MANIFEST_ERROR, SH_MANIFEST_ERROR_PARSE, "%s: %s", manifest->path,
                           local->message);
              return FALSE;
            }
          return fail (manifest, error, manifest->csv.line,
                       "empty file: a header row naming the columns image, x, y, w, h (and id) is needed");
        }
    }
  while (manifest->record.blank);

  manifest->n_columns = manifest->record.fields->len;
  if (manifest->n_columns > G_N_ELEMENTS (manifest->columns))
    return fail (manifest, error, manifest->record.line, "%u columns in the header, more than %u",
                 manifest->n_columns, (guint) G_N_ELEMENTS (manifest->columns));
  for (guint i = 0; i < manifest->n_columns; i++)
    {
      g_autofree char *name = g_strstrip (g_strdup (g_ptr_array_index (manifest->record.fields, i)));
      int key = key_from_name (name);

      manifest->columns[i] = key;
      if (key < 0)
        continue;
      if (seen[key])
        return fail (manifest, error, manifest->record.line, "column %s appears twice", key_names[key]);
      seen[key] = TRUE;
    }
  for (int k = KEY_IMAGE; k < N_KEYS; k++)
    if (!seen[k])
      g_string_append_printf (missing, "%s%s", missing->len > 0 ? ", " : "", key_names[k]);
  if (missing->len > 0)
    return fail (manifest, error, manifest->record.line,
                 "the header needs the columns image, x, y, w, h (and may have id); missing: %s", missing->str);
  manifest->first_row = manifest->csv.pos;
  manifest->first_row_line = manifest->csv.line;
  return TRUE;
}

ShManifest *
sh_manifest_open (const char *path, GError **error)
{
  g_autoptr (ShManifest) manifest = g_new0 (ShManifest, 1);
  g_autoptr (GError) local = NULL;
  g_autofree char *absolute = NULL;
  gsize start = 0;

  manifest->path = g_strdup (path);
  manifest->file = g_mapped_file_new (path, FALSE, &local);
  if (manifest->file == NULL)
    {
      g_set_error (error, SH_MANIFEST_ERROR, SH_MANIFEST_ERROR_IO, "%s", local->message);
      return NULL;
    }
  absolute = g_canonicalize_filename (path, NULL);
  manifest->folder = g_path_get_dirname (absolute);
  manifest->data = g_mapped_file_get_contents (manifest->file);
  manifest->len = g_mapped_file_get_length (manifest->file);
  if (manifest->data == NULL)
    manifest->data = "";
  if (manifest->len >= 3 && memcmp (manifest->data, "\xef\xbb\xbf", 3) == 0)
    {
      manifest->data += 3;
      manifest->len -= 3;
    }
  while (start < manifest->len && g_ascii_isspace (manifest->data[start]))
    start++;
  manifest->is_json = start < manifest->len && manifest->data[start] == '{';
  manifest->record.fields = g_ptr_array_new_with_free_func (g_free);
  sh_csv_reader_init (&manifest->csv, manifest->data, manifest->len, SH_MANIFEST_ERROR, SH_MANIFEST_ERROR_PARSE);
  manifest->line = 1;
  if (!manifest->is_json && !read_header (manifest, error))
    return NULL;
  return g_steal_pointer (&manifest);
}

void
sh_manifest_rewind (ShManifest *manifest)
{
  manifest->csv.pos = manifest->first_row;
  manifest->csv.line = manifest->first_row_line;
  manifest->pos = 0;
  manifest->line = 1;
}

/* Resolves an image reference against the manifest's folder; NULL with error. */
static char *
resolve_image (ShManifest *manifest, const char *text, guint line, GError **error)
{
  if (text[0] == '\0')
    {
      fail (manifest, error, line, "image is empty");
      return NULL;
    }
  if (g_str_has_prefix (text, "file:"))
    {
      g_autoptr (GError) local = NULL;
      g_autofree char *path = g_filename_from_uri (text, NULL, &local);

      if (path == NULL)
        {
          fail (manifest, error, line, "image \"%.200s\" is not a local file URI (%s)", text, local->message);
          return NULL;
        }
      return g_canonicalize_filename (path, NULL);
    }
  if (strstr (text, "://") != NULL)
    {
      fail (manifest, error, line, "image \"%.200s\" is a URL: give a path or a file:// URI", text);
      return NULL;
    }
  return g_canonicalize_filename (text, manifest->folder);
}

static gboolean
parse_number (ShManifest *manifest, const char *name, const char *text, guint line, double *value, GError **error)
{
  g_autofree char *copy = g_strstrip (g_strdup (text));
  char *end = NULL;

  errno = 0;
  *value = g_ascii_strtod (copy, &end);
  if (copy[0] == '\0' || end == copy || *end != '\0' || errno != 0 || !isfinite (*value))
    return fail (manifest, error, line, "%s \"%.40s\" is not a number", name, copy);
  return TRUE;
}

/* Checks the four numbers and fills entry's box. */
static gboolean
set_box (ShManifest *manifest, const double v[4], guint line, ShManifestEntry *entry, GError **error)
{
  for (int i = 0; i < 4; i++)
    if (fabs (v[i]) > INT32_MAX / 4)
      return fail (manifest, error, line, "%s %g is out of range", key_names[KEY_X + i], v[i]);
  entry->box.x = (int) lround (v[0]);
  entry->box.y = (int) lround (v[1]);
  entry->box.w = (int) lround (v[2]);
  entry->box.h = (int) lround (v[3]);
  if (entry->box.w <= 0 || entry->box.h <= 0)
    return fail (manifest, error, line, "the box %g,%g,%g,%g has no area (w and h must be at least one pixel)",
                 v[0], v[1], v[2], v[3]);
  return TRUE;
}

static gboolean
next_csv (ShManifest *manifest, ShManifestEntry *entry, GError **error)
{
  ShCsvRecord *record = &manifest->record;
  const char *values[N_KEYS] = { NULL };
  double v[4];

  do
    {
      if (!sh_csv_reader_next (&manifest->csv, record, error))
        {
          if (error != NULL && *error != NULL)
            g_prefix_error (error, "%s: ", manifest->path);
          return FALSE;
        }
    }
  while (record->blank);

  if (record->fields->len != manifest->n_columns)
    return fail (manifest, error, record->line, "%u field%s, but the header has %u columns", record->fields->len,
                 record->fields->len == 1 ? "" : "s", manifest->n_columns);
  for (guint i = 0; i < manifest->n_columns; i++)
    if (manifest->columns[i] >= 0)
      values[manifest->columns[i]] = g_ptr_array_index (record->fields, i);
  entry->line = record->line;
  if (values[KEY_ID] != NULL && *g_strstrip ((char *) values[KEY_ID]) != '\0')
    entry->id = g_strdup (values[KEY_ID]);
  else
    entry->id = g_strdup_printf ("%u", record->line);
  entry->image = resolve_image (manifest, g_strstrip ((char *) values[KEY_IMAGE]), record->line, error);
  if (entry->image == NULL)
    return FALSE;
  for (int i = 0; i < 4; i++)
    if (!parse_number (manifest, key_names[KEY_X + i], values[KEY_X + i], record->line, &v[i], error))
      return FALSE;
  return set_box (manifest, v, record->line, entry, error);
}

static gboolean
next_json (ShManifest *manifest, ShManifestEntry *entry, GError **error)
{
  const char *line_start;
  gsize line_len;
  guint line;
  cJSON *root, *item;
  double v[4];
  gboolean ok = FALSE;

  /* The next line that is not blank. */
  for (;;)
    {
      const char *end;

      if (manifest->pos >= manifest->len)
        return FALSE;
      line_start = manifest->data + manifest->pos;
      end = memchr (line_start, '\n', manifest->len - manifest->pos);
      line_len = end != NULL ? (gsize) (end - line_start) : manifest->len - manifest->pos;
      manifest->pos += line_len + (end != NULL ? 1 : 0);
      line = manifest->line++;
      while (line_len > 0 && g_ascii_isspace (line_start[line_len - 1]))
        line_len--;
      while (line_len > 0 && g_ascii_isspace (line_start[0]))
        {
          line_start++;
          line_len--;
        }
      if (line_len > 0)
        break;
    }

  root = cJSON_ParseWithLength (line_start, line_len);
  if (root == NULL)
    return fail (manifest, error, line, "not valid JSON");
  entry->line = line;
  if (!cJSON_IsObject (root))
    {
      fail (manifest, error, line, "not a JSON object");
      goto out;
    }
  item = cJSON_GetObjectItemCaseSensitive (root, "id");
  if (item == NULL || cJSON_IsNull (item))
    entry->id = g_strdup_printf ("%u", line);
  else if (cJSON_IsString (item) && item->valuestring[0] != '\0')
    entry->id = g_strdup (item->valuestring);
  else if (cJSON_IsNumber (item) && item->valuedouble == floor (item->valuedouble) && fabs (item->valuedouble) < 1e15)
    entry->id = g_strdup_printf ("%.0f", item->valuedouble);
  else
    {
      fail (manifest, error, line, "id must be a string or an integer");
      goto out;
    }
  item = cJSON_GetObjectItemCaseSensitive (root, "image");
  if (!cJSON_IsString (item))
    {
      fail (manifest, error, line, "image is missing or not a string");
      goto out;
    }
  entry->image = resolve_image (manifest, item->valuestring, line, error);
  if (entry->image == NULL)
    goto out;
  for (int i = 0; i < 4; i++)
    {
      const char *name = key_names[KEY_X + i];

      item = cJSON_GetObjectItemCaseSensitive (root, name);
      if (cJSON_IsNumber (item))
        v[i] = item->valuedouble;
      else if (cJSON_IsString (item))
        {
          if (!parse_number (manifest, name, item->valuestring, line, &v[i], error))
            goto out;
        }
      else
        {
          fail (manifest, error, line, "%s is %s", name, item == NULL ? "missing" : "not a number");
          goto out;
        }
    }
  ok = set_box (manifest, v, line, entry, error);

out:
  cJSON_Delete (root);
  return ok;
}

gboolean
sh_manifest_next (ShManifest *manifest, ShManifestEntry *entry, GError **error)
{
  sh_manifest_entry_clear (entry);
  if (manifest->is_json ? next_json (manifest, entry, error) : next_csv (manifest, entry, error))
    return TRUE;
  sh_manifest_entry_clear (entry);
  return FALSE;
}

guint
sh_manifest_shard_of (const char *id, guint n_shards)
{
  guint64 hash = G_GUINT64_CONSTANT (14695981039346656037);

  for (const guchar *p = (const guchar *) id; *p != '\0'; p++)
    {
      hash ^= *p;
      hash *= G_GUINT64_CONSTANT (1099511628211);
    }
  return (guint) (hash % n_shards);
}
