/* SPDX-License-Identifier: GPL-3.0-or-later */
/* annotations-yolo.c: an Ultralytics YOLO dataset: data.yaml names the classes; every labels/.../NAME.txt holds
 * the boxes of images/.../NAME.<ext> (the last "labels" folder of its path read as "images"), one a line:
 * "class cx cy w h" normalised to the upright photo, with a sixth column, the confidence, in a model's
 * predictions, or "class x1 y1 x2 y2 x3 y3..." for a segmentation polygon (its bounding box is kept). The
 * photo's size comes from the project when the boxes are applied. Text files outside a labels folder
 * (train.txt lists) are not labels.
 */
#define G_LOG_DOMAIN "shadelab-annotations"

#include "config.h"

#include "core/formats/annotations-readers.h"

#include <math.h>
#include <string.h>

/* Normalised values written with float rounding may pass 1 by a hair. */
#define SLACK 1e-3

static const char *const image_extensions[] = {
  ".jpg", ".jpeg", ".png", ".tif", ".tiff", ".webp", ".bmp", ".JPG", ".JPEG", ".PNG", ".TIF", ".TIFF", ".WEBP",
};

static G_GNUC_PRINTF (4, 5) gboolean
yolo_invalid (GError **error, const char *file, int line, const char *format, ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  if (line > 0)
    g_set_error (error, SH_COCO_ERROR, SH_COCO_ERROR_INVALID, "%s: line %d: %s", file, line, message);
  else
    g_set_error (error, SH_COCO_ERROR, SH_COCO_ERROR_INVALID, "%s: %s", file, message);
  return FALSE;
}

/* ---- data.yaml ----
 * The subset of YAML read here, which is what YOLO datasets use: one "key: value" a line at the left margin,
 * '#' comments, and for "names:" a flow list ([a, 'b c']), a flow mapping ({0: a, 1: b}), a block list
 * ("  - a") or a block mapping ("  0: a") of class names; "nc:" a whole number. Scalars plain, 'single'
 * quoted ('' for a quote) or "double" quoted (\" and \\ only). Other keys (path, train, val, download...) are
 * skipped with their indented lines. Anything else under names is an error naming the line. */

/* The line without a comment: '#' at its start or after a space, outside quotes. */
static void
strip_comment (char *line)
{
  char quote = 0;

  for (char *p = line; *p; p++)
    {
      if (quote != 0)
        {
          if (*p == quote)
            quote = 0;
        }
      else if (*p == '\'' || *p == '"')
        quote = *p;
      else if (*p == '#' && (p == line || g_ascii_isspace (p[-1])))
        {
          *p = '\0';
          break;
        }
    }
  g_strchomp (line);
}

/* A scalar's text, unquoted, newly allocated; NULL when its quotes do not close. */
static char *
yaml_scalar (const char *text)
{
  g_autofree char *copy = g_strstrip (g_strdup (text));
  gsize len = strlen (copy);
  GString *out;

  if (len == 0 || (copy[0] != '\'' && copy[0] != '"'))
    return g_steal_pointer (&copy);
  if (len < 2 || copy[len - 1] != copy[0])
    return NULL;
  out = g_string_new (NULL);
  for (gsize i = 1; i < len - 1; i++)
    {
      if (copy[0] == '\'' && copy[i] == '\'' && copy[i + 1] == '\'')
        i++;
      else if (copy[0] == '"' && copy[i] == '\\' && (copy[i + 1] == '"' || copy[i + 1] == '\\'))
        i++;
      g_string_append_c (out, copy[i]);
    }
  return g_string_free (out, FALSE);
}

