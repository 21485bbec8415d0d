import * as electron from 'electron';
import { describeConversionProgress, startServices } from '../../core/node/services.ts';
import { createMainApp } from './app.ts';

// The whole main process; what it does lives in app.ts, where it is tested without Electron.
createMainApp(electron, {
  startServices: (options) => startServices({ ...options, onConversionProgress: (done, total) => console.log(`[payouts-desk] ${describeConversionProgress(done, total)}`) }),
  mainDir: import.meta.dirname,
  devServerUrl: process.env['ELECTRON_RENDERER_URL'],
});
