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

static gint64
local_count (Fixture    *f,
             const char *state)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM record WHERE state = '%s'", state);
  return jg_test_query_int (f->db_path, sql);
}

/* @n valid inspections, ready to send; returns their uuids. */
static GPtrArray *
make_records (Fixture    *f,
              const char *tag,
              guint       n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JgStore) store = jg_store_open (f->db_path, &error);
  g_autoptr(GPtrArray) uuids = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *item = NULL, *impl = NULL, *officers = NULL;

  g_assert_no_error (error);
  item = jg_test_query_text (store,
                     "SELECT s.code FROM sub_item s WHERE s.action_type = '0' AND s.status = '01'"
                     " AND s.department = ?1"
                     " AND coalesce (s.cancel_date, '') = ''"
                     " AND EXISTS (SELECT 1 FROM impl_entry e WHERE e.sub_item = s.code)"
                     " ORDER BY s.code LIMIT 1", f->department);
  if (item == NULL)
    item = jg_test_query_text (store,
                       "SELECT s.code FROM sub_item s WHERE s.action_type = '0' AND s.status = '01'"
                       " AND ?1 IS NOT NULL AND coalesce (s.cancel_date, '') = ''"
                       " AND EXISTS (SELECT 1 FROM impl_entry e WHERE e.sub_item = s.code)"
                       " ORDER BY s.code LIMIT 1", f->department);
  g_assert_nonnull (item);
  impl = jg_test_query_text (store, "SELECT min (code) FROM impl_entry WHERE sub_item = ?1", item);
  officers = jg_test_query_text (store,
                         "SELECT group_concat (id, ';') FROM (SELECT id FROM officer"
                         " WHERE cert_no <> '' AND cert_valid_from <= '2025-07-01'"
                         " AND cert_valid_to >= '2025-07-01'"
                         " ORDER BY department IS NOT ?1, id LIMIT 2)", f->department);
  g_assert_nonnull (impl);
  g_assert_nonnull (officers);

  g_assert_true (jg_store_begin (store, &error));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(JgRecord) record = jg_record_new (JG_RECORD_INSPECTION, f->department);
      g_autofree char *number = g_strdup_printf ("JC-%s-%05u", tag, i);

      jg_record_set (record, "catalogue_code", item);
      jg_record_set (record, "object_type", "1");
      jg_record_set (record, "object_name", "榕城区某食品店");
      jg_record_set (record, "party_name", "揭阳市某某食品有限公司");
      jg_record_set (record, "party_nature", "02");
      jg_record_set (record, "party_doc_type", "001");
      jg_record_set (record, "party_code", "91440300708461136T");
      jg_record_set (record, "region", "445202");
      jg_record_set (record, "impl_code", impl);
      jg_record_set (record, "name", "食品经营日常监督检查");
      jg_record_set (record, "number", number);
      jg_record_set (record, "check_form", "01");
      jg_record_set (record, "check_category", "01");
      jg_record_set (record, "check_result", "01");
      jg_record_set (record, "check_time", "2025-07-01");
      jg_record_set (record, "officers", officers);
      jg_record_store_save (store, record, "test", &error);
      g_assert_no_error (error);
      jg_record_store_set_state (store, record, JG_RECORD_STATE_READY, "test", &error);
      g_assert_no_error (error);
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
  store = jg_store_open (f->db_path, &error);
  g_assert_no_error (error);
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
    g_assert_false (run_outbox (f, &result, &error));
    g_assert_error (error, JG_OUTBOX_ERROR, JG_OUTBOX_ERROR_NEEDS_SIGN_IN);
    g_assert_cmpint (local_count (f, "ready"), ==, 1);
  }
}

