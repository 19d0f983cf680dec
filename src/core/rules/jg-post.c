/* jg-post.c — one post of 监管动态 or 曝光台, as edited
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "jg-json.h"
#include "jg-post-html.h"
#include "jg-post.h"
#include "jg-validate.h"

struct _JgPost
{
  GObject       parent_instance;
  JgPostColumn  column;
  JgFieldsItem  item;        /* the fields of the column */
};

G_DEFINE_FINAL_TYPE (JgPost, jg_post, G_TYPE_OBJECT)

enum { SIGNAL_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* Labels in a context: "Rejected" and "Sending" of records mean other
 * things in Chinese (a record's 已退回 is a post's 退回修改). */
static const struct {
  const char *name;
  const char *label;
} states[] = {
  [JG_POST_STATE_DRAFT]     = { "draft", NC_("post state", "Draft") },
  [JG_POST_STATE_SUBMITTED] = { "submitted", NC_("post state", "Submitted") },
  [JG_POST_STATE_SENDING]   = { "sending", NC_("post state", "Sending") },
  [JG_POST_STATE_IN_REVIEW] = { "in_review", NC_("post state", "In review") },
  [JG_POST_STATE_RETURNED]  = { "returned", NC_("post state", "Returned") },
  [JG_POST_STATE_PUBLISHED] = { "published", NC_("post state", "Published") },
  [JG_POST_STATE_WITHDRAWN] = { "withdrawn", NC_("post state", "Withdrawn") },
  [JG_POST_STATE_REJECTED]  = { "rejected", NC_("post state", "Rejected") },
};

GType
jg_post_state_get_type (void)
{
  static gsize type_id = 0;

  if (g_once_init_enter (&type_id))
    {
      static const GEnumValue values[] = {
        { JG_POST_STATE_DRAFT, "JG_POST_STATE_DRAFT", "draft" },
        { JG_POST_STATE_SUBMITTED, "JG_POST_STATE_SUBMITTED", "submitted" },
        { JG_POST_STATE_SENDING, "JG_POST_STATE_SENDING", "sending" },
        { JG_POST_STATE_IN_REVIEW, "JG_POST_STATE_IN_REVIEW", "in_review" },
        { JG_POST_STATE_RETURNED, "JG_POST_STATE_RETURNED", "returned" },
        { JG_POST_STATE_PUBLISHED, "JG_POST_STATE_PUBLISHED", "published" },
        { JG_POST_STATE_WITHDRAWN, "JG_POST_STATE_WITHDRAWN", "withdrawn" },
        { JG_POST_STATE_REJECTED, "JG_POST_STATE_REJECTED", "rejected" },
        { 0, NULL, NULL },
      };
      GType id = g_enum_register_static (g_intern_static_string ("JgPostState"), values);
      g_once_init_leave (&type_id, id);
    }

  return type_id;
}

const char *
jg_post_state_to_string (JgPostState state)
{
  g_return_val_if_fail (state < G_N_ELEMENTS (states), NULL);
  return states[state].name;
}

gboolean
jg_post_state_from_string (const char  *text,
                           JgPostState *state)
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
jg_post_state_get_label (JgPostState state)
{
  g_return_val_if_fail (state < G_N_ELEMENTS (states), NULL);
  return g_dpgettext2 (GETTEXT_PACKAGE, "post state", states[state].label);
}

const char *
jg_post_review_level_name (guint level,
                           guint levels)
{
  if (levels <= 1)
    return _("Review");
  if (level <= 1)
    return _("First review");
  if (level >= levels)
    return _("Final review");
  return _("Second review");
}

static void
jg_post_finalize (GObject *object)
{
  JgPost *self = JG_POST (object);

  jg_fields_item_clear (&self->item);

  G_OBJECT_CLASS (jg_post_parent_class)->finalize (object);
}

static void
jg_post_class_init (JgPostClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = jg_post_finalize;

  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
jg_post_init (JgPost *self)
{
}

JgPost *
jg_post_new (JgPostColumn  column,
             const char   *department)
{
  JgPost *self;

  g_return_val_if_fail (column < JG_POST_N_COLUMNS, NULL);

  self = g_object_new (JG_TYPE_POST, NULL);
  self->column = column;
  jg_fields_item_init (&self->item, jg_post_field_keys (column), department);
  return self;
}

JgPost *
jg_post_copy (JgPost *self)
{
  JgPost *copy;

  g_return_val_if_fail (JG_IS_POST (self), NULL);

  copy = jg_post_new (self->column, self->item.department);
  jg_fields_item_copy (&copy->item, &self->item);
  return copy;
}

const char *
jg_post_get_uuid (JgPost *self)
{
  g_return_val_if_fail (JG_IS_POST (self), NULL);
  return self->item.uuid;
}

JgPostColumn
jg_post_get_column (JgPost *self)
{
  g_return_val_if_fail (JG_IS_POST (self), 0);
  return self->column;
}

const char *
jg_post_get_department (JgPost *self)
{
  g_return_val_if_fail (JG_IS_POST (self), NULL);
  return self->item.department;
}

JgPostState
jg_post_get_state (JgPost *self)
{
  g_return_val_if_fail (JG_IS_POST (self), 0);
  return self->item.state;
}

guint
jg_post_get_revision (JgPost *self)
{
  g_return_val_if_fail (JG_IS_POST (self), 0);
  return self->item.revision;
}

const char *
jg_post_get (JgPost     *self,
             const char *key)
{
  int i;

  g_return_val_if_fail (JG_IS_POST (self), NULL);

  i = jg_post_field_index (self->column, key);
  g_return_val_if_fail (i >= 0, NULL);
  return jg_fields_get_nth (&self->item.fields, i);
}

void
jg_post_set (JgPost     *self,
             const char *key,
             const char *value)
{
  int i;

  g_return_if_fail (JG_IS_POST (self));

  i = jg_post_field_index (self->column, key);
  g_return_if_fail (i >= 0);

  if (jg_fields_set_nth (&self->item.fields, i, value))
    g_signal_emit (self, signals[SIGNAL_CHANGED], 0, key);
}

const JgFields *
jg_post_get_fields (JgPost *self)
{
  g_return_val_if_fail (JG_IS_POST (self), NULL);
  return &self->item.fields;
}

void
jg_post_set_identity (JgPost      *self,
                      const char  *uuid,
                      guint        revision,
                      JgPostState  state)
{
  g_return_if_fail (JG_IS_POST (self));

  jg_fields_item_set_identity (&self->item, uuid, revision, state);
}

GStrv
jg_post_get_image_hashes (JgPost *self)
{
  g_autoptr(JgPostDoc) doc = NULL;
  const char *body;

  g_return_val_if_fail (JG_IS_POST (self), NULL);

  body = self->column == JG_POST_DYNAMICS ? jg_post_get (self, "body") : NULL;
  if (body == NULL)
    return g_new0 (char *, 1);
  doc = jg_post_doc_from_html (body, NULL);
  return jg_post_doc_image_hashes (doc);
}

/* The writers of a post's JSON: storage (jg_post_to_json) and the wire
 * (jg_post_append_wire_json) write the same "fields" object. By hand on a
 * GString, as records are (jg-record.c). */
char *
jg_post_to_json (JgPost *self)
{
  GString *out;

  g_return_val_if_fail (JG_IS_POST (self), NULL);

  out = g_string_sized_new (1024);
  jg_fields_item_append_json (out, &self->item, "column",
                              jg_post_column_to_string (self->column),
                              jg_post_state_to_string (self->item.state));
  return g_string_free (out, FALSE);
}

void
jg_post_append_wire_json (GString   *out,
                          JgPost    *self,
                          char       op,
                          GPtrArray *checks)
{
  g_return_if_fail (JG_IS_POST (self));
  g_return_if_fail (op == 'u' || op == 'd');

  g_string_append (out, "{\"uuid\":");
  jg_json_append_string (out, self->item.uuid);
  g_string_append_printf (out, ",\"revision\":%u,\"op\":\"%c\",\"column\":", self->item.revision, op);
  jg_json_append_string (out, jg_post_column_to_string (self->column));
  g_string_append (out, ",\"department\":");
  jg_json_append_string_or_null (out, self->item.department);
  if (op != 'd')
    {
      g_auto(GStrv) images = jg_post_get_image_hashes (self);

      g_string_append (out, ",\"fields\":");
      jg_fields_append_json (out, &self->item.fields);
      g_string_append (out, ",\"images\":[");
      for (guint i = 0; images[i] != NULL; i++)
        {
          if (i > 0)
            g_string_append_c (out, ',');
          jg_json_append_string (out, images[i]);
        }
      g_string_append (out, "],\"checks\":");
      jg_issues_append_json (out, checks);
    }
  g_string_append_c (out, '}');
}

static JgPost *
invalid (GError    **error,
         const char *what)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               _("The post data is damaged (%s). Nothing was changed."), what);
  return NULL;
}

