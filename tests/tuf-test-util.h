/* tuf-test-util.h: a test-only TUF repository builder (keys, certificates, signing,
 * a fake server that the updater is run against).
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <openssl/evp.h>

#include "signet-error.h"
#include "signet-tuf-private.h"

G_BEGIN_DECLS

typedef struct
{
  EVP_PKEY        *pkey;
  SignetPublicKey *pub;   /* ecdsa, or ecdsa-x509 for root keys */
} TestKey;

/* A P-256 key; @cert_cn non-NULL makes the public key a self-signed ecdsa-x509
 * certificate valid from now + @not_before_days to now + @not_after_days. */
TestKey   *test_key_new          (const char  *cert_cn,
                                  int          not_before_days,
                                  int          not_after_days);
void       test_key_free         (TestKey     *key);
const char *test_key_id          (TestKey     *key);
/* Another TestKey for the same private key: its bare public key (@cert_cn NULL) or a
 * new self-signed certificate for it (so one key can appear under several key IDs). */
TestKey   *test_key_new_sharing  (TestKey     *key,
                                  const char  *cert_cn);

/* The SignetTufSignFunc for a TestKey (raw r||s ECDSA). */
gboolean   test_sign_func        (gpointer       key,
                                  const guint8  *msg,
                                  gsize          len,
                                  char         **method,
                                  GBytes       **sig,
                                  GError       **error);

/* File bytes of @md signed by each TestKey in @keys (NULL-terminated). */
GBytes    *test_sign             (SignetTufMetadata *md,
                                  TestKey          **keys);

typedef struct
{
  char              *gun;
  gint64             now;
  GPtrArray         *root_keys;    /* TestKey: the keys that sign root */
  TestKey           *targets_key;
  TestKey           *snapshot_key;
  TestKey           *timestamp_key;
  SignetTufMetadata *root;
  SignetTufMetadata *targets;
  SignetTufMetadata *snapshot;
  SignetTufMetadata *timestamp;
  GHashTable        *delegations;  /* name -> SignetTufMetadata */
  GHashTable        *deleg_keys;   /* name -> GPtrArray of TestKey (borrowed) */
  GPtrArray         *all_keys;     /* owns every TestKey */
  GPtrArray         *deleg_order;  /* names, in creation order */
  GHashTable        *server;       /* path -> GBytes, as a notary server serves them */
  GHashTable        *latest;       /* role -> GBytes, the last published file */
  gint64             root_published; /* version of the root last signed */
} TestRepo;

TestRepo  *test_repo_new         (const char *gun,
                                  gint64      now);
void       test_repo_free        (TestRepo   *repo);
/* A new key in the repository's key list. */
TestKey   *test_repo_add_key     (TestRepo   *repo,
                                  const char *cert_cn);
/* Adds delegation @name (to its parent's file) with one new key, @paths
 * (NULL-terminated; NULL = [""]) and threshold 1. Returns the key. */
TestKey   *test_repo_add_delegation (TestRepo    *repo,
                                     const char  *name,
                                     const char **paths);
/* sha256 target from @content. */
void       test_repo_add_target  (TestRepo   *repo,
                                  const char *role,
                                  const char *name,
                                  const char *content);
/* Signs everything (root, delegations, targets, snapshot, timestamp) with the
 * current versions and puts the files on the server under every name notary
 * serves (root.json, <v>.root.json, root.<sha>.json, snapshot.<sha>.json, …). */
void       test_repo_publish     (TestRepo   *repo);
/* Bumps the version of every role except root (and root when @with_root). */
void       test_repo_bump        (TestRepo   *repo,
                                  gboolean    with_root);
/* Replaces what the server returns for @path. */
void       test_repo_serve       (TestRepo   *repo,
                                  const char *path,
                                  GBytes     *bytes);
/* A copy of the server contents. */
GHashTable *test_repo_copy_server (TestRepo  *repo);

/* Runs the updater against @server (path -> GBytes) until done. @requested (optional)
 * receives the paths asked for. */
SignetTufRepo *test_run_update   (const char  *gun,
                                  GHashTable  *cached,
                                  GHashTable  *server,
                                  gint64       now,
                                  GPtrArray   *requested,
                                  GError     **error);
/* role -> GBytes copy of a repo's files (to use as the next cache). */
GHashTable *test_cache_from_repo (SignetTufRepo *repo);
GHashTable *test_bytes_table_new (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TestKey, test_key_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TestRepo, test_repo_free)

/* Small helpers on file bytes. */
GBytes    *bytes_from_string     (const char *s);
char      *bytes_to_string       (GBytes     *b);
/* @bytes with the first @from replaced by @to (which must be there). */
GBytes    *replace_once          (GBytes     *bytes,
                                  const char *from,
                                  const char *to);

G_END_DECLS
