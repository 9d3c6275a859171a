/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sh-swatch-panel.c: the live swatch panel. */
#define G_LOG_DOMAIN "shadelab-app"

#include "config.h"

#include <glib/gi18n.h>

#include "color/colorspace.h"
#include "color/delta-e.h"
#include "color/material.h"
#include "core/formats/color-names.h"
#include "core/models/swatch-worker.h"
#include "sh-swatch-panel.h"
#include "widgets/a11y-util.h"
#include "widgets/sh-image-canvas.h"
#include "widgets/sh-swatch-view.h"

struct _ShSwatchPanel {
  GtkWidget parent_instance;

  GtkStack *stack;
  GtkLabel *empty_title;
  GtkLabel *empty_description;
  ShSwatchView *robust_view;
  GtkLabel *hex_label;
  GtkLabel *catalogue_hex_label;
  GtkLabel *names_label;
  GtkLabel *lab_label;
  GtkLabel *catalogue_caption;
  GtkLabel *catalogue_delta_label;
  GtkLevelBar *confidence_bar;
  GtkLabel *confidence_label;
  GtkLabel *finish_label;
  GtkLabel *glitter_caption;
  GtkLabel *glitter_label;
  GtkLabel *first_caption;
  ShSwatchView *mean_view;
  GtkLabel *mean_hex_label;
  GtkLabel *mean_delta_label;
  GtkLabel *second_caption;
  ShSwatchView *dominant_view;
  GtkLabel *dominant_hex_label;
  GtkLabel *dominant_delta_label;
  GtkLabel *total_label;
  GtkToggleButton *overlay_button;
  GtkGrid *legend_grid;
  GtkLabel *count_labels[SH_N_PIXEL_CLASSES];
  GtkLabel *share_labels[SH_N_PIXEL_CLASSES];

  ShSwatchWorker *worker;
  guint64 last_serial;       /* of the newest request */
  guint64 photo_serial;      /* results below this are for a photo since replaced: never reported */
  guint64 display_serial;    /* results below this are not shown (older box, or the box was cleared) */
  gboolean has_swatch;
  gboolean has_finish;
  ShSwatch robust;
  /* Mean and dominant of the latest result that had them (they come after the robust colour). */
  gboolean has_others;
  ShSwatch mean;
  ShSwatch dominant;
  /* The method shown large; the other two go in the small slots (the first one holds mean_view). */
  ShMethod large_method;

  gboolean has_catalogue;
  double catalogue_lab[3];

  gboolean show_overlay;
};

G_DEFINE_FINAL_TYPE (ShSwatchPanel, sh_swatch_panel, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SHOW_OVERLAY,
  N_PROPS
};

enum {
  SIGNAL_SWATCH_READY,
  SIGNAL_OVERLAY_READY,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* The legend rows, in ShPixelClass order. */
static const struct {
  const char *name;
  const char *tooltip;
} pixel_classes[SH_N_PIXEL_CLASSES] = {
  { N_("Counted"), N_("Pixels of the product's body that the colour was measured from (left clear on the photo)") },
  { N_("Background"), N_("The backdrop reached from the edge of the box, a white studio background too") },
  { N_("Shine"), N_("Specular highlights: reflections of the light, not the product's colour") },
  { N_("Clipped or dark"), N_("Overexposed pixels on the product and near-black shadows") },
  { N_("Other material"), N_("Packaging, a label, a finger: another material than the body") },
  { N_("Cut face"), N_("The bullet's cut or top face, lit differently from its side") },
  { N_("Shadow side"), N_("The side of the body turned away from the light") },
  { N_("Engraving"), N_("Engraved logos, sparkles and texture that stand out of the side's shading") },
  { N_("Edge"), N_("Partly transparent pixels at a cut-out's edge, mixed with what is behind") },
};

static const char *
method_name (ShMethod method)
{
  switch (method)
    {
    case SH_METHOD_MEAN:
      return C_("colour method", "Mean");
    case SH_METHOD_DOMINANT:
      return C_("colour method", "Dominant");
    case SH_METHOD_ROBUST:
    default:
      return C_("colour method", "Robust");
    }
}

static void
legend_chip_draw (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer user_data)
{
  guint32 argb = sh_image_canvas_default_overlay_palette[GPOINTER_TO_INT (user_data)];
  double size = MIN (width, height) - 2, x = (width - size) / 2.0, y = (height - size) / 2.0;
  GdkRGBA foreground;

  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (area)), &foreground);
  cairo_rectangle (cr, x + 0.5, y + 0.5, size - 1, size - 1);
  if ((argb >> 24) != 0)
    {
      /* Opaque here: the canvas blends the same colour over the photo. */
      cairo_set_source_rgb (cr, ((argb >> 16) & 0xff) / 255.0, ((argb >> 8) & 0xff) / 255.0,
                            (argb & 0xff) / 255.0);
      cairo_fill_preserve (cr);
      foreground.alpha *= 0.25;
    }
  else
    foreground.alpha *= 0.6;   /* counted pixels stay untinted: an empty frame */
  gdk_cairo_set_source_rgba (cr, &foreground);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);
}

