/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sh-review-view.c: the weekly review page (see sh-review-view.h). */
#define G_LOG_DOMAIN "shadelab-review"

#include "config.h"

#include "sh-review-view.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "color/colorspace.h"
#include "core/formats/color-names.h"
#include "core/models/study-report.h"
#include "core/store/project-reference.h"
#include "core/store/review.h"
#include "shadelab-application.h"
#include "user-text.h"
#include "widgets/a11y-util.h"

/* The week before today, as the weekly calibration review looks back. */
#define DEFAULT_DAYS_BACK 7

struct _ShReviewView {
  GtkWidget parent_instance;

  ShProject *project;
  ShDisplayTransform *transform;
  char *since;
  ShReview *review;              /* the one shown, or NULL before the first read */
  GArray *tones;                 /* ShSkinTone of the last read */
  cJSON *feedback;               /* the realism studies' findings of the last read (sh_study_feedback) */
  guint generation;              /* of the latest read asked for: older results are dropped */
  guint n_reads, n_exports;
  GCancellable *cancellable;
  ShToneGrid *grid;
  char *selected_sku;
  GtkFileChooserNative *chooser;
  guint fit_source;              /* the tone grid follows the page's width */

  AdwToastOverlay *toast_overlay;
  GtkMenuButton *since_button;
  GtkPopover *since_popover;
  GtkCalendar *calendar;
  GtkSpinner *spinner;
  GtkLabel *count_label;
  GtkBox *study_box;
  GtkLabel *study_label;
  GtkListBox *study_list;
  GtkWidget *study_separator;
  GtkStack *stack;
  AdwStatusPage *empty_page;
  GtkListBox *product_list;
  GtkLabel *title_label;
  GtkLabel *summary_label;
  GtkScrolledWindow *detail_scroller;
  GtkBox *grid_box;
  GtkListBox *change_list;
  GtkLabel *decision_label;
  GtkEntry *comment_entry;
  GtkButton *send_back_button;
  GtkButton *approve_button;
};

G_DEFINE_FINAL_TYPE (ShReviewView, sh_review_view, GTK_TYPE_WIDGET)

enum {
  SIGNAL_LOADED,
  SIGNAL_EXPORTED,
  SIGNAL_SAVE_FAILED,
  SIGNAL_DECIDED,
  N_SIGNALS,
};
static guint signals[N_SIGNALS];

static void sh_review_view_show_review (ShReviewView *self);

/* ---- small helpers ---- */

static void
toast (ShReviewView *self, const char *message)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

/* The labeler-name setting, else the account's real name, else its user name. */
static char *
reviewer_name (void)
{
  g_autoptr (GSettings) settings = sh_application_new_settings ();

  return sh_labeler_name (settings);
}

static char *
local_time_text (const char *at)
{
  /* Translators: a date and time in the review's change list; see g_date_time_format. */
  return sh_local_time_text (at, _("%e %b %Y, %H:%M"));
}

static void
material_hex (const ShProductMaterial *product, gboolean has_color, char hex[8])
{
  uint8_t rgb[3];

  if (!has_color)
    {
      g_strlcpy (hex, "–", 8);
      return;
    }
  sh_linear_srgb_to_srgb8 (product->material.base_color, rgb);
  sh_format_hex (rgb, hex);
}

static const ShReviewItem *
selected_item (ShReviewView *self)
{
  if (self->review == NULL || self->selected_sku == NULL)
    return NULL;
  for (guint i = 0; i < self->review->items->len; i++)
    {
      const ShReviewItem *item = g_ptr_array_index (self->review->items, i);
      if (g_strcmp0 (item->sku, self->selected_sku) == 0)
        return item;
    }
  return NULL;
}

static void
update_actions (ShReviewView *self)
{
  const char *comment = gtk_editable_get_text (GTK_EDITABLE (self->comment_entry));
  g_autofree char *trimmed = g_strstrip (g_strdup (comment));
  gboolean has_item = selected_item (self) != NULL;
  gboolean has_review = self->review != NULL && self->review->items->len > 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "review.approve", has_item);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "review.send-back", has_item && *trimmed != '\0');
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "review.export-png", has_review);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "review.export-csv", has_review);
}

static void
update_busy (ShReviewView *self)
{
  gboolean busy = self->n_reads > 0 || self->n_exports > 0;

  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
}

/* ---- reading the review (worker thread, own read-only connection) ---- */

typedef struct {
  char *project_path;
  char *since;
  guint generation;
  ShReview *review;
  GArray *tones;
  cJSON *feedback;
} LoadJob;

static void
load_job_free (LoadJob *job)
{
  g_free (job->project_path);
  g_free (job->since);
  sh_review_free (job->review);
  if (job->tones != NULL)
    g_array_unref (job->tones);
  cJSON_Delete (job->feedback);
  g_free (job);
}

