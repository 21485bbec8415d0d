/**
 * The single writer: commands run one at a time, in arrival order. A command that fails does
 * not stop the ones queued after it.
 */
export function createCommandQueue() {
  let tail: Promise<unknown> = Promise.resolve();
  let pending = 0;
  return {
    run<T>(command: () => Promise<T>): Promise<T> {
      pending++;
      const result = tail.then(command);
      tail = result.then(
        () => pending--,
        () => pending--,
      );
      return result;
    },
    get pending() {
      return pending;
    },
    /** Resolves once every command queued so far has finished. */
    idle(): Promise<void> {
      return tail.then(() => undefined);
    },
  };
}
export type CommandQueue = ReturnType<typeof createCommandQueue>;
