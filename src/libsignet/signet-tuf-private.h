/* signet-tuf-private.h: the TUF client update workflow as a pure state machine.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * CONTRACT between the tuf module (owner) and the repository module (driver).
 * The updater does no I/O: it says which file it wants next, the driver fetches it
 * (from the notary server, with the size cap given) and feeds the bytes back. When no
 * request is left, finish() returns the verified set, or the first error. Nothing is
 * written anywhere: the driver replaces the cache with repo files only on success.
 * Facts: notary-v1.md §1, §2, §5, §13.
 *
 *   updater = _signet_tuf_updater_new (gun, cached_files, now, &error);
 *   while ((req = _signet_tuf_updater_next_request (updater)))
 *     if (!_signet_tuf_updater_feed (updater, fetch (req->path, req->max_size), &error))
 *       goto fail;
 *   repo = _signet_tuf_updater_finish (updater, &error);
 *   write_cache (_signet_tuf_repo_get_files (repo));
 */

#pragma once

#include <glib.h>

#include "signet-crypto-private.h"
#include "signet-json-private.h"

G_BEGIN_DECLS

typedef struct _SignetTufRepo    SignetTufRepo;    /* a verified, immutable metadata set */
typedef struct _SignetTufUpdater SignetTufUpdater;

typedef struct
{
  const char *role;     /* "root", "timestamp", "snapshot", "targets", "targets/releases", … */
  const char *path;     /* under <server>/v2/<gun>/_trust/tuf/: "root.json", "2.root.json",
                         * "timestamp.json", "snapshot.<sha256hex>.json", "targets/x.<hex>.json" */
  gsize       max_size; /* refuse a body larger than this (SIGNET_ERROR_TOO_LARGE) */
} SignetTufRequest;

/* @cached_files: role name -> GBytes of the file in the trust cache (NULL or empty on
 * first use). @now: Unix seconds (injected, so expiry tests need no waiting). */
SignetTufUpdater       *_signet_tuf_updater_new          (const char        *gun,
                                                          GHashTable        *cached_files,
                                                          gint64             now,
                                                          GError           **error);
void                    _signet_tuf_updater_free         (SignetTufUpdater  *self);
/* The next file wanted, or NULL when done (or failed). Valid until the next feed(). */
const SignetTufRequest *_signet_tuf_updater_next_request (SignetTufUpdater  *self);
/* @bytes: the body fetched for the last request, or NULL when the server answered 404.
 * FALSE and @error when the update cannot go on. */
gboolean                _signet_tuf_updater_feed         (SignetTufUpdater  *self,
                                                          GBytes            *bytes,
                                                          GError           **error);
/* Bounds on one update, so that a hostile server or delegate cannot make it fetch
 * without end: at most @max_targets_roles targets files ("targets" and delegations) per
 * attempt, and at most @max_total_bytes of metadata in all (each request's max_size
 * shrinks to what is left). Defaults: SIGNET_TUF_MAX_TARGETS_ROLES and
 * SIGNET_TUF_MAX_TOTAL_SIZE. Call before the first feed(). */
void                    _signet_tuf_updater_set_limits   (SignetTufUpdater  *self,
                                                          guint              max_targets_roles,
                                                          guint64            max_total_bytes);
/* The requests that will most likely follow the current one, in order: timestamp.json
 * while root.json is fetched on first use; the targets roles already queued that the
 * snapshot lists (delegations, once their parent is verified).
 * A driver may fetch them early, concurrently; each is checked as usual when it is fed
 * for its own request. Empty when nothing is known ahead. Free the array. */
GPtrArray              *_signet_tuf_updater_get_upcoming (SignetTufUpdater  *self);
void                    _signet_tuf_request_free         (SignetTufRequest  *req);
/* The verified set. Non-fatal findings (a delegation dropped as expired or under-signed)
 * are in _signet_tuf_repo_get_warnings(). */
SignetTufRepo          *_signet_tuf_updater_finish       (SignetTufUpdater  *self,
                                                          GError           **error);

/* Offline: verify the cached files alone as a consistent set (signatures, hashes,
 * thresholds); expiry is reported as warnings, not errors. */
SignetTufRepo          *_signet_tuf_repo_load_cached     (const char        *gun,
                                                          GHashTable        *cached_files,
                                                          gint64             now,
                                                          GError           **error);

SignetTufRepo          *_signet_tuf_repo_ref             (SignetTufRepo     *self);
void                    _signet_tuf_repo_unref           (SignetTufRepo     *self);
const char             *_signet_tuf_repo_get_gun         (SignetTufRepo     *self);
/* role name -> GBytes: exactly the file bytes to store in the cache (root, targets,
 * snapshot, timestamp and every delegation that was fetched). */
