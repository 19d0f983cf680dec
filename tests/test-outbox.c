/* test-outbox.c — sign-in and record push against a real jianguan-server
 *
 * Each test starts `jianguan-server --demo` (with a fault where the test is
 * about one), signs in as a demo administrator, downloads the catalogue into
 * the account's database, writes valid inspections with the store API and
 * runs the outbox. What is checked is what a user or the provincial centre
 * would notice: the records' states, the reasons shown for rejections, and
 * how many copies the server holds.
 *
 * The tests run without a Secret Service: the token must fall back to
 * memory, and the account must say so.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <locale.h>
#include <sqlite3.h>
#include <string.h>

#include "jg-account.h"
#include "jg-catalogue-sync.h"
#include "jg-outbox.h"
#include "jg-paths.h"
#include "jg-record-store.h"
#include "jg-test-util.h"
#include "jg-store-private.h"

#define DEMO_PASSWORD "Jianguan-Demo-2026"

typedef struct {
  char         *server_dir;
  JgTestServer *server;
  char         *db_path;
  char         *token;
  char         *department;
} Fixture;

static void
start (Fixture            *f,
       const char * const *extra)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();

  g_ptr_array_add (args, (char *) "--demo");
  for (guint i = 0; extra && extra[i]; i++)
    g_ptr_array_add (args, (char *) extra[i]);
  g_ptr_array_add (args, NULL);
  if (f->server != NULL)
    jg_test_server_stop (f->server);
  f->server = jg_test_server_start (f->server_dir, (const char * const *) args->pdata);
}

/* Signs in as @user and downloads the catalogue into the account's database. */
static void
sign_in (Fixture    *f,
         const char *user)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JgAccount) account = jg_account_new (f->server->url, user);
  g_autoptr(JgCatalogueSync) sync = NULL;

  jg_account_login (account, DEMO_PASSWORD, NULL, &error);
  g_assert_no_error (error);
  g_free (f->token);
  f->token = jg_account_get_token (account, &error);
  g_assert_no_error (error);
  g_free (f->department);
  f->department = g_strdup (jg_account_get_department (account));
  g_free (f->db_path);
  f->db_path = jg_paths_database_for_server (f->server->url, user, &error);
  g_assert_no_error (error);

  sync = jg_catalogue_sync_new (f->db_path, f->server->url);
  jg_catalogue_sync_run (sync, NULL, NULL, &error);
  g_assert_no_error (error);
}

static void
set_up (Fixture       *f,
        gconstpointer  data)
{
  const char * const *extra = data;

  jg_test_isolate_xdg ();
  f->server_dir = jg_test_make_tmpdir ("outbox-server");
  start (f, extra);
  sign_in (f, "rc-admin");
}

static void
tear_down (Fixture       *f,
           gconstpointer  data)
{
  jg_test_server_stop (f->server);
  g_free (f->server_dir);
  g_free (f->db_path);
  g_free (f->token);
  g_free (f->department);
}

static gint64
server_count (Fixture    *f,
              const char *sql)
{
  g_autofree char *path = g_build_filename (f->server_dir, "server.db", NULL);
  return jg_test_query_int (path, sql);
}

/* How many records the server holds. */
static gint64
server_records (Fixture *f)
{
  return server_count (f, "SELECT count(*) FROM record");
}

/* The first column of @sql in the account's database. */
static gint64
local_int (Fixture    *f,
           const char *sql)
{
  return jg_test_query_int (f->db_path, sql);
}

static gint64
local_count (Fixture    *f,
             const char *state)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM record WHERE state = '%s'", state);
  return local_int (f, sql);
}

/* Batches written to the outbox and not yet answered. */
static gint64
local_batches (Fixture *f)
{
  return local_int (f, "SELECT count(*) FROM outbox_batch");
}

/* Whether the last record sync succeeded, as the Sync page shows it. */
static gint64
last_records_run_ok (Fixture *f)
{
  return local_int (f, "SELECT ok FROM sync_run WHERE kind = 'records' ORDER BY id DESC");
}

static JgStore *
open_store (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  JgStore *store = jg_store_open (f->db_path, &error);

  g_assert_no_error (error);
  return store;
}

/* @n valid inspections, ready to send; returns their uuids. */
static GPtrArray *
make_records (Fixture    *f,
              const char *tag,
              guint       n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JgStore) store = open_store (f);
  g_autoptr(GPtrArray) uuids = g_ptr_array_new_with_free_func (g_free);

  g_assert_true (jg_store_begin (store, &error));
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *number = g_strdup_printf ("JC-%s-%05u", tag, i);
      g_autoptr(JgRecord) record = jg_test_demo_inspection (store, f->department, number, "2025-07-01");

      jg_test_save_ready (store, record);
      g_ptr_array_add (uuids, g_strdup (jg_record_get_uuid (record)));
    }
  g_assert_true (jg_store_commit (store, &error));
  return g_steal_pointer (&uuids);
}

