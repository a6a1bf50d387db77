/**
 * The words every layer shares: the providers authdeck ships, what a credential is, and its seven healths.
 * Pure data, in core, so that every folder may name them.
 */

/** Every service adapter authdeck ships. */
export const PROVIDER_IDS = ['curvenote', 'nuclia', 'appcircle', 'platformsh', 'upsun', 'etm', 'bearer'] as const;
export type ProviderId = (typeof PROVIDER_IDS)[number];

/** What a credential is: a person's token, a knowledge-box API key, or a processing (NUA) key. */
export const CREDENTIAL_KINDS = ['user', 'kb', 'processing'] as const;
export type CredentialKind = (typeof CREDENTIAL_KINDS)[number];

/** The vendors whose CLI config holds durable credentials (`authdeck import <vendor>`). */
export const IMPORT_VENDORS = ['curvenote', 'nuclia', 'platformsh', 'upsun'] as const;
export type ImportVendor = (typeof IMPORT_VENDORS)[number];

/** The seven states of DESIGN.md *Conventions*; presence never counts as valid. */
export const HEALTHS = [
  'valid',
  'expiring',
  'expired',
  'rejected',
  'insufficient_scope',
  'unreachable',
  'unchecked',
] as const;
export type Health = (typeof HEALTHS)[number];
