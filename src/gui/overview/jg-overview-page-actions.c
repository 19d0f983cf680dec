/* jg-overview-page-actions.c — the Overview's actions
 *
 *   overview.compare       ask the server for the department's figure now
 *   overview.refresh-city  read every department's figures again
 *   overview.show-all-items  the whole to-do list, not its first rows
 *   overview.show-todo     the to-do list in view, its first item focused
 *                            (the coverage warning's action)
 *   overview.export-report   this month's report (通报) to a PDF, CSV or
 *                            XLSX file (jg-report-monthly.c, in a thread)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "jg-overview-page-private.h"
#include "jg-report-monthly.h"
#include "jg-window-private.h"

static void
compare_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  jg_overview_page_compare (JG_OVERVIEW_PAGE (widget));
}

static void
refresh_city_activated (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  jg_overview_page_refresh_city (JG_OVERVIEW_PAGE (widget));
}

static void
show_all_items_activated (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  JgOverviewPage *self = JG_OVERVIEW_PAGE (widget);

  self->todo_all = TRUE;
  jg_overview_page_show_todo (self);
}

static void
show_todo_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  JgOverviewPage *self = JG_OVERVIEW_PAGE (widget);
  GtkListBoxRow *first = gtk_list_box_get_row_at_index (self->todo_list, 0);

  /* The focus moves the page's scrolled window to the row. */
  if (first != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (first));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->todo_list));
}

static void
toast (JgOverviewPage *self,
       const char     *text)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (JG_IS_WINDOW (root))
    jg_window_add_toast (JG_WINDOW (root), text, NULL, NULL, 5);
  else
    g_message ("%s", text);
}

static void
report_written_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(JgOverviewPage) self = user_data;
  g_autoptr(GError) error = NULL;
  guint missing = 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "overview.export-report", TRUE);
  if (!jg_report_monthly_write_finish (result, &missing, &error))
    toast (self, error->message);
  else if (missing > 0)
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "The monthly report is saved; %u character has no glyph in the installed fonts and shows as a box.",
                                                            "The monthly report is saved; %u characters have no glyph in the installed fonts and show as boxes.",
                                                            missing), missing);
      toast (self, text);
    }
  else
    toast (self, _("The monthly report is saved."));
}

static void
report_file_chosen_cb (GtkNativeDialog *native,
                       int              response,
                       gpointer         user_data)
{
  g_autoptr(JgOverviewPage) self = user_data;
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
  gtk_native_dialog_destroy (native);
  g_object_unref (native);
  if (file == NULL || self->session == NULL || jg_session_get_db_path (self->session) == NULL)
    return;
  path = g_file_get_path (file);
  /* No extension the report knows: a PDF, as the suggested name was. */
  if (!g_str_has_suffix (path, ".pdf") && !g_str_has_suffix (path, ".csv") && !g_str_has_suffix (path, ".xlsx"))
    {
      char *with_pdf = g_strconcat (path, ".pdf", NULL);

      g_free (path);
      path = with_pdf;
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "overview.export-report", FALSE);
  jg_report_monthly_write_async (jg_session_get_db_path (self->session), NULL, path, NULL,
                                 report_written_cb, g_object_ref (self));
}

static void
export_report_activated (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  JgOverviewPage *self = JG_OVERVIEW_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  char today[JG_COVERAGE_DATE_SIZE];
  g_autofree char *month = NULL;
  g_autofree char *name = NULL;
  GtkFileChooserNative *native;

  /* This month in Beijing time, as the report counts it. */
  jg_coverage_date_of (g_get_real_time () / G_USEC_PER_SEC, today);
  month = g_strndup (today, 7);

  native = gtk_file_chooser_native_new (_("Export Monthly Report"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  /* TRANSLATORS: the suggested file name of a monthly report; %s: 2026-11 */
  name = g_strdup_printf (_("monthly-report-%s.pdf"), month);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  g_signal_connect (native, "response", G_CALLBACK (report_file_chosen_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

void
jg_overview_page_actions_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "overview.export-report", NULL, export_report_activated);
  gtk_widget_class_install_action (widget_class, "overview.show-todo", NULL, show_todo_activated);
  gtk_widget_class_install_action (widget_class, "overview.compare", NULL, compare_activated);
  gtk_widget_class_install_action (widget_class, "overview.refresh-city", NULL, refresh_city_activated);
  gtk_widget_class_install_action (widget_class, "overview.show-all-items", NULL, show_all_items_activated);
}
