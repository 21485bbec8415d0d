import { useState, type FormEvent } from 'react';
import { API_KEY_PATTERN } from '../../backend/api-key.ts';
import { Banner } from '../../ui/Banner.tsx';
import { Field } from '../../ui/Field.tsx';
import { Icon } from '../../ui/Icon.tsx';

/** Checks a candidate key against the server: null when accepted, else what to tell the user. */
export type VerifyKey = (key: string) => Promise<string | null>;
export type SignInNotice = { tone: 'info' | 'warning'; text: string };

type SignInScreenProps = {
  notice: SignInNotice | null;
  verify: VerifyKey;
  onSignedIn(key: string): void;
};

/** Web only: the desktop app needs no key. */
export function SignInScreen({ notice, verify, onSignedIn }: SignInScreenProps) {
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const [isChecking, setIsChecking] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const candidate = key.trim();
    if (candidate === '') return setError('Paste an API key to continue.');
    if (!API_KEY_PATTERN.test(candidate)) return setError('API keys start with “tga_” followed by letters and digits.');
    setIsChecking(true);
    const problem = await verify(candidate);
    setIsChecking(false);
    if (problem !== null) return setError(problem);
    onSignedIn(candidate);
  }

  return (
    <div className="sign-in">
      <div className="sign-in-card">
        <div className="sign-in-brand">
          <span className="brand-mark" aria-hidden="true">
            <Icon name="payments" size={20} />
          </span>
          <span className="brand-name">Payouts desk</span>
        </div>
        <h1 className="sign-in-title">Sign in</h1>
        <p className="sign-in-lead">This page works with the Payouts desk server through an API key.</p>
        {notice === null ? null : <Banner tone={notice.tone}>{notice.text}</Banner>}
        <form className="sign-in-form" onSubmit={(event) => void submit(event)} noValidate>
          <Field label="API key" error={error}>
            {(control) => (
              <input
                {...control}
                className="input input-mono"
                type="password"
                autoComplete="off"
                spellCheck={false}
                placeholder="tga_…"
                value={key}
                data-autofocus
                autoFocus
                onChange={(event) => {
                  setKey(event.target.value);
                  setError(undefined);
                }}
              />
            )}
          </Field>
          <button type="submit" className="button button-primary button-block" disabled={isChecking}>
            {isChecking ? 'Checking…' : 'Sign in'}
          </button>
        </form>
        <div className="sign-in-help">
          <Icon name="key" />
          <p>
            Open the link printed by <code>npm run serve</code>, or create a key with{' '}
            <code className="sign-in-command">npm run payouts -- keys create --name NAME</code>
          </p>
        </div>
      </div>
    </div>
  );
}
