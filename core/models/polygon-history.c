/* SPDX-License-Identifier: GPL-3.0-or-later */
/* polygon-history.c: undoable edits of the lips drawn on face photos (see polygon-history.h). */
#include "config.h"

#include <string.h>

#include "core/models/polygon-history.h"
#include "core/store/project-participants.h"

/* The lips of a photo at one moment: outer NULL when none are drawn. */
typedef struct {
  GArray *outer;
  GArray *opening;
} Lips;

typedef struct {
  gint64 face_photo_id;
  char *label;
  Lips before, after;
} Step;

struct _ShPolygonHistory
{
  GObject parent_instance;

  ShProject *project;  /* not owned */
  GPtrArray *undo;     /* Step, oldest first */
  GPtrArray *redo;     /* Step, the next redo last */
};

G_DEFINE_FINAL_TYPE (ShPolygonHistory, sh_polygon_history, G_TYPE_OBJECT)

enum { SIGNAL_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
lips_clear (Lips *lips)
{
  g_clear_pointer (&lips->outer, g_array_unref);
  g_clear_pointer (&lips->opening, g_array_unref);
}

static void
step_free (Step *step)
{
  lips_clear (&step->before);
  lips_clear (&step->after);
  g_free (step->label);
  g_free (step);
}

static GArray *
points_array (const ShPoint *points, int n_points)
{
  GArray *array;

  if (points == NULL || n_points <= 0)
    return NULL;
  array = g_array_sized_new (FALSE, FALSE, sizeof (ShPoint), (guint) n_points);
  g_array_append_vals (array, points, (guint) n_points);
  return array;
}

static gboolean
points_equal (const GArray *a, const GArray *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return a->len == b->len && memcmp (a->data, b->data, a->len * sizeof (ShPoint)) == 0;
}

/* Writes lips as the photo's, in one transaction. */
static gboolean
write_lips (ShPolygonHistory *self, gint64 face_photo_id, const Lips *lips, GError **error)
{
  if (lips->outer == NULL)
    return sh_project_clear_lip_polygons (self->project, face_photo_id, error);
  return sh_project_set_lip_polygons (self->project, face_photo_id, (const ShPoint *) lips->outer->data,
                                      (int) lips->outer->len,
                                      lips->opening != NULL ? (const ShPoint *) lips->opening->data : NULL,
                                      lips->opening != NULL ? (int) lips->opening->len : 0, error);
}

ShPolygonHistory *
sh_polygon_history_new (ShProject *project)
{
  ShPolygonHistory *self = g_object_new (SH_TYPE_POLYGON_HISTORY, NULL);

  self->project = project;
  return self;
}

ShProject *
sh_polygon_history_get_project (ShPolygonHistory *history)
{
  g_return_val_if_fail (SH_IS_POLYGON_HISTORY (history), NULL);
  return history->project;
}

gboolean
sh_polygon_history_set (ShPolygonHistory *history, gint64 face_photo_id, const ShPoint *outer, int n_outer,
                        const ShPoint *opening, int n_opening, const char *label, GError **error)
{
  Step *step;

  g_return_val_if_fail (SH_IS_POLYGON_HISTORY (history), FALSE);

  step = g_new0 (Step, 1);
  step->face_photo_id = face_photo_id;
  step->label = g_strdup (label);
  if (!sh_project_get_lip_polygons (history->project, face_photo_id, &step->before.outer, &step->before.opening,
                                    error))
    {
      step_free (step);
      return FALSE;
    }
  step->after.outer = points_array (outer, n_outer);
  step->after.opening = points_array (opening, n_opening);
  if (points_equal (step->before.outer, step->after.outer)
      && points_equal (step->before.opening, step->after.opening))
    {
      step_free (step);
      return TRUE;
    }
  if (step->after.outer == NULL)
    {
      step_free (step);
      g_set_error_literal (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_INVALID,
                           "the lips need an outer contour of at least three points");
      return FALSE;
    }
  if (!write_lips (history, face_photo_id, &step->after, error))
    {
      step_free (step);
      return FALSE;
    }
  g_ptr_array_add (history->undo, step);
  g_ptr_array_set_size (history->redo, 0);
  g_signal_emit (history, signals[SIGNAL_CHANGED], 0, face_photo_id);
  return TRUE;
}

/* Moves the last step of from to to, writing its before (undo) or after (redo) lips. */
static gboolean
replay (ShPolygonHistory *self, GPtrArray *from, GPtrArray *to, gboolean undo, GError **error)
{
  Step *step;

  if (from->len == 0)
    return TRUE;
  step = g_ptr_array_index (from, from->len - 1);
  if (!write_lips (self, step->face_photo_id, undo ? &step->before : &step->after, error))
    return FALSE;
  g_ptr_array_add (to, g_ptr_array_steal_index (from, from->len - 1));
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0, step->face_photo_id);
  return TRUE;
}

gboolean
sh_polygon_history_undo (ShPolygonHistory *history, GError **error)
{
  g_return_val_if_fail (SH_IS_POLYGON_HISTORY (history), FALSE);
  return replay (history, history->undo, history->redo, TRUE, error);
}

gboolean
sh_polygon_history_redo (ShPolygonHistory *history, GError **error)
{
  g_return_val_if_fail (SH_IS_POLYGON_HISTORY (history), FALSE);
  return replay (history, history->redo, history->undo, FALSE, error);
}

gboolean
sh_polygon_history_can_undo (ShPolygonHistory *history)
{
  g_return_val_if_fail (SH_IS_POLYGON_HISTORY (history), FALSE);
  return history->undo->len > 0;
}

gboolean
sh_polygon_history_can_redo (ShPolygonHistory *history)
{
  g_return_val_if_fail (SH_IS_POLYGON_HISTORY (history), FALSE);
  return history->redo->len > 0;
}

static const char *
last_label (GPtrArray *steps)
{
  return steps->len > 0 ? ((Step *) g_ptr_array_index (steps, steps->len - 1))->label : NULL;
}

const char *
sh_polygon_history_get_undo_label (ShPolygonHistory *history)
{
  g_return_val_if_fail (SH_IS_POLYGON_HISTORY (history), NULL);
  return last_label (history->undo);
}

const char *
sh_polygon_history_get_redo_label (ShPolygonHistory *history)
{
  g_return_val_if_fail (SH_IS_POLYGON_HISTORY (history), NULL);
  return last_label (history->redo);
}

static void
sh_polygon_history_finalize (GObject *object)
{
  ShPolygonHistory *self = SH_POLYGON_HISTORY (object);

  g_ptr_array_unref (self->undo);
  g_ptr_array_unref (self->redo);
  G_OBJECT_CLASS (sh_polygon_history_parent_class)->finalize (object);
}

static void
sh_polygon_history_class_init (ShPolygonHistoryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sh_polygon_history_finalize;
  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                          NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
}

static void
sh_polygon_history_init (ShPolygonHistory *self)
{
  self->undo = g_ptr_array_new_with_free_func ((GDestroyNotify) step_free);
  self->redo = g_ptr_array_new_with_free_func ((GDestroyNotify) step_free);
}
