/* jianguan-cli.c — headless import, export, sync and search
 *
 * For administrators' scripts and for tests. Output meant for scripts is
 * tab-separated on stdout; messages go to stderr. Exit status: 0 success,
 * 1 the operation failed, 2 bad usage.
 *
 * This file holds main(), the table of commands and what every command
 * shares (jg-cli.h): parsing, the server, the account's database, errors
 * and progress. The commands are in jg-cli-<concern>.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "jg-account.h"
#include "jg-catalogue-sync.h" /* JG_SYNC_ERROR */
#include "jg-paths.h"
#include "jg-record-store.h"

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

char *
jg_cli_resolve_server (Globals  *globals,
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
  char *server = jg_cli_resolve_server (cmd->globals, &cmd->error);

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
                                        : jg_cli_resolve_server (cmd->globals, &cmd->error);
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

/* The signed-in account's database (see jg_cli_resolve_database()). */
JgStore *
jg_cli_open_account_store (Command *cmd)
{
  g_autofree char *db_path = jg_cli_resolve_database (cmd, TRUE, NULL);

  if (db_path == NULL)
    return NULL;
  return jg_store_open_existing (db_path, &cmd->error);
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
  { "sync-catalogue", jg_cli_sync_catalogue,
    N_("Download the catalogue and code tables from the server"),
    N_("— download the catalogue and code tables"),
    0, 0, N_("sync-catalogue takes no arguments.") },
  { "search", jg_cli_search,
    N_("Search the local catalogue: code<TAB>name<TAB>department per line"),
    N_("QUERY — search the local catalogue"),
    0, 1, N_("Give the query as one argument (quote it if it has spaces).") },
  { "status", jg_cli_status,
    N_("Show what the local cache holds and when it was last synced"),
    N_("— what the local cache holds"),
    0, G_MAXINT, NULL },
  { "template", jg_cli_template,
    N_("Write an empty import template for a kind of record"),
    N_("KIND FILE — write an empty import template (.csv or .xlsx)"),
    2, 2, N_("Give the kind of record and the file to write.") },
  { "import", jg_cli_import,
    N_("Import records from a CSV or XLSX file (--check: only say what would happen; "
       "--as-draft: as drafts; --warnings-as-drafts: rows with warnings as drafts); "
       "last line: imported N (W with warnings), rejected M"),
    N_("FILE — import records from a filled-in template"),
    1, 1, N_("Give the file to import.") },
  { "import-undo", jg_cli_import_undo,
    N_("Undo the last import, while none of its records has been sent"),
    N_("— remove the records of the last import, if none was sent"),
    0, 0, N_("import-undo takes no arguments.") },
  { "export", jg_cli_export,
    N_("Export records of a kind and date range to CSV or XLSX"),
    N_("FILE — export records in the template layout (.csv or .xlsx)"),
    1, 1, N_("Give the file to write.") },
  { "login", jg_cli_login,
    N_("Sign in to the server (password from standard input)"),
    N_("USER — sign in; the password is read from standard input"),
    1, 1, N_("Give the user name to sign in as.") },
  { "logout", jg_cli_logout,
    N_("Sign out and forget the token"),
    N_("— sign out and forget the token"),
    0, G_MAXINT, NULL },
  { "sync", jg_cli_sync,
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
