/* signet-trust-summary.h: what a repository's verified trust data says, in one place.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined(SIGNET_INSIDE) && !defined(SIGNET_COMPILATION)
# error "Only <signet/signet.h> can be included directly."
#endif

#include <gio/gio.h>

#include "signet-version-macros.h"

G_BEGIN_DECLS

/* ---- SignetTrustKey: one public key of a role ------------------------------------- */

#define SIGNET_TYPE_TRUST_KEY (signet_trust_key_get_type ())
SIGNET_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SignetTrustKey, signet_trust_key, SIGNET, TRUST_KEY, GObject)

SIGNET_AVAILABLE_IN_ALL
const char          *signet_trust_key_get_id                (SignetTrustKey     *self);
SIGNET_AVAILABLE_IN_ALL
const char          *signet_trust_key_get_canonical_id      (SignetTrustKey     *self);
SIGNET_AVAILABLE_IN_ALL
const char          *signet_trust_key_get_key_type          (SignetTrustKey     *self);
SIGNET_AVAILABLE_IN_ALL
gint64               signet_trust_key_get_cert_expires      (SignetTrustKey     *self);

/* ---- SignetTrustRole: a role with verified metadata ------------------------------- */

#define SIGNET_TYPE_TRUST_ROLE (signet_trust_role_get_type ())
SIGNET_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SignetTrustRole, signet_trust_role, SIGNET, TRUST_ROLE, GObject)

SIGNET_AVAILABLE_IN_ALL
const char          *signet_trust_role_get_name             (SignetTrustRole    *self);
SIGNET_AVAILABLE_IN_ALL
gint64               signet_trust_role_get_version          (SignetTrustRole    *self);
SIGNET_AVAILABLE_IN_ALL
gint64               signet_trust_role_get_expires          (SignetTrustRole    *self);
SIGNET_AVAILABLE_IN_ALL
guint                signet_trust_role_get_threshold        (SignetTrustRole    *self);
SIGNET_AVAILABLE_IN_ALL
GListModel          *signet_trust_role_get_keys             (SignetTrustRole    *self);
SIGNET_AVAILABLE_IN_ALL
const char * const  *signet_trust_role_get_paths            (SignetTrustRole    *self);
SIGNET_AVAILABLE_IN_ALL
const char * const  *signet_trust_role_get_effective_paths  (SignetTrustRole    *self);
SIGNET_AVAILABLE_IN_ALL
gboolean             signet_trust_role_get_is_delegation    (SignetTrustRole    *self);

/* ---- SignetTrustSigner: a delegation (docker: a signer) --------------------------- */

#define SIGNET_TYPE_TRUST_SIGNER (signet_trust_signer_get_type ())
SIGNET_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SignetTrustSigner, signet_trust_signer, SIGNET, TRUST_SIGNER, GObject)

SIGNET_AVAILABLE_IN_ALL
const char          *signet_trust_signer_get_name           (SignetTrustSigner  *self);
SIGNET_AVAILABLE_IN_ALL
const char          *signet_trust_signer_get_role_name      (SignetTrustSigner  *self);
SIGNET_AVAILABLE_IN_ALL
GListModel          *signet_trust_signer_get_keys           (SignetTrustSigner  *self);
SIGNET_AVAILABLE_IN_ALL
guint                signet_trust_signer_get_threshold      (SignetTrustSigner  *self);
SIGNET_AVAILABLE_IN_ALL
const char * const  *signet_trust_signer_get_paths          (SignetTrustSigner  *self);
SIGNET_AVAILABLE_IN_ALL
gboolean             signet_trust_signer_get_loaded         (SignetTrustSigner  *self);

/* ---- SignetTrustTag: a signed tag (TUF target) ------------------------------------ */

#define SIGNET_TYPE_TRUST_TAG (signet_trust_tag_get_type ())
SIGNET_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SignetTrustTag, signet_trust_tag, SIGNET, TRUST_TAG, GObject)

SIGNET_AVAILABLE_IN_ALL
const char          *signet_trust_tag_get_name              (SignetTrustTag     *self);
SIGNET_AVAILABLE_IN_ALL
const char          *signet_trust_tag_get_digest            (SignetTrustTag     *self);
SIGNET_AVAILABLE_IN_ALL
gint64               signet_trust_tag_get_size              (SignetTrustTag     *self);
SIGNET_AVAILABLE_IN_ALL
const char * const  *signet_trust_tag_get_roles             (SignetTrustTag     *self);
SIGNET_AVAILABLE_IN_ALL
const char          *signet_trust_tag_get_pull_role         (SignetTrustTag     *self);
SIGNET_AVAILABLE_IN_ALL
const char * const  *signet_trust_tag_get_signers           (SignetTrustTag     *self);
SIGNET_AVAILABLE_IN_ALL
gint64               signet_trust_tag_get_expires           (SignetTrustTag     *self);
SIGNET_AVAILABLE_IN_ALL
gboolean             signet_trust_tag_get_released          (SignetTrustTag     *self);

/* ---- SignetTrustSummary ----------------------------------------------------------- */

#define SIGNET_TYPE_TRUST_SUMMARY (signet_trust_summary_get_type ())
SIGNET_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SignetTrustSummary, signet_trust_summary, SIGNET, TRUST_SUMMARY, GObject)

SIGNET_AVAILABLE_IN_ALL
const char          *signet_trust_summary_get_gun           (SignetTrustSummary *self);
SIGNET_AVAILABLE_IN_ALL
GListModel          *signet_trust_summary_get_roles         (SignetTrustSummary *self);
SIGNET_AVAILABLE_IN_ALL
SignetTrustRole     *signet_trust_summary_lookup_role       (SignetTrustSummary *self,
                                                             const char         *name);
SIGNET_AVAILABLE_IN_ALL
GListModel          *signet_trust_summary_get_signers       (SignetTrustSummary *self);
SIGNET_AVAILABLE_IN_ALL
GListModel          *signet_trust_summary_get_tags          (SignetTrustSummary *self);
SIGNET_AVAILABLE_IN_ALL
SignetTrustTag      *signet_trust_summary_lookup_tag        (SignetTrustSummary *self,
                                                             const char         *name);
SIGNET_AVAILABLE_IN_ALL
const char * const  *signet_trust_summary_get_warnings      (SignetTrustSummary *self);
SIGNET_AVAILABLE_IN_ALL
gint64               signet_trust_summary_get_timestamp_expires (SignetTrustSummary *self);
SIGNET_AVAILABLE_IN_ALL
gint64               signet_trust_summary_get_expires       (SignetTrustSummary *self);
SIGNET_AVAILABLE_IN_ALL
const char * const  *signet_trust_summary_get_root_key_ids  (SignetTrustSummary *self);
SIGNET_AVAILABLE_IN_ALL
const char * const  *signet_trust_summary_get_repository_key_ids (SignetTrustSummary *self);

G_END_DECLS
