/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-swatch-panel.c: the live swatch panel on a generated product photo: a box is measured off the main
 * thread, and the panel's numbers (hex, names, Lab, counts, finish, the other methods, the distance to the
 * catalogue colour) and overlay mask are exactly sh_extract's; the empty and outside-the-photo states; the
 * overlay toggle. Renders the panel as swatch-panel.png, swatch-panel-dark.png and swatch-panel-empty.png in
 * the current directory for a look. Needs a display (exits 77 without one). */
#define G_LOG_DOMAIN "shadelab-test"
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/sh-swatch-panel.h"
#include "color/colorspace.h"
#include "color/delta-e.h"
#include "color/synth.h"
#include "core/formats/color-names.h"
#include "core/formats/image-loader.h"
#include "core/formats/synth-writer.h"
#include "widgets/sh-swatch-view.h"
#include "tests/lib/photo-fixture.h"
#include "tests/lib/test-gtk.h"

#define PANEL_WIDTH 320
#define PANEL_HEIGHT 720

typedef struct {
  int n_ready, n_final;
  ShSwatch last_final;
  int n_overlay;
  int overlay_x, overlay_y, overlay_w, overlay_h;
  GBytes *overlay_mask;
} Events;

static void
on_swatch_ready (ShSwatchPanel *panel, const ShSwatch *robust, gboolean final, Events *events)
{
  g_assert_nonnull (robust);
  events->n_ready++;
  if (final)
    {
      events->n_final++;
      events->last_final = *robust;
    }
}

static void
on_overlay_ready (ShSwatchPanel *panel, int x, int y, int w, int h, GBytes *mask, Events *events)
{
  events->n_overlay++;
  events->overlay_x = x;
  events->overlay_y = y;
  events->overlay_w = w;
  events->overlay_h = h;
  g_clear_pointer (&events->overlay_mask, g_bytes_unref);
  if (mask != NULL)
    events->overlay_mask = g_bytes_ref (mask);
}

static GtkWidget *
child (ShSwatchPanel *panel, const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (panel), SH_TYPE_SWATCH_PANEL, name);

  g_assert_nonnull (object);
  return GTK_WIDGET (object);
}

static const char *
label_text (ShSwatchPanel *panel, const char *name)
{
  return gtk_label_get_text (GTK_LABEL (child (panel, name)));
}

static gboolean
timeout_reached (gpointer user_data)
{
  g_error ("the panel did not get its result within 20 s");
  return G_SOURCE_REMOVE;
}

static void
wait_for_final (Events *events, int n_final)
{
  guint timeout = g_timeout_add_seconds (20, timeout_reached, NULL);

  while (events->n_final < n_final)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timeout);
}

static void
wait_for_frames (GtkWidget *widget)
{
  gint64 until = g_get_monotonic_time () + 300 * 1000;

  while (gtk_widget_get_width (widget) == 0 || g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
}

/* Renders widget as it is allocated in its window (GtkSnapshot + the cairo renderer) into png_name. */
static Rendering *
render (GtkWidget *widget, const char *png_name)
{
  g_autoptr (GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  g_autoptr (GskRenderNode) node = NULL;
  g_autoptr (GdkTexture) texture = NULL;

  g_assert_cmpint (width, >, 0);
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  texture = render_node (node, width, height);
  g_assert_true (gdk_texture_save_to_png (texture, png_name));
  return rendering_new (texture);
}

/* The rendered colour at the centre of the left quarter of a swatch view. */
static void
rendered_swatch_rgb (const Rendering *rendering, GtkWidget *root, GtkWidget *view, guint8 rgb[3])
{
  graphene_rect_t bounds;
  int x, y;

  g_assert_true (gtk_widget_compute_bounds (view, root, &bounds));
  x = (int) (bounds.origin.x + bounds.size.width / 4);
  y = (int) (bounds.origin.y + bounds.size.height / 2);
  g_assert_cmpint (x, <, rendering->width);
  g_assert_cmpint (y, <, rendering->height);
  rendering_rgb (rendering, x, y, rgb);
}

typedef struct {
  GtkWidget *window;
  GtkWidget *frame;    /* the panel on the window background, what is rendered */
  ShSwatchPanel *panel;
  Events events;
} Fixture;

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  fixture->window = gtk_window_new ();
  fixture->frame = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_add_css_class (fixture->frame, "background");
  fixture->panel = SH_SWATCH_PANEL (sh_swatch_panel_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (fixture->panel), TRUE);
  gtk_box_append (GTK_BOX (fixture->frame), GTK_WIDGET (fixture->panel));
  gtk_window_set_child (GTK_WINDOW (fixture->window), fixture->frame);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), PANEL_WIDTH, PANEL_HEIGHT);
  gtk_window_set_decorated (GTK_WINDOW (fixture->window), FALSE);
  memset (&fixture->events, 0, sizeof fixture->events);
  g_signal_connect (fixture->panel, "swatch-ready", G_CALLBACK (on_swatch_ready), &fixture->events);
  g_signal_connect (fixture->panel, "overlay-ready", G_CALLBACK (on_overlay_ready), &fixture->events);
  gtk_window_present (GTK_WINDOW (fixture->window));
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_pointer (&fixture->events.overlay_mask, g_bytes_unref);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
assert_counts_shown (ShSwatchPanel *panel, const ShSwatch *swatch)
{
  GtkGrid *legend = GTK_GRID (child (panel, "legend_grid"));

  for (int i = 0; i < SH_N_PIXEL_CLASSES; i++)
    {
      g_autofree char *count = g_strdup_printf ("%'" G_GINT64_FORMAT, swatch->counts[i]);
      GtkWidget *label = gtk_grid_get_child_at (legend, 2, i);

      g_assert_nonnull (label);
      g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, count);
    }
}

