/* SPDX-License-Identifier: GPL-3.0-or-later */
/* study-report.c: the figures of an unblinded realism study (see study-report.h). */
#define G_LOG_DOMAIN "shadelab-study"

#include "config.h"

#include "core/models/study-report.h"

#include <math.h>
#include <string.h>

#include "core/store/project-study.h"
#include "core/store/study-pack.h"

const char *const sh_study_mst_group_names[3] = { "1-3", "4-7", "8-10" };

static const char *const method_order[] = { "mean", "robust", "tuned", "external" };

guint
sh_study_mst_group (int mst)
{
  return mst <= 3 ? 0 : mst <= 7 ? 1 : 2;
}

static void
group_free (ShStudyReportGroup *group)
{
  g_free (group->kind);
  g_free (group->name);
  g_free (group);
}

void
sh_study_report_free (ShStudyReport *report)
{
  if (report == NULL)
    return;
  g_free (report->study);
  g_free (report->baseline);
  for (guint m = 0; m < report->n_methods; m++)
    g_free (report->methods[m]);
  g_clear_pointer (&report->groups, g_ptr_array_unref);
  g_clear_pointer (&report->cells, g_ptr_array_unref);
  g_free (report);
}

/* One rater's score of one trial's candidate by method (0: none). */
typedef struct {
  gint64 rater_id;
  const ShStudyTrialRow *trial;
  int scores[SH_STUDY_MAX_METHODS];
} Sitting;

static guint64
mix_seed (guint64 seed, guint group, guint method, guint what)
{
  return seed ^ ((guint64) group << 40) ^ ((guint64) method << 20) ^ what;
}

static void
fill_group (ShStudyReport *report, ShStudyReportGroup *group, guint group_index, GPtrArray *sittings,
            gboolean (*keep) (const ShStudyTrialRow *trial, gconstpointer data), gconstpointer data, guint baseline,
            guint64 seed)
{
  g_autoptr (GHashTable) trials = g_hash_table_new (NULL, NULL);
  g_autoptr (GArray) values = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) mine = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) theirs = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint m = 0; m < report->n_methods; m++)
    {
      g_array_set_size (values, 0);
      g_array_set_size (mine, 0);
      g_array_set_size (theirs, 0);
      for (guint i = 0; i < sittings->len; i++)
        {
          const Sitting *sitting = g_ptr_array_index (sittings, i);

          if (!keep (sitting->trial, data))
            continue;
          g_hash_table_add (trials, (gpointer) sitting->trial);
          if (sitting->scores[m] > 0)
            {
              double v = sitting->scores[m];
              g_array_append_val (values, v);
              if (m != baseline && sitting->scores[baseline] > 0)
                {
                  double b = sitting->scores[baseline];
                  g_array_append_val (mine, v);
                  g_array_append_val (theirs, b);
                }
            }
        }
      sh_study_mean_ci ((const double *) (void *) values->data, values->len, 0, mix_seed (seed, group_index, m, 1),
                        &group->mean[m]);
      sh_study_win_rate_ci ((const double *) (void *) mine->data, (const double *) (void *) theirs->data, mine->len, 0,
                            mix_seed (seed, group_index, m, 2), &group->win[m]);
    }
  group->n_trials = g_hash_table_size (trials);
}

static gboolean
keep_all (const ShStudyTrialRow *trial, gconstpointer data)
{
  return TRUE;
}

static gboolean
keep_mst (const ShStudyTrialRow *trial, gconstpointer data)
{
  return sh_study_mst_group (trial->mst) == GPOINTER_TO_UINT (data);
}

static gboolean
keep_sku (const ShStudyTrialRow *trial, gconstpointer data)
{
  return strcmp (trial->sku, data) == 0;
}

typedef struct {
  const char *sku;
  guint mst_group;
} Cell;

static gboolean
keep_cell (const ShStudyTrialRow *trial, gconstpointer data)
{
  const Cell *cell = data;

  return strcmp (trial->sku, cell->sku) == 0 && sh_study_mst_group (trial->mst) == cell->mst_group;
}

