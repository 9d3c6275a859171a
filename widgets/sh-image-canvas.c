/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sh-image-canvas.c: the labeling canvas (see sh-image-canvas.h). The maths lives in canvas-geometry.c;
 * this file turns input into view changes and signals, and draws. */
#define G_LOG_DOMAIN "shadelab-widgets"
#include "config.h"

#include "sh-image-canvas.h"

#include <glib/gi18n.h>
#include <math.h>
#include <pango/pangocairo.h>

#include "a11y-util.h"
#include "canvas-geometry.h"
#include "checkerboard.h"

#define FIT_MARGIN 16.0          /* widget pixels around a fitted image */
#define PAN_KEEP 64.0            /* widget pixels of the image that always stay in view */
#define CLICK_SLOP 3.0           /* a press that moves less than this is a click */
#define HANDLE_HIT_RADIUS 8.0    /* grabbing a handle is easier than seeing one */
#define HANDLE_DRAW_HALF 4.0
#define MID_HANDLE_MIN_SIDE 48.0  /* widget pixels */
#define MIN_BOX_SIZE 1.0         /* image pixels */
#define KEY_PAN_STEP 40.0        /* widget pixels per arrow press without a selected box */
#define WHEEL_PAN_STEP 48.0
#define MAX_LEVELS 8             /* halvings kept for drawing a zoomed-out image smoothly */

/* Box outlines: the Okabe-Ito colours, which stay distinct for colour-blind users, starting with the ones
 * that stand out against red and pink products. */
static const GdkRGBA class_colors[] = {
  { 0.337f, 0.706f, 0.914f, 1.0f },  /* sky blue */
  { 0.902f, 0.624f, 0.000f, 1.0f },  /* orange */
  { 0.800f, 0.475f, 0.655f, 1.0f },  /* reddish purple */
  { 0.941f, 0.894f, 0.259f, 1.0f },  /* yellow */
  { 0.000f, 0.620f, 0.451f, 1.0f },  /* bluish green */
  { 0.835f, 0.369f, 0.000f, 1.0f },  /* vermillion */
  { 0.000f, 0.447f, 0.698f, 1.0f },  /* blue */
  { 1.000f, 1.000f, 1.000f, 1.0f },  /* white */
};

const guint32 sh_image_canvas_default_overlay_palette[9] = {
  0x00000000,  /* used: left clear, these are the pixels that count */
  0xa01a5cff,  /* background: blue */
  0xb0ff00ff,  /* specular: magenta */
  0xb0ffd700,  /* clipped: yellow */
  0xa0ff6a00,  /* other material: orange */
  0xa000c8c8,  /* cut or top face: teal */
  0xb0302850,  /* shadow side: dark indigo */
  0xb08a2be2,  /* engraving: violet */
  0xa0909090,  /* partly transparent edge: grey */
};

typedef enum {
  DRAG_NONE,
  DRAG_DRAW,     /* a new box, or a click on empty space or an unselected box */
  DRAG_MOVE,
  DRAG_RESIZE,
  DRAG_PAN,
} DragMode;

struct _ShImageCanvas
{
  GtkWidget parent_instance;

  GdkTexture *texture;
  cairo_surface_t *levels[MAX_LEVELS];  /* [0] the image, then halvings made when first needed */
  int image_width, image_height;
  double base_scale;                    /* levels[0]'s pixels per image pixel: 1, or less for a preview */
  /* Sharper pixels of part of the image, drawn over a preview when zoomed in past it. */
  cairo_surface_t *detail;
  int detail_x, detail_y, detail_width, detail_height, detail_step;
  int wanted_x, wanted_y, wanted_width, wanted_height, wanted_step;  /* asked for, not yet given */
  guint detail_idle;
  gboolean translucent;                 /* the image has transparent pixels: drawn over a checkerboard */

  ShCanvasView view;
  gboolean fit_mode;  /* refit when the widget is resized, until the user zooms or pans */

  GArray *boxes;      /* ShCanvasBox */
  GArray *rects;      /* ShCanvasRect, the same boxes for the geometry functions */
  gint64 selected_id;
  int current_class;
  char *photo_name;   /* for the accessible label */
  GStrv class_names;  /* class index -> name, for the accessible label */

  cairo_surface_t *overlay;
  int overlay_x, overlay_y;
  gboolean show_overlay;

  gboolean pointer_inside;
  double pointer_x, pointer_y;
  gboolean space_held, space_panned;

  DragMode drag_mode;
  gboolean drag_active;        /* moved past CLICK_SLOP */
  double drag_start_x, drag_start_y;
  ShCanvasHit drag_handle;
  gint64 drag_box_id;
  ShCanvasRect drag_start_rect, drag_rect;
  gboolean drag_rect_valid;
  ShCanvasView pan_start_view;

  double pinch_start_zoom;
  double pinch_image_x, pinch_image_y;

  GtkGesture *primary_drag;
};

G_DEFINE_FINAL_TYPE (ShImageCanvas, sh_image_canvas, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_IMAGE,
  PROP_IMAGE_WIDTH,
  PROP_IMAGE_HEIGHT,
  PROP_ZOOM,
  PROP_CURRENT_CLASS,
  PROP_SHOW_OVERLAY,
  PROP_SELECTED_BOX,
  N_PROPS
};
static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_BOX_DRAWN,
  SIGNAL_BOX_DRAGGING,
  SIGNAL_BOX_CHANGED,
  SIGNAL_BOX_SELECTED,
  SIGNAL_SPACE_TAPPED,
  SIGNAL_DETAIL_WANTED,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

/* ---- helpers ---- */

static gboolean
has_image (ShImageCanvas *self)
{
  return self->levels[0] != NULL && self->image_width > 0 && self->image_height > 0;
}

static ptrdiff_t
box_index (ShImageCanvas *self, gint64 id)
{
  if (id == 0)
    return -1;
  for (guint i = 0; i < self->boxes->len; i++)
    if (g_array_index (self->boxes, ShCanvasBox, i).id == id)
      return (ptrdiff_t) i;
  return -1;
}

static ShCanvasRect
snap_rect (ShCanvasRect rect)
{
  double right = round (rect.x + rect.w), bottom = round (rect.y + rect.h);
  rect.x = round (rect.x);
  rect.y = round (rect.y);
  rect.w = right - rect.x;
  rect.h = bottom - rect.y;
  return rect;
}

static void
set_zoom_view (ShImageCanvas *self, ShCanvasView view)
{
  double old_zoom = self->view.zoom;

  if (has_image (self))
    sh_canvas_view_clamp_pan (&view, self->image_width, self->image_height,
                              gtk_widget_get_width (GTK_WIDGET (self)),
                              gtk_widget_get_height (GTK_WIDGET (self)), PAN_KEEP);
  self->view = view;
  if (old_zoom != view.zoom)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
fit (ShImageCanvas *self)
{
  ShCanvasView view = self->view;
  int width = gtk_widget_get_width (GTK_WIDGET (self)), height = gtk_widget_get_height (GTK_WIDGET (self));

  self->fit_mode = TRUE;
  if (!has_image (self) || width <= 0 || height <= 0)
    return;
  sh_canvas_view_fit (&view, self->image_width, self->image_height, width, height, FIT_MARGIN);
  set_zoom_view (self, view);
}

/* Keyboard and wheel zoom keep the image point under the pointer; without a pointer, the middle. */
static void
zoom_anchor (ShImageCanvas *self, double *x, double *y)
{
  if (self->pointer_inside)
    {
      *x = self->pointer_x;
      *y = self->pointer_y;
    }
  else
    {
      *x = gtk_widget_get_width (GTK_WIDGET (self)) / 2.0;
      *y = gtk_widget_get_height (GTK_WIDGET (self)) / 2.0;
    }
}

static void
zoom_at (ShImageCanvas *self, double zoom, double x, double y)
{
  ShCanvasView view = self->view;
  if (!has_image (self))
    return;
  self->fit_mode = FALSE;
  sh_canvas_view_zoom_to (&view, zoom, x, y);
  set_zoom_view (self, view);
}

static void
pan_by (ShCanvasView start, ShImageCanvas *self, double dx, double dy)
{
  if (!has_image (self))
    return;
  self->fit_mode = FALSE;
  start.offset_x += dx;
  start.offset_y += dy;
  set_zoom_view (self, start);
}

/* What a screen reader says for the canvas: the photo and the selected box with its class and geometry
 * ("synth-0001.jpg, box 2 of 3, product, 492 by 782 at 595, 66"), kept up to date with every change. */
static void
update_accessible_description (ShImageCanvas *self)
{
  ptrdiff_t selected = box_index (self, self->selected_id);
  const char *photo = self->photo_name != NULL ? self->photo_name : _("Photo");
  g_autofree char *label = NULL;
  g_autofree char *text = NULL;

  if (!has_image (self))
    label = g_strdup (_("Photo canvas, no photo shown"));
  else if (selected >= 0)
    {
      const ShCanvasBox *box = &g_array_index (self->boxes, ShCanvasBox, selected);
      guint n_names = self->class_names != NULL ? g_strv_length (self->class_names) : 0;
      g_autofree char *class_name = box->class_index >= 0 && (guint) box->class_index < n_names
                                      ? g_strdup (self->class_names[box->class_index])
                                      /* Translators: a box class known only by its number */
                                      : g_strdup_printf (_("class %d"), box->class_index + 1);
      GString *builder = g_string_new (NULL);

      /* Translators: photo file name, box number, number of boxes, class name, box width and height, box
       * left and top, in image pixels: "synth-0001.jpg, box 2 of 3, product, 492 by 782 at 595, 66" */
      g_string_append_printf (builder, _("%s, box %d of %u, %s, %d by %d at %d, %d"), photo, (int) selected + 1,
                              self->boxes->len, class_name, (int) round (box->w), (int) round (box->h),
                              (int) round (box->x), (int) round (box->y));
      if (box->from_model)
        g_string_append_printf (builder, ", %s", _("suggested by the detector, not yet accepted"));
      if (box->occluded)
        g_string_append_printf (builder, ", %s", _("occluded"));
      label = g_string_free (builder, FALSE);
    }
  else if (self->boxes->len > 0)
    /* Translators: photo file name and its number of boxes, none of which is selected */
    label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s, %u box, none selected", "%s, %u boxes, none selected",
                                          self->boxes->len), photo, self->boxes->len);
  else
    /* Translators: photo file name */
    label = g_strdup_printf (_("%s, no boxes"), photo);
  sh_accessible_set_label (self, label);

  if (has_image (self))
    {
      text = g_strdup_printf (_("%d × %d pixels"), self->image_width, self->image_height);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text, -1);
    }
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
}