static void
test_measures_box (Fixture *fixture, gconstpointer data)
{
  g_autoptr (Photo) photo = photo_new (1000, 1200, 31);
  const ShImage *image = sh_shared_image_get_image (photo->image);
  ShSwatchPanel *panel = fixture->panel;
  ShBox box = photo->truth.label_box;
  ShSwatch robust, mean, dominant;
  g_autofree guint8 *mask = NULL;
  g_autofree char *lab_text = NULL, *delta_text = NULL, *mean_delta = NULL, *dominant_delta = NULL;
  g_autoptr (Rendering) rendering = NULL;
  g_autoptr (Rendering) dark = NULL;
  const ShSwatch *shown;
  double catalogue_lab[3];
  guint8 catalogue_rgb[3], rendered[3], expected_rgb[3];
  char catalogue_hex[8];
  gboolean has_finish;

  /* The catalogue colour: near the product's true colour, as a catalogue's often is. */
  sh_linear_srgb_to_srgb8 (photo->truth.body_linear, catalogue_rgb);
  catalogue_rgb[0] = (guint8) MIN (catalogue_rgb[0] + 14, 255);
  catalogue_rgb[2] = (guint8) MAX (catalogue_rgb[2] - 10, 0);
  sh_format_hex (catalogue_rgb, catalogue_hex);
  sh_srgb8_to_lab (catalogue_rgb, catalogue_lab);

  sh_swatch_panel_set_image (panel, photo->image, catalogue_hex);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child (panel, "stack"))), ==, "empty");
  g_assert_null (sh_swatch_panel_get_swatch (panel, NULL));

  /* As during a drag, then the box as released. */
  for (int i = 0; i < 5; i++)
    {
      ShBox growing = { box.x, box.y, box.w / 2 + i * box.w / 10, box.h / 2 + i * box.h / 10 };
      sh_swatch_panel_show_box (panel, &growing, FALSE);
    }
  sh_swatch_panel_show_box (panel, &box, TRUE);
  wait_for_final (&fixture->events, 1);

  mask = g_malloc ((gsize) box.w * box.h);
  g_assert_true (sh_extract_with_finish (image, box, SH_METHOD_ROBUST, &robust, mask));
  g_assert_true (sh_extract (image, box, SH_METHOD_MEAN, &mean, NULL));
  g_assert_true (sh_extract (image, box, SH_METHOD_DOMINANT, &dominant, NULL));

  /* What the window stores. */
  g_assert_cmpint (fixture->events.n_final, ==, 1);
  g_assert_cmpstr (fixture->events.last_final.hex, ==, robust.hex);
  g_assert_cmpmem (&fixture->events.last_final.box, sizeof box, &box, sizeof box);
  g_assert_cmpint (fixture->events.last_final.finish.finish, ==, robust.finish.finish);
  g_assert_true (fixture->events.last_final.glitter.present);

  /* What the labeler reads. */
  shown = sh_swatch_panel_get_swatch (panel, &has_finish);
  g_assert_nonnull (shown);
  g_assert_true (has_finish);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child (panel, "stack"))), ==, "swatch");
  g_assert_cmpstr (label_text (panel, "hex_label"), ==, robust.hex);
  g_assert_true (gtk_label_get_selectable (GTK_LABEL (child (panel, "hex_label"))));
  lab_text = g_strdup_printf ("L %.1f  a %.1f  b %.1f", robust.lab[0], robust.lab[1], robust.lab[2]);
  g_assert_cmpstr (label_text (panel, "lab_label"), ==, lab_text);
  delta_text = g_strdup_printf ("ΔE00 %.1f", sh_delta_e2000 (robust.lab, catalogue_lab));
  g_assert_cmpstr (label_text (panel, "catalogue_delta_label"), ==, delta_text);
  g_assert_true (gtk_widget_get_visible (child (panel, "catalogue_delta_label")));
  g_assert_nonnull (strstr (label_text (panel, "catalogue_hex_label"), catalogue_hex));
  /* Both names of the colour, to copy; the catalogue colour's in its tooltip. */
  {
    g_autofree char *names = sh_color_names_describe (robust.lab);
    g_autofree char *catalogue_names = sh_color_names_describe (catalogue_lab);
    const char *tooltip = gtk_widget_get_tooltip_text (child (panel, "catalogue_hex_label"));

    g_assert_nonnull (names);
    g_assert_nonnull (strstr (names, "(ISCC-NBS "));
    g_assert_cmpstr (label_text (panel, "names_label"), ==, names);
    g_assert_true (gtk_label_get_selectable (GTK_LABEL (child (panel, "names_label"))));
    g_assert_nonnull (strstr (tooltip, catalogue_names));
  }
  g_assert_cmpfloat_with_epsilon (gtk_level_bar_get_value (GTK_LEVEL_BAR (child (panel, "confidence_bar"))),
                                  robust.confidence, 1e-12);
  assert_counts_shown (panel, &robust);
  g_assert_cmpint (robust.finish.finish, ==, SH_FINISH_GLOSS);
  /* A photo's "gloss" class is named by the preset calibration starts from, as the calibration window does. */
  g_assert_cmpstr (label_text (panel, "finish_label"), ==, "Shiny");
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (child (panel, "finish_label")), "Gloss score"));
  g_assert_true (gtk_widget_get_visible (child (panel, "glitter_label")));
  g_assert_nonnull (strstr (label_text (panel, "glitter_label"), robust.glitter.hex));
  g_assert_cmpstr (label_text (panel, "mean_hex_label"), ==, mean.hex);
  g_assert_cmpstr (label_text (panel, "dominant_hex_label"), ==, dominant.hex);
  mean_delta = g_strdup_printf ("ΔE00 %.1f", sh_delta_e2000 (robust.lab, mean.lab));
  dominant_delta = g_strdup_printf ("ΔE00 %.1f", sh_delta_e2000 (robust.lab, dominant.lab));
  g_assert_cmpstr (label_text (panel, "mean_delta_label"), ==, mean_delta);
  g_assert_cmpstr (label_text (panel, "dominant_delta_label"), ==, dominant_delta);
  /* Mean includes background and shine: clearly off the body colour; robust is close to the truth. */
  g_assert_cmpfloat (sh_delta_e2000 (robust.lab, photo->truth.body_lab), <, 3.0);
  g_assert_cmpfloat (sh_delta_e2000 (robust.lab, mean.lab), >, 3.0);

  /* The overlay of the final box. */
  g_assert_cmpint (fixture->events.overlay_x, ==, box.x);
  g_assert_cmpint (fixture->events.overlay_y, ==, box.y);
  g_assert_cmpint (fixture->events.overlay_w, ==, box.w);
  g_assert_cmpint (fixture->events.overlay_h, ==, box.h);
  g_assert_nonnull (fixture->events.overlay_mask);
  g_assert_cmpmem (g_bytes_get_data (fixture->events.overlay_mask, NULL),
                   g_bytes_get_size (fixture->events.overlay_mask), mask, (gsize) box.w * box.h);

  /* The overlay toggle and the property it stands for. */
  {
    GtkWidget *toggle = child (panel, "overlay_button");

    g_assert_false (sh_swatch_panel_get_show_overlay (panel));
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (toggle), TRUE);
    g_assert_true (sh_swatch_panel_get_show_overlay (panel));
    g_object_set (panel, "show-overlay", FALSE, NULL);
    g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (toggle)));
    gtk_test_accessible_assert_property (GTK_ACCESSIBLE (toggle), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                         "Show pixel classes on the photo");
    sh_swatch_panel_set_show_overlay (panel, TRUE);
  }

  /* On screen: the big swatch is the robust colour, the small ones the other methods. */
  wait_for_frames (fixture->frame);
  rendering = render (fixture->frame, "swatch-panel.png");
  g_assert_true (sh_swatch_view_get_display_rgb (SH_SWATCH_VIEW (child (panel, "robust_view")), expected_rgb, NULL));
  rendered_swatch_rgb (rendering, fixture->frame, child (panel, "robust_view"), rendered);
  g_assert_cmpmem (rendered, 3, expected_rgb, 3);
  g_assert_true (sh_swatch_view_get_display_rgb (SH_SWATCH_VIEW (child (panel, "mean_view")), expected_rgb, NULL));
  rendered_swatch_rgb (rendering, fixture->frame, child (panel, "mean_view"), rendered);
  g_assert_cmpmem (rendered, 3, expected_rgb, 3);

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  wait_for_frames (fixture->frame);
  dark = render (fixture->frame, "swatch-panel-dark.png");
  /* The colour does not change with the style. */
  rendered_swatch_rgb (dark, fixture->frame, child (panel, "robust_view"), rendered);
  g_assert_true (sh_swatch_view_get_display_rgb (SH_SWATCH_VIEW (child (panel, "robust_view")), expected_rgb, NULL));
  g_assert_cmpmem (rendered, 3, expected_rgb, 3);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
}

