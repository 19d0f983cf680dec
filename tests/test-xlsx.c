/* test-xlsx.c — XLSX as Excel and WPS write it, and our files read back
 *
 * The samples in tests/data/ are made by tests/gen/excel-xlsx.py the way
 * Excel lays a workbook out (typed numbers, dates as serials styled with a
 * date format, shared strings with rich runs and phonetic guides,
 * _x000D_), once per date system: both must read as the administrator
 * sees them in Excel. Then what our writers write must read back byte for
 * byte, CSV with its formula guard included.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "jg-test-util.h"
#include "jg-transfer-cells.h"
#include "jg-xlsx-private.h"
#include "jg-xlsx.h"

/* The samples' rows (tests/gen/excel-xlsx.py, sample_rows()) as the import
 * must read them, in order: label, text. */
static const char * const samples[][2] = {
  { "样例", "单元格" },
  { "富文本", "揭阳市某某 公司" },
  { "换行", "第一行\r\n第二行\n第三行" },
  { "转义本身", "_x000D_ 与 _x005F_" },
  { "日期", "2026-11-15" },
  { "中文日期", "2026-11-15" },
  { "日期时间", "2026-11-15 14:30" },
  { "零点", "2026-11-15 00:00" },
  { "整数", "1" },
  { "小数", "1500.5" },
  { "指数", "1500" },
  { "浮点", "0.3" },
  { "金额", "1200" },
  { "红色", "-12.5" },
  { "文本格式数字", "1" },
  { "布尔", "1" },
  { "公式", "结果\r\n=SUM(A1)" },
  { "内联", "𠀀内联 " },
  { "公式样文本", "=SUM(A1)" },
};

/* Every row read, as "row|cell|cell…" lines. */
static gboolean
collect_row (guint       row,
             GPtrArray  *cells,
             gpointer    user_data,
             GError    **error)
{
  GPtrArray *rows = user_data;
  GPtrArray *copy = g_ptr_array_new_with_free_func (g_free);

  g_assert_cmpuint (row, ==, rows->len + 1);
  for (guint i = 0; i < cells->len; i++)
    g_ptr_array_add (copy, g_strdup (cells->pdata[i]));
  g_ptr_array_add (rows, copy);
  return TRUE;
}

static GPtrArray *
read_xlsx (const char *path)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);

  g_assert_true (jg_xlsx_read (path, collect_row, rows, &error));
  g_assert_no_error (error);
  return rows;
}

static void
assert_samples (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", name, NULL);
  g_autoptr(GPtrArray) rows = read_xlsx (path);

  g_assert_cmpuint (rows->len, ==, G_N_ELEMENTS (samples));
  for (guint i = 0; i < rows->len; i++)
    {
      GPtrArray *cells = rows->pdata[i];

      g_assert_cmpuint (cells->len, ==, 2);
      g_assert_cmpstr (cells->pdata[0], ==, samples[i][0]);
      g_assert_cmpstr (cells->pdata[1], ==, samples[i][1]);
    }
}

static void
test_excel_1900 (void)
{
  assert_samples ("excel-1900.xlsx");
}

/* The same dates stored in the 1904 system (workbookPr date1904, Excel for
 * Mac's old default): 44879 there is 46341 here, both 2026-11-15. */
static void
test_excel_1904 (void)
{
  assert_samples ("excel-1904.xlsx");
}

