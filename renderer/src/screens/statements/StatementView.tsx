/** @jsxRuntime automatic @jsxImportSource react (the headless host loads this view through tsx to print statements) */
import type { Statement, StatementEntryKind } from '../../../../core/api/contracts/statements.ts';
import { formatDateInZone } from '../../../../core/domain/explain/zoned-format.ts';
import { formatCents } from '../../../../core/domain/money.ts';

const KIND_LABELS: Record<StatementEntryKind, string> = { accrual: 'Accrued', clawback: 'Clawback', adjustment: 'Adjustment', payment: 'Payment' };

/** "Nov 1, 2026": a calendar day of the statement, written the en-US way whatever the locale. */
function dayText(date: string): string {
  return formatDateInZone(`${date}T12:00:00.000Z`, 'UTC', 'en-US');
}

/** +$12.35 / −$110.00: an entry's effect on the balance. */
function signed(amount: number): string {
  return amount > 0 ? `+${formatCents(amount)}` : amount < 0 ? `−${formatCents(-amount)}` : formatCents(0);
}

/**
 * A creator statement as a document: the summary figures, then every entry with the balance
 * after it, between the balance carried in and the balance carried out. Pure (props only, no
 * hooks), so the screen shows it and the server prints exactly this markup to PDF.
 */
export function StatementView({ statement }: { statement: Statement }) {
  const { creator, project } = statement;
  const figures: { label: string; amount: number; total?: boolean }[] = [
    { label: 'Carried in', amount: statement.opening_balance_cents },
    { label: 'Accrued', amount: statement.accrued_cents },
    { label: 'Clawed back', amount: statement.clawbacks_cents },
    { label: 'Paid', amount: statement.paid_cents },
    { label: 'Adjustments', amount: statement.adjustments_cents },
    { label: 'Carried out', amount: statement.closing_balance_cents, total: true },
  ];
  return (
    <article className="st-doc" aria-label={`Statement for ${creator.name}`}>
      <header className="st-head">
        <div>
          <h1 className="st-title">Statement</h1>
          <p className="st-sub">
            {project.name} · {dayText(statement.from)} – {dayText(statement.to)}
          </p>
          <p className="st-sub">Days in {project.timezone}; amounts in {statement.currency}</p>
        </div>
        <div className="st-who">
          <div className="st-who-name">{creator.name}</div>
          {creator.handle && <div className="st-sub">@{creator.handle.replace(/^@/, '')}</div>}
          {creator.email && <div className="st-sub">{creator.email}</div>}
          {creator.payout_handle && <div className="st-sub">Paid to {creator.payout_handle}</div>}
        </div>
      </header>

      <dl className="st-summary">
        {figures.map((figure) => (
          <div key={figure.label} className={figure.total ? 'st-figure st-figure-total' : 'st-figure'}>
            <dt>{figure.label}</dt>
            <dd>{formatCents(figure.amount)}</dd>
          </div>
        ))}
      </dl>

      <table className="st-table">
        <thead>
          <tr>
            <th scope="col">Date</th>
            <th scope="col">Type</th>
            <th scope="col">Description</th>
            <th scope="col" className="st-num">
              Amount
            </th>
            <th scope="col" className="st-num">
              Balance
            </th>
          </tr>
        </thead>
        <tbody>
          <CarryRow date={statement.from} label="Balance carried in" balance={statement.opening_balance_cents} />
          {statement.entries.length === 0 && (
            <tr>
              <td colSpan={5} className="st-empty">
                Nothing was accrued or paid in these days.
              </td>
            </tr>
          )}
          {statement.entries.map((entry, index) => (
            <tr key={`${entry.reference_id}:${entry.kind}:${index}`}>
              <td className="st-date">{dayText(entry.date)}</td>
              <td>
                <span className={`st-kind st-kind-${entry.kind}`}>{KIND_LABELS[entry.kind]}</span>
              </td>
              <td>
                {entry.description}
                <div className="st-ref">{entry.reference_id}</div>
              </td>
              <td className="st-num">{signed(entry.amount_cents)}</td>
              <td className="st-num">{formatCents(entry.balance_cents)}</td>
            </tr>
          ))}
          <CarryRow date={statement.to} label="Balance carried out" balance={statement.closing_balance_cents} />
        </tbody>
      </table>

      <p className="st-foot">
        Carried in {formatCents(statement.opening_balance_cents)} + accrued {formatCents(statement.accrued_cents)} + clawed back{' '}
        {formatCents(statement.clawbacks_cents)} − paid {formatCents(statement.paid_cents)} + adjustments {formatCents(statement.adjustments_cents)} = carried out{' '}
        {formatCents(statement.closing_balance_cents)}. Generated {formatDateInZone(statement.generated_at, project.timezone, 'en-US')}.
      </p>
    </article>
  );
}

/** The first and last row: the balance carried in or out on the range's first or last day. */
function CarryRow({ date, label, balance }: { date: string; label: string; balance: number }) {
  return (
    <tr className="st-carry">
      <td className="st-date">{dayText(date)}</td>
      <td colSpan={2}>{label}</td>
      <td className="st-num" />
      <td className="st-num">{formatCents(balance)}</td>
    </tr>
  );
}
