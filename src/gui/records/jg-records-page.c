/* jg-records-page.c — the supervision records (监管行为) of the department
 *
 * A lazy JgRecordsModel (pages of rows read as the list view asks for them)
 * under a search entry, kind and month filters and one button per state
 * (each with its count: the session's, as every page shows them;
 * jg-records-page-filters.c), and the department the records are written
 * for; the editor opens in place of the list. A party's profile (every
 * record about one entity, by kind) opens the same way, from a row of the
 * list, from the editor's party fields or from the Parties search; a
 * record opened from the profile goes back to it. The page keeps one UI-thread connection to the
 * account database for the editor's small writes; imports and exports
 * (jg-records-page-transfer.c) open their own in a worker thread.
 *
 * The uuid of the draft being edited is kept in the database's meta table
 * ("open-draft"), so that after a crash the app reopens it as it was.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "jg-accessible.h"
#include "jg-list-row.h"
#include "jg-record-store.h"
#include "jg-records-page-private.h"

#define OPEN_DRAFT_KEY "open-draft"

G_DEFINE_FINAL_TYPE (JgRecordsPage, jg_records_page, ADW_TYPE_BIN)


void
jg_records_page_toast (JgRecordsPage *self,
       const char    *text)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  if (overlay != NULL)
    jg_accessible_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (escaped));
  else
    g_message ("%s", text);
}

GtkWindow *
jg_records_page_get_window (JgRecordsPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static JgCatalogue *
get_catalogue (JgRecordsPage *self)
{
  return self->session != NULL ? jg_session_get_catalogue (self->session) : NULL;
}

/* --- list rows ------------------------------------------------------------ */

static void
row_setup_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  GtkWidget *row, *profile, *delete;

  row = jg_list_row_new ();

  delete = gtk_button_new_from_icon_name ("user-trash-symbolic");
  gtk_widget_set_valign (delete, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (delete, _("Delete (Delete key)"));
  jg_accessible_fix_tooltip (delete);
  gtk_widget_add_css_class (delete, "flat");
  jg_list_row_add_suffix (JG_LIST_ROW (row), delete);

  profile = gtk_button_new_from_icon_name ("system-users-symbolic");
  gtk_widget_set_valign (profile, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (profile, _("Party Profile: every record of this party"));
  jg_accessible_fix_tooltip (profile);
  gtk_widget_add_css_class (profile, "flat");
  jg_list_row_add_suffix (JG_LIST_ROW (row), profile);

  gtk_list_item_set_child (list_item, row);
}

static void
row_bind_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             gpointer                  user_data)
{
  JgRecordSummary *summary = gtk_list_item_get_item (list_item);
  JgListRow *row = JG_LIST_ROW (gtk_list_item_get_child (list_item));
  /* The suffixes added in row_setup_cb(): the row's last children. */
  GtkWidget *profile = gtk_widget_get_last_child (GTK_WIDGET (row));
  GtkWidget *delete = gtk_widget_get_prev_sibling (profile);
  g_autofree char *profile_label = NULL, *delete_label = NULL;
  g_autofree char *kind_label = NULL, *state_label = NULL, *number = NULL;
  g_autofree char *name = NULL, *party = NULL, *date = NULL;
  g_autofree char *title = NULL, *caption_text = NULL, *accessible = NULL;
  int state = 0;

  if (summary == NULL)
    return;

  g_object_get (summary,
                "kind-label", &kind_label, "state", &state, "state-label", &state_label,
                "number", &number, "name", &name, "party-name", &party, "date", &date,
                NULL);

  title = jg_records_page_title (name, kind_label);

  caption_text = g_strdup_printf ("%s · %s · %s · %s", kind_label,
                                  number != NULL && *number != '\0' ? number : "—",
                                  party != NULL && *party != '\0' ? party : "—",
                                  date != NULL && *date != '\0' ? date : "—");

  /* TRANSLATORS: accessible name of a record in the list: name, kind,
   * number, party, date and state */
  accessible = g_strdup_printf (_("%s, %s %s, %s, %s, %s"), title, kind_label,
                                number != NULL ? number : "",
                                party != NULL ? party : "",
                                date != NULL ? date : "", state_label);

  jg_list_row_set_accessible_label (row, accessible);
  jg_list_row_set_title (row, title);
  jg_list_row_set_caption (row, caption_text);
  jg_list_row_set_badge (row, state_label);
  jg_list_row_set_badge_style (row,
                               state == JG_RECORD_STATE_REJECTED ? JG_LIST_ROW_BADGE_ERROR :
                               state == JG_RECORD_STATE_DRAFT ? JG_LIST_ROW_BADGE_WARNING
                                                              : JG_LIST_ROW_BADGE_SUCCESS);

  gtk_actionable_set_action_target (GTK_ACTIONABLE (profile), "s",
                                    jg_record_summary_get_uuid (summary));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (profile), "records.party-profile");
  /* TRANSLATORS: accessible name of the button on a record's row that opens
   * its party's profile; %s is the party's name */
  profile_label = g_strdup_printf (_("Party Profile: %s"),
                                   party != NULL && *party != '\0' ? party : title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (profile),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, profile_label, -1);

  gtk_actionable_set_action_target (GTK_ACTIONABLE (delete), "s",
                                    jg_record_summary_get_uuid (summary));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (delete), "records.delete");
  /* TRANSLATORS: accessible name of the button on a record's row that
   * deletes it; %s is the record's title */
  delete_label = g_strdup_printf (_("Delete “%s”"), title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (delete),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, delete_label, -1);
}

