/* jg-bench-startup.c — `jianguan-bench startup`: the app's start beside a
 * bare libadwaita window's
 *
 *   jianguan-bench startup [--records N] [--items N] [--runs R] [--idle S]
 *                          [--app PATH] [--window PATH] [--reuse DIR]
 *
 * A signed-in account as a user has it after months of work: N catalogue
 * sub-items (default 200,000, the catalogue benchmark's generator,
 * downloaded from a jianguan-server) and N records (default 1,000,000:
 * this month's among them, every state, two officers each, their search
 * indexes complete), its token in a real keyring. The bench runs its own
 * D-Bus session bus and gnome-keyring in it, so the app finds the token
 * as it does in a GNOME session; the server is stopped before the app
 * starts (offline: the sync at start fails at once, as on a workstation
 * whose extranet is down). Then, alternately R times each after one
 * warm-up run of each (not counted):
 *
 *   - tests/bench/jg-bench-window (the reference: an AdwApplicationWindow
 *     of the same default size with a header bar and a label),
 *   - the app (JIANGUAN_BENCH_FIRST_FRAME=1, jg-application.c),
 *
 * each from just before exec to its first painted frame (both print
 * g_get_monotonic_time() at their surface's first "after-paint"); after S
 * seconds of idle (default 5), its memory from /proc/PID/smaps_rollup (RSS
 * and PSS), then it is killed. Prints the medians:
 *
 *   startup_app_first_frame, startup_bare_window_first_frame (ms),
 *   startup_ratio (goal ≤ 1.5),
 *   startup_app_first_frame_cpu, startup_bare_window_first_frame_cpu (ms:
 *   the CPU time each used until its first frame, all threads),
 *   startup_cpu_ratio,
 *   startup_app_idle_rss, startup_bare_window_idle_rss,
 *   startup_app_idle_pss, startup_bare_window_idle_pss (MiB),
 *   startup_idle_memory_budget (2 × the window's RSS + 50 MiB),
 *   startup_idle_memory_budget_ratio (the app's RSS / that budget; goal ≤ 1).
 *
 * --reuse DIR starts the programs on a profile an earlier run left
 * (JIANGUAN_BENCH_KEEP=1 keeps its folder): the preparation takes minutes.
 *
 * Run it on a display of its own (`meson test --benchmark startup` runs
 * it under xvfb-run). Benchmarks never fail on a goal: they measure.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "jg-account.h"
#include "jg-bench.h"
#include "jg-paths.h"
#include "jg-record-schema.h"
#include "jg-record-store.h"
#include "jg-search-private.h"
#include "jg-store-private.h"

#define DEFAULT_RECORDS 1000000
#define DEFAULT_ITEMS 200000
#define DEFAULT_RUNS 5
#define DEFAULT_IDLE_SECONDS 5
#define BENCH_USER "bench-admin"
#define BENCH_PASSWORD "Jianguan-Bench-2026"
#define KEYRING_PASSWORD "jianguan-bench"
/* The issue's budget: idle memory ≤ 2 × the bare window's + 50 MiB. */
#define MEMORY_FACTOR 2.0
#define MEMORY_ALLOWANCE_MIB 50.0
/* How long a program may take to show its first frame, or the keyring and
 * the bus to come up, before the bench gives up on it. */
#define FIRST_FRAME_TIMEOUT_S 120
#define SERVICE_TIMEOUT_S 15
/* The page cache while the rows are written, in KiB. */
#define WRITE_CACHE_KIB 262144
/* Parties the records name, and how many records are this month's. */
#define N_PARTIES 50000
#define MONTHS_OF_RECORDS 60
#define FIRST_FRAME_PREFIX "first-frame "

static const char * const words[] = {
  "金", "盛", "华", "兴", "美", "鑫", "源", "宏", "达", "福", "顺", "丰", "泰",
  "嘉", "合", "利", "安", "永", "康", "新", "天", "海", "隆", "佳", "和", "昌",
};
static const char * const trades[] = {
  "食品", "餐饮", "药业", "五金", "服装", "电器", "建材", "贸易", "医疗器械", "化妆品", "农产品", "超市",
};

static void
check (gboolean  ok,
       GError   *error)
{
  if (!ok)
    g_error ("%s", error ? error->message : "failed");
}

/* --- a session bus and a keyring of our own ------------------------------- */

typedef struct {
  GSubprocess *bus;
  GSubprocess *keyring;
} Services;

