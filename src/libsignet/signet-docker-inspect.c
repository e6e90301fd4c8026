/* signet-docker-inspect.c: the `docker trust inspect` model of verified trust data.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * docker/cli cli/command/trust/{common,inspect}.go walk every targets role, keep the
 * (tag, sha256) pairs that "targets" or "targets/releases" hold, and name as signers the
 * other roles holding the same pair. The walk here uses the verified set, so expired or
 * under-signed delegations are not there, and a delegation only holds a target under
 * its effective paths.
 */

#include "config.h"

#include <string.h>

#include "signet-docker-inspect-private.h"

/* A released (tag, sha256) pair; pairs of one tag are chained (usually one). */
typedef struct _Released Released;
struct _Released
{
  SignetDockerTagRow *row;
  GBytes             *sha256;   /* the raw digest (the metadata's), or NULL */
  Released           *next;
};

static void
released_free (gpointer data)
{
  Released *r = data;

  while (r != NULL)
    {
      Released *next = r->next;

      g_free (r);
      r = next;
    }
}

static gboolean
is_released_role (const char *role)
{
  return g_str_equal (role, "targets") || g_str_equal (role, "targets/releases");
}

static char *
sha256_hex (SignetTufFileMeta *meta)
{
  char *hex = _signet_tuf_file_meta_get_sha256_hex (meta);

  return hex != NULL ? hex : g_strdup ("");
}

static Released *
find_released (Released *list,
               GBytes   *sha256)
{
  for (Released *r = list; r != NULL; r = r->next)
    if (r->sha256 == sha256 ||
        (r->sha256 != NULL && sha256 != NULL && g_bytes_equal (r->sha256, sha256)))
      return r;
  return NULL;
}

/* name -> Released chain. Same pairs and signers as comparing hex strings: a digest's
 * hex is "" when it has no sha256, and hex is one-to-one. */
static void
consider (const char            *role,
          const char            *name,
          SignetTufFileMeta     *meta,
          gboolean               first_pass,
          SignetDockerTrustInfo *info,
          GHashTable            *released)
{
  GBytes *sha256 = g_hash_table_lookup (meta->hashes, "sha256");
  Released *list = g_hash_table_lookup (released, name);
  Released *r = find_released (list, sha256);

  if (first_pass)
    {
      g_autofree char *hex = NULL;

      if (r != NULL)
        return;
      hex = sha256_hex (meta);
      r = g_new0 (Released, 1);
      r->sha256 = sha256;
      r->row = _signet_docker_trust_info_add_tag (info, name, hex);
      if (list == NULL)
        g_hash_table_insert (released, (gpointer) name, r);
      else
        {
          while (list->next != NULL)
            list = list->next;
          list->next = r;
        }
    }
  else if (r != NULL)
    g_ptr_array_add (r->row->signers, g_strdup (role + strlen ("targets/")));
}

static void
collect_role (SignetTufRepo         *repo,
              const char            *role,
              const char            *tag,
              gboolean               first_pass,
              SignetDockerTrustInfo *info,
              GHashTable            *released)
{
  SignetTufMetadata *md = _signet_tuf_repo_get_targets (repo, role);
  GHashTableIter iter;
  gpointer key, value;

  if (md == NULL || is_released_role (role) != first_pass)
    return;

  if (tag != NULL)
    {
      SignetTufFileMeta *meta = _signet_tuf_repo_get_target (repo, role, tag);

      if (meta != NULL)
        consider (role, tag, meta, first_pass, info, released);
      return;
    }

  g_hash_table_iter_init (&iter, md->targets);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      /* only released tags get signers: skip the others before the path check */
      if (!first_pass && !g_hash_table_contains (released, key))
        continue;
      /* the effective-paths rule ("targets" holds everything) */
      if (!g_str_equal (role, "targets") &&
          _signet_tuf_repo_get_target (repo, role, key) == NULL)
        continue;
      consider (role, key, value, first_pass, info, released);
    }
}

SignetDockerTrustInfo *
_signet_docker_trust_info_new_from_repo (SignetTufRepo *repo,
                                         const char    *name,
                                         const char    *tag)
{
  g_autoptr(SignetDockerTrustInfo) info = NULL;
  g_autoptr(GHashTable) released = NULL;
  g_autoptr(GHashTable) signers = NULL;
  GPtrArray *roles;
  SignetTufMetadata *root;
  SignetTufRole *entry;

  g_return_val_if_fail (repo != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  info = _signet_docker_trust_info_new (name);
  released = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, released_free);
  roles = _signet_tuf_repo_get_target_roles (repo);

  /* Two passes as docker makes them: the released pairs, then their signers. */
  for (guint i = 0; i < roles->len; i++)
    collect_role (repo, g_ptr_array_index (roles, i), tag, TRUE, info, released);
  for (guint i = 0; i < roles->len; i++)
    collect_role (repo, g_ptr_array_index (roles, i), tag, FALSE, info, released);

  /* Signers: docker keeps a map from signer name to keys (the last listing wins). */
  signers = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < roles->len; i++)
    {
      SignetTufMetadata *md = _signet_tuf_repo_get_targets (repo, g_ptr_array_index (roles, i));

      for (guint j = 0; md != NULL && j < md->delegations->len; j++)
        {
          SignetTufRole *d = g_ptr_array_index (md->delegations, j);
          const char *signer_name = d->name + strlen ("targets/");
          SignetDockerSigner *signer;

          if (g_str_equal (d->name, "targets/releases"))
            continue;
          signer = g_hash_table_lookup (signers, signer_name);
          if (signer == NULL)
            {
              signer = _signet_docker_trust_info_add_signer (info, signer_name);
              g_hash_table_insert (signers, signer->name, signer);
            }
          g_ptr_array_set_size (signer->key_ids, 0);
          for (guint k = 0; k < d->keyids->len; k++)
            {
              SignetPublicKey *key = g_hash_table_lookup (md->keys, g_ptr_array_index (d->keyids, k));

              if (key != NULL)
                g_ptr_array_add (signer->key_ids,
                                 g_strdup (_signet_public_key_get_canonical_id (key)));
            }
        }
    }

  root = _signet_tuf_repo_get_root (repo);
  entry = g_hash_table_lookup (root->roles, "root");
  for (guint i = 0; entry != NULL && i < entry->keyids->len; i++)
    g_ptr_array_add (info->root_keys, g_strdup (g_ptr_array_index (entry->keyids, i)));
  entry = g_hash_table_lookup (root->roles, "targets");
  for (guint i = 0; entry != NULL && i < entry->keyids->len; i++)
    g_ptr_array_add (info->repo_keys, g_strdup (g_ptr_array_index (entry->keyids, i)));

  return g_steal_pointer (&info);
}
