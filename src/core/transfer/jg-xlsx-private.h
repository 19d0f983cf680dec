/* jg-xlsx-private.h — what jg-xlsx.c reads a cell's value with
 *
 * The values of a worksheet as the OOXML spec (ECMA-376 Part 1) stores
 * them, turned into the text an import expects: number formats (§18.8.30,
 * §18.8.31) telling a date from a number, date serials in the 1900 and
 * 1904 date systems (§18.17.4), numbers as their shortest decimal text, and
 * the _xHHHH_ escapes of strings (§22.4.2.4, ST_Xstring). In
 * jg-xlsx-values.c; tests/test-xlsx.c checks each.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What a number format shows of a number: nothing of these is a plain
 * number; a date, a time of day, or both; with seconds or without. */
typedef enum {
  JG_XLSX_SHOWS_DATE    = 1 << 0,
  JG_XLSX_SHOWS_TIME    = 1 << 1,
  JG_XLSX_SHOWS_SECONDS = 1 << 2,
} JgXlsxShows;

/* What the built-in number format @id shows (0 for the numeric ones). */
JgXlsxShows jg_xlsx_builtin_format_shows (guint       id);
/* What the custom number format @code ("yyyy\"年\"m\"月\"d\"日\"") shows:
 * its first section, quoted text, escaped characters and [colour]/[$-…]
 * sections left out. */
JgXlsxShows jg_xlsx_format_code_shows    (const char *code);

/* The text of a numeric cell whose stored value is @v under a format that
 * shows @shows: "2026-11-15", "2026-11-15 14:30", "14:30" for dates and
 * times (1904 date system when @date1904), else the number's shortest
 * decimal text at Excel's 15 significant digits ("1500.5", never
 * "1500.4999999999998" or "1.5E3"). @v as it is when it is no number. */
char       *jg_xlsx_number_text          (const char *v,
                                          JgXlsxShows shows,
                                          gboolean    date1904);
/* The text of a t="d" cell (ISO 8601 "2026-11-15T14:30:00"), as
 * jg_xlsx_number_text() writes dates. */
char       *jg_xlsx_iso_date_text        (const char *v);

/* Decodes the _xHHHH_ escapes of @text in place (_x005F_ is the underscore
 * itself; an escaped surrogate pair is one character). */
void        jg_xlsx_unescape             (char       *text);
/* @text with every "_xHHHH_" that is really text escaped as "_x005F_xHHHH_",
 * so that a reader decoding escapes gets @text back; NULL when @text needs
 * nothing. (libxlsxwriter escapes control characters itself.) */
char       *jg_xlsx_escape               (const char *text);

G_END_DECLS
