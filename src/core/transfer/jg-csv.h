/* jg-csv.h — CSV rows in and out, for jg-transfer.c (private)
 *
 * Reading takes text already decoded to UTF-8 and hands each row to a
 * callback as it is parsed, so an import never holds more than one row.
 * Writing quotes every field and ends lines with CRLF, as Excel does, and
 * guards a field that a spreadsheet would run as a formula with a leading
 * apostrophe (jg-transfer-cells.h); the import takes it off again.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* @row is 1-based; @cells holds the row's fields (char *, never NULL). Return
 * FALSE (setting @error) to stop. */
typedef gboolean (*JgRowFunc) (guint        row,
                               GPtrArray   *cells,
                               gpointer     user_data,
                               GError     **error);

/* Parses @text (UTF-8, no BOM). Blank lines are skipped and not counted. A
 * malformed quote fails with JG_TRANSFER_ERROR_UNREADABLE. */
gboolean jg_csv_parse       (const char  *text,
                             gsize        length,
                             JgRowFunc    func,
                             gpointer     user_data,
                             GError     **error);

typedef struct _JgCsvWriter JgCsvWriter;

/* Writes to a temporary file next to @path, with a UTF-8 BOM; _close
 * renames it into place, _abort removes it. */
JgCsvWriter *jg_csv_writer_new   (const char          *path,
                                  GError             **error);
gboolean     jg_csv_writer_row   (JgCsvWriter         *writer,
                                  const char * const  *cells,
                                  guint                n_cells,
                                  GError             **error);
gboolean     jg_csv_writer_close (JgCsvWriter         *writer,
                                  GError             **error);
void         jg_csv_writer_abort (JgCsvWriter         *writer);

G_END_DECLS
