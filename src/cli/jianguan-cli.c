/* jianguan-cli.c — headless import, export, sync and search
 *
 * For administrators' scripts and for tests. Output meant for scripts is
 * tab-separated on stdout; messages go to stderr. Exit status: 0 success,
 * 1 the operation failed, 2 bad usage.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "jg-account.h"
#include "jg-catalogue.h"
#include "jg-catalogue-sync.h"
#include "jg-outbox.h"
#include "jg-paths.h"
#include "jg-record-imports.h"
#include "jg-record-counts.h"
#include "jg-record-store.h"
#include "jg-transfer.h"

#include "jg-cli.h"

/* The command failed with cmd->error. */
int
jg_cli_fail (Command *cmd)
{
  g_printerr ("jianguan-cli: %s\n", cmd->error->message);
  /* The core's sentence points at the app's Preferences. */
  if (g_error_matches (cmd->error, JG_SYNC_ERROR, JG_SYNC_ERROR_TLS))
    g_printerr (_("jianguan-cli: to trust your network’s certificate authority, give its "
                  "certificate file with --ca-file FILE.\n"));
  return STATUS_FAILED;
}

int
jg_cli_usage_error (GOptionContext *context,
                    const char     *message)
{
  g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

  g_printerr ("jianguan-cli: %s\n\n%s", message, help);
  return STATUS_USAGE;
}

/* What main() and every command do first: parse @context's options (adding
 * @entries, if any, to it) and check that between @min_args and @max_args
 * arguments follow (*argv)[0]. On bad usage it says why (@count_message for
 * a wrong count) above the help, as usage_error() does, and returns FALSE:
 * the caller exits with STATUS_USAGE. The context stays the caller's, so the
 * caller can still report bad values of its options through usage_error(). */
static gboolean
parse_command_line (GOptionContext      *context,
                    const GOptionEntry  *entries,
                    int                 *argc,
                    char              ***argv,
                    int                  min_args,
                    int                  max_args,
                    const char          *count_message)
{
  g_autoptr(GError) error = NULL;
  g_autofree char **options = NULL;
  int end = 1, n_options;

  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  /* "--" ends the options: "search -- -2014" searches for -2014. GLib
   * keeps the "--" in argv when an argument after it begins with '-', and
   * it would count as an argument; so only what comes before the first
   * "--" is parsed, and what follows it is taken as it is. (main()'s
   * context stops at the command's name: the "--" is the command's.) */
  while (end < *argc && strcmp ((*argv)[end], "--") != 0)
    end++;
  if (g_option_context_get_strict_posix (context))
    end = *argc;
  n_options = end;
  options = g_memdup2 (*argv, sizeof (char *) * (end + 1));
  options[end] = NULL;
  if (!g_option_context_parse (context, &n_options, &options, &error))
    {
      jg_cli_usage_error (context, error->message);
      return FALSE;
    }
  /* The arguments left, then those after "--", back into @argv's array:
   * never more than were there. */
  {
    int n_rest = end < *argc ? *argc - end - 1 : 0;

    memmove (*argv + n_options, *argv + end + (end < *argc), sizeof (char *) * n_rest);
    memcpy (*argv, options, sizeof (char *) * n_options);
    *argc = n_options + n_rest;
    (*argv)[*argc] = NULL;
  }
  if (*argc - 1 < min_args || *argc - 1 > max_args)
    {
      jg_cli_usage_error (context, count_message);
      return FALSE;
    }
  return TRUE;
}

/* parse_command_line() for @cmd, with the counts of its CommandSpec. */
gboolean
jg_cli_command_parse (Command            *cmd,
                      const GOptionEntry *entries)
{
  const CommandSpec *spec = cmd->spec;

  return parse_command_line (cmd->context, entries, &cmd->argc, &cmd->argv,
                             spec->min_args, spec->max_args,
                             spec->count_message ? _(spec->count_message) : NULL);
}

static char *
resolve_server (Globals  *globals,
                GError  **error)
{
  const char *env = g_getenv ("JIANGUAN_SERVER");
  char *saved;

  if (globals->server != NULL)
    return g_strdup (globals->server);
  if (env != NULL && *env != '\0')
    return g_strdup (env);

  saved = jg_paths_get_default_server ();
  if (saved != NULL)
    return saved;

  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _("No server given. Use --server URL (or set JIANGUAN_SERVER)."));
  return NULL;
}

