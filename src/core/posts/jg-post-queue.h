/* jg-post-queue.h — the posts awaiting a reviewer's sign-off
 *
 * A reviewer's workstation gets the department's posts through the posts
 * feed (PROTOCOL.md, "The department's posts"); those in review are its
 * queue. Read-only, on the post store's connection (the caller's thread,
 * as jg-posts-model.c reads): a department's queue is a handful of posts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "jg-post-store.h"

G_BEGIN_DECLS

typedef struct {
  char         *uuid;
  JgPostColumn  column;
  char         *title;
  char         *author;     /* the post's author field, NULL when empty */
  guint         revision;   /* the revision under review: what is signed */
  guint         level;      /* 1-based: 初审, 复审, 终审 */
  guint         levels;     /* the levels it was submitted under, 1–3 */
  gint64        since;      /* unix time it reached this workstation in review */
} JgPostQueueItem;

void       jg_post_queue_item_free (JgPostQueueItem *item);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (JgPostQueueItem, jg_post_queue_item_free)

/* The posts in review, not being deleted, oldest first: JgPostQueueItem*. */
GPtrArray *jg_post_queue_list      (JgPostStore  *store,
                                    GError      **error);

/* Keeps @checks (JgIssue*, may be NULL) as those the author's client sent
 * with @uuid's @revision (the posts feed's "checks"), replacing what was
 * kept: what the queue shows the reviewer. Call it before the copy is
 * applied (jg_post_store_apply_copy), whose "changed" the queue follows. */
gboolean   jg_post_queue_set_checks (JgPostStore  *store,
                                     const char   *uuid,
                                     guint         revision,
                                     GPtrArray    *checks,
                                     GError      **error);

G_END_DECLS
