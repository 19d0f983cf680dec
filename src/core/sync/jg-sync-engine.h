/* jg-sync-engine.h — what JgCatalogueSync and JgOutbox share as objects
 *
 * Both are "a run against one account's database and one server": the same
 * settings (database, server, CA file, token, page size), the same way to
 * open a run (the sync's own SQLite connection with a bigger page cache,
 * one HTTP client), the same "progress" signal emitted where the caller of
 * _run_async listens, and the same _run_async/_run_finish in a GTask
 * thread. Each engine embeds a JgSyncEngine and forwards to it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "jg-http.h"
#include "jg-store.h"

G_BEGIN_DECLS

typedef struct {
  char         *db_path;
  char         *server_url;
  char         *token;             /* may be NULL; wiped when cleared */
  char         *ca_file;           /* NULL: the system's CAs */
  guint         page_size;
  guint         progress_signal;
  GMainContext *progress_context;  /* where "progress" is emitted; NULL: directly */
} JgSyncEngine;

void      jg_sync_engine_init            (JgSyncEngine  *engine,
                                          const char    *db_path,
                                          const char    *server_url,
                                          const char    *token,
                                          guint          page_size,
                                          guint          progress_signal);
void      jg_sync_engine_clear           (JgSyncEngine  *engine);
void      jg_sync_engine_set_ca_file     (JgSyncEngine  *engine,
                                          const char    *ca_file);
/* Clamped to what the server accepts. */
void      jg_sync_engine_set_page_size   (JgSyncEngine  *engine,
                                          guint          page_size);
void      jg_sync_engine_report_progress (JgSyncEngine  *engine,
                                          gpointer       instance,
                                          guint64        done,
                                          guint64        total);

/* The run's connection (with a @cache_kib page cache) and HTTP client. */
gboolean  jg_sync_engine_open            (JgSyncEngine     *engine,
                                          JgHttpOperation   operation,
                                          guint             cache_kib,
                                          JgStore         **store,
                                          JgHttpClient    **http,
                                          GError          **error);

/* A blocking run: fills @result (of the engine's result type) whether it
 * succeeds or not. */
typedef gboolean (*JgSyncRunFunc) (gpointer       instance,
                                   gpointer       result,
                                   GCancellable  *cancellable,
                                   GError       **error);

/* Runs @func in a GTask thread; "progress" goes to the caller's
 * thread-default main context. */
void      jg_sync_engine_run_async       (JgSyncEngine        *engine,
                                          gpointer             instance,
                                          JgSyncRunFunc        func,
                                          gsize                result_size,
                                          gpointer             source_tag,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
/* Copies the run's result to @result (may be NULL), failed or not. */
gboolean  jg_sync_engine_run_finish      (gpointer             instance,
                                          GAsyncResult        *res,
                                          gpointer             result,
                                          gsize                result_size,
                                          GError             **error);

G_END_DECLS
