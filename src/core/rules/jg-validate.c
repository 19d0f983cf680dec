/* jg-validate.c — the rules the provincial centre checks, at entry
 *
 * One pass over the fields of the record's kind: per-field rules (required,
 * length, format, code tables, catalogue, party code, officers, links), then
 * the rules across fields, each attached to the field the user has to fix.
 * Issues come out in field order. Nothing is allocated unless there is an
 * issue to report (lookups in the context aside).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "jg-id-check.h"
#include "jg-record-private.h"
#include "jg-validate.h"

/* The indexes of the fields the cross-field rules need, per kind. */
typedef struct {
  int catalogue, impl, nature, doc_type, party_code, number, link, officers;
  int main_date, report_time, filing_date, decision_date, close_date;
  int start_date, end_date, fine_amount, fine_paid, penalty_kind;
} KindIndexes;

static const KindIndexes *
kind_indexes (JgRecordKind kind)
{
  static KindIndexes table[JG_RECORD_N_KINDS];
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      for (guint k = 0; k < JG_RECORD_N_KINDS; k++)
        {
          KindIndexes *t = &table[k];
          t->catalogue = jg_record_field_index (k, "catalogue_code");
          t->impl = jg_record_field_index (k, "impl_code");
          t->nature = jg_record_field_index (k, "party_nature");
          t->doc_type = jg_record_field_index (k, "party_doc_type");
          t->party_code = jg_record_field_index (k, "party_code");
          t->number = jg_record_field_index (k, jg_record_kind_number_key (k));
          t->link = jg_record_field_index (k, "inspection_number");
          t->officers = jg_record_field_index (k, "officers");
          t->main_date = jg_record_field_index (k, jg_record_kind_date_key (k));
          t->report_time = jg_record_field_index (k, "report_time");
          t->filing_date = jg_record_field_index (k, "filing_date");
          t->decision_date = jg_record_field_index (k, "decision_date");
          t->close_date = jg_record_field_index (k, "close_date");
          t->start_date = jg_record_field_index (k, "start_date");
          t->end_date = jg_record_field_index (k, "end_date");
          t->fine_amount = jg_record_field_index (k, "fine_amount");
          t->fine_paid = jg_record_field_index (k, "fine_paid");
          t->penalty_kind = jg_record_field_index (k, "penalty_kind");
        }
      g_once_init_leave (&initialized, 1);
    }

  return &table[kind];
}

void
jg_issue_free (JgIssue *issue)
{
  if (issue == NULL)
    return;
  g_free (issue->field);
  g_free (issue->message);
  g_free (issue->msgid);
  g_strfreev (issue->args);
  g_free (issue);
}

void
jg_item_info_clear (JgItemInfo *info)
{
  g_clear_pointer (&info->code, g_free);
  g_clear_pointer (&info->action_type, g_free);
  g_clear_pointer (&info->status, g_free);
  g_clear_pointer (&info->effective_date, g_free);
  g_clear_pointer (&info->cancel_date, g_free);
}

void
jg_officer_info_clear (JgOfficerInfo *info)
{
  g_clear_pointer (&info->id, g_free);
  g_clear_pointer (&info->name, g_free);
  g_clear_pointer (&info->department, g_free);
  g_clear_pointer (&info->cert_no, g_free);
  g_clear_pointer (&info->cert_valid_from, g_free);
  g_clear_pointer (&info->cert_valid_to, g_free);
}

void
jg_item_info_copy (JgItemInfo       *dest,
                   const JgItemInfo *src)
{
  dest->code = g_strdup (src->code);
  dest->action_type = g_strdup (src->action_type);
  dest->status = g_strdup (src->status);
  dest->effective_date = g_strdup (src->effective_date);
  dest->cancel_date = g_strdup (src->cancel_date);
}

void
jg_officer_info_copy (JgOfficerInfo       *dest,
                      const JgOfficerInfo *src)
{
  dest->id = g_strdup (src->id);
  dest->name = g_strdup (src->name);
  dest->department = g_strdup (src->department);
  dest->cert_no = g_strdup (src->cert_no);
  dest->cert_valid_from = g_strdup (src->cert_valid_from);
  dest->cert_valid_to = g_strdup (src->cert_valid_to);
}

