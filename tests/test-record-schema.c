/* test-record-schema.c — the field tables of the four record kinds
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <gio/gio.h>

#include "jg-record.h"
#include "jg-record-schema.h"

static const char * const common_headers[] = {
  "监管事项目录编码", "实施机构", "实施机构编码", "受委托部门", "受委托部门编码",
  "监管对象类型", "监管对象", "行政相对人", "行政相对人性质", "行政相对人证件类型",
  "行政相对人编码", "注册地址", "经营地址", "行政区划代码", "报送时间", "报送人员",
};

static const char * const code_tables[] = {
  "object_type", "check_form", "check_category", "check_method", "check_result",
  "penalty_kind", "penalty_procedure", "case_source", "party_nature", "doc_type",
  "coercion_kind", "coercion_measure", "coercion_exec", "close_method", "exec_result",
  "region",
};

static void
test_tables (void)
{
  for (JgRecordKind kind = 0; kind < JG_RECORD_N_KINDS; kind++)
    {
      guint n;
      const JgFieldSpec *fields = jg_record_fields (kind, &n);
      g_autoptr(GHashTable) keys = g_hash_table_new (g_str_hash, g_str_equal);
      g_autoptr(GHashTable) headers = g_hash_table_new (g_str_hash, g_str_equal);

      g_assert_cmpuint (n, >, G_N_ELEMENTS (common_headers));
      for (guint i = 0; i < G_N_ELEMENTS (common_headers); i++)
        g_assert_cmpstr (fields[i].header, ==, common_headers[i]);

      for (guint i = 0; i < n; i++)
        {
          /* Keys and headers are unique in a kind: templates use the headers. */
          g_assert_true (g_hash_table_add (keys, (gpointer) fields[i].key));
          g_assert_true (g_hash_table_add (headers, (gpointer) fields[i].header));
          g_assert_nonnull (fields[i].label);
          g_assert_nonnull (fields[i].group);
          g_assert_true (jg_record_field_lookup (kind, fields[i].key) == &fields[i]);
          if (fields[i].type == JG_FIELD_CODE)
            {
              gboolean known = FALSE;
              for (guint t = 0; t < G_N_ELEMENTS (code_tables); t++)
                known |= g_strcmp0 (fields[i].code_table, code_tables[t]) == 0;
              g_assert_true (known);
            }
          else
            g_assert_null (fields[i].code_table);
          if (fields[i].type == JG_FIELD_TEXT || fields[i].type == JG_FIELD_LONG_TEXT)
            g_assert_cmpuint (fields[i].max_length, >, 0);
        }

      g_assert_nonnull (jg_record_field_lookup (kind, jg_record_kind_number_key (kind)));
      g_assert_nonnull (jg_record_field_lookup (kind, jg_record_kind_date_key (kind)));
      g_assert_nonnull (jg_record_field_lookup (kind, "name"));
      g_assert_null (jg_record_field_lookup (kind, "no_such_field"));
      g_assert_true (jg_record_field_lookup (kind, "catalogue_code")->required);
      g_assert_true (jg_record_field_lookup (kind, "party_code")->required);
      g_assert_cmpuint (jg_record_field_lookup (kind, "party_code")->max_length, ==, 20);
      g_assert_cmpint (jg_record_field_lookup (kind, "party_code")->type, ==, JG_FIELD_PARTY_CODE);
      if (kind == JG_RECORD_INSPECTION)
        g_assert_null (jg_record_field_lookup (kind, "inspection_number"));
      else
        g_assert_cmpint (jg_record_field_lookup (kind, "inspection_number")->type, ==, JG_FIELD_RECORD_LINK);
    }
}

static void
test_kind_fields (void)
{
  const JgFieldSpec *f;

  f = jg_record_field_lookup (JG_RECORD_INSPECTION, "impl_code");
  g_assert_cmpstr (f->header, ==, "监管事项检查实施清单编码");
  g_assert_cmpint (f->type, ==, JG_FIELD_IMPL);
  g_assert_true (f->required);
  g_assert_cmpstr (jg_record_field_lookup (JG_RECORD_INSPECTION, "plan_id")->header, ==, "双随机计划ID");
  g_assert_cmpstr (jg_record_field_lookup (JG_RECORD_INSPECTION, "number")->header, ==, "检查行为编号");
  g_assert_cmpstr (jg_record_field_lookup (JG_RECORD_INSPECTION, "officers")->header, ==, "检查人员");
  g_assert_cmpstr (jg_record_field_lookup (JG_RECORD_PENALTY, "officers")->header, ==, "执法人员");
  g_assert_cmpint (jg_record_field_lookup (JG_RECORD_PENALTY, "officers")->type, ==, JG_FIELD_OFFICERS);
  g_assert_null (jg_record_field_lookup (JG_RECORD_COERCION, "officers"));
  g_assert_cmpstr (jg_record_field_lookup (JG_RECORD_PENALTY, "number")->header, ==, "处罚行为编号");
  g_assert_cmpstr (jg_record_field_lookup (JG_RECORD_COERCION, "number")->header, ==, "强制行为编号");
  g_assert_cmpstr (jg_record_field_lookup (JG_RECORD_OTHER, "number")->header, ==, "行为编号");
  g_assert_cmpstr (jg_record_field_lookup (JG_RECORD_PENALTY, "decision_date")->header, ==, "处罚决定日期");
  g_assert_cmpstr (jg_record_field_lookup (JG_RECORD_PENALTY, "penalty_kind")->code_table, ==, "penalty_kind");
  g_assert_cmpint (jg_record_field_lookup (JG_RECORD_PENALTY, "fine_amount")->type, ==, JG_FIELD_AMOUNT);
  g_assert_true (jg_record_field_lookup (JG_RECORD_PENALTY, "no_penalty")->required);
  g_assert_false (jg_record_field_lookup (JG_RECORD_PENALTY, "filing_date")->required);
  g_assert_cmpuint (jg_record_field_lookup (JG_RECORD_PENALTY, "decision_no")->max_length, ==, 100);
  g_assert_cmpstr (jg_record_field_lookup (JG_RECORD_COERCION, "coercion_kind")->header, ==, "行政强制种类");
}

