/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli-review.c: `shadelab-cli review PROJECT --since DATE [--json] [--out DIR]` lists the products changed
 * since a date with their material before and after (and writes review.png + review.csv into DIR);
 * `shadelab-cli review PROJECT (--approve SKU | --send-back SKU) [--comment TEXT] --reviewer NAME` records a
 * decision. */
#define G_LOG_DOMAIN "shadelab-cli"

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "core/cli/cli.h"
#include "core/models/study-report.h"
#include "color/colorspace.h"
#include "core/store/project-reference.h"
#include "core/store/project.h"
#include "core/store/review.h"

static const char description[] =
  "Listing: DATE is YYYY-MM-DD (midnight, local time) or an ISO 8601 date and time. A product is listed\n"
  "when a material parameter of it was changed after DATE (the audit log) or a swatch of one of its product\n"
  "boxes was computed after it. 'before' is its material at DATE, reconstructed from the audit log; 'after'\n"
  "is its material now, both resolved as the glTF export resolves them. One change (a preset, a slider drag)\n"
  "is one entry, listing each parameter whose exported value it changed. --json prints\n"
  "{\"since\", \"products\":[{\"sku\", \"brand\", \"shade\", \"before\", \"after\", \"changes\":[...], \"review\"}],\n"
  "\"study_feedback\":[...]}: the unblinded realism studies' findings on tuned materials, each product whose\n"
  "tuned material loses to the study's baseline on an MST group (win rate under 50%) or scores under 5 on\n"
  "average ({study, sku, baseline, reason: loses | low score, mst, tuned_mean, win_rate, pairs, scores,\n"
  "methods, groups: the product's mean score and win rate per method, overall and per MST group}).\n"
  "--out DIR writes DIR/review.png (each product a band: before on top, after below, on the 10 Monk Skin Tone\n"
  "swatches and the project's custom tones, numbered as the CSV's sheet_row) and DIR/review.csv (sku, brand,\n"
  "shade, parameter, before, after, who, when, note, decision, reviewer, comment, sheet_row; one row per\n"
  "change, its parameters and values joined with \"; \").\n"
  "\n"
  "Deciding: --approve or --send-back records a review of the product (send back needs --comment).\n"
  "\n"
  "Exit status: 0 done, 1 error (message on stderr), 2 usage error.";

static void
material_hex (const ShProductMaterial *product, gboolean has_color, char hex[8])
{
  uint8_t rgb[3];

  if (!has_color)
    {
      g_strlcpy (hex, "-", 8);
      return;
    }
  sh_linear_srgb_to_srgb8 (product->material.base_color, rgb);
  sh_format_hex (rgb, hex);
}

static void
print_text (const ShReview *review)
{
  printf ("%u product%s changed since %s\n", review->items->len, review->items->len == 1 ? "" : "s",
          review->since);
  for (guint i = 0; i < review->items->len; i++)
    {
      const ShReviewItem *item = g_ptr_array_index (review->items, i);
      char before_hex[8], after_hex[8];

      material_hex (&item->before, item->before_has_color, before_hex);
      material_hex (&item->after, item->after_has_color, after_hex);
      printf ("\n%u. %s  %s %s\n", i + 1, item->sku, item->brand != NULL ? item->brand : "",
              item->shade != NULL ? item->shade : "");
      printf ("   before: %s %s roughness %.3g clearcoat %.3g\n", before_hex,
              item->before.finish != NULL ? item->before.finish : "-", item->before.material.roughness,
              item->before.material.clearcoat);
      printf ("   after:  %s %s roughness %.3g clearcoat %.3g\n", after_hex,
              item->after.finish != NULL ? item->after.finish : "-", item->after.material.roughness,
              item->after.material.clearcoat);
      /* One line per change, however many parameters it moved. */
      for (guint c = 0; c < item->changes->len; c++)
        {
          const ShReviewChange *change = g_ptr_array_index (item->changes, c);

          printf ("   %s  ", change->at);
          for (guint v = 0; v < change->values->len; v++)
            {
              const ShReviewValue *value = g_ptr_array_index (change->values, v);
              printf ("%s%s: %s -> %s", v > 0 ? ", " : "", value->parameter,
                      value->before != NULL ? value->before : "-", value->after != NULL ? value->after : "-");
            }
          printf ("  (%s)%s%s\n", change->who != NULL ? change->who : "-", change->note != NULL ? "  " : "",
                  change->note != NULL ? change->note : "");
        }
      if (item->decision != NULL)
        printf ("   review: %s by %s at %s%s%s\n", item->decision->accepted ? "approved" : "sent back",
                item->decision->reviewer, item->decision->at, item->decision->comment != NULL ? ": " : "",
                item->decision->comment != NULL ? item->decision->comment : "");
      else
        printf ("   review: none\n");
    }
}

