import { useMemo, useState } from 'react';
import type { Project, Statement } from '../../../../core/api/contracts/index.ts';
import { statementFileStem } from '../../../../core/domain/statement.ts';
import { useResource } from '../../api/use-resource.ts';
import { useApi } from '../../app/backend-context.ts';
import { routeHref, routePath } from '../../app/use-hash-route.ts';
import { pluralize } from '../../format.ts';
import { Banner } from '../../ui/Banner.tsx';
import { downloadBytes, downloadText } from '../../ui/download.ts';
import { DetailLoading, DetailProblem } from '../../ui/DetailStates.tsx';
import { Icon } from '../../ui/Icon.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { useToast } from '../../ui/toast-context.ts';
import { useProjectDirectory } from '../projects/use-project-directory.ts';
import { StatementView } from './StatementView.tsx';
import { STATEMENT_CSS } from './statement-css.ts';

/** What the manager picked; empty dates mean the server's default range (this month to today). */
type Choice = { projectId: string; from: string; to: string };

/**
 * `#/creators/<id>/statement`: one creator's statement in one of their projects over a range of
 * days, the document the PDF prints, with Download PDF / CSV and Print.
 */
export function StatementScreen({ creatorId }: { creatorId: string }) {
  const creator = useResource(`creator:${creatorId}`, (api) => api.call('GET /creators/:id', { params: { id: creatorId } }));
  const directory = useProjectDirectory();
  const loadedCreator = creator.result?.ok === true ? creator.result.data : null;
  const memberProjects = useMemo(
    () => (loadedCreator?.project_ids ?? []).map((id) => directory.byId.get(id)).filter((project): project is Project => project !== undefined),
    [loadedCreator, directory.byId],
  );
  const creatorName = loadedCreator?.name ?? 'Creator';
  const breadcrumb = (
    <nav className="breadcrumb no-print" aria-label="Breadcrumb">
      <a href={routeHref('creators')}>Creators</a>
      <Icon name="chevronRight" size={14} />
      <a href={routePath('creators', creatorId)}>{creatorName}</a>
      <Icon name="chevronRight" size={14} />
      <span aria-current="page">Statement</span>
    </nav>
  );

  if (creator.result !== null && !creator.result.ok) {
    return (
      <>
        {breadcrumb}
        <DetailProblem
          icon="creators"
          noun="creator"
          error={creator.result.error}
          back={
            <a className="button button-secondary" href={routeHref('creators')}>
              All creators
            </a>
          }
        />
      </>
    );
  }
  if (loadedCreator === null || directory.isLoading) {
    return (
      <>
        {breadcrumb}
        <DetailLoading />
      </>
    );
  }
  if (memberProjects.length === 0) {
    return (
      <>
        {breadcrumb}
        <div className="empty-state">
          <span className="empty-icon">
            <Icon name="projects" size={20} />
          </span>
          <p className="empty-title">No project yet</p>
          <p className="empty-text">A statement is kept per project, and {creatorName} is in none.</p>
          <div className="empty-actions">
            <a className="button button-secondary" href={routePath('creators', creatorId)}>
              Add them to a project
            </a>
          </div>
        </div>
      </>
    );
  }
  return (
    <>
      {breadcrumb}
      <StatementPanel creatorId={creatorId} creatorName={creatorName} projects={memberProjects} />
    </>
  );
}

