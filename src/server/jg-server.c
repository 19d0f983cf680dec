/* jg-server.c — the reference sync server: HTTP front of JgServerDb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "jg-server.h"
#include "jg-server-accounts.h"
#include "jg-server-records.h"

#include <string.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#define PROTOCOL_VERSION 1
#define JSON_CONTENT_TYPE "application/json; charset=utf-8"
#define CHANGES_PREFIX "/api/v1/changes/"
#define DEFAULT_LIMIT 2000
#define MAX_LIMIT 10000
#define RETRY_AFTER_SECONDS "2"
#define RECORDS_PATH "/api/v1/records"
#define RECORDS_FEED "records"
#define DEFAULT_TOKEN_TTL (8 * 3600)

struct _JgServer
{
  GObject parent_instance;

  JgServerDb *db;
  JgServerRecords *records;
  gint64 token_ttl;
  SoupServer *server;
  char *url;
  guint port;
  gboolean https;       /* a certificate was set: listen with TLS */

  JgServerFault fault;
  double fault_rate;
  guint fault_after;
  guint fault_delay_ms;
  GRand *rand;
  guint64 n_eligible;

  GPtrArray *delayed;   /* of Delayed*, answered when their timer fires */
};

G_DEFINE_FINAL_TYPE (JgServer, jg_server, G_TYPE_OBJECT)

gboolean
jg_server_fault_from_string (const char    *str,
                             JgServerFault *fault)
{
  static const struct {
    const char *name;
    JgServerFault fault;
  } names[] = {
    { "none", JG_SERVER_FAULT_NONE },
    { "500", JG_SERVER_FAULT_500 },
    { "truncate", JG_SERVER_FAULT_TRUNCATE },
    { "malformed", JG_SERVER_FAULT_MALFORMED },
    { "delay", JG_SERVER_FAULT_DELAY },
    { "429", JG_SERVER_FAULT_429 },
    { "expire-tokens", JG_SERVER_FAULT_EXPIRE_TOKENS },
  };

  for (guint i = 0; str != NULL && i < G_N_ELEMENTS (names); i++)
    if (strcmp (str, names[i].name) == 0)
      {
        *fault = names[i].fault;
        return TRUE;
      }
  return FALSE;
}

/* ------------------------------------------------------------------ */
/* Request log                                                         */

typedef struct {
  gint64 start;
  char *line;       /* "METHOD PATH?QUERY" */
  gulong handler;
} RequestLog;

static void
request_log_free (gpointer  data,
                  GClosure *closure)
{
  RequestLog *log = data;

  g_free (log->line);
  g_free (log);
}

static void
request_log_print (RequestLog *log,
                   guint       status)
{
  gint64 ms = (g_get_monotonic_time () - log->start) / 1000;

  g_printerr ("%s %u %" G_GINT64_FORMAT "ms\n", log->line, status, ms);
}

static void
on_message_finished (SoupServerMessage *msg,
                     gpointer           user_data)
{
  request_log_print (user_data, soup_server_message_get_status (msg));
}

static RequestLog *
request_log_start (SoupServerMessage *msg)
{
  RequestLog *log = g_new0 (RequestLog, 1);
  GUri *uri = soup_server_message_get_uri (msg);
  const char *query = g_uri_get_query (uri);

  log->start = g_get_monotonic_time ();
  log->line = g_strdup_printf ("%s %s%s%s", soup_server_message_get_method (msg),
                               g_uri_get_path (uri),
                               query != NULL ? "?" : "",
                               query != NULL ? query : "");
  log->handler = g_signal_connect_data (msg, "finished",
                                        G_CALLBACK (on_message_finished),
                                        log, request_log_free, 0);
  return log;
}

/* ------------------------------------------------------------------ */
/* Answers                                                             */

static void
set_json_body (SoupServerMessage *msg,
               guint              status,
               char              *body,    /* taken */
               gsize              length)
{
  /* libsoup has no name for 429. */
  soup_server_message_set_status (msg, status, status == 429 ? "Too Many Requests" : NULL);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Cache-Control", "no-cache");
  soup_server_message_set_response (msg, JSON_CONTENT_TYPE, SOUP_MEMORY_TAKE,
                                    body, length);
}