static gboolean
state_from_string (const char *text,
                   guint      *state)
{
  JgPostState read;

  if (!jg_post_state_from_string (text, &read))
    return FALSE;
  *state = read;
  return TRUE;
}

JgPost *
jg_post_new_from_json_object (JsonObject  *object,
                              GError     **error)
{
  g_autoptr(JgPost) post = NULL;
  JgPostColumn column;
  const char *what, *bad_key;

  g_return_val_if_fail (object != NULL, NULL);

  if (!jg_post_column_from_string (jg_fields_json_string (object, "column"), &column))
    return invalid (error, _("unknown column"));

  post = jg_post_new (column, NULL);
  if (!jg_fields_item_read_json (&post->item, object, state_from_string, &what, &bad_key))
    {
      g_autofree char *shown = what == NULL ? g_strndup (bad_key, 64) : NULL;

      return invalid (error, what != NULL ? what : shown);
    }
  return g_steal_pointer (&post);
}

JgPost *
jg_post_new_from_json (const char  *json,
                       GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  JsonNode *node;

  g_return_val_if_fail (json != NULL, NULL);

  if (!json_parser_load_from_data (parser, json, -1, &local_error))
    return invalid (error, local_error->message);
  node = json_parser_get_root (parser);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, _("not an object"));
  return jg_post_new_from_json_object (json_node_get_object (node), error);
}

