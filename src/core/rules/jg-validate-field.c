/* jg-validate-field.c — each field's own rules: required, length, format, code tables
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "jg-validate-private.h"

gboolean
jg_validate_digits (const char *s,
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

gboolean
jg_validate_is_date (const char *s)
{
  if (strlen (s) < 10 || !jg_validate_digits (s, 4) || s[4] != '-' || !jg_validate_digits (s + 5, 2)
      || s[7] != '-' || !jg_validate_digits (s + 8, 2))
    return FALSE;
  return g_date_valid_dmy (number_at (s + 8, 2), number_at (s + 5, 2), number_at (s, 4))
         && number_at (s, 4) >= 1900;
}

static gboolean
is_exact_date (const char *s)
{
  return strlen (s) == 10 && jg_validate_is_date (s);
}

static gboolean
is_datetime (const char *s)
{
  return strlen (s) == 16 && jg_validate_is_date (s) && s[10] == ' ' && jg_validate_digits (s + 11, 2)
         && s[13] == ':' && jg_validate_digits (s + 14, 2)
         && number_at (s + 11, 2) < 24 && number_at (s + 14, 2) < 60;
}

/* An amount in cents, or -1 when malformed, -2 negative, -3 too many decimals. */
gint64
jg_validate_parse_amount (const char *s)
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


gboolean
jg_validate_check_field (Run *run,
                         int  field)
{
  const JgFieldSpec *spec = &run->fields[field];
  const char *v = jg_record_get_nth (run->record, field);
  gsize len;

  if (v == NULL)
    {
      if (spec->required)
        jg_validate_add (run, field, JG_ISSUE_ERROR, N_("“%s” is required. Fill it in."), label (run, field));
      return FALSE;
    }

  if (!g_utf8_validate (v, -1, NULL))
    {
      jg_validate_add (run, field, JG_ISSUE_ERROR,
                       N_("“%s” contains bytes that are not valid characters. Type it again."), label (run, field));
      return FALSE;
    }

  len = strlen (v);
  if (g_ascii_isspace (v[0]) || g_ascii_isspace (v[len - 1]))
    {
      jg_validate_add (run, field, JG_ISSUE_ERROR,
                       N_("“%s” begins or ends with a space. Remove the space."), label (run, field));
      return FALSE;
    }

  if (spec->max_length > 0 && len > spec->max_length)
    {
      glong chars = g_utf8_strlen (v, len);
      if (chars > spec->max_length)
        {
          jg_validate_add (run, field, JG_ISSUE_ERROR,
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
          jg_validate_add (run, field, JG_ISSUE_ERROR,
                           N_("Another record of this department already has the number “%s”. Give this record a number of its own."), v);
          return FALSE;
        }
      return TRUE;

    case JG_FIELD_CODE:
      if (!run->context->code_exists (run->context->user_data, spec->code_table, v))
        {
          jg_validate_add (run, field, JG_ISSUE_ERROR,
                           N_("“%s” is not a code of the list for “%s”. Choose a value from the list."),
                           v, label (run, field));
          return FALSE;
        }
      return TRUE;

    case JG_FIELD_DATE:
      if (!is_exact_date (v))
        {
          jg_validate_add (run, field, JG_ISSUE_ERROR,
                           N_("“%s” is not a real date. Write “%s” as year-month-day, for example 2024-03-18."),
                           v, label (run, field));
          return FALSE;
        }
      return TRUE;

    case JG_FIELD_DATETIME:
      if (!is_datetime (v))
        {
          jg_validate_add (run, field, JG_ISSUE_ERROR,
                           N_("“%s” is not a real date and time. Write “%s” as year-month-day hour:minute, for example 2024-03-18 14:30."),
                           v, label (run, field));
          return FALSE;
        }
      return TRUE;

    case JG_FIELD_AMOUNT:
      switch (jg_validate_parse_amount (v))
        {
        case -1:
          jg_validate_add (run, field, JG_ISSUE_ERROR,
                           N_("“%s” is not an amount. Write “%s” in yuan with digits, for example 1200 or 1200.50."),
                           v, label (run, field));
          return FALSE;
        case -2:
          jg_validate_add (run, field, JG_ISSUE_ERROR,
                           N_("“%s” cannot be negative. Enter the amount in yuan."), label (run, field));
          return FALSE;
        case -3:
          jg_validate_add (run, field, JG_ISSUE_ERROR,
                           N_("“%s” has more than two decimals. Round it to the fen, for example 1200.50."),
                           label (run, field));
          return FALSE;
        default:
          return TRUE;
        }

    case JG_FIELD_BOOL:
      if (strcmp (v, "1") != 0 && strcmp (v, "0") != 0)
        {
          jg_validate_add (run, field, JG_ISSUE_ERROR,
                           N_("“%s” must be “1” (yes) or “0” (no), not “%s”."), label (run, field), v);
          return FALSE;
        }
      return TRUE;

    case JG_FIELD_CATALOGUE:
      return jg_validate_check_catalogue (run, field, v);

    case JG_FIELD_IMPL:
      return jg_validate_check_impl (run, field, v);

    case JG_FIELD_PARTY_CODE:
      return jg_validate_check_party_code (run, field, v);

    case JG_FIELD_RECORD_LINK:
      if (!run->context->inspection_exists (run->context->user_data,
                                            jg_record_get_department (run->record), v))
        {
          jg_validate_add (run, field, JG_ISSUE_ERROR,
                           N_("There is no inspection record numbered “%s” in this department. Enter the number of the inspection this action follows, or record that inspection first."), v);
          return FALSE;
        }
      return TRUE;

    case JG_FIELD_OFFICERS:
      return jg_validate_check_officers (run, field, v);

    default:
      return TRUE;
    }
}

