/* jg-bench-sync.c — `jianguan-bench sync`: record push and state pull
 *
 *   jianguan-bench sync [--records N] [--single N]
 *
 * prints "name value unit" lines on stdout (progress on stderr):
 *   - N ready records pushed by the outbox in batches of 1,000 to a
 *     jianguan-server on 127.0.0.1, and their rate;
 *   - the same batches applied by the server's own code in this process,
 *     on a copy of the server's database as it was before the push, with
 *     no HTTP: the rate the server could take them at, and the push's
 *     ratio to it (goal ≥ 0.5);
 *   - records pushed one per request, and the batched push's ratio to it
 *     (goal ≥ 25);
 *   - the record states pulled again from the state feed.
 * The ratios come in CPU time too (*_cpu_ratio): on a shared machine the
 * wall clock mostly measures the waits for a core.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "jg-account.h"
#include "jg-bench.h"
#include "jg-catalogue-sync.h"
#include "jg-outbox.h"
#include "jg-outbox-private.h"
#include "jg-paths.h"
#include "jg-protocol.h"
#include "jg-record-store.h"
#include "jg-server-accounts.h"
#include "jg-server-db.h"
#include "jg-server-records.h"
#include "jg-store-private.h"
#include "jg-test-util.h"

/* Records per batch: the outbox's own default, the protocol's most. */
#define BATCH_SIZE JG_PROTOCOL_MAX_BATCH

/* @n copies of the ready record @template_uuid, each with its own uuid and
 * number, in one transaction. */
static void
clone_records (JgStore    *store,
               const char *template_uuid,
               const char *tag,
               int         n)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt;

  if (!jg_store_begin (store, &error))
    g_error ("%s", error->message);
  stmt = jg_store_prepare (store,
                           "INSERT INTO record (uuid, kind, department, state, revision, op, number, name,"
                           " main_date, sort_date, month, catalogue_code, party_doc_type, party_code,"
                           " party_name, fields, created, modified, holds_number)"
                           " SELECT ?2, kind, department, 'ready', 1, 'i', ?3, name, main_date, sort_date,"
                           " month, catalogue_code, party_doc_type, party_code, party_name,"
                           " json_set (fields, '$.uuid', ?2, '$.fields.number', ?3), created, modified,"
                           " holds_number"
                           " FROM record WHERE uuid = ?1", &error);
  if (stmt == NULL)
    g_error ("%s", error->message);
  for (int i = 0; i < n; i++)
    {
      g_autofree char *uuid = g_uuid_string_random ();
      g_autofree char *number = g_strdup_printf ("JC-%s-%07d", tag, i);

      sqlite3_bind_text (stmt, 1, template_uuid, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, uuid, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, number, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        g_error ("%s", sqlite3_errmsg (jg_store_get_db (store)));
      sqlite3_reset (stmt);
    }
  if (!jg_store_commit (store, &error))
    g_error ("%s", error->message);
}

static double
timed_outbox_run (const char     *db_path,
                  const char     *url,
                  const char     *token,
                  guint           batch_size,
                  gboolean        pull,
                  JgOutboxResult *result)
{
  g_autoptr(JgOutbox) outbox = jg_outbox_new (db_path, url, token);
  g_autoptr(GError) error = NULL;
  gint64 start;

  jg_outbox_set_batch_size (outbox, batch_size);
  jg_outbox_set_pull (outbox, pull);
  start = g_get_monotonic_time ();
  if (!jg_outbox_run (outbox, result, NULL, &error))
    g_error ("%s", error->message);
  return seconds_since (start);
}

/* A copy of the SQLite database @path, as it is now, at @copy (the
 * program that writes it may be running). */
