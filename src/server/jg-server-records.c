/* jg-server-records.c — pushed records and their states
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "jg-server-records.h"
#include "jg-server-db-private.h"
#include "jg-server-batch-parser.h"

#include <glib/gi18n-lib.h>
#include <string.h>
#include <json-glib/json-glib.h>

#include "jg-record.h"
#include "jg-record-private.h"
#include "jg-record-schema.h"
#include "jg-validate.h"


typedef struct {
  char *action_type, *status, *effective_date, *cancel_date;
} Item;

typedef struct {
  char *name, *department, *cert_no, *cert_valid_from, *cert_valid_to;
} Officer;

/* The statements a push runs for each record. */
typedef enum {
  STMT_READ_HEAD,
  STMT_READ_REVISION,
  STMT_INSERT_REVISION,
  STMT_REPLACE_RECORD,
  STMT_PUT_STATE,
  STMT_NUMBER_TAKEN,
  STMT_INSPECTION_EXISTS,
  N_STMTS
} Stmt;

static const char *const stmt_sql[N_STMTS] = {
  [STMT_READ_HEAD] =
    "SELECT revision, op, department FROM record WHERE uuid = ?1",
  [STMT_READ_REVISION] =
    "SELECT payload FROM record_revision WHERE uuid = ?1 AND revision = ?2",
  [STMT_INSERT_REVISION] =
    "INSERT INTO record_revision (uuid, revision, department, kind, op,"
    " payload, batch, received) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
  [STMT_REPLACE_RECORD] =
    "INSERT OR REPLACE INTO record (uuid, revision, department, kind, op,"
    " number, batch, received) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
  /* REPLACE drops the record's previous state and appends this one with a
   * new seq (AUTOINCREMENT): the feed keeps only the newest state. */
  [STMT_PUT_STATE] =
    "INSERT OR REPLACE INTO change (feed, type, key, op, data)"
    " VALUES (?1, 'record', ?2, 'put', ?3)",
  [STMT_NUMBER_TAKEN] =
    "SELECT 1 FROM record WHERE department = ?1 AND kind = ?2"
    " AND number = ?3 AND op <> 'd' AND uuid <> ?4 LIMIT 1",
  [STMT_INSPECTION_EXISTS] =
    "SELECT 1 FROM record WHERE department = ?1 AND kind = 'inspection'"
    " AND number = ?2 AND op <> 'd' LIMIT 1",
};

struct _JgServerRecords
{
  JgServerDb *db;

  /* The catalogue as of these latest seqs of "codes" and "catalogue". */
  gint64 codes_latest, catalogue_latest;
  gboolean loaded;
  GHashTable *codes;     /* "table\tcode" -> itself */
  GHashTable *items;     /* sub-item code -> Item* */
  GHashTable *impls;     /* implementation code -> sub-item code */
  GHashTable *officers;  /* id -> Officer* */

  GError *ctx_error;     /* first database error inside a context callback */
  /* During a push only: the connection's cached statements, looked up
   * once per batch rather than by their SQL text for every record. Each
   * use binds all its parameters and resets the statement after it. */
  sqlite3_stmt *stmts[N_STMTS];
  JgRecord *scratch[JG_RECORD_N_KINDS];
};

static void
item_free (gpointer p)
{
  Item *i = p;
  g_free (i->action_type);
  g_free (i->status);
  g_free (i->effective_date);
  g_free (i->cancel_date);
  g_free (i);
}

static void
officer_free (gpointer p)
{
  Officer *o = p;
  g_free (o->name);
  g_free (o->department);
  g_free (o->cert_no);
  g_free (o->cert_valid_from);
  g_free (o->cert_valid_to);
  g_free (o);
}

JgServerRecords *
jg_server_records_new (JgServerDb *db)
{
  JgServerRecords *self = g_new0 (JgServerRecords, 1);

  self->db = g_object_ref (db);
  jg_server_db_exec (self->db, "PRAGMA wal_autocheckpoint = 16384", NULL);
  return self;
}

static void
clear_cache (JgServerRecords *self)
{
  g_clear_pointer (&self->codes, g_hash_table_unref);
  g_clear_pointer (&self->items, g_hash_table_unref);
  g_clear_pointer (&self->impls, g_hash_table_unref);
  g_clear_pointer (&self->officers, g_hash_table_unref);
  self->loaded = FALSE;
}

