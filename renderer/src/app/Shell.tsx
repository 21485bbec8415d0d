import { MethodsScreen } from '../screens/methods/MethodsScreen.tsx';
import { SettingsScreen } from '../screens/settings/SettingsScreen.tsx';
import { ProjectsScreen } from '../screens/projects/ProjectsScreen.tsx';
import { CreatorsScreen } from '../screens/creators/CreatorsScreen.tsx';
import { StructuresScreen } from '../screens/structures/StructuresScreen.tsx';
import type { Route } from './use-hash-route.ts';
import { AccrualsScreen } from '../screens/accruals/AccrualsScreen.tsx';
import { DashboardScreen } from '../screens/dashboard/DashboardScreen.tsx';
import { PaymentsScreen } from '../screens/payments/PaymentsScreen.tsx';
import { PayoutsScreen } from '../screens/payouts/PayoutsScreen.tsx';
import { EarningsScreen } from '../screens/earnings/EarningsScreen.tsx';
import { ReferralsScreen } from '../screens/referrals/ReferralsScreen.tsx';
import { TaxYearScreen } from '../screens/tax-year/TaxYearScreen.tsx';
import { ActivityScreen } from '../screens/activity/ActivityScreen.tsx';
import { ConnectionBanner } from './ConnectionBanner.tsx';
import { Sidebar } from './Sidebar.tsx';
import { SyncStatusProvider } from './SyncStatusProvider.tsx';
import { useHashRoute } from './use-hash-route.ts';

/** Sidebar, connection banner and the current screen. */
export function Shell() {
  const route = useHashRoute();
  return (
    <SyncStatusProvider>
      <div className="app">
        <Sidebar route={route} />
        <main className="main">
          <ConnectionBanner />
          <div className="screen">
            <Screen route={route} />
          </div>
        </main>
      </div>
    </SyncStatusProvider>
  );
}

function Screen({ route }: { route: Route }) {
  switch (route) {
    case 'dashboard':
      return <DashboardScreen />;
    case 'methods':
      return <MethodsScreen />;
    case 'accruals':
      return <AccrualsScreen />;
    case 'payments':
      return <PaymentsScreen />;
    case 'payouts':
      return <PayoutsScreen />;
    case 'earnings':
      return <EarningsScreen />;
    case 'referrals':
      return <ReferralsScreen />;
    case 'tax-year':
      return <TaxYearScreen />;
    case 'activity':
      return <ActivityScreen />;
    case 'projects':
      return <ProjectsScreen />;
    case 'creators':
      return <CreatorsScreen />;
    case 'structures':
      return <StructuresScreen />;
    case 'settings':
      return <SettingsScreen />;
  }
}