static void
set_json_node (SoupServerMessage *msg,
               guint              status,
               JsonNode          *node)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  gsize length;
  char *body;

  json_generator_set_root (gen, node);
  body = json_generator_to_data (gen, &length);
  set_json_body (msg, status, body, length);
}

/* The error body of PROTOCOL.md: {"error": WORD, "message": TEXT}. */
static void
set_error (SoupServerMessage *msg,
           guint              status,
           const char        *word,
           const char        *format,
           ...) G_GNUC_PRINTF (4, 5);

static void
set_error (SoupServerMessage *msg,
           guint              status,
           const char        *word,
           const char        *format,
           ...)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *raw = NULL;
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  raw = g_strdup_vprintf (format, args);
  va_end (args);
  /* Parts of the message come from the request: keep the JSON valid. */
  message = g_utf8_make_valid (raw, -1);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_add_string_value (builder, word);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message);
  json_builder_end_object (builder);
  node = json_builder_get_root (builder);
  set_json_node (msg, status, node);
}

/* At most 64 bytes of a request value, for messages. */
static char *
clip (const char *value)
{
  if (strlen (value) <= 64)
    return g_strdup (value);
  return g_strdup_printf ("%.64s…", value);
}

static void
answer_info (SoupServerMessage *msg)
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
  set_json_node (msg, SOUP_STATUS_OK, node);
}

/* A non-negative decimal integer, digits only, within [min, max]. */
static gboolean
parse_uint (const char *str,
            gint64      min,
            gint64      max,
            gint64     *value)
{
  guint64 v = 0;

  if (str == NULL || *str == '\0')
    return FALSE;
  for (const char *p = str; *p != '\0'; p++)
    {
      if (!g_ascii_isdigit (*p))
        return FALSE;
      if (v > (guint64) (G_MAXINT64 - 9) / 10)
        return FALSE;
      v = v * 10 + (guint64) (*p - '0');
    }
  if ((gint64) v < min || (gint64) v > max)
    return FALSE;
  *value = (gint64) v;
  return TRUE;
}

/* RFC 9110 If-None-Match: "*" or a list of (possibly weak) entity tags. */
static gboolean
etag_matches (const char *if_none_match,
              const char *etag)
{
  g_auto(GStrv) tags = NULL;

  if (if_none_match == NULL)
    return FALSE;
  tags = g_strsplit (if_none_match, ",", -1);
  for (guint i = 0; tags[i] != NULL; i++)
    {
      const char *tag = g_strstrip (tags[i]);

      if (g_str_has_prefix (tag, "W/"))
        tag += 2;
      if (strcmp (tag, "*") == 0 || strcmp (tag, etag) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
answer_changes (JgServer          *self,
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
  g_autofree char *feed_json = NULL;
  const char *value;
  JgServerPage page;
  gint64 since = 0;
  gint64 limit = DEFAULT_LIMIT;
  gint64 latest;
  gsize length;

  params = query != NULL ? soup_form_decode (query) : NULL;
  value = params != NULL ? g_hash_table_lookup (params, "since") : NULL;
  if (value != NULL && !parse_uint (value, 0, G_MAXINT64, &since))
    {
      g_autofree char *shown = clip (value);
      set_error (msg, SOUP_STATUS_BAD_REQUEST, "bad-request",
                 "Invalid \"since\": expected a non-negative integer, got \"%s\"",
                 shown);
      return;
    }
  value = params != NULL ? g_hash_table_lookup (params, "limit") : NULL;
  if (value != NULL && !parse_uint (value, 1, MAX_LIMIT, &limit))
    {
      g_autofree char *shown = clip (value);
      set_error (msg, SOUP_STATUS_BAD_REQUEST, "bad-request",
                 "Invalid \"limit\": expected an integer from 1 to %d, got \"%s\"",
                 MAX_LIMIT, shown);
      return;
    }

  /* Cheap check first: a 304 costs one index lookup. */
  if (honour_etag)
    {
      const char *inm = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                      "If-None-Match");
      if (inm != NULL)
        {
          if (!jg_server_db_get_latest (self->db, db_feed, &latest, &error))
            {
              g_warning ("%s", error->message);
              set_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "server-error",
                         "The server's database failed");
              return;
            }
          etag = g_strdup_printf ("\"%s-%" G_GINT64_FORMAT "-%" G_GINT64_FORMAT
                                  "-%" G_GINT64_FORMAT "\"",
                                  feed, since, latest, limit);
          if (etag_matches (inm, etag))
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
  changes = g_string_sized_new (1024 * 1024);
  if (!jg_server_db_read_changes (self->db, db_feed, since, (guint) limit,
                                  changes, &page, &error))
    {
      g_warning ("%s", error->message);
      set_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "server-error",
                 "The server's database failed");
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

  etag = g_strdup_printf ("\"%s-%" G_GINT64_FORMAT "-%" G_GINT64_FORMAT
                          "-%" G_GINT64_FORMAT "\"",
                          feed, since, page.latest, limit);
  soup_message_headers_replace (response_headers, "ETag", etag);

  length = body->len;
  set_json_body (msg, SOUP_STATUS_OK, g_string_free (g_steal_pointer (&body), FALSE),
                 length);
}

static gboolean
method_allowed (SoupServerMessage *msg)
{
  const char *method = soup_server_message_get_method (msg);

  if (strcmp (method, "GET") == 0 || strcmp (method, "HEAD") == 0)
    return TRUE;
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Allow", "GET, HEAD");
  set_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "method-not-allowed",
             "Method %s is not allowed here; use GET", method);
  return FALSE;
}

static gboolean
post_allowed (SoupServerMessage *msg)
{
  const char *method = soup_server_message_get_method (msg);

  if (strcmp (method, "POST") == 0)
    return TRUE;
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Allow", "POST");
  set_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "method-not-allowed",
             "Method %s is not allowed here; use POST", method);
  return FALSE;
}

static void
set_server_error (SoupServerMessage *msg,
                  GError            *error)
{
  g_warning ("%s", error != NULL ? error->message : "unknown error");
  set_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "server-error",
             "The server's database failed");
}