void
jg_server_records_free (JgServerRecords *self)
{
  if (self == NULL)
    return;
  clear_cache (self);
  for (guint i = 0; i < JG_RECORD_N_KINDS; i++)
    g_clear_object (&self->scratch[i]);
  g_clear_error (&self->ctx_error);
  g_object_unref (self->db);
  g_free (self);
}

char *
jg_server_records_feed (const char *department)
{
  return g_strconcat ("records/", department, NULL);
}

/* ------------------------------------------------------------------ */
/* Catalogue cache                                                     */

static char *
member_dup (JsonObject *o,
            const char *name)
{
  JsonNode *n = json_object_get_member (o, name);

  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING)
    return NULL;
  return *json_node_get_string (n) ? g_strdup (json_node_get_string (n)) : NULL;
}

static gboolean
load_cache (JgServerRecords  *self,
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

  clear_cache (self);
  self->codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->items = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, item_free);
  self->impls = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->officers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, officer_free);

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
          Item *i = g_new0 (Item, 1);
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
          Officer *of = g_new0 (Officer, 1);
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
      clear_cache (self);
      return jg_server_db_fail (self->db, error, "Could not read the catalogue");
    }
  self->codes_latest = codes_latest;
  self->catalogue_latest = catalogue_latest;
  self->loaded = TRUE;
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Validation context                                                  */

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
  Item *i = g_hash_table_lookup (self->items, code);

  if (i == NULL)
    return FALSE;
  info->code = g_strdup (code);
  info->action_type = g_strdup (i->action_type);
  info->status = g_strdup (i->status);
  info->effective_date = g_strdup (i->effective_date);
  info->cancel_date = g_strdup (i->cancel_date);
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
  Officer *o = g_hash_table_lookup (self->officers, id);

  if (o == NULL)
    return FALSE;
  info->id = g_strdup (id);
  info->name = g_strdup (o->name);
  info->department = g_strdup (o->department);
  info->cert_no = g_strdup (o->cert_no);
  info->cert_valid_from = g_strdup (o->cert_valid_from);
  info->cert_valid_to = g_strdup (o->cert_valid_to);
  return TRUE;
}

static gboolean
step_exists (JgServerRecords *self,
             sqlite3_stmt    *stmt)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE && self->ctx_error == NULL)
    jg_server_db_fail (self->db, &self->ctx_error, "Could not read the records");
  return rc == SQLITE_ROW;
}

static gboolean
ctx_number_taken (gpointer      user_data,
                  JgRecordKind  kind,
                  const char   *department,
                  const char   *number,
                  const char   *uuid)
{
  JgServerRecords *self = user_data;
  sqlite3_stmt *stmt = self->stmts[STMT_NUMBER_TAKEN];

  sqlite3_bind_text (stmt, 1, department ? department : "", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, jg_record_kind_to_string (kind), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, number, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, uuid ? uuid : "", -1, SQLITE_STATIC);
  return step_exists (self, stmt);
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

/* ------------------------------------------------------------------ */
/* Parsing a batch                                                     */

typedef JgBatchRecord Incoming;

#define MAX_HINTS 64

/* Per batch: what push_one() reuses from one record to the next. */
typedef struct {
  const char **values;    /* by schema index, for the largest kind */
  /* The schema index + 1 of the field named by the j-th member of the last
   * record of each kind: a client writes every record's fields in the same
   * order, so a strcmp() usually replaces a hash lookup. */
  guint8       hints[JG_RECORD_N_KINDS][MAX_HINTS];
  GArray      *reasons;   /* Reason */
  GPtrArray   *messages;  /* owned strings the reasons point to */
} Scratch;

/* The value of each field of @in's kind, by schema index, into
 * @scratch->values (NULL when absent). Returns how many of its members are
 * not fields. */
static guint
resolve_fields (JgBatch  *batch,
                Incoming *in,
                Scratch  *scratch)
{
  const JgFieldSpec *fields;
  guint n_fields, unknown = 0;
  guint8 *hints = scratch->hints[in->kind];

  fields = jg_record_fields (in->kind, &n_fields);
  memset (scratch->values, 0, n_fields * sizeof *scratch->values);
  for (guint j = 0; j < in->n_fields; j++)
    {
      JgBatchField *f = &g_array_index (batch->fields, JgBatchField, in->first_field + j);
      int i;

      if (j < MAX_HINTS && hints[j] > 0 && strcmp (fields[hints[j] - 1].key, f->key) == 0)
        i = hints[j] - 1;
      else
        {
          i = jg_record_field_index (in->kind, f->key);
          if (j < MAX_HINTS)
            hints[j] = i >= 0 && i < G_MAXUINT8 ? (guint8) (i + 1) : 0;
        }
      if (i >= 0)
        scratch->values[i] = f->value;
      else
        unknown++;
    }
  return unknown;
}

/* "key": for every field of every kind, escaped once: the keys are the
 * schema's constants, and a payload writes all of them. */
static const char *const *
quoted_keys (JgRecordKind kind)
{
  static char **keys[JG_RECORD_N_KINDS];
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      for (guint k = 0; k < JG_RECORD_N_KINDS; k++)
        {
          const JgFieldSpec *fields;
          guint n_fields;

          fields = jg_record_fields (k, &n_fields);
          keys[k] = g_new (char *, n_fields);
          for (guint i = 0; i < n_fields; i++)
            {
              GString *s = g_string_new (NULL);

              jg_json_append_string (s, fields[i].key);
              g_string_append_c (s, ':');
              keys[k][i] = g_string_free (s, FALSE);
            }
        }
      g_once_init_leave (&initialized, 1);
    }
  return (const char *const *) keys[kind];
}

