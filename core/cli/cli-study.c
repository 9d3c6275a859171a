/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli-study.c: `shadelab-cli study create|list|pack|show|score|merge|unblind|report`: the blind realism study,
 * from trials to the report. */
#define G_LOG_DOMAIN "shadelab-cli"

#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include <gio/gio.h>
#include <glib.h>
#include <glib/gstdio.h>

#include "color/extract.h"
#include "color/tryon-render.h"
#include "core/cli/cli.h"
#include "core/formats/image-loader.h"
#include "core/formats/study-charts.h"
#include "core/formats/tryon-photo.h"
#include "core/models/study-report.h"
#include "core/store/project-materials.h"
#include "core/store/project-participants.h"
#include "core/store/project-study.h"
#include "core/store/project.h"
#include "core/store/study-pack.h"

static const char description[] =
  "Actions:\n"
  "  create PROJECT NAME --products SKU,... --methods mean,robust,tuned[,external:DIR]\n"
  "        one trial per consenting participant and product with a bare photo (lips drawn) and a worn\n"
  "        photo of the product; its candidates are try-on renders of each method on the bare photo:\n"
  "        mean and robust give the product's material the plain average or the robust colour of its\n"
  "        product photo's box, tuned is the product's stored material, external:DIR takes an incumbent's\n"
  "        renders DIR/<participant>_<sku>.png (SKU characters other than letters, digits, '-', '_', '.'\n"
  "        as '_'). Renders are made once and stored with the study; they and the worn photos are scaled\n"
  "        down (in linear light, keeping their profile) to at most 2048 px on the long side.\n"
  "  list PROJECT   the studies, with trials, raters and scores counted\n"
  "  pack PROJECT NAME --rater CODE --out FILE.shadelab-study [--seed N]\n"
  "        the rater's self-contained pack: the trials in the rater's order, candidates under random\n"
  "        letters (both from the seed recorded for the rater, random when new), nothing that says which\n"
  "        method made which candidate. The Shadelab application opens it to score.\n"
  "  show FILE.shadelab-study   a pack's trials, letters and scores so far (what the rater sees)\n"
  "  score FILE.shadelab-study --trial N --letter L --score S   one score, 1-10, written at once\n"
  "  merge PROJECT FILE...   brings packs' scores into the project; the same pack twice changes nothing;\n"
  "        a pack of another study or one altered since it was made is refused\n"
  "  unblind PROJECT NAME [--reason TEXT]   reveals the key (logged, with who and why); --json prints it as\n"
  "        each rater saw it: per rater, each trial position's participant, product and method per letter\n"
  "  report PROJECT NAME [--baseline external|mean|...] [--json] [--out DIR] [--seed N]\n"
  "        per method the mean score with its 95% bootstrap interval and the win rate against the\n"
  "        baseline (ties half), overall, per MST group (1-3, 4-7, 8-10) and per product; Krippendorff's\n"
  "        alpha (interval) between raters. --out DIR writes study-report.csv, mean-scores.png and\n"
  "        win-rates.png. Only once the study is unblinded.\n"
  "\n"
  "Exit status: 0 done, 1 error (message on stderr), 2 usage error.";

static gboolean
fail (GError **error, const char *format, ...) G_GNUC_PRINTF (2, 3);

static gboolean
fail (GError **error, const char *format, ...)
{
  va_list args;

  va_start (args, format);
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "");
  g_free ((*error)->message);
  (*error)->message = g_strdup_vprintf (format, args);
  va_end (args);
  return FALSE;
}

/* ---- create ---- */

typedef struct {
  char *name;          /* mean, robust, tuned, external */
  char *dir;           /* external: the folder */
} Method;

