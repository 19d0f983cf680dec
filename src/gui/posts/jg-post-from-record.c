/* jg-post-from-record.c — an exposure (曝光台) post from a penalty record
 *
 * The record editor offers "Create Exposure Post" (win.create-exposure,
 * the record's UUID) on an accepted penalty; the window creates the draft
 * here and opens it on the Exposure page. What the record gives is
 * prefilled by the rules (jg-post-exposure.c), the privacy guard included:
 * a natural person's name masked, an ID number never copied whole.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "jg-post-exposure.h"
#include "jg-post-from-record.h"
#include "jg-record-store.h"

gboolean
jg_post_from_record_is_eligible (JgRecord *record)
{
  g_return_val_if_fail (JG_IS_RECORD (record), FALSE);

  return jg_record_get_kind (record) == JG_RECORD_PENALTY
         && jg_record_get_state (record) == JG_RECORD_STATE_ACCEPTED
         && g_strcmp0 (jg_record_get (record, "no_penalty"), "1") != 0;
}

/* The exposure post already written from @record_uuid (not withdrawn),
 * or NULL: a second click opens it rather than a second draft. */
static JgPost *
find_existing (JgPostStore *store,
               const char  *record_uuid)
{
  g_autoptr(GPtrArray) posts = jg_post_store_list (store, JG_POST_EXPOSURE, NULL, NULL);

  for (guint i = 0; posts != NULL && i < posts->len; i++)
    {
      JgPostSummary *summary = g_ptr_array_index (posts, i);
      g_autoptr(JgPost) post = NULL;

      if (jg_post_summary_get_state (summary) == JG_POST_STATE_WITHDRAWN)
        continue;
      post = jg_post_store_load (store, jg_post_summary_get_uuid (summary), NULL);
      if (post != NULL && g_strcmp0 (jg_post_get (post, "source_record"), record_uuid) == 0)
        return g_steal_pointer (&post);
    }
  return NULL;
}

JgPost *
jg_post_from_record_create (JgPostStore  *store,
                            const char   *record_uuid,
                            GError      **error)
{
  g_autoptr(JgRecord) record = NULL;
  g_autoptr(JgPost) post = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");

  g_return_val_if_fail (JG_IS_POST_STORE (store), NULL);
  g_return_val_if_fail (record_uuid != NULL, NULL);

  post = find_existing (store, record_uuid);
  if (post != NULL)
    return g_steal_pointer (&post);
  record = jg_record_store_load (jg_post_store_get_store (store), record_uuid, error);
  if (record == NULL)
    return NULL;
  if (!jg_post_from_record_is_eligible (record))
    {
      g_set_error_literal (error, JG_POST_STORE_ERROR, JG_POST_STORE_ERROR_NOT_ALLOWED,
                           _("Only a penalty the server accepted, with a penalty imposed, can be exposed. "
                             "Nothing was created."));
      return NULL;
    }
  post = jg_post_new_exposure_from_record (record, today);
  if (!jg_post_store_save (store, post, error))
    return NULL;
  return g_steal_pointer (&post);
}
