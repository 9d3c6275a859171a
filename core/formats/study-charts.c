/* SPDX-License-Identifier: GPL-3.0-or-later */
/* study-charts.c: the report's charts with cairo (see study-charts.h). */
#define G_LOG_DOMAIN "shadelab-study"

#include "config.h"

#include "core/formats/study-charts.h"

#include <cairo.h>
#include <math.h>
#include <string.h>

/* The four MST groups a chart shows: all, 1-3, 4-7, 8-10 (the report's first four groups). */
#define N_CHART_GROUPS 4

/* One colour per method, told apart in grey too (light to dark). */
static void
method_color (const char *method, double rgb[3])
{
  static const struct {
    const char *name;
    double rgb[3];
  } colors[] = {
    { "mean", { 0.78, 0.78, 0.78 } },
    { "robust", { 0.55, 0.70, 0.85 } },
    { "tuned", { 0.70, 0.16, 0.24 } },
    { "external", { 0.30, 0.30, 0.30 } },
  };

  rgb[0] = rgb[1] = rgb[2] = 0.5;
  for (guint i = 0; i < G_N_ELEMENTS (colors); i++)
    if (strcmp (method, colors[i].name) == 0)
      memcpy (rgb, colors[i].rgb, sizeof colors[i].rgb);
}

static void
text_at (cairo_t *cr, double x, double y, const char *text, double align)
{
  cairo_text_extents_t extents;

  cairo_text_extents (cr, text, &extents);
  cairo_move_to (cr, x - align * extents.x_advance, y);
  cairo_show_text (cr, text);
}

