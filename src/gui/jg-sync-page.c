/* jg-sync-page.c — the server, the last sync and a button to sync now
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "jg-sync-page.h"

struct _JgSyncPage
{
  AdwBin parent_instance;

  GtkStack *stack;
  AdwActionRow *server_row;
  AdwActionRow *last_sync_row;
  AdwActionRow *result_row;
  GtkImage *result_icon;
  GtkProgressBar *progress_bar;
  GtkLabel *progress_label;
  GtkWidget *sync_button;

  JgSession *session;
};

G_DEFINE_FINAL_TYPE (JgSyncPage, jg_sync_page, ADW_TYPE_BIN)

static void
set_subtitle (AdwActionRow *row,
              const char   *text)
{
  g_autofree char *escaped = g_markup_escape_text (text != NULL ? text : "", -1);
  adw_action_row_set_subtitle (row, escaped);
}

static void
update (JgSyncPage *self)
{
  JgSyncStatus status;
  g_autofree char *when = NULL;
  const char *result;
  gboolean syncing;

  if (self->session == NULL || !jg_session_has_server (self->session))
    {
      gtk_stack_set_visible_child_name (self->stack, "no-server");
      return;
    }

  gtk_stack_set_visible_child_name (self->stack, "sync");

  status = jg_session_get_status (self->session);
  syncing = status == JG_SYNC_STATUS_SYNCING;

  set_subtitle (self->server_row, jg_session_get_server_url (self->session));

  when = jg_session_format_time (jg_session_get_last_sync (self->session));
  set_subtitle (self->last_sync_row, when);

  result = jg_session_get_last_result (self->session);
  if (syncing)
    set_subtitle (self->result_row, _("A sync is running."));
  else if (result != NULL)
    set_subtitle (self->result_row, result);
  else
    set_subtitle (self->result_row, _("No sync has run since Jianguan was started."));

  gtk_widget_remove_css_class (GTK_WIDGET (self->result_icon), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->result_icon), "success");
  if (!syncing && result != NULL && status == JG_SYNC_STATUS_FAILED)
    {
      gtk_image_set_from_icon_name (self->result_icon, "dialog-warning-symbolic");
      gtk_widget_add_css_class (GTK_WIDGET (self->result_icon), "error");
      gtk_widget_set_visible (GTK_WIDGET (self->result_icon), TRUE);
    }
  else if (!syncing && result != NULL && status == JG_SYNC_STATUS_UP_TO_DATE)
    {
      gtk_image_set_from_icon_name (self->result_icon, "emblem-ok-symbolic");
      gtk_widget_add_css_class (GTK_WIDGET (self->result_icon), "success");
      gtk_widget_set_visible (GTK_WIDGET (self->result_icon), TRUE);
    }
  else
    gtk_widget_set_visible (GTK_WIDGET (self->result_icon), FALSE);

  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), syncing);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_label), syncing);
  gtk_widget_set_sensitive (self->sync_button, !syncing);

  if (syncing)
    {
      guint64 done = jg_session_get_progress_done (self->session);
      guint64 total = jg_session_get_progress_total (self->session);
      g_autofree char *text = NULL;

      if (total > 0)
        {
          gtk_progress_bar_set_fraction (self->progress_bar, (double) done / (double) total);
          /* TRANSLATORS: sync progress, e.g. "1200 of 4000 changes" */
          text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               "%llu of %llu change",
                                               "%llu of %llu changes",
                                               total),
                                  (unsigned long long) done, (unsigned long long) total);
        }
      else
        {
          gtk_progress_bar_pulse (self->progress_bar);
          text = g_strdup (_("Contacting the server…"));
        }
      gtk_label_set_label (self->progress_label, text);
    }
}

static void
session_notify_cb (JgSyncPage *self)
{
  update (self);
}

void
jg_sync_page_set_session (JgSyncPage *self,
                          JgSession  *session)
{
  g_return_if_fail (JG_IS_SYNC_PAGE (self));

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);

  if (session != NULL)
    g_signal_connect_swapped (session, "notify", G_CALLBACK (session_notify_cb), self);

  update (self);
}

static void
jg_sync_page_dispose (GObject *object)
{
  JgSyncPage *self = JG_SYNC_PAGE (object);

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);

  /* Not gtk_widget_dispose_template(): in GTK 4.8 it unparents the bound
   * child that AdwBin then unparents again. AdwBin's dispose drops it. */

  G_OBJECT_CLASS (jg_sync_page_parent_class)->dispose (object);
}

static void
jg_sync_page_class_init (JgSyncPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = jg_sync_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/com/jieyang/Jianguan/jg-sync-page.ui");
  gtk_widget_class_bind_template_child (widget_class, JgSyncPage, stack);
  gtk_widget_class_bind_template_child (widget_class, JgSyncPage, server_row);
  gtk_widget_class_bind_template_child (widget_class, JgSyncPage, last_sync_row);
  gtk_widget_class_bind_template_child (widget_class, JgSyncPage, result_row);
  gtk_widget_class_bind_template_child (widget_class, JgSyncPage, result_icon);
  gtk_widget_class_bind_template_child (widget_class, JgSyncPage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, JgSyncPage, progress_label);
  gtk_widget_class_bind_template_child (widget_class, JgSyncPage, sync_button);
}

static void
jg_sync_page_init (JgSyncPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
