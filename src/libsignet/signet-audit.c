/* signet-audit.c: checks images as `docker pull` with DOCKER_CONTENT_TRUST=1 would.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What docker does (docker/cli cli/command/image/{pull,trust}.go): a reference with a
 * digest is pulled as it is, without trust; otherwise the tag ("latest" when none) is
 * looked up in targets/releases, then targets, of the verified trust data, and the image
 * is pulled by the signed digest. So a pull works when the tag is signed in one of those
 * roles, the trust data verifies, and the registry still serves the signed manifest.
 *
 * Each image: HEAD its manifest (the digest served now), load the trust data of its
 * repository (once per GUN for the whole run, so two tags of one repository never update
 * the same cache at once), look the tag up in the summary, and HEAD the signed digest
 * when it is not the one the tag points at now. When the trust data is missing, a GET of
 * the server's /_notary_server/health tells "no trust data" from "no trust server".
 */

#include "config.h"

#include <string.h>

#include "signet-audit-private.h"
#include "signet-error.h"
#include "signet-remote-private.h"
#include "signet-repository-private.h"
#include "signet-trust-summary-private.h"

#define DEFAULT_PARALLEL 4
#define MAX_PARALLEL     64
#define HEALTH_MAX_SIZE  (64 * 1024)

/* ---- Result --------------------------------------------------------------------------- */

struct _SignetAuditResult
{
  GObject              parent_instance;

  char                *reference;
  char                *origin;
  char                *service;
  char                *registry;
  char                *repository;
  char                *tag;
  char                *pinned_digest;
  char                *gun;

  SignetAuditRegistry  registry_state;
  char                *registry_message;
  char                *current_digest;

  SignetAuditTrust     trust;
  char                *trust_message;
  char                *signed_digest;
  GStrv                signers;
  gint64               expires;

  gboolean             digest_differs;
  gboolean             would_pull;
  GPtrArray           *warnings;      /* char*, NULL-terminated */
};