static ShStudyReportGroup *
add_group (ShStudyReport *report, const char *kind, const char *name)
{
  ShStudyReportGroup *group = g_new0 (ShStudyReportGroup, 1);

  group->kind = g_strdup (kind);
  group->name = g_strdup (name);
  group->mst_group = strcmp (kind, "mst") == 0 ? (int) (report->groups->len - 1) : -1;
  g_ptr_array_add (report->groups, group);
  return group;
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

ShStudyReport *
sh_study_report_new (ShProject *project, const char *study_name, const char *baseline, guint64 seed, GError **error)
{
  g_autoptr (ShStudyReport) report = g_new0 (ShStudyReport, 1);
  g_autoptr (ShStudyInfo) study = NULL;
  g_autoptr (GHashTable) key = NULL;
  g_autoptr (GPtrArray) trials = NULL;
  g_autoptr (GPtrArray) scores = NULL;
  g_autoptr (GHashTable) trial_by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr (GHashTable) sitting_by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr (GPtrArray) sittings = g_ptr_array_new ();
  g_autoptr (GHashTable) raters = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr (GHashTable) candidates = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr (GPtrArray) skus = g_ptr_array_new_with_free_func (g_free);
  g_autofree double *matrix = NULL;
  guint baseline_index = G_MAXUINT, group_index = 0;
  GHashTableIter iter;
  gpointer value;

  if (!(study = sh_project_get_study (project, study_name, NULL, error))
      || !(key = sh_project_get_study_key (project, study->id, error))
      || !(trials = sh_project_list_study_trials (project, study->id, FALSE, error))
      || !(scores = sh_project_list_study_scores (project, study->id, error)))
    return NULL;
  report->study = g_strdup (study->name);
  report->groups = g_ptr_array_new_with_free_func ((GDestroyNotify) group_free);

  /* The study's methods in a fixed order, whatever the key's. */
  for (guint i = 0; i < G_N_ELEMENTS (method_order); i++)
    {
      g_hash_table_iter_init (&iter, key);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        if (strcmp (value, method_order[i]) == 0)
          {
            report->methods[report->n_methods++] = g_strdup (method_order[i]);
            break;
          }
    }
  for (guint m = 0; m < report->n_methods; m++)
    if (g_strcmp0 (report->methods[m], baseline) == 0)
      baseline_index = m;
  if (baseline_index == G_MAXUINT)
    {
      g_set_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_INVALID,
                   "study '%s' has no method '%s' to compare with (it has %s)", study->name, baseline, study->methods);
      return NULL;
    }
  report->baseline = g_strdup (baseline);

  for (guint t = 0; t < trials->len; t++)
    {
      ShStudyTrialRow *trial = g_ptr_array_index (trials, t);
      gboolean seen = FALSE;

      g_hash_table_insert (trial_by_id, &trial->id, trial);
      for (guint s = 0; s < skus->len && !seen; s++)
        seen = strcmp (g_ptr_array_index (skus, s), trial->sku) == 0;
      if (!seen)
        g_ptr_array_add (skus, g_strdup (trial->sku));
      for (guint c = 0; c < trial->candidate_ids->len; c++)
        g_hash_table_insert (candidates, g_memdup2 (&g_array_index (trial->candidate_ids, gint64, c), sizeof (gint64)),
                             GUINT_TO_POINTER (g_hash_table_size (candidates)));
    }
  g_ptr_array_sort (skus, compare_strings);

  /* Scores into sittings (a rater on a trial), and into the raters x candidates matrix for alpha. */
  for (guint i = 0; i < scores->len; i++)
    {
      const ShStudyScoreRow *row = g_ptr_array_index (scores, i);
      const char *method = g_hash_table_lookup (key, &row->candidate_id);
      g_autofree char *sitting_key = g_strdup_printf ("%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT, row->rater_id,
                                                      row->trial_id);
      Sitting *sitting = g_hash_table_lookup (sitting_by_key, sitting_key);

      if (!g_hash_table_contains (raters, &row->rater_id))
        g_hash_table_insert (raters, g_memdup2 (&row->rater_id, sizeof row->rater_id),
                             GUINT_TO_POINTER (g_hash_table_size (raters)));
      if (sitting == NULL)
        {
          sitting = g_new0 (Sitting, 1);
          sitting->rater_id = row->rater_id;
          sitting->trial = g_hash_table_lookup (trial_by_id, &row->trial_id);
          g_hash_table_insert (sitting_by_key, g_steal_pointer (&sitting_key), sitting);
          g_ptr_array_add (sittings, sitting);
        }
      for (guint m = 0; m < report->n_methods; m++)
        if (g_strcmp0 (method, report->methods[m]) == 0)
          sitting->scores[m] = row->score;
    }
  report->n_raters = g_hash_table_size (raters);
  report->n_trials = trials->len;
  report->n_scores = scores->len;

  {
    guint n_units = g_hash_table_size (candidates);
    gsize cells = (gsize) report->n_raters * n_units;

    matrix = g_new (double, MAX (cells, 1));
    for (gsize i = 0; i < cells; i++)
      matrix[i] = NAN;
    for (guint i = 0; i < scores->len; i++)
      {
        const ShStudyScoreRow *row = g_ptr_array_index (scores, i);
        guint r = GPOINTER_TO_UINT (g_hash_table_lookup (raters, &row->rater_id));
        guint u = GPOINTER_TO_UINT (g_hash_table_lookup (candidates, &row->candidate_id));

        matrix[(gsize) r * n_units + u] = row->score;
      }
    report->alpha = sh_study_krippendorff_alpha (matrix, report->n_raters, n_units, SH_STUDY_ALPHA_INTERVAL,
                                                 &report->alpha_values);
  }

  fill_group (report, add_group (report, "all", "all"), group_index++, sittings, keep_all, NULL, baseline_index, seed);
  for (guint g = 0; g < 3; g++)
    fill_group (report, add_group (report, "mst", sh_study_mst_group_names[g]), group_index++, sittings, keep_mst,
                GUINT_TO_POINTER (g), baseline_index, seed);
  for (guint s = 0; s < skus->len; s++)
    fill_group (report, add_group (report, "product", g_ptr_array_index (skus, s)), group_index++, sittings,
                keep_sku, g_ptr_array_index (skus, s), baseline_index, seed);
  /* Each product on each MST group, for the review's feedback. */
  report->cells = g_ptr_array_new_with_free_func ((GDestroyNotify) group_free);
  for (guint s = 0; s < skus->len; s++)
    for (guint g = 0; g < 3; g++)
      {
        Cell cell = { g_ptr_array_index (skus, s), g };
        ShStudyReportGroup *group = g_new0 (ShStudyReportGroup, 1);

        group->kind = g_strdup ("product-mst");
        group->name = g_strdup (cell.sku);
        group->mst_group = (int) g;
        fill_group (report, group, group_index++, sittings, keep_cell, &cell, baseline_index, seed);
        g_ptr_array_add (report->cells, group);
      }
  return g_steal_pointer (&report);
}

