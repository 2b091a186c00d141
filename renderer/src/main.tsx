import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiContext } from './api';
import { App } from './app';
import { engineApi } from './ipc/transport';
import './styles.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ApiContext.Provider value={engineApi()}>
      <App />
    </ApiContext.Provider>
  </StrictMode>,
);
