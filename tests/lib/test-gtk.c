/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-gtk.c: driving GTK from an in-process GUI test (see test-gtk.h). */
#include "test-gtk.h"

#include <adwaita.h>

gboolean
test_gtk_init (int *argc, char ***argv)
{
  g_test_init (argc, argv, NULL);
  if (!gtk_init_check ())
    {
      g_test_skip ("no display");
      return FALSE;
    }
  adw_init ();
  return TRUE;
}

gboolean
test_display_init (int *argc, char ***argv, gboolean with_adwaita)
{
  if (g_getenv ("DISPLAY") == NULL || g_getenv ("DISPLAY")[0] == '\0')
    {
      g_print ("SKIP: no DISPLAY (build-aux/shadelab.sh test runs the tests on a virtual one)\n");
      return FALSE;
    }
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (argc, argv, NULL);
  if (!gtk_init_check ())
    {
      g_print ("SKIP: cannot open the display\n");
      return FALSE;
    }
  if (with_adwaita)
    adw_init ();
  return TRUE;
}

void
flush_events (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

void
spin (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < until)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
}

GtkWidget *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();  /* transfer none */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (window))
        return window;
    }
  return NULL;
}

GtkWidget *
find_widget (GtkWidget *root, WidgetMatch match, gconstpointer data)
{
  if (match (root, data))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, match, data);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
is_of_type (GtkWidget *widget, gconstpointer data)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, *(const GType *) data);
}

static gboolean
is_named (GtkWidget *widget, gconstpointer data)
{
  return g_strcmp0 (gtk_widget_get_name (widget), data) == 0;
}

GtkWidget *
find_descendant (GtkWidget *root, GType type)
{
  return find_widget (root, is_of_type, &type);
}

GtkWidget *
find_named (GtkWidget *root, const char *name)
{
  return find_widget (root, is_named, name);
}

void
activate_action (GtkWidget *widget, const char *action, GVariant *parameter)
{
  /* GTK 4.8 does not always sink a floating parameter (a refused one leaks): own it here. */
  g_autoptr (GVariant) owned = parameter ? g_variant_ref_sink (parameter) : NULL;

  g_assert_true (gtk_widget_activate_action_variant (widget, action, owned));
}

GdkTexture *
render_node (GskRenderNode *node, int width, int height)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GskRenderer) renderer = gsk_cairo_renderer_new ();
  GdkTexture *texture;

  g_assert_true (gsk_renderer_realize (renderer, NULL, &error));
  g_assert_no_error (error);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  gsk_renderer_unrealize (renderer);
  return texture;
}

GskRenderNode *
widget_own_node (GtkWidget *widget)
{
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  GskRenderNode *node;

  GTK_WIDGET_GET_CLASS (widget)->snapshot (widget, snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  return node;
}

Rendering *
rendering_new (GdkTexture *texture)
{
  Rendering *rendering = g_new0 (Rendering, 1);

  rendering->width = gdk_texture_get_width (texture);
  rendering->height = gdk_texture_get_height (texture);
  rendering->stride = (gsize) rendering->width * 4;
  rendering->pixels = g_malloc (rendering->stride * rendering->height);
  gdk_texture_download (texture, rendering->pixels, rendering->stride);
  return rendering;
}

void
rendering_free (Rendering *rendering)
{
  g_free (rendering->pixels);
  g_free (rendering);
}

void
rendering_rgb (const Rendering *rendering, int x, int y, guint8 rgb[3])
{
  const guint8 *p = rendering->pixels + (gsize) y * rendering->stride + 4 * (gsize) x;

  g_assert_cmpint (p[3], ==, 255);
  rgb[0] = p[2];
  rgb[1] = p[1];
  rgb[2] = p[0];
}

gboolean
try_save_png (GtkWidget *widget, const char *name)
{
  g_autoptr (GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr (GskRenderNode) node = NULL;
  g_autoptr (GdkTexture) texture = NULL;

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  if (node == NULL)
    return FALSE;
  texture = render_node (node, width, height);
  g_assert_true (gdk_texture_save_to_png (texture, name));
  g_test_message ("saved %s (%dx%d)", name, width, height);
  return TRUE;
}

void
save_png (GtkWidget *widget, const char *name)
{
  /* On a busy machine the widget may not have drawn yet: give it its frames. */
  WAIT_FOR (try_save_png (widget, name));
}
