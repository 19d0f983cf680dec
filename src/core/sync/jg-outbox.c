/* jg-outbox.c — sends records to the server and learns their states
 *
 * See jg-outbox.h for the contract and src/server/PROTOCOL.md for the wire
 * format. This file holds the object and a run: pushing the batches (one
 * request in flight while the next is written), then the record-state feed
 * (jg-records-feed.c), and the back-off after a failure. The batches are
 * kept by jg-outbox-queue.c; records change state only through the record
 * store (jg-record-states.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "jg-catalogue-sync.h"
#include "jg-http.h"
#include "jg-outbox-private.h"
#include "jg-progress.h"
#include "jg-record-states.h"
#include "jg-record-store.h"
#include "jg-store-private.h"
#include "jg-sync-history.h"
#include "jg-sync-limits.h"
#include "jg-workstation.h"

#define META_FAILURES "outbox.failures"
#define META_NEXT_ATTEMPT "outbox.next_attempt"

G_DEFINE_QUARK (jg-outbox-error-quark, jg_outbox_error)

G_DEFINE_FINAL_TYPE (JgOutbox, jg_outbox, G_TYPE_OBJECT)

enum { PROGRESS, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
jg_outbox_finalize (GObject *object)
{
  jg_sync_engine_clear (&JG_OUTBOX (object)->engine);

  G_OBJECT_CLASS (jg_outbox_parent_class)->finalize (object);
}

static void
jg_outbox_class_init (JgOutboxClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = jg_outbox_finalize;

  /**
   * JgOutbox::progress:
   * @done: records answered so far in this run
   * @total: records to send in this run
   */
  signals[PROGRESS] = jg_progress_signal_new (G_TYPE_FROM_CLASS (klass));
}

static void
jg_outbox_init (JgOutbox *self)
{
  self->batch_size = JG_PROTOCOL_MAX_BATCH;
  self->pull = TRUE;
}

JgOutbox *
jg_outbox_new (const char *db_path,
               const char *server_url,
               const char *token)
{
  JgOutbox *self = g_object_new (JG_TYPE_OUTBOX, NULL);

  jg_sync_engine_init (&self->engine, db_path, server_url, token,
                       JG_RECORDS_FEED_PAGE_SIZE, signals[PROGRESS]);
  return self;
}

void
jg_outbox_set_ca_file (JgOutbox   *self,
                       const char *ca_file)
{
  g_return_if_fail (JG_IS_OUTBOX (self));
  jg_sync_engine_set_ca_file (&self->engine, ca_file);
}

void
jg_outbox_set_batch_size (JgOutbox *self,
                          guint     batch_size)
{
  g_return_if_fail (JG_IS_OUTBOX (self));
  self->batch_size = CLAMP (batch_size, 1, JG_PROTOCOL_MAX_BATCH);
}

void
jg_outbox_set_page_size (JgOutbox *self,
                         guint     page_size)
{
  g_return_if_fail (JG_IS_OUTBOX (self));
  jg_sync_engine_set_page_size (&self->engine, page_size);
}

void
jg_outbox_set_pull (JgOutbox *self,
                    gboolean  pull)
{
  g_return_if_fail (JG_IS_OUTBOX (self));
  self->pull = pull;
}

/* --- progress ------------------------------------------------------------- */

static void
report_progress (JgOutbox *self,
                 guint64   done,
                 guint64   total)
{
  jg_sync_engine_report_progress (&self->engine, self, done, total);
}

/* --- applying answers ----------------------------------------------------- */

static gboolean
set_malformed (GError    **error,
               const char *detail)
{
  return jg_http_set_malformed (JG_HTTP_FOR_RECORDS, detail, error);
}

