import { MethodsScreen } from '../screens/methods/MethodsScreen.tsx';
import { SettingsScreen } from '../screens/settings/SettingsScreen.tsx';
import { ConnectionBanner } from './ConnectionBanner.tsx';
import { Sidebar } from './Sidebar.tsx';
import { useHashRoute } from './use-hash-route.ts';

/** Sidebar, connection banner and the current screen. */
export function Shell() {
  const route = useHashRoute();
  return (
    <div className="app">
      <Sidebar route={route} />
      <main className="main">
        <ConnectionBanner />
        <div className="screen">{route === 'settings' ? <SettingsScreen /> : <MethodsScreen />}</div>
      </main>
    </div>
  );
}