static gboolean
run_outbox (Fixture        *f,
            JgOutboxResult *result,
            GError        **error)
{
  g_autoptr(JgOutbox) outbox = jg_outbox_new (f->db_path, f->server->url, f->token);

  return jg_outbox_run (outbox, result, NULL, error);
}

/* Runs the outbox and asserts that the run succeeds. */
static void
push_ok (Fixture        *f,
         JgOutboxResult *result)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (run_outbox (f, result, &error));
  g_assert_no_error (error);
}

/* Runs the outbox and asserts that the run fails with @domain and @code
 * (with any error where @domain is 0). */
static void
push_fails (Fixture        *f,
            JgOutboxResult *result,
            GQuark          domain,
            int             code)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (run_outbox (f, result, &error));
  if (domain != 0)
    g_assert_error (error, domain, code);
  else
    g_assert_nonnull (error);
}

/* Restarts the server with `--fault @fault` and runs the outbox against
 * it; asserts that the run fails with @domain and @code, as push_fails(). */
static void
push_to_faulty (Fixture        *f,
                const char     *fault,
                JgOutboxResult *result,
                GQuark          domain,
                int             code)
{
  const char *extra[] = { "--fault", fault, NULL };

  start (f, extra);
  push_fails (f, result, domain, code);
}

/* Restarts the server without a fault and runs the outbox: it succeeds. */
static void
push_to_healthy (Fixture        *f,
                 JgOutboxResult *result)
{
  start (f, NULL);
  push_ok (f, result);
}

/* Changes the account's database with @sql behind the outbox's back, then
 * runs the outbox: the run succeeds. */
static void
exec_and_push (Fixture        *f,
               JgStore        *store,
               const char     *sql,
               JgOutboxResult *result)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (jg_store_exec (store, sql, &error));
  g_assert_no_error (error);
  push_ok (f, result);
}

/* --- tests ---------------------------------------------------------------- */

static void
test_login (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JgAccount) wrong = jg_account_new (f->server->url, "rc-admin");
  g_autoptr(JgAccount) nobody = jg_account_new (f->server->url, "nobody");
  g_autoptr(JgAccount) again = jg_account_new (f->server->url, "rc-admin");
  g_autoptr(JgStore) store = NULL;
  g_autofree char *department = NULL;

  /* set_up signed in: no Secret Service here, so the token is in memory. */
  g_assert_nonnull (f->token);
  g_assert_true (jg_account_token_is_in_memory (again));
  g_assert_cmpstr (f->department, ==, "11445200006295321R");
  store = open_store (f);
  department = jg_record_store_get_department (store);
  g_assert_cmpstr (department, ==, f->department);

  g_assert_false (jg_account_login (wrong, "not-the-password", NULL, &error));
  g_assert_error (error, JG_ACCOUNT_ERROR, JG_ACCOUNT_ERROR_WRONG_PASSWORD);
  g_clear_error (&error);
  g_assert_false (jg_account_login (nobody, DEMO_PASSWORD, NULL, &error));
  g_assert_error (error, JG_ACCOUNT_ERROR, JG_ACCOUNT_ERROR_WRONG_PASSWORD);
  g_clear_error (&error);

  /* Sign out: the token is revoked on the server and forgotten here. */
  g_assert_true (jg_account_logout (again, NULL, &error, NULL));
  g_assert_no_error (error);
  g_assert_false (jg_account_token_is_in_memory (again));
  g_assert_null (jg_account_get_token (again, &error));
  g_assert_error (error, JG_ACCOUNT_ERROR, JG_ACCOUNT_ERROR_NOT_SIGNED_IN);
  g_clear_error (&error);
  {
    g_autoptr(GPtrArray) uuids = make_records (f, "LO", 1);
    JgOutboxResult result;
    push_fails (f, &result, JG_OUTBOX_ERROR, JG_OUTBOX_ERROR_NEEDS_SIGN_IN);
    g_assert_cmpint (local_count (f, "ready"), ==, 1);
  }
}

