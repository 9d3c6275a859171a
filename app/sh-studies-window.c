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
#include "user-text.h"

struct _ShStudiesWindow {
  AdwWindow parent_instance;

  GtkDropDown *study_dropdown;
  GtkStack *stack;
  AdwStatusPage *message_page;
  GtkLabel *summary_label;
  GtkDrawingArea *mean_chart;
  GtkDrawingArea *win_chart;
  GtkLabel *table_label;
  GtkLabel *unblind_label;
  GtkLabel *key_label;
  AdwToastOverlay *toast_overlay;
  GtkButton *unblind_button;

  ShProjectWindow *project_window;   /* weak */
  GtkStringList *names;
  ShStudyReport *report;
  ShStudyInfo *study;                /* the one shown, NULL when none is */
  AdwMessageDialog *dialog;          /* the unblinding's confirmation while it is open */
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

static char *
local_time_text (const char *at)
{
  /* Translators: when a study was unblinded; see g_date_time_format. */
  return sh_local_time_text (at, _("%e %b %Y, %H:%M"));
}

/* Who unblinded the study, when and why, and the method under each letter as each rater saw it. */
static void
show_key (ShStudiesWindow *self, ShProject *project)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) log = sh_project_list_study_unblindings (project, self->study->id, &error);
  g_autoptr (GPtrArray) keys = log != NULL ? sh_study_rater_keys (project, self->study->id, &error) : NULL;
  g_autoptr (GString) who = g_string_new (NULL);
  g_autoptr (GString) text = g_string_new (NULL);

  if (keys == NULL)
    {
      gtk_label_set_label (self->unblind_label, error->message);
      gtk_label_set_label (self->key_label, "");
      return;
    }
  for (guint i = 0; i < log->len; i++)
    {
      g_auto (GStrv) parts = g_strsplit (g_ptr_array_index (log, i), "\t", 3);
      g_autofree char *when = local_time_text (parts[0]);
      const char *by = parts[1] != NULL && *parts[1] != '\0' ? parts[1] : _("someone unnamed");
      const char *reason = parts[1] != NULL && parts[2] != NULL ? parts[2] : "";

      if (who->len > 0)
        g_string_append_c (who, '\n');
      if (*reason != '\0')
        /* Translators: an unblinding of a study in its log: when, who and why. */
        g_string_append_printf (who, _("Unblinded on %s by %s: %s"), g_strstrip (when), by, reason);
      else
        /* Translators: an unblinding of a study in its log: when and who. */
        g_string_append_printf (who, _("Unblinded on %s by %s"), g_strstrip (when), by);
    }
  gtk_label_set_label (self->unblind_label, who->str);
  for (guint r = 0; r < keys->len; r++)
    {
      const ShStudyRaterKey *rater = g_ptr_array_index (keys, r);

      /* Translators: a heading over one rater's key in the studies window, "Rater R1". */
      g_string_append_printf (text, r == 0 ? _("Rater %s\n") : _("\nRater %s\n"), rater->rater);
      for (guint p = 0; p < rater->positions->len; p++)
        {
          const ShStudyKeyPosition *position = g_ptr_array_index (rater->positions, p);

          g_string_append_printf (text, "  %u. %s (MST %d), %s:", position->position, position->participant,
                                  position->mst, position->sku);
          for (guint k = 0; k < position->n_letters; k++)
            g_string_append_printf (text, "%s %c %s", k == 0 ? "" : ",", 'A' + k, position->methods[k]);
          g_string_append_c (text, '\n');
        }
    }
  if (keys->len == 0)
    g_string_append (text, _("No rater has a pack of this study."));
  gtk_label_set_label (self->key_label, text->str);
}

static void
update_actions (ShStudiesWindow *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "studies.unblind",
                                 self->study != NULL && self->study->unblinded_at == NULL && self->dialog == NULL);
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
  g_clear_pointer (&self->study, sh_study_info_free);
  update_actions (self);
  if (project == NULL || name == NULL)
    return;
  if (!(study = sh_project_get_study (project, name, NULL, &error)))
    {
      show_message (self, _("Study Not Readable"), error->message);
      return;
    }
  self->study = g_steal_pointer (&study);
  update_actions (self);
  if (self->study->unblinded_at == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("%u trials, %u raters, %u scores merged. Its figures show once it "
                                                 "is unblinded: Unblind… when every rater's pack is merged."),
                                               self->study->n_trials, self->study->n_raters, self->study->n_scores);
      show_message (self, _("The Study Is Still Blind"), text);
      g_message ("studies: '%s' is blind", self->study->name);
      return;
    }
  methods = g_strsplit (self->study->methods, ",", -1);
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
  show_key (self, project);
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
      g_clear_pointer (&self->study, sh_study_info_free);
      update_actions (self);
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

