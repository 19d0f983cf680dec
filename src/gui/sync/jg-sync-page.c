/* jg-sync-page.c — the server, the last sync and a button to sync now
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "jg-accessible.h"
#include "jg-outbox.h"
#include "jg-record-schema.h"
#include "jg-store.h"
#include "jg-sync-history.h"
#include "jg-sync-page.h"

#define HISTORY_LIMIT 20

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
  AdwActionRow *account_row;
  GtkWidget *account_button;
  AdwActionRow *pending_row;
  GtkLabel *pending_label;
  GtkWidget *rejected_group;
  GtkListBox *rejected_list;
  GtkWidget *history_group;
  GtkListBox *history_list;

  JgSession *session;
  GCancellable *history_cancellable;
  gboolean history_on_map;       /* changed while the page was hidden */
};

G_DEFINE_FINAL_TYPE (JgSyncPage, jg_sync_page, ADW_TYPE_BIN)

static void update_account (JgSyncPage *self);
static void update_pending (JgSyncPage *self);

static void
set_subtitle (AdwActionRow *row,
              const char   *text)
{
  g_autofree char *escaped = g_markup_escape_text (text != NULL ? text : "", -1);
  adw_action_row_set_subtitle (row, escaped);
}

/* What waits: the session's counts (the header's), and what they are made
 * of; the last run's sentence only when nothing waits, so that it never
 * says "nothing was waiting" beside a count that is not zero. */
static void
update_pending (JgSyncPage *self)
{
  const JgRecordCounts *counts = jg_session_get_record_counts (self->session);
  const char *records = jg_session_get_records_result (self->session);
  gint64 next_attempt = jg_session_get_next_attempt (self->session);
  g_autofree char *count = g_strdup_printf ("%u", counts->pending);
  g_autoptr(GString) subtitle = g_string_new (NULL);
  struct { guint n; char *text; } parts[] = {
    { counts->ready, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u ready to send", "%u ready to send",
                                                   counts->ready), counts->ready) },
    { counts->sending, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u sent, waiting for the server’s answer",
                                                     "%u sent, waiting for the server’s answer",
                                                     counts->sending), counts->sending) },
    { counts->deleting, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u deletion to send", "%u deletions to send",
                                                      counts->deleting), counts->deleting) },
  };

  g_autofree char *accessible = NULL;

  gtk_label_set_label (self->pending_label, count);
  /* TRANSLATORS: accessible name of the Sync page's count of records
   * waiting to be sent */
  accessible = g_strdup_printf (_("Records waiting to be sent: %u"), counts->pending);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->pending_row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      if (parts[i].n > 0)
        {
          if (subtitle->len > 0)
            g_string_append (subtitle, _(", "));
          g_string_append (subtitle, parts[i].text);
        }
      g_free (parts[i].text);
    }
  if (counts->pending == 0 && records != NULL)
    g_string_append (subtitle, records);
  if (counts->pending > 0 && next_attempt > g_get_real_time () / G_USEC_PER_SEC)
    {
      g_autofree char *when = jg_session_format_time (next_attempt);
      g_autofree char *text = NULL;

      /* TRANSLATORS: Sync page: what waits to be sent, then when the next
       * automatic try is, e.g. "2 ready to send; next automatic try at …" */
      text = g_strdup_printf (_("%s; next automatic try at %s."), subtitle->str, when);
      g_string_assign (subtitle, text);
    }
  set_subtitle (self->pending_row, subtitle->str);
}

