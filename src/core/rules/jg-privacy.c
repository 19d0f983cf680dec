/* jg-privacy.c — the privacy guard of 曝光台
 *
 * The heuristics are described in jg-privacy.h. Candidates come from
 * GRegex patterns (one per kind, compiled once, thread-safe to match);
 * each is then confirmed by arithmetic (check digit, birth date, Luhn)
 * and the confirmed hits of all kinds are laid end to end without overlap.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "jg-id-check.h"
#include "jg-privacy.h"

#define ID_KEEP_HEAD   6     /* the region code: no one is identified by it */
#define ID_KEEP_TAIL   4
#define PHONE_KEEP_HEAD 3    /* the carrier's prefix */
#define KEEP_TAIL      4
#define MOBILE_DIGITS  11
#define ACCOUNT_MIN_DIGITS 16
#define ACCOUNT_MAX_DIGITS 19
#define MASK           "****"
#define ADDRESS_MASK   "***"
#define MASKED_NAME_SUFFIX "某"
#define FULLWIDTH_ZERO     0xFF10   /* ０; ９ is 0xFF19 */
#define FULLWIDTH_X        0xFF38
#define FULLWIDTH_SMALL_X  0xFF58
#define FULLWIDTH_PLUS     0xFF0B
#define FULLWIDTH_HYPHEN   0xFF0D

/* GB/T 2260 province-level codes, the first two digits of an ID number
 * (71: Taiwan, 81/82: Hong Kong and Macao, 83: residence permits of
 * Taiwan residents). A credit code's first two characters are never one. */
static const char * const province_codes[] = {
  "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34",
  "35", "36", "37", "41", "42", "43", "44", "45", "46", "50", "51", "52",
  "53", "54", "61", "62", "63", "64", "65", "71", "81", "82", "83",
};

/* Compound surnames common enough to be met in a decision (mask keeps both
 * characters: 欧阳小明 → 欧阳某). */
static const char * const compound_surnames[] = {
  "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容",
  "长孙", "宇文", "司徒", "夏侯", "轩辕", "令狐", "钟离", "端木", "申屠",
  "澹台", "南宫", "闻人", "呼延", "独孤", "西门", "万俟", "百里", "东郭",
  "太史", "第五", "司空", "左丘", "濮阳", "赫连", "拓跋",
};

/* Words that introduce an address: a hit starts after the last of them. */
static const char * const address_lead_ins[] = {
  "位于", "住址", "地址", "住所", "家住", "住在", "居住", "户籍地", "户籍",
  "经营场所", "营业场所", "场所", "现住", "住", "在", "于", "为", "是",
};

enum { PATTERN_ID, PATTERN_MOBILE, PATTERN_LANDLINE, PATTERN_ACCOUNT, PATTERN_ADDRESS, N_PATTERNS };

static const char * const pattern_sources[N_PATTERNS] = {
  /* 17 digits and a check character, not inside a longer code */
  [PATTERN_ID] = "(?<![0-9A-Za-z])[0-9]{17}[0-9Xx](?![0-9A-Za-z])",
  /* 13812345678, 138-1234-5678, 138 1234 5678, +86 138…, not in a digit run */
  [PATTERN_MOBILE] = "(?<![0-9+])(?:(?:\\+|00)?86[- ]?)?1[3-9][0-9][- ]?[0-9]{4}[- ]?[0-9]{4}(?![0-9])",
  /* 0663-8123456, (0663)8123456, （0663）81234567 */
  [PATTERN_LANDLINE] = "(?<![0-9])(?:0[1-9][0-9]{1,2}-|\\(0[1-9][0-9]{1,2}\\) ?|（0[1-9][0-9]{1,2}）)[2-9][0-9]{6,7}(?![0-9])",
  /* 16–19 digits, or groups of 4 separated by a space or a hyphen */
  [PATTERN_ACCOUNT] = "(?<![0-9])(?:[0-9]{16,19}|[0-9]{4}(?:[- ][0-9]{4}){3}(?:[- ][0-9]{1,3})?)(?![0-9])",
  /* a place whose name ends in a road, street, lane, village or estate,
   * directly followed by a house number, then any further numbered parts */
  [PATTERN_ADDRESS] = "\\p{Han}{1,16}?(?:路|街|大道|巷|弄|村|胡同|小区|花园|大厦|社区)"
                      "(?:[东西南北中]段)?[0-9]+(?:-[0-9]+)?(?:号|巷|弄|栋|幢|座|单元|室|楼|层|房)"
                      "(?:\\p{Han}{0,6}?[0-9]+(?:-[0-9]+)?(?:号|栋|幢|座|单元|室|楼|层|房))*",
};

