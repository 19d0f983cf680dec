/* jg-server.c — the reference sync server: HTTP front of JgServerDb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "jg-server-private.h"

#include <string.h>

G_DEFINE_FINAL_TYPE (JgServer, jg_server, G_TYPE_OBJECT)

static void
server_callback (SoupServer        *server,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  JgServer *self = user_data;
  JgServerRequestLog *log = jg_server_request_log_start (msg);

  if (jg_server_fault_fires (self, msg))
    jg_server_fault_answer (self, msg, log);
  else
    jg_server_answer (self, msg, TRUE);
}

static void
jg_server_dispose (GObject *object)
{
  JgServer *self = JG_SERVER (object);

  if (self->delayed != NULL)
    g_ptr_array_set_size (self->delayed, 0);
  jg_server_login_dispose (self);
  if (self->listener != NULL)
    jg_server_listener_close (self->listener);
  if (self->server != NULL)
    soup_server_disconnect (self->server);
  g_clear_object (&self->listener);
  g_clear_object (&self->tls_certificate);
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
  self->fault_delay_ms = JG_SERVER_DEFAULT_FAULT_DELAY_MS;
  self->token_ttl = JG_SERVER_DEFAULT_TOKEN_TTL;
  self->max_connections = JG_SERVER_DEFAULT_MAX_CONNECTIONS;
  self->header_timeout = JG_SERVER_DEFAULT_HEADER_TIMEOUT;
  self->body_timeout = JG_SERVER_DEFAULT_BODY_TIMEOUT;
  self->idle_timeout = JG_SERVER_DEFAULT_IDLE_TIMEOUT;
  self->rand = g_rand_new_with_seed (1);
  self->delayed = g_ptr_array_new_with_free_func (jg_server_delayed_free);
  jg_server_login_init (self);
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
  jg_server_limits_install (self);
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

void
jg_server_set_test_clock (JgServer *self,
                          gboolean  enabled)
{
  g_return_if_fail (JG_IS_SERVER (self));
  self->test_clock = enabled;
  if (!enabled)
    self->fixed_now = 0;
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
  g_set_object (&self->tls_certificate, certificate);
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
  g_clear_object (&self->listener);
  self->listener = jg_server_listener_new (self->server, sockaddr, self->tls_certificate,
                                           self->max_connections, self->header_timeout,
                                           self->body_timeout, self->idle_timeout, error);
  if (self->listener == NULL)
    return FALSE;
  self->port = jg_server_listener_get_port (self->listener);
  jg_server_login_start (self);

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
  if (self->listener != NULL)
    jg_server_listener_close (self->listener);
  soup_server_disconnect (self->server);
}

void
jg_server_set_connection_limits (JgServer *self,
                                 guint     max_connections,
                                 guint     header_timeout,
                                 guint     body_timeout,
                                 guint     idle_timeout)
{
  g_return_if_fail (JG_IS_SERVER (self));
  g_return_if_fail (self->listener == NULL);

  self->max_connections = MAX (max_connections, 1);
  self->header_timeout = MAX (header_timeout, 1);
  self->body_timeout = MAX (body_timeout, 1);
  self->idle_timeout = MAX (idle_timeout, 1);
}
