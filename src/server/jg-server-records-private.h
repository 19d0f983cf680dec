/* jg-server-records-private.h — shared by JgServerRecords' own files
 *
 * jg-server-records.c applies a batch (one transaction, one decision per
 * record); jg-server-records-context.c keeps the catalogue in memory and
 * answers the rules' lookups (JgValidationContext);
 * jg-server-records-state.c writes a decision twice: into the batch's
 * answer and, as the record's state, into the department's feed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "jg-server-records.h"
#include "jg-server-db-private.h"
#include "jg-server-batch-parser.h"
#include "jg-server-reasons.h"

#include "jg-record.h"
#include "jg-validate.h"

G_BEGIN_DECLS

#define JG_SERVER_RECORDS_READ_FAILED "Could not read the records"

/* The statements a push runs for each record. */
typedef enum {
  STMT_READ_HEAD,
  STMT_READ_REVISION,
  STMT_INSERT_REVISION,
  STMT_REPLACE_RECORD,
  STMT_PUT_STATE,
  STMT_NUMBER_TAKEN,
  STMT_INSPECTION_EXISTS,
  N_STMTS
} JgServerRecordsStmt;

struct _JgServerRecords
{
  JgServerDb *db;

  /* The catalogue as of these latest seqs of "codes" and "catalogue". */
  gint64 codes_latest, catalogue_latest;
  gboolean loaded;
  GHashTable *codes;     /* "table\tcode" -> itself */
  GHashTable *items;     /* sub-item code -> JgItemInfo* */
  GHashTable *impls;     /* implementation code -> sub-item code */
  GHashTable *officers;  /* id -> JgOfficerInfo* */

  GError *ctx_error;     /* first database error inside a context callback */
  /* During a push only: the connection's cached statements, looked up
   * once per batch rather than by their SQL text for every record. Each
   * use binds all its parameters and resets the statement after it. */
  sqlite3_stmt *stmts[N_STMTS];
  JgRecord *scratch[JG_RECORD_N_KINDS];
};

/* The result code of one record (PROTOCOL.md, "Pushing records"), with
 * HTTP's meanings. */
enum {
  JG_SERVER_RECORD_ACCEPTED = 0,
  JG_SERVER_RECORD_FORBIDDEN = 403,   /* another department's */
  JG_SERVER_RECORD_CONFLICT = 409,    /* another revision is held */
  JG_SERVER_RECORD_INVALID = 422,     /* the rules refused it */
};

/* The revision of a record the server holds, as a record state in the
 * feed carries it (`held`, PROTOCOL.md "Record states"): what a client
 * restores. */
typedef struct {
  gint64      revision;
  char        op;         /* 'i', 'u' or 'd' */
  const char *number;     /* NULL: none */
  const char *payload;    /* the stored {"kind":…,"fields":{…}}, or
                           * {"kind":…,"deleted":true} */
} JgServerHeld;

/* jg-server-records-context.c */

/* Brings the in-memory catalogue up to date with the feeds. */
gboolean  jg_server_records_load_cache    (JgServerRecords     *self,
                                           GError             **error);
void      jg_server_records_clear_cache   (JgServerRecords     *self);
/* Whether a record of @department and @kind other than @uuid holds
 * @number (database errors are kept in ctx_error). */
gboolean  jg_server_records_number_taken  (JgServerRecords     *self,
                                           JgRecordKind         kind,
                                           const char          *department,
                                           const char          *number,
                                           const char          *uuid);
/* A context answering from the cache and the push's statements. */
void      jg_server_records_init_context  (JgServerRecords     *self,
                                           JgValidationContext *ctx,
                                           const char          *today);

/* jg-server-records-state.c */

/* Appends the result of @in to the batch's answer (code 0: accepted). */
void      jg_server_records_append_result (GString              *out,
                                           gboolean              first,
                                           const JgBatchRecord  *in,
                                           guint                 code,
                                           const JgServerReason *reasons,
                                           guint                 n_reasons);
/* Writes the state of @in into the department's records feed, with the
 * revision the server holds after it (@held, NULL when none); @buf is
 * scratch space. */
gboolean  jg_server_records_put_state     (JgServerRecords      *self,
                                           const char           *feed,
                                           const JgBatchRecord  *in,
                                           const char           *batch,
                                           const char           *reviewed_at,
                                           guint                 code,
                                           const JgServerReason *reasons,
                                           guint                 n_reasons,
                                           const JgServerHeld   *held,
                                           GString              *buf,
                                           GError              **error);

G_END_DECLS
