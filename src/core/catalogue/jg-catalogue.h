/* jg-catalogue.h — queries over the cached supervision catalogue
 *
 * A JgCatalogue owns its own read connection to an account database and
 * runs searches in a worker thread (GTask), so the UI never blocks on SQLite.
 * The tables it reads are the server's catalogue cache, which that
 * connection attaches (jg-store.c): every account of the server sees the
 * same catalogue, however it was last synced.
 * The synchronous functions take a JgStore and are what the CLI, the
 * benchmark and the tests call; the async ones run exactly those.
 *
 * Search semantics (the brute-force tests check these):
 *  - the query is trimmed; an empty query matches every sub-item;
 *  - any other query matches sub-items where it is a substring (ASCII
 *    case-insensitive) of the name, the objects, the legal basis, the main
 *    item's name or the department's name or short name, or (a query of
 *    ASCII digits only) a prefix of the code;
 *  - best matches first (jg-catalogue-rank.c, the ranking of one-key
 *    search): the code itself; then names that start with the query, by
 *    name (ASCII case-insensitive), the exact name first; then names that
 *    contain it, in catalogue (row) order; then the other fields' matches;
 *  - filters (department, action type, level, random check) narrow either;
 *    level and random check match when any implementation entry has them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "jg-store.h"
#include "jg-sub-item.h"
#include "jg-impl-entry.h"
#include "jg-code.h"

G_BEGIN_DECLS

typedef enum {
  JG_QUERY_ALL,          /* empty text */
  JG_QUERY_CODE_PREFIX,  /* ASCII digits only */
  JG_QUERY_TRIGRAM,      /* 3+ characters: FTS5 trigram index */
  JG_QUERY_GRAM,         /* 1–2 word characters: unigram/bigram index */
  JG_QUERY_SCAN,         /* 1–2 characters with punctuation or spaces: table scan */
} JgQueryClass;

typedef enum {
  JG_TRISTATE_ANY = -1,
  JG_TRISTATE_NO = 0,
  JG_TRISTATE_YES = 1,
} JgTristate;

typedef struct {
  char       *text;          /* NULL or "" for no text */
  char       *department;    /* department code, or NULL for any */
  char       *action_type;   /* "0".."3", or NULL for any */
  char       *level;         /* "1".."5", or NULL for any */
  JgTristate  random_check;
  guint       limit;         /* 0: JG_CATALOGUE_DEFAULT_LIMIT */
} JgCatalogueQuery;

#define JG_CATALOGUE_DEFAULT_LIMIT 200

#define JG_TYPE_CATALOGUE_QUERY (jg_catalogue_query_get_type ())
GType             jg_catalogue_query_get_type (void);
JgCatalogueQuery *jg_catalogue_query_new      (const char             *text);
JgCatalogueQuery *jg_catalogue_query_copy     (const JgCatalogueQuery *query);
void              jg_catalogue_query_free     (JgCatalogueQuery       *query);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (JgCatalogueQuery, jg_catalogue_query_free)

JgQueryClass      jg_catalogue_classify_query (const char             *text);

/* Counts of what the cache holds. */
typedef struct {
  guint  departments;
  guint  items;
  guint  sub_items;
  guint  implementations;
  guint  officers;
  guint  code_entries;
  gint64 last_sync;          /* unix time of the last successful sync, 0 never */
} JgCatalogueStats;

/* What the header needs to know of the cache, without counting it (a
 * count of 200,000 sub-items and their implementations took a core for
 * tens of milliseconds at every start). */
typedef struct {
  gboolean empty;            /* no sub-item at all */
  gint64   last_sync;        /* as in JgCatalogueStats */
} JgCatalogueStatus;

/* --- synchronous, on a caller-owned store --------------------------------- */

/* A GListModel of JgSubItem, at most query->limit of them. */
GListModel *jg_catalogue_search_sync          (JgStore                *store,
                                               const JgCatalogueQuery *query,
                                               GError                **error);
JgSubItem  *jg_catalogue_lookup_sync          (JgStore                *store,
                                               const char             *code,
                                               GError                **error);
/* JgImplEntry for one sub-item, by region then code. */
GListModel *jg_catalogue_list_implementations_sync (JgStore           *store,
                                               const char             *sub_item_code,
                                               GError                **error);
