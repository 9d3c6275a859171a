/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sh-tryon-row.c: the product on the participants' own lips, beside their worn photos (see sh-tryon-row.h). */
#define G_LOG_DOMAIN "shadelab-window"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "color/colorspace.h"
#include "color/delta-e.h"
#include "core/formats/row-bands.h"
#include "core/models/tryon-faces.h"
#include "sh-tryon-row.h"

/* The largest side of a picture, in pixels. */
#define PICTURE_WIDTH 180
#define PICTURE_HEIGHT 120

/* The places of "on this face", in order. */
enum { FACE_WORN, FACE_MEAN, FACE_ROBUST, FACE_TUNED, N_FACE };

/* A picture for the screen, made on a worker: monitor BGRA, opaque. */
typedef struct {
  int width, height;
  guint8 *pixels;
} Shot;

static void
shot_clear (Shot *shot)
{
  g_clear_pointer (&shot->pixels, g_free);
}

/* The widgets of one face. */
typedef struct {
  GtkWidget *rendered;   /* GtkPicture */
  GtkWidget *worn;       /* GtkPicture, NULL without a worn photo */
  GtkWidget *delta_e;    /* GtkLabel */
  double delta_e_value;
} Card;

struct _ShTryonRow
{
  GtkWidget parent_instance;

  GtkWidget *box;          /* vertical: the summary, then the cards */
  GtkWidget *summary;      /* GtkLabel */
  GtkWidget *cards_box;    /* horizontal, in a scrolled window */
  GtkWidget *scroller;

  char *path;
  ShDisplayProfile *monitor;
  gint64 product_id;
  ShMaterial material;
  gboolean has_material;

  GPtrArray *faces;        /* ShTryonFace, shared read-only with the render workers */
  GArray *cards;           /* Card, one per face */
  guint load_serial;       /* the latest product asked for */
  gboolean loading;
  gboolean rendering;
  gboolean render_wanted;  /* the material changed while a render ran */
  guint frames;
  double means[3];
  int counts[3];
  GCancellable *cancellable;

  /* On this face: the first face with a worn photo, worn beside the renders of the plain average, the robust
   * extraction and the tuned material (the tuned material with the measured colour as its base). */
  GtkWidget *face_box;
  GtkWidget *face_title;
  GtkWidget *face_pictures[N_FACE];
  GtkWidget *face_labels[N_FACE];
  int face_index;          /* -1 when no face has a worn photo */
  double method_lab[2][3]; /* mean, robust */
  gboolean has_method[2];
  double face_delta_e[N_FACE];
};

G_DEFINE_FINAL_TYPE (ShTryonRow, sh_tryon_row, GTK_TYPE_WIDGET)

/* ---- on the workers ---- */

/* image through its profile to the monitor, reduced to fit the picture. */
static gboolean
make_shot (ShDisplayProfile *monitor, const ShImage *image, const guint8 *icc, gsize icc_len, Shot *shot)
{
  char message[256] = "";
  ShDisplayTransform *transform = sh_display_transform_new_for_image (monitor, &image->model, icc, icc_len, message,
                                                                      sizeof message);
  int step = MAX (1, MAX ((image->width + PICTURE_WIDTH - 1) / PICTURE_WIDTH,
                          (image->height + PICTURE_HEIGHT - 1) / PICTURE_HEIGHT));
  gboolean ok;

  if (transform == NULL)
    {
      g_warning ("try-on: %s", message);
      return FALSE;
    }
  shot->width = sh_display_reduced_size (image->width, step);
  shot->height = sh_display_reduced_size (image->height, step);
  shot->pixels = g_malloc ((gsize) shot->width * shot->height * 4);
  ok = sh_display_transform_render_image (transform, image, 0, 0, image->width, image->height, step, shot->pixels,
                                          shot->width * 4);
  sh_display_transform_unref (transform);
  if (!ok)
    shot_clear (shot);
  return ok;
}

