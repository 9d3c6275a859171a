/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-gtk.h: driving GTK from an in-process GUI test: starting it (or skipping without a display), letting
 * the main loop run until something has happened, finding windows, and saving what a widget shows as a PNG
 * for people to look at. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* g_test_init, then GTK and libadwaita; FALSE (the test skipped) without a display: main returns 77. */
gboolean test_gtk_init (int *argc, char ***argv);

/* For tests that read exact English text off the widgets: skips (FALSE, after saying so: main returns 77)
 * without a DISPLAY; the C locale; g_test_init, then GTK, and libadwaita when with_adwaita. */
gboolean test_display_init (int *argc, char ***argv, gboolean with_adwaita);

/* Runs the main loop until cond holds; the test fails after a minute. */
#define WAIT_FOR(cond) \
  G_STMT_START { \
    gint64 deadline_ = g_get_monotonic_time () + 60 * G_USEC_PER_SEC; \
    while (!(cond)) \
      { \
        if (g_get_monotonic_time () > deadline_) \
          g_error ("timed out waiting for %s", #cond); \
        g_main_context_iteration (NULL, FALSE); \
        g_usleep (1000); \
      } \
  } G_STMT_END

/* Runs what the main loop has ready, without waiting. */
void flush_events (void);

/* Runs the main loop for ms milliseconds: for what has no signal to wait for (layout, a frame). */
void spin (guint ms);

/* The first visible toplevel of a type, or NULL. */
GtkWidget *find_toplevel (GType type);

/* The first widget in root's tree (root included), depth first, that match accepts; NULL when there is none. */
typedef gboolean (*WidgetMatch) (GtkWidget *widget, gconstpointer data);
GtkWidget *find_widget (GtkWidget *root, WidgetMatch match, gconstpointer data);

/* The same for the first widget of a type, or with a name (gtk_widget_set_name). */
GtkWidget *find_descendant (GtkWidget *root, GType type);
GtkWidget *find_named (GtkWidget *root, const char *name);

/* Activates a window's action (as its shortcut or menu item would); the test fails when it is refused. A
 * floating parameter is consumed. */
void activate_action (GtkWidget *widget, const char *action, GVariant *parameter);

/* node (width x height from the origin) drawn by the cairo renderer, as the tests draw everything. */
GdkTexture *render_node (GskRenderNode *node, int width, int height);

/* The widget's own drawing, straight from its snapshot vfunc (what GTK calls for each frame), without its
 * window around it; the test fails when it draws nothing. */
GskRenderNode *widget_own_node (GtkWidget *widget);

/* A texture's pixels in memory, to read colours back. */
typedef struct {
  guint8 *pixels;   /* B, G, R, A (premultiplied little-endian ARGB32, as gdk_texture_download gives them) */
  int width, height;
  gsize stride;
} Rendering;

Rendering *rendering_new (GdkTexture *texture);
void rendering_free (Rendering *rendering);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Rendering, rendering_free)

/* R, G, B at (x, y), which must lie in the rendering; the pixel must be opaque. */
void rendering_rgb (const Rendering *rendering, int x, int y, guint8 rgb[3]);

/* Saves what the widget shows now as a PNG at name (relative: the test's working directory); FALSE when it
 * has drawn nothing yet (or any more). */
gboolean try_save_png (GtkWidget *widget, const char *name);

/* The same, waiting (up to a minute) for the widget to draw: the test fails when it never does. */
void save_png (GtkWidget *widget, const char *name);

G_END_DECLS