static void
update_account (JgSyncPage *self)
{
  const char *user = jg_session_get_username (self->session);
  const char *department = jg_session_get_department_name (self->session);
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  gboolean signed_in = jg_session_is_signed_in (self->session);

  gtk_widget_remove_css_class (GTK_WIDGET (self->account_row), "error");
  if (user == NULL)
    {
      title = g_strdup (_("Not signed in"));
      subtitle = g_strdup (_("Sign in to send your department’s records to the server."));
    }
  else if (signed_in)
    {
      title = g_strdup_printf (_("Signed in as %s"), user);
      if (jg_session_is_token_in_memory (self->session))
        subtitle = g_strdup_printf ("%s%s%s", department != NULL ? department : "",
                                    department != NULL ? " — " : "",
                                    _("No keyring: you stay signed in until you quit Jianguan."));
      else
        subtitle = g_strdup (department);
    }
  else if (jg_session_needs_sign_in (self->session))
    {
      title = g_strdup_printf (_("%s: sign in again"), user);
      subtitle = g_strdup (_("The server asks you to sign in again. Sync is paused until you do; your records are kept and nothing was lost."));
      gtk_widget_add_css_class (GTK_WIDGET (self->account_row), "error");
    }
  else
    {
      title = g_strdup_printf (_("%s (signed out)"), user);
      subtitle = g_strdup (_("Your records stay on this computer. Sign in to send them."));
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->account_row), title);
  set_subtitle (self->account_row, subtitle);
  gtk_button_set_label (GTK_BUTTON (self->account_button), signed_in ? _("Sign _Out") : _("_Sign In…"));
  gtk_button_set_use_underline (GTK_BUTTON (self->account_button), TRUE);
  jg_accessible_set_own_label (self->account_button, signed_in ? _("Sign out") : _("Sign in"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->account_button),
                                  signed_in ? "win.sign-out" : "win.sign-in");
  if (signed_in)
    gtk_widget_remove_css_class (self->account_button, "suggested-action");
  else
    gtk_widget_add_css_class (self->account_button, "suggested-action");

  update_pending (self);
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

  update_account (self);

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
          if (jg_session_get_phase (self->session) == JG_SYNC_PHASE_RECORDS)
            /* TRANSLATORS: sync progress, e.g. "12 of 40 records sent" */
            text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                 "%llu of %llu record sent",
                                                 "%llu of %llu records sent",
                                                 total),
                                    (unsigned long long) done, (unsigned long long) total);
          else if (jg_session_get_phase (self->session) == JG_SYNC_PHASE_POSTS)
            /* TRANSLATORS: sync progress of the posts and their pictures,
             * e.g. "3 of 5 posts and pictures" */
            text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                 "%llu of %llu post or picture",
                                                 "%llu of %llu posts and pictures",
                                                 total),
                                    (unsigned long long) done, (unsigned long long) total);
          else
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

typedef struct {
  GPtrArray *runs;
  GPtrArray *rejected;
} History;

static void
history_free (History *history)
{
  g_clear_pointer (&history->runs, g_ptr_array_unref);
  g_clear_pointer (&history->rejected, g_ptr_array_unref);
  g_free (history);
}

static void
history_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  const char *db_path = task_data;
  g_autoptr(JgStore) store = NULL;
  History *history = g_new0 (History, 1);
  g_autoptr(GError) error = NULL;

  if (g_file_test (db_path, G_FILE_TEST_EXISTS))
    store = jg_store_open_existing (db_path, &error);
  if (store != NULL)
    {
      history->runs = jg_sync_history_list_runs (store, HISTORY_LIMIT, &error);
      if (history->runs == NULL)
        g_message ("Could not read the sync history: %s", error->message);
      g_clear_error (&error);
      history->rejected = jg_sync_history_list_rejected (store, 200, &error);
      if (history->rejected == NULL)
        g_message ("Could not read the rejected records: %s", error->message);
    }
  g_task_return_pointer (task, history, (GDestroyNotify) history_free);
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static GtkWidget *
run_row (const JgSyncRun *run)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon;
  g_autofree char *when = jg_session_format_time (run->finished > 0 ? run->finished : run->started);
  g_autofree char *title = NULL;
  const char *kind;
  const char *message = run->message;

  if (g_strcmp0 (run->kind, "catalogue") == 0)
    kind = _("Catalogue");
  else if (g_strcmp0 (run->kind, "records") == 0)
    kind = _("Records");
  else if (g_strcmp0 (run->kind, "posts") == 0)
    kind = _("Posts");
  else
    kind = run->kind;

  /* TRANSLATORS: a sync run in the history: "Records — 2026-11-25 10:20" */
  title = g_strdup_printf (_("%s — %s"), kind, when);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (message == NULL && run->finished == 0)
    message = _("Did not finish.");
  else if (message == NULL && run->ok)
    message = _("Succeeded.");
  set_subtitle (ADW_ACTION_ROW (row), message);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);

  icon = gtk_image_new_from_icon_name (run->ok ? "emblem-ok-symbolic" : "dialog-warning-symbolic");
  gtk_widget_add_css_class (icon, run->ok ? "success" : "error");
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  run->ok ? _("Succeeded") : _("Failed"), -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  return row;
}

