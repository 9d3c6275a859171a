/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sh-tone-grid.c: a shade on every reference skin tone, rendered off the main thread (see sh-tone-grid.h). */
#define G_LOG_DOMAIN "shadelab-tone-grid"

#include "config.h"

#include "a11y-util.h"

#include <string.h>

#include <glib/gi18n.h>

#include "color/colorspace.h"
#include "sh-tone-grid.h"

/* ---- rendering, on the pool's threads ---- */

/* The generation the widget wants: shared with the frames so that a worker can see that its frame was
 * superseded, even after the widget is gone. */
typedef struct {
  gint ref;
  gint generation;
} Latest;

typedef struct {
  gint ref;
  ShLipScene *scene;
} SceneRef;

typedef struct {
  guint8 *pixels;          /* monitor BGRA */
  guint8 lip[2][3];        /* sRGB 8-bit at the lip point, per half */
} TileOut;

typedef struct {
  gint ref;
  Latest *latest;
  gint generation;
  GWeakRef widget;
  SceneRef *scene;
  ShDisplayTransform *transform;
  ShMaterial material[2];
  gboolean compare;
  guint32 seed;
  GArray *tones;           /* ShSkinTone */
  int width, height;
  TileOut *tiles;
  gint pending;
  gint64 started;
} Frame;

typedef struct {
  Frame *frame;
  guint index;
} TileJob;

static Latest *
latest_ref (Latest *latest)
{
  g_atomic_int_inc (&latest->ref);
  return latest;
}

static void
latest_unref (Latest *latest)
{
  if (g_atomic_int_dec_and_test (&latest->ref))
    g_free (latest);
}

static SceneRef *
scene_ref (SceneRef *scene)
{
  g_atomic_int_inc (&scene->ref);
  return scene;
}

static void
scene_unref (SceneRef *scene)
{
  if (scene != NULL && g_atomic_int_dec_and_test (&scene->ref))
    {
      sh_lip_scene_free (scene->scene);
      g_free (scene);
    }
}

static Frame *
frame_ref (Frame *frame)
{
  g_atomic_int_inc (&frame->ref);
  return frame;
}

static void
frame_unref (gpointer data)
{
  Frame *frame = data;

  if (!g_atomic_int_dec_and_test (&frame->ref))
    return;
  for (guint i = 0; i < frame->tones->len; i++)
    g_free (frame->tiles[i].pixels);
  g_free (frame->tiles);
  g_array_unref (frame->tones);
  g_clear_pointer (&frame->transform, sh_display_transform_unref);
  scene_unref (frame->scene);
  latest_unref (frame->latest);
  g_weak_ref_clear (&frame->widget);
  g_free (frame);
}

static gboolean
frame_is_current (Frame *frame)
{
  return g_atomic_int_get (&frame->latest->generation) == frame->generation;
}

static gboolean sh_tone_grid_frame_ready (gpointer data);

static void
render_tile (Frame *frame, guint index)
{
  const ShLipScene *scene = frame->scene->scene;
  const ShSkinTone *tone = &g_array_index (frame->tones, ShSkinTone, index);
  int w = frame->width, h = frame->height, lip_x, lip_y;
  size_t stride = (size_t) w * 3;
  g_autofree float *linear = g_new (float, stride * h);
  g_autofree float *second = frame->compare ? g_new (float, stride * h) : NULL;
  g_autofree guint8 *rgba = g_new (guint8, (size_t) w * h * 4);
  TileOut *out = &frame->tiles[index];

  sh_lip_scene_get_lip_point (scene, &lip_x, &lip_y);
  sh_skin_render (scene, tone, &frame->material[0], frame->seed, linear, stride);
  sh_skin_render_encode_srgb8 (linear + (size_t) lip_y * stride + (size_t) lip_x * 3, stride, 1, 1, out->lip[0], 3, 3);
  if (second != NULL)
    {
      /* The right half wears the second material. */
      sh_skin_render (scene, tone, &frame->material[1], frame->seed, second, stride);
      sh_skin_render_encode_srgb8 (second + (size_t) lip_y * stride + (size_t) lip_x * 3, stride, 1, 1, out->lip[1],
                                   3, 3);
      for (int y = 0; y < h; y++)
        memcpy (linear + (size_t) y * stride + (size_t) (w / 2) * 3, second + (size_t) y * stride + (size_t) (w / 2) * 3,
                (size_t) (w - w / 2) * 3 * sizeof (float));
    }
  sh_skin_render_encode_srgb8 (linear, stride, w, h, rgba, (size_t) w * 4, 4);
  if (second != NULL)
    {
      /* The split: a one-pixel line of the surround's grey, so the halves read as two samples. */
      for (int y = 0; y < h; y++)
        memset (rgba + (size_t) y * w * 4 + (size_t) (w / 2) * 4, 0x77, 3);
    }
  out->pixels = g_new (guint8, (size_t) w * h * 4);
  sh_display_transform_apply (frame->transform, rgba, w * 4, out->pixels, w * 4, w, h);
}

