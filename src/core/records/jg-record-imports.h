/* jg-record-imports.h — which records each import added, and undoing the last
 *
 * An import (jg-transfer.h) opens a batch, adds each record it saves to it,
 * and the whole goes in with the import's own transaction. The last batch
 * can be undone while none of its records has left the workstation: every
 * record still there is a draft or ready and was never sent (operation
 * "i"). Undoing removes them through jg_record_store_delete(), so the audit
 * trail says so, all in one transaction; otherwise nothing is removed.
 *
 * This file owns the import_batch and import_item tables.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "jg-record.h"
#include "jg-store.h"

G_BEGIN_DECLS

#define JG_RECORD_IMPORTS_ERROR (jg_record_imports_error_quark ())

typedef enum {
  JG_RECORD_IMPORTS_ERROR_NOTHING,   /* no import to undo (none, or undone already) */
  JG_RECORD_IMPORTS_ERROR_SENT,      /* some of its records were sent */
} JgRecordImportsError;

GQuark   jg_record_imports_error_quark (void);

typedef struct {
  gint64         id;          /* 0: there is no import */
  char          *file;        /* the file's base name */
  JgRecordState  state;       /* what its records went in as */
  gint64         at;          /* unix time */
  guint          n_records;   /* its records still on this workstation */
  guint          n_sent;      /* of those, the ones sent or being sent */
  gboolean       undone;
} JgImportBatch;

void     jg_import_batch_clear         (JgImportBatch  *batch);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (JgImportBatch, jg_import_batch_clear)

/* A new batch for @file's records of @kind, going in as @state; its id in
 * *@batch_id. Run inside the import's transaction. */
gboolean jg_record_imports_begin       (JgStore        *store,
                                        const char     *file,
                                        JgRecordKind    kind,
                                        JgRecordState   state,
                                        const char     *department,
                                        const char     *who,
                                        gint64         *batch_id,
                                        GError        **error);
gboolean jg_record_imports_add         (JgStore        *store,
                                        gint64          batch_id,
                                        const char     *uuid,
                                        GError        **error);

/* The newest batch (batch->id 0 when there was never an import). */
gboolean jg_record_imports_get_last    (JgStore        *store,
                                        JgImportBatch  *batch,
                                        GError        **error);

/* Removes the last import's records (*@n_removed of them) in one
 * transaction, or refuses with a translated reason: nothing to undo, or
 * some of them were sent. */
gboolean jg_record_imports_undo_last   (JgStore        *store,
                                        const char     *who,
                                        guint          *n_removed,
                                        GError        **error);

G_END_DECLS
