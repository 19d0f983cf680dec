/* test-quota.c — the monthly quota counted in Shanghai days
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib.h>
#include <string.h>

#include "jg-quota.h"

/* Unix seconds of a wall-clock time in Shanghai (UTC+8). */
static gint64
shanghai (int year, int month, int day, int hour, int minute, int second)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_offset (JG_QUOTA_UTC_OFFSET_SECONDS);
  g_autoptr(GDateTime) dt = g_date_time_new (tz, year, month, day, hour, minute, second);

  return g_date_time_to_unix (dt);
}

static gint64
utc (int year, int month, int day, int hour, int minute, int second)
{
  g_autoptr(GDateTime) dt = g_date_time_new_utc (year, month, day, hour, minute, second);

  return g_date_time_to_unix (dt);
}

static JgQuotaCount
count (const gint64 *published,
       gsize         n,
       guint         year,
       guint         month)
{
  JgQuotaCount out = { 99, 99 };

  jg_quota_count (published, n, year, month, &out);
  return out;
}

static void
test_defaults (void)
{
  JgQuotaRule rule;

  jg_quota_default_rule (JG_QUOTA_DYNAMICS, &rule);
  g_assert_cmpuint (rule.updates_needed, ==, 2);
  g_assert_cmpuint (rule.items_needed, ==, 4);
  jg_quota_default_rule (JG_QUOTA_EXPOSURE, &rule);
  g_assert_cmpuint (rule.updates_needed, ==, 1);
  g_assert_cmpuint (rule.items_needed, ==, 1);
}

static void
test_month_bounds (void)
{
  gint64 start, end;

  jg_quota_month_bounds (2026, 1, &start, &end);
  g_assert_cmpint (start, ==, utc (2025, 12, 31, 16, 0, 0));
  g_assert_cmpint (end, ==, utc (2026, 1, 31, 16, 0, 0));
  jg_quota_month_bounds (2026, 12, &start, &end);
  g_assert_cmpint (start, ==, shanghai (2026, 12, 1, 0, 0, 0));
  g_assert_cmpint (end, ==, shanghai (2027, 1, 1, 0, 0, 0));
  jg_quota_month_bounds (2028, 2, &start, &end);   /* leap year */
  g_assert_cmpint (end - start, ==, 29 * JG_QUOTA_SECONDS_PER_DAY);

  g_assert_cmpint (jg_quota_day_of (shanghai (1970, 1, 1, 0, 0, 0)), ==, 0);
  g_assert_cmpint (jg_quota_day_of (utc (1970, 1, 1, 0, 0, 0)), ==, 0);
  g_assert_cmpint (jg_quota_day_of (utc (1969, 12, 31, 15, 59, 59)), ==, -1);
  g_assert_cmpint (jg_quota_day_of (utc (2026, 3, 10, 15, 59, 59)) + 1, ==,
                   jg_quota_day_of (utc (2026, 3, 10, 16, 0, 0)));
}

static void
test_month_ends (void)
{
  const gint64 published[] = {
    shanghai (2025, 12, 31, 23, 59, 59),   /* December 2025 */
    shanghai (2026, 1, 1, 0, 0, 0),        /* the first second of 2026 */
    shanghai (2026, 1, 31, 23, 59, 59),    /* still January */
    shanghai (2026, 2, 1, 0, 0, 0),        /* February */
  };
  JgQuotaCount c;

  c = count (published, G_N_ELEMENTS (published), 2025, 12);
  g_assert_cmpuint (c.items, ==, 1);
  g_assert_cmpuint (c.updates, ==, 1);
  c = count (published, G_N_ELEMENTS (published), 2026, 1);
  g_assert_cmpuint (c.items, ==, 2);
  g_assert_cmpuint (c.updates, ==, 2);
  c = count (published, G_N_ELEMENTS (published), 2026, 2);
  g_assert_cmpuint (c.items, ==, 1);
  g_assert_cmpuint (c.updates, ==, 1);
  c = count (published, G_N_ELEMENTS (published), 2026, 3);
  g_assert_cmpuint (c.items, ==, 0);
  g_assert_cmpuint (c.updates, ==, 0);
  c = count (NULL, 0, 2026, 3);
  g_assert_cmpuint (c.items, ==, 0);
}

