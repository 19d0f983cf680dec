/* jg-transfer-normalise.c — reading hand-typed legacy cells forgivingly
 *
 * See jg-transfer-normalise.h for what is normalised and what never is.
 * An import calls this for every non-empty cell of a file that may hold a
 * hundred thousand rows: a cell that is canonical already (ASCII, nothing
 * around it, in its field's form) is recognised by a scan of its bytes
 * and allocates nothing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "jg-id-check.h"
#include "jg-transfer-normalise.h"

#define IDEOGRAPHIC_SPACE     "\xE3\x80\x80"   /* U+3000 */
#define IDEOGRAPHIC_COMMA     "\xE3\x80\x81"   /* U+3001 、 */
#define CANONICAL_SEPARATOR   ';'
/* The longest code of a code table (region codes): zeros are restored up
 * to this length at most. */
#define MAX_CODE_LENGTH       6
#define THOUSANDS_GROUP       3
#define MIN_YEAR              1900

/* Is @field's value a code, a number, a date or an amount, whose
 * full-width forms mean the same (NFKC)? Free text keeps its own width. */
static gboolean
is_structured (const JgFieldSpec *spec)
{
  switch (spec->type)
    {
    case JG_FIELD_TEXT:
      return g_strcmp0 (spec->key, "officer_certs") == 0;
    case JG_FIELD_LONG_TEXT:
      return FALSE;
    default:
      return TRUE;
    }
}

/* A list whose items are ';'-separated: officers and their certificates. */
static gboolean
is_list (const JgFieldSpec *spec)
{
  return spec->type == JG_FIELD_OFFICERS || g_strcmp0 (spec->key, "officer_certs") == 0;
}

static gboolean
is_ascii (const char *s)
{
  for (; *s; s++)
    if ((guchar) *s >= 0x80)
      return FALSE;
  return TRUE;
}

/* The length of the space (ASCII white space or U+3000) at @s, 0 if none. */
static gsize
space_at (const char *s)
{
  if (g_ascii_isspace (*s))
    return 1;
  if (strncmp (s, IDEOGRAPHIC_SPACE, strlen (IDEOGRAPHIC_SPACE)) == 0)
    return strlen (IDEOGRAPHIC_SPACE);
  return 0;
}

/* The length of the space ending at @end (exclusive), 0 if none. */
static gsize
space_before (const char *start,
              const char *end)
{
  gsize n = strlen (IDEOGRAPHIC_SPACE);

  if (end > start && g_ascii_isspace (end[-1]))
    return 1;
  if ((gsize) (end - start) >= n && strncmp (end - n, IDEOGRAPHIC_SPACE, n) == 0)
    return n;
  return 0;
}

/* @s without the spaces around it, or NULL when there are none. */
static char *
trim (const char *s)
{
  const char *start = s;
  const char *end = s + strlen (s);
  gsize n;

  while ((n = space_at (start)) > 0)
    start += n;
  while (end > start && (n = space_before (start, end)) > 0)
    end -= n;
  if (start == s && *end == '\0')
    return NULL;
  return g_strndup (start, end - start);
}

/* Up to @max digits at *@p as a number; FALSE when there are none. */
static gboolean
read_number (const char **p,
             guint        max,
             guint       *value)
{
  guint n = 0;

  *value = 0;
  while (n < max && g_ascii_isdigit (**p))
    {
      *value = *value * 10 + (guint) (**p - '0');
      (*p)++;
      n++;
    }
  return n > 0 && !g_ascii_isdigit (**p);
}

static gboolean
skip (const char **p,
      const char  *text)
{
  gsize n = strlen (text);

  if (strncmp (*p, text, n) != 0)
    return FALSE;
  *p += n;
  return TRUE;
}

/* A date written year first at *@p: 2026-11-15, 2026/11/15, 2026.11.15,
 * 2026-1-5 or 2026年11月15日, a real date from 1900 on. Never anything
 * else: 15/11/2026 or 11/15/2026 would be a guess. */
static gboolean
read_date (const char **p,
           guint       *year,
           guint       *month,
           guint       *day)
{
  const char *s = *p;

  if (!g_ascii_isdigit (s[0]) || !g_ascii_isdigit (s[1]) || !g_ascii_isdigit (s[2])
      || !g_ascii_isdigit (s[3]) || !read_number (&s, 4, year))
    return FALSE;
  if (skip (&s, "年"))
    {
      if (!read_number (&s, 2, month) || !skip (&s, "月") || !read_number (&s, 2, day))
        return FALSE;
      skip (&s, "日");
    }
  else
    {
      char separator = *s;

      if (separator != '-' && separator != '/' && separator != '.')
        return FALSE;
      s++;
      if (!read_number (&s, 2, month) || *s != separator)
        return FALSE;
      s++;
      if (!read_number (&s, 2, day))
        return FALSE;
    }
  if (*year < MIN_YEAR || !g_date_valid_dmy ((GDateDay) *day, (GDateMonth) *month, (GDateYear) *year))
    return FALSE;
  *p = s;
  return TRUE;
}

