/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sh-project-window-done.c: done (Space) on a photo that still has boxes from a detection model nobody
 * accepted. Those predictions are not labels (exports leave them out, the photo list still says "model"), so
 * the window asks: accept them and finish, finish without them (they are deleted), or go back to the photo.
 * Every step goes through the edit history, so Ctrl+Z takes it back. */
#define G_LOG_DOMAIN "shadelab-window"

#include "config.h"

#include <glib/gi18n.h>

#include "sh-project-window-private.h"

/* The ids of the shown photo's model boxes nobody accepted, in drawing order. */
static GArray *
unaccepted_model_boxes (ShProjectWindow *self)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; self->boxes != NULL && i < self->boxes->len; i++)
    {
      const ShBoxRow *row = &g_array_index (self->boxes, ShBoxRow, i);

      if (row->source == SH_BOX_SOURCE_MODEL && !row->accepted)
        g_array_append_val (ids, row->id);
    }
  return ids;
}

static void
done_response (AdwMessageDialog *dialog,
               const char       *response,
               gpointer          user_data)
{
  ShProjectWindow *self = SH_PROJECT_WINDOW (user_data);
  gint64 image_id = *(const gint64 *) g_object_get_data (G_OBJECT (dialog), "image-id");
  gboolean accept = g_strcmp0 (response, "accept") == 0;
  g_autoptr (GArray) ids = NULL;

  /* The photo may have changed under the dialog (an import, a reopened project): then nothing is done. */
  if ((!accept && g_strcmp0 (response, "discard") != 0) || image_id != self->shown_image_id
      || !_sh_project_window_can_edit (self))
    return;
  /* Collected first: every step reloads the window's boxes. */
  ids = unaccepted_model_boxes (self);
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr (GError) error = NULL;
      gint64 box_id = g_array_index (ids, gint64, i);
      gboolean ok = accept ? sh_edit_history_accept_model_box (self->history, box_id, &error)
                           : sh_edit_history_delete_box (self->history, box_id, &error);

      if (!ok)
        {
          _sh_project_window_save_failed (self, error);
          _sh_project_window_reload_boxes (self);
          return;
        }
    }
  _sh_project_window_finish_image (self, SH_IMAGE_LABELED, NULL);
}

void
_sh_project_window_ask_done (ShProjectWindow *self, guint n_unaccepted)
{
  GtkWidget *dialog;
  g_autofree char *body = NULL;

  body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "This photo still has %u box from the detection model that nobody accepted. "
                                       "Accept it as a label, or finish without it: it is deleted.",
                                       "This photo still has %u boxes from the detection model that nobody "
                                       "accepted. Accept them as labels, or finish without them: they are deleted.",
                                       n_unaccepted),
                          n_unaccepted);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Finish With the Model’s Boxes?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "discard", _("Finish _Without Them"),
                                    "accept", _("_Accept and Finish"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "accept", ADW_RESPONSE_SUGGESTED);
  /* Return accepts (as it does on the canvas), Escape goes back to the photo. */
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "accept");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "image-id", g_memdup2 (&self->shown_image_id, sizeof (gint64)), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (done_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}
