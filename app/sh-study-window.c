/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sh-study-window.c: the rater view of a blind realism study (see sh-study-window.h). */
#define G_LOG_DOMAIN "shadelab-study"

#include "config.h"

#include "sh-study-window.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "color/display.h"
#include "core/formats/image-loader.h"
#include "core/store/study-pack.h"
#include "monitor-profile.h"

#define N_SLOTS SH_STUDY_PACK_MAX_CANDIDATES
/* The images are rendered for the screen at most this wide: a 4000-pixel photo is not drawn whole. */
#define RENDER_MAX_WIDTH 1000

struct _ShStudyWindow {
  AdwWindow parent_instance;

  AdwWindowTitle *window_title;
  GtkStack *stack;
  GtkPicture *reference_picture;
  GtkGrid *candidate_grid;
  GtkLabel *status_label;

  GtkWidget *slots[N_SLOTS];
  GtkPicture *pictures[N_SLOTS];
  GtkLabel *labels[N_SLOTS];

  ShStudyPack *pack;
  ShDisplayProfile *monitor;
  ShStudyPackTrial *trial;
  ShLoadedImage *reference;
  ShLoadedImage *candidates[N_SLOTS];
  ShBox lips;                 /* where the candidates differ, with a margin; w 0 when they do not */
  guint position;             /* 1-based; n_trials + 1 when all are scored */
  guint focused;
  gboolean zoomed;
  gint64 shown_at;            /* monotonic time the trial was shown */
};

G_DEFINE_FINAL_TYPE (ShStudyWindow, sh_study_window, ADW_TYPE_WINDOW)

/* ---- images ---- */

/* A PNG of the pack decoded by the loader, its embedded profile with it. */
static ShLoadedImage *
load_png (GBytes *png, GError **error)
{
  return sh_load_image_bytes (png, "study image", NULL, error);
}

/* The loaded image (or box of it) through the monitor's profile, as a texture. */
static GdkTexture *
render_texture (ShStudyWindow *self, const ShLoadedImage *loaded, const ShBox *box)
{
  ShDisplayTransform *transform;
  ShBox area = box != NULL && box->w > 0 ? *box : (ShBox) { 0, 0, loaded->image->width, loaded->image->height };
  int step, out_w, out_h;
  guint8 *pixels;
  GdkTexture *texture = NULL;

  if (!sh_box_clip (&area, loaded->image->width, loaded->image->height))
    return NULL;
  transform = sh_display_transform_new_for_image (self->monitor, &loaded->image->model, loaded->icc_data,
                                                  loaded->icc_len, NULL, 0);
  if (transform == NULL)
    return NULL;
  step = MAX (1, (int) ceil (area.w / (double) RENDER_MAX_WIDTH));
  out_w = sh_display_reduced_size (area.w, step);
  out_h = sh_display_reduced_size (area.h, step);
  pixels = g_malloc ((gsize) out_w * out_h * 4);
  if (sh_display_transform_render_image (transform, loaded->image, area.x, area.y, area.w, area.h, step, pixels,
                                         out_w * 4))
    {
      g_autoptr (GBytes) bytes = g_bytes_new_take (pixels, (gsize) out_w * out_h * 4);
      texture = gdk_memory_texture_new (out_w, out_h, GDK_MEMORY_B8G8R8A8_PREMULTIPLIED, bytes, (gsize) out_w * 4);
    }
  else
    g_free (pixels);
  sh_display_transform_unref (transform);
  return texture;
}

/* The lips: the box of the pixels where two candidates differ (the renders differ only there), a margin of a sixth
 * its size around it. */
