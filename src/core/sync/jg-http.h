/* jg-http.h — the one HTTP plumbing of the catalogue sync, the outbox and
 * the account
 *
 * A JgHttpClient is one session setup (user agent, timeouts, the optional
 * CA file: TLS verification is always on), the checked server address, an
 * optional Bearer token, and what the requests are for (JgHttpOperation).
 * The operation chooses the words of every error: a failed download says
 * the local catalogue was not changed, a failed push that the records stay
 * queued, a failed sign-in that the person is not signed in. Errors are
 * JG_SYNC_ERROR codes (JG_OUTBOX_ERROR and JG_ACCOUNT_ERROR for what only
 * those callers have) with translated sentences.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

typedef enum {
  JG_HTTP_FOR_CATALOGUE,   /* downloading feeds into the local catalogue */
  JG_HTTP_FOR_RECORDS,     /* pushing records, reading their states */
  JG_HTTP_FOR_POSTS,       /* pushing posts and images, reading the posts feed */
  JG_HTTP_FOR_SIGN_IN,
  JG_HTTP_FOR_SIGN_OUT,
  JG_HTTP_FOR_FIGURES,     /* reading coverage and the city's table: nothing local changes */
} JgHttpOperation;

/* @server_url with a trailing slash, checked to be http(s); JG_SYNC_ERROR_BAD_URL. */
GUri        *jg_http_parse_server_url        (const char       *server_url,
                                              GError          **error);

/* The error for an answer with @status to a request made for @operation to
 * @base. Returns TRUE (and sets nothing) when @status is a success for
 * @operation: 200, and for a sign-out anything below 400 and 401 (the
 * token is gone either way). */
gboolean     jg_http_check_status            (JgHttpOperation   operation,
                                              GUri             *base,
                                              guint             status,
                                              GError          **error);
/* A JG_SYNC_ERROR_MALFORMED for @operation with a short translated
 * @detail; returns FALSE. */
gboolean     jg_http_set_malformed           (JgHttpOperation   operation,
                                              const char       *detail,
                                              GError          **error);

typedef struct _JgHttpClient JgHttpClient;

/* Checks @server_url and sets up a session; @token (may be NULL) is sent
 * as a Bearer token and wiped when the client is freed. */
JgHttpClient *jg_http_client_new             (const char       *server_url,
                                              const char       *ca_file,
                                              const char       *token,
                                              JgHttpOperation   operation,
                                              GError          **error);
void         jg_http_client_free             (JgHttpClient     *client);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (JgHttpClient, jg_http_client_free)

GUri        *jg_http_client_get_base         (JgHttpClient     *client);
JgHttpOperation jg_http_client_get_operation (JgHttpClient     *client);

/* What came back besides the body. */
typedef struct {
  guint     status;         /* 0 when no answer arrived */
  guint     retry_after;    /* seconds, after 429/503 (a default if the server did not say) */
  char     *etag;           /* of a 200 or 304, or NULL */
  gboolean  not_modified;   /* 304 to an If-None-Match */
  gint64    upload_offset;  /* the Upload-Offset header, -1 when absent */
} JgHttpAnswer;

void         jg_http_answer_clear            (JgHttpAnswer     *answer);

/* Sends @method @path (relative to the server URL) with @body (JSON, may
 * be NULL) and @if_none_match (may be NULL). Returns the body of a
 * successful answer (empty if none). NULL otherwise: with the error of
 * jg_http_check_status(), a JG_SYNC_ERROR (UNREACHABLE, TLS, BAD_URL) or
 * G_IO_ERROR_CANCELLED, or without an error when @answer->not_modified. */
GBytes      *jg_http_client_send             (JgHttpClient     *client,
                                              const char       *method,
                                              const char       *path,
                                              GBytes           *body,
                                              const char       *if_none_match,
                                              JgHttpAnswer     *answer,
                                              GCancellable     *cancellable,
                                              GError          **error);

/* A request with what jg_http_client_send() does not set: a body of
 * another type (the bytes of an image), a Content-Range, and statuses
 * whose body the caller reads itself (a 409 with its offset or reasons,
 * a 404 of HEAD with Upload-Offset, a 413 or 422 with reasons). */
typedef struct {
  const char  *method;
  const char  *path;
  GBytes      *body;           /* may be NULL */
  const char  *content_type;   /* NULL: JSON */
  const char  *content_range;  /* may be NULL */
  const char  *if_none_match;  /* may be NULL */
  const guint *pass_statuses;  /* 0-terminated; may be NULL */
} JgHttpRequest;

/* As jg_http_client_send(), but an answer whose status is in
 * @request->pass_statuses comes back as a body (empty if none) without an
 * error, its status in @answer. */
GBytes      *jg_http_client_request          (JgHttpClient        *client,
                                              const JgHttpRequest *request,
                                              JgHttpAnswer        *answer,
                                              GCancellable        *cancellable,
                                              GError             **error);

/* jg_http_client_send() in a thread of its own (libsoup ≥ 3.2 sends from
 * any thread), so that the caller applies one answer or writes the next
 * request while the server works on this one. @client, @body and
 * @cancellable must outlive the call. */
typedef struct _JgHttpCall JgHttpCall;

JgHttpCall  *jg_http_call_start              (JgHttpClient     *client,
                                              const char       *method,
                                              const char       *path,
                                              GBytes           *body,
                                              const char       *if_none_match,
                                              GCancellable     *cancellable);
/* Waits for the answer and frees @call; as jg_http_client_send(). */
GBytes      *jg_http_call_finish             (JgHttpCall       *call,
                                              JgHttpAnswer     *answer,
                                              GError          **error);
/* Waits for the answer, drops it and frees @call. NULL is allowed. */
void         jg_http_call_discard            (JgHttpCall       *call);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (JgHttpCall, jg_http_call_discard)

G_END_DECLS
