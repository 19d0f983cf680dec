/* jg-server-listener.c — the reference server's own listening socket
 *
 * See jg-server-listener.h for what it guarantees, PROTOCOL.md
 * ("Connections") for what a client sees.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "jg-server-listener.h"

#include <errno.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

/* Connections accepted per wake-up, so that a burst does not starve the
 * requests already in. */
#define ACCEPT_BATCH 64

typedef enum {
  WAIT_HEADERS,
  WAIT_BODY,
  WAIT_NEXT_REQUEST,
} Wait;

/* One accepted connection. Lives as long as its GSocketConnection (a weak
 * reference): libsoup drops that when the connection is over, whoever
 * ended it. */
typedef struct {
  JgServerListener *listener;   /* NULL once the listener is gone */
  GSocket *socket;              /* unowned: the connection's */
  GSocketAddress *remote;       /* carries this struct as qdata */
  guint deadline_id;            /* closes the connection when it fires */
  Wait waiting;                 /* for what the deadline runs */
  guint n_started;              /* requests started on this connection */
} Conn;

struct _JgServerListener
{
  GObject parent_instance;

  SoupServer *server;
  GSocket *socket;
  GTlsCertificate *certificate;
  guint port;
  guint max_connections;
  guint header_timeout;
  guint body_timeout;
  guint idle_timeout;

  GSource *accept_source;       /* NULL while paused */
  guint retry_id;               /* resumes after an accept() error */
  gboolean error_logged;        /* once per run of errors */
  gboolean closed;
  GHashTable *open;             /* of Conn* */
  gulong request_started_id;

  /* Both ends of a socket pair, the first one a SoupListener of the
   * server: see keep_alive_listener(). */
  GSocket *pair[2];
};

G_DEFINE_FINAL_TYPE (JgServerListener, jg_server_listener, G_TYPE_OBJECT)

G_DEFINE_QUARK (jg-server-listener-conn, conn)

static void set_accepting (JgServerListener *self,
                           gboolean          accepting);

/* ------------------------------------------------------------------ */
/* One connection                                                      */

static void
conn_stop_deadline (Conn *conn)
{
  g_clear_handle_id (&conn->deadline_id, g_source_remove);
}

static gboolean
on_deadline (gpointer user_data)
{
  Conn *conn = user_data;
  g_autofree char *address = NULL;

  conn->deadline_id = 0;
  if (g_socket_is_closed (conn->socket) || conn->listener == NULL)
    return G_SOURCE_REMOVE;
  if (conn->waiting != WAIT_NEXT_REQUEST)
    {
      address = g_inet_address_to_string (g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (conn->remote)));
      g_printerr ("jianguan-server: closed a connection from %s: no complete request %s "
                  "within %u s\n", address,
                  conn->waiting == WAIT_HEADERS ? "headers" : "body",
                  conn->waiting == WAIT_HEADERS ? conn->listener->header_timeout
                                                : conn->listener->body_timeout);
    }
  /* libsoup reads the end of the stream and ends the connection its own
   * way; closing the socket under it would leave its sources polling a
   * descriptor that the next accept() may reuse. */
  g_socket_shutdown (conn->socket, TRUE, TRUE, NULL);
  return G_SOURCE_REMOVE;
}

static void
conn_arm_deadline (Conn *conn,
                   Wait  waiting)
{
  guint seconds;

  conn_stop_deadline (conn);
  if (conn->listener == NULL)
    return;
  conn->waiting = waiting;
  seconds = waiting == WAIT_HEADERS ? conn->listener->header_timeout
          : waiting == WAIT_BODY ? conn->listener->body_timeout
          : conn->listener->idle_timeout;
  conn->deadline_id = g_timeout_add_seconds (seconds, on_deadline, conn);
}

/* A body trickled a byte at a time makes progress, so the socket's idle
 * timeout never ends it: it has a deadline of its own. */
static void
on_got_headers (SoupServerMessage *msg,
                gpointer           user_data)
{
  conn_arm_deadline (user_data, WAIT_BODY);
}

/* The handler runs from here: it may take its time. */
static void
on_got_body (SoupServerMessage *msg,
             gpointer           user_data)
{
  conn_stop_deadline (user_data);
}

/* An answer is sent: the connection, kept alive, waits for the next
 * request (a closed one is gone before the deadline fires). */
