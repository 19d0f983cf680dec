/* jg-import-dialog.c — import legacy records (存量数据) from CSV or XLSX
 *
 * Choose a file → check (jg_transfer_check, nothing written) → the counts
 * and the report in its three groups (errors, warnings, notices:
 * jg-import-report.c) → drafts, ready, or ready with the rows that have
 * warnings as drafts → Import → the result, with "Undo
 * Import" while none of the records has been sent. Each step runs in a
 * GTask thread on a connection of its own; the report goes to a temporary
 * CSV that "Save Report…" copies where the user wants it, and its lines
 * are listed in the dialog.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "jg-accessible.h"
#include "jg-import-dialog.h"
#include "jg-import-report.h"
#include "jg-record-imports.h"
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
  GtkLabel *check_title;
  AdwActionRow *new_row;
  AdwActionRow *duplicate_row;
  AdwActionRow *conflict_row;
  AdwActionRow *rejected_row;
  AdwActionRow *warning_row;
  AdwActionRow *notice_row;
  GtkWidget *check_report_scroller;
  GtkListView *check_report_view;
  GtkCheckButton *draft_check;
  GtkCheckButton *warnings_draft_check;
  GtkWidget *import_button;
  GtkLabel *summary_label;
  GtkLabel *detail_label;
  GtkWidget *report_scroller;
  GtkListView *report_view;
  GtkWidget *undo_button;

  char *db_path;
  char *path;               /* the file checked, then imported */
  char *report_path;
  GCancellable *cancellable;
  gboolean running;
};

G_DEFINE_FINAL_TYPE (JgImportDialog, jg_import_dialog, ADW_TYPE_WINDOW)

enum { SIGNAL_IMPORTED, N_SIGNALS };
static guint signals[N_SIGNALS];

typedef enum {
  JOB_CHECK,
  JOB_IMPORT,
  JOB_UNDO,
} JobKind;

