/* jg-report.c — the report's blocks, and its tables as CSV and XLSX
 *
 * The tables go through the same writers as the records' export
 * (jg-csv.c, jg-xlsx.c): a temporary file renamed into place, formula-like
 * text written as text.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "jg-csv.h"
#include "jg-report-private.h"
#include "jg-xlsx.h"

G_DEFINE_QUARK (jg-report-error-quark, jg_report_error)

static void
block_free (JgReportBlock *block)
{
  g_free (block->text);
  g_strfreev (block->headers);
  g_clear_pointer (&block->rows, g_ptr_array_unref);
  g_strfreev (block->labels);
  g_free (block->values);
  g_free (block);
}

JgReport *
jg_report_new (const char *title,
               const char *header)
{
  JgReport *self = g_new0 (JgReport, 1);

  self->title = g_strdup (title);
  self->header = g_strdup (header);
  self->blocks = g_ptr_array_new_with_free_func ((GDestroyNotify) block_free);
  return self;
}

void
jg_report_free (JgReport *self)
{
  if (self == NULL)
    return;
  g_free (self->title);
  g_free (self->header);
  g_ptr_array_unref (self->blocks);
  g_free (self);
}

static JgReportBlock *
add_block (JgReport          *self,
           JgReportBlockKind  kind,
           const char        *text)
{
  JgReportBlock *block = g_new0 (JgReportBlock, 1);

  block->kind = kind;
  block->text = g_strdup (text);
  block->target = NAN;
  g_ptr_array_add (self->blocks, block);
  return block;
}

void
jg_report_add_heading (JgReport   *self,
                       const char *text)
{
  add_block (self, JG_REPORT_HEADING, text);
}

void
jg_report_add_paragraph (JgReport   *self,
                         const char *text)
{
  add_block (self, JG_REPORT_PARAGRAPH, text);
}

void
jg_report_add_table (JgReport           *self,
                     const char         *caption,
                     const char * const *headers,
                     guint               n_columns)
{
  JgReportBlock *block = add_block (self, JG_REPORT_TABLE, caption);

  block->headers = g_new0 (char *, n_columns + 1);
  for (guint i = 0; i < n_columns; i++)
    block->headers[i] = g_strdup (headers[i]);
  block->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
}

void
jg_report_add_row (JgReport           *self,
                   const char * const *cells)
{
  JgReportBlock *block;
  guint n;
  char **row;

  g_return_if_fail (self->blocks->len > 0);
  block = g_ptr_array_index (self->blocks, self->blocks->len - 1);
  g_return_if_fail (block->kind == JG_REPORT_TABLE);
  n = g_strv_length (block->headers);
  row = g_new0 (char *, n + 1);
  for (guint i = 0; i < n; i++)
    row[i] = g_strdup (cells[i] != NULL ? cells[i] : "");
  g_ptr_array_add (block->rows, row);
}

void
jg_report_add_chart (JgReport           *self,
                     const char         *caption,
                     const char * const *labels,
                     const double       *values,
                     guint               n,
                     double              target)
{
  JgReportBlock *block = add_block (self, JG_REPORT_CHART, caption);

  block->labels = g_new0 (char *, n + 1);
  for (guint i = 0; i < n; i++)
    block->labels[i] = g_strdup (labels[i]);
  block->values = g_memdup2 (values, sizeof (double) * n);
  block->target = target;
}

/* --- tables as CSV and XLSX ------------------------------------------------ */

gboolean
jg_report_write_csv (JgReport    *self,
                     const char  *path,
                     GError     **error)
{
  JgCsvWriter *writer = jg_csv_writer_new (path, error);
  gboolean first = TRUE;

  if (writer == NULL)
    return FALSE;
  for (guint b = 0; b < self->blocks->len; b++)
    {
      JgReportBlock *block = g_ptr_array_index (self->blocks, b);
      guint n;

      if (block->kind != JG_REPORT_TABLE)
        continue;
      n = g_strv_length (block->headers);
      /* A blank line between tables; the caption on a line of its own. */
      if ((!first && !jg_csv_writer_row (writer, (const char * const []) { "" }, 1, error))
          || !jg_csv_writer_row (writer, (const char * const []) { block->text }, 1, error)
          || !jg_csv_writer_row (writer, (const char * const *) block->headers, n, error))
        goto fail;
      for (guint r = 0; r < block->rows->len; r++)
        if (!jg_csv_writer_row (writer, g_ptr_array_index (block->rows, r), n, error))
          goto fail;
      first = FALSE;
    }
  return jg_csv_writer_close (writer, error);

fail:
  jg_csv_writer_abort (writer);
  return FALSE;
}

/* Excel refuses a sheet name over 31 characters or with any of []:*?/\ in it
 * (and libxlsxwriter then has no sheet to write to). */
#define SHEET_NAME_MAX 31

static char *
sheet_name (const char *caption,
            guint       index)
{
  g_autofree char *name = g_utf8_substring (caption, 0, MIN (g_utf8_strlen (caption, -1), SHEET_NAME_MAX));

  g_strdelimit (name, "[]:*?/\\", '_');
  if (*name == '\0')
    return g_strdup_printf ("%u", index + 1);
  return g_steal_pointer (&name);
}

gboolean
jg_report_write_xlsx (JgReport    *self,
                      const char  *path,
                      GError     **error)
{
  JgXlsxWriter *writer = jg_xlsx_writer_new (path, error);

  if (writer == NULL)
    return FALSE;
  for (guint b = 0; b < self->blocks->len; b++)
    {
      JgReportBlock *block = g_ptr_array_index (self->blocks, b);
      guint n;

      if (block->kind != JG_REPORT_TABLE)
        continue;
      g_autofree char *name = sheet_name (block->text, b);

      n = g_strv_length (block->headers);
      jg_xlsx_writer_add_sheet (writer, name);
      if (!jg_xlsx_writer_row (writer, (const char * const *) block->headers, n, error))
        goto fail;
      for (guint r = 0; r < block->rows->len; r++)
        if (!jg_xlsx_writer_row (writer, g_ptr_array_index (block->rows, r), n, error))
          goto fail;
    }
  return jg_xlsx_writer_close (writer, error);

fail:
  jg_xlsx_writer_abort (writer);
  return FALSE;
}

guint
jg_report_get_missing_glyphs (JgReport *self)
{
  return self->missing_glyphs;
}

gboolean
jg_report_write (JgReport    *self,
                 const char  *path,
                 GError     **error)
{
  g_autofree char *lower = g_ascii_strdown (path, -1);

  if (g_str_has_suffix (lower, ".pdf"))
    return jg_report_write_pdf (self, path, error);
  if (g_str_has_suffix (lower, ".csv"))
    return jg_report_write_csv (self, path, error);
  if (g_str_has_suffix (lower, ".xlsx"))
    return jg_report_write_xlsx (self, path, error);
  g_set_error (error, JG_REPORT_ERROR, JG_REPORT_ERROR_WRITE,
               _("“%s” is not a report file: the name must end in .pdf, .csv or .xlsx."), path);
  return FALSE;
}
