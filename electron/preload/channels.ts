/**
 * The IPC protocol between the preload bridge and main. Renderer code never sees these names: it
 * only gets `window.payouts`.
 */
export const IPC_CHANNELS = {
  /** invoke(request: ApiRequest) → ApiResponse */
  request: 'payouts:request',
  /** invoke(id: string, spec: WatchSpec) → void; results arrive on `watchMessage` */
  watch: 'payouts:watch',
  /** invoke(id: string) → whether a live query was stopped */
  unwatch: 'payouts:unwatch',
  /** main → renderer: (id: string, message: WatchMessage) */
  watchMessage: 'payouts:watch-message',
} as const;
