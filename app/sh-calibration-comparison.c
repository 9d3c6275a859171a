/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sh-calibration-comparison.c: the four-way comparison of a product's colour (see sh-calibration-comparison.h). */
#define G_LOG_DOMAIN "shadelab-calibration"

#include "config.h"

#include "sh-calibration-comparison.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "color/colorspace.h"
#include "color/delta-e.h"
#include "core/formats/image-loader.h"
#include "widgets/a11y-util.h"
#include "widgets/sh-swatch-view.h"

/* The comparison's colours, in display order. */
enum { COLOR_REFERENCE, COLOR_MEAN, COLOR_ROBUST, COLOR_TUNED, N_COLORS };
static const char *const color_keys[N_COLORS] = { "reference", "mean", "robust", "tuned" };
static const char *const color_labels[N_COLORS] = { N_("Reference photo"), N_("Plain average"),
                                                    N_("Robust extraction"), N_("Tuned material") };

struct _ShCalibrationComparison
{
  GtkWidget parent_instance;

  /* Template widgets (owned by the template) */
  GtkWidget *places;
  GtkWidget *photo_item;             /* the photo's place */
  GtkWidget *photo_picture;
  GtkLabel *photo_caption;
  GtkWidget *swatch_boxes[N_COLORS]; /* the colours' places */
  GtkWidget *swatches[N_COLORS];
  GtkLabel *swatch_values[N_COLORS];

  /* Borrowed: the window's, below the places */
  GtkGrid *delta_grid;
  GtkLabel *note;

  /* Owned */
  ShDisplayProfile *monitor;
  GCancellable *cancellable;         /* the current product's measurements */

  double labs[N_COLORS][3];
  gboolean has_lab[N_COLORS];
  gboolean ready;
  int pending;
  gboolean has_reference;
};

