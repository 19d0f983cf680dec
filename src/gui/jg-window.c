/* jg-window.c — the main window: sections in a sidebar, pages beside it
 *
 * Its actions (win.*) are in jg-window-actions.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "jg-accessible.h"
#include "jg-first-frame.h"
#include "jg-window-private.h"

G_DEFINE_FINAL_TYPE (JgWindow, jg_window, ADW_TYPE_APPLICATION_WINDOW)

static GtkListBoxRow *
find_section_row (JgWindow   *self,
                  const char *name)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->sidebar_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LIST_BOX_ROW (child) &&
          g_strcmp0 (gtk_widget_get_name (child), name) == 0)
        return GTK_LIST_BOX_ROW (child);
    }
  return NULL;
}

/* The Overview's row counts its warnings, as the Review row counts posts. */
static void
warnings_count_cb (JgWindow *self)
{
  guint count = jg_warnings_list_get_count (jg_overview_page_get_warnings_list (self->overview_page));
  g_autofree char *number = g_strdup_printf ("%u", count);
  g_autofree char *accessible = NULL;

  gtk_label_set_label (self->warnings_count, number);
  gtk_widget_set_visible (GTK_WIDGET (self->warnings_count), count > 0);
  if (count > 0)
    /* TRANSLATORS: accessible name of the sidebar's Overview row */
    accessible = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Overview, %u warning",
                                               "Overview, %u warnings", count), count);
  else
    accessible = g_strdup (_("Overview"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->row_overview),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
}

/* --- pages built when first shown ------------------------------------------ */

/* The Overview is built with the window; every other page is an empty
 * AdwBin in the stack (jg-window.ui) until it is first shown, or an action
 * needs it: building them all was most of the time to the first frame. */
static GtkWidget *
new_page (JgWindow   *self,
          const char *name)
{
  if (g_str_equal (name, "catalogue"))
    return GTK_WIDGET (self->catalogue_page = g_object_new (JG_TYPE_CATALOGUE_PAGE, NULL));
  if (g_str_equal (name, "records"))
    return GTK_WIDGET (self->records_page = g_object_new (JG_TYPE_RECORDS_PAGE, NULL));
  if (g_str_equal (name, "dynamics"))
    return GTK_WIDGET (self->dynamics_page = JG_POSTS_PAGE (jg_posts_page_new (JG_POST_DYNAMICS)));
  if (g_str_equal (name, "exposure"))
    return GTK_WIDGET (self->exposure_page = JG_POSTS_PAGE (jg_posts_page_new (JG_POST_EXPOSURE)));
  if (g_str_equal (name, "sync"))
    return GTK_WIDGET (self->sync_page = g_object_new (JG_TYPE_SYNC_PAGE, NULL));
  if (g_str_equal (name, "review"))
    return GTK_WIDGET (self->review_page = g_object_new (JG_TYPE_REVIEW_PAGE, NULL));
  g_return_val_if_reached (NULL);
}

/* Once in the window: a page may look for its root as it follows the
 * session. */
static void
set_page_session (JgWindow  *self,
                  GtkWidget *page)
{
  if (JG_IS_CATALOGUE_PAGE (page))
    jg_catalogue_page_set_session (JG_CATALOGUE_PAGE (page), self->session);
  else if (JG_IS_RECORDS_PAGE (page))
    jg_records_page_set_session (JG_RECORDS_PAGE (page), self->session);
  else if (JG_IS_POSTS_PAGE (page))
    jg_posts_page_set_session (JG_POSTS_PAGE (page), self->session);
  else if (JG_IS_SYNC_PAGE (page))
    jg_sync_page_set_session (JG_SYNC_PAGE (page), self->session);
  else if (JG_IS_REVIEW_PAGE (page))
    {
      jg_review_page_set_sidebar_row (JG_REVIEW_PAGE (page), self->row_review, self->review_count);
      jg_review_page_set_session (JG_REVIEW_PAGE (page), self->session);
    }
}

void
jg_window_ensure_page (JgWindow   *self,
                       const char *name)
{
  GtkWidget *bin = gtk_stack_get_child_by_name (self->stack, name);
  GtkWidget *page;

  g_return_if_fail (bin != NULL);

  /* The Overview is a page of its own class (an AdwBin too). */
  if (G_OBJECT_TYPE (bin) != ADW_TYPE_BIN || adw_bin_get_child (ADW_BIN (bin)) != NULL)
    return;
  page = new_page (self, name);
  adw_bin_set_child (ADW_BIN (bin), page);
  set_page_session (self, page);
}