/* The server, and in *@user, unless it is set already, the last user who
 * signed in to it (NULL: nobody is signed in). */
char *
jg_cli_resolve_account (Command  *cmd,
                        char    **user)
{
  char *server = resolve_server (cmd->globals, &cmd->error);

  if (server != NULL && *user == NULL)
    *user = jg_account_get_default_username (server);
  return server;
}

/* The server and the path of its local database: the signed-in account's
 * when @for_account (records are written for its department), else (or when
 * nobody is signed in) the anonymous one. Both attach the server's one
 * catalogue cache (jg-store.c). The server goes to @out_server if not %NULL. */
char *
jg_cli_resolve_database (Command   *cmd,
                         gboolean   for_account,
                         char     **out_server)
{
  g_autofree char *user = NULL;
  g_autofree char *server = for_account ? jg_cli_resolve_account (cmd, &user)
                                        : resolve_server (cmd->globals, &cmd->error);
  char *db_path;

  if (server == NULL)
    return NULL;
  /* What this command writes is audited in the signed-in account's name. */
  if (for_account)
    jg_record_store_set_actor (user);
  db_path = jg_paths_database_for_server (server, user, &cmd->error);
  if (db_path != NULL && out_server != NULL)
    *out_server = g_steal_pointer (&server);
  return db_path;
}

void
jg_cli_on_progress (gpointer  source,
                    guint64   done,
                    guint64   total,
                    gpointer  user_data)
{
  Progress *progress = user_data;

  if (progress->tty)
    {
      g_printerr ("\r");
      g_printerr (progress->format, (unsigned long long) done, (unsigned long long) total);
    }
}

void
jg_cli_end_progress (Progress *progress)
{
  if (progress->tty)
    g_printerr ("\n");
}

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

static int
cmd_sync_catalogue (Command *cmd)
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

/* The signed-in account's database (see resolve_database()). */
JgStore *
jg_cli_open_account_store (Command *cmd)
{
  g_autofree char *db_path = jg_cli_resolve_database (cmd, TRUE, NULL);

  if (db_path == NULL)
    return NULL;
  return jg_store_open_existing (db_path, &cmd->error);
}

static int
cmd_search (Command *cmd)
{
  g_autoptr(JgStore) store = NULL;
  g_autoptr(JgCatalogueQuery) query = jg_catalogue_query_new (NULL);
  g_autoptr(GListModel) results = NULL;
  g_autofree char *random = NULL;
  gboolean all = FALSE;
  int limit = 20;
  const GOptionEntry entries[] = {
    { "limit", 'n', 0, G_OPTION_ARG_INT, &limit, N_("Print at most N results (default 20; with --all, per kind)"), "N" },
    { "all", 'a', 0, G_OPTION_ARG_NONE, &all, N_("Search everything, as the app’s one-key search: kind<TAB>rank<TAB>key<TAB>title<TAB>subtitle per line"), NULL },
    { "department", 0, 0, G_OPTION_ARG_STRING, &query->department, N_("Only items of this department (code)"), "CODE" },
    { "action-type", 0, 0, G_OPTION_ARG_STRING, &query->action_type, N_("Only this action type (0 inspection, 1 penalty, 2 coercion, 3 other)"), "N" },
    { "level", 0, 0, G_OPTION_ARG_STRING, &query->level, N_("Only items exercised at this level (1–5)"), "N" },
    { "random-check", 0, 0, G_OPTION_ARG_STRING, &random, N_("Only items in (yes) or not in (no) random checks"), "yes|no" },
    { NULL }
  };

  if (!jg_cli_command_parse (cmd, entries))
    return STATUS_USAGE;
  if (limit <= 0)
    return jg_cli_usage_error (cmd->context, _("--limit must be a positive number."));

  if (all)
    return jg_cli_search_all (cmd, cmd->argc == 2 ? cmd->argv[1] : "", limit);

  g_free (query->text);
  query->text = g_strdup (cmd->argc == 2 ? cmd->argv[1] : "");
  query->limit = limit;
  if (random != NULL)
    {
      if (g_str_equal (random, "yes"))
        query->random_check = JG_TRISTATE_YES;
      else if (g_str_equal (random, "no"))
        query->random_check = JG_TRISTATE_NO;
      else
        return jg_cli_usage_error (cmd->context, _("--random-check takes “yes” or “no”."));
    }

  store = jg_cli_open_account_store (cmd);
  if (store == NULL)
    return jg_cli_fail (cmd);

  results = jg_catalogue_search_sync (store, query, &cmd->error);
  if (results == NULL)
    return jg_cli_fail (cmd);

  for (guint i = 0; i < g_list_model_get_n_items (results); i++)
    {
      g_autoptr(JgSubItem) item = g_list_model_get_item (results, i);

      g_print ("%s\t%s\t%s\n",
               jg_sub_item_get_code (item),
               jg_sub_item_get_name (item),
               jg_sub_item_get_department_name (item) ?: "");
    }

  return STATUS_OK;
}
/* "KEY<TAB>time" for scripts, the time in ISO 8601 with the local offset. */
static void
print_time (const char *key,
            gint64      unix_time)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (unix_time);
  g_autofree char *text = g_date_time_format_iso8601 (when);

  g_print ("%s\t%s\n", key, text);
}

