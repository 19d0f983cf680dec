/* jg-id-check.c — check digits of unified social credit codes and ID numbers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "jg-id-check.h"

#include <string.h>
#include <glib/gi18n-lib.h>

G_DEFINE_QUARK (jg-id-check-error-quark, jg_id_check_error)

/* GB 32100-2015 */
static const char credit_alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
static const guint credit_weights[17] = {
  1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28
};

/* GB 32100 positions 1–2: registration authority, then entity type.
 * 1 机构编制 (机关, 事业单位, 编办直接管理机构编制的群众团体, 其他) · 2 外交
 * (外国常驻新闻机构, 其他) · 3 司法行政 (律师执业机构, 公证处, 基层法律服务所,
 * 司法鉴定机构, 仲裁委员会, 其他) · 4 文化 (外国在华文化中心, 其他) · 5 民政
 * (社会团体, 民办非企业单位, 基金会, 其他) · 6 旅游 (外国/港澳台旅游部门常驻
 * 代表机构, 其他) · 7 宗教 (宗教活动场所, 宗教院校, 其他) · 8 工会 (基层工会,
 * 其他) · 9 工商/市场监管 (企业, 个体工商户, 农民专业合作社) · A 中央军委改革
 * 和编制办公室 (军队事业单位, 其他) · N 农业农村 (组级, 村级, 乡镇级集体经济
 * 组织, 其他) · Y 其他. */
static const char * const credit_kinds[] = {
  "11", "12", "13", "19",
  "21", "29",
  "31", "32", "33", "34", "35", "39",
  "41", "49",
  "51", "52", "53", "59",
  "61", "62", "69",
  "71", "72", "79",
  "81", "89",
  "91", "92", "93",
  "A1", "A9",
  "N1", "N2", "N3", "N9",
  "Y1",
  NULL
};

/* GB/T 2260: the provinces' first two digits; "10" only as 100000, the
 * code of bodies registered nationally. */
static const char * const province_prefixes[] = {
  "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
  "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64",
  "65", "71", "81", "82",
};
#define NATIONAL_REGION "100000"
#define REGION_START    2
#define REGION_LENGTH   6

/* GB 11714-1997 organisation code: 8 characters and a check character */
static const guint org_weights[8] = { 3, 7, 9, 10, 5, 8, 4, 2 };

/* GB 11643-1999 */
static const guint id_weights[17] = {
  7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2
};
static const char id_check_chars[] = "10X98765432";

/* Value 0–30 of a credit-code character, -1 if not in the alphabet. */
static int
credit_value (char c)
{
  const char *p;

  if (c == '\0')
    return -1;
  p = strchr (credit_alphabet, c);
  return p ? (int) (p - credit_alphabet) : -1;
}

char
jg_credit_code_compute_check (const char *first17)
{
  guint sum = 0;

  g_return_val_if_fail (first17 != NULL, '\0');

  for (guint i = 0; i < 17; i++)
    {
      int v = credit_value (first17[i]);
      if (v < 0)
        return '\0';   /* also stops at a terminating NUL */
      sum += (guint) v * credit_weights[i];
    }
  return credit_alphabet[(31 - sum % 31) % 31];
}

gboolean
jg_credit_code_org_check_is_valid (const char *code)
{
  guint sum = 0;
  guint c;
  char expected;

  g_return_val_if_fail (code != NULL, FALSE);

  for (guint i = 0; i < 17; i++)   /* stop at a NUL before reading past it */
    if (code[i] == '\0')
      return FALSE;

  for (guint i = 0; i < 8; i++)
    {
      char ch = code[8 + i];
      guint v;

      if (g_ascii_isdigit (ch))
        v = (guint) (ch - '0');
      else if (ch >= 'A' && ch <= 'Z')
        v = (guint) (ch - 'A') + 10;
      else
        return FALSE;
      sum += v * org_weights[i];
    }
  c = 11 - sum % 11;
  expected = c == 10 ? 'X' : c == 11 ? '0' : (char) ('0' + c);
  return code[16] == expected;
}

gboolean
jg_credit_code_kind_is_known (const char *code)
{
  g_return_val_if_fail (code != NULL, FALSE);

  if (code[0] == '\0' || code[1] == '\0')
    return FALSE;
  for (guint i = 0; credit_kinds[i] != NULL; i++)
    if (code[0] == credit_kinds[i][0] && code[1] == credit_kinds[i][1])
      return TRUE;
  return FALSE;
}

gboolean
jg_credit_code_region_is_plausible (const char *code)
{
  const char *region;

  g_return_val_if_fail (code != NULL, FALSE);

  if (strnlen (code, REGION_START + REGION_LENGTH) < REGION_START + REGION_LENGTH)
    return FALSE;
  region = code + REGION_START;
  for (guint i = 0; i < REGION_LENGTH; i++)
    if (!g_ascii_isdigit (region[i]))
      return FALSE;
  if (strncmp (region, NATIONAL_REGION, REGION_LENGTH) == 0)
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (province_prefixes); i++)
    if (strncmp (region, province_prefixes[i], 2) == 0)
      return TRUE;
  return FALSE;
}

