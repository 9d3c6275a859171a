/* SPDX-License-Identifier: GPL-3.0-or-later */
/* row-bands.c: rows of an image shared out to threads in short bands (see row-bands.h). */
#include "config.h"

#include "core/formats/row-bands.h"

/* Bands per thread: enough that the threads finish together, few enough that each band is worth a call. */
#define BANDS_PER_THREAD 8

typedef struct {
  ShRowBandFunc func;
  gpointer data;
  int n_rows, band_rows;
  int next_row;                   /* atomic: the first row no thread has taken yet */
} Work;

typedef struct {
  Work *work;
  int thread;
} Worker;

static gpointer
run_worker (gpointer data)
{
  Worker *worker = data;
  Work *work = worker->work;

  for (;;)
    {
      int first = g_atomic_int_add (&work->next_row, work->band_rows);

      if (first >= work->n_rows)
        return NULL;
      work->func (first, MIN (work->band_rows, work->n_rows - first), worker->thread, work->data);
    }
}

int
sh_row_bands_count (int n_rows, int max_threads)
{
  int n = MIN ((int) g_get_num_processors (), CLAMP (max_threads, 1, SH_ROW_BANDS_MAX));

  return CLAMP (n, 1, MAX (n_rows, 1));
}

void
sh_row_bands_run (int n_rows, int max_threads, ShRowBandFunc func, gpointer data)
{
  int n_threads = sh_row_bands_count (n_rows, max_threads);
  Work work = { func, data, n_rows, MAX (1, n_rows / (n_threads * BANDS_PER_THREAD)), 0 };
  Worker workers[SH_ROW_BANDS_MAX];
  GThread *threads[SH_ROW_BANDS_MAX] = { NULL };

  if (n_rows <= 0)
    return;
  if (n_threads == 1)
    {
      func (0, n_rows, 0, data);
      return;
    }
  for (int i = 0; i < n_threads; i++)
    workers[i] = (Worker) { &work, i };
  for (int i = 1; i < n_threads; i++)
    threads[i] = g_thread_try_new ("shadelab-bands", run_worker, &workers[i], NULL);
  run_worker (&workers[0]);
  for (int i = 1; i < n_threads; i++)
    if (threads[i] != NULL)
      g_thread_join (threads[i]);
}
