/* test-coverage.c — the department's coverage as the Overview shows it
 *
 * The arithmetic both sides share (jg-coverage-rules.c): one decimal
 * rounded the same way, the target of a day, the gap. Then a database
 * with a small catalogue and known records: which items are the
 * department's, which are covered by accepted records in the period and
 * which only with pending ones, the to-do list, the counts by kind and
 * month, the year-to-date trend, and the server's last figure kept
 * beside them (and read back offline).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "jg-coverage.h"
#include "jg-record-store.h"
#include "jg-test-util.h"

#define DEPT "11445200006295321R"
#define OTHER "11445200774626090R"

static void
test_percent_and_gap (void)
{
  g_autoptr(GArray) rules = NULL;
  JgCoverageTarget t;

  /* 84 of 116 is 72.41…: 72.4; 1 of 8 is 12.5 exactly, and halves go up. */
  g_assert_cmpfloat (jg_coverage_percent (116, 84), ==, 72.4);
  g_assert_cmpfloat (jg_coverage_percent (8, 1), ==, 12.5);
  g_assert_cmpfloat (jg_coverage_percent (2000, 1), ==, 0.1);   /* 0.05 → 0.1 */
  g_assert_cmpfloat (jg_coverage_percent (3, 3), ==, 100.0);
  g_assert_cmpfloat (jg_coverage_percent (0, 0), ==, -1);
  /* 80% of 116 items is 92.8: 93 must be covered. */
  g_assert_cmpuint (jg_coverage_target_items (116, 80), ==, 93);
  g_assert_cmpuint (jg_coverage_gap (116, 84, 80), ==, 9);
  g_assert_cmpuint (jg_coverage_gap (116, 100, 80), ==, 0);

  g_assert_true (jg_coverage_rules_parse (JG_COVERAGE_DEFAULT_RULES, &rules));
  jg_coverage_target_for (rules, "2026-05-31", &t);
  g_assert_cmpuint (t.percent, ==, 0);
  g_assert_cmpstr (t.next_from, ==, "2026-06-01");
  g_assert_cmpuint (t.next_percent, ==, 80);
  jg_coverage_target_for (rules, "2026-06-01", &t);
  g_assert_cmpuint (t.percent, ==, 80);
  g_assert_cmpstr (t.from, ==, "2026-06-01");
  jg_coverage_target_for (rules, "2026-12-31", &t);
  g_assert_cmpuint (t.percent, ==, 100);
  g_assert_cmpstr (t.next_from, ==, "");

  g_clear_pointer (&rules, g_array_unref);
  g_assert_false (jg_coverage_rules_parse ("02-30=50", &rules));
  g_assert_false (jg_coverage_rules_parse ("06-01=101", &rules));
  g_assert_false (jg_coverage_date_is_valid ("2026-02-29"));
  g_assert_true (jg_coverage_date_is_valid ("2028-02-29"));
}

/* Four items of DEPT in use (two inspections, a penalty, an item whose
 * only entry is DEPT's delegated body), one cancelled, one of OTHER. */
static const char catalogue_sql[] =
  "INSERT INTO sub_item (code, name, action_type, status) VALUES"
  " ('44000000000001', '食品生产检查', '0', '01'),"
  " ('44000000000002', '食品销售检查', '0', '01'),"
  " ('44000000000003', '食品生产处罚', '1', '01'),"
  " ('44000000000004', '委托检查', '0', '01'),"
  " ('44000000000005', '已取消事项', '0', '02'),"
  " ('44000000000006', '环境检查', '0', '01');"
  "INSERT INTO impl_entry (code, sub_item, body_name, body_code, delegated_name) VALUES"
  " ('" DEPT "30001', '44000000000001', '揭阳市市场监督管理局', '" DEPT "', NULL),"
  " ('" DEPT "30002', '44000000000002', '揭阳市市场监督管理局', '" DEPT "', NULL),"
  " ('" DEPT "30003', '44000000000003', '揭阳市市场监督管理局', '" DEPT "', NULL),"
  " ('" DEPT "30004', '44000000000004', '揭阳市市场监督管理局', '" DEPT "', '榕城分局'),"
  " ('" DEPT "30005', '44000000000005', '揭阳市市场监督管理局', '" DEPT "', NULL),"
  " ('" OTHER "30006', '44000000000006', '揭阳市生态环境局', '" OTHER "', NULL);";

