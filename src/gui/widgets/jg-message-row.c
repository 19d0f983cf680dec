/* jg-message-row.c — the row under a form field that says what is wrong
 * with it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "jg-message-row.h"

struct _JgMessageRow
{
  AdwPreferencesRow parent_instance;
};

G_DEFINE_FINAL_TYPE (JgMessageRow, jg_message_row, ADW_TYPE_PREFERENCES_ROW)

static gboolean
jg_message_row_focus (GtkWidget        *widget,
                      GtkDirectionType  direction)
{
  gboolean forward = direction == GTK_DIR_TAB_FORWARD || direction == GTK_DIR_DOWN;
  gboolean backward = direction == GTK_DIR_TAB_BACKWARD || direction == GTK_DIR_UP;
  GtkWidget *child = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (widget));

  /* A button beside the message (the post form's "Mask") comes first. */
  if (child != NULL && gtk_widget_child_focus (child, direction))
    return TRUE;
  if (!forward && !backward)
    return FALSE;
  for (GtkWidget *next = forward ? gtk_widget_get_next_sibling (widget)
                                 : gtk_widget_get_prev_sibling (widget);
       next != NULL;
       next = forward ? gtk_widget_get_next_sibling (next) : gtk_widget_get_prev_sibling (next))
    {
      if (GTK_IS_LIST_BOX_ROW (next) && gtk_widget_child_focus (next, direction))
        return TRUE;
    }
  return FALSE;
}

static void
jg_message_row_class_init (JgMessageRowClass *klass)
{
  GTK_WIDGET_CLASS (klass)->focus = jg_message_row_focus;
}

static void
jg_message_row_init (JgMessageRow *self)
{
}

GtkWidget *
jg_message_row_new (GtkWidget *child)
{
  GtkWidget *row = g_object_new (JG_TYPE_MESSAGE_ROW, NULL);

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_focusable (row, FALSE);
  gtk_widget_add_css_class (row, "field-message");
  gtk_widget_set_visible (row, FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), child);
  return row;
}

GtkWidget *
jg_message_label_new (const char *css_class)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  gtk_widget_set_visible (label, FALSE);
  return label;
}

char *
jg_message_summary_join (char       *counted,
                         const char *general)
{
  char *joined;

  if (general == NULL || *general == '\0')
    return counted;
  joined = g_strconcat (counted != NULL ? counted : "", counted != NULL ? "\n" : "", general, NULL);
  g_free (counted);
  return joined;
}