static void
select_box (ShImageCanvas *self, gint64 id, gboolean by_user)
{
  if (id != 0 && box_index (self, id) < 0)
    id = 0;
  if (id == self->selected_id)
    return;
  self->selected_id = id;
  update_accessible_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_BOX]);
  if (by_user)
    g_signal_emit (self, signals[SIGNAL_BOX_SELECTED], 0, id);
}

static void
emit_rect (ShImageCanvas *self, guint signal, gint64 id, ShCanvasRect rect)
{
  if (signal == signals[SIGNAL_BOX_DRAWN])
    g_signal_emit (self, signal, 0, rect.x, rect.y, rect.w, rect.h);
  else
    g_signal_emit (self, signal, 0, id, rect.x, rect.y, rect.w, rect.h);
}

static gboolean
rects_equal (ShCanvasRect a, ShCanvasRect b)
{
  return a.x == b.x && a.y == b.y && a.w == b.w && a.h == b.h;
}

/* ---- cursors ---- */

static const char *
handle_cursor (ShCanvasHit hit)
{
  switch (hit)
    {
    case SH_CANVAS_HANDLE_NW: return "nw-resize";
    case SH_CANVAS_HANDLE_N: return "n-resize";
    case SH_CANVAS_HANDLE_NE: return "ne-resize";
    case SH_CANVAS_HANDLE_E: return "e-resize";
    case SH_CANVAS_HANDLE_SE: return "se-resize";
    case SH_CANVAS_HANDLE_S: return "s-resize";
    case SH_CANVAS_HANDLE_SW: return "sw-resize";
    case SH_CANVAS_HANDLE_W: return "w-resize";
    case SH_CANVAS_HIT_INSIDE: return "move";
    case SH_CANVAS_HIT_NONE:
    default: return NULL;
    }
}

static gboolean
over_image (ShImageCanvas *self, double x, double y)
{
  double image_x, image_y;
  sh_canvas_view_widget_to_image (&self->view, x, y, &image_x, &image_y);
  return has_image (self) && image_x >= 0 && image_y >= 0 && image_x < self->image_width
         && image_y < self->image_height;
}

static void
update_cursor (ShImageCanvas *self)
{
  const char *name = NULL;

  if (self->drag_mode == DRAG_PAN)
    name = "grabbing";
  else if (self->drag_mode == DRAG_RESIZE)
    name = handle_cursor (self->drag_handle);
  else if (self->drag_mode == DRAG_MOVE)
    name = "move";
  else if (self->drag_mode == DRAG_DRAW)
    name = "crosshair";
  else if (self->space_held)
    name = "grab";
  else if (self->pointer_inside && has_image (self))
    {
      ptrdiff_t index;
      ShCanvasHit hit = sh_canvas_hit_test (&self->view, (const ShCanvasRect *) self->rects->data,
                                            self->rects->len, box_index (self, self->selected_id),
                                            self->pointer_x, self->pointer_y, HANDLE_HIT_RADIUS, &index);
      /* Only the selected box can be moved or resized; inside another one, a drag draws. */
      if (index >= 0 && g_array_index (self->boxes, ShCanvasBox, index).id == self->selected_id)
        name = handle_cursor (hit);
      else if (over_image (self, self->pointer_x, self->pointer_y))
        name = "crosshair";
    }
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), name);
}

/* ---- pointer input ---- */

static void
end_drag (ShImageCanvas *self)
{
  self->drag_mode = DRAG_NONE;
  self->drag_active = FALSE;
  self->drag_rect_valid = FALSE;
  self->drag_box_id = 0;
  update_cursor (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
start_pan (ShImageCanvas *self)
{
  self->drag_mode = DRAG_PAN;
  self->pan_start_view = self->view;
  update_cursor (self);
}

static void
primary_drag_begin (GtkGestureDrag *gesture, double x, double y, ShImageCanvas *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self));
  self->drag_start_x = x;
  self->drag_start_y = y;
  self->drag_active = FALSE;
  self->drag_rect_valid = FALSE;

  if (!has_image (self))
    {
      self->drag_mode = DRAG_NONE;
      return;
    }
  if (self->space_held || !over_image (self, x, y))
    {
      self->space_panned = self->space_held;
      start_pan (self);
      return;
    }

  ptrdiff_t selected = box_index (self, self->selected_id), index;
  ShCanvasHit hit = sh_canvas_hit_test (&self->view, (const ShCanvasRect *) self->rects->data,
                                        self->rects->len, selected, x, y, HANDLE_HIT_RADIUS, &index);
  if (index >= 0 && index == selected)
    {
      self->drag_mode = hit == SH_CANVAS_HIT_INSIDE ? DRAG_MOVE : DRAG_RESIZE;
      self->drag_handle = hit;
      self->drag_box_id = self->selected_id;
      self->drag_start_rect = g_array_index (self->rects, ShCanvasRect, selected);
    }
  else
    self->drag_mode = DRAG_DRAW;
  update_cursor (self);
}

static void
primary_drag_update (GtkGestureDrag *gesture, double dx, double dy, ShImageCanvas *self)
{
  if (self->drag_mode == DRAG_NONE)
    return;
  if (!self->drag_active && hypot (dx, dy) < CLICK_SLOP)
    return;
  self->drag_active = TRUE;

  double zoom = self->view.zoom;
  ShCanvasRect rect;

  switch (self->drag_mode)
    {
    case DRAG_PAN:
      pan_by (self->pan_start_view, self, dx, dy);
      return;

    case DRAG_DRAW:
      {
        double x0, y0, x1, y1;
        sh_canvas_view_widget_to_image (&self->view, self->drag_start_x, self->drag_start_y, &x0, &y0);
        sh_canvas_view_widget_to_image (&self->view, self->drag_start_x + dx, self->drag_start_y + dy,
                                        &x1, &y1);
        rect = sh_canvas_rect_from_points (round (x0), round (y0), round (x1), round (y1));
        sh_canvas_rect_clamp (&rect, self->image_width, self->image_height);
      }
      break;

    case DRAG_MOVE:
      {
        ShCanvasRect start = self->drag_start_rect;
        /* Snap the left and top edges to whole pixels. */
        double move_x = round (start.x + dx / zoom) - start.x, move_y = round (start.y + dy / zoom) - start.y;
        rect = sh_canvas_rect_move (start, move_x, move_y, self->image_width, self->image_height);
      }
      break;

    case DRAG_RESIZE:
      {
        ShCanvasRect start = self->drag_start_rect;
        double edge_x, edge_y;
        sh_canvas_handle_position (start, self->drag_handle, &edge_x, &edge_y);
        /* Snap the edges being moved to whole pixels. */
        rect = sh_canvas_rect_resize (start, self->drag_handle, round (edge_x + dx / zoom) - edge_x,
                                      round (edge_y + dy / zoom) - edge_y, MIN_BOX_SIZE,
                                      self->image_width, self->image_height);
      }
      break;

    case DRAG_NONE:
    default:
      return;
    }

  if (self->drag_rect_valid && rects_equal (rect, self->drag_rect))
    return;
  self->drag_rect = rect;
  self->drag_rect_valid = TRUE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  if (rect.w >= MIN_BOX_SIZE && rect.h >= MIN_BOX_SIZE)
    emit_rect (self, signals[SIGNAL_BOX_DRAGGING], self->drag_box_id, rect);
}

