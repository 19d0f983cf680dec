/* jg-record-private.h — fast field access for the validator and the store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "jg-fields.h"
#include "jg-record.h"

G_BEGIN_DECLS

/* The index of @key in jg_record_fields (@kind), or -1. O(1). */
int          jg_record_field_index  (JgRecordKind  kind,
                                     const char   *key);
/* The keys of jg_record_fields (@kind), for a record's JgFields. */
const JgFieldKeys *jg_record_field_keys (JgRecordKind kind);
/* All the values, for the store (jg_fields_changed_keys). */
const JgFields    *jg_record_get_fields (JgRecord *self);
/* The value of the @index-th field of the record's kind, or NULL. */
const char  *jg_record_get_nth      (JgRecord     *self,
                                     guint         index);

G_END_DECLS

G_BEGIN_DECLS
/* For JgRecordStore: a record written before a department was chosen. */
void         jg_record_set_department (JgRecord   *self,
                                       const char *department);
G_END_DECLS
