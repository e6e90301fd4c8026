/* signet-ui-repository-view.h: one repository: its tags (a GtkColumnView) and its trust
 * panel (roles, keys, signers, the verification result in plain words).
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "signet-ui-session.h"
#include "signet-ui-signatures.h"
#include "signet-ui-util.h"

G_BEGIN_DECLS

#define SIGNET_UI_TYPE_REPOSITORY_VIEW (signet_ui_repository_view_get_type ())

G_DECLARE_FINAL_TYPE (SignetUiRepositoryView, signet_ui_repository_view, SIGNET_UI, REPOSITORY_VIEW, GtkWidget)

GtkWidget      *signet_ui_repository_view_new            (GSettings              *settings);
/* Cancels what is loading and loads @repository of @session. */
void            signet_ui_repository_view_load           (SignetUiRepositoryView *self,
                                                          SignetUiSession        *session,
                                                          const char             *repository);
void            signet_ui_repository_view_cancel         (SignetUiRepositoryView *self);
/* Shows @tags (SignetUiTagItem) without loading anything (the benchmark). */
void            signet_ui_repository_view_set_tags       (SignetUiRepositoryView *self,
                                                          GListModel             *tags);

/* For the tests. */
/* "loading", "error" or "content" */
const char     *signet_ui_repository_view_get_state      (SignetUiRepositoryView *self);
SignetUiTrustState signet_ui_repository_view_get_trust_state (SignetUiRepositoryView *self);
AdwStatusPage  *signet_ui_repository_view_get_error_page (SignetUiRepositoryView *self);
GtkColumnView  *signet_ui_repository_view_get_column_view (SignetUiRepositoryView *self);
/* the sorted, filtered tags the column view shows */
GListModel     *signet_ui_repository_view_get_tags       (SignetUiRepositoryView *self);
GtkEditable    *signet_ui_repository_view_get_tag_filter (SignetUiRepositoryView *self);
GtkLabel       *signet_ui_repository_view_get_banner     (SignetUiRepositoryView *self);
GtkWidget      *signet_ui_repository_view_get_details    (SignetUiRepositoryView *self);
AdwViewStack   *signet_ui_repository_view_get_view_stack (SignetUiRepositoryView *self);
GtkWidget      *signet_ui_repository_view_get_trust_page (SignetUiRepositoryView *self);
SignetTrustSummary *signet_ui_repository_view_get_summary (SignetUiRepositoryView *self);
/* The cosign and Notation lookups of the open repository (NULL before a load). */
SignetUiSignatures *signet_ui_repository_view_get_signatures (SignetUiRepositoryView *self);

G_END_DECLS