G_DEFINE_FINAL_TYPE (ShCalibrationComparison, sh_calibration_comparison, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_DELTA_GRID,
  PROP_NOTE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum { SIGNAL_MEASURED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* ---- the worker ---- */

typedef struct {
  char *photo_path;
  ShBox box;
  gboolean is_reference;     /* a reference photo's lip box, else the product's own photo and box */
  ShDisplayProfile *monitor;
  /* results */
  GdkTexture *texture;
  ShSwatch mean, robust;
  gboolean has_mean, has_robust;
  char *error;
} ComparisonJob;

static void
comparison_job_free (gpointer data)
{
  ComparisonJob *job = data;

  g_free (job->photo_path);
  g_clear_pointer (&job->monitor, sh_display_profile_unref);
  g_clear_object (&job->texture);
  g_free (job->error);
  g_free (job);
}

/* Worker thread: the photo is decoded, measured within the box and cut out for display. */
static void
comparison_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  ComparisonJob *job = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (ShLoadedImage) loaded = sh_load_image (job->photo_path, NULL, &error);
  ShDisplayTransform *transform;
  int step, out_w, out_h;
  ShBox box;
  guint8 *pixels;

  if (loaded == NULL)
    {
      job->error = g_strdup (error->message);
      g_task_return_boolean (task, TRUE);
      return;
    }
  if (g_cancellable_is_cancelled (cancellable))
    {
      g_task_return_boolean (task, FALSE);
      return;
    }
  job->has_mean = sh_extract (loaded->image, job->box, SH_METHOD_MEAN, &job->mean, NULL);
  job->has_robust = sh_extract (loaded->image, job->box, SH_METHOD_ROBUST, &job->robust, NULL);
  box = job->has_mean ? job->mean.box : job->box;
  transform = sh_display_transform_new_for_image (job->monitor, &loaded->image->model, loaded->icc_data,
                                                  loaded->icc_len, NULL, 0);
  if (transform != NULL && box.w > 0 && box.h > 0)
    {
      step = MAX (1, (int) ceil (MAX (box.w / 200.0, box.h / 160.0)));
      out_w = sh_display_reduced_size (box.w, step);
      out_h = sh_display_reduced_size (box.h, step);
      pixels = g_malloc ((gsize) out_w * out_h * 4);
      if (sh_display_transform_render_image (transform, loaded->image, box.x, box.y, box.w, box.h, step, pixels,
                                             out_w * 4))
        {
          g_autoptr (GBytes) bytes = g_bytes_new_take (pixels, (gsize) out_w * out_h * 4);
          job->texture = gdk_memory_texture_new (out_w, out_h, GDK_MEMORY_B8G8R8A8_PREMULTIPLIED, bytes,
                                                 (gsize) out_w * 4);
        }
      else
        g_free (pixels);
    }
  g_clear_pointer (&transform, sh_display_transform_unref);
  g_task_return_boolean (task, TRUE);
}

/* ---- showing the colours ---- */

static void
show_deltas (ShCalibrationComparison *self)
{
  GtkWidget *child;
  int column = 1;

  if (self->delta_grid == NULL)
    return;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->delta_grid))) != NULL)
    gtk_grid_remove (self->delta_grid, child);
  /* A difference needs two colours. */
  {
    int n = 0;
    for (int i = 0; i < N_COLORS; i++)
      n += self->has_lab[i] ? 1 : 0;
    gtk_widget_set_visible (GTK_WIDGET (self->delta_grid), n >= 2);
    if (n < 2)
      return;
  }
  /* A matrix: each pair once, upper triangle. */
  for (int i = 0; i < N_COLORS; i++)
    {
      GtkWidget *header;

      if (!self->has_lab[i])
        continue;
      header = gtk_label_new (_(color_labels[i]));
      /* Column headings take two lines rather than widen the centre on a small screen. */
      gtk_label_set_wrap (GTK_LABEL (header), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (header), 10);
      gtk_label_set_justify (GTK_LABEL (header), GTK_JUSTIFY_CENTER);
      gtk_widget_add_css_class (header, "caption-heading");
      gtk_grid_attach (self->delta_grid, header, column, 0, 1, 1);
      header = gtk_label_new (_(color_labels[i]));
      gtk_label_set_xalign (GTK_LABEL (header), 0);
      gtk_widget_add_css_class (header, "caption-heading");
      gtk_grid_attach (self->delta_grid, header, 0, column, 1, 1);
      column++;
    }
  {
    GtkWidget *corner = gtk_label_new (_("ΔE 2000"));
    gtk_label_set_xalign (GTK_LABEL (corner), 0);
    gtk_widget_add_css_class (corner, "dim-label");
    gtk_grid_attach (self->delta_grid, corner, 0, 0, 1, 1);
  }
  for (int i = 0, row = 1; i < N_COLORS; i++)
    {
      if (!self->has_lab[i])
        continue;
      for (int j = 0, col = 1; j < N_COLORS; j++)
        {
          if (!self->has_lab[j])
            continue;
          if (col > row)
            {
              double delta = sh_delta_e2000 (self->labs[i], self->labs[j]);
              g_autofree char *text = g_strdup_printf ("%.1f", delta);
              g_autofree char *accessible = g_strdup_printf (_("%s to %s: CIEDE2000 %.1f"), _(color_labels[i]),
                                                             _(color_labels[j]), delta);
              GtkWidget *cell = gtk_label_new (text);

              gtk_widget_add_css_class (cell, "numeric");
              sh_accessible_set_label (cell, accessible);
              gtk_grid_attach (self->delta_grid, cell, col, row, 1, 1);
            }
          col++;
        }
      row++;
    }
}

static void
set_color (ShCalibrationComparison *self, int which, const double lab[3])
{
  uint8_t rgb[3];
  char hex[8];
  g_autofree char *text = NULL;

  self->has_lab[which] = lab != NULL;
  gtk_widget_set_visible (self->swatch_boxes[which], lab != NULL);
  if (lab == NULL)
    return;
  memcpy (self->labs[which], lab, sizeof self->labs[which]);
  sh_swatch_view_set_lab (SH_SWATCH_VIEW (self->swatches[which]), lab);
  sh_lab_to_srgb8 (lab, rgb);
  sh_format_hex (rgb, hex);
  /* Two short lines keep each place narrow, so that all five fit a row more often. */
  text = g_strdup_printf ("%s\nL %.1f a %.1f b %.1f", hex, lab[0], lab[1], lab[2]);
  gtk_label_set_text (self->swatch_values[which], text);
}

