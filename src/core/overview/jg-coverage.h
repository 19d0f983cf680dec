/* jg-coverage.h — where the department stands: coverage of its items
 *
 * Coverage (PROTOCOL.md, "Coverage"; help page "coverage"): for a
 * department and a period, the share of its items — the catalogue's
 * sub-items in use with an implementation entry of the department — that
 * have at least one accepted record of the department whose main date
 * (检查时间, 处罚决定日期, 开始时间) falls in the period. The server
 * computes it from what it accepted; JgCoverageReport computes the same
 * from the account's database, and also "with pending": counting the
 * records ready or being sent as if accepted. Both use
 * jg-coverage-rules.c for the percentages, the target of the day and the
 * gap.
 *
 * The report is GTK-free and complete (items, to-do list, counts by kind
 * and month, the 12-month trend, the server's last figure), so that the
 * Overview, `jianguan-cli coverage` and a monthly report read the same
 * struct. The server's figure is fetched with jg_coverage_fetch_server()
 * and kept in the account's database (table coverage_server, this file
 * its only writer), so it shows offline with the time it was fetched.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "jg-coverage-rules.h"
#include "jg-record-schema.h"
#include "jg-store.h"

G_BEGIN_DECLS

/* The months of the trend and of the counts by kind. */
#define JG_COVERAGE_TREND_MONTHS 12
/* "YYYY-MM" plus its terminator. */
#define JG_COVERAGE_MONTH_SIZE 8

typedef struct {
  char  *code;
  char  *name;
  char  *action_type;    /* "0".."3", as the catalogue says (its kind) */
  char  *body;           /* the entry's delegated body, else its implementing body */
  guint  accepted;       /* the department's accepted records in the period */
  guint  pending;        /* ready or being sent, not yet accepted */
  gint   city_count;     /* every department's, from the server's last figure; -1 unknown */
} JgCoverageItem;

/* The server's figure as last fetched. */
typedef struct {
  gboolean  valid;
  char      from[JG_COVERAGE_DATE_SIZE];
  char      to[JG_COVERAGE_DATE_SIZE];
  guint     items;
  guint     covered;
  guint     target;       /* percent, the server's rules */
  guint     gap;
  gint64    fetched_at;   /* unix seconds */
} JgCoverageServer;

typedef struct {
  char             *department;
  char              from[JG_COVERAGE_DATE_SIZE];
  char              to[JG_COVERAGE_DATE_SIZE];

  guint             items;
  guint             covered;                /* accepted */
  guint             covered_with_pending;   /* accepted, ready or being sent */
  JgCoverageTarget  target;                 /* of @to: the server's rules when known */
  char             *targets;                /* those rules, "MM-DD=N;…" (jg-coverage-rules.h) */
  guint             target_items;
  guint             gap;                    /* items still to cover, by accepted records */
  GPtrArray        *per_item;               /* of JgCoverageItem, in code order */

  /* The last JG_COVERAGE_TREND_MONTHS months up to @to's, oldest first:
   * accepted records by kind whose main date is in the month, and the
   * year-to-date coverage at the month's end (-1 with no items). */
  char              months[JG_COVERAGE_TREND_MONTHS][JG_COVERAGE_MONTH_SIZE];
  guint             by_kind[JG_COVERAGE_TREND_MONTHS][JG_RECORD_N_KINDS];
  double            trend[JG_COVERAGE_TREND_MONTHS];

  JgCoverageServer  server;
} JgCoverageReport;

void      jg_coverage_report_free        (JgCoverageReport *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (JgCoverageReport, jg_coverage_report_free)

/* The items not yet covered by accepted records, in code order (borrowed
 * from @report). */
GPtrArray *jg_coverage_report_uncovered  (JgCoverageReport *report);
/* The translated kind of @item (行政检查…), from its action type; "" when
 * the catalogue gives none. */
const char *jg_coverage_item_kind_label  (const JgCoverageItem *item);
/* Whether nobody in the city has a record of @item, as the server last
 * said (FALSE when unknown). */
gboolean  jg_coverage_item_none_in_city  (const JgCoverageItem *item);

/* covered ÷ items as jg_coverage_percent() gives it. */
double    jg_coverage_report_percent     (JgCoverageReport *report,
                                          gboolean          with_pending);

/* The report of the store's department for [@from, @to] ("YYYY-MM-DD";
 * NULL @to: today in Asia/Shanghai, NULL @from: 1 January of @to's year),
 * with the server's last figure of the department. NULL on error
 * (JG_RECORD_STORE_ERROR_NO_DEPARTMENT when the store has none). */
JgCoverageReport *jg_coverage_report_load (JgStore     *store,
                                           const char  *from,
                                           const char  *to,
                                           GError     **error);
/* The same in a thread, on a connection of its own to @db_path. */
void      jg_coverage_report_load_async  (const char          *db_path,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
JgCoverageReport *jg_coverage_report_load_finish (GAsyncResult *result,
                                                  GError      **error);

/* Asks @server_url for the store department's figure of [@from, @to]
 * (NULL: the server's defaults) and keeps its answer in the store.
 * Blocking; errors are JgHttpClient's. */
gboolean  jg_coverage_fetch_server       (JgStore       *store,
                                          const char    *server_url,
                                          const char    *ca_file,
                                          const char    *token,
                                          const char    *from,
                                          const char    *to,
                                          GCancellable  *cancellable,
                                          GError       **error);

G_END_DECLS