static void
build_legend (ShSwatchPanel *self)
{
  for (int i = 0; i < SH_N_PIXEL_CLASSES; i++)
    {
      GtkWidget *chip = gtk_drawing_area_new ();
      GtkWidget *name = gtk_label_new (_(pixel_classes[i].name));
      GtkWidget *count = gtk_label_new (NULL);
      GtkWidget *share = gtk_label_new (NULL);

      gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (chip), 12);
      gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (chip), 12);
      gtk_widget_set_valign (chip, GTK_ALIGN_CENTER);
      gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (chip), legend_chip_draw, GINT_TO_POINTER (i), NULL);
      sh_accessible_set_label (chip, _(pixel_classes[i].name));
      gtk_widget_set_tooltip_text (name, _(pixel_classes[i].tooltip));
      gtk_label_set_xalign (GTK_LABEL (name), 0);
      gtk_widget_set_hexpand (name, TRUE);
      gtk_label_set_xalign (GTK_LABEL (count), 1);
      gtk_widget_add_css_class (count, "numeric");
      gtk_label_set_xalign (GTK_LABEL (share), 1);
      gtk_label_set_width_chars (GTK_LABEL (share), 5);
      gtk_widget_add_css_class (share, "numeric");
      gtk_widget_add_css_class (share, "dim-label");

      gtk_grid_attach (self->legend_grid, chip, 0, i, 1, 1);
      gtk_grid_attach (self->legend_grid, name, 1, i, 1, 1);
      gtk_grid_attach (self->legend_grid, count, 2, i, 1, 1);
      gtk_grid_attach (self->legend_grid, share, 3, i, 1, 1);
      self->count_labels[i] = GTK_LABEL (count);
      self->share_labels[i] = GTK_LABEL (share);
    }
}

static void
set_label_take (GtkLabel *label, char *text)
{
  gtk_label_set_text (label, text);
  g_free (text);
}

static char *
format_lab (const double lab[3])
{
  return g_strdup_printf ("L %.1f  a %.1f  b %.1f", lab[0], lab[1], lab[2]);
}

static char *
format_delta_e (double delta_e)
{
  /* TRANSLATORS: a CIEDE2000 colour difference */
  return g_strdup_printf (_("ΔE00 %.1f"), delta_e);
}

static void
show_empty (ShSwatchPanel *self, const char *title, const char *description)
{
  self->has_swatch = FALSE;
  self->has_finish = FALSE;
  self->has_others = FALSE;
  gtk_label_set_text (self->empty_title, title);
  gtk_label_set_text (self->empty_description, description);
  gtk_stack_set_visible_child_name (self->stack, "empty");
}

/* The swatch of a method in the latest results, NULL when it has not arrived yet. */
static const ShSwatch *
method_swatch (ShSwatchPanel *self, ShMethod method)
{
  if (!self->has_swatch)
    return NULL;
  if (method == SH_METHOD_ROBUST)
    return &self->robust;
  if (!self->has_others)
    return NULL;
  return method == SH_METHOD_MEAN ? &self->mean : &self->dominant;
}

/* The large swatch's colour: the chosen method's, or the robust one until mean and dominant arrive. */
static const ShSwatch *
large_swatch (ShSwatchPanel *self)
{
  const ShSwatch *large = method_swatch (self, self->large_method);

  return large != NULL ? large : &self->robust;
}