static void
set_note (ShCalibrationComparison *self, const char *text)
{
  if (self->note != NULL)
    gtk_label_set_text (self->note, text);
}

static void
comparison_done_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  ShCalibrationComparison *self = SH_CALIBRATION_COMPARISON (source);
  ComparisonJob *job = g_task_get_task_data (G_TASK (result));

  /* Cancelled: a newer product's comparison runs instead. */
  if (!g_task_propagate_boolean (G_TASK (result), NULL) || g_task_get_cancellable (G_TASK (result)) != self->cancellable)
    return;
  self->pending--;
  if (job->error != NULL)
    {
      g_autofree char *note = g_strdup_printf (_("The photo could not be read: %s"), job->error);
      set_note (self, note);
    }
  if (job->is_reference || !self->has_reference)
    {
      gtk_picture_set_paintable (GTK_PICTURE (self->photo_picture), GDK_PAINTABLE (job->texture));
      gtk_widget_set_visible (self->photo_item, job->texture != NULL);
    }
  if (job->is_reference)
    {
      set_color (self, COLOR_REFERENCE, job->has_robust ? job->robust.lab : NULL);
      gtk_label_set_text (self->photo_caption, _("Reference photo (lip region)"));
    }
  else
    {
      set_color (self, COLOR_MEAN, job->has_mean ? job->mean.lab : NULL);
      set_color (self, COLOR_ROBUST, job->has_robust ? job->robust.lab : NULL);
      gtk_label_set_text (self->photo_caption, _("Product photo (its box)"));
    }
  show_deltas (self);
  self->ready = self->pending == 0;
  g_signal_emit (self, signals[SIGNAL_MEASURED], 0);
}

/* ---- API ---- */

GtkWidget *
sh_calibration_comparison_new (void)
{
  return g_object_new (SH_TYPE_CALIBRATION_COMPARISON, NULL);
}

void
sh_calibration_comparison_set_display (ShCalibrationComparison *self, ShDisplayProfile *monitor,
                                       ShDisplayTransform *transform)
{
  g_return_if_fail (SH_IS_CALIBRATION_COMPARISON (self));

  g_clear_pointer (&self->monitor, sh_display_profile_unref);
  self->monitor = monitor != NULL ? sh_display_profile_ref (monitor) : NULL;
  for (int i = 0; i < N_COLORS; i++)
    sh_swatch_view_set_display_transform (SH_SWATCH_VIEW (self->swatches[i]), transform);
}