typedef struct {
  char *path;
  gint64 product_id;
  ShDisplayProfile *monitor;
  /* Results */
  GPtrArray *faces;
  Shot *worn;              /* one per face (pixels NULL without a worn photo) */
} LoadJob;

static void
load_job_free (LoadJob *job)
{
  for (guint i = 0; job->worn != NULL && job->faces != NULL && i < job->faces->len; i++)
    shot_clear (&job->worn[i]);
  g_free (job->worn);
  g_clear_pointer (&job->faces, g_ptr_array_unref);
  g_clear_pointer (&job->monitor, sh_display_profile_unref);
  g_free (job->path);
  g_free (job);
}

static void
load_thread (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  LoadJob *job = task_data;
  GError *error = NULL;
  g_autoptr (ShProject) project = sh_project_open (job->path, SH_PROJECT_OPEN_READ_ONLY, &error);

  if (project == NULL || (job->faces = sh_tryon_faces_load (project, job->product_id, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  job->worn = g_new0 (Shot, job->faces->len);
  for (guint i = 0; i < job->faces->len; i++)
    {
      const ShTryonFace *face = g_ptr_array_index (job->faces, i);

      if (face->worn != NULL)
        make_shot (job->monitor, face->worn, face->worn_icc, face->worn_icc_len, &job->worn[i]);
    }
  g_task_return_boolean (task, TRUE);
}

typedef struct {
  GPtrArray *faces;
  ShMaterial material;
  ShDisplayProfile *monitor;
  int face_index;          /* on this face: -1 for none */
  ShMaterial methods[2];   /* the material in the plain average's and the robust colour */
  gboolean has_method[2];
  /* Results, one per face */
  Shot *shots;
  double *delta_e;         /* -1 without a worn photo */
  Shot method_shots[2];
  double method_delta_e[2];
} RenderJob;

static void
render_job_free (RenderJob *job)
{
  for (guint i = 0; job->shots != NULL && i < job->faces->len; i++)
    shot_clear (&job->shots[i]);
  shot_clear (&job->method_shots[0]);
  shot_clear (&job->method_shots[1]);
  g_free (job->shots);
  g_free (job->delta_e);
  g_ptr_array_unref (job->faces);
  g_clear_pointer (&job->monitor, sh_display_profile_unref);
  g_free (job);
}

/* Faces [first, first + n) of a frame; the faces are shared out among the processors like rows of an image. */
static void
render_faces (int first, int n, int thread, gpointer data)
{
  RenderJob *job = data;

  for (int i = first; i < first + n; i++)
    {
      const ShTryonFace *face = g_ptr_array_index (job->faces, i);
      double lab[3];
      ShImage *rendered = sh_tryon_face_render (face, &job->material, 0, lab);

      job->delta_e[i] = -1;
      if (rendered == NULL)
        continue;
      if (face->worn != NULL)
        job->delta_e[i] = sh_delta_e2000 (lab, face->worn_lab);
      make_shot (job->monitor, rendered, face->bare_icc, face->bare_icc_len, &job->shots[i]);
      sh_image_free (rendered);
    }
}

static void
render_thread (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  RenderJob *job = task_data;

  job->shots = g_new0 (Shot, job->faces->len);
  job->delta_e = g_new (double, job->faces->len);
  sh_row_bands_run ((int) job->faces->len, SH_ROW_BANDS_MAX, render_faces, job);
  for (int m = 0; m < 2 && job->face_index >= 0; m++)
    {
      const ShTryonFace *face = g_ptr_array_index (job->faces, job->face_index);
      double lab[3];
      ShImage *rendered;

      job->method_delta_e[m] = -1;
      if (!job->has_method[m] || (rendered = sh_tryon_face_render (face, &job->methods[m], 0, lab)) == NULL)
        continue;
      job->method_delta_e[m] = sh_delta_e2000 (lab, face->worn_lab);
      make_shot (job->monitor, rendered, face->bare_icc, face->bare_icc_len, &job->method_shots[m]);
      sh_image_free (rendered);
    }
  g_task_return_boolean (task, TRUE);
}

/* ---- on the main thread ---- */

static void
set_shot (GtkWidget *picture, Shot *shot)
{
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GdkTexture) texture = NULL;

  if (shot->pixels == NULL)
    return;
  bytes = g_bytes_new_take (g_steal_pointer (&shot->pixels), (gsize) shot->width * shot->height * 4);
  /* Opaque BGRA: premultiplied or not makes no difference. */
  texture = gdk_memory_texture_new (shot->width, shot->height, GDK_MEMORY_B8G8R8A8_PREMULTIPLIED, bytes,
                                    (gsize) shot->width * 4);
  gtk_picture_set_paintable (GTK_PICTURE (picture), GDK_PAINTABLE (texture));
}

static void start_render (ShTryonRow *self);

static void
update_summary (ShTryonRow *self)
{
  static const char *const groups[3] = { "1-3", "4-7", "8-10" };
  g_autoptr (GString) text = g_string_new (NULL);
  g_autofree double *values = NULL;
  g_autofree int *tones = NULL;
  guint n = self->cards->len;

  if (self->faces == NULL || self->faces->len == 0)
    {
      gtk_label_set_text (GTK_LABEL (self->summary),
                          self->product_id == 0 ? ""
                                                : _("No participant who consented has a bare face photo with "
                                                    "lips drawn (Participants…, Ctrl+Shift+M)."));
      return;
    }
  values = g_new (double, n);
  tones = g_new (int, n);
  for (guint i = 0; i < n; i++)
    {
      values[i] = g_array_index (self->cards, Card, i).delta_e_value;
      tones[i] = ((ShTryonFace *) g_ptr_array_index (self->faces, i))->mst;
    }
  sh_tryon_group_means (values, tones, n, self->means, self->counts);
  /* Translators: before the mean CIEDE2000 between rendered and worn lips per Monk Skin Tone group. */
  g_string_append (text, _("Mean ΔE00, rendered against worn:"));
  for (int g = 0; g < 3; g++)
    {
      if (self->counts[g] > 0)
        /* Translators: one MST group's mean: a separator, the group, the mean, how many pairs. */
        g_string_append_printf (text, _("%s MST %s: %.1f (%d)"), g > 0 ? " ·" : "", groups[g], self->means[g],
                                self->counts[g]);
      else
        /* Translators: an MST group without any pair to compare. */
        g_string_append_printf (text, _("%s MST %s: –"), g > 0 ? " ·" : "", groups[g]);
    }
  gtk_label_set_text (GTK_LABEL (self->summary), text->str);
}

static void
render_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  RenderJob *job = g_task_get_task_data (G_TASK (result));
  ShTryonRow *self;

  if (!g_task_propagate_boolean (G_TASK (result), NULL) || g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;
  self = SH_TRYON_ROW (source);
  self->rendering = FALSE;
  /* A newer material is waiting: this frame is stale, render that one instead. */
  if (self->render_wanted || job->faces != self->faces)
    {
      start_render (self);
      return;
    }
  for (guint i = 0; i < self->cards->len; i++)
    {
      Card *card = &g_array_index (self->cards, Card, i);
      const ShTryonFace *face = g_ptr_array_index (self->faces, i);

      set_shot (card->rendered, &job->shots[i]);
      card->delta_e_value = job->delta_e[i];
      if (job->delta_e[i] >= 0)
        {
          /* Translators: under a rendered and a worn photo: the CIEDE2000 between their lips. */
          g_autofree char *text = g_strdup_printf (_("ΔE00 %.1f"), job->delta_e[i]);

          gtk_label_set_text (GTK_LABEL (card->delta_e), text);
        }
      else
        gtk_label_set_text (GTK_LABEL (card->delta_e), face->worn == NULL ? _("no worn photo") : "");
    }
  if (self->face_index >= 0 && self->face_index < (int) self->cards->len)
    {
      Card *card = &g_array_index (self->cards, Card, self->face_index);

      gtk_picture_set_paintable (GTK_PICTURE (self->face_pictures[FACE_TUNED]),
                                 gtk_picture_get_paintable (GTK_PICTURE (card->rendered)));
      self->face_delta_e[FACE_TUNED] = card->delta_e_value;
      for (int m = 0; m < 2; m++)
        {
          int place = m == 0 ? FACE_MEAN : FACE_ROBUST;

          gtk_picture_set_paintable (GTK_PICTURE (self->face_pictures[place]), NULL);
          set_shot (self->face_pictures[place], &job->method_shots[m]);
          self->face_delta_e[place] = job->has_method[m] ? job->method_delta_e[m] : -1;
        }
      for (int place = FACE_MEAN; place < N_FACE; place++)
        {
          g_autofree char *text = self->face_delta_e[place] >= 0
                                    ? g_strdup_printf (_("ΔE00 %.1f"), self->face_delta_e[place])
                                    : g_strdup (_("not measured"));

          gtk_label_set_text (GTK_LABEL (self->face_labels[place]), text);
        }
    }
  self->frames++;
  update_summary (self);
}

static void
start_render (ShTryonRow *self)
{
  g_autoptr (GTask) task = NULL;
  RenderJob *job;

  if (self->faces == NULL || self->faces->len == 0 || !self->has_material || self->monitor == NULL)
    return;
  if (self->rendering)
    {
      self->render_wanted = TRUE;
      return;
    }
  self->render_wanted = FALSE;
  self->rendering = TRUE;
  job = g_new0 (RenderJob, 1);
  job->faces = g_ptr_array_ref (self->faces);
  job->material = self->material;
  job->monitor = sh_display_profile_ref (self->monitor);
  job->face_index = self->face_index;
  for (int m = 0; m < 2; m++)
    {
      job->has_method[m] = self->has_method[m];
      job->methods[m] = self->material;
      if (self->has_method[m])
        sh_lab_to_linear_srgb (self->method_lab[m], job->methods[m].base_color);
      sh_material_clamp (&job->methods[m]);
    }
  task = g_task_new (self, self->cancellable, render_done, NULL);
  g_task_set_source_tag (task, start_render);
  g_task_set_task_data (task, job, (GDestroyNotify) render_job_free);
  g_task_run_in_thread (task, render_thread);
}

/* picture with its caption under it. */
static GtkWidget *
captioned (GtkWidget *picture, const char *caption)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *label = gtk_label_new (caption);

  gtk_widget_add_css_class (label, "caption");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (box), picture);
  gtk_box_append (GTK_BOX (box), label);
  return box;
}

