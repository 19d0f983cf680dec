/* jg-http.c — the one HTTP plumbing of the catalogue sync, the outbox and
 * the account
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "jg-account.h"
#include "jg-catalogue-sync.h"
#include "jg-http.h"
#include "jg-outbox.h"
#include "jg-sync-limits.h"

struct _JgHttpClient
{
  SoupSession     *session;
  GUri            *base;
  char            *token;
  JgHttpOperation  operation;
};

/* What a failure means for the person, per operation: each sentence says
 * that nothing was lost and what happens next. */
typedef struct {
  const char *unreachable;   /* %s URL, %s detail */
  const char *busy;          /* %u status */
  const char *server;        /* %u status */
  const char *malformed;     /* %s detail; NULL: see malformed_plain */
  const char *malformed_plain;
} Sentences;

static const Sentences sentences[] = {
  [JG_HTTP_FOR_CATALOGUE] = {
    N_("Could not reach the server at %s (%s). The local catalogue was not changed."),
    N_("The server is busy (HTTP %u). The local catalogue was not changed; "
       "try again in a few minutes."),
    N_("The server had an internal error (HTTP %u). The local catalogue was not "
       "changed; try again later."),
    N_("The server sent a malformed answer (%s). The local catalogue was not changed."),
    NULL,
  },
  [JG_HTTP_FOR_RECORDS] = {
    N_("Could not reach the server at %s (%s). Nothing was lost; the records "
       "stay queued and are sent on the next sync."),
    N_("The server is busy (HTTP %u). Your records stay queued and are sent "
       "when it is ready."),
    N_("The server had an internal error (HTTP %u). Your records stay queued and "
       "are sent again later."),
    N_("The server sent a malformed answer (%s). No record was marked as accepted; "
       "they are sent again on the next sync."),
    NULL,
  },
  [JG_HTTP_FOR_POSTS] = {
    N_("Could not reach the server at %s (%s). Nothing was lost; the posts "
       "stay queued and are sent on the next sync."),
    N_("The server is busy (HTTP %u). Your posts stay queued and are sent "
       "when it is ready."),
    N_("The server had an internal error (HTTP %u). Your posts stay queued and "
       "are sent again later."),
    N_("The server sent a malformed answer (%s). No post was marked as sent; "
       "they are sent again on the next sync."),
    NULL,
  },
  [JG_HTTP_FOR_SIGN_IN] = {
    N_("Could not reach the server at %s (%s). You are not signed in; check the "
       "server address and the network, then sign in again."),
    N_("The server is busy (HTTP %u). Try to sign in again in a few minutes."),
    N_("The server had an internal error (HTTP %u). Try to sign in again later."),
    NULL,
    N_("The server sent a malformed answer to the sign-in. You are not signed in; "
       "try again later."),
  },
  [JG_HTTP_FOR_SIGN_OUT] = {
    N_("Could not reach the server at %s (%s). You are signed out on this computer."),
    N_("The server did not confirm the sign-out (HTTP %u). You are signed "
       "out on this computer."),
    N_("The server did not confirm the sign-out (HTTP %u). You are signed "
       "out on this computer."),
    NULL,
    N_("The server did not confirm the sign-out. You are signed out on this computer."),
  },
  [JG_HTTP_FOR_FIGURES] = {
    N_("Could not reach the server at %s (%s). The figures shown are the last ones "
       "the server sent, and this computer's own."),
    N_("The server is busy (HTTP %u). The figures shown are the last ones it sent; "
       "try again in a few minutes."),
    N_("The server had an internal error (HTTP %u). The figures shown are the last "
       "ones it sent; try again later."),
    N_("The server sent a malformed answer (%s). The figures shown are the last ones "
       "it sent."),
    NULL,
  },
};

static gboolean
is_busy (guint status)
{
  return status == JG_HTTP_STATUS_TOO_MANY_REQUESTS || status == SOUP_STATUS_SERVICE_UNAVAILABLE;
}