/* Checks the whole answer against the batch before anything is applied. */
static JsonArray *
check_results (JgOutboxBatch *batch,
               JsonParser    *parser,
               GBytes        *answer,
               GError       **error)
{
  JsonNode *root;
  JsonObject *object;
  JsonArray *results;
  g_autoptr(GError) parse_error = NULL;

  if (!json_parser_load_from_data (parser, g_bytes_get_data (answer, NULL),
                                   g_bytes_get_size (answer), &parse_error))
    {
      set_malformed (error, parse_error->message);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      set_malformed (error, _("the answer is not a JSON object"));
      return NULL;
    }
  object = json_node_get_object (root);
  if (!json_object_has_member (object, "results") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "results")))
    {
      set_malformed (error, _("the results are missing"));
      return NULL;
    }
  results = json_object_get_array_member (object, "results");
  if (json_array_get_length (results) != batch->items->len)
    {
      set_malformed (error, _("the number of results does not match the records sent"));
      return NULL;
    }
  for (guint i = 0; i < batch->items->len; i++)
    {
      JgOutboxItem *item = &g_array_index (batch->items, JgOutboxItem, i);
      JsonNode *node = json_array_get_element (results, i);
      JsonObject *result;
      const char *status;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          set_malformed (error, _("a result is not an object"));
          return NULL;
        }
      result = json_node_get_object (node);
      status = json_object_get_string_member_with_default (result, "status", "");
      if (g_strcmp0 (json_object_get_string_member_with_default (result, "uuid", NULL), item->uuid) != 0 ||
          json_object_get_int_member_with_default (result, "revision", -1) != item->revision ||
          (!g_str_equal (status, "accepted") && !g_str_equal (status, "rejected")))
        {
          set_malformed (error, _("the results do not match the records sent"));
          return NULL;
        }
    }
  return results;
}

static gboolean
apply_results (JgOutboxRun   *run,
               JgOutboxBatch *batch,
               JsonArray     *results,
               GError       **error)
{
  guint accepted = 0, rejected = 0;

  if (!jg_store_begin (run->store, error))
    return FALSE;
  for (guint i = 0; i < batch->items->len; i++)
    {
      JgOutboxItem *item = &g_array_index (batch->items, JgOutboxItem, i);
      JsonObject *result = json_array_get_object_element (results, i);
      gboolean ok = g_str_equal (json_object_get_string_member (result, "status"), "accepted");
      guint code = json_object_get_int_member_with_default (result, "code", ok ? 0 : JG_RECORD_CODE_INVALID);
      JsonArray *reasons = NULL;

      if (json_object_has_member (result, "reasons") &&
          JSON_NODE_HOLDS_ARRAY (json_object_get_member (result, "reasons")))
        reasons = json_object_get_array_member (result, "reasons");
      if (!jg_record_store_apply_answer (run->store, item->uuid, item->rowid, item->revision,
                                         item->op, ok, code, reasons, error))
        goto fail;
      if (ok)
        accepted++;
      else
        rejected++;
    }
  if (!jg_outbox_delete_batch (run, batch->id, error) || !jg_store_commit (run->store, error))
    goto fail;

  run->res->accepted += accepted;
  run->res->rejected += rejected;
  return TRUE;

fail:
  jg_store_rollback (run->store);
  return FALSE;
}

/* --- errors and back-off -------------------------------------------------- */

static gboolean
is_backoff_error (const GError *error)
{
  return error->domain == JG_SYNC_ERROR &&
         (error->code == JG_SYNC_ERROR_UNREACHABLE || error->code == JG_SYNC_ERROR_SERVER ||
          error->code == JG_SYNC_ERROR_MALFORMED || error->code == JG_SYNC_ERROR_TLS);
}

