/* main.c — jianguan-server: the reference central server
 *
 *   jianguan-server [serve] [--demo] [--port N] [--address ADDR] [--data DIR]
 *                   [--load FILE …] [--fault KIND …]
 *   jianguan-server load --data DIR FILE…
 *   jianguan-server add-account --data DIR --department CODE --role ROLE USERNAME
 *   jianguan-server wording add|remove|load --data DIR …
 *   jianguan-server review-levels --data DIR (--department CODE | --default) N
 *   jianguan-server quota --data DIR --column COLUMN --updates N --items M
 *   jianguan-server coverage-target --data DIR --from MM-DD --percent N
 *   jianguan-server holidays add|remove|list --data DIR [--off|--work] [DATE…]
 *   jianguan-server backup --data DIR BACKUP_DIR
 *   jianguan-server tokens revoke --data DIR USERNAME
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <glib/gstdio.h>
#include <glib-unix.h>

#include "jg-server.h"
#include "jg-server-backup.h"
#include "jg-server-db.h"
#include "jg-server-accounts.h"
#include "jg-server-coverage.h"
#include "jg-server-listener.h"
#include "jg-server-posts.h"

#define DEFAULT_PORT 8437
#define DB_NAME JG_SERVER_DB_NAME
/* Everything the server creates is its owner's only (SECURITY.md). */
#define PRIVATE_UMASK 0077
#define DEMO_PASSWORD "Jianguan-Demo-2026"
/* The starter list of serious wording errors, beside the demo data. */
#define WORDING_FILE "wording/serious-errors.tsv"

typedef enum {
  MODE_SERVE,
  MODE_LOAD,
  MODE_ACCOUNT,
  MODE_WORDING,
  MODE_REVIEW_LEVELS,
  MODE_QUOTA,
  MODE_COVERAGE_TARGET,
  MODE_HOLIDAYS,
  MODE_BACKUP,
  MODE_TOKENS,
} Mode;

/* The demo accounts (README.md, "Demo accounts"). */
static const struct {
  const char *username, *department, *role;
} demo_accounts[] = {
  { "rc-admin", "11445200006295321R", "admin" },      /* 揭阳市市场监督管理局 */
  { "hj-admin", "11445200774626090R", "admin" },      /* 揭阳市生态环境局 */
  { "reviewer", "11445200006295321R", "reviewer" },   /* 揭阳市市场监督管理局 */
  /* The city's data office (PROTOCOL.md, "The city's view"): an account
   * needs a department of the catalogue, and the demo has no data
   * office of its own; 发改 is where Jieyang's sits. */
  { "city-admin", "11445200002479764P", "city" },     /* 揭阳市发展和改革局 */
};

static gboolean opt_demo;
static gboolean opt_off;
static gboolean opt_work;
static int opt_port = DEFAULT_PORT;
static char *opt_address;
static char *opt_data;
static char **opt_load;
static char *opt_fault;
static double opt_fault_rate = 1.0;
static int opt_fault_seed = 1;
static int opt_fault_after;
static int opt_fault_delay_ms = JG_SERVER_DEFAULT_FAULT_DELAY_MS;
static gboolean opt_version;
static gint64 opt_token_ttl = JG_SERVER_DEFAULT_TOKEN_TTL;
static gint64 opt_max_body_bytes = JG_SERVER_DEFAULT_MAX_BODY_BYTES;
static char *opt_department;
static char *opt_tls_cert;
static char *opt_tls_key;
static char *opt_role;
static char *opt_wrong;
static char *opt_suggestion;
static char *opt_column;
static int opt_updates = -1;
static int opt_items = -1;
static gboolean opt_default;
static gboolean opt_test_clock;
static char *opt_from_day;
static int opt_percent = -1;
static int opt_max_connections = -1;
static int opt_header_timeout = JG_SERVER_DEFAULT_HEADER_TIMEOUT;
static int opt_body_timeout = JG_SERVER_DEFAULT_BODY_TIMEOUT;
static int opt_idle_timeout = JG_SERVER_DEFAULT_IDLE_TIMEOUT;
static int opt_login_attempts = JG_SERVER_LOGIN_ACCOUNT_ATTEMPTS;
static int opt_login_address_attempts = JG_SERVER_LOGIN_ADDRESS_ATTEMPTS;
static int opt_login_window = JG_SERVER_LOGIN_WINDOW;

