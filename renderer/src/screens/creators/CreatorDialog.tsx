import { useState, type FormEvent } from 'react';
import type { Creator } from '../../../../core/api/contracts/index.ts';
import { useApi } from '../../app/backend-context.ts';
import { quoted } from '../../format.ts';
import { Banner } from '../../ui/Banner.tsx';
import { Dialog } from '../../ui/Dialog.tsx';
import { Field } from '../../ui/Field.tsx';
import { describeFailure, type FormBanner } from '../../ui/form-errors.ts';
import { useToast } from '../../ui/toast-context.ts';
import { useForm } from '../../ui/use-form.ts';
import { CREATOR_FIELDS, EMPTY_CREATOR, createCreatorBody, patchCreatorBody, validateCreatorForm, valuesFromCreator, type CreatorField } from './creator-form.ts';
import { useMethodOptions } from './use-method-options.ts';

type CreatorDialogProps = {
  creator: Creator | null;
  onClose(): void;
  onSaved?(creator: Creator): void;
};

const TEXT_FIELDS: { field: Exclude<CreatorField, 'methodId'>; type: string; placeholder: string; hint?: string; optional: boolean }[] = [
  { field: 'name', type: 'text', placeholder: 'e.g. Ana Díaz', optional: false },
  { field: 'handle', type: 'text', placeholder: '@ana.makes', hint: 'Their handle on the platforms. Imports match creators by it, so it is unique.', optional: true },
  { field: 'email', type: 'email', placeholder: 'ana@example.com', optional: true },
  { field: 'payoutHandle', type: 'text', placeholder: '@ana-diaz', hint: 'Where the money goes with their payout method, e.g. a Venmo name.', optional: true },
];

/** Create or edit a creator. */
export function CreatorDialog({ creator, onClose, onSaved }: CreatorDialogProps) {
  const api = useApi();
  const toast = useToast();
  const { methods } = useMethodOptions();
  const [initial] = useState(() => (creator === null ? EMPTY_CREATOR : valuesFromCreator(creator)));
  const form = useForm(initial, validateCreatorForm);
  const [banner, setBanner] = useState<FormBanner | null>(null);
  const [isSaving, setIsSaving] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (isSaving) return;
    setBanner(null);
    if (!form.attemptSubmit()) return;
    setIsSaving(true);
    let result;
    if (creator === null) {
      result = await api.call('POST /creators', { body: createCreatorBody(form.values) });
    } else {
      const body = patchCreatorBody(form.values, initial);
      if (body === null) {
        setIsSaving(false);
        return onClose();
      }
      result = await api.call('PATCH /creators/:id', { params: { id: creator.id }, body });
    }
    setIsSaving(false);
    if (result.ok) {
      toast.show({ tone: 'success', title: creator === null ? `Created ${quoted(result.data.name)}` : `Saved ${quoted(result.data.name)}` });
      onClose();
      onSaved?.(result.data);
      return;
    }
    const described = describeFailure(result, CREATOR_FIELDS);
    form.showServerErrors(described.fieldErrors);
    setBanner(described.banner);
  }

  return (
    <Dialog title={creator === null ? 'New creator' : 'Edit creator'} onClose={onClose}>
      <form className="dialog-form" onSubmit={(event) => void submit(event)} noValidate>
        <div className="dialog-body">
          {banner === null ? null : (
            <Banner tone="danger" {...(banner.title === undefined ? {} : { title: banner.title })}>
              {banner.text}
            </Banner>
          )}
          {TEXT_FIELDS.map(({ field, type, placeholder, hint, optional }) => (
            <Field key={field} label={CREATOR_FIELDS.labels[field]} optional={optional} hint={hint} error={form.errorOf(field)}>
              {(control) => (
                <input
                  {...control}
                  {...form.bind(field)}
                  className="input"
                  type={type}
                  autoComplete="off"
                  spellCheck={false}
                  placeholder={placeholder}
                  value={form.values[field]}
                  onChange={(event) => form.update(field, event.target.value)}
                  {...(field === 'name' ? { 'data-autofocus': true } : {})}
                />
              )}
            </Field>
          ))}
          <Field label={CREATOR_FIELDS.labels.methodId} optional error={form.errorOf('methodId')}>
            {(control) => (
              <select
                {...control}
                {...form.bind('methodId')}
                className="input select"
                value={form.values.methodId}
                onChange={(event) => form.update('methodId', event.target.value)}
              >
                <option value="">None</option>
                {methods.map((method) => (
                  <option key={method.id} value={method.id}>
                    {method.name}
                    {method.is_active ? '' : ' (disabled)'}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <footer className="dialog-footer">
          <button type="button" className="button button-secondary" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={isSaving} aria-busy={isSaving}>
            {creator === null ? 'Create creator' : 'Save'}
          </button>
        </footer>
      </form>
    </Dialog>
  );
}
