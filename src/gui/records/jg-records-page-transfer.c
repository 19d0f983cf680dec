/* jg-records-page-transfer.c — the records page's import, export and
 * templates (records.import, records.export, records.template)
 *
 * Exports run in a worker thread on a connection of their own; the import
 * dialog runs its own.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "jg-import-dialog.h"
#include "jg-records-page-private.h"
#include "jg-transfer.h"

/* The width of the export dialog's choices. */
#define FIELD_WIDTH 180

/* Records are kept with the server's catalogue: no server, no records. */
static gboolean
has_database (JgRecordsPage *self)
{
  if (self->db_path != NULL)
    return TRUE;
  jg_records_page_toast (self, _("Set the server address in Preferences first: records are kept with its catalogue."));
  return FALSE;
}

/* Import -------------------------------------------------------------------- */

static void
import_finished_cb (JgRecordsPage *self)
{
  jg_records_page_records_changed (self);
}

static void
import_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  JgRecordsPage *self = JG_RECORDS_PAGE (widget);
  JgImportDialog *dialog;

  if (!has_database (self))
    return;

  dialog = jg_import_dialog_new (jg_records_page_get_window (self), self->db_path);
  g_signal_connect_object (dialog, "imported", G_CALLBACK (import_finished_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
  jg_import_dialog_choose_file (dialog);
}

/* Export and template: a kind (and dates), then a file. */

typedef struct {
  JgRecordsPage *self;
  gboolean export;
  GtkDropDown *kind;
  GtkDropDown *format;
  GtkEditable *from;
  GtkEditable *to;
  JgRecordKind chosen_kind;
  char *from_text;
  char *to_text;
} TransferRequest;

static void
transfer_request_free (TransferRequest *request)
{
  g_object_unref (request->self);
  g_free (request->from_text);
  g_free (request->to_text);
  g_free (request);
}

typedef struct {
  char *db_path;
  char *path;
  JgRecordKind kind;
  char *from;
  char *to;
  guint n_written;
} ExportJob;

static void
export_job_free (ExportJob *job)
{
  g_free (job->db_path);
  g_free (job->path);
  g_free (job->from);
  g_free (job->to);
  g_free (job);
}

static void
export_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportJob *job = task_data;
  g_autoptr(JgStore) store = NULL;
  GError *error = NULL;

  store = jg_store_open (job->db_path, &error);
  if (store == NULL ||
      !jg_transfer_export (store, job->kind, job->from, job->to, job->path, &job->n_written, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
export_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  JgRecordsPage *self = JG_RECORDS_PAGE (source);
  ExportJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      jg_records_page_toast (self, error->message);
      return;
    }
  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "Exported %u record.", "Exported %u records.",
                                          job->n_written), job->n_written);
  jg_records_page_toast (self, message);
}

static void
file_chosen_cb (GtkNativeDialog *native,
                int              response,
                TransferRequest *request)
{
  JgRecordsPage *self = request->self;
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
      path = g_file_get_path (file);
    }
  gtk_native_dialog_destroy (native);
  g_object_unref (native);

  if (path == NULL)
    {
      transfer_request_free (request);
      return;
    }

  if (request->export)
    {
      ExportJob *job = g_new0 (ExportJob, 1);
      g_autoptr(GTask) task = g_task_new (self, NULL, export_done_cb, NULL);

      job->db_path = g_strdup (self->db_path);
      job->path = g_steal_pointer (&path);
      job->kind = request->chosen_kind;
      job->from = g_strdup (request->from_text);
      job->to = g_strdup (request->to_text);
      g_task_set_task_data (task, job, (GDestroyNotify) export_job_free);
      g_task_run_in_thread (task, export_thread);
    }
  else if (!jg_transfer_write_template (request->chosen_kind, path, &error))
    jg_records_page_toast (self, error->message);
  else
    jg_records_page_toast (self, _("Template saved. Fill in one row per record, then import it."));

  transfer_request_free (request);
}

static char *
strip_or_null (GtkEditable *editable)
{
  char *text;

  if (editable == NULL)
    return NULL;
  text = g_strstrip (g_strdup (gtk_editable_get_text (editable)));
  if (*text == '\0')
    g_clear_pointer (&text, g_free);
  return text;
}

