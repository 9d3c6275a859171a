/* SPDX-License-Identifier: GPL-3.0-or-later */
/* annotations-read.c: which annotation format a file or folder holds, told by its content (the first
 * character, then the root element or key), never by its name alone. */
#define G_LOG_DOMAIN "shadelab-annotations"

#include "config.h"

#include "core/formats/annotations-readers.h"

#include <math.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "core/formats/xml-tree.h"

#define MAX_DEPTH 16

gboolean
sh_annotations_parse_number (const char *text, double *value)
{
  char *end = NULL;

  while (g_ascii_isspace (*text))
    text++;
  if (*text == '\0')
    return FALSE;
  *value = g_ascii_strtod (text, &end);
  if (end == text)
    return FALSE;
  while (g_ascii_isspace (*end))
    end++;
  return *end == '\0' && isfinite (*value);
}

static gboolean
is_labelme (const char *data, gsize len)
{
  cJSON *root = cJSON_ParseWithLength (data, len);
  gboolean labelme = cJSON_IsObject (root) && cJSON_GetObjectItemCaseSensitive (root, "shapes") != NULL
                     && cJSON_GetObjectItemCaseSensitive (root, "annotations") == NULL;

  cJSON_Delete (root);
  return labelme;
}

/* One file; display is how errors name it. */
static ShCocoSet *
read_file (const char *path, const char *display, GError **error)
{
  g_autofree char *data = NULL;
  g_autofree char *absolute = g_canonicalize_filename (path, NULL);
  g_autofree char *folder = g_path_get_dirname (absolute);
  g_autofree char *base = g_path_get_basename (path);
  ShCocoSet *set = NULL;
  GError *local = NULL;
  gsize len = 0, start = 0;

  if (g_str_has_suffix (base, ".yaml") || g_str_has_suffix (base, ".yml"))
    {
      if (strcmp (base, "data.yaml") != 0)
        {
          g_set_error (error, SH_COCO_ERROR, SH_COCO_ERROR_INVALID, "%s: a YOLO dataset's file is data.yaml",
                       display);
          return NULL;
        }
      return sh_yolo_read (folder, error);
    }
  if (!g_file_get_contents (path, &data, &len, error))
    return NULL;
  if (len >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    start = 3;
  while (start < len && g_ascii_isspace (data[start]))
    start++;
  if (start < len && (data[start] == '{' || data[start] == '['))
    {
      if (is_labelme (data, len))
        set = sh_labelme_parse (data, len, folder, &local);
      else if ((set = sh_coco_parse (data, len, &local)) != NULL)
        {
          /* COCO's layout keeps the JSON in annotations/ and the image root beside it. */
          g_autofree char *folder_name = g_path_get_basename (folder);
          g_autofree char *root = strcmp (folder_name, "annotations") == 0 ? g_path_get_dirname (folder)
                                                                            : g_strdup (folder);

          for (guint i = 0; i < set->images->len; i++)
            ((ShCocoImage *) g_ptr_array_index (set->images, i))->folder = g_strdup (root);
        }
    }
  else if (start < len && data[start] == '<')
    {
      g_autoptr (ShXmlNode) root = sh_xml_parse (data, len, &local);

      if (root != NULL && strcmp (root->name, "annotations") == 0)
        set = sh_cvat_parse (data, len, folder, &local);
      else if (root != NULL && strcmp (root->name, "annotation") == 0)
        set = sh_voc_parse (data, len, folder, &local);
      else if (root != NULL)
        g_set_error (&local, SH_COCO_ERROR, SH_COCO_ERROR_INVALID,
                     "line %d: <%s>: neither Pascal VOC (<annotation>) nor CVAT for images (<annotations>)",
                     root->line, root->name);
    }
  else
    g_set_error (&local, SH_COCO_ERROR, SH_COCO_ERROR_INVALID,
                 "neither JSON (COCO, labelme) nor XML (Pascal VOC, CVAT), nor a YOLO dataset's data.yaml");
  if (set == NULL)
    {
      g_prefix_error (&local, "%s: ", display);
      g_propagate_error (error, local);
      return NULL;
    }
  for (guint i = 0; i < set->warnings->len; i++)
    {
      char *warning = g_ptr_array_index (set->warnings, i);

      g_ptr_array_index (set->warnings, i) = g_strdup_printf ("%s: %s", display, warning);
      g_free (warning);
    }
  return set;
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static void
find_files (const char *root, const char *relative, int depth, ShAnnotationsKeep keep, GPtrArray *found)
{
  g_autofree char *folder = relative[0] != '\0' ? g_build_filename (root, relative, NULL) : g_strdup (root);
  g_autoptr (GDir) dir = g_dir_open (folder, 0, NULL);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (dir == NULL || depth > MAX_DEPTH)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    {
      const char *entry = g_ptr_array_index (names, i);
      g_autofree char *child = relative[0] != '\0' ? g_build_filename (relative, entry, NULL) : g_strdup (entry);
      g_autofree char *absolute = g_build_filename (root, child, NULL);

      if (g_file_test (absolute, G_FILE_TEST_IS_DIR))
        find_files (root, child, depth + 1, keep, found);
      else if (keep (child, entry))
        g_ptr_array_add (found, g_steal_pointer (&child));
    }
}

void
sh_annotations_find_files (const char *root, ShAnnotationsKeep keep, GPtrArray *found)
{
  find_files (root, "", 0, keep, found);
}

/* A folder of annotation files: every *.json and *.xml. */
static gboolean
is_annotation_file (const char *relative, const char *name)
{
  return g_str_has_suffix (name, ".json") || g_str_has_suffix (name, ".xml");
}

static ShCocoSet *
read_folder (const char *path, GError **error)
{
  g_autofree char *yaml = g_build_filename (path, "data.yaml", NULL);
  g_autoptr (GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (ShCocoSet) all = NULL;

  if (g_file_test (yaml, G_FILE_TEST_IS_REGULAR))
    return sh_yolo_read (path, error);
  sh_annotations_find_files (path, is_annotation_file, files);
  if (files->len == 0)
    {
      g_autofree char *name = g_filename_display_name (path);

      g_set_error (error, SH_COCO_ERROR, SH_COCO_ERROR_INVALID,
                   "%s: no data.yaml, and no .json or .xml annotation files under it", name);
      return NULL;
    }
  all = sh_coco_set_new (NULL);
  all->ground_truth = TRUE;
  for (guint i = 0; i < files->len; i++)
    {
      const char *relative = g_ptr_array_index (files, i);
      g_autofree char *file = g_build_filename (path, relative, NULL);
      g_autoptr (ShCocoSet) set = read_file (file, relative, error);

      if (set == NULL)
        return NULL;
      sh_coco_set_merge (all, set);
    }
  return g_steal_pointer (&all);
}

ShCocoSet *
sh_annotations_read (const char *path, ShAnnotationsAs as, GError **error)
{
  ShCocoSet *set;

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    set = read_folder (path, error);
  else
    {
      g_autofree char *display = g_filename_display_basename (path);

      set = read_file (path, display, error);
    }
  if (set != NULL && as != SH_ANNOTATIONS_AS_DETECTED)
    set->ground_truth = as == SH_ANNOTATIONS_AS_GROUND_TRUTH;
  return set;
}
