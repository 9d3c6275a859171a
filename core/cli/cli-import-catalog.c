/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli-import-catalog.c: `shadelab-cli import-catalog PROJECT FILE`, products and their photos from a brand's
 * catalogue (CSV or JSON). */
#define G_LOG_DOMAIN "shadelab-cli"

#include "config.h"

#include <stdio.h>

#include <glib.h>

#include "core/formats/catalog.h"
#include "core/cli/cli.h"
#include "core/store/project.h"

int
sh_cli_import_catalog (int argc, char **argv)
{
  g_auto (GStrv) rest = NULL;
  GOptionEntry entries[] = {
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &rest, NULL, NULL },
    { NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("PROJECT FILE");
  g_autoptr (GError) error = NULL;
  g_autoptr (ShProject) project = NULL;
  g_autoptr (ShCatalog) catalog = NULL;
  ShCatalogReport report;
  gboolean ok;

  g_set_prgname ("shadelab-cli import-catalog");
  g_option_context_set_summary (context,
                                "Creates or updates products (one per SKU) and links photos to them.\n"
                                "FILE is CSV with a header row, or a JSON array of objects; the columns or keys "
                                "are\nfile, sku, brand, shade, category, marketplace, color (#rrggbb), and each row "
                                "needs a file or a sku.\nA file is matched by its name, or by its path relative to "
                                "the project when it holds a '/'.\nA file with any error changes nothing; its first "
                                "error is reported with its line (CSV)\nor byte offset / element (JSON). Files that "
                                "match no photo are warnings.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || rest == NULL || g_strv_length (rest) != 2)
    return sh_cli_usage_error (context, "import-catalog", error != NULL ? error->message : "give a PROJECT and one catalogue FILE");

  /* Read and check the whole catalogue before the project is even opened. */
  catalog = sh_catalog_parse_file (rest[1], &error);
  if (catalog == NULL)
    return sh_cli_failed ("import-catalog", error);
  project = sh_project_open (rest[0], SH_PROJECT_OPEN_READ_WRITE, &error);
  if (project == NULL)
    return sh_cli_failed ("import-catalog", error);
  sh_catalog_report_init (&report);
  ok = sh_catalog_apply (project, catalog, &report, &error);
  if (ok)
    {
      for (guint i = 0; i < report.warnings->len; i++)
        fprintf (stderr, "shadelab-cli import-catalog: warning: %s\n", (char *) g_ptr_array_index (report.warnings, i));
      printf ("Read %u row%s: %u product%s created or updated, %u image%s linked, %u warning%s\n", report.rows,
              report.rows == 1 ? "" : "s", report.products, report.products == 1 ? "" : "s", report.images_linked,
              report.images_linked == 1 ? "" : "s", report.warnings->len, report.warnings->len == 1 ? "" : "s");
    }
  else
    fprintf (stderr, "shadelab-cli import-catalog: %s\n", error->message);
  sh_catalog_report_clear (&report);
  return ok ? 0 : 1;
}
