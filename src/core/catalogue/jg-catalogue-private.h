/* jg-catalogue-private.h — for the catalogue's own files, the ranked
 * searches (jg-catalogue-rank.c, jg-search-all.c), the benchmark and tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "jg-catalogue.h"
#include "jg-store-private.h"

G_BEGIN_DECLS

/* A sub-item row: column 0 is its row id, JgSubItemField order follows. */
#define SUB_ITEM_COLUMNS \
  "s.id, s.code, s.name, s.main_code, m.name, s.department, d.name, s.objects, " \
  "s.form, s.action_type, at.name, s.legal_basis, s.method, s.process, s.result, " \
  "s.level, lv.name, s.status, st.name, s.effective_date, s.cancel_date"

#define SUB_ITEM_JOINS \
  " LEFT JOIN main_item m ON m.code = s.main_code" \
  " LEFT JOIN department d ON d.code = s.department" \
  " LEFT JOIN code_entry at ON at.tbl = 'action_type' AND at.code = s.action_type" \
  " LEFT JOIN code_entry lv ON lv.tbl = 'level' AND lv.code = s.level" \
  " LEFT JOIN code_entry st ON st.tbl = 'item_status' AND st.code = s.status"

JgSubItem    *jg_catalogue_sub_item_from_row (sqlite3_stmt          *stmt);
/* " AND …" for the query's department, action type, level and random
 * check, over sub_item s; and their values bound. */
void          jg_catalogue_append_filters    (GString                *sql,
                                              const JgCatalogueQuery *query);
void          jg_catalogue_bind_filters      (sqlite3_stmt           *stmt,
                                              const JgCatalogueQuery *query);

/* The one unranked statement that answers @query (by the same indexes,
 * in catalogue order), prepared and bound: the benchmark times it bare
 * against the ranked jg_catalogue_search_sync, to show what the ranking
 * and the object layer cost. */
sqlite3_stmt *jg_catalogue_prepare_search (JgStore                *store,
                                           const JgCatalogueQuery *query,
                                           GError                **error);

/* While a delta is applied in one transaction of @cache (its own
 * connection, the catalogue as "main"): _defer holds the search triggers
 * off and notes the rows changed; _flush, before the commit, writes those
 * rows into the search indexes in rowid order and ends it
 * (jg-catalogue-index.c). */
gboolean      jg_catalogue_index_defer       (JgStore                *cache,
                                              GError                **error);
gboolean      jg_catalogue_index_flush       (JgStore                *cache,
                                              GError                **error);

G_END_DECLS
