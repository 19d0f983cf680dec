/* jg-coverage-rules.c — the arithmetic of coverage (see the header)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "jg-coverage-rules.h"

#include <stdio.h>
#include <string.h>

#include "jg-quota.h"

#define PERCENT_MAX 100
#define TENTHS 1000         /* a percentage in tenths: × 100 × 10 */

static gint
compare_rules (gconstpointer a,
               gconstpointer b)
{
  return strcmp (((const JgCoverageRule *) a)->from, ((const JgCoverageRule *) b)->from);
}

static gboolean
month_day_is_valid (const char *text)
{
  g_autofree char *date = NULL;

  if (strlen (text) != 5 || text[2] != '-')
    return FALSE;
  /* Any leap year will do: 02-29 is a day a rule may start on. */
  date = g_strconcat ("2028-", text, NULL);
  return jg_coverage_date_is_valid (date);
}

gboolean
jg_coverage_rules_parse (const char  *text,
                         GArray     **rules)
{
  g_autoptr(GArray) out = g_array_new (FALSE, TRUE, sizeof (JgCoverageRule));
  g_auto(GStrv) parts = NULL;

  g_return_val_if_fail (rules != NULL, FALSE);

  parts = g_strsplit (text != NULL ? text : "", ";", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      JgCoverageRule rule = { { 0 }, 0 };
      char *eq = strchr (parts[i], '=');
      gint64 percent;

      if (*parts[i] == '\0')
        continue;
      if (eq == NULL)
        return FALSE;
      *eq = '\0';
      if (!month_day_is_valid (parts[i]) ||
          !g_ascii_string_to_signed (eq + 1, 10, 0, PERCENT_MAX, &percent, NULL))
        return FALSE;
      memcpy (rule.from, parts[i], sizeof rule.from);
      rule.percent = (guint) percent;
      g_array_append_val (out, rule);
    }
  g_array_sort (out, compare_rules);
  *rules = g_steal_pointer (&out);
  return TRUE;
}

char *
jg_coverage_rules_to_string (const GArray *rules)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < rules->len; i++)
    {
      const JgCoverageRule *rule = &g_array_index (rules, JgCoverageRule, i);

      g_string_append_printf (text, "%s%s=%u", i > 0 ? ";" : "", rule->from, rule->percent);
    }
  return g_string_free (text, FALSE);
}

void
jg_coverage_target_for (const GArray     *rules,
                        const char       *date,
                        JgCoverageTarget *target)
{
  const char *month_day = date + 5;     /* "MM-DD" of "YYYY-MM-DD" */

  memset (target, 0, sizeof *target);
  g_return_if_fail (date != NULL && strlen (date) == JG_COVERAGE_DATE_SIZE - 1);

  for (guint i = 0; i < rules->len; i++)
    {
      const JgCoverageRule *rule = &g_array_index (rules, JgCoverageRule, i);

      if (strcmp (rule->from, month_day) <= 0)
        {
          target->percent = rule->percent;
          g_snprintf (target->from, sizeof target->from, "%.4s-%s", date, rule->from);
        }
      else if (target->next_from[0] == '\0')
        {
          target->next_percent = rule->percent;
          g_snprintf (target->next_from, sizeof target->next_from, "%.4s-%s", date, rule->from);
        }
    }
}

double
jg_coverage_percent (guint items,
                     guint covered)
{
  guint64 tenths;

  if (items == 0)
    return -1;
  /* Half up on the tenth, in integers: 2 × covered × 1000 + items over
   * 2 × items. */
  tenths = ((guint64) covered * TENTHS * 2 + items) / ((guint64) items * 2);
  return tenths / 10.0;
}

guint
jg_coverage_target_items (guint items,
                          guint percent)
{
  return (guint) (((guint64) items * percent + PERCENT_MAX - 1) / PERCENT_MAX);
}

guint
jg_coverage_gap (guint items,
                 guint covered,
                 guint percent)
{
  guint needed = jg_coverage_target_items (items, percent);

  return needed > covered ? needed - covered : 0;
}

gboolean
jg_coverage_date_is_valid (const char *text)
{
  guint y, m, d;
  char tail;

  if (text == NULL || strlen (text) != JG_COVERAGE_DATE_SIZE - 1 || text[4] != '-' || text[7] != '-')
    return FALSE;
  for (guint i = 0; i < JG_COVERAGE_DATE_SIZE - 1; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
      return FALSE;
  if (sscanf (text, "%4u-%2u-%2u%c", &y, &m, &d, &tail) != 3)
    return FALSE;
  return y >= 1 && g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y);
}

void
jg_coverage_date_of (gint64 unix_seconds,
                     char   out[JG_COVERAGE_DATE_SIZE])
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (unix_seconds + JG_QUOTA_UTC_OFFSET_SECONDS);

  g_snprintf (out, JG_COVERAGE_DATE_SIZE, "%04d-%02d-%02d", g_date_time_get_year (utc),
              g_date_time_get_month (utc), g_date_time_get_day_of_month (utc));
}

void
jg_coverage_month_end (guint year,
                       guint month,
                       char  out[JG_COVERAGE_DATE_SIZE])
{
  g_snprintf (out, JG_COVERAGE_DATE_SIZE, "%04u-%02u-%02u", year, month,
              g_date_get_days_in_month ((GDateMonth) month, (GDateYear) year));
}
