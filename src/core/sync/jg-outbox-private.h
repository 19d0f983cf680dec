/* jg-outbox-private.h — shared by the outbox's own files
 *
 * jg-outbox.c: the object, a run (push, then pull) and its back-off;
 * jg-outbox-queue.c: the batches kept in outbox_batch/outbox_item, written
 * before they are sent and resent byte for byte after a crash;
 * jg-records-feed.c: the record-state feed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "jg-http.h"
#include "jg-outbox.h"
#include "jg-sync-engine.h"

G_BEGIN_DECLS

struct _JgOutbox
{
  GObject       parent_instance;
  JgSyncEngine  engine;
  guint         batch_size;
  gboolean      pull;
};

/* One run, on the run's own connection and HTTP client. */
typedef struct {
  JgOutbox       *self;
  JgStore        *store;
  JgHttpClient   *http;
  GCancellable   *cancellable;
  JgOutboxResult *res;
  char           *label;          /* this run's batch label, once needed */
  guint64         done;
  guint64         total;
} JgOutboxRun;

typedef struct {
  char    *uuid;
  gint64   rowid;       /* of the record row, for batches written in this
                         * run (0 when read back from outbox_item): saves
                         * the uuid index on both state changes */
  guint    revision;
  char     op;
  gboolean same;        /* revision and op as in the record row */
} JgOutboxItem;

typedef struct {
  gint64   id;
  char    *label;
  char    *body;
  GString *text;                  /* the body while it is written */
  GArray  *items;                 /* JgOutboxItem */
  gboolean fresh;                 /* created in this run, never sent before */
} JgOutboxBatch;

void           jg_outbox_batch_free            (JgOutboxBatch  *batch);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (JgOutboxBatch, jg_outbox_batch_free)

/* Writes the next batch of queued records (the records' state "sending",
 * the items and the exact body) in one transaction. NULL without an error
 * when nothing is queued. */
JgOutboxBatch *jg_outbox_create_batch          (JgOutboxRun    *run,
                                                GError        **error);
/* The oldest batch after @after an earlier run left unfinished, or NULL. */
JgOutboxBatch *jg_outbox_load_unfinished_batch (JgOutboxRun    *run,
                                                gint64          after,
                                                GError        **error);
gboolean       jg_outbox_delete_batch          (JgOutboxRun    *run,
                                                gint64          id,
                                                GError        **error);
/* The server stored nothing of @batch: its records are queued again. */
void           jg_outbox_revert_batch          (JgOutboxRun    *run,
                                                JgOutboxBatch  *batch);
/* Records queued and in unfinished batches, into run->total. */
gboolean       jg_outbox_count_queued          (JgOutboxRun    *run,
                                                GError        **error);

gint64         jg_outbox_meta_int              (JgStore        *store,
                                                const char     *key);
gboolean       jg_outbox_set_meta_int          (JgStore        *store,
                                                const char     *key,
                                                gint64          value,
                                                GError        **error);

/* Reads the record-state feed and applies it, in one transaction. */
gboolean       jg_outbox_pull                  (JgOutboxRun    *run,
                                                GError        **error);

G_END_DECLS
