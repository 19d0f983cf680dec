/* test-validate.c — every rule of jg_validate_record(), valid and invalid
 *
 * A fake JgValidationContext stands in for the catalogue, code tables,
 * roster and other records. Each case starts from a record with no issue,
 * changes one or two fields and checks that the expected issue (field and
 * severity) appears — or that none does.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <locale.h>
#include <string.h>

#include "jg-id-check.h"
#include "jg-record-store.h"
#include "jg-test-util.h"
#include "jg-validate.h"

/* --- fake context --------------------------------------------------------- */

static const char * const codes[] = {
  "object_type", "1", "object_type", "2",
  "check_form", "01", "check_form", "02", "check_form", "99",
  "check_category", "01", "check_category", "02",
  "check_method", "1", "check_result", "01", "check_result", "04",
  "penalty_kind", "01", "penalty_kind", "02",
  "penalty_procedure", "01", "penalty_procedure", "02",
  "case_source", "01",
  "party_nature", "01", "party_nature", "02", "party_nature", "03",
  "doc_type", "001", "doc_type", "099", "doc_type", "111", "doc_type", "112", "doc_type", "411",
  "coercion_kind", "01", "coercion_measure", "02", "coercion_exec", "01",
  "close_method", "1", "exec_result", "1",
  "region", "445200", "region", "445202",
};

typedef struct {
  const char *code, *action_type, *status, *effective, *cancel;
} FakeItem;

static const FakeItem items[] = {
  { "44000000000001", "0", "01", "2020-01-01", NULL },
  { "44000000000002", "1", "01", "2020-01-01", NULL },
  { "44000000000003", "2", "01", NULL, NULL },
  { "44000000000004", "3", "01", NULL, NULL },
  { "44000000000005", "0", "01", NULL, NULL },
  { "44000000000009", "0", "02", "2020-01-01", NULL },          /* cancelled */
  { "44000000000010", "0", "01", "2020-01-01", "2023-12-31" },  /* expired */
  { "44000000000011", "0", "01", "2025-01-01", NULL },          /* not yet in force */
};

#define IMPL "91440300708461136T3001"

typedef struct {
  const char *id, *name, *cert, *from, *to;
} FakeOfficer;

static const FakeOfficer officers[] = {
  { "o1", "张三", "44050001", "2020-01-01", "2026-12-31" },
  { "o2", "李四", "44050002", NULL, NULL },
  { "o3", "王五", "44050003", "2018-01-01", "2023-12-31" },
  { "o4", "赵六", "44050004", "2025-01-01", "2030-12-31" },
  { "o5", "钱七", NULL, NULL, NULL },
};

