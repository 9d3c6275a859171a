/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sh-image-list.c: a virtualised, filtered list of a project's images. */
#define G_LOG_DOMAIN "shadelab-image-list"

#include "config.h"

#include "a11y-util.h"
#include "checkerboard.h"
#include "photo-check-text.h"

#include "sh-image-list.h"

#include <glib/gi18n.h>

#define THUMBNAIL_BOX 56
/* A transparency square in a thumbnail, in screen pixels (the canvas draws larger ones: a thumbnail is small). */
#define THUMBNAIL_CHECKER_SQUARE 6
/* Converted thumbnails kept for rows that come back into view. */
#define TEXTURE_CACHE_LIMIT 1024

struct _ShImageList
{
  GtkWidget parent_instance;

  GtkWidget *search_entry;
  GtkWidget *filter_drop_down;
  GtkWidget *sort_button;
  GSimpleActionGroup *actions;     /* "imagelist": sort */
  GtkStringList *filter_labels;
  GtkWidget *scrolled_window;
  GtkWidget *list_view;
  GtkWidget *empty_label;
  GtkSingleSelection *selection;

  ShImageListModel *model;
  ShThumbnailCache *cache;
  ShDisplayTransform *to_monitor;  /* sRGB -> monitor; NULL for an sRGB monitor */
  GHashTable *textures;            /* content hash -> GdkTexture ready for the screen */
  GPtrArray *rows;                 /* Row, every row widget that exists */

  guint request_source;            /* idle that asks for the thumbnails of rows on screen */
  gint64 selected_id;              /* kept across filter changes */
  gboolean updating_filter_labels;
};

