/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-image-canvas.c: the image canvas in a real window: zoom, selection and nudge through its actions,
 * and its rendering checked pixel by pixel (and left in the build directory as image-canvas*.png). Needs a
 * display; exits 77 (skipped) without one. */
#define G_LOG_DOMAIN "shadelab-test"
#include "config.h"

#include <gtk/gtk.h>
#include <math.h>

#include "canvas-geometry.h"
#include "sh-image-canvas.h"
#include "tests/lib/test-gtk.h"

#define IMAGE_WIDTH 16
#define IMAGE_HEIGHT 12

typedef struct {
  GtkWidget *window;
  ShImageCanvas *canvas;
  GdkTexture *texture;
  /* what the signals reported */
  int n_changed, n_selected, n_drawn, n_zoom_notify;
  gint64 changed_id, selected_id;
  ShCanvasRect changed, drawn;
  gboolean apply_changes;  /* play the window: store the change and hand the boxes back */
  ShCanvasBox boxes[4];
  guint n_boxes;
} Fixture;

/* Every pixel differs from its neighbours, so a shifted or blurred pixel shows. */
static void
image_pixel (int x, int y, guint8 rgb[3])
{
  rgb[0] = (guint8) (x * 16);
  rgb[1] = (guint8) (y * 20);
  rgb[2] = (x + y) % 2 ? 255 : 40;
}

static GdkTexture *
make_texture (void)
{
  guint8 *data = g_malloc (IMAGE_WIDTH * IMAGE_HEIGHT * 3);
  for (int y = 0; y < IMAGE_HEIGHT; y++)
    for (int x = 0; x < IMAGE_WIDTH; x++)
      image_pixel (x, y, data + (y * IMAGE_WIDTH + x) * 3);
  GBytes *bytes = g_bytes_new_take (data, IMAGE_WIDTH * IMAGE_HEIGHT * 3);
  GdkTexture *texture = gdk_memory_texture_new (IMAGE_WIDTH, IMAGE_HEIGHT, GDK_MEMORY_R8G8B8, bytes,
                                                IMAGE_WIDTH * 3);
  g_bytes_unref (bytes);
  return texture;
}

static void
on_box_changed (ShImageCanvas *canvas, gint64 id, double x, double y, double w, double h, Fixture *f)
{
  f->n_changed++;
  f->changed_id = id;
  f->changed = (ShCanvasRect) { x, y, w, h };
  if (!f->apply_changes)
    return;
  for (guint i = 0; i < f->n_boxes; i++)
    if (f->boxes[i].id == id)
      {
        f->boxes[i].x = x;
        f->boxes[i].y = y;
        f->boxes[i].w = w;
        f->boxes[i].h = h;
      }
  sh_image_canvas_set_boxes (canvas, f->boxes, f->n_boxes);
}

static void
on_box_selected (ShImageCanvas *canvas, gint64 id, Fixture *f)
{
  f->n_selected++;
  f->selected_id = id;
}

static void
on_box_drawn (ShImageCanvas *canvas, double x, double y, double w, double h, Fixture *f)
{
  f->n_drawn++;
  f->drawn = (ShCanvasRect) { x, y, w, h };
}

static void
on_zoom_notify (GObject *object, GParamSpec *pspec, Fixture *f)
{
  f->n_zoom_notify++;
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  f->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (f->window), 400, 300);
  f->canvas = SH_IMAGE_CANVAS (sh_image_canvas_new ());
  gtk_window_set_child (GTK_WINDOW (f->window), GTK_WIDGET (f->canvas));
  g_signal_connect (f->canvas, "box-changed", G_CALLBACK (on_box_changed), f);
  g_signal_connect (f->canvas, "box-selected", G_CALLBACK (on_box_selected), f);
  g_signal_connect (f->canvas, "box-drawn", G_CALLBACK (on_box_drawn), f);
  g_signal_connect (f->canvas, "notify::zoom", G_CALLBACK (on_zoom_notify), f);
  gtk_window_present (GTK_WINDOW (f->window));

  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while ((gtk_widget_get_width (GTK_WIDGET (f->canvas)) == 0 || !gtk_widget_get_mapped (GTK_WIDGET (f->canvas)))
         && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (f->canvas)), >, 100);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (f->canvas)), >, 100);

  f->texture = make_texture ();
  sh_image_canvas_set_image (f->canvas, f->texture);
  flush_events ();
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  flush_events ();
  g_object_unref (f->texture);
}

static ShCanvasView
expected_fit (Fixture *f)
{
  ShCanvasView view;
  sh_canvas_view_fit (&view, IMAGE_WIDTH, IMAGE_HEIGHT, gtk_widget_get_width (GTK_WIDGET (f->canvas)),
                      gtk_widget_get_height (GTK_WIDGET (f->canvas)), 16);
  return view;
}

