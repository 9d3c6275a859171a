/* SPDX-License-Identifier: GPL-3.0-or-later */
/* canvas-polygon-tool.c: drawing and editing lip polygons over an image canvas (see canvas-polygon-tool.h).
 *
 * The tool is the canvas's parent, so its capture-phase controllers see the primary button and the keys
 * before the canvas does: they take what the polygons need and let the rest (panning, zooming) through,
 * and the canvas itself is left as it is. */
#define G_LOG_DOMAIN "shadelab-canvas"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "canvas-polygon-geometry.h"
#include "canvas-polygon-tool.h"

/* How far the pointer may miss a point or an edge, in widget pixels. */
#define REACH 8.0

typedef struct {
  GArray *points;   /* ShPoint */
  gboolean closed;
} Polygon;

struct _ShCanvasPolygonTool
{
  GtkWidget parent_instance;

  ShImageCanvas *canvas;       /* the child */
  Polygon polygons[2];         /* by ShLipPolygonKind */
  ShLipPolygonKind active;
  gboolean measuring;          /* the primary button draws the canvas's box (a skin patch) instead */
  int selected;                /* a point of the active polygon, -1 for none */

  /* The press being handled */
  gboolean dragging;           /* moving the selected point */
  gboolean moved;
  gboolean close_on_release;   /* pressed on the first point of the open polygon */
  const char *edit_label;      /* the edit the release finishes (insert), or NULL */
  ShPoint drag_start;

  gboolean pointer_inside;
  double pointer_x, pointer_y; /* widget pixels */
};

G_DEFINE_FINAL_TYPE (ShCanvasPolygonTool, sh_canvas_polygon_tool, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_ACTIVE_KIND, PROP_MEASURING, N_PROPS };
static GParamSpec *properties[N_PROPS];

enum { SIGNAL_POLYGON_EDITED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void changed (ShCanvasPolygonTool *self);

static Polygon *
active_polygon (ShCanvasPolygonTool *self)
{
  return &self->polygons[self->active];
}

static ShPoint *
points_of (Polygon *polygon)
{
  return (ShPoint *) polygon->points->data;
}

static gboolean
has_image (ShCanvasPolygonTool *self)
{
  return sh_image_canvas_get_image_width (self->canvas) > 0 && sh_image_canvas_get_image_height (self->canvas) > 0;
}

static ShPoint
to_image (ShCanvasPolygonTool *self, double x, double y)
{
  ShPoint p;

  sh_image_canvas_widget_to_image (self->canvas, x, y, &p.x, &p.y);
  return sh_polygon_clamp_point (p, sh_image_canvas_get_image_width (self->canvas),
                                 sh_image_canvas_get_image_height (self->canvas));
}

static double
reach (ShCanvasPolygonTool *self)
{
  double zoom = sh_image_canvas_get_zoom (self->canvas);

  return REACH / (zoom > 0 ? zoom : 1);
}

static void
edited (ShCanvasPolygonTool *self, ShLipPolygonKind kind, const char *label)
{
  changed (self);
  g_signal_emit (self, signals[SIGNAL_POLYGON_EDITED], 0, (int) kind, label);
}

static const char *
closed_label (ShLipPolygonKind kind)
{
  return kind == SH_LIP_POLYGON_OUTER ? _("Draw Lips") : _("Draw Mouth Opening");
}

static gboolean
close_active (ShCanvasPolygonTool *self)
{
  Polygon *polygon = active_polygon (self);

  if (polygon->closed || polygon->points->len < 3)
    return FALSE;
  polygon->closed = TRUE;
  self->selected = -1;
  edited (self, self->active, closed_label (self->active));
  return TRUE;
}

static void
add_point (ShCanvasPolygonTool *self, ShPoint p)
{
  Polygon *polygon = active_polygon (self);

  g_array_append_val (polygon->points, p);
  self->selected = (int) polygon->points->len - 1;
  changed (self);
}

/* Removes the selected point (the last of an open polygon when none is selected). */
static gboolean
remove_selected (ShCanvasPolygonTool *self)
{
  Polygon *polygon = active_polygon (self);
  int index = self->selected;

  if (index < 0 && !polygon->closed && polygon->points->len > 0)
    index = (int) polygon->points->len - 1;
  if (index < 0 || index >= (int) polygon->points->len)
    return FALSE;
  g_array_remove_index (polygon->points, (guint) index);
  self->selected = polygon->points->len > 0 && !polygon->closed ? (int) polygon->points->len - 1 : -1;
  if (polygon->closed)
    {
      /* Fewer than three points enclose nothing: the polygon goes. */
      if (polygon->points->len < 3)
        {
          g_array_set_size (polygon->points, 0);
          polygon->closed = FALSE;
          self->selected = -1;
        }
      edited (self, self->active, _("Remove Point"));
    }
  else
    changed (self);
  return TRUE;
}

static void
select_kind (ShCanvasPolygonTool *self, ShLipPolygonKind kind)
{
  if (self->active == kind)
    return;
  self->active = kind;
  self->selected = -1;
  changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE_KIND]);
}

