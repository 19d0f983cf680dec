/* jg-fields.h — the values of a record's or a post's fields
 *
 * A record kind and a post column each have a fixed table of fields
 * (jg-record-schema.c, jg-post-schema.c). JgFieldKeys is the table's keys
 * with their O(1) index; JgFields holds one value per key (NULL when
 * empty) and reads and writes them as the JSON object "fields" that
 * storage and the wire share. Records and posts keep their values in one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct _JgFieldKeys JgFieldKeys;

/* The keys of @n_specs specs of @spec_size bytes each, whose first member
 * is the key (a const char *, static). Made once per table and kept. */
JgFieldKeys *jg_field_keys_new        (gconstpointer       specs,
                                       guint               n_specs,
                                       gsize               spec_size);
/* The index of @key (may be NULL), or -1. */
int          jg_field_keys_index      (const JgFieldKeys  *keys,
                                       const char         *key);

typedef struct {
  const JgFieldKeys *keys;
  char             **values;      /* one per key, NULL when empty */
} JgFields;

void         jg_fields_init           (JgFields           *self,
                                       const JgFieldKeys  *keys);
void         jg_fields_clear          (JgFields           *self);
/* @dest (initialised with the keys of @src) takes copies of @src's values. */
void         jg_fields_copy_values    (JgFields           *dest,
                                       const JgFields     *src);
/* The value of the @index-th key, or NULL (empty, or no such key). */
const char  *jg_fields_get_nth        (const JgFields     *self,
                                       guint               index);
/* Sets the @index-th value; "" is stored as NULL. Whether it changed. */
gboolean     jg_fields_set_nth        (JgFields           *self,
                                       guint               index,
                                       const char         *value);
/* Whether every value is empty. */
gboolean     jg_fields_is_empty       (const JgFields     *self);
/* The keys whose values differ between @self and @before, index by index
 * (@before NULL: the non-empty ones), comma-separated, or NULL when none:
 * what an audit entry says was changed. */
char        *jg_fields_changed_keys   (const JgFields     *self,
                                       const JgFields     *before);
/* Appends the non-empty values as a JSON object, in the table's order. */
void         jg_fields_append_json    (GString            *out,
                                       const JgFields     *self);
/* Sets the values of @object's members: each must be a key of the table
 * and a string. FALSE on the first that is not, with @bad_key (owned by
 * @object) naming it; the values read until then stay set. */
gboolean     jg_fields_read_json      (JgFields           *self,
                                       JsonObject         *object,
                                       const char        **bad_key);

G_END_DECLS
