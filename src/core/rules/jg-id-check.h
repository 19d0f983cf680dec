/* jg-id-check.h — check digits of unified social credit codes and ID numbers
 *
 *  - 统一社会信用代码 (GB 32100-2015): 18 characters from
 *    0123456789ABCDEFGHJKLMNPQRTUWXY; the last one is a mod-31 check
 *    character.  Characters 9–17 are the organisation code (GB 11714), whose
 *    last character is a mod-11 check of its own.
 *  - 居民身份证号码 (GB 11643-1999): 17 digits and a mod-11 check character
 *    (0–9 or X); characters 7–14 are the birth date YYYYMMDD.
 *
 * The validators take the text exactly as entered (the caller trims it) and
 * set a translated, user-facing error that says what is wrong.  Letters must
 * be uppercase: neither standard has lowercase letters, and accepting them
 * would let two spellings of one code into the records.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define JG_ID_CHECK_ERROR (jg_id_check_error_quark ())
GQuark jg_id_check_error_quark (void);

typedef enum {
  JG_ID_CHECK_ERROR_LENGTH,       /* not 18 characters */
  JG_ID_CHECK_ERROR_ALPHABET,     /* a character the standard does not allow (or lowercase) */
  JG_ID_CHECK_ERROR_CHECK_DIGIT,  /* the last character does not match */
  JG_ID_CHECK_ERROR_BIRTH_DATE,   /* ID number: characters 7–14 are not a real past date */
} JgIdCheckError;

#define JG_CREDIT_CODE_LENGTH 18
#define JG_ID_NUMBER_LENGTH   18

/* GB 32100 unified social credit code: length, alphabet and check character.
 * The inner organisation-code check is not part of this (see below). */
gboolean jg_credit_code_is_valid           (const char *code,
                                            GError    **error);

/* The check character for the first 17 characters of @first17 (more are
 * ignored), or '\0' when there are fewer than 17 or one is not in the
 * alphabet. */
char     jg_credit_code_compute_check      (const char *first17);

/* Whether characters 9–17 of @code carry a valid GB 11714 organisation-code
 * check character.  Codes issued to some bodies do not follow it, so a
 * FALSE here is a warning for the user, never a reason to refuse the code.
 * FALSE also when @code is shorter than 17 characters or has characters
 * outside 0–9/A–Z there. */
gboolean jg_credit_code_org_check_is_valid (const char *code);

/* Whether characters 1 and 2 of @code (at least 2 characters) are a
 * registration authority and an entity type of GB 32100's table (with its
 * later additions; ../shared/domain.md): no authority issues other codes. */
gboolean jg_credit_code_kind_is_known      (const char *code);

/* Whether characters 3–8 of @code (at least 8 characters) can be a region
 * code (GB/T 2260): six digits, the first two a province's, or 100000 for
 * bodies registered nationally. */
gboolean jg_credit_code_region_is_plausible (const char *code);

/* The registration authority and entity type pairs of GB 32100, as
 * two-character strings ("11", "12", … "Y1"), NULL-terminated. */
const char * const *jg_credit_code_kinds   (void);

/* GB 11643 citizen ID number: length, digits, birth date (a real date, not
 * after today) and check character. */
gboolean jg_id_number_is_valid             (const char *id,
                                            GError    **error);

/* The check character ('0'–'9' or 'X') for the first 17 digits of @first17,
 * or '\0' when there are fewer than 17 or one is not a digit. */
char     jg_id_number_compute_check        (const char *first17);

G_END_DECLS
