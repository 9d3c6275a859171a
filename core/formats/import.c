/* SPDX-License-Identifier: GPL-3.0-or-later */
/* import.c: walk, hash, decode and check photos in parallel; write their rows from one thread.
 *
 * Two parallel passes: the first reads each file once for its signature, size and SHA-256 (cheap, and it
 * lets duplicates be settled in path order, so the same folder always reports the same duplicates); the
 * second decodes only the new, unique images and measures their photo check. Workers never touch the
 * database: they fill a slot and hand its index to the importing thread through a queue.
 */
#define G_LOG_DOMAIN "shadelab-import"

#include "config.h"

#include "core/formats/import.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <glib/gstdio.h>

#include "color/color-model.h"
#include "core/formats/image-loader.h"

#define READ_CHUNK (1024 * 1024)
#define FLUSH_INTERVAL_US (G_USEC_PER_SEC / 4)

/* Photo-check thresholds (part of SH_PHOTO_CHECK_VERSION). */
#define WHITE_MIN_L 82.0
#define WHITE_MAX_CHROMA 10.0
#define WHITE_MIN_FRACTION 0.75
#define BORDER_FRACTION 0.03
#define BACKDROP_DELTA_E 15.0
#define PRODUCT_MIN_FRACTION 0.002
#define CLIPPED_MAX_FRACTION 0.02
#define CENTER_MAX_OFFSET 0.2
#define SAMPLES_ON_SHORT_SIDE 400

/* ---- photo check ---- */

static double
lab_f (double t)
{
  return t > 216.0 / 24389.0 ? cbrt (t) : (24389.0 / 27.0 * t + 16.0) / 116.0;
}

/* Lab D50 of one pixel through the image's own model. */
static void
pixel_lab (const ShColorModel *model, const guint8 *p, float lab[3])
{
  static const double white[3] = { 0.96422, 1.0, 0.82521 };
  double linear[3], xyz[3], f[3];

  for (int c = 0; c < 3; c++)
    linear[c] = model->to_linear[c][p[c]];
  for (int i = 0; i < 3; i++)
    xyz[i] = model->to_xyz_d50[i][0] * linear[0] + model->to_xyz_d50[i][1] * linear[1]
             + model->to_xyz_d50[i][2] * linear[2];
  for (int i = 0; i < 3; i++)
    f[i] = lab_f (xyz[i] / white[i]);
  lab[0] = (float) (116.0 * f[1] - 16.0);
  lab[1] = (float) (500.0 * (f[0] - f[1]));
  lab[2] = (float) (200.0 * (f[1] - f[2]));
}

static int
compare_float (const void *a, const void *b)
{
  float x = *(const float *) a, y = *(const float *) b;

  return (x > y) - (x < y);
}

static float
median_in_place (float *values, gsize n)
{
  qsort (values, n, sizeof *values, compare_float);
  return values[n / 2];
}

/* Below this alpha a pixel is see-through: neither backdrop colour nor product. */
#define TRANSPARENT_ALPHA 128