static int
write_outputs (ShProject *project, const ShReview *review, const char *dir)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) tones = NULL;
  g_autofree char *png = g_build_filename (dir, "review.png", NULL);
  g_autofree char *csv = g_build_filename (dir, "review.csv", NULL);

  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      fprintf (stderr, "shadelab-cli review: cannot create '%s': %s\n", dir, g_strerror (errno));
      return 1;
    }
  tones = sh_project_get_skin_tones (project, TRUE, &error);
  if (tones == NULL || !sh_review_write_png (review, tones, png, &error)
      || !sh_review_write_csv (review, csv, &error))
    return sh_cli_failed ("review", error);
  return 0;
}

/* The realism studies' feedback: products whose tuned material loses to the baseline on an MST group, or
 * scores low. */
static void
print_feedback (cJSON *feedback)
{
  int n = cJSON_GetArraySize (feedback);

  if (n == 0)
    return;
  printf ("\nRealism studies: %d finding%s on tuned materials\n", n, n == 1 ? "" : "s");
  for (int i = 0; i < n; i++)
    {
      cJSON *item = cJSON_GetArrayItem (feedback, i);
      cJSON *mst = cJSON_GetObjectItem (item, "mst");
      cJSON *win = cJSON_GetObjectItem (item, "win_rate");
      cJSON *mean = cJSON_GetObjectItem (item, "tuned_mean");
      const char *reason = cJSON_GetObjectItem (item, "reason")->valuestring;

      if (strcmp (reason, "loses") == 0)
        printf ("   %s  study '%s': loses to %s on MST %s (win rate %.0f%% over %d pairs, mean %.2f)\n",
                cJSON_GetObjectItem (item, "sku")->valuestring, cJSON_GetObjectItem (item, "study")->valuestring,
                cJSON_GetObjectItem (item, "baseline")->valuestring, cJSON_IsString (mst) ? mst->valuestring : "-",
                cJSON_IsNumber (win) ? 100 * win->valuedouble : 0, cJSON_GetObjectItem (item, "pairs")->valueint,
                cJSON_IsNumber (mean) ? mean->valuedouble : 0);
      else
        printf ("   %s  study '%s': tuned scores %.2f on average, under %.1f\n",
                cJSON_GetObjectItem (item, "sku")->valuestring, cJSON_GetObjectItem (item, "study")->valuestring,
                cJSON_IsNumber (mean) ? mean->valuedouble : 0, SH_STUDY_FEEDBACK_THRESHOLD);
    }
}

