/* SPDX-License-Identifier: GPL-3.0-or-later */
/* edit-history.c: undo and redo of labeling edits, each step one store transaction (see edit-history.h). */
#define G_LOG_DOMAIN "shadelab-history"

#include "config.h"

#include "core/models/edit-history.h"
#include "core/store/project-products.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

/* How far a duplicate lands from its original, in image pixels: the Shift+arrow nudge, so that the copy is
 * clearly visible and one nudge back puts it over the original. */
#define SH_DUPLICATE_OFFSET 10.0

typedef enum {
  LABEL_ADD_BOX,
  LABEL_DUPLICATE_BOX,
  LABEL_DELETE_BOX,
  LABEL_MOVE_BOX,
  LABEL_RESIZE_BOX,
  LABEL_CHANGE_CLASS,
  LABEL_CHANGE_FLAGS,
  LABEL_EDIT_BOX,
  LABEL_ACCEPT_MODEL_BOX,
  LABEL_MARK_LABELED,
  LABEL_MARK_NEW,
  LABEL_SKIP_IMAGE,
  LABEL_REJECT_IMAGE,
  LABEL_SET_PRODUCT,
  LABEL_UNLINK_PRODUCT,
} StepLabel;

/* Whole phrases, so that translations need not assemble "Undo" with a noun. */
static const struct {
  const char *undo;
  const char *redo;
} step_labels[] = {
  [LABEL_ADD_BOX] = { N_("Undo Add Box"), N_("Redo Add Box") },
  [LABEL_DUPLICATE_BOX] = { N_("Undo Duplicate Box"), N_("Redo Duplicate Box") },
  [LABEL_DELETE_BOX] = { N_("Undo Delete Box"), N_("Redo Delete Box") },
  [LABEL_MOVE_BOX] = { N_("Undo Move Box"), N_("Redo Move Box") },
  [LABEL_RESIZE_BOX] = { N_("Undo Resize Box"), N_("Redo Resize Box") },
  [LABEL_CHANGE_CLASS] = { N_("Undo Change Box Class"), N_("Redo Change Box Class") },
  [LABEL_CHANGE_FLAGS] = { N_("Undo Change Box Flags"), N_("Redo Change Box Flags") },
  [LABEL_EDIT_BOX] = { N_("Undo Edit Box"), N_("Redo Edit Box") },
  [LABEL_ACCEPT_MODEL_BOX] = { N_("Undo Accept Model Box"), N_("Redo Accept Model Box") },
  [LABEL_MARK_LABELED] = { N_("Undo Mark Image Labeled"), N_("Redo Mark Image Labeled") },
  [LABEL_MARK_NEW] = { N_("Undo Mark Image New"), N_("Redo Mark Image New") },
  [LABEL_SKIP_IMAGE] = { N_("Undo Skip Image"), N_("Redo Skip Image") },
  [LABEL_REJECT_IMAGE] = { N_("Undo Reject Image"), N_("Redo Reject Image") },
  [LABEL_SET_PRODUCT] = { N_("Undo Set Product"), N_("Redo Set Product") },
  [LABEL_UNLINK_PRODUCT] = { N_("Undo Unlink Product"), N_("Redo Unlink Product") },
};

typedef enum {
  STEP_ADD_BOX,       /* after holds the box as stored */
  STEP_DELETE_BOX,    /* before holds the box as it was */
  STEP_UPDATE_BOX,    /* both */
  STEP_IMAGE_STATUS,
  STEP_IMAGE_PRODUCT, /* product_before, product_after (0: none) */
} StepKind;

typedef struct {
  StepKind kind;
  StepLabel label;
  gint64 image_id;
  ShBoxRow before, after;             /* rows read back from the store: they own their strings */
  ShImageStatus status_before, status_after;
  char *reason_before, *reason_after;
  gint64 product_before, product_after;
} Step;

struct _ShEditHistory {
  GObject parent_instance;

  ShProject *project;
  char *labeler;
  GPtrArray *undo_steps;  /* Step*, most recent last */
  GPtrArray *redo_steps;  /* Step*, next to redo last */

