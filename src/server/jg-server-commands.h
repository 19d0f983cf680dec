/* jg-server-commands.h — jianguan-server's commands besides serving
 *
 * The city's commands on a server's data directory, running or not:
 * load, add-account, wording, review-levels, quota, coverage-target,
 * holidays, backup and tokens (main.c parses the command line and
 * serves); and the demo data that `serve --demo` loads.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "jg-server-db.h"

G_BEGIN_DECLS

typedef enum {
  JG_SERVER_COMMAND_LOAD,
  JG_SERVER_COMMAND_ADD_ACCOUNT,
  JG_SERVER_COMMAND_WORDING,
  JG_SERVER_COMMAND_REVIEW_LEVELS,
  JG_SERVER_COMMAND_QUOTA,
  JG_SERVER_COMMAND_COVERAGE_TARGET,
  JG_SERVER_COMMAND_HOLIDAYS,
  JG_SERVER_COMMAND_BACKUP,
  JG_SERVER_COMMAND_TOKENS,
} JgServerCommand;

/* Whether @word (the first argument) names a command; sets it and the
 * line `--help` shows for it. */
gboolean     jg_server_command_lookup       (const char       *word,
                                             JgServerCommand  *command,
                                             const char      **usage);

/* What `--help` says of every command. */
const char  *jg_server_commands_summary     (void);

/* Adds the option groups of the commands (their values are kept here). */
void         jg_server_commands_add_options (GOptionContext   *context);

/* What is wrong with the command line of @command, or NULL: @data is
 * --data DIR, @args its arguments after the options (args[0] the
 * program), @load the files of --load. */
const char  *jg_server_command_problem      (JgServerCommand   command,
                                             const char       *data,
                                             char            **args,
                                             char            **load);

/* `backup --data DIR BACKUP_DIR` (jg-server-backup.c), beside a running
 * server or not: it opens no database of its own. The exit status. */
int          jg_server_command_backup       (const char       *data,
                                             const char       *backup_dir);

/* Runs @command (any but backup) on @db; says what it did on standard
 * error (`holidays list` prints the days on standard output). */
gboolean     jg_server_command_run          (JgServerCommand   command,
                                             JgServerDb       *db,
                                             char            **args,
                                             char            **load,
                                             GError          **error);

/* Applies the catalogue file @filename and says what it changed. */
gboolean     jg_server_load_file            (JgServerDb       *db,
                                             const char       *filename,
                                             GError          **error);

/* `serve --demo`: the demo code tables and catalogue, when the database
 * has no catalogue yet; the demo accounts it lacks (README.md, "Demo
 * accounts"); the starter wording list, when it has none. */
gboolean     jg_server_load_demo            (JgServerDb       *db,
                                             GError          **error);

G_END_DECLS
