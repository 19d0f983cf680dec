/* jg-validate.c — the rules the provincial centre checks, at entry
 *
 * One pass over the fields of the record's kind: per-field rules (required,
 * length, format, code tables, catalogue, party code, officers, links), then
 * the rules across fields, each attached to the field the user has to fix.
 * Issues come out in field order. Nothing is allocated unless there is an
 * issue to report (lookups in the context aside).
 *
 * The rules are spread by concern, sharing jg-validate-private.h:
 * jg-validate-issue.c (making and wording issues), jg-validate-field.c
 * (each field's own format), jg-validate-party.c (party codes and
 * identity documents), jg-validate-lookup.c (catalogue items,
 * implementation entries and officers, through the context) and
 * jg-validate-cross.c (dates and amounts across fields).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "jg-validate-private.h"

static const KindIndexes *
kind_indexes (JgRecordKind kind)
{
  static KindIndexes table[JG_RECORD_N_KINDS];
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      for (guint k = 0; k < JG_RECORD_N_KINDS; k++)
        {
          KindIndexes *t = &table[k];
          t->catalogue = jg_record_field_index (k, "catalogue_code");
          t->impl = jg_record_field_index (k, "impl_code");
          t->nature = jg_record_field_index (k, "party_nature");
          t->doc_type = jg_record_field_index (k, "party_doc_type");
          t->party_code = jg_record_field_index (k, "party_code");
          t->number = jg_record_field_index (k, jg_record_kind_number_key (k));
          t->link = jg_record_field_index (k, "inspection_number");
          t->officers = jg_record_field_index (k, "officers");
          t->officer_certs = jg_record_field_index (k, "officer_certs");
          t->main_date = jg_record_field_index (k, jg_record_kind_date_key (k));
          t->report_time = jg_record_field_index (k, "report_time");
          t->filing_date = jg_record_field_index (k, "filing_date");
          t->decision_date = jg_record_field_index (k, "decision_date");
          t->close_date = jg_record_field_index (k, "close_date");
          t->start_date = jg_record_field_index (k, "start_date");
          t->end_date = jg_record_field_index (k, "end_date");
          t->fine_amount = jg_record_field_index (k, "fine_amount");
          t->fine_paid = jg_record_field_index (k, "fine_paid");
          t->penalty_kind = jg_record_field_index (k, "penalty_kind");
        }
      g_once_init_leave (&initialized, 1);
    }

  return &table[kind];
}


void
jg_issue_free (JgIssue *issue)
{
  if (issue == NULL)
    return;
  g_free (issue->field);
  g_free (issue->message);
  g_free (issue->msgid);
  g_strfreev (issue->args);
  g_free (issue);
}

void
jg_item_info_clear (JgItemInfo *info)
{
  g_clear_pointer (&info->code, g_free);
  g_clear_pointer (&info->action_type, g_free);
  g_clear_pointer (&info->status, g_free);
  g_clear_pointer (&info->effective_date, g_free);
  g_clear_pointer (&info->cancel_date, g_free);
}

void
jg_officer_info_clear (JgOfficerInfo *info)
{
  g_clear_pointer (&info->id, g_free);
  g_clear_pointer (&info->name, g_free);
  g_clear_pointer (&info->department, g_free);
  g_clear_pointer (&info->cert_no, g_free);
  g_clear_pointer (&info->cert_valid_from, g_free);
  g_clear_pointer (&info->cert_valid_to, g_free);
}

void
jg_item_info_copy (JgItemInfo       *dest,
                   const JgItemInfo *src)
{
  dest->code = g_strdup (src->code);
  dest->action_type = g_strdup (src->action_type);
  dest->status = g_strdup (src->status);
  dest->effective_date = g_strdup (src->effective_date);
  dest->cancel_date = g_strdup (src->cancel_date);
}

void
jg_officer_info_copy (JgOfficerInfo       *dest,
                      const JgOfficerInfo *src)
{
  dest->id = g_strdup (src->id);
  dest->name = g_strdup (src->name);
  dest->department = g_strdup (src->department);
  dest->cert_no = g_strdup (src->cert_no);
  dest->cert_valid_from = g_strdup (src->cert_valid_from);
  dest->cert_valid_to = g_strdup (src->cert_valid_to);
}

void
jg_item_info_free (JgItemInfo *info)
{
  if (info == NULL)
    return;
  jg_item_info_clear (info);
  g_free (info);
}

void
jg_officer_info_free (JgOfficerInfo *info)
{
  if (info == NULL)
    return;
  jg_officer_info_clear (info);
  g_free (info);
}

/* Stable sort of the issues by field order. */
static void
sort_issues (Run *run)
{
  GPtrArray *issues = run->issues;
  int *order;

  if (run->order == NULL)
    return;
  order = (int *) run->order->data;
  for (guint i = 1; i < issues->len; i++)
    {
      gpointer issue = issues->pdata[i];
      int key = order[i] < 0 ? G_MAXINT : order[i];
      guint j = i;

      while (j > 0 && (order[j - 1] < 0 ? G_MAXINT : order[j - 1]) > key)
        {
          issues->pdata[j] = issues->pdata[j - 1];
          order[j] = order[j - 1];
          j--;
        }
      issues->pdata[j] = issue;
      order[j] = key == G_MAXINT ? -1 : key;
    }
  g_array_unref (run->order);
}

GPtrArray *
jg_validate_record (JgRecord            *record,
                    JgValidationContext *context)
{
  Run run = { 0 };

  g_return_val_if_fail (JG_IS_RECORD (record), NULL);
  g_return_val_if_fail (context != NULL, NULL);

  run.record = record;
  run.kind = jg_record_get_kind (record);
  run.context = context;
  run.fields = jg_record_fields (run.kind, &run.n_fields);
  run.idx = kind_indexes (run.kind);
  run.issues = g_ptr_array_new_with_free_func ((GDestroyNotify) jg_issue_free);
  g_assert (run.n_fields <= G_N_ELEMENTS (run.valid) * 32);

  /* Fields that others depend on (catalogue code, document type) come
   * before them in every kind; the main date is parsed where needed. */
  for (guint i = 0; i < run.n_fields; i++)
    {
      if (jg_validate_check_field (&run, i))
        mark_valid (&run, i);
      if ((int) i == run.idx->doc_type)
        jg_validate_check_nature_doc_type (&run);
    }

  jg_validate_check_certificates (&run);
  jg_validate_check_dates (&run);
  jg_validate_check_fines (&run);
  sort_issues (&run);

  return run.issues;
}

gboolean
jg_issues_have_errors (GPtrArray *issues)
{
  if (issues == NULL)
    return FALSE;
  for (guint i = 0; i < issues->len; i++)
    if (((JgIssue *) issues->pdata[i])->severity == JG_ISSUE_ERROR)
      return TRUE;
  return FALSE;
}

GPtrArray *
jg_issues_for_field (GPtrArray  *issues,
                     const char *field)
{
  GPtrArray *result = g_ptr_array_new ();

  for (guint i = 0; issues != NULL && i < issues->len; i++)
    {
      JgIssue *issue = issues->pdata[i];
      if (g_strcmp0 (issue->field, field) == 0)
        g_ptr_array_add (result, issue);
    }
  return result;
}