/* Splits "a, 'b, c', d" at the commas outside quotes. */
static GPtrArray *
split_flow (const char *text)
{
  GPtrArray *items = g_ptr_array_new_with_free_func (g_free);
  const char *start = text;
  char quote = 0;

  for (const char *p = text;; p++)
    {
      if (quote != 0 && *p == quote)
        quote = 0;
      else if (quote == 0 && (*p == '\'' || *p == '"'))
        quote = *p;
      else if (*p == '\0' || (quote == 0 && *p == ','))
        {
          g_autofree char *item = g_strstrip (g_strndup (start, (gsize) (p - start)));

          if (item[0] != '\0' || *p == ',')
            g_ptr_array_add (items, g_steal_pointer (&item));
          if (*p == '\0')
            break;
          start = p + 1;
        }
    }
  return items;
}

/* Sets names[index] = the scalar; FALSE with an error on a bad or repeated entry. */
static gboolean
put_name (GPtrArray *names, const char *index_text, const char *value, int line, GError **error)
{
  g_autofree char *name = yaml_scalar (value);
  guint64 index = 0;

  if (index_text != NULL)
    {
      g_autofree char *key = g_strstrip (g_strdup (index_text));

      if (!g_ascii_string_to_unsigned (key, 10, 0, 9999, &index, NULL))
        return yolo_invalid (error, "data.yaml", line, "names: \"%s\" is not a class number", key);
    }
  else
    index = names->len;
  if (name == NULL || name[0] == '\0')
    return yolo_invalid (error, "data.yaml", line, "names: an empty or unclosed class name");
  if (index >= names->len)
    g_ptr_array_set_size (names, (guint) index + 1);
  if (g_ptr_array_index (names, index) != NULL)
    return yolo_invalid (error, "data.yaml", line, "names: class %u is named twice", (guint) index);
  g_ptr_array_index (names, index) = g_steal_pointer (&name);
  return TRUE;
}

static gboolean
put_flow (GPtrArray *names, const char *text, int line, GError **error)
{
  gsize len = strlen (text);
  gboolean mapping = text[0] == '{';
  g_autofree char *inner = NULL;
  g_autoptr (GPtrArray) items = NULL;

  if (len < 2 || text[len - 1] != (mapping ? '}' : ']'))
    return yolo_invalid (error, "data.yaml", line, "names: a list [...] or mapping {...} that does not close");
  inner = g_strndup (text + 1, len - 2);
  items = split_flow (inner);
  for (guint i = 0; i < items->len; i++)
    {
      const char *item = g_ptr_array_index (items, i);
      const char *colon = mapping ? strchr (item, ':') : NULL;
      g_autofree char *key = NULL;

      if (mapping && colon == NULL)
        return yolo_invalid (error, "data.yaml", line, "names: \"%s\" is not \"number: name\"", item);
      if (colon != NULL)
        key = g_strndup (item, (gsize) (colon - item));
      if (!put_name (names, key, colon != NULL ? colon + 1 : item, line, error))
        return FALSE;
    }
  return TRUE;
}

