import { useMemo, useRef, useState, type FormEvent } from 'react';
import type { Accrual, CreatePaymentInput, Creator, Payment, WatchSpec } from '../../../../core/api/contracts/index.ts';
import { stableKey } from '../../api/stable-key.ts';
import { formatCents } from '../../../../core/domain/money.ts';
import { useWatch } from '../../api/use-watch.ts';
import { useApi } from '../../app/backend-context.ts';
import { routePath } from '../../app/use-hash-route.ts';
import { pluralize } from '../../format.ts';
import { Banner } from '../../ui/Banner.tsx';
import { Dialog } from '../../ui/Dialog.tsx';
import { Field } from '../../ui/Field.tsx';
import { Icon } from '../../ui/Icon.tsx';
import { useToast } from '../../ui/toast-context.ts';
import { useForm } from '../../ui/use-form.ts';
import { periodText } from '../accruals/accrual-text.ts';
import { useCreatorDirectory, useProjectDirectory, useStructureDirectory } from '../accruals/use-directory.ts';
import { localTimeZone } from '../../../../core/domain/explain/zoned-format.ts';
import { useMethodOptions } from '../creators/use-method-options.ts';
import { useNow } from '../dashboard/use-now.ts';
import { MethodAvatar } from '../methods/MethodAvatar.tsx';
import { centsToDollarsText, parseDollarsToCents } from '../structures/number-input.ts';
import { AccrualPicker } from './AccrualPicker.tsx';
import { ReceiptDraftList } from './ReceiptDraftList.tsx';
import { ReceiptDropZone } from './ReceiptDropZone.tsx';
import {
  PAYMENT_FIELDS,
  buildPaymentBody,
  describePaymentFailure,
  differenceOf,
  differenceText,
  isOutcomeUnknown,
  needsNewIdempotencyKey,
  toLocalDateTimeInput,
  validatePaymentForm,
  type PaymentFailure,
  type PaymentField,
  type PaymentFormValues,
} from './payment-form.ts';
import { useCreatorRecord } from './use-creator-record.ts';
import { useReceiptDrafts } from './use-receipt-drafts.ts';

export type RecordPaymentDialogProps = {
  /** The creator paid; left out, the manager picks one (or none: an ad-hoc payment). */
  creatorId?: string;
  /** The project first chosen. */
  projectId?: string;
  /** Which outstanding accruals start ticked: all of them, these ids, or none. */
  preselect: 'all' | 'none' | readonly string[];
  onClose(): void;
  onRecorded?(payment: Payment): void;
};

type AccrualsSpec = Extract<WatchSpec, { name: 'accruals' }>;
const OUTSTANDING_LIMIT = 500;
type Picked = { scope: string; ids: ReadonlySet<string> };
type FormField = Exclude<PaymentField, 'projectId' | 'creatorId'>;

/**
 * Records money sent by hand: the creator's outstanding accruals in a project (ticked as asked),
 * the amount (the ticked sum unless changed; a difference needs a reason), method, when, a
 * tracking link, a note and receipts. The dialog's one idempotency key goes with every attempt,
 * so a double click or a retry after a lost answer can never record twice.
 */
