import type { AddRequest } from '../../app/service.js';
import { identitySummary } from '../../core/display.js';
import { inputError, UserError } from '../../core/errors.js';
import { assertValidLabel } from '../../core/labels.js';
import { sanitizeSecret } from '../../core/secret-input.js';
import { describeSecretRef, parseSecretRef } from '../../core/secret-ref.js';
import { parseEndpointFlags, parseKbUrl, parseProviderKind } from '../../core/validate.js';
import { auditAccounts } from '../audit-context.js';
import { cliService, interactive } from '../context.js';
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
  const service = await cliService();
  const { provider, kind } = parseProviderKind(service.providers, providerName, options.kind);
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
    // Resolved once by the service to check it (unless --no-check); only the reference is stored.
    return store({ secret: '', from: parseSecretRef(options.from) });
  }

  if (!currentIO().stdinIsTTY()) {
    const cleaned = sanitizeSecret(await readStdinBounded(MAX_SECRET_BYTES, 'the token'));
    if (!cleaned.ok) throw inputError(`${cleaned.reason}; nothing was stored`);
    return store({ secret: cleaned.secret });
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
  return store({ secret: cleaned.secret });

  async function store(given: Pick<AddRequest, 'secret' | 'from'>): Promise<number> {
    const result = await service.add({
      ...given,
      provider: provider.id,
      kind,
      label: options.label,
      url,
      endpoints,
      check: options.check,
      replace: options.replace,
      storage: options.storage,
      deck: options.deck,
      hints: 'flags',
      onChecking: () => notice(`Checking with ${provider.title}…`, options),
    });
    if (!result.stored) throw new UserError(result.message, { code: result.code, hint: result.hint });
    if (result.warning) warn(result.warning);
    const { account, check } = result;
    auditAccounts([account]);
    if (options.json) {
      const { toJson } = await import('./list.js');
      printJson(toJson(account));
    }
    const who = identitySummary(account);
    const { from } = given;
    // `notice` makes the whole line inert; the name is also capped where it was stored (providers/ingest.ts).
    notice(
      `${result.replaced ? 'Replaced the secret of' : 'Stored'} ${account.ref} (id ${account.id})${who ? ` for ${who}` : ''}, ${
        check ? check.health : 'unchecked'
      }${result.active ? ', active' : ''}${from ? `; its secret is read from ${describeSecretRef(from)} each time` : ''}.`,
      options,
    );
    return 0;
  }
}
