/* jg-session.h — the server and account the app works with, and its syncs
 *
 * One JgSession per application. It follows the "server-url", "username"
 * and "ca-file" settings, owns the JgCatalogue of the account's database
 * (jg_paths_database_for_server (url, username): each account has its own
 * records, all of a server's accounts share its catalogue cache, and
 * switching never deletes anything), runs syncs — the catalogue, then
 * the record outbox when signed in — and tells every page what happened, so
 * that all of them show the same state.
 *
 * Automatic syncs run every "sync-interval" minutes and when the network
 * comes back; they respect the outbox's back-off and the server's
 * Retry-After. A 401 pauses them until the user signs in again.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "jg-catalogue.h"
#include "jg-post-store.h"
#include "jg-quota.h"
#include "jg-record-counts.h"

G_BEGIN_DECLS

typedef enum {
  JG_SYNC_STATUS_NO_SERVER,   /* no server URL set */
  JG_SYNC_STATUS_NEVER,       /* server set, never synced successfully */
  JG_SYNC_STATUS_SYNCING,
  JG_SYNC_STATUS_UP_TO_DATE,  /* the last run succeeded */
  JG_SYNC_STATUS_FAILED,      /* the last run failed */
  JG_SYNC_STATUS_NEEDS_SIGN_IN, /* the server refused the token: sync paused */
} JgSyncStatus;

typedef enum {
  JG_SYNC_PHASE_NONE,
  JG_SYNC_PHASE_CATALOGUE,    /* progress counts changes */
  JG_SYNC_PHASE_RECORDS,      /* progress counts records */
  JG_SYNC_PHASE_POSTS,        /* progress counts posts and images */
} JgSyncPhase;

#define JG_TYPE_SYNC_STATUS (jg_sync_status_get_type ())
GType jg_sync_status_get_type (void);

#define JG_TYPE_SESSION (jg_session_get_type ())
G_DECLARE_FINAL_TYPE (JgSession, jg_session, JG, SESSION, GObject)

/* Follows @settings; the construct-only properties "settings" and
 * "network-monitor" (default: g_network_monitor_get_default ()) let a test
 * build one with its own (see jg-session-private.h). */
JgSession    *jg_session_new                 (GSettings  *settings);

const char   *jg_session_get_server_url      (JgSession  *self);
gboolean      jg_session_has_server          (JgSession  *self);
/* NULL when no server is configured or its database path is unusable. */
JgCatalogue  *jg_session_get_catalogue       (JgSession  *self);
JgSyncStatus  jg_session_get_status          (JgSession  *self);
gboolean      jg_session_is_syncing          (JgSession  *self);
guint64       jg_session_get_progress_done   (JgSession  *self);
guint64       jg_session_get_progress_total  (JgSession  *self);
/* Unix time of the last successful sync, 0 if none. */
gint64        jg_session_get_last_sync       (JgSession  *self);
/* A sentence about the last run ("Downloaded 12 changes." or the error),
 * NULL before the first run of this session. */
const char   *jg_session_get_last_result     (JgSession  *self);
/* Whether the cached catalogue has no sub-items (known after stats load). */
gboolean      jg_session_is_catalogue_empty  (JgSession  *self);

JgSyncPhase   jg_session_get_phase           (JgSession  *self);

/* The account: NULL when none was ever signed in for this server. */
const char   *jg_session_get_username        (JgSession  *self);
gboolean      jg_session_is_signed_in        (JgSession  *self);
/* Signed in, but the token lives only in this process (no keyring). */
gboolean      jg_session_is_token_in_memory  (JgSession  *self);
gboolean      jg_session_needs_sign_in       (JgSession  *self);
/* From the account's database; may be NULL. */
const char   *jg_session_get_department_name (JgSession  *self);
/* Every record count of the account's database, as last read (all zeros
 * before the first reading); "counts-changed" says when it was read again.
 * The two below are its pending and rejected counts. */
const JgRecordCounts *jg_session_get_record_counts (JgSession *self);
/* Records waiting to be sent (ready, sending, deletions) and rejected. */
guint         jg_session_get_pending_count   (JgSession  *self);
guint         jg_session_get_rejected_count  (JgSession  *self);
/* A sentence about the last records run, NULL if none in this session. */
const char   *jg_session_get_records_result  (JgSession  *self);
/* Unix time before which automatic runs do not send records, 0 if none. */
gint64        jg_session_get_next_attempt    (JgSession  *self);
/* The account's database path, NULL without a server. */
const char   *jg_session_get_db_path         (JgSession  *self);

/* Signs in to @server_url as @username; on success the settings follow
 * (server and user name), the session switches to that account's database
 * and a sync starts. */