static void
test_properties (Fixture *f, gconstpointer data)
{
  int width, height;
  GdkTexture *image;

  g_object_get (f->canvas, "image-width", &width, "image-height", &height, "image", &image, NULL);
  g_assert_cmpint (width, ==, IMAGE_WIDTH);
  g_assert_cmpint (height, ==, IMAGE_HEIGHT);
  g_assert_true (image == f->texture);
  g_object_unref (image);

  g_assert_true (gtk_widget_get_focusable (GTK_WIDGET (f->canvas)));
  g_assert_cmpint (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (f->canvas)), ==, GTK_ACCESSIBLE_ROLE_IMG);

  /* Every keyboard command is an action that can be listed (e.g. for the shortcuts window). */
  static const char *const expected[] = {
    "canvas.zoom-in", "canvas.zoom-out", "canvas.zoom-fit", "canvas.zoom-1", "canvas.nudge",
    "canvas.resize-selected", "canvas.pan", "canvas.deselect", "canvas.select-next",
    "canvas.select-previous", "canvas.new-box-at-center",
  };
  GtkWidgetClass *klass = GTK_WIDGET_GET_CLASS (f->canvas);
  for (guint e = 0; e < G_N_ELEMENTS (expected); e++)
    {
      gboolean found = FALSE;
      GType owner;
      const char *name, *property;
      const GVariantType *parameter;
      /* GTK 4.8 fills every out argument: none may be NULL. */
      for (guint i = 0; gtk_widget_class_query_action (klass, i, &owner, &name, &parameter, &property); i++)
        found |= g_str_equal (name, expected[e]);
      g_assert_true (found);
    }

  g_object_set (f->canvas, "current-class", 2, "show-overlay", TRUE, NULL);
  g_assert_cmpint (sh_image_canvas_get_current_class (f->canvas), ==, 2);
  g_assert_true (sh_image_canvas_get_show_overlay (f->canvas));

  GdkRGBA first, ninth;
  sh_image_canvas_get_class_color (0, &first);
  sh_image_canvas_get_class_color (8, &ninth);
  g_assert_true (gdk_rgba_equal (&first, &ninth));
}

static void
test_zoom (Fixture *f, gconstpointer data)
{
  ShCanvasView fit = expected_fit (f);
  double center_x = gtk_widget_get_width (GTK_WIDGET (f->canvas)) / 2.0;
  double center_y = gtk_widget_get_height (GTK_WIDGET (f->canvas)) / 2.0;
  double x, y, image_x, image_y;

  /* A new image is fitted. */
  g_assert_cmpfloat_with_epsilon (sh_image_canvas_get_zoom (f->canvas), fit.zoom, 1e-12);
  sh_image_canvas_image_to_widget (f->canvas, 0, 0, &x, &y);
  g_assert_cmpfloat_with_epsilon (x, fit.offset_x, 1e-9);
  g_assert_cmpfloat_with_epsilon (y, fit.offset_y, 1e-9);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->canvas), "canvas.zoom-1", NULL));
  g_assert_cmpfloat (sh_image_canvas_get_zoom (f->canvas), ==, 1.0);
  g_assert_cmpint (f->n_zoom_notify, >=, 1);
  /* Keyboard zoom keeps the image point in the middle of the widget there (no pointer here). */
  sh_image_canvas_widget_to_image (f->canvas, center_x, center_y, &image_x, &image_y);
  g_assert_cmpfloat_with_epsilon (image_x, IMAGE_WIDTH / 2.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (image_y, IMAGE_HEIGHT / 2.0, 1e-9);

  gtk_widget_activate_action (GTK_WIDGET (f->canvas), "canvas.zoom-in", NULL);
  g_assert_cmpfloat_with_epsilon (sh_image_canvas_get_zoom (f->canvas), M_SQRT2, 1e-12);
  for (int i = 0; i < 5; i++)
    gtk_widget_activate_action (GTK_WIDGET (f->canvas), "canvas.zoom-in", NULL);
  g_assert_cmpfloat (sh_image_canvas_get_zoom (f->canvas), ==, 8.0);
  sh_image_canvas_widget_to_image (f->canvas, center_x, center_y, &image_x, &image_y);
  g_assert_cmpfloat_with_epsilon (image_x, IMAGE_WIDTH / 2.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (image_y, IMAGE_HEIGHT / 2.0, 1e-9);

  gtk_widget_activate_action (GTK_WIDGET (f->canvas), "canvas.zoom-out", NULL);
  g_assert_cmpfloat_with_epsilon (sh_image_canvas_get_zoom (f->canvas), 4 * M_SQRT2, 1e-12);

  for (int i = 0; i < 40; i++)
    gtk_widget_activate_action (GTK_WIDGET (f->canvas), "canvas.zoom-in", NULL);
  g_assert_cmpfloat (sh_image_canvas_get_zoom (f->canvas), ==, SH_CANVAS_ZOOM_MAX);
  for (int i = 0; i < 80; i++)
    gtk_widget_activate_action (GTK_WIDGET (f->canvas), "canvas.zoom-out", NULL);
  g_assert_cmpfloat (sh_image_canvas_get_zoom (f->canvas), ==, SH_CANVAS_ZOOM_MIN);

  /* Pans are clamped: the image cannot be lost. */
  gtk_widget_activate_action (GTK_WIDGET (f->canvas), "canvas.zoom-1", NULL);
  gtk_widget_activate_action (GTK_WIDGET (f->canvas), "canvas.pan", "(ii)", 100000, -100000);
  sh_image_canvas_image_to_widget (f->canvas, 0, IMAGE_HEIGHT, &x, &y);
  g_assert_cmpfloat (x, <=, gtk_widget_get_width (GTK_WIDGET (f->canvas)) - IMAGE_WIDTH);
  g_assert_cmpfloat (y, >=, IMAGE_HEIGHT);

  gtk_widget_activate_action (GTK_WIDGET (f->canvas), "canvas.zoom-fit", NULL);
  g_assert_cmpfloat_with_epsilon (sh_image_canvas_get_zoom (f->canvas), fit.zoom, 1e-12);
  sh_image_canvas_image_to_widget (f->canvas, 0, 0, &x, &y);
  g_assert_cmpfloat_with_epsilon (x, fit.offset_x, 1e-9);

  /* Fitted, the view follows the window's size. */
  gtk_window_set_default_size (GTK_WINDOW (f->window), 300, 400);
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (gtk_widget_get_width (GTK_WIDGET (f->canvas)) > 350 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  flush_events ();
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (f->canvas)), <=, 350);
  fit = expected_fit (f);
  g_assert_cmpfloat_with_epsilon (sh_image_canvas_get_zoom (f->canvas), fit.zoom, 1e-12);
}