GUri *
jg_http_parse_server_url (const char  *server_url,
                          GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autofree char *with_slash = NULL;

  if (server_url != NULL)
    {
      with_slash = g_str_has_suffix (server_url, "/") ? g_strdup (server_url)
                                                      : g_strconcat (server_url, "/", NULL);
      uri = g_uri_parse (with_slash, SOUP_HTTP_URI_FLAGS, NULL);
    }
  if (uri == NULL ||
      (g_strcmp0 (g_uri_get_scheme (uri), "http") != 0 &&
       g_strcmp0 (g_uri_get_scheme (uri), "https") != 0) ||
      g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      g_set_error (error, JG_SYNC_ERROR, JG_SYNC_ERROR_BAD_URL,
                   _("“%s” is not a server address. Use an address such as http://127.0.0.1:8437/."),
                   server_url ? server_url : "");
      return NULL;
    }
  return g_steal_pointer (&uri);
}

gboolean
jg_http_check_status (JgHttpOperation   operation,
                      GUri             *base,
                      guint             status,
                      GError          **error)
{
  const Sentences *s = &sentences[operation];
  g_autofree char *url = NULL;

  if (operation == JG_HTTP_FOR_SIGN_OUT)
    {
      if (status < 400 || status == SOUP_STATUS_UNAUTHORIZED)
        return TRUE;
      g_set_error (error, JG_SYNC_ERROR, JG_SYNC_ERROR_SERVER, _(s->server), status);
      return FALSE;
    }
  if (status == SOUP_STATUS_OK)
    return TRUE;

  if (operation == JG_HTTP_FOR_SIGN_IN && status == SOUP_STATUS_UNAUTHORIZED)
    {
      g_set_error (error, JG_ACCOUNT_ERROR, JG_ACCOUNT_ERROR_WRONG_PASSWORD,
                   _("The user name or the password is wrong. Check both and sign in again."));
      return FALSE;
    }
  if (operation == JG_HTTP_FOR_POSTS)
    {
      if (status == SOUP_STATUS_UNAUTHORIZED)
        {
          g_set_error (error, JG_OUTBOX_ERROR, JG_OUTBOX_ERROR_NEEDS_SIGN_IN,
                       _("Your sign-in has expired. Sign in again to send posts; nothing was lost "
                         "and your posts stay queued."));
          return FALSE;
        }
      if (status == SOUP_STATUS_FORBIDDEN)
        {
          g_set_error (error, JG_OUTBOX_ERROR, JG_OUTBOX_ERROR_NOT_ALLOWED,
                       _("This account may not do that with posts (HTTP 403). Nothing was changed; "
                         "posts are written by administrators and reviewed by reviewers of the "
                         "department."));
          return FALSE;
        }
      if (status == SOUP_STATUS_BAD_REQUEST)
        {
          g_set_error (error, JG_SYNC_ERROR, JG_SYNC_ERROR_MALFORMED,
                       _("The server could not read the posts sent (HTTP 400). They stay queued "
                         "and are sent again later."));
          return FALSE;
        }
    }
  if (operation == JG_HTTP_FOR_FIGURES)
    {
      if (status == SOUP_STATUS_UNAUTHORIZED)
        {
          g_set_error (error, JG_OUTBOX_ERROR, JG_OUTBOX_ERROR_NEEDS_SIGN_IN,
                       _("Your sign-in has expired. Sign in again to read the server's figures; "
                         "nothing was lost."));
          return FALSE;
        }
      if (status == SOUP_STATUS_FORBIDDEN)
        {
          g_set_error (error, JG_OUTBOX_ERROR, JG_OUTBOX_ERROR_NOT_ALLOWED,
                       _("This account may not read these figures (HTTP 403): every department's "
                         "figures are for the city's accounts, a department's for its own."));
          return FALSE;
        }
    }
  if (operation == JG_HTTP_FOR_RECORDS)
    {
      if (status == SOUP_STATUS_UNAUTHORIZED)
        {
          g_set_error (error, JG_OUTBOX_ERROR, JG_OUTBOX_ERROR_NEEDS_SIGN_IN,
                       _("Your sign-in has expired. Sign in again to send records; nothing was lost "
                         "and your records stay queued."));
          return FALSE;
        }
      if (status == SOUP_STATUS_FORBIDDEN)
        {
          g_set_error (error, JG_OUTBOX_ERROR, JG_OUTBOX_ERROR_NOT_ALLOWED,
                       _("This account may not send records (HTTP 403). Your records stay queued; "
                         "ask for an administrator account of your department."));
          return FALSE;
        }
      if (status == SOUP_STATUS_BAD_REQUEST)
        {
          g_set_error (error, JG_SYNC_ERROR, JG_SYNC_ERROR_MALFORMED,
                       _("The server could not read the records sent (HTTP 400). They stay queued "
                         "and are sent again later."));
          return FALSE;
        }
    }

  if (is_busy (status))
    g_set_error (error, JG_SYNC_ERROR, JG_SYNC_ERROR_BUSY, _(s->busy), status);
  else if (status == SOUP_STATUS_INSUFFICIENT_STORAGE)
    /* The server's disk is full (PROTOCOL.md): it stored nothing of the
     * request, and only its administrators can make room. */
    g_set_error (error, JG_SYNC_ERROR, JG_SYNC_ERROR_SERVER,
                 _("The server’s disk is full (HTTP %u): it stored nothing of this request. "
                   "Nothing was lost on this computer, and what was to be sent stays queued; "
                   "tell the server’s administrators, then sync again."), status);
  else if (status >= 500)
    g_set_error (error, JG_SYNC_ERROR, JG_SYNC_ERROR_SERVER, _(s->server), status);
  else
    {
      url = base ? g_uri_to_string (base) : g_strdup ("");
      g_set_error (error, JG_SYNC_ERROR, JG_SYNC_ERROR_NOT_A_SERVER,
                   _("The address %s does not answer as a Jianguan server (HTTP %u). "
                     "Check the server address in Preferences."), url, status);
    }
  return FALSE;
}

