import { Icon } from './Icon.tsx';
import { useToast } from './toast-context.ts';

export function CopyButton({ text, label }: { text: string; label: string }) {
  const toast = useToast();
  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      toast.show({ tone: 'success', title: 'Copied to the clipboard' });
    } catch {
      toast.show({ tone: 'danger', title: 'Could not copy', description: 'Select the text and copy it by hand.' });
    }
  }
  return (
    <button type="button" className="button button-ghost button-small" aria-label={label} onClick={() => void copy()}>
      <Icon name="copy" size={14} />
      Copy
    </button>
  );
}