static int
cmd_status (Command *cmd)
{
  g_autoptr(JgStore) store = NULL;
  JgRecordCounts counts;
  g_autofree char *message = NULL;
  JgCatalogueStats stats;
  gint64 finished = 0, next_attempt;
  gboolean ok = FALSE;

  if (!jg_cli_command_parse (cmd, NULL))
    return STATUS_USAGE;

  store = jg_cli_open_account_store (cmd);
  if (store == NULL || !jg_catalogue_get_stats_sync (store, &stats, &cmd->error))
    return jg_cli_fail (cmd);

  g_print ("departments\t%u\n", stats.departments);
  g_print ("items\t%u\n", stats.items);
  g_print ("sub-items\t%u\n", stats.sub_items);
  g_print ("implementations\t%u\n", stats.implementations);
  g_print ("officers\t%u\n", stats.officers);
  g_print ("code-entries\t%u\n", stats.code_entries);
  if (stats.last_sync > 0)
    print_time ("last-sync", stats.last_sync);
  else
    g_print ("last-sync\tnever\n");

  /* The app's own figures (jg-record-counts.h): "pending" is what the
   * header says is waiting to be sent. */
  if (!jg_record_store_count (store, NULL, &counts, &cmd->error))
    return jg_cli_fail (cmd);
  g_print ("records-draft\t%u\n", counts.drafts);
  g_print ("records-ready\t%u\n", counts.ready);
  g_print ("records-sending\t%u\n", counts.sending);
  g_print ("records-accepted\t%u\n", counts.accepted);
  g_print ("records-rejected\t%u\n", counts.rejected);
  g_print ("records-deleting\t%u\n", counts.deleting);
  g_print ("records-pending\t%u\n", counts.pending);
  if (jg_outbox_get_last_run (store, &finished, &ok, &message))
    {
      print_time ("records-last-sync", finished);
      g_print ("records-last-result\t%s\n", ok ? "ok" : "failed");
      if (message != NULL)
        g_print ("records-last-message\t%s\n", message);
    }
  else
    g_print ("records-last-sync\tnever\n");
  next_attempt = jg_outbox_get_next_attempt (store);
  if (next_attempt > 0)
    print_time ("records-next-attempt", next_attempt);

  return STATUS_OK;
}

static int
cmd_template (Command *cmd)
{
  g_autoptr(JgStore) store = NULL;
  JgRecordKind kind;

  g_option_context_set_summary (cmd->context, _("KIND is inspection, penalty, coercion or other."));
  if (!jg_cli_command_parse (cmd, NULL))
    return STATUS_USAGE;
  if (!jg_record_kind_from_string (cmd->argv[1], &kind))
    return jg_cli_usage_error (cmd->context, _("The kind is one of inspection, penalty, coercion or other."));

  /* The allowed codes come from the local code tables when there are any;
   * without them the template names the tables. */
  store = jg_cli_open_account_store (cmd);
  g_clear_error (&cmd->error);
  if (!jg_transfer_write_template_with_codes (store, kind, cmd->argv[2], &cmd->error))
    return jg_cli_fail (cmd);
  return STATUS_OK;
}

