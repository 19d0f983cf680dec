/* jg-server-limits.c — what a request may be before the server reads it
 *
 * Two guards stand between the network and the handlers (PROTOCOL.md,
 * "Limits"):
 *
 * - The early handler runs once a request's headers are in, before its
 *   body. A body larger than its limit (declared by Content-Length, or
 *   counted as chunks arrive) is answered 413, and a body sent to any
 *   route but /login without a valid token is answered 401, so that
 *   nobody can make the server hold (or even receive) more than a few
 *   kilobytes without an account.
 * - jg_server_json_check() (jg-server-json-check.c) reads a JSON body
 *   with yajl, which does not recurse, before json-glib builds its tree,
 *   which does: nesting, NUL characters and repeated members are refused
 *   there.
 *
 * libsoup 3.2 reads a request's body even when an early handler has set a
 * status (it skips it only after "Expect: 100-continue"). So a refusal
 * pauses the message and, from the main loop, takes the connection from
 * libsoup, writes the answer itself and closes it: the answer leaves
 * before the client has sent its body.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "jg-server-private.h"

#include <string.h>

#define ACCOUNT_KEY "jg-server-account"
/* After the answer, what is still coming of the refused body is read and
 * dropped for a moment before the connection is closed: closing a socket
 * with unread data sends a reset, which may destroy the answer before the
 * client reads it. Bounded both ways. */
#define LINGER_BYTES (256 * 1024)
#define LINGER_SECONDS 2
#define LINGER_BUFFER_BYTES 8192

/* Set on every request before libsoup parses it, and cleared by the early
 * handler: the answers libsoup gives on its own, before any handler of
 * ours runs (a request line or header it cannot parse, no Host, an HTTP
 * version it does not speak, an Expect or a Transfer-Encoding it does not
 * know, "OPTIONS *"), keep it, so that they too carry the error body of
 * PROTOCOL.md. Their status says which it was. */
static const char unreadable_body[] =
  "{\"error\":\"bad-request\",\"message\":\"The server did not take this request "
  "(its request line, a header, its HTTP version, its Expect or its Transfer-Encoding)\"}";

void
jg_server_set_max_body_bytes (JgServer *self,
                              gsize     bytes)
{
  g_return_if_fail (JG_IS_SERVER (self));
  self->max_body_bytes = MAX (bytes, 1);
}

/* ------------------------------------------------------------------ */
/* Answering before the body                                           */

typedef struct {
  GIOStream    *stream;
  GCancellable *cancellable;
  GBytes       *answer;
  guint         timeout;
  gsize         drained;
  char          buffer[LINGER_BUFFER_BYTES];
} Refusal;

static void
refusal_free (Refusal *r)
{
  g_clear_handle_id (&r->timeout, g_source_remove);
  g_clear_object (&r->cancellable);
  g_clear_pointer (&r->answer, g_bytes_unref);
  g_clear_object (&r->stream);
  g_free (r);
}

static void
refusal_closed (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  g_io_stream_close_finish (G_IO_STREAM (source), result, NULL);
  refusal_free (data);
}

static void
refusal_close (Refusal *r)
{
  g_clear_handle_id (&r->timeout, g_source_remove);
  g_io_stream_close_async (r->stream, G_PRIORITY_DEFAULT, NULL, refusal_closed, r);
}

static gboolean
refusal_timed_out (gpointer data)
{
  Refusal *r = data;

  r->timeout = 0;
  g_cancellable_cancel (r->cancellable);
  return G_SOURCE_REMOVE;
}

static void
refusal_drained (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  Refusal *r = data;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, NULL);

  if (n <= 0 || (r->drained += (gsize) n) >= LINGER_BYTES)
    {
      refusal_close (r);
      return;
    }
  g_input_stream_read_async (g_io_stream_get_input_stream (r->stream), r->buffer,
                             sizeof r->buffer, G_PRIORITY_DEFAULT, r->cancellable,
                             refusal_drained, r);
}

static void
refusal_written (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  Refusal *r = data;
  GSocket *socket = g_object_get_data (G_OBJECT (r->stream), "GSocket");

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, NULL))
    {
      refusal_close (r);
      return;
    }
  /* The client sees the end of the answer now, and we read what it
   * still sends until it stops, or for LINGER_SECONDS at most. */
  if (socket != NULL)
    g_socket_shutdown (socket, FALSE, TRUE, NULL);
  r->timeout = g_timeout_add_seconds (LINGER_SECONDS, refusal_timed_out, r);
  g_input_stream_read_async (g_io_stream_get_input_stream (r->stream), r->buffer,
                             sizeof r->buffer, G_PRIORITY_DEFAULT, r->cancellable,
                             refusal_drained, r);
}

/* The answer set on @msg, as HTTP/1.x bytes. */
static GBytes *
serialise_answer (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_response_body (msg));
  GString *out = g_string_new (NULL);
  SoupMessageHeadersIter iter;
  const char *name, *value;
  gsize length;
  const char *data = g_bytes_get_data (body, &length);

  soup_message_headers_set_content_length (headers, (goffset) length);
  g_string_append_printf (out, "HTTP/1.%c %u %s\r\n",
                          soup_server_message_get_http_version (msg) == SOUP_HTTP_1_0 ? '0' : '1',
                          soup_server_message_get_status (msg),
                          soup_server_message_get_reason_phrase (msg));
  soup_message_headers_iter_init (&iter, headers);
  while (soup_message_headers_iter_next (&iter, &name, &value))
    g_string_append_printf (out, "%s: %s\r\n", name, value);
  g_string_append (out, "\r\n");
  g_string_append_len (out, data, (gssize) length);
  return g_string_free_to_bytes (out);
}