static const GOptionEntry serve_entries[] = {
  { "demo", 0, 0, G_OPTION_ARG_NONE, &opt_demo,
    "Load the demo code tables and catalogue if the database has no catalogue yet", NULL },
  { "port", 'p', 0, G_OPTION_ARG_INT, &opt_port,
    "Port to listen on; 0 picks a free one (default 8437)", "N" },
  { "address", 'a', 0, G_OPTION_ARG_STRING, &opt_address,
    "Address to listen on (default 127.0.0.1)", "ADDR" },
  { "load", 'l', 0, G_OPTION_ARG_FILENAME_ARRAY, &opt_load,
    "Apply a catalogue file before serving (repeatable)", "FILE" },
  { "tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &opt_tls_cert,
    "Serve HTTPS with this PEM certificate (with --tls-key), as a government extranet's "
    "server would", "FILE" },
  { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &opt_tls_key,
    "The PEM private key of --tls-cert", "FILE" },
  { "token-ttl", 0, 0, G_OPTION_ARG_INT64, &opt_token_ttl,
    "How long a sign-in token lives, in seconds (default 28800: 8 hours)", "SECONDS" },
  { "max-body-bytes", 0, 0, G_OPTION_ARG_INT64, &opt_max_body_bytes,
    "The largest request body with a token; larger ones get 413 before they are read "
    "(default 16777216: 16 MiB)", "BYTES" },
  { "fault", 0, 0, G_OPTION_ARG_STRING, &opt_fault,
    "Inject faults into /api/v1/changes/ and /api/v1/records answers: 500, truncate, "
    "malformed, delay, 429; or expire-tokens (every token is expired)", "KIND" },
  { "fault-rate", 0, 0, G_OPTION_ARG_DOUBLE, &opt_fault_rate,
    "Fraction (0..1) of eligible requests faulted (default 1)", "R" },
  { "fault-seed", 0, 0, G_OPTION_ARG_INT, &opt_fault_seed,
    "Seed of the fault PRNG (default 1)", "N" },
  { "fault-after", 0, 0, G_OPTION_ARG_INT, &opt_fault_after,
    "Answer the first N eligible requests normally (default 0)", "N" },
  { "fault-delay-ms", 0, 0, G_OPTION_ARG_INT, &opt_fault_delay_ms,
    "Delay of --fault delay in milliseconds (default 2000)", "MS" },
  { "max-connections", 0, 0, G_OPTION_ARG_INT, &opt_max_connections,
    "Connections served at once; more wait in the listen backlog (default "
    G_STRINGIFY (JG_SERVER_DEFAULT_MAX_CONNECTIONS) ", fewer under a low descriptor limit)", "N" },
  { "header-timeout", 0, 0, G_OPTION_ARG_INT, &opt_header_timeout,
    "Seconds from a request's first byte to its last header before the connection is closed "
    "(default " G_STRINGIFY (JG_SERVER_DEFAULT_HEADER_TIMEOUT) ")", "SECONDS" },
  { "body-timeout", 0, 0, G_OPTION_ARG_INT, &opt_body_timeout,
    "Seconds from a request's last header to the end of its body (default "
    G_STRINGIFY (JG_SERVER_DEFAULT_BODY_TIMEOUT) ")", "SECONDS" },
  { "idle-timeout", 0, 0, G_OPTION_ARG_INT, &opt_idle_timeout,
    "Seconds a connection may stall or wait for its next request (default "
    G_STRINGIFY (JG_SERVER_DEFAULT_IDLE_TIMEOUT) ")", "SECONDS" },
  { "login-attempts", 0, 0, G_OPTION_ARG_INT, &opt_login_attempts,
    "Sign-in attempts per user name in a --login-window (default "
    G_STRINGIFY (JG_SERVER_LOGIN_ACCOUNT_ATTEMPTS) "); then 429", "N" },
  { "login-address-attempts", 0, 0, G_OPTION_ARG_INT, &opt_login_address_attempts,
    "Failed sign-ins per client address in a --login-window (default "
    G_STRINGIFY (JG_SERVER_LOGIN_ADDRESS_ATTEMPTS) "); then 429", "N" },
  { "login-window", 0, 0, G_OPTION_ARG_INT, &opt_login_window,
    "Seconds over which sign-in attempts are counted (default "
    G_STRINGIFY (JG_SERVER_LOGIN_WINDOW) ")", "SECONDS" },
  { "test-clock", 0, 0, G_OPTION_ARG_NONE, &opt_test_clock,
    "Tests only, with --demo: POST /api/v1/test/clock sets the time stamped on posts", NULL },
  { NULL }
};

