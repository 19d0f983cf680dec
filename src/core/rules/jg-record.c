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
  JgRecordKind   kind;
  JgFieldsItem   item;        /* the fields of the kind */
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

  jg_fields_item_clear (&self->item);

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
}

JgRecord *
jg_record_new (JgRecordKind  kind,
               const char   *department)
{
  JgRecord *self;

  g_return_val_if_fail (kind < JG_RECORD_N_KINDS, NULL);

  self = g_object_new (JG_TYPE_RECORD, NULL);
  self->kind = kind;
  jg_fields_item_init (&self->item, jg_record_field_keys (kind), department);
  return self;
}

JgRecord *
jg_record_copy (JgRecord *self)
{
  JgRecord *copy;

  g_return_val_if_fail (JG_IS_RECORD (self), NULL);

  copy = jg_record_new (self->kind, self->item.department);
  jg_fields_item_copy (&copy->item, &self->item);
  return copy;
}

const char *
jg_record_get_uuid (JgRecord *self)
{
  g_return_val_if_fail (JG_IS_RECORD (self), NULL);
  return self->item.uuid;
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
  return self->item.department;
}

JgRecordState
jg_record_get_state (JgRecord *self)
{
  g_return_val_if_fail (JG_IS_RECORD (self), 0);
  return self->item.state;
}

guint
jg_record_get_revision (JgRecord *self)
{
  g_return_val_if_fail (JG_IS_RECORD (self), 0);
  return self->item.revision;
}

const JgFields *
jg_record_get_fields (JgRecord *self)
{
  return &self->item.fields;
}

const char *
jg_record_get_nth (JgRecord *self,
                   guint     index)
{
  return jg_fields_get_nth (&self->item.fields, index);
}

const char *
jg_record_get (JgRecord   *self,
               const char *key)
{
  int i;

  g_return_val_if_fail (JG_IS_RECORD (self), NULL);

  i = jg_record_field_index (self->kind, key);
  g_return_val_if_fail (i >= 0, NULL);
  return jg_fields_get_nth (&self->item.fields, i);
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

  if (jg_fields_set_nth (&self->item.fields, i, value))
    g_signal_emit (self, signals[SIGNAL_CHANGED], 0, key);
}

void
jg_record_set_identity (JgRecord      *self,
                        const char    *uuid,
                        guint          revision,
                        JgRecordState  state)
{
  g_return_if_fail (JG_IS_RECORD (self));

  jg_fields_item_set_identity (&self->item, uuid, revision, state);
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
  jg_fields_item_append_json (out, &self->item, "kind",
                              jg_record_kind_to_string (self->kind),
                              jg_record_state_to_string (self->item.state));
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

static gboolean
state_from_string (const char *text,
                   guint      *state)
{
  JgRecordState read;

  if (!jg_record_state_from_string (text, &read))
    return FALSE;
  *state = read;
  return TRUE;
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
  const char *what, *bad_key;

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

  record = jg_record_new (kind, NULL);
  if (!jg_fields_item_read_json (&record->item, object, state_from_string, &what, &bad_key))
    return invalid (error, what != NULL ? what : bad_key);
  return g_steal_pointer (&record);
}

void
jg_record_set_department (JgRecord   *self,
                          const char *department)
{
  g_return_if_fail (JG_IS_RECORD (self));

  if (department != self->item.department)
    {
      g_free (self->item.department);
      self->item.department = g_strdup (department);
    }
}
