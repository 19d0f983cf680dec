/* jg-record-editor.h — the form of one supervision record, any kind
 *
 * Rows are built from jg_record_fields(); every change is validated at once
 * and saved to SQLite within a second.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "jg-catalogue.h"
#include "jg-record.h"
#include "jg-store.h"

G_BEGIN_DECLS

#define JG_TYPE_RECORD_EDITOR (jg_record_editor_get_type ())
G_DECLARE_FINAL_TYPE (JgRecordEditor, jg_record_editor, JG, RECORD_EDITOR, AdwBin)

/* @store is the UI thread's connection to the account database; @catalogue
 * (may be NULL) serves catalogue searches. */
JgRecordEditor *jg_record_editor_new        (JgStore     *store,
                                             JgCatalogue *catalogue,
                                             JgRecord    *record);
JgRecord       *jg_record_editor_get_record (JgRecordEditor *self);
/* Saves a pending change now. Returns FALSE (and reports) on failure. */
gboolean        jg_record_editor_flush      (JgRecordEditor *self);

/* Moves the focus into the form: to the first field the server rejected,
 * else to the first field. */
void            jg_record_editor_focus      (JgRecordEditor *self);
/* Who the history says made a change: the user's real name, else login. */
const char     *jg_record_editor_who        (void);

/* Signals: "close" () — the user went back to the list;
 *          "message" (const char *text) — a sentence for a toast;
 *          "show-entity" (const char *doc_type, const char *code) — the
 *          user asked for every record of the record's party (saved first). */

G_END_DECLS
