/* test-id-check.c — GB 32100 credit codes and GB 11643 ID numbers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib.h>

#include "jg-id-check.h"

static const char * const valid_credit_codes[] = {
  "91350100M000100Y43",
  "91440300708461136T",
};

static const char * const valid_id_numbers[] = {
  "11010519491231002X",
  "440524188001010014",
};

static const char credit_alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

static void
test_credit_valid (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (valid_credit_codes); i++)
    {
      g_autoptr(GError) error = NULL;
      const char *code = valid_credit_codes[i];

      g_assert_true (jg_credit_code_is_valid (code, &error));
      g_assert_no_error (error);
      g_assert_cmpint (jg_credit_code_compute_check (code), ==, code[17]);
      g_assert_true (jg_credit_code_org_check_is_valid (code));
    }
  /* NULL error is allowed */
  g_assert_true (jg_credit_code_is_valid ("91440300708461136T", NULL));
  g_assert_false (jg_credit_code_is_valid ("91440300708461136A", NULL));
}

/* GB 32100's registration authorities and their entity types, from
 * ../shared/domain.md (the standard's table with its later additions),
 * written out here so that the code's table is checked against it. */
static const struct {
  char        authority;
  const char *types;
} gb32100_kinds[] = {
  { '1', "1239" },   /* 机构编制: 机关, 事业单位, 群众团体, 其他 */
  { '2', "19" },     /* 外交: 外国常驻新闻机构, 其他 */
  { '3', "123459" }, /* 司法行政: 律师执业机构, 公证处, 基层法律服务所, 司法鉴定机构, 仲裁委员会, 其他 */
  { '4', "19" },     /* 文化: 外国在华文化中心, 其他 */
  { '5', "1239" },   /* 民政: 社会团体, 民办非企业单位, 基金会, 其他 */
  { '6', "129" },    /* 旅游: 外国/港澳台旅游部门常驻代表机构, 其他 */
  { '7', "129" },    /* 宗教: 宗教活动场所, 宗教院校, 其他 */
  { '8', "19" },     /* 工会: 基层工会, 其他 */
  { '9', "123" },    /* 工商: 企业, 个体工商户, 农民专业合作社 */
  { 'A', "19" },     /* 中央军委改革和编制办公室: 军队事业单位, 其他 */
  { 'N', "1239" },   /* 农业农村: 组级, 村级, 乡镇级集体经济组织, 其他 */
  { 'Y', "1" },      /* 其他 */
};

static gboolean
in_gb32100 (char authority,
            char type)
{
  for (guint i = 0; i < G_N_ELEMENTS (gb32100_kinds); i++)
    if (gb32100_kinds[i].authority == authority)
      return strchr (gb32100_kinds[i].types, type) != NULL;
  return FALSE;
}

/* A code of @authority and @type with the rest of 91440300708461136T and
 * its own check character. */
static char *
code_of_kind (char        authority,
              char        type,
              const char *region)
{
  g_autofree char *first17 = g_strdup_printf ("%c%c%s708461136", authority, type, region);

  return g_strdup_printf ("%s%c", first17, jg_credit_code_compute_check (first17));
}

static void
test_credit_kinds (void)
{
  guint known = 0;

  /* Every authority and entity type of the table is known; every other
   * pair of the alphabet is not, though its check character is right. */
  for (const char *a = credit_alphabet; *a; a++)
    for (const char *t = credit_alphabet; *t; t++)
      {
        g_autofree char *code = code_of_kind (*a, *t, "440300");

        g_assert_true (jg_credit_code_is_valid (code, NULL));
        if (in_gb32100 (*a, *t))
          {
            g_assert_true (jg_credit_code_kind_is_known (code));
            known++;
          }
        else if (jg_credit_code_kind_is_known (code))
          g_error ("%c%c is no authority and type of GB 32100, but %s is accepted", *a, *t, code);
      }
  g_assert_cmpuint (known, ==, 36);
  g_assert_cmpuint (g_strv_length ((char **) jg_credit_code_kinds ()), ==, known);
  g_assert_false (jg_credit_code_kind_is_known ("9"));
  g_assert_false (jg_credit_code_kind_is_known (""));
}

