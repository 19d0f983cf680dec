/* jg-overview-stats.h — the figures of the Overview, read from the database
 *
 * Each figure is read from the account's database, so what the Overview
 * shows is what the database holds at that moment. The record counts are
 * one JgRecordCounts (jg-record-counts.h: what "pending" means, and why
 * records being deleted count in no state), the same the header shows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "jg-catalogue.h"
#include "jg-record-counts.h"
#include "jg-store.h"

G_BEGIN_DECLS

typedef struct {
  char             *month;                    /* "YYYY-MM" the month counts are of */
  JgRecordCounts    records;                  /* month_by_kind is of @month */
  gboolean          has_last_run;
  gint64            last_run_time;            /* unix time it finished (started while running) */
  gboolean          last_run_ok;
  char             *last_run_message;         /* may be NULL */
  JgCatalogueStats  catalogue;
} JgOverviewStats;

void      jg_overview_stats_free  (JgOverviewStats *stats);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (JgOverviewStats, jg_overview_stats_free)

/* The month @now falls in, as records store it ("2026-12"). */
char     *jg_overview_month_of    (GDateTime       *now);

/* Reads every figure from @store for @month ("YYYY-MM"); NULL on error. */
JgOverviewStats *jg_overview_stats_load (JgStore    *store,
                                         const char *month,
                                         GError    **error);

/* The same in a thread over a connection of its own to @db_path, for the
 * current local month, but for the record counts: @records stays all
 * zeros, since the Overview shows the session's counts
 * (jg_session_get_record_counts), read once for the whole window. A
 * missing database (before anything was synced or written) gives all
 * zeros, not an error. */
void      jg_overview_stats_load_async  (const char          *db_path,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
JgOverviewStats *jg_overview_stats_load_finish (GAsyncResult *result,
                                                GError      **error);

G_END_DECLS
