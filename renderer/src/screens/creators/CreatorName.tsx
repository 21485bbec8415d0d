import type { Creator } from '../../../../core/api/contracts/index.ts';
import { routePath } from '../../app/use-hash-route.ts';
import { MethodAvatar } from '../methods/MethodAvatar.tsx';

/** Avatar, name (a link to the creator's page) and handle, as the first cell of creator rows. */
export function CreatorName({ creator }: { creator: Pick<Creator, 'id' | 'name' | 'handle'> }) {
  return (
    <div className="method-name">
      <MethodAvatar name={creator.name} iconUrl={null} />
      <div className="method-name-text">
        <a className="cell-link method-name-primary" href={routePath('creators', creator.id)}>
          {creator.name}
        </a>
        {creator.handle === null ? null : <span className="method-name-secondary">{creator.handle}</span>}
      </div>
    </div>
  );
}
