import { useState, type FormEvent } from 'react';
import type { Video } from '../../../../core/api/contracts/index.ts';
import { useApi } from '../../app/backend-context.ts';
import { Banner } from '../../ui/Banner.tsx';
import { Dialog } from '../../ui/Dialog.tsx';
import { Field } from '../../ui/Field.tsx';
import { describeFailure, type FormBanner } from '../../ui/form-errors.ts';
import { useToast } from '../../ui/toast-context.ts';
import { useForm } from '../../ui/use-form.ts';
import { formatViews } from './video-format.ts';
import { VIEWS_FIELDS, validateViewsForm, viewsBody, type ViewsFormValues } from './video-form.ts';

const EMPTY: ViewsFormValues = { views: '', capturedAt: '' };

/** Appends one snapshot of lifetime views to a video's history. */
export function AddViewsDialog({ video, onClose, onAdded }: { video: Video; onClose(): void; onAdded(video: Video): void }) {
  const api = useApi();
  const toast = useToast();
  const form = useForm(EMPTY, validateViewsForm);
  const [banner, setBanner] = useState<FormBanner | null>(null);
  const [isSaving, setIsSaving] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (isSaving) return;
    setBanner(null);
    if (!form.attemptSubmit()) return;
    setIsSaving(true);
    const body = viewsBody(form.values);
    const result = await api.call('POST /videos/:id/metrics', { params: { id: video.id }, body });
    setIsSaving(false);
    if (result.ok) {
      toast.show({ tone: 'success', title: `Recorded ${formatViews(body.views)} views` });
      onClose();
      onAdded(result.data);
      return;
    }
    const described = describeFailure(result, VIEWS_FIELDS);
    form.showServerErrors(described.fieldErrors);
    setBanner(described.banner);
  }

  return (
    <Dialog
      title="Add views"
      size="small"
      onClose={onClose}
      description={<p>The video’s lifetime views as the platform shows them at one moment. Earlier counts stay in the history.</p>}
    >
      <form className="dialog-form" onSubmit={(event) => void submit(event)} noValidate>
        <div className="dialog-body">
          {banner === null ? null : (
            <Banner tone="danger" {...(banner.title === undefined ? {} : { title: banner.title })}>
              {banner.text}
            </Banner>
          )}
          <Field
            label="Views"
            error={form.errorOf('views')}
            hint={video.views === null ? undefined : `Latest count: ${formatViews(video.views)}.`}
          >
            {(control) => (
              <input
                {...control}
                {...form.bind('views')}
                className="input input-number"
                type="text"
                inputMode="numeric"
                autoComplete="off"
                placeholder="e.g. 12,500"
                value={form.values.views}
                onChange={(event) => form.update('views', event.target.value)}
                data-autofocus
              />
            )}
          </Field>
          <Field label="Counted at" optional error={form.errorOf('capturedAt')} hint="Empty means now. Use an earlier time to fill in a count you missed.">
            {(control) => (
              <input
                {...control}
                {...form.bind('capturedAt')}
                className="input"
                type="datetime-local"
                value={form.values.capturedAt}
                onChange={(event) => form.update('capturedAt', event.target.value)}
              />
            )}
          </Field>
        </div>
        <footer className="dialog-footer">
          <button type="button" className="button button-secondary" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={isSaving} aria-busy={isSaving}>
            Add views
          </button>
        </footer>
      </form>
    </Dialog>
  );
}
