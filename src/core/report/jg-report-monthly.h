/* jg-report-monthly.h — the department's monthly report (通报) and the
 * city's
 *
 * The report reads what the Overview shows, from the same code: the
 * coverage report (jg-coverage.c), the posts' quota count, the warnings.
 * Its three parts follow the city's 通报: 总体情况 (the figures), 存在问题
 * (the warnings and the gap, items named), 下一步 (the to-do list).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "jg-coverage.h"
#include "jg-coverage-city.h"
#include "jg-quota.h"
#include "jg-report.h"

G_BEGIN_DECLS

typedef struct {
  const char             *month;            /* "YYYY-MM" */
  const char             *department_name;  /* as the catalogue names it */
  JgCoverageReport       *coverage;         /* up to the month's end */
  JgQuotaCount            quota[JG_QUOTA_N_COLUMNS];
  JgQuotaRule             rules[JG_QUOTA_N_COLUMNS];
  GPtrArray              *warnings;         /* of JgWarning; may be NULL */
} JgReportMonthlyInput;

/* The report of @input (pure: formats, reads nothing). */
JgReport *jg_report_monthly_build     (const JgReportMonthlyInput *input);

/* The city's report: one row per department of @table. */
JgReport *jg_report_city_build        (JgCityTable *table);

/* Gathers the input from the account's database @store (the catalogue
 * cache beside it names the department) for @month ("YYYY-MM"; NULL: the
 * current month in Asia/Shanghai) at @now, then writes the report to
 * @path (.pdf, .csv or .xlsx). Blocking. @missing_glyphs (may be NULL):
 * characters of a PDF no installed font has. */
gboolean  jg_report_monthly_write     (JgStore     *store,
                                       const char  *month,
                                       gint64       now,
                                       const char  *path,
                                       guint       *missing_glyphs,
                                       GError     **error);
/* The same in a thread, on a connection of its own to @db_path. */
void      jg_report_monthly_write_async  (const char          *db_path,
                                          const char          *month,
                                          const char          *path,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
gboolean  jg_report_monthly_write_finish (GAsyncResult        *result,
                                          guint               *missing_glyphs,
                                          GError             **error);

/* "YYYY-MM" → "2026年11月" / "November 2026"; NULL when malformed. */
char     *jg_report_month_label       (const char  *month);

G_END_DECLS