static void
tile_job (gpointer data, gpointer user_data)
{
  TileJob *job = data;
  Frame *frame = job->frame;

  /* A superseded frame is never shown: skip what has not started. */
  if (frame_is_current (frame))
    render_tile (frame, job->index);
  if (g_atomic_int_dec_and_test (&frame->pending) && frame_is_current (frame))
    g_idle_add_full (G_PRIORITY_HIGH_IDLE, sh_tone_grid_frame_ready, frame_ref (frame), frame_unref);
  frame_unref (frame);
  g_free (job);
}

static GThreadPool *
tile_pool (void)
{
  static GThreadPool *pool;

  if (g_once_init_enter (&pool))
    {
      GThreadPool *created = g_thread_pool_new (tile_job, NULL, (int) MAX (g_get_num_processors (), 1), FALSE, NULL);
      g_once_init_leave (&pool, created);
    }
  return pool;
}

/* ---- the widget ---- */

typedef struct {
  GtkWidget *box;
  GtkWidget *picture;
  GtkWidget *label;
  GdkTexture *texture;
  char *description;
  guint8 lip[2][3];
  gboolean has_lip;
} Cell;

struct _ShToneGrid
{
  GtkWidget parent_instance;

  GtkWidget *layout;       /* a vertical box: captions, then the grid */
  GtkWidget *captions;
  GtkWidget *left_caption;
  GtkWidget *right_caption;
  GtkWidget *grid;
  GArray *cells;           /* Cell */
  GArray *tones;           /* ShSkinTone */
  guint columns;
  guint focus_index;       /* the one tile Tab stops at; arrows move it (a roving focus, one Tab stop) */
  int tile_width, tile_height;
  guint32 seed;

  ShMaterial material[2];
  gboolean has_material;
  gboolean compare;
  ShDisplayTransform *transform;
  guint8 surround[3];

  Latest *latest;
  SceneRef *scene;
  guint render_source;
  gboolean rendering;
  guint frame_count;
  double last_render_ms;
  gint64 requested_at;
};

G_DEFINE_FINAL_TYPE (ShToneGrid, sh_tone_grid, GTK_TYPE_WIDGET)