char *
jg_records_page_title (const char *name,
                       const char *kind_label)
{
  if (name != NULL && *name != '\0')
    return g_strdup (name);
  /* TRANSLATORS: list title of a record without a name yet, e.g. "行政检查 (untitled)" */
  return g_strdup_printf (_("%s (untitled)"), kind_label);
}

/* --- the editor ----------------------------------------------------------- */

static void
editor_close_cb (JgRecordsPage  *self,
                 JgRecordEditor *editor)
{
  if (self->profile != NULL)
    jg_records_page_show_profile (self);
  else
    jg_records_page_show_list (self);
}

static void
editor_show_entity_cb (JgRecordsPage  *self,
                       const char     *doc_type,
                       const char     *code,
                       JgRecordEditor *editor)
{
  g_autofree char *d = g_strdup (doc_type);
  g_autofree char *c = g_strdup (code);

  jg_records_page_open_entity (self, d, c);
}

/* Saves what the editor holds; a draft it created that the user left
 * without any input is not kept. */
static void
leave_editor (JgRecordsPage *self)
{
  JgRecord *record = jg_record_editor_get_record (self->editor);
  g_autoptr(GError) error = NULL;

  jg_record_editor_flush (self->editor);
  g_signal_handlers_disconnect_by_data (self->editor, self);
  if (self->store != NULL && record != NULL
      && !jg_record_store_discard_blank (self->store, jg_record_get_uuid (record), NULL, &error))
    jg_records_page_toast (self, error->message);
}

void
jg_records_page_close_editor (JgRecordsPage *self)
{
  if (self->editor == NULL)
    return;
  leave_editor (self);
  self->editor = NULL;
  adw_bin_set_child (self->editor_bin, NULL);
  if (self->store != NULL)
    jg_store_set_meta (self->store, OPEN_DRAFT_KEY, "", NULL);
}

void
jg_records_page_close_profile (JgRecordsPage *self)
{
  if (self->profile == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->profile, self);
  self->profile = NULL;
  adw_bin_set_child (self->profile_bin, NULL);
}

static void
editor_message_cb (JgRecordsPage  *self,
                   const char     *message,
                   JgRecordEditor *editor)
{
  jg_records_page_toast (self, message);
  /* A message follows each explicit save and each change of state. */
  if (self->session != NULL)
    jg_session_refresh_counts (self->session);
}

