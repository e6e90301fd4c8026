/* signet-cosign-sign.c: cosign key-based signing of a tag, stored as skopeo stores it
 * (use-sigstore-attachments), and the public cosign key API.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Facts: containers/image v5.23 docker/docker_image_dest.go putSignaturesToSigstoreAttachments
 * and signature/sigstore/sign.go: the payload names the reference as given (with its tag),
 * the signature goes base64 into the layer annotation dev.cosignproject.cosign/signature, new
 * layers are appended to the existing manifest at sha256-<hex>.sig and the config's
 * rootfs.diff_ids lists every layer digest.
 */

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>
#include <openssl/crypto.h>

#include "signet-error.h"
#include "signet-remote-private.h"
#include "signet-signatures-private.h"
#include "signet-version.h"

#define OCI_CONFIG_TYPE "application/vnd.oci.image.config.v1+json"

/* ---- keys ---- */

static void
generate_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  char **args = task_data;   /* trust_dir, name */
  SignetSecret *passphrase = g_object_get_data (G_OBJECT (task), "passphrase");
  GError *error = NULL;

  if (_signet_cosign_store_generate (args[0], args[1], passphrase, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
  /* The per-thread random generators OpenSSL made here would outlive the pool thread's task. */
  OPENSSL_thread_stop ();
}

void
signet_cosign_generate_key_async (const char          *trust_dir,
                                  const char          *name,
                                  SignetSecret        *passphrase,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  char **args = g_new0 (char *, 3);

  g_return_if_fail (name != NULL && passphrase != NULL);
  g_task_set_source_tag (task, signet_cosign_generate_key_async);
  args[0] = trust_dir ? g_strdup (trust_dir) : signet_default_trust_dir ();
  args[1] = g_strdup (name);
  g_task_set_task_data (task, args, (GDestroyNotify) g_strfreev);
  g_object_set_data_full (G_OBJECT (task), "passphrase", signet_secret_ref (passphrase),
                          (GDestroyNotify) signet_secret_unref);
  g_task_run_in_thread (task, generate_thread);
}

gboolean
signet_cosign_generate_key_finish (GAsyncResult  *result,
                                   GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
signet_cosign_trust_key (const char  *trust_dir,
                         const char  *name,
                         const char  *pem,
                         gsize        len,
                         GError     **error)
{
  g_autofree char *dir = trust_dir ? g_strdup (trust_dir) : signet_default_trust_dir ();

  return _signet_cosign_store_trust (dir, name, pem, len, error);
}

GStrv
signet_cosign_list_keys (const char *trust_dir,
                         gboolean    with_private)
{
  g_autofree char *dir = trust_dir ? g_strdup (trust_dir) : signet_default_trust_dir ();
  g_autoptr(GPtrArray) entries = _signet_cosign_store_list (dir, NULL);
  GPtrArray *out = g_ptr_array_new ();
  guint i;

  for (i = 0; i < entries->len; i++)
    {
      SignetCosignKeyEntry *e = g_ptr_array_index (entries, i);

      if (with_private ? e->has_private : e->pkey != NULL)
        g_ptr_array_add (out, g_strdup (e->name));
    }
  g_ptr_array_add (out, NULL);
  return (GStrv) g_ptr_array_free (out, FALSE);
}

char *
signet_cosign_get_public_key (const char  *trust_dir,
                              const char  *name,
                              GError     **error)
{
  g_autofree char *dir = trust_dir ? g_strdup (trust_dir) : signet_default_trust_dir ();
  g_autofree char *path = NULL;
  char *data = NULL;

  if (!_signet_cosign_name_valid (name, error))
    return NULL;
  path = _signet_cosign_public_path (dir, name);
  if (!g_file_get_contents (path, &data, NULL, NULL))
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_NOT_FOUND, "No cosign public key named “%s”", name);
      return NULL;
    }
  return data;
}

/* ---- signing ---- */

typedef enum
{
  STEP_RESOLVE,
  STEP_SIGN,
  STEP_EXISTING,
  STEP_UPLOAD_PAYLOAD,
  STEP_UPLOAD_CONFIG,
  STEP_PUT_MANIFEST,
} Step;

