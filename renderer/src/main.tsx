import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.tsx';
import { consumeKeyFromLocation, readStoredApiKey } from './backend/api-key.ts';
import { pickBackend } from './backend/index.ts';
import './styles.css';

const choice = pickBackend();
// Before the first render: the sign-in link's key must leave the address bar at once.
const initialKey = choice.transport === 'http' ? (consumeKeyFromLocation() ?? readStoredApiKey()) : null;

const container = document.getElementById('root');
if (container === null) throw new Error('index.html must contain #root');

createRoot(container).render(
  <StrictMode>
    <App choice={choice} initialKey={initialKey} />
  </StrictMode>,
);
