/* jg-search-grams-private.h — the jg_gram FTS5 tokenizer (core only: takes a sqlite3 handle)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

/* Letters, digits and private-use characters: the characters a gram may hold.
 * The same classes as FTS5's unicode61 default ("L* N* Co"). */
gboolean jg_search_is_word_char (gunichar  c);

/* Registers the jg_gram tokenizer on @db. Every connection that touches the
 * sub_item table needs it (its triggers write the gram index). */
gboolean jg_search_register      (sqlite3  *db,
                                  GError  **error);

G_END_DECLS