  ShEditHistoryPhotoFunc photo_func;
  gpointer photo_data;
  GDestroyNotify photo_destroy;
  gint64 decoded_id;       /* without a photo function: the last photo decoded, kept for the next step */
  ShSharedImage *decoded;
};

G_DEFINE_FINAL_TYPE (ShEditHistory, sh_edit_history, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PROJECT,
  PROP_LABELER,
  PROP_CAN_UNDO,
  PROP_CAN_REDO,
  PROP_UNDO_LABEL,
  PROP_REDO_LABEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- steps ---- */

static Step *
step_new (StepKind kind, StepLabel label, gint64 image_id)
{
  Step *step = g_new0 (Step, 1);
  step->kind = kind;
  step->label = label;
  step->image_id = image_id;
  return step;
}

static void
step_free (gpointer data)
{
  Step *step = data;
  sh_box_row_clear (&step->before);
  sh_box_row_clear (&step->after);
  g_free (step->reason_before);
  g_free (step->reason_after);
  g_free (step);
}

static gboolean
box_geometry_equal (const ShBoxRow *a, const ShBoxRow *b)
{
  return a->x == b->x && a->y == b->y && a->w == b->w && a->h == b->h;
}

static gboolean
box_flags_equal (const ShBoxRow *a, const ShBoxRow *b)
{
  return !a->occluded == !b->occluded && !a->truncated == !b->truncated && !a->difficult == !b->difficult;
}

static gboolean
box_rows_equal (const ShBoxRow *a, const ShBoxRow *b)
{
  return a->id == b->id && a->image_id == b->image_id && g_strcmp0 (a->class_name, b->class_name) == 0
         && box_geometry_equal (a, b) && a->source == b->source && a->score == b->score
         && !a->accepted == !b->accepted && g_strcmp0 (a->labeler, b->labeler) == 0 && box_flags_equal (a, b);
}

/* What an update did, named by the one thing it changed. */
static StepLabel
update_label (const ShBoxRow *before, const ShBoxRow *after)
{
  gboolean same_size = before->w == after->w && before->h == after->h;
  gboolean geometry = !box_geometry_equal (before, after);
  gboolean class_changed = g_strcmp0 (before->class_name, after->class_name) != 0;
  gboolean flags = !box_flags_equal (before, after);
  gboolean other = before->image_id != after->image_id || before->source != after->source
                   || before->score != after->score || !before->accepted != !after->accepted;

  if (geometry && !class_changed && !flags && !other)
    return same_size ? LABEL_MOVE_BOX : LABEL_RESIZE_BOX;
  if (class_changed && !geometry && !flags && !other)
    return LABEL_CHANGE_CLASS;
  if (flags && !geometry && !class_changed && !other)
    return LABEL_CHANGE_FLAGS;
  return LABEL_EDIT_BOX;
}

static StepLabel
status_label (ShImageStatus status)
{
  switch (status)
    {
    case SH_IMAGE_LABELED:
      return LABEL_MARK_LABELED;
    case SH_IMAGE_SKIPPED:
      return LABEL_SKIP_IMAGE;
    case SH_IMAGE_REJECTED:
      return LABEL_REJECT_IMAGE;
    case SH_IMAGE_NEW:
    default:
      return LABEL_MARK_NEW;
    }
}

static gboolean
read_image_size (ShProject *project, gint64 image_id, double *width, double *height, GError **error)
{
  int w, h;

  if (!sh_project_get_image_size (project, image_id, &w, &h, NULL, error))
    return FALSE;
  *width = w;
  *height = h;
  return TRUE;
}

/* ---- boxes and their swatches ---- */

/* Without a photo function: the photo's own file, the last one kept (undo and redo go back to it). */
static ShSharedImage *
load_photo (ShEditHistory *self, gint64 image_id, GError **error)
{
  g_autofree char *path = NULL;
  ShLoadedImage *loaded;

  if (self->decoded != NULL && self->decoded_id == image_id)
    return sh_shared_image_ref (self->decoded);
  path = sh_project_get_image_file (self->project, image_id, error);
  if (path == NULL)
    return NULL;
  loaded = sh_load_image (path, NULL, error);
  if (loaded == NULL)
    return NULL;
  g_clear_pointer (&self->decoded, sh_shared_image_unref);
  self->decoded = sh_shared_image_new (loaded);
  self->decoded_id = image_id;
  return sh_shared_image_ref (self->decoded);
}

/* The photo to measure a box of image_id in, or NULL when it cannot be read (the box is then stored without
 * a swatch rather than with a wrong one). */
static ShSharedImage *
get_photo (ShEditHistory *self, gint64 image_id)
{
  g_autoptr (GError) error = NULL;
  ShSharedImage *photo = self->photo_func != NULL ? self->photo_func (image_id, self->photo_data, &error)
                                                  : load_photo (self, image_id, &error);

  if (photo == NULL)
    g_debug ("the boxes of image %" G_GINT64_FORMAT " cannot be measured: %s", image_id,
             error != NULL ? error->message : "no photo");
  return photo;
}

/* The robust swatch of a stored box, measured as the swatch panel measures it (whole pixels, clipped to the
 * photo), finish and glitter included. */
static gboolean
measure_box (ShSharedImage *photo, const ShBoxRow *row, ShSwatch *swatch)
{
  ShBox box = { (int) floor (row->x + 0.5), (int) floor (row->y + 0.5), (int) floor (row->w + 0.5),
                (int) floor (row->h + 0.5) };

  return photo != NULL
         && sh_extract_with_finish (sh_shared_image_get_image (photo), box, SH_METHOD_ROBUST, swatch, NULL);
}

/* Writes a box and its swatches in one transaction: row saved (added when row->id is 0, else changed; the
 * store clips it) or, with restore, put back under its id. stored (when not NULL) receives the row as stored,
 * id its id. */
static gboolean
write_box (ShEditHistory *self, const ShBoxRow *row, gboolean restore, ShBoxRow *stored, gint64 *id,
           GError **error)
{
  /* Decoded before the transaction: a photo that is not on screen takes 50-150 ms. */
  g_autoptr (ShSharedImage) photo = get_photo (self, row->image_id);
  g_auto (ShBoxRow) previous = { 0 };
  g_auto (ShBoxRow) written = { 0 };
  gboolean had_previous = FALSE, ok;
  gint64 box_id = row->id;
  ShSwatch swatch;

  if (!sh_project_begin (self->project, error))
    return FALSE;
  if (!restore && row->id != 0)
    had_previous = ok = sh_project_get_box (self->project, row->id, &previous, error);
  else
    ok = TRUE;
  ok = ok
       && (restore ? sh_project_restore_box (self->project, row, error)
                   : sh_project_save_box (self->project, row, &box_id, error))
       && sh_project_get_box (self->project, box_id, &written, error);
  if (ok)
    {
      gboolean measured = measure_box (photo, &written, &swatch);
      gboolean same_place = had_previous && previous.image_id == written.image_id
                            && box_geometry_equal (&previous, &written);

      /* Unmeasured, the old swatches stay only where they still describe the box. */
      if (measured || !same_place)
        ok = sh_project_delete_swatches (self->project, box_id, error)
             && (!measured || sh_project_save_swatch (self->project, box_id, &swatch, error));
    }
  if (!ok)
    {
      sh_project_rollback (self->project);
      return FALSE;
    }
  if (!sh_project_commit (self->project, error))
    return FALSE;
  if (id != NULL)
    *id = box_id;
  if (stored != NULL)
    {
      *stored = written;
      memset (&written, 0, sizeof written);
    }
  return TRUE;
}

/* Applies a step forwards (redo) or backwards (undo): one store transaction. */
static gboolean
step_apply (ShEditHistory *self, Step *step, gboolean forward, GError **error)
{
  switch (step->kind)
    {
    case STEP_ADD_BOX:
      return forward ? write_box (self, &step->after, TRUE, NULL, NULL, error)
                     : sh_project_delete_box (self->project, step->after.id, error);
    case STEP_DELETE_BOX:
      return forward ? sh_project_delete_box (self->project, step->before.id, error)
                     : write_box (self, &step->before, TRUE, NULL, NULL, error);
    case STEP_UPDATE_BOX:
      return write_box (self, forward ? &step->after : &step->before, FALSE, NULL, NULL, error);
    case STEP_IMAGE_STATUS:
      return sh_project_set_image_status (self->project, step->image_id,
                                          forward ? step->status_after : step->status_before,
                                          forward ? step->reason_after : step->reason_before, error);
    case STEP_IMAGE_PRODUCT:
      return sh_project_set_image_product (self->project, step->image_id,
                                           forward ? step->product_after : step->product_before, error);
    default:
      g_assert_not_reached ();
    }
}

/* ---- state and notifications ---- */

typedef struct {
  gboolean can_undo, can_redo;
  const char *undo_label, *redo_label;
} Snapshot;

static void
snapshot_take (ShEditHistory *self, Snapshot *snapshot)
{
  snapshot->can_undo = sh_edit_history_can_undo (self);
  snapshot->can_redo = sh_edit_history_can_redo (self);
  snapshot->undo_label = sh_edit_history_get_undo_label (self);
  snapshot->redo_label = sh_edit_history_get_redo_label (self);
}

static void
notify_changes (ShEditHistory *self, const Snapshot *old)
{
  Snapshot now;

  snapshot_take (self, &now);
  g_object_freeze_notify (G_OBJECT (self));
  if (now.can_undo != old->can_undo)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_UNDO]);
  if (now.can_redo != old->can_redo)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_REDO]);
  if (g_strcmp0 (now.undo_label, old->undo_label) != 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNDO_LABEL]);
  if (g_strcmp0 (now.redo_label, old->redo_label) != 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REDO_LABEL]);
  g_object_thaw_notify (G_OBJECT (self));
}

