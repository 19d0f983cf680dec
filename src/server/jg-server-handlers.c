/* jg-server-handlers.c — the routes of PROTOCOL.md
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "jg-server-private.h"
#include "jg-server-coverage.h"
#include "jg-server-workstations.h"

#include <string.h>

#define PROTOCOL_VERSION 1
#define RECORDS_FEED "records"
/* First sizes of the answers' buffers: a full page of changes, a batch's
 * results. They grow if needed. */
#define PAGE_BUFFER_BYTES (1024 * 1024)
#define BATCH_ANSWER_BYTES (64 * 1024)
#define ROLE_ADMIN "admin"
#define METHODS_GET "GET, HEAD"
#define METHODS_POST "POST"

static void
answer_info (JgServer          *self,
             SoupServerMessage *msg,
             gboolean           honour_etag)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;
  const char * const *feeds = jg_server_db_get_feeds ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "server");
  json_builder_add_string_value (builder, "jianguan-server");
  json_builder_set_member_name (builder, "protocol");
  json_builder_add_int_value (builder, PROTOCOL_VERSION);
  json_builder_set_member_name (builder, "version");
  json_builder_add_string_value (builder, PACKAGE_VERSION);
  json_builder_set_member_name (builder, "feeds");
  json_builder_begin_array (builder);
  for (guint i = 0; feeds[i] != NULL; i++)
    json_builder_add_string_value (builder, feeds[i]);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  node = json_builder_get_root (builder);
  jg_server_reply_node (msg, SOUP_STATUS_OK, node);
}

/* The changes feeds' entity tag: a page is the same as long as its feed's
 * latest seq is. */
static char *
changes_etag (const char *feed,
              gint64      since,
              gint64      latest,
              gint64      limit)
{
  return g_strdup_printf ("\"%s-%" G_GINT64_FORMAT "-%" G_GINT64_FORMAT
                          "-%" G_GINT64_FORMAT "\"", feed, since, latest, limit);
}

/* The query parameter @name as an integer in [min, max], or its default
 * when absent; FALSE after answering 400. */
static gboolean
query_uint (SoupServerMessage *msg,
            GHashTable        *params,
            const char        *name,
            gint64             min,
            gint64             max,
            const char        *expected,
            gint64            *value)
{
  const char *text = params != NULL ? g_hash_table_lookup (params, name) : NULL;
  g_autofree char *shown = NULL;

  if (text == NULL || jg_server_parse_uint (text, min, max, value))
    return TRUE;
  shown = jg_server_clip (text);
  jg_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "bad-request",
                         "Invalid \"%s\": expected %s, got \"%s\"", name, expected, shown);
  return FALSE;
}

void
jg_server_answer_changes (JgServer          *self,
                          SoupServerMessage *msg,
                          const char        *feed,
                          const char        *db_feed,
                          gboolean           honour_etag)
{
  SoupMessageHeaders *response_headers = soup_server_message_get_response_headers (msg);
  const char *query = g_uri_get_query (soup_server_message_get_uri (msg));
  g_autoptr(GHashTable) params = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) body = NULL;
  g_autoptr(GString) changes = NULL;
  g_autofree char *etag = NULL;
  JgServerPage page;
  gint64 since = 0;
  gint64 limit = JG_PROTOCOL_DEFAULT_PAGE_SIZE;
  gsize length;

  params = query != NULL ? soup_form_decode (query) : NULL;
  if (!query_uint (msg, params, "since", 0, G_MAXINT64, "a non-negative integer", &since) ||
      !query_uint (msg, params, "limit", 1, JG_PROTOCOL_MAX_PAGE_SIZE,
                   "an integer from 1 to " G_STRINGIFY (JG_PROTOCOL_MAX_PAGE_SIZE), &limit))
    return;

  /* Cheap check first: a 304 costs one index lookup. */
  if (honour_etag)
    {
      const char *inm = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                      "If-None-Match");
      gint64 latest;

      if (inm != NULL)
        {
          if (!jg_server_db_get_latest (self->db, db_feed, &latest, &error))
            {
              jg_server_reply_server_error (msg, error);
              return;
            }
          etag = changes_etag (feed, since, latest, limit);
          if (jg_server_etag_matches (inm, etag))
            {
              soup_server_message_set_status (msg, SOUP_STATUS_NOT_MODIFIED, NULL);
              soup_message_headers_replace (response_headers, "ETag", etag);
              soup_message_headers_replace (response_headers, "Cache-Control", "no-cache");
              return;
            }
          g_clear_pointer (&etag, g_free);
        }
    }

  /* The envelope is written by hand around the stored entity texts: they
   * are already compact JSON, and parsing and re-serialising 2,000 of them
   * per page through json-glib would cost more than the whole query. The
   * strings we add (feed, type, key) go through
   * jg_json_append_string(). cursor, latest and more are known
   * only after the query, so the changes go to their own buffer first. */
  changes = g_string_sized_new (PAGE_BUFFER_BYTES);
  if (!jg_server_db_read_changes (self->db, db_feed, since, (guint) limit,
                                  changes, &page, &error))
    {
      jg_server_reply_server_error (msg, error);
      return;
    }

  body = g_string_sized_new (changes->len + 256);
  g_string_append (body, "{\"feed\":");
  jg_json_append_string (body, feed);
  g_string_append_printf (body,
                          ",\"since\":%" G_GINT64_FORMAT
                          ",\"cursor\":%" G_GINT64_FORMAT
                          ",\"latest\":%" G_GINT64_FORMAT
                          ",\"more\":%s,\"changes\":[",
                          since, page.cursor, page.latest,
                          page.more ? "true" : "false");
  g_string_append_len (body, changes->str, changes->len);
  g_string_append (body, "]}");

  etag = changes_etag (feed, since, page.latest, limit);
  soup_message_headers_replace (response_headers, "ETag", etag);

  length = body->len;
  jg_server_reply_json (msg, SOUP_STATUS_OK, g_string_free (g_steal_pointer (&body), FALSE),
                        length);
}

