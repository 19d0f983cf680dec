/* jg-migrations.h — the local database's schema, step by step
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "jg-store.h"

G_BEGIN_DECLS

/* Applies step @version (1-based) inside the caller's transaction. */
gboolean jg_migrations_apply (JgStore  *store,
                              int       version,
                              GError  **error);

G_END_DECLS
