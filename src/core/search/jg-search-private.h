/* jg-search-private.h — what the ranked searches share (core only)
 *
 * Every ranked search (the catalogue page's, jg-catalogue-rank.c, and
 * one-key search, jg-search-all.c) runs the same way: one small statement
 * per tier of the ranking, best tier first, each served by an index and
 * limited, so that a one-character query over a million rows still reads
 * only the few rows it shows. A row already taken by a better tier is
 * skipped in the later ones (each statement asks for as many more rows as
 * were taken, so skipping never leaves a tier short).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <sqlite3.h>

#include "jg-catalogue.h"
#include "jg-search-hit.h"
#include "jg-store.h"

G_BEGIN_DECLS

/* The query as each tier binds it. */
typedef struct {
  char         *raw;        /* trimmed, as typed: exact numbers */
  char         *q;          /* trimmed, ASCII lower case (:q) */
  char         *q_end;      /* :q followed by the last code point (:q_end): prefix ranges */
  char         *code;       /* trimmed, ASCII upper case (:code): credit codes, ID numbers */
  char         *code_end;   /* (:code_end) */
  char         *phrase;     /* one FTS5 phrase of :q (:phrase) */
  JgQueryClass  klass;      /* jg_catalogue_classify_query */
  JgQueryClass  text_class; /* for the text indexes: TRIGRAM, GRAM or SCAN */
} JgSearchText;

JgSearchText *jg_search_text_new   (const char   *text);
void          jg_search_text_free  (JgSearchText *text);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (JgSearchText, jg_search_text_free)

/* Trimmed and ASCII-folded, as the trigram and gram tokenizers fold. */
char         *jg_search_normalize  (const char   *text);
/* @text as one FTS5 phrase: quoted, quotes doubled. */
char         *jg_search_fts_phrase (const char   *text);

/* Binds a copy of @value to the named parameter @name, if @stmt has it. */
void          jg_search_bind       (sqlite3_stmt *stmt,
                                    const char   *name,
                                    const char   *value);
/* Binds whichever of :raw, :q, :q_end, :code, :code_end, :phrase @stmt has. */
void          jg_search_bind_text  (sqlite3_stmt *stmt,
                                    JgSearchText *text);

/* Makes the object a row stands for (column 0 is the row's key). */
typedef gpointer (*JgSearchRowFunc) (sqlite3_stmt *stmt,
                                     JgSearchRank  rank,
                                     gpointer      user_data);

typedef struct {
  JgStore         *store;
  GPtrArray       *out;        /* what make returns, best first */
  GHashTable      *seen;       /* keys of the rows taken */
  guint            limit;
  JgSearchRowFunc  make;       /* NULL: bare, see below */
  gpointer         make_data;
  guint64          bare_bytes;
  guint            bare_rows;
} JgSearchTiers;

/* With @make NULL, the tiers are bare: each statement is stepped and its
 * columns read, nothing made or skipped, until the rows stepped reach the
 * limit, where the search itself stops too (the benchmarks' "bare SQL" of
 * the same queries: the same statements, as far as the search runs them;
 * a row two tiers return counts twice, so bare never runs further). */

void      jg_search_tiers_init  (JgSearchTiers   *tiers,
                                 JgStore         *store,
                                 guint            limit,
                                 GDestroyNotify   free_func,
                                 JgSearchRowFunc  make,
                                 gpointer         make_data);
void      jg_search_tiers_clear (JgSearchTiers   *tiers);
gboolean  jg_search_tiers_full  (JgSearchTiers   *tiers);
/* Binds :limit, steps @stmt and takes its new rows until the limit. */
gboolean  jg_search_tiers_take  (JgSearchTiers   *tiers,
                                 sqlite3_stmt    *stmt,
                                 JgSearchRank     rank,
                                 GError         **error);

/* jg-catalogue-rank.c: the catalogue page's ranked search of a query with
 * text (not JG_QUERY_ALL); @tiers' make gets each sub-item row
 * (SUB_ITEM_COLUMNS of jg-catalogue-private.h). */
gboolean  jg_catalogue_rank_run (JgStore                *store,
                                 const JgCatalogueQuery *query,
                                 JgSearchTiers          *tiers,
                                 GError                **error);

/* jg-search-index.c: the TEMP triggers that keep one-key search's indexes
 * of an account database on this connection, and the rows that another
 * program appended indexed. Nothing to do before schema step 15. */
gboolean  jg_search_index_attach (JgStore      *store,
                                  GError      **error);

/* jg-search-all.c: the connection settings a search connection gets
 * (memory-mapped reads), for JgSearchAll's, JgCatalogue's and the
 * benchmarks'. */
gboolean  jg_search_all_tune_connection (JgStore    *store,
                                         GError    **error);

/* jg-search-all.c: kind @kind's statements for @text, stepped bare. */
gboolean  jg_search_all_bare_sync (JgStore       *store,
                                   JgSearchKind   kind,
                                   const char    *text,
                                   guint          limit,
                                   GError       **error);

G_END_DECLS