/* The product's colour by an extraction method, from the box its colour comes from. */
static gboolean
product_photo_color (ShProject *project, const ShProductMaterialEntry *entry, ShMethod method, double linear[3],
                     GError **error)
{
  g_autofree char *path = NULL;
  g_autoptr (ShLoadedImage) loaded = NULL;
  ShLoadOptions options = { 0 };
  double box[4];
  gboolean found;
  ShSwatch swatch;
  ShBox pixels;

  if (!sh_project_find_product_photo (project, entry->id, &path, box, &found, error))
    return FALSE;
  if (!found)
    return fail (error, "product '%s' has no photo with a product box to take its %s colour from", entry->sku,
                 sh_method_name (method));
  if (!(loaded = sh_load_image (path, &options, error)))
    return FALSE;
  pixels = (ShBox) { (int) floor (box[0]), (int) floor (box[1]), (int) ceil (box[2]), (int) ceil (box[3]) };
  if (!sh_extract (loaded->image, pixels, method, &swatch, NULL))
    return fail (error, "product '%s': its box in %s holds no pixel", entry->sku, path);
  for (int i = 0; i < 3; i++)
    linear[i] = CLAMP (swatch.linear_rgb[i], 0, 1);
  return TRUE;
}

static const ShFacePhotoRow *
bare_photo (ShProject *project, GPtrArray *faces, gint64 participant_id, GArray **outer, GArray **opening,
            GError **error)
{
  for (guint i = 0; i < faces->len; i++)
    {
      const ShFacePhotoRow *row = g_ptr_array_index (faces, i);

      if (row->participant_id != participant_id || row->kind != SH_FACE_PHOTO_BARE || !row->has_outer)
        continue;
      if (!sh_project_get_lip_polygons (project, row->id, outer, opening, error))
        return NULL;
      return row;
    }
  return NULL;
}

static const ShFacePhotoRow *
worn_photo (GPtrArray *faces, gint64 participant_id, const char *sku)
{
  for (guint i = 0; i < faces->len; i++)
    {
      const ShFacePhotoRow *row = g_ptr_array_index (faces, i);

      if (row->participant_id == participant_id && row->kind == SH_FACE_PHOTO_WORN && g_strcmp0 (row->sku, sku) == 0)
        return row;
    }
  return NULL;
}

