/* tuf-test-util.c: a test-only TUF repository builder.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509v3.h>

#include "tuf-test-util.h"

static X509 *
make_cert (EVP_PKEY   *pkey,
           const char *cn,
           int         not_before_days,
           int         not_after_days)
{
  X509 *cert = X509_new ();
  X509_NAME *name;
  BIGNUM *serial = BN_new ();
  ASN1_INTEGER *ai;
  X509V3_CTX ctx;
  X509_EXTENSION *ext;

  g_assert_nonnull (cert);
  g_assert_cmpint (X509_set_version (cert, 2), ==, 1);
  g_assert_cmpint (BN_rand (serial, 127, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY), ==, 1);
  ai = BN_to_ASN1_INTEGER (serial, NULL);
  X509_set_serialNumber (cert, ai);
  ASN1_INTEGER_free (ai);
  BN_free (serial);
  X509_gmtime_adj (X509_getm_notBefore (cert), (long) not_before_days * 86400);
  X509_gmtime_adj (X509_getm_notAfter (cert), (long) not_after_days * 86400);
  name = X509_get_subject_name (cert);
  X509_NAME_add_entry_by_txt (name, "CN", MBSTRING_UTF8, (const guchar *) cn, -1, -1, 0);
  X509_set_issuer_name (cert, name);
  X509_set_pubkey (cert, pkey);

  X509V3_set_ctx (&ctx, cert, cert, NULL, NULL, 0);
  ext = X509V3_EXT_conf_nid (NULL, &ctx, NID_key_usage, "critical,digitalSignature,keyEncipherment");
  X509_add_ext (cert, ext, -1);
  X509_EXTENSION_free (ext);
  ext = X509V3_EXT_conf_nid (NULL, &ctx, NID_ext_key_usage, "codeSigning");
  X509_add_ext (cert, ext, -1);
  X509_EXTENSION_free (ext);
  ext = X509V3_EXT_conf_nid (NULL, &ctx, NID_basic_constraints, "critical,CA:FALSE");
  X509_add_ext (cert, ext, -1);
  X509_EXTENSION_free (ext);

  g_assert_cmpint (X509_sign (cert, pkey, EVP_sha256 ()), >, 0);
  return cert;
}

TestKey *
test_key_new (const char *cert_cn,
              int         not_before_days,
              int         not_after_days)
{
  g_autoptr(GError) error = NULL;
  TestKey *key = g_new0 (TestKey, 1);

  key->pkey = EVP_PKEY_Q_keygen (NULL, NULL, "EC", "P-256");
  g_assert_nonnull (key->pkey);

  if (cert_cn != NULL)
    {
      X509 *cert = make_cert (key->pkey, cert_cn, not_before_days, not_after_days);
      BIO *bio = BIO_new (BIO_s_mem ());
      char *pem;
      long len;

      g_assert_cmpint (PEM_write_bio_X509 (bio, cert), ==, 1);
      len = BIO_get_mem_data (bio, &pem);
      key->pub = _signet_public_key_new_from_cert_pem (pem, len, &error);
      BIO_free (bio);
      X509_free (cert);
    }
  else
    key->pub = _signet_public_key_new_from_evp (key->pkey, &error);
  g_assert_no_error (error);
  g_assert_nonnull (key->pub);
  return key;
}

void
test_key_free (TestKey *key)
{
  if (key == NULL)
    return;
  EVP_PKEY_free (key->pkey);
  _signet_public_key_unref (key->pub);
  g_free (key);
}

const char *
test_key_id (TestKey *key)
{
  return _signet_public_key_get_id (key->pub);
}

gboolean
test_sign_func (gpointer       key_ptr,
                const guint8  *msg,
                gsize          len,
                char         **method,
                GBytes       **sig,
                GError       **error)
{
  TestKey *key = key_ptr;
  EVP_MD_CTX *md = EVP_MD_CTX_new ();
  guint8 der[128];
  const guint8 *p = der;
  gsize der_len = sizeof der;
  ECDSA_SIG *es;
  const BIGNUM *r, *s;
  guint8 raw[64];

  g_assert_cmpint (EVP_DigestSignInit (md, NULL, EVP_sha256 (), NULL, key->pkey), ==, 1);
  g_assert_cmpint (EVP_DigestSign (md, der, &der_len, msg, len), ==, 1);
  EVP_MD_CTX_free (md);
  es = d2i_ECDSA_SIG (NULL, &p, der_len);
  g_assert_nonnull (es);
  ECDSA_SIG_get0 (es, &r, &s);
  g_assert_cmpint (BN_bn2binpad (r, raw, 32), ==, 32);
  g_assert_cmpint (BN_bn2binpad (s, raw + 32, 32), ==, 32);
  ECDSA_SIG_free (es);

  *method = g_strdup ("ecdsa");
  *sig = g_bytes_new (raw, sizeof raw);
  return TRUE;
}

GBytes *
test_sign (SignetTufMetadata *md,
           TestKey          **keys)
{
  g_autoptr(GPtrArray) signers = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  GBytes *bytes;

  for (guint i = 0; keys[i]; i++)
    {
      SignetTufSigner *s = g_new0 (SignetTufSigner, 1);

      s->keyid = test_key_id (keys[i]);
      s->key = keys[i];
      g_ptr_array_add (signers, s);
    }
  bytes = _signet_tuf_metadata_sign (md, signers, test_sign_func, &error);
  g_assert_no_error (error);
  g_assert_nonnull (bytes);
  return bytes;
}

GHashTable *
test_bytes_table_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_bytes_unref);
}

static void
set_base_role (SignetTufMetadata *root,
               const char        *name,
               TestKey           *key)
{
  SignetTufRole *role = _signet_tuf_role_new (name, 1);

  _signet_tuf_metadata_add_key (root, key->pub);
  g_ptr_array_add (role->keyids, g_strdup (test_key_id (key)));
  _signet_tuf_metadata_set_role (root, role);
}

TestKey *
test_repo_add_key (TestRepo   *repo,
                   const char *cert_cn)
{
  TestKey *key = test_key_new (cert_cn, 0, 3650);

  g_ptr_array_add (repo->all_keys, key);
  return key;
}

TestRepo *
test_repo_new (const char *gun,
               gint64      now)
{
  TestRepo *repo = g_new0 (TestRepo, 1);
  TestKey *root_key;

  repo->gun = g_strdup (gun);
  repo->now = now;
  repo->all_keys = g_ptr_array_new_with_free_func ((GDestroyNotify) test_key_free);
  repo->root_keys = g_ptr_array_new ();
  root_key = test_repo_add_key (repo, gun);
  g_ptr_array_add (repo->root_keys, root_key);
  repo->targets_key = test_repo_add_key (repo, NULL);
  repo->snapshot_key = test_repo_add_key (repo, NULL);
  repo->timestamp_key = test_repo_add_key (repo, NULL);

  repo->root = _signet_tuf_metadata_new (SIGNET_TUF_KIND_ROOT, "root");
  repo->root->expires = now + SIGNET_TUF_LIFETIME_ROOT;
  set_base_role (repo->root, "root", root_key);
  set_base_role (repo->root, "targets", repo->targets_key);
  set_base_role (repo->root, "snapshot", repo->snapshot_key);
  set_base_role (repo->root, "timestamp", repo->timestamp_key);

  repo->targets = _signet_tuf_metadata_new (SIGNET_TUF_KIND_TARGETS, "targets");
  repo->targets->expires = now + SIGNET_TUF_LIFETIME_TARGETS;
  repo->snapshot = _signet_tuf_metadata_new (SIGNET_TUF_KIND_SNAPSHOT, "snapshot");
  repo->snapshot->expires = now + SIGNET_TUF_LIFETIME_SNAPSHOT;
  repo->timestamp = _signet_tuf_metadata_new (SIGNET_TUF_KIND_TIMESTAMP, "timestamp");
  repo->timestamp->expires = now + SIGNET_TUF_LIFETIME_TIMESTAMP;

  repo->delegations = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                             (GDestroyNotify) _signet_tuf_metadata_unref);
  repo->deleg_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify) g_ptr_array_unref);
  repo->deleg_order = g_ptr_array_new_with_free_func (g_free);
  repo->server = test_bytes_table_new ();
  repo->latest = test_bytes_table_new ();
  return repo;
}

void
test_repo_free (TestRepo *repo)
{
  if (repo == NULL)
    return;
  g_free (repo->gun);
  g_ptr_array_unref (repo->root_keys);
  _signet_tuf_metadata_unref (repo->root);
  _signet_tuf_metadata_unref (repo->targets);
  _signet_tuf_metadata_unref (repo->snapshot);
  _signet_tuf_metadata_unref (repo->timestamp);
  g_hash_table_unref (repo->delegations);
  g_hash_table_unref (repo->deleg_keys);
  g_ptr_array_unref (repo->deleg_order);
  g_hash_table_unref (repo->server);
  g_hash_table_unref (repo->latest);
  g_ptr_array_unref (repo->all_keys);
  g_free (repo);
}

static SignetTufMetadata *
targets_file (TestRepo   *repo,
              const char *role)
{
  if (g_str_equal (role, "targets"))
    return repo->targets;
  return g_hash_table_lookup (repo->delegations, role);
}

TestKey *
test_repo_add_delegation (TestRepo    *repo,
                          const char  *name,
                          const char **paths)
{
  g_autofree char *parent_name = _signet_tuf_role_parent (name);
  SignetTufMetadata *parent = targets_file (repo, parent_name);
  SignetTufMetadata *md;
  SignetTufRole *role;
  TestKey *key = test_repo_add_key (repo, NULL);
  GPtrArray *keys;

  g_assert_nonnull (parent);
  role = _signet_tuf_role_new (name, 1);
  g_ptr_array_add (role->keyids, g_strdup (test_key_id (key)));
  if (paths == NULL)
    g_ptr_array_add (role->paths, g_strdup (""));
  else
    for (guint i = 0; paths[i]; i++)
      g_ptr_array_add (role->paths, g_strdup (paths[i]));
  _signet_tuf_metadata_add_key (parent, key->pub);
  _signet_tuf_metadata_set_role (parent, role);

  md = _signet_tuf_metadata_new (SIGNET_TUF_KIND_TARGETS, name);
  md->expires = repo->now + SIGNET_TUF_LIFETIME_TARGETS;
  g_hash_table_insert (repo->delegations, g_strdup (name), md);
  keys = g_ptr_array_new ();
  g_ptr_array_add (keys, key);
  g_hash_table_insert (repo->deleg_keys, g_strdup (name), keys);
  g_ptr_array_add (repo->deleg_order, g_strdup (name));
  return key;
}

void
test_repo_add_target (TestRepo   *repo,
                      const char *role,
                      const char *name,
                      const char *content)
{
  SignetTufMetadata *md = targets_file (repo, role);
  g_autoptr(GBytes) bytes = g_bytes_new (content, strlen (content));
  SignetTufFileMeta *meta = _signet_tuf_file_meta_new_from_bytes (bytes);

  g_assert_nonnull (md);
  g_hash_table_remove (meta->hashes, "sha512");
  _signet_tuf_metadata_set_target (md, name, meta);
}

static void
store (TestRepo   *repo,
       const char *role,
       GBytes     *bytes,
       gint64      version)
{
  g_autoptr(SignetTufFileMeta) meta = _signet_tuf_file_meta_new_from_bytes (bytes);
  g_autofree char *hex = _signet_tuf_file_meta_get_sha256_hex (meta);

  g_hash_table_insert (repo->latest, g_strdup (role), g_bytes_ref (bytes));
  g_hash_table_insert (repo->server, g_strdup_printf ("%s.json", role), g_bytes_ref (bytes));
  g_hash_table_insert (repo->server, g_strdup_printf ("%s.%s.json", role, hex), g_bytes_ref (bytes));
  if (g_str_equal (role, "root"))
    g_hash_table_insert (repo->server, g_strdup_printf ("%" G_GINT64_FORMAT ".root.json", version),
                         g_bytes_ref (bytes));
}

void
test_repo_publish (TestRepo *repo)
{
  g_autoptr(GBytes) root = NULL;
  g_autoptr(GBytes) targets = NULL;
  g_autoptr(GBytes) snapshot = NULL;
  g_autoptr(GBytes) timestamp = NULL;
  TestKey *keys[8] = { NULL };

  for (guint i = 0; i < repo->root_keys->len && i < 7; i++)
    keys[i] = g_ptr_array_index (repo->root_keys, i);
  /* root is signed again only when its version changed (signatures are randomised) */
  if (repo->root_published == repo->root->version && g_hash_table_contains (repo->latest, "root"))
    root = g_bytes_ref (g_hash_table_lookup (repo->latest, "root"));
  else
    root = test_sign (repo->root, keys);
  repo->root_published = repo->root->version;
  store (repo, "root", root, repo->root->version);
  _signet_tuf_metadata_set_meta_for (repo->snapshot, "root", root);

  /* children before parents does not matter for signing; any order works */
  for (guint i = 0; i < repo->deleg_order->len; i++)
    {
      const char *name = g_ptr_array_index (repo->deleg_order, i);
      SignetTufMetadata *md = g_hash_table_lookup (repo->delegations, name);
      GPtrArray *dkeys = g_hash_table_lookup (repo->deleg_keys, name);
      TestKey *dk[8] = { NULL };
      g_autoptr(GBytes) bytes = NULL;

      for (guint j = 0; j < dkeys->len && j < 7; j++)
        dk[j] = g_ptr_array_index (dkeys, j);
      bytes = test_sign (md, dk);
      store (repo, name, bytes, md->version);
      _signet_tuf_metadata_set_meta_for (repo->snapshot, name, bytes);
    }

  targets = test_sign (repo->targets, (TestKey *[]) { repo->targets_key, NULL });
  store (repo, "targets", targets, repo->targets->version);
  _signet_tuf_metadata_set_meta_for (repo->snapshot, "targets", targets);

  snapshot = test_sign (repo->snapshot, (TestKey *[]) { repo->snapshot_key, NULL });
  store (repo, "snapshot", snapshot, repo->snapshot->version);
  _signet_tuf_metadata_set_meta_for (repo->timestamp, "snapshot", snapshot);

  timestamp = test_sign (repo->timestamp, (TestKey *[]) { repo->timestamp_key, NULL });
  store (repo, "timestamp", timestamp, repo->timestamp->version);
}

