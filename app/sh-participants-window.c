/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sh-participants-window.c: adding and editing participants, with their face photos (see
 * sh-participants-window.h). */
#define G_LOG_DOMAIN "shadelab-window"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "color/skin-render.h"
#include "core/store/project-participants.h"
#include "sh-participants-window.h"
#include "sh-product-bar.h"
#include "sh-project-window.h"

struct _ShParticipantsWindow
{
  AdwWindow parent_instance;

  /* Template widgets */
  GtkStack *list_stack;
  GtkListBox *list_box;
  AdwPreferencesGroup *form_group;
  AdwEntryRow *code_row;
  GtkBox *mst_box;
  GtkSpinButton *mst_spin;
  AdwEntryRow *marketplace_row;
  AdwEntryRow *notes_row;
  GtkSwitch *consent_switch;
  GtkLabel *error_label;
  GtkButton *save_button;
  AdwPreferencesGroup *photos_group;
  GtkListBox *photos_list;

  GtkWidget *mst_chip;               /* owned by mst_box */
  ShProjectWindow *project_window;   /* weak */
  ShDisplayTransform *transform;     /* owned */
  GPtrArray *participants;           /* owned: ShParticipantRow, in the list's order */
  gint64 editing;                    /* the participant the form edits, 0 for a new one */
  gboolean selecting;                /* the list's selection is being set from code */
  guint n_photos;
  char *error;                       /* owned */
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

static void
load_photos (ShParticipantsWindow *self)
{
  g_autoptr (GPtrArray) photos = NULL;
  g_autoptr (GError) error = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->photos_list))) != NULL)
    gtk_list_box_remove (self->photos_list, child);
  self->n_photos = 0;
  gtk_widget_set_visible (GTK_WIDGET (self->photos_group), self->editing != 0);
  if (self->editing == 0 || reader (self) == NULL)
    return;
  photos = sh_project_list_face_photos (reader (self), self->editing, &error);
  if (photos == NULL)
    {
      g_warning ("reading the face photos: %s", error->message);
      return;
    }
  for (guint i = 0; i < photos->len; i++)
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
    }
  if (photos->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No face photos yet"));
      gtk_list_box_append (self->photos_list, row);
    }
}

static void
update_mst_chip (ShParticipantsWindow *self)
{
  char hex[8];

  mst_hex (gtk_spin_button_get_value_as_int (self->mst_spin), hex);
  sh_product_chip_set_color (self->mst_chip, hex, self->transform);
}

static void
show_form (ShParticipantsWindow *self, const ShParticipantRow *participant)
{
  self->editing = participant != NULL ? participant->id : 0;
  gtk_editable_set_text (GTK_EDITABLE (self->code_row), participant != NULL ? participant->code : "");
  gtk_spin_button_set_value (self->mst_spin, participant != NULL ? participant->mst : 5);
  gtk_editable_set_text (GTK_EDITABLE (self->marketplace_row),
                         participant != NULL && participant->marketplace != NULL ? participant->marketplace : "");
  gtk_editable_set_text (GTK_EDITABLE (self->notes_row),
                         participant != NULL && participant->notes != NULL ? participant->notes : "");
  gtk_switch_set_active (self->consent_switch, participant != NULL && participant->consent);
  adw_preferences_group_set_title (self->form_group, participant != NULL ? participant->code
                                                                         : _("New Participant"));
  gtk_button_set_label (self->save_button, participant != NULL ? _("_Save Participant") : _("_Add Participant"));
  update_mst_chip (self);
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
  gtk_spin_button_set_value (self->mst_spin, mst);
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

  gtk_spin_button_update (self->mst_spin);
  mst = gtk_spin_button_get_value_as_int (self->mst_spin);
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
  gtk_widget_dispose_template (GTK_WIDGET (object), SH_TYPE_PARTICIPANTS_WINDOW);
  G_OBJECT_CLASS (sh_participants_window_parent_class)->dispose (object);
}

static void
sh_participants_window_finalize (GObject *object)
{
  ShParticipantsWindow *self = SH_PARTICIPANTS_WINDOW (object);

  g_clear_pointer (&self->participants, g_ptr_array_unref);
  g_clear_pointer (&self->transform, sh_display_transform_unref);
  g_free (self->error);
  G_OBJECT_CLASS (sh_participants_window_parent_class)->finalize (object);
}

static void
sh_participants_window_class_init (ShParticipantsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sh_participants_window_dispose;
  object_class->finalize = sh_participants_window_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/shadelab/Shadelab/ui/sh-participants-window.ui");
  gtk_widget_class_bind_template_child (widget_class, ShParticipantsWindow, list_stack);
  gtk_widget_class_bind_template_child (widget_class, ShParticipantsWindow, list_box);
  gtk_widget_class_bind_template_child (widget_class, ShParticipantsWindow, form_group);
  gtk_widget_class_bind_template_child (widget_class, ShParticipantsWindow, code_row);
  gtk_widget_class_bind_template_child (widget_class, ShParticipantsWindow, mst_box);
  gtk_widget_class_bind_template_child (widget_class, ShParticipantsWindow, mst_spin);
  gtk_widget_class_bind_template_child (widget_class, ShParticipantsWindow, marketplace_row);
  gtk_widget_class_bind_template_child (widget_class, ShParticipantsWindow, notes_row);
  gtk_widget_class_bind_template_child (widget_class, ShParticipantsWindow, consent_switch);
  gtk_widget_class_bind_template_child (widget_class, ShParticipantsWindow, error_label);
  gtk_widget_class_bind_template_child (widget_class, ShParticipantsWindow, save_button);
  gtk_widget_class_bind_template_child (widget_class, ShParticipantsWindow, photos_group);
  gtk_widget_class_bind_template_child (widget_class, ShParticipantsWindow, photos_list);
  gtk_widget_class_bind_template_callback (widget_class, new_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, save_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_selected_cb);

  gtk_widget_class_install_action (widget_class, "participants.new", NULL, action_new_participant);
  gtk_widget_class_install_action (widget_class, "participants.save", NULL, action_save);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "participants.new", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "participants.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sh_participants_window_init (ShParticipantsWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* The scale's own swatch, through the monitor's profile like the tone grid's tiles. */
  self->mst_chip = sh_product_chip_new (24);
  gtk_widget_set_valign (self->mst_chip, GTK_ALIGN_CENTER);
  gtk_box_prepend (self->mst_box, self->mst_chip);
  g_signal_connect_object (self->mst_spin, "value-changed", G_CALLBACK (update_mst_chip), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->code_row, "entry-activated", G_CALLBACK (save_clicked_cb), self,
                           G_CONNECT_SWAPPED);
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
  name = sh_project_window_get_name (project_window);
  /* Translators: the Participants window's title: project name. */
  title = g_strdup_printf (_("Participants – %s"), name != NULL ? name : "");
  gtk_window_set_title (GTK_WINDOW (self), title);
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