export function RecordPaymentDialog({ creatorId: fixedCreatorId, projectId: initialProjectId, preselect, onClose, onRecorded }: RecordPaymentDialogProps) {
  const api = useApi();
  const toast = useToast();
  const nowMs = useNow(15_000);
  const [idempotencyKey, setIdempotencyKey] = useState(() => crypto.randomUUID());
  const inFlight = useRef(false);
  const [isSaving, setIsSaving] = useState(false);
  const [failure, setFailure] = useState<PaymentFailure | null>(null);
  /** The body of an attempt whose answer never arrived, kept to be sent again as it was. */
  const [pending, setPending] = useState<{ fingerprint: string; body: CreatePaymentInput } | null>(null);
  // Project and creator choose what the form is about (which accruals are listed); the form's
  // own fields follow in useForm below, checked against the accruals ticked.
  const [chosenProjectId, setProjectId] = useState(initialProjectId ?? '');
  const [creatorId, setCreatorId] = useState(fixedCreatorId ?? '');
  const [isProjectMissing, setIsProjectMissing] = useState(false);
  const [initial] = useState<Record<FormField, string>>(() => ({
    amount: '',
    reason: '',
    methodId: '',
    paidAt: toLocalDateTimeInput(Date.now()),
    trackingUrl: '',
    note: '',
  }));
  /** The amount follows the ticked sum until it is typed in; the method follows the creator's default until picked. */
  const [isAmountEdited, setIsAmountEdited] = useState(false);
  const [isMethodPicked, setIsMethodPicked] = useState(false);
  const [picked, setPicked] = useState<Picked | null>(null);
  const receipts = useReceiptDrafts();

  const { projects, byId: projectsById } = useProjectDirectory();
  const { methods } = useMethodOptions();
  const fixedCreator = useCreatorRecord(fixedCreatorId);
  const members = useCreatorDirectory(fixedCreatorId === undefined ? chosenProjectId : '', []);
  const creator: Creator | null = fixedCreatorId === undefined ? (members.creators.find((candidate) => candidate.id === creatorId) ?? null) : fixedCreator;
  // Opened from a creator's page without a project: the one where they are owed the longest.
  const oldestOutstanding = useWatch(fixedCreatorId === undefined || initialProjectId !== undefined ? NOTHING_OUTSTANDING : oldestOutstandingSpec(fixedCreatorId));
  const projectId = chosenProjectId !== '' ? chosenProjectId : (oldestOutstanding.rows[0]?.project_id ?? (oldestOutstanding.isLoading ? '' : (creator?.project_ids[0] ?? '')));
  const project = projectsById.get(projectId);
  const zone = project?.timezone ?? localTimeZone();

  const spec = useMemo<AccrualsSpec | null>(
    () =>
      projectId === '' || creatorId === ''
        ? null
        : { name: 'accruals', params: { project_id: projectId, creator_id: creatorId, status: 'earned', sort: 'period_end_at', dir: 'asc', limit: OUTSTANDING_LIMIT } },
    [projectId, creatorId],
  );
  const outstanding = useWatch(spec ?? NOTHING_OUTSTANDING);
  const rows = spec === null ? NO_ROWS : outstanding.rows;
  const structureIds = useMemo(() => rows.map((accrual) => accrual.structure_id), [rows]);
  const structures = useStructureDirectory(projectId, structureIds);
  const structureName = (id: string) => structures.nameOf(id)?.name ?? 'Payout structure';

  const scope = `${projectId}:${creatorId}`;
  const selected: ReadonlySet<string> =
    picked !== null && picked.scope === scope
      ? picked.ids
      : new Set(preselect === 'all' ? rows.map((accrual) => accrual.id) : preselect === 'none' ? [] : rows.filter((accrual) => preselect.includes(accrual.id)).map((accrual) => accrual.id));
  const selectedRows = rows.filter((accrual) => selected.has(accrual.id));
  const sumCents = selectedRows.reduce((sum, accrual) => sum + accrual.amount_cents, 0);
  const count = selectedRows.length;
  const defaultMethodId = creator?.default_method_id ?? '';

  /** What the form shows: the amount and method derived until the manager sets them. */
  const shown = (values: Record<FormField, string>): PaymentFormValues => ({
    ...values,
    projectId,
    creatorId,
    amount: isAmountEdited || count === 0 ? values.amount : centsToDollarsText(sumCents),
    methodId: isMethodPicked ? values.methodId : defaultMethodId,
  });
  // A new function each render: the errors depend on the ticked accruals as much as on the fields.
  const validate = (values: Record<FormField, string>) => {
    const { projectId: _project, creatorId: _creator, ...errors } = validatePaymentForm(shown(values), { accrualsSumCents: sumCents, accrualCount: count, nowMs });
    return errors;
  };
  const form = useForm(initial, validate);
  const shownValues = shown(form.values);
  const amountText = shownValues.amount;
  const methodId = shownValues.methodId;

  const difference = differenceOf(amountText, { accrualsSumCents: sumCents, accrualCount: count });
  const differs = difference !== null && difference.kind !== 'exact';

  const projectChoices = fixedCreatorId === undefined ? projects : projects.filter((candidate) => creator?.project_ids.includes(candidate.id) || candidate.id === projectId);
  const methodChoices = methods.filter((method) => method.is_active || method.id === methodId);

  function labelOf(accrualId: string): string | null {
    const accrual = rows.find((row) => row.id === accrualId);
    return accrual === undefined ? null : `${structureName(accrual.structure_id)}, ${periodText(accrual, zone).primary}`;
  }

  function changeProject(next: string) {
    setProjectId(next);
    setIsProjectMissing(false);
    // The creator list is the project's members: someone outside it can't be paid in it.
    if (fixedCreatorId === undefined && creatorId !== '' && !members.creators.some((candidate) => candidate.id === creatorId && candidate.project_ids.includes(next))) {
      setCreatorId('');
    }
    setFailure(null);
  }

  /** What the manager has entered (not what the live lists say): a retry with the same inputs is the same request. */
  const inputsFingerprint = stableKey({
    values: form.values,
    projectId,
    creatorId,
    isAmountEdited,
    isMethodPicked,
    picked: picked === null ? null : { scope: picked.scope, ids: [...picked.ids].sort() },
    receipts: receipts.drafts.map((draft) => draft.key),
  });

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (inFlight.current) return;
    setFailure(null);
    // A retry after a lost answer resends the very body of that attempt, unless the manager has
    // changed something since: the first attempt may have been recorded (its accruals then leave
    // the outstanding list), and the same key with the same body is answered with that payment.
    const isRetry = pending !== null && pending.fingerprint === inputsFingerprint;
    if (!isRetry) {
      const isFormValid = form.attemptSubmit();
      setIsProjectMissing(projectId === '');
      if (!isFormValid || projectId === '') return;
      if (receipts.isReading) {
        setFailure({ fieldErrors: {}, accrualId: null, banner: { title: 'Still reading receipts', text: 'Wait until every receipt has been read, then record the payment.' } });
        return;
      }
      if (receipts.refusedCount > 0) {
        setFailure({ fieldErrors: {}, accrualId: null, banner: { title: 'Some files can’t be attached', text: 'Remove the receipts marked in red, then record the payment.' } });
        return;
      }
    }
    const body = isRetry ? pending.body : buildPaymentBody(shownValues, { ids: selectedRows.map((accrual) => accrual.id), sumCents }, receipts.uploads);
    inFlight.current = true;
    setIsSaving(true);
    const result = await api.call('POST /payout-payments', { body, idempotencyKey });
    inFlight.current = false;
    setIsSaving(false);
    setPending(!result.ok && isOutcomeUnknown(result.error.code) ? { fingerprint: inputsFingerprint, body } : null);
    if (result.ok) {
      const payment = result.data;
      toast.show({
        tone: 'success',
        title: `Recorded ${formatCents(payment.total_amount_cents)}${creator === null ? '' : ` to ${creator.name}`}`,
        description: payment.payout_payment_lines.length === 0 ? 'An ad-hoc payment.' : `${pluralize(payment.payout_payment_lines.length, 'accrual')} now paid.`,
        action: { label: 'Open', run: () => (window.location.hash = routePath('payments', payment.id)) },
      });
      onRecorded?.(payment);
      onClose();
      return;
    }
    if (needsNewIdempotencyKey(result.error.code)) setIdempotencyKey(crypto.randomUUID());
    const described = describePaymentFailure(result, labelOf);
    const { projectId: projectError, creatorId: creatorError, ...fieldErrors } = described.fieldErrors;
    form.showServerErrors(fieldErrors);
    const aboutChoice = [projectError, creatorError].filter((message) => message !== undefined).join(' ');
    setFailure(aboutChoice === '' || described.banner !== null ? described : { ...described, banner: { title: 'Not recorded', text: aboutChoice } });
  }

  const banner = failure?.banner ?? null;
  const title = creator === null ? 'Record payment' : `Record payment to ${creator.name}`;

  return (
    <Dialog
      title={title}
      size="large"
      onClose={onClose}
      description={<p>Record money you sent by hand. The accruals you tick become paid; voiding the payment later makes them earned again.</p>}
    >
      <form
        className="dialog-form"
        onSubmit={(event) => void submit(event)}
        noValidate
        aria-label="Record payment"
        // A file dropped beside the drop zone must not make the browser open it (and lose the form).
        onDragOver={(event) => {
          if (event.defaultPrevented) return;
          event.preventDefault();
          event.dataTransfer.dropEffect = 'none';
        }}
        onDrop={(event) => event.preventDefault()}
      >
        <div className="dialog-body pay-dialog-body">
          {banner === null ? null : (
            <Banner tone={banner.isRecordedMaybe ? 'warning' : 'danger'} title={banner.title}>
              {banner.text}
              {banner.paymentId === undefined ? null : (
                <>
                  {' '}
                  <a className="pay-banner-link" href={routePath('payments', banner.paymentId)} onClick={onClose}>
                    Open the payment that settled it
                  </a>
                </>
              )}
              {banner.isRecordedMaybe ? (
                <>
                  {' '}
                  <a className="pay-banner-link" href={routePath('payments')} onClick={onClose}>
                    Go to payments
                  </a>
                </>
              ) : null}
            </Banner>
          )}

          <div className="field-row">
            <Field label={PAYMENT_FIELDS.labels.projectId} error={isProjectMissing ? 'Choose the project this payment belongs to' : undefined}>
              {(control) => (
                <select
                  {...control}
                  className="input select"
                  value={projectId}
                  onChange={(event) => changeProject(event.target.value)}
                  disabled={isSaving}
                  data-autofocus={projectId === '' ? true : undefined}
                >
                  <option value="" disabled>
                    Choose a project
                  </option>
                  {projectChoices.map((candidate) => (
                    <option key={candidate.id} value={candidate.id}>
                      {candidate.name}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            {fixedCreatorId === undefined ? (
              <Field label={PAYMENT_FIELDS.labels.creatorId} optional hint={creatorId === '' && projectId !== '' ? 'Leave empty for an ad-hoc payment to no one in particular.' : undefined}>
                {(control) => (
                  <select
                    {...control}
                    className="input select"
                    value={creatorId}
                    onChange={(event) => {
                      setCreatorId(event.target.value);
                      setFailure(null);
                    }}
                    disabled={isSaving || projectId === ''}
                  >
                    <option value="">{projectId === '' ? 'Choose a project first' : 'No creator (ad hoc)'}</option>
                    {members.creators.map((candidate) => (
                      <option key={candidate.id} value={candidate.id}>
                        {candidate.name}
                        {candidate.handle === null ? '' : ` (${candidate.handle})`}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            ) : (
              <div className="field">
                <span className="field-label">Creator</span>
                <div className="pay-payee">
                  <MethodAvatar name={creator?.name ?? '…'} iconUrl={null} />
                  <span className="pay-payee-text">
                    <span className="pay-payee-name">{creator?.name ?? 'Loading…'}</span>
                    {creator?.handle ? <span className="pay-payee-handle">{creator.handle}</span> : null}
                  </span>
                </div>
              </div>
            )}
          </div>

          {creatorId === '' ? (
            projectId === '' ? null : (
              <p className="pay-adhoc-note">
                <Icon name="info" size={14} />
                An ad-hoc payment settles no accruals and needs no reason: a referral bonus, a reimbursement, a prize.
              </p>
            )
          ) : (
            <AccrualPicker
              rows={rows}
              total={outstanding.total}
              selected={selected}
              onChange={(ids) => {
                setPicked({ scope, ids });
                setFailure((current) => (current?.accrualId ? null : current));
              }}
              structureName={structureName}
              zone={zone}
              isLoading={spec !== null && outstanding.isLoading}
              isDisabled={isSaving}
              refusedId={failure?.accrualId ?? null}
              emptyText={`${creator?.name ?? 'This creator'} has nothing outstanding in ${project?.name ?? 'this project'}. You can still record an ad-hoc payment.`}
            />
          )}

          <div className="field-row">
            <Field
              label={PAYMENT_FIELDS.labels.amount}
              error={form.errorOf('amount')}
              hint={
                count === 0 ? undefined : isAmountEdited && !differs ? undefined : isAmountEdited ? (
                  <button type="button" className="pay-link-button" onClick={() => setIsAmountEdited(false)}>
                    Use the accruals’ {formatCents(sumCents)}
                  </button>
                ) : (
                  'The ticked accruals’ sum; change it to pay more or less.'
                )
              }
            >
              {(control) => (
                <div className="st-affix has-prefix">
                  <span className="st-affix-text st-affix-prefix" aria-hidden="true">
                    $
                  </span>
                  <input
                    {...control}
                    {...form.bind('amount')}
                    className="input st-affix-input"
                    type="text"
                    inputMode="decimal"
                    autoComplete="off"
                    spellCheck={false}
                    placeholder="0.00"
                    value={amountText}
                    disabled={isSaving}
                    onChange={(event) => {
                      setIsAmountEdited(true);
                      form.update('amount', event.target.value);
                    }}
                  />
                </div>
              )}
            </Field>
            <Field label={PAYMENT_FIELDS.labels.methodId} optional error={form.errorOf('methodId')} hint={creator !== null && methodId !== '' && methodId === defaultMethodId ? `${creator.name}’s default method.` : undefined}>
              {(control) => (
                <select
                  {...control}
                  {...form.bind('methodId')}
                  className="input select"
                  value={methodId}
                  disabled={isSaving}
                  onChange={(event) => {
                    setIsMethodPicked(true);
                    form.update('methodId', event.target.value);
                  }}
                >
                  <option value="">Not recorded</option>
                  {methodChoices.map((method) => (
                    <option key={method.id} value={method.id}>
                      {method.name}
                      {method.is_active ? '' : ' (disabled)'}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          </div>

          {differs ? (
            <div className={`pay-difference pay-difference-${difference.kind}`} role="status" data-testid="payment-difference">
              <div className="pay-difference-head">
                <Icon name="alert" size={15} />
                <strong>{differenceText(difference)}</strong>
                <span className="pay-difference-math">
                  {formatCents(sumCents)} in accruals, {amountText.trim() === '' ? '—' : formatCents(sumCents + (difference.kind === 'overpaid' ? difference.cents : -difference.cents))} paid
                </span>
              </div>
              <Field label={PAYMENT_FIELDS.labels.reason} error={form.errorOf('reason')} hint="Recorded with the payment as an adjustment, so the books still add up.">
                {(control) => (
                  <input
                    {...control}
                    {...form.bind('reason')}
                    className="input"
                    type="text"
                    autoComplete="off"
                    placeholder={difference.kind === 'overpaid' ? 'e.g. Bonus for the launch video' : 'e.g. Paid the rest in cash last week'}
                    value={form.values.reason}
                    disabled={isSaving}
                    onChange={(event) => form.update('reason', event.target.value)}
                  />
                )}
              </Field>
            </div>
          ) : null}

          <div className="field-row">
            <Field label={PAYMENT_FIELDS.labels.paidAt} error={form.errorOf('paidAt')} hint={`When the money was sent, in your time (${localTimeZone().replace(/_/g, ' ')}).`}>
              {(control) => (
                <input
                  {...control}
                  {...form.bind('paidAt')}
                  className="input pay-datetime"
                  type="datetime-local"
                  step={60}
                  max={toLocalDateTimeInput(nowMs + 60_000)}
                  value={form.values.paidAt}
                  disabled={isSaving}
                  onChange={(event) => form.update('paidAt', event.target.value)}
                />
              )}
            </Field>
            <Field label={PAYMENT_FIELDS.labels.trackingUrl} optional error={form.errorOf('trackingUrl')} hint="The transaction’s page in Venmo, PayPal or your bank.">
              {(control) => (
                <input
                  {...control}
                  {...form.bind('trackingUrl')}
                  className="input"
                  type="url"
                  autoComplete="off"
                  spellCheck={false}
                  placeholder="https://"
                  value={form.values.trackingUrl}
                  disabled={isSaving}
                  onChange={(event) => form.update('trackingUrl', event.target.value)}
                />
              )}
            </Field>
          </div>

          <Field label={PAYMENT_FIELDS.labels.note} optional error={form.errorOf('note')}>
            {(control) => (
              <textarea
                {...control}
                {...form.bind('note')}
                className="input textarea pay-note"
                rows={2}
                placeholder="Anything worth remembering about this payment"
                value={form.values.note}
                disabled={isSaving}
                onChange={(event) => form.update('note', event.target.value)}
              />
            )}
          </Field>

          <div className="field">
            <div className="field-label-row">
              <span className="field-label">Receipts</span>
              <span className="field-optional">Optional</span>
            </div>
            <ReceiptDropZone onFiles={receipts.add} isCompact isDisabled={isSaving} />
            <ReceiptDraftList drafts={receipts.drafts} onRemove={receipts.remove} isDisabled={isSaving} />
          </div>
        </div>
        <footer className="dialog-footer dialog-footer-split">
          <p className="pay-footer-summary" data-testid="payment-summary">
            {count === 0 ? (creatorId === '' ? 'Ad-hoc payment' : 'No accruals ticked: ad-hoc payment') : `Settles ${pluralize(selectedRows.length, 'accrual')}`}
            {receipts.uploads.length === 0 ? '' : ` · ${pluralize(receipts.uploads.length, 'receipt')}`}
          </p>
          <div className="dialog-footer-actions">
            <button type="button" className="button button-secondary" onClick={onClose} disabled={isSaving}>
              Cancel
            </button>
            <button type="submit" className="button button-primary" disabled={isSaving} aria-busy={isSaving}>
              {isSaving ? 'Recording…' : <RecordLabel amountText={amountText} />}
            </button>
          </div>
        </footer>
      </form>
    </Dialog>
  );
}

/** The live query while no creator is chosen: a creator id no one has, so it matches nothing. */
const NOTHING_OUTSTANDING: AccrualsSpec = { name: 'accruals', params: { creator_id: '00000000-0000-4000-8000-000000000000', status: 'earned', limit: 1 } };
const NO_ROWS: Accrual[] = [];

function oldestOutstandingSpec(creatorId: string): AccrualsSpec {
  return { name: 'accruals', params: { creator_id: creatorId, status: 'earned', sort: 'period_end_at', dir: 'asc', limit: 1 } };
}

/** "Record $120.00" once the amount reads as one, so what is about to be recorded is on the button. */
function RecordLabel({ amountText }: { amountText: string }) {
  const amount = parseDollarsToCents(amountText);
  return <>{amount.ok && amount.value > 0 ? `Record ${formatCents(amount.value)}` : 'Record payment'}</>;
}

