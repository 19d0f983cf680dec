/* jg-post-reminders.c — when to remind a department of its monthly quota
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "jg-post-reminders.h"

/* The Shanghai day number of the first day of @now's month there. */
static gint64
first_day_of_month (GDateTime *now)
{
  g_autoptr(GTimeZone) shanghai = g_time_zone_new_offset (JG_QUOTA_UTC_OFFSET_SECONDS);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (now, shanghai);
  gint64 start, end;

  jg_quota_month_bounds (g_date_time_get_year (local), g_date_time_get_month (local),
                         &start, &end);
  return jg_quota_day_of (start);
}

guint
jg_post_reminders_due (const JgWorkCalendar *calendar,
                       GDateTime          *now,
                       const JgQuotaRule   rules[JG_QUOTA_N_COLUMNS],
                       const JgQuotaCount  counts[JG_QUOTA_N_COLUMNS],
                       guint               days_before,
                       const gint64        notified[JG_QUOTA_N_COLUMNS])
{
  gint64 today, month_start;
  gboolean in_window, last_day;
  guint due = 0;

  g_return_val_if_fail (now != NULL && rules != NULL && counts != NULL && notified != NULL, 0);

  today = jg_quota_day_of (g_date_time_to_unix (now));
  month_start = first_day_of_month (now);
  in_window = jg_quota_working_days_left (calendar, now) <= days_before;
  last_day = jg_quota_is_last_working_day (calendar, now);

  for (guint column = 0; column < JG_QUOTA_N_COLUMNS; column++)
    {
      /* A day after today is a clock set back: taken as this month's. */
      gboolean reminded_this_month = notified[column] >= month_start;

      if (jg_quota_is_met (&rules[column], &counts[column]) || notified[column] == today)
        continue;
      /* The first reminder as the window opens (or on a later day, when
       * Jianguan did not run then); the second on the last working day. */
      if ((!reminded_this_month && (in_window || last_day))
          || (reminded_this_month && last_day))
        due |= 1u << column;
    }
  return due;
}