static void
primary_drag_end (GtkGestureDrag *gesture, double dx, double dy, ShImageCanvas *self)
{
  DragMode mode = self->drag_mode;

  if (mode == DRAG_NONE || mode == DRAG_PAN)
    {
      end_drag (self);
      return;
    }

  if (!self->drag_active)
    {
      /* A click: select the topmost box under it, or nothing. */
      ptrdiff_t index;
      sh_canvas_hit_test (&self->view, (const ShCanvasRect *) self->rects->data, self->rects->len, -1,
                          self->drag_start_x, self->drag_start_y, 0, &index);
      gint64 id = index >= 0 ? g_array_index (self->boxes, ShCanvasBox, index).id : 0;
      end_drag (self);
      select_box (self, id, TRUE);
      return;
    }

  primary_drag_update (gesture, dx, dy, self);
  ShCanvasRect rect = self->drag_rect;
  gboolean valid = self->drag_rect_valid && rect.w >= MIN_BOX_SIZE && rect.h >= MIN_BOX_SIZE;
  gint64 id = self->drag_box_id;
  ShCanvasRect start = self->drag_start_rect;
  end_drag (self);

  if (!valid)
    return;
  if (mode == DRAG_DRAW)
    emit_rect (self, signals[SIGNAL_BOX_DRAWN], 0, rect);
  else if (!rects_equal (rect, start))
    emit_rect (self, signals[SIGNAL_BOX_CHANGED], id, rect);
}

static void
primary_drag_cancel (GtkGesture *gesture, GdkEventSequence *sequence, ShImageCanvas *self)
{
  end_drag (self);
}

static void
pan_drag_begin (GtkGestureDrag *gesture, double x, double y, ShImageCanvas *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self));
  start_pan (self);
}

static void
pan_drag_update (GtkGestureDrag *gesture, double dx, double dy, ShImageCanvas *self)
{
  if (self->drag_mode == DRAG_PAN)
    pan_by (self->pan_start_view, self, dx, dy);
}

static void
pan_drag_end (GtkGestureDrag *gesture, double dx, double dy, ShImageCanvas *self)
{
  if (self->drag_mode == DRAG_PAN)
    end_drag (self);
}

static void
pointer_motion (GtkEventControllerMotion *controller, double x, double y, ShImageCanvas *self)
{
  self->pointer_inside = TRUE;
  self->pointer_x = x;
  self->pointer_y = y;
  if (self->drag_mode == DRAG_NONE)
    update_cursor (self);
}

static void
pointer_leave (GtkEventControllerMotion *controller, ShImageCanvas *self)
{
  self->pointer_inside = FALSE;
}

static gboolean
scroll (GtkEventControllerScroll *controller, double dx, double dy, ShImageCanvas *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));
  gboolean wheel = gtk_event_controller_scroll_get_unit (controller) == GDK_SCROLL_UNIT_WHEEL;

  if (!has_image (self))
    return FALSE;

  if (state & GDK_CONTROL_MASK)
    {
      double x, y;
      zoom_anchor (self, &x, &y);
      /* A wheel notch is one step of the keyboard ladder; touchpads scroll in pixels, so finer. */
      double factor = wheel ? pow (M_SQRT2, -dy) : exp (-dy / 200.0);
      zoom_at (self, self->view.zoom * factor, x, y);
      return TRUE;
    }

  if ((state & GDK_SHIFT_MASK) && dx == 0)
    {
      dx = dy;
      dy = 0;
    }
  double step = wheel ? WHEEL_PAN_STEP : 1.0;
  pan_by (self->view, self, -dx * step, -dy * step);
  return TRUE;
}

static void
pinch_begin (GtkGesture *gesture, GdkEventSequence *sequence, ShImageCanvas *self)
{
  double x, y;

  /* Two fingers down: whatever the first one started is not a box edit. */
  if (self->drag_mode != DRAG_NONE && self->drag_mode != DRAG_PAN)
    gtk_event_controller_reset (GTK_EVENT_CONTROLLER (self->primary_drag));
  end_drag (self);
  self->pinch_start_zoom = self->view.zoom;
  if (!gtk_gesture_get_bounding_box_center (gesture, &x, &y))
    zoom_anchor (self, &x, &y);
  sh_canvas_view_widget_to_image (&self->view, x, y, &self->pinch_image_x, &self->pinch_image_y);
}

static void
pinch_scale_changed (GtkGestureZoom *gesture, double scale, ShImageCanvas *self)
{
  double x, y;

  if (!has_image (self) || !gtk_gesture_get_bounding_box_center (GTK_GESTURE (gesture), &x, &y))
    return;
  /* The image point first between the fingers follows them, at the new zoom. */
  ShCanvasView view;
  view.zoom = sh_canvas_clamp_zoom (self->pinch_start_zoom * scale);
  view.offset_x = x - self->pinch_image_x * view.zoom;
  view.offset_y = y - self->pinch_image_y * view.zoom;
  self->fit_mode = FALSE;
  set_zoom_view (self, view);
}

static gboolean
key_pressed (GtkEventControllerKey *controller, guint keyval, guint keycode, GdkModifierType state,
             ShImageCanvas *self)
{
  if (keyval != GDK_KEY_space || (state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SHIFT_MASK)))
    return FALSE;
  if (!self->space_held)
    {
      self->space_held = TRUE;
      self->space_panned = FALSE;
      update_cursor (self);
    }
  return TRUE;
}

static void
key_released (GtkEventControllerKey *controller, guint keyval, guint keycode, GdkModifierType state,
              ShImageCanvas *self)
{
  if (keyval != GDK_KEY_space || !self->space_held)
    return;
  self->space_held = FALSE;
  update_cursor (self);
  /* Space held is the hand tool; a tap without a pan is the caller's (e.g. "done, next image"). */
  if (!self->space_panned)
    g_signal_emit (self, signals[SIGNAL_SPACE_TAPPED], 0);
}

/* ---- actions ---- */

static void
action_zoom (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  ShImageCanvas *self = SH_IMAGE_CANVAS (widget);
  double x, y;

  if (!has_image (self))
    return;
  if (g_str_equal (action_name, "canvas.zoom-fit"))
    {
      fit (self);
      return;
    }
  zoom_anchor (self, &x, &y);
  if (g_str_equal (action_name, "canvas.zoom-1"))
    zoom_at (self, 1.0, x, y);
  else
    zoom_at (self, sh_canvas_zoom_step (self->view.zoom, g_str_equal (action_name, "canvas.zoom-in") ? 1 : -1),
             x, y);
}

static void
action_pan (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  ShImageCanvas *self = SH_IMAGE_CANVAS (widget);
  int dx, dy;

  g_variant_get (parameter, "(ii)", &dx, &dy);
  pan_by (self->view, self, dx, dy);
}

static void
action_nudge (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  ShImageCanvas *self = SH_IMAGE_CANVAS (widget);
  ptrdiff_t selected = box_index (self, self->selected_id);
  int dx, dy;

  g_variant_get (parameter, "(ii)", &dx, &dy);
  if (!has_image (self) || self->drag_mode != DRAG_NONE)
    return;
  if (selected < 0)
    {
      /* Nothing to nudge: the arrows look around instead (the view moves the other way). */
      pan_by (self->view, self, -dx * KEY_PAN_STEP, -dy * KEY_PAN_STEP);
      return;
    }

  ShCanvasRect start = g_array_index (self->rects, ShCanvasRect, selected);
  ShCanvasRect rect;
  if (g_str_equal (action_name, "canvas.resize-selected"))
    rect = sh_canvas_rect_grow (start, dx, dy, MIN_BOX_SIZE, self->image_width, self->image_height);
  else if (g_str_equal (action_name, "canvas.resize-selected-start"))
    /* The left and top edges: the top-left handle moved by (dx, dy). */
    rect = sh_canvas_rect_resize (start, SH_CANVAS_HANDLE_NW, dx, dy, MIN_BOX_SIZE, self->image_width,
                                  self->image_height);
  else
    rect = sh_canvas_rect_move (start, dx, dy, self->image_width, self->image_height);
  if (!rects_equal (rect, start))
    emit_rect (self, signals[SIGNAL_BOX_CHANGED], self->selected_id, rect);
}

static void
action_deselect (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  select_box (SH_IMAGE_CANVAS (widget), 0, TRUE);
}

static void
action_cycle (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  ShImageCanvas *self = SH_IMAGE_CANVAS (widget);
  int n = (int) self->boxes->len;
  int current = (int) box_index (self, self->selected_id);
  int next;

  if (n == 0)
    return;
  if (g_str_equal (action_name, "canvas.select-next"))
    next = current < 0 ? 0 : (current + 1) % n;
  else
    next = current < 0 ? n - 1 : (current + n - 1) % n;
  select_box (self, g_array_index (self->boxes, ShCanvasBox, next).id, TRUE);
}

