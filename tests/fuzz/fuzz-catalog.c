/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-catalog.c: the catalogue parser (CSV and JSON) on arbitrary bytes. It must refuse or accept, never
 * crash, and what it accepts must hold the promises of catalog.h. */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "core/formats/catalog.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  GError *error = NULL;
  ShCatalog *catalog = sh_catalog_parse ((const char *) data, size, &error);

  if (catalog == NULL)
    {
      /* Every refusal says where. */
      if (error == NULL || error->domain != SH_CATALOG_ERROR
          || !(g_str_has_prefix (error->message, "line ") || g_str_has_prefix (error->message, "byte offset ")
               || error->message[0] == '['))
        __builtin_trap ();
      g_error_free (error);
      return 0;
    }
  if (error != NULL)
    __builtin_trap ();
  for (guint i = 0; i < catalog->rows->len; i++)
    {
      const ShCatalogRow *row = g_ptr_array_index (catalog->rows, i);

      if (row->file == NULL && row->sku == NULL)
        __builtin_trap ();
      if (row->color != NULL && (strlen (row->color) != 7 || row->color[0] != '#'))
        __builtin_trap ();
      if (row->sku != NULL && (row->sku[0] == '\0' || !g_utf8_validate (row->sku, -1, NULL)))
        __builtin_trap ();
    }
  sh_catalog_free (catalog);
  return 0;
}
