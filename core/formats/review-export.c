/* SPDX-License-Identifier: GPL-3.0-or-later */
/* review-export.c: a review as a PNG contact sheet (before / after on every reference tone) and a CSV of its
 * changes (see review.h). */
#define G_LOG_DOMAIN "shadelab-review"

#include "config.h"

#include "core/store/review.h"

#include "color/pixel-digits.h"

#include <string.h>

/* ISO 3664 / ISO 12646 viewing practice: colour judged on a neutral grey of about L* 50 (sRGB #777777), the
 * same surround as the render command's sheet and the tone grid. */
#define SURROUND 0x77
#define INK 0x30

#define BAND_HEIGHT (2 * SH_REVIEW_TILE_HEIGHT + SH_REVIEW_GAP)

void
sh_review_sheet_size (guint n_products, guint n_tones, int *width, int *height)
{
  *width = SH_REVIEW_MARGIN + (int) MAX (n_tones, 1) * (SH_REVIEW_TILE_WIDTH + SH_REVIEW_GAP);
  *height = 2 * SH_REVIEW_GAP + (int) n_products * (BAND_HEIGHT + SH_REVIEW_BAND_GAP)
            - (n_products > 0 ? SH_REVIEW_BAND_GAP : 0);
}

void
sh_review_tile_origin (guint product, int row, guint tone, int *x, int *y)
{
  *x = SH_REVIEW_MARGIN + (int) tone * (SH_REVIEW_TILE_WIDTH + SH_REVIEW_GAP);
  *y = SH_REVIEW_GAP + (int) product * (BAND_HEIGHT + SH_REVIEW_BAND_GAP)
       + row * (SH_REVIEW_TILE_HEIGHT + SH_REVIEW_GAP);
}

/* ---- pixel marks ---- */

static void
fill_rect (guint8 *pixels, int rowstride, int x, int y, int w, int h, guint8 value)
{
  for (int j = 0; j < h; j++)
    memset (pixels + (gsize) (y + j) * rowstride + (gsize) x * 3, value, (gsize) w * 3);
}



/* Before: a hollow square; after: a filled one. */
static void
draw_row_mark (guint8 *pixels, int rowstride, int x, int y, gboolean filled)
{
  const int size = 12;

  fill_rect (pixels, rowstride, x, y, size, size, INK);
  if (!filled)
    fill_rect (pixels, rowstride, x + 3, y + 3, size - 6, size - 6, SURROUND);
}

/* A tile for "no colour known then": the surround with a dark cross. */
static void
draw_unknown (guint8 *pixels, int rowstride, int x, int y)
{
  const int w = SH_REVIEW_TILE_WIDTH, h = SH_REVIEW_TILE_HEIGHT;

  fill_rect (pixels, rowstride, x, y, w, h, 0x68);
  for (int i = 0; i < w; i++)
    {
      int j = i * (h - 1) / (w - 1);
      fill_rect (pixels, rowstride, x + i, y + j, 1, 1, INK);
      fill_rect (pixels, rowstride, x + i, y + h - 1 - j, 1, 1, INK);
    }
}

