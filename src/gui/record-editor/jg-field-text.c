/* jg-field-text.c — record editor rows for text: one line, several lines,
 * and yes/no
 *
 * One-line rows also serve amounts, party codes and record numbers: the
 * validator, not the row, says what their text must look like.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "jg-long-text-row.h"
#include "jg-record-editor-private.h"

/* One line -------------------------------------------------------------------- */

static void
editable_changed_cb (GtkEditable *editable,
                     JgFieldRow  *f)
{
  jg_field_row_set_value (f, gtk_editable_get_text (editable));
}

static void
text_build (JgFieldRow *f)
{
  f->row = adw_entry_row_new ();
  f->input = GTK_WIDGET (gtk_editable_get_delegate (GTK_EDITABLE (f->row)));
  if (f->input == NULL)
    f->input = f->row;
  g_signal_connect (f->row, "changed", G_CALLBACK (editable_changed_cb), f);
  if (f->spec->type == JG_FIELD_AMOUNT)
    adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (f->row), GTK_INPUT_PURPOSE_NUMBER);
}

const JgFieldKind jg_field_text_kind = { text_build, NULL, NULL };

/* Several lines ------------------------------------------------------------- */

static void
text_buffer_changed_cb (GtkTextBuffer *buffer,
                        JgFieldRow    *f)
{
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  jg_field_row_set_value (f, text);
}

static void
long_text_build (JgFieldRow *f)
{
  GtkTextView *view;

  f->row = jg_long_text_row_new (&view, NULL);
  f->input = GTK_WIDGET (view);
  g_signal_connect (gtk_text_view_get_buffer (view), "changed",
                    G_CALLBACK (text_buffer_changed_cb), f);
}

static void
long_text_refresh (JgFieldRow *f,
                   const char *value)
{
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (f->input)),
                            value != NULL ? value : "", -1);
}

const JgFieldKind jg_field_long_text_kind = { long_text_build, long_text_refresh, NULL };

/* Yes/no -------------------------------------------------------------------- */

static void
switch_active_cb (GtkSwitch  *sw,
                  GParamSpec *pspec,
                  JgFieldRow *f)
{
  jg_field_row_set_value (f, gtk_switch_get_active (sw) ? "1" : "0");
}

static void
switch_build (JgFieldRow *f)
{
  JgRecordEditor *self = f->editor;

  f->row = adw_action_row_new ();
  f->input = gtk_switch_new ();
  gtk_widget_set_valign (f->input, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (f->row), f->input);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (f->row), f->input);
  g_signal_connect (f->input, "notify::active", G_CALLBACK (switch_active_cb), f);

  /* A required yes/no starts as "no" rather than as a blank to fix. */
  if (jg_record_get (self->record, f->spec->key) == NULL &&
      jg_record_get_state (self->record) == JG_RECORD_STATE_DRAFT)
    {
      jg_record_set (self->record, f->spec->key, "0");
      self->dirty = TRUE;
    }
}

static void
switch_refresh (JgFieldRow *f,
                const char *value)
{
  gtk_switch_set_active (GTK_SWITCH (f->input), g_strcmp0 (value, "1") == 0);
}

const JgFieldKind jg_field_switch_kind = { switch_build, switch_refresh, NULL };
