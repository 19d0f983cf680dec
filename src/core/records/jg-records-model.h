/* jg-records-model.h — a lazy GListModel of records, backed by SQLite
 *
 * Opening runs one query for the row ids matching the filter (8 bytes a
 * record); the rows themselves are read in pages of 64 as the list view asks
 * for them, and only a few pages are kept. A million records never sit in
 * memory. Items are JgRecordSummary objects.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "jg-record.h"
#include "jg-store.h"

G_BEGIN_DECLS

typedef struct {
  int          kind;          /* JgRecordKind, or -1 for any */
  int          state;         /* JgRecordState, or -1 for any */
  char        *month;         /* "YYYY-MM" of the record's main date, or NULL */
  char        *catalogue_code;/* or NULL */
  char        *text;          /* entity name, entity code or record number (substring), or NULL */
  char        *party_doc_type;/* with party_code: one entity's records (profile) */
  char        *party_code;
  char        *officer;       /* the records naming this officer (id), or NULL */
} JgRecordsFilter;

JgRecordsFilter *jg_records_filter_new   (void);
void             jg_records_filter_free  (JgRecordsFilter *filter);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (JgRecordsFilter, jg_records_filter_free)

#define JG_TYPE_RECORD_SUMMARY (jg_record_summary_get_type ())
G_DECLARE_FINAL_TYPE (JgRecordSummary, jg_record_summary, JG, RECORD_SUMMARY, GObject)

/* Properties: "uuid", "kind" (int), "kind-label", "state" (int),
 * "state-label", "number", "name" (the action's name), "party-name",
 * "party-code", "catalogue-code", "date" (main date), "modified" (int64). */
const char *jg_record_summary_get_uuid   (JgRecordSummary *self);

#define JG_TYPE_RECORDS_MODEL (jg_records_model_get_type ())
G_DECLARE_FINAL_TYPE (JgRecordsModel, jg_records_model, JG, RECORDS_MODEL, GObject)

/* Newest first (main date, then modification time). The model keeps its own
 * connection to @db_path; call from one thread. */
JgRecordsModel *jg_records_model_new     (const char            *db_path,
                                          const JgRecordsFilter *filter,
                                          GError               **error);
/* Re-runs the id query (after edits or a new filter) and emits
 * items-changed for the whole list. */
gboolean        jg_records_model_reload  (JgRecordsModel        *self,
                                          const JgRecordsFilter *filter,
                                          GError               **error);

G_END_DECLS
