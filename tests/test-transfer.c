/* test-transfer.c — legacy data: templates, import, report, export
 *
 * The demo catalogue and roster are downloaded once from a real
 * jianguan-server --demo; each test then works on a fresh copy of that
 * account database, with a department of the demo catalogue chosen.
 * One file for every transfer test because they share that fixture (a
 * server run and a catalogue sync); hence its length.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "jg-account.h"
#include "jg-id-check.h"
#include "jg-catalogue-sync.h"
#include "jg-outbox.h"
#include "jg-paths.h"
#include "jg-record-imports.h"
#include "jg-record-store.h"
#include "jg-test-util.h"
#include "jg-transfer.h"
#include "jg-store-private.h"

static char *pristine_db;     /* the synced catalogue, no records */
static char *server_url;      /* of the server it was synced from */
static char *department;
static char *item_code;       /* an inspection item in force */
static char *impl_code;       /* of that item */
static char *officers;        /* "id;id": two officers with valid certificates */
static char *certificates;    /* "cert;cert": their certificate numbers */
static const char *check_date = "2025-07-01";

static char *
tmp_path (const char *name)
{
  g_autofree char *dir = jg_test_make_tmpdir ("transfer");
  return g_build_filename (dir, name, NULL);
}

/* A new account of the synced server, department chosen: it shares the
 * server's catalogue cache and has no records yet. */
static JgStore *
fresh_store (void)
{
  static guint accounts;
  g_autoptr(GError) error = NULL;
  g_autofree char *user = g_strdup_printf ("fresh%u", ++accounts);
  g_autofree char *path = jg_paths_database_for_server (server_url, user, &error);
  JgStore *store;

  g_assert_no_error (error);
  store = jg_store_open (path, &error);
  g_assert_no_error (error);
  jg_record_store_set_department (store, department, &error);
  g_assert_no_error (error);
  return store;
}

static guint
count_query (JgStore    *store,
             const char *sql)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = jg_store_prepare (store, sql, &error);
  guint n;

  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

static guint
count_records (JgStore *store)
{
  return count_query (store, "SELECT count(*) FROM record");
}

/* A valid inspection row as key → value. */
static GHashTable *
good_row (const char *number)
{
  GHashTable *row = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);

  g_hash_table_insert (row, "catalogue_code", g_strdup (item_code));
  g_hash_table_insert (row, "object_type", g_strdup ("1"));
  g_hash_table_insert (row, "object_name", g_strdup ("榕城区某食品店"));
  g_hash_table_insert (row, "party_name", g_strdup ("揭阳市某某食品有限公司"));
  g_hash_table_insert (row, "party_nature", g_strdup ("02"));
  g_hash_table_insert (row, "party_doc_type", g_strdup ("001"));
  g_hash_table_insert (row, "party_code", g_strdup ("91440300708461136T"));
  g_hash_table_insert (row, "business_address", g_strdup ("揭阳市榕城区进贤门大道1号, 2楼 \"东\"铺"));
  g_hash_table_insert (row, "region", g_strdup ("445202"));
  g_hash_table_insert (row, "impl_code", g_strdup (impl_code));
  g_hash_table_insert (row, "name", g_strdup ("食品经营日常监督检查"));
  g_hash_table_insert (row, "number", g_strdup (number));
  g_hash_table_insert (row, "check_form", g_strdup ("01"));
  g_hash_table_insert (row, "check_category", g_strdup ("01"));
  g_hash_table_insert (row, "check_result", g_strdup ("01"));
  g_hash_table_insert (row, "check_time", g_strdup (check_date));
  g_hash_table_insert (row, "officers", g_strdup (officers));
  return row;
}

static void
append_cell (GString    *out,
             const char *cell)
{
  g_string_append_c (out, '"');
  for (const char *p = cell ? cell : ""; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static void
append_header (GString *out)
{
  guint n;
  const JgFieldSpec *fields = jg_record_fields (JG_RECORD_INSPECTION, &n);

  for (guint i = 0; i < n; i++)
    {
      if (i)
        g_string_append_c (out, ',');
      append_cell (out, fields[i].header);
    }
  g_string_append (out, "\r\n");
}

static void
append_row (GString    *out,
            GHashTable *row)
{
  guint n;
  const JgFieldSpec *fields = jg_record_fields (JG_RECORD_INSPECTION, &n);

  for (guint i = 0; i < n; i++)
    {
      if (i)
        g_string_append_c (out, ',');
      append_cell (out, g_hash_table_lookup (row, fields[i].key));
    }
  g_string_append (out, "\r\n");
  g_hash_table_unref (row);
}

static char *
write_file (const char *name,
            const char *data,
            gssize      length)
{
  g_autoptr(GError) error = NULL;
  char *path = tmp_path (name);

  g_file_set_contents (path, data, length, &error);
  g_assert_no_error (error);
  return path;
}

static GHashTable *
with (GHashTable *row,
      const char *key,
      const char *value)
{
  g_hash_table_insert (row, (gpointer) key, g_strdup (value));
  return row;
}

static GPtrArray *
new_problems (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) jg_import_problem_free);
}

/* --- templates --------------------------------------------------------------- */

static void
test_template_csv (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JgStore) store = fresh_store ();
  g_autofree char *path = tmp_path ("inspection.csv");
  g_autofree char *bare_path = tmp_path ("bare.csv");
  g_autofree char *contents = NULL;
  g_autoptr(GString) header = g_string_new ("\xEF\xBB\xBF");
  g_auto(GStrv) lines = NULL;
  JgImportResult result;

  jg_transfer_write_template_with_codes (store, JG_RECORD_INSPECTION, path, &error);
  g_assert_no_error (error);
  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);

  append_header (header);
  g_assert_true (g_str_has_prefix (contents, header->str));
  lines = g_strsplit (contents, "\r\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 3);   /* headers, notes, "" */
  g_assert_nonnull (strstr (lines[1], "\"说明：必填；监管事项目录编码（14位数字）\""));
  g_assert_nonnull (strstr (lines[1], "\"说明：必填；代码：01 日常检查；02 专项检查；99 其他\""));
  g_assert_nonnull (strstr (lines[1], "\"说明：必填；日期，格式 YYYY-MM-DD\""));
  g_assert_nonnull (strstr (lines[1], "\"说明：必填；执法人员编号，以分号分隔；最多 1000 字\""));
  g_assert_nonnull (strstr (lines[1], "\"说明：选填；最多 200 字\""));

  /* Without a catalogue the notes name the code table. */
  jg_transfer_write_template (JG_RECORD_INSPECTION, bare_path, &error);
  g_assert_no_error (error);
  g_clear_pointer (&contents, g_free);
  g_file_get_contents (bare_path, &contents, NULL, &error);
  g_assert_nonnull (strstr (contents, "\"说明：必填；填代码表“check_form”中的代码\""));

  /* An empty template imports as nothing, not as an error. */
  jg_transfer_import (store, path, NULL, &result, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result.imported + result.rejected + result.duplicates, ==, 0);
}

