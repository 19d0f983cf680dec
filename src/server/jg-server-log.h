/* jg-server-log.h — every line the reference server writes to its log
 *
 * The log is stderr, one event a line; a reader (or a script) trusts that
 * a line starting "FORBIDDEN" is one. Much of what is logged comes from
 * the request (its path and query, a pushed record's department), so every
 * line goes through jg_server_log(), which escapes what could break a line
 * or forge the next one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* @text with control characters (newlines included), DEL, backslashes and
 * bytes that are not UTF-8 written as \n, \r, \t, \\ or \xHH: one line,
 * printable, and unambiguous. */
char *jg_server_log_escape (const char *text);

/* Formats one line, escapes it whole with jg_server_log_escape() and
 * writes it to stderr followed by a newline. */
void  jg_server_log        (const char *format,
                            ...) G_GNUC_PRINTF (1, 2);

G_END_DECLS
