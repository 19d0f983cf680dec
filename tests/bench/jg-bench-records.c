/* jg-bench-records.c — `jianguan-bench records`: the records list
 *
 *   jianguan-bench records [--records N] [--validations N]
 *
 * The records list over N records (default 1,000,000): opening the model
 * and reading the first screen, a month filter, RSS growth while scrolling
 * through every row; and the validation of one record with the store's
 * context, averaged.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "jg-bench.h"
#include "jg-record-store.h"
#include "jg-records-model.h"
#include "jg-store-private.h"
#include "jg-validate.h"

static long
current_rss_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, "VmRSS:");
  return line ? strtol (line + 6, NULL, 10) : -1;
}

/* The records list over N records (default 1,000,000): opening the model and
 * reading the first screen, a month filter, RSS growth while scrolling
 * through every row; and the validation of one record with the store's
 * context, averaged over 100,000 runs. */
int
jg_bench_records (int    argc,
               char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("— records list and validation");
  g_autoptr(GError) error = NULL;
  g_autoptr(JgStore) store = NULL;
  g_autoptr(JgRecordsModel) model = NULL;
  g_autoptr(JgRecordsFilter) filter = jg_records_filter_new ();
  g_autoptr(JgRecord) record = NULL;
  g_autofree char *work = NULL;
  g_autofree char *path = NULL;
  JgValidationContext *validation;
  sqlite3_stmt *stmt;
  int n_records = 1000000, n_validations = 100000;
  long rss_before, rss_peak = 0;
  gint64 start;
  GOptionEntry entries[] = {
    { "records", 0, 0, G_OPTION_ARG_INT, &n_records, "Records in the table", "N" },
    { "validations", 0, 0, G_OPTION_ARG_INT, &n_validations, "Validations to average", "N" },
    { NULL },
  };
  static const char * const values[] = {
    "catalogue_code", "44000000000001", "object_type", "1",
    "object_name", "揭阳某食品有限公司", "party_name", "揭阳某食品有限公司",
    "party_nature", "02", "party_doc_type", "001", "party_code", "91440300708461136T",
    "region", "445202", "impl_code", "91440300708461136T3001", "name", "日常检查",
    "number", "BENCH-1", "check_form", "01", "check_category", "01", "check_result", "01",
    "check_time", "2024-03-18", "officers", "o1;o2", NULL,
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  work = g_dir_make_tmp ("jianguan-bench-records-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (work, "jianguan.db", NULL);
  store = jg_store_open (path, &error);
  g_assert_no_error (error);
  jg_record_store_set_department (store, "D1", &error);
  g_assert_no_error (error);

  g_printerr ("Writing %d records…\n", n_records);
  jg_store_exec (store,
                 "INSERT INTO code_entry (tbl, code, name) VALUES"
                 " ('object_type', '1', '企业'), ('check_form', '01', '日常检查'),"
                 " ('check_category', '01', '现场检查'), ('check_result', '01', '未发现问题'),"
                 " ('party_nature', '02', '法人'), ('doc_type', '001', '统一社会信用代码'),"
                 " ('region', '445202', '榕城区');"
                 "INSERT INTO sub_item (code, name, action_type, status, effective_date) VALUES"
                 " ('44000000000001', '食品生产检查', '0', '01', '2020-01-01');"
                 "INSERT INTO impl_entry (code, sub_item) VALUES ('91440300708461136T3001', '44000000000001');"
                 "INSERT INTO officer (id, name, cert_no, cert_valid_from, cert_valid_to) VALUES"
                 " ('o1', '张三', '44050001', '2020-01-01', '2099-12-31'),"
                 " ('o2', '李四', '44050002', '2020-01-01', '2099-12-31');", &error);
  g_assert_no_error (error);
  jg_store_begin (store, &error);
  stmt = jg_store_prepare (store,
                           "INSERT INTO record (uuid, kind, department, state, op, number, name,"
                           " main_date, sort_date, month, catalogue_code, party_doc_type, party_code,"
                           " party_name, fields, created, modified)"
                           " VALUES (?1, 'inspection', 'D1', 'draft', 'i', ?2, '检查', ?3, ?3,"
                           " substr (?3, 1, 7), '44000000000001', '001', '91440300708461136T',"
                           " '揭阳某食品有限公司', '{}', ?4, ?4)", &error);
  g_assert_no_error (error);
  for (int i = 0; i < n_records; i++)
    {
      char uuid[40], number[24], date[12];
      GDate d;

      g_date_clear (&d, 1);
      g_date_set_dmy (&d, 1, 1, 2018);
      g_date_add_days (&d, i / 365);
      g_snprintf (uuid, sizeof uuid, "00000000-0000-4000-8000-%012d", i);
      g_snprintf (number, sizeof number, "JC-%07d", i);
      g_snprintf (date, sizeof date, "%04u-%02u-%02u", g_date_get_year (&d),
                  g_date_get_month (&d), g_date_get_day (&d));
      sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, number, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, date, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 4, 1700000000 + i);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        g_error ("insert failed: %s", sqlite3_errmsg (jg_store_get_db (store)));
      sqlite3_reset (stmt);
    }
  jg_store_commit (store, &error);
  g_assert_no_error (error);
  emit ("records_rows", n_records, "rows");

  rss_before = current_rss_kb ();
  start = g_get_monotonic_time ();
  model = jg_records_model_new (path, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 30 && i < g_list_model_get_n_items (G_LIST_MODEL (model)); i++)
    g_object_unref (g_list_model_get_item (G_LIST_MODEL (model), i));
  emit ("records_open_first_screen", seconds_since (start) * 1000, "ms");

  filter->month = g_strdup ("2020-06");
  start = g_get_monotonic_time ();
  jg_records_model_reload (model, filter, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 30 && i < g_list_model_get_n_items (G_LIST_MODEL (model)); i++)
    g_object_unref (g_list_model_get_item (G_LIST_MODEL (model), i));
  emit ("records_month_filter", seconds_since (start) * 1000, "ms");

  jg_records_model_reload (model, NULL, &error);
  g_assert_no_error (error);
  start = g_get_monotonic_time ();
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (model)); i++)
    {
      g_object_unref (g_list_model_get_item (G_LIST_MODEL (model), i));
      if (i % 65536 == 0)
        rss_peak = MAX (rss_peak, current_rss_kb ());
    }
  rss_peak = MAX (rss_peak, current_rss_kb ());
  emit ("records_scroll_all", seconds_since (start), "s");
  emit ("records_scroll_rss_growth", (rss_peak - rss_before) / 1024.0, "MiB");
  g_clear_object (&model);

  record = jg_record_new (JG_RECORD_INSPECTION, "D1");
  for (guint i = 0; values[i] != NULL; i += 2)
    jg_record_set (record, values[i], values[i + 1]);
  validation = jg_record_store_get_context (store);
  {
    g_autoptr(GPtrArray) issues = jg_validate_record (record, validation);
    emit ("records_validate_issues", issues->len, "issues");
  }
  start = g_get_monotonic_time ();
  for (int i = 0; i < n_validations; i++)
    g_ptr_array_unref (jg_validate_record (record, validation));
  emit ("records_validate_one", (g_get_monotonic_time () - start) / (double) MAX (n_validations, 1), "us");
  jg_validation_context_free (validation);

  g_clear_object (&store);
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", work);
    (void) !system (cmd);
  }
  return 0;
}
