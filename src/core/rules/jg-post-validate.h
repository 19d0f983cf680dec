/* jg-post-validate.h — the checks of a post before it is submitted
 *
 * jg_post_validate() runs every rule for one post, on the client before
 * "submitted" and on the server before review, and returns its issues
 * (JgIssue, jg-validate.h), each naming its field: errors block
 * submission, warnings do not (they travel with the post to the reviewer).
 * The rules need no lookups: the catalogue-backed checks of records do
 * not apply to posts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "jg-post.h"
#include "jg-validate.h"

G_BEGIN_DECLS

/* Disclosure periods (domain.md "Posts"): from the decision date. */
#define JG_POST_DISCLOSURE_DEFAULT_YEARS 3
#define JG_POST_DISCLOSURE_MAX_YEARS 3
#define JG_POST_DISCLOSURE_MIN_MONTHS 3
#define JG_POST_DISCLOSURE_MIN_MONTHS_SAFETY 12   /* 特种设备, 安全生产, 消防 */

/* A GPtrArray of JgIssue (owned), in field order; empty when all is well.
 * @today is "YYYY-MM-DD" (the day "not in the future" is measured against). */
GPtrArray *jg_post_validate                (JgPost     *post,
                                            const char *today);

/* The default end of the disclosure of a decision of @decision_date
 * ("YYYY-MM-DD"): 3 years later (29 February → 28 February). NULL when
 * @decision_date is not a date. */
char      *jg_post_default_disclosure_end  (const char *decision_date);
/* The earliest allowed end: 3 months after the decision, 1 year for the
 * safety sectors (@sector a JG_POST_SECTOR_* value, or NULL). */
char      *jg_post_min_disclosure_end      (const char *decision_date,
                                            const char *sector);

/* An identity document number as a disclosure may show it: the first 6
 * and the last 4 characters of an 18-character number kept, the rest "*"
 * (445202********1234); a quarter kept at each end of a shorter one. */
char      *jg_post_mask_id_number          (const char *id);
/* Whether @id is masked: at least 8 stars, or half of a shorter number. */
gboolean   jg_post_id_number_is_masked     (const char *id);

/* Whether @issue (from jg_post_validate) is one of the privacy guard's:
 * personal data in a text, or a natural person's name or ID number not
 * masked. */
gboolean   jg_post_issue_is_privacy        (const JgIssue *issue);
/* Whether @issue is a warning about publishing the decision at all
 * (a warning only, the simplified procedure), not about one field. */
gboolean   jg_post_issue_is_notice         (const JgIssue *issue);

G_END_DECLS