static int
study_create (const char *project_path, const char *name, const char *products_text, const char *methods_text,
              const char *by)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ShProject) project = NULL;
  g_autoptr (GPtrArray) entries = NULL;
  g_autoptr (GPtrArray) participants = NULL;
  g_autoptr (GPtrArray) faces = NULL;
  g_autoptr (GPtrArray) trials = g_ptr_array_new_with_free_func ((GDestroyNotify) sh_study_new_trial_free);
  g_auto (GStrv) skus = g_strsplit (products_text, ",", -1);
  g_auto (GStrv) method_texts = g_strsplit (methods_text, ",", -1);
  g_autoptr (GString) methods_stored = g_string_new (NULL);
  Method methods[SH_STUDY_MAX_CANDIDATES];
  guint n_methods = 0;
  gint64 study_id;
  int status = 1;

  for (guint i = 0; method_texts[i]; i++)
    {
      g_autofree char *text = g_strstrip (g_strdup (method_texts[i]));
      const char *method = g_str_has_prefix (text, "external:") ? "external" : text;

      if (strcmp (method, "mean") != 0 && strcmp (method, "robust") != 0 && strcmp (method, "tuned") != 0
          && strcmp (method, "external") != 0)
        {
          fprintf (stderr, "shadelab-cli study: unknown method '%s': mean, robust, tuned or external:DIR\n", text);
          status = 2;
          goto done; /* the methods read so far are freed there */
        }
      for (guint m = 0; m < n_methods; m++)
        if (strcmp (methods[m].name, method) == 0)
          {
            fprintf (stderr, "shadelab-cli study: method '%s' is given twice\n", method);
            status = 2;
            goto done;
          }
      if (n_methods == SH_STUDY_MAX_CANDIDATES)
        {
          fprintf (stderr, "shadelab-cli study: at most %d methods (the letters A to D)\n", SH_STUDY_MAX_CANDIDATES);
          status = 2;
          goto done;
        }
      methods[n_methods].name = g_strdup (method);
      methods[n_methods].dir = strcmp (method, "external") == 0 ? g_strdup (text + strlen ("external:")) : NULL;
      if (methods[n_methods].dir != NULL && *methods[n_methods].dir == '\0')
        {
          fprintf (stderr, "shadelab-cli study: external:DIR needs the folder of the renders\n");
          g_free (methods[n_methods].name);
          g_free (methods[n_methods].dir);
          status = 2;
          goto done;
        }
      g_string_append_printf (methods_stored, "%s%s", n_methods ? "," : "", method);
      n_methods++;
    }
  if (n_methods < 2)
    {
      fprintf (stderr, "shadelab-cli study: a study compares at least two methods\n");
      status = 2;
      goto done;
    }

  project = sh_project_open (project_path, SH_PROJECT_OPEN_READ_WRITE, &error);
  if (!project || !(entries = sh_project_list_product_materials (project, &error))
      || !(participants = sh_project_list_participants (project, TRUE, &error))
      || !(faces = sh_project_list_face_photos (project, 0, &error)))
    goto failed;

  for (guint s = 0; skus[s]; s++)
    {
      g_autofree char *sku = g_strstrip (g_strdup (skus[s]));
      g_autofree char *sku_part = sh_cli_file_name_part (sku);
      const ShProductMaterialEntry *entry = NULL;
      double mean[3], robust[3];

      if (*sku == '\0')
        continue;
      for (guint e = 0; e < entries->len && !entry; e++)
        if (strcmp (((ShProductMaterialEntry *) g_ptr_array_index (entries, e))->sku, sku) == 0)
          entry = g_ptr_array_index (entries, e);
      if (entry == NULL)
        {
          fail (&error, "no product with SKU '%s'", sku);
          goto failed;
        }
      if (!entry->has_color)
        {
          fail (&error, "product '%s' has no colour to render (no material, photo or catalogue colour)", sku);
          goto failed;
        }
      for (guint m = 0; m < n_methods; m++)
        if ((strcmp (methods[m].name, "mean") == 0 && !product_photo_color (project, entry, SH_METHOD_MEAN, mean, &error))
            || (strcmp (methods[m].name, "robust") == 0
                && !product_photo_color (project, entry, SH_METHOD_ROBUST, robust, &error)))
          goto failed;

      for (guint p = 0; p < participants->len; p++)
        {
          const ShParticipantRow *participant = g_ptr_array_index (participants, p);
          g_autoptr (GArray) outer = NULL;
          g_autoptr (GArray) opening = NULL;
          const ShFacePhotoRow *bare, *worn;
          g_autofree char *worn_path = NULL;
          g_autofree char *bare_path = NULL;
          g_autoptr (GBytes) reference = NULL;
          ShStudyNewTrial *trial;

          worn = worn_photo (faces, participant->id, sku);
          bare = bare_photo (project, faces, participant->id, &outer, &opening, &error);
          if (error)
            goto failed;
          if (!worn || !bare)
            continue;
          worn_path = sh_project_resolve_path (project, worn->path);
          bare_path = sh_project_resolve_path (project, bare->path);
          if (!(reference = sh_tryon_load_photo_png (worn_path, SH_STUDY_IMAGE_MAX_SIDE, &error)))
            goto failed;
          trial = sh_study_new_trial_new (participant->code, participant->mst, sku, reference);
          g_ptr_array_add (trials, trial);
          for (guint m = 0; m < n_methods; m++)
            {
              g_autoptr (GBytes) png = NULL;
              ShMaterial material = entry->resolved.material;

              if (methods[m].dir != NULL)
                {
                  g_autofree char *file_name = g_strdup_printf ("%s_%s.png", participant->code, sku_part);
                  g_autofree char *file = g_build_filename (methods[m].dir, file_name, NULL);

                  if (!g_file_test (file, G_FILE_TEST_IS_REGULAR))
                    {
                      fail (&error, "the external renders lack %s (participant '%s', product '%s')", file,
                            participant->code, sku);
                      goto failed;
                    }
                  /* Decoded and written again: nothing of the file (its name, its text chunks) reaches the study. */
                  png = sh_tryon_load_photo_png (file, SH_STUDY_IMAGE_MAX_SIDE, &error);
                }
              else
                {
                  if (strcmp (methods[m].name, "mean") == 0)
                    memcpy (material.base_color, mean, sizeof mean);
                  else if (strcmp (methods[m].name, "robust") == 0)
                    memcpy (material.base_color, robust, sizeof robust);
                  png = sh_tryon_render_photo_png (bare_path, (const ShPoint *) outer->data, (int) outer->len,
                                                   opening ? (const ShPoint *) opening->data : NULL,
                                                   opening ? (int) opening->len : 0, &material, 0, SH_TRYON_FEATHER,
                                                   SH_STUDY_IMAGE_MAX_SIDE, &error);
                }
              if (!png)
                goto failed;
              sh_study_new_trial_add (trial, methods[m].name, png);
            }
        }
    }
  if (!sh_project_create_study (project, name, methods_stored->str, by, trials, &study_id, &error))
    goto failed;
  printf ("study '%s': %u trials of %u candidates (%s)\n", name, trials->len, n_methods, methods_stored->str);
  status = 0;
  goto done;