static const GOptionEntry posts_entries[] = {
  { "wrong", 0, 0, G_OPTION_ARG_STRING, &opt_wrong,
    "wording add/remove: the wrong text", "TEXT" },
  { "suggestion", 0, 0, G_OPTION_ARG_STRING, &opt_suggestion,
    "wording add: what to write instead", "TEXT" },
  { "default", 0, 0, G_OPTION_ARG_NONE, &opt_default,
    "review-levels: set the levels of every department that has none of its own", NULL },
  { "column", 0, 0, G_OPTION_ARG_STRING, &opt_column,
    "quota: dynamics or exposure", "COLUMN" },
  { "updates", 0, 0, G_OPTION_ARG_INT, &opt_updates,
    "quota: updates (days with a publication) needed each month", "N" },
  { "items", 0, 0, G_OPTION_ARG_INT, &opt_items,
    "quota: items (published posts) needed each month", "N" },
  { "from", 0, 0, G_OPTION_ARG_STRING, &opt_from_day,
    "coverage-target: the day of every year the target holds from", "MM-DD" },
  { "percent", 0, 0, G_OPTION_ARG_INT, &opt_percent,
    "coverage-target: the share of items to cover from that day (0 removes the target)", "N" },
  { "off", 0, 0, G_OPTION_ARG_NONE, &opt_off,
    "holidays add: the days are public holidays (no work on a weekday)", NULL },
  { "work", 0, 0, G_OPTION_ARG_NONE, &opt_work,
    "holidays add: the days are worked although at a weekend (调休)", NULL },
  { NULL }
};

static const GOptionEntry account_entries[] = {
  { "department", 0, 0, G_OPTION_ARG_STRING, &opt_department,
    "add-account, review-levels: the department (credit code of a catalogue department)", "CODE" },
  { "role", 0, 0, G_OPTION_ARG_STRING, &opt_role,
    "add-account: admin, reviewer or city", "ROLE" },
  { NULL }
};

static const GOptionEntry common_entries[] = {
  { "data", 'd', 0, G_OPTION_ARG_FILENAME, &opt_data,
    "Directory of the server database (DIR/" DB_NAME "); default: a new temporary directory", "DIR" },
  { "version", 0, 0, G_OPTION_ARG_NONE, &opt_version,
    "Print the version and exit", NULL },
  { NULL }
};

static gboolean
load_one (JgServerDb  *db,
          const char  *filename,
          GError     **error)
{
  JgServerLoadStats stats;
  gint64 t0 = g_get_monotonic_time ();

  if (!jg_server_db_load_file (db, filename, &stats, error))
    return FALSE;
  g_printerr ("jianguan-server: loaded %s: %" G_GUINT64_FORMAT " added, %"
              G_GUINT64_FORMAT " changed, %" G_GUINT64_FORMAT " unchanged, %"
              G_GUINT64_FORMAT " deleted (%" G_GUINT64_FORMAT " unknown) in %"
              G_GINT64_FORMAT " ms\n",
              filename, stats.added, stats.changed, stats.unchanged,
              stats.deleted, stats.delete_unknown,
              (g_get_monotonic_time () - t0) / 1000);
  return TRUE;
}

static char *
find_demo_dir (void)
{
  const char *env = g_getenv ("JIANGUAN_DATA_DIR");
  const char *candidates[3] = { NULL, NULL, NULL };
  g_autofree char *from_env = NULL;
  guint n = 0;

  if (env != NULL && *env != '\0')
    candidates[n++] = from_env = g_build_filename (env, "demo", NULL);
#ifdef PKGDATADIR
  candidates[n++] = PKGDATADIR "/demo";
#endif
  candidates[n++] = SOURCE_DATADIR "/demo";

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *probe = g_build_filename (candidates[i], "catalogue.json", NULL);

      if (g_file_test (probe, G_FILE_TEST_IS_REGULAR))
        return g_strdup (candidates[i]);
    }
  return NULL;
}

static gboolean
load_demo (JgServerDb  *db,
           GError     **error)
{
  static const char * const files[] = { "code-tables.json", "catalogue.json" };
  g_autofree char *dir = NULL;
  gboolean has_data;

  if (!jg_server_db_feed_has_data (db, "catalogue", &has_data, error))
    return FALSE;
  if (has_data)
    {
      g_printerr ("jianguan-server: the database already has a catalogue; "
                  "not loading the demo again\n");
      return TRUE;
    }

  dir = find_demo_dir ();
  if (dir == NULL)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
                   "No demo data found (looked in $JIANGUAN_DATA_DIR/demo, "
#ifdef PKGDATADIR
                   PKGDATADIR "/demo, "
#endif
                   SOURCE_DATADIR "/demo)");
      return FALSE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_build_filename (dir, files[i], NULL);

      if (!load_one (db, path, error))
        return FALSE;
    }
  return TRUE;
}

/* The starter wording list, when the server has none yet. */
static gboolean
load_demo_wording (JgServerDb  *db,
                   GError     **error)
{
  g_autofree char *dir = find_demo_dir ();
  g_autofree char *parent = dir != NULL ? g_path_get_dirname (dir) : NULL;
  g_autofree char *path = parent != NULL ? g_build_filename (parent, WORDING_FILE, NULL) : NULL;
  gboolean empty;
  guint added;

  if (!jg_server_db_wording_is_empty (db, &empty, error))
    return FALSE;
  if (!empty)
    return TRUE;
  if (path == NULL || !g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_printerr ("jianguan-server: no %s beside the demo data; the wording list stays empty\n",
                  WORDING_FILE);
      return TRUE;
    }
  if (!jg_server_db_wording_load (db, path, &added, error))
    return FALSE;
  g_printerr ("jianguan-server: loaded %u wording entries from %s\n", added, path);
  return TRUE;
}