static void
set_unauthorized (SoupServerMessage *msg,
                  const char        *why)
{
  set_error (msg, SOUP_STATUS_UNAUTHORIZED, "unauthorized", "%s", why);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "WWW-Authenticate", "Bearer realm=\"jianguan\"");
}

/* The token of "Authorization: Bearer <token>", or NULL. */
static const char *
bearer_token (SoupServerMessage *msg)
{
  const char *value = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                    "Authorization");

  if (value == NULL || g_ascii_strncasecmp (value, "Bearer ", 7) != 0)
    return NULL;
  value += 7;
  while (*value == ' ')
    value++;
  return *value ? value : NULL;
}

static gboolean fault_counts (JgServer *self);

/* The account of the request's token, or NULL after answering 401 (or
 * 500). */
static JgServerAccount *
authenticate (JgServer          *self,
              SoupServerMessage *msg)
{
  g_autoptr(GError) error = NULL;
  JgServerAccount *account = NULL;
  g_autofree char *token = g_strdup (bearer_token (msg));

  if (token == NULL)
    {
      set_unauthorized (msg, "This request needs \"Authorization: Bearer <token>\"; sign in at /api/v1/login");
      return NULL;
    }
  if (!jg_server_db_authenticate (self->db, token, &account, &error))
    {
      set_server_error (msg, error);
      return NULL;
    }
  if (account == NULL)
    {
      set_unauthorized (msg, "The token is unknown, expired or revoked; sign in again");
      return NULL;
    }
  if (self->fault == JG_SERVER_FAULT_EXPIRE_TOKENS && fault_counts (self))
    {
      jg_server_account_free (account);
      set_unauthorized (msg, "The token has expired (--fault expire-tokens); sign in again");
      return NULL;
    }
  return account;
}

