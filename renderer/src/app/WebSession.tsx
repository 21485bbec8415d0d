import { useCallback, useState } from 'react';
import { createApiClient } from '../api/client.ts';
import { forgetApiKey, storeApiKey } from '../backend/api-key.ts';
import type { BackendHandle, HttpBackendOptions } from '../backend/index.ts';
import { SignInScreen, type SignInNotice, type VerifyKey } from '../screens/sign-in/SignInScreen.tsx';
import { SessionProvider } from './SessionProvider.tsx';
import { Shell } from './Shell.tsx';

type CreateHttpBackend = (options: HttpBackendOptions) => BackendHandle;

type WebSessionProps = { create: CreateHttpBackend; initialKey: string | null };

/**
 * The web build needs an API key. Without one (or once the server rejects it) it shows the
 * sign-in screen; with one it runs the app over HTTP + WebSocket.
 */
export function WebSession({ create, initialKey }: WebSessionProps) {
  const [apiKey, setApiKey] = useState(initialKey);
  const [notice, setNotice] = useState<SignInNotice | null>(null);

  const signOut = useCallback(() => {
    forgetApiKey();
    setNotice({ tone: 'info', text: 'You signed out. Sign in again with an API key.' });
    setApiKey(null);
  }, []);

  const handleAuthError = useCallback(() => {
    forgetApiKey();
    setNotice({ tone: 'warning', text: 'The server did not accept your API key; it may have been revoked. Sign in with a valid key.' });
    setApiKey(null);
  }, []);

  const verify = useCallback<VerifyKey>(
    async (key) => {
      // A throwaway backend: a rejected candidate key must not sign anybody out.
      const probe = createApiClient(create({ apiKey: key, onAuthError: () => undefined }).backend);
      const result = await probe.call('GET /payout-methods', { query: { limit: 1 } });
      if (result.ok) return null;
      if (result.error.code === 'invalid_api_key') return 'That key was not accepted by the server. Check it, or create a new one.';
      return result.error.message;
    },
    [create],
  );

  if (apiKey === null) {
    return (
      <SignInScreen
        notice={notice}
        verify={verify}
        onSignedIn={(key) => {
          storeApiKey(key);
          setNotice(null);
          setApiKey(key);
        }}
      />
    );
  }
  // Keyed by the key: a new key gets a fresh backend and socket.
  return <SignedIn key={apiKey} apiKey={apiKey} create={create} onAuthError={handleAuthError} signOut={signOut} />;
}

type SignedInProps = { apiKey: string; create: CreateHttpBackend; onAuthError(): void; signOut(): void };

function SignedIn({ apiKey, create, onAuthError, signOut }: SignedInProps) {
  const [handle] = useState(() => create({ apiKey, onAuthError }));
  return (
    <SessionProvider handle={handle} apiKey={apiKey} signOut={signOut}>
      <Shell />
    </SessionProvider>
  );
}