static void
load_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  LoadJob *job = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (ShProject) project = sh_project_open (job->project_path, SH_PROJECT_OPEN_READ_ONLY, &error);

  if (project == NULL || (job->review = sh_review_new (project, job->since, &error)) == NULL
      || (job->tones = sh_project_get_skin_tones (project, TRUE, &error)) == NULL
      || (job->feedback = sh_study_feedback (project, SH_STUDY_FEEDBACK_THRESHOLD, &error)) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
load_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  ShReviewView *self = SH_REVIEW_VIEW (source);
  LoadJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;

  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;
  self->n_reads--;
  update_busy (self);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (job->generation == self->generation)
        {
          g_autofree char *message = g_strdup_printf (_("Could not read the review: %s"), error->message);
          toast (self, message);
        }
      return;
    }
  /* A newer date was chosen while this one was read. */
  if (job->generation != self->generation)
    return;
  sh_review_free (self->review);
  self->review = g_steal_pointer (&job->review);
  if (self->tones != NULL)
    g_array_unref (self->tones);
  self->tones = g_steal_pointer (&job->tones);
  cJSON_Delete (self->feedback);
  self->feedback = g_steal_pointer (&job->feedback);
  sh_review_view_show_review (self);
  g_signal_emit (self, signals[SIGNAL_LOADED], 0);
}

void
sh_review_view_reload (ShReviewView *self)
{
  g_autoptr (GTask) task = NULL;
  LoadJob *job = g_new0 (LoadJob, 1);

  g_return_if_fail (SH_IS_REVIEW_VIEW (self));
  job->project_path = g_strdup (sh_project_get_path (self->project));
  job->since = g_strdup (self->since);
  job->generation = ++self->generation;
  task = g_task_new (self, self->cancellable, load_done, NULL);
  g_task_set_source_tag (task, sh_review_view_reload);
  g_task_set_task_data (task, job, (GDestroyNotify) load_job_free);
  self->n_reads++;
  update_busy (self);
  g_task_run_in_thread (task, load_thread);
}

/* ---- showing it ---- */

static GtkWidget *
product_row (const ShReviewItem *item)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *state = gtk_label_new (item->decision == NULL ? _("Not reviewed")
                                    : item->decision->accepted ? _("Approved") : _("Sent back"));
  g_autofree char *title = g_markup_escape_text (item->sku, -1);
  g_autofree char *subtitle = g_markup_printf_escaped ("%s %s", item->brand != NULL ? item->brand : "",
                                                       item->shade != NULL ? item->shade : "");

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), g_strstrip (subtitle));
  gtk_widget_add_css_class (state, item->decision == NULL ? "dim-label"
                                   : item->decision->accepted ? "success" : "error");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), state);
  g_object_set_data_full (G_OBJECT (row), "sku", g_strdup (item->sku), g_free);
  return row;
}

static GtkWidget *
change_row (const ShReviewChange *change)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *when = local_time_text (change->at);
  g_autoptr (GString) title = g_string_new (NULL);
  g_autofree char *subtitle = g_markup_printf_escaped ("%s · %s%s%s", change->who != NULL ? change->who : "–",
                                                       when, change->note != NULL ? " · " : "",
                                                       change->note != NULL ? change->note : "");

  /* One row per change, one line per parameter it moved (a preset moves several). */
  for (guint i = 0; i < change->values->len; i++)
    {
      const ShReviewValue *value = g_ptr_array_index (change->values, i);
      g_autofree char *line = g_markup_printf_escaped ("%s: %s → %s", value->parameter,
                                                       value->before != NULL ? value->before : "–",
                                                       value->after != NULL ? value->after : "–");

      if (i > 0)
        g_string_append_c (title, '\n');
      g_string_append (title, line);
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title->str);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  return row;
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static char *
material_summary (const ShProductMaterial *product, gboolean has_color)
{
  char hex[8];

  g_autofree char *names = NULL;

  material_hex (product, has_color, hex);
  names = has_color ? sh_color_names_describe_hex (hex) : NULL;
  if (names != NULL)
    /* Translators: base colour and its names, finish, roughness and clearcoat of a material, e.g. "#b0243a
     * (Vivid Red (ISCC-NBS 11) · tan cool red), gloss, roughness 0.40, clearcoat 1.00". */
    return g_strdup_printf (_("%s (%s), %s, roughness %.2f, clearcoat %.2f"), hex, names,
                            product->finish != NULL ? product->finish : _("no finish"), product->material.roughness,
                            product->material.clearcoat);
  /* Translators: base colour, finish, roughness and clearcoat of a material, e.g. "#b0243a, gloss,
   * roughness 0.40, clearcoat 1.00". */
  return g_strdup_printf (_("%s, %s, roughness %.2f, clearcoat %.2f"), hex,
                          product->finish != NULL ? product->finish : _("no finish"), product->material.roughness,
                          product->material.clearcoat);
}