failed:
  status = sh_cli_failed ("study", error);
done:
  for (guint m = 0; m < n_methods; m++)
    {
      g_free (methods[m].name);
      g_free (methods[m].dir);
    }
  return status;
}

/* ---- list ---- */

static int
study_list (const char *project_path, gboolean json)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ShProject) project = sh_project_open (project_path, SH_PROJECT_OPEN_READ_ONLY, &error);
  g_autoptr (GPtrArray) studies = NULL;
  cJSON *root, *array;

  if (!project || !(studies = sh_project_list_studies (project, &error)))
    return sh_cli_failed ("study", error);
  root = cJSON_CreateObject ();
  array = cJSON_AddArrayToObject (root, "studies");
  for (guint i = 0; i < studies->len; i++)
    {
      const ShStudyInfo *study = g_ptr_array_index (studies, i);
      cJSON *item = cJSON_CreateObject ();

      cJSON_AddStringToObject (item, "name", study->name);
      cJSON_AddStringToObject (item, "methods", study->methods);
      cJSON_AddNumberToObject (item, "trials", study->n_trials);
      cJSON_AddNumberToObject (item, "raters", study->n_raters);
      cJSON_AddNumberToObject (item, "scores", study->n_scores);
      cJSON_AddBoolToObject (item, "unblinded", study->unblinded_at != NULL);
      cJSON_AddItemToArray (array, item);
      if (!json)
        printf ("%s\t%u trials\t%u raters\t%u scores\t%s\n", study->name, study->n_trials, study->n_raters,
                study->n_scores, study->unblinded_at ? "unblinded" : "blind");
    }
  if (json)
    sh_cli_print_json (root);
  else
    cJSON_Delete (root);
  return 0;
}

/* ---- pack, show, score ---- */

static int
study_pack (const char *project_path, const char *name, const char *rater, const char *seed_text, const char *out)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ShProject) project = sh_project_open (project_path, SH_PROJECT_OPEN_READ_WRITE, &error);
  guint64 seed = 0;
  guint32 used = 0;
  guint n_trials = 0;

  if (!project)
    return sh_cli_failed ("study", error);
  if (seed_text)
    g_ascii_string_to_unsigned (seed_text, 10, 0, G_MAXUINT32, &seed, NULL);
  else if (getrandom (&used, sizeof used, 0) == sizeof used)
    seed = used;
  if (!sh_study_write_pack (project, name, rater, (guint32) seed, out, &n_trials, &used, &error))
    return sh_cli_failed ("study", error);
  printf ("study '%s': pack for rater '%s' written to %s (%u trials, seed %u)\n", name, rater, out, n_trials, used);
  return 0;
}

