/* signet-cli.c
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>
#include <signet/signet.h>

#include "signet-cli-cosign.h"
#include "signet-cli-private.h"
#include "signet-cli-audit.h"
#include "signet-cli-keys.h"
#include "signet-cli-ops.h"

static const SignetCliCommand commands[] = {
  { "inspect", N_("Print signatures as `docker trust inspect` does"),
    "inspect [--pretty] [--offline] IMAGE[:TAG]…", signet_cli_inspect },
  { "status", N_("Show roles, signers, tags, expiry and warnings"),
    "status [--json] [--offline] IMAGE[:TAG]…", signet_cli_status },
  { "repos", N_("List a registry's repositories and their trust state"),
    "repos [--json] REGISTRY", signet_cli_repos },
  { "tags", N_("List a repository's tags: signed, unsigned or invalid"),
    "tags [--json] [--offline] REPOSITORY", signet_cli_tags },
  { "audit", N_("Check which images would pull with content trust on (images, lists, Compose files)"),
    "audit [-f COMPOSE]… [--file REFS]… [IMAGE…] [--json|--csv] [--jobs N]", signet_cli_audit_run },
  { "expiry", N_("List roles, delegations and root certificates that expire soon, and what to do"),
    "expiry [--within DAYS] [--json] [--offline] [REPOSITORY…]", signet_cli_expiry },
  { "key", N_("Manage private signing keys (generate, load, import, export, passwd, rm, list)"),
    "key COMMAND [OPTIONS…]", signet_cli_key_run },
  { "login", N_("Store a registry login in the keyring (shared with docker)"),
    "login [--username USER] [--password-stdin] REGISTRY", signet_cli_login_run },
  { "logout", N_("Remove a registry login from the keyring"), "logout REGISTRY", signet_cli_logout_run },
  { "backup", N_("Back up private keys into a verified archive, or verify one"),
    "backup --to DIR [--keep N] | backup --verify ARCHIVE", signet_cli_backup_run },
  { "restore", N_("Restore private keys from a backup archive"), "restore ARCHIVE", signet_cli_restore_run },
  { "init", N_("Set up signing for a new repository"),
    "init GUN [--root-key ID] [--new-root-key] [--local-snapshot]", signet_cli_init_run },
  { "sign", N_("Sign image tags (digest and size from the registry)"), "sign IMAGE:TAG…", signet_cli_sign_run },
  { "revoke", N_("Remove the signature of a tag, or of every tag"), "revoke IMAGE[:TAG] [--yes]",
    signet_cli_revoke_run },
  { "signer", N_("Add or remove a signer (as docker trust signer)"),
    "signer add NAME IMAGE… --key PUB | signer remove NAME IMAGE… [--yes]", signet_cli_signer_run },
  { "delegation", N_("Add, remove or list delegations (as notary delegation)"),
    "delegation add|remove|list GUN [ROLE] …", signet_cli_delegation_run },
  { "rotate", N_("Rotate the root, targets, snapshot or timestamp key"),
    "rotate GUN ROLE [--server-managed] [--yes]", signet_cli_rotate_run },
  { "witness", N_("Re-sign roles to renew their expiry"), "witness GUN ROLE…", signet_cli_witness_run },
  { "signatures", N_("Show DCT, cosign and Notation signatures of images side by side"),
    "signatures [--json] [--no-dct] IMAGE[:TAG]…", signet_cli_signatures_run },
  { "cosign", N_("cosign keys and signatures (generate, import, trust, keys, sign, verify)"),
    "cosign COMMAND [OPTIONS…]", signet_cli_cosign_run },
  { "migrate", N_("List a repository's DCT-signed tags and re-sign them with cosign"),
    "migrate REPOSITORY [--key NAME (--tag TAG…|--all)] [--json]", signet_cli_migrate_run },
  { NULL, NULL, NULL, NULL }
};

static void
print_usage (FILE *out)
{
  fprintf (out,
           _("Usage: signet-cli [--version] [--help] COMMAND [ARGS…]\n"
             "\n"
             "Inspect and manage Docker Content Trust (Notary v1) signatures of container images.\n"
             "Reads the same trust directory, credentials and environment as docker and notary.\n"
             "\n"
             "Commands:\n"));
  for (guint i = 0; commands[i].name != NULL; i++)
    fprintf (out, "  %-22s %s\n", commands[i].name, _(commands[i].summary));
  fprintf (out,
           _("\n"
             "Run 'signet-cli COMMAND --help' for the options of a command.\n"
             "\n"
             "Common options: --trust-dir DIR, --server URL (override the trust directory\n"
             "and the notary server).\n"
             "\n"
             "Environment: DOCKER_CONFIG, DOCKER_CONTENT_TRUST_SERVER, DOCKER_CONTENT_TRUST_*_PASSPHRASE,\n"
             "NOTARY_*_PASSPHRASE.\n"
             "\n"
             "Exit status: 0 success, 1 verification or operation failed, 2 usage error,\n"
             "3 a server could not be reached.\n"));
}

int
main (int   argc,
      char *argv[])
{
  const char *name;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname ("signet-cli");

  if (argc < 2)
    {
      print_usage (stderr);
      return SIGNET_CLI_EXIT_USAGE;
    }

  name = argv[1];

  if (g_str_equal (name, "--help") || g_str_equal (name, "-h") || g_str_equal (name, "help"))
    {
      print_usage (stdout);
      return SIGNET_CLI_EXIT_OK;
    }

  if (g_str_equal (name, "--version") || g_str_equal (name, "version"))
    {
      printf ("signet-cli %s\n", SIGNET_VERSION_S);
      return SIGNET_CLI_EXIT_OK;
    }

  for (guint i = 0; commands[i].name != NULL; i++)
    {
      if (g_str_equal (commands[i].name, name))
        return commands[i].run (argc - 1, argv + 1);
    }

  fprintf (stderr, _("signet-cli: unknown command “%s”. Run 'signet-cli --help' for the list.\n"), name);
  return SIGNET_CLI_EXIT_USAGE;
}
