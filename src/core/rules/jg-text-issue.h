/* jg-text-issue.h — issues of the post text rules (body, wording)
 *
 * jg_validate_add() builds issues inside a record validation run; the post
 * text rules (jg-post-html.c, jg-wording.c) have no run, only a field name
 * and an array, and use this instead. Same JgIssue, same msgid/args
 * contract (jg-validate.h), so the server sends them and the client words
 * them in its own language.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "jg-validate.h"

G_BEGIN_DECLS

/* Appends to @issues an issue on @field whose message is the translation
 * of @msgid (an untranslated template, N_) with the NULL-terminated text
 * arguments in place; argument i is itself a msgid (translated when the
 * message is rendered) when bit i of @msgid_args is set. Every conversion
 * of the template takes one text argument, as in jg_issue_render(). */
void jg_text_issue_add (GPtrArray       *issues,
                        const char      *field,
                        JgIssueSeverity  severity,
                        guint32          msgid_args,
                        const char      *msgid,
                        ...) G_GNUC_NULL_TERMINATED;

G_END_DECLS