/* What a screen reader says about the lips: each polygon's points and whether it is closed, which one is
 * drawn and the selected point, e.g. "Lips: 8 points, closed. Mouth opening: 3 points, being drawn (active).
 * Point 3 of 3 selected at 320, 226." Then redraws. */
static void
changed (ShCanvasPolygonTool *self)
{
  static const char *const names[2] = { N_("Lips"), N_("Mouth opening") };
  g_autoptr (GString) text = g_string_new (NULL);

  for (int k = 0; k < 2; k++)
    {
      const Polygon *polygon = &self->polygons[k];
      const char *state = polygon->points->len == 0 ? _("not drawn")
                          : polygon->closed          ? _("closed")
                                                     : _("being drawn");

      /* Translators: a lip polygon for screen readers: its name, how many points, closed or being drawn. */
      g_string_append_printf (text, _("%s: %u points, %s%s. "), _(names[k]), polygon->points->len, state,
                              (int) self->active == k ? _(" (active)") : "");
    }
  if (self->selected >= 0 && self->selected < (int) active_polygon (self)->points->len)
    {
      ShPoint p = points_of (active_polygon (self))[self->selected];

      /* Translators: the selected point of a lip polygon: its number, the count, image pixel coordinates. */
      g_string_append_printf (text, _("Point %d of %u selected at %.0f, %.0f."), self->selected + 1,
                              active_polygon (self)->points->len, p.x, p.y);
    }
  if (self->measuring)
    g_string_append (text, _("Measuring skin tone: drag a box on the cheek."));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text->str, -1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* ---- the pointer ---- */

static void
drag_begin (GtkGestureDrag *gesture, double x, double y, ShCanvasPolygonTool *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));
  ShPoint p;
  double r;
  int hit;

  self->dragging = self->moved = self->close_on_release = FALSE;
  self->edit_label = NULL;
  if (!has_image (self) || self->measuring || (state & (GDK_CONTROL_MASK | GDK_SHIFT_MASK)) != 0)
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  gtk_widget_grab_focus (GTK_WIDGET (self->canvas));
  p = to_image (self, x, y);
  r = reach (self);

  /* A point of the active polygon, then of the other one (which becomes the active one). */
  for (int k = 0; k < 2; k++)
    {
      ShLipPolygonKind kind = k == 0 ? self->active : 1 - self->active;
      Polygon *polygon = &self->polygons[kind];

      if (kind != self->active && !polygon->closed)
        continue;
      hit = sh_polygon_hit_vertex (points_of (polygon), (int) polygon->points->len, p.x, p.y, r);
      if (hit < 0)
        continue;
      select_kind (self, kind);
      self->selected = hit;
      self->dragging = TRUE;
      self->drag_start = points_of (polygon)[hit];
      self->close_on_release = !polygon->closed && hit == 0 && polygon->points->len >= 3;
      changed (self);
      return;
    }

  /* Alt on an edge of a closed polygon: a new point there. */
  if ((state & GDK_ALT_MASK) != 0)
    for (int k = 0; k < 2; k++)
      {
        ShLipPolygonKind kind = k == 0 ? self->active : 1 - self->active;
        Polygon *polygon = &self->polygons[kind];

        if (!polygon->closed)
          continue;
        hit = sh_polygon_hit_edge (points_of (polygon), (int) polygon->points->len, TRUE, p.x, p.y, r, NULL);
        if (hit < 0)
          continue;
        select_kind (self, kind);
        g_array_insert_val (polygon->points, (guint) hit + 1, p);
        self->selected = hit + 1;
        self->dragging = TRUE;
        self->drag_start = p;
        self->edit_label = _("Insert Point");
        changed (self);
        return;
      }

  if (!active_polygon (self)->closed)
    {
      add_point (self, p);
      self->dragging = TRUE;
      self->drag_start = p;
      return;
    }
  self->selected = -1;
  changed (self);
}