static void
test_template_xlsx (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JgStore) store = fresh_store ();
  g_autofree char *path = tmp_path ("penalty.xlsx");
  JgImportResult result;

  jg_transfer_write_template_with_codes (store, JG_RECORD_PENALTY, path, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  /* Our reader recognises the headers of the first sheet. */
  jg_transfer_import (store, path, NULL, &result, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result.imported + result.rejected, ==, 0);
}

/* --- import and report ------------------------------------------------------- */

static char *
mixed_file (void)
{
  g_autoptr(GString) csv = g_string_new ("\xEF\xBB\xBF");
  g_autofree char *notes_path = tmp_path ("notes.csv");
  g_autofree char *notes = NULL;
  g_auto(GStrv) lines = NULL;

  /* The template's notes row, as a user would keep it. */
  jg_transfer_write_template (JG_RECORD_INSPECTION, notes_path, NULL);
  g_file_get_contents (notes_path, &notes, NULL, NULL);
  lines = g_strsplit (notes, "\r\n", -1);

  append_header (csv);
  g_string_append_printf (csv, "%s\r\n", lines[1]);                              /* row 2 */
  append_row (csv, good_row ("JC-IMPORT-0001"));                                 /* row 3 */
  append_row (csv, with (good_row ("JC-IMPORT-0002"), "check_form", "07"));      /* row 4 */
  append_row (csv, good_row ("JC-IMPORT-0003"));                                 /* row 5 */
  append_row (csv, with (with (good_row ("JC-IMPORT-0004"), "name", NULL),
                         "check_time", "2025-02-30"));                           /* row 6 */
  append_row (csv, good_row ("JC-IMPORT-0001"));                                 /* row 7: repeated */
  g_string_append (csv, "\"a\",\"b\"\r\n");                                      /* row 8: short */
  return write_file ("mixed.csv", csv->str, csv->len);
}

static void
test_import_report (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JgStore) store = fresh_store ();
  g_autoptr(GPtrArray) problems = new_problems ();
  g_autofree char *path = mixed_file ();
  g_autofree char *report_path = tmp_path ("report.csv");
  g_autofree char *report = NULL;
  g_autoptr(JgRecord) record = NULL;
  JgImportProblem *p;
  JgImportResult result;

  g_assert_true (jg_transfer_import (store, path, report_path, &result, problems, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result.imported, ==, 2);
  g_assert_cmpuint (result.duplicates, ==, 1);
  g_assert_cmpuint (result.rejected, ==, 3);
  g_assert_cmpuint (count_records (store), ==, 2);

  g_assert_cmpuint (problems->len, ==, 5);
  p = problems->pdata[0];
  g_assert_cmpuint (p->row, ==, 4);
  g_assert_cmpstr (p->column, ==, "检查形式");
  g_assert_cmpstr (p->value, ==, "07");
  g_assert_cmpstr (p->reason, ==, "“07” is not a code of the list for “Inspection form”. Choose a value from the list.");
  p = problems->pdata[1];
  g_assert_cmpuint (p->row, ==, 6);
  g_assert_cmpstr (p->column, ==, "检查行为名称");
  g_assert_null (p->value);
  g_assert_cmpstr (p->reason, ==, "“Inspection name” is required. Fill it in.");
  p = problems->pdata[2];
  g_assert_cmpuint (p->row, ==, 6);
  g_assert_cmpstr (p->column, ==, "检查时间");
  g_assert_cmpstr (p->value, ==, "2025-02-30");
  /* The repeated row is a notice that names the first. */
  p = problems->pdata[3];
  g_assert_cmpuint (p->row, ==, 7);
  g_assert_cmpint (p->kind, ==, JG_IMPORT_PROBLEM_NOTICE);
  g_assert_cmpstr (p->column, ==, "检查行为编号");
  g_assert_cmpstr (p->value, ==, "JC-IMPORT-0001");
  g_assert_cmpstr (p->reason, ==, "The same record as row 3: not imported again.");
  p = problems->pdata[4];
  g_assert_cmpuint (p->row, ==, 8);
  g_assert_null (p->column);
  g_assert_nonnull (strstr (p->reason, "only 2 cells"));

  g_file_get_contents (report_path, &report, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (report, "\xEF\xBB\xBF\"行号\",\"列\",\"值\",\"原因\",\"类别\"\r\n"
                                           "\"4\",\"检查形式\",\"07\",\"“07” is not a code"));
  g_assert_nonnull (strstr (report, "\r\n\"6\",\"检查行为名称\",\"\",\"“Inspection name” is required. Fill it in.\",\"错误\"\r\n"));
  g_assert_nonnull (strstr (report, "\r\n\"7\",\"检查行为编号\",\"JC-IMPORT-0001\",\"The same record as row 3: not imported again.\",\"提示\"\r\n"));
  g_assert_nonnull (strstr (report, "\r\n\"8\",\"\",\"\",\"The row has only 2 cells"));

  /* Imported rows are ready records of the account's department, as written. */
  record = jg_record_store_find_by_number (store, JG_RECORD_INSPECTION, department, "JC-IMPORT-0003", &error);
  g_assert_no_error (error);
  g_assert_nonnull (record);
  g_assert_cmpint (jg_record_get_state (record), ==, JG_RECORD_STATE_READY);
  g_assert_cmpstr (jg_record_get_department (record), ==, department);
  g_assert_cmpstr (jg_record_get (record, "business_address"), ==, "揭阳市榕城区进贤门大道1号, 2楼 \"东\"铺");
  g_assert_cmpstr (jg_record_get (record, "officers"), ==, officers);
  g_assert_null (jg_record_get (record, "plan_id"));
}

