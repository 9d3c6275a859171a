/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sh-studies-window.c: the project's realism studies and their figures (see sh-studies-window.h). */
#define G_LOG_DOMAIN "shadelab-study"

#include "config.h"

#include "sh-studies-window.h"

#include <glib/gi18n.h>
#include <math.h>

#include "core/formats/study-charts.h"
#include "core/models/study-report.h"
#include "core/store/project-study.h"

struct _ShStudiesWindow {
  AdwWindow parent_instance;

  GtkDropDown *study_dropdown;
  GtkStack *stack;
  AdwStatusPage *message_page;
  GtkLabel *summary_label;
  GtkDrawingArea *mean_chart;
  GtkDrawingArea *win_chart;
  GtkLabel *table_label;

  ShProjectWindow *project_window;   /* weak */
  GtkStringList *names;
  ShStudyReport *report;
};

G_DEFINE_FINAL_TYPE (ShStudiesWindow, sh_studies_window, ADW_TYPE_WINDOW)

#define WINDOW_KEY "sh-studies-window"

static void
draw_chart (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer data)
{
  ShStudiesWindow *self = data;

  if (self->report != NULL)
    sh_study_chart_draw (self->report, area == self->win_chart ? SH_STUDY_CHART_WIN_RATE : SH_STUDY_CHART_MEAN, cr,
                         width, height);
}

static void
append_estimate (GString *out, const ShStudyEstimate *e, gboolean percent)
{
  if (e->n == 0 || isnan (e->value))
    g_string_append_printf (out, "  %-22s", "–");
  else if (percent)
    g_string_append_printf (out, "  %5.1f%% [%5.1f, %5.1f]", 100 * e->value, 100 * e->low, 100 * e->high);
  else
    g_string_append_printf (out, "  %5.2f [%5.2f, %5.2f]  ", e->value, e->low, e->high);
}

static void
show_message (ShStudiesWindow *self, const char *title, const char *description)
{
  adw_status_page_set_title (self->message_page, title);
  adw_status_page_set_description (self->message_page, description);
  gtk_stack_set_visible_child_name (self->stack, "message");
}

static void
show_study (ShStudiesWindow *self, const char *name)
{
  ShProject *project = self->project_window ? sh_project_window_get_project (self->project_window) : NULL;
  g_autoptr (ShStudyInfo) study = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) table = g_string_new (NULL);
  g_autofree char *summary = NULL;
  g_auto (GStrv) methods = NULL;

  g_clear_pointer (&self->report, sh_study_report_free);
  if (project == NULL || name == NULL)
    return;
  if (!(study = sh_project_get_study (project, name, NULL, &error)))
    {
      show_message (self, _("Study Not Readable"), error->message);
      return;
    }
  if (study->unblinded_at == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("%u trials, %u raters, %u scores merged. Its figures show once it "
                                                 "is unblinded: shadelab-cli study unblind PROJECT '%s'."),
                                               study->n_trials, study->n_raters, study->n_scores, study->name);
      show_message (self, _("The Study Is Still Blind"), text);
      g_message ("studies: '%s' is blind", study->name);
      return;
    }
  methods = g_strsplit (study->methods, ",", -1);
  self->report = sh_study_report_new (project, name,
                                      g_strv_contains ((const char *const *) methods, "external") ? "external" : "mean",
                                      1, &error);
  if (self->report == NULL)
    {
      show_message (self, _("Study Not Readable"), error->message);
      return;
    }
  summary = isnan (self->report->alpha)
              ? g_strdup_printf (_("%u raters, %u trials, %u scores; baseline %s. Krippendorff's alpha: none (no "
                                   "candidate scored by two raters)."), self->report->n_raters,
                                 self->report->n_trials, self->report->n_scores, self->report->baseline)
              : g_strdup_printf (_("%u raters, %u trials, %u scores; baseline %s. Krippendorff's alpha (interval): "
                                   "%.3f."), self->report->n_raters, self->report->n_trials, self->report->n_scores,
                                 self->report->baseline, self->report->alpha);
  gtk_label_set_label (self->summary_label, summary);
  for (guint g = 0; g < self->report->groups->len; g++)
    {
      const ShStudyReportGroup *group = g_ptr_array_index (self->report->groups, g);

      g_string_append_printf (table, "%s%s (%u)\n", g == 0 ? "" : "\n",
                              g == 0 ? _("All trials") : group->name, group->n_trials);
      for (guint m = 0; m < self->report->n_methods; m++)
        {
          g_string_append_printf (table, "  %-9s", self->report->methods[m]);
          append_estimate (table, &group->mean[m], FALSE);
          if (g_strcmp0 (self->report->methods[m], self->report->baseline) != 0)
            append_estimate (table, &group->win[m], TRUE);
          g_string_append_c (table, '\n');
        }
    }
  gtk_label_set_label (self->table_label, table->str);
  gtk_widget_queue_draw (GTK_WIDGET (self->mean_chart));
  gtk_widget_queue_draw (GTK_WIDGET (self->win_chart));
  gtk_stack_set_visible_child_name (self->stack, "figures");
  g_message ("studies: '%s' shown: %u raters, %u trials, %u scores", self->report->study, self->report->n_raters,
             self->report->n_trials, self->report->n_scores);
}

static void
selected_cb (ShStudiesWindow *self)
{
  guint selected = gtk_drop_down_get_selected (self->study_dropdown);

  if (selected != GTK_INVALID_LIST_POSITION)
    show_study (self, gtk_string_list_get_string (self->names, selected));
}