static int
study_show (const char *pack_path, gboolean json)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ShStudyPack) pack = sh_study_pack_open (pack_path, FALSE, &error);
  guint finished = 0, first = 0;
  cJSON *root, *trials;

  if (!pack || !sh_study_pack_progress (pack, &finished, &first, &error))
    return sh_cli_failed ("study", error);
  root = cJSON_CreateObject ();
  cJSON_AddStringToObject (root, "study", sh_study_pack_get_study_name (pack));
  cJSON_AddStringToObject (root, "rater", sh_study_pack_get_rater (pack));
  cJSON_AddNumberToObject (root, "trials", sh_study_pack_get_n_trials (pack));
  cJSON_AddNumberToObject (root, "finished", finished);
  cJSON_AddNumberToObject (root, "next", first);
  trials = cJSON_AddArrayToObject (root, "positions");
  if (!json)
    printf ("study '%s', rater '%s': %u of %u trials scored\n", sh_study_pack_get_study_name (pack),
            sh_study_pack_get_rater (pack), finished, sh_study_pack_get_n_trials (pack));
  for (guint p = 1; p <= sh_study_pack_get_n_trials (pack); p++)
    {
      g_autoptr (ShStudyPackTrial) trial = sh_study_pack_get_trial (pack, p, &error);
      cJSON *item, *candidates;
      g_autofree char *reference_sha = NULL;

      if (!trial)
        {
          cJSON_Delete (root);
          return sh_cli_failed ("study", error);
        }
      reference_sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, trial->reference);
      item = cJSON_CreateObject ();
      cJSON_AddNumberToObject (item, "position", p);
      cJSON_AddStringToObject (item, "reference_sha256", reference_sha);
      cJSON_AddNumberToObject (item, "elapsed_ms", (double) trial->elapsed_ms);
      candidates = cJSON_AddArrayToObject (item, "candidates");
      if (!json)
        printf ("%u:", p);
      for (guint c = 0; c < trial->n_candidates; c++)
        {
          g_autofree char *sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, trial->candidates[c]);
          char letter[2] = { trial->letters[c], '\0' };
          cJSON *candidate = cJSON_CreateObject ();

          cJSON_AddStringToObject (candidate, "letter", letter);
          cJSON_AddStringToObject (candidate, "sha256", sha);
          if (trial->scores[c] > 0)
            cJSON_AddNumberToObject (candidate, "score", trial->scores[c]);
          else
            cJSON_AddNullToObject (candidate, "score");
          cJSON_AddItemToArray (candidates, candidate);
          if (!json)
            {
              if (trial->scores[c] > 0)
                printf (" %c=%d", trial->letters[c], trial->scores[c]);
              else
                printf (" %c=-", trial->letters[c]);
            }
        }
      if (!json)
        printf ("\n");
      cJSON_AddItemToArray (trials, item);
    }
  if (json)
    sh_cli_print_json (root);
  else
    cJSON_Delete (root);
  return 0;
}

static int
study_score (const char *pack_path, const char *trial_text, const char *letter, const char *score_text,
             const char *ms_text)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ShStudyPack) pack = sh_study_pack_open (pack_path, TRUE, &error);
  guint64 position = 0, score = 0, ms = 0;

  if (!pack)
    return sh_cli_failed ("study", error);
  if (!g_ascii_string_to_unsigned (trial_text, 10, 1, G_MAXUINT32, &position, NULL)
      || !g_ascii_string_to_unsigned (score_text, 10, 1, 10, &score, NULL) || strlen (letter) != 1
      || (ms_text && !g_ascii_string_to_unsigned (ms_text, 10, 0, G_MAXINT64, &ms, NULL)))
    {
      fprintf (stderr, "shadelab-cli study: score wants --trial N (from 1), --letter A-D, --score 1-10\n");
      return 2;
    }
  if (!sh_study_pack_set_score (pack, (guint) position, g_ascii_toupper (letter[0]), (int) score, &error)
      || (ms_text && !sh_study_pack_add_time (pack, (guint) position, (gint64) ms, &error)))
    return sh_cli_failed ("study", error);
  return 0;
}

/* ---- merge, unblind ---- */

static int
study_merge (const char *project_path, char **packs)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ShProject) project = sh_project_open (project_path, SH_PROJECT_OPEN_READ_WRITE, &error);

  if (!project)
    return sh_cli_failed ("study", error);
  for (guint i = 0; packs[i]; i++)
    {
      ShStudyMergeResult result;

      if (!sh_study_merge_pack (project, packs[i], &result, &error))
        return sh_cli_failed ("study", error);
      printf ("%s: study '%s', rater '%s': %u scores, %u new, %u changed\n", packs[i], result.study_name,
              result.rater, result.n_scores, result.added, result.changed);
      sh_study_merge_result_clear (&result);
    }
  return 0;
}

