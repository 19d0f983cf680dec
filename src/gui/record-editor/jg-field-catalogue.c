/* jg-field-catalogue.c — record editor rows for a catalogue sub-item and
 * for one of its implementation entries
 *
 * Both are typed codes with a chooser in a popover. Catalogue searches go
 * through JgCatalogue's worker thread; a sub-item's implementation entries
 * (a handful) and the name under the row are indexed lookups on the
 * editor's own connection.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "jg-record-editor-private.h"

#define SEARCH_LIMIT 50
#define CHOOSER_WIDTH 420
#define CHOOSER_MAX_HEIGHT 360
/* Sub-item codes are 14 digits: shorter text is still being typed. */
#define SUB_ITEM_CODE_LEN 14

static void
clear_results (JgFieldRow *f)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (f->result_list)) != NULL)
    gtk_list_box_remove (GTK_LIST_BOX (f->result_list), child);
}

static void
append_result (JgFieldRow *f,
               const char *title,
               const char *subtitle,
               const char *value)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "value", g_strdup (value), g_free);
  gtk_list_box_append (GTK_LIST_BOX (f->result_list), row);
}

/* Catalogue search ----------------------------------------------------------- */

static void
catalogue_search_done_cb (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  JgFieldRow *f = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) items = jg_catalogue_search_finish (JG_CATALOGUE (source), result, &error);

  if (items == NULL)
    return;   /* cancelled, or the editor is gone */

  clear_results (f);
  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(JgSubItem) item = g_list_model_get_item (items, i);

      append_result (f, jg_sub_item_get_name (item), jg_sub_item_get_code (item),
                     jg_sub_item_get_code (item));
    }
}

static void
catalogue_search_changed_cb (GtkSearchEntry *entry,
                             JgFieldRow     *f)
{
  JgRecordEditor *self = f->editor;
  g_autoptr(JgCatalogueQuery) query = NULL;

  if (self->catalogue == NULL)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  query = jg_catalogue_query_new (gtk_editable_get_text (GTK_EDITABLE (entry)));
  query->action_type = g_strdup (jg_record_kind_action_type (jg_record_get_kind (self->record)));
  query->limit = SEARCH_LIMIT;
  jg_catalogue_search_async (self->catalogue, query, self->cancellable,
                             catalogue_search_done_cb, f);
}

/* Implementation entries of the chosen sub-item ---------------------------- */

static void
impl_fill (JgFieldRow *f)
{
  JgRecordEditor *self = f->editor;
  JgFieldRow *item_field = jg_record_editor_find_field (self, JG_FIELD_CATALOGUE);
  const char *item = item_field != NULL ? jg_record_get (self->record, item_field->spec->key) : NULL;
  g_autoptr(GListModel) entries = NULL;
  guint shown = 0;

  clear_results (f);
  if (item != NULL)
    entries = jg_catalogue_list_implementations_sync (self->store, item, NULL);

  for (guint pass = 0; pass < 2 && shown == 0; pass++)
    for (guint i = 0; entries != NULL && i < g_list_model_get_n_items (entries); i++)
      {
        g_autoptr(JgImplEntry) entry = g_list_model_get_item (entries, i);
        const char *region = jg_impl_entry_get_field (entry, JG_IMPL_REGION);
        g_autofree char *subtitle = NULL;

        /* The department's region first; every region if it has none. */
        if (pass == 0 && self->region != NULL && g_strcmp0 (region, self->region) != 0)
          continue;

        subtitle = g_strdup_printf ("%s · %s",
                                    jg_impl_entry_get_field (entry, JG_IMPL_BODY_NAME) ?: "",
                                    jg_impl_entry_get_field (entry, JG_IMPL_REGION_NAME) ?: "");
        append_result (f, jg_impl_entry_get_field (entry, JG_IMPL_CODE), subtitle,
                       jg_impl_entry_get_field (entry, JG_IMPL_CODE));
        shown++;
      }

  if (shown == 0)
    {
      GtkWidget *label = gtk_label_new (item == NULL ? _("Choose the catalogue item first.")
                                                     : _("This item has no implementation entries."));
      gtk_widget_set_margin_top (label, 12);
      gtk_widget_set_margin_bottom (label, 12);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_list_box_append (GTK_LIST_BOX (f->result_list), label);
    }
}

/* The chooser ---------------------------------------------------------------- */

/* The keyboard: the chooser opens on its search, or on its first entry;
 * Down goes from the search to the results and Up from the first result
 * back; Enter chooses; Escape closes it and goes back to the field. */
static void
popover_shown_cb (GtkPopover *popover,
                  JgFieldRow *f)
{
  if (f->spec->type == JG_FIELD_IMPL)
    {
      GtkListBoxRow *first;

      impl_fill (f);
      first = gtk_list_box_get_row_at_index (GTK_LIST_BOX (f->result_list), 0);
      if (first != NULL)
        gtk_widget_grab_focus (GTK_WIDGET (first));
    }
  else if (f->search_entry != NULL)
    {
      catalogue_search_changed_cb (GTK_SEARCH_ENTRY (f->search_entry), f);
      gtk_widget_grab_focus (f->search_entry);
    }
}

