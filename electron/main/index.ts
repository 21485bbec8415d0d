import * as electron from 'electron';
import { startServices } from '../../core/node/services.ts';
import { createMainApp } from './app.ts';

// The whole main process; what it does lives in app.ts, where it is tested without Electron.
createMainApp(electron, {
  startServices,
  mainDir: import.meta.dirname,
  devServerUrl: process.env['ELECTRON_RENDERER_URL'],
});