/* The Review page shows and counts its sidebar row, which it does from the
 * start, so it is built right after the first frame rather than when
 * first shown: the row appears then (for a reviewer only). */
static gboolean
build_review_page_cb (gpointer user_data)
{
  JgWindow *self = user_data;

  self->review_id = 0;
  jg_window_ensure_page (self, "review");
  return G_SOURCE_REMOVE;
}

/* What waits for the first frame (jg-first-frame.c) starts after it. */
static void
first_frame_cb (GdkFrameClock *clock,
                JgWindow      *self)
{
  g_signal_handlers_disconnect_by_func (clock, first_frame_cb, self);
  jg_first_frame_set_painted ();
}

static void
jg_window_realize (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (jg_window_parent_class)->realize (widget);

  g_signal_connect_object (gtk_widget_get_frame_clock (widget), "after-paint",
                           G_CALLBACK (first_frame_cb), widget, 0);
}

/* --- sections ------------------------------------------------------------- */

static void
show_content (JgWindow *self)
{
  adw_leaflet_set_visible_child_name (self->leaflet, "content");
}

/* The sidebar marks the section shown itself: the list selects nothing,
 * since a GtkListBox selects the row the focus is on, and tabbing or
 * arrowing through the sections must not switch them; Enter, Space or a
 * click does (row-activated). */
static void
mark_section_row (JgWindow      *self,
                  GtkListBoxRow *current)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->sidebar_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      gboolean is_current = child == GTK_WIDGET (current);

      if (!GTK_IS_LIST_BOX_ROW (child))
        continue;
      if (is_current)
        gtk_widget_set_state_flags (child, GTK_STATE_FLAG_SELECTED, FALSE);
      else
        gtk_widget_unset_state_flags (child, GTK_STATE_FLAG_SELECTED);
      gtk_accessible_update_state (GTK_ACCESSIBLE (child),
                                   GTK_ACCESSIBLE_STATE_SELECTED, is_current, -1);
    }
}

static void
show_row_section (JgWindow      *self,
                  GtkListBoxRow *row)
{
  const char *name = gtk_widget_get_name (GTK_WIDGET (row));
  GtkWidget *child = gtk_stack_get_child_by_name (self->stack, name);
  GtkStackPage *page;

  if (child == NULL)
    return;
  jg_window_ensure_page (self, name);
  mark_section_row (self, row);
  gtk_stack_set_visible_child (self->stack, child);
  page = gtk_stack_get_page (self->stack, child);
  adw_window_title_set_title (self->content_title, gtk_stack_page_get_title (page));
}

void
jg_window_show_section (JgWindow   *self,
                        const char *name)
{
  GtkListBoxRow *row;

  g_return_if_fail (JG_IS_WINDOW (self));

  row = find_section_row (self, name);
  if (row == NULL)
    {
      g_warning ("No section named %s", name);
      return;
    }

  show_row_section (self, row);
  show_content (self);
}

static void
sidebar_row_activated_cb (JgWindow      *self,
                          GtkListBoxRow *row,
                          GtkListBox    *list)
{
  show_row_section (self, row);
  show_content (self);
}

static void
back_clicked_cb (JgWindow  *self,
                 GtkButton *button)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
leaflet_folded_cb (JgWindow   *self,
                   GParamSpec *pspec,
                   AdwLeaflet *leaflet)
{
  /* Folded, the list selection is what the user navigated to: keep the
   * content in view rather than jumping back to the sidebar. */
  if (adw_leaflet_get_folded (leaflet))
    show_content (self);
}

static gboolean
invert_boolean (gpointer  user_data,
                gboolean  value)
{
  return !value;
}

