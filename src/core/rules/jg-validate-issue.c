/* jg-validate-issue.c — an issue: its sentence, and what it was made of
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdarg.h>

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "jg-json.h"
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

JgIssue *
jg_issue_new (const char         *field,
              JgIssueSeverity     severity,
              const char         *msgid,
              const char * const *args,
              guint32             msgid_args)
{
  JgIssue *issue = g_new0 (JgIssue, 1);
  const char * const no_args[] = { NULL };

  g_return_val_if_fail (msgid != NULL, NULL);

  issue->field = g_strdup (field);
  issue->severity = severity;
  issue->msgid = g_strdup (msgid);
  issue->args = g_strdupv ((char **) (args ? args : no_args));
  issue->msgid_args = msgid_args;
  issue->message = jg_issue_render (issue->msgid, (const char * const *) issue->args,
                                    issue->msgid_args);
  if (issue->message == NULL)   /* a translation that does not fit: the msgid */
    issue->message = render (issue->msgid, (const char * const *) issue->args, 0, FALSE);
  if (issue->message == NULL)   /* our own template that does not fit its arguments */
    issue->message = g_strdup (msgid);
  return issue;
}

void
jg_issues_add (GPtrArray       *issues,
               const char      *field,
               JgIssueSeverity  severity,
               guint32          msgid_args,
               const char      *msgid,
               ...)
{
  g_autoptr(GStrvBuilder) args = g_strv_builder_new ();
  g_auto(GStrv) strv = NULL;
  const char *arg;
  va_list ap;

  va_start (ap, msgid);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_strv_builder_add (args, arg);
  va_end (ap);
  strv = g_strv_builder_end (args);
  g_ptr_array_add (issues, jg_issue_new (field, severity, msgid, (const char * const *) strv, msgid_args));
}

/* The JSON of issues: the "reasons" of record rejections (PROTOCOL.md,
 * jg-server-records-state.c) with a severity, so that a post's checks
 * travel to the reviewer and are said in the reviewer's language. */
void
jg_issue_append_json (GString       *out,
                      const JgIssue *issue)
{
  g_string_append (out, "{\"field\":");
  jg_json_append_string_or_null (out, issue->field);
  g_string_append (out, issue->severity == JG_ISSUE_WARNING
                        ? ",\"severity\":\"warning\",\"message\":"
                        : ",\"severity\":\"error\",\"message\":");
  jg_json_append_string (out, issue->message ? issue->message : "");
  jg_issue_append_template_json (out, issue->msgid, (const char * const *) issue->args, issue->msgid_args);
  g_string_append_c (out, '}');
}

void
jg_issue_append_template_json (GString            *out,
                               const char         *msgid,
                               const char * const *args,
                               guint32             msgid_args)
{
  if (msgid == NULL)
    return;
  g_string_append (out, ",\"template\":");
  jg_json_append_string (out, msgid);
  g_string_append (out, ",\"args\":[");
  for (guint a = 0; args != NULL && args[a] != NULL; a++)
    {
      gboolean is_msgid = a < 32 && (msgid_args & (1u << a));

      if (a > 0)
        g_string_append_c (out, ',');
      if (is_msgid)
        g_string_append (out, "{\"msgid\":");
      jg_json_append_string (out, args[a]);
      if (is_msgid)
        g_string_append_c (out, '}');
    }
  g_string_append_c (out, ']');
}

void
jg_issues_append_json (GString   *out,
                       GPtrArray *issues)
{
  g_string_append_c (out, '[');
  for (guint i = 0; issues != NULL && i < issues->len; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      jg_issue_append_json (out, issues->pdata[i]);
    }
  g_string_append_c (out, ']');
}

static JgIssue *
invalid_issue (GError    **error,
               const char *what)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               _("A check sent with the post is malformed (%s)."), what);
  return NULL;
}

static const char *
json_string (JsonNode *node)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

JgIssue *
jg_issue_new_from_json (JsonNode  *node,
                        GError   **error)
{
  g_autoptr(GPtrArray) args = NULL;
  JsonObject *object;
  JsonNode *member;
  const char *field, *message, *severity, *template;
  guint32 msgid_args = 0;
  JgIssue *issue;

  g_return_val_if_fail (node != NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid_issue (error, _("not an object"));
  object = json_node_get_object (node);

  member = json_object_get_member (object, "field");
  field = json_string (member);
  if (member != NULL && field == NULL && !JSON_NODE_HOLDS_NULL (member))
    return invalid_issue (error, "field");

  member = json_object_get_member (object, "severity");
  severity = json_string (member);
  if (member != NULL && (severity == NULL || (strcmp (severity, "error") != 0
                                              && strcmp (severity, "warning") != 0)))
    return invalid_issue (error, "severity");

  message = json_string (json_object_get_member (object, "message"));
  if (message == NULL)
    return invalid_issue (error, "message");

  member = json_object_get_member (object, "template");
  template = json_string (member);
  if (member != NULL && template == NULL)
    return invalid_issue (error, "template");
  if (template != NULL)
    {
      JsonArray *array;

      member = json_object_get_member (object, "args");
      if (member == NULL || !JSON_NODE_HOLDS_ARRAY (member))
        return invalid_issue (error, "args");
      array = json_node_get_array (member);
      args = g_ptr_array_new_with_free_func (g_free);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);
          const char *text = json_string (element);

          if (text == NULL && JSON_NODE_HOLDS_OBJECT (element) && i < 32)
            {
              text = json_string (json_object_get_member (json_node_get_object (element), "msgid"));
              if (text != NULL)
                msgid_args |= 1u << i;
            }
          if (text == NULL)
            return invalid_issue (error, "args");
          g_ptr_array_add (args, g_strdup (text));
        }
      g_ptr_array_add (args, NULL);
    }

  issue = g_new0 (JgIssue, 1);
  issue->field = g_strdup (field);
  issue->severity = severity != NULL && strcmp (severity, "warning") == 0
                    ? JG_ISSUE_WARNING : JG_ISSUE_ERROR;
  if (template != NULL)
    {
      issue->msgid = g_strdup (template);
      issue->args = (char **) g_ptr_array_free (g_steal_pointer (&args), FALSE);
      issue->msgid_args = msgid_args;
      /* Said in this program's language when its catalogue has the
       * template; else as the sender said it. */
      issue->message = jg_issue_render (issue->msgid, (const char * const *) issue->args,
                                        issue->msgid_args);
    }
  if (issue->message == NULL)
    issue->message = g_strdup (message);
  return issue;
}

GPtrArray *
jg_issues_new_from_json (JsonNode  *node,
                         GError   **error)
{
  g_autoptr(GPtrArray) issues = NULL;
  JsonArray *array;

  g_return_val_if_fail (node != NULL, NULL);

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      invalid_issue (error, _("not a list"));
      return NULL;
    }
  array = json_node_get_array (node);
  issues = g_ptr_array_new_with_free_func ((GDestroyNotify) jg_issue_free);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JgIssue *issue = jg_issue_new_from_json (json_array_get_element (array, i), error);

      if (issue == NULL)
        return NULL;
      g_ptr_array_add (issues, issue);
    }
  return g_steal_pointer (&issues);
}
