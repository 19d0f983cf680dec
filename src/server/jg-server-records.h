/* jg-server-records.h — pushed records and their states (PROTOCOL.md,
 * "Pushing records" and "Record states")
 *
 * A JgServerRecords validates and stores the batches of POST
 * /api/v1/records. It keeps the lookups the rules need (code tables,
 * sub-items, implementation entries, officers) in memory, rebuilt when the
 * catalogue or codes feed changes; numbers and inspection links are
 * looked up in the `record` table with prepared statements. Each batch is
 * one SQLite transaction. Bodies are read by jg-server-batch-parser.c, with
 * json-glib as the reference for anything unusual or malformed.
 *
 * The state of every record the server has decided on is a change of type
 * `record` in the feed "records/<department>" of the change log, so
 * GET /api/v1/changes/records pages exactly like the catalogue feeds.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "jg-server-db.h"
#include "jg-server-accounts.h"
#include "jg-protocol.h"

G_BEGIN_DECLS

typedef struct _JgServerRecords JgServerRecords;

JgServerRecords *jg_server_records_new      (JgServerDb        *db);
void             jg_server_records_free     (JgServerRecords   *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (JgServerRecords, jg_server_records_free)

/* The change-log feed holding the record states of @department. */
char            *jg_server_records_feed     (const char        *department);

/* Handles one batch for @account (an admin). Returns the HTTP status:
 * 200 with the answer in @out; 400 with an English reason in *@message
 * (nothing stored); 500 with @error set (nothing stored). */
guint            jg_server_records_push     (JgServerRecords   *self,
                                             JgServerAccount   *account,
                                             const char        *body,
                                             gsize              length,
                                             GString           *out,
                                             char             **message,
                                             GError           **error);

G_END_DECLS