static void
note_failure (JgOutboxRun  *run,
              const GError *error)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  if (g_error_matches (error, JG_SYNC_ERROR, JG_SYNC_ERROR_BUSY))
    {
      run->res->next_attempt = now + run->res->retry_after;
      jg_outbox_set_meta_int (run->store, META_NEXT_ATTEMPT, run->res->next_attempt, NULL);
    }
  else if (is_backoff_error (error))
    {
      gint64 failures = jg_outbox_meta_int (run->store, META_FAILURES) + 1;
      gint64 delay = JG_SYNC_BACKOFF_FIRST_S;

      for (gint64 i = 1; i < failures && delay < JG_SYNC_BACKOFF_MAX_S; i++)
        delay *= 2;
      delay = MIN (delay, JG_SYNC_BACKOFF_MAX_S);
      run->res->next_attempt = now + delay;
      jg_outbox_set_meta_int (run->store, META_FAILURES, failures, NULL);
      jg_outbox_set_meta_int (run->store, META_NEXT_ATTEMPT, run->res->next_attempt, NULL);
    }
}

static void
note_success (JgOutboxRun *run)
{
  jg_outbox_set_meta_int (run->store, META_FAILURES, 0, NULL);
  jg_outbox_set_meta_int (run->store, META_NEXT_ATTEMPT, 0, NULL);
}

/* --- sending -------------------------------------------------------------- */

/* One request in flight, in its own thread, so that the next batch is
 * written, and the previous answer applied, while the server works on this
 * one. */
typedef struct {
  JgOutboxRun   *run;
  JgOutboxBatch *batch;
  GBytes        *body;
  JgHttpCall    *call;
} Request;

/* Sends @batch, which is committed to SQLite with its records "sending". */
static Request *
request_start (JgOutboxRun   *run,
               JgOutboxBatch *batch)
{
  Request *req = g_new0 (Request, 1);

  req->run = run;
  req->batch = batch;
  req->body = g_bytes_new_static (batch->body, strlen (batch->body));
  run->res->sent += batch->items->len;
  req->call = jg_http_call_start (run->http, SOUP_METHOD_POST, "api/v1/records", req->body, NULL,
                                  run->cancellable);
  return req;
}

static void
request_free (Request *req)
{
  if (req == NULL)
    return;
  g_clear_pointer (&req->call, jg_http_call_discard);
  g_bytes_unref (req->body);
  g_free (req);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Request, request_free)

/* Waits for the answer of @req and checks it against its batch. On
 * success, @parser holds the answer and the results are returned. */
static JsonArray *
request_finish (Request    *req,
                JsonParser *parser,
                GError    **error)
{
  JgOutboxRun *run = req->run;
  g_autoptr(GBytes) answer = NULL;
  JgHttpAnswer info;

  answer = jg_http_call_finish (g_steal_pointer (&req->call), &info, error);
  jg_http_answer_clear (&info);
  if (answer == NULL)
    {
      /* The server stored nothing of the batch (PROTOCOL.md) but after a
       * 5xx other than 503, when it may have. */
      if (info.status != 0 &&
          (info.status < 500 || info.status == SOUP_STATUS_SERVICE_UNAVAILABLE))
        jg_outbox_revert_batch (run, req->batch);
      run->res->retry_after = info.retry_after;
      return NULL;
    }
  return check_results (req->batch, parser, answer, error);
}

static gboolean
apply_answer (JgOutboxRun   *run,
              JgOutboxBatch *batch,
              JsonArray     *results,
              GError       **error)
{
  if (!apply_results (run, batch, results, error))
    return FALSE;
  run->res->batches++;
  run->done += batch->items->len;
  run->total = MAX (run->total, run->done);
  report_progress (run->self, run->done, run->total);
  return TRUE;
}

static gboolean
send_batch (JgOutboxRun   *run,
            JgOutboxBatch *batch,
            GError       **error)
{
  g_autoptr(Request) req = request_start (run, batch);
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonArray *results = request_finish (req, parser, error);

  return results != NULL && apply_answer (run, batch, results, error);
}