static void
test_time_zones (void)
{
  /* A UTC evening is the next morning in Shanghai: the 10th 17:30 UTC
   * and the 11th 09:00 Shanghai are one update; the 31st 16:30 UTC is
   * already 1 April there. */
  const gint64 published[] = {
    utc (2026, 3, 10, 17, 30, 0),
    shanghai (2026, 3, 11, 9, 0, 0),
    utc (2026, 3, 10, 15, 0, 0),    /* 23:00 on the 10th in Shanghai */
    utc (2026, 3, 31, 16, 30, 0),
  };
  JgQuotaCount c = count (published, G_N_ELEMENTS (published), 2026, 3);

  g_assert_cmpuint (c.items, ==, 3);
  g_assert_cmpuint (c.updates, ==, 2);
  c = count (published, G_N_ELEMENTS (published), 2026, 4);
  g_assert_cmpuint (c.items, ==, 1);
  g_assert_cmpuint (c.updates, ==, 1);
}

static void
test_updates_and_met (void)
{
  /* Four items on one day: 4 items but 1 update, dynamics not met. */
  const gint64 one_day[] = {
    shanghai (2026, 5, 6, 9, 0, 0), shanghai (2026, 5, 6, 10, 0, 0),
    shanghai (2026, 5, 6, 15, 0, 0), shanghai (2026, 5, 6, 23, 59, 0),
  };
  const gint64 two_days[] = {
    shanghai (2026, 5, 6, 9, 0, 0), shanghai (2026, 5, 6, 10, 0, 0),
    shanghai (2026, 5, 31, 8, 0, 0), shanghai (2026, 5, 1, 0, 0, 0),
  };
  JgQuotaRule dynamics, exposure;
  JgQuotaCount c;
  g_autofree char *text = NULL;

  jg_quota_default_rule (JG_QUOTA_DYNAMICS, &dynamics);
  jg_quota_default_rule (JG_QUOTA_EXPOSURE, &exposure);
  c = count (one_day, G_N_ELEMENTS (one_day), 2026, 5);
  g_assert_cmpuint (c.items, ==, 4);
  g_assert_cmpuint (c.updates, ==, 1);
  g_assert_false (jg_quota_is_met (&dynamics, &c));
  g_assert_true (jg_quota_is_met (&exposure, &c));
  text = jg_quota_describe (JG_QUOTA_DYNAMICS, &dynamics, &c);
  g_assert_cmpstr (text, ==, "This month: 1/2 updates, 4/4 items");

  c = count (two_days, G_N_ELEMENTS (two_days), 2026, 5);
  g_assert_cmpuint (c.updates, ==, 3);
  g_assert_true (jg_quota_is_met (&dynamics, &c));
}

static void
test_working_days (void)
{
  static const struct {
    guint  left;
    gboolean last;
  } cases[] = {
    { 23, FALSE },   /* Tue 2026-12-01 */
    { 2, FALSE },    /* Wed 2026-12-30 */
    { 1, TRUE },     /* Thu 2026-12-31 */
    { 1, TRUE },     /* Fri 2026-07-31, 10:00 */
    { 21, FALSE },   /* Sat 2026-08-01 in Shanghai, still Fri 31 July in UTC */
    { 1, TRUE },     /* Fri 2026-02-27 */
  };
  gint64 times[G_N_ELEMENTS (cases)] = {
    shanghai (2026, 12, 1, 8, 0, 0),
    shanghai (2026, 12, 30, 8, 0, 0),
    shanghai (2026, 12, 31, 23, 0, 0),
    shanghai (2026, 7, 31, 10, 0, 0),
    utc (2026, 7, 31, 17, 0, 0),
    shanghai (2026, 2, 27, 12, 0, 0),
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      /* in UTC, as a machine not set to Shanghai would give it */
      g_autoptr(GDateTime) now = g_date_time_new_from_unix_utc (times[i]);

      g_assert_cmpuint (jg_quota_working_days_left (NULL, now), ==, cases[i].left);
      g_assert_cmpint (jg_quota_is_last_working_day (NULL, now), ==, cases[i].last);
    }

  /* The weekend after the last working day: none left, and not "last". */
  {
    g_autoptr(GDateTime) saturday = g_date_time_new_from_unix_utc (shanghai (2026, 2, 28, 12, 0, 0));
    g_assert_cmpuint (jg_quota_working_days_left (NULL, saturday), ==, 0);
    g_assert_false (jg_quota_is_last_working_day (NULL, saturday));
  }
}

/* The server's calendar moves the count: a week of holidays, a Saturday
 * worked in their stead, a last day of the year off. (An invented
 * calendar, not an official schedule: the city keeps the real one on the
 * server with `jianguan-server holidays`.) */