void
test_repo_bump (TestRepo *repo,
                gboolean  with_root)
{
  GHashTableIter iter;
  gpointer v;

  if (with_root)
    repo->root->version++;
  repo->targets->version++;
  repo->snapshot->version++;
  repo->timestamp->version++;
  g_hash_table_iter_init (&iter, repo->delegations);
  while (g_hash_table_iter_next (&iter, NULL, &v))
    ((SignetTufMetadata *) v)->version++;
}

void
test_repo_serve (TestRepo   *repo,
                 const char *path,
                 GBytes     *bytes)
{
  if (bytes == NULL)
    g_hash_table_remove (repo->server, path);
  else
    g_hash_table_insert (repo->server, g_strdup (path), g_bytes_ref (bytes));
}

GHashTable *
test_repo_copy_server (TestRepo *repo)
{
  GHashTable *copy = test_bytes_table_new ();
  GHashTableIter iter;
  gpointer k, v;

  g_hash_table_iter_init (&iter, repo->server);
  while (g_hash_table_iter_next (&iter, &k, &v))
    g_hash_table_insert (copy, g_strdup (k), g_bytes_ref (v));
  return copy;
}

SignetTufRepo *
test_run_update (const char  *gun,
                 GHashTable  *cached,
                 GHashTable  *server,
                 gint64       now,
                 GPtrArray   *requested,
                 GError     **error)
{
  g_autoptr(SignetTufUpdater) updater = NULL;
  const SignetTufRequest *req;
  guint guard = 0;

  updater = _signet_tuf_updater_new (gun, cached, now, error);
  if (updater == NULL)
    return NULL;
  while ((req = _signet_tuf_updater_next_request (updater)))
    {
      GBytes *bytes = g_hash_table_lookup (server, req->path);

      g_assert_cmpuint (++guard, <, 1000);
      if (requested != NULL)
        g_ptr_array_add (requested, g_strdup (req->path));
      if (!_signet_tuf_updater_feed (updater, bytes, error))
        {
          /* finish() must report the same failure */
          g_autoptr(GError) again = NULL;
          g_autoptr(SignetTufRepo) none = _signet_tuf_updater_finish (updater, &again);

          g_assert_null (none);
          g_assert_nonnull (again);
          return NULL;
        }
    }
  return _signet_tuf_updater_finish (updater, error);
}

