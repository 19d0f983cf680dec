/* jg-window-actions.c — the win.* actions of the main window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "jg-post-from-record.h"
#include "jg-window-private.h"

static void
search_activated (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  JgWindow *self = user_data;
  const char *section = gtk_stack_get_visible_child_name (self->stack);

  /* The page in view is what the user means to search; a page with no
   * search of its own sends them to the catalogue's. */
  if (g_strcmp0 (section, "records") == 0)
    {
      jg_records_page_focus_search (self->records_page);
      return;
    }
  jg_window_show_section (self, "catalogue");
  jg_catalogue_page_focus_search (self->catalogue_page);
}

static void
sync_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  JgWindow *self = user_data;

  if (!jg_session_has_server (self->session))
    {
      jg_window_add_toast (self, _("No server is configured yet."),
                 _("Preferences"), "app.preferences", 5);
      return;
    }

  if (jg_session_needs_sign_in (self->session))
    {
      jg_window_sign_in (self, NULL);
      return;
    }

  jg_session_sync (self->session);
}

static void
sign_in_activated (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  jg_window_sign_in (JG_WINDOW (user_data), NULL);
}

static void
sign_out_activated (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  JgWindow *self = user_data;

  jg_session_sign_out (self->session);
  jg_window_add_toast (self, _("Signed out. Your records stay on this computer and are sent after you sign in again."),
             NULL, NULL, 5);
}

static void
open_record_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  JgWindow *self = user_data;

  jg_window_show_section (self, "records");
  jg_records_page_open_record (self->records_page, g_variant_get_string (parameter, NULL));
}

/* A warning's action (jg-warnings.h): the Records page filtered to a state,
 * an officer or an item; (field, value, what it is). */
static void
show_records_activated (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  JgWindow *self = user_data;
  const char *field, *value, *label;

  g_variant_get (parameter, "(&s&s&s)", &field, &value, &label);
  jg_window_show_section (self, "records");
  jg_records_page_show_only (self->records_page, field, value, label);
}

static void
show_section_activated (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  JgWindow *self = user_data;

  jg_window_show_section (self, g_variant_get_string (parameter, NULL));
}

static void
new_inspection_activated (GSimpleAction *action,
                          GVariant      *parameter,
                          gpointer       user_data)
{
  JgWindow *self = user_data;
  const char *section = gtk_stack_get_visible_child_name (self->stack);

  /* Ctrl+N makes what the page in view lists: a post on a posts page. */
  if (g_strcmp0 (section, "dynamics") == 0)
    {
      jg_posts_page_new_post (self->dynamics_page);
      return;
    }
  if (g_strcmp0 (section, "exposure") == 0)
    {
      jg_posts_page_new_post (self->exposure_page);
      return;
    }
  jg_window_show_section (self, "records");
  jg_records_page_new_record (self->records_page, JG_RECORD_INSPECTION);
}

/* A new record on the catalogue item @parameter (the Overview's to-do
 * list, "New Record"). */
static void
new_record_for_item_activated (GSimpleAction *action,
                               GVariant      *parameter,
                               gpointer       user_data)
{
  JgWindow *self = user_data;

  jg_window_show_section (self, "records");
  jg_records_page_new_record_for_item (self->records_page, g_variant_get_string (parameter, NULL));
}

/* An exposure post from the penalty record @parameter (the record
 * editor's button), opened on the Exposure page. */
static void
create_exposure_activated (GSimpleAction *action,
                           GVariant      *parameter,
                           gpointer       user_data)
{
  JgWindow *self = user_data;
  JgPostStore *store = jg_session_get_post_store (self->session);
  g_autoptr(JgPost) post = NULL;
  g_autoptr(GError) error = NULL;

  if (store == NULL)
    {
      jg_window_add_toast (self, _("Sign in first: posts are written for your account’s department."),
                           NULL, NULL, 5);
      return;
    }
  /* The editor that asks is the Records page's: it exists. */
  if (self->records_page != NULL)
    jg_records_page_flush (self->records_page);
  post = jg_post_from_record_create (store, g_variant_get_string (parameter, NULL), &error);
  if (post == NULL)
    {
      jg_window_add_toast (self, error->message, NULL, NULL, 5);
      return;
    }
  jg_window_show_section (self, "exposure");
  jg_posts_page_open_post (self->exposure_page, post);
}