typedef struct
{
  SignetReference *ref;
  char            *trust_dir;
  char            *key_name;
  SignetSecret    *passphrase;
  char            *expected;
  char            *digest;
  GBytes          *payload;
  char            *signature_b64;
  JsonArray       *layers;         /* existing layers, then ours */
  GBytes          *upload;         /* the blob being uploaded */
  char            *upload_digest;
  GBytes          *config;
  char            *config_digest;
  Step             step;
} Sign;

static void
sign_free (Sign *s)
{
  g_clear_pointer (&s->ref, signet_reference_unref);
  g_free (s->trust_dir);
  g_free (s->key_name);
  g_clear_pointer (&s->passphrase, signet_secret_unref);
  g_free (s->expected);
  g_free (s->digest);
  g_clear_pointer (&s->payload, g_bytes_unref);
  g_free (s->signature_b64);
  g_clear_pointer (&s->layers, json_array_unref);
  g_clear_pointer (&s->upload, g_bytes_unref);
  g_free (s->upload_digest);
  g_clear_pointer (&s->config, g_bytes_unref);
  g_free (s->config_digest);
  g_free (s);
}

static void sign_next (GTask *task);

static char *
push_scope (Sign *s)
{
  return g_strdup_printf ("repository:%s:pull,push", signet_reference_get_repository (s->ref));
}

static GUri *
api_uri (SignetRemote  *remote,
         Sign          *s,
         const char    *path,
         GError       **error)
{
  g_autofree char *base = _signet_remote_registry_base (remote, signet_reference_get_registry (s->ref), error);
  g_autofree char *url = NULL;

  if (base == NULL)
    return NULL;
  url = g_strconcat (base, path, NULL);
  return g_uri_parse (url, G_URI_FLAGS_ENCODED_PATH | G_URI_FLAGS_ENCODED_QUERY, error);
}

static char *
bytes_digest (GBytes *bytes)
{
  g_autofree char *hex = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);

  return g_strconcat ("sha256:", hex, NULL);
}

static void
request (GTask                   *task,
         const SignetHttpRequest *req,
         GAsyncReadyCallback      cb)
{
  GCancellable *cancellable = g_task_get_cancellable (task);

  _signet_remote_request_async (g_task_get_source_object (task), req, cancellable, cb, task);
}

static void
put_manifest_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Sign *s = g_task_get_task_data (task);
  g_autoptr(SignetHttpResponse) response = NULL;
  GError *error = NULL;

  response = _signet_remote_request_finish (SIGNET_REMOTE (object), result, &error);
  if (response == NULL)
    {
      g_prefix_error (&error, "Storing the signature manifest: ");
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, g_strdup (s->digest), g_free);
}

static void
upload_put_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(SignetHttpResponse) response = NULL;
  GError *error = NULL;

  response = _signet_remote_request_finish (SIGNET_REMOTE (object), result, &error);
  if (response == NULL)
    {
      g_prefix_error (&error, "Uploading a signature blob: ");
      g_task_return_error (task, error);
      return;
    }
  sign_next (g_steal_pointer (&task));
}

static void
upload_start_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Sign *s = g_task_get_task_data (task);
  g_autoptr(SignetHttpResponse) response = NULL;
  g_autoptr(GUri) put_uri = NULL;
  g_autofree char *scope = push_scope (s);
  g_autofree char *digest_q = NULL;
  g_autofree char *query = NULL;
  GError *error = NULL;
  const char *location;
  SignetHttpRequest req = { 0 };

  response = _signet_remote_request_finish (SIGNET_REMOTE (object), result, &error);
  if (response == NULL)
    {
      g_prefix_error (&error, "Starting a blob upload: ");
      g_task_return_error (task, error);
      return;
    }
  location = soup_message_headers_get_one (response->headers, "Location");
  if (location == NULL ||
      (put_uri = g_uri_parse_relative (response->uri, location,
                                       G_URI_FLAGS_ENCODED_PATH | G_URI_FLAGS_ENCODED_QUERY, NULL)) == NULL)
    {
      g_task_return_new_error (task, SIGNET_ERROR, SIGNET_ERROR_SERVER,
                               "The registry did not say where to upload the blob");
      return;
    }
  digest_q = g_uri_escape_string (s->upload_digest, NULL, FALSE);
  query = g_uri_get_query (put_uri)
            ? g_strconcat (g_uri_get_query (put_uri), "&digest=", digest_q, NULL)
            : g_strconcat ("digest=", digest_q, NULL);
  {
    GUri *with_query = g_uri_build (g_uri_get_flags (put_uri), g_uri_get_scheme (put_uri),
                                    g_uri_get_userinfo (put_uri), g_uri_get_host (put_uri),
                                    g_uri_get_port (put_uri), g_uri_get_path (put_uri), query, NULL);
    g_uri_unref (put_uri);
    put_uri = with_query;
  }
  req.method = "PUT";
  req.uri = put_uri;
  req.body = s->upload;
  req.content_type = "application/octet-stream";
  req.max_size = SIGNET_REMOTE_ERROR_MAX;
  req.scope = scope;
  req.cred_registry = signet_reference_get_registry (s->ref);
  request (g_steal_pointer (&task), &req, upload_put_cb);
}

