/* signet-docker-format-private.h: `docker trust inspect` output, byte for byte.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The model here is what docker computes before printing (notary-v1.md §8): a list of
 * released tag rows, the signers (delegations other than targets/releases) with their
 * canonical key IDs, and the administrative keys. Building the model from verified trust
 * data is the summary's job; this file only prints it the way docker does.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  char      *tag;      /* target name */
  char      *digest;   /* lower-case hex sha256 */
  GPtrArray *signers;  /* char*: signer names in the order docker finds them; empty = Repo Admin */
} SignetDockerTagRow;

typedef struct
{
  char      *name;     /* signer name, "targets/" stripped */
  GPtrArray *key_ids;  /* char*: canonical key IDs, in metadata order */
} SignetDockerSigner;

typedef struct
{
  char      *name;      /* the reference exactly as the user typed it */
  GPtrArray *tags;      /* SignetDockerTagRow*, any order (sorted when printed) */
  GPtrArray *signers;   /* SignetDockerSigner*, any order (sorted when printed) */
  GPtrArray *root_keys; /* char*: root-role key IDs from root.json */
  GPtrArray *repo_keys; /* char*: targets-role key IDs from root.json */
} SignetDockerTrustInfo;

SignetDockerTrustInfo *_signet_docker_trust_info_new   (const char            *name);
void                   _signet_docker_trust_info_free  (SignetDockerTrustInfo *info);
SignetDockerTagRow    *_signet_docker_trust_info_add_tag (SignetDockerTrustInfo *info,
                                                          const char            *tag,
                                                          const char            *digest);
SignetDockerSigner    *_signet_docker_trust_info_add_signer (SignetDockerTrustInfo *info,
                                                             const char            *name);

/* fvbommel/sortorder NaturalLess as a strcmp-style comparison. */
int                    _signet_natural_compare         (const char            *a,
                                                        const char            *b);

/* The JSON array `docker trust inspect` prints for @infos (SignetDockerTrustInfo*),
 * with its trailing newline. */
char                  *_signet_docker_inspect_json     (GPtrArray             *infos);

/* `docker trust inspect --pretty` for one reference. */
char                  *_signet_docker_inspect_pretty   (SignetDockerTrustInfo *info);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SignetDockerTrustInfo, _signet_docker_trust_info_free)

G_END_DECLS
