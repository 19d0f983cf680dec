/* jg-import-report.c — an import's report in a list, in three groups
 *
 * One GtkListView for the whole report, so that a file of many thousands
 * of lines scrolls as one list: the group headings ("2 errors", "1
 * warning", "5 notices") are items of the list too, drawn as headings.
 * Which positions are headings is kept with the view's model.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "jg-accessible.h"
#include "jg-import-report.h"
#include "jg-transfer.h"

#define HEADINGS_KEY "jg-import-report-headings"

typedef enum {
  GROUP_ERRORS,
  GROUP_WARNINGS,
  GROUP_NOTICES,
  N_GROUPS
} Group;

static Group
group_of (const JgImportProblem *problem)
{
  if (jg_import_problem_is_error (problem))
    return GROUP_ERRORS;
  return problem->kind == JG_IMPORT_PROBLEM_WARNING ? GROUP_WARNINGS : GROUP_NOTICES;
}

static char *
heading (Group group,
         guint count)
{
  switch (group)
    {
    case GROUP_ERRORS:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%u error: the row is not imported",
                                           "%u errors: their rows are not imported", count), count);
    case GROUP_WARNINGS:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%u warning: the row is imported, worth a look",
                                           "%u warnings: their rows are imported, worth a look",
                                           count), count);
    case GROUP_NOTICES:
    default:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%u notice: a value read another way, or a duplicate",
                                           "%u notices: values read another way, and duplicates",
                                           count), count);
    }
}

static void
setup_cb (GtkSignalListItemFactory *factory,
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
  jg_accessible_label_list_item (label);
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *list_item,
         GtkListView              *view)
{
  GtkStringObject *line = gtk_list_item_get_item (list_item);
  GtkWidget *label = gtk_list_item_get_child (list_item);
  GtkBitset *headings = g_object_get_data (G_OBJECT (view), HEADINGS_KEY);
  gboolean is_heading = headings != NULL
                        && gtk_bitset_contains (headings, gtk_list_item_get_position (list_item));

  gtk_label_set_label (GTK_LABEL (label), gtk_string_object_get_string (line));
  if (is_heading)
    gtk_widget_add_css_class (label, "heading");
  else
    gtk_widget_remove_css_class (label, "heading");
  gtk_widget_set_margin_top (label, is_heading ? 12 : 6);
}

void
jg_import_report_setup (GtkListView *view)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), view);
  gtk_list_view_set_factory (view, factory);
}

void
jg_import_report_show (GtkListView *view,
                       GPtrArray   *problems)
{
  g_autoptr(GtkStringList) lines = gtk_string_list_new (NULL);
  g_autoptr(GtkNoSelection) selection = NULL;
  GtkBitset *headings = gtk_bitset_new_empty ();
  guint counts[N_GROUPS] = { 0 };

  for (guint i = 0; i < problems->len; i++)
    counts[group_of (g_ptr_array_index (problems, i))]++;

  for (Group group = 0; group < N_GROUPS; group++)
    {
      g_autofree char *title = NULL;

      if (counts[group] == 0)
        continue;
      title = heading (group, counts[group]);
      gtk_bitset_add (headings, g_list_model_get_n_items (G_LIST_MODEL (lines)));
      gtk_string_list_append (lines, title);
      for (guint i = 0; i < problems->len; i++)
        {
          const JgImportProblem *problem = g_ptr_array_index (problems, i);
          g_autofree char *line = NULL;

          if (group_of (problem) != group)
            continue;
          line = jg_import_problem_describe (problem);
          gtk_string_list_append (lines, line);
        }
    }

  /* The headings before the model: the view binds its rows at once. */
  g_object_set_data_full (G_OBJECT (view), HEADINGS_KEY, headings, (GDestroyNotify) gtk_bitset_unref);
  selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (lines)));
  gtk_list_view_set_model (view, GTK_SELECTION_MODEL (selection));
}
