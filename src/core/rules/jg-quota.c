/* jg-quota.c — the monthly quota of 监管动态 and 曝光台, as arithmetic
 *
 * Days are counted as day numbers in Shanghai (days since 1970-01-01
 * there), so every comparison is of integers; GDate converts them to
 * calendar dates and back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "jg-quota.h"

#include <string.h>

#define MONDAY_OF_EPOCH_OFFSET 3    /* 1970-01-01 was a Thursday: (day + 3) % 7 == 0 on Mondays */
#define DAYS_PER_WEEK          7
#define WORKING_DAYS_PER_WEEK  5
#define MAX_DAYS_PER_MONTH     31

/* The plan (item 13): 2 updates totalling 4 items of 监管动态, 1 update
 * with 1 item of 曝光台, each month. The server may set others. */
static const JgQuotaRule default_rules[JG_QUOTA_N_COLUMNS] = {
  [JG_QUOTA_DYNAMICS] = { 2, 4 },
  [JG_QUOTA_EXPOSURE] = { 1, 1 },
};

void
jg_quota_default_rule (JgQuotaColumn  column,
                       JgQuotaRule   *rule)
{
  g_return_if_fail (column < JG_QUOTA_N_COLUMNS && rule != NULL);
  *rule = default_rules[column];
}

/* Floor division: days before 1970 have negative numbers too. */
gint64
jg_quota_day_of (gint64 unix_seconds)
{
  gint64 local = unix_seconds + JG_QUOTA_UTC_OFFSET_SECONDS;
  gint64 day = local / JG_QUOTA_SECONDS_PER_DAY;

  if (local % JG_QUOTA_SECONDS_PER_DAY < 0)
    day--;
  return day;
}

static guint32
epoch_julian (void)
{
  GDate epoch;

  g_date_clear (&epoch, 1);
  g_date_set_dmy (&epoch, 1, G_DATE_JANUARY, 1970);
  return g_date_get_julian (&epoch);
}

/* The day number of the first of @month in @year. */
static gint64
first_day_of (guint year,
              guint month)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 1, (GDateMonth) month, (GDateYear) year);
  return (gint64) g_date_get_julian (&date) - epoch_julian ();
}

static void
date_of_day (gint64  day,
             GDate  *date)
{
  g_date_clear (date, 1);
  g_date_set_julian (date, (guint32) (day + epoch_julian ()));
}

static gint64
unix_of_day (gint64 day)
{
  return day * JG_QUOTA_SECONDS_PER_DAY - JG_QUOTA_UTC_OFFSET_SECONDS;
}

void
jg_quota_month_bounds (guint   year,
                       guint   month,
                       gint64 *start,
                       gint64 *end)
{
  g_return_if_fail (month >= 1 && month <= 12 && g_date_valid_year (year) && year < G_MAXUINT16);

  if (start)
    *start = unix_of_day (first_day_of (year, month));
  if (end)
    *end = unix_of_day (month == 12 ? first_day_of (year + 1, 1) : first_day_of (year, month + 1));
}

void
jg_quota_count (const gint64 *published,
                gsize         n,
                guint         year,
                guint         month,
                JgQuotaCount *out)
{
  gint64 start, end, first_day;
  guint32 days = 0;   /* bit per day of the month with an item */

  g_return_if_fail (out != NULL && (published != NULL || n == 0));

  jg_quota_month_bounds (year, month, &start, &end);
  first_day = jg_quota_day_of (start);
  G_STATIC_ASSERT (MAX_DAYS_PER_MONTH <= 32);
  out->items = 0;
  for (gsize i = 0; i < n; i++)
    if (published[i] >= start && published[i] < end)
      {
        out->items++;
        days |= 1u << (jg_quota_day_of (published[i]) - first_day);
      }
  out->updates = 0;
  for (; days != 0; days &= days - 1)   /* one per bit set */
    out->updates++;
}

gboolean
jg_quota_is_met (const JgQuotaRule  *rule,
                 const JgQuotaCount *count)
{
  g_return_val_if_fail (rule != NULL && count != NULL, FALSE);
  return count->updates >= rule->updates_needed && count->items >= rule->items_needed;
}

/* --- the working-day calendar ------------------------------------------------ */

#define CALENDAR_MIN_YEAR 2000
#define CALENDAR_MAX_YEAR 9999
#define KIND_OFF  "off"
#define KIND_WORK "work"

struct _JgWorkCalendar {
  GHashTable *days;   /* day number (gint64 *) → JgWorkDayKind */
};

JgWorkCalendar *
jg_work_calendar_new (void)
{
  JgWorkCalendar *calendar = g_new0 (JgWorkCalendar, 1);

  calendar->days = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  return calendar;
}

void
jg_work_calendar_free (JgWorkCalendar *calendar)
{
  if (calendar == NULL)
    return;
  g_hash_table_unref (calendar->days);
  g_free (calendar);
}

static gboolean
parse_digits (const char *text,
              guint       n,
              guint      *out)
{
  *out = 0;
  for (guint i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit (text[i]))
        return FALSE;
      *out = *out * 10 + (guint) (text[i] - '0');
    }
  return TRUE;
}

gboolean
jg_quota_parse_month (const char *text,
                      guint      *year,
                      guint      *month)
{
  guint y, m;

  g_return_val_if_fail (year != NULL && month != NULL, FALSE);

  if (text == NULL || strlen (text) != 7 || text[4] != '-'
      || !parse_digits (text, 4, &y) || !parse_digits (text + 5, 2, &m)
      || y < CALENDAR_MIN_YEAR || y > CALENDAR_MAX_YEAR || m < 1 || m > 12)
    return FALSE;
  *year = y;
  *month = m;
  return TRUE;
}

