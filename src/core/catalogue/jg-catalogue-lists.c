/* jg-catalogue-lists.c — lookups and lists over the cached catalogue
 *
 * One sub-item by its code, a sub-item's implementation entries, the code
 * tables and departments, the officers of a department, and what the
 * cache holds (jg-catalogue.h, "synchronous"). The searches and the
 * JgCatalogue that runs all of these in its thread are in jg-catalogue.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "jg-catalogue-private.h"
#include "jg-store-private.h"

JgSubItem *
jg_catalogue_lookup_sync (JgStore     *store,
                          const char  *code,
                          GError     **error)
{
  sqlite3_stmt *stmt;
  JgSubItem *item = NULL;
  int rc;

  stmt = jg_store_prepare (store,
                           "SELECT " SUB_ITEM_COLUMNS " FROM sub_item s" SUB_ITEM_JOINS
                           " WHERE s.code = ?1",
                           error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, code, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    item = jg_catalogue_sub_item_from_row (stmt);
  else if (rc == SQLITE_DONE)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                 _("There is no catalogue item with the code “%s”."), code);
  else
    jg_store_set_error (store, error, rc);
  sqlite3_reset (stmt);

  return item;
}

GListModel *
jg_catalogue_list_implementations_sync (JgStore     *store,
                                        const char  *sub_item_code,
                                        GError     **error)
{
  g_autoptr(GListStore) results = g_list_store_new (JG_TYPE_IMPL_ENTRY);
  sqlite3_stmt *stmt;
  int rc;

  stmt = jg_store_prepare (store,
                           "SELECT i.code, i.sub_item, i.region, r.name, i.body_name, i.body_code,"
                           " i.body_nature, bn.name, i.delegated_name, i.delegated_code,"
                           " i.level, lv.name, i.objects, i.check_category, cc.name,"
                           " i.random_check, i.proportion, i.frequency, i.content"
                           " FROM impl_entry i"
                           " LEFT JOIN code_entry r ON r.tbl = 'region' AND r.code = i.region"
                           " LEFT JOIN code_entry bn ON bn.tbl = 'body_nature' AND bn.code = i.body_nature"
                           " LEFT JOIN code_entry lv ON lv.tbl = 'level' AND lv.code = i.level"
                           " LEFT JOIN code_entry cc ON cc.tbl = 'check_category' AND cc.code = i.check_category"
                           " WHERE i.sub_item = ?1 ORDER BY i.region, i.code",
                           error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, sub_item_code, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *values[JG_IMPL_N_FIELDS];
      g_autoptr(JgImplEntry) entry = NULL;

      for (guint i = 0; i < JG_IMPL_N_FIELDS; i++)
        values[i] = (const char *) sqlite3_column_text (stmt, i);
      entry = jg_impl_entry_new (values);
      g_list_store_append (results, entry);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      jg_store_set_error (store, error, rc);
      return NULL;
    }

  return G_LIST_MODEL (g_steal_pointer (&results));
}

static GListModel *
list_codes_from (JgStore     *store,
                 const char  *sql,
                 const char  *table,
                 GError     **error)
{
  g_autoptr(GListStore) results = g_list_store_new (JG_TYPE_CODE);
  sqlite3_stmt *stmt;
  int rc;

  stmt = jg_store_prepare (store, sql, error);
  if (stmt == NULL)
    return NULL;

  if (sqlite3_bind_parameter_count (stmt) > 0)
    sqlite3_bind_text (stmt, 1, table, -1, SQLITE_TRANSIENT);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(JgCode) code = jg_code_new (table,
                                            (const char *) sqlite3_column_text (stmt, 0),
                                            (const char *) sqlite3_column_text (stmt, 1));
      g_list_store_append (results, code);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      jg_store_set_error (store, error, rc);
      return NULL;
    }

  return G_LIST_MODEL (g_steal_pointer (&results));
}

GListModel *
jg_catalogue_list_departments_sync (JgStore  *store,
                                    GError  **error)
{
  return list_codes_from (store,
                          "SELECT code, name FROM department ORDER BY region, name",
                          "department", error);
}

GListModel *
jg_catalogue_list_codes_sync (JgStore     *store,
                              const char  *table,
                              GError     **error)
{
  if (g_strcmp0 (table, "department") == 0)
    return jg_catalogue_list_departments_sync (store, error);

  return list_codes_from (store,
                          "SELECT code, name FROM code_entry WHERE tbl = ?1 ORDER BY sort, code",
                          table, error);
}

char *
jg_catalogue_code_name_sync (JgStore    *store,
                             const char *table,
                             const char *code)
{
  sqlite3_stmt *stmt;
  char *name = NULL;

  stmt = jg_store_prepare (store, "SELECT name FROM code_entry WHERE tbl = ?1 AND code = ?2", NULL);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, table, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, code, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    name = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);

  return name;
}

/* A single text column of the one row @sql (one bound parameter) finds. */
static char *
lookup_text (JgStore    *store,
             const char *sql,
             const char *key)
{
  sqlite3_stmt *stmt;
  char *text = NULL;

  if (key == NULL)
    return NULL;
  stmt = jg_store_prepare (store, sql, NULL);
  if (stmt == NULL)
    return NULL;
  jg_store_bind_text (stmt, 1, key);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    text = g_strdup (jg_store_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return text;
}

char *
jg_catalogue_impl_body_name_sync (JgStore    *store,
                                  const char *code)
{
  return lookup_text (store, "SELECT body_name FROM impl_entry WHERE code = ?1", code);
}

char *
jg_catalogue_department_name_sync (JgStore    *store,
                                   const char *department)
{
  return lookup_text (store, "SELECT name FROM department WHERE code = ?1", department);
}

char *
jg_catalogue_department_region_sync (JgStore    *store,
                                     const char *department)
{
  return lookup_text (store, "SELECT region FROM department WHERE code = ?1", department);
}

void
jg_officer_free (JgOfficer *officer)
{
  if (officer == NULL)
    return;
  g_free (officer->id);
  g_free (officer->name);
  g_free (officer->cert_no);
  g_free (officer);
}

#define MAX_OFFICERS_SQL G_STRINGIFY (JG_CATALOGUE_MAX_OFFICERS)

GPtrArray *
jg_catalogue_list_officers_sync (JgStore     *store,
                                 const char  *department,
                                 GError     **error)
{
  g_autoptr(GPtrArray) officers = g_ptr_array_new_with_free_func ((GDestroyNotify) jg_officer_free);

  for (guint pass = department != NULL ? 0 : 1; pass < 2 && officers->len == 0; pass++)
    {
      sqlite3_stmt *stmt;
      int rc;

      stmt = jg_store_prepare (store,
                               pass == 0
                               ? "SELECT id, name, cert_no FROM officer WHERE department = ?1"
                                 " ORDER BY name LIMIT " MAX_OFFICERS_SQL
                               : "SELECT id, name, cert_no FROM officer"
                                 " ORDER BY name LIMIT " MAX_OFFICERS_SQL,
                               error);
      if (stmt == NULL)
        return NULL;
      if (pass == 0)
        jg_store_bind_text (stmt, 1, department);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          JgOfficer *officer = g_new0 (JgOfficer, 1);

          officer->id = g_strdup (jg_store_column_text (stmt, 0));
          officer->name = g_strdup (jg_store_column_text (stmt, 1));
          officer->cert_no = g_strdup (jg_store_column_text (stmt, 2));
          g_ptr_array_add (officers, officer);
        }
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        {
          jg_store_set_error (store, error, rc);
          return NULL;
        }
    }
  return g_steal_pointer (&officers);
}

