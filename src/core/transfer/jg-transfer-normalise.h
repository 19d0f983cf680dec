/* jg-transfer-normalise.h — reading hand-typed legacy cells forgivingly
 *
 * Spreadsheets typed by hand over years carry spaces around values
 * (ASCII and the ideographic U+3000), full-width digits and letters, a
 * lower-case credit code or ID-number x, dates as 2026/11/15 or
 * 2026年11月15日, amounts with thousands separators, 是/否 for yes/no,
 * officers separated by ；or 、, and codes that Excel turned into numbers
 * (01 → 1). An import brings each such cell to its field's canonical form
 * and lists what it did as a notice (jg-transfer-import.c), so that
 * nothing changes without the administrator seeing it.
 *
 * Only what cannot change meaning is normalised: NFKC on fields whose
 * values are codes, dates, amounts or numbers (never on free text), dates
 * written year first only (never a guess between day and month), amounts
 * whose separators group exactly three digits, letters made upper-case only
 * when that gives a valid credit code or ID number, and leading zeros only
 * when exactly one code of the field's table matches. Anything else is
 * left as it was, for the rules to explain.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "jg-record-schema.h"
#include "jg-validate.h"

G_BEGIN_DECLS

/* What a normalisation did (several may apply to one cell). */
typedef enum {
  JG_NORMALISED_SPACES     = 1 << 0,   /* spaces around the value removed */
  JG_NORMALISED_WIDTH      = 1 << 1,   /* full-width characters (NFKC) */
  JG_NORMALISED_CASE       = 1 << 2,   /* credit code / ID number letters upper-cased */
  JG_NORMALISED_DATE       = 1 << 3,   /* date or time written as YYYY-MM-DD [HH:MM] */
  JG_NORMALISED_AMOUNT     = 1 << 4,   /* thousands separators removed */
  JG_NORMALISED_YES_NO     = 1 << 5,   /* 是/否 → 1/0 */
  JG_NORMALISED_SEPARATORS = 1 << 6,   /* list separators → ';' */
  JG_NORMALISED_ZEROS      = 1 << 7,   /* a code's leading zeros restored */
} JgNormalised;

/* @value (a cell of @spec's column, valid UTF-8) in its canonical form, or
 * NULL when it is canonical already or cannot be normalised safely (the
 * common case, which allocates nothing). @context answers which codes
 * exist (may be NULL: no zeros restored). @what receives what was done. */
char *jg_transfer_normalise          (const JgFieldSpec   *spec,
                                      const char          *value,
                                      JgValidationContext *context,
                                      JgNormalised        *what);

/* What @what did, translated, as a report's notice says it:
 * "spaces removed; date written as year-month-day". */
char *jg_transfer_normalised_describe (JgNormalised        what);

G_END_DECLS