static GPtrArray *
read_data_yaml (const char *path, GError **error)
{
  g_autofree char *text = NULL;
  g_auto (GStrv) lines = NULL;
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  gboolean in_names = FALSE, has_names = FALSE;
  gint64 nc = -1;

  if (!g_file_get_contents (path, &text, NULL, error))
    return NULL;
  if (!g_utf8_validate (text, -1, NULL))
    {
      yolo_invalid (error, "data.yaml", 0, "not UTF-8 text");
      return NULL;
    }
  lines = g_strsplit (text, "\n", -1);
  for (int i = 0; lines[i] != NULL; i++)
    {
      char *line = lines[i];
      int number = i + 1;
      char *colon;

      strip_comment (line);
      if (line[strspn (line, " \t\r")] == '\0')
        continue;
      if (g_ascii_isspace (line[0]) || line[0] == '-')
        {
          char *item = g_strstrip (line);

          if (!in_names)
            continue;
          if (item[0] == '-')
            {
              if (!put_name (names, NULL, item + 1, number, error))
                return NULL;
            }
          else if ((colon = strchr (item, ':')) != NULL)
            {
              *colon = '\0';
              if (!put_name (names, item, colon + 1, number, error))
                return NULL;
            }
          else
            {
              yolo_invalid (error, "data.yaml", number, "names: \"%s\" is neither \"- name\" nor \"number: name\"",
                            item);
              return NULL;
            }
          continue;
        }
      in_names = FALSE;
      if ((colon = strchr (line, ':')) == NULL)
        {
          yolo_invalid (error, "data.yaml", number, "\"%s\" is not \"key: value\"", line);
          return NULL;
        }
      *colon = '\0';
      g_strstrip (line);
      g_strstrip (colon + 1);
      if (strcmp (line, "names") == 0)
        {
          has_names = TRUE;
          if (colon[1] == '\0')
            in_names = TRUE;
          else if (!put_flow (names, colon + 1, number, error))
            return NULL;
        }
      else if (strcmp (line, "nc") == 0
               && !g_ascii_string_to_signed (colon + 1, 10, 0, 9999, &nc, NULL))
        {
          yolo_invalid (error, "data.yaml", number, "nc: \"%s\" is not a whole number", colon + 1);
          return NULL;
        }
    }
  if (!has_names || names->len == 0)
    {
      yolo_invalid (error, "data.yaml", 0, "\"names\" is missing or empty");
      return NULL;
    }
  for (guint c = 0; c < names->len; c++)
    if (g_ptr_array_index (names, c) == NULL)
      {
        yolo_invalid (error, "data.yaml", 0, "names: class %u has no name", c);
        return NULL;
      }
  if (nc >= 0 && (guint) nc != names->len)
    {
      yolo_invalid (error, "data.yaml", 0, "nc is %" G_GINT64_FORMAT " but names lists %u classes", nc, names->len);
      return NULL;
    }
  return g_steal_pointer (&names);
}

/* ---- label files ---- */

/* The *.txt files under a "labels" folder. */
static gboolean
is_label_file (const char *relative, const char *name)
{
  return g_str_has_suffix (name, ".txt")
         && (g_str_has_prefix (relative, "labels/") || strstr (relative, "/labels/") != NULL);
}

/* images/.../NAME.<ext> for labels/.../NAME.txt, relative to root; NULL when no such photo is there. */
static char *
image_of_label (const char *root, const char *label)
{
  g_autofree char *stem = g_strndup (label, strlen (label) - strlen (".txt"));
  const char *last = g_strrstr (stem, "labels/");

  while (last != NULL && last != stem && last[-1] != '/')
    last = g_strrstr_len (stem, last - stem, "labels/");
  if (last == NULL)
    return NULL;
  for (guint e = 0; e < G_N_ELEMENTS (image_extensions); e++)
    {
      g_autofree char *candidate = g_strdup_printf ("%.*simages/%s%s", (int) (last - stem), stem,
                                                    last + strlen ("labels/"), image_extensions[e]);
      g_autofree char *absolute = g_build_filename (root, candidate, NULL);

      if (g_file_test (absolute, G_FILE_TEST_EXISTS))
        return g_steal_pointer (&candidate);
    }
  return NULL;
}

static gboolean
unit_value (const char *text, double *value)
{
  return sh_annotations_parse_number (text, value) && *value >= -SLACK && *value <= 1 + SLACK;
}

