/* signet-audit.h: which images would pull with DOCKER_CONTENT_TRUST=1, and why not.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined(SIGNET_INSIDE) && !defined(SIGNET_COMPILATION)
# error "Only <signet/signet.h> can be included directly."
#endif

#include <gio/gio.h>

#include "signet-remote.h"
#include "signet-version-macros.h"

G_BEGIN_DECLS

/* ---- SignetAuditInput: one image to audit ------------------------------------------- */

#define SIGNET_TYPE_AUDIT_INPUT (signet_audit_input_get_type ())

/**
 * SignetAuditInput:
 * @reference: the image reference as written (after Compose interpolation), e.g.
 *   "registry.lan:5000/team/web:1.4" or "web@sha256:…"
 * @origin: where it was written: "compose.yaml:7:12", "refs.txt:3", "argument 2"
 * @service: the Compose service(s) using it ("web" or "web, worker"), or NULL
 */
typedef struct
{
  char *reference;
  char *origin;
  char *service;
} SignetAuditInput;

SIGNET_AVAILABLE_IN_ALL
GType             signet_audit_input_get_type (void) G_GNUC_CONST;
SIGNET_AVAILABLE_IN_ALL
SignetAuditInput *signet_audit_input_new      (const char       *reference,
                                               const char       *origin,
                                               const char       *service) G_GNUC_WARN_UNUSED_RESULT;
SIGNET_AVAILABLE_IN_ALL
SignetAuditInput *signet_audit_input_copy     (const SignetAuditInput *input) G_GNUC_WARN_UNUSED_RESULT;
SIGNET_AVAILABLE_IN_ALL
void              signet_audit_input_free     (SignetAuditInput *input);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SignetAuditInput, signet_audit_input_free)

/* Reads the images to audit, in a worker thread: @compose_files merged as one Compose
 * project (interpolated with the process environment and the .env file beside the first
 * file), then each of @ref_files (one reference per line, '#' comments; "-" is standard
 * input), then @references. Any of them may be NULL. A reference listed twice is audited
 * once. Errors name the file, line and column. */
SIGNET_AVAILABLE_IN_ALL
void       signet_audit_load_inputs_async  (const char * const  *compose_files,
                                            const char * const  *ref_files,
                                            const char * const  *references,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
/* Returns SignetAuditInput*; @notes (optional) gets what was skipped and why (build-only
 * services, unset variables, files not followed). */
SIGNET_AVAILABLE_IN_ALL
GPtrArray *signet_audit_load_inputs_finish (GAsyncResult        *result,
                                            GStrv               *notes,
                                            GError             **error) G_GNUC_WARN_UNUSED_RESULT;

/* ---- SignetAuditResult: what was found for one image -------------------------------- */

/**
 * SignetAuditTrust:
 * @SIGNET_AUDIT_TRUST_SIGNED: signed in targets/releases or targets, and verified
 * @SIGNET_AUDIT_TRUST_UNSIGNED: the trust server has no usable signature for this tag
 *   (or no trust data for the repository at all)
 * @SIGNET_AUDIT_TRUST_INVALID: the trust data failed verification (signatures,
 *   thresholds, expiry, rollback, hashes, certificates)
 * @SIGNET_AUDIT_TRUST_NO_SERVER: the registry has no trust (notary) server
 * @SIGNET_AUDIT_TRUST_UNREACHABLE: the trust server could not be reached
 * @SIGNET_AUDIT_TRUST_ERROR: the check could not be made (a bad reference, access
 *   refused, a server error)
 *
 * Stable values.
 */
typedef enum
{
  SIGNET_AUDIT_TRUST_SIGNED = 0,
  SIGNET_AUDIT_TRUST_UNSIGNED = 1,
  SIGNET_AUDIT_TRUST_INVALID = 2,
  SIGNET_AUDIT_TRUST_NO_SERVER = 3,
  SIGNET_AUDIT_TRUST_UNREACHABLE = 4,
  SIGNET_AUDIT_TRUST_ERROR = 5,
} SignetAuditTrust;

/**
 * SignetAuditRegistry:
 * @SIGNET_AUDIT_REGISTRY_OK: the registry serves the tag (or digest)
 * @SIGNET_AUDIT_REGISTRY_NOT_FOUND: the registry has no such tag, digest or repository
 * @SIGNET_AUDIT_REGISTRY_UNREACHABLE: the registry could not be reached
 * @SIGNET_AUDIT_REGISTRY_ERROR: access refused, a server error, or a bad reference
 *
 * Stable values.
 */
typedef enum
{
  SIGNET_AUDIT_REGISTRY_OK = 0,
  SIGNET_AUDIT_REGISTRY_NOT_FOUND = 1,
  SIGNET_AUDIT_REGISTRY_UNREACHABLE = 2,
  SIGNET_AUDIT_REGISTRY_ERROR = 3,
} SignetAuditRegistry;

#define SIGNET_TYPE_AUDIT_TRUST    (signet_audit_trust_get_type ())
#define SIGNET_TYPE_AUDIT_REGISTRY (signet_audit_registry_get_type ())
SIGNET_AVAILABLE_IN_ALL
GType       signet_audit_trust_get_type     (void) G_GNUC_CONST;
SIGNET_AVAILABLE_IN_ALL
GType       signet_audit_registry_get_type  (void) G_GNUC_CONST;

/* One word or two for scripts (JSON/CSV): "signed", "unsigned", "invalid", "no-server",
 * "unreachable", "error" / "ok", "not-found", "unreachable", "error". */
SIGNET_AVAILABLE_IN_ALL
const char *signet_audit_trust_to_string    (SignetAuditTrust    trust);
SIGNET_AVAILABLE_IN_ALL
const char *signet_audit_registry_to_string (SignetAuditRegistry registry);

/* Immutable. Every getter below is also a read-only property of the same name
 * ("registry-state", "would-pull", …). */
#define SIGNET_TYPE_AUDIT_RESULT (signet_audit_result_get_type ())
SIGNET_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SignetAuditResult, signet_audit_result, SIGNET, AUDIT_RESULT, GObject)