static gboolean
name_has_owner (GDBusConnection *bus,
                const char      *name)
{
  g_autoptr(GVariant) reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                                           "org.freedesktop.DBus", "NameHasOwner",
                                                           g_variant_new ("(s)", name), G_VARIANT_TYPE ("(b)"),
                                                           G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
  gboolean owned = FALSE;

  if (reply != NULL)
    g_variant_get (reply, "(b)", &owned);
  return owned;
}

/* A session of their own for the bus and the keyring (and what the bus
 * starts): when they are stopped, what they signal on their way out
 * (their process group) is not this benchmark. */
static void
own_session (gpointer user_data)
{
  setsid ();
}

/* dbus-daemon for this process and its children, and gnome-keyring in it,
 * unlocked (as after a GNOME login): the token goes where the app looks. */
static void
start_services (const char *work,
                Services   *services)
{
  g_autoptr(GSubprocessLauncher) bus_launcher = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *address = NULL;
  g_autofree char *keyring_data = g_build_filename (work, "keyring", NULL);
  GOutputStream *in;
  gint64 deadline;

  bus_launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (bus_launcher, own_session, NULL, NULL);
  services->bus = g_subprocess_launcher_spawn (bus_launcher, &error, "dbus-daemon", "--session",
                                               "--nofork", "--print-address=1", NULL);
  check (services->bus != NULL, error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (services->bus));
  address = g_data_input_stream_read_line (out, NULL, NULL, &error);
  check (address != NULL, error);
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", g_strstrip (address), TRUE);

  g_mkdir_with_parents (keyring_data, 0700);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE
                                        | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", keyring_data, TRUE);
  g_subprocess_launcher_setenv (launcher, "HOME", work, TRUE);
  g_subprocess_launcher_set_child_setup (launcher, own_session, NULL, NULL);
  services->keyring = g_subprocess_launcher_spawn (launcher, &error, "gnome-keyring-daemon", "--unlock",
                                                   "--foreground", "--components=secrets", NULL);
  check (services->keyring != NULL, error);
  in = g_subprocess_get_stdin_pipe (services->keyring);
  check (g_output_stream_write_all (in, KEYRING_PASSWORD, strlen (KEYRING_PASSWORD), NULL, NULL, &error)
         && g_output_stream_close (in, NULL, &error), error);

  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  check (bus != NULL, error);
  deadline = g_get_monotonic_time () + SERVICE_TIMEOUT_S * G_USEC_PER_SEC;
  while (!name_has_owner (bus, "org.freedesktop.secrets"))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("gnome-keyring-daemon did not take org.freedesktop.secrets");
      g_usleep (G_USEC_PER_SEC / 10);
    }
}

static void
stop_services (Services *services)
{
  GSubprocess *procs[] = { services->keyring, services->bus };

  for (guint i = 0; i < G_N_ELEMENTS (procs); i++)
    if (procs[i] != NULL)
      {
        g_subprocess_send_signal (procs[i], SIGTERM);
        g_subprocess_wait (procs[i], NULL, NULL);
        g_object_unref (procs[i]);
      }
}

/* --- the account ---------------------------------------------------------- */

/* The department with the most sub-items in the downloaded catalogue. */
static char *
busiest_department (const char *db_path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JgStore) store = jg_store_open (db_path, &error);

  check (store != NULL, error);
  return jg_test_query_text (store, "SELECT department FROM sub_item WHERE department IS NOT NULL"
                                    " GROUP BY department ORDER BY count (*) DESC LIMIT 1", NULL);
}

/* `jianguan-server add-account`, the password on its standard input. */
static void
add_account (const char *server_dir,
             const char *department)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GBytes) password = g_bytes_new_static (BENCH_PASSWORD "\n", strlen (BENCH_PASSWORD) + 1);

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error,
                              jg_test_server_binary (), "add-account", "--data", server_dir,
                              "--department", department, "--role", "admin", BENCH_USER, NULL);
  check (process != NULL, error);
  check (g_subprocess_communicate (process, password, NULL, NULL, NULL, &error), error);
  check (g_subprocess_get_if_exited (process) && g_subprocess_get_exit_status (process) == 0, NULL);
}

/* Signs in through the app's own code: the token goes to the keyring, the
 * department into the account's database. */
