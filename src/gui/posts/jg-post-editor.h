/* jg-post-editor.h — one post of 监管动态 or 曝光台, as its author edits it
 *
 * The post's fields (JgPostForm), for 监管动态 the body editor with its
 * toolbar, a preview as the portal shows it, the checks before
 * submission (the wording hits among them), the reviewer's comment and the
 * sign-offs. Every change is saved within a second; Submit, Delete and
 * Withdraw act on the stored post.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "jg-post-store.h"
#include "jg-session.h"

G_BEGIN_DECLS

#define JG_TYPE_POST_EDITOR (jg_post_editor_get_type ())
G_DECLARE_FINAL_TYPE (JgPostEditor, jg_post_editor, JG, POST_EDITOR, AdwBin)

/* @session (may be NULL in tests: no sync, no withdrawal) and @store, the
 * session's post store; @post as loaded from @store. */
JgPostEditor *jg_post_editor_new        (JgSession    *session,
                                         JgPostStore  *store,
                                         JgPost       *post);
JgPost       *jg_post_editor_get_post   (JgPostEditor *self);
/* Saves a pending change now, on the caller's connection once the saves
 * under way are done. FALSE (and a "message") on failure. */
gboolean      jg_post_editor_flush      (JgPostEditor *self);
/* Moves the focus into the form: its first field. */
void          jg_post_editor_focus      (JgPostEditor *self);

/* Signals: "close" () — the user went back to the list;
 *          "message" (const char *text) — a sentence for a toast;
 *          "deleted" (JgPost *post) — the post was deleted, as it was
 *          before (for an Undo). */

G_END_DECLS
