/* jg-post-from-record.h — an exposure (曝光台) post from a penalty record
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "jg-post.h"
#include "jg-post-store.h"
#include "jg-record.h"

G_BEGIN_DECLS

/* Whether @record can be exposed: a 行政处罚 record the server accepted
 * whose decision imposed a penalty (no_penalty not "1"). */
gboolean  jg_post_from_record_is_eligible (JgRecord    *record);
/* A new exposure draft prefilled from the record @record_uuid of @store's
 * database (jg_post_new_exposure_from_record), saved: the post to open in
 * the editor; the one written from it before, if any and not withdrawn. Fails with a translated sentence when the record is not
 * there or cannot be exposed. */
JgPost   *jg_post_from_record_create      (JgPostStore *store,
                                           const char  *record_uuid,
                                           GError     **error);

G_END_DECLS
