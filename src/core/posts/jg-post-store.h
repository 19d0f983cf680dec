/* jg-post-store.h — posts of 监管动态 and 曝光台 in SQLite
 *
 * JgPostStore is the only writer of the post tables (jg-migrations.c step
 * 12) and of a post's state and audit trail, as jg-record-store.c is for
 * records. Every write is one transaction that also appends to the audit
 * trail (naming the actor of jg_record_store_set_actor() and the
 * workstation), then emits "changed".
 *
 * Connections: the functions without _async run on the JgStore given to
 * jg_post_store_new(), on the caller's thread (the thread that owns that
 * connection). The _async functions run the same code in a thread of the
 * post store's own, one task at a time in the order they were called, on
 * a second connection to the same file that the post store opens and
 * keeps for itself (WAL: both see each other's commits). "changed" is
 * always emitted on the thread that created the post store, after the
 * write it reports and before the _async callback.
 *
 * Life cycle (jg-post.h): draft → submitted (jg_post_store_submit: only
 * without errors) → sending → in review (each level) → returned (with the
 * reviewer's comment) or published → withdrawn; rejected when the server
 * refuses the content. The sync's side is in jg-post-states.h. Editing a
 * post the server holds (returned, in review, published) makes its next
 * revision, a draft; a submitted post that is edited goes back to draft.
 * A withdrawn post is history: it is not edited.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "jg-audit-entry.h"
#include "jg-post.h"
#include "jg-quota.h"
#include "jg-store.h"
#include "jg-wording.h"

G_BEGIN_DECLS

#define JG_POST_STORE_ERROR (jg_post_store_error_quark ())

typedef enum {
  JG_POST_STORE_ERROR_NOT_FOUND,
  JG_POST_STORE_ERROR_INVALID,        /* submit asked with errors left */
  JG_POST_STORE_ERROR_NO_DEPARTMENT,  /* no department chosen yet */
  JG_POST_STORE_ERROR_NOT_ALLOWED,    /* e.g. editing a withdrawn post */
  JG_POST_STORE_ERROR_IMAGE,          /* an image missing, failed, or not an image */
} JgPostStoreError;

GQuark        jg_post_store_error_quark      (void);

#define JG_TYPE_POST_STORE (jg_post_store_get_type ())
G_DECLARE_FINAL_TYPE (JgPostStore, jg_post_store, JG, POST_STORE, GObject)

/* Signal "changed" (const char *uuid): after every write; @uuid is the
 * post written, NULL when several may have changed (notify_changed). */

JgPostStore  *jg_post_store_new              (JgStore       *store);
JgStore      *jg_post_store_get_store        (JgPostStore   *self);
/* Emits "changed" (NULL) for writes made on another connection (the sync
 * engine's, after its run): the models re-read. */
void          jg_post_store_notify_changed   (JgPostStore   *self);

/* --- saving --------------------------------------------------------------- */

/* A new draft of @column for the store's department, saved as blank:
 * nothing in it came from the user yet. */
JgPost       *jg_post_store_create_blank     (JgPostStore   *self,
                                              JgPostColumn   column,
                                              GError       **error);
/* Whether @uuid is still blank (created by create_blank, never changed). */
gboolean      jg_post_store_is_blank         (JgPostStore   *self,
                                              const char    *uuid);
/* Removes @uuid, with its audit trail, if it is still blank: a draft left
 * without any input is not kept. *@discarded says whether it was. */
gboolean      jg_post_store_discard_blank    (JgPostStore   *self,
                                              const char    *uuid,
                                              gboolean      *discarded,
                                              GError       **error);

/* Inserts or updates @post (the autosave: one small transaction). A post
 * not yet stored whose fields are all empty is not written (TRUE, nothing
 * kept). Nothing changed: nothing written. Editing a post the server holds
 * makes its next revision a draft; @post's identity (revision, state) is
 * updated to what was stored. Audited ("create", "edit"). */
gboolean      jg_post_store_save             (JgPostStore   *self,
                                              JgPost        *post,
                                              GError       **error);
/* The same on the post store's own connection. @post is copied when the
 * call is made (the editor may go on changing it); its identity is updated
 * by _finish. */
