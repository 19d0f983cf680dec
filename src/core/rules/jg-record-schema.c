/* jg-record-schema.c — the national fields of each kind of supervision record
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "jg-record-private.h"
#include "jg-record-schema.h"

#define TEXT(k, h, l, g, max, req)      { k, h, l, g, JG_FIELD_TEXT, max, req, NULL }
#define LONG(k, h, l, g, req)           { k, h, l, g, JG_FIELD_LONG_TEXT, 2000, req, NULL }
#define CODE(k, h, l, g, table, req)    { k, h, l, g, JG_FIELD_CODE, 0, req, table }
#define DATE(k, h, l, g, req)           { k, h, l, g, JG_FIELD_DATE, 0, req, NULL }
#define DATETIME(k, h, l, g, req)       { k, h, l, g, JG_FIELD_DATETIME, 0, req, NULL }
#define AMOUNT(k, h, l, g, req)         { k, h, l, g, JG_FIELD_AMOUNT, 0, req, NULL }
#define BOOL(k, h, l, g, req)           { k, h, l, g, JG_FIELD_BOOL, 0, req, NULL }

/* Common fields, first in every kind. */
#define COMMON_FIELDS \
  { "catalogue_code", "监管事项目录编码", N_("Catalogue item code"), N_("Item"), JG_FIELD_CATALOGUE, 14, TRUE, NULL }, \
  TEXT ("impl_body", "实施机构", N_("Implementing body"), N_("Item"), 200, FALSE), \
  TEXT ("impl_body_code", "实施机构编码", N_("Implementing body code"), N_("Item"), 20, FALSE), \
  TEXT ("delegated_dept", "受委托部门", N_("Delegated department"), N_("Item"), 200, FALSE), \
  TEXT ("delegated_dept_code", "受委托部门编码", N_("Delegated department code"), N_("Item"), 20, FALSE), \
  CODE ("object_type", "监管对象类型", N_("Object type"), N_("Party"), "object_type", FALSE), \
  TEXT ("object_name", "监管对象", N_("Supervised object"), N_("Party"), 200, TRUE), \
  TEXT ("party_name", "行政相对人", N_("Party name"), N_("Party"), 200, TRUE), \
  CODE ("party_nature", "行政相对人性质", N_("Party nature"), N_("Party"), "party_nature", TRUE), \
  CODE ("party_doc_type", "行政相对人证件类型", N_("Party document type"), N_("Party"), "doc_type", TRUE), \
  { "party_code", "行政相对人编码", N_("Party code"), N_("Party"), JG_FIELD_PARTY_CODE, 20, TRUE, NULL }, \
  TEXT ("registered_address", "注册地址", N_("Registered address"), N_("Party"), 200, FALSE), \
  TEXT ("business_address", "经营地址", N_("Business address"), N_("Party"), 200, FALSE), \
  CODE ("region", "行政区划代码", N_("Region code"), N_("Party"), "region", TRUE), \
  DATETIME ("report_time", "报送时间", N_("Reported at"), N_("Reporting"), FALSE), \
  TEXT ("reporter", "报送人员", N_("Reported by"), N_("Reporting"), 50, FALSE)

/* The officers who took part (roster ids) and their certificate numbers,
 * last in the kinds that name them. */
#define OFFICER_FIELDS(h, l) \
  { "officers", h, l, N_("Officers"), JG_FIELD_OFFICERS, 1000, TRUE, NULL }, \
  TEXT ("officer_certs", "执法证号", N_("Certificate numbers"), N_("Officers"), 1000, FALSE)

/* The number of the inspection an action follows, in group @g. */
#define INSPECTION_LINK(g) \
  { "inspection_number", "检查行为编号", N_("Inspection number"), g, JG_FIELD_RECORD_LINK, 64, TRUE, NULL }

static const JgFieldSpec inspection_fields[] = {
  COMMON_FIELDS,
  TEXT ("plan_id", "双随机计划ID", N_("Random check plan ID"), N_("Inspection"), 64, FALSE),
  { "impl_code", "监管事项检查实施清单编码", N_("Implementation list code"), N_("Inspection"), JG_FIELD_IMPL, 64, TRUE, NULL },
  TEXT ("name", "检查行为名称", N_("Inspection name"), N_("Inspection"), 200, TRUE),
  TEXT ("number", "检查行为编号", N_("Inspection number"), N_("Inspection"), 64, TRUE),
  CODE ("check_form", "检查形式", N_("Inspection form"), N_("Inspection"), "check_form", TRUE),
  CODE ("check_category", "检查类别", N_("Inspection category"), N_("Inspection"), "check_category", TRUE),
  CODE ("check_method", "检查方式", N_("Inspection method"), N_("Inspection"), "check_method", FALSE),
  CODE ("check_result", "检查结果", N_("Inspection result"), N_("Inspection"), "check_result", TRUE),
  DATE ("check_time", "检查时间", N_("Inspection date"), N_("Inspection"), TRUE),
  OFFICER_FIELDS ("检查人员", N_("Inspectors")),
};

