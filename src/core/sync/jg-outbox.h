/* jg-outbox.h — sends records to the server and learns their states
 *
 * One run (PROTOCOL.md, "Pushing records" and "Record states"):
 *
 * 1. Every batch left unfinished by an earlier run (a crash, a lost answer,
 *    a malformed answer) is sent again, byte for byte: the server is
 *    idempotent for identical payloads, so nothing is stored twice.
 * 2. Ready records and pending deletions, oldest first, go out in batches
 *    of at most 1000. Before each request the batch — its label
 *    (YYYYMMDD-NNN, the run number of the day), its records' revisions and
 *    the exact body — is committed to SQLite and its records are marked
 *    "sending". After a crash at any instant each record is therefore
 *    either still queued (ready or sending) or accepted.
 * 3. The answer is applied in one transaction: accepted → state accepted,
 *    operation cleared; rejected (403, 409, 422) → state rejected with the
 *    reasons per field (jg_record_store_get_reasons()); the batch is dropped.
 * 4. The record-state feed (own cursor) is read and applied, with the
 *    content the server holds of each record (restoring the department's
 *    records on a new workstation, and bringing in what the others sent:
 *    jg_record_store_apply_server_copy()).
 *
 * Before the first push of a workstation that has no code yet (its
 * sign-in could not register it), the run registers it (jg-workstation.h).
 *
 * Failures: 401 stops the run with JG_OUTBOX_ERROR_NEEDS_SIGN_IN and leaves
 * the records queued; 429/503 with JG_SYNC_ERROR_BUSY and
 * JgOutboxResult.retry_after (the caller schedules the next run); 5xx,
 * network failures and malformed answers with the JG_SYNC_ERROR code and a
 * back-off (30 s doubling up to 1 h) whose next attempt time is kept in the
 * database (jg_outbox_get_next_attempt()). A malformed answer marks nothing
 * accepted. Each run is logged in sync_run with kind 'records'.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "jg-record-states.h"
#include "jg-store.h"

G_BEGIN_DECLS

#define JG_OUTBOX_ERROR (jg_outbox_error_quark ())

typedef enum {
  JG_OUTBOX_ERROR_NEEDS_SIGN_IN,   /* 401: the token is missing, expired or revoked */
  JG_OUTBOX_ERROR_NOT_ALLOWED,     /* 403 for a whole batch: the account may not push */
} JgOutboxError;

GQuark jg_outbox_error_quark (void);

typedef struct {
  guint   sent;             /* records sent in this run (resends included) */
  guint   accepted;
  guint   rejected;
  guint   batches;
  guint   resent_batches;   /* unfinished batches of an earlier run */
  guint   states_applied;   /* record states taken from the feed */
  guint   restored;         /* records added or updated from the server's
                             * copies (written on another workstation) */
  guint   removed;          /* records deleted on another workstation */
  guint   kept_local;       /* local edits kept over a newer server copy */
  guint   retry_after;      /* seconds, after 429/503; 0 otherwise */
  gint64  next_attempt;     /* unix time of the back-off after a failure; 0 otherwise */
} JgOutboxResult;

#define JG_TYPE_OUTBOX (jg_outbox_get_type ())
G_DECLARE_FINAL_TYPE (JgOutbox, jg_outbox, JG, OUTBOX, GObject)

JgOutbox  *jg_outbox_new               (const char     *db_path,
                                        const char     *server_url,
                                        const char     *token);
void       jg_outbox_set_ca_file       (JgOutbox       *self,
                                        const char     *ca_file);
/* Records per request, 1–1000 (default 1000). */
void       jg_outbox_set_batch_size    (JgOutbox       *self,
                                        guint           batch_size);
/* Page size of the record-state feed (default 5000). */
void       jg_outbox_set_page_size     (JgOutbox       *self,
                                        guint           page_size);
/* FALSE: push only, do not read the record-state feed. */
void       jg_outbox_set_pull          (JgOutbox       *self,
                                        gboolean        pull);

/* Blocking. @result is filled in whether the run succeeds or not. */
gboolean   jg_outbox_run               (JgOutbox       *self,
                                        JgOutboxResult *result,
                                        GCancellable   *cancellable,
                                        GError        **error);
void       jg_outbox_run_async         (JgOutbox       *self,
                                        GCancellable   *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer        user_data);
gboolean   jg_outbox_run_finish        (JgOutbox       *self,
                                        GAsyncResult   *res,
                                        JgOutboxResult *result,
                                        GError        **error);

/* Signal "progress" (guint64 done, guint64 total): records answered so far
 * in this run and the records to send. */

/* --- state kept in the account's database --------------------------------- */

/* When the back-off after the last failure ends (unix time), 0 if none. */
gint64     jg_outbox_get_next_attempt  (JgStore        *store);
/* The last records sync: FALSE if there was none. @message may be NULL. */
gboolean   jg_outbox_get_last_run      (JgStore        *store,
                                        gint64         *finished,
                                        gboolean       *ok,
                                        char          **message);

G_END_DECLS
