/* jg-server-reasons.h — why the server refused something, as sent
 *
 * The records push, the posts push and the post routes' 409/422 answers
 * all carry reasons of one shape (PROTOCOL.md, "Pushing records"): the
 * English sentence and what it was made of, so that a client says it in
 * its own language.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A reason as sent (see JgIssue). The server's own sentences are N_()
 * msgids: po/POTFILES.in lists the files that write them, so the
 * client's catalogue has them. */
typedef struct {
  const char         *field;      /* NULL: the whole record or post */
  const char         *message;
  const char         *msgid;      /* NULL: no template */
  const char * const *args;
  guint32             msgid_args;
} JgServerReason;

/* Appends "reasons":[…] (the member name included). */
void jg_server_append_reasons     (GString              *out,
                                   const JgServerReason *reasons,
                                   guint                 n);
/* Appends to @reasons (of JgServerReason) the errors among @issues (of
 * JgIssue, the client's rules run here), which must outlive them. */
void jg_server_reasons_add_errors (GArray               *reasons,
                                   GPtrArray            *issues);

G_END_DECLS
