/* signet-ui-step-dialog.h: the frame of the guided dialogs (sign, signers, rotation,
 * set-up, backup): a stack of steps with Back/Next in the header bar, a progress step
 * that can be cancelled, errors where the user looks, and a result step.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>
#include <signet/signet.h>

#include "signet-keystore-private.h"
#include "signet-ops-private.h"
#include "signet-ui-session.h"

G_BEGIN_DECLS

#define SIGNET_UI_TYPE_STEP_DIALOG (signet_ui_step_dialog_get_type ())

G_DECLARE_DERIVABLE_TYPE (SignetUiStepDialog, signet_ui_step_dialog, SIGNET_UI, STEP_DIALOG, AdwWindow)

struct _SignetUiStepDialogClass
{
  AdwWindowClass parent_class;

  /* Next was pressed on step @page. */
  void (*next) (SignetUiStepDialog *self,
                const char         *page);
};

void                 signet_ui_step_dialog_set_target    (SignetUiStepDialog *self,
                                                          SignetUiSession    *session,
                                                          const char         *repository);
SignetUiSession     *signet_ui_step_dialog_get_session   (SignetUiStepDialog *self);
const char          *signet_ui_step_dialog_get_repository (SignetUiStepDialog *self);
const char          *signet_ui_step_dialog_get_gun       (SignetUiStepDialog *self);
/* Cancelled when the dialog goes away or Cancel is pressed during the work. */
GCancellable        *signet_ui_step_dialog_get_cancellable (SignetUiStepDialog *self);

/* A step: a page whose first group carries @description. */
AdwPreferencesPage  *signet_ui_step_dialog_add_page      (SignetUiStepDialog *self,
                                                          const char         *name,
                                                          const char         *title,
                                                          const char         *description);
AdwPreferencesGroup *signet_ui_step_dialog_get_intro     (SignetUiStepDialog *self,
                                                          const char         *name);
void                 signet_ui_step_dialog_go_to         (SignetUiStepDialog *self,
                                                          const char         *name);
const char          *signet_ui_step_dialog_get_page      (SignetUiStepDialog *self);
void                 signet_ui_step_dialog_set_next      (SignetUiStepDialog *self,
                                                          const char         *label,
                                                          gboolean            sensitive);
void                 signet_ui_step_dialog_set_next_sensitive (SignetUiStepDialog *self,
                                                          gboolean            sensitive);
/* Shows the progress step with @what. */
void                 signet_ui_step_dialog_busy          (SignetUiStepDialog *self,
                                                          const char         *what);
/* Back to the last step with the reason and the next step to take. */
void                 signet_ui_step_dialog_fail          (SignetUiStepDialog *self,
                                                          const char         *what,
                                                          const GError       *error);
void                 signet_ui_step_dialog_set_error     (SignetUiStepDialog *self,
                                                          const char         *message);
/* The final step: Done closes. */
AdwPreferencesPage  *signet_ui_step_dialog_show_result   (SignetUiStepDialog *self,
                                                          const char         *title,
                                                          const char         *description);

/* Widgets the tests (and assistive technologies) find by name. */
void                 signet_ui_step_dialog_register      (SignetUiStepDialog *self,
                                                          const char         *name,
                                                          gpointer            widget);
gpointer             signet_ui_step_dialog_get_widget    (SignetUiStepDialog *self,
                                                          const char         *name);
GtkButton           *signet_ui_step_dialog_get_next_button (SignetUiStepDialog *self);
GtkButton           *signet_ui_step_dialog_get_back_button (SignetUiStepDialog *self);

/* Operations whose passphrase prompts and confirmations are dialogs over this one. */
SignetOps           *signet_ui_step_dialog_new_ops       (SignetUiStepDialog *self) G_GNUC_WARN_UNUSED_RESULT;
/* Tests: every operation made afterwards calls @hook before publishing (NULL: none). */
void                 signet_ui_step_dialog_set_publish_hook_for_testing (SignetOpsPublishHook hook,
                                                                         gpointer             user_data);
/* The trust dir the operations use. */
char                *signet_ui_step_dialog_get_trust_dir (SignetUiStepDialog *self) G_GNUC_WARN_UNUSED_RESULT;

/* Rows */
AdwActionRow        *signet_ui_info_row                  (AdwPreferencesGroup *group,
                                                          const char          *title,
                                                          const char          *subtitle);
GtkCheckButton      *signet_ui_check_row                 (AdwPreferencesGroup *group,
                                                          const char          *title,
                                                          const char          *subtitle,
                                                          gboolean             active);

/* The keys in the trust dir, read in a thread: SignetKeyInfo elements. */
void                 signet_ui_list_keys_async           (const char          *trust_dir,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
GPtrArray           *signet_ui_list_keys_finish          (GAsyncResult        *result,
                                                          GError             **error);
/* The keys of @role in @summary that @keys (SignetKeyInfo) holds. */
guint                signet_ui_count_held_keys           (SignetTrustSummary  *summary,
                                                          const char          *role,
                                                          GPtrArray           *keys);
/* The keys of @role_keys (SignetTrustKey) that @keys holds. */
guint                signet_ui_count_held_keys_in        (GListModel          *role_keys,
                                                          GPtrArray           *keys);

G_END_DECLS
