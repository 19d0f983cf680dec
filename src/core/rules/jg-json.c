/* jg-json.c — writing JSON text by hand
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "jg-json.h"

void
jg_json_append_string (GString    *out,
                       const char *str)
{
  static const char hex[] = "0123456789abcdef";
  const char *run = str;
  const char *p;

  g_string_append_c (out, '"');
  /* Copies runs of plain bytes at once: only control characters, quotes and
   * backslashes need an escape (RFC 8259, section 7). */
  for (p = str; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;
      const char *esc = NULL;

      if (c >= 0x20 && c != '"' && c != '\\')
        continue;

      g_string_append_len (out, run, p - run);
      run = p + 1;
      switch (c)
        {
        case '"': esc = "\\\""; break;
        case '\\': esc = "\\\\"; break;
        case '\b': esc = "\\b"; break;
        case '\f': esc = "\\f"; break;
        case '\n': esc = "\\n"; break;
        case '\r': esc = "\\r"; break;
        case '\t': esc = "\\t"; break;
        default:
          break;
        }
      if (esc != NULL)
        g_string_append (out, esc);
      else
        {
          char u[7] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 0xf], 0 };
          g_string_append (out, u);
        }
    }
  g_string_append_len (out, run, p - run);
  g_string_append_c (out, '"');
}

void
jg_json_append_string_or_null (GString    *out,
                               const char *str)
{
  if (str != NULL)
    jg_json_append_string (out, str);
  else
    g_string_append (out, "null");
}
