/* jg-test-posts.c — valid posts of both columns, for the tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "jg-id-check.h"
#include "jg-test-posts.h"

/* A resident ID number born on @birth (YYYYMMDD) with its check digit. */
char *
jg_test_id_number (const char *birth)
{
  g_autofree char *first17 = g_strdup_printf ("445202%s123", birth);

  return g_strdup_printf ("%s%c", first17, jg_id_number_compute_check (first17));
}

/* A valid credit code of a government body (机关, "11"). */
char *
jg_test_authority_code (void)
{
  const char *first17 = "11445200007206541";

  return g_strdup_printf ("%s%c", first17, jg_credit_code_compute_check (first17));
}

const char * const jg_test_post_dynamics_values[] = {
  "title", "市市场监管局开展春季食品安全专项整治",
  "summary", "全市检查食品经营者 1200 家。",
  "body", "<p>3月以来，市市场监管局开展<strong>春季食品安全</strong>专项整治。</p>"
          "<figure><img src=\"jg-image:" JG_TEST_IMAGE_HASH "\" alt=\"执法人员检查后厨\">"
          "<figcaption>检查现场</figcaption></figure>",
  "source_department", "445200-SCJG",
  "author", "李某",
  "tags", "campaign;enforcement",
  "record_links", "6f1c1c1e-5b8a-4a4e-9d3e-1d2c3b4a5f60",
  NULL,
};

void
jg_test_post_set_all (JgPost             *post,
         const char * const *values)
{
  for (guint i = 0; values[i] != NULL; i += 2)
    jg_post_set (post, values[i], values[i + 1]);
}

JgPost *
jg_test_post_dynamics (void)
{
  JgPost *post = jg_post_new (JG_POST_DYNAMICS, "D1");

  jg_test_post_set_all (post, jg_test_post_dynamics_values);
  return post;
}

JgPost *
jg_test_post_exposure (void)
{
  JgPost *post = jg_post_new (JG_POST_EXPOSURE, "D1");
  g_autofree char *authority = jg_test_authority_code ();
  const char * const values[] = {
    "title", "关于揭阳市榕城区某某食品有限公司的行政处罚信息公示",
    "party_name", "揭阳市榕城区某某食品有限公司",
    "party_kind", JG_POST_PARTY_ORGANISATION,
    "credit_code", JG_TEST_ORG_CODE,
    "legal_rep", "王某",
    "decision_no", "揭市监罚〔2024〕1号",
    "procedure", JG_POST_PROCEDURE_NORMAL,
    "violation_type", "生产不符合标准食品",
    "facts", "经查，当事人生产的食品不符合标准。",
    "legal_basis", "《中华人民共和国食品安全法》第一百二十四条",
    "penalty_category", "02",
    "penalty_content", "罚款人民币伍仟元。",
    "fine_amount", "0.5",
    "decision_date", "2024-03-20",
    "authority", "揭阳市市场监督管理局",
    "authority_credit_code", authority,
    "sector", JG_POST_SECTOR_OTHER,
    "disclosure_end", "2027-03-20",
    "data_source", "揭阳市市场监督管理局",
    "data_source_credit_code", authority,
    "party_is_minor", "0",
    NULL,
  };

  jg_test_post_set_all (post, values);
  return post;
}

/* A natural person's exposure, valid: name and ID number masked. */
JgPost *
jg_test_post_person_exposure (void)
{
  JgPost *post = jg_test_post_exposure ();

  jg_post_set (post, "title", "关于张某的行政处罚信息公示");
  jg_post_set (post, "party_kind", JG_POST_PARTY_NATURAL_PERSON);
  jg_post_set (post, "party_name", "张某");
  jg_post_set (post, "credit_code", NULL);
  jg_post_set (post, "legal_rep", NULL);
  jg_post_set (post, "id_type", "111");
  jg_post_set (post, "id_number", "445202********1234");
  return post;
}