static void
test_credit_regions (void)
{
  static const char * const plausible[] = { "440300", "445202", "350100", "110105", "820000", "100000" };
  static const char * const impossible[] = { "000000", "990000", "470000", "101000", "4403AB", "0A0000" };

  for (guint i = 0; i < G_N_ELEMENTS (plausible); i++)
    {
      g_autofree char *code = code_of_kind ('9', '1', plausible[i]);
      g_assert_true (jg_credit_code_region_is_plausible (code));
    }
  for (guint i = 0; i < G_N_ELEMENTS (impossible); i++)
    {
      g_autofree char *code = code_of_kind ('9', '1', impossible[i]);
      g_assert_false (jg_credit_code_region_is_plausible (code));
    }
  g_assert_false (jg_credit_code_region_is_plausible ("914403"));
}

static void
test_credit_compute (void)
{
  g_assert_cmpint (jg_credit_code_compute_check ("91350100M000100Y4"), ==, '3');
  g_assert_cmpint (jg_credit_code_compute_check ("91440300708461136"), ==, 'T');
  /* extra characters are ignored */
  g_assert_cmpint (jg_credit_code_compute_check ("91440300708461136Q"), ==, 'T');
  /* too short, or a character outside the alphabet */
  g_assert_cmpint (jg_credit_code_compute_check ("9144030070846113"), ==, '\0');
  g_assert_cmpint (jg_credit_code_compute_check (""), ==, '\0');
  g_assert_cmpint (jg_credit_code_compute_check ("914403007084611I6"), ==, '\0');
  g_assert_cmpint (jg_credit_code_compute_check ("914403007084611a6"), ==, '\0');
}

static void
assert_credit_error (const char *code,
                     int         expected_code,
                     const char *expected_fragment)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (jg_credit_code_is_valid (code, &error));
  g_assert_error (error, JG_ID_CHECK_ERROR, expected_code);
  if (expected_fragment != NULL && strstr (error->message, expected_fragment) == NULL)
    g_error ("“%s”: message “%s” lacks “%s”", code, error->message, expected_fragment);
}

static void
assert_id_error (const char *id,
                 int         expected_code,
                 const char *expected_fragment)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (jg_id_number_is_valid (id, &error));
  g_assert_error (error, JG_ID_CHECK_ERROR, expected_code);
  if (expected_fragment != NULL && strstr (error->message, expected_fragment) == NULL)
    g_error ("“%s”: message “%s” lacks “%s”", id, error->message, expected_fragment);
}

static void
test_credit_failures (void)
{
  /* length */
  assert_credit_error ("", JG_ID_CHECK_ERROR_LENGTH, "empty");
  assert_credit_error ("91440300708461136", JG_ID_CHECK_ERROR_LENGTH, "17 were entered");
  assert_credit_error ("91440300708461136TT", JG_ID_CHECK_ERROR_LENGTH, "19 were entered");
  assert_credit_error ("9", JG_ID_CHECK_ERROR_LENGTH, "1 was entered");
  /* length counts characters, not bytes: 18 characters, one of them full-width */
  assert_credit_error ("914403007084611３6T", JG_ID_CHECK_ERROR_ALPHABET, "half-width “3”");
  assert_credit_error ("91440300708461136ｔ", JG_ID_CHECK_ERROR_ALPHABET, "half-width “T”");

  /* alphabet */
  assert_credit_error ("91440300708461136t", JG_ID_CHECK_ERROR_ALPHABET, "uppercase letter: “T”");
  assert_credit_error ("91350100m000100Y43", JG_ID_CHECK_ERROR_ALPHABET, "Character 9");
  assert_credit_error ("91350100M000100O43", JG_ID_CHECK_ERROR_ALPHABET, "digit “0”");
  assert_credit_error ("9I350100M000100Y43", JG_ID_CHECK_ERROR_ALPHABET, "digit “1”");
  assert_credit_error ("91350100M000100S43", JG_ID_CHECK_ERROR_ALPHABET, "I, O, S, V or Z");
  assert_credit_error ("91350100M000100V43", JG_ID_CHECK_ERROR_ALPHABET, "I, O, S, V or Z");
  assert_credit_error ("Z1350100M000100Y43", JG_ID_CHECK_ERROR_ALPHABET, "Character 1,");
  assert_credit_error ("9135010 M000100Y43", JG_ID_CHECK_ERROR_ALPHABET, "Character 8 is a space");
  assert_credit_error ("91350100-000100Y43", JG_ID_CHECK_ERROR_ALPHABET, "“-”");
  assert_credit_error ("9135010信M000100Y43", JG_ID_CHECK_ERROR_ALPHABET, "“信”");
  assert_credit_error ("91350100\xff" "000100Y43", JG_ID_CHECK_ERROR_ALPHABET, NULL);

  /* check character */
  assert_credit_error ("91440300708461136X", JG_ID_CHECK_ERROR_CHECK_DIGIT,
                       "should be “T”, not “X”");
  assert_credit_error ("91350100M000100Y44", JG_ID_CHECK_ERROR_CHECK_DIGIT,
                       "should be “3”, not “4”");
}

