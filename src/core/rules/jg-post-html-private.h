/* jg-post-html-private.h — shared by the post body's reader
 * (jg-post-html-read.c) and writer (jg-post-html.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "jg-post-html.h"

G_BEGIN_DECLS

/* HTML's white space (not Unicode's). */
gboolean   jg_post_html_is_space        (gunichar    c);

/* The runs (JgPostRun*) of a text block as the reader would see them:
 * HTML white space collapsed to one space, no white space (Unicode's, so
 * also U+00A0 and the ideographic U+3000 used to indent) at either end,
 * control characters gone, empty runs gone, neighbours of one weight
 * merged. An empty array when nothing visible is left. Both sides call
 * it: the canonical form is a fixed point of the reader. */
GPtrArray *jg_post_html_normalize_runs  (GPtrArray  *runs);

/* One string (alt, caption) normalised as a text block. */
char      *jg_post_html_normalize_text  (const char *text);

static inline gboolean
jg_post_block_kind_is_item (JgPostBlockKind kind)
{
  return kind == JG_POST_BLOCK_BULLET_ITEM || kind == JG_POST_BLOCK_NUMBER_ITEM;
}

G_END_DECLS