static const JgFieldSpec penalty_fields[] = {
  COMMON_FIELDS,
  TEXT ("name", "处罚行为名称", N_("Penalty name"), N_("Penalty"), 200, TRUE),
  TEXT ("number", "处罚行为编号", N_("Penalty number"), N_("Penalty"), 64, TRUE),
  CODE ("case_source", "案件来源", N_("Case source"), N_("Penalty"), "case_source", TRUE),
  INSPECTION_LINK (N_("Penalty")),
  LONG ("illegal_facts", "违法事实", N_("Illegal facts"), N_("Penalty"), TRUE),
  LONG ("penalty_basis", "处罚依据", N_("Legal basis of the penalty"), N_("Penalty"), TRUE),
  CODE ("penalty_procedure", "处罚程序", N_("Procedure"), N_("Penalty"), "penalty_procedure", TRUE),
  BOOL ("hearing", "是否听证", N_("Hearing held"), N_("Penalty"), TRUE),
  DATE ("filing_date", "立案时间", N_("Case filing date"), N_("Penalty"), FALSE),
  BOOL ("criminal", "是否涉刑", N_("Criminal case"), N_("Penalty"), TRUE),
  BOOL ("major_case", "是否重大案件", N_("Major case"), N_("Penalty"), FALSE),
  BOOL ("legal_review", "是否法制审核", N_("Legal review"), N_("Review"), FALSE),
  DATE ("legal_review_date", "法制审核日期", N_("Legal review date"), N_("Review"), FALSE),
  LONG ("legal_review_opinion", "法制审核意见", N_("Legal review opinion"), N_("Review"), FALSE),
  BOOL ("collective", "是否集体讨论", N_("Collective discussion"), N_("Review"), FALSE),
  DATE ("collective_date", "集体讨论日期", N_("Collective discussion date"), N_("Review"), FALSE),
  LONG ("collective_conclusion", "集体讨论结论", N_("Collective discussion conclusion"), N_("Review"), FALSE),
  TEXT ("decision_no", "处罚文书号", N_("Penalty decision document number"), N_("Decision"), 100, TRUE),
  DATE ("decision_date", "处罚决定日期", N_("Decision date"), N_("Decision"), TRUE),
  CODE ("penalty_kind", "处罚种类", N_("Penalty kind"), N_("Decision"), "penalty_kind", TRUE),
  AMOUNT ("fine_amount", "罚款金额", N_("Fine (yuan)"), N_("Decision"), FALSE),
  LONG ("penalty_result", "处罚结果", N_("Penalty result"), N_("Decision"), TRUE),
  BOOL ("reconsideration", "行政复议", N_("Administrative reconsideration"), N_("Decision"), TRUE),
  BOOL ("litigation", "行政诉讼", N_("Administrative litigation"), N_("Decision"), TRUE),
  CODE ("close_method", "执行方式", N_("Execution method"), N_("Closing"), "close_method", FALSE),
  CODE ("exec_result", "执行结果", N_("Execution result"), N_("Closing"), "exec_result", FALSE),
  AMOUNT ("fine_paid", "实缴罚款", N_("Fine paid (yuan)"), N_("Closing"), FALSE),
  BOOL ("no_penalty", "不予处罚", N_("No penalty imposed"), N_("Closing"), TRUE),
  DATE ("close_date", "结案日期", N_("Closing date"), N_("Closing"), FALSE),
  LONG ("other_handling", "其他处理情况", N_("Other handling"), N_("Closing"), FALSE),
  DATE ("transfer_date", "移送时间", N_("Transfer date"), N_("Closing"), FALSE),
  OFFICER_FIELDS ("执法人员", N_("Enforcement officers")),
};

static const JgFieldSpec coercion_fields[] = {
  COMMON_FIELDS,
  TEXT ("name", "强制行为名称", N_("Coercion name"), N_("Coercion"), 200, TRUE),
  TEXT ("number", "强制行为编号", N_("Coercion number"), N_("Coercion"), 64, TRUE),
  INSPECTION_LINK (N_("Coercion")),
  LONG ("illegal_facts", "违法事实", N_("Illegal facts"), N_("Coercion"), TRUE),
  LONG ("coercion_basis", "强制依据", N_("Legal basis of the coercion"), N_("Coercion"), TRUE),
  TEXT ("coercion_doc_no", "强制决定书号", N_("Coercion decision document number"), N_("Coercion"), 100, TRUE),
  CODE ("coercion_kind", "行政强制种类", N_("Coercion kind"), N_("Coercion"), "coercion_kind", TRUE),
  CODE ("coercion_measure", "强制措施类型", N_("Measure type"), N_("Coercion"), "coercion_measure", FALSE),
  CODE ("coercion_exec", "强制执行类型", N_("Execution type"), N_("Coercion"), "coercion_exec", FALSE),
  LONG ("coercion_result", "强制结果", N_("Result"), N_("Coercion"), FALSE),
  DATE ("start_date", "开始时间", N_("Start date"), N_("Period"), FALSE),
  DATE ("end_date", "结束时间", N_("End date"), N_("Period"), FALSE),
  BOOL ("extended", "是否延期", N_("Extended"), N_("Period"), FALSE),
  DATE ("extension_date", "延期截止时间", N_("Extended until"), N_("Period"), FALSE),
};