static void
set_three_boxes (Fixture *f)
{
  f->boxes[0] = (ShCanvasBox) { 7, 0, 2, 2, 4, 3, FALSE, -1, FALSE };
  f->boxes[1] = (ShCanvasBox) { 8, 1, 9, 1, 5, 6, TRUE, 0.87, FALSE };
  f->boxes[2] = (ShCanvasBox) { 9, 2, 1, 8, 6, 3, FALSE, -1, TRUE };
  f->n_boxes = 3;
  sh_image_canvas_set_boxes (f->canvas, f->boxes, f->n_boxes);
}

static void
test_selection (Fixture *f, gconstpointer data)
{
  set_three_boxes (f);
  g_assert_cmpint (sh_image_canvas_get_selected_box (f->canvas), ==, 0);

  /* The caller's choice is not reported back to it. */
  sh_image_canvas_set_selected_box (f->canvas, 8);
  g_assert_cmpint (sh_image_canvas_get_selected_box (f->canvas), ==, 8);
  g_assert_cmpint (f->n_selected, ==, 0);
  sh_image_canvas_set_selected_box (f->canvas, 12345);  /* unknown: nothing selected */
  g_assert_cmpint (sh_image_canvas_get_selected_box (f->canvas), ==, 0);

  /* Tab order is the list order, wrapping around. */
  gtk_widget_activate_action (GTK_WIDGET (f->canvas), "canvas.select-next", NULL);
  g_assert_cmpint (f->selected_id, ==, 7);
  gtk_widget_activate_action (GTK_WIDGET (f->canvas), "canvas.select-next", NULL);
  gtk_widget_activate_action (GTK_WIDGET (f->canvas), "canvas.select-next", NULL);
  g_assert_cmpint (f->selected_id, ==, 9);
  gtk_widget_activate_action (GTK_WIDGET (f->canvas), "canvas.select-next", NULL);
  g_assert_cmpint (f->selected_id, ==, 7);
  gtk_widget_activate_action (GTK_WIDGET (f->canvas), "canvas.select-previous", NULL);
  g_assert_cmpint (f->selected_id, ==, 9);
  g_assert_cmpint (sh_image_canvas_get_selected_box (f->canvas), ==, 9);
  g_assert_cmpint (f->n_selected, ==, 5);

  gtk_widget_activate_action (GTK_WIDGET (f->canvas), "canvas.deselect", NULL);
  g_assert_cmpint (f->selected_id, ==, 0);
  g_assert_cmpint (sh_image_canvas_get_selected_box (f->canvas), ==, 0);
  g_assert_cmpint (f->n_selected, ==, 6);

  /* A selected box that disappears from the list is no longer selected. */
  sh_image_canvas_set_selected_box (f->canvas, 9);
  sh_image_canvas_set_boxes (f->canvas, f->boxes, 2);
  g_assert_cmpint (sh_image_canvas_get_selected_box (f->canvas), ==, 0);
  sh_image_canvas_set_selected_box (f->canvas, 8);
  sh_image_canvas_set_boxes (f->canvas, f->boxes, 3);
  g_assert_cmpint (sh_image_canvas_get_selected_box (f->canvas), ==, 8);
}

