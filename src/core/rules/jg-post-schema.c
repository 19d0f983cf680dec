/* jg-post-schema.c — the fields of each column of posts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "jg-post-schema.h"

/* Lengths of free text, in characters: as the record fields of the same
 * meaning (jg-record-schema.c) where one exists. */
#define NAME_MAX_LENGTH 200
#define PERSON_MAX_LENGTH 50
#define LONG_MAX_LENGTH 2000
#define SUMMARY_MAX_LENGTH 200
#define REMARKS_MAX_LENGTH 500
#define NARRATIVE_MAX_LENGTH 5000
#define DOC_NO_MAX_LENGTH 100
#define MASKED_ID_MAX_LENGTH 18
#define UUID_LENGTH 36

#define TEXT(k, l, g, max, req, h)     { k, l, g, JG_POST_FIELD_TEXT, max, req, NULL, h }
#define LONG(k, l, g, max, req, h)     { k, l, g, JG_POST_FIELD_LONG_TEXT, max, req, NULL, h }
#define DATE(k, l, g, req, h)          { k, l, g, JG_POST_FIELD_DATE, 0, req, NULL, h }
#define AMOUNT(k, l, g, h)             { k, l, g, JG_POST_FIELD_AMOUNT, 0, FALSE, NULL, h }
#define CHOICE(k, l, g, c, req, h)     { k, l, g, JG_POST_FIELD_CHOICE, 0, req, c, h }
#define CREDIT(k, l, g, req, h)        { k, l, g, JG_POST_FIELD_CREDIT_CODE, 18, req, NULL, h }

static const JgPostChoice dynamics_tags[] = {
  { "campaign", N_("Special campaign"), "专项整治" },
  { "random_check", N_("Random inspection"), "双随机抽查" },
  { "enforcement", N_("Enforcement inspection"), "执法检查" },
  { "training", N_("Publicity and training"), "宣传培训" },
  { "other", N_("Other topic"), "其他" },
  { NULL, NULL, NULL }
};

static const JgPostChoice party_kinds[] = {
  { JG_POST_PARTY_ORGANISATION, N_("Organisation"), "法人及非法人组织" },
  { JG_POST_PARTY_INDIVIDUAL_BUSINESS, N_("Individual business"), "个体工商户" },
  { JG_POST_PARTY_NATURAL_PERSON, N_("Natural person"), "自然人" },
  { NULL, NULL, NULL }
};

/* The personal documents of the doc_type code table. */
static const JgPostChoice id_types[] = {
  { "111", N_("Resident identity card"), "居民身份证" },
  { "112", N_("Temporary resident identity card"), "临时居民身份证" },
  { "113", N_("Household register"), "户口簿" },
  { "154", N_("Residence permit"), "居住证" },
  { "414", N_("Ordinary passport"), "普通护照" },
  { NULL, NULL, NULL }
};

/* The penalty_kind code table, so that a record's 处罚种类 carries over. */
static const JgPostChoice penalty_categories[] = {
  { JG_POST_PENALTY_WARNING, N_("Warning"), "警告" },
  { "02", N_("Fine"), "罚款" },
  { "03", N_("Confiscation of illegal gains"), "没收违法所得" },
  { "04", N_("Order to suspend production or business"), "责令停产停业" },
  { "05", N_("Suspension or revocation of a licence"), "暂扣或者吊销许可证、执照" },
  { "06", N_("Administrative detention"), "行政拘留" },
  { "07", N_("Other penalty"), "其他" },
  { "08", N_("Public criticism"), "通报批评" },
  { "09", N_("Confiscation of illegal property"), "没收非法财物" },
  { "10", N_("Lowering of qualification grade"), "降低资质等级" },
  { "11", N_("Suspension of a permit"), "暂扣许可证件" },
  { "12", N_("Restriction of business activities"), "限制开展生产经营活动" },
  { "13", N_("Restriction of practice"), "限制从业" },
  { "14", N_("Order to close"), "责令关闭" },
  { NULL, NULL, NULL }
};

/* The penalty_procedure code table. */
static const JgPostChoice procedures[] = {
  { JG_POST_PROCEDURE_NORMAL, N_("Normal procedure"), "一般程序" },
  { JG_POST_PROCEDURE_SIMPLIFIED, N_("Simplified procedure"), "简易程序" },
  { NULL, NULL, NULL }
};

/* The sectors whose disclosures last at least a year (domain.md). */
static const JgPostChoice sectors[] = {
  { JG_POST_SECTOR_SPECIAL_EQUIPMENT, N_("Special equipment"), "特种设备" },
  { JG_POST_SECTOR_WORK_SAFETY, N_("Work safety"), "安全生产" },
  { JG_POST_SECTOR_FIRE, N_("Fire safety"), "消防" },
  { JG_POST_SECTOR_OTHER, N_("Other sector"), "其他" },
  { NULL, NULL, NULL }
};

