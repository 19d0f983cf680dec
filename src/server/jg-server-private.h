/* jg-server-private.h — shared by JgServer's own files
 *
 * jg-server.c: the object, listening (through jg-server-listener.c),
 * and the entry point of every request; jg-server-http.c: the HTTP plumbing every answer uses (JSON
 * bodies, error bodies, methods, tokens, the request log);
 * jg-server-handlers.c: the routes of PROTOCOL.md (login in
 * jg-server-login.c); jg-server-faults.c: the faults a test can ask the
 * server to inject; jg-server-limits.c: what a request may be before its
 * body is read (size, token).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "jg-protocol.h"
#include "jg-server.h"
#include "jg-server-accounts.h"
#include "jg-server-listener.h"
#include "jg-server-records.h"
#include "jg-server-reasons.h"
#include "jg-server-json-check.h"
#include "jg-server-log.h"

G_BEGIN_DECLS

#define JG_SERVER_TOO_MANY_REQUESTS_PHRASE "Too Many Requests"
/* What a 429 asks the client to wait, in seconds (a header value). */
#define JG_SERVER_RETRY_AFTER_SECONDS "2"

/* Passwords verified at once (each takes 64 MiB with the interactive
 * limits); more logins wait their turn. */
#define JG_SERVER_LOGIN_THREADS 2

#define JG_SERVER_CHANGES_PREFIX "/api/v1/changes/"
#define JG_SERVER_RECORDS_PATH "/api/v1/records"
#define JG_SERVER_POSTS_PATH "/api/v1/posts"
#define JG_SERVER_IMAGES_PREFIX "/api/v1/images/"
#define JG_SERVER_LOGIN_PATH "/api/v1/login"

/* PROTOCOL.md, "Limits". A body without a token (a login, or a request
 * to a route that reads none) is a few hundred bytes at most. */
#define JG_SERVER_SMALL_BODY_BYTES (4 * 1024)

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
  GTlsCertificate *tls_certificate;
  JgServerListener *listener;
  guint max_connections;
  guint header_timeout;
  guint body_timeout;
  guint idle_timeout;

  JgServerFault fault;
  double fault_rate;
  guint fault_after;
  guint fault_delay_ms;
  GRand *rand;
  guint64 n_eligible;

  GPtrArray *delayed;   /* of Delayed*, answered when their timer fires */

  /* jg-server-login.c */
  GThreadPool *login_pool;
  GPtrArray *logins;            /* of Login*: verifying, or answering */
  GMutex login_lock;            /* the two tables: the pool reads them too */
  GHashTable *login_accounts;   /* user name → failures in the window */
  GHashTable *login_addresses;  /* client address → failures */
  guint login_account_attempts;
  guint login_address_attempts;
  gint64 login_window;

  /* --test-clock (with --demo only): POST /api/v1/test/clock may set the
   * time the server stamps on posts; 0 is the real clock. */
  gboolean test_clock;
  gint64 fixed_now;

  /* --max-body-bytes: the largest body of a request with a token. */
  gsize max_body_bytes;
};

/* jg-server-http.c */

/* One line per request on stderr, printed when the answer is sent. */
typedef struct {
  gint64 start;
  char *line;       /* "METHOD PATH?QUERY" */
  gulong handler;
} JgServerRequestLog;

JgServerRequestLog *jg_server_request_log_start  (SoupServerMessage   *msg);
void                jg_server_request_log_print  (JgServerRequestLog  *log,
                                                  guint                status);

/* Sets @status and a JSON body (taken). */
void        jg_server_reply_json          (SoupServerMessage  *msg,
                                           guint               status,
                                           char               *body,
                                           gsize               length);
void        jg_server_reply_node          (SoupServerMessage  *msg,
                                           guint               status,
                                           JsonNode           *node);
/* The error body of PROTOCOL.md: {"error": WORD, "message": TEXT}. */
void        jg_server_reply_error         (SoupServerMessage  *msg,
                                           guint               status,
                                           const char         *word,
                                           const char         *format,
                                           ...) G_GNUC_PRINTF (4, 5);
/* 500 after logging @error (may be NULL). */
void        jg_server_reply_server_error  (SoupServerMessage  *msg,
                                           GError             *error);
void        jg_server_reply_unauthorized  (SoupServerMessage  *msg,
                                           const char         *why);

/* Whether the request's method is one of @allowed ("GET, HEAD", "POST");
 * if not, answers 405 with an Allow header. */
gboolean    jg_server_method_allowed      (SoupServerMessage  *msg,
                                           const char         *allowed);
/* The token of the one "Authorization: Bearer <token>" header, or NULL
 * (no header, two, or another form). */
const char *jg_server_bearer_token        (SoupServerMessage  *msg);
/* The request body as a JSON object (owned by @parser) in *@object, NULL
 * when it is empty, not JSON or not an object (the caller answers). FALSE
 * after answering 400 when jg_server_json_check() refuses it. */