static void
show_decision (ShReviewView *self, const ShReviewItem *item)
{
  g_autofree char *text = NULL;
  const ShReviewDecision *decision = item->decision;

  if (decision == NULL)
    text = g_strdup (_("Not reviewed yet."));
  else
    {
      g_autofree char *when = local_time_text (decision->at);
      const ShReviewChange *last = item->changes->len > 0
                                     ? g_ptr_array_index (item->changes, item->changes->len - 1) : NULL;
      gboolean stale = last != NULL && g_strcmp0 (decision->at, last->at) < 0;

      text = g_strdup_printf (decision->accepted ? _("Approved by %s on %s%s%s") : _("Sent back by %s on %s%s%s"),
                              decision->reviewer, when, decision->comment != NULL ? ": " : ".",
                              decision->comment != NULL ? decision->comment : "");
      if (stale)
        {
          char *more = g_strconcat (text, " ", _("The material changed after this review."), NULL);
          g_free (text);
          text = more;
        }
    }
  gtk_label_set_text (self->decision_label, text);
}

static void
show_item (ShReviewView *self)
{
  const ShReviewItem *item = selected_item (self);

  clear_list (self->change_list);
  if (item == NULL)
    {
      update_actions (self);
      return;
    }

  {
    g_autofree char *title = g_strdup_printf ("%s  %s %s", item->sku, item->brand != NULL ? item->brand : "",
                                              item->shade != NULL ? item->shade : "");
    g_autofree char *before = material_summary (&item->before, item->before_has_color);
    g_autofree char *after = material_summary (&item->after, item->after_has_color);
    g_autofree char *summary = g_strdup_printf (_("Before: %s\nAfter: %s"), before, after);

    gtk_label_set_text (self->title_label, g_strstrip (title));
    gtk_label_set_text (self->summary_label, summary);
  }

  sh_tone_grid_set_tones (self->grid, (const ShSkinTone *) self->tones->data, self->tones->len);
  /* No colour then: the bare lips on the left half. */
  sh_tone_grid_set_material (self->grid, item->before_has_color ? &item->before.material : NULL);
  sh_tone_grid_set_compare_material (self->grid, &item->after.material);
  sh_tone_grid_set_compare_labels (self->grid, item->before_has_color ? _("Before") : _("Before (no colour)"),
                                   _("After"));

  for (guint i = 0; i < item->changes->len; i++)
    gtk_list_box_append (self->change_list, change_row (g_ptr_array_index (item->changes, i)));
  show_decision (self, item);
  update_actions (self);
}

static void
update_since_label (ShReviewView *self)
{
  g_autoptr (GDateTime) utc = g_date_time_new_from_iso8601 (self->since, NULL);
  g_autoptr (GDateTime) local = utc != NULL ? g_date_time_to_local (utc) : NULL;
  /* Translators: the review's start day on its button; see g_date_time_format. */
  g_autofree char *day = local != NULL ? g_date_time_format (local, _("%e %b %Y")) : g_strdup (self->since);

  g_autofree char *accessible = NULL;

  gtk_menu_button_set_label (self->since_button, g_strstrip (day));
  /* Translators: the accessible name of the review's date button, "Changes since 1 May 2024" */
  accessible = g_strdup_printf (_("Changes since %s"), day);
  sh_accessible_set_label (self->since_button, accessible);
}

/* ---- the realism studies' findings ---- */

static double
json_number (cJSON *object, const char *name)
{
  cJSON *item = cJSON_GetObjectItem (object, name);

  return cJSON_IsNumber (item) ? item->valuedouble : NAN;
}

static const char *
json_string (cJSON *object, const char *name)
{
  cJSON *item = cJSON_GetObjectItem (object, name);

  return cJSON_IsString (item) ? item->valuestring : "";
}

/* What one finding says, e.g. "Loses to external on MST 8-10: wins 0% of 3 pairs". */
static char *
finding_text (cJSON *finding)
{
  if (strcmp (json_string (finding, "reason"), "loses") == 0)
    /* Translators: a realism study's finding: baseline method, MST group, tuned's win rate and pair count. */
    return g_strdup_printf (_("Loses to %s on MST %s: wins %.0f%% of %d pairs"), json_string (finding, "baseline"),
                            json_string (finding, "mst"), 100 * json_number (finding, "win_rate"),
                            (int) json_number (finding, "pairs"));
  /* Translators: a realism study's finding: tuned's mean score (1-10) and the threshold under which it is listed. */
  return g_strdup_printf (_("Tuned scores %.2f on average, under %.0f"), json_number (finding, "tuned_mean"),
                          SH_STUDY_FEEDBACK_THRESHOLD);
}