void
jg_records_page_open_record_in_editor (JgRecordsPage *self,
                                       JgRecord      *record)
{
  if (self->editor != NULL)
    leave_editor (self);

  self->editor = jg_record_editor_new (self->store, get_catalogue (self), record);
  g_signal_connect_object (self->editor, "close", G_CALLBACK (editor_close_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->editor, "message", G_CALLBACK (editor_message_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->editor, "show-entity", G_CALLBACK (editor_show_entity_cb), self, G_CONNECT_SWAPPED);
  adw_bin_set_child (self->editor_bin, GTK_WIDGET (self->editor));
  gtk_stack_set_visible_child_name (self->main_stack, "editor");

  jg_store_set_meta (self->store, OPEN_DRAFT_KEY, jg_record_get_uuid (record), NULL);
  jg_record_editor_focus (self->editor);
}

void
jg_records_page_show_list (JgRecordsPage *self)
{
  jg_records_page_close_editor (self);
  jg_records_page_close_profile (self);
  if (self->store != NULL)
    jg_store_set_meta (self->store, OPEN_DRAFT_KEY, "", NULL);

  gtk_stack_set_visible_child_name (self->main_stack, "records");
  /* The editor or the profile may have written: a save, a state. */
  jg_records_page_records_changed (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
list_activate_cb (JgRecordsPage *self,
                  guint          position,
                  GtkListView   *list_view)
{
  g_autoptr(JgRecordSummary) summary = g_list_model_get_item (G_LIST_MODEL (self->selection), position);
  g_autoptr(JgRecord) record = NULL;
  g_autoptr(GError) error = NULL;

  if (summary == NULL)
    return;
  record = jg_record_store_load (self->store, jg_record_summary_get_uuid (summary), &error);
  if (record == NULL)
    {
      jg_records_page_toast (self, error->message);
      return;
    }
  jg_records_page_open_record_in_editor (self, record);
}


/* A new record of @kind, or on the catalogue item @catalogue_code (its
 * kind) when that is not NULL. */
static void
new_record (JgRecordsPage *self,
            JgRecordKind   kind,
            const char    *catalogue_code)
{
  g_autofree char *department = NULL;
  g_autoptr(JgRecord) record = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (JG_IS_RECORDS_PAGE (self));

  if (self->store == NULL)
    {
      jg_records_page_toast (self, _("Set the server address in Preferences first: records are kept with its catalogue."));
      return;
    }

  department = jg_record_store_get_department (self->store);
  if (department == NULL)
    {
      gtk_stack_set_visible_child_name (self->main_stack, "department");
      gtk_widget_grab_focus (GTK_WIDGET (self->department_row));
      return;
    }

  record = catalogue_code != NULL
           ? jg_record_store_create_blank_for_item (self->store, catalogue_code, &error)
           : jg_record_store_create_blank (self->store, kind, &error);
  if (record == NULL)
    {
      jg_records_page_toast (self, error->message);
      return;
    }
  jg_records_page_open_record_in_editor (self, record);
  if (self->session != NULL)
    jg_session_refresh_counts (self->session);
}

void
jg_records_page_new_record (JgRecordsPage *self,
                            JgRecordKind   kind)
{
  new_record (self, kind, NULL);
}

void
jg_records_page_new_record_for_item (JgRecordsPage *self,
                                     const char    *catalogue_code)
{
  g_return_if_fail (catalogue_code != NULL);

  new_record (self, JG_RECORD_INSPECTION, catalogue_code);
}

void
jg_records_page_flush (JgRecordsPage *self)
{
  g_return_if_fail (JG_IS_RECORDS_PAGE (self));

  if (self->editor != NULL)
    jg_record_editor_flush (self->editor);
}

/* --- department ----------------------------------------------------------- */

static char *
code_label (JgCode *code)
{
  return g_strdup (code != NULL ? jg_code_get_name (code) : "");
}

static void
department_chosen_cb (JgRecordsPage *self)
{
  JgCode *code = adw_combo_row_get_selected_item (self->department_row);
  g_autoptr(GError) error = NULL;

  if (code == NULL)
    return;
  if (!jg_record_store_set_department (self->store, jg_code_get_code (code), &error))
    {
      jg_records_page_toast (self, error->message);
      return;
    }
  jg_records_page_show_department (self);
  jg_records_page_show_list (self);
}

static void
department_selected_cb (JgRecordsPage *self)
{
  gtk_widget_set_sensitive (self->department_button,
                            adw_combo_row_get_selected_item (self->department_row) != NULL);
}

/* --- store ---------------------------------------------------------------- */

static void
update_state (JgRecordsPage *self)
{
  JgCatalogue *catalogue = get_catalogue (self);
  const char *path = catalogue != NULL ? jg_catalogue_get_db_path (catalogue) : NULL;
  g_autofree char *department = NULL;
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (path, self->db_path) != 0)
    {
      if (self->editor != NULL || self->profile != NULL)
        jg_records_page_show_list (self);
      g_clear_object (&self->store);
      g_clear_object (&self->model);
      gtk_single_selection_set_model (self->selection, NULL);
      g_free (self->db_path);
      self->db_path = g_strdup (path);
      self->reopened = FALSE;
      if (path != NULL)
        {
          self->store = jg_store_open (path, &error);
          if (self->store == NULL)
            {
              jg_records_page_toast (self, error->message);
              g_clear_pointer (&self->db_path, g_free);
            }
        }
    }

  if (self->store == NULL)
    {
      gtk_stack_set_visible_child_name (self->main_stack, "no-server");
      return;
    }

  department = jg_record_store_get_department (self->store);
  if (department == NULL)
    {
      g_autoptr(GListModel) departments = jg_catalogue_list_departments_sync (self->store, NULL);

      adw_combo_row_set_model (self->department_row, departments);
      /* Not the list's first: the user has to say, or sign in. */
      adw_combo_row_set_selected (self->department_row, GTK_INVALID_LIST_POSITION);
      gtk_widget_set_sensitive (GTK_WIDGET (self->department_row),
                                departments != NULL && g_list_model_get_n_items (departments) > 0);
      gtk_widget_set_sensitive (self->department_button, FALSE);
      gtk_stack_set_visible_child_name (self->main_stack, "department");
      return;
    }

  jg_records_page_show_department (self);

  if (self->editor != NULL)
    return;
  if (self->profile != NULL)
    {
      jg_entity_profile_reload (self->profile);
      return;
    }

  /* A draft that was open when the app last stopped. */
  if (!self->reopened)
    {
      g_autofree char *uuid = jg_store_get_meta (self->store, OPEN_DRAFT_KEY);

      self->reopened = TRUE;
      if (uuid != NULL && *uuid != '\0')
        {
          g_autoptr(JgRecord) record = jg_record_store_load (self->store, uuid, NULL);

          if (record != NULL)
            {
              jg_records_page_open_record_in_editor (self, record);
              return;
            }
        }
    }

  gtk_stack_set_visible_child_name (self->main_stack, "records");
  jg_records_page_reload (self);
}

static void
data_changed_cb (JgRecordsPage *self)
{
  update_state (self);
  /* New officers or code tables: nothing to redo for the list itself. */
}

void
jg_records_page_set_session (JgRecordsPage *self,
                             JgSession     *session)
{
  g_return_if_fail (JG_IS_RECORDS_PAGE (self));

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);

  if (session != NULL)
    {
      g_signal_connect_swapped (session, "notify::catalogue", G_CALLBACK (data_changed_cb), self);
      g_signal_connect_swapped (session, "data-changed", G_CALLBACK (data_changed_cb), self);
      g_signal_connect_swapped (session, "counts-changed", G_CALLBACK (jg_records_page_show_state_counts), self);
      jg_records_page_drafts_connect (self, session);
    }
  jg_records_page_show_state_counts (self);

  update_state (self);
}

static void
new_activated (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  JgRecordKind kind;

  if (jg_record_kind_from_string (g_variant_get_string (parameter, NULL), &kind))
    jg_records_page_new_record (JG_RECORDS_PAGE (widget), kind);
}

/* --- object --------------------------------------------------------------- */

static void
jg_records_page_map (GtkWidget *widget)
{
  JgRecordsPage *self = JG_RECORDS_PAGE (widget);

  GTK_WIDGET_CLASS (jg_records_page_parent_class)->map (widget);
  if (self->reload_on_map)
    jg_records_page_reload (self);
}

static void
jg_records_page_dispose (GObject *object)
{
  JgRecordsPage *self = JG_RECORDS_PAGE (object);

  if (self->editor != NULL)
    {
      jg_record_editor_flush (self->editor);
      g_signal_handlers_disconnect_by_data (self->editor, self);
      self->editor = NULL;
    }
  if (self->profile != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->profile, self);
      self->profile = NULL;
    }
  jg_records_page_delete_dispose (self);
  g_clear_pointer (&self->entities, g_ptr_array_unref);
  g_clear_handle_id (&self->filter_id, g_source_remove);
  g_clear_pointer (&self->scope, jg_records_filter_free);
  g_clear_pointer (&self->scope_label, g_free);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);

  gtk_widget_dispose_template (GTK_WIDGET (self), JG_TYPE_RECORDS_PAGE);

  g_clear_object (&self->selection);
  g_clear_object (&self->model);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (jg_records_page_parent_class)->dispose (object);
}

