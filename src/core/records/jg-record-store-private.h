/* jg-record-store-private.h — shared by the record store's own files
 *
 * jg-record-store.c (saving, loading, deleting, entities),
 * jg-record-states.c (states, audit, reasons, the sync's side) and
 * jg-record-context.c (the validation context) are one module: the only
 * writer of the record, audit and record_reason tables.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "jg-record-store.h"

G_BEGIN_DECLS

/* Who the audit trail names for what the server decided or sent. */
#define JG_RECORD_STORE_SYNC_WHO "sync"

typedef struct {
  gboolean       exists;
  JgRecordState  state;
  guint          revision;
  char          *op;
  char          *json;
} JgStoredRecord;

void     jg_stored_record_clear      (JgStoredRecord *stored);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (JgStoredRecord, jg_stored_record_clear)

/* The row of @uuid; stored->exists FALSE when there is none. */
gboolean jg_record_store_read_stored (JgStore        *store,
                                      const char     *uuid,
                                      JgStoredRecord *stored,
                                      GError        **error);
/* JG_RECORD_STORE_ERROR_NOT_FOUND; returns FALSE. */
gboolean jg_record_store_not_found   (GError        **error);
/* FALSE with JG_RECORD_STORE_ERROR_INVALID when @record has errors left. */
gboolean jg_record_store_validates   (JgStore        *store,
                                      JgRecord       *record,
                                      GError        **error);

/* The one writer of the audit trail. */
gboolean jg_record_store_add_audit   (JgStore        *store,
                                      const char     *uuid,
                                      const char     *who,
                                      const char     *action,
                                      const char     *fields,
                                      const char     *from_state,
                                      const char     *to_state,
                                      guint           revision,
                                      GError        **error);
/* Writes @record's row as it is (state and revision included) with
 * operation @op (NULL: in step with the server); @insert for a new row.
 * holds_number follows the state. Not audited. */
gboolean jg_record_store_write_row   (JgStore        *store,
                                      JgRecord       *record,
                                      const char     *op,
                                      gboolean        insert,
                                      gboolean        blank,
                                      GError        **error);
/* What hangs on a saved record: its party in the entity table, its
 * officers in record_officer. */
gboolean jg_record_store_remember_entity (JgStore    *store,
                                          JgRecord   *record,
                                          GError    **error);
gboolean jg_record_store_write_officers  (JgStore    *store,
                                          JgRecord   *record,
                                          GError    **error);
/* The keys of the fields that differ between @record and @old (NULL: all
 * non-empty ones), comma-separated, or NULL when none. */
char    *jg_record_store_changed_fields  (JgRecord   *record,
                                          JgRecord   *old);
/* Removes the record and what hangs on it (officers, reasons). */
gboolean jg_record_store_remove_row  (JgStore        *store,
                                      const char     *uuid,
                                      GError        **error);

G_END_DECLS
