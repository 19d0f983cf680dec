/* jg-bench-import.h — the bare insert beside `jianguan-bench records-import`
 * (jg-bench-import.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "jg-store.h"

/* Reads the CSV file @csv_path as the import does (whole file, parsed row
 * by row), and saves each row after the header as a ready record of
 * @department into @store, in one transaction, with no validation, no
 * lookups, no duplicate check and no import batch: the floor that the
 * import's time is compared with. Returns the seconds it took and the rows
 * saved through @n_rows. */
double jg_bench_import_bare (JgStore    *store,
                             const char *csv_path,
                             guint      *n_rows);

/* Writes the rows of @csv_path to @xlsx_path with the export's XLSX writer,
 * then reads them back with the import's reader (no import): the seconds
 * the reading took. */
double jg_bench_import_xlsx_read (const char *csv_path,
                                  const char *xlsx_path,
                                  guint      *n_rows);