static void
find_lips (ShStudyWindow *self)
{
  const ShImage *first = self->candidates[0] ? self->candidates[0]->image : NULL;
  int x0 = G_MAXINT, y0 = G_MAXINT, x1 = -1, y1 = -1;

  self->lips = (ShBox) { 0, 0, 0, 0 };
  if (first == NULL)
    return;
  for (guint c = 1; c < self->trial->n_candidates; c++)
    {
      const ShImage *other = self->candidates[c] ? self->candidates[c]->image : NULL;

      if (other == NULL || other->width != first->width || other->height != first->height)
        continue;
      for (int y = 0; y < first->height; y++)
        {
          const guint8 *a = first->pixels + (gsize) y * first->stride;
          const guint8 *b = other->pixels + (gsize) y * other->stride;

          for (int x = 0; x < first->width; x++)
            if (memcmp (a + x * 4, b + x * 4, 3) != 0)
              {
                x0 = MIN (x0, x);
                x1 = MAX (x1, x);
                y0 = MIN (y0, y);
                y1 = MAX (y1, y);
              }
        }
    }
  if (x1 < 0)
    return;
  {
    int w = x1 - x0 + 1, h = y1 - y0 + 1;
    int margin = MAX (w, h) / 6;

    self->lips = (ShBox) { x0 - margin, y0 - margin, w + 2 * margin, h + 2 * margin };
    sh_box_clip (&self->lips, first->width, first->height);
  }
}

static void
show_images (ShStudyWindow *self)
{
  const ShBox *box = self->zoomed ? &self->lips : NULL;
  g_autoptr (GdkTexture) reference = self->reference ? render_texture (self, self->reference, box) : NULL;

  gtk_picture_set_paintable (self->reference_picture, GDK_PAINTABLE (reference));
  for (guint c = 0; c < N_SLOTS; c++)
    {
      g_autoptr (GdkTexture) texture = NULL;

      if (c < self->trial->n_candidates && self->candidates[c])
        texture = render_texture (self, self->candidates[c], box);
      gtk_picture_set_paintable (self->pictures[c], GDK_PAINTABLE (texture));
    }
}

/* ---- what the rater sees ---- */

static void
show_labels (ShStudyWindow *self)
{
  guint left = 0;

  for (guint c = 0; c < N_SLOTS; c++)
    {
      gboolean present = self->trial != NULL && c < self->trial->n_candidates;
      g_autofree char *text = NULL;

      gtk_widget_set_visible (self->slots[c], present);
      if (!present)
        continue;
      if (self->trial->scores[c] > 0)
        text = g_strdup_printf (_("%c: %d"), self->trial->letters[c], self->trial->scores[c]);
      else
        {
          text = g_strdup_printf (_("%c: not scored"), self->trial->letters[c]);
          left++;
        }
      gtk_label_set_label (self->labels[c], text);
      if (c == self->focused)
        gtk_widget_add_css_class (self->slots[c], "focused");
      else
        gtk_widget_remove_css_class (self->slots[c], "focused");
    }
  if (left > 0)
    gtk_label_set_label (self->status_label,
                         _("Score the outlined candidate 1 to 10 for how close it is to the real product (0 is 10); "
                           "Tab moves to the next, Z zooms to the lips."));
  else
    gtk_label_set_label (self->status_label, _("All scored: Return goes to the next trial."));
}

static void
show_progress (ShStudyWindow *self)
{
  guint n = sh_study_pack_get_n_trials (self->pack);
  g_autofree char *progress = self->position <= n ? g_strdup_printf (_("%u of %u"), self->position, n)
                                                  : g_strdup_printf (_("%u of %u scored"), n, n);
  g_autofree char *title = g_strdup_printf (_("Realism Study – %s"), sh_study_pack_get_rater (self->pack));

  adw_window_title_set_subtitle (self->window_title, progress);
  gtk_window_set_title (GTK_WINDOW (self), title);
}

static void
clear_trial (ShStudyWindow *self)
{
  g_clear_pointer (&self->trial, sh_study_pack_trial_free);
  g_clear_pointer (&self->reference, sh_loaded_image_free);
  for (guint c = 0; c < N_SLOTS; c++)
    g_clear_pointer (&self->candidates[c], sh_loaded_image_free);
}

