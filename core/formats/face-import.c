/* SPDX-License-Identifier: GPL-3.0-or-later */
/* face-import.c: read a landmark model's COCO polygons whole and strictly, match their images to face photos,
 * then set the lips in one transaction. */
#define G_LOG_DOMAIN "shadelab-annotations"

#include "config.h"

#include "core/formats/face-import.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "color/lip-mask.h"
#include "core/formats/annotations.h"
#include "core/store/project-participants.h"

enum { ROLE_NONE = -1, ROLE_OUTER, ROLE_OPENING };

typedef struct {
  char *file_name;                  /* owned */
  int width, height;                /* 0 when not given */
  const ShFacePhotoRow *photo;      /* borrowed: from Import.photos; NULL when unmatched */
  GArray *polygons[2];              /* owned: ShPoint, by role; NULL when the file gives none */
  int element[2];                   /* the annotation each came from */
} Image;

typedef struct {
  GPtrArray *photos;                /* owned: ShFacePhotoRow */
  char **canonical;                 /* owned: each photo's absolute path, canonical */
  GArray *images;                   /* owned: Image */
} Import;

void
sh_face_import_report_init (ShFaceImportReport *report)
{
  memset (report, 0, sizeof *report);
  report->warnings = g_ptr_array_new_with_free_func (g_free);
}

void
sh_face_import_report_clear (ShFaceImportReport *report)
{
  g_clear_pointer (&report->warnings, g_ptr_array_unref);
}

static void
import_clear (Import *import)
{
  for (guint i = 0; import->images != NULL && i < import->images->len; i++)
    {
      Image *image = &g_array_index (import->images, Image, i);

      g_free (image->file_name);
      for (int r = 0; r < 2; r++)
        g_clear_pointer (&image->polygons[r], g_array_unref);
    }
  g_clear_pointer (&import->images, g_array_unref);
  g_clear_pointer (&import->canonical, g_strfreev);
  g_clear_pointer (&import->photos, g_ptr_array_unref);
}

static char *
canonical (const char *path)
{
  char *real = realpath (path, NULL);
  char *copy = g_strdup (real != NULL ? real : path);

  free (real);
  return copy;
}

/* A whole number in [min, max] from object's key. */
static gboolean
get_int (const cJSON *object, const char *key, const char *where, double min, double max, gint64 *value,
         GError **error)
{
  const cJSON *item = cJSON_GetObjectItemCaseSensitive (object, key);

  if (item == NULL)
    return sh_coco_invalid (error, where, "\"%s\" is missing", key);
  if (!cJSON_IsNumber (item) || !isfinite (item->valuedouble) || item->valuedouble != floor (item->valuedouble)
      || item->valuedouble < min || item->valuedouble > max)
    return sh_coco_invalid (error, where, "\"%s\" must be a whole number from %.0f to %.0f", key, min, max);
  *value = (gint64) item->valuedouble;
  return TRUE;
}

static int
role_of (const char *name)
{
  static const char *const outer[] = { "lips", "lip", "outer", NULL };
  static const char *const opening[] = { "mouth-opening", "mouth", "opening", NULL };

  for (int i = 0; outer[i]; i++)
    if (g_ascii_strcasecmp (name, outer[i]) == 0)
      return ROLE_OUTER;
  for (int i = 0; opening[i]; i++)
    if (g_ascii_strcasecmp (name, opening[i]) == 0)
      return ROLE_OPENING;
  return ROLE_NONE;
}

static gboolean
parse_categories (const cJSON *array, GHashTable *roles, GError **error)
{
  const cJSON *element;
  guint i = 0;

  cJSON_ArrayForEach (element, array)
    {
      g_autofree char *where = g_strdup_printf ("categories[%u]", i++);
      const cJSON *name = cJSON_GetObjectItemCaseSensitive (element, "name");
      gint64 id;

      if (!cJSON_IsObject (element))
        return sh_coco_invalid (error, where, "must be an object");
      if (!get_int (element, "id", where, -9007199254740992.0, 9007199254740992.0, &id, error))
        return FALSE;
      if (!cJSON_IsString (name) || name->valuestring == NULL)
        return sh_coco_invalid (error, where, "\"name\" must be a string");
      if (g_hash_table_contains (roles, &id))
        return sh_coco_invalid (error, where, "id %" G_GINT64_FORMAT " is used by an earlier category", id);
      g_hash_table_insert (roles, g_memdup2 (&id, sizeof id), GINT_TO_POINTER (role_of (name->valuestring)));
    }
  return TRUE;
}

