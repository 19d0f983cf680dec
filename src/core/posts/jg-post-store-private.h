/* jg-post-store-private.h — shared by the post store's own files
 *
 * jg-post-store.c (the object, the worker connection, loading),
 * jg-post-save.c (saving, blank drafts, deleting and undo), jg-post-list.c
 * (listing, the quota count), jg-post-states.c (submitting, the sync's
 * states, audit, checks), jg-post-review.c (sign-offs, both
 * copies of a returned post), jg-post-images.c (post_image) and
 * jg-post-move.c (drafts written signed out) are one module: the only
 * writer of the post tables. Each operation is written once over a
 * JgStore connection (@db): the public function passes the caller's, the
 * _async one the worker's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "jg-post-states.h"
#include "jg-post-store.h"
#include "jg-store-private.h"

G_BEGIN_DECLS

/* The object's fields, for the module's own files. */
struct _JgPostStore
{
  GObject        parent_instance;
  JgStore       *store;         /* the caller's connection */
  GThread       *owner;         /* the thread that made this object */
  GMainContext  *context;       /* its main context, for "changed" */
  GThreadPool   *pool;          /* one thread: the _async tasks in order */
  JgStore       *worker;        /* its connection, opened on first use */
  JgWordingList *wording;
};

/* Runs in the post store's thread on its connection @db; returns through
 * @task. */
typedef void (*JgPostStoreWork) (JgPostStore  *self,
                                 JgStore      *db,
                                 GTask        *task,
                                 gpointer      task_data,
                                 GCancellable *cancellable);

/* Runs @work for @task (created with @self as its source object) in the
 * post store's own thread (tasks in the order given) on its own
 * connection, opened on first use. */
void     jg_post_store_run_in_worker (JgPostStore     *self,
                                      GTask           *task,
                                      JgPostStoreWork  work);

/* The body of every _async call: a task of @self for @callback, tagged
 * @source_tag, with @task_data (freed by @task_data_free), whose @work
 * runs in the worker (jg_post_store_run_in_worker). */
void     jg_post_store_start_work    (JgPostStore         *self,
                                      gpointer             source_tag,
                                      gpointer             task_data,
                                      GDestroyNotify       task_data_free,
                                      JgPostStoreWork      work,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data);

/* "changed" (@uuid, may be NULL) on the thread that created @self: now
 * when called there, else from an idle source of its main context at
 * default priority (before the GTask's callback that follows). */
void     jg_post_store_emit_changed  (JgPostStore     *self,
                                      const char      *uuid);

/* The tail of every write begun on @db (jg_store_begin): commits it and
 * emits "changed" (@uuid); rolls it back when the commit fails. Whether
 * it was committed. */
gboolean jg_post_store_end_write     (JgPostStore     *self,
                                      JgStore         *db,
                                      const char      *uuid,
                                      GError         **error);

/* The wording list set on @self, or NULL. */
JgWordingList *jg_post_store_get_wording (JgPostStore *self);

/* FALSE with JG_POST_STORE_ERROR_NOT_FOUND. */
gboolean jg_post_store_not_found     (GError         **error);

/* The stored row of @uuid. */
typedef struct {
  gboolean     exists;
  JgPostState  state;
  guint        revision;
  guint        server_revision;   /* 0: the server holds none */
  gboolean     deleting;
  gboolean     blank;
  guint        review_level;
  char        *review_comment;
  char        *json;
  char        *server_fields;
} JgStoredPost;

void     jg_stored_post_clear        (JgStoredPost *stored);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (JgStoredPost, jg_stored_post_clear)

gboolean jg_post_store_read_stored   (JgStore        *db,
                                      const char     *uuid,
                                      JgStoredPost   *stored,
                                      GError        **error);
/* The stored post as a JgPost with its identity, or NULL (not found). */
JgPost  *jg_post_store_load_on       (JgStore        *db,
                                      const char     *uuid,
                                      GError        **error);

/* The one writer of post_audit; @who NULL for the person at this
 * workstation (the actor), else the agent ("sync"). */
gboolean jg_post_store_add_audit     (JgStore        *db,
                                      const char     *uuid,
                                      const char     *who,
                                      const char     *action,
                                      const char     *from_state,
                                      const char     *to_state,
                                      guint           revision,
                                      const char     *detail,
                                      GError        **error);
/* Sets state (and clears blank) of @uuid; with an audit entry by @who. */
gboolean jg_post_store_write_state   (JgStore        *db,
                                      const char     *uuid,
                                      JgPostState     from,
                                      JgPostState     to,
                                      guint           revision,
                                      const char     *who,
                                      const char     *detail,
                                      GError        **error);
/* Replaces @uuid's checks of @revision from @source ("client", "server")
 * by @issues (JgIssue*, may be NULL). */
gboolean jg_post_store_write_checks  (JgStore        *db,
                                      const char     *uuid,
                                      guint           revision,
                                      const char     *source,
                                      GPtrArray      *issues,
                                      GError        **error);
/* Runs @sql (?1 uuid, ?2 revision, ?3 and ?4 integers, ?5 text) once. */
gboolean jg_post_store_update_row    (JgStore        *db,
                                      const char     *sql,
                                      const char     *uuid,
                                      guint           revision,
                                      gint64          a,
                                      gint64          b,
                                      const char     *text,
                                      GError        **error);
/* Removes the post and what hangs on it (checks, image uses). */
gboolean jg_post_store_remove_row    (JgStore        *db,
                                      const char     *uuid,
                                      GError        **error);

/* A row of the list (jg-posts-model.c). */
JgPostSummary *jg_post_summary_new   (const char     *uuid,
                                      JgPostColumn    column,
                                      const char     *title,
                                      JgPostState     state,
                                      guint           revision,
                                      gint64          updated,
                                      gint64          published_at,
                                      const char     *month,
                                      gboolean        conflict,
                                      guint           review_level,
                                      guint           review_levels);

/* The Shanghai month "YYYY-MM" of @unix_seconds. */
char    *jg_post_store_month_of      (gint64          unix_seconds);

G_END_DECLS
