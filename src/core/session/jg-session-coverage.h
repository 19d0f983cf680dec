/* jg-session-coverage.h — the server's figures for the Overview
 *
 * The department's coverage as the server computes it (kept in the
 * account's database by jg_coverage_fetch_server(), so it shows offline)
 * and, for a city account, the city's table. Both use the signed-in
 * account's token, looked up as the sync does.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "jg-coverage-city.h"
#include "jg-session.h"

G_BEGIN_DECLS

void         jg_session_fetch_coverage_async    (JgSession           *self,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gboolean     jg_session_fetch_coverage_finish   (JgSession           *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);

/* @month "YYYY-MM", NULL for the current one. */
void         jg_session_fetch_city_table_async  (JgSession           *self,
                                                 const char          *month,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
JgCityTable *jg_session_fetch_city_table_finish (JgSession           *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);

/* Whether the signed-in account has the city role (read from the
 * account's database, so that it holds offline). */
gboolean     jg_session_is_city                 (JgSession           *self);

G_END_DECLS
