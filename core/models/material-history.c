/* SPDX-License-Identifier: GPL-3.0-or-later */
/* material-history.c: material parameter changes with undo and redo, audited in the project (see
 * material-history.h). */
#define G_LOG_DOMAIN "shadelab-material-history"

#include "config.h"

#include <math.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <glib/gi18n.h>

#include "color/colorspace.h"
#include "core/models/material-history.h"
#include "core/formats/material-json.h"

typedef enum {
  KIND_UNIT,
  KIND_NON_NEGATIVE,
  KIND_IOR,
  KIND_HEX,
  KIND_FINISH,
  KIND_TRIPLE,
  KIND_UNIT_TRIPLE,
} Kind;

/* The materials table's parameters (core/store/schema.sql) and their column defaults, for undoing a change whose
 * product had no material row before. */
typedef struct {
  const char *name;
  Kind kind;
  const char *fallback;   /* the column default; NULL for nullable columns */
} Param;

#define PARAM(column, kind, fallback) { #column, kind, fallback }

static const Param params[] = {
  PARAM (base_color, KIND_HEX, NULL),
  PARAM (finish, KIND_FINISH, NULL),
  PARAM (roughness, KIND_UNIT, NULL),
  PARAM (metallic, KIND_UNIT, "0"),
  PARAM (clearcoat, KIND_UNIT, "0"),
  PARAM (clearcoat_roughness, KIND_UNIT, "0"),
  PARAM (specular, KIND_UNIT, "1"),
  PARAM (specular_color, KIND_TRIPLE, "[1,1,1]"),
  PARAM (sheen_color, KIND_UNIT_TRIPLE, "[0,0,0]"),
  PARAM (sheen_roughness, KIND_UNIT, "0"),
  PARAM (ior, KIND_IOR, "1.5"),
  PARAM (glitter_density, KIND_NON_NEGATIVE, "0"),
  PARAM (glitter_size, KIND_NON_NEGATIVE, "0"),
  PARAM (glitter_color, KIND_HEX, NULL),
};

/* What a step wrote into the materials row, to write back on undo: the stored values, not the audited ones
 * (those are as exported: a value derived from the swatch or the finish is audited but was never stored). */
typedef struct {
  const Param *param;
  char *old_value;        /* as stored before; NULL: empty (or no material row before) */
  char *new_value;
} Change;

typedef struct {
  char *label;
  gint64 product_id;
  GArray *changes;        /* Change, in the order they were written */
} Step;

struct _ShMaterialHistory
{
  GObject parent_instance;

  ShProject *project;
  char *who;
  GPtrArray *undo;        /* Step, oldest first */
  GPtrArray *redo;        /* Step, the next redo last */

  /* The open group */
  gboolean in_group;
  gint64 group_product;
  char *group_label;
  char *group_note;
  GArray *staged;         /* Change with new_value only, one per parameter, first staged first */
};

G_DEFINE_FINAL_TYPE (ShMaterialHistory, sh_material_history, G_TYPE_OBJECT)

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

static void
change_clear (gpointer data)
{
  Change *change = data;

  g_clear_pointer (&change->old_value, g_free);
  g_clear_pointer (&change->new_value, g_free);
}

static GArray *
changes_new (void)
{
  GArray *changes = g_array_new (FALSE, TRUE, sizeof (Change));

  g_array_set_clear_func (changes, change_clear);
  return changes;
}

static void
step_free (gpointer data)
{
  Step *step = data;

  g_free (step->label);
  g_array_unref (step->changes);
  g_free (step);
}

static const Param *
find_param (const char *name)
{
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (params); i++)
    if (strcmp (params[i].name, name) == 0)
      return &params[i];
  return NULL;
}

/* ---- values ---- */

static gboolean
parse_number (const char *text, double *number)
{
  char *end = NULL;

  if (text == NULL || *text == '\0')
    return FALSE;
  *number = g_ascii_strtod (text, &end);
  return end != NULL && *end == '\0' && isfinite (*number);
}

