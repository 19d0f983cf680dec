/* jg-records-page.h — the supervision records (监管行为) of the department
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "jg-record-schema.h"
#include "jg-session.h"

G_BEGIN_DECLS

#define JG_TYPE_RECORDS_PAGE (jg_records_page_get_type ())
G_DECLARE_FINAL_TYPE (JgRecordsPage, jg_records_page, JG, RECORDS_PAGE, AdwBin)

void jg_records_page_set_session (JgRecordsPage *self,
                                  JgSession     *session);
/* Opens the editor on a new draft of @kind (asks for the department first
 * when none is chosen yet). */
void jg_records_page_new_record  (JgRecordsPage *self,
                                  JgRecordKind   kind);
/* A new record on the catalogue item @catalogue_code, of its kind (the
 * Overview's to-do list). */
void jg_records_page_new_record_for_item (JgRecordsPage *self,
                                          const char    *catalogue_code);
/* Saves the open draft now (before the window closes). */
void jg_records_page_flush       (JgRecordsPage *self);
/* Back to the list (saving an open record) with the focus in its search. */
void jg_records_page_focus_search (JgRecordsPage *self);
/* Opens the record @uuid of the current account in the editor. */
gboolean jg_records_page_open_record (JgRecordsPage *self,
                                      const char    *uuid);
/* The party's profile: every record about it. */
void     jg_records_page_open_entity (JgRecordsPage *self,
                                      const char    *doc_type,
                                      const char    *code);

/* The list filtered as a warning asks (jg-warnings.h): @field "state"
 * (@value a state: "rejected"), "officer" (an officer's id) or "item" (a
 * catalogue code), the other filters cleared; @label (may be empty) says
 * what the officer or item is, after the count. */
void jg_records_page_show_only   (JgRecordsPage *self,
                                  const char    *field,
                                  const char    *value,
                                  const char    *label);

G_END_DECLS