static void
show_catalogue (ShSwatchPanel *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->catalogue_hex_label), self->has_catalogue);
  gtk_widget_set_visible (GTK_WIDGET (self->catalogue_caption), self->has_catalogue);
  gtk_widget_set_visible (GTK_WIDGET (self->catalogue_delta_label), self->has_catalogue);
  if (self->has_catalogue)
    sh_swatch_view_set_catalogue_lab (self->robust_view, self->catalogue_lab);
  else
    sh_swatch_view_set_catalogue_lab (self->robust_view, NULL);
  if (self->has_catalogue && self->has_swatch)
    set_label_take (self->catalogue_delta_label,
                    format_delta_e (sh_delta_e2000 (large_swatch (self)->lab, self->catalogue_lab)));
}

static void
show_finish (ShSwatchPanel *self)
{
  const ShFinishEstimate *finish = &self->robust.finish;
  const ShGlitterEstimate *glitter = &self->robust.glitter;
  gboolean show_glitter = self->has_finish && glitter->present;

  if (!self->has_finish)
    {
      /* Measured once the box stops changing; a blank would look like "no finish". */
      gtk_label_set_text (self->finish_label, "…");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->finish_label),
                                   _("The finish is measured when the box stops changing"));
    }
  else
    {
      g_autofree char *numbers =
          g_strdup_printf (_("Shine: %.1f %% of the body\n"
                             "Highlight brightness: %.2f × the body\n"
                             "Highlight spread: %.0f %% of the box width\n"
                             "Highlight peak: %.2f of the white sweep\n"
                             "Gloss score: %.2f (shiny from 0.50)"),
                           100 * finish->specular_fraction, finish->highlight_contrast,
                           100 * finish->highlight_spread, finish->highlight_peak, finish->gloss_score);

      /* Named by the preset calibration starts from, so both windows say the same word. */
      gtk_label_set_text (self->finish_label,
                          _(sh_material_finish_label (sh_material_finish_for_class (finish->finish))));
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->finish_label), numbers);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->glitter_caption), show_glitter);
  gtk_widget_set_visible (GTK_WIDGET (self->glitter_label), show_glitter);
  if (show_glitter)
    {
      g_autofree char *details =
          g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d sparkle, %.1f px on average",
                                        "%d sparkles, %.1f px on average", (gulong) glitter->count),
                           glitter->count, glitter->mean_size);

      set_label_take (self->glitter_label,
                      /* TRANSLATORS: glitter density and the sparkles' colour */
                      g_strdup_printf (_("%.1f per 1000 px  %s"), glitter->density, glitter->hex));
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->glitter_label), details);
    }
}

static void
show_method (ShSwatchPanel *self, const ShSwatch *swatch, ShSwatchView *view, GtkLabel *hex_label,
             GtkLabel *delta_label)
{
  sh_swatch_view_set_linear_srgb (view, swatch->linear_rgb);
  gtk_label_set_text (hex_label, swatch->hex);
  set_label_take (delta_label, format_delta_e (sh_delta_e2000 (large_swatch (self)->lab, swatch->lab)));
}

/* The large swatch with its hex and Lab, and the other two methods beside it. A method that has not
 * arrived for this box keeps showing the previous one, as the whole panel does while a box moves. */
static void
show_colours (ShSwatchPanel *self)
{
  const ShSwatch *large = large_swatch (self);
  ShSwatchView *views[2] = { self->mean_view, self->dominant_view };
  GtkLabel *captions[2] = { self->first_caption, self->second_caption };
  GtkLabel *hex_labels[2] = { self->mean_hex_label, self->dominant_hex_label };
  GtkLabel *delta_labels[2] = { self->mean_delta_label, self->dominant_delta_label };
  g_autofree char *hex_tooltip = NULL;
  const char *delta_tooltip;
  ShMethod large_method = large == &self->robust ? SH_METHOD_ROBUST : self->large_method;
  guint slot = 0;

  sh_swatch_view_set_linear_srgb (self->robust_view, large->linear_rgb);
  gtk_label_set_text (self->hex_label, large->hex);
  set_label_take (self->names_label, sh_color_names_describe (large->lab));
  set_label_take (self->lab_label, format_lab (large->lab));
  /* TRANSLATORS: %s is a colour method: Robust, Mean or Dominant */
  hex_tooltip = g_strdup_printf (_("%s colour, sRGB"), method_name (large_method));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->hex_label), hex_tooltip);
  delta_tooltip = large_method == SH_METHOD_MEAN       ? _("CIEDE2000 difference from the mean colour")
                  : large_method == SH_METHOD_DOMINANT ? _("CIEDE2000 difference from the dominant colour")
                                                       : _("CIEDE2000 difference from the robust colour");

  for (ShMethod method = SH_METHOD_ROBUST; method <= SH_METHOD_DOMINANT && slot < 2; method++)
    {
      const ShSwatch *swatch;

      if (method == self->large_method)
        continue;
      gtk_label_set_text (captions[slot], method_name (method));
      gtk_widget_set_tooltip_text (GTK_WIDGET (delta_labels[slot]), delta_tooltip);
      swatch = method_swatch (self, method);
      if (swatch != NULL)
        show_method (self, swatch, views[slot], hex_labels[slot], delta_labels[slot]);
      slot++;
    }
}

