/* jg-record.c — one supervision action record (监管行为), as edited
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "jg-json.h"
#include "jg-record-private.h"
#include "jg-record.h"

struct _JgRecord
{
  GObject        parent_instance;
  char          *uuid;
  char          *department;
  JgRecordKind   kind;
  JgRecordState  state;
  guint          revision;
  JgFields       fields;      /* of the kind */
};

G_DEFINE_FINAL_TYPE (JgRecord, jg_record, G_TYPE_OBJECT)

enum { SIGNAL_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static const struct {
  const char *name;
  const char *label;
} states[] = {
  [JG_RECORD_STATE_DRAFT]    = { "draft", N_("Draft") },
  [JG_RECORD_STATE_READY]    = { "ready", N_("Ready to send") },
  [JG_RECORD_STATE_SENDING]  = { "sending", N_("Sending") },
  [JG_RECORD_STATE_ACCEPTED] = { "accepted", N_("Accepted") },
  [JG_RECORD_STATE_REJECTED] = { "rejected", N_("Rejected") },
};

GType
jg_record_state_get_type (void)
{
  static gsize type_id = 0;

  if (g_once_init_enter (&type_id))
    {
      static const GEnumValue values[] = {
        { JG_RECORD_STATE_DRAFT, "JG_RECORD_STATE_DRAFT", "draft" },
        { JG_RECORD_STATE_READY, "JG_RECORD_STATE_READY", "ready" },
        { JG_RECORD_STATE_SENDING, "JG_RECORD_STATE_SENDING", "sending" },
        { JG_RECORD_STATE_ACCEPTED, "JG_RECORD_STATE_ACCEPTED", "accepted" },
        { JG_RECORD_STATE_REJECTED, "JG_RECORD_STATE_REJECTED", "rejected" },
        { 0, NULL, NULL },
      };
      GType id = g_enum_register_static (g_intern_static_string ("JgRecordState"), values);
      g_once_init_leave (&type_id, id);
    }

  return type_id;
}

const char *
jg_record_state_to_string (JgRecordState state)
{
  g_return_val_if_fail (state < G_N_ELEMENTS (states), NULL);
  return states[state].name;
}

gboolean
jg_record_state_from_string (const char    *text,
                             JgRecordState *state)
{
  if (text == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    if (strcmp (text, states[i].name) == 0)
      {
        if (state != NULL)
          *state = i;
        return TRUE;
      }
  return FALSE;
}

const char *
jg_record_state_get_label (JgRecordState state)
{
  g_return_val_if_fail (state < G_N_ELEMENTS (states), NULL);
  return _(states[state].label);
}

static void
jg_record_finalize (GObject *object)
{
  JgRecord *self = JG_RECORD (object);

  jg_fields_clear (&self->fields);
  g_free (self->uuid);
  g_free (self->department);

  G_OBJECT_CLASS (jg_record_parent_class)->finalize (object);
}

static void
jg_record_class_init (JgRecordClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = jg_record_finalize;

  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
jg_record_init (JgRecord *self)
{
  self->revision = 1;
}

JgRecord *
jg_record_new (JgRecordKind  kind,
               const char   *department)
{
  JgRecord *self;

  g_return_val_if_fail (kind < JG_RECORD_N_KINDS, NULL);

  self = g_object_new (JG_TYPE_RECORD, NULL);
  self->kind = kind;
  self->uuid = g_uuid_string_random ();
  self->department = g_strdup (department);
  jg_fields_init (&self->fields, jg_record_field_keys (kind));
  return self;
}

JgRecord *
jg_record_copy (JgRecord *self)
{
  JgRecord *copy;

  g_return_val_if_fail (JG_IS_RECORD (self), NULL);

  copy = jg_record_new (self->kind, self->department);
  jg_record_set_identity (copy, self->uuid, self->revision, self->state);
  jg_fields_copy_values (&copy->fields, &self->fields);
  return copy;
}

const char *
jg_record_get_uuid (JgRecord *self)
{
  g_return_val_if_fail (JG_IS_RECORD (self), NULL);
  return self->uuid;
}

JgRecordKind
jg_record_get_kind (JgRecord *self)
{
  g_return_val_if_fail (JG_IS_RECORD (self), 0);
  return self->kind;
}

const char *
jg_record_get_department (JgRecord *self)
{
  g_return_val_if_fail (JG_IS_RECORD (self), NULL);
  return self->department;
}

JgRecordState
jg_record_get_state (JgRecord *self)
{
  g_return_val_if_fail (JG_IS_RECORD (self), 0);
  return self->state;
}

guint
jg_record_get_revision (JgRecord *self)
{
  g_return_val_if_fail (JG_IS_RECORD (self), 0);
  return self->revision;
}

const JgFields *
jg_record_get_fields (JgRecord *self)
{
  return &self->fields;
}

const char *
jg_record_get_nth (JgRecord *self,
                   guint     index)
{
  return jg_fields_get_nth (&self->fields, index);
}

const char *
jg_record_get (JgRecord   *self,
               const char *key)
{
  int i;

  g_return_val_if_fail (JG_IS_RECORD (self), NULL);

  i = jg_record_field_index (self->kind, key);
  g_return_val_if_fail (i >= 0, NULL);
  return jg_fields_get_nth (&self->fields, i);
}

void
jg_record_set (JgRecord   *self,
               const char *key,
               const char *value)
{
  int i;

  g_return_if_fail (JG_IS_RECORD (self));

  i = jg_record_field_index (self->kind, key);
  g_return_if_fail (i >= 0);

  if (jg_fields_set_nth (&self->fields, i, value))
    g_signal_emit (self, signals[SIGNAL_CHANGED], 0, key);
}

void
jg_record_set_identity (JgRecord      *self,
                        const char    *uuid,
                        guint          revision,
                        JgRecordState  state)
{
  g_return_if_fail (JG_IS_RECORD (self));

  if (uuid != NULL && uuid != self->uuid)
    {
      g_free (self->uuid);
      self->uuid = g_strdup (uuid);
    }
  self->revision = revision;
  self->state = state;
}

/* The one writer of a record's JSON: storage (jg_record_to_json) and the
 * wire (jg_record_append_wire_json), next to each other, with the same
 * string writer; the fields object the wire sends is the one stored.
 * Written by hand on a GString: a json-glib tree per record was most of
 * a push's time. */
char *
jg_record_to_json (JgRecord *self)
{
  GString *out;

  g_return_val_if_fail (JG_IS_RECORD (self), NULL);

  out = g_string_sized_new (512);
  g_string_append (out, "{\"uuid\":");
  jg_json_append_string_or_null (out, self->uuid);
  g_string_append (out, ",\"kind\":");
  jg_json_append_string (out, jg_record_kind_to_string (self->kind));
  g_string_append (out, ",\"department\":");
  jg_json_append_string_or_null (out, self->department);
  g_string_append (out, ",\"state\":");
  jg_json_append_string (out, jg_record_state_to_string (self->state));
  g_string_append_printf (out, ",\"revision\":%u,\"fields\":", self->revision);
  jg_fields_append_json (out, &self->fields);
  g_string_append_c (out, '}');
  return g_string_free (out, FALSE);
}

void
jg_record_append_wire_json (GString    *out,
                            const char *uuid,
                            guint       revision,
                            char        op,
                            const char *kind,
                            const char *department,
                            const char *fields_json)
{
  g_string_append (out, "{\"uuid\":");
  jg_json_append_string (out, uuid);
  g_string_append_printf (out, ",\"revision\":%u,\"op\":\"%c\",\"kind\":", revision, op);
  jg_json_append_string (out, kind);
  g_string_append (out, ",\"department\":");
  jg_json_append_string_or_null (out, department);
  if (op != 'd')
    {
      g_string_append (out, ",\"fields\":");
      g_string_append (out, fields_json ? fields_json : "{}");
    }
  g_string_append_c (out, '}');
}

static JgRecord *
invalid (GError    **error,
         const char *what)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               _("The record data is damaged (%s). Nothing was changed."), what);
  return NULL;
}

JgRecord *
jg_record_new_from_json (const char  *json,
                         GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JgRecord) record = NULL;
  JsonObject *object;
  JsonNode *node;
  JgRecordKind kind;
  JgRecordState state = JG_RECORD_STATE_DRAFT;
  const char *uuid, *department = NULL, *bad_key;
  gint64 revision = 1;

