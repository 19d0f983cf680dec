/* test-transfer-normalise.c — hand-typed legacy cells read forgivingly
 *
 * One test per rule of jg-transfer-normalise.h: what a person types in a
 * spreadsheet becomes the field's canonical form, and what could mean
 * something else is left exactly as it was (NULL: nothing done).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "jg-transfer-normalise.h"

/* A code table as the catalogue has them: check_form 01 02 99, doc_type
 * 001 099 111…, object_type 1 … 11, and a table where "1" could be "01"
 * or "001". */
static gboolean
fake_code_exists (gpointer    user_data,
                  const char *table,
                  const char *code)
{
  static const char * const codes[] = {
    "check_form\x1f" "01", "check_form\x1f" "02", "check_form\x1f" "99",
    "doc_type\x1f" "001", "doc_type\x1f" "099", "doc_type\x1f" "111",
    "object_type\x1f" "1", "object_type\x1f" "10", "object_type\x1f" "11",
    "ambiguous\x1f" "01", "ambiguous\x1f" "001",
    "region\x1f" "445202",
  };
  g_autofree char *key = g_strconcat (table, "\x1f", code, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    if (strcmp (codes[i], key) == 0)
      return TRUE;
  return FALSE;
}

static JgValidationContext context = { .code_exists = fake_code_exists };

static const JgFieldSpec *
field (JgRecordKind  kind,
       const char   *key)
{
  const JgFieldSpec *spec = jg_record_field_lookup (kind, key);

  g_assert_nonnull (spec);
  return spec;
}

static const JgFieldSpec *
inspection (const char *key)
{
  return field (JG_RECORD_INSPECTION, key);
}

/* @value of @spec reads as @expected (NULL: left as it is), having done
 * @what. */
static void
assert_reads (const JgFieldSpec *spec,
              const char        *value,
              const char        *expected,
              JgNormalised       what)
{
  JgNormalised done = 0xff;
  g_autofree char *got = jg_transfer_normalise (spec, value, &context, &done);

  g_assert_cmpstr (got, ==, expected);
  g_assert_cmpint (done, ==, expected != NULL ? what : 0);
}

static void
test_spaces (void)
{
  assert_reads (inspection ("party_name"), "  揭阳市某某食品有限公司 ", "揭阳市某某食品有限公司",
                JG_NORMALISED_SPACES);
  assert_reads (inspection ("party_name"), "\xE3\x80\x80揭阳市某某食品有限公司\xE3\x80\x80",
                "揭阳市某某食品有限公司", JG_NORMALISED_SPACES);
  assert_reads (inspection ("number"), "JC-2026-001\t", "JC-2026-001", JG_NORMALISED_SPACES);
  assert_reads (inspection ("party_name"), " \xE3\x80\x80 ", "", JG_NORMALISED_SPACES);
  /* Spaces inside a value are the value's. */
  assert_reads (inspection ("business_address"), "榕城区 进贤门大道 1号", NULL, 0);
  assert_reads (inspection ("party_name"), "揭阳市某某食品有限公司", NULL, 0);
}

static void
test_full_width (void)
{
  assert_reads (inspection ("region"), "４４５２０２", "445202", JG_NORMALISED_WIDTH);
  assert_reads (inspection ("check_time"), "２０２５－０７－０１", "2025-07-01", JG_NORMALISED_WIDTH);
  assert_reads (inspection ("catalogue_code"), "\xE3\x80\x80４４５２０００１００１００１", "44520001001001",
                JG_NORMALISED_SPACES | JG_NORMALISED_WIDTH);
  /* Free text keeps its own width: （有限公司） is how the name is written. */
  assert_reads (inspection ("party_name"), "揭阳市某某食品（普宁）有限公司", NULL, 0);
  assert_reads (field (JG_RECORD_PENALTY, "illegal_facts"), "销售超过保质期的食品１２箱", NULL, 0);
}

static void
test_case (void)
{
  assert_reads (inspection ("party_code"), "91440300708461136t", "91440300708461136T", JG_NORMALISED_CASE);
  assert_reads (inspection ("party_code"), "91350100m000100y43", "91350100M000100Y43", JG_NORMALISED_CASE);
  assert_reads (inspection ("party_code"), "11010519491231002x", "11010519491231002X", JG_NORMALISED_CASE);
  assert_reads (inspection ("party_code"), "９１４４０３００７０８４６１１３６ｔ", "91440300708461136T",
                JG_NORMALISED_WIDTH | JG_NORMALISED_CASE);
  /* Upper case that would still be wrong is not done: the rules say why. */
  assert_reads (inspection ("party_code"), "91440300708461136a", NULL, 0);
  assert_reads (inspection ("party_code"), "yh-2026-abc", NULL, 0);
  /* Nothing to do. */
  assert_reads (inspection ("party_code"), "91440300708461136T", NULL, 0);
}

static void
test_dates (void)
{
  const JgFieldSpec *date = inspection ("check_time");

  assert_reads (date, "2026/11/15", "2026-11-15", JG_NORMALISED_DATE);
  assert_reads (date, "2026.11.15", "2026-11-15", JG_NORMALISED_DATE);
  assert_reads (date, "2026年11月15日", "2026-11-15", JG_NORMALISED_DATE);
  assert_reads (date, "2026年1月5日", "2026-01-05", JG_NORMALISED_DATE);
  assert_reads (date, "2026-1-5", "2026-01-05", JG_NORMALISED_DATE);
  assert_reads (date, "２０２６年１１月１５日", "2026-11-15", JG_NORMALISED_WIDTH | JG_NORMALISED_DATE);
  assert_reads (date, " 2026/11/15 ", "2026-11-15", JG_NORMALISED_SPACES | JG_NORMALISED_DATE);

  /* Day and month are never guessed, nor unreal dates mended. */
  assert_reads (date, "15/11/2026", NULL, 0);
  assert_reads (date, "11/15/2026", NULL, 0);
  assert_reads (date, "05/06/2026", NULL, 0);
  assert_reads (date, "26/11/15", NULL, 0);
  assert_reads (date, "2026/02/30", NULL, 0);
  assert_reads (date, "2026/11-15", NULL, 0);
  assert_reads (date, "2026/13/01", NULL, 0);
  assert_reads (date, "20261115", NULL, 0);
  assert_reads (date, "1899/12/31", NULL, 0);
  assert_reads (date, "2026-11-15", NULL, 0);
}

static void
test_datetimes (void)
{
  const JgFieldSpec *time = inspection ("report_time");

  assert_reads (time, "2026/11/15 9:30", "2026-11-15 09:30", JG_NORMALISED_DATE);
  assert_reads (time, "2026年11月15日 14:05", "2026-11-15 14:05", JG_NORMALISED_DATE);
  assert_reads (time, "2026-11-15 14:05:00", "2026-11-15 14:05", JG_NORMALISED_DATE);
  /* Seconds would be lost, a minute could be :05 or :50. */
  assert_reads (time, "2026-11-15 14:05:30", NULL, 0);
  assert_reads (time, "2026-11-15 9:5", NULL, 0);
  assert_reads (time, "2026-11-15 25:00", NULL, 0);
  assert_reads (time, "2026-11-15 14:05", NULL, 0);
}

static void
test_amounts (void)
{
  const JgFieldSpec *fine = field (JG_RECORD_PENALTY, "fine_amount");

  assert_reads (fine, "1,500.00", "1500.00", JG_NORMALISED_AMOUNT);
  assert_reads (fine, "1,500", "1500", JG_NORMALISED_AMOUNT);
  assert_reads (fine, "12,345,678.5", "12345678.5", JG_NORMALISED_AMOUNT);
  assert_reads (fine, "１，５００．００", "1500.00", JG_NORMALISED_WIDTH | JG_NORMALISED_AMOUNT);

  /* Ambiguous: a decimal comma, groups that are not thousands. */
  assert_reads (fine, "1,50", NULL, 0);
  assert_reads (fine, "1.500,00", NULL, 0);
  assert_reads (fine, "1,5000", NULL, 0);
  assert_reads (fine, "1500,", NULL, 0);
  assert_reads (fine, ",500", NULL, 0);
  assert_reads (fine, "1234,567", NULL, 0);
  assert_reads (fine, "1,500.", NULL, 0);
  assert_reads (fine, "1500.00", NULL, 0);
  assert_reads (fine, "-1,500", NULL, 0);
}

static void
test_yes_no (void)
{
  const JgFieldSpec *hearing = field (JG_RECORD_PENALTY, "hearing");

  assert_reads (hearing, "是", "1", JG_NORMALISED_YES_NO);
  assert_reads (hearing, "否", "0", JG_NORMALISED_YES_NO);
  assert_reads (hearing, " 是\xE3\x80\x80", "1", JG_NORMALISED_SPACES | JG_NORMALISED_YES_NO);
  assert_reads (hearing, "1", NULL, 0);
  assert_reads (hearing, "是的", NULL, 0);
  assert_reads (hearing, "不是", NULL, 0);
  /* Only yes/no fields: 是 elsewhere is text. */
  assert_reads (inspection ("name"), "是", NULL, 0);
}

static void
test_officers (void)
{
  const JgFieldSpec *officers = inspection ("officers");
  const JgFieldSpec *certs = inspection ("officer_certs");

  assert_reads (officers, "445202010001；445202010002", "445202010001;445202010002", JG_NORMALISED_WIDTH);
  assert_reads (officers, "445202010001、445202010002", "445202010001;445202010002",
                JG_NORMALISED_SEPARATORS);
  assert_reads (officers, "445202010001 ; 445202010002", "445202010001;445202010002",
                JG_NORMALISED_SEPARATORS);
  assert_reads (certs, "44520220220010、44520220220011", "44520220220010;44520220220011",
                JG_NORMALISED_SEPARATORS);
  assert_reads (officers, "445202010001;445202010002", NULL, 0);
  /* A comma is no separator of ours: the rules name the unknown officer. */
  assert_reads (officers, "445202010001,445202010002", NULL, 0);
}

static void
test_code_zeros (void)
{
  assert_reads (inspection ("check_form"), "1", "01", JG_NORMALISED_ZEROS);
  assert_reads (inspection ("check_form"), "99", NULL, 0);
  assert_reads (inspection ("party_doc_type"), "1", "001", JG_NORMALISED_ZEROS);
  assert_reads (inspection ("party_doc_type"), "99", "099", JG_NORMALISED_ZEROS);
  assert_reads (inspection ("party_doc_type"), "１", "001", JG_NORMALISED_WIDTH | JG_NORMALISED_ZEROS);
  /* The code exists as it is: 1 is a code of object_type. */
  assert_reads (inspection ("object_type"), "1", NULL, 0);
  /* No code fits, or two do: no guess. */
  assert_reads (inspection ("check_form"), "7", NULL, 0);
  assert_reads (inspection ("check_form"), "A", NULL, 0);
  {
    JgFieldSpec ambiguous = *inspection ("check_form");

    ambiguous.code_table = "ambiguous";
    assert_reads (&ambiguous, "1", NULL, 0);
  }
  /* Without a context, no zeros. */
  {
    g_autofree char *got = jg_transfer_normalise (inspection ("check_form"), "1", NULL, NULL);
    g_assert_null (got);
  }
}

static void
test_describe (void)
{
  g_autofree char *one = jg_transfer_normalised_describe (JG_NORMALISED_DATE);
  g_autofree char *two = jg_transfer_normalised_describe (JG_NORMALISED_SPACES | JG_NORMALISED_AMOUNT);

  g_assert_cmpstr (one, ==, "date written as year-month-day");
  g_assert_cmpstr (two, ==, "spaces around it removed; thousands separators removed");
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/transfer-normalise/spaces", test_spaces);
  g_test_add_func ("/transfer-normalise/full-width", test_full_width);
  g_test_add_func ("/transfer-normalise/case", test_case);
  g_test_add_func ("/transfer-normalise/dates", test_dates);
  g_test_add_func ("/transfer-normalise/datetimes", test_datetimes);
  g_test_add_func ("/transfer-normalise/amounts", test_amounts);
  g_test_add_func ("/transfer-normalise/yes-no", test_yes_no);
  g_test_add_func ("/transfer-normalise/officers", test_officers);
  g_test_add_func ("/transfer-normalise/code-zeros", test_code_zeros);
  g_test_add_func ("/transfer-normalise/describe", test_describe);

  return g_test_run ();
}