static void
print_problems (GPtrArray *problems)
{
  for (guint i = 0; i < problems->len; i++)
    {
      g_autofree char *line = jg_import_problem_describe (problems->pdata[i]);

      g_print ("%s\n", line);
    }
}

static int
cmd_import (Command *cmd)
{
  g_autoptr(JgStore) store = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify) jg_import_problem_free);
  g_autofree char *report = NULL;
  gboolean check = FALSE;
  gboolean as_draft = FALSE;
  gboolean warnings_as_drafts = FALSE;
  JgImportResult result;
  gboolean ok;
  const GOptionEntry entries[] = {
    { "report", 0, 0, G_OPTION_ARG_FILENAME, &report, N_("Write the report (errors, warnings and notices, row by row) to this CSV file"), "REPORT.csv" },
    { "check", 0, 0, G_OPTION_ARG_NONE, &check, N_("Only check the file: say what an import would do, and import nothing"), NULL },
    { "as-draft", 0, 0, G_OPTION_ARG_NONE, &as_draft, N_("Import the records as drafts, not ready to send"), NULL },
    { "warnings-as-drafts", 0, 0, G_OPTION_ARG_NONE, &warnings_as_drafts,
      N_("Import the rows with warnings as drafts, the others ready to send"), NULL },
    { NULL }
  };

  if (!jg_cli_command_parse (cmd, entries))
    return STATUS_USAGE;

  /* A file that cannot be imported at all exits with STATUS_USAGE, so that
   * scripts can tell it from STATUS_FAILED, some rows rejected. */
  store = jg_cli_open_account_store (cmd);
  if (store == NULL)
    ok = FALSE;
  else if (check)
    ok = jg_transfer_check (store, cmd->argv[1], report, &result, problems, NULL, &cmd->error);
  else
    ok = jg_transfer_import_full (store, cmd->argv[1],
                                  as_draft ? JG_RECORD_STATE_DRAFT : JG_RECORD_STATE_READY,
                                  warnings_as_drafts ? JG_IMPORT_WARNINGS_AS_DRAFTS
                                                     : JG_IMPORT_FLAGS_NONE,
                                  report, &result, problems, NULL, &cmd->error);
  if (!ok)
    {
      /* A full or read-only disk is no fault of the file. */
      if (cmd->error != NULL && cmd->error->domain == JG_STORE_ERROR)
        return jg_cli_fail (cmd);
      jg_cli_fail (cmd);
      return STATUS_USAGE;
    }

  /* The whole report: errors, warnings and notices, row by row. */
  print_problems (problems);
  g_print (g_dngettext (GETTEXT_PACKAGE, "%u row was already imported (duplicate).\n",
                        "%u rows were already imported (duplicates).\n", result.duplicates),
           result.duplicates);
  if (result.conflicts > 0)
    g_print (g_dngettext (GETTEXT_PACKAGE,
                          "%u row has the number of an existing record with other content (conflict).\n",
                          "%u rows have the number of an existing record with other content (conflicts).\n",
                          result.conflicts), result.conflicts);
  if (result.warnings > 0)
    g_print (g_dngettext (GETTEXT_PACKAGE, "%u warning about imported rows.\n",
                          "%u warnings about imported rows.\n", result.warnings), result.warnings);
  /* The last line is for scripts: not translated. */
  if (check)
    g_print ("check: new %u, duplicates %u, conflicts %u, rejected %u, warnings %u\n",
             result.imported, result.duplicates, result.conflicts, result.rejected, result.warnings);
  else
    g_print ("imported %u (%u with warnings), rejected %u\n", result.imported,
             result.with_warnings, result.rejected + result.conflicts);
  return result.rejected > 0 || result.conflicts > 0 ? STATUS_FAILED : STATUS_OK;
}

static int
cmd_import_undo (Command *cmd)
{
  g_autoptr(JgStore) store = NULL;
  g_auto(JgImportBatch) batch = { 0 };
  guint removed = 0;

  if (!jg_cli_command_parse (cmd, NULL))
    return STATUS_USAGE;
  store = jg_cli_open_account_store (cmd);
  if (store == NULL
      || !jg_record_imports_get_last (store, &batch, &cmd->error)
      || !jg_record_imports_undo_last (store, NULL, &removed, &cmd->error))
    return jg_cli_fail (cmd);
  g_print (g_dngettext (GETTEXT_PACKAGE,
                        "Undid the import of “%s”: %u record removed.\n",
                        "Undid the import of “%s”: %u records removed.\n", removed),
           batch.file, removed);
  return STATUS_OK;
}