static void
action_new_box (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  ShImageCanvas *self = SH_IMAGE_CANVAS (widget);
  double left, top, right, bottom, cx, cy;

  if (!has_image (self))
    return;

  /* The part of the image in view, in image pixels. */
  sh_canvas_view_widget_to_image (&self->view, 0, 0, &left, &top);
  sh_canvas_view_widget_to_image (&self->view, gtk_widget_get_width (widget), gtk_widget_get_height (widget),
                                  &right, &bottom);
  left = CLAMP (left, 0, self->image_width);
  right = CLAMP (right, 0, self->image_width);
  top = CLAMP (top, 0, self->image_height);
  bottom = CLAMP (bottom, 0, self->image_height);

  if (self->pointer_inside && over_image (self, self->pointer_x, self->pointer_y))
    sh_canvas_view_widget_to_image (&self->view, self->pointer_x, self->pointer_y, &cx, &cy);
  else
    {
      cx = (left + right) / 2;
      cy = (top + bottom) / 2;
    }

  /* A quarter of the image's shorter side, but small enough to be seen whole when zoomed in. */
  double side = MIN (self->image_width, self->image_height) / 4.0;
  side = MIN (side, MIN (right - left, bottom - top) / 2.0);
  side = MAX (round (side), MIN_BOX_SIZE);
  ShCanvasRect rect = sh_canvas_rect_centered (round (cx), round (cy), side, side, self->image_width,
                                               self->image_height);
  rect = snap_rect (rect);
  emit_rect (self, signals[SIGNAL_BOX_DRAWN], 0, rect);
}

/* Tab and Escape are also the window's (focus, closing): only take them when there is something to do. */
static gboolean
binding_cycle (GtkWidget *widget, GVariant *args, gpointer user_data)
{
  ShImageCanvas *self = SH_IMAGE_CANVAS (widget);
  const char *action;

  if (self->boxes->len == 0)
    return FALSE;
  g_variant_get (args, "(&s)", &action);
  return gtk_widget_activate_action (widget, action, NULL);
}

static gboolean
binding_deselect (GtkWidget *widget, GVariant *args, gpointer user_data)
{
  ShImageCanvas *self = SH_IMAGE_CANVAS (widget);
  if (self->selected_id == 0 && self->drag_mode == DRAG_NONE)
    return FALSE;
  if (self->drag_mode != DRAG_NONE)
    {
      /* Escape during a drag abandons it. */
      gtk_event_controller_reset (GTK_EVENT_CONTROLLER (self->primary_drag));
      end_drag (self);
      return TRUE;
    }
  return gtk_widget_activate_action (widget, "canvas.deselect", NULL);
}

/* ---- drawing ---- */

static cairo_surface_t *
image_level (ShImageCanvas *self, int level)
{
  level = CLAMP (level, 0, MAX_LEVELS - 1);
  for (int i = 1; i <= level; i++)
    {
      if (self->levels[i])
        continue;
      cairo_surface_t *parent = self->levels[i - 1];
      int parent_width = cairo_image_surface_get_width (parent);
      int parent_height = cairo_image_surface_get_height (parent);
      if (parent_width <= 1 || parent_height <= 1)
        return parent;
      cairo_surface_t *half = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (parent_width + 1) / 2,
                                                          (parent_height + 1) / 2);
      cairo_t *cr = cairo_create (half);
      cairo_scale (cr, 0.5, 0.5);
      cairo_set_source_surface (cr, parent, 0, 0);
      /* Sampling halfway between pixels averages each 2 x 2 block. */
      cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_BILINEAR);
      cairo_pattern_set_extend (cairo_get_source (cr), CAIRO_EXTEND_PAD);
      cairo_set_operator (cr, CAIRO_OPERATOR_SOURCE);
      cairo_paint (cr);
      cairo_destroy (cr);
      self->levels[i] = half;
    }
  return self->levels[level];
}

/* The widget rect covered by the image rect (x, y, w, h), within the widget; FALSE when none is. */
static gboolean
visible_bounds (ShImageCanvas *self, double x, double y, double w, double h, graphene_rect_t *bounds)
{
  double left, top, right, bottom;
  sh_canvas_view_image_to_widget (&self->view, x, y, &left, &top);
  sh_canvas_view_image_to_widget (&self->view, x + w, y + h, &right, &bottom);
  left = floor (MAX (left, 0));
  top = floor (MAX (top, 0));
  right = ceil (MIN (right, gtk_widget_get_width (GTK_WIDGET (self))));
  bottom = ceil (MIN (bottom, gtk_widget_get_height (GTK_WIDGET (self))));
  if (right <= left || bottom <= top)
    return FALSE;
  graphene_rect_init (bounds, left, top, right - left, bottom - top);
  return TRUE;
}

static void
draw_surface (ShImageCanvas *self, cairo_t *cr, cairo_surface_t *surface, double x, double y,
              double width, double height)
{
  int surface_width = cairo_image_surface_get_width (surface);
  int surface_height = cairo_image_surface_get_height (surface);

  cairo_save (cr);
  cairo_translate (cr, self->view.offset_x, self->view.offset_y);
  cairo_scale (cr, self->view.zoom, self->view.zoom);
  cairo_rectangle (cr, x, y, width, height);
  cairo_clip (cr);
  cairo_translate (cr, x, y);
  cairo_scale (cr, width / surface_width, height / surface_height);
  cairo_set_source_surface (cr, surface, 0, 0);
  /* Zoomed in, every image pixel is a sharp square; zoomed out, pixels are averaged. */
  cairo_pattern_set_filter (cairo_get_source (cr),
                            self->view.zoom >= 1.0 ? CAIRO_FILTER_NEAREST : CAIRO_FILTER_GOOD);
  cairo_pattern_set_extend (cairo_get_source (cr), CAIRO_EXTEND_PAD);
  cairo_paint (cr);
  cairo_restore (cr);
}

/* Whether rect (x, y, w, h) at step lies inside the rect at that step or finer. */
static gboolean
detail_covers (int x, int y, int w, int h, int step, int cover_x, int cover_y, int cover_w, int cover_h,
               int cover_step)
{
  return cover_step > 0 && cover_step <= step && cover_x <= x && cover_y <= y && cover_x + cover_w >= x + w
         && cover_y + cover_h >= y + h;
}

static gboolean
emit_detail_wanted (gpointer data)
{
  ShImageCanvas *self = data;

  self->detail_idle = 0;
  if (self->wanted_step > 0)
    g_signal_emit (self, signals[SIGNAL_DETAIL_WANTED], 0, self->wanted_x, self->wanted_y, self->wanted_width,
                   self->wanted_height, self->wanted_step);
  return G_SOURCE_REMOVE;
}

/* Zoomed in past what a preview holds: asks for the visible part at the step the zoom needs, then for a margin
 * around it for panning, each once, from an idle so that the owner may answer at once. */
static void
want_detail (ShImageCanvas *self)
{
  double needed = MIN (self->view.zoom, 1.0);
  double left, top, right, bottom;
  int step, x, y, w, h, margin_x, margin_y, left_x, top_y;
  gboolean sharp;

  if (self->base_scale >= needed * 0.999)
    return;
  step = needed >= 1.0 ? 1 : MAX (1, (int) floor (1.0 / needed));
  /* Less than twice as sharp as the preview is not worth the wait. */
  if (step > 1 && self->base_scale * step * 2 > 1.0)
    return;
  sh_canvas_view_widget_to_image (&self->view, 0, 0, &left, &top);
  sh_canvas_view_widget_to_image (&self->view, gtk_widget_get_width (GTK_WIDGET (self)),
                                  gtk_widget_get_height (GTK_WIDGET (self)), &right, &bottom);
  x = CLAMP ((int) floor (left), 0, self->image_width);
  y = CLAMP ((int) floor (top), 0, self->image_height);
  w = CLAMP ((int) ceil (right), 0, self->image_width) - x;
  h = CLAMP ((int) ceil (bottom), 0, self->image_height) - y;
  if (w <= 0 || h <= 0)
    return;
  if (detail_covers (x, y, w, h, step, self->wanted_x, self->wanted_y, self->wanted_width, self->wanted_height,
                     self->wanted_step))
    return;
  /* What is on screen first, as fast as it comes; then, once it is sharp, a margin around it for panning. */
  sharp = detail_covers (x, y, w, h, step, self->detail_x, self->detail_y, self->detail_width,
                         self->detail_height, self->detail_step);
  margin_x = sharp ? w / 2 : 0;
  margin_y = sharp ? h / 2 : 0;
  left_x = MAX (0, x - margin_x) / step * step;
  top_y = MAX (0, y - margin_y) / step * step;
  w = MIN (self->image_width, x + w + margin_x) - left_x;
  h = MIN (self->image_height, y + h + margin_y) - top_y;
  if (sharp && (self->wanted_step > 0
                || detail_covers (left_x, top_y, w, h, step, self->detail_x, self->detail_y, self->detail_width,
                                  self->detail_height, self->detail_step)))
    return;
  self->wanted_x = left_x;
  self->wanted_y = top_y;
  self->wanted_width = w;
  self->wanted_height = h;
  self->wanted_step = step;
  if (self->detail_idle == 0)
    self->detail_idle = g_idle_add_full (G_PRIORITY_HIGH_IDLE, emit_detail_wanted, self, NULL);
}

static void
clear_detail (ShImageCanvas *self)
{
  g_clear_pointer (&self->detail, cairo_surface_destroy);
  self->detail_step = self->wanted_step = 0;
  g_clear_handle_id (&self->detail_idle, g_source_remove);
}

