/* signet-trust-summary-private.h: building a trust summary from verified metadata.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "signet-trust-summary.h"
#include "signet-tuf-private.h"

G_BEGIN_DECLS

/* The summary of a verified set; @repo is only read. */
SignetTrustSummary *_signet_trust_summary_new_from_repo (SignetTufRepo *repo);

/* A NULL-terminated copy of @array (char *), or NULL for NULL. */
char              **_signet_strv_from_array            (GPtrArray     *array);

SignetTrustKey     *_signet_trust_key_new              (const char    *id,
                                                        const char    *canonical_id,
                                                        const char    *key_type,
                                                        gint64         cert_expires);
SignetTrustRole    *_signet_trust_role_new             (const char    *name,
                                                        gint64         version,
                                                        gint64         expires,
                                                        guint          threshold,
                                                        GListStore    *keys,
                                                        GPtrArray     *paths,
                                                        GPtrArray     *effective_paths,
                                                        gboolean       is_delegation);
SignetTrustSigner  *_signet_trust_signer_new           (const char    *name,
                                                        const char    *role_name,
                                                        GListStore    *keys,
                                                        guint          threshold,
                                                        GPtrArray     *paths,
                                                        gboolean       loaded);
SignetTrustTag     *_signet_trust_tag_new              (const char    *name,
                                                        const char    *digest,
                                                        gint64         size,
                                                        GPtrArray     *roles,
                                                        const char    *pull_role,
                                                        GPtrArray     *signers,
                                                        gint64         expires,
                                                        gboolean       released);

G_END_DECLS
