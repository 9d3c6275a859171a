/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sh-swatch-view.c: a colour-managed swatch on a neutral surround. */
#define G_LOG_DOMAIN "shadelab-swatch"

#include "config.h"

#include "a11y-util.h"

#include "sh-swatch-view.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "color/colorspace.h"

G_DEFINE_BOXED_TYPE (ShDisplayTransform, sh_display_transform, sh_display_transform_ref, sh_display_transform_unref)

/* Surround: ISO 3664 / ISO 12646 mid grey. */
static const double surround_lab[3] = { 50.0, 0.0, 0.0 };

typedef struct {
  gboolean set;
  double lab[3];
  guint8 rgb[3];          /* monitor RGB */
  ShDisplayGamut gamut;
} Colour;

struct _ShSwatchView
{
  GtkWidget parent_instance;

  ShDisplayTransform *transform;   /* NULL: the shared sRGB one */
  Colour colour;
  Colour catalogue;
  guint8 surround_rgb[3];
  char *description;
  int natural_width, natural_height;
};

enum {
  PROP_0,
  PROP_DISPLAY_TRANSFORM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (ShSwatchView, sh_swatch_view, GTK_TYPE_WIDGET)

/* An sRGB monitor showing sRGB sources: what every view uses until told about its monitor. */
static ShDisplayTransform *
default_transform (void)
{
  static ShDisplayTransform *transform;

  if (g_once_init_enter (&transform))
    {
      ShDisplayProfile *monitor = sh_display_profile_new_srgb ();
      ShDisplayTransform *created = sh_display_transform_new_for_icc (monitor, NULL, 0, NULL, 0);

      g_assert (created != NULL);
      sh_display_profile_unref (monitor);
      g_once_init_leave (&transform, created);
    }
  return transform;
}

static ShDisplayTransform *
current_transform (ShSwatchView *self)
{
  return self->transform != NULL ? self->transform : default_transform ();
}

/* "L 43.1 a 58.2 b 27.0", without a "-0.0". */
static char *
format_lab (const double lab[3])
{
  double v[3];

  for (int i = 0; i < 3; i++)
    v[i] = fabs (lab[i]) < 0.05 ? 0.0 : lab[i];
  /* Translators: a colour's CIELAB coordinates, read out by screen readers: lightness, then a and b. */
  return g_strdup_printf (_("L %.1f a %.1f b %.1f"), v[0], v[1], v[2]);
}

static char *
describe_colour (const Colour *colour)
{
  guint8 srgb[3];
  char hex[8];
  g_autofree char *lab = format_lab (colour->lab);

  sh_lab_to_srgb8 (colour->lab, srgb);
  sh_format_hex (srgb, hex);
  return g_strdup_printf ("%s, %s", hex, lab);
}

static const char *
describe_gamut (ShDisplayGamut gamut)
{
  if (gamut & SH_DISPLAY_OUTSIDE_MONITOR)
    return _("outside this display's gamut: the swatch shows the nearest colour the display can");
  if (gamut & SH_DISPLAY_OUTSIDE_SRGB)
    return _("outside the sRGB gamut: its hex is an approximation");
  return NULL;
}

static void
update_description (ShSwatchView *self)
{
  GString *text = g_string_new (NULL);
  const char *gamut;

  if (!self->colour.set)
    g_string_append (text, _("No swatch"));
  else
    {
      g_autofree char *colour = describe_colour (&self->colour);
      /* Translators: %s is a colour as "#b0243a, L 43.1 a 58.2 b 27.0". */
      g_string_append_printf (text, _("Swatch %s"), colour);
      if ((gamut = describe_gamut (self->colour.gamut)) != NULL)
        g_string_append_printf (text, "; %s", gamut);
    }
  if (self->catalogue.set)
    {
      g_autofree char *colour = describe_colour (&self->catalogue);
      if (text->len > 0)
        g_string_append (text, "; ");
      /* Translators: %s is a colour as "#b0243a, L 43.1 a 58.2 b 27.0". */
      g_string_append_printf (text, _("catalogue colour %s"), colour);
      if ((gamut = describe_gamut (self->catalogue.gamut)) != NULL)
        g_string_append_printf (text, "; %s", gamut);
    }

  g_free (self->description);
  self->description = g_string_free (text, FALSE);
  sh_accessible_set_label (self, self->description);
}

static void
update_tooltip (ShSwatchView *self)
{
  ShDisplayGamut any = (self->colour.set ? self->colour.gamut : 0) | (self->catalogue.set ? self->catalogue.gamut : 0);

  if (any & SH_DISPLAY_OUTSIDE_MONITOR)
    gtk_widget_set_tooltip_text (GTK_WIDGET (self),
                                 _("Outside this display's gamut: the swatch shows the nearest colour the display "
                                   "can"));
  else if (any & SH_DISPLAY_OUTSIDE_SRGB)
    gtk_widget_set_tooltip_text (GTK_WIDGET (self), _("Outside the sRGB gamut: its hex is an approximation"));
  else
    gtk_widget_set_tooltip_text (GTK_WIDGET (self), NULL);
}

/* Converts everything for the current monitor once per change, never per frame. */
static void
update_display (ShSwatchView *self)
{
  ShDisplayTransform *transform = current_transform (self);

  sh_display_transform_lab_to_rgb8 (transform, surround_lab, self->surround_rgb);
  if (self->colour.set)
    self->colour.gamut = sh_display_transform_lab_to_rgb8 (transform, self->colour.lab, self->colour.rgb);
  if (self->catalogue.set)
    self->catalogue.gamut = sh_display_transform_lab_to_rgb8 (transform, self->catalogue.lab, self->catalogue.rgb);
  update_description (self);
  update_tooltip (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
set_colour (ShSwatchView *self, Colour *colour, const double lab[3])
{
  colour->set = lab != NULL;
  if (lab != NULL)
    memcpy (colour->lab, lab, sizeof colour->lab);
  update_display (self);
}

/* ---- drawing ---- */

static GdkRGBA
rgba_from (const guint8 rgb[3])
{
  return (GdkRGBA) { rgb[0] / 255.0f, rgb[1] / 255.0f, rgb[2] / 255.0f, 1.0f };
}

/* The corner mark: a right triangle in the top-right corner of the half, in black or white, whichever stands
 * out from the swatch; filled when the display cannot show the colour, outlined when only sRGB cannot. */
static void
append_gamut_mark (GtkSnapshot *snapshot, const graphene_rect_t *half, const Colour *colour)
{
  float size = MIN (22.0f, MIN (half->size.width, half->size.height) / 4.0f);
  float right = half->origin.x + half->size.width, top = half->origin.y;
  gboolean light = colour->lab[0] > 60.0;
  cairo_t *cr;

  if (colour->gamut == SH_DISPLAY_IN_GAMUT || size < 6.0f)
    return;
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (right - size, top, size, size));
  cairo_set_source_rgb (cr, light ? 0.0 : 1.0, light ? 0.0 : 1.0, light ? 0.0 : 1.0);
  if (colour->gamut & SH_DISPLAY_OUTSIDE_MONITOR)
    {
      cairo_move_to (cr, right - size, top);
      cairo_line_to (cr, right, top);
      cairo_line_to (cr, right, top + size);
      cairo_close_path (cr);
      cairo_fill (cr);
    }
  else
    {
      cairo_set_line_width (cr, 1.5);
      cairo_move_to (cr, right - size + 2.0, top + 0.75);
      cairo_line_to (cr, right - 0.75, top + 0.75);
      cairo_line_to (cr, right - 0.75, top + size - 2.0);
      cairo_close_path (cr);
      cairo_stroke (cr);
    }
  cairo_destroy (cr);
}

static void
sh_swatch_view_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  ShSwatchView *self = SH_SWATCH_VIEW (widget);
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  GdkRGBA surround = rgba_from (self->surround_rgb);
  int margin, swatch_width, swatch_height;

  if (width <= 0 || height <= 0)
    return;
  gtk_snapshot_append_color (snapshot, &surround, &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (!self->colour.set && !self->catalogue.set)
    return;

  /* Whole pixels, so the edges are crisp and every swatch pixel is exactly the colour. */
  margin = MAX (8, (int) (MIN (width, height) * 0.12));
  swatch_width = width - 2 * margin;
  swatch_height = height - 2 * margin;
  if (swatch_width <= 0 || swatch_height <= 0)
    return;

  if (self->colour.set && self->catalogue.set)
    {
      int left_width = swatch_width / 2;
      graphene_rect_t left = GRAPHENE_RECT_INIT (margin, margin, left_width, swatch_height);
      graphene_rect_t right = GRAPHENE_RECT_INIT (margin + left_width, margin, swatch_width - left_width,
                                                  swatch_height);
      GdkRGBA a = rgba_from (self->colour.rgb), b = rgba_from (self->catalogue.rgb);

      gtk_snapshot_append_color (snapshot, &a, &left);
      gtk_snapshot_append_color (snapshot, &b, &right);
      append_gamut_mark (snapshot, &left, &self->colour);
      append_gamut_mark (snapshot, &right, &self->catalogue);
    }
  else
    {
      const Colour *only = self->colour.set ? &self->colour : &self->catalogue;
      graphene_rect_t rect = GRAPHENE_RECT_INIT (margin, margin, swatch_width, swatch_height);
      GdkRGBA c = rgba_from (only->rgb);

      gtk_snapshot_append_color (snapshot, &c, &rect);
      append_gamut_mark (snapshot, &rect, only);
    }
}

static void
sh_swatch_view_measure (GtkWidget *widget, GtkOrientation orientation, int for_size, int *minimum, int *natural,
                        int *minimum_baseline, int *natural_baseline)
{
  ShSwatchView *self = SH_SWATCH_VIEW (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 48;
      *natural = MAX (self->natural_width, *minimum);
    }
  else
    {
      *minimum = 32;
      *natural = MAX (self->natural_height, *minimum);
    }
}

/* ---- object ---- */

static void
sh_swatch_view_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  ShSwatchView *self = SH_SWATCH_VIEW (object);

  switch (prop_id)
    {
    case PROP_DISPLAY_TRANSFORM:
      g_value_set_boxed (value, self->transform);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sh_swatch_view_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  ShSwatchView *self = SH_SWATCH_VIEW (object);

  switch (prop_id)
    {
    case PROP_DISPLAY_TRANSFORM:
      sh_swatch_view_set_display_transform (self, g_value_get_boxed (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sh_swatch_view_finalize (GObject *object)
{
  ShSwatchView *self = SH_SWATCH_VIEW (object);

  g_clear_pointer (&self->transform, sh_display_transform_unref);
  g_free (self->description);
  G_OBJECT_CLASS (sh_swatch_view_parent_class)->finalize (object);
}

static void
sh_swatch_view_class_init (ShSwatchViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = sh_swatch_view_get_property;
  object_class->set_property = sh_swatch_view_set_property;
  object_class->finalize = sh_swatch_view_finalize;
  widget_class->snapshot = sh_swatch_view_snapshot;
  widget_class->measure = sh_swatch_view_measure;

  /**
   * ShSwatchView:display-transform:
   *
   * The transform to the monitor showing the view; NULL means an sRGB monitor.
   */
  properties[PROP_DISPLAY_TRANSFORM] =
    g_param_spec_boxed ("display-transform", NULL, NULL, SH_TYPE_DISPLAY_TRANSFORM,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "swatchview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
sh_swatch_view_init (ShSwatchView *self)
{
  self->natural_width = 240;
  self->natural_height = 160;
  update_display (self);
}

/* ---- public ---- */

GtkWidget *
sh_swatch_view_new (void)
{
  return g_object_new (SH_TYPE_SWATCH_VIEW, NULL);
}

void
sh_swatch_view_set_natural_size (ShSwatchView *self, int width, int height)
{
  g_return_if_fail (SH_IS_SWATCH_VIEW (self));

  self->natural_width = width;
  self->natural_height = height;
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

void
sh_swatch_view_set_lab (ShSwatchView *self, const double lab[3])
{
  g_return_if_fail (SH_IS_SWATCH_VIEW (self));
  g_return_if_fail (lab != NULL);
  set_colour (self, &self->colour, lab);
}

void
sh_swatch_view_set_linear_srgb (ShSwatchView *self, const double linear[3])
{
  double lab[3];

  g_return_if_fail (SH_IS_SWATCH_VIEW (self));
  g_return_if_fail (linear != NULL);
  sh_linear_srgb_to_lab (linear, lab);
  set_colour (self, &self->colour, lab);
}

void
sh_swatch_view_clear (ShSwatchView *self)
{
  g_return_if_fail (SH_IS_SWATCH_VIEW (self));
  set_colour (self, &self->colour, NULL);
}

gboolean
sh_swatch_view_get_lab (ShSwatchView *self, double lab[3])
{
  g_return_val_if_fail (SH_IS_SWATCH_VIEW (self), FALSE);
  if (!self->colour.set)
    return FALSE;
  memcpy (lab, self->colour.lab, sizeof self->colour.lab);
  return TRUE;
}

void
sh_swatch_view_set_catalogue_lab (ShSwatchView *self, const double lab[3])
{
  g_return_if_fail (SH_IS_SWATCH_VIEW (self));
  set_colour (self, &self->catalogue, lab);
}

gboolean
sh_swatch_view_get_catalogue_lab (ShSwatchView *self, double lab[3])
{
  g_return_val_if_fail (SH_IS_SWATCH_VIEW (self), FALSE);
  if (!self->catalogue.set)
    return FALSE;
  memcpy (lab, self->catalogue.lab, sizeof self->catalogue.lab);
  return TRUE;
}

void
sh_swatch_view_set_display_transform (ShSwatchView *self, ShDisplayTransform *transform)
{
  g_return_if_fail (SH_IS_SWATCH_VIEW (self));

  if (self->transform == transform)
    return;
  if (transform != NULL)
    sh_display_transform_ref (transform);
  g_clear_pointer (&self->transform, sh_display_transform_unref);
  self->transform = transform;
  update_display (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISPLAY_TRANSFORM]);
}

ShDisplayTransform *
sh_swatch_view_get_display_transform (ShSwatchView *self)
{
  g_return_val_if_fail (SH_IS_SWATCH_VIEW (self), NULL);
  return self->transform;
}

static gboolean
get_display_rgb (const Colour *colour, guint8 rgb[3], ShDisplayGamut *gamut)
{
  if (!colour->set)
    return FALSE;
  if (rgb != NULL)
    memcpy (rgb, colour->rgb, 3);
  if (gamut != NULL)
    *gamut = colour->gamut;
  return TRUE;
}

gboolean
sh_swatch_view_get_display_rgb (ShSwatchView *self, guint8 rgb[3], ShDisplayGamut *gamut)
{
  g_return_val_if_fail (SH_IS_SWATCH_VIEW (self), FALSE);
  return get_display_rgb (&self->colour, rgb, gamut);
}

gboolean
sh_swatch_view_get_catalogue_display_rgb (ShSwatchView *self, guint8 rgb[3], ShDisplayGamut *gamut)
{
  g_return_val_if_fail (SH_IS_SWATCH_VIEW (self), FALSE);
  return get_display_rgb (&self->catalogue, rgb, gamut);
}

void
sh_swatch_view_get_surround_rgb (ShSwatchView *self, guint8 rgb[3])
{
  g_return_if_fail (SH_IS_SWATCH_VIEW (self));
  memcpy (rgb, self->surround_rgb, 3);
}

const char *
sh_swatch_view_get_description (ShSwatchView *self)
{
  g_return_val_if_fail (SH_IS_SWATCH_VIEW (self), NULL);
  return self->description;
}
