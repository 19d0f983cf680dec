/* jg-server-posts-private.h — shared by the posts' own files
 *
 * See jg-server-posts.h for who does what.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "jg-server-posts.h"
#include "jg-server-db-private.h"

G_BEGIN_DECLS

#define JG_SERVER_POSTS_READ_FAILED "Could not read the posts"
#define JG_SERVER_POSTS_STORE_FAILED "Could not store a post"

#define JG_SERVER_POST_IN_REVIEW "in_review"
#define JG_SERVER_POST_RETURNED "returned"
#define JG_SERVER_POST_PUBLISHED "published"
#define JG_SERVER_POST_WITHDRAWN "withdrawn"
#define JG_SERVER_POST_DELETED "deleted"

/* A post as the `post` table holds it. */
typedef struct {
  gboolean found;
  char    *department;
  char    *column;
  char    *state;
  char    *withdraw_reason;
  gint64   revision;
  gint64   level;
  gint64   levels;
} JgServerPostHead;

void      jg_server_post_head_clear     (JgServerPostHead  *head);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (JgServerPostHead, jg_server_post_head_clear)

/* Reads the head of post @uuid (head->found FALSE when unknown). */
gboolean  jg_server_posts_read_head     (JgServerDb        *db,
                                         const char        *uuid,
                                         JgServerPostHead  *head,
                                         GError           **error);

/* Rewrites post @uuid's change in its department's feed from the tables
 * (a tombstone for a deleted post). Inside the caller's transaction. */
gboolean  jg_server_posts_put_feed      (JgServerDb        *db,
                                         const char        *uuid,
                                         GError           **error);
/* Appends post @uuid as the feed carries it (PROTOCOL.md, "The
 * department's posts"). */
gboolean  jg_server_posts_append_json   (JgServerDb        *db,
                                         const char        *uuid,
                                         GString           *out,
                                         GError           **error);

/* Appends @node as canonical JSON: objects' members sorted by name,
 * strings through jg_json_append_string(), so that the same content in
 * any member order or spelling gives the same text. */
void      jg_server_append_canonical_json (GString         *out,
                                           JsonNode        *node);

/* Sets @outcome to @status with a sentence made of @msgid (an N_()
 * template, may be NULL for 400/403/404 answers) and up to two
 * arguments. */
void      jg_server_outcome_set         (JgServerOutcome   *outcome,
                                         guint              status,
                                         const char        *msgid,
                                         const char        *arg0,
                                         const char        *arg1);

G_END_DECLS
