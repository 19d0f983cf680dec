/* jg-overview-page.c — what the local catalogue holds
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "jg-overview-page.h"

struct _JgOverviewPage
{
  AdwBin parent_instance;

  GtkStack *stack;
  AdwPreferencesGroup *catalogue_group;
  GtkLabel *departments_label;
  GtkLabel *items_label;
  GtkLabel *sub_items_label;
  GtkLabel *implementations_label;
  GtkLabel *officers_label;
  GtkLabel *last_sync_label;

  JgSession *session;
  GCancellable *cancellable;
};

G_DEFINE_FINAL_TYPE (JgOverviewPage, jg_overview_page, ADW_TYPE_BIN)

static void
set_count (GtkLabel *label,
           guint     count)
{
  g_autofree char *text = g_strdup_printf ("%u", count);
  gtk_label_set_label (label, text);
}

static void
stats_ready_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  JgOverviewPage *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *when = NULL;
  JgCatalogueStats stats = { 0 };

  if (!jg_catalogue_get_stats_finish (JG_CATALOGUE (object), result, &stats, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* No database before the first sync: nothing downloaded yet. */
      g_debug ("Overview: no statistics: %s", error->message);
      stats = (JgCatalogueStats) { 0 };
    }

  set_count (self->departments_label, stats.departments);
  set_count (self->items_label, stats.items);
  set_count (self->sub_items_label, stats.sub_items);
  set_count (self->implementations_label, stats.implementations);
  set_count (self->officers_label, stats.officers);
  when = jg_session_format_time (stats.last_sync);
  gtk_label_set_label (self->last_sync_label, when);
}

static void
reload (JgOverviewPage *self)
{
  JgCatalogue *catalogue;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  catalogue = self->session != NULL ? jg_session_get_catalogue (self->session) : NULL;
  if (catalogue == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "no-server");
      return;
    }

  gtk_stack_set_visible_child_name (self->stack, "stats");

  self->cancellable = g_cancellable_new ();
  /* The callback only runs uncancelled while the page is alive: dispose
   * cancels, and cancelled results return before touching the page. */
  jg_catalogue_get_stats_async (catalogue, self->cancellable, stats_ready_cb, self);
}

static void
session_changed_cb (JgOverviewPage *self)
{
  reload (self);
}

void
jg_overview_page_set_session (JgOverviewPage *self,
                              JgSession      *session)
{
  g_return_if_fail (JG_IS_OVERVIEW_PAGE (self));

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);

  if (session != NULL)
    {
      g_signal_connect_swapped (session, "data-changed", G_CALLBACK (session_changed_cb), self);
      g_signal_connect_swapped (session, "notify::last-sync", G_CALLBACK (session_changed_cb), self);
    }

  reload (self);
}

static void
jg_overview_page_dispose (GObject *object)
{
  JgOverviewPage *self = JG_OVERVIEW_PAGE (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);

  /* Not gtk_widget_dispose_template(): in GTK 4.8 it unparents the bound
   * child that AdwBin then unparents again. AdwBin's dispose drops it. */

  G_OBJECT_CLASS (jg_overview_page_parent_class)->dispose (object);
}

static void
jg_overview_page_class_init (JgOverviewPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = jg_overview_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/com/jieyang/Jianguan/overview/jg-overview-page.ui");
  gtk_widget_class_bind_template_child (widget_class, JgOverviewPage, stack);
  gtk_widget_class_bind_template_child (widget_class, JgOverviewPage, catalogue_group);
  gtk_widget_class_bind_template_child (widget_class, JgOverviewPage, departments_label);
  gtk_widget_class_bind_template_child (widget_class, JgOverviewPage, items_label);
  gtk_widget_class_bind_template_child (widget_class, JgOverviewPage, sub_items_label);
  gtk_widget_class_bind_template_child (widget_class, JgOverviewPage, implementations_label);
  gtk_widget_class_bind_template_child (widget_class, JgOverviewPage, officers_label);
  gtk_widget_class_bind_template_child (widget_class, JgOverviewPage, last_sync_label);
}

static void
jg_overview_page_init (JgOverviewPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
