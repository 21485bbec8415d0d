import { useState } from 'react';
import type { StructureVersion } from '../../../../core/api/contracts/index.ts';
import { formatLocalDate, formatLocalDateTime } from '../../format.ts';
import { Icon } from '../../ui/Icon.tsx';
import { BEGINNING, formatDateTimeShort } from './dates.ts';
import { Panel } from './Panel.tsx';
import { RuleChanges } from './RuleChanges.tsx';
import { RuleDetails } from './RuleDetails.tsx';
import { summarizeRule } from './rule-text.ts';

function VersionItem({ version, previous, isCurrent }: { version: StructureVersion; previous: StructureVersion | undefined; isCurrent: boolean }) {
  const [isShowingRule, setIsShowingRule] = useState(false);
  const titleId = `version-${version.id}`;
  const name = `version ${version.version_number}`;
  const summary = summarizeRule(version);
  return (
    <li className={isCurrent ? 'st-version is-current' : 'st-version'}>
      <article aria-labelledby={titleId}>
        <span className="st-version-dot" aria-hidden="true" />
        <header className="st-version-header">
          <h3 id={titleId} className="st-version-title">
            Version {version.version_number}
          </h3>
          {isCurrent ? <span className="badge badge-accent">Current</span> : null}
          <span className="st-version-meta">
            {version.effective_from === BEGINNING ? (
              'In effect from the beginning'
            ) : (
              <>
                In effect from{' '}
                <time dateTime={version.effective_from} title={formatLocalDateTime(version.effective_from)}>
                  {formatDateTimeShort(version.effective_from)}
                </time>
              </>
            )}
            <span aria-hidden="true"> · </span>
            Saved{' '}
            <time dateTime={version.created_at} title={formatLocalDateTime(version.created_at)}>
              {formatLocalDate(version.created_at)}
            </time>
          </span>
        </header>
        <div className="st-version-body">
          {previous === undefined ? (
            <p className="st-version-first">
              First version: <strong>{summary.headline}</strong> <span className="st-quiet">· {summary.detail}</span>
            </p>
          ) : (
            <RuleChanges
              before={previous}
              after={version}
              label={`Changes from version ${previous.version_number} to ${version.version_number}`}
              emptyText="Saved again with the same rule."
            />
          )}
          <button
            type="button"
            className="button button-ghost button-small st-version-toggle"
            aria-expanded={isShowingRule}
            aria-controls={`${titleId}-rule`}
            onClick={() => setIsShowingRule((current) => !current)}
          >
            <Icon name={isShowingRule ? 'arrowUp' : 'arrowDown'} size={13} />
            {isShowingRule ? `Hide the rule of version ${version.version_number}` : `Show the rule of version ${version.version_number}`}
          </button>
          {isShowingRule ? (
            <div id={`${titleId}-rule`} className="st-version-rule">
              <RuleDetails rule={version} name={name} />
            </div>
          ) : null}
        </div>
      </article>
    </li>
  );
}

/**
 * Every version, newest first, each with what changed from the one before. A version's rule never
 * changes; its full parameters are one click away.
 */
export function VersionHistory({ versions }: { versions: StructureVersion[] }) {
  const ordered = [...versions].sort((a, b) => b.version_number - a.version_number);
  const byNumber = new Map(versions.map((version) => [version.version_number, version]));
  const current = ordered[0];
  return (
    <Panel
      title="Version history"
      count={`${versions.length} ${versions.length === 1 ? 'version' : 'versions'}`}
      description="A period is paid under the version in effect when it ends. Earnings already computed keep their version."
    >
      <ol className="st-versions" aria-label="Versions">
        {ordered.map((version) => (
          <VersionItem key={version.id} version={version} previous={byNumber.get(version.version_number - 1)} isCurrent={version === current} />
        ))}
      </ol>
    </Panel>
  );
}