const char * const *
jg_credit_code_kinds (void)
{
  return credit_kinds;
}

char
jg_id_number_compute_check (const char *first17)
{
  guint sum = 0;

  g_return_val_if_fail (first17 != NULL, '\0');

  for (guint i = 0; i < 17; i++)
    {
      if (!g_ascii_isdigit (first17[i]))
        return '\0';
      sum += (guint) (first17[i] - '0') * id_weights[i];
    }
  return id_check_chars[sum % 11];
}

/* --- validation ----------------------------------------------------------- */

/* The character starting at @p as a string, for messages. */
static char *
char_at (const char *p)
{
  return g_strndup (p, (gsize) (g_utf8_next_char (p) - p));
}

/* Shared checks of a character that is not allowed, in order of helpfulness.
 * Returns FALSE and sets @error. */
static gboolean
bad_character (const char *p,
               guint       position,
               gboolean    credit_code,
               GError    **error)
{
  gunichar uc = g_utf8_get_char (p);
  g_autofree char *shown = char_at (p);

  if (uc == ' ' || uc == 0x3000 /* ideographic space */ || uc == '\t')
    {
      g_set_error (error, JG_ID_CHECK_ERROR, JG_ID_CHECK_ERROR_ALPHABET,
                   _("Character %u is a space; the code must not contain spaces."),
                   position);
      return FALSE;
    }

  /* Full-width digits and letters, as a Chinese input method types them. */
  if ((uc >= 0xFF10 && uc <= 0xFF19) || (uc >= 0xFF21 && uc <= 0xFF3A) ||
      (uc >= 0xFF41 && uc <= 0xFF5A))
    {
      char half = (char) (uc - 0xFF10 + '0');
      if (uc >= 0xFF21)
        half = (char) g_ascii_toupper ((char) (uc - 0xFF21 + 'A'));
      g_set_error (error, JG_ID_CHECK_ERROR, JG_ID_CHECK_ERROR_ALPHABET,
                   _("Character %u, “%s”, is a full-width character; type the half-width “%c” instead."),
                   position, shown, half);
      return FALSE;
    }

  if (credit_code && uc < 128 && g_ascii_islower ((char) uc) &&
      credit_value (g_ascii_toupper ((char) uc)) >= 0)
    {
      g_set_error (error, JG_ID_CHECK_ERROR, JG_ID_CHECK_ERROR_ALPHABET,
                   _("Character %u, “%s”, must be an uppercase letter: “%c”."),
                   position, shown, g_ascii_toupper ((char) uc));
      return FALSE;
    }

  if (credit_code && uc < 128)
    uc = (gunichar) g_ascii_toupper ((char) uc);   /* “o” is as wrong as “O” */
  if (credit_code && (uc == 'I' || uc == 'O' || uc == 'S' || uc == 'V' || uc == 'Z'))
    {
      if (uc == 'O' || uc == 'I')
        g_set_error (error, JG_ID_CHECK_ERROR, JG_ID_CHECK_ERROR_ALPHABET,
                     _("Character %u, “%s”, is not allowed: unified social credit codes never contain the letters I, O, S, V or Z. Did you mean the digit “%c”?"),
                     position, shown, uc == 'O' ? '0' : '1');
      else
        g_set_error (error, JG_ID_CHECK_ERROR, JG_ID_CHECK_ERROR_ALPHABET,
                     _("Character %u, “%s”, is not allowed: unified social credit codes never contain the letters I, O, S, V or Z."),
                     position, shown);
      return FALSE;
    }

  if (credit_code)
    g_set_error (error, JG_ID_CHECK_ERROR, JG_ID_CHECK_ERROR_ALPHABET,
                 _("Character %u, “%s”, is not allowed in a unified social credit code, which has only digits and uppercase letters."),
                 position, shown);
  else
    g_set_error (error, JG_ID_CHECK_ERROR, JG_ID_CHECK_ERROR_ALPHABET,
                 _("Character %u, “%s”, is not allowed: an ID number has only digits, and possibly “X” as its last character."),
                 position, shown);
  return FALSE;
}

/* Sets the error and returns FALSE unless @text is valid UTF-8 of exactly
 * 18 characters. */