void
sh_calibration_comparison_clear (ShCalibrationComparison *self)
{
  g_return_if_fail (SH_IS_CALIBRATION_COMPARISON (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->ready = FALSE;
  self->pending = 0;
  self->has_reference = FALSE;
  for (int i = 0; i < N_COLORS; i++)
    set_color (self, i, NULL);
  gtk_picture_set_paintable (GTK_PICTURE (self->photo_picture), NULL);
  gtk_widget_set_visible (self->photo_item, FALSE);
  set_note (self, "");
  g_signal_emit (self, signals[SIGNAL_MEASURED], 0);
}

void
sh_calibration_comparison_measure (ShCalibrationComparison *self, const char *path, ShBox box,
                                   gboolean is_reference)
{
  ComparisonJob *job;
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (SH_IS_CALIBRATION_COMPARISON (self));
  g_return_if_fail (self->monitor != NULL);

  if (self->cancellable == NULL)
    self->cancellable = g_cancellable_new ();
  job = g_new0 (ComparisonJob, 1);
  task = g_task_new (self, self->cancellable, comparison_done_cb, NULL);
  job->photo_path = g_strdup (path);
  job->box = box;
  job->is_reference = is_reference;
  job->monitor = sh_display_profile_ref (self->monitor);
  /* The reference photo is shown; the product photo still gives the average and the robust extraction. */
  if (is_reference)
    self->has_reference = TRUE;
  self->pending++;
  g_task_set_task_data (task, job, comparison_job_free);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, comparison_thread);
}

void
sh_calibration_comparison_set_no_photo (ShCalibrationComparison *self)
{
  g_return_if_fail (SH_IS_CALIBRATION_COMPARISON (self));

  self->ready = TRUE;
  set_note (self, _("No photo of this product has a product box yet: its colour comes from the catalogue."));
}

void
sh_calibration_comparison_set_tuned (ShCalibrationComparison *self, const double linear[3])
{
  double lab[3];

  g_return_if_fail (SH_IS_CALIBRATION_COMPARISON (self));

  if (linear == NULL)
    {
      set_color (self, COLOR_TUNED, NULL);
      return;
    }
  sh_linear_srgb_to_lab (linear, lab);
  set_color (self, COLOR_TUNED, lab);
  show_deltas (self);
}

gboolean
sh_calibration_comparison_is_ready (ShCalibrationComparison *self)
{
  g_return_val_if_fail (SH_IS_CALIBRATION_COMPARISON (self), FALSE);
  return self->ready;
}

gboolean
sh_calibration_comparison_get_lab (ShCalibrationComparison *self, const char *which, double lab[3])
{
  g_return_val_if_fail (SH_IS_CALIBRATION_COMPARISON (self), FALSE);
  for (int k = 0; k < N_COLORS; k++)
    if (g_strcmp0 (color_keys[k], which) == 0 && self->has_lab[k])
      {
        memcpy (lab, self->labs[k], sizeof self->labs[k]);
        return TRUE;
      }
  return FALSE;
}

double
sh_calibration_comparison_get_delta_e (ShCalibrationComparison *self, const char *a, const char *b)
{
  int i = -1, j = -1;

  g_return_val_if_fail (SH_IS_CALIBRATION_COMPARISON (self), -1);
  for (int k = 0; k < N_COLORS; k++)
    {
      if (g_strcmp0 (color_keys[k], a) == 0)
        i = k;
      if (g_strcmp0 (color_keys[k], b) == 0)
        j = k;
    }
  if (i < 0 || j < 0 || !self->has_lab[i] || !self->has_lab[j])
    return -1;
  return sh_delta_e2000 (self->labs[i], self->labs[j]);
}

/* ---- GObject ---- */

static void
sh_calibration_comparison_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  ShCalibrationComparison *self = SH_CALIBRATION_COMPARISON (object);

  switch (prop_id)
    {
    case PROP_DELTA_GRID:
      g_value_set_object (value, self->delta_grid);
      break;
    case PROP_NOTE:
      g_value_set_object (value, self->note);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sh_calibration_comparison_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  ShCalibrationComparison *self = SH_CALIBRATION_COMPARISON (object);

  switch (prop_id)
    {
    case PROP_DELTA_GRID:
      g_set_weak_pointer (&self->delta_grid, g_value_get_object (value));
      break;
    case PROP_NOTE:
      g_set_weak_pointer (&self->note, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sh_calibration_comparison_dispose (GObject *object)
{
  ShCalibrationComparison *self = SH_CALIBRATION_COMPARISON (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_weak_pointer (&self->delta_grid);
  g_clear_weak_pointer (&self->note);
  gtk_widget_dispose_template (GTK_WIDGET (self), SH_TYPE_CALIBRATION_COMPARISON);
  G_OBJECT_CLASS (sh_calibration_comparison_parent_class)->dispose (object);
}

static void
sh_calibration_comparison_finalize (GObject *object)
{
  ShCalibrationComparison *self = SH_CALIBRATION_COMPARISON (object);

  g_clear_pointer (&self->monitor, sh_display_profile_unref);
  G_OBJECT_CLASS (sh_calibration_comparison_parent_class)->finalize (object);
}

static void
sh_calibration_comparison_class_init (ShCalibrationComparisonClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = sh_calibration_comparison_get_property;
  object_class->set_property = sh_calibration_comparison_set_property;
  object_class->dispose = sh_calibration_comparison_dispose;
  object_class->finalize = sh_calibration_comparison_finalize;

  /* The grid that shows CIEDE2000 between each pair of colours. */
  properties[PROP_DELTA_GRID] = g_param_spec_object ("delta-grid", NULL, NULL, GTK_TYPE_GRID,
                                                     G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  /* The label that says why a colour is missing. */
  properties[PROP_NOTE] = g_param_spec_object ("note", NULL, NULL, GTK_TYPE_LABEL,
                                               G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  /* measured: a photo's colours came back, or they were cleared (a new product). */
  signals[SIGNAL_MEASURED] = g_signal_new ("measured", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                           NULL, G_TYPE_NONE, 0);

  g_type_ensure (SH_TYPE_SWATCH_VIEW);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/shadelab/Shadelab/ui/sh-calibration-comparison.ui");
  gtk_widget_class_bind_template_child (widget_class, ShCalibrationComparison, places);
  gtk_widget_class_bind_template_child (widget_class, ShCalibrationComparison, photo_item);
  gtk_widget_class_bind_template_child (widget_class, ShCalibrationComparison, photo_picture);
  gtk_widget_class_bind_template_child (widget_class, ShCalibrationComparison, photo_caption);
  gtk_widget_class_bind_template_child_full (widget_class, "reference_item", FALSE,
                                             G_STRUCT_OFFSET (ShCalibrationComparison, swatch_boxes[COLOR_REFERENCE]));
  gtk_widget_class_bind_template_child_full (widget_class, "mean_item", FALSE,
                                             G_STRUCT_OFFSET (ShCalibrationComparison, swatch_boxes[COLOR_MEAN]));
  gtk_widget_class_bind_template_child_full (widget_class, "robust_item", FALSE,
                                             G_STRUCT_OFFSET (ShCalibrationComparison, swatch_boxes[COLOR_ROBUST]));
  gtk_widget_class_bind_template_child_full (widget_class, "tuned_item", FALSE,
                                             G_STRUCT_OFFSET (ShCalibrationComparison, swatch_boxes[COLOR_TUNED]));
  gtk_widget_class_bind_template_child_full (widget_class, "reference_swatch", FALSE,
                                             G_STRUCT_OFFSET (ShCalibrationComparison, swatches[COLOR_REFERENCE]));
  gtk_widget_class_bind_template_child_full (widget_class, "mean_swatch", FALSE,
                                             G_STRUCT_OFFSET (ShCalibrationComparison, swatches[COLOR_MEAN]));
  gtk_widget_class_bind_template_child_full (widget_class, "robust_swatch", FALSE,
                                             G_STRUCT_OFFSET (ShCalibrationComparison, swatches[COLOR_ROBUST]));
  gtk_widget_class_bind_template_child_full (widget_class, "tuned_swatch", FALSE,
                                             G_STRUCT_OFFSET (ShCalibrationComparison, swatches[COLOR_TUNED]));
  gtk_widget_class_bind_template_child_full (widget_class, "reference_value", FALSE,
                                             G_STRUCT_OFFSET (ShCalibrationComparison, swatch_values[COLOR_REFERENCE]));
  gtk_widget_class_bind_template_child_full (widget_class, "mean_value", FALSE,
                                             G_STRUCT_OFFSET (ShCalibrationComparison, swatch_values[COLOR_MEAN]));
  gtk_widget_class_bind_template_child_full (widget_class, "robust_value", FALSE,
                                             G_STRUCT_OFFSET (ShCalibrationComparison, swatch_values[COLOR_ROBUST]));
  gtk_widget_class_bind_template_child_full (widget_class, "tuned_value", FALSE,
                                             G_STRUCT_OFFSET (ShCalibrationComparison, swatch_values[COLOR_TUNED]));
}

static void
sh_calibration_comparison_init (ShCalibrationComparison *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  for (int i = 0; i < N_COLORS; i++)
    /* Five to a row when there is room, wrapped when not. */
    sh_swatch_view_set_natural_size (SH_SWATCH_VIEW (self->swatches[i]), 150, 120);
}
