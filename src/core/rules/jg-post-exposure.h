/* jg-post-exposure.h — an exposure (曝光台) post from a penalty record
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "jg-post.h"
#include "jg-record.h"

G_BEGIN_DECLS

/* A new exposure draft of @penalty's department, prefilled with every
 * field the record gives: the party (a natural person's name masked, an ID
 * number only masked), codes, decision number and date, facts, basis,
 * penalty category and content, amounts converted from yuan to 万元,
 * authority, a title (关于…的行政处罚信息公示), the default disclosure end,
 * the narrative (jg_post_exposure_narrative), source_record = the record's
 * UUID. @today is "YYYY-MM-DD": a decision dated after it is a wrong date,
 * from which no disclosure end is derived (the validator reports it). */
JgPost *jg_post_new_exposure_from_record (JgRecord   *penalty,
                                          const char *today);

/* The narrative of a disclosure notice, in Chinese (content, not UI: it is
 * published as written), from the post's fields; never an ID number. */
char   *jg_post_exposure_narrative       (JgPost     *post);

G_END_DECLS
