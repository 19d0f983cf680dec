/* jg-field-party.c — the record editor's help with the party (行政相对人)
 *
 * While the party's name or code is typed, entities of earlier records that
 * match are offered under the row; choosing one fills the party's fields.
 * A row under the party's code opens every record of that party.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "jg-record-editor-private.h"

/* Fewer characters match too much to be a suggestion. */
#define MIN_SUGGEST_CHARS 2

static void
fill_entity (JgRecordEditor *self,
             JgEntity       *entity)
{
  static const struct { const char *header; gsize offset; } map[] = {
    { "行政相对人证件类型", G_STRUCT_OFFSET (JgEntity, doc_type) },
    { "行政相对人编码", G_STRUCT_OFFSET (JgEntity, code) },
    { "行政相对人", G_STRUCT_OFFSET (JgEntity, name) },
    { "行政相对人性质", G_STRUCT_OFFSET (JgEntity, nature) },
    { "注册地址", G_STRUCT_OFFSET (JgEntity, registered_address) },
    { "经营地址", G_STRUCT_OFFSET (JgEntity, business_address) },
  };

  for (guint i = 0; i < G_N_ELEMENTS (map); i++)
    {
      JgFieldRow *f = jg_record_editor_find_field_by_header (self, map[i].header);
      const char *value = G_STRUCT_MEMBER (const char *, entity, map[i].offset);

      if (f == NULL || value == NULL)
        continue;
      jg_record_set (self->record, f->spec->key, value);
      jg_field_row_refresh (f);
    }
  jg_record_editor_schedule_change (self);
}

static void
hide_suggestions (JgRecordEditor *self)
{
  for (guint i = 0; i < self->fields->len; i++)
    {
      JgFieldRow *f = g_ptr_array_index (self->fields, i);

      for (guint j = 0; j < JG_RECORD_EDITOR_N_SUGGESTIONS; j++)
        if (f->suggest_rows[j] != NULL)
          gtk_widget_set_visible (f->suggest_rows[j], FALSE);
    }
}

static void
suggestion_activated_cb (AdwActionRow *row,
                         JgFieldRow   *f)
{
  JgRecordEditor *self = f->editor;
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "index"));

  if (self->suggestions == NULL || index >= self->suggestions->len)
    return;
  fill_entity (self, g_ptr_array_index (self->suggestions, index));
  hide_suggestions (self);
  gtk_widget_grab_focus (f->input);
}

static void
entity_text_changed_cb (GtkEditable *editable,
                        JgFieldRow  *f)
{
  JgRecordEditor *self = f->editor;
  const char *text = gtk_editable_get_text (editable);

  if (self->updating)
    return;

  hide_suggestions (self);
  g_clear_pointer (&self->suggestions, g_ptr_array_unref);
  if (g_utf8_strlen (text, -1) < MIN_SUGGEST_CHARS)
    return;

  self->suggestions = jg_record_store_find_entities (self->store, text,
                                                     JG_RECORD_EDITOR_N_SUGGESTIONS, NULL);
  for (guint i = 0;
       self->suggestions != NULL && i < self->suggestions->len && i < JG_RECORD_EDITOR_N_SUGGESTIONS;
       i++)
    {
      JgEntity *entity = g_ptr_array_index (self->suggestions, i);
      g_autofree char *title = NULL;

      /* What is typed is this entity already. */
      if (g_strcmp0 (entity->name, text) == 0 || g_strcmp0 (entity->code, text) == 0)
        {
          hide_suggestions (self);
          return;
        }
      /* TRANSLATORS: an entity suggested while typing the party's name */
      title = g_strdup_printf (_("Use %s"), entity->name);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (f->suggest_rows[i]), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (f->suggest_rows[i]), entity->code);
      gtk_widget_set_visible (f->suggest_rows[i], TRUE);
    }
}

void
jg_field_party_add_suggestions (JgFieldRow          *f,
                                AdwPreferencesGroup *group)
{
  for (guint i = 0; i < JG_RECORD_EDITOR_N_SUGGESTIONS; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *icon = gtk_image_new_from_icon_name ("avatar-default-symbolic");

      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_widget_add_css_class (row, "suggestion");
      gtk_widget_set_visible (row, FALSE);
      g_object_set_data (G_OBJECT (row), "index", GUINT_TO_POINTER (i));
      g_signal_connect (row, "activated", G_CALLBACK (suggestion_activated_cb), f);
      adw_preferences_group_add (group, row);
      f->suggest_rows[i] = row;
    }
  g_signal_connect_after (f->row, "changed", G_CALLBACK (entity_text_changed_cb), f);
}

/* The party's profile -------------------------------------------------------- */

static void
update_entity_row (JgRecordEditor *self)
{
  gboolean known;

  if (self->entity_row == NULL)
    return;
  known = jg_record_get (self->record, "party_doc_type") != NULL &&
          jg_record_get (self->record, "party_code") != NULL;
  gtk_widget_set_sensitive (self->entity_row, known);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->entity_row),
                               known ? _("Every record about this party, newest first, by kind")
                                     : _("Set the party’s document type and code first"));
}

static void
record_changed_cb (JgRecordEditor *self,
                   const char     *key)
{
  if (g_strcmp0 (key, "party_doc_type") == 0 || g_strcmp0 (key, "party_code") == 0)
    update_entity_row (self);
}

static void
entity_row_activated_cb (JgRecordEditor *self)
{
  const char *doc_type = jg_record_get (self->record, "party_doc_type");
  const char *code = jg_record_get (self->record, "party_code");

  if (doc_type == NULL || code == NULL)
    return;
  jg_record_editor_flush (self);
  jg_record_editor_emit_show_entity (self, doc_type, code);
}

void
jg_field_party_add_entity_row (JgRecordEditor *self)
{
  JgFieldRow *f = jg_record_editor_find_field (self, JG_FIELD_PARTY_CODE);
  AdwPreferencesGroup *group;
  GtkWidget *arrow;

  if (f == NULL)
    return;
  group = jg_record_editor_get_group (self, f->spec->group != NULL ? f->spec->group : N_("Record"));
  self->entity_row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->entity_row),
                                 _("All Records of This Party"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self->entity_row), TRUE);
  arrow = gtk_image_new_from_icon_name ("go-next-symbolic");
  gtk_accessible_update_state (GTK_ACCESSIBLE (arrow), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (self->entity_row),
                             gtk_image_new_from_icon_name ("system-users-symbolic"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (self->entity_row), arrow);
  /* Its accessible name is its title (AdwActionRow labels itself by it). */
  g_signal_connect_swapped (self->entity_row, "activated", G_CALLBACK (entity_row_activated_cb), self);
  adw_preferences_group_add (group, self->entity_row);
  g_signal_connect_object (self->record, "changed", G_CALLBACK (record_changed_cb), self,
                           G_CONNECT_SWAPPED);
  update_entity_row (self);
}
