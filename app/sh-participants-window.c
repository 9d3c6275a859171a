/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sh-participants-window.c: adding and editing participants, with their face photos (see
 * sh-participants-window.h). */
#define G_LOG_DOMAIN "shadelab-window"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>

#include "canvas-polygon-geometry.h"
#include "canvas-polygon-tool.h"
#include "color/skin-render.h"
#include "core/formats/face-tone.h"
#include "core/models/polygon-history.h"
#include "core/store/project-participants.h"
#include "core/store/project-reference.h"
#include "sh-participants-window.h"
#include "sh-product-bar.h"
#include "sh-project-window-private.h"
#include "sh-project-window.h"
#include "sh-mst-picker.h"
#include "sh-render-job.h"
#include "sh-swatch-view.h"

struct _ShParticipantsWindow
{
  AdwWindow parent_instance;

  /* Template widgets */
  GtkStack *list_stack;
  GtkListBox *list_box;
  AdwPreferencesGroup *form_group;
  AdwEntryRow *code_row;
  ShMstPicker *mst_picker;
  AdwEntryRow *marketplace_row;
  AdwEntryRow *notes_row;
  GtkSwitch *consent_switch;
  GtkLabel *error_label;
  GtkButton *save_button;
  AdwPreferencesGroup *photos_group;
  GtkListBox *photos_list;
  GtkDropDown *kind_dropdown;
  GtkEntry *sku_entry;
  GtkButton *remove_button;
  GtkToggleButton *outer_toggle;
  GtkToggleButton *opening_toggle;
  GtkToggleButton *measure_toggle;
  GtkBox *tone_box;
  ShSwatchView *tone_swatch;
  GtkLabel *tone_label;
  GtkButton *tone_accept_button;
  GtkLabel *editor_hint;
  GtkStack *editor_stack;
  ShCanvasPolygonTool *polygon_tool;

  ShProjectWindow *project_window;   /* weak */
  ShDisplayTransform *transform;     /* owned */
  GPtrArray *participants;           /* owned: ShParticipantRow, in the list's order */
  gint64 editing;                    /* the participant the form edits, 0 for a new one */
  gboolean selecting;                /* the list's selection is being set from code */
  guint n_photos;
  char *error;                       /* owned */

  GPtrArray *photos;                 /* owned: ShFacePhotoRow of the participant, in the list's order */
  gint64 shown_photo;                /* the face photo on the canvas, 0 for none */
  gboolean selecting_photo;          /* the photo list's selection is being set from code */
  ShPolygonHistory *history;         /* owned; on the project window's project */
  GCancellable *render_cancellable;  /* owned: the shown photo's conversion to the monitor */
  char *last_geometry;               /* owned: SHADELAB_DEBUG_GEOMETRY's last line */
  int proposed_tone;                 /* the measured patch's nearest MST, 0 when none is proposed */
  double proposed_delta_e;           /* its CIEDE2000 */
};

G_DEFINE_FINAL_TYPE (ShParticipantsWindow, sh_participants_window, ADW_TYPE_WINDOW)

static ShProject *
reader (ShParticipantsWindow *self)
{
  return self->project_window != NULL ? sh_project_window_get_reader (self->project_window) : NULL;
}

static void
set_error (ShParticipantsWindow *self, const char *message)
{
  g_free (self->error);
  self->error = g_strdup (message);
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

/* The MST scale's swatch as '#rrggbb' (mst 1-10). */
static void
mst_hex (int mst, char hex[8])
{
  const ShSkinTone *tone = sh_monk_skin_tone (CLAMP (mst, 1, 10) - 1);

  g_snprintf (hex, 8, "#%02x%02x%02x", tone->srgb[0], tone->srgb[1], tone->srgb[2]);
}

static char *
row_text (AdwEntryRow *row)
{
  char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

  if (*text == '\0')
    g_clear_pointer (&text, g_free);
  return text;
}

/* ---- the list ---- */

static GtkWidget *
participant_row_new (ShParticipantsWindow *self, const ShParticipantRow *participant)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  GtkWidget *labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *chip = sh_product_chip_new (24);
  GtkWidget *code = gtk_label_new (participant->code);
  g_autofree char *details_text = NULL;
  g_autofree char *description = NULL;
  GtkWidget *details;
  char hex[8];

  mst_hex (participant->mst, hex);
  sh_product_chip_set_color (chip, hex, self->transform);
  /* Translators: a participant's line: Monk Skin Tone, photo counts and whether they consented. */
  details_text = g_strdup_printf (_("MST %d · %s · %d bare · %d worn"), participant->mst,
                                  participant->consent ? _("consented") : _("no consent"), participant->n_bare,
                                  participant->n_worn);
  details = gtk_label_new (details_text);
  gtk_label_set_xalign (GTK_LABEL (code), 0);
  gtk_label_set_ellipsize (GTK_LABEL (code), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (details), 0);
  gtk_label_set_ellipsize (GTK_LABEL (details), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (details, "dim-label");
  gtk_widget_add_css_class (details, "caption");
  gtk_widget_set_hexpand (labels, TRUE);
  gtk_box_append (GTK_BOX (labels), code);
  gtk_box_append (GTK_BOX (labels), details);
  gtk_box_append (GTK_BOX (box), chip);
  gtk_box_append (GTK_BOX (box), labels);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  description = g_strdup_printf ("%s, %s", participant->code, details_text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, description, -1);
  return row;
}

static const ShParticipantRow *
find_participant (ShParticipantsWindow *self, gint64 id, guint *index)
{
  for (guint i = 0; self->participants != NULL && i < self->participants->len; i++)
    {
      const ShParticipantRow *participant = g_ptr_array_index (self->participants, i);

      if (participant->id == id)
        {
          if (index != NULL)
            *index = i;
          return participant;
        }
    }
  return NULL;
}

static void show_face_photo (ShParticipantsWindow *self, gint64 face_photo_id);

static void
load_photos (ShParticipantsWindow *self)
{
  g_autoptr (GPtrArray) photos = NULL;
  g_autoptr (GError) error = NULL;
  GtkWidget *child;
  gboolean shown_listed = FALSE;

  self->selecting_photo = TRUE;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->photos_list))) != NULL)
    gtk_list_box_remove (self->photos_list, child);
  self->selecting_photo = FALSE;
  g_clear_pointer (&self->photos, g_ptr_array_unref);
  self->n_photos = 0;
  gtk_widget_set_visible (GTK_WIDGET (self->photos_group), self->editing != 0);
  gtk_widget_set_visible (GTK_WIDGET (self->remove_button), self->editing != 0);
  if (self->editing != 0 && reader (self) != NULL)
    {
      photos = sh_project_list_face_photos (reader (self), self->editing, &error);
      if (photos == NULL)
        g_warning ("reading the face photos: %s", error->message);
    }
  for (guint i = 0; photos != NULL && i < photos->len; i++)
    {
      const ShFacePhotoRow *photo = g_ptr_array_index (photos, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *subtitle = NULL;
      const char *lips;

      if (photo->has_outer)
        lips = photo->has_opening ? _("lips and opening drawn") : _("lips drawn");
      else
        lips = _("no lips drawn");
      /* Translators: a face photo's line: bare or wearing a product, its size and whether its lips are drawn. */
      subtitle = photo->kind == SH_FACE_PHOTO_WORN
                   ? g_strdup_printf (_("wearing %s · %d×%d · %s"), photo->sku, photo->width, photo->height, lips)
                   : g_strdup_printf (_("bare lips · %d×%d · %s"), photo->width, photo->height, lips);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), photo->path);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      gtk_list_box_append (self->photos_list, row);
      self->n_photos++;
      if (photo->id == self->shown_photo)
        {
          self->selecting_photo = TRUE;
          gtk_list_box_select_row (self->photos_list, GTK_LIST_BOX_ROW (row));
          self->selecting_photo = FALSE;
          shown_listed = TRUE;
        }
    }
  if (self->editing != 0 && self->n_photos == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No face photos yet"));
      gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (row), FALSE);
      gtk_list_box_append (self->photos_list, row);
    }
  self->photos = photos != NULL ? g_steal_pointer (&photos) : NULL;
  if (!shown_listed && self->shown_photo != 0)
    show_face_photo (self, 0);
}

