/* jg-server-log.c — every line the reference server writes to its log
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "jg-server-log.h"

#include <string.h>

#define ASCII_DEL 0x7f

char *
jg_server_log_escape (const char *text)
{
  GString *out = g_string_sized_new (strlen (text) + 16);
  const char *p = text;

  while (*p != '\0')
    {
      guchar c = (guchar) *p;

      if (c >= 0x80)
        {
          /* A whole UTF-8 character is printable text; a stray byte is
           * shown, not copied (a terminal might take it for a control). */
          gunichar ch = g_utf8_get_char_validated (p, -1);

          if (ch != (gunichar) -1 && ch != (gunichar) -2 && !g_unichar_iscntrl (ch) &&
              ch != 0x2028 && ch != 0x2029)
            {
              const char *next = g_utf8_next_char (p);

              g_string_append_len (out, p, next - p);
              p = next;
              continue;
            }
          g_string_append_printf (out, "\\x%02x", c);
        }
      else if (c == '\\')
        g_string_append (out, "\\\\");
      else if (c == '\n')
        g_string_append (out, "\\n");
      else if (c == '\r')
        g_string_append (out, "\\r");
      else if (c == '\t')
        g_string_append (out, "\\t");
      else if (c < 0x20 || c == ASCII_DEL)
        g_string_append_printf (out, "\\x%02x", c);
      else
        g_string_append_c (out, (char) c);
      p++;
    }
  return g_string_free (out, FALSE);
}

void
jg_server_log (const char *format,
               ...)
{
  g_autofree char *line = NULL;
  g_autofree char *escaped = NULL;
  va_list args;

  va_start (args, format);
  line = g_strdup_vprintf (format, args);
  va_end (args);
  escaped = jg_server_log_escape (line);
  g_printerr ("%s\n", escaped);
}