gboolean
jg_server_token_account (JgServer          *self,
                         SoupServerMessage *msg,
                         JgServerAccount  **account)
{
  g_autoptr(GError) error = NULL;
  const char *token = jg_server_bearer_token (msg);

  *account = NULL;
  if (token == NULL)
    {
      jg_server_reply_unauthorized (msg, "This request needs one \"Authorization: Bearer <token>\" "
                                    "header; sign in at /api/v1/login");
      return FALSE;
    }
  if (!jg_server_db_authenticate (self->db, token, account, &error))
    {
      jg_server_reply_server_error (msg, error);
      return FALSE;
    }
  if (*account == NULL)
    {
      jg_server_reply_unauthorized (msg, "The token is unknown, expired or revoked; sign in again");
      return FALSE;
    }
  return TRUE;
}

JgServerAccount *
jg_server_authenticate (JgServer          *self,
                        SoupServerMessage *msg)
{
  /* The early handler has checked the token of a request with a body. */
  JgServerAccount *account = jg_server_limits_take_account (msg);

  if (account == NULL && !jg_server_token_account (self, msg, &account))
    return NULL;
  if (self->fault == JG_SERVER_FAULT_EXPIRE_TOKENS && jg_server_fault_counts (self))
    {
      jg_server_account_free (account);
      jg_server_reply_unauthorized (msg, "The token has expired (--fault expire-tokens); sign in again");
      return NULL;
    }
  return account;
}

static void
answer_logout (JgServer          *self,
               SoupServerMessage *msg,
               gboolean           honour_etag)
{
  g_autoptr(JgServerAccount) account = jg_server_authenticate (self, msg);
  g_autoptr(GError) error = NULL;

  if (account == NULL)
    return;
  if (!jg_server_db_revoke_token (self->db, jg_server_bearer_token (msg), &error))
    {
      jg_server_reply_server_error (msg, error);
      return;
    }
  /* The audit of jg-server-login.c; never the token. */
  g_printerr ("LOGOUT user=%s\n", account->username);
  soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
}

static void
answer_records (JgServer          *self,
                SoupServerMessage *msg,
                gboolean           honour_etag)
{
  g_autoptr(JgServerAccount) account = jg_server_authenticate (self, msg);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *message = NULL;
  GString *out;
  gsize length;
  const char *data;
  guint status;

  if (account == NULL)
    return;
  if (strcmp (account->role, ROLE_ADMIN) != 0)
    {
      jg_server_log ("FORBIDDEN user=%s department=%s wanted=push-records (role %s)",
                     account->username, account->department, account->role);
      jg_server_reply_error (msg, SOUP_STATUS_FORBIDDEN, "forbidden",
                             "Only an admin account may push records");
      return;
    }

  bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  data = g_bytes_get_data (bytes, &length);
  out = g_string_sized_new (BATCH_ANSWER_BYTES);
  status = jg_server_records_push (self->records, account, data, length, out,
                                   &message, &error);
  if (status == SOUP_STATUS_OK)
    {
      length = out->len;
      jg_server_reply_json (msg, SOUP_STATUS_OK, g_string_free (out, FALSE), length);
      return;
    }
  g_string_free (out, TRUE);
  if (status == SOUP_STATUS_BAD_REQUEST)
    jg_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "bad-request", "%s", message);
  else
    jg_server_reply_server_error (msg, error);
}

