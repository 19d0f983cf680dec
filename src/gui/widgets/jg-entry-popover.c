/* jg-entry-popover.c — a popover at the end of an entry row, usable from
 * the keyboard
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "jg-accessible.h"
#include "jg-entry-popover.h"

/* "YYYY-MM-DD HH:MM": the time starts after the date and a space. */
#define DATETIME_LEN 16
#define TIME_OFFSET 11
#define DEFAULT_TIME "09:00"

/* The entry's text, not the row: Tab from the row would enter it. Adding
 * a suffix may rebuild the row's insides, so it is looked up each time. */
static GtkWidget *
row_input (GtkWidget *row)
{
  GtkWidget *input = GTK_WIDGET (gtk_editable_get_delegate (GTK_EDITABLE (row)));

  return input != NULL ? input : row;
}

/* A popover closed from the keyboard leaves the window's focus on a widget
 * inside it, hidden now, once GTK has settled it after "closed": on the
 * next frame the focus goes back to the field. Closed by a click
 * elsewhere, the focus is where the click was. */
static gboolean
refocus_field_cb (GtkWidget     *row,
                  GdkFrameClock *clock,
                  gpointer       user_data)
{
  GtkWidget *popover = user_data;
  GtkRoot *root = gtk_widget_get_root (row);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  if (focus == NULL || !gtk_widget_get_mapped (focus) || gtk_widget_is_ancestor (focus, popover))
    gtk_widget_grab_focus (row_input (row));
  return G_SOURCE_REMOVE;
}

static void
popover_closed_cb (GtkPopover *popover,
                   GtkWidget  *row)
{
  gtk_widget_add_tick_callback (row, refocus_field_cb, popover, NULL);
}

/* Before the popover's children: a search entry would keep Escape. */
static gboolean
popover_key_pressed_cb (GtkEventControllerKey *controller,
                        guint                  keyval,
                        guint                  keycode,
                        GdkModifierType        state,
                        GtkPopover            *popover)
{
  if (keyval != GDK_KEY_Escape)
    return GDK_EVENT_PROPAGATE;
  gtk_popover_popdown (popover);
  return GDK_EVENT_STOP;
}

static gboolean
open_popover_cb (GtkWidget *row,
                 GVariant  *args,
                 gpointer   user_data)
{
  gtk_popover_popup (GTK_POPOVER (user_data));
  return TRUE;
}

GtkWidget *
jg_entry_row_add_popover (AdwEntryRow *row,
                          const char  *icon,
                          const char  *tooltip,
                          const char  *accessible,
                          GtkWidget   *popover)
{
  GtkWidget *button = gtk_menu_button_new ();
  GtkEventController *key;
  GtkEventController *shortcuts;

  g_return_val_if_fail (ADW_IS_ENTRY_ROW (row), NULL);
  g_return_val_if_fail (GTK_IS_POPOVER (popover), NULL);

  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), icon);
  gtk_widget_set_tooltip_text (button, tooltip);
  jg_accessible_fix_tooltip (button);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), popover);
  adw_entry_row_add_suffix (row, button);

  key = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (key, GTK_PHASE_CAPTURE);
  g_signal_connect (key, "key-pressed", G_CALLBACK (popover_key_pressed_cb), popover);
  gtk_widget_add_controller (popover, key);
  g_signal_connect (popover, "closed", G_CALLBACK (popover_closed_cb), row);

  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Down, GDK_ALT_MASK),
                                                          gtk_callback_action_new (open_popover_cb, popover, NULL)));
  gtk_widget_add_controller (GTK_WIDGET (row), shortcuts);
  return button;
}

/* The date picker ------------------------------------------------------------ */

typedef struct
{
  GtkWidget *row;
  GtkWidget *popover;
  GtkWidget *calendar;
  gboolean   with_time;
} DatePicker;

static void
calendar_day_selected_cb (GtkCalendar *calendar,
                          DatePicker  *picker)
{
  g_autoptr(GDateTime) date = gtk_calendar_get_date (calendar);
  g_autofree char *day = g_date_time_format (date, "%Y-%m-%d");
  const char *old = gtk_editable_get_text (GTK_EDITABLE (picker->row));
  g_autofree char *value = NULL;

  if (picker->with_time)
    value = g_strdup_printf ("%s %s", day,
                             old != NULL && strlen (old) == DATETIME_LEN ? old + TIME_OFFSET
                                                                         : DEFAULT_TIME);
  else
    value = g_strdup (day);

  gtk_editable_set_text (GTK_EDITABLE (picker->row), value);
  gtk_popover_popdown (GTK_POPOVER (picker->popover));
}

static void
calendar_shown_cb (GtkPopover *popover,
                   DatePicker *picker)
{
  const char *value = gtk_editable_get_text (GTK_EDITABLE (picker->row));
  int y, m, d;

  if (value != NULL && sscanf (value, "%4d-%2d-%2d", &y, &m, &d) == 3 &&
      g_date_valid_dmy (d, m, y))
    {
      g_autoptr(GDateTime) date = g_date_time_new_local (y, m, d, 0, 0, 0);

      g_signal_handlers_block_by_func (picker->calendar, calendar_day_selected_cb, picker);
      gtk_calendar_select_day (GTK_CALENDAR (picker->calendar), date);
      g_signal_handlers_unblock_by_func (picker->calendar, calendar_day_selected_cb, picker);
    }
  gtk_widget_grab_focus (picker->calendar);
}

GtkWidget *
jg_entry_row_add_date_picker (AdwEntryRow *row,
                              gboolean     with_time,
                              const char  *accessible)
{
  DatePicker *picker = g_new0 (DatePicker, 1);

  g_return_val_if_fail (ADW_IS_ENTRY_ROW (row), NULL);

  picker->row = GTK_WIDGET (row);
  picker->with_time = with_time;
  picker->calendar = gtk_calendar_new ();
  picker->popover = gtk_popover_new ();
  gtk_popover_set_child (GTK_POPOVER (picker->popover), picker->calendar);
  /* The picker lives as long as its popover. */
  g_object_set_data_full (G_OBJECT (picker->popover), "jg-date-picker", picker, g_free);
  g_signal_connect (picker->calendar, "day-selected", G_CALLBACK (calendar_day_selected_cb), picker);
  g_signal_connect (picker->popover, "show", G_CALLBACK (calendar_shown_cb), picker);
  jg_entry_row_add_popover (row, "x-office-calendar-symbolic", _("Choose a date"),
                            accessible, picker->popover);
  return picker->popover;
}
