/* SPDX-License-Identifier: GPL-3.0-or-later */
/* export.c: options, grouped splits, the exported rows and the atomic file writer shared by the formats. */
#define G_LOG_DOMAIN "shadelab-export"
#define _GNU_SOURCE   /* mkostemps, syncfs, uselocale */

#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "core/formats/export-private.h"
#include "core/store/project-export.h"

G_DEFINE_QUARK (sh-export-error-quark, sh_export_error)

static const char *const format_names[] = { "coco", "voc", "yolo", "csv", "gltf" };
static const char *const split_names[SH_EXPORT_N_SPLITS] = { "train", "val", "test" };

const char *
sh_export_format_name (ShExportFormat format)
{
  return (guint) format < G_N_ELEMENTS (format_names) ? format_names[format] : "unknown";
}

gboolean
sh_export_format_from_name (const char *name, ShExportFormat *format)
{
  for (guint i = 0; name && i < G_N_ELEMENTS (format_names); i++)
    if (g_ascii_strcasecmp (name, format_names[i]) == 0)
      {
        *format = (ShExportFormat) i;
        return TRUE;
      }
  return FALSE;
}

const char *
sh_export_split_name (int split)
{
  return split >= 0 && split < SH_EXPORT_N_SPLITS ? split_names[split] : "unknown";
}

void
sh_export_options_init (ShExportOptions *options)
{
  memset (options, 0, sizeof *options);
  options->format = SH_EXPORT_COCO;
  options->fractions[0] = 0.8;
  options->fractions[1] = 0.1;
  options->fractions[2] = 0.1;
}

gboolean
sh_export_parse_split (const char *text, double fractions[SH_EXPORT_N_SPLITS], GError **error)
{
  g_auto (GStrv) parts = g_strsplit (text ? text : "", ",", -1);
  guint n = g_strv_length (parts);
  double sum = 0;

  if (n < 1 || n > SH_EXPORT_N_SPLITS)
    {
      g_set_error (error, SH_EXPORT_ERROR, SH_EXPORT_ERROR_INVALID,
                   "--split '%s': give one to three fractions (train,val,test), e.g. 0.8,0.1,0.1", text);
      return FALSE;
    }
  for (int i = 0; i < SH_EXPORT_N_SPLITS; i++)
    {
      char *end = NULL;
      double value;

      if ((guint) i >= n)
        {
          fractions[i] = 0;
          continue;
        }
      value = g_ascii_strtod (g_strstrip (parts[i]), &end);
      if (end == parts[i] || *end != '\0' || !isfinite (value) || value < 0)
        {
          g_set_error (error, SH_EXPORT_ERROR, SH_EXPORT_ERROR_INVALID,
                       "--split '%s': '%s' is not a non-negative number", text, parts[i]);
          return FALSE;
        }
      fractions[i] = value;
      sum += value;
    }
  if (!(sum > 0))
    {
      g_set_error (error, SH_EXPORT_ERROR, SH_EXPORT_ERROR_INVALID,
                   "--split '%s': the fractions add up to zero", text);
      return FALSE;
    }
  return TRUE;
}

/* ---- grouped splits ---- */

