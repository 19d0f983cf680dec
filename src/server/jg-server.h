/* jg-server.h — the reference sync server: HTTP front of JgServerDb
 *
 * Serves PROTOCOL.md over a SoupServer: GET /api/v1/info,
 * GET /api/v1/changes/{feed} (codes, catalogue: public; records: per
 * department, with a token), POST /api/v1/login, /api/v1/logout and
 * /api/v1/records; the posts (/api/v1/posts…, /api/v1/images/…, the
 * posts and wording feeds) and the public column (/api/v1/posts/published,
 * /column/{department}, /images/{sha256}). Can inject faults into the
 * feeds' and the pushes' answers so clients can be tested against a
 * misbehaving server.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "jg-server-db.h"

G_BEGIN_DECLS

typedef enum {
  JG_SERVER_FAULT_NONE,
  JG_SERVER_FAULT_500,          /* 500 with an error body */
  JG_SERVER_FAULT_TRUNCATE,     /* full Content-Length, half the body, close */
  JG_SERVER_FAULT_MALFORMED,    /* 200, body cut in half (invalid JSON) */
  JG_SERVER_FAULT_DELAY,        /* answer normally after a delay */
  JG_SERVER_FAULT_429,          /* 429 with Retry-After: 2 */
  JG_SERVER_FAULT_EXPIRE_TOKENS, /* every token is expired: 401 */
} JgServerFault;

/* Parses "500", "truncate", "malformed", "delay", "429", "expire-tokens"
 * (or "none"). */
gboolean     jg_server_fault_from_string (const char     *str,
                                          JgServerFault  *fault);
/* "500, truncate, …": the faults jg_server_fault_from_string() knows. */
char        *jg_server_fault_list        (void);

/* How long a token lives unless jg_server_set_token_ttl() says otherwise. */
#define JG_SERVER_DEFAULT_TOKEN_TTL (8 * 3600)
/* The wait of JG_SERVER_FAULT_DELAY unless jg_server_set_fault() says
 * otherwise. */
#define JG_SERVER_DEFAULT_FAULT_DELAY_MS 2000
/* The largest request body with a token unless
 * jg_server_set_max_body_bytes() says otherwise: a whole image
 * (JG_PROTOCOL_MAX_IMAGE_BYTES, 10 MiB, in one PUT) or a batch of 1,000
 * records with room to spare. */
#define JG_SERVER_DEFAULT_MAX_BODY_BYTES (16 * 1024 * 1024)

#define JG_TYPE_SERVER (jg_server_get_type ())
G_DECLARE_FINAL_TYPE (JgServer, jg_server, JG, SERVER, GObject)

JgServer    *jg_server_new            (JgServerDb     *db);
/* Serve HTTPS with the PEM certificate (chain) and key in these files;
 * before jg_server_listen(). */
gboolean     jg_server_set_tls        (JgServer       *self,
                                       const char     *cert_file,
                                       const char     *key_file,
                                       GError        **error);

/* @rate: fraction (0..1) of eligible requests faulted, drawn from a PRNG
 * seeded with @seed; @after: the first @after eligible requests are
 * answered normally; @delay_ms: for JG_SERVER_FAULT_DELAY. Eligible
 * requests are those under /api/v1/changes/ and POST /api/v1/records; for
 * JG_SERVER_FAULT_EXPIRE_TOKENS, those that carry a token. */
void         jg_server_set_fault      (JgServer       *self,
                                       JgServerFault   fault,
                                       double          rate,
                                       guint32         seed,
                                       guint           after,
                                       guint           delay_ms);

/* How long a token from /api/v1/login lives (default 8 hours). */
void         jg_server_set_token_ttl  (JgServer       *self,
                                       gint64          seconds);

/* The largest request body of a route with a token (PROTOCOL.md,
 * "Limits"); larger ones are answered 413 before they are read. */
void         jg_server_set_max_body_bytes (JgServer   *self,
                                           gsize       bytes);

/* Tests only (serve --demo --test-clock): POST /api/v1/test/clock may
 * set the time stamped on posts (PROTOCOL.md, "Commands"). */
void         jg_server_set_test_clock (JgServer       *self,
                                       gboolean        enabled);

/* PROTOCOL.md, "Connections": at most @max_connections at once (more
 * wait in the listen backlog), a request's headers within
 * @header_timeout seconds of its first byte, its body within
 * @body_timeout seconds of its headers, no read or write stalled
 * and no kept-alive connection idle for more than @idle_timeout
 * seconds. Before jg_server_listen(); defaults in jg-server-listener.h. */
void         jg_server_set_connection_limits (JgServer   *self,
                                              guint       max_connections,
                                              guint       header_timeout,
                                              guint       body_timeout,
                                              guint       idle_timeout);

/* Sign-in limits (PROTOCOL.md, "Sign-in limits"): at most
 * @account_attempts per user name and @address_attempts per client
 * address in @window seconds (a sign-in that works gives its attempt
 * back); then 429 with Retry-After until the window ends. */
#define JG_SERVER_LOGIN_ACCOUNT_ATTEMPTS 5
#define JG_SERVER_LOGIN_ADDRESS_ATTEMPTS 30
#define JG_SERVER_LOGIN_WINDOW 300
void         jg_server_set_login_limits (JgServer      *self,
                                         guint          account_attempts,
                                         guint          address_attempts,
                                         guint          window);

/* Listens on @address (an IP address, or "localhost") and @port (0: any
 * free port). */
gboolean     jg_server_listen         (JgServer       *self,
                                       const char     *address,
                                       guint           port,
                                       GError        **error);
/* "http://ADDRESS:PORT/" once listening, else NULL. */
const char  *jg_server_get_url        (JgServer       *self);
guint        jg_server_get_port       (JgServer       *self);

/* Stops listening and closes all connections. */
void         jg_server_disconnect     (JgServer       *self);

G_END_DECLS
