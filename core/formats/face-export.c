/* SPDX-License-Identifier: GPL-3.0-or-later */
/* face-export.c: consenting participants' face photos and their lips as COCO (DIR/annotations/faces.json) or
 * CSV (DIR/faces.csv), through the project exports' atomic files. */
#define G_LOG_DOMAIN "shadelab-export"

#include "config.h"

#include "core/formats/face-export.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/formats/export-private.h"
#include "core/store/project-participants.h"

typedef struct {
  const ShFacePhotoRow *row;        /* borrowed: from Faces.rows */
  const ShParticipantRow *participant;   /* borrowed: from Faces.participants */
  char *relative_path;              /* owned */
  GArray *outer, *opening;          /* owned; NULL when not drawn */
} Face;

typedef struct {
  GPtrArray *participants;          /* owned: ShParticipantRow, consented only */
  GPtrArray *rows;                  /* owned: ShFacePhotoRow of everyone */
  GArray *faces;                    /* owned: Face of those who consented */
  char *project_name;               /* owned */
} Faces;

static void
faces_clear (Faces *faces)
{
  for (guint i = 0; faces->faces != NULL && i < faces->faces->len; i++)
    {
      Face *face = &g_array_index (faces->faces, Face, i);

      g_free (face->relative_path);
      g_clear_pointer (&face->outer, g_array_unref);
      g_clear_pointer (&face->opening, g_array_unref);
    }
  g_clear_pointer (&faces->faces, g_array_unref);
  g_clear_pointer (&faces->rows, g_ptr_array_unref);
  g_clear_pointer (&faces->participants, g_ptr_array_unref);
  g_clear_pointer (&faces->project_name, g_free);
}

gboolean
sh_face_export_format_from_name (const char *name, ShFaceExportFormat *format)
{
  if (g_strcmp0 (name, "coco") == 0)
    *format = SH_FACE_EXPORT_COCO;
  else if (g_strcmp0 (name, "csv") == 0)
    *format = SH_FACE_EXPORT_CSV;
  else
    return FALSE;
  return TRUE;
}

void
sh_polygon_bounds (const ShPoint *points, guint n, double box[4])
{
  double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;

  for (guint i = 0; i < n; i++)
    {
      x0 = MIN (x0, points[i].x);
      y0 = MIN (y0, points[i].y);
      x1 = MAX (x1, points[i].x);
      y1 = MAX (y1, points[i].y);
    }
  box[0] = n ? x0 : 0;
  box[1] = n ? y0 : 0;
  box[2] = n ? x1 - x0 : 0;
  box[3] = n ? y1 - y0 : 0;
}

static gboolean
faces_load (ShProject *project, const char *root, Faces *faces, ShFaceExportSummary *summary, GError **error)
{
  g_autoptr (GPtrArray) everyone = NULL;
  g_autoptr (GHashTable) consented = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autofree char *base = g_path_get_basename (sh_project_get_path (project));

  if (g_str_has_suffix (base, SH_PROJECT_EXTENSION))
    base[strlen (base) - strlen (SH_PROJECT_EXTENSION)] = '\0';
  faces->project_name = g_steal_pointer (&base);
  faces->faces = g_array_new (FALSE, TRUE, sizeof (Face));
  if (!(everyone = sh_project_list_participants (project, FALSE, error))
      || !(faces->participants = sh_project_list_participants (project, TRUE, error))
      || !(faces->rows = sh_project_list_face_photos (project, 0, error)))
    return FALSE;
  for (guint i = 0; i < faces->participants->len; i++)
    {
      ShParticipantRow *participant = g_ptr_array_index (faces->participants, i);

      /* Never trust the list alone: consent is what lets a photo out. */
      if (participant->consent)
        g_hash_table_insert (consented, &participant->id, participant);
    }
  summary->participants = g_hash_table_size (consented);
  summary->left_out = everyone->len - summary->participants;

  for (guint i = 0; i < faces->rows->len; i++)
    {
      const ShFacePhotoRow *row = g_ptr_array_index (faces->rows, i);
      const ShParticipantRow *participant = g_hash_table_lookup (consented, &row->participant_id);
      g_autofree char *resolved = NULL;
      char *real;
      Face face = { row, participant, NULL, NULL, NULL };

      if (participant == NULL)
        continue;
      resolved = sh_project_resolve_path (project, row->path);
      real = realpath (resolved, NULL);
      face.relative_path = sh_export_relative_path (root, real != NULL ? real : resolved);
      free (real);
      if (!sh_project_get_lip_polygons (project, row->id, &face.outer, &face.opening, error))
        {
          g_free (face.relative_path);
          return FALSE;
        }
      g_array_append_val (faces->faces, face);
    }
  return TRUE;
}

static void
write_points (FILE *fp, const GArray *points, const char *between, const char *pair)
{
  for (guint i = 0; i < points->len; i++)
    {
      const ShPoint *p = &g_array_index (points, ShPoint, i);

      if (i > 0)
        fputs (between, fp);
      sh_export_write_number (fp, p->x);
      fputs (pair, fp);
      sh_export_write_number (fp, p->y);
    }
}

