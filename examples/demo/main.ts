import { configureSettings, exitOnSignal, Handler, serve } from '../../src/core/index.js';
import settings from './settings.js';

/** `npm start`: the demo site on 127.0.0.1:$PORT (default 8000). */
configureSettings(settings);
const running = await serve(new Handler(), { host: '127.0.0.1', port: Number(process.env.PORT ?? 8000) });
console.log(`Canter demo on ${running.url}/hello/ (Ctrl-C to stop)`);
exitOnSignal(running.close);