static void
on_finished (SoupServerMessage *msg,
             gpointer           user_data)
{
  conn_arm_deadline (user_data, WAIT_NEXT_REQUEST);
}

static void
on_request_started (SoupServer        *server,
                    SoupServerMessage *msg,
                    gpointer           user_data)
{
  GSocketAddress *remote = soup_server_message_get_remote_address (msg);
  Conn *conn = remote != NULL ? g_object_get_qdata (G_OBJECT (remote), conn_quark ()) : NULL;

  if (conn == NULL || conn->listener == NULL)
    return;
  /* The messages of a connection hold it, and it holds the stream whose
   * end frees @conn: @conn outlives @msg. */
  g_signal_connect (msg, "got-headers", G_CALLBACK (on_got_headers), conn);
  g_signal_connect (msg, "got-body", G_CALLBACK (on_got_body), conn);
  g_signal_connect (msg, "finished", G_CALLBACK (on_finished), conn);
  /* The first request's deadline runs from the accept; libsoup starts
   * each later one at its first byte (io_read() in
   * soup-server-message-io-http1.c). */
  if (conn->n_started++ > 0)
    conn_arm_deadline (conn, WAIT_HEADERS);
}

static void
on_connection_gone (gpointer  data,
                    GObject  *where_the_object_was)
{
  Conn *conn = data;
  JgServerListener *self = conn->listener;

  conn_stop_deadline (conn);
  g_object_set_qdata (G_OBJECT (conn->remote), conn_quark (), NULL);
  g_object_unref (conn->remote);
  if (self != NULL)
    {
      g_hash_table_remove (self->open, conn);
      if (self->accept_source == NULL && self->retry_id == 0 &&
          g_hash_table_size (self->open) < self->max_connections)
        set_accepting (self, TRUE);
    }
  g_free (conn);
}

static void
start_connection (JgServerListener *self,
                  GSocket          *client)
{
  g_autoptr(GSocketConnection) base = NULL;
  g_autoptr(GIOStream) stream = NULL;
  g_autoptr(GSocketAddress) local = NULL;
  g_autoptr(GSocketAddress) remote = NULL;
  g_autoptr(GError) error = NULL;
  Conn *conn;

  g_socket_set_option (client, IPPROTO_TCP, TCP_NODELAY, TRUE, NULL);
  /* Every read and write of the connection, and the sources libsoup
   * polls it with, fail after this long without progress. */
  g_socket_set_timeout (client, self->idle_timeout);
  base = g_socket_connection_factory_create_connection (client);
  local = g_socket_get_local_address (client, NULL);
  remote = g_socket_get_remote_address (client, NULL);
  if (local == NULL || remote == NULL)
    return;   /* the peer is already gone: the socket closes with @base */

  if (self->certificate != NULL)
    {
      static const char * const protocols[] = { "http/1.1", "http/1.0", NULL };

      /* As soup_server_listen() did: the handshake happens on the first
       * read, under the header deadline. */
      stream = G_IO_STREAM (g_tls_server_connection_new (G_IO_STREAM (base), self->certificate,
                                                         &error));
      if (stream == NULL)
        {
          g_printerr ("jianguan-server: TLS is unavailable: %s\n", error->message);
          return;
        }
      g_tls_connection_set_require_close_notify (G_TLS_CONNECTION (stream), FALSE);
      g_tls_connection_set_advertised_protocols (G_TLS_CONNECTION (stream), protocols);
    }
  else
    stream = G_IO_STREAM (g_object_ref (base));

  conn = g_new0 (Conn, 1);
  conn->listener = self;
  conn->socket = client;
  conn->remote = g_object_ref (remote);
  g_object_set_qdata (G_OBJECT (remote), conn_quark (), conn);
  g_object_weak_ref (G_OBJECT (base), on_connection_gone, conn);
  g_hash_table_add (self->open, conn);
  conn_arm_deadline (conn, WAIT_HEADERS);

  /* Emits "request-started" for the first request (on_request_started()
   * finds @conn through @remote). */
  soup_server_accept_iostream (self->server, stream, local, remote, NULL);
}

/* ------------------------------------------------------------------ */
/* Accepting                                                           */

static gboolean
on_retry (gpointer user_data)
{
  JgServerListener *self = user_data;

  self->retry_id = 0;
  if (g_hash_table_size (self->open) < self->max_connections)
    set_accepting (self, TRUE);
  return G_SOURCE_REMOVE;
}