/* Records a step that has been committed: a new edit makes the redo steps meaningless. */
static void
push_done (ShEditHistory *self, Step *step)
{
  Snapshot old;
  gint64 image_id = step->image_id;

  snapshot_take (self, &old);
  g_ptr_array_add (self->undo_steps, step);
  g_ptr_array_set_size (self->redo_steps, 0);
  notify_changes (self, &old);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0, image_id);
}

/* ---- edits ---- */

gboolean
sh_edit_history_add_box (ShEditHistory *self, const ShBoxRow *row, gint64 *id, GError **error)
{
  Step *step;
  gint64 box_id = 0;

  g_return_val_if_fail (SH_IS_EDIT_HISTORY (self), FALSE);
  g_return_val_if_fail (row != NULL, FALSE);

  if (row->id != 0)
    {
      g_set_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_INVALID,
                   "a new box cannot have an id (%" G_GINT64_FORMAT ")", row->id);
      return FALSE;
    }
  step = step_new (STEP_ADD_BOX, LABEL_ADD_BOX, row->image_id);
  /* The store may have clipped the box: remember what it holds. */
  if (!write_box (self, row, FALSE, &step->after, &box_id, error))
    {
      step_free (step);
      return FALSE;
    }
  push_done (self, step);
  if (id != NULL)
    *id = box_id;
  return TRUE;
}

