/* jg-records-page-parties.c — the party's profile on the Records page:
 * choosing a party in the search popover, showing its records, opening one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"
#include <glib/gi18n.h>
#include "jg-accessible.h"
#include "jg-list-row.h"
#include "jg-record-store.h"
#include "jg-records-page-private.h"

/* --- the party's profile -------------------------------------------------- */

void
jg_records_page_show_profile (JgRecordsPage *self)
{
  jg_records_page_close_editor (self);
  if (self->profile == NULL)
    {
      jg_records_page_show_list (self);
      return;
    }
  jg_entity_profile_reload (self->profile);
  gtk_stack_set_visible_child_name (self->main_stack, "profile");
  gtk_widget_child_focus (GTK_WIDGET (self->profile), GTK_DIR_TAB_FORWARD);
}

static void
profile_close_cb (JgRecordsPage   *self,
                  JgEntityProfile *profile)
{
  jg_records_page_show_list (self);
}

static void
profile_message_cb (JgRecordsPage   *self,
                    const char      *message,
                    JgEntityProfile *profile)
{
  jg_records_page_toast (self, message);
}

static void
profile_open_record_cb (JgRecordsPage   *self,
                        const char      *uuid,
                        JgEntityProfile *profile)
{
  g_autoptr(JgRecord) record = NULL;
  g_autoptr(GError) error = NULL;

  record = jg_record_store_load (self->store, uuid, &error);
  if (record == NULL)
    {
      jg_records_page_toast (self, error->message);
      return;
    }
  jg_records_page_open_record_in_editor (self, record);
}

void
jg_records_page_open_entity (JgRecordsPage *self,
             const char    *doc_type,
             const char    *code)
{
  if (self->store == NULL || self->db_path == NULL)
    return;

  jg_records_page_close_editor (self);
  jg_records_page_close_profile (self);

  self->profile = jg_entity_profile_new (self->store, self->db_path, doc_type, code);
  g_signal_connect_object (self->profile, "close", G_CALLBACK (profile_close_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->profile, "message", G_CALLBACK (profile_message_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->profile, "open-record", G_CALLBACK (profile_open_record_cb), self, G_CONNECT_SWAPPED);
  adw_bin_set_child (self->profile_bin, GTK_WIDGET (self->profile));
  gtk_stack_set_visible_child_name (self->main_stack, "profile");
  gtk_widget_child_focus (GTK_WIDGET (self->profile), GTK_DIR_TAB_FORWARD);
}

static void
party_profile_activated (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  JgRecordsPage *self = JG_RECORDS_PAGE (widget);
  g_autoptr(JgRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  const char *doc_type, *code;

  if (self->store == NULL)
    return;
  record = jg_record_store_load (self->store, g_variant_get_string (parameter, NULL), &error);
  if (record == NULL)
    {
      jg_records_page_toast (self, error->message);
      return;
    }
  doc_type = jg_record_get (record, "party_doc_type");
  code = jg_record_get (record, "party_code");
  if (doc_type == NULL || code == NULL)
    {
      jg_records_page_toast (self, _("This record has no party document type and code yet: open it and fill them in to see the party’s other records."));
      return;
    }
  jg_records_page_open_entity (self, doc_type, code);
}

/* The Parties search: entities by name or code, most recently used first. */

static void
entities_search_cb (JgRecordsPage *self)
{
  const char *text;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->entities_list))) != NULL)
    gtk_list_box_remove (self->entities_list, child);
  g_clear_pointer (&self->entities, g_ptr_array_unref);
  if (self->store == NULL)
    return;

  text = gtk_editable_get_text (GTK_EDITABLE (self->entities_entry));
  self->entities = jg_record_store_find_entities (self->store, text, 20, NULL);
  for (guint i = 0; self->entities != NULL && i < self->entities->len; i++)
    {
      JgEntity *entity = g_ptr_array_index (self->entities, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *accessible = g_strdup_printf ("%s, %s", entity->name, entity->code);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), entity->name);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), entity->code);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
      g_object_set_data (G_OBJECT (row), "index", GUINT_TO_POINTER (i));
      gtk_list_box_append (self->entities_list, row);
    }
  if (self->entities == NULL || self->entities->len == 0)
    {
      GtkWidget *label = gtk_label_new (_("No parties found. Parties are remembered from the records you save."));

      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 36);
      gtk_widget_set_margin_top (label, 12);
      gtk_widget_set_margin_bottom (label, 12);
      gtk_widget_set_margin_start (label, 12);
      gtk_widget_set_margin_end (label, 12);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_list_box_append (self->entities_list, label);
    }
}

static void
entities_popover_shown_cb (JgRecordsPage *self)
{
  entities_search_cb (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->entities_entry));
}

static void
entity_chosen (JgRecordsPage *self,
               guint          index)
{
  JgEntity *entity;
  g_autofree char *doc_type = NULL, *code = NULL;

  if (self->entities == NULL || index >= self->entities->len)
    return;
  entity = g_ptr_array_index (self->entities, index);
  doc_type = g_strdup (entity->doc_type);
  code = g_strdup (entity->code);
  gtk_popover_popdown (self->entities_popover);
  jg_records_page_open_entity (self, doc_type, code);
}

static void
entities_row_activated_cb (JgRecordsPage *self,
                           GtkListBoxRow *row)
{
  entity_chosen (self, GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "index")));
}

static void
entities_activate_cb (JgRecordsPage *self)
{
  entity_chosen (self, 0);
}


void
jg_records_page_parties_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, entities_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, entities_popover_shown_cb);
  gtk_widget_class_bind_template_callback (widget_class, entities_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, entities_activate_cb);
  gtk_widget_class_install_action (widget_class, "records.party-profile", "s", party_profile_activated);
}