/* ---- the lips of the selected face photo ---- */

static void
set_hint (ShParticipantsWindow *self, const char *text, gboolean is_error)
{
  gtk_label_set_text (self->editor_hint, text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->editor_hint), *text != '\0' ? text : NULL);
  if (is_error)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->editor_hint), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (self->editor_hint), "error");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->editor_hint), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->editor_hint), "dim-label");
    }
}

static void
update_undo_actions (ShParticipantsWindow *self)
{
  gboolean writable = self->history != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "participants.undo",
                                 writable && sh_polygon_history_can_undo (self->history));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "participants.redo",
                                 writable && sh_polygon_history_can_redo (self->history));
}

/* The stored lips of the shown photo onto the canvas. */
static void
load_polygons (ShParticipantsWindow *self)
{
  g_autoptr (GArray) outer = NULL;
  g_autoptr (GArray) opening = NULL;
  g_autoptr (GError) error = NULL;
  ShProject *project = self->project_window != NULL ? sh_project_window_get_project (self->project_window) : NULL;

  if (self->shown_photo != 0 && project != NULL
      && !sh_project_get_lip_polygons (project, self->shown_photo, &outer, &opening, &error))
    {
      g_warning ("reading the lips of face photo %" G_GINT64_FORMAT ": %s", self->shown_photo, error->message);
      set_hint (self, error->message, TRUE);
    }
  sh_canvas_polygon_tool_set_polygons (self->polygon_tool, outer != NULL ? (ShPoint *) outer->data : NULL,
                                       outer != NULL ? (int) outer->len : 0,
                                       opening != NULL ? (ShPoint *) opening->data : NULL,
                                       opening != NULL ? (int) opening->len : 0);
}

static void
photo_rendered (GObject *source, GAsyncResult *result, gpointer user_data)
{
  ShParticipantsWindow *self = SH_PARTICIPANTS_WINDOW (source);
  ShRenderJob *job = sh_render_job_get (result);
  g_autoptr (GError) error = NULL;
  ShImageCanvas *canvas;

  if (!sh_render_job_finish (result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        set_hint (self, error->message, TRUE);
      return;
    }
  if (job->image_id != self->shown_photo)
    return;
  canvas = sh_canvas_polygon_tool_get_canvas (self->polygon_tool);
  sh_image_canvas_set_image_surface (canvas, job->surface);
  load_polygons (self);
}

/* ---- the skin tone measured from a cheek patch ---- */

static void
dismiss_tone (ShParticipantsWindow *self)
{
  self->proposed_tone = 0;
  gtk_widget_set_visible (GTK_WIDGET (self->tone_box), FALSE);
  sh_image_canvas_set_boxes (sh_canvas_polygon_tool_get_canvas (self->polygon_tool), NULL, 0);
}

static void
measure_patch (ShParticipantsWindow *self, ShBox box)
{
  ShProject *project = reader (self);
  ShImageCanvas *canvas = sh_canvas_polygon_tool_get_canvas (self->polygon_tool);
  g_autoptr (ShFacePhotoRow) photo = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *file = NULL;
  g_autofree char *text = NULL;
  g_autofree char *accept = NULL;
  ShCanvasBox patch = { 1, 0, box.x, box.y, box.w, box.h, FALSE, -1, FALSE };
  double swatch[3];
  ShFaceTone tone;

  sh_canvas_polygon_tool_set_measuring (self->polygon_tool, FALSE);
  if (project == NULL || self->shown_photo == 0)
    return;
  /* The photo at full size through its profile: the canvas holds only what the monitor shows. */
  photo = sh_project_get_face_photo (project, self->shown_photo, &error);
  if (photo != NULL)
    file = sh_project_resolve_path (project, photo->path);
  if (file == NULL || !sh_face_tone_measure (file, box, &tone, &error))
    {
      /* Translators: the reason after the colon is technical and stays in English. */
      g_autofree char *message = g_strdup_printf (_("The skin tone was not measured: %s"), error->message);

      dismiss_tone (self);
      set_hint (self, message, TRUE);
      return;
    }
  g_message ("skin patch %d,%d %dx%d of face photo %" G_GINT64_FORMAT ": %s, nearest MST %d (dE00 %.2f)",
             tone.patch.box.x, tone.patch.box.y, tone.patch.box.w, tone.patch.box.h, self->shown_photo,
             tone.patch.hex, tone.nearest, tone.distances[tone.nearest - 1]);
  self->proposed_tone = tone.nearest;
  self->proposed_delta_e = tone.distances[tone.nearest - 1];
  patch.x = tone.patch.box.x;
  patch.y = tone.patch.box.y;
  patch.w = tone.patch.box.w;
  patch.h = tone.patch.box.h;
  sh_image_canvas_set_boxes (canvas, &patch, 1);
  /* The patch's colour on the left, the nearest swatch on the right, both through the monitor's profile. */
  sh_swatch_view_set_lab (self->tone_swatch, tone.patch.lab);
  sh_monk_skin_tone_lab (tone.nearest, swatch);
  sh_swatch_view_set_catalogue_lab (self->tone_swatch, swatch);
  /* Translators: a measured cheek patch: its colour, the nearest Monk Skin Tone and their CIEDE2000. */
  text = g_strdup_printf (_("Measured %s: nearest Monk Skin Tone %d, ΔE00 %.1f"), tone.patch.hex, tone.nearest,
                          self->proposed_delta_e);
  gtk_label_set_text (self->tone_label, text);
  /* Translators: the button that takes the measured tone; %d is 1-10. */
  accept = g_strdup_printf (_("_Use MST %d"), tone.nearest);
  gtk_button_set_label (self->tone_accept_button, accept);
  gtk_button_set_use_underline (self->tone_accept_button, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->tone_box), TRUE);
  set_hint (self, _("Return uses the measured tone; Escape keeps the form's"), FALSE);
  /* Return takes it, as the button does. */
  gtk_widget_grab_focus (GTK_WIDGET (self->tone_accept_button));
}