enum {
  IMAGE_ACTIVATED,
  IMAGE_SELECTED,
  SEARCH_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (ShImageList, sh_image_list, GTK_TYPE_WIDGET)

static const char *const filter_titles[SH_IMAGE_N_FILTERS] = {
  N_("All images"), N_("New"), N_("Labeled"), N_("Skipped"), N_("Rejected"), N_("Model boxes to review"),
  N_("Failed photo check"), N_("Needs a person"),
};

/* The sort menu: each order and its reverse, as the "imagelist.sort" action's targets. */
static const struct {
  const char *target;
  ShImageSort sort;
  gboolean descending;
  const char *title;
} sort_orders[] = {
  { "date", SH_IMAGE_SORT_DATE, FALSE, N_("Oldest Imported First") },
  { "date-descending", SH_IMAGE_SORT_DATE, TRUE, N_("Newest Imported First") },
  { "name", SH_IMAGE_SORT_NAME, FALSE, N_("Name, A to Z") },
  { "name-descending", SH_IMAGE_SORT_NAME, TRUE, N_("Name, Z to A") },
  { "status", SH_IMAGE_SORT_STATUS, FALSE, N_("Status, New First") },
  { "status-descending", SH_IMAGE_SORT_STATUS, TRUE, N_("Status, Rejected First") },
};

/* ---- thumbnails ---- */

static GdkTexture *
texture_for (ShImageList *self, const char *hash, GdkPixbuf *pixbuf)
{
  GdkTexture *texture = g_hash_table_lookup (self->textures, hash);
  g_autoptr (GdkPixbuf) flat = NULL;
  int width, height, channels, rowstride;
  const guint8 *pixels;
  g_autofree guint8 *rgba = NULL;
  guint8 *bgra;
  GBytes *bytes;

  if (texture != NULL)
    return g_object_ref (texture);

  /* A cut-out shows the canvas's checkerboard where it is transparent, not the row's background. */
  {
    int long_side = MAX (gdk_pixbuf_get_width (pixbuf), gdk_pixbuf_get_height (pixbuf));
    int square = (long_side * THUMBNAIL_CHECKER_SQUARE + THUMBNAIL_BOX / 2) / THUMBNAIL_BOX;

    flat = sh_checkerboard_flatten (pixbuf, square);
    pixbuf = flat;
  }
  if (self->to_monitor == NULL)
    texture = gdk_texture_new_for_pixbuf (pixbuf);
  else
    {
      width = gdk_pixbuf_get_width (pixbuf);
      height = gdk_pixbuf_get_height (pixbuf);
      channels = gdk_pixbuf_get_n_channels (pixbuf);
      rowstride = gdk_pixbuf_get_rowstride (pixbuf);
      pixels = gdk_pixbuf_read_pixels (pixbuf);
      rgba = g_malloc ((gsize) width * height * 4);
      bgra = g_malloc ((gsize) width * height * 4);
      for (int y = 0; y < height; y++)
        for (int x = 0; x < width; x++)
          {
            const guint8 *src = pixels + (gsize) y * rowstride + (gsize) x * channels;
            guint8 *dst = rgba + ((gsize) y * width + x) * 4;
            dst[0] = src[0];
            dst[1] = src[1];
            dst[2] = src[2];
            dst[3] = 255;
          }
      /* Opaque output, so the premultiplied format reads it exactly. */
      sh_display_transform_apply (self->to_monitor, rgba, width * 4, bgra, width * 4, width, height);
      bytes = g_bytes_new_take (bgra, (gsize) width * height * 4);
      texture = gdk_memory_texture_new (width, height, GDK_MEMORY_B8G8R8A8_PREMULTIPLIED, bytes, (gsize) width * 4);
      g_bytes_unref (bytes);
    }

  if (g_hash_table_size (self->textures) >= TEXTURE_CACHE_LIMIT)
    g_hash_table_remove_all (self->textures);
  g_hash_table_insert (self->textures, g_strdup (hash), g_object_ref (texture));
  return texture;
}

static ShThumbnailCache *
get_cache (ShImageList *self)
{
  if (self->cache == NULL)
    self->cache = sh_thumbnail_cache_new ();
  return self->cache;
}

/* ---- rows ---- */

/* The widgets of one row, kept on its top box. */
typedef struct {
  ShImageList *list;
  GtkWidget *picture;
  GtkWidget *name;
  GtkWidget *status_icon;
  GtkWidget *status_label;
  GtkWidget *boxes;
  GtkWidget *model_badge;
  GtkWidget *warning;
  GCancellable *thumbnail_request;  /* the bound item's, cancelled on unbind */
  char *hash;
  char *path;                       /* the bound photo's file: the name's tooltip, what thumbnails are made of */
  char *status_tooltip;             /* status and reason of a skipped or rejected photo, else NULL */
  char *thumbnail_error;            /* why the bound photo has no thumbnail, else NULL */
  gboolean wants_thumbnail;         /* bound, shows the placeholder, not asked for yet */
  gint64 image_id;                  /* the bound item's, 0 when unbound */
} Row;

static void
row_free (gpointer data)
{
  Row *row = data;

  if (row->list != NULL && row->list->rows != NULL)
    g_ptr_array_remove_fast (row->list->rows, row);
  g_cancellable_cancel (row->thumbnail_request);
  g_clear_object (&row->thumbnail_request);
  g_free (row->hash);
  g_free (row->path);
  g_free (row->status_tooltip);
  g_free (row->thumbnail_error);
  g_free (row);
}

/* Binding sets nothing that costs more than the change: a row binds ~200 times in a scrollbar jump. */

static void
set_label_text (GtkWidget *label, const char *text)
{
  if (g_strcmp0 (gtk_label_get_text (GTK_LABEL (label)), text) != 0)
    gtk_label_set_text (GTK_LABEL (label), text);
}

static void
set_inscription_text (GtkWidget *inscription, const char *text)
{
  if (g_strcmp0 (gtk_inscription_get_text (GTK_INSCRIPTION (inscription)), text) != 0)
    gtk_inscription_set_text (GTK_INSCRIPTION (inscription), text);
}

static void
set_icon_name (GtkWidget *image, const char *icon_name)
{
  if (gtk_image_get_storage_type (GTK_IMAGE (image)) != GTK_IMAGE_ICON_NAME
      || g_strcmp0 (gtk_image_get_icon_name (GTK_IMAGE (image)), icon_name) != 0)
    gtk_image_set_from_icon_name (GTK_IMAGE (image), icon_name);
}

/* Setting a tooltip asks the display where the pointer is (a round trip to the X server), so rows set one only
 * when it changes, and the texts that change with every photo are given when the pointer rests on the widget
 * (user_data: the Row field that holds the text). */
static void
set_tooltip (GtkWidget *widget, const char *text)
{
  if (g_strcmp0 (gtk_widget_get_tooltip_text (widget), text) != 0)
    gtk_widget_set_tooltip_text (widget, text);
}

static gboolean
query_row_tooltip (GtkWidget *widget, int x, int y, gboolean keyboard, GtkTooltip *tooltip, gpointer user_data)
{
  const char *text = *(char **) user_data;

  if (text == NULL || *text == '\0')
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
tooltip_from_row (GtkWidget *widget, char **text)
{
  gtk_widget_set_has_tooltip (widget, TRUE);
  g_signal_connect (widget, "query-tooltip", G_CALLBACK (query_row_tooltip), text);
}

/* A themed placeholder, dimmed, recoloured like any symbolic icon. */
static void
set_icon (Row *row, const char *icon_name)
{
  set_icon_name (row->picture, icon_name);
  gtk_widget_add_css_class (row->picture, "dim-label");
}

static void
on_thumbnail_ready (GdkPixbuf *thumbnail, const GError *error, gpointer user_data)
{
  Row *row = user_data;
  g_autoptr (GdkTexture) texture = NULL;

  /* A cancelled request belongs to a row that was unbound or freed since: touch nothing. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || row->list == NULL)
    return;
  g_clear_object (&row->thumbnail_request);
  if (thumbnail == NULL)
    {
      set_icon (row, "image-missing-symbolic");
      g_free (row->thumbnail_error);
      row->thumbnail_error = g_strdup (error ? error->message : NULL);
      return;
    }
  texture = texture_for (row->list, row->hash, thumbnail);
  gtk_widget_remove_css_class (row->picture, "dim-label");
  gtk_image_set_from_paintable (GTK_IMAGE (row->picture), GDK_PAINTABLE (texture));
}

static GtkWidget *
make_row (ShImageList *self)
{
  Row *row = g_new0 (Row, 1);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *details = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  row->list = self;
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_margin_top (box, 3);
  gtk_widget_set_margin_bottom (box, 3);

  /* An image of fixed pixel size: every row is as tall as the next, whatever the photo's shape, and the
   * thumbnail is scaled to fit inside it. */
  row->picture = gtk_image_new ();
  gtk_image_set_pixel_size (GTK_IMAGE (row->picture), THUMBNAIL_BOX);
  sh_accessible_set_label (row->picture, _("Thumbnail"));
  tooltip_from_row (row->picture, &row->thumbnail_error);
  gtk_box_append (GTK_BOX (box), row->picture);

  gtk_widget_set_valign (text, GTK_ALIGN_CENTER);
  gtk_widget_set_hexpand (text, TRUE);
  /* An inscription, not a label: its size does not depend on its text, so a row bound to another photo is laid
   * out again only when drawn, never measured (a scrollbar jump rebinds some 200 rows). */
  row->name = gtk_inscription_new (NULL);
  gtk_inscription_set_text_overflow (GTK_INSCRIPTION (row->name), GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_MIDDLE);
  tooltip_from_row (row->name, &row->path);
  gtk_box_append (GTK_BOX (text), row->name);

  row->status_icon = gtk_image_new ();
  tooltip_from_row (row->status_icon, &row->status_tooltip);
  gtk_box_append (GTK_BOX (details), row->status_icon);
  row->status_label = gtk_label_new (NULL);
  tooltip_from_row (row->status_label, &row->status_tooltip);
  gtk_widget_add_css_class (row->status_label, "caption");
  gtk_box_append (GTK_BOX (details), row->status_label);
  row->boxes = gtk_label_new (NULL);
  gtk_widget_add_css_class (row->boxes, "caption");
  gtk_widget_add_css_class (row->boxes, "dim-label");
  gtk_box_append (GTK_BOX (details), row->boxes);
  /* Translators: a small badge on images that have boxes from a detection model. */
  row->model_badge = gtk_label_new (_("model"));
  gtk_widget_add_css_class (row->model_badge, "caption-heading");
  gtk_widget_add_css_class (row->model_badge, "accent");
  gtk_widget_set_tooltip_text (row->model_badge, _("Has boxes from a detection model to accept or correct"));
  gtk_box_append (GTK_BOX (details), row->model_badge);
  /* Its tooltip and name say which standards the bound photo misses. */
  row->warning = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
  gtk_widget_add_css_class (row->warning, "warning");
  gtk_box_append (GTK_BOX (details), row->warning);
  gtk_box_append (GTK_BOX (text), details);
  gtk_box_append (GTK_BOX (box), text);

  g_object_set_data_full (G_OBJECT (box), "sh-row", row, row_free);
  g_ptr_array_add (self->rows, row);
  return box;
}

/* How far from the visible area a row's thumbnail is, in pixels (0 on screen); FALSE before it has a place. */
static gboolean
distance_from_view (ShImageList *self, Row *row, double *distance)
{
  graphene_rect_t bounds;
  double height = gtk_widget_get_height (self->scrolled_window);

  if (!gtk_widget_get_mapped (row->picture)
      || !gtk_widget_compute_bounds (row->picture, self->scrolled_window, &bounds))
    return FALSE;
  if (bounds.origin.y + bounds.size.height < 0)
    *distance = -(bounds.origin.y + bounds.size.height);
  else if (bounds.origin.y > height)
    *distance = bounds.origin.y - height;
  else
    *distance = 0;
  return TRUE;
}

typedef struct {
  Row *row;
  double distance;
} Wanted;

static int
compare_farthest_first (gconstpointer a, gconstpointer b)
{
  const Wanted *x = a, *y = b;
  return (x->distance < y->distance) - (x->distance > y->distance);
}

/* The list view keeps rows bound well beyond the visible area. Asking for all of them at once would make the
 * visible ones wait behind the rest, so only rows on screen or within a page of it ask, nearest last: the
 * cache works newest first, so the nearest are made first. */
static gboolean
request_thumbnails (gpointer data)
{
  ShImageList *self = data;
  double margin = gtk_widget_get_height (self->scrolled_window);
  g_autoptr (GArray) wanted = g_array_new (FALSE, FALSE, sizeof (Wanted));

  self->request_source = 0;
  for (guint i = 0; i < self->rows->len; i++)
    {
      Row *row = g_ptr_array_index (self->rows, i);
      Wanted want = { row, 0 };

      if (row->wants_thumbnail && distance_from_view (self, row, &want.distance) && want.distance <= margin)
        g_array_append_val (wanted, want);
    }
  g_array_sort (wanted, compare_farthest_first);
  for (guint i = 0; i < wanted->len; i++)
    {
      Row *row = g_array_index (wanted, Wanted, i).row;

      row->wants_thumbnail = FALSE;
      row->thumbnail_request = g_cancellable_new ();
      sh_thumbnail_cache_request (get_cache (self), row->hash, row->path, row->thumbnail_request,
                                  on_thumbnail_ready, row);
    }
  return G_SOURCE_REMOVE;
}

/* After the next layout, when the rows have their places. */
static void
schedule_thumbnail_requests (ShImageList *self)
{
  if (self->request_source == 0)
    self->request_source = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, request_thumbnails, self, NULL);
}

static void
on_setup (GtkSignalListItemFactory *factory, GtkListItem *list_item, ShImageList *self)
{
  gtk_list_item_set_child (list_item, make_row (self));
}

static const char *
status_icon_name (ShImageStatus status)
{
  switch (status)
    {
    case SH_IMAGE_LABELED: return "object-select-symbolic";
    case SH_IMAGE_SKIPPED: return "media-skip-forward-symbolic";
    case SH_IMAGE_REJECTED: return "action-unavailable-symbolic";
    case SH_IMAGE_NEW:
    default: return "document-new-symbolic";
    }
}

static const char *
status_text (ShImageStatus status)
{
  switch (status)
    {
    case SH_IMAGE_LABELED: return _("Labeled");
    case SH_IMAGE_SKIPPED: return _("Skipped");
    case SH_IMAGE_REJECTED: return _("Rejected");
    case SH_IMAGE_NEW:
    default: return _("New");
    }
}

static void
bind_placeholder (Row *row, GtkWidget *box)
{
  set_inscription_text (row->name, "");
  g_clear_pointer (&row->path, g_free);
  g_clear_pointer (&row->status_tooltip, g_free);
  g_clear_pointer (&row->thumbnail_error, g_free);
  /* Same height as a read row, so nothing moves when it arrives. */
  gtk_widget_set_opacity (row->status_icon, 0);
  set_label_text (row->status_label, "");
  set_label_text (row->boxes, "");
  gtk_widget_set_visible (row->model_badge, FALSE);
  gtk_widget_set_visible (row->warning, FALSE);
  sh_accessible_set_label (box, _("Loading"));
  if (gtk_widget_get_parent (box) != NULL)
    sh_accessible_set_label (gtk_widget_get_parent (box), _("Loading"));
  g_clear_pointer (&row->hash, g_free);
  set_icon (row, "image-x-generic-symbolic");
}

static void
on_bind (GtkSignalListItemFactory *factory, GtkListItem *list_item, ShImageList *self)
{
  ShImageItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *box = gtk_list_item_get_child (list_item);
  Row *row = g_object_get_data (G_OBJECT (box), "sh-row");
  ShImageStatus status = sh_image_item_get_status (item);
  const char *reason = sh_image_item_get_status_reason (item);
  guint n_boxes = sh_image_item_get_n_boxes (item);
  gboolean check_failed = sh_image_item_get_photo_check_passed (item) == 0;
  g_autofree char *boxes_text = NULL;
  g_autofree char *accessible = NULL;
  g_autofree char *warning_accessible = NULL;
  g_autoptr (GdkPixbuf) thumbnail = NULL;

  row->image_id = sh_image_item_get_id (item);
  if (sh_image_item_is_placeholder (item))
    {
      /* The row is on its way from the model's worker (a frame or two): an empty row until then, not a "new"
       * photo with no boxes. */
      bind_placeholder (row, box);
      return;
    }
  gtk_widget_set_opacity (row->status_icon, 1);
  set_inscription_text (row->name, sh_image_item_get_file_name (item));
  g_free (row->path);
  row->path = g_strdup (sh_image_item_get_path (item));

  set_icon_name (row->status_icon, status_icon_name (status));
  set_label_text (row->status_label, status_text (status));
  g_clear_pointer (&row->status_tooltip, g_free);
  if (reason != NULL && *reason != '\0')
    /* Translators: the tooltip of a skipped or rejected image: status and the reason given. */
    row->status_tooltip = g_strdup_printf (_("%s: %s"), status_text (status), reason);

  boxes_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u box", "%u boxes", n_boxes), n_boxes);
  set_label_text (row->boxes, boxes_text);
  /* "model" only while there are predictions nobody accepted yet. */
  gtk_widget_set_visible (row->model_badge, sh_image_item_get_n_model_boxes (item) > 0);
  gtk_widget_set_visible (row->warning, check_failed);
  if (check_failed)
    {
      const char *json = sh_image_item_get_photo_check_json (item);
      g_autofree char *warning_tooltip = sh_photo_check_warning_tooltip (json);

      warning_accessible = sh_photo_check_warning_accessible (json);
      set_tooltip (row->warning, warning_tooltip);
      sh_accessible_set_label (row->warning, warning_accessible);
    }

  /* One sentence for screen readers, in the order the eye reads the row. */
  accessible = g_strdup_printf ("%s, %s, %s%s%s%s", sh_image_item_get_file_name (item),
                                row->status_tooltip ? row->status_tooltip : status_text (status), boxes_text,
                                sh_image_item_get_n_model_boxes (item) > 0 ? _(", model boxes to review") : "",
                                check_failed ? C_("row part", ", ") : "", check_failed ? warning_accessible : "");
  sh_accessible_set_label (box, accessible);
  /* The row around the box is what takes the keyboard focus: it says the same. */
  if (gtk_widget_get_parent (box) != NULL)
    sh_accessible_set_label (gtk_widget_get_parent (box), accessible);

  g_free (row->hash);
  row->hash = g_strdup (sh_image_item_get_content_hash (item));
  g_clear_pointer (&row->thumbnail_error, g_free);
  thumbnail = sh_thumbnail_cache_peek (get_cache (self), row->hash);
  if (thumbnail != NULL)
    {
      g_autoptr (GdkTexture) texture = texture_for (self, row->hash, thumbnail);
      gtk_widget_remove_css_class (row->picture, "dim-label");
      gtk_image_set_from_paintable (GTK_IMAGE (row->picture), GDK_PAINTABLE (texture));
    }
  else
    {
      set_icon (row, "image-x-generic-symbolic");
      row->wants_thumbnail = TRUE;
      schedule_thumbnail_requests (self);
    }
}

static void
on_unbind (GtkSignalListItemFactory *factory, GtkListItem *list_item, ShImageList *self)
{
  GtkWidget *box = gtk_list_item_get_child (list_item);
  Row *row = g_object_get_data (G_OBJECT (box), "sh-row");

  /* A row scrolled out of view no longer needs its thumbnail made. */
  row->wants_thumbnail = FALSE;
  row->image_id = 0;
  g_cancellable_cancel (row->thumbnail_request);
  g_clear_object (&row->thumbnail_request);
  gtk_image_set_from_paintable (GTK_IMAGE (row->picture), NULL);
}

/* ---- filter menu ---- */

static void
update_filter_labels (ShImageList *self)
{
  guint counts[SH_IMAGE_N_FILTERS];
  gboolean have_counts = self->model && sh_image_list_model_get_counts (self->model, counts);
  const char *labels[SH_IMAGE_N_FILTERS + 1];
  char *owned[SH_IMAGE_N_FILTERS] = { NULL };
  guint selected = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->filter_drop_down));

  for (int i = 0; i < SH_IMAGE_N_FILTERS; i++)
    {
      if (have_counts)
        /* Translators: a filter in the image list and how many images it shows, e.g. "Labeled (1,204)". */
        owned[i] = g_strdup_printf (C_("filter with count", "%s (%'u)"), _(filter_titles[i]), counts[i]);
      else
        owned[i] = g_strdup (_(filter_titles[i]));
      labels[i] = owned[i];
    }
  labels[SH_IMAGE_N_FILTERS] = NULL;

  /* Replacing the strings drops the selection; put it back without it counting as a choice. */
  self->updating_filter_labels = TRUE;
  gtk_string_list_splice (self->filter_labels, 0, g_list_model_get_n_items (G_LIST_MODEL (self->filter_labels)),
                          labels);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->filter_drop_down),
                              selected < SH_IMAGE_N_FILTERS ? selected : SH_IMAGE_FILTER_ALL);
  self->updating_filter_labels = FALSE;
  /* g_autofree on an array would free only its first element. */
  for (int i = 0; i < SH_IMAGE_N_FILTERS; i++)
    g_free (owned[i]);
}