int
sh_cli_review (int argc, char **argv)
{
  g_autofree char *since_text = NULL;
  g_autofree char *out_dir = NULL;
  g_autofree char *approve_sku = NULL;
  g_autofree char *send_back_sku = NULL;
  g_autofree char *comment = NULL;
  g_autofree char *reviewer = NULL;
  gboolean json = FALSE;
  g_auto (GStrv) rest = NULL;
  GOptionEntry entries[] = {
    { "since", 's', 0, G_OPTION_ARG_STRING, &since_text, "List the products changed after this date", "DATE" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print the review as JSON", NULL },
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out_dir, "Write review.png and review.csv into this folder", "DIR" },
    { "approve", 0, 0, G_OPTION_ARG_STRING, &approve_sku, "Approve the product's material", "SKU" },
    { "send-back", 0, 0, G_OPTION_ARG_STRING, &send_back_sku, "Send the product back (needs --comment)", "SKU" },
    { "comment", 0, 0, G_OPTION_ARG_STRING, &comment, "What to change, or a note on the approval", "TEXT" },
    { "reviewer", 0, 0, G_OPTION_ARG_STRING, &reviewer, "Who decides (required with --approve/--send-back)",
      "NAME" },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &rest, NULL, NULL },
    { NULL },
  };
  g_autoptr (GOptionContext) context
    = g_option_context_new ("PROJECT (--since DATE [--json] [--out DIR] | --approve SKU | --send-back SKU)");
  g_autoptr (GError) error = NULL;
  g_autoptr (ShProject) project = NULL;
  gboolean deciding;

  g_set_prgname ("shadelab-cli review");
  g_option_context_set_summary (context, "The weekly calibration review: what changed, before and after, and the "
                                         "reviewer's decision.");
  g_option_context_set_description (context, description);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return sh_cli_usage_error (context, "review", error->message);
  if (rest == NULL || rest[0] == NULL || rest[1] != NULL)
    return sh_cli_usage_error (context, "review", "give exactly one PROJECT");

  deciding = approve_sku != NULL || send_back_sku != NULL;
  if (approve_sku != NULL && send_back_sku != NULL)
    return sh_cli_usage_error (context, "review", "give --approve or --send-back, not both");
  if (deciding && (since_text != NULL || json || out_dir != NULL))
    return sh_cli_usage_error (context, "review", "--approve/--send-back do not take --since, --json or --out");
  if (!deciding && since_text == NULL)
    return sh_cli_usage_error (context, "review", "give --since DATE (or --approve/--send-back SKU)");

  if (deciding)
    {
      const char *sku = approve_sku != NULL ? approve_sku : send_back_sku;
      gint64 product_id = 0;

      if (reviewer == NULL || *g_strstrip (reviewer) == '\0')
        return sh_cli_usage_error (context, "review", "--reviewer NAME is required to record a decision");
      if (send_back_sku != NULL && (comment == NULL || *g_strstrip (comment) == '\0'))
        return sh_cli_usage_error (context, "review", "--send-back needs --comment saying what to change");
      project = sh_project_open (rest[0], SH_PROJECT_OPEN_READ_WRITE, &error);
      if (project == NULL || !sh_project_find_product (project, sku, &product_id, &error)
          || !sh_review_decide (project, product_id, approve_sku != NULL, comment, reviewer, &error))
        return sh_cli_failed ("review", error);
      printf ("review: %s %s by %s\n", sku, approve_sku != NULL ? "approved" : "sent back", reviewer);
      return 0;
    }

  {
    g_autofree char *since = sh_review_parse_date (since_text, &error);
    g_autoptr (ShReview) review = NULL;
    cJSON *feedback;

    if (since == NULL)
      return sh_cli_usage_error (context, "review", error->message);
    if (comment != NULL || reviewer != NULL)
      return sh_cli_usage_error (context, "review", "--comment and --reviewer go with --approve/--send-back");
    /* Read-only: listing never changes the project and works while the application has it open. */
    project = sh_project_open (rest[0], SH_PROJECT_OPEN_READ_ONLY, &error);
    if (project == NULL || (review = sh_review_new (project, since, &error)) == NULL)
      return sh_cli_failed ("review", error);
    if (out_dir != NULL && write_outputs (project, review, out_dir) != 0)
      return 1;
    /* What the unblinded realism studies say of the tuned materials. */
    if ((feedback = sh_study_feedback (project, SH_STUDY_FEEDBACK_THRESHOLD, &error)) == NULL)
      return sh_cli_failed ("review", error);
    if (json)
      {
        cJSON *root = sh_review_to_json (review);
        cJSON_AddItemToObject (root, "study_feedback", feedback);
        sh_cli_print_json (root);
      }
    else
      {
        print_text (review);
        print_feedback (feedback);
        cJSON_Delete (feedback);
        if (out_dir != NULL)
          printf ("\nreview: wrote review.png and review.csv to %s\n", out_dir);
      }
  }
  return 0;
}