void
sh_photo_check_measure (const ShImage *image, const ShPhotoCheckOptions *options, ShPhotoCheck *check)
{
  int width = image->width, height = image->height;
  int short_side = MIN (width, height);
  int step = MAX (1, short_side / SAMPLES_ON_SHORT_SIDE);
  int border = MAX (step, (int) lround (BORDER_FRACTION * short_side));
  int cols = (width + step - 1) / step, rows = (height + step - 1) / step;
  gsize n = (gsize) cols * rows, n_border = 0, n_white = 0, n_transparent = 0, n_product = 0, n_clipped = 0,
        n_channels = 0, n_opaque_border;
  g_autofree float *lab = g_new (float, 3 * n);
  g_autofree float *border_values = g_new (float, n);
  g_autofree guint8 *is_border = g_new0 (guint8, n);
  g_autofree guint8 *is_transparent = g_new0 (guint8, n);
  float backdrop[3] = { 100.0f, 0.0f, 0.0f };
  double sum_x = 0, sum_y = 0;

  memset (check, 0, sizeof *check);
  check->white_min_fraction = WHITE_MIN_FRACTION;
  check->clipped_max_fraction = CLIPPED_MAX_FRACTION;
  check->center_max_offset = CENTER_MAX_OFFSET;
  check->short_side = short_side;
  check->min_short_side = options != NULL && options->min_short_side > 0 ? options->min_short_side
                                                                           : SH_PHOTO_CHECK_DEFAULT_MIN_SHORT_SIDE;
  check->resolution_passed = short_side >= check->min_short_side;

  /* Samples on a grid, at the centre of each step x step cell. */
  for (int r = 0; r < rows; r++)
    {
      int y = MIN (height - 1, r * step + step / 2);

      for (int c = 0; c < cols; c++)
        {
          int x = MIN (width - 1, c * step + step / 2);
          gsize i = (gsize) r * cols + c;
          float *l = lab + 3 * i;
          const guint8 *p = image->pixels + (gsize) y * image->stride + 4 * (gsize) x;

          /* The colour under a transparent pixel is whatever the editor left there, often black. */
          is_transparent[i] = image->has_alpha && p[3] < TRANSPARENT_ALPHA;
          pixel_lab (&image->model, p, l);
          if (x < border || y < border || x >= width - border || y >= height - border)
            {
              is_border[i] = 1;
              n_border++;
              if (is_transparent[i])
                n_transparent++;
              else if (l[0] >= WHITE_MIN_L && hypotf (l[1], l[2]) <= WHITE_MAX_CHROMA)
                n_white++;
            }
        }
    }
  check->white_fraction = n_border > 0 ? (double) n_white / n_border : 0.0;
  check->transparent_fraction = n_border > 0 ? (double) n_transparent / n_border : 0.0;
  check->white_passed = check->white_fraction >= WHITE_MIN_FRACTION;
  if (check->white_passed)
    check->background = SH_PHOTO_BACKGROUND_WHITE;
  else if (check->transparent_fraction >= WHITE_MIN_FRACTION)
    check->background = SH_PHOTO_BACKGROUND_TRANSPARENT;
  else
    check->background = SH_PHOTO_BACKGROUND_OTHER;

  /* The backdrop is whatever most of the opaque border is (white or not); the product is what differs from it.
   * With no opaque border (a cut-out), every opaque pixel is the product. */
  n_opaque_border = n_border - n_transparent;
  for (int k = 0; k < 3 && n_opaque_border > 0; k++)
    {
      gsize m = 0;

      for (gsize i = 0; i < n; i++)
        if (is_border[i] && !is_transparent[i])
          border_values[m++] = lab[3 * i + k];
      backdrop[k] = median_in_place (border_values, m);
    }
  for (int r = 0; r < rows; r++)
    {
      int y = MIN (height - 1, r * step + step / 2);

      for (int c = 0; c < cols; c++)
        {
          int x = MIN (width - 1, c * step + step / 2);
          gsize i = (gsize) r * cols + c;
          const float *l = lab + 3 * i;
          float dl = l[0] - backdrop[0], da = l[1] - backdrop[1], db = l[2] - backdrop[2];

          if (is_transparent[i])
            continue;
          if (n_opaque_border == 0 || sqrtf (dl * dl + da * da + db * db) > BACKDROP_DELTA_E)
            {
              const guint8 *p = image->pixels + (gsize) y * image->stride + 4 * (gsize) x;

              n_product++;
              sum_x += x + 0.5;
              sum_y += y + 0.5;
              n_clipped += (p[0] == 255) + (p[1] == 255) + (p[2] == 255);
              n_channels += 3;
            }
        }
    }
  check->product_found = n_product >= MAX (1.0, PRODUCT_MIN_FRACTION * n);
  if (!check->product_found)
    {
      /* Nothing stands out: measure clipping over the whole (opaque) frame instead. */
      n_clipped = n_channels = 0;
      for (int r = 0; r < rows; r++)
        for (int c = 0; c < cols; c++)
          {
            int y = MIN (height - 1, r * step + step / 2), x = MIN (width - 1, c * step + step / 2);
            const guint8 *p = image->pixels + (gsize) y * image->stride + 4 * (gsize) x;

            if (is_transparent[(gsize) r * cols + c])
              continue;
            n_clipped += (p[0] == 255) + (p[1] == 255) + (p[2] == 255);
            n_channels += 3;
          }
      check->centroid_x = check->centroid_y = 0.5;
      check->center_offset = 0.0;
      check->centered_passed = FALSE;
    }
  else
    {
      check->centroid_x = sum_x / n_product / width;
      check->centroid_y = sum_y / n_product / height;
      check->center_offset = hypot (check->centroid_x - 0.5, check->centroid_y - 0.5);
      check->centered_passed = check->center_offset <= CENTER_MAX_OFFSET;
    }
  check->clipped_fraction = n_channels > 0 ? (double) n_clipped / n_channels : 0.0;
  check->clipped_passed = check->clipped_fraction <= CLIPPED_MAX_FRACTION;
  check->passed = check->white_passed && check->resolution_passed && check->clipped_passed
                  && check->centered_passed;
}