/* The face photo a file_name stands for: by path, then by file name; NULL (with a warning) when none. */
static gboolean
match_photo (const Import *import, ShProject *project, const char *json_folder, const char *file_name,
             const char *where, const ShFacePhotoRow **match, GPtrArray *warnings, GError **error)
{
  g_autofree char *base = g_path_get_basename (file_name);
  g_autofree char *parent = g_path_get_dirname (json_folder);
  g_autofree char *folder_name = g_path_get_basename (json_folder);
  g_autofree char *stored = sh_project_resolve_path (project, file_name);
  char *tries[3] = { NULL, NULL, NULL };
  const ShFacePhotoRow *by_name = NULL;

  *match = NULL;
  tries[0] = canonical (stored);
  if (!g_path_is_absolute (file_name))
    {
      g_autofree char *here = g_build_filename (json_folder, file_name, NULL);

      tries[1] = canonical (here);
      if (strcmp (folder_name, "annotations") == 0)
        {
          g_autofree char *above = g_build_filename (parent, file_name, NULL);

          tries[2] = canonical (above);
        }
    }
  for (guint i = 0; i < import->photos->len && *match == NULL; i++)
    for (int t = 0; t < 3; t++)
      if (tries[t] != NULL && strcmp (tries[t], import->canonical[i]) == 0)
        *match = g_ptr_array_index (import->photos, i);
  for (int t = 0; t < 3; t++)
    g_free (tries[t]);
  if (*match != NULL)
    return TRUE;

  for (guint i = 0; i < import->photos->len; i++)
    {
      const ShFacePhotoRow *photo = g_ptr_array_index (import->photos, i);
      g_autofree char *photo_base = g_path_get_basename (photo->path);

      if (strcmp (photo_base, base) != 0)
        continue;
      if (by_name != NULL)
        return sh_coco_invalid (error, where, "\"%s\" could be face photo %" G_GINT64_FORMAT " (%s) or %" G_GINT64_FORMAT
                        " (%s); give its path relative to the JSON file", file_name, by_name->id, by_name->path,
                        photo->id, photo->path);
      by_name = photo;
    }
  if (by_name == NULL)
    g_ptr_array_add (warnings, g_strdup_printf ("%s: \"%s\" is no face photo of the project; its polygons are "
                                                "left out", where, file_name));
  *match = by_name;
  return TRUE;
}

static gboolean
parse_images (const cJSON *array, Import *import, ShProject *project, const char *json_folder,
              GHashTable *index_of_id, GPtrArray *warnings, GError **error)
{
  const cJSON *element;
  guint i = 0;

  cJSON_ArrayForEach (element, array)
    {
      g_autofree char *where = g_strdup_printf ("images[%u]", i++);
      const cJSON *name = cJSON_GetObjectItemCaseSensitive (element, "file_name");
      Image image = { 0 };
      gint64 id, width = 0, height = 0;

      if (!cJSON_IsObject (element))
        return sh_coco_invalid (error, where, "must be an object");
      if (!get_int (element, "id", where, -9007199254740992.0, 9007199254740992.0, &id, error))
        return FALSE;
      if (!cJSON_IsString (name) || name->valuestring == NULL || name->valuestring[0] == '\0')
        return sh_coco_invalid (error, where, "\"file_name\" must be a file name");
      if ((cJSON_GetObjectItemCaseSensitive (element, "width") != NULL
           || cJSON_GetObjectItemCaseSensitive (element, "height") != NULL)
          && (!get_int (element, "width", where, 1, 1000000, &width, error)
              || !get_int (element, "height", where, 1, 1000000, &height, error)))
        return FALSE;
      if (g_hash_table_contains (index_of_id, &id))
        return sh_coco_invalid (error, where, "id %" G_GINT64_FORMAT " is used by an earlier image", id);
      if (!match_photo (import, project, json_folder, name->valuestring, where, &image.photo, warnings, error))
        return FALSE;
      if (image.photo != NULL && width != 0
          && (width != image.photo->width || height != image.photo->height))
        return sh_coco_invalid (error, where, "\"%s\" is %" G_GINT64_FORMAT "x%" G_GINT64_FORMAT " here but face photo %"
                        G_GINT64_FORMAT " is %dx%d upright; polygons must be in its upright pixels",
                        name->valuestring, width, height, image.photo->id, image.photo->width,
                        image.photo->height);
      for (guint k = 0; image.photo != NULL && k < import->images->len; k++)
        if (g_array_index (import->images, Image, k).photo == image.photo)
          return sh_coco_invalid (error, where, "\"%s\" is face photo %" G_GINT64_FORMAT " (%s), as images[%u] \"%s\" is",
                          name->valuestring, image.photo->id, image.photo->path, k,
                          g_array_index (import->images, Image, k).file_name);
      image.file_name = g_strdup (name->valuestring);
      g_array_append_val (import->images, image);
      g_hash_table_insert (index_of_id, g_memdup2 (&id, sizeof id), GUINT_TO_POINTER (import->images->len));
    }
  return TRUE;
}