static GtkWidget *
rejected_row (const JgRejectedRecord *record)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button;
  g_autoptr(GString) reasons = g_string_new (NULL);
  g_autofree char *title = NULL;
  g_autofree char *accessible = NULL;
  JgRecordKind kind = JG_RECORD_INSPECTION;
  gboolean has_kind = jg_record_kind_from_string (record->kind, &kind);

  title = g_strdup_printf ("%s%s%s",
                           record->number != NULL ? record->number : "",
                           record->number != NULL && record->name != NULL ? " · " : "",
                           record->name != NULL ? record->name
                                                : (record->number == NULL ? _("Untitled record") : ""));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);

  for (guint i = 0; record->reasons != NULL && i < record->reasons->len; i++)
    {
      JgRecordReason *reason = g_ptr_array_index (record->reasons, i);
      const JgFieldSpec *spec = NULL;

      if (reason->field != NULL && has_kind)
        spec = jg_record_field_lookup (kind, reason->field);
      if (reasons->len > 0)
        g_string_append_c (reasons, '\n');
      if (spec != NULL)
        /* TRANSLATORS: a rejected field and the server's reason */
        g_string_append_printf (reasons, _("%s: %s"), _(spec->label), reason->message);
      else if (reason->field != NULL)
        g_string_append_printf (reasons, _("%s: %s"), reason->field, reason->message);
      else
        g_string_append (reasons, reason->message);
    }
  if (reasons->len == 0)
    g_string_append (reasons, _("The server gave no reason."));
  set_subtitle (ADW_ACTION_ROW (row), reasons->str);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);

  button = gtk_button_new_with_mnemonic (_("_Fix"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.open-record");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", record->uuid);
  /* TRANSLATORS: accessible name of the Fix button of a rejected record */
  accessible = g_strdup_printf (_("Fix %s"), title);
  jg_accessible_set_own_label (button, accessible);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  return row;
}

static void
history_ready_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  History *history = g_task_propagate_pointer (G_TASK (result), NULL);
  JgSyncPage *self;

  if (history == NULL)
    return;
  self = JG_SYNC_PAGE (object);

  clear_list (self->history_list);
  clear_list (self->rejected_list);
  for (guint i = 0; history->runs != NULL && i < history->runs->len; i++)
    gtk_list_box_append (self->history_list, run_row (g_ptr_array_index (history->runs, i)));
  for (guint i = 0; history->rejected != NULL && i < history->rejected->len; i++)
    gtk_list_box_append (self->rejected_list, rejected_row (g_ptr_array_index (history->rejected, i)));
  gtk_widget_set_visible (self->history_group, history->runs != NULL && history->runs->len > 0);
  gtk_widget_set_visible (self->rejected_group, history->rejected != NULL && history->rejected->len > 0);
  history_free (history);
}

