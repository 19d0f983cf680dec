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
#include "jg-record-store.h"
#include "jg-transfer.h"

typedef struct {
  char *server;
  char *ca_file;
  char *department;
} Globals;

static int
fail (GError *error)
{
  g_printerr ("jianguan-cli: %s\n", error->message);
  /* The core's sentence points at the app's Preferences. */
  if (g_error_matches (error, JG_SYNC_ERROR, JG_SYNC_ERROR_TLS))
    g_printerr (_("jianguan-cli: to trust your network’s certificate authority, give its "
                  "certificate file with --ca-file FILE.\n"));
  return 1;
}

static int
usage_error (GOptionContext *context,
             const char     *message)
{
  g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

  g_printerr ("jianguan-cli: %s\n\n%s", message, help);
  return 2;
}

/* What main() and every command do first: parse @context's options (adding
 * @entries, if any, to it) and check that between @min_args and @max_args
 * arguments follow (*argv)[0]. On bad usage it says why (@count_message for
 * a wrong count) above the help, as usage_error() does, and returns FALSE:
 * the caller exits with 2. The context stays the caller's, so the caller can
 * still report bad values of its options through usage_error(). */
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

  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      usage_error (context, error->message);
      return FALSE;
    }
  if (*argc - 1 < min_args || *argc - 1 > max_args)
    {
      usage_error (context, count_message);
      return FALSE;
    }
  return TRUE;
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

/* The server and the path of its local database: the signed-in account's
 * when @for_account (records are written for its department), else (or when
 * nobody is signed in) the anonymous one, which holds only the catalogue.
 * The server goes to @out_server if not %NULL. */
static char *
resolve_database (Globals   *globals,
                  gboolean   for_account,
                  char     **out_server,
                  GError   **error)
{
  g_autofree char *server = resolve_server (globals, error);
  g_autofree char *user = NULL;
  char *db_path;

  if (server == NULL)
    return NULL;
  if (for_account)
    user = jg_account_get_default_username (server);
  db_path = jg_paths_database_for_server (server, user, error);
  if (db_path != NULL && out_server != NULL)
    *out_server = g_steal_pointer (&server);
  return db_path;
}

/* "\r<format>" on a terminal; @format (translated) takes two %llu. */
typedef struct {
  gboolean    tty;
  const char *format;
} Progress;

static void
on_progress (gpointer  source,
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

static void
end_progress (Progress *progress)
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
  g_signal_connect (sync, "progress", G_CALLBACK (on_progress), &progress);

  ok = jg_catalogue_sync_run (sync, result, NULL, error);
  end_progress (&progress);
  if (ok)
    jg_paths_set_default_server (server);
  return ok;
}

static int
cmd_sync_catalogue (Globals *globals,
                    int      argc,
                    char   **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— download the catalogue and code tables"));
  g_autoptr(GError) error = NULL;
  g_autofree char *server = NULL;
  g_autofree char *db_path = NULL;
  JgSyncResult result;
  int page_size = 0;
  const GOptionEntry entries[] = {
    { "page-size", 0, 0, G_OPTION_ARG_INT, &page_size, N_("Changes per request (1–10000)"), "N" },
    { NULL }
  };

  if (!parse_command_line (context, entries, &argc, &argv, 0, 0,
                           _("sync-catalogue takes no arguments.")))
    return 2;

  /* The catalogue is the same for everyone: the anonymous database. */
  db_path = resolve_database (globals, FALSE, &server, &error);
  if (db_path == NULL)
    return fail (error);

  if (!sync_catalogue (globals, server, db_path, page_size, &result, &error))
    return fail (error);

  if (result.not_modified)
    g_print (_("The catalogue is up to date.\n"));
  else
    g_print (g_dngettext (GETTEXT_PACKAGE, "Applied %llu change.\n",
                          "Applied %llu changes.\n", result.changes_applied),
             (unsigned long long) result.changes_applied);
  return 0;
}

static JgStore *
open_account_store (Globals  *globals,
                    GError  **error)
{
  g_autofree char *db_path = resolve_database (globals, TRUE, NULL, error);

  if (db_path == NULL)
    return NULL;
  return jg_store_open_existing (db_path, error);
}

