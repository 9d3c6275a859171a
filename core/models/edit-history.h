/* SPDX-License-Identifier: GPL-3.0-or-later */
/* edit-history.h: labeling edits with undo and redo, written through to the project.
 *
 * Every edit and every undo or redo step is one store transaction that has committed before the call returns
 * TRUE. When the store refuses (read-only project, full disk, a box changed elsewhere), the call returns FALSE
 * with the store's error and the history is exactly as it was, so nothing is lost and the step can be tried
 * again.
 *
 * The history lives as long as the session: unlimited, across images, never saved (a reopened project shows its
 * committed state with nothing to undo). A new edit clears the redo steps. Box ids stay stable through undo and
 * redo: undoing a delete puts the same box back under the same id.
 *
 * Swatches are derived from a box and follow it: every box the history writes (added, changed, duplicated,
 * accepted, and every undo or redo that puts a box back or moves it) is measured as stored (the robust colour
 * with finish and glitter, sh_extract_with_finish) and the box's swatches are replaced by that measurement in
 * the same transaction as the box. When its photo cannot be read the box's swatches are removed in that
 * transaction instead, unless the box kept its photo and geometry (a class or flag change), which leaves them
 * right. So the swatches table and the exports never show a colour measured where the box is not. Photos are
 * decoded before the transaction starts, so a slow decode never holds the project's write lock.
 *
 * "changed" (gint64 image_id) is emitted after each successful edit, undo and redo with the image it touched,
 * so that a window can go to that image and reload its boxes.
 *
 * The project must outlive the history; use it from the thread that uses the project.
 */
#pragma once

#include <glib-object.h>

#include "core/store/project.h"
#include "core/formats/shared-image.h"

G_BEGIN_DECLS

#define SH_TYPE_EDIT_HISTORY (sh_edit_history_get_type ())
G_DECLARE_FINAL_TYPE (ShEditHistory, sh_edit_history, SH, EDIT_HISTORY, GObject)

/* labeler: recorded on the boxes this history makes (added, duplicated, accepted). */
ShEditHistory *sh_edit_history_new (ShProject *project, const char *labeler);

/* Where the history finds the pixels of the photo image_id to measure the boxes it writes: a new reference,
 * or NULL with error when the photo cannot be read. */
typedef ShSharedImage *(*ShEditHistoryPhotoFunc) (gint64 image_id, gpointer user_data, GError **error);

/* Replaces how photos are found (a window passes the photo it shows and its prefetcher). NULL, the default,
 * decodes the photo's file with the default load options and keeps the last photo decoded. */
void sh_edit_history_set_photo_func (ShEditHistory *history, ShEditHistoryPhotoFunc func, gpointer user_data,
                                     GDestroyNotify destroy);

ShProject *sh_edit_history_get_project (ShEditHistory *history);
const char *sh_edit_history_get_labeler (ShEditHistory *history);

/* A new box (row->id must be 0); *id receives its id. */
gboolean sh_edit_history_add_box (ShEditHistory *history, const ShBoxRow *row, gint64 *id, GError **error);
/* Stores row (row->id names the box) as given, replacing all its fields; the undo label names what changed
 * (move, resize, class, flags). To record a correction of a model box, set accepted in row. An update that
 * changes nothing is no step. */
gboolean sh_edit_history_update_box (ShEditHistory *history, const ShBoxRow *row, GError **error);
gboolean sh_edit_history_delete_box (ShEditHistory *history, gint64 box_id, GError **error);
/* A human copy of the box (same class, size and flags) moved a little so that both can be seen, kept inside
 * the image; *new_id receives its id. */
gboolean sh_edit_history_duplicate_box (ShEditHistory *history, gint64 box_id, gint64 *new_id, GError **error);
gboolean sh_edit_history_set_image_status (ShEditHistory *history, gint64 image_id, ShImageStatus status,
                                           const char *reason, GError **error);
/* Marks a model box as accepted by this history's labeler. */
gboolean sh_edit_history_accept_model_box (ShEditHistory *history, gint64 box_id, GError **error);
/* Links an image to a product, or unlinks it (product_id 0). Linking it to the product it has is no step. */
gboolean sh_edit_history_set_image_product (ShEditHistory *history, gint64 image_id, gint64 product_id,
                                            GError **error);

gboolean sh_edit_history_undo (ShEditHistory *history, GError **error);
gboolean sh_edit_history_redo (ShEditHistory *history, GError **error);

gboolean sh_edit_history_can_undo (ShEditHistory *history);
gboolean sh_edit_history_can_redo (ShEditHistory *history);
/* "Undo Move Box", translated; NULL when there is nothing to undo. */
const char *sh_edit_history_get_undo_label (ShEditHistory *history);
const char *sh_edit_history_get_redo_label (ShEditHistory *history);
/* The image the next undo (redo) would touch, 0 when there is none: lets a window show it first. */
gint64 sh_edit_history_get_undo_image (ShEditHistory *history);
gint64 sh_edit_history_get_redo_image (ShEditHistory *history);

/* Forgets every step (after a change made outside the history, such as an import over the same boxes). */
void sh_edit_history_clear (ShEditHistory *history);

G_END_DECLS
