/* SPDX-License-Identifier: GPL-3.0-or-later */
/* xml-tree.c: GMarkup's events gathered into a tree. */
#define G_LOG_DOMAIN "shadelab-xml"

#include "config.h"

#include "core/formats/xml-tree.h"

#include <string.h>

/* Deeper nesting than any annotation format uses is refused, so a crafted file cannot exhaust the stack. */
#define MAX_DEPTH 64

typedef struct {
  ShXmlNode *root;
  ShXmlNode *current;
  int depth;
} Builder;

void
sh_xml_node_free (ShXmlNode *node)
{
  if (node == NULL)
    return;
  g_free (node->name);
  g_strfreev (node->attribute_names);
  g_strfreev (node->attribute_values);
  g_string_free (node->text, TRUE);
  g_ptr_array_unref (node->children);
  g_free (node);
}

static void
start_element (GMarkupParseContext *context, const char *name, const char **attribute_names,
               const char **attribute_values, gpointer user_data, GError **error)
{
  Builder *builder = user_data;
  ShXmlNode *node;
  int line = 0;

  g_markup_parse_context_get_position (context, &line, NULL);
  if (builder->current == NULL && builder->root != NULL)
    {
      g_set_error (error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT, "line %d: a second root element <%s>",
                   line, name);
      return;
    }
  if (++builder->depth > MAX_DEPTH)
    {
      g_set_error (error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT, "line %d: elements nested too deep",
                   line);
      return;
    }
  node = g_new0 (ShXmlNode, 1);
  node->name = g_strdup (name);
  node->attribute_names = g_strdupv ((char **) attribute_names);
  node->attribute_values = g_strdupv ((char **) attribute_values);
  node->text = g_string_new (NULL);
  node->line = line;
  node->children = g_ptr_array_new_with_free_func ((GDestroyNotify) sh_xml_node_free);
  node->parent = builder->current;
  if (builder->current != NULL)
    g_ptr_array_add (builder->current->children, node);
  else
    builder->root = node;
  builder->current = node;
}

static void
end_element (GMarkupParseContext *context, const char *name, gpointer user_data, GError **error)
{
  Builder *builder = user_data;
  ShXmlNode *node = builder->current;

  g_strstrip (node->text->str);
  node->text->len = strlen (node->text->str);
  builder->current = node->parent;
  builder->depth--;
}

static void
text (GMarkupParseContext *context, const char *text, gsize len, gpointer user_data, GError **error)
{
  Builder *builder = user_data;

  if (builder->current != NULL)
    g_string_append_len (builder->current->text, text, (gssize) len);
}

ShXmlNode *
sh_xml_parse (const char *data, gsize len, GError **error)
{
  static const GMarkupParser parser = { start_element, end_element, text, NULL, NULL };
  Builder builder = { 0 };
  g_autoptr (GMarkupParseContext) context = NULL;
  GError *local = NULL;
  gsize start = 0;

  if (len >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    start = 3;
  context = g_markup_parse_context_new (&parser, G_MARKUP_TREAT_CDATA_AS_TEXT, &builder, NULL);
  if (!g_markup_parse_context_parse (context, data + start, (gssize) (len - start), &local)
      || !g_markup_parse_context_end_parse (context, &local))
    {
      /* GMarkup's own messages already say "line N char M" (or "Error on line N"). */
      if (!g_str_has_prefix (local->message, "line "))
        {
          int line = 0;

          g_markup_parse_context_get_position (context, &line, NULL);
          if (strstr (local->message, "line") == NULL)
            g_prefix_error (&local, "line %d: ", line);
        }
      g_propagate_error (error, local);
      sh_xml_node_free (builder.root);
      return NULL;
    }
  if (builder.root == NULL)
    {
      g_set_error (error, G_MARKUP_ERROR, G_MARKUP_ERROR_EMPTY, "line 1: no XML element");
      return NULL;
    }
  return builder.root;
}

ShXmlNode *
sh_xml_child (const ShXmlNode *node, const char *name)
{
  for (guint i = 0; i < node->children->len; i++)
    {
      ShXmlNode *child = g_ptr_array_index (node->children, i);

      if (strcmp (child->name, name) == 0)
        return child;
    }
  return NULL;
}

const char *
sh_xml_child_text (const ShXmlNode *node, const char *name)
{
  ShXmlNode *child = sh_xml_child (node, name);

  return child != NULL ? child->text->str : NULL;
}

const char *
sh_xml_attribute (const ShXmlNode *node, const char *name)
{
  for (guint i = 0; node->attribute_names[i] != NULL; i++)
    if (strcmp (node->attribute_names[i], name) == 0)
      return node->attribute_values[i];
  return NULL;
}