static gboolean
parse_triple (const char *text, double v[3])
{
  cJSON *array = text != NULL ? cJSON_Parse (text) : NULL;
  gboolean valid = cJSON_IsArray (array) && cJSON_GetArraySize (array) == 3;

  for (int i = 0; valid && i < 3; i++)
    {
      cJSON *item = cJSON_GetArrayItem (array, i);
      valid = cJSON_IsNumber (item) && isfinite (item->valuedouble);
      v[i] = valid ? item->valuedouble : 0;
    }
  cJSON_Delete (array);
  return valid;
}

/* The same checks as the store makes, so a group refuses a bad value when it is staged rather than when
 * it ends. */
static gboolean
check_value (const Param *param, const char *value, GError **error)
{
  double number, v[3];
  uint8_t rgb[3];
  gboolean ok = TRUE;

  if (value == NULL)
    ok = param->fallback == NULL;
  else
    switch (param->kind)
      {
      case KIND_UNIT:
        ok = parse_number (value, &number) && number >= 0 && number <= 1;
        break;
      case KIND_NON_NEGATIVE:
        ok = parse_number (value, &number) && number >= 0;
        break;
      case KIND_IOR:
        ok = parse_number (value, &number) && (number == 0 || (number >= 1 && number <= 10));
        break;
      case KIND_HEX:
        ok = sh_parse_hex (value, rgb);
        break;
      case KIND_FINISH:
        ok = g_strv_contains ((const char *const[]) { "matte", "satin", "shiny", "gloss", "glitter", NULL }, value);
        break;
      case KIND_TRIPLE:
      case KIND_UNIT_TRIPLE:
        ok = parse_triple (value, v);
        for (int i = 0; ok && i < 3; i++)
          ok = v[i] >= 0 && (param->kind == KIND_TRIPLE || v[i] <= 1);
        break;
      }
  if (!ok)
    g_set_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_INVALID, "material parameter '%s': '%s' is not a valid value",
                 param->name, value != NULL ? value : "(empty)");
  return ok;
}

/* Whether two text forms of a parameter mean the same value ("0.5" and "0.50", "#B0243A" and "#b0243a"). */
static gboolean
same_value (const Param *param, const char *a, const char *b)
{
  double x, y, u[3], w[3];

  if (a == NULL || b == NULL)
    return a == b;
  switch (param->kind)
    {
    case KIND_UNIT:
    case KIND_NON_NEGATIVE:
    case KIND_IOR:
      return parse_number (a, &x) && parse_number (b, &y) ? x == y : strcmp (a, b) == 0;
    case KIND_HEX:
      return g_ascii_strcasecmp (a, b) == 0;
    case KIND_TRIPLE:
    case KIND_UNIT_TRIPLE:
      if (parse_triple (a, u) && parse_triple (b, w))
        return u[0] == w[0] && u[1] == w[1] && u[2] == w[2];
      return strcmp (a, b) == 0;
    case KIND_FINISH:
      break;
    }
  return strcmp (a, b) == 0;
}

static gboolean
read_stored (ShProject *project, const Param *param, gint64 product_id, char **value, gboolean *has_row,
             GError **error)
{
  return sh_project_get_stored_material (project, product_id, param->name, value, has_row, error);
}

/* ---- steps ---- */

/* Writes changes (their new values, or their old ones when undoing) as one entry of the audit log. *change_id
 * is 0 when that changed nothing the export writes: nothing was written then. */
static gboolean
write_changes (ShMaterialHistory *self, gint64 product_id, GArray *changes, gboolean undoing, const char *note,
               gint64 *change_id, GError **error)
{
  g_autofree const char **names = g_new0 (const char *, changes->len + 1);
  g_autofree const char **values = g_new0 (const char *, changes->len + 1);

  for (guint i = 0; i < changes->len; i++)
    {
      Change *change = &g_array_index (changes, Change, i);

      names[i] = change->param->name;
      values[i] = undoing ? change->old_value : change->new_value;
      /* Nothing stored before means the product had no material row: its column default then. */
      if (undoing && values[i] == NULL)
        values[i] = change->param->fallback;
    }
  return sh_project_set_material_values (self->project, product_id, names, values, changes->len, self->who, note,
                                         change_id, error);
}

