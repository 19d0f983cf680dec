/* jg-post.h — one post of 监管动态 or 曝光台, as edited
 *
 * A JgPost holds the text value of each field of its column (see
 * jg-post-schema.h) plus its identity: a client-generated UUID, a revision
 * number (incremented when a post that left the workstation is edited
 * again), its state and its department. It is a plain mutable object, like
 * JgRecord; JgPostStore saves it, the server validates it with the same
 * rules (jg-post-validate.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "jg-post-schema.h"

G_BEGIN_DECLS

typedef enum {
  JG_POST_STATE_DRAFT,        /* being written; may hold errors */
  JG_POST_STATE_SUBMITTED,    /* checked, waits in the outbox */
  JG_POST_STATE_SENDING,
  JG_POST_STATE_IN_REVIEW,    /* on the server, at one of its review levels */
  JG_POST_STATE_RETURNED,     /* back to the author with the reviewer's comment */
  JG_POST_STATE_PUBLISHED,
  JG_POST_STATE_WITHDRAWN,    /* off the public column, kept in the history */
  JG_POST_STATE_REJECTED,     /* the server refused its content */
} JgPostState;

#define JG_TYPE_POST_STATE (jg_post_state_get_type ())
GType        jg_post_state_get_type      (void);
/* "draft", "submitted", "sending", "in_review", "returned", "published",
 * "withdrawn", "rejected" */
const char  *jg_post_state_to_string     (JgPostState  state);
gboolean     jg_post_state_from_string   (const char  *text,
                                          JgPostState *state);
const char  *jg_post_state_get_label     (JgPostState  state);  /* translated, for badges */
/* The name of review @level (1-based) of a post reviewed in @levels:
 * "初审"/"复审"/"终审" — the first and the last keep their names whether
 * there are two levels or three; one level is just "Review". Translated. */
const char  *jg_post_review_level_name   (guint        level,
                                          guint        levels);

#define JG_TYPE_POST (jg_post_get_type ())
G_DECLARE_FINAL_TYPE (JgPost, jg_post, JG, POST, GObject)

/* A new draft with a fresh UUID, revision 1. */
JgPost       *jg_post_new                (JgPostColumn  column,
                                          const char   *department);
JgPost       *jg_post_copy               (JgPost       *self);

const char   *jg_post_get_uuid           (JgPost       *self);
JgPostColumn  jg_post_get_column         (JgPost       *self);
const char   *jg_post_get_department     (JgPost       *self);
JgPostState   jg_post_get_state          (JgPost       *self);
guint         jg_post_get_revision       (JgPost       *self);

/* NULL when the field is empty. @key must be a field of the column. */
const char   *jg_post_get                (JgPost       *self,
                                          const char   *key);
/* Sets (NULL or "" clears) and emits "changed" with the key when the value
 * differs. White space is kept: the validator reports it. */
void          jg_post_set                (JgPost       *self,
                                          const char   *key,
                                          const char   *value);
/* All the values, for the store (jg_fields_changed_keys). */
const JgFields *jg_post_get_fields       (JgPost       *self);

/* Compact JSON of the identity and the fields, and back (for storage):
 * {"uuid":…,"column":…,"department":…|null,"state":…,"revision":N,"fields":{…}}.
 * from_json fails with G_IO_ERROR_INVALID_DATA. */
char         *jg_post_to_json            (JgPost       *self);
JgPost       *jg_post_new_from_json      (const char   *json,
                                          GError      **error);
/* The same from an object already parsed (a stored post, or one post of a
 * pushed batch, whose "op", "images" and "checks" it ignores; without
 * "state" the post is a draft). */
JgPost       *jg_post_new_from_json_object (JsonObject *object,
                                          GError      **error);

/* Appends one post of a pushed batch:
 * {"uuid":…,"revision":N,"op":"u"|"d","column":…,"department":…|null,
 *  "fields":{…},"images":["sha256",…],"checks":[issue…]}
 * "fields", "images" and "checks" left out for a deletion ('d'); "images"
 * are jg_post_get_image_hashes(); "checks" the client's issues (JgIssue*,
 * may be NULL: []) as jg_issues_append_json() writes them, so that the
 * reviewer sees what the author was warned about. */
void          jg_post_append_wire_json   (GString      *out,
                                          JgPost       *self,
                                          char          op,
                                          GPtrArray    *checks);
/* Reads what jg_post_append_wire_json() wrote. @op, @checks (JgIssue*,
 * empty when absent) and @images (empty when absent) may be NULL. Fails
 * with G_IO_ERROR_INVALID_DATA (a malformed post, op, check or image). */
JgPost       *jg_post_new_from_wire      (JsonObject   *object,
                                          char         *op,
                                          GPtrArray   **checks,
                                          GStrv        *images,
                                          GError      **error);

/* For JgPostStore and the server only. */
void          jg_post_set_identity       (JgPost       *self,
                                          const char   *uuid,
                                          guint         revision,
                                          JgPostState   state);

/* The distinct SHA-256 hashes (64 lowercase hex) of the images of the
 * body, in order of first appearance; empty for an exposure post. */
GStrv         jg_post_get_image_hashes   (JgPost       *self);

/* Signal "changed" (const char *key). */

G_END_DECLS
