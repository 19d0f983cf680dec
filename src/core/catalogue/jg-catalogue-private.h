/* jg-catalogue-private.h — for the benchmark and tests only
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "jg-catalogue.h"
#include "jg-store-private.h"

G_BEGIN_DECLS

/* The statement jg_catalogue_search_sync steps, prepared and bound: the
 * benchmark times it bare to show what the object layer costs. */
sqlite3_stmt *jg_catalogue_prepare_search (JgStore                *store,
                                           const JgCatalogueQuery *query,
                                           GError                **error);

G_END_DECLS