static void
test_import_twice (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JgStore) store = fresh_store ();
  g_autofree char *path = mixed_file ();
  JgImportResult result;

  jg_transfer_import (store, path, NULL, &result, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result.imported, ==, 2);
  jg_transfer_import (store, path, NULL, &result, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result.imported, ==, 0);
  g_assert_cmpuint (result.duplicates, ==, 3);
  g_assert_cmpuint (result.rejected, ==, 3);
  g_assert_cmpuint (count_records (store), ==, 2);
}

static void
test_gb18030 (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JgStore) store = fresh_store ();
  g_autoptr(GString) csv = g_string_new (NULL);
  g_autofree char *gb = NULL;
  g_autofree char *path = NULL;
  g_autoptr(JgRecord) record = NULL;
  gsize length;
  JgImportResult result;

  append_header (csv);
  append_row (csv, good_row ("JC-GB-0001"));
  gb = g_convert (csv->str, csv->len, "GB18030", "UTF-8", NULL, &length, &error);
  g_assert_no_error (error);
  g_assert_false (g_utf8_validate (gb, length, NULL));
  path = write_file ("gb.csv", gb, length);

  jg_transfer_import (store, path, NULL, &result, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result.imported, ==, 1);
  record = jg_record_store_find_by_number (store, JG_RECORD_INSPECTION, department, "JC-GB-0001", &error);
  g_assert_nonnull (record);
  g_assert_cmpstr (jg_record_get (record, "party_name"), ==, "揭阳市某某食品有限公司");
}

/* --- export and round trip ----------------------------------------------------- */

static void
round_trip (const char *extension)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JgStore) store = fresh_store ();
  g_autoptr(JgStore) other = fresh_store ();
  g_autoptr(GString) csv = g_string_new (NULL);
  g_autofree char *path = NULL;
  g_autofree char *name = g_strconcat ("export.", extension, NULL);
  g_autofree char *export_path = tmp_path (name);
  guint n_fields;
  const JgFieldSpec *fields = jg_record_fields (JG_RECORD_INSPECTION, &n_fields);
  JgImportResult result;
  guint written;

  append_header (csv);
  append_row (csv, good_row ("JC-RT-0001"));
  append_row (csv, with (with (good_row ("JC-RT-0002"), "check_time", "2025-06-30"),
                         "registered_address", "第一行\n第二行，“引号”"));
  append_row (csv, with (good_row ("JC-RT-0003"), "check_time", "2025-07-02"));
  path = write_file ("source.csv", csv->str, csv->len);
  jg_transfer_import (store, path, NULL, &result, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result.imported, ==, 3);

  /* The range keeps the first two. */
  jg_transfer_export (store, JG_RECORD_INSPECTION, "2025-06-30", check_date, export_path, &written, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (written, ==, 2);

  /* Into the same account: all duplicates. */
  jg_transfer_import (store, export_path, NULL, &result, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result.imported, ==, 0);
  g_assert_cmpuint (result.duplicates, ==, 2);
  g_assert_cmpuint (result.rejected, ==, 0);

  /* Into an empty account: the same records, field by field. */
  jg_transfer_import (other, export_path, NULL, &result, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result.imported, ==, 2);
  for (guint i = 1; i <= 2; i++)
    {
      g_autofree char *number = g_strdup_printf ("JC-RT-%04u", i);
      g_autoptr(JgRecord) a = jg_record_store_find_by_number (store, JG_RECORD_INSPECTION, department, number, &error);
      g_autoptr(JgRecord) b = jg_record_store_find_by_number (other, JG_RECORD_INSPECTION, department, number, &error);

      g_assert_nonnull (a);
      g_assert_nonnull (b);
      for (guint f = 0; f < n_fields; f++)
        g_assert_cmpstr (jg_record_get (a, fields[f].key), ==, jg_record_get (b, fields[f].key));
      g_assert_cmpint (jg_record_get_state (b), ==, JG_RECORD_STATE_READY);
    }
}

static void
test_round_trip_csv (void)
{
  round_trip ("csv");
}

static void
test_round_trip_xlsx (void)
{
  round_trip ("xlsx");
}

/* --- malformed files --------------------------------------------------------------- */

static void
assert_refused (const char *name,
                const char *data,
                gssize      length,
                int         code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JgStore) store = fresh_store ();
  g_autoptr(GPtrArray) problems = new_problems ();
  g_autofree char *path = write_file (name, data, length);
  JgImportResult result = { 7, 7, 7 };

  g_assert_false (jg_transfer_import (store, path, NULL, &result, problems, NULL, &error));
  g_assert_error (error, JG_TRANSFER_ERROR, code);
  g_assert_cmpuint (result.imported, ==, 0);
  g_assert_cmpuint (count_records (store), ==, 0);
  g_test_message ("%s: %s", name, error->message);
}

static void
test_malformed (void)
{
  static const char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0";
  g_autoptr(GString) good = g_string_new (NULL);
  g_autoptr(GString) csv = NULL;
  g_autofree char *header = NULL;

  append_header (good);
  append_row (good, good_row ("JC-BAD-0001"));

  assert_refused ("empty.csv", "", 0, JG_TRANSFER_ERROR_UNREADABLE);
  assert_refused ("bom-only.csv", "\xEF\xBB\xBF\r\n", -1, JG_TRANSFER_ERROR_UNREADABLE);
  assert_refused ("image.csv", png, sizeof png - 1, JG_TRANSFER_ERROR_UNREADABLE);
  assert_refused ("picture.xlsx", png, sizeof png - 1, JG_TRANSFER_ERROR_UNREADABLE);
  assert_refused ("data.txt", good->str, good->len, JG_TRANSFER_ERROR_FORMAT);

  /* A good row, then a NUL byte: nothing of the file is imported. */
  csv = g_string_new_len (good->str, good->len);
  g_string_append_len (csv, "\"x\0y\"\r\n", 7);
  assert_refused ("nul.csv", csv->str, csv->len, JG_TRANSFER_ERROR_UNREADABLE);

  /* Neither UTF-8 nor GB18030 (0xFF is in neither). */
  g_string_assign (csv, good->str);
  g_string_append (csv, "\"\xff\xfe\xff\"\r\n");
  assert_refused ("latin.csv", csv->str, csv->len, JG_TRANSFER_ERROR_ENCODING);

  /* A good row, then a quote left open: the whole file is refused. */
  g_string_assign (csv, good->str);
  g_string_append (csv, "\"JC\"x,\"open\r\n");
  assert_refused ("quote.csv", csv->str, csv->len, JG_TRANSFER_ERROR_UNREADABLE);
  g_string_assign (csv, good->str);
  g_string_append (csv, "\"never closed\r\n");
  assert_refused ("unclosed.csv", csv->str, csv->len, JG_TRANSFER_ERROR_UNREADABLE);

  /* Headers: one missing, one unknown, one repeated. */
  header = g_strndup (good->str, strchr (good->str, '\n') - good->str + 1);
  g_string_assign (csv, header);
  g_string_replace (csv, "\"检查结果\",", "", 1);
  assert_refused ("missing.csv", csv->str, csv->len, JG_TRANSFER_ERROR_LAYOUT);
  g_string_assign (csv, header);
  g_string_replace (csv, "\r\n", ",\"备注\"\r\n", 1);
  assert_refused ("unknown.csv", csv->str, csv->len, JG_TRANSFER_ERROR_LAYOUT);
  g_string_assign (csv, header);
  g_string_replace (csv, "\r\n", ",\"检查结果\"\r\n", 1);
  assert_refused ("repeated.csv", csv->str, csv->len, JG_TRANSFER_ERROR_LAYOUT);
  assert_refused ("garbage.csv", "hello,world\r\n1,2\r\n", -1, JG_TRANSFER_ERROR_LAYOUT);
}

