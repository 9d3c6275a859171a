/* SPDX-License-Identifier: GPL-3.0-or-later */
/* annotations.c: read COCO detection files completely and strictly, then write any reader's set as model or
 * human boxes in one transaction. */
#define G_LOG_DOMAIN "shadelab-annotations"

#include "config.h"

#include "core/formats/annotations.h"

#include "core/formats/annotations-readers.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

G_DEFINE_QUARK (sh-coco-error-quark, sh_coco_error)

/* Integers beyond this do not survive a double. */
#define MAX_EXACT_INTEGER 9007199254740992.0
#define MAX_SIDE 1000000

static void
image_free (gpointer data)
{
  ShCocoImage *image = data;

  g_free (image->file_name);
  g_free (image->folder);
  g_free (image->path);
  g_free (image);
}

void
sh_coco_set_free (ShCocoSet *set)
{
  if (set == NULL)
    return;
  g_ptr_array_unref (set->images);
  g_ptr_array_unref (set->category_names);
  g_array_unref (set->boxes);
  g_ptr_array_unref (set->warnings);
  g_free (set);
}

ShCocoSet *
sh_coco_set_new (const char *format)
{
  ShCocoSet *set = g_new0 (ShCocoSet, 1);

  set->images = g_ptr_array_new_with_free_func (image_free);
  set->category_names = g_ptr_array_new_with_free_func (g_free);
  set->boxes = g_array_new (FALSE, FALSE, sizeof (ShCocoBox));
  set->warnings = g_ptr_array_new_with_free_func (g_free);
  set->format = format;
  return set;
}

guint
sh_coco_set_add_image (ShCocoSet *set, const char *file_name, const char *folder, const char *path, int width,
                       int height)
{
  ShCocoImage *image = g_new0 (ShCocoImage, 1);

  image->id = set->images->len + 1;
  image->file_name = g_strdup (file_name);
  image->folder = g_strdup (folder);
  image->path = g_strdup (path);
  image->width = width;
  image->height = height;
  g_ptr_array_add (set->images, image);
  return set->images->len - 1;
}

guint
sh_coco_set_category (ShCocoSet *set, const char *name)
{
  for (guint i = 0; i < set->category_names->len; i++)
    if (strcmp (g_ptr_array_index (set->category_names, i), name) == 0)
      return i;
  g_ptr_array_add (set->category_names, g_strdup (name));
  return set->category_names->len - 1;
}

void
sh_coco_set_merge (ShCocoSet *dest, ShCocoSet *src)
{
  guint first_image = dest->images->len;
  g_autofree guint *category = g_new0 (guint, MAX (1u, src->category_names->len));

  for (guint i = 0; i < src->category_names->len; i++)
    category[i] = sh_coco_set_category (dest, g_ptr_array_index (src->category_names, i));
  while (src->images->len > 0)
    {
      ShCocoImage *image = g_ptr_array_steal_index (src->images, 0);

      image->id = dest->images->len + 1;
      g_ptr_array_add (dest->images, image);
    }
  for (guint b = 0; b < src->boxes->len; b++)
    {
      ShCocoBox box = g_array_index (src->boxes, ShCocoBox, b);

      box.image += first_image;
      box.category = category[box.category];
      g_array_append_val (dest->boxes, box);
    }
  g_array_set_size (src->boxes, 0);
  for (guint i = 0; i < src->warnings->len; i++)
    g_ptr_array_add (dest->warnings, g_strdup (g_ptr_array_index (src->warnings, i)));
  if (dest->format == NULL)
    dest->format = src->format;
  else if (g_strcmp0 (dest->format, src->format) != 0)
    dest->format = "mixed";
  /* One file of predictions makes the whole import predictions unless --as says otherwise. */
  dest->ground_truth = dest->ground_truth && src->ground_truth;
}

gboolean
sh_coco_invalid (GError **error, const char *where, const char *format, ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, SH_COCO_ERROR, SH_COCO_ERROR_INVALID, "%s: %s", where, message);
  return FALSE;
}

