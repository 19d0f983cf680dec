/* jg-xlsx.h — XLSX rows in and out, for jg-transfer.c (private)
 *
 * Writing goes through libxlsxwriter, every cell as text so that codes keep
 * their leading zeros. Reading is ours (see jg-xlsx.c): the first sheet's
 * rows are handed to a JgRowFunc one by one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "jg-csv.h"

G_BEGIN_DECLS

/* Reads the workbook's first sheet. Rows are numbered as in Excel; empty
 * rows are skipped. Fails with JG_TRANSFER_ERROR_UNREADABLE. */
gboolean jg_xlsx_read (const char  *path,
                       JgRowFunc    func,
                       gpointer     user_data,
                       GError     **error);

typedef struct _JgXlsxWriter JgXlsxWriter;

JgXlsxWriter *jg_xlsx_writer_new       (const char          *path,
                                        GError             **error);
/* Starts a sheet: rows go to the last sheet added. */
void          jg_xlsx_writer_add_sheet (JgXlsxWriter        *writer,
                                        const char          *name);
gboolean      jg_xlsx_writer_row       (JgXlsxWriter        *writer,
                                        const char * const  *cells,
                                        guint                n_cells,
                                        GError             **error);
gboolean      jg_xlsx_writer_close     (JgXlsxWriter        *writer,
                                        GError             **error);
void          jg_xlsx_writer_abort     (JgXlsxWriter        *writer);

G_END_DECLS