static double
round4 (double value)
{
  return round (value * 10000.0) / 10000.0;
}

static const char *const background_names[] = {
  [SH_PHOTO_BACKGROUND_WHITE] = "white",
  [SH_PHOTO_BACKGROUND_TRANSPARENT] = "transparent",
  [SH_PHOTO_BACKGROUND_OTHER] = "other",
};

char *
sh_photo_check_to_json (const ShPhotoCheck *check)
{
  cJSON *root = cJSON_CreateObject ();
  cJSON *white = cJSON_AddObjectToObject (root, "white_background");
  cJSON *resolution = cJSON_AddObjectToObject (root, "resolution");
  cJSON *clipped = cJSON_AddObjectToObject (root, "clipped_highlights");
  cJSON *centered = cJSON_AddObjectToObject (root, "centered");
  char *printed, *text;

  cJSON_AddNumberToObject (root, "version", SH_PHOTO_CHECK_VERSION);
  cJSON_AddBoolToObject (root, "passed", check->passed);

  cJSON_AddNumberToObject (white, "fraction", round4 (check->white_fraction));
  cJSON_AddNumberToObject (white, "minimum", WHITE_MIN_FRACTION);
  cJSON_AddNumberToObject (white, "transparent_fraction", round4 (check->transparent_fraction));
  cJSON_AddStringToObject (white, "background", background_names[check->background]);
  cJSON_AddBoolToObject (white, "passed", check->white_passed);

  cJSON_AddNumberToObject (resolution, "short_side", check->short_side);
  cJSON_AddNumberToObject (resolution, "minimum", check->min_short_side);
  cJSON_AddBoolToObject (resolution, "passed", check->resolution_passed);

  cJSON_AddNumberToObject (clipped, "fraction", round4 (check->clipped_fraction));
  cJSON_AddNumberToObject (clipped, "maximum", CLIPPED_MAX_FRACTION);
  cJSON_AddBoolToObject (clipped, "passed", check->clipped_passed);

  cJSON_AddBoolToObject (centered, "product_found", check->product_found);
  if (check->product_found)
    {
      cJSON_AddNumberToObject (centered, "offset", round4 (check->center_offset));
      cJSON_AddNumberToObject (centered, "x", round4 (check->centroid_x));
      cJSON_AddNumberToObject (centered, "y", round4 (check->centroid_y));
    }
  else
    cJSON_AddNullToObject (centered, "offset");
  cJSON_AddNumberToObject (centered, "maximum", CENTER_MAX_OFFSET);
  cJSON_AddBoolToObject (centered, "passed", check->centered_passed);

  printed = cJSON_PrintUnformatted (root);
  cJSON_Delete (root);
  text = g_strdup (printed);
  cJSON_free (printed);
  return text;
}

static double
json_number (const cJSON *object, const char *name, double fallback)
{
  const cJSON *item = cJSON_GetObjectItemCaseSensitive (object, name);

  return cJSON_IsNumber (item) ? item->valuedouble : fallback;
}

/* A member's "passed"; a check without one passed (nothing said it failed). */
static gboolean
json_passed (const cJSON *object)
{
  return !cJSON_IsFalse (cJSON_GetObjectItemCaseSensitive (object, "passed"));
}