static cJSON *
member (const cJSON *object, const char *key)
{
  return cJSON_GetObjectItemCaseSensitive (object, key);
}

static gboolean
get_integer (const cJSON *object, const char *key, const char *where, double min, double max, gint64 *value,
             GError **error)
{
  cJSON *item = member (object, key);
  double number;

  if (item == NULL)
    return sh_coco_invalid (error, where, "\"%s\" is missing", key);
  if (!cJSON_IsNumber (item))
    return sh_coco_invalid (error, where, "\"%s\" must be a number", key);
  number = item->valuedouble;
  if (!isfinite (number) || number != floor (number) || number < min || number > max)
    return sh_coco_invalid (error, where, "\"%s\" must be a whole number from %.0f to %.0f", key, min, max);
  *value = (gint64) number;
  return TRUE;
}

static gboolean
get_string (const cJSON *object, const char *key, const char *where, char **value, GError **error)
{
  cJSON *item = member (object, key);
  g_autofree char *text = NULL;

  if (item == NULL)
    return sh_coco_invalid (error, where, "\"%s\" is missing", key);
  if (!cJSON_IsString (item) || item->valuestring == NULL)
    return sh_coco_invalid (error, where, "\"%s\" must be a string", key);
  text = g_strstrip (g_strdup (item->valuestring));
  if (text[0] == '\0')
    return sh_coco_invalid (error, where, "\"%s\" is empty", key);
  *value = g_steal_pointer (&text);
  return TRUE;
}

static cJSON *
get_array (const cJSON *root, const char *key, GError **error)
{
  cJSON *item = member (root, key);

  if (item == NULL)
    sh_coco_invalid (error, "the file", "\"%s\" is missing", key);
  else if (!cJSON_IsArray (item))
    sh_coco_invalid (error, key, "must be an array");
  else
    return item;
  return NULL;
}

static gboolean
parse_images (const cJSON *array, ShCocoSet *set, GHashTable *index_of_id, GError **error)
{
  const cJSON *element;
  guint i = 0;

  cJSON_ArrayForEach (element, array)
    {
      g_autofree char *where = g_strdup_printf ("images[%u]", i++);
      ShCocoImage *image;
      gint64 id, width, height;
      char *name = NULL;

      if (!cJSON_IsObject (element))
        return sh_coco_invalid (error, where, "must be an object");
      if (!get_integer (element, "id", where, -MAX_EXACT_INTEGER, MAX_EXACT_INTEGER, &id, error)
          || !get_integer (element, "width", where, 1, MAX_SIDE, &width, error)
          || !get_integer (element, "height", where, 1, MAX_SIDE, &height, error)
          || !get_string (element, "file_name", where, &name, error))
        return FALSE;
      if (g_hash_table_contains (index_of_id, &id))
        {
          g_free (name);
          return sh_coco_invalid (error, where, "id %" G_GINT64_FORMAT " is used by an earlier image", id);
        }
      image = g_new0 (ShCocoImage, 1);
      image->id = id;
      image->file_name = name;
      image->width = (int) width;
      image->height = (int) height;
      g_ptr_array_add (set->images, image);
      g_hash_table_insert (index_of_id, g_memdup2 (&image->id, sizeof image->id),
                           GUINT_TO_POINTER (set->images->len));
    }
  return TRUE;
}

