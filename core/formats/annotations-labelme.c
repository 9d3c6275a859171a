/* SPDX-License-Identifier: GPL-3.0-or-later */
/* annotations-labelme.c: one labelme JSON file: {"imagePath", "imageWidth", "imageHeight", "shapes": [{"label",
 * "points": [[x, y]...], "shape_type"}...]}; other keys (imageData, flags, group_id) are ignored.
 *
 * A rectangle (two opposite corners) is a box; a polygon (three points or more) becomes its bounding box, and
 * a circle (centre, then a point on it) its square. Lines, line strips and points have no area: left out with
 * a warning. imagePath is relative to the JSON file, as labelme writes it.
 */
#define G_LOG_DOMAIN "shadelab-annotations"

#include "config.h"

#include "core/formats/annotations-readers.h"

#include <math.h>
#include <string.h>

#include <cjson/cJSON.h>

static gboolean
read_size (const cJSON *root, const char *key, int *value, GError **error)
{
  const cJSON *item = cJSON_GetObjectItemCaseSensitive (root, key);

  *value = -1;
  if (item == NULL || cJSON_IsNull (item))
    return TRUE;
  if (!cJSON_IsNumber (item) || item->valuedouble != floor (item->valuedouble) || item->valuedouble < 1
      || item->valuedouble > 1000000)
    return sh_coco_invalid (error, key, "must be a whole number from 1 to 1000000");
  *value = (int) item->valuedouble;
  return TRUE;
}

/* The bounding box of a shape, FALSE with an error when it is malformed; *skip when it has no area type. */
static gboolean
read_shape (const cJSON *shape, const char *where, ShCocoBox *box, const char **label, gboolean *skip,
            GPtrArray *warnings, GError **error)
{
  const cJSON *label_item = cJSON_GetObjectItemCaseSensitive (shape, "label");
  const cJSON *points = cJSON_GetObjectItemCaseSensitive (shape, "points");
  const cJSON *type_item = cJSON_GetObjectItemCaseSensitive (shape, "shape_type");
  const char *type = "polygon";                 /* labelme's default when shape_type is null */
  double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY, first[2] = { 0 }, second[2] = { 0 };
  const cJSON *point;
  guint n = 0;

  *skip = FALSE;
  if (!cJSON_IsObject (shape))
    return sh_coco_invalid (error, where, "must be an object");
  if (!cJSON_IsString (label_item) || label_item->valuestring[0] == '\0')
    return sh_coco_invalid (error, where, "\"label\" must be a non-empty string");
  *label = label_item->valuestring;
  if (type_item != NULL && !cJSON_IsNull (type_item))
    {
      if (!cJSON_IsString (type_item))
        return sh_coco_invalid (error, where, "\"shape_type\" must be a string");
      type = type_item->valuestring;
    }
  if (!cJSON_IsArray (points))
    return sh_coco_invalid (error, where, "\"points\" must be an array of [x, y]");
  cJSON_ArrayForEach (point, points)
    {
      const cJSON *x = cJSON_GetArrayItem (point, 0), *y = cJSON_GetArrayItem (point, 1);

      if (!cJSON_IsArray (point) || cJSON_GetArraySize (point) != 2 || !cJSON_IsNumber (x) || !cJSON_IsNumber (y)
          || !isfinite (x->valuedouble) || !isfinite (y->valuedouble) || fabs (x->valuedouble) > 4.0e6
          || fabs (y->valuedouble) > 4.0e6)
        return sh_coco_invalid (error, where, "points[%u] must be [x, y], two numbers", n);
      if (n == 0)
        first[0] = x->valuedouble, first[1] = y->valuedouble;
      else if (n == 1)
        second[0] = x->valuedouble, second[1] = y->valuedouble;
      x0 = MIN (x0, x->valuedouble);
      y0 = MIN (y0, y->valuedouble);
      x1 = MAX (x1, x->valuedouble);
      y1 = MAX (y1, y->valuedouble);
      n++;
    }
  if (strcmp (type, "rectangle") == 0)
    {
      if (n != 2)
        return sh_coco_invalid (error, where, "a rectangle has two points, not %u", n);
    }
  else if (strcmp (type, "polygon") == 0)
    {
      if (n < 3)
        return sh_coco_invalid (error, where, "a polygon has three points or more, not %u", n);
    }
  else if (strcmp (type, "circle") == 0)
    {
      double r = hypot (second[0] - first[0], second[1] - first[1]);

      if (n != 2)
        return sh_coco_invalid (error, where, "a circle has two points, not %u", n);
      x0 = first[0] - r, x1 = first[0] + r, y0 = first[1] - r, y1 = first[1] + r;
    }
  else
    {
      g_ptr_array_add (warnings, g_strdup_printf ("%s: a %s has no area; left out", where, type));
      *skip = TRUE;
      return TRUE;
    }
  if (x1 <= x0 || y1 <= y0)
    return sh_coco_invalid (error, where, "the %s encloses no area", type);
  box->x = x0;
  box->y = y0;
  box->w = x1 - x0;
  box->h = y1 - y0;
  return TRUE;
}

ShCocoSet *
sh_labelme_parse (const char *data, gsize len, const char *folder, GError **error)
{
  g_autoptr (ShCocoSet) set = NULL;
  const cJSON *shapes, *shape, *image_path;
  cJSON *root;
  int width, height;
  guint image, i = 0;

  root = sh_annotations_parse_json (data, len, FALSE, error);
  if (root == NULL)
    return NULL;
  shapes = cJSON_GetObjectItemCaseSensitive (root, "shapes");
  image_path = cJSON_GetObjectItemCaseSensitive (root, "imagePath");
  if (!cJSON_IsObject (root) || !cJSON_IsArray (shapes))
    sh_coco_invalid (error, "the file", "not a labelme file (an object with \"shapes\")");
  else if (!cJSON_IsString (image_path) || image_path->valuestring[0] == '\0')
    sh_coco_invalid (error, "imagePath", "must be a non-empty string");
  else if (read_size (root, "imageWidth", &width, error) && read_size (root, "imageHeight", &height, error))
    {
      set = sh_coco_set_new ("labelme");
      set->ground_truth = TRUE;
      if (width < 0 || height < 0)
        width = height = -1;
      image = sh_coco_set_add_image (set, image_path->valuestring, folder, NULL, width, height);
      cJSON_ArrayForEach (shape, shapes)
        {
          g_autofree char *where = g_strdup_printf ("shapes[%u]", i++);
          ShCocoBox box = { 0 };
          const char *label = NULL;
          gboolean skip;

          if (!read_shape (shape, where, &box, &label, &skip, set->warnings, error))
            {
              g_clear_pointer (&set, sh_coco_set_free);
              break;
            }
          if (skip)
            continue;
          box.image = image;
          box.category = sh_coco_set_category (set, label);
          box.score = -1;
          g_array_append_val (set->boxes, box);
        }
    }
  cJSON_Delete (root);
  return g_steal_pointer (&set);
}
