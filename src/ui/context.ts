/**
 * What screens receive from the root instead of importing it: the account service (so there is no
 * I/O in components, and tests pass a fake) and the theme.
 */
import { createContext, useContext } from 'react';
import type { AccountService } from '../app/service.js';
import { createTheme, type Theme } from './theme.js';

/** The account service, provided by App.tsx. */
export const ServiceContext = createContext<AccountService | null>(null);

/** The service the app was started with. */
export function useService(): AccountService {
  const service = useContext(ServiceContext);
  if (!service) throw new Error('useService outside <App>');
  return service;
}

/** The theme, provided by App.tsx (colour off with NO_COLOR). */
export const ThemeContext = createContext<Theme>(createTheme({ color: true }));

/** The current theme. */
export function useTheme(): Theme {
  return useContext(ThemeContext);
}
