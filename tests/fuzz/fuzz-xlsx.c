/* fuzz-xlsx.c — libFuzzer target for the XLSX reader of the import
 *
 * A workbook is a zip of XML parts, and a mutated zip rarely gets past its
 * checksums to the XML. So an input is one of two things:
 *  - a zip as it is ("PK" first): a real workbook or any bytes, the
 *    container as the import meets it (the .xlsx files of corpus-xlsx/, from
 *    tests/data/ and tests/gen/excel-xlsx.py);
 *  - parts, each after a line "=== NAME ===" (NAME as in the zip:
 *    xl/workbook.xml, xl/worksheets/sheet1.xml, xl/styles.xml,
 *    xl/sharedStrings.xml…), which this target zips (stored) before the
 *    reader opens it, so that the fuzzer mutates the XML itself.
 * jg_xlsx_read() either fails with a transfer error or hands over rows in
 * increasing order; every cell then goes through the cell rule and the
 * normalisation of its column's field (fuzz-cells.c).
 *
 * The reader takes a path: the input is written to a file of this
 * process's in the temporary folder (TMPDIR), rewritten for every input.
 *
 * Build: meson setup with -Dfuzzing=true (HACKING.md, "Fuzzing"); the
 * default build links it with fuzz-main.c and replays corpus-xlsx/.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "fuzz-cells.h"
#include "jg-transfer.h"
#include "jg-xlsx.h"

#define PART_OPEN "=== "
#define PART_CLOSE " ===\n"

typedef struct {
  guint last_row;
} State;

static gboolean
on_row (guint       row,
        GPtrArray  *cells,
        gpointer    user_data,
        GError    **error)
{
  State *state = user_data;

  if (row <= state->last_row)
    abort ();
  state->last_row = row;
  fuzz_cells_check (row, cells, TRUE);
  return TRUE;
}

static const char *
work_path (void)
{
  static char *path;

  if (path == NULL)
    path = g_strdup_printf ("%s/fuzz-xlsx-%d.xlsx", g_get_tmp_dir (), (int) getpid ());
  return path;
}

/* The next "=== NAME ===\n" line at or after @from, or NULL. */
static const char *
find_part (const char  *from,
           const char  *end)
{
  for (const char *p = from; p < end; p++)
    {
      p = memchr (p, '=', end - p);
      if (p == NULL)
        return NULL;
      if ((p == from || p[-1] == '\n') && (gsize) (end - p) > strlen (PART_OPEN) &&
          memcmp (p, PART_OPEN, strlen (PART_OPEN)) == 0)
        return p;
    }
  return NULL;
}

/* Zips the parts of @data into @path; FALSE when there are none. */
static gboolean
write_parts (const char *data,
             gsize       size,
             const char *path)
{
  const char *end = data + size;
  const char *part = find_part (data, end);
  zip_t *zip;
  guint n = 0;

  if (part == NULL)
    return FALSE;
  zip = zip_open (path, ZIP_CREATE | ZIP_TRUNCATE, NULL);
  if (zip == NULL)
    abort ();
  while (part != NULL)
    {
      const char *name = part + strlen (PART_OPEN);
      const char *close = g_strstr_len (name, end - name, PART_CLOSE);
      const char *newline = memchr (name, '\n', end - name);
      const char *body, *next;
      g_autofree char *part_name = NULL;
      zip_source_t *source;
      zip_int64_t index;

      if (close == NULL || newline == NULL || close > newline)
        break;
      body = close + strlen (PART_CLOSE);
      next = find_part (body, end);
      part_name = g_strndup (name, close - name);
      /* zip_source_buffer keeps the pointer: the data lives until zip_close. */
      source = zip_source_buffer (zip, body, (next ? next : end) - body, 0);
      index = source ? zip_file_add (zip, part_name, source, ZIP_FL_OVERWRITE | ZIP_FL_ENC_UTF_8) : -1;
      if (index < 0)
        zip_source_free (source);
      else
        {
          zip_set_file_compression (zip, index, ZIP_CM_STORE, 0);
          n++;
        }
      part = next;
    }
  if (zip_close (zip) != 0)
    {
      zip_discard (zip);
      return FALSE;
    }
  return n > 0;
}

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  const char *path = work_path ();
  State state = { 0, };

  g_unlink (path);
  if (size >= 2 && memcmp (data, "PK", 2) == 0)
    {
      if (!g_file_set_contents (path, (const char *) data, size, NULL))
        abort ();
    }
  else if (!write_parts ((const char *) data, size, path))
    return 0;

  if (!jg_xlsx_read (path, on_row, &state, &error))
    {
      if (error == NULL || error->domain != JG_TRANSFER_ERROR)
        abort ();
    }
  else if (error != NULL)
    abort ();
  g_unlink (path);
  return 0;
}
