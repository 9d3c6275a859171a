/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sh-participants-window.h: Participants… (Ctrl+Shift+M), the people a shade is tried on: their list (code,
 * Monk Skin Tone swatch drawn through the monitor's profile, consent), a form to add or edit one (code, MST,
 * marketplace, notes, consent) and the selected participant's face photos.
 *
 * Each save is one store transaction (sh_project_add_participant / sh_project_update_participant): refused
 * whole with the reason under the form, or committed before the list shows it. Beside the form, the selected
 * face photo on a canvas with the lip polygon tool (canvas-polygon-tool.h): each edit of the lips is stored in
 * one transaction through a polygon history (Ctrl+Z / Ctrl+Shift+Z undo and redo it). The Monk Skin Tone is
 * picked from its ten swatches (sh-mst-picker.h), or measured from a box drawn on the photo's cheek (Measure
 * Skin Tone, M): the nearest tone is proposed with the patch's colour and its ΔE00, and taken with Return.
 *
 * One window per labeling window; it goes when that window closes its project. */
#pragma once

#include <adwaita.h>

#include "canvas-polygon-tool.h"
#include "sh-mst-picker.h"
#include "color/display.h"
#include "sh-project-window.h"

G_BEGIN_DECLS

#define SH_TYPE_PARTICIPANTS_WINDOW (sh_participants_window_get_type ())
G_DECLARE_FINAL_TYPE (ShParticipantsWindow, sh_participants_window, SH, PARTICIPANTS_WINDOW, AdwWindow)

/* The Participants window of project_window: presents the open one, else opens one. NULL without a project. */
ShParticipantsWindow *sh_participants_window_present_for (ShProjectWindow *project_window,
                                                          ShDisplayTransform *transform);
ShParticipantsWindow *sh_participants_window_find (ShProjectWindow *project_window);

/* Reads the participants again, keeping the selection when it is still there. */
void sh_participants_window_reload (ShParticipantsWindow *self);
/* Edits a participant (FALSE for an unknown id), or starts a new one (0). */
gboolean sh_participants_window_select (ShParticipantsWindow *self, gint64 participant_id);
gint64 sh_participants_window_get_selected (ShParticipantsWindow *self);

/* Fills the form as a person would. */
void sh_participants_window_fill (ShParticipantsWindow *self, const char *code, int mst, const char *marketplace,
                                  const char *notes, gboolean consent);
/* Saves the form, as the button does: TRUE when stored (*id, may be NULL, receives the participant's id). */
gboolean sh_participants_window_save (ShParticipantsWindow *self, gint64 *id);
/* The reason the last save was refused, NULL after a save went through. */
const char *sh_participants_window_get_error (ShParticipantsWindow *self);
guint sh_participants_window_get_n_participants (ShParticipantsWindow *self);
/* The face photos listed for the selected participant. */
guint sh_participants_window_get_n_photos (ShParticipantsWindow *self);

/* Adds a face photo of the selected participant, as Add Face Photos… does: bare, or worn with the product
 * sku. FALSE with the reason under the form when refused. */
gboolean sh_participants_window_add_face_photo (ShParticipantsWindow *self, const char *file, gboolean worn,
                                                const char *sku);
/* Removes the selected participant with their face photos and lips (after the confirmation Remove… asks). */
gboolean sh_participants_window_remove (ShParticipantsWindow *self);

/* The face photo on the lips canvas (0 for none), as selecting it in the list does. */
void sh_participants_window_show_face_photo (ShParticipantsWindow *self, gint64 face_photo_id);
gint64 sh_participants_window_get_shown_photo (ShParticipantsWindow *self);
ShCanvasPolygonTool *sh_participants_window_get_polygon_tool (ShParticipantsWindow *self);

/* The form's Monk Skin Tone: ten swatches to pick from, saved with the form. */
ShMstPicker *sh_participants_window_get_mst_picker (ShParticipantsWindow *self);
/* Measure Skin Tone (M on the canvas): a box drawn on the shown face photo's cheek is measured
 * (core/formats/face-tone.h) and its nearest MST proposed beside the patch's colour; this is that tone (0
 * when none is proposed) and its CIEDE2000. */
int sh_participants_window_get_proposed_tone (ShParticipantsWindow *self, double *delta_e);
/* Takes the proposed tone, as Return or its button does: stored at once in its own transaction and shown in
 * the form. FALSE when there is none or it was refused. */
gboolean sh_participants_window_accept_tone (ShParticipantsWindow *self);

G_END_DECLS