/* Saves after over the box in before (already read) and records the step unless nothing changed. */
static gboolean
update_from (ShEditHistory *self, ShBoxRow *before, const ShBoxRow *row, StepLabel forced_label,
             gboolean use_forced_label, GError **error)
{
  g_auto (ShBoxRow) after = { 0 };
  Step *step;

  if (box_rows_equal (before, row))
    return TRUE;
  if (!write_box (self, row, FALSE, &after, NULL, error))
    return FALSE;
  if (box_rows_equal (before, &after))
    return TRUE;
  step = step_new (STEP_UPDATE_BOX, use_forced_label ? forced_label : update_label (before, &after),
                   after.image_id);
  step->before = *before;
  step->after = after;
  /* The step owns the strings now. */
  memset (before, 0, sizeof *before);
  memset (&after, 0, sizeof after);
  push_done (self, step);
  return TRUE;
}

gboolean
sh_edit_history_update_box (ShEditHistory *self, const ShBoxRow *row, GError **error)
{
  g_auto (ShBoxRow) before = { 0 };

  g_return_val_if_fail (SH_IS_EDIT_HISTORY (self), FALSE);
  g_return_val_if_fail (row != NULL, FALSE);

  if (!sh_project_get_box (self->project, row->id, &before, error))
    return FALSE;
  return update_from (self, &before, row, LABEL_EDIT_BOX, FALSE, error);
}