gboolean    jg_server_request_object      (SoupServerMessage  *msg,
                                           JsonParser         *parser,
                                           JsonObject        **object);
/* The string member @name of @object (may be NULL), or NULL if it has
 * none or it is not a string. */
const char *jg_server_string_member       (JsonObject         *object,
                                           const char         *name);

/* At most 64 bytes of a request value, for messages. */
char       *jg_server_clip                (const char         *value);
/* A non-negative decimal integer, digits only, within [min, max]. */
gboolean    jg_server_parse_uint          (const char         *str,
                                           gint64              min,
                                           gint64              max,
                                           gint64             *value);
/* RFC 9110 If-None-Match: "*" or a list of (possibly weak) entity tags. */
gboolean    jg_server_etag_matches        (const char         *if_none_match,
                                           const char         *etag);

/* Sets @status and an error body whose one reason is @reason
 * (PROTOCOL.md, "Error bodies of the post routes"). */
void        jg_server_reply_reason        (SoupServerMessage    *msg,
                                           guint                 status,
                                           const char           *word,
                                           const JgServerReason *reason);
/* The `error` word of a 4xx status of the post routes. */
const char *jg_server_status_word         (guint               status);

/* jg-server-handlers.c */

/* The account of the request's token in *@account, or FALSE after
 * answering 401 (or 500). */
gboolean    jg_server_token_account       (JgServer           *self,
                                           SoupServerMessage  *msg,
                                           JgServerAccount   **account);
/* The account of the request's token (checked by the early handler, or
 * now), or NULL after answering 401 (or 500). */
JgServerAccount *jg_server_authenticate   (JgServer           *self,
                                           SoupServerMessage  *msg);
/* A page of the change-log feed @db_feed, named @feed in the answer
 * (PROTOCOL.md, "Feeds and delta sync"). */
void        jg_server_answer_changes      (JgServer           *self,
                                           SoupServerMessage  *msg,
                                           const char         *feed,
                                           const char         *db_feed,
                                           gboolean            honour_etag);
/* A page of the department feed @feed (records, posts): always the
 * token's department, as there is no way to ask for another; its change
 * log is @db_feed_of (the department). */
void        jg_server_answer_department_feed (JgServer          *self,
                                              SoupServerMessage *msg,
                                              const char        *feed,
                                              char            *(*db_feed_of) (const char *department),
                                              gboolean           honour_etag);
/* The time the server stamps: the real clock, or the test clock. */
gint64      jg_server_now                 (JgServer           *self);

/* jg-server-handlers-posts.c: the routes of "Posts"; TRUE when @path is
 * one of them (and the request was answered). */
gboolean    jg_server_answer_posts        (JgServer           *self,
                                           SoupServerMessage  *msg,
                                           const char         *path,
                                           gboolean            honour_etag);

/* jg-server-login.c: POST /api/v1/login (pauses @msg while the password
 * is verified in a worker thread). */
void        jg_server_answer_login        (JgServer           *self,
                                           SoupServerMessage  *msg,
                                           gboolean            honour_etag);
void        jg_server_login_init          (JgServer           *self);
/* Starts making the dummy hash (once serving). */
void        jg_server_login_start         (JgServer           *self);
/* Waits for the verifications under way. */
void        jg_server_login_dispose       (JgServer           *self);

/* jg-server-images.c: HEAD/PUT/GET /api/v1/images/{sha256} (@account
 * set) and the public GET /images/{sha256} (@account NULL). */
void        jg_server_answer_image        (JgServer           *self,
                                           SoupServerMessage  *msg,
                                           JgServerAccount    *account,
                                           const char         *sha256);


/* The normal answer to any request; @honour_etag FALSE always sends the
 * body (a fault is about to damage it). */
void        jg_server_answer              (JgServer           *self,
                                           SoupServerMessage  *msg,
                                           gboolean            honour_etag);

/* jg-server-limits.c */

/* Installs the early handler: a request's body is refused with 413 when
 * it is or grows larger than its limit, and with 401 when its route needs
 * a token and it has none that is valid, before the body is read. */
void        jg_server_limits_install      (JgServer           *self);
/* The account jg_server_limits_install()'s handler authenticated for
 * @msg (taken), or NULL. */
JgServerAccount *jg_server_limits_take_account (SoupServerMessage *msg);

/* jg-server-faults.c */

/* Counts one eligible request; TRUE if it is to be faulted. */
gboolean    jg_server_fault_counts        (JgServer           *self);
/* Whether the request is eligible and drawn to be faulted. */
gboolean    jg_server_fault_fires         (JgServer           *self,
                                           SoupServerMessage  *msg);
/* Answers a request drawn by jg_server_fault_fires(). */
void        jg_server_fault_answer        (JgServer           *self,
                                           SoupServerMessage  *msg,
                                           JgServerRequestLog *log);
/* Free function of JgServer.delayed: drops a request held by the delay
 * fault without answering it. */
void        jg_server_delayed_free        (gpointer            data);

G_END_DECLS
