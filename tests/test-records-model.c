/* test-records-model.c — the lazy records list: order, filters, paging
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "jg-record-store.h"
#include "jg-records-model-private.h"
#include "jg-test-util.h"
#include "jg-store-private.h"

static char *
make_db (const char *name)
{
  g_autofree char *dir = jg_test_make_tmpdir (name);
  char *path = g_build_filename (dir, "jianguan.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JgStore) store = jg_store_open (path, &error);

  g_assert_no_error (error);
  jg_record_store_set_department (store, "D1", &error);
  g_assert_no_error (error);
  return path;
}

static void
save (JgStore      *store,
      JgRecordKind  kind,
      const char   *number,
      const char   *date,
      const char   *party)
{
  g_autoptr(JgRecord) record = jg_record_new (kind, NULL);
  g_autoptr(GError) error = NULL;

  jg_record_set (record, "number", number);
  jg_record_set (record, jg_record_kind_date_key (kind), date);
  jg_record_set (record, "party_name", party);
  jg_record_set (record, "party_doc_type", "001");
  jg_record_set (record, "party_code", g_str_has_prefix (party, "甲") ? "91440300708461136T" : "91350100M000100Y43");
  jg_record_set (record, "catalogue_code", kind == JG_RECORD_INSPECTION ? "44000000000001" : "44000000000002");
  g_assert_true (jg_record_store_save (store, record, "alice", &error));
  g_assert_no_error (error);
}

static GStrv
numbers (GListModel *model)
{
  GStrvBuilder *builder = g_strv_builder_new ();
  GStrv result;

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);
      g_autofree char *number = NULL;
      g_object_get (item, "number", &number, NULL);
      g_strv_builder_add (builder, number);
    }
  result = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return result;
}

static void
assert_numbers (GListModel *model,
                const char *expected)
{
  g_auto(GStrv) got = numbers (model);
  g_autofree char *joined = g_strjoinv (" ", got);

  g_assert_cmpstr (joined, ==, expected);
}

static void
test_order_and_filters (void)
{
  g_autofree char *path = make_db ("filters");
  g_autoptr(JgStore) store = jg_store_open (path, NULL);
  g_autoptr(JgRecordsModel) model = NULL;
  g_autoptr(JgRecordsFilter) filter = jg_records_filter_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JgRecord) deleted = NULL;

  save (store, JG_RECORD_INSPECTION, "JC-1", "2024-03-18", "甲公司");
  save (store, JG_RECORD_INSPECTION, "JC-2", "2024-04-02", "乙公司");
  save (store, JG_RECORD_PENALTY, "CF-1", "2024-03-25", "甲公司");
  save (store, JG_RECORD_PENALTY, "CF-2", "2024-02-01", "乙公司");

  model = jg_records_model_new (path, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (model)) == JG_TYPE_RECORD_SUMMARY);
  assert_numbers (G_LIST_MODEL (model), "JC-2 CF-1 JC-1 CF-2");   /* newest first */
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (model), 4));

  {
    g_autoptr(JgRecordSummary) first = g_list_model_get_item (G_LIST_MODEL (model), 0);
    g_autofree char *date = NULL, *party = NULL, *label = NULL;
    int kind;
    g_object_get (first, "date", &date, "party-name", &party, "kind", &kind, "kind-label", &label, NULL);
    g_assert_cmpstr (date, ==, "2024-04-02");
    g_assert_cmpstr (party, ==, "乙公司");
    g_assert_cmpint (kind, ==, JG_RECORD_INSPECTION);
    g_assert_nonnull (label);
    g_assert_true (g_uuid_string_is_valid (jg_record_summary_get_uuid (first)));
  }

  filter->kind = JG_RECORD_PENALTY;
  g_assert_true (jg_records_model_reload (model, filter, &error));
  assert_numbers (G_LIST_MODEL (model), "CF-1 CF-2");

  filter->kind = -1;
  filter->month = g_strdup ("2024-03");
  g_assert_true (jg_records_model_reload (model, filter, &error));
  assert_numbers (G_LIST_MODEL (model), "CF-1 JC-1");

  g_clear_pointer (&filter->month, g_free);
  filter->text = g_strdup ("乙");
  g_assert_true (jg_records_model_reload (model, filter, &error));
  assert_numbers (G_LIST_MODEL (model), "JC-2 CF-2");

  g_free (filter->text);
  filter->text = g_strdup ("CF-");
  g_assert_true (jg_records_model_reload (model, filter, &error));
  assert_numbers (G_LIST_MODEL (model), "CF-1 CF-2");

  g_clear_pointer (&filter->text, g_free);
  filter->party_doc_type = g_strdup ("001");
  filter->party_code = g_strdup ("91440300708461136T");
  g_assert_true (jg_records_model_reload (model, filter, &error));
  assert_numbers (G_LIST_MODEL (model), "CF-1 JC-1");

  g_clear_pointer (&filter->party_doc_type, g_free);
  g_clear_pointer (&filter->party_code, g_free);
  filter->catalogue_code = g_strdup ("44000000000001");
  filter->state = JG_RECORD_STATE_DRAFT;
  g_assert_true (jg_records_model_reload (model, filter, &error));
  assert_numbers (G_LIST_MODEL (model), "JC-2 JC-1");
  filter->state = JG_RECORD_STATE_READY;
  g_assert_true (jg_records_model_reload (model, filter, &error));
  assert_numbers (G_LIST_MODEL (model), "");

  /* A deleted record leaves the list. */
  deleted = jg_record_store_find_by_number (store, JG_RECORD_INSPECTION, "D1", "JC-2", &error);
  g_assert_true (jg_record_store_delete (store, jg_record_get_uuid (deleted), "alice", &error));
  g_assert_true (jg_records_model_reload (model, NULL, &error));
  assert_numbers (G_LIST_MODEL (model), "CF-1 JC-1 CF-2");
}