static void
drag_update (GtkGestureDrag *gesture, double dx, double dy, ShCanvasPolygonTool *self)
{
  Polygon *polygon = active_polygon (self);
  double zoom = sh_image_canvas_get_zoom (self->canvas);
  ShPoint p;

  if (!self->dragging || self->selected < 0 || self->selected >= (int) polygon->points->len || zoom <= 0)
    return;
  /* A hand's jitter on a click is no move. */
  if (!self->moved && hypot (dx, dy) < 3)
    return;
  self->moved = TRUE;
  p.x = self->drag_start.x + dx / zoom;
  p.y = self->drag_start.y + dy / zoom;
  points_of (polygon)[self->selected] = sh_polygon_clamp_point (p, sh_image_canvas_get_image_width (self->canvas),
                                                                sh_image_canvas_get_image_height (self->canvas));
  /* While dragging only the picture follows; the description is told when the drag ends. */
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
drag_end (GtkGestureDrag *gesture, double dx, double dy, ShCanvasPolygonTool *self)
{
  Polygon *polygon = active_polygon (self);

  if (!self->dragging)
    return;
  self->dragging = FALSE;
  if (self->close_on_release && !self->moved)
    {
      /* The click on the first point closes; it does not add it again. */
      close_active (self);
      return;
    }
  if (polygon->closed && (self->moved || self->edit_label != NULL))
    edited (self, self->active, self->edit_label != NULL ? self->edit_label : _("Move Point"));
  else
    changed (self);
}

static void
drag_cancel (GtkGesture *gesture, GdkEventSequence *sequence, ShCanvasPolygonTool *self)
{
  self->dragging = FALSE;
}

static void
pointer_motion (GtkEventControllerMotion *controller, double x, double y, ShCanvasPolygonTool *self)
{
  self->pointer_inside = TRUE;
  self->pointer_x = x;
  self->pointer_y = y;
  if (!active_polygon (self)->closed && active_polygon (self)->points->len > 0)
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
pointer_leave (GtkEventControllerMotion *controller, ShCanvasPolygonTool *self)
{
  self->pointer_inside = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* ---- the keys ---- */

static gboolean
nudge (ShCanvasPolygonTool *self, double dx, double dy)
{
  Polygon *polygon = active_polygon (self);
  ShPoint p;

  if (self->selected < 0 || self->selected >= (int) polygon->points->len)
    return FALSE;
  p = points_of (polygon)[self->selected];
  p.x += dx;
  p.y += dy;
  points_of (polygon)[self->selected] = sh_polygon_clamp_point (p, sh_image_canvas_get_image_width (self->canvas),
                                                                sh_image_canvas_get_image_height (self->canvas));
  if (polygon->closed)
    edited (self, self->active, _("Move Point"));
  else
    changed (self);
  return TRUE;
}

static gboolean
key_pressed (GtkEventControllerKey *controller, guint keyval, guint keycode, GdkModifierType state,
             ShCanvasPolygonTool *self)
{
  Polygon *polygon = active_polygon (self);
  double step = (state & GDK_SHIFT_MASK) != 0 ? 10 : 1;
  int n = (int) polygon->points->len;

  if (!has_image (self) || (state & (GDK_CONTROL_MASK | GDK_ALT_MASK)) != 0)
    return FALSE;
  if (keyval == GDK_KEY_m || keyval == GDK_KEY_M)
    {
      sh_canvas_polygon_tool_set_measuring (self, !self->measuring);
      return TRUE;
    }
  if (self->measuring)
    switch (keyval)
      {
      case GDK_KEY_Escape:
        sh_canvas_polygon_tool_set_measuring (self, FALSE);
        return TRUE;
      case GDK_KEY_Return:
      case GDK_KEY_KP_Enter:
      case GDK_KEY_n:
      case GDK_KEY_N:
        /* The keyboard's patch: the canvas's default box at the pointer (or the middle of the view). */
        return gtk_widget_activate_action (GTK_WIDGET (self->canvas), "canvas.new-box-at-center", NULL);
      case GDK_KEY_l:
      case GDK_KEY_L:
      case GDK_KEY_o:
      case GDK_KEY_O:
        sh_canvas_polygon_tool_set_measuring (self, FALSE);
        break;
      default:
        return FALSE;
      }
  switch (keyval)
    {
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
      return close_active (self);
    case GDK_KEY_Delete:
    case GDK_KEY_KP_Delete:
    case GDK_KEY_BackSpace:
      return remove_selected (self);
    case GDK_KEY_l:
    case GDK_KEY_L:
      select_kind (self, SH_LIP_POLYGON_OUTER);
      return TRUE;
    case GDK_KEY_o:
    case GDK_KEY_O:
      select_kind (self, SH_LIP_POLYGON_OPENING);
      return TRUE;
    case GDK_KEY_n:
    case GDK_KEY_N:
      {
        double x = self->pointer_x, y = self->pointer_y;

        if (polygon->closed)
          return FALSE;
        if (!self->pointer_inside)
          {
            x = gtk_widget_get_width (GTK_WIDGET (self)) / 2.0;
            y = gtk_widget_get_height (GTK_WIDGET (self)) / 2.0;
          }
        add_point (self, to_image (self, x, y));
        return TRUE;
      }
    case GDK_KEY_Tab:
    case GDK_KEY_ISO_Left_Tab:
      if (n == 0)
        return FALSE;
      if (keyval == GDK_KEY_ISO_Left_Tab || (state & GDK_SHIFT_MASK) != 0)
        self->selected = self->selected <= 0 ? n - 1 : self->selected - 1;
      else
        self->selected = self->selected < 0 || self->selected >= n - 1 ? 0 : self->selected + 1;
      changed (self);
      return TRUE;
    case GDK_KEY_Escape:
      if (!polygon->closed && n > 0)
        {
          g_array_set_size (polygon->points, 0);
          self->selected = -1;
          changed (self);
          return TRUE;
        }
      if (self->selected >= 0)
        {
          self->selected = -1;
          changed (self);
          return TRUE;
        }
      return FALSE;
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      return nudge (self, -step, 0);
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      return nudge (self, step, 0);
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      return nudge (self, 0, -step);
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      return nudge (self, 0, step);
    default:
      return FALSE;
    }
}

/* ---- drawing ---- */

static void
trace (ShCanvasPolygonTool *self, cairo_t *cr, const Polygon *polygon)
{
  for (guint i = 0; i < polygon->points->len; i++)
    {
      ShPoint p = g_array_index (polygon->points, ShPoint, i);
      double x, y;

      sh_image_canvas_image_to_widget (self->canvas, p.x, p.y, &x, &y);
      if (i == 0)
        cairo_move_to (cr, x, y);
      else
        cairo_line_to (cr, x, y);
    }
  if (polygon->closed)
    cairo_close_path (cr);
}

static void
draw_polygon (ShCanvasPolygonTool *self, cairo_t *cr, ShLipPolygonKind kind)
{
  /* Lips magenta, the opening cyan: both read on every skin tone and against teeth. */
  static const double colors[2][3] = { { 1.0, 0.25, 0.65 }, { 0.2, 0.85, 1.0 } };
  const Polygon *polygon = &self->polygons[kind];
  const double *c = colors[kind];
  gboolean active = kind == self->active;
  double last_x = 0, last_y = 0;

  if (polygon->points->len == 0)
    return;
  trace (self, cr, polygon);
  if (polygon->closed)
    {
      cairo_set_source_rgba (cr, c[0], c[1], c[2], kind == SH_LIP_POLYGON_OUTER ? 0.16 : 0.3);
      cairo_fill_preserve (cr);
    }
  else if (self->pointer_inside && active)
    {
      /* The edge the next click makes. */
      cairo_line_to (cr, self->pointer_x, self->pointer_y);
    }
  cairo_set_source_rgba (cr, 0, 0, 0, 0.55);
  cairo_set_line_width (cr, 4);
  cairo_stroke_preserve (cr);
  cairo_set_source_rgb (cr, c[0], c[1], c[2]);
  cairo_set_line_width (cr, active ? 2 : 1.25);
  cairo_stroke (cr);

  for (guint i = 0; i < polygon->points->len; i++)
    {
      ShPoint p = g_array_index (polygon->points, ShPoint, i);
      gboolean selected = active && (int) i == self->selected;
      gboolean first = !polygon->closed && i == 0 && polygon->points->len >= 3;
      /* The first point of an open polygon is the one to click to close it: drawn larger. */
      double half = selected || first ? 5 : 3.5;
      double x, y;

      sh_image_canvas_image_to_widget (self->canvas, p.x, p.y, &x, &y);
      /* A dense outline (a landmark model's) would be a string of squares: a handle only every 10 widget
       * pixels, all of them once zoomed in. */
      if (!selected && !first && i > 0 && hypot (x - last_x, y - last_y) < 10)
        continue;
      last_x = x;
      last_y = y;
      cairo_rectangle (cr, x - half, y - half, 2 * half, 2 * half);
      cairo_set_source_rgb (cr, 0, 0, 0);
      cairo_set_line_width (cr, 1.5);
      cairo_stroke_preserve (cr);
      if (selected)
        cairo_set_source_rgb (cr, 1, 1, 1);
      else
        cairo_set_source_rgb (cr, c[0], c[1], c[2]);
      cairo_fill (cr);
    }
}

static void
sh_canvas_polygon_tool_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  ShCanvasPolygonTool *self = SH_CANVAS_POLYGON_TOOL (widget);
  graphene_rect_t bounds;
  cairo_t *cr;

  gtk_widget_snapshot_child (widget, GTK_WIDGET (self->canvas), snapshot);
  if (!has_image (self) || (self->polygons[0].points->len == 0 && self->polygons[1].points->len == 0))
    return;
  graphene_rect_init (&bounds, 0, 0, gtk_widget_get_width (widget), gtk_widget_get_height (widget));
  cr = gtk_snapshot_append_cairo (snapshot, &bounds);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  /* The inactive polygon under the active one. */
  draw_polygon (self, cr, 1 - self->active);
  draw_polygon (self, cr, self->active);
  cairo_destroy (cr);
}

/* ---- public ---- */

GtkWidget *
sh_canvas_polygon_tool_new (void)
{
  return g_object_new (SH_TYPE_CANVAS_POLYGON_TOOL, NULL);
}

ShImageCanvas *
sh_canvas_polygon_tool_get_canvas (ShCanvasPolygonTool *self)
{
  g_return_val_if_fail (SH_IS_CANVAS_POLYGON_TOOL (self), NULL);
  return self->canvas;
}

static void
set_points (Polygon *polygon, const ShPoint *points, int n_points)
{
  g_array_set_size (polygon->points, 0);
  polygon->closed = points != NULL && n_points >= 3;
  if (polygon->closed)
    g_array_append_vals (polygon->points, points, (guint) n_points);
}

void
sh_canvas_polygon_tool_set_polygons (ShCanvasPolygonTool *self, const ShPoint *outer, int n_outer,
                                     const ShPoint *opening, int n_opening)
{
  g_return_if_fail (SH_IS_CANVAS_POLYGON_TOOL (self));

  set_points (&self->polygons[SH_LIP_POLYGON_OUTER], outer, n_outer);
  set_points (&self->polygons[SH_LIP_POLYGON_OPENING], opening, n_opening);
  /* The stored polygons handed back after an edit keep the point just edited selected. */
  if (self->selected >= (int) active_polygon (self)->points->len)
    self->selected = -1;
  self->dragging = FALSE;
  changed (self);
}

const ShPoint *
sh_canvas_polygon_tool_get_polygon (ShCanvasPolygonTool *self, ShLipPolygonKind kind, int *n_points,
                                    gboolean *closed)
{
  Polygon *polygon;

  g_return_val_if_fail (SH_IS_CANVAS_POLYGON_TOOL (self), NULL);
  g_return_val_if_fail (kind == SH_LIP_POLYGON_OUTER || kind == SH_LIP_POLYGON_OPENING, NULL);

  polygon = &self->polygons[kind];
  if (n_points != NULL)
    *n_points = (int) polygon->points->len;
  if (closed != NULL)
    *closed = polygon->closed;
  return polygon->points->len > 0 ? points_of (polygon) : NULL;
}

void
sh_canvas_polygon_tool_set_active_kind (ShCanvasPolygonTool *self, ShLipPolygonKind kind)
{
  g_return_if_fail (SH_IS_CANVAS_POLYGON_TOOL (self));
  g_return_if_fail (kind == SH_LIP_POLYGON_OUTER || kind == SH_LIP_POLYGON_OPENING);
  select_kind (self, kind);
}

ShLipPolygonKind
sh_canvas_polygon_tool_get_active_kind (ShCanvasPolygonTool *self)
{
  g_return_val_if_fail (SH_IS_CANVAS_POLYGON_TOOL (self), SH_LIP_POLYGON_OUTER);
  return self->active;
}

void
sh_canvas_polygon_tool_set_measuring (ShCanvasPolygonTool *self, gboolean measuring)
{
  g_return_if_fail (SH_IS_CANVAS_POLYGON_TOOL (self));

  measuring = !!measuring;
  if (self->measuring == measuring)
    return;
  self->measuring = measuring;
  self->dragging = FALSE;
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), measuring ? "crosshair" : NULL);
  changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MEASURING]);
}