static void
upload_blob (GTask  *task,
             GBytes *blob)
{
  Sign *s = g_task_get_task_data (task);
  g_autofree char *path = g_strdup_printf ("/v2/%s/blobs/uploads/", signet_reference_get_repository (s->ref));
  g_autofree char *scope = push_scope (s);
  g_autoptr(GUri) uri = NULL;
  GError *error = NULL;
  SignetHttpRequest req = { 0 };

  g_clear_pointer (&s->upload, g_bytes_unref);
  g_free (s->upload_digest);
  s->upload = g_bytes_ref (blob);
  s->upload_digest = bytes_digest (blob);
  if ((uri = api_uri (g_task_get_source_object (task), s, path, &error)) == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  req.method = "POST";
  req.uri = uri;
  req.body = g_bytes_new_static ("", 0);
  req.content_type = "application/octet-stream";
  req.max_size = SIGNET_REMOTE_ERROR_MAX;
  req.scope = scope;
  req.cred_registry = signet_reference_get_registry (s->ref);
  request (task, &req, upload_start_cb);
  g_bytes_unref (req.body);
}

static JsonNode *
descriptor_node (const char *media_type,
                 const char *digest,
                 gsize       size,
                 const char *signature_b64)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "mediaType");
  json_builder_add_string_value (b, media_type);
  json_builder_set_member_name (b, "digest");
  json_builder_add_string_value (b, digest);
  json_builder_set_member_name (b, "size");
  json_builder_add_int_value (b, (gint64) size);
  if (signature_b64 != NULL)
    {
      json_builder_set_member_name (b, "annotations");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, SIGNET_COSIGN_ANNOTATION_SIG);
      json_builder_add_string_value (b, signature_b64);
      json_builder_end_object (b);
    }
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static GBytes *
node_bytes (JsonNode *node)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  char *data;
  gsize len;

  json_generator_set_root (gen, node);
  data = json_generator_to_data (gen, &len);
  return g_bytes_new_take (data, len);
}

static GBytes *
build_config (JsonArray *layers)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  guint i;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "architecture");
  json_builder_add_string_value (b, "");
  json_builder_set_member_name (b, "os");
  json_builder_add_string_value (b, "");
  json_builder_set_member_name (b, "config");
  json_builder_begin_object (b);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "rootfs");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "type");
  json_builder_add_string_value (b, "layers");
  json_builder_set_member_name (b, "diff_ids");
  json_builder_begin_array (b);
  for (i = 0; i < json_array_get_length (layers); i++)
    json_builder_add_string_value (b, json_object_get_string_member_with_default (
                                          json_array_get_object_element (layers, i), "digest", ""));
  json_builder_end_array (b);
  json_builder_end_object (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return node_bytes (root);
}

static GBytes *
build_manifest (Sign *s)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "schemaVersion");
  json_builder_add_int_value (b, 2);
  json_builder_set_member_name (b, "mediaType");
  json_builder_add_string_value (b, SIGNET_MEDIA_TYPE_OCI_MANIFEST);
  json_builder_set_member_name (b, "config");
  json_builder_add_value (b, descriptor_node (OCI_CONFIG_TYPE, s->config_digest,
                                              g_bytes_get_size (s->config), NULL));
  json_builder_set_member_name (b, "layers");
  json_builder_add_value (b, json_node_init_array (json_node_alloc (), s->layers));
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return node_bytes (root);
}