gboolean
sh_photo_check_from_json (const char *json, ShPhotoCheck *check)
{
  cJSON *root = json != NULL ? cJSON_Parse (json) : NULL;
  const cJSON *white, *resolution, *clipped, *centered, *background;

  memset (check, 0, sizeof *check);
  if (!cJSON_IsObject (root))
    {
      cJSON_Delete (root);
      return FALSE;
    }
  white = cJSON_GetObjectItemCaseSensitive (root, "white_background");
  resolution = cJSON_GetObjectItemCaseSensitive (root, "resolution");
  clipped = cJSON_GetObjectItemCaseSensitive (root, "clipped_highlights");
  centered = cJSON_GetObjectItemCaseSensitive (root, "centered");

  check->white_fraction = json_number (white, "fraction", 0.0);
  check->white_min_fraction = json_number (white, "minimum", WHITE_MIN_FRACTION);
  check->transparent_fraction = json_number (white, "transparent_fraction", 0.0);
  check->white_passed = json_passed (white);
  check->background = check->white_passed ? SH_PHOTO_BACKGROUND_WHITE : SH_PHOTO_BACKGROUND_OTHER;
  background = cJSON_GetObjectItemCaseSensitive (white, "background");
  for (guint i = 0; cJSON_IsString (background) && i < G_N_ELEMENTS (background_names); i++)
    if (g_str_equal (background->valuestring, background_names[i]))
      check->background = (ShPhotoBackground) i;

  check->short_side = (int) json_number (resolution, "short_side", 0);
  check->min_short_side = (int) json_number (resolution, "minimum", SH_PHOTO_CHECK_DEFAULT_MIN_SHORT_SIDE);
  check->resolution_passed = json_passed (resolution);

  check->clipped_fraction = json_number (clipped, "fraction", 0.0);
  check->clipped_max_fraction = json_number (clipped, "maximum", CLIPPED_MAX_FRACTION);
  check->clipped_passed = json_passed (clipped);

  check->product_found = !cJSON_IsFalse (cJSON_GetObjectItemCaseSensitive (centered, "product_found"));
  check->center_offset = json_number (centered, "offset", 0.0);
  check->centroid_x = json_number (centered, "x", 0.5);
  check->centroid_y = json_number (centered, "y", 0.5);
  check->center_max_offset = json_number (centered, "maximum", CENTER_MAX_OFFSET);
  check->centered_passed = json_passed (centered);

  check->passed = check->white_passed && check->resolution_passed && check->clipped_passed && check->centered_passed;
  cJSON_Delete (root);
  return TRUE;
}

/* ---- report ---- */

static void
skip_free (gpointer data)
{
  ShImportSkip *skip = data;

  g_free (skip->path);
  g_free (skip->reason);
  g_free (skip);
}

static void
duplicate_free (gpointer data)
{
  ShImportDuplicate *duplicate = data;

  g_free (duplicate->path);
  g_free (duplicate->duplicate_of);
  g_free (duplicate);
}

void
sh_import_report_init (ShImportReport *report)
{
  memset (report, 0, sizeof *report);
  report->image_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  report->duplicates = g_ptr_array_new_with_free_func (duplicate_free);
  report->skipped = g_ptr_array_new_with_free_func (skip_free);
}

void
sh_import_report_clear (ShImportReport *report)
{
  g_clear_pointer (&report->image_ids, g_array_unref);
  g_clear_pointer (&report->duplicates, g_ptr_array_unref);
  g_clear_pointer (&report->skipped, g_ptr_array_unref);
}

static void
report_skip (ShImportReport *report, const char *path, ShImportSkipKind kind, const char *reason)
{
  ShImportSkip *skip = g_new0 (ShImportSkip, 1);

  skip->path = g_strdup (path);
  skip->kind = kind;
  skip->reason = g_strdup (reason);
  g_ptr_array_add (report->skipped, skip);
}

/* ---- walking ---- */

typedef struct {
  GPtrArray *files;            /* char * */
  GHashTable *visited;         /* "dev:ino" of folders walked */
  ShImportReport *report;
} Walk;

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

static void walk_path (Walk *walk, const char *path, gboolean explicit);