/* One group's figures: each method's mean score, and its win rate against the baseline. */
static GtkWidget *
figures_row (cJSON *finding, cJSON *group)
{
  GtkWidget *row = adw_action_row_new ();
  cJSON *methods = cJSON_GetObjectItem (finding, "methods");
  cJSON *figures = cJSON_GetObjectItem (group, "methods");
  const char *name = json_string (group, "group");
  g_autoptr (GString) text = g_string_new (NULL);
  g_autofree char *title = strcmp (name, "all") == 0
                             ? g_strdup_printf (_("All trials (%d)"), (int) json_number (group, "trials"))
                             /* Translators: a Monk Skin Tone group and its number of trials, "MST 8-10 (2)". */
                             : g_strdup_printf (_("MST %s (%d)"), name, (int) json_number (group, "trials"));

  for (int m = 0; m < cJSON_GetArraySize (methods); m++)
    {
      const char *method = cJSON_GetArrayItem (methods, m)->valuestring;
      cJSON *figure = cJSON_GetObjectItem (figures, method);
      double mean = json_number (figure, "mean"), win = json_number (figure, "win_rate");

      if (text->len > 0)
        g_string_append (text, " · ");
      if (isnan (mean))
        g_string_append_printf (text, "%s –", method);
      else if (isnan (win))
        g_string_append_printf (text, "%s %.2f", method, mean);
      else
        /* Translators: a method's mean score and its win rate against the baseline, "tuned 4.00 (wins 0%)". */
        g_string_append_printf (text, _("%s %.2f (wins %.0f%%)"), method, mean, 100 * win);
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), text->str);
  return row;
}

/* One row per product of a study, its findings in the subtitle and its figures inside. */
static void
show_feedback (ShReviewView *self)
{
  int n = self->feedback != NULL ? cJSON_GetArraySize (self->feedback) : 0;
  guint products = 0;
  GtkWidget *row = NULL;
  g_autoptr (GString) subtitle = NULL;
  g_autofree char *heading = NULL;

  clear_list (self->study_list);
  for (int i = 0; i < n; i++)
    {
      cJSON *finding = cJSON_GetArrayItem (self->feedback, i);
      const char *study = json_string (finding, "study"), *sku = json_string (finding, "sku");
      g_autofree char *text = finding_text (finding);

      /* The findings of one product in one study come together. */
      if (row == NULL || g_strcmp0 (g_object_get_data (G_OBJECT (row), "study"), study) != 0
          || g_strcmp0 (g_object_get_data (G_OBJECT (row), "sku"), sku) != 0)
        {
          cJSON *groups = cJSON_GetObjectItem (finding, "groups");
          g_autofree char *title = g_markup_printf_escaped (_("%s · study “%s”"), sku, study);

          if (row != NULL)
            adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle->str);
          row = adw_expander_row_new ();
          g_object_set_data_full (G_OBJECT (row), "study", g_strdup (study), g_free);
          g_object_set_data_full (G_OBJECT (row), "sku", g_strdup (sku), g_free);
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
          for (int g = 0; g < cJSON_GetArraySize (groups); g++)
            adw_expander_row_add_row (ADW_EXPANDER_ROW (row), figures_row (finding, cJSON_GetArrayItem (groups, g)));
          gtk_list_box_append (self->study_list, row);
          if (subtitle != NULL)
            g_string_free (subtitle, TRUE);
          subtitle = g_string_new (NULL);
          products++;
        }
      if (subtitle->len > 0)
        g_string_append (subtitle, "; ");
      {
        g_autofree char *escaped = g_markup_escape_text (text, -1);
        g_string_append (subtitle, escaped);
      }
    }
  if (row != NULL)
    adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle->str);
  heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Realism studies: %u product whose tuned material "
                                          "loses to the baseline or scores low",
                                          "Realism studies: %u products whose tuned material loses to the "
                                          "baseline or scores low", products), products);
  gtk_label_set_text (self->study_label, heading);
  gtk_widget_set_visible (GTK_WIDGET (self->study_box), products > 0);
  gtk_widget_set_visible (self->study_separator, products > 0);
}

