/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-studies-window.c: Realism Studies… on a blind study whose raters' packs were written and one merged:
 * the page says it is blind and reads nothing of the key; Unblind… asks first (Cancel changes nothing in the
 * store), then unblinds with the reason typed, logged in the store as `shadelab-cli study unblind` logs it
 * (who: the labeling window's labeler, when, why); the page then shows the figures and the method under each
 * letter as each rater saw it, checked against the images in the raters' own packs (each stand-in image names
 * the method that made it). Leaves studies-window-key.png in the build's tests/ directory for a look. Needs a
 * display (skips without one). */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "core/store/project-study.h"
#include "core/store/study-pack.h"
#include "sh-project-window.h"
#include "sh-studies-window.h"
#include "tests/lib/test-gtk.h"
#include "tests/lib/test-store.h"
#include "tests/lib/test-window.h"

typedef WindowFixture Fixture;

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  window_fixture_open_generated (fixture, "shadelab-studies-XXXXXX", "studies.shadelab", "1", "320x240");
}

static GtkWidget *
child (ShStudiesWindow *window, const char *name)
{
  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), SH_TYPE_STUDIES_WINDOW, name));
}

/* The rater's key as their pack shows it: each position's stand-in images say which method made them. */
static void
append_pack_key (GString *key, const char *pack_path)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ShStudyPack) pack = sh_study_pack_open (pack_path, FALSE, &error);

  g_assert_no_error (error);
  g_string_append_printf (key, "%sRater %s\n", key->len > 0 ? "\n" : "", sh_study_pack_get_rater (pack));
  for (guint p = 1; p <= sh_study_pack_get_n_trials (pack); p++)
    {
      g_autoptr (ShStudyPackTrial) trial = sh_study_pack_get_trial (pack, p, &error);
      g_autofree char *reference = NULL;
      g_auto (GStrv) worn = NULL;

      g_assert_no_error (error);
      reference = g_strndup (g_bytes_get_data (trial->reference, NULL), g_bytes_get_size (trial->reference));
      worn = g_strsplit (reference, " ", 3);   /* "worn P6 LIP-RED-01" */
      g_string_append_printf (key, "  %u. %s (MST %s), %s:", p, worn[1], worn[1] + 1, worn[2]);
      for (guint k = 0; k < trial->n_candidates; k++)
        {
          g_autofree char *image = g_strndup (g_bytes_get_data (trial->candidates[k], NULL),
                                              g_bytes_get_size (trial->candidates[k]));
          g_auto (GStrv) words = g_strsplit (image, " ", 4);   /* "render tuned P6 LIP-RED-01" */

          g_assert_cmpstr (words[2], ==, worn[1]);
          g_string_append_printf (key, "%s %c %s", k == 0 ? "" : ",", trial->letters[k], words[1]);
        }
      g_string_append_c (key, '\n');
    }
}