static int
cmd_search (Globals *globals,
            int      argc,
            char   **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("QUERY — search the local catalogue"));
  g_autoptr(GError) error = NULL;
  g_autoptr(JgStore) store = NULL;
  g_autoptr(JgCatalogueQuery) query = NULL;
  g_autoptr(GListModel) results = NULL;
  g_autofree char *department = NULL;
  g_autofree char *action_type = NULL;
  g_autofree char *level = NULL;
  g_autofree char *random = NULL;
  int limit = 20;
  const GOptionEntry entries[] = {
    { "limit", 'n', 0, G_OPTION_ARG_INT, &limit, N_("Print at most N results (default 20)"), "N" },
    { "department", 0, 0, G_OPTION_ARG_STRING, &department, N_("Only items of this department (code)"), "CODE" },
    { "action-type", 0, 0, G_OPTION_ARG_STRING, &action_type, N_("Only this action type (0 inspection, 1 penalty, 2 coercion, 3 other)"), "N" },
    { "level", 0, 0, G_OPTION_ARG_STRING, &level, N_("Only items exercised at this level (1–5)"), "N" },
    { "random-check", 0, 0, G_OPTION_ARG_STRING, &random, N_("Only items in (yes) or not in (no) random checks"), "yes|no" },
    { NULL }
  };

  if (!parse_command_line (context, entries, &argc, &argv, 0, 1,
                           _("Give the query as one argument (quote it if it has spaces).")))
    return 2;
  if (limit <= 0)
    return usage_error (context, _("--limit must be a positive number."));

  query = jg_catalogue_query_new (argc == 2 ? argv[1] : "");
  query->limit = limit;
  query->department = g_steal_pointer (&department);
  query->action_type = g_steal_pointer (&action_type);
  query->level = g_steal_pointer (&level);
  if (random != NULL)
    {
      if (g_str_equal (random, "yes"))
        query->random_check = JG_TRISTATE_YES;
      else if (g_str_equal (random, "no"))
        query->random_check = JG_TRISTATE_NO;
      else
        return usage_error (context, _("--random-check takes “yes” or “no”."));
    }

  store = open_account_store (globals, &error);
  if (store == NULL)
    return fail (error);

  results = jg_catalogue_search_sync (store, query, &error);
  if (results == NULL)
    return fail (error);

  for (guint i = 0; i < g_list_model_get_n_items (results); i++)
    {
      g_autoptr(JgSubItem) item = g_list_model_get_item (results, i);

      g_print ("%s\t%s\t%s\n",
               jg_sub_item_get_code (item),
               jg_sub_item_get_name (item),
               jg_sub_item_get_department_name (item) ?: "");
    }

  return 0;
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
cmd_status (Globals *globals,
            int      argc,
            char   **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— what the local cache holds"));
  g_autoptr(GError) error = NULL;
  g_autoptr(JgStore) store = NULL;
  g_autoptr(GHashTable) counts = NULL;
  g_autofree char *message = NULL;
  static const char * const states[] = { "draft", "ready", "sending", "accepted", "rejected", "deleting" };
  JgCatalogueStats stats;
  gint64 finished = 0, next_attempt;
  gboolean ok = FALSE;

  /* No arguments are expected, but extra ones have never been refused. */
  if (!parse_command_line (context, NULL, &argc, &argv, 0, G_MAXINT, NULL))
    return 2;

  store = open_account_store (globals, &error);
  if (store == NULL)
    return fail (error);

  if (!jg_catalogue_get_stats_sync (store, &stats, &error))
    return fail (error);

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

  counts = jg_outbox_count_states (store, &error);
  if (counts == NULL)
    return fail (error);
  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    g_print ("records-%s\t%u\n", states[i],
             GPOINTER_TO_UINT (g_hash_table_lookup (counts, states[i])));
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

  return 0;
}

static int
cmd_template (Globals *globals,
              int      argc,
              char   **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("KIND FILE — write an empty import template (.csv or .xlsx)"));
  g_autoptr(GError) error = NULL;
  g_autoptr(JgStore) store = NULL;
  JgRecordKind kind;

  g_option_context_set_summary (context, _("KIND is inspection, penalty, coercion or other."));
  if (!parse_command_line (context, NULL, &argc, &argv, 2, 2,
                           _("Give the kind of record and the file to write.")))
    return 2;
  if (!jg_record_kind_from_string (argv[1], &kind))
    return usage_error (context, _("The kind is one of inspection, penalty, coercion or other."));

  /* The allowed codes come from the local code tables when there are any;
   * without them the template names the tables. */
  store = open_account_store (globals, NULL);
  if (!jg_transfer_write_template_with_codes (store, kind, argv[2], &error))
    return fail (error);
  return 0;
}