static void
sh_review_view_show_review (ShReviewView *self)
{
  guint n = self->review->items->len;
  GtkListBoxRow *keep = NULL;
  g_autofree char *count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u product changed",
                                                         "%u products changed", n), n);

  gtk_label_set_text (self->count_label, count);
  show_feedback (self);
  if (n == 0)
    {
      g_autofree char *description = g_strdup_printf (_("No swatch or material changed since %s."),
                                                       gtk_menu_button_get_label (self->since_button));
      adw_status_page_set_description (self->empty_page, description);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      g_clear_pointer (&self->selected_sku, g_free);
      clear_list (self->product_list);
      show_item (self);
      return;
    }

  /* Rebuild the list, keeping the selection when the product is still there. */
  {
    g_autofree char *previous = g_steal_pointer (&self->selected_sku);

    clear_list (self->product_list);
    for (guint i = 0; i < n; i++)
      {
        const ShReviewItem *item = g_ptr_array_index (self->review->items, i);
        GtkWidget *row = product_row (item);
        gtk_list_box_append (self->product_list, row);
        if (keep == NULL && (g_strcmp0 (item->sku, previous) == 0 || (previous == NULL && i == 0)))
          keep = GTK_LIST_BOX_ROW (row);
      }
    if (keep == NULL)
      keep = gtk_list_box_get_row_at_index (self->product_list, 0);
  }
  gtk_stack_set_visible_child_name (self->stack, "review");
  gtk_list_box_select_row (self->product_list, keep);
}

/* ---- signals from the template ---- */

static void
on_product_selected (ShReviewView *self, GtkListBoxRow *row)
{
  const char *sku = row != NULL ? g_object_get_data (G_OBJECT (row), "sku") : NULL;

  if (row == NULL || g_strcmp0 (sku, self->selected_sku) == 0)
    {
      if (row != NULL)
        show_item (self);
      return;
    }
  g_free (self->selected_sku);
  self->selected_sku = g_strdup (sku);
  gtk_editable_set_text (GTK_EDITABLE (self->comment_entry), "");
  show_item (self);
}

static void
on_comment_changed (ShReviewView *self)
{
  update_actions (self);
}

static void
on_day_selected (ShReviewView *self)
{
  g_autoptr (GDateTime) day = gtk_calendar_get_date (self->calendar);

  gtk_popover_popdown (self->since_popover);
  sh_review_view_set_since_day (self, day);
}

/* ---- decisions ---- */

gboolean
sh_review_view_decide (ShReviewView *self, gboolean approve)
{
  const ShReviewItem *item = selected_item (self);
  const char *comment = gtk_editable_get_text (GTK_EDITABLE (self->comment_entry));
  g_autofree char *reviewer = reviewer_name ();
  g_autoptr (GError) error = NULL;
  g_autofree char *message = NULL;

  g_return_val_if_fail (SH_IS_REVIEW_VIEW (self), FALSE);
  if (item == NULL)
    return FALSE;
  if (!sh_review_decide (self->project, item->product_id, approve, comment, reviewer, &error))
    {
      if (g_error_matches (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_INVALID) && !approve)
        message = g_strdup (_("Say what to change in the comment to send a product back."));
      else if (g_signal_has_handler_pending (self, signals[SIGNAL_SAVE_FAILED], 0, FALSE))
        {
          /* The window's banner says it, and stays; the decision shown is still the stored one. */
          g_signal_emit (self, signals[SIGNAL_SAVE_FAILED], 0, error);
          return FALSE;
        }
      else
        message = g_strdup_printf (_("The review was not saved: %s"), error->message);
      toast (self, message);
      return FALSE;
    }
  /* Stored: show it now, then read everything again for the list's badges. */
  {
    ShReviewItem *shown = (ShReviewItem *) item;
    g_autoptr (GError) local = NULL;
    ShReviewDecision *decision = sh_review_get_decision (self->project, item->product_id, &local);

    if (decision != NULL)
      {
        sh_review_decision_free (shown->decision);
        shown->decision = decision;
        show_decision (self, shown);
      }
  }
  message = g_strdup_printf (approve ? _("%s approved") : _("%s sent back"), item->sku);
  toast (self, message);
  g_signal_emit (self, signals[SIGNAL_DECIDED], 0, item->sku, approve);
  gtk_editable_set_text (GTK_EDITABLE (self->comment_entry), "");
  sh_review_view_reload (self);
  return TRUE;
}

const char *
sh_review_view_get_decision (ShReviewView *self)
{
  const ShReviewItem *item = selected_item (self);

  if (item == NULL || item->decision == NULL)
    return NULL;
  return item->decision->accepted ? "accept" : "reject";
}

/* ---- exports (worker thread) ---- */

typedef struct {
  char *project_path;
  char *since;
  char *out_path;
  gboolean png;
} ExportJob;

static void
export_job_free (ExportJob *job)
{
  g_free (job->project_path);
  g_free (job->since);
  g_free (job->out_path);
  g_free (job);
}