G_DEFINE_FINAL_TYPE (SignetAuditResult, signet_audit_result, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (SignetAuditTrust, signet_audit_trust,
                    G_DEFINE_ENUM_VALUE (SIGNET_AUDIT_TRUST_SIGNED, "signed"),
                    G_DEFINE_ENUM_VALUE (SIGNET_AUDIT_TRUST_UNSIGNED, "unsigned"),
                    G_DEFINE_ENUM_VALUE (SIGNET_AUDIT_TRUST_INVALID, "invalid"),
                    G_DEFINE_ENUM_VALUE (SIGNET_AUDIT_TRUST_NO_SERVER, "no-server"),
                    G_DEFINE_ENUM_VALUE (SIGNET_AUDIT_TRUST_UNREACHABLE, "unreachable"),
                    G_DEFINE_ENUM_VALUE (SIGNET_AUDIT_TRUST_ERROR, "error"))

G_DEFINE_ENUM_TYPE (SignetAuditRegistry, signet_audit_registry,
                    G_DEFINE_ENUM_VALUE (SIGNET_AUDIT_REGISTRY_OK, "ok"),
                    G_DEFINE_ENUM_VALUE (SIGNET_AUDIT_REGISTRY_NOT_FOUND, "not-found"),
                    G_DEFINE_ENUM_VALUE (SIGNET_AUDIT_REGISTRY_UNREACHABLE, "unreachable"),
                    G_DEFINE_ENUM_VALUE (SIGNET_AUDIT_REGISTRY_ERROR, "error"))

enum {
  PROP_0,
  PROP_REFERENCE,
  PROP_ORIGIN,
  PROP_SERVICE,
  PROP_REGISTRY,
  PROP_REPOSITORY,
  PROP_TAG,
  PROP_PINNED_DIGEST,
  PROP_GUN,
  PROP_REGISTRY_STATE,
  PROP_REGISTRY_MESSAGE,
  PROP_CURRENT_DIGEST,
  PROP_TRUST,
  PROP_TRUST_MESSAGE,
  PROP_SIGNED_DIGEST,
  PROP_SIGNERS,
  PROP_EXPIRES,
  PROP_DIGEST_DIFFERS,
  PROP_WOULD_PULL,
  PROP_WARNINGS,
  N_PROPS,
};

static GParamSpec *properties[N_PROPS];

static void
signet_audit_result_finalize (GObject *object)
{
  SignetAuditResult *self = SIGNET_AUDIT_RESULT (object);

  g_clear_pointer (&self->reference, g_free);
  g_clear_pointer (&self->origin, g_free);
  g_clear_pointer (&self->service, g_free);
  g_clear_pointer (&self->registry, g_free);
  g_clear_pointer (&self->repository, g_free);
  g_clear_pointer (&self->tag, g_free);
  g_clear_pointer (&self->pinned_digest, g_free);
  g_clear_pointer (&self->gun, g_free);
  g_clear_pointer (&self->registry_message, g_free);
  g_clear_pointer (&self->current_digest, g_free);
  g_clear_pointer (&self->trust_message, g_free);
  g_clear_pointer (&self->signed_digest, g_free);
  g_clear_pointer (&self->signers, g_strfreev);
  g_clear_pointer (&self->warnings, g_ptr_array_unref);

  G_OBJECT_CLASS (signet_audit_result_parent_class)->finalize (object);
}

static void
signet_audit_result_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  SignetAuditResult *self = SIGNET_AUDIT_RESULT (object);

  switch (prop_id)
    {
    case PROP_REFERENCE:        g_value_set_string (value, self->reference); break;
    case PROP_ORIGIN:           g_value_set_string (value, self->origin); break;
    case PROP_SERVICE:          g_value_set_string (value, self->service); break;
    case PROP_REGISTRY:         g_value_set_string (value, self->registry); break;
    case PROP_REPOSITORY:       g_value_set_string (value, self->repository); break;
    case PROP_TAG:              g_value_set_string (value, self->tag); break;
    case PROP_PINNED_DIGEST:    g_value_set_string (value, self->pinned_digest); break;
    case PROP_GUN:              g_value_set_string (value, self->gun); break;
    case PROP_REGISTRY_STATE:   g_value_set_enum (value, self->registry_state); break;
    case PROP_REGISTRY_MESSAGE: g_value_set_string (value, self->registry_message); break;
    case PROP_CURRENT_DIGEST:   g_value_set_string (value, self->current_digest); break;
    case PROP_TRUST:            g_value_set_enum (value, self->trust); break;
    case PROP_TRUST_MESSAGE:    g_value_set_string (value, self->trust_message); break;
    case PROP_SIGNED_DIGEST:    g_value_set_string (value, self->signed_digest); break;
    case PROP_SIGNERS:
      g_value_set_boxed (value, signet_audit_result_get_signers (self));
      break;
    case PROP_EXPIRES:          g_value_set_int64 (value, self->expires); break;
    case PROP_DIGEST_DIFFERS:   g_value_set_boolean (value, self->digest_differs); break;
    case PROP_WOULD_PULL:       g_value_set_boolean (value, self->would_pull); break;
    case PROP_WARNINGS:
      g_value_set_boxed (value, self->warnings->pdata);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static GParamSpec *
string_property (const char *name)
{
  return g_param_spec_string (name, NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
}

static void
signet_audit_result_class_init (SignetAuditResultClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = signet_audit_result_finalize;
  object_class->get_property = signet_audit_result_get_property;

  properties[PROP_REFERENCE] = string_property ("reference");
  properties[PROP_ORIGIN] = string_property ("origin");
  properties[PROP_SERVICE] = string_property ("service");
  properties[PROP_REGISTRY] = string_property ("registry");
  properties[PROP_REPOSITORY] = string_property ("repository");
  properties[PROP_TAG] = string_property ("tag");
  properties[PROP_PINNED_DIGEST] = string_property ("pinned-digest");
  properties[PROP_GUN] = string_property ("gun");
  properties[PROP_REGISTRY_STATE] =
    g_param_spec_enum ("registry-state", NULL, NULL, SIGNET_TYPE_AUDIT_REGISTRY,
                       SIGNET_AUDIT_REGISTRY_ERROR, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_REGISTRY_MESSAGE] = string_property ("registry-message");
  properties[PROP_CURRENT_DIGEST] = string_property ("current-digest");
  properties[PROP_TRUST] =
    g_param_spec_enum ("trust", NULL, NULL, SIGNET_TYPE_AUDIT_TRUST, SIGNET_AUDIT_TRUST_ERROR,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TRUST_MESSAGE] = string_property ("trust-message");
  properties[PROP_SIGNED_DIGEST] = string_property ("signed-digest");
  properties[PROP_SIGNERS] =
    g_param_spec_boxed ("signers", NULL, NULL, G_TYPE_STRV,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_EXPIRES] =
    g_param_spec_int64 ("expires", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DIGEST_DIFFERS] =
    g_param_spec_boolean ("digest-differs", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_WOULD_PULL] =
    g_param_spec_boolean ("would-pull", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_WARNINGS] =
    g_param_spec_boxed ("warnings", NULL, NULL, G_TYPE_STRV,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
signet_audit_result_init (SignetAuditResult *self)
{
  self->warnings = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->warnings, NULL);
  self->trust = SIGNET_AUDIT_TRUST_ERROR;
  self->registry_state = SIGNET_AUDIT_REGISTRY_ERROR;
}

static void
result_add_warning (SignetAuditResult *self,
                    const char        *warning)
{
  for (guint i = 0; i + 1 < self->warnings->len; i++)
    if (g_str_equal (g_ptr_array_index (self->warnings, i), warning))
      return;

  g_ptr_array_insert (self->warnings, self->warnings->len - 1, g_strdup (warning));
}

#define DEFINE_STRING_GETTER(field) \
  const char * \
  signet_audit_result_get_##field (SignetAuditResult *self) \
  { \
    g_return_val_if_fail (SIGNET_IS_AUDIT_RESULT (self), NULL); \
    return self->field; \
  }

DEFINE_STRING_GETTER (reference)
DEFINE_STRING_GETTER (origin)
DEFINE_STRING_GETTER (service)
DEFINE_STRING_GETTER (registry)
DEFINE_STRING_GETTER (repository)
DEFINE_STRING_GETTER (tag)
DEFINE_STRING_GETTER (pinned_digest)
DEFINE_STRING_GETTER (gun)
DEFINE_STRING_GETTER (registry_message)
DEFINE_STRING_GETTER (current_digest)
DEFINE_STRING_GETTER (trust_message)
DEFINE_STRING_GETTER (signed_digest)

SignetAuditRegistry
signet_audit_result_get_registry_state (SignetAuditResult *self)
{
  g_return_val_if_fail (SIGNET_IS_AUDIT_RESULT (self), SIGNET_AUDIT_REGISTRY_ERROR);
  return self->registry_state;
}

SignetAuditTrust
signet_audit_result_get_trust (SignetAuditResult *self)
{
  g_return_val_if_fail (SIGNET_IS_AUDIT_RESULT (self), SIGNET_AUDIT_TRUST_ERROR);
  return self->trust;
}

const char * const *
signet_audit_result_get_signers (SignetAuditResult *self)
{
  static const char * const none[] = { NULL };

  g_return_val_if_fail (SIGNET_IS_AUDIT_RESULT (self), NULL);
  return self->signers != NULL ? (const char * const *) self->signers : none;
}

gint64
signet_audit_result_get_expires (SignetAuditResult *self)
{
  g_return_val_if_fail (SIGNET_IS_AUDIT_RESULT (self), 0);
  return self->expires;
}

gboolean
signet_audit_result_get_digest_differs (SignetAuditResult *self)
{
  g_return_val_if_fail (SIGNET_IS_AUDIT_RESULT (self), FALSE);
  return self->digest_differs;
}

gboolean
signet_audit_result_get_would_pull (SignetAuditResult *self)
{
  g_return_val_if_fail (SIGNET_IS_AUDIT_RESULT (self), FALSE);
  return self->would_pull;
}

const char * const *
signet_audit_result_get_warnings (SignetAuditResult *self)
{
  g_return_val_if_fail (SIGNET_IS_AUDIT_RESULT (self), NULL);
  return (const char * const *) self->warnings->pdata;
}

const char *
signet_audit_trust_to_string (SignetAuditTrust trust)
{
  switch (trust)
    {
    case SIGNET_AUDIT_TRUST_SIGNED:      return "signed";
    case SIGNET_AUDIT_TRUST_UNSIGNED:    return "unsigned";
    case SIGNET_AUDIT_TRUST_INVALID:     return "invalid";
    case SIGNET_AUDIT_TRUST_NO_SERVER:   return "no-server";
    case SIGNET_AUDIT_TRUST_UNREACHABLE: return "unreachable";
    case SIGNET_AUDIT_TRUST_ERROR:       return "error";
    default:                             break;
    }
  g_return_val_if_reached ("error");
}

const char *
signet_audit_registry_to_string (SignetAuditRegistry registry)
{
  switch (registry)
    {
    case SIGNET_AUDIT_REGISTRY_OK:          return "ok";
    case SIGNET_AUDIT_REGISTRY_NOT_FOUND:   return "not-found";
    case SIGNET_AUDIT_REGISTRY_UNREACHABLE: return "unreachable";
    case SIGNET_AUDIT_REGISTRY_ERROR:       return "error";
    default:                                break;
    }
  g_return_val_if_reached ("error");
}

/* ---- Run state ------------------------------------------------------------------------ */

typedef struct _Run   Run;
typedef struct _Check Check;

/* The trust data of one GUN, loaded once per run. */
typedef struct
{
  Run                *run;
  char               *gun;
  char               *registry;
  gboolean            done;
  SignetRepository   *repo;       /* on success */
  SignetTrustSummary *summary;    /* on success */
  SignetAuditTrust    failure;    /* when repo is NULL */
  char               *message;    /* when repo is NULL */
  GPtrArray          *waiters;    /* Check* */
} TrustEntry;

struct _Run
{
  SignetRemote            *remote;
  char                    *trust_dir;
  gint64                   now;
  GPtrArray               *inputs;        /* SignetAuditInput* (copies) */
  GPtrArray               *results;       /* SignetAuditResult*, by input index */
  guint                    max_parallel;
  guint                    next;
  guint                    n_running;
  guint                    n_done;
  GHashTable              *trust;         /* gun -> TrustEntry* */
  SignetAuditProgressFunc  progress;
  gpointer                 progress_data;
  GDestroyNotify           progress_data_destroy;
  GCancellable            *cancellable;
};

struct _Check
{
  GTask             *task;      /* the run's task (a reference) */
  Run               *run;
  guint              index;
  SignetAuditResult *result;
  SignetReference   *ref;
};

static void
object_unref0 (gpointer object)
{
  if (object != NULL)
    g_object_unref (object);
}

static void
trust_entry_free (TrustEntry *entry)
{
  g_free (entry->gun);
  g_free (entry->registry);
  g_clear_object (&entry->repo);
  g_clear_object (&entry->summary);
  g_free (entry->message);
  g_clear_pointer (&entry->waiters, g_ptr_array_unref);
  g_free (entry);
}

static void
run_free (Run *run)
{
  g_clear_object (&run->remote);
  g_free (run->trust_dir);
  g_clear_pointer (&run->inputs, g_ptr_array_unref);
  g_clear_pointer (&run->results, g_ptr_array_unref);
  g_clear_pointer (&run->trust, g_hash_table_unref);
  if (run->progress_data_destroy != NULL)
    run->progress_data_destroy (run->progress_data);
  g_clear_object (&run->cancellable);
  g_free (run);
}

static void
check_free (Check *check)
{
  g_clear_object (&check->result);
  g_clear_pointer (&check->ref, signet_reference_unref);
  g_clear_object (&check->task);
  g_free (check);
}

static void pump (GTask *task);

static void
check_done (Check *check)
{
  Run *run = check->run;
  g_autoptr(GTask) task = g_object_ref (check->task);
  SignetAuditResult *result = check->result;

  g_ptr_array_index (run->results, check->index) = g_object_ref (result);
  run->n_running--;
  run->n_done++;

  if (run->progress != NULL && !g_cancellable_is_cancelled (run->cancellable))
    run->progress (result, run->n_done, run->inputs->len, run->progress_data);

  check_free (check);
  pump (task);
}

static gboolean
check_done_idle (gpointer data)
{
  check_done (data);
  return G_SOURCE_REMOVE;
}

static char *
hex_to_digest (const char *hex)
{
  return hex != NULL ? g_strconcat ("sha256:", hex, NULL) : NULL;
}

/* ---- Step 4: is the signed manifest still there? --------------------------------------- */

static void
signed_manifest_cb (GObject      *source,
                    GAsyncResult *res,
                    gpointer      user_data)
{
  Check *check = user_data;
  SignetAuditResult *result = check->result;
  g_autoptr(GError) error = NULL;
  g_autoptr(SignetManifest) manifest = NULL;

  manifest = signet_remote_get_manifest_finish (SIGNET_REMOTE (source), res, &error);
  if (manifest != NULL)
    result->would_pull = TRUE;
  else if (g_error_matches (error, SIGNET_ERROR, SIGNET_ERROR_NOT_FOUND))
    result_add_warning (result, "The registry no longer has the signed manifest, so a "
                        "trusted pull fails: push and sign the tag again");
  else
    {
      g_autofree char *warning = g_strdup_printf ("The signed manifest could not be checked: %s",
                                                  error->message);

      result_add_warning (result, warning);
    }

  check_done (check);
}

/* ---- Step 3: classify with the trust data ---------------------------------------------- */

static SignetTrustTag *
find_released_digest (SignetTrustSummary *summary,
                      const char         *hex)
{
  GListModel *tags = signet_trust_summary_get_tags (summary);
  guint n = g_list_model_get_n_items (tags);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SignetTrustTag) tag = g_list_model_get_item (tags, i);

      if (signet_trust_tag_get_released (tag) &&
          g_strcmp0 (signet_trust_tag_get_digest (tag), hex) == 0)
        return g_steal_pointer (&tag);
    }

  return NULL;
}

static void
set_signed (SignetAuditResult *result,
            SignetTrustTag    *tag)
{
  result->trust = SIGNET_AUDIT_TRUST_SIGNED;
  g_clear_pointer (&result->trust_message, g_free);
  result->signed_digest = hex_to_digest (signet_trust_tag_get_digest (tag));
  result->signers = g_strdupv ((GStrv) signet_trust_tag_get_signers (tag));
  result->expires = signet_trust_tag_get_expires (tag);
}

static void
trust_ready (Check      *check,
             TrustEntry *entry)
{
  SignetAuditResult *result = check->result;
  Run *run = check->run;

  if (entry->repo == NULL)
    {
      result->trust = entry->failure;
      result->trust_message = g_strdup (entry->message);
    }
  else
    {
      const char * const *warnings = signet_trust_summary_get_warnings (entry->summary);
      const char * const *repo_warnings = signet_repository_get_warnings (entry->repo);

      for (guint i = 0; warnings != NULL && warnings[i] != NULL; i++)
        result_add_warning (result, warnings[i]);
      for (guint i = 0; repo_warnings != NULL && repo_warnings[i] != NULL; i++)
        result_add_warning (result, repo_warnings[i]);

      if (result->pinned_digest != NULL)
        {
          g_autoptr(SignetTrustTag) tag =
            find_released_digest (entry->summary, result->pinned_digest + strlen ("sha256:"));

          if (tag != NULL)
            set_signed (result, tag);
          else
            {
              result->trust = SIGNET_AUDIT_TRUST_UNSIGNED;
              result->trust_message = g_strdup_printf ("No signed tag of %s has this digest",
                                                       result->gun);
            }
        }
      else
        {
          SignetTrustTag *tag = signet_trust_summary_lookup_tag (entry->summary, result->tag);

          if (tag != NULL && signet_trust_tag_get_released (tag))
            set_signed (result, tag);
          else if (tag != NULL)
            {
              g_autofree char *roles = g_strjoinv (", ", (GStrv) signet_trust_tag_get_roles (tag));

              result->trust = SIGNET_AUDIT_TRUST_UNSIGNED;
              result->trust_message =
                g_strdup_printf ("The tag “%s” is signed only in %s; docker reads "
                                 "targets/releases and targets", result->tag, roles);
            }
          else
            {
              result->trust = SIGNET_AUDIT_TRUST_UNSIGNED;
              result->trust_message = g_strdup_printf ("No signature for the tag “%s” in %s",
                                                       result->tag, result->gun);
            }
        }
    }

  if (result->current_digest != NULL && result->signed_digest != NULL)
    result->digest_differs = g_strcmp0 (result->current_digest, result->signed_digest) != 0;

  if (result->pinned_digest != NULL)
    {
      /* docker pulls digest references without looking at trust data. */
      result->would_pull = result->registry_state == SIGNET_AUDIT_REGISTRY_OK;
      result_add_warning (result, "Pinned by digest: docker pulls it without checking "
                          "signatures");
      check_done (check);
      return;
    }

  if (result->trust != SIGNET_AUDIT_TRUST_SIGNED ||
      result->registry_state == SIGNET_AUDIT_REGISTRY_UNREACHABLE)
    {
      check_done (check);
      return;
    }

  if (result->registry_state == SIGNET_AUDIT_REGISTRY_OK && !result->digest_differs)
    {
      result->would_pull = TRUE;
      check_done (check);
      return;
    }

  /* The tag moved (or is gone): docker pulls the signed digest, if the registry has it. */
  {
    g_autofree char *text = g_strdup_printf ("%s@%s", result->gun, result->signed_digest);
    g_autoptr(GError) error = NULL;
    g_autoptr(SignetReference) signed_ref = signet_reference_parse (text, &error);

    if (signed_ref == NULL)
      {
        result_add_warning (result, error->message);
        check_done (check);
        return;
      }
    signet_remote_get_manifest_async (run->remote, signed_ref, FALSE, run->cancellable,
                                      signed_manifest_cb, check);
  }
}

static void
trust_entry_done (TrustEntry *entry)
{
  g_autoptr(GPtrArray) waiters = g_steal_pointer (&entry->waiters);

  entry->done = TRUE;
  entry->waiters = g_ptr_array_new ();
  for (guint i = 0; i < waiters->len; i++)
    trust_ready (g_ptr_array_index (waiters, i), entry);
}

static void
health_cb (GObject      *source,
           GAsyncResult *res,
           gpointer      user_data)
{
  TrustEntry *entry = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SignetHttpResponse) response = NULL;

  response = _signet_remote_request_finish (SIGNET_REMOTE (source), res, &error);
  if (response != NULL)
    {
      entry->failure = SIGNET_AUDIT_TRUST_UNSIGNED;
      g_free (entry->message);
      entry->message = g_strdup_printf ("The trust server has no trust data for %s",
                                        entry->gun);
    }
  else if (g_error_matches (error, SIGNET_ERROR, SIGNET_ERROR_NOT_FOUND))
    {
      entry->failure = SIGNET_AUDIT_TRUST_NO_SERVER;
      g_free (entry->message);
      entry->message = g_strdup_printf ("No trust server answers for %s (set "
                                        "DOCKER_CONTENT_TRUST_SERVER if it is elsewhere)",
                                        entry->registry);
    }
  else if (g_error_matches (error, SIGNET_ERROR, SIGNET_ERROR_UNREACHABLE))
    {
      entry->failure = SIGNET_AUDIT_TRUST_UNREACHABLE;
      g_free (entry->message);
      entry->message = g_strdup (error->message);
    }
  /* Otherwise something answered that is not a plain "not found": keep "no trust data". */

  trust_entry_done (entry);
}

static void
probe_trust_server (TrustEntry *entry)
{
  Run *run = entry->run;
  g_autoptr(GError) error = NULL;
  g_autofree char *server = signet_remote_get_trust_server (run->remote, entry->registry, &error);
  g_autofree char *url = NULL;
  g_autoptr(GUri) uri = NULL;
  SignetHttpRequest request = { 0 };

  if (server != NULL)
    {
      url = g_strconcat (server, g_str_has_suffix (server, "/") ? "" : "/",
                         "_notary_server/health", NULL);
      uri = g_uri_parse (url, G_URI_FLAGS_ENCODED, &error);
    }
  if (uri == NULL)
    {
      trust_entry_done (entry);
      return;
    }

  request.method = "GET";
  request.uri = uri;
  request.max_size = HEALTH_MAX_SIZE;
  _signet_remote_request_async (run->remote, &request, run->cancellable, health_cb, entry);
}

static SignetAuditTrust
classify_load_error (const GError *error)
{
  if (error->domain == SIGNET_ERROR)
    {
      switch (error->code)
        {
        case SIGNET_ERROR_MALFORMED:
        case SIGNET_ERROR_BAD_SIGNATURE:
        case SIGNET_ERROR_EXPIRED:
        case SIGNET_ERROR_ROLLBACK:
        case SIGNET_ERROR_HASH_MISMATCH:
        case SIGNET_ERROR_TOO_LARGE:
        case SIGNET_ERROR_BAD_CERTIFICATE:
          return SIGNET_AUDIT_TRUST_INVALID;
        case SIGNET_ERROR_NOT_FOUND:
          return SIGNET_AUDIT_TRUST_UNSIGNED;
        case SIGNET_ERROR_UNREACHABLE:
          return SIGNET_AUDIT_TRUST_UNREACHABLE;
        default:
          break;
        }
    }

  return SIGNET_AUDIT_TRUST_ERROR;
}

static void
load_cb (GObject      *source,
         GAsyncResult *res,
         gpointer      user_data)
{
  TrustEntry *entry = user_data;
  g_autoptr(GError) error = NULL;

  entry->repo = signet_repository_load_finish (res, &error);
  if (entry->repo != NULL)
    {
      entry->summary = _signet_trust_summary_new_from_repo (_signet_repository_get_tuf_repo (entry->repo));
      trust_entry_done (entry);
      return;
    }

  entry->failure = classify_load_error (error);
  entry->message = g_strdup (error->message);

  if (g_error_matches (error, SIGNET_ERROR, SIGNET_ERROR_NOT_FOUND) &&
      !g_cancellable_is_cancelled (entry->run->cancellable))
    {
      probe_trust_server (entry);
      return;
    }

  trust_entry_done (entry);
}

static void
request_trust (Check *check)
{
  Run *run = check->run;
  TrustEntry *entry = g_hash_table_lookup (run->trust, check->result->gun);

  if (entry == NULL)
    {
      entry = g_new0 (TrustEntry, 1);
      entry->run = run;
      entry->gun = g_strdup (check->result->gun);
      entry->registry = g_strdup (check->result->registry);
      entry->waiters = g_ptr_array_new ();
      g_hash_table_insert (run->trust, entry->gun, entry);
      g_ptr_array_add (entry->waiters, check);
      _signet_repository_load_at_async (run->remote, run->trust_dir, entry->gun,
                                        SIGNET_REPOSITORY_LOAD_NONE, run->now, run->cancellable,
                                        load_cb, entry);
      return;
    }

  if (!entry->done)
    {
      g_ptr_array_add (entry->waiters, check);
      return;
    }

  trust_ready (check, entry);
}

/* ---- Step 2: what the registry serves now --------------------------------------------- */

static void
manifest_cb (GObject      *source,
             GAsyncResult *res,
             gpointer      user_data)
{
  Check *check = user_data;
  SignetAuditResult *result = check->result;
  g_autoptr(GError) error = NULL;
  g_autoptr(SignetManifest) manifest = NULL;

  manifest = signet_remote_get_manifest_finish (SIGNET_REMOTE (source), res, &error);
  if (manifest != NULL)
    {
      result->registry_state = SIGNET_AUDIT_REGISTRY_OK;
      result->current_digest = g_strdup (signet_manifest_get_digest (manifest));
    }
  else
    {
      if (g_error_matches (error, SIGNET_ERROR, SIGNET_ERROR_NOT_FOUND))
        result->registry_state = SIGNET_AUDIT_REGISTRY_NOT_FOUND;
      else if (g_error_matches (error, SIGNET_ERROR, SIGNET_ERROR_UNREACHABLE))
        result->registry_state = SIGNET_AUDIT_REGISTRY_UNREACHABLE;
      else
        result->registry_state = SIGNET_AUDIT_REGISTRY_ERROR;
      result->registry_message = g_strdup (error->message);
    }

  if (g_cancellable_is_cancelled (check->run->cancellable))
    {
      check_done (check);
      return;
    }

  request_trust (check);
}

/* ---- Step 1: the reference ------------------------------------------------------------- */

static void
start_check (GTask *task,
             guint  index)
{
  Run *run = g_task_get_task_data (task);
  SignetAuditInput *input = g_ptr_array_index (run->inputs, index);
  g_autoptr(GError) error = NULL;
  Check *check = g_new0 (Check, 1);
  SignetAuditResult *result;

  check->task = g_object_ref (task);
  check->run = run;
  check->index = index;
  check->result = result = g_object_new (SIGNET_TYPE_AUDIT_RESULT, NULL);
  result->reference = g_strdup (input->reference);
  result->origin = g_strdup (input->origin);
  result->service = g_strdup (input->service);
  run->n_running++;

  check->ref = signet_reference_parse (input->reference, &error);
  if (check->ref == NULL)
    {
      result->registry_state = SIGNET_AUDIT_REGISTRY_ERROR;
      result->registry_message = g_strdup (error->message);
      result->trust = SIGNET_AUDIT_TRUST_ERROR;
      result->trust_message = g_strdup (error->message);
      /* Never complete synchronously: pump() would recurse. */
      g_idle_add_full (G_PRIORITY_DEFAULT, check_done_idle, check, NULL);
      return;
    }

  result->registry = g_strdup (signet_reference_get_registry (check->ref));
  result->repository = g_strdup (signet_reference_get_repository (check->ref));
  result->gun = g_strdup (signet_reference_get_gun (check->ref));
  result->pinned_digest = g_strdup (signet_reference_get_digest (check->ref));
  result->tag = g_strdup (signet_reference_get_tag (check->ref));
  if (result->tag == NULL && result->pinned_digest == NULL)
    result->tag = g_strdup ("latest");

  signet_remote_get_manifest_async (run->remote, check->ref, FALSE, run->cancellable,
                                    manifest_cb, check);
}

static void
pump (GTask *task)
{
  Run *run = g_task_get_task_data (task);

  if (g_task_get_completed (task))
    return;

  if (!g_cancellable_is_cancelled (run->cancellable))
    {
      while (run->n_running < run->max_parallel && run->next < run->inputs->len)
        start_check (task, run->next++);
    }

  if (run->n_running > 0)
    return;

  if (g_cancellable_is_cancelled (run->cancellable))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "The audit was cancelled");
      return;
    }

  if (run->next == run->inputs->len)
    g_task_return_pointer (task, g_ptr_array_ref (run->results),
                           (GDestroyNotify) g_ptr_array_unref);
}

