/* jg-field-date.c — record editor rows for a date or a date and time
 *
 * The entry row stays the input (dates are typed as often as picked); a
 * calendar in a popover (jg-entry-popover.c) only helps.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "jg-entry-popover.h"
#include "jg-record-editor-private.h"

static void
date_build (JgFieldRow *f)
{
  g_autofree char *accessible = g_strdup_printf (_("Choose a date: %s"), f->spec->header);

  jg_field_text_kind.build (f);
  f->popover = jg_entry_row_add_date_picker (ADW_ENTRY_ROW (f->row),
                                             f->spec->type == JG_FIELD_DATETIME, accessible);
  /* Adding a suffix may rebuild the row's insides. */
  f->input = GTK_WIDGET (gtk_editable_get_delegate (GTK_EDITABLE (f->row)));
  if (f->input == NULL)
    f->input = f->row;
}

const JgFieldKind jg_field_date_kind = { date_build, NULL, NULL };