static GtkWidget *
card_new (ShTryonRow *self, const ShTryonFace *face, Shot *worn, Card *card)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *pair = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  g_autofree char *title = g_strdup_printf (_("%s · MST %d"), face->code, face->mst);
  g_autofree char *rendered_text = NULL;
  GtkWidget *label = gtk_label_new (title);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "caption-heading");
  gtk_box_append (GTK_BOX (box), label);
  card->rendered = gtk_picture_new ();
  /* Translators: a picture's description: the product rendered on a participant's bare lips. */
  rendered_text = g_strdup_printf (_("%s, rendered on the bare lips"), face->code);
  gtk_picture_set_alternative_text (GTK_PICTURE (card->rendered), rendered_text);
  gtk_widget_set_size_request (card->rendered, PICTURE_WIDTH, PICTURE_HEIGHT);
  /* Translators: caption of the product rendered on a participant's bare-lip photo. */
  gtk_box_append (GTK_BOX (pair), captioned (card->rendered, _("Rendered")));
  if (face->worn != NULL)
    {
      g_autofree char *worn_text = g_strdup_printf (_("%s, wearing the product"), face->code);

      card->worn = gtk_picture_new ();
      gtk_picture_set_alternative_text (GTK_PICTURE (card->worn), worn_text);
      gtk_widget_set_size_request (card->worn, PICTURE_WIDTH, PICTURE_HEIGHT);
      set_shot (card->worn, worn);
      /* Translators: caption of a participant's photo wearing the real product. */
      gtk_box_append (GTK_BOX (pair), captioned (card->worn, _("Worn")));
    }
  gtk_box_append (GTK_BOX (box), pair);
  card->delta_e = gtk_label_new ("");
  gtk_label_set_xalign (GTK_LABEL (card->delta_e), 0);
  gtk_widget_add_css_class (card->delta_e, "numeric");
  gtk_box_append (GTK_BOX (box), card->delta_e);
  card->delta_e_value = -1;
  return box;
}