static void
test_push_accepted (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) uuids = make_records (f, "OK", 2500);
  JgOutboxResult result;

  push_ok (f, &result);
  g_assert_cmpuint (result.accepted, ==, 2500);
  g_assert_cmpuint (result.batches, ==, 3);
  g_assert_cmpint (local_count (f, "accepted"), ==, 2500);
  g_assert_cmpint (local_int (f, "SELECT count(*) FROM record WHERE op IS NOT NULL"), ==, 0);
  g_assert_cmpint (local_batches (f), ==, 0);
  g_assert_cmpint (server_records (f), ==, 2500);
  g_assert_cmpint (last_records_run_ok (f), ==, 1);

  /* Nothing left: a second run sends nothing. */
  push_ok (f, &result);
  g_assert_cmpuint (result.sent, ==, 0);
}

static void
test_lost_answer (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GPtrArray) uuids = make_records (f, "LA", 40);
  g_autoptr(JgStore) store = NULL;
  JgOutboxResult result;

  /* The server stores the batch but its answer is cut in half. */
  push_to_faulty (f, "malformed", &result, JG_SYNC_ERROR, JG_SYNC_ERROR_MALFORMED);
  g_assert_cmpint (local_count (f, "accepted"), ==, 0);
  g_assert_cmpint (local_count (f, "sending"), ==, 40);
  g_assert_cmpint (local_batches (f), ==, 1);
  g_assert_cmpint (server_records (f), ==, 40);
  g_assert_cmpint (result.next_attempt, >, 0);

  /* The same batch goes again: one copy on the server. */
  push_to_healthy (f, &result);
  g_assert_cmpuint (result.resent_batches, ==, 1);
  g_assert_cmpint (local_count (f, "accepted"), ==, 40);
  g_assert_cmpint (server_records (f), ==, 40);
  g_assert_cmpint (server_count (f, "SELECT count(*) FROM record_revision"), ==, 40);
  store = open_store (f);
  g_assert_cmpint (jg_outbox_get_next_attempt (store), ==, 0);
}

static void
test_truncated (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GPtrArray) uuids = make_records (f, "TR", 10);
  JgOutboxResult result;

  push_to_faulty (f, "truncate", &result, 0, 0);
  g_assert_cmpint (local_count (f, "accepted"), ==, 0);

  push_to_healthy (f, &result);
  g_assert_cmpint (local_count (f, "accepted"), ==, 10);
  g_assert_cmpint (server_records (f), ==, 10);
}

/* Runs "UPDATE record SET @assignment WHERE uuid = ?1" with @arg2 and
 * @arg3 (where not NULL) bound to ?2 and ?3. */
static void
update_record (JgStore    *store,
               const char *uuid,
               const char *assignment,
               const char *arg2,
               const char *arg3)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = g_strdup_printf ("UPDATE record SET %s WHERE uuid = ?1", assignment);
  sqlite3_stmt *stmt = jg_store_prepare (store, sql, &error);

  g_assert_no_error (error);
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, arg2, -1, SQLITE_TRANSIENT);
  if (arg3 != NULL)
    sqlite3_bind_text (stmt, 3, arg3, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_reset (stmt);
}

/* Changes one field of record @uuid behind the validator's back. */
static void
set_field (JgStore    *store,
           const char *uuid,
           const char *key,
           const char *value)
{
  g_autofree char *path = g_strdup_printf ("$.fields.%s", key);

  update_record (store, uuid, "fields = json_set (fields, ?2, ?3)", path, value);
}

/* The reasons stored for record @uuid; asserts that they can be read. */
static GPtrArray *
get_reasons (JgStore    *store,
             const char *uuid)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *reasons = jg_record_store_get_reasons (store, uuid, &error);

  g_assert_no_error (error);
  g_assert_nonnull (reasons);
  return reasons;
}

static void
test_rejected (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GPtrArray) uuids = make_records (f, "RJ", 3);
  g_autoptr(JgStore) store = NULL;
  g_autoptr(GPtrArray) reasons = NULL;
  JgOutboxResult result;
  gboolean found = FALSE;

  /* Spoil the second record behind the validator's back: the server's rules
   * catch it. */
  store = open_store (f);
  set_field (store, uuids->pdata[1], "party_code", "91440300708461136X");

  push_ok (f, &result);
  g_assert_cmpuint (result.accepted, ==, 2);
  g_assert_cmpuint (result.rejected, ==, 1);
  g_assert_cmpint (local_count (f, "rejected"), ==, 1);
  g_assert_cmpint (local_count (f, "accepted"), ==, 2);

  reasons = get_reasons (store, uuids->pdata[1]);
  g_assert_cmpuint (reasons->len, >=, 1);
  for (guint i = 0; i < reasons->len; i++)
    {
      JgRecordReason *reason = reasons->pdata[i];
      g_assert_cmpuint (reason->code, ==, 422);
      g_assert_nonnull (reason->message);
      if (g_strcmp0 (reason->field, "party_code") == 0)
        found = TRUE;
    }
  g_assert_true (found);
}

