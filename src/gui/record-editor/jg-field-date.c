/* jg-field-date.c — record editor rows for a date or a date and time
 *
 * The entry row stays the input (dates are typed as often as picked); a
 * calendar in a popover only helps.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "jg-record-editor-private.h"

/* "YYYY-MM-DD HH:MM": the time starts after the date and a space. */
#define DATETIME_LEN 16
#define TIME_OFFSET 11
#define DEFAULT_TIME "09:00"

static void
calendar_day_selected_cb (GtkCalendar *calendar,
                          JgFieldRow  *f)
{
  g_autoptr(GDateTime) date = gtk_calendar_get_date (calendar);
  g_autofree char *day = g_date_time_format (date, "%Y-%m-%d");
  const char *old = jg_record_get (f->editor->record, f->spec->key);
  g_autofree char *value = NULL;

  if (f->spec->type == JG_FIELD_DATETIME)
    value = g_strdup_printf ("%s %s", day,
                             old != NULL && strlen (old) == DATETIME_LEN ? old + TIME_OFFSET
                                                                         : DEFAULT_TIME);
  else
    value = g_strdup (day);

  gtk_editable_set_text (GTK_EDITABLE (f->row), value);
  gtk_popover_popdown (GTK_POPOVER (f->popover));
}

static void
calendar_shown_cb (GtkPopover *popover,
                   JgFieldRow *f)
{
  const char *value = jg_record_get (f->editor->record, f->spec->key);
  int y, m, d;

  if (value != NULL && sscanf (value, "%4d-%2d-%2d", &y, &m, &d) == 3 &&
      g_date_valid_dmy (d, m, y))
    {
      g_autoptr(GDateTime) date = g_date_time_new_local (y, m, d, 0, 0, 0);

      g_signal_handlers_block_by_func (f->calendar, calendar_day_selected_cb, f);
      gtk_calendar_select_day (GTK_CALENDAR (f->calendar), date);
      g_signal_handlers_unblock_by_func (f->calendar, calendar_day_selected_cb, f);
    }
  gtk_widget_grab_focus (f->calendar);
}

static void
date_build (JgFieldRow *f)
{
  g_autofree char *accessible = g_strdup_printf (_("Choose a date: %s"), f->spec->header);

  jg_field_text_kind.build (f);
  f->calendar = gtk_calendar_new ();
  f->popover = gtk_popover_new ();
  gtk_popover_set_child (GTK_POPOVER (f->popover), f->calendar);
  g_signal_connect (f->calendar, "day-selected", G_CALLBACK (calendar_day_selected_cb), f);
  g_signal_connect (f->popover, "show", G_CALLBACK (calendar_shown_cb), f);
  jg_field_row_add_popover_button (f, "x-office-calendar-symbolic", _("Choose a date"),
                                   accessible, f->popover);
  /* Adding a suffix may rebuild the row's insides. */
  f->input = GTK_WIDGET (gtk_editable_get_delegate (GTK_EDITABLE (f->row)));
  if (f->input == NULL)
    f->input = f->row;
}

const JgFieldKind jg_field_date_kind = { date_build, NULL, NULL };
