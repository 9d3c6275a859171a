/* SPDX-License-Identifier: GPL-3.0-or-later */
/* jpeg-region.c: one rect of a JPEG through libjpeg-turbo's jpeg_skip_scanlines and jpeg_crop_scanline (see
 * jpeg-region.h). */
#define G_LOG_DOMAIN "shadelab-loader"

#include "config.h"

#include "core/formats/jpeg-region.h"

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>

#include "core/formats/image-loader.h"

typedef struct {
  struct jpeg_error_mgr pub;
  jmp_buf jump;
  char message[JMSG_LENGTH_MAX];
} ErrorManager;

struct _ShJpegRegion {
  struct jpeg_decompress_struct info;
  ErrorManager error;
  guint8 *icc;
  unsigned int icc_len;
  guint8 *row;    /* one decoded row of the crop */
  gboolean read;
};

static void
error_exit (j_common_ptr info)
{
  ErrorManager *error = (ErrorManager *) info->err;

  error->pub.format_message (info, error->message);
  longjmp (error->jump, 1);
}

/* Warnings (a corrupt byte here and there) are what GdkPixbuf's loader ignores too. */
static void
output_message (j_common_ptr info)
{
}

ShJpegRegion *
sh_jpeg_region_open (const guint8 *data, gsize len, int scale, GError **error)
{
  /* Not an autoptr: a longjmp lands in this frame. */
  ShJpegRegion *region;

  g_return_val_if_fail (scale == 1 || scale == 2 || scale == 4 || scale == 8, NULL);
  region = g_new0 (ShJpegRegion, 1);

  region->info.err = jpeg_std_error (&region->error.pub);
  region->error.pub.error_exit = error_exit;
  region->error.pub.output_message = output_message;
  if (setjmp (region->error.jump))
    {
      g_set_error (error, SH_LOADER_ERROR, SH_LOADER_ERROR_CORRUPT, "the image data is damaged (%s)",
                   region->error.message);
      sh_jpeg_region_free (region);
      return NULL;
    }
  jpeg_create_decompress (&region->info);
  jpeg_mem_src (&region->info, data, (unsigned long) len);
  jpeg_save_markers (&region->info, JPEG_APP0 + 2, 0xffff);
  jpeg_read_header (&region->info, TRUE);
  if (region->info.jpeg_color_space == JCS_CMYK || region->info.jpeg_color_space == JCS_YCCK)
    {
      g_set_error (error, SH_LOADER_ERROR, SH_LOADER_ERROR_UNKNOWN, "a CMYK JPEG has no RGB region to show");
      sh_jpeg_region_free (region);
      return NULL;
    }
  if (!jpeg_read_icc_profile (&region->info, &region->icc, &region->icc_len))
    region->icc = NULL;
  /* libjpeg's defaults, as GdkPixbuf decodes, so a region matches the full decode pixel for pixel. */
  region->info.out_color_space = JCS_EXT_RGBA;
  region->info.scale_num = 1;
  region->info.scale_denom = (unsigned int) scale;
  jpeg_calc_output_dimensions (&region->info);
  return region;
}

void
sh_jpeg_region_get_size (ShJpegRegion *region, int *width, int *height)
{
  *width = (int) region->info.output_width;
  *height = (int) region->info.output_height;
}

const guint8 *
sh_jpeg_region_get_icc (ShJpegRegion *region, gsize *len)
{
  *len = region->icc != NULL ? region->icc_len : 0;
  return region->icc;
}

gboolean
sh_jpeg_region_read (ShJpegRegion *region, int x, int y, int width, int height, guint8 *rgba, int stride,
                     GError **error)
{
  struct jpeg_decompress_struct *info = &region->info;
  /* Kept in the region, not on this frame: a longjmp may land here after they are set. */
  JDIMENSION crop_x, crop_width;

  g_return_val_if_fail (!region->read, FALSE);
  g_return_val_if_fail (x >= 0 && y >= 0 && width > 0 && height > 0, FALSE);
  g_return_val_if_fail ((JDIMENSION) (x + width) <= info->output_width
                        && (JDIMENSION) (y + height) <= info->output_height, FALSE);

  region->read = TRUE;
  if (setjmp (region->error.jump))
    {
      g_set_error (error, SH_LOADER_ERROR, SH_LOADER_ERROR_CORRUPT, "the image data is damaged (%s)",
                   region->error.message);
      jpeg_abort_decompress (info);
      return FALSE;
    }
  jpeg_start_decompress (info);
  /* The crop widens to whole iMCU columns: the rect starts x - crop_x pixels into each decoded row. Fancy
   * upsampling blends each chroma sample with its neighbours, so the crop takes a pixel more on either side
   * for the edge pixels to come out as in the full decode. */
  crop_x = (JDIMENSION) MAX (x - 1, 0);
  crop_width = (JDIMENSION) MIN (x + width + 1, (int) info->output_width) - crop_x;
  jpeg_crop_scanline (info, &crop_x, &crop_width);
  region->row = g_malloc ((gsize) info->output_width * 4);
  if (y > 0 && jpeg_skip_scanlines (info, (JDIMENSION) y) != (JDIMENSION) y)
    {
      g_set_error (error, SH_LOADER_ERROR, SH_LOADER_ERROR_CORRUPT, "the image data ends early");
      jpeg_abort_decompress (info);
      return FALSE;
    }
  for (int i = 0; i < height; i++)
    {
      JSAMPROW rows[1] = { region->row };

      if (jpeg_read_scanlines (info, rows, 1) != 1)
        {
          g_set_error (error, SH_LOADER_ERROR, SH_LOADER_ERROR_CORRUPT, "the image data ends early");
          jpeg_abort_decompress (info);
          return FALSE;
        }
      memcpy (rgba + (gsize) i * (gsize) stride, region->row + (gsize) (x - (int) crop_x) * 4, (gsize) width * 4);
    }
  /* The rows below are not wanted. */
  jpeg_abort_decompress (info);
  return TRUE;
}

void
sh_jpeg_region_free (ShJpegRegion *region)
{
  if (region == NULL)
    return;
  jpeg_destroy_decompress (&region->info);
  free (region->icc);
  g_free (region->row);
  g_free (region);
}
