/* jg-session-private.h — what the session's own files share, and test hooks
 *
 * JgSession is one object written in six files, one per concern:
 *   jg-session.c          the GObject: properties, signals, the setters that
 *                         notify them, construction and teardown;
 *   jg-session-account.c  the server and account followed from the settings,
 *                         the token, signing in and out;
 *   jg-session-sync.c     one run: the catalogue, then the record outbox;
 *   jg-session-schedule.c when runs start by themselves: every
 *                         "sync-interval", when the network comes back, after
 *                         the back-off, and not at all after a 401;
 *   jg-session-counts.c   the numbers pages show: every record count (one
 *                         JgRecordCounts, one "counts-changed"), last sync,
 *                         whether the catalogue is empty;
 *   jg-session-drafts.c   drafts written signed out, moved into the account
 *                         on sign-in;
 *   jg-session-posts.c    the posts: the account's post store and wording
 *                         list, the posts sync after the records, the
 *                         quota thresholds, review and withdrawal.
 *
 * Only these files and tests/test-session.c include this header. A test
 * builds its session with
 * g_object_new (JG_TYPE_SESSION, "settings", s, "network-monitor", m, NULL)
 * (settings from a memory backend, a monitor it drives) and shortens the
 * automatic-sync interval with jg_session_set_interval_unit_for_testing()
 * instead of waiting minutes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "jg-glib-compat.h"
#include "jg-account.h"
#include "jg-catalogue-sync.h"
#include "jg-outbox.h"
#include "jg-posts-sync.h"
#include "jg-record-counts.h"
#include "jg-session.h"

G_BEGIN_DECLS

struct _JgSession
{
  GObject parent_instance;

  GSettings *settings;

  /* The account (jg-session-account.c) */
  char *server_url;
  char *username;
  char *db_path;
  gboolean updating_settings;
  JgAccount *account;
  gboolean signed_in;
  gboolean token_in_memory;
  gboolean needs_sign_in;       /* the server refused the token: paused */
  GCancellable *token_cancellable;
  char *role;                   /* as the last sign-in stored it ... */
  gboolean role_read;           /* ... once read (jg_session_get_role) */

  /* The counts (jg-session-counts.c) */
  char *department_name;
  JgRecordCounts counts;
  gint64 next_attempt;
  GCancellable *counts_cancellable;   /* set while a reading runs */
  gboolean counts_again;              /* asked for again meanwhile */
  guint counts_idle_id;               /* the first reading of an account */
  gboolean counts_held;               /* jg_session_hold_counts */
  gboolean counts_wanted;             /* asked for while held */
  JgCatalogue *catalogue;
  GCancellable *status_cancellable;
  gint64 last_sync;
  gboolean catalogue_empty;

  /* The run (jg-session-sync.c) */
  JgCatalogueSync *sync;
  JgOutbox *outbox;
  GCancellable *sync_cancellable;
  JgSyncPhase phase;
  gboolean automatic;
  /* A sync asked for (a submit, Ctrl+R) while a run was going: one more
   * run follows it, so what was written during the run goes out now. */
  gboolean sync_requested;
  guint sync_again_source;
  gboolean catalogue_ok;
  char *catalogue_message;
  guint64 catalogue_changes;
  char *records_result;
  JgSyncStatus status;
  guint64 progress_done;
  guint64 progress_total;
  char *last_result;

  /* The posts (jg-session-posts.c) */
  JgPostStore *post_store;      /* of db_path, on a connection of its own */
  JgWordingList *wording;       /* what post_store checks with */
  GPtrArray *old_wording;       /* lists replaced by a sync: a submit in the
                                 * post store's thread may still read one */
  JgPostsSync *posts_sync;
  char *sync_token;             /* the run's token, kept for the posts */
  gboolean records_ok;          /* how the records part of the run ended */
  char *records_message;
  guint64 records_changes;
  gboolean records_changed;

  /* The schedule (jg-session-schedule.c) */
  GNetworkMonitor *network_monitor;
  gboolean network_available;
  guint interval_source;
  guint interval_unit;          /* seconds per "sync-interval" unit */
  guint retry_source;
};

typedef enum {
  JG_SESSION_PROP_0,
  JG_SESSION_PROP_SERVER_URL,
  JG_SESSION_PROP_CATALOGUE,
  JG_SESSION_PROP_STATUS,
  JG_SESSION_PROP_SYNCING,
  JG_SESSION_PROP_PROGRESS_DONE,
  JG_SESSION_PROP_PROGRESS_TOTAL,
  JG_SESSION_PROP_LAST_SYNC,
  JG_SESSION_PROP_LAST_RESULT,
  JG_SESSION_PROP_CATALOGUE_EMPTY,
  JG_SESSION_PROP_USERNAME,
  JG_SESSION_PROP_SIGNED_IN,
  JG_SESSION_PROP_PENDING_COUNT,
  JG_SESSION_PROP_REJECTED_COUNT,
  JG_SESSION_PROP_PHASE,
  JG_SESSION_PROP_RECORDS_RESULT,
  JG_SESSION_PROP_SETTINGS,
  JG_SESSION_PROP_NETWORK_MONITOR,
  JG_SESSION_N_PROPS
} JgSessionProperty;

