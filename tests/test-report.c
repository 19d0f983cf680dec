/* test-report.c — the report as a reader gets it: the PDF's text (read back
 * with poppler's pdftotext), its fonts embedded, no character as a box,
 * tables running over pages with their header, and the same tables in CSV
 * and XLSX.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <glib/gstdio.h>

#include "jg-report.h"
#include "jg-test-util.h"
#include "jg-xlsx.h"

#define TITLE "2026年11月“互联网+监管”工作情况通报"
#define HEADER "揭阳市市场监督管理局 · 2026年11月"
/* Rare characters in names do occur: 䶮 (U+4DAE, Ext-A) is in Noto CJK. */
#define RARE_NAME "揭阳市榕城区刘䶮食品店"

static char *
tool_output (const char *tool,
             const char *path)
{
  /* pdffonts sits beside pdftotext (both poppler-utils, which
   * build-aux/install-deps.sh installs). */
  const char *pdftotext = g_getenv ("JIANGUAN_PDFTOTEXT");
  g_autofree char *dir = g_path_get_dirname (pdftotext != NULL ? pdftotext : "/usr/bin/pdftotext");
  g_autofree char *program = g_build_filename (dir, tool, NULL);
  const char *argv[] = { program, "-enc", "UTF-8", path, "-", NULL };
  const char *fonts_argv[] = { program, path, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  int status = 0;

  if (!g_file_test (program, G_FILE_TEST_IS_EXECUTABLE))
    g_error ("%s is not installed: run build-aux/install-deps.sh (poppler-utils)", program);
  g_assert_true (g_spawn_sync (NULL, (char **) (g_str_equal (tool, "pdffonts") ? fonts_argv : argv),
                               NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL,
                               &status, &error));
  g_assert_no_error (error);
  g_assert_cmpint (status, ==, 0);
  return g_steal_pointer (&out);
}

static JgReport *
sample_report (guint n_rows)
{
  JgReport *report = jg_report_new (TITLE, HEADER);
  const char *headers[] = { "序号", "监管事项", "实施主体", "记录数" };
  const char *labels[] = { "12月", "1月", "2月", "3月", "4月", "5月", "6月",
                           "7月", "8月", "9月", "10月", "11月" };
  const double values[] = { NAN, 20, 31.5, 40, 48, 63, 80.2, 82, 85, 88, 91.3, 95 };

  jg_report_add_heading (report, "一、总体情况");
  jg_report_add_paragraph (report, "本月共报送监管行为数据 128 条，其中行政检查 96 条、行政处罚 30 条。"
                                   "监管事项覆盖率为 95.0%，距年底 100% 的目标还差 3 项。");
  jg_report_add_chart (report, "近12个月覆盖率", labels, values, G_N_ELEMENTS (labels), 100);
  jg_report_add_heading (report, "二、存在问题");
  jg_report_add_table (report, "未覆盖事项", headers, G_N_ELEMENTS (headers));
  for (guint i = 0; i < n_rows; i++)
    {
      g_autofree char *number = g_strdup_printf ("%u", i + 1);
      g_autofree char *item = g_strdup_printf ("对食品生产经营者的监督检查（第%u项）", i + 1);
      const char *row[] = { number, item, i == 0 ? RARE_NAME : "揭阳市市场监督管理局", "0" };

      jg_report_add_row (report, row);
    }
  jg_report_add_heading (report, "三、下一步工作");
  jg_report_add_paragraph (report, "逐项补录未覆盖事项的监管行为数据。");
  return report;
}

static void
test_pdf_text (void)
{
  g_autofree char *dir = jg_test_make_tmpdir ("report");
  g_autofree char *path = g_build_filename (dir, "月报.pdf", NULL);
  g_autoptr(JgReport) report = sample_report (80);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *fonts = NULL;
  g_autofree char *last_row = NULL;
  g_auto(GStrv) pages = NULL;

  g_assert_true (jg_report_write_pdf (report, path, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (jg_report_get_missing_glyphs (report), ==, 0);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));

  text = tool_output ("pdftotext", path);
  g_assert_nonnull (strstr (text, TITLE));
  g_assert_nonnull (strstr (text, "一、总体情况"));
  g_assert_nonnull (strstr (text, "三、下一步工作"));
  g_assert_nonnull (strstr (text, RARE_NAME));
  last_row = g_strdup ("对食品生产经营者的监督检查（第80项）");
  g_assert_nonnull (strstr (text, last_row));
  /* 80 rows run over pages: each page has the running head, its number
   * of the whole, and the table's header row again. */
  pages = g_strsplit (text, "\f", -1);
  g_assert_cmpuint (g_strv_length (pages), >=, 3);
  for (guint i = 0; pages[i] != NULL && pages[i + 1] != NULL; i++)
    {
      g_autofree char *footer = g_strdup_printf ("Page %u of %u", i + 1, g_strv_length (pages) - 1);

      g_assert_nonnull (strstr (pages[i], HEADER));
      g_assert_nonnull (strstr (pages[i], footer));
      if (strstr (pages[i], "（第") != NULL)
        g_assert_nonnull (strstr (pages[i], "实施主体"));
    }

  /* Every font is embedded (a reader elsewhere sees the same glyphs), and
   * the CJK text is in Noto CJK. */
  fonts = tool_output ("pdffonts", path);
  g_assert_nonnull (strstr (fonts, "NotoSansCJK"));
  {
    g_auto(GStrv) lines = g_strsplit (fonts, "\n", -1);

    for (guint i = 2; lines[i] != NULL; i++)
      if (*lines[i] != '\0')
        g_assert_nonnull (strstr (lines[i], " yes "));   /* emb */
  }
}

/* A character no installed font has prints as a box: the report is still
 * written, and the caller learns how many there are. */
static void
test_missing_glyph (void)
{
  g_autofree char *dir = jg_test_make_tmpdir ("report");
  g_autofree char *path = g_build_filename (dir, "bad.pdf", NULL);
  g_autoptr(JgReport) report = jg_report_new (TITLE, HEADER);
  g_autoptr(GError) error = NULL;

  /* U+0378 is not assigned: no font has it. */
  jg_report_add_paragraph (report, "未分配的字符：\xcd\xb8");
  g_assert_true (jg_report_write_pdf (report, path, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (jg_report_get_missing_glyphs (report), ==, 1);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
}

static gboolean
collect_row (guint        row,
             GPtrArray   *cells,
             gpointer     user_data,
             GError     **error)
{
  GPtrArray *rows = user_data;
  g_autoptr(GString) line = g_string_new (NULL);

  for (guint i = 0; i < cells->len; i++)
    g_string_append_printf (line, "%s%s", i > 0 ? "|" : "", (const char *) cells->pdata[i]);
  g_ptr_array_add (rows, g_string_free (g_steal_pointer (&line), FALSE));
  return TRUE;
}

static void
test_tables (void)
{
  g_autofree char *dir = jg_test_make_tmpdir ("report");
  g_autofree char *csv = g_build_filename (dir, "月报.csv", NULL);
  g_autofree char *xlsx = g_build_filename (dir, "月报.xlsx", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(JgReport) report = sample_report (3);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;

  g_assert_true (jg_report_write (report, csv, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (csv, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "\xef\xbb\xbf"));
  g_assert_nonnull (strstr (contents, "未覆盖事项"));
  g_assert_nonnull (strstr (contents, "\"序号\",\"监管事项\",\"实施主体\",\"记录数\""));
  g_assert_nonnull (strstr (contents, RARE_NAME));

  g_assert_true (jg_report_write (report, xlsx, &error));
  g_assert_no_error (error);
  g_assert_true (jg_xlsx_read (xlsx, collect_row, rows, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 4);
  g_assert_cmpstr (rows->pdata[0], ==, "序号|监管事项|实施主体|记录数");
  g_assert_cmpstr (rows->pdata[1], ==, "1|对食品生产经营者的监督检查（第1项）|" RARE_NAME "|0");

  g_assert_false (jg_report_write (report, "/tmp/report.doc", &error));
  g_assert_error (error, JG_REPORT_ERROR, JG_REPORT_ERROR_WRITE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/report/pdf-text", test_pdf_text);
  g_test_add_func ("/report/missing-glyph", test_missing_glyph);
  g_test_add_func ("/report/tables", test_tables);
  return g_test_run ();
}