/* The input. */
SIGNET_AVAILABLE_IN_ALL
const char          *signet_audit_result_get_reference       (SignetAuditResult *self);
SIGNET_AVAILABLE_IN_ALL
const char          *signet_audit_result_get_origin          (SignetAuditResult *self);
SIGNET_AVAILABLE_IN_ALL
const char          *signet_audit_result_get_service         (SignetAuditResult *self);
/* The parsed reference: "docker.io", "library/alpine", the tag ("latest" when the reference
 * has neither tag nor digest; NULL for a digest reference without tag), the digest the
 * reference pins ("sha256:…", or NULL), the GUN. All NULL when it does not parse. */
SIGNET_AVAILABLE_IN_ALL
const char          *signet_audit_result_get_registry        (SignetAuditResult *self);
SIGNET_AVAILABLE_IN_ALL
const char          *signet_audit_result_get_repository      (SignetAuditResult *self);
SIGNET_AVAILABLE_IN_ALL
const char          *signet_audit_result_get_tag             (SignetAuditResult *self);
SIGNET_AVAILABLE_IN_ALL
const char          *signet_audit_result_get_pinned_digest   (SignetAuditResult *self);
SIGNET_AVAILABLE_IN_ALL
const char          *signet_audit_result_get_gun             (SignetAuditResult *self);

/* The registry: its state, why (NULL when OK), and the digest it serves now for the tag
 * ("sha256:…", or NULL). */
SIGNET_AVAILABLE_IN_ALL
SignetAuditRegistry  signet_audit_result_get_registry_state   (SignetAuditResult *self);
SIGNET_AVAILABLE_IN_ALL
const char          *signet_audit_result_get_registry_message (SignetAuditResult *self);
SIGNET_AVAILABLE_IN_ALL
const char          *signet_audit_result_get_current_digest   (SignetAuditResult *self);

/* Trust: its state, why (NULL when signed), the signed digest ("sha256:…", or NULL), the
 * signers (docker's names; "Repo Admin" for the targets key), when the signature stops
 * verifying (Unix seconds: the earliest expiry of root, snapshot and the roles that sign
 * the tag; 0 when unknown). */
SIGNET_AVAILABLE_IN_ALL
SignetAuditTrust     signet_audit_result_get_trust            (SignetAuditResult *self);
SIGNET_AVAILABLE_IN_ALL
const char          *signet_audit_result_get_trust_message    (SignetAuditResult *self);
SIGNET_AVAILABLE_IN_ALL
const char          *signet_audit_result_get_signed_digest    (SignetAuditResult *self);
SIGNET_AVAILABLE_IN_ALL
const char * const  *signet_audit_result_get_signers          (SignetAuditResult *self);
SIGNET_AVAILABLE_IN_ALL
gint64               signet_audit_result_get_expires          (SignetAuditResult *self);

/* TRUE when the registry's current digest and the signed digest are both known and
 * differ (the tag was pushed again without signing, or moved). */
SIGNET_AVAILABLE_IN_ALL
gboolean             signet_audit_result_get_digest_differs   (SignetAuditResult *self);
/* Whether `docker pull` with DOCKER_CONTENT_TRUST=1 would succeed: for a tag, it is
 * signed in a role docker reads and the registry still serves the signed digest; for a
 * digest reference (which docker pulls without trust), the registry serves it. */
SIGNET_AVAILABLE_IN_ALL
gboolean             signet_audit_result_get_would_pull       (SignetAuditResult *self);
/* Other findings in plain words (expiry soon, dropped delegations, pinned digests). */
SIGNET_AVAILABLE_IN_ALL
const char * const  *signet_audit_result_get_warnings         (SignetAuditResult *self);

/* ---- Running an audit --------------------------------------------------------------- */

/* Called on the thread-default main context of signet_audit_run_async()'s caller, once
 * per image as its check ends (in completion order), with how many are done. */
typedef void (*SignetAuditProgressFunc) (SignetAuditResult *result,
                                         guint              n_done,
                                         guint              n_total,
                                         gpointer           user_data);

/* Checks @inputs (SignetAuditInput*), at most @max_parallel at a time (0: 4): the
 * registry's digest (HEAD), the trust data (loaded and verified once per repository
 * through @remote and the cache in @trust_dir, NULL for the default, which the load
 * updates as docker would), and whether a trusted pull would work. Per-image failures
 * are results, not errors; the only errors are cancellation (G_IO_ERROR_CANCELLED, once
 * the checks in flight have stopped) and bad arguments. */
SIGNET_AVAILABLE_IN_ALL
void       signet_audit_run_async  (SignetRemote            *remote,
                                    const char              *trust_dir,
                                    GPtrArray               *inputs,
                                    guint                    max_parallel,
                                    SignetAuditProgressFunc  progress,
                                    gpointer                 progress_data,
                                    GDestroyNotify           progress_data_destroy,
                                    GCancellable            *cancellable,
                                    GAsyncReadyCallback      callback,
                                    gpointer                 user_data);
/* SignetAuditResult*, in the order of the inputs. */
SIGNET_AVAILABLE_IN_ALL
GPtrArray *signet_audit_run_finish (GAsyncResult            *result,
                                    GError                 **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
