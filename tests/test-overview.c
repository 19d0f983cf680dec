/* test-overview.c — every figure of the Overview equals what the database holds
 *
 * A database with known records (each kind, each state, another month,
 * one without a date, one being deleted) and a known sync history; each
 * figure the Overview shows is checked against the number a person would
 * count by hand, and each record count against what the Records list and
 * the outbox see (jg_record_store_count: the one query every page shows).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "jg-record-states.h"
#include "jg-records-model.h"
#include "jg-overview-stats.h"
#include "jg-sync-history.h"
#include "jg-test-util.h"

#define MONTH "2026-12"

static const char records_sql[] =
  "INSERT INTO sub_item (code, name, action_type, status, effective_date) VALUES"
  " ('44000000000001', '食品生产检查', '0', '01', '2020-01-01'),"
  " ('44000000000002', '食品生产处罚', '1', '01', '2020-01-01');"
  "INSERT INTO record (uuid, kind, state, op, number, main_date, sort_date, month, fields,"
  "                    created, modified, deleting, holds_number) VALUES"
  /* this month: 3 inspections, 2 penalties, 1 coercion, no other action */
  " ('a', 'inspection', 'draft',    'i',  'JC-1', '2026-12-01', '2026-12-01', '2026-12', '{}', 1, 1, 0, 0),"
  " ('b', 'inspection', 'ready',    'i',  'JC-2', '2026-12-02', '2026-12-02', '2026-12', '{}', 1, 1, 0, 1),"
  " ('c', 'inspection', 'accepted', NULL, 'JC-3', '2026-12-03', '2026-12-03', '2026-12', '{}', 1, 1, 0, 1),"
  " ('d', 'penalty',    'rejected', 'i',  'CF-1', '2026-12-04', '2026-12-04', '2026-12', '{}', 1, 1, 0, 1),"
  " ('e', 'penalty',    'sending',  'u',  'CF-2', '2026-12-05', '2026-12-05', '2026-12', '{}', 1, 1, 0, 1),"
  " ('f', 'coercion',   'draft',    'i',  'QZ-1', '2026-12-06', '2026-12-06', '2026-12', '{}', 1, 1, 0, 0),"
  /* last month, this month but being deleted, and a draft without a date */
  " ('g', 'inspection', 'accepted', NULL, 'JC-4', '2026-11-30', '2026-11-30', '2026-11', '{}', 1, 1, 0, 1),"
  " ('h', 'inspection', 'accepted', 'd',  'JC-5', '2026-12-07', '2026-12-07', '2026-12', '{}', 1, 1, 1, 0),"
  " ('i', 'other',      'draft',    'i',  NULL,   NULL,         '9999',       NULL,      '{}', 1, 1, 0, 0);";

static JgStore *
open_store (void)
{
  g_autofree char *dir = jg_test_make_tmpdir ("overview");
  g_autofree char *path = g_build_filename (dir, "jianguan.db", NULL);
  g_autoptr(GError) error = NULL;
  JgStore *store = jg_store_open (path, &error);

  g_assert_no_error (error);
  jg_store_exec (store, records_sql, &error);
  g_assert_no_error (error);
  return store;
}

/* The records a list filtered by @state alone shows. */
static guint
listed (JgStore *store,
        int      state,
        int      kind)
{
  g_autoptr(JgRecordsFilter) filter = jg_records_filter_new ();
  g_autoptr(JgRecordsModel) model = NULL;
  g_autoptr(GError) error = NULL;

  filter->state = state;
  filter->kind = kind;
  model = jg_records_model_new (jg_store_get_path (store), filter, &error);
  g_assert_no_error (error);
  return g_list_model_get_n_items (G_LIST_MODEL (model));
}

