/* signet-ui-audit-page.h: audit Compose files or image references, live.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>
#include <signet/signet.h>

G_BEGIN_DECLS

#define SIGNET_UI_TYPE_AUDIT_PAGE (signet_ui_audit_page_get_type ())
G_DECLARE_FINAL_TYPE (SignetUiAuditPage, signet_ui_audit_page, SIGNET_UI, AUDIT_PAGE, GtkWidget)

GtkWidget  *signet_ui_audit_page_new        (void);
/* Audits @compose_files (paths) and @references; either may be NULL. Results appear in
 * the table as each check ends. */
void        signet_ui_audit_page_run        (SignetUiAuditPage  *self,
                                             const char * const *compose_files,
                                             const char * const *references);
gboolean    signet_ui_audit_page_is_running (SignetUiAuditPage  *self);
/* SignetAuditResult, in the order the checks ended. */
GListModel *signet_ui_audit_page_get_results (SignetUiAuditPage *self);
/* The results as the CLI writes them (--json / --csv). */
char       *signet_ui_audit_page_to_json    (SignetUiAuditPage  *self) G_GNUC_WARN_UNUSED_RESULT;
char       *signet_ui_audit_page_to_csv     (SignetUiAuditPage  *self) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
