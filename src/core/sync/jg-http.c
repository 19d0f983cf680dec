/* jg-http.c — what the catalogue sync, the account and the outbox share of HTTP
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "jg-catalogue-sync.h"
#include "jg-http.h"

SoupSession *
jg_http_session_new (const char  *ca_file,
                     GError     **error)
{
  g_autoptr(SoupSession) session = NULL;
  g_autofree char *user_agent = g_strdup_printf ("Jianguan/%s", PACKAGE_VERSION);

  session = soup_session_new_with_options ("timeout", 60,
                                           "idle-timeout", 60,
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

GBytes *
jg_http_send (SoupSession   *session,
              GUri          *base,
              const char    *method,
              const char    *path,
              GBytes        *body,
              const char    *token,
              guint         *status,
              guint         *retry_after,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GError) local_error = NULL;
  GBytes *answer;
  SoupMessageHeaders *headers;
  const char *retry;

  *status = 0;
  if (retry_after != NULL)
    *retry_after = 0;

  uri = g_uri_parse_relative (base, path, SOUP_HTTP_URI_FLAGS, NULL);
  if (uri == NULL)
    {
      g_autofree char *url = g_uri_to_string (base);
      g_set_error (error, JG_SYNC_ERROR, JG_SYNC_ERROR_BAD_URL,
                   _("“%s” is not a server address. Use an address such as http://127.0.0.1:8437/."),
                   url);
      return NULL;
    }

  msg = soup_message_new_from_uri (method, uri);
  headers = soup_message_get_request_headers (msg);
  soup_message_headers_replace (headers, "Accept", "application/json");
  if (token != NULL)
    {
      g_autofree char *value = g_strconcat ("Bearer ", token, NULL);
      soup_message_headers_replace (headers, "Authorization", value);
    }
  if (body != NULL)
    soup_message_set_request_body_from_bytes (msg, "application/json; charset=utf-8", body);

  answer = soup_session_send_and_read (session, msg, cancellable, &local_error);
  if (answer == NULL)
    {
      g_autofree char *url = g_uri_to_string (base);

      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else if (local_error->domain == G_TLS_ERROR)
        g_set_error (error, JG_SYNC_ERROR, JG_SYNC_ERROR_TLS,
                     _("The certificate of %s is not trusted (%s). If your network uses its own "
                       "certificate authority, choose its certificate file in Preferences."),
                     url, local_error->message);
      else
        g_set_error (error, JG_SYNC_ERROR, JG_SYNC_ERROR_UNREACHABLE,
                     _("Could not reach the server at %s (%s). Nothing was lost; the records "
                       "stay queued and are sent on the next sync."),
                     url, local_error->message);
      return NULL;
    }

  *status = soup_message_get_status (msg);
  retry = soup_message_headers_get_one (soup_message_get_response_headers (msg), "Retry-After");
  if (retry_after != NULL && retry != NULL)
    {
      guint64 seconds;
      if (g_ascii_string_to_unsigned (retry, 10, 0, 86400, &seconds, NULL))
        *retry_after = (guint) seconds;
      else
        *retry_after = 60;   /* an HTTP date or garbage: a minute */
    }
  return answer;
}
