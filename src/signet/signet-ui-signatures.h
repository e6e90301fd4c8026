/* signet-ui-signatures.h: cosign and Notation signatures of one repository's tags, looked up
 * lazily (the selected tag and the visible rows), a few at a time, cancellable; plus the
 * words, icons and detail sections the repository view shows for them.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>
#include <signet/signet.h>

G_BEGIN_DECLS

/* At most this many lookups run at once. */
#define SIGNET_UI_SIGNATURES_MAX_RUNNING 3

typedef enum
{
  SIGNET_UI_SIGNATURES_UNKNOWN,   /* not asked yet */
  SIGNET_UI_SIGNATURES_PENDING,   /* queued or running */
  SIGNET_UI_SIGNATURES_DONE,
  SIGNET_UI_SIGNATURES_FAILED,
} SignetUiSignaturesState;

#define SIGNET_UI_TYPE_SIGNATURES (signet_ui_signatures_get_type ())

G_DECLARE_FINAL_TYPE (SignetUiSignatures, signet_ui_signatures, SIGNET_UI, SIGNATURES, GObject)

/* @gun: "host:port/repository"; @trust_dir: the cosign keys to verify with (NULL: default). */
SignetUiSignatures     *signet_ui_signatures_new        (SignetRemote        *remote,
                                                         const char          *gun,
                                                         const char          *trust_dir);
/* Queues a lookup of @tag unless known or pending; @first puts it before the others. */
void                    signet_ui_signatures_request    (SignetUiSignatures  *self,
                                                         const char          *tag,
                                                         gboolean             first);
/* Drops a queued (not yet running) lookup: the row scrolled out of view. */
void                    signet_ui_signatures_forget     (SignetUiSignatures  *self,
                                                         const char          *tag);
SignetUiSignaturesState signet_ui_signatures_lookup     (SignetUiSignatures  *self,
                                                         const char          *tag,
                                                         SignetSignatureReport **report,
                                                         const GError       **error);
/* Cancels everything running and queued; emits nothing afterwards. */
void                    signet_ui_signatures_cancel     (SignetUiSignatures  *self);
/* How many lookups are running now, and the most that ever ran at once (tests). */
guint                   signet_ui_signatures_get_running (SignetUiSignatures *self);
guint                   signet_ui_signatures_get_max_seen (SignetUiSignatures *self);
guint                   signet_ui_signatures_get_started (SignetUiSignatures *self);

/* The words and icon of a column: "verified", "none", "checking…", … (@css_class: "success",
 * "warning", "error", "dim-label"). @kind: cosign or Notation. */
const char             *signet_ui_signatures_summarize  (SignetUiSignaturesState state,
                                                         SignetSignatureReport  *report,
                                                         SignetSignatureKind     kind,
                                                         const char            **icon_name,
                                                         const char            **css_class);

/* The detail sections (AdwPreferencesGroup) of one kind, named "cosign-section" and
 * "notation-section". */
GtkWidget              *signet_ui_signatures_section    (SignetUiSignaturesState state,
                                                         SignetSignatureReport  *report,
                                                         const GError           *error,
                                                         SignetSignatureKind     kind);

G_END_DECLS
