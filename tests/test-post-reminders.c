/* test-post-reminders.c — when the quota reminders are sent
 *
 * Working days are Monday to Friday in Shanghai. December 2026 ends on a
 * Thursday (the 31st, its last working day; with five days' notice the
 * window opens on Friday the 25th); January 2027 on a Sunday (last
 * working day Friday the 29th); November 2026 on a Monday.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib.h>

#include "jg-post-reminders.h"

#define DYNAMICS (1u << JG_QUOTA_DYNAMICS)
#define EXPOSURE (1u << JG_QUOTA_EXPOSURE)
#define BOTH     (DYNAMICS | EXPOSURE)

static GDateTime *
shanghai (int year, int month, int day, int hour, int minute)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_offset (JG_QUOTA_UTC_OFFSET_SECONDS);

  return g_date_time_new (tz, year, month, day, hour, minute, 0);
}

static gint64
day_of (int year, int month, int day)
{
  g_autoptr(GDateTime) at = shanghai (year, month, day, 12, 0);

  return jg_quota_day_of (g_date_time_to_unix (at));
}

/* The reminders due at @now with the default rules, the count of each
 * column (@dynamics_items on @dynamics_updates days, one exposure item
 * when @exposure_met) and the days already reminded on. */
static guint
due_at (GDateTime *now,
        guint      days_before,
        guint      dynamics_updates,
        guint      dynamics_items,
        gboolean   exposure_met,
        gint64     dynamics_notified,
        gint64     exposure_notified)
{
  JgQuotaRule rules[JG_QUOTA_N_COLUMNS];
  JgQuotaCount counts[JG_QUOTA_N_COLUMNS] = {
    { dynamics_updates, dynamics_items },
    { exposure_met ? 1 : 0, exposure_met ? 1 : 0 },
  };
  gint64 notified[JG_QUOTA_N_COLUMNS] = { dynamics_notified, exposure_notified };
  g_autoptr(GDateTime) owned = now;

  for (guint i = 0; i < JG_QUOTA_N_COLUMNS; i++)
    jg_quota_default_rule (i, &rules[i]);
  return jg_post_reminders_due (NULL, now, rules, counts, days_before, notified);
}

#define NEVER JG_POST_REMINDERS_NEVER

static void
test_window_opens (void)
{
  /* Thursday 24 December: six working days left, nothing yet. */
  g_assert_cmpuint (due_at (shanghai (2026, 12, 24, 9, 0), 5, 0, 0, FALSE, NEVER, NEVER), ==, 0);
  /* Friday 25: five left (25, 28, 29, 30, 31): both columns. */
  g_assert_cmpuint (due_at (shanghai (2026, 12, 25, 9, 0), 5, 0, 0, FALSE, NEVER, NEVER), ==, BOTH);
  /* Ten days' notice: the window opened on Friday the 18th. */
  g_assert_cmpuint (due_at (shanghai (2026, 12, 18, 9, 0), 10, 0, 0, FALSE, NEVER, NEVER), ==, BOTH);
  g_assert_cmpuint (due_at (shanghai (2026, 12, 17, 9, 0), 10, 0, 0, FALSE, NEVER, NEVER), ==, 0);
  /* Jianguan did not run on the 25th: the first reminder comes on the
   * Monday after. */
  g_assert_cmpuint (due_at (shanghai (2026, 12, 28, 9, 0), 5, 0, 0, FALSE, NEVER, NEVER), ==, BOTH);
}

static void
test_shanghai_midnight (void)
{
  /* 16:30 UTC on the 24th is already the 25th in Shanghai. */
  g_autoptr(GDateTime) before = g_date_time_new_utc (2026, 12, 24, 15, 30, 0);
  g_autoptr(GDateTime) after = g_date_time_new_utc (2026, 12, 24, 16, 30, 0);

  g_assert_cmpuint (due_at (g_date_time_ref (before), 5, 0, 0, FALSE, NEVER, NEVER), ==, 0);
  g_assert_cmpuint (due_at (g_date_time_ref (after), 5, 0, 0, FALSE, NEVER, NEVER), ==, BOTH);
}

static void
test_not_twice (void)
{
  gint64 christmas = day_of (2026, 12, 25);

  /* Reminded this morning: not again after the afternoon's sync. */
  g_assert_cmpuint (due_at (shanghai (2026, 12, 25, 15, 0), 5, 0, 0, FALSE, christmas, christmas), ==, 0);
  /* Nor on the days between. */
  g_assert_cmpuint (due_at (shanghai (2026, 12, 28, 9, 0), 5, 0, 0, FALSE, christmas, christmas), ==, 0);
  g_assert_cmpuint (due_at (shanghai (2026, 12, 30, 17, 0), 5, 0, 0, FALSE, christmas, christmas), ==, 0);
  /* Only the column not reminded of yet. */
  g_assert_cmpuint (due_at (shanghai (2026, 12, 28, 9, 0), 5, 0, 0, FALSE, christmas, NEVER), ==, EXPOSURE);
}

