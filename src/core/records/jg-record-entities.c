/* jg-record-entities.c — the administrative counterparts (行政相对人) a
 * workstation has written records about, remembered for the form: found
 * as the user types a name or a code, filled in when one is picked
 * (jg-record-store.h, "entities"). Saving a record remembers its party.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "jg-record-store-private.h"
#include "jg-store-private.h"

void
jg_entity_free (JgEntity *entity)
{
  if (entity == NULL)
    return;
  g_free (entity->doc_type);
  g_free (entity->code);
  g_free (entity->name);
  g_free (entity->nature);
  g_free (entity->registered_address);
  g_free (entity->business_address);
  g_free (entity);
}

#define ENTITY_COLUMNS "doc_type, code, name, nature, registered_address, business_address"

static JgEntity *
entity_from_row (sqlite3_stmt *stmt)
{
  JgEntity *entity = g_new0 (JgEntity, 1);

  entity->doc_type = g_strdup (jg_store_column_text (stmt, 0));
  entity->code = g_strdup (jg_store_column_text (stmt, 1));
  entity->name = g_strdup (jg_store_column_text (stmt, 2));
  entity->nature = g_strdup (jg_store_column_text (stmt, 3));
  entity->registered_address = g_strdup (jg_store_column_text (stmt, 4));
  entity->business_address = g_strdup (jg_store_column_text (stmt, 5));
  return entity;
}

GPtrArray *
jg_record_store_find_entities (JgStore     *store,
                               const char  *text,
                               guint        limit,
                               GError     **error)
{
  g_autoptr(GPtrArray) entities = g_ptr_array_new_with_free_func ((GDestroyNotify) jg_entity_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (JG_IS_STORE (store), NULL);

  if (text == NULL || *text == '\0')
    stmt = jg_store_prepare (store,
                             "SELECT " ENTITY_COLUMNS " FROM entity"
                             " ORDER BY last_used DESC LIMIT ?2", error);
  else
    stmt = jg_store_prepare (store,
                             "SELECT " ENTITY_COLUMNS " FROM entity"
                             " WHERE substr (code, 1, length (?1)) = ?1 OR instr (name, ?1) > 0"
                             " ORDER BY last_used DESC LIMIT ?2", error);
  if (stmt == NULL)
    return NULL;
  if (text != NULL && *text)
    jg_store_bind_text (stmt, 1, text);
  sqlite3_bind_int (stmt, 2, limit > 0 ? (int) MIN (limit, G_MAXINT) : -1);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (entities, entity_from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      jg_store_set_error (store, error, rc);
      return NULL;
    }
  return g_steal_pointer (&entities);
}

JgEntity *
jg_record_store_get_entity (JgStore     *store,
                            const char  *doc_type,
                            const char  *code,
                            GError     **error)
{
  sqlite3_stmt *stmt;
  JgEntity *entity = NULL;
  int rc;

  g_return_val_if_fail (JG_IS_STORE (store), NULL);

  stmt = jg_store_prepare (store,
                           "SELECT " ENTITY_COLUMNS " FROM entity WHERE doc_type = ? AND code = ?",
                           error);
  if (stmt == NULL)
    return NULL;
  jg_store_bind_text (stmt, 1, doc_type);
  jg_store_bind_text (stmt, 2, code);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    entity = entity_from_row (stmt);
  else if (rc != SQLITE_DONE)
    jg_store_set_error (store, error, rc);
  else
    g_set_error_literal (error, JG_RECORD_STORE_ERROR, JG_RECORD_STORE_ERROR_NOT_FOUND,
                         _("No party with this document is known yet."));
  sqlite3_reset (stmt);
  return entity;
}

gboolean
jg_record_store_remember_entity (JgStore   *store,
                                 JgRecord  *record,
                                 GError   **error)
{
  const char *doc_type = jg_record_get (record, "party_doc_type");
  const char *code = jg_record_get (record, "party_code");
  const char *name = jg_record_get (record, "party_name");
  sqlite3_stmt *stmt;

  if (doc_type == NULL || code == NULL || name == NULL)
    return TRUE;

  stmt = jg_store_prepare (store,
                           "INSERT INTO entity (" ENTITY_COLUMNS ", last_used)"
                           " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
                           " ON CONFLICT (doc_type, code) DO UPDATE SET"
                           "  name = excluded.name,"
                           "  nature = coalesce (excluded.nature, nature),"
                           "  registered_address = coalesce (excluded.registered_address, registered_address),"
                           "  business_address = coalesce (excluded.business_address, business_address),"
                           "  last_used = excluded.last_used", error);
  if (stmt == NULL)
    return FALSE;
  jg_store_bind_text (stmt, 1, doc_type);
  jg_store_bind_text (stmt, 2, code);
  jg_store_bind_text (stmt, 3, name);
  jg_store_bind_text (stmt, 4, jg_record_get (record, "party_nature"));
  jg_store_bind_text (stmt, 5, jg_record_get (record, "registered_address"));
  jg_store_bind_text (stmt, 6, jg_record_get (record, "business_address"));
  sqlite3_bind_int64 (stmt, 7, g_get_real_time ());
  return jg_store_step_done (store, stmt, error);
}
