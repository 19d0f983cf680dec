/* jg-record-context.c — the validator's view of one account's database
 *
 * The rules (jg-validate.h) reach the catalogue, the code tables, the
 * roster and the other records only through a JgValidationContext; this is
 * the one backed by a JgStore connection.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "jg-record-store-private.h"
#include "jg-store-private.h"

typedef struct {
  JgStore    *store;
  GHashTable *codes;   /* table → set of codes */
} ContextData;

static gboolean
ctx_code_exists (gpointer    user_data,
                 const char *table,
                 const char *code)
{
  ContextData *data = user_data;
  GHashTable *codes = g_hash_table_lookup (data->codes, table);

  return codes != NULL && g_hash_table_contains (codes, code);
}

static char *
dup_column (sqlite3_stmt *stmt,
            int           column)
{
  const char *text = jg_store_column_text (stmt, column);
  return text && *text ? g_strdup (text) : NULL;
}

/* Runs @sql (one parameter: @key) and copies its row's columns into @out;
 * FALSE when there is no row. */
static gboolean
lookup_row (JgStore    *store,
            const char *sql,
            const char *key,
            char      **out[],
            guint       n_out)
{
  sqlite3_stmt *stmt = jg_store_prepare (store, sql, NULL);
  gboolean found;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  for (guint i = 0; found && i < n_out; i++)
    *out[i] = dup_column (stmt, i);
  sqlite3_reset (stmt);
  return found;
}

static gboolean
ctx_lookup_item (gpointer    user_data,
                 const char *code,
                 JgItemInfo *info)
{
  ContextData *data = user_data;
  char **columns[] = {
    &info->code, &info->action_type, &info->status, &info->effective_date, &info->cancel_date,
  };

  return lookup_row (data->store,
                     "SELECT code, action_type, status, effective_date, cancel_date"
                     " FROM sub_item WHERE code = ?",
                     code, columns, G_N_ELEMENTS (columns));
}

static gboolean
exists (JgStore    *store,
        const char *sql,
        const char *a,
        const char *b,
        const char *c,
        const char *d)
{
  sqlite3_stmt *stmt = jg_store_prepare (store, sql, NULL);
  const char *values[] = { a, b, c, d };
  gboolean found;

  if (stmt == NULL)
    return FALSE;
  for (int i = 0; i < sqlite3_bind_parameter_count (stmt) && i < 4; i++)
    if (values[i] != NULL)
      sqlite3_bind_text (stmt, i + 1, values[i], -1, SQLITE_STATIC);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  return found;
}

static gboolean
ctx_impl_belongs (gpointer    user_data,
                  const char *impl_code,
                  const char *item_code)
{
  ContextData *data = user_data;
  return exists (data->store, "SELECT 1 FROM impl_entry WHERE code = ? AND sub_item = ?",
                 impl_code, item_code, NULL, NULL);
}

static gboolean
ctx_lookup_officer (gpointer       user_data,
                    const char    *id,
                    JgOfficerInfo *info)
{
  ContextData *data = user_data;
  char **columns[] = {
    &info->id, &info->name, &info->department, &info->cert_no, &info->cert_valid_from,
    &info->cert_valid_to,
  };

  return lookup_row (data->store,
                     "SELECT id, name, department, cert_no, cert_valid_from, cert_valid_to"
                     " FROM officer WHERE id = ?",
                     id, columns, G_N_ELEMENTS (columns));
}

static gboolean
ctx_number_taken (gpointer      user_data,
                  JgRecordKind  kind,
                  const char   *department,
                  const char   *number,
                  const char   *uuid)
{
  ContextData *data = user_data;
  return exists (data->store,
                 "SELECT 1 FROM record WHERE department IS ?1 AND kind = ?2 AND number = ?3"
                 " AND uuid <> ?4 AND deleting = 0",
                 department, jg_record_kind_to_string (kind), number, uuid ? uuid : "");
}

static gboolean
ctx_inspection_exists (gpointer    user_data,
                       const char *department,
                       const char *number)
{
  ContextData *data = user_data;
  return exists (data->store,
                 "SELECT 1 FROM record WHERE department IS ?1 AND kind = 'inspection'"
                 " AND number = ?2 AND deleting = 0",
                 department, number, NULL, NULL);
}

JgValidationContext *
jg_record_store_get_context (JgStore *store)
{
  JgValidationContext *context;
  ContextData *data;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  sqlite3_stmt *stmt;

  g_return_val_if_fail (JG_IS_STORE (store), NULL);

  data = g_new0 (ContextData, 1);
  data->store = g_object_ref (store);
  data->codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) g_hash_table_unref);
  /* Code tables are small: keep them in memory for the context's life. */
  stmt = jg_store_prepare (store, "SELECT tbl, code FROM code_entry", NULL);
  while (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *table = jg_store_column_text (stmt, 0);
      GHashTable *codes = g_hash_table_lookup (data->codes, table);
      if (codes == NULL)
        {
          codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
          g_hash_table_insert (data->codes, g_strdup (table), codes);
        }
      g_hash_table_add (codes, g_strdup (jg_store_column_text (stmt, 1)));
    }
  if (stmt != NULL)
    sqlite3_reset (stmt);

  context = g_new0 (JgValidationContext, 1);
  context->user_data = data;
  g_strlcpy (context->today, today, sizeof context->today);
  context->code_exists = ctx_code_exists;
  context->lookup_item = ctx_lookup_item;
  context->impl_belongs = ctx_impl_belongs;
  context->lookup_officer = ctx_lookup_officer;
  context->number_taken = ctx_number_taken;
  context->inspection_exists = ctx_inspection_exists;
  return context;
}

void
jg_validation_context_free (JgValidationContext *context)
{
  ContextData *data;

  if (context == NULL)
    return;
  data = context->user_data;
  if (data != NULL)
    {
      g_object_unref (data->store);
      g_hash_table_unref (data->codes);
      g_free (data);
    }
  g_free (context);
}