/* --- one-key search (Ctrl+K) ---------------------------------------------- */

static void
search_all_activated (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  JgWindow *self = user_data;

  /* Folded, the header's button is still there: the content page is shown. */
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
  gtk_menu_button_popup (self->search_all_button);
}

/* Searches the account signed in now, whichever it is. */
static void
search_popover_show_cb (JgWindow *self)
{
  jg_search_popover_set_db_path (self->search_popover, jg_session_get_db_path (self->session));
}

static void
open_post (JgWindow   *self,
           const char *column,
           const char *uuid)
{
  JgPostStore *store = jg_session_get_post_store (self->session);
  gboolean exposure = g_strcmp0 (column, "exposure") == 0;
  g_autoptr(JgPost) post = NULL;
  g_autoptr(GError) error = NULL;

  if (store == NULL)
    return;
  post = jg_post_store_load (store, uuid, &error);
  if (post == NULL)
    {
      jg_window_add_toast (self, error->message, NULL, NULL, 5);
      return;
    }
  jg_window_show_section (self, exposure ? "exposure" : "dynamics");
  jg_posts_page_open_post (exposure ? self->exposure_page : self->dynamics_page, post);
}

/* Each kind opens where it lives; an officer has no page of their own:
 * their certificate number, what records ask for, is copied. */
static void
search_hit_activated_cb (JgWindow    *self,
                         JgSearchHit *hit)
{
  const char *key = jg_search_hit_get_key (hit);
  const char *key2 = jg_search_hit_get_key2 (hit);

  switch (jg_search_hit_get_kind (hit))
    {
    case JG_SEARCH_KIND_ITEM:
      jg_window_show_section (self, "catalogue");
      jg_catalogue_page_show_item (self->catalogue_page, key);
      break;
    case JG_SEARCH_KIND_RECORD:
      gtk_widget_activate_action (GTK_WIDGET (self), "win.open-record", "s", key);
      break;
    case JG_SEARCH_KIND_ENTITY:
      jg_window_show_section (self, "records");
      jg_records_page_open_entity (self->records_page, key2, key);
      break;
    case JG_SEARCH_KIND_POST:
      open_post (self, key2, key);
      break;
    case JG_SEARCH_KIND_OFFICER:
      if (key2 != NULL && *key2 != '\0')
        {
          g_autofree char *text = g_strdup_printf (_("Certificate number of %s copied"),
                                                   jg_search_hit_get_title (hit));
          gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), key2);
          jg_window_add_toast (self, text, NULL, NULL, 3);
        }
      break;
    case JG_SEARCH_N_KINDS:
    default:
      g_return_if_reached ();
    }
}

static const GActionEntry win_actions[] = {
  { "new-inspection", new_inspection_activated },
  { "search", search_activated },
  { "sync", sync_activated },
  { "show-section", show_section_activated, "s" },
  { "sign-in", sign_in_activated },
  { "sign-out", sign_out_activated },
  { "open-record", open_record_activated, "s" },
  { "show-records", show_records_activated, "(sss)" },
  { "create-exposure", create_exposure_activated, "s" },
  { "search-all", search_all_activated },
  { "new-record-for-item", new_record_for_item_activated, "s" },
};

void
jg_window_actions_init (JgWindow *self)
{
  g_action_map_add_action_entries (G_ACTION_MAP (self), win_actions,
                                   G_N_ELEMENTS (win_actions), self);
  g_signal_connect_object (self->search_popover, "show", G_CALLBACK (search_popover_show_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_popover, "hit-activated", G_CALLBACK (search_hit_activated_cb),
                           self, G_CONNECT_SWAPPED);
}

void
jg_window_actions_update (JgWindow *self)
{
  GAction *action;
  gboolean has_account = jg_session_get_username (self->session) != NULL;
  gboolean signed_in = jg_session_is_signed_in (self->session);

  action = g_action_map_lookup_action (G_ACTION_MAP (self), "sign-in");
  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), !signed_in);
  action = g_action_map_lookup_action (G_ACTION_MAP (self), "sign-out");
  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), has_account && signed_in);

  if (signed_in && self->sign_in_toast != NULL)
    {
      adw_toast_dismiss (self->sign_in_toast);
      g_clear_object (&self->sign_in_toast);
    }
}