static void
on_filter_selected (GtkDropDown *drop_down, GParamSpec *pspec, ShImageList *self)
{
  guint selected = gtk_drop_down_get_selected (drop_down);

  if (self->updating_filter_labels || self->model == NULL || selected >= SH_IMAGE_N_FILTERS)
    return;
  sh_image_list_model_set_filter (self->model, (ShImageFilter) selected);
}

static void
on_model_filter_changed (ShImageListModel *model, GParamSpec *pspec, ShImageList *self)
{
  ShImageFilter filter = sh_image_list_model_get_filter (model);

  if (gtk_drop_down_get_selected (GTK_DROP_DOWN (self->filter_drop_down)) != (guint) filter)
    gtk_drop_down_set_selected (GTK_DROP_DOWN (self->filter_drop_down), filter);
}

/* ---- search ---- */

static void select_position (ShImageList *self, guint position);

static void
on_search_changed (GtkSearchEntry *entry, ShImageList *self)
{
  if (self->model != NULL)
    sh_image_list_model_set_search (self->model, gtk_editable_get_text (GTK_EDITABLE (entry)));
}

/* Escape: the search is cleared and the user goes back to the photo. */
static void
on_search_stopped (GtkSearchEntry *entry, ShImageList *self)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  if (self->model != NULL)
    sh_image_list_model_set_search (self->model, "");
  g_signal_emit (self, signals[SEARCH_FINISHED], 0);
}

