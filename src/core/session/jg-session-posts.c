/* jg-session-posts.c — the posts of 监管动态 and 曝光台 in the session
 *
 * The account's post store, whether the account reviews, the server's
 * quota thresholds, and the online review and withdrawal calls.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "jg-session.h"
#include "jg-session-private.h"

JgPostStore *
jg_session_get_post_store (JgSession *self)
{
  g_return_val_if_fail (JG_IS_SESSION (self), NULL);

  return NULL;
}

gboolean
jg_session_is_reviewer (JgSession *self)
{
  g_return_val_if_fail (JG_IS_SESSION (self), FALSE);

  return FALSE;
}

void
jg_session_get_quota_rules (JgSession   *self,
                            JgQuotaRule  out[JG_QUOTA_N_COLUMNS])
{
  g_return_if_fail (JG_IS_SESSION (self));

  for (guint i = 0; i < JG_QUOTA_N_COLUMNS; i++)
    jg_quota_default_rule (i, &out[i]);
}

static void
fail_not_yet (JgSession           *self,
              gpointer             tag,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, callback, user_data);

  g_task_set_source_tag (task, tag);
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("Reviewing posts is not available yet."));
}

void
jg_session_review_post_async (JgSession           *self,
                              const char          *uuid,
                              guint                revision,
                              gboolean             approve,
                              const char          *comment,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  fail_not_yet (self, jg_session_review_post_async, callback, user_data);
}

gboolean
jg_session_review_post_finish (JgSession     *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
jg_session_withdraw_post_async (JgSession           *self,
                                const char          *uuid,
                                const char          *reason,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  fail_not_yet (self, jg_session_withdraw_post_async, callback, user_data);
}

gboolean
jg_session_withdraw_post_finish (JgSession     *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}