gboolean
jg_http_set_malformed (JgHttpOperation   operation,
                       const char       *detail,
                       GError          **error)
{
  const Sentences *s = &sentences[operation];

  if (s->malformed != NULL)
    g_set_error (error, JG_SYNC_ERROR, JG_SYNC_ERROR_MALFORMED, _(s->malformed), detail);
  else
    g_set_error_literal (error, JG_SYNC_ERROR, JG_SYNC_ERROR_MALFORMED, _(s->malformed_plain));
  return FALSE;
}

/* --- the client ----------------------------------------------------------- */

static SoupSession *
session_new (const char  *ca_file,
             GError     **error)
{
  g_autoptr(SoupSession) session = NULL;
  g_autofree char *user_agent = g_strdup_printf ("Jianguan/%s", PACKAGE_VERSION);

  session = soup_session_new_with_options ("timeout", JG_HTTP_TIMEOUT_S,
                                           "idle-timeout", JG_HTTP_TIMEOUT_S,
                                           "user-agent", user_agent,
                                           NULL);
  if (ca_file != NULL && *ca_file != '\0')
    {
      g_autoptr(GTlsDatabase) database = NULL;
      g_autoptr(GError) local_error = NULL;

      database = g_tls_file_database_new (ca_file, &local_error);
      if (database == NULL)
        {
          g_autofree char *display = g_filename_display_name (ca_file);
          g_set_error (error, JG_SYNC_ERROR, JG_SYNC_ERROR_TLS,
                       _("Cannot use the certificate file “%s”: %s"),
                       display, local_error->message);
          return NULL;
        }
      soup_session_set_tls_database (session, database);
    }
  return g_steal_pointer (&session);
}

JgHttpClient *
jg_http_client_new (const char       *server_url,
                    const char       *ca_file,
                    const char       *token,
                    JgHttpOperation   operation,
                    GError          **error)
{
  g_autoptr(GUri) base = NULL;
  JgHttpClient *client;
  SoupSession *session;

  base = jg_http_parse_server_url (server_url, error);
  if (base == NULL)
    return NULL;
  session = session_new (ca_file, error);
  if (session == NULL)
    return NULL;

  client = g_new0 (JgHttpClient, 1);
  client->session = session;
  client->base = g_steal_pointer (&base);
  client->token = g_strdup (token);
  client->operation = operation;
  return client;
}