static int
cmd_import (Globals *globals,
            int      argc,
            char   **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("FILE — import records from a filled-in template"));
  g_autoptr(GError) error = NULL;
  g_autoptr(JgStore) store = NULL;
  g_autofree char *report = NULL;
  JgImportResult result;
  const GOptionEntry entries[] = {
    { "report", 0, 0, G_OPTION_ARG_FILENAME, &report, N_("Write the rejected rows and why to this CSV file"), "REPORT.csv" },
    { NULL }
  };

  if (!parse_command_line (context, entries, &argc, &argv, 1, 1, _("Give the file to import.")))
    return 2;

  /* A file that cannot be imported at all exits with 2, so that scripts can
   * tell it from 1, some rows rejected. */
  store = open_account_store (globals, &error);
  if (store == NULL
      || !jg_transfer_import (store, argv[1], report, &result, NULL, NULL, &error))
    {
      fail (error);
      return 2;
    }

  g_print (g_dngettext (GETTEXT_PACKAGE, "%u row was already imported (duplicate).\n",
                        "%u rows were already imported (duplicates).\n", result.duplicates),
           result.duplicates);
  /* The last line is for scripts: not translated. */
  g_print ("imported %u, rejected %u\n", result.imported, result.rejected);
  return result.rejected > 0 ? 1 : 0;
}

static int
cmd_export (Globals *globals,
            int      argc,
            char   **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("FILE — export records in the template layout (.csv or .xlsx)"));
  g_autoptr(GError) error = NULL;
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

  if (!parse_command_line (context, entries, &argc, &argv, 1, 1, _("Give the file to write.")))
    return 2;
  if (kind_text == NULL || !jg_record_kind_from_string (kind_text, &kind))
    return usage_error (context, _("--kind is one of inspection, penalty, coercion or other."));

  store = open_account_store (globals, &error);
  if (store == NULL)
    return fail (error);
  if (!jg_transfer_export (store, kind, from, to, argv[1], &written, &error))
    return fail (error);
  g_print (g_dngettext (GETTEXT_PACKAGE, "Exported %u record.\n", "Exported %u records.\n", written),
           written);
  return 0;
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
static JgAccount *
account_new (Globals    *globals,
             const char *server,
             const char *user)
{
  JgAccount *account = jg_account_new (server, user);

  jg_account_set_ca_file (account, globals->ca_file);
  return account;
}

static int
cmd_login (Globals *globals,
           int      argc,
           char   **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("USER — sign in; the password is read from standard input"));
  g_autoptr(GError) error = NULL;
  g_autoptr(JgAccount) account = NULL;
  g_autofree char *server_option = NULL;
  g_autofree char *server = NULL;
  char *password;
  gboolean ok;
  const GOptionEntry entries[] = {
    { "server", 's', 0, G_OPTION_ARG_STRING, &server_option, N_("The central server, e.g. http://127.0.0.1:8437/"), "URL" },
    { NULL }
  };

  if (!parse_command_line (context, entries, &argc, &argv, 1, 1,
                           _("Give the user name to sign in as.")))
    return 2;

  if (server_option != NULL)
    {
      g_free (globals->server);
      globals->server = g_strdup (server_option);
    }
  server = resolve_server (globals, &error);
  if (server == NULL)
    return fail (error);

  password = read_password ();
  if (password == NULL || *password == '\0')
    {
      free_password (password);
      return usage_error (context, _("No password on standard input."));
    }

  account = account_new (globals, server, argv[1]);
  ok = jg_account_login (account, password, NULL, &error);
  free_password (password);
  if (!ok)
    return fail (error);

  jg_paths_set_default_server (server);
  jg_account_set_default_username (server, argv[1]);
  g_print (_("Signed in as %s (%s).\n"), argv[1],
           jg_account_get_department_name (account) ?: jg_account_get_department (account));
  if (jg_account_token_is_in_memory (account))
    g_printerr (_("jianguan-cli: no keyring is available, so the sign-in lasts only while this "
                  "command runs. Use “sync --password-stdin” to sign in and sync at once.\n"));
  return 0;
}

static int
cmd_logout (Globals *globals,
            int      argc,
            char   **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— sign out and forget the token"));
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) server_error = NULL;
  g_autoptr(JgAccount) account = NULL;
  g_autofree char *server = NULL;
  g_autofree char *user = NULL;

  /* No arguments are expected, but extra ones have never been refused. */
  if (!parse_command_line (context, NULL, &argc, &argv, 0, G_MAXINT, NULL))
    return 2;
  server = resolve_server (globals, &error);
  if (server == NULL)
    return fail (error);
  user = jg_account_get_default_username (server);
  if (user == NULL)
    {
      g_print (_("Nobody is signed in to this server.\n"));
      return 0;
    }

  account = account_new (globals, server, user);
  if (!jg_account_logout (account, NULL, &server_error, &error))
    return fail (error);
  if (server_error != NULL)
    g_printerr ("jianguan-cli: %s\n", server_error->message);
  jg_account_set_default_username (server, NULL);
  g_print (_("Signed out %s.\n"), user);
  return 0;
}