static JsonObject *
request_json_object (SoupServerMessage *msg,
                     JsonParser        *parser)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);
  JsonNode *root;

  if (data == NULL || length == 0 ||
      !json_parser_load_from_data (parser, data, length, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  return json_node_get_object (root);
}

static void
answer_login (JgServer          *self,
              SoupServerMessage *msg)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JgServerAccount) account = NULL;
  g_autofree char *token = NULL;
  g_autofree char *dept_name = NULL;
  JsonObject *o;
  const char *username, *password;

  o = request_json_object (msg, parser);
  username = o != NULL ? json_object_get_string_member_with_default (o, "username", NULL) : NULL;
  password = o != NULL ? json_object_get_string_member_with_default (o, "password", NULL) : NULL;
  if (username == NULL || password == NULL)
    {
      set_error (msg, SOUP_STATUS_BAD_REQUEST, "bad-request",
                 "The body must be a JSON object with the strings \"username\" and \"password\"");
      return;
    }
  if (!jg_server_db_login (self->db, username, password, self->token_ttl,
                           &token, &account, &error))
    {
      set_server_error (msg, error);
      return;
    }
  if (account == NULL)
    {
      set_unauthorized (msg, "Wrong user name or password");
      return;
    }
  dept_name = jg_server_db_department_name (self->db, account->department);

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "token");
  json_builder_add_string_value (builder, token);
  json_builder_set_member_name (builder, "expires");
  json_builder_add_int_value (builder, account->expires);
  json_builder_set_member_name (builder, "username");
  json_builder_add_string_value (builder, account->username);
  json_builder_set_member_name (builder, "department");
  json_builder_add_string_value (builder, account->department);
  json_builder_set_member_name (builder, "department_name");
  json_builder_add_string_value (builder, dept_name != NULL ? dept_name : "");
  json_builder_set_member_name (builder, "role");
  json_builder_add_string_value (builder, account->role);
  json_builder_end_object (builder);
  node = json_builder_get_root (builder);
  set_json_node (msg, SOUP_STATUS_OK, node);
}

static void
answer_logout (JgServer          *self,
               SoupServerMessage *msg)
{
  g_autoptr(JgServerAccount) account = authenticate (self, msg);
  g_autoptr(GError) error = NULL;

  if (account == NULL)
    return;
  if (!jg_server_db_revoke_token (self->db, bearer_token (msg), &error))
    {
      set_server_error (msg, error);
      return;
    }
  soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
}

static void
answer_records (JgServer          *self,
                SoupServerMessage *msg)
{
  g_autoptr(JgServerAccount) account = authenticate (self, msg);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *message = NULL;
  GString *out;
  gsize length;
  const char *data;
  guint status;

  if (account == NULL)
    return;
  if (strcmp (account->role, "admin") != 0)
    {
      g_printerr ("FORBIDDEN user=%s department=%s wanted=push-records (role %s)\n",
                  account->username, account->department, account->role);
      set_error (msg, SOUP_STATUS_FORBIDDEN, "forbidden",
                 "Only an admin account may push records");
      return;
    }

  bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  data = g_bytes_get_data (bytes, &length);
  out = g_string_sized_new (64 * 1024);
  status = jg_server_records_push (self->records, account, data, length, out,
                                   &message, &error);
  if (status == 200)
    {
      length = out->len;
      set_json_body (msg, SOUP_STATUS_OK, g_string_free (out, FALSE), length);
      return;
    }
  g_string_free (out, TRUE);
  if (status == 400)
    set_error (msg, SOUP_STATUS_BAD_REQUEST, "bad-request", "%s", message);
  else
    set_server_error (msg, error);
}

static void
answer_record_states (JgServer          *self,
                      SoupServerMessage *msg,
                      gboolean           honour_etag)
{
  g_autoptr(JgServerAccount) account = authenticate (self, msg);
  g_autofree char *db_feed = NULL;

  if (account == NULL)
    return;
  /* Always the token's department: there is no way to ask for another. */
  db_feed = jg_server_records_feed (account->department);
  answer_changes (self, msg, RECORDS_FEED, db_feed, honour_etag);
}

/* The normal answer to any request. */
static void
answer (JgServer          *self,
        SoupServerMessage *msg,
        gboolean           honour_etag)
{
  const char *path = g_uri_get_path (soup_server_message_get_uri (msg));

  if (strcmp (path, "/api/v1/info") == 0)
    {
      if (method_allowed (msg))
        answer_info (msg);
    }
  else if (strcmp (path, "/api/v1/login") == 0)
    {
      if (post_allowed (msg))
        answer_login (self, msg);
    }
  else if (strcmp (path, "/api/v1/logout") == 0)
    {
      if (post_allowed (msg))
        answer_logout (self, msg);
    }
  else if (strcmp (path, RECORDS_PATH) == 0)
    {
      if (post_allowed (msg))
        answer_records (self, msg);
    }
  else if (strcmp (path, CHANGES_PREFIX RECORDS_FEED) == 0)
    {
      if (method_allowed (msg))
        answer_record_states (self, msg, honour_etag);
    }
  else if (g_str_has_prefix (path, CHANGES_PREFIX))
    {
      const char *feed = path + strlen (CHANGES_PREFIX);

      if (!jg_server_db_is_feed (feed))
        {
          g_autofree char *shown = clip (feed);
          set_error (msg, SOUP_STATUS_NOT_FOUND, "not-found", "No such feed: %s", shown);
        }
      else if (method_allowed (msg))
        answer_changes (self, msg, feed, feed, honour_etag);
    }
  else
    {
      g_autofree char *shown = clip (path);
      set_error (msg, SOUP_STATUS_NOT_FOUND, "not-found", "No such path: %s", shown);
    }
}