gboolean
sh_edit_history_delete_box (ShEditHistory *self, gint64 box_id, GError **error)
{
  g_auto (ShBoxRow) before = { 0 };
  Step *step;

  g_return_val_if_fail (SH_IS_EDIT_HISTORY (self), FALSE);

  if (!sh_project_get_box (self->project, box_id, &before, error)
      || !sh_project_delete_box (self->project, box_id, error))
    return FALSE;
  step = step_new (STEP_DELETE_BOX, LABEL_DELETE_BOX, before.image_id);
  step->before = before;
  memset (&before, 0, sizeof before);
  push_done (self, step);
  return TRUE;
}

/* Where a copy of [start, start + length) goes inside [0, limit): offset forwards, else backwards, else in
 * place. */
static double
duplicate_position (double start, double length, double limit)
{
  if (start + SH_DUPLICATE_OFFSET + length <= limit)
    return start + SH_DUPLICATE_OFFSET;
  if (start - SH_DUPLICATE_OFFSET >= 0)
    return start - SH_DUPLICATE_OFFSET;
  return start;
}

gboolean
sh_edit_history_duplicate_box (ShEditHistory *self, gint64 box_id, gint64 *new_id, GError **error)
{
  g_auto (ShBoxRow) original = { 0 };
  ShBoxRow copy;
  double width = 0, height = 0;
  gint64 copy_id = 0;
  Step *step;

  g_return_val_if_fail (SH_IS_EDIT_HISTORY (self), FALSE);

  if (!sh_project_get_box (self->project, box_id, &original, error)
      || !read_image_size (self->project, original.image_id, &width, &height, error))
    return FALSE;
  copy = original;
  copy.id = 0;
  copy.x = duplicate_position (original.x, original.w, width);
  copy.y = duplicate_position (original.y, original.h, height);
  copy.source = SH_BOX_SOURCE_HUMAN;
  copy.score = -1;
  copy.accepted = FALSE;
  copy.labeler = self->labeler;
  step = step_new (STEP_ADD_BOX, LABEL_DUPLICATE_BOX, original.image_id);
  if (!write_box (self, &copy, FALSE, &step->after, &copy_id, error))
    {
      step_free (step);
      return FALSE;
    }
  push_done (self, step);
  if (new_id != NULL)
    *new_id = copy_id;
  return TRUE;
}

gboolean
sh_edit_history_set_image_status (ShEditHistory *self, gint64 image_id, ShImageStatus status, const char *reason,
                                  GError **error)
{
  ShImageStatus old_status = SH_IMAGE_NEW;
  g_autofree char *old_reason = NULL;
  Step *step;

  g_return_val_if_fail (SH_IS_EDIT_HISTORY (self), FALSE);

  if (!sh_project_get_image_status (self->project, image_id, &old_status, &old_reason, error))
    return FALSE;
  if (old_status == status && g_strcmp0 (old_reason, reason) == 0)
    return TRUE;
  if (!sh_project_set_image_status (self->project, image_id, status, reason, error))
    return FALSE;
  step = step_new (STEP_IMAGE_STATUS, status_label (status), image_id);
  step->status_before = old_status;
  step->reason_before = g_steal_pointer (&old_reason);
  step->status_after = status;
  step->reason_after = g_strdup (reason);
  push_done (self, step);
  return TRUE;
}

gboolean
sh_edit_history_accept_model_box (ShEditHistory *self, gint64 box_id, GError **error)
{
  g_auto (ShBoxRow) before = { 0 };
  ShBoxRow accepted;

  g_return_val_if_fail (SH_IS_EDIT_HISTORY (self), FALSE);

  if (!sh_project_get_box (self->project, box_id, &before, error))
    return FALSE;
  if (before.source != SH_BOX_SOURCE_MODEL)
    {
      g_set_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_INVALID,
                   "box %" G_GINT64_FORMAT " was drawn by a person, not proposed by a model", box_id);
      return FALSE;
    }
  accepted = before;
  accepted.accepted = TRUE;
  accepted.labeler = self->labeler;
  return update_from (self, &before, &accepted, LABEL_ACCEPT_MODEL_BOX, TRUE, error);
}

