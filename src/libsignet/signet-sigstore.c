/* signet-sigstore.c: finding cosign and Notation signatures in a registry (tag scheme,
 * OCI referrers API and its tag fallback), and cosign signing in the format skopeo reads.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Facts: containers/image v5.23 docker/docker_image_dest.go (sigstore attachments:
 * OCI manifest at tag "sha256-<hex>.sig", config application/vnd.oci.image.config.v1+json
 * with rootfs.diff_ids = the layer digests, one layer per signature with the payload as
 * blob and the signature in annotations); OCI distribution spec 1.1 (referrers API,
 * referrers tag schema "sha256-<hex>").
 */

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "signet-error.h"
#include "signet-remote-private.h"
#include "signet-signatures-private.h"

#define OCI_CONFIG_TYPE "application/vnd.oci.image.config.v1+json"

/* ---- descriptors ---- */

typedef struct
{
  char       *media_type;
  char       *artifact_type;
  char       *digest;
  gint64      size;
  GHashTable *annotations;
} Descriptor;

static void
descriptor_free (Descriptor *d)
{
  if (d == NULL)
    return;
  g_free (d->media_type);
  g_free (d->artifact_type);
  g_free (d->digest);
  g_clear_pointer (&d->annotations, g_hash_table_unref);
  g_free (d);
}

static gboolean
digest_ok (const char *digest)
{
  gsize i;

  if (digest == NULL || !g_str_has_prefix (digest, "sha256:") || strlen (digest) != 71)
    return FALSE;
  for (i = 7; i < 71; i++)
    if (!g_ascii_isxdigit (digest[i]) || g_ascii_isupper (digest[i]))
      return FALSE;
  return TRUE;
}

static Descriptor *
descriptor_parse (JsonNode  *node,
                  GError   **error)
{
  JsonObject *obj;
  Descriptor *d;
  JsonNode *ann;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED, "A descriptor is not an object");
      return NULL;
    }
  obj = json_node_get_object (node);
  d = g_new0 (Descriptor, 1);
  d->media_type = g_strdup (json_object_get_string_member_with_default (obj, "mediaType", NULL));
  d->artifact_type = g_strdup (json_object_get_string_member_with_default (obj, "artifactType", NULL));
  d->digest = g_strdup (json_object_get_string_member_with_default (obj, "digest", NULL));
  d->size = json_object_get_int_member_with_default (obj, "size", -1);
  d->annotations = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (!digest_ok (d->digest) || d->size < 0)
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED,
                   "A descriptor has no sha256 digest or size");
      descriptor_free (d);
      return NULL;
    }
  if ((ann = json_object_get_member (obj, "annotations")) != NULL && JSON_NODE_HOLDS_OBJECT (ann))
    {
      JsonObjectIter iter;
      const char *key;
      JsonNode *value;

      json_object_iter_init (&iter, json_node_get_object (ann));
      while (json_object_iter_next (&iter, &key, &value))
        if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
          g_hash_table_insert (d->annotations, g_strdup (key), g_strdup (json_node_get_string (value)));
    }
  return d;
}

/* The descriptors in @member ("layers" or "manifests") of the JSON document @body. */
static GPtrArray *
descriptors_parse (GBytes      *body,
                   const char  *member,
                   JsonObject **config_out,
                   JsonParser  *parser,
                   GError     **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) descriptor_free);
  JsonNode *root, *list;
  guint i;

  if (!json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), error))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED, "The document is not a JSON object");
      return NULL;
    }
  list = json_object_get_member (json_node_get_object (root), member);
  if (config_out != NULL)
    {
      JsonNode *config = json_object_get_member (json_node_get_object (root), "config");

      *config_out = config && JSON_NODE_HOLDS_OBJECT (config) ? json_node_get_object (config) : NULL;
    }
  if (list == NULL || JSON_NODE_HOLDS_NULL (list))
    return g_steal_pointer (&out);
  if (!JSON_NODE_HOLDS_ARRAY (list))
    {
      g_set_error (error, SIGNET_ERROR, SIGNET_ERROR_MALFORMED, "“%s” is not an array", member);
      return NULL;
    }
  for (i = 0; i < json_array_get_length (json_node_get_array (list)); i++)
    {
      Descriptor *d;

      if (i >= SIGNET_SIGNATURES_MAX)
        break;
      if ((d = descriptor_parse (json_array_get_element (json_node_get_array (list), i), error)) == NULL)
        return NULL;
      g_ptr_array_add (out, d);
    }
  return g_steal_pointer (&out);
}