static gboolean
on_incoming (GSocket      *socket,
             GIOCondition  condition,
             gpointer      user_data)
{
  JgServerListener *self = user_data;

  for (guint i = 0; i < ACCEPT_BATCH; i++)
    {
      g_autoptr(GSocket) client = NULL;
      g_autoptr(GError) error = NULL;

      if (g_hash_table_size (self->open) >= self->max_connections)
        {
          /* The rest wait in the backlog until a connection ends. */
          set_accepting (self, FALSE);
          return G_SOURCE_REMOVE;
        }
      client = g_socket_accept (self->socket, NULL, &error);
      if (client == NULL)
        {
          if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
            return G_SOURCE_CONTINUE;
          /* EMFILE, ENFILE, ENOBUFS, ECONNABORTED…: the listening socket
           * stays readable, so retrying at once would spin. */
          if (!self->error_logged)
            g_printerr ("jianguan-server: cannot accept a connection (%s); retrying every %d ms\n",
                        error->message, JG_SERVER_ACCEPT_RETRY_MS);
          self->error_logged = TRUE;
          set_accepting (self, FALSE);
          self->retry_id = g_timeout_add (JG_SERVER_ACCEPT_RETRY_MS, on_retry, self);
          return G_SOURCE_REMOVE;
        }
      if (self->error_logged)
        g_printerr ("jianguan-server: accepting connections again\n");
      self->error_logged = FALSE;
      start_connection (self, client);
    }
  return G_SOURCE_CONTINUE;
}

static void
set_accepting (JgServerListener *self,
               gboolean          accepting)
{
  if (accepting && self->accept_source == NULL && !self->closed)
    {
      self->accept_source = g_socket_create_source (self->socket, G_IO_IN, NULL);
      g_source_set_callback (self->accept_source, (GSourceFunc) G_CALLBACK (on_incoming),
                             self, NULL);
      g_source_attach (self->accept_source, NULL);
    }
  else if (!accepting && self->accept_source != NULL)
    {
      g_source_destroy (self->accept_source);
      g_clear_pointer (&self->accept_source, g_source_unref);
    }
}

/* libsoup 3.2 keeps a connection alive after an answer only while the
 * server has a listener of its own (request_finished() in soup-server.c):
 * with soup_server_accept_iostream() alone, every connection would close
 * after one request, and every client would pay a new TCP (and TLS)
 * handshake per request. One end of a socket pair is such a listener: it
 * is never written to, so it never accepts anything. */
static gboolean
keep_alive_listener (JgServerListener  *self,
                     GError           **error)
{
  int fds[2];

  if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "Could not create a socket pair: %s", g_strerror (saved));
      return FALSE;
    }
  self->pair[0] = g_socket_new_from_fd (fds[0], error);
  if (self->pair[0] == NULL)
    {
      close (fds[0]);
      close (fds[1]);
      return FALSE;
    }
  self->pair[1] = g_socket_new_from_fd (fds[1], error);
  if (self->pair[1] == NULL)
    {
      close (fds[1]);
      return FALSE;
    }
  return soup_server_listen_socket (self->server, self->pair[0], 0, error);
}

/* ------------------------------------------------------------------ */
/* The object                                                          */

static void
jg_server_listener_dispose (GObject *object)
{
  JgServerListener *self = JG_SERVER_LISTENER (object);

  jg_server_listener_close (self);
  if (self->open != NULL)
    {
      GHashTableIter iter;
      gpointer conn;

      /* Connections may outlive the listener (the SoupServer holds
       * them): they stop reporting here. */
      g_hash_table_iter_init (&iter, self->open);
      while (g_hash_table_iter_next (&iter, &conn, NULL))
        {
          conn_stop_deadline (conn);
          ((Conn *) conn)->listener = NULL;
        }
      g_clear_pointer (&self->open, g_hash_table_unref);
    }
  g_clear_signal_handler (&self->request_started_id, self->server);
  g_clear_object (&self->server);
  g_clear_object (&self->certificate);

  G_OBJECT_CLASS (jg_server_listener_parent_class)->dispose (object);
}

static void
jg_server_listener_class_init (JgServerListenerClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = jg_server_listener_dispose;
}

static void
jg_server_listener_init (JgServerListener *self)
{
  self->open = g_hash_table_new (NULL, NULL);
}