static void
sign_in (const char *url)
{
  g_autoptr(JgAccount) account = jg_account_new (url, BENCH_USER);
  g_autoptr(GError) error = NULL;

  check (jg_account_login (account, BENCH_PASSWORD, NULL, &error), error);
  if (jg_account_token_is_in_memory (account))
    g_error ("The token is not in the keyring: the app would start signed out");
}

/* --- a million records ---------------------------------------------------- */

typedef struct {
  GPtrArray *codes;      /* the department's sub-items */
  GPtrArray *officers;   /* its officers' roster ids */
} Catalogue;

static GPtrArray *
column_of (JgStore    *store,
           const char *sql,
           const char *department)
{
  GPtrArray *values = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = jg_store_prepare (store, sql, &error);

  check (stmt != NULL, error);
  jg_store_bind_text (stmt, 1, department);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (values, g_strdup (jg_store_column_text (stmt, 0)));
  sqlite3_reset (stmt);
  return values;
}

/* The record JSON the app stores for a record of @kind, its values those
 * of a row of the first party; write_records() sets each row's own with
 * json_set(), which is much faster than making a JgRecord per row. */
static char *
record_template (const Catalogue *catalogue,
                 const char      *department,
                 JgRecordKind     kind)
{
  g_autoptr(JgRecord) record = jg_record_new (kind, department);
  g_autofree char *officers = g_strdup_printf ("%s;%s", (char *) catalogue->officers->pdata[0],
                                               (char *) catalogue->officers->pdata[1]);

  jg_record_set (record, "catalogue_code", catalogue->codes->pdata[0]);
  jg_record_set (record, "party_name", "揭阳市金金食品有限公司");
  jg_record_set (record, "party_doc_type", "001");
  jg_record_set (record, "party_code", "91445200000000000X");
  jg_record_set (record, "name", kind == JG_RECORD_PENALTY ? "行政处罚" : "日常监督检查");
  jg_record_set (record, jg_record_kind_number_key (kind), "JC-2025-0000000");
  jg_record_set (record, jg_record_kind_date_key (kind), "2025-01-01");
  jg_record_set (record, "officers", officers);
  return jg_record_to_json (record);
}

/* @n records of @department written as the app writes them (row and
 * officers), in one transaction: one in five a penalty, most accepted,
 * some ready, rejected or drafts; dated over the last MONTHS_OF_RECORDS
 * months up to today, so that this month has its share. The search
 * indexes are filled afterwards, as the app catches up on open. */
