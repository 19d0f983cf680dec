/* fuzz-cells.h — what the CSV and XLSX targets do with every cell read
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Runs @cells (the cells of one row, as jg_csv_parse() and jg_xlsx_read()
 * hand them over) through what an import does to each: the cell rule
 * (jg_transfer_cell_read) and the forgiving normalisation
 * (jg_transfer_normalise) for the field of its column, the kind of record
 * taken from @row. Aborts when a normalised value is not valid UTF-8 or is
 * not canonical itself (normalising it again must change nothing). */
void fuzz_cells_check (guint      row,
                       GPtrArray *cells,
                       gboolean   from_xlsx);

/* Every normalisation of @value (valid UTF-8) for every field of every
 * kind of record, with the same checks. */
void fuzz_cells_normalise_all (const char *value);

G_END_DECLS
