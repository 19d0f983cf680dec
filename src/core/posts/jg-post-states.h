/* jg-post-states.h — the states the sync gives a post
 *
 * What the posts push and the posts feed (the next layer, beside
 * jg-outbox.c) call on their own connection, inside the transaction that
 * applies a page or an answer: each function changes the state, writes an
 * audit entry naming "sync" (the reviewer is named by the sign-off) and
 * emits "changed" on the post store (jg_post_store_notify_changed() tells
 * the UI's post store once the run is over). @revision is the revision
 * the server speaks about: a function for a revision that is not the
 * local one, or for a post that is gone, does nothing and returns TRUE
 * (*@applied FALSE where asked), as jg_record_store_apply_state() does.
 *
 * Edits made here while the server acted: the server holds @revision as
 * sent, so the local edit becomes the next revision (a draft) and the
 * server's state is remembered in server_revision. When the server
 * returns a post whose next revision is being edited here, both are kept:
 * the server's copy and comment wait beside the local one until the
 * author chooses (jg_post_store_resolve_conflict); the list shows it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "jg-post-store.h"
#include "jg-validate.h"

G_BEGIN_DECLS

/* Who the audit trail names for what the server decided or sent. */
#define JG_POST_STORE_SYNC_WHO "sync"

/* Submitted → sending, when the post goes into a request. */
gboolean   jg_post_store_mark_sending     (JgPostStore  *self,
                                           const char   *uuid,
                                           guint         revision,
                                           GError      **error);
/* Sending → submitted: the request failed before the server answered. */
gboolean   jg_post_store_unmark_sending   (JgPostStore  *self,
                                           const char   *uuid,
                                           guint         revision,
                                           GError      **error);
/* The server holds @revision, awaiting sign-off at @level (1-based) of
 * @levels. */
gboolean   jg_post_store_set_in_review    (JgPostStore  *self,
                                           const char   *uuid,
                                           guint         revision,
                                           guint         level,
                                           guint         levels,
                                           gboolean     *applied,
                                           GError      **error);
/* A reviewer returned @revision with @comment. @server_json, when not
 * NULL, is the server's copy of the post (jg_post_to_json form): kept
 * beside a local edit instead of overwriting it. */
gboolean   jg_post_store_set_returned     (JgPostStore  *self,
                                           const char   *uuid,
                                           guint         revision,
                                           const char   *comment,
                                           const char   *server_json,
                                           gboolean     *applied,
                                           GError      **error);
/* Published at @published_at (the server's time, unix seconds). */
gboolean   jg_post_store_set_published    (JgPostStore  *self,
                                           const char   *uuid,
                                           guint         revision,
                                           gint64        published_at,
                                           gboolean     *applied,
                                           GError      **error);
/* Off the public column at @withdrawn_at, for @reason (required). Any
 * revision: a withdrawal concerns the post. */
gboolean   jg_post_store_set_withdrawn    (JgPostStore  *self,
                                           const char   *uuid,
                                           gint64        withdrawn_at,
                                           const char   *reason,
                                           gboolean     *applied,
                                           GError      **error);
/* The server refused @revision's content for @issues (JgIssue*, their
 * msgid and args rendered in this program's language where known). */
gboolean   jg_post_store_set_rejected     (JgPostStore  *self,
                                           const char   *uuid,
                                           guint         revision,
                                           GPtrArray    *issues,
                                           gboolean     *applied,
                                           GError      **error);

/* --- the department's posts from the server ------------------------------ */

/* A post as the server has it (the posts feed: restore on a new
 * workstation, the department's other workstations' posts). */
typedef struct {
  JgPost      *post;           /* fields, column, department, revision */
  JgPostState  state;          /* the server's: in_review … withdrawn */
  guint        review_level;
  guint        review_levels;
  const char  *review_comment;
  gint64       published_at;   /* 0: not published */
  gint64       withdrawn_at;   /* 0: not withdrawn */
  const char  *withdraw_reason;
} JgPostCopy;

/* Stores @copy: a post unknown here is added; one known here is replaced
 * when it holds nothing unsent (the server's revision is newer, or the
 * same and not being edited); else only what the server decided
 * (publication, withdrawal, review) is taken and the local edit kept.
 * *@applied says whether the content was taken. Audited ("copy"). */
gboolean   jg_post_store_apply_copy       (JgPostStore       *self,
                                           const JgPostCopy  *copy,
                                           gboolean          *applied,
                                           GError           **error);

/* --- sign-offs ------------------------------------------------------------ */

typedef struct {
  guint   revision;
  guint   level;         /* 1-based: 初审, 复审, 终审 */
  char   *reviewer;
  char   *decision;      /* "approve", "return" */
  char   *comment;
  gint64  at;
  guint   levels;        /* of the post (the levels it was submitted under); read only */
} JgPostSignoff;

void       jg_post_signoff_free           (JgPostSignoff *signoff);
/* Copies one of the server's sign-offs; one already copied is left as it
 * is (sign-offs are never rewritten). */
gboolean   jg_post_store_add_signoff      (JgPostStore         *self,
                                           const char          *uuid,
                                           const JgPostSignoff *signoff,
                                           GError             **error);
/* Oldest first, every revision. */
GPtrArray *jg_post_store_list_signoffs    (JgPostStore  *self,
                                           const char   *uuid,
                                           GError      **error);

/* --- both copies ---------------------------------------------------------- */

/* Whether the server returned @uuid while it was edited here; then
 * *@server_post (may be NULL) is the server's copy and *@comment the
 * reviewer's. */
gboolean   jg_post_store_get_conflict     (JgPostStore  *self,
                                           const char   *uuid,
                                           JgPost      **server_post,
                                           char        **comment,
                                           GError      **error);
/* The author's choice: @keep_local keeps the local edit (the server's copy
 * is dropped); else the server's copy replaces it (returned, as the server
 * has it). Audited ("keep-local", "take-server"). */
gboolean   jg_post_store_resolve_conflict (JgPostStore  *self,
                                           const char   *uuid,
                                           gboolean      keep_local,
                                           GError      **error);

G_END_DECLS
