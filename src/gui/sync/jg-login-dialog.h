/* jg-login-dialog.h — signing in to the central server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "jg-session.h"

G_BEGIN_DECLS

#define JG_TYPE_LOGIN_DIALOG (jg_login_dialog_get_type ())
G_DECLARE_FINAL_TYPE (JgLoginDialog, jg_login_dialog, JG, LOGIN_DIALOG, AdwWindow)

/* @message, if not NULL, says why the dialog opened ("sign in again"). */
JgLoginDialog *jg_login_dialog_new (GtkWindow  *parent,
                                    JgSession  *session,
                                    const char *message);

/* Signal "signed-in" (gboolean token_in_memory): the dialog then closes. */

G_END_DECLS