static gboolean
push (JgOutboxRun *run,
      GError     **error)
{
  gint64 last = 0;

  if (!jg_outbox_count_queued (run, error))
    return FALSE;
  report_progress (run->self, 0, run->total);

  /* First what an earlier run left unfinished, byte for byte. */
  for (;;)
    {
      g_autoptr(JgOutboxBatch) batch = NULL;
      g_autoptr(GError) local_error = NULL;

      batch = jg_outbox_load_unfinished_batch (run, last, &local_error);
      if (batch == NULL)
        {
          if (local_error != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          break;
        }
      last = batch->id;
      run->res->resent_batches++;
      if (!send_batch (run, batch, error))
        return FALSE;
    }

  /* Then new batches, one request in flight at a time and in order. While
   * the server works on batch N+1, the answer to batch N is applied and
   * batch N+2 written, in one transaction (one commit instead of two; the
   * pages both touch are written once). N+2 is sent as soon as N+1's answer
   * has arrived and been checked. A crash at any instant leaves every batch
   * written but not applied in outbox_batch, resent byte for byte. */
  {
    g_autoptr(JgOutboxBatch) batch = NULL;
    g_autoptr(JgOutboxBatch) next = NULL;
    g_autoptr(Request) req = NULL;
    g_autoptr(GError) create_error = NULL;

    if (g_cancellable_set_error_if_cancelled (run->cancellable, error))
      return FALSE;
    batch = jg_outbox_create_batch (run, &create_error);
    if (batch == NULL)
      {
        if (create_error != NULL)
          {
            g_propagate_error (error, g_steal_pointer (&create_error));
            return FALSE;
          }
        return TRUE;
      }
    req = request_start (run, batch);
    if (!g_cancellable_is_cancelled (run->cancellable))
      next = jg_outbox_create_batch (run, &create_error);

    for (;;)
      {
        g_autoptr(JgOutboxBatch) after = NULL;
        g_autoptr(Request) next_req = NULL;
        g_autoptr(JsonParser) parser = json_parser_new_immutable ();
        JgOutboxResult saved;
        guint64 saved_done;
        JsonArray *results;

        results = request_finish (req, parser, error);
        if (results == NULL)
          {
            if (next != NULL)
              jg_outbox_revert_batch (run, next);   /* never sent */
            return FALSE;
          }
        if (next != NULL)
          next_req = request_start (run, next);

        if (!jg_store_begin (run->store, error))
          return FALSE;     /* next_req is waited for; its batch stays unfinished */
        saved = *run->res;
        saved_done = run->done;
        if (!apply_answer (run, batch, results, error))
          {
            jg_store_rollback (run->store);
            return FALSE;
          }
        if (next != NULL && create_error == NULL &&
            !g_cancellable_is_cancelled (run->cancellable))
          after = jg_outbox_create_batch (run, &create_error);
        if (!jg_store_commit (run->store, error))
          {
            jg_store_rollback (run->store);
            *run->res = saved;      /* nothing of this answer was kept */
            run->done = saved_done;
            return FALSE;
          }

        g_clear_pointer (&req, request_free);
        g_clear_pointer (&batch, jg_outbox_batch_free);
        if (next == NULL)
          {
            if (create_error != NULL)
              {
                g_propagate_error (error, g_steal_pointer (&create_error));
                return FALSE;
              }
            return !g_cancellable_set_error_if_cancelled (run->cancellable, error);
          }
        batch = g_steal_pointer (&next);
        req = g_steal_pointer (&next_req);
        next = g_steal_pointer (&after);
      }
  }
}

/* --- the run -------------------------------------------------------------- */

/* A workstation whose sign-in could not register it (an older server, a
 * connection lost at that moment) registers before it pushes, so that
 * the numbers it suggests from now on are its own. A failure here is the
 * push's to report. */
static void
ensure_workstation (JgOutboxRun *run)
{
  g_autofree char *code = jg_record_store_get_workstation (run->store);
  g_autoptr(GError) error = NULL;

  if (code == NULL && !jg_workstation_register (run->http, run->store, run->cancellable, &error))
    g_debug ("The workstation is not registered yet: %s", error->message);
}

static gboolean
run_blocking (gpointer      instance,
              gpointer      result,
              GCancellable *cancellable,
              GError      **error)
{
  JgOutbox *self = instance;
  JgOutboxResult *res = result;
  g_autoptr(JgStore) store = NULL;
  g_autoptr(JgHttpClient) http = NULL;
  g_autoptr(GError) local_error = NULL;
  JgOutboxRun run = { 0, };
  gint64 run_id;

  memset (res, 0, sizeof *res);
  if (!jg_sync_engine_open (&self->engine, JG_HTTP_FOR_RECORDS, JG_OUTBOX_CACHE_KIB,
                            &store, &http, error))
    return FALSE;
  jg_store_exec (store, "PRAGMA wal_autocheckpoint = " G_STRINGIFY (JG_OUTBOX_WAL_AUTOCHECKPOINT),
                 NULL);

  run.self = self;
  run.store = store;
  run.http = http;
  run.cancellable = cancellable;
  run.res = res;

  run_id = jg_sync_history_begin (store, "records");

  if (self->engine.token == NULL)
    {
      jg_http_check_status (JG_HTTP_FOR_RECORDS, jg_http_client_get_base (http),
                            SOUP_STATUS_UNAUTHORIZED, &local_error);
      goto failed;
    }

  ensure_workstation (&run);
  if (!push (&run, &local_error))
    goto failed;
  if (self->pull && !jg_outbox_pull (&run, &local_error))
    goto failed;

  note_success (&run);
  {
    g_autofree char *sent = g_strdup_printf ("%u", res->sent);
    g_autofree char *accepted = g_strdup_printf ("%u", res->accepted);
    g_autofree char *rejected = g_strdup_printf ("%u", res->rejected);
    g_autofree char *states = g_strdup_printf ("%u", res->states_applied);
    const char *args[] = { sent, accepted, rejected, states, NULL };

    jg_sync_history_end_template (store, run_id, TRUE,
                                  res->accepted + res->rejected + res->states_applied,
                                  N_("Sent %u records: %u accepted, %u rejected; %u states updated."),
                                  args);
  }
  g_free (run.label);
  return TRUE;

failed:
  note_failure (&run, local_error);
  jg_sync_history_end_error (store, run_id, res->accepted + res->rejected + res->states_applied,
                             local_error);
  g_free (run.label);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

gboolean
jg_outbox_run (JgOutbox       *self,
               JgOutboxResult *result,
               GCancellable   *cancellable,
               GError        **error)
{
  JgOutboxResult res;
  gboolean ok;

  g_return_val_if_fail (JG_IS_OUTBOX (self), FALSE);

  ok = run_blocking (self, &res, cancellable, error);
  if (result != NULL)
    *result = res;
  return ok;
}

void
jg_outbox_run_async (JgOutbox           *self,
                     GCancellable       *cancellable,
                     GAsyncReadyCallback callback,
                     gpointer            user_data)
{
  g_return_if_fail (JG_IS_OUTBOX (self));

  jg_sync_engine_run_async (&self->engine, self, run_blocking, sizeof (JgOutboxResult),
                            jg_outbox_run_async, cancellable, callback, user_data);
}

gboolean
jg_outbox_run_finish (JgOutbox       *self,
                      GAsyncResult   *res,
                      JgOutboxResult *result,
                      GError        **error)
{
  return jg_sync_engine_run_finish (self, res, result, sizeof (JgOutboxResult), error);
}

/* --- state kept in the account's database --------------------------------- */

gint64
jg_outbox_get_next_attempt (JgStore *store)
{
  return jg_outbox_meta_int (store, META_NEXT_ATTEMPT);
}

gboolean
jg_outbox_get_last_run (JgStore  *store,
                        gint64   *finished,
                        gboolean *ok,
                        char    **message)
{
  return jg_sync_history_get_last (store, "records", finished, ok, message);
}