static void
show_robust (ShSwatchPanel *self)
{
  const ShSwatch *robust = &self->robust;

  show_colours (self);
  gtk_level_bar_set_value (self->confidence_bar, CLAMP (robust->confidence, 0, 1));
  set_label_take (self->confidence_label, g_strdup_printf ("%.0f %%", 100 * CLAMP (robust->confidence, 0, 1)));
  {
    g_autofree char *tooltip =
        g_strdup_printf (_("Counted pixels lie a median ΔE00 %.1f from the colour"), robust->spread);
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->confidence_bar), tooltip);
  }

  {
    g_autofree char *total = g_strdup_printf ("%'" G_GINT64_FORMAT, robust->total);
    /* TRANSLATORS: %s is a number of pixels, e.g. "179,225 in the box" */
    set_label_take (self->total_label,
                    g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s in the box", "%s in the box",
                                                  (gulong) MIN (robust->total, G_MAXLONG)),
                                     total));
  }
  for (int i = 0; i < SH_N_PIXEL_CLASSES; i++)
    {
      set_label_take (self->count_labels[i], g_strdup_printf ("%'" G_GINT64_FORMAT, robust->counts[i]));
      set_label_take (self->share_labels[i],
                      g_strdup_printf ("%.0f %%", robust->total > 0 ? 100.0 * robust->counts[i] / robust->total : 0));
    }

  show_catalogue (self);
  show_finish (self);
  gtk_stack_set_visible_child_name (self->stack, "swatch");
}

static void
on_result (ShSwatchWorker *worker, const ShSwatchResult *result, gpointer user_data)
{
  ShSwatchPanel *self = user_data;

  if (result->serial < self->photo_serial)
    return;

  if (result->serial >= self->display_serial)
    {
      self->display_serial = result->serial;
      if (!result->valid)
        {
          show_empty (self, _("The box lies outside the photo"), _("Draw a box on the photo to measure its colour."));
          g_signal_emit (self, signals[SIGNAL_OVERLAY_READY], 0, 0, 0, 0, 0, NULL);
          return;
        }

      if (result->stage == SH_SWATCH_STAGE_ROBUST || !self->has_swatch)
        {
          self->robust = result->robust;
          self->has_swatch = TRUE;
          self->has_finish = result->has_finish;
          show_robust (self);
          g_signal_emit (self, signals[SIGNAL_OVERLAY_READY], 0, result->robust.box.x, result->robust.box.y,
                         result->robust.box.w, result->robust.box.h, result->mask);
          g_signal_emit (self, signals[SIGNAL_SWATCH_READY], 0, &self->robust, FALSE);
        }
      if (result->has_methods)
        {
          self->mean = result->mean;
          self->dominant = result->dominant;
          self->has_others = TRUE;
          show_colours (self);
          show_catalogue (self);
        }
      if (result->has_finish && !self->has_finish)
        {
          self->robust = result->robust;
          self->has_finish = TRUE;
          show_finish (self);
        }
    }

  /* The box as stored: reported even when the labeler has moved on to another box. */
  if (result->stage == SH_SWATCH_STAGE_FINISH && result->final && result->valid)
    g_signal_emit (self, signals[SIGNAL_SWATCH_READY], 0, &result->robust, TRUE);
}

/* ---- public API ---- */

GtkWidget *
sh_swatch_panel_new (void)
{
  return g_object_new (SH_TYPE_SWATCH_PANEL, NULL);
}

