/* SPDX-License-Identifier: GPL-3.0-or-later */
/* row-bands.c: rows of an image worked on in bands side by side (see row-bands.h). */
#include "config.h"

#include "core/formats/row-bands.h"

typedef struct {
  ShRowBandFunc func;
  gpointer data;
  int first, n_rows, band;
} Band;

static gpointer
run_band (gpointer data)
{
  Band *band = data;

  band->func (band->first, band->n_rows, band->band, band->data);
  return NULL;
}

int
sh_row_bands_count (int n_rows, int max_bands)
{
  int n = MIN ((int) g_get_num_processors (), CLAMP (max_bands, 1, SH_ROW_BANDS_MAX));

  return CLAMP (n, 1, MAX (n_rows, 1));
}

void
sh_row_bands_run (int n_rows, int max_bands, ShRowBandFunc func, gpointer data)
{
  int n_bands = sh_row_bands_count (n_rows, max_bands);
  Band bands[SH_ROW_BANDS_MAX];
  GThread *threads[SH_ROW_BANDS_MAX] = { NULL };

  if (n_rows <= 0)
    return;
  for (int i = 0, first = 0; i < n_bands; i++)
    {
      int rows = (n_rows - first) / (n_bands - i);

      bands[i] = (Band) { func, data, first, rows, i };
      first += rows;
    }
  for (int i = 1; i < n_bands; i++)
    threads[i] = g_thread_try_new ("shadelab-bands", run_band, &bands[i], NULL);
  run_band (&bands[0]);
  for (int i = 1; i < n_bands; i++)
    if (threads[i] != NULL)
      g_thread_join (threads[i]);
    else
      run_band (&bands[i]);
}
