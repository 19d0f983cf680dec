/* jg-record.h — one supervision action record (监管行为), as edited
 *
 * A JgRecord holds the text value of each field of its kind (see
 * jg-record-schema.h) plus its identity: a client-generated UUID, a revision
 * number (incremented when an accepted record is edited), its state and its
 * department. It is a plain mutable object; JgRecordStore saves it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "jg-record-schema.h"

G_BEGIN_DECLS

typedef enum {
  JG_RECORD_STATE_DRAFT,      /* being written; may hold errors */
  JG_RECORD_STATE_READY,      /* no errors; waits to be sent (issue 4) */
  JG_RECORD_STATE_SENDING,
  JG_RECORD_STATE_ACCEPTED,
  JG_RECORD_STATE_REJECTED,
} JgRecordState;

#define JG_TYPE_RECORD_STATE (jg_record_state_get_type ())
GType        jg_record_state_get_type      (void);
const char  *jg_record_state_to_string     (JgRecordState state);  /* "draft", … */
gboolean     jg_record_state_from_string   (const char   *text,
                                            JgRecordState *state);
const char  *jg_record_state_get_label     (JgRecordState state);  /* translated */

#define JG_TYPE_RECORD (jg_record_get_type ())
G_DECLARE_FINAL_TYPE (JgRecord, jg_record, JG, RECORD, GObject)

/* A new draft with a fresh UUID, revision 1. */
JgRecord      *jg_record_new               (JgRecordKind  kind,
                                            const char   *department);
JgRecord      *jg_record_copy              (JgRecord     *self);

const char    *jg_record_get_uuid          (JgRecord     *self);
JgRecordKind   jg_record_get_kind          (JgRecord     *self);
const char    *jg_record_get_department    (JgRecord     *self);
JgRecordState  jg_record_get_state         (JgRecord     *self);
guint          jg_record_get_revision      (JgRecord     *self);

/* NULL when the field is empty. @key must be a field of the kind. */
const char    *jg_record_get               (JgRecord     *self,
                                            const char   *key);
/* Sets (NULL or "" clears) and emits "changed" with the key when the value
 * differs. Leading and trailing white space is kept: the validator reports it. */
void           jg_record_set               (JgRecord     *self,
                                            const char   *key,
                                            const char   *value);

/* Compact JSON of the fields and identity, and back (for storage and the
 * wire). from_json fails with G_IO_ERROR_INVALID_DATA. */
char          *jg_record_to_json           (JgRecord     *self);
JgRecord      *jg_record_new_from_json     (const char   *json,
                                            GError      **error);
/* Appends one record of a pushed batch (PROTOCOL.md, "Pushing records"):
 * {"uuid":…,"revision":N,"op":"u","kind":…,"department":…|null,"fields":{…}},
 * "fields" left out for a deletion. @fields_json is the "fields" object of
 * jg_record_to_json() as stored (NULL: {}). The outbox keeps these bytes
 * and resends them unchanged after a crash. */
void           jg_record_append_wire_json  (GString      *out,
                                            const char   *uuid,
                                            guint         revision,
                                            char          op,
                                            const char   *kind,
                                            const char   *department,
                                            const char   *fields_json);

/* For JgRecordStore only. */
void           jg_record_set_identity      (JgRecord     *self,
                                            const char   *uuid,
                                            guint         revision,
                                            JgRecordState state);

/* Signal "changed" (const char *key). */

G_END_DECLS