static void
clear_group (ShMaterialHistory *self)
{
  self->in_group = FALSE;
  self->group_product = 0;
  g_clear_pointer (&self->group_label, g_free);
  g_clear_pointer (&self->group_note, g_free);
  g_array_set_size (self->staged, 0);
}

gboolean
sh_material_history_begin_group (ShMaterialHistory *self, gint64 product_id, const char *label)
{
  g_return_val_if_fail (SH_IS_MATERIAL_HISTORY (self), FALSE);

  if (self->in_group)
    return FALSE;
  self->in_group = TRUE;
  self->group_product = product_id;
  self->group_label = g_strdup (label != NULL ? label : _("Material Change"));
  return TRUE;
}

gboolean
sh_material_history_in_group (ShMaterialHistory *self)
{
  g_return_val_if_fail (SH_IS_MATERIAL_HISTORY (self), FALSE);
  return self->in_group;
}

gint64
sh_material_history_get_group_product (ShMaterialHistory *self)
{
  g_return_val_if_fail (SH_IS_MATERIAL_HISTORY (self), 0);
  return self->in_group ? self->group_product : 0;
}

gboolean
sh_material_history_set (ShMaterialHistory *self, gint64 product_id, const char *parameter, const char *value,
                         const char *note, GError **error)
{
  const Param *param;
  Change *staged = NULL;

  g_return_val_if_fail (SH_IS_MATERIAL_HISTORY (self), FALSE);

  param = find_param (parameter);
  if (param == NULL)
    {
      g_set_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_INVALID, "'%s' is not a material parameter",
                   parameter != NULL ? parameter : "(null)");
      return FALSE;
    }
  if (!self->in_group)
    {
      sh_material_history_begin_group (self, product_id, NULL);
      if (!sh_material_history_set (self, product_id, parameter, value, note, error))
        {
          clear_group (self);
          return FALSE;
        }
      return sh_material_history_end_group (self, error);
    }
  if (product_id != self->group_product)
    {
      g_set_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_INVALID,
                   "a group of material changes covers one product");
      return FALSE;
    }
  if (!check_value (param, value, error))
    return FALSE;
  for (guint i = 0; i < self->staged->len && staged == NULL; i++)
    if (g_array_index (self->staged, Change, i).param == param)
      staged = &g_array_index (self->staged, Change, i);
  if (staged == NULL)
    {
      g_array_set_size (self->staged, self->staged->len + 1);
      staged = &g_array_index (self->staged, Change, self->staged->len - 1);
      staged->param = param;
    }
  g_free (staged->new_value);
  staged->new_value = g_strdup (value);
  if (note != NULL && *note != '\0')
    {
      g_free (self->group_note);
      self->group_note = g_strdup (note);
    }
  return TRUE;
}

gboolean
sh_material_history_get_staged (ShMaterialHistory *self, const char *parameter, char **value)
{
  const Param *param = find_param (parameter);

  g_return_val_if_fail (SH_IS_MATERIAL_HISTORY (self), FALSE);

  for (guint i = 0; self->in_group && param != NULL && i < self->staged->len; i++)
    {
      Change *change = &g_array_index (self->staged, Change, i);
      if (change->param == param)
        {
          if (value != NULL)
            *value = g_strdup (change->new_value);
          return TRUE;
        }
    }
  return FALSE;
}

