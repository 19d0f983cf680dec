/* jg-overview-page-actions.c — the Overview's actions
 *
 *   overview.compare       ask the server for the department's figure now
 *   overview.refresh-city  read every department's figures again
 *   overview.show-all-items  the whole to-do list, not its first rows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "jg-overview-page-private.h"

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

void
jg_overview_page_actions_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "overview.compare", NULL, compare_activated);
  gtk_widget_class_install_action (widget_class, "overview.refresh-city", NULL, refresh_city_activated);
  gtk_widget_class_install_action (widget_class, "overview.show-all-items", NULL, show_all_items_activated);
}
