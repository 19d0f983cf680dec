/* jg-server-records-state.c — a decision on a pushed record, as sent and as kept
 *
 * The batch's answer and the record's state in the feed "records/<dept>"
 * carry the same reasons, written here by hand (they are on the push's
 * hot path) with jg_json_append_string() for every string.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "jg-server-records-private.h"

#include "jg-record-schema.h"

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

void
jg_server_append_reasons (GString              *out,
                          const JgServerReason *reasons,
                          guint                 n)
{
  g_string_append (out, "\"reasons\":[");
  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append (out, "{\"field\":");
      jg_json_append_string_or_null (out, reasons[i].field);
      g_string_append (out, ",\"message\":");
      jg_json_append_string (out, reasons[i].message);
      jg_issue_append_template_json (out, reasons[i].msgid, reasons[i].args, reasons[i].msgid_args);
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, ']');
}

void
jg_server_reasons_add_errors (GArray    *reasons,
                              GPtrArray *issues)
{
  for (guint i = 0; i < issues->len; i++)
    {
      JgIssue *issue = issues->pdata[i];

      if (issue->severity == JG_ISSUE_ERROR)
        {
          JgServerReason r = { issue->field, issue->message, issue->msgid,
                               (const char * const *) issue->args, issue->msgid_args };
          g_array_append_val (reasons, r);
        }
    }
}

/* The start of a record's object in both: {"uuid":…,"revision":N */
static void
append_identity (GString             *out,
                 const JgBatchRecord *in)
{
  g_string_append (out, "{\"uuid\":");
  jg_json_append_string (out, in->uuid);
  g_string_append (out, ",\"revision\":");
  append_uint (out, in->revision);
}

void
jg_server_records_append_result (GString              *out,
                                 gboolean              first,
                                 const JgBatchRecord  *in,
                                 guint                 code,
                                 const JgServerReason *reasons,
                                 guint                 n_reasons)
{
  if (!first)
    g_string_append_c (out, ',');
  append_identity (out, in);
  if (code == JG_SERVER_RECORD_ACCEPTED)
    g_string_append (out, ",\"status\":\"accepted\"}");
  else
    {
      g_string_append (out, ",\"status\":\"rejected\",\"code\":");
      append_uint (out, code);
      g_string_append_c (out, ',');
      jg_server_append_reasons (out, reasons, n_reasons);
      g_string_append_c (out, '}');
    }
}

gboolean
jg_server_records_put_state (JgServerRecords      *self,
                             const char           *feed,
                             const JgBatchRecord  *in,
                             const char           *batch,
                             const char           *reviewed_at,
                             guint                 code,
                             const JgServerReason *reasons,
                             guint                 n_reasons,
                             const JgServerHeld   *held,
                             GString              *buf,
                             GError              **error)
{
  sqlite3_stmt *stmt = self->stmts[STMT_PUT_STATE];

  g_string_truncate (buf, 0);
  append_identity (buf, in);
  g_string_append (buf, ",\"op\":\"");
  g_string_append_c (buf, in->op);
  g_string_append (buf, "\",\"kind\":\"");
  g_string_append (buf, jg_record_kind_to_string (in->kind));
  g_string_append (buf, code == JG_SERVER_RECORD_ACCEPTED ? "\",\"state\":\"accepted\","
                                  : "\",\"state\":\"rejected\",");
  if (code != JG_SERVER_RECORD_ACCEPTED)
    {
      g_string_append (buf, "\"code\":");
      append_uint (buf, code);
      g_string_append_c (buf, ',');
    }
  jg_server_append_reasons (buf, reasons, n_reasons);
  g_string_append (buf, ",\"reviewed_at\":\"");
  g_string_append (buf, reviewed_at);
  g_string_append (buf, "\",\"batch\":");
  jg_json_append_string (buf, batch);
  if (held != NULL)
    {
      g_string_append (buf, ",\"held\":{\"revision\":");
      append_uint (buf, held->revision);
      g_string_append (buf, ",\"op\":\"");
      g_string_append_c (buf, held->op);
      g_string_append (buf, "\",\"department\":");
      jg_json_append_string (buf, in->department);
      g_string_append (buf, ",\"number\":");
      if (held->number != NULL)
        jg_json_append_string (buf, held->number);
      else
        g_string_append (buf, "null");
      /* The payload's own members follow: {"kind":…,"fields":{…}}. */
      g_string_append_c (buf, ',');
      g_string_append (buf, held->payload + 1);
    }
  g_string_append_c (buf, '}');

  sqlite3_bind_text (stmt, 1, feed, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, in->uuid, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, buf->str, buf->len, SQLITE_STATIC);
  return jg_server_db_step_done (self->db, stmt, "Could not write a record state", error);
}
