/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sh-image-canvas.h: the labeling canvas. Shows one image (already converted to display colours by the
 * caller: the canvas never converts colours), zooms and pans it, draws the boxes it is given and lets the
 * user draw, select, move and resize them with the pointer or the keyboard.
 *
 * The canvas stores nothing: it reports what the user did through signals (box-drawn, box-dragging,
 * box-changed, box-selected) and the caller decides, then hands back the boxes with
 * sh_image_canvas_set_boxes (). Coordinates are upright image pixels; drawn, moved and resized boxes
 * snap to whole pixels.
 *
 * Actions (group "canvas", bound to keys while the canvas has the focus):
 *   canvas.zoom-in / zoom-out (Ctrl+plus / Ctrl+minus), canvas.zoom-fit (Ctrl+0), canvas.zoom-1 (Ctrl+1)
 *   canvas.nudge "(ii)" (arrows, Shift for 10 px; without a selected box they pan the view)
 *   canvas.resize-selected "(ii)" (Alt+arrows move the right / bottom edge, Shift for 10 px)
 *   canvas.resize-selected-start "(ii)" (Ctrl+Alt+arrows or Ctrl+arrows move the left / top edge, Shift for
 *   10 px)
 *   canvas.pan "(ii)" (widget pixels)
 *   canvas.deselect (Escape), canvas.select-next / select-previous (Tab / Shift+Tab)
 *   canvas.new-box-at-center: a default-size box at the pointer when it is over the image, else in the
 *   middle of the visible image (emitted as box-drawn: the keyboard way to draw)
 * Held, Space turns primary-button drags into panning; a tap without a pan emits space-tapped, so the
 * caller can give Space its own meaning. Escape also abandons a drag in progress.
 * Escape and Tab fall through to the window (closing dialogs, moving the focus on) when there is nothing to
 * deselect or cycle through.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SH_TYPE_IMAGE_CANVAS (sh_image_canvas_get_type ())
G_DECLARE_FINAL_TYPE (ShImageCanvas, sh_image_canvas, SH, IMAGE_CANVAS, GtkWidget)

typedef struct {
  gint64 id;              /* the caller's id, never 0 */
  int class_index;        /* colour from the fixed class palette */
  double x, y, w, h;      /* upright image pixels */
  gboolean from_model;    /* a model pre-annotation not yet accepted: drawn dashed with its score */
  double score;           /* model confidence 0-1; < 0 for none */
  gboolean occluded;      /* drawn with a hatched border and a badge */
} ShCanvasBox;

GtkWidget *sh_image_canvas_new (void);

/* The display-ready image; NULL clears it. Setting an image fits it to the window. An image with transparent
 * pixels (a texture with some, or an ARGB32 surface, premultiplied) is drawn over a grey checkerboard. */
void sh_image_canvas_set_image (ShImageCanvas *self, GdkTexture *texture);
GdkTexture *sh_image_canvas_get_image (ShImageCanvas *self);
/* The same from a cairo image surface (CAIRO_FORMAT_ARGB32 or RGB24), used without a copy. */
void sh_image_canvas_set_image_surface (ShImageCanvas *self, cairo_surface_t *surface);
/* A photo shown from a smaller rendering of it (a preview at the scale of the view): image_width x
 * image_height is the photo's own size, in which boxes and zoom are expressed. Zoomed in past the preview,
 * the canvas emits detail-wanted with the image rect it shows (and a margin) and the reduction step that
 * zoom needs; sh_image_canvas_set_detail then gives it that rect's pixels (surface of
 * ceil(width / step) x ceil(height / step)), drawn over the preview. */
void sh_image_canvas_set_image_preview (ShImageCanvas *self, cairo_surface_t *surface, int image_width,
                                        int image_height);
void sh_image_canvas_set_detail (ShImageCanvas *self, cairo_surface_t *surface, int x, int y, int width,
                                 int height);
/* The sharper part drawn over a preview: its rect of the image and its reduction step; FALSE when none is. */
gboolean sh_image_canvas_get_detail (ShImageCanvas *self, int *x, int *y, int *width, int *height, int *step);
/* The shown surface's pixels per image pixel: 1 for a full-resolution image, less for a preview. */
double sh_image_canvas_get_image_scale (ShImageCanvas *self);
int sh_image_canvas_get_image_width (ShImageCanvas *self);
int sh_image_canvas_get_image_height (ShImageCanvas *self);

/* The boxes to show, bottom first (copied). The selection is kept when its id is still there. */
void sh_image_canvas_set_boxes (ShImageCanvas *self, const ShCanvasBox *boxes, guint n_boxes);
/* 0: none. Does not emit box-selected (that signal reports the user's choices). */
void sh_image_canvas_set_selected_box (ShImageCanvas *self, gint64 id);
gint64 sh_image_canvas_get_selected_box (ShImageCanvas *self);

/* For the accessible label, which names the photo and the selected box with its class and geometry
 * ("synth-0001.jpg, box 2 of 3, product, 492 by 782 at 595, 66"): the photo's file name (NULL: "Photo")
 * and the class names by class index (NULL-terminated; copied). */
void sh_image_canvas_set_photo_name (ShImageCanvas *self, const char *name);
void sh_image_canvas_set_class_names (ShImageCanvas *self, const char *const *names);

/* The class that drawn boxes get; only used for the colour of the box being drawn. */
void sh_image_canvas_set_current_class (ShImageCanvas *self, int class_index);
int sh_image_canvas_get_current_class (ShImageCanvas *self);

/* Zoom (widget pixels per image pixel) and the mapping between image and widget coordinates. */
double sh_image_canvas_get_zoom (ShImageCanvas *self);
void sh_image_canvas_image_to_widget (ShImageCanvas *self, double image_x, double image_y,
                                      double *widget_x, double *widget_y);
void sh_image_canvas_widget_to_image (ShImageCanvas *self, double widget_x, double widget_y,
                                      double *image_x, double *image_y);

/* The pixel classes of a box (one byte per pixel, row by row, mask_width x mask_height covering the
 * image rect x, y, mask_width, mask_height) drawn semi-transparent over the image while show-overlay is
 * on. palette holds n_colors colours as 0xAARRGGBB (not premultiplied); a class past the palette, or an
 * alpha of 0, is not drawn. palette NULL uses sh_image_canvas_default_overlay_palette. Copied. */
void sh_image_canvas_set_overlay (ShImageCanvas *self, int x, int y, int mask_width, int mask_height,
                                  const guint8 *mask, const guint32 *palette, guint n_colors);
void sh_image_canvas_clear_overlay (ShImageCanvas *self);
void sh_image_canvas_set_show_overlay (ShImageCanvas *self, gboolean show);
gboolean sh_image_canvas_get_show_overlay (ShImageCanvas *self);

/* For the pixel classes in the order of color/extract.h (used, background, specular, clipped, other):
 * used is left clear, the rejected classes are tinted. */
extern const guint32 sh_image_canvas_default_overlay_palette[9];   /* one per ShPixelClass */

/* The colour of a class's boxes (a fixed palette, repeating after its end), for legends elsewhere. */
void sh_image_canvas_get_class_color (int class_index, GdkRGBA *color);

G_END_DECLS