gboolean
sh_material_history_end_group (ShMaterialHistory *self, GError **error)
{
  g_autoptr (GArray) changes = changes_new ();
  g_autofree char *note = NULL;
  Step *step;
  gint64 product_id, change_id = 0;

  g_return_val_if_fail (SH_IS_MATERIAL_HISTORY (self), FALSE);

  if (!self->in_group)
    return TRUE;
  product_id = self->group_product;
  note = g_strdup (self->group_note);
  /* The stored values are read in the transaction that writes the new ones, so that undo puts back exactly
   * what this step replaced. */
  if (!sh_project_begin (self->project, error))
    {
      clear_group (self);
      return FALSE;
    }
  for (guint i = 0; i < self->staged->len; i++)
    {
      Change *staged = &g_array_index (self->staged, Change, i);
      g_autofree char *stored = NULL;
      gboolean has_row;
      Change change = { 0 };

      if (!read_stored (self->project, staged->param, product_id, &stored, &has_row, error))
        {
          sh_project_rollback (self->project);
          clear_group (self);
          return FALSE;
        }
      /* Dragging a slider back to where it started writes nothing. */
      if (has_row && same_value (staged->param, stored, staged->new_value))
        continue;
      change.param = staged->param;
      change.old_value = g_steal_pointer (&stored);
      change.new_value = g_strdup (staged->new_value);
      g_array_append_val (changes, change);
    }
  /* The store writes nothing, and makes no entry, when the export would write the same as before: a preset
   * that matches what the product already shows is no step. */
  if ((changes->len > 0 && !write_changes (self, product_id, changes, FALSE, note, &change_id, error))
      || !sh_project_commit (self->project, error))
    {
      sh_project_rollback (self->project);
      clear_group (self);
      return FALSE;
    }
  if (change_id == 0)
    {
      clear_group (self);
      return TRUE;
    }
  step = g_new0 (Step, 1);
  step->label = g_steal_pointer (&self->group_label);
  step->product_id = product_id;
  step->changes = g_steal_pointer (&changes);
  g_ptr_array_add (self->undo, step);
  g_ptr_array_set_size (self->redo, 0);
  clear_group (self);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0, product_id);
  return TRUE;
}

void
sh_material_history_cancel_group (ShMaterialHistory *self)
{
  g_return_if_fail (SH_IS_MATERIAL_HISTORY (self));
  clear_group (self);
}

static gboolean
move_step (ShMaterialHistory *self, GPtrArray *from, GPtrArray *to, gboolean undoing, GError **error)
{
  Step *step;
  gint64 product_id;

  if (self->in_group && !sh_material_history_end_group (self, error))
    return FALSE;
  if (from->len == 0)
    return TRUE;
  step = g_ptr_array_index (from, from->len - 1);
  if (!write_changes (self, step->product_id, step->changes, undoing, undoing ? "undo" : "redo", NULL, error))
    return FALSE;
  product_id = step->product_id;
  g_ptr_array_add (to, g_ptr_array_steal_index (from, from->len - 1));
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0, product_id);
  return TRUE;
}

gboolean
sh_material_history_undo (ShMaterialHistory *self, GError **error)
{
  g_return_val_if_fail (SH_IS_MATERIAL_HISTORY (self), FALSE);
  return move_step (self, self->undo, self->redo, TRUE, error);
}

gboolean
sh_material_history_redo (ShMaterialHistory *self, GError **error)
{
  g_return_val_if_fail (SH_IS_MATERIAL_HISTORY (self), FALSE);
  return move_step (self, self->redo, self->undo, FALSE, error);
}

gboolean
sh_material_history_can_undo (ShMaterialHistory *self)
{
  g_return_val_if_fail (SH_IS_MATERIAL_HISTORY (self), FALSE);
  return self->undo->len > 0 || (self->in_group && self->staged->len > 0);
}

gboolean
sh_material_history_can_redo (ShMaterialHistory *self)
{
  g_return_val_if_fail (SH_IS_MATERIAL_HISTORY (self), FALSE);
  return self->redo->len > 0;
}

static Step *
last_step (GPtrArray *steps)
{
  return steps->len > 0 ? g_ptr_array_index (steps, steps->len - 1) : NULL;
}

