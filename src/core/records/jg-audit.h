/* jg-audit.h — what the records' and the posts' audit trails share
 *
 * The `audit` and `post_audit` tables have one shape; each module owns
 * its own table (jg-record-states.c, jg-post-states.c) and writes it
 * through jg_audit_insert. For core files only: it has sqlite3 types.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "jg-audit-entry.h"
#include "jg-store-private.h"

G_BEGIN_DECLS

/* Runs @stmt, an INSERT prepared on @db into an audit table whose ten
 * parameters are, in order: uuid, at, who, account, host, action,
 * from_state, to_state, revision and @detail (what the table keeps beside
 * them: a record's changed fields, a post's detail). At is now; account
 * is the actor (jg_record_store_set_actor), host this workstation's name;
 * @who is NULL for the person at this workstation, else the agent. */
gboolean  jg_audit_insert          (JgStore       *db,
                                    sqlite3_stmt  *stmt,
                                    const char    *uuid,
                                    const char    *who,
                                    const char    *action,
                                    const char    *from_state,
                                    const char    *to_state,
                                    guint          revision,
                                    const char    *detail,
                                    GError       **error);

/* Which audit table jg_audit_read reads. */
typedef enum {
  JG_AUDIT_RECORDS,      /* audit: the detail is the edited field keys */
  JG_AUDIT_POSTS,        /* post_audit */
} JgAuditTable;

/* The entries (JgAuditEntry) of @uuid in @table on @db, oldest first. */
GPtrArray *jg_audit_read           (JgStore       *db,
                                    JgAuditTable   table,
                                    const char    *uuid,
                                    GError       **error);

/* Whether the last entry of @uuid's trail in @table is its deletion (a
 * removed record or post whose deletion is the last word was never
 * sent): into *@is_delete; FALSE with @error when it cannot be read. */
gboolean  jg_audit_last_is_delete  (JgStore       *db,
                                    JgAuditTable   table,
                                    const char    *uuid,
                                    gboolean      *is_delete,
                                    GError       **error);

/* How the history names who made a change: @who as written for the sync's
 * own entries (and entries older than accounts), else the account (or
 * "not signed in") and the workstation. */
char     *jg_audit_describe_actor  (const char    *who,
                                    const char    *account,
                                    const char    *host);

G_END_DECLS
