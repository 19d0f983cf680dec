/* jg-import-dialog.c — import legacy records (存量数据) from CSV or XLSX
 *
 * The import runs jg_transfer_import() in a GTask thread on its own
 * connection; the report goes to a temporary CSV that "Save Report…"
 * copies where the user wants it, and its lines are listed in the dialog.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "jg-import-dialog.h"
#include "jg-store.h"
#include "jg-transfer.h"

struct _JgImportDialog
{
  AdwWindow parent_instance;

  GtkWidget *choose_button;
  GtkWidget *report_button;
  GtkStack *stack;
  GtkSpinner *spinner;
  GtkLabel *running_label;
  GtkLabel *summary_label;
  GtkLabel *detail_label;
  GtkWidget *report_scroller;
  GtkListView *report_view;

  char *db_path;
  char *report_path;
  GCancellable *cancellable;
  gboolean running;
};

G_DEFINE_FINAL_TYPE (JgImportDialog, jg_import_dialog, ADW_TYPE_WINDOW)

enum { SIGNAL_IMPORTED, N_SIGNALS };
static guint signals[N_SIGNALS];

typedef struct {
  char *db_path;
  char *path;
  char *report_path;
  JgImportResult result;
  GPtrArray *problems;
} ImportJob;

static void
import_job_free (ImportJob *job)
{
  g_free (job->db_path);
  g_free (job->path);
  g_free (job->report_path);
  g_clear_pointer (&job->problems, g_ptr_array_unref);
  g_free (job);
}

static void
import_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ImportJob *job = task_data;
  g_autoptr(JgStore) store = NULL;
  GError *error = NULL;

  store = jg_store_open (job->db_path, &error);
  if (store == NULL ||
      !jg_transfer_import (store, job->path, job->report_path, &job->result,
                           job->problems, cancellable, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
import_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  JgImportDialog *self = JG_IMPORT_DIALOG (source);
  ImportJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkStringList) lines = gtk_string_list_new (NULL);
  g_autoptr(GtkNoSelection) selection = NULL;
  g_autofree char *imported = NULL, *duplicates = NULL, *rejected = NULL, *summary = NULL;

  self->running = FALSE;
  gtk_spinner_stop (self->spinner);
  gtk_widget_set_sensitive (self->choose_button, TRUE);
  gtk_stack_set_visible_child_name (self->stack, "result");

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      gtk_label_set_label (self->summary_label, _("Nothing Was Imported"));
      gtk_label_set_label (self->detail_label, error->message);
      gtk_widget_set_visible (self->report_scroller, FALSE);
      gtk_widget_set_sensitive (self->report_button, FALSE);
      return;
    }

  imported = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "imported %u", "imported %u",
                                           job->result.imported), job->result.imported);
  duplicates = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u duplicate", "%u duplicates",
                                             job->result.duplicates), job->result.duplicates);
  rejected = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u rejected", "%u rejected",
                                           job->result.rejected), job->result.rejected);
  /* TRANSLATORS: import summary: "imported 12, 3 duplicates, 1 rejected" */
  summary = g_strdup_printf (_("%s, %s, %s"), imported, duplicates, rejected);
  gtk_label_set_label (self->summary_label, summary);

  if (job->problems->len > 0)
    gtk_label_set_label (self->detail_label,
                         _("The rows below were not imported. Correct them in the file and import it again: rows already imported are skipped."));
  else if (job->result.duplicates > 0)
    gtk_label_set_label (self->detail_label,
                         _("Rows whose record number already exists in your department were skipped."));
  else
    gtk_label_set_label (self->detail_label, _("Every row was imported."));

  for (guint i = 0; i < job->problems->len; i++)
    {
      JgImportProblem *problem = g_ptr_array_index (job->problems, i);
      g_autofree char *line = NULL;

      if (problem->column != NULL)
        /* TRANSLATORS: an import report line: row, column, value, reason */
        line = g_strdup_printf (_("Row %u · %s · “%s”: %s"), problem->row, problem->column,
                                problem->value != NULL ? problem->value : "", problem->reason);
      else
        /* TRANSLATORS: an import report line about a whole row */
        line = g_strdup_printf (_("Row %u: %s"), problem->row, problem->reason);
      gtk_string_list_append (lines, line);
    }

  selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (lines)));
  gtk_list_view_set_model (self->report_view, GTK_SELECTION_MODEL (selection));
  gtk_widget_set_visible (self->report_scroller, job->problems->len > 0);
  gtk_widget_set_sensitive (self->report_button, job->problems->len > 0);

  if (job->result.imported > 0)
    g_signal_emit (self, signals[SIGNAL_IMPORTED], 0);
}

