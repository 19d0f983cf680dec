/* jg-import-report.h — an import's report in a list, in three groups
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Gives @view the rows of a report: a heading per group, then its lines. */
void jg_import_report_setup (GtkListView *view);
/* Shows @problems (JgImportProblem) in @view: errors (rows not imported),
 * warnings, notices, each group under its heading with its count, each
 * line with row, column, value and message. */
void jg_import_report_show  (GtkListView *view,
                             GPtrArray   *problems);

G_END_DECLS