static cJSON *
number_or_null (double value)
{
  return isnan (value) ? cJSON_CreateNull () : cJSON_CreateNumber (round (value * 1e6) / 1e6);
}

cJSON *
sh_study_report_to_json (const ShStudyReport *report)
{
  cJSON *root = cJSON_CreateObject ();
  cJSON *methods = cJSON_AddArrayToObject (root, "methods");
  cJSON *groups;

  cJSON_AddStringToObject (root, "study", report->study);
  cJSON_AddStringToObject (root, "baseline", report->baseline);
  for (guint m = 0; m < report->n_methods; m++)
    cJSON_AddItemToArray (methods, cJSON_CreateString (report->methods[m]));
  cJSON_AddNumberToObject (root, "raters", report->n_raters);
  cJSON_AddNumberToObject (root, "trials", report->n_trials);
  cJSON_AddNumberToObject (root, "scores", report->n_scores);
  cJSON_AddItemToObject (root, "alpha", number_or_null (report->alpha));
  cJSON_AddNumberToObject (root, "alpha_values", report->alpha_values);
  groups = cJSON_AddArrayToObject (root, "groups");
  for (guint g = 0; g < report->groups->len; g++)
    {
      const ShStudyReportGroup *group = g_ptr_array_index (report->groups, g);
      cJSON *item = cJSON_CreateObject ();
      cJSON *figures = cJSON_AddObjectToObject (item, "methods");

      cJSON_AddStringToObject (item, "kind", group->kind);
      cJSON_AddStringToObject (item, "group", group->name);
      cJSON_AddNumberToObject (item, "trials", group->n_trials);
      for (guint m = 0; m < report->n_methods; m++)
        {
          cJSON *figure = cJSON_AddObjectToObject (figures, report->methods[m]);

          cJSON_AddNumberToObject (figure, "scores", group->mean[m].n);
          cJSON_AddItemToObject (figure, "mean", number_or_null (group->mean[m].value));
          cJSON_AddItemToObject (figure, "mean_low", number_or_null (group->mean[m].low));
          cJSON_AddItemToObject (figure, "mean_high", number_or_null (group->mean[m].high));
          if (strcmp (report->methods[m], report->baseline) == 0)
            continue;
          cJSON_AddNumberToObject (figure, "pairs", group->win[m].n);
          cJSON_AddItemToObject (figure, "win_rate", number_or_null (group->win[m].value));
          cJSON_AddItemToObject (figure, "win_low", number_or_null (group->win[m].low));
          cJSON_AddItemToObject (figure, "win_high", number_or_null (group->win[m].high));
        }
      cJSON_AddItemToArray (groups, item);
    }
  return root;
}