static void
test_number_formats (void)
{
  static const struct {
    const char *code;
    JgXlsxShows shows;
  } codes[] = {
    { "yyyy\"年\"m\"月\"d\"日\"", JG_XLSX_SHOWS_DATE },
    { "yyyy\"年\"m\"月\"d\"日\";@", JG_XLSX_SHOWS_DATE },
    { "[$-804]yyyy-mm-dd", JG_XLSX_SHOWS_DATE },
    { "[$-F800]dddd, mmmm dd, yyyy", JG_XLSX_SHOWS_DATE },
    { "yyyy/m/d\\ h:mm;@", JG_XLSX_SHOWS_DATE | JG_XLSX_SHOWS_TIME },
    { "yyyy-mm-dd hh:mm:ss", JG_XLSX_SHOWS_DATE | JG_XLSX_SHOWS_TIME | JG_XLSX_SHOWS_SECONDS },
    { "mmm-yy", JG_XLSX_SHOWS_DATE },
    { "m", JG_XLSX_SHOWS_DATE },
    { "h:mm AM/PM", JG_XLSX_SHOWS_TIME },
    { "上午/下午h\"时\"mm\"分\"", JG_XLSX_SHOWS_TIME },
    { "mm:ss", JG_XLSX_SHOWS_TIME | JG_XLSX_SHOWS_SECONDS },
    { "[h]:mm", JG_XLSX_SHOWS_TIME },
    { "[$-404]e/m/d", JG_XLSX_SHOWS_DATE },
    /* Numbers, whatever letters their quoted text, colours or locales hold. */
    { "General", 0 },
    { "0.00", 0 },
    { "#,##0.00_);[Red]\\(#,##0.00\\)", 0 },
    { "[Red]0.00", 0 },
    { "[$¥-804]#,##0.00", 0 },
    { "0.00E+00", 0 },
    { "0\"天\"", 0 },
    { "#,##0\" yuan\"", 0 },
    { "\"day\"0", 0 },
    { "@", 0 },
    { "\\d0", 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    {
      g_test_message ("%s", codes[i].code);
      g_assert_cmpint (jg_xlsx_format_code_shows (codes[i].code), ==, codes[i].shows);
    }

  /* The built-in formats the spec lists as dates and times, and no other. */
  for (guint id = 0; id < 200; id++)
    {
      gboolean date = (id >= 14 && id <= 17) || (id >= 27 && id <= 31) || id == 36
                      || (id >= 50 && id <= 54) || id == 57 || id == 58 || id == 22;
      gboolean time = (id >= 18 && id <= 22) || (id >= 32 && id <= 35)
                      || (id >= 45 && id <= 47) || id == 55 || id == 56;
      JgXlsxShows shows = jg_xlsx_builtin_format_shows (id);

      g_assert_cmpint (!!(shows & JG_XLSX_SHOWS_DATE), ==, date);
      g_assert_cmpint (!!(shows & JG_XLSX_SHOWS_TIME), ==, time);
    }
}

static void
test_serials (void)
{
  static const struct {
    const char *v;
    JgXlsxShows shows;
    gboolean    date1904;
    const char *text;
  } cases[] = {
    { "46341", JG_XLSX_SHOWS_DATE, FALSE, "2026-11-15" },
    { "44879", JG_XLSX_SHOWS_DATE, TRUE, "2026-11-15" },
    { "1", JG_XLSX_SHOWS_DATE, FALSE, "1900-01-01" },
    { "59", JG_XLSX_SHOWS_DATE, FALSE, "1900-02-28" },
    /* Excel's 1900-02-29, which never was: shown, and the validator
     * rejects it as no real date. */
    { "60", JG_XLSX_SHOWS_DATE, FALSE, "1900-02-29" },
    { "61", JG_XLSX_SHOWS_DATE, FALSE, "1900-03-01" },
    { "0", JG_XLSX_SHOWS_DATE, TRUE, "1904-01-01" },
    { "2958465", JG_XLSX_SHOWS_DATE, FALSE, "9999-12-31" },
    /* A date format shows the date of a serial with a time… */
    { "46341.75", JG_XLSX_SHOWS_DATE, FALSE, "2026-11-15" },
    /* …a date-time format the time, to the minute unless it shows seconds. */
    { "46341.604166666664", JG_XLSX_SHOWS_DATE | JG_XLSX_SHOWS_TIME, FALSE, "2026-11-15 14:30" },
    { "46341.60451388889", JG_XLSX_SHOWS_DATE | JG_XLSX_SHOWS_TIME, FALSE, "2026-11-15 14:30" },
    { "46341.60451388889", JG_XLSX_SHOWS_DATE | JG_XLSX_SHOWS_TIME | JG_XLSX_SHOWS_SECONDS, FALSE,
      "2026-11-15 14:30:30" },
    { "46341", JG_XLSX_SHOWS_DATE | JG_XLSX_SHOWS_TIME | JG_XLSX_SHOWS_SECONDS, FALSE, "2026-11-15 00:00" },
    { "46341.99999999", JG_XLSX_SHOWS_DATE | JG_XLSX_SHOWS_TIME, FALSE, "2026-11-16 00:00" },
    { "0.5", JG_XLSX_SHOWS_TIME, FALSE, "12:00" },
    /* No date Excel can show: the number. */
    { "0", JG_XLSX_SHOWS_DATE, FALSE, "0" },
    { "-1", JG_XLSX_SHOWS_DATE, FALSE, "-1" },
    { "2958466", JG_XLSX_SHOWS_DATE, FALSE, "2958466" },
    { "#VALUE!", JG_XLSX_SHOWS_DATE, FALSE, "#VALUE!" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = jg_xlsx_number_text (cases[i].v, cases[i].shows, cases[i].date1904);

      g_test_message ("%s", cases[i].v);
      g_assert_cmpstr (text, ==, cases[i].text);
    }

  {
    g_autofree char *date = jg_xlsx_iso_date_text ("2026-11-15T00:00:00");
    g_autofree char *datetime = jg_xlsx_iso_date_text ("2026-11-15T14:30:00");
    g_assert_cmpstr (date, ==, "2026-11-15");
    g_assert_cmpstr (datetime, ==, "2026-11-15 14:30");
  }
}

static void
test_numbers (void)
{
  static const char * const cases[][2] = {
    { "1", "1" }, { "1500.5", "1500.5" }, { "1500.4999999999998", "1500.5" },
    { "1.5E3", "1500" }, { "1.5e+3", "1500" }, { "0.30000000000000004", "0.3" },
    { "1E-5", "0.00001" }, { "-0", "0" }, { "-2014", "-2014" }, { "12345678.9", "12345678.9" },
    { "123456789012345678", "123456789012346000" }, { "0.1", "0.1" }, { "99.99", "99.99" },
    { "2.5E-2", "0.025" }, { "1E+20", "100000000000000000000" }, { "abc", "abc" }, { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = jg_xlsx_number_text (cases[i][0], 0, FALSE);
      g_assert_cmpstr (text, ==, cases[i][1]);
    }
}

static void
test_escapes (void)
{
  static const char * const decoded[][2] = {
    { "a_x000D_b", "a\rb" }, { "_x005F_x000D_", "_x000D_" }, { "_x005f_", "_" },
    { "_xD840__xDC00_", "𠀀" }, { "_xD840_", "_xD840_" }, { "_x00_", "_x00_" },
    { "x_x0041__x0042_y", "xABy" }, { "_x0000_", "_x0000_" }, { "plain", "plain" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (decoded); i++)
    {
      g_autofree char *text = g_strdup (decoded[i][0]);

      jg_xlsx_unescape (text);
      g_assert_cmpstr (text, ==, decoded[i][1]);
    }

  /* What the writer escapes, the reader gives back. */
  {
    static const char * const texts[] = {
      "_x000D_", "_x0041__x0042_", "_x0041_x0042_", "__x005F_", "a_xb", "_x12G4_",
    };
    for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
      {
        g_autofree char *escaped = jg_xlsx_escape (texts[i]);
        g_autofree char *back = g_strdup (escaped ? escaped : texts[i]);

        jg_xlsx_unescape (back);
        g_assert_cmpstr (back, ==, texts[i]);
      }
    g_assert_null (jg_xlsx_escape ("no escapes, 𠀀"));
  }
}

/* The values that must survive an export and an import unchanged. */
static const char * const round_trip_values[] = {
  "第一行\r\n第二行\n第三行\r最后",
  "=SUM(A1)", "+8613800000000", "-2014", "@x", "\t=1+1", "\r=1",
  "'已有撇号", "''两个", "'=SUM(A1)", "'", "-",
  "𠀀𠀁𪚥 Ext-B", "1500.50", "0.05", "12345678.90", "0", "01", "007",
  "_x000D_ 原样", "_x005F_", " 前后空格 ", "2026-11-15", "=HYPERLINK(\"http://x\",\"点我\")",
  "“引号”, \"quotes\"", "a\"b", "",
};

static gboolean
collect_cells (guint       row,
               GPtrArray  *cells,
               gpointer    user_data,
               GError    **error)
{
  return collect_row (row, cells, user_data, error);
}

static void
test_xlsx_round_trip (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = jg_test_make_tmpdir ("xlsx");
  g_autofree char *path = g_build_filename (dir, "export.xlsx", NULL);
  JgXlsxWriter *writer = jg_xlsx_writer_new (path, &error);
  g_autoptr(GPtrArray) rows = NULL;

  g_assert_no_error (error);
  jg_xlsx_writer_add_sheet (writer, "行政检查");
  for (guint i = 0; i < G_N_ELEMENTS (round_trip_values); i++)
    {
      const char *cells[] = { "值", round_trip_values[i] };
      g_assert_true (jg_xlsx_writer_row (writer, cells, 2, &error));
    }
  g_assert_true (jg_xlsx_writer_close (writer, &error));
  g_assert_no_error (error);

  rows = read_xlsx (path);
  g_assert_cmpuint (rows->len, ==, G_N_ELEMENTS (round_trip_values));
  for (guint i = 0; i < rows->len; i++)
    {
      GPtrArray *cells = rows->pdata[i];
      const char *value = cells->len > 1 ? cells->pdata[1] : "";

      /* No guard in XLSX: a string cell is never a formula. */
      g_assert_cmpstr (jg_transfer_cell_read ((char *) value, TRUE, NULL), ==, round_trip_values[i]);
    }
}

static void
test_csv_round_trip (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = jg_test_make_tmpdir ("csv");
  g_autofree char *path = g_build_filename (dir, "export.csv", NULL);
  g_autofree char *data = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  JgCsvWriter *writer = jg_csv_writer_new (path, &error);
  gsize length;

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (round_trip_values); i++)
    {
      const char *cells[] = { "值", round_trip_values[i] };
      g_assert_true (jg_csv_writer_row (writer, cells, 2, &error));
    }
  g_assert_true (jg_csv_writer_close (writer, &error));

  g_file_get_contents (path, &data, &length, &error);
  g_assert_no_error (error);
  /* What Excel and WPS see: every formula-like cell begins with the guard. */
  g_assert_nonnull (strstr (data, "\"'=SUM(A1)\""));
  g_assert_nonnull (strstr (data, "\"'+8613800000000\""));
  g_assert_nonnull (strstr (data, "\"'-2014\""));
  g_assert_nonnull (strstr (data, "\"'@x\""));
  g_assert_nonnull (strstr (data, "\"'\t=1+1\""));
  g_assert_nonnull (strstr (data, "\"'=HYPERLINK("));
  g_assert_nonnull (strstr (data, "\"''已有撇号\""));
  g_assert_null (strstr (data, ",\"=")); /* no cell starts with = unguarded */
  g_assert_nonnull (strstr (data, "\"1500.50\""));

  g_assert_true (jg_csv_parse (data + 3, length - 3, collect_cells, rows, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, G_N_ELEMENTS (round_trip_values));
  for (guint i = 0; i < rows->len; i++)
    {
      GPtrArray *cells = rows->pdata[i];
      g_assert_cmpstr (jg_transfer_cell_read (cells->pdata[1], FALSE, NULL), ==, round_trip_values[i]);
    }
}

/* A hand-made CSV's apostrophes stay, unless before what the guard guards. */
static void
test_csv_guard_read (void)
{
  static const char * const cases[][2] = {
    { "'abc", "'abc" }, { "'0123", "'0123" }, { "''abc", "'abc" }, { "'=1", "=1" },
    { "'-5", "-5" }, { "'", "'" }, { "abc'", "abc'" }, { "=1", "=1" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *cell = g_strdup (cases[i][0]);
      g_assert_cmpstr (jg_transfer_cell_read (cell, FALSE, NULL), ==, cases[i][1]);
    }
}

/* A column formatted as date and time holds days at midnight: a date field
 * takes the day; any other time stays for the validator to show. */
static void
test_date_fields (void)
{
  const JgFieldSpec *check_time = jg_record_field_lookup (JG_RECORD_INSPECTION, "check_time");
  const JgFieldSpec *report_time = jg_record_field_lookup (JG_RECORD_INSPECTION, "report_time");
  const JgFieldSpec *name = jg_record_field_lookup (JG_RECORD_INSPECTION, "name");
  static const struct {
    const char *cell;
    int         field;   /* 0 check_time, 1 report_time, 2 name */
    const char *value;
  } cases[] = {
    { "2026-11-15 00:00", 0, "2026-11-15" },
    { "2026-11-15 14:30", 0, "2026-11-15 14:30" },
    { "2026-11-15 00:00", 1, "2026-11-15 00:00" },
    { "2026-11-15 00:00", 2, "2026-11-15 00:00" },
    { "2026-11-15", 0, "2026-11-15" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const JgFieldSpec *spec = cases[i].field == 0 ? check_time : cases[i].field == 1 ? report_time : name;
      g_autofree char *cell = g_strdup (cases[i].cell);
      g_autofree char *csv = g_strdup (cases[i].cell);

      g_assert_cmpstr (jg_transfer_cell_read (cell, TRUE, spec), ==, cases[i].value);
      /* CSV text is the administrator's typing: not the reader's to change. */
      g_assert_cmpstr (jg_transfer_cell_read (csv, FALSE, spec), ==, cases[i].cell);
    }
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/xlsx/excel/1900", test_excel_1900);
  g_test_add_func ("/xlsx/excel/1904", test_excel_1904);
  g_test_add_func ("/xlsx/number-formats", test_number_formats);
  g_test_add_func ("/xlsx/serials", test_serials);
  g_test_add_func ("/xlsx/numbers", test_numbers);
  g_test_add_func ("/xlsx/escapes", test_escapes);
  g_test_add_func ("/xlsx/round-trip", test_xlsx_round_trip);
  g_test_add_func ("/csv/round-trip", test_csv_round_trip);
  g_test_add_func ("/csv/guard-read", test_csv_guard_read);
  g_test_add_func ("/cells/date-fields", test_date_fields);

  return g_test_run ();
}