static guint64
splitmix64 (guint64 x)
{
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

static guint64
group_hash (guint64 seed, const char *key)
{
  guint64 h = 0xcbf29ce484222325ULL;   /* FNV-1a, then mixed with the seed */

  for (const unsigned char *p = (const unsigned char *) key; *p; p++)
    h = (h ^ *p) * 0x100000001b3ULL;
  return splitmix64 (h ^ splitmix64 (seed));
}

typedef struct {
  guint64 hash;
  const char *key;
  guint index;
} HashedGroup;

static int
compare_hashed_groups (const void *a, const void *b)
{
  const HashedGroup *x = a, *y = b;

  if (x->hash != y->hash)
    return x->hash < y->hash ? -1 : 1;
  return strcmp (x->key, y->key);
}

void
sh_export_assign_splits (guint n, const char *const *keys, const guint *weights,
                         const double fractions[SH_EXPORT_N_SPLITS], guint64 seed, guint8 *splits)
{
  g_autofree HashedGroup *order = g_new (HashedGroup, MAX (n, 1));
  double sum = 0, total = 0, cut[SH_EXPORT_N_SPLITS], cumulative = 0, acc = 0;

  for (int s = 0; s < SH_EXPORT_N_SPLITS; s++)
    sum += MAX (fractions[s], 0);
  for (guint i = 0; i < n; i++)
    {
      order[i].hash = group_hash (seed, keys[i]);
      order[i].key = keys[i];
      order[i].index = i;
      total += MAX (weights[i], 1);
    }
  qsort (order, n, sizeof *order, compare_hashed_groups);

  /* Cut the hashed order at the requested share of images: a group goes where its middle falls. */
  for (int s = 0; s < SH_EXPORT_N_SPLITS; s++)
    {
      acc += sum > 0 ? MAX (fractions[s], 0) / sum : (s == 0);
      cut[s] = acc * total;
    }
  cut[SH_EXPORT_N_SPLITS - 1] = G_MAXDOUBLE;
  for (guint i = 0; i < n; i++)
    {
      double weight = MAX (weights[order[i].index], 1);
      double middle = cumulative + weight / 2;
      int s = 0;

      while (s < SH_EXPORT_N_SPLITS - 1 && middle >= cut[s])
        s++;
      /* A split asked for zero gets nothing, even at the end of the order. */
      while (s > 0 && fractions[s] <= 0)
        s--;
      while (s < SH_EXPORT_N_SPLITS - 1 && fractions[s] <= 0)
        s++;
      splits[order[i].index] = (guint8) s;
      cumulative += weight;
    }
}

/* ---- errors ---- */

gboolean
sh_export_set_io_error (GError **error, int err, const char *doing, const char *path)
{
  int code = (err == ENOSPC || err == EDQUOT) ? SH_EXPORT_ERROR_FULL : SH_EXPORT_ERROR_WRITE;

  g_set_error (error, SH_EXPORT_ERROR, code, "cannot %s %s: %s", doing, path, g_strerror (err));
  return FALSE;
}

/* ---- atomic files ---- */

#define TEMP_SUFFIX ".shadelab-part"

typedef struct {
  char *temp;
  char *final;
  gboolean renamed;
} Pending;

typedef struct {
  char *folder;
  char *suffix;
} OwnedFolder;

struct _ShExportFiles {
  char *root;
  GArray *pending;            /* Pending */
  GHashTable *folders;        /* absolute folders already prepared */
  GPtrArray *created;         /* absolute folders this export created, outermost first */
  GHashTable *written;        /* final paths */
  GArray *owned;              /* OwnedFolder */
  gboolean committed;
  ShExportProgressFunc progress;
  gpointer progress_data;
  guint expected;             /* files the export is expected to write, 0 when unknown */
};

/* Writing takes the progress from 0.1 to 0.9 (reading the rows before, the flush to disk after). */
static void
files_progress (ShExportFiles *files)
{
  if (files->progress == NULL)
    return;
  if (files->expected == 0)
    files->progress (-1, files->progress_data);
  else if (files->pending->len % 64 == 0 || files->pending->len >= files->expected)
    files->progress (0.1 + 0.8 * MIN (1.0, (double) files->pending->len / files->expected), files->progress_data);
}

static void
remove_stale_temps (const char *folder)
{
  DIR *dir = opendir (folder);
  struct dirent *entry;

  if (!dir)
    return;
  /* Left by an export that was killed: ours by their name, never renamed into place. */
  while ((entry = readdir (dir)))
    if (entry->d_name[0] == '.' && g_str_has_suffix (entry->d_name, TEMP_SUFFIX))
      {
        g_autofree char *path = g_build_filename (folder, entry->d_name, NULL);
        g_unlink (path);
      }
  closedir (dir);
}

/* Creates folder (absolute, canonical) and its missing parents, remembering the ones it made. */
static gboolean
prepare_folder (ShExportFiles *files, const char *folder, GError **error)
{
  g_autofree char *walk = NULL;
  g_auto (GStrv) parts = NULL;

  if (g_hash_table_contains (files->folders, folder))
    return TRUE;
  parts = g_strsplit (folder, "/", -1);
  walk = g_strdup ("");
  for (guint i = 0; parts[i]; i++)
    {
      char *next;

      if (parts[i][0] == '\0')
        continue;
      next = g_strconcat (walk, "/", parts[i], NULL);
      g_free (walk);
      walk = next;
      if (g_mkdir (walk, 0777) == 0)
        g_ptr_array_add (files->created, g_strdup (walk));
      else if (errno != EEXIST)
        return sh_export_set_io_error (error, errno, "create the folder", walk);
      else if (!g_file_test (walk, G_FILE_TEST_IS_DIR))
        return sh_export_set_io_error (error, ENOTDIR, "create the folder", walk);
    }
  if (access (folder, W_OK | X_OK) != 0)
    return sh_export_set_io_error (error, errno, "write into the folder", folder);
  remove_stale_temps (folder);
  g_hash_table_add (files->folders, g_strdup (folder));
  return TRUE;
}

ShExportFiles *
sh_export_files_new (const char *root, GError **error)
{
  g_autofree char *cwd = g_get_current_dir ();
  g_autofree char *canonical = g_canonicalize_filename (root, cwd);
  ShExportFiles *files = g_new0 (ShExportFiles, 1);
  char *real;

  files->pending = g_array_new (FALSE, TRUE, sizeof (Pending));
  files->folders = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  files->created = g_ptr_array_new_with_free_func (g_free);
  files->written = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  files->owned = g_array_new (FALSE, TRUE, sizeof (OwnedFolder));
  files->root = g_strdup (canonical);
  if (!prepare_folder (files, canonical, error))
    {
      sh_export_files_free (files);
      return NULL;
    }
  /* Relative paths are computed against the real folder, symbolic links resolved. */
  real = realpath (canonical, NULL);
  if (real)
    {
      g_free (files->root);
      files->root = g_strdup (real);
      g_hash_table_add (files->folders, g_strdup (real));
      free (real);
    }
  return files;
}

const char *
sh_export_files_get_root (ShExportFiles *files)
{
  return files->root;
}

guint
sh_export_files_count (ShExportFiles *files)
{
  return files->pending->len;
}

static char *
temp_template (const char *final)
{
  g_autofree char *folder = g_path_get_dirname (final);
  g_autofree char *base = g_path_get_basename (final);

  /* Keeps the temporary name within NAME_MAX. */
  if (strlen (base) > 180)
    base[180] = '\0';
  return g_strdup_printf ("%s/.%s.XXXXXX" TEMP_SUFFIX, folder, base);
}

static gboolean
prepare_final (ShExportFiles *files, const char *relative, char **final, GError **error)
{
  g_autofree char *folder = NULL;

  *final = g_build_filename (files->root, relative, NULL);
  folder = g_path_get_dirname (*final);
  if (!prepare_folder (files, folder, error))
    {
      g_clear_pointer (final, g_free);
      return FALSE;
    }
  return TRUE;
}

ShExportFile *
sh_export_files_create (ShExportFiles *files, const char *relative, GError **error)
{
  Pending pending = { 0 };
  ShExportFile *file;
  int fd;

  if (!prepare_final (files, relative, &pending.final, error))
    return NULL;
  pending.temp = temp_template (pending.final);
  fd = mkostemps (pending.temp, strlen (TEMP_SUFFIX), O_CLOEXEC);
  if (fd < 0)
    {
      sh_export_set_io_error (error, errno, "write", pending.final);
      g_free (pending.temp);
      g_free (pending.final);
      return NULL;
    }
  fchmod (fd, 0644);
  file = g_new0 (ShExportFile, 1);
  file->fp = fdopen (fd, "w");
  if (!file->fp)
    {
      int err = errno;
      close (fd);
      g_unlink (pending.temp);
      g_free (pending.temp);
      g_free (pending.final);
      g_free (file);
      sh_export_set_io_error (error, err, "write", relative);
      return NULL;
    }
  setvbuf (file->fp, NULL, _IOFBF, 1 << 18);
  file->index = files->pending->len;
  g_array_append_val (files->pending, pending);
  files_progress (files);
  return file;
}

gboolean
sh_export_files_close (ShExportFiles *files, ShExportFile *file, GError **error)
{
  Pending *pending = &g_array_index (files->pending, Pending, file->index);
  gboolean failed = ferror (file->fp) != 0;
  int err = errno;

  if (fflush (file->fp) != 0)
    {
      failed = TRUE;
      err = errno;
    }
  if (fclose (file->fp) != 0 && !failed)
    {
      failed = TRUE;
      err = errno;
    }
  g_free (file);
  if (failed)
    {
      struct statvfs fs;
      g_autofree char *folder = g_path_get_dirname (pending->final);

      /* A write error inside stdio may have left errno behind: a full disk is the usual cause. */
      if (err == 0 || (err != ENOSPC && statvfs (folder, &fs) == 0 && fs.f_bavail == 0))
        err = ENOSPC;
      return sh_export_set_io_error (error, err, "write", pending->final);
    }
  g_hash_table_add (files->written, g_strdup (pending->final));
  return TRUE;
}

gboolean
sh_export_files_symlink (ShExportFiles *files, const char *target, const char *relative, GError **error)
{
  Pending pending = { 0 };
  g_autofree char *template = NULL;
  size_t suffix_at;

  if (!prepare_final (files, relative, &pending.final, error))
    return FALSE;
  template = temp_template (pending.final);
  suffix_at = strlen (template) - strlen (TEMP_SUFFIX) - 6;
  for (int attempt = 0;; attempt++)
    {
      static const char letters[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

      for (int i = 0; i < 6; i++)
        template[suffix_at + i] = letters[g_random_int_range (0, sizeof letters - 1)];
      if (symlink (target, template) == 0)
        break;
      if (errno != EEXIST || attempt > 100)
        {
          sh_export_set_io_error (error, errno, "link", pending.final);
          g_free (pending.final);
          return FALSE;
        }
    }
  pending.temp = g_steal_pointer (&template);
  g_array_append_val (files->pending, pending);
  g_hash_table_add (files->written, g_strdup (pending.final));
  files_progress (files);
  return TRUE;
}

void
sh_export_files_own_folder (ShExportFiles *files, const char *relative, const char *suffix)
{
  OwnedFolder owned = { g_build_filename (files->root, relative, NULL), g_strdup (suffix) };

  g_array_append_val (files->owned, owned);
}

static void
remove_unwritten (ShExportFiles *files, const OwnedFolder *owned)
{
  DIR *dir = opendir (owned->folder);
  struct dirent *entry;

  if (!dir)
    return;
  while ((entry = readdir (dir)))
    {
      g_autofree char *path = NULL;
      struct stat st;

      if (entry->d_name[0] == '.')
        continue;
      path = g_build_filename (owned->folder, entry->d_name, NULL);
      if (g_hash_table_contains (files->written, path) || lstat (path, &st) != 0)
        continue;
      if (owned->suffix ? (S_ISREG (st.st_mode) && g_str_has_suffix (entry->d_name, owned->suffix))
                        : S_ISLNK (st.st_mode))
        g_unlink (path);
    }
  closedir (dir);
}

static void
sync_folder (const char *folder)
{
  int fd = open (folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

  if (fd >= 0)
    {
      fsync (fd);
      close (fd);
    }
}

gboolean
sh_export_files_commit (ShExportFiles *files, GError **error)
{
  int root_fd = open (files->root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  GHashTableIter iter;
  gpointer folder;

  if (root_fd < 0)
    return sh_export_set_io_error (error, errno, "open", files->root);
  /* One flush of the file system instead of one fsync per file: a label set has a file per image. Only
   * then are names switched, so a crash never exposes a file whose data is not on disk. */
  if (files->pending->len > 0 && syncfs (root_fd) != 0)
    {
      int err = errno;
      close (root_fd);
      return sh_export_set_io_error (error, err, "flush", files->root);
    }
  close (root_fd);

  for (guint i = 0; i < files->pending->len; i++)
    {
      Pending *pending = &g_array_index (files->pending, Pending, i);

      if (rename (pending->temp, pending->final) != 0)
        return sh_export_set_io_error (error, errno, "rename into place", pending->final);
      pending->renamed = TRUE;
    }
  files->committed = TRUE;

  g_hash_table_iter_init (&iter, files->folders);
  while (g_hash_table_iter_next (&iter, &folder, NULL))
    sync_folder (folder);
  for (guint i = 0; i < files->owned->len; i++)
    remove_unwritten (files, &g_array_index (files->owned, OwnedFolder, i));
  return TRUE;
}

void
sh_export_files_free (ShExportFiles *files)
{
  if (!files)
    return;
  for (guint i = 0; i < files->pending->len; i++)
    {
      Pending *pending = &g_array_index (files->pending, Pending, i);

      if (!pending->renamed)
        g_unlink (pending->temp);
      g_free (pending->temp);
      g_free (pending->final);
    }
  /* A failed export takes back the folders it made (innermost first; only empty ones go). */
  if (!files->committed)
    for (guint i = files->created->len; i > 0; i--)
      g_rmdir (g_ptr_array_index (files->created, i - 1));
  for (guint i = 0; i < files->owned->len; i++)
    {
      g_free (g_array_index (files->owned, OwnedFolder, i).folder);
      g_free (g_array_index (files->owned, OwnedFolder, i).suffix);
    }
  g_array_unref (files->owned);
  g_array_unref (files->pending);
  g_hash_table_unref (files->folders);
  g_hash_table_unref (files->written);
  g_ptr_array_unref (files->created);
  g_free (files->root);
  g_free (files);
}

/* ---- text ---- */

void
sh_export_write_json_string (FILE *fp, const char *text)
{
  const unsigned char *p = (const unsigned char *) (text ? text : "");
  const unsigned char *run = p;

  putc ('"', fp);
  for (; *p; p++)
    {
      if (*p >= 0x20 && *p != '"' && *p != '\\')
        continue;
      fwrite (run, 1, p - run, fp);
      switch (*p)
        {
        case '"': fputs ("\\\"", fp); break;
        case '\\': fputs ("\\\\", fp); break;
        case '\n': fputs ("\\n", fp); break;
        case '\r': fputs ("\\r", fp); break;
        case '\t': fputs ("\\t", fp); break;
        default: fprintf (fp, "\\u%04x", *p); break;
        }
      run = p + 1;
    }
  fwrite (run, 1, p - run, fp);
  putc ('"', fp);
}

void
sh_export_write_xml_text (FILE *fp, const char *text)
{
  for (const unsigned char *p = (const unsigned char *) (text ? text : ""); *p; p++)
    switch (*p)
      {
      case '&': fputs ("&amp;", fp); break;
      case '<': fputs ("&lt;", fp); break;
      case '>': fputs ("&gt;", fp); break;
      case '"': fputs ("&quot;", fp); break;
      case '\'': fputs ("&apos;", fp); break;
      default:
        /* Control characters other than tab and newlines are not allowed in XML 1.0. */
        putc (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r' ? ' ' : *p, fp);
        break;
      }
}

int
sh_export_format_number (char buf[32], double value)
{
  char digits[24];
  int n = 0, len = 0;
  guint64 scaled, whole, fraction;

  if (!isfinite (value))
    value = 0;
  if (fabs (value) >= 1e9)
    return g_snprintf (buf, 32, "%.10g", value);
  /* Six decimals, trailing zeros dropped, without printf's arbitrary-precision path: a 300,000-box COCO
   * file holds millions of numbers. */
  scaled = (guint64) llround (fabs (value) * 1e6);
  if (scaled == 0)
    {
      buf[0] = '0';
      buf[1] = '\0';
      return 1;
    }
  if (value < 0)
    buf[len++] = '-';
  whole = scaled / 1000000;
  fraction = scaled % 1000000;
  do
    {
      digits[n++] = (char) ('0' + whole % 10);
      whole /= 10;
    }
  while (whole > 0);
  while (n > 0)
    buf[len++] = digits[--n];
  if (fraction > 0)
    {
      int places = 6;

      while (fraction % 10 == 0)
        {
          fraction /= 10;
          places--;
        }
      buf[len++] = '.';
      for (int i = places - 1; i >= 0; i--)
        {
          buf[len + i] = (char) ('0' + fraction % 10);
          fraction /= 10;
        }
      len += places;
    }
  buf[len] = '\0';
  return len;
}

void
sh_export_write_number (FILE *fp, double value)
{
  char buf[32];
  int len = sh_export_format_number (buf, value);

  fwrite (buf, 1, len, fp);
}

char *
sh_export_safe_name (const char *text)
{
  GString *name = g_string_new (NULL);

  for (const char *p = text ? text : ""; *p && name->len < 120; p++)
    g_string_append_c (name, g_ascii_isalnum (*p) || *p == '.' || *p == '_' || *p == '-' ? *p : '_');
  if (name->len == 0)
    g_string_append (name, "unnamed");
  if (name->str[0] == '.')
    name->str[0] = '_';
  return g_string_free (name, FALSE);
}

/* ---- rows ---- */

char *
sh_export_relative_path (const char *from, const char *to)
{
  GString *out = g_string_new (NULL);
  size_t common = 0, i = 0;

  /* The longest shared prefix that ends at a path separator (or at the end of from). */
  for (;; i++)
    {
      if (from[i] == '\0' && (to[i] == '/' || to[i] == '\0'))
        {
          common = i;
          break;
        }
      if (from[i] != to[i] || from[i] == '\0')
        break;
      if (from[i] == '/')
        common = i;
    }
  if (strcmp (from, "/") == 0)
    common = 0;
  for (const char *p = from + common; *p; p++)
    if (*p == '/' && p[1] != '\0')
      g_string_append (out, "../");
  g_string_append (out, to[common] == '/' ? to + common + 1 : to + common);
  if (out->len == 0)
    g_string_append_c (out, '.');
  return g_string_free (out, FALSE);
}

void
sh_export_data_free (ShExportData *data)
{
  if (!data)
    return;
  g_clear_pointer (&data->images, g_array_unref);
  g_clear_pointer (&data->boxes, g_array_unref);
  g_clear_pointer (&data->classes, g_ptr_array_unref);
  g_clear_pointer (&data->strings, g_string_chunk_free);
  g_free (data->project_name);
  g_free (data);
}

typedef struct {
  ShExportData *data;
  GHashTable *class_index;       /* class id -> index into data->classes */
  const char *root;
  const char *folder;            /* the project's folder, resolved */
  guint next_image;              /* load_box's walk through data->images */
} Loader;

static const char *
chunk_text (ShExportData *data, const char *text)
{
  return text ? g_string_chunk_insert_const (data->strings, text) : NULL;
}

static void
load_class (gint64 id, const char *name, gpointer user_data)
{
  Loader *loader = user_data;

  g_hash_table_insert (loader->class_index, GINT_TO_POINTER ((int) id),
                       GUINT_TO_POINTER (loader->data->classes->len));
  g_ptr_array_add (loader->data->classes, g_strdup (name));
}

static void
load_image (const ShExportImageRow *row, gpointer user_data)
{
  Loader *loader = user_data;
  ShExportData *data = loader->data;
  ShExportImage image = { 0 };
  g_autofree char *absolute = g_canonicalize_filename (row->path, loader->folder);
  g_autofree char *relative = sh_export_relative_path (loader->root, absolute);

  image.id = row->id;
  image.absolute_path = g_string_chunk_insert (data->strings, absolute);
  image.relative_path = g_string_chunk_insert (data->strings, relative);
  image.file_name = chunk_text (data, row->file_name);
  image.content_hash = chunk_text (data, row->content_hash);
  image.width = row->width;
  image.height = row->height;
  image.sku = chunk_text (data, row->sku);
  image.brand = chunk_text (data, row->brand);
  image.shade = chunk_text (data, row->shade);
  image.category = chunk_text (data, row->category);
  image.catalog_color = chunk_text (data, row->catalog_color);
  g_array_append_val (data->images, image);
}

static gboolean
load_box (const ShExportBoxRow *row, gpointer user_data)
{
  Loader *loader = user_data;
  ShExportData *data = loader->data;
  ShExportImage *image;
  ShExportBox box = { 0 };

  /* Both lists are ordered by image id: walk them together. */
  while (loader->next_image < data->images->len
         && g_array_index (data->images, ShExportImage, loader->next_image).id < row->image_id)
    loader->next_image++;
  if (loader->next_image >= data->images->len)
    return FALSE;
  image = &g_array_index (data->images, ShExportImage, loader->next_image);
  if (image->id != row->image_id)
    return TRUE;

  box.id = row->id;
  box.class_index = GPOINTER_TO_UINT (g_hash_table_lookup (loader->class_index,
                                                           GINT_TO_POINTER ((int) row->class_id)));
  box.x = row->x;
  box.y = row->y;
  box.w = row->w;
  box.h = row->h;
  box.model = row->model;
  box.score = row->score;
  box.occluded = row->occluded;
  box.truncated = row->truncated;
  box.difficult = row->difficult;
  if (row->srgb)
    {
      box.has_color = TRUE;
      g_strlcpy (box.srgb, row->srgb, sizeof box.srgb);
      for (int i = 0; i < 3; i++)
        box.lab[i] = row->lab[i];
      box.finish = chunk_text (data, row->finish);
    }
  if (image->n_boxes == 0)
    image->first_box = data->boxes->len;
  image->n_boxes++;
  g_array_append_val (data->boxes, box);
  return TRUE;
}

/* Stems that two exported images share get the start of their content hash; names stay stable. */
static void
assign_names (ShExportData *data)
{
  g_autoptr (GHashTable) stems = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GHashTable) used = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char **image_stems = g_new0 (char *, data->images->len + 1);

  for (guint i = 0; i < data->images->len; i++)
    {
      ShExportImage *image = &g_array_index (data->images, ShExportImage, i);
      const char *dot = strrchr (image->file_name, '.');
      g_autofree char *raw = dot && dot != image->file_name ? g_strndup (image->file_name, dot - image->file_name)
                                                            : g_strdup (image->file_name);
      g_autofree char *extension = dot && dot != image->file_name ? sh_export_safe_name (dot) : g_strdup ("");
      char *stem = sh_export_safe_name (raw);

      if (extension[0] == '_')
        extension[0] = '.';
      image->extension = g_string_chunk_insert_const (data->strings, extension);
      image_stems[i] = g_string_chunk_insert_const (data->strings, stem);
      g_free (stem);
      g_hash_table_insert (stems, image_stems[i],
                           GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (stems, image_stems[i])) + 1));
    }
  for (guint i = 0; i < data->images->len; i++)
    {
      ShExportImage *image = &g_array_index (data->images, ShExportImage, i);
      char *name;

      if (GPOINTER_TO_UINT (g_hash_table_lookup (stems, image_stems[i])) > 1)
        name = g_strdup_printf ("%s-%.8s", image_stems[i], image->content_hash);
      else
        name = g_strdup (image_stems[i]);
      if (g_hash_table_contains (used, name))
        {
          char *unique = g_strdup_printf ("%s-%" G_GINT64_FORMAT, name, image->id);
          g_free (name);
          name = unique;
        }
      image->name = g_string_chunk_insert_const (data->strings, name);
      g_hash_table_add (used, name);
    }
}

static void
assign_image_splits (ShExportData *data, const ShExportOptions *options)
{
  g_autoptr (GHashTable) group_of = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GPtrArray) keys = g_ptr_array_new ();
  g_autoptr (GArray) weights = g_array_new (FALSE, TRUE, sizeof (guint));
  g_autofree guint *image_group = g_new (guint, MAX (data->images->len, 1));
  g_autofree guint8 *splits = NULL;

  for (guint i = 0; i < data->images->len; i++)
    {
      ShExportImage *image = &g_array_index (data->images, ShExportImage, i);
      g_autofree char *key = image->sku ? g_strconcat ("sku:", image->sku, NULL)
                                        : g_strconcat ("image:", image->content_hash, NULL);
      gpointer found;
      guint group;

      if (g_hash_table_lookup_extended (group_of, key, NULL, &found))
        group = GPOINTER_TO_UINT (found);
      else
        {
          const char *stored = g_string_chunk_insert_const (data->strings, key);
          guint zero = 0;

          group = keys->len;
          g_ptr_array_add (keys, (gpointer) stored);
          g_array_append_val (weights, zero);
          g_hash_table_insert (group_of, (gpointer) stored, GUINT_TO_POINTER (group));
        }
      g_array_index (weights, guint, group)++;
      image_group[i] = group;
    }
  splits = g_new0 (guint8, MAX (keys->len, 1));
  sh_export_assign_splits (keys->len, (const char *const *) keys->pdata, (const guint *) weights->data,
                           options->fractions, options->seed, splits);
  for (guint i = 0; i < data->images->len; i++)
    g_array_index (data->images, ShExportImage, i).split = splits[image_group[i]];
}

ShExportData *
sh_export_data_load (ShProject *project, const char *root, const ShExportOptions *options, GError **error)
{
  g_autoptr (ShExportData) data = g_new0 (ShExportData, 1);
  g_autoptr (GHashTable) class_index = g_hash_table_new (NULL, NULL);
  g_autofree char *base = g_path_get_basename (sh_project_get_path (project));
  static const ShExportRowFuncs funcs = { load_class, load_image, load_box };
  char *real_folder = realpath (sh_project_get_folder (project), NULL);
  g_autofree char *folder = g_strdup (real_folder ? real_folder : sh_project_get_folder (project));
  Loader loader = { .root = root, .folder = folder, .class_index = class_index };

  free (real_folder);
  data->images = g_array_new (FALSE, TRUE, sizeof (ShExportImage));
  data->boxes = g_array_new (FALSE, TRUE, sizeof (ShExportBox));
  data->classes = g_ptr_array_new_with_free_func (g_free);
  data->strings = g_string_chunk_new (1 << 20);
  if (g_str_has_suffix (base, SH_PROJECT_EXTENSION))
    base[strlen (base) - strlen (SH_PROJECT_EXTENSION)] = '\0';
  data->project_name = g_steal_pointer (&base);
  data->options = *options;
  loader.data = data;

  if (!sh_project_read_export_rows (project, options->include_new, &funcs, &loader, error))
    return NULL;
  assign_names (data);
  assign_image_splits (data, options);
  return g_steal_pointer (&data);
}

gboolean
sh_export_split_wanted (const ShExportData *data, int split)
{
  if (data->options.fractions[split] > 0)
    return TRUE;
  for (guint i = 0; i < data->images->len; i++)
    if (g_array_index (data->images, ShExportImage, i).split == split)
      return TRUE;
  return FALSE;
}

/* ---- entry point ---- */

gboolean
sh_export (ShProject *project, const char *out_dir, const ShExportOptions *options, ShExportSummary *summary,
           GError **error)
{
  return sh_export_full (project, out_dir, options, NULL, NULL, summary, error);
}

/* How many files a format writes for the rows loaded (0: not known before writing). */
static guint
expected_files (const ShExportData *data)
{
  guint n_splits = 0;

  for (int split = 0; split < SH_EXPORT_N_SPLITS; split++)
    n_splits += sh_export_split_wanted (data, split);
  switch (data->options.format)
    {
    case SH_EXPORT_COCO: return n_splits;
    case SH_EXPORT_VOC: return n_splits + data->images->len;
    case SH_EXPORT_YOLO: return 1 + 2 * data->images->len;
    case SH_EXPORT_CSV: return 1;
    case SH_EXPORT_GLTF:
    default: return 0;
    }
}

gboolean
sh_export_full (ShProject *project, const char *out_dir, const ShExportOptions *options,
                ShExportProgressFunc progress, gpointer user_data, ShExportSummary *summary, GError **error)
{
  g_autoptr (ShExportFiles) files = NULL;
  g_autoptr (ShExportData) data = NULL;
  ShExportSummary local = { 0 };
  locale_t c_locale, old_locale;
  gboolean ok;

  g_return_val_if_fail (project && out_dir && options, FALSE);
  if (!summary)
    summary = &local;
  memset (summary, 0, sizeof *summary);
  if ((guint) options->format >= G_N_ELEMENTS (format_names))
    {
      g_set_error (error, SH_EXPORT_ERROR, SH_EXPORT_ERROR_INVALID, "unknown export format %d", options->format);
      return FALSE;
    }

  if (progress)
    progress (-1, user_data);
  files = sh_export_files_new (out_dir, error);
  if (!files)
    return FALSE;
  files->progress = progress;
  files->progress_data = user_data;

  /* Every format writes '.' decimals, whatever the caller's locale. */
  c_locale = newlocale (LC_ALL_MASK, "C", (locale_t) 0);
  old_locale = uselocale (c_locale);
  if (options->format == SH_EXPORT_GLTF)
    ok = sh_export_gltf (project, files, summary, error);
  else
    {
      data = sh_export_data_load (project, sh_export_files_get_root (files), options, error);
      ok = data != NULL;
      if (ok && progress)
        {
          files->expected = expected_files (data);
          progress (0.1, user_data);
        }
      if (ok)
        switch (options->format)
          {
          case SH_EXPORT_COCO: ok = sh_export_coco (data, files, summary, error); break;
          case SH_EXPORT_VOC: ok = sh_export_voc (data, files, summary, error); break;
          case SH_EXPORT_YOLO: ok = sh_export_yolo (data, files, summary, error); break;
          case SH_EXPORT_CSV: ok = sh_export_csv (data, files, summary, error); break;
          case SH_EXPORT_GLTF: break;
          }
      if (ok)
        for (guint i = 0; i < data->images->len; i++)
          {
            const ShExportImage *image = &g_array_index (data->images, ShExportImage, i);
            summary->images[image->split]++;
            summary->boxes[image->split] += image->n_boxes;
          }
    }
  uselocale (old_locale);
  freelocale (c_locale);

  if (ok && progress)
    progress (0.9, user_data);
  if (ok)
    ok = sh_export_files_commit (files, error);
  if (ok)
    summary->files = sh_export_files_count (files);
  if (ok && progress)
    progress (1.0, user_data);
  return ok;
}