GHashTable *
test_cache_from_repo (SignetTufRepo *repo)
{
  GHashTable *cache = test_bytes_table_new ();
  GHashTableIter iter;
  gpointer k, v;

  g_hash_table_iter_init (&iter, _signet_tuf_repo_get_files (repo));
  while (g_hash_table_iter_next (&iter, &k, &v))
    g_hash_table_insert (cache, g_strdup (k), g_bytes_ref (v));
  return cache;
}

TestKey *
test_key_new_sharing (TestKey    *key,
                      const char *cert_cn)
{
  g_autoptr(GError) error = NULL;
  TestKey *copy = g_new0 (TestKey, 1);

  g_assert_cmpint (EVP_PKEY_up_ref (key->pkey), ==, 1);
  copy->pkey = key->pkey;
  if (cert_cn != NULL)
    {
      X509 *cert = make_cert (copy->pkey, cert_cn, 0, 3650);
      BIO *bio = BIO_new (BIO_s_mem ());
      char *pem;
      long len;

      g_assert_cmpint (PEM_write_bio_X509 (bio, cert), ==, 1);
      len = BIO_get_mem_data (bio, &pem);
      copy->pub = _signet_public_key_new_from_cert_pem (pem, len, &error);
      BIO_free (bio);
      X509_free (cert);
    }
  else
    copy->pub = _signet_public_key_new_from_evp (copy->pkey, &error);
  g_assert_no_error (error);
  g_assert_nonnull (copy->pub);
  return copy;
}

GBytes *
bytes_from_string (const char *s)
{
  return g_bytes_new (s, strlen (s));
}

char *
bytes_to_string (GBytes *b)
{
  gsize len;
  const char *d = g_bytes_get_data (b, &len);

  return g_strndup (d, len);
}

GBytes *
replace_once (GBytes     *bytes,
              const char *from,
              const char *to)
{
  g_autofree char *text = bytes_to_string (bytes);
  char *at = strstr (text, from);
  GString *s;

  g_assert_nonnull (at);
  s = g_string_new_len (text, at - text);
  g_string_append (s, to);
  g_string_append (s, at + strlen (from));
  return g_string_free_to_bytes (s);
}
