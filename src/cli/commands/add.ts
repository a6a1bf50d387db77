import {
  addAccount,
  deckCarryOver,
  describeAccounts,
  parseProviderKind,
  replacedWithEntry,
} from '../../app/accounts.js';
import type { CheckResult } from '../../core/adapter.js';
import { admit } from '../../core/admission.js';
import { identitySummary } from '../../core/display.js';
import { inputError, UserError } from '../../core/errors.js';
import { assertValidLabel } from '../../core/labels.js';
import { accountRef } from '../../core/references.js';
import { sanitizeSecret } from '../../core/secret-input.js';
import { describeSecretRef, parseSecretRef, type SecretRef } from '../../core/secret-ref.js';
import { parseEndpointFlags, parseKbUrl } from '../../core/validate.js';
import { auditAccounts } from '../audit-context.js';
import { cliStore, interactive } from '../context.js';
import { currentIO } from '../io.js';
import { notice, type OutputOptions, printJson, warn } from '../output.js';
import { MAX_SECRET_BYTES, readStdinBounded } from '../read-input.js';

interface AddOptions extends OutputOptions {
  kind: string;
  label?: string;
  url?: string;
  endpoint?: string[];
  check: boolean;
  replace?: boolean;
  /** Absent: the file, or where the replaced account keeps its secret. */
  storage?: 'file' | 'keyring';
  /** A secret reference (`cmd:…`, `pass:…`) stored instead of a secret. */
  from?: string;
  /** The shared deck to store it in. */
  deck?: string;
}

/** `authdeck add <provider>`: the secret from stdin or a masked prompt (never argv), checked, then stored. */
export default async function add(providerName: string, options: AddOptions): Promise<number> {
  const { provider, kind } = parseProviderKind(providerName, options.kind);
  if (options.label !== undefined) assertValidLabel(options.label);
  // A replaced KB key keeps its account's URL (checked once the account is known).
  if (kind === 'kb' && !options.url && !options.replace)
    throw inputError('a KB key needs its knowledge box URL: --url <KB URL>');
  if (kind !== 'kb' && options.url) throw inputError('--url is only for Nuclia KB keys (--kind kb)');
  const url = options.url ? parseKbUrl(options.url) : undefined;
  const endpoints = parseEndpointFlags(provider, options.endpoint);

  if (options.deck !== undefined && options.storage) {
    throw inputError('--deck and --storage do not go together: a deck keeps the secret in its pass store');
  }
  if (options.from !== undefined) {
    if (options.storage)
      throw inputError('--from and --storage do not go together: the secret stays where --from points');
    if (options.deck) throw inputError('--from and --deck do not go together: a deck keeps the secret itself');
    const from = parseSecretRef(options.from);
    let secret = '';
    if (options.check) {
      // Resolved once now, to check it; only the reference is stored.
      const { resolveSecretRef } = await import('../../store/secret-command.js');
      try {
        secret = (await resolveSecretRef(from)).secret;
      } catch (error) {
        throw new UserError(
          `cannot get the secret from ${describeSecretRef(from)}: ${(error as Error).message}; nothing was stored`,
          {
            hint: 'try the command by hand, or store the reference unchecked with --no-check',
          },
        );
      }
    }
    return store(secret, from);
  }

  if (!currentIO().stdinIsTTY()) {
    const cleaned = sanitizeSecret(await readStdinBounded(MAX_SECRET_BYTES, 'the token'));
    if (!cleaned.ok) throw inputError(`${cleaned.reason}; nothing was stored`);
    return store(cleaned.secret);
  }
  if (interactive()) {
    // A person at a terminal gets the paste screen, cursor in the token field.
    const { openTui } = await import('../tui.js');
    return openTui({
      screen: 'add',
      provider: provider.id,
      kind,
      label: options.label,
      url,
      endpoints,
      check: options.check,
      replace: options.replace,
      storage: options.storage,
      deck: options.deck,
    });
  }
  const { promptSecret } = await import('../prompt.js');
  const typed = await promptSecret(`${provider.title} token (input is hidden): `);
  if (typed === null) throw new UserError('cancelled; nothing was stored');
  const cleaned = sanitizeSecret(typed);
  if (!cleaned.ok) throw inputError(`${cleaned.reason}; nothing was stored`);
  return store(cleaned.secret);

  async function store(secret: string, from?: SecretRef): Promise<number> {
    // A replaced account's new secret goes where the account lives: its endpoints and KB URL, unless new ones are given.
    const { carriedOver, replaceTarget } = await import('../../core/batch.js');
    // A replaced deck account keeps what its entry says besides the secret (read from the entry).
    const target = options.replace
      ? await replacedWithEntry(
          replaceTarget(
            cliStore().read().accounts,
            { provider: provider.id, kind, label: options.label, replace: options.replace, deck: options.deck },
            provider.inspect(secret, kind),
          ),
        )
      : undefined;
    const where = carriedOver(target, { endpoints, url });
    const kept = deckCarryOver(target, { endpoints, url });
    if (kind === 'kb' && !where.url) throw inputError('a KB key needs its knowledge box URL: --url <KB URL>');
    let check: CheckResult | undefined;
    if (options.check) {
      notice(`Checking with ${provider.title}…`, options);
      const { runChecks } = await import('../../app/check.js');
      const results = await runChecks([
        {
          key: 'new',
          credential: {
            provider: provider.id,
            kind,
            secret,
            endpoints: where.endpoints,
            resource: where.url ? { url: where.url } : null,
          },
        },
      ]);
      check = results.get('new')!;
      const verdict = admit(check, provider);
      if (!verdict.store) throw new UserError(verdict.message, { code: verdict.code, hint: verdict.hint });
      if (verdict.warning) warn(verdict.warning);
    }
    const outcome = await addAccount(cliStore(), {
      provider: provider.id,
      kind,
      secret,
      label: options.label,
      url: kept.url,
      endpoints: kept.endpoints,
      description: kept.description,
      replace: options.replace,
      check,
      storage: options.storage,
      from,
      deck: options.deck,
    });
    const { account } = outcome;
    auditAccounts([account]);
    if (options.json) {
      const { toJson } = await import('./list.js');
      const view = describeAccounts(cliStore().read()).accounts.find((a) => a.id === account.id)!;
      printJson(toJson(view));
    }
    const who = identitySummary(account);
    // `notice` makes the whole line inert; the name is also capped where it was stored (providers/ingest.ts).
    notice(
      `${outcome.replaced ? 'Replaced the secret of' : 'Stored'} ${accountRef(account)} (id ${account.id})${who ? ` for ${who}` : ''}, ${
        check ? check.health : 'unchecked'
      }${outcome.active ? ', active' : ''}${from ? `; its secret is read from ${describeSecretRef(from)} each time` : ''}.`,
      options,
    );
    return 0;
  }
}
