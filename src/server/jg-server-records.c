/* jg-server-records.c — applying a batch of pushed records
 *
 * The catalogue lookups of the rules are in jg-server-records-context.c,
 * the answer and the states in jg-server-records-state.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "jg-server-records-private.h"

#include <glib/gi18n-lib.h>
#include <string.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "jg-record-private.h"
#include "jg-record-schema.h"

#define STORE_FAILED "Could not store a record"
/* How much of an unknown member's name a reason repeats. */
#define MAX_SHOWN_KEY 64
/* Pushes write in large transactions: checkpoint the WAL every this many
 * pages rather than SQLite's 1000. */
#define WAL_AUTOCHECKPOINT_PAGES "16384"

typedef JgBatchRecord Incoming;

static const char *const stmt_sql[N_STMTS] = {
  [STMT_READ_HEAD] =
    "SELECT revision, op, department, number FROM record WHERE uuid = ?1",
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

JgServerRecords *
jg_server_records_new (JgServerDb *db)
{
  JgServerRecords *self = g_new0 (JgServerRecords, 1);

  self->db = g_object_ref (db);
  jg_server_db_exec (self->db, "PRAGMA wal_autocheckpoint = " WAL_AUTOCHECKPOINT_PAGES, NULL);
  return self;
}

void
jg_server_records_free (JgServerRecords *self)
{
  if (self == NULL)
    return;
  jg_server_records_clear_cache (self);
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
/* Parsing a batch                                                     */

#define MAX_HINTS 64

/* Per batch: what push_one() reuses from one record to the next. */
typedef struct {
  const char **values;    /* by schema index, for the largest kind */
  /* The schema index + 1 of the field named by the j-th member of the last
   * record of each kind: a client writes every record's fields in the same
   * order, so a strcmp() usually replaces a hash lookup. */
  guint8       hints[JG_RECORD_N_KINDS][MAX_HINTS];
  GArray      *reasons;   /* JgServerReason */
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

/* Both record tables have the columns (uuid, revision, department, kind,
 * op, <column 6>, batch, received); @sixth is NULL for SQL NULL. */
static gboolean
store_row (JgServerRecords  *self,
           sqlite3_stmt     *stmt,
           Incoming         *in,
           const char       *sixth,
           const char       *batch,
           gint64            now,
           GError          **error)
{
  char op[2] = { in->op, 0 };

  sqlite3_bind_text (stmt, 1, in->uuid, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, in->revision);
  sqlite3_bind_text (stmt, 3, in->department, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, jg_record_kind_to_string (in->kind), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, op, 1, SQLITE_STATIC);
  if (sixth != NULL)
    sqlite3_bind_text (stmt, 6, sixth, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, 6);
  sqlite3_bind_text (stmt, 7, batch, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 8, now);
  return jg_server_db_step_done (self->db, stmt, STORE_FAILED, error);
}

/* The revision (with its payload) when @with_revision, and the record's
 * newest state (with its number). */
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
  return (!with_revision ||
          store_row (self, self->stmts[STMT_INSERT_REVISION], in, payload, batch, now, error)) &&
         store_row (self, self->stmts[STMT_REPLACE_RECORD], in, number, batch, now, error);
}

typedef struct {
  gboolean found;
  gint64 revision;
  char op;
  char *department;
  char *number;
} Head;

static void
head_clear (Head *head)
{
  g_clear_pointer (&head->department, g_free);
  g_clear_pointer (&head->number, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Head, head_clear)

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
      head->number = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
    }
  return jg_server_db_stepped (self->db, stmt, rc, JG_SERVER_RECORDS_READ_FAILED, error);
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
  return jg_server_db_stepped (self->db, stmt, rc, JG_SERVER_RECORDS_READ_FAILED, error);
}

/* The stored form of a deletion of a record of @kind. */
static void
deleted_payload (JgRecordKind  kind,
                 GString      *payload)
{
  g_string_assign (payload, "{\"kind\":");
  jg_json_append_string (payload, jg_record_kind_to_string (kind));
  g_string_append (payload, ",\"deleted\":true}");
}

/* What the server holds of a record whose newest revision is @head (found),
 * for the feed; @payload receives the text @held points at. FALSE without
 * an error when it holds no payload for it. */
static gboolean
read_held (JgServerRecords  *self,
           const char       *uuid,
           JgRecordKind      kind,
           const Head       *head,
           GString          *payload,
           JgServerHeld     *held,
           gboolean         *found,
           GError          **error)
{
  g_autofree char *text = NULL;

  *found = FALSE;
  if (head->op == 'd')
    deleted_payload (kind, payload);
  else
    {
      if (!read_revision (self, uuid, head->revision, &text, error))
        return FALSE;
      if (text == NULL)
        return TRUE;
      g_string_assign (payload, text);
    }
  held->revision = head->revision;
  held->op = head->op;
  held->number = head->op == 'd' ? NULL : head->number;
  held->payload = payload->str;
  *found = TRUE;
  return TRUE;
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

/* 409 for a revision older than the one held. @text (24 bytes) receives
 * the held revision, and @args, whose first element points at @text, is
 * the template's argument list. */
static void
newer_revision (JgServerReason             *reason,
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

/* Appends the result of @in with at most one reason; TRUE, for
 * push_one() to return. */
static gboolean
decided (GString              *out,
         gboolean              first,
         Incoming             *in,
         guint                 code,
         const JgServerReason *reason)
{
  jg_server_records_append_result (out, first, in, code, reason, reason != NULL ? 1 : 0);
  return TRUE;
}

/* Decides on one record inside the batch's transaction. */
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
  g_auto(Head) head = { 0, };
  JgServerHeld keep;
  JgServerReason reason = { NULL, NULL, NULL, NULL, 0 };
  char revision_text[24];
  const char *revision_args[] = { revision_text, NULL };
  gboolean ok = TRUE;
  guint unknown;

  if (strcmp (in->department, account->department) != 0)
    {
      jg_server_account_log_forbidden (account, in->department);
      reason.message = reason.msgid = N_("The record belongs to another department");
      return decided (out, first, in, JG_SERVER_RECORD_FORBIDDEN, &reason);
    }

  if (!read_head (self, in->uuid, &head, error))
    return FALSE;
  if (head.found && g_strcmp0 (head.department, account->department) != 0)
    {
      jg_server_account_log_forbidden (account, head.department);
      reason.message = reason.msgid = N_("A record with this uuid belongs to another department");
      return decided (out, first, in, JG_SERVER_RECORD_FORBIDDEN, &reason);
    }

  if (in->op == 'd')
    {
      deleted_payload (in->kind, payload);
      if (head.found && head.op == 'd')
        {
          return decided (out, first, in, JG_SERVER_RECORD_ACCEPTED, NULL);   /* already deleted */
        }
      if (head.found && in->revision < head.revision)
        {
          newer_revision (&reason, head.revision, revision_text, revision_args, &msg);
          return decided (out, first, in, JG_SERVER_RECORD_CONFLICT, &reason);
        }
      /* A delete may carry the revision it deletes or a later one. */
      keep = (JgServerHeld) { in->revision, 'd', NULL, payload->str };
      if (!store_record (self, in, NULL, payload->str, batch, now,
                         !head.found || in->revision > head.revision, error) ||
          !jg_server_records_put_state (self, feed, in, batch, reviewed_at,
                                        JG_SERVER_RECORD_ACCEPTED, NULL, 0, &keep, buf, error))
        return FALSE;
      return decided (out, first, in, JG_SERVER_RECORD_ACCEPTED, NULL);
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
        return decided (out, first, in, JG_SERVER_RECORD_ACCEPTED, NULL);
      reason.message = reason.msgid =
        N_("The server already holds this revision with different contents");
      return decided (out, first, in, JG_SERVER_RECORD_CONFLICT, &reason);
    }
  if (head.found && in->revision < head.revision)
    {
      newer_revision (&reason, head.revision, revision_text, revision_args, &msg);
      return decided (out, first, in, JG_SERVER_RECORD_CONFLICT, &reason);
    }
  if (head.found && head.op == 'd')
    {
      reason.message = reason.msgid = N_("The record has been deleted on the server");
      return decided (out, first, in, JG_SERVER_RECORD_CONFLICT, &reason);
    }

  /* Numbers are unique per department and kind: a second record with the
   * number of one the server holds is a conflict, not a mistake in the
   * record itself (PROTOCOL.md, "Workstations"). */
  {
    int n = jg_record_field_index (in->kind, jg_record_kind_number_key (in->kind));
    const char *number = n >= 0 ? scratch->values[n] : NULL;

    if (number != NULL && number[0] != '\0' &&
        jg_server_records_number_taken (self, in->kind, in->department, number, in->uuid))
      {
        const char *number_args[] = { number, NULL };

        reason.field = jg_record_kind_number_key (in->kind);
        /* The validator's own sentence for a number taken: the client
         * has it in its language, and says the same of a local clash. */
        reason.msgid = N_("Another record of this department already has the number “%s”. Give this record a number of its own.");
        msg = g_strdup_printf (reason.msgid, number);
        reason.message = msg;
        reason.args = number_args;
        return decided (out, first, in, JG_SERVER_RECORD_CONFLICT, &reason);
      }
    if (self->ctx_error != NULL)
      {
        g_propagate_error (error, g_steal_pointer (&self->ctx_error));
        return FALSE;
      }
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
            char *key = g_strndup (f->key, MAX_SHOWN_KEY);
            const char **args = g_new0 (const char *, 3);
            char *m = g_strdup_printf (unknown_msgid, key, jg_record_kind_to_string (in->kind));
            JgServerReason r = { f->key, m, unknown_msgid, args, 0 };

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
    jg_server_reasons_add_errors (reasons, issues);

    if (reasons->len > 0)
      {
        gboolean has_held = FALSE;
        g_autoptr(GString) held_payload = g_string_new (NULL);

        /* The state replaces the one of the revision the server holds:
         * it carries that revision on. */
        ok = (!head.found ||
              read_held (self, in->uuid, in->kind, &head, held_payload, &keep, &has_held, error)) &&
             jg_server_records_put_state (self, feed, in, batch, reviewed_at,
                                          JG_SERVER_RECORD_INVALID,
                                          (JgServerReason *) reasons->data, reasons->len,
                                          has_held ? &keep : NULL, buf, error);
        if (ok)
          jg_server_records_append_result (out, first, in, JG_SERVER_RECORD_INVALID,
                                           (JgServerReason *) reasons->data, reasons->len);
      }
    else
      {
        const char *number = jg_record_get (record, jg_record_kind_number_key (in->kind));

        keep = (JgServerHeld) { in->revision, in->op, number, payload->str };
        ok = store_record (self, in, number, payload->str, batch, now, TRUE, error) &&
             jg_server_records_put_state (self, feed, in, batch, reviewed_at,
                                          JG_SERVER_RECORD_ACCEPTED, NULL, 0, &keep, buf, error);
        if (ok)
          decided (out, first, in, JG_SERVER_RECORD_ACCEPTED, NULL);
      }
  }
  return ok;
}

/* Upper- and lower-case spellings of a UUID are one record: the server
 * stores, compares and answers the lower-case one (PROTOCOL.md,
 * "Limits"). The spellings it lowers are kept in @owned. */
static void
canonical_uuids (JgBatch   *batch,
                 GPtrArray *owned)
{
  for (guint i = 0; i < batch->records->len; i++)
    {
      JgBatchRecord *in = &g_array_index (batch->records, JgBatchRecord, i);

      for (const char *c = in->uuid; *c != '\0'; c++)
        if (g_ascii_isupper (*c))
          {
            char *lower = g_ascii_strdown (in->uuid, -1);

            g_ptr_array_add (owned, lower);
            in->uuid = lower;
            break;
          }
    }
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
  g_autoptr(GArray) reasons = g_array_new (FALSE, FALSE, sizeof (JgServerReason));
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) lowered = g_ptr_array_new_with_free_func (g_free);
  Scratch scratch = { NULL, };
  JgValidationContext ctx;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  guint max_fields = 0;

  *message = NULL;
  if (body == NULL || length == 0)
    {
      *message = g_strdup ("The body is empty");
      return SOUP_STATUS_BAD_REQUEST;
    }
  /* json-glib reads (and judges) only what the fast reader is not sure
   * of: see jg-server-batch-parser.h. */
  jg_server_batch_init (&parsed);
  if (!jg_server_batch_parse (body, length, JG_PROTOCOL_MAX_BATCH, &parsed))
    {
      parser = json_parser_new ();
      if (!jg_server_batch_parse_reference (parser, body, length, JG_PROTOCOL_MAX_BATCH,
                                            &parsed, message))
        return SOUP_STATUS_BAD_REQUEST;
    }
  canonical_uuids (&parsed, lowered);

  if (!jg_server_records_load_cache (self, error))
    return SOUP_STATUS_INTERNAL_SERVER_ERROR;
  for (guint i = 0; i < N_STMTS; i++)
    if ((self->stmts[i] = jg_server_db_prepare_cached (self->db, stmt_sql[i], error)) == NULL)
      return SOUP_STATUS_INTERNAL_SERVER_ERROR;

  jg_server_records_init_context (self, &ctx, today);

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
    return SOUP_STATUS_INTERNAL_SERVER_ERROR;
  for (guint i = 0; i < parsed.records->len; i++)
    if (!push_one (self, account, &ctx, feed, parsed.name, reviewed_at, now, &parsed,
                   &g_array_index (parsed.records, Incoming, i), &scratch, out, i == 0,
                   payload, buf, error))
      {
        jg_server_db_exec (self->db, "ROLLBACK", NULL);
        return SOUP_STATUS_INTERNAL_SERVER_ERROR;
      }
  if (!jg_server_db_exec (self->db, "COMMIT", error))
    {
      jg_server_db_exec (self->db, "ROLLBACK", NULL);
      return SOUP_STATUS_INTERNAL_SERVER_ERROR;
    }
  g_string_append (out, "]}");
  return SOUP_STATUS_OK;
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