static void
existing_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Sign *s = g_task_get_task_data (task);
  g_autoptr(SignetManifest) manifest = NULL;
  g_autoptr(GError) error = NULL;

  manifest = signet_remote_get_manifest_finish (SIGNET_REMOTE (object), result, &error);
  s->layers = json_array_new ();
  if (manifest != NULL)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      GBytes *body = signet_manifest_get_body (manifest);
      JsonNode *root, *layers;

      if (!json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL) ||
          (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
          ((layers = json_object_get_member (json_node_get_object (root), "layers")) != NULL &&
           !JSON_NODE_HOLDS_ARRAY (layers) && !JSON_NODE_HOLDS_NULL (layers)))
        {
          g_task_return_new_error (task, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                                   "The existing signature manifest of %s does not parse; not "
                                   "overwriting it", s->digest);
          return;
        }
      if (layers != NULL && JSON_NODE_HOLDS_ARRAY (layers))
        {
          JsonArray *arr = json_node_get_array (layers);
          guint i;

          for (i = 0; i < json_array_get_length (arr); i++)
            json_array_add_element (s->layers, json_node_copy (json_array_get_element (arr, i)));
        }
    }
  else if (!g_error_matches (error, SIGNET_ERROR, SIGNET_ERROR_NOT_FOUND))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  s->step = STEP_UPLOAD_PAYLOAD;
  sign_next (g_steal_pointer (&task));
}

static void
sign_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Sign *s = task_data;
  g_autoptr(GBytes) sig = NULL;
  g_autofree char *identity = NULL;
  GError *error = NULL;
  EVP_PKEY *pkey;

  pkey = _signet_cosign_store_load (s->trust_dir, s->key_name, s->passphrase, &error);
  if (pkey == NULL)
    {
      g_task_return_error (task, error);
      OPENSSL_thread_stop ();
      return;
    }
  identity = g_strdup_printf ("%s/%s:%s", signet_reference_get_registry (s->ref),
                              signet_reference_get_repository (s->ref),
                              signet_reference_get_tag (s->ref));
  s->payload = _signet_cosign_payload_build (identity, s->digest, "Signet " SIGNET_VERSION_S,
                                             g_get_real_time () / G_USEC_PER_SEC);
  sig = _signet_cosign_sign (pkey, s->payload, &error);
  EVP_PKEY_free (pkey);
  if (sig != NULL)
    s->signature_b64 = g_base64_encode (g_bytes_get_data (sig, NULL), g_bytes_get_size (sig));
  /* The per-thread random generators ECDSA used here would outlive the pool thread's task. */
  OPENSSL_thread_stop ();
  if (sig == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
sign_thread_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Sign *s = g_task_get_task_data (task);
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, error);
      return;
    }
  s->step = STEP_EXISTING;
  sign_next (g_steal_pointer (&task));
}

static void
resolve_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Sign *s = g_task_get_task_data (task);
  g_autoptr(SignetManifest) manifest = NULL;
  GError *error = NULL;

  manifest = signet_remote_get_manifest_finish (SIGNET_REMOTE (object), result, &error);
  if (manifest == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  s->digest = g_strdup (signet_manifest_get_digest (manifest));
  if (s->expected != NULL && !g_str_equal (s->expected, s->digest))
    {
      g_task_return_new_error (task, SIGNET_ERROR, SIGNET_ERROR_HASH_MISMATCH,
                               "The registry now serves %s for %s, not the expected %s",
                               s->digest, signet_reference_get_tag (s->ref), s->expected);
      return;
    }
  s->step = STEP_SIGN;
  sign_next (g_steal_pointer (&task));
}