/* When the catalogue was last synced successfully (NULL: never). */
#define LAST_SYNC_SQL "(SELECT max(finished) FROM sync_run WHERE ok = 1 AND kind = 'catalogue')"

/* @sql's one row: the statement stepped onto it (to read, then reset), or
 * NULL with @error set. */
static sqlite3_stmt *
step_one_row (JgStore     *store,
              const char  *sql,
              GError     **error)
{
  sqlite3_stmt *stmt = jg_store_prepare (store, sql, error);
  int rc;

  if (stmt == NULL)
    return NULL;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      jg_store_set_error (store, error, rc);
      return NULL;
    }
  return stmt;
}

gboolean
jg_catalogue_get_stats_sync (JgStore           *store,
                             JgCatalogueStats  *stats,
                             GError           **error)
{
  sqlite3_stmt *stmt = step_one_row (store,
                                     "SELECT (SELECT count(*) FROM department),"
                                     " (SELECT count(*) FROM main_item),"
                                     " (SELECT count(*) FROM sub_item),"
                                     " (SELECT count(*) FROM impl_entry),"
                                     " (SELECT count(*) FROM officer),"
                                     " (SELECT count(*) FROM code_entry),"
                                     " " LAST_SYNC_SQL,
                                     error);

  if (stmt == NULL)
    return FALSE;
  stats->departments = sqlite3_column_int (stmt, 0);
  stats->items = sqlite3_column_int (stmt, 1);
  stats->sub_items = sqlite3_column_int (stmt, 2);
  stats->implementations = sqlite3_column_int (stmt, 3);
  stats->officers = sqlite3_column_int (stmt, 4);
  stats->code_entries = sqlite3_column_int (stmt, 5);
  stats->last_sync = sqlite3_column_int64 (stmt, 6);
  sqlite3_reset (stmt);
  return TRUE;
}

gboolean
jg_catalogue_get_status_sync (JgStore            *store,
                              JgCatalogueStatus  *status,
                              GError            **error)
{
  sqlite3_stmt *stmt = step_one_row (store, "SELECT NOT EXISTS (SELECT 1 FROM sub_item), " LAST_SYNC_SQL, error);

  if (stmt == NULL)
    return FALSE;
  status->empty = sqlite3_column_int (stmt, 0);
  status->last_sync = sqlite3_column_int64 (stmt, 1);
  sqlite3_reset (stmt);
  return TRUE;
}