void
sh_swatch_panel_set_image (ShSwatchPanel *self, ShSharedImage *image, const char *catalog_hex)
{
  guint8 rgb[3];

  g_return_if_fail (SH_IS_SWATCH_PANEL (self));

  sh_swatch_worker_set_image (self->worker, image);
  self->photo_serial = self->display_serial = ++self->last_serial;

  self->has_catalogue = catalog_hex != NULL && sh_parse_hex (catalog_hex, rgb);
  if (catalog_hex != NULL && !self->has_catalogue)
    g_warning ("catalogue colour “%s” is not #rrggbb", catalog_hex);
  if (self->has_catalogue)
    {
      char hex[8];

      sh_srgb8_to_lab (rgb, self->catalogue_lab);
      sh_format_hex (rgb, hex);
      g_autofree char *names = sh_color_names_describe (self->catalogue_lab);
      g_autofree char *tooltip = NULL;

      set_label_take (self->catalogue_hex_label, g_strdup_printf (_("Catalogue %s"), hex));
      /* TRANSLATORS: %s names the colour: "Deep Red (ISCC-NBS 13) · deep cool red" */
      tooltip = g_strdup_printf (_("Catalogue colour of the product, shown in the right half of the swatch: %s"),
                                 names);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->catalogue_hex_label), tooltip);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->catalogue_hex_label),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, names, -1);
    }
  show_empty (self, _("Draw a box to measure its colour"),
              _("The colour of the product, its finish and the pixels that were counted appear here."));
  show_catalogue (self);
  g_signal_emit (self, signals[SIGNAL_OVERLAY_READY], 0, 0, 0, 0, 0, NULL);
}

void
sh_swatch_panel_set_display_transform (ShSwatchPanel *self, ShDisplayTransform *transform)
{
  g_return_if_fail (SH_IS_SWATCH_PANEL (self));
  sh_swatch_view_set_display_transform (self->robust_view, transform);
  sh_swatch_view_set_display_transform (self->mean_view, transform);
  sh_swatch_view_set_display_transform (self->dominant_view, transform);
}

void
sh_swatch_panel_show_box (ShSwatchPanel *self, const ShBox *box, gboolean final)
{
  g_return_if_fail (SH_IS_SWATCH_PANEL (self));

  if (box == NULL)
    {
      /* Results in flight are not shown, but a final one is still reported. */
      self->display_serial = ++self->last_serial;
      show_empty (self, _("Draw a box to measure its colour"),
                  _("The colour of the product, its finish and the pixels that were counted appear here."));
      g_signal_emit (self, signals[SIGNAL_OVERLAY_READY], 0, 0, 0, 0, 0, NULL);
      return;
    }
  /* The previous result stays on screen until this one arrives. */
  sh_swatch_worker_request (self->worker, *box, final, ++self->last_serial);
}

void
sh_swatch_panel_set_large_method (ShSwatchPanel *self, ShMethod method)
{
  g_return_if_fail (SH_IS_SWATCH_PANEL (self));
  g_return_if_fail (method >= SH_METHOD_ROBUST && method <= SH_METHOD_DOMINANT);

  if (self->large_method == method)
    return;
  self->large_method = method;
  /* Without a swatch the captions follow with the next result. */
  if (self->has_swatch)
    {
      show_colours (self);
      show_catalogue (self);
    }
}

ShMethod
sh_swatch_panel_get_large_method (ShSwatchPanel *self)
{
  g_return_val_if_fail (SH_IS_SWATCH_PANEL (self), SH_METHOD_ROBUST);
  return self->large_method;
}

void
sh_swatch_panel_set_show_overlay (ShSwatchPanel *self, gboolean show_overlay)
{
  g_return_if_fail (SH_IS_SWATCH_PANEL (self));
  show_overlay = !!show_overlay;
  if (self->show_overlay == show_overlay)
    return;
  self->show_overlay = show_overlay;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_OVERLAY]);
}

gboolean
sh_swatch_panel_get_show_overlay (ShSwatchPanel *self)
{
  g_return_val_if_fail (SH_IS_SWATCH_PANEL (self), FALSE);
  return self->show_overlay;
}

const ShSwatch *
sh_swatch_panel_get_swatch (ShSwatchPanel *self, gboolean *has_finish)
{
  g_return_val_if_fail (SH_IS_SWATCH_PANEL (self), NULL);
  if (has_finish != NULL)
    *has_finish = self->has_swatch && self->has_finish;
  return self->has_swatch ? &self->robust : NULL;
}

/* ---- GObject ---- */

