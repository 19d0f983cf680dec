/* jg-transfer-cells.h — one cell of a legacy file, as written and as read
 *
 * Formula guard. A spreadsheet opening a CSV file evaluates a cell that
 * begins with = + - @ (or a tab or carriage return, which some programs
 * skip before looking): an exported party name "=HYPERLINK(…)" would run
 * on the administrator's machine. CSV has no cell types, so the common
 * convention (OWASP "CSV injection") is followed: such a cell is written
 * with a leading apostrophe, which Excel and WPS show as text, and a value
 * that really begins with an apostrophe gets one more, so that the import
 * takes exactly one off and every value comes back byte for byte. XLSX
 * cells are typed: our export writes every value as a string cell, which
 * is never evaluated, so XLSX needs (and undoes) nothing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "jg-record-schema.h"

G_BEGIN_DECLS

/* Whether @value, written to a CSV cell, needs the leading apostrophe. */
gboolean    jg_transfer_cell_needs_guard (const char        *value);

/* What an import takes from a cell of a CSV (@from_xlsx FALSE) or XLSX
 * file for a field of @spec (NULL when the column is not a field), in
 * place: a CSV cell's guard apostrophe is taken off; an XLSX date-time
 * cell at midnight in a date-only field ("2026-11-15 00:00", as
 * jg_xlsx_read() gives a cell formatted "yyyy/m/d h:mm") keeps its date.
 * Nothing else changes. Returns @cell. */
char       *jg_transfer_cell_read        (char              *cell,
                                          gboolean           from_xlsx,
                                          const JgFieldSpec *spec);

G_END_DECLS