/* ------------------------------------------------------------------ */
/* Faults                                                              */

/* Counts one eligible request; TRUE if it is to be faulted. */
static gboolean
fault_counts (JgServer *self)
{
  self->n_eligible++;
  if (self->n_eligible <= self->fault_after)
    return FALSE;
  return g_rand_double (self->rand) < self->fault_rate;
}

static gboolean
fault_fires (JgServer          *self,
             SoupServerMessage *msg)
{
  const char *path = g_uri_get_path (soup_server_message_get_uri (msg));

  /* expire-tokens strikes in authenticate(). */
  if (self->fault == JG_SERVER_FAULT_NONE || self->fault == JG_SERVER_FAULT_EXPIRE_TOKENS)
    return FALSE;
  if (!g_str_has_prefix (path, CHANGES_PREFIX) && strcmp (path, RECORDS_PATH) != 0)
    return FALSE;
  return fault_counts (self);
}

typedef struct {
  JgServer *self;           /* unowned: the server outlives its timers */
  SoupServerMessage *msg;   /* owned */
  guint source_id;
  gulong disconnected_id;
  gboolean disconnected;
} Delayed;

static void
delayed_free (gpointer data)
{
  Delayed *d = data;

  if (d->source_id != 0)
    g_source_remove (d->source_id);
  g_signal_handler_disconnect (d->msg, d->disconnected_id);
  g_object_unref (d->msg);
  g_free (d);
}

static void
on_delayed_disconnected (SoupServerMessage *msg,
                         gpointer           user_data)
{
  Delayed *d = user_data;

  d->disconnected = TRUE;
}

static gboolean
on_delay_elapsed (gpointer user_data)
{
  Delayed *d = user_data;
  JgServer *self = d->self;

  d->source_id = 0;
  if (!d->disconnected)
    {
      answer (self, d->msg, TRUE);
      soup_server_message_unpause (d->msg);
    }
  g_ptr_array_remove_fast (self->delayed, d);
  return G_SOURCE_REMOVE;
}

static void
fault_delay (JgServer          *self,
             SoupServerMessage *msg)
{
  Delayed *d = g_new0 (Delayed, 1);

  d->self = self;
  d->msg = g_object_ref (msg);
  d->disconnected_id = g_signal_connect (msg, "disconnected",
                                         G_CALLBACK (on_delayed_disconnected), d);
  soup_server_message_pause (msg);
  d->source_id = g_timeout_add (self->fault_delay_ms, on_delay_elapsed, d);
  g_ptr_array_add (self->delayed, d);
}

/* Cuts the (already built) response body in half: a 200 with invalid JSON. */
static void
fault_malformed (SoupServerMessage *msg)
{
  SoupMessageBody *body = soup_server_message_get_response_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  gsize length = g_bytes_get_size (bytes);

  /* Keeps the status, headers and content type already set. */
  soup_message_body_truncate (body);
  if (length < 2)
    soup_message_body_append (body, SOUP_MEMORY_STATIC, "{", 1);
  else
    soup_message_body_append (body, SOUP_MEMORY_COPY,
                              g_bytes_get_data (bytes, NULL), length / 2);
}

typedef struct {
  GIOStream *stream;
  GBytes *data;
} RawWrite;

static void
on_raw_closed (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_io_stream_close_finish (G_IO_STREAM (source), result, NULL);
}

static void
on_raw_written (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  RawWrite *w = user_data;

  g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, NULL);
  g_io_stream_close_async (w->stream, G_PRIORITY_DEFAULT, NULL, on_raw_closed, NULL);
  g_object_unref (w->stream);
  g_bytes_unref (w->data);
  g_free (w);
}