void          jg_session_sign_in_async       (JgSession  *self,
                                              const char *server_url,
                                              const char *username,
                                              const char *password,
                                              GCancellable *cancellable,
                                              GAsyncReadyCallback callback,
                                              gpointer    user_data);
gboolean      jg_session_sign_in_finish      (JgSession  *self,
                                              GAsyncResult *result,
                                              gboolean   *token_in_memory,
                                              GError    **error);
/* Forgets the token (and revokes it, best effort); local data stays. */
void          jg_session_sign_out            (JgSession  *self);

/* Starts a sync (catalogue, then records when signed in) unless one is
 * running or no server is set. A manual sync ignores the back-off. */
void          jg_session_sync                (JgSession  *self);
void          jg_session_sync_automatic      (JgSession  *self);
/* Re-reads the record counts: whoever writes records (a save, marking
 * ready, a deletion or its undo, an import or its undo) calls it; a sync
 * run does by itself. "counts-changed" follows. */
void          jg_session_refresh_counts      (JgSession  *self);
/* Until released, readings asked for wait (one is made at the release if
 * any was asked for): the app holds them until its window's first frame,
 * whose cores a count of a million records would take. */
void          jg_session_hold_counts         (JgSession  *self);
void          jg_session_release_counts      (JgSession  *self);

/* Moves the drafts written signed out for another department (or none)
 * into the signed-in account's store, with the account's department (see
 * jg-record-move.h); *@moved says how many. */
void          jg_session_move_other_drafts_async  (JgSession  *self,
                                                   GCancellable *cancellable,
                                                   GAsyncReadyCallback callback,
                                                   gpointer    user_data);
gboolean      jg_session_move_other_drafts_finish (JgSession  *self,
                                                   GAsyncResult *result,
                                                   guint      *moved,
                                                   GError    **error);
/* Reloads the statistics (last sync time, emptiness). */
void          jg_session_refresh             (JgSession  *self);

/* Whether @url is an absolute http:// or https:// URL with a host. */
gboolean      jg_session_is_valid_server_url (const char *url);

/* Formats a unix time for display, or "Never" for 0. */
char         *jg_session_format_time         (gint64      unix_time);

/* --- posts (jg-session-posts.c) ----------------------------------------- */

/* The signed-in account's post store (NULL before an account database is
 * open). Owned by the session; its "changed" signal is what pages follow.
 * Another account's database makes another store: "data-changed" says so. */
JgPostStore  *jg_session_get_post_store     (JgSession *self);
/* Whether the signed-in account has the reviewer role of its department. */
gboolean      jg_session_is_reviewer        (JgSession *self);
/* The month's thresholds the server sets (defaults 2/4 and 1/1 before any
 * sync); signal "quota-changed" when they change or posts were published. */
void          jg_session_get_quota_rules    (JgSession *self,
                                             JgQuotaRule out[JG_QUOTA_N_COLUMNS]);
/* The server's working-day calendar (Monday–Friday before any sync);
 * "quota-changed" when it changes too. */
JgWorkCalendar *jg_session_get_work_calendar (JgSession *self);
/* Approve (@comment may be NULL) or return (@comment required) @uuid's
 * @revision at its current level, online; the post's new state comes back
 * through the store (the call applies the server's answer). */
void          jg_session_review_post_async  (JgSession *self, const char *uuid,
                                             guint revision, gboolean approve,
                                             const char *comment,
                                             GCancellable *cancellable,
                                             GAsyncReadyCallback callback,
                                             gpointer user_data);
gboolean      jg_session_review_post_finish (JgSession *self,
                                             GAsyncResult *result, GError **error);
/* Withdraw a published post with a required @reason, online. */
void          jg_session_withdraw_post_async  (JgSession *self, const char *uuid,
                                               const char *reason,
                                               GCancellable *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer user_data);
gboolean      jg_session_withdraw_post_finish (JgSession *self,
                                               GAsyncResult *result, GError **error);

/* Signals:
 *  "sync-finished" (gboolean success, const char *message, guint64 changes)
 *                   — after each run; @changes applied, 0 when failed;
 *  "data-changed"  () — the catalogue object was replaced or its content
 *                   changed: pages re-run their queries;
 *  "sign-in-needed" (gboolean automatic) — the server refused the token;
 *  "counts-changed" () — the record counts were read again
 *                   (jg_session_get_record_counts);
 *  "drafts-moved" (guint moved, guint other_department) — after a sign-in:
 *                   @moved drafts written signed out for the account's
 *                   department are now in its store; @other_department
 *                   drafts of another department stay signed out until
 *                   jg_session_move_other_drafts_async() moves them;
 *  "quota-changed" () — the server's quota thresholds changed, or posts
 *                   were published or withdrawn by a sync run. */

G_END_DECLS
