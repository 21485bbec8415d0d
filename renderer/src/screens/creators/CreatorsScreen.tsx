import { useRouteParams } from '../../app/use-hash-route.ts';
import { VideoHistory } from '../videos/VideoHistory.tsx';
import { CreatorDetail } from './CreatorDetail.tsx';
import { CreatorsList } from './CreatorsList.tsx';

/** `#/creators`, `#/creators/<id>` and a video's history at `#/creators/<id>/videos/<videoId>`. */
export function CreatorsScreen() {
  const [creatorId, section, videoId] = useRouteParams();
  if (creatorId === undefined) return <CreatorsList />;
  if (section === 'videos' && videoId !== undefined) return <VideoHistory key={videoId} creatorId={creatorId} videoId={videoId} />;
  return <CreatorDetail key={creatorId} creatorId={creatorId} />;
}