gboolean
sh_canvas_polygon_tool_get_measuring (ShCanvasPolygonTool *self)
{
  g_return_val_if_fail (SH_IS_CANVAS_POLYGON_TOOL (self), FALSE);
  return self->measuring;
}

int
sh_canvas_polygon_tool_get_selected (ShCanvasPolygonTool *self)
{
  g_return_val_if_fail (SH_IS_CANVAS_POLYGON_TOOL (self), -1);
  return self->selected;
}

/* ---- construction ---- */

static void
sh_canvas_polygon_tool_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  ShCanvasPolygonTool *self = SH_CANVAS_POLYGON_TOOL (object);

  switch (prop_id)
    {
    case PROP_ACTIVE_KIND:
      g_value_set_int (value, self->active);
      break;
    case PROP_MEASURING:
      g_value_set_boolean (value, self->measuring);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sh_canvas_polygon_tool_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  ShCanvasPolygonTool *self = SH_CANVAS_POLYGON_TOOL (object);

  switch (prop_id)
    {
    case PROP_ACTIVE_KIND:
      sh_canvas_polygon_tool_set_active_kind (self, g_value_get_int (value));
      break;
    case PROP_MEASURING:
      sh_canvas_polygon_tool_set_measuring (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sh_canvas_polygon_tool_dispose (GObject *object)
{
  ShCanvasPolygonTool *self = SH_CANVAS_POLYGON_TOOL (object);

  if (self->canvas != NULL)
    {
      gtk_widget_unparent (GTK_WIDGET (self->canvas));
      self->canvas = NULL;
    }
  G_OBJECT_CLASS (sh_canvas_polygon_tool_parent_class)->dispose (object);
}

static void
sh_canvas_polygon_tool_finalize (GObject *object)
{
  ShCanvasPolygonTool *self = SH_CANVAS_POLYGON_TOOL (object);

  for (int k = 0; k < 2; k++)
    g_array_unref (self->polygons[k].points);
  G_OBJECT_CLASS (sh_canvas_polygon_tool_parent_class)->finalize (object);
}

static void
sh_canvas_polygon_tool_class_init (ShCanvasPolygonToolClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = sh_canvas_polygon_tool_get_property;
  object_class->set_property = sh_canvas_polygon_tool_set_property;
  object_class->dispose = sh_canvas_polygon_tool_dispose;
  object_class->finalize = sh_canvas_polygon_tool_finalize;
  widget_class->snapshot = sh_canvas_polygon_tool_snapshot;

  properties[PROP_ACTIVE_KIND] = g_param_spec_int ("active-kind", NULL, NULL, SH_LIP_POLYGON_OUTER,
                                                   SH_LIP_POLYGON_OPENING, SH_LIP_POLYGON_OUTER,
                                                   G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY
                                                     | G_PARAM_STATIC_STRINGS);
  properties[PROP_MEASURING] = g_param_spec_boolean ("measuring", NULL, NULL, FALSE,
                                                     G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY
                                                       | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* polygon-edited (int kind, const char *label): a closed polygon changed; store both. */
  signals[SIGNAL_POLYGON_EDITED] = g_signal_new ("polygon-edited", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                                 0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT, G_TYPE_STRING);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "polygontool");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
sh_canvas_polygon_tool_init (ShCanvasPolygonTool *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GtkGesture *gesture;
  GtkEventController *controller;

  for (int k = 0; k < 2; k++)
    self->polygons[k].points = g_array_new (FALSE, FALSE, sizeof (ShPoint));
  self->selected = -1;
  self->canvas = SH_IMAGE_CANVAS (sh_image_canvas_new ());
  gtk_widget_set_parent (GTK_WIDGET (self->canvas), widget);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Lip polygons"), -1);

  gesture = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_PRIMARY);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (gesture), GTK_PHASE_CAPTURE);
  g_signal_connect (gesture, "drag-begin", G_CALLBACK (drag_begin), self);
  g_signal_connect (gesture, "drag-update", G_CALLBACK (drag_update), self);
  g_signal_connect (gesture, "drag-end", G_CALLBACK (drag_end), self);
  g_signal_connect (gesture, "cancel", G_CALLBACK (drag_cancel), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (gesture));

  controller = gtk_event_controller_motion_new ();
  g_signal_connect (controller, "motion", G_CALLBACK (pointer_motion), self);
  g_signal_connect (controller, "leave", G_CALLBACK (pointer_leave), self);
  gtk_widget_add_controller (widget, controller);

  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect (controller, "key-pressed", G_CALLBACK (key_pressed), self);
  gtk_widget_add_controller (widget, controller);
}