typedef struct {
  JobKind kind;
  char *db_path;
  char *path;
  char *report_path;
  JgRecordState state;
  JgImportFlags flags;
  JgImportResult result;
  GPtrArray *problems;
  guint removed;            /* JOB_UNDO */
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
  gboolean ok = FALSE;

  store = jg_store_open (job->db_path, &error);
  if (store != NULL)
    switch (job->kind)
      {
      case JOB_CHECK:
        ok = jg_transfer_check (store, job->path, job->report_path, &job->result,
                                job->problems, cancellable, &error);
        break;
      case JOB_IMPORT:
        ok = jg_transfer_import_full (store, job->path, job->state, job->flags, job->report_path,
                                      &job->result, job->problems, cancellable, &error);
        break;
      case JOB_UNDO:
        ok = jg_record_imports_undo_last (store, NULL, &job->removed, &error);
        break;
      default:
        g_assert_not_reached ();
      }
  if (!ok)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

/* @row's title: @format (a plural form chosen for @count) with @count. */
static void
set_count (AdwActionRow *row,
           const char   *format,
           guint         count)
{
  g_autofree char *title = g_strdup_printf (format, count);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_widget_set_visible (GTK_WIDGET (row), count > 0);
}

static void
show_failure (JgImportDialog *self,
              const char     *title,
              const char     *message)
{
  gtk_stack_set_visible_child_name (self->stack, "result");
  gtk_label_set_label (self->summary_label, title);
  gtk_label_set_label (self->detail_label, message);
  gtk_widget_set_visible (self->report_scroller, FALSE);
  gtk_widget_set_sensitive (self->report_button, FALSE);
  gtk_widget_set_visible (self->undo_button, FALSE);
}

static void
show_check (JgImportDialog *self,
            ImportJob      *job)
{
  const JgImportResult *r = &job->result;
  g_autofree char *basename = g_path_get_basename (job->path);
  g_autofree char *title = NULL;

  if (r->imported > 0)
    title = g_strdup_printf (_("“%s” is checked: nothing is imported until you confirm."), basename);
  else
    title = g_strdup_printf (_("“%s” has no new records to import."), basename);
  gtk_label_set_label (self->check_title, title);

  set_count (self->new_row, g_dngettext (GETTEXT_PACKAGE, "%u new record", "%u new records",
                                         r->imported), r->imported);
  gtk_widget_set_visible (GTK_WIDGET (self->new_row), TRUE);
  set_count (self->duplicate_row, g_dngettext (GETTEXT_PACKAGE, "%u duplicate", "%u duplicates",
                                               r->duplicates), r->duplicates);
  set_count (self->conflict_row, g_dngettext (GETTEXT_PACKAGE, "%u conflicting row",
                                              "%u conflicting rows", r->conflicts), r->conflicts);
  set_count (self->rejected_row, g_dngettext (GETTEXT_PACKAGE, "%u rejected row",
                                              "%u rejected rows", r->rejected), r->rejected);
  set_count (self->warning_row, g_dngettext (GETTEXT_PACKAGE, "%u row with warnings",
                                             "%u rows with warnings", r->with_warnings),
             r->with_warnings);
  set_count (self->notice_row, g_dngettext (GETTEXT_PACKAGE, "%u notice", "%u notices",
                                            r->notices), r->notices);

  jg_import_report_show (self->check_report_view, job->problems);
  gtk_widget_set_visible (self->check_report_scroller, job->problems->len > 0);
  gtk_widget_set_sensitive (self->report_button, job->problems->len > 0);
  gtk_widget_set_sensitive (self->import_button, r->imported > 0);
  gtk_stack_set_visible_child_name (self->stack, "check");
  if (r->imported > 0)
    {
      gtk_window_set_default_widget (GTK_WINDOW (self), self->import_button);
      gtk_widget_grab_focus (self->import_button);
    }
}

static void
show_result (JgImportDialog *self,
             ImportJob      *job)
{
  const JgImportResult *r = &job->result;
  g_autofree char *imported = NULL, *duplicates = NULL, *rejected = NULL, *summary = NULL;

  gtk_stack_set_visible_child_name (self->stack, "result");
  /* TRANSLATORS: import summary, as the CLI's last line: "imported 12 (2 with warnings)" */
  imported = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "imported %u (%u with warnings)",
                                           "imported %u (%u with warnings)", r->imported),
                              r->imported, r->with_warnings);
  duplicates = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u duplicate", "%u duplicates",
                                             r->duplicates), r->duplicates);
  rejected = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u rejected", "%u rejected",
                                           r->rejected + r->conflicts), r->rejected + r->conflicts);
  /* TRANSLATORS: import summary: "imported 12, 3 duplicates, 1 rejected" */
  summary = g_strdup_printf (_("%s, %s, %s"), imported, duplicates, rejected);
  gtk_label_set_label (self->summary_label, summary);

  if (r->imported == 0)
    gtk_label_set_label (self->detail_label, _("Nothing was imported."));
  else if (job->state == JG_RECORD_STATE_READY && (job->flags & JG_IMPORT_WARNINGS_AS_DRAFTS)
           && r->with_warnings > 0)
    gtk_label_set_label (self->detail_label,
                         _("The new records without warnings are ready and go out with the next sync; those with warnings are drafts: look them over on the Records page and mark them ready. Until one of them is sent, “Undo Import” removes them all."));
  else if (job->state == JG_RECORD_STATE_DRAFT)
    gtk_label_set_label (self->detail_label,
                         _("The new records are drafts: look them over on the Records page and mark them ready to send them. Until one of them is sent, “Undo Import” removes them all."));
  else
    gtk_label_set_label (self->detail_label,
                         _("The new records are ready and go out with the next sync. Until one of them is sent, “Undo Import” removes them all."));

  jg_import_report_show (self->report_view, job->problems);
  gtk_widget_set_visible (self->report_scroller, job->problems->len > 0);
  gtk_widget_set_sensitive (self->report_button, job->problems->len > 0);
  gtk_widget_set_visible (self->undo_button, r->batch > 0);
  gtk_widget_set_sensitive (self->undo_button, TRUE);
  if (r->batch > 0)
    gtk_widget_grab_focus (self->undo_button);

  if (r->imported > 0)
    g_signal_emit (self, signals[SIGNAL_IMPORTED], 0);
}

static void
show_undone (JgImportDialog *self,
             ImportJob      *job)
{
  g_autofree char *summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                           "Import undone: %u record removed",
                                                           "Import undone: %u records removed",
                                                           job->removed), job->removed);

  gtk_stack_set_visible_child_name (self->stack, "result");
  gtk_label_set_label (self->summary_label, summary);
  gtk_label_set_label (self->detail_label,
                       _("The file’s records are gone from this workstation. Choose the file again to import it anew."));
  gtk_widget_set_visible (self->undo_button, FALSE);
  gtk_widget_grab_focus (self->choose_button);
  g_signal_emit (self, signals[SIGNAL_IMPORTED], 0);
}