static void
update_sync_status (JgWindow *self)
{
  JgSyncStatus status = jg_session_get_status (self->session);
  g_autofree char *label = NULL;
  g_autofree char *when = NULL;
  g_autofree char *tooltip = NULL;
  g_autofree char *accessible = NULL;
  const char *icon = "emblem-synchronizing-symbolic";
  gboolean syncing = status == JG_SYNC_STATUS_SYNCING;

  gtk_widget_remove_css_class (self->sync_label, "error");
  gtk_widget_remove_css_class (self->sync_icon, "error");

  switch (status)
    {
    case JG_SYNC_STATUS_NO_SERVER:
      label = g_strdup (_("No server configured"));
      icon = "network-offline-symbolic";
      break;
    case JG_SYNC_STATUS_NEVER:
      label = g_strdup (_("Not synced yet"));
      break;
    case JG_SYNC_STATUS_SYNCING:
      {
        guint64 done = jg_session_get_progress_done (self->session);
        guint64 total = jg_session_get_progress_total (self->session);

        if (total > 0)
          /* TRANSLATORS: sync progress in the header bar, e.g. "Syncing… 45 of 120" */
          label = g_strdup_printf (_("Syncing… %llu of %llu"),
                                   (unsigned long long) done, (unsigned long long) total);
        else
          label = g_strdup (_("Syncing…"));
      }
      break;
    case JG_SYNC_STATUS_UP_TO_DATE:
      if (jg_session_is_signed_in (self->session))
        label = g_strdup (_("Up to date"));
      else
        label = g_strdup (_("Catalogue up to date"));
      icon = "emblem-ok-symbolic";
      break;
    case JG_SYNC_STATUS_NEEDS_SIGN_IN:
      label = g_strdup (_("Sign in to sync"));
      icon = "dialog-password-symbolic";
      gtk_widget_add_css_class (self->sync_label, "error");
      gtk_widget_add_css_class (self->sync_icon, "error");
      break;
    case JG_SYNC_STATUS_FAILED:
    default:
      label = g_strdup (_("Sync failed"));
      icon = "dialog-warning-symbolic";
      gtk_widget_add_css_class (self->sync_label, "error");
      gtk_widget_add_css_class (self->sync_icon, "error");
      break;
    }

  gtk_label_set_label (GTK_LABEL (self->sync_label), label);
  gtk_image_set_from_icon_name (GTK_IMAGE (self->sync_icon), icon);
  gtk_widget_set_visible (self->sync_icon, !syncing);
  gtk_widget_set_visible (self->sync_spinner, syncing);
  gtk_spinner_set_spinning (GTK_SPINNER (self->sync_spinner), syncing);

  if (status == JG_SYNC_STATUS_NO_SERVER)
    tooltip = g_strdup (_("Set the server address in Preferences to download the catalogue."));
  else if (status == JG_SYNC_STATUS_NEEDS_SIGN_IN)
    tooltip = g_strdup (_("The server asks you to sign in again. Click to sign in."));
  else if (jg_session_get_last_sync (self->session) > 0)
    {
      when = jg_session_format_time (jg_session_get_last_sync (self->session));
      tooltip = g_strdup_printf (_("Last synced: %s. Click to sync now."), when);
    }
  else
    tooltip = g_strdup (_("The catalogue has never been synced. Click to sync now."));

  gtk_widget_set_tooltip_text (self->sync_button, tooltip);

  /* TRANSLATORS: accessible name of the header bar sync button; %s is its
   * state, e.g. "Catalogue up to date" */
  accessible = g_strdup_printf (_("Sync now (%s)"), label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->sync_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, tooltip,
                                  -1);
}

static void
update_counts (JgWindow *self)
{
  guint pending = jg_session_get_pending_count (self->session);
  guint rejected = jg_session_get_rejected_count (self->session);
  g_autofree char *text = NULL;
  g_autofree char *accessible = NULL;
  g_autofree char *pending_text = NULL;
  /* Until the counts are read (no month yet), no "0 pending" that is not so. */
  gboolean known = *jg_session_get_record_counts (self->session)->month != '\0';
  gboolean shown = known && (jg_session_get_username (self->session) != NULL || pending > 0 || rejected > 0);

  gtk_widget_set_visible (self->counts_button, shown);
  if (!shown)
    return;

  /* TRANSLATORS: records waiting to be sent, in the header bar: "3 pending" */
  pending_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u pending", "%u pending", pending), pending);
  if (rejected > 0)
    /* TRANSLATORS: header bar: "3 pending · 1 rejected" */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %u rejected", "%s · %u rejected", rejected),
                            pending_text, rejected);
  else
    text = g_strdup (pending_text);
  gtk_label_set_label (GTK_LABEL (self->counts_label), text);

  if (rejected > 0)
    gtk_widget_add_css_class (self->counts_label, "warning");
  else
    gtk_widget_remove_css_class (self->counts_label, "warning");

  /* TRANSLATORS: accessible name of the header bar's record counts */
  accessible = g_strdup_printf (_("Records: %u waiting to be sent, %u rejected. Show the Sync page."),
                                pending, rejected);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->counts_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  gtk_widget_set_tooltip_text (self->counts_button, accessible);
}

static void
session_notify_cb (JgWindow   *self,
                   GParamSpec *pspec,
                   JgSession  *session)
{
  update_sync_status (self);
  update_counts (self);
  jg_window_actions_update (self);
}

