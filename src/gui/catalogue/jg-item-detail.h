/* jg-item-detail.h — every field of one sub-item and its implementation list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "jg-catalogue.h"

G_BEGIN_DECLS

#define JG_TYPE_ITEM_DETAIL (jg_item_detail_get_type ())
G_DECLARE_FINAL_TYPE (JgItemDetail, jg_item_detail, JG, ITEM_DETAIL, AdwBin)

/* Shows @item (NULL to clear) and loads its implementation list from
 * @catalogue. */
void       jg_item_detail_set_item (JgItemDetail *self,
                                    JgCatalogue  *catalogue,
                                    JgSubItem    *item);
JgSubItem *jg_item_detail_get_item (JgItemDetail *self);

G_END_DECLS
