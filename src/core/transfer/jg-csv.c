/* jg-csv.c — CSV rows in and out over libcsv
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <csv.h>
#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "jg-csv.h"
#include "jg-transfer-cells.h"
#include "jg-transfer.h"

/* Rows are handed over between chunks; a stop is noticed at the next row. */
#define CHUNK_SIZE (64 * 1024)

typedef struct {
  GPtrArray *cells;
  guint      row;
  JgRowFunc  func;
  gpointer   user_data;
  GError    *error;
} ParseState;

static void
on_field (void   *field,
          size_t  length,
          void   *data)
{
  ParseState *state = data;

  if (state->error != NULL)
    return;
  g_ptr_array_add (state->cells, g_strndup (field ? field : "", field ? length : 0));
}

static void
on_row (int   terminator,
        void *data)
{
  ParseState *state = data;

  if (state->error == NULL)
    {
      state->row++;
      if (!state->func (state->row, state->cells, state->user_data, &state->error)
          && state->error == NULL)
        g_set_error_literal (&state->error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "stopped");
    }
  g_ptr_array_set_size (state->cells, 0);
}

gboolean
jg_csv_parse (const char  *text,
              gsize        length,
              JgRowFunc    func,
              gpointer     user_data,
              GError     **error)
{
  struct csv_parser parser;
  ParseState state = { 0, };
  gsize done = 0;
  int rc = 0;

  if (csv_init (&parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
    g_error ("csv_init failed");
  /* libcsv grows its field buffer by this much: a 10 MB cell must not take
   * 80,000 reallocations. */
  csv_set_blk_size (&parser, 1024 * 1024);

  state.cells = g_ptr_array_new_with_free_func (g_free);
  state.func = func;
  state.user_data = user_data;

  while (done < length && state.error == NULL)
    {
      gsize n = MIN (CHUNK_SIZE, length - done);

      if (csv_parse (&parser, text + done, n, on_field, on_row, &state) != n)
        {
          rc = csv_error (&parser);
          break;
        }
      done += n;
    }
  if (rc == 0 && state.error == NULL && csv_fini (&parser, on_field, on_row, &state) != 0)
    rc = csv_error (&parser);

  csv_free (&parser);
  g_ptr_array_unref (state.cells);

  if (state.error != NULL)
    {
      g_propagate_error (error, state.error);
      return FALSE;
    }
  if (rc != 0)
    {
      if (rc == CSV_EPARSE)
        g_set_error (error, JG_TRANSFER_ERROR, JG_TRANSFER_ERROR_UNREADABLE,
                     _("The file is not valid CSV: a quotation mark is not closed or is "
                       "followed by other text, near row %u. Nothing was imported."),
                     state.row + 1);
      else
        g_set_error (error, JG_TRANSFER_ERROR, JG_TRANSFER_ERROR_UNREADABLE,
                     _("The file could not be read as CSV (%s). Nothing was imported."),
                     csv_strerror (rc));
      return FALSE;
    }
  return TRUE;
}

struct _JgCsvWriter {
  char *path;
  char *tmp_path;
  FILE *file;
};

static gboolean
set_write_error (JgCsvWriter  *writer,
                 int           saved_errno,
                 GError      **error)
{
  g_autofree char *display = g_filename_display_name (writer->path);

  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
               _("Could not write “%s”: %s"), display, g_strerror (saved_errno));
  return FALSE;
}

JgCsvWriter *
jg_csv_writer_new (const char  *path,
                   GError     **error)
{
  JgCsvWriter *writer = g_new0 (JgCsvWriter, 1);

  writer->path = g_strdup (path);
  writer->tmp_path = g_strconcat (path, ".part", NULL);
  writer->file = g_fopen (writer->tmp_path, "wb");
  if (writer->file == NULL || fputs ("\xEF\xBB\xBF", writer->file) == EOF)
    {
      set_write_error (writer, errno, error);
      jg_csv_writer_abort (writer);
      return NULL;
    }
  return writer;
}

gboolean
jg_csv_writer_row (JgCsvWriter        *writer,
                   const char * const *cells,
                   guint               n_cells,
                   GError            **error)
{
  for (guint i = 0; i < n_cells; i++)
    {
      const char *cell = cells[i] ? cells[i] : "";
      g_autofree char *guarded = NULL;

      /* Shown as text, never run as a formula (jg-transfer-cells.h). */
      if (jg_transfer_cell_needs_guard (cell))
        cell = guarded = g_strconcat ("'", cell, NULL);
      if ((i > 0 && fputc (',', writer->file) == EOF)
          || csv_fwrite (writer->file, cell, strlen (cell)) != 0)
        return set_write_error (writer, errno, error);
    }
  if (fputs ("\r\n", writer->file) == EOF)
    return set_write_error (writer, errno, error);
  return TRUE;
}

static void
writer_free (JgCsvWriter *writer)
{
  g_free (writer->path);
  g_free (writer->tmp_path);
  g_free (writer);
}

gboolean
jg_csv_writer_close (JgCsvWriter  *writer,
                     GError      **error)
{
  int rc = fclose (writer->file);
  int saved_errno = errno;

  writer->file = NULL;
  if (rc != 0 || g_rename (writer->tmp_path, writer->path) != 0)
    {
      if (rc == 0)
        saved_errno = errno;
      set_write_error (writer, saved_errno, error);
      jg_csv_writer_abort (writer);
      return FALSE;
    }
  writer_free (writer);
  return TRUE;
}

void
jg_csv_writer_abort (JgCsvWriter *writer)
{
  if (writer == NULL)
    return;
  if (writer->file != NULL)
    fclose (writer->file);
  g_unlink (writer->tmp_path);
  writer_free (writer);
}
