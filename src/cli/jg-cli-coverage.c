/* jg-cli-coverage.c — `jianguan-cli coverage` and `jianguan-cli report city`
 *
 *   coverage [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--items] [--local]
 *            [--user USER] [--password-stdin]
 *   report city [--month YYYY-MM] [--user USER] [--password-stdin]
 *
 * coverage prints the department's figures as the Overview shows them
 * (jg-coverage.h): the server's, fetched first unless --local (the last
 * one kept when the server cannot be reached), this computer's from
 * accepted records and with the pending ones, the target and the gap;
 * one "label<TAB>value…" line each. --items adds the items, one per line.
 * report city prints the city's table (jg_city_table_to_tsv()).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "jg-report-monthly.h"
#include "jg-coverage.h"
#include "jg-coverage-city.h"
#include "jg-outbox.h"
#include "jg-quota.h"

#include "jg-cli.h"

static char *
format_percent (double percent)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (percent < 0)
    return g_strdup ("-");
  return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.1f", percent));
}

static void
print_coverage (JgCoverageReport *report,
                       gboolean          items)
{
  g_autofree char *accepted = format_percent (jg_coverage_report_percent (report, FALSE));
  g_autofree char *pending = format_percent (jg_coverage_report_percent (report, TRUE));

  g_print ("%s\t%s\n", _("Department"), report->department);
  g_print ("%s\t%s\t%s\n", _("Period"), report->from, report->to);
  g_print ("%s\t%u\n", _("Items"), report->items);
  if (report->server.valid)
    {
      g_autofree char *server = format_percent (jg_coverage_percent (report->server.items,
                                                                     report->server.covered));
      g_autofree char *when = jg_city_format_time (report->server.fetched_at);

      g_print ("%s\t%u\t%s\t%s\t%s\t%s\n", _("Server confirmed"), report->server.covered, server,
               report->server.from, report->server.to, when);
    }
  else
    g_print ("%s\t-\n", _("Server confirmed"));
  g_print ("%s\t%u\t%s\n", _("Accepted here"), report->covered, accepted);
  g_print ("%s\t%u\t%s\n", _("With pending"), report->covered_with_pending, pending);
  g_print ("%s\t%u\t%s\t%u\t%u\n", _("Target"), report->target.percent,
           report->target.from[0] != '\0' ? report->target.from : "-", report->target_items,
           report->gap);
  if (!items)
    return;
  for (guint i = 0; i < report->per_item->len; i++)
    {
      JgCoverageItem *item = g_ptr_array_index (report->per_item, i);
      g_autofree char *city = item->city_count >= 0 ? g_strdup_printf ("%d", item->city_count)
                                                    : g_strdup ("-");

      g_print ("%s\t%s\t%s\t%u\t%u\t%s\t%s\n", item->code, jg_coverage_item_kind_label (item),
               item->body != NULL ? item->body : "", item->accepted, item->pending, city,
               item->name != NULL ? item->name : "");
    }
}

int
jg_cli_coverage (Command *cmd)
{
  g_autoptr(JgStore) store = NULL;
  g_autoptr(JgCoverageReport) report = NULL;
  g_autoptr(JgAccount) account = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *user = NULL;
  g_autofree char *server = NULL;
  g_autofree char *token = NULL;
  gboolean items = FALSE, local = FALSE, password_stdin = FALSE;
  const GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("First day of the period (default: 1 January)"), "YYYY-MM-DD" },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_("Last day of the period (default: today)"), "YYYY-MM-DD" },
    { "items", 0, 0, G_OPTION_ARG_NONE, &items, N_("Also print every item: code, kind, body, accepted, pending, records in the city, name"), NULL },
    { "local", 0, 0, G_OPTION_ARG_NONE, &local, N_("Do not ask the server; show the figure it last sent"), NULL },
    JG_CLI_SIGN_IN_ENTRIES (N_("As this user (default: the last one signed in)"),
                            &user, &password_stdin),
    { NULL }
  };

  if (!jg_cli_command_parse (cmd, entries))
    return STATUS_USAGE;
  if ((from != NULL && !jg_coverage_date_is_valid (from)) || (to != NULL && !jg_coverage_date_is_valid (to)))
    return jg_cli_usage_error (cmd->context, _("--from and --to are dates YYYY-MM-DD."));

  store = jg_cli_open_account_store (cmd);
  if (store == NULL)
    return jg_cli_fail (cmd);
  /* The local report first: it checks the period, and says the figure's
   * department even when the server cannot be reached. */
  report = jg_coverage_report_load (store, from, to, &cmd->error);
  if (report == NULL)
    return jg_cli_fail (cmd);
  if (!local)
    {
      token = jg_cli_account_token (cmd, &user, password_stdin, &server, &account, NULL);
      if (token == NULL ||
          !jg_coverage_fetch_server (store, server, cmd->globals->ca_file, token, report->from,
                                     report->to, NULL, &cmd->error))
        {
          /* What it last sent still shows, with its date. */
          g_printerr ("jianguan-cli: %s\n", cmd->error->message);
          g_clear_error (&cmd->error);
        }
      else
        {
          g_clear_pointer (&report, jg_coverage_report_free);
          report = jg_coverage_report_load (store, from, to, &cmd->error);
          if (report == NULL)
            return jg_cli_fail (cmd);
        }
    }
  print_coverage (report, items);
  return STATUS_OK;
}