static void
jg_records_page_finalize (GObject *object)
{
  JgRecordsPage *self = JG_RECORDS_PAGE (object);

  g_free (self->db_path);
  g_strfreev (self->months);

  G_OBJECT_CLASS (jg_records_page_parent_class)->finalize (object);
}

static void
jg_records_page_class_init (JgRecordsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = jg_records_page_dispose;
  object_class->finalize = jg_records_page_finalize;
  widget_class->map = jg_records_page_map;

  gtk_widget_class_set_template_from_resource (widget_class, "/com/jieyang/Jianguan/records/jg-records-page.ui");
  gtk_widget_class_bind_template_child (widget_class, JgRecordsPage, main_stack);
  gtk_widget_class_bind_template_child (widget_class, JgRecordsPage, department_row);
  gtk_widget_class_bind_template_child (widget_class, JgRecordsPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, JgRecordsPage, kind_dropdown);
  gtk_widget_class_bind_template_child (widget_class, JgRecordsPage, state_box);
  gtk_widget_class_bind_template_child (widget_class, JgRecordsPage, month_dropdown);
  gtk_widget_class_bind_template_child (widget_class, JgRecordsPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, JgRecordsPage, department_label);
  gtk_widget_class_bind_template_child (widget_class, JgRecordsPage, department_button);
  gtk_widget_class_bind_template_child (widget_class, JgRecordsPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, JgRecordsPage, list_view);
  gtk_widget_class_bind_template_child (widget_class, JgRecordsPage, editor_bin);
  gtk_widget_class_bind_template_child (widget_class, JgRecordsPage, profile_bin);
  gtk_widget_class_bind_template_child (widget_class, JgRecordsPage, entities_popover);
  gtk_widget_class_bind_template_child (widget_class, JgRecordsPage, entities_entry);
  gtk_widget_class_bind_template_child (widget_class, JgRecordsPage, entities_list);
  gtk_widget_class_bind_template_callback (widget_class, list_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, department_chosen_cb);
  gtk_widget_class_bind_template_callback (widget_class, department_selected_cb);

  gtk_widget_class_install_action (widget_class, "records.new", "s", new_activated);
  jg_records_page_transfer_class_init (widget_class);
  jg_records_page_delete_class_init (widget_class);
  jg_records_page_parties_class_init (widget_class);
  jg_records_page_filters_class_init (widget_class);
}