static void
patch_drawn_cb (ShParticipantsWindow *self, double x, double y, double w, double h)
{
  if (!sh_canvas_polygon_tool_get_measuring (self->polygon_tool))
    return;
  measure_patch (self, (ShBox) { (int) round (x), (int) round (y), (int) round (w), (int) round (h) });
}

static void
measuring_cb (ShParticipantsWindow *self)
{
  if (sh_canvas_polygon_tool_get_measuring (self->polygon_tool))
    {
      dismiss_tone (self);
      set_hint (self, _("Drag a box on the cheek, away from shine and shadow; Escape cancels"), FALSE);
      gtk_widget_grab_focus (GTK_WIDGET (sh_canvas_polygon_tool_get_canvas (self->polygon_tool)));
    }
  else if (self->proposed_tone == 0 && self->shown_photo != 0)
    set_hint (self, "", FALSE);
}

gboolean
sh_participants_window_accept_tone (ShParticipantsWindow *self)
{
  g_autoptr (GError) error = NULL;
  const ShParticipantRow *participant;
  ShProject *project;
  int tone;

  g_return_val_if_fail (SH_IS_PARTICIPANTS_WINDOW (self), FALSE);

  tone = self->proposed_tone;
  participant = find_participant (self, self->editing, NULL);
  project = self->project_window != NULL ? sh_project_window_get_project (self->project_window) : NULL;
  if (tone == 0 || participant == NULL)
    return FALSE;
  if (project == NULL || sh_project_window_is_read_only (self->project_window))
    {
      set_hint (self, _("This project is open read-only: participants cannot be changed."), TRUE);
      return FALSE;
    }
  /* The tone alone, in its own transaction: the rest of the form waits for its Save. */
  if (!sh_project_set_participant_mst (project, participant->code, tone, &error))
    {
      /* Translators: the reason after the colon is technical and stays in English. */
      g_autofree char *message = g_strdup_printf (_("The skin tone was not saved: %s"), error->message);

      set_hint (self, message, TRUE);
      return FALSE;
    }
  g_message ("participant %s: MST %d stored from a measured patch", participant->code, tone);
  dismiss_tone (self);
  sh_mst_picker_set_value (self->mst_picker, tone);
  sh_participants_window_reload (self);
  set_hint (self, _("Saved"), FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (sh_canvas_polygon_tool_get_canvas (self->polygon_tool)));
  return TRUE;
}

int
sh_participants_window_get_proposed_tone (ShParticipantsWindow *self, double *delta_e)
{
  g_return_val_if_fail (SH_IS_PARTICIPANTS_WINDOW (self), 0);
  if (delta_e != NULL)
    *delta_e = self->proposed_delta_e;
  return self->proposed_tone;
}

ShMstPicker *
sh_participants_window_get_mst_picker (ShParticipantsWindow *self)
{
  g_return_val_if_fail (SH_IS_PARTICIPANTS_WINDOW (self), NULL);
  return self->mst_picker;
}

static void
tone_accept_cb (ShParticipantsWindow *self)
{
  sh_participants_window_accept_tone (self);
}

static void
tone_dismiss_cb (ShParticipantsWindow *self)
{
  dismiss_tone (self);
  set_hint (self, "", FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (sh_canvas_polygon_tool_get_canvas (self->polygon_tool)));
}

/* Escape on the proposal declines it rather than closing the window. */
static gboolean
tone_key_cb (GtkEventControllerKey *controller, guint keyval, guint keycode, GdkModifierType state,
             ShParticipantsWindow *self)
{
  if (keyval != GDK_KEY_Escape || self->proposed_tone == 0)
    return FALSE;
  tone_dismiss_cb (self);
  return TRUE;
}

static void
show_face_photo (ShParticipantsWindow *self, gint64 face_photo_id)
{
  ShProject *project = reader (self);
  g_autoptr (ShFacePhotoRow) photo = NULL;
  g_autoptr (ShLoadedImage) loaded = NULL;
  g_autoptr (ShSharedImage) shared = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *file = NULL;
  ShImageCanvas *canvas = sh_canvas_polygon_tool_get_canvas (self->polygon_tool);
  ShRenderJob *job;

  g_cancellable_cancel (self->render_cancellable);
  g_clear_object (&self->render_cancellable);
  /* A patch measured on the previous photo says nothing about this one. */
  dismiss_tone (self);
  sh_canvas_polygon_tool_set_measuring (self->polygon_tool, FALSE);
  self->shown_photo = face_photo_id;
  sh_canvas_polygon_tool_set_polygons (self->polygon_tool, NULL, 0, NULL, 0);
  sh_image_canvas_set_image (canvas, NULL);
  if (face_photo_id == 0 || project == NULL)
    {
      gtk_stack_set_visible_child_name (self->editor_stack, "empty");
      set_hint (self, "", FALSE);
      return;
    }
  gtk_stack_set_visible_child_name (self->editor_stack, "canvas");
  photo = sh_project_get_face_photo (project, face_photo_id, &error);
  if (photo != NULL)
    {
      file = sh_project_resolve_path (project, photo->path);
      loaded = sh_load_image (file, NULL, &error);
    }
  if (loaded == NULL)
    {
      set_hint (self, error->message, TRUE);
      return;
    }
  sh_image_canvas_set_photo_name (canvas, photo->path);
  set_hint (self, photo->has_outer ? _("Drag a point to move it; Alt+click on an edge adds one")
                                   : _("Click around the lips; Return or the first point closes"), FALSE);
  shared = sh_shared_image_new (g_steal_pointer (&loaded));
  job = sh_render_job_new (face_photo_id, shared);
  job->monitor = sh_display_profile_ref (_sh_project_window_get_monitor (self->project_window));
  self->render_cancellable = g_cancellable_new ();
  sh_render_job_start (job, self, self->render_cancellable, show_face_photo, photo_rendered, NULL);
}