enum {
  SIGNAL_RENDERED,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

static void
cell_clear (gpointer data)
{
  Cell *cell = data;

  g_clear_object (&cell->texture);
  g_clear_pointer (&cell->description, g_free);
}

static void
sh_tone_grid_update_surround (ShToneGrid *self)
{
  static const double mid_grey[3] = { 50, 0, 0 };

  sh_display_transform_lab_to_rgb8 (self->transform, mid_grey, self->surround);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Black text on the L* 50 surround: 4.7:1, the better of black and white, in light and dark styles alike. */
static void
set_text_on_surround (GtkWidget *label)
{
  PangoAttrList *attrs = pango_attr_list_new ();

  pango_attr_list_insert (attrs, pango_attr_foreground_new (0, 0, 0));
  gtk_label_set_attributes (GTK_LABEL (label), attrs);
  pango_attr_list_unref (attrs);
}

static void
tile_focus_changed (ShToneGrid *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Only the current tile takes the focus from Tab, so the grid is one stop in the Tab order. */
static void
sh_tone_grid_set_focus_index (ShToneGrid *self, guint index, gboolean grab)
{
  if (self->cells->len == 0)
    return;
  index = MIN (index, self->cells->len - 1);
  for (guint i = 0; i < self->cells->len; i++)
    gtk_widget_set_focusable (g_array_index (self->cells, Cell, i).picture, i == index);
  self->focus_index = index;
  if (grab)
    gtk_widget_grab_focus (g_array_index (self->cells, Cell, index).picture);
}

/* tone-grid.move-focus (i): the focus to another tile; +-1 along a row, +-columns across rows, and
 * G_MININT / G_MAXINT for the first / last (Home, End). */
static void
action_move_focus (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  ShToneGrid *self = SH_TONE_GRID (widget);
  int step = g_variant_get_int32 (parameter);
  int index = (int) self->focus_index, n = (int) self->cells->len, columns = (int) MAX (self->columns, 1);

  if (n == 0)
    return;
  if (step == G_MININT)
    index = 0;
  else if (step == G_MAXINT)
    index = n - 1;
  else
    index += step == 2 ? columns : step == -2 ? -columns : step;
  if (index < 0 || index >= n)
    {
      gtk_widget_error_bell (widget);
      return;
    }
  sh_tone_grid_set_focus_index (self, (guint) index, TRUE);
}

static void
sh_tone_grid_rebuild_cells (ShToneGrid *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->grid)) != NULL)
    gtk_grid_remove (GTK_GRID (self->grid), child);
  g_array_set_size (self->cells, 0);
  g_array_set_size (self->cells, self->tones->len);
  for (guint i = 0; i < self->tones->len; i++)
    {
      Cell *cell = &g_array_index (self->cells, Cell, i);
      const ShSkinTone *tone = &g_array_index (self->tones, ShSkinTone, i);

      cell->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
      cell->picture = gtk_picture_new ();
      gtk_picture_set_can_shrink (GTK_PICTURE (cell->picture), TRUE);
      gtk_picture_set_content_fit (GTK_PICTURE (cell->picture), GTK_CONTENT_FIT_CONTAIN);
      gtk_widget_set_size_request (cell->picture, self->tile_width, self->tile_height);
      gtk_widget_add_css_class (cell->picture, "tone-tile");
      g_signal_connect_object (cell->picture, "notify::has-focus", G_CALLBACK (tile_focus_changed), self,
                               G_CONNECT_SWAPPED);
      sh_accessible_set_label (cell->picture, tone->name);
      cell->label = gtk_label_new (tone->name);
      set_text_on_surround (cell->label);
      /* The picture carries the name in its label; the text under it is for the eye. */
      gtk_accessible_update_state (GTK_ACCESSIBLE (cell->label), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
      gtk_box_append (GTK_BOX (cell->box), cell->picture);
      gtk_box_append (GTK_BOX (cell->box), cell->label);
      gtk_grid_attach (GTK_GRID (self->grid), cell->box, (int) (i % self->columns), (int) (i / self->columns), 1, 1);
    }
  sh_tone_grid_set_focus_index (self, self->focus_index, FALSE);
}

static void
sh_tone_grid_set_rendering (ShToneGrid *self, gboolean rendering)
{
  self->rendering = rendering;
  gtk_accessible_update_state (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_STATE_BUSY, rendering, -1);
}

static gboolean
sh_tone_grid_start_render (gpointer data)
{
  ShToneGrid *self = data;
  Frame *frame;

  self->render_source = 0;
  if (self->tones->len == 0)
    return G_SOURCE_REMOVE;
  if (self->scene == NULL || sh_lip_scene_get_width (self->scene->scene) != self->tile_width
      || sh_lip_scene_get_height (self->scene->scene) != self->tile_height)
    {
      g_clear_pointer (&self->scene, scene_unref);
      self->scene = g_new0 (SceneRef, 1);
      self->scene->ref = 1;
      self->scene->scene = sh_lip_scene_new (self->tile_width, self->tile_height);
    }

  frame = g_new0 (Frame, 1);
  frame->ref = 1;
  frame->latest = latest_ref (self->latest);
  frame->generation = g_atomic_int_add (&self->latest->generation, 1) + 1;
  g_weak_ref_init (&frame->widget, self);
  frame->scene = scene_ref (self->scene);
  frame->transform = sh_display_transform_ref (self->transform);
  if (self->has_material)
    memcpy (frame->material, self->material, sizeof frame->material);
  else
    {
      /* No product: the bare lips (no coverage). */
      sh_material_init (&frame->material[0]);
      frame->material[0].coverage = 0;
    }
  frame->compare = self->compare && self->has_material;
  frame->seed = self->seed;
  frame->tones = g_array_ref (self->tones);
  frame->width = self->tile_width;
  frame->height = self->tile_height;
  frame->tiles = g_new0 (TileOut, self->tones->len);
  frame->pending = (gint) self->tones->len;
  frame->started = self->requested_at;

  for (guint i = 0; i < self->tones->len; i++)
    {
      TileJob *job = g_new (TileJob, 1);
      job->frame = frame_ref (frame);
      job->index = i;
      g_thread_pool_push (tile_pool (), job, NULL);
    }
  frame_unref (frame);
  sh_tone_grid_set_rendering (self, TRUE);
  return G_SOURCE_REMOVE;
}

/* Coalesces the changes of one main-loop iteration (a material and its compare material set together) into
 * one frame. */
static void
sh_tone_grid_queue_render (ShToneGrid *self)
{
  if (self->render_source == 0)
    {
      self->requested_at = g_get_monotonic_time ();
      self->render_source = g_idle_add_full (G_PRIORITY_HIGH_IDLE, sh_tone_grid_start_render, self, NULL);
    }
  /* Whatever is in flight is superseded right now, not when the new frame starts. */
  g_atomic_int_inc (&self->latest->generation);
}

static char *
hex_of (const guint8 rgb[3])
{
  char hex[8];

  sh_format_hex (rgb, hex);
  return g_strdup (hex);
}

/* Main thread: a frame whose tiles are all done. */
static gboolean
sh_tone_grid_frame_ready (gpointer data)
{
  Frame *frame = data;
  g_autoptr (ShToneGrid) self = g_weak_ref_get (&frame->widget);

  if (self == NULL || !frame_is_current (frame) || frame->tones != self->tones)
    return G_SOURCE_REMOVE;
  for (guint i = 0; i < frame->tones->len && i < self->cells->len; i++)
    {
      Cell *cell = &g_array_index (self->cells, Cell, i);
      const ShSkinTone *tone = &g_array_index (frame->tones, ShSkinTone, i);
      TileOut *tile = &frame->tiles[i];
      g_autoptr (GBytes) bytes = NULL;
      g_autofree char *lip = hex_of (tile->lip[0]);
      g_autofree char *skin = hex_of (tone->srgb);

      if (tile->pixels == NULL)
        continue;
      bytes = g_bytes_new_take (g_steal_pointer (&tile->pixels), (gsize) frame->width * frame->height * 4);
      g_clear_object (&cell->texture);
      /* Opaque BGRA: premultiplied or not makes no difference. */
      cell->texture = gdk_memory_texture_new (frame->width, frame->height, GDK_MEMORY_B8G8R8A8_PREMULTIPLIED, bytes,
                                              (gsize) frame->width * 4);
      gtk_picture_set_paintable (GTK_PICTURE (cell->picture), GDK_PAINTABLE (cell->texture));
      memcpy (cell->lip, tile->lip, sizeof cell->lip);
      cell->has_lip = TRUE;
      g_free (cell->description);
      if (frame->compare)
        {
          g_autofree char *right = hex_of (tile->lip[1]);
          /* Translators: a tile of the tone grid in compare mode: tone, lip colours of the left and right
           * halves, skin colour. */
          cell->description = g_strdup_printf (_("%s: lips %s (left) and %s (right) on skin %s"), tone->name, lip, right,
                                               skin);
        }
      else
        /* Translators: a tile of the tone grid: tone name, rendered lip colour, skin colour. */
        cell->description = g_strdup_printf (_("%s: lips %s on skin %s"), tone->name, lip, skin);
      gtk_picture_set_alternative_text (GTK_PICTURE (cell->picture), cell->description);
      sh_accessible_set_label (cell->picture, cell->description);
    }
  self->frame_count++;
  self->last_render_ms = (g_get_monotonic_time () - frame->started) / 1000.0;
  sh_tone_grid_set_rendering (self, FALSE);
  g_signal_emit (self, signals[SIGNAL_RENDERED], 0);
  return G_SOURCE_REMOVE;
}

/* ---- GtkWidget ---- */

static void
sh_tone_grid_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  ShToneGrid *self = SH_TONE_GRID (widget);
  GdkRGBA grey = { self->surround[0] / 255.0f, self->surround[1] / 255.0f, self->surround[2] / 255.0f, 1 };