static void
clear_cards (ShTryonRow *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->cards_box)) != NULL)
    gtk_box_remove (GTK_BOX (self->cards_box), child);
  g_array_set_size (self->cards, 0);
  g_clear_pointer (&self->faces, g_ptr_array_unref);
  self->face_index = -1;
  if (self->face_box != NULL)
    gtk_widget_set_visible (self->face_box, FALSE);
}

static void
load_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  LoadJob *job = g_task_get_task_data (G_TASK (result));
  guint serial = GPOINTER_TO_UINT (user_data);
  g_autoptr (GError) error = NULL;
  ShTryonRow *self;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_warning ("try-on: %s", error->message);
          if (SH_IS_TRYON_ROW (source) && SH_TRYON_ROW (source)->load_serial == serial)
            SH_TRYON_ROW (source)->loading = FALSE;
        }
      return;
    }
  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;
  self = SH_TRYON_ROW (source);
  if (serial != self->load_serial)
    return;
  self->loading = FALSE;
  clear_cards (self);
  self->faces = g_ptr_array_ref (job->faces);
  g_array_set_size (self->cards, self->faces->len);
  for (guint i = 0; i < self->faces->len; i++)
    gtk_box_append (GTK_BOX (self->cards_box),
                    card_new (self, g_ptr_array_index (self->faces, i), &job->worn[i],
                              &g_array_index (self->cards, Card, i)));
  gtk_widget_set_visible (self->scroller, self->faces->len > 0);
  self->face_index = -1;
  for (guint i = 0; i < self->faces->len && self->face_index < 0; i++)
    if (((ShTryonFace *) g_ptr_array_index (self->faces, i))->worn != NULL)
      self->face_index = (int) i;
  gtk_widget_set_visible (self->face_box, self->face_index >= 0);
  if (self->face_index >= 0)
    {
      const ShTryonFace *face = g_ptr_array_index (self->faces, self->face_index);
      Card *card = &g_array_index (self->cards, Card, self->face_index);
      /* Translators: the heading of the four colours on one participant's face: code and Monk Skin Tone. */
      g_autofree char *title = g_strdup_printf (_("On this face: %s · MST %d"), face->code, face->mst);

      gtk_label_set_text (GTK_LABEL (self->face_title), title);
      gtk_picture_set_paintable (GTK_PICTURE (self->face_pictures[FACE_WORN]),
                                 gtk_picture_get_paintable (GTK_PICTURE (card->worn)));
      for (int place = 0; place < N_FACE; place++)
        {
          gtk_picture_set_paintable (GTK_PICTURE (self->face_pictures[place]),
                                     place == FACE_WORN ? gtk_picture_get_paintable (GTK_PICTURE (card->worn)) : NULL);
          self->face_delta_e[place] = -1;
          gtk_label_set_text (GTK_LABEL (self->face_labels[place]), "");
        }
    }
  update_summary (self);
  start_render (self);
}