void
jg_http_client_free (JgHttpClient *client)
{
  if (client == NULL)
    return;
  g_clear_object (&client->session);
  g_clear_pointer (&client->base, g_uri_unref);
  if (client->token != NULL)
    explicit_bzero (client->token, strlen (client->token));
  g_free (client->token);
  g_free (client);
}

GUri *
jg_http_client_get_base (JgHttpClient *client)
{
  return client->base;
}

JgHttpOperation
jg_http_client_get_operation (JgHttpClient *client)
{
  return client->operation;
}

void
jg_http_answer_clear (JgHttpAnswer *answer)
{
  g_clear_pointer (&answer->etag, g_free);
}

static guint
parse_retry_after (const char *value)
{
  guint64 seconds;

  /* An HTTP date, garbage or 0 (which would make a client hammer the
   * server): the default. */
  if (value != NULL &&
      g_ascii_string_to_unsigned (value, 10, 1, JG_HTTP_MAX_RETRY_AFTER_S, &seconds, NULL))
    return (guint) seconds;
  return JG_HTTP_DEFAULT_RETRY_AFTER_S;
}

static void
set_transport_error (JgHttpClient  *client,
                     GError        *soup_error,
                     GError       **error)
{
  g_autofree char *url = g_uri_to_string (client->base);

  if (g_error_matches (soup_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_propagate_error (error, soup_error);
      return;
    }
  if (soup_error->domain == G_TLS_ERROR)
    g_set_error (error, JG_SYNC_ERROR, JG_SYNC_ERROR_TLS,
                 _("The certificate of %s is not trusted (%s). If your network uses its own "
                   "certificate authority, choose its certificate file in Preferences."),
                 url, soup_error->message);
  else
    g_set_error (error, JG_SYNC_ERROR, JG_SYNC_ERROR_UNREACHABLE,
                 _(sentences[client->operation].unreachable), url, soup_error->message);
  g_error_free (soup_error);
}

/* The language of this program's messages as an HTTP language tag
 * ("zh_CN.UTF-8" → "zh-CN"), or NULL for C: the server words its own
 * sentences in it where it can (reasons also carry their templates). */
static char *
accept_language (void)
{
  const char * const *names = g_get_language_names ();
  g_autofree char *tag = NULL;
  char *end;

  if (names[0] == NULL || g_str_equal (names[0], "C") || g_str_equal (names[0], "POSIX"))
    return NULL;
  tag = g_strdup (names[0]);
  end = strpbrk (tag, ".@");
  if (end != NULL)
    *end = '\0';
  g_strdelimit (tag, "_", '-');
  return g_steal_pointer (&tag);
}

static gboolean
is_passed (const JgHttpRequest *request,
           guint                status)
{
  for (const guint *p = request->pass_statuses; p != NULL && *p != 0; p++)
    if (*p == status)
      return TRUE;
  return FALSE;
}

GBytes *
jg_http_client_request (JgHttpClient        *client,
                        const JgHttpRequest *request,
                        JgHttpAnswer        *answer,
                        GCancellable        *cancellable,
                        GError             **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) data = NULL;
  g_autofree char *language = accept_language ();
  GError *local_error = NULL;
  SoupMessageHeaders *headers;
  const char *offset;

  memset (answer, 0, sizeof *answer);
  answer->upload_offset = -1;

  uri = g_uri_parse_relative (client->base, request->path, SOUP_HTTP_URI_FLAGS, NULL);
  if (uri == NULL)
    {
      g_autofree char *url = g_uri_to_string (client->base);
      g_set_error (error, JG_SYNC_ERROR, JG_SYNC_ERROR_BAD_URL,
                   _("“%s” is not a server address. Use an address such as http://127.0.0.1:8437/."),
                   url);
      return NULL;
    }

  msg = soup_message_new_from_uri (request->method, uri);
  headers = soup_message_get_request_headers (msg);
  soup_message_headers_replace (headers, "Accept", "application/json");
  if (language != NULL)
    soup_message_headers_replace (headers, "Accept-Language", language);
  if (client->token != NULL)
    {
      g_autofree char *value = g_strconcat ("Bearer ", client->token, NULL);
      soup_message_headers_replace (headers, "Authorization", value);
      explicit_bzero (value, strlen (value));
    }
  if (request->if_none_match != NULL)
    soup_message_headers_replace (headers, "If-None-Match", request->if_none_match);
  if (request->content_range != NULL)
    soup_message_headers_replace (headers, "Content-Range", request->content_range);
  if (request->body != NULL)
    soup_message_set_request_body_from_bytes (msg, request->content_type ? request->content_type
                                                   : "application/json; charset=utf-8",
                                              request->body);

  data = soup_session_send_and_read (client->session, msg, cancellable, &local_error);
  if (data == NULL)
    {
      set_transport_error (client, local_error, error);
      return NULL;
    }

  headers = soup_message_get_response_headers (msg);
  answer->status = soup_message_get_status (msg);
  if (is_busy (answer->status))
    answer->retry_after = parse_retry_after (soup_message_headers_get_one (headers, "Retry-After"));
  answer->etag = g_strdup (soup_message_headers_get_one (headers, "ETag"));
  offset = soup_message_headers_get_one (headers, "Upload-Offset");
  if (offset != NULL)
    {
      guint64 value;
      if (g_ascii_string_to_unsigned (offset, 10, 0, G_MAXINT64, &value, NULL))
        answer->upload_offset = (gint64) value;
    }
  if (answer->status == SOUP_STATUS_NOT_MODIFIED && request->if_none_match != NULL)
    {
      answer->not_modified = TRUE;
      return NULL;
    }
  if (is_passed (request, answer->status))
    return g_steal_pointer (&data);
  if (!jg_http_check_status (client->operation, client->base, answer->status, error))
    return NULL;
  return g_steal_pointer (&data);
}

