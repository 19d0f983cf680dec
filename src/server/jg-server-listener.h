/* jg-server-listener.h — the reference server's own listening socket
 *
 * libsoup's soup_server_listen() takes a backlog of 10, has no deadline
 * for a request's headers nor for an idle connection, and stops
 * accepting for good after one accept() error (EMFILE: a thousand silent
 * connections wedged the server). JgServerListener accepts itself and
 * hands each connection to the SoupServer with
 * soup_server_accept_iostream() (PROTOCOL.md, "Connections"):
 *
 * - a listen backlog of SOMAXCONN (the kernel clamps it to
 *   net.core.somaxconn);
 * - at most @max_connections open connections: at the cap it stops
 *   accepting, and new connections wait in the backlog until one closes;
 * - a connection must send a request's complete headers within
 *   @header_timeout seconds of its first byte (of being accepted, for
 *   the first request), and its body within @body_timeout seconds of its
 *   headers: a slowloris is cut off;
 * - a read or write that makes no progress for @idle_timeout seconds ends
 *   the connection, and so does a kept-alive connection that sends no new
 *   request for as long;
 * - an accept() error (EMFILE, ENFILE, ENOBUFS…) pauses accepting for
 *   JG_SERVER_ACCEPT_RETRY_MS and then retries, never stops for good.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

/* How many connections are served at once unless told otherwise (and
 * never more than the descriptor limit less JG_SERVER_FDS_KEPT). */
#define JG_SERVER_DEFAULT_MAX_CONNECTIONS 1000
/* Descriptors kept free for the database, its WAL, images and the log. */
#define JG_SERVER_FDS_KEPT 64
/* Seconds from a request's first byte to its last header. */
#define JG_SERVER_DEFAULT_HEADER_TIMEOUT 10
/* Seconds from a request's last header to the end of its body (a 256 KiB
 * image chunk at 32 KiB/s takes 8). */
#define JG_SERVER_DEFAULT_BODY_TIMEOUT 120
/* Seconds a connection may stall a read or write, or wait for its next
 * request. */
#define JG_SERVER_DEFAULT_IDLE_TIMEOUT 60
/* How long accepting pauses after an accept() error. */
#define JG_SERVER_ACCEPT_RETRY_MS 100

#define JG_TYPE_SERVER_LISTENER (jg_server_listener_get_type ())
G_DECLARE_FINAL_TYPE (JgServerListener, jg_server_listener, JG, SERVER_LISTENER, GObject)

/* Binds @address and starts accepting for @server on the thread-default
 * main context; TLS with @certificate when not NULL. */
JgServerListener *jg_server_listener_new           (SoupServer       *server,
                                                    GSocketAddress   *address,
                                                    GTlsCertificate  *certificate,
                                                    guint             max_connections,
                                                    guint             header_timeout,
                                                    guint             body_timeout,
                                                    guint             idle_timeout,
                                                    GError          **error);
/* The port bound (useful after port 0). */
guint             jg_server_listener_get_port      (JgServerListener *self);
/* Connections open now. */
guint             jg_server_listener_get_n_open    (JgServerListener *self);
/* Stops accepting (open connections are the SoupServer's to close). */
void              jg_server_listener_close         (JgServerListener *self);

/* Raises the soft RLIMIT_NOFILE to the hard one; the soft limit after. */
guint64           jg_server_raise_fd_limit         (void);
/* JG_SERVER_DEFAULT_MAX_CONNECTIONS, or fewer under a low @fd_limit. */
guint             jg_server_default_max_connections (guint64         fd_limit);

G_END_DECLS