static void
assert_changed (Fixture *f, gint64 id, double x, double y, double w, double h)
{
  g_assert_cmpint (f->changed_id, ==, id);
  g_assert_cmpfloat (f->changed.x, ==, x);
  g_assert_cmpfloat (f->changed.y, ==, y);
  g_assert_cmpfloat (f->changed.w, ==, w);
  g_assert_cmpfloat (f->changed.h, ==, h);
}

static void
test_nudge (Fixture *f, gconstpointer data)
{
  GtkWidget *widget = GTK_WIDGET (f->canvas);

  set_three_boxes (f);
  sh_image_canvas_set_selected_box (f->canvas, 7);  /* at 2, 2, 4 x 3 */

  /* The canvas stores nothing: without the caller applying the change, each nudge starts over. */
  gtk_widget_activate_action (widget, "canvas.nudge", "(ii)", 1, 0);
  assert_changed (f, 7, 3, 2, 4, 3);
  gtk_widget_activate_action (widget, "canvas.nudge", "(ii)", 1, 0);
  assert_changed (f, 7, 3, 2, 4, 3);
  g_assert_cmpint (f->n_changed, ==, 2);

  f->apply_changes = TRUE;
  gtk_widget_activate_action (widget, "canvas.nudge", "(ii)", 1, 0);
  gtk_widget_activate_action (widget, "canvas.nudge", "(ii)", 0, 1);
  assert_changed (f, 7, 3, 3, 4, 3);
  /* Shift+arrow: 10 px, stopped by the image's right edge (16 wide). */
  gtk_widget_activate_action (widget, "canvas.nudge", "(ii)", 10, 0);
  assert_changed (f, 7, 12, 3, 4, 3);
  int before = f->n_changed;
  gtk_widget_activate_action (widget, "canvas.nudge", "(ii)", 1, 0);
  g_assert_cmpint (f->n_changed, ==, before);  /* already at the edge: nothing changed, nothing said */
  gtk_widget_activate_action (widget, "canvas.nudge", "(ii)", 0, -10);
  assert_changed (f, 7, 12, 0, 4, 3);

  /* Alt+arrows: the right and bottom edges. */
  gtk_widget_activate_action (widget, "canvas.resize-selected", "(ii)", -1, 0);
  assert_changed (f, 7, 12, 0, 3, 3);
  gtk_widget_activate_action (widget, "canvas.resize-selected", "(ii)", 0, 10);
  assert_changed (f, 7, 12, 0, 3, 12);           /* the bottom stops at the image's, 12 */
  gtk_widget_activate_action (widget, "canvas.resize-selected", "(ii)", -10, 0);
  assert_changed (f, 7, 12, 0, 1, 12);           /* one pixel at least */

  /* Without a selection the arrows look around instead. */
  double x0, y0, x1, y1;
  gtk_widget_activate_action (widget, "canvas.deselect", NULL);
  before = f->n_changed;
  sh_image_canvas_image_to_widget (f->canvas, 0, 0, &x0, &y0);
  gtk_widget_activate_action (widget, "canvas.nudge", "(ii)", 1, 0);
  sh_image_canvas_image_to_widget (f->canvas, 0, 0, &x1, &y1);
  g_assert_cmpint (f->n_changed, ==, before);
  g_assert_cmpfloat_with_epsilon (x1, x0 - 40, 1e-9);
  g_assert_cmpfloat_with_epsilon (y1, y0, 1e-9);
}

static void
test_new_box (Fixture *f, gconstpointer data)
{
  /* Fitted, no pointer: a quarter of the shorter side (3 px), in the middle of the image. */
  gtk_widget_activate_action (GTK_WIDGET (f->canvas), "canvas.new-box-at-center", NULL);
  g_assert_cmpint (f->n_drawn, ==, 1);
  g_assert_cmpfloat (f->drawn.x, ==, 7);
  g_assert_cmpfloat (f->drawn.y, ==, 5);
  g_assert_cmpfloat (f->drawn.w, ==, 3);
  g_assert_cmpfloat (f->drawn.h, ==, 3);
}