void
sh_tryon_row_set_product (ShTryonRow *self, gint64 product_id)
{
  g_autoptr (GTask) task = NULL;
  LoadJob *job;

  g_return_if_fail (SH_IS_TRYON_ROW (self));

  self->product_id = product_id;
  self->load_serial++;
  clear_cards (self);
  gtk_widget_set_visible (self->scroller, FALSE);
  self->loading = FALSE;
  if (product_id == 0 || self->path == NULL)
    {
      update_summary (self);
      return;
    }
  gtk_label_set_text (GTK_LABEL (self->summary), _("Reading the participants’ face photos…"));
  self->loading = TRUE;
  job = g_new0 (LoadJob, 1);
  job->path = g_strdup (self->path);
  job->product_id = product_id;
  job->monitor = sh_display_profile_ref (self->monitor);
  task = g_task_new (self, self->cancellable, load_done, GUINT_TO_POINTER (self->load_serial));
  g_task_set_source_tag (task, sh_tryon_row_set_product);
  g_task_set_task_data (task, job, (GDestroyNotify) load_job_free);
  g_task_run_in_thread (task, load_thread);
}

void
sh_tryon_row_set_project (ShTryonRow *self, const char *path, ShDisplayProfile *monitor)
{
  g_return_if_fail (SH_IS_TRYON_ROW (self));

  g_free (self->path);
  self->path = g_strdup (path);
  g_clear_pointer (&self->monitor, sh_display_profile_unref);
  self->monitor = monitor != NULL ? sh_display_profile_ref (monitor) : sh_display_profile_new_srgb ();
}