static gboolean
parse_polygon (const cJSON *segmentation, const char *where, GArray **points, GError **error)
{
  const cJSON *polygon, *number;
  int n;

  if (cJSON_IsObject (segmentation))
    return sh_coco_invalid (error, where, "RLE masks are not read; give the outline as a polygon, [[x1,y1,x2,y2,...]]");
  if (!cJSON_IsArray (segmentation) || cJSON_GetArraySize (segmentation) != 1
      || !cJSON_IsArray (polygon = cJSON_GetArrayItem (segmentation, 0)))
    return sh_coco_invalid (error, where, "must be one polygon, [[x1,y1,x2,y2,...]]");
  n = cJSON_GetArraySize (polygon);
  if (n < 6 || n % 2)
    return sh_coco_invalid (error, where, "a polygon needs at least three x,y points (an even count of numbers), not %d "
                    "numbers", n);
  *points = g_array_sized_new (FALSE, FALSE, sizeof (ShPoint), n / 2);
  g_array_set_size (*points, n / 2);
  n = 0;
  cJSON_ArrayForEach (number, polygon)
    {
      if (!cJSON_IsNumber (number) || !isfinite (number->valuedouble))
        {
          g_clear_pointer (points, g_array_unref);
          return sh_coco_invalid (error, where, "element %d is not a number", n);
        }
      if (n % 2)
        g_array_index (*points, ShPoint, n / 2).y = number->valuedouble;
      else
        g_array_index (*points, ShPoint, n / 2).x = number->valuedouble;
      n++;
    }
  return TRUE;
}

static gboolean
parse_annotations (const cJSON *array, Import *import, GHashTable *index_of_id, GHashTable *roles,
                   ShFaceImportReport *report, GError **error)
{
  const cJSON *element;
  guint i = 0;

  cJSON_ArrayForEach (element, array)
    {
      g_autofree char *where = g_strdup_printf ("annotations[%u]", i);
      g_autofree char *where_segmentation = g_strdup_printf ("annotations[%u].segmentation", i);
      gint64 image_id, category_id;
      gpointer index, role_pointer;
      GArray *points = NULL;
      Image *image;
      int role;

      i++;
      if (!cJSON_IsObject (element))
        return sh_coco_invalid (error, where, "must be an object");
      if (!get_int (element, "image_id", where, -9007199254740992.0, 9007199254740992.0, &image_id, error)
          || !get_int (element, "category_id", where, -9007199254740992.0, 9007199254740992.0, &category_id,
                       error))
        return FALSE;
      if (!(index = g_hash_table_lookup (index_of_id, &image_id)))
        return sh_coco_invalid (error, where, "no image has id %" G_GINT64_FORMAT, image_id);
      if (!g_hash_table_lookup_extended (roles, &category_id, NULL, &role_pointer))
        return sh_coco_invalid (error, where, "no category has id %" G_GINT64_FORMAT, category_id);
      if (!parse_polygon (cJSON_GetObjectItemCaseSensitive (element, "segmentation"), where_segmentation, &points,
                          error))
        return FALSE;
      role = GPOINTER_TO_INT (role_pointer);
      image = &g_array_index (import->images, Image, GPOINTER_TO_UINT (index) - 1);
      if (role == ROLE_NONE)
        {
          report->ignored++;
          g_array_unref (points);
          continue;
        }
      if (image->polygons[role] != NULL)
        {
          g_array_unref (points);
          return sh_coco_invalid (error, where, "image %" G_GINT64_FORMAT " already has its %s in annotations[%d]", image_id,
                          role == ROLE_OUTER ? "lips" : "mouth opening", image->element[role]);
        }
      image->polygons[role] = points;
      image->element[role] = (int) i - 1;
    }
  return TRUE;
}

