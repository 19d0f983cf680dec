/* jg-server-json-check.h — what a JSON body may be before json-glib reads it
 *
 * json-glib's parser recurses once per level of nesting: about 80,000
 * brackets run the server's stack out. It also ends a string at an
 * escaped NUL and keeps the last of two members of the same name, so a
 * body could mean one thing to us and another to whoever else reads it.
 * Every JSON body the server reads from a request goes through
 * jg_server_json_check() first: one pass of yajl's event parser, which
 * keeps its own stack and does not recurse (PROTOCOL.md, "Limits").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A batch is 4 levels deep, a post 5: the bound keeps json-glib's stack
 * small whatever the body. */
#define JG_SERVER_MAX_JSON_DEPTH 64

/* Whether the JSON text @body may be handed to json-glib: nesting at most
 * JG_SERVER_MAX_JSON_DEPTH deep, no \u0000 in a string or member name, no
 * member twice in one object, and JSON to yajl. FALSE with the reason for
 * the client (an English sentence) in *@why. */
gboolean jg_server_json_check (const char  *body,
                               gsize        length,
                               char       **why);

G_END_DECLS