static const char records_sql[] =
  "INSERT INTO record (uuid, kind, department, state, op, main_date, sort_date, month,"
  "                    catalogue_code, fields, created, modified, deleting) VALUES"
  /* item 1: accepted in March and in November */
  " ('a', 'inspection', '" DEPT "', 'accepted', NULL, '2026-03-02', '2026-03-02', '2026-03',"
  "  '44000000000001', '{}', 1, 1, 0),"
  " ('b', 'inspection', '" DEPT "', 'accepted', NULL, '2026-11-20', '2026-11-20', '2026-11',"
  "  '44000000000001', '{}', 1, 1, 0),"
  /* item 2: ready only (pending); also a draft and a rejected one */
  " ('c', 'inspection', '" DEPT "', 'ready', 'i', '2026-10-01', '2026-10-01', '2026-10',"
  "  '44000000000002', '{}', 1, 1, 0),"
  " ('d', 'inspection', '" DEPT "', 'draft', 'i', '2026-10-02', '2026-10-02', '2026-10',"
  "  '44000000000002', '{}', 1, 1, 0),"
  " ('e', 'inspection', '" DEPT "', 'rejected', 'i', '2026-10-03', '2026-10-03', '2026-10',"
  "  '44000000000002', '{}', 1, 1, 0),"
  /* item 3: accepted last year, and accepted but being deleted */
  " ('f', 'penalty', '" DEPT "', 'accepted', NULL, '2025-12-31', '2025-12-31', '2025-12',"
  "  '44000000000003', '{}', 1, 1, 0),"
  " ('g', 'penalty', '" DEPT "', 'accepted', 'd', '2026-04-01', '2026-04-01', '2026-04',"
  "  '44000000000003', '{}', 1, 1, 1),"
  /* item 4: accepted, no main date */
  " ('h', 'inspection', '" DEPT "', 'accepted', NULL, NULL, '9999', NULL,"
  "  '44000000000004', '{}', 1, 1, 0),"
  /* the cancelled item, accepted: not an item any more */
  " ('i', 'inspection', '" DEPT "', 'accepted', NULL, '2026-05-01', '2026-05-01', '2026-05',"
  "  '44000000000005', '{}', 1, 1, 0);";

static JgStore *
open_store (void)
{
  g_autofree char *dir = jg_test_make_tmpdir ("coverage");
  g_autofree char *path = g_build_filename (dir, "jianguan.db", NULL);
  g_autoptr(GError) error = NULL;
  JgStore *store = jg_store_open (path, &error);

  g_assert_no_error (error);
  jg_store_exec (store, catalogue_sql, &error);
  g_assert_no_error (error);
  jg_store_exec (store, records_sql, &error);
  g_assert_no_error (error);
  jg_record_store_set_department (store, DEPT, &error);
  g_assert_no_error (error);
  return store;
}

static JgCoverageItem *
item (JgCoverageReport *report,
      const char       *code)
{
  for (guint i = 0; i < report->per_item->len; i++)
    {
      JgCoverageItem *it = g_ptr_array_index (report->per_item, i);

      if (g_str_equal (it->code, code))
        return it;
    }
  return NULL;
}