void
jg_server_answer_department_feed (JgServer          *self,
                                  SoupServerMessage *msg,
                                  const char        *feed,
                                  char            *(*db_feed_of) (const char *department),
                                  gboolean           honour_etag)
{
  g_autoptr(JgServerAccount) account = jg_server_authenticate (self, msg);
  g_autofree char *db_feed = NULL;

  if (account == NULL)
    return;
  db_feed = db_feed_of (account->department);
  jg_server_answer_changes (self, msg, feed, db_feed, honour_etag);
}

static void
answer_record_states (JgServer          *self,
                      SoupServerMessage *msg,
                      gboolean           honour_etag)
{
  jg_server_answer_department_feed (self, msg, RECORDS_FEED, jg_server_records_feed, honour_etag);
}

/* PROTOCOL.md, "Workstations": any account may register the installation
 * it works on, for its own department. */
static void
answer_workstations (JgServer          *self,
                     SoupServerMessage *msg,
                     gboolean           honour_etag)
{
  g_autoptr(JgServerAccount) account = jg_server_authenticate (self, msg);
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  g_autofree char *canonical = NULL;
  const char *installation;
  JsonObject *o;

  if (account == NULL)
    return;
  parser = json_parser_new ();
  if (!jg_server_request_object (msg, parser, &o))
    return;
  installation = jg_server_string_member (o, "installation");
  if (!jg_server_installation_is_valid (installation))
    {
      jg_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "bad-request",
                             "The body must be a JSON object whose \"installation\" is 1-64 "
                             "characters of A-Z, a-z, 0-9 and -");
      return;
    }
  /* A UUID is one installation however it is spelt (PROTOCOL.md,
   * "Limits"). */
  if (g_uuid_string_is_valid (installation))
    installation = canonical = g_ascii_strdown (installation, -1);
  if (!jg_server_db_register_workstation (self->db, account->department, installation,
                                          account->username, &code, &error))
    {
      jg_server_reply_server_error (msg, error);
      return;
    }

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "installation");
  json_builder_add_string_value (builder, installation);
  json_builder_set_member_name (builder, "department");
  json_builder_add_string_value (builder, account->department);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, code);
  json_builder_end_object (builder);
  node = json_builder_get_root (builder);
  jg_server_reply_node (msg, SOUP_STATUS_OK, node);
}

/* Every path but the catalogue feeds'. @honour_etag: whether a GET may
 * be answered 304. */
typedef void (*Handler) (JgServer          *self,
                         SoupServerMessage *msg,
                         gboolean           honour_etag);

static const struct {
  const char *path;
  const char *methods;    /* for jg_server_method_allowed() */
  Handler     handler;
} routes[] = {
  { "/api/v1/info", METHODS_GET, answer_info },
  { JG_SERVER_LOGIN_PATH, METHODS_POST, jg_server_answer_login },
  { "/api/v1/logout", METHODS_POST, answer_logout },
  { JG_SERVER_RECORDS_PATH, METHODS_POST, answer_records },
  { "/api/v1/workstations", METHODS_POST, answer_workstations },
  { JG_SERVER_CHANGES_PREFIX RECORDS_FEED, METHODS_GET, answer_record_states },
  { "/api/v1/coverage", METHODS_GET, jg_server_answer_coverage },
  { "/api/v1/city/departments", METHODS_GET, jg_server_answer_city_departments },
};

gint64
jg_server_now (JgServer *self)
{
  if (self->fixed_now > 0)
    return self->fixed_now;
  return g_get_real_time () / G_USEC_PER_SEC;
}

void
jg_server_answer (JgServer          *self,
                  SoupServerMessage *msg,
                  gboolean           honour_etag)
{
  const char *path = g_uri_get_path (soup_server_message_get_uri (msg));
  g_autofree char *shown = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    if (strcmp (path, routes[i].path) == 0)
      {
        if (jg_server_method_allowed (msg, routes[i].methods))
          routes[i].handler (self, msg, honour_etag);
        return;
      }

  if (jg_server_answer_posts (self, msg, path, honour_etag))
    return;

  if (g_str_has_prefix (path, JG_SERVER_CHANGES_PREFIX))
    {
      const char *feed = path + strlen (JG_SERVER_CHANGES_PREFIX);

      if (jg_server_db_is_feed (feed))
        {
          if (jg_server_method_allowed (msg, METHODS_GET))
            jg_server_answer_changes (self, msg, feed, feed, honour_etag);
          return;
        }
      shown = jg_server_clip (feed);
      jg_server_reply_error (msg, SOUP_STATUS_NOT_FOUND, "not-found", "No such feed: %s", shown);
      return;
    }

  shown = jg_server_clip (path);
  jg_server_reply_error (msg, SOUP_STATUS_NOT_FOUND, "not-found", "No such path: %s", shown);
}