static gboolean
parse_categories (const cJSON *array, ShCocoSet *set, GHashTable *index_of_id, GError **error)
{
  const cJSON *element;
  guint i = 0;

  cJSON_ArrayForEach (element, array)
    {
      g_autofree char *where = g_strdup_printf ("categories[%u]", i++);
      gint64 id;
      char *name = NULL;

      if (!cJSON_IsObject (element))
        return sh_coco_invalid (error, where, "must be an object");
      if (!get_integer (element, "id", where, -MAX_EXACT_INTEGER, MAX_EXACT_INTEGER, &id, error)
          || !get_string (element, "name", where, &name, error))
        return FALSE;
      if (g_hash_table_contains (index_of_id, &id))
        {
          g_free (name);
          return sh_coco_invalid (error, where, "id %" G_GINT64_FORMAT " is used by an earlier category", id);
        }
      g_ptr_array_add (set->category_names, name);
      g_hash_table_insert (index_of_id, g_memdup2 (&id, sizeof id), GUINT_TO_POINTER (set->category_names->len));
    }
  return TRUE;
}

static gboolean
parse_annotations (const cJSON *array, ShCocoSet *set, GHashTable *images, GHashTable *categories,
                   GError **error)
{
  const cJSON *element;
  guint i = 0;

  cJSON_ArrayForEach (element, array)
    {
      g_autofree char *where = g_strdup_printf ("annotations[%u]", i++);
      ShCocoBox box = { 0 };
      gint64 image_id, category_id;
      const cJSON *bbox, *score, *value;
      double numbers[4];
      guint n = 0;
      gpointer found;

      if (!cJSON_IsObject (element))
        return sh_coco_invalid (error, where, "must be an object");
      if (!get_integer (element, "image_id", where, -MAX_EXACT_INTEGER, MAX_EXACT_INTEGER, &image_id, error)
          || !get_integer (element, "category_id", where, -MAX_EXACT_INTEGER, MAX_EXACT_INTEGER, &category_id,
                           error))
        return FALSE;
      if ((found = g_hash_table_lookup (images, &image_id)) == NULL)
        return sh_coco_invalid (error, where, "image_id %" G_GINT64_FORMAT " is not in \"images\"", image_id);
      box.image = GPOINTER_TO_UINT (found) - 1;
      if ((found = g_hash_table_lookup (categories, &category_id)) == NULL)
        return sh_coco_invalid (error, where, "category_id %" G_GINT64_FORMAT " is not in \"categories\"", category_id);
      box.category = GPOINTER_TO_UINT (found) - 1;

      bbox = member (element, "bbox");
      if (bbox == NULL)
        return sh_coco_invalid (error, where, "\"bbox\" is missing");
      if (!cJSON_IsArray (bbox))
        return sh_coco_invalid (error, where, "\"bbox\" must be an array [x, y, width, height]");
      cJSON_ArrayForEach (value, bbox)
        {
          if (n >= 4 || !cJSON_IsNumber (value) || !isfinite (value->valuedouble)
              || fabs (value->valuedouble) > MAX_SIDE * 4.0)
            return sh_coco_invalid (error, where, "\"bbox\" must be four numbers [x, y, width, height]");
          numbers[n++] = value->valuedouble;
        }
      if (n != 4)
        return sh_coco_invalid (error, where, "\"bbox\" must be four numbers [x, y, width, height]");
      if (numbers[2] <= 0 || numbers[3] <= 0)
        return sh_coco_invalid (error, where, "\"bbox\" width and height must be above zero (got %g x %g)", numbers[2],
                        numbers[3]);
      box.x = numbers[0];
      box.y = numbers[1];
      box.w = numbers[2];
      box.h = numbers[3];

      box.score = -1.0;
      score = member (element, "score");
      if (score != NULL && !cJSON_IsNull (score))
        {
          if (!cJSON_IsNumber (score) || !isfinite (score->valuedouble) || score->valuedouble < 0
              || score->valuedouble > 1)
            return sh_coco_invalid (error, where, "\"score\" must be a number from 0 to 1");
          box.score = score->valuedouble;
          set->ground_truth = FALSE;
        }
      g_array_append_val (set->boxes, box);
    }
  return TRUE;
}