static void
test_push_accepted (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) uuids = make_records (f, "OK", 2500);
  JgOutboxResult result;

  g_assert_true (run_outbox (f, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result.accepted, ==, 2500);
  g_assert_cmpuint (result.batches, ==, 3);
  g_assert_cmpint (local_count (f, "accepted"), ==, 2500);
  g_assert_cmpint (jg_test_query_int (f->db_path, "SELECT count(*) FROM record WHERE op IS NOT NULL"), ==, 0);
  g_assert_cmpint (jg_test_query_int (f->db_path, "SELECT count(*) FROM outbox_batch"), ==, 0);
  g_assert_cmpint (server_count (f, "SELECT count(*) FROM record"), ==, 2500);
  g_assert_cmpint (jg_test_query_int (f->db_path,
                              "SELECT ok FROM sync_run WHERE kind = 'records' ORDER BY id DESC"), ==, 1);

  /* Nothing left: a second run sends nothing. */
  g_assert_true (run_outbox (f, &result, &error));
  g_assert_cmpuint (result.sent, ==, 0);
}

static void
test_lost_answer (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) uuids = make_records (f, "LA", 40);
  const char *malformed[] = { "--fault", "malformed", NULL };
  JgOutboxResult result;

  /* The server stores the batch but its answer is cut in half. */
  start (f, malformed);
  g_assert_false (run_outbox (f, &result, &error));
  g_assert_error (error, JG_SYNC_ERROR, JG_SYNC_ERROR_MALFORMED);
  g_clear_error (&error);
  g_assert_cmpint (local_count (f, "accepted"), ==, 0);
  g_assert_cmpint (local_count (f, "sending"), ==, 40);
  g_assert_cmpint (jg_test_query_int (f->db_path, "SELECT count(*) FROM outbox_batch"), ==, 1);
  g_assert_cmpint (server_count (f, "SELECT count(*) FROM record"), ==, 40);
  g_assert_cmpint (result.next_attempt, >, 0);

  /* The same batch goes again: one copy on the server. */
  start (f, NULL);
  g_assert_true (run_outbox (f, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result.resent_batches, ==, 1);
  g_assert_cmpint (local_count (f, "accepted"), ==, 40);
  g_assert_cmpint (server_count (f, "SELECT count(*) FROM record"), ==, 40);
  g_assert_cmpint (server_count (f, "SELECT count(*) FROM record_revision"), ==, 40);
  g_assert_cmpint (jg_outbox_get_next_attempt (jg_store_open (f->db_path, NULL)), ==, 0);
}