static void
test_kinds (void)
{
  static const char * const names[] = { "inspection", "penalty", "coercion", "other" };

  for (JgRecordKind kind = 0; kind < JG_RECORD_N_KINDS; kind++)
    {
      JgRecordKind back;
      char type[2] = { '0' + kind, 0 };

      g_assert_cmpstr (jg_record_kind_to_string (kind), ==, names[kind]);
      g_assert_true (jg_record_kind_from_string (names[kind], &back));
      g_assert_cmpint (back, ==, kind);
      g_assert_cmpstr (jg_record_kind_action_type (kind), ==, type);
      g_assert_nonnull (jg_record_kind_get_label (kind));
    }
  g_assert_false (jg_record_kind_from_string ("complaint", NULL));
}

static void
on_changed (JgRecord   *record,
            const char *key,
            GPtrArray  *seen)
{
  g_ptr_array_add (seen, g_strdup (key));
}

static void
test_record (void)
{
  g_autoptr(JgRecord) record = jg_record_new (JG_RECORD_PENALTY, "D1");
  g_autoptr(JgRecord) back = NULL;
  g_autoptr(JgRecord) copy = NULL;
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  JgRecordState state;

  g_assert_true (g_uuid_string_is_valid (jg_record_get_uuid (record)));
  g_assert_cmpuint (jg_record_get_revision (record), ==, 1);
  g_assert_cmpint (jg_record_get_state (record), ==, JG_RECORD_STATE_DRAFT);

  g_signal_connect (record, "changed", G_CALLBACK (on_changed), seen);
  jg_record_set (record, "party_name", "揭阳某公司");
  jg_record_set (record, "party_name", "揭阳某公司");  /* same: no signal */
  jg_record_set (record, "fine_amount", " 12.50 ");   /* kept as typed */
  jg_record_set (record, "hearing", "");              /* empty: stays unset, no signal */
  g_assert_cmpuint (seen->len, ==, 2);
  g_assert_cmpstr (jg_record_get (record, "fine_amount"), ==, " 12.50 ");
  g_assert_null (jg_record_get (record, "hearing"));

  jg_record_set_identity (record, NULL, 3, JG_RECORD_STATE_ACCEPTED);
  json = jg_record_to_json (record);
  back = jg_record_new_from_json (json, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (jg_record_get_uuid (back), ==, jg_record_get_uuid (record));
  g_assert_cmpstr (jg_record_get_department (back), ==, "D1");
  g_assert_cmpint (jg_record_get_kind (back), ==, JG_RECORD_PENALTY);
  g_assert_cmpuint (jg_record_get_revision (back), ==, 3);
  g_assert_cmpint (jg_record_get_state (back), ==, JG_RECORD_STATE_ACCEPTED);
  g_assert_cmpstr (jg_record_get (back, "party_name"), ==, "揭阳某公司");
  g_assert_cmpstr (jg_record_get (back, "fine_amount"), ==, " 12.50 ");

  copy = jg_record_copy (record);
  g_assert_cmpstr (jg_record_get (copy, "party_name"), ==, "揭阳某公司");
  g_assert_cmpstr (jg_record_get_uuid (copy), ==, jg_record_get_uuid (record));

  g_assert_null (jg_record_new_from_json ("[]", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);
  g_assert_null (jg_record_new_from_json ("{\"kind\":\"penalty\",\"uuid\":\"x\"}", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);
  g_assert_null (jg_record_new_from_json ("{\"kind\":\"penalty\",\"uuid\":\"0b6e4b1c-62a4-4c55-9d0f-6f6d0e3b5e7a\","
                                          "\"fields\":{\"no_such\":\"1\"}}", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);

  g_assert_true (jg_record_state_from_string ("rejected", &state));
  g_assert_cmpint (state, ==, JG_RECORD_STATE_REJECTED);
  g_assert_cmpstr (jg_record_state_to_string (JG_RECORD_STATE_READY), ==, "ready");
  g_assert_true (G_TYPE_IS_ENUM (JG_TYPE_RECORD_STATE));
  g_assert_nonnull (jg_record_state_get_label (JG_RECORD_STATE_SENDING));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/record-schema/tables", test_tables);
  g_test_add_func ("/record-schema/kind-fields", test_kind_fields);
  g_test_add_func ("/record-schema/kinds", test_kinds);
  g_test_add_func ("/record-schema/record", test_record);

  return g_test_run ();
}
