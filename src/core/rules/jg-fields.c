/* jg-fields.c — the values of a record's or a post's fields
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "jg-fields.h"
#include "jg-json.h"

struct _JgFieldKeys
{
  guint        n_keys;
  const char **keys;
  GHashTable  *index;      /* key → index + 1 */
};

JgFieldKeys *
jg_field_keys_new (gconstpointer specs,
                   guint         n_specs,
                   gsize         spec_size)
{
  JgFieldKeys *self = g_new0 (JgFieldKeys, 1);

  self->n_keys = n_specs;
  self->keys = g_new0 (const char *, n_specs);
  self->index = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < n_specs; i++)
    {
      self->keys[i] = *(const char * const *) ((const guint8 *) specs + i * spec_size);
      g_hash_table_insert (self->index, (gpointer) self->keys[i], GUINT_TO_POINTER (i + 1));
    }
  return self;
}

int
jg_field_keys_index (const JgFieldKeys *keys,
                     const char        *key)
{
  if (key == NULL)
    return -1;
  return (int) GPOINTER_TO_UINT (g_hash_table_lookup (keys->index, key)) - 1;
}

void
jg_fields_init (JgFields          *self,
                const JgFieldKeys *keys)
{
  self->keys = keys;
  self->values = g_new0 (char *, keys->n_keys);
}

void
jg_fields_clear (JgFields *self)
{
  if (self->values != NULL)
    for (guint i = 0; i < self->keys->n_keys; i++)
      g_free (self->values[i]);
  g_clear_pointer (&self->values, g_free);
}

void
jg_fields_copy_values (JgFields       *dest,
                       const JgFields *src)
{
  g_return_if_fail (dest->keys == src->keys);

  for (guint i = 0; i < src->keys->n_keys; i++)
    {
      g_free (dest->values[i]);
      dest->values[i] = g_strdup (src->values[i]);
    }
}

const char *
jg_fields_get_nth (const JgFields *self,
                   guint           index)
{
  return index < self->keys->n_keys ? self->values[index] : NULL;
}

gboolean
jg_fields_set_nth (JgFields   *self,
                   guint       index,
                   const char *value)
{
  g_return_val_if_fail (index < self->keys->n_keys, FALSE);

  if (value != NULL && *value == '\0')
    value = NULL;
  if (g_strcmp0 (self->values[index], value) == 0)
    return FALSE;
  g_free (self->values[index]);
  self->values[index] = g_strdup (value);
  return TRUE;
}

gboolean
jg_fields_is_empty (const JgFields *self)
{
  for (guint i = 0; i < self->keys->n_keys; i++)
    if (self->values[i] != NULL)
      return FALSE;
  return TRUE;
}

char *
jg_fields_changed_keys (const JgFields *self,
                        const JgFields *before)
{
  GString *keys = NULL;

  for (guint i = 0; i < self->keys->n_keys; i++)
    {
      if (g_strcmp0 (self->values[i], before != NULL ? jg_fields_get_nth (before, i) : NULL) == 0)
        continue;
      if (keys == NULL)
        keys = g_string_new (self->keys->keys[i]);
      else
        g_string_append_printf (keys, ",%s", self->keys->keys[i]);
    }
  return keys != NULL ? g_string_free (keys, FALSE) : NULL;
}

void
jg_fields_append_json (GString        *out,
                       const JgFields *self)
{
  gboolean first = TRUE;

  g_string_append_c (out, '{');
  for (guint i = 0; i < self->keys->n_keys; i++)
    if (self->values[i] != NULL)
      {
        if (!first)
          g_string_append_c (out, ',');
        first = FALSE;
        jg_json_append_string (out, self->keys->keys[i]);
        g_string_append_c (out, ':');
        jg_json_append_string (out, self->values[i]);
      }
  g_string_append_c (out, '}');
}