cJSON *
sh_annotations_parse_json (const char *data, gsize len, gboolean whole, GError **error)
{
  gsize start = len >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
  g_autofree char *copy = g_strndup (data + start, len - start);
  const char *end = NULL;
  cJSON *root = cJSON_ParseWithLengthOpts (copy, len - start, &end, FALSE);

  if (root == NULL)
    {
      gsize offset = end != NULL && end >= copy && end <= copy + (len - start) ? (gsize) (end - copy) : 0;

      g_set_error (error, SH_COCO_ERROR, SH_COCO_ERROR_PARSE, "byte offset %" G_GSIZE_FORMAT ": not valid JSON",
                   offset + start);
      return NULL;
    }
  for (const char *p = end; whole && p < copy + (len - start); p++)
    if (!g_ascii_isspace (*p))
      {
        g_set_error (error, SH_COCO_ERROR, SH_COCO_ERROR_PARSE,
                     "byte offset %" G_GSIZE_FORMAT ": unexpected text after the JSON object",
                     (gsize) (p - copy) + start);
        cJSON_Delete (root);
        return NULL;
      }
  return root;
}

ShCocoSet *
sh_coco_parse (const char *data, gsize len, GError **error)
{
  g_autoptr (GHashTable) images = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr (GHashTable) categories = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr (ShCocoSet) set = sh_coco_set_new ("COCO");
  const char *invalid_byte = NULL;
  cJSON *root, *images_array, *annotations_array, *categories_array;
  gboolean ok = FALSE;

  set->ground_truth = TRUE;
  if (!g_utf8_validate_len (data, len, &invalid_byte))
    {
      g_set_error (error, SH_COCO_ERROR, SH_COCO_ERROR_PARSE,
                   "byte offset %" G_GSIZE_FORMAT ": not UTF-8 text (or a NUL byte)", (gsize) (invalid_byte - data));
      return NULL;
    }
  root = sh_annotations_parse_json (data, len, TRUE, error);
  if (root == NULL)
    return NULL;
  if (!cJSON_IsObject (root))
    {
      sh_coco_invalid (error, "the file", "must be a JSON object with images, annotations and categories");
      goto out;
    }
  if ((images_array = get_array (root, "images", error)) == NULL
      || (annotations_array = get_array (root, "annotations", error)) == NULL
      || (categories_array = get_array (root, "categories", error)) == NULL)
    goto out;
  if (!parse_images (images_array, set, images, error) || !parse_categories (categories_array, set, categories, error)
      || !parse_annotations (annotations_array, set, images, categories, error))
    goto out;
  ok = TRUE;

out:
  cJSON_Delete (root);
  return ok ? g_steal_pointer (&set) : NULL;
}

ShCocoSet *
sh_coco_parse_file (const char *path, GError **error)
{
  g_autofree char *data = NULL;
  g_autofree char *name = g_filename_display_basename (path);
  gsize len = 0;
  ShCocoSet *set;
  GError *local = NULL;

  if (!g_file_get_contents (path, &data, &len, error))
    return NULL;
  set = sh_coco_parse (data, len, &local);
  if (set == NULL)
    {
      g_prefix_error (&local, "%s: ", name);
      g_propagate_error (error, local);
      return NULL;
    }
  {
    g_autofree char *absolute = g_canonicalize_filename (path, NULL);
    g_autofree char *folder = g_path_get_dirname (absolute);

    for (guint i = 0; i < set->images->len; i++)
      ((ShCocoImage *) g_ptr_array_index (set->images, i))->folder = g_strdup (folder);
  }
  return set;
}

/* ---- applying ---- */

void
sh_coco_report_init (ShCocoReport *report)
{
  memset (report, 0, sizeof *report);
  report->warnings = g_ptr_array_new_with_free_func (g_free);
  report->new_classes = g_ptr_array_new_with_free_func (g_free);
}

void
sh_coco_report_clear (ShCocoReport *report)
{
  g_clear_pointer (&report->warnings, g_ptr_array_unref);
  g_clear_pointer (&report->new_classes, g_ptr_array_unref);
}

