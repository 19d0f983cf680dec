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

static gboolean
is_working_day (gint64 day)
{
  gint64 weekday = (day + MONDAY_OF_EPOCH_OFFSET) % DAYS_PER_WEEK;   /* 0: Monday */

  if (weekday < 0)
    weekday += DAYS_PER_WEEK;
  return weekday < WORKING_DAYS_PER_WEEK;
}

guint
jg_quota_working_days_left (GDateTime *now)
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
    n += is_working_day (day);
  return n;
}

gboolean
jg_quota_is_last_working_day (GDateTime *now)
{
  g_return_val_if_fail (now != NULL, FALSE);

  return is_working_day (jg_quota_day_of (g_date_time_to_unix (now)))
         && jg_quota_working_days_left (now) == 1;
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