void
_signet_audit_run_at_async (SignetRemote            *remote,
                            const char              *trust_dir,
                            GPtrArray               *inputs,
                            guint                    max_parallel,
                            gint64                   now,
                            SignetAuditProgressFunc  progress,
                            gpointer                 progress_data,
                            GDestroyNotify           progress_data_destroy,
                            GCancellable            *cancellable,
                            GAsyncReadyCallback      callback,
                            gpointer                 user_data)
{
  g_autoptr(GTask) task = NULL;
  Run *run;

  g_return_if_fail (SIGNET_IS_REMOTE (remote));
  g_return_if_fail (inputs != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, signet_audit_run_async);

  run = g_new0 (Run, 1);
  run->remote = g_object_ref (remote);
  run->trust_dir = g_strdup (trust_dir);
  run->now = now;
  run->inputs = g_ptr_array_new_with_free_func ((GDestroyNotify) signet_audit_input_free);
  for (guint i = 0; i < inputs->len; i++)
    g_ptr_array_add (run->inputs, signet_audit_input_copy (g_ptr_array_index (inputs, i)));
  run->results = g_ptr_array_new_with_free_func (object_unref0);
  g_ptr_array_set_size (run->results, inputs->len);
  run->max_parallel = max_parallel == 0 ? DEFAULT_PARALLEL : MIN (max_parallel, MAX_PARALLEL);
  run->trust = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                      (GDestroyNotify) trust_entry_free);
  run->progress = progress;
  run->progress_data = progress_data;
  run->progress_data_destroy = progress_data_destroy;
  run->cancellable = cancellable != NULL ? g_object_ref (cancellable) : g_cancellable_new ();
  g_task_set_task_data (task, run, (GDestroyNotify) run_free);

  pump (task);
}

void
signet_audit_run_async (SignetRemote            *remote,
                        const char              *trust_dir,
                        GPtrArray               *inputs,
                        guint                    max_parallel,
                        SignetAuditProgressFunc  progress,
                        gpointer                 progress_data,
                        GDestroyNotify           progress_data_destroy,
                        GCancellable            *cancellable,
                        GAsyncReadyCallback      callback,
                        gpointer                 user_data)
{
  _signet_audit_run_at_async (remote, trust_dir, inputs, max_parallel, 0, progress,
                              progress_data, progress_data_destroy, cancellable, callback,
                              user_data);
}

GPtrArray *
signet_audit_run_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == signet_audit_run_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
