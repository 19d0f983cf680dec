/* jg-http.h — what the catalogue sync, the account and the outbox share of HTTP
 *
 * One session setup (user agent, timeouts, the optional CA file: TLS
 * verification is always on), one check of a server address, and one way to
 * send a JSON request with a Bearer token. Errors are JG_SYNC_ERROR codes
 * with translated sentences.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

SoupSession *jg_http_session_new             (const char    *ca_file,
                                              GError       **error);
/* @server_url with a trailing slash, checked to be http(s); JG_SYNC_ERROR_BAD_URL. */
GUri        *jg_http_parse_server_url        (const char    *server_url,
                                              GError       **error);
/* Sends @method @path (relative to @base) with @body (JSON, may be NULL)
 * and @token (may be NULL). Returns the answer's body (empty if none) and
 * its status; NULL with a JG_SYNC_ERROR (UNREACHABLE, TLS) or
 * G_IO_ERROR_CANCELLED when no answer arrived. */
GBytes      *jg_http_send                    (SoupSession   *session,
                                              GUri          *base,
                                              const char    *method,
                                              const char    *path,
                                              GBytes        *body,
                                              const char    *token,
                                              guint         *status,
                                              guint         *retry_after,
                                              GCancellable  *cancellable,
                                              GError       **error);

G_END_DECLS
