/* jg-search-tiers.c — what the ranked searches share: the query's forms
 * and the tiers, one limited statement each (jg-search-private.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "jg-search-grams-private.h"
#include "jg-search-private.h"
#include "jg-store-private.h"

/* U+10FFFF, the last code point: "text" ≤ anything starting with it <
 * "text" U+10FFFF, so a prefix is one index range. */
#define LAST_CODE_POINT "\xF4\x8F\xBF\xBF"

char *
jg_search_normalize (const char *text)
{
  char *s = g_strdup (text ? text : "");

  g_strstrip (s);
  /* ASCII case folding only, as the trigram and gram tokenizers do. */
  for (char *p = s; *p; p++)
    *p = g_ascii_tolower (*p);
  return s;
}

char *
jg_search_fts_phrase (const char *text)
{
  GString *phrase = g_string_new ("\"");

  for (const char *p = text; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (phrase, '"');
      g_string_append_c (phrase, *p);
    }
  g_string_append_c (phrase, '"');
  return g_string_free (phrase, FALSE);
}

JgSearchText *
jg_search_text_new (const char *text)
{
  JgSearchText *t = g_new0 (JgSearchText, 1);
  gboolean words = TRUE;

  t->raw = g_strstrip (g_strdup (text ? text : ""));
  t->q = jg_search_normalize (text);
  t->q_end = g_strconcat (t->q, LAST_CODE_POINT, NULL);
  t->code = g_ascii_strup (t->raw, -1);
  t->code_end = g_strconcat (t->code, LAST_CODE_POINT, NULL);
  t->phrase = jg_search_fts_phrase (t->q);
  t->klass = jg_catalogue_classify_query (t->q);

  for (const char *p = t->q; *p; p = g_utf8_next_char (p))
    if (!jg_search_is_word_char (g_utf8_get_char (p)))
      words = FALSE;
  /* Digits are text too, for the names that hold them (第2号). */
  if (g_utf8_strlen (t->q, -1) >= 3)
    t->text_class = JG_QUERY_TRIGRAM;
  else if (words)
    t->text_class = JG_QUERY_GRAM;
  else
    t->text_class = JG_QUERY_SCAN;
  return t;
}

void
jg_search_text_free (JgSearchText *text)
{
  if (text == NULL)
    return;
  g_free (text->raw);
  g_free (text->q);
  g_free (text->q_end);
  g_free (text->code);
  g_free (text->code_end);
  g_free (text->phrase);
  g_free (text);
}

void
jg_search_bind (sqlite3_stmt *stmt,
                const char   *name,
                const char   *value)
{
  int index = sqlite3_bind_parameter_index (stmt, name);

  if (index > 0)
    sqlite3_bind_text (stmt, index, value, -1, SQLITE_TRANSIENT);
}

void
jg_search_bind_text (sqlite3_stmt *stmt,
                     JgSearchText *text)
{
  jg_search_bind (stmt, ":raw", text->raw);
  jg_search_bind (stmt, ":q", text->q);
  jg_search_bind (stmt, ":q_end", text->q_end);
  jg_search_bind (stmt, ":code", text->code);
  jg_search_bind (stmt, ":code_end", text->code_end);
  jg_search_bind (stmt, ":phrase", text->phrase);
}

void
jg_search_tiers_init (JgSearchTiers   *tiers,
                      JgStore         *store,
                      guint            limit,
                      GDestroyNotify   free_func,
                      JgSearchRowFunc  make,
                      gpointer         make_data)
{
  tiers->store = store;
  tiers->out = g_ptr_array_new_with_free_func (free_func);
  tiers->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  tiers->limit = limit;
  tiers->bare_bytes = 0;
  tiers->bare_rows = 0;
  tiers->make = make;
  tiers->make_data = make_data;
}

void
jg_search_tiers_clear (JgSearchTiers *tiers)
{
  g_clear_pointer (&tiers->out, g_ptr_array_unref);
  g_clear_pointer (&tiers->seen, g_hash_table_unref);
}

gboolean
jg_search_tiers_full (JgSearchTiers *tiers)
{
  return (tiers->make != NULL ? tiers->out->len : tiers->bare_rows) >= tiers->limit;
}

gboolean
jg_search_tiers_take (JgSearchTiers  *tiers,
                      sqlite3_stmt   *stmt,
                      JgSearchRank    rank,
                      GError        **error)
{
  int rc = SQLITE_DONE;

  if (stmt == NULL)
    return FALSE;
  if (jg_search_tiers_full (tiers))
    {
      sqlite3_reset (stmt);
      return TRUE;
    }

  if (tiers->make == NULL)
    {
      /* Bare: the statement as SQLite answers it, every column read. */
      sqlite3_bind_int (stmt, sqlite3_bind_parameter_index (stmt, ":limit"),
                        tiers->limit - tiers->bare_rows);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          tiers->bare_rows++;
          for (int c = 0; c < sqlite3_column_count (stmt); c++)
            tiers->bare_bytes += sqlite3_column_bytes (stmt, c);
        }
      sqlite3_reset (stmt);
      return rc == SQLITE_DONE || jg_store_set_error (tiers->store, error, rc);
    }

  /* The rows taken already may all come again: ask for that many more. */
  sqlite3_bind_int (stmt, sqlite3_bind_parameter_index (stmt, ":limit"),
                    tiers->limit - tiers->out->len + g_hash_table_size (tiers->seen));
  while (!jg_search_tiers_full (tiers) && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *key = jg_store_column_text (stmt, 0);

      if (key == NULL || g_hash_table_contains (tiers->seen, key))
        continue;
      g_hash_table_add (tiers->seen, g_strdup (key));
      g_ptr_array_add (tiers->out, tiers->make (stmt, rank, tiers->make_data));
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    return jg_store_set_error (tiers->store, error, rc);
  return TRUE;
}
