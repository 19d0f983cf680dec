/* jg-validate.h — the rules the provincial centre checks, at entry
 *
 * jg_validate_record() runs every rule for one record and returns its issues:
 * errors block "ready", warnings do not. Each issue names its field, so the
 * editor shows it next to that field, and carries a translated sentence.
 *
 * Lookups in the catalogue, code tables, roster and other records go through
 * a JgValidationContext, so the rules are plain functions: the store gives a
 * context backed by SQLite (jg_record_store_get_context), an import a cached
 * one, the tests a fake.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "jg-record.h"

G_BEGIN_DECLS

typedef enum {
  JG_ISSUE_ERROR,
  JG_ISSUE_WARNING,
} JgIssueSeverity;

typedef struct {
  char            *field;     /* a field key, or NULL for the whole record */
  JgIssueSeverity  severity;
  char            *message;   /* translated, complete sentence */
  /* What the message was made of, so that another program can say it in
   * its own language (the server sends these; see PROTOCOL.md): the
   * untranslated printf template (a msgid of this program's catalogue,
   * NULL when the sentence came from elsewhere), its arguments as text,
   * and a bit per argument that is itself a msgid (a field or kind label). */
  char            *msgid;
  char           **args;
  guint32          msgid_args;
} JgIssue;

void jg_issue_free (JgIssue *issue);

/* An issue made of @msgid (untranslated, N_) and @args (text; those whose
 * bit is set in @msgid_args are msgids themselves, e.g. field labels):
 * its message is rendered in the current language. For rules outside
 * jg_validate_record (the posts). @args may be NULL when @msgid has no
 * conversions. */
JgIssue *jg_issue_new (const char         *field,
                       JgIssueSeverity     severity,
                       const char         *msgid,
                       const char * const *args,
                       guint32             msgid_args);
/* Appends to @issues (of JgIssue) jg_issue_new (@field, @severity,
 * @msgid, the NULL-terminated text arguments, @msgid_args): what the post
 * rules, which have no validation run, call. Every conversion of the
 * template takes one text argument, as in jg_issue_render(). */
void     jg_issues_add (GPtrArray          *issues,
                        const char         *field,
                        JgIssueSeverity     severity,
                        guint32             msgid_args,
                        const char         *msgid,
                        ...) G_GNUC_NULL_TERMINATED;

/* The JSON of an issue, as record rejections carry their reasons
 * (PROTOCOL.md) plus its severity:
 * {"field":…|null,"severity":"error"|"warning","message":…,
 *  "template":…,"args":["text",{"msgid":"label"},…]}
 * "template" and "args" left out when the issue has no msgid. */
void       jg_issue_append_json     (GString     *out,
                                     const JgIssue *issue);
/* ,"template":…,"args":[…] of @msgid and its @args (whose bits in
 * @msgid_args are msgids), nothing when @msgid is NULL: what an issue and
 * a server's reason (jg-server-reasons.h) write alike. */
void       jg_issue_append_template_json (GString            *out,
                                          const char         *msgid,
                                          const char * const *args,
                                          guint32             msgid_args);
/* [issue,…] of a GPtrArray of JgIssue (NULL: []). */
void       jg_issues_append_json    (GString     *out,
                                     GPtrArray   *issues);
/* Reads one issue: its message is re-rendered in this program's language
 * from its template when that works, else kept as sent; "severity" absent
 * means an error. NULL with G_IO_ERROR_INVALID_DATA when malformed. */
JgIssue   *jg_issue_new_from_json   (JsonNode    *node,
                                     GError     **error);
/* A GPtrArray of JgIssue from a JSON array of issues. */
GPtrArray *jg_issues_new_from_json  (JsonNode    *node,
                                     GError     **error);

/* @msgid translated into the current language with @args in place (those
 * whose bit is set in @msgid_args translated too). The template may use
 * %s, %.Ns, %c, %d, %u, %ld, %lu, %% and positional forms (%2$s), every
 * argument being text. NULL when the translated template does not fit
 * @args (a conversion this function does not know, an argument missing),
 * so that the caller can fall back on the sentence it was given. */
char *jg_issue_render (const char         *msgid,
                       const char * const *args,
                       guint32             msgid_args);

typedef struct {
  char *id;
  char *name;
  char *department;
  char *cert_no;
  char *cert_valid_from;   /* YYYY-MM-DD or NULL */
  char *cert_valid_to;
} JgOfficerInfo;

typedef struct {
  char *code;
  char *action_type;       /* "0".."3" */
  char *status;            /* item_status */
  char *effective_date;
  char *cancel_date;
} JgItemInfo;

typedef struct _JgValidationContext JgValidationContext;
struct _JgValidationContext {
  gpointer user_data;
  /* "YYYY-MM-DD": the day "not in the future" is measured against. */
  char     today[11];
  /* Does @code exist in @table? */
  gboolean       (*code_exists)     (gpointer user_data, const char *table, const char *code);
  /* The sub-item @code, or FALSE. Fills @info (caller frees its strings). */
  gboolean       (*lookup_item)     (gpointer user_data, const char *code, JgItemInfo *info);
  /* Does implementation entry @impl_code belong to sub-item @item_code? */
  gboolean       (*impl_belongs)    (gpointer user_data, const char *impl_code, const char *item_code);
  /* The roster officer @id, or FALSE. */
  gboolean       (*lookup_officer)  (gpointer user_data, const char *id, JgOfficerInfo *info);
  /* Another record (not @uuid) of @department and @kind uses @number. */
  gboolean       (*number_taken)    (gpointer user_data, JgRecordKind kind, const char *department,
                                     const char *number, const char *uuid);
  /* An inspection record of @department has the number @number. */
  gboolean       (*inspection_exists) (gpointer user_data, const char *department, const char *number);
};

void       jg_item_info_clear      (JgItemInfo    *info);
void       jg_officer_info_clear   (JgOfficerInfo *info);
/* Fills @dest (empty) with copies of @src's strings: what a context that
 * keeps the catalogue in memory gives its caller. */
void       jg_item_info_copy       (JgItemInfo          *dest,
                                    const JgItemInfo    *src);
void       jg_officer_info_copy    (JgOfficerInfo       *dest,
                                    const JgOfficerInfo *src);
/* Clears and frees a JgItemInfo / JgOfficerInfo of the heap. */
void       jg_item_info_free       (JgItemInfo    *info);
void       jg_officer_info_free    (JgOfficerInfo *info);

/* A GPtrArray of JgIssue (owned), in field order; empty when all is well. */
GPtrArray *jg_validate_record      (JgRecord            *record,
                                    JgValidationContext *context);
gboolean   jg_issues_have_errors   (GPtrArray           *issues);
/* The issues of one field (borrowed pointers into @issues). */
GPtrArray *jg_issues_for_field     (GPtrArray           *issues,
                                    const char          *field);

G_END_DECLS