void
sh_tryon_row_set_material (ShTryonRow *self, const ShMaterial *material)
{
  g_return_if_fail (SH_IS_TRYON_ROW (self));

  self->has_material = material != NULL;
  if (material != NULL)
    self->material = *material;
  start_render (self);
}

void
sh_tryon_row_set_method_colors (ShTryonRow *self, const double mean_lab[3], const double robust_lab[3])
{
  const double *labs[2] = { mean_lab, robust_lab };
  gboolean same = TRUE;

  g_return_if_fail (SH_IS_TRYON_ROW (self));

  for (int m = 0; m < 2; m++)
    {
      if ((labs[m] != NULL) != self->has_method[m]
          || (labs[m] != NULL && memcmp (labs[m], self->method_lab[m], sizeof self->method_lab[m]) != 0))
        same = FALSE;
      self->has_method[m] = labs[m] != NULL;
      if (labs[m] != NULL)
        memcpy (self->method_lab[m], labs[m], sizeof self->method_lab[m]);
    }
  if (!same)
    start_render (self);
}

double
sh_tryon_row_get_face_delta_e (ShTryonRow *self, const char *which)
{
  static const char *const keys[N_FACE] = { "worn", "mean", "robust", "tuned" };

  g_return_val_if_fail (SH_IS_TRYON_ROW (self), -1);
  for (int place = FACE_MEAN; place < N_FACE; place++)
    if (g_strcmp0 (keys[place], which) == 0)
      return self->face_index >= 0 ? self->face_delta_e[place] : -1;
  return -1;
}

gboolean
sh_tryon_row_is_busy (ShTryonRow *self)
{
  g_return_val_if_fail (SH_IS_TRYON_ROW (self), FALSE);
  return self->loading || self->rendering;
}

guint
sh_tryon_row_get_frame_count (ShTryonRow *self)
{
  g_return_val_if_fail (SH_IS_TRYON_ROW (self), 0);
  return self->frames;
}

guint
sh_tryon_row_get_n_faces (ShTryonRow *self)
{
  g_return_val_if_fail (SH_IS_TRYON_ROW (self), 0);
  return self->faces != NULL ? self->faces->len : 0;
}

const char *
sh_tryon_row_get_code (ShTryonRow *self, guint index, int *mst)
{
  const ShTryonFace *face;

  g_return_val_if_fail (SH_IS_TRYON_ROW (self), NULL);
  if (self->faces == NULL || index >= self->faces->len)
    return NULL;
  face = g_ptr_array_index (self->faces, index);
  if (mst != NULL)
    *mst = face->mst;
  return face->code;
}

double
sh_tryon_row_get_delta_e (ShTryonRow *self, guint index)
{
  g_return_val_if_fail (SH_IS_TRYON_ROW (self), -1);
  return index < self->cards->len ? g_array_index (self->cards, Card, index).delta_e_value : -1;
}

double
sh_tryon_row_get_group_mean (ShTryonRow *self, int group, int *count)
{
  g_return_val_if_fail (SH_IS_TRYON_ROW (self), 0);
  g_return_val_if_fail (group >= 0 && group < 3, 0);
  if (count != NULL)
    *count = self->counts[group];
  return self->means[group];
}