  gtk_snapshot_append_color (snapshot, &grey,
                             &GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (widget), gtk_widget_get_height (widget)));
  gtk_widget_snapshot_child (widget, self->layout, snapshot);

  /* The focused tile gets a black ring just outside it (the tile's colours stay unobscured): on the L* 50
   * surround black has the better contrast, 4.7:1, as for the tile names. */
  for (guint i = 0; i < self->cells->len; i++)
    {
      GtkWidget *picture = g_array_index (self->cells, Cell, i).picture;
      const GdkRGBA black = { 0, 0, 0, 1 };
      const GdkRGBA colors[4] = { black, black, black, black };
      const float widths[4] = { 3, 3, 3, 3 };
      graphene_rect_t bounds;
      GskRoundedRect ring;

      if (!gtk_widget_has_visible_focus (picture) || !gtk_widget_compute_bounds (picture, widget, &bounds))
        continue;
      gsk_rounded_rect_init_from_rect (&ring, &GRAPHENE_RECT_INIT (bounds.origin.x - 4, bounds.origin.y - 4,
                                                                   bounds.size.width + 8, bounds.size.height + 8), 4);
      gtk_snapshot_append_border (snapshot, &ring, widths, colors);
    }
}

static void
sh_tone_grid_dispose (GObject *object)
{
  ShToneGrid *self = SH_TONE_GRID (object);

  g_clear_handle_id (&self->render_source, g_source_remove);
  /* Frames in flight see that they were superseded and are dropped. */
  if (self->latest != NULL)
    g_atomic_int_inc (&self->latest->generation);
  g_clear_pointer (&self->layout, gtk_widget_unparent);
  G_OBJECT_CLASS (sh_tone_grid_parent_class)->dispose (object);
}