static int
study_unblind (const char *project_path, const char *name, const char *by, const char *reason, gboolean json)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ShProject) project = sh_project_open (project_path, SH_PROJECT_OPEN_READ_WRITE, &error);
  g_autoptr (ShStudyInfo) study = NULL;
  g_autoptr (GPtrArray) log = NULL;
  g_autoptr (GPtrArray) keys = NULL;
  cJSON *root, *array;

  if (!project || !(study = sh_project_get_study (project, name, NULL, &error))
      || !sh_project_unblind_study (project, study->id, by, reason, &error)
      || !(keys = sh_study_rater_keys (project, study->id, &error))
      || !(log = sh_project_list_study_unblindings (project, study->id, &error)))
    return sh_cli_failed ("study", error);
  if (!json)
    {
      printf ("study '%s' unblinded (%u time%s logged)\n", name, log->len, log->len == 1 ? "" : "s");
      return 0;
    }
  root = cJSON_CreateObject ();
  cJSON_AddStringToObject (root, "study", name);
  array = cJSON_AddArrayToObject (root, "log");
  for (guint i = 0; i < log->len; i++)
    {
      g_auto (GStrv) parts = g_strsplit (g_ptr_array_index (log, i), "\t", 3);
      cJSON *item = cJSON_CreateObject ();

      cJSON_AddStringToObject (item, "at", parts[0]);
      cJSON_AddStringToObject (item, "by", parts[1] ? parts[1] : "");
      cJSON_AddStringToObject (item, "reason", parts[1] && parts[2] ? parts[2] : "");
      cJSON_AddItemToArray (array, item);
    }
  /* The key as each rater saw it: trial positions and letters, from the seed recorded for them. */
  array = cJSON_AddArrayToObject (root, "raters");
  for (guint r = 0; r < keys->len; r++)
    {
      const ShStudyRaterKey *rater = g_ptr_array_index (keys, r);
      cJSON *item = cJSON_CreateObject ();
      cJSON *positions = cJSON_AddArrayToObject (item, "positions");

      cJSON_AddStringToObject (item, "rater", rater->rater);
      cJSON_AddNumberToObject (item, "seed", rater->seed);
      for (guint p = 0; p < rater->positions->len; p++)
        {
          const ShStudyKeyPosition *trial = g_ptr_array_index (rater->positions, p);
          cJSON *position = cJSON_CreateObject ();
          cJSON *letters = cJSON_AddObjectToObject (position, "letters");

          cJSON_AddNumberToObject (position, "position", trial->position);
          cJSON_AddStringToObject (position, "participant", trial->participant);
          cJSON_AddNumberToObject (position, "mst", trial->mst);
          cJSON_AddStringToObject (position, "sku", trial->sku);
          for (guint k = 0; k < trial->n_letters; k++)
            {
              char letter[2] = { (char) ('A' + k), '\0' };

              cJSON_AddStringToObject (letters, letter, trial->methods[k]);
            }
          cJSON_AddItemToArray (positions, position);
        }
      cJSON_AddItemToArray (array, item);
    }
  sh_cli_print_json (root);
  return 0;
}

/* ---- report ---- */

static void
print_estimate (const ShStudyEstimate *e, gboolean percent)
{
  if (e->n == 0 || isnan (e->value))
    printf ("  %-22s", "-");
  else if (percent)
    printf ("  %5.1f%% [%5.1f, %5.1f]", 100 * e->value, 100 * e->low, 100 * e->high);
  else
    printf ("  %5.2f [%5.2f, %5.2f]  ", e->value, e->low, e->high);
}