/* ---- unblinding ---- */

gboolean
sh_studies_window_unblind (ShStudiesWindow *self, const char *reason)
{
  ShProject *project = self->project_window ? sh_project_window_get_project (self->project_window) : NULL;
  const char *by = self->project_window ? sh_project_window_get_labeler (self->project_window) : NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *trimmed = g_strstrip (g_strdup (reason != NULL ? reason : ""));

  g_return_val_if_fail (SH_IS_STUDIES_WINDOW (self), FALSE);
  if (project == NULL || self->study == NULL)
    return FALSE;
  name = g_strdup (self->study->name);
  /* The command line's own step: logged with who, when and why, in its own transaction. */
  if (!sh_project_unblind_study (project, self->study->id, by, trimmed, &error))
    {
      g_autofree char *message = g_strdup_printf (_("The study was not unblinded: %s"), error->message);
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
      g_message ("studies: unblinding '%s' failed: %s", name, error->message);
      return FALSE;
    }
  g_message ("studies: '%s' unblinded by %s", name, by != NULL ? by : "");
  show_study (self, name);
  return TRUE;
}

static void
unblind_response (AdwMessageDialog *dialog, const char *response, gpointer data)
{
  ShStudiesWindow *self = data;
  GtkEditable *reason = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));

  self->dialog = NULL;
  if (g_strcmp0 (response, "unblind") == 0)
    sh_studies_window_unblind (self, gtk_editable_get_text (reason));
  update_actions (self);
}

static void
reason_activated (AdwMessageDialog *dialog)
{
  adw_message_dialog_response (dialog, "unblind");
}

static void
action_unblind (GtkWidget *widget, const char *action, GVariant *parameter)
{
  ShStudiesWindow *self = SH_STUDIES_WINDOW (widget);
  const char *labeler = self->project_window ? sh_project_window_get_labeler (self->project_window) : NULL;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  GtkWidget *reason;

  if (self->study == NULL || self->study->unblinded_at != NULL || self->dialog != NULL)
    return;
  /* Translators: the unblinding's confirmation, with the study's name. */
  heading = g_strdup_printf (_("Unblind “%s”?"), self->study->name);
  body = g_strdup_printf (_("Everyone who opens the project will see which method made each candidate, and a "
                            "rater who sees it is no longer blind. %u raters and %u scores are merged so far. "
                            "The unblinding is logged with your name, %s, the time and the reason."),
                          self->study->n_raters, self->study->n_scores, labeler != NULL ? labeler : "");
  self->dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), heading, body));
  reason = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (reason), _("Why now (for the log)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (reason), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Reason"), -1);
  g_signal_connect_swapped (reason, "activate", G_CALLBACK (reason_activated), self->dialog);
  adw_message_dialog_set_extra_child (self->dialog, reason);
  adw_message_dialog_add_responses (self->dialog, "cancel", _("_Cancel"), "unblind", _("_Unblind"), NULL);
  adw_message_dialog_set_response_appearance (self->dialog, "unblind", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (self->dialog, "cancel");
  adw_message_dialog_set_close_response (self->dialog, "cancel");
  g_signal_connect_object (self->dialog, "response", G_CALLBACK (unblind_response), self, 0);
  update_actions (self);
  gtk_window_present (GTK_WINDOW (self->dialog));
  gtk_widget_grab_focus (reason);
}

AdwMessageDialog *
sh_studies_window_get_unblind_dialog (ShStudiesWindow *self)
{
  g_return_val_if_fail (SH_IS_STUDIES_WINDOW (self), NULL);
  return self->dialog;
}

ShStudiesWindow *
sh_studies_window_find (ShProjectWindow *project_window)
{
  g_return_val_if_fail (SH_IS_PROJECT_WINDOW (project_window), NULL);
  return g_object_get_data (G_OBJECT (project_window), WINDOW_KEY);
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
  g_clear_pointer (&self->study, sh_study_info_free);
  if (self->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->dialog));
  self->dialog = NULL;
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
  gtk_widget_class_bind_template_child (widget_class, ShStudiesWindow, unblind_label);
  gtk_widget_class_bind_template_child (widget_class, ShStudiesWindow, key_label);
  gtk_widget_class_bind_template_child (widget_class, ShStudiesWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, ShStudiesWindow, unblind_button);
  gtk_widget_class_install_action (widget_class, "studies.unblind", NULL, action_unblind);
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
  update_actions (self);
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
