import { useMemo, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { PayoutMethod } from '../../../../core/api/contracts/index.ts';
import { useApi } from '../../app/backend-context.ts';
import { quoted } from '../../format.ts';
import { Banner } from '../../ui/Banner.tsx';
import { Dialog } from '../../ui/Dialog.tsx';
import { Field } from '../../ui/Field.tsx';
import { useToast } from '../../ui/toast-context.ts';
import {
  EMPTY_VALUES,
  METHOD_FIELDS,
  createBody,
  describeSaveFailure,
  patchBody,
  validateMethodForm,
  valuesFromMethod,
  type FormBanner,
  type MethodField,
  type MethodFormErrors,
  type MethodFormValues,
} from './method-form.ts';

type MethodDialogProps = {
  /** The method being edited, or null to create one. */
  method: PayoutMethod | null;
  onClose(): void;
};

/** Create or edit a payout method. Errors appear once a field was touched, or on submit. */
export function MethodDialog({ method, onClose }: MethodDialogProps) {
  const api = useApi();
  const toast = useToast();
  const initial = useMemo(() => (method === null ? EMPTY_VALUES : valuesFromMethod(method)), [method]);
  const [values, setValues] = useState<MethodFormValues>(initial);
  const [touched, setTouched] = useState<ReadonlySet<MethodField>>(new Set());
  const [isSubmitted, setIsSubmitted] = useState(false);
  const [serverErrors, setServerErrors] = useState<MethodFormErrors>({});
  const [banner, setBanner] = useState<FormBanner | null>(null);
  const [isSaving, setIsSaving] = useState(false);
  const fieldRefs = useRef<Partial<Record<MethodField, HTMLInputElement | HTMLTextAreaElement | null>>>({});

  const liveErrors = useMemo(() => validateMethodForm(values), [values]);

  function errorOf(field: MethodField): string | undefined {
    return serverErrors[field] ?? (touched.has(field) || isSubmitted ? liveErrors[field] : undefined);
  }

  function update(field: MethodField, value: string) {
    setValues((current) => ({ ...current, [field]: value }));
    setTouched((current) => (current.has(field) ? current : new Set(current).add(field)));
    // A server's verdict is about the value it saw; editing the field retires it.
    setServerErrors((current) => (current[field] === undefined ? current : { ...current, [field]: undefined }));
  }

  function markTouched(field: MethodField) {
    setTouched((current) => (current.has(field) ? current : new Set(current).add(field)));
  }

  function focusFirstError(errors: MethodFormErrors) {
    const field = METHOD_FIELDS.find((candidate) => errors[candidate] !== undefined);
    if (field !== undefined) fieldRefs.current[field]?.focus();
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (isSaving) return;
    setIsSubmitted(true);
    setBanner(null);
    if (Object.keys(liveErrors).length > 0) return focusFirstError(liveErrors);

    const name = values.name.trim();
    setIsSaving(true);
    let result;
    if (method === null) {
      const body = createBody(values);
      if (!body.ok) {
        setIsSaving(false);
        return focusFirstError(body.errors);
      }
      result = await api.call('POST /payout-methods', { body: body.body });
    } else {
      const body = patchBody(values, initial);
      if (!body.ok) {
        setIsSaving(false);
        return focusFirstError(body.errors);
      }
      if (body.body === null) {
        setIsSaving(false);
        return onClose(); // nothing changed, nothing to save
      }
      result = await api.call('PATCH /payout-methods/:id', { params: { id: method.id }, body: body.body });
    }
    setIsSaving(false);

    if (result.ok) {
      toast.show({ tone: 'success', title: method === null ? `Created ${quoted(result.data.name)}` : `Saved ${quoted(result.data.name)}` });
      return onClose();
    }
    const described = describeSaveFailure(result, name);
    setServerErrors(described.fieldErrors);
    setBanner(described.banner);
    focusFirstError(described.fieldErrors);
  }

  function submitOnModEnter(event: KeyboardEvent<HTMLTextAreaElement>) {
    // Enter makes a new line in notes; Ctrl/⌘+Enter saves like Enter does in the other fields.
    if (event.key === 'Enter' && (event.metaKey || event.ctrlKey)) {
      event.preventDefault();
      event.currentTarget.form?.requestSubmit();
    }
  }

  return (
    <Dialog title={method === null ? 'New payout method' : 'Edit payout method'} onClose={onClose}>
      <form className="dialog-form" onSubmit={(event) => void submit(event)} noValidate>
        <div className="dialog-body">
          {banner === null ? null : (
            <Banner tone="danger" {...(banner.title === undefined ? {} : { title: banner.title })}>
              {banner.text}
            </Banner>
          )}
          <Field label="Name" error={errorOf('name')}>
            {(control) => (
              <input
                {...control}
                ref={(element) => {
                  fieldRefs.current.name = element;
                }}
                className="input"
                type="text"
                autoComplete="off"
                placeholder="e.g. Zelle"
                value={values.name}
                data-autofocus
                onChange={(event) => update('name', event.target.value)}
                onBlur={() => markTouched('name')}
              />
            )}
          </Field>
          <Field
            label="Icon URL"
            optional
            hint="An image address or the path of an uploaded icon. Without one, the method shows its initial."
            error={errorOf('iconPath')}
          >
            {(control) => (
              <input
                {...control}
                ref={(element) => {
                  fieldRefs.current.iconPath = element;
                }}
                className="input"
                type="text"
                inputMode="url"
                autoComplete="off"
                spellCheck={false}
                placeholder="https://…"
                value={values.iconPath}
                onChange={(event) => update('iconPath', event.target.value)}
                onBlur={() => markTouched('iconPath')}
              />
            )}
          </Field>
          <Field label="Notes (Markdown)" optional hint="How your team pays with this method: limits, handles to ask for, fees." error={errorOf('readme')}>
            {(control) => (
              <textarea
                {...control}
                ref={(element) => {
                  fieldRefs.current.readme = element;
                }}
                className="input textarea"
                rows={5}
                value={values.readme}
                onChange={(event) => update('readme', event.target.value)}
                onBlur={() => markTouched('readme')}
                onKeyDown={submitOnModEnter}
              />
            )}
          </Field>
        </div>
        <footer className="dialog-footer">
          <button type="button" className="button button-secondary" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={isSaving} aria-busy={isSaving}>
            Save
          </button>
        </footer>
      </form>
    </Dialog>
  );
}