static void
reload (ShStudiesWindow *self)
{
  ShProject *project = self->project_window ? sh_project_window_get_project (self->project_window) : NULL;
  g_autoptr (GPtrArray) studies = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *current = NULL;
  guint selected = gtk_drop_down_get_selected (self->study_dropdown);

  if (selected != GTK_INVALID_LIST_POSITION && selected < g_list_model_get_n_items (G_LIST_MODEL (self->names)))
    current = g_strdup (gtk_string_list_get_string (self->names, selected));
  if (project == NULL || !(studies = sh_project_list_studies (project, &error)))
    {
      show_message (self, _("Studies Not Readable"), error ? error->message : NULL);
      return;
    }
  gtk_string_list_splice (self->names, 0, g_list_model_get_n_items (G_LIST_MODEL (self->names)), NULL);
  for (guint i = 0; i < studies->len; i++)
    gtk_string_list_append (self->names, ((ShStudyInfo *) g_ptr_array_index (studies, i))->name);
  if (studies->len == 0)
    {
      show_message (self, _("No Studies"), _("Make one with shadelab-cli study create."));
      return;
    }
  if (current == NULL || !sh_studies_window_select (self, current))
    sh_studies_window_select (self, gtk_string_list_get_string (self->names, 0));
}

gboolean
sh_studies_window_select (ShStudiesWindow *self, const char *name)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->names));

  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (gtk_string_list_get_string (self->names, i), name) == 0)
      {
        if (gtk_drop_down_get_selected (self->study_dropdown) == i)
          show_study (self, name);
        else
          gtk_drop_down_set_selected (self->study_dropdown, i);
        return TRUE;
      }
  return FALSE;
}

static void
project_window_gone (ShStudiesWindow *self)
{
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
sh_studies_window_dispose (GObject *object)
{
  ShStudiesWindow *self = SH_STUDIES_WINDOW (object);

  if (self->project_window != NULL && g_object_get_data (G_OBJECT (self->project_window), WINDOW_KEY) == self)
    g_object_set_data (G_OBJECT (self->project_window), WINDOW_KEY, NULL);
  g_clear_weak_pointer (&self->project_window);
  g_clear_pointer (&self->report, sh_study_report_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), SH_TYPE_STUDIES_WINDOW);
  G_OBJECT_CLASS (sh_studies_window_parent_class)->dispose (object);
}

static void
sh_studies_window_finalize (GObject *object)
{
  ShStudiesWindow *self = SH_STUDIES_WINDOW (object);

  g_clear_object (&self->names);
  G_OBJECT_CLASS (sh_studies_window_parent_class)->finalize (object);
}

static void
sh_studies_window_class_init (ShStudiesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sh_studies_window_dispose;
  object_class->finalize = sh_studies_window_finalize;
  gtk_widget_class_set_template_from_resource (widget_class, "/org/shadelab/Shadelab/ui/sh-studies-window.ui");
  gtk_widget_class_bind_template_child (widget_class, ShStudiesWindow, study_dropdown);
  gtk_widget_class_bind_template_child (widget_class, ShStudiesWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, ShStudiesWindow, message_page);
  gtk_widget_class_bind_template_child (widget_class, ShStudiesWindow, summary_label);
  gtk_widget_class_bind_template_child (widget_class, ShStudiesWindow, mean_chart);
  gtk_widget_class_bind_template_child (widget_class, ShStudiesWindow, win_chart);
  gtk_widget_class_bind_template_child (widget_class, ShStudiesWindow, table_label);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sh_studies_window_init (ShStudiesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->names = gtk_string_list_new (NULL);
  gtk_drop_down_set_model (self->study_dropdown, G_LIST_MODEL (self->names));
  g_signal_connect_swapped (self->study_dropdown, "notify::selected", G_CALLBACK (selected_cb), self);
  gtk_drawing_area_set_draw_func (self->mean_chart, draw_chart, self, NULL);
  gtk_drawing_area_set_draw_func (self->win_chart, draw_chart, self, NULL);
}

ShStudiesWindow *
sh_studies_window_present_for (ShProjectWindow *project_window)
{
  ShStudiesWindow *self;
  g_autofree char *title = NULL;
  const char *name;

  g_return_val_if_fail (SH_IS_PROJECT_WINDOW (project_window), NULL);
  if (sh_project_window_get_project (project_window) == NULL)
    return NULL;
  self = g_object_get_data (G_OBJECT (project_window), WINDOW_KEY);
  if (self != NULL)
    {
      /* Scores merged from the command line meanwhile show up. */
      reload (self);
      gtk_window_present (GTK_WINDOW (self));
      return self;
    }
  self = g_object_new (SH_TYPE_STUDIES_WINDOW, "transient-for", project_window,
                       "application", gtk_window_get_application (GTK_WINDOW (project_window)), NULL);
  g_set_weak_pointer (&self->project_window, project_window);
  name = sh_project_window_get_name (project_window);
  /* Translators: the Realism Studies window's title: project name. */
  title = g_strdup_printf (_("Realism Studies – %s"), name != NULL ? name : "");
  gtk_window_set_title (GTK_WINDOW (self), title);
  g_signal_connect_object (project_window, "destroy", G_CALLBACK (project_window_gone), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (project_window, "notify::path", G_CALLBACK (project_window_gone), self,
                           G_CONNECT_SWAPPED);
  g_object_set_data (G_OBJECT (project_window), WINDOW_KEY, self);
  reload (self);
  gtk_window_present (GTK_WINDOW (self));
  return self;
}