/* ---- blobs ---- */

typedef struct
{
  char *digest;
} BlobData;

static void
blob_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  char *digest = g_task_get_task_data (task);
  g_autoptr(SignetHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *hex = NULL;

  response = _signet_remote_request_finish (SIGNET_REMOTE (object), result, &error);
  if (response == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  hex = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, response->body);
  if (!g_str_equal (hex, digest + 7))
    {
      g_task_return_new_error (task, SIGNET_ERROR, SIGNET_ERROR_HASH_MISMATCH,
                               "The blob %s from the registry has digest sha256:%s", digest, hex);
      return;
    }
  g_task_return_pointer (task, g_bytes_ref (response->body), (GDestroyNotify) g_bytes_unref);
}

static GUri *
registry_uri (SignetRemote     *remote,
              SignetReference  *ref,
              const char       *path,
              GError          **error)
{
  g_autofree char *base = _signet_remote_registry_base (remote, signet_reference_get_registry (ref), error);
  g_autofree char *url = NULL;

  if (base == NULL)
    return NULL;
  url = g_strconcat (base, path, NULL);
  return g_uri_parse (url, G_URI_FLAGS_ENCODED_PATH | G_URI_FLAGS_ENCODED_QUERY, error);
}

static void
fetch_blob_async (SignetRemote        *remote,
                  SignetReference     *ref,
                  const char          *digest,
                  gsize                max_size,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  GTask *task = g_task_new (remote, cancellable, callback, user_data);
  g_autofree char *path = g_strdup_printf ("/v2/%s/blobs/%s", signet_reference_get_repository (ref), digest);
  g_autofree char *scope = g_strdup_printf ("repository:%s:pull", signet_reference_get_repository (ref));
  g_autoptr(GUri) uri = NULL;
  GError *error = NULL;
  SignetHttpRequest req = { 0 };

  g_task_set_task_data (task, g_strdup (digest), g_free);
  if ((uri = registry_uri (remote, ref, path, &error)) == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  req.method = "GET";
  req.uri = uri;
  req.max_size = max_size;
  req.scope = scope;
  req.cred_registry = signet_reference_get_registry (ref);
  _signet_remote_request_async (remote, &req, cancellable, blob_cb, task);
}

static GBytes *
fetch_blob_finish (GAsyncResult  *result,
                   GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* "registry/repository" + "@digest" or ":tag" */
static SignetReference *
sibling_reference (SignetReference  *ref,
                   const char       *sep,
                   const char       *what,
                   GError          **error)
{
  g_autofree char *text = g_strdup_printf ("%s/%s%s%s", signet_reference_get_registry (ref),
                                           signet_reference_get_repository (ref), sep, what);

  return signet_reference_parse (text, error);
}

/* ---- discovery ---- */

typedef enum
{
  JOB_SIG_MANIFEST,     /* a cosign .sig manifest (tag or referrer) to fetch and expand */
  JOB_NOTATION_MANIFEST,
  JOB_COSIGN_BLOB,
  JOB_NOTATION_BLOB,
} JobKind;

typedef struct
{
  JobKind     kind;
  char       *source;
  char       *artifact_digest;   /* manifest digest (or NULL for the tag) */
  Descriptor *desc;              /* the layer, for blobs */
} Job;

static void
job_free (Job *job)
{
  g_free (job->source);
  g_free (job->artifact_digest);
  g_clear_pointer (&job->desc, descriptor_free);
  g_free (job);
}

typedef struct
{
  SignetReference *ref;
  char            *trust_dir;
  char            *digest;
  GQueue           jobs;
  GPtrArray       *signatures;
  GPtrArray       *notes;
  /* blobs fetched: parallel arrays of (Job*, GBytes* or NULL, GError* or NULL) */
  GPtrArray       *done_jobs;
  GPtrArray       *done_blobs;
  guint            step;
} Discover;

static void
discover_free (Discover *d)
{
  g_clear_pointer (&d->ref, signet_reference_unref);
  g_free (d->trust_dir);
  g_free (d->digest);
  g_queue_clear_full (&d->jobs, (GDestroyNotify) job_free);
  g_clear_pointer (&d->signatures, g_ptr_array_unref);
  g_clear_pointer (&d->notes, g_ptr_array_unref);
  g_clear_pointer (&d->done_jobs, g_ptr_array_unref);
  g_clear_pointer (&d->done_blobs, g_ptr_array_unref);
  g_free (d);
}

static void discover_next (GTask *task);

static void
malformed (Discover   *d,
           JobKind     kind,
           const char *source,
           const char *artifact,
           const char *message)
{
  SignetImageSignature *sig = _signet_image_signature_new (
      kind == JOB_NOTATION_MANIFEST || kind == JOB_NOTATION_BLOB ? SIGNET_SIGNATURE_KIND_NOTATION
                                                                 : SIGNET_SIGNATURE_KIND_COSIGN,
      source, artifact);

  _signet_image_signature_set_status (sig, SIGNET_SIGNATURE_STATUS_MALFORMED, "%s", message);
  g_ptr_array_add (d->signatures, sig);
}

static void
push_job (Discover   *d,
          JobKind     kind,
          const char *source,
          const char *artifact,
          Descriptor *desc)
{
  Job *job = g_new0 (Job, 1);

  job->kind = kind;
  job->source = g_strdup (source);
  job->artifact_digest = g_strdup (artifact);
  job->desc = desc;
  g_queue_push_tail (&d->jobs, job);
}

/* A fetched artifact manifest: queue its layers. */
static void
expand_manifest (Discover       *d,
                 Job            *job,
                 SignetManifest *manifest)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) layers = NULL;
  g_autoptr(GError) error = NULL;
  const char *artifact = signet_manifest_get_digest (manifest);
  gboolean notation = job->kind == JOB_NOTATION_MANIFEST;
  guint i;

  layers = descriptors_parse (signet_manifest_get_body (manifest), "layers", NULL, parser, &error);
  if (layers == NULL)
    {
      g_autofree char *msg = g_strdup_printf ("The signature manifest %s does not parse: %s",
                                              artifact, error->message);
      malformed (d, job->kind, job->source, artifact, msg);
      return;
    }
  if (layers->len == 0)
    {
      malformed (d, job->kind, job->source, artifact, "The signature manifest has no layers");
      return;
    }
  for (i = 0; i < layers->len; i++)
    {
      Descriptor *layer = g_ptr_array_index (layers, i);
      gsize cap = notation ? SIGNET_NOTATION_ENVELOPE_MAX : SIGNET_COSIGN_PAYLOAD_MAX;

      if (layer->size > (gint64) cap)
        {
          g_autofree char *msg = g_strdup_printf ("The signature layer %s is %" G_GINT64_FORMAT
                                                  " bytes, over the %" G_GSIZE_FORMAT "-byte limit",
                                                  layer->digest, layer->size, cap);
          malformed (d, job->kind, job->source, notation ? artifact : layer->digest, msg);
          continue;
        }
      if (notation && g_strcmp0 (layer->media_type, SIGNET_NOTATION_MEDIA_JWS) != 0 &&
          g_strcmp0 (layer->media_type, SIGNET_NOTATION_MEDIA_COSE) != 0)
        continue;
      push_job (d, notation ? JOB_NOTATION_BLOB : JOB_COSIGN_BLOB, job->source, artifact,
                g_steal_pointer (&layers->pdata[i]));
    }
}

