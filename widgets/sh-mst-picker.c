/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sh-mst-picker.c: the ten Monk Skin Tone swatches to pick from (see sh-mst-picker.h). */
#define G_LOG_DOMAIN "shadelab-widgets"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "color/colorspace.h"
#include "color/skin-render.h"
#include "sh-mst-picker.h"

#define SWATCH_SIZE 26

struct _ShMstPicker
{
  GtkWidget parent_instance;

  GtkWidget *buttons[SH_MONK_SKIN_TONE_COUNT];
  GtkWidget *areas[SH_MONK_SKIN_TONE_COUNT];
  guint8 rgb[SH_MONK_SKIN_TONE_COUNT][3];    /* monitor RGB of each swatch */
  int value;
  gboolean updating;                         /* the buttons are being set from code */
};

G_DEFINE_FINAL_TYPE (ShMstPicker, sh_mst_picker, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_VALUE, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void
draw_swatch (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer user_data)
{
  ShMstPicker *self = SH_MST_PICKER (gtk_widget_get_ancestor (GTK_WIDGET (area), SH_TYPE_MST_PICKER));
  int tone = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (area), "sh-tone"));
  const guint8 *rgb = self->rgb[tone - 1];
  double size = MIN (width, height) - 4;
  double x = (width - size) / 2, y = (height - size) / 2;
  GdkRGBA foreground;

  cairo_arc (cr, x + size / 2, y + size / 2, size / 2, 0, 2 * G_PI);
  cairo_set_source_rgb (cr, rgb[0] / 255.0, rgb[1] / 255.0, rgb[2] / 255.0);
  cairo_fill_preserve (cr);
  /* A hairline keeps the palest tones apart from a light background. */
  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (area)), &foreground);
  cairo_set_source_rgba (cr, foreground.red, foreground.green, foreground.blue, 0.25);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);
  if (tone == self->value)
    {
      cairo_arc (cr, x + size / 2, y + size / 2, size / 2 + 1.5, 0, 2 * G_PI);
      gdk_cairo_set_source_rgba (cr, &foreground);
      cairo_set_line_width (cr, 2.5);
      cairo_stroke (cr);
    }
}

static void
sync_buttons (ShMstPicker *self)
{
  self->updating = TRUE;
  for (int i = 0; i < SH_MONK_SKIN_TONE_COUNT; i++)
    {
      gboolean picked = i + 1 == self->value;

      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->buttons[i]), picked);
      /* One stop in the Tab order: the picked swatch. */
      gtk_widget_set_focusable (self->buttons[i], picked);
      gtk_widget_queue_draw (self->areas[i]);
    }
  self->updating = FALSE;
}

void
sh_mst_picker_set_value (ShMstPicker *self, int value)
{
  gboolean had_focus;

  g_return_if_fail (SH_IS_MST_PICKER (self));

  value = CLAMP (value, 1, SH_MONK_SKIN_TONE_COUNT);
  had_focus = gtk_widget_has_focus (self->buttons[self->value - 1]);
  if (value == self->value)
    {
      sync_buttons (self);
      return;
    }
  self->value = value;
  sync_buttons (self);
  if (had_focus)
    gtk_widget_grab_focus (self->buttons[value - 1]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALUE]);
}

int
sh_mst_picker_get_value (ShMstPicker *self)
{
  g_return_val_if_fail (SH_IS_MST_PICKER (self), 1);
  return self->value;
}

void
sh_mst_picker_set_display_transform (ShMstPicker *self, ShDisplayTransform *transform)
{
  g_return_if_fail (SH_IS_MST_PICKER (self));

  for (int i = 0; i < SH_MONK_SKIN_TONE_COUNT; i++)
    {
      const ShSkinTone *tone = sh_monk_skin_tone (i);

      if (transform != NULL)
        {
          double linear[3];

          sh_skin_tone_linear (tone, linear);
          sh_display_transform_linear_srgb_to_rgb8 (transform, linear, self->rgb[i]);
        }
      else
        memcpy (self->rgb[i], tone->srgb, 3);
      gtk_widget_queue_draw (self->areas[i]);
    }
}

void
sh_mst_picker_get_display_rgb (ShMstPicker *self, int tone, guint8 rgb[3])
{
  g_return_if_fail (SH_IS_MST_PICKER (self) && tone >= 1 && tone <= SH_MONK_SKIN_TONE_COUNT);
  memcpy (rgb, self->rgb[tone - 1], 3);
}

GtkWidget *
sh_mst_picker_get_swatch (ShMstPicker *self, int tone)
{
  g_return_val_if_fail (SH_IS_MST_PICKER (self) && tone >= 1 && tone <= SH_MONK_SKIN_TONE_COUNT, NULL);
  return self->buttons[tone - 1];
}

