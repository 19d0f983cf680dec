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

/* What a record and a post both are besides their kind or column: the
 * identity, the owning department and the field values. Each object
 * keeps one and passes it here, so the plumbing is written once. */
typedef struct {
  char     *uuid;
  char     *department;
  guint     state;          /* the object's own state enum */
  guint     revision;
  JgFields  fields;
} JgFieldsItem;

/* A new item: a random UUID, revision 1, state 0, no values. */
void         jg_fields_item_init      (JgFieldsItem       *self,
                                       const JgFieldKeys  *keys,
                                       const char         *department);
void         jg_fields_item_clear     (JgFieldsItem       *self);
/* @dest (initialised with the keys of @src) takes @src's identity and values. */
void         jg_fields_item_copy      (JgFieldsItem       *dest,
                                       const JgFieldsItem *src);
/* Replaces the UUID (unless NULL), the revision and the state. */
void         jg_fields_item_set_identity (JgFieldsItem    *self,
                                       const char         *uuid,
                                       guint               revision,
                                       guint               state);
/* Appends {"uuid":…,"@kind_member":@kind,"department":…,"state":@state,
 * "revision":…,"fields":{…}}: the stored JSON of a record or a post. */
void         jg_fields_item_append_json (GString          *out,
                                       const JgFieldsItem *self,
                                       const char         *kind_member,
                                       const char         *kind,
                                       const char         *state);

/* The member @name of @object when it is a string, else NULL: how the
 * readers of a record's or a post's JSON take a member. */
const char  *jg_fields_json_string    (JsonObject         *object,
                                       const char         *name);

/* Whether @text names a state, and which (into *@state). */
typedef gboolean (*JgFieldsStateFromString) (const char *text,
                                             guint      *state);

/* Reads "uuid", "department", "state", "revision" and "fields" of @object
 * into @self (just initialised). FALSE on the first that is damaged, with
 * *@what saying which (translated), or, for a field, *@what NULL and
 * *@bad_key (owned by @object) naming it. */
gboolean     jg_fields_item_read_json (JgFieldsItem       *self,
                                       JsonObject         *object,
                                       JgFieldsStateFromString state_from_string,
                                       const char        **what,
                                       const char        **bad_key);

G_END_DECLS