static void
test_empty_and_outside (Fixture *fixture, gconstpointer data)
{
  g_autoptr (Photo) photo = photo_new (500, 600, 8);
  ShSwatchPanel *panel = fixture->panel;
  GtkStack *stack = GTK_STACK (child (panel, "stack"));
  g_autoptr (Rendering) rendering = NULL;
  ShBox box = photo->truth.label_box;
  ShBox outside = { 800, 900, 50, 50 };
  guint timeout;
  int n_overlay;

  wait_for_frames (fixture->frame);
  rendering = render (fixture->frame, "swatch-panel-empty.png");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "empty");
  g_assert_cmpstr (label_text (panel, "empty_title"), ==, "Draw a box to measure its colour");

  /* No catalogue colour: its rows are hidden. */
  sh_swatch_panel_set_image (panel, photo->image, NULL);
  sh_swatch_panel_show_box (panel, &box, TRUE);
  wait_for_final (&fixture->events, 1);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "swatch");
  g_assert_false (gtk_widget_get_visible (child (panel, "catalogue_delta_label")));
  g_assert_false (gtk_widget_get_visible (child (panel, "catalogue_hex_label")));

  /* Cleared: the empty state and an empty overlay at once. */
  n_overlay = fixture->events.n_overlay;
  sh_swatch_panel_show_box (panel, NULL, FALSE);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "empty");
  g_assert_cmpint (fixture->events.n_overlay, ==, n_overlay + 1);
  g_assert_cmpint (fixture->events.overlay_w, ==, 0);
  g_assert_null (fixture->events.overlay_mask);

  /* A box off the photo says so. */
  sh_swatch_panel_show_box (panel, &outside, FALSE);
  timeout = g_timeout_add_seconds (20, timeout_reached, NULL);
  while (strcmp (label_text (panel, "empty_title"), "Draw a box to measure its colour") == 0)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timeout);
  g_assert_cmpstr (label_text (panel, "empty_title"), ==, "The box lies outside the photo");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "empty");
}

int
main (int argc, char **argv)
{
  /* Accessible properties are kept by the test AT context; untranslated text for exact labels. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  if (!test_display_init (&argc, &argv, TRUE))
    return 77;
  g_test_add ("/swatch-panel/measures-box", Fixture, NULL, fixture_set_up, test_measures_box, fixture_tear_down);
  g_test_add ("/swatch-panel/empty-and-outside", Fixture, NULL, fixture_set_up, test_empty_and_outside,
              fixture_tear_down);
  return g_test_run ();
}
