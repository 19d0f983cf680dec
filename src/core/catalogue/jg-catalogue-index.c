/* jg-catalogue-index.c — a delta's search index writes, deferred and sorted
 *
 * The cache's five FTS5 indexes are kept by triggers (jg-migrations.c),
 * one row at a time. FTS5 buffers what a transaction writes and turns it
 * into one new segment at the commit, but only while the rows come in
 * ascending rowid order: a row whose rowid is lower than the one before
 * (or an insert after an insert of the same rowid) makes it write the
 * buffer out as a segment of its own first, and each such segment costs
 * its write and then its share of the merges. A delta's changes come in
 * the feed's order, not the rowids', so nearly every row was a segment:
 * 0.7 s of CPU for 1,000 changes on 200,000 items, most of it in FTS5.
 *
 * So while a delta is applied the triggers are held off (search_bulk, as
 * for a first download) and TEMP triggers of this connection only note
 * which rows changed, with the text the indexes hold for them (the first
 * change of a row in the run wins: that is what is indexed). At the end
 * each index is brought from those old texts to the rows' current ones in
 * rowid order, a row's delete before its insert: one segment per index.
 * A row whose indexed text did not change (a cancellation, a new version
 * number) is not written at all.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "jg-catalogue-private.h"

/* The noting: each changed row once, with the text the index holds. */
static const char defer_sql[] =
  "INSERT INTO search_bulk (active) VALUES (1);"
  "CREATE TEMP TABLE search_pending_sub ("
  "  id INTEGER PRIMARY KEY, indexed INTEGER NOT NULL, name TEXT, objects TEXT, legal_basis TEXT);"
  "CREATE TEMP TABLE search_pending_main ("
  "  id INTEGER PRIMARY KEY, indexed INTEGER NOT NULL, name TEXT);"
  "CREATE TEMP TRIGGER search_pending_sub_insert AFTER INSERT ON main.sub_item BEGIN"
  "  INSERT OR IGNORE INTO search_pending_sub (id, indexed) VALUES (new.id, 0);"
  "END;"
  "CREATE TEMP TRIGGER search_pending_sub_delete AFTER DELETE ON main.sub_item BEGIN"
  "  INSERT OR IGNORE INTO search_pending_sub"
  "    VALUES (old.id, 1, old.name, old.objects, old.legal_basis);"
  "END;"
  "CREATE TEMP TRIGGER search_pending_sub_update AFTER UPDATE OF name, objects, legal_basis"
  "  ON main.sub_item WHEN old.name IS NOT new.name OR old.objects IS NOT new.objects"
  "  OR old.legal_basis IS NOT new.legal_basis BEGIN"
  "  INSERT OR IGNORE INTO search_pending_sub"
  "    VALUES (old.id, 1, old.name, old.objects, old.legal_basis);"
  "END;"
  "CREATE TEMP TRIGGER search_pending_main_insert AFTER INSERT ON main.main_item BEGIN"
  "  INSERT OR IGNORE INTO search_pending_main (id, indexed) VALUES (new.rowid, 0);"
  "END;"
  "CREATE TEMP TRIGGER search_pending_main_delete AFTER DELETE ON main.main_item BEGIN"
  "  INSERT OR IGNORE INTO search_pending_main VALUES (old.rowid, 1, old.name);"
  "END;"
  "CREATE TEMP TRIGGER search_pending_main_update AFTER UPDATE OF name ON main.main_item"
  "  WHEN old.name IS NOT new.name BEGIN"
  "  INSERT OR IGNORE INTO search_pending_main VALUES (old.rowid, 1, old.name);"
  "END;";

static const char done_sql[] =
  "DROP TRIGGER temp.search_pending_sub_insert;"
  "DROP TRIGGER temp.search_pending_sub_delete;"
  "DROP TRIGGER temp.search_pending_sub_update;"
  "DROP TRIGGER temp.search_pending_main_insert;"
  "DROP TRIGGER temp.search_pending_main_delete;"
  "DROP TRIGGER temp.search_pending_main_update;"
  "DROP TABLE temp.search_pending_sub;"
  "DROP TABLE temp.search_pending_main;"
  "DELETE FROM search_bulk;";