static gboolean
apply (ShProject *project, Import *import, ShFaceImportReport *report, GError **error)
{
  guint photos = 0, polygons = 0;

  if (!sh_project_begin (project, error))
    return FALSE;
  for (guint i = 0; i < import->images->len; i++)
    {
      const Image *image = &g_array_index (import->images, Image, i);
      g_autoptr (GArray) stored_outer = NULL;
      g_autoptr (GArray) stored_opening = NULL;
      const GArray *outer = image->polygons[ROLE_OUTER], *opening = image->polygons[ROLE_OPENING];

      if (image->photo == NULL || (outer == NULL && opening == NULL))
        continue;
      if (outer == NULL)
        {
          if (!sh_project_get_lip_polygons (project, image->photo->id, &stored_outer, &stored_opening, error))
            goto failed;
          if (stored_outer == NULL)
            {
              g_autofree char *where = g_strdup_printf ("annotations[%d]", image->element[ROLE_OPENING]);

              sh_coco_invalid (error, where,
                       "a mouth opening for face photo %" G_GINT64_FORMAT " (%s), which has no lips drawn and no "
                       "lips in the file", image->photo->id, image->photo->path);
              goto failed;
            }
          outer = stored_outer;
        }
      if (!sh_project_set_lip_polygons (project, image->photo->id, (const ShPoint *) outer->data, (int) outer->len,
                                        opening != NULL ? (const ShPoint *) opening->data : NULL,
                                        opening != NULL ? (int) opening->len : 0, error))
        {
          g_prefix_error (error, "images[%u] \"%s\": ", i, image->file_name);
          goto failed;
        }
      photos++;
      polygons += (image->polygons[ROLE_OUTER] != NULL) + (image->polygons[ROLE_OPENING] != NULL);
    }
  if (!sh_project_commit (project, error))
    return FALSE;
  report->photos = photos;
  report->polygons = polygons;
  return TRUE;

failed:
  sh_project_rollback (project);
  return FALSE;
}

gboolean
sh_face_import_polygons (ShProject *project, const char *path, ShFaceImportReport *report, GError **error)
{
  g_autofree char *data = NULL;
  g_autofree char *display = g_filename_display_basename (path);
  g_autofree char *absolute = NULL;
  g_autofree char *json_folder = NULL;
  g_autoptr (GHashTable) index_of_id = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr (GHashTable) roles = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  const char *keys[] = { "images", "annotations", "categories" };
  const cJSON *arrays[3];
  const char *end = NULL;
  cJSON *root = NULL;
  Import import = { 0 };
  GError *local = NULL;
  gsize len = 0;
  gboolean ok = FALSE;

  if (!g_file_get_contents (path, &data, &len, error))
    return FALSE;
  absolute = canonical (path);
  json_folder = g_path_get_dirname (absolute);
  root = cJSON_ParseWithLengthOpts (data, len, &end, FALSE);
  if (root == NULL)
    {
      g_set_error (&local, SH_COCO_ERROR, SH_COCO_ERROR_PARSE, "byte offset %" G_GSIZE_FORMAT ": not valid JSON",
                   end != NULL && end >= data && end <= data + len ? (gsize) (end - data) : 0);
      goto out;
    }
  if (!cJSON_IsObject (root))
    {
      sh_coco_invalid (&local, "the file", "must be a JSON object with images, annotations and categories");
      goto out;
    }
  for (int k = 0; k < 3; k++)
    if (!cJSON_IsArray (arrays[k] = cJSON_GetObjectItemCaseSensitive (root, keys[k])))
      {
        sh_coco_invalid (&local, "the file", "\"%s\" must be an array", keys[k]);
        goto out;
      }

  import.images = g_array_new (FALSE, TRUE, sizeof (Image));
  if (!(import.photos = sh_project_list_face_photos (project, 0, error)))
    goto out;
  import.canonical = g_new0 (char *, import.photos->len + 1);
  for (guint i = 0; i < import.photos->len; i++)
    {
      const ShFacePhotoRow *photo = g_ptr_array_index (import.photos, i);
      g_autofree char *resolved = sh_project_resolve_path (project, photo->path);

      import.canonical[i] = canonical (resolved);
    }
  if (!parse_categories (arrays[2], roles, &local)
      || !parse_images (arrays[0], &import, project, json_folder, index_of_id, report->warnings, &local)
      || !parse_annotations (arrays[1], &import, index_of_id, roles, report, &local))
    goto out;
  ok = apply (project, &import, report, error);

out:
  if (local != NULL)
    {
      g_prefix_error (&local, "%s: ", display);
      g_propagate_error (error, local);
    }
  cJSON_Delete (root);
  import_clear (&import);
  return ok;
}
