/* jg-records-feed.c — the record-state feed (PROTOCOL.md, "Record states")
 *
 * How the server stands on each record, so that a client that lost an
 * answer learns it on the next pull, and the revision it holds in full
 * ("Restoring records"), so that a new workstation gets its department's
 * records back and every workstation sees what the others sent. Read by
 * the one feed reader; each entry is checked here and applied by the
 * record store.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "jg-feed-reader.h"
#include "jg-outbox-private.h"
#include "jg-record-private.h"
#include "jg-record-states.h"

/* A state from the feed: checked here, applied by the record store. */
static gboolean
apply_state (JgOutboxRun *run,
             JsonObject  *data,
             GError     **error)
{
  const char *uuid = json_object_get_string_member_with_default (data, "uuid", NULL);
  const char *state = json_object_get_string_member_with_default (data, "state", NULL);
  gint64 revision = json_object_get_int_member_with_default (data, "revision", -1);
  JsonArray *reasons = NULL;
  gboolean applied;

  if (uuid == NULL || state == NULL || revision < 0)
    return jg_http_set_malformed (JG_HTTP_FOR_RECORDS,
                                  _("a record state lacks its uuid, revision or state"), error);
  if (!g_str_equal (state, "accepted") && !g_str_equal (state, "rejected"))
    return TRUE;   /* a state this client does not know: ignored */

  if (json_object_has_member (data, "reasons") &&
      JSON_NODE_HOLDS_ARRAY (json_object_get_member (data, "reasons")))
    reasons = json_object_get_array_member (data, "reasons");
  if (!jg_record_store_apply_state (run->store, uuid, revision, g_str_equal (state, "accepted"),
                                    json_object_get_int_member_with_default (data, "code",
                                                                             JG_RECORD_CODE_INVALID),
                                    reasons, &applied, error))
    return FALSE;
  if (applied)
    run->res->states_applied++;
  return TRUE;
}

/* The record of `held`: NULL (with *@deleted) for a deletion, or with
 * an error when it is not one. */
static JgRecord *
held_record (JsonObject  *held,
             const char  *uuid,
             gboolean    *deleted,
             GError     **error)
{
  const char *kind_text = json_object_get_string_member_with_default (held, "kind", NULL);
  const char *department = json_object_get_string_member_with_default (held, "department", NULL);
  gint64 revision = json_object_get_int_member_with_default (held, "revision", -1);
  g_autoptr(JgRecord) record = NULL;
  JgRecordKind kind;
  JsonObject *fields;
  JsonObjectIter iter;
  const char *key;
  JsonNode *value;

  *deleted = json_object_get_boolean_member_with_default (held, "deleted", FALSE);
  if (kind_text == NULL || !jg_record_kind_from_string (kind_text, &kind) ||
      revision < 1 || revision > G_MAXUINT ||
      (!*deleted && (department == NULL ||
                     !json_object_has_member (held, "fields") ||
                     !JSON_NODE_HOLDS_OBJECT (json_object_get_member (held, "fields")))))
    {
      jg_http_set_malformed (JG_HTTP_FOR_RECORDS,
                             _("a record from the server lacks its kind, revision or fields"), error);
      return NULL;
    }

  record = jg_record_new (kind, department);
  jg_record_set_identity (record, uuid, (guint) revision, JG_RECORD_STATE_ACCEPTED);
  if (*deleted)
    return g_steal_pointer (&record);
  fields = json_object_get_object_member (held, "fields");
  json_object_iter_init (&iter, fields);
  while (json_object_iter_next (&iter, &key, &value))
    /* Fields this version does not know are left out, as in a push. */
    if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING &&
        jg_record_field_index (kind, key) >= 0)
      jg_record_set (record, key, json_node_get_string (value));
  return g_steal_pointer (&record);
}

/* The server's copy of a record, applied by the record store. */
static gboolean
apply_held (JgOutboxRun *run,
            JsonObject  *data,
            const char  *uuid,
            GError     **error)
{
  g_autoptr(JgRecord) record = NULL;
  JgServerCopyOutcome outcome;
  JsonNode *node = json_object_get_member (data, "held");
  gboolean deleted;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;   /* the server holds no revision of it */
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return jg_http_set_malformed (JG_HTTP_FOR_RECORDS,
                                  _("a record from the server lacks its kind, revision or fields"),
                                  error);
  record = held_record (json_node_get_object (node), uuid, &deleted, error);
  if (record == NULL ||
      !jg_record_store_apply_server_copy (run->store, record, deleted, &outcome, error))
    return FALSE;
  switch (outcome)
    {
    case JG_SERVER_COPY_ADDED:
    case JG_SERVER_COPY_UPDATED:
      run->res->restored++;
      break;
    case JG_SERVER_COPY_REMOVED:
      run->res->removed++;
      break;
    case JG_SERVER_COPY_KEPT_LOCAL:
      run->res->kept_local++;
      break;
    case JG_SERVER_COPY_NOTHING:
    default:
      break;
    }
  return TRUE;
}

typedef struct {
  JgOutboxRun *run;
  JsonParser  *parser;    /* one for the whole feed */
} PullState;

static gboolean
on_state_change (const JgChange *change,
                 gpointer        user_data,
                 GError        **error)
{
  PullState *state = user_data;
  g_autoptr(GError) parse_error = NULL;
  const char *data;
  const char *uuid;
  gsize length;
  JsonNode *root;
  JsonObject *object;

  if (g_strcmp0 (jg_change_get_op (change), "put") != 0 || !jg_change_has_data (change))
    return TRUE;
  data = jg_change_get_data_json (change, &length);
  if (!json_parser_load_from_data (state->parser, data, length, &parse_error))
    return jg_http_set_malformed (JG_HTTP_FOR_RECORDS, parse_error->message, error);
  root = json_parser_get_root (state->parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return jg_http_set_malformed (JG_HTTP_FOR_RECORDS,
                                  _("a record state lacks its uuid, revision or state"), error);
  /* The copy first: a local revision the server refused (409) because
   * another workstation's is held must be rebased over it before the
   * state of that other revision could be taken for this one's. */
  object = json_node_get_object (root);
  uuid = json_object_get_string_member_with_default (object, "uuid", NULL);
  if (uuid == NULL)
    return jg_http_set_malformed (JG_HTTP_FOR_RECORDS,
                                  _("a record state lacks its uuid, revision or state"), error);
  return apply_held (state->run, object, uuid, error) &&
         apply_state (state->run, object, error);
}

/* All pages in one transaction; the cursor moves only at the end. From
 * cursor 0 (a new account database, or one written before records were
 * restored) this restores every record of the department. */
gboolean
jg_outbox_pull (JgOutboxRun *run,
                GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  PullState state = { run, parser };
  JgFeedReader reader = {
    .http = run->http,
    .store = run->store,
    .cancellable = run->cancellable,
    .feed = "records",
    .page_size = run->self->engine.page_size,
    .apply = on_state_change,
    .user_data = &state,
  };
  JgFeedResult result;

  if (!jg_store_begin (run->store, error))
    return FALSE;
  if (!jg_feed_reader_run (&reader, &result, error))
    {
      if (result.retry_after > 0)
        run->res->retry_after = result.retry_after;
      jg_store_rollback (run->store);
      return FALSE;
    }
  if (!jg_store_commit (run->store, error))
    {
      jg_store_rollback (run->store);
      return FALSE;
    }
  return TRUE;
}

