/* jg-posts-sync-private.h — shared by the posts sync's own files
 *
 * jg-posts-sync.c: the object, a run, review and withdrawal;
 * jg-posts-push.c: images and posts sent; jg-posts-feed.c: the posts
 * feed (and the images it shows), the wording feed and the quota.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "jg-http.h"
#include "jg-post-store.h"
#include "jg-posts-sync.h"
#include "jg-sync-engine.h"

G_BEGIN_DECLS

struct _JgPostsSync
{
  GObject       parent_instance;
  JgSyncEngine  engine;
};

/* One run (or one online call), on its own connection and HTTP client. */
typedef struct {
  JgPostsSync       *self;
  JgStore           *store;
  JgPostStore       *posts;
  JgHttpClient      *http;
  GCancellable      *cancellable;
  JgPostsSyncResult *res;
  guint64            done;
  guint64            total;
} JgPostsRun;

/* jg-posts-push.c: images, then posts. */
gboolean jg_posts_push              (JgPostsRun   *run,
                                     GError      **error);
/* jg-posts-feed.c */
gboolean jg_posts_pull_wording      (JgPostsRun   *run,
                                     GError      **error);
gboolean jg_posts_pull_quota        (JgPostsRun   *run,
                                     GError      **error);
gboolean jg_posts_pull              (JgPostsRun   *run,
                                     GError      **error);
/* Applies one post as the server has it (the feed's data, or the answer
 * to a review or a withdrawal), in the caller's transaction. */
gboolean jg_posts_apply_server_post (JgPostsRun   *run,
                                     JsonObject   *object,
                                     GError      **error);
/* The reasons of a rejection or of a 409/422 answer as JgIssue*, said in
 * this program's language. */
GPtrArray *jg_posts_reasons         (JsonObject   *object);

G_END_DECLS