static void
test_malformed_rows (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JgStore) store = fresh_store ();
  g_autoptr(GPtrArray) problems = new_problems ();
  g_autoptr(GString) csv = g_string_new (NULL);
  g_autofree char *huge = g_malloc (10 * 1024 * 1024 + 1);
  g_autofree char *path = NULL;
  JgImportProblem *p;
  JgImportResult result;

  memset (huge, 'x', 10 * 1024 * 1024);
  huge[10 * 1024 * 1024] = '\0';
  append_header (csv);
  append_row (csv, with (good_row ("JC-ROW-0001"), "name", huge));   /* row 2 */
  append_row (csv, good_row ("JC-ROW-0002"));
  g_string_truncate (csv, csv->len - 2);
  g_string_append (csv, ",\"extra\"\r\n");                           /* row 3 */
  append_row (csv, good_row ("JC-ROW-0003"));
  g_string_truncate (csv, csv->len - 2);
  g_string_append (csv, ",,\r\n");                                   /* row 4: empty extras are fine */
  path = write_file ("rows.csv", csv->str, csv->len);

  g_assert_true (jg_transfer_import (store, path, NULL, &result, problems, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result.imported, ==, 1);
  g_assert_cmpuint (result.rejected, ==, 2);
  p = problems->pdata[0];
  g_assert_cmpuint (p->row, ==, 2);
  g_assert_cmpstr (p->column, ==, "检查行为名称");
  g_assert_cmpuint (g_utf8_strlen (p->value, -1), <=, 201);
  g_assert_nonnull (strstr (p->reason, "at most 200"));
  p = problems->pdata[1];
  g_assert_cmpuint (p->row, ==, 3);
  g_assert_null (p->column);
  g_assert_cmpstr (p->reason, ==, "The row has 28 cells but the file has 27 columns.");
}

static void
test_no_department (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JgStore) store = NULL;
  g_autofree char *path = tmp_path ("account.db");
  g_autofree char *csv_path = NULL;
  g_autoptr(GString) csv = g_string_new (NULL);
  JgImportResult result;

  store = jg_store_open (path, &error);
  g_assert_no_error (error);
  append_header (csv);
  append_row (csv, good_row ("JC-ND-0001"));
  csv_path = write_file ("nodept.csv", csv->str, csv->len);
  g_assert_false (jg_transfer_import (store, csv_path, NULL, &result, NULL, NULL, &error));
  g_assert_error (error, JG_TRANSFER_ERROR, JG_TRANSFER_ERROR_NO_DEPARTMENT);
}

/* --- check, drafts, undo -------------------------------------------------------- */

static void
import_rows (JgStore       *store,
             const char    *name,
             GHashTable    *first,
             ...)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) csv = g_string_new (NULL);
  g_autofree char *path = NULL;
  JgImportResult result;
  va_list args;

  append_header (csv);
  va_start (args, first);
  for (GHashTable *row = first; row != NULL; row = va_arg (args, GHashTable *))
    append_row (csv, row);
  va_end (args);
  path = write_file (name, csv->str, csv->len);
  g_assert_true (jg_transfer_import (store, path, NULL, &result, NULL, NULL, &error));
  g_assert_no_error (error);
}

/* New, duplicate, conflicting, rejected and warned-about rows. */
static char *
check_file (void)
{
  g_autoptr(GString) csv = g_string_new (NULL);

  append_header (csv);
  append_row (csv, good_row ("JC-CHECK-0010"));                                     /* row 2: new */
  append_row (csv, good_row ("JC-CHECK-0001"));                                     /* row 3: duplicate */
  append_row (csv, with (good_row ("JC-CHECK-0002"), "object_name", "另一家店"));    /* row 4: conflict */
  append_row (csv, with (good_row ("JC-CHECK-0011"), "check_form", "07"));          /* row 5: rejected */
  append_row (csv, with (good_row ("JC-CHECK-0012"), "party_nature", "01"));        /* row 6: new, warning */
  append_row (csv, with (good_row ("JC-CHECK-0010"), "object_name", "第三家店"));    /* row 7: conflicts with row 2 */
  append_row (csv, good_row ("JC-CHECK-0010"));                                     /* row 8: duplicate of row 2 */
  return write_file ("check.csv", csv->str, csv->len);
}

static const JgImportProblem *
find_problem (GPtrArray *problems,
              guint      row)
{
  for (guint i = 0; i < problems->len; i++)
    {
      const JgImportProblem *problem = problems->pdata[i];
      if (problem->row == row)
        return problem;
    }
  return NULL;
}