void
sh_study_chart_draw (const ShStudyReport *report, ShStudyChart chart, void *cairo, int width, int height)
{
  cairo_t *cr = cairo;
  gboolean win = chart == SH_STUDY_CHART_WIN_RATE;
  double left = 70, right = width - 20, top = 60, bottom = height - 70;
  double low = win ? 0 : 0, high = win ? 1 : 10;
  guint shown[SH_STUDY_MAX_METHODS], n_shown = 0;
  guint n_groups = MIN (report->groups->len, N_CHART_GROUPS);
  double group_width, bar_width;
  g_autofree char *title = NULL;

  for (guint m = 0; m < report->n_methods; m++)
    if (!win || strcmp (report->methods[m], report->baseline) != 0)
      shown[n_shown++] = m;

  cairo_save (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_select_font_face (cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);

  /* Title. */
  title = win ? g_strdup_printf ("%s: win rate against %s (ties half), 95%% interval", report->study,
                                 report->baseline)
              : g_strdup_printf ("%s: mean score (1-10, how close to real), 95%% interval", report->study);
  cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
  cairo_set_font_size (cr, 17);
  text_at (cr, left, 30, title, 0);

  /* Axis and grid. */
  cairo_set_font_size (cr, 12);
  cairo_set_line_width (cr, 1);
  for (int i = 0; i <= (win ? 4 : 10); i++)
    {
      double v = win ? i * 0.25 : i;
      double y = bottom - (v - low) / (high - low) * (bottom - top);
      g_autofree char *label = win ? g_strdup_printf ("%d%%", i * 25) : g_strdup_printf ("%d", i);

      cairo_set_source_rgb (cr, 0.88, 0.88, 0.88);
      cairo_move_to (cr, left, y + 0.5);
      cairo_line_to (cr, right, y + 0.5);
      cairo_stroke (cr);
      cairo_set_source_rgb (cr, 0.3, 0.3, 0.3);
      text_at (cr, left - 8, y + 4, label, 1);
    }
  if (win)
    {
      double y = bottom - 0.5 * (bottom - top);
      const double dashes[] = { 6, 4 };

      cairo_set_source_rgb (cr, 0.2, 0.2, 0.2);
      cairo_set_dash (cr, dashes, 2, 0);
      cairo_set_line_width (cr, 1.5);
      cairo_move_to (cr, left, y);
      cairo_line_to (cr, right, y);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
    }

  /* Bars with their intervals. */
  group_width = (right - left) / MAX (n_groups, 1);
  bar_width = group_width * 0.7 / MAX (n_shown, 1);
  for (guint g = 0; g < n_groups; g++)
    {
      const ShStudyReportGroup *group = g_ptr_array_index (report->groups, g);
      g_autofree char *label = g == 0 ? g_strdup_printf ("all (%u trials)", group->n_trials)
                                      : g_strdup_printf ("MST %s (%u)", group->name, group->n_trials);
      double x0 = left + g * group_width + group_width * 0.15;

      for (guint i = 0; i < n_shown; i++)
        {
          const ShStudyEstimate *e = win ? &group->win[shown[i]] : &group->mean[shown[i]];
          double rgb[3], x = x0 + i * bar_width, y, y_low, y_high;

          if (e->n == 0 || isnan (e->value))
            continue;
          y = bottom - (e->value - low) / (high - low) * (bottom - top);
          y_low = bottom - (e->low - low) / (high - low) * (bottom - top);
          y_high = bottom - (e->high - low) / (high - low) * (bottom - top);
          method_color (report->methods[shown[i]], rgb);
          cairo_set_source_rgb (cr, rgb[0], rgb[1], rgb[2]);
          cairo_rectangle (cr, x + 2, y, bar_width - 4, bottom - y);
          cairo_fill_preserve (cr);
          cairo_set_source_rgb (cr, 0.25, 0.25, 0.25);
          cairo_set_line_width (cr, 1);
          cairo_stroke (cr);
          /* The interval: a whisker with caps. */
          cairo_set_source_rgb (cr, 0, 0, 0);
          cairo_set_line_width (cr, 1.5);
          cairo_move_to (cr, x + bar_width / 2, y_low);
          cairo_line_to (cr, x + bar_width / 2, y_high);
          cairo_move_to (cr, x + bar_width / 2 - 5, y_low);
          cairo_line_to (cr, x + bar_width / 2 + 5, y_low);
          cairo_move_to (cr, x + bar_width / 2 - 5, y_high);
          cairo_line_to (cr, x + bar_width / 2 + 5, y_high);
          cairo_stroke (cr);
        }
      cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
      cairo_set_font_size (cr, 13);
      text_at (cr, left + (g + 0.5) * group_width, bottom + 22, label, 0.5);
    }
  cairo_set_source_rgb (cr, 0.2, 0.2, 0.2);
  cairo_set_line_width (cr, 1);
  cairo_move_to (cr, left, bottom + 0.5);
  cairo_line_to (cr, right, bottom + 0.5);
  cairo_stroke (cr);

  /* Legend. */
  {
    double x = left;

    cairo_set_font_size (cr, 13);
    for (guint i = 0; i < n_shown; i++)
      {
        double rgb[3];
        cairo_text_extents_t extents;
        const char *name = report->methods[shown[i]];

        method_color (name, rgb);
        cairo_set_source_rgb (cr, rgb[0], rgb[1], rgb[2]);
        cairo_rectangle (cr, x, height - 32, 14, 14);
        cairo_fill (cr);
        cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
        cairo_move_to (cr, x + 20, height - 20);
        cairo_show_text (cr, name);
        cairo_text_extents (cr, name, &extents);
        x += 40 + extents.x_advance;
      }
    if (win)
      {
        cairo_move_to (cr, x, height - 20);
        cairo_show_text (cr, "- - - 50%: as good as the baseline");
      }
  }
  cairo_restore (cr);
}

gboolean
sh_study_chart_write_png (const ShStudyReport *report, ShStudyChart chart, const char *path, GError **error)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, SH_STUDY_CHART_WIDTH,
                                                         SH_STUDY_CHART_HEIGHT);
  cairo_t *cr = cairo_create (surface);
  cairo_status_t status;

  sh_study_chart_draw (report, chart, cr, SH_STUDY_CHART_WIDTH, SH_STUDY_CHART_HEIGHT);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  status = cairo_surface_write_to_png (surface, path);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "%s: %s", path, cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}