static void
photo_selected_cb (ShParticipantsWindow *self, GtkListBoxRow *row)
{
  const ShFacePhotoRow *photo;
  int index;

  if (self->selecting_photo || row == NULL || self->photos == NULL)
    return;
  index = gtk_list_box_row_get_index (row);
  if (index < 0 || (guint) index >= self->photos->len)
    return;
  photo = g_ptr_array_index (self->photos, index);
  if (photo->id != self->shown_photo)
    show_face_photo (self, photo->id);
}

static void
polygon_edited_cb (ShParticipantsWindow *self, int kind, const char *label)
{
  g_autoptr (GError) error = NULL;
  int n_outer = 0, n_opening = 0;
  gboolean outer_closed = FALSE, opening_closed = FALSE;
  const ShPoint *outer = sh_canvas_polygon_tool_get_polygon (self->polygon_tool, SH_LIP_POLYGON_OUTER, &n_outer,
                                                             &outer_closed);
  const ShPoint *opening = sh_canvas_polygon_tool_get_polygon (self->polygon_tool, SH_LIP_POLYGON_OPENING,
                                                               &n_opening, &opening_closed);

  if (self->history == NULL || self->shown_photo == 0)
    {
      set_hint (self, _("This project is open read-only: lips cannot be drawn."), TRUE);
      load_polygons (self);
      return;
    }
  if (!outer_closed && opening_closed)
    {
      /* The opening is stored with its lips: it waits on the canvas until they are drawn. */
      set_hint (self, _("Now draw the outer lip contour (L): the opening is saved with it"), FALSE);
      return;
    }
  if ((outer_closed && !sh_polygon_is_simple (outer, n_outer))
      || (opening_closed && !sh_polygon_is_simple (opening, n_opening)))
    {
      set_hint (self, _("A polygon that crosses itself is not saved: draw it again around the lips"), TRUE);
      load_polygons (self);
      return;
    }
  if (!sh_polygon_history_set (self->history, self->shown_photo, outer_closed ? outer : NULL,
                               outer_closed ? n_outer : 0, opening_closed ? opening : NULL,
                               opening_closed ? n_opening : 0, label, &error))
    {
      /* Translators: the reason after the colon is technical and stays in English. */
      g_autofree char *message = g_strdup_printf (_("The lips were not saved: %s"), error->message);

      g_message ("lips of face photo %" G_GINT64_FORMAT " not saved: %s", self->shown_photo, error->message);
      set_hint (self, message, TRUE);
      load_polygons (self);
      return;
    }
}

/* After each stored edit, undo and redo: the photo it touched is shown with its stored lips. */
static void
history_changed_cb (ShParticipantsWindow *self, gint64 face_photo_id)
{
  ShProject *project = reader (self);
  g_autoptr (ShFacePhotoRow) photo = project != NULL ? sh_project_get_face_photo (project, face_photo_id, NULL)
                                                     : NULL;
  int n_outer = 0, n_opening = 0;

  if (photo != NULL && photo->participant_id != self->editing)
    sh_participants_window_select (self, photo->participant_id);
  if (face_photo_id != self->shown_photo)
    show_face_photo (self, face_photo_id);
  else
    load_polygons (self);
  sh_canvas_polygon_tool_get_polygon (self->polygon_tool, SH_LIP_POLYGON_OUTER, &n_outer, NULL);
  sh_canvas_polygon_tool_get_polygon (self->polygon_tool, SH_LIP_POLYGON_OPENING, &n_opening, NULL);
  g_message ("lips of face photo %" G_GINT64_FORMAT " stored: %d outer points, %d opening points",
             face_photo_id, n_outer, n_opening);
  set_hint (self, _("Saved"), FALSE);
  load_photos (self);
  update_undo_actions (self);
}

static void
kind_toggled_cb (ShParticipantsWindow *self, GtkToggleButton *button)
{
  if (!gtk_toggle_button_get_active (button))
    return;
  sh_canvas_polygon_tool_set_active_kind (self->polygon_tool, button == self->opening_toggle
                                                                ? SH_LIP_POLYGON_OPENING
                                                                : SH_LIP_POLYGON_OUTER);
}

static void
active_kind_cb (ShParticipantsWindow *self)
{
  gboolean opening = sh_canvas_polygon_tool_get_active_kind (self->polygon_tool) == SH_LIP_POLYGON_OPENING;

  gtk_toggle_button_set_active (opening ? self->opening_toggle : self->outer_toggle, TRUE);
  if (self->shown_photo != 0)
    set_hint (self, opening ? _("Mouth opening: click around the teeth and the dark gap; Return closes")
                            : _("Lips: click around the outer contour; Return or the first point closes"), FALSE);
}

static void
undo_redo (ShParticipantsWindow *self, gboolean undo)
{
  g_autoptr (GError) error = NULL;

  if (self->history == NULL)
    return;
  if (!(undo ? sh_polygon_history_undo (self->history, &error) : sh_polygon_history_redo (self->history, &error)))
    {
      g_autofree char *message = g_strdup_printf (_("The lips were not saved: %s"), error->message);

      set_hint (self, message, TRUE);
    }
  update_undo_actions (self);
}

static void
action_undo (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  undo_redo (SH_PARTICIPANTS_WINDOW (widget), TRUE);
}

static void
action_redo (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  undo_redo (SH_PARTICIPANTS_WINDOW (widget), FALSE);
}

/* Where (x, y) of widget lies in the window's surface, as "X,Y" ("-1,-1" when it is not shown). */
static char *
window_point (GtkWidget *widget, double x, double y)
{
  GtkNative *native = widget != NULL ? gtk_widget_get_native (widget) : NULL;
  graphene_point_t point, native_point;
  double surface_x = 0, surface_y = 0;

  graphene_point_init (&point, x, y);
  if (native == NULL || !gtk_widget_get_mapped (widget)
      || !gtk_widget_compute_point (widget, GTK_WIDGET (native), &point, &native_point))
    return g_strdup ("-1,-1");
  gtk_native_get_surface_transform (native, &surface_x, &surface_y);
  return g_strdup_printf ("%.3f,%.3f", native_point.x + surface_x, native_point.y + surface_y);
}

/* The middle of the first row of a list box, in the window's surface. */
static char *
first_row_point (GtkListBox *list)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (list, 0);

  if (row == NULL)
    return g_strdup ("-1,-1");
  return window_point (GTK_WIDGET (row), gtk_widget_get_width (GTK_WIDGET (row)) / 2.0,
                       gtk_widget_get_height (GTK_WIDGET (row)) / 2.0);
}

