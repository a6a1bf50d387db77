import { Box, Text } from 'ink';
import type { AccountView, EnvInEffect } from '../../app/accounts.js';
import { useTheme } from '../context.js';
import { SYMBOLS } from '../theme.js';

/** Props of {@link EnvBanner}. */
export interface EnvBannerProps {
  env: readonly EnvInEffect[];
  /** Looks up the account a variable shadows, to name it. */
  account(id: string): AccountView | undefined;
}

/** One line per vendor env var in effect: an override is never silent. */
export function EnvBanner({ env, account }: EnvBannerProps) {
  const theme = useTheme();
  if (env.length === 0) return null;
  return (
    <Box flexDirection="column">
      {env.map((e) => {
        const shadowed = e.shadows ? account(e.shadows) : undefined;
        return (
          <Text key={e.name} color={theme.warning} wrap="truncate-end">
            {`${SYMBOLS.warning} ${e.name} is set (${e.secret}): `}
            {shadowed ? `it wins over ${shadowed.ref}` : `it is used for ${e.provider} ${e.kind}`}
            {'; unset it to use the stored one'}
          </Text>
        );
      })}
    </Box>
  );
}
