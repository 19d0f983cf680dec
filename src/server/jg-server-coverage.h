/* jg-server-coverage.h — coverage and the city's view (PROTOCOL.md,
 * "Coverage", "The city's view")
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "jg-server-private.h"

G_BEGIN_DECLS

/* GET /api/v1/coverage */
void      jg_server_answer_coverage        (JgServer           *self,
                                            SoupServerMessage  *msg,
                                            gboolean            honour_etag);
/* GET /api/v1/city/departments */
void      jg_server_answer_city_departments (JgServer          *self,
                                             SoupServerMessage *msg,
                                             gboolean           honour_etag);

/* The command `jianguan-server coverage-target`: the rule from @from_day
 * ("MM-DD") of every year; @percent 0 removes it. */
gboolean  jg_server_db_set_coverage_target (JgServerDb         *db,
                                            const char         *from_day,
                                            guint               percent,
                                            GError            **error);
/* The rules as "MM-DD=N;…" (jg-coverage-rules.h). */
char     *jg_server_db_get_coverage_targets (JgServerDb        *db,
                                             GError           **error);

G_END_DECLS