/* The stored payload of a put: {"kind":…,"fields":{…}} with the non-empty
 * fields in schema order, so the same record always gives the same text. */
static void
canonical_payload (Incoming     *in,
                   const char  **values,
                   GString      *out)
{
  const char *const *keys = quoted_keys (in->kind);
  guint n_fields;
  gboolean first = TRUE;

  g_string_truncate (out, 0);
  g_string_append (out, "{\"kind\":");
  jg_json_append_string (out, jg_record_kind_to_string (in->kind));
  g_string_append (out, ",\"fields\":{");
  jg_record_fields (in->kind, &n_fields);
  for (guint i = 0; i < n_fields; i++)
    {
      if (values[i] == NULL || values[i][0] == '\0')
        continue;
      if (!first)
        g_string_append_c (out, ',');
      first = FALSE;
      g_string_append (out, keys[i]);
      jg_json_append_string (out, values[i]);
    }
  g_string_append (out, "}}");
}

/* ------------------------------------------------------------------ */
/* Answers                                                             */

/* A reason as sent: the English sentence, and what it was made of (see
 * JgIssue and PROTOCOL.md) so that a client says it in its own language.
 * The server's own sentences are N_() msgids: po/POTFILES.in lists this
 * file, so the client's catalogue has them. */
typedef struct {
  const char         *field;      /* NULL: the whole record */
  const char         *message;
  const char         *msgid;      /* NULL: no template */
  const char * const *args;
  guint32             msgid_args;
} Reason;

/* What "%" G_GUINT64_FORMAT gives, without printf's cost on the hot path. */
static void
append_uint (GString *out,
             guint64  value)
{
  char digits[24];
  int i = sizeof digits;

  do
    {
      digits[--i] = (char) ('0' + value % 10);
      value /= 10;
    }
  while (value > 0);
  g_string_append_len (out, digits + i, sizeof digits - i);
}

static void
append_reasons (GString      *out,
                const Reason *reasons,
                guint         n)
{
  g_string_append (out, "\"reasons\":[");
  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append (out, "{\"field\":");
      if (reasons[i].field != NULL)
        jg_json_append_string (out, reasons[i].field);
      else
        g_string_append (out, "null");
      g_string_append (out, ",\"message\":");
      jg_json_append_string (out, reasons[i].message);
      if (reasons[i].msgid != NULL)
        {
          g_string_append (out, ",\"template\":");
          jg_json_append_string (out, reasons[i].msgid);
          g_string_append (out, ",\"args\":[");
          for (guint a = 0; reasons[i].args != NULL && reasons[i].args[a] != NULL; a++)
            {
              gboolean is_msgid = a < 32 && (reasons[i].msgid_args & (1u << a));

              if (a > 0)
                g_string_append_c (out, ',');
              if (is_msgid)
                g_string_append (out, "{\"msgid\":");
              jg_json_append_string (out, reasons[i].args[a]);
              if (is_msgid)
                g_string_append_c (out, '}');
            }
          g_string_append_c (out, ']');
        }
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, ']');
}