/* Return: the first photo found, on the canvas. */
static void
on_search_activated (GtkSearchEntry *entry, ShImageList *self)
{
  gint64 id = self->model != NULL ? sh_image_list_model_get_id (self->model, 0) : 0;

  if (id == 0 || sh_image_list_model_get_loading (self->model))
    {
      gtk_widget_error_bell (GTK_WIDGET (entry));
      return;
    }
  self->selected_id = id;
  select_position (self, 0);
  g_signal_emit (self, signals[IMAGE_ACTIVATED], 0, id);
}

/* ---- sort menu ---- */

static guint
sort_order_index (ShImageSort sort, gboolean descending)
{
  for (guint i = 0; i < G_N_ELEMENTS (sort_orders); i++)
    if (sort_orders[i].sort == sort && sort_orders[i].descending == descending)
      return i;
  return 0;
}

/* The menu's radio items, the button's icon and tooltip follow the model's order. */
static void
update_sort_button (ShImageList *self)
{
  ShImageSort sort = self->model != NULL ? sh_image_list_model_get_sort (self->model) : SH_IMAGE_SORT_DATE;
  gboolean descending = self->model != NULL && sh_image_list_model_get_sort_descending (self->model);
  guint index = sort_order_index (sort, descending);
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self->actions), "sort");
  /* Translators: the sort button's tooltip and accessible name, with the order chosen, e.g. "Sort: Name, A to Z". */
  g_autofree char *tooltip = g_strdup_printf (_("Sort: %s"), _(sort_orders[index].title));

  g_simple_action_set_state (G_SIMPLE_ACTION (action), g_variant_new_string (sort_orders[index].target));
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (self->sort_button),
                                 descending ? "view-sort-descending-symbolic" : "view-sort-ascending-symbolic");
  gtk_widget_set_tooltip_text (self->sort_button, tooltip);
  sh_accessible_set_label (self->sort_button, tooltip);
}

