/* test-privacy.c — the privacy guard of 曝光台: what it flags and how it masks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib.h>

#include "jg-id-check.h"
#include "jg-privacy.h"

/* A valid ID number of 揭阳 (445202) born on @birth (YYYYMMDD). */
static char *
make_id (const char *birth,
         const char *sequence)
{
  char id[JG_ID_NUMBER_LENGTH + 1];

  g_snprintf (id, sizeof id, "445202%s%s", birth, sequence);
  id[17] = jg_id_number_compute_check (id);
  id[18] = '\0';
  return g_strdup (id);
}

/* The hits of @text as "kind:text" strings, joined by "|". */
static char *
describe (const char *text)
{
  g_autoptr(GArray) hits = jg_privacy_scan (text);
  g_autoptr(GString) out = g_string_new (NULL);
  static const char * const kinds[] = { "id", "phone", "account", "address" };

  for (guint i = 0; i < hits->len; i++)
    {
      JgPrivacyHit *hit = &g_array_index (hits, JgPrivacyHit, i);
      if (i > 0)
        {
          JgPrivacyHit *prev = &g_array_index (hits, JgPrivacyHit, i - 1);
          g_assert_cmpuint (prev->end, <=, hit->start);
          g_string_append_c (out, '|');
        }
      g_assert_cmpuint (hit->start, <, hit->end);
      g_assert_true (g_utf8_validate (text + hit->start, hit->end - hit->start, NULL));
      g_string_append_printf (out, "%s:%.*s", kinds[hit->kind],
                              (int) (hit->end - hit->start), text + hit->start);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
mask (const char *text)
{
  g_autoptr(GArray) hits = jg_privacy_scan (text);
  return jg_privacy_mask (text, hits);
}

#define assert_hits(text, expected) G_STMT_START { \
    g_autofree char *got_ = describe (text);        \
    g_assert_cmpstr (got_, ==, expected);           \
  } G_STMT_END

static void
test_id_numbers (void)
{
  g_autofree char *id = make_id ("19850317", "123");
  g_autofree char *wrong = g_strdup (id);
  g_autofree char *text = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *lower_x = NULL;

  /* a valid one, inside Chinese text without spaces */
  text = g_strdup_printf ("当事人张某（身份证号码%s）于2026年", id);
  expected = g_strdup_printf ("id:%s", id);
  assert_hits (text, expected);

  /* a wrong check digit: a document number, not flagged */
  wrong[17] = wrong[17] == '1' ? '2' : '1';
  assert_hits (wrong, "");

  /* a right check digit but no real birth date (month 13) */
  {
    char bad_date[JG_ID_NUMBER_LENGTH + 1];
    g_snprintf (bad_date, sizeof bad_date, "44520219851317123");
    bad_date[17] = jg_id_number_compute_check (bad_date);
    bad_date[18] = '\0';
    assert_hits (bad_date, "");
  }

  /* a known real-format number ending in X, also in lowercase */
  assert_hits ("身份证11010519491231002X。", "id:11010519491231002X");
  assert_hits ("身份证11010519491231002x。", "id:11010519491231002x");

  /* inside a longer run of digits or letters: part of something else */
  g_free (text);
  text = g_strdup_printf ("90%s", id);   /* 20 digits: neither an ID nor an account */
  assert_hits (text, "");
  g_free (text);
  text = g_strdup_printf ("A%s", id);
  assert_hits (text, "");

  /* old 15-digit numbers are not flagged (see jg-privacy.h) */
  assert_hits ("身份证号445202850317123", "");

  /* masking keeps the region and the last four */
  g_free (text);
  text = g_strdup_printf ("号码%s。", id);
  lower_x = mask (text);
  g_free (expected);
  expected = g_strdup_printf ("号码445202********%s。", id + 14);
  g_assert_cmpstr (lower_x, ==, expected);
}

static void
test_credit_codes_and_numbers (void)
{
  char digits_code[JG_CREDIT_CODE_LENGTH + 1] = "91445200MA4UQ1234";
  char numeric_code[JG_CREDIT_CODE_LENGTH + 1];
  guint serial;

  /* a credit code with letters, and one made of digits only */
  digits_code[17] = jg_credit_code_compute_check (digits_code);
  digits_code[18] = '\0';
  g_assert_true (jg_credit_code_is_valid (digits_code, NULL));
  assert_hits (digits_code, "");
  assert_hits ("统一社会信用代码91440300708461136T", "");
  for (serial = 0; serial < 1000; serial++)
    {
      g_snprintf (numeric_code, sizeof numeric_code, "914452007084%05u", serial);
      numeric_code[17] = jg_credit_code_compute_check (numeric_code);
      numeric_code[18] = '\0';
      if (g_ascii_isdigit (numeric_code[17]))
        {
          g_autofree char *got = describe (numeric_code);
          g_assert_cmpstr (got, ==, "");
        }
    }

  /* amounts, dates, decision and case numbers */
  assert_hits ("罚款人民币12,345.67元，没收违法所得1234567890元", "");
  assert_hits ("揭市监罚〔2026〕12号，决定日期2026-03-01", "");
  assert_hits ("案件编号202644520200012345，立案日期20260301", "");
  assert_hits ("依据《食品安全法》第一百二十四条第一款第（三）项", "");
}

static void
test_phones (void)
{
  assert_hits ("联系电话13812345678。", "phone:13812345678");
  assert_hits ("手机138-1234-5678，或138 1234 5678", "phone:138-1234-5678|phone:138 1234 5678");
  assert_hits ("电话+86 13812345678", "phone:+86 13812345678");
  assert_hits ("固话0663-8123456与(020)87654321、（0663）81234567",
               "phone:0663-8123456|phone:(020)87654321|phone:（0663）81234567");
  /* not phones: inside a longer run, a second digit outside 3–9, no area code */
  assert_hits ("编号2138123456789", "");
  assert_hits ("12812345678", "");
  assert_hits ("电话8123456", "");

  {
    g_autofree char *m1 = mask ("电话13812345678。");
    g_autofree char *m2 = mask ("电话+86 138-1234-5678");
    g_autofree char *m3 = mask ("电话0663-8123456");
    g_assert_cmpstr (m1, ==, "电话138****5678。");
    g_assert_cmpstr (m2, ==, "电话138****5678");
    g_assert_cmpstr (m3, ==, "电话0663-****3456");
  }
}

static void
test_bank_accounts (void)
{
  /* 4111 1111 1111 1111 passes Luhn; the same with one digit changed does not */
  assert_hits ("账号4111111111111111", "account:4111111111111111");
  assert_hits ("账号4111 1111 1111 1111", "account:4111 1111 1111 1111");
  assert_hits ("账号4111111111111112", "");
  assert_hits ("账号62220200123456789012", "");   /* 22 digits: not an account */
  {
    g_autofree char *masked = mask ("转入账号4111-1111-1111-1111。");
    g_assert_cmpstr (masked, ==, "转入账号****1111。");
  }
}

static void
test_addresses (void)
{
  assert_hits ("当事人住所位于揭阳市榕城区新兴路12号3栋502室，",
               "address:揭阳市榕城区新兴路12号3栋502室");
  assert_hits ("家住渔湖镇下寨村3巷12号", "address:渔湖镇下寨村3巷12号");
  /* a district or a road alone is not a detailed address */
  assert_hits ("在榕城区开展检查", "");
  assert_hits ("新兴路沿线商户", "");
  {
    g_autofree char *masked = mask ("住所位于揭阳市榕城区新兴路12号3栋502室。");
    g_autofree char *masked_estate = mask ("住在幸福小区3栋502室");
    g_assert_cmpstr (masked, ==, "住所位于揭阳市榕城区***。");
    g_assert_cmpstr (masked_estate, ==, "住在***");
  }
}

static void
test_mixed (void)
{
  g_autofree char *id = make_id ("20010101", "456");
  g_autofree char *text = g_strdup_printf ("张某，身份证%s，电话13912345678，住揭阳市榕城区新兴路8号。", id);
  g_autofree char *expected = g_strdup_printf ("id:%s|phone:13912345678|address:揭阳市榕城区新兴路8号", id);
  g_autofree char *masked = mask (text);
  g_autoptr(GArray) again = jg_privacy_scan (masked);

  assert_hits (text, expected);
  /* what the mask leaves is never flagged again */
  g_assert_cmpuint (again->len, ==, 0);
  assert_hits (NULL, "");
  assert_hits ("", "");
}

/* Typed with a Chinese input method in full-width mode. */
static void
test_full_width (void)
{
  g_autofree char *id = make_id ("19900101", "321");
  g_autoptr(GString) wide = g_string_new ("身份证");
  g_autofree char *masked = NULL;
  g_autofree char *expected = NULL;

  for (const char *p = id; *p; p++)
    g_string_append_unichar (wide, *p == 'X' ? 0xFF38 : 0xFF10 + (*p - '0'));
  g_string_append (wide, "，电话１３８－１２３４－５６７８");
  {
    g_autoptr(GArray) hits = jg_privacy_scan (wide->str);
    g_assert_cmpuint (hits->len, ==, 2);
    g_assert_cmpint (g_array_index (hits, JgPrivacyHit, 0).kind, ==, JG_PRIVACY_ID_NUMBER);
    g_assert_cmpuint (g_array_index (hits, JgPrivacyHit, 0).start, ==, strlen ("身份证"));
    g_assert_cmpuint (g_array_index (hits, JgPrivacyHit, 1).end, ==, wide->len);
  }
  masked = mask (wide->str);
  expected = g_strdup_printf ("身份证445202********%s，电话138****5678", id + 14);
  g_assert_cmpstr (masked, ==, expected);
}

static void
test_names (void)
{
  static const struct { const char *in, *out; } cases[] = {
    { "张三", "张某" },
    { "李小红", "李某" },
    { "欧阳小明", "欧阳某" },
    { "司马光", "司马某" },
    { " 王五 ", "王某" },
    { "张某", "张某" },
    { "张某某", "张某某" },
    { "欧阳某", "欧阳某" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *masked = jg_privacy_mask_name (cases[i].in);
      g_assert_cmpstr (masked, ==, cases[i].out);
      if (*cases[i].out)
        g_assert_true (jg_privacy_name_is_masked (masked));
    }
  g_assert_false (jg_privacy_name_is_masked ("张三"));
  g_assert_false (jg_privacy_name_is_masked ("某"));
  g_assert_false (jg_privacy_name_is_masked ("张某三"));
  g_assert_false (jg_privacy_name_is_masked (NULL));
  g_assert_false (jg_privacy_name_is_masked (""));
}

static void
test_labels (void)
{
  g_assert_cmpstr (jg_privacy_kind_get_label (JG_PRIVACY_ID_NUMBER), ==, "ID number");
  g_assert_cmpstr (jg_privacy_kind_get_label (JG_PRIVACY_ADDRESS), ==, "address");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/privacy/id-numbers", test_id_numbers);
  g_test_add_func ("/privacy/credit-codes-and-numbers", test_credit_codes_and_numbers);
  g_test_add_func ("/privacy/phones", test_phones);
  g_test_add_func ("/privacy/bank-accounts", test_bank_accounts);
  g_test_add_func ("/privacy/addresses", test_addresses);
  g_test_add_func ("/privacy/mixed", test_mixed);
  g_test_add_func ("/privacy/full-width", test_full_width);
  g_test_add_func ("/privacy/names", test_names);
  g_test_add_func ("/privacy/labels", test_labels);

  return g_test_run ();
}