static void
job_manifest_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Discover *d = g_task_get_task_data (task);
  Job *job = g_queue_pop_head (&d->jobs);
  g_autoptr(SignetManifest) manifest = NULL;
  g_autoptr(GError) error = NULL;

  manifest = signet_remote_get_manifest_finish (SIGNET_REMOTE (object), result, &error);
  if (manifest == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          job_free (job);
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      if (job->artifact_digest == NULL && g_error_matches (error, SIGNET_ERROR, SIGNET_ERROR_NOT_FOUND))
        ; /* no cosign tag: no signatures that way */
      else
        {
          g_autofree char *msg = g_strdup_printf ("The signature manifest could not be read: %s",
                                                  error->message);
          malformed (d, job->kind, job->source, job->artifact_digest, msg);
        }
    }
  else
    expand_manifest (d, job, manifest);
  job_free (job);
  discover_next (g_steal_pointer (&task));
}

static void
job_blob_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Discover *d = g_task_get_task_data (task);
  Job *job = g_queue_pop_head (&d->jobs);
  g_autoptr(GError) error = NULL;
  GBytes *blob;

  blob = fetch_blob_finish (result, &error);
  if (blob == NULL)
    {
      g_autofree char *msg = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          job_free (job);
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      msg = g_strdup_printf ("The signature blob %s could not be read: %s", job->desc->digest,
                             error->message);
      malformed (d, job->kind, job->source,
                 job->kind == JOB_COSIGN_BLOB ? job->desc->digest : job->artifact_digest, msg);
      job_free (job);
    }
  else
    {
      g_ptr_array_add (d->done_jobs, job);
      g_ptr_array_add (d->done_blobs, blob);
    }
  discover_next (g_steal_pointer (&task));
}