static gboolean
ensure_demo_accounts (JgServerDb  *db,
                      GError     **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (demo_accounts); i++)
    {
      gboolean exists;

      if (!jg_server_db_has_account (db, demo_accounts[i].username, &exists, error))
        return FALSE;
      if (exists)
        continue;
      {
        g_autofree char *name = jg_server_db_department_name (db, demo_accounts[i].department);
        if (name == NULL)
          {
            g_printerr ("jianguan-server: the catalogue has no department %s; "
                        "not creating the demo account %s\n",
                        demo_accounts[i].department, demo_accounts[i].username);
            continue;
          }
      }
      if (!jg_server_db_add_account (db, demo_accounts[i].username, demo_accounts[i].department,
                                     demo_accounts[i].role, DEMO_PASSWORD, error))
        return FALSE;
      g_printerr ("jianguan-server: created the demo account %s (%s)\n",
                  demo_accounts[i].username, demo_accounts[i].role);
    }
  return TRUE;
}

/* One line of standard input, without its line end. */
static char *
read_password (void)
{
  GString *line = g_string_new (NULL);
  int c;

  while ((c = getchar ()) != EOF && c != '\n')
    g_string_append_c (line, (char) c);
  if (line->len > 0 && line->str[line->len - 1] == '\r')
    g_string_truncate (line, line->len - 1);
  return g_string_free (line, FALSE);
}

/* What is wrong with a wording, review-levels or quota command line, or
 * NULL. */
static const char *
posts_command_problem (Mode   mode,
                       int    argc,
                       char **args)
{
  if (opt_data == NULL)
    return "this command needs --data DIR";
  switch (mode)
    {
    case MODE_WORDING:
      if (argc == 2 && strcmp (args[1], "add") == 0)
        return opt_wrong != NULL && opt_suggestion != NULL
               ? NULL : "wording add needs --wrong TEXT and --suggestion TEXT";
      if (argc == 2 && strcmp (args[1], "remove") == 0)
        return opt_wrong != NULL ? NULL : "wording remove needs --wrong TEXT";
      if (argc == 3 && strcmp (args[1], "load") == 0)
        return NULL;
      return "use wording add, wording remove or wording load FILE.tsv";
    case MODE_REVIEW_LEVELS:
      if (argc != 2 || (opt_department == NULL) == !opt_default)
        return "review-levels needs --department CODE (or --default) and the number of levels";
      return NULL;
    case MODE_QUOTA:
      if (opt_column == NULL || opt_updates < 0 || opt_items < 0)
        return "quota needs --column dynamics|exposure, --updates N and --items M";
      return argc == 1 ? NULL : "quota takes no other argument";
    case MODE_HOLIDAYS:
      if (argc >= 3 && strcmp (args[1], "add") == 0)
        return opt_off != opt_work ? NULL : "holidays add needs --off or --work";
      if (argc >= 3 && strcmp (args[1], "remove") == 0)
        return opt_off || opt_work ? "holidays remove takes no --off or --work" : NULL;
      if (argc == 2 && strcmp (args[1], "list") == 0)
        return NULL;
      return "use holidays add --off|--work DATE…, holidays remove DATE… or holidays list";
    case MODE_TOKENS:
      return argc == 3 && strcmp (args[1], "revoke") == 0
             ? NULL : "use tokens revoke USERNAME";
    case MODE_COVERAGE_TARGET:
      if (opt_from_day == NULL || opt_percent < 0)
        return "coverage-target needs --from MM-DD and --percent N";
      return argc == 1 ? NULL : "coverage-target takes no other argument";
    case MODE_BACKUP:
      return argc == 2 ? NULL : "backup needs --data DIR and one BACKUP_DIR";
    default:
      return NULL;
    }
}