static void
draw_image (ShImageCanvas *self, GtkSnapshot *snapshot)
{
  graphene_rect_t bounds;

  if (!visible_bounds (self, 0, 0, self->image_width, self->image_height, &bounds))
    return;
  int level = self->view.zoom < self->base_scale ? (int) floor (log2 (self->base_scale / self->view.zoom)) : 0;
  cairo_t *cr = gtk_snapshot_append_cairo (snapshot, &bounds);
  if (self->translucent)
    {
      /* Transparency as the thumbnails show it, so a cut-out is never taken for a white backdrop. The squares
       * keep their size on screen and move with the photo. */
      double left, top, right, bottom;

      sh_canvas_view_image_to_widget (&self->view, 0, 0, &left, &top);
      sh_canvas_view_image_to_widget (&self->view, self->image_width, self->image_height, &right, &bottom);
      cairo_rectangle (cr, left, top, right - left, bottom - top);
      sh_checkerboard_set_source (cr, SH_CHECKERBOARD_SQUARE, left, top);
      cairo_fill (cr);
    }
  draw_surface (self, cr, image_level (self, level), 0, 0, self->image_width, self->image_height);
  if (self->detail != NULL)
    draw_surface (self, cr, self->detail, self->detail_x, self->detail_y, self->detail_width,
                  self->detail_height);
  cairo_destroy (cr);
  want_detail (self);
}

static void
draw_overlay (ShImageCanvas *self, GtkSnapshot *snapshot)
{
  graphene_rect_t bounds;

  if (!self->overlay || !self->show_overlay)
    return;
  int width = cairo_image_surface_get_width (self->overlay), height = cairo_image_surface_get_height (self->overlay);
  if (!visible_bounds (self, self->overlay_x, self->overlay_y, width, height, &bounds))
    return;
  cairo_t *cr = gtk_snapshot_append_cairo (snapshot, &bounds);
  draw_surface (self, cr, self->overlay, self->overlay_x, self->overlay_y, width, height);
  cairo_destroy (cr);
}

static void
set_source_class (cairo_t *cr, int class_index, double alpha)
{
  GdkRGBA color;
  sh_image_canvas_get_class_color (class_index, &color);
  cairo_set_source_rgba (cr, color.red, color.green, color.blue, color.alpha * alpha);
}

/* A small label with a dark background at (x, y) (its top-left corner), kept inside the widget. */
static void
draw_badge (ShImageCanvas *self, cairo_t *cr, const char *text, double x, double y, int class_index)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  PangoFontDescription *font = pango_font_description_from_string ("Sans 8");
  int width, height;

  pango_layout_set_font_description (layout, font);
  pango_layout_get_pixel_size (layout, &width, &height);
  x = CLAMP (x, 0, MAX (0, gtk_widget_get_width (GTK_WIDGET (self)) - width - 6));
  y = CLAMP (y, 0, MAX (0, gtk_widget_get_height (GTK_WIDGET (self)) - height - 2));
  cairo_rectangle (cr, x, y, width + 6, height + 2);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.7);
  cairo_fill (cr);
  set_source_class (cr, class_index, 1.0);
  cairo_move_to (cr, x + 3, y + 1);
  pango_cairo_show_layout (cr, layout);
  pango_font_description_free (font);
  g_object_unref (layout);
}

static void
draw_box (ShImageCanvas *self, cairo_t *cr, const ShCanvasBox *box, ShCanvasRect rect, gboolean selected)
{
  double left, top, right, bottom;

  sh_canvas_view_image_to_widget (&self->view, rect.x, rect.y, &left, &top);
  sh_canvas_view_image_to_widget (&self->view, rect.x + rect.w, rect.y + rect.h, &right, &bottom);
  /* Two-pixel lines centred on whole widget pixels stay sharp. */
  left = round (left);
  top = round (top);
  right = MAX (round (right), left + 1);
  bottom = MAX (round (bottom), top + 1);

  cairo_save (cr);
  if (box->from_model)
    {
      static const double dashes[] = { 6, 4 };
      cairo_set_dash (cr, dashes, G_N_ELEMENTS (dashes), 0);
    }
  /* A dark halo under the coloured line keeps it visible on light and dark products alike. */
  cairo_rectangle (cr, left, top, right - left, bottom - top);
  cairo_set_line_width (cr, 4);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.55);
  cairo_stroke_preserve (cr);
  cairo_set_line_width (cr, 2);
  set_source_class (cr, box->class_index, 1.0);
  cairo_stroke (cr);
  cairo_restore (cr);

  if (box->occluded)
    {
      /* A hatched corner marks an occluded product without covering its colour. */
      cairo_save (cr);
      double size = MIN (14.0, MIN (right - left, bottom - top) / 2);
      cairo_rectangle (cr, right - size, top, size, size);
      cairo_clip (cr);
      cairo_set_line_width (cr, 1.5);
      for (double d = -size; d < size; d += 4)
        {
          cairo_move_to (cr, right - size + d, top + size);
          cairo_line_to (cr, right + d, top);
        }
      set_source_class (cr, box->class_index, 1.0);
      cairo_stroke (cr);
      cairo_restore (cr);
    }

  GString *label = g_string_new (NULL);
  if (box->from_model)
    {
      if (box->score >= 0)
        g_string_append_printf (label, _("model %.2f"), box->score);
      else
        g_string_append (label, _("model"));
    }
  if (box->occluded)
    g_string_append_printf (label, "%s%s", label->len ? " · " : "", _("occluded"));
  if (label->len)
    draw_badge (self, cr, label->str, left - 1, top - 18, box->class_index);
  g_string_free (label, TRUE);

  if (selected)
    {
      static const ShCanvasHit handles[] = {
        SH_CANVAS_HANDLE_NW, SH_CANVAS_HANDLE_N, SH_CANVAS_HANDLE_NE, SH_CANVAS_HANDLE_E,
        SH_CANVAS_HANDLE_SE, SH_CANVAS_HANDLE_S, SH_CANVAS_HANDLE_SW, SH_CANVAS_HANDLE_W,
      };
      ShCanvasRect shown = { left, top, right - left, bottom - top };
      for (guint i = 0; i < G_N_ELEMENTS (handles); i++)
        {
          double x, y;
          /* On a box short on screen the middle handles would crowd the corners; its sides can still be
           * grabbed anywhere along them. */
          if (((handles[i] == SH_CANVAS_HANDLE_N || handles[i] == SH_CANVAS_HANDLE_S) && shown.w < MID_HANDLE_MIN_SIDE)
              || ((handles[i] == SH_CANVAS_HANDLE_E || handles[i] == SH_CANVAS_HANDLE_W) && shown.h < MID_HANDLE_MIN_SIDE))
            continue;
          sh_canvas_handle_position (shown, handles[i], &x, &y);
          x = round (x);
          y = round (y);
          cairo_rectangle (cr, x - HANDLE_DRAW_HALF + 0.5, y - HANDLE_DRAW_HALF + 0.5,
                           2 * HANDLE_DRAW_HALF - 1, 2 * HANDLE_DRAW_HALF - 1);
        }
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_fill_preserve (cr);
      cairo_set_line_width (cr, 1);
      cairo_set_source_rgb (cr, 0, 0, 0);
      cairo_stroke (cr);
    }
}

static void
draw_boxes (ShImageCanvas *self, GtkSnapshot *snapshot)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self)), height = gtk_widget_get_height (GTK_WIDGET (self));
  ptrdiff_t selected = box_index (self, self->selected_id);
  gboolean drawing = self->drag_mode == DRAG_DRAW && self->drag_active && self->drag_rect_valid;

  if (self->boxes->len == 0 && !drawing)
    return;

  cairo_t *cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  for (guint i = 0; i < self->boxes->len; i++)
    {
      if ((ptrdiff_t) i == selected)
        continue;
      const ShCanvasBox *box = &g_array_index (self->boxes, ShCanvasBox, i);
      draw_box (self, cr, box, g_array_index (self->rects, ShCanvasRect, i), FALSE);
    }
  if (selected >= 0)
    {
      const ShCanvasBox *box = &g_array_index (self->boxes, ShCanvasBox, selected);
      ShCanvasRect rect = g_array_index (self->rects, ShCanvasRect, selected);
      if ((self->drag_mode == DRAG_MOVE || self->drag_mode == DRAG_RESIZE) && self->drag_rect_valid
          && self->drag_box_id == box->id)
        rect = self->drag_rect;
      draw_box (self, cr, box, rect, TRUE);
    }
  if (drawing)
    {
      ShCanvasBox box = { 0, self->current_class, 0, 0, 0, 0, FALSE, -1, FALSE };
      draw_box (self, cr, &box, self->drag_rect, FALSE);
    }
  cairo_destroy (cr);
}

