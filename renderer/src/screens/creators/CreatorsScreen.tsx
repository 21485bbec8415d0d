import { useRouteParams } from '../../app/use-hash-route.ts';
import { StatementScreen } from '../statements/StatementScreen.tsx';
import { VideoHistory } from '../videos/VideoHistory.tsx';
import { CreatorDetail } from './CreatorDetail.tsx';
import { CreatorsList } from './CreatorsList.tsx';

/** `#/creators`, `#/creators/<id>`, a statement at `#/creators/<id>/statement` and a video's history at `#/creators/<id>/videos/<videoId>`. */
export function CreatorsScreen() {
  const [creatorId, section, videoId] = useRouteParams();
  if (creatorId === undefined) return <CreatorsList />;
  if (section === 'videos' && videoId !== undefined) return <VideoHistory key={videoId} creatorId={creatorId} videoId={videoId} />;
  if (section === 'statement') return <StatementScreen key={creatorId} creatorId={creatorId} />;
  return <CreatorDetail key={creatorId} creatorId={creatorId} />;
}