static GRegex *
pattern (guint which)
{
  static GRegex *patterns[N_PATTERNS];
  static gsize initialized;

  if (g_once_init_enter (&initialized))
    {
      for (guint i = 0; i < N_PATTERNS; i++)
        {
          g_autoptr(GError) error = NULL;
          patterns[i] = g_regex_new (pattern_sources[i], G_REGEX_OPTIMIZE, 0, &error);
          g_assert_no_error (error);
        }
      g_once_init_leave (&initialized, 1);
    }
  return patterns[which];
}

/* The digit @c stands for ('0'–'9', 'X' for the check character of an ID
 * number), full-width forms included, or 0. */
static char
digit_value (gunichar c)
{
  if (c >= '0' && c <= '9')
    return (char) c;
  if (c >= FULLWIDTH_ZERO && c <= FULLWIDTH_ZERO + 9)
    return (char) ('0' + (c - FULLWIDTH_ZERO));
  if (c == 'X' || c == 'x' || c == FULLWIDTH_X || c == FULLWIDTH_SMALL_X)
    return 'X';
  return 0;
}

/* The digits of @text[start, end) in ASCII, and the X of an ID number. */
static char *
digits_of (const char *text,
           gsize       start,
           gsize       end)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text + start; p < text + end; p = g_utf8_next_char (p))
    {
      char d = digit_value (g_utf8_get_char (p));
      if (d)
        g_string_append_c (out, d);
    }
  return g_string_free (out, FALSE);
}

/* @text with full-width digits, X, plus and hyphen in ASCII (a text typed
 * with a Chinese input method in full-width mode has them), so that the
 * patterns see one spelling; @orig maps each of its byte offsets (and its
 * length) back to @text's. */
static char *
normalize_width (const char  *text,
                 GArray     **orig)
{
  GString *out = g_string_new (NULL);
  const char *p;

  *orig = g_array_new (FALSE, FALSE, sizeof (gsize));
  for (p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      gsize at = p - text;
      char ascii = 0;

      if (c >= FULLWIDTH_ZERO && c <= FULLWIDTH_ZERO + 9)
        ascii = (char) ('0' + (c - FULLWIDTH_ZERO));
      else if (c == FULLWIDTH_X)
        ascii = 'X';
      else if (c == FULLWIDTH_SMALL_X)
        ascii = 'x';
      else if (c == FULLWIDTH_PLUS)
        ascii = '+';
      else if (c == FULLWIDTH_HYPHEN)
        ascii = '-';
      if (ascii)
        {
          g_string_append_c (out, ascii);
          g_array_append_val (*orig, at);
          continue;
        }
      for (const char *b = p; b < g_utf8_next_char (p); b++)
        {
          gsize byte_at = b - text;
          g_string_append_c (out, *b);
          g_array_append_val (*orig, byte_at);
        }
    }
  {
    gsize end = p - text;
    g_array_append_val (*orig, end);
  }
  return g_string_free (out, FALSE);
}

static gboolean
is_id_number (const char *candidate)
{
  gboolean province = FALSE;

  if (strlen (candidate) != JG_ID_NUMBER_LENGTH)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (province_codes); i++)
    province = province || strncmp (candidate, province_codes[i], 2) == 0;
  return province && jg_id_number_is_valid (candidate, NULL);
}

static gboolean
luhn_is_valid (const char *digits)
{
  gsize n = strlen (digits);
  guint sum = 0;

  for (gsize i = 0; i < n; i++)
    {
      guint d = digits[n - 1 - i] - '0';
      if (i % 2 == 1)
        {
          d *= 2;
          if (d > 9)
            d -= 9;
        }
      sum += d;
    }
  return sum % 10 == 0;
}

static gboolean
confirm_account (const char *digits)
{
  gsize n = strlen (digits);

  if (n < ACCOUNT_MIN_DIGITS || n > ACCOUNT_MAX_DIGITS || strchr (digits, 'X'))
    return FALSE;
  if (is_id_number (digits))
    return FALSE;
  /* an organisation's credit code (all digits, 18 long) is public */
  if (n == JG_CREDIT_CODE_LENGTH && jg_credit_code_is_valid (digits, NULL))
    return FALSE;
  return luhn_is_valid (digits);
}

/* Moves @start past the last lead-in word ("住址", "位于"…) of the address
 * hit [start, end) that comes before its road part. */