const char *
sh_material_history_get_undo_label (ShMaterialHistory *self)
{
  Step *step;

  g_return_val_if_fail (SH_IS_MATERIAL_HISTORY (self), NULL);
  if (self->in_group && self->staged->len > 0)
    return self->group_label;
  step = last_step (self->undo);
  return step != NULL ? step->label : NULL;
}

const char *
sh_material_history_get_redo_label (ShMaterialHistory *self)
{
  Step *step;

  g_return_val_if_fail (SH_IS_MATERIAL_HISTORY (self), NULL);
  step = last_step (self->redo);
  return step != NULL ? step->label : NULL;
}

gint64
sh_material_history_get_undo_product (ShMaterialHistory *self)
{
  Step *step;

  g_return_val_if_fail (SH_IS_MATERIAL_HISTORY (self), 0);
  if (self->in_group && self->staged->len > 0)
    return self->group_product;
  step = last_step (self->undo);
  return step != NULL ? step->product_id : 0;
}

gint64
sh_material_history_get_redo_product (ShMaterialHistory *self)
{
  Step *step;

  g_return_val_if_fail (SH_IS_MATERIAL_HISTORY (self), 0);
  step = last_step (self->redo);
  return step != NULL ? step->product_id : 0;
}

char *
sh_material_history_get_stored (ShMaterialHistory *self, gint64 product_id, const char *parameter,
                                gboolean *has_row, GError **error)
{
  const Param *param;
  char *value = NULL;

  g_return_val_if_fail (SH_IS_MATERIAL_HISTORY (self), NULL);

  param = find_param (parameter);
  if (param == NULL)
    {
      g_set_error (error, SH_PROJECT_ERROR, SH_PROJECT_ERROR_INVALID, "'%s' is not a material parameter",
                   parameter != NULL ? parameter : "(null)");
      if (has_row)
        *has_row = FALSE;
      return NULL;
    }
  read_stored (self->project, param, product_id, &value, has_row, error);
  return value;
}

void
sh_material_history_clear (ShMaterialHistory *self)
{
  g_return_if_fail (SH_IS_MATERIAL_HISTORY (self));
  clear_group (self);
  g_ptr_array_set_size (self->undo, 0);
  g_ptr_array_set_size (self->redo, 0);
}

ShProject *
sh_material_history_get_project (ShMaterialHistory *self)
{
  g_return_val_if_fail (SH_IS_MATERIAL_HISTORY (self), NULL);
  return self->project;
}

const char *
sh_material_history_get_who (ShMaterialHistory *self)
{
  g_return_val_if_fail (SH_IS_MATERIAL_HISTORY (self), NULL);
  return self->who;
}

/* ---- GObject ---- */

static void
sh_material_history_finalize (GObject *object)
{
  ShMaterialHistory *self = SH_MATERIAL_HISTORY (object);

  clear_group (self);
  g_array_unref (self->staged);
  g_ptr_array_unref (self->undo);
  g_ptr_array_unref (self->redo);
  g_free (self->who);
  G_OBJECT_CLASS (sh_material_history_parent_class)->finalize (object);
}

static void
sh_material_history_class_init (ShMaterialHistoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sh_material_history_finalize;

  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                          NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
}

static void
sh_material_history_init (ShMaterialHistory *self)
{
  self->undo = g_ptr_array_new_with_free_func (step_free);
  self->redo = g_ptr_array_new_with_free_func (step_free);
  self->staged = changes_new ();
}

ShMaterialHistory *
sh_material_history_new (ShProject *project, const char *who)
{
  ShMaterialHistory *self;

  g_return_val_if_fail (project != NULL, NULL);
  g_return_val_if_fail (who != NULL && *who != '\0', NULL);

  self = g_object_new (SH_TYPE_MATERIAL_HISTORY, NULL);
  self->project = project;
  self->who = g_strdup (who);
  return self;
}