GdkPixbuf *
sh_review_render_sheet (const ShReview *review, const GArray *tones)
{
  g_autoptr (GdkPixbuf) sheet = NULL;
  g_autofree float *tile = NULL;
  ShLipScene *scene;
  guint8 *pixels;
  int width, height, rowstride;

  sh_review_sheet_size (review->items->len, tones->len, &width, &height);
  sheet = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  scene = sh_lip_scene_new (SH_REVIEW_TILE_WIDTH, SH_REVIEW_TILE_HEIGHT);
  tile = g_try_new (float, (gsize) SH_REVIEW_TILE_WIDTH * SH_REVIEW_TILE_HEIGHT * 3);
  if (sheet == NULL || scene == NULL || tile == NULL)
    {
      sh_lip_scene_free (scene);
      return NULL;
    }
  gdk_pixbuf_fill (sheet, (SURROUND << 24) | (SURROUND << 16) | (SURROUND << 8) | 0xff);
  pixels = gdk_pixbuf_get_pixels (sheet);
  rowstride = gdk_pixbuf_get_rowstride (sheet);

  for (guint p = 0; p < review->items->len; p++)
    {
      const ShReviewItem *item = g_ptr_array_index (review->items, p);

      for (int row = 0; row < 2; row++)
        {
          const ShMaterial *material = row == 0 ? &item->before.material : &item->after.material;
          gboolean has_color = row == 0 ? item->before_has_color : item->after_has_color;
          int x, y;

          sh_review_tile_origin (p, row, 0, &x, &y);
          if (row == 0)
            sh_draw_number_badge (pixels, rowstride, 4, y, p + 1, 4);  /* 4 digits fit the margin */
          draw_row_mark (pixels, rowstride, 4, y + (SH_REVIEW_TILE_HEIGHT - 12) / 2 + (row == 0 ? 10 : 0), row == 1);
          for (guint t = 0; t < tones->len; t++)
            {
              sh_review_tile_origin (p, row, t, &x, &y);
              if (!has_color)
                {
                  draw_unknown (pixels, rowstride, x, y);
                  continue;
                }
              sh_skin_render (scene, &g_array_index (tones, ShSkinTone, t), material, 0, tile,
                              (gsize) SH_REVIEW_TILE_WIDTH * 3);
              sh_skin_render_encode_srgb8 (tile, (gsize) SH_REVIEW_TILE_WIDTH * 3, SH_REVIEW_TILE_WIDTH,
                                           SH_REVIEW_TILE_HEIGHT, pixels + (gsize) y * rowstride + (gsize) x * 3,
                                           rowstride, 3);
            }
        }
    }
  sh_lip_scene_free (scene);
  return g_steal_pointer (&sheet);
}

gboolean
sh_review_write_png (const ShReview *review, const GArray *tones, const char *path, GError **error)
{
  g_autoptr (GdkPixbuf) sheet = sh_review_render_sheet (review, tones);
  g_autofree char *png = NULL;
  gsize length = 0;

  if (sheet == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, "%s: not enough memory for the contact sheet", path);
      return FALSE;
    }
  /* g_file_set_contents writes a temporary file beside the target and renames it into place. */
  if (!gdk_pixbuf_save_to_buffer (sheet, &png, &length, "png", error, NULL)
      || !g_file_set_contents (path, png, (gssize) length, error))
    {
      g_prefix_error (error, "%s: ", path);
      return FALSE;
    }
  return TRUE;
}

/* ---- CSV ---- */

static void
append_field (GString *out, const char *text)
{
  if (text == NULL)
    return;
  if (strpbrk (text, ",\"\r\n") == NULL)
    {
      g_string_append (out, text);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = text; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static void
append_row (GString *out, const char *const *fields, int n)
{
  for (int i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      append_field (out, fields[i]);
    }
  g_string_append (out, "\r\n");
}

char *
sh_review_csv_text (const ShReview *review)
{
  static const char *const header[] = {
    "sku", "brand", "shade", "parameter", "before", "after", "who", "when", "note", "decision", "reviewer",
    "comment", "sheet_row",
  };
  GString *out = g_string_new (NULL);

  append_row (out, header, G_N_ELEMENTS (header));
  for (guint p = 0; p < review->items->len; p++)
    {
      const ShReviewItem *item = g_ptr_array_index (review->items, p);
      const ShReviewDecision *decision = item->decision;
      char sheet_row[16];

      g_snprintf (sheet_row, sizeof sheet_row, "%u", p + 1);
      for (guint c = 0; c < MAX (item->changes->len, 1); c++)
        {
          const ShReviewChange *change = c < item->changes->len ? g_ptr_array_index (item->changes, c) : NULL;
          const char *fields[] = {
            item->sku, item->brand, item->shade,
            change ? change->parameter : NULL, change ? change->before : NULL, change ? change->after : NULL,
            change ? change->who : NULL, change ? change->at : NULL, change ? change->note : NULL,
            decision ? (decision->accepted ? "accept" : "reject") : NULL,
            decision ? decision->reviewer : NULL, decision ? decision->comment : NULL,
            sheet_row,
          };
          append_row (out, fields, G_N_ELEMENTS (fields));
        }
    }
  return g_string_free (out, FALSE);
}

gboolean
sh_review_write_csv (const ShReview *review, const char *path, GError **error)
{
  g_autofree char *text = sh_review_csv_text (review);

  if (!g_file_set_contents (path, text, -1, error))
    {
      g_prefix_error (error, "%s: ", path);
      return FALSE;
    }
  return TRUE;
}