static gsize
trim_address_start (const char *text,
                    gsize       start,
                    gsize       end)
{
  g_autofree char *hit = g_strndup (text + start, end - start);
  const char *digit = strpbrk (hit, "0123456789");
  gsize best = 0;

  for (guint i = 0; i < G_N_ELEMENTS (address_lead_ins); i++)
    {
      const char *p = hit, *found;
      while ((found = strstr (p, address_lead_ins[i])) != NULL
             && (digit == NULL || found < digit))
        {
          gsize after = found - hit + strlen (address_lead_ins[i]);
          best = MAX (best, after);
          p = found + 1;
        }
    }
  return start + best;
}

static void
collect (GArray        *candidates,
         const char    *text,
         guint          which,
         JgPrivacyKind  kind)
{
  g_autoptr(GMatchInfo) match = NULL;

  g_regex_match (pattern (which), text, 0, &match);
  for (; g_match_info_matches (match); g_match_info_next (match, NULL))
    {
      JgPrivacyHit hit = { .kind = kind };
      int s, e;
      g_autofree char *digits = NULL;

      g_match_info_fetch_pos (match, 0, &s, &e);
      hit.start = s;
      hit.end = e;
      digits = digits_of (text, hit.start, hit.end);
      switch (which)
        {
        case PATTERN_ID:
          if (!is_id_number (digits))
            continue;
          break;
        case PATTERN_ACCOUNT:
          if (!confirm_account (digits))
            continue;
          break;
        case PATTERN_ADDRESS:
          hit.start = trim_address_start (text, hit.start, hit.end);
          if (hit.start >= hit.end)
            continue;
          break;
        default:
          break;
        }
      g_array_append_val (candidates, hit);
    }
}

static int
compare_hits (gconstpointer a,
              gconstpointer b)
{
  const JgPrivacyHit *x = a, *y = b;

  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  if (x->end != y->end)
    return x->end > y->end ? -1 : 1;   /* the longer first */
  return (int) x->kind - (int) y->kind;
}

GArray *
jg_privacy_scan (const char *text)
{
  g_autoptr(GArray) candidates = g_array_new (FALSE, FALSE, sizeof (JgPrivacyHit));
  g_autoptr(GArray) orig = NULL;
  g_autofree char *normal = NULL;
  GArray *hits = g_array_new (FALSE, FALSE, sizeof (JgPrivacyHit));
  gsize covered = 0;

  if (text == NULL || *text == '\0' || !g_utf8_validate (text, -1, NULL))
    return hits;

  normal = normalize_width (text, &orig);
  collect (candidates, normal, PATTERN_ID, JG_PRIVACY_ID_NUMBER);
  collect (candidates, normal, PATTERN_MOBILE, JG_PRIVACY_PHONE);
  collect (candidates, normal, PATTERN_LANDLINE, JG_PRIVACY_PHONE);
  collect (candidates, normal, PATTERN_ACCOUNT, JG_PRIVACY_BANK_ACCOUNT);
  collect (candidates, normal, PATTERN_ADDRESS, JG_PRIVACY_ADDRESS);
  g_array_sort (candidates, compare_hits);

  for (guint i = 0; i < candidates->len; i++)
    {
      JgPrivacyHit hit = g_array_index (candidates, JgPrivacyHit, i);
      if (hit.start < covered)
        continue;
      covered = hit.end;
      hit.start = g_array_index (orig, gsize, hit.start);
      hit.end = g_array_index (orig, gsize, hit.end);
      g_array_append_val (hits, hit);
    }
  return hits;
}

const char *
jg_privacy_kind_get_label (JgPrivacyKind kind)
{
  switch (kind)
    {
    case JG_PRIVACY_ID_NUMBER: return _("ID number");
    case JG_PRIVACY_PHONE: return _("phone number");
    case JG_PRIVACY_BANK_ACCOUNT: return _("bank account number");
    case JG_PRIVACY_ADDRESS: return _("address");
    default: g_return_val_if_reached (NULL);
    }
}

/* The surname of @name: a compound one, or its first character. */
static gsize
surname_length (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (compound_surnames); i++)
    if (g_str_has_prefix (name, compound_surnames[i]))
      return strlen (compound_surnames[i]);
  return g_utf8_next_char (name) - name;
}