static void
export_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  ExportJob *job = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (ShProject) project = sh_project_open (job->project_path, SH_PROJECT_OPEN_READ_ONLY, &error);
  g_autoptr (ShReview) review = NULL;
  g_autoptr (GArray) tones = NULL;
  gboolean ok = project != NULL && (review = sh_review_new (project, job->since, &error)) != NULL;

  if (ok && job->png)
    ok = (tones = sh_project_get_skin_tones (project, TRUE, &error)) != NULL
         && sh_review_write_png (review, tones, job->out_path, &error);
  else if (ok)
    ok = sh_review_write_csv (review, job->out_path, &error);
  if (!ok)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
export_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  ShReviewView *self = SH_REVIEW_VIEW (source);
  ExportJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;
  g_autofree char *message = NULL;

  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;
  self->n_exports--;
  update_busy (self);
  if (g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_autofree char *name = g_path_get_basename (job->out_path);
      message = g_strdup_printf (_("Review saved as %s"), name);
    }
  else
    message = g_strdup_printf (_("The review was not saved: %s"), error->message);
  toast (self, message);
  g_signal_emit (self, signals[SIGNAL_EXPORTED], 0, job->out_path, error != NULL ? error->message : NULL);
}

void
sh_review_view_export_to (ShReviewView *self, const char *path, gboolean png)
{
  g_autoptr (GTask) task = NULL;
  ExportJob *job = g_new0 (ExportJob, 1);

  g_return_if_fail (SH_IS_REVIEW_VIEW (self));
  job->project_path = g_strdup (sh_project_get_path (self->project));
  job->since = g_strdup (self->since);
  job->out_path = g_strdup (path);
  job->png = png;
  task = g_task_new (self, self->cancellable, export_done, NULL);
  g_task_set_source_tag (task, sh_review_view_export_to);
  g_task_set_task_data (task, job, (GDestroyNotify) export_job_free);
  self->n_exports++;
  update_busy (self);
  g_task_run_in_thread (task, export_thread);
}

static void
on_chooser_response (GtkNativeDialog *dialog, int response, gpointer user_data)
{
  ShReviewView *self = SH_REVIEW_VIEW (user_data);
  gboolean png = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "png"));

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path != NULL)
        sh_review_view_export_to (self, path, png);
      else
        toast (self, _("Choose a local file to save the review to."));
    }
  g_clear_object (&self->chooser);
}