GtkWidget *
sh_tryon_row_new (void)
{
  return g_object_new (SH_TYPE_TRYON_ROW, NULL);
}

static void
sh_tryon_row_dispose (GObject *object)
{
  ShTryonRow *self = SH_TRYON_ROW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_pointer (&self->box, gtk_widget_unparent);
  G_OBJECT_CLASS (sh_tryon_row_parent_class)->dispose (object);
}

static void
sh_tryon_row_finalize (GObject *object)
{
  ShTryonRow *self = SH_TRYON_ROW (object);

  g_clear_pointer (&self->faces, g_ptr_array_unref);
  g_array_unref (self->cards);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->monitor, sh_display_profile_unref);
  g_free (self->path);
  G_OBJECT_CLASS (sh_tryon_row_parent_class)->finalize (object);
}

static void
sh_tryon_row_class_init (ShTryonRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sh_tryon_row_dispose;
  object_class->finalize = sh_tryon_row_finalize;
  gtk_widget_class_set_layout_manager_type (GTK_WIDGET_CLASS (klass), GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (GTK_WIDGET_CLASS (klass), GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
sh_tryon_row_init (ShTryonRow *self)
{
  self->cards = g_array_new (FALSE, TRUE, sizeof (Card));
  self->cancellable = g_cancellable_new ();
  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
  self->summary = gtk_label_new ("");
  gtk_label_set_xalign (GTK_LABEL (self->summary), 0);
  gtk_label_set_wrap (GTK_LABEL (self->summary), TRUE);
  gtk_widget_add_css_class (self->summary, "dim-label");
  gtk_box_append (GTK_BOX (self->box), self->summary);
  {
    /* Translators: captions of "on this face": the worn photo, then the product rendered in each colour. */
    const char *captions[N_FACE] = { N_("Worn"), N_("Plain average"), N_("Robust extraction"), N_("Tuned material") };
    GtkWidget *places = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);

    self->face_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
    self->face_title = gtk_label_new ("");
    gtk_label_set_xalign (GTK_LABEL (self->face_title), 0);
    gtk_widget_add_css_class (self->face_title, "caption-heading");
    gtk_box_append (GTK_BOX (self->face_box), self->face_title);
    for (int place = 0; place < N_FACE; place++)
      {
        GtkWidget *column = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);

        self->face_pictures[place] = gtk_picture_new ();
        gtk_widget_set_size_request (self->face_pictures[place], PICTURE_WIDTH * 2 / 3, PICTURE_HEIGHT * 2 / 3);
        gtk_picture_set_alternative_text (GTK_PICTURE (self->face_pictures[place]), _(captions[place]));
        self->face_labels[place] = gtk_label_new ("");
        gtk_widget_add_css_class (self->face_labels[place], "numeric");
        gtk_box_append (GTK_BOX (column), captioned (self->face_pictures[place], _(captions[place])));
        gtk_box_append (GTK_BOX (column), self->face_labels[place]);
        gtk_box_append (GTK_BOX (places), column);
      }
    /* Like the pairs, it scrolls sideways rather than widen the window on a small screen. */
    {
      GtkWidget *scroller = gtk_scrolled_window_new ();

      gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_AUTOMATIC, GTK_POLICY_NEVER);
      gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
      gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), places);
      gtk_box_append (GTK_BOX (self->face_box), scroller);
    }
    gtk_widget_set_visible (self->face_box, FALSE);
    gtk_box_append (GTK_BOX (self->box), self->face_box);
  }
  self->face_index = -1;
  self->cards_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 18);
  self->scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scroller), GTK_POLICY_AUTOMATIC, GTK_POLICY_NEVER);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scroller), self->cards_box);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (self->scroller), TRUE);
  gtk_widget_set_visible (self->scroller, FALSE);
  gtk_box_append (GTK_BOX (self->box), self->scroller);
}