static void
append_result (GString      *out,
               gboolean      first,
               Incoming     *in,
               guint         code,
               const Reason *reasons,
               guint         n_reasons)
{
  if (!first)
    g_string_append_c (out, ',');
  g_string_append (out, "{\"uuid\":");
  jg_json_append_string (out, in->uuid);
  g_string_append (out, ",\"revision\":");
  append_uint (out, in->revision);
  if (code == 0)
    g_string_append (out, ",\"status\":\"accepted\"}");
  else
    {
      g_string_append (out, ",\"status\":\"rejected\",\"code\":");
      append_uint (out, code);
      g_string_append_c (out, ',');
      append_reasons (out, reasons, n_reasons);
      g_string_append_c (out, '}');
    }
}

/* Writes the state of @in into the department's records feed. */
static gboolean
put_state (JgServerRecords  *self,
           const char       *feed,
           Incoming         *in,
           const char       *batch,
           const char       *reviewed_at,
           guint             code,
           const Reason     *reasons,
           guint             n_reasons,
           GString          *buf,
           GError          **error)
{
  sqlite3_stmt *stmt = self->stmts[STMT_PUT_STATE];
  int rc;

  g_string_truncate (buf, 0);
  g_string_append (buf, "{\"uuid\":");
  jg_json_append_string (buf, in->uuid);
  g_string_append (buf, ",\"revision\":");
  append_uint (buf, in->revision);
  g_string_append (buf, ",\"op\":\"");
  g_string_append_c (buf, in->op);
  g_string_append (buf, "\",\"kind\":\"");
  g_string_append (buf, jg_record_kind_to_string (in->kind));
  g_string_append (buf, code == 0 ? "\",\"state\":\"accepted\","
                                  : "\",\"state\":\"rejected\",");
  if (code != 0)
    {
      g_string_append (buf, "\"code\":");
      append_uint (buf, code);
      g_string_append_c (buf, ',');
    }
  append_reasons (buf, reasons, n_reasons);
  g_string_append (buf, ",\"reviewed_at\":\"");
  g_string_append (buf, reviewed_at);
  g_string_append (buf, "\",\"batch\":");
  jg_json_append_string (buf, batch);
  g_string_append_c (buf, '}');

  sqlite3_bind_text (stmt, 1, feed, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, in->uuid, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, buf->str, buf->len, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return jg_server_db_fail (self->db, error, "Could not write a record state");
  return TRUE;
}

static gboolean
store_record (JgServerRecords  *self,
              Incoming         *in,
              const char       *number,
              const char       *payload,
              const char       *batch,
              gint64            now,
              gboolean          with_revision,
              GError          **error)
{
  sqlite3_stmt *stmt;
  char op[2] = { in->op, 0 };
  const char *kind = jg_record_kind_to_string (in->kind);
  int rc;

  if (with_revision)
    {
      stmt = self->stmts[STMT_INSERT_REVISION];
      sqlite3_bind_text (stmt, 1, in->uuid, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, in->revision);
      sqlite3_bind_text (stmt, 3, in->department, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, kind, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 5, op, 1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 6, payload, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 7, batch, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 8, now);
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        return jg_server_db_fail (self->db, error, "Could not store a record");
    }

  stmt = self->stmts[STMT_REPLACE_RECORD];
  sqlite3_bind_text (stmt, 1, in->uuid, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, in->revision);
  sqlite3_bind_text (stmt, 3, in->department, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, op, 1, SQLITE_STATIC);
  if (number != NULL)
    sqlite3_bind_text (stmt, 6, number, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, 6);
  sqlite3_bind_text (stmt, 7, batch, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 8, now);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return jg_server_db_fail (self->db, error, "Could not store a record");
  return TRUE;
}

typedef struct {
  gboolean found;
  gint64 revision;
  char op;
  char *department;
} Head;

static gboolean
read_head (JgServerRecords  *self,
           const char       *uuid,
           Head             *head,
           GError          **error)
{
  sqlite3_stmt *stmt = self->stmts[STMT_READ_HEAD];
  int rc;

  memset (head, 0, sizeof *head);
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      const char *op = (const char *) sqlite3_column_text (stmt, 1);
      head->found = TRUE;
      head->revision = sqlite3_column_int64 (stmt, 0);
      head->op = op != NULL ? op[0] : 'i';
      head->department = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return jg_server_db_fail (self->db, error, "Could not read the records");
  return TRUE;
}

/* The payload of revision @revision of @uuid, or NULL. */
static gboolean
read_revision (JgServerRecords  *self,
               const char       *uuid,
               gint64            revision,
               char            **payload,
               GError          **error)
{
  sqlite3_stmt *stmt = self->stmts[STMT_READ_REVISION];
  int rc;

  *payload = NULL;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, revision);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *payload = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return jg_server_db_fail (self->db, error, "Could not read the records");
  return TRUE;
}

