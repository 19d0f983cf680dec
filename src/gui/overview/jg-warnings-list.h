/* jg-warnings-list.h — the Overview's warnings (预警), one row each
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "jg-session.h"
#include "jg-warnings.h"

G_BEGIN_DECLS

#define JG_TYPE_WARNINGS_LIST (jg_warnings_list_get_type ())
G_DECLARE_FINAL_TYPE (JgWarningsList, jg_warnings_list, JG, WARNINGS_LIST, AdwPreferencesGroup)

/* Follows @session's account: evaluated again on "counts-changed",
 * "quota-changed", "sync-finished" and "data-changed", when a threshold
 * changes in the session's settings, and when the list comes into view. */
void   jg_warnings_list_set_session  (JgWarningsList           *self,
                                      JgSession                *session);
/* The coverage figure for the date (NULL: not known): the coverage
 * module's, passed on by whoever computes it. Evaluates again. */
void   jg_warnings_list_set_coverage (JgWarningsList           *self,
                                      const JgWarningsCoverage *coverage);
/* Evaluates again now. */
void   jg_warnings_list_refresh      (JgWarningsList           *self);
/* How many warnings are listed (property "count"), for a badge. */
guint  jg_warnings_list_get_count    (JgWarningsList           *self);

G_END_DECLS