static void
test_credit_org_check (void)
{
  char code[19];

  g_assert_true (jg_credit_code_org_check_is_valid ("91350100M000100Y43"));
  g_assert_true (jg_credit_code_org_check_is_valid ("91440300708461136T"));

  /* A code whose own check character is right but the inner one is not:
   * only a warning, jg_credit_code_is_valid() still accepts it. */
  strcpy (code, "91440300708461137T");
  code[17] = jg_credit_code_compute_check (code);
  g_assert_true (jg_credit_code_is_valid (code, NULL));
  g_assert_false (jg_credit_code_org_check_is_valid (code));

  /* inner check 10 → X, 11 → 0 */
  g_assert_true (jg_credit_code_org_check_is_valid ("1144522200328263XE"));
  g_assert_true (jg_credit_code_org_check_is_valid ("11445200000000000"));   /* Σ 0: C = 11 → 0 */
  g_assert_false (jg_credit_code_org_check_is_valid ("11445200000000001"));

  g_assert_false (jg_credit_code_org_check_is_valid ("9144030070846113"));
  g_assert_false (jg_credit_code_org_check_is_valid (""));
  g_assert_false (jg_credit_code_org_check_is_valid ("91440300708-61136T"));
}

static void
test_id_valid (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (valid_id_numbers); i++)
    {
      g_autoptr(GError) error = NULL;
      const char *id = valid_id_numbers[i];

      g_assert_true (jg_id_number_is_valid (id, &error));
      g_assert_no_error (error);
      g_assert_cmpint (jg_id_number_compute_check (id), ==, id[17]);
    }

  g_assert_cmpint (jg_id_number_compute_check ("11010519491231002"), ==, 'X');
  g_assert_cmpint (jg_id_number_compute_check ("44052418800101001"), ==, '4');
  g_assert_cmpint (jg_id_number_compute_check ("4405241880010100"), ==, '\0');
  g_assert_cmpint (jg_id_number_compute_check ("4405241880010100X"), ==, '\0');
}

static void
test_id_failures (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (now, 1);
  g_autofree char *future = NULL;
  char buf[19];

  /* length */
  assert_id_error ("", JG_ID_CHECK_ERROR_LENGTH, "empty");
  assert_id_error ("110105491231002", JG_ID_CHECK_ERROR_LENGTH, "15-digit");
  assert_id_error ("1101051949123100", JG_ID_CHECK_ERROR_LENGTH, "16 were entered");
  assert_id_error ("11010519491231002X1", JG_ID_CHECK_ERROR_LENGTH, "19 were entered");

  /* alphabet */
  assert_id_error ("11010519491231002x", JG_ID_CHECK_ERROR_ALPHABET, "uppercase “X”");
  assert_id_error ("1101051949123100X2", JG_ID_CHECK_ERROR_ALPHABET, "only the last character");
  assert_id_error ("11010519491231A02X", JG_ID_CHECK_ERROR_ALPHABET, "Character 15, “A”");
  assert_id_error ("１1010519491231002X", JG_ID_CHECK_ERROR_ALPHABET, "half-width “1”");
  assert_id_error ("110105 9491231002X", JG_ID_CHECK_ERROR_ALPHABET, "space");

  /* birth date: not a date, in the future */
  assert_id_error ("110105194902300023", JG_ID_CHECK_ERROR_BIRTH_DATE, "“19490230”");
  assert_id_error ("110105194913010023", JG_ID_CHECK_ERROR_BIRTH_DATE, "not a real date");
  assert_id_error ("110105000001010023", JG_ID_CHECK_ERROR_BIRTH_DATE, "not a real date");
  future = g_strdup_printf ("110105%04d%02d%02d002",
                            g_date_time_get_year (tomorrow),
                            g_date_time_get_month (tomorrow),
                            g_date_time_get_day_of_month (tomorrow));
  memcpy (buf, future, 17);
  buf[17] = jg_id_number_compute_check (future);
  buf[18] = '\0';
  assert_id_error (buf, JG_ID_CHECK_ERROR_BIRTH_DATE, "in the future");
  /* leap day */
  memcpy (buf, "11010520000229002", 17);
  buf[17] = jg_id_number_compute_check (buf);
  g_assert_true (jg_id_number_is_valid (buf, NULL));
  memcpy (buf, "11010519000229002", 17);      /* 1900 was not a leap year */
  buf[17] = jg_id_number_compute_check (buf);
  assert_id_error (buf, JG_ID_CHECK_ERROR_BIRTH_DATE, NULL);

  /* check character */
  assert_id_error ("110105194912310021", JG_ID_CHECK_ERROR_CHECK_DIGIT, "should be “X”, not “1”");
  assert_id_error ("44052418800101001X", JG_ID_CHECK_ERROR_CHECK_DIGIT, "should be “4”, not “X”");
}

