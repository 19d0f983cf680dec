/* jg-records-page-delete.c — deleting records from the list, with undo
 *
 * records.delete (a record's uuid, from the trash button on its row) and
 * records.delete-selected (the Delete key on the list) delete at once; the
 * toast that says so offers Undo while it is shown. The
 * store does the rest: a record never sent is removed, one the server has
 * goes out as a deletion; undoing brings either back until the deletion
 * has been sent (jg_record_store_undelete).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "jg-accessible.h"
#include "jg-record-store.h"
#include "jg-records-page-private.h"

/* Seconds the toast (and its Undo) stays. */
#define UNDO_TIMEOUT_S 8

static char *
record_title (JgRecord *record)
{
  return jg_records_page_title (jg_record_get (record, "name"),
                                jg_record_kind_get_label (jg_record_get_kind (record)));
}

static void
undo_clicked_cb (JgRecordsPage *self,
                 AdwToast      *toast)
{
  g_autoptr(JgRecord) record = g_steal_pointer (&self->deleted);
  g_autoptr(GError) error = NULL;

  if (record == NULL || self->store == NULL)
    return;
  if (!jg_record_store_undelete (self->store, record, NULL, &error))
    {
      jg_records_page_toast (self, error->message);
      return;
    }
  jg_records_page_records_changed (self);
}

static void
toast_dismissed_cb (JgRecordsPage *self,
                    AdwToast      *toast)
{
  if (self->delete_toast != toast)
    return;
  self->delete_toast = NULL;
  g_clear_object (&self->deleted);
}

void
jg_records_page_delete_record (JgRecordsPage *self,
                               const char    *uuid)
{
  g_autoptr(JgRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  g_autofree char *text = NULL;
  g_autofree char *markup = NULL;
  GtkWidget *overlay;
  AdwToast *toast;

  g_return_if_fail (JG_IS_RECORDS_PAGE (self));

  if (self->store == NULL || uuid == NULL)
    return;
  record = jg_record_store_load (self->store, uuid, &error);
  if (record == NULL || !jg_record_store_delete (self->store, uuid, NULL, &error))
    {
      jg_records_page_toast (self, error->message);
      return;
    }
  jg_records_page_records_changed (self);

  title = record_title (record);
  /* TRANSLATORS: toast after deleting a record; %s is its title in the list */
  text = g_strdup_printf (_("Deleted “%s”"), title);
  overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  if (overlay == NULL)
    return;

  /* One undo at a time: a second deletion replaces the first's toast. */
  if (self->delete_toast != NULL)
    adw_toast_dismiss (self->delete_toast);
  g_set_object (&self->deleted, record);

  markup = g_markup_escape_text (text, -1);
  toast = adw_toast_new (markup);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_timeout (toast, UNDO_TIMEOUT_S);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  /* The toast lives in the window's overlay, outside this page: a signal,
   * not one of the page's actions. */
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (undo_clicked_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (toast, "dismissed", G_CALLBACK (toast_dismissed_cb), self, G_CONNECT_SWAPPED);
  self->delete_toast = toast;
  jg_accessible_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
}

static void
delete_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  jg_records_page_delete_record (JG_RECORDS_PAGE (widget), g_variant_get_string (parameter, NULL));
}

static void
delete_selected_activated (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  JgRecordsPage *self = JG_RECORDS_PAGE (widget);
  JgRecordSummary *summary = gtk_single_selection_get_selected_item (self->selection);

  if (summary != NULL)
    jg_records_page_delete_record (self, jg_record_summary_get_uuid (summary));
}

void
jg_records_page_delete_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "records.delete", "s", delete_activated);
  gtk_widget_class_install_action (widget_class, "records.delete-selected", NULL, delete_selected_activated);
}

void
jg_records_page_delete_init (JgRecordsPage *self)
{
  GtkEventController *shortcuts = gtk_shortcut_controller_new ();

  /* On the list only: in the search entry, Delete edits the text. */
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Delete, 0),
                                                          gtk_named_action_new ("records.delete-selected")));
  gtk_widget_add_controller (GTK_WIDGET (self->list_view), shortcuts);
}

void
jg_records_page_delete_dispose (JgRecordsPage *self)
{
  self->delete_toast = NULL;
  g_clear_object (&self->deleted);
}
