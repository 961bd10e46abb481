/** The API client and the display currency, shared by every page through React context. */
import { createContext, useContext } from 'react';
import type { Api } from './api.ts';

export interface DashboardContext {
  api: Api;
  /** The billing currency of the data (the largest, when several). */
  currency: string;
  /** True when the data holds more than one billing currency. */
  mixedCurrencies: boolean;
}

export const ApiContext = createContext<DashboardContext | null>(null);

/** The dashboard context of the nearest provider. */
export function useDashboard(): DashboardContext {
  const ctx = useContext(ApiContext);
  if (!ctx) throw new Error('useDashboard outside ApiContext');
  return ctx;
}