static int
study_report (const char *project_path, const char *name, const char *baseline, const char *seed_text,
              const char *out_dir, gboolean json)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ShProject) project = sh_project_open (project_path, SH_PROJECT_OPEN_READ_ONLY, &error);
  g_autoptr (ShStudyReport) report = NULL;
  guint64 seed = 1;

  if (seed_text && !g_ascii_string_to_unsigned (seed_text, 10, 0, G_MAXUINT64, &seed, NULL))
    {
      fprintf (stderr, "shadelab-cli study: --seed must be a whole number\n");
      return 2;
    }
  if (!project || !(report = sh_study_report_new (project, name, baseline, seed, &error)))
    return sh_cli_failed ("study", error);
  if (out_dir)
    {
      g_autofree char *csv = sh_study_report_to_csv (report);
      g_autofree char *csv_path = g_build_filename (out_dir, "study-report.csv", NULL);
      g_autofree char *mean_path = g_build_filename (out_dir, "mean-scores.png", NULL);
      g_autofree char *win_path = g_build_filename (out_dir, "win-rates.png", NULL);

      if (g_mkdir_with_parents (out_dir, 0777) != 0)
        {
          int saved = errno;
          fprintf (stderr, "shadelab-cli study: %s: %s\n", out_dir, g_strerror (saved));
          return 1;
        }
      if (!g_file_set_contents (csv_path, csv, -1, &error)
          || !sh_study_chart_write_png (report, SH_STUDY_CHART_MEAN, mean_path, &error)
          || !sh_study_chart_write_png (report, SH_STUDY_CHART_WIN_RATE, win_path, &error))
        return sh_cli_failed ("study", error);
    }
  if (json)
    {
      sh_cli_print_json (sh_study_report_to_json (report));
      return 0;
    }
  printf ("study '%s': %u raters, %u trials, %u scores\n", report->study, report->n_raters, report->n_trials,
          report->n_scores);
  if (isnan (report->alpha))
    printf ("Krippendorff's alpha (interval): - (no candidate scored by two raters)\n");
  else
    printf ("Krippendorff's alpha (interval): %.3f over %u pairable scores\n", report->alpha, report->alpha_values);
  for (guint g = 0; g < report->groups->len; g++)
    {
      const ShStudyReportGroup *group = g_ptr_array_index (report->groups, g);

      printf ("%s %s (%u trials)\n", group->kind, group->name, group->n_trials);
      for (guint m = 0; m < report->n_methods; m++)
        {
          printf ("  %-9s mean", report->methods[m]);
          print_estimate (&group->mean[m], FALSE);
          if (strcmp (report->methods[m], report->baseline) != 0)
            {
              printf ("  wins vs %s", report->baseline);
              print_estimate (&group->win[m], TRUE);
            }
          printf ("\n");
        }
    }
  return 0;
}

