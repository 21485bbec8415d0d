import { contextBridge, ipcRenderer } from 'electron';
import { createPayoutsBridge } from './bridge.ts';

contextBridge.exposeInMainWorld('payouts', createPayoutsBridge(ipcRenderer));