void          jg_post_store_save_async       (JgPostStore         *self,
                                              JgPost              *post,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean      jg_post_store_save_finish      (JgPostStore   *self,
                                              GAsyncResult  *result,
                                              GError       **error);

JgPost       *jg_post_store_load             (JgPostStore   *self,
                                              const char    *uuid,
                                              GError       **error);
void          jg_post_store_load_async       (JgPostStore         *self,
                                              const char          *uuid,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
JgPost       *jg_post_store_load_finish      (JgPostStore   *self,
                                              GAsyncResult  *result,
                                              GError       **error);

/* A post never sent is removed; one the server holds (not published) is
 * kept, marked for deletion, for the sync to send. A published post is
 * withdrawn, not deleted (JG_POST_STORE_ERROR_NOT_ALLOWED). Audited. */
gboolean      jg_post_store_delete           (JgPostStore   *self,
                                              const char    *uuid,
                                              GError       **error);
/* Undoes jg_post_store_delete() of @post (as loaded before it): a removed
 * post comes back as it was, a deletion not yet sent is withdrawn.
 * JG_POST_STORE_ERROR_NOT_FOUND once the deletion has gone to the server.
 * Audited ("restore"). */
gboolean      jg_post_store_undelete         (JgPostStore   *self,
                                              JgPost        *post,
                                              GError       **error);

/* --- submitting ----------------------------------------------------------- */

/* Draft → submitted: runs jg_post_validate (@today "YYYY-MM-DD", NULL:
 * today in Shanghai) and, when a wording list is set, the wording check
 * of the post's text fields. Any error (or an image of the post that is
 * not stored or whose upload failed) leaves the post a draft and fails
 * with JG_POST_STORE_ERROR_INVALID (or _IMAGE) and the first problem's
 * sentence. Otherwise the issues (warnings) are stored as the checks of
 * this revision, for the reviewer. Audited ("submit"). */
gboolean      jg_post_store_submit           (JgPostStore   *self,
                                              const char    *uuid,
                                              const char    *today,
                                              GError       **error);
void          jg_post_store_submit_async     (JgPostStore         *self,
                                              const char          *uuid,
                                              const char          *today,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean      jg_post_store_submit_finish    (JgPostStore   *self,
                                              GAsyncResult  *result,
                                              GError       **error);
/* The wording list (jg-wording.h) that submit checks with, or NULL; the
 * post store keeps a pointer: the list must outlive it or be unset. */
void          jg_post_store_set_wording_list (JgPostStore   *self,
                                              JgWordingList *list);
/* The wording list set, or NULL: the editor shows the same hits as
 * submit will store. */
JgWordingList *jg_post_store_get_wording     (JgPostStore   *self);

/* The checks stored with @uuid's current revision: JgIssue* (those the
 * client sent, then the server's reasons of a rejection). */
GPtrArray    *jg_post_store_get_checks       (JgPostStore   *self,
                                              const char    *uuid,
                                              GError       **error);

/* --- listing -------------------------------------------------------------- */

#define JG_TYPE_POST_SUMMARY (jg_post_summary_get_type ())
G_DECLARE_FINAL_TYPE (JgPostSummary, jg_post_summary, JG, POST_SUMMARY, GObject)

/* Properties (read-only): "uuid", "column" (int JgPostColumn), "title",
 * "state" (int JgPostState), "state-label", "revision" (uint), "updated"
 * (int64 unix), "published-at" (int64, 0: not published), "month"
 * ("YYYY-MM", Shanghai: of publication, else of the last change),
 * "conflict" (boolean: the server returned it while it was edited here). */
const char   *jg_post_summary_get_uuid       (JgPostSummary *self);
JgPostColumn  jg_post_summary_get_column     (JgPostSummary *self);
const char   *jg_post_summary_get_title      (JgPostSummary *self);
JgPostState   jg_post_summary_get_state      (JgPostSummary *self);
guint         jg_post_summary_get_revision   (JgPostSummary *self);
gint64        jg_post_summary_get_updated    (JgPostSummary *self);
gint64        jg_post_summary_get_published_at (JgPostSummary *self);
const char   *jg_post_summary_get_month      (JgPostSummary *self);
gboolean      jg_post_summary_get_conflict   (JgPostSummary *self);
/* In review: the level it waits at (1-based) of its levels (1 to 3). */
guint         jg_post_summary_get_review_level  (JgPostSummary *self);
guint         jg_post_summary_get_review_levels (JgPostSummary *self);

/* The posts of @column (-1: both) in @month ("YYYY-MM", NULL: all), not
 * being deleted, newest first (publication, else last change): a
 * GPtrArray of JgPostSummary. */
GPtrArray    *jg_post_store_list             (JgPostStore   *self,
                                              int            column,
                                              const char    *month,
                                              GError       **error);
void          jg_post_store_list_async       (JgPostStore         *self,
                                              int                  column,
                                              const char          *month,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
GPtrArray    *jg_post_store_list_finish      (JgPostStore   *self,
                                              GAsyncResult  *result,
                                              GError       **error);

/* --- quota ---------------------------------------------------------------- */

/* The quota count of @department (NULL: the store's) for @month of @year,
 * by column, from one query over the publication times: items published
 * in the month (Shanghai) and the distinct Shanghai days they were
 * published on. A withdrawn post still counts for the month it was
 * published in: the update was made. The page header and the reminders
 * both read this. */
gboolean      jg_post_store_count_quota      (JgPostStore   *self,
                                              const char    *department,
                                              guint          year,
                                              guint          month,
                                              JgQuotaCount   out[JG_QUOTA_N_COLUMNS],
                                              GError       **error);

/* --- audit ---------------------------------------------------------------- */

/* The post's audit trail (JgAuditEntry), oldest first. */
GPtrArray    *jg_post_store_audit            (JgPostStore   *self,
                                              const char    *uuid,
                                              GError       **error);

G_END_DECLS