static void
sign_next (GTask *task_owned)
{
  g_autoptr(GTask) task = task_owned;
  SignetRemote *remote = g_task_get_source_object (task);
  Sign *s = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  GError *error = NULL;

  switch (s->step)
    {
    case STEP_RESOLVE:
      signet_remote_get_manifest_async (remote, s->ref, TRUE, cancellable,
                                        resolve_cb, g_steal_pointer (&task));
      return;

    case STEP_SIGN:
      {
        GTask *thread = g_task_new (NULL, cancellable, sign_thread_cb,
                                    g_steal_pointer (&task));

        g_task_set_task_data (thread, s, NULL);
        g_task_run_in_thread (thread, sign_thread);
        g_object_unref (thread);
        return;
      }

    case STEP_EXISTING:
      {
        g_autofree char *tag = g_strconcat ("sha256-", s->digest + 7, ".sig", NULL);
        g_autofree char *text = g_strdup_printf ("%s/%s:%s", signet_reference_get_registry (s->ref),
                                                 signet_reference_get_repository (s->ref), tag);
        g_autoptr(SignetReference) sig_ref = signet_reference_parse (text, &error);

        if (sig_ref == NULL)
          {
            g_task_return_error (task, error);
            return;
          }
        signet_remote_get_manifest_async (remote, sig_ref, TRUE, cancellable,
                                          existing_cb, g_steal_pointer (&task));
        return;
      }

    case STEP_UPLOAD_PAYLOAD:
      {
        g_autofree char *digest = bytes_digest (s->payload);

        json_array_add_element (s->layers,
                                descriptor_node (SIGNET_COSIGN_SIMPLESIGNING_TYPE, digest,
                                                 g_bytes_get_size (s->payload), s->signature_b64));
        s->config = build_config (s->layers);
        s->config_digest = bytes_digest (s->config);
        s->step = STEP_UPLOAD_CONFIG;
        upload_blob (g_steal_pointer (&task), s->payload);
        return;
      }

    case STEP_UPLOAD_CONFIG:
      s->step = STEP_PUT_MANIFEST;
      upload_blob (g_steal_pointer (&task), s->config);
      return;

    case STEP_PUT_MANIFEST:
      {
        g_autofree char *path = g_strdup_printf ("/v2/%s/manifests/sha256-%s.sig",
                                                 signet_reference_get_repository (s->ref), s->digest + 7);
        g_autofree char *scope = push_scope (s);
        g_autoptr(GBytes) body = build_manifest (s);
        g_autoptr(GUri) uri = api_uri (remote, s, path, &error);
        SignetHttpRequest req = { 0 };

        if (uri == NULL)
          {
            g_task_return_error (task, error);
            return;
          }
        req.method = "PUT";
        req.uri = uri;
        req.body = body;
        req.content_type = SIGNET_MEDIA_TYPE_OCI_MANIFEST;
        req.max_size = SIGNET_REMOTE_ERROR_MAX;
        req.scope = scope;
        req.cred_registry = signet_reference_get_registry (s->ref);
        request (g_steal_pointer (&task), &req, put_manifest_cb);
        return;
      }
    }
}

void
signet_cosign_sign_async (SignetRemote        *remote,
                          SignetReference     *reference,
                          const char          *trust_dir,
                          const char          *key_name,
                          SignetSecret        *passphrase,
                          const char          *expected_digest,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  GTask *task;
  Sign *s;

  g_return_if_fail (SIGNET_IS_REMOTE (remote));
  g_return_if_fail (reference != NULL && key_name != NULL);

  task = g_task_new (remote, cancellable, callback, user_data);
  g_task_set_source_tag (task, signet_cosign_sign_async);
  s = g_new0 (Sign, 1);
  s->ref = signet_reference_ref (reference);
  s->trust_dir = trust_dir ? g_strdup (trust_dir) : signet_default_trust_dir ();
  s->key_name = g_strdup (key_name);
  s->passphrase = passphrase ? signet_secret_ref (passphrase) : NULL;
  s->expected = g_strdup (expected_digest);
  g_task_set_task_data (task, s, (GDestroyNotify) sign_free);
  if (signet_reference_get_tag (reference) == NULL)
    {
      g_task_return_new_error (task, SIGNET_ERROR, SIGNET_ERROR_INVALID_ARGUMENT,
                               "Sign a tag (IMAGE:TAG), not a digest or a bare repository");
      g_object_unref (task);
      return;
    }
  s->step = STEP_RESOLVE;
  sign_next (task);
}

char *
signet_cosign_sign_finish (GAsyncResult  *result,
                           GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}