static void
walk_folder (Walk *walk, const char *path, const struct stat *st)
{
  g_autofree char *key = g_strdup_printf ("%ju:%ju", (uintmax_t) st->st_dev, (uintmax_t) st->st_ino);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) names = NULL;
  GDir *dir;
  const char *name;

  /* A folder reached twice (a link back up the tree, or the same folder given twice) is walked once. */
  if (!g_hash_table_add (walk->visited, g_steal_pointer (&key)))
    return;
  dir = g_dir_open (path, 0, &error);
  if (dir == NULL)
    {
      report_skip (walk->report, path, SH_IMPORT_SKIP_NOT_FOUND, error->message);
      return;
    }
  names = g_ptr_array_new_with_free_func (g_free);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (name[0] != '.')
      g_ptr_array_add (names, g_strdup (name));
  g_dir_close (dir);
  g_ptr_array_sort (names, compare_strings);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *child = g_build_filename (path, g_ptr_array_index (names, i), NULL);

      walk_path (walk, child, FALSE);
    }
}

static void
walk_path (Walk *walk, const char *path, gboolean explicit)
{
  struct stat st;

  if (stat (path, &st) != 0)
    {
      int saved = errno;
      g_autofree char *reason = NULL;

      if (!explicit && lstat (path, &st) == 0 && S_ISLNK (st.st_mode))
        reason = g_strdup_printf ("broken symbolic link (%s)", g_strerror (saved));
      else
        reason = g_strdup (g_strerror (saved));
      report_skip (walk->report, path, SH_IMPORT_SKIP_NOT_FOUND, reason);
      return;
    }
  if (S_ISDIR (st.st_mode))
    walk_folder (walk, path, &st);
  else if (S_ISREG (st.st_mode))
    g_ptr_array_add (walk->files, g_strdup (path));
  else
    report_skip (walk->report, path, SH_IMPORT_SKIP_NOT_IMAGE, "not a regular file");
}

/* ---- parallel work ---- */

typedef enum {
  FATE_PENDING,
  FATE_SKIPPED,
  FATE_CANDIDATE,
  FATE_DUPLICATE,
  FATE_DECODED,
} Fate;

typedef struct {
  char *path;
  Fate fate;
  ShImportSkipKind skip_kind;
  char *reason;
  char hash[65];
  gint64 file_size;
  /* after decoding */
  int width, height, orientation;
  char *format;
  char *profile_name;
  char *check_json;
  gboolean check_passed;
  gboolean finished;            /* its decode is over, whatever the outcome */
  /* after writing */
  gboolean added;
  gint64 id;
} Slot;

typedef struct {
  Slot *slots;
  GAsyncQueue *done;           /* GUINT_TO_POINTER (index + 1) */
  ShPhotoCheckOptions check;
  ShLoadOptions load;
  gint cancelled;
} Work;

static gboolean
looks_like_image (const guint8 *data, gsize len)
{
  static const guint8 png_signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };

  if (len >= 3 && data[0] == 0xff && data[1] == 0xd8 && data[2] == 0xff)
    return TRUE;
  if (len >= 8 && memcmp (data, png_signature, 8) == 0)
    return TRUE;
  if (len >= 4 && (memcmp (data, "II*\0", 4) == 0 || memcmp (data, "MM\0*", 4) == 0))
    return TRUE;
  return len >= 12 && memcmp (data, "RIFF", 4) == 0 && memcmp (data + 8, "WEBP", 4) == 0;
}

static void
slot_skip (Slot *slot, ShImportSkipKind kind, char *reason)
{
  slot->fate = FATE_SKIPPED;
  slot->skip_kind = kind;
  slot->reason = reason;
}

