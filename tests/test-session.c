/* test-session.c — the app's automatic syncs, against a real jianguan-server
 *
 * A JgSession (the object behind the app's header and Sync page) built the
 * way the app builds it, but with settings in memory and a network monitor
 * the test drives. Each test starts `jianguan-server --demo`, signs in as
 * rc-admin through the session, and checks what a user would notice:
 *
 *  - /session/network-back: a record made ready while the network is down
 *    is not sent (nothing reaches the server), and is accepted by the server
 *    as soon as the network comes back — no "Sync now";
 *  - /session/interval: with "sync-interval" set (one unit = 1 s here, a
 *    minute in the app), ready records are sent by themselves; back to 0
 *    ("never"), they wait;
 *  - /session/expired-token: when the server no longer accepts the token,
 *    the next sync emits "sign-in-needed" and the status says so, the record
 *    stays queued and untouched, nothing more is tried on its own (not the
 *    interval, not the network coming back), and after signing in again the
 *    record is sent.
 *
 * "Nothing reaches the server" is read from the server's log (one line per
 * request). No Secret Service: the token lives in memory, as in
 * test-outbox.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <sqlite3.h>
#include <string.h>

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>

#include "jg-catalogue.h"
#include "jg-paths.h"
#include "jg-post-states.h"
#include "jg-record-store.h"
#include "jg-session.h"
#include "jg-session-coverage.h"
#include "jg-session-private.h"
#include "jg-store.h"
#include "jg-test-util.h"
#include "jg-store-private.h"

#define DEMO_PASSWORD "Jianguan-Demo-2026"
/* Long enough for several 1-second intervals. */
#define QUIET_SECONDS 4

/* --- a network monitor the test switches --------------------------------- */

#define JG_TYPE_TEST_MONITOR (jg_test_monitor_get_type ())
G_DECLARE_FINAL_TYPE (JgTestMonitor, jg_test_monitor, JG, TEST_MONITOR, GObject)

struct _JgTestMonitor
{
  GObject parent_instance;
  gboolean available;
};

enum {
  MONITOR_PROP_0,
  MONITOR_PROP_AVAILABLE,
  MONITOR_PROP_METERED,
  MONITOR_PROP_CONNECTIVITY,
};

static void jg_test_monitor_initable_init (GInitableIface *iface);
static void jg_test_monitor_iface_init (GNetworkMonitorInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (JgTestMonitor, jg_test_monitor, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_INITABLE,
                                                      jg_test_monitor_initable_init)
                               G_IMPLEMENT_INTERFACE (G_TYPE_NETWORK_MONITOR,
                                                      jg_test_monitor_iface_init))

static gboolean
jg_test_monitor_init_initable (GInitable     *initable,
                               GCancellable  *cancellable,
                               GError       **error)
{
  return TRUE;
}

static void
jg_test_monitor_initable_init (GInitableIface *iface)
{
  iface->init = jg_test_monitor_init_initable;
}

static void
jg_test_monitor_iface_init (GNetworkMonitorInterface *iface)
{
}