static void
assert_check_counts (const JgImportResult *result,
                     GPtrArray            *problems)
{
  const JgImportProblem *p;

  g_assert_cmpuint (result->imported, ==, 2);
  g_assert_cmpuint (result->duplicates, ==, 2);
  g_assert_cmpuint (result->conflicts, ==, 2);
  g_assert_cmpuint (result->rejected, ==, 1);
  g_assert_cmpuint (result->warnings, >=, 1);

  p = find_problem (problems, 4);
  g_assert_nonnull (p);
  g_assert_cmpint (p->kind, ==, JG_IMPORT_PROBLEM_CONFLICT);
  g_assert_cmpstr (p->value, ==, "JC-CHECK-0002");
  g_assert_nonnull (strstr (p->reason, "is stored already, with other content"));
  p = find_problem (problems, 5);
  g_assert_nonnull (p);
  g_assert_cmpint (p->kind, ==, JG_IMPORT_PROBLEM_ERROR);
  p = find_problem (problems, 6);
  g_assert_nonnull (p);
  g_assert_cmpint (p->kind, ==, JG_IMPORT_PROBLEM_WARNING);
  g_assert_nonnull (strstr (p->reason, "citizen"));
  p = find_problem (problems, 7);
  g_assert_nonnull (p);
  g_assert_cmpint (p->kind, ==, JG_IMPORT_PROBLEM_CONFLICT);
  g_assert_nonnull (strstr (p->reason, "Row 2 has the number “JC-CHECK-0010” already"));
  g_assert_null (find_problem (problems, 2));
  /* Duplicates are notices: of the stored record, of row 2. */
  p = find_problem (problems, 3);
  g_assert_nonnull (p);
  g_assert_cmpint (p->kind, ==, JG_IMPORT_PROBLEM_NOTICE);
  g_assert_nonnull (strstr (p->reason, "stored already with the same content"));
  p = find_problem (problems, 8);
  g_assert_nonnull (p);
  g_assert_cmpint (p->kind, ==, JG_IMPORT_PROBLEM_NOTICE);
  g_assert_cmpstr (p->reason, ==, "The same record as row 2: not imported again.");
}

static void
test_check_writes_nothing (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JgStore) store = fresh_store ();
  g_autoptr(GPtrArray) problems = new_problems ();
  g_autoptr(GPtrArray) imported_problems = new_problems ();
  g_autofree char *path = check_file ();
  g_autofree char *report_path = tmp_path ("check-report.csv");
  g_autofree char *report = NULL;
  JgImportResult result, imported;
  int changes;

  import_rows (store, "before.csv", good_row ("JC-CHECK-0001"), good_row ("JC-CHECK-0002"), NULL);
  g_assert_cmpuint (count_records (store), ==, 2);

  changes = sqlite3_total_changes (jg_store_get_db (store));
  g_assert_true (jg_transfer_check (store, path, report_path, &result, problems, NULL, &error));
  g_assert_no_error (error);
  /* Nothing written: no row of any table changed. */
  g_assert_cmpint (sqlite3_total_changes (jg_store_get_db (store)), ==, changes);
  g_assert_cmpuint (count_records (store), ==, 2);
  g_assert_cmpint (result.batch, ==, 0);
  assert_check_counts (&result, problems);

  /* The report says which rows were imported all the same. */
  g_file_get_contents (report_path, &report, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (report, "\"6\",\"行政相对人证件类型\""));
  g_assert_nonnull (strstr (report, "Imported, with a warning: "));

  /* The import then does what the check said. */
  g_assert_true (jg_transfer_import (store, path, NULL, &imported, imported_problems, NULL, &error));
  g_assert_no_error (error);
  assert_check_counts (&imported, imported_problems);
  g_assert_cmpuint (imported_problems->len, ==, problems->len);
  g_assert_cmpint (imported.batch, >, 0);
  g_assert_cmpuint (count_records (store), ==, 4);
}

static void
test_import_as_drafts (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JgStore) store = fresh_store ();
  g_autoptr(GString) csv = g_string_new (NULL);
  g_autofree char *path = NULL;
  g_autoptr(JgRecord) draft = NULL;
  g_autoptr(JgRecord) ready = NULL;
  JgImportResult result;

  append_header (csv);
  append_row (csv, good_row ("JC-DRAFT-0001"));
  path = write_file ("drafts.csv", csv->str, csv->len);
  g_assert_true (jg_transfer_import_as (store, path, JG_RECORD_STATE_DRAFT, NULL, &result, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result.imported, ==, 1);
  draft = jg_record_store_find_by_number (store, JG_RECORD_INSPECTION, department, "JC-DRAFT-0001", &error);
  g_assert_nonnull (draft);
  g_assert_cmpint (jg_record_get_state (draft), ==, JG_RECORD_STATE_DRAFT);
  /* Drafts are not sent: nothing waits in the outbox. */
  g_assert_cmpuint (count_query (store, "SELECT count(*) FROM record WHERE state = 'ready'"), ==, 0);

  import_rows (store, "ready.csv", good_row ("JC-READY-0001"), NULL);
  ready = jg_record_store_find_by_number (store, JG_RECORD_INSPECTION, department, "JC-READY-0001", &error);
  g_assert_nonnull (ready);
  g_assert_cmpint (jg_record_get_state (ready), ==, JG_RECORD_STATE_READY);
}

