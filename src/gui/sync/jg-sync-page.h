/* jg-sync-page.h — the sync section of the main window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "jg-session.h"

G_BEGIN_DECLS

#define JG_TYPE_SYNC_PAGE (jg_sync_page_get_type ())
G_DECLARE_FINAL_TYPE (JgSyncPage, jg_sync_page, JG, SYNC_PAGE, AdwBin)

void jg_sync_page_set_session (JgSyncPage *self,
                               JgSession  *session);

G_END_DECLS