gboolean
jg_privacy_name_is_masked (const char *name)
{
  g_autofree char *trimmed = NULL;
  const char *rest;

  if (name == NULL)
    return FALSE;
  trimmed = g_strstrip (g_strdup (name));
  if (*trimmed == '\0')
    return FALSE;
  rest = trimmed + surname_length (trimmed);
  /* 张某, and 张某某, which decisions also write */
  return g_str_equal (rest, MASKED_NAME_SUFFIX)
         || g_str_equal (rest, MASKED_NAME_SUFFIX MASKED_NAME_SUFFIX);
}

char *
jg_privacy_mask_name (const char *name)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *surname = NULL;

  if (name == NULL)
    return g_strdup ("");
  trimmed = g_strstrip (g_utf8_make_valid (name, -1));
  if (*trimmed == '\0' || jg_privacy_name_is_masked (trimmed))
    return g_steal_pointer (&trimmed);
  surname = g_strndup (trimmed, surname_length (trimmed));
  return g_strconcat (surname, MASKED_NAME_SUFFIX, NULL);
}

/* The replacement of one hit. */
static void
append_masked (GString            *out,
               const char         *text,
               const JgPrivacyHit *hit)
{
  g_autofree char *digits = digits_of (text, hit->start, hit->end);
  gsize n = strlen (digits);

  switch (hit->kind)
    {
    case JG_PRIVACY_ID_NUMBER:
      g_string_append_len (out, digits, ID_KEEP_HEAD);
      for (gsize i = ID_KEEP_HEAD; i + ID_KEEP_TAIL < n; i++)
        g_string_append_c (out, '*');
      g_string_append (out, digits + n - ID_KEEP_TAIL);
      break;
    case JG_PRIVACY_PHONE:
      if (digits[0] == '0')   /* a landline: its area code stays, in ASCII */
        {
          g_autoptr(GString) code = g_string_new (NULL);
          const char *p = text + hit->start;
          gunichar open = 0, after;

          if (!digit_value (g_utf8_get_char (p)))
            {
              open = g_utf8_get_char (p);
              p = g_utf8_next_char (p);
            }
          for (char d; (d = digit_value (g_utf8_get_char (p))) != 0; p = g_utf8_next_char (p))
            g_string_append_c (code, d);
          after = g_utf8_get_char (p);
          if (open != 0)
            {
              g_string_append_unichar (out, open);
              g_string_append (out, code->str);
              g_string_append_unichar (out, after);
            }
          else
            {
              g_string_append (out, code->str);
              g_string_append_c (out, '-');
            }
        }
      else
        {
          const char *mobile = digits + (n > MOBILE_DIGITS ? n - MOBILE_DIGITS : 0);
          g_string_append_len (out, mobile, PHONE_KEEP_HEAD);
        }
      g_string_append (out, MASK);
      g_string_append (out, digits + n - KEEP_TAIL);
      break;
    case JG_PRIVACY_BANK_ACCOUNT:
      g_string_append (out, MASK);
      g_string_append (out, digits + n - KEEP_TAIL);
      break;
    case JG_PRIVACY_ADDRESS:
      {
        /* up to the last district-level name: 区 (not 小区), 县, else 市 */
        const char *hit_text = text + hit->start;
        gunichar prev = 0;
        gsize keep = 0;
        for (const char *p = hit_text; p < text + hit->end; p = g_utf8_next_char (p))
          {
            gunichar c = g_utf8_get_char (p);
            gsize after = g_utf8_next_char (p) - hit_text;
            gboolean estate = prev == 0x5C0F /* 小 */;
            prev = c;
            if ((c == 0x533A /* 区 */ && !estate) || c == 0x53BF /* 县 */)
              keep = after;
            else if ((c == 0x5E02 /* 市 */ || c == 0x7701 /* 省 */) && keep == 0)
              keep = after;
          }
        g_string_append_len (out, hit_text, keep);
        g_string_append (out, ADDRESS_MASK);
      }
      break;
    default:
      g_assert_not_reached ();
    }
}

char *
jg_privacy_mask (const char *text,
                 GArray     *hits)
{
  GString *out = g_string_new (NULL);
  gsize at = 0;

  if (text == NULL)
    return g_string_free (out, FALSE);
  for (guint i = 0; hits && i < hits->len; i++)
    {
      const JgPrivacyHit *hit = &g_array_index (hits, JgPrivacyHit, i);

      g_return_val_if_fail (hit->start >= at && hit->end <= strlen (text), g_string_free (out, FALSE));
      g_string_append_len (out, text + at, hit->start - at);
      append_masked (out, text, hit);
      at = hit->end;
    }
  g_string_append (out, text + at);
  return g_string_free (out, FALSE);
}