gboolean
jg_cli_sync_coverage (Command    *cmd,
                      const char *server,
                      const char *db_path,
                      const char *token)
{
  g_autoptr(JgStore) store = jg_store_open_existing (db_path, &cmd->error);

  return store != NULL && jg_coverage_fetch_server (store, server, cmd->globals->ca_file, token,
                                                    NULL, NULL, NULL, &cmd->error);
}

static void
report_written (const char *path,
                guint       missing_glyphs)
{
  if (missing_glyphs > 0)
    g_printerr (g_dngettext (GETTEXT_PACKAGE,
                             "jianguan-cli: %u character has no glyph in the installed fonts and shows as a box.\n",
                             "jianguan-cli: %u characters have no glyph in the installed fonts and show as boxes.\n",
                             missing_glyphs), missing_glyphs);
  g_print (_("Report written to %s\n"), path);
}

/* The department's monthly report (通报) from this computer's data. */
static int
monthly_report (Command    *cmd,
                const char *month,
                const char *path)
{
  g_autoptr(JgStore) store = jg_cli_open_account_store (cmd);
  guint missing = 0;

  if (store == NULL)
    return jg_cli_fail (cmd);
  if (!jg_report_monthly_write (store, month, g_get_real_time () / G_USEC_PER_SEC, path, &missing,
                                &cmd->error))
    return jg_cli_fail (cmd);
  report_written (path, missing);
  return STATUS_OK;
}

int
jg_cli_report (Command *cmd)
{
  g_autoptr(JgAccount) account = NULL;
  g_autoptr(JgCityTable) table = NULL;
  g_autofree char *month = NULL;
  g_autofree char *user = NULL;
  g_autofree char *server = NULL;
  g_autofree char *token = NULL;
  g_autofree char *text = NULL;
  gboolean password_stdin = FALSE;
  guint y, m;
  const GOptionEntry entries[] = {
    { "month", 0, 0, G_OPTION_ARG_STRING, &month, N_("The month (default: this month)"), "YYYY-MM" },
    JG_CLI_SIGN_IN_ENTRIES (N_("As this user (default: the last one signed in)"),
                            &user, &password_stdin),
    { NULL }
  };

  if (!jg_cli_command_parse (cmd, entries))
    return STATUS_USAGE;
  if (month != NULL && !jg_quota_parse_month (month, &y, &m))
    return jg_cli_usage_error (cmd->context, _("--month is a month YYYY-MM."));
  if (!g_str_equal (cmd->argv[1], "city"))
    {
      if (cmd->argc > 2)
        return jg_cli_usage_error (cmd->context, _("Give one file: jianguan-cli report --month YYYY-MM FILE.pdf (or .csv, .xlsx)."));
      return monthly_report (cmd, month, cmd->argv[1]);
    }

  token = jg_cli_account_token (cmd, &user, password_stdin, &server, &account, NULL);
  if (token == NULL)
    return jg_cli_fail (cmd);
  table = jg_city_table_fetch (server, cmd->globals->ca_file, token, month, NULL, &cmd->error);
  if (table == NULL)
    {
      if (g_error_matches (cmd->error, JG_OUTBOX_ERROR, JG_OUTBOX_ERROR_NEEDS_SIGN_IN))
        jg_account_forget_token (account);
      return jg_cli_fail (cmd);
    }
  if (cmd->argc > 2)
    {
      g_autoptr(JgReport) report = jg_report_city_build (table);

      if (!jg_report_write (report, cmd->argv[2], &cmd->error))
        return jg_cli_fail (cmd);
      report_written (cmd->argv[2], jg_report_get_missing_glyphs (report));
      return STATUS_OK;
    }
  text = jg_city_table_to_tsv (table);
  g_print ("%s", text);
  return STATUS_OK;
}
