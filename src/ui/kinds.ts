import type { CredentialKind } from '../core/vocabulary.js';

/** What each kind of credential is called on screen. */
export const KIND_NAMES: Record<CredentialKind, string> = {
  user: 'user token (personal access token)',
  kb: 'knowledge-box API key',
  processing: 'processing (NUA) key',
};
