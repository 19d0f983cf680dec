/* jg-catalogue-rank.c — the catalogue's search, best matches first
 *
 * The ranking one-key search uses for every kind (jg-search-hit.h): the
 * code itself, then names that start with the query (the exact name
 * first: it sorts before its longer relatives), then names that contain
 * it, then the other fields: a code's prefix, the main item's name, the
 * objects and legal basis, the department's name. Each tier is one
 * statement on an index, limited (jg-search-private.h), so that a common
 * character costs the rows shown, not the rows matched; within a tier the
 * catalogue's own order stays.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "jg-catalogue-private.h"
#include "jg-search-grams-private.h"
#include "jg-search-private.h"

typedef struct {
  JgSearchRank rank;
  const char  *from_where;   /* " FROM … WHERE …" over sub_item s */
  const char  *order;        /* " ORDER BY …", or "" */
} Tier;

#define FROM_ITEMS " sub_item s" SUB_ITEM_JOINS

/* Names that contain the query, by the index that answers its class. */
static const Tier name_contains[] = {
  [JG_QUERY_TRIGRAM] = { JG_SEARCH_RANK_CONTAINS,
                         " sub_item_fts f CROSS JOIN sub_item s ON s.id = f.rowid" SUB_ITEM_JOINS
                         " WHERE sub_item_fts MATCH '{name} : ' || :phrase", " ORDER BY f.rowid" },
  [JG_QUERY_GRAM] = { JG_SEARCH_RANK_CONTAINS,
                      " sub_item_name_gram f CROSS JOIN sub_item s ON s.id = f.rowid" SUB_ITEM_JOINS
                      " WHERE sub_item_name_gram MATCH :phrase", " ORDER BY f.rowid" },
  [JG_QUERY_SCAN] = { JG_SEARCH_RANK_CONTAINS,
                      FROM_ITEMS " WHERE instr (lower (s.name), :q)", " ORDER BY s.id" },
};

/* Names that contain a query of three or more word characters: the
 * trigram index above holds every text field, so a phrase common in the
 * objects or legal basis but rare in names made that tier read the whole
 * of its doclists (at 200,000 items, 30 times the bare query). The names'
 * own gram index answers instead: every pair of adjacent characters of the
 * query in the name (:name_grams), then the substring itself checked on
 * the few rows left. The same rows, in the same order. */
static const Tier name_contains_words = {
  JG_SEARCH_RANK_CONTAINS,
  " sub_item_name_gram f CROSS JOIN sub_item s ON s.id = f.rowid" SUB_ITEM_JOINS
  " WHERE sub_item_name_gram MATCH :name_grams AND instr (lower (s.name), :q)",
  " ORDER BY f.rowid"
};

/* Any of the indexed text fields (the name's matches were taken above). */
static const Tier text_contains[] = {
  [JG_QUERY_TRIGRAM] = { JG_SEARCH_RANK_OTHER,
                         " sub_item_fts f CROSS JOIN sub_item s ON s.id = f.rowid" SUB_ITEM_JOINS
                         " WHERE sub_item_fts MATCH :phrase", " ORDER BY f.rowid" },
  [JG_QUERY_GRAM] = { JG_SEARCH_RANK_OTHER,
                      " sub_item_gram f CROSS JOIN sub_item s ON s.id = f.rowid" SUB_ITEM_JOINS
                      " WHERE sub_item_gram MATCH :phrase", " ORDER BY f.rowid" },
  [JG_QUERY_SCAN] = { JG_SEARCH_RANK_OTHER,
                      FROM_ITEMS " WHERE (instr (lower (s.objects), :q) OR instr (lower (s.legal_basis), :q))",
                      " ORDER BY s.id" },
};

static const Tier exact_code = {
  JG_SEARCH_RANK_EXACT, FROM_ITEMS " WHERE s.code = :raw", ""
};

static const Tier name_prefix = {
  JG_SEARCH_RANK_PREFIX,
  FROM_ITEMS " WHERE s.name COLLATE NOCASE >= :q AND s.name COLLATE NOCASE < :q_end",
  " ORDER BY s.name COLLATE NOCASE"
};

static const Tier code_prefix = {
  JG_SEARCH_RANK_OTHER, FROM_ITEMS " WHERE s.code >= :q AND s.code < :q_end", " ORDER BY s.code"
};