gboolean
jg_quota_parse_day (const char *date,
                    gint64     *day)
{
  g_autofree char *month_text = NULL;
  guint year, month, d;

  g_return_val_if_fail (day != NULL, FALSE);

  if (date == NULL || strlen (date) != 10 || date[7] != '-' || !parse_digits (date + 8, 2, &d))
    return FALSE;
  month_text = g_strndup (date, 7);
  if (!jg_quota_parse_month (month_text, &year, &month)
      || !g_date_valid_dmy ((GDateDay) d, (GDateMonth) month, (GDateYear) year))
    return FALSE;
  *day = first_day_of (year, month) + d - 1;
  return TRUE;
}

gboolean
jg_work_calendar_set (JgWorkCalendar *calendar,
                      const char     *date,
                      JgWorkDayKind   kind)
{
  gint64 day;

  g_return_val_if_fail (calendar != NULL, FALSE);

  if (!jg_quota_parse_day (date, &day))
    return FALSE;
  g_hash_table_replace (calendar->days, g_memdup2 (&day, sizeof day), GINT_TO_POINTER (kind));
  return TRUE;
}

JgWorkCalendar *
jg_work_calendar_parse (const char *text)
{
  JgWorkCalendar *calendar = jg_work_calendar_new ();
  g_auto(GStrv) entries = g_strsplit (text != NULL ? text : "", ";", -1);

  for (guint i = 0; entries[i] != NULL; i++)
    {
      g_auto(GStrv) pair = g_strsplit (entries[i], "=", 2);

      if (g_strv_length (pair) != 2)
        continue;
      if (g_str_equal (pair[1], KIND_OFF))
        jg_work_calendar_set (calendar, pair[0], JG_WORK_DAY_OFF);
      else if (g_str_equal (pair[1], KIND_WORK))
        jg_work_calendar_set (calendar, pair[0], JG_WORK_DAY_WORK);
    }
  return calendar;
}

static int
compare_days (gconstpointer a,
              gconstpointer b)
{
  gint64 x = **(const gint64 **) a, y = **(const gint64 **) b;

  return x < y ? -1 : x > y;
}

char *
jg_work_calendar_to_string (const JgWorkCalendar *calendar)
{
  g_autoptr(GPtrArray) days = g_ptr_array_new ();
  GString *text = g_string_new (NULL);
  GHashTableIter iter;
  gpointer key;

  g_return_val_if_fail (calendar != NULL, NULL);

  g_hash_table_iter_init (&iter, calendar->days);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (days, key);
  g_ptr_array_sort (days, compare_days);
  for (guint i = 0; i < days->len; i++)
    {
      const gint64 *day = g_ptr_array_index (days, i);
      JgWorkDayKind kind = GPOINTER_TO_INT (g_hash_table_lookup (calendar->days, day));
      GDate date;

      date_of_day (*day, &date);
      g_string_append_printf (text, "%s%04u-%02u-%02u=%s", i > 0 ? ";" : "",
                              g_date_get_year (&date), g_date_get_month (&date),
                              g_date_get_day (&date), kind == JG_WORK_DAY_WORK ? KIND_WORK : KIND_OFF);
    }
  return g_string_free (text, FALSE);
}

static gboolean
is_working_day (const JgWorkCalendar *calendar,
                gint64                day)
{
  gint64 weekday = (day + MONDAY_OF_EPOCH_OFFSET) % DAYS_PER_WEEK;   /* 0: Monday */
  gpointer kind;

  if (calendar != NULL && g_hash_table_lookup_extended (calendar->days, &day, NULL, &kind))
    return GPOINTER_TO_INT (kind) == JG_WORK_DAY_WORK;
  if (weekday < 0)
    weekday += DAYS_PER_WEEK;
  return weekday < WORKING_DAYS_PER_WEEK;
}

guint
jg_quota_working_days_left (const JgWorkCalendar *calendar,
                            GDateTime            *now)
{
  gint64 today, last;
  GDate date;
  guint n = 0;

  g_return_val_if_fail (now != NULL, 0);

  today = jg_quota_day_of (g_date_time_to_unix (now));
  date_of_day (today, &date);
  last = today + g_date_get_days_in_month (g_date_get_month (&date), g_date_get_year (&date))
         - g_date_get_day (&date);
  for (gint64 day = today; day <= last; day++)
    n += is_working_day (calendar, day);
  return n;
}

gboolean
jg_quota_is_last_working_day (const JgWorkCalendar *calendar,
                              GDateTime            *now)
{
  g_return_val_if_fail (now != NULL, FALSE);

  return is_working_day (calendar, jg_quota_day_of (g_date_time_to_unix (now)))
         && jg_quota_working_days_left (calendar, now) == 1;
}

char *
jg_quota_describe (JgQuotaColumn       column,
                   const JgQuotaRule  *rule,
                   const JgQuotaCount *count)
{
  g_return_val_if_fail (column < JG_QUOTA_N_COLUMNS && rule != NULL && count != NULL, NULL);

  /* TRANSLATORS: the month's updates (days with a publication) and items
   * (posts) of one column against what is needed, as in 本月 1/2 次、3/4 条 */
  return g_strdup_printf (_("This month: %u/%u updates, %u/%u items"),
                          count->updates, rule->updates_needed, count->items, rule->items_needed);
}
