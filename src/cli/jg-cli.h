/* jg-cli.h — what the commands of jianguan-cli share
 *
 * jianguan-cli.c holds main(), the table of commands and the plumbing
 * declared first here; each jg-cli-<concern>.c holds the commands of one
 * concern, declared after it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "jg-account.h"
#include "jg-store.h"

G_BEGIN_DECLS

typedef struct {
  char *server;
  char *ca_file;
  char *department;
} Globals;

/* Exit statuses (see the top of the file). */
enum {
  STATUS_OK = 0,
  STATUS_FAILED = 1,
  STATUS_USAGE = 2,
};

typedef struct _Command Command;

/* A command: its name, what `jianguan-cli --help` says of it, and what its
 * own --help says; how many arguments it takes and what to say when the
 * count is wrong (NULL: any count). The strings are translated when used. */
typedef struct {
  const char *name;
  int       (*run) (Command *cmd);
  const char *summary;
  const char *parameter_string;
  int         min_args;
  int         max_args;
  const char *count_message;
} CommandSpec;

/* One command as it runs: main() makes its options context and passes its
 * arguments ((*argv)[0] is the command's name); the command fails with
 * @error. */
struct _Command
{
  const CommandSpec *spec;
  Globals           *globals;
  GOptionContext    *context;
  int                argc;
  char             **argv;
  GError            *error;
};

typedef struct {
  gboolean    tty;
  const char *format;
} Progress;

/* The command failed with cmd->error: says it on stderr, STATUS_FAILED. */
int       jg_cli_fail              (Command            *cmd);
/* Says @message above the help of @context: STATUS_USAGE. */
int       jg_cli_usage_error       (GOptionContext     *context,
                                    const char         *message);
/* Parses @cmd's options (@entries added) and checks its argument count. */
gboolean  jg_cli_command_parse     (Command            *cmd,
                                    const GOptionEntry *entries);
/* --server, else $JIANGUAN_SERVER, else the last server synced with. */
char     *jg_cli_resolve_server    (Globals            *globals,
                                    GError            **error);
/* The server and, unless set, in *@user the last user signed in to it. */
char     *jg_cli_resolve_account   (Command            *cmd,
                                    char              **user);
/* The server and the path of its local database (the signed-in account's
 * when @for_account). */
char     *jg_cli_resolve_database  (Command            *cmd,
                                    gboolean            for_account,
                                    char              **out_server);
/* The signed-in account's database. */
JgStore  *jg_cli_open_account_store (Command           *cmd);
/* "progress" of an engine, as "\r<format>" on a terminal. */
void      jg_cli_on_progress       (gpointer            source,
                                    guint64             done,
                                    guint64             total,
                                    gpointer            user_data);
void      jg_cli_end_progress      (Progress           *progress);

/* jg-cli-account.c: login, logout */
int       jg_cli_login             (Command            *cmd);
int       jg_cli_logout            (Command            *cmd);
/* @user's account on @server, trusting --ca-file. */
JgAccount *jg_cli_account_new      (Globals            *globals,
                                    const char         *server,
                                    const char         *user);
/* Signs @account in with the password on standard input (see
 * jg-cli-account.c); STATUS_OK when signed in. */
int       jg_cli_sign_in_from_stdin (Command           *cmd,
                                    JgAccount          *account,
                                    gboolean            refuse_empty);
/* --user and --password-stdin of the commands that sign in with
 * jg_cli_account_token(); @user_help marked N_() where it is used. */
#define JG_CLI_SIGN_IN_ENTRIES(user_help, user, password_stdin) \
  { "user", 'u', 0, G_OPTION_ARG_STRING, (user), (user_help), "USER" }, \
  { "password-stdin", 0, 0, G_OPTION_ARG_NONE, (password_stdin), \
    N_("Sign in first, reading the password from standard input"), NULL }
/* The token of *@user's account, signing in first when @password_stdin;
 * NULL with cmd->error (*@bad_usage: nobody signed in, no password). */
char     *jg_cli_account_token     (Command            *cmd,
                                    char              **user,
                                    gboolean            password_stdin,
                                    char              **server,
                                    JgAccount         **account,
                                    gboolean           *bad_usage);

/* jg-cli-catalogue.c: search (without --all), status */
int       jg_cli_search            (Command            *cmd);
int       jg_cli_status            (Command            *cmd);

/* jg-cli-transfer.c: template, import, import-undo, export */
int       jg_cli_template          (Command            *cmd);
int       jg_cli_import            (Command            *cmd);
int       jg_cli_import_undo       (Command            *cmd);
int       jg_cli_export            (Command            *cmd);

/* jg-cli-sync.c: sync-catalogue, sync */
int       jg_cli_sync_catalogue    (Command            *cmd);
int       jg_cli_sync              (Command            *cmd);

/* jg-cli-posts.c */
int       jg_cli_posts             (Command            *cmd);
/* The posts part of `sync`: prints what it did; FALSE with cmd->error. */
gboolean  jg_cli_sync_posts        (Command            *cmd,
                                    const char         *server,
                                    const char         *db_path,
                                    const char         *token);

/* jg-cli-warnings.c */
int       jg_cli_warnings          (Command            *cmd);
/* jg-cli-search.c: `search --all TEXT`, at most @limit hits per kind. */
int       jg_cli_search_all        (Command            *cmd,
                                    const char         *text,
                                    guint               limit);
/* jg-cli-coverage.c */
int       jg_cli_coverage          (Command            *cmd);
int       jg_cli_report            (Command            *cmd);
/* The coverage part of `sync`: the server's figure kept for the Overview;
 * FALSE with cmd->error. */
gboolean  jg_cli_sync_coverage     (Command            *cmd,
                                    const char         *server,
                                    const char         *db_path,
                                    const char         *token);

G_END_DECLS
