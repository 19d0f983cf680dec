/* jg-transfer-cells.c — one cell of a legacy file, as written and as read
 *
 * See jg-transfer-cells.h. The CSV writer (jg-csv.c) adds the guard; the
 * import takes it off through jg_transfer_cell_read(), once per cell, in
 * place, so a 100,000-row import allocates nothing more for it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "jg-transfer-cells.h"

/* The apostrophe that makes a spreadsheet show a cell as text. */
#define GUARD_CHAR '\''
/* "2026-11-15 00:00": a date with a time of day at midnight. */
#define DATE_LENGTH     10
#define DATETIME_LENGTH 16

/* The first characters that make Excel, WPS or LibreOffice read a cell as
 * a formula (OWASP), and the guard itself, so that it can be undone. */
static gboolean
is_guarded_start (char c)
{
  return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r'
         || c == GUARD_CHAR;
}

gboolean
jg_transfer_cell_needs_guard (const char *value)
{
  return value != NULL && is_guarded_start (value[0]);
}

/* "YYYY-MM-DD 00:00", digits where digits go. The date itself is the
 * validator's to judge. */
static gboolean
is_midnight (const char *s)
{
  static const char pattern[] = "dddd-dd-dd 00:00";

  if (strlen (s) != DATETIME_LENGTH)
    return FALSE;
  for (guint i = 0; i < DATETIME_LENGTH; i++)
    if (pattern[i] == 'd' ? !g_ascii_isdigit (s[i]) : s[i] != pattern[i])
      return FALSE;
  return TRUE;
}

char *
jg_transfer_cell_read (char              *cell,
                       gboolean           from_xlsx,
                       const JgFieldSpec *spec)
{
  if (!from_xlsx)
    {
      if (cell[0] == GUARD_CHAR && is_guarded_start (cell[1]))
        memmove (cell, cell + 1, strlen (cell));
      return cell;
    }

  /* A whole column formatted as a date and time (Excel and WPS give a cell
   * typed "2026/11/15 14:30" the format "yyyy/m/d h:mm") holds plain dates
   * at midnight: a date-only field takes the day. Any other time stays, for
   * the validator to show: dropping it would change what the file says. */
  if (spec != NULL && spec->type == JG_FIELD_DATE && is_midnight (cell))
    cell[DATE_LENGTH] = '\0';
  return cell;
}