static void
write_records (const char *db_path,
               const char *department,
               int         n)
{
  static const JgRecordState states[] = {
    JG_RECORD_STATE_ACCEPTED, JG_RECORD_STATE_ACCEPTED, JG_RECORD_STATE_ACCEPTED, JG_RECORD_STATE_ACCEPTED,
    JG_RECORD_STATE_ACCEPTED, JG_RECORD_STATE_ACCEPTED, JG_RECORD_STATE_ACCEPTED, JG_RECORD_STATE_ACCEPTED,
    JG_RECORD_STATE_ACCEPTED, JG_RECORD_STATE_ACCEPTED, JG_RECORD_STATE_ACCEPTED, JG_RECORD_STATE_ACCEPTED,
    JG_RECORD_STATE_ACCEPTED, JG_RECORD_STATE_ACCEPTED, JG_RECORD_STATE_ACCEPTED, JG_RECORD_STATE_ACCEPTED,
    JG_RECORD_STATE_READY, JG_RECORD_STATE_REJECTED, JG_RECORD_STATE_DRAFT, JG_RECORD_STATE_ACCEPTED,
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(JgStore) store = jg_store_open (db_path, &error);
  g_autoptr(GDateTime) today = g_date_time_new_now_local ();
  char *templates[JG_RECORD_N_KINDS] = { NULL };
  char *number_paths[JG_RECORD_N_KINDS] = { NULL };
  char *date_paths[JG_RECORD_N_KINDS] = { NULL };
  Catalogue catalogue;
  sqlite3_stmt *record, *officer, *entity;

  check (store != NULL, error);
  catalogue.codes = column_of (store, "SELECT code FROM sub_item WHERE department = ?1 AND status = '01'"
                                      " ORDER BY id", department);
  catalogue.officers = column_of (store, "SELECT id FROM officer WHERE department = ?1 ORDER BY id", department);
  if (catalogue.codes->len == 0 || catalogue.officers->len < 2)
    g_error ("The catalogue has no items or officers of %s", department);
  for (JgRecordKind kind = JG_RECORD_INSPECTION; kind <= JG_RECORD_PENALTY; kind++)
    {
      templates[kind] = record_template (&catalogue, department, kind);
      number_paths[kind] = g_strdup_printf ("$.fields.%s", jg_record_kind_number_key (kind));
      date_paths[kind] = g_strdup_printf ("$.fields.%s", jg_record_kind_date_key (kind));
    }

  check (jg_store_exec (store, "PRAGMA main.cache_size = -" G_STRINGIFY (WRITE_CACHE_KIB), &error), error);
  check (jg_store_exec (store, "DROP TRIGGER temp.record_search_insert;"
                               "DROP TRIGGER temp.entity_search_insert;", &error), error);
  check (jg_store_begin (store, &error), error);
  record = jg_store_prepare (store,
                             "INSERT INTO record (uuid, kind, department, state, revision, op, number, name,"
                             " main_date, sort_date, month, catalogue_code, party_doc_type, party_code,"
                             " party_name, fields, created, modified, holds_number)"
                             " VALUES (?1, ?2, ?3, ?4, 1, CASE WHEN ?4 IN ('ready', 'draft') THEN 'i' END,"
                             " ?5, ?6, ?7, ?7, substr (?7, 1, 7), ?8, '001', ?9, ?10,"
                             " json_set (?11, '$.uuid', ?1, '$.state', ?4, '$.fields.catalogue_code', ?8,"
                             " '$.fields.party_name', ?10, '$.fields.party_code', ?9, ?13, ?5, ?14, ?7,"
                             " '$.fields.officers', ?15), ?12, ?12, ?4 <> 'draft')", &error);
  check (record != NULL, error);
  officer = jg_store_prepare (store, "INSERT OR IGNORE INTO record_officer (uuid, officer) VALUES (?1, ?2)", &error);
  check (officer != NULL, error);
  entity = jg_store_prepare (store, "INSERT OR IGNORE INTO entity (doc_type, code, name, last_used)"
                                    " VALUES ('001', ?1, ?2, ?3)", &error);
  check (entity != NULL, error);

  for (int i = 0; i < n; i++)
    {
      JgRecordKind kind = i % 5 == 0 ? JG_RECORD_PENALTY : JG_RECORD_INSPECTION;
      JgRecordState state = states[i % G_N_ELEMENTS (states)];
      guint party = (guint) i * 7919u % N_PARTIES;
      /* Newest first in the file, as months of work append them. */
      g_autoptr(GDateTime) day = g_date_time_add_days (today, -(int) ((gint64) (n - 1 - i)
                                                                      * MONTHS_OF_RECORDS * 30 / MAX (n, 1)));
      g_autofree char *date = g_date_time_format (day, "%Y-%m-%d");
      g_autofree char *party_name = g_strdup_printf ("揭阳市%s%s%s有限公司", words[party % G_N_ELEMENTS (words)],
                                                     words[party / 7 % G_N_ELEMENTS (words)],
                                                     trades[party / 11 % G_N_ELEMENTS (trades)]);
      g_autofree char *officers = g_strdup_printf ("%s;%s",
                                                   (char *) catalogue.officers->pdata[i % catalogue.officers->len],
                                                   (char *) catalogue.officers->pdata[(i + 1) % catalogue.officers->len]);
      char uuid[40], number[32], party_code[24];

      g_snprintf (uuid, sizeof uuid, "00000000-0000-4000-8000-%012d", i);
      g_snprintf (number, sizeof number, "%s-%.4s-%07d", kind == JG_RECORD_PENALTY ? "CF" : "JC", date, i);
      g_snprintf (party_code, sizeof party_code, "9144520%02u%08uX", party % 100, party);

      jg_store_bind_text (record, 1, uuid);
      jg_store_bind_text (record, 2, jg_record_kind_to_string (kind));
      jg_store_bind_text (record, 3, department);
      jg_store_bind_text (record, 4, jg_record_state_to_string (state));
      jg_store_bind_text (record, 5, number);
      jg_store_bind_text (record, 6, kind == JG_RECORD_PENALTY ? "行政处罚" : "日常监督检查");
      jg_store_bind_text (record, 7, date);
      jg_store_bind_text (record, 8, catalogue.codes->pdata[i % catalogue.codes->len]);
      jg_store_bind_text (record, 9, party_code);
      jg_store_bind_text (record, 10, party_name);
      jg_store_bind_text (record, 11, templates[kind]);
      sqlite3_bind_int64 (record, 12, g_date_time_to_unix (day));
      jg_store_bind_text (record, 13, number_paths[kind]);
      jg_store_bind_text (record, 14, date_paths[kind]);
      jg_store_bind_text (record, 15, officers);
      check (jg_store_step_done (store, record, &error), error);

      for (guint k = 0; k < 2; k++)
        {
          jg_store_bind_text (officer, 1, uuid);
          jg_store_bind_text (officer, 2, catalogue.officers->pdata[(i + k) % catalogue.officers->len]);
          check (jg_store_step_done (store, officer, &error), error);
        }
      jg_store_bind_text (entity, 1, party_code);
      jg_store_bind_text (entity, 2, party_name);
      sqlite3_bind_int64 (entity, 3, i);
      check (jg_store_step_done (store, entity, &error), error);
    }
  check (jg_store_commit (store, &error), error);
  check (jg_store_exec (store, "PRAGMA main.cache_size = -2000", &error), error);
  check (jg_search_index_attach (store, &error), error);
  for (JgRecordKind kind = 0; kind < JG_RECORD_N_KINDS; kind++)
    {
      g_free (templates[kind]);
      g_free (number_paths[kind]);
      g_free (date_paths[kind]);
    }
  g_ptr_array_unref (catalogue.codes);
  g_ptr_array_unref (catalogue.officers);
}

/* --- one start ------------------------------------------------------------ */

typedef struct {
  double first_frame_ms;
  double first_frame_cpu_ms;
  double rss_mib;
  double pss_mib;
} Start;

typedef struct {
  char *line;
  gboolean done;
} LineRead;

static void
line_read_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  LineRead *read = user_data;

  read->line = g_data_input_stream_read_line_finish (G_DATA_INPUT_STREAM (source), result, NULL, NULL);
  read->done = TRUE;
}

