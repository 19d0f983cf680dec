/* jg-server-http.c — the HTTP plumbing of the reference server's answers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "jg-server-private.h"
#include "jg-server-log.h"

#include <string.h>

#define JSON_CONTENT_TYPE "application/json; charset=utf-8"
/* How much of a request value an error message repeats. */
#define CLIP_BYTES 64
#define BEARER_PREFIX "Bearer "
#define AUTHORIZATION_HEADER "Authorization"

/* ------------------------------------------------------------------ */
/* Request log                                                         */

static void
request_log_free (gpointer  data,
                  GClosure *closure)
{
  JgServerRequestLog *log = data;

  g_free (log->line);
  g_free (log);
}

void
jg_server_request_log_print (JgServerRequestLog *log,
                             guint               status)
{
  gint64 ms = (g_get_monotonic_time () - log->start) / 1000;

  jg_server_log ("%s %u %" G_GINT64_FORMAT "ms", log->line, status, ms);
}

static void
on_message_finished (SoupServerMessage *msg,
                     gpointer           user_data)
{
  jg_server_request_log_print (user_data, soup_server_message_get_status (msg));
}

JgServerRequestLog *
jg_server_request_log_start (SoupServerMessage *msg)
{
  JgServerRequestLog *log = g_new0 (JgServerRequestLog, 1);
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

void
jg_server_reply_json (SoupServerMessage *msg,
                      guint              status,
                      char              *body,
                      gsize              length)
{
  soup_server_message_set_status (msg, status,
                                  status == JG_HTTP_STATUS_TOO_MANY_REQUESTS
                                  ? JG_SERVER_TOO_MANY_REQUESTS_PHRASE : NULL);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Cache-Control", "no-cache");
  soup_server_message_set_response (msg, JSON_CONTENT_TYPE, SOUP_MEMORY_TAKE,
                                    body, length);
}

void
jg_server_reply_node (SoupServerMessage *msg,
                      guint              status,
                      JsonNode          *node)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  gsize length;
  char *body;

  json_generator_set_root (gen, node);
  body = json_generator_to_data (gen, &length);
  jg_server_reply_json (msg, status, body, length);
}

void
jg_server_reply_error (SoupServerMessage *msg,
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
  jg_server_reply_node (msg, status, node);
}

void
jg_server_reply_reason (SoupServerMessage    *msg,
                        guint                 status,
                        const char           *word,
                        const JgServerReason *reason)
{
  GString *body = g_string_new ("{\"error\":");
  gsize length;

  jg_json_append_string (body, word);
  g_string_append (body, ",\"message\":");
  jg_json_append_string (body, reason->message);
  g_string_append_c (body, ',');
  jg_server_append_reasons (body, reason, 1);
  g_string_append_c (body, '}');
  length = body->len;
  jg_server_reply_json (msg, status, g_string_free (body, FALSE), length);
}

const char *
jg_server_status_word (guint status)
{
  switch (status)
    {
    case SOUP_STATUS_BAD_REQUEST: return "bad-request";
    case SOUP_STATUS_UNAUTHORIZED: return "unauthorized";
    case SOUP_STATUS_FORBIDDEN: return "forbidden";
    case SOUP_STATUS_NOT_FOUND: return "not-found";
    case SOUP_STATUS_CONFLICT: return "conflict";
    case SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE: return "too-large";
    case SOUP_STATUS_UNPROCESSABLE_ENTITY: return "unprocessable";
    default: return "server-error";
    }
}

void
jg_server_reply_server_error (SoupServerMessage *msg,
                              GError            *error)
{
  const char *word, *message;
  /* A full or read-only disk is the host's state, not a fault of the
   * request: 507 or 503 (PROTOCOL.md, "When the server's disk is full"). */
  guint status = jg_server_db_error_status (error, &word, &message);
  const char *text = error != NULL ? error->message : "unknown error";
  g_autofree char *shown = jg_server_log_escape (text);

  if (status == SOUP_STATUS_INTERNAL_SERVER_ERROR)
    g_warning ("%s", shown);
  else
    jg_server_log ("jianguan-server: %s: %s", word, text);
  jg_server_reply_error (msg, status, word, "%s", message);
}

void
jg_server_reply_unauthorized (SoupServerMessage *msg,
                              const char        *why)
{
  jg_server_reply_error (msg, SOUP_STATUS_UNAUTHORIZED, "unauthorized", "%s", why);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "WWW-Authenticate", "Bearer realm=\"jianguan\"");
}

/* ------------------------------------------------------------------ */
/* Requests                                                            */

gboolean
jg_server_method_allowed (SoupServerMessage *msg,
                          const char        *allowed)
{
  const char *method = soup_server_message_get_method (msg);
  g_auto(GStrv) methods = g_strsplit (allowed, ", ", -1);

  if (g_strv_contains ((const char * const *) methods, method))
    return TRUE;
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Allow", allowed);
  jg_server_reply_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "method-not-allowed",
                         "Method %s is not allowed here; use %s", method, methods[0]);
  return FALSE;
}

/* RFC 6750's b64token (RFC 7235's token68): what a token may be made of. */
static gboolean
is_token68 (const char *s)
{
  const char *p = s;

  while (*p != '\0' && (g_ascii_isalnum (*p) || strchr ("-._~+/", *p) != NULL))
    p++;
  if (p == s)
    return FALSE;
  while (*p == '=')
    p++;
  return *p == '\0';
}

const char *
jg_server_bearer_token (SoupServerMessage *msg)
{
  SoupMessageHeadersIter iter;
  const char *name, *value, *found = NULL;
  guint n = 0;

  /* Exactly one header, exactly "Bearer <token>": with two, which one a
   * proxy or a log shows is anybody's guess (PROTOCOL.md, "Limits"). */
  soup_message_headers_iter_init (&iter, soup_server_message_get_request_headers (msg));
  while (soup_message_headers_iter_next (&iter, &name, &value))
    if (g_ascii_strcasecmp (name, AUTHORIZATION_HEADER) == 0)
      {
        found = value;
        n++;
      }
  if (n != 1 || !g_str_has_prefix (found, BEARER_PREFIX) ||
      !is_token68 (found + strlen (BEARER_PREFIX)))
    return NULL;
  return found + strlen (BEARER_PREFIX);
}

gboolean
jg_server_request_object (SoupServerMessage  *msg,
                          JsonParser         *parser,
                          JsonObject        **object)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  g_autofree char *why = NULL;
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);
  JsonNode *root;

  *object = NULL;
  if (data == NULL || length == 0)
    return TRUE;
  if (!jg_server_json_check (data, length, &why))
    {
      jg_server_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "bad-request", "%s", why);
      return FALSE;
    }
  if (!json_parser_load_from_data (parser, data, length, NULL))
    return TRUE;
  root = json_parser_get_root (parser);
  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    *object = json_node_get_object (root);
  return TRUE;
}

const char *
jg_server_string_member (JsonObject *object,
                         const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

char *
jg_server_clip (const char *value)
{
  if (strlen (value) <= CLIP_BYTES)
    return g_strdup (value);
  return g_strdup_printf ("%.*s…", CLIP_BYTES, value);
}

gboolean
jg_server_parse_uint (const char *str,
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

gboolean
jg_server_etag_matches (const char *if_none_match,
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
