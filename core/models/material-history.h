/* SPDX-License-Identifier: GPL-3.0-or-later */
/* material-history.h: changes to products' material parameters, with undo and redo, written through to the
 * project (sh_project_set_material_values), so that every step lands in the audit log.
 *
 * A step is one store transaction holding one or more parameter changes and one entry of the audit log
 * (who, when, note, and from and to of each parameter whose exported value changed). Undo and redo are
 * steps too: they write the stored values from before (after) the step back through the same function,
 * audited as one entry with the note "undo" or "redo", so the log tells the whole story.
 *
 * Groups: a slider drag, a value typed and then nudged with the arrow keys, or a finish preset that sets
 * several parameters is one step. Between sh_material_history_begin_group and sh_material_history_end_group
 * sh_material_history_set only stages the values in memory (the last value of a parameter wins); nothing
 * reaches the store, and the caller previews the staged material (the tone grid renders it live). Ending
 * the group commits every staged parameter whose value differs from the stored one, in one transaction with
 * one audit entry listing the parameters whose value as exported changed (from: what the export wrote before
 * the group, derived values included, to: what it writes after), and makes it one undo step. So a drag
 * across a slider's whole range makes one entry with one parameter, not one per pointer motion, and a
 * preset one entry. A group that changes nothing the export writes (a preset the product already shows)
 * writes nothing and makes no step. The calibration window opens a group when a value starts changing and ends it when the pointer
 * button is released, or when the value has been still for 400 ms (keyboard and spin button changes).
 * Outside a group, sh_material_history_set is a group of its own.
 *
 * When the store refuses (read-only project, full disk, a value out of range), the call returns FALSE with
 * the store's error, the transaction is rolled back and the history is exactly as it was before the call
 * (a refused group is dropped, its staged values with it).
 *
 * The history lives as long as the window: unlimited, never saved. A new step clears the redo steps.
 * "changed" (gint64 product_id) is emitted after each committed step, undo and redo with the product it
 * touched. The project must outlive the history; use both from one thread.
 */
#pragma once

#include <glib-object.h>

#include "core/store/project.h"

G_BEGIN_DECLS

#define SH_TYPE_MATERIAL_HISTORY (sh_material_history_get_type ())
G_DECLARE_FINAL_TYPE (ShMaterialHistory, sh_material_history, SH, MATERIAL_HISTORY, GObject)

/* who: recorded in the audit entry of every step (a non-blank name). */
ShMaterialHistory *sh_material_history_new (ShProject *project, const char *who);

ShProject *sh_material_history_get_project (ShMaterialHistory *history);
const char *sh_material_history_get_who (ShMaterialHistory *history);

/* Opens a group for one product; label names the step ("Roughness", "Satin Preset"). FALSE when a group
 * is already open. */
gboolean sh_material_history_begin_group (ShMaterialHistory *history, gint64 product_id, const char *label);
gboolean sh_material_history_in_group (ShMaterialHistory *history);
/* The product of the open group, 0 when none is open. */
gint64 sh_material_history_get_group_product (ShMaterialHistory *history);

/* Sets parameter (a materials column, text form as sh_project_set_material takes it; NULL empties a
 * nullable parameter). note (may be NULL) goes into the audit entry: the last note given in a group is
 * kept. Inside a group: checked (unknown parameters and values out of range are refused) and staged, the
 * product must be the group's. Outside one: committed at once as its own step. A value equal to the
 * stored one, or to the one the export uses already, makes no step. */
gboolean sh_material_history_set (ShMaterialHistory *history, gint64 product_id, const char *parameter,
                                  const char *value, const char *note, GError **error);
/* The staged value of parameter in the open group: TRUE with *value (newly allocated, NULL for empty) when
 * the group stages it. */
gboolean sh_material_history_get_staged (ShMaterialHistory *history, const char *parameter, char **value);

/* Commits the open group as one step (see above). A group that changes nothing makes no step and returns
 * TRUE. On failure the group is dropped and nothing changes. */
gboolean sh_material_history_end_group (ShMaterialHistory *history, GError **error);
/* Drops the open group and its staged values. */
void sh_material_history_cancel_group (ShMaterialHistory *history);

/* An open group is ended (committed) first; if that fails, nothing is undone. */
gboolean sh_material_history_undo (ShMaterialHistory *history, GError **error);
gboolean sh_material_history_redo (ShMaterialHistory *history, GError **error);
gboolean sh_material_history_can_undo (ShMaterialHistory *history);
gboolean sh_material_history_can_redo (ShMaterialHistory *history);
/* The label of the step the next undo (redo) takes back (brings back), NULL when there is none. */
const char *sh_material_history_get_undo_label (ShMaterialHistory *history);
const char *sh_material_history_get_redo_label (ShMaterialHistory *history);
/* The product the next undo (redo) touches, 0 when there is none. */
gint64 sh_material_history_get_undo_product (ShMaterialHistory *history);
gint64 sh_material_history_get_redo_product (ShMaterialHistory *history);

/* The value stored for product's parameter now, in the store's text form (newly allocated; NULL when empty
 * or when the product has no material row yet: *has_row tells which, may be NULL). */
char *sh_material_history_get_stored (ShMaterialHistory *history, gint64 product_id, const char *parameter,
                                      gboolean *has_row, GError **error);

/* Forgets every step and drops an open group. */
void sh_material_history_clear (ShMaterialHistory *history);

G_END_DECLS