static void
check_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Discover *d = task_data;
  g_autoptr(GPtrArray) trusted = _signet_cosign_store_list (d->trust_dir, d->notes);
  g_autoptr(GPtrArray) cosign = g_ptr_array_new_with_free_func ((GDestroyNotify) signet_image_signature_unref);
  g_autoptr(GPtrArray) notation = g_ptr_array_new_with_free_func ((GDestroyNotify) signet_image_signature_unref);
  guint i;

  for (i = 0; i < d->done_jobs->len; i++)
    {
      Job *job = g_ptr_array_index (d->done_jobs, i);
      GBytes *blob = g_ptr_array_index (d->done_blobs, i);

      if (job->kind == JOB_COSIGN_BLOB)
        g_ptr_array_add (cosign, _signet_cosign_check_layer (job->source, job->desc->digest,
                                                             job->desc->media_type, blob,
                                                             job->desc->annotations, d->digest,
                                                             trusted));
      else
        {
          g_autoptr(GError) error = NULL;
          SignetImageSignature *sig = _signet_notation_parse (job->source, job->artifact_digest,
                                                              job->desc->media_type, blob,
                                                              d->digest, &error);
          if (sig == NULL)
            {
              sig = _signet_image_signature_new (SIGNET_SIGNATURE_KIND_NOTATION, job->source,
                                                 job->artifact_digest);
              _signet_image_signature_set_status (sig, SIGNET_SIGNATURE_STATUS_MALFORMED, "%s",
                                                  error->message);
            }
          g_ptr_array_add (notation, sig);
        }
    }
  /* malformed artifacts found while fetching */
  for (i = 0; i < d->signatures->len; i++)
    {
      SignetImageSignature *sig = g_ptr_array_index (d->signatures, i);

      g_ptr_array_add (sig->kind == SIGNET_SIGNATURE_KIND_COSIGN ? cosign : notation,
                       signet_image_signature_ref (sig));
    }
  g_ptr_array_extend_and_steal (cosign, g_steal_pointer (&notation));
  g_ptr_array_add (d->notes, NULL);
  g_task_return_pointer (task,
                         _signet_signature_report_new (d->digest, cosign,
                                                       (GStrv) g_ptr_array_steal (d->notes, NULL)),
                         (GDestroyNotify) signet_signature_report_unref);
}

