/* jg-search-index.c — keeping one-key search's text indexes of an account
 * database (schema step 15): TEMP triggers on every connection of ours
 *
 * The indexes of records', parties' and posts' text use our jg_gram
 * tokenizer, which only our connections have. Triggers in the file would
 * make every other program's write to those tables fail ("no such
 * tokenizer"), so each of our connections creates TEMP triggers instead
 * (they live and die with the connection; their statements name main's
 * tables unqualified, as SQLite requires, and find them there: no other
 * schema has them).
 * A row another program wrote is indexed the next time one of ours opens
 * the file, if it was appended (the usual case: a rowid past the indexed
 * ones); one it changed keeps its old text in the index until then, and
 * the search, which joins the index back to the table, never shows a row
 * that is gone. The indexes hold their own copy of the text, so deleting
 * from them needs nothing but the rowid.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "jg-search-private.h"
#include "jg-store-private.h"

#define POST_TEXT_INSERT \
  "  INSERT INTO post_text (rowid, title, summary, party) VALUES (new.rowid, new.title, " \
  POST_SUMMARY ", " POST_PARTY ");" \
  "  INSERT INTO post_title_gram (rowid, title) VALUES (new.rowid, new.title);" \
  "  INSERT INTO post_text_gram (rowid, summary, party) VALUES (new.rowid, " POST_SUMMARY ", " POST_PARTY ");"
#define POST_TEXT_DELETE \
  "  DELETE FROM post_text WHERE rowid = old.rowid;" \
  "  DELETE FROM post_title_gram WHERE rowid = old.rowid;" \
  "  DELETE FROM post_text_gram WHERE rowid = old.rowid;"
#define POST_SUMMARY "json_extract (new.fields, '$.fields.summary')"
#define POST_PARTY "json_extract (new.fields, '$.fields.party_name')"

static const char temp_triggers[] =
  "CREATE TEMP TRIGGER IF NOT EXISTS record_search_insert AFTER INSERT ON main.record BEGIN"
  "  INSERT INTO record_fts (rowid, party_name) VALUES (new.rowid, new.party_name);"
  "  INSERT INTO record_gram (rowid, party_name) VALUES (new.rowid, new.party_name);"
  "END;"
  "CREATE TEMP TRIGGER IF NOT EXISTS record_search_delete AFTER DELETE ON main.record BEGIN"
  "  DELETE FROM record_fts WHERE rowid = old.rowid;"
  "  DELETE FROM record_gram WHERE rowid = old.rowid;"
  "END;"
  "CREATE TEMP TRIGGER IF NOT EXISTS record_search_update AFTER UPDATE OF party_name ON main.record"
  "  WHEN new.party_name IS NOT old.party_name BEGIN"
  "  DELETE FROM record_fts WHERE rowid = old.rowid;"
  "  DELETE FROM record_gram WHERE rowid = old.rowid;"
  "  INSERT INTO record_fts (rowid, party_name) VALUES (new.rowid, new.party_name);"
  "  INSERT INTO record_gram (rowid, party_name) VALUES (new.rowid, new.party_name);"
  "END;"
  "CREATE TEMP TRIGGER IF NOT EXISTS entity_search_insert AFTER INSERT ON main.entity BEGIN"
  "  INSERT INTO entity_fts (rowid, name) VALUES (new.rowid, new.name);"
  "  INSERT INTO entity_gram (rowid, name) VALUES (new.rowid, new.name);"
  "END;"
  "CREATE TEMP TRIGGER IF NOT EXISTS entity_search_delete AFTER DELETE ON main.entity BEGIN"
  "  DELETE FROM entity_fts WHERE rowid = old.rowid;"
  "  DELETE FROM entity_gram WHERE rowid = old.rowid;"
  "END;"
  "CREATE TEMP TRIGGER IF NOT EXISTS entity_search_update AFTER UPDATE OF name ON main.entity"
  "  WHEN new.name IS NOT old.name BEGIN"
  "  DELETE FROM entity_fts WHERE rowid = old.rowid;"
  "  DELETE FROM entity_gram WHERE rowid = old.rowid;"
  "  INSERT INTO entity_fts (rowid, name) VALUES (new.rowid, new.name);"
  "  INSERT INTO entity_gram (rowid, name) VALUES (new.rowid, new.name);"
  "END;"
  "CREATE TEMP TRIGGER IF NOT EXISTS post_search_insert AFTER INSERT ON main.post BEGIN"
  POST_TEXT_INSERT
  "END;"
  "CREATE TEMP TRIGGER IF NOT EXISTS post_search_delete AFTER DELETE ON main.post BEGIN"
  POST_TEXT_DELETE
  "END;"
  "CREATE TEMP TRIGGER IF NOT EXISTS post_search_update AFTER UPDATE OF title, fields ON main.post"
  "  WHEN new.fields IS NOT old.fields OR new.title IS NOT old.title BEGIN"
  POST_TEXT_DELETE
  POST_TEXT_INSERT
  "END;";

/* Each index, the table it follows and what appending its missing rows
 * writes. */