static void
jg_test_monitor_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  JgTestMonitor *self = JG_TEST_MONITOR (object);

  switch (prop_id)
    {
    case MONITOR_PROP_AVAILABLE:
      g_value_set_boolean (value, self->available);
      break;
    case MONITOR_PROP_METERED:
      g_value_set_boolean (value, FALSE);
      break;
    case MONITOR_PROP_CONNECTIVITY:
      g_value_set_enum (value, self->available ? G_NETWORK_CONNECTIVITY_FULL
                                               : G_NETWORK_CONNECTIVITY_LOCAL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
jg_test_monitor_class_init (JgTestMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = jg_test_monitor_get_property;
  g_object_class_override_property (object_class, MONITOR_PROP_AVAILABLE, "network-available");
  g_object_class_override_property (object_class, MONITOR_PROP_METERED, "network-metered");
  g_object_class_override_property (object_class, MONITOR_PROP_CONNECTIVITY, "connectivity");
}

static void
jg_test_monitor_init (JgTestMonitor *self)
{
}

/* As a real monitor does: the property, then "network-changed". */
static void
jg_test_monitor_set_available (JgTestMonitor *self,
                               gboolean       available)
{
  self->available = available;
  g_object_notify (G_OBJECT (self), "network-available");
  g_object_notify (G_OBJECT (self), "connectivity");
  g_signal_emit_by_name (self, "network-changed", available);
}

/* --- fixture -------------------------------------------------------------- */

typedef struct {
  char          *server_dir;
  JgTestServer  *server;
  char          *port;
  GSettings     *settings;
  JgTestMonitor *monitor;
  JgSession     *session;
  char          *department;

  guint          sync_finished;
  guint          sign_in_needed;
  gboolean       sign_in_automatic;
} Fixture;

static void
sync_finished_cb (JgSession  *session,
                  gboolean    ok,
                  const char *message,
                  guint64     changes,
                  Fixture    *f)
{
  g_test_message ("sync finished: %s %s", ok ? "ok" : "failed", message);
  f->sync_finished++;
}

static void
sign_in_needed_cb (JgSession *session,
                   gboolean   automatic,
                   Fixture   *f)
{
  f->sign_in_needed++;
  f->sign_in_automatic = automatic;
}

/* (Re)starts the server on the same port, so that the session's server URL
 * (and so its database) stays the same. */
static void
start_server (Fixture    *f,
              const char *fault)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();

  g_ptr_array_add (args, (char *) "--demo");
  if (f->port != NULL)
    {
      g_ptr_array_add (args, (char *) "--port");
      g_ptr_array_add (args, f->port);
    }
  if (fault != NULL)
    {
      g_ptr_array_add (args, (char *) "--fault");
      g_ptr_array_add (args, (char *) fault);
    }
  g_ptr_array_add (args, NULL);

  if (f->server != NULL)
    jg_test_server_stop (f->server);
  f->server = jg_test_server_start (f->server_dir, (const char * const *) args->pdata);

  if (f->port == NULL)
    {
      g_autoptr(GUri) uri = g_uri_parse (f->server->url, G_URI_FLAGS_NONE, NULL);

      g_assert_nonnull (uri);
      f->port = g_strdup_printf ("%d", g_uri_get_port (uri));
    }
  else
    {
      g_autofree char *expected = g_strdup_printf ("http://127.0.0.1:%s/", f->port);
      g_assert_cmpstr (f->server->url, ==, expected);
    }
}

/* Requests the server has answered since it started (one log line each). */
static guint
server_requests (Fixture *f)
{
  g_autofree char *log = NULL;
  g_auto(GStrv) lines = NULL;
  guint n = 0;

  g_assert_true (g_file_get_contents (f->server->log_path, &log, NULL, NULL));
  lines = g_strsplit (log, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], "GET ") || g_str_has_prefix (lines[i], "POST ") ||
        g_str_has_prefix (lines[i], "PUT ") || g_str_has_prefix (lines[i], "DELETE ") ||
        g_str_has_prefix (lines[i], "HEAD "))
      n++;
  return n;
}

/* The record rows as text, to tell whether anything about them changed. */
static char *
local_rows (Fixture *f)
{
  GString *rows = g_string_new (NULL);
  sqlite3 *db;
  sqlite3_stmt *stmt;

  g_assert_cmpint (sqlite3_open_v2 (jg_session_get_db_path (f->session), &db,
                                    SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT uuid, state, revision, op, number, fields, modified"
                                       " FROM record ORDER BY uuid", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      for (int i = 0; i < sqlite3_column_count (stmt); i++)
        g_string_append_printf (rows, "%s|", (const char *) sqlite3_column_text (stmt, i));
      g_string_append_c (rows, '\n');
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return g_string_free (rows, FALSE);
}

static gint64
local_count (Fixture    *f,
             const char *state)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM record WHERE state = '%s'", state);
  return jg_test_query_int (jg_session_get_db_path (f->session), sql);
}

static gint64
server_records (Fixture *f)
{
  g_autofree char *path = g_build_filename (f->server_dir, "server.db", NULL);
  return jg_test_query_int (path, "SELECT count(*) FROM record");
}

/* Runs the main loop until @cond holds or @seconds pass; returns @cond. */
typedef gboolean (*Condition) (Fixture *f, gconstpointer data);

static gboolean
wait_until (Fixture       *f,
            Condition      cond,
            gconstpointer  data,
            guint          seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while (!cond (f, data))
    {
      if (g_get_monotonic_time () > deadline)
        return cond (f, data);
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (10 * 1000);
    }
  return TRUE;
}

/* Runs the main loop (timers, network callbacks) for @seconds. */
static void
run_for (guint seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < deadline)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (10 * 1000);
}