static void
jg_records_page_init (JgRecordsPage *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  g_type_ensure (JG_TYPE_ENTITY_PROFILE);
  gtk_widget_init_template (GTK_WIDGET (self));
  jg_accessible_fix_names (GTK_WIDGET (self));

  jg_records_page_filters_init (self);
  jg_records_page_delete_init (self);

  adw_combo_row_set_expression (self->department_row,
                                gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL,
                                                             G_CALLBACK (code_label), NULL, NULL));

  self->selection = gtk_single_selection_new (NULL);
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect (factory, "setup", G_CALLBACK (row_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (row_bind_cb), NULL);
  gtk_list_view_set_factory (self->list_view, factory);

  gtk_stack_set_visible_child_name (self->main_stack, "no-server");
}

void
jg_records_page_focus_search (JgRecordsPage *self)
{
  g_return_if_fail (JG_IS_RECORDS_PAGE (self));

  /* No list yet (no server, no department): nothing to search. */
  if (self->store != NULL)
    jg_records_page_show_list (self);
}

gboolean
jg_records_page_open_record (JgRecordsPage *self,
                             const char    *uuid)
{
  g_autoptr(JgRecord) record = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (JG_IS_RECORDS_PAGE (self), FALSE);
  g_return_val_if_fail (uuid != NULL, FALSE);

  update_state (self);
  if (self->store == NULL)
    return FALSE;
  record = jg_record_store_load (self->store, uuid, &error);
  if (record == NULL)
    {
      jg_records_page_toast (self, error->message);
      return FALSE;
    }
  jg_records_page_close_profile (self);
  jg_records_page_open_record_in_editor (self, record);
  return TRUE;
}