static void referrers_cb (GObject *object, GAsyncResult *result, gpointer user_data);

static void
referrers_index (Discover   *d,
                 GBytes     *body,
                 const char *source)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  guint i;

  list = descriptors_parse (body, "manifests", NULL, parser, &error);
  if (list == NULL)
    {
      g_ptr_array_add (d->notes, g_strdup_printf ("The referrers index (%s) does not parse: %s",
                                                  source, error->message));
      return;
    }
  for (i = 0; i < list->len; i++)
    {
      Descriptor *desc = g_ptr_array_index (list, i);
      const char *type = desc->artifact_type;

      if (g_strcmp0 (type, SIGNET_NOTATION_ARTIFACT_TYPE) == 0)
        push_job (d, JOB_NOTATION_MANIFEST, source, desc->digest, NULL);
      else if (g_strcmp0 (type, SIGNET_COSIGN_ARTIFACT_TYPE) == 0 ||
               g_strcmp0 (type, SIGNET_COSIGN_SIMPLESIGNING_TYPE) == 0)
        push_job (d, JOB_SIG_MANIFEST, source, desc->digest, NULL);
    }
}

static void
referrers_tag_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Discover *d = g_task_get_task_data (task);
  g_autoptr(SignetManifest) manifest = NULL;
  g_autoptr(GError) error = NULL;

  manifest = signet_remote_get_manifest_finish (SIGNET_REMOTE (object), result, &error);
  if (manifest != NULL)
    referrers_index (d, signet_manifest_get_body (manifest), SIGNET_SIGNATURE_SOURCE_REFERRERS_TAG);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  else if (!g_error_matches (error, SIGNET_ERROR, SIGNET_ERROR_NOT_FOUND))
    g_ptr_array_add (d->notes, g_strdup_printf ("The referrers tag could not be read: %s",
                                                error->message));
  discover_next (g_steal_pointer (&task));
}

static void
referrers_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Discover *d = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autoptr(SignetHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  response = _signet_remote_request_finish (SIGNET_REMOTE (object), result, &error);
  if (response != NULL)
    {
      referrers_index (d, response->body, SIGNET_SIGNATURE_SOURCE_REFERRERS);
      discover_next (g_steal_pointer (&task));
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (g_error_matches (error, SIGNET_ERROR, SIGNET_ERROR_NOT_FOUND))
    {
      /* No referrers API: the referrers tag schema (sha256-<hex>). */
      g_autofree char *tag = g_strconcat ("sha256-", d->digest + 7, NULL);
      g_autoptr(SignetReference) fallback = NULL;
      g_autoptr(GError) ref_error = NULL;

      g_ptr_array_add (d->notes, g_strdup ("The registry has no referrers API; the referrers tag "
                                           "schema was used instead"));
      fallback = sibling_reference (d->ref, ":", tag, &ref_error);
      if (fallback == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&ref_error));
          return;
        }
      signet_remote_get_manifest_async (SIGNET_REMOTE (object), fallback, TRUE,
                                        cancellable, referrers_tag_cb,
                                        g_steal_pointer (&task));
      return;
    }
  g_ptr_array_add (d->notes, g_strdup_printf ("The referrers API failed: %s", error->message));
  discover_next (g_steal_pointer (&task));
}

