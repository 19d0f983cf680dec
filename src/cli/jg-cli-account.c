/* jg-cli-account.c — `jianguan-cli login` and `jianguan-cli logout`
 *
 * The password is read from standard input, one line, and wiped once
 * used; the token is kept in the keyring (in memory only when there is
 * none). sync, coverage and posts sign in the same way with
 * --password-stdin (jg_cli_sign_in_from_stdin()).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "jg-account.h"
#include "jg-paths.h"

#include "jg-cli.h"

/* The password from standard input: one line, without its newline. */
static char *
read_password (void)
{
  g_autoptr(GIOChannel) channel = g_io_channel_unix_new (fileno (stdin));
  char *line = NULL;
  gsize terminator = 0;

  if (isatty (fileno (stdin)))
    g_printerr (_("Password: "));
  if (g_io_channel_read_line (channel, &line, NULL, &terminator, NULL) != G_IO_STATUS_NORMAL ||
      line == NULL)
    return NULL;
  line[terminator] = '\0';
  return line;
}

static void
free_password (char *password)
{
  if (password != NULL)
    {
      explicit_bzero (password, strlen (password));
      g_free (password);
    }
}

/* @user's account on @server, trusting --ca-file. */
JgAccount *
jg_cli_account_new (Globals    *globals,
                    const char *server,
                    const char *user)
{
  JgAccount *account = jg_account_new (server, user);

  jg_account_set_ca_file (account, globals->ca_file);
  return account;
}

/* Signs @account in with the password on standard input: FALSE with
 * cmd->error when it was refused, or with *@no_password set too when there
 * was none (or, when @refuse_empty, an empty line). */
static gboolean
sign_in (Command   *cmd,
         JgAccount *account,
         gboolean   refuse_empty,
         gboolean  *no_password)
{
  char *password = read_password ();
  gboolean ok;

  *no_password = password == NULL || (refuse_empty && *password == '\0');
  if (*no_password)
    {
      free_password (password);
      g_set_error_literal (&cmd->error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("No password on standard input."));
      return FALSE;
    }
  ok = jg_account_login (account, password, NULL, &cmd->error);
  free_password (password);
  return ok;
}

/* Signs @account in with the password on standard input. No password (or,
 * when @refuse_empty, an empty line) is bad usage; a refused one fails with
 * cmd->error. Returns STATUS_OK when signed in. */
int
jg_cli_sign_in_from_stdin (Command   *cmd,
                           JgAccount *account,
                           gboolean   refuse_empty)
{
  gboolean no_password;

  if (sign_in (cmd, account, refuse_empty, &no_password))
    return STATUS_OK;
  if (no_password)
    return jg_cli_usage_error (cmd->context, cmd->error->message);
  return jg_cli_fail (cmd);
}

/* The token of *@user's account (the last user signed in to the server
 * when *@user is NULL), signing in first with the password on standard
 * input when @password_stdin; an empty line is sent as it is, the server
 * says whether it fits. The server goes to *@server, the account to
 * *@account (without a keyring the token lives only in it). NULL with
 * cmd->error, said by the caller; *@bad_usage (if not NULL) tells nobody
 * signed in and no password from a refusal. */
char *
jg_cli_account_token (Command     *cmd,
                      char       **user,
                      gboolean     password_stdin,
                      char       **server,
                      JgAccount  **account,
                      gboolean    *bad_usage)
{
  gboolean no_password = FALSE;

  if (bad_usage != NULL)
    *bad_usage = FALSE;
  *server = jg_cli_resolve_account (cmd, user);
  if (*server == NULL)
    return NULL;
  if (*user == NULL)
    {
      g_set_error_literal (&cmd->error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           _("Nobody is signed in. Use “jianguan-cli login --server URL USER” first."));
      if (bad_usage != NULL)
        *bad_usage = TRUE;
      return NULL;
    }
  *account = jg_cli_account_new (cmd->globals, *server, *user);
  if (password_stdin)
    {
      if (!sign_in (cmd, *account, FALSE, &no_password))
        {
          if (bad_usage != NULL)
            *bad_usage = no_password;
          return NULL;
        }
      jg_account_set_default_username (*server, *user);
    }
  return jg_account_get_token (*account, &cmd->error);
}

int
jg_cli_login (Command *cmd)
{
  g_autoptr(JgAccount) account = NULL;
  g_autofree char *server_option = NULL;
  g_autofree char *server = NULL;
  const char *user;
  int status;
  const GOptionEntry entries[] = {
    { "server", 's', 0, G_OPTION_ARG_STRING, &server_option, N_("The central server, e.g. http://127.0.0.1:8437/"), "URL" },
    { NULL }
  };

  if (!jg_cli_command_parse (cmd, entries))
    return STATUS_USAGE;

  if (server_option != NULL)
    {
      g_free (cmd->globals->server);
      cmd->globals->server = g_strdup (server_option);
    }
  server = jg_cli_resolve_server (cmd->globals, &cmd->error);
  if (server == NULL)
    return jg_cli_fail (cmd);

  user = cmd->argv[1];
  account = jg_cli_account_new (cmd->globals, server, user);
  status = jg_cli_sign_in_from_stdin (cmd, account, TRUE);
  if (status != STATUS_OK)
    return status;

  jg_paths_set_default_server (server);
  jg_account_set_default_username (server, user);
  g_print (_("Signed in as %s (%s).\n"), user,
           jg_account_get_department_name (account) ?: jg_account_get_department (account));
  if (jg_account_token_is_in_memory (account))
    g_printerr (_("jianguan-cli: no keyring is available, so the sign-in lasts only while this "
                  "command runs. Use “sync --password-stdin” to sign in and sync at once.\n"));
  return STATUS_OK;
}

int
jg_cli_logout (Command *cmd)
{
  g_autoptr(GError) server_error = NULL;
  g_autoptr(JgAccount) account = NULL;
  g_autofree char *server = NULL;
  g_autofree char *user = NULL;

  if (!jg_cli_command_parse (cmd, NULL))
    return STATUS_USAGE;
  server = jg_cli_resolve_account (cmd, &user);
  if (server == NULL)
    return jg_cli_fail (cmd);
  if (user == NULL)
    {
      g_print (_("Nobody is signed in to this server.\n"));
      return STATUS_OK;
    }

  account = jg_cli_account_new (cmd->globals, server, user);
  if (!jg_account_logout (account, NULL, &server_error, &cmd->error))
    return jg_cli_fail (cmd);
  if (server_error != NULL)
    g_printerr ("jianguan-cli: %s\n", server_error->message);
  jg_account_set_default_username (server, NULL);
  g_print (_("Signed out %s.\n"), user);
  return STATUS_OK;
}
