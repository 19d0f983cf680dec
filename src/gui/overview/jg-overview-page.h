/* jg-overview-page.h — the overview section of the main window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "jg-session.h"
#include "jg-warnings-list.h"

G_BEGIN_DECLS

#define JG_TYPE_OVERVIEW_PAGE (jg_overview_page_get_type ())
G_DECLARE_FINAL_TYPE (JgOverviewPage, jg_overview_page, JG, OVERVIEW_PAGE, AdwBin)

void jg_overview_page_set_session (JgOverviewPage *self,
                                   JgSession      *session);
/* The warnings (预警) shown on the page, for the sidebar's badge. */
JgWarningsList *jg_overview_page_get_warnings_list (JgOverviewPage *self);

G_END_DECLS