gboolean
sh_edit_history_set_image_product (ShEditHistory *self, gint64 image_id, gint64 product_id, GError **error)
{
  gint64 old_product = 0;
  Step *step;

  g_return_val_if_fail (SH_IS_EDIT_HISTORY (self), FALSE);

  if (!sh_project_get_image_product (self->project, image_id, &old_product, error))
    return FALSE;
  if (old_product == MAX (product_id, 0))
    return TRUE;
  if (!sh_project_set_image_product (self->project, image_id, product_id, error))
    return FALSE;
  step = step_new (STEP_IMAGE_PRODUCT, product_id > 0 ? LABEL_SET_PRODUCT : LABEL_UNLINK_PRODUCT, image_id);
  step->product_before = old_product;
  step->product_after = MAX (product_id, 0);
  push_done (self, step);
  return TRUE;
}

/* ---- undo and redo ---- */

/* Moves the last step of from onto to once the store has applied it; unchanged on failure. */
static gboolean
replay (ShEditHistory *self, GPtrArray *from, GPtrArray *to, gboolean forward, GError **error)
{
  Snapshot old;
  Step *step;

  if (from->len == 0)
    {
      g_set_error_literal (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_FAILED,
                           forward ? "there is nothing to redo" : "there is nothing to undo");
      return FALSE;
    }
  step = g_ptr_array_index (from, from->len - 1);
  if (!step_apply (self, step, forward, error))
    return FALSE;
  snapshot_take (self, &old);
  g_ptr_array_add (to, g_ptr_array_steal_index (from, from->len - 1));
  notify_changes (self, &old);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0, step->image_id);
  return TRUE;
}

gboolean
sh_edit_history_undo (ShEditHistory *self, GError **error)
{
  g_return_val_if_fail (SH_IS_EDIT_HISTORY (self), FALSE);
  return replay (self, self->undo_steps, self->redo_steps, FALSE, error);
}

gboolean
sh_edit_history_redo (ShEditHistory *self, GError **error)
{
  g_return_val_if_fail (SH_IS_EDIT_HISTORY (self), FALSE);
  return replay (self, self->redo_steps, self->undo_steps, TRUE, error);
}

gboolean
sh_edit_history_can_undo (ShEditHistory *self)
{
  g_return_val_if_fail (SH_IS_EDIT_HISTORY (self), FALSE);
  return self->undo_steps->len > 0;
}

gboolean
sh_edit_history_can_redo (ShEditHistory *self)
{
  g_return_val_if_fail (SH_IS_EDIT_HISTORY (self), FALSE);
  return self->redo_steps->len > 0;
}

static Step *
last_step (GPtrArray *steps)
{
  return steps->len > 0 ? g_ptr_array_index (steps, steps->len - 1) : NULL;
}

const char *
sh_edit_history_get_undo_label (ShEditHistory *self)
{
  Step *step;

  g_return_val_if_fail (SH_IS_EDIT_HISTORY (self), NULL);
  step = last_step (self->undo_steps);
  return step != NULL ? _(step_labels[step->label].undo) : NULL;
}

const char *
sh_edit_history_get_redo_label (ShEditHistory *self)
{
  Step *step;

  g_return_val_if_fail (SH_IS_EDIT_HISTORY (self), NULL);
  step = last_step (self->redo_steps);
  return step != NULL ? _(step_labels[step->label].redo) : NULL;
}

gint64
sh_edit_history_get_undo_image (ShEditHistory *self)
{
  Step *step;

  g_return_val_if_fail (SH_IS_EDIT_HISTORY (self), 0);
  step = last_step (self->undo_steps);
  return step != NULL ? step->image_id : 0;
}

gint64
sh_edit_history_get_redo_image (ShEditHistory *self)
{
  Step *step;

  g_return_val_if_fail (SH_IS_EDIT_HISTORY (self), 0);
  step = last_step (self->redo_steps);
  return step != NULL ? step->image_id : 0;
}