static void
write_coco_annotation (FILE *fp, guint id, guint image_id, guint category, const GArray *points, gboolean first)
{
  double box[4];

  sh_polygon_bounds ((const ShPoint *) points->data, points->len, box);
  fprintf (fp, "%s\n{\"id\":%u,\"image_id\":%u,\"category_id\":%u,\"segmentation\":[[", first ? "" : ",", id,
           image_id, category);
  write_points (fp, points, ",", ",");
  fputs ("]],\"bbox\":[", fp);
  for (int k = 0; k < 4; k++)
    {
      if (k)
        putc (',', fp);
      sh_export_write_number (fp, box[k]);
    }
  fputs ("],\"area\":", fp);
  sh_export_write_number (fp, sh_polygon_area ((const ShPoint *) points->data, (int) points->len));
  fputs (",\"iscrowd\":0}", fp);
}

static void
write_coco (const Faces *faces, FILE *fp, ShFaceExportSummary *summary)
{
  g_autofree char *now = sh_project_now ();
  guint annotation_id = 0;

  fputs ("{\"info\":{\"description\":", fp);
  sh_export_write_json_string (fp, faces->project_name);
  fprintf (fp, ",\"version\":\"1.0\",\"year\":%.4s,\"contributor\":\"Shadelab\",\"url\":\"\",\"date_created\":", now);
  sh_export_write_json_string (fp, now);
  fputs ("},\n\"licenses\":[],\n\"images\":[", fp);
  for (guint i = 0; i < faces->faces->len; i++)
    {
      const Face *face = &g_array_index (faces->faces, Face, i);

      fprintf (fp, "%s\n{\"id\":%u,\"file_name\":", i ? "," : "", i + 1);
      sh_export_write_json_string (fp, face->relative_path);
      fprintf (fp, ",\"width\":%d,\"height\":%d,\"shadelab_face_photo_id\":%" G_GINT64_FORMAT
               ",\"shadelab_face\":{\"participant\":", face->row->width, face->row->height, face->row->id);
      sh_export_write_json_string (fp, face->participant->code);
      fprintf (fp, ",\"mst\":%d,\"kind\":\"%s\",\"sku\":", face->participant->mst,
               face->row->kind == SH_FACE_PHOTO_WORN ? "worn" : "bare");
      if (face->row->sku != NULL)
        sh_export_write_json_string (fp, face->row->sku);
      else
        fputs ("null", fp);
      fputs ("}}", fp);
    }
  fputs ("],\n\"annotations\":[", fp);
  for (guint i = 0; i < faces->faces->len; i++)
    {
      const Face *face = &g_array_index (faces->faces, Face, i);

      if (face->outer != NULL)
        {
          annotation_id++;
          write_coco_annotation (fp, annotation_id, i + 1, 1, face->outer, annotation_id == 1);
        }
      if (face->opening != NULL)
        {
          annotation_id++;
          write_coco_annotation (fp, annotation_id, i + 1, 2, face->opening, annotation_id == 1);
        }
    }
  fputs ("],\n\"categories\":[\n{\"id\":1,\"name\":\"lips\",\"supercategory\":\"face\"},\n"
         "{\"id\":2,\"name\":\"mouth-opening\",\"supercategory\":\"face\"}]}\n", fp);
  summary->polygons = annotation_id;
}

static void
write_csv_row (FILE *fp, const Face *face, const char *role, const GArray *points)
{
  sh_export_write_csv_field (fp, face->relative_path);
  fprintf (fp, ",%d,%d,", face->row->width, face->row->height);
  sh_export_write_csv_field (fp, face->participant->code);
  fprintf (fp, ",%d,%s,", face->participant->mst, face->row->kind == SH_FACE_PHOTO_WORN ? "worn" : "bare");
  sh_export_write_csv_field (fp, face->row->sku);
  fprintf (fp, ",%s,", role);
  /* Numbers, spaces and semicolons only: never quoted. */
  write_points (fp, points, ";", " ");
  fputs ("\r\n", fp);
}

static void
write_csv (const Faces *faces, FILE *fp, ShFaceExportSummary *summary)
{
  fputs ("image,width,height,participant,mst,kind,sku,role,points\r\n", fp);
  for (guint i = 0; i < faces->faces->len; i++)
    {
      const Face *face = &g_array_index (faces->faces, Face, i);

      if (face->outer != NULL)
        {
          write_csv_row (fp, face, "outer", face->outer);
          summary->polygons++;
        }
      if (face->opening != NULL)
        {
          write_csv_row (fp, face, "opening", face->opening);
          summary->polygons++;
        }
    }
}

gboolean
sh_face_export (ShProject *project, const char *out_dir, ShFaceExportFormat format, ShFaceExportSummary *summary,
                GError **error)
{
  g_autoptr (ShExportFiles) files = NULL;
  ShFaceExportSummary counts = { 0 };
  ShExportFile *file;
  Faces faces = { 0 };
  gboolean ok = FALSE;

  files = sh_export_files_new (out_dir, error);
  if (files == NULL)
    return FALSE;
  if (!faces_load (project, sh_export_files_get_root (files), &faces, &counts, error))
    goto out;
  file = sh_export_files_create (files, format == SH_FACE_EXPORT_COCO ? "annotations/faces.json" : "faces.csv",
                                 error);
  if (file == NULL)
    goto out;
  if (format == SH_FACE_EXPORT_COCO)
    write_coco (&faces, file->fp, &counts);
  else
    write_csv (&faces, file->fp, &counts);
  counts.photos = faces.faces->len;
  ok = sh_export_files_close (files, file, error) && sh_export_files_commit (files, error);
out:
  faces_clear (&faces);
  if (ok && summary != NULL)
    *summary = counts;
  return ok;
}