static void
copy_database (const char *path,
               const char *copy)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (db, "VACUUM INTO ?1", -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s: %s", path, sqlite3_errmsg (db));
  sqlite3_bind_text (stmt, 1, copy, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    g_error ("%s: %s", path, sqlite3_errmsg (db));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

/* The bodies the outbox will send for the queued records of @db_path, in
 * batches of @batch_size: written by the outbox's own code into a copy of
 * the account's database, so that the account itself is left as it was. */
static GPtrArray *
make_batches (const char *work,
              const char *db_path,
              const char *url,
              guint       batch_size,
              guint      *n_records)
{
  g_autofree char *copy = g_build_filename (work, "batches.db", NULL);
  g_autoptr(JgOutbox) outbox = jg_outbox_new (copy, url, NULL);
  g_autoptr(JgStore) store = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *bodies = g_ptr_array_new_with_free_func (g_free);
  JgOutboxResult result = { 0, };
  JgOutboxRun run = { 0, };
  JgOutboxBatch *batch;

  copy_database (db_path, copy);
  store = jg_store_open (copy, &error);
  g_assert_no_error (error);
  jg_outbox_set_batch_size (outbox, batch_size);
  run.self = outbox;
  run.store = store;
  run.res = &result;
  *n_records = 0;
  while ((batch = jg_outbox_create_batch (&run, &error)) != NULL)
    {
      *n_records += batch->items->len;
      g_ptr_array_add (bodies, g_strdup (batch->body));
      jg_outbox_batch_free (batch);
    }
  g_assert_no_error (error);
  g_free (run.label);
  return bodies;
}

/* The seconds the server's own code takes to apply @bodies, in this
 * process and without HTTP, to @server_db (a copy of its database) for
 * the account of @token. */
static double
server_apply (const char *server_db,
              const char *token,
              GPtrArray  *bodies)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JgServerDb) db = NULL;
  g_autoptr(JgServerAccount) account = NULL;
  g_autoptr(JgServerRecords) records = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  gint64 start;

  if (!jg_server_accounts_init (&error) ||
      (db = jg_server_db_open (server_db, &error)) == NULL ||
      !jg_server_db_authenticate (db, token, &account, &error))
    g_error ("%s", error->message);
  g_assert (account != NULL);
  records = jg_server_records_new (db);

  start = g_get_monotonic_time ();
  for (guint i = 0; i < bodies->len; i++)
    {
      g_autofree char *message = NULL;
      const char *body = bodies->pdata[i];
      guint status;

      g_string_truncate (out, 0);
      status = jg_server_records_push (records, account, body, strlen (body), out, &message, &error);
      if (status != 200)
        g_error ("The server refused a batch (%u): %s", status,
                 message ? message : error ? error->message : "");
    }
  return seconds_since (start);
}