typedef struct {
  const char *index;      /* the FTS5 table */
  const char *pending;    /* its base table's noted rows */
  const char *base;       /* the base table, and its rowid column */
  const char *rowid;
  const char *columns[4]; /* the indexed columns */
} Index;

static const Index indexes[] = {
  { "sub_item_fts", "search_pending_sub", "sub_item", "id", { "name", "objects", "legal_basis", NULL } },
  { "sub_item_gram", "search_pending_sub", "sub_item", "id", { "name", "objects", "legal_basis", NULL } },
  { "sub_item_name_gram", "search_pending_sub", "sub_item", "id", { "name", NULL } },
  { "main_item_fts", "search_pending_main", "main_item", "rowid", { "name", NULL } },
  { "main_item_gram", "search_pending_main", "main_item", "rowid", { "name", NULL } },
};

/* One statement for @index: the old text of each noted row that the index
 * holds and that is gone or changed deleted, the current text of each row
 * that is new or changed inserted, all in rowid order (NULL in the
 * command column is a plain insert). Only names of tables and columns are
 * written into it, never values. */
static char *
reindex_sql (const Index *index)
{
  GString *sql = g_string_new (NULL);
  g_autoptr(GString) changed = g_string_new (NULL);
  g_autoptr(GString) old_values = g_string_new (NULL);
  g_autoptr(GString) new_values = g_string_new (NULL);
  g_autoptr(GString) names = g_string_new (NULL);
  g_autoptr(GString) columns = g_string_new (NULL);

  for (guint i = 0; index->columns[i] != NULL; i++)
    {
      const char *c = index->columns[i];

      g_string_append_printf (changed, "%sb.%s IS NOT p.%s", i ? " OR " : "", c, c);
      g_string_append_printf (old_values, ", p.%s AS c%u", c, i);
      g_string_append_printf (new_values, ", b.%s", c);
      g_string_append_printf (names, ", c%u", i);
      g_string_append_printf (columns, ", %s", c);
    }

  g_string_printf (sql,
                   "INSERT INTO %s (%s, rowid%s) SELECT cmd, rid%s FROM ("
                   "SELECT 'delete' AS cmd, p.id AS rid%s, 0 AS step"
                   " FROM temp.%s p LEFT JOIN main.%s b ON b.%s = p.id"
                   " WHERE p.indexed AND (b.%s IS NULL OR %s)"
                   " UNION ALL SELECT NULL, p.id%s, 1"
                   " FROM temp.%s p JOIN main.%s b ON b.%s = p.id"
                   " WHERE NOT p.indexed OR %s"
                   ") ORDER BY rid, step",
                   index->index, index->index, columns->str, names->str,
                   old_values->str, index->pending, index->base, index->rowid,
                   index->rowid, changed->str,
                   new_values->str, index->pending, index->base, index->rowid,
                   changed->str);
  return g_string_free (sql, FALSE);
}

gboolean
jg_catalogue_index_defer (JgStore  *cache,
                          GError  **error)
{
  g_return_val_if_fail (JG_IS_STORE (cache), FALSE);

  return jg_store_exec (cache, defer_sql, error);
}

gboolean
jg_catalogue_index_flush (JgStore  *cache,
                          GError  **error)
{
  g_return_val_if_fail (JG_IS_STORE (cache), FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (indexes); i++)
    {
      g_autofree char *sql = reindex_sql (&indexes[i]);
      sqlite3_stmt *stmt = jg_store_prepare (cache, sql, error);

      if (stmt == NULL || !jg_store_step_done (cache, stmt, error))
        return FALSE;
    }
  return jg_store_exec (cache, done_sql, error);
}