void
jg_item_info_free (JgItemInfo *info)
{
  if (info == NULL)
    return;
  jg_item_info_clear (info);
  g_free (info);
}

void
jg_officer_info_free (JgOfficerInfo *info)
{
  if (info == NULL)
    return;
  jg_officer_info_clear (info);
  g_free (info);
}

typedef struct {
  JgRecord            *record;
  JgRecordKind         kind;
  JgValidationContext *context;
  const JgFieldSpec   *fields;
  guint                n_fields;
  const KindIndexes   *idx;
  GPtrArray           *issues;
  GArray              *order;     /* field index of each issue, lazily */
  guint                valid[4];  /* bit per field: present and well-formed */
} Run;

/* --- issues -------------------------------------------------------------- */

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

static const char *label (Run *run, int field);

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
G_GNUC_PRINTF (4, 5) static void
add (Run             *run,
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

static void
add_gerror (Run             *run,
            int              field,
            JgIssueSeverity  severity,
            GError          *error)
{
  JgIssue *issue = g_new0 (JgIssue, 1);

  /* Already a sentence (jg-id-check.c): no template to send along. */
  issue->message = g_strdup (error->message);
  append_issue (run, field, severity, issue);
}

static inline const char *
value (Run *run,
       int  field)
{
  return field < 0 ? NULL : jg_record_get_nth (run->record, field);
}

static inline void
mark_valid (Run *run,
            int  field)
{
  run->valid[field / 32] |= 1u << (field % 32);
}

/* The value of @field when it is present and passed its own checks. */
static inline const char *
valid_value (Run *run,
             int  field)
{
  if (field < 0 || !(run->valid[field / 32] & (1u << (field % 32))))
    return NULL;
  return jg_record_get_nth (run->record, field);
}

static const char *
label (Run *run,
       int  field)
{
  return _(run->fields[field].label);
}

/* --- formats -------------------------------------------------------------- */

static gboolean
digits (const char *s,
        guint       n)
{
  for (guint i = 0; i < n; i++)
    if (!g_ascii_isdigit (s[i]))
      return FALSE;
  return TRUE;
}

static guint
number_at (const char *s,
           guint       n)
{
  guint v = 0;
  for (guint i = 0; i < n; i++)
    v = v * 10 + (s[i] - '0');
  return v;
}

static gboolean
is_date (const char *s)
{
  if (strlen (s) < 10 || !digits (s, 4) || s[4] != '-' || !digits (s + 5, 2)
      || s[7] != '-' || !digits (s + 8, 2))
    return FALSE;
  return g_date_valid_dmy (number_at (s + 8, 2), number_at (s + 5, 2), number_at (s, 4))
         && number_at (s, 4) >= 1900;
}

static gboolean
is_exact_date (const char *s)
{
  return strlen (s) == 10 && is_date (s);
}

static gboolean
is_datetime (const char *s)
{
  return strlen (s) == 16 && is_date (s) && s[10] == ' ' && digits (s + 11, 2)
         && s[13] == ':' && digits (s + 14, 2)
         && number_at (s + 11, 2) < 24 && number_at (s + 14, 2) < 60;
}

/* An amount in cents, or -1 when malformed, -2 negative, -3 too many decimals. */
static gint64
parse_amount (const char *s)
{
  gint64 cents = 0;
  guint int_digits = 0, decimals = 0;
  const char *p = s;

  if (*p == '-')
    return strlen (s) > 1 && g_ascii_isdigit (s[1]) ? -2 : -1;
  for (; g_ascii_isdigit (*p); p++, int_digits++)
    {
      if (int_digits >= 13)
        return -1;
      cents = cents * 10 + (*p - '0');
    }
  if (int_digits == 0)
    return -1;
  cents *= 100;
  if (*p == '.')
    {
      gint64 scale = 10;
      p++;
      for (; g_ascii_isdigit (*p); p++, decimals++)
        {
          if (decimals >= 2)
            return -3;
          cents += (*p - '0') * scale;
          scale /= 10;
        }
      if (decimals == 0)
        return -1;
    }
  return *p == '\0' ? cents : -1;
}

/* --- per-field rules ------------------------------------------------------ */

static const char *
action_type_label (const char *action_type)
{
  JgRecordKind kind;

  if (action_type != NULL && action_type[0] >= '0' && action_type[0] <= '3' && action_type[1] == '\0')
    {
      kind = action_type[0] - '0';
      return jg_record_kind_get_label (kind);
    }
  return action_type ? action_type : "?";
}

static gboolean
check_catalogue (Run        *run,
                 int         field,
                 const char *v)
{
  JgItemInfo info = { 0 };
  const char *date;

  if (strlen (v) != 14 || !digits (v, 14))
    {
      add (run, field, JG_ISSUE_ERROR,
           N_("The catalogue item code “%s” is not valid: a catalogue item code has exactly 14 digits. Choose the item from the catalogue."), v);
      return FALSE;
    }
  if (!run->context->lookup_item (run->context->user_data, v, &info))
    {
      add (run, field, JG_ISSUE_ERROR,
           N_("There is no item %s in the catalogue. Check the code, or update the catalogue and try again."), v);
      return FALSE;
    }

  if (g_strcmp0 (info.action_type, jg_record_kind_action_type (run->kind)) != 0)
    add (run, field, JG_ISSUE_ERROR,
         N_("Item %s is of the type “%s” and cannot carry a record of the type “%s”. Choose an item of the right type."),
         v, action_type_label (info.action_type), jg_record_kind_get_label (run->kind));

  /* The main date is checked after the catalogue code in field order, so
   * look at it directly here. */
  date = value (run, run->idx->main_date);
  if (date == NULL || !is_date (date))
    date = run->context->today;

  if (g_strcmp0 (info.status, "02") == 0)
    add (run, field, JG_ISSUE_WARNING,
         N_("Item %s has been cancelled. Check whether a newer item replaces it."), v);
  else if (info.cancel_date != NULL && *info.cancel_date && strncmp (info.cancel_date, date, 10) <= 0)
    add (run, field, JG_ISSUE_WARNING,
         N_("Item %s was no longer in force on %.10s: it ended on %s. Check whether a newer item replaces it."),
         v, date, info.cancel_date);
  else if (info.effective_date != NULL && *info.effective_date && strncmp (info.effective_date, date, 10) > 0)
    add (run, field, JG_ISSUE_WARNING,
         N_("Item %s was not yet in force on %.10s: it takes effect on %s. Check the item and the date."),
         v, date, info.effective_date);
  else if (g_strcmp0 (info.status, "03") == 0)
    add (run, field, JG_ISSUE_WARNING,
         N_("Item %s is suspended. Check whether it may be used."), v);

  jg_item_info_clear (&info);
  return TRUE;
}

static gboolean
check_impl (Run        *run,
            int         field,
            const char *v)
{
  g_autoptr(GError) error = NULL;
  char body[JG_CREDIT_CODE_LENGTH + 1];
  const char *item;

  if (strlen (v) < JG_CREDIT_CODE_LENGTH + 1)
    {
      add (run, field, JG_ISSUE_ERROR,
           N_("The implementation list code “%s” is too short: it starts with the implementing body’s 18-character credit code and its level. Choose the entry from the item’s implementation list."), v);
      return FALSE;
    }
  memcpy (body, v, JG_CREDIT_CODE_LENGTH);
  body[JG_CREDIT_CODE_LENGTH] = '\0';
  if (!jg_credit_code_is_valid (body, &error))
    {
      add (run, field, JG_ISSUE_ERROR,
           N_("The first 18 characters of the implementation list code are not a valid credit code: %s"),
           error->message);
      return FALSE;
    }
  if (v[18] < '1' || v[18] > '5')
    {
      add (run, field, JG_ISSUE_ERROR,
           N_("Character 19 of the implementation list code is the level, 1 to 5, not “%c”. Choose the entry from the item’s implementation list."), v[18]);
      return FALSE;
    }

  item = valid_value (run, run->idx->catalogue);
  if (item != NULL && !run->context->impl_belongs (run->context->user_data, v, item))
    {
      add (run, field, JG_ISSUE_ERROR,
           N_("The implementation list code %s does not belong to item %s. Choose an entry of that item’s implementation list."),
           v, item);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_party_code (Run        *run,
                  int         field,
                  const char *v)
{
  g_autoptr(GError) error = NULL;
  const char *doc_type = valid_value (run, run->idx->doc_type);

  if (doc_type == NULL)
    return TRUE;

  if (strcmp (doc_type, "001") == 0)
    {
      if (!jg_credit_code_is_valid (v, &error))
        {
          add_gerror (run, field, JG_ISSUE_ERROR, error);
          return FALSE;
        }
      if (!jg_credit_code_org_check_is_valid (v))
        add (run, field, JG_ISSUE_WARNING,
             N_("The organisation code inside the credit code (characters 9 to 17) fails its own check. Some bodies’ codes are issued that way; compare the code with the business licence."));
    }
  else if (strcmp (doc_type, "111") == 0)
    {
      if (!jg_id_number_is_valid (v, &error))
        {
          add_gerror (run, field, JG_ISSUE_ERROR, error);
          return FALSE;
        }
    }
  return TRUE;
}

static void
check_nature_doc_type (Run *run)
{
  const char *nature = valid_value (run, run->idx->nature);
  const char *doc_type = valid_value (run, run->idx->doc_type);
  gboolean person_doc;

  if (nature == NULL || doc_type == NULL)
    return;

  person_doc = strcmp (doc_type, "111") >= 0 && strcmp (doc_type, "415") <= 0 && strlen (doc_type) == 3;
  if (strcmp (nature, "01") == 0 && !person_doc)
    add (run, run->idx->doc_type, JG_ISSUE_WARNING,
         N_("The party is a citizen, but the document type is one for organisations. Choose an identity document, or correct the party’s nature."));
  else if ((strcmp (nature, "02") == 0 || strcmp (nature, "03") == 0)
           && strcmp (doc_type, "001") != 0 && strcmp (doc_type, "099") != 0)
    add (run, run->idx->doc_type, JG_ISSUE_WARNING,
         N_("The party is an organisation, but the document type is one for persons. Choose the unified social credit code, or correct the party’s nature."));
}

#define MAX_OFFICERS 32
#define MAX_OFFICER_ID 64

static gboolean
check_officers (Run        *run,
                int         field,
                const char *v)
{
  char ids[MAX_OFFICERS][MAX_OFFICER_ID + 1];
  guint n = 0;
  const char *date = NULL;
  const char *p = v;
  gboolean ok = TRUE;

  {
    const char *d = value (run, run->idx->main_date);
    date = d != NULL && is_date (d) ? d : NULL;
  }

  while (*p)
    {
      const char *end = strchr (p, ';');
      gsize len;
      JgOfficerInfo info = { 0 };
      gboolean duplicate = FALSE;

      if (end == NULL)
        end = p + strlen (p);
      while (p < end && g_ascii_isspace (*p))
        p++;
      len = end - p;
      while (len > 0 && g_ascii_isspace (p[len - 1]))
        len--;

      if (len == 0)
        ;
      else if (len > MAX_OFFICER_ID || n == MAX_OFFICERS)
        {
          add (run, field, JG_ISSUE_ERROR,
               N_("The list of officers is not valid. Choose the officers from the roster."));
          return FALSE;
        }
      else
        {
          memcpy (ids[n], p, len);
          ids[n][len] = '\0';
          for (guint i = 0; i < n; i++)
            if (strcmp (ids[i], ids[n]) == 0)
              duplicate = TRUE;
          if (!duplicate)
            {
              if (!run->context->lookup_officer (run->context->user_data, ids[n], &info))
                {
                  add (run, field, JG_ISSUE_ERROR,
                       N_("There is no officer “%s” in the roster. Choose the officers from the roster, or update it."), ids[n]);
                  ok = FALSE;
                }
              else if (date != NULL && info.cert_valid_from != NULL && *info.cert_valid_from
                       && strncmp (info.cert_valid_from, date, 10) > 0)
                {
                  add (run, field, JG_ISSUE_ERROR,
                       N_("The enforcement certificate of %s is valid only from %s, after the action date %.10s. Choose an officer whose certificate was valid then."),
                       info.name, info.cert_valid_from, date);
                  ok = FALSE;
                }
              else if (date != NULL && info.cert_valid_to != NULL && *info.cert_valid_to
                       && strncmp (info.cert_valid_to, date, 10) < 0)
                {
                  add (run, field, JG_ISSUE_ERROR,
                       N_("The enforcement certificate of %s expired on %s, before the action date %.10s. Choose an officer whose certificate was valid then."),
                       info.name, info.cert_valid_to, date);
                  ok = FALSE;
                }
              else if (info.cert_no == NULL || *info.cert_no == '\0')
                {
                  add (run, field, JG_ISSUE_ERROR,
                       N_("%s has no enforcement certificate in the roster. Choose an officer who holds one."),
                       info.name);
                  ok = FALSE;
                }
              jg_officer_info_clear (&info);
              n++;
            }
        }
      p = *end ? end + 1 : end;
    }

  if (n < 2)
    {
      add (run, field, JG_ISSUE_ERROR,
           N_("At least two enforcement officers must take part. Add another officer."));
      ok = FALSE;
    }
  return ok;
}

static gboolean
check_field (Run *run,
             int  field)
{
  const JgFieldSpec *spec = &run->fields[field];
  const char *v = jg_record_get_nth (run->record, field);
  gsize len;

  if (v == NULL)
    {
      if (spec->required)
        add (run, field, JG_ISSUE_ERROR, N_("“%s” is required. Fill it in."), label (run, field));
      return FALSE;
    }

  if (!g_utf8_validate (v, -1, NULL))
    {
      add (run, field, JG_ISSUE_ERROR,
           N_("“%s” contains bytes that are not valid characters. Type it again."), label (run, field));
      return FALSE;
    }

  len = strlen (v);
  if (g_ascii_isspace (v[0]) || g_ascii_isspace (v[len - 1]))
    {
      add (run, field, JG_ISSUE_ERROR,
           N_("“%s” begins or ends with a space. Remove the space."), label (run, field));
      return FALSE;
    }

  if (spec->max_length > 0 && len > spec->max_length)
    {
      glong chars = g_utf8_strlen (v, len);
      if (chars > spec->max_length)
        {
          add (run, field, JG_ISSUE_ERROR,
               N_("“%s” has %ld characters, but at most %u are allowed. Shorten it."),
               label (run, field), chars, spec->max_length);
          return FALSE;
        }
    }

  switch (spec->type)
    {
    case JG_FIELD_TEXT:
    case JG_FIELD_LONG_TEXT:
      if (field == run->idx->number
          && run->context->number_taken (run->context->user_data, run->kind,
                                         jg_record_get_department (run->record), v,
                                         jg_record_get_uuid (run->record)))
        {
          add (run, field, JG_ISSUE_ERROR,
               N_("Another record of this department already has the number “%s”. Give this record a number of its own."), v);
          return FALSE;
        }
      return TRUE;

    case JG_FIELD_CODE:
      if (!run->context->code_exists (run->context->user_data, spec->code_table, v))
        {
          add (run, field, JG_ISSUE_ERROR,
               N_("“%s” is not a code of the list for “%s”. Choose a value from the list."),
               v, label (run, field));
          return FALSE;
        }
      return TRUE;

    case JG_FIELD_DATE:
      if (!is_exact_date (v))
        {
          add (run, field, JG_ISSUE_ERROR,
               N_("“%s” is not a real date. Write “%s” as year-month-day, for example 2024-03-18."),
               v, label (run, field));
          return FALSE;
        }
      return TRUE;

    case JG_FIELD_DATETIME:
      if (!is_datetime (v))
        {
          add (run, field, JG_ISSUE_ERROR,
               N_("“%s” is not a real date and time. Write “%s” as year-month-day hour:minute, for example 2024-03-18 14:30."),
               v, label (run, field));
          return FALSE;
        }
      return TRUE;

    case JG_FIELD_AMOUNT:
      switch (parse_amount (v))
        {
        case -1:
          add (run, field, JG_ISSUE_ERROR,
               N_("“%s” is not an amount. Write “%s” in yuan with digits, for example 1200 or 1200.50."),
               v, label (run, field));
          return FALSE;
        case -2:
          add (run, field, JG_ISSUE_ERROR,
               N_("“%s” cannot be negative. Enter the amount in yuan."), label (run, field));
          return FALSE;
        case -3:
          add (run, field, JG_ISSUE_ERROR,
               N_("“%s” has more than two decimals. Round it to the fen, for example 1200.50."),
               label (run, field));
          return FALSE;
        default:
          return TRUE;
        }

    case JG_FIELD_BOOL:
      if (strcmp (v, "1") != 0 && strcmp (v, "0") != 0)
        {
          add (run, field, JG_ISSUE_ERROR,
               N_("“%s” must be “1” (yes) or “0” (no), not “%s”."), label (run, field), v);
          return FALSE;
        }
      return TRUE;

    case JG_FIELD_CATALOGUE:
      return check_catalogue (run, field, v);

    case JG_FIELD_IMPL:
      return check_impl (run, field, v);

    case JG_FIELD_PARTY_CODE:
      return check_party_code (run, field, v);

    case JG_FIELD_RECORD_LINK:
      if (!run->context->inspection_exists (run->context->user_data,
                                            jg_record_get_department (run->record), v))
        {
          add (run, field, JG_ISSUE_ERROR,
               N_("There is no inspection record numbered “%s” in this department. Enter the number of the inspection this action follows, or record that inspection first."), v);
          return FALSE;
        }
      return TRUE;

    case JG_FIELD_OFFICERS:
      return check_officers (run, field, v);

    default:
      return TRUE;
    }
}

/* --- rules across fields -------------------------------------------------- */

static void
check_dates (Run *run)
{
  const KindIndexes *idx = run->idx;
  const char *main_date = valid_value (run, idx->main_date);
  const char *report = valid_value (run, idx->report_time);
  const char *filing = valid_value (run, idx->filing_date);
  const char *decision = valid_value (run, idx->decision_date);
  const char *closing = valid_value (run, idx->close_date);
  const char *start = valid_value (run, idx->start_date);
  const char *end = valid_value (run, idx->end_date);

  if (main_date != NULL && report != NULL && strncmp (report, main_date, 10) < 0)
    add (run, idx->report_time, JG_ISSUE_ERROR,
         N_("The report time %s is before the action date %s. A record is reported after the action; correct one of the dates."),
         report, main_date);

  if (run->kind == JG_RECORD_INSPECTION && main_date != NULL
      && strncmp (main_date, run->context->today, 10) > 0)
    add (run, idx->main_date, JG_ISSUE_ERROR,
         N_("The inspection date %s is in the future. Record an inspection once it has taken place."), main_date);

  if (decision != NULL)
    {
      if (filing != NULL && strcmp (decision, filing) < 0)
        add (run, idx->decision_date, JG_ISSUE_ERROR,
             N_("The decision date %s is before the case filing date %s. Correct one of the dates."),
             decision, filing);
      if (strncmp (decision, run->context->today, 10) > 0)
        add (run, idx->decision_date, JG_ISSUE_ERROR,
             N_("The decision date %s is in the future. Enter the date the decision was made."), decision);
      if (closing != NULL && strcmp (closing, decision) < 0)
        add (run, idx->close_date, JG_ISSUE_ERROR,
             N_("The closing date %s is before the decision date %s. Correct one of the dates."),
             closing, decision);
    }

  if (start != NULL && end != NULL && strcmp (end, start) < 0)
    add (run, idx->end_date, JG_ISSUE_ERROR,
         N_("The end date %s is before the start date %s. Correct one of the dates."), end, start);
}

static void
check_fines (Run *run)
{
  const KindIndexes *idx = run->idx;
  const char *amount, *paid, *penalty_kind;
  gint64 amount_cents = -1;

  if (run->kind != JG_RECORD_PENALTY)
    return;

  amount = valid_value (run, idx->fine_amount);
  paid = valid_value (run, idx->fine_paid);
  penalty_kind = valid_value (run, idx->penalty_kind);
  if (amount != NULL)
    amount_cents = parse_amount (amount);

  if (penalty_kind != NULL && strcmp (penalty_kind, "02") == 0
      && value (run, idx->fine_amount) == NULL)
    add (run, idx->fine_amount, JG_ISSUE_ERROR,
         N_("The penalty is a fine, so the fine amount is required. Enter it in yuan."));
  else if (penalty_kind != NULL && strcmp (penalty_kind, "02") == 0 && amount_cents == 0)
    add (run, idx->fine_amount, JG_ISSUE_ERROR,
         N_("The penalty is a fine, but the fine amount is zero. Enter the amount of the fine."));

  if (paid != NULL && amount_cents >= 0 && parse_amount (paid) > amount_cents)
    add (run, idx->fine_paid, JG_ISSUE_WARNING,
         N_("The fine paid, %s yuan, is more than the fine imposed, %s yuan. Check both amounts."),
         paid, amount);
}

/* Stable sort of the issues by field order. */
static void
sort_issues (Run *run)
{
  GPtrArray *issues = run->issues;
  int *order;

  if (run->order == NULL)
    return;
  order = (int *) run->order->data;
  for (guint i = 1; i < issues->len; i++)
    {
      gpointer issue = issues->pdata[i];
      int key = order[i] < 0 ? G_MAXINT : order[i];
      guint j = i;

      while (j > 0 && (order[j - 1] < 0 ? G_MAXINT : order[j - 1]) > key)
        {
          issues->pdata[j] = issues->pdata[j - 1];
          order[j] = order[j - 1];
          j--;
        }
      issues->pdata[j] = issue;
      order[j] = key == G_MAXINT ? -1 : key;
    }
  g_array_unref (run->order);
}

GPtrArray *
jg_validate_record (JgRecord            *record,
                    JgValidationContext *context)
{
  Run run = { 0 };

  g_return_val_if_fail (JG_IS_RECORD (record), NULL);
  g_return_val_if_fail (context != NULL, NULL);

  run.record = record;
  run.kind = jg_record_get_kind (record);
  run.context = context;
  run.fields = jg_record_fields (run.kind, &run.n_fields);
  run.idx = kind_indexes (run.kind);
  run.issues = g_ptr_array_new_with_free_func ((GDestroyNotify) jg_issue_free);
  g_assert (run.n_fields <= G_N_ELEMENTS (run.valid) * 32);

  /* Fields that others depend on (catalogue code, document type) come
   * before them in every kind; the main date is parsed where needed. */
  for (guint i = 0; i < run.n_fields; i++)
    {
      if (check_field (&run, i))
        mark_valid (&run, i);
      if ((int) i == run.idx->doc_type)
        check_nature_doc_type (&run);
    }

  check_dates (&run);
  check_fines (&run);
  sort_issues (&run);

  return run.issues;
}

gboolean
jg_issues_have_errors (GPtrArray *issues)
{
  if (issues == NULL)
    return FALSE;
  for (guint i = 0; i < issues->len; i++)
    if (((JgIssue *) issues->pdata[i])->severity == JG_ISSUE_ERROR)
      return TRUE;
  return FALSE;
}

GPtrArray *
jg_issues_for_field (GPtrArray  *issues,
                     const char *field)
{
  GPtrArray *result = g_ptr_array_new ();

  for (guint i = 0; issues != NULL && i < issues->len; i++)
    {
      JgIssue *issue = issues->pdata[i];
      if (g_strcmp0 (issue->field, field) == 0)
        g_ptr_array_add (result, issue);
    }
  return result;
}
