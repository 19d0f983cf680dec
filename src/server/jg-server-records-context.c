/* jg-server-records-context.c — what the rules look up, for pushed records
 *
 * Code tables, sub-items, implementation entries and the roster are kept
 * in memory and rebuilt when the codes or catalogue feed changes; numbers
 * and inspection links are looked up in the `record` table with the push's
 * statements.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "jg-server-records-private.h"

#include <string.h>
#include <json-glib/json-glib.h>

#include "jg-record-schema.h"

void
jg_server_records_clear_cache (JgServerRecords *self)
{
  g_clear_pointer (&self->codes, g_hash_table_unref);
  g_clear_pointer (&self->items, g_hash_table_unref);
  g_clear_pointer (&self->impls, g_hash_table_unref);
  g_clear_pointer (&self->officers, g_hash_table_unref);
  self->loaded = FALSE;
}

static char *
member_dup (JsonObject *o,
            const char *name)
{
  JsonNode *n = json_object_get_member (o, name);

  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING)
    return NULL;
  return *json_node_get_string (n) ? g_strdup (json_node_get_string (n)) : NULL;
}

gboolean
jg_server_records_load_cache (JgServerRecords  *self,
                              GError          **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  gint64 codes_latest, catalogue_latest;
  sqlite3_stmt *stmt;
  int rc;

  if (!jg_server_db_get_latest (self->db, "codes", &codes_latest, error) ||
      !jg_server_db_get_latest (self->db, "catalogue", &catalogue_latest, error))
    return FALSE;
  if (self->loaded && codes_latest == self->codes_latest &&
      catalogue_latest == self->catalogue_latest)
    return TRUE;

  jg_server_records_clear_cache (self);
  self->codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->items = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) jg_item_info_free);
  self->impls = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->officers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) jg_officer_info_free);

  stmt = jg_server_db_prepare_cached (self->db,
                                      "SELECT type, key, data FROM change"
                                      " WHERE feed IN ('codes', 'catalogue') AND op = 'put'"
                                      " AND type IN ('code', 'subitem', 'implementation', 'officer')",
                                      error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *type = (const char *) sqlite3_column_text (stmt, 0);
      const char *key = (const char *) sqlite3_column_text (stmt, 1);
      const char *data = (const char *) sqlite3_column_text (stmt, 2);
      JsonNode *root;
      JsonObject *o;

      if (data == NULL || !json_parser_load_from_data (parser, data, -1, NULL))
        continue;
      root = json_parser_get_root (parser);
      if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
        continue;
      o = json_node_get_object (root);

      if (strcmp (type, "code") == 0)
        {
          g_autofree char *table = member_dup (o, "table");
          g_autofree char *code = member_dup (o, "code");
          if (table != NULL && code != NULL)
            {
              char *k = g_strconcat (table, "\t", code, NULL);
              g_hash_table_replace (self->codes, k, k);
            }
        }
      else if (strcmp (type, "subitem") == 0)
        {
          JgItemInfo *i = g_new0 (JgItemInfo, 1);
          i->code = g_strdup (key);
          i->action_type = member_dup (o, "action_type");
          i->status = member_dup (o, "status");
          i->effective_date = member_dup (o, "effective_date");
          i->cancel_date = member_dup (o, "cancel_date");
          g_hash_table_replace (self->items, g_strdup (key), i);
        }
      else if (strcmp (type, "implementation") == 0)
        {
          char *sub = member_dup (o, "subitem");
          if (sub != NULL)
            g_hash_table_replace (self->impls, g_strdup (key), sub);
        }
      else if (strcmp (type, "officer") == 0)
        {
          JgOfficerInfo *of = g_new0 (JgOfficerInfo, 1);
          of->id = g_strdup (key);
          of->name = member_dup (o, "name");
          of->department = member_dup (o, "department");
          of->cert_no = member_dup (o, "cert_no");
          of->cert_valid_from = member_dup (o, "cert_valid_from");
          of->cert_valid_to = member_dup (o, "cert_valid_to");
          g_hash_table_replace (self->officers, g_strdup (key), of);
        }
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      jg_server_records_clear_cache (self);
      return jg_server_db_fail (self->db, error, "Could not read the catalogue");
    }
  self->codes_latest = codes_latest;
  self->catalogue_latest = catalogue_latest;
  self->loaded = TRUE;
  return TRUE;
}

static gboolean
ctx_code_exists (gpointer    user_data,
                 const char *table,
                 const char *code)
{
  JgServerRecords *self = user_data;
  char buf[256];
  gsize table_len = strlen (table), code_len = strlen (code);

  /* "table\tcode", built by hand: snprintf was a tenth of the rules' time. */
  if (table_len + 1 + code_len >= sizeof buf)
    return FALSE;
  memcpy (buf, table, table_len);
  buf[table_len] = '\t';
  memcpy (buf + table_len + 1, code, code_len + 1);
  return g_hash_table_contains (self->codes, buf);
}