static gboolean
run_posts_command (JgServerDb  *db,
                   Mode         mode,
                   char       **args,
                   GError     **error)
{
  gboolean changed = FALSE;
  guint added;
  gint64 levels;

  switch (mode)
    {
    case MODE_WORDING:
      if (strcmp (args[1], "add") == 0)
        {
          if (!jg_server_db_wording_put (db, opt_wrong, opt_suggestion, &changed, error))
            return FALSE;
          g_printerr ("jianguan-server: %s “%s” → “%s”\n", changed ? "added" : "already there:",
                      opt_wrong, opt_suggestion);
        }
      else if (strcmp (args[1], "remove") == 0)
        {
          if (!jg_server_db_wording_remove (db, opt_wrong, &changed, error))
            return FALSE;
          g_printerr ("jianguan-server: %s “%s”\n", changed ? "removed" : "not in the list:",
                      opt_wrong);
        }
      else
        {
          if (!jg_server_db_wording_load (db, args[2], &added, error))
            return FALSE;
          g_printerr ("jianguan-server: loaded %s: %u entries added or changed\n", args[2], added);
        }
      return TRUE;
    case MODE_REVIEW_LEVELS:
      if (!g_ascii_string_to_signed (args[1], 10, 1, G_MAXINT, &levels, NULL))
        levels = 0;   /* refused below with the allowed range */
      if (!jg_server_db_set_review_levels (db, opt_default ? NULL : opt_department,
                                           (guint) levels, error))
        return FALSE;
      g_printerr ("jianguan-server: posts of %s are reviewed at %" G_GINT64_FORMAT " level(s)\n",
                  opt_default ? "departments without a setting" : opt_department, levels);
      return TRUE;
    case MODE_QUOTA:
      if (!jg_server_db_set_quota_rule (db, opt_column, (guint) opt_updates, (guint) opt_items,
                                        error))
        return FALSE;
      g_printerr ("jianguan-server: %s needs %d updates and %d items a month\n",
                  opt_column, opt_updates, opt_items);
      return TRUE;
    case MODE_HOLIDAYS:
      if (strcmp (args[1], "list") == 0)
        {
          g_autoptr(GString) days = g_string_new (NULL);

          if (!jg_server_db_append_work_days (db, NULL, days, error))
            return FALSE;
          g_print ("%s\n", days->str);
          return TRUE;
        }
      for (int i = 2; args[i] != NULL; i++)
        {
          const char *kind = strcmp (args[1], "remove") == 0 ? NULL : opt_off ? "off" : "work";

          if (!jg_server_db_set_work_day (db, args[i], kind, &changed, error))
            return FALSE;
          g_printerr ("jianguan-server: %s %s\n", args[i],
                      !changed ? "unchanged" : kind == NULL ? "is a usual day again"
                      : opt_off ? "is a holiday" : "is a working day");
        }
      return TRUE;
    case MODE_COVERAGE_TARGET:
      {
        g_autofree char *targets = NULL;

        if (!jg_server_db_set_coverage_target (db, opt_from_day, (guint) opt_percent, error) ||
            (targets = jg_server_db_get_coverage_targets (db, error)) == NULL)
          return FALSE;
        g_printerr ("jianguan-server: coverage targets now %s\n", *targets ? targets : "none");
      }
      return TRUE;
    case MODE_TOKENS:
      {
        guint n;

        if (!jg_server_db_revoke_user_tokens (db, args[2], &n, error))
          return FALSE;
        g_printerr ("jianguan-server: revoked %u live token(s) of %s\n", n, args[2]);
      }
      return TRUE;
    default:
      return TRUE;
    }
}

/* `backup --data DIR BACKUP_DIR` (jg-server-backup.c), beside a running
 * server or not. */
static int
run_backup (const char *backup_dir)
{
  g_autoptr(GError) error = NULL;
  JgServerBackupStats stats;
  gint64 t0 = g_get_monotonic_time ();

  if (!jg_server_backup (opt_data, backup_dir, &stats, &error))
    {
      g_printerr ("jianguan-server: backup failed: %s\n", error->message);
      return 1;
    }
  g_printerr ("jianguan-server: backed up %s to %s: %" G_GUINT64_FORMAT " pages (%"
              G_GUINT64_FORMAT " bytes), %u images in %" G_GINT64_FORMAT " ms\n",
              opt_data, backup_dir, stats.pages, stats.bytes, stats.images,
              (g_get_monotonic_time () - t0) / 1000);
  return 0;
}

static gboolean
on_signal (gpointer user_data)
{
  GMainLoop *loop = user_data;

  g_printerr ("jianguan-server: shutting down\n");
  g_main_loop_quit (loop);
  return G_SOURCE_CONTINUE;
}

static void
remove_temp_dir (const char *dir)
{
  static const char * const names[] = { DB_NAME, DB_NAME "-wal", DB_NAME "-shm", DB_NAME "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (dir, names[i], NULL);
      g_unlink (path);
    }
  jg_server_images_remove_all (dir);
  g_rmdir (dir);
}

static int
usage_error (GOptionContext *context,
             const char     *message)
{
  g_printerr ("jianguan-server: %s\n", message);
  g_printerr ("Try “jianguan-server --help”.\n");
  return 2;
}