static gboolean
syncs_finished_at_least (Fixture       *f,
                         gconstpointer  data)
{
  return f->sync_finished >= GPOINTER_TO_UINT (data) && !jg_session_is_syncing (f->session);
}

static gboolean
accepted_on_server (Fixture       *f,
                    gconstpointer  data)
{
  return server_records (f) == GPOINTER_TO_INT (data) &&
         local_count (f, "accepted") == GPOINTER_TO_INT (data) &&
         !jg_session_is_syncing (f->session);
}

static gboolean
sign_in_asked (Fixture       *f,
               gconstpointer  data)
{
  return f->sign_in_needed > 0;
}

static gboolean
pending_is (Fixture       *f,
            gconstpointer  data)
{
  return jg_session_get_pending_count (f->session) == GPOINTER_TO_UINT (data);
}

static gboolean
not_syncing (Fixture       *f,
             gconstpointer  data)
{
  return !jg_session_is_syncing (f->session);
}

static void
sign_in_ready_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GAsyncResult **out = user_data;
  *out = g_object_ref (result);
}

/* Signs in as @username through the session, as the dialog does, and
 * waits for the sync that follows. */
static void
sign_in_as (Fixture    *f,
            const char *username)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JgStore) store = NULL;
  guint finished = f->sync_finished;

  jg_session_sign_in_async (f->session, f->server->url, username, DEMO_PASSWORD,
                            NULL, sign_in_ready_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (jg_session_sign_in_finish (f->session, result, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (jg_session_is_signed_in (f->session));
  g_assert_false (jg_session_needs_sign_in (f->session));

  g_assert_true (wait_until (f, syncs_finished_at_least, GUINT_TO_POINTER (finished + 1), 60));
  g_assert_cmpint (jg_session_get_status (f->session), ==, JG_SYNC_STATUS_UP_TO_DATE);

  if (f->department == NULL)
    {
      store = jg_store_open (jg_session_get_db_path (f->session), &error);
      g_assert_no_error (error);
      f->department = jg_record_store_get_department (store);
      g_assert_nonnull (f->department);
    }
}

static void
sign_in (Fixture *f)
{
  sign_in_as (f, "rc-admin");
}

/* One valid inspection saved "ready", as the editor does. */
static void
make_ready_record (Fixture    *f,
                   const char *number)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JgStore) store = jg_store_open (jg_session_get_db_path (f->session), &error);
  g_autoptr(JgRecord) record = NULL;

  g_assert_no_error (error);
  record = jg_test_demo_inspection (store, f->department, number, "2025-07-01");
  jg_test_save_ready (store, record);
  g_clear_object (&store);

  /* The editor tells the session, which re-reads its counts. */
  jg_session_refresh_counts (f->session);
}

static void
set_up (Fixture       *f,
        gconstpointer  data)
{
  g_autoptr(GSettingsBackend) backend = g_memory_settings_backend_new ();

  jg_test_isolate_xdg ();
  f->server_dir = jg_test_make_tmpdir ("session-server");
  start_server (f, NULL);

  f->settings = g_settings_new_with_backend ("com.jieyang.Jianguan", backend);
  g_settings_set_uint (f->settings, "sync-interval", 0);
  f->monitor = g_object_new (JG_TYPE_TEST_MONITOR, NULL);
  f->monitor->available = TRUE;
  f->session = g_object_new (JG_TYPE_SESSION,
                             "settings", f->settings,
                             "network-monitor", f->monitor,
                             NULL);
  jg_session_set_interval_unit_for_testing (f->session, 1);
  g_signal_connect (f->session, "sync-finished", G_CALLBACK (sync_finished_cb), f);
  g_signal_connect (f->session, "sign-in-needed", G_CALLBACK (sign_in_needed_cb), f);

  sign_in (f);
}