static void
sh_tone_grid_finalize (GObject *object)
{
  ShToneGrid *self = SH_TONE_GRID (object);

  g_array_unref (self->cells);
  g_array_unref (self->tones);
  g_clear_pointer (&self->transform, sh_display_transform_unref);
  g_clear_pointer (&self->scene, scene_unref);
  latest_unref (self->latest);
  G_OBJECT_CLASS (sh_tone_grid_parent_class)->finalize (object);
}

static void
sh_tone_grid_class_init (ShToneGridClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sh_tone_grid_dispose;
  object_class->finalize = sh_tone_grid_finalize;
  widget_class->snapshot = sh_tone_grid_snapshot;

  /* Emitted on the main thread each time a new frame is shown. */
  signals[SIGNAL_RENDERED] = g_signal_new ("rendered", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                           NULL, G_TYPE_NONE, 0);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  /* Arrows, Home and End move between the tiles (2 / -2: a row down / up). */
  gtk_widget_class_install_action (widget_class, "tone-grid.move-focus", "i", action_move_focus);
  {
    static const struct { guint keyval, keypad; int step; } keys[] = {
      { GDK_KEY_Left, GDK_KEY_KP_Left, -1 }, { GDK_KEY_Right, GDK_KEY_KP_Right, 1 },
      { GDK_KEY_Up, GDK_KEY_KP_Up, -2 }, { GDK_KEY_Down, GDK_KEY_KP_Down, 2 },
      { GDK_KEY_Home, GDK_KEY_KP_Home, G_MININT }, { GDK_KEY_End, GDK_KEY_KP_End, G_MAXINT },
    };

    for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
      {
        gtk_widget_class_add_binding_action (widget_class, keys[i].keyval, 0, "tone-grid.move-focus", "i",
                                             keys[i].step);
        gtk_widget_class_add_binding_action (widget_class, keys[i].keypad, 0, "tone-grid.move-focus", "i",
                                             keys[i].step);
      }
  }
  gtk_widget_class_set_css_name (widget_class, "tonegrid");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
sh_tone_grid_init (ShToneGrid *self)
{
  GtkWidget *divider;

  self->latest = g_new0 (Latest, 1);
  self->latest->ref = 1;
  self->columns = 5;
  self->tile_width = SH_TONE_GRID_DEFAULT_TILE_WIDTH;
  self->tile_height = SH_TONE_GRID_DEFAULT_TILE_HEIGHT;
  self->cells = g_array_new (FALSE, TRUE, sizeof (Cell));
  g_array_set_clear_func (self->cells, cell_clear);
  self->tones = g_array_new (FALSE, FALSE, sizeof (ShSkinTone));
  for (int i = 0; i < SH_MONK_SKIN_TONE_COUNT; i++)
    g_array_append_val (self->tones, *sh_monk_skin_tone (i));

  self->layout = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  gtk_widget_set_parent (self->layout, GTK_WIDGET (self));
  gtk_widget_set_margin_start (self->layout, 16);
  gtk_widget_set_margin_end (self->layout, 16);
  gtk_widget_set_margin_top (self->layout, 16);
  gtk_widget_set_margin_bottom (self->layout, 16);
  gtk_widget_set_halign (self->layout, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (self->layout, GTK_ALIGN_START);

  self->captions = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_set_halign (self->captions, GTK_ALIGN_CENTER);
  self->left_caption = gtk_label_new (NULL);
  self->right_caption = gtk_label_new (NULL);
  divider = gtk_label_new ("|");
  set_text_on_surround (self->left_caption);
  set_text_on_surround (divider);
  set_text_on_surround (self->right_caption);
  gtk_box_append (GTK_BOX (self->captions), self->left_caption);
  gtk_box_append (GTK_BOX (self->captions), divider);
  gtk_box_append (GTK_BOX (self->captions), self->right_caption);
  gtk_widget_set_visible (self->captions, FALSE);
  gtk_box_append (GTK_BOX (self->layout), self->captions);

  self->grid = gtk_grid_new ();
  gtk_grid_set_column_spacing (GTK_GRID (self->grid), 12);
  gtk_grid_set_row_spacing (GTK_GRID (self->grid), 12);
  gtk_box_append (GTK_BOX (self->layout), self->grid);

  sh_tone_grid_set_display_transform (self, NULL);
  sh_tone_grid_rebuild_cells (self);
  sh_tone_grid_queue_render (self);
}

GtkWidget *
sh_tone_grid_new (void)
{
  return g_object_new (SH_TYPE_TONE_GRID, NULL);
}

/* ---- setters ---- */

void
sh_tone_grid_set_tones (ShToneGrid *self, const ShSkinTone *tones, guint n_tones)
{
  g_return_if_fail (SH_IS_TONE_GRID (self));

  /* A new array: a frame in flight keeps the old one, and is recognised as stale by it. */
  g_array_unref (self->tones);
  self->tones = g_array_new (FALSE, FALSE, sizeof (ShSkinTone));
  if (tones != NULL && n_tones > 0)
    g_array_append_vals (self->tones, tones, n_tones);
  else
    for (int i = 0; i < SH_MONK_SKIN_TONE_COUNT; i++)
      g_array_append_val (self->tones, *sh_monk_skin_tone (i));
  sh_tone_grid_rebuild_cells (self);
  sh_tone_grid_queue_render (self);
}

guint
sh_tone_grid_get_n_tones (ShToneGrid *self)
{
  g_return_val_if_fail (SH_IS_TONE_GRID (self), 0);
  return self->tones->len;
}

const ShSkinTone *
sh_tone_grid_get_tone (ShToneGrid *self, guint index)
{
  g_return_val_if_fail (SH_IS_TONE_GRID (self), NULL);
  return index < self->tones->len ? &g_array_index (self->tones, ShSkinTone, index) : NULL;
}

void
sh_tone_grid_set_material (ShToneGrid *self, const ShMaterial *material)
{
  g_return_if_fail (SH_IS_TONE_GRID (self));

  self->has_material = material != NULL;
  if (material != NULL)
    self->material[0] = *material;
  sh_tone_grid_queue_render (self);
}

void
sh_tone_grid_set_compare_material (ShToneGrid *self, const ShMaterial *material)
{
  g_return_if_fail (SH_IS_TONE_GRID (self));

  self->compare = material != NULL;
  if (material != NULL)
    self->material[1] = *material;
  gtk_widget_set_visible (self->captions,
                          self->compare && gtk_label_get_text (GTK_LABEL (self->left_caption))[0] != '\0');
  sh_tone_grid_queue_render (self);
}

gboolean
sh_tone_grid_get_compare (ShToneGrid *self)
{
  g_return_val_if_fail (SH_IS_TONE_GRID (self), FALSE);
  return self->compare;
}

void
sh_tone_grid_set_compare_labels (ShToneGrid *self, const char *left, const char *right)
{
  g_return_if_fail (SH_IS_TONE_GRID (self));

  gtk_label_set_text (GTK_LABEL (self->left_caption), left != NULL ? left : "");
  gtk_label_set_text (GTK_LABEL (self->right_caption), right != NULL ? right : "");
  gtk_widget_set_visible (self->captions, self->compare && left != NULL);
}

void
sh_tone_grid_set_display_transform (ShToneGrid *self, ShDisplayTransform *transform)
{
  g_return_if_fail (SH_IS_TONE_GRID (self));

  if (transform != NULL && transform == self->transform)
    return;
  g_clear_pointer (&self->transform, sh_display_transform_unref);
  if (transform != NULL)
    self->transform = sh_display_transform_ref (transform);
  else
    {
      /* The tiles are sRGB; an sRGB monitor. */
      ShDisplayProfile *srgb = sh_display_profile_new_srgb ();
      self->transform = sh_display_transform_new_for_icc (srgb, NULL, 0, NULL, 0);
      sh_display_profile_unref (srgb);
    }
  sh_tone_grid_update_surround (self);
  sh_tone_grid_queue_render (self);
}

void
sh_tone_grid_set_tile_size (ShToneGrid *self, int width, int height)
{
  g_return_if_fail (SH_IS_TONE_GRID (self));
  g_return_if_fail (width >= 32 && width <= 2048 && height >= 32 && height <= 2048);

  self->tile_width = width;
  self->tile_height = height;
  sh_tone_grid_rebuild_cells (self);
  sh_tone_grid_queue_render (self);
}

void
sh_tone_grid_set_columns (ShToneGrid *self, guint columns)
{
  g_return_if_fail (SH_IS_TONE_GRID (self));
  g_return_if_fail (columns >= 1 && columns <= 20);

  if (columns == self->columns)
    return;
  self->columns = columns;
  sh_tone_grid_rebuild_cells (self);
  sh_tone_grid_queue_render (self);
}

void
sh_tone_grid_fit_width (ShToneGrid *self, int width)
{
  /* The layout's margins (16 each side) and the grid's column spacing (12). */
  static const int tiles[][2] = { { 160, 120 }, { 120, 90 } };
  guint columns = 1;
  guint t;

  g_return_if_fail (SH_IS_TONE_GRID (self));

  for (t = 0; t < G_N_ELEMENTS (tiles); t++)
    {
      columns = (guint) CLAMP ((width - 32 + 12) / (tiles[t][0] + 12), 1, 5);
      if (columns >= 3)
        break;
    }
  t = MIN (t, G_N_ELEMENTS (tiles) - 1);
  if (self->tile_width != tiles[t][0] || self->tile_height != tiles[t][1])
    {
      self->tile_width = tiles[t][0];
      self->tile_height = tiles[t][1];
      self->columns = columns;
      sh_tone_grid_rebuild_cells (self);
      sh_tone_grid_queue_render (self);
      return;
    }
  if (columns == self->columns)
    return;
  /* The same tiles, moved: no new widgets and no new render, so a tile keeps its picture and the focus. */
  self->columns = columns;
  for (guint i = 0; i < self->cells->len; i++)
    {
      Cell *cell = &g_array_index (self->cells, Cell, i);
      GtkLayoutChild *child = gtk_layout_manager_get_layout_child (gtk_widget_get_layout_manager (self->grid),
                                                                   cell->box);

      gtk_grid_layout_child_set_column (GTK_GRID_LAYOUT_CHILD (child), (int) (i % columns));
      gtk_grid_layout_child_set_row (GTK_GRID_LAYOUT_CHILD (child), (int) (i / columns));
    }
}

guint
sh_tone_grid_get_columns (ShToneGrid *self)
{
  g_return_val_if_fail (SH_IS_TONE_GRID (self), 0);
  return self->columns;
}

void
sh_tone_grid_set_seed (ShToneGrid *self, guint32 seed)
{
  g_return_if_fail (SH_IS_TONE_GRID (self));

  self->seed = seed;
  sh_tone_grid_queue_render (self);
}

/* ---- getters ---- */

gboolean
sh_tone_grid_is_rendering (ShToneGrid *self)
{
  g_return_val_if_fail (SH_IS_TONE_GRID (self), FALSE);
  return self->rendering || self->render_source != 0;
}

guint
sh_tone_grid_get_frame_count (ShToneGrid *self)
{
  g_return_val_if_fail (SH_IS_TONE_GRID (self), 0);
  return self->frame_count;
}

double
sh_tone_grid_get_last_render_ms (ShToneGrid *self)
{
  g_return_val_if_fail (SH_IS_TONE_GRID (self), 0);
  return self->last_render_ms;
}

GdkTexture *
sh_tone_grid_get_tile_texture (ShToneGrid *self, guint index)
{
  g_return_val_if_fail (SH_IS_TONE_GRID (self), NULL);
  return index < self->cells->len ? g_array_index (self->cells, Cell, index).texture : NULL;
}

gboolean
sh_tone_grid_get_lip_srgb (ShToneGrid *self, guint index, guint half, guint8 rgb[3])
{
  Cell *cell;

  g_return_val_if_fail (SH_IS_TONE_GRID (self), FALSE);
  if (index >= self->cells->len || half > 1 || (half == 1 && !self->compare))
    return FALSE;
  cell = &g_array_index (self->cells, Cell, index);
  if (!cell->has_lip)
    return FALSE;
  memcpy (rgb, cell->lip[half], 3);
  return TRUE;
}

const char *
sh_tone_grid_get_tile_description (ShToneGrid *self, guint index)
{
  g_return_val_if_fail (SH_IS_TONE_GRID (self), NULL);
  return index < self->cells->len ? g_array_index (self->cells, Cell, index).description : NULL;
}

void
sh_tone_grid_get_surround_rgb (ShToneGrid *self, guint8 rgb[3])
{
  g_return_if_fail (SH_IS_TONE_GRID (self));
  memcpy (rgb, self->surround, 3);
}