/* Sends the status line and headers of the (already built) response with
 * its full Content-Length, then half the body, then closes the
 * connection: what a dropped link looks like to the client. */
static void
fault_truncate (SoupServerMessage *msg,
                RequestLog        *log)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_response_body (msg));
  gsize length = g_bytes_get_size (body);
  guint status = soup_server_message_get_status (msg);
  SoupMessageHeadersIter iter;
  const char *name, *value;
  GString *raw = g_string_new (NULL);
  GIOStream *stream;
  RawWrite *w;

  g_string_append_printf (raw, "HTTP/1.1 %u %s\r\n", status, soup_status_get_phrase (status));
  soup_message_headers_iter_init (&iter, headers);
  while (soup_message_headers_iter_next (&iter, &name, &value))
    if (g_ascii_strcasecmp (name, "Content-Length") != 0 &&
        g_ascii_strcasecmp (name, "Connection") != 0 &&
        g_ascii_strcasecmp (name, "Transfer-Encoding") != 0)
      g_string_append_printf (raw, "%s: %s\r\n", name, value);
  /* No "Connection: close": with it, libsoup 3.2 clients take the early
   * EOF for the end of the body instead of reporting a broken transfer. */
  g_string_append_printf (raw, "Content-Length: %" G_GSIZE_FORMAT "\r\n\r\n",
                          length);
  g_string_append_len (raw, g_bytes_get_data (body, NULL), length / 2);

  /* Log now: the message never finishes once its connection is stolen.
   * (Disconnecting frees @log.) */
  request_log_print (log, status);
  g_signal_handler_disconnect (msg, log->handler);

  stream = soup_server_message_steal_connection (msg);
  if (stream == NULL)
    {
      g_string_free (raw, TRUE);
      return;
    }
  w = g_new0 (RawWrite, 1);
  w->stream = stream;
  w->data = g_string_free_to_bytes (raw);
  g_output_stream_write_all_async (g_io_stream_get_output_stream (stream),
                                   g_bytes_get_data (w->data, NULL),
                                   g_bytes_get_size (w->data),
                                   G_PRIORITY_DEFAULT, NULL, on_raw_written, w);
}

static void
server_callback (SoupServer        *server,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  JgServer *self = user_data;
  RequestLog *log = request_log_start (msg);

  if (!fault_fires (self, msg))
    {
      answer (self, msg, TRUE);
      return;
    }

  switch (self->fault)
    {
    case JG_SERVER_FAULT_500:
      set_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "server-error",
                 "Injected fault (--fault 500)");
      break;
    case JG_SERVER_FAULT_429:
      set_error (msg, 429 /* Too Many Requests, not in SoupStatus */, "too-many-requests",
                 "Injected fault (--fault 429): try again later");
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Retry-After", RETRY_AFTER_SECONDS);
      break;
    case JG_SERVER_FAULT_MALFORMED:
      answer (self, msg, FALSE);
      fault_malformed (msg);
      break;
    case JG_SERVER_FAULT_TRUNCATE:
      answer (self, msg, FALSE);
      fault_truncate (msg, log);
      break;
    case JG_SERVER_FAULT_DELAY:
      fault_delay (self, msg);
      break;
    case JG_SERVER_FAULT_NONE:
    case JG_SERVER_FAULT_EXPIRE_TOKENS:
    default:
      answer (self, msg, TRUE);
      break;
    }
}

/* ------------------------------------------------------------------ */

static void
jg_server_dispose (GObject *object)
{
  JgServer *self = JG_SERVER (object);

  if (self->delayed != NULL)
    g_ptr_array_set_size (self->delayed, 0);
  if (self->server != NULL)
    soup_server_disconnect (self->server);
  g_clear_object (&self->server);
  g_clear_pointer (&self->records, jg_server_records_free);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (jg_server_parent_class)->dispose (object);
}

static void
jg_server_finalize (GObject *object)
{
  JgServer *self = JG_SERVER (object);

  g_clear_pointer (&self->delayed, g_ptr_array_unref);
  g_clear_pointer (&self->rand, g_rand_free);
  g_free (self->url);

  G_OBJECT_CLASS (jg_server_parent_class)->finalize (object);
}

