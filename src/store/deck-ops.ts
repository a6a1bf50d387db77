/**
 * The pass-store side of shared decks as the app layer's {@link PassDecks} port (src/core/ports.ts): listing,
 * recipients, the programs around pass, and `deck sync`'s git work (loaded only when a sync runs).
 */
import type { DeckConfig } from '../core/model.js';
import type { DeckSyncResult } from '../core/ports.js';

export { deckAccountId, deckRecipients, defaultPassStore, listDeck, notAPassStore } from './pass-deck.js';
export { notInstalled, runBounded } from './secret-command.js';

/** `git pull --rebase` then `git push` of a deck's store (src/store/deck-sync.ts). */
export async function syncDeck(config: DeckConfig): Promise<DeckSyncResult> {
  return (await import('./deck-sync.js')).syncDeck(config);
}