/* The "first-frame USEC" line, or -1 when the program ends or times out
 * first. Anything else it prints is skipped. */
static gint64
read_first_frame (GDataInputStream *out)
{
  gint64 deadline = g_get_monotonic_time () + FIRST_FRAME_TIMEOUT_S * G_USEC_PER_SEC;

  for (;;)
    {
      g_autofree char *line = NULL;
      LineRead read = { NULL, FALSE };

      g_data_input_stream_read_line_async (out, G_PRIORITY_DEFAULT, NULL, line_read_cb, &read);
      while (!read.done)
        {
          if (g_get_monotonic_time () > deadline)
            return -1;
          g_main_context_iteration (NULL, TRUE);
        }
      line = read.line;
      if (line == NULL)
        return -1;
      if (g_str_has_prefix (line, FIRST_FRAME_PREFIX))
        return g_ascii_strtoll (line + strlen (FIRST_FRAME_PREFIX), NULL, 10);
    }
}

static double
smaps_mib (const char *rollup,
           const char *field)
{
  const char *line = strstr (rollup, field);

  return line != NULL ? g_ascii_strtod (line + strlen (field), NULL) / 1024.0 : -1;
}

/* The CPU time (user and system, all threads) @pid has used so far. */
static double
cpu_ms (const char *pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/stat", pid);
  g_autofree char *stat = NULL;
  g_auto(GStrv) fields = NULL;
  const char *after_name;

  if (!g_file_get_contents (path, &stat, NULL, NULL) || (after_name = strrchr (stat, ')')) == NULL)
    return -1;
  /* Fields 3… after the name: utime and stime are the 14th and 15th. */
  fields = g_strsplit (after_name + 2, " ", 0);
  if (g_strv_length (fields) < 13)
    return -1;
  return (g_ascii_strtod (fields[11], NULL) + g_ascii_strtod (fields[12], NULL)) * 1000.0
         / sysconf (_SC_CLK_TCK);
}

static gboolean
quit_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs @argv from exec to its first frame, lets it idle @idle seconds
 * (its main loop, not ours, is what runs), reads its memory, kills it. */