/* The server sends what each reason was made of: the client stores it in
 * its own language, the server's own reasons (409) included. */
static void
test_reasons_translated (Fixture       *f,
                         gconstpointer  data)
{
  char *saved = jg_test_use_chinese ();
  g_autoptr(GPtrArray) uuids = make_records (f, "TR", 3);
  g_autoptr(JgStore) store = NULL;
  g_autoptr(GPtrArray) missing = NULL;
  g_autoptr(GPtrArray) conflict = NULL;
  g_autoptr(GPtrArray) check_digit = NULL;
  JgRecordReason *reason;
  JgOutboxResult result;

  if (saved == NULL)
    return;

  /* The first names an item the server does not have (the validator's
   * rule, on the server's catalogue); the second is accepted. */
  store = open_store (f);
  set_field (store, uuids->pdata[0], "catalogue_code", "44999999999999");
  /* The third has a wrong check character: the server's sentence for it
   * comes from jg-id-check.c, without a template; the client's own rules
   * say it again. */
  set_field (store, uuids->pdata[2], "party_code", "91440300708461136X");
  push_ok (f, &result);
  g_assert_cmpuint (result.rejected, ==, 2);

  /* Other content for the accepted revision: the server's own 409. */
  set_field (store, uuids->pdata[1], "object_name", "另一家店");
  exec_and_push (f, store, "UPDATE record SET state = 'ready', op = 'u'"
                 " WHERE state = 'accepted'", &result);

  missing = get_reasons (store, uuids->pdata[0]);
  conflict = get_reasons (store, uuids->pdata[1]);
  check_digit = get_reasons (store, uuids->pdata[2]);
  jg_test_restore_locale (saved);

  g_assert_cmpuint (missing->len, >=, 1);
  reason = missing->pdata[0];
  g_assert_cmpstr (reason->field, ==, "catalogue_code");
  g_assert_nonnull (strstr (reason->message, "44999999999999"));
  g_assert_null (strstr (reason->message, "catalogue"));    /* not the server's English */
  g_assert_true (g_utf8_validate (reason->message, -1, NULL));
  g_assert_true (g_unichar_iswide (g_utf8_get_char (reason->message)) ||
                 strstr (reason->message, "目录") != NULL);

  g_assert_cmpuint (check_digit->len, >=, 1);
  reason = check_digit->pdata[0];
  g_assert_cmpstr (reason->field, ==, "party_code");
  g_assert_null (strstr (reason->message, "check character"));
  g_assert_nonnull (strstr (reason->message, "校验"));

  g_assert_cmpuint (conflict->len, ==, 1);
  reason = conflict->pdata[0];
  g_assert_cmpuint (reason->code, ==, 409);
  g_assert_null (strstr (reason->message, "server"));
  g_assert_nonnull (strstr (reason->message, "服务器"));
}

static void
test_conflict (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GPtrArray) uuids = make_records (f, "CF", 1);
  g_autoptr(JgStore) store = NULL;
  g_autoptr(GPtrArray) reasons = NULL;
  JgOutboxResult result;

  push_ok (f, &result);

  /* Other content for the same revision (as a second computer with a copy
   * of the database would send). */
  store = open_store (f);
  exec_and_push (f, store,
                 "UPDATE record SET state = 'ready', op = 'u',"
                 " fields = json_set (fields, '$.fields.object_name', '另一家店')",
                 &result);
  g_assert_cmpuint (result.rejected, ==, 1);
  g_assert_cmpint (local_count (f, "rejected"), ==, 1);
  reasons = get_reasons (store, uuids->pdata[0]);
  g_assert_cmpuint (reasons->len, ==, 1);
  g_assert_cmpuint (((JgRecordReason *) reasons->pdata[0])->code, ==, 409);

  /* Marked ready again, it goes out as the next revision. */
  exec_and_push (f, store, "UPDATE record SET state = 'ready'", &result);
  g_assert_cmpuint (result.accepted, ==, 1);
  g_assert_cmpint (local_int (f, "SELECT revision FROM record"), ==, 2);
  g_assert_cmpint (server_count (f, "SELECT revision FROM record"), ==, 2);
}

static void
test_expired_token (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) uuids = make_records (f, "EX", 5);
  JgOutboxResult result;

  push_to_faulty (f, "expire-tokens", &result, JG_OUTBOX_ERROR, JG_OUTBOX_ERROR_NEEDS_SIGN_IN);
  g_assert_cmpint (local_count (f, "ready"), ==, 5);
  g_assert_cmpint (local_batches (f), ==, 0);
  g_assert_cmpint (server_records (f), ==, 0);
  g_assert_cmpint (last_records_run_ok (f), ==, 0);
}

