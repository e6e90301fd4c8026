/* signet-cli-backup.c: signet-cli backup --to DIR | --verify ARCHIVE, signet-cli restore ARCHIVE.
 *
 * Copyright 2026 The Signet authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "signet-backup-private.h"
#include "signet-cli-keys.h"
#include "signet-cli-private.h"
#include "signet-error.h"

static SignetCliOptions opts;
static char *opt_to = NULL;
static char *opt_verify = NULL;
static int opt_keep = 0;

static int
verify (const char *archive)
{
  g_autoptr(SignetBackup) backup = NULL;
  g_autoptr(SignetPassphraseChain) chain = NULL;
  GError *error = NULL;
  GPtrArray *entries;

  backup = _signet_backup_read (archive, &error);
  if (backup == NULL)
    return signet_cli_fail (error);
  entries = _signet_backup_get_entries (backup);
  printf (_("%s: backup of %s, %u keys, sizes and SHA-256 sums match\n"), archive,
          _signet_backup_get_created (backup), entries->len);
  chain = signet_cli_passphrase_chain ();
  if (!_signet_backup_verify_keys (backup, chain, &error))
    return signet_cli_fail (error);
  for (guint i = 0; i < entries->len; i++)
    {
      SignetBackupEntry *e = g_ptr_array_index (entries, i);

      if (g_strcmp0 (e->kind, SIGNET_BACKUP_KIND_COSIGN) == 0)
        printf ("  %-20s %-30s %s  %s\n", "cosign", "", e->name, _("decrypts"));
      else
        printf ("  %-20s %-30s %s  %s\n", e->role ? e->role : "", e->gun ? e->gun : "", e->id, _("decrypts"));
    }
  printf (_("Every key in the backup decrypts.\n"));
  return SIGNET_CLI_EXIT_OK;
}

int
signet_cli_backup_run (int    argc,
                       char **argv)
{
  const GOptionEntry entries[] = {
    { "to", 0, 0, G_OPTION_ARG_FILENAME, &opt_to, N_("Write a new backup archive into DIR"), N_("DIR") },
    { "keep", 0, 0, G_OPTION_ARG_INT, &opt_keep, N_("Keep only the newest N archives in DIR"), N_("N") },
    { "verify", 0, 0, G_OPTION_ARG_FILENAME, &opt_verify, N_("Check an archive and that every key decrypts"),
      N_("ARCHIVE") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(SignetKeystore) ks = NULL;
  g_autofree char *archive = NULL;
  g_autofree char *state = NULL;
  GError *error = NULL;
  int code;

  context = signet_cli_context_new ("backup", "",
                                    _("Back up the private keys of the trust directory into a verified tar "
                                      "archive, or verify an archive"),
                                    entries, &opts, SIGNET_CLI_OPTION_TRUST_DIR | SIGNET_CLI_OPTION_SHORT_D);
  if (!signet_cli_context_parse (context, &opts, FALSE, &argc, &argv, &code))
    return code;
  if (argc != 1 || (opt_to == NULL) == (opt_verify == NULL) || opt_keep < 0)
    {
      fprintf (stderr, _("signet-cli: use either backup --to DIR [--keep N] or backup --verify ARCHIVE\n"));
      return SIGNET_CLI_EXIT_USAGE;
    }
  if (opt_verify != NULL)
    return verify (opt_verify);

  ks = signet_cli_open_keystore (&opts);
  archive = _signet_backup_create (ks, opt_to, opt_keep, &error);
  if (archive == NULL)
    return signet_cli_fail (error);
  state = _signet_backup_state_path ();
  printf (_("Wrote and verified %s\nRecorded in %s\n"), archive, state);
  return SIGNET_CLI_EXIT_OK;
}

int
signet_cli_restore_run (int    argc,
                        char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(SignetKeystore) ks = NULL;
  g_autoptr(SignetBackup) backup = NULL;
  g_autoptr(GPtrArray) restored = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) conflicts = g_ptr_array_new_with_free_func (g_free);
  GError *error = NULL;
  gboolean ok;
  int code;

  context = signet_cli_context_new ("restore", "ARCHIVE",
                                    _("Restore private keys from a backup archive; existing different keys "
                                      "are never overwritten"),
                                    NULL, &opts, SIGNET_CLI_OPTION_TRUST_DIR | SIGNET_CLI_OPTION_SHORT_D);
  if (!signet_cli_context_parse (context, &opts, FALSE, &argc, &argv, &code))
    return code;
  if (argc != 2)
    {
      fprintf (stderr, _("signet-cli: give exactly one archive\n"));
      return SIGNET_CLI_EXIT_USAGE;
    }

  backup = _signet_backup_read (argv[1], &error);
  if (backup == NULL)
    return signet_cli_fail (error);
  ks = signet_cli_open_keystore (&opts);
  ok = _signet_backup_restore (backup, ks, restored, conflicts, &error);
  for (guint i = 0; i < restored->len; i++)
    printf (_("restored  %s\n"), (char *) g_ptr_array_index (restored, i));
  for (guint i = 0; i < conflicts->len; i++)
    fprintf (stderr, _("conflict  %s exists with different contents; kept it, not overwritten\n"),
             (char *) g_ptr_array_index (conflicts, i));
  if (!ok)
    return signet_cli_fail (error);
  printf (_("Restored %u key(s); %u already present.\n"), restored->len,
          _signet_backup_get_entries (backup)->len - restored->len);
  return SIGNET_CLI_EXIT_OK;
}