static void
button_toggled (GtkToggleButton *button, ShMstPicker *self)
{
  int tone = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "sh-tone"));

  if (self->updating)
    return;
  if (!gtk_toggle_button_get_active (button))
    {
      /* A click on the picked swatch keeps it picked. */
      if (tone == self->value)
        sync_buttons (self);
      return;
    }
  sh_mst_picker_set_value (self, tone);
  gtk_widget_grab_focus (self->buttons[tone - 1]);
}

static gboolean
key_pressed (GtkEventControllerKey *controller, guint keyval, guint keycode, GdkModifierType state,
             ShMstPicker *self)
{
  int value = self->value;

  if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK)) != 0)
    return FALSE;
  switch (keyval)
    {
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      value--;
      break;
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      value++;
      break;
    case GDK_KEY_Home:
    case GDK_KEY_KP_Home:
      value = 1;
      break;
    case GDK_KEY_End:
    case GDK_KEY_KP_End:
      value = SH_MONK_SKIN_TONE_COUNT;
      break;
    case GDK_KEY_0:
    case GDK_KEY_KP_0:
      value = 10;
      break;
    default:
      if (keyval >= GDK_KEY_1 && keyval <= GDK_KEY_9)
        value = (int) (keyval - GDK_KEY_0);
      else if (keyval >= GDK_KEY_KP_1 && keyval <= GDK_KEY_KP_9)
        value = (int) (keyval - GDK_KEY_KP_0);
      else
        return FALSE;
    }
  sh_mst_picker_set_value (self, value);
  gtk_widget_grab_focus (self->buttons[self->value - 1]);
  return TRUE;
}

static void
sh_mst_picker_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  ShMstPicker *self = SH_MST_PICKER (object);

  switch (prop_id)
    {
    case PROP_VALUE:
      g_value_set_int (value, self->value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sh_mst_picker_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  ShMstPicker *self = SH_MST_PICKER (object);

  switch (prop_id)
    {
    case PROP_VALUE:
      sh_mst_picker_set_value (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sh_mst_picker_dispose (GObject *object)
{
  ShMstPicker *self = SH_MST_PICKER (object);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  for (int i = 0; i < SH_MONK_SKIN_TONE_COUNT; i++)
    self->buttons[i] = self->areas[i] = NULL;
  G_OBJECT_CLASS (sh_mst_picker_parent_class)->dispose (object);
}

static void
sh_mst_picker_class_init (ShMstPickerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = sh_mst_picker_get_property;
  object_class->set_property = sh_mst_picker_set_property;
  object_class->dispose = sh_mst_picker_dispose;

  properties[PROP_VALUE] = g_param_spec_int ("value", NULL, NULL, 1, SH_MONK_SKIN_TONE_COUNT, 5,
                                             G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "mstpicker");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
sh_mst_picker_init (ShMstPicker *self)
{
  GtkEventController *controller;

  self->value = 5;
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (gtk_widget_get_layout_manager (GTK_WIDGET (self))), 0);
  for (int i = 0; i < SH_MONK_SKIN_TONE_COUNT; i++)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
      g_autofree char *number = g_strdup_printf ("%d", i + 1);
      g_autofree char *name = NULL;
      GtkWidget *label = gtk_label_new (number);

      self->buttons[i] = gtk_toggle_button_new ();
      self->areas[i] = gtk_drawing_area_new ();
      g_object_set_data (G_OBJECT (self->buttons[i]), "sh-tone", GINT_TO_POINTER (i + 1));
      g_object_set_data (G_OBJECT (self->areas[i]), "sh-tone", GINT_TO_POINTER (i + 1));
      gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (self->areas[i]), SWATCH_SIZE);
      gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (self->areas[i]), SWATCH_SIZE);
      gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self->areas[i]), draw_swatch, NULL, NULL);
      gtk_widget_add_css_class (label, "caption");
      gtk_box_append (GTK_BOX (box), self->areas[i]);
      gtk_box_append (GTK_BOX (box), label);
      gtk_button_set_child (GTK_BUTTON (self->buttons[i]), box);
      gtk_widget_add_css_class (self->buttons[i], "flat");
      gtk_widget_add_css_class (self->buttons[i], "mst-swatch");
      if (i > 0)
        gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (self->buttons[i]), GTK_TOGGLE_BUTTON (self->buttons[0]));
      /* Translators: the accessible name and tooltip of a swatch of the Monk Skin Tone scale; %d is 1-10. */
      name = g_strdup_printf (_("Monk Skin Tone %d"), i + 1);
      gtk_widget_set_tooltip_text (self->buttons[i], name);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->buttons[i]), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
      g_signal_connect (self->buttons[i], "toggled", G_CALLBACK (button_toggled), self);
      gtk_widget_set_parent (self->buttons[i], GTK_WIDGET (self));
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Monk Skin Tone"), -1);
  sh_mst_picker_set_display_transform (self, NULL);
  sync_buttons (self);

  controller = gtk_event_controller_key_new ();
  g_signal_connect (controller, "key-pressed", G_CALLBACK (key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

GtkWidget *
sh_mst_picker_new (void)
{
  return g_object_new (SH_TYPE_MST_PICKER, NULL);
}