static void
tear_down (Fixture       *f,
           gconstpointer  data)
{
  g_settings_set_uint (f->settings, "sync-interval", 0);
  wait_until (f, not_syncing, NULL, 30);
  g_signal_handlers_disconnect_by_data (f->session, f);
  g_clear_object (&f->session);
  g_clear_object (&f->monitor);
  g_clear_object (&f->settings);
  jg_test_server_stop (f->server);
  g_free (f->server_dir);
  g_free (f->port);
  g_free (f->department);
}

/* --- tests ---------------------------------------------------------------- */

/* What the person at this workstation writes is audited in the signed-in
 * account's name; signed out, nobody's. */
static void
test_audit_actor (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JgStore) store = jg_store_open (jg_session_get_db_path (f->session), &error);
  g_autoptr(JgRecord) record = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  JgAuditEntry *entry;

  g_assert_no_error (error);
  record = jg_test_demo_inspection (store, f->department, "JC-2025-0901", "2025-07-01");
  g_assert_true (jg_record_store_save (store, record, NULL, &error));
  jg_session_sign_out (f->session);
  jg_record_set (record, "reporter", "王五");
  g_assert_true (jg_record_store_save (store, record, NULL, &error));
  g_assert_no_error (error);

  entries = jg_record_store_audit (store, jg_record_get_uuid (record), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 2);
  entry = entries->pdata[0];
  g_assert_cmpstr (entry->account, ==, "rc-admin");
  g_assert_cmpstr (entry->host, ==, g_get_host_name ());
  entry = entries->pdata[1];
  g_assert_null (entry->account);
  g_assert_true (g_str_has_prefix (entry->who, "not signed in"));
}

/* The app holds the record counts until its window's first frame, whose
 * cores a count of a million records would take (jg_session_hold_counts):
 * a reading asked for meanwhile is not made, and is made at the release,
 * not lost. */
static void
test_held_counts (Fixture       *f,
                  gconstpointer  data)
{
  /* Offline: no run sends the record, which would change the count. */
  jg_test_monitor_set_available (f->monitor, FALSE);
  jg_session_hold_counts (f->session);
  /* A reading that started before the hold ends meanwhile. */
  run_for (QUIET_SECONDS);

  make_ready_record (f, "HOLD-1");
  run_for (QUIET_SECONDS);
  g_assert_cmpuint (jg_session_get_pending_count (f->session), ==, 0);

  jg_session_release_counts (f->session);
  g_assert_true (wait_until (f, pending_is, GUINT_TO_POINTER (1), 10));
}

/* A session made over the same settings, as at the app's next start. */
static JgSession *
new_session (Fixture *f)
{
  return g_object_new (JG_TYPE_SESSION, "settings", f->settings, "network-monitor", f->monitor, NULL);
}

static gboolean
catalogue_state_read (JgSession *session)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (jg_session_get_status (session) == JG_SYNC_STATUS_NEVER && !jg_session_is_catalogue_empty (session))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (G_USEC_PER_SEC / 100);
    }
  return TRUE;
}

/* At start the header says from the catalogue whether it is up to date:
 * its last sync, and whether it holds anything (read without counting it,
 * at every start, over 200,000 sub-items). */
static void
test_catalogue_state (Fixture       *f,
                      gconstpointer  data)
{
  const char *db_path = jg_catalogue_get_db_path (jg_session_get_catalogue (f->session));
  g_autoptr(JgSession) again = new_session (f);
  g_autoptr(JgSession) emptied = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JgStore) store = jg_store_open (db_path, &error);
  JgCatalogueStats stats;

  g_assert_no_error (error);
  g_assert_true (jg_catalogue_get_stats_sync (store, &stats, &error));
  g_assert_cmpuint (stats.sub_items, >, 0);
  g_assert_cmpint (stats.last_sync, >, 0);

  g_assert_true (catalogue_state_read (again));
  g_assert_cmpint (jg_session_get_status (again), ==, JG_SYNC_STATUS_UP_TO_DATE);
  g_assert_cmpint (jg_session_get_last_sync (again), ==, stats.last_sync);
  g_assert_false (jg_session_is_catalogue_empty (again));

  /* A cache with no sub-item left is empty, whatever its last run. */
  g_assert_true (jg_store_exec (store, "PRAGMA foreign_keys = OFF; DELETE FROM sub_item", &error));
  g_assert_no_error (error);
  emptied = new_session (f);
  g_assert_true (catalogue_state_read (emptied));
  g_assert_true (jg_session_is_catalogue_empty (emptied));
  g_assert_cmpint (jg_session_get_last_sync (emptied), ==, stats.last_sync);
}