static void
test_unblind (Fixture *fixture, gconstpointer data)
{
  ShProject *project = sh_project_window_get_project (fixture->window);
  const char *const skus[] = { "LIP-RED-01", "LIP-NUDE-02", NULL };
  g_autofree char *r1 = g_build_filename (fixture->dir, "R1.shadelab-study", NULL);
  g_autofree char *r2 = g_build_filename (fixture->dir, "R2.shadelab-study", NULL);
  g_autoptr (GString) expected = g_string_new (NULL);
  g_autoptr (GError) error = NULL;
  ShStudiesWindow *window;
  AdwMessageDialog *dialog;
  GtkStack *stack;
  guint n_trials = 0;
  guint32 seed = 0;

  add_study (project, "spring", skus, "mean,tuned,external");
  g_assert_true (sh_study_write_pack (project, "spring", "R1", 11, r1, &n_trials, &seed, &error));
  g_assert_true (sh_study_write_pack (project, "spring", "R2", 12, r2, &n_trials, &seed, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_trials, ==, 6);
  /* R1 scores every candidate and their pack comes back; R2's is still out. */
  {
    g_autoptr (ShStudyPack) pack = sh_study_pack_open (r1, TRUE, &error);
    ShStudyMergeResult result = { 0 };

    for (guint p = 1; p <= n_trials; p++)
      for (char letter = 'A'; letter <= 'C'; letter++)
        g_assert_true (sh_study_pack_set_score (pack, p, letter, 3 + (int) p % 4 + (letter - 'A'), &error));
    g_clear_pointer (&pack, sh_study_pack_close);
    g_assert_true (sh_study_merge_pack (project, r1, &result, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (result.added, ==, 18);
    sh_study_merge_result_clear (&result);
  }

  window = SH_STUDIES_WINDOW (window_fixture_show (fixture, "win.show-studies", (WindowFinder) sh_studies_window_find));
  stack = GTK_STACK (child (window, "stack"));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "message");
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (child (window, "message_page"))), ==,
                   "The Study Is Still Blind");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (child (window, "key_label"))), ==, "");
  g_assert_true (gtk_widget_get_sensitive (child (window, "unblind_button")));

  /* Asked first: Cancel leaves the study blind and logs nothing. */
  activate_action (GTK_WIDGET (window), "studies.unblind", NULL);
  dialog = sh_studies_window_get_unblind_dialog (window);
  g_assert_nonnull (dialog);
  WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (dialog)));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (window));
  g_assert_false (gtk_widget_get_sensitive (child (window, "unblind_button")));
  adw_message_dialog_response (dialog, "cancel");
  flush_events ();
  g_assert_null (sh_studies_window_get_unblind_dialog (window));
  g_assert_cmpint (query_int (project, "SELECT count(*) FROM study_unblind_log"), ==, 0);
  g_assert_cmpint (query_int (project, "SELECT count(*) FROM studies WHERE unblinded_at IS NOT NULL"), ==, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "message");

  /* Unblind, with the reason typed into the dialog. */
  activate_action (GTK_WIDGET (window), "studies.unblind", NULL);
  dialog = sh_studies_window_get_unblind_dialog (window);
  WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (dialog)));
  gtk_editable_set_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog)), "  all packs back ");
  adw_message_dialog_response (dialog, "unblind");
  flush_events ();

  /* Logged in the store as the command line logs it: who, when (UTC), why; unblinded_at set once. */
  {
    g_autoptr (GPtrArray) log = query_rows (project, "SELECT by, reason, at FROM study_unblind_log");
    g_autofree char *who = g_strdup_printf ("%s|all packs back|", sh_project_window_get_labeler (fixture->window));

    g_assert_cmpuint (log->len, ==, 1);
    g_assert_true (g_str_has_prefix (g_ptr_array_index (log, 0), who));
    g_assert_true (g_str_has_suffix (g_ptr_array_index (log, 0), "Z"));
    g_assert_cmpint (query_int (project, "SELECT count(*) FROM studies s JOIN study_unblind_log l "
                                         "ON l.study_id = s.id AND l.at = s.unblinded_at"), ==, 1);
  }

  /* The figures, who unblinded it, and the method under each letter as each rater's pack shows it. */
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "figures");
  g_assert_false (gtk_widget_get_sensitive (child (window, "unblind_button")));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (child (window, "summary_label"))),
                            "1 raters, 6 trials, 18 scores"));
  {
    g_autofree char *by = g_strdup_printf (" by %s: all packs back", sh_project_window_get_labeler (fixture->window));
    g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (child (window, "unblind_label"))), by));
  }
  append_pack_key (expected, r1);
  append_pack_key (expected, r2);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (child (window, "key_label"))), ==, expected->str);
  g_assert_nonnull (strstr (expected->str, " A "));

  /* Opened again later: still unblinded, the key still shown, nothing more logged. */
  g_assert_true (sh_studies_window_select (window, "spring"));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (child (window, "key_label"))), ==, expected->str);
  g_assert_cmpint (query_int (project, "SELECT count(*) FROM study_unblind_log"), ==, 1);

  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 1400);
  spin (300);
  save_png (GTK_WIDGET (window), "studies-window-key.png");
}

int
main (int argc, char **argv)
{
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("LANGUAGE", "C", TRUE);
  if (!test_gtk_init (&argc, &argv))
    return 77;

  g_test_add ("/studies-window/unblind", Fixture, NULL, fixture_set_up, test_unblind, window_fixture_tear_down);
  return g_test_run ();
}
