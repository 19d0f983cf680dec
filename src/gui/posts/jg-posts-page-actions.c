/* jg-posts-page-actions.c — the "posts." actions of a posts page
 *
 *   posts.new             a new draft of the page's column (Ctrl+N)
 *   posts.previous-month  the month before the one shown
 *   posts.next-month      the month after it, up to this month
 *   posts.this-month      back to this month
 *
 * and the toast that offers to undo a deletion.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "jg-posts-page-private.h"

/* How long the Undo of a deletion is offered, in seconds. */
#define UNDO_TIMEOUT 10

static void
new_activated (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  jg_posts_page_new_post (JG_POSTS_PAGE (widget));
}

static void
previous_month_activated (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  JgPostsPage *self = JG_POSTS_PAGE (widget);

  if (self->month == 1)
    jg_posts_page_show_month (self, self->year - 1, 12);
  else
    jg_posts_page_show_month (self, self->year, self->month - 1);
}

static void
next_month_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  JgPostsPage *self = JG_POSTS_PAGE (widget);

  if (self->month == 12)
    jg_posts_page_show_month (self, self->year + 1, 1);
  else
    jg_posts_page_show_month (self, self->year, self->month + 1);
}

static void
this_month_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  guint year, month;

  jg_posts_page_this_month (&year, &month);
  jg_posts_page_show_month (JG_POSTS_PAGE (widget), year, month);
}

void
jg_posts_page_actions_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "posts.new", NULL, new_activated);
  gtk_widget_class_install_action (widget_class, "posts.previous-month", NULL, previous_month_activated);
  gtk_widget_class_install_action (widget_class, "posts.next-month", NULL, next_month_activated);
  gtk_widget_class_install_action (widget_class, "posts.this-month", NULL, this_month_activated);
  /* The application's Ctrl+N (win.new-inspection) comes here too when a
   * posts page is shown (jg-window-actions.c); this one serves the page
   * wherever it is put. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "posts.new", NULL);
}

void
jg_posts_page_actions_update (JgPostsPage *self)
{
  guint year, month;
  gboolean this_month;

  jg_posts_page_this_month (&year, &month);
  this_month = year == self->year && month == self->month;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "posts.new", self->store != NULL);
  /* Nothing is published in a month to come. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "posts.next-month",
                                 self->year < year || (self->year == year && self->month < month));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "posts.this-month", !this_month);
}

/* --- deleting with Undo ------------------------------------------------------ */

static void
undo_clicked_cb (AdwToast    *toast,
                 JgPostsPage *self)
{
  JgPost *before = g_object_get_data (G_OBJECT (toast), "post");
  g_autoptr(GError) error = NULL;
  g_autofree char *escaped = NULL;

  if (self->store == NULL || before == NULL)
    return;
  if (!jg_post_store_undelete (self->store, before, &error))
    {
      escaped = g_markup_escape_text (error->message, -1);
      jg_posts_page_toast (self, adw_toast_new (escaped));
    }
}

void
jg_posts_page_post_deleted (JgPostsPage *self,
                            JgPost      *before)
{
  const char *title = jg_post_get (before, "title");
  g_autofree char *text = NULL;
  g_autofree char *escaped = NULL;
  AdwToast *toast;

  if (title != NULL)
    /* TRANSLATORS: toast after deleting a post; %s is its title */
    text = g_strdup_printf (_("“%s” deleted"), title);
  else
    text = g_strdup (_("Post deleted"));
  escaped = g_markup_escape_text (text, -1);
  toast = adw_toast_new (escaped);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_timeout (toast, UNDO_TIMEOUT);
  g_object_set_data_full (G_OBJECT (toast), "post", g_object_ref (before), g_object_unref);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (undo_clicked_cb), self, 0);
  jg_posts_page_toast (self, toast);
}