/* The middle of a widget, in the window's surface. */
static char *
middle_point (GtkWidget *widget)
{
  return window_point (widget, gtk_widget_get_width (widget) / 2.0, gtk_widget_get_height (widget) / 2.0);
}

/* Where image pixel (0, 0) of the face photo lies in the window's surface, the zoom, and where the first
 * participant and face photo rows, the first Monk Skin Tone swatch and the Measure Skin Tone button are, for
 * end-to-end tests (SHADELAB_DEBUG_GEOMETRY=1), as the labeling window prints its own. */
static gboolean
print_geometry_cb (GtkWidget *widget, GdkFrameClock *frame_clock, gpointer user_data)
{
  ShParticipantsWindow *self = SH_PARTICIPANTS_WINDOW (user_data);
  ShImageCanvas *canvas = sh_canvas_polygon_tool_get_canvas (self->polygon_tool);
  double origin_x = -1, origin_y = -1;
  g_autofree char *origin = NULL;
  g_autofree char *participant = first_row_point (self->list_box);
  g_autofree char *photo = first_row_point (self->photos_list);
  g_autofree char *mst = middle_point (sh_mst_picker_get_swatch (self->mst_picker, 1));
  g_autofree char *measure = middle_point (GTK_WIDGET (self->measure_toggle));
  g_autofree char *line = NULL;

  if (self->shown_photo != 0 && sh_image_canvas_get_image_width (canvas) > 0)
    sh_image_canvas_image_to_widget (canvas, 0, 0, &origin_x, &origin_y);
  origin = self->shown_photo != 0 && sh_image_canvas_get_image_width (canvas) > 0
             ? window_point (GTK_WIDGET (canvas), origin_x, origin_y)
             : g_strdup ("-1,-1");
  line = g_strdup_printf ("SHADELAB_FACE_GEOMETRY participant=%s photo=%s face=%" G_GINT64_FORMAT
                          " size=%dx%d zoom=%.6f origin=%s mst1=%s measure=%s",
                          participant, photo, self->shown_photo, sh_image_canvas_get_image_width (canvas),
                          sh_image_canvas_get_image_height (canvas), sh_image_canvas_get_zoom (canvas), origin, mst,
                          measure);
  if (g_strcmp0 (line, self->last_geometry) != 0)
    {
      g_printerr ("%s\n", line);
      g_free (self->last_geometry);
      self->last_geometry = g_steal_pointer (&line);
    }
  return G_SOURCE_CONTINUE;
}

static void
show_form (ShParticipantsWindow *self, const ShParticipantRow *participant)
{
  self->editing = participant != NULL ? participant->id : 0;
  gtk_editable_set_text (GTK_EDITABLE (self->code_row), participant != NULL ? participant->code : "");
  sh_mst_picker_set_value (self->mst_picker, participant != NULL ? participant->mst : 5);
  gtk_editable_set_text (GTK_EDITABLE (self->marketplace_row),
                         participant != NULL && participant->marketplace != NULL ? participant->marketplace : "");
  gtk_editable_set_text (GTK_EDITABLE (self->notes_row),
                         participant != NULL && participant->notes != NULL ? participant->notes : "");
  gtk_switch_set_active (self->consent_switch, participant != NULL && participant->consent);
  adw_preferences_group_set_title (self->form_group, participant != NULL ? participant->code
                                                                         : _("New Participant"));
  gtk_button_set_label (self->save_button, participant != NULL ? _("_Save Participant") : _("_Add Participant"));
  set_error (self, NULL);
  load_photos (self);
}

static void
row_selected_cb (ShParticipantsWindow *self, GtkListBoxRow *row)
{
  const ShParticipantRow *participant;

  if (self->selecting || row == NULL)
    return;
  participant = g_ptr_array_index (self->participants, gtk_list_box_row_get_index (row));
  show_form (self, participant);
}

void
sh_participants_window_reload (ShParticipantsWindow *self)
{
  g_autoptr (GError) error = NULL;
  GPtrArray *participants;
  GtkWidget *child;
  guint index;

  g_return_if_fail (SH_IS_PARTICIPANTS_WINDOW (self));

  participants = reader (self) != NULL ? sh_project_list_participants (reader (self), FALSE, &error) : NULL;
  if (participants == NULL)
    {
      if (error != NULL)
        g_warning ("reading the participants: %s", error->message);
      participants = g_ptr_array_new_with_free_func ((GDestroyNotify) sh_participant_row_free);
    }
  g_clear_pointer (&self->participants, g_ptr_array_unref);
  self->participants = participants;
  self->selecting = TRUE;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list_box))) != NULL)
    gtk_list_box_remove (self->list_box, child);
  for (guint i = 0; i < participants->len; i++)
    gtk_list_box_append (self->list_box, participant_row_new (self, g_ptr_array_index (participants, i)));
  if (self->editing != 0 && find_participant (self, self->editing, &index) != NULL)
    gtk_list_box_select_row (self->list_box, gtk_list_box_get_row_at_index (self->list_box, (int) index));
  self->selecting = FALSE;
  gtk_stack_set_visible_child_name (self->list_stack, participants->len > 0 ? "list" : "empty");
  load_photos (self);
}

gboolean
sh_participants_window_select (ShParticipantsWindow *self, gint64 participant_id)
{
  const ShParticipantRow *participant = NULL;
  guint index = 0;

  g_return_val_if_fail (SH_IS_PARTICIPANTS_WINDOW (self), FALSE);

  if (participant_id != 0 && (participant = find_participant (self, participant_id, &index)) == NULL)
    return FALSE;
  self->selecting = TRUE;
  if (participant != NULL)
    gtk_list_box_select_row (self->list_box, gtk_list_box_get_row_at_index (self->list_box, (int) index));
  else
    gtk_list_box_unselect_all (self->list_box);
  self->selecting = FALSE;
  show_form (self, participant);
  return TRUE;
}

gint64
sh_participants_window_get_selected (ShParticipantsWindow *self)
{
  g_return_val_if_fail (SH_IS_PARTICIPANTS_WINDOW (self), 0);
  return self->editing;
}

void
sh_participants_window_fill (ShParticipantsWindow *self, const char *code, int mst, const char *marketplace,
                             const char *notes, gboolean consent)
{
  g_return_if_fail (SH_IS_PARTICIPANTS_WINDOW (self));

  gtk_editable_set_text (GTK_EDITABLE (self->code_row), code != NULL ? code : "");
  sh_mst_picker_set_value (self->mst_picker, mst);
  gtk_editable_set_text (GTK_EDITABLE (self->marketplace_row), marketplace != NULL ? marketplace : "");
  gtk_editable_set_text (GTK_EDITABLE (self->notes_row), notes != NULL ? notes : "");
  gtk_switch_set_active (self->consent_switch, consent);
}