static void
sh_image_canvas_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  ShImageCanvas *self = SH_IMAGE_CANVAS (widget);
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);

  /* A neutral grey surround: a coloured one would shift how the product's colour is seen. */
  gtk_snapshot_append_color (snapshot, &(GdkRGBA) { 0.24f, 0.24f, 0.24f, 1.0f },
                             &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (has_image (self))
    {
      draw_image (self, snapshot);
      draw_overlay (self, snapshot);
      draw_boxes (self, snapshot);
    }

  if (gtk_widget_has_visible_focus (widget))
    {
      GdkRGBA accent = { 0.208f, 0.518f, 0.894f, 1.0f };
      G_GNUC_BEGIN_IGNORE_DEPRECATIONS
      gtk_style_context_lookup_color (gtk_widget_get_style_context (widget), "accent_color", &accent);
      G_GNUC_END_IGNORE_DEPRECATIONS
      GskRoundedRect outline;
      gsk_rounded_rect_init_from_rect (&outline, &GRAPHENE_RECT_INIT (0, 0, width, height), 0);
      const float widths[4] = { 3, 3, 3, 3 };
      const GdkRGBA colors[4] = { accent, accent, accent, accent };
      gtk_snapshot_append_border (snapshot, &outline, widths, colors);
    }
}

static void
sh_image_canvas_measure (GtkWidget *widget, GtkOrientation orientation, int for_size, int *minimum,
                         int *natural, int *minimum_baseline, int *natural_baseline)
{
  *minimum = 64;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 640 : 480;
}

static void
sh_image_canvas_size_allocate (GtkWidget *widget, int width, int height, int baseline)
{
  ShImageCanvas *self = SH_IMAGE_CANVAS (widget);

  if (self->fit_mode)
    fit (self);
  else
    set_zoom_view (self, self->view);
}

static void
sh_image_canvas_state_flags_changed (GtkWidget *widget, GtkStateFlags previous)
{
  GTK_WIDGET_CLASS (sh_image_canvas_parent_class)->state_flags_changed (widget, previous);
  if ((previous ^ gtk_widget_get_state_flags (widget)) & (GTK_STATE_FLAG_FOCUS_VISIBLE | GTK_STATE_FLAG_FOCUSED))
    gtk_widget_queue_draw (widget);
}

/* ---- public API ---- */

static void
clear_levels (ShImageCanvas *self)
{
  for (int i = 0; i < MAX_LEVELS; i++)
    g_clear_pointer (&self->levels[i], cairo_surface_destroy);
  self->base_scale = 1.0;
  clear_detail (self);
}

/* Whether an ARGB32 surface has a pixel that is not fully opaque. */
static gboolean
has_transparent_pixels (cairo_surface_t *surface)
{
  const guint8 *data = cairo_image_surface_get_data (surface);
  int width = cairo_image_surface_get_width (surface), height = cairo_image_surface_get_height (surface);
  int stride = cairo_image_surface_get_stride (surface);

  for (int y = 0; y < height; y++)
    {
      const guint32 *row = (const guint32 *) (data + (gsize) y * stride);

      for (int x = 0; x < width; x++)
        if ((row[x] >> 24) != 0xff)
          return TRUE;
    }
  return FALSE;
}

static void
image_changed (ShImageCanvas *self, int width, int height)
{
  gboolean size_changed = width != self->image_width || height != self->image_height;

  self->image_width = width;
  self->image_height = height;
  end_drag (self);
  fit (self);
  update_accessible_description (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IMAGE]);
  if (size_changed)
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IMAGE_WIDTH]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IMAGE_HEIGHT]);
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
sh_image_canvas_set_image (ShImageCanvas *self, GdkTexture *texture)
{
  g_return_if_fail (SH_IS_IMAGE_CANVAS (self));
  g_return_if_fail (texture == NULL || GDK_IS_TEXTURE (texture));

  if (texture == self->texture && texture)
    return;
  g_set_object (&self->texture, texture);
  clear_levels (self);
  if (!texture)
    {
      image_changed (self, 0, 0);
      return;
    }

  int width = gdk_texture_get_width (texture), height = gdk_texture_get_height (texture);
  /* Downloaded once: cairo draws only the visible part from it, with the filter the zoom needs. */
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      g_warning ("cannot show a %d × %d image: %s", width, height,
                 cairo_status_to_string (cairo_surface_status (surface)));
      cairo_surface_destroy (surface);
      g_clear_object (&self->texture);
      image_changed (self, 0, 0);
      return;
    }
  cairo_surface_flush (surface);
  gdk_texture_download (texture, cairo_image_surface_get_data (surface), cairo_image_surface_get_stride (surface));
  cairo_surface_mark_dirty (surface);
  self->levels[0] = surface;
  self->translucent = has_transparent_pixels (surface);
  image_changed (self, width, height);
}

void
sh_image_canvas_set_image_surface (ShImageCanvas *self, cairo_surface_t *surface)
{
  g_return_if_fail (SH_IS_IMAGE_CANVAS (self));
  g_return_if_fail (surface == NULL || cairo_surface_get_type (surface) == CAIRO_SURFACE_TYPE_IMAGE);

  g_clear_object (&self->texture);
  clear_levels (self);
  if (!surface)
    {
      image_changed (self, 0, 0);
      return;
    }
  self->levels[0] = cairo_surface_reference (surface);
  /* The caller chose a format with alpha because the photo has transparency. */
  self->translucent = cairo_image_surface_get_format (surface) == CAIRO_FORMAT_ARGB32;
  image_changed (self, cairo_image_surface_get_width (surface), cairo_image_surface_get_height (surface));
}

void
sh_image_canvas_set_image_preview (ShImageCanvas *self, cairo_surface_t *surface, int image_width,
                                   int image_height)
{
  g_return_if_fail (SH_IS_IMAGE_CANVAS (self));
  g_return_if_fail (surface != NULL && cairo_surface_get_type (surface) == CAIRO_SURFACE_TYPE_IMAGE);
  g_return_if_fail (image_width > 0 && image_height > 0);

  g_clear_object (&self->texture);
  clear_levels (self);
  self->levels[0] = cairo_surface_reference (surface);
  self->base_scale = MIN (1.0, MIN ((double) cairo_image_surface_get_width (surface) / image_width,
                                    (double) cairo_image_surface_get_height (surface) / image_height));
  self->translucent = cairo_image_surface_get_format (surface) == CAIRO_FORMAT_ARGB32;
  image_changed (self, image_width, image_height);
}

