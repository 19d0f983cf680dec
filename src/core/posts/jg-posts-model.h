/* jg-posts-model.h — the posts a page lists, as a GListModel
 *
 * Items are JgPostSummary (jg-post-store.h) of one column and one month
 * (Shanghai; of publication, else of the last change), newest first. The
 * model follows the post store's "changed" and re-reads: a month holds a
 * few dozen posts, so it reads them all at once (unlike the lazy records
 * model) and emits one items-changed for the rows that differ.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "jg-post-store.h"

G_BEGIN_DECLS

#define JG_TYPE_POSTS_MODEL (jg_posts_model_get_type ())
G_DECLARE_FINAL_TYPE (JgPostsModel, jg_posts_model, JG, POSTS_MODEL, GObject)

/* @column a JgPostColumn or -1 for both; @month "YYYY-MM" or NULL for
 * every month. Reads on the post store's connection (its thread). */
JgPostsModel *jg_posts_model_new        (JgPostStore  *store,
                                         int           column,
                                         const char   *month,
                                         GError      **error);
/* A new filter: re-reads. */
gboolean      jg_posts_model_set_filter (JgPostsModel *self,
                                         int           column,
                                         const char   *month,
                                         GError      **error);
gboolean      jg_posts_model_reload     (JgPostsModel *self,
                                         GError      **error);

G_END_DECLS
