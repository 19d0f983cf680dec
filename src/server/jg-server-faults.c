/* jg-server-faults.c — faults injected on request (--fault), for tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "jg-server-private.h"

#include <string.h>

static const struct {
  const char *name;
  JgServerFault fault;
} fault_names[] = {
  { "none", JG_SERVER_FAULT_NONE },
  { "500", JG_SERVER_FAULT_500 },
  { "truncate", JG_SERVER_FAULT_TRUNCATE },
  { "malformed", JG_SERVER_FAULT_MALFORMED },
  { "delay", JG_SERVER_FAULT_DELAY },
  { "429", JG_SERVER_FAULT_429 },
  { "expire-tokens", JG_SERVER_FAULT_EXPIRE_TOKENS },
};

gboolean
jg_server_fault_from_string (const char    *str,
                             JgServerFault *fault)
{
  for (guint i = 0; str != NULL && i < G_N_ELEMENTS (fault_names); i++)
    if (strcmp (str, fault_names[i].name) == 0)
      {
        *fault = fault_names[i].fault;
        return TRUE;
      }
  return FALSE;
}

char *
jg_server_fault_list (void)
{
  GString *list = g_string_new (NULL);

  /* From 1: "none" is the absence of a fault. */
  for (guint i = 1; i < G_N_ELEMENTS (fault_names); i++)
    g_string_append_printf (list, "%s%s", i > 1 ? ", " : "", fault_names[i].name);
  return g_string_free (list, FALSE);
}

gboolean
jg_server_fault_counts (JgServer *self)
{
  self->n_eligible++;
  if (self->n_eligible <= self->fault_after)
    return FALSE;
  return g_rand_double (self->rand) < self->fault_rate;
}

gboolean
jg_server_fault_fires (JgServer          *self,
                       SoupServerMessage *msg)
{
  const char *path = g_uri_get_path (soup_server_message_get_uri (msg));

  /* expire-tokens strikes in authenticate(). */
  if (self->fault == JG_SERVER_FAULT_NONE || self->fault == JG_SERVER_FAULT_EXPIRE_TOKENS)
    return FALSE;
  /* Feeds and pushes: what a client must survive losing an answer of. */
  if (!g_str_has_prefix (path, JG_SERVER_CHANGES_PREFIX) && strcmp (path, JG_SERVER_RECORDS_PATH) != 0 &&
      strcmp (path, JG_SERVER_POSTS_PATH) != 0 &&
      !(g_str_has_prefix (path, JG_SERVER_IMAGES_PREFIX) &&
        strcmp (soup_server_message_get_method (msg), SOUP_METHOD_PUT) == 0))
    return FALSE;
  return jg_server_fault_counts (self);
}

typedef struct {
  JgServer *self;           /* unowned: the server outlives its timers */
  SoupServerMessage *msg;   /* owned */
  guint source_id;
  gulong disconnected_id;
  gboolean disconnected;
} Delayed;

void
jg_server_delayed_free (gpointer data)
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
      jg_server_answer (self, d->msg, TRUE);
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
                JgServerRequestLog *log)
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
  jg_server_request_log_print (log, status);
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

void
jg_server_fault_answer (JgServer           *self,
                        SoupServerMessage  *msg,
                        JgServerRequestLog *log)
{
  switch (self->fault)
    {
    case JG_SERVER_FAULT_500:
      jg_server_reply_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "server-error",
                             "Injected fault (--fault 500)");
      break;
    case JG_SERVER_FAULT_429:
      jg_server_reply_error (msg, JG_HTTP_STATUS_TOO_MANY_REQUESTS, "too-many-requests",
                             "Injected fault (--fault 429): try again later");
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Retry-After", JG_SERVER_RETRY_AFTER_SECONDS);
      break;
    case JG_SERVER_FAULT_MALFORMED:
      jg_server_answer (self, msg, FALSE);
      fault_malformed (msg);
      break;
    case JG_SERVER_FAULT_TRUNCATE:
      jg_server_answer (self, msg, FALSE);
      fault_truncate (msg, log);
      break;
    case JG_SERVER_FAULT_DELAY:
      fault_delay (self, msg);
      break;
    case JG_SERVER_FAULT_NONE:
    case JG_SERVER_FAULT_EXPIRE_TOKENS:
    default:
      jg_server_answer (self, msg, TRUE);
      break;
    }
}