static void
test_last_working_day (void)
{
  gint64 christmas = day_of (2026, 12, 25);
  gint64 last = day_of (2026, 12, 31);

  /* Thursday 31 December: again, once. */
  g_assert_cmpuint (due_at (shanghai (2026, 12, 31, 9, 0), 5, 0, 0, FALSE, christmas, christmas), ==, BOTH);
  g_assert_cmpuint (due_at (shanghai (2026, 12, 31, 16, 0), 5, 0, 0, FALSE, last, last), ==, 0);
  /* One day's notice: the last working day is the only one. */
  g_assert_cmpuint (due_at (shanghai (2026, 12, 30, 9, 0), 1, 0, 0, FALSE, NEVER, NEVER), ==, 0);
  g_assert_cmpuint (due_at (shanghai (2026, 12, 31, 9, 0), 1, 0, 0, FALSE, NEVER, NEVER), ==, BOTH);
  /* November 2026 ends on a Monday: its last minute in Shanghai still
   * reminds, the next is December, weeks from its end. */
  {
    g_autoptr(GDateTime) last_minute = g_date_time_new_utc (2026, 11, 30, 15, 59, 0);
    g_autoptr(GDateTime) next_month = g_date_time_new_utc (2026, 11, 30, 16, 1, 0);

    g_assert_cmpuint (due_at (g_date_time_ref (last_minute), 5, 0, 0, FALSE, NEVER, NEVER), ==, BOTH);
    g_assert_cmpuint (due_at (g_date_time_ref (next_month), 5, 0, 0, FALSE, NEVER, NEVER), ==, 0);
  }
}

static void
test_weekend_at_month_end (void)
{
  gint64 friday = day_of (2027, 1, 29);

  /* January 2027 ends on a weekend: Friday the 29th is the last working
   * day; reminded then, not again on Saturday or Sunday. */
  g_assert_cmpuint (due_at (shanghai (2027, 1, 29, 9, 0), 5, 0, 0, FALSE, day_of (2027, 1, 25), NEVER), ==, BOTH);
  g_assert_cmpuint (due_at (shanghai (2027, 1, 30, 10, 0), 5, 0, 0, FALSE, friday, friday), ==, 0);
  g_assert_cmpuint (due_at (shanghai (2027, 1, 31, 10, 0), 5, 0, 0, FALSE, friday, friday), ==, 0);
  /* Started for the first time that weekend: the month is not over. */
  g_assert_cmpuint (due_at (shanghai (2027, 1, 30, 10, 0), 5, 0, 0, FALSE, NEVER, NEVER), ==, BOTH);
}

static void
test_new_month (void)
{
  /* December's reminders do not count for January: its window opens on
   * Monday 25 January (25–29: five working days). */
  gint64 last = day_of (2026, 12, 31);

  g_assert_cmpuint (due_at (shanghai (2027, 1, 22, 9, 0), 5, 0, 0, FALSE, last, last), ==, 0);
  g_assert_cmpuint (due_at (shanghai (2027, 1, 25, 9, 0), 5, 0, 0, FALSE, last, last), ==, BOTH);
}

static void
test_quota_met (void)
{
  /* Both met: nothing, not even on the last working day. */
  g_assert_cmpuint (due_at (shanghai (2026, 12, 25, 9, 0), 5, 2, 4, TRUE, NEVER, NEVER), ==, 0);
  g_assert_cmpuint (due_at (shanghai (2026, 12, 31, 9, 0), 5, 3, 7, TRUE, NEVER, NEVER), ==, 0);
  /* Four items on one day are one update: dynamics is still short. */
  g_assert_cmpuint (due_at (shanghai (2026, 12, 31, 9, 0), 5, 1, 4, TRUE, NEVER, NEVER), ==, DYNAMICS);
  /* Two updates but three items: short too. */
  g_assert_cmpuint (due_at (shanghai (2026, 12, 31, 9, 0), 5, 2, 3, TRUE, NEVER, NEVER), ==, DYNAMICS);
  /* Exposure short, dynamics met. */
  g_assert_cmpuint (due_at (shanghai (2026, 12, 25, 9, 0), 5, 2, 4, FALSE, NEVER, NEVER), ==, EXPOSURE);
}

static void
test_server_thresholds (void)
{
  /* The city lowered dynamics to 1 update / 1 item: one item meets it. */
  JgQuotaRule rules[JG_QUOTA_N_COLUMNS] = { { 1, 1 }, { 1, 1 } };
  JgQuotaCount counts[JG_QUOTA_N_COLUMNS] = { { 1, 1 }, { 0, 0 } };
  gint64 notified[JG_QUOTA_N_COLUMNS] = { NEVER, NEVER };
  g_autoptr(GDateTime) now = shanghai (2026, 12, 28, 9, 0);

  g_assert_cmpuint (jg_post_reminders_due (NULL, now, rules, counts, 5, notified), ==, EXPOSURE);
  /* Raised to 3 updates: one is short. */
  rules[JG_QUOTA_DYNAMICS].updates_needed = 3;
  g_assert_cmpuint (jg_post_reminders_due (NULL, now, rules, counts, 5, notified), ==, BOTH);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/post-reminders/window-opens", test_window_opens);
  g_test_add_func ("/post-reminders/shanghai-midnight", test_shanghai_midnight);
  g_test_add_func ("/post-reminders/not-twice", test_not_twice);
  g_test_add_func ("/post-reminders/last-working-day", test_last_working_day);
  g_test_add_func ("/post-reminders/weekend-at-month-end", test_weekend_at_month_end);
  g_test_add_func ("/post-reminders/new-month", test_new_month);
  g_test_add_func ("/post-reminders/quota-met", test_quota_met);
  g_test_add_func ("/post-reminders/server-thresholds", test_server_thresholds);

  return g_test_run ();
}
