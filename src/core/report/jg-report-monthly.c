/* jg-report-monthly.c — the department's monthly report (通报) and the city's
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "jg-catalogue.h"
#include "jg-post-store.h"
#include "jg-posts-sync.h"
#include "jg-quota.h"
#include "jg-record-store.h"
#include "jg-report-monthly.h"
#include "jg-warnings.h"

/* The to-do list in the PDF names every uncovered item; past this many
 * the rest are counted (the CSV and XLSX carry them all the same). */
#define TODO_ROWS_MAX 200

char *
jg_report_month_label (const char *month)
{
  guint year, number;
  g_autoptr(GDateTime) date = NULL;

  if (!jg_quota_parse_month (month, &year, &number))
    return NULL;
  date = g_date_time_new_utc (year, number, 1, 0, 0, 0);
  /* TRANSLATORS: a report's month, strftime: "%Y年%-m月" */
  return g_date_time_format (date, C_("report month", "%B %Y"));
}

static char *
percent_text (double percent)
{
  if (percent < 0 || isnan (percent))
    return g_strdup (_("no items"));
  return g_strdup_printf ("%.1f%%", percent);
}

static void
add_overview (JgReport                   *report,
              const JgReportMonthlyInput *input,
              guint                       month_index)
{
  JgCoverageReport *coverage = input->coverage;
  g_autofree char *accepted = percent_text (jg_coverage_report_percent (coverage, FALSE));
  g_autofree char *pending = percent_text (jg_coverage_report_percent (coverage, TRUE));
  g_autofree char *text = NULL;
  const char *kind_headers[] = { N_("Kind"), N_("Accepted records this month") };
  const char *headers[2];
  const char *post_headers[6];
  const char *post_msgids[] = { N_("Column"), N_("Updates"), N_("Updates needed"),
                                N_("Items published"), N_("Items needed"), N_("Met") };
  guint total = 0;

  jg_report_add_heading (report, _("1. Overall situation"));
  /* TRANSLATORS: the report's first paragraph: dates, counts, percents */
  text = g_strdup_printf (_("From %s to %s, %u of the department's %u supervision items have at least one "
                            "accepted record: coverage %s (%s counting records not yet accepted). The target "
                            "for %s is %u%%, that is %u items; %u more items are needed."),
                          coverage->from, coverage->to, coverage->covered, coverage->items, accepted,
                          pending, coverage->to, coverage->target.percent, coverage->target_items,
                          coverage->gap);
  jg_report_add_paragraph (report, text);
  if (coverage->server.valid)
    {
      g_autofree char *server = g_strdup_printf (_("The central server last confirmed %u of %u items "
                                                   "covered (%s to %s)."),
                                                 coverage->server.covered, coverage->server.items,
                                                 coverage->server.from, coverage->server.to);
      jg_report_add_paragraph (report, server);
    }

  for (guint i = 0; i < G_N_ELEMENTS (headers); i++)
    headers[i] = _(kind_headers[i]);
  jg_report_add_table (report, _("Supervision records of the month"), headers, G_N_ELEMENTS (headers));
  for (guint kind = 0; kind < JG_RECORD_N_KINDS; kind++)
    {
      g_autofree char *count = g_strdup_printf ("%u", coverage->by_kind[month_index][kind]);
      const char *row[] = { jg_record_kind_get_label (kind), count };

      total += coverage->by_kind[month_index][kind];
      jg_report_add_row (report, row);
    }
  {
    g_autofree char *count = g_strdup_printf ("%u", total);
    const char *row[] = { _("Total"), count };

    jg_report_add_row (report, row);
  }

  for (guint i = 0; i < G_N_ELEMENTS (post_headers); i++)
    post_headers[i] = _(post_msgids[i]);
  jg_report_add_table (report, _("Posts of the month"), post_headers, G_N_ELEMENTS (post_headers));
  for (guint column = 0; column < JG_QUOTA_N_COLUMNS; column++)
    {
      g_autofree char *updates = g_strdup_printf ("%u", input->quota[column].updates);
      g_autofree char *updates_needed = g_strdup_printf ("%u", input->rules[column].updates_needed);
      g_autofree char *items = g_strdup_printf ("%u", input->quota[column].items);
      g_autofree char *items_needed = g_strdup_printf ("%u", input->rules[column].items_needed);
      gboolean met = input->quota[column].updates >= input->rules[column].updates_needed
                     && input->quota[column].items >= input->rules[column].items_needed;
      const char *row[] = { column == JG_QUOTA_DYNAMICS ? _("Supervision News") : _("Exposure"),
                            updates, updates_needed, items, items_needed, met ? _("Yes") : _("No") };

      jg_report_add_row (report, row);
    }

  {
    const char *labels[JG_COVERAGE_TREND_MONTHS];
    double values[JG_COVERAGE_TREND_MONTHS];
    char *month_texts[JG_COVERAGE_TREND_MONTHS] = { NULL };

    for (guint i = 0; i < JG_COVERAGE_TREND_MONTHS; i++)
      {
        /* "2026-11" → "11" (the chart's axis: months of the last year). */
        month_texts[i] = g_strdup (coverage->months[i] + 5);
        labels[i] = month_texts[i];
        values[i] = coverage->trend[i] < 0 ? NAN : coverage->trend[i];
      }
    jg_report_add_chart (report, _("Coverage over the last 12 months (year to date, by month)"),
                         labels, values, JG_COVERAGE_TREND_MONTHS, coverage->target.percent);
    for (guint i = 0; i < JG_COVERAGE_TREND_MONTHS; i++)
      g_free (month_texts[i]);
  }
}