GHashTable             *_signet_tuf_repo_get_files       (SignetTufRepo     *self);
/* Plain-words strings. */
GPtrArray              *_signet_tuf_repo_get_warnings    (SignetTufRepo     *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SignetTufUpdater, _signet_tuf_updater_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SignetTufRepo, _signet_tuf_repo_unref)

/* The rest of this header (the metadata model that summary and ops read) is the tuf
 * module's to define below. */

/* ---- Metadata model (notary-v1.md §1) --------------------------------------------- */

#define SIGNET_TUF_MAX_TIMESTAMP_SIZE (1024 * 1024)
#define SIGNET_TUF_MAX_UNKNOWN_SIZE   (100 * 1024 * 1024)
#define SIGNET_TUF_MAX_TARGETS_ROLES  1000
#define SIGNET_TUF_MAX_TOTAL_SIZE     (256 * 1024 * 1024)

typedef enum
{
  SIGNET_TUF_KIND_ROOT,
  SIGNET_TUF_KIND_TARGETS,   /* "targets" and every "targets/…" delegation */
  SIGNET_TUF_KIND_SNAPSHOT,
  SIGNET_TUF_KIND_TIMESTAMP,
} SignetTufKind;

/* A role as root.json lists it (name, keyids, threshold) or as a parent's
 * "delegations.roles" lists it (also paths). */
typedef struct
{
  char      *name;      /* "root", "targets", "targets/releases", … */
  GPtrArray *keyids;    /* char *, in file order */
  gint64     threshold; /* >= 1 */
  GPtrArray *paths;     /* char *, in file order; delegations only (empty otherwise) */
} SignetTufRole;

/* FILEMETA: a target (length, hashes, custom) or a snapshot/timestamp "meta" entry. */
typedef struct
{
  gint64      length;
  GHashTable *hashes;   /* algorithm ("sha256", "sha512", …) -> GBytes of the raw digest */
  JsonNode   *custom;   /* NULL when absent */
} SignetTufFileMeta;

/* One parsed metadata file. Fields not used by a kind are NULL / empty. Immutable once
 * it is in a SignetTufRepo; the builder functions below change one you own. */
typedef struct
{
  gint           ref_count;
  SignetTufKind  kind;
  char          *role;                /* the role this file is for */
  gint64         version;             /* >= 1 */
  gint64         expires;             /* Unix seconds (UTC) */
  /* root */
  gboolean       consistent_snapshot;
  GHashTable    *roles;               /* root: name -> SignetTufRole (the four base roles) */
  /* root and targets (delegations.keys) */
  GHashTable    *keys;                /* keyid (as written) -> SignetPublicKey */
  /* targets */
  GHashTable    *targets;             /* target name -> SignetTufFileMeta */
  GPtrArray     *delegations;         /* SignetTufRole, in file order (delegations.roles) */
  /* snapshot and timestamp */
  GHashTable    *meta;                /* role name -> SignetTufFileMeta */
  /* the signatures as read (SignetSignature); empty for a new file */
  GPtrArray     *signatures;
} SignetTufMetadata;

SignetTufRole     *_signet_tuf_role_new               (const char         *name,
                                                       gint64              threshold);
SignetTufRole     *_signet_tuf_role_copy              (const SignetTufRole *role);
void               _signet_tuf_role_free              (SignetTufRole      *role);
gboolean           _signet_tuf_role_has_keyid         (const SignetTufRole *role,
                                                       const char         *keyid);

SignetTufFileMeta *_signet_tuf_file_meta_new          (void);
/* length, sha256 and sha512 of @bytes (what notary writes for metadata files). */
SignetTufFileMeta *_signet_tuf_file_meta_new_from_bytes (GBytes           *bytes);
SignetTufFileMeta *_signet_tuf_file_meta_copy         (const SignetTufFileMeta *meta);
void               _signet_tuf_file_meta_free         (SignetTufFileMeta  *meta);
/* Lower-case hex of the sha256 digest, or NULL when there is none. */
char              *_signet_tuf_file_meta_get_sha256_hex (const SignetTufFileMeta *meta);
/* Every hash of a known algorithm (sha256, sha512) must match @data and at least one
 * must be there. SIGNET_ERROR_HASH_MISMATCH naming @what otherwise. */
gboolean           _signet_tuf_file_meta_check_hashes (const SignetTufFileMeta *meta,
                                                       const guint8       *data,
                                                       gsize               len,
                                                       const char         *what,
                                                       GError            **error);
/* Both have a known algorithm in common and no common algorithm differs. */
gboolean           _signet_tuf_file_meta_same_hashes  (const SignetTufFileMeta *a,
                                                       const SignetTufFileMeta *b);

