import type { ActivityEntity } from '../../../../core/api/contracts/index.ts';
import { Section } from '../../ui/Section.tsx';
import { ActivityLog } from './ActivityLog.tsx';

/** "History" on a detail page: the audit log of this one entity, newest first. */
export function HistorySection({ entity, id, noun, refreshKey }: { entity: ActivityEntity; id: string; noun: string; /** e.g. the entity's updated_at: the history is read again when it changes. */ refreshKey?: string }) {
  return (
    <Section title="History" description={`Every change to this ${noun}, newest first; open a row for its before → after.`}>
      <ActivityLog filter={{ entity, entityId: id }} emptyText={`No change to this ${noun} is recorded yet.`} compact {...(refreshKey !== undefined && { refreshKey })} />
    </Section>
  );
}