int
jg_bench_sync (int    argc,
            char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("— record push and state pull");
  g_autoptr(GError) error = NULL;
  g_autoptr(JgAccount) account = NULL;
  g_autoptr(JgStore) store = NULL;
  g_autoptr(JgRecord) record = NULL;
  g_autofree char *token = NULL;
  g_autofree char *template_uuid = NULL;
  g_autofree char *server_db = NULL;
  g_autofree char *server_db_live = NULL;
  g_autoptr(GPtrArray) bodies = NULL;
  guint batch_records;
  double client_cpu, server_cpu, apply_cpu, result_accepted, single_cpu;
  const char *date = "2025-07-01";
  const char *work, *db_path;
  JgBenchSetup setup;
  JgTestServer *server;
  JgOutboxResult result;
  double elapsed, batched_rate, single_rate;
  int records = 100000;
  int single = 2000;
  const GOptionEntry entries[] = {
    { "records", 0, 0, G_OPTION_ARG_INT, &records, "Records to push in batches (default 100000)", "N" },
    { "single", 0, 0, G_OPTION_ARG_INT, &single, "Records to push one per request (default 2000)", "N" },
    { NULL }
  };

  if (!parse_options (context, entries, &argc, &argv))
    return 2;

  /* No Secret Service: the token stays in this process. */
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/jianguan-bench-bus", TRUE);
  bench_setup (&setup, "bench-sync", 0, 0, "rc-admin");
  work = setup.work;
  db_path = setup.db_path;
  server = setup.server;
  g_setenv ("XDG_CONFIG_HOME", work, TRUE);

  account = jg_account_new (server->url, "rc-admin");
  if (!jg_account_login (account, "Jianguan-Demo-2026", NULL, &error))
    g_error ("%s", error->message);
  token = jg_account_get_token (account, &error);

  store = jg_store_open (db_path, &error);
  g_assert_no_error (error);
  record = jg_test_demo_inspection (store, jg_account_get_department (account),
                                    "JC-BENCH-TEMPLATE", date);
  if (!jg_record_store_save (store, record, "bench", &error) ||
      !jg_record_store_set_state (store, record, JG_RECORD_STATE_READY, "bench", &error))
    g_error ("%s", error->message);
  template_uuid = g_strdup (jg_record_get_uuid (record));

  g_printerr ("Generating %d ready records…\n", records);
  clone_records (store, template_uuid, "BATCH", records - 1);

  /* The same batches, for the server's own apply without HTTP, on the
   * server's database as it is before the push. */
  server_db = g_build_filename (work, "server-reference.db", NULL);
  server_db_live = g_build_filename (setup.server_dir, "server.db", NULL);
  copy_database (server_db_live, server_db);
  bodies = make_batches (work, db_path, server->url, BATCH_SIZE, &batch_records);

  g_printerr ("Pushing in batches of %d…\n", BATCH_SIZE);
  client_cpu = self_cpu_seconds ();
  server_cpu = server_cpu_seconds (server);
  elapsed = timed_outbox_run (db_path, server->url, token, BATCH_SIZE, FALSE, &result);
  client_cpu = self_cpu_seconds () - client_cpu;
  server_cpu = server_cpu_seconds (server) - server_cpu;
  if (result.accepted != (guint) records)
    g_printerr ("Only %u of %d records were accepted (%u rejected).\n",
                result.accepted, records, result.rejected);
  result_accepted = result.accepted;
  batched_rate = result.accepted / elapsed;
  emit (records == 100000 ? "sync_push_100k" : "sync_push", elapsed, "s");
  emit ("sync_push_rate", batched_rate, "records/s");
  emit ("sync_push_client_cpu", client_cpu, "s");
  emit ("sync_push_server_cpu", server_cpu, "s");

  g_printerr ("The same %u batches applied by the server's own code, without HTTP…\n", bodies->len);
  apply_cpu = self_cpu_seconds ();
  elapsed = server_apply (server_db, token, bodies);
  emit ("sync_push_server_apply", elapsed, "s");
  apply_cpu = self_cpu_seconds () - apply_cpu;
  emit ("sync_push_server_apply_cpu", apply_cpu, "s");
  emit ("sync_push_server_rate", batch_records / elapsed, "records/s");
  emit ("sync_push_to_server_ratio", batched_rate / (batch_records / elapsed), "x");
  /* The same in CPU time: the push's two sides work at once (the client
   * writes batch N+2 while the server applies N+1), so on a machine with
   * a core for each its rate is set by the busier side. On a shared
   * machine the wall clock above mostly measures the waits for a core. */
  emit ("sync_push_to_server_cpu_ratio",
        (result_accepted / MAX (client_cpu, server_cpu)) / (batch_records / apply_cpu), "x");

  g_printerr ("Pushing %d records one per request…\n", single);
  clone_records (store, template_uuid, "SINGLE", single);
  single_cpu = self_cpu_seconds () + server_cpu_seconds (server);
  elapsed = timed_outbox_run (db_path, server->url, token, 1, FALSE, &result);
  single_cpu = self_cpu_seconds () + server_cpu_seconds (server) - single_cpu;
  single_rate = result.accepted / elapsed;
  emit ("sync_push_single_rate", single_rate, "records/s");
  emit ("sync_push_batch_ratio", batched_rate / single_rate, "x");
  /* CPU seconds per record, both sides, one per request against batched. */
  emit ("sync_push_batch_cpu_ratio",
        (single_cpu / result.accepted) / ((client_cpu + server_cpu) / result_accepted), "x");

  /* Every answer lost: the state feed tells each record's state again. */
  g_printerr ("Pulling the record states…\n");
  if (!jg_store_exec (store, "UPDATE record SET state = 'sending', op = 'i';"
                      "DELETE FROM sync_cursor WHERE feed = 'records'", &error))
    g_error ("%s", error->message);
  elapsed = timed_outbox_run (db_path, server->url, token, 1000, TRUE, &result);
  emit (records == 100000 ? "sync_pull_100k_states" : "sync_pull_states", elapsed, "s");
  emit ("sync_pull_applied", result.states_applied, "records");

  g_clear_object (&store);
  bench_setup_clear (&setup);
  return 0;
}