static void
transfer_dialog_response_cb (AdwMessageDialog *dialog,
                             const char       *response,
                             TransferRequest  *request)
{
  GtkFileChooserNative *native;
  g_autofree char *name = NULL;
  gboolean xlsx;

  if (g_strcmp0 (response, "ok") != 0)
    {
      transfer_request_free (request);
      return;
    }

  request->chosen_kind = gtk_drop_down_get_selected (request->kind);
  xlsx = gtk_drop_down_get_selected (request->format) == 1;
  request->from_text = strip_or_null (request->from);
  request->to_text = strip_or_null (request->to);

  native = gtk_file_chooser_native_new (request->export ? _("Export Records") : _("Save Template"),
                                        jg_records_page_get_window (request->self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Save"), _("_Cancel"));
  name = g_strdup_printf ("%s%s.%s", jg_record_kind_get_label (request->chosen_kind),
                          request->export ? "" : _("-template"), xlsx ? "xlsx" : "csv");
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  g_signal_connect (native, "response", G_CALLBACK (file_chosen_cb), request);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static GtkWidget *
labelled (const char *label,
          GtkWidget  *widget)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *title = gtk_label_new (label);

  gtk_label_set_xalign (GTK_LABEL (title), 0.0);
  gtk_widget_set_hexpand (title, TRUE);
  gtk_box_append (GTK_BOX (box), title);
  gtk_widget_set_size_request (widget, FIELD_WIDTH, -1);
  gtk_box_append (GTK_BOX (box), widget);
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  return box;
}

static void
show_transfer_dialog (JgRecordsPage *self,
                      gboolean       export)
{
  TransferRequest *request = g_new0 (TransferRequest, 1);
  g_autoptr(GtkStringList) kinds = gtk_string_list_new (NULL);
  const char *formats[] = { "CSV", "XLSX", NULL };
  GtkWidget *dialog, *box;

  request->self = g_object_ref (self);
  request->export = export;

  for (int k = 0; k < JG_RECORD_N_KINDS; k++)
    gtk_string_list_append (kinds, jg_record_kind_get_label (k));

  dialog = adw_message_dialog_new (jg_records_page_get_window (self),
                                   export ? _("Export Records") : _("Download Template"),
                                   export
                                   ? _("Records of one kind are written in the template’s layout, with the national column headers, so that the file can be imported again.")
                                   : _("A template has the national column headers of one kind of record and a row of notes on the allowed codes."));
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);

  request->kind = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_object_ref (kinds)), NULL));
  gtk_box_append (GTK_BOX (box), labelled (_("Kind of record"), GTK_WIDGET (request->kind)));
  request->format = GTK_DROP_DOWN (gtk_drop_down_new_from_strings (formats));
  gtk_box_append (GTK_BOX (box), labelled (_("File format"), GTK_WIDGET (request->format)));

  if (export)
    {
      request->from = GTK_EDITABLE (gtk_entry_new ());
      gtk_entry_set_placeholder_text (GTK_ENTRY (request->from), _("YYYY-MM-DD"));
      gtk_box_append (GTK_BOX (box), labelled (_("From (optional)"), GTK_WIDGET (request->from)));
      request->to = GTK_EDITABLE (gtk_entry_new ());
      gtk_entry_set_placeholder_text (GTK_ENTRY (request->to), _("YYYY-MM-DD"));
      gtk_box_append (GTK_BOX (box), labelled (_("To (optional)"), GTK_WIDGET (request->to)));
    }

  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "ok", _("Choose _File…"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "ok",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "ok");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (transfer_dialog_response_cb), request);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
export_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  JgRecordsPage *self = JG_RECORDS_PAGE (widget);

  if (!has_database (self))
    return;
  show_transfer_dialog (self, TRUE);
}

static void
template_activated (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  show_transfer_dialog (JG_RECORDS_PAGE (widget), FALSE);
}

void
jg_records_page_transfer_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "records.import", NULL, import_activated);
  gtk_widget_class_install_action (widget_class, "records.export", NULL, export_activated);
  gtk_widget_class_install_action (widget_class, "records.template", NULL, template_activated);
}
