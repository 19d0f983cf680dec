/* jg-post-reminders.h — when to remind a department of its monthly quota
 *
 * The decision only, without GTK or settings, so that it is tested across
 * month ends and weekends: the application (jg-application-reminders.c)
 * feeds it the time, the server's thresholds, the month's count
 * (jg_post_store_count_quota) and the days it already reminded on, sends
 * the notifications and remembers the day.
 *
 * A column below its quota is reminded of once when the month has
 * @days_before working days left or fewer (jg_quota_working_days_left:
 * today included), and once more on the month's last working day; never
 * when the quota is met, and never twice on one day.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "jg-quota.h"

G_BEGIN_DECLS

/* The Preferences' default: a working week before the month ends. */
#define JG_POST_REMINDERS_DEFAULT_DAYS 5
/* What @notified holds for a column never reminded of (any day before the
 * month works the same). */
#define JG_POST_REMINDERS_NEVER G_GINT64_CONSTANT (-1)

/* The columns to remind of at @now, as a mask of (1 << JgQuotaColumn).
 * @notified[column] is the Shanghai day (jg_quota_day_of) of the column's
 * last reminder, or JG_POST_REMINDERS_NEVER. */
guint    jg_post_reminders_due   (const JgWorkCalendar *calendar,
                                  GDateTime          *now,
                                  const JgQuotaRule   rules[JG_QUOTA_N_COLUMNS],
                                  const JgQuotaCount  counts[JG_QUOTA_N_COLUMNS],
                                  guint               days_before,
                                  const gint64        notified[JG_QUOTA_N_COLUMNS]);

G_END_DECLS