void
jg_window_add_toast (JgWindow   *self,
           const char *text,
           const char *button_label,
           const char *action_name,
           guint       timeout)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);
  AdwToast *toast = adw_toast_new (escaped);

  adw_toast_set_timeout (toast, timeout);
  if (button_label != NULL)
    {
      adw_toast_set_button_label (toast, button_label);
      adw_toast_set_detailed_action_name (toast, action_name);
    }
  jg_accessible_add_toast (self->toast_overlay, toast);
}

static void
sync_finished_cb (JgWindow   *self,
                  gboolean    success,
                  const char *message,
                  guint64     changes,
                  JgSession  *session)
{
  if (message == NULL)
    return;

  /* The server refused the token: "sign-in-needed" follows and asks for
   * the password (sign_in_needed_cb); a failure toast with the same words
   * would hide its toast, or stay behind the dialog after signing in. */
  if (!success && jg_session_needs_sign_in (session))
    return;

  /* "Already up to date" is what the header bar says anyway. */
  if (success && changes > 0)
    jg_window_add_toast (self, message, NULL, NULL, 3);
  else if (success)
    return;
  else
    jg_window_add_toast (self, message, _("Details"), "win.show-section::sync", 0);
}

static void
login_signed_in_cb (JgWindow      *self,
                    gboolean       in_memory,
                    JgLoginDialog *dialog)
{
  g_autofree char *text = NULL;
  const char *user = jg_session_get_username (self->session);

  if (in_memory)
    /* No Secret Service: the token lives in this process only. */
    jg_window_add_toast (self, _("No keyring: you stay signed in until you quit Jianguan."), NULL, NULL, 8);
  else
    {
      text = g_strdup_printf (_("Signed in as %s."), user != NULL ? user : "");
      jg_window_add_toast (self, text, NULL, NULL, 3);
    }
}

static void
login_destroy_cb (JgWindow  *self,
                  GtkWidget *dialog)
{
  if ((GtkWidget *) self->login_dialog == dialog)
    self->login_dialog = NULL;
}

void
jg_window_sign_in (JgWindow   *self,
                   const char *message)
{
  if (self->login_dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->login_dialog));
      return;
    }

  self->login_dialog = jg_login_dialog_new (GTK_WINDOW (self), self->session, message);
  g_signal_connect_object (self->login_dialog, "signed-in",
                           G_CALLBACK (login_signed_in_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->login_dialog, "destroy",
                           G_CALLBACK (login_destroy_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (self->login_dialog));
}

static void
sign_in_needed_cb (JgWindow  *self,
                   gboolean   automatic,
                   JgSession *session)
{
  const char *message = _("The server asks you to sign in again. Sync is paused until you do; your records are kept and nothing was lost.");

  if (!automatic && gtk_window_is_active (GTK_WINDOW (self)))
    {
      jg_window_sign_in (self, message);
      return;
    }

  if (self->sign_in_toast != NULL)
    return;
  self->sign_in_toast = adw_toast_new (message);
  adw_toast_set_timeout (self->sign_in_toast, 0);
  adw_toast_set_button_label (self->sign_in_toast, _("Sign In…"));
  adw_toast_set_action_name (self->sign_in_toast, "win.sign-in");
  g_object_ref (self->sign_in_toast);
  adw_toast_overlay_add_toast (self->toast_overlay, self->sign_in_toast);
}

static gboolean
jg_window_close_request (GtkWindow *window)
{
  JgWindow *self = JG_WINDOW (window);
  int width = 0, height = 0;

  /* A page never shown has nothing to save. */
  if (self->records_page != NULL)
    jg_records_page_flush (self->records_page);
  if (self->dynamics_page != NULL)
    jg_posts_page_flush (self->dynamics_page);
  if (self->exposure_page != NULL)
    jg_posts_page_flush (self->exposure_page);

  gtk_window_get_default_size (window, &width, &height);
  if (self->settings != NULL)
    {
      g_settings_set_boolean (self->settings, "window-maximized",
                              gtk_window_is_maximized (window));
      if (!gtk_window_is_maximized (window) && width > 0 && height > 0)
        {
          g_settings_set_int (self->settings, "window-width", width);
          g_settings_set_int (self->settings, "window-height", height);
        }
    }

  return GTK_WINDOW_CLASS (jg_window_parent_class)->close_request (window);
}

static void
jg_window_dispose (GObject *object)
{
  JgWindow *self = JG_WINDOW (object);

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  g_clear_object (&self->settings);
  g_clear_object (&self->sign_in_toast);
  g_clear_handle_id (&self->review_id, g_source_remove);

  gtk_widget_dispose_template (GTK_WIDGET (self), JG_TYPE_WINDOW);

  G_OBJECT_CLASS (jg_window_parent_class)->dispose (object);
}

static void
jg_window_class_init (JgWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = jg_window_dispose;
  window_class->close_request = jg_window_close_request;
  widget_class->realize = jg_window_realize;

  g_type_ensure (JG_TYPE_OVERVIEW_PAGE);
  g_type_ensure (JG_TYPE_SEARCH_POPOVER);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/jieyang/Jianguan/jg-window.ui");
  gtk_widget_class_bind_template_child (widget_class, JgWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, JgWindow, sidebar_list);
  gtk_widget_class_bind_template_child (widget_class, JgWindow, content_title);
  gtk_widget_class_bind_template_child (widget_class, JgWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, JgWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, JgWindow, sync_button);
  gtk_widget_class_bind_template_child (widget_class, JgWindow, sync_spinner);
  gtk_widget_class_bind_template_child (widget_class, JgWindow, sync_icon);
  gtk_widget_class_bind_template_child (widget_class, JgWindow, sync_label);
  gtk_widget_class_bind_template_child (widget_class, JgWindow, counts_button);
  gtk_widget_class_bind_template_child (widget_class, JgWindow, counts_label);
  gtk_widget_class_bind_template_child (widget_class, JgWindow, overview_page);
  gtk_widget_class_bind_template_child (widget_class, JgWindow, row_review);
  gtk_widget_class_bind_template_child (widget_class, JgWindow, review_count);
  gtk_widget_class_bind_template_child (widget_class, JgWindow, row_overview);
  gtk_widget_class_bind_template_child (widget_class, JgWindow, warnings_count);
  gtk_widget_class_bind_template_child (widget_class, JgWindow, search_all_button);
  gtk_widget_class_bind_template_child (widget_class, JgWindow, search_popover);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, leaflet_folded_cb);
  gtk_widget_class_bind_template_callback (widget_class, invert_boolean);
}