static gboolean
check_length (const char *text,
              gboolean    credit_code,
              GError    **error)
{
  glong n;

  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error_literal (error, JG_ID_CHECK_ERROR, JG_ID_CHECK_ERROR_ALPHABET,
                           _("The text contains bytes that are not valid characters."));
      return FALSE;
    }

  n = g_utf8_strlen (text, -1);
  if (n == 18)
    return TRUE;

  if (n == 0)
    g_set_error_literal (error, JG_ID_CHECK_ERROR, JG_ID_CHECK_ERROR_LENGTH,
                         credit_code ? _("The unified social credit code is empty.")
                                     : _("The ID number is empty."));
  else if (!credit_code && n == 15)
    g_set_error_literal (error, JG_ID_CHECK_ERROR, JG_ID_CHECK_ERROR_LENGTH,
                         _("This is an old 15-digit ID number; enter the 18-character number instead."));
  else if (credit_code)
    g_set_error (error, JG_ID_CHECK_ERROR, JG_ID_CHECK_ERROR_LENGTH,
                 g_dngettext (GETTEXT_PACKAGE,
                              "A unified social credit code has 18 characters, but %ld was entered.",
                              "A unified social credit code has 18 characters, but %ld were entered.",
                              (gulong) n),
                 n);
  else
    g_set_error (error, JG_ID_CHECK_ERROR, JG_ID_CHECK_ERROR_LENGTH,
                 g_dngettext (GETTEXT_PACKAGE,
                              "An ID number has 18 characters, but %ld was entered.",
                              "An ID number has 18 characters, but %ld were entered.",
                              (gulong) n),
                 n);
  return FALSE;
}

static gboolean
check_digit_error (char     expected,
                   char     found,
                   GError **error)
{
  g_set_error (error, JG_ID_CHECK_ERROR, JG_ID_CHECK_ERROR_CHECK_DIGIT,
               _("The check character (the last one) should be “%c”, not “%c”. Check all characters for a typing error."),
               expected, found);
  return FALSE;
}

gboolean
jg_credit_code_is_valid (const char *code,
                         GError    **error)
{
  char expected;

  g_return_val_if_fail (code != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_length (code, TRUE, error))
    return FALSE;

  /* 18 characters; all must be ASCII from the alphabet. */
  {
    const char *p = code;
    for (guint i = 1; *p != '\0'; i++, p = g_utf8_next_char (p))
      if ((guchar) *p >= 128 || credit_value (*p) < 0)
        return bad_character (p, i, TRUE, error);
  }

  expected = jg_credit_code_compute_check (code);
  if (code[17] != expected)
    return check_digit_error (expected, code[17], error);
  return TRUE;
}

gboolean
jg_id_number_is_valid (const char *id,
                       GError    **error)
{
  guint year, month, day;
  char expected;

  g_return_val_if_fail (id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_length (id, FALSE, error))
    return FALSE;

  {
    const char *p = id;
    for (guint i = 1; *p != '\0'; i++, p = g_utf8_next_char (p))
      {
        if (g_ascii_isdigit (*p))
          continue;
        if (i == 18 && *p == 'X')
          continue;
        if (i == 18 && *p == 'x')
          {
            g_set_error_literal (error, JG_ID_CHECK_ERROR, JG_ID_CHECK_ERROR_ALPHABET,
                                 _("The last character must be an uppercase “X”, not a lowercase “x”."));
            return FALSE;
          }
        if (i < 18 && (*p == 'X' || *p == 'x'))
          {
            g_set_error (error, JG_ID_CHECK_ERROR, JG_ID_CHECK_ERROR_ALPHABET,
                         _("Character %u is “%c”, but only the last character of an ID number can be “X”."),
                         i, *p);
            return FALSE;
          }
        return bad_character (p, i, FALSE, error);
      }
  }

  /* All 18 are ASCII now. */
  year = (guint) g_ascii_digit_value (id[6]) * 1000 + (guint) g_ascii_digit_value (id[7]) * 100 +
         (guint) g_ascii_digit_value (id[8]) * 10 + (guint) g_ascii_digit_value (id[9]);
  month = (guint) g_ascii_digit_value (id[10]) * 10 + (guint) g_ascii_digit_value (id[11]);
  day = (guint) g_ascii_digit_value (id[12]) * 10 + (guint) g_ascii_digit_value (id[13]);

  if (year == 0 || !g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    {
      g_autofree char *digits = g_strndup (id + 6, 8);
      g_set_error (error, JG_ID_CHECK_ERROR, JG_ID_CHECK_ERROR_BIRTH_DATE,
                   _("Characters 7 to 14 are the date of birth, but “%s” is not a real date."),
                   digits);
      return FALSE;
    }
  else
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      guint today = (guint) g_date_time_get_year (now) * 10000 +
                    (guint) g_date_time_get_month (now) * 100 +
                    (guint) g_date_time_get_day_of_month (now);

      if (year * 10000 + month * 100 + day > today)
        {
          g_set_error (error, JG_ID_CHECK_ERROR, JG_ID_CHECK_ERROR_BIRTH_DATE,
                       _("Characters 7 to 14 are the date of birth, but %04u-%02u-%02u is in the future."),
                       year, month, day);
          return FALSE;
        }
    }

  expected = jg_id_number_compute_check (id);
  if (id[17] != expected)
    return check_digit_error (expected, id[17], error);
  return TRUE;
}
