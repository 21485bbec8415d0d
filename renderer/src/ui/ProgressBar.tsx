type ProgressBarProps = {
  /** Accessible name, e.g. "Reading creators.csv". */
  label: string;
  /** 0…1, or null while the amount of work is unknown (an indeterminate bar). */
  value: number | null;
};

/** A thin progress bar; indeterminate bars sweep instead of filling. */
export function ProgressBar({ label, value }: ProgressBarProps) {
  const percent = value === null ? null : Math.round(Math.min(1, Math.max(0, value)) * 100);
  return (
    <div
      className={percent === null ? 'progress progress-indeterminate' : 'progress'}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      {...(percent === null ? {} : { 'aria-valuenow': percent })}
    >
      <span className="progress-fill" style={percent === null ? undefined : { width: `${percent}%` }} />
    </div>
  );
}
