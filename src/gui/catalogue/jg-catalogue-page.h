/* jg-catalogue-page.h — search the supervision item catalogue
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "jg-session.h"

G_BEGIN_DECLS

#define JG_TYPE_CATALOGUE_PAGE (jg_catalogue_page_get_type ())
G_DECLARE_FINAL_TYPE (JgCataloguePage, jg_catalogue_page, JG, CATALOGUE_PAGE, AdwBin)

void jg_catalogue_page_set_session  (JgCataloguePage *self,
                                     JgSession       *session);
/* Moves the keyboard focus to the search entry and selects its text. */
void jg_catalogue_page_focus_search (JgCataloguePage *self);
/* Searches for @code with no filters and shows that item's detail. */
void jg_catalogue_page_show_item    (JgCataloguePage *self,
                                     const char      *code);

G_END_DECLS