void
sh_edit_history_clear (ShEditHistory *self)
{
  Snapshot old;

  g_return_if_fail (SH_IS_EDIT_HISTORY (self));
  snapshot_take (self, &old);
  g_ptr_array_set_size (self->undo_steps, 0);
  g_ptr_array_set_size (self->redo_steps, 0);
  notify_changes (self, &old);
}

void
sh_edit_history_set_photo_func (ShEditHistory *self, ShEditHistoryPhotoFunc func, gpointer user_data,
                                GDestroyNotify destroy)
{
  g_return_if_fail (SH_IS_EDIT_HISTORY (self));

  if (self->photo_destroy != NULL)
    self->photo_destroy (self->photo_data);
  self->photo_func = func;
  self->photo_data = user_data;
  self->photo_destroy = destroy;
  g_clear_pointer (&self->decoded, sh_shared_image_unref);
}

ShProject *
sh_edit_history_get_project (ShEditHistory *self)
{
  g_return_val_if_fail (SH_IS_EDIT_HISTORY (self), NULL);
  return self->project;
}

const char *
sh_edit_history_get_labeler (ShEditHistory *self)
{
  g_return_val_if_fail (SH_IS_EDIT_HISTORY (self), NULL);
  return self->labeler;
}

/* ---- GObject ---- */

ShEditHistory *
sh_edit_history_new (ShProject *project, const char *labeler)
{
  g_return_val_if_fail (project != NULL, NULL);
  return g_object_new (SH_TYPE_EDIT_HISTORY, "project", project, "labeler", labeler, NULL);
}

static void
sh_edit_history_finalize (GObject *object)
{
  ShEditHistory *self = SH_EDIT_HISTORY (object);

  g_ptr_array_unref (self->undo_steps);
  g_ptr_array_unref (self->redo_steps);
  if (self->photo_destroy != NULL)
    self->photo_destroy (self->photo_data);
  g_clear_pointer (&self->decoded, sh_shared_image_unref);
  g_free (self->labeler);
  G_OBJECT_CLASS (sh_edit_history_parent_class)->finalize (object);
}

static void
sh_edit_history_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  ShEditHistory *self = SH_EDIT_HISTORY (object);

  switch (prop_id)
    {
    case PROP_PROJECT:
      g_value_set_pointer (value, self->project);
      break;
    case PROP_LABELER:
      g_value_set_string (value, self->labeler);
      break;
    case PROP_CAN_UNDO:
      g_value_set_boolean (value, sh_edit_history_can_undo (self));
      break;
    case PROP_CAN_REDO:
      g_value_set_boolean (value, sh_edit_history_can_redo (self));
      break;
    case PROP_UNDO_LABEL:
      g_value_set_string (value, sh_edit_history_get_undo_label (self));
      break;
    case PROP_REDO_LABEL:
      g_value_set_string (value, sh_edit_history_get_redo_label (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sh_edit_history_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  ShEditHistory *self = SH_EDIT_HISTORY (object);

  switch (prop_id)
    {
    case PROP_PROJECT:
      self->project = g_value_get_pointer (value);
      break;
    case PROP_LABELER:
      g_free (self->labeler);
      self->labeler = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sh_edit_history_class_init (ShEditHistoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sh_edit_history_finalize;
  object_class->get_property = sh_edit_history_get_property;
  object_class->set_property = sh_edit_history_set_property;

  properties[PROP_PROJECT] =
    g_param_spec_pointer ("project", NULL, NULL,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LABELER] =
    g_param_spec_string ("labeler", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_UNDO] =
    g_param_spec_boolean ("can-undo", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_REDO] =
    g_param_spec_boolean ("can-redo", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_UNDO_LABEL] =
    g_param_spec_string ("undo-label", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_REDO_LABEL] =
    g_param_spec_string ("redo-label", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* After each committed edit, undo or redo, with the image it touched. */
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                  G_TYPE_INT64);
}

static void
sh_edit_history_init (ShEditHistory *self)
{
  self->undo_steps = g_ptr_array_new_with_free_func (step_free);
  self->redo_steps = g_ptr_array_new_with_free_func (step_free);
}
