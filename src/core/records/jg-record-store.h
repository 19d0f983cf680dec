/* jg-record-store.h — records, entities and the audit trail in SQLite
 *
 * Functions over a JgStore connection (the caller's thread). Every write is
 * one transaction that also appends to the audit trail. Nothing is dropped
 * before the server has accepted it: deleting a record that was ever sent
 * marks it for deletion (operation d) instead.
 *
 * The account's department (whose records these are) is kept in the meta
 * table until accounts arrive (issue 4): jg_record_store_get_department().
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "jg-audit-entry.h"
#include "jg-record.h"
#include "jg-store.h"
#include "jg-validate.h"

G_BEGIN_DECLS

#define JG_RECORD_STORE_ERROR (jg_record_store_error_quark ())

typedef enum {
  JG_RECORD_STORE_ERROR_NOT_FOUND,
  JG_RECORD_STORE_ERROR_INVALID,      /* "ready" asked with errors left */
  JG_RECORD_STORE_ERROR_NO_DEPARTMENT,/* no department chosen yet */
} JgRecordStoreError;

GQuark      jg_record_store_error_quark      (void);

/* The department code records are written for, or NULL. */
char       *jg_record_store_get_department   (JgStore        *store);
gboolean    jg_record_store_set_department   (JgStore        *store,
                                              const char     *department,
                                              GError        **error);

/* --- who makes the changes ------------------------------------------------ */

/* The account signed in on this workstation, NULL while nobody is: the
 * audit trail names it (and the workstation's host name) for every change
 * made from now on in this process. Whoever knows the account tells the
 * store (JgSession when the sign-in changes, the CLI before it imports):
 * the store never guesses it from the operating system. Thread-safe. */
void        jg_record_store_set_actor        (const char     *account);
char       *jg_record_store_dup_actor        (void);

/* In the functions below, @who is NULL for a change made by the person at
 * this workstation (the actor above), or the name of the agent that made
 * it on their behalf (the sync writes "sync"). */

/* Inserts or updates @record (a draft keeps its state; editing an accepted
 * record makes a new revision in state draft), its entity, and an audit
 * entry listing the fields that changed, by @who. */
gboolean    jg_record_store_save             (JgStore        *store,
                                              JgRecord       *record,
                                              const char     *who,
                                              GError        **error);
JgRecord   *jg_record_store_load             (JgStore        *store,
                                              const char     *uuid,
                                              GError        **error);
/* The record of @department and @kind whose number is @number, or NULL. */
JgRecord   *jg_record_store_find_by_number   (JgStore        *store,
                                              JgRecordKind    kind,
                                              const char     *department,
                                              const char     *number,
                                              GError        **error);
/* Draft → ready (validates; JG_RECORD_STORE_ERROR_INVALID with the first
 * error's message if any error is left), ready → draft, and the sync's
 * states. Audited. */
gboolean    jg_record_store_set_state        (JgStore        *store,
                                              JgRecord       *record,
                                              JgRecordState   state,
                                              const char     *who,
                                              GError        **error);
/* A never-sent record is removed; one the server has seen is kept, marked
 * for deletion (sent as operation d). Audited. */
gboolean    jg_record_store_delete           (JgStore        *store,
                                              const char     *uuid,
                                              const char     *who,
                                              GError        **error);
/* Undoes jg_record_store_delete() of @record (as loaded before it):
 * a removed record comes back as it was, a deletion not yet sent is
 * withdrawn. JG_RECORD_STORE_ERROR_NOT_FOUND once the deletion has gone to
 * the server. Audited ("restore"). */
gboolean    jg_record_store_undelete         (JgStore        *store,
                                              JgRecord       *record,
                                              const char     *who,
                                              GError        **error);

/* --- blank drafts --------------------------------------------------------- */

/* A new draft of @kind for the store's department with a suggested
 * number, saved as blank: nothing in it came from the user yet. */
JgRecord   *jg_record_store_create_blank     (JgStore        *store,
                                              JgRecordKind    kind,
                                              GError        **error);
/* The same for the catalogue item @catalogue_code: of its kind, the item
 * and (for an inspection) the department's implementation entry filled
 * in (the Overview's to-do list, "New Record"). */
JgRecord   *jg_record_store_create_blank_for_item (JgStore     *store,
                                                   const char  *catalogue_code,
                                                   GError     **error);
/* Whether @uuid is a draft created blank that nobody has changed since
 * (no edit and no change of state: its audit trail holds only its
 * creation). */
gboolean    jg_record_store_is_blank         (JgStore        *store,
                                              const char     *uuid);
/* Removes @uuid, with its audit trail, if it is still blank: a draft left
 * without any input is not kept. *@discarded says whether it was. */
gboolean    jg_record_store_discard_blank    (JgStore        *store,
                                              const char     *uuid,
                                              gboolean       *discarded,
                                              GError        **error);

/* A suggested number for a new record of @kind, that no other workstation
 * can suggest (PROTOCOL.md, "Workstations"): kind, year, this
 * workstation's code and a sequence, e.g. "JC-2026-W01-0042". Before the
 * workstation has a code (never signed in) the number is provisional,
 * "JC-2026-TMP-0042": renumber it with this function once signed in. */
char       *jg_record_store_suggest_number   (JgStore        *store,
                                              JgRecordKind    kind,
                                              GError        **error);

/* Whether @number is a provisional one of jg_record_store_suggest_number(). */
gboolean    jg_record_store_number_is_provisional (const char *number);

/* The code the server gave this workstation for the account's department
 * (jg-workstation.c registers it at sign-in), or NULL before that. */
char       *jg_record_store_get_workstation  (JgStore        *store);
gboolean    jg_record_store_set_workstation  (JgStore        *store,
                                              const char     *code,
                                              GError        **error);

/* A validation context backed by this connection (catalogue, code tables,
 * roster, records). Free with jg_validation_context_free(). */
JgValidationContext *jg_record_store_get_context (JgStore    *store);
void        jg_validation_context_free       (JgValidationContext *context);

/* --- audit ---------------------------------------------------------------- */

/* The record's audit trail (JgAuditEntry), oldest first. */
GPtrArray  *jg_record_store_audit            (JgStore        *store,
                                              const char     *uuid,
                                              GError        **error);

/* --- entities (行政相对人) ------------------------------------------------- */

typedef struct {
  char *doc_type;        /* 证件类型 code */
  char *code;            /* 行政相对人编码 */
  char *name;
  char *nature;          /* 行政相对人性质 */
  char *registered_address;
  char *business_address;
} JgEntity;

void        jg_entity_free                   (JgEntity       *entity);
/* Entities whose name or code starts with (or, for names, contains) @text,
 * most recently used first. */
GPtrArray  *jg_record_store_find_entities    (JgStore        *store,
                                              const char     *text,
                                              guint           limit,
                                              GError        **error);
JgEntity   *jg_record_store_get_entity       (JgStore        *store,
                                              const char     *doc_type,
                                              const char     *code,
                                              GError        **error);

G_END_DECLS