static void
test_undo_before_sync (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JgStore) store = fresh_store ();
  g_auto(JgImportBatch) batch = { 0 };
  g_autoptr(JgRecord) first = NULL;
  guint removed = 0;

  import_rows (store, "first.csv", good_row ("JC-UNDO-0001"), NULL);
  import_rows (store, "second.csv", good_row ("JC-UNDO-0002"), good_row ("JC-UNDO-0003"), NULL);
  g_assert_cmpuint (count_records (store), ==, 3);

  g_assert_true (jg_record_imports_get_last (store, &batch, &error));
  g_assert_cmpstr (batch.file, ==, "second.csv");
  g_assert_cmpuint (batch.n_records, ==, 2);
  g_assert_cmpuint (batch.n_sent, ==, 0);

  /* Only the last import goes, in one step; the first one stays. */
  g_assert_true (jg_record_imports_undo_last (store, "tester", &removed, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (removed, ==, 2);
  g_assert_cmpuint (count_records (store), ==, 1);
  g_assert_null (jg_record_store_find_by_number (store, JG_RECORD_INSPECTION, department, "JC-UNDO-0002", NULL));
  first = jg_record_store_find_by_number (store, JG_RECORD_INSPECTION, department, "JC-UNDO-0001", NULL);
  g_assert_nonnull (first);

  /* Twice is refused with a reason. */
  g_assert_false (jg_record_imports_undo_last (store, "tester", &removed, &error));
  g_assert_error (error, JG_RECORD_IMPORTS_ERROR, JG_RECORD_IMPORTS_ERROR_NOTHING);
  g_assert_cmpuint (count_records (store), ==, 1);
}

static void
test_undo_after_sync (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *server_dir = jg_test_make_tmpdir ("undo-server");
  const char *demo[] = { "--demo", NULL };
  JgTestServer *server = jg_test_server_start (server_dir, demo);
  g_autoptr(JgAccount) account = jg_account_new (server->url, "rc-admin");
  g_autoptr(JgCatalogueSync) sync = NULL;
  g_autoptr(JgOutbox) outbox = NULL;
  g_autoptr(JgStore) store = NULL;
  g_autofree char *token = NULL;
  g_autofree char *db_path = NULL;
  JgOutboxResult pushed;
  guint removed = 0;

  jg_account_login (account, "Jianguan-Demo-2026", NULL, &error);
  g_assert_no_error (error);
  token = jg_account_get_token (account, &error);
  g_assert_no_error (error);
  db_path = jg_paths_database_for_server (server->url, "rc-admin", &error);
  g_assert_no_error (error);
  sync = jg_catalogue_sync_new (db_path, server->url);
  jg_catalogue_sync_run (sync, NULL, NULL, &error);
  g_assert_no_error (error);

  store = jg_store_open (db_path, &error);
  g_assert_no_error (error);
  jg_record_store_set_department (store, jg_account_get_department (account), &error);
  g_assert_no_error (error);
  import_rows (store, "sent.csv", good_row ("JC-SENT-0001"), good_row ("JC-SENT-0002"), NULL);
  g_assert_cmpuint (count_records (store), ==, 2);

  outbox = jg_outbox_new (db_path, server->url, token);
  g_assert_true (jg_outbox_run (outbox, &pushed, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (pushed.sent, ==, 2);

  /* The server has them: the import can no longer be undone here. */
  g_assert_false (jg_record_imports_undo_last (store, "tester", &removed, &error));
  g_assert_error (error, JG_RECORD_IMPORTS_ERROR, JG_RECORD_IMPORTS_ERROR_SENT);
  g_assert_nonnull (strstr (error->message, "sent.csv"));
  g_assert_cmpuint (removed, ==, 0);
  g_assert_cmpuint (count_records (store), ==, 2);
  jg_test_server_stop (server);
}

/* --- legacy files as people typed them (issue 12) ---------------------------- */

static char *
replace (const char *text,
         const char *from,
         const char *to)
{
  g_auto(GStrv) parts = g_strsplit (text, from, -1);
  return g_strjoinv (to, parts);
}

/* Rows typed by hand over years: every cell of rows 2 and 3 needs a
 * forgiving read; row 4's date cannot be read without a guess; row 5 has
 * a warning (a citizen with an organisation's document). */
static GString *
legacy_csv (void)
{
  GString *csv = g_string_new (NULL);
  g_autofree char *spaced = g_strconcat (" ", item_code, NULL);
  g_autofree char *listed = replace (officers, ";", "、");
  g_autofree char *semicolons = replace (officers, ";", "；");
  g_autofree char *certs = replace (certificates, ";", "、");

  append_header (csv);
  append_row (csv, with (with (with (with (with (with (with (with (with (with (good_row ("JC-LEGACY-0001"),
                "catalogue_code", spaced),
                "party_name", "揭阳市某某食品有限公司\xE3\x80\x80"),
                "party_code", "91440300708461136t"),
                "region", "４４５２０２"),
                "check_form", "1"),
                "check_category", "1"),
                "check_result", "1"),
                "check_time", "2025年7月1日"),
                "officers", listed),
                "object_type", "1"));                                              /* row 2 */
  append_row (csv, with (with (with (good_row ("JC-LEGACY-0002"),
                "check_time", "2025/07/01"),
                "officers", semicolons),
                "officer_certs", certs));                                            /* row 3 */
  append_row (csv, with (good_row ("JC-LEGACY-0003"), "check_time", "01/07/2025")); /* row 4 */
  append_row (csv, with (good_row ("JC-LEGACY-0004"), "party_nature", "01"));       /* row 5 */
  return csv;
}

static guint
count_kind (GPtrArray           *problems,
            JgImportProblemKind  kind)
{
  guint n = 0;

  for (guint i = 0; i < problems->len; i++)
    n += ((JgImportProblem *) problems->pdata[i])->kind == kind;
  return n;
}

/* The notice of @row's @column: @before read as @after. */
static void
assert_notice (GPtrArray  *problems,
               guint       row,
               const char *column,
               const char *before,
               const char *after)
{
  g_autofree char *read_as = g_strdup_printf ("Read as “%s” (", after);

  for (guint i = 0; i < problems->len; i++)
    {
      const JgImportProblem *p = problems->pdata[i];

      if (p->row == row && p->kind == JG_IMPORT_PROBLEM_NOTICE && g_strcmp0 (p->column, column) == 0)
        {
          g_assert_cmpstr (p->value, ==, before);
          g_assert_true (g_str_has_prefix (p->reason, read_as));
          return;
        }
    }
  g_error ("no notice for row %u, %s", row, column);
}

static void
import_legacy (const char *name,
               const char *data,
               gssize      length)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JgStore) store = fresh_store ();
  g_autoptr(GPtrArray) problems = new_problems ();
  g_autofree char *path = write_file (name, data, length);
  g_autofree char *spaced = g_strconcat (" ", item_code, NULL);
  g_autofree char *listed = replace (officers, ";", "、");
  g_autofree char *certs_listed = replace (certificates, ";", "、");
  g_autoptr(JgRecord) first = NULL;
  g_autoptr(JgRecord) second = NULL;
  const JgImportProblem *p;
  JgImportResult result;

  g_assert_true (jg_transfer_import (store, path, NULL, &result, problems, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result.imported, ==, 3);
  g_assert_cmpuint (result.with_warnings, ==, 1);
  g_assert_cmpuint (result.rejected, ==, 1);
  g_assert_cmpuint (result.notices, ==, 12);
  g_assert_cmpuint (count_kind (problems, JG_IMPORT_PROBLEM_NOTICE), ==, 12);

  /* Every value read another way is in the report, before → after. */
  assert_notice (problems, 2, "监管事项目录编码", spaced, item_code);
  assert_notice (problems, 2, "行政相对人", "揭阳市某某食品有限公司\xE3\x80\x80", "揭阳市某某食品有限公司");
  assert_notice (problems, 2, "行政相对人编码", "91440300708461136t", "91440300708461136T");
  assert_notice (problems, 2, "行政区划代码", "４４５２０２", "445202");
  assert_notice (problems, 2, "检查形式", "1", "01");
  assert_notice (problems, 2, "检查类别", "1", "01");
  assert_notice (problems, 2, "检查结果", "1", "01");
  assert_notice (problems, 2, "检查时间", "2025年7月1日", "2025-07-01");
  assert_notice (problems, 2, "检查人员", listed, officers);
  assert_notice (problems, 3, "检查时间", "2025/07/01", "2025-07-01");
  assert_notice (problems, 3, "执法证号", certs_listed, certificates);

  /* Day and month are not guessed: an error, as the file has it. */
  p = find_problem (problems, 4);
  g_assert_nonnull (p);
  g_assert_cmpint (p->kind, ==, JG_IMPORT_PROBLEM_ERROR);
  g_assert_cmpstr (p->column, ==, "检查时间");
  g_assert_cmpstr (p->value, ==, "01/07/2025");
  p = find_problem (problems, 5);
  g_assert_nonnull (p);
  g_assert_cmpint (p->kind, ==, JG_IMPORT_PROBLEM_WARNING);

  /* The records hold the canonical values. */
  first = jg_record_store_find_by_number (store, JG_RECORD_INSPECTION, department, "JC-LEGACY-0001", &error);
  g_assert_no_error (error);
  g_assert_nonnull (first);
  g_assert_cmpstr (jg_record_get (first, "catalogue_code"), ==, item_code);
  g_assert_cmpstr (jg_record_get (first, "party_code"), ==, "91440300708461136T");
  g_assert_cmpstr (jg_record_get (first, "region"), ==, "445202");
  g_assert_cmpstr (jg_record_get (first, "check_form"), ==, "01");
  g_assert_cmpstr (jg_record_get (first, "check_time"), ==, check_date);
  g_assert_cmpstr (jg_record_get (first, "officers"), ==, officers);
  g_assert_cmpstr (jg_record_get (first, "object_type"), ==, "1");
  second = jg_record_store_find_by_number (store, JG_RECORD_INSPECTION, department, "JC-LEGACY-0002", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (jg_record_get (second, "officer_certs"), ==, certificates);
  g_assert_cmpint (jg_record_get_state (second), ==, JG_RECORD_STATE_READY);
}

static void
test_legacy_utf8_bom (void)
{
  g_autoptr(GString) csv = legacy_csv ();

  g_string_prepend (csv, "\xEF\xBB\xBF");
  import_legacy ("legacy-bom.csv", csv->str, csv->len);
}

static void
test_legacy_utf8 (void)
{
  g_autoptr(GString) csv = legacy_csv ();

  import_legacy ("legacy.csv", csv->str, csv->len);
}

static void
test_legacy_gb18030 (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) csv = legacy_csv ();
  g_autofree char *gb = NULL;
  gsize length;

  gb = g_convert (csv->str, csv->len, "GB18030", "UTF-8", NULL, &length, &error);
  g_assert_no_error (error);
  g_assert_false (g_utf8_validate (gb, length, NULL));
  import_legacy ("legacy-gb.csv", gb, length);
}

static void
test_warnings_as_drafts (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JgStore) store = fresh_store ();
  g_autoptr(GString) csv = g_string_new (NULL);
  g_autofree char *path = NULL;
  g_autoptr(JgRecord) clean = NULL;
  g_autoptr(JgRecord) warned = NULL;
  JgImportResult result;

  append_header (csv);
  append_row (csv, good_row ("JC-WARN-0001"));
  append_row (csv, with (good_row ("JC-WARN-0002"), "party_nature", "01"));
  path = write_file ("warnings.csv", csv->str, csv->len);
  g_assert_true (jg_transfer_import_full (store, path, JG_RECORD_STATE_READY, JG_IMPORT_WARNINGS_AS_DRAFTS,
                                          NULL, &result, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result.imported, ==, 2);
  g_assert_cmpuint (result.with_warnings, ==, 1);

  /* The row without warnings is ready; the one with a warning waits. */
  clean = jg_record_store_find_by_number (store, JG_RECORD_INSPECTION, department, "JC-WARN-0001", &error);
  warned = jg_record_store_find_by_number (store, JG_RECORD_INSPECTION, department, "JC-WARN-0002", &error);
  g_assert_no_error (error);
  g_assert_cmpint (jg_record_get_state (clean), ==, JG_RECORD_STATE_READY);
  g_assert_cmpint (jg_record_get_state (warned), ==, JG_RECORD_STATE_DRAFT);
}

static void
test_certificates (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JgStore) store = fresh_store ();
  g_autoptr(GPtrArray) problems = new_problems ();
  g_autoptr(GString) csv = g_string_new (NULL);
  g_autofree char *path = NULL;
  g_auto(GStrv) certs = g_strsplit (certificates, ";", -1);
  g_autofree char *reversed = g_strdup_printf ("%s;%s", certs[1], certs[0]);
  g_autofree char *foreign = g_strdup_printf ("%s;YH-2026-001", certs[0]);
  const JgImportProblem *p;
  JgImportResult result;

  append_header (csv);
  append_row (csv, with (good_row ("JC-CERT-0001"), "officer_certs", reversed));   /* row 2 */
  append_row (csv, with (good_row ("JC-CERT-0002"), "officer_certs", foreign));    /* row 3 */
  path = write_file ("certificates.csv", csv->str, csv->len);
  g_assert_true (jg_transfer_import (store, path, NULL, &result, problems, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result.imported, ==, 1);
  g_assert_cmpuint (result.rejected, ==, 1);

  /* A number that is none of the officers' is an error on its column. */
  p = find_problem (problems, 3);
  g_assert_nonnull (p);
  g_assert_cmpint (p->kind, ==, JG_IMPORT_PROBLEM_ERROR);
  g_assert_cmpstr (p->column, ==, "执法证号");
  g_assert_nonnull (strstr (p->reason, "“YH-2026-001” belongs to none of the officers"));
  g_assert_null (find_problem (problems, 2));
}

static void
test_credit_codes (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JgStore) store = fresh_store ();
  g_autoptr(GPtrArray) problems = new_problems ();
  g_autoptr(GString) csv = g_string_new (NULL);
  g_autofree char *path = NULL;
  g_autofree char *no_authority = NULL;
  g_autofree char *fujian = NULL;
  const JgImportProblem *p;
  JgImportResult result;

  /* Valid check characters, but "B1" is no authority's; 350100 is Fujian. */
  no_authority = g_strdup_printf ("B1440300708461136%c", jg_credit_code_compute_check ("B144030070846113600"));
  fujian = g_strdup ("91350100M000100Y43");
  append_header (csv);
  append_row (csv, with (good_row ("JC-USCC-0001"), "party_code", no_authority));  /* row 2 */
  append_row (csv, with (good_row ("JC-USCC-0002"), "party_code", fujian));        /* row 3 */
  path = write_file ("credit-codes.csv", csv->str, csv->len);
  g_assert_true (jg_transfer_import (store, path, NULL, &result, problems, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result.imported, ==, 1);
  g_assert_cmpuint (result.rejected, ==, 1);
  g_assert_cmpuint (result.with_warnings, ==, 1);

  p = find_problem (problems, 2);
  g_assert_nonnull (p);
  g_assert_cmpint (p->kind, ==, JG_IMPORT_PROBLEM_ERROR);
  g_assert_nonnull (strstr (p->reason, "“B1”"));
  /* A Jieyang department's party from outside Guangdong: imported, warned. */
  p = find_problem (problems, 3);
  g_assert_nonnull (p);
  g_assert_cmpint (p->kind, ==, JG_IMPORT_PROBLEM_WARNING);
  g_assert_nonnull (strstr (p->reason, "outside Guangdong (region code 350100)"));
}

/* --- setup ------------------------------------------------------------------------ */

static char *
query_text (JgStore    *store,
            const char *sql)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = jg_store_prepare (store, sql, &error);
  char *text = NULL;

  g_assert_no_error (error);
  sqlite3_bind_text (stmt, 1, check_date, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  g_assert_nonnull (text);
  return text;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JgCatalogueSync) sync = NULL;
  g_autoptr(JgStore) store = NULL;
  g_autofree char *server_dir = NULL;
  const char *demo[] = { "--demo", NULL };
  JgTestServer *server;

  setlocale (LC_ALL, "");
  jg_test_isolate_xdg ();
  g_test_init (&argc, &argv, NULL);

  server_dir = jg_test_make_tmpdir ("transfer-server");
  server = jg_test_server_start (server_dir, demo);
  server_url = g_strdup (server->url);
  pristine_db = jg_paths_database_for_server (server->url, NULL, &error);
  g_assert_no_error (error);
  sync = jg_catalogue_sync_new (pristine_db, server->url);
  jg_catalogue_sync_run (sync, NULL, NULL, &error);
  g_assert_no_error (error);
  jg_test_server_stop (server);

  store = jg_store_open (pristine_db, &error);
  g_assert_no_error (error);
  item_code = query_text (store,
                          "SELECT s.code FROM sub_item s"
                          " WHERE s.action_type = '0' AND s.status = '01'"
                          "   AND coalesce (s.effective_date, '') <= ?1"
                          "   AND (coalesce (s.cancel_date, '') = '' OR s.cancel_date > ?1)"
                          "   AND EXISTS (SELECT 1 FROM impl_entry e WHERE e.sub_item = s.code)"
                          " ORDER BY s.code LIMIT 1");
  department = query_text (store, "SELECT min (code) FROM department WHERE ?1 IS NOT NULL AND region = '445202'");
  {
    g_autofree char *sql = g_strdup_printf ("SELECT min (code) FROM impl_entry WHERE ?1 IS NOT NULL AND sub_item = '%s'", item_code);
    g_autofree char *sql2 = g_strdup_printf ("SELECT group_concat (id, ';') FROM (SELECT id FROM officer"
                                             " WHERE cert_no <> '' AND cert_valid_from <= ?1 AND cert_valid_to >= ?1"
                                             " ORDER BY id LIMIT 2)");
    g_autofree char *sql3 = g_strdup_printf ("SELECT group_concat (cert_no, ';') FROM (SELECT cert_no FROM officer"
                                             " WHERE cert_no <> '' AND cert_valid_from <= ?1 AND cert_valid_to >= ?1"
                                             " ORDER BY id LIMIT 2)");
    impl_code = query_text (store, sql);
    officers = query_text (store, sql2);
    certificates = query_text (store, sql3);
  }
  g_clear_object (&store);

  g_test_add_func ("/transfer/template/csv", test_template_csv);
  g_test_add_func ("/transfer/template/xlsx", test_template_xlsx);
  g_test_add_func ("/transfer/import/report", test_import_report);
  g_test_add_func ("/transfer/import/twice", test_import_twice);
  g_test_add_func ("/transfer/import/gb18030", test_gb18030);
  g_test_add_func ("/transfer/import/malformed-files", test_malformed);
  g_test_add_func ("/transfer/import/malformed-rows", test_malformed_rows);
  g_test_add_func ("/transfer/import/no-department", test_no_department);
  g_test_add_func ("/transfer/import/check", test_check_writes_nothing);
  g_test_add_func ("/transfer/import/drafts", test_import_as_drafts);
  g_test_add_func ("/transfer/import/undo", test_undo_before_sync);
  g_test_add_func ("/transfer/import/undo-after-sync", test_undo_after_sync);
  g_test_add_func ("/transfer/import/legacy-utf8-bom", test_legacy_utf8_bom);
  g_test_add_func ("/transfer/import/legacy-utf8", test_legacy_utf8);
  g_test_add_func ("/transfer/import/legacy-gb18030", test_legacy_gb18030);
  g_test_add_func ("/transfer/import/warnings-as-drafts", test_warnings_as_drafts);
  g_test_add_func ("/transfer/import/certificates", test_certificates);
  g_test_add_func ("/transfer/import/credit-codes", test_credit_codes);
  g_test_add_func ("/transfer/round-trip/csv", test_round_trip_csv);
  g_test_add_func ("/transfer/round-trip/xlsx", test_round_trip_xlsx);

  return g_test_run ();
}