static Start
run_once (GSubprocessLauncher *launcher,
          const char * const  *argv,
          int                  idle)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *rollup_path = NULL;
  g_autofree char *rollup = NULL;
  Start start = { -1, -1, -1, -1 };
  gboolean idled = FALSE;
  gint64 exec_time, frame_time;

  exec_time = g_get_monotonic_time ();
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  check (process != NULL, error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  frame_time = read_first_frame (out);
  if (frame_time < 0)
    g_error ("%s showed no first frame within %d s", argv[0], FIRST_FRAME_TIMEOUT_S);
  start.first_frame_ms = (frame_time - exec_time) / 1000.0;
  start.first_frame_cpu_ms = cpu_ms (g_subprocess_get_identifier (process));

  g_timeout_add_seconds (idle, quit_cb, &idled);
  while (!idled)
    g_main_context_iteration (NULL, TRUE);
  rollup_path = g_strdup_printf ("/proc/%s/smaps_rollup", g_subprocess_get_identifier (process));
  if (g_file_get_contents (rollup_path, &rollup, NULL, NULL))
    {
      start.rss_mib = smaps_mib (rollup, "\nRss:");
      start.pss_mib = smaps_mib (rollup, "\nPss:");
    }

  g_subprocess_send_signal (process, SIGTERM);
  g_subprocess_wait (process, NULL, NULL);
  return start;
}

static double
median (GArray *values)
{
  return percentile (values, 0.5);
}

/* --- the benchmark -------------------------------------------------------- */

/* The default paths, beside this program in the build tree. */
static char *
built_program (const char *relative)
{
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *dir = self != NULL ? g_path_get_dirname (self) : g_strdup (".");

  return g_build_filename (dir, relative, NULL);
}

/* The app's settings as the signed-in user left them: the server and the
 * account, in a keyfile both programs are started with. */
static void
write_settings (const char *config_dir,
                const char *url)
{
  g_autofree char *dir = g_build_filename (config_dir, "glib-2.0", "settings", NULL);
  g_autofree char *path = g_build_filename (dir, "keyfile", NULL);
  g_autofree char *text = g_strdup_printf ("[com/jieyang/Jianguan]\nserver-url='%s'\nusername='%s'\n",
                                           url, BENCH_USER);
  g_autoptr(GError) error = NULL;

  g_mkdir_with_parents (dir, 0700);
  check (g_file_set_contents (path, text, -1, &error), error);
}

/* The signed-in profile in a new folder (@setup's work), the session bus
 * and keyring started. */
static void
prepare (JgBenchSetup  *setup,
         char         **config_dir,
         Services      *services,
         int            items,
         int            n_records,
         int            seed)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *department = NULL;
  g_autofree char *url = NULL;
  gint64 start;

  /* The session bus first: the download and the sign-in take the session
   * bus this process has at the time, and the token must go to its keyring. */
  bench_setup_folder (setup, "bench-startup");
  *config_dir = g_build_filename (setup->work, "config", NULL);
  g_setenv ("XDG_CONFIG_HOME", *config_dir, TRUE);
  start_services (setup->work, services);
  bench_setup_serve (setup, items, seed, NULL);

  url = g_strdup (setup->server->url);
  department = busiest_department (setup->db_path);
  add_account (setup->server_dir, department);
  sign_in (url);
  db_path = jg_paths_database_for_server (url, BENCH_USER, &error);
  check (db_path != NULL, error);
  /* Offline from here: nothing answers at the account's server. */
  bench_setup_stop_server (setup);

  g_printerr ("Writing %d records…\n", n_records);
  start = g_get_monotonic_time ();
  write_records (db_path, department, n_records);
  emit ("startup_write_records", (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC, "s");
  emit ("startup_records", n_records, "rows");
  write_settings (*config_dir, url);
}

