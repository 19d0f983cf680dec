/* jg-search-popover.h — one-key search (一键搜索): Ctrl+K in the header
 *
 * A search entry over everything (jg-search-all.h): results stream in
 * grouped by kind under headers, best first; the arrows move the
 * selection while the entry keeps the focus, Enter (or a click) opens the
 * selected hit ("hit-activated": the window knows where each kind opens),
 * Escape closes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "jg-search-hit.h"

G_BEGIN_DECLS

#define JG_TYPE_SEARCH_POPOVER (jg_search_popover_get_type ())
G_DECLARE_FINAL_TYPE (JgSearchPopover, jg_search_popover, JG, SEARCH_POPOVER, GtkPopover)

/* The account database to search (the session's): set before it shows. */
void jg_search_popover_set_db_path (JgSearchPopover *self,
                                    const char      *db_path);

G_END_DECLS
