/* jg-record-states.h — a record's life cycle on the sync's side
 *
 * The record store owns the record table, its audit trail and the reasons
 * of rejections (record_reason). The outbox does not write them: it asks
 * for the queued records, and reports what it sent and what the server
 * answered (in a batch's answer or in the record-state feed) through the
 * functions here, which apply the state machine:
 *
 *   ready ──sent──▶ sending ──accepted──▶ accepted (operation cleared)
 *                      │   └──rejected──▶ rejected (with reasons)
 *                      └──nothing stored (4xx, 503)──▶ ready
 *
 * with the cases of a record edited or deleted while it was being sent.
 * Each change of state is audited (who = "sync"). All functions run on the
 * caller's connection, inside the caller's transaction.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "jg-record.h"
#include "jg-store.h"

G_BEGIN_DECLS

/* --- reasons of a rejection ----------------------------------------------- */

/* Codes of a rejection (PROTOCOL.md, "Pushing records"). */
#define JG_RECORD_CODE_NOT_ALLOWED 403    /* another department's record */
#define JG_RECORD_CODE_CONFLICT 409       /* the server holds this revision with other content */
#define JG_RECORD_CODE_INVALID 422        /* the rules found errors */

typedef struct {
  char  *field;             /* field key, or NULL for the whole record */
  char  *message;
  guint  code;              /* 403, 409, 422 */
} JgRecordReason;

void        jg_record_reason_free            (JgRecordReason *reason);

/* Why the server rejected the record's current revision (JgRecordReason). */
GPtrArray  *jg_record_store_get_reasons      (JgStore        *store,
                                              const char     *uuid,
                                              GError        **error);

/* --- sending -------------------------------------------------------------- */

/* A record waiting to be sent, as it goes on the wire; valid during the
 * callback only. */
typedef struct {
  const char *uuid;
  gint64      rowid;        /* for jg_record_store_mark_sending() */
  guint       revision;     /* to send: one more than stored when the server
                             * holds the stored revision with other content */
  char        op;           /* 'i', 'u' or 'd', to send */
  gboolean    same;         /* revision and op as stored */
  const char *kind;
  const char *department;   /* may be NULL */
  const char *fields;       /* the fields as a JSON object, may be NULL */
} JgQueuedRecord;

typedef gboolean (*JgQueuedRecordFunc) (const JgQueuedRecord  *record,
                                        gpointer               user_data,
                                        GError               **error);

/* Ready records and pending deletions not being sent, oldest first: how
 * many, and the first @limit of them. */
gboolean    jg_record_store_count_queued     (JgStore        *store,
                                              guint64        *count,
                                              GError        **error);
gboolean    jg_record_store_foreach_queued   (JgStore        *store,
                                              guint           limit,
                                              JgQueuedRecordFunc func,
                                              gpointer        user_data,
                                              GError        **error);
/* @record (by rowid, read in this transaction) goes out with @revision
 * and @op: state sending. */
gboolean    jg_record_store_mark_sending     (JgStore        *store,
                                              gint64          rowid,
                                              guint           revision,
                                              char            op,
                                              gboolean        same,
                                              GError        **error);
/* The server stored nothing of the revision sent: queued again as it was. */
gboolean    jg_record_store_unmark_sending   (JgStore        *store,
                                              const char     *uuid,
                                              guint           revision,
                                              GError        **error);

/* --- answers -------------------------------------------------------------- */

/* The server's answer about @revision of @uuid sent as @op (@rowid from
 * the batch written in this run, or 0). @reasons is the answer's JSON
 * array (may be NULL); @code the HTTP-like code of a rejection. */
gboolean    jg_record_store_apply_answer     (JgStore        *store,
                                              const char     *uuid,
                                              gint64          rowid,
                                              guint           revision,
                                              char            op,
                                              gboolean        accepted,
                                              guint           code,
                                              JsonArray      *reasons,
                                              GError        **error);
/* A state from the record-state feed, which a lost answer may never have
 * told: applied only to the revision it is about, and not to a record
 * being edited. *@applied says whether anything changed. */
gboolean    jg_record_store_apply_state      (JgStore        *store,
                                              const char     *uuid,
                                              guint           revision,
                                              gboolean        accepted,
                                              guint           code,
                                              JsonArray      *reasons,
                                              gboolean       *applied,
                                              GError        **error);

/* --- copies from the server ------------------------------------------------ */

typedef enum {
  JG_SERVER_COPY_NOTHING,     /* the local copy is as new or newer */
  JG_SERVER_COPY_ADDED,       /* a record this workstation did not have */
  JG_SERVER_COPY_UPDATED,     /* a newer revision replaced the local copy */
  JG_SERVER_COPY_REMOVED,     /* deleted on the server, so here too */
  JG_SERVER_COPY_KEPT_LOCAL,  /* the local copy has unsent edits: kept */
} JgServerCopyOutcome;

/* The revision the server holds of a record of the account's department
 * (the record-state feed's `held`, PROTOCOL.md "Restoring records"):
 * @copy with its uuid, revision, kind, department and fields, or, when
 * @deleted, only its uuid, revision and kind. A record written on another
 * workstation is added as accepted; a local copy in step with the server
 * takes the newer revision; a local copy with unsent edits keeps them,
 * and they become the revision after the server's, so that they are not
 * refused as older; its history says that the server's revision was set
 * aside ("kept-local"). Audited (who = "sync"); caller's transaction. */
gboolean    jg_record_store_apply_server_copy (JgStore             *store,
                                               JgRecord            *copy,
                                               gboolean             deleted,
                                               JgServerCopyOutcome *outcome,
                                               GError             **error);

G_END_DECLS
