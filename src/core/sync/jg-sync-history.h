/* jg-sync-history.h — what the syncs did, for the Sync page
 *
 * Owns the sync_run table (every catalogue and records run, successful or
 * not) and the records the server rejected with their reasons, on the
 * caller's connection (one thread at a time, as every JgStore).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "jg-record-states.h"
#include "jg-store.h"

G_BEGIN_DECLS

typedef struct {
  gint64    id;
  char     *kind;        /* "catalogue", "records" */
  gint64    started;     /* unix time */
  gint64    finished;    /* unix time, 0 while running or after a crash */
  gboolean  ok;
  guint64   changes;
  char     *message;     /* in the current language; may be NULL */
} JgSyncRun;

void       jg_sync_run_free                  (JgSyncRun *run);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (JgSyncRun, jg_sync_run_free)

/* The run log, written by the sync engines on their own connection:
 * begin returns the new run's id (0 if it could not be written; end then
 * does nothing). A failure to log never fails a sync.
 *
 * The history is read in the language of whoever reads it, which need not
 * be that of the run (another user of the workstation, a changed
 * language): a message is stored as what it is made of and said when
 * read. end_template takes @msgid, one of this program's printf templates
 * (marked with N_()), and @args, its arguments as text (NULL-terminated),
 * rendered as jg_issue_render() does; end_error a failure's GError, said
 * as written to a reader of the run's language, and to another by a
 * sentence of its domain and code in theirs. end stores a sentence from
 * elsewhere as it is. */
gint64     jg_sync_history_begin             (JgStore            *store,
                                              const char         *kind);
void       jg_sync_history_end               (JgStore            *store,
                                              gint64              run_id,
                                              gboolean            ok,
                                              guint64             changes,
                                              const char         *message);
void       jg_sync_history_end_template      (JgStore            *store,
                                              gint64              run_id,
                                              gboolean            ok,
                                              guint64             changes,
                                              const char         *msgid,
                                              const char * const *args);
void       jg_sync_history_end_error         (JgStore            *store,
                                              gint64              run_id,
                                              guint64             changes,
                                              const GError       *error);

/* The last run of @kind ("catalogue", "records"): FALSE if there was
 * none. @finished is its start while it runs; @message (in the current
 * language) may be NULL. */
gboolean   jg_sync_history_get_last          (JgStore    *store,
                                              const char *kind,
                                              gint64     *finished,
                                              gboolean   *ok,
                                              char      **message);

/* The last @limit runs (0: all), newest first, of JgSyncRun. */
GPtrArray *jg_sync_history_list_runs         (JgStore    *store,
                                              guint       limit,
                                              GError    **error);

typedef struct {
  char      *uuid;
  char      *kind;       /* "inspection", … */
  char      *number;     /* may be NULL */
  char      *name;       /* may be NULL */
  gint64     modified;   /* unix time */
  GPtrArray *reasons;    /* of JgRecordReason (jg-record-states.h) */
} JgRejectedRecord;

void       jg_rejected_record_free           (JgRejectedRecord *record);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (JgRejectedRecord, jg_rejected_record_free)

/* Records in state rejected, most recently changed first, each with the
 * reasons of its current revision; of JgRejectedRecord. */
GPtrArray *jg_sync_history_list_rejected     (JgStore    *store,
                                              guint       limit,
                                              GError    **error);

G_END_DECLS
