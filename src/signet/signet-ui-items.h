/* signet-ui-items.h: the list items of the repository and tag views.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <signet/signet.h>

#include "signet-ui-util.h"

G_BEGIN_DECLS

/* A repository in the list of a registry, with its trust state at a glance. */
#define SIGNET_UI_TYPE_REPO_ITEM (signet_ui_repo_item_get_type ())

G_DECLARE_FINAL_TYPE (SignetUiRepoItem, signet_ui_repo_item, SIGNET_UI, REPO_ITEM, GObject)

SignetUiRepoItem   *signet_ui_repo_item_new         (const char          *name) G_GNUC_WARN_UNUSED_RESULT;
const char         *signet_ui_repo_item_get_name    (SignetUiRepoItem    *self);
SignetUiTrustState  signet_ui_repo_item_get_state   (SignetUiRepoItem    *self);
/* what failed, for the tooltip of a failed state */
const char         *signet_ui_repo_item_get_message (SignetUiRepoItem    *self);
void                signet_ui_repo_item_set_state   (SignetUiRepoItem    *self,
                                                     SignetUiTrustState   state,
                                                     const char          *message);

/* A tag: from the registry, the trust data or both. */
#define SIGNET_UI_TYPE_TAG_ITEM (signet_ui_tag_item_get_type ())

G_DECLARE_FINAL_TYPE (SignetUiTagItem, signet_ui_tag_item, SIGNET_UI, TAG_ITEM, GObject)

SignetUiTagItem    *signet_ui_tag_item_new           (const char      *name,
                                                      SignetTrustTag  *trust) G_GNUC_WARN_UNUSED_RESULT;
/* A tag with made-up data (for the benchmark). */
SignetUiTagItem    *signet_ui_tag_item_new_full      (const char      *name,
                                                      const char      *digest,
                                                      gint64           size,
                                                      const char      *signers,
                                                      gint64           expires) G_GNUC_WARN_UNUSED_RESULT;
const char         *signet_ui_tag_item_get_name      (SignetUiTagItem *self);
/* NULL when not known (an unsigned tag before its manifest is fetched) */
const char         *signet_ui_tag_item_get_digest    (SignetUiTagItem *self);
gint64              signet_ui_tag_item_get_size      (SignetUiTagItem *self);
gboolean            signet_ui_tag_item_get_signed    (SignetUiTagItem *self);
/* "alice, bob", or "Repository owner" for a tag only the targets role signs */
const char         *signet_ui_tag_item_get_signers   (SignetUiTagItem *self);
gint64              signet_ui_tag_item_get_expires   (SignetUiTagItem *self);
SignetTrustTag     *signet_ui_tag_item_get_trust     (SignetUiTagItem *self);
void                signet_ui_tag_item_set_manifest  (SignetUiTagItem *self,
                                                      const char      *digest,
                                                      gint64           size);

G_END_DECLS