static void
test_working_days_calendar (void)
{
  g_autoptr(JgWorkCalendar) calendar = jg_work_calendar_new ();
  g_autoptr(JgWorkCalendar) again = NULL;
  g_autofree char *text = NULL;
  g_autofree char *text_again = NULL;
  g_autofree char *extended = NULL;
  static const char * const off[] = { "2026-10-01", "2026-10-02", "2026-10-03", "2026-10-04",
                                      "2026-10-05", "2026-10-06", "2026-10-07", "2026-12-31" };

  for (guint i = 0; i < G_N_ELEMENTS (off); i++)
    g_assert_true (jg_work_calendar_set (calendar, off[i], JG_WORK_DAY_OFF));
  g_assert_true (jg_work_calendar_set (calendar, "2026-10-10", JG_WORK_DAY_WORK));
  g_assert_false (jg_work_calendar_set (calendar, "2026-02-30", JG_WORK_DAY_OFF));
  g_assert_false (jg_work_calendar_set (calendar, "2026-1-05", JG_WORK_DAY_OFF));
  g_assert_false (jg_work_calendar_set (calendar, "1999-01-05", JG_WORK_DAY_OFF));

  /* October 2026: 22 weekdays; 1–7 off takes five of them, Saturday the
   * 10th gives one back. */
  {
    g_autoptr(GDateTime) first = g_date_time_new_from_unix_utc (shanghai (2026, 10, 1, 9, 0, 0));
    g_autoptr(GDateTime) eighth = g_date_time_new_from_unix_utc (shanghai (2026, 10, 8, 9, 0, 0));
    g_autoptr(GDateTime) saturday = g_date_time_new_from_unix_utc (shanghai (2026, 10, 10, 9, 0, 0));

    g_assert_cmpuint (jg_quota_working_days_left (NULL, first), ==, 22);
    g_assert_cmpuint (jg_quota_working_days_left (calendar, first), ==, 18);
    g_assert_cmpuint (jg_quota_working_days_left (calendar, eighth), ==, 18);
    g_assert_cmpuint (jg_quota_working_days_left (calendar, saturday), ==, 16);
  }
  /* With the 31st off, the 30th is the year's last working day. */
  {
    g_autoptr(GDateTime) wednesday = g_date_time_new_from_unix_utc (shanghai (2026, 12, 30, 9, 0, 0));
    g_autoptr(GDateTime) thursday = g_date_time_new_from_unix_utc (shanghai (2026, 12, 31, 9, 0, 0));

    g_assert_false (jg_quota_is_last_working_day (NULL, wednesday));
    g_assert_true (jg_quota_is_last_working_day (calendar, wednesday));
    g_assert_false (jg_quota_is_last_working_day (calendar, thursday));
    g_assert_cmpuint (jg_quota_working_days_left (calendar, thursday), ==, 0);
  }

  /* Kept as text, sorted, and read back the same; a newer server's kind
   * and a broken entry are skipped, not fatal. */
  text = jg_work_calendar_to_string (calendar);
  g_assert_true (g_str_has_prefix (text, "2026-10-01=off;2026-10-02=off;"));
  g_assert_nonnull (strstr (text, ";2026-10-07=off;2026-10-10=work;2026-12-31=off"));
  g_assert_true (g_str_has_suffix (text, "2026-12-31=off"));
  extended = g_strconcat (text, ";2026-11-02=half;nonsense;2026-13-01=off", NULL);
  again = jg_work_calendar_parse (extended);
  text_again = jg_work_calendar_to_string (again);
  g_assert_cmpstr (text_again, ==, text);
}

static void
test_parse_month (void)
{
  guint year = 0, month = 0;

  g_assert_true (jg_quota_parse_month ("2026-12", &year, &month));
  g_assert_cmpuint (year, ==, 2026);
  g_assert_cmpuint (month, ==, 12);
  for (guint i = 0; i < 7; i++)
    {
      static const char * const bad[] = { "2026-13", "2026-00", "1999-12", "2026-1", "2026/12",
                                          "2026-12x", "+026-12" };
      g_assert_false (jg_quota_parse_month (bad[i], &year, &month));
    }
  g_assert_false (jg_quota_parse_month (NULL, &year, &month));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/quota/defaults", test_defaults);
  g_test_add_func ("/quota/month-bounds", test_month_bounds);
  g_test_add_func ("/quota/month-ends", test_month_ends);
  g_test_add_func ("/quota/time-zones", test_time_zones);
  g_test_add_func ("/quota/updates-and-met", test_updates_and_met);
  g_test_add_func ("/quota/working-days", test_working_days);
  g_test_add_func ("/quota/working-days-calendar", test_working_days_calendar);
  g_test_add_func ("/quota/parse-month", test_parse_month);

  return g_test_run ();
}
