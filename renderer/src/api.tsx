/** The engine API for the components (the preload's or the dev bridge's, see ipc/transport). */
import { createContext, useContext } from 'react';
import type { WritebackApi } from '../../shared/ipc';

export const ApiContext = createContext<WritebackApi | undefined>(undefined);

export function useApi(): WritebackApi {
  const api = useContext(ApiContext);
  if (!api) throw new Error('The wizard was rendered without an engine API.');
  return api;
}