static void
job_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  JgImportDialog *self = JG_IMPORT_DIALOG (source);
  ImportJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  self->running = FALSE;
  gtk_spinner_stop (self->spinner);
  gtk_widget_set_sensitive (self->choose_button, TRUE);

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (job->kind == JOB_UNDO)
        {
          /* The import's result stays on screen, with why it stays. */
          gtk_stack_set_visible_child_name (self->stack, "result");
          gtk_label_set_label (self->detail_label, error->message);
          gtk_widget_set_sensitive (self->undo_button, FALSE);
        }
      else
        show_failure (self, _("Nothing Was Imported"), error->message);
      return;
    }

  switch (job->kind)
    {
    case JOB_CHECK:
      show_check (self, job);
      break;
    case JOB_IMPORT:
      show_result (self, job);
      break;
    case JOB_UNDO:
      show_undone (self, job);
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
start_job (JgImportDialog *self,
           JobKind         kind,
           const char     *running_text)
{
  ImportJob *job = g_new0 (ImportJob, 1);
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;

  if (kind != JOB_UNDO)
    {
      int fd;

      if (self->report_path != NULL)
        {
          g_unlink (self->report_path);
          g_clear_pointer (&self->report_path, g_free);
        }
      fd = g_file_open_tmp ("jianguan-import-report-XXXXXX.csv", &self->report_path, &error);
      if (fd >= 0)
        close (fd);
    }

  job->kind = kind;
  job->db_path = g_strdup (self->db_path);
  job->path = g_strdup (self->path);
  job->report_path = g_strdup (self->report_path);
  job->state = gtk_check_button_get_active (self->draft_check)
               ? JG_RECORD_STATE_DRAFT : JG_RECORD_STATE_READY;
  job->flags = gtk_check_button_get_active (self->warnings_draft_check)
               ? JG_IMPORT_WARNINGS_AS_DRAFTS : JG_IMPORT_FLAGS_NONE;
  job->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) jg_import_problem_free);

  gtk_label_set_label (self->running_label, running_text);
  gtk_stack_set_visible_child_name (self->stack, "running");
  gtk_spinner_start (self->spinner);
  gtk_widget_set_sensitive (self->choose_button, FALSE);
  gtk_widget_set_sensitive (self->report_button, FALSE);
  self->running = TRUE;

  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  task = g_task_new (self, self->cancellable, job_done_cb, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) import_job_free);
  g_task_run_in_thread (task, import_thread);
}

/* Checks @path: nothing is written until the user confirms. */
static void
start_check (JgImportDialog *self,
             const char     *path)
{
  g_autofree char *basename = g_path_get_basename (path);
  g_autofree char *running = g_strdup_printf (_("Checking %s…"), basename);

  g_free (self->path);
  self->path = g_strdup (path);
  start_job (self, JOB_CHECK, running);
}

static void
import_clicked_cb (JgImportDialog *self)
{
  g_autofree char *basename = NULL;
  g_autofree char *running = NULL;

  if (self->running || self->path == NULL)
    return;
  basename = g_path_get_basename (self->path);
  running = g_strdup_printf (_("Importing %s…"), basename);
  start_job (self, JOB_IMPORT, running);
}

static void
undo_clicked_cb (JgImportDialog *self)
{
  if (self->running)
    return;
  start_job (self, JOB_UNDO, _("Undoing the import…"));
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
        start_check (self, path);
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
  g_free (self->path);

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
  gtk_widget_class_bind_template_child (widget_class, JgImportDialog, check_title);
  gtk_widget_class_bind_template_child (widget_class, JgImportDialog, new_row);
  gtk_widget_class_bind_template_child (widget_class, JgImportDialog, duplicate_row);
  gtk_widget_class_bind_template_child (widget_class, JgImportDialog, conflict_row);
  gtk_widget_class_bind_template_child (widget_class, JgImportDialog, rejected_row);
  gtk_widget_class_bind_template_child (widget_class, JgImportDialog, warning_row);
  gtk_widget_class_bind_template_child (widget_class, JgImportDialog, notice_row);
  gtk_widget_class_bind_template_child (widget_class, JgImportDialog, check_report_scroller);
  gtk_widget_class_bind_template_child (widget_class, JgImportDialog, check_report_view);
  gtk_widget_class_bind_template_child (widget_class, JgImportDialog, draft_check);
  gtk_widget_class_bind_template_child (widget_class, JgImportDialog, warnings_draft_check);
  gtk_widget_class_bind_template_child (widget_class, JgImportDialog, import_button);
  gtk_widget_class_bind_template_child (widget_class, JgImportDialog, undo_button);
  gtk_widget_class_bind_template_child (widget_class, JgImportDialog, summary_label);
  gtk_widget_class_bind_template_child (widget_class, JgImportDialog, detail_label);
  gtk_widget_class_bind_template_child (widget_class, JgImportDialog, report_scroller);
  gtk_widget_class_bind_template_child (widget_class, JgImportDialog, report_view);
  gtk_widget_class_bind_template_callback (widget_class, choose_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, save_report_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, import_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, undo_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
jg_import_dialog_init (JgImportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  jg_accessible_fix_names (GTK_WIDGET (self));

  jg_import_report_setup (self->report_view);
  jg_import_report_setup (self->check_report_view);
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
