import { useRouteParams } from '../../app/use-hash-route.ts';
import { EditRulePage, NewStructurePage } from './StructureFormPage.tsx';
import { StructureDetail } from './StructureDetail.tsx';
import { StructuresList } from './StructuresList.tsx';

/**
 * Payout structures: `#/structures` lists them, `#/structures/new` creates one,
 * `#/structures/<id>` shows one and `#/structures/<id>/rule` edits its rule.
 */
export function StructuresScreen() {
  const [first, second] = useRouteParams();
  if (first === undefined) return <StructuresList />;
  if (first === 'new') return <NewStructurePage />;
  // Keyed by id: another structure's page starts from scratch (dialogs, selection, loaded data).
  if (second === 'rule') return <EditRulePage key={first} structureId={first} />;
  return <StructureDetail key={first} structureId={first} />;
}