  g_return_val_if_fail (json != NULL, NULL);

  if (!json_parser_load_from_data (parser, json, -1, &local_error))
    return invalid (error, local_error->message);

  node = json_parser_get_root (parser);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, _("not an object"));
  object = json_node_get_object (node);

  if (!json_object_has_member (object, "kind")
      || !JSON_NODE_HOLDS_VALUE (json_object_get_member (object, "kind"))
      || !jg_record_kind_from_string (json_object_get_string_member (object, "kind"), &kind))
    return invalid (error, _("unknown record kind"));

  uuid = json_object_get_string_member_with_default (object, "uuid", NULL);
  if (uuid == NULL || !g_uuid_string_is_valid (uuid))
    return invalid (error, _("missing or malformed UUID"));

  node = json_object_get_member (object, "department");
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node)
      && json_node_get_value_type (node) == G_TYPE_STRING)
    department = json_node_get_string (node);

  node = json_object_get_member (object, "state");
  if (node != NULL
      && !(JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
           && jg_record_state_from_string (json_node_get_string (node), &state)))
    return invalid (error, _("unknown state"));

  node = json_object_get_member (object, "revision");
  if (node != NULL)
    {
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
        return invalid (error, _("malformed revision"));
      revision = json_node_get_int (node);
      if (revision < 1 || revision > G_MAXUINT)
        return invalid (error, _("malformed revision"));
    }

  record = jg_record_new (kind, department);
  jg_record_set_identity (record, uuid, (guint) revision, state);

  node = json_object_get_member (object, "fields");
  if (node == NULL)
    return g_steal_pointer (&record);
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, _("fields are not an object"));

  if (!jg_fields_read_json (&record->fields, json_node_get_object (node), &bad_key))
    return invalid (error, bad_key);
  return g_steal_pointer (&record);
}

void
jg_record_set_department (JgRecord   *self,
                          const char *department)
{
  g_return_if_fail (JG_IS_RECORD (self));

  if (department != self->department)
    {
      g_free (self->department);
      self->department = g_strdup (department);
    }
}
