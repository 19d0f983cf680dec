/* jg-validate-issue.c — an issue: its sentence, and what it was made of
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "jg-validate-private.h"

/* One conversion of a printf template as jg_issue_render and add() know
 * them: returns the character after it, or NULL for one they do not know.
 * Hand-written because GLib has no printf parser; the templates are this
 * program's own msgids and their translations (msgfmt --check-format keeps
 * those to the msgid's conversions). */
typedef struct {
  int  position;     /* 1-based for %N$…, else 0 */
  int  precision;    /* -1 when none */
  char length;       /* 'l' or 0 */
  char conversion;   /* s, c, d, u or % */
} Conversion;

static const char *
parse_conversion (const char *p,
                  Conversion *c)
{
  c->position = 0;
  c->precision = -1;
  c->length = 0;
  if (*p == '%')
    {
      c->conversion = '%';
      return p + 1;
    }
  if (g_ascii_isdigit (*p))
    {
      const char *q = p;
      int n = 0;
      while (g_ascii_isdigit (*q) && n < 100)
        n = n * 10 + (*q++ - '0');
      if (*q != '$' || n == 0)
        return NULL;
      c->position = n;
      p = q + 1;
    }
  if (*p == '.')
    {
      c->precision = 0;
      for (p++; g_ascii_isdigit (*p) && c->precision < 10000; p++)
        c->precision = c->precision * 10 + (*p - '0');
    }
  if (*p == 'l')
    c->length = *p++;
  if (*p != 's' && *p != 'c' && *p != 'd' && *p != 'u')
    return NULL;
  if (c->length && *p != 'd' && *p != 'u')
    return NULL;
  c->conversion = *p;
  return p + 1;
}

static char *
render (const char         *template,
        const char * const *args,
        guint32             msgid_args,
        gboolean            translate)
{
  g_autoptr(GString) out = g_string_new (NULL);
  const char *p;
  guint n_args = args ? g_strv_length ((char **) args) : 0;
  guint next = 0;

  for (p = template; *p; )
    {
      Conversion c;
      const char *arg;
      guint index;

      if (*p != '%')
        {
          g_string_append_c (out, *p++);
          continue;
        }
      p = parse_conversion (p + 1, &c);
      if (p == NULL)
        return NULL;
      if (c.conversion == '%')
        {
          g_string_append_c (out, '%');
          continue;
        }
      index = c.position > 0 ? (guint) c.position - 1 : next++;
      if (index >= n_args)
        return NULL;
      arg = args[index];
      if (translate && index < 32 && (msgid_args & (1u << index)))
        arg = g_dgettext (GETTEXT_PACKAGE, arg);
      if (c.precision >= 0 && strlen (arg) > (gsize) c.precision)
        {
          /* As printf: at most that many bytes, but never half a character. */
          const char *end = arg + c.precision;
          while (end > arg && (*end & 0xC0) == 0x80)
            end--;
          g_string_append_len (out, arg, end - arg);
        }
      else
        g_string_append (out, arg);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

char *
jg_issue_render (const char         *msgid,
                 const char * const *args,
                 guint32             msgid_args)
{
  g_return_val_if_fail (msgid != NULL, NULL);

  return render (g_dgettext (GETTEXT_PACKAGE, msgid), args, msgid_args, TRUE);
}

/* The msgid of @text when it is the translation of a field's or a record
 * kind's label (the labels are passed translated, as the sentence wants
 * them), else NULL. The comparison is of pointers: gettext returns the
 * same string for the same msgid. */
static const char *
label_msgid (Run        *run,
             const char *text)
{
  for (guint i = 0; i < run->n_fields; i++)
    if (text == label (run, i))
      return run->fields[i].label;
  for (guint k = 0; k < JG_RECORD_N_KINDS; k++)
    if (text == jg_record_kind_get_label (k))
      return jg_record_kind_get_label_msgid (k);
  return NULL;
}

static void
append_issue (Run             *run,
              int              field,
              JgIssueSeverity  severity,
              JgIssue         *issue)
{
  issue->severity = severity;
  issue->field = field >= 0 ? g_strdup (run->fields[field].key) : NULL;
  g_ptr_array_add (run->issues, issue);
  if (run->order == NULL)
    run->order = g_array_new (FALSE, FALSE, sizeof (int));
  g_array_append_val (run->order, field);
}

/* Adds an issue. @msgid is untranslated (N_): the message is its
 * translation with the arguments in place, and the issue keeps the msgid
 * and the arguments as text (see JgIssue). */
void
jg_validate_add (Run             *run,
                 int              field,
                 JgIssueSeverity  severity,
                 const char      *msgid,
                 ...)
{
  JgIssue *issue = g_new0 (JgIssue, 1);
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  va_list ap;

  va_start (ap, msgid);
  for (const char *p = msgid; (p = strchr (p, '%')) != NULL; )
    {
      Conversion c;
      char *text;

      p = parse_conversion (p + 1, &c);
      g_assert (p != NULL && c.position == 0);   /* our own templates */
      switch (c.conversion)
        {
        case '%':
          continue;
        case 's':
          {
            const char *s = va_arg (ap, const char *);
            const char *label_id = s ? label_msgid (run, s) : NULL;

            if (label_id != NULL && args->len < 32)
              issue->msgid_args |= 1u << args->len;
            text = g_strdup (label_id ? label_id : s ? s : "");
          }
          break;
        case 'c':
          text = g_strdup_printf ("%c", va_arg (ap, int));
          break;
        case 'd':
          text = c.length ? g_strdup_printf ("%ld", va_arg (ap, long))
                          : g_strdup_printf ("%d", va_arg (ap, int));
          break;
        default: /* 'u' */
          text = c.length ? g_strdup_printf ("%lu", va_arg (ap, unsigned long))
                          : g_strdup_printf ("%u", va_arg (ap, unsigned int));
          break;
        }
      g_ptr_array_add (args, text);
    }
  va_end (ap);
  g_ptr_array_add (args, NULL);

  issue->msgid = g_strdup (msgid);
  issue->args = (char **) g_ptr_array_steal (args, NULL);
  issue->message = jg_issue_render (issue->msgid, (const char * const *) issue->args,
                                    issue->msgid_args);
  if (issue->message == NULL)   /* a translation that does not fit: the msgid */
    issue->message = render (issue->msgid, (const char * const *) issue->args, 0, FALSE);
  append_issue (run, field, severity, issue);
}

void
jg_validate_add_gerror (Run             *run,
                        int              field,
                        JgIssueSeverity  severity,
                        GError          *error)
{
  JgIssue *issue = g_new0 (JgIssue, 1);

  /* Already a sentence (jg-id-check.c): no template to send along. */
  issue->message = g_strdup (error->message);
  append_issue (run, field, severity, issue);
}