static gboolean
is_image_hash (const char *s)
{
  if (s == NULL || strlen (s) != JG_POST_IMAGE_HASH_LENGTH)
    return FALSE;
  for (const char *p = s; *p; p++)
    if (!g_ascii_isdigit (*p) && !(*p >= 'a' && *p <= 'f'))
      return FALSE;
  return TRUE;
}

JgPost *
jg_post_new_from_wire (JsonObject  *object,
                       char        *op,
                       GPtrArray  **checks,
                       GStrv       *images,
                       GError     **error)
{
  g_autoptr(JgPost) post = NULL;
  g_autoptr(GPtrArray) read_checks = NULL;
  g_autoptr(GStrvBuilder) read_images = g_strv_builder_new ();
  const char *op_text = jg_fields_json_string (object, "op");
  JsonNode *node;

  g_return_val_if_fail (object != NULL, NULL);

  if (op_text == NULL || (strcmp (op_text, "u") != 0 && strcmp (op_text, "d") != 0))
    return invalid (error, _("unknown operation"));

  post = jg_post_new_from_json_object (object, error);
  if (post == NULL)
    return NULL;

  node = json_object_get_member (object, "images");
  if (node != NULL)
    {
      JsonArray *array;

      if (!JSON_NODE_HOLDS_ARRAY (node))
        return invalid (error, _("malformed image list"));
      array = json_node_get_array (node);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);
          const char *hash = JSON_NODE_HOLDS_VALUE (element)
                             && json_node_get_value_type (element) == G_TYPE_STRING
                             ? json_node_get_string (element) : NULL;

          if (!is_image_hash (hash))
            return invalid (error, _("malformed image list"));
          g_strv_builder_add (read_images, hash);
        }
    }

  node = json_object_get_member (object, "checks");
  if (node != NULL)
    {
      read_checks = jg_issues_new_from_json (node, error);
      if (read_checks == NULL)
        return NULL;
    }
  else
    read_checks = g_ptr_array_new_with_free_func ((GDestroyNotify) jg_issue_free);

  if (op != NULL)
    *op = op_text[0];
  if (checks != NULL)
    *checks = g_steal_pointer (&read_checks);
  if (images != NULL)
    *images = g_strv_builder_end (read_images);
  return g_steal_pointer (&post);
}