static void
test_truncated (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) uuids = make_records (f, "TR", 10);
  const char *truncate[] = { "--fault", "truncate", NULL };
  JgOutboxResult result;

  start (f, truncate);
  g_assert_false (run_outbox (f, &result, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_cmpint (local_count (f, "accepted"), ==, 0);

  start (f, NULL);
  g_assert_true (run_outbox (f, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpint (local_count (f, "accepted"), ==, 10);
  g_assert_cmpint (server_count (f, "SELECT count(*) FROM record"), ==, 10);
}

/* Changes one field of record @uuid behind the validator's back. */
static void
set_field (JgStore    *store,
           const char *uuid,
           const char *key,
           const char *value)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_strdup_printf ("$.fields.%s", key);
  sqlite3_stmt *stmt = jg_store_prepare (store,
                                         "UPDATE record SET fields = json_set (fields, ?2, ?3)"
                                         " WHERE uuid = ?1", &error);

  g_assert_no_error (error);
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, path, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, value, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_reset (stmt);
}

static void
test_rejected (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) uuids = make_records (f, "RJ", 3);
  g_autoptr(JgStore) store = NULL;
  g_autoptr(GPtrArray) reasons = NULL;
  JgOutboxResult result;
  gboolean found = FALSE;

  /* Spoil the second record behind the validator's back: the server's rules
   * catch it. */
  store = jg_store_open (f->db_path, &error);
  g_assert_no_error (error);
  set_field (store, uuids->pdata[1], "party_code", "91440300708461136X");

  g_assert_true (run_outbox (f, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result.accepted, ==, 2);
  g_assert_cmpuint (result.rejected, ==, 1);
  g_assert_cmpint (local_count (f, "rejected"), ==, 1);
  g_assert_cmpint (local_count (f, "accepted"), ==, 2);

  reasons = jg_outbox_get_reasons (store, uuids->pdata[1], &error);
  g_assert_no_error (error);
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
  g_autoptr(GError) error = NULL;
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
  store = jg_store_open (f->db_path, &error);
  g_assert_no_error (error);
  set_field (store, uuids->pdata[0], "catalogue_code", "44999999999999");
  /* The third has a wrong check character: the server's sentence for it
   * comes from jg-id-check.c, without a template; the client's own rules
   * say it again. */
  set_field (store, uuids->pdata[2], "party_code", "91440300708461136X");
  g_assert_true (run_outbox (f, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result.rejected, ==, 2);

  /* Other content for the accepted revision: the server's own 409. */
  set_field (store, uuids->pdata[1], "object_name", "另一家店");
  g_assert_true (jg_store_exec (store, "UPDATE record SET state = 'ready', op = 'u'"
                                " WHERE state = 'accepted'", &error));
  g_assert_true (run_outbox (f, &result, &error));
  g_assert_no_error (error);

  missing = jg_outbox_get_reasons (store, uuids->pdata[0], &error);
  conflict = jg_outbox_get_reasons (store, uuids->pdata[1], &error);
  check_digit = jg_outbox_get_reasons (store, uuids->pdata[2], &error);
  jg_test_restore_locale (saved);
  g_assert_no_error (error);

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
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) uuids = make_records (f, "CF", 1);
  g_autoptr(JgStore) store = NULL;
  g_autoptr(GPtrArray) reasons = NULL;
  JgOutboxResult result;

  g_assert_true (run_outbox (f, &result, &error));
  g_assert_no_error (error);

  /* Other content for the same revision (as a second computer with a copy
   * of the database would send). */
  store = jg_store_open (f->db_path, &error);
  g_assert_no_error (error);
  g_assert_true (jg_store_exec (store,
                                "UPDATE record SET state = 'ready', op = 'u',"
                                " fields = json_set (fields, '$.fields.object_name', '另一家店')",
                                &error));
  g_assert_true (run_outbox (f, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result.rejected, ==, 1);
  g_assert_cmpint (local_count (f, "rejected"), ==, 1);
  reasons = jg_outbox_get_reasons (store, uuids->pdata[0], &error);
  g_assert_cmpuint (reasons->len, ==, 1);
  g_assert_cmpuint (((JgRecordReason *) reasons->pdata[0])->code, ==, 409);

  /* Marked ready again, it goes out as the next revision. */
  g_assert_true (jg_store_exec (store, "UPDATE record SET state = 'ready'", &error));
  g_assert_true (run_outbox (f, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result.accepted, ==, 1);
  g_assert_cmpint (jg_test_query_int (f->db_path, "SELECT revision FROM record"), ==, 2);
  g_assert_cmpint (server_count (f, "SELECT revision FROM record"), ==, 2);
}

static void
test_expired_token (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) uuids = make_records (f, "EX", 5);
  const char *expire[] = { "--fault", "expire-tokens", NULL };
  JgOutboxResult result;

  start (f, expire);
  g_assert_false (run_outbox (f, &result, &error));
  g_assert_error (error, JG_OUTBOX_ERROR, JG_OUTBOX_ERROR_NEEDS_SIGN_IN);
  g_assert_cmpint (local_count (f, "ready"), ==, 5);
  g_assert_cmpint (jg_test_query_int (f->db_path, "SELECT count(*) FROM outbox_batch"), ==, 0);
  g_assert_cmpint (server_count (f, "SELECT count(*) FROM record"), ==, 0);
  g_assert_cmpint (jg_test_query_int (f->db_path,
                              "SELECT ok FROM sync_run WHERE kind = 'records' ORDER BY id DESC"), ==, 0);
}

static void
test_server_error_backoff (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) uuids = make_records (f, "SE", 5);
  const char *fault[] = { "--fault", "500", NULL };
  JgOutboxResult result;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  start (f, fault);
  g_assert_false (run_outbox (f, &result, &error));
  g_assert_error (error, JG_SYNC_ERROR, JG_SYNC_ERROR_SERVER);
  g_clear_error (&error);
  g_assert_cmpint (result.next_attempt, >=, now + 30);
  g_assert_cmpint (result.next_attempt, <=, now + 32);
  g_assert_cmpint (local_count (f, "accepted"), ==, 0);

  g_assert_false (run_outbox (f, &result, &error));
  g_clear_error (&error);
  g_assert_cmpint (result.next_attempt, >=, now + 60);
  g_assert_cmpint (result.next_attempt, <=, now + 62);
  {
    g_autoptr(JgStore) store = jg_store_open (f->db_path, NULL);
    g_assert_cmpint (jg_outbox_get_next_attempt (store), ==, result.next_attempt);
  }

  start (f, NULL);
  g_assert_true (run_outbox (f, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpint (local_count (f, "accepted"), ==, 5);
  g_assert_cmpint (result.next_attempt, ==, 0);
}

static void
test_busy (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) uuids = make_records (f, "BZ", 5);
  const char *fault[] = { "--fault", "429", NULL };
  JgOutboxResult result;

  start (f, fault);
  g_assert_false (run_outbox (f, &result, &error));
  g_assert_error (error, JG_SYNC_ERROR, JG_SYNC_ERROR_BUSY);
  g_assert_cmpuint (result.retry_after, ==, 2);
  g_assert_cmpint (local_count (f, "ready"), ==, 5);
  g_assert_cmpint (server_count (f, "SELECT count(*) FROM record"), ==, 0);
}

static void
test_department_isolation (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rc_records = make_records (f, "RC", 3);
  g_autofree char *rc_department = g_strdup (f->department);
  g_autofree char *rc_db = g_strdup (f->db_path);
  g_autoptr(JgStore) store = NULL;
  JgOutboxResult result;
  sqlite3_stmt *stmt;

  g_assert_true (run_outbox (f, &result, &error));
  g_assert_cmpuint (result.accepted, ==, 3);

  /* hj-admin sends a record claiming rc's department, and one that reuses
   * an rc record's uuid: both refused, the rc records untouched. */
  sign_in (f, "hj-admin");
  g_assert_cmpstr (f->department, !=, rc_department);
  {
    g_autoptr(GPtrArray) hj = make_records (f, "HJ", 2);
    store = jg_store_open (f->db_path, &error);
    g_assert_no_error (error);
    stmt = jg_store_prepare (store, "UPDATE record SET department = ?1 WHERE uuid = ?2", &error);
    sqlite3_bind_text (stmt, 1, rc_department, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, hj->pdata[0], -1, SQLITE_STATIC);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
    sqlite3_reset (stmt);
    stmt = jg_store_prepare (store, "UPDATE record SET uuid = ?1 WHERE uuid = ?2", &error);
    sqlite3_bind_text (stmt, 1, rc_records->pdata[0], -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, hj->pdata[1], -1, SQLITE_STATIC);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
    sqlite3_reset (stmt);
  }
  g_assert_true (run_outbox (f, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result.rejected, ==, 2);
  g_assert_cmpuint (result.accepted, ==, 0);
  g_assert_cmpint (jg_test_query_int (f->db_path,
                              "SELECT count(*) FROM record_reason WHERE code = 403"), ==, 2);
  /* hj's state feed says nothing of rc's records. */
  g_assert_cmpuint (result.states_applied, ==, 0);
  g_assert_cmpint (jg_test_query_int (rc_db, "SELECT count(*) FROM record WHERE state = 'accepted'"), ==, 3);
  g_assert_cmpint (server_count (f, "SELECT count(*) FROM record"), ==, 3);
}

static void
test_state_feed (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) uuids = make_records (f, "SF", 20);
  g_autoptr(JgStore) store = NULL;
  JgOutboxResult result;

  g_assert_true (run_outbox (f, &result, &error));
  g_assert_no_error (error);

  /* As if the answers had been lost and the batch forgotten: the feed
   * tells. */
  store = jg_store_open (f->db_path, &error);
  g_assert_true (jg_store_exec (store, "UPDATE record SET state = 'sending', op = 'i';"
                                "DELETE FROM sync_cursor WHERE feed = 'records'", &error));
  g_assert_true (run_outbox (f, &result, &error));
  g_assert_no_error (error);
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
