/* jg-post-store.c — the post store: its "changed" signal, its own
 * connection for the _async calls, reading a stored row and loading a post
 *
 * The module's other files are listed in jg-post-store-private.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "jg-post-store-private.h"

G_DEFINE_QUARK (jg-post-store-error-quark, jg_post_store_error)

G_DEFINE_FINAL_TYPE (JgPostStore, jg_post_store, G_TYPE_OBJECT)

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
jg_post_store_finalize (GObject *object)
{
  JgPostStore *self = JG_POST_STORE (object);

  /* Every task holds a reference to this object: none is left. Not
   * waiting, as the last reference may be dropped by the pool's thread. */
  if (self->pool != NULL)
    g_thread_pool_free (self->pool, FALSE, FALSE);
  g_clear_object (&self->worker);
  g_clear_object (&self->store);
  g_clear_pointer (&self->context, g_main_context_unref);

  G_OBJECT_CLASS (jg_post_store_parent_class)->finalize (object);
}

static void
jg_post_store_class_init (JgPostStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = jg_post_store_finalize;

  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
jg_post_store_init (JgPostStore *self)
{
  self->owner = g_thread_self ();
  self->context = g_main_context_ref_thread_default ();
}

JgPostStore *
jg_post_store_new (JgStore *store)
{
  JgPostStore *self;

  g_return_val_if_fail (JG_IS_STORE (store), NULL);

  self = g_object_new (JG_TYPE_POST_STORE, NULL);
  self->store = g_object_ref (store);
  return self;
}

JgStore *
jg_post_store_get_store (JgPostStore *self)
{
  g_return_val_if_fail (JG_IS_POST_STORE (self), NULL);
  return self->store;
}

void
jg_post_store_set_wording_list (JgPostStore   *self,
                                JgWordingList *list)
{
  g_return_if_fail (JG_IS_POST_STORE (self));
  self->wording = list;
}

JgWordingList *
jg_post_store_get_wording (JgPostStore *self)
{
  return self->wording;
}

gboolean
jg_post_store_not_found (GError **error)
{
  g_set_error_literal (error, JG_POST_STORE_ERROR, JG_POST_STORE_ERROR_NOT_FOUND,
                       _("The post was not found. It may have been deleted in the meantime."));
  return FALSE;
}

/* --- "changed" and the worker --------------------------------------------- */

typedef struct {
  JgPostStore *self;
  char        *uuid;
} Emission;

static void
emission_free (Emission *emission)
{
  g_object_unref (emission->self);
  g_free (emission->uuid);
  g_free (emission);
}

static gboolean
emit_idle_cb (gpointer user_data)
{
  Emission *emission = user_data;

  g_signal_emit (emission->self, signals[SIGNAL_CHANGED], 0, emission->uuid);
  return G_SOURCE_REMOVE;
}

void
jg_post_store_emit_changed (JgPostStore *self,
                            const char  *uuid)
{
  g_autoptr(GSource) source = NULL;
  Emission *emission;

  if (g_thread_self () == self->owner)
    {
      g_signal_emit (self, signals[SIGNAL_CHANGED], 0, uuid);
      return;
    }
  /* Default priority, as a GTask's return: the signal comes first. */
  emission = g_new0 (Emission, 1);
  emission->self = g_object_ref (self);
  emission->uuid = g_strdup (uuid);
  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, emit_idle_cb, emission, (GDestroyNotify) emission_free);
  g_source_set_static_name (source, "[jianguan] post store changed");
  g_source_attach (source, self->context);
}

gboolean
jg_post_store_end_write (JgPostStore  *self,
                         JgStore      *db,
                         const char   *uuid,
                         GError      **error)
{
  if (!jg_store_commit (db, error))
    {
      jg_store_rollback (db);
      return FALSE;
    }
  jg_post_store_emit_changed (self, uuid);
  return TRUE;
}

void
jg_post_store_notify_changed (JgPostStore *self)
{
  g_return_if_fail (JG_IS_POST_STORE (self));
  jg_post_store_emit_changed (self, NULL);
}

#define WORK_KEY "jg-post-store-work"

/* One thread, first in first out: two autosaves of the same post land in
 * the order they were asked (a thread pool of several could run the older
 * last and lose the newer text). */
static void
worker_func (gpointer data,
             gpointer user_data)
{
  g_autoptr(GTask) task = data;
  JgPostStore *self = user_data;
  JgPostStoreWork work = (JgPostStoreWork) g_object_get_data (G_OBJECT (task), WORK_KEY);
  GError *error = NULL;

  if (self->worker == NULL)
    self->worker = jg_store_open (jg_store_get_path (self->store), &error);
  if (self->worker == NULL)
    g_task_return_error (task, error);
  else
    work (self, self->worker, task, g_task_get_task_data (task), g_task_get_cancellable (task));
}