/* Pass 1: signature, size and SHA-256, reading the file once. */
static void
hash_slot (Slot *slot)
{
  g_autoptr (GChecksum) checksum = NULL;
  g_autofree guint8 *buffer = NULL;
  guint8 head[12];
  gsize head_len = 0;
  gint64 total = 0;
  int fd = g_open (slot->path, O_RDONLY | O_CLOEXEC, 0);

  if (fd < 0)
    {
      slot_skip (slot, SH_IMPORT_SKIP_UNREADABLE, g_strdup_printf ("cannot open: %s", g_strerror (errno)));
      return;
    }
  buffer = g_malloc (READ_CHUNK);
  checksum = g_checksum_new (G_CHECKSUM_SHA256);
  for (;;)
    {
      ssize_t got = read (fd, buffer, READ_CHUNK);

      if (got < 0 && errno == EINTR)
        continue;
      if (got < 0)
        {
          int saved = errno;

          close (fd);
          slot_skip (slot, SH_IMPORT_SKIP_UNREADABLE, g_strdup_printf ("cannot read: %s", g_strerror (saved)));
          return;
        }
      if (got == 0)
        break;
      if (head_len < sizeof head)
        {
          gsize take = MIN (sizeof head - head_len, (gsize) got);

          memcpy (head + head_len, buffer, take);
          head_len += take;
          /* Not an image: stop reading now, a large non-image file costs nothing. */
          if (head_len == sizeof head && !looks_like_image (head, head_len))
            break;
        }
      g_checksum_update (checksum, buffer, got);
      total += got;
    }
  close (fd);
  if (head_len == 0)
    {
      slot_skip (slot, SH_IMPORT_SKIP_NOT_IMAGE, g_strdup ("empty file (0 bytes)"));
      return;
    }
  if (!looks_like_image (head, head_len))
    {
      slot_skip (slot, SH_IMPORT_SKIP_NOT_IMAGE, g_strdup ("not a JPEG, PNG, TIFF or WebP image"));
      return;
    }
  g_strlcpy (slot->hash, g_checksum_get_string (checksum), sizeof slot->hash);
  slot->file_size = total;
  slot->fate = FATE_CANDIDATE;
}

/* Pass 2: decode upright, measure the photo check, keep only the numbers. */
static void
decode_slot (Slot *slot, const ShPhotoCheckOptions *options, const ShLoadOptions *load_options)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ShLoadedImage) loaded = sh_load_image (slot->path, load_options, &error);
  ShPhotoCheck check;

  if (loaded == NULL)
    {
      slot_skip (slot, SH_IMPORT_SKIP_UNREADABLE, g_strdup (error->message));
      return;
    }
  sh_photo_check_measure (loaded->image, options, &check);
  slot->width = loaded->image->width;
  slot->height = loaded->image->height;
  slot->orientation = CLAMP (loaded->image->source_orientation, 1, 8);
  slot->format = g_strdup (loaded->format_name);
  slot->profile_name = g_strdup (loaded->profile_name != NULL ? loaded->profile_name : "sRGB (untagged)");
  slot->check_json = sh_photo_check_to_json (&check);
  slot->check_passed = check.passed;
  slot->fate = FATE_DECODED;
}

static void
hash_job (gpointer data, gpointer user_data)
{
  Work *work = user_data;
  guint index = GPOINTER_TO_UINT (data) - 1;

  if (!g_atomic_int_get (&work->cancelled))
    hash_slot (&work->slots[index]);
  g_async_queue_push (work->done, data);
}

static void
decode_job (gpointer data, gpointer user_data)
{
  Work *work = user_data;
  guint index = GPOINTER_TO_UINT (data) - 1;

  if (!g_atomic_int_get (&work->cancelled))
    decode_slot (&work->slots[index], &work->check, &work->load);
  g_async_queue_push (work->done, data);
}

/* ---- writing ---- */

typedef struct {
  ShProject *project;
  ShImportReport *report;
  Work *work;
  ShImportProgress progress;
  gpointer user_data;
  guint done, total;
  guint batch_size;
  GArray *pending;             /* guint slot indices decoded, not yet written */
  GArray *order;               /* guint slot indices being decoded, in path order */
  guint next_in_order;         /* the first of them not yet handed to pending */
  gint64 last_flush;
} Run;

static void
announce (Run *run, const Slot *slot)
{
  run->done++;
  if (run->progress != NULL)
    run->progress (run->done, run->total, slot->path, run->user_data);
}

static void
report_duplicate (ShImportReport *report, const char *path, const char *of, gboolean in_project)
{
  ShImportDuplicate *duplicate = g_new0 (ShImportDuplicate, 1);

  duplicate->in_project = in_project;
  duplicate->path = g_strdup (path);
  duplicate->duplicate_of = g_strdup (of);
  g_ptr_array_add (report->duplicates, duplicate);
}

