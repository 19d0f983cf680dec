/* jg-quota.h — the monthly quota of 监管动态 and 曝光台, as arithmetic
 *
 * Each month a department publishes at least N updates totalling at least
 * M items per column. An item is one published post; an update is a
 * calendar day in Asia/Shanghai on which at least one item of the column
 * was published. Times are the server's publication times, in unix
 * seconds. No SQL here: the store and the server feed these functions.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Asia/Shanghai as a fixed offset: China has had no daylight saving since
 * 1991 and none is planned, and the server, the client and the tests must
 * count the same day whatever the machine's time zone or tzdata say. */
#define JG_QUOTA_UTC_OFFSET_SECONDS (8 * 3600)
#define JG_QUOTA_SECONDS_PER_DAY    (24 * 3600)

typedef enum {
  JG_QUOTA_DYNAMICS,
  JG_QUOTA_EXPOSURE,
  JG_QUOTA_N_COLUMNS,
} JgQuotaColumn;     /* same order as JgPostColumn */

typedef struct {
  guint updates_needed;
  guint items_needed;
} JgQuotaRule;

typedef struct {
  guint updates;
  guint items;
} JgQuotaCount;

/* The defaults of the plan: dynamics 2 updates / 4 items, exposure 1 / 1. */
void     jg_quota_default_rule        (JgQuotaColumn       column,
                                       JgQuotaRule        *rule);
/* The day number in Shanghai (days since 1970-01-01 there). */
gint64   jg_quota_day_of              (gint64              unix_seconds);
/* The month (1–12) of @year in Shanghai as [@start, @end) unix seconds. */
void     jg_quota_month_bounds        (guint               year,
                                       guint               month,
                                       gint64             *start,
                                       gint64             *end);
/* Counts the items of @published (any order) within the month and their
 * distinct Shanghai days. */
void     jg_quota_count               (const gint64       *published,
                                       gsize               n,
                                       guint               year,
                                       guint               month,
                                       JgQuotaCount       *out);
gboolean jg_quota_is_met              (const JgQuotaRule  *rule,
                                       const JgQuotaCount *count);
/* The working-day calendar: Monday–Friday, except the days the server's
 * calendar marks (`jianguan-server holidays`): public holidays off, and
 * the weekend days worked in their stead (调休) on. Kept as text in the
 * account's database, "2026-10-01=off;2026-10-10=work", sorted by day. */
typedef struct _JgWorkCalendar JgWorkCalendar;

typedef enum {
  JG_WORK_DAY_OFF,
  JG_WORK_DAY_WORK,
} JgWorkDayKind;

JgWorkCalendar *jg_work_calendar_new        (void);
void            jg_work_calendar_free       (JgWorkCalendar       *calendar);
/* Entries that are not "YYYY-MM-DD=off|work" are skipped: a newer server's
 * kinds never make an older client refuse the whole calendar. */
JgWorkCalendar *jg_work_calendar_parse      (const char           *text);
char           *jg_work_calendar_to_string  (const JgWorkCalendar *calendar);
/* FALSE when @date is not a real YYYY-MM-DD date (years 2000–9999). */
gboolean        jg_work_calendar_set        (JgWorkCalendar       *calendar,
                                             const char           *date,
                                             JgWorkDayKind         kind);
/* The Shanghai day number (jg_quota_day_of) of a YYYY-MM-DD date. */
gboolean        jg_quota_parse_day          (const char           *date,
                                             gint64               *day);
/* "YYYY-MM" (months 01–12, years 2000–9999), as every month argument is
 * read: the CLI's --month, the monthly report's, the server's ?month=. */
gboolean        jg_quota_parse_month        (const char           *text,
                                             guint                *year,
                                             guint                *month);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (JgWorkCalendar, jg_work_calendar_free)

/* Working days from @now's Shanghai day to the end of that month, today
 * included, by @calendar (NULL: Monday–Friday). */
guint    jg_quota_working_days_left   (const JgWorkCalendar *calendar,
                                       GDateTime            *now);
/* Whether @now's Shanghai day is the month's last working day. */
gboolean jg_quota_is_last_working_day (const JgWorkCalendar *calendar,
                                       GDateTime            *now);
/* Translated: "本月 1/2 次、3/4 条" style (the column name not included). */
char    *jg_quota_describe            (JgQuotaColumn       column,
                                       const JgQuotaRule  *rule,
                                       const JgQuotaCount *count);

G_END_DECLS
