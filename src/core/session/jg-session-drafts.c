/* jg-session-drafts.c — drafts written before signing in, brought along
 *
 * Signed out, records go into the server's signed-out database; signed in,
 * into the account's. On sign-in the drafts of the account's department
 * move over at once ("drafts-moved" says how many, and how many of another
 * department wait for the user's word); jg_session_move_other_drafts_async()
 * moves those when the user asks. Both run in a thread over connections of
 * their own; jg-record-move.c does the moving.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "jg-paths.h"
#include "jg-post-move.h"
#include "jg-record-move.h"
#include "jg-record-store.h"
#include "jg-session-private.h"

typedef struct {
  char *from_path;
  char *to_path;
  JgRecordMoveScope scope;
  guint moved;
  guint other;
  guint posts_moved;
} Move;

static void
move_free (Move *move)
{
  g_free (move->from_path);
  g_free (move->to_path);
  g_free (move);
}

static void
move_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Move *move = task_data;
  g_autoptr(JgStore) from = NULL;
  g_autoptr(JgStore) to = NULL;
  g_autofree char *department = NULL;
  GError *error = NULL;
  guint same = 0;

  /* Nothing was ever written signed out: nothing to open, let alone create. */
  if (!g_file_test (move->from_path, G_FILE_TEST_EXISTS))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  from = jg_store_open (move->from_path, &error);
  to = from != NULL ? jg_store_open (move->to_path, &error) : NULL;
  if (to == NULL
      || !jg_record_store_move_drafts (from, to, move->scope, &move->moved, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  /* The post drafts of the account's department (or of none) go with the
   * records' (jg-post-move.h); those of another department stay. */
  if (move->scope == JG_RECORD_MOVE_SAME_DEPARTMENT)
    {
      g_autoptr(JgPostStore) posts = jg_post_store_new (to);

      if (!jg_post_store_move_drafts (from, posts, &move->posts_moved, &error))
        {
          g_task_return_error (task, error);
          return;
        }
    }
  department = jg_record_store_get_department (to);
  if (!jg_record_store_count_drafts_to_move (from, department, &same, &move->other, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static GTask *
start_move (JgSession          *self,
            JgRecordMoveScope   scope,
            GCancellable       *cancellable,
            GAsyncReadyCallback callback,
            gpointer            user_data,
            gpointer            source_tag)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GError) error = NULL;
  Move *move;

  g_task_set_source_tag (task, source_tag);
  move = g_new0 (Move, 1);
  move->scope = scope;
  move->to_path = g_strdup (self->db_path);
  if (self->server_url != NULL && self->username != NULL)
    move->from_path = jg_paths_database_for_server (self->server_url, NULL, &error);
  g_task_set_task_data (task, move, (GDestroyNotify) move_free);

  if (move->from_path == NULL || move->to_path == NULL
      || g_strcmp0 (move->from_path, move->to_path) == 0)
    {
      g_task_return_boolean (task, TRUE);
      return task;
    }
  g_task_run_in_thread (task, move_thread);
  return task;
}

/* The records changed: the pages reread their lists and the counts. */
static void
records_moved (JgSession *self)
{
  jg_session_emit (self, JG_SESSION_SIGNAL_DATA_CHANGED);
  jg_session_refresh_counts (self);
}

static void
same_moved_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  JgSession *self = JG_SESSION (object);
  Move *move = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      /* Nothing was lost: the drafts stay where they were, and the next
       * sign-in tries again. */
      g_warning ("Could not move the drafts written signed out: %s", error->message);
      return;
    }
  if (g_strcmp0 (move->to_path, self->db_path) != 0)
    return;
  if (move->posts_moved > 0 && self->post_store != NULL)
    jg_post_store_notify_changed (self->post_store);
  if (move->moved > 0)
    records_moved (self);
  if (move->moved > 0 || move->other > 0)
    jg_session_emit (self, JG_SESSION_SIGNAL_DRAFTS_MOVED, move->moved, move->other);
}

void
jg_session_move_signed_out_drafts (JgSession *self)
{
  g_autoptr(GTask) task = NULL;

  task = start_move (self, JG_RECORD_MOVE_SAME_DEPARTMENT, NULL, same_moved_cb, NULL,
                     jg_session_move_signed_out_drafts);
}

void
jg_session_move_other_drafts_async (JgSession           *self,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (JG_IS_SESSION (self));

  task = start_move (self, JG_RECORD_MOVE_OTHER_DEPARTMENTS, cancellable, callback, user_data,
                     jg_session_move_other_drafts_async);
}

gboolean
jg_session_move_other_drafts_finish (JgSession     *self,
                                     GAsyncResult  *result,
                                     guint         *moved,
                                     GError       **error)
{
  Move *move;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  move = g_task_get_task_data (G_TASK (result));
  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  if (moved != NULL)
    *moved = move->moved;
  if (move->moved > 0 && g_strcmp0 (move->to_path, self->db_path) == 0)
    records_moved (self);
  return TRUE;
}