static void
append_number (GString *out, double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append_c (out, ',');
  if (!isnan (value))
    g_string_append (out, g_ascii_formatd (buffer, sizeof buffer, "%.4f", value));
}

/* A CSV cell: quoted when it holds a comma, a quote or a line break. */
static void
append_cell (GString *out, const char *text)
{
  if (strpbrk (text, ",\"\r\n") == NULL)
    {
      g_string_append (out, text);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *c = text; *c; c++)
    {
      if (*c == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *c);
    }
  g_string_append_c (out, '"');
}

char *
sh_study_report_to_csv (const ShStudyReport *report)
{
  GString *out = g_string_new ("kind,group,method,trials,scores,mean,mean_low,mean_high,pairs,win_rate,win_low,"
                               "win_high\n");

  for (guint g = 0; g < report->groups->len; g++)
    {
      const ShStudyReportGroup *group = g_ptr_array_index (report->groups, g);

      for (guint m = 0; m < report->n_methods; m++)
        {
          gboolean is_baseline = strcmp (report->methods[m], report->baseline) == 0;

          append_cell (out, group->kind);
          g_string_append_c (out, ',');
          append_cell (out, group->name);
          g_string_append_printf (out, ",%s,%u,%u", report->methods[m], group->n_trials, group->mean[m].n);
          append_number (out, group->mean[m].value);
          append_number (out, group->mean[m].low);
          append_number (out, group->mean[m].high);
          if (is_baseline)
            g_string_append (out, ",,,,");
          else
            {
              g_string_append_printf (out, ",%u", group->win[m].n);
              append_number (out, group->win[m].value);
              append_number (out, group->win[m].low);
              append_number (out, group->win[m].high);
            }
          g_string_append_c (out, '\n');
        }
    }
  return g_string_free (out, FALSE);
}

/* One method's figures on a group: its mean score and, but for the baseline, its win rate. */
static cJSON *
method_figures (const ShStudyReport *report, const ShStudyReportGroup *group, guint m)
{
  cJSON *figure = cJSON_CreateObject ();

  cJSON_AddNumberToObject (figure, "scores", group->mean[m].n);
  cJSON_AddItemToObject (figure, "mean", number_or_null (group->mean[m].value));
  if (strcmp (report->methods[m], report->baseline) != 0)
    {
      cJSON_AddNumberToObject (figure, "pairs", group->win[m].n);
      cJSON_AddItemToObject (figure, "win_rate", number_or_null (group->win[m].value));
    }
  return figure;
}