static void
test_records (void)
{
  g_autoptr(JgStore) store = open_store ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JgOverviewStats) stats = jg_overview_stats_load (store, MONTH, &error);
  JgRecordCounts counts;
  guint64 queued = 0;

  g_assert_no_error (error);
  g_assert_cmpstr (stats->month, ==, MONTH);
  g_assert_cmpstr (stats->records.month, ==, MONTH);
  g_assert_cmpuint (stats->records.month_by_kind[JG_RECORD_INSPECTION], ==, 2 + 1);
  g_assert_cmpuint (stats->records.month_by_kind[JG_RECORD_PENALTY], ==, 2);
  g_assert_cmpuint (stats->records.month_by_kind[JG_RECORD_COERCION], ==, 1);
  g_assert_cmpuint (stats->records.month_by_kind[JG_RECORD_OTHER], ==, 0);

  g_assert_cmpuint (stats->records.drafts, ==, 3);
  g_assert_cmpuint (stats->records.ready, ==, 1);
  g_assert_cmpuint (stats->records.sending, ==, 1);
  g_assert_cmpuint (stats->records.accepted, ==, 2);
  g_assert_cmpuint (stats->records.rejected, ==, 1);
  g_assert_cmpuint (stats->records.deleting, ==, 1);
  /* ready, being sent, and the deletion still to send */
  g_assert_cmpuint (stats->records.pending, ==, 3);
  g_assert_cmpuint (stats->records.total, ==, 8);

  /* One truth: the counts the session gives every page are these, and
   * each state's count is what the Records list shows filtered by it. */
  g_assert_true (jg_record_store_count (store, MONTH, &counts, &error));
  g_assert_no_error (error);
  g_assert_true (jg_record_counts_equal (&counts, &stats->records));
  g_assert_cmpuint (counts.drafts, ==, listed (store, JG_RECORD_STATE_DRAFT, -1));
  g_assert_cmpuint (counts.ready, ==, listed (store, JG_RECORD_STATE_READY, -1));
  g_assert_cmpuint (counts.sending, ==, listed (store, JG_RECORD_STATE_SENDING, -1));
  g_assert_cmpuint (counts.accepted, ==, listed (store, JG_RECORD_STATE_ACCEPTED, -1));
  g_assert_cmpuint (counts.rejected, ==, listed (store, JG_RECORD_STATE_REJECTED, -1));
  g_assert_cmpuint (counts.total, ==, listed (store, -1, -1));
  for (int kind = 0; kind < JG_RECORD_N_KINDS; kind++)
    g_assert_cmpuint (counts.by_kind[kind], ==, listed (store, -1, kind));
  /* ... and "pending" is what the outbox still has to deliver: what it
   * would send now, plus what it sent without an answer yet. */
  g_assert_true (jg_record_store_count_queued (store, &queued, &error));
  g_assert_cmpuint (counts.pending, ==, queued + counts.sending);

  g_assert_cmpuint (stats->catalogue.sub_items, ==, 2);
  g_assert_false (stats->has_last_run);
  g_assert_cmpint (stats->catalogue.last_sync, ==, 0);

  /* Another month: none of this month's. */
  g_clear_pointer (&stats, jg_overview_stats_free);
  stats = jg_overview_stats_load (store, "2026-11", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stats->records.month_by_kind[JG_RECORD_INSPECTION], ==, 1);
  g_assert_cmpuint (stats->records.month_by_kind[JG_RECORD_PENALTY], ==, 0);
}

static void
test_last_sync (void)
{
  g_autoptr(JgStore) store = open_store ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JgOverviewStats) stats = NULL;
  gint64 run;

  run = jg_sync_history_begin (store, "catalogue");
  jg_sync_history_end (store, run, TRUE, 4, "Downloaded 4 changes.");
  stats = jg_overview_stats_load (store, MONTH, &error);
  g_assert_no_error (error);
  g_assert_true (stats->has_last_run);
  g_assert_true (stats->last_run_ok);
  g_assert_cmpstr (stats->last_run_message, ==, "Downloaded 4 changes.");
  g_assert_cmpint (stats->last_run_time, >, 0);
  g_assert_cmpint (stats->catalogue.last_sync, ==, stats->last_run_time);

  /* The records run that followed failed: that is how the sync ended. */
  run = jg_sync_history_begin (store, "records");
  jg_sync_history_end (store, run, FALSE, 0, "The server could not be reached.");
  g_clear_pointer (&stats, jg_overview_stats_free);
  stats = jg_overview_stats_load (store, MONTH, &error);
  g_assert_no_error (error);
  g_assert_true (stats->has_last_run);
  g_assert_false (stats->last_run_ok);
  g_assert_cmpstr (stats->last_run_message, ==, "The server could not be reached.");
}

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  JgOverviewStats **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = jg_overview_stats_load_finish (result, &error);
  g_assert_no_error (error);
}

static void
test_async (void)
{
  g_autoptr(JgStore) store = open_store ();
  g_autofree char *missing = g_build_filename (g_get_tmp_dir (), "jg-overview-none", "x.db", NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *month = jg_overview_month_of (now);
  JgOverviewStats *stats = NULL;

  /* No database yet (nothing synced or written): zeros, not an error. */
  jg_overview_stats_load_async (missing, NULL, loaded_cb, &stats);
  while (stats == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (stats->month, ==, month);
  g_assert_cmpuint (stats->records.pending + stats->records.drafts + stats->catalogue.sub_items, ==, 0);
  g_clear_pointer (&stats, jg_overview_stats_free);

  /* The page's thread reads the catalogue and the last run; the record
   * counts are the session's (read once for the window), not counted a
   * second time: a million records took seconds at each start. */
  jg_overview_stats_load_async (jg_store_get_path (store), NULL, loaded_cb, &stats);
  while (stats == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (stats->month, ==, month);
  g_assert_cmpuint (stats->catalogue.sub_items, ==, 2);
  g_assert_false (stats->has_last_run);
  g_assert_cmpuint (stats->records.total + stats->records.pending + stats->records.drafts, ==, 0);
  g_clear_pointer (&stats, jg_overview_stats_free);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  jg_test_isolate_xdg ();

  g_test_add_func ("/overview/records", test_records);
  g_test_add_func ("/overview/last-sync", test_last_sync);
  g_test_add_func ("/overview/async", test_async);

  return g_test_run ();
}