int
jg_bench_startup (int    argc,
                  char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("— the app's start beside a bare window's");
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GArray) app_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) bare_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) app_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) bare_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) app_rss = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) bare_rss = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) app_pss = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) bare_pss = g_array_new (FALSE, FALSE, sizeof (double));
  JgBenchSetup setup = { 0 };
  g_autofree char *work = NULL;
  g_autofree char *config_dir = NULL;
  g_autofree char *app = NULL;
  g_autofree char *window = NULL;
  g_autofree char *reuse = NULL;
  Services services = { NULL, NULL };
  double budget;
  int items = DEFAULT_ITEMS, n_records = DEFAULT_RECORDS, runs = DEFAULT_RUNS, idle = DEFAULT_IDLE_SECONDS;
  int seed = 1;
  const GOptionEntry entries[] = {
    { "items", 0, 0, G_OPTION_ARG_INT, &items, "Catalogue sub-items (default 200000)", "N" },
    { "records", 0, 0, G_OPTION_ARG_INT, &n_records, "Records (default 1000000)", "N" },
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Starts of each program measured (default 5)", "R" },
    { "idle", 0, 0, G_OPTION_ARG_INT, &idle, "Seconds of idle before memory is read (default 5)", "S" },
    { "seed", 0, 0, G_OPTION_ARG_INT, &seed, "Generator seed (default 1)", "S" },
    { "app", 0, 0, G_OPTION_ARG_FILENAME, &app, "The jianguan program (default: the build tree's)", "PATH" },
    { "window", 0, 0, G_OPTION_ARG_FILENAME, &window, "The bare window (default: beside this program)", "PATH" },
    { "reuse", 0, 0, G_OPTION_ARG_FILENAME, &reuse, "The folder of an earlier run kept with JIANGUAN_BENCH_KEEP=1",
      "DIR" },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("jianguan-bench: %s\n", error->message);
      return 2;
    }
  if (app == NULL)
    app = built_program ("../../src/gui/jianguan");
  if (window == NULL)
    window = built_program ("jg-bench-window");
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_printerr ("jianguan-bench startup: no display (run it under xvfb-run)\n");
      return 2;
    }

  if (reuse != NULL)
    {
      work = g_strdup (reuse);
      g_setenv ("XDG_DATA_HOME", work, TRUE);
      config_dir = g_build_filename (work, "config", NULL);
      g_setenv ("XDG_CONFIG_HOME", config_dir, TRUE);
      start_services (work, &services);
    }
  else
    {
      prepare (&setup, &config_dir, &services, items, n_records, seed);
      work = g_strdup (setup.work);
    }

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_setenv (launcher, "GSETTINGS_BACKEND", "keyfile", TRUE);
  g_subprocess_launcher_setenv (launcher, "JIANGUAN_BENCH_FIRST_FRAME", "1", TRUE);

  g_printerr ("Starting each program %d times (and once to warm up)…\n", runs);
  for (int r = -1; r < runs; r++)
    {
      const char *bare_argv[] = { window, NULL };
      const char *app_argv[] = { app, NULL };
      Start bare = run_once (launcher, bare_argv, idle);
      Start mine = run_once (launcher, app_argv, idle);

      g_printerr ("  run %d: app %.0f ms (CPU %.0f ms), %.1f MiB; bare window %.0f ms (CPU %.0f ms), %.1f MiB\n",
                  r + 1, mine.first_frame_ms, mine.first_frame_cpu_ms, mine.rss_mib, bare.first_frame_ms,
                  bare.first_frame_cpu_ms, bare.rss_mib);
      if (r < 0)
        continue;
      g_array_append_val (app_ms, mine.first_frame_ms);
      g_array_append_val (bare_ms, bare.first_frame_ms);
      g_array_append_val (app_cpu, mine.first_frame_cpu_ms);
      g_array_append_val (bare_cpu, bare.first_frame_cpu_ms);
      g_array_append_val (app_rss, mine.rss_mib);
      g_array_append_val (bare_rss, bare.rss_mib);
      g_array_append_val (app_pss, mine.pss_mib);
      g_array_append_val (bare_pss, bare.pss_mib);
    }

  emit ("startup_app_first_frame", median (app_ms), "ms");
  emit ("startup_bare_window_first_frame", median (bare_ms), "ms");
  emit ("startup_ratio", median (app_ms) / median (bare_ms), "x");
  /* The CPU both used until then (every thread): on a busy machine the
   * wall-clock figures stretch with the load, these much less. */
  emit ("startup_app_first_frame_cpu", median (app_cpu), "ms");
  emit ("startup_bare_window_first_frame_cpu", median (bare_cpu), "ms");
  emit ("startup_cpu_ratio", median (app_cpu) / median (bare_cpu), "x");
  emit ("startup_app_idle_rss", median (app_rss), "MiB");
  emit ("startup_bare_window_idle_rss", median (bare_rss), "MiB");
  emit ("startup_app_idle_pss", median (app_pss), "MiB");
  emit ("startup_bare_window_idle_pss", median (bare_pss), "MiB");
  budget = MEMORY_FACTOR * median (bare_rss) + MEMORY_ALLOWANCE_MIB;
  emit ("startup_idle_memory_budget", budget, "MiB");
  emit ("startup_idle_memory_budget_ratio", median (app_rss) / budget, "x");

  stop_services (&services);
  /* A profile reused stays for the next run. */
  if (reuse == NULL)
    bench_setup_clear (&setup);
  return 0;
}