static gboolean
fake_code_exists (gpointer user_data, const char *table, const char *code)
{
  for (guint i = 0; i < G_N_ELEMENTS (codes); i += 2)
    if (strcmp (codes[i], table) == 0 && strcmp (codes[i + 1], code) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
fake_lookup_item (gpointer user_data, const char *code, JgItemInfo *info)
{
  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    if (strcmp (items[i].code, code) == 0)
      {
        info->code = g_strdup (code);
        info->action_type = g_strdup (items[i].action_type);
        info->status = g_strdup (items[i].status);
        info->effective_date = g_strdup (items[i].effective);
        info->cancel_date = g_strdup (items[i].cancel);
        return TRUE;
      }
  return FALSE;
}

static gboolean
fake_impl_belongs (gpointer user_data, const char *impl, const char *item)
{
  /* IMPL belongs to every inspection item but 44000000000005. */
  return strcmp (impl, IMPL) == 0 && strcmp (item, "44000000000005") != 0;
}

static gboolean
fake_lookup_officer (gpointer user_data, const char *id, JgOfficerInfo *info)
{
  for (guint i = 0; i < G_N_ELEMENTS (officers); i++)
    if (strcmp (officers[i].id, id) == 0)
      {
        info->id = g_strdup (id);
        info->name = g_strdup (officers[i].name);
        info->cert_no = g_strdup (officers[i].cert);
        info->cert_valid_from = g_strdup (officers[i].from);
        info->cert_valid_to = g_strdup (officers[i].to);
        return TRUE;
      }
  return FALSE;
}

static gboolean
fake_number_taken (gpointer user_data, JgRecordKind kind, const char *department,
                   const char *number, const char *uuid)
{
  return kind == JG_RECORD_INSPECTION && g_strcmp0 (department, "D1") == 0
         && strcmp (number, "JC-TAKEN") == 0;
}

static gboolean
fake_inspection_exists (gpointer user_data, const char *department, const char *number)
{
  return g_strcmp0 (department, "D1") == 0 && strcmp (number, "JC-2023-0009") == 0;
}

static JgValidationContext context = {
  NULL, "2024-06-01",
  fake_code_exists, fake_lookup_item, fake_impl_belongs, fake_lookup_officer,
  fake_number_taken, fake_inspection_exists,
};

/* --- valid records -------------------------------------------------------- */

static const char * const common[] = {
  "object_type", "1",
  "object_name", "揭阳市榕城区某某食品有限公司",
  "party_name", "揭阳市榕城区某某食品有限公司",
  "party_nature", "02",
  "party_doc_type", "001",
  "party_code", "91440300708461136T",
  "region", "445202",
  NULL,
};

static const char * const inspection[] = {
  "catalogue_code", "44000000000001",
  "impl_code", IMPL,
  "name", "食品生产日常检查",
  "number", "JC-2024-0001",
  "check_form", "01",
  "check_category", "01",
  "check_result", "01",
  "check_time", "2024-03-18",
  "officers", "o1;o2",
  NULL,
};

static const char * const penalty[] = {
  "catalogue_code", "44000000000002",
  "name", "生产不符合标准食品案",
  "number", "CF-2024-0001",
  "case_source", "01",
  "inspection_number", "JC-2023-0009",
  "illegal_facts", "经查，当事人生产的食品不符合标准。",
  "penalty_basis", "《中华人民共和国食品安全法》第一百二十四条",
  "penalty_procedure", "02",
  "hearing", "0",
  "filing_date", "2024-03-01",
  "criminal", "0",
  "decision_no", "揭市监罚〔2024〕1号",
  "decision_date", "2024-03-20",
  "penalty_kind", "02",
  "fine_amount", "5000.00",
  "penalty_result", "罚款人民币伍仟元。",
  "reconsideration", "0",
  "litigation", "0",
  "no_penalty", "0",
  "officers", "o1;o2",
  NULL,
};

static const char * const coercion[] = {
  "catalogue_code", "44000000000003",
  "name", "查封不合格食品",
  "number", "QZ-2024-0001",
  "inspection_number", "JC-2023-0009",
  "illegal_facts", "涉嫌生产不符合标准的食品。",
  "coercion_basis", "《中华人民共和国食品安全法》第一百一十条",
  "coercion_doc_no", "揭市监强〔2024〕1号",
  "coercion_kind", "01",
  "coercion_measure", "02",
  "start_date", "2024-03-18",
  "end_date", "2024-04-17",
  NULL,
};

static const char * const other[] = {
  "catalogue_code", "44000000000004",
  "name", "约谈",
  "number", "QT-2024-0001",
  "inspection_number", "JC-2023-0009",
  NULL,
};

static JgRecord *
valid_record_in (JgRecordKind  kind,
                 const char   *department)
{
  const char * const *specific[] = { inspection, penalty, coercion, other };
  JgRecord *record = jg_record_new (kind, department);

  for (guint i = 0; common[i] != NULL; i += 2)
    jg_record_set (record, common[i], common[i + 1]);
  for (guint i = 0; specific[kind][i] != NULL; i += 2)
    jg_record_set (record, specific[kind][i], specific[kind][i + 1]);
  return record;
}

static JgRecord *
valid_record (JgRecordKind kind)
{
  return valid_record_in (kind, "D1");
}

static void
dump (GPtrArray *issues)
{
  for (guint i = 0; i < issues->len; i++)
    {
      JgIssue *issue = issues->pdata[i];
      g_test_message ("%s %s: %s", issue->severity == JG_ISSUE_ERROR ? "error" : "warning",
                      issue->field, issue->message);
    }
}

static void
test_valid_records (void)
{
  for (JgRecordKind kind = 0; kind < JG_RECORD_N_KINDS; kind++)
    {
      g_autoptr(JgRecord) record = valid_record (kind);
      g_autoptr(GPtrArray) issues = jg_validate_record (record, &context);

      dump (issues);
      g_assert_cmpuint (issues->len, ==, 0);
      g_assert_false (jg_issues_have_errors (issues));
    }
}

/* --- one case per rule ---------------------------------------------------- */

typedef enum { NONE, ERROR, WARNING } Expect;

typedef struct {
  const char   *name;
  JgRecordKind  kind;
  const char   *changes[6];   /* key, value pairs; NULL value clears */
  const char   *field;        /* where the issue appears (or must not) */
  Expect        expect;
  const char   *in_message;   /* a fragment of the message, or NULL */
} Case;

#define I JG_RECORD_INSPECTION
#define P JG_RECORD_PENALTY
#define C JG_RECORD_COERCION
#define O JG_RECORD_OTHER

static const Case cases[] = {
  /* required */
  { "required", I, { "party_name", NULL }, "party_name", ERROR, "required" },
  { "required-link", O, { "inspection_number", NULL }, "inspection_number", ERROR, "required" },
  { "optional-empty", I, { "check_method", NULL }, "check_method", NONE },
  /* length in characters */
  { "length-ok", I, { "party_name", "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十" }, "party_name", NONE },
  { "length-code", I, { "party_doc_type", "112", "party_code", "A12345678901234567890" }, "party_code", ERROR, "at most 20" },
  { "spaces", I, { "name", " 检查" }, "name", ERROR, "space" },
  /* code tables */
  { "code-ok", I, { "check_form", "99" }, "check_form", NONE },
  { "code-unknown", I, { "check_form", "03" }, "check_form", ERROR, "not a code" },
  { "region-unknown", I, { "region", "110000" }, "region", ERROR, "not a code" },
  /* dates */
  { "date-ok-leap", I, { "check_time", "2024-02-29" }, "check_time", NONE },
  { "date-not-leap", I, { "check_time", "2023-02-29" }, "check_time", ERROR, "not a real date" },
  { "date-format", I, { "check_time", "2024/03/18" }, "check_time", ERROR, "not a real date" },
  { "date-month", I, { "check_time", "2024-13-01" }, "check_time", ERROR, "not a real date" },
  { "date-time-ok", I, { "report_time", "2024-03-19 09:30" }, "report_time", NONE },
  { "date-time-bad", I, { "report_time", "2024-03-19 24:30" }, "report_time", ERROR, "date and time" },
  { "date-time-no-time", I, { "report_time", "2024-03-19" }, "report_time", ERROR, "date and time" },
  { "report-same-day", I, { "report_time", "2024-03-18 18:00" }, "report_time", NONE },
  { "report-before-check", I, { "report_time", "2024-03-17 18:00" }, "report_time", ERROR, "before" },
  { "inspection-future", I, { "check_time", "2024-06-02" }, "check_time", ERROR, "future" },
  { "decision-before-filing", P, { "filing_date", "2024-03-21" }, "decision_date", ERROR, "filing" },
  { "decision-same-as-filing", P, { "filing_date", "2024-03-20" }, "decision_date", NONE },
  { "decision-future", P, { "decision_date", "2024-06-02" }, "decision_date", ERROR, "future" },
  { "decision-today", P, { "decision_date", "2024-06-01" }, "decision_date", NONE },
  { "closing-before-decision", P, { "close_date", "2024-03-19" }, "close_date", ERROR, "before" },
  { "closing-after-decision", P, { "close_date", "2024-04-19" }, "close_date", NONE },
  { "end-before-start", C, { "end_date", "2024-03-17" }, "end_date", ERROR, "before" },
  { "end-same-as-start", O, { "start_date", "2024-03-18", "end_date", "2024-03-18" }, "end_date", NONE },
  /* amounts and booleans */
  { "amount-int", P, { "fine_amount", "5000" }, "fine_amount", NONE },
  { "amount-one-decimal", P, { "fine_amount", "5000.5" }, "fine_amount", NONE },
  { "amount-three-decimals", P, { "fine_amount", "5000.505" }, "fine_amount", ERROR, "two decimals" },
  { "amount-negative", P, { "fine_amount", "-5" }, "fine_amount", ERROR, "negative" },
  { "amount-text", P, { "fine_amount", "五千" }, "fine_amount", ERROR, "not an amount" },
  { "amount-comma", P, { "fine_amount", "5,000" }, "fine_amount", ERROR, "not an amount" },
  { "fine-missing", P, { "fine_amount", NULL }, "fine_amount", ERROR, "fine" },
  { "fine-zero", P, { "fine_amount", "0.00" }, "fine_amount", ERROR, "zero" },
  { "warning-no-fine-needed", P, { "penalty_kind", "01", "fine_amount", NULL }, "fine_amount", NONE },
  { "paid-more", P, { "fine_paid", "5000.01" }, "fine_paid", WARNING, "more than" },
  { "paid-all", P, { "fine_paid", "5000" }, "fine_paid", NONE },
  { "bool-bad", P, { "hearing", "是" }, "hearing", ERROR, "“1”" },
  /* catalogue */
  { "item-unknown", I, { "catalogue_code", "44000000009999" }, "catalogue_code", ERROR, "no item" },
  { "item-malformed", I, { "catalogue_code", "4400000000001" }, "catalogue_code", ERROR, "14 digits" },
  { "item-kind-mismatch", P, { "catalogue_code", "44000000000001" }, "catalogue_code", ERROR, "cannot carry" },
  { "item-kind-mismatch-2", I, { "catalogue_code", "44000000000002", "impl_code", NULL }, "catalogue_code", ERROR, "cannot carry" },
  { "item-cancelled", I, { "catalogue_code", "44000000000009" }, "catalogue_code", WARNING, "cancelled" },
  { "item-expired", I, { "catalogue_code", "44000000000010" }, "catalogue_code", WARNING, "2023-12-31" },
  { "item-in-force-then", I, { "catalogue_code", "44000000000010", "check_time", "2023-12-30" }, "catalogue_code", NONE },
  { "item-not-yet", I, { "catalogue_code", "44000000000011" }, "catalogue_code", WARNING, "2025-01-01" },
  /* implementation list code */
  { "impl-other-item", I, { "catalogue_code", "44000000000005" }, "impl_code", ERROR, "does not belong" },
  { "impl-bad-credit", I, { "impl_code", "91440300708461136A3001" }, "impl_code", ERROR, "credit code" },
  { "impl-bad-level", I, { "impl_code", "91440300708461136T7001" }, "impl_code", ERROR, "level" },
  { "impl-short", I, { "impl_code", "91440300708461136T" }, "impl_code", ERROR, "too short" },
  /* party document */
  { "credit-ok-2", I, { "party_code", "91350100M000100Y43" }, "party_code", NONE },
  { "credit-check", I, { "party_code", "91440300708461136A" }, "party_code", ERROR, "should be “T”" },
  { "credit-length", I, { "party_code", "9144030070846113" }, "party_code", ERROR, NULL },
  { "credit-letter", I, { "party_code", "91440300708461I36T" }, "party_code", ERROR, "I, O, S, V or Z" },
  { "credit-lowercase", I, { "party_code", "91440300708461136t" }, "party_code", ERROR, "uppercase" },
  /* GB 32100's authority and entity type (B1: none), and region code */
  { "credit-authority", I, { "party_code", "B1440300708461136Q" }, "party_code", ERROR, "registration authority" },
  { "credit-region", I, { "party_code", "919903007084611361" }, "party_code", ERROR, "region code" },
  /* certificate numbers (执法证号) of the officers named, in any order */
  { "certs-ok", I, { "officer_certs", "44050002;44050001" }, "officer_certs", NONE },
  { "certs-some", I, { "officer_certs", "44050001" }, "officer_certs", NONE },
  { "certs-other-officer", I, { "officer_certs", "44050001;44050003" }, "officer_certs", ERROR, "“44050003” belongs to none" },
  { "certs-unknown", I, { "officer_certs", "YH-2026-001" }, "officer_certs", ERROR, "belongs to none" },
  { "certs-penalty", P, { "officer_certs", "44050004" }, "officer_certs", ERROR, "belongs to none" },
  { "id-ok", I, { "party_nature", "01", "party_doc_type", "111", "party_code", "11010519491231002X" }, "party_code", NONE },
  { "id-ok-2", I, { "party_nature", "01", "party_doc_type", "111", "party_code", "440524188001010014" }, "party_code", NONE },
  { "id-check", I, { "party_nature", "01", "party_doc_type", "111", "party_code", "110105194912310021" }, "party_code", ERROR, "check character" },
  { "id-birth", I, { "party_nature", "01", "party_doc_type", "111", "party_code", "110105194913310020" }, "party_code", ERROR, "date of birth" },
  { "id-15", I, { "party_nature", "01", "party_doc_type", "111", "party_code", "110105491231002" }, "party_code", ERROR, "15-digit" },
  { "passport-free", I, { "party_nature", "01", "party_doc_type", "411", "party_code", "E12345678" }, "party_code", NONE },
  { "nature-citizen-credit", I, { "party_nature", "01" }, "party_doc_type", WARNING, "citizen" },
  { "nature-org-id", I, { "party_doc_type", "111", "party_code", "11010519491231002X" }, "party_doc_type", WARNING, "organisation" },
  { "nature-other-org", I, { "party_nature", "03", "party_doc_type", "099", "party_code", "X1234" }, "party_doc_type", NONE },
  /* officers */
  { "officers-three", I, { "officers", "o1;o2;o1" }, "officers", NONE },
  { "officers-one", I, { "officers", "o1" }, "officers", ERROR, "two" },
  { "officers-same-twice", I, { "officers", "o1;o1" }, "officers", ERROR, "two" },
  { "officers-unknown", I, { "officers", "o1;x9" }, "officers", ERROR, "roster" },
  { "officers-expired", I, { "officers", "o1;o3" }, "officers", ERROR, "expired" },
  { "officers-valid-then", I, { "officers", "o1;o3", "check_time", "2023-05-01" }, "officers", NONE },
  { "officers-not-yet", P, { "officers", "o1;o4" }, "officers", ERROR, "only from" },
  { "officers-no-cert", P, { "officers", "o1;o5" }, "officers", ERROR, "certificate" },
  /* numbers and links */
  { "number-taken", I, { "number", "JC-TAKEN" }, "number", ERROR, "already" },
  { "number-taken-other-kind", P, { "number", "JC-TAKEN" }, "number", NONE },
  { "link-missing", P, { "inspection_number", "JC-2023-0010" }, "inspection_number", ERROR, "no inspection" },
  { "link-coercion", C, { "inspection_number", "JC-2023-0010" }, "inspection_number", ERROR, "no inspection" },
};

static void
test_case (gconstpointer data)
{
  const Case *c = data;
  g_autoptr(JgRecord) record = valid_record (c->kind);
  g_autoptr(GPtrArray) issues = NULL;
  g_autoptr(GPtrArray) mine = NULL;
  gboolean found = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (c->changes) && c->changes[i] != NULL; i += 2)
    jg_record_set (record, c->changes[i], c->changes[i + 1]);

  issues = jg_validate_record (record, &context);
  dump (issues);
  mine = jg_issues_for_field (issues, c->field);

  for (guint i = 0; i < mine->len; i++)
    {
      JgIssue *issue = mine->pdata[i];
      g_assert_nonnull (issue->message);
      g_assert_true (g_str_has_suffix (issue->message, ".") || g_str_has_suffix (issue->message, "?"));
      if ((c->expect == ERROR && issue->severity == JG_ISSUE_ERROR)
          || (c->expect == WARNING && issue->severity == JG_ISSUE_WARNING))
        if (c->in_message == NULL || strstr (issue->message, c->in_message) != NULL)
          found = TRUE;
    }

  if (c->expect == NONE)
    g_assert_cmpuint (mine->len, ==, 0);
  else
    g_assert_true (found);

  /* Only the intended field has issues, except for the follow-on checks of
   * the party document and the catalogue/implementation pair. */
  if (c->expect == WARNING)
    g_assert_false (jg_issues_have_errors (issues));
}

static void
test_issue_order (void)
{
  g_autoptr(JgRecord) record = valid_record (JG_RECORD_PENALTY);
  g_autoptr(GPtrArray) issues = NULL;
  guint n;
  const JgFieldSpec *fields = jg_record_fields (JG_RECORD_PENALTY, &n);
  int last = -1;

  jg_record_set (record, "close_date", "2024-01-01");       /* cross-field, late */
  jg_record_set (record, "party_name", NULL);               /* early */
  jg_record_set (record, "catalogue_code", "44000000000001"); /* first */
  issues = jg_validate_record (record, &context);
  g_assert_cmpuint (issues->len, ==, 3);
  for (guint i = 0; i < issues->len; i++)
    {
      JgIssue *issue = issues->pdata[i];
      int index = -1;
      for (guint f = 0; f < n; f++)
        if (g_strcmp0 (fields[f].key, issue->field) == 0)
          index = f;
      g_assert_cmpint (index, >, last);
      last = index;
    }
}

static void
test_org_check_warning (void)
{
  /* A credit code whose mod-31 check is right but whose inner organisation
   * code check is not: a warning, never an error. */
  char code[19] = "91440300708461135";
  g_autoptr(JgRecord) record = valid_record (JG_RECORD_INSPECTION);
  g_autoptr(GPtrArray) issues = NULL;
  g_autoptr(GPtrArray) mine = NULL;

  code[17] = jg_credit_code_compute_check (code);
  code[18] = '\0';
  g_assert_true (jg_credit_code_is_valid (code, NULL));
  g_assert_false (jg_credit_code_org_check_is_valid (code));

  jg_record_set (record, "party_code", code);
  issues = jg_validate_record (record, &context);
  mine = jg_issues_for_field (issues, "party_code");
  g_assert_cmpuint (mine->len, ==, 1);
  g_assert_cmpint (((JgIssue *) mine->pdata[0])->severity, ==, JG_ISSUE_WARNING);
  g_assert_false (jg_issues_have_errors (issues));
}

static JgIssue *
find_issue (GPtrArray  *issues,
            const char *field)
{
  for (guint i = 0; i < issues->len; i++)
    if (g_strcmp0 (((JgIssue *) issues->pdata[i])->field, field) == 0)
      return issues->pdata[i];
  return NULL;
}

/* An issue keeps what its sentence was made of, so that the server's
 * reasons can be said in the client's language. */
static void
test_issue_template (void)
{
  g_autoptr(JgRecord) record = valid_record (JG_RECORD_INSPECTION);
  g_autoptr(GPtrArray) issues = NULL;
  g_autofree char *again = NULL;
  JgIssue *issue;

  jg_record_set (record, "party_name", NULL);
  jg_record_set (record, "catalogue_code", "44000000000002");   /* a penalty item */
  issues = jg_validate_record (record, &context);

  issue = find_issue (issues, "party_name");
  g_assert_nonnull (issue);
  g_assert_cmpstr (issue->msgid, ==, "“%s” is required. Fill it in.");
  g_assert_cmpuint (g_strv_length (issue->args), ==, 1);
  g_assert_cmpstr (issue->args[0], ==, "Party name");      /* the msgid, not a translation */
  g_assert_cmpuint (issue->msgid_args, ==, 1);
  again = jg_issue_render (issue->msgid, (const char * const *) issue->args, issue->msgid_args);
  g_assert_cmpstr (again, ==, issue->message);

  issue = find_issue (issues, "catalogue_code");
  g_assert_nonnull (issue);
  g_assert_cmpuint (g_strv_length (issue->args), ==, 3);
  g_assert_cmpstr (issue->args[0], ==, "44000000000002");
  g_assert_cmpstr (issue->args[1], ==, "Penalty");
  g_assert_cmpstr (issue->args[2], ==, "Inspection");
  g_assert_cmpuint (issue->msgid_args, ==, 6);
}

static void
test_issue_render (void)
{
  const char *two[] = { "A", "B", NULL };
  const char *wide[] = { "日期abc", NULL };
  const char *none[] = { NULL };
  g_autofree char *s1 = jg_issue_render ("%2$s then %1$s, 100%%", two, 0);
  g_autofree char *s2 = jg_issue_render ("[%.4s] [%.3s] [%.1s]", (const char *[]) { "日期abc", "日期abc", "日期abc", NULL }, 0);
  g_autofree char *s3 = jg_issue_render ("%s and %s", wide, 0);
  g_autofree char *s4 = jg_issue_render ("%x", wide, 0);
  g_autofree char *s5 = jg_issue_render ("no arguments", none, 0);
  g_autofree char *s6 = jg_issue_render ("%u items, %ld chars, %c", (const char *[]) { "3", "12", "x", NULL }, 0);

  g_assert_cmpstr (s1, ==, "B then A, 100%");
  g_assert_cmpstr (s2, ==, "[日] [日] []");   /* bytes, never half a character */
  g_assert_null (s3);                          /* an argument missing */
  g_assert_null (s4);                          /* a conversion it does not know */
  g_assert_cmpstr (s5, ==, "no arguments");
  g_assert_cmpstr (s6, ==, "3 items, 12 chars, x");
}

/* Under zh_CN the same template and arguments give the Chinese sentence,
 * the field label included. */
static void
test_issue_render_chinese (void)
{
  const char *args[] = { "Party name", NULL };
  char *saved = jg_test_use_chinese ();
  g_autofree char *zh = NULL;

  if (saved == NULL)
    return;
  zh = jg_issue_render ("“%s” is required. Fill it in.", args, 1);
  jg_test_restore_locale (saved);

  g_assert_nonnull (zh);
  g_assert_nonnull (strstr (zh, "行政相对人"));
  g_assert_null (strstr (zh, "Party name"));
  g_assert_null (strstr (zh, "required"));
}

/* A Jieyang department's party with a credit code from outside Guangdong:
 * a warning (parties do come from elsewhere); from Guangdong: nothing. */
static void
test_guangdong_warning (void)
{
  static const struct {
    const char *department, *party_code;
    gboolean    warned;
  } parties[] = {
    { "11445202727219855B", "91350100M000100Y43", TRUE },
    { "11445202727219855B", "91440300708461136T", FALSE },
    { "11445202727219855B", "91445202708461136G", FALSE },
    { "D1", "91350100M000100Y43", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (parties); i++)
    {
      g_autoptr(JgRecord) record = valid_record_in (JG_RECORD_INSPECTION, parties[i].department);
      g_autoptr(GPtrArray) issues = NULL;
      g_autoptr(GPtrArray) on_code = NULL;

      jg_record_set (record, "party_code", parties[i].party_code);
      issues = jg_validate_record (record, &context);
      dump (issues);
      g_assert_false (jg_issues_have_errors (issues));
      on_code = jg_issues_for_field (issues, "party_code");
      g_assert_cmpuint (on_code->len, ==, parties[i].warned ? 1 : 0);
      if (parties[i].warned)
        g_assert_nonnull (strstr (((JgIssue *) on_code->pdata[0])->message, "outside Guangdong"));
    }
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/validate/valid-records", test_valid_records);
  g_test_add_func ("/validate/issue-order", test_issue_order);
  g_test_add_func ("/validate/issue-template", test_issue_template);
  g_test_add_func ("/validate/issue-render", test_issue_render);
  g_test_add_func ("/validate/issue-render-chinese", test_issue_render_chinese);
  g_test_add_func ("/validate/org-check-warning", test_org_check_warning);
  g_test_add_func ("/validate/guangdong-warning", test_guangdong_warning);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/validate/rule/%s", cases[i].name);
      g_test_add_data_func (path, &cases[i], test_case);
    }

  return g_test_run ();
}
