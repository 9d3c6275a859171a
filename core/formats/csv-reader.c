/* SPDX-License-Identifier: GPL-3.0-or-later */
/* csv-reader.c: RFC 4180 records read one at a time from a buffer. */
#include "config.h"

#include "core/formats/csv-reader.h"

void
sh_csv_reader_init (ShCsvReader *csv, const char *data, gsize len, GQuark error_domain, int error_code)
{
  csv->data = data;
  csv->len = len;
  csv->pos = 0;
  csv->line = 1;
  csv->error_domain = error_domain;
  csv->error_code = error_code;
}

gboolean
sh_csv_reader_next (ShCsvReader *csv, ShCsvRecord *record, GError **error)
{
  g_ptr_array_set_size (record->fields, 0);
  record->line = csv->line;
  record->blank = FALSE;
  if (csv->pos >= csv->len)
    return FALSE;

  for (;;)
    {
      GString *field = g_string_new (NULL);
      gboolean quoted = FALSE;

      if (csv->pos < csv->len && csv->data[csv->pos] == '"')
        {
          guint opened = csv->line;

          quoted = TRUE;
          csv->pos++;
          for (;;)
            {
              char c;

              if (csv->pos >= csv->len)
                {
                  g_set_error (error, csv->error_domain, csv->error_code,
                               "line %u: quoted field is not closed (no ending '\"')", opened);
                  g_string_free (field, TRUE);
                  return FALSE;
                }
              c = csv->data[csv->pos];
              if (c == '"')
                {
                  if (csv->pos + 1 < csv->len && csv->data[csv->pos + 1] == '"')
                    {
                      g_string_append_c (field, '"');
                      csv->pos += 2;
                      continue;
                    }
                  csv->pos++;
                  break;
                }
              if (c == '\n')
                csv->line++;
              g_string_append_c (field, c);
              csv->pos++;
            }
          if (csv->pos < csv->len && csv->data[csv->pos] != ',' && csv->data[csv->pos] != '\n'
              && !(csv->data[csv->pos] == '\r' && csv->pos + 1 < csv->len && csv->data[csv->pos + 1] == '\n'))
            {
              g_set_error (error, csv->error_domain, csv->error_code,
                           "line %u: unexpected character after a closing quote", csv->line);
              g_string_free (field, TRUE);
              return FALSE;
            }
        }
      else
        {
          while (csv->pos < csv->len)
            {
              char c = csv->data[csv->pos];

              if (c == ',' || c == '\n')
                break;
              if (c == '\r')
                {
                  if (csv->pos + 1 < csv->len && csv->data[csv->pos + 1] == '\n')
                    break;
                  g_set_error (error, csv->error_domain, csv->error_code,
                               "line %u: carriage return not followed by a line feed", csv->line);
                  g_string_free (field, TRUE);
                  return FALSE;
                }
              if (c == '"')
                {
                  g_set_error (error, csv->error_domain, csv->error_code,
                               "line %u: quote inside an unquoted field (quote the whole field and double "
                               "the quote)", csv->line);
                  g_string_free (field, TRUE);
                  return FALSE;
                }
              g_string_append_c (field, c);
              csv->pos++;
            }
        }
      g_ptr_array_add (record->fields, g_string_free (field, FALSE));

      if (csv->pos < csv->len && csv->data[csv->pos] == ',')
        {
          csv->pos++;
          continue;
        }
      if (csv->pos < csv->len)
        {
          /* End of the line: LF or CRLF. */
          csv->pos += csv->data[csv->pos] == '\r' ? 2 : 1;
          csv->line++;
        }
      record->blank = record->fields->len == 1 && !quoted
                      && ((char *) g_ptr_array_index (record->fields, 0))[0] == '\0';
      break;
    }
  return TRUE;
}

