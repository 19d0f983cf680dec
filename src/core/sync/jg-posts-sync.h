/* jg-posts-sync.h — sends posts and their images, learns what the server did
 *
 * One run (PROTOCOL.md, "Posts"), on the sync's own connection:
 *
 * 1. The wording list feed ('wording', public) into the account's wording
 *    table: submit checks posts against it (jg_posts_sync_load_wording).
 * 2. The month's quota thresholds (GET posts/quota), kept in the account's
 *    database so that they hold offline (jg_posts_sync_get_quota_rules).
 * 3. The push (jg-posts-push.c): for each submitted post, first each of its
 *    images, resumably (HEAD says how much the server has, PUT sends the
 *    rest in chunks); an image the server refuses (413, 422) is marked
 *    failed and its post rejected with the reason, so it cannot go. Then
 *    the posts whose images are all on the server, in small batches:
 *    "sending" before the request, the answer applied in one transaction
 *    before the next. A post left "sending" by a crash is sent again as
 *    it was: the server answers the same revision once.
 * 4. The department's posts feed ('posts', jg-posts-feed.c): states,
 *    comments, sign-offs and publication times, the posts of the others
 *    (a second workstation restores them), and the images they show that
 *    this computer lacks. A post returned while edited here keeps both.
 *
 * Failures of one step stop the run (the next run starts again from what
 * was stored); 401 is JG_OUTBOX_ERROR_NEEDS_SIGN_IN as for records. Each
 * run is logged in sync_run with kind 'posts'.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "jg-post-store.h"
#include "jg-quota.h"
#include "jg-store.h"
#include "jg-wording.h"

G_BEGIN_DECLS

typedef struct {
  guint    sent;              /* posts sent in this run (resends included) */
  guint    accepted;
  guint    rejected;          /* by the server, or for an image it refused */
  guint    images_uploaded;
  guint    images_failed;
  guint    images_downloaded;
  guint    posts_updated;     /* changes taken from the posts feed */
  guint    wording_changes;
  gboolean quota_changed;     /* thresholds changed, or posts were published or withdrawn */
  guint    retry_after;       /* seconds, after 429/503 */
} JgPostsSyncResult;

#define JG_TYPE_POSTS_SYNC (jg_posts_sync_get_type ())
G_DECLARE_FINAL_TYPE (JgPostsSync, jg_posts_sync, JG, POSTS_SYNC, GObject)

JgPostsSync *jg_posts_sync_new          (const char        *db_path,
                                         const char        *server_url,
                                         const char        *token);
void         jg_posts_sync_set_ca_file  (JgPostsSync       *self,
                                         const char        *ca_file);

/* Blocking; @result is filled in whether the run succeeds or not. */
gboolean     jg_posts_sync_run          (JgPostsSync       *self,
                                         JgPostsSyncResult *result,
                                         GCancellable      *cancellable,
                                         GError           **error);
void         jg_posts_sync_run_async    (JgPostsSync       *self,
                                         GCancellable      *cancellable,
                                         GAsyncReadyCallback callback,
                                         gpointer           user_data);
gboolean     jg_posts_sync_run_finish   (JgPostsSync       *self,
                                         GAsyncResult      *res,
                                         JgPostsSyncResult *result,
                                         GError           **error);

/* Online, blocking (PROTOCOL.md "Reviewing", "Withdrawing"): the server's
 * answer is applied to the store before they return. Errors are
 * translated sentences (the server's reasons said in this language). */
gboolean     jg_posts_sync_review       (JgPostsSync       *self,
                                         const char        *uuid,
                                         guint              revision,
                                         gboolean           approve,
                                         const char        *comment,
                                         GCancellable      *cancellable,
                                         GError           **error);
gboolean     jg_posts_sync_withdraw     (JgPostsSync       *self,
                                         const char        *uuid,
                                         const char        *reason,
                                         GCancellable      *cancellable,
                                         GError           **error);

/* Signal "progress" (guint64 done, guint64 total): posts and images. */

/* --- kept in the account's database --------------------------------------- */

/* The thresholds of the last run (the defaults before any). */
void           jg_posts_sync_get_quota_rules (JgStore      *store,
                                              JgQuotaRule   out[JG_QUOTA_N_COLUMNS]);
/* The server's working-day calendar of the last run (holidays and the
 * weekend days worked instead); before any, Monday–Friday. */
JgWorkCalendar *jg_posts_sync_get_work_calendar (JgStore    *store);
/* The wording list downloaded from the server, compiled; before the first
 * download, the starter list shipped with the app
 * (data/wording/serious-errors.tsv). */
JgWordingList *jg_posts_sync_load_wording    (JgStore      *store,
                                              GError      **error);

G_END_DECLS
