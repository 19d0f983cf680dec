/* jg-records-feed.c — the record-state feed (PROTOCOL.md, "Record states")
 *
 * How the server stands on each record, so that a client that lost an
 * answer learns it on the next pull. Read by the one feed reader; each
 * state is checked here and applied by the record store.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "jg-feed-reader.h"
#include "jg-outbox-private.h"
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
  gsize length;
  JsonNode *root;

  if (g_strcmp0 (jg_change_get_op (change), "put") != 0 || !jg_change_has_data (change))
    return TRUE;
  data = jg_change_get_data_json (change, &length);
  if (!json_parser_load_from_data (state->parser, data, length, &parse_error))
    return jg_http_set_malformed (JG_HTTP_FOR_RECORDS, parse_error->message, error);
  root = json_parser_get_root (state->parser);
  return apply_state (state->run, json_node_get_object (root), error);
}

/* All pages in one transaction; the cursor moves only at the end. */
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