static void
log_forbidden (JgServerAccount *account,
               const char      *wanted)
{
  g_printerr ("FORBIDDEN user=%s department=%s wanted=%s\n",
              account->username, account->department, wanted);
}

/* One record per kind, reused for the rules of every pushed record: each
 * field is set to its new value (NULL clears it), its identity replaced.
 * Consecutive records of a batch mostly share values: an unchanged one is
 * compared by index and left alone, without jg_record_set()'s lookup. */
static JgRecord *
scratch_record (JgServerRecords  *self,
                Incoming         *in,
                const char      **values)
{
  JgRecord *record = self->scratch[in->kind];
  const JgFieldSpec *fields;
  guint n_fields;

  if (record == NULL || g_strcmp0 (jg_record_get_department (record), in->department) != 0)
    {
      g_clear_object (&self->scratch[in->kind]);
      record = self->scratch[in->kind] = jg_record_new (in->kind, in->department);
    }
  fields = jg_record_fields (in->kind, &n_fields);
  for (guint i = 0; i < n_fields; i++)
    {
      const char *value = values[i] != NULL && values[i][0] != '\0' ? values[i] : NULL;

      if (g_strcmp0 (jg_record_get_nth (record, i), value) != 0)
        jg_record_set (record, fields[i].key, value);
    }
  jg_record_set_identity (record, in->uuid, (guint) in->revision, JG_RECORD_STATE_SENDING);
  return record;
}

/* Decides on one record inside the batch's transaction. */
/* 409 for a revision older than the one held. @text (24 bytes) receives
 * the held revision, and @args, whose first element points at @text, is
 * the template's argument list. */
static void
newer_revision (Reason             *reason,
                gint64              held,
                char               *text,
                const char * const *args,
                char              **message)
{
  const char *msgid = N_("The server holds revision %s, newer than this one");

  g_snprintf (text, 24, "%" G_GINT64_FORMAT, held);
  *message = g_strdup_printf (msgid, text);
  reason->message = *message;
  reason->msgid = msgid;
  reason->args = args;
}

