/* jg-wording.h — the wording check against serious errors
 *
 * Government-site inspections single out serious wording errors: wrong or
 * outdated names of institutions (工商行政管理局 since 2018 is
 * 市场监督管理局) and mistyped fixed phrases. The city keeps the list on
 * the server (data/wording/serious-errors.tsv is the starter); the client
 * downloads it and checks a post's text against it in one pass.
 *
 * A JgWordingList is built (add…, then compile) once, and is then
 * immutable: scanning from several threads at once is safe.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _JgWordingList JgWordingList;

typedef struct {
  gsize start;         /* byte offsets into the text */
  gsize end;
  guint entry;         /* index of the entry, in order of adding */
} JgWordingHit;

JgWordingList *jg_wording_list_new            (void);
/* Adds an entry (before compile). @wrong is not empty valid UTF-8; a
 * second entry with the same @wrong replaces the suggestion of the first. */
void           jg_wording_list_add            (JgWordingList *self,
                                               const char    *wrong,
                                               const char    *suggestion);
void           jg_wording_list_compile        (JgWordingList *self);
/* One pass over @text (Aho–Corasick over UTF-8 bytes): the hits,
 * leftmost-longest, non-overlapping, only at character boundaries. A
 * GArray of JgWordingHit, empty when nothing is found. */
GArray        *jg_wording_list_scan           (JgWordingList *self,
                                               const char    *text);
const char    *jg_wording_list_get_wrong      (JgWordingList *self,
                                               guint          entry);
const char    *jg_wording_list_get_suggestion (JgWordingList *self,
                                               guint          entry);
guint          jg_wording_list_get_size       (JgWordingList *self);
void           jg_wording_list_free           (JgWordingList *self);

/* Reads a list in the TSV form (wrong<TAB>suggestion per line; empty
 * lines and lines starting with # are skipped) into @self (before
 * compile). FALSE with @error (G_IO_ERROR_INVALID_DATA, naming the line)
 * on a line without a tab or with an empty side. */
gboolean       jg_wording_list_add_tsv        (JgWordingList *self,
                                               const char    *tsv,
                                               GError       **error);

/* The hits as JgIssue warnings (jg-validate.h) on @field: a translated
 * sentence naming the place, the wrong words and the suggestion, with its
 * msgid and args. */
void           jg_wording_issues              (JgWordingList *self,
                                               const char    *field,
                                               const char    *text,
                                               GPtrArray     *issues);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (JgWordingList, jg_wording_list_free)

G_END_DECLS
