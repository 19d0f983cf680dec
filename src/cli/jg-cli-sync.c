/* jg-cli-sync.c — `jianguan-cli sync-catalogue` and `jianguan-cli sync`
 *
 * sync-catalogue downloads the catalogue and code tables into the server's
 * cache; sync does the same as the signed-in account, then sends ready
 * records and learns their states (the outbox), sends the posts
 * (jg-cli-posts.c) and keeps the server's coverage figure
 * (jg-cli-coverage.c). Progress goes to stderr on a terminal.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <unistd.h>

#include "jg-account.h"
#include "jg-catalogue-sync.h"
#include "jg-outbox.h"
#include "jg-paths.h"

#include "jg-cli.h"

/* Downloads the catalogue of @server into @db_path with progress on stderr. */
static gboolean
sync_catalogue (Globals       *globals,
                const char    *server,
                const char    *db_path,
                int            page_size,
                JgSyncResult  *result,
                GError       **error)
{
  g_autoptr(JgCatalogueSync) sync = jg_catalogue_sync_new (db_path, server);
  /* xgettext cannot see through G_GUINT64_FORMAT: %llu with casts. */
  Progress progress = { isatty (fileno (stderr)), _("Downloading the catalogue: %llu of %llu changes") };
  gboolean ok;

  jg_catalogue_sync_set_ca_file (sync, globals->ca_file);
  if (page_size > 0)
    jg_catalogue_sync_set_page_size (sync, page_size);
  g_signal_connect (sync, "progress", G_CALLBACK (jg_cli_on_progress), &progress);

  ok = jg_catalogue_sync_run (sync, result, NULL, error);
  jg_cli_end_progress (&progress);
  if (ok)
    jg_paths_set_default_server (server);
  return ok;
}

int
jg_cli_sync_catalogue (Command *cmd)
{
  g_autofree char *server = NULL;
  g_autofree char *db_path = NULL;
  JgSyncResult result;
  int page_size = 0;
  const GOptionEntry entries[] = {
    { "page-size", 0, 0, G_OPTION_ARG_INT, &page_size, N_("Changes per request (1–10000)"), "N" },
    { NULL }
  };

  if (!jg_cli_command_parse (cmd, entries))
    return STATUS_USAGE;

  /* The catalogue is the same for everyone: synced through the anonymous
   * database into the server's cache, which every account shares. */
  db_path = jg_cli_resolve_database (cmd, FALSE, &server);
  if (db_path == NULL ||
      !sync_catalogue (cmd->globals, server, db_path, page_size, &result, &cmd->error))
    return jg_cli_fail (cmd);

  if (result.not_modified)
    g_print (_("The catalogue is up to date.\n"));
  else
    g_print (g_dngettext (GETTEXT_PACKAGE, "Applied %llu change.\n",
                          "Applied %llu changes.\n", result.changes_applied),
             (unsigned long long) result.changes_applied);
  return STATUS_OK;
}

/* Sends the ready records and learns their states (the outbox), then the
 * posts, whatever became of the records but a refused token. FALSE with
 * cmd->error: the records' when both failed (the posts' is said). */
static gboolean
push_records_and_posts (Command        *cmd,
                        const char     *server,
                        const char     *db_path,
                        const char     *token,
                        int             batch_size,
                        JgOutboxResult *result)
{
  g_autoptr(JgOutbox) outbox = jg_outbox_new (db_path, server, token);
  Progress progress = { isatty (fileno (stderr)), _("Sending records: %llu of %llu") };
  g_autoptr(GError) records_error = NULL;
  gboolean ok, posts_ok;

  jg_outbox_set_ca_file (outbox, cmd->globals->ca_file);
  if (batch_size > 0)
    jg_outbox_set_batch_size (outbox, batch_size);
  g_signal_connect (outbox, "progress", G_CALLBACK (jg_cli_on_progress), &progress);
  ok = jg_outbox_run (outbox, result, NULL, &cmd->error);
  jg_cli_end_progress (&progress);
  if (!ok && g_error_matches (cmd->error, JG_OUTBOX_ERROR, JG_OUTBOX_ERROR_NEEDS_SIGN_IN))
    return FALSE;

  records_error = g_steal_pointer (&cmd->error);
  posts_ok = jg_cli_sync_posts (cmd, server, db_path, token);
  if (records_error == NULL)
    return posts_ok;
  /* Both are said; the records' error is the command's. */
  if (!posts_ok)
    g_printerr ("jianguan-cli: %s\n", cmd->error->message);
  g_clear_error (&cmd->error);
  cmd->error = g_steal_pointer (&records_error);
  return FALSE;
}

/* What the records' part of a sync did. */
static void
print_sync_result (const JgOutboxResult *result)
{
  g_print (g_dngettext (GETTEXT_PACKAGE, "Sent %u record: ", "Sent %u records: ", result->sent),
           result->sent);
  g_print (_("%u accepted, %u rejected; %u states updated.\n"),
           result->accepted, result->rejected, result->states_applied);
  /* What the other workstations of the department sent (and, on a new
   * workstation, every record of the department: the restore). */
  if (result->restored > 0 || result->removed > 0 || result->kept_local > 0)
    g_print (_("From the server: %u records received or updated, %u removed as deleted there, "
               "%u kept with your unsent changes.\n"),
             result->restored, result->removed, result->kept_local);
}

int
jg_cli_sync (Command *cmd)
{
  g_autoptr(JgAccount) account = NULL;
  g_autofree char *server = NULL;
  g_autofree char *user = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *token = NULL;
  gboolean password_stdin = FALSE, bad_usage;
  int batch_size = 0;
  JgOutboxResult result;
  const GOptionEntry entries[] = {
    JG_CLI_SIGN_IN_ENTRIES (N_("Sync as this user (default: the last one signed in)"),
                            &user, &password_stdin),
    { "batch-size", 0, 0, G_OPTION_ARG_INT, &batch_size, N_("Records per request (1–1000)"), "N" },
    { NULL }
  };

  if (!jg_cli_command_parse (cmd, entries))
    return STATUS_USAGE;

  token = jg_cli_account_token (cmd, &user, password_stdin, &server, &account, &bad_usage);
  if (token == NULL)
    return bad_usage ? jg_cli_usage_error (cmd->context, cmd->error->message) : jg_cli_fail (cmd);

  db_path = jg_paths_database_for_server (server, user, &cmd->error);
  if (db_path == NULL ||
      !sync_catalogue (cmd->globals, server, db_path, 0, NULL, &cmd->error))
    return jg_cli_fail (cmd);

  if (!push_records_and_posts (cmd, server, db_path, token, batch_size, &result))
    {
      if (g_error_matches (cmd->error, JG_OUTBOX_ERROR, JG_OUTBOX_ERROR_NEEDS_SIGN_IN))
        jg_account_forget_token (account);
      if (result.retry_after > 0)
        g_printerr (g_dngettext (GETTEXT_PACKAGE,
                                 "jianguan-cli: the server asks to try again in %u second.\n",
                                 "jianguan-cli: the server asks to try again in %u seconds.\n",
                                 result.retry_after), result.retry_after);
      return jg_cli_fail (cmd);
    }

  /* The server's coverage figure, for the Overview: a failure costs
   * nothing but a warning, the last figure stays. */
  if (!jg_cli_sync_coverage (cmd, server, db_path, token))
    {
      g_printerr ("jianguan-cli: %s\n", cmd->error->message);
      g_clear_error (&cmd->error);
    }
  print_sync_result (&result);
  return STATUS_OK;
}