/* JgCode (table "department") sorted by region then name. */
GListModel *jg_catalogue_list_departments_sync (JgStore               *store,
                                               GError                **error);
/* JgCode of one code table, in its sort order. */
GListModel *jg_catalogue_list_codes_sync      (JgStore                *store,
                                               const char             *table,
                                               GError                **error);
/* The name of @code in @table, or NULL. */
char       *jg_catalogue_code_name_sync       (JgStore                *store,
                                               const char             *table,
                                               const char             *code);
gboolean    jg_catalogue_get_stats_sync       (JgStore                *store,
                                               JgCatalogueStats       *stats,
                                               GError                **error);
gboolean    jg_catalogue_get_status_sync      (JgStore                *store,
                                               JgCatalogueStatus      *status,
                                               GError                **error);
/* The body name of implementation entry @code, or NULL. */
char       *jg_catalogue_impl_body_name_sync  (JgStore                *store,
                                               const char             *code);
/* The name of @department (its full name, as 实施机构), or NULL. */
char       *jg_catalogue_department_name_sync (JgStore                *store,
                                               const char             *department);
/* The region code of @department, or NULL. */
char       *jg_catalogue_department_region_sync (JgStore              *store,
                                               const char             *department);

/* One enforcement officer of the cached roster. */
typedef struct {
  char *id;
  char *name;
  char *cert_no;             /* may be NULL */
} JgOfficer;

void        jg_officer_free                   (JgOfficer              *officer);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (JgOfficer, jg_officer_free)

/* JgOfficer (owned) of @department sorted by name, at most
 * JG_CATALOGUE_MAX_OFFICERS; the whole roster when the department has none
 * (or @department is NULL), so that a record can still name someone. */
#define JG_CATALOGUE_MAX_OFFICERS 500
GPtrArray  *jg_catalogue_list_officers_sync   (JgStore                *store,
                                               const char             *department,
                                               GError                **error);

/* --- JgCatalogue: async access for the UI --------------------------------- */

#define JG_TYPE_CATALOGUE (jg_catalogue_get_type ())
G_DECLARE_FINAL_TYPE (JgCatalogue, jg_catalogue, JG, CATALOGUE, GObject)

/* Does not touch the file until the first query. */
JgCatalogue *jg_catalogue_new                 (const char             *db_path);
const char  *jg_catalogue_get_db_path         (JgCatalogue            *self);

void         jg_catalogue_search_async        (JgCatalogue            *self,
                                               const JgCatalogueQuery *query,
                                               GCancellable           *cancellable,
                                               GAsyncReadyCallback     callback,
                                               gpointer                user_data);
GListModel  *jg_catalogue_search_finish       (JgCatalogue            *self,
                                               GAsyncResult           *result,
                                               GError                **error);

void         jg_catalogue_list_implementations_async (JgCatalogue     *self,
                                               const char             *sub_item_code,
                                               GCancellable           *cancellable,
                                               GAsyncReadyCallback     callback,
                                               gpointer                user_data);
GListModel  *jg_catalogue_list_implementations_finish (JgCatalogue    *self,
                                               GAsyncResult           *result,
                                               GError                **error);

/* Departments (table "department") or a code table, for filters. */
void         jg_catalogue_list_codes_async    (JgCatalogue            *self,
                                               const char             *table,
                                               GCancellable           *cancellable,
                                               GAsyncReadyCallback     callback,
                                               gpointer                user_data);
GListModel  *jg_catalogue_list_codes_finish   (JgCatalogue            *self,
                                               GAsyncResult           *result,
                                               GError                **error);

void         jg_catalogue_get_status_async    (JgCatalogue            *self,
                                               GCancellable           *cancellable,
                                               GAsyncReadyCallback     callback,
                                               gpointer                user_data);
gboolean     jg_catalogue_get_status_finish   (JgCatalogue            *self,
                                               GAsyncResult           *result,
                                               JgCatalogueStatus      *status,
                                               GError                **error);

/* Drops the cached connection so the next query sees a replaced file. */
void         jg_catalogue_reset               (JgCatalogue            *self);

G_END_DECLS