GBytes *
jg_http_client_send (JgHttpClient  *client,
                     const char    *method,
                     const char    *path,
                     GBytes        *body,
                     const char    *if_none_match,
                     JgHttpAnswer  *answer,
                     GCancellable  *cancellable,
                     GError       **error)
{
  JgHttpRequest request = {
    .method = method,
    .path = path,
    .body = body,
    .if_none_match = if_none_match,
  };

  return jg_http_client_request (client, &request, answer, cancellable, error);
}

/* --- a request in a thread of its own ------------------------------------- */

struct _JgHttpCall
{
  JgHttpClient *client;
  char         *method;
  char         *path;
  GBytes       *body;
  char         *if_none_match;
  GCancellable *cancellable;
  GThread      *thread;
  /* results */
  GBytes       *data;
  JgHttpAnswer  answer;
  GError       *error;
};

static gpointer
call_thread (gpointer user_data)
{
  JgHttpCall *call = user_data;

  call->data = jg_http_client_send (call->client, call->method, call->path, call->body,
                                    call->if_none_match, &call->answer, call->cancellable,
                                    &call->error);
  return NULL;
}

JgHttpCall *
jg_http_call_start (JgHttpClient *client,
                    const char   *method,
                    const char   *path,
                    GBytes       *body,
                    const char   *if_none_match,
                    GCancellable *cancellable)
{
  JgHttpCall *call = g_new0 (JgHttpCall, 1);

  call->client = client;
  call->method = g_strdup (method);
  call->path = g_strdup (path);
  call->body = body ? g_bytes_ref (body) : NULL;
  call->if_none_match = g_strdup (if_none_match);
  call->cancellable = cancellable;
  call->thread = g_thread_new ("jg-http", call_thread, call);
  return call;
}

GBytes *
jg_http_call_finish (JgHttpCall    *call,
                     JgHttpAnswer  *answer,
                     GError       **error)
{
  GBytes *data;

  g_thread_join (call->thread);
  data = call->data;
  *answer = call->answer;
  if (call->error != NULL)
    g_propagate_error (error, call->error);
  g_free (call->method);
  g_free (call->path);
  g_clear_pointer (&call->body, g_bytes_unref);
  g_free (call->if_none_match);
  g_free (call);
  return data;
}

void
jg_http_call_discard (JgHttpCall *call)
{
  g_autoptr(GBytes) data = NULL;
  g_autoptr(GError) error = NULL;
  JgHttpAnswer answer;

  if (call == NULL)
    return;
  data = jg_http_call_finish (call, &answer, &error);
  jg_http_answer_clear (&answer);
}