static const JgFieldSpec other_fields[] = {
  COMMON_FIELDS,
  TEXT ("name", "行为名称", N_("Action name"), N_("Action"), 200, TRUE),
  TEXT ("number", "行为编号", N_("Action number"), N_("Action"), 64, TRUE),
  INSPECTION_LINK (N_("Action")),
  TEXT ("item_source", "事项来源", N_("Source of the matter"), N_("Action"), 200, FALSE),
  LONG ("measure", "监管措施", N_("Supervision measure"), N_("Action"), FALSE),
  LONG ("closing", "结案情况", N_("Closing"), N_("Action"), FALSE),
  DATE ("start_date", "开始时间", N_("Start date"), N_("Period"), FALSE),
  DATE ("end_date", "结束时间", N_("End date"), N_("Period"), FALSE),
};

typedef struct {
  const char        *name;
  const char        *label;
  const char        *action_type;
  const char        *date_key;
  const JgFieldSpec *fields;
  guint              n_fields;
} KindInfo;

static const KindInfo kinds[JG_RECORD_N_KINDS] = {
  { "inspection", N_("Inspection"), "0", "check_time",
    inspection_fields, G_N_ELEMENTS (inspection_fields) },
  { "penalty", N_("Penalty"), "1", "decision_date",
    penalty_fields, G_N_ELEMENTS (penalty_fields) },
  { "coercion", N_("Coercion"), "2", "start_date",
    coercion_fields, G_N_ELEMENTS (coercion_fields) },
  { "other", N_("Other action"), "3", "start_date",
    other_fields, G_N_ELEMENTS (other_fields) },
};

const char *
jg_record_kind_to_string (JgRecordKind kind)
{
  g_return_val_if_fail (kind < JG_RECORD_N_KINDS, NULL);
  return kinds[kind].name;
}

gboolean
jg_record_kind_from_string (const char   *text,
                            JgRecordKind *kind)
{
  if (text == NULL)
    return FALSE;
  for (guint i = 0; i < JG_RECORD_N_KINDS; i++)
    if (strcmp (text, kinds[i].name) == 0)
      {
        if (kind != NULL)
          *kind = i;
        return TRUE;
      }
  return FALSE;
}

const char *
jg_record_kind_get_label (JgRecordKind kind)
{
  g_return_val_if_fail (kind < JG_RECORD_N_KINDS, NULL);
  return _(kinds[kind].label);
}

const char *
jg_record_kind_get_label_msgid (JgRecordKind kind)
{
  g_return_val_if_fail (kind < JG_RECORD_N_KINDS, NULL);
  return kinds[kind].label;
}

const char *
jg_record_kind_action_type (JgRecordKind kind)
{
  g_return_val_if_fail (kind < JG_RECORD_N_KINDS, NULL);
  return kinds[kind].action_type;
}

const char *
jg_record_kind_number_key (JgRecordKind kind)
{
  g_return_val_if_fail (kind < JG_RECORD_N_KINDS, NULL);
  return "number";
}

const char *
jg_record_kind_date_key (JgRecordKind kind)
{
  g_return_val_if_fail (kind < JG_RECORD_N_KINDS, NULL);
  return kinds[kind].date_key;
}

const JgFieldSpec *
jg_record_fields (JgRecordKind  kind,
                  guint        *n_fields)
{
  g_return_val_if_fail (kind < JG_RECORD_N_KINDS, NULL);
  if (n_fields != NULL)
    *n_fields = kinds[kind].n_fields;
  return kinds[kind].fields;
}

const JgFieldKeys *
jg_record_field_keys (JgRecordKind kind)
{
  static JgFieldKeys *keys[JG_RECORD_N_KINDS];
  static gsize initialized = 0;

  g_return_val_if_fail (kind < JG_RECORD_N_KINDS, NULL);

  if (g_once_init_enter (&initialized))
    {
      for (guint k = 0; k < JG_RECORD_N_KINDS; k++)
        keys[k] = jg_field_keys_new (kinds[k].fields, kinds[k].n_fields, sizeof (JgFieldSpec));
      g_once_init_leave (&initialized, 1);
    }
  return keys[kind];
}

int
jg_record_field_index (JgRecordKind  kind,
                       const char   *key)
{
  g_return_val_if_fail (kind < JG_RECORD_N_KINDS, -1);
  return jg_field_keys_index (jg_record_field_keys (kind), key);
}

const JgFieldSpec *
jg_record_field_lookup (JgRecordKind  kind,
                        const char   *key)
{
  int i = jg_record_field_index (kind, key);

  return i < 0 ? NULL : &kinds[kind].fields[i];
}