static void
start_import (JgImportDialog *self,
              const char     *path)
{
  ImportJob *job = g_new0 (ImportJob, 1);
  g_autoptr(GTask) task = NULL;
  g_autofree char *basename = g_path_get_basename (path);
  g_autofree char *running = NULL;
  g_autoptr(GError) error = NULL;
  int fd;

  if (self->report_path != NULL)
    {
      g_unlink (self->report_path);
      g_clear_pointer (&self->report_path, g_free);
    }
  fd = g_file_open_tmp ("jianguan-import-report-XXXXXX.csv", &self->report_path, &error);
  if (fd >= 0)
    close (fd);

  job->db_path = g_strdup (self->db_path);
  job->path = g_strdup (path);
  job->report_path = g_strdup (self->report_path);
  job->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) jg_import_problem_free);

  running = g_strdup_printf (_("Importing %s…"), basename);
  gtk_label_set_label (self->running_label, running);
  gtk_stack_set_visible_child_name (self->stack, "running");
  gtk_spinner_start (self->spinner);
  gtk_widget_set_sensitive (self->choose_button, FALSE);
  gtk_widget_set_sensitive (self->report_button, FALSE);
  self->running = TRUE;

  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  task = g_task_new (self, self->cancellable, import_done_cb, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) import_job_free);
  g_task_run_in_thread (task, import_thread);
}

static void
open_response_cb (GtkNativeDialog *native,
                  int              response,
                  JgImportDialog  *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
      g_autofree char *path = g_file_get_path (file);

      if (path != NULL)
        start_import (self, path);
    }
  gtk_native_dialog_destroy (native);
  g_object_unref (native);
  g_object_unref (self);
}

void
jg_import_dialog_choose_file (JgImportDialog *self)
{
  GtkFileChooserNative *native;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  g_return_if_fail (JG_IS_IMPORT_DIALOG (self));

  if (self->running)
    return;

  native = gtk_file_chooser_native_new (_("Import Records"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_OPEN,
                                        _("_Import"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Spreadsheets (CSV, XLSX)"));
  gtk_file_filter_add_pattern (filter, "*.csv");
  gtk_file_filter_add_pattern (filter, "*.CSV");
  gtk_file_filter_add_pattern (filter, "*.xlsx");
  gtk_file_filter_add_pattern (filter, "*.XLSX");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  g_signal_connect (native, "response", G_CALLBACK (open_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
choose_clicked_cb (JgImportDialog *self)
{
  jg_import_dialog_choose_file (self);
}

static void
save_response_cb (GtkNativeDialog *native,
                  int              response,
                  JgImportDialog  *self)
{
  if (response == GTK_RESPONSE_ACCEPT && self->report_path != NULL)
    {
      g_autoptr(GFile) target = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
      g_autoptr(GFile) source = g_file_new_for_path (self->report_path);
      g_autoptr(GError) error = NULL;

      if (!g_file_copy (source, target, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error))
        {
          g_autofree char *message = g_strdup_printf (_("The report could not be saved: %s"),
                                                      error->message);
          gtk_label_set_label (self->detail_label, message);
        }
    }
  gtk_native_dialog_destroy (native);
  g_object_unref (native);
  g_object_unref (self);
}

static void
save_report_clicked_cb (JgImportDialog *self)
{
  GtkFileChooserNative *native;

  native = gtk_file_chooser_native_new (_("Save Import Report"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Save"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), _("import-report.csv"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  g_signal_connect (native, "response", G_CALLBACK (save_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
line_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), FALSE);
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_set_margin_bottom (label, 6);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_list_item_set_child (list_item, label);
}

static void
line_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  GtkStringObject *line = gtk_list_item_get_item (list_item);

  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (list_item)),
                       gtk_string_object_get_string (line));
}

static void
jg_import_dialog_dispose (GObject *object)
{
  JgImportDialog *self = JG_IMPORT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), JG_TYPE_IMPORT_DIALOG);

  G_OBJECT_CLASS (jg_import_dialog_parent_class)->dispose (object);
}

static void
jg_import_dialog_finalize (GObject *object)
{
  JgImportDialog *self = JG_IMPORT_DIALOG (object);

  if (self->report_path != NULL)
    g_unlink (self->report_path);
  g_free (self->report_path);
  g_free (self->db_path);

  G_OBJECT_CLASS (jg_import_dialog_parent_class)->finalize (object);
}

static void
jg_import_dialog_class_init (JgImportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = jg_import_dialog_dispose;
  object_class->finalize = jg_import_dialog_finalize;

  signals[SIGNAL_IMPORTED] = g_signal_new ("imported", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/jieyang/Jianguan/importer/jg-import-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, JgImportDialog, choose_button);
  gtk_widget_class_bind_template_child (widget_class, JgImportDialog, report_button);
  gtk_widget_class_bind_template_child (widget_class, JgImportDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, JgImportDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, JgImportDialog, running_label);
  gtk_widget_class_bind_template_child (widget_class, JgImportDialog, summary_label);
  gtk_widget_class_bind_template_child (widget_class, JgImportDialog, detail_label);
  gtk_widget_class_bind_template_child (widget_class, JgImportDialog, report_scroller);
  gtk_widget_class_bind_template_child (widget_class, JgImportDialog, report_view);
  gtk_widget_class_bind_template_callback (widget_class, choose_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, save_report_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
jg_import_dialog_init (JgImportDialog *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect (factory, "setup", G_CALLBACK (line_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (line_bind_cb), NULL);
  gtk_list_view_set_factory (self->report_view, factory);
}

JgImportDialog *
jg_import_dialog_new (GtkWindow  *parent,
                      const char *db_path)
{
  JgImportDialog *self = g_object_new (JG_TYPE_IMPORT_DIALOG,
                                       "transient-for", parent,
                                       NULL);

  self->db_path = g_strdup (db_path);
  return self;
}