static void
test_report (void)
{
  g_autoptr(JgStore) store = open_store ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JgCoverageReport) report = jg_coverage_report_load (store, "2026-01-01", "2026-12-04", &error);
  g_autoptr(GPtrArray) todo = NULL;

  g_assert_no_error (error);
  /* Four items: the cancelled one and OTHER's are not DEPT's. */
  g_assert_cmpuint (report->items, ==, 4);
  g_assert_null (item (report, "44000000000005"));
  g_assert_null (item (report, "44000000000006"));
  /* Accepted in the period: item 1 only (item 3's is last year's or being
   * deleted, item 4's has no date). With pending: item 2 too. */
  g_assert_cmpuint (report->covered, ==, 1);
  g_assert_cmpuint (report->covered_with_pending, ==, 2);
  g_assert_cmpuint (item (report, "44000000000001")->accepted, ==, 2);
  g_assert_cmpuint (item (report, "44000000000002")->pending, ==, 1);
  g_assert_cmpfloat (jg_coverage_report_percent (report, FALSE), ==, 25.0);
  g_assert_cmpfloat (jg_coverage_report_percent (report, TRUE), ==, 50.0);
  /* The body of a delegated entry is the delegated body. */
  g_assert_cmpstr (item (report, "44000000000004")->body, ==, "榕城分局");
  g_assert_cmpstr (jg_coverage_item_kind_label (item (report, "44000000000003")), ==, "Penalty");
  /* December: 100%, three items to go. */
  g_assert_cmpuint (report->target.percent, ==, 100);
  g_assert_cmpuint (report->gap, ==, 3);
  todo = jg_coverage_report_uncovered (report);
  g_assert_cmpuint (todo->len, ==, 3);
  g_assert_cmpstr (((JgCoverageItem *) todo->pdata[0])->code, ==, "44000000000002");
  /* Never compared: the city counts are unknown, not zero. */
  g_assert_false (report->server.valid);
  g_assert_cmpint (item (report, "44000000000002")->city_count, ==, -1);
  g_assert_false (jg_coverage_item_none_in_city (item (report, "44000000000002")));

  /* The months end with December's; counts of accepted records by kind. */
  g_assert_cmpstr (report->months[0], ==, "2026-01");
  g_assert_cmpstr (report->months[JG_COVERAGE_TREND_MONTHS - 1], ==, "2026-12");
  g_assert_cmpuint (report->by_kind[2][JG_RECORD_INSPECTION], ==, 1);    /* March */
  g_assert_cmpuint (report->by_kind[10][JG_RECORD_INSPECTION], ==, 1);   /* November */
  g_assert_cmpuint (report->by_kind[9][JG_RECORD_INSPECTION], ==, 0);    /* October: none accepted */
  /* Year to date: nothing until March, then 1 of 4. */
  g_assert_cmpfloat (report->trend[1], ==, 0.0);
  g_assert_cmpfloat (report->trend[2], ==, 25.0);
  g_assert_cmpfloat (report->trend[11], ==, 25.0);
}

/* The server's answer kept in the database: what the Overview shows
 * offline, with the city counts and the server's own targets. */
static void
test_server_figure_kept (void)
{
  g_autoptr(JgStore) store = open_store ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JgCoverageReport) report = NULL;
  static const char answer[] =
    "INSERT INTO coverage_server (department, answer, fetched_at) VALUES ('" DEPT "',"
    " '{\"from\":\"2026-01-01\",\"to\":\"2026-12-04\",\"items\":4,\"covered\":2,\"target\":50,\"gap\":0,"
    "\"targets\":\"03-01=50\",\"per_item\":[{\"code\":\"44000000000002\",\"city_count\":0},"
    "{\"code\":\"44000000000003\",\"city_count\":7}]}', 1764835200)";

  jg_store_exec (store, answer, &error);
  g_assert_no_error (error);
  report = jg_coverage_report_load (store, "2026-01-01", "2026-12-04", &error);
  g_assert_no_error (error);
  g_assert_true (report->server.valid);
  g_assert_cmpuint (report->server.covered, ==, 2);
  g_assert_cmpint (report->server.fetched_at, ==, 1764835200);
  g_assert_cmpfloat (jg_coverage_percent (report->server.items, report->server.covered), ==, 50.0);
  g_assert_true (jg_coverage_item_none_in_city (item (report, "44000000000002")));
  g_assert_false (jg_coverage_item_none_in_city (item (report, "44000000000003")));
  g_assert_cmpint (item (report, "44000000000004")->city_count, ==, -1);
  /* The server's rules, not the plan's defaults. */
  g_assert_cmpuint (report->target.percent, ==, 50);
  g_assert_cmpuint (report->gap, ==, 1);
}

static void
test_no_department (void)
{
  g_autofree char *dir = jg_test_make_tmpdir ("coverage-none");
  g_autofree char *path = g_build_filename (dir, "jianguan.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JgStore) store = jg_store_open (path, &error);
  g_autoptr(JgCoverageReport) report = NULL;

  g_assert_no_error (error);
  report = jg_coverage_report_load (store, NULL, NULL, &error);
  g_assert_null (report);
  g_assert_error (error, JG_RECORD_STORE_ERROR, JG_RECORD_STORE_ERROR_NO_DEPARTMENT);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  jg_test_isolate_xdg ();

  g_test_add_func ("/coverage/percent-and-gap", test_percent_and_gap);
  g_test_add_func ("/coverage/report", test_report);
  g_test_add_func ("/coverage/server-figure-kept", test_server_figure_kept);
  g_test_add_func ("/coverage/no-department", test_no_department);
  return g_test_run ();
}