static gboolean
read_label_file (ShCocoSet *set, GPtrArray *names, const char *root, const char *label, gboolean *scored,
                 GError **error)
{
  g_autofree char *absolute = g_build_filename (root, label, NULL);
  g_autofree char *image_name = image_of_label (root, label);
  g_autofree char *text = NULL;
  g_auto (GStrv) lines = NULL;
  guint image = 0;

  if (!g_file_get_contents (absolute, &text, NULL, error))
    return FALSE;
  if (image_name != NULL)
    {
      g_autofree char *image_path = g_build_filename (root, image_name, NULL);

      image = sh_coco_set_add_image (set, image_name, root, image_path, 0, 0);
    }
  lines = g_strsplit (text, "\n", -1);
  for (int i = 0; lines[i] != NULL; i++)
    {
      g_auto (GStrv) fields = g_strsplit_set (g_strstrip (lines[i]), " \t", -1);
      g_autoptr (GPtrArray) values = g_ptr_array_new ();
      guint64 class_index;
      ShCocoBox box = { 0 };

      for (guint f = 0; fields[f] != NULL; f++)
        if (fields[f][0] != '\0')
          g_ptr_array_add (values, fields[f]);
      if (values->len == 0)
        continue;
      if (!g_ascii_string_to_unsigned (g_ptr_array_index (values, 0), 10, 0, names->len - 1, &class_index, NULL))
        return yolo_invalid (error, label, i + 1, "class \"%s\" is not one of 0 to %u in data.yaml",
                             (char *) g_ptr_array_index (values, 0), names->len - 1);
      box.score = -1;
      if (values->len == 5 || values->len == 6)
        {
          double v[5];

          for (guint f = 1; f < values->len; f++)
            if (!unit_value (g_ptr_array_index (values, f), &v[f - 1]))
              return yolo_invalid (error, label, i + 1, "\"%s\" is not a number from 0 to 1",
                                   (char *) g_ptr_array_index (values, f));
          if (v[2] <= 0 || v[3] <= 0)
            return yolo_invalid (error, label, i + 1, "the width and height must be above zero");
          box.x = v[0], box.y = v[1], box.w = v[2], box.h = v[3];
          if (values->len == 6)
            {
              box.score = CLAMP (v[4], 0, 1);
              *scored = TRUE;
            }
        }
      else if (values->len >= 7 && values->len % 2 == 1)
        {
          double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;

          for (guint f = 1; f < values->len; f += 2)
            {
              double x, y;

              if (!unit_value (g_ptr_array_index (values, f), &x) || !unit_value (g_ptr_array_index (values, f + 1),
                                                                                   &y))
                return yolo_invalid (error, label, i + 1, "polygon point %u is not two numbers from 0 to 1",
                                     f / 2 + 1);
              x0 = MIN (x0, x), y0 = MIN (y0, y), x1 = MAX (x1, x), y1 = MAX (y1, y);
            }
          if (x1 <= x0 || y1 <= y0)
            return yolo_invalid (error, label, i + 1, "the polygon encloses no area");
          box.x = (x0 + x1) / 2, box.y = (y0 + y1) / 2, box.w = x1 - x0, box.h = y1 - y0;
        }
      else
        return yolo_invalid (error, label, i + 1, "%u fields: a box is \"class cx cy w h\" (and a confidence), a "
                             "polygon \"class x1 y1 x2 y2 x3 y3...\"", values->len);
      if (image_name == NULL)
        continue;
      box.image = image;
      box.category = sh_coco_set_category (set, g_ptr_array_index (names, class_index));
      g_array_append_val (set->boxes, box);
    }
  if (image_name == NULL)
    g_ptr_array_add (set->warnings, g_strdup_printf ("%s: no photo of that name under images/ beside it; its boxes "
                                                     "are left out", label));
  return TRUE;
}

ShCocoSet *
sh_yolo_read (const char *root, GError **error)
{
  g_autofree char *yaml = g_build_filename (root, "data.yaml", NULL);
  g_autoptr (GPtrArray) names = read_data_yaml (yaml, error);
  g_autoptr (GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (ShCocoSet) set = NULL;
  gboolean scored = FALSE;

  if (names == NULL)
    return NULL;
  sh_annotations_find_files (root, is_label_file, labels);
  if (labels->len == 0)
    {
      yolo_invalid (error, "data.yaml", 0, "no labels/ folder with .txt files beside it");
      return NULL;
    }
  set = sh_coco_set_new ("YOLO");
  /* Every class of data.yaml, in its order, even those without a box. */
  for (guint c = 0; c < names->len; c++)
    sh_coco_set_category (set, g_ptr_array_index (names, c));
  for (guint i = 0; i < labels->len; i++)
    if (!read_label_file (set, names, root, g_ptr_array_index (labels, i), &scored, error))
      return NULL;
  set->ground_truth = !scored;
  return g_steal_pointer (&set);
}