gboolean
jg_fields_read_json (JgFields    *self,
                     JsonObject  *object,
                     const char **bad_key)
{
  GList *members = json_object_get_members (object);
  gboolean ok = TRUE;

  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *key = l->data;
      JsonNode *node = json_object_get_member (object, key);
      int i = jg_field_keys_index (self->keys, key);

      if (i < 0 || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        {
          *bad_key = key;
          ok = FALSE;
          break;
        }
      jg_fields_set_nth (self, i, json_node_get_string (node));
    }
  g_list_free (members);
  return ok;
}

void
jg_fields_item_init (JgFieldsItem      *self,
                     const JgFieldKeys *keys,
                     const char        *department)
{
  self->uuid = g_uuid_string_random ();
  self->department = g_strdup (department);
  self->state = 0;
  self->revision = 1;
  jg_fields_init (&self->fields, keys);
}

void
jg_fields_item_clear (JgFieldsItem *self)
{
  jg_fields_clear (&self->fields);
  g_clear_pointer (&self->uuid, g_free);
  g_clear_pointer (&self->department, g_free);
}

void
jg_fields_item_copy (JgFieldsItem       *dest,
                     const JgFieldsItem *src)
{
  jg_fields_item_set_identity (dest, src->uuid, src->revision, src->state);
  jg_fields_copy_values (&dest->fields, &src->fields);
}

void
jg_fields_item_set_identity (JgFieldsItem *self,
                             const char   *uuid,
                             guint         revision,
                             guint         state)
{
  if (uuid != NULL && uuid != self->uuid)
    {
      g_free (self->uuid);
      self->uuid = g_strdup (uuid);
    }
  self->revision = revision;
  self->state = state;
}

void
jg_fields_item_append_json (GString            *out,
                            const JgFieldsItem *self,
                            const char         *kind_member,
                            const char         *kind,
                            const char         *state)
{
  g_string_append (out, "{\"uuid\":");
  jg_json_append_string_or_null (out, self->uuid);
  g_string_append_printf (out, ",\"%s\":", kind_member);
  jg_json_append_string (out, kind);
  g_string_append (out, ",\"department\":");
  jg_json_append_string_or_null (out, self->department);
  g_string_append (out, ",\"state\":");
  jg_json_append_string (out, state);
  g_string_append_printf (out, ",\"revision\":%u,\"fields\":", self->revision);
  jg_fields_append_json (out, &self->fields);
  g_string_append_c (out, '}');
}

const char *
jg_fields_json_string (JsonObject *object,
                       const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

gboolean
jg_fields_item_read_json (JgFieldsItem            *self,
                          JsonObject              *object,
                          JgFieldsStateFromString  state_from_string,
                          const char             **what,
                          const char             **bad_key)
{
  const char *uuid = jg_fields_json_string (object, "uuid");
  guint state = 0;
  gint64 revision = 1;
  JsonNode *node;

  *what = NULL;
  if (uuid == NULL || !g_uuid_string_is_valid (uuid))
    {
      *what = _("missing or malformed UUID");
      return FALSE;
    }

  if (json_object_get_member (object, "state") != NULL
      && !state_from_string (jg_fields_json_string (object, "state"), &state))
    {
      *what = _("unknown state");
      return FALSE;
    }

  node = json_object_get_member (object, "revision");
  if (node != NULL)
    {
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
        {
          *what = _("malformed revision");
          return FALSE;
        }
      revision = json_node_get_int (node);
      if (revision < 1 || revision > G_MAXUINT)
        {
          *what = _("malformed revision");
          return FALSE;
        }
    }

  g_free (self->department);
  self->department = g_strdup (jg_fields_json_string (object, "department"));
  jg_fields_item_set_identity (self, uuid, (guint) revision, state);

  node = json_object_get_member (object, "fields");
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      *what = _("fields are not an object");
      return FALSE;
    }
  return jg_fields_read_json (&self->fields, json_node_get_object (node), bad_key);
}