/* Shows trial position, or the end page past the last. */
static void
show_trial (ShStudyWindow *self, guint position)
{
  g_autoptr (GError) error = NULL;

  clear_trial (self);
  self->position = position;
  self->focused = 0;
  show_progress (self);
  if (position > sh_study_pack_get_n_trials (self->pack))
    {
      gtk_stack_set_visible_child_name (self->stack, "done");
      gtk_label_set_label (self->status_label, "");
      g_message ("study: all %u trials scored", sh_study_pack_get_n_trials (self->pack));
      return;
    }
  self->trial = sh_study_pack_get_trial (self->pack, position, &error);
  if (self->trial == NULL)
    {
      gtk_label_set_label (self->status_label, error->message);
      return;
    }
  self->reference = load_png (self->trial->reference, &error);
  if (self->reference == NULL)
    g_warning ("trial %u: the reference photo cannot be read: %s", position, error->message);
  g_clear_error (&error);
  for (guint c = 0; c < self->trial->n_candidates; c++)
    {
      self->candidates[c] = load_png (self->trial->candidates[c], &error);
      if (self->candidates[c] == NULL)
        g_warning ("trial %u: candidate %c cannot be read: %s", position, self->trial->letters[c], error->message);
      g_clear_error (&error);
    }
  find_lips (self);
  /* The first candidate not scored yet has the focus (resuming a half-scored trial). */
  for (guint c = 0; c < self->trial->n_candidates; c++)
    if (self->trial->scores[c] == 0)
      {
        self->focused = c;
        break;
      }
  gtk_stack_set_visible_child_name (self->stack, "rating");
  show_images (self);
  show_labels (self);
  self->shown_at = g_get_monotonic_time ();
  g_message ("study: trial %u of %u shown", position, sh_study_pack_get_n_trials (self->pack));
}

/* Adds the time since the trial was shown to it in the pack. */
static void
record_time (ShStudyWindow *self)
{
  g_autoptr (GError) error = NULL;
  gint64 now = g_get_monotonic_time ();

  if (self->trial == NULL || self->shown_at == 0)
    return;
  if (!sh_study_pack_add_time (self->pack, self->position, (now - self->shown_at) / 1000, &error))
    g_warning ("%s", error->message);
  self->shown_at = now;
}

/* ---- keys ---- */

static void
score_focused (ShStudyWindow *self, int score)
{
  g_autoptr (GError) error = NULL;

  if (self->trial == NULL || self->focused >= self->trial->n_candidates)
    return;
  if (!sh_study_pack_set_score (self->pack, self->position, self->trial->letters[self->focused], score, &error))
    {
      /* Not saved: the rater is told and the score is not shown. */
      gtk_label_set_label (self->status_label, error->message);
      return;
    }
  self->trial->scores[self->focused] = score;
  g_message ("study: trial %u candidate %c scored %d", self->position, self->trial->letters[self->focused], score);
  show_labels (self);
}

static void
next_trial (ShStudyWindow *self)
{
  guint left = 0;

  if (self->trial == NULL)
    return;
  for (guint c = 0; c < self->trial->n_candidates; c++)
    left += self->trial->scores[c] == 0;
  if (left > 0)
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Score the last candidate first.",
                                                            "Score the %u candidates left first.", left), left);
      gtk_label_set_label (self->status_label, text);
      return;
    }
  record_time (self);
  show_trial (self, self->position + 1);
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller, guint keyval, guint keycode, GdkModifierType state,
                ShStudyWindow *self)
{
  int digit = -1;

  if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK)) != 0)
    return FALSE;
  if (keyval >= GDK_KEY_0 && keyval <= GDK_KEY_9)
    digit = (int) (keyval - GDK_KEY_0);
  else if (keyval >= GDK_KEY_KP_0 && keyval <= GDK_KEY_KP_9)
    digit = (int) (keyval - GDK_KEY_KP_0);
  if (digit >= 0)
    {
      score_focused (self, digit == 0 ? 10 : digit);
      return TRUE;
    }
  if (self->trial == NULL)
    return FALSE;
  switch (keyval)
    {
    case GDK_KEY_Tab:
    case GDK_KEY_KP_Tab:
      self->focused = (self->focused + 1) % self->trial->n_candidates;
      show_labels (self);
      return TRUE;
    case GDK_KEY_ISO_Left_Tab:
      self->focused = (self->focused + self->trial->n_candidates - 1) % self->trial->n_candidates;
      show_labels (self);
      return TRUE;
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
      next_trial (self);
      return TRUE;
    case GDK_KEY_z:
    case GDK_KEY_Z:
      self->zoomed = !self->zoomed && self->lips.w > 0;
      show_images (self);
      return TRUE;
    default:
      return FALSE;
    }
}