/* Writes the decoded images waiting in run->pending in one transaction: all of them or none. */
static gboolean
flush_pending (Run *run, GError **error)
{
  Slot *slots = run->work->slots;

  run->last_flush = g_get_monotonic_time ();
  if (run->pending->len == 0)
    return TRUE;
  if (!sh_project_begin (run->project, error))
    return FALSE;
  for (guint i = 0; i < run->pending->len; i++)
    {
      Slot *slot = &slots[g_array_index (run->pending, guint, i)];
      ShImageRow row = {
        .path = slot->path,
        .content_hash = slot->hash,
        .file_size = slot->file_size,
        .format = slot->format,
        .width = slot->width,
        .height = slot->height,
        .orientation = slot->orientation,
        .profile_name = slot->profile_name,
        .photo_check_json = slot->check_json,
        .photo_check_passed = slot->check_passed ? 1 : 0,
        .photo_check_version = SH_PHOTO_CHECK_VERSION,
      };

      if (!sh_project_add_image (run->project, &row, &slot->id, &slot->added, error))
        {
          sh_project_rollback (run->project);
          return FALSE;
        }
    }
  if (!sh_project_commit (run->project, error))
    {
      sh_project_rollback (run->project);
      return FALSE;
    }
  for (guint i = 0; i < run->pending->len; i++)
    {
      Slot *slot = &slots[g_array_index (run->pending, guint, i)];

      if (slot->added)
        {
          run->report->imported++;
          run->report->checks_failed += slot->check_passed ? 0 : 1;
          g_array_append_val (run->report->image_ids, slot->id);
        }
      else
        /* Settled as new before decoding; the project holding it now means the same bytes again. */
        report_duplicate (run->report, slot->path, slot->path, TRUE);
      g_clear_pointer (&slot->check_json, g_free);
    }
  g_array_set_size (run->pending, 0);
  return TRUE;
}

/* The stored path of the image holding hash, or NULL. */
static char *
project_path_for_hash (ShProject *project, const char *hash)
{
  char *path = NULL;

  sh_project_find_image_by_hash (project, hash, &path, NULL);
  return path;
}

/* Runs job over the indices with a pool of threads, calling on_done on this thread as each finishes.
 * When on_done fails, the jobs not yet started are dropped and the error returned. */
typedef gboolean (*DoneFunc) (Run *run, guint index, GError **error);

static gboolean
run_parallel (Run *run, GFunc job, guint threads, GArray *indices, DoneFunc on_done, GError **error)
{
  g_autoptr (GError) local = NULL;
  GThreadPool *pool;
  gboolean ok = TRUE;

  if (indices->len == 0)
    return TRUE;
  pool = g_thread_pool_new (job, run->work, (int) MAX (1u, threads), TRUE, NULL);
  for (guint i = 0; i < indices->len; i++)
    g_thread_pool_push (pool, GUINT_TO_POINTER (g_array_index (indices, guint, i) + 1), NULL);
  for (guint received = 0; received < indices->len; received++)
    {
      guint index = GPOINTER_TO_UINT (g_async_queue_pop (run->work->done)) - 1;

      if (ok && !on_done (run, index, &local))
        {
          ok = FALSE;
          g_atomic_int_set (&run->work->cancelled, 1);
        }
    }
  g_thread_pool_free (pool, FALSE, TRUE);
  if (!ok)
    g_propagate_error (error, g_steal_pointer (&local));
  return ok;
}

static gboolean
on_hashed (Run *run, guint index, GError **error)
{
  Slot *slot = &run->work->slots[index];

  /* Refused files are settled now; candidates are announced once decoded or found to be duplicates. */
  if (slot->fate == FATE_SKIPPED)
    announce (run, slot);
  return TRUE;
}

static gboolean
on_decoded (Run *run, guint index, GError **error)
{
  Slot *slot = &run->work->slots[index];

  announce (run, slot);
  slot->finished = TRUE;
  /* Rows are written in path order, whichever thread finished first: the project lists a folder's photos as
   * the folder does, and the same folder always gets the same ids. */
  while (run->next_in_order < run->order->len)
    {
      guint next = g_array_index (run->order, guint, run->next_in_order);

      if (!run->work->slots[next].finished)
        return TRUE;
      run->next_in_order++;
      if (run->work->slots[next].fate == FATE_DECODED)
        g_array_append_val (run->pending, next);
    }
  /* Commit in batches: few transactions, yet never much decoding lost if the process dies. */
  if (run->pending->len >= run->batch_size
      || g_get_monotonic_time () - run->last_flush >= FLUSH_INTERVAL_US)
    return flush_pending (run, error);
  return TRUE;
}