void
sh_coco_box_to_upright (int orientation, int stored_width, int stored_height, double *x, double *y, double *w,
                        double *h)
{
  double x0 = *x, y0 = *y, w0 = *w, h0 = *h;
  double right = stored_width - x0 - w0, bottom = stored_height - y0 - h0;

  switch (orientation)
    {
    case 2: *x = right; break;                                         /* mirrored left-right */
    case 3: *x = right; *y = bottom; break;                            /* turned 180 degrees */
    case 4: *y = bottom; break;                                        /* mirrored top-bottom */
    case 5: *x = y0; *y = x0; *w = h0; *h = w0; break;                 /* transposed */
    case 6: *x = bottom; *y = x0; *w = h0; *h = w0; break;             /* turned 90 clockwise */
    case 7: *x = bottom; *y = right; *w = h0; *h = w0; break;          /* transversed */
    case 8: *x = y0; *y = right; *w = h0; *h = w0; break;              /* turned 90 anticlockwise */
    default: break;
    }
}

typedef struct {
  gint64 id;
  int width, height, orientation;
} ProjectImage;

/* FALSE when the project has no such image (or it cannot be read). */
static gboolean
lookup_image (ShProject *project, gint64 id, ProjectImage *image)
{
  if (!sh_project_get_image_size (project, id, &image->width, &image->height, &image->orientation, NULL))
    return FALSE;
  image->id = id;
  return TRUE;
}

/* The photo stored at an absolute path (followed through symbolic links, as an export's YOLO images are), or 0. */
static gint64
match_file (ShProject *project, const char *absolute)
{
  g_autofree char *real = realpath (absolute, NULL);
  g_autofree char *stored = sh_project_store_path (project, real != NULL ? real : absolute);
  g_autoptr (GArray) ids = sh_project_find_images_by_path (project, stored, NULL);

  return ids != NULL && ids->len > 0 ? g_array_index (ids, gint64, 0) : 0;
}

/* The project image a file's image stands for; 0 with a warning when none, -1 with an error when its name is
 * ambiguous (naming both candidates) or the project cannot be read. */
static gint64
match_image (ShProject *project, const ShCocoImage *image, GPtrArray *warnings, GError **error)
{
  const char *file_name = image->file_name;
  g_autofree char *base = g_path_get_basename (file_name);
  g_autoptr (GArray) ids = NULL;
  gint64 id = 0;

  if (image->path != NULL && (id = match_file (project, image->path)) != 0)
    return id;
  if (g_path_is_absolute (file_name))
    {
      if ((id = match_file (project, file_name)) != 0)
        return id;
    }
  else
    {
      if (image->folder != NULL)
        {
          g_autofree char *absolute = g_canonicalize_filename (file_name, image->folder);

          if ((id = match_file (project, absolute)) != 0)
            return id;
        }
      if (strchr (file_name, '/') != NULL)
        {
          g_autoptr (GArray) by_path = sh_project_find_images_by_path (project, file_name, NULL);

          if (by_path != NULL && by_path->len > 0)
            return g_array_index (by_path, gint64, 0);
        }
    }
  ids = sh_project_find_images_by_name (project, base, error);
  if (ids == NULL)
    return -1;
  if (ids->len == 1)
    return g_array_index (ids, gint64, 0);
  if (ids->len == 0)
    {
      g_ptr_array_add (warnings, g_strdup_printf ("\"%s\": no image of that name in the project; its boxes are "
                                                  "left out", file_name));
      return 0;
    }
  {
    g_autofree char *first = sh_project_get_image_file (project, g_array_index (ids, gint64, 0), NULL);
    g_autofree char *second = sh_project_get_image_file (project, g_array_index (ids, gint64, 1), NULL);

    g_set_error (error, SH_COCO_ERROR, SH_COCO_ERROR_INVALID,
                 "\"%s\" could be %s or %s (%u photos of the project have that name): write its path relative to "
                 "the annotation file or the project", file_name, first, second, ids->len);
  }
  return -1;
}