gboolean
sh_participants_window_save (ShParticipantsWindow *self, gint64 *id)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *code = row_text (self->code_row);
  g_autofree char *marketplace = row_text (self->marketplace_row);
  g_autofree char *notes = row_text (self->notes_row);
  int mst;
  gboolean consent = gtk_switch_get_active (self->consent_switch);
  gint64 participant_id = self->editing;
  ShProject *project;
  gboolean ok;

  g_return_val_if_fail (SH_IS_PARTICIPANTS_WINDOW (self), FALSE);

  mst = sh_mst_picker_get_value (self->mst_picker);
  project = self->project_window != NULL ? sh_project_window_get_project (self->project_window) : NULL;
  if (project == NULL || sh_project_window_is_read_only (self->project_window))
    {
      set_error (self, _("This project is open read-only: participants cannot be changed."));
      return FALSE;
    }
  if (code == NULL)
    {
      set_error (self, _("Give the participant a code, such as P-014 (never their name)."));
      gtk_widget_grab_focus (GTK_WIDGET (self->code_row));
      return FALSE;
    }
  ok = participant_id != 0
         ? sh_project_update_participant (project, participant_id, code, mst, marketplace, notes, consent, &error)
         : sh_project_add_participant (project, code, mst, marketplace, notes, consent,
                                       sh_project_window_get_labeler (self->project_window), &participant_id,
                                       &error);
  if (!ok)
    {
      /* Translators: the reason after the colon is technical and stays in English. */
      g_autofree char *message = g_strdup_printf (_("The participant was not saved: %s"), error->message);

      g_message ("participant not saved: %s", error->message);
      set_error (self, message);
      return FALSE;
    }
  g_message ("participant %s saved (id %" G_GINT64_FORMAT ")", code, participant_id);
  self->editing = participant_id;
  sh_participants_window_reload (self);
  sh_participants_window_select (self, participant_id);
  if (id != NULL)
    *id = participant_id;
  return TRUE;
}

const char *
sh_participants_window_get_error (ShParticipantsWindow *self)
{
  g_return_val_if_fail (SH_IS_PARTICIPANTS_WINDOW (self), NULL);
  return self->error;
}

guint
sh_participants_window_get_n_participants (ShParticipantsWindow *self)
{
  g_return_val_if_fail (SH_IS_PARTICIPANTS_WINDOW (self), 0);
  return self->participants != NULL ? self->participants->len : 0;
}

guint
sh_participants_window_get_n_photos (ShParticipantsWindow *self)
{
  g_return_val_if_fail (SH_IS_PARTICIPANTS_WINDOW (self), 0);
  return self->n_photos;
}

gboolean
sh_participants_window_add_face_photo (ShParticipantsWindow *self, const char *file, gboolean worn,
                                       const char *sku)
{
  g_autoptr (GError) error = NULL;
  ShProject *project;
  gint64 product_id = 0, id = 0;

  g_return_val_if_fail (SH_IS_PARTICIPANTS_WINDOW (self), FALSE);

  project = self->project_window != NULL ? sh_project_window_get_project (self->project_window) : NULL;
  if (self->editing == 0)
    return FALSE;
  if (project == NULL || sh_project_window_is_read_only (self->project_window))
    {
      set_error (self, _("This project is open read-only: participants cannot be changed."));
      return FALSE;
    }
  if (worn && (sku == NULL || *sku == '\0'))
    {
      set_error (self, _("Give the SKU of the product the participant wears in the photo."));
      gtk_widget_grab_focus (GTK_WIDGET (self->sku_entry));
      return FALSE;
    }
  if ((worn && !sh_project_find_product (project, sku, &product_id, &error))
      || !sh_project_add_face_photo (project, self->editing, worn ? SH_FACE_PHOTO_WORN : SH_FACE_PHOTO_BARE,
                                     product_id, file, sh_project_window_get_labeler (self->project_window), &id,
                                     &error))
    {
      /* Translators: the reason after the colon is technical and stays in English. */
      g_autofree char *message = g_strdup_printf (_("The face photo was not added: %s"), error->message);

      g_message ("face photo not added: %s", error->message);
      set_error (self, message);
      return FALSE;
    }
  g_message ("face photo %s added (id %" G_GINT64_FORMAT ")", file, id);
  set_error (self, NULL);
  /* The counts in the participant's line change too. */
  sh_participants_window_reload (self);
  return TRUE;
}

/* Chosen or dropped photos, as the kind and SKU above the button say; stops at the first refused. */
static void
add_photo_files (ShParticipantsWindow *self, GListModel *files)
{
  gboolean worn = gtk_drop_down_get_selected (self->kind_dropdown) == 1;
  g_autofree char *sku = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->sku_entry))));

  for (guint i = 0; i < g_list_model_get_n_items (files); i++)
    {
      g_autoptr (GFile) file = g_list_model_get_item (files, i);
      g_autofree char *path = g_file_get_path (file);

      if (path != NULL && !sh_participants_window_add_face_photo (self, path, worn, sku))
        break;
    }
}

static void
add_photos_response (GtkNativeDialog *dialog, int response, ShParticipantsWindow *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (dialog));

      add_photo_files (self, files);
    }
  g_object_unref (dialog);
}

