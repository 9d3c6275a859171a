/* SPDX-License-Identifier: GPL-3.0-or-later */
/* xml-tree.h: a small XML file read whole into a tree with GMarkup, for the annotation formats written as XML
 * (Pascal VOC, CVAT). Each element keeps its line so that errors can name it; text is the element's own
 * character data, stripped. No DTDs, no namespaces: GMarkup refuses what it does not know, which is what an
 * untrusted file deserves. */
#pragma once

#include <glib.h>

typedef struct _ShXmlNode ShXmlNode;
struct _ShXmlNode {
  char *name;
  char **attribute_names;
  char **attribute_values;
  GString *text;
  int line;
  ShXmlNode *parent;
  GPtrArray *children;         /* ShXmlNode */
};

/* The root element, or NULL with an error "line N: ..." (G_MARKUP_ERROR). */
ShXmlNode *sh_xml_parse (const char *data, gsize len, GError **error);
void sh_xml_node_free (ShXmlNode *node);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ShXmlNode, sh_xml_node_free)

/* The first child element called name, or NULL. */
ShXmlNode *sh_xml_child (const ShXmlNode *node, const char *name);
/* The stripped text of the first child called name, or NULL when there is none. */
const char *sh_xml_child_text (const ShXmlNode *node, const char *name);
/* An attribute's value, or NULL. */
const char *sh_xml_attribute (const ShXmlNode *node, const char *name);
