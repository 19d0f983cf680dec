/* jg-post-sync.h — what the posts sync reads and writes through the store
 *
 * The posts push and feed (src/core/sync/jg-posts-*.c) reach the post
 * tables only through the post store: the states are in jg-post-states.h;
 * this is the rest they need: the queue of posts to send and the exact
 * body of each, forgetting a deletion the server took, which images a
 * post shows once the server's copy is stored, and the images a second
 * workstation downloads (stored as the server has them: their name is
 * their SHA-256, so they are not re-encoded).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "jg-post-store.h"

G_BEGIN_DECLS

typedef struct {
  char  *uuid;
  guint  revision;
  char   op;             /* 'u' a revision to review, 'd' a deletion */
} JgPostOutgoing;

void       jg_post_outgoing_free          (JgPostOutgoing *item);

/* Submitted posts, those left "sending" by a run that did not finish (the
 * server is idempotent: sending the same revision again makes no second
 * post), and deletions the server must hear of; oldest first. */
GPtrArray *jg_post_store_list_outgoing    (JgPostStore  *self,
                                           GError      **error);
/* One post of a push batch (jg_post_append_wire_json) with the client's
 * checks of its revision exactly as stored, so that a resend is
 * byte-identical whatever the language now. */
char      *jg_post_store_push_json        (JgPostStore  *self,
                                           const JgPostOutgoing *item,
                                           GError      **error);
/* The server took the deletion of @uuid: the row goes. */
gboolean   jg_post_store_forget_deleted   (JgPostStore  *self,
                                           const char   *uuid,
                                           GError      **error);
/* The server deleted @uuid (its author gave it up while it was returned,
 * on another workstation): the copy here goes, unless it holds an edit
 * not sent (then it stays, to be sent as a new post's revision or
 * deleted by its author). *@removed says whether it went. */
gboolean   jg_post_store_apply_deleted    (JgPostStore  *self,
                                           const char   *uuid,
                                           gboolean     *removed,
                                           GError      **error);
/* Which images @uuid shows, from its stored fields (after a server copy
 * was stored). */
gboolean   jg_post_store_link_images      (JgPostStore  *self,
                                           const char   *uuid,
                                           GError      **error);
/* SHA-256s shown by posts that this computer has no file of. */
GStrv      jg_post_store_missing_images   (JgPostStore  *self,
                                           GError      **error);
/* Stores @bytes (an image downloaded from the server) under its name
 * @sha256, as uploaded. Fails (JG_POST_STORE_ERROR_IMAGE) when the bytes
 * are not that image. */
gboolean   jg_post_images_add_downloaded  (JgPostStore  *self,
                                           const char   *sha256,
                                           const char   *mime,
                                           GBytes       *bytes,
                                           GError      **error);
/* The revision and level @uuid waits at (0 when not in review). */
gboolean   jg_post_store_get_review       (JgPostStore  *self,
                                           const char   *uuid,
                                           guint        *revision,
                                           guint        *level,
                                           GError      **error);

G_END_DECLS