/* Photos dropped from a file manager join the participant being edited. */
static gboolean
photos_dropped_cb (ShParticipantsWindow *self, const GValue *value)
{
  g_autoptr (GListStore) files = g_list_store_new (G_TYPE_FILE);
  GSList *dropped;

  if (self->editing == 0 || !G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;
  /* The list is ours (its files are not). */
  dropped = gdk_file_list_get_files (g_value_get_boxed (value));
  for (GSList *l = dropped; l != NULL; l = l->next)
    g_list_store_append (files, l->data);
  g_slist_free (dropped);
  add_photo_files (self, G_LIST_MODEL (files));
  return TRUE;
}

static void
add_photo_clicked_cb (ShParticipantsWindow *self)
{
  GtkFileChooserNative *dialog;
  GtkFileFilter *filter = gtk_file_filter_new ();

  if (gtk_drop_down_get_selected (self->kind_dropdown) == 1
      && *gtk_editable_get_text (GTK_EDITABLE (self->sku_entry)) == '\0')
    {
      set_error (self, _("Give the SKU of the product the participant wears in the photo."));
      gtk_widget_grab_focus (GTK_WIDGET (self->sku_entry));
      return;
    }
  dialog = gtk_file_chooser_native_new (_("Add Face Photos"), GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_OPEN,
                                        _("_Add"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Photos"));
  gtk_file_filter_add_mime_type (filter, "image/jpeg");
  gtk_file_filter_add_mime_type (filter, "image/png");
  gtk_file_filter_add_mime_type (filter, "image/tiff");
  gtk_file_filter_add_mime_type (filter, "image/webp");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (dialog), TRUE);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (add_photos_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
kind_changed_cb (ShParticipantsWindow *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->sku_entry), gtk_drop_down_get_selected (self->kind_dropdown) == 1);
}

gboolean
sh_participants_window_remove (ShParticipantsWindow *self)
{
  g_autoptr (GError) error = NULL;
  const ShParticipantRow *participant;
  ShProject *project;

  g_return_val_if_fail (SH_IS_PARTICIPANTS_WINDOW (self), FALSE);

  participant = find_participant (self, self->editing, NULL);
  project = self->project_window != NULL ? sh_project_window_get_project (self->project_window) : NULL;
  if (participant == NULL)
    return FALSE;
  if (project == NULL || sh_project_window_is_read_only (self->project_window))
    {
      set_error (self, _("This project is open read-only: participants cannot be changed."));
      return FALSE;
    }
  if (!sh_project_remove_participant (project, participant->code, &error))
    {
      g_autofree char *message = g_strdup_printf (_("The participant was not removed: %s"), error->message);

      set_error (self, message);
      return FALSE;
    }
  g_message ("participant %s removed", participant->code);
  /* Their lips are gone: the steps that drew them cannot be taken back. */
  if (self->history != NULL)
    {
      g_object_unref (self->history);
      self->history = sh_polygon_history_new (project);
      g_signal_connect_object (self->history, "changed", G_CALLBACK (history_changed_cb), self, G_CONNECT_SWAPPED);
      update_undo_actions (self);
    }
  self->editing = 0;
  sh_participants_window_reload (self);
  sh_participants_window_select (self, 0);
  return TRUE;
}

static void
remove_response (AdwMessageDialog *dialog, const char *response, ShParticipantsWindow *self)
{
  if (g_strcmp0 (response, "remove") == 0)
    sh_participants_window_remove (self);
}

static void
remove_clicked_cb (ShParticipantsWindow *self)
{
  const ShParticipantRow *participant = find_participant (self, self->editing, NULL);
  GtkWidget *dialog;

  if (participant == NULL)
    return;
  /* Translators: the confirmation's heading; %s is a participant's code. */
  dialog = adw_message_dialog_new (GTK_WINDOW (self), NULL, NULL);
  adw_message_dialog_format_heading (ADW_MESSAGE_DIALOG (dialog), _("Remove %s?"), participant->code);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog),
                               _("Their face photos and the lips drawn on them leave the project; the photo files "
                                 "stay where they are."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (remove_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

ShCanvasPolygonTool *
sh_participants_window_get_polygon_tool (ShParticipantsWindow *self)
{
  g_return_val_if_fail (SH_IS_PARTICIPANTS_WINDOW (self), NULL);
  return self->polygon_tool;
}

gint64
sh_participants_window_get_shown_photo (ShParticipantsWindow *self)
{
  g_return_val_if_fail (SH_IS_PARTICIPANTS_WINDOW (self), 0);
  return self->shown_photo;
}

void
sh_participants_window_show_face_photo (ShParticipantsWindow *self, gint64 face_photo_id)
{
  g_return_if_fail (SH_IS_PARTICIPANTS_WINDOW (self));
  show_face_photo (self, face_photo_id);
  load_photos (self);
}

static void
save_clicked_cb (ShParticipantsWindow *self)
{
  sh_participants_window_save (self, NULL);
}

static void
new_clicked_cb (ShParticipantsWindow *self)
{
  sh_participants_window_select (self, 0);
  gtk_widget_grab_focus (GTK_WIDGET (self->code_row));
}

static void
action_new_participant (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  new_clicked_cb (SH_PARTICIPANTS_WINDOW (widget));
}

static void
action_save (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  sh_participants_window_save (SH_PARTICIPANTS_WINDOW (widget), NULL);
}

/* ---- construction ---- */

static void
sh_participants_window_dispose (GObject *object)
{
  ShParticipantsWindow *self = SH_PARTICIPANTS_WINDOW (object);

  if (self->project_window != NULL)
    {
      if (g_object_get_data (G_OBJECT (self->project_window), "sh-participants-window") == self)
        g_object_set_data (G_OBJECT (self->project_window), "sh-participants-window", NULL);
      g_clear_weak_pointer (&self->project_window);
    }
  g_cancellable_cancel (self->render_cancellable);
  g_clear_object (&self->render_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (object), SH_TYPE_PARTICIPANTS_WINDOW);
  G_OBJECT_CLASS (sh_participants_window_parent_class)->dispose (object);
}

static void
sh_participants_window_finalize (GObject *object)
{
  ShParticipantsWindow *self = SH_PARTICIPANTS_WINDOW (object);

  g_clear_pointer (&self->participants, g_ptr_array_unref);
  g_clear_pointer (&self->photos, g_ptr_array_unref);
  g_clear_pointer (&self->transform, sh_display_transform_unref);
  g_clear_object (&self->history);
  g_free (self->error);
  g_free (self->last_geometry);
  G_OBJECT_CLASS (sh_participants_window_parent_class)->finalize (object);
}

static void
sh_participants_window_class_init (ShParticipantsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sh_participants_window_dispose;
  object_class->finalize = sh_participants_window_finalize;

  g_type_ensure (SH_TYPE_CANVAS_POLYGON_TOOL);
  g_type_ensure (SH_TYPE_MST_PICKER);
  g_type_ensure (SH_TYPE_SWATCH_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/shadelab/Shadelab/ui/sh-participants-window.ui");
  gtk_widget_class_bind_template_child (widget_class, ShParticipantsWindow, list_stack);
  gtk_widget_class_bind_template_child (widget_class, ShParticipantsWindow, list_box);
  gtk_widget_class_bind_template_child (widget_class, ShParticipantsWindow, form_group);
  gtk_widget_class_bind_template_child (widget_class, ShParticipantsWindow, code_row);
  gtk_widget_class_bind_template_child (widget_class, ShParticipantsWindow, mst_picker);
  gtk_widget_class_bind_template_child (widget_class, ShParticipantsWindow, marketplace_row);
  gtk_widget_class_bind_template_child (widget_class, ShParticipantsWindow, notes_row);
  gtk_widget_class_bind_template_child (widget_class, ShParticipantsWindow, consent_switch);
  gtk_widget_class_bind_template_child (widget_class, ShParticipantsWindow, error_label);
  gtk_widget_class_bind_template_child (widget_class, ShParticipantsWindow, save_button);
  gtk_widget_class_bind_template_child (widget_class, ShParticipantsWindow, photos_group);
  gtk_widget_class_bind_template_child (widget_class, ShParticipantsWindow, photos_list);
  gtk_widget_class_bind_template_child (widget_class, ShParticipantsWindow, kind_dropdown);
  gtk_widget_class_bind_template_child (widget_class, ShParticipantsWindow, sku_entry);
  gtk_widget_class_bind_template_child (widget_class, ShParticipantsWindow, remove_button);
  gtk_widget_class_bind_template_child (widget_class, ShParticipantsWindow, outer_toggle);
  gtk_widget_class_bind_template_child (widget_class, ShParticipantsWindow, opening_toggle);
  gtk_widget_class_bind_template_child (widget_class, ShParticipantsWindow, measure_toggle);
  gtk_widget_class_bind_template_child (widget_class, ShParticipantsWindow, tone_box);
  gtk_widget_class_bind_template_child (widget_class, ShParticipantsWindow, tone_swatch);
  gtk_widget_class_bind_template_child (widget_class, ShParticipantsWindow, tone_label);
  gtk_widget_class_bind_template_child (widget_class, ShParticipantsWindow, tone_accept_button);
  gtk_widget_class_bind_template_child (widget_class, ShParticipantsWindow, editor_hint);
  gtk_widget_class_bind_template_child (widget_class, ShParticipantsWindow, editor_stack);
  gtk_widget_class_bind_template_child (widget_class, ShParticipantsWindow, polygon_tool);
  gtk_widget_class_bind_template_callback (widget_class, photo_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, polygon_edited_cb);
  gtk_widget_class_bind_template_callback (widget_class, active_kind_cb);
  gtk_widget_class_bind_template_callback (widget_class, tone_accept_cb);
  gtk_widget_class_bind_template_callback (widget_class, tone_dismiss_cb);
  gtk_widget_class_bind_template_callback (widget_class, kind_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, kind_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, add_photo_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, remove_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, new_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, save_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_selected_cb);

  gtk_widget_class_install_action (widget_class, "participants.new", NULL, action_new_participant);
  gtk_widget_class_install_action (widget_class, "participants.save", NULL, action_save);
  gtk_widget_class_install_action (widget_class, "participants.undo", NULL, action_undo);
  gtk_widget_class_install_action (widget_class, "participants.redo", NULL, action_redo);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "participants.undo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "participants.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Z, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "participants.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_y, GDK_CONTROL_MASK, "participants.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "participants.new", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "participants.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sh_participants_window_init (ShParticipantsWindow *self)
{
  GtkEventController *controller;
  GtkDropTarget *drop;

  gtk_widget_init_template (GTK_WIDGET (self));
  g_object_bind_property (self->measure_toggle, "active", self->polygon_tool, "measuring",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_signal_connect_object (self->polygon_tool, "notify::measuring", G_CALLBACK (measuring_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (sh_canvas_polygon_tool_get_canvas (self->polygon_tool), "box-drawn",
                           G_CALLBACK (patch_drawn_cb), self, G_CONNECT_SWAPPED);
  sh_swatch_view_set_natural_size (self->tone_swatch, 72, 40);
  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_object (controller, "key-pressed", G_CALLBACK (tone_key_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self->tone_box), controller);
  g_signal_connect_object (self->code_row, "entry-activated", G_CALLBACK (save_clicked_cb), self,
                           G_CONNECT_SWAPPED);
  drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect_object (drop, "drop", G_CALLBACK (photos_dropped_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));
}

static void
project_window_gone (ShParticipantsWindow *self)
{
  gtk_window_destroy (GTK_WINDOW (self));
}

ShParticipantsWindow *
sh_participants_window_find (ShProjectWindow *project_window)
{
  g_return_val_if_fail (SH_IS_PROJECT_WINDOW (project_window), NULL);
  return g_object_get_data (G_OBJECT (project_window), "sh-participants-window");
}

ShParticipantsWindow *
sh_participants_window_present_for (ShProjectWindow *project_window, ShDisplayTransform *transform)
{
  ShParticipantsWindow *self;
  g_autofree char *title = NULL;
  const char *name;

  g_return_val_if_fail (SH_IS_PROJECT_WINDOW (project_window), NULL);

  if (sh_project_window_get_project (project_window) == NULL)
    return NULL;
  self = sh_participants_window_find (project_window);
  if (self != NULL)
    {
      /* Photos added from the command line meanwhile show up. */
      sh_participants_window_reload (self);
      gtk_window_present (GTK_WINDOW (self));
      return self;
    }
  self = g_object_new (SH_TYPE_PARTICIPANTS_WINDOW, "transient-for", project_window,
                       "application", gtk_window_get_application (GTK_WINDOW (project_window)), NULL);
  g_set_weak_pointer (&self->project_window, project_window);
  self->transform = transform != NULL ? sh_display_transform_ref (transform) : NULL;
  /* The scale's swatches and a measured patch through the monitor's profile, like the tone grid's tiles. */
  sh_mst_picker_set_display_transform (self->mst_picker, self->transform);
  sh_swatch_view_set_display_transform (self->tone_swatch, self->transform);
  name = sh_project_window_get_name (project_window);
  /* Translators: the Participants window's title: project name. */
  title = g_strdup_printf (_("Participants – %s"), name != NULL ? name : "");
  gtk_window_set_title (GTK_WINDOW (self), title);
  if (!sh_project_window_is_read_only (project_window))
    {
      self->history = sh_polygon_history_new (sh_project_window_get_project (project_window));
      g_signal_connect_object (self->history, "changed", G_CALLBACK (history_changed_cb), self, G_CONNECT_SWAPPED);
    }
  update_undo_actions (self);
  if (g_strcmp0 (g_getenv ("SHADELAB_DEBUG_GEOMETRY"), "1") == 0)
    gtk_widget_add_tick_callback (GTK_WIDGET (self), print_geometry_cb, self, NULL);
  sh_participants_window_reload (self);
  sh_participants_window_select (self, 0);
  /* The project belongs to the labeling window: this window goes when it closes or opens another. */
  g_signal_connect_object (project_window, "destroy", G_CALLBACK (project_window_gone), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (project_window, "notify::path", G_CALLBACK (project_window_gone), self,
                           G_CONNECT_SWAPPED);
  g_object_set_data (G_OBJECT (project_window), "sh-participants-window", self);
  gtk_window_present (GTK_WINDOW (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->code_row));
  return self;
}
