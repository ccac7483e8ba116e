import { officeKey } from './jws.mjs';

// A city's office tree for the reporting tests: the province, the city and its
// four districts (20 officers each), as an exchange file names them.
export const PROVINCE = { code: '430000-committee', name: '湖南省委政法委', level: 'province', system: 'committee', parent: null, headcount: null };
export const CITY = { code: '430200-committee', name: '株洲市委政法委', level: 'city', system: 'committee', parent: '430000-committee', headcount: null };
const district = (code, name) => ({ code, name, level: 'county', system: 'committee', parent: CITY.code, headcount: 20 });
export const DISTRICTS = [
  district('430202-committee', '荷塘区委政法委'),
  district('430203-committee', '芦淞区委政法委'),
  district('430204-committee', '石峰区委政法委'),
  district('430211-committee', '天元区委政法委'),
];

/**
 * The city's exchange files: `body`, its tree as `sender` sends it (no
 * records), and `report`, that body signed by the sender's own key (one key
 * per office, made on first use by these files' maker).
 */
export function cityFiles() {
  const keys = new Map();
  const keyOf = (office) => keys.get(office) ?? keys.set(office, officeKey()).get(office);
  const body = (sender, exportedAt) => JSON.stringify({
    format: 'taizhang-exchange', version: 1, exported_at: exportedAt, source_office: sender,
    offices: [PROVINCE, CITY, ...DISTRICTS], training_sessions: [], honoured_models: [], cases: [],
  });
  const report = (sender, exportedAt) => keyOf(sender).sign(body(sender, exportedAt), sender, 'taizhang-exchange');
  return { body, report };
}

/** The city's dashboard over April and May 2021, where its reporting rate shows. */
export const CITY_DASHBOARD = `#/dashboard?office=${CITY.code}&from=2021-04-01&to=2021-05-31`;