/* The product's figures, so that a finding says how every method did: overall, then on each MST group. */
static cJSON *
product_figures (const ShStudyReport *report, const char *sku)
{
  cJSON *groups = cJSON_CreateArray ();

  for (guint g = 0; g < report->groups->len; g++)
    {
      const ShStudyReportGroup *group = g_ptr_array_index (report->groups, g);

      if (strcmp (group->kind, "product") == 0 && strcmp (group->name, sku) == 0)
        {
          cJSON *item = cJSON_CreateObject ();
          cJSON *methods = cJSON_AddObjectToObject (item, "methods");

          cJSON_AddStringToObject (item, "group", "all");
          cJSON_AddNumberToObject (item, "trials", group->n_trials);
          for (guint m = 0; m < report->n_methods; m++)
            cJSON_AddItemToObject (methods, report->methods[m], method_figures (report, group, m));
          cJSON_AddItemToArray (groups, item);
        }
    }
  for (guint c = 0; c < report->cells->len; c++)
    {
      const ShStudyReportGroup *cell = g_ptr_array_index (report->cells, c);
      cJSON *item, *methods;

      if (strcmp (cell->name, sku) != 0)
        continue;
      item = cJSON_CreateObject ();
      methods = cJSON_AddObjectToObject (item, "methods");
      cJSON_AddStringToObject (item, "group", sh_study_mst_group_names[cell->mst_group]);
      cJSON_AddNumberToObject (item, "trials", cell->n_trials);
      for (guint m = 0; m < report->n_methods; m++)
        cJSON_AddItemToObject (methods, report->methods[m], method_figures (report, cell, m));
      cJSON_AddItemToArray (groups, item);
    }
  return groups;
}

static void
add_feedback (cJSON *array, const ShStudyReport *report, const ShStudyReportGroup *group, guint tuned,
              const char *reason)
{
  cJSON *item = cJSON_CreateObject ();
  cJSON *methods;

  cJSON_AddStringToObject (item, "study", report->study);
  cJSON_AddStringToObject (item, "sku", group->name);
  cJSON_AddStringToObject (item, "baseline", report->baseline);
  cJSON_AddStringToObject (item, "reason", reason);
  if (group->mst_group >= 0)
    cJSON_AddStringToObject (item, "mst", sh_study_mst_group_names[group->mst_group]);
  else
    cJSON_AddNullToObject (item, "mst");
  cJSON_AddItemToObject (item, "tuned_mean", number_or_null (group->mean[tuned].value));
  cJSON_AddItemToObject (item, "win_rate", number_or_null (group->win[tuned].value));
  cJSON_AddNumberToObject (item, "pairs", group->win[tuned].n);
  cJSON_AddNumberToObject (item, "scores", group->mean[tuned].n);
  methods = cJSON_AddArrayToObject (item, "methods");
  for (guint m = 0; m < report->n_methods; m++)
    cJSON_AddItemToArray (methods, cJSON_CreateString (report->methods[m]));
  cJSON_AddItemToObject (item, "groups", product_figures (report, group->name));
  cJSON_AddItemToArray (array, item);
}

cJSON *
sh_study_feedback (ShProject *project, double threshold, GError **error)
{
  g_autoptr (GPtrArray) studies = sh_project_list_studies (project, error);
  cJSON *array;

  if (studies == NULL)
    return NULL;
  array = cJSON_CreateArray ();
  for (guint i = 0; i < studies->len; i++)
    {
      const ShStudyInfo *study = g_ptr_array_index (studies, i);
      g_auto (GStrv) methods = g_strsplit (study->methods, ",", -1);
      const char *baseline = g_strv_contains ((const char *const *) methods, "external") ? "external" : "mean";
      g_autoptr (ShStudyReport) report = NULL;
      guint tuned = G_MAXUINT;

      if (study->unblinded_at == NULL || !g_strv_contains ((const char *const *) methods, "tuned")
          || !g_strv_contains ((const char *const *) methods, baseline))
        continue;
      if (!(report = sh_study_report_new (project, study->name, baseline, 1, error)))
        {
          cJSON_Delete (array);
          return NULL;
        }
      for (guint m = 0; m < report->n_methods; m++)
        if (strcmp (report->methods[m], "tuned") == 0)
          tuned = m;
      if (tuned == G_MAXUINT)
        continue;
      for (guint c = 0; c < report->cells->len; c++)
        {
          const ShStudyReportGroup *cell = g_ptr_array_index (report->cells, c);

          if (cell->win[tuned].n > 0 && cell->win[tuned].value < 0.5)
            add_feedback (array, report, cell, tuned, "loses");
        }
      for (guint g = 0; g < report->groups->len; g++)
        {
          const ShStudyReportGroup *group = g_ptr_array_index (report->groups, g);

          if (strcmp (group->kind, "product") == 0 && group->mean[tuned].n > 0
              && group->mean[tuned].value < threshold)
            add_feedback (array, report, group, tuned, "low score");
        }
    }
  return array;
}

