import { useCallback, useState, type FormEvent } from 'react';
import type { Project, Video } from '../../../../core/api/contracts/index.ts';
import { PLATFORMS } from '../../../../core/domain/video.ts';
import { useApi } from '../../app/backend-context.ts';
import { quoted } from '../../format.ts';
import { Banner } from '../../ui/Banner.tsx';
import { Dialog } from '../../ui/Dialog.tsx';
import { Field } from '../../ui/Field.tsx';
import { describeFailure, type FormBanner } from '../../ui/form-errors.ts';
import { useToast } from '../../ui/toast-context.ts';
import { useForm } from '../../ui/use-form.ts';
import { PLATFORM_LABELS, shortUrl } from './video-format.ts';
import { VIDEO_FIELDS, createVideoBody, validateVideoForm, type VideoFormValues } from './video-form.ts';

type VideoDialogProps = {
  creator: { id: string; name: string };
  /** The creator's projects: a video is posted for one of them. */
  projects: Project[];
  onClose(): void;
  onCreated?(video: Video): void;
};

/** Records a video a creator posted, optionally with the views it has. */
export function VideoDialog({ creator, projects, onClose, onCreated }: VideoDialogProps) {
  const api = useApi();
  const toast = useToast();
  const [initial] = useState<VideoFormValues>(() => ({
    projectId: projects.length === 1 ? (projects[0]?.id ?? '') : '',
    platform: 'tiktok',
    url: '',
    postedAt: '',
    views: '',
    capturedAt: '',
  }));
  const validate = useCallback((values: VideoFormValues) => validateVideoForm(values, creator.id), [creator.id]);
  const form = useForm(initial, validate);
  const [banner, setBanner] = useState<FormBanner | null>(null);
  const [isSaving, setIsSaving] = useState(false);
  const { values } = form;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (isSaving) return;
    setBanner(null);
    if (!form.attemptSubmit()) return;
    setIsSaving(true);
    const result = await api.call('POST /videos', { body: createVideoBody(values, creator.id) });
    setIsSaving(false);
    if (result.ok) {
      toast.show({ tone: 'success', title: `Added ${quoted(shortUrl(result.data.url))}` });
      onClose();
      onCreated?.(result.data);
      return;
    }
    const described = describeFailure(result, VIDEO_FIELDS);
    // The API's own sentences for these two speak to scripts; the dialog says what to do instead.
    if (result.error.code === 'not_in_project') described.fieldErrors.projectId = `${creator.name} is not a member of this project`;
    if (result.error.code === 'conflict_video') described.fieldErrors.url = 'This video is already recorded in this project. Open it from the Videos list to add views.';
    form.showServerErrors(described.fieldErrors);
    setBanner(result.error.code === 'not_in_project' ? null : described.banner);
  }

  return (
    <Dialog title="Add video" onClose={onClose} description={<p>A video {creator.name} posted. Views can be added now or later, as often as you count them.</p>}>
      <form className="dialog-form" onSubmit={(event) => void submit(event)} noValidate>
        <div className="dialog-body">
          {banner === null ? null : (
            <Banner tone="danger" {...(banner.title === undefined ? {} : { title: banner.title })}>
              {banner.text}
            </Banner>
          )}
          <div className="field-row">
            <Field label="Project" error={form.errorOf('projectId')}>
              {(control) => (
                <select {...control} {...form.bind('projectId')} className="input select" value={values.projectId} onChange={(event) => form.update('projectId', event.target.value)}>
                  {values.projectId === '' ? <option value="">Choose a project…</option> : null}
                  {projects.map((project) => (
                    <option key={project.id} value={project.id}>
                      {project.name}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label="Platform" error={form.errorOf('platform')}>
              {(control) => (
                <select {...control} {...form.bind('platform')} className="input select" value={values.platform} onChange={(event) => form.update('platform', event.target.value)}>
                  {PLATFORMS.map((platform) => (
                    <option key={platform} value={platform}>
                      {PLATFORM_LABELS[platform]}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          </div>
          <Field label="URL" error={form.errorOf('url')}>
            {(control) => (
              <input
                {...control}
                {...form.bind('url')}
                className="input"
                type="url"
                inputMode="url"
                autoComplete="off"
                spellCheck={false}
                placeholder="https://www.tiktok.com/@ana.makes/video/…"
                value={values.url}
                onChange={(event) => form.update('url', event.target.value)}
                data-autofocus
              />
            )}
          </Field>
          <Field label="Posted at" error={form.errorOf('postedAt')} hint="In your computer’s time zone.">
            {(control) => (
              <input {...control} {...form.bind('postedAt')} className="input" type="datetime-local" value={values.postedAt} onChange={(event) => form.update('postedAt', event.target.value)} />
            )}
          </Field>
          <div className="field-row">
            <Field label="Views" optional error={form.errorOf('views')}>
              {(control) => (
                <input
                  {...control}
                  {...form.bind('views')}
                  className="input input-number"
                  type="text"
                  inputMode="numeric"
                  autoComplete="off"
                  placeholder="e.g. 12,500"
                  value={values.views}
                  onChange={(event) => form.update('views', event.target.value)}
                />
              )}
            </Field>
            <Field label="Views counted at" optional error={form.errorOf('capturedAt')} hint="Empty means now.">
              {(control) => (
                <input
                  {...control}
                  {...form.bind('capturedAt')}
                  className="input"
                  type="datetime-local"
                  value={values.capturedAt}
                  onChange={(event) => form.update('capturedAt', event.target.value)}
                />
              )}
            </Field>
          </div>
        </div>
        <footer className="dialog-footer">
          <button type="button" className="button button-secondary" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={isSaving} aria-busy={isSaving}>
            Add video
          </button>
        </footer>
      </form>
    </Dialog>
  );
}
