/* jg-text-issue.c — issues of the post text rules
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdarg.h>

#include "jg-text-issue.h"

/* @template with @args in place, untranslated: what a message falls back
 * on when its translation does not fit its arguments. Our templates take
 * only %s and %u, each one text argument in order. */
static char *
render_untranslated (const char         *template,
                     const char * const *args)
{
  GString *out = g_string_new (NULL);
  guint next = 0;

  for (const char *p = template; *p; p++)
    {
      if (p[0] == '%' && (p[1] == 's' || p[1] == 'u') && args[next] != NULL)
        {
          g_string_append (out, args[next++]);
          p++;
        }
      else if (p[0] == '%' && p[1] == '%')
        {
          g_string_append_c (out, '%');
          p++;
        }
      else
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

void
jg_text_issue_add (GPtrArray       *issues,
                   const char      *field,
                   JgIssueSeverity  severity,
                   guint32          msgid_args,
                   const char      *msgid,
                   ...)
{
  JgIssue *issue = g_new0 (JgIssue, 1);
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  const char *arg;
  va_list ap;

  va_start (ap, msgid);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, g_strdup (arg));
  va_end (ap);
  g_ptr_array_add (args, NULL);

  issue->field = g_strdup (field);
  issue->severity = severity;
  issue->msgid = g_strdup (msgid);
  issue->msgid_args = msgid_args;
  issue->args = (char **) g_ptr_array_steal (args, NULL);
  issue->message = jg_issue_render (issue->msgid, (const char * const *) issue->args,
                                    issue->msgid_args);
  if (issue->message == NULL)   /* a translation that does not fit: the msgid */
    issue->message = render_untranslated (msgid, (const char * const *) issue->args);
  g_ptr_array_add (issues, issue);
}