void
sh_image_canvas_set_detail (ShImageCanvas *self, cairo_surface_t *surface, int x, int y, int width, int height)
{
  g_return_if_fail (SH_IS_IMAGE_CANVAS (self));
  g_return_if_fail (surface == NULL || cairo_surface_get_type (surface) == CAIRO_SURFACE_TYPE_IMAGE);

  g_clear_pointer (&self->detail, cairo_surface_destroy);
  self->detail_step = 0;
  if (surface != NULL && has_image (self) && width > 0 && height > 0 && x >= 0 && y >= 0
      && x + width <= self->image_width && y + height <= self->image_height)
    {
      self->detail = cairo_surface_reference (surface);
      self->detail_x = x;
      self->detail_y = y;
      self->detail_width = width;
      self->detail_height = height;
      self->detail_step = MAX (1, (int) round ((double) width / cairo_image_surface_get_width (surface)));
    }
  /* Answered (or withdrawn): the next draw asks again if the view has moved on. */
  self->wanted_step = 0;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
sh_image_canvas_get_detail (ShImageCanvas *self, int *x, int *y, int *width, int *height, int *step)
{
  g_return_val_if_fail (SH_IS_IMAGE_CANVAS (self), FALSE);
  if (self->detail == NULL)
    return FALSE;
  *x = self->detail_x;
  *y = self->detail_y;
  *width = self->detail_width;
  *height = self->detail_height;
  *step = self->detail_step;
  return TRUE;
}

double
sh_image_canvas_get_image_scale (ShImageCanvas *self)
{
  g_return_val_if_fail (SH_IS_IMAGE_CANVAS (self), 1.0);
  return self->base_scale;
}

GdkTexture *
sh_image_canvas_get_image (ShImageCanvas *self)
{
  g_return_val_if_fail (SH_IS_IMAGE_CANVAS (self), NULL);
  return self->texture;
}

int
sh_image_canvas_get_image_width (ShImageCanvas *self)
{
  g_return_val_if_fail (SH_IS_IMAGE_CANVAS (self), 0);
  return self->image_width;
}

int
sh_image_canvas_get_image_height (ShImageCanvas *self)
{
  g_return_val_if_fail (SH_IS_IMAGE_CANVAS (self), 0);
  return self->image_height;
}

void
sh_image_canvas_set_boxes (ShImageCanvas *self, const ShCanvasBox *boxes, guint n_boxes)
{
  g_return_if_fail (SH_IS_IMAGE_CANVAS (self));
  g_return_if_fail (boxes != NULL || n_boxes == 0);

  g_array_set_size (self->boxes, 0);
  g_array_set_size (self->rects, 0);
  if (n_boxes)
    g_array_append_vals (self->boxes, boxes, n_boxes);
  for (guint i = 0; i < n_boxes; i++)
    {
      ShCanvasRect rect = { boxes[i].x, boxes[i].y, boxes[i].w, boxes[i].h };
      g_array_append_val (self->rects, rect);
    }

  if ((self->drag_mode == DRAG_MOVE || self->drag_mode == DRAG_RESIZE) && box_index (self, self->drag_box_id) < 0)
    {
      gtk_event_controller_reset (GTK_EVENT_CONTROLLER (self->primary_drag));
      end_drag (self);
    }
  if (box_index (self, self->selected_id) < 0)
    select_box (self, 0, FALSE);
  update_accessible_description (self);
  update_cursor (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
sh_image_canvas_set_selected_box (ShImageCanvas *self, gint64 id)
{
  g_return_if_fail (SH_IS_IMAGE_CANVAS (self));
  select_box (self, id, FALSE);
}

gint64
sh_image_canvas_get_selected_box (ShImageCanvas *self)
{
  g_return_val_if_fail (SH_IS_IMAGE_CANVAS (self), 0);
  return self->selected_id;
}

void
sh_image_canvas_set_current_class (ShImageCanvas *self, int class_index)
{
  g_return_if_fail (SH_IS_IMAGE_CANVAS (self));
  if (self->current_class == class_index)
    return;
  self->current_class = class_index;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT_CLASS]);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

int
sh_image_canvas_get_current_class (ShImageCanvas *self)
{
  g_return_val_if_fail (SH_IS_IMAGE_CANVAS (self), 0);
  return self->current_class;
}

double
sh_image_canvas_get_zoom (ShImageCanvas *self)
{
  g_return_val_if_fail (SH_IS_IMAGE_CANVAS (self), 1.0);
  return self->view.zoom;
}

void
sh_image_canvas_image_to_widget (ShImageCanvas *self, double image_x, double image_y,
                                 double *widget_x, double *widget_y)
{
  g_return_if_fail (SH_IS_IMAGE_CANVAS (self));
  sh_canvas_view_image_to_widget (&self->view, image_x, image_y, widget_x, widget_y);
}

void
sh_image_canvas_widget_to_image (ShImageCanvas *self, double widget_x, double widget_y,
                                 double *image_x, double *image_y)
{
  g_return_if_fail (SH_IS_IMAGE_CANVAS (self));
  sh_canvas_view_widget_to_image (&self->view, widget_x, widget_y, image_x, image_y);
}

void
sh_image_canvas_set_overlay (ShImageCanvas *self, int x, int y, int mask_width, int mask_height,
                             const guint8 *mask, const guint32 *palette, guint n_colors)
{
  g_return_if_fail (SH_IS_IMAGE_CANVAS (self));
  g_return_if_fail (mask_width > 0 && mask_height > 0 && mask != NULL);

  if (!palette)
    {
      palette = sh_image_canvas_default_overlay_palette;
      n_colors = G_N_ELEMENTS (sh_image_canvas_default_overlay_palette);
    }

  /* cairo wants premultiplied colours. */
  guint32 premultiplied[256] = { 0 };
  for (guint i = 0; i < MIN (n_colors, 256u); i++)
    {
      guint32 argb = palette[i], alpha = argb >> 24;
      guint32 red = ((argb >> 16) & 0xff) * alpha / 255;
      guint32 green = ((argb >> 8) & 0xff) * alpha / 255;
      guint32 blue = (argb & 0xff) * alpha / 255;
      premultiplied[i] = alpha << 24 | red << 16 | green << 8 | blue;
    }

  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, mask_width, mask_height);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (surface);
      return;
    }
  cairo_surface_flush (surface);
  guint8 *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  for (int row = 0; row < mask_height; row++)
    {
      guint32 *pixel = (guint32 *) (gpointer) (data + (gsize) row * stride);
      const guint8 *classes = mask + (gsize) row * mask_width;
      for (int column = 0; column < mask_width; column++)
        pixel[column] = premultiplied[classes[column]];
    }
  cairo_surface_mark_dirty (surface);

  g_clear_pointer (&self->overlay, cairo_surface_destroy);
  self->overlay = surface;
  self->overlay_x = x;
  self->overlay_y = y;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
sh_image_canvas_clear_overlay (ShImageCanvas *self)
{
  g_return_if_fail (SH_IS_IMAGE_CANVAS (self));
  g_clear_pointer (&self->overlay, cairo_surface_destroy);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
sh_image_canvas_set_show_overlay (ShImageCanvas *self, gboolean show)
{
  g_return_if_fail (SH_IS_IMAGE_CANVAS (self));
  show = !!show;
  if (self->show_overlay == show)
    return;
  self->show_overlay = show;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_OVERLAY]);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
sh_image_canvas_get_show_overlay (ShImageCanvas *self)
{
  g_return_val_if_fail (SH_IS_IMAGE_CANVAS (self), FALSE);
  return self->show_overlay;
}

void
sh_image_canvas_get_class_color (int class_index, GdkRGBA *color)
{
  int n = G_N_ELEMENTS (class_colors);
  *color = class_colors[((class_index % n) + n) % n];
}

void
sh_image_canvas_set_photo_name (ShImageCanvas *self, const char *name)
{
  g_return_if_fail (SH_IS_IMAGE_CANVAS (self));

  g_free (self->photo_name);
  self->photo_name = g_strdup (name);
  update_accessible_description (self);
}

void
sh_image_canvas_set_class_names (ShImageCanvas *self, const char *const *names)
{
  g_return_if_fail (SH_IS_IMAGE_CANVAS (self));

  g_strfreev (self->class_names);
  self->class_names = g_strdupv ((char **) names);
  update_accessible_description (self);
}

GtkWidget *
sh_image_canvas_new (void)
{
  return g_object_new (SH_TYPE_IMAGE_CANVAS, NULL);
}

/* ---- GObject ---- */

static void
sh_image_canvas_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  ShImageCanvas *self = SH_IMAGE_CANVAS (object);

  switch (prop_id)
    {
    case PROP_IMAGE: g_value_set_object (value, self->texture); break;
    case PROP_IMAGE_WIDTH: g_value_set_int (value, self->image_width); break;
    case PROP_IMAGE_HEIGHT: g_value_set_int (value, self->image_height); break;
    case PROP_ZOOM: g_value_set_double (value, self->view.zoom); break;
    case PROP_CURRENT_CLASS: g_value_set_int (value, self->current_class); break;
    case PROP_SHOW_OVERLAY: g_value_set_boolean (value, self->show_overlay); break;
    case PROP_SELECTED_BOX: g_value_set_int64 (value, self->selected_id); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sh_image_canvas_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  ShImageCanvas *self = SH_IMAGE_CANVAS (object);

  switch (prop_id)
    {
    case PROP_IMAGE: sh_image_canvas_set_image (self, g_value_get_object (value)); break;
    case PROP_CURRENT_CLASS: sh_image_canvas_set_current_class (self, g_value_get_int (value)); break;
    case PROP_SHOW_OVERLAY: sh_image_canvas_set_show_overlay (self, g_value_get_boolean (value)); break;
    case PROP_SELECTED_BOX: sh_image_canvas_set_selected_box (self, g_value_get_int64 (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sh_image_canvas_dispose (GObject *object)
{
  ShImageCanvas *self = SH_IMAGE_CANVAS (object);

  g_clear_object (&self->texture);
  clear_levels (self);
  g_clear_pointer (&self->overlay, cairo_surface_destroy);
  G_OBJECT_CLASS (sh_image_canvas_parent_class)->dispose (object);
}

static void
sh_image_canvas_finalize (GObject *object)
{
  ShImageCanvas *self = SH_IMAGE_CANVAS (object);

  g_array_unref (self->boxes);
  g_array_unref (self->rects);
  g_free (self->photo_name);
  g_strfreev (self->class_names);
  G_OBJECT_CLASS (sh_image_canvas_parent_class)->finalize (object);
}

static void
add_rect_signal (GObjectClass *object_class, guint *signal_id, const char *name, gboolean with_id)
{
  if (with_id)
    *signal_id = g_signal_new (name, G_TYPE_FROM_CLASS (object_class), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                               G_TYPE_NONE, 5, G_TYPE_INT64, G_TYPE_DOUBLE, G_TYPE_DOUBLE, G_TYPE_DOUBLE,
                               G_TYPE_DOUBLE);
  else
    *signal_id = g_signal_new (name, G_TYPE_FROM_CLASS (object_class), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                               G_TYPE_NONE, 4, G_TYPE_DOUBLE, G_TYPE_DOUBLE, G_TYPE_DOUBLE, G_TYPE_DOUBLE);
}

static void
bind_arrows (GtkWidgetClass *widget_class, GdkModifierType modifiers, const char *action, int step)
{
  static const struct { guint keyval, keypad; int dx, dy; } arrows[] = {
    { GDK_KEY_Left, GDK_KEY_KP_Left, -1, 0 },
    { GDK_KEY_Right, GDK_KEY_KP_Right, 1, 0 },
    { GDK_KEY_Up, GDK_KEY_KP_Up, 0, -1 },
    { GDK_KEY_Down, GDK_KEY_KP_Down, 0, 1 },
  };
  for (guint i = 0; i < G_N_ELEMENTS (arrows); i++)
    {
      gtk_widget_class_add_binding_action (widget_class, arrows[i].keyval, modifiers, action, "(ii)",
                                           arrows[i].dx * step, arrows[i].dy * step);
      gtk_widget_class_add_binding_action (widget_class, arrows[i].keypad, modifiers, action, "(ii)",
                                           arrows[i].dx * step, arrows[i].dy * step);
    }
}

static void
sh_image_canvas_class_init (ShImageCanvasClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = sh_image_canvas_get_property;
  object_class->set_property = sh_image_canvas_set_property;
  object_class->dispose = sh_image_canvas_dispose;
  object_class->finalize = sh_image_canvas_finalize;
  widget_class->snapshot = sh_image_canvas_snapshot;
  widget_class->measure = sh_image_canvas_measure;
  widget_class->size_allocate = sh_image_canvas_size_allocate;
  widget_class->state_flags_changed = sh_image_canvas_state_flags_changed;

  properties[PROP_IMAGE] =
    g_param_spec_object ("image", NULL, "The display-ready image", GDK_TYPE_TEXTURE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_IMAGE_WIDTH] =
    g_param_spec_int ("image-width", NULL, "Image width in pixels", 0, G_MAXINT, 0,
                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_IMAGE_HEIGHT] =
    g_param_spec_int ("image-height", NULL, "Image height in pixels", 0, G_MAXINT, 0,
                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ZOOM] =
    g_param_spec_double ("zoom", NULL, "Widget pixels per image pixel", SH_CANVAS_ZOOM_MIN,
                         SH_CANVAS_ZOOM_MAX, 1.0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CURRENT_CLASS] =
    g_param_spec_int ("current-class", NULL, "Class of the boxes being drawn", 0, G_MAXINT, 0,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHOW_OVERLAY] =
    g_param_spec_boolean ("show-overlay", NULL, "Whether the pixel-class overlay is drawn", FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED_BOX] =
    g_param_spec_int64 ("selected-box", NULL, "Id of the selected box, 0 for none", 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* box-drawn (x, y, w, h): a new box was drawn (on release, or canvas.new-box-at-center). */
  add_rect_signal (object_class, &signals[SIGNAL_BOX_DRAWN], "box-drawn", FALSE);
  /* box-dragging (id, x, y, w, h): on each motion of a drag; id 0 for a box being drawn. */
  add_rect_signal (object_class, &signals[SIGNAL_BOX_DRAGGING], "box-dragging", TRUE);
  /* box-changed (id, x, y, w, h): a move, resize or nudge the user finished. */
  add_rect_signal (object_class, &signals[SIGNAL_BOX_CHANGED], "box-changed", TRUE);
  /* box-selected (id): the user selected a box (0: none). */
  signals[SIGNAL_BOX_SELECTED] = g_signal_new ("box-selected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                               0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  /* space-tapped: Space pressed and released without panning (held, Space pans). */
  signals[SIGNAL_SPACE_TAPPED] = g_signal_new ("space-tapped", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                               0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* detail-wanted (x, y, width, height, step): the view is zoomed in past the preview; the owner answers with
   * sh_image_canvas_set_detail, now or later. */
  signals[SIGNAL_DETAIL_WANTED] = g_signal_new ("detail-wanted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                                0, NULL, NULL, NULL, G_TYPE_NONE, 5, G_TYPE_INT, G_TYPE_INT,
                                                G_TYPE_INT, G_TYPE_INT, G_TYPE_INT);

  gtk_widget_class_install_action (widget_class, "canvas.zoom-in", NULL, action_zoom);
  gtk_widget_class_install_action (widget_class, "canvas.zoom-out", NULL, action_zoom);
  gtk_widget_class_install_action (widget_class, "canvas.zoom-fit", NULL, action_zoom);
  gtk_widget_class_install_action (widget_class, "canvas.zoom-1", NULL, action_zoom);
  gtk_widget_class_install_action (widget_class, "canvas.pan", "(ii)", action_pan);
  gtk_widget_class_install_action (widget_class, "canvas.nudge", "(ii)", action_nudge);
  gtk_widget_class_install_action (widget_class, "canvas.resize-selected", "(ii)", action_nudge);
  gtk_widget_class_install_action (widget_class, "canvas.resize-selected-start", "(ii)", action_nudge);
  gtk_widget_class_install_action (widget_class, "canvas.deselect", NULL, action_deselect);
  gtk_widget_class_install_action (widget_class, "canvas.select-next", NULL, action_cycle);
  gtk_widget_class_install_action (widget_class, "canvas.select-previous", NULL, action_cycle);
  gtk_widget_class_install_action (widget_class, "canvas.new-box-at-center", NULL, action_new_box);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "canvas.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "canvas.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, GDK_CONTROL_MASK, "canvas.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "canvas.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, GDK_CONTROL_MASK, "canvas.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "canvas.zoom-fit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_0, GDK_CONTROL_MASK, "canvas.zoom-fit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_CONTROL_MASK, "canvas.zoom-1", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_1, GDK_CONTROL_MASK, "canvas.zoom-1", NULL);
  bind_arrows (widget_class, 0, "canvas.nudge", 1);
  bind_arrows (widget_class, GDK_SHIFT_MASK, "canvas.nudge", 10);
  bind_arrows (widget_class, GDK_ALT_MASK, "canvas.resize-selected", 1);
  bind_arrows (widget_class, GDK_ALT_MASK | GDK_SHIFT_MASK, "canvas.resize-selected", 10);
  /* Ctrl+Alt+arrows are taken for workspaces by some desktops: Ctrl+arrows do the same. */
  bind_arrows (widget_class, GDK_CONTROL_MASK | GDK_ALT_MASK, "canvas.resize-selected-start", 1);
  bind_arrows (widget_class, GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SHIFT_MASK, "canvas.resize-selected-start", 10);
  bind_arrows (widget_class, GDK_CONTROL_MASK, "canvas.resize-selected-start", 1);
  bind_arrows (widget_class, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "canvas.resize-selected-start", 10);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Escape, 0, binding_deselect, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Tab, 0, binding_cycle, "(s)", "canvas.select-next");
  gtk_widget_class_add_binding (widget_class, GDK_KEY_KP_Tab, 0, binding_cycle, "(s)", "canvas.select-next");
  gtk_widget_class_add_binding (widget_class, GDK_KEY_ISO_Left_Tab, GDK_SHIFT_MASK, binding_cycle, "(s)",
                                "canvas.select-previous");
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Tab, GDK_SHIFT_MASK, binding_cycle, "(s)",
                                "canvas.select-previous");

  gtk_widget_class_set_css_name (widget_class, "shimagecanvas");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
sh_image_canvas_init (ShImageCanvas *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GtkEventController *controller;
  GtkGesture *gesture;

  self->view.zoom = 1.0;
  self->base_scale = 1.0;
  self->fit_mode = TRUE;
  self->boxes = g_array_new (FALSE, FALSE, sizeof (ShCanvasBox));
  self->rects = g_array_new (FALSE, FALSE, sizeof (ShCanvasRect));

  gtk_widget_set_focusable (widget, TRUE);
  gtk_widget_set_focus_on_click (widget, TRUE);
  gtk_widget_set_overflow (widget, GTK_OVERFLOW_HIDDEN);
  update_accessible_description (self);

  gesture = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_PRIMARY);
  g_signal_connect (gesture, "drag-begin", G_CALLBACK (primary_drag_begin), self);
  g_signal_connect (gesture, "drag-update", G_CALLBACK (primary_drag_update), self);
  g_signal_connect (gesture, "drag-end", G_CALLBACK (primary_drag_end), self);
  g_signal_connect (gesture, "cancel", G_CALLBACK (primary_drag_cancel), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (gesture));
  self->primary_drag = gesture;

  gesture = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_MIDDLE);
  g_signal_connect (gesture, "drag-begin", G_CALLBACK (pan_drag_begin), self);
  g_signal_connect (gesture, "drag-update", G_CALLBACK (pan_drag_update), self);
  g_signal_connect (gesture, "drag-end", G_CALLBACK (pan_drag_end), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_zoom_new ();
  g_signal_connect (gesture, "begin", G_CALLBACK (pinch_begin), self);
  g_signal_connect (gesture, "scale-changed", G_CALLBACK (pinch_scale_changed), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (gesture));

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  g_signal_connect (controller, "scroll", G_CALLBACK (scroll), self);
  gtk_widget_add_controller (widget, controller);

  controller = gtk_event_controller_motion_new ();
  g_signal_connect (controller, "enter", G_CALLBACK (pointer_motion), self);
  g_signal_connect (controller, "motion", G_CALLBACK (pointer_motion), self);
  g_signal_connect (controller, "leave", G_CALLBACK (pointer_leave), self);
  gtk_widget_add_controller (widget, controller);

  controller = gtk_event_controller_key_new ();
  g_signal_connect (controller, "key-pressed", G_CALLBACK (key_pressed), self);
  g_signal_connect (controller, "key-released", G_CALLBACK (key_released), self);
  gtk_widget_add_controller (widget, controller);
}