/* Parses file bytes {"signed":…,"signatures":[…]} strictly for @role: _type matching the
 * role, version >= 1, required fields, RFC 3339 expiry (any zone), every keyid present
 * in keys, role names valid, only direct child delegations. Does NOT check signatures.
 * @signed_node (optional) receives the "signed" node for signature verification.
 * Targets files parsed without @signed_node are read directly from the bytes into the
 * model (same rules, same errors; much faster for large files).
 * Errors (SIGNET_ERROR_MALFORMED) name the role and the field. */
SignetTufMetadata *_signet_tuf_metadata_parse         (const char         *role,
                                                       GBytes             *bytes,
                                                       JsonNode          **signed_node,
                                                       GError            **error);
SignetTufMetadata *_signet_tuf_metadata_new           (SignetTufKind       kind,
                                                       const char         *role);
/* A deep, mutable copy (to change a verified file without touching the repo's). */
SignetTufMetadata *_signet_tuf_metadata_copy          (SignetTufMetadata  *self);
SignetTufMetadata *_signet_tuf_metadata_ref           (SignetTufMetadata  *self);
void               _signet_tuf_metadata_unref         (SignetTufMetadata  *self);
/* The delegation named @name in a targets file, or NULL. */
SignetTufRole     *_signet_tuf_metadata_get_delegation (SignetTufMetadata *self,
                                                        const char        *name);

/* Role names: the four base roles, or a delegation "targets/…" (^[-a-z0-9_/]+$, < 256
 * bytes, path-clean). */
gboolean           _signet_tuf_is_valid_role_name     (const char         *name);
gboolean           _signet_tuf_is_delegation_name     (const char         *name);
/* "targets/a/b" -> "targets/a"; "targets/a" -> "targets". */
char              *_signet_tuf_role_parent            (const char         *name);

/* Parsing ahead: starts _signet_tuf_metadata_parse (@role, @bytes, NULL, …) of a targets
 * file in a worker thread. The next such call for the same @role and the same GBytes
 * instance takes that result (waiting for it if needed) instead of parsing again. A
 * driver calls this for files it fetched early; _signet_tuf_metadata_parse_ahead_drop()
 * forgets a result that was not taken (a parse not started is skipped, one running is
 * waited for: drop them all before the work they serve completes). Other roles: nothing
 * is done. */
void               _signet_tuf_metadata_parse_ahead   (const char         *role,
                                                       GBytes             *bytes);
void               _signet_tuf_metadata_parse_ahead_drop (GBytes          *bytes);
/* How many parses ahead are running now (for tests). */
guint              _signet_tuf_metadata_parse_ahead_running (void);

/* RFC 3339 <-> Unix seconds. Parsing accepts any zone and up to 9 fraction digits
 * (dropped); formatting writes UTC "Z" without fraction. */
gboolean           _signet_tuf_parse_time             (const char         *text,
                                                       gint64             *out);
char              *_signet_tuf_format_time            (gint64              unix_seconds);

/* Verification of one file's signatures against a role: zero signatures is an error;
 * unknown keyids and bad signatures are skipped; each distinct valid public key counts
 * once (a certificate and its bare key are one key, unlike in notary); at most 4
 * signatures under one key ID are checked, so the work is bounded by the role's keys.
 * A signature naming a key of the role whose recomputed key ID differs fails the whole
 * file. @keys: keyid -> SignetPublicKey. SIGNET_ERROR_BAD_SIGNATURE. */
gboolean           _signet_tuf_verify_signatures      (JsonNode           *signed_node,
                                                       GPtrArray          *signatures,
                                                       GHashTable         *keys,
                                                       const SignetTufRole *role,
                                                       const char         *what,
                                                       guint              *n_valid,
                                                       GError            **error);

/* The same, given the file bytes too: a signature that verifies over the raw "signed"
 * text needs no canonical re-serialisation (the rest are checked the usual way).
 * @signed_node may be NULL: it is then parsed from @file_bytes when needed. */
gboolean           _signet_tuf_verify_signatures_file (GBytes             *file_bytes,
                                                       JsonNode           *signed_node,
                                                       GPtrArray          *signatures,
                                                       GHashTable         *keys,
                                                       const SignetTufRole *role,
                                                       const char         *what,
                                                       guint              *n_valid,
                                                       GError            **error);

/* ---- Builder (writing; used by signing operations) ------------------------------- */

/* Signs @len bytes at @msg with the private key @key. Returns the method ("ecdsa",
 * "rsapss", "eddsa") and the raw signature (r||s for ECDSA). */
typedef gboolean (*SignetTufSignFunc) (gpointer       key,
                                       const guint8  *msg,
                                       gsize          len,
                                       char         **method,
                                       GBytes       **sig,
                                       GError       **error);

typedef struct
{
  const char *keyid;  /* the TUF key ID the signature is made under */
  gpointer    key;    /* passed to the sign function */
} SignetTufSigner;