/* ---- rendering ---- */

typedef struct {
  guint8 *pixels;  /* BGRA premultiplied (little-endian ARGB32), as gdk_texture_download gives */
  gsize stride;
  int width, height;
} Picture;

static Picture
render (Fixture *f, const char *name)
{
  GtkWidget *widget = GTK_WIDGET (f->canvas);
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);

  /* The widget's own drawing, straight from its snapshot vfunc (what GTK calls for each frame). */
  GskRenderNode *node = widget_own_node (widget);
  GdkTexture *texture = render_node (node, width, height);

  g_autofree char *path = g_build_filename (g_getenv ("SHADELAB_BUILD_DIR") ? g_getenv ("SHADELAB_BUILD_DIR") : ".",
                                            name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("rendered %s", path);

  Picture picture = { NULL, (gsize) width * 4, width, height };
  picture.pixels = g_malloc (picture.stride * height);
  gdk_texture_download (texture, picture.pixels, picture.stride);

  g_object_unref (texture);
  gsk_render_node_unref (node);
  return picture;
}

static void
pixel_at (const Picture *picture, int x, int y, guint8 rgb[3])
{
  g_assert_cmpint (x, >=, 0);
  g_assert_cmpint (y, >=, 0);
  g_assert_cmpint (x, <, picture->width);
  g_assert_cmpint (y, <, picture->height);
  const guint8 *p = picture->pixels + y * picture->stride + x * 4;
  g_assert_cmpint (p[3], ==, 255);
  rgb[0] = p[2];
  rgb[1] = p[1];
  rgb[2] = p[0];
}

static void
assert_pixel (const Picture *picture, int x, int y, int r, int g, int b, int tolerance)
{
  guint8 rgb[3];
  pixel_at (picture, x, y, rgb);
  if (abs (rgb[0] - r) > tolerance || abs (rgb[1] - g) > tolerance || abs (rgb[2] - b) > tolerance)
    g_error ("pixel (%d, %d) is %d,%d,%d, expected %d,%d,%d (±%d)", x, y, rgb[0], rgb[1], rgb[2], r, g, b,
             tolerance);
}

static void
assert_class_pixel (const Picture *picture, int x, int y, int class_index)
{
  GdkRGBA color;
  sh_image_canvas_get_class_color (class_index, &color);
  assert_pixel (picture, x, y, (int) lround (color.red * 255), (int) lround (color.green * 255),
                (int) lround (color.blue * 255), 1);
}

/* The widget pixels (by their centres) that show image column ix at the current view: [first, last]. */
static void
block_span (double offset, double zoom, int index, int *first, int *last)
{
  *first = (int) ceil (offset + index * zoom - 0.5);
  *last = (int) ceil (offset + (index + 1) * zoom - 0.5) - 1;
}