static int
cmd_export (Command *cmd)
{
  g_autoptr(JgStore) store = NULL;
  g_autofree char *kind_text = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  JgRecordKind kind;
  guint written;
  const GOptionEntry entries[] = {
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind_text, N_("inspection, penalty, coercion or other"), "KIND" },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("Only records whose main date is on or after DATE"), "YYYY-MM-DD" },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_("Only records whose main date is on or before DATE"), "YYYY-MM-DD" },
    { NULL }
  };

  if (!jg_cli_command_parse (cmd, entries))
    return STATUS_USAGE;
  if (kind_text == NULL || !jg_record_kind_from_string (kind_text, &kind))
    return jg_cli_usage_error (cmd->context, _("--kind is one of inspection, penalty, coercion or other."));

  store = jg_cli_open_account_store (cmd);
  if (store == NULL ||
      !jg_transfer_export (store, kind, from, to, cmd->argv[1], &written, &cmd->error))
    return jg_cli_fail (cmd);
  g_print (g_dngettext (GETTEXT_PACKAGE, "Exported %u record.\n", "Exported %u records.\n", written),
           written);
  return STATUS_OK;
}

/* --- accounts and record sync --------------------------------------------- */

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

/* Signs @account in with the password on standard input. No password (or,
 * when @refuse_empty, an empty line) is bad usage; a refused one fails with
 * cmd->error. Returns STATUS_OK when signed in. */
int
jg_cli_sign_in_from_stdin (Command   *cmd,
                           JgAccount *account,
                           gboolean   refuse_empty)
{
  char *password = read_password ();
  gboolean ok;

  if (password == NULL || (refuse_empty && *password == '\0'))
    {
      free_password (password);
      return jg_cli_usage_error (cmd->context, _("No password on standard input."));
    }
  ok = jg_account_login (account, password, NULL, &cmd->error);
  free_password (password);
  return ok ? STATUS_OK : jg_cli_fail (cmd);
}

static int
cmd_login (Command *cmd)
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
  server = resolve_server (cmd->globals, &cmd->error);
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

static int
cmd_logout (Command *cmd)
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

