/* jg-audit-entry.h — an entry of a record's or a post's audit trail, as read
 *
 * The `audit` and `post_audit` tables have one shape and one reader
 * (jg_audit_read in jg-audit.c); jg_record_store_audit and
 * jg_post_store_audit hand out its entries.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  gint64  at;            /* unix time */
  char   *who;           /* for display: the account (or "not signed in")
                          * and the workstation, or the agent ("sync") */
  char   *account;       /* signed-in account, NULL if none or unknown */
  char   *host;          /* workstation, NULL for entries written before */
  char   *action;        /* "create", "edit", "state", "delete"; posts also
                          * "submit", "restore", "keep-local", "take-server" */
  char   *from_state;    /* for "state" */
  char   *to_state;
  guint   revision;
  char   *detail;        /* what the table keeps beside: a record's edited
                          * field keys, comma-separated; a post's reviewer's
                          * comment, withdrawal's reason or edited field
                          * keys; or NULL */
} JgAuditEntry;

void        jg_audit_entry_free              (JgAuditEntry   *entry);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (JgAuditEntry, jg_audit_entry_free)

G_END_DECLS