static void
sh_swatch_panel_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  ShSwatchPanel *self = SH_SWATCH_PANEL (object);

  switch (prop_id)
    {
    case PROP_SHOW_OVERLAY:
      g_value_set_boolean (value, self->show_overlay);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sh_swatch_panel_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  ShSwatchPanel *self = SH_SWATCH_PANEL (object);

  switch (prop_id)
    {
    case PROP_SHOW_OVERLAY:
      sh_swatch_panel_set_show_overlay (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sh_swatch_panel_dispose (GObject *object)
{
  ShSwatchPanel *self = SH_SWATCH_PANEL (object);

  /* Waits for at most the extraction step under way; no result arrives afterwards. */
  g_clear_pointer (&self->worker, sh_swatch_worker_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), SH_TYPE_SWATCH_PANEL);
  G_OBJECT_CLASS (sh_swatch_panel_parent_class)->dispose (object);
}

static void
sh_swatch_panel_class_init (ShSwatchPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = sh_swatch_panel_get_property;
  object_class->set_property = sh_swatch_panel_set_property;
  object_class->dispose = sh_swatch_panel_dispose;

  properties[PROP_SHOW_OVERLAY] =
      g_param_spec_boolean ("show-overlay", NULL, NULL, FALSE,
                            G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_SWATCH_READY] =
      g_signal_new ("swatch-ready", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                    G_TYPE_NONE, 2, G_TYPE_POINTER, G_TYPE_BOOLEAN);
  signals[SIGNAL_OVERLAY_READY] =
      g_signal_new ("overlay-ready", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                    G_TYPE_NONE, 5, G_TYPE_INT, G_TYPE_INT, G_TYPE_INT, G_TYPE_INT, G_TYPE_BYTES);

  g_type_ensure (SH_TYPE_SWATCH_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/shadelab/Shadelab/ui/sh-swatch-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, ShSwatchPanel, stack);
  gtk_widget_class_bind_template_child (widget_class, ShSwatchPanel, empty_title);
  gtk_widget_class_bind_template_child (widget_class, ShSwatchPanel, empty_description);
  gtk_widget_class_bind_template_child (widget_class, ShSwatchPanel, robust_view);
  gtk_widget_class_bind_template_child (widget_class, ShSwatchPanel, hex_label);
  gtk_widget_class_bind_template_child (widget_class, ShSwatchPanel, catalogue_hex_label);
  gtk_widget_class_bind_template_child (widget_class, ShSwatchPanel, names_label);
  gtk_widget_class_bind_template_child (widget_class, ShSwatchPanel, lab_label);
  gtk_widget_class_bind_template_child (widget_class, ShSwatchPanel, catalogue_caption);
  gtk_widget_class_bind_template_child (widget_class, ShSwatchPanel, catalogue_delta_label);
  gtk_widget_class_bind_template_child (widget_class, ShSwatchPanel, confidence_bar);
  gtk_widget_class_bind_template_child (widget_class, ShSwatchPanel, confidence_label);
  gtk_widget_class_bind_template_child (widget_class, ShSwatchPanel, finish_label);
  gtk_widget_class_bind_template_child (widget_class, ShSwatchPanel, glitter_caption);
  gtk_widget_class_bind_template_child (widget_class, ShSwatchPanel, glitter_label);
  gtk_widget_class_bind_template_child (widget_class, ShSwatchPanel, first_caption);
  gtk_widget_class_bind_template_child (widget_class, ShSwatchPanel, second_caption);
  gtk_widget_class_bind_template_child (widget_class, ShSwatchPanel, mean_view);
  gtk_widget_class_bind_template_child (widget_class, ShSwatchPanel, mean_hex_label);
  gtk_widget_class_bind_template_child (widget_class, ShSwatchPanel, mean_delta_label);
  gtk_widget_class_bind_template_child (widget_class, ShSwatchPanel, dominant_view);
  gtk_widget_class_bind_template_child (widget_class, ShSwatchPanel, dominant_hex_label);
  gtk_widget_class_bind_template_child (widget_class, ShSwatchPanel, dominant_delta_label);
  gtk_widget_class_bind_template_child (widget_class, ShSwatchPanel, total_label);
  gtk_widget_class_bind_template_child (widget_class, ShSwatchPanel, overlay_button);
  gtk_widget_class_bind_template_child (widget_class, ShSwatchPanel, legend_grid);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "swatchpanel");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
sh_swatch_panel_init (ShSwatchPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  build_legend (self);

  g_object_bind_property (self, "show-overlay", self->overlay_button, "active",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);

  self->worker = sh_swatch_worker_new (NULL);
  sh_swatch_worker_set_result_func (self->worker, on_result, self, NULL);
  show_catalogue (self);
  show_finish (self);
}
