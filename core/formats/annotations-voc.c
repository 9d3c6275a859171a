/* SPDX-License-Identifier: GPL-3.0-or-later */
/* annotations-voc.c: one Pascal VOC annotation file (the VOC development kit's XML: <annotation> with
 * <filename>, <size> and an <object> per box).
 *
 * Coordinates are 1-based inclusive pixel indices, as the development kit reads them: xmin 1, xmax 10 covers
 * pixel columns 0..9, the box x 0, width 10 (decimal values, which some tools write, are taken as they are).
 * <path>, when given, is where the photo lies (absolute, or relative to the XML file); <folder> is the
 * dataset's name in VOC, not a path, and is ignored. truncated, difficult and occluded are kept.
 */
#define G_LOG_DOMAIN "shadelab-annotations"

#include "config.h"

#include "core/formats/annotations-readers.h"

#include <math.h>
#include <string.h>

#include "core/formats/xml-tree.h"

static gboolean
voc_invalid (GError **error, const ShXmlNode *node, const char *message)
{
  g_set_error (error, SH_COCO_ERROR, SH_COCO_ERROR_INVALID, "line %d: <%s>: %s", node->line, node->name, message);
  return FALSE;
}

/* A child element's number; missing is an error naming the parent. */
static gboolean
child_number (const ShXmlNode *node, const char *name, double *value, GError **error)
{
  ShXmlNode *child = sh_xml_child (node, name);

  if (child == NULL)
    {
      g_autofree char *message = g_strdup_printf ("<%s> is missing", name);

      return voc_invalid (error, node, message);
    }
  if (!sh_annotations_parse_number (child->text->str, value) || fabs (*value) > 4.0e6)
    {
      g_autofree char *message = g_strdup_printf ("\"%s\" is not a number", child->text->str);

      return voc_invalid (error, child, message);
    }
  return TRUE;
}

/* An optional 0/1 flag. */
static gboolean
child_flag (const ShXmlNode *node, const char *name, gboolean *value, GError **error)
{
  ShXmlNode *child = sh_xml_child (node, name);

  *value = FALSE;
  if (child == NULL || child->text->str[0] == '\0')
    return TRUE;
  if (strcmp (child->text->str, "0") != 0 && strcmp (child->text->str, "1") != 0)
    return voc_invalid (error, child, "must be 0 or 1");
  *value = child->text->str[0] == '1';
  return TRUE;
}

ShCocoSet *
sh_voc_parse (const char *data, gsize len, const char *folder, GError **error)
{
  g_autoptr (ShXmlNode) root = sh_xml_parse (data, len, error);
  g_autoptr (ShCocoSet) set = NULL;
  g_autofree char *path = NULL;
  const char *file_name, *given_path;
  ShXmlNode *size;
  double width = -1, height = -1;
  guint image;

  if (root == NULL)
    return NULL;
  if (strcmp (root->name, "annotation") != 0)
    {
      voc_invalid (error, root, "not a Pascal VOC file (its root element is <annotation>)");
      return NULL;
    }
  file_name = sh_xml_child_text (root, "filename");
  if (file_name == NULL || file_name[0] == '\0')
    {
      voc_invalid (error, root, "<filename> is missing or empty");
      return NULL;
    }
  given_path = sh_xml_child_text (root, "path");
  if (given_path != NULL && given_path[0] != '\0')
    path = g_canonicalize_filename (given_path, folder);
  if ((size = sh_xml_child (root, "size")) != NULL)
    {
      if (!child_number (size, "width", &width, error) || !child_number (size, "height", &height, error))
        return NULL;
      if (width != floor (width) || height != floor (height) || width < 0 || height < 0 || width > 1000000
          || height > 1000000)
        {
          voc_invalid (error, size, "width and height must be whole numbers");
          return NULL;
        }
      /* Some tools write 0 x 0 when they did not know the size. */
      if (width == 0 || height == 0)
        width = height = -1;
    }
  set = sh_coco_set_new ("Pascal VOC");
  set->ground_truth = TRUE;
  image = sh_coco_set_add_image (set, file_name, folder, path, (int) width, (int) height);
  for (guint i = 0; i < root->children->len; i++)
    {
      const ShXmlNode *object = g_ptr_array_index (root->children, i);
      const ShXmlNode *bndbox;
      const char *name;
      double xmin, ymin, xmax, ymax;
      ShCocoBox box = { 0 };

      if (strcmp (object->name, "object") != 0)
        continue;
      name = sh_xml_child_text (object, "name");
      if (name == NULL || name[0] == '\0')
        {
          voc_invalid (error, object, "<name> is missing or empty");
          return NULL;
        }
      if ((bndbox = sh_xml_child (object, "bndbox")) == NULL)
        {
          voc_invalid (error, object, "<bndbox> is missing");
          return NULL;
        }
      if (!child_number (bndbox, "xmin", &xmin, error) || !child_number (bndbox, "ymin", &ymin, error)
          || !child_number (bndbox, "xmax", &xmax, error) || !child_number (bndbox, "ymax", &ymax, error)
          || !child_flag (object, "truncated", &box.truncated, error)
          || !child_flag (object, "difficult", &box.difficult, error)
          || !child_flag (object, "occluded", &box.occluded, error))
        return NULL;
      if (xmax < xmin || ymax < ymin)
        {
          voc_invalid (error, bndbox, "xmax must not be below xmin, nor ymax below ymin");
          return NULL;
        }
      box.image = image;
      box.category = sh_coco_set_category (set, name);
      box.x = xmin - 1;
      box.y = ymin - 1;
      box.w = xmax - xmin + 1;
      box.h = ymax - ymin + 1;
      box.score = -1;
      g_array_append_val (set->boxes, box);
    }
  return g_steal_pointer (&set);
}