void
jg_post_store_run_in_worker (JgPostStore     *self,
                             GTask           *task,
                             JgPostStoreWork  work)
{
  g_object_set_data (G_OBJECT (task), WORK_KEY, (gpointer) work);
  if (self->pool == NULL)
    self->pool = g_thread_pool_new (worker_func, self, 1, FALSE, NULL);
  g_thread_pool_push (self->pool, g_object_ref (task), NULL);
}

void
jg_post_store_start_work (JgPostStore         *self,
                          gpointer             source_tag,
                          gpointer             task_data,
                          GDestroyNotify       task_data_free,
                          JgPostStoreWork      work,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, task_data, task_data_free);
  jg_post_store_run_in_worker (self, task, work);
}

/* --- rows ----------------------------------------------------------------- */

void
jg_stored_post_clear (JgStoredPost *stored)
{
  g_free (stored->review_comment);
  g_free (stored->json);
  g_free (stored->server_fields);
}

gboolean
jg_post_store_read_stored (JgStore      *db,
                           const char   *uuid,
                           JgStoredPost *stored,
                           GError      **error)
{
  sqlite3_stmt *stmt;
  int rc;

  memset (stored, 0, sizeof *stored);
  stmt = jg_store_prepare (db,
                           "SELECT state, revision, ifnull (server_revision, 0), deleting, blank, fields,"
                           " server_fields, review_level, review_comment FROM post WHERE uuid = ?", error);
  if (stmt == NULL)
    return FALSE;
  jg_store_bind_text (stmt, 1, uuid);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      stored->exists = TRUE;
      if (!jg_post_state_from_string (jg_store_column_text (stmt, 0), &stored->state))
        stored->state = JG_POST_STATE_DRAFT;
      stored->revision = sqlite3_column_int (stmt, 1);
      stored->server_revision = sqlite3_column_int (stmt, 2);
      stored->deleting = sqlite3_column_int (stmt, 3);
      stored->blank = sqlite3_column_int (stmt, 4);
      stored->json = g_strdup (jg_store_column_text (stmt, 5));
      stored->server_fields = g_strdup (jg_store_column_text (stmt, 6));
      stored->review_level = sqlite3_column_int (stmt, 7);
      stored->review_comment = g_strdup (jg_store_column_text (stmt, 8));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return jg_store_set_error (db, error, rc);
  return TRUE;
}

JgPost *
jg_post_store_load_on (JgStore     *db,
                       const char  *uuid,
                       GError     **error)
{
  g_auto(JgStoredPost) stored = { 0 };
  JgPost *post;

  if (!jg_post_store_read_stored (db, uuid, &stored, error))
    return NULL;
  if (!stored.exists || stored.deleting)
    {
      jg_post_store_not_found (error);
      return NULL;
    }
  post = jg_post_new_from_json (stored.json, error);
  if (post != NULL)
    jg_post_set_identity (post, uuid, stored.revision, stored.state);
  return post;
}

char *
jg_post_store_month_of (gint64 unix_seconds)
{
  g_autoptr(GDateTime) shanghai = g_date_time_new_from_unix_utc (unix_seconds + JG_QUOTA_UTC_OFFSET_SECONDS);

  return shanghai != NULL ? g_date_time_format (shanghai, "%Y-%m") : NULL;
}

gboolean
jg_post_store_remove_row (JgStore     *db,
                          const char  *uuid,
                          GError     **error)
{
  static const char * const sql[] = {
    "DELETE FROM post WHERE uuid = ?1",
    "DELETE FROM post_check WHERE uuid = ?1",
    "DELETE FROM post_image_use WHERE uuid = ?1",
  };

  for (guint i = 0; i < G_N_ELEMENTS (sql); i++)
    {
      sqlite3_stmt *stmt = jg_store_prepare (db, sql[i], error);
      if (stmt == NULL)
        return FALSE;
      jg_store_bind_text (stmt, 1, uuid);
      if (!jg_store_step_done (db, stmt, error))
        return FALSE;
    }
  return TRUE;
}

/* --- loading -------------------------------------------------------------- */

JgPost *
jg_post_store_load (JgPostStore  *self,
                    const char   *uuid,
                    GError      **error)
{
  g_return_val_if_fail (JG_IS_POST_STORE (self), NULL);
  g_return_val_if_fail (uuid != NULL, NULL);

  return jg_post_store_load_on (self->store, uuid, error);
}

static void
load_work (JgPostStore  *self,
           JgStore      *db,
           GTask        *task,
           gpointer      task_data,
           GCancellable *cancellable)
{
  GError *error = NULL;
  JgPost *post = jg_post_store_load_on (db, task_data, &error);

  if (post == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, post, g_object_unref);
}

void
jg_post_store_load_async (JgPostStore         *self,
                          const char          *uuid,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_return_if_fail (JG_IS_POST_STORE (self));
  g_return_if_fail (uuid != NULL);

  jg_post_store_start_work (self, jg_post_store_load_async, g_strdup (uuid), g_free, load_work,
                            cancellable, callback, user_data);
}

JgPost *
jg_post_store_load_finish (JgPostStore   *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