static gboolean
search_key_pressed_cb (GtkEventControllerKey *controller,
                       guint                  keyval,
                       guint                  keycode,
                       GdkModifierType        state,
                       JgFieldRow            *f)
{
  GtkListBoxRow *first;

  if (keyval != GDK_KEY_Down && keyval != GDK_KEY_KP_Down)
    return GDK_EVENT_PROPAGATE;
  first = gtk_list_box_get_row_at_index (GTK_LIST_BOX (f->result_list), 0);
  if (first == NULL)
    return GDK_EVENT_PROPAGATE;
  gtk_widget_grab_focus (GTK_WIDGET (first));
  return GDK_EVENT_STOP;
}

static gboolean
results_keynav_failed_cb (GtkWidget        *list,
                          GtkDirectionType  direction,
                          JgFieldRow       *f)
{
  if (direction != GTK_DIR_UP || f->search_entry == NULL)
    return FALSE;
  gtk_widget_grab_focus (f->search_entry);
  return TRUE;
}

static void
result_activated_cb (GtkListBox    *list,
                     GtkListBoxRow *row,
                     JgFieldRow    *f)
{
  const char *value = g_object_get_data (G_OBJECT (row), "value");

  if (value == NULL)
    return;
  gtk_editable_set_text (GTK_EDITABLE (f->row), value);
  gtk_popover_popdown (GTK_POPOVER (f->popover));
}

static void
search_activate_cb (GtkSearchEntry *entry,
                    JgFieldRow     *f)
{
  GtkListBoxRow *first = gtk_list_box_get_row_at_index (GTK_LIST_BOX (f->result_list), 0);

  if (first != NULL)
    result_activated_cb (GTK_LIST_BOX (f->result_list), first, f);
}

static void
add_chooser (JgFieldRow *f,
             const char *icon,
             const char *tooltip,
             gboolean    with_search)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  g_autofree char *accessible = g_strdup_printf ("%s: %s", tooltip, f->spec->header);
  GtkEventController *key;

  jg_field_text_kind.build (f);

  if (with_search)
    {
      f->search_entry = gtk_search_entry_new ();
      g_object_set (f->search_entry, "placeholder-text", _("Search names or codes"), NULL);
      gtk_accessible_update_property (GTK_ACCESSIBLE (f->search_entry),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Search catalogue items"), -1);
      g_signal_connect (f->search_entry, "search-changed",
                        G_CALLBACK (catalogue_search_changed_cb), f);
      g_signal_connect (f->search_entry, "activate", G_CALLBACK (search_activate_cb), f);
      key = gtk_event_controller_key_new ();
      g_signal_connect (key, "key-pressed", G_CALLBACK (search_key_pressed_cb), f);
      gtk_widget_add_controller (f->search_entry, key);
      gtk_box_append (GTK_BOX (box), f->search_entry);
    }

  f->result_list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (f->result_list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (f->result_list, "boxed-list");
  g_signal_connect (f->result_list, "row-activated", G_CALLBACK (result_activated_cb), f);
  g_signal_connect (f->result_list, "keynav-failed", G_CALLBACK (results_keynav_failed_cb), f);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), f->result_list);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), CHOOSER_MAX_HEIGHT);
  gtk_widget_set_size_request (scrolled, CHOOSER_WIDTH, -1);
  gtk_box_append (GTK_BOX (box), scrolled);

  f->popover = gtk_popover_new ();
  gtk_popover_set_child (GTK_POPOVER (f->popover), box);
  g_signal_connect (f->popover, "show", G_CALLBACK (popover_shown_cb), f);
  jg_field_row_add_popover_button (f, icon, tooltip, accessible, f->popover);
}

static void
catalogue_build (JgFieldRow *f)
{
  add_chooser (f, "system-search-symbolic", _("Search the catalogue"), TRUE);
}

static char *
catalogue_describe (JgFieldRow *f,
                    const char *value)
{
  g_autoptr(JgSubItem) item = NULL;

  if (value == NULL || strlen (value) != SUB_ITEM_CODE_LEN)
    return NULL;
  item = jg_catalogue_lookup_sync (f->editor->store, value, NULL);
  return item != NULL ? g_strdup (jg_sub_item_get_name (item)) : NULL;
}

const JgFieldKind jg_field_catalogue_kind = { catalogue_build, NULL, catalogue_describe };

static void
impl_build (JgFieldRow *f)
{
  add_chooser (f, "view-list-symbolic", _("Choose an implementation entry"), FALSE);
}

static char *
impl_describe (JgFieldRow *f,
               const char *value)
{
  return jg_catalogue_impl_body_name_sync (f->editor->store, value);
}

const JgFieldKind jg_field_impl_kind = { impl_build, NULL, impl_describe };