static void
choose_export_file (ShReviewView *self, gboolean png)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autoptr (GtkFileFilter) filter = gtk_file_filter_new ();
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *name = g_strdup_printf ("review-%s.%s", date, png ? "png" : "csv");

  if (self->chooser != NULL)
    return;
  self->chooser = gtk_file_chooser_native_new (png ? _("Export Review as PNG") : _("Export Review as CSV"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_filter_set_name (filter, png ? _("PNG images") : _("CSV tables"));
  gtk_file_filter_add_mime_type (filter, png ? "image/png" : "text/csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  g_object_set_data (G_OBJECT (self->chooser), "png", GINT_TO_POINTER (png));
  g_signal_connect (self->chooser, "response", G_CALLBACK (on_chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* ---- actions ---- */

static void
action_approve (GtkWidget *widget, const char *name, GVariant *parameter)
{
  sh_review_view_decide (SH_REVIEW_VIEW (widget), TRUE);
}

static void
action_send_back (GtkWidget *widget, const char *name, GVariant *parameter)
{
  sh_review_view_decide (SH_REVIEW_VIEW (widget), FALSE);
}

static void
action_export_png (GtkWidget *widget, const char *name, GVariant *parameter)
{
  choose_export_file (SH_REVIEW_VIEW (widget), TRUE);
}

static void
action_export_csv (GtkWidget *widget, const char *name, GVariant *parameter)
{
  choose_export_file (SH_REVIEW_VIEW (widget), FALSE);
}

static void
action_reload (GtkWidget *widget, const char *name, GVariant *parameter)
{
  sh_review_view_reload (SH_REVIEW_VIEW (widget));
}

/* ---- public ---- */

void
sh_review_view_set_since_day (ShReviewView *self, GDateTime *day)
{
  g_autoptr (GDateTime) midnight = NULL;

  g_return_if_fail (SH_IS_REVIEW_VIEW (self));
  g_return_if_fail (day != NULL);
  midnight = g_date_time_new_local (g_date_time_get_year (day), g_date_time_get_month (day),
                                    g_date_time_get_day_of_month (day), 0, 0, 0);
  g_free (self->since);
  {
    g_autoptr (GDateTime) utc = g_date_time_to_utc (midnight);
    g_autofree char *seconds = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S");
    self->since = g_strdup_printf ("%s.000Z", seconds);
  }
  g_signal_handlers_block_by_func (self->calendar, on_day_selected, self);
  gtk_calendar_select_day (self->calendar, midnight);
  g_signal_handlers_unblock_by_func (self->calendar, on_day_selected, self);
  update_since_label (self);
  sh_review_view_reload (self);
}

const char *
sh_review_view_get_since (ShReviewView *self)
{
  g_return_val_if_fail (SH_IS_REVIEW_VIEW (self), NULL);
  return self->since;
}

gboolean
sh_review_view_is_busy (ShReviewView *self)
{
  g_return_val_if_fail (SH_IS_REVIEW_VIEW (self), FALSE);
  return self->n_reads > 0 || self->n_exports > 0;
}

guint
sh_review_view_get_n_products (ShReviewView *self)
{
  g_return_val_if_fail (SH_IS_REVIEW_VIEW (self), 0);
  return self->review != NULL ? self->review->items->len : 0;
}

gboolean
sh_review_view_select_product (ShReviewView *self, const char *sku)
{
  g_return_val_if_fail (SH_IS_REVIEW_VIEW (self), FALSE);
  for (int i = 0;; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->product_list, i);
      if (row == NULL)
        return FALSE;
      if (g_strcmp0 (g_object_get_data (G_OBJECT (row), "sku"), sku) == 0)
        {
          gtk_list_box_select_row (self->product_list, row);
          return TRUE;
        }
    }
}

const char *
sh_review_view_get_selected_sku (ShReviewView *self)
{
  g_return_val_if_fail (SH_IS_REVIEW_VIEW (self), NULL);
  return self->selected_sku;
}

guint
sh_review_view_get_n_changes (ShReviewView *self)
{
  guint n = 0;

  g_return_val_if_fail (SH_IS_REVIEW_VIEW (self), 0);
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->change_list)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n++;
  return n;
}

GtkWidget *
sh_review_view_find_study_finding (ShReviewView *self, const char *study, const char *sku)
{
  g_return_val_if_fail (SH_IS_REVIEW_VIEW (self), NULL);
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->study_list)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (g_strcmp0 (g_object_get_data (G_OBJECT (child), "study"), study) == 0
        && g_strcmp0 (g_object_get_data (G_OBJECT (child), "sku"), sku) == 0)
      return child;
  return NULL;
}

guint
sh_review_view_get_n_study_findings (ShReviewView *self)
{
  guint n = 0;

  g_return_val_if_fail (SH_IS_REVIEW_VIEW (self), 0);
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->study_list)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n++;
  return n;
}

ShToneGrid *
sh_review_view_get_tone_grid (ShReviewView *self)
{
  g_return_val_if_fail (SH_IS_REVIEW_VIEW (self), NULL);
  return self->grid;
}

void
sh_review_view_set_comment (ShReviewView *self, const char *comment)
{
  g_return_if_fail (SH_IS_REVIEW_VIEW (self));
  gtk_editable_set_text (GTK_EDITABLE (self->comment_entry), comment != NULL ? comment : "");
}

void
sh_review_view_set_display_transform (ShReviewView *self, ShDisplayTransform *transform)
{
  g_return_if_fail (SH_IS_REVIEW_VIEW (self));
  if (transform != NULL)
    sh_display_transform_ref (transform);
  if (self->transform != NULL)
    sh_display_transform_unref (self->transform);
  self->transform = transform;
  sh_tone_grid_set_display_transform (self->grid, transform);
}

GtkWidget *
sh_review_view_new (ShProject *project, ShDisplayTransform *transform)
{
  ShReviewView *self;
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autoptr (GDateTime) start = g_date_time_add_days (now, -DEFAULT_DAYS_BACK);

  g_return_val_if_fail (project != NULL, NULL);
  self = g_object_new (SH_TYPE_REVIEW_VIEW, NULL);
  self->project = project;
  sh_review_view_set_display_transform (self, transform);
  sh_review_view_set_since_day (self, start);
  return GTK_WIDGET (self);
}

/* ---- fitting the page ---- */

static gboolean
fit_tone_grid (gpointer data)
{
  ShReviewView *self = data;

  self->fit_source = 0;
  /* Less the page's margins (18 each side). */
  sh_tone_grid_fit_width (self->grid, gtk_widget_get_width (GTK_WIDGET (self->detail_scroller)) - 36);
  return G_SOURCE_REMOVE;
}

/* The tone grid takes as many columns as the page has room for; after the layout, not during it. */
static void
detail_width_changed (ShReviewView *self)
{
  if (self->fit_source == 0)
    self->fit_source = g_idle_add (fit_tone_grid, self);
}

/* ---- GObject ---- */

static void
sh_review_view_dispose (GObject *object)
{
  ShReviewView *self = SH_REVIEW_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->fit_source, g_source_remove);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), SH_TYPE_REVIEW_VIEW);
  G_OBJECT_CLASS (sh_review_view_parent_class)->dispose (object);
}