static void
add_problems (JgReport                   *report,
              const JgReportMonthlyInput *input)
{
  guint n = 0;

  jg_report_add_heading (report, _("2. Problems"));
  if (input->coverage->gap > 0)
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "(%u) Coverage is below the target: %u item has no accepted record yet (listed under 3).",
                                                            "(%u) Coverage is below the target: %u items have no accepted record yet (listed under 3).",
                                                            input->coverage->gap),
                                               ++n, input->coverage->gap);
      jg_report_add_paragraph (report, text);
    }
  for (guint i = 0; input->warnings != NULL && i < input->warnings->len; i++)
    {
      JgWarning *warning = g_ptr_array_index (input->warnings, i);
      g_autofree char *text = NULL;

      /* The gap is said above, once. */
      if (warning->kind == JG_WARNING_COVERAGE)
        continue;
      text = g_strdup_printf ("(%u) %s", ++n, warning->reason);
      jg_report_add_paragraph (report, text);
    }
  if (n == 0)
    jg_report_add_paragraph (report, _("No problems were found this month."));
}

static void
add_next_steps (JgReport                   *report,
                const JgReportMonthlyInput *input)
{
  g_autoptr(GPtrArray) uncovered = jg_coverage_report_uncovered (input->coverage);
  const char *msgids[] = { N_("Item code"), N_("Supervision item"), N_("Kind"), N_("Implementing body"),
                           N_("Records in the city") };
  const char *headers[G_N_ELEMENTS (msgids)];

  jg_report_add_heading (report, _("3. Next steps"));
  if (uncovered->len == 0)
    {
      jg_report_add_paragraph (report, _("Every item of the department is covered: keep reporting each "
                                         "supervision action as it happens."));
      return;
    }
  jg_report_add_paragraph (report, _("Report the supervision actions of the items below, so that each has "
                                     "at least one accepted record. Items nobody in the city has records "
                                     "of are marked: check with the city's data office whether they are "
                                     "still in use."));
  for (guint i = 0; i < G_N_ELEMENTS (msgids); i++)
    headers[i] = _(msgids[i]);
  jg_report_add_table (report, _("Items to cover"), headers, G_N_ELEMENTS (headers));
  for (guint i = 0; i < uncovered->len; i++)
    {
      JgCoverageItem *item = g_ptr_array_index (uncovered, i);
      const char *city = item->city_count < 0 ? "" : jg_coverage_item_none_in_city (item)
                                                     ? _("None in the city") : _("Some");
      const char *row[] = { item->code, item->name, jg_coverage_item_kind_label (item),
                            item->body != NULL ? item->body : "", city };

      jg_report_add_row (report, row);
    }
}

JgReport *
jg_report_monthly_build (const JgReportMonthlyInput *input)
{
  g_autofree char *label = jg_report_month_label (input->month);
  g_autofree char *title = NULL;
  g_autofree char *header = NULL;
  JgReport *report;
  guint month_index = JG_COVERAGE_TREND_MONTHS - 1;

  g_return_val_if_fail (label != NULL && input->coverage != NULL, NULL);
  /* TRANSLATORS: the report's title: 2026年11月“互联网+监管”工作情况通报 */
  title = g_strdup_printf (_("Internet + Supervision: report for %s"), label);
  /* TRANSLATORS: the running head of each page: department · month */
  header = g_strdup_printf (_("%s · %s"), input->department_name, label);
  report = jg_report_new (title, header);

  for (guint i = 0; i < JG_COVERAGE_TREND_MONTHS; i++)
    if (g_strcmp0 (input->coverage->months[i], input->month) == 0)
      month_index = i;
  add_overview (report, input, month_index);
  add_problems (report, input);
  add_next_steps (report, input);
  return report;
}

JgReport *
jg_report_city_build (JgCityTable *table)
{
  g_autofree char *label = jg_report_month_label (table->month);
  g_autofree char *title = NULL;
  g_autofree char *tsv = jg_city_table_to_tsv (table);
  g_auto(GStrv) lines = g_strsplit (tsv, "\n", -1);
  g_auto(GStrv) headers = NULL;
  guint n_below = 0;
  JgReport *report;

  /* TRANSLATORS: the city report's title: 2026年11月各部门“互联网+监管”工作情况通报 */
  title = g_strdup_printf (_("Internet + Supervision in every department: report for %s"),
                           label != NULL ? label : table->month);
  report = jg_report_new (title, label != NULL ? label : table->month);
  for (guint i = 0; i < table->rows->len; i++)
    if (((JgCityRow *) g_ptr_array_index (table->rows, i))->below_target)
      n_below++;
  jg_report_add_heading (report, _("1. Overall situation"));
  {
    g_autofree char *text = g_strdup_printf (_("%u departments; %u below the coverage target of %u%%."),
                                             table->rows->len, n_below, table->target);
    jg_report_add_paragraph (report, text);
  }
  /* The same columns as `jianguan-cli report city` and the Overview's
   * city table: one definition, in jg-coverage-city.c. */
  headers = g_strsplit (lines[0], "\t", -1);
  jg_report_add_table (report, _("Departments"), (const char * const *) headers, g_strv_length (headers));
  for (guint i = 1; lines[i] != NULL; i++)
    {
      g_auto(GStrv) cells = NULL;

      if (*lines[i] == '\0')
        continue;
      cells = g_strsplit (lines[i], "\t", -1);
      if (g_strv_length (cells) == g_strv_length (headers))
        jg_report_add_row (report, (const char * const *) cells);
    }
  return report;
}