static void
sort_change_state (GSimpleAction *action, GVariant *state, gpointer user_data)
{
  ShImageList *self = SH_IMAGE_LIST (user_data);
  const char *target = g_variant_get_string (state, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (sort_orders); i++)
    if (g_str_equal (target, sort_orders[i].target))
      {
        g_simple_action_set_state (action, state);
        if (self->model != NULL)
          sh_image_list_model_set_sort (self->model, sort_orders[i].sort, sort_orders[i].descending);
        update_sort_button (self);
        return;
      }
}

static GMenuModel *
sort_menu (void)
{
  GMenu *menu = g_menu_new ();

  for (guint i = 0; i < G_N_ELEMENTS (sort_orders); i += 2)
    {
      g_autoptr (GMenu) section = g_menu_new ();

      for (guint j = i; j < i + 2; j++)
        {
          g_autoptr (GMenuItem) item = g_menu_item_new (_(sort_orders[j].title), NULL);

          g_menu_item_set_action_and_target_value (item, "imagelist.sort",
                                                   g_variant_new_string (sort_orders[j].target));
          g_menu_append_item (section, item);
        }
      g_menu_append_section (menu, NULL, G_MENU_MODEL (section));
    }
  return G_MENU_MODEL (menu);
}

/* ---- selection ---- */

static void
update_empty (ShImageList *self)
{
  gboolean empty = self->model == NULL || g_list_model_get_n_items (G_LIST_MODEL (self->model)) == 0;
  const char *search = self->model != NULL ? sh_image_list_model_get_search (self->model) : "";

  if (empty && *search != '\0')
    {
      /* Translators: the photo list when no file name contains the text searched for. */
      g_autofree char *text = g_strdup_printf (_("No file names contain “%s”"), search);

      gtk_label_set_text (GTK_LABEL (self->empty_label), text);
    }
  else
    gtk_label_set_text (GTK_LABEL (self->empty_label), _("No images"));
  gtk_widget_set_visible (self->empty_label, empty);
  gtk_widget_set_visible (self->scrolled_window, !empty);
}