/* ---- the key, rater by rater ---- */

static void
key_position_free (ShStudyKeyPosition *position)
{
  g_free (position->participant);
  g_free (position->sku);
  for (guint k = 0; k < position->n_letters; k++)
    g_free (position->methods[k]);
  g_free (position);
}

void
sh_study_rater_key_free (ShStudyRaterKey *key)
{
  if (key == NULL)
    return;
  g_free (key->rater);
  g_ptr_array_unref (key->positions);
  g_free (key);
}

GPtrArray *
sh_study_rater_keys (ShProject *project, gint64 study_id, GError **error)
{
  g_autoptr (GHashTable) key = NULL;
  g_autoptr (GPtrArray) trials = NULL;
  g_autoptr (GPtrArray) raters = NULL;
  g_autofree guint *counts = NULL;
  g_autofree guint *order = NULL;
  g_autofree guint *layout = NULL;
  GPtrArray *keys;

  if (!(key = sh_project_get_study_key (project, study_id, error))
      || !(trials = sh_project_list_study_trials (project, study_id, FALSE, error))
      || !(raters = sh_project_list_study_raters (project, study_id, error)))
    return NULL;
  counts = g_new (guint, MAX (trials->len, 1));
  order = g_new (guint, MAX (trials->len, 1));
  layout = g_new0 (guint, (gsize) MAX (trials->len, 1) * SH_STUDY_PACK_MAX_CANDIDATES);
  for (guint t = 0; t < trials->len; t++)
    counts[t] = ((ShStudyTrialRow *) g_ptr_array_index (trials, t))->candidate_ids->len;
  keys = g_ptr_array_new_with_free_func ((GDestroyNotify) sh_study_rater_key_free);
  for (guint r = 0; r < raters->len; r++)
    {
      const ShStudyRaterRow *rater = g_ptr_array_index (raters, r);
      ShStudyRaterKey *rater_key = g_new0 (ShStudyRaterKey, 1);

      rater_key->rater = g_strdup (rater->code);
      rater_key->seed = rater->seed;
      rater_key->positions = g_ptr_array_new_with_free_func ((GDestroyNotify) key_position_free);
      /* The same order and letters as the rater's pack: both come from the recorded seed. */
      sh_study_rater_layout (trials->len, counts, rater->seed, order, layout);
      for (guint p = 0; p < trials->len; p++)
        {
          const ShStudyTrialRow *trial = g_ptr_array_index (trials, order[p]);
          ShStudyKeyPosition *position = g_new0 (ShStudyKeyPosition, 1);

          position->position = p + 1;
          position->participant = g_strdup (trial->participant_code);
          position->mst = trial->mst;
          position->sku = g_strdup (trial->sku);
          for (guint k = 0; k < trial->candidate_ids->len && k < SH_STUDY_PACK_MAX_CANDIDATES
                            && k < SH_STUDY_MAX_METHODS; k++)
            {
              gint64 id = g_array_index (trial->candidate_ids, gint64, layout[p * SH_STUDY_PACK_MAX_CANDIDATES + k]);

              position->methods[position->n_letters++] = g_strdup (g_hash_table_lookup (key, &id));
            }
          g_ptr_array_add (rater_key->positions, position);
        }
      g_ptr_array_add (keys, rater_key);
    }
  return keys;
}