static void
reload_history (JgSyncPage *self)
{
  g_autoptr(GTask) task = NULL;
  const char *db_path = self->session != NULL ? jg_session_get_db_path (self->session) : NULL;

  if (self->history_cancellable != NULL)
    g_cancellable_cancel (self->history_cancellable);
  g_clear_object (&self->history_cancellable);

  if (db_path == NULL)
    {
      gtk_widget_set_visible (self->history_group, FALSE);
      gtk_widget_set_visible (self->rejected_group, FALSE);
      return;
    }
  /* Read when the page is shown: at start-up it is not, and the rejected
   * records' reasons among a million records would otherwise be read
   * before the window's first frame (and after every change meanwhile). */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->history_on_map = TRUE;
      return;
    }
  self->history_on_map = FALSE;

  self->history_cancellable = g_cancellable_new ();
  task = g_task_new (self, self->history_cancellable, history_ready_cb, NULL);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_set_task_data (task, g_strdup (db_path), g_free);
  g_task_run_in_thread (task, history_thread);
}

static void
session_notify_cb (JgSyncPage *self,
                   GParamSpec *pspec)
{
  update (self);
  if (pspec != NULL && (g_strcmp0 (pspec->name, "catalogue") == 0 ||
                        g_strcmp0 (pspec->name, "rejected-count") == 0))
    reload_history (self);
}

static void
counts_changed_cb (JgSyncPage *self)
{
  if (jg_session_has_server (self->session))
    update_pending (self);
}

static void
session_changed_cb (JgSyncPage *self)
{
  reload_history (self);
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
    {
      g_signal_connect_swapped (session, "notify", G_CALLBACK (session_notify_cb), self);
      g_signal_connect_swapped (session, "sync-finished", G_CALLBACK (session_changed_cb), self);
      g_signal_connect_swapped (session, "data-changed", G_CALLBACK (session_changed_cb), self);
      g_signal_connect_swapped (session, "counts-changed", G_CALLBACK (counts_changed_cb), self);
    }

  update (self);
  reload_history (self);
}

static void
jg_sync_page_map (GtkWidget *widget)
{
  JgSyncPage *self = JG_SYNC_PAGE (widget);

  GTK_WIDGET_CLASS (jg_sync_page_parent_class)->map (widget);
  if (self->history_on_map)
    reload_history (self);
}

static void
jg_sync_page_dispose (GObject *object)
{
  JgSyncPage *self = JG_SYNC_PAGE (object);

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  if (self->history_cancellable != NULL)
    g_cancellable_cancel (self->history_cancellable);
  g_clear_object (&self->history_cancellable);

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
  widget_class->map = jg_sync_page_map;

  gtk_widget_class_set_template_from_resource (widget_class, "/com/jieyang/Jianguan/sync/jg-sync-page.ui");
  gtk_widget_class_bind_template_child (widget_class, JgSyncPage, stack);
  gtk_widget_class_bind_template_child (widget_class, JgSyncPage, server_row);
  gtk_widget_class_bind_template_child (widget_class, JgSyncPage, last_sync_row);
  gtk_widget_class_bind_template_child (widget_class, JgSyncPage, result_row);
  gtk_widget_class_bind_template_child (widget_class, JgSyncPage, result_icon);
  gtk_widget_class_bind_template_child (widget_class, JgSyncPage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, JgSyncPage, progress_label);
  gtk_widget_class_bind_template_child (widget_class, JgSyncPage, sync_button);
  gtk_widget_class_bind_template_child (widget_class, JgSyncPage, account_row);
  gtk_widget_class_bind_template_child (widget_class, JgSyncPage, account_button);
  gtk_widget_class_bind_template_child (widget_class, JgSyncPage, pending_row);
  gtk_widget_class_bind_template_child (widget_class, JgSyncPage, pending_label);
  gtk_widget_class_bind_template_child (widget_class, JgSyncPage, rejected_group);
  gtk_widget_class_bind_template_child (widget_class, JgSyncPage, rejected_list);
  gtk_widget_class_bind_template_child (widget_class, JgSyncPage, history_group);
  gtk_widget_class_bind_template_child (widget_class, JgSyncPage, history_list);
}

static void
jg_sync_page_init (JgSyncPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  jg_accessible_fix_names (GTK_WIDGET (self));
}
