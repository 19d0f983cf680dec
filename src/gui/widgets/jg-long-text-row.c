/* jg-long-text-row.c — a form row for several lines of text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "jg-long-text-row.h"

#define LONG_TEXT_MARGIN 6
#define LONG_TEXT_MIN_HEIGHT 72
#define ROW_MARGIN_VERTICAL 8
#define ROW_MARGIN_HORIZONTAL 12

GtkWidget *
jg_long_text_row_new (GtkTextView **view,
                      GtkWidget    *extra)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *label = gtk_label_new (NULL);
  GtkWidget *frame = gtk_frame_new (NULL);
  GtkWidget *row;
  GtkTextView *text;

  g_return_val_if_fail (view != NULL, NULL);

  /* An AdwPreferencesRow has no title of its own on screen: the label is. */
  row = GTK_WIDGET (g_object_new (ADW_TYPE_PREFERENCES_ROW,
                                  "activatable", FALSE, "focusable", FALSE, NULL));
  g_object_bind_property (row, "title", label, "label", G_BINDING_SYNC_CREATE);
  gtk_widget_set_margin_top (box, ROW_MARGIN_VERTICAL);
  gtk_widget_set_margin_bottom (box, ROW_MARGIN_VERTICAL);
  gtk_widget_set_margin_start (box, ROW_MARGIN_HORIZONTAL);
  gtk_widget_set_margin_end (box, ROW_MARGIN_HORIZONTAL);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_add_css_class (label, "caption");
  gtk_box_append (GTK_BOX (box), label);

  text = GTK_TEXT_VIEW (gtk_text_view_new ());
  gtk_text_view_set_wrap_mode (text, GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_accepts_tab (text, FALSE);
  gtk_text_view_set_top_margin (text, LONG_TEXT_MARGIN);
  gtk_text_view_set_bottom_margin (text, LONG_TEXT_MARGIN);
  gtk_text_view_set_left_margin (text, LONG_TEXT_MARGIN);
  gtk_text_view_set_right_margin (text, LONG_TEXT_MARGIN);
  gtk_widget_set_size_request (GTK_WIDGET (text), -1, LONG_TEXT_MIN_HEIGHT);
  gtk_frame_set_child (GTK_FRAME (frame), GTK_WIDGET (text));
  gtk_box_append (GTK_BOX (box), frame);
  if (extra != NULL)
    gtk_box_append (GTK_BOX (box), extra);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  *view = text;
  return row;
}