static const JgPostFieldSpec dynamics_fields[] = {
  TEXT ("title", N_("Title"), N_("Post"), JG_POST_TITLE_MAX_LENGTH, TRUE, "标题"),
  LONG ("summary", N_("Summary"), N_("Post"), SUMMARY_MAX_LENGTH, FALSE, "摘要"),
  { "body", N_("Body"), N_("Post"), JG_POST_FIELD_HTML, 0, TRUE, NULL, "正文" },
  { "source_department", N_("Source department"), N_("Post"), JG_POST_FIELD_DEPARTMENT, 0, TRUE, NULL, "来源" },
  TEXT ("author", N_("Author"), N_("Post"), PERSON_MAX_LENGTH, TRUE, "作者"),
  { "tags", N_("Tags"), N_("Post"), JG_POST_FIELD_TAGS, 0, FALSE, dynamics_tags, "分类" },
  { "record_links", N_("Linked records"), N_("Post"), JG_POST_FIELD_RECORD_LINKS, 0, FALSE, NULL, NULL },
};

static const JgPostFieldSpec exposure_fields[] = {
  TEXT ("title", N_("Title"), N_("Post"), JG_POST_TITLE_MAX_LENGTH, TRUE, "标题"),
  TEXT ("party_name", N_("Party name"), N_("Party"), NAME_MAX_LENGTH, TRUE, "行政相对人名称"),
  CHOICE ("party_kind", N_("Party kind"), N_("Party"), party_kinds, TRUE, "行政相对人类别"),
  CREDIT ("credit_code", N_("Unified social credit code"), N_("Party"), FALSE, "统一社会信用代码"),
  TEXT ("legal_rep", N_("Legal representative"), N_("Party"), PERSON_MAX_LENGTH, FALSE, "法定代表人"),
  CHOICE ("id_type", N_("Identity document type"), N_("Party"), id_types, FALSE, "证件类型"),
  TEXT ("id_number", N_("Identity document number (masked)"), N_("Party"), MASKED_ID_MAX_LENGTH, FALSE, "证件号码"),
  TEXT ("decision_no", N_("Penalty decision document number"), N_("Decision"), DOC_NO_MAX_LENGTH, TRUE, "行政处罚决定书文号"),
  CHOICE ("procedure", N_("Procedure"), N_("Decision"), procedures, TRUE, "处罚程序"),
  TEXT ("violation_type", N_("Violation type"), N_("Decision"), NAME_MAX_LENGTH, TRUE, "违法行为类型"),
  LONG ("facts", N_("Illegal facts"), N_("Decision"), LONG_MAX_LENGTH, TRUE, "违法事实"),
  LONG ("legal_basis", N_("Legal basis of the penalty"), N_("Decision"), LONG_MAX_LENGTH, TRUE, "处罚依据"),
  { "penalty_category", N_("Penalty category"), N_("Decision"), JG_POST_FIELD_TAGS, 0, TRUE, penalty_categories, "处罚类别" },
  LONG ("penalty_content", N_("Penalty content"), N_("Decision"), LONG_MAX_LENGTH, TRUE, "处罚内容"),
  AMOUNT ("fine_amount", N_("Fine (10,000 yuan)"), N_("Decision"), "罚款金额（万元）"),
  AMOUNT ("confiscation_amount", N_("Confiscated gains or property (10,000 yuan)"), N_("Decision"),
          "没收违法所得、没收非法财物的金额（万元）"),
  TEXT ("licence", N_("Licence suspended or revoked, and its number"), N_("Decision"), NAME_MAX_LENGTH, FALSE,
        "暂扣或吊销证照名称及编号"),
  DATE ("decision_date", N_("Decision date"), N_("Decision"), TRUE, "处罚决定日期"),
  DATE ("penalty_period", N_("Penalty in force until"), N_("Decision"), FALSE, "处罚有效期"),
  TEXT ("authority", N_("Penalty authority"), N_("Decision"), NAME_MAX_LENGTH, TRUE, "处罚机关"),
  CREDIT ("authority_credit_code", N_("Credit code of the penalty authority"), N_("Decision"), TRUE,
          "处罚机关统一社会信用代码"),
  { "party_is_minor", N_("The party is a minor"), N_("Disclosure"), JG_POST_FIELD_BOOL, 0, FALSE, NULL, NULL },
  CHOICE ("sector", N_("Sector"), N_("Disclosure"), sectors, FALSE, NULL),
  DATE ("disclosure_end", N_("Disclosure end date"), N_("Disclosure"), TRUE, "公示截止期"),
  TEXT ("data_source", N_("Data source"), N_("Disclosure"), NAME_MAX_LENGTH, TRUE, "数据来源单位"),
  CREDIT ("data_source_credit_code", N_("Credit code of the data source"), N_("Disclosure"), TRUE,
          "数据来源单位统一社会信用代码"),
  LONG ("remarks", N_("Remarks"), N_("Disclosure"), REMARKS_MAX_LENGTH, FALSE, "备注"),
  LONG ("narrative", N_("Narrative"), N_("Disclosure"), NARRATIVE_MAX_LENGTH, FALSE, "公示内容"),
  /* The penalty record it was made from: one UUID. */
  { "source_record", N_("Source record"), N_("Disclosure"), JG_POST_FIELD_RECORD_LINKS, UUID_LENGTH, FALSE, NULL, NULL },
};

