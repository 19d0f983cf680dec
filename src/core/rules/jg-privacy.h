/* jg-privacy.h — the privacy guard of 曝光台
 *
 * Penalty disclosures never show a natural person's ID number, home
 * address, phone number or bank account, and show a natural person's name
 * masked (张某). jg_privacy_scan() finds such data in any text, so that the
 * exposure form flags it and the server refuses it; jg_privacy_mask()
 * offers the masked replacement.
 *
 * The heuristics, chosen to flag what is almost certainly personal data and
 * to leave the numbers a penalty decision is full of alone:
 *
 *  - ID number: 17 digits and a check character (0–9, X or x) that
 *    matches (GB 11643, jg-id-check.c), with a real birth date (year 1900
 *    or later, not after today), not inside a longer run of letters or
 *    digits. An 18-digit string with a wrong check character is NOT
 *    flagged: it is far more likely a document, case or account number.
 *    A 统一社会信用代码 usually fails the check and is never flagged when
 *    it contains letters other than a final X. Old 15-digit IDs (before
 *    1999, no check digit) are not flagged: nothing tells them from other
 *    15-digit numbers, and they left circulation in 2013.
 *  - Phone: a mobile number 1[3-9] and 9 more digits, also written
 *    138-1234-5678 or 138 1234 5678 (optionally after +86 / 86), not
 *    inside a longer digit run; a landline with its area code: 0 and 2–3
 *    digits, a hyphen (or parentheses around the code), and 7–8 digits.
 *    A landline without area code is not flagged (too close to amounts).
 *  - Bank account: 16–19 digits (spaces or hyphens between groups of 4
 *    allowed) passing the Luhn check, not inside a longer digit run and
 *    not an ID number.
 *  - Address: a detailed address: a place (…省/市/区/县/镇/乡/村/路/街/
 *    道/巷/弄) followed, within the same run of CJK characters, digits and
 *    hyphens, by a house number (digits + 号/栋/幢/座/单元/室/楼). Only the
 *    part with a number is flagged; a bare district name ("榕城区") or a
 *    road name alone is not, and neither is a document number
 *    (揭市监罚〔2026〕12号: the number follows a bracket, not a place).
 *
 * Digits, X, + and - typed in full width (０-９, Ｘ, ＋, －) count as
 * their ASCII forms; the masked text writes them in ASCII.
 *
 * Hits are byte offsets into the text, in order and never overlapping (on
 * overlap the earlier starting one wins, then the longer).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  JG_PRIVACY_ID_NUMBER,
  JG_PRIVACY_PHONE,
  JG_PRIVACY_BANK_ACCOUNT,
  JG_PRIVACY_ADDRESS,
} JgPrivacyKind;

typedef struct {
  JgPrivacyKind kind;
  gsize         start;   /* byte offsets into the text */
  gsize         end;
} JgPrivacyHit;

/* A GArray of JgPrivacyHit, in order, never overlapping; empty (never NULL)
 * when nothing is found or @text is NULL. */
GArray     *jg_privacy_scan           (const char    *text);
/* Translated: "ID number", "phone number", "bank account", "address". */
const char *jg_privacy_kind_get_label (JgPrivacyKind  kind);

/* "张三" → "张某", "欧阳小明" → "欧阳某" (common two-character surnames);
 * a name already masked is returned as it is; leading and trailing space
 * is trimmed. NULL or "" gives "". */
char       *jg_privacy_mask_name      (const char    *name);
/* Whether @name is a surname followed by "某" (and nothing else). */
gboolean    jg_privacy_name_is_masked (const char    *name);

/* @text with each hit (from jg_privacy_scan of the same text) replaced:
 * ID 445202********1234 (keeps 6 + 4), phone 138****5678 (a landline
 * keeps its area code and last 4), account ****1234, address → its part
 * up to the district (区/县/市) + "***". */
char       *jg_privacy_mask           (const char    *text,
                                       GArray        *hits);

G_END_DECLS