/* --- from the database ------------------------------------------------------- */

static char *
current_month (gint64 now)
{
  char date[JG_COVERAGE_DATE_SIZE];

  jg_coverage_date_of (now, date);
  return g_strndup (date, 7);
}

gboolean
jg_report_monthly_write (JgStore     *store,
                         const char  *month,
                         gint64       now,
                         const char  *path,
                         guint       *missing_glyphs,
                         GError     **error)
{
  g_autoptr(JgCoverageReport) coverage = NULL;
  g_autoptr(JgPostStore) posts = NULL;
  g_autoptr(GPtrArray) warnings = NULL;
  g_autoptr(JgReport) report = NULL;
  g_autofree char *own_month = NULL;
  g_autofree char *department = NULL;
  g_autofree char *department_name = NULL;
  char from[JG_COVERAGE_DATE_SIZE], to[JG_COVERAGE_DATE_SIZE];
  JgReportMonthlyInput input = { 0 };
  JgWarningsInput warnings_input;
  JgWarningsCoverage warnings_coverage;
  guint year, number;

  if (month == NULL)
    month = own_month = current_month (now);
  if (!jg_quota_parse_month (month, &year, &number))
    {
      g_set_error (error, JG_REPORT_ERROR, JG_REPORT_ERROR_WRITE,
                   _("“%s” is not a month such as 2026-11."), month);
      return FALSE;
    }
  /* Coverage is counted over the year up to the month's end. */
  g_snprintf (from, sizeof from, "%04u-01-01", year);
  jg_coverage_month_end (year, number, to);
  coverage = jg_coverage_report_load (store, from, to, error);
  if (coverage == NULL)
    return FALSE;

  posts = jg_post_store_new (store);
  if (!jg_post_store_count_quota (posts, NULL, year, number, input.quota, error))
    return FALSE;
  jg_posts_sync_get_quota_rules (store, input.rules);

  jg_warnings_input_init (&warnings_input, now);
  memcpy (warnings_input.quota_rules, input.rules, sizeof input.rules);
  warnings_coverage.covered = coverage->covered;
  warnings_coverage.total = coverage->items;
  warnings_coverage.target_percent = coverage->target.percent;
  warnings_input.coverage = &warnings_coverage;
  warnings = jg_warnings_evaluate (store, &warnings_input, error);
  if (warnings == NULL)
    return FALSE;

  department = jg_record_store_get_department (store);
  department_name = department != NULL ? jg_catalogue_department_name_sync (store, department) : NULL;
  input.month = month;
  input.department_name = department_name != NULL ? department_name : department != NULL ? department : "";
  input.coverage = coverage;
  input.warnings = warnings;
  report = jg_report_monthly_build (&input);
  if (!jg_report_write (report, path, error))
    return FALSE;
  if (missing_glyphs != NULL)
    *missing_glyphs = jg_report_get_missing_glyphs (report);
  return TRUE;
}

typedef struct {
  char *db_path;
  char *month;
  char *path;
  guint missing;
} WriteData;

static void
write_data_free (WriteData *data)
{
  g_free (data->db_path);
  g_free (data->month);
  g_free (data->path);
  g_free (data);
}

static void
write_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  WriteData *data = task_data;
  GError *error = NULL;
  g_autoptr(JgStore) store = jg_store_open_existing (data->db_path, &error);

  if (store == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (!jg_report_monthly_write (store, data->month, g_get_real_time () / G_USEC_PER_SEC,
                                data->path, &data->missing, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
jg_report_monthly_write_async (const char          *db_path,
                               const char          *month,
                               const char          *path,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  WriteData *data = g_new0 (WriteData, 1);

  data->db_path = g_strdup (db_path);
  data->month = g_strdup (month);
  data->path = g_strdup (path);
  g_task_set_source_tag (task, jg_report_monthly_write_async);
  g_task_set_task_data (task, data, (GDestroyNotify) write_data_free);
  g_task_run_in_thread (task, write_thread);
}

gboolean
jg_report_monthly_write_finish (GAsyncResult  *result,
                                guint         *missing_glyphs,
                                GError       **error)
{
  WriteData *data = g_task_get_task_data (G_TASK (result));

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  if (missing_glyphs != NULL)
    *missing_glyphs = data->missing;
  return TRUE;
}