/* Removes the model boxes of an image nobody has accepted; counts them. */
static gboolean
remove_model_boxes (ShProject *project, gint64 image_id, guint *removed, GError **error)
{
  g_autoptr (GArray) boxes = sh_project_list_boxes (project, image_id, error);

  if (boxes == NULL)
    return FALSE;
  for (guint i = 0; i < boxes->len; i++)
    {
      const ShBoxRow *box = &g_array_index (boxes, ShBoxRow, i);

      if (box->source != SH_BOX_SOURCE_MODEL || box->accepted)
        continue;
      if (!sh_project_delete_box (project, box->id, error))
        return FALSE;
      (*removed)++;
    }
  return TRUE;
}

/* Ground truth the photo already has: a human (or accepted) box of that class, every side within 0.5 px. */
static gboolean
already_present (GArray *boxes, const char *class_name, double x, double y, double w, double h)
{
  for (guint i = 0; i < boxes->len; i++)
    {
      const ShBoxRow *box = &g_array_index (boxes, ShBoxRow, i);

      if ((box->source == SH_BOX_SOURCE_HUMAN || box->accepted) && g_strcmp0 (box->class_name, class_name) == 0
          && fabs (box->x - x) <= 0.5 && fabs (box->y - y) <= 0.5 && fabs (box->x + box->w - x - w) <= 0.5
          && fabs (box->y + box->h - y - h) <= 0.5)
        return TRUE;
    }
  return FALSE;
}

static gboolean
contains_string (GPtrArray *strings, const char *text)
{
  for (guint i = 0; i < strings->len; i++)
    if (strcmp (g_ptr_array_index (strings, i), text) == 0)
      return TRUE;
  return FALSE;
}

/* Writes the boxes of one image of the set onto project photo `image`; FALSE (error set) only when the project
 * refuses a write. */
static gboolean
apply_image (ShProject *project, const ShCocoSet *set, guint index, const guint *order, guint first, guint count,
             const ProjectImage *image, GPtrArray *classes_before, ShCocoReport *report, GError **error)
{
  const ShCocoImage *coco = g_ptr_array_index (set->images, index);
  g_autoptr (GArray) existing = NULL;

  if (set->ground_truth)
    {
      ShImageStatus status;
      g_autofree char *reason = NULL;

      if ((existing = sh_project_list_boxes (project, image->id, error)) == NULL
          || !sh_project_get_image_status (project, image->id, &status, &reason, error))
        return FALSE;
      if (status == SH_IMAGE_NEW)
        {
          if (!sh_project_set_image_status (project, image->id, SH_IMAGE_LABELED, NULL, error))
            return FALSE;
          report->images_labeled++;
        }
    }
  else if (!remove_model_boxes (project, image->id, &report->boxes_replaced, error))
    return FALSE;

  for (guint k = first; k < first + count; k++)
    {
      guint b = order[k];
      const ShCocoBox *box = &g_array_index (set->boxes, ShCocoBox, b);
      const char *class_name = g_ptr_array_index (set->category_names, box->category);
      ShBoxRow row = { 0 };
      double x = box->x, y = box->y, w = box->w, h = box->h;

      if (coco->width == 0)
        {
          /* Normalised centre and size (YOLO), of the upright photo. */
          w = box->w * image->width;
          h = box->h * image->height;
          x = box->x * image->width - w / 2;
          y = box->y * image->height - h / 2;
        }
      else if (coco->width > 0 && (coco->width != image->width || coco->height != image->height))
        sh_coco_box_to_upright (image->orientation, coco->width, coco->height, &x, &y, &w, &h);
      if (w <= 0 || h <= 0 || x >= image->width || y >= image->height || x + w <= 0 || y + h <= 0)
        {
          g_ptr_array_add (report->warnings,
                           g_strdup_printf ("\"%s\": box %u (%g, %g, %g x %g) lies outside the %dx%d image; left "
                                            "out", coco->file_name, b, box->x, box->y, box->w, box->h, image->width,
                                            image->height));
          continue;
        }
      if (existing != NULL && already_present (existing, class_name, x, y, w, h))
        {
          report->boxes_present++;
          continue;
        }
      row.image_id = image->id;
      row.class_name = class_name;
      row.x = x;
      row.y = y;
      row.w = w;
      row.h = h;
      row.source = set->ground_truth ? SH_BOX_SOURCE_HUMAN : SH_BOX_SOURCE_MODEL;
      row.score = set->ground_truth ? -1.0 : box->score;
      row.occluded = box->occluded;
      row.truncated = box->truncated;
      row.difficult = box->difficult;
      if (!sh_project_save_box (project, &row, NULL, error))
        {
          g_prefix_error (error, "\"%s\", annotation %u: ", coco->file_name, b);
          return FALSE;
        }
      if (!contains_string (classes_before, class_name) && !contains_string (report->new_classes, class_name))
        g_ptr_array_add (report->new_classes, g_strdup (class_name));
      report->boxes_added++;
    }
  return TRUE;
}