/* Every single-character substitution of a valid code is caught: mod 31 and
 * mod 11 with weights that are never 0 modulo the (prime) modulus. */
static void
test_credit_single_substitutions (void)
{
  guint tried = 0;

  for (guint k = 0; k < G_N_ELEMENTS (valid_credit_codes); k++)
    for (guint pos = 0; pos < 18; pos++)
      for (const char *a = credit_alphabet; *a != '\0'; a++)
        {
          char code[19];

          strcpy (code, valid_credit_codes[k]);
          if (code[pos] == *a)
            continue;
          code[pos] = *a;
          if (jg_credit_code_is_valid (code, NULL))
            g_error ("substitution not detected: %s (from %s)", code, valid_credit_codes[k]);
          tried++;
        }
  g_assert_cmpuint (tried, ==, 2 * 18 * 30);
}

static void
test_id_single_substitutions (void)
{
  static const char id_alphabet[] = "0123456789X";
  guint tried = 0;

  for (guint k = 0; k < G_N_ELEMENTS (valid_id_numbers); k++)
    for (guint pos = 0; pos < 18; pos++)
      for (const char *a = id_alphabet; *a != '\0'; a++)
        {
          char id[19];
          g_autoptr(GError) error = NULL;

          strcpy (id, valid_id_numbers[k]);
          if (id[pos] == *a)
            continue;
          id[pos] = *a;
          if (jg_id_number_is_valid (id, &error))
            g_error ("substitution not detected: %s (from %s)", id, valid_id_numbers[k]);
          g_assert_nonnull (error);
          tried++;
        }
  g_assert_cmpuint (tried, ==, 2 * (17 * 10 + 10));
}

/* Random codes built with the compute functions are valid. */
static void
test_roundtrip_random (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (4452);

  for (guint n = 0; n < 2000; n++)
    {
      char code[19], id[19];

      for (guint i = 0; i < 17; i++)
        code[i] = credit_alphabet[g_rand_int_range (rand, 0, 31)];
      code[17] = jg_credit_code_compute_check (code);
      code[18] = '\0';
      g_assert_true (jg_credit_code_is_valid (code, NULL));

      g_snprintf (id, sizeof id, "445202%04d%02d%02d%03d",
                  g_rand_int_range (rand, 1900, 2020), g_rand_int_range (rand, 1, 13),
                  g_rand_int_range (rand, 1, 29), g_rand_int_range (rand, 0, 1000));
      id[17] = jg_id_number_compute_check (id);
      id[18] = '\0';
      g_assert_true (jg_id_number_is_valid (id, NULL));
    }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/id-check/credit/valid", test_credit_valid);
  g_test_add_func ("/id-check/credit/compute", test_credit_compute);
  g_test_add_func ("/id-check/credit/kinds", test_credit_kinds);
  g_test_add_func ("/id-check/credit/regions", test_credit_regions);
  g_test_add_func ("/id-check/credit/failures", test_credit_failures);
  g_test_add_func ("/id-check/credit/org-check", test_credit_org_check);
  g_test_add_func ("/id-check/credit/single-substitutions", test_credit_single_substitutions);
  g_test_add_func ("/id-check/id-number/valid", test_id_valid);
  g_test_add_func ("/id-check/id-number/failures", test_id_failures);
  g_test_add_func ("/id-check/id-number/single-substitutions", test_id_single_substitutions);
  g_test_add_func ("/id-check/roundtrip", test_roundtrip_random);

  return g_test_run ();
}