static int
cmd_sync (Globals *globals,
          int      argc,
          char   **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— download the catalogue, send ready records and learn their states"));
  g_autoptr(GError) error = NULL;
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

  if (!parse_command_line (context, entries, &argc, &argv, 0, 0, _("sync takes no arguments.")))
    return 2;

  server = resolve_server (globals, &error);
  if (server == NULL)
    return fail (error);
  if (user == NULL)
    user = jg_account_get_default_username (server);
  if (user == NULL)
    return usage_error (context, _("Nobody is signed in. Use “jianguan-cli login --server URL USER” first."));

  account = account_new (globals, server, user);
  if (password_stdin)
    {
      char *password = read_password ();
      gboolean signed_in = password != NULL && jg_account_login (account, password, NULL, &error);

      free_password (password);
      if (!signed_in)
        {
          if (error == NULL)
            return usage_error (context, _("No password on standard input."));
          return fail (error);
        }
      jg_account_set_default_username (server, user);
    }
  token = jg_account_get_token (account, &error);
  if (token == NULL)
    return fail (error);

  db_path = jg_paths_database_for_server (server, user, &error);
  if (db_path == NULL)
    return fail (error);

  if (!sync_catalogue (globals, server, db_path, 0, NULL, &error))
    return fail (error);

  outbox = jg_outbox_new (db_path, server, token);
  jg_outbox_set_ca_file (outbox, globals->ca_file);
  if (batch_size > 0)
    jg_outbox_set_batch_size (outbox, batch_size);
  g_signal_connect (outbox, "progress", G_CALLBACK (on_progress), &progress);
  ok = jg_outbox_run (outbox, &result, NULL, &error);
  end_progress (&progress);
  if (!ok)
    {
      if (g_error_matches (error, JG_OUTBOX_ERROR, JG_OUTBOX_ERROR_NEEDS_SIGN_IN))
        jg_account_forget_token (account);
      if (result.retry_after > 0)
        g_printerr (g_dngettext (GETTEXT_PACKAGE,
                                 "jianguan-cli: the server asks to try again in %u second.\n",
                                 "jianguan-cli: the server asks to try again in %u seconds.\n",
                                 result.retry_after), result.retry_after);
      return fail (error);
    }

  g_print (g_dngettext (GETTEXT_PACKAGE, "Sent %u record: ", "Sent %u records: ", result.sent),
           result.sent);
  g_print (_("%u accepted, %u rejected; %u states updated.\n"),
           result.accepted, result.rejected, result.states_applied);
  return 0;
}

/* --department: the account's department, set before the command runs. */
static gboolean
apply_department (Globals  *globals,
                  GError  **error)
{
  g_autoptr(JgStore) store = NULL;

  if (globals->department == NULL)
    return TRUE;
  store = open_account_store (globals, error);
  return store != NULL
         && jg_record_store_set_department (store, globals->department, error);
}

static const struct {
  const char *name;
  int (*run) (Globals *, int, char **);
  const char *summary;
} commands[] = {
  { "sync-catalogue", cmd_sync_catalogue, N_("Download the catalogue and code tables from the server") },
  { "search", cmd_search, N_("Search the local catalogue: code<TAB>name<TAB>department per line") },
  { "status", cmd_status, N_("Show what the local cache holds and when it was last synced") },
  { "template", cmd_template, N_("Write an empty import template for a kind of record") },
  { "import", cmd_import, N_("Import records from a CSV or XLSX file; last line: imported N, rejected M") },
  { "export", cmd_export, N_("Export records of a kind and date range to CSV or XLSX") },
  { "login", cmd_login, N_("Sign in to the server (password from standard input)") },
  { "logout", cmd_logout, N_("Sign out and forget the token") },
  { "sync", cmd_sync, N_("Download the catalogue, send ready records and learn their states") },
};

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
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
    return 2;

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (argv[1], commands[i].name))
      {
        g_autofree char *prgname = g_strdup_printf ("jianguan-cli %s", commands[i].name);
        g_set_prgname (prgname);
        if (!apply_department (&globals, &error))
          status = fail (error);
        else
          status = commands[i].run (&globals, argc - 1, argv + 1);
        g_free (globals.server);
        g_free (globals.ca_file);
        g_free (globals.department);
        return status;
      }

  {
    g_autofree char *message = g_strdup_printf (_("Unknown command “%s”."), argv[1]);
    return usage_error (context, message);
  }
}
