import { openTutti } from '../dist/src/app/tutti.js';
const t = await openTutti({ db: '/tmp/wt/t.db', log: console.log });
console.log('opened');
try { console.log(await t.writer.commit({ events: [], identity: [] })); } catch (e) { console.log('ERR', e); }
await t.close();