typedef enum {
  JG_SESSION_SIGNAL_SYNC_FINISHED,
  JG_SESSION_SIGNAL_DATA_CHANGED,
  JG_SESSION_SIGNAL_SIGN_IN_NEEDED,
  JG_SESSION_SIGNAL_COUNTS_CHANGED,
  JG_SESSION_SIGNAL_DRAFTS_MOVED,
  JG_SESSION_SIGNAL_QUOTA_CHANGED,
  JG_SESSION_N_SIGNALS
} JgSessionSignal;

static inline void
jg_session_cancel_clear (GCancellable **cancellable)
{
  if (*cancellable != NULL)
    g_cancellable_cancel (*cancellable);
  g_clear_object (cancellable);
}

/* jg-session.c: each setter notifies its property when the value changes. */
void     jg_session_notify              (JgSession         *self,
                                         JgSessionProperty  prop);
void     jg_session_emit                (JgSession         *self,
                                         JgSessionSignal    signal,
                                         ...);
void     jg_session_set_status          (JgSession         *self,
                                         JgSyncStatus       status);
/* The status a session without a run shows: up to date once it synced. */
void     jg_session_set_idle_status     (JgSession         *self);
void     jg_session_set_progress        (JgSession         *self,
                                         guint64            done,
                                         guint64            total);
void     jg_session_set_phase           (JgSession         *self,
                                         JgSyncPhase        phase);
void     jg_session_set_last_result     (JgSession         *self,
                                         const char        *text);
void     jg_session_set_records_result  (JgSession         *self,
                                         const char        *text);
void     jg_session_set_last_sync       (JgSession         *self,
                                         gint64             last_sync);
void     jg_session_set_catalogue_empty (JgSession         *self,
                                         gboolean           empty);
void     jg_session_set_signed_in       (JgSession         *self,
                                         gboolean           signed_in,
                                         gboolean           in_memory);

/* jg-session-counts.c: keeps @counts (NULL: all zeros), notifies the
 * pending and rejected counts when they changed and emits "counts-changed". */
void     jg_session_set_counts          (JgSession         *self,
                                         const JgRecordCounts *counts);
/* jg-session-counts.c: reads the state of the session's catalogue (its
 * last sync, empty or not; jg_catalogue_get_status_async), cancelling a
 * reading still under way. */
void     jg_session_read_catalogue_status (JgSession       *self);

/* jg-session-drafts.c: after a sign-in, moves the signed-out store's drafts
 * of the account's department into the account's store (in a thread) and
 * emits "drafts-moved". */
void     jg_session_move_signed_out_drafts (JgSession      *self);

/* jg-session-sync.c: the end of every run (see finish_sync there). */
void     jg_session_finish_sync         (JgSession         *self,
                                         gboolean           ok,
                                         const char        *message,
                                         guint64            changes,
                                         gboolean           records_changed);

/* "progress" of every engine of a run. */
void     jg_session_progress_cb         (gpointer           engine,
                                         guint64            done,
                                         guint64            total,
                                         JgSession         *self);

/* jg-session-posts.c */
/* The run's records part ended (@ok, with @message): the posts go next
 * with @token, then the run ends with both. */
void     jg_session_start_posts         (JgSession         *self,
                                         gboolean           ok,
                                         const char        *message,
                                         guint64            changes,
                                         gboolean           records_changed);
/* Drops the post store and wording list of the account left behind. */
void     jg_session_posts_reset         (JgSession         *self);

/* jg-session-account.c */
/* Follows the "server-url" and "username" settings: a new pair switches to
 * that account's database and resets everything the old one showed. */
void     jg_session_update_account      (JgSession         *self);
/* The account's token, read in a thread; the task's result is the token
 * (g_task_propagate_pointer) or an error saying why there is none. */
void     jg_session_lookup_token_async  (JgSession         *self,
                                         GCancellable      *cancellable,
                                         GAsyncReadyCallback callback,
                                         gpointer           user_data);
/* Forgets the token in a thread; @revoke also tells the server. */
void     jg_session_forget_token        (JgSession         *self,
                                         gboolean           revoke);
/* The role the account's last sign-in stored (JG_ACCOUNT_ROLE_*, "" for
 * none), NULL without an account. Read from its database the first time
 * it is asked for after an account change, then kept: only a sign-in
 * changes it, and the sign-in sets it. */
const char *jg_session_get_role         (JgSession         *self);

/* jg-session-sync.c */
/* Starts a run unless one is running or no server is set. */
void     jg_session_start_sync          (JgSession         *self,
                                         gboolean           automatic);
/* Stops the run in flight, if any; nothing it had not sent is lost. */
void     jg_session_stop_sync           (JgSession         *self);

/* jg-session-schedule.c */
void     jg_session_schedule_init       (JgSession         *self);
void     jg_session_schedule_dispose    (JgSession         *self);
/* After a failed records run: retries when the server or the outbox's
 * back-off says. */
void     jg_session_schedule_back_off   (JgSession         *self,
                                         const JgOutboxResult *result);
/* Whether this run is automatic and the back-off has not ended. */
gboolean jg_session_is_backing_off      (JgSession         *self);
/* The server refused the token (401): forget it; automatic runs stop until
 * the user signs in again. */
void     jg_session_pause_for_sign_in   (JgSession         *self);

/* One unit of the "sync-interval" setting lasts @seconds_per_unit seconds
 * instead of a minute; the running timer restarts with the new length.
 * For tests only. */
void     jg_session_set_interval_unit_for_testing (JgSession *self,
                                                   guint      seconds_per_unit);

G_END_DECLS
