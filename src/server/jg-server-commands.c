/* jg-server-commands.c — jianguan-server's commands besides serving
 *
 * Each command opens the data directory's database as the server does
 * (main.c), so it works beside a running server or without one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "jg-server-commands.h"

#include <stdio.h>
#include <string.h>

#include "jg-server-accounts.h"
#include "jg-server-backup.h"
#include "jg-server-coverage.h"
#include "jg-server-posts.h"

#define DEMO_PASSWORD "Jianguan-Demo-2026"
/* The starter list of serious wording errors, beside the demo data. */
#define WORDING_FILE "wording/serious-errors.tsv"

static gboolean opt_off;
static gboolean opt_work;
static char *opt_department;
static char *opt_role;
static char *opt_wrong;
static char *opt_suggestion;
static char *opt_column;
static int opt_updates = -1;
static int opt_items = -1;
static gboolean opt_default;
static char *opt_from_day;
static int opt_percent = -1;

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

gboolean
jg_server_load_file (JgServerDb  *db,
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
load_demo_catalogue (JgServerDb  *db,
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

      if (!jg_server_load_file (db, path, error))
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

gboolean
jg_server_load_demo (JgServerDb  *db,
                     GError     **error)
{
  return load_demo_catalogue (db, error) && ensure_demo_accounts (db, error) &&
         load_demo_wording (db, error);
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

const char *
jg_server_command_problem (JgServerCommand   command,
                           const char       *data,
                           char            **args,
                           char            **load)
{
  guint argc = g_strv_length (args);

  switch (command)
    {
    case JG_SERVER_COMMAND_LOAD:
      if (data == NULL)
        return "load needs --data DIR";
      if (argc < 2 && (load == NULL || load[0] == NULL))
        return "load needs at least one catalogue file";
      return NULL;
    case JG_SERVER_COMMAND_ADD_ACCOUNT:
      if (data == NULL)
        return "add-account needs --data DIR";
      if (opt_department == NULL || opt_role == NULL)
        return "add-account needs --department CODE and --role admin|reviewer|city";
      return argc == 2 ? NULL : "add-account needs exactly one USERNAME";
    default:
      break;
    }
  if (data == NULL)
    return "this command needs --data DIR";
  switch (command)
    {
    case JG_SERVER_COMMAND_WORDING:
      if (argc == 2 && strcmp (args[1], "add") == 0)
        return opt_wrong != NULL && opt_suggestion != NULL
               ? NULL : "wording add needs --wrong TEXT and --suggestion TEXT";
      if (argc == 2 && strcmp (args[1], "remove") == 0)
        return opt_wrong != NULL ? NULL : "wording remove needs --wrong TEXT";
      if (argc == 3 && strcmp (args[1], "load") == 0)
        return NULL;
      return "use wording add, wording remove or wording load FILE.tsv";
    case JG_SERVER_COMMAND_REVIEW_LEVELS:
      if (argc != 2 || (opt_department == NULL) == !opt_default)
        return "review-levels needs --department CODE (or --default) and the number of levels";
      return NULL;
    case JG_SERVER_COMMAND_QUOTA:
      if (opt_column == NULL || opt_updates < 0 || opt_items < 0)
        return "quota needs --column dynamics|exposure, --updates N and --items M";
      return argc == 1 ? NULL : "quota takes no other argument";
    case JG_SERVER_COMMAND_HOLIDAYS:
      if (argc >= 3 && strcmp (args[1], "add") == 0)
        return opt_off != opt_work ? NULL : "holidays add needs --off or --work";
      if (argc >= 3 && strcmp (args[1], "remove") == 0)
        return opt_off || opt_work ? "holidays remove takes no --off or --work" : NULL;
      if (argc == 2 && strcmp (args[1], "list") == 0)
        return NULL;
      return "use holidays add --off|--work DATE…, holidays remove DATE… or holidays list";
    case JG_SERVER_COMMAND_TOKENS:
      return argc == 3 && strcmp (args[1], "revoke") == 0
             ? NULL : "use tokens revoke USERNAME";
    case JG_SERVER_COMMAND_COVERAGE_TARGET:
      if (opt_from_day == NULL || opt_percent < 0)
        return "coverage-target needs --from MM-DD and --percent N";
      return argc == 1 ? NULL : "coverage-target takes no other argument";
    case JG_SERVER_COMMAND_BACKUP:
      return argc == 2 ? NULL : "backup needs --data DIR and one BACKUP_DIR";
    default:
      return NULL;
    }
}

static gboolean
add_account (JgServerDb  *db,
             const char  *username,
             GError     **error)
{
  g_autofree char *password = read_password ();

  if (!jg_server_db_add_account (db, username, opt_department, opt_role, password, error))
    return FALSE;
  g_printerr ("jianguan-server: created the account %s (%s of %s)\n",
              username, opt_role, opt_department);
  return TRUE;
}

gboolean
jg_server_command_run (JgServerCommand   command,
                       JgServerDb       *db,
                       char            **args,
                       char            **load,
                       GError          **error)
{
  gboolean changed = FALSE;
  guint added;
  gint64 levels;

  switch (command)
    {
    case JG_SERVER_COMMAND_LOAD:
      for (int i = 1; args[i] != NULL; i++)
        if (!jg_server_load_file (db, args[i], error))
          return FALSE;
      for (guint i = 0; load != NULL && load[i] != NULL; i++)
        if (!jg_server_load_file (db, load[i], error))
          return FALSE;
      return TRUE;
    case JG_SERVER_COMMAND_ADD_ACCOUNT:
      return add_account (db, args[1], error);
    case JG_SERVER_COMMAND_WORDING:
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
    case JG_SERVER_COMMAND_REVIEW_LEVELS:
      if (!g_ascii_string_to_signed (args[1], 10, 1, G_MAXINT, &levels, NULL))
        levels = 0;   /* refused below with the allowed range */
      if (!jg_server_db_set_review_levels (db, opt_default ? NULL : opt_department,
                                           (guint) levels, error))
        return FALSE;
      g_printerr ("jianguan-server: posts of %s are reviewed at %" G_GINT64_FORMAT " level(s)\n",
                  opt_default ? "departments without a setting" : opt_department, levels);
      return TRUE;
    case JG_SERVER_COMMAND_QUOTA:
      if (!jg_server_db_set_quota_rule (db, opt_column, (guint) opt_updates, (guint) opt_items,
                                        error))
        return FALSE;
      g_printerr ("jianguan-server: %s needs %d updates and %d items a month\n",
                  opt_column, opt_updates, opt_items);
      return TRUE;
    case JG_SERVER_COMMAND_HOLIDAYS:
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
    case JG_SERVER_COMMAND_COVERAGE_TARGET:
      {
        g_autofree char *targets = NULL;

        if (!jg_server_db_set_coverage_target (db, opt_from_day, (guint) opt_percent, error) ||
            (targets = jg_server_db_get_coverage_targets (db, error)) == NULL)
          return FALSE;
        g_printerr ("jianguan-server: coverage targets now %s\n", *targets ? targets : "none");
      }
      return TRUE;
    case JG_SERVER_COMMAND_TOKENS:
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

int
jg_server_command_backup (const char *data,
                          const char *backup_dir)
{
  g_autoptr(GError) error = NULL;
  JgServerBackupStats stats;
  gint64 t0 = g_get_monotonic_time ();

  if (!jg_server_backup (data, backup_dir, &stats, &error))
    {
      g_printerr ("jianguan-server: backup failed: %s\n", error->message);
      return 1;
    }
  g_printerr ("jianguan-server: backed up %s to %s: %" G_GUINT64_FORMAT " pages (%"
              G_GUINT64_FORMAT " bytes), %u images in %" G_GINT64_FORMAT " ms\n",
              data, backup_dir, stats.pages, stats.bytes, stats.images,
              (g_get_monotonic_time () - t0) / 1000);
  return 0;
}

/* The commands, with the line `--help` shows for each. */
static const struct {
  const char      *word;
  JgServerCommand  command;
  const char      *usage;
} commands[] = {
  { "load", JG_SERVER_COMMAND_LOAD, "load FILE… — apply catalogue files" },
  { "add-account", JG_SERVER_COMMAND_ADD_ACCOUNT,
    "add-account USERNAME — create an account (password on standard input)" },
  { "wording", JG_SERVER_COMMAND_WORDING, "wording add|remove|load [FILE.tsv] — edit the wording list" },
  { "review-levels", JG_SERVER_COMMAND_REVIEW_LEVELS, "review-levels N — set a department's review levels (1–3)" },
  { "quota", JG_SERVER_COMMAND_QUOTA, "quota — set a column's monthly quota" },
  { "coverage-target", JG_SERVER_COMMAND_COVERAGE_TARGET, "coverage-target — set a coverage target" },
  { "holidays", JG_SERVER_COMMAND_HOLIDAYS, "holidays add|remove|list [DATE…] — the working-day calendar" },
  { "backup", JG_SERVER_COMMAND_BACKUP, "backup BACKUP_DIR — copy the data of a server, running or not" },
  { "tokens", JG_SERVER_COMMAND_TOKENS, "tokens revoke USERNAME — sign an account out everywhere" },
};

gboolean
jg_server_command_lookup (const char       *word,
                          JgServerCommand  *command,
                          const char      **usage)
{
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (strcmp (word, commands[i].word) == 0)
      {
        *command = commands[i].command;
        *usage = commands[i].usage;
        return TRUE;
      }
  return FALSE;
}

const char *
jg_server_commands_summary (void)
{
  return "Without a command (or with “serve”), serves the sync protocol.\n"
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
         "account (a running server refuses them at once).";
}

void
jg_server_commands_add_options (GOptionContext *context)
{
  GOptionGroup *group;

  group = g_option_group_new ("account", "Options of add-account:", "Show the options of add-account",
                              NULL, NULL);
  g_option_group_add_entries (group, account_entries);
  g_option_context_add_group (context, group);
  group = g_option_group_new ("posts", "Options of wording, review-levels, quota, coverage-target and holidays:",
                              "Show the options of wording, review-levels, quota, coverage-target and holidays",
                              NULL, NULL);
  g_option_group_add_entries (group, posts_entries);
  g_option_context_add_group (context, group);
}
