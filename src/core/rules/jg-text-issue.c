/* jg-text-issue.c — issues of the post text rules
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdarg.h>

#include "jg-text-issue.h"

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
  if (issue->message == NULL)   /* a translation that does not fit: say it in English */
    issue->message = g_strdup (msgid);
  g_ptr_array_add (issues, issue);
}
