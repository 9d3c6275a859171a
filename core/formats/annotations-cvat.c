/* SPDX-License-Identifier: GPL-3.0-or-later */
/* annotations-cvat.c: CVAT for images 1.1 XML: <annotations> with an <image id name width height> per photo,
 * holding <box label xtl ytl xbr ybr occluded> and <polygon label points="x1,y1;x2,y2;..."> shapes.
 *
 * Coordinates are CVAT's continuous pixels (a box from xtl to xbr is xbr - xtl wide). A polygon becomes its
 * bounding box, with its label. Other shapes (polylines, points, masks, ellipses, tags) are left out with a
 * warning; <track> elements are CVAT for video, which is refused.
 */
#define G_LOG_DOMAIN "shadelab-annotations"

#include "config.h"

#include "core/formats/annotations-readers.h"

#include <math.h>
#include <string.h>

#include "core/formats/xml-tree.h"

static gboolean
cvat_invalid (GError **error, const ShXmlNode *node, const char *format, const char *detail)
{
  g_autofree char *message = g_strdup_printf (format, detail);

  g_set_error (error, SH_COCO_ERROR, SH_COCO_ERROR_INVALID, "line %d: <%s>: %s", node->line, node->name, message);
  return FALSE;
}

static gboolean
attribute_number (const ShXmlNode *node, const char *name, double *value, GError **error)
{
  const char *text = sh_xml_attribute (node, name);

  if (text == NULL)
    return cvat_invalid (error, node, "attribute \"%s\" is missing", name);
  if (!sh_annotations_parse_number (text, value) || fabs (*value) > 4.0e6)
    return cvat_invalid (error, node, "attribute \"%s\" is not a number", name);
  return TRUE;
}

static gboolean
polygon_bounds (const ShXmlNode *node, ShCocoBox *box, GError **error)
{
  const char *points = sh_xml_attribute (node, "points");
  g_auto (GStrv) pairs = NULL;
  double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
  guint n = 0;

  if (points == NULL)
    return cvat_invalid (error, node, "attribute \"%s\" is missing", "points");
  pairs = g_strsplit (points, ";", -1);
  for (guint i = 0; pairs[i] != NULL; i++)
    {
      g_auto (GStrv) xy = g_strsplit (pairs[i], ",", -1);
      double x, y;

      if (g_strv_length (xy) != 2 || !sh_annotations_parse_number (xy[0], &x)
          || !sh_annotations_parse_number (xy[1], &y) || fabs (x) > 4.0e6 || fabs (y) > 4.0e6)
        return cvat_invalid (error, node, "points must be \"x1,y1;x2,y2;...\" (got \"%s\")", pairs[i]);
      x0 = MIN (x0, x);
      y0 = MIN (y0, y);
      x1 = MAX (x1, x);
      y1 = MAX (y1, y);
      n++;
    }
  if (n < 3 || x1 <= x0 || y1 <= y0)
    return cvat_invalid (error, node, "%s", "a polygon needs three points or more enclosing an area");
  box->x = x0;
  box->y = y0;
  box->w = x1 - x0;
  box->h = y1 - y0;
  return TRUE;
}

ShCocoSet *
sh_cvat_parse (const char *data, gsize len, const char *folder, GError **error)
{
  g_autoptr (ShXmlNode) root = sh_xml_parse (data, len, error);
  g_autoptr (ShCocoSet) set = NULL;

  if (root == NULL)
    return NULL;
  if (strcmp (root->name, "annotations") != 0)
    {
      cvat_invalid (error, root, "%s", "not a CVAT file (its root element is <annotations>)");
      return NULL;
    }
  set = sh_coco_set_new ("CVAT");
  set->ground_truth = TRUE;
  for (guint i = 0; i < root->children->len; i++)
    {
      const ShXmlNode *element = g_ptr_array_index (root->children, i);
      const char *name;
      double width, height;
      guint image;

      if (strcmp (element->name, "track") == 0)
        {
          cvat_invalid (error, element, "%s", "CVAT for video; export the task as CVAT for images 1.1");
          return NULL;
        }
      if (strcmp (element->name, "image") != 0)
        continue;
      name = sh_xml_attribute (element, "name");
      if (name == NULL || name[0] == '\0')
        {
          cvat_invalid (error, element, "attribute \"%s\" is missing or empty", "name");
          return NULL;
        }
      if (!attribute_number (element, "width", &width, error) || !attribute_number (element, "height", &height, error))
        return NULL;
      if (width != floor (width) || height != floor (height) || width < 1 || height < 1 || width > 1000000
          || height > 1000000)
        {
          cvat_invalid (error, element, "%s", "width and height must be whole numbers from 1");
          return NULL;
        }
      image = sh_coco_set_add_image (set, name, folder, NULL, (int) width, (int) height);
      for (guint s = 0; s < element->children->len; s++)
        {
          const ShXmlNode *shape = g_ptr_array_index (element->children, s);
          const char *label = sh_xml_attribute (shape, "label");
          const char *occluded = sh_xml_attribute (shape, "occluded");
          ShCocoBox box = { 0 };

          if (strcmp (shape->name, "box") == 0)
            {
              double xtl, ytl, xbr, ybr;

              if (!attribute_number (shape, "xtl", &xtl, error) || !attribute_number (shape, "ytl", &ytl, error)
                  || !attribute_number (shape, "xbr", &xbr, error) || !attribute_number (shape, "ybr", &ybr, error))
                return NULL;
              if (xbr <= xtl || ybr <= ytl)
                {
                  cvat_invalid (error, shape, "%s", "xbr must be above xtl and ybr above ytl");
                  return NULL;
                }
              box.x = xtl;
              box.y = ytl;
              box.w = xbr - xtl;
              box.h = ybr - ytl;
            }
          else if (strcmp (shape->name, "polygon") == 0)
            {
              if (!polygon_bounds (shape, &box, error))
                return NULL;
            }
          else
            {
              g_ptr_array_add (set->warnings, g_strdup_printf ("line %d: <%s> of \"%s\" left out: only boxes and "
                                                               "polygons are imported", shape->line, shape->name,
                                                               name));
              continue;
            }
          if (label == NULL || label[0] == '\0')
            {
              cvat_invalid (error, shape, "attribute \"%s\" is missing or empty", "label");
              return NULL;
            }
          if (occluded != NULL && strcmp (occluded, "0") != 0 && strcmp (occluded, "1") != 0)
            {
              cvat_invalid (error, shape, "attribute \"%s\" must be 0 or 1", "occluded");
              return NULL;
            }
          box.occluded = occluded != NULL && occluded[0] == '1';
          box.image = image;
          box.category = sh_coco_set_category (set, label);
          box.score = -1;
          g_array_append_val (set->boxes, box);
        }
    }
  return g_steal_pointer (&set);
}
