/* jg-search-all.h — one-key search (一键搜索) over everything
 *
 * One query over catalogue items (code, name, main item, objects, legal
 * basis, department: the catalogue page's ranked search), records (number,
 * party name, party code: a credit code, or an ID number matched in full
 * and shown masked), parties (entities: code, name), posts (title; summary
 * and party of 曝光台 posts) and officers (name, certificate number).
 *
 * Results are grouped by kind (JgSearchKind order), each kind best match
 * first (JgSearchRank: the exact code or number, then names that start
 * with the query, then names that contain it, then other fields), at most
 * @limit per kind. An empty query finds nothing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "jg-search-hit.h"
#include "jg-store.h"

G_BEGIN_DECLS

/* Hits of one kind shown at first; the popover shows as many. */
#define JG_SEARCH_ALL_DEFAULT_LIMIT 8

/* JgSearchHit of @kind, best first. */
GPtrArray *jg_search_all_kind_sync (JgStore       *store,
                                    JgSearchKind   kind,
                                    const char    *text,
                                    guint          limit,
                                    GError       **error);
/* Every kind's, grouped in JgSearchKind order. */
GPtrArray *jg_search_all_sync      (JgStore       *store,
                                    const char    *text,
                                    guint          limit,
                                    GError       **error);

/* --- JgSearchAll: the same in a worker thread, for the UI ------------------ */

#define JG_TYPE_SEARCH_ALL (jg_search_all_get_type ())
G_DECLARE_FINAL_TYPE (JgSearchAll, jg_search_all, JG, SEARCH_ALL, GObject)

/* Called in the thread-default main context of the caller of
 * jg_search_all_run_async, once per kind as soon as that kind's query is
 * done (never after the run is cancelled), with the kind's hits (possibly
 * none): the results stream in. */
typedef void (*JgSearchAllBatchFunc) (JgSearchAll  *self,
                                      JgSearchKind  kind,
                                      GPtrArray    *hits,
                                      gpointer      user_data);

/* Opens its own connection to the account database @db_path (and its
 * catalogue cache) at the first run. */
JgSearchAll *jg_search_all_new          (const char            *db_path);
/* Cancel the previous run (its @cancellable) before starting the next: a
 * run checks it between kinds. */
void         jg_search_all_run_async    (JgSearchAll           *self,
                                         const char            *text,
                                         guint                  limit,
                                         GCancellable          *cancellable,
                                         JgSearchAllBatchFunc   batch_func,
                                         gpointer               batch_data,
                                         GAsyncReadyCallback    callback,
                                         gpointer               user_data);
gboolean     jg_search_all_run_finish   (JgSearchAll           *self,
                                         GAsyncResult          *result,
                                         GError               **error);

G_END_DECLS