static void
test_render (Fixture *f, gconstpointer data)
{
  GtkWidget *widget = GTK_WIDGET (f->canvas);
  double offset_x, offset_y;

  gtk_widget_activate_action (widget, "canvas.zoom-1", NULL);
  for (int i = 0; i < 6; i++)
    gtk_widget_activate_action (widget, "canvas.zoom-in", NULL);
  g_assert_cmpfloat (sh_image_canvas_get_zoom (f->canvas), ==, 8.0);
  set_three_boxes (f);
  flush_events ();
  sh_image_canvas_image_to_widget (f->canvas, 0, 0, &offset_x, &offset_y);

  Picture picture = render (f, "image-canvas.png");

  /* Zoomed 8:1, each image pixel is a sharp 8 x 8 square of its own colour (nearest filtering). The
   * samples are away from the boxes' lines and labels. */
  static const int samples[][2] = { { 11, 4 }, { 4, 9 }, { 15, 11 }, { 12, 10 }, { 5, 0 } };
  for (guint s = 0; s < G_N_ELEMENTS (samples); s++)
    {
      int ix = samples[s][0], iy = samples[s][1], x0, x1, y0, y1;
      guint8 rgb[3], left_rgb[3];
      image_pixel (ix, iy, rgb);
      block_span (offset_x, 8, ix, &x0, &x1);
      block_span (offset_y, 8, iy, &y0, &y1);
      g_assert_cmpint (x1 - x0 + 1, ==, 8);
      g_assert_cmpint (y1 - y0 + 1, ==, 8);
      for (int y = y0; y <= y1; y++)
        for (int x = x0; x <= x1; x++)
          assert_pixel (&picture, x, y, rgb[0], rgb[1], rgb[2], 0);
      /* and the pixel just left of the square is its neighbour's, not a blend */
      image_pixel (ix - 1, iy, left_rgb);
      assert_pixel (&picture, x0 - 1, y0 + 4, left_rgb[0], left_rgb[1], left_rgb[2], 0);
    }

  /* Box 7 (class 0) at 2, 2, 4 x 3: its 2-pixel outline is centred on the box edges, in its class colour. */
  int left = (int) lround (offset_x + 2 * 8), top = (int) lround (offset_y + 2 * 8);
  int right = (int) lround (offset_x + 6 * 8), bottom = (int) lround (offset_y + 5 * 8);
  for (int y = top + 4; y <= bottom - 4; y += 4)
    {
      assert_class_pixel (&picture, left - 1, y, 0);
      assert_class_pixel (&picture, left, y, 0);
      assert_class_pixel (&picture, right - 1, y, 0);
      assert_class_pixel (&picture, right, y, 0);
    }
  for (int x = left + 4; x <= right - 4; x += 4)
    {
      assert_class_pixel (&picture, x, top, 0);
      assert_class_pixel (&picture, x, bottom, 0);
    }
  /* Not filled: inside, the image shows as it is, and two pixels out it is the image too (past the halo). */
  {
    guint8 rgb[3];
    image_pixel (4, 3, rgb);
    assert_pixel (&picture, left + 20, top + 12, rgb[0], rgb[1], rgb[2], 0);
    image_pixel (1, 3, rgb);
    assert_pixel (&picture, left - 4, top + 12, rgb[0], rgb[1], rgb[2], 0);
  }
  /* A dark halo just outside the coloured line. */
  {
    guint8 rgb[3], image[3];
    pixel_at (&picture, left - 2, top + 12, rgb);
    image_pixel (1, 3, image);
    g_assert_cmpint (rgb[0] + rgb[1] + rgb[2], <, image[0] + image[1] + image[2]);
  }
  /* Box 9 (class 2, occluded) at 1, 8, 6 x 3: its bottom edge in its colour. */
  int bottom9 = (int) lround (offset_y + 11 * 8);
  assert_class_pixel (&picture, (int) lround (offset_x + 3 * 8), bottom9, 2);
  g_free (picture.pixels);

  /* Selected: white handles at the corners. */
  sh_image_canvas_set_selected_box (f->canvas, 7);
  flush_events ();
  picture = render (f, "image-canvas-selected.png");
  assert_pixel (&picture, left, top, 255, 255, 255, 0);
  assert_pixel (&picture, right, bottom, 255, 255, 255, 0);
  /* 32 pixels wide on screen: too short for a middle handle on the top side, which shows its colour. */
  assert_class_pixel (&picture, (left + right) / 2, top, 0);
  g_free (picture.pixels);

  /* At 16:1 (64 x 48 on screen) it has all eight. */
  gtk_widget_activate_action (widget, "canvas.zoom-in", NULL);
  gtk_widget_activate_action (widget, "canvas.zoom-in", NULL);
  g_assert_cmpfloat (sh_image_canvas_get_zoom (f->canvas), ==, 16.0);
  flush_events ();
  {
    double l, t, r, b;
    sh_image_canvas_image_to_widget (f->canvas, 2, 2, &l, &t);
    sh_image_canvas_image_to_widget (f->canvas, 6, 5, &r, &b);
    picture = render (f, "image-canvas-selected-16.png");
    assert_pixel (&picture, (int) lround ((l + r) / 2), (int) lround (t), 255, 255, 255, 0);
    assert_pixel (&picture, (int) lround (r), (int) lround ((t + b) / 2), 255, 255, 255, 0);
    assert_pixel (&picture, (int) lround (l), (int) lround (b), 255, 255, 255, 0);
  }
  gtk_widget_activate_action (widget, "canvas.zoom-out", NULL);
  gtk_widget_activate_action (widget, "canvas.zoom-out", NULL);
  g_assert_cmpfloat (sh_image_canvas_get_zoom (f->canvas), ==, 8.0);
  g_free (picture.pixels);

  /* The pixel-class overlay over 8, 6, 4 x 3: class = index % 5; only while show-overlay is on. */
  guint8 mask[12];
  for (int i = 0; i < 12; i++)
    mask[i] = (guint8) (i % 5);
  sh_image_canvas_set_overlay (f->canvas, 8, 6, 4, 3, mask, NULL, 0);
  flush_events ();
  picture = render (f, "image-canvas-no-overlay.png");
  {
    guint8 rgb[3];
    image_pixel (9, 6, rgb);
    assert_pixel (&picture, (int) lround (offset_x + 9.5 * 8), (int) lround (offset_y + 6.5 * 8), rgb[0], rgb[1],
                  rgb[2], 0);
  }
  g_free (picture.pixels);

  sh_image_canvas_set_show_overlay (f->canvas, TRUE);
  flush_events ();
  picture = render (f, "image-canvas-overlay.png");
  {
    /* Mask index 1 (background, 0xa01a5cff) is image pixel (9, 6); index 0 (used, clear) is (8, 6). */
    guint8 rgb[3];
    guint32 argb = sh_image_canvas_default_overlay_palette[1];
    double alpha = (argb >> 24) / 255.0;
    image_pixel (9, 6, rgb);
    int expected[3];
    for (int c = 0; c < 3; c++)
      {
        double tint = ((argb >> (16 - 8 * c)) & 0xff);
        expected[c] = (int) lround (tint * alpha + rgb[c] * (1 - alpha));
      }
    assert_pixel (&picture, (int) lround (offset_x + 9.5 * 8), (int) lround (offset_y + 6.5 * 8), expected[0],
                  expected[1], expected[2], 2);
    image_pixel (8, 6, rgb);
    assert_pixel (&picture, (int) lround (offset_x + 8.5 * 8), (int) lround (offset_y + 6.5 * 8), rgb[0], rgb[1],
                  rgb[2], 0);
  }
  g_free (picture.pixels);

  /* Fitted again (about 17:1 here, still above 1:1) and zoomed out below 1:1, it renders without error;
   * zoomed out, the image is smoothed, so the 16 x 12 image at 1/2 averages neighbours. */
  sh_image_canvas_set_show_overlay (f->canvas, FALSE);
  gtk_widget_activate_action (widget, "canvas.zoom-1", NULL);
  gtk_widget_activate_action (widget, "canvas.zoom-out", NULL);
  gtk_widget_activate_action (widget, "canvas.zoom-out", NULL);
  g_assert_cmpfloat (sh_image_canvas_get_zoom (f->canvas), ==, 0.5);
  sh_image_canvas_set_boxes (f->canvas, NULL, 0);
  flush_events ();
  sh_image_canvas_image_to_widget (f->canvas, 0, 0, &offset_x, &offset_y);
  picture = render (f, "image-canvas-half.png");
  {
    /* Widget pixel over image pixels 4..5 x 4..5: blue alternates 40 / 255, so a blend lies between. */
    guint8 rgb[3];
    pixel_at (&picture, (int) floor (offset_x + 2), (int) floor (offset_y + 2), rgb);
    g_assert_cmpint (rgb[2], >, 60);
    g_assert_cmpint (rgb[2], <, 235);
  }
  g_free (picture.pixels);
}