/** The range picker, the document and its downloads, once the creator's projects are known. */
function StatementPanel({ creatorId, creatorName, projects }: { creatorId: string; creatorName: string; projects: readonly Project[] }) {
  const [choice, setChoice] = useState<Choice>({ projectId: '', from: '', to: '' });
  const projectId = projects.some((project) => project.id === choice.projectId) ? choice.projectId : projects[0]!.id;
  const query = { project_id: projectId, ...(choice.from !== '' && { from: choice.from }), ...(choice.to !== '' && { to: choice.to }) };
  const statement = useResource(`statement:${creatorId}:${projectId}:${choice.from}:${choice.to}`, (api) =>
    api.call('GET /creators/:id/statement', { params: { id: creatorId }, query: { ...query, format: 'json' } }),
  );
  const loaded: Statement | null = statement.result?.ok === true && isStatement(statement.result.data) ? statement.result.data : null;
  const statementError = statement.result !== null && !statement.result.ok ? statement.result.error : null;
  const api = useApi();
  const toast = useToast();
  const [busy, setBusy] = useState<'pdf' | 'csv' | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  async function download(format: 'pdf' | 'csv') {
    if (loaded === null) return;
    setBusy(format);
    setProblem(null);
    // Exactly the range on screen, even if the day changed since it loaded.
    const answer = await api.call('GET /creators/:id/statement', {
      params: { id: creatorId },
      query: { project_id: loaded.project.id, from: loaded.from, to: loaded.to, format },
    });
    setBusy(null);
    if (!answer.ok) return setProblem(answer.error.message);
    const filename = `${statementFileStem(loaded)}.${format}`;
    if (format === 'pdf') {
      if (!(answer.data instanceof Uint8Array)) return setProblem('The server did not answer a PDF file.');
      downloadBytes(filename, answer.data, 'application/pdf');
    } else {
      if (typeof answer.data !== 'string') return setProblem('The server did not answer a CSV file.');
      downloadText(filename, answer.data);
    }
    toast.show({ tone: 'success', title: `Downloaded ${filename}`, description: `${pluralize(loaded.entries.length, 'entry', 'entries')}, ${loaded.from} to ${loaded.to}.` });
  }

  return (
    <>
      <div className="no-print">
        <PageHeader
          title={`Statement for ${creatorName}`}
          description="Everything owed and paid in the range, by day in the project’s time zone: the balance carried in, each accrual, payment, adjustment and clawback, and the balance carried out."
          actions={
            <>
              <button type="button" className="button button-secondary" onClick={() => window.print()} disabled={loaded === null}>
                <Icon name="file" size={16} />
                Print
              </button>
              <button type="button" className="button button-secondary" onClick={() => void download('csv')} disabled={loaded === null || busy !== null}>
                <Icon name="download" size={16} />
                {busy === 'csv' ? 'Preparing…' : 'Download CSV'}
              </button>
              <button type="button" className="button button-primary" onClick={() => void download('pdf')} disabled={loaded === null || busy !== null}>
                <Icon name="download" size={16} />
                {busy === 'pdf' ? 'Printing…' : 'Download PDF'}
              </button>
            </>
          }
        />

        <div className="ac-filters" role="group" aria-label="Statement range">
          <div className="ac-filter">
            <label className="ac-filter-label" htmlFor="statement-project">
              Project
            </label>
            <select
              id="statement-project"
              className="input ac-select"
              value={projectId}
              disabled={projects.length < 2}
              onChange={(event) => setChoice({ ...choice, projectId: event.target.value })}
            >
              {projects.map((project) => (
                <option key={project.id} value={project.id}>
                  {project.name}
                </option>
              ))}
            </select>
          </div>
          <DayField id="statement-from" label="From" value={choice.from !== '' ? choice.from : (loaded?.from ?? '')} onChange={(from) => setChoice({ ...choice, from })} />
          <DayField id="statement-to" label="To" value={choice.to !== '' ? choice.to : (loaded?.to ?? '')} onChange={(to) => setChoice({ ...choice, to })} />
          {choice.from !== '' || choice.to !== '' ? (
            <button type="button" className="button button-ghost button-small" onClick={() => setChoice({ ...choice, from: '', to: '' })}>
              This month
            </button>
          ) : null}
        </div>

        {statementError === null ? null : (
          <Banner tone="danger" title="Couldn’t load the statement">
            {statementError.message}{' '}
            <button type="button" className="button button-ghost button-small" onClick={statement.reload}>
              Try again
            </button>
          </Banner>
        )}
        {problem === null ? null : (
          <Banner tone="danger" title="Not downloaded">
            {problem}
          </Banner>
        )}
      </div>

      {loaded === null ? (
        statementError === null ? (
          <DetailLoading />
        ) : null
      ) : (
        <div className="statement-paper" aria-busy={statement.isLoading}>
          <style>{STATEMENT_CSS}</style>
          <StatementView statement={loaded} />
        </div>
      )}
      <p className="table-note no-print">
        <Icon name="info" size={14} />
        Every member’s statement as one zip: “Statements” on <a href={routePath('projects', projectId)}>the project’s page</a>
      </p>
    </>
  );
}

function DayField({ id, label, value, onChange }: { id: string; label: string; value: string; onChange(value: string): void }) {
  return (
    <div className="ac-filter">
      <label className="ac-filter-label" htmlFor={id}>
        {label}
      </label>
      <input id={id} type="date" className="input ac-date" value={value} onChange={(event) => onChange(event.target.value)} />
    </div>
  );
}

function isStatement(data: Statement | string | Uint8Array): data is Statement {
  return typeof data === 'object' && !(data instanceof Uint8Array);
}