static void
jg_window_init (JgWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  jg_accessible_fix_names (GTK_WIDGET (self));

  jg_window_actions_init (self);
}

JgWindow *
jg_window_new (JgApplication *application)
{
  JgWindow *self;
  GSettings *settings;
  JgSession *session;
  int width, height;

  g_return_val_if_fail (JG_IS_APPLICATION (application), NULL);

  self = g_object_new (JG_TYPE_WINDOW, "application", application, NULL);

  settings = jg_application_get_settings (application);
  session = jg_application_get_session (application);
  self->settings = g_object_ref (settings);
  self->session = g_object_ref (session);

  width = g_settings_get_int (settings, "window-width");
  height = g_settings_get_int (settings, "window-height");
  if (width > 0 && height > 0)
    gtk_window_set_default_size (GTK_WINDOW (self), width, height);
  if (g_settings_get_boolean (settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  g_signal_connect_object (jg_overview_page_get_warnings_list (self->overview_page), "notify::count",
                           G_CALLBACK (warnings_count_cb), self, G_CONNECT_SWAPPED);
  jg_overview_page_set_session (self->overview_page, session);

  g_signal_connect_object (session, "notify::status",
                           G_CALLBACK (session_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::progress-done",
                           G_CALLBACK (session_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::last-sync",
                           G_CALLBACK (session_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::progress-total",
                           G_CALLBACK (session_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::signed-in",
                           G_CALLBACK (session_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::username",
                           G_CALLBACK (session_notify_cb), self, G_CONNECT_SWAPPED);
  /* The counts every page shows, read once after each change. */
  g_signal_connect_object (session, "counts-changed",
                           G_CALLBACK (update_counts), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "sync-finished",
                           G_CALLBACK (sync_finished_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "sign-in-needed",
                           G_CALLBACK (sign_in_needed_cb), self, G_CONNECT_SWAPPED);
  /* Records marked ready in the editor: the counts follow when the user
   * comes back to the window or switches sections. */
  g_signal_connect_object (self, "notify::is-active",
                           G_CALLBACK (jg_session_refresh_counts), session, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->stack, "notify::visible-child",
                           G_CALLBACK (jg_session_refresh_counts), session, G_CONNECT_SWAPPED);
  session_notify_cb (self, NULL, session);

  /* The Overview first: this month's records, what waits to be sent and
   * how the last sync went are what a working day starts from. */
  show_row_section (self, find_section_row (self, "overview"));
  self->review_id = jg_first_frame_idle_add (build_review_page_cb, self, NULL);

  return self;
}
