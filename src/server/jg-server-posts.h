/* jg-server-posts.h — posts, their review and their publication
 * (PROTOCOL.md, "Posts")
 *
 * The store side of the post routes: the tables of schema step 4 are
 * written here (jg-server-posts*.c) and, for images, in
 * jg-server-images.c only. Each post is also one change of type `post` in
 * the change-log feed "posts/<department>", rewritten whole whenever the
 * post changes, so GET /api/v1/changes/posts pages like every feed.
 *
 * jg-server-posts.c: the push; jg-server-posts-review.c: sign-offs and
 * withdrawal; jg-server-posts-feed.c: a post as JSON and its feed entry;
 * jg-server-posts-public.c: the quota and the published column (JSON,
 * HTML); jg-server-posts-settings.c: the wording list, review levels and
 * quota rules the commands edit.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "jg-server-db.h"
#include "jg-server-accounts.h"
#include "jg-server-reasons.h"

G_BEGIN_DECLS

#define JG_SERVER_POSTS_FEED "posts"
#define JG_SERVER_WORDING_FEED "wording"
#define JG_SERVER_COLUMN_DYNAMICS "dynamics"
#define JG_SERVER_COLUMN_EXPOSURE "exposure"
/* The review levels of a department that has none set, unless the
 * server's setting says otherwise. */
#define JG_SERVER_DEFAULT_REVIEW_LEVELS 1

/* 64 lowercase hex digits: an image's name. */
gboolean  jg_server_is_sha256           (const char        *text);

/* The change-log feed of @department's posts. */
char     *jg_server_posts_feed          (const char        *department);
gboolean  jg_server_posts_column_is_valid (const char      *column);

/* What a review or withdrawal came to: @status 200, or 4xx with an
 * English @message and, for 409/422, its template and arguments. */
typedef struct {
  guint   status;
  char   *message;
  const char *msgid;
  char   *args[3];          /* NULL-terminated */
} JgServerOutcome;

void      jg_server_outcome_clear       (JgServerOutcome   *outcome);
/* The outcome's one reason, pointing into @outcome. */
void      jg_server_outcome_reason      (const JgServerOutcome *outcome,
                                         JgServerReason    *reason);

/* POST /api/v1/posts for @account (an admin): 200 with the answer in
 * @out; 400 with an English reason in *@message (nothing stored); 500
 * with @error set (nothing stored). @now stamps what is stored. */
guint     jg_server_posts_push          (JgServerDb        *db,
                                         JgServerAccount   *account,
                                         gint64             now,
                                         const char        *body,
                                         gsize              length,
                                         GString           *out,
                                         char             **message,
                                         GError           **error);

/* POST /api/v1/posts/{uuid}/review and …/withdraw. On 200, @out
 * receives {"post":{…}}. FALSE only when the database fails. */
gboolean  jg_server_posts_review        (JgServerDb        *db,
                                         JgServerAccount   *account,
                                         const char        *uuid,
                                         JsonObject        *body,
                                         gint64             now,
                                         JgServerOutcome   *outcome,
                                         GString           *out,
                                         GError           **error);
gboolean  jg_server_posts_withdraw      (JgServerDb        *db,
                                         JgServerAccount   *account,
                                         const char        *uuid,
                                         JsonObject        *body,
                                         gint64             now,
                                         JgServerOutcome   *outcome,
                                         GString           *out,
                                         GError           **error);

/* The quota answer of @department for a month (PROTOCOL.md, "Quota"). */
gboolean  jg_server_posts_quota         (JgServerDb        *db,
                                         const char        *department,
                                         guint              year,
                                         guint              month,
                                         GString           *out,
                                         GError           **error);
/* The published column as JSON or HTML: @column NULL for both, @month
 * 0 for every month. */
gboolean  jg_server_posts_published_json (JgServerDb       *db,
                                          const char       *department,
                                          const char       *column,
                                          guint             year,
                                          guint             month,
                                          GString          *out,
                                          GError          **error);
gboolean  jg_server_posts_column_html   (JgServerDb        *db,
                                         const char        *department,
                                         const char        *column,
                                         guint              year,
                                         guint              month,
                                         GString           *out,
                                         GError           **error);

/* Whether a published, not withdrawn, post shows the image. */
gboolean  jg_server_posts_image_is_public (JgServerDb      *db,
                                           const char      *sha256,
                                           gboolean        *is_public,
                                           GError         **error);
/* Whether a post of @department shows the image, or @department
 * uploaded it. */
gboolean  jg_server_posts_image_is_readable (JgServerDb    *db,
                                             const char    *sha256,
                                             const char    *department,
                                             gboolean      *readable,
                                             GError       **error);

/* Removes DIR/images (a temporary data directory's; jg-server-images.c). */
void      jg_server_images_remove_all   (const char        *data_dir);

/* The commands (jianguan-server wording, review-levels, quota). Each
 * writes in one transaction. @changed (may be NULL) tells whether
 * anything was written. */
gboolean  jg_server_db_wording_put      (JgServerDb        *db,
                                         const char        *wrong,
                                         const char        *suggestion,
                                         gboolean          *changed,
                                         GError           **error);
gboolean  jg_server_db_wording_remove   (JgServerDb        *db,
                                         const char        *wrong,
                                         gboolean          *changed,
                                         GError           **error);
/* A TSV file (wrong<TAB>suggestion per line, # comments): all or
 * nothing. @added counts the entries written. */
gboolean  jg_server_db_wording_load     (JgServerDb        *db,
                                         const char        *filename,
                                         guint             *added,
                                         GError           **error);
gboolean  jg_server_db_wording_is_empty (JgServerDb        *db,
                                         gboolean          *empty,
                                         GError           **error);
/* @department NULL: the default of departments that have none. */
gboolean  jg_server_db_set_review_levels (JgServerDb       *db,
                                          const char       *department,
                                          guint             levels,
                                          GError          **error);
gboolean  jg_server_db_get_review_levels (JgServerDb       *db,
                                          const char       *department,
                                          guint            *levels,
                                          GError          **error);
/* The working-day calendar: @kind "off" (a holiday) or "work" (a weekend
 * day worked), NULL to remove @date (YYYY-MM-DD); *@changed says whether
 * it did anything. */
gboolean  jg_server_db_set_work_day     (JgServerDb        *db,
                                         const char        *date,
                                         const char        *kind,
                                         gboolean          *changed,
                                         GError           **error);
/* The calendar's days from @from (YYYY-MM-DD) on, as a JSON array of
 * {"date", "kind"} appended to @out; NULL @from: all of them. */
gboolean  jg_server_db_append_work_days (JgServerDb        *db,
                                         const char        *from,
                                         GString           *out,
                                         GError           **error);
gboolean  jg_server_db_set_quota_rule   (JgServerDb        *db,
                                         const char        *column,
                                         guint              updates,
                                         guint              items,
                                         GError           **error);

G_END_DECLS