/* Main items by their name's index (catalogue step 3). */
static const Tier main_item_name[] = {
  [JG_QUERY_TRIGRAM] = { JG_SEARCH_RANK_OTHER,
                         " main_item_fts f CROSS JOIN main_item m0 ON m0.rowid = f.rowid"
                         " CROSS JOIN sub_item s ON s.main_code = m0.code" SUB_ITEM_JOINS
                         " WHERE main_item_fts MATCH :phrase", "" },
  [JG_QUERY_GRAM] = { JG_SEARCH_RANK_OTHER,
                      " main_item_gram f CROSS JOIN main_item m0 ON m0.rowid = f.rowid"
                      " CROSS JOIN sub_item s ON s.main_code = m0.code" SUB_ITEM_JOINS
                      " WHERE main_item_gram MATCH :phrase", "" },
  [JG_QUERY_SCAN] = { JG_SEARCH_RANK_OTHER,
                      " main_item m0 CROSS JOIN sub_item s ON s.main_code = m0.code" SUB_ITEM_JOINS
                      " WHERE instr (lower (m0.name), :q)", "" },
};

/* Departments are a few hundred: scanned. */

static const Tier department_name = {
  JG_SEARCH_RANK_OTHER,
  " department d0 CROSS JOIN sub_item s ON s.department = d0.code" SUB_ITEM_JOINS
  " WHERE (instr (lower (d0.name), :q) OR instr (lower (ifnull (d0.short_name, '')), :q))", ""
};

/* "ab" "bc" "cd" for "abcd": every bigram of @q (word characters only),
 * each a one-gram phrase of the jg_gram tokenizer, all required. NULL if
 * @q holds anything else. */
static char *
name_grams (const char *q)
{
  g_autoptr(GString) expr = g_string_new (NULL);

  for (const char *p = q; *p; p = g_utf8_next_char (p))
    {
      const char *next = g_utf8_next_char (p);

      if (!jg_search_is_word_char (g_utf8_get_char (p)))
        return NULL;
      if (*next == '\0')
        break;
      g_string_append_printf (expr, "%s\"%.*s\"", expr->len ? " " : "",
                              (int) (g_utf8_next_char (next) - p), p);
    }
  return g_string_free (g_steal_pointer (&expr), FALSE);
}

static gboolean
take_tier (JgStore                *store,
           const JgCatalogueQuery *query,
           JgSearchText           *text,
           const Tier             *tier,
           const char             *grams,
           JgSearchTiers          *tiers,
           GError                **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT " SUB_ITEM_COLUMNS " FROM");
  sqlite3_stmt *stmt;

  if (jg_search_tiers_full (tiers))
    return TRUE;

  g_string_append (sql, tier->from_where);
  jg_catalogue_append_filters (sql, query);
  g_string_append (sql, tier->order);
  g_string_append (sql, " LIMIT :limit");

  stmt = jg_store_prepare (store, sql->str, error);
  if (stmt == NULL)
    return FALSE;
  jg_search_bind_text (stmt, text);
  jg_search_bind (stmt, ":name_grams", grams);
  jg_catalogue_bind_filters (stmt, query);
  return jg_search_tiers_take (tiers, stmt, tier->rank, error);
}

gboolean
jg_catalogue_rank_run (JgStore                *store,
                       const JgCatalogueQuery *query,
                       JgSearchTiers          *tiers,
                       GError                **error)
{
  g_autoptr(JgSearchText) text = jg_search_text_new (query->text);
  g_autofree char *grams = NULL;
  const Tier *order[8];
  guint n = 0;

  g_return_val_if_fail (text->klass != JG_QUERY_ALL, FALSE);

  if (text->klass == JG_QUERY_CODE_PREFIX)
    order[n++] = &exact_code;
  order[n++] = &name_prefix;
  if (text->text_class == JG_QUERY_TRIGRAM && (grams = name_grams (text->q)) != NULL)
    order[n++] = &name_contains_words;
  else
    order[n++] = &name_contains[text->text_class];
  if (text->klass == JG_QUERY_CODE_PREFIX)
    order[n++] = &code_prefix;
  order[n++] = &main_item_name[text->text_class];
  order[n++] = &text_contains[text->text_class];
  order[n++] = &department_name;
  g_assert (n <= G_N_ELEMENTS (order));

  for (guint i = 0; i < n; i++)
    if (!take_tier (store, query, text, order[i], grams, tiers, error))
      return FALSE;
  return TRUE;
}