static gboolean
send_refusal (gpointer data)
{
  SoupServerMessage *msg = data;
  JgServerRequestLog *log = jg_server_request_log_start (msg);
  Refusal *r;

  /* Logged here: libsoup never reports a message whose connection was
   * taken from it as finished. */
  jg_server_request_log_print (log, soup_server_message_get_status (msg));
  g_signal_handler_disconnect (msg, log->handler);

  r = g_new0 (Refusal, 1);
  r->answer = serialise_answer (msg);
  r->stream = soup_server_message_steal_connection (msg);
  if (r->stream == NULL)
    {
      refusal_free (r);
      return G_SOURCE_REMOVE;
    }
  r->cancellable = g_cancellable_new ();
  g_output_stream_write_all_async (g_io_stream_get_output_stream (r->stream),
                                   g_bytes_get_data (r->answer, NULL),
                                   g_bytes_get_size (r->answer),
                                   G_PRIORITY_DEFAULT, NULL, refusal_written, r);
  return G_SOURCE_REMOVE;
}

/* Sends the answer already set on @msg without reading (more of) its body,
 * and closes the connection. */
static void
answer_before_body (SoupServerMessage *msg)
{
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Connection", "close");
  /* Not from inside libsoup's reading: pause it, take the connection
   * from the main loop. */
  soup_server_message_pause (msg);
  g_idle_add_full (G_PRIORITY_DEFAULT, send_refusal, g_object_ref (msg), g_object_unref);
}

static void
reply_too_large (SoupServerMessage *msg,
                 gsize              limit)
{
  jg_server_reply_error (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "too-large",
                         "The body is larger than this request may be (%" G_GSIZE_FORMAT " bytes)",
                         limit);
  answer_before_body (msg);
}

/* ------------------------------------------------------------------ */
/* The early handler                                                   */

typedef struct {
  gsize limit;
  gsize received;
} Counter;

static void
on_got_chunk (SoupServerMessage *msg,
              GBytes            *chunk,
              gpointer           data)
{
  Counter *counter = data;

  if (counter->received > counter->limit)
    return;   /* already refused */
  counter->received += g_bytes_get_size (chunk);
  if (counter->received > counter->limit)
    reply_too_large (msg, counter->limit);
}

static void
preset_unreadable_body (SoupServer        *server,
                        SoupServerMessage *msg,
                        gpointer           user_data)
{
  soup_server_message_set_response (msg, "application/json; charset=utf-8", SOUP_MEMORY_STATIC,
                                    unreadable_body, strlen (unreadable_body));
}

static void
early_callback (SoupServer        *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  JgServer *self = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  SoupEncoding encoding = soup_message_headers_get_encoding (headers);
  goffset declared = encoding == SOUP_ENCODING_CONTENT_LENGTH
                     ? soup_message_headers_get_content_length (headers) : 0;
  gboolean login = g_strcmp0 (path, JG_SERVER_LOGIN_PATH) == 0;
  JgServerAccount *account = NULL;
  Counter *counter;

  /* libsoup has parsed the request: our handlers answer it. */
  soup_message_body_truncate (soup_server_message_get_response_body (msg));
  soup_message_headers_remove (soup_server_message_get_response_headers (msg), "Content-Type");

  if (encoding != SOUP_ENCODING_CHUNKED && declared <= 0)
    return;   /* no body */

  /* Every route that reads a body but /login needs a token: check it
   * before the body comes. */
  if (!login)
    {
      if (!jg_server_token_account (self, msg, &account))
        {
          answer_before_body (msg);
          return;
        }
      g_object_set_data_full (G_OBJECT (msg), ACCOUNT_KEY, account,
                              (GDestroyNotify) jg_server_account_free);
    }

  counter = g_new0 (Counter, 1);
  counter->limit = login ? JG_SERVER_SMALL_BODY_BYTES : self->max_body_bytes;
  if ((guint64) declared > counter->limit)
    {
      g_free (counter);
      reply_too_large (msg, login ? JG_SERVER_SMALL_BODY_BYTES : self->max_body_bytes);
      return;
    }
  g_signal_connect_data (msg, "got-chunk", G_CALLBACK (on_got_chunk), counter,
                         (GClosureNotify) (void (*) (void)) g_free, 0);
}

JgServerAccount *
jg_server_limits_take_account (SoupServerMessage *msg)
{
  return g_object_steal_data (G_OBJECT (msg), ACCOUNT_KEY);
}

void
jg_server_limits_install (JgServer *self)
{
  if (self->max_body_bytes == 0)
    self->max_body_bytes = JG_SERVER_DEFAULT_MAX_BODY_BYTES;
  g_signal_connect (self->server, "request-started", G_CALLBACK (preset_unreadable_body), NULL);
  /* NULL: the default handler's path, every request. */
  soup_server_add_early_handler (self->server, NULL, early_callback, self, NULL);
}
