import { Text } from 'ink';
import { useTheme } from '../context.js';

/** Props of {@link Title}. */
export interface TitleProps {
  /** The screen's name: `Accounts`, `Add a token`, `Help`… */
  children: string;
  /** Shown on the right, muted (counts, the demo notice). */
  aside?: string;
}

/** The first line of every screen. */
export function Title({ children, aside }: TitleProps) {
  const theme = useTheme();
  return (
    <Text wrap="truncate-end">
      <Text bold color={theme.accent}>
        {children}
      </Text>
      {aside ? <Text color={theme.muted}>{`  ${aside}`}</Text> : null}
    </Text>
  );
}