static gboolean
close_request_cb (ShStudyWindow *self)
{
  record_time (self);
  return FALSE;
}

/* ---- the object ---- */

static void
build_slots (ShStudyWindow *self)
{
  for (guint c = 0; c < N_SLOTS; c++)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
      GtkWidget *picture = gtk_picture_new ();
      GtkWidget *label = gtk_label_new (NULL);

      gtk_widget_add_css_class (box, "study-candidate");
      gtk_widget_add_css_class (label, "study-score");
      gtk_picture_set_can_shrink (GTK_PICTURE (picture), TRUE);
      gtk_widget_set_vexpand (picture, TRUE);
      gtk_widget_set_hexpand (picture, TRUE);
      gtk_box_append (GTK_BOX (box), picture);
      gtk_box_append (GTK_BOX (box), label);
      gtk_grid_attach (self->candidate_grid, box, (int) (c % 2), (int) (c / 2), 1, 1);
      self->slots[c] = box;
      self->pictures[c] = GTK_PICTURE (picture);
      self->labels[c] = GTK_LABEL (label);
    }
}

static void
sh_study_window_dispose (GObject *object)
{
  ShStudyWindow *self = SH_STUDY_WINDOW (object);

  clear_trial (self);
  g_clear_pointer (&self->pack, sh_study_pack_close);
  g_clear_pointer (&self->monitor, sh_display_profile_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), SH_TYPE_STUDY_WINDOW);
  G_OBJECT_CLASS (sh_study_window_parent_class)->dispose (object);
}

static void
sh_study_window_class_init (ShStudyWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sh_study_window_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/org/shadelab/Shadelab/ui/sh-study-window.ui");
  gtk_widget_class_bind_template_child (widget_class, ShStudyWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, ShStudyWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, ShStudyWindow, reference_picture);
  gtk_widget_class_bind_template_child (widget_class, ShStudyWindow, candidate_grid);
  gtk_widget_class_bind_template_child (widget_class, ShStudyWindow, status_label);
}

static void
sh_study_window_init (ShStudyWindow *self)
{
  GtkEventController *keys = gtk_event_controller_key_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  build_slots (self);
  /* Before any widget: Tab and the digits are the rater's keys here, not focus moves. */
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
  g_signal_connect (self, "close-request", G_CALLBACK (close_request_cb), NULL);
}

ShStudyWindow *
sh_study_window_new (GtkApplication *application, const char *path, GError **error)
{
  g_autoptr (ShStudyPack) pack = sh_study_pack_open (path, TRUE, error);
  ShStudyWindow *self;
  guint first = 1;

  if (pack == NULL || !sh_study_pack_progress (pack, NULL, &first, error))
    return NULL;
  self = g_object_new (SH_TYPE_STUDY_WINDOW, "application", application, NULL);
  self->pack = g_steal_pointer (&pack);
  self->monitor = sh_monitor_profile_load_for_widget (GTK_WIDGET (self), NULL, NULL, NULL);
  if (self->monitor == NULL)
    self->monitor = sh_display_profile_new_srgb ();
  adw_window_title_set_title (self->window_title, sh_study_pack_get_study_name (self->pack));
  show_trial (self, first);
  return self;
}

guint
sh_study_window_get_position (ShStudyWindow *self)
{
  return self->position;
}

guint
sh_study_window_get_focused (ShStudyWindow *self)
{
  return self->focused;
}