static void
jg_server_class_init (JgServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = jg_server_dispose;
  object_class->finalize = jg_server_finalize;
}

static void
jg_server_init (JgServer *self)
{
  self->fault = JG_SERVER_FAULT_NONE;
  self->fault_rate = 1.0;
  self->fault_delay_ms = 2000;
  self->token_ttl = DEFAULT_TOKEN_TTL;
  self->rand = g_rand_new_with_seed (1);
  self->delayed = g_ptr_array_new_with_free_func (delayed_free);
}

JgServer *
jg_server_new (JgServerDb *db)
{
  JgServer *self;

  g_return_val_if_fail (JG_IS_SERVER_DB (db), NULL);

  self = g_object_new (JG_TYPE_SERVER, NULL);
  self->db = g_object_ref (db);
  self->records = jg_server_records_new (db);
  self->server = soup_server_new ("server-header", "jianguan-server/" PACKAGE_VERSION " ",
                                  NULL);
  /* NULL path: the default handler, so every request (404s included) is
   * answered and logged here. */
  soup_server_add_handler (self->server, NULL, server_callback, self, NULL);
  return self;
}

void
jg_server_set_fault (JgServer      *self,
                     JgServerFault  fault,
                     double         rate,
                     guint32        seed,
                     guint          after,
                     guint          delay_ms)
{
  g_return_if_fail (JG_IS_SERVER (self));

  self->fault = fault;
  self->fault_rate = CLAMP (rate, 0.0, 1.0);
  self->fault_after = after;
  self->fault_delay_ms = delay_ms;
  self->n_eligible = 0;
  g_rand_set_seed (self->rand, seed);
}

void
jg_server_set_token_ttl (JgServer *self,
                         gint64    seconds)
{
  g_return_if_fail (JG_IS_SERVER (self));
  self->token_ttl = MAX (seconds, 1);
}

gboolean
jg_server_set_tls (JgServer    *self,
                   const char  *cert_file,
                   const char  *key_file,
                   GError     **error)
{
  g_autoptr(GTlsCertificate) certificate = NULL;

  g_return_val_if_fail (JG_IS_SERVER (self), FALSE);

  certificate = g_tls_certificate_new_from_files (cert_file, key_file, error);
  if (certificate == NULL)
    return FALSE;
  soup_server_set_tls_certificate (self->server, certificate);
  self->https = TRUE;
  return TRUE;
}

gboolean
jg_server_listen (JgServer    *self,
                  const char  *address,
                  guint        port,
                  GError     **error)
{
  g_autoptr(GInetAddress) inet = NULL;
  g_autoptr(GSocketAddress) sockaddr = NULL;
  g_autofree char *host = NULL;
  GSList *uris;

  g_return_val_if_fail (JG_IS_SERVER (self), FALSE);
  g_return_val_if_fail (port <= 65535, FALSE);

  if (address == NULL || g_ascii_strcasecmp (address, "localhost") == 0)
    address = "127.0.0.1";
  inet = g_inet_address_new_from_string (address);
  if (inet == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "Not an IP address: %s", address);
      return FALSE;
    }
  sockaddr = g_inet_socket_address_new (inet, port);
  if (!soup_server_listen (self->server, sockaddr,
                           self->https ? SOUP_SERVER_LISTEN_HTTPS : 0, error))
    return FALSE;

  uris = soup_server_get_uris (self->server);
  if (uris != NULL)
    self->port = g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  if (g_inet_address_get_family (inet) == G_SOCKET_FAMILY_IPV6)
    host = g_strdup_printf ("[%s]", address);
  else
    host = g_strdup (address);
  g_free (self->url);
  self->url = g_strdup_printf ("%s://%s:%u/", self->https ? "https" : "http", host, self->port);
  return TRUE;
}

const char *
jg_server_get_url (JgServer *self)
{
  g_return_val_if_fail (JG_IS_SERVER (self), NULL);
  return self->url;
}

guint
jg_server_get_port (JgServer *self)
{
  g_return_val_if_fail (JG_IS_SERVER (self), 0);
  return self->port;
}

void
jg_server_disconnect (JgServer *self)
{
  g_return_if_fail (JG_IS_SERVER (self));

  g_ptr_array_set_size (self->delayed, 0);
  soup_server_disconnect (self->server);
}
