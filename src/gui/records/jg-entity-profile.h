/* jg-entity-profile.h — one party (行政相对人) and every record about it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "jg-store.h"

G_BEGIN_DECLS

#define JG_TYPE_ENTITY_PROFILE (jg_entity_profile_get_type ())
G_DECLARE_FINAL_TYPE (JgEntityProfile, jg_entity_profile, JG, ENTITY_PROFILE, AdwBin)

/* The party whose document type is @doc_type and code @code. @store is the
 * UI thread's connection to the account database (for the party's details
 * and code names); the lists open their own connections to @db_path. */
JgEntityProfile *jg_entity_profile_new          (JgStore         *store,
                                                 const char      *db_path,
                                                 const char      *doc_type,
                                                 const char      *code);
const char      *jg_entity_profile_get_doc_type (JgEntityProfile *self);
const char      *jg_entity_profile_get_code     (JgEntityProfile *self);
/* Reads the party and its records again (after an edit). */
void             jg_entity_profile_reload       (JgEntityProfile *self);

/* Signals: "close" () — the user went back;
 *          "open-record" (const char *uuid) — a record was activated;
 *          "message" (const char *text) — a sentence for a toast. */

G_END_DECLS