static void
discover_next (GTask *task_owned)
{
  g_autoptr(GTask) task = task_owned;
  SignetRemote *remote = g_task_get_source_object (task);
  Discover *d = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autoptr(GError) error = NULL;
  Job *job;

  if (d->step == 1)
    {
      /* the cosign tag scheme */
      g_autofree char *tag = g_strconcat ("sha256-", d->digest + 7, ".sig", NULL);
      g_autoptr(SignetReference) sig_ref = sibling_reference (d->ref, ":", tag, &error);

      d->step = 2;
      if (sig_ref == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      push_job (d, JOB_SIG_MANIFEST, SIGNET_SIGNATURE_SOURCE_TAG, NULL, NULL);
      signet_remote_get_manifest_async (remote, sig_ref, TRUE, cancellable,
                                        job_manifest_cb, g_steal_pointer (&task));
      return;
    }
  if (d->step == 2)
    {
      g_autofree char *path = g_strdup_printf ("/v2/%s/referrers/%s",
                                               signet_reference_get_repository (d->ref), d->digest);
      g_autofree char *scope = g_strdup_printf ("repository:%s:pull",
                                                signet_reference_get_repository (d->ref));
      g_autoptr(GUri) uri = NULL;
      SignetHttpRequest req = { 0 };

      /* The tag-scheme jobs go first; referrers after them. */
      if (!g_queue_is_empty (&d->jobs))
        goto run_job;
      d->step = 3;
      if ((uri = registry_uri (remote, d->ref, path, &error)) == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      req.method = "GET";
      req.uri = uri;
      req.accept = SIGNET_MEDIA_TYPE_OCI_INDEX;
      req.max_size = SIGNET_REMOTE_MANIFEST_MAX;
      req.scope = scope;
      req.cred_registry = signet_reference_get_registry (d->ref);
      _signet_remote_request_async (remote, &req, cancellable, referrers_cb,
                                    g_steal_pointer (&task));
      return;
    }

run_job:
  job = g_queue_peek_head (&d->jobs);
  if (job == NULL)
    {
      g_task_run_in_thread (task, check_thread);
      return;
    }
  if (job->kind == JOB_SIG_MANIFEST || job->kind == JOB_NOTATION_MANIFEST)
    {
      g_autoptr(SignetReference) ref = sibling_reference (d->ref, "@", job->artifact_digest, &error);

      if (ref == NULL)
        {
          g_queue_pop_head (&d->jobs);
          malformed (d, job->kind, job->source, job->artifact_digest, error->message);
          job_free (job);
          discover_next (g_steal_pointer (&task));
          return;
        }
      signet_remote_get_manifest_async (remote, ref, TRUE, cancellable,
                                        job_manifest_cb, g_steal_pointer (&task));
      return;
    }
  fetch_blob_async (remote, d->ref, job->desc->digest,
                    job->kind == JOB_NOTATION_BLOB ? SIGNET_NOTATION_ENVELOPE_MAX : SIGNET_COSIGN_PAYLOAD_MAX,
                    cancellable, job_blob_cb, g_steal_pointer (&task));
}

static void
resolve_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Discover *d = g_task_get_task_data (task);
  g_autoptr(SignetManifest) manifest = NULL;
  GError *error = NULL;

  manifest = signet_remote_get_manifest_finish (SIGNET_REMOTE (object), result, &error);
  if (manifest == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  d->digest = g_strdup (signet_manifest_get_digest (manifest));
  d->step = 1;
  discover_next (g_steal_pointer (&task));
}

void
signet_signatures_discover_async (SignetRemote        *remote,
                                  SignetReference     *reference,
                                  const char          *trust_dir,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  GTask *task;
  Discover *d;

  g_return_if_fail (SIGNET_IS_REMOTE (remote));
  g_return_if_fail (reference != NULL);

  task = g_task_new (remote, cancellable, callback, user_data);
  g_task_set_source_tag (task, signet_signatures_discover_async);
  d = g_new0 (Discover, 1);
  d->ref = signet_reference_ref (reference);
  d->trust_dir = trust_dir ? g_strdup (trust_dir) : signet_default_trust_dir ();
  g_queue_init (&d->jobs);
  d->signatures = g_ptr_array_new_with_free_func ((GDestroyNotify) signet_image_signature_unref);
  d->notes = g_ptr_array_new_with_free_func (g_free);
  d->done_jobs = g_ptr_array_new_with_free_func ((GDestroyNotify) job_free);
  d->done_blobs = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_task_set_task_data (task, d, (GDestroyNotify) discover_free);

  /* Always ask the registry: the digest it serves for the reference is what is checked. */
  signet_remote_get_manifest_async (remote, reference, FALSE, cancellable, resolve_cb, task);
}

SignetSignatureReport *
signet_signatures_discover_finish (GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
