/* jg-catalogue-sync.h — downloads code tables and catalogue from the server
 *
 * One run: for each feed (codes, then catalogue) ask for the changes since
 * the stored cursor, page by page, applying every page inside ONE SQLite
 * transaction on the sync's own connection to the server's catalogue cache,
 * which every account of the server shares (the database given is the
 * account's: the cache is the one it attaches). Only when the last page of
 * every feed has arrived are the cursors advanced and the transaction
 * committed; any failure rolls back, leaving the previous cache exactly as
 * it was. Each run, successful or not, is logged in the account's sync_run
 * table.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "jg-store.h"

G_BEGIN_DECLS

#define JG_SYNC_ERROR (jg_sync_error_quark ())

typedef enum {
  JG_SYNC_ERROR_FAILED,
  JG_SYNC_ERROR_BAD_URL,        /* not an http(s) URL */
  JG_SYNC_ERROR_UNREACHABLE,    /* connection refused, DNS, timeout, reset */
  JG_SYNC_ERROR_TLS,            /* certificate not trusted */
  JG_SYNC_ERROR_NOT_A_SERVER,   /* answers, but not as a Jianguan server (404, HTML…) */
  JG_SYNC_ERROR_SERVER,         /* 5xx */
  JG_SYNC_ERROR_BUSY,           /* 429 / 503 */
  JG_SYNC_ERROR_MALFORMED,      /* invalid or truncated JSON, wrong shape */
  JG_SYNC_ERROR_STORE,          /* the local database refused */
} JgSyncError;

GQuark jg_sync_error_quark (void);

typedef struct {
  guint64 changes_applied;
  guint   pages;
  gboolean not_modified;        /* every feed answered 304 / nothing new */
  gint64  cursor_catalogue;
  gint64  cursor_codes;
} JgSyncResult;

#define JG_TYPE_CATALOGUE_SYNC (jg_catalogue_sync_get_type ())
G_DECLARE_FINAL_TYPE (JgCatalogueSync, jg_catalogue_sync, JG, CATALOGUE_SYNC, GObject)

JgCatalogueSync *jg_catalogue_sync_new          (const char       *db_path,
                                                 const char       *server_url);
/* A PEM file of extra trusted CA certificates (government extranet CA);
 * NULL or "" for the system's. TLS verification is always on. */
void             jg_catalogue_sync_set_ca_file  (JgCatalogueSync  *self,
                                                 const char       *ca_file);
/* Page size asked of the server (default 2000). */
void             jg_catalogue_sync_set_page_size (JgCatalogueSync *self,
                                                 guint             page_size);

/* Blocking; for the CLI, the benchmark and the worker thread. The
 * "progress" signal is emitted in the thread-default main context of the
 * caller of _run_async, or directly from _run. */
gboolean         jg_catalogue_sync_run          (JgCatalogueSync  *self,
                                                 JgSyncResult     *result,
                                                 GCancellable     *cancellable,
                                                 GError          **error);
void             jg_catalogue_sync_run_async    (JgCatalogueSync  *self,
                                                 GCancellable     *cancellable,
                                                 GAsyncReadyCallback callback,
                                                 gpointer          user_data);
gboolean         jg_catalogue_sync_run_finish   (JgCatalogueSync  *self,
                                                 GAsyncResult     *res,
                                                 JgSyncResult     *result,
                                                 GError          **error);

/* The first download's bulk load into an empty cache (@cache: a connection
 * where the cache is "main", jg_store_open_catalogue (), inside a
 * transaction): _begin_bulk turns the search triggers off, _end_bulk builds
 * every search index once and turns them on again. The sync uses them; so
 * does the benchmark's bare load of the same rows. */
gboolean         jg_catalogue_sync_begin_bulk   (JgStore          *cache,
                                                 GError          **error);
gboolean         jg_catalogue_sync_end_bulk     (JgStore          *cache,
                                                 GError          **error);

/* Signal "progress" (guint64 done, guint64 total): changes received so far
 * in this run and the total announced by the server. */

G_END_DECLS
