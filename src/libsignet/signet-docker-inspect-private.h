/* signet-docker-inspect-private.h: the `docker trust inspect` model of verified trust data.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "signet-docker-format-private.h"
#include "signet-tuf-private.h"

G_BEGIN_DECLS

/* What docker computes for `docker trust inspect @name` (notary-v1.md §8) from a verified
 * set: released tags = (name, sha256) pairs in "targets" or "targets/releases"; a tag's
 * signers = the other loaded delegations holding the same pair, in the order the roles
 * are walked; signers = every delegation but releases, canonical key IDs; admin keys =
 * root.json's root and targets key IDs in file order. One difference from docker: a
 * delegation counts only for targets under its effective paths (§13).
 * @tag: only this tag, or NULL for all. */
SignetDockerTrustInfo *_signet_docker_trust_info_new_from_repo (SignetTufRepo *repo,
                                                                const char    *name,
                                                                const char    *tag);

G_END_DECLS