static int
cmd_sync (Command *cmd)
{
  g_autoptr(JgAccount) account = NULL;
  g_autoptr(JgOutbox) outbox = NULL;
  g_autofree char *server = NULL;
  g_autofree char *user = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *token = NULL;
  gboolean password_stdin = FALSE;
  Progress progress = { isatty (fileno (stderr)), _("Sending records: %llu of %llu") };
  gboolean ok;
  int batch_size = 0;
  JgOutboxResult result;
  const GOptionEntry entries[] = {
    { "user", 'u', 0, G_OPTION_ARG_STRING, &user, N_("Sync as this user (default: the last one signed in)"), "USER" },
    { "password-stdin", 0, 0, G_OPTION_ARG_NONE, &password_stdin, N_("Sign in first, reading the password from standard input"), NULL },
    { "batch-size", 0, 0, G_OPTION_ARG_INT, &batch_size, N_("Records per request (1–1000)"), "N" },
    { NULL }
  };

  if (!jg_cli_command_parse (cmd, entries))
    return STATUS_USAGE;

  server = jg_cli_resolve_account (cmd, &user);
  if (server == NULL)
    return jg_cli_fail (cmd);
  if (user == NULL)
    return jg_cli_usage_error (cmd->context, _("Nobody is signed in. Use “jianguan-cli login --server URL USER” first."));

  account = jg_cli_account_new (cmd->globals, server, user);
  if (password_stdin)
    {
      /* An empty line is sent as it is: the server says whether it fits. */
      int status = jg_cli_sign_in_from_stdin (cmd, account, FALSE);

      if (status != STATUS_OK)
        return status;
      jg_account_set_default_username (server, user);
    }
  token = jg_account_get_token (account, &cmd->error);
  if (token == NULL)
    return jg_cli_fail (cmd);

  db_path = jg_paths_database_for_server (server, user, &cmd->error);
  if (db_path == NULL ||
      !sync_catalogue (cmd->globals, server, db_path, 0, NULL, &cmd->error))
    return jg_cli_fail (cmd);

  outbox = jg_outbox_new (db_path, server, token);
  jg_outbox_set_ca_file (outbox, cmd->globals->ca_file);
  if (batch_size > 0)
    jg_outbox_set_batch_size (outbox, batch_size);
  g_signal_connect (outbox, "progress", G_CALLBACK (jg_cli_on_progress), &progress);
  ok = jg_outbox_run (outbox, &result, NULL, &cmd->error);
  jg_cli_end_progress (&progress);
  /* The posts go whatever became of the records (but a refused token). */
  if (ok || !g_error_matches (cmd->error, JG_OUTBOX_ERROR, JG_OUTBOX_ERROR_NEEDS_SIGN_IN))
    {
      g_autoptr(GError) records_error = g_steal_pointer (&cmd->error);
      gboolean posts_ok = jg_cli_sync_posts (cmd, server, db_path, token);

      if (records_error != NULL)
        {
          /* Both are said; the records' error is the command's. */
          if (!posts_ok)
            g_printerr ("jianguan-cli: %s\n", cmd->error->message);
          g_clear_error (&cmd->error);
          cmd->error = g_steal_pointer (&records_error);
        }
      else if (!posts_ok)
        ok = FALSE;
    }
  if (!ok)
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
  g_print (g_dngettext (GETTEXT_PACKAGE, "Sent %u record: ", "Sent %u records: ", result.sent),
           result.sent);
  g_print (_("%u accepted, %u rejected; %u states updated.\n"),
           result.accepted, result.rejected, result.states_applied);
  /* What the other workstations of the department sent (and, on a new
   * workstation, every record of the department: the restore). */
  if (result.restored > 0 || result.removed > 0 || result.kept_local > 0)
    g_print (_("From the server: %u records received or updated, %u removed as deleted there, "
               "%u kept with your unsent changes.\n"),
             result.restored, result.removed, result.kept_local);
  return STATUS_OK;
}

/* --department: the account's department, set before the command runs. */
static gboolean
apply_department (Command *cmd)
{
  g_autoptr(JgStore) store = NULL;

  if (cmd->globals->department == NULL)
    return TRUE;
  store = jg_cli_open_account_store (cmd);
  return store != NULL
         && jg_record_store_set_department (store, cmd->globals->department, &cmd->error);
}