static char *
normalise_date (const char *v)
{
  const char *p = v;
  guint year, month, day;

  if (!read_date (&p, &year, &month, &day) || *p != '\0')
    return NULL;
  return g_strdup_printf ("%04u-%02u-%02u", year, month, day);
}

/* The date as above, then a space and H:MM or HH:MM (":00" seconds
 * dropped: other seconds would be lost, so they are left for the rules). */
static char *
normalise_datetime (const char *v)
{
  const char *p = v;
  guint year, month, day, hour, minute, second = 0;

  if (!read_date (&p, &year, &month, &day) || *p != ' ')
    return NULL;
  while (*p == ' ')
    p++;
  /* Minutes have two digits: 9:5 could be 9:05 or 9:50. */
  if (!read_number (&p, 2, &hour) || *p++ != ':' || !g_ascii_isdigit (p[0])
      || !g_ascii_isdigit (p[1]) || !read_number (&p, 2, &minute))
    return NULL;
  if (*p == ':' && (p++, !read_number (&p, 2, &second)))
    return NULL;
  if (*p != '\0' || second != 0 || hour > 23 || minute > 59)
    return NULL;
  return g_strdup_printf ("%04u-%02u-%02u %02u:%02u", year, month, day, hour, minute);
}

/* 1,500.00 → 1500.00: separators only between groups of exactly three
 * digits after a first group of one to three. 1,50 or 1.500,00 could mean
 * something else and stay as they are. */