typedef struct {
  const char            *name;
  const char            *label;
  const JgPostFieldSpec *fields;
  guint                  n_fields;
} ColumnInfo;

static const ColumnInfo columns[JG_POST_N_COLUMNS] = {
  { "dynamics", N_("Supervision News"), dynamics_fields, G_N_ELEMENTS (dynamics_fields) },
  { "exposure", N_("Exposure"), exposure_fields, G_N_ELEMENTS (exposure_fields) },
};

const char *
jg_post_column_to_string (JgPostColumn column)
{
  g_return_val_if_fail (column < JG_POST_N_COLUMNS, NULL);
  return columns[column].name;
}

gboolean
jg_post_column_from_string (const char   *text,
                            JgPostColumn *column)
{
  if (text == NULL)
    return FALSE;
  for (guint i = 0; i < JG_POST_N_COLUMNS; i++)
    if (strcmp (text, columns[i].name) == 0)
      {
        if (column != NULL)
          *column = i;
        return TRUE;
      }
  return FALSE;
}

const char *
jg_post_column_get_label (JgPostColumn column)
{
  g_return_val_if_fail (column < JG_POST_N_COLUMNS, NULL);
  return _(columns[column].label);
}

const char *
jg_post_column_get_label_msgid (JgPostColumn column)
{
  g_return_val_if_fail (column < JG_POST_N_COLUMNS, NULL);
  return columns[column].label;
}

const JgPostFieldSpec *
jg_post_fields (JgPostColumn  column,
                guint        *n_fields)
{
  g_return_val_if_fail (column < JG_POST_N_COLUMNS, NULL);
  if (n_fields != NULL)
    *n_fields = columns[column].n_fields;
  return columns[column].fields;
}

const JgFieldKeys *
jg_post_field_keys (JgPostColumn column)
{
  static JgFieldKeys *keys[JG_POST_N_COLUMNS];
  static gsize initialized = 0;

  g_return_val_if_fail (column < JG_POST_N_COLUMNS, NULL);

  if (g_once_init_enter (&initialized))
    {
      for (guint c = 0; c < JG_POST_N_COLUMNS; c++)
        keys[c] = jg_field_keys_new (columns[c].fields, columns[c].n_fields, sizeof (JgPostFieldSpec));
      g_once_init_leave (&initialized, 1);
    }
  return keys[column];
}

int
jg_post_field_index (JgPostColumn  column,
                     const char   *key)
{
  g_return_val_if_fail (column < JG_POST_N_COLUMNS, -1);
  return jg_field_keys_index (jg_post_field_keys (column), key);
}

const JgPostFieldSpec *
jg_post_field_lookup (JgPostColumn  column,
                      const char   *key)
{
  int i = jg_post_field_index (column, key);

  return i < 0 ? NULL : &columns[column].fields[i];
}

static const JgPostChoice *
find_choice (const JgPostFieldSpec *spec,
             const char            *value)
{
  if (spec->choices == NULL || value == NULL)
    return NULL;
  for (const JgPostChoice *c = spec->choices; c->value != NULL; c++)
    if (strcmp (c->value, value) == 0)
      return c;
  return NULL;
}

const char *
jg_post_choice_get_text (const JgPostFieldSpec *spec,
                         const char            *value)
{
  const JgPostChoice *c;

  g_return_val_if_fail (spec != NULL, NULL);
  c = find_choice (spec, value);
  return c ? c->text : NULL;
}

const char *
jg_post_choice_get_label (const JgPostFieldSpec *spec,
                          const char            *value)
{
  const JgPostChoice *c;

  g_return_val_if_fail (spec != NULL, NULL);

  c = find_choice (spec, value);
  return c ? _(c->label) : NULL;
}