static void
select_position (ShImageList *self, guint position)
{
  gtk_single_selection_set_selected (self->selection, position);
  if (position != GTK_INVALID_LIST_POSITION)
    gtk_widget_activate_action (self->list_view, "list.scroll-to-item", "u", position);
}

static void
on_loading_changed (ShImageListModel *model, GParamSpec *pspec, ShImageList *self)
{
  if (sh_image_list_model_get_loading (model))
    return;
  /* A new filter's list: keep the image the user was on when it is still there. */
  update_empty (self);
  if (self->selected_id != 0)
    {
      guint position = sh_image_list_model_get_position (model, self->selected_id);
      if (position != G_MAXUINT)
        select_position (self, position);
    }
}

static void
on_selection_changed (GtkSingleSelection *selection, GParamSpec *pspec, ShImageList *self)
{
  guint position = gtk_single_selection_get_selected (selection);
  gint64 id;

  /* A filter swap empties the list for a moment; the choice survives it. */
  if (position == GTK_INVALID_LIST_POSITION || self->model == NULL)
    return;
  id = sh_image_list_model_get_id (self->model, position);
  if (id == 0 || id == self->selected_id)
    return;
  /* The list selects the window's photo itself (select_id, a refreshed row) with selected_id already set to it:
   * a selection that moves to another photo is the user's click or arrow key, and opens that photo. */
  self->selected_id = id;
  g_signal_emit (self, signals[IMAGE_SELECTED], 0, id);
}

static void
on_activate (GtkListView *list_view, guint position, ShImageList *self)
{
  gint64 id;

  if (self->model == NULL || (id = sh_image_list_model_get_id (self->model, position)) == 0)
    return;
  self->selected_id = id;
  g_signal_emit (self, signals[IMAGE_ACTIVATED], 0, id);
}

static void
on_items_changed (GListModel *model, guint position, guint removed, guint added, ShImageList *self)
{
  guint selected_position;

  if (removed != added)
    update_empty (self);
  /* A refreshed row (new counts or status) is replaced in the model, which drops the selection: the row of
   * the photo on screen stays selected, so the list shows it and the keyboard focus enters the list there. */
  if (self->selected_id != 0 && added > 0
      && gtk_single_selection_get_selected (self->selection) == GTK_INVALID_LIST_POSITION
      && !sh_image_list_model_get_loading (self->model))
    {
      selected_position = sh_image_list_model_get_position (self->model, self->selected_id);
      if (selected_position != G_MAXUINT && selected_position >= position && selected_position < position + added)
        gtk_single_selection_set_selected (self->selection, selected_position);
    }
}

/* The keyboard focus enters the list (Tab, F6) on the photo being labelled (the selected row, on screen since
 * selecting scrolls to it), not on whichever row had it last; once the focus change in progress is over. */
static gboolean
focus_selected_row (gpointer data)
{
  ShImageList *self = SH_IMAGE_LIST (data);
  guint position = self->list_view != NULL ? gtk_single_selection_get_selected (self->selection)
                                           : GTK_INVALID_LIST_POSITION;
  GtkRoot *root = self->list_view != NULL ? gtk_widget_get_root (self->list_view) : NULL;
  GtkWidget *focus = GTK_IS_WINDOW (root) ? gtk_window_get_focus (GTK_WINDOW (root)) : NULL;

  if (position == GTK_INVALID_LIST_POSITION || focus == NULL || !gtk_widget_is_ancestor (focus, self->list_view))
    return G_SOURCE_REMOVE;
  /* The rows are the list view's children, each holding one of our row boxes. */
  for (GtkWidget *item = gtk_widget_get_first_child (self->list_view); item != NULL;
       item = gtk_widget_get_next_sibling (item))
    {
      GtkWidget *box = gtk_widget_get_first_child (item);
      Row *row = box != NULL ? g_object_get_data (G_OBJECT (box), "sh-row") : NULL;

      if (row != NULL && row->image_id == self->selected_id && gtk_widget_get_mapped (item))
        {
          if (!gtk_widget_has_focus (item))
            gtk_widget_grab_focus (item);
          break;
        }
    }
  return G_SOURCE_REMOVE;
}

static void
on_list_focus_enter (GtkEventControllerFocus *controller, ShImageList *self)
{
  GtkRoot *root = gtk_widget_get_root (self->list_view);

  /* Only for the keyboard: a click picks its own row. */
  if (GTK_IS_WINDOW (root) && gtk_window_get_focus_visible (GTK_WINDOW (root))
      && gtk_single_selection_get_selected (self->selection) != GTK_INVALID_LIST_POSITION)
    g_idle_add_full (G_PRIORITY_HIGH_IDLE, focus_selected_row, g_object_ref (self), g_object_unref);
}

/* ---- object ---- */

static void
sh_image_list_dispose (GObject *object)
{
  ShImageList *self = SH_IMAGE_LIST (object);
  GtkWidget *child;

  g_clear_handle_id (&self->request_source, g_source_remove);
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  self->list_view = NULL;
  /* Rows that outlive the list (held elsewhere) must not reach back into it. */
  for (guint i = 0; self->rows != NULL && i < self->rows->len; i++)
    ((Row *) g_ptr_array_index (self->rows, i))->list = NULL;
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_object (&self->selection);
  g_clear_object (&self->actions);
  g_clear_object (&self->model);
  g_clear_object (&self->cache);
  g_clear_pointer (&self->to_monitor, sh_display_transform_unref);
  g_clear_pointer (&self->textures, g_hash_table_unref);
  G_OBJECT_CLASS (sh_image_list_parent_class)->dispose (object);
}