static cairo_surface_t *
solid_surface (int width, int height, guint8 r, guint8 g, guint8 b)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
  cairo_t *cr = cairo_create (surface);

  cairo_set_source_rgb (cr, r / 255.0, g / 255.0, b / 255.0);
  cairo_paint (cr);
  cairo_destroy (cr);
  return surface;
}

typedef struct {
  int n;
  int x, y, width, height, step;
} Wanted;

static void
on_detail_wanted (ShImageCanvas *canvas, int x, int y, int width, int height, int step, Wanted *wanted)
{
  wanted->n++;
  wanted->x = x;
  wanted->y = y;
  wanted->width = width;
  wanted->height = height;
  wanted->step = step;
}

/* A photo shown from a preview a tenth of its size: boxes and zoom are in the photo's pixels; at fit zoom the
 * preview is enough; zoomed to 1:1 the canvas asks for the visible part alone at full resolution (the least
 * that makes the view sharp), draws what it is given over the preview, then asks once for a margin around it
 * for panning. */
static void
test_preview_detail (Fixture *f, gconstpointer data)
{
  GtkWidget *widget = GTK_WIDGET (f->canvas);
  cairo_surface_t *preview = solid_surface (400, 300, 200, 40, 40);
  cairo_surface_t *detail;
  Wanted wanted = { 0 };
  double left, top, right, bottom;
  Picture picture;

  g_signal_connect (f->canvas, "detail-wanted", G_CALLBACK (on_detail_wanted), &wanted);
  sh_image_canvas_set_image_preview (f->canvas, preview, 4000, 3000);
  cairo_surface_destroy (preview);
  g_assert_cmpint (sh_image_canvas_get_image_width (f->canvas), ==, 4000);
  g_assert_cmpint (sh_image_canvas_get_image_height (f->canvas), ==, 3000);
  g_assert_cmpfloat (sh_image_canvas_get_image_scale (f->canvas), ==, 0.1);
  g_assert_cmpfloat (sh_image_canvas_get_zoom (f->canvas), <, 0.1);
  picture = render (f, "image-canvas-preview.png");
  flush_events ();
  g_assert_cmpint (wanted.n, ==, 0);
  assert_pixel (&picture, picture.width / 2, picture.height / 2, 200, 40, 40, 1);
  g_free (picture.pixels);

  gtk_widget_activate_action (widget, "canvas.zoom-1", NULL);
  picture = render (f, "image-canvas-preview-1.png");
  g_free (picture.pixels);
  flush_events ();
  g_assert_cmpint (wanted.n, ==, 1);
  g_assert_cmpint (wanted.step, ==, 1);
  /* The visible part and no more. */
  sh_image_canvas_widget_to_image (f->canvas, 0, 0, &left, &top);
  sh_image_canvas_widget_to_image (f->canvas, gtk_widget_get_width (widget), gtk_widget_get_height (widget), &right,
                                   &bottom);
  g_assert_cmpint (wanted.x, ==, (int) floor (left));
  g_assert_cmpint (wanted.y, ==, (int) floor (top));
  g_assert_cmpint (wanted.x + wanted.width, ==, (int) ceil (right));
  g_assert_cmpint (wanted.y + wanted.height, ==, (int) ceil (bottom));

  /* Drawn again before the answer: not asked twice. */
  picture = render (f, "image-canvas-preview-1.png");
  g_free (picture.pixels);
  flush_events ();
  g_assert_cmpint (wanted.n, ==, 1);

  detail = solid_surface (wanted.width, wanted.height, 40, 200, 40);
  sh_image_canvas_set_detail (f->canvas, detail, wanted.x, wanted.y, wanted.width, wanted.height);
  cairo_surface_destroy (detail);
  picture = render (f, "image-canvas-detail.png");
  assert_pixel (&picture, picture.width / 2, picture.height / 2, 40, 200, 40, 1);
  g_free (picture.pixels);
  flush_events ();
  /* Sharp: now the margin around it, inside the photo. */
  g_assert_cmpint (wanted.n, ==, 2);
  g_assert_cmpint (wanted.step, ==, 1);
  g_assert_cmpint (wanted.x, <, (int) floor (left));
  g_assert_cmpint (wanted.y, <, (int) floor (top));
  g_assert_cmpint (wanted.x + wanted.width, >, (int) ceil (right));
  g_assert_cmpint (wanted.y + wanted.height, >, (int) ceil (bottom));
  g_assert_cmpint (wanted.x + wanted.width, <=, 4000);
  g_assert_cmpint (wanted.width, <, 4000);
  detail = solid_surface (wanted.width, wanted.height, 40, 40, 200);
  sh_image_canvas_set_detail (f->canvas, detail, wanted.x, wanted.y, wanted.width, wanted.height);
  cairo_surface_destroy (detail);
  picture = render (f, "image-canvas-detail.png");
  assert_pixel (&picture, picture.width / 2, picture.height / 2, 40, 40, 200, 1);
  g_free (picture.pixels);
  flush_events ();
  g_assert_cmpint (wanted.n, ==, 2);

  /* A new photo forgets the detail. */
  preview = solid_surface (400, 300, 200, 40, 40);
  sh_image_canvas_set_image_preview (f->canvas, preview, 4000, 3000);
  cairo_surface_destroy (preview);
  picture = render (f, "image-canvas-preview.png");
  assert_pixel (&picture, picture.width / 2, picture.height / 2, 200, 40, 40, 1);
  g_free (picture.pixels);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  if (!gtk_init_check ())
    {
      g_printerr ("SKIP: no display\n");
      return 77;
    }

  g_test_add ("/image-canvas/properties", Fixture, NULL, fixture_set_up, test_properties, fixture_tear_down);
  g_test_add ("/image-canvas/zoom", Fixture, NULL, fixture_set_up, test_zoom, fixture_tear_down);
  g_test_add ("/image-canvas/selection", Fixture, NULL, fixture_set_up, test_selection, fixture_tear_down);
  g_test_add ("/image-canvas/nudge", Fixture, NULL, fixture_set_up, test_nudge, fixture_tear_down);
  g_test_add ("/image-canvas/new-box", Fixture, NULL, fixture_set_up, test_new_box, fixture_tear_down);
  g_test_add ("/image-canvas/render", Fixture, NULL, fixture_set_up, test_render, fixture_tear_down);
  g_test_add ("/image-canvas/preview-detail", Fixture, NULL, fixture_set_up, test_preview_detail, fixture_tear_down);
  return g_test_run ();
}
