import { Icon } from '../../ui/Icon.tsx';

type PagerProps = { total: number; pageIndex: number; pageSize: number; onPageChange(index: number): void };

/** Only shown when the list does not fit on one page. */
export function Pager({ total, pageIndex, pageSize, onPageChange }: PagerProps) {
  if (total <= pageSize) return null;
  const pageCount = Math.ceil(total / pageSize);
  const first = pageIndex * pageSize + 1;
  const last = Math.min(total, first + pageSize - 1);
  return (
    <nav className="pager" aria-label="Pages">
      <span className="pager-range">
        {first.toLocaleString()}–{last.toLocaleString()} of {total.toLocaleString()}
      </span>
      <button type="button" className="icon-button" aria-label="Previous page" disabled={pageIndex === 0} onClick={() => onPageChange(pageIndex - 1)}>
        <Icon name="chevronLeft" />
      </button>
      <button
        type="button"
        className="icon-button"
        aria-label="Next page"
        disabled={pageIndex >= pageCount - 1}
        onClick={() => onPageChange(pageIndex + 1)}
      >
        <Icon name="chevronRight" />
      </button>
    </nav>
  );
}