/* The commands that set a Mode, with the line `--help` shows for each. */
static const struct {
  const char *word;
  Mode        mode;
  const char *usage;
} mode_commands[] = {
  { "wording", MODE_WORDING, "wording add|remove|load [FILE.tsv] — edit the wording list" },
  { "review-levels", MODE_REVIEW_LEVELS, "review-levels N — set a department's review levels (1–3)" },
  { "quota", MODE_QUOTA, "quota — set a column's monthly quota" },
  { "coverage-target", MODE_COVERAGE_TARGET, "coverage-target — set a coverage target" },
  { "holidays", MODE_HOLIDAYS, "holidays add|remove|list [DATE…] — the working-day calendar" },
  { "backup", MODE_BACKUP, "backup BACKUP_DIR — copy the data of a server, running or not" },
  { "tokens", MODE_TOKENS, "tokens revoke USERNAME — sign an account out everywhere" },
};

/* Whether @word names one of mode_commands; sets its mode and usage. */
static gboolean
mode_command (const char  *word,
              Mode        *mode,
              const char **usage)
{
  for (guint i = 0; i < G_N_ELEMENTS (mode_commands); i++)
    if (strcmp (word, mode_commands[i].word) == 0)
      {
        *mode = mode_commands[i].mode;
        *usage = mode_commands[i].usage;
        return TRUE;
      }
  return FALSE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JgServerDb) db = NULL;
  g_autoptr(JgServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autofree char *temp_dir = NULL;
  g_autofree char *db_path = NULL;
  g_auto(GStrv) args = NULL;
  JgServerFault fault = JG_SERVER_FAULT_NONE;
  gboolean load_mode = FALSE;
  gboolean account_mode = FALSE;
  Mode mode = MODE_SERVE;
  const char *mode_usage = NULL;
  GOptionGroup *group;
  int n_args;
  guint sigint_id, sigterm_id;

  setlocale (LC_ALL, "");
  /* Reasons sent to clients are English (PROTOCOL.md). */
  setlocale (LC_MESSAGES, "C");
  /* The database, its -wal and -shm, images, backups: 0600 and 0700,
   * whatever the shell's umask. */
  umask (PRIVATE_UMASK);
  /* Past a file-size limit a write fails with EFBIG, which the server
   * answers with 507 (PROTOCOL.md), instead of the signal killing it. */
  signal (SIGXFSZ, SIG_IGN);

  /* A leading subcommand word, if any. */
  args = g_new0 (char *, argc + 1);
  args[0] = g_strdup (argv[0]);
  n_args = 1;
  for (int i = 1; i < argc; i++)
    {
      if (i == 1 && strcmp (argv[i], "serve") == 0)
        continue;
      if (i == 1 && strcmp (argv[i], "load") == 0)
        {
          load_mode = TRUE;
          continue;
        }
      if (i == 1 && strcmp (argv[i], "add-account") == 0)
        {
          account_mode = TRUE;
          continue;
        }
      if (i == 1 && mode_command (argv[i], &mode, &mode_usage))
        continue;
      args[n_args++] = g_strdup (argv[i]);
    }
  argc = n_args;

  context = g_option_context_new (load_mode ? "load FILE… — apply catalogue files"
                                  : account_mode ? "add-account USERNAME — create an account (password on standard input)"
                                  : mode_usage != NULL ? mode_usage
                                  : "[serve] — the Jianguan reference central server");
  g_option_context_set_summary (context,
                                "Without a command (or with “serve”), serves the sync protocol.\n"
                                "“jianguan-server load --data DIR FILE…” applies catalogue files to the\n"
                                "database of a server, running or not.\n"
                                "“jianguan-server add-account --data DIR --department CODE --role admin|reviewer|city\n"
                                "USERNAME” creates an account; the password is read from standard input.\n"
                                "“jianguan-server wording add --data DIR --wrong X --suggestion Y”, “wording remove\n"
                                "--data DIR --wrong X” and “wording load --data DIR FILE.tsv” edit the wording list.\n"
                                "“jianguan-server review-levels --data DIR --department CODE N” (or --default N)\n"
                                "sets how many levels review a department's posts (1–3).\n"
                                "“jianguan-server quota --data DIR --column dynamics|exposure --updates N --items M”\n"
                                "sets a column's monthly quota.\n"
                                "“jianguan-server coverage-target --data DIR --from MM-DD --percent N” sets the\n"
                                "share of items to cover from that day of every year (0 removes it).\n"
                                "“jianguan-server holidays add --data DIR --off|--work DATE…” marks public holidays\n"
                                "(--off) or weekend days worked in their stead (--work, 调休); “holidays remove\n"
                                "--data DIR DATE…” makes them usual days again; “holidays list --data DIR” prints them.\n"
                                "“jianguan-server backup --data DIR BACKUP_DIR” copies the database (one consistent\n"
                                "snapshot, while the server goes on serving) and the images into BACKUP_DIR, a new\n"
                                "directory made 0700, every file 0600; “--data BACKUP_DIR” serves the copy.\n"
                                "“jianguan-server tokens revoke --data DIR USERNAME” revokes every live token of an\n"
                                "account (a running server refuses them at once).");
  g_option_context_add_main_entries (context, common_entries, NULL);
  group = g_option_group_new ("serve", "Options of serve:", "Show the options of serve",
                              NULL, NULL);
  g_option_group_add_entries (group, serve_entries);
  g_option_context_add_group (context, group);
  group = g_option_group_new ("account", "Options of add-account:", "Show the options of add-account",
                              NULL, NULL);
  g_option_group_add_entries (group, account_entries);
  g_option_context_add_group (context, group);
  group = g_option_group_new ("posts", "Options of wording, review-levels, quota, coverage-target and holidays:",
                              "Show the options of wording, review-levels, quota, coverage-target and holidays",
                              NULL, NULL);
  g_option_group_add_entries (group, posts_entries);
  g_option_context_add_group (context, group);

  {
    char **argv_parse = args;
    if (!g_option_context_parse_strv (context, &argv_parse, &error))
      return usage_error (context, error->message);
    argc = g_strv_length (args);
  }

  if (opt_version)
    {
      g_print ("jianguan-server %s\n", PACKAGE_VERSION);
      return 0;
    }

  if (mode != MODE_SERVE)
    {
      const char *problem = posts_command_problem (mode, argc, args);

      if (problem != NULL)
        return usage_error (context, problem);
      if (mode == MODE_BACKUP)
        return run_backup (args[1]);
    }
  else if (account_mode)
    {
      if (opt_data == NULL)
        return usage_error (context, "add-account needs --data DIR");
      if (opt_department == NULL || opt_role == NULL)
        return usage_error (context, "add-account needs --department CODE and --role admin|reviewer|city");
      if (argc != 2)
        return usage_error (context, "add-account needs exactly one USERNAME");
    }
  else if (load_mode)
    {
      if (opt_data == NULL)
        return usage_error (context, "load needs --data DIR");
      if (argc < 2 && (opt_load == NULL || opt_load[0] == NULL))
        return usage_error (context, "load needs at least one catalogue file");
    }
  else
    {
      if (argc > 1)
        {
          g_autofree char *msg = g_strdup_printf ("unexpected argument “%s”", args[1]);
          return usage_error (context, msg);
        }
      if (opt_port < 0 || opt_port > 65535)
        return usage_error (context, "--port must be from 0 to 65535");
      if (opt_fault != NULL && !jg_server_fault_from_string (opt_fault, &fault))
        {
          g_autofree char *faults = jg_server_fault_list ();
          g_autofree char *msg = g_strdup_printf ("--fault must be one of %s", faults);
          return usage_error (context, msg);
        }
      if (opt_token_ttl < 1)
        return usage_error (context, "--token-ttl must be at least 1");
      if (opt_max_body_bytes < 1)
        return usage_error (context, "--max-body-bytes must be at least 1");
      if (opt_max_connections == 0 || opt_max_connections < -1)
        return usage_error (context, "--max-connections must be at least 1");
      if (opt_header_timeout < 1 || opt_body_timeout < 1 || opt_idle_timeout < 1)
        return usage_error (context, "--header-timeout, --body-timeout and --idle-timeout must be "
                                     "at least 1");
      if (opt_login_attempts < 1 || opt_login_address_attempts < 1 || opt_login_window < 1)
        return usage_error (context, "--login-attempts, --login-address-attempts and --login-window "
                                     "must be at least 1");
      if (!(opt_fault_rate >= 0.0 && opt_fault_rate <= 1.0))
        return usage_error (context, "--fault-rate must be from 0 to 1");
      if (opt_fault_after < 0)
        return usage_error (context, "--fault-after must not be negative");
      if (opt_fault_delay_ms < 0)
        return usage_error (context, "--fault-delay-ms must not be negative");
    }

  if (opt_data == NULL)
    {
      temp_dir = g_dir_make_tmp ("jianguan-server-XXXXXX", &error);
      if (temp_dir == NULL)
        {
          g_printerr ("jianguan-server: %s\n", error->message);
          return 1;
        }
      g_printerr ("jianguan-server: no --data given; using the temporary directory %s "
                  "(removed on exit)\n", temp_dir);
      db_path = g_build_filename (temp_dir, DB_NAME, NULL);
    }
  else
    {
      if (g_mkdir_with_parents (opt_data, 0700) != 0)
        {
          g_printerr ("jianguan-server: cannot create %s: %s\n", opt_data,
                      g_strerror (errno));
          return 1;
        }
      /* What an older server or a copy left readable by others. */
      if (!jg_server_data_dir_make_private (opt_data, &error))
        {
          g_printerr ("jianguan-server: %s\n", error->message);
          return 1;
        }
      db_path = g_build_filename (opt_data, DB_NAME, NULL);
    }

  db = jg_server_db_open (db_path, &error);
  if (db == NULL)
    {
      g_printerr ("jianguan-server: %s\n", error->message);
      goto fail;
    }

  if (account_mode)
    {
      g_autofree char *password = read_password ();

      if (!jg_server_db_add_account (db, args[1], opt_department, opt_role, password, &error))
        goto fail_msg;
      g_printerr ("jianguan-server: created the account %s (%s of %s)\n",
                  args[1], opt_role, opt_department);
      return 0;
    }

  if (mode != MODE_SERVE)
    {
      if (!run_posts_command (db, mode, args, &error))
        goto fail_msg;
      return 0;
    }

  if (load_mode)
    {
      for (int i = 1; i < argc; i++)
        if (!load_one (db, args[i], &error))
          goto fail_msg;
      for (guint i = 0; opt_load != NULL && opt_load[i] != NULL; i++)
        if (!load_one (db, opt_load[i], &error))
          goto fail_msg;
      return 0;
    }

  if (opt_demo && !load_demo (db, &error))
    goto fail_msg;
  if (opt_demo && !ensure_demo_accounts (db, &error))
    goto fail_msg;
  if (opt_demo && !load_demo_wording (db, &error))
    goto fail_msg;
  if (opt_test_clock && !opt_demo)
    {
      error = g_error_new_literal (G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                                   "--test-clock is for tests, with --demo only");
      goto fail_msg;
    }
  for (guint i = 0; opt_load != NULL && opt_load[i] != NULL; i++)
    if (!load_one (db, opt_load[i], &error))
      goto fail_msg;

  if (!jg_server_accounts_init (&error))
    goto fail_msg;
  server = jg_server_new (db);
  jg_server_set_token_ttl (server, opt_token_ttl);
  jg_server_set_max_body_bytes (server, (gsize) opt_max_body_bytes);
  {
    /* Each connection is a descriptor: take all the system allows. */
    guint64 fd_limit = jg_server_raise_fd_limit ();
    guint max_connections = opt_max_connections > 0 ? (guint) opt_max_connections
                                                    : jg_server_default_max_connections (fd_limit);

    if (fd_limit > 0 && max_connections + JG_SERVER_FDS_KEPT > fd_limit)
      g_printerr ("jianguan-server: note: --max-connections %u is close to the limit of %"
                  G_GUINT64_FORMAT " open files; accepting pauses when it is reached\n",
                  max_connections, fd_limit);
    jg_server_set_connection_limits (server, max_connections, (guint) opt_header_timeout,
                                     (guint) opt_body_timeout, (guint) opt_idle_timeout);
  }
  jg_server_set_login_limits (server, (guint) opt_login_attempts,
                              (guint) opt_login_address_attempts, (guint) opt_login_window);
  jg_server_set_test_clock (server, opt_test_clock);
  if (fault != JG_SERVER_FAULT_NONE)
    {
      jg_server_set_fault (server, fault, opt_fault_rate, (guint32) opt_fault_seed,
                           (guint) opt_fault_after, (guint) opt_fault_delay_ms);
      g_printerr ("jianguan-server: injecting fault %s (rate %g, seed %d, after %d)\n",
                  opt_fault, opt_fault_rate, opt_fault_seed, opt_fault_after);
    }
  if ((opt_tls_cert != NULL) != (opt_tls_key != NULL))
    {
      error = g_error_new_literal (G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                                   "--tls-cert and --tls-key go together");
      goto fail_msg;
    }
  if (opt_tls_cert != NULL && !jg_server_set_tls (server, opt_tls_cert, opt_tls_key, &error))
    goto fail_msg;
  if (!jg_server_listen (server, opt_address != NULL ? opt_address : "127.0.0.1",
                         (guint) opt_port, &error))
    goto fail_msg;

  loop = g_main_loop_new (NULL, FALSE);
  sigint_id = g_unix_signal_add (SIGINT, on_signal, loop);
  sigterm_id = g_unix_signal_add (SIGTERM, on_signal, loop);

  fprintf (stderr, "jianguan-server: listening on %s\n", jg_server_get_url (server));
  fflush (stderr);

  g_main_loop_run (loop);

  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
  jg_server_disconnect (server);
  g_clear_object (&server);
  g_clear_object (&db);
  if (temp_dir != NULL)
    remove_temp_dir (temp_dir);
  return 0;

fail_msg:
  g_printerr ("jianguan-server: %s\n", error->message);
fail:
  g_clear_object (&server);
  g_clear_object (&db);
  if (temp_dir != NULL)
    remove_temp_dir (temp_dir);
  return 1;
}