static gboolean
push_one (JgServerRecords     *self,
          JgServerAccount     *account,
          JgValidationContext *ctx,
          const char          *feed,
          const char          *batch,
          const char          *reviewed_at,
          gint64               now,
          JgBatch             *parsed,
          Incoming            *in,
          Scratch             *scratch,
          GString             *out,
          gboolean             first,
          GString             *payload,
          GString             *buf,
          GError             **error)
{
  g_autofree char *held = NULL;
  g_autofree char *msg = NULL;
  Head head;
  Reason reason = { NULL, NULL, NULL, NULL, 0 };
  char revision_text[24];
  const char *revision_args[] = { revision_text, NULL };
  gboolean ok = TRUE;
  guint unknown;

  if (strcmp (in->department, account->department) != 0)
    {
      log_forbidden (account, in->department);
      reason.message = reason.msgid = N_("The record belongs to another department");
      append_result (out, first, in, 403, &reason, 1);
      return TRUE;
    }

  if (!read_head (self, in->uuid, &head, error))
    return FALSE;
  if (head.found && g_strcmp0 (head.department, account->department) != 0)
    {
      log_forbidden (account, head.department);
      g_free (head.department);
      reason.message = reason.msgid = N_("A record with this uuid belongs to another department");
      append_result (out, first, in, 403, &reason, 1);
      return TRUE;
    }
  g_free (head.department);

  if (in->op == 'd')
    {
      g_string_assign (payload, "{\"kind\":");
      jg_json_append_string (payload, jg_record_kind_to_string (in->kind));
      g_string_append (payload, ",\"deleted\":true}");
      if (head.found && head.op == 'd')
        {
          append_result (out, first, in, 0, NULL, 0);   /* already deleted */
          return TRUE;
        }
      if (head.found && in->revision < head.revision)
        {
          newer_revision (&reason, head.revision, revision_text, revision_args, &msg);
          append_result (out, first, in, 409, &reason, 1);
          return TRUE;
        }
      /* A delete may carry the revision it deletes or a later one. */
      if (!store_record (self, in, NULL, payload->str, batch, now,
                         !head.found || in->revision > head.revision, error) ||
          !put_state (self, feed, in, batch, reviewed_at, 0, NULL, 0, buf, error))
        return FALSE;
      append_result (out, first, in, 0, NULL, 0);
      return TRUE;
    }

  unknown = resolve_fields (parsed, in, scratch);
  canonical_payload (in, scratch->values, payload);
  /* The record row holds the newest revision the server has: a revision
   * above it (or a record never seen) cannot be held. */
  if (head.found && in->revision <= head.revision &&
      !read_revision (self, in->uuid, in->revision, &held, error))
    return FALSE;
  if (held != NULL)
    {
      if (strcmp (held, payload->str) == 0)
        append_result (out, first, in, 0, NULL, 0);
      else
        {
          reason.message = reason.msgid =
            N_("The server already holds this revision with different contents");
          append_result (out, first, in, 409, &reason, 1);
        }
      return TRUE;
    }
  if (head.found && in->revision < head.revision)
    {
      newer_revision (&reason, head.revision, revision_text, revision_args, &msg);
      append_result (out, first, in, 409, &reason, 1);
      return TRUE;
    }
  if (head.found && head.op == 'd')
    {
      reason.message = reason.msgid = N_("The record has been deleted on the server");
      append_result (out, first, in, 409, &reason, 1);
      return TRUE;
    }

  /* The rules. */
  {
    JgRecord *record = scratch_record (self, in, scratch->values);
    g_autoptr(GPtrArray) issues = NULL;
    GArray *reasons = scratch->reasons;
    GPtrArray *messages = scratch->messages;

    g_array_set_size (reasons, 0);
    g_ptr_array_set_size (messages, 0);

    /* Members that are not fields of the kind come first, in the body's
     * order. */
    for (guint j = 0; unknown > 0 && j < in->n_fields; j++)
      {
        JgBatchField *f = &g_array_index (parsed->fields, JgBatchField, in->first_field + j);

        if (jg_record_field_index (in->kind, f->key) < 0)
          {
            static const char *unknown_msgid = N_("“%s” is not a field of a record of kind %s");
            char *key = g_strndup (f->key, 64);
            const char **args = g_new0 (const char *, 3);
            char *m = g_strdup_printf (unknown_msgid, key, jg_record_kind_to_string (in->kind));
            Reason r = { f->key, m, unknown_msgid, args, 0 };

            args[0] = key;
            args[1] = jg_record_kind_to_string (in->kind);
            g_ptr_array_add (messages, m);
            g_ptr_array_add (messages, key);
            g_ptr_array_add (messages, args);
            g_array_append_val (reasons, r);
          }
      }

    issues = jg_validate_record (record, ctx);
    if (self->ctx_error != NULL)
      {
        g_propagate_error (error, g_steal_pointer (&self->ctx_error));
        return FALSE;
      }
    for (guint i = 0; i < issues->len; i++)
      {
        JgIssue *issue = issues->pdata[i];
        if (issue->severity == JG_ISSUE_ERROR)
          {
            Reason r = { issue->field, issue->message, issue->msgid,
                         (const char * const *) issue->args, issue->msgid_args };
            g_array_append_val (reasons, r);
          }
      }

    if (reasons->len > 0)
      {
        ok = put_state (self, feed, in, batch, reviewed_at, 422,
                        (Reason *) reasons->data, reasons->len, buf, error);
        if (ok)
          append_result (out, first, in, 422, (Reason *) reasons->data, reasons->len);
      }
    else
      {
        ok = store_record (self, in, jg_record_get (record, jg_record_kind_number_key (in->kind)),
                           payload->str, batch, now, TRUE, error) &&
             put_state (self, feed, in, batch, reviewed_at, 0, NULL, 0, buf, error);
        if (ok)
          append_result (out, first, in, 0, NULL, 0);
      }
  }
  return ok;
}

