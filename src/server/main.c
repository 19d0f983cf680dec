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
 * Here the command line is parsed and the server started; the commands
 * besides serving are in jg-server-commands.c.
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
#include "jg-server-commands.h"
#include "jg-server-db.h"
#include "jg-server-accounts.h"
#include "jg-server-listener.h"
#include "jg-server-posts.h"

#define DEFAULT_PORT 8437
#define DB_NAME JG_SERVER_DB_NAME
/* Everything the server creates is its owner's only (SECURITY.md). */
#define PRIVATE_UMASK 0077

static gboolean opt_demo;
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
static char *opt_tls_cert;
static char *opt_tls_key;
static gboolean opt_test_clock;
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

static const GOptionEntry common_entries[] = {
  { "data", 'd', 0, G_OPTION_ARG_FILENAME, &opt_data,
    "Directory of the server database (DIR/" DB_NAME "); default: a new temporary directory", "DIR" },
  { "version", 0, 0, G_OPTION_ARG_NONE, &opt_version,
    "Print the version and exit", NULL },
  { NULL }
};

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
  /* A command besides serving (jg-server-commands.c), when has_command. */
  JgServerCommand command = JG_SERVER_COMMAND_LOAD;
  gboolean has_command = FALSE;
  const char *command_usage = NULL;
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
      if (i == 1 && jg_server_command_lookup (argv[i], &command, &command_usage))
        {
          has_command = TRUE;
          continue;
        }
      args[n_args++] = g_strdup (argv[i]);
    }
  argc = n_args;

  context = g_option_context_new (has_command ? command_usage
                                  : "[serve] — the Jianguan reference central server");
  g_option_context_set_summary (context, jg_server_commands_summary ());
  g_option_context_add_main_entries (context, common_entries, NULL);
  group = g_option_group_new ("serve", "Options of serve:", "Show the options of serve",
                              NULL, NULL);
  g_option_group_add_entries (group, serve_entries);
  g_option_context_add_group (context, group);
  jg_server_commands_add_options (context);

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

  if (has_command)
    {
      const char *problem = jg_server_command_problem (command, opt_data, args, opt_load);

      if (problem != NULL)
        return usage_error (context, problem);
      if (command == JG_SERVER_COMMAND_BACKUP)
        return jg_server_command_backup (opt_data, args[1]);
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

  if (has_command)
    {
      if (!jg_server_command_run (command, db, args, opt_load, &error))
        goto fail_msg;
      return 0;
    }

  if (opt_demo && !jg_server_load_demo (db, &error))
    goto fail_msg;
  if (opt_test_clock && !opt_demo)
    {
      error = g_error_new_literal (G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                                   "--test-clock is for tests, with --demo only");
      goto fail_msg;
    }
  for (guint i = 0; opt_load != NULL && opt_load[i] != NULL; i++)
    if (!jg_server_load_file (db, opt_load[i], &error))
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
