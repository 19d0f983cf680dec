/* jg-report.h — a report as headings, paragraphs, tables and charts, and
 * its A4 PDF, CSV and XLSX
 *
 * The monthly report (通报) and the city's report are built as a JgReport
 * by jg-report-monthly.c and written by the same code: the PDF set with
 * Pango on Cairo in a CJK font (every glyph checked), the tables as CSV
 * and as an XLSX workbook of one sheet each.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _JgReport JgReport;

#define JG_REPORT_ERROR (jg_report_error_quark ())
GQuark jg_report_error_quark (void);

typedef enum {
  JG_REPORT_ERROR_WRITE,          /* the file could not be written */
} JgReportError;

/* @title ("2026年11月“互联网+监管”工作情况通报"); @header, the running
 * head of every page (the department and the month). */
JgReport   *jg_report_new             (const char  *title,
                                       const char  *header);
void        jg_report_free            (JgReport    *self);

void        jg_report_add_heading     (JgReport    *self,
                                       const char  *text);
void        jg_report_add_paragraph   (JgReport    *self,
                                       const char  *text);
/* A table of @n_columns with @caption (its sheet's name in the XLSX and
 * the file's name part of its CSV); rows follow with _add_row. */
void        jg_report_add_table       (JgReport    *self,
                                       const char  *caption,
                                       const char * const *headers,
                                       guint        n_columns);
/* A row of the last table: exactly its number of cells. */
void        jg_report_add_row         (JgReport    *self,
                                       const char * const *cells);
/* A line chart of @n points (@values in percent, NAN where not known)
 * with a dashed line at @target (NAN: none). */
void        jg_report_add_chart       (JgReport    *self,
                                       const char  *caption,
                                       const char * const *labels,
                                       const double *values,
                                       guint        n,
                                       double       target);

/* The report as an A4 PDF. */
gboolean    jg_report_write_pdf       (JgReport    *self,
                                       const char  *path,
                                       GError     **error);
/* Every table, one after another with its caption on a line of its own;
 * UTF-8 with a BOM, which Excel and WPS need to read it as UTF-8. */
gboolean    jg_report_write_csv       (JgReport    *self,
                                       const char  *path,
                                       GError     **error);
/* Every table on a sheet of its own. */
gboolean    jg_report_write_xlsx      (JgReport    *self,
                                       const char  *path,
                                       GError     **error);
/* How many characters of the last PDF written no installed font has
 * (they print as boxes): the caller tells the user. */
guint       jg_report_get_missing_glyphs (JgReport *self);
/* By the file's extension: .pdf, .csv or .xlsx. */
gboolean    jg_report_write           (JgReport    *self,
                                       const char  *path,
                                       GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (JgReport, jg_report_free)

G_END_DECLS