static const struct {
  const char *behind;
  const char *catch_up;
} indexes[] = {
  { "SELECT (SELECT rowid FROM main.record ORDER BY rowid DESC LIMIT 1)"
    " > ifnull ((SELECT rowid FROM main.record_gram ORDER BY rowid DESC LIMIT 1), 0)",
    "INSERT INTO main.record_fts (rowid, party_name) SELECT rowid, party_name FROM main.record"
    "  WHERE rowid > ifnull ((SELECT rowid FROM main.record_fts ORDER BY rowid DESC LIMIT 1), 0);"
    "INSERT INTO main.record_gram (rowid, party_name) SELECT rowid, party_name FROM main.record"
    "  WHERE rowid > ifnull ((SELECT rowid FROM main.record_gram ORDER BY rowid DESC LIMIT 1), 0);" },
  { "SELECT (SELECT rowid FROM main.entity ORDER BY rowid DESC LIMIT 1)"
    " > ifnull ((SELECT rowid FROM main.entity_gram ORDER BY rowid DESC LIMIT 1), 0)",
    "INSERT INTO main.entity_fts (rowid, name) SELECT rowid, name FROM main.entity"
    "  WHERE rowid > ifnull ((SELECT rowid FROM main.entity_fts ORDER BY rowid DESC LIMIT 1), 0);"
    "INSERT INTO main.entity_gram (rowid, name) SELECT rowid, name FROM main.entity"
    "  WHERE rowid > ifnull ((SELECT rowid FROM main.entity_gram ORDER BY rowid DESC LIMIT 1), 0);" },
  { "SELECT (SELECT rowid FROM main.post ORDER BY rowid DESC LIMIT 1)"
    " > ifnull ((SELECT rowid FROM main.post_text_gram ORDER BY rowid DESC LIMIT 1), 0)",
    "INSERT INTO main.post_text (rowid, title, summary, party) SELECT rowid, title,"
    "  json_extract (fields, '$.fields.summary'), json_extract (fields, '$.fields.party_name')"
    "  FROM main.post WHERE rowid > ifnull ((SELECT rowid FROM main.post_text ORDER BY rowid DESC LIMIT 1), 0);"
    "INSERT INTO main.post_title_gram (rowid, title) SELECT rowid, title"
    "  FROM main.post_text WHERE rowid > ifnull ((SELECT rowid FROM main.post_title_gram"
    "  ORDER BY rowid DESC LIMIT 1), 0);"
    "INSERT INTO main.post_text_gram (rowid, summary, party) SELECT rowid, summary, party"
    "  FROM main.post_text WHERE rowid > ifnull ((SELECT rowid FROM main.post_text_gram"
    "  ORDER BY rowid DESC LIMIT 1), 0);" },
};

gboolean
jg_search_index_attach (JgStore  *store,
                        GError  **error)
{
  sqlite3_stmt *stmt;
  gboolean present;

  /* A database opened at an older version (tests of migrations) has none. */
  stmt = jg_store_prepare (store, "SELECT EXISTS (SELECT 1 FROM main.sqlite_master"
                                  " WHERE name = 'record_gram')", error);
  if (stmt == NULL)
    return FALSE;
  present = sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);
  if (!present)
    return TRUE;

  if (!jg_store_exec (store, temp_triggers, error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (indexes); i++)
    {
      gboolean behind;

      stmt = jg_store_prepare (store, indexes[i].behind, error);
      if (stmt == NULL)
        return FALSE;
      behind = sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int (stmt, 0);
      sqlite3_reset (stmt);
      if (!behind)
        continue;
      if (!jg_store_begin (store, error))
        return FALSE;
      if (!jg_store_exec (store, indexes[i].catch_up, error) || !jg_store_commit (store, error))
        {
          jg_store_rollback (store);
          return FALSE;
        }
    }
  return TRUE;
}