int
sh_cli_study (int argc, char **argv)
{
  g_autofree char *products = NULL;
  g_autofree char *methods = NULL;
  g_autofree char *rater = NULL;
  g_autofree char *out = NULL;
  g_autofree char *seed = NULL;
  g_autofree char *trial = NULL;
  g_autofree char *letter = NULL;
  g_autofree char *score = NULL;
  g_autofree char *ms = NULL;
  g_autofree char *baseline = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *by = NULL;
  gboolean json = FALSE;
  g_auto (GStrv) rest = NULL;
  GOptionEntry entries[] = {
    { "products", 0, 0, G_OPTION_ARG_STRING, &products, "create: the products' SKUs, separated by commas", "SKU,..." },
    { "methods", 0, 0, G_OPTION_ARG_STRING, &methods, "create: mean, robust, tuned, external:DIR (2 to 4)",
      "M,..." },
    { "rater", 0, 0, G_OPTION_ARG_STRING, &rater, "pack: the rater's code", "CODE" },
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out, "pack: the pack to write; report: the folder for CSV and charts",
      "PATH" },
    { "seed", 0, 0, G_OPTION_ARG_STRING, &seed, "pack: a new rater's order seed; report: the bootstrap's (1)", "N" },
    { "trial", 0, 0, G_OPTION_ARG_STRING, &trial, "score: the trial's position in the pack, from 1", "N" },
    { "letter", 0, 0, G_OPTION_ARG_STRING, &letter, "score: the candidate's letter", "L" },
    { "score", 0, 0, G_OPTION_ARG_STRING, &score, "score: how close to real, 1 to 10", "S" },
    { "ms", 0, 0, G_OPTION_ARG_STRING, &ms, "score: milliseconds spent on the trial, added to it", "MS" },
    { "baseline", 0, 0, G_OPTION_ARG_STRING, &baseline, "report: the method to win against (default: external "
      "when the study has it, else mean)", "M" },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, "unblind: why, for the log", "TEXT" },
    { "by", 0, 0, G_OPTION_ARG_STRING, &by, "create, unblind: who (default: your user name)", "NAME" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "list, show, unblind, report: print JSON", NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &rest, NULL, NULL },
    { NULL },
  };
  g_autoptr (GOptionContext) context
    = g_option_context_new ("create|list|pack|show|score|merge|unblind|report PROJECT|PACK [NAME] [options]");
  g_autoptr (GError) error = NULL;
  const char *action;
  guint n;

  g_set_prgname ("shadelab-cli study");
  g_option_context_set_summary (context, "Runs a blind realism study: try-on renders of several methods scored "
                                "against photos of the real product worn, by raters who do not know which is "
                                "which.");
  g_option_context_set_description (context, description);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return sh_cli_usage_error (context, "study", error->message);
  n = rest != NULL ? g_strv_length (rest) : 0;
  if (n < 2)
    return sh_cli_usage_error (context, "study", "give an action and a PROJECT (or a pack)");
  action = rest[0];
  if (!by)
    by = g_strdup (g_get_user_name ());

  if (strcmp (action, "create") == 0)
    {
      if (n != 3)
        return sh_cli_usage_error (context, "study", "create wants PROJECT NAME");
      if (!products || !methods)
        return sh_cli_usage_error (context, "study", "create wants --products SKU,... and --methods M,...");
      {
        int status = study_create (rest[1], rest[2], products, methods, by);
        if (status == 2)
          return sh_cli_usage_error (context, "study", "see the methods above");
        return status;
      }
    }
  if (strcmp (action, "list") == 0)
    {
      if (n != 2)
        return sh_cli_usage_error (context, "study", "list wants PROJECT");
      return study_list (rest[1], json);
    }
  if (strcmp (action, "pack") == 0)
    {
      guint64 value;

      if (n != 3 || !rater || !out)
        return sh_cli_usage_error (context, "study", "pack wants PROJECT NAME --rater CODE --out FILE");
      if (seed && !g_ascii_string_to_unsigned (seed, 10, 0, G_MAXUINT32, &value, NULL))
        return sh_cli_usage_error (context, "study", "--seed must be a whole number from 0 to 4294967295");
      return study_pack (rest[1], rest[2], rater, seed, out);
    }
  if (strcmp (action, "show") == 0)
    {
      if (n != 2)
        return sh_cli_usage_error (context, "study", "show wants one PACK");
      return study_show (rest[1], json);
    }
  if (strcmp (action, "score") == 0)
    {
      if (n != 2 || !trial || !letter || !score)
        return sh_cli_usage_error (context, "study", "score wants PACK --trial N --letter L --score S");
      return study_score (rest[1], trial, letter, score, ms);
    }
  if (strcmp (action, "merge") == 0)
    {
      if (n < 3)
        return sh_cli_usage_error (context, "study", "merge wants PROJECT and at least one pack");
      return study_merge (rest[1], rest + 2);
    }
  if (strcmp (action, "unblind") == 0)
    {
      if (n != 3)
        return sh_cli_usage_error (context, "study", "unblind wants PROJECT NAME");
      return study_unblind (rest[1], rest[2], by, reason, json);
    }
  if (strcmp (action, "report") == 0)
    {
      if (n != 3)
        return sh_cli_usage_error (context, "study", "report wants PROJECT NAME");
      if (!baseline)
        {
          /* external when the study has it, else mean. */
          g_autoptr (ShProject) project = sh_project_open (rest[1], SH_PROJECT_OPEN_READ_ONLY, &error);
          g_autoptr (ShStudyInfo) study = NULL;

          if (!project || !(study = sh_project_get_study (project, rest[2], NULL, &error)))
            return sh_cli_failed ("study", error);
          baseline = g_strdup (strstr (study->methods, "external") ? "external" : "mean");
        }
      return study_report (rest[1], rest[2], baseline, seed, out, json);
    }
  return sh_cli_usage_error (context, "study", "unknown action: create, list, pack, show, score, merge, unblind or "
                             "report");
}
