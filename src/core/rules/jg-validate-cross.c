/* jg-validate-cross.c — the rules across fields: dates in order, fines and payments
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "jg-validate-private.h"

void
jg_validate_check_dates (Run *run)
{
  const KindIndexes *idx = run->idx;
  const char *main_date = valid_value (run, idx->main_date);
  const char *report = valid_value (run, idx->report_time);
  const char *filing = valid_value (run, idx->filing_date);
  const char *decision = valid_value (run, idx->decision_date);
  const char *closing = valid_value (run, idx->close_date);
  const char *start = valid_value (run, idx->start_date);
  const char *end = valid_value (run, idx->end_date);

  if (main_date != NULL && report != NULL && strncmp (report, main_date, 10) < 0)
    jg_validate_add (run, idx->report_time, JG_ISSUE_ERROR,
                     N_("The report time %s is before the action date %s. A record is reported after the action; correct one of the dates."),
                     report, main_date);

  if (run->kind == JG_RECORD_INSPECTION && main_date != NULL
      && strncmp (main_date, run->context->today, 10) > 0)
    jg_validate_add (run, idx->main_date, JG_ISSUE_ERROR,
                     N_("The inspection date %s is in the future. Record an inspection once it has taken place."), main_date);

  if (decision != NULL)
    {
      if (filing != NULL && strcmp (decision, filing) < 0)
        jg_validate_add (run, idx->decision_date, JG_ISSUE_ERROR,
                         N_("The decision date %s is before the case filing date %s. Correct one of the dates."),
                         decision, filing);
      if (strncmp (decision, run->context->today, 10) > 0)
        jg_validate_add (run, idx->decision_date, JG_ISSUE_ERROR,
                         N_("The decision date %s is in the future. Enter the date the decision was made."), decision);
      if (closing != NULL && strcmp (closing, decision) < 0)
        jg_validate_add (run, idx->close_date, JG_ISSUE_ERROR,
                         N_("The closing date %s is before the decision date %s. Correct one of the dates."),
                         closing, decision);
    }

  if (start != NULL && end != NULL && strcmp (end, start) < 0)
    jg_validate_add (run, idx->end_date, JG_ISSUE_ERROR,
                     N_("The end date %s is before the start date %s. Correct one of the dates."), end, start);
}

void
jg_validate_check_fines (Run *run)
{
  const KindIndexes *idx = run->idx;
  const char *amount, *paid, *penalty_kind;
  gint64 amount_cents = -1;

  if (run->kind != JG_RECORD_PENALTY)
    return;

  amount = valid_value (run, idx->fine_amount);
  paid = valid_value (run, idx->fine_paid);
  penalty_kind = valid_value (run, idx->penalty_kind);
  if (amount != NULL)
    amount_cents = jg_validate_parse_amount (amount);

  if (penalty_kind != NULL && strcmp (penalty_kind, "02") == 0
      && value (run, idx->fine_amount) == NULL)
    jg_validate_add (run, idx->fine_amount, JG_ISSUE_ERROR,
                     N_("The penalty is a fine, so the fine amount is required. Enter it in yuan."));
  else if (penalty_kind != NULL && strcmp (penalty_kind, "02") == 0 && amount_cents == 0)
    jg_validate_add (run, idx->fine_amount, JG_ISSUE_ERROR,
                     N_("The penalty is a fine, but the fine amount is zero. Enter the amount of the fine."));

  if (paid != NULL && amount_cents >= 0 && jg_validate_parse_amount (paid) > amount_cents)
    jg_validate_add (run, idx->fine_paid, JG_ISSUE_WARNING,
                     N_("The fine paid, %s yuan, is more than the fine imposed, %s yuan. Check both amounts."),
                     paid, amount);
}