/* The "signed" node as notary writes it (delegations always present, paths omitted when
 * empty, custom only when set, expires in UTC). SIGNET_ERROR_MALFORMED for values that
 * have no canonical form. */
JsonNode          *_signet_tuf_metadata_to_json       (SignetTufMetadata  *self,
                                                       GError            **error);
/* version += 1 and expires = @now + @lifetime seconds. */
void               _signet_tuf_metadata_bump          (SignetTufMetadata  *self,
                                                       gint64              now,
                                                       gint64              lifetime);
/* The file bytes of @self signed by every signer in @signers (SignetTufSigner *) over
 * the canonical "signed" bytes. Replaces self->signatures with the new ones. */
GBytes            *_signet_tuf_metadata_sign          (SignetTufMetadata  *self,
                                                       GPtrArray          *signers,
                                                       SignetTufSignFunc   sign_func,
                                                       GError            **error);
/* Builder helpers. add_key takes a reference on @key and stores it under its TUF ID. */
void               _signet_tuf_metadata_add_key       (SignetTufMetadata  *self,
                                                       SignetPublicKey    *key);
/* root: replaces the role of that name; targets: replaces or appends a delegation.
 * Takes ownership of @role. */
void               _signet_tuf_metadata_set_role      (SignetTufMetadata  *self,
                                                       SignetTufRole      *role);
/* targets: takes ownership of @meta (custom is canonicalised when written). */
void               _signet_tuf_metadata_set_target    (SignetTufMetadata  *self,
                                                       const char         *name,
                                                       SignetTufFileMeta  *meta);
/* snapshot/timestamp: meta[@role] = length and sha256+sha512 of @file_bytes. */
void               _signet_tuf_metadata_set_meta_for  (SignetTufMetadata  *self,
                                                       const char         *role,
                                                       GBytes             *file_bytes);

/* Lifetimes notary uses (notary-v1.md §10). */
#define SIGNET_TUF_LIFETIME_ROOT      (G_GINT64_CONSTANT (3650) * 86400)
#define SIGNET_TUF_LIFETIME_TARGETS   (G_GINT64_CONSTANT (1095) * 86400)
#define SIGNET_TUF_LIFETIME_SNAPSHOT  (G_GINT64_CONSTANT (1095) * 86400)
#define SIGNET_TUF_LIFETIME_TIMESTAMP (G_GINT64_CONSTANT (14) * 86400)

/* ---- The verified set ------------------------------------------------------------ */

SignetTufMetadata *_signet_tuf_repo_get_root          (SignetTufRepo      *self);
SignetTufMetadata *_signet_tuf_repo_get_timestamp     (SignetTufRepo      *self);
SignetTufMetadata *_signet_tuf_repo_get_snapshot      (SignetTufRepo      *self);
/* "targets" or a loaded (verified, unexpired) delegation; NULL if not loaded. */
SignetTufMetadata *_signet_tuf_repo_get_targets       (SignetTufRepo      *self,
                                                       const char         *role);
/* Names of the loaded targets roles: "targets" first, then delegations breadth-first. */
GPtrArray         *_signet_tuf_repo_get_target_roles  (SignetTufRepo      *self);
/* For tests: path comparisons made so far (all repositories) working out effective paths
 * and checking target names against them. */
gsize              _signet_tuf_get_path_comparisons  (void);
/* The effective paths of a loaded targets role ("targets": [""]). */
GPtrArray         *_signet_tuf_repo_get_effective_paths (SignetTufRepo    *self,
                                                         const char       *role);
/* The entry that gives a loaded targets role its keyids and threshold (keys are in
 * @parent->keys) and its parent's file. For "targets": root's entry, @parent NULL. */
SignetTufRole     *_signet_tuf_repo_get_delegation    (SignetTufRepo      *self,
                                                       const char         *role,
                                                       SignetTufMetadata **parent);
/* A target of @role that counts: present in the role's file and its name under one of
 * the role's effective paths. NULL otherwise. */
SignetTufFileMeta *_signet_tuf_repo_get_target        (SignetTufRepo      *self,
                                                       const char         *role,
                                                       const char         *name);
/* Like notary's GetTargetByName: the first of @roles (NULL-terminated) that holds
 * @name. Returns the meta and sets @found_role. */
SignetTufFileMeta *_signet_tuf_repo_lookup_target     (SignetTufRepo      *self,
                                                       const char         *name,
                                                       const char * const *roles,
                                                       const char        **found_role);
gint64             _signet_tuf_repo_get_now           (SignetTufRepo      *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SignetTufMetadata, _signet_tuf_metadata_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SignetTufRole, _signet_tuf_role_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SignetTufFileMeta, _signet_tuf_file_meta_free)

G_END_DECLS