/* The role the sign-in stored decides who sees the review queue and the
 * city's Overview: read again at the next start, and followed when the
 * same account signs in again after the city gave it another role (the
 * session stays the same then; only the sign-in says so). */
static void
test_role (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *server_db = g_build_filename (f->server_dir, "server.db", NULL);
  g_autoptr(JgSession) again = NULL;
  sqlite3 *db;

  g_assert_false (jg_session_is_reviewer (f->session));
  g_assert_false (jg_session_is_city (f->session));

  sign_in_as (f, "reviewer");
  g_assert_true (jg_session_is_reviewer (f->session));
  g_assert_false (jg_session_is_city (f->session));
  again = new_session (f);
  g_assert_true (jg_session_is_reviewer (again));
  g_assert_false (jg_session_is_city (again));
  g_clear_object (&again);

  sign_in_as (f, "city-admin");
  g_assert_false (jg_session_is_reviewer (f->session));
  g_assert_true (jg_session_is_city (f->session));
  again = new_session (f);
  g_assert_true (jg_session_is_city (again));
  g_clear_object (&again);

  g_assert_cmpint (sqlite3_open (server_db, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE account SET role = 'reviewer' WHERE username = 'city-admin'",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  sign_in_as (f, "city-admin");
  g_assert_true (jg_session_is_reviewer (f->session));
  g_assert_false (jg_session_is_city (f->session));

  /* Signed out, the account keeps its role (offline work goes on as it
   * was); without an account there is none. */
  jg_session_sign_out (f->session);
  g_assert_true (jg_session_is_reviewer (f->session));
  g_settings_set_string (f->settings, "username", "");
  g_assert_false (jg_session_is_reviewer (f->session));
  g_assert_false (jg_session_is_city (f->session));
}

static void
test_network_back (Fixture       *f,
                   gconstpointer  data)
{
  guint requests, finished;

  /* The network goes away; a record is made ready meanwhile. */
  jg_test_monitor_set_available (f->monitor, FALSE);
  make_ready_record (f, "NET-1");
  g_assert_true (wait_until (f, pending_is, GUINT_TO_POINTER (1), 10));
  requests = server_requests (f);
  finished = f->sync_finished;

  /* While it is down, nothing is tried. */
  run_for (QUIET_SECONDS);
  g_assert_cmpuint (server_requests (f), ==, requests);
  g_assert_cmpuint (f->sync_finished, ==, finished);
  g_assert_cmpint (local_count (f, "ready"), ==, 1);
  g_assert_cmpint (server_records (f), ==, 0);

  /* It comes back: the record goes by itself. */
  jg_test_monitor_set_available (f->monitor, TRUE);
  g_assert_true (wait_until (f, accepted_on_server, GINT_TO_POINTER (1), 30));
  g_assert_cmpuint (server_requests (f), >, requests);
  g_assert_cmpuint (f->sync_finished, ==, finished + 1);
  g_assert_cmpint (jg_session_get_status (f->session), ==, JG_SYNC_STATUS_UP_TO_DATE);
  g_assert_true (wait_until (f, pending_is, GUINT_TO_POINTER (0), 10));
  g_assert_cmpuint (f->sign_in_needed, ==, 0);
}

static void
test_interval (Fixture       *f,
               gconstpointer  data)
{
  guint requests;

  /* "Every minute" (a second here): ready records go by themselves, one
   * interval after another. */
  make_ready_record (f, "INT-1");
  g_settings_set_uint (f->settings, "sync-interval", 1);
  g_assert_true (wait_until (f, accepted_on_server, GINT_TO_POINTER (1), 15));
  make_ready_record (f, "INT-2");
  g_assert_true (wait_until (f, accepted_on_server, GINT_TO_POINTER (2), 15));
  g_assert_cmpuint (f->sign_in_needed, ==, 0);

  /* "Never": they wait for "Sync now". */
  g_settings_set_uint (f->settings, "sync-interval", 0);
  g_assert_true (wait_until (f, not_syncing, NULL, 30));
  make_ready_record (f, "INT-3");
  requests = server_requests (f);
  run_for (QUIET_SECONDS);
  g_assert_cmpuint (server_requests (f), ==, requests);
  g_assert_cmpint (local_count (f, "ready"), ==, 1);
  g_assert_cmpint (server_records (f), ==, 2);

  jg_session_sync (f->session);
  g_assert_true (wait_until (f, accepted_on_server, GINT_TO_POINTER (3), 30));
}

/* While a run is already past the records, the user makes one ready and
 * asks for a sync (as a submit does): the request is not dropped, a second
 * run follows and takes the record to the server. */
static void
phase_cb (JgSession  *session,
          GParamSpec *pspec,
          Fixture    *f)
{
  if (jg_session_get_phase (session) != JG_SYNC_PHASE_POSTS)
    return;
  g_signal_handlers_disconnect_by_func (session, phase_cb, f);
  make_ready_record (f, "AGAIN-1");
  jg_session_sync (session);
}

static void
test_sync_during_run (Fixture       *f,
                      gconstpointer  data)
{
  guint finished = f->sync_finished;

  g_signal_connect (f->session, "notify::phase", G_CALLBACK (phase_cb), f);
  jg_session_sync (f->session);
  g_assert_true (wait_until (f, accepted_on_server, GINT_TO_POINTER (1), 60));
  g_assert_true (wait_until (f, not_syncing, NULL, 30));
  g_assert_cmpuint (f->sync_finished, ==, finished + 2);
  g_assert_cmpint (local_count (f, "ready"), ==, 0);

  /* And only one more: nothing asked during the second run. */
  run_for (QUIET_SECONDS);
  g_assert_cmpuint (f->sync_finished, ==, finished + 2);
}

static void
test_expired_token (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  guint requests, finished;

  make_ready_record (f, "EXP-1");
  g_assert_true (wait_until (f, pending_is, GUINT_TO_POINTER (1), 10));
  before = local_rows (f);

  /* The server no longer accepts any token; the next automatic sync (the
   * interval) meets it. */
  start_server (f, "expire-tokens");
  g_settings_set_uint (f->settings, "sync-interval", 1);
  g_assert_true (wait_until (f, sign_in_asked, NULL, 15));
  g_assert_true (wait_until (f, not_syncing, NULL, 15));
  g_assert_cmpuint (f->sign_in_needed, ==, 1);
  g_assert_true (f->sign_in_automatic);
  g_assert_cmpint (jg_session_get_status (f->session), ==, JG_SYNC_STATUS_NEEDS_SIGN_IN);
  g_assert_true (jg_session_needs_sign_in (f->session));
  g_assert_false (jg_session_is_signed_in (f->session));
  g_assert_nonnull (strstr (jg_session_get_records_result (f->session), "sign in again"));

  /* The record is still queued, exactly as it was. */
  after = local_rows (f);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpint (local_count (f, "ready"), ==, 1);
  g_assert_cmpint (jg_test_query_int (jg_session_get_db_path (f->session),
                              "SELECT count(*) FROM outbox_batch"), ==, 0);
  g_assert_cmpint (server_records (f), ==, 0);
  g_assert_true (wait_until (f, pending_is, GUINT_TO_POINTER (1), 10));

  /* Paused: neither the interval nor the network coming back tries again. */
  requests = server_requests (f);
  finished = f->sync_finished;
  run_for (QUIET_SECONDS / 2);
  jg_test_monitor_set_available (f->monitor, FALSE);
  jg_test_monitor_set_available (f->monitor, TRUE);
  run_for (QUIET_SECONDS / 2 + 1);
  g_assert_cmpuint (server_requests (f), ==, requests);
  g_assert_cmpuint (f->sync_finished, ==, finished);
  g_assert_cmpuint (f->sign_in_needed, ==, 1);
  g_assert_cmpint (jg_session_get_status (f->session), ==, JG_SYNC_STATUS_NEEDS_SIGN_IN);
  g_free (after);
  after = local_rows (f);
  g_assert_cmpstr (after, ==, before);

  /* The token problem is over; the user signs in again: the record goes. */
  g_settings_set_uint (f->settings, "sync-interval", 0);
  start_server (f, NULL);
  sign_in (f);
  g_assert_true (wait_until (f, accepted_on_server, GINT_TO_POINTER (1), 30));
  g_assert_cmpuint (f->sign_in_needed, ==, 1);
  g_assert_false (jg_session_needs_sign_in (f->session));
  g_assert_true (wait_until (f, pending_is, GUINT_TO_POINTER (0), 10));
}

/* --- posts ---------------------------------------------------------------- */

static void
count_cb (gpointer  instance,
          guint    *count)
{
  (*count)++;
}

static void
count_changed_cb (JgPostStore *store,
                  const char  *uuid,
                  guint       *count)
{
  (*count)++;
}

static void
call_ready_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GAsyncResult **out = user_data;
  *out = g_object_ref (result);
}

/* The session's posts: the store pages follow, the thresholds the server
 * sets (kept after a sync), a submitted post sent by the next run and its
 * state back in the store, a review the server refuses said as such. */
static void
test_posts (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JgPost) post = NULL;
  g_autoptr(JgPost) loaded = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  JgPostStore *posts = jg_session_get_post_store (f->session);
  JgQuotaRule rules[JG_QUOTA_N_COLUMNS];
  guint quota_changed = 0, store_changed = 0;
  guint finished = f->sync_finished;
  const char *quota_args[] = { jg_test_server_binary (), "quota", "--data", f->server_dir,
                               "--column", "dynamics", "--updates", "3", "--items", "5", NULL };
  const char *holiday_args[] = { jg_test_server_binary (), "holidays", "add", "--data", f->server_dir,
                                 NULL, NULL, NULL };
  g_autoptr(GTimeZone) shanghai = g_time_zone_new_offset (JG_QUOTA_UTC_OFFSET_SECONDS);
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) last = NULL;
  g_autoptr(JgWorkCalendar) calendar = NULL;
  g_autofree char *last_date = NULL;
  gboolean last_is_weekday;
  guint last_day;
  int status;

  g_assert_nonnull (posts);
  g_assert_false (jg_session_is_reviewer (f->session));
  jg_session_get_quota_rules (f->session, rules);
  g_assert_cmpuint (rules[JG_QUOTA_EXPOSURE].updates_needed, ==, 1);
  g_assert_cmpuint (rules[JG_QUOTA_EXPOSURE].items_needed, ==, 1);

  g_assert_true (g_spawn_sync (NULL, (char **) quota_args, NULL, G_SPAWN_STDOUT_TO_DEV_NULL,
                               NULL, NULL, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_cmpint (status, ==, 0);

  /* The city marks the month's last day: a holiday if it is a weekday, a
   * day worked if it falls at a weekend. The days left move by one. */
  now = g_date_time_new_from_unix_utc (g_get_real_time () / G_USEC_PER_SEC);
  local = g_date_time_to_timezone (now, shanghai);
  last_day = g_date_get_days_in_month (g_date_time_get_month (local), g_date_time_get_year (local));
  last = g_date_time_new (shanghai, g_date_time_get_year (local), g_date_time_get_month (local),
                          last_day, 12, 0, 0);
  last_is_weekday = g_date_time_get_day_of_week (last) <= 5;
  last_date = g_date_time_format (last, "%Y-%m-%d");
  holiday_args[5] = last_is_weekday ? "--off" : "--work";
  holiday_args[6] = last_date;
  calendar = jg_session_get_work_calendar (f->session);
  g_assert_cmpuint (jg_quota_working_days_left (calendar, now), ==, jg_quota_working_days_left (NULL, now));
  g_clear_pointer (&calendar, jg_work_calendar_free);
  g_assert_true (g_spawn_sync (NULL, (char **) holiday_args, NULL, G_SPAWN_STDOUT_TO_DEV_NULL,
                               NULL, NULL, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_cmpint (status, ==, 0);

  post = jg_post_new (JG_POST_DYNAMICS, f->department);
  jg_post_set (post, "title", "市市场监管局开展节前食品安全检查");
  jg_post_set (post, "summary", "节前检查情况");
  jg_post_set (post, "body", "<p>检查了冷库。</p>");
  jg_post_set (post, "source_department", f->department);
  jg_post_set (post, "author", "李某");
  g_assert_true (jg_post_store_save (posts, post, &error));
  g_assert_no_error (error);
  g_assert_true (jg_post_store_submit (posts, jg_post_get_uuid (post), NULL, &error));
  g_assert_no_error (error);

  g_signal_connect (f->session, "quota-changed", G_CALLBACK (count_cb), &quota_changed);
  g_signal_connect (posts, "changed", G_CALLBACK (count_changed_cb), &store_changed);
  jg_session_sync (f->session);
  g_assert_true (wait_until (f, syncs_finished_at_least, GUINT_TO_POINTER (finished + 1), 60));
  g_assert_cmpint (jg_session_get_status (f->session), ==, JG_SYNC_STATUS_UP_TO_DATE);

  g_assert_cmpuint (quota_changed, >=, 1);
  jg_session_get_quota_rules (f->session, rules);
  g_assert_cmpuint (rules[JG_QUOTA_DYNAMICS].updates_needed, ==, 3);
  g_assert_cmpuint (rules[JG_QUOTA_DYNAMICS].items_needed, ==, 5);
  calendar = jg_session_get_work_calendar (f->session);
  g_assert_cmpuint (jg_quota_working_days_left (calendar, now), ==,
                    jg_quota_working_days_left (NULL, now) + (last_is_weekday ? -1 : 1));
  g_assert_cmpuint (store_changed, >=, 1);
  loaded = jg_post_store_load (posts, jg_post_get_uuid (post), &error);
  g_assert_no_error (error);
  g_assert_cmpint (jg_post_get_state (loaded), ==, JG_POST_STATE_IN_REVIEW);

  /* An administrator does not sign off: the server's 403, said plainly. */
  jg_session_review_post_async (f->session, jg_post_get_uuid (post), 1, TRUE, NULL, NULL,
                                call_ready_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (jg_session_review_post_finish (f->session, result, &error));
  g_assert_error (error, JG_OUTBOX_ERROR, JG_OUTBOX_ERROR_NOT_ALLOWED);
  g_clear_object (&loaded);
  loaded = jg_post_store_load (posts, jg_post_get_uuid (post), NULL);
  g_assert_cmpint (jg_post_get_state (loaded), ==, JG_POST_STATE_IN_REVIEW);
  g_signal_handlers_disconnect_by_data (f->session, &quota_changed);
  g_signal_handlers_disconnect_by_data (posts, &store_changed);
}

static gboolean
post_moved_in (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(JgPost) post = jg_post_store_load (jg_session_get_post_store (f->session), data, NULL);
  return post != NULL;
}

/* A post draft written signed out moves into the account at sign-in, as
 * records' drafts do. */
static void
test_post_drafts_move (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *signed_out = jg_paths_database_for_server (f->server->url, NULL, &error);
  g_autoptr(JgStore) store = NULL;
  g_autoptr(JgPostStore) posts = NULL;
  g_autoptr(JgPost) post = jg_post_new (JG_POST_DYNAMICS, f->department);

  g_assert_no_error (error);
  store = jg_store_open (signed_out, &error);
  g_assert_no_error (error);
  posts = jg_post_store_new (store);
  jg_post_set (post, "title", "离线写的监管动态");
  g_assert_true (jg_post_store_save (posts, post, &error));
  g_assert_no_error (error);
  g_clear_object (&posts);
  g_clear_object (&store);
  g_assert_false (post_moved_in (f, jg_post_get_uuid (post)));

  sign_in (f);
  g_assert_true (wait_until (f, post_moved_in, jg_post_get_uuid (post), 30));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  /* No Secret Service in tests, and no waiting for one. */
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/jianguan-test-bus", TRUE);
  /* Fast sign-ins: the demo accounts get the minimum password hashing. */
  g_setenv ("JIANGUAN_SERVER_FAST_PWHASH", "1", TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/session/" path, Fixture, NULL, set_up, func, tear_down)
  ADD ("held-counts", test_held_counts);
  ADD ("catalogue-state", test_catalogue_state);
  ADD ("role", test_role);
  ADD ("network-back", test_network_back);
  ADD ("interval", test_interval);
  ADD ("sync-during-run", test_sync_during_run);
  ADD ("expired-token", test_expired_token);
  ADD ("audit-actor", test_audit_actor);
  ADD ("posts", test_posts);
  ADD ("post-drafts-move", test_post_drafts_move);
#undef ADD

  return g_test_run ();
}
