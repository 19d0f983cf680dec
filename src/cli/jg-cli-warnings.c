/* jg-cli-warnings.c — `jianguan-cli warnings`: the Overview's warnings
 *
 * One line per warning, "kind<TAB>key<TAB>reason", in the order the
 * Overview lists them, for scripts and tests. Evaluating updates the
 * warnings' state as the app does (jg-warnings.h), so a warning the app
 * has dismissed is not printed either. The thresholds are the
 * Preferences' defaults unless given; the coverage figure, which the
 * coverage module computes, can be given as COVERED/TOTAL/TARGET.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "jg-cli.h"
#include "jg-posts-sync.h"
#include "jg-warnings.h"

int
jg_cli_warnings (Command *cmd)
{
  g_autoptr(JgStore) store = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *now_text = NULL;
  g_autofree char *coverage_text = NULL;
  JgWarningsCoverage coverage = { 0, };
  JgWarningsInput input;
  int rejected_days = JG_WARNINGS_DEFAULT_REJECTED_DAYS;
  int unsent_days = JG_WARNINGS_DEFAULT_UNSENT_DAYS;
  int sync_days = JG_WARNINGS_DEFAULT_SYNC_DAYS;
  int quota_days = -1;
  const GOptionEntry entries[] = {
    { "rejected-days", 0, 0, G_OPTION_ARG_INT, &rejected_days, N_("Warn of records rejected for more than N days (default 3)"), "N" },
    { "unsent-days", 0, 0, G_OPTION_ARG_INT, &unsent_days, N_("Warn of ready records not sent for more than N days (default 2)"), "N" },
    { "sync-days", 0, 0, G_OPTION_ARG_INT, &sync_days, N_("Warn when no sync succeeded for more than N days (default 3)"), "N" },
    { "quota-days", 0, 0, G_OPTION_ARG_INT, &quota_days, N_("Warn of a column below its quota with N working days left or fewer (default 5)"), "N" },
    { "coverage", 0, 0, G_OPTION_ARG_STRING, &coverage_text, N_("The coverage figure: items covered, items in use and the target in percent"), "COVERED/TOTAL/TARGET" },
    { "now", 0, 0, G_OPTION_ARG_STRING, &now_text, N_("Evaluate at this time instead of now (ISO 8601)"), "TIME" },
    { NULL }
  };

  if (!jg_cli_command_parse (cmd, entries))
    return STATUS_USAGE;
  if (rejected_days < 0 || unsent_days < 0 || sync_days < 0)
    return jg_cli_usage_error (cmd->context, _("A number of days cannot be negative."));
  if (now_text != NULL)
    {
      now = g_date_time_new_from_iso8601 (now_text, NULL);
      if (now == NULL)
        return jg_cli_usage_error (cmd->context, _("--now is a time such as 2026-12-04T10:00:00+08:00."));
    }
  else
    now = g_date_time_new_now_utc ();

  jg_warnings_input_init (&input, g_date_time_to_unix (now));
  input.rejected_days = rejected_days;
  input.unsent_days = unsent_days;
  input.sync_days = sync_days;
  if (quota_days >= 0)
    input.quota_days = quota_days;
  if (coverage_text != NULL)
    {
      if (sscanf (coverage_text, "%u/%u/%lf", &coverage.covered, &coverage.total,
                  &coverage.target_percent) != 3
          || coverage.covered > coverage.total || coverage.target_percent < 0
          || coverage.target_percent > 100)
        return jg_cli_usage_error (cmd->context, _("--coverage is COVERED/TOTAL/TARGET, such as 72/100/80."));
      input.coverage = &coverage;
    }

  store = jg_cli_open_account_store (cmd);
  if (store == NULL)
    return jg_cli_fail (cmd);
  /* The server's thresholds as the last sync kept them, as in the app. */
  jg_posts_sync_get_quota_rules (store, input.quota_rules);
  list = jg_warnings_evaluate (store, &input, &cmd->error);
  if (list == NULL)
    return jg_cli_fail (cmd);
  for (guint i = 0; i < list->len; i++)
    {
      JgWarning *warning = g_ptr_array_index (list, i);

      g_print ("%s\t%s\t%s\n", jg_warning_kind_to_string (warning->kind), warning->key, warning->reason);
    }
  return STATUS_OK;
}