gboolean
sh_coco_apply (ShProject *project, const ShCocoSet *set, ShCocoReport *report, GError **error)
{
  guint n_images = set->images->len;
  g_autofree guint *first = g_new0 (guint, n_images + 1);
  g_autofree guint *order = g_new (guint, MAX (1u, set->boxes->len));
  g_autofree guint *fill = NULL;
  g_autoptr (GPtrArray) classes_before = sh_project_list_box_classes (project, error);

  if (classes_before == NULL)
    return FALSE;
  /* The boxes grouped by image, in file order within each (a counting sort). */
  for (guint b = 0; b < set->boxes->len; b++)
    first[g_array_index (set->boxes, ShCocoBox, b).image + 1]++;
  for (guint i = 0; i < n_images; i++)
    first[i + 1] += first[i];
  fill = g_memdup2 (first, sizeof (guint) * (n_images + 1));
  for (guint b = 0; b < set->boxes->len; b++)
    order[fill[g_array_index (set->boxes, ShCocoBox, b).image]++] = b;

  for (guint i = 0; i < set->warnings->len; i++)
    g_ptr_array_add (report->warnings, g_strdup (g_ptr_array_index (set->warnings, i)));
  if (!sh_project_begin (project, error))
    return FALSE;
  for (guint i = 0; i < n_images; i++)
    {
      const ShCocoImage *coco = g_ptr_array_index (set->images, i);
      ProjectImage image = { 0 };
      gint64 id = match_image (project, coco, report->warnings, error);

      if (id < 0)
        goto out_rollback;
      if (id == 0 || !lookup_image (project, id, &image))
        continue;
      if (coco->width > 0
          && !(coco->width == image.width && coco->height == image.height)
          && !(coco->width == image.height && coco->height == image.width && image.orientation >= 5))
        {
          g_ptr_array_add (report->warnings,
                           g_strdup_printf ("\"%s\": the %s are for a %dx%d image, the photo is %dx%d "
                                            "upright (EXIF orientation %d); its boxes are left out",
                                            coco->file_name, set->ground_truth ? "annotations" : "predictions",
                                            coco->width, coco->height, image.width, image.height,
                                            image.orientation));
          continue;
        }
      if (!apply_image (project, set, i, order, first[i], first[i + 1] - first[i], &image, classes_before, report,
                        error))
        goto out_rollback;
      report->images_matched++;
    }
  if (!sh_project_commit (project, error))
    goto out_rollback;
  return TRUE;

out_rollback:
  sh_project_rollback (project);
  g_ptr_array_set_size (report->warnings, 0);
  g_ptr_array_set_size (report->new_classes, 0);
  report->images_matched = report->boxes_added = report->boxes_replaced = 0;
  report->boxes_present = report->images_labeled = 0;
  return FALSE;
}