static gboolean
ctx_lookup_item (gpointer    user_data,
                 const char *code,
                 JgItemInfo *info)
{
  JgServerRecords *self = user_data;
  JgItemInfo *cached = g_hash_table_lookup (self->items, code);

  if (cached == NULL)
    return FALSE;
  jg_item_info_copy (info, cached);
  return TRUE;
}

static gboolean
ctx_impl_belongs (gpointer    user_data,
                  const char *impl_code,
                  const char *item_code)
{
  JgServerRecords *self = user_data;
  return g_strcmp0 (g_hash_table_lookup (self->impls, impl_code), item_code) == 0;
}

static gboolean
ctx_lookup_officer (gpointer       user_data,
                    const char    *id,
                    JgOfficerInfo *info)
{
  JgServerRecords *self = user_data;
  JgOfficerInfo *cached = g_hash_table_lookup (self->officers, id);

  if (cached == NULL)
    return FALSE;
  jg_officer_info_copy (info, cached);
  return TRUE;
}

/* Whether @stmt gives a row. A database error is kept for after the
 * rules: a context cannot report one. */
static gboolean
step_exists (JgServerRecords *self,
             sqlite3_stmt    *stmt)
{
  int rc = sqlite3_step (stmt);

  if (!jg_server_db_stepped (self->db, stmt, rc, JG_SERVER_RECORDS_READ_FAILED,
                             self->ctx_error == NULL ? &self->ctx_error : NULL))
    return FALSE;
  return rc == SQLITE_ROW;
}

gboolean
jg_server_records_number_taken (JgServerRecords *self,
                                JgRecordKind     kind,
                                const char      *department,
                                const char      *number,
                                const char      *uuid)
{
  sqlite3_stmt *stmt = self->stmts[STMT_NUMBER_TAKEN];

  sqlite3_bind_text (stmt, 1, department ? department : "", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, jg_record_kind_to_string (kind), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, number, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, uuid ? uuid : "", -1, SQLITE_STATIC);
  return step_exists (self, stmt);
}

static gboolean
ctx_number_taken (gpointer      user_data,
                  JgRecordKind  kind,
                  const char   *department,
                  const char   *number,
                  const char   *uuid)
{
  return jg_server_records_number_taken (user_data, kind, department, number, uuid);
}

static gboolean
ctx_inspection_exists (gpointer    user_data,
                       const char *department,
                       const char *number)
{
  JgServerRecords *self = user_data;
  sqlite3_stmt *stmt = self->stmts[STMT_INSPECTION_EXISTS];

  sqlite3_bind_text (stmt, 1, department ? department : "", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, number, -1, SQLITE_STATIC);
  return step_exists (self, stmt);
}

void
jg_server_records_init_context (JgServerRecords     *self,
                                JgValidationContext *ctx,
                                const char          *today)
{
  memset (ctx, 0, sizeof *ctx);
  ctx->user_data = self;
  g_strlcpy (ctx->today, today, sizeof ctx->today);
  ctx->code_exists = ctx_code_exists;
  ctx->lookup_item = ctx_lookup_item;
  ctx->impl_belongs = ctx_impl_belongs;
  ctx->lookup_officer = ctx_lookup_officer;
  ctx->number_taken = ctx_number_taken;
  ctx->inspection_exists = ctx_inspection_exists;
}