static void
sh_image_list_class_init (ShImageListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sh_image_list_dispose;

  /* A row was clicked or Enter pressed on it: show that image. */
  signals[IMAGE_ACTIVATED] = g_signal_new ("image-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                           NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  /* The user selected a row (a click, the arrow keys): show that image, the focus staying in the list. */
  signals[IMAGE_SELECTED] = g_signal_new ("image-selected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                          NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  /* Escape in the search entry cleared it: back to the photo. */
  signals[SEARCH_FINISHED] = g_signal_new ("search-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                           NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "imagelist");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
sh_image_list_init (ShImageList *self)
{
  GtkListItemFactory *factory;
  GtkWidget *controls;
  const char *const no_labels[] = { NULL };

  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                                  GTK_ORIENTATION_VERTICAL);
  sh_accessible_set_label (self, _("Images"));

  self->rows = g_ptr_array_new ();
  self->textures = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);

  self->search_entry = gtk_search_entry_new ();
  gtk_widget_set_margin_start (self->search_entry, 6);
  gtk_widget_set_margin_end (self->search_entry, 6);
  gtk_widget_set_margin_top (self->search_entry, 6);
  g_object_set (self->search_entry, "placeholder-text", _("Search file names"), NULL);
  gtk_widget_set_tooltip_text (self->search_entry, _("Show only photos whose file name contains the text (Ctrl+F)"));
  sh_accessible_set_label (self->search_entry, _("Search file names"));
  gtk_widget_set_parent (self->search_entry, GTK_WIDGET (self));
  g_signal_connect (self->search_entry, "search-changed", G_CALLBACK (on_search_changed), self);
  g_signal_connect (self->search_entry, "stop-search", G_CALLBACK (on_search_stopped), self);
  g_signal_connect (self->search_entry, "activate", G_CALLBACK (on_search_activated), self);

  controls = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_margin_start (controls, 6);
  gtk_widget_set_margin_end (controls, 6);
  gtk_widget_set_margin_top (controls, 6);
  gtk_widget_set_margin_bottom (controls, 6);
  self->filter_labels = gtk_string_list_new (no_labels);
  self->filter_drop_down = gtk_drop_down_new (G_LIST_MODEL (self->filter_labels), NULL);
  gtk_widget_set_hexpand (self->filter_drop_down, TRUE);
  gtk_widget_set_tooltip_text (self->filter_drop_down, _("Show only some of the images"));
  sh_accessible_set_label (self->filter_drop_down, _("Filter images"));
  gtk_box_append (GTK_BOX (controls), self->filter_drop_down);
  update_filter_labels (self);
  g_signal_connect (self->filter_drop_down, "notify::selected", G_CALLBACK (on_filter_selected), self);

  {
    static const GActionEntry entries[] = {
      { "sort", NULL, "s", "'date'", sort_change_state },
    };
    g_autoptr (GMenuModel) menu = sort_menu ();

    self->actions = g_simple_action_group_new ();
    g_action_map_add_action_entries (G_ACTION_MAP (self->actions), entries, G_N_ELEMENTS (entries), self);
    gtk_widget_insert_action_group (GTK_WIDGET (self), "imagelist", G_ACTION_GROUP (self->actions));
    self->sort_button = gtk_menu_button_new ();
    gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (self->sort_button), menu);
    gtk_box_append (GTK_BOX (controls), self->sort_button);
    update_sort_button (self);
  }
  gtk_widget_set_parent (controls, GTK_WIDGET (self));

  self->selection = gtk_single_selection_new (NULL);
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect (self->selection, "notify::selected", G_CALLBACK (on_selection_changed), self);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (on_setup), self);
  g_signal_connect (factory, "bind", G_CALLBACK (on_bind), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (on_unbind), self);
  self->list_view = gtk_list_view_new (GTK_SELECTION_MODEL (g_object_ref (self->selection)), factory);
  gtk_list_view_set_single_click_activate (GTK_LIST_VIEW (self->list_view), FALSE);
  gtk_widget_add_css_class (self->list_view, "navigation-sidebar");
  sh_accessible_set_label (self->list_view, _("Images"));
  g_signal_connect (self->list_view, "activate", G_CALLBACK (on_activate), self);
  {
    GtkEventController *focus = gtk_event_controller_focus_new ();

    g_signal_connect (focus, "enter", G_CALLBACK (on_list_focus_enter), self);
    gtk_widget_add_controller (self->list_view, focus);
  }

  self->scrolled_window = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scrolled_window), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (self->scrolled_window, TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scrolled_window), self->list_view);
  g_signal_connect_swapped (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->scrolled_window)),
                            "value-changed", G_CALLBACK (schedule_thumbnail_requests), self);
  g_signal_connect_swapped (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->scrolled_window)),
                            "changed", G_CALLBACK (schedule_thumbnail_requests), self);
  gtk_widget_set_parent (self->scrolled_window, GTK_WIDGET (self));

  self->empty_label = gtk_label_new (_("No images"));
  gtk_widget_add_css_class (self->empty_label, "dim-label");
  gtk_widget_set_vexpand (self->empty_label, TRUE);
  gtk_widget_set_parent (self->empty_label, GTK_WIDGET (self));
  update_empty (self);
}

GtkWidget *
sh_image_list_new (void)
{
  return g_object_new (SH_TYPE_IMAGE_LIST, NULL);
}