#define N_ROWS 1000000

static void
fill (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JgStore) store = jg_store_open (path, &error);
  sqlite3_stmt *stmt;

  g_assert_true (jg_store_begin (store, &error));
  stmt = jg_store_prepare (store,
                           "INSERT INTO record (uuid, kind, department, state, op, number, name,"
                           " main_date, sort_date, month, catalogue_code, party_doc_type, party_code,"
                           " party_name, fields, created, modified)"
                           " VALUES (?1, 'inspection', 'D1', 'draft', 'i', ?2, '检查', ?3, ?3, substr (?3, 1, 7),"
                           " '44000000000001', '001', '91440300708461136T', '某公司', '{}', ?4, ?4)", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < N_ROWS; i++)
    {
      char uuid[40], number[24], date[12];
      /* Rows i and the date they get: 1,000,000 rows over ~2,740 days. */
      GDate d;

      g_date_clear (&d, 1);
      g_date_set_dmy (&d, 1, 1, 2018);
      g_date_add_days (&d, i / 365);
      g_snprintf (uuid, sizeof uuid, "00000000-0000-4000-8000-%012u", i);
      g_snprintf (number, sizeof number, "JC-%07u", i);
      g_snprintf (date, sizeof date, "%04u-%02u-%02u", g_date_get_year (&d), g_date_get_month (&d),
                  g_date_get_day (&d));
      sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, number, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, date, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 4, 1700000000 + i);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
      sqlite3_reset (stmt);
    }
  g_assert_true (jg_store_commit (store, &error));
}

static void
check_item (JgRecordsModel *model,
            guint           position)
{
  g_autoptr(JgRecordSummary) item = g_list_model_get_item (G_LIST_MODEL (model), position);
  g_autofree char *number = NULL;
  char expected[24];

  /* Newest first: position p holds row N-1-p (dates and times both grow). */
  g_snprintf (expected, sizeof expected, "JC-%07u", N_ROWS - 1 - position);
  g_object_get (item, "number", &number, NULL);
  g_assert_cmpstr (number, ==, expected);
  g_assert_cmpuint (jg_records_model_get_n_cached_pages (model), <=, JG_RECORDS_MODEL_MAX_PAGES);
}

static void
test_million (void)
{
  g_autofree char *path = make_db ("million");
  g_autoptr(JgRecordsModel) model = NULL;
  g_autoptr(JgRecordsFilter) filter = jg_records_filter_new ();
  g_autoptr(GError) error = NULL;

  fill (path);
  model = jg_records_model_new (path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, N_ROWS);
  g_assert_cmpuint (jg_records_model_get_n_cached_pages (model), ==, 0);

  for (guint i = 0; i < 30; i++)
    check_item (model, i);
  g_assert_cmpuint (jg_records_model_get_n_cached_pages (model), ==, 1);
  check_item (model, N_ROWS / 2);
  check_item (model, N_ROWS / 2 + JG_RECORDS_MODEL_PAGE_SIZE);
  check_item (model, N_ROWS - 1);
  check_item (model, N_ROWS - 1 - JG_RECORDS_MODEL_PAGE_SIZE);
  check_item (model, 12345);
  g_assert_cmpuint (jg_records_model_get_n_cached_pages (model), ==, JG_RECORDS_MODEL_MAX_PAGES);

  /* Scrolling through everything never holds more than a few pages. */
  for (guint i = 0; i < N_ROWS; i += 997)
    check_item (model, i);

  filter->month = g_strdup ("2020-06");
  g_assert_true (jg_records_model_reload (model, filter, &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 30 * 365);
  g_assert_cmpuint (jg_records_model_get_n_cached_pages (model), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/records-model/order-and-filters", test_order_and_filters);
  g_test_add_func ("/records-model/million", test_million);

  return g_test_run ();
}