static guint
push_batch (JgServerRecords  *self,
            JgServerAccount  *account,
            const char       *body,
            gsize             length,
            GString          *out,
            char            **message,
            GError          **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_auto(JgBatch) parsed = { 0, };
  g_autoptr(GString) payload = g_string_sized_new (4096);
  g_autoptr(GString) buf = g_string_sized_new (1024);
  g_autoptr(GDateTime) now_local = g_date_time_new_now_local ();
  g_autoptr(GDateTime) now_utc = g_date_time_new_now_utc ();
  g_autofree char *today = g_date_time_format (now_local, "%Y-%m-%d");
  g_autofree char *reviewed_at = g_date_time_format (now_utc, "%Y-%m-%dT%H:%M:%SZ");
  g_autofree char *feed = NULL;
  g_autofree const char **values = NULL;
  g_autoptr(GArray) reasons = g_array_new (FALSE, FALSE, sizeof (Reason));
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_free);
  Scratch scratch = { NULL, };
  JgValidationContext ctx = { 0 };
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  guint max_fields = 0;

  *message = NULL;
  if (body == NULL || length == 0)
    {
      *message = g_strdup ("The body is empty");
      return 400;
    }
  /* json-glib reads (and judges) only what the fast reader is not sure
   * of: see jg-server-batch-parser.h. */
  jg_server_batch_init (&parsed);
  if (!jg_server_batch_parse (body, length, JG_SERVER_MAX_BATCH, &parsed))
    {
      parser = json_parser_new ();
      if (!jg_server_batch_parse_reference (parser, body, length, JG_SERVER_MAX_BATCH,
                                            &parsed, message))
        return 400;
    }

  if (!load_cache (self, error))
    return 500;
  for (guint i = 0; i < N_STMTS; i++)
    if ((self->stmts[i] = jg_server_db_prepare_cached (self->db, stmt_sql[i], error)) == NULL)
      return 500;

  ctx.user_data = self;
  g_strlcpy (ctx.today, today, sizeof ctx.today);
  ctx.code_exists = ctx_code_exists;
  ctx.lookup_item = ctx_lookup_item;
  ctx.impl_belongs = ctx_impl_belongs;
  ctx.lookup_officer = ctx_lookup_officer;
  ctx.number_taken = ctx_number_taken;
  ctx.inspection_exists = ctx_inspection_exists;

  for (guint k = 0; k < JG_RECORD_N_KINDS; k++)
    {
      guint n_fields;
      jg_record_fields (k, &n_fields);
      max_fields = MAX (max_fields, n_fields);
    }
  values = g_new (const char *, max_fields);
  scratch.values = values;
  scratch.reasons = reasons;
  scratch.messages = messages;

  feed = jg_server_records_feed (account->department);

  g_string_append (out, "{\"batch\":");
  jg_json_append_string (out, parsed.name);
  g_string_append (out, ",\"results\":[");

  if (!jg_server_db_exec (self->db, "BEGIN IMMEDIATE", error))
    return 500;
  for (guint i = 0; i < parsed.records->len; i++)
    if (!push_one (self, account, &ctx, feed, parsed.name, reviewed_at, now, &parsed,
                   &g_array_index (parsed.records, Incoming, i), &scratch, out, i == 0,
                   payload, buf, error))
      {
        jg_server_db_exec (self->db, "ROLLBACK", NULL);
        return 500;
      }
  if (!jg_server_db_exec (self->db, "COMMIT", error))
    {
      jg_server_db_exec (self->db, "ROLLBACK", NULL);
      return 500;
    }
  g_string_append (out, "]}");
  return 200;
}

guint
jg_server_records_push (JgServerRecords  *self,
                        JgServerAccount  *account,
                        const char       *body,
                        gsize             length,
                        GString          *out,
                        char            **message,
                        GError          **error)
{
  guint status = push_batch (self, account, body, length, out, message, error);

  /* The statements are borrowed for one batch only. */
  memset (self->stmts, 0, sizeof self->stmts);
  return status;
}