static void
slot_clear (Slot *slot)
{
  g_free (slot->path);
  g_free (slot->reason);
  g_free (slot->format);
  g_free (slot->profile_name);
  g_free (slot->check_json);
}

gboolean
sh_import_paths_full (ShProject *project, const char *const *paths, const ShImportOptions *options,
                      ShImportProgress progress, gpointer user_data, ShImportReport *report, GError **error)
{
  g_autoptr (GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GHashTable) visited = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GHashTable) batch_hashes = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GArray) all = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr (GArray) unique = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr (GArray) pending = g_array_new (FALSE, FALSE, sizeof (guint));
  gint64 start = g_get_monotonic_time ();
  guint threads = options != NULL && options->threads > 0 ? options->threads : g_get_num_processors ();
  Walk walk = { files, visited, report };
  Work work = { 0 };
  Run run = { 0 };
  gboolean ok = FALSE;

  g_return_val_if_fail (project != NULL && paths != NULL && report != NULL, FALSE);

  if (sh_project_is_read_only (project))
    {
      g_set_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_READ_ONLY, "%s is open read-only",
                   sh_project_get_path (project));
      return FALSE;
    }
  for (guint i = 0; paths[i] != NULL; i++)
    walk_path (&walk, paths[i], TRUE);
  report->found = files->len + report->skipped->len;

  work.slots = g_new0 (Slot, MAX (1u, files->len));
  work.done = g_async_queue_new ();
  if (options != NULL)
    {
      work.check = options->check;
      work.load = options->load;
    }
  for (guint i = 0; i < files->len; i++)
    {
      work.slots[i].path = g_strdup (g_ptr_array_index (files, i));
      g_array_append_val (all, i);
    }

  run.project = project;
  run.report = report;
  run.work = &work;
  run.progress = progress;
  run.user_data = user_data;
  run.total = report->found;
  run.done = report->skipped->len;
  run.batch_size = options != NULL && options->batch_size > 0 ? options->batch_size : SH_IMPORT_BATCH_SIZE;
  run.pending = pending;
  run.last_flush = g_get_monotonic_time ();

  if (!run_parallel (&run, hash_job, threads, all, on_hashed, error))
    goto out;

  /* Duplicates settled in path order: the first of equal files is the one imported. */
  for (guint i = 0; i < files->len; i++)
    {
      Slot *slot = &work.slots[i];
      g_autofree char *stored = NULL;
      const char *earlier;

      if (slot->fate != FATE_CANDIDATE)
        continue;
      stored = project_path_for_hash (project, slot->hash);
      earlier = g_hash_table_lookup (batch_hashes, slot->hash);
      if (stored != NULL || earlier != NULL)
        {
          slot->fate = FATE_DUPLICATE;
          report_duplicate (report, slot->path, stored != NULL ? stored : earlier, stored != NULL);
          announce (&run, slot);
          continue;
        }
      g_hash_table_insert (batch_hashes, slot->hash, slot->path);
      g_array_append_val (unique, i);
    }

  run.order = unique;
  if (!run_parallel (&run, decode_job, threads, unique, on_decoded, error))
    goto out;
  if (!flush_pending (&run, error))
    goto out;
  ok = TRUE;

out:
  /* Refusals in path order, whatever order the threads finished in. */
  for (guint i = 0; i < files->len; i++)
    if (work.slots[i].fate == FATE_SKIPPED)
      report_skip (report, work.slots[i].path, work.slots[i].skip_kind, work.slots[i].reason);
  for (guint i = 0; i < files->len; i++)
    slot_clear (&work.slots[i]);
  g_free (work.slots);
  g_async_queue_unref (work.done);
  report->seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  return ok;
}

gboolean
sh_import_paths (ShProject *project, const char *const *paths, ShImportProgress progress, gpointer user_data,
                 ShImportReport *report, GError **error)
{
  return sh_import_paths_full (project, paths, NULL, progress, user_data, report, error);
}