void
sh_image_list_set_model (ShImageList *self, ShImageListModel *model)
{
  g_return_if_fail (SH_IS_IMAGE_LIST (self));
  g_return_if_fail (model == NULL || SH_IS_IMAGE_LIST_MODEL (model));

  if (self->model == model)
    return;
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_set_object (&self->model, model);
  /* Pages next to the rows on screen are read by the model's worker before scrolling reaches them. */
  if (model != NULL)
    sh_image_list_model_set_prefetch (model);
  self->selected_id = 0;
  gtk_single_selection_set_model (self->selection, G_LIST_MODEL (model));
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  if (model != NULL)
    {
      g_signal_connect_swapped (model, "counts-changed", G_CALLBACK (update_filter_labels), self);
      g_signal_connect (model, "notify::filter", G_CALLBACK (on_model_filter_changed), self);
      g_signal_connect (model, "notify::loading", G_CALLBACK (on_loading_changed), self);
      g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed), self);
      g_signal_connect_swapped (model, "notify::sort", G_CALLBACK (update_sort_button), self);
      g_signal_connect_swapped (model, "notify::descending", G_CALLBACK (update_sort_button), self);
      on_model_filter_changed (model, NULL, self);
      /* The entry says what the model searches for. */
      if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)),
                     sh_image_list_model_get_search (model)) != 0)
        gtk_editable_set_text (GTK_EDITABLE (self->search_entry), sh_image_list_model_get_search (model));
    }
  update_filter_labels (self);
  update_sort_button (self);
  update_empty (self);
}

ShImageListModel *
sh_image_list_get_model (ShImageList *self)
{
  g_return_val_if_fail (SH_IS_IMAGE_LIST (self), NULL);
  return self->model;
}

void
sh_image_list_set_thumbnail_cache (ShImageList *self, ShThumbnailCache *cache)
{
  g_return_if_fail (SH_IS_IMAGE_LIST (self));
  g_return_if_fail (cache == NULL || SH_IS_THUMBNAIL_CACHE (cache));

  g_set_object (&self->cache, cache);
  g_hash_table_remove_all (self->textures);
}

void
sh_image_list_set_monitor_profile (ShImageList *self, ShDisplayProfile *monitor)
{
  char message[256];

  g_return_if_fail (SH_IS_IMAGE_LIST (self));

  g_clear_pointer (&self->to_monitor, sh_display_transform_unref);
  if (monitor != NULL && !sh_display_profile_is_srgb_default (monitor))
    {
      /* No ICC bytes: the source is sRGB, which is what thumbnails hold. */
      self->to_monitor = sh_display_transform_new_for_icc (monitor, NULL, 0, message, sizeof message);
      if (self->to_monitor == NULL)
        g_warning ("thumbnails cannot be converted to the monitor profile: %s", message);
    }
  g_hash_table_remove_all (self->textures);
  /* The rows on screen show the converted thumbnails at once. */
  for (guint i = 0; i < self->rows->len; i++)
    {
      Row *row = g_ptr_array_index (self->rows, i);
      g_autoptr (GdkPixbuf) thumbnail = row->hash ? sh_thumbnail_cache_peek (get_cache (self), row->hash) : NULL;
      if (thumbnail != NULL)
        {
          g_autoptr (GdkTexture) texture = texture_for (self, row->hash, thumbnail);
          gtk_image_set_from_paintable (GTK_IMAGE (row->picture), GDK_PAINTABLE (texture));
        }
    }
}

gboolean
sh_image_list_select_id (ShImageList *self, gint64 id)
{
  guint position;

  g_return_val_if_fail (SH_IS_IMAGE_LIST (self), FALSE);

  if (self->model == NULL)
    return FALSE;
  self->selected_id = id;
  position = sh_image_list_model_get_position (self->model, id);
  if (position == G_MAXUINT)
    {
      gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
      return FALSE;
    }
  select_position (self, position);
  return TRUE;
}

gint64
sh_image_list_get_selected_id (ShImageList *self)
{
  guint position;

  g_return_val_if_fail (SH_IS_IMAGE_LIST (self), 0);

  if (self->model == NULL)
    return 0;
  position = gtk_single_selection_get_selected (self->selection);
  return position == GTK_INVALID_LIST_POSITION ? 0 : sh_image_list_model_get_id (self->model, position);
}

GtkListView *
sh_image_list_get_list_view (ShImageList *self)
{
  g_return_val_if_fail (SH_IS_IMAGE_LIST (self), NULL);
  return GTK_LIST_VIEW (self->list_view);
}

GtkScrolledWindow *
sh_image_list_get_scrolled_window (ShImageList *self)
{
  g_return_val_if_fail (SH_IS_IMAGE_LIST (self), NULL);
  return GTK_SCROLLED_WINDOW (self->scrolled_window);
}

void
sh_image_list_focus_search (ShImageList *self)
{
  g_return_if_fail (SH_IS_IMAGE_LIST (self));

  gtk_widget_grab_focus (self->search_entry);
  gtk_editable_select_region (GTK_EDITABLE (self->search_entry), 0, -1);
}

GtkSearchEntry *
sh_image_list_get_search_entry (ShImageList *self)
{
  g_return_val_if_fail (SH_IS_IMAGE_LIST (self), NULL);
  return GTK_SEARCH_ENTRY (self->search_entry);
}

GtkMenuButton *
sh_image_list_get_sort_button (ShImageList *self)
{
  g_return_val_if_fail (SH_IS_IMAGE_LIST (self), NULL);
  return GTK_MENU_BUTTON (self->sort_button);
}

GtkDropDown *
sh_image_list_get_filter_drop_down (ShImageList *self)
{
  g_return_val_if_fail (SH_IS_IMAGE_LIST (self), NULL);
  return GTK_DROP_DOWN (self->filter_drop_down);
}