static void
sh_review_view_finalize (GObject *object)
{
  ShReviewView *self = SH_REVIEW_VIEW (object);

  g_clear_object (&self->cancellable);
  if (self->transform != NULL)
    sh_display_transform_unref (self->transform);
  sh_review_free (self->review);
  if (self->tones != NULL)
    g_array_unref (self->tones);
  cJSON_Delete (self->feedback);
  g_free (self->since);
  g_free (self->selected_sku);
  G_OBJECT_CLASS (sh_review_view_parent_class)->finalize (object);
}

static void
sh_review_view_class_init (ShReviewViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sh_review_view_dispose;
  object_class->finalize = sh_review_view_finalize;

  signals[SIGNAL_LOADED] = g_signal_new ("loaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                         NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_EXPORTED] = g_signal_new ("exported", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                           NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
  signals[SIGNAL_SAVE_FAILED] = g_signal_new ("save-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                              NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
  signals[SIGNAL_DECIDED] = g_signal_new ("decided", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                          NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_BOOLEAN);

  gtk_widget_class_install_action (widget_class, "review.approve", NULL, action_approve);
  gtk_widget_class_install_action (widget_class, "review.send-back", NULL, action_send_back);
  gtk_widget_class_install_action (widget_class, "review.export-png", NULL, action_export_png);
  gtk_widget_class_install_action (widget_class, "review.export-csv", NULL, action_export_csv);
  gtk_widget_class_install_action (widget_class, "review.reload", NULL, action_reload);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/shadelab/Shadelab/ui/sh-review-view.ui");
  gtk_widget_class_bind_template_child (widget_class, ShReviewView, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, ShReviewView, since_button);
  gtk_widget_class_bind_template_child (widget_class, ShReviewView, since_popover);
  gtk_widget_class_bind_template_child (widget_class, ShReviewView, calendar);
  gtk_widget_class_bind_template_child (widget_class, ShReviewView, spinner);
  gtk_widget_class_bind_template_child (widget_class, ShReviewView, count_label);
  gtk_widget_class_bind_template_child (widget_class, ShReviewView, study_box);
  gtk_widget_class_bind_template_child (widget_class, ShReviewView, study_label);
  gtk_widget_class_bind_template_child (widget_class, ShReviewView, study_list);
  gtk_widget_class_bind_template_child (widget_class, ShReviewView, study_separator);
  gtk_widget_class_bind_template_child (widget_class, ShReviewView, stack);
  gtk_widget_class_bind_template_child (widget_class, ShReviewView, empty_page);
  gtk_widget_class_bind_template_child (widget_class, ShReviewView, product_list);
  gtk_widget_class_bind_template_child (widget_class, ShReviewView, title_label);
  gtk_widget_class_bind_template_child (widget_class, ShReviewView, summary_label);
  gtk_widget_class_bind_template_child (widget_class, ShReviewView, detail_scroller);
  gtk_widget_class_bind_template_child (widget_class, ShReviewView, grid_box);
  gtk_widget_class_bind_template_child (widget_class, ShReviewView, change_list);
  gtk_widget_class_bind_template_child (widget_class, ShReviewView, decision_label);
  gtk_widget_class_bind_template_child (widget_class, ShReviewView, comment_entry);
  gtk_widget_class_bind_template_child (widget_class, ShReviewView, send_back_button);
  gtk_widget_class_bind_template_child (widget_class, ShReviewView, approve_button);
  gtk_widget_class_bind_template_callback (widget_class, on_product_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_comment_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_day_selected);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "review-view");
}

static void
sh_review_view_init (ShReviewView *self)
{
  g_type_ensure (ADW_TYPE_TOAST_OVERLAY);
  g_type_ensure (ADW_TYPE_STATUS_PAGE);
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();

  self->grid = SH_TONE_GRID (sh_tone_grid_new ());
  sh_tone_grid_set_tile_size (self->grid, 160, 120);
  sh_tone_grid_set_columns (self->grid, 5);
  gtk_widget_set_halign (GTK_WIDGET (self->grid), GTK_ALIGN_START);
  gtk_box_append (self->grid_box, GTK_WIDGET (self->grid));
  g_signal_connect_object (gtk_scrolled_window_get_hadjustment (self->detail_scroller), "notify::page-size",
                           G_CALLBACK (detail_width_changed), self, G_CONNECT_SWAPPED);
  update_actions (self);
  update_busy (self);
}