/* Extra arguments to status and logout have never been refused: G_MAXINT. */
static const CommandSpec commands[] = {
  { "sync-catalogue", cmd_sync_catalogue,
    N_("Download the catalogue and code tables from the server"),
    N_("— download the catalogue and code tables"),
    0, 0, N_("sync-catalogue takes no arguments.") },
  { "search", cmd_search,
    N_("Search the local catalogue: code<TAB>name<TAB>department per line"),
    N_("QUERY — search the local catalogue"),
    0, 1, N_("Give the query as one argument (quote it if it has spaces).") },
  { "status", cmd_status,
    N_("Show what the local cache holds and when it was last synced"),
    N_("— what the local cache holds"),
    0, G_MAXINT, NULL },
  { "template", cmd_template,
    N_("Write an empty import template for a kind of record"),
    N_("KIND FILE — write an empty import template (.csv or .xlsx)"),
    2, 2, N_("Give the kind of record and the file to write.") },
  { "import", cmd_import,
    N_("Import records from a CSV or XLSX file (--check: only say what would happen; "
       "--as-draft: as drafts; --warnings-as-drafts: rows with warnings as drafts); "
       "last line: imported N (W with warnings), rejected M"),
    N_("FILE — import records from a filled-in template"),
    1, 1, N_("Give the file to import.") },
  { "import-undo", cmd_import_undo,
    N_("Undo the last import, while none of its records has been sent"),
    N_("— remove the records of the last import, if none was sent"),
    0, 0, N_("import-undo takes no arguments.") },
  { "export", cmd_export,
    N_("Export records of a kind and date range to CSV or XLSX"),
    N_("FILE — export records in the template layout (.csv or .xlsx)"),
    1, 1, N_("Give the file to write.") },
  { "login", cmd_login,
    N_("Sign in to the server (password from standard input)"),
    N_("USER — sign in; the password is read from standard input"),
    1, 1, N_("Give the user name to sign in as.") },
  { "logout", cmd_logout,
    N_("Sign out and forget the token"),
    N_("— sign out and forget the token"),
    0, G_MAXINT, NULL },
  { "sync", cmd_sync,
    N_("Download the catalogue, send ready records and learn their states"),
    N_("— download the catalogue, send ready records and posts, learn their states"),
    0, 0, N_("sync takes no arguments.") },
  { "posts", jg_cli_posts,
    N_("Posts of the dynamics and exposure columns: list, quota, new, edit, submit, review, withdraw, delete"),
    N_("list|quota|new|edit ID|submit ID|review ID|withdraw ID|delete ID — the posts of the dynamics and exposure columns"),
    1, 2, N_("Give what to do: list, quota, new, edit ID, submit ID, review ID, withdraw ID or delete ID.") },
  { "warnings", jg_cli_warnings,
    N_("The Overview's warnings: kind<TAB>key<TAB>reason per line"),
    N_("— what needs the department’s attention, one warning per line"),
    0, 0, N_("warnings takes no arguments.") },
  { "coverage", jg_cli_coverage,
    N_("The department's coverage of its items: the server's figure, this computer's, the target and the gap"),
    N_("— coverage of the department's items by accepted records"),
    0, 0, N_("coverage takes no arguments; give the period with --from and --to.") },
  { "report", jg_cli_report,
    N_("The monthly report (通报) as PDF, CSV or XLSX: report --month YYYY-MM FILE; the city's table of every department (city accounts): report city --month YYYY-MM [FILE]"),
    N_("FILE | city [FILE] — the department's monthly report, or every department's coverage, records, posts, rejections and last sync"),
    1, 2, N_("Give the file to write (report.pdf, .csv or .xlsx) or “city”.") },
};

/* Runs @spec with the arguments that follow its name in @argv. */
static int
run_command (const CommandSpec  *spec,
             Globals            *globals,
             int                 argc,
             char              **argv)
{
  g_autofree char *prgname = g_strdup_printf ("jianguan-cli %s", spec->name);
  Command cmd = { spec, globals, NULL, argc, argv, NULL };
  int status;

  g_set_prgname (prgname);
  if (!apply_department (&cmd))
    status = jg_cli_fail (&cmd);
  else
    {
      cmd.context = g_option_context_new (_(spec->parameter_string));
      status = spec->run (&cmd);
      g_option_context_free (cmd.context);
    }
  g_clear_error (&cmd.error);
  return status;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GString) summary = g_string_new (NULL);
  Globals globals = { 0, };
  const char *localedir = g_getenv ("JIANGUAN_LOCALEDIR");
  int status;
  const GOptionEntry entries[] = {
    { "server", 's', 0, G_OPTION_ARG_STRING, &globals.server, N_("The central server, e.g. http://127.0.0.1:8437/"), "URL" },
    { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, &globals.ca_file, N_("Trust the CA certificates in this PEM file"), "FILE" },
    { "department", 0, 0, G_OPTION_ARG_STRING, &globals.department, N_("Record for this department (its credit code) from now on"), "CODE" },
    { NULL }
  };

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_string_append (summary, _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_string_append_printf (summary, "\n  %-16s %s", commands[i].name, _(commands[i].summary));

  context = g_option_context_new (_("COMMAND [OPTIONS…] — the Jianguan command-line tool"));
  g_option_context_set_summary (context, summary->str);
  /* Stop at the command name: its own options come after it. */
  g_option_context_set_strict_posix (context, TRUE);

  if (!parse_command_line (context, entries, &argc, &argv, 1, G_MAXINT, _("No command given.")))
    return STATUS_USAGE;

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (argv[1], commands[i].name))
      {
        status = run_command (&commands[i], &globals, argc - 1, argv + 1);
        g_free (globals.server);
        g_free (globals.ca_file);
        g_free (globals.department);
        return status;
      }

  {
    g_autofree char *message = g_strdup_printf (_("Unknown command “%s”."), argv[1]);
    return jg_cli_usage_error (context, message);
  }
}