JgServerListener *
jg_server_listener_new (SoupServer       *server,
                        GSocketAddress   *address,
                        GTlsCertificate  *certificate,
                        guint             max_connections,
                        guint             header_timeout,
                        guint             body_timeout,
                        guint             idle_timeout,
                        GError          **error)
{
  g_autoptr(JgServerListener) self = NULL;
  g_autoptr(GSocketAddress) bound = NULL;

  g_return_val_if_fail (SOUP_IS_SERVER (server), NULL);
  g_return_val_if_fail (G_IS_INET_SOCKET_ADDRESS (address), NULL);

  self = g_object_new (JG_TYPE_SERVER_LISTENER, NULL);
  self->server = g_object_ref (server);
  self->certificate = certificate != NULL ? g_object_ref (certificate) : NULL;
  self->max_connections = MAX (max_connections, 1);
  self->header_timeout = MAX (header_timeout, 1);
  self->body_timeout = MAX (body_timeout, 1);
  self->idle_timeout = MAX (idle_timeout, 1);

  self->socket = g_socket_new (g_socket_address_get_family (address), G_SOCKET_TYPE_STREAM,
                               G_SOCKET_PROTOCOL_TCP, error);
  if (self->socket == NULL)
    return NULL;
  /* on_incoming() accepts until the queue is empty. */
  g_socket_set_blocking (self->socket, FALSE);
  if (g_socket_address_get_family (address) == G_SOCKET_FAMILY_IPV6)
    g_socket_set_option (self->socket, IPPROTO_IPV6, IPV6_V6ONLY, TRUE, NULL);
  /* GSocket's default backlog is 10: a hundred clients connecting at once
   * saw resets and the kernel's 1 s SYN retry. */
  g_socket_set_listen_backlog (self->socket, SOMAXCONN);
  if (!g_socket_bind (self->socket, address, TRUE, error) ||
      !g_socket_listen (self->socket, error))
    return NULL;
  bound = g_socket_get_local_address (self->socket, error);
  if (bound == NULL)
    return NULL;
  self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));

  if (!keep_alive_listener (self, error))
    return NULL;
  self->request_started_id = g_signal_connect (server, "request-started",
                                               G_CALLBACK (on_request_started), self);
  set_accepting (self, TRUE);
  return g_steal_pointer (&self);
}

guint
jg_server_listener_get_port (JgServerListener *self)
{
  g_return_val_if_fail (JG_IS_SERVER_LISTENER (self), 0);
  return self->port;
}

guint
jg_server_listener_get_n_open (JgServerListener *self)
{
  g_return_val_if_fail (JG_IS_SERVER_LISTENER (self), 0);
  return self->open != NULL ? g_hash_table_size (self->open) : 0;
}

void
jg_server_listener_close (JgServerListener *self)
{
  g_return_if_fail (JG_IS_SERVER_LISTENER (self));

  set_accepting (self, FALSE);
  self->closed = TRUE;
  g_clear_handle_id (&self->retry_id, g_source_remove);
  if (self->socket != NULL)
    g_socket_close (self->socket, NULL);
  g_clear_object (&self->socket);
  for (guint i = 0; i < G_N_ELEMENTS (self->pair); i++)
    g_clear_object (&self->pair[i]);
}

guint64
jg_server_raise_fd_limit (void)
{
  struct rlimit limit;

  if (getrlimit (RLIMIT_NOFILE, &limit) != 0)
    return 0;
  if (limit.rlim_cur < limit.rlim_max)
    {
      limit.rlim_cur = limit.rlim_max;
      if (setrlimit (RLIMIT_NOFILE, &limit) != 0)
        getrlimit (RLIMIT_NOFILE, &limit);
    }
  return limit.rlim_cur == RLIM_INFINITY ? G_MAXUINT64 : (guint64) limit.rlim_cur;
}

guint
jg_server_default_max_connections (guint64 fd_limit)
{
  if (fd_limit == 0 || fd_limit >= JG_SERVER_DEFAULT_MAX_CONNECTIONS + JG_SERVER_FDS_KEPT)
    return JG_SERVER_DEFAULT_MAX_CONNECTIONS;
  if (fd_limit <= 2 * JG_SERVER_FDS_KEPT)
    return MAX (fd_limit / 2, 1);
  return (guint) (fd_limit - JG_SERVER_FDS_KEPT);
}