static char *
normalise_amount (const char *v)
{
  g_autoptr(GString) out = NULL;
  const char *p = v;
  guint group = 0;
  gboolean separated = FALSE;

  if (strchr (v, ',') == NULL)
    return NULL;
  out = g_string_new (NULL);
  for (; g_ascii_isdigit (*p) || *p == ','; p++)
    {
      if (*p == ',')
        {
          if ((separated ? group != THOUSANDS_GROUP : group == 0 || group > THOUSANDS_GROUP))
            return NULL;
          separated = TRUE;
          group = 0;
          continue;
        }
      g_string_append_c (out, *p);
      group++;
    }
  if (!separated || group != THOUSANDS_GROUP)
    return NULL;
  if (*p == '.')
    {
      g_string_append_c (out, *p++);
      if (!g_ascii_isdigit (*p))
        return NULL;
      while (g_ascii_isdigit (*p))
        g_string_append_c (out, *p++);
    }
  if (*p != '\0')
    return NULL;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* ；(made ';' by NFKC) and 、 between items → ';', spaces around items
 * dropped. */
static char *
normalise_list (const char *v)
{
  g_autoptr(GString) out = g_string_new (NULL);
  const char *p = v;

  while (*p)
    {
      const char *end = p;
      const char *item_end;
      gsize n;

      while (*end && *end != ';' && strncmp (end, IDEOGRAPHIC_COMMA, strlen (IDEOGRAPHIC_COMMA)) != 0)
        end++;
      while ((n = space_at (p)) > 0 && p < end)
        p += n;
      item_end = end;
      while (item_end > p && (n = space_before (p, item_end)) > 0)
        item_end -= n;
      g_string_append_len (out, p, item_end - p);
      if (*end == '\0')
        break;
      g_string_append_c (out, CANONICAL_SEPARATOR);
      p = end + (*end == ';' ? 1 : strlen (IDEOGRAPHIC_COMMA));
    }
  if (strcmp (out->str, v) == 0)
    return NULL;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* "1" for a table with "01": the zeros Excel dropped, when exactly one
 * code of @table is @v with zeros in front. */
static char *
restore_zeros (const char          *table,
               const char          *v,
               JgValidationContext *context)
{
  gsize len = strlen (v);
  char *found = NULL;

  /* A value that starts with 0 kept its zeros: no lookup (the common case
   * of two- and three-digit codes). */
  if (context == NULL || table == NULL || len == 0 || len >= MAX_CODE_LENGTH || v[0] == '0')
    return NULL;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isdigit (v[i]))
      return NULL;
  if (context->code_exists (context->user_data, table, v))
    return NULL;
  for (gsize width = len + 1; width <= MAX_CODE_LENGTH; width++)
    {
      g_autofree char *padded = g_strdup_printf ("%0*u%s", (int) (width - len), 0, v);

      if (!context->code_exists (context->user_data, table, padded))
        continue;
      if (found != NULL)
        {
          g_free (found);
          return NULL;   /* two codes fit: no guess */
        }
      found = g_steal_pointer (&padded);
    }
  return found;
}

/* A credit code or ID number typed in lower case: upper-cased when that
 * makes it valid, so that nothing else is ever changed. */
static char *
upper_party_code (const char *v)
{
  g_autofree char *upper = NULL;
  gboolean lower = FALSE;

  for (const char *p = v; *p && !lower; p++)
    lower = g_ascii_islower (*p);
  if (!lower)
    return NULL;
  upper = g_ascii_strup (v, -1);
  if (jg_credit_code_is_valid (upper, NULL) || jg_id_number_is_valid (upper, NULL))
    return g_steal_pointer (&upper);
  return NULL;
}

static char *
normalise_for_type (const JgFieldSpec   *spec,
                    const char          *v,
                    JgValidationContext *context,
                    JgNormalised        *what)
{
  char *out = NULL;
  JgNormalised step = 0;

  switch (spec->type)
    {
    case JG_FIELD_DATE:
      if (strlen (v) == strlen ("YYYY-MM-DD") && v[4] == '-' && v[7] == '-')
        return NULL;
      out = normalise_date (v);
      step = JG_NORMALISED_DATE;
      break;
    case JG_FIELD_DATETIME:
      if (strlen (v) == strlen ("YYYY-MM-DD HH:MM") && v[4] == '-' && v[7] == '-' && v[13] == ':')
        return NULL;
      out = normalise_datetime (v);
      step = JG_NORMALISED_DATE;
      break;
    case JG_FIELD_AMOUNT:
      out = normalise_amount (v);
      step = JG_NORMALISED_AMOUNT;
      break;
    case JG_FIELD_BOOL:
      if (strcmp (v, "是") == 0)
        out = g_strdup ("1");
      else if (strcmp (v, "否") == 0)
        out = g_strdup ("0");
      step = JG_NORMALISED_YES_NO;
      break;
    case JG_FIELD_CODE:
      out = restore_zeros (spec->code_table, v, context);
      step = JG_NORMALISED_ZEROS;
      break;
    case JG_FIELD_PARTY_CODE:
      out = upper_party_code (v);
      step = JG_NORMALISED_CASE;
      break;
    default:
      if (is_list (spec) && (strchr (v, ' ') != NULL || !is_ascii (v)))
        {
          out = normalise_list (v);
          step = JG_NORMALISED_SEPARATORS;
        }
      break;
    }
  if (out != NULL && strcmp (out, v) == 0)
    g_clear_pointer (&out, g_free);
  if (out != NULL)
    *what |= step;
  return out;
}

char *
jg_transfer_normalise (const JgFieldSpec   *spec,
                       const char          *value,
                       JgValidationContext *context,
                       JgNormalised        *what)
{
  g_autofree char *work = NULL;
  const char *v = value;
  JgNormalised done = 0;
  char *typed;

  g_return_val_if_fail (spec != NULL, NULL);
  g_return_val_if_fail (value != NULL, NULL);

  if ((work = trim (v)) != NULL)
    {
      v = work;
      done |= JG_NORMALISED_SPACES;
    }

  if (*v != '\0' && is_structured (spec) && !is_ascii (v))
    {
      g_autofree char *nfkc = g_utf8_normalize (v, -1, G_NORMALIZE_NFKC);

      /* NFKC makes U+3000 a plain space: trim what that reveals. */
      if (nfkc != NULL && strcmp (nfkc, v) != 0)
        {
          char *trimmed = trim (nfkc);

          g_free (work);
          work = trimmed != NULL ? trimmed : g_steal_pointer (&nfkc);
          v = work;
          done |= JG_NORMALISED_WIDTH;
        }
    }

  if (*v != '\0' && (typed = normalise_for_type (spec, v, context, &done)) != NULL)
    {
      g_free (work);
      work = typed;
      v = work;
    }

  if (what != NULL)
    *what = done;
  if (done == 0)
    return NULL;
  return g_steal_pointer (&work);
}

char *
jg_transfer_normalised_describe (JgNormalised what)
{
  static const struct {
    JgNormalised  flag;
    const char   *text;
  } steps[] = {
    { JG_NORMALISED_SPACES, N_("spaces around it removed") },
    { JG_NORMALISED_WIDTH, N_("full-width characters written half-width") },
    { JG_NORMALISED_CASE, N_("letters written in upper case") },
    { JG_NORMALISED_DATE, N_("date written as year-month-day") },
    { JG_NORMALISED_AMOUNT, N_("thousands separators removed") },
    { JG_NORMALISED_YES_NO, N_("是 or 否 written as 1 or 0") },
    { JG_NORMALISED_SEPARATORS, N_("the items of the list separated by “;”") },
    { JG_NORMALISED_ZEROS, N_("the leading zeros of its code restored") },
  };
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (what & steps[i].flag)
      {
        if (out->len > 0)
          /* TRANSLATORS: between the normalisations of one value */
          g_string_append (out, _("; "));
        g_string_append (out, _(steps[i].text));
      }
  return g_string_free (g_steal_pointer (&out), FALSE);
}