static void
test_server_error_backoff (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GPtrArray) uuids = make_records (f, "SE", 5);
  JgOutboxResult result;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  push_to_faulty (f, "500", &result, JG_SYNC_ERROR, JG_SYNC_ERROR_SERVER);
  g_assert_cmpint (result.next_attempt, >=, now + 30);
  g_assert_cmpint (result.next_attempt, <=, now + 32);
  g_assert_cmpint (local_count (f, "accepted"), ==, 0);

  push_fails (f, &result, 0, 0);
  g_assert_cmpint (result.next_attempt, >=, now + 60);
  g_assert_cmpint (result.next_attempt, <=, now + 62);
  {
    g_autoptr(JgStore) store = jg_store_open (f->db_path, NULL);
    g_assert_cmpint (jg_outbox_get_next_attempt (store), ==, result.next_attempt);
  }

  push_to_healthy (f, &result);
  g_assert_cmpint (local_count (f, "accepted"), ==, 5);
  g_assert_cmpint (result.next_attempt, ==, 0);
}

static void
test_busy (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GPtrArray) uuids = make_records (f, "BZ", 5);
  JgOutboxResult result;

  push_to_faulty (f, "429", &result, JG_SYNC_ERROR, JG_SYNC_ERROR_BUSY);
  g_assert_cmpuint (result.retry_after, ==, 2);
  g_assert_cmpint (local_count (f, "ready"), ==, 5);
  g_assert_cmpint (server_records (f), ==, 0);
}

static void
test_department_isolation (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GPtrArray) rc_records = make_records (f, "RC", 3);
  g_autofree char *rc_department = g_strdup (f->department);
  g_autofree char *rc_db = g_strdup (f->db_path);
  g_autoptr(JgStore) store = NULL;
  JgOutboxResult result;

  push_ok (f, &result);
  g_assert_cmpuint (result.accepted, ==, 3);

  /* hj-admin sends a record claiming rc's department, and one that reuses
   * an rc record's uuid: both refused, the rc records untouched. */
  sign_in (f, "hj-admin");
  g_assert_cmpstr (f->department, !=, rc_department);
  {
    g_autoptr(GPtrArray) hj = make_records (f, "HJ", 2);
    store = open_store (f);
    update_record (store, hj->pdata[0], "department = ?2", rc_department, NULL);
    update_record (store, hj->pdata[1], "uuid = ?2", rc_records->pdata[0], NULL);
  }
  push_ok (f, &result);
  g_assert_cmpuint (result.rejected, ==, 2);
  g_assert_cmpuint (result.accepted, ==, 0);
  g_assert_cmpint (local_int (f, "SELECT count(*) FROM record_reason WHERE code = 403"), ==, 2);
  /* hj's state feed says nothing of rc's records. */
  g_assert_cmpuint (result.states_applied, ==, 0);
  g_assert_cmpint (jg_test_query_int (rc_db, "SELECT count(*) FROM record WHERE state = 'accepted'"), ==, 3);
  g_assert_cmpint (server_records (f), ==, 3);
}

static void
test_state_feed (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) uuids = make_records (f, "SF", 20);
  g_autoptr(JgStore) store = NULL;
  JgOutboxResult result;

  push_ok (f, &result);

  /* As if the answers had been lost and the batch forgotten: the feed
   * tells. */
  store = open_store (f);
  exec_and_push (f, store, "UPDATE record SET state = 'sending', op = 'i';"
                 "DELETE FROM sync_cursor WHERE feed = 'records'", &result);
  g_assert_cmpuint (result.states_applied, ==, 20);
  g_assert_cmpint (local_count (f, "accepted"), ==, 20);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  /* No Secret Service in tests, and no waiting for one. */
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/jianguan-test-bus", TRUE);
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/outbox/" path, Fixture, NULL, set_up, func, tear_down)
  ADD ("login", test_login);
  ADD ("push-accepted", test_push_accepted);
  ADD ("lost-answer", test_lost_answer);
  ADD ("truncated", test_truncated);
  ADD ("rejected", test_rejected);
  ADD ("conflict", test_conflict);
  ADD ("reasons-translated", test_reasons_translated);
  ADD ("expired-token", test_expired_token);
  ADD ("server-error-backoff", test_server_error_backoff);
  ADD ("busy", test_busy);
  ADD ("department-isolation", test_department_isolation);
  ADD ("state-feed", test_state_feed);
#undef ADD

  return g_test_run ();
}
